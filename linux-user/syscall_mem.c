/* linux-user/syscall_mem.c — brk, mmap/mmap2, munmap, mprotect, mremap,
 * madvise, all inside the guest's 4 GiB reservation (linux-user/guest_mem.h).
 *
 * MIPS mmap flags differ from x86 (MAP_ANONYMOUS 0x800, MAP_NORESERVE 0x400,
 * MAP_FIXED_NOREPLACE 0x100000...). Decisions:
 * - A shared anonymous mapping is mapped private: with one process (no fork
 *   yet) nobody can see the difference.
 * - Without MAP_FIXED the hint is honoured when its pages are free, else the
 *   first free range from GM_MMAP_BASE is used (Linux's bottom-up legacy layout).
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <sys/mman.h>

#define MIPS_MREMAP_MAYMOVE 1
#define MIPS_MREMAP_FIXED 2
#define MIPS_MADV_DONTNEED 4

int64_t sys_brk(struct user_proc *p, const uint32_t *a)
{
    return gm_brk(p->mem, a[0]);
}

static bool range_free(const struct guest_mem *m, uint32_t addr, uint32_t size)
{
    for (uint32_t a = addr; a < addr + size; a += GM_PAGE)
        if (m->prot[a / GM_PAGE]) return false;
    return true;
}

/* Where a mapping of size bytes goes; 0 with *err set when nowhere. */
static uint32_t mmap_where(struct user_proc *p, uint32_t addr, uint32_t size, uint32_t flags,
                           int64_t *err)
{
    bool fixed = flags & MIPS_MAP_FIXED, noreplace = flags & MIPS_MAP_FIXED_NOREPLACE;
    if (fixed || noreplace) {
        if (addr & (GM_PAGE - 1)) return (*err = -MIPS_EINVAL), 0;
        if ((uint64_t)addr + size > GM_USER_END) return (*err = -MIPS_ENOMEM), 0;
        if (noreplace && !fixed && !range_free(p->mem, addr, size))
            return (*err = -mips_errno(EEXIST)), 0;
        return addr;
    }
    uint32_t where = gm_find_free(p->mem, addr & ~(GM_PAGE - 1), size);
    if (!where) *err = -MIPS_ENOMEM;
    return where;
}

static int64_t do_mmap(struct user_proc *p, const uint32_t *a, uint64_t offset)
{
    uint32_t addr = a[0], len = a[1], prot = a[2] & 7u, flags = a[3];
    int fd = (int)a[4];
    uint32_t type = flags & MIPS_MAP_TYPE;
    if (len == 0 || (offset & (GM_PAGE - 1)) || type == 0 || type > 3) return -MIPS_EINVAL;
    uint32_t size = gm_page_up(len);
    if (size == 0 || size > GM_USER_END) return -MIPS_ENOMEM;
    int64_t err = 0;
    uint32_t where = mmap_where(p, addr, size, flags, &err);
    if (!where) return err ? err : -MIPS_ENOMEM;
    int rc;
    if (flags & MIPS_MAP_ANONYMOUS)
        rc = gm_map_anon(p->mem, where, size, prot);
    else
        rc = gm_map_file(p->mem, where, size, prot, type != MIPS_MAP_PRIVATE, fd, offset);
    return rc ? (int64_t)-mips_errno(-rc) : (int64_t)where;
}

/* Old mmap: the offset in bytes. */
int64_t sys_mmap(struct user_proc *p, const uint32_t *a)
{
    return do_mmap(p, a, a[5]);
}

/* mmap2: the offset in 4096-byte units (MIPS's mmap2 is always 4 KiB based). */
int64_t sys_mmap2(struct user_proc *p, const uint32_t *a)
{
    return do_mmap(p, a, (uint64_t)a[5] * 4096u);
}

int64_t sys_munmap(struct user_proc *p, const uint32_t *a)
{
    uint32_t addr = a[0], size = gm_page_up(a[1]);
    if ((addr & (GM_PAGE - 1)) || a[1] == 0 || (uint64_t)addr + size > GM_USER_END)
        return -MIPS_EINVAL;
    int rc = gm_unmap(p->mem, addr, size);
    return rc ? -mips_errno(-rc) : 0;
}

