/* linux-user/signal_wait.c — the calls that wait for or read signals, built
 * on tern's pending sets (signal.c), not the host's: rt_sigtimedwait and
 * signalfd; the ones that send a signal with a siginfo the guest wrote:
 * rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal; and the child
 * waits: waitid and pidfd_open.
 *
 * Waiting: the thread blocks every host signal, looks at the pending sets,
 * and sleeps in ppoll with its usual host mask, so a host signal (which
 * signal.c's handler turns into a pending guest one) or a kick (thread.c:
 * another guest thread signalled it) ends the sleep and it looks again.
 * Waiting threads are listed in waiters[]: a signal pended on the process
 * (the main thread's set) kicks them, since its host signal woke only the
 * main thread.
 *
 * signalfd: the guest's fd is a host eventfd that is readable exactly while
 * a signal of the fd's mask is pending: sigwait_pended writes it (1), and
 * sigwait_taken drains it once nothing of the mask is left. Its reads are
 * intercepted (syscall_file.c) and give struct signalfd_siginfo (128 bytes,
 * the same fields on every arch, in guest order, MIPS signal numbers);
 * poll, select and epoll see the eventfd. The table is behind a spinlock
 * taken with host signals blocked, as the host handler takes it too. A
 * fork's child shares the eventfd with its parent (a signal of the child's
 * makes the parent's signalfd readable until its read finds nothing), and
 * write(2) on it is not refused.
 *
 * A guest signal blocked at its default action is caught by tern on the
 * host side (SA_RESTART), so a blocking host call that cannot restart
 * (poll, nanosleep...) returns EINTR where Linux would not wake it.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIPS_EPERM 1
#define MIPS_EINTR 4
#define MIPS_EAGAIN 11
#define MIPS_SIGSTOP 23
#define SIGINFO_SIZE 128
#define SIGFD_INFO_SIZE 128
#define WAITERS 64
#define SIGFDS 64

static uint32_t bit(int sig)
{
    return 1u << ((sig - 1) % 32);
}

static bool in_set(const uint32_t *set, int sig)
{
    return set[(sig - 1) / 32] & bit(sig);
}

static int64_t read_set(struct user_proc *p, uint32_t addr, uint32_t *set)
{
    const uint8_t *g = guest_buf(p, addr, 16, GM_READ);
    if (!g) return -MIPS_EFAULT;
    for (int i = 0; i < 4; i++)
        set[i] = abi_get32(guest_be(p), g + 4 * i);
    set[0] &= ~(bit(MIPS_SIGKILL) | bit(MIPS_SIGSTOP)); /* never waited for or read */
    return 0;
}

/* ---- waiting ---- */

static struct user_proc *waiters[WAITERS];

