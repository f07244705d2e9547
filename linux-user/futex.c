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
 * Robust lists (Linux Documentation/locking/robust-futexes.rst): a thread's
 * set_robust_list head is kept in its user_proc; at the thread's exit every
 * listed lock it still holds gets FUTEX_OWNER_DIED and one waiter is woken,
 * as the kernel's exit_robust_list does.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <linux/futex.h>
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

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3); op keeps its
 * PRIVATE_FLAG and CLOCK_REALTIME bits for the host, which checks them
 * (CLOCK_REALTIME only with WAIT_BITSET: ENOSYS otherwise, as on Linux).
 * The PI operations are not served (ENOSYS): their words hold tids the host
 * would read in host order. */
static int64_t do_futex(struct user_proc *p, const uint32_t *a, bool wide)
{
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK; /* without PRIVATE_FLAG, CLOCK_REALTIME */
    uint32_t *word = futex_word(p, a[0], GM_READ);
    if (!word) return a[0] & 3 ? -MIPS_EINVAL : -MIPS_EFAULT;
    const void *val2 = (const void *)(uintptr_t)a[3]; /* REQUEUE/WAKE_OP: a count, not a pointer */
    struct timespec ts, *tsp = NULL;
    uint32_t *word2;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        if (a[3]) {
            int64_t rc = get_timespec(p, a[3], &ts, wide);
            if (rc) return rc;
            tsp = &ts;
        }
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

/* The kernel's handle_futex_death for the lock word at addr: when this
 * thread (tid) owns it, keep FUTEX_WAITERS, set FUTEX_OWNER_DIED, drop the
 * tid, and wake one waiter. A pending (list_op_pending) lock with a zero
 * word gets a wake too: its owner may have died between the unlock and the
 * removal from the list (Linux 5.x, "futex: Handle transient ownerless rt
 * mutex state"). PI locks (bit 0 of the entry) are skipped: not served. */
static void futex_death(struct user_proc *p, uint32_t addr, uint32_t tid, bool pending)
{
    uint32_t *w = futex_word(p, addr, GM_READ | GM_WRITE);
    if (!w) return;
    bool be = guest_be(p);
    uint32_t raw = __atomic_load_n(w, __ATOMIC_SEQ_CST), val;
    for (;;) {
        val = be ? __builtin_bswap32(raw) : raw;
        if (pending && val == 0) {
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
    if (val & FUTEX_WAITERS) host_futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
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
        if (e != (pending & ~1u) && !(entry & 1)) futex_death(p, e + off, tid, false);
        entry = next;
    }
    if ((pending & ~1u) && !(pending & 1)) futex_death(p, pending + off, tid, true);
}
