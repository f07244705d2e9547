/* core/jit_fault.c — the SIGSEGV handler and the map of inline guest-memory
 * accesses of user mode's generated code; see jit_fault.h.
 *
 * The map is an array sorted by host address, appended under the engine's
 * lock and read by the handler without it: an entry is complete before the
 * count that publishes it grows (release/acquire), and the array never moves
 * (reserved once, MAP_NORESERVE, touched only as it fills). A reset happens
 * only while no CPU runs generated code, so no handler reads it then.
 */
#include "core/jit_fault.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "core/cpu.h"

/* One inline access: a fault in [start, start + len) resumes at start + stub. */
struct site {
    uintptr_t start;
    uint32_t len;
    uint32_t stub;
};

static struct {
    struct site *sites;
    size_t cap;
    size_t count; /* published with release stores */
    uint8_t *base;
    const uint8_t *prot;
    jit_fault_unprotect_fn *unprotect;
    void *opaque;
    bool active;
} fm;

bool jit_fault_active(void)
{
    return fm.active;
}

bool jit_fault_add(const uint8_t *start, const uint8_t *end, const uint8_t *stub)
{
    size_t n = __atomic_load_n(&fm.count, __ATOMIC_RELAXED);
    if (n == fm.cap || end <= start || stub < start) return false;
    if (n && fm.sites[n - 1].start >= (uintptr_t)start) return false; /* out of order */
    fm.sites[n] = (struct site){(uintptr_t)start, (uint32_t)(end - start), (uint32_t)(stub - start)};
    __atomic_store_n(&fm.count, n + 1, __ATOMIC_RELEASE);
    return true;
}

void jit_fault_reset(void)
{
    __atomic_store_n(&fm.count, 0, __ATOMIC_RELEASE);
}

void jit_fault_truncate(const uint8_t *from)
{
    size_t n = __atomic_load_n(&fm.count, __ATOMIC_RELAXED);
    while (n && fm.sites[n - 1].start >= (uintptr_t)from)
        n--;
    __atomic_store_n(&fm.count, n, __ATOMIC_RELEASE);
}

const uint8_t *jit_fault_lookup(const uint8_t *pc)
{
    uintptr_t a = (uintptr_t)pc;
    size_t lo = 0, hi = __atomic_load_n(&fm.count, __ATOMIC_ACQUIRE);
    while (lo < hi) { /* the last site starting at or before a */
        size_t mid = lo + (hi - lo) / 2;
        if (fm.sites[mid].start <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return NULL;
    const struct site *s = &fm.sites[lo - 1];
    return a - s->start < s->len ? (const uint8_t *)(s->start + s->stub) : NULL;
}

/* A write fault of tern's C code on a page the guest may write: only the
 * write protection of a code page can cause it. */
static bool unprotect_guest_page(uintptr_t addr)
{
    uintptr_t base = (uintptr_t)fm.base;
    if (addr - base >= (1ull << 32)) return false;
    uint32_t vaddr = (uint32_t)(addr - base);
    if (!(fm.prot[vaddr >> 12] & CPU_PAGE_WRITE)) return false;
    fm.unprotect(fm.opaque, vaddr & ~0xfffu);
    /* Whatever the translations did, the guest may write here. */
    return mprotect(fm.base + (vaddr & ~0xfffu), 0x1000, PROT_READ | PROT_WRITE) == 0;
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    const uint8_t *pc = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
    const uint8_t *stub = jit_fault_lookup(pc);
    if (stub) {
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)stub;
        return;
    }
    if (sig == SIGSEGV && unprotect_guest_page((uintptr_t)si->si_addr)) return;
    /* tern's own fault: die of it as if no handler were installed. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
}

bool jit_fault_install(uint8_t *base, const uint8_t *prot, uint64_t code_size,
                       jit_fault_unprotect_fn *unprotect, void *opaque)
{
    if (fm.active) return false;
    /* An inline access takes at least 4 bytes of code. */
    size_t cap = (size_t)(code_size / 4);
    void *p = mmap(NULL, cap * sizeof(struct site), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    fm.sites = p;
    fm.cap = cap;
    fm.count = 0;
    fm.base = base;
    fm.prot = prot;
    fm.unprotect = unprotect;
    fm.opaque = opaque;
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = on_fault;
    act.sa_flags = SA_SIGINFO;
    sigemptyset(&act.sa_mask);
    if (sigaction(SIGSEGV, &act, NULL) != 0 || sigaction(SIGBUS, &act, NULL) != 0) {
        munmap(p, cap * sizeof(struct site));
        fm.sites = NULL;
        return false;
    }
    fm.active = true;
    return true;
}

void jit_fault_uninstall(void)
{
    if (!fm.active) return;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGSEGV, &dfl, NULL);
    sigaction(SIGBUS, &dfl, NULL);
    munmap(fm.sites, fm.cap * sizeof(struct site));
    memset(&fm, 0, sizeof fm);
}
