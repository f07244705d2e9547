/* linux-user/mips_abi.h — the MIPS o32 Linux ABI as a guest sees it: constants
 * whose values differ from the x86-64 host (open flags, mmap flags, rlimits,
 * signals, ioctls, termios) and the byte-order-aware accessors the system
 * calls use to read and write guest structures.
 *
 * Values come from Linux's arch/mips/include/uapi/asm headers (the same ones
 * Debian ships in linux-libc-dev-mipsel-cross); every struct layout is written
 * out as byte offsets next to the code that fills it, so no host struct is
 * ever assumed to match a guest one.
 */
#ifndef TERN_LINUX_USER_MIPS_ABI_H
#define TERN_LINUX_USER_MIPS_ABI_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MIPS_NR_BASE 4000 /* o32 system-call numbers start here */
#define MIPS_NR_COUNT 451 /* numbers 4000..4450 */
#define MIPS_PAGE 4096u
#define MIPS_NSIG 128 /* MIPS has 128 signals (_NSIG) */

/* open/fcntl flags (asm/fcntl.h), where they differ from the generic ones. */
#define MIPS_O_APPEND 0x0008
#define MIPS_O_DSYNC 0x0010
#define MIPS_O_NONBLOCK 0x0080
#define MIPS_O_CREAT 0x0100
#define MIPS_O_TRUNC 0x0200
#define MIPS_O_EXCL 0x0400
#define MIPS_O_NOCTTY 0x0800
#define MIPS_FASYNC 0x1000
#define MIPS_O_LARGEFILE 0x2000
#define MIPS_O_SYNC 0x4000 /* __O_SYNC */
#define MIPS_O_DIRECT 0x8000
#define MIPS_O_DIRECTORY 0x10000
#define MIPS_O_NOFOLLOW 0x20000
#define MIPS_O_NOATIME 0x40000
#define MIPS_O_CLOEXEC 0x80000
#define MIPS_O_PATH 0x200000
#define MIPS_O_TMPFILE 0x400000

#define MIPS_F_GETLK 14
#define MIPS_F_SETLK 6
#define MIPS_F_SETLKW 7
#define MIPS_F_SETOWN 24
#define MIPS_F_GETOWN 23
#define MIPS_F_GETLK64 33
#define MIPS_F_SETLK64 34
#define MIPS_F_SETLKW64 35

/* mmap (asm/mman.h). */
#define MIPS_MAP_SHARED 0x001
#define MIPS_MAP_PRIVATE 0x002
#define MIPS_MAP_TYPE 0x00f
#define MIPS_MAP_FIXED 0x010
#define MIPS_MAP_NORESERVE 0x0400
#define MIPS_MAP_ANONYMOUS 0x0800
#define MIPS_MAP_GROWSDOWN 0x1000
#define MIPS_MAP_DENYWRITE 0x2000
#define MIPS_MAP_EXECUTABLE 0x4000
#define MIPS_MAP_LOCKED 0x8000
#define MIPS_MAP_POPULATE 0x10000
#define MIPS_MAP_NONBLOCK 0x20000
#define MIPS_MAP_STACK 0x40000
#define MIPS_MAP_HUGETLB 0x80000
#define MIPS_MAP_FIXED_NOREPLACE 0x100000

/* ioctl numbers (asm/ioctls.h). */
#define MIPS_TCGETS 0x540d
#define MIPS_TCSETS 0x540e
#define MIPS_TCSETSW 0x540f
#define MIPS_TCSETSF 0x5410
#define MIPS_TIOCGWINSZ 0x40087468
#define MIPS_TIOCSWINSZ 0x80087467
#define MIPS_TIOCGPGRP 0x40047477
#define MIPS_TIOCSPGRP 0x80047476
#define MIPS_FIONREAD 0x467f
#define MIPS_FIONBIO 0x667e
#define MIPS_NCCS 23

