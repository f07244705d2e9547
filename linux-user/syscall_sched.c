/* linux-user/syscall_sched.c — scheduling and memory locking: nice,
 * get/setpriority, the sched_* policy, param, priority-range, rr-interval
 * and setaffinity calls, getcpu, mlock/munlock/mlock2/mlockall/munlockall,
 * mincore.
 *
 * A guest thread is a host thread and guest tids are host tids, so a pid
 * argument (0: the calling thread) goes to the host unchanged. Policies,
 * the PRIO_, MCL_ and MLOCK_ values are the generic ones on MIPS too. Guest
 * memory ranges must be mapped guest pages (ENOMEM otherwise, as Linux
 * says for holes); guest and host pages are both 4 KiB, so mincore's vector
 * (one byte per page) is the host's. mlockall locks the guest's mappings,
 * not tern's own (its 4 GiB reservation, code cache, tables); a later
 * mlockall without MCL_FUTURE does not cancel an earlier one. The calls go
 * to the kernel as raw system calls: AddressSanitizer's libc interceptors
 * turn mlock and friends into no-ops, and tern must lock the same either way.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MIPS_MCL_CURRENT 1u
#define MIPS_MCL_FUTURE 2u
#define MIPS_MCL_ONFAULT 4u
#define MIPS_MLOCK_ONFAULT 1u
#define NICE_MIN (-20)
#define NICE_MAX 19

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* nice(inc): the old call returns 0, not the new value; raising the
 * priority without the right is EPERM (setpriority says EACCES). */
int64_t sys_nice(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    int inc = clamp((int32_t)a[0], -40, 40);
    long raw = syscall(SYS_getpriority, PRIO_PROCESS, 0);
    if (raw < 0) return sys_err(errno);
    int now = 20 - (int)raw;
    if (setpriority(PRIO_PROCESS, 0, clamp(now + inc, NICE_MIN, NICE_MAX)) != 0)
        return errno == EACCES ? sys_err(EPERM) : sys_err(errno);
    return 0;
}

/* The raw call returns 20 - nice (1..40), which the guest's libc converts
 * back; glibc's host getpriority() would have converted it already. */
int64_t sys_getpriority(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_getpriority, (int)a[0], (id_t)a[1]));
}

int64_t sys_setpriority(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(setpriority((int)a[0], (id_t)a[1], (int)a[2]));
}

/* struct sched_param is one int; the kernel refuses a NULL one or a
 * negative pid with EINVAL before it reads it. */
static int64_t get_param(struct user_proc *p, uint32_t pid, uint32_t addr, struct sched_param *sp)
{
    if (!addr || (int32_t)pid < 0) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, addr, 4, GM_READ);
    if (!g) return -MIPS_EFAULT;
    sp->sched_priority = (int)abi_get32(guest_be(p), g);
    return 0;
}

int64_t sys_sched_setparam(struct user_proc *p, const uint32_t *a)
{
    struct sched_param sp;
    int64_t r = get_param(p, a[0], a[1], &sp);
    return r ? r : sys_host(sched_setparam((pid_t)a[0], &sp));
}

int64_t sys_sched_getparam(struct user_proc *p, const uint32_t *a)
{
    if (!a[1] || (int32_t)a[0] < 0) return -MIPS_EINVAL;
    struct sched_param sp;
    if (sched_getparam((pid_t)a[0], &sp) != 0) return sys_err(errno);
    uint8_t *g = guest_buf(p, a[1], 4, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    abi_put32(guest_be(p), g, (uint32_t)sp.sched_priority);
    return 0;
}

int64_t sys_sched_setscheduler(struct user_proc *p, const uint32_t *a)
{
    if ((int32_t)a[1] < 0) return -MIPS_EINVAL;
    struct sched_param sp;
    int64_t r = get_param(p, a[0], a[2], &sp);
    return r ? r : sys_host(sched_setscheduler((pid_t)a[0], (int)a[1], &sp));
}

int64_t sys_sched_getscheduler(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(sched_getscheduler((pid_t)a[0]));
}

int64_t sys_sched_get_priority_max(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(sched_get_priority_max((int)a[0]));
}

int64_t sys_sched_get_priority_min(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(sched_get_priority_min((int)a[0]));
}

static int64_t rr_interval(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts;
    if (sched_rr_get_interval((pid_t)a[0], &ts) != 0) return sys_err(errno);
    return put_timespec(p, a[1], &ts, wide);
}

int64_t sys_sched_rr_get_interval(struct user_proc *p, const uint32_t *a)
{
    return rr_interval(p, a, false);
}

int64_t sys_sched_rr_get_interval_time64(struct user_proc *p, const uint32_t *a)
{
    return rr_interval(p, a, true);
}

/* sched_setaffinity(pid, len, mask): the mask is 32-bit words in guest byte
 * order (as sched_getaffinity writes it); a shorter mask leaves the other
 * CPUs clear, a longer one is cut to the host's cpu_set_t. Byte k of the
 * guest buffer holds CPUs 8*k.. on little-endian guests, and on big-endian
 * ones the bytes of each word are reversed. */
int64_t sys_sched_setaffinity(struct user_proc *p, const uint32_t *a)
{
    cpu_set_t set;
    uint32_t len = a[1] < sizeof set ? a[1] : (uint32_t)sizeof set;
    const uint8_t *g = guest_buf(p, a[2], len, GM_READ);
    if (!g) return -MIPS_EFAULT;
    CPU_ZERO(&set);
    for (uint32_t k = 0; k < len; k++) {
        uint32_t first = k / 4 * 32 + 8 * (guest_be(p) ? 3 - k % 4 : k % 4);
        for (uint32_t bit = 0; bit < 8; bit++)
            if (g[k] >> bit & 1) CPU_SET(first + bit, &set);
    }
    return sys_host(sched_setaffinity((pid_t)a[0], sizeof set, &set));
}

/* getcpu(cpu, node, cache): either pointer may be NULL; the third is unused
 * since Linux 2.6.24. */
int64_t sys_getcpu(struct user_proc *p, const uint32_t *a)
{
    unsigned cpu, node;
    if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0) return sys_err(errno);
    uint8_t *gc = a[0] ? guest_buf(p, a[0], 4, GM_WRITE) : NULL;
    uint8_t *gn = a[1] ? guest_buf(p, a[1], 4, GM_WRITE) : NULL;
    if ((a[0] && !gc) || (a[1] && !gn)) return -MIPS_EFAULT;
    if (gc) abi_put32(guest_be(p), gc, cpu);
    if (gn) abi_put32(guest_be(p), gn, node);
    return 0;
}