static void waiter_add(struct user_proc *p)
{
    for (int i = 0; i < WAITERS; i++) {
        struct user_proc *none = NULL;
        if (__atomic_compare_exchange_n(&waiters[i], &none, p, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

static void waiter_remove(struct user_proc *p)
{
    for (int i = 0; i < WAITERS; i++) {
        struct user_proc *me = p;
        __atomic_compare_exchange_n(&waiters[i], &me, NULL, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
    }
}

static struct timespec deadline_after(const struct timespec *ts)
{
    struct timespec d;
    clock_gettime(CLOCK_MONOTONIC, &d);
    d.tv_sec += ts->tv_sec;
    d.tv_nsec += ts->tv_nsec;
    if (d.tv_nsec >= 1000000000L) d.tv_sec++, d.tv_nsec -= 1000000000L;
    return d;
}

/* Sleeps with host mask `mask` until a host signal or kick, or until the
 * deadline (NULL: none); false once the deadline has passed. */
static bool sleep_until(const struct timespec *deadline, const sigset_t *mask)
{
    struct timespec left, *lp = NULL;
    if (deadline) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        left.tv_sec = deadline->tv_sec - now.tv_sec;
        left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
        if (left.tv_nsec < 0) left.tv_sec--, left.tv_nsec += 1000000000L;
        if (left.tv_sec < 0) return false;
        lp = &left;
    }
    ppoll(NULL, 0, lp, mask);
    return true;
}

/* A signal outside set that p does not block is pending: it interrupts the
 * wait (its handler runs when the call returns). */
static bool interrupted(struct user_proc *p, const uint32_t *set)
{
    for (int w = 0; w < 4; w++)
        if (__atomic_load_n(&p->pending[w], __ATOMIC_SEQ_CST) & ~p->sigmask[w] & ~set[w])
            return true;
    return thread_group_exiting(p);
}

/* Waits for a signal of set to be pending for p and takes it: its number
 * with *info, -MIPS_EAGAIN at the deadline (NULL: none), or -MIPS_EINTR. */
static int wait_signal(struct user_proc *p, const uint32_t *set, const struct timespec *deadline,
                       struct user_siginfo *info)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    waiter_add(p);
    int r;
    for (;;) {
        if ((r = sig_dequeue(p, set, info)) != 0) break;
        if (interrupted(p, set)) {
            r = -MIPS_EINTR;
            break;
        }
        if (!sleep_until(deadline, &old)) {
            r = -MIPS_EAGAIN;
            break;
        }
    }
    waiter_remove(p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return r;
}

/* rt_sigtimedwait(set, info, timeout, 16): the o32 timespec, or the 64-bit
 * one (wide); a zero timeout polls. */
static int64_t do_sigtimedwait(struct user_proc *p, const uint32_t *a, bool wide)
{
    uint32_t set[4];
    if (a[3] != 16) return -MIPS_EINVAL;
    if (read_set(p, a[0], set)) return -MIPS_EFAULT;
    struct timespec ts, deadline;
    if (a[2]) {
        if (get_timespec(p, a[2], &ts, wide)) return -MIPS_EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L) return -MIPS_EINVAL;
        deadline = deadline_after(&ts);
    }
    uint8_t *g = a[1] ? guest_buf(p, a[1], SIGINFO_SIZE, GM_WRITE) : NULL;
    if (a[1] && !g) return -MIPS_EFAULT;
    struct user_siginfo info;
    int sig = wait_signal(p, set, a[2] ? &deadline : NULL, &info);
    if (sig > 0 && g) {
        memset(g, 0, SIGINFO_SIZE);
        sig_put_info(p, g, sig, &info);
    }
    return sig;
}

int64_t sys_rt_sigtimedwait(struct user_proc *p, const uint32_t *a)
{
    return do_sigtimedwait(p, a, false);
}

int64_t sys_rt_sigtimedwait_time64(struct user_proc *p, const uint32_t *a)
{
    return do_sigtimedwait(p, a, true);
}

/* ---- sending with a siginfo ---- */

/* The guest's siginfo at addr (MIPS order: signo, code, errno, union). */
static int64_t get_info(struct user_proc *p, uint32_t addr, struct user_siginfo *info)
{
    const uint8_t *g = guest_buf(p, addr, SIGINFO_SIZE, GM_READ);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    info->code = (int32_t)abi_get32(be, g + 4);
    info->err = (int32_t)abi_get32(be, g + 8);
    for (int i = 0; i < 5; i++)
        info->word[i] = abi_get32(be, g + 12 + 4 * i);
    return 0;
}

static int code_to_host(int code)
{
    switch (code) {
    case MIPS_SI_TIMER:
        return SI_TIMER;
    case MIPS_SI_MESGQ:
        return SI_MESGQ;
    case MIPS_SI_ASYNCIO:
        return SI_ASYNCIO;
    default:
        return code;
    }
}

/* A guest siginfo for another process, as the host's (the _rt layout: only
 * a negative si_code may go to another process). */
static void info_to_host(siginfo_t *si, int host_sig, const struct user_siginfo *info)
{
    memset(si, 0, sizeof *si);
    si->si_signo = host_sig;
    si->si_code = code_to_host(info->code);
    si->si_pid = (pid_t)info->word[0];
    si->si_uid = info->word[1];
    si->si_value.sival_ptr = (void *)(uintptr_t)info->word[2];
}

/* Only the kernel and the process itself send si_code >= 0 or SI_TKILL. */
static bool forged(const struct user_siginfo *info)
{
    return info->code >= 0 || info->code == MIPS_SI_TKILL;
}

/* The host number of MIPS signal sig (0 stays 0); -1 when it has none. */
static int host_signal_of(int sig)
{
    if (sig == 0) return 0;
    int host = mips_to_host_signal(sig);
    return host ? host : -1;
}

/* rt_sigqueueinfo(pid, sig, info): to ourselves it is pending with that info. */
int64_t sys_rt_sigqueueinfo(struct user_proc *p, const uint32_t *a)
{
    int sig = (int)a[1];
    struct user_siginfo info;
    if (sig < 0 || sig > MIPS_NSIG) return -MIPS_EINVAL;
    if (get_info(p, a[2], &info)) return -MIPS_EFAULT;
    if ((pid_t)a[0] == getpid()) return proc_raise_info(p, sig, &info);
    if (forged(&info)) return -MIPS_EPERM;
    int host = host_signal_of(sig);
    if (host < 0) return -MIPS_EINVAL;
    siginfo_t si;
    info_to_host(&si, host, &info);
    return sys_host(syscall(SYS_rt_sigqueueinfo, (pid_t)a[0], host, &si));
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): to a thread of ours, pending on it. */
int64_t sys_rt_tgsigqueueinfo(struct user_proc *p, const uint32_t *a)
{
    pid_t tgid = (pid_t)a[0], tid = (pid_t)a[1];
    int sig = (int)a[2];
    struct user_siginfo info;
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > MIPS_NSIG) return -MIPS_EINVAL;
    if (get_info(p, a[3], &info)) return -MIPS_EFAULT;
    if (tgid == getpid()) return proc_signal_thread(p, tid, sig, &info);
    if (forged(&info)) return -MIPS_EPERM;
    int host = host_signal_of(sig);
    if (host < 0) return -MIPS_EINVAL;
    siginfo_t si;
    info_to_host(&si, host, &info);
    return sys_host(syscall(SYS_rt_tgsigqueueinfo, tgid, tid, host, &si));
}

/* pidfd_send_signal(pidfd, sig, info, flags): the host's, to whichever
 * process the pidfd names (tern itself too: its host handler takes it). */
int64_t sys_pidfd_send_signal(struct user_proc *p, const uint32_t *a)
{
    int sig = (int)a[1];
    int host = sig < 0 || sig > MIPS_NSIG ? -1 : host_signal_of(sig);
    if (host < 0) return -MIPS_EINVAL;
    siginfo_t si, *sip = NULL;
    if (a[2]) {
        struct user_siginfo info;
        const uint8_t *g = guest_buf(p, a[2], SIGINFO_SIZE, GM_READ);
        if (!g || get_info(p, a[2], &info)) return -MIPS_EFAULT;
        if ((int)abi_get32(guest_be(p), g) != sig) return -MIPS_EINVAL;
        info_to_host(&si, host, &info);
        sip = &si;
    }
    return sys_host(syscall(SYS_pidfd_send_signal, (int)a[0], host, sip, a[3]));
}

/* ---- signalfd ---- */

struct sigfd {
    bool used;
    int fd; /* the host eventfd */
    uint32_t mask[4];
    bool armed; /* its counter is 1 (readable) */
};

static struct sigfd sigfds[SIGFDS];
static int sigfd_count;
static int sigfd_spin;

/* The table's lock, taken with host signals blocked (the handler takes it). */
static void sigfd_lock(sigset_t *old)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, old);
    while (__atomic_exchange_n(&sigfd_spin, 1, __ATOMIC_ACQUIRE))
        sched_yield();
}

