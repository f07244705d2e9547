/* linux-user/futex.c — futex(2) and robust futex lists for guest threads.
 *
 * Guest memory is host memory (guest_base + addr, a private anonymous or
 * file mapping of tern's one host process), so the host kernel's futexes on
 * the host address of a guest word serve guest threads on host threads, with
 * private and shared keys alike. The host kernel reads a word in host
 * (little-endian) order: for a big-endian guest every value the kernel
 * compares with the word (WAIT's val, CMP_REQUEUE's val3) is byte-swapped,
 * and FUTEX_WAKE_OP's read-modify-write is done here, atomically and in
 * guest order, since the host's would operate on the swapped word.
 *
 * PI futexes (LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI, WAIT_REQUEUE_PI,
 * CMP_REQUEUE_PI): the lock word is {FUTEX_WAITERS 31, FUTEX_OWNER_DIED 30,
 * owner tid 29..0} on every architecture (uapi linux/futex.h, 32-bit on o32
 * too), and guest tids are host tids (gettid, clone's SETTID words), so for
 * a little-endian guest the host kernel runs them on the guest word itself,
 * priority inheritance included. A big-endian guest's word holds the tid
 * byte-swapped, which the host kernel would misread: there the PI ops are
 * emulated here on plain futex waits (mutual exclusion, owner-died and
 * EDEADLK/EPERM as the kernel reports them, but no priority boosting).
 *
 * Robust lists (Linux Documentation/locking/robust-futexes.rst): a thread's
 * set_robust_list head is kept in its user_proc; at the thread's exit every
 * listed lock it still holds gets FUTEX_OWNER_DIED and one waiter is woken,
 * as the kernel's exit_robust_list does (PI locks: see futex_death).
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROBUST_HEAD_SIZE 12u   /* o32 struct robust_list_head: list, futex_offset, pending */
#define ROBUST_LIST_LIMIT 2048 /* the kernel's bound on a (possibly cyclic) list */
#define MIPS_EAGAIN 11

static long host_futex(uint32_t *w, int op, uint32_t val, const void *ts_or_val2, uint32_t *w2,
                       uint32_t val3)
{
    return syscall(SYS_futex, w, op, val, ts_or_val2, w2, val3);
}

/* A value the host kernel compares with a guest word, in the word's order. */
static uint32_t to_word_order(const struct user_proc *p, uint32_t v)
{
    return guest_be(p) ? __builtin_bswap32(v) : v;
}

/* The 4-byte aligned guest word at addr as a host pointer, or NULL. */
static uint32_t *futex_word(struct user_proc *p, uint32_t addr, unsigned prot)
{
    return addr & 3 ? NULL : guest_buf(p, addr, 4, prot);
}

static int32_t sext12(uint32_t v)
{
    return (int32_t)(v << 20) >> 20;
}

/* FUTEX_OP_SET..XOR on old; false for an unknown op (the kernel's ENOSYS). */
static bool wake_op_apply(unsigned op, uint32_t old, uint32_t arg, uint32_t *out)
{
    switch (op) {
    case FUTEX_OP_SET:
        *out = arg;
        return true;
    case FUTEX_OP_ADD:
        *out = old + arg;
        return true;
    case FUTEX_OP_OR:
        *out = old | arg;
        return true;
    case FUTEX_OP_ANDN:
        *out = old & ~arg;
        return true;
    case FUTEX_OP_XOR:
        *out = old ^ arg;
        return true;
    default:
        return false;
    }
}

/* FUTEX_OP_CMP_* of the old value (signed, as the kernel); -1 for an unknown cmp. */
static int wake_op_cmp(unsigned cmp, int32_t old, int32_t arg)
{
    switch (cmp) {
    case FUTEX_OP_CMP_EQ:
        return old == arg;
    case FUTEX_OP_CMP_NE:
        return old != arg;
    case FUTEX_OP_CMP_LT:
        return old < arg;
    case FUTEX_OP_CMP_LE:
        return old <= arg;
    case FUTEX_OP_CMP_GT:
        return old > arg;
    case FUTEX_OP_CMP_GE:
        return old >= arg;
    default:
        return -1;
    }
}