int64_t sys_mprotect(struct user_proc *p, const uint32_t *a)
{
    if ((uint64_t)a[0] + a[1] > GM_USER_END) return -MIPS_ENOMEM;
    int rc = gm_protect(p->mem, a[0], gm_page_up(a[1]), a[2] & 7u);
    return rc ? -mips_errno(-rc) : 0;
}

/* Moves [old, old+oldsz) to a new place of newsz bytes with the host's mremap,
 * and puts the reservation back over the hole it leaves. */
static int64_t remap_move(struct guest_mem *m, uint32_t old, uint32_t oldsz, uint32_t newsz,
                          uint32_t target)
{
    unsigned prot = m->prot[old / GM_PAGE] & 7u;
    gm_code_check(m, old, oldsz);
    void *r = mremap(m->base + old, oldsz, newsz, MREMAP_MAYMOVE | MREMAP_FIXED, m->base + target);
    if (r == MAP_FAILED) return -mips_errno(errno);
    mmap(m->base + old, oldsz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
         -1, 0);
    for (uint32_t a = old; a < old + oldsz; a += GM_PAGE)
        m->prot[a / GM_PAGE] = 0;
    for (uint32_t a = target; a < target + newsz; a += GM_PAGE)
        m->prot[a / GM_PAGE] = (uint8_t)(prot | 0x80u);
    return target;
}

/* mremap(old, oldsize, newsize, flags, new_address). */
int64_t sys_mremap(struct user_proc *p, const uint32_t *a)
{
    struct guest_mem *m = p->mem;
    uint32_t old = a[0], oldsz = gm_page_up(a[1]), newsz = gm_page_up(a[2]), flags = a[3];
    if ((old & (GM_PAGE - 1)) || newsz == 0 || !oldsz || (uint64_t)old + oldsz > GM_USER_END)
        return -MIPS_EINVAL;
    if (!gm_access_ok(m, old, oldsz, 0)) return -mips_errno(EFAULT);
    if (flags & MIPS_MREMAP_FIXED) {
        if (!(flags & MIPS_MREMAP_MAYMOVE) || (a[4] & (GM_PAGE - 1)) ||
            (uint64_t)a[4] + newsz > GM_USER_END)
            return -MIPS_EINVAL;
        return remap_move(m, old, oldsz, newsz, a[4]);
    }
    if (newsz <= oldsz) {
        if (newsz < oldsz) gm_unmap(m, old + newsz, oldsz - newsz);
        return old;
    }
    if ((uint64_t)old + newsz <= GM_USER_END && range_free(m, old + oldsz, newsz - oldsz)) {
        /* Grow in place: open a hole in the reservation for the host's mremap. */
        munmap(m->base + old + oldsz, newsz - oldsz);
        if (mremap(m->base + old, oldsz, newsz, 0) != MAP_FAILED) {
            unsigned prot = m->prot[old / GM_PAGE] & ~GM_CODE;
            for (uint32_t x = old + oldsz; x < old + newsz; x += GM_PAGE)
                m->prot[x / GM_PAGE] = (uint8_t)prot;
            return old;
        }
        mmap(m->base + old + oldsz, newsz - oldsz, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    }
    if (!(flags & MIPS_MREMAP_MAYMOVE)) return -MIPS_ENOMEM;
    uint32_t target = gm_find_free(m, 0, newsz);
    if (!target) return -MIPS_ENOMEM;
    return remap_move(m, old, oldsz, newsz, target);
}

/* Only MADV_DONTNEED changes what the guest sees (private pages read back as
 * zeroes afterwards); every other advice is a hint and succeeds. */
int64_t sys_madvise(struct user_proc *p, const uint32_t *a)
{
    if (a[0] & (GM_PAGE - 1)) return -MIPS_EINVAL;
    if (a[2] != MIPS_MADV_DONTNEED || a[1] == 0) return 0;
    if (!gm_access_ok(p->mem, a[0], a[1], 0)) return -MIPS_ENOMEM;
    return sys_host(madvise(p->mem->base + a[0], gm_page_up(a[1]), MADV_DONTNEED));
}

/* msync: the MS_* values are the same on MIPS and x86. */
int64_t sys_msync(struct user_proc *p, const uint32_t *a)
{
    if (a[0] & (GM_PAGE - 1)) return -MIPS_EINVAL;
    if (!gm_access_ok(p->mem, a[0], a[1], 0)) return -MIPS_ENOMEM;
    return sys_host(msync(p->mem->base + a[0], a[1], (int)a[2]));
}
