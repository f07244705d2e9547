/* tests/user/progs/wrap.c — addresses that wrap around 2^32: the guest adds
 * a 16-bit displacement to a base register modulo 2^32 (tern's generated code
 * adds it without wrapping and relies on guard pages around the guest space,
 * translator/target.h FLAT_GUARD). A load from 0xfffffff0 + 0x7ff0 must read
 * guest address 0x7fe0; one from 0x10 - 0x20 is a kernel address and must
 * fault (Linux sends SIGBUS, qemu-mipsel SIGSEGV: this test, compared with
 * qemu, prints only that it faulted; bad_input.sh's kernel_deref checks the
 * signal); the same for stores. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf escape;

static void on_signal(int sig)
{
    siglongjmp(escape, sig);
}

static uint32_t load_up(uint32_t base)
{
    uint32_t v;
    __asm__ volatile("lw %0, 0x7ff0(%1)" : "=r"(v) : "r"(base) : "memory");
    return v;
}

static void store_up(uint32_t base, uint32_t v)
{
    __asm__ volatile("sw %0, 0x7ff0(%1)" : : "r"(v), "r"(base) : "memory");
}

static uint32_t load_down(uint32_t base)
{
    uint32_t v;
    __asm__ volatile("lw %0, -0x20(%1)" : "=r"(v) : "r"(base) : "memory");
    return v;
}

static void store_down(uint32_t base, uint32_t v)
{
    __asm__ volatile("sw %0, -0x20(%1)" : : "r"(v), "r"(base) : "memory");
}

/* What an access to kernel space gave. */
static const char *kernel_fault(int sig)
{
    return sig == SIGBUS || sig == SIGSEGV ? "fault" : "other signal";
}

int main(void)
{
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    uint32_t *page = mmap((void *)0x7000, 4096, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (page == MAP_FAILED) {
        printf("cannot map 0x7000\n");
        return 1;
    }
    page[0xfe0 / 4] = 0x12345678u;
    volatile uint32_t base = 0xfffffff0u;
    for (int i = 0; i < 3; i++) /* more than once: translated code too */
        printf("wrapped load 0x%08x\n", load_up(base));
    store_up(base, 0xcafef00du);
    printf("wrapped store -> 0x%08x\n", page[0xfe0 / 4]);
    volatile uint32_t low = 0x10u;
    for (int i = 0; i < 2; i++) {
        int sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            printf("load below 0 gave 0x%08x\n", load_down(low));
        } else {
            printf("load below 0: %s\n", kernel_fault(sig));
        }
        sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            store_down(low, 1);
            printf("store below 0 did not fault\n");
        } else {
            printf("store below 0: %s\n", kernel_fault(sig));
        }
    }
    munmap(page, 4096);
    int sig = sigsetjmp(escape, 1);
    if (sig == 0)
        printf("load of an unmapped wrap gave 0x%08x\n", load_up(base));
    else
        printf("load of an unmapped wrap: signal %d\n", sig);
    return 0;
}
