/* guest/rt/rt.h — the guest runtime's C interface: console output, a tiny libc,
 * power-off, and the hook that lets a test expect an exception.
 *
 * Guest programs (bare metal on tern's virt board, or static Linux programs
 * under qemu-user when built with RT_USER) include this instead of any libc
 * header. Only freestanding compiler headers (stdint, stddef, stdarg) are used.
 */
#ifndef TERN_GUEST_RT_H
#define TERN_GUEST_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses: 0 pass, 1 a check failed, 2 an unexpected exception. */
#define RT_EXIT_PASS 0
#define RT_EXIT_FAIL 1
#define RT_EXIT_EXCEPTION 2

/* Writes LEN bytes to the console (UART THR, or fd 1 under Linux). */
void rt_write(const char *buf, size_t len);

/* Powers the machine off with STATUS as tern's exit status; never returns. */
void rt_exit(int status) __attribute__((noreturn));

/* Writes one character; returns it. */
int putchar(int c);

/* Writes S and a newline; returns a non-negative value. */
int puts(const char *s);

/* printf subset: %d %i %u %x %X %p %s %c %%, flags '0' '-', a field width, and
 * 'l' (ignored: long is 32-bit). Returns the number of characters written. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* As printf, into BUF of SIZE bytes (always NUL-terminated when SIZE > 0). */
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As snprintf, with a va_list. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);

/* What the exception handler saw for the last expected exception. cause is set
 * to 0xffffffff when a test arms the hook, so "no exception" never matches. */
struct rt_exc_info {
    uint32_t cause;
    uint32_t epc;
    uint32_t badvaddr;
    uint32_t count; /* expected exceptions taken so far */
};
extern volatile struct rt_exc_info rt_exc;

/* Nonzero: the next exception is expected; the handler records it in rt_exc,
 * clears this, and resumes at this address (all GPRs but k0/k1 preserved). */
extern volatile uint32_t rt_exc_resume;

/* A saved context for rt_setjmp/rt_longjmp (s0-s8, sp, ra). */
typedef uint32_t rt_jmp_buf[12];

/* Saves the callee-saved context; returns 0, or VALUE when resumed by rt_longjmp. */
int rt_setjmp(rt_jmp_buf buf) __attribute__((returns_twice));

/* Resumes the context saved by rt_setjmp, which then returns VALUE (1 if 0). */
void rt_longjmp(rt_jmp_buf buf, int value) __attribute__((noreturn));

/* Arms the exception hook so that an exception resumes at rt_setjmp(rt_exc_jb)
 * returning 1; used by RT_EXPECT_EXC. */
void rt_expect_exception(void);
extern rt_jmp_buf rt_exc_jb;

/* Runs STMT expecting it to raise an exception; afterwards rt_exc holds what
 * happened (cause 0xffffffff when nothing was raised). Bare metal only. */
#define RT_EXPECT_EXC(stmt)                                                                    \
    do {                                                                                       \
        if (rt_setjmp(rt_exc_jb) == 0) {                                                       \
            rt_expect_exception();                                                             \
            stmt;                                                                              \
            rt_exc_resume = 0;                                                                 \
        }                                                                                      \
    } while (0)

/* Cause.ExcCode of a Cause value. */
#define RT_EXCCODE(cause) (((cause) >> 2) & 0x1f)

#endif