/* Signals whose numbers differ from x86 (asm/signal.h). */
#define MIPS_SIGILL 4
#define MIPS_SIGTRAP 5
#define MIPS_SIGABRT 6
#define MIPS_SIGFPE 8
#define MIPS_SIGKILL 9
#define MIPS_SIGBUS 10
#define MIPS_SIGSEGV 11
#define MIPS_SIGSYS 12
#define MIPS_SIGCHLD 18
#define MIPS_SIGWINCH 20
#define MIPS_SIGURG 21
#define MIPS_SIGCONT 25

/* si_code values a fault's siginfo carries (asm-generic/siginfo.h, the same
 * on MIPS). */
#define MIPS_SI_KERNEL 0x80   /* force_sig(): no address */
#define MIPS_SEGV_MAPERR 1    /* nothing mapped at the address */
#define MIPS_SEGV_ACCERR 2    /* a mapping the access may not make */
#define MIPS_FPE_INTDIV 1
#define MIPS_FPE_INTOVF 2
#define MIPS_FPE_FLTDIV 3
#define MIPS_FPE_FLTOVF 4
#define MIPS_FPE_FLTUND 5
#define MIPS_FPE_FLTRES 6
#define MIPS_FPE_FLTINV 7
#define MIPS_FPE_FLTUNK 14

/* si_code values of signals a process sends; MIPS moved three of them
 * (asm/siginfo.h: SI_TIMER is -3 where the host's is -2). */
#define MIPS_SI_USER 0
#define MIPS_SI_QUEUE -1
#define MIPS_SI_ASYNCIO -2
#define MIPS_SI_TIMER -3
#define MIPS_SI_MESGQ -4
#define MIPS_SI_TKILL -6
#define MIPS_SIGPOLL 22

/* auxv tags (linux/auxvec.h). */
enum {
    AUXV_NULL = 0,
    AUXV_PHDR = 3,
    AUXV_PHENT = 4,
    AUXV_PHNUM = 5,
    AUXV_PAGESZ = 6,
    AUXV_BASE = 7,
    AUXV_FLAGS = 8,
    AUXV_ENTRY = 9,
    AUXV_UID = 11,
    AUXV_EUID = 12,
    AUXV_GID = 13,
    AUXV_EGID = 14,
    AUXV_PLATFORM = 15,
    AUXV_HWCAP = 16,
    AUXV_CLKTCK = 17,
    AUXV_SECURE = 23,
    AUXV_RANDOM = 25,
    AUXV_EXECFN = 31,
};

/* Host errno -> MIPS errno (linux-user/errno.c); values with no MIPS
 * counterpart become EINVAL's 22. */
int mips_errno(int host_errno);

/* MIPS signal number -> host signal number; 0 when the host has none. */
int mips_to_host_signal(int mips_sig);

/* Host signal number -> MIPS signal number; 0 when MIPS has none. */
int host_to_mips_signal(int host_sig);

/* Guest-order loads and stores on host pointers into guest memory. */
static inline uint32_t abi_get32(bool be, const void *p)
{
    uint8_t b[4];
    memcpy(b, p, 4);
    return be ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
              : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static inline void abi_put32(bool be, void *p, uint32_t v)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (be ? 24 - 8 * i : 8 * i));
    memcpy(p, b, 4);
}

static inline uint16_t abi_get16(bool be, const void *p)
{
    uint8_t b[2];
    memcpy(b, p, 2);
    return be ? (uint16_t)(b[0] << 8 | b[1]) : (uint16_t)(b[1] << 8 | b[0]);
}

static inline void abi_put16(bool be, void *p, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(be ? v >> 8 : v), (uint8_t)(be ? v : v >> 8)};
    memcpy(p, b, 2);
}

/* 64-bit values: o32 stores them in the guest's byte order as a whole. */
static inline uint64_t abi_get64(bool be, const void *p)
{
    const uint8_t *b = p;
    uint64_t lo = abi_get32(be, b + (be ? 4 : 0)), hi = abi_get32(be, b + (be ? 0 : 4));
    return hi << 32 | lo;
}

static inline void abi_put64(bool be, void *p, uint64_t v)
{
    uint8_t *b = p;
    abi_put32(be, b + (be ? 4 : 0), (uint32_t)v);
    abi_put32(be, b + (be ? 0 : 4), (uint32_t)(v >> 32));
}

#endif