/* FUTEX_WAKE_OP for a big-endian guest: the operation on *w2 in guest order
 * (a CAS loop, so it is atomic against guest LL/SC and other host threads),
 * then wake nr on w and, when the comparison of the old value holds, nr2 on
 * w2. The encoding (uapi linux/futex.h, the same on o32): op 31..28 (bit 31
 * the OPARG_SHIFT flag), cmp 27..24, oparg 23..12, cmparg 11..0, both args
 * sign-extended 12-bit. Like the kernel, an unknown op fails before the
 * write and an unknown cmp after it. The kernel wakes under both hash
 * bucket locks; here the wakes follow the write, which is still safe as a
 * waiter that saw the old value is asleep before the write completes or
 * sees the new one in its own compare. */
static int64_t wake_op_swapped(int op, uint32_t *w, uint32_t nr, uint32_t nr2, uint32_t *w2,
                               uint32_t enc)
{
    unsigned wop = enc >> 28 & 7, cmp = enc >> 24 & 15;
    int32_t oparg = sext12(enc >> 12), cmparg = sext12(enc);
    if (enc >> 28 & FUTEX_OP_OPARG_SHIFT) oparg = (int32_t)(1u << (oparg & 31)); /* kernel: &31 */
    uint32_t raw = __atomic_load_n(w2, __ATOMIC_RELAXED), old, new;
    do {
        old = __builtin_bswap32(raw);
        if (!wake_op_apply(wop, old, (uint32_t)oparg, &new)) return -MIPS_ENOSYS;
    } while (!__atomic_compare_exchange_n(w2, &raw, __builtin_bswap32(new), false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_RELAXED));
    int hit = wake_op_cmp(cmp, (int32_t)old, cmparg);
    if (hit < 0) return -MIPS_ENOSYS;
    int wake = FUTEX_WAKE | (op & FUTEX_PRIVATE_FLAG);
    long n = host_futex(w, wake, nr, NULL, NULL, 0);
    if (n < 0) return sys_err(errno);
    if (hit) {
        long n2 = host_futex(w2, wake, nr2, NULL, NULL, 0);
        if (n2 < 0) return sys_err(errno);
        n += n2;
    }
    return n;
}

/* ---- PI futexes ---- */

/* A host LOCK_PI is never interrupted (the kernel restarts it after a
 * signal), so thread_kick could not reach a thread blocked in one: the
 * waits here end every PI_SLICE_NS to look at the thread group's exit. */
#define PI_SLICE_NS 200000000L
#define NSEC_PER_SEC 1000000000L

/* The clock of a PI op's absolute timeout: CLOCK_REALTIME for LOCK_PI
 * (futex(2)), else CLOCK_MONOTONIC unless op has FUTEX_CLOCK_REALTIME. */
static clockid_t pi_clock(int op)
{
    bool rt = (op & FUTEX_CMD_MASK) == FUTEX_LOCK_PI || (op & FUTEX_CLOCK_REALTIME);
    return rt ? CLOCK_REALTIME : CLOCK_MONOTONIC;
}

/* The end of the next wait slice on clk: now + PI_SLICE_NS, or the
 * caller's deadline when sooner (then *last is set). */
static struct timespec pi_slice(clockid_t clk, const struct timespec *deadline, bool *last)
{
    struct timespec s;
    clock_gettime(clk, &s);
    s.tv_nsec += PI_SLICE_NS;
    if (s.tv_nsec >= NSEC_PER_SEC) s.tv_sec++, s.tv_nsec -= NSEC_PER_SEC;
    *last = deadline && (deadline->tv_sec < s.tv_sec ||
                         (deadline->tv_sec == s.tv_sec && deadline->tv_nsec <= s.tv_nsec));
    return *last ? *deadline : s;
}

/* LOCK_PI / LOCK_PI2 by the host kernel on a guest word in host order. */
static int64_t pi_lock_host(struct user_proc *p, uint32_t *w, int op,
                            const struct timespec *deadline)
{
    for (;;) {
        bool last;
        struct timespec end = pi_slice(pi_clock(op), deadline, &last);
        if (host_futex(w, op, 0, &end, NULL, 0) == 0) return 0;
        if (errno != ETIMEDOUT || last) return sys_err(errno);
        if (thread_group_exiting(p)) return sys_err(EINTR);
    }
}

/* The byte-swapped (big-endian guest) lock word, read and compare-and-swapped
 * in guest order. */
static uint32_t swapped_load(const uint32_t *w)
{
    return __builtin_bswap32(__atomic_load_n(w, __ATOMIC_SEQ_CST));
}

