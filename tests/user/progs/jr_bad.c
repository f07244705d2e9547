/* tests/user/progs/jr_bad.c — indirect jumps (jr) to targets no code can be
 * at: 0xffffffff (the value tern once used to mark empty jump-cache slots),
 * 0xfffffffc (aligned, kernel space) and 0x00400001 (unaligned, user space).
 * Each must raise the guest's address-error signal, as on Linux, never crash
 * the emulator; the handler records the signal and si_addr and jumps back.
 * The jumps run once with the jump cache as startup left it, and once right
 * after the slot of 0xffffffff (and 0xfffffffc) lost a block to a code write:
 * an emptied slot keeps its stale host code pointer, which a jump equal to
 * the empty marker once ran as if it were the block. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf back;
static volatile int got_sig;
static volatile uintptr_t got_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_addr = (uintptr_t)si->si_addr;
    siglongjmp(back, 1);
}

/* Jumps to target through a register; never returns normally. */
static void __attribute__((noinline)) jump_to(uintptr_t target)
{
    __asm__ volatile(".set push\n.set noreorder\njr %0\nnop\n.set pop" : : "r"(target) : "memory");
}

/* Code at an address in the jump-cache slot of 0xfffffffc (pc bits 2..13
 * set: slot 0xfff of 4096), run once through a register, then overwritten,
 * which empties that slot. */
static void fill_and_empty_slot(void)
{
    uint8_t *m = mmap(NULL, 0x8000, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return;
    uint32_t *base = (uint32_t *)(((uintptr_t)m + 0x3fff) & ~(uintptr_t)0x3fff);
    base[0x3ffc / 4] = 0x24020007;  /* addiu v0, zero, 7 (block of slot 0xfff) */
    base[0x4000 / 4] = 0x03e00008; /* jr ra */
    base[0x4004 / 4] = 0x00000000; /* nop */
    __builtin___clear_cache((char *)base, (char *)(base + 0x4008 / 4));
    int (*f)(void) = (int (*)(void))(uintptr_t)(base + 0x3ffc / 4);
    printf("slot code returns %d\n", f());
    base[0x3000 / 4] = 0; /* a store to the page of the block: its translation goes */
    __builtin___clear_cache((char *)(base + 0x3000 / 4), (char *)(base + 0x3004 / 4));
}

int main(void)
{
    static const uintptr_t targets[] = {0xffffffffu, 0xfffffffcu, 0x00400001u};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    /* Each target several times: the first reaches the dispatcher, later ones
     * probe a jump cache that holds other blocks. */
    for (unsigned i = 0; i < 2 * sizeof targets / sizeof targets[0]; i++) {
        if (i == sizeof targets / sizeof targets[0]) fill_and_empty_slot();
        for (int rep = 0; rep < 3; rep++) {
            got_sig = 0;
            if (sigsetjmp(back, 1) == 0) jump_to(targets[i % 3]);
            printf("jr 0x%08lx: signal %s si_addr 0x%08lx\n", (unsigned long)targets[i % 3],
                   got_sig == SIGSEGV ? "SEGV" : got_sig == SIGBUS ? "BUS" : "none",
                   (unsigned long)got_addr);
        }
    }
    return 0;
}
