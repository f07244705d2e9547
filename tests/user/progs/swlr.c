/* tests/user/progs/swlr.c — the partial-word stores SWL and SWR (and their
 * loads LWL, LWR): every byte offset on a writable page, then stores into a
 * read-only page, which must raise SIGSEGV at the unaligned address itself
 * (si_addr = vaddr, the store's fault, before any byte changes) whether the
 * code runs once or is translated and run again. tern's JIT tests the page's
 * write permission inline for these stores (translator/ir.h
 * IR_CALL_STORE_PROBE); qemu-mipsel is the reference for the output. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf escape;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(escape, sig);
}

static void swl(uint8_t *p, uint32_t v)
{
    __asm__ volatile("swl %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

static void swr(uint8_t *p, uint32_t v)
{
    __asm__ volatile("swr %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

static uint32_t lwl_lwr(const uint8_t *p)
{
    uint32_t v = 0;
    /* The unaligned word at p, as compilers emit it for either byte order. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    __asm__ volatile("lwl %0, 0(%1)\n\tlwr %0, 3(%1)" : "+r"(v) : "r"(p) : "memory");
#else
    __asm__ volatile("lwl %0, 3(%1)\n\tlwr %0, 0(%1)" : "+r"(v) : "r"(p) : "memory");
#endif
    return v;
}

static void dump(const char *what, int k, const uint8_t *b)
{
    printf("%s %d:", what, k);
    for (int i = 0; i < 12; i++)
        printf(" %02x", b[i]);
    printf("\n");
}

/* SWL and SWR at each offset of a writable buffer, and the unaligned word
 * read back; three rounds so the loop body runs translated. */
static void writable(void)
{
    static uint8_t buf[16] __attribute__((aligned(4)));
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 4; k++) {
            memset(buf, 0xee, sizeof buf);
            swl(buf + 4 + k, 0x11223344u + (uint32_t)round);
            if (round == 2) dump("swl", k, buf);
            memset(buf, 0xee, sizeof buf);
            swr(buf + 4 + k, 0x55667788u + (uint32_t)round);
            if (round == 2) dump("swr", k, buf);
            if (round == 2) printf("lwl/lwr %d: 0x%08x\n", k, lwl_lwr(buf + 2 + k));
        }
    }
}

/* A store into a read-only page: the signal, and the fault address as an
 * offset from the page (the unaligned address, not its word). */
static void read_only(uint8_t *page)
{
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 4; k++) {
            for (int right = 0; right < 2; right++) {
                fault_addr = 0;
                int sig = sigsetjmp(escape, 1);
                if (sig == 0) {
                    if (right)
                        swr(page + 0x40 + k, 0xdeadbeefu);
                    else
                        swl(page + 0x40 + k, 0xdeadbeefu);
                    printf("%s %d into a read-only page did not fault\n", right ? "swr" : "swl",
                           k);
                } else if (round == 2) {
                    printf("%s %d: signal %d at page + 0x%lx, bytes %02x %02x %02x %02x\n",
                           right ? "swr" : "swl", k, sig,
                           (unsigned long)(fault_addr - (uintptr_t)page), page[0x40], page[0x41],
                           page[0x42], page[0x43]);
                }
            }
        }
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    writable();
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        printf("cannot map a page\n");
        return 1;
    }
    for (int i = 0; i < 4096; i++)
        page[i] = (uint8_t)i;
    mprotect(page, 4096, PROT_READ);
    read_only(page);
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
    swl(page + 0x41, 0x01020304u);
    swr(page + 0x42, 0x05060708u);
    printf("writable again: %02x %02x %02x %02x\n", page[0x40], page[0x41], page[0x42],
           page[0x43]);
    return 0;
}