static bool swapped_cas(uint32_t *w, uint32_t old, uint32_t nv)
{
    uint32_t raw = __builtin_bswap32(old);
    return __atomic_compare_exchange_n(w, &raw, __builtin_bswap32(nv), false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/* LOCK_PI, LOCK_PI2 and TRYLOCK_PI emulated on a byte-swapped word: a free
 * word (tid 0) is taken keeping OWNER_DIED, as the kernel's
 * futex_lock_pi_atomic, and WAITERS, since other waiters may sleep; else
 * WAITERS is set and the thread sleeps on the word until an unlock changes
 * it. Errors as the kernel's: EDEADLK for our own lock, ESRCH for an owner
 * tid that does not exist, EAGAIN for a busy TRYLOCK_PI. */
static int64_t pi_lock_swapped(struct user_proc *p, uint32_t *w, int op,
                               const struct timespec *deadline, bool try)
{
    uint32_t tid = (uint32_t)gettid();
    int wait = FUTEX_WAIT_BITSET | (op & FUTEX_PRIVATE_FLAG) |
               (pi_clock(op) == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
    for (;;) {
        uint32_t v = swapped_load(w), owner = v & FUTEX_TID_MASK;
        if (!owner) {
            if (swapped_cas(w, v, tid | (v & (FUTEX_OWNER_DIED | FUTEX_WAITERS)))) return 0;
            continue;
        }
        if (owner == tid) return sys_err(EDEADLK);
        if (kill((pid_t)owner, 0) != 0 && errno == ESRCH) return sys_err(ESRCH);
        if (try) return sys_err(EAGAIN);
        if (!(v & FUTEX_WAITERS)) {
            if (!swapped_cas(w, v, v | FUTEX_WAITERS)) continue;
            v |= FUTEX_WAITERS;
        }
        bool last;
        struct timespec end = pi_slice(pi_clock(op), deadline, &last);
        long r = host_futex(w, wait, __builtin_bswap32(v), &end, NULL, FUTEX_BITSET_MATCH_ANY);
        if (r < 0 && errno == ETIMEDOUT && last) return sys_err(ETIMEDOUT);
        if (r < 0 && errno != ETIMEDOUT && errno != EAGAIN && errno != EINTR) return sys_err(errno);
        if (thread_group_exiting(p)) return sys_err(EINTR);
    }
}

/* UNLOCK_PI emulated on a byte-swapped word: EPERM unless we own it; the
 * word becomes 0 (the kernel's uncontended unlock) and, when WAITERS was
 * set, every waiter wakes to retry: the one that takes the lock, or fails
 * and sleeps again, sets WAITERS again for those still asleep. */
static int64_t pi_unlock_swapped(uint32_t *w, int op)
{
    uint32_t tid = (uint32_t)gettid();
    for (;;) {
        uint32_t v = swapped_load(w);
        if ((v & FUTEX_TID_MASK) != tid) return sys_err(EPERM);
        if (!swapped_cas(w, v, 0)) continue;
        if (v & FUTEX_WAITERS)
            host_futex(w, FUTEX_WAKE | (op & FUTEX_PRIVATE_FLAG), INT_MAX, NULL, NULL, 0);
        return 0;
    }
}

/* WAIT_REQUEUE_PI emulated: wait on w (the condvar word, val in guest
 * order), then take the PI lock w2 as a requeued waiter would hold it. */
static int64_t wait_requeue_pi_swapped(struct user_proc *p, uint32_t *w, uint32_t val, uint32_t *w2,
                                       int op, const struct timespec *deadline)
{
    if (w == w2) return -MIPS_EINVAL;
    int wait = FUTEX_WAIT_BITSET | (op & (FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
    if (host_futex(w, wait, __builtin_bswap32(val), deadline, NULL, FUTEX_BITSET_MATCH_ANY) != 0)
        return sys_err(errno);
    return pi_lock_swapped(p, w2, op, deadline, false);
}

/* CMP_REQUEUE_PI emulated: EAGAIN when *w is not val3; else the one waiter
 * to wake and the nr_requeue to requeue are all woken, and contend for the
 * PI lock in wait_requeue_pi_swapped. The count is the kernel's (woken +
 * requeued). */
static int64_t cmp_requeue_pi_swapped(uint32_t *w, int op, uint32_t nr_wake, uint32_t nr_requeue,
                                      uint32_t *w2, uint32_t val3)
{
    if (nr_wake != 1 || w == w2) return -MIPS_EINVAL;
    if (swapped_load(w) != val3) return sys_err(EAGAIN);
    uint32_t n = nr_requeue > INT_MAX - 1 ? INT_MAX : nr_requeue + 1;
    return sys_host(host_futex(w, FUTEX_WAKE | (op & FUTEX_PRIVATE_FLAG), n, NULL, NULL, 0));
}

/* The PI operations (cmd): by the host kernel for a little-endian guest,
 * emulated for a big-endian one; a[] and tsp (the converted timeout, or
 * NULL) as do_futex has them. */
static int64_t do_futex_pi(struct user_proc *p, const uint32_t *a, int op, uint32_t *word,
                           const struct timespec *tsp)
{
    int cmd = op & FUTEX_CMD_MASK;
    bool be = guest_be(p);
    uint32_t *word2 = NULL;
    if (cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_CMP_REQUEUE_PI) {
        word2 = futex_word(p, a[4], GM_READ | GM_WRITE);
        if (!word2) return a[4] & 3 ? -MIPS_EINVAL : -MIPS_EFAULT;
    }
    switch (cmd) {
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
        return be ? pi_lock_swapped(p, word, op, tsp, false) : pi_lock_host(p, word, op, tsp);
    case FUTEX_TRYLOCK_PI:
        return be ? pi_lock_swapped(p, word, op, NULL, true)
                  : sys_host(host_futex(word, op, 0, NULL, NULL, 0));
    case FUTEX_UNLOCK_PI:
        return be ? pi_unlock_swapped(word, op) : sys_host(host_futex(word, op, 0, NULL, NULL, 0));
    case FUTEX_WAIT_REQUEUE_PI:
        if (be) return wait_requeue_pi_swapped(p, word, a[2], word2, op, tsp);
        return sys_host(host_futex(word, op, a[2], tsp, word2, 0));
    default: /* FUTEX_CMP_REQUEUE_PI */
        if (be) return cmp_requeue_pi_swapped(word, op, a[2], a[3], word2, a[5]);
        return sys_host(host_futex(word, op, a[2], (const void *)(uintptr_t)a[3], word2, a[5]));
    }
}

static bool is_pi_cmd(int cmd)
{
    return cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_TRYLOCK_PI ||
           cmd == FUTEX_UNLOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_CMP_REQUEUE_PI;
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3); op keeps its
 * PRIVATE_FLAG and CLOCK_REALTIME bits for the host, which checks them
 * (CLOCK_REALTIME only with WAIT_BITSET, WAIT_REQUEUE_PI and LOCK_PI2:
 * ENOSYS otherwise, as on Linux; the emulated PI ops check it here). */
static int64_t do_futex(struct user_proc *p, const uint32_t *a, bool wide)
{
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK; /* without PRIVATE_FLAG, CLOCK_REALTIME */
    bool pi = is_pi_cmd(cmd);
    uint32_t *word = futex_word(p, a[0], pi ? GM_READ | GM_WRITE : GM_READ);
    if (!word) return a[0] & 3 ? -MIPS_EINVAL : -MIPS_EFAULT;
    const void *val2 = (const void *)(uintptr_t)a[3]; /* REQUEUE/WAKE_OP: a count, not a pointer */
    struct timespec ts, *tsp = NULL;
    uint32_t *word2;
    bool timed = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
                 cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
    if (timed && a[3]) {
        int64_t rc = get_timespec(p, a[3], &ts, wide);
        if (rc) return rc;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC) return -MIPS_EINVAL;
        tsp = &ts;
    }
    if (pi) {
        bool rt_ok = cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
        if ((op & FUTEX_CLOCK_REALTIME) && !rt_ok) return -MIPS_ENOSYS;
        return do_futex_pi(p, a, op, word, tsp);
    }
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        return sys_host(host_futex(word, op, to_word_order(p, a[2]), tsp, NULL, a[5]));
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return sys_host(host_futex(word, op, a[2], NULL, NULL, a[5]));
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
        word2 = futex_word(p, a[4], GM_READ);
        if (!word2) return a[4] & 3 ? -MIPS_EINVAL : -MIPS_EFAULT;
        return sys_host(host_futex(word, op, a[2], val2, word2, to_word_order(p, a[5])));
    case FUTEX_WAKE_OP:
        word2 = futex_word(p, a[4], GM_READ | GM_WRITE);
        if (!word2) return a[4] & 3 ? -MIPS_EINVAL : -MIPS_EFAULT;
        if (guest_be(p)) return wake_op_swapped(op, word, a[2], a[3], word2, a[5]);
        return sys_host(host_futex(word, op, a[2], val2, word2, a[5]));
    default:
        return -MIPS_ENOSYS;
    }
}

int64_t sys_futex(struct user_proc *p, const uint32_t *a)
{
    return do_futex(p, a, false);
}

int64_t sys_futex_time64(struct user_proc *p, const uint32_t *a)
{
    return do_futex(p, a, true);
}

/* set_robust_list(head, len): len must be o32's 12 (EINVAL otherwise, as
 * Linux); the head is only recorded, and walked at the thread's exit. */
int64_t sys_set_robust_list(struct user_proc *p, const uint32_t *a)
{
    if (a[1] != ROBUST_HEAD_SIZE) return -MIPS_EINVAL;
    p->robust_list = a[0];
    return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): the head the thread pid (0:
 * the caller) of this process set, and o32's 12. A tid outside the thread
 * group is ESRCH: its head lives in another process's guest memory (Linux
 * would ask for ptrace rights and read it from there). */
int64_t sys_get_robust_list(struct user_proc *p, const uint32_t *a)
{
    struct user_proc *t = a[0] ? thread_find(p, (int)a[0]) : p;
    if (!t) return -MIPS_ESRCH;
    uint8_t *head = guest_buf(p, a[1], 4, GM_WRITE), *len = guest_buf(p, a[2], 4, GM_WRITE);
    if (!head || !len) return -MIPS_EFAULT;
    abi_put32(guest_be(p), head, t->robust_list);
    abi_put32(guest_be(p), len, ROBUST_HEAD_SIZE);
    return 0;
}

/* The kernel's handle_futex_death for the lock word at addr: when this
 * thread (tid) owns it, keep FUTEX_WAITERS, set FUTEX_OWNER_DIED, drop the
 * tid, and wake one waiter. A pending (list_op_pending) lock with a zero
 * word gets a wake too: its owner may have died between the unlock and the
 * removal from the list (Linux 5.x, "futex: Handle transient ownerless rt
 * mutex state"). PI locks (bit 0 of the entry) get no wake on a
 * little-endian guest, as in the kernel: their waiters sleep in the host
 * kernel's rt_mutex, which this host thread's exit (exit_pi_state_list)
 * hands to the top waiter, who then finds OWNER_DIED in the word. The
 * emulated PI waiters of a big-endian guest sleep on the word: all wake. */
static void futex_death(struct user_proc *p, uint32_t addr, uint32_t tid, bool pending, bool pi)
{
    uint32_t *w = futex_word(p, addr, GM_READ | GM_WRITE);
    if (!w) return;
    bool be = guest_be(p);
    uint32_t raw = __atomic_load_n(w, __ATOMIC_SEQ_CST), val;
    for (;;) {
        val = be ? __builtin_bswap32(raw) : raw;
        if (pending && !pi && val == 0) {
            host_futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
            return;
        }
        if ((val & FUTEX_TID_MASK) != tid) return;
        uint32_t nv = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        if (__atomic_compare_exchange_n(w, &raw, be ? __builtin_bswap32(nv) : nv, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
    }
    /* Shared wake, as the kernel's: it also finds private waiters on
     * tern's private mappings. */
    if (!(val & FUTEX_WAITERS) || (pi && !be)) return;
    host_futex(w, FUTEX_WAKE, pi ? INT_MAX : 1, NULL, NULL, 0);
}

/* Reads the guest word at addr; false when unreadable. */
static bool get_word(struct user_proc *p, uint32_t addr, uint32_t *v)
{
    const uint8_t *g = guest_buf(p, addr, 4, GM_READ);
    if (!g) return false;
    *v = abi_get32(guest_be(p), g);
    return true;
}

void futex_exit_robust(struct user_proc *p)
{
    uint32_t head = p->robust_list, entry, off, pending;
    p->robust_list = 0;
    if (!head || !get_word(p, head, &entry) || !get_word(p, head + 4, &off) ||
        !get_word(p, head + 8, &pending))
        return;
    uint32_t tid = (uint32_t)gettid();
    /* The kernel reads the next pointer before handling an entry, since the
     * wake may let a waiter free it. */
    for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
        uint32_t next, e = entry & ~1u; /* bit 0: a PI lock */
        if (!get_word(p, e, &next)) return;
        if (e != (pending & ~1u)) futex_death(p, e + off, tid, false, entry & 1);
        entry = next;
    }
    if (pending & ~1u) futex_death(p, (pending & ~1u) + off, tid, true, pending & 1);
}