static void sigfd_unlock(const sigset_t *old)
{
    __atomic_store_n(&sigfd_spin, 0, __ATOMIC_RELEASE);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Makes s readable or not; the lock is held. */
static void sigfd_arm(struct sigfd *s, bool ready)
{
    if (ready && !s->armed) {
        uint64_t one = 1;
        s->armed = write(s->fd, &one, sizeof one) == sizeof one;
    } else if (!ready && s->armed) {
        struct pollfd pfd = {s->fd, POLLIN, 0};
        uint64_t v;
        if (poll(&pfd, 1, 0) != 1 || read(s->fd, &v, sizeof v) == sizeof v) s->armed = false;
    }
}

static bool sigfd_ready(const struct sigfd *s, const uint32_t *pending)
{
    for (int w = 0; w < 4; w++)
        if (pending[w] & s->mask[w]) return true;
    return false;
}

/* The entry of fd, or (fd -1) a free one; NULL when there is none. */
static struct sigfd *sigfd_find(int fd)
{
    for (int i = 0; i < SIGFDS; i++)
        if (fd < 0 ? !sigfds[i].used : sigfds[i].used && sigfds[i].fd == fd) return &sigfds[i];
    return NULL;
}

void sigwait_pended(int sig)
{
    if (__atomic_load_n(&sigfd_count, __ATOMIC_SEQ_CST)) {
        sigset_t old;
        sigfd_lock(&old);
        for (int i = 0; i < SIGFDS; i++)
            if (sigfds[i].used && in_set(sigfds[i].mask, sig)) sigfd_arm(&sigfds[i], true);
        sigfd_unlock(&old);
    }
    for (int i = 0; i < WAITERS; i++) {
        struct user_proc *w = __atomic_load_n(&waiters[i], __ATOMIC_SEQ_CST);
        if (w) thread_kick(w);
    }
}

void sigwait_taken(struct user_proc *p)
{
    if (!__atomic_load_n(&sigfd_count, __ATOMIC_SEQ_CST)) return;
    uint32_t pending[4];
    sigset_t old;
    sigfd_lock(&old);
    sig_pending_set(p, pending);
    for (int i = 0; i < SIGFDS; i++)
        if (sigfds[i].used && sigfds[i].armed && !sigfd_ready(&sigfds[i], pending))
            sigfd_arm(&sigfds[i], false);
    sigfd_unlock(&old);
}

bool sigfd_is(int fd)
{
    if (!__atomic_load_n(&sigfd_count, __ATOMIC_SEQ_CST)) return false;
    sigset_t old;
    sigfd_lock(&old);
    bool found = sigfd_find(fd) != NULL;
    sigfd_unlock(&old);
    return found;
}

void sigfd_forget(int fd)
{
    if (!__atomic_load_n(&sigfd_count, __ATOMIC_SEQ_CST)) return;
    sigset_t old;
    sigfd_lock(&old);
    struct sigfd *s = sigfd_find(fd);
    if (s) {
        s->used = false;
        __atomic_sub_fetch(&sigfd_count, 1, __ATOMIC_SEQ_CST);
    }
    sigfd_unlock(&old);
}

/* Copies fd's mask to mask; false when fd is not a signalfd (any more). */
static bool sigfd_mask(int fd, uint32_t *mask)
{
    sigset_t old;
    sigfd_lock(&old);
    struct sigfd *s = sigfd_find(fd);
    if (s) memcpy(mask, s->mask, sizeof s->mask);
    sigfd_unlock(&old);
    return s != NULL;
}

/* Sets fd's mask (a new entry when it has none): 0, or -(MIPS errno). */
static int64_t sigfd_set(struct user_proc *p, int fd, const uint32_t *mask)
{
    uint32_t pending[4];
    sigset_t old;
    int64_t r = -MIPS_ENOMEM;
    sigfd_lock(&old);
    struct sigfd *s = sigfd_find(fd);
    if (!s && (s = sigfd_find(-1)) != NULL) {
        s->used = true;
        s->fd = fd;
        s->armed = false;
        __atomic_add_fetch(&sigfd_count, 1, __ATOMIC_SEQ_CST);
    }
    if (s) {
        memcpy(s->mask, mask, sizeof s->mask);
        sig_pending_set(p, pending);
        sigfd_arm(s, sigfd_ready(s, pending));
        r = 0;
    }
    sigfd_unlock(&old);
    return r;
}

/* signalfd4(fd, mask, 16, flags): -1 makes one; an existing signalfd gets
 * the new mask. SFD_NONBLOCK/SFD_CLOEXEC are MIPS's O_NONBLOCK/O_CLOEXEC. */
int64_t sys_signalfd4(struct user_proc *p, const uint32_t *a)
{
    int fd = (int)a[0];
    uint32_t mask[4], flags = a[3];
    if (a[2] != 16 || (flags & ~(uint32_t)(MIPS_O_NONBLOCK | MIPS_O_CLOEXEC))) return -MIPS_EINVAL;
    if (read_set(p, a[1], mask)) return -MIPS_EFAULT;
    if (fd != -1) {
        if (!sigfd_is(fd)) return fcntl(fd, F_GETFD) < 0 ? -MIPS_EBADF : -MIPS_EINVAL;
        return sigfd_set(p, fd, mask) ? -MIPS_EINVAL : fd;
    }
    int host = eventfd(0, (flags & MIPS_O_NONBLOCK ? EFD_NONBLOCK : 0) |
                              (flags & MIPS_O_CLOEXEC ? EFD_CLOEXEC : 0));
    if (host < 0) return sys_err(errno);
    int64_t r = sigfd_set(p, host, mask);
    if (r) {
        close(host);
        return r;
    }
    return host;
}

/* signalfd(fd, mask, 16): signalfd4 without flags. */
int64_t sys_signalfd(struct user_proc *p, const uint32_t *a)
{
    uint32_t b[4] = {a[0], a[1], a[2], 0};
    return sys_signalfd4(p, b);
}

/* struct signalfd_siginfo for sig, by the layout Linux's
 * signalfd_copyinfo picks for its siginfo. */
static void put_signalfd_info(struct user_proc *p, uint8_t *g, int sig,
                              const struct user_siginfo *info)
{
    bool be = guest_be(p);
    memset(g, 0, SIGFD_INFO_SIZE);
    abi_put32(be, g, (uint32_t)sig);
    abi_put32(be, g + 4, (uint32_t)info->err);
    abi_put32(be, g + 8, (uint32_t)info->code);
    bool own_code = info->code > 0 && info->code < MIPS_SI_KERNEL;
    const uint32_t *w = info->word;
    uint64_t ptr = (uint64_t)(int64_t)(int32_t)w[2]; /* (long)si_ptr on a 32-bit kernel */
    if (info->code == MIPS_SI_TIMER) {
        abi_put32(be, g + 24, w[0]); /* ssi_tid */
        abi_put32(be, g + 32, w[1]); /* ssi_overrun */
        abi_put32(be, g + 44, w[2]); /* ssi_int */
        abi_put64(be, g + 48, ptr);  /* ssi_ptr */
    } else if (sig == MIPS_SIGCHLD && own_code) {
        abi_put32(be, g + 12, w[0]);                             /* ssi_pid */
        abi_put32(be, g + 16, w[1]);                             /* ssi_uid */
        abi_put32(be, g + 40, w[2]);                             /* ssi_status */
        abi_put64(be, g + 56, (uint64_t)(int64_t)(int32_t)w[3]); /* ssi_utime */
        abi_put64(be, g + 64, (uint64_t)(int64_t)(int32_t)w[4]); /* ssi_stime */
    } else if (sig == MIPS_SIGPOLL && own_code) {
        abi_put32(be, g + 28, w[0]); /* ssi_band */
        abi_put32(be, g + 20, w[1]); /* ssi_fd */
    } else if (own_code) {
        abi_put64(be, g + 72, w[0]); /* ssi_addr of a fault */
    } else {
        abi_put32(be, g + 12, w[0]); /* ssi_pid */
        abi_put32(be, g + 16, w[1]); /* ssi_uid */
        if (info->code < 0) {
            abi_put32(be, g + 44, w[2]); /* ssi_int */
            abi_put64(be, g + 48, ptr);  /* ssi_ptr */
        }
    }
}

int64_t sigfd_read(struct user_proc *p, int fd, uint32_t addr, uint32_t len)
{
    uint32_t mask[4];
    if (!sigfd_mask(fd, mask)) return -MIPS_EBADF;
    uint32_t count = len / SIGFD_INFO_SIZE;
    if (!count) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, addr, count * SIGFD_INFO_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    int fl = fcntl(fd, F_GETFL);
    bool nonblock = fl >= 0 && (fl & O_NONBLOCK);
    uint32_t n = 0;
    for (; n < count; n++) {
        struct user_siginfo info;
        int sig = n || nonblock ? sig_dequeue(p, mask, &info) : wait_signal(p, mask, NULL, &info);
        if (sig < 0 && !n) return sig;
        if (sig <= 0) break;
        put_signalfd_info(p, g + n * SIGFD_INFO_SIZE, sig, &info);
    }
    return n ? (int64_t)n * SIGFD_INFO_SIZE : -MIPS_EAGAIN;
}

/* ---- child waits ---- */

/* struct rusage for o32: two 32-bit timevals then 14 32-bit longs (72 bytes). */
static void put_rusage(struct user_proc *p, uint8_t *g, const struct rusage *ru)
{
    bool be = guest_be(p);
    abi_put32(be, g, (uint32_t)ru->ru_utime.tv_sec);
    abi_put32(be, g + 4, (uint32_t)ru->ru_utime.tv_usec);
    abi_put32(be, g + 8, (uint32_t)ru->ru_stime.tv_sec);
    abi_put32(be, g + 12, (uint32_t)ru->ru_stime.tv_usec);
    const long rest[14] = {ru->ru_maxrss,  ru->ru_ixrss,  ru->ru_idrss,  ru->ru_isrss,
                           ru->ru_minflt,  ru->ru_majflt, ru->ru_nswap,  ru->ru_inblock,
                           ru->ru_oublock, ru->ru_msgsnd, ru->ru_msgrcv, ru->ru_nsignals,
                           ru->ru_nvcsw,   ru->ru_nivcsw};
    for (int i = 0; i < 14; i++)
        abi_put32(be, g + 16 + 4 * i, (uint32_t)rest[i]);
}

/* waitid(idtype, id, info, options, rusage): P_* and W* are the generic
 * values; Linux writes signo, errno, code, pid, uid, status (all 0 when
 * WNOHANG found nothing), with the status a MIPS signal number unless the
 * child exited. */
int64_t sys_waitid(struct user_proc *p, const uint32_t *a)
{
    uint8_t *g = a[2] ? guest_buf(p, a[2], SIGINFO_SIZE, GM_WRITE) : NULL;
    uint8_t *r = a[4] ? guest_buf(p, a[4], 72, GM_WRITE) : NULL;
    if ((a[2] && !g) || (a[4] && !r)) return -MIPS_EFAULT;
    siginfo_t si;
    struct rusage ru;
    memset(&si, 0, sizeof si);
    if (syscall(SYS_waitid, (int)a[0], (int)a[1], &si, (int)a[3], r ? &ru : NULL) != 0)
        return sys_err(errno);
    if (g) {
        bool be = guest_be(p);
        int status = si.si_code == CLD_EXITED || !si.si_signo ? si.si_status
                                                              : host_to_mips_signal(si.si_status);
        abi_put32(be, g, si.si_signo ? (uint32_t)host_to_mips_signal(si.si_signo) : 0);
        abi_put32(be, g + 4, (uint32_t)si.si_code);
        abi_put32(be, g + 8, 0);
        abi_put32(be, g + 12, (uint32_t)si.si_pid);
        abi_put32(be, g + 16, si.si_uid);
        abi_put32(be, g + 20, (uint32_t)status);
    }
    if (r) put_rusage(p, r, &ru);
    return 0;
}

/* pidfd_open(pid, flags): PIDFD_NONBLOCK is MIPS's O_NONBLOCK, PIDFD_THREAD
 * its O_EXCL. */
int64_t sys_pidfd_open(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    if (a[1] & ~(uint32_t)(MIPS_O_NONBLOCK | MIPS_O_EXCL)) return -MIPS_EINVAL;
    int flags = (a[1] & MIPS_O_NONBLOCK ? O_NONBLOCK : 0) | (a[1] & MIPS_O_EXCL ? O_EXCL : 0);
    return sys_host(syscall(SYS_pidfd_open, (pid_t)a[0], flags));
}
