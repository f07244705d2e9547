/* linux-user/guest_mem.c — the guest address space reservation, the page map
 * and the mapping primitives behind mmap/munmap/mprotect/brk; see guest_mem.h.
 *
 * Host protections mirror the guest's, except that a guest-executable page is
 * host-readable (the interpreter fetches through a read), nothing is ever
 * host-executable, and the JIT write-protects a writable page while it holds
 * translations (core/jit_fault.h: generated code relies on host faults).
 *
 * The page map sits below the reservation (base - FLAT_GUARD - GM_PAGES, one host
 * mapping with it) so generated code finds a page's byte from the flat base
 * register alone (core/jit.c). Its CPU_PAGE_CODE bit belongs to the JIT:
 * mapping changes over such a page, and system calls that write into it,
 * call m->code_changed first so stale translations go.
 */
#include "linux-user/guest_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "translator/target.h"

#define SPACE (1ull << 32)

/* The reservation: the page map, FLAT_GUARD inaccessible bytes, the 4 GiB
 * space, FLAT_GUARD more (translator/target.h: generated code adds a
 * displacement to a guest address without wrapping it, and must fault
 * when the sum leaves the space). */
#define RESERVED (GM_PAGES + FLAT_GUARD + SPACE + FLAT_GUARD)

int gm_init(struct guest_mem *m, bool big_endian)
{
    memset(m, 0, sizeof *m);
    m->big_endian = big_endian;
    uint8_t *all =
        mmap(NULL, RESERVED, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (all == MAP_FAILED) return -1;
    if (mmap(all, GM_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
             0) == MAP_FAILED) {
        munmap(all, RESERVED);
        return -1;
    }
    m->prot = all;
    m->base = all + GM_PAGES + FLAT_GUARD;
    return 0;
}

void gm_fini(struct guest_mem *m)
{
    if (m->prot) munmap(m->prot, RESERVED);
    memset(m, 0, sizeof *m);
}

void gm_code_check(const struct guest_mem *m, uint32_t addr, uint64_t len)
{
    if (!m->code_changed || len == 0) return;
    uint64_t end = ((uint64_t)addr + len + GM_PAGE - 1) / GM_PAGE;
    for (uint64_t p = addr / GM_PAGE; p < end; p++)
        if (m->prot[p] & GM_CODE) m->code_changed(m->code_opaque, (uint32_t)(p * GM_PAGE));
}

static int host_prot(unsigned prot)
{
    int p = 0;
    if (prot & (GM_READ | GM_EXEC)) p |= PROT_READ;
    if (prot & GM_WRITE) p |= PROT_WRITE;
    return p;
}

static bool range_ok(uint32_t addr, uint32_t len)
{
    return (addr & (GM_PAGE - 1)) == 0 && len != 0 && (uint64_t)addr + len <= SPACE;
}

/* The new protection goes into the map before stale translations go: the JIT
 * (core/jit.c page_hook) reopens a code page for writing on the host only
 * when the map says the guest may write it. */
static void set_prot(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    uint64_t end = ((uint64_t)addr + len + GM_PAGE - 1) / GM_PAGE;
    for (uint64_t p = addr / GM_PAGE; p < end; p++) /* 0x80: mapped, even with PROT_NONE */
        m->prot[p] = (uint8_t)((prot ? prot | 0x80u : 0) | (m->prot[p] & GM_CODE));
    gm_code_check(m, addr, len);
}

int gm_map_anon(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    if (!range_ok(addr, len)) return -EINVAL;
    void *p =
        mmap(m->base + addr, len, host_prot(prot), MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) return -errno;
    set_prot(m, addr, len, prot | 0x80u);
    return 0;
}

int gm_map_missing(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    uint32_t first = addr / GM_PAGE, last = (uint32_t)(((uint64_t)addr + len - 1) / GM_PAGE);
    for (uint32_t p = first; p <= last; p++) {
        if (m->prot[p]) continue;
        uint32_t run = 1; /* one mapping per run of missing pages: a 12 MiB bss is one call */
        while (p + run <= last && !m->prot[p + run])
            run++;
        int rc = gm_map_anon(m, p * GM_PAGE, run * GM_PAGE, prot);
        if (rc) return rc;
        p += run - 1;
    }
    return 0;
}

int gm_map_file(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot, bool shared,
                int fd, uint64_t offset)
{
    if (!range_ok(addr, len)) return -EINVAL;
    int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED;
    void *p = mmap(m->base + addr, len, host_prot(prot), flags, fd, (off_t)offset);
    if (p == MAP_FAILED) return -errno;
    set_prot(m, addr, len, prot | 0x80u);
    return 0;
}

int gm_unmap(struct guest_mem *m, uint32_t addr, uint32_t len)
{
    if (!range_ok(addr, len)) return -EINVAL;
    void *p = mmap(m->base + addr, len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return -errno;
    set_prot(m, addr, len, 0);
    return 0;
}

int gm_protect(struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    if ((addr & (GM_PAGE - 1)) || (uint64_t)addr + len > SPACE) return -EINVAL;
    if (len == 0) return 0;
    uint64_t end = ((uint64_t)addr + len + GM_PAGE - 1) / GM_PAGE;
    for (uint64_t p = addr / GM_PAGE; p < end; p++)
        if (!m->prot[p]) return -ENOMEM;
    if (mprotect(m->base + addr, (size_t)(end * GM_PAGE - addr), host_prot(prot)) != 0)
        return -errno;
    set_prot(m, addr, len, prot | 0x80u);
    return 0;
}

static bool pages_free(const struct guest_mem *m, uint32_t first, uint32_t count)
{
    for (uint32_t p = first; p < first + count; p++)
        if (m->prot[p]) return false;
    return true;
}

/* Scans [from, to) page by page for count free pages; the first page or 0. */
static uint32_t scan_free(const struct guest_mem *m, uint32_t from, uint32_t to, uint32_t count)
{
    uint32_t run = 0;
    for (uint32_t p = from; p < to; p++) {
        run = m->prot[p] ? 0 : run + 1;
        if (run == count) return p + 1 - count;
    }
    return 0;
}

uint32_t gm_find_free(const struct guest_mem *m, uint32_t hint, uint32_t len)
{
    uint32_t count = gm_page_up(len) / GM_PAGE, end = GM_USER_END / GM_PAGE;
    uint32_t from = (hint ? hint : GM_MMAP_BASE) / GM_PAGE;
    if (count == 0 || count > end) return 0;
    if (hint && from + count <= end && pages_free(m, from, count)) return from * GM_PAGE;
    uint32_t p = from < end ? scan_free(m, from, end, count) : 0;
    if (!p) p = scan_free(m, 16, from < end ? from : end, count); /* never page 0..15 */
    return p * GM_PAGE;
}

bool gm_access_ok(const struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    if (len == 0) return true;
    if ((uint64_t)addr + len > GM_USER_END) return false;
    uint32_t last = (addr + len - 1) / GM_PAGE;
    for (uint32_t p = addr / GM_PAGE; p <= last; p++)
        if ((m->prot[p] & prot) != prot || !m->prot[p]) return false;
    return true;
}

void *gm_ptr(const struct guest_mem *m, uint32_t addr, uint32_t len, unsigned prot)
{
    if (!gm_access_ok(m, addr, len, prot)) return NULL;
    if (prot & GM_WRITE) gm_code_check(m, addr, len); /* the host kernel may write code */
    return m->base + addr;
}

char *gm_string(const struct guest_mem *m, uint32_t addr)
{
    for (uint32_t a = addr; a < GM_USER_END; a++) {
        if ((a == addr || (a & (GM_PAGE - 1)) == 0) && !(m->prot[a / GM_PAGE] & GM_READ))
            return NULL;
        if (m->base[a] == 0) return (char *)m->base + addr;
    }
    return NULL;
}

uint32_t gm_brk(struct guest_mem *m, uint32_t want)
{
    if (want < m->brk_start || want >= GM_MMAP_BASE) return m->brk;
    uint32_t need = gm_page_up(want);
    if (need > m->brk_mapped) {
        uint32_t first = m->brk_mapped / GM_PAGE, count = (need - m->brk_mapped) / GM_PAGE;
        if (!pages_free(m, first, count)) return m->brk;
        if (gm_map_anon(m, m->brk_mapped, need - m->brk_mapped, GM_READ | GM_WRITE) != 0)
            return m->brk;
        m->brk_mapped = need;
    } else if (need < m->brk_mapped) {
        gm_unmap(m, need, m->brk_mapped - need);
        m->brk_mapped = need;
    }
    /* Linux hands out zeroed memory when the break grows again into a page it
     * kept: clear what lies between the old and the new break. */
    if (want > m->brk) memset(m->base + m->brk, 0, want - m->brk);
    m->brk = want;
    return m->brk;
}