/* The pages holding [addr, addr+len) as a host range; false (ENOMEM) when
 * one of them is not mapped guest memory. */
static bool lock_range(struct user_proc *p, uint32_t addr, uint32_t len, void **host, size_t *size)
{
    uint32_t start = addr & ~(GM_PAGE - 1);
    uint64_t end = ((uint64_t)addr + len + GM_PAGE - 1) & ~(uint64_t)(GM_PAGE - 1);
    if (end > GM_USER_END || !gm_access_ok(p->mem, start, (uint32_t)(end - start), 0)) return false;
    *host = p->mem->base + start;
    *size = (size_t)(end - start);
    return true;
}

int64_t sys_mlock(struct user_proc *p, const uint32_t *a)
{
    void *h;
    size_t n;
    if (!lock_range(p, a[0], a[1], &h, &n)) return -MIPS_ENOMEM;
    return sys_host(syscall(SYS_mlock, h, n));
}

int64_t sys_munlock(struct user_proc *p, const uint32_t *a)
{
    void *h;
    size_t n;
    if (!lock_range(p, a[0], a[1], &h, &n)) return -MIPS_ENOMEM;
    return sys_host(syscall(SYS_munlock, h, n));
}

int64_t sys_mlock2(struct user_proc *p, const uint32_t *a)
{
    if (a[2] & ~MIPS_MLOCK_ONFAULT) return -MIPS_EINVAL;
    void *h;
    size_t n;
    if (!lock_range(p, a[0], a[1], &h, &n)) return -MIPS_ENOMEM;
    return sys_host(syscall(SYS_mlock2, h, n, a[2] & MIPS_MLOCK_ONFAULT ? MLOCK_ONFAULT : 0));
}

/* Locks every run of accessible guest pages (PROT_NONE ones cannot be
 * faulted in; Linux skips them too); 0, or -(MIPS errno). */
static int64_t lock_guest_pages(struct user_proc *p, unsigned flags)
{
    const struct guest_mem *m = p->mem;
    uint32_t page = 0, last = GM_USER_END / GM_PAGE;
    while (page < last) {
        if (!(m->prot[page] & (GM_READ | GM_WRITE | GM_EXEC))) {
            page++;
            continue;
        }
        uint32_t first = page;
        while (page < last && (m->prot[page] & (GM_READ | GM_WRITE | GM_EXEC)))
            page++;
        if (syscall(SYS_mlock2, m->base + (size_t)first * GM_PAGE, (size_t)(page - first) * GM_PAGE,
                    flags))
            return sys_err(errno);
    }
    return 0;
}

/* mlockall(flags): MCL_CURRENT locks the guest's mappings as they are;
 * MCL_FUTURE needs the host's own (it also locks what tern maps later). */
int64_t sys_mlockall(struct user_proc *p, const uint32_t *a)
{
    uint32_t f = a[0];
    if (!f || (f & ~(MIPS_MCL_CURRENT | MIPS_MCL_FUTURE | MIPS_MCL_ONFAULT)) ||
        f == MIPS_MCL_ONFAULT)
        return -MIPS_EINVAL;
    int onfault = f & MIPS_MCL_ONFAULT ? MCL_ONFAULT : 0;
    if ((f & MIPS_MCL_FUTURE) && syscall(SYS_mlockall, MCL_FUTURE | onfault) != 0)
        return sys_err(errno);
    if (f & MIPS_MCL_CURRENT) return lock_guest_pages(p, onfault ? MLOCK_ONFAULT : 0);
    return 0;
}

int64_t sys_munlockall(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return sys_host(syscall(SYS_munlockall));
}

/* mincore(addr, len, vec): addr page-aligned (EINVAL), every page mapped
 * (ENOMEM), vec one writable byte per page (EFAULT). */
int64_t sys_mincore(struct user_proc *p, const uint32_t *a)
{
    uint32_t addr = a[0];
    if (addr & (GM_PAGE - 1)) return -MIPS_EINVAL;
    uint64_t pages = ((uint64_t)a[1] + GM_PAGE - 1) / GM_PAGE;
    if (pages == 0) return 0;
    if (addr + pages * GM_PAGE > GM_USER_END ||
        !gm_access_ok(p->mem, addr, (uint32_t)(pages * GM_PAGE), 0))
        return -MIPS_ENOMEM;
    unsigned char *vec = guest_buf(p, a[2], (uint32_t)pages, GM_WRITE);
    if (!vec) return -MIPS_EFAULT;
    return sys_host(mincore(p->mem->base + addr, pages * GM_PAGE, vec));
}
