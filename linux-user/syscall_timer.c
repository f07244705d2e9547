/* linux-user/syscall_timer.c — interval timers (setitimer/getitimer), POSIX
 * timers (timer_create and friends) and timerfds, all on the host's own
 * timers. o32 passes struct itimerval as four 32-bit words and struct
 * itimerspec as four 32-bit words (or, for the *64 calls, four 64-bit
 * ones); clock ids, ITIMER_* and the TIMER_ABSTIME/TFD_TIMER_* flags are the
 * generic values; TFD_NONBLOCK/TFD_CLOEXEC are MIPS's O_NONBLOCK/O_CLOEXEC.
 *
 * setitimer's SIGALRM/SIGVTALRM/SIGPROF are the host's, which reach the
 * guest through signal.c's host handler (or kill tern, as natively, at
 * their default action).
 *
 * POSIX timers: the guest's timer id is an index into timers[]; the host
 * timer it names raises sig_timer_host() with that index as its si_value,
 * and signal.c's handler asks timer_signal_info for the guest's signal,
 * value and target: the process (SIGEV_SIGNAL), or, for SIGEV_THREAD_ID, the
 * guest thread (= host thread) the host timer was pointed at. glibc builds
 * SIGEV_THREAD on SIGEV_THREAD_ID in the guest. Overruns: signal.c adds the
 * host's si_overrun and the expiries that came while the guest signal was
 * still pending into its si_overrun; timer_getoverrun gives that of the
 * last signal taken, as Linux's it_overrun_last.
 *
 * timerfd: the host's; a read gives a host-order u64, so the fds are
 * remembered and syscall_file.c's read swaps it for a big-endian guest.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define MIPS_EAGAIN 11
#define MIPS_SIGALRM 14
#define MIPS_SIGEV_SIGNAL 0
#define MIPS_SIGEV_NONE 1
#define MIPS_SIGEV_THREAD 2
#define MIPS_SIGEV_THREAD_ID 4
#define TIMERS 256
#define TIMERFD_FDS 4096
#define TIMER_TAG 0x7e000000 /* in a host timer's si_value: the rest is its index */

struct guest_timer {
    bool used;
    bool to_thread;        /* SIGEV_THREAD_ID */
    int host_id;           /* the kernel's id */
    int sig;               /* MIPS signal; 0 for SIGEV_NONE */
    uint32_t value;        /* sigev_value */
    uint32_t overrun_last; /* si_overrun of its last signal taken */
};

static struct guest_timer timers[TIMERS];
static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t timerfds[TIMERFD_FDS / 8];

/* ---- interval timers ---- */

static int64_t get_itimerval(struct user_proc *p, uint32_t addr, struct itimerval *it)
{
    const uint8_t *g = guest_buf(p, addr, 16, GM_READ);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    it->it_interval.tv_sec = (int32_t)abi_get32(be, g);
    it->it_interval.tv_usec = (int32_t)abi_get32(be, g + 4);
    it->it_value.tv_sec = (int32_t)abi_get32(be, g + 8);
    it->it_value.tv_usec = (int32_t)abi_get32(be, g + 12);
    return 0;
}

static void put_itimerval(struct user_proc *p, uint8_t *g, const struct itimerval *it)
{
    bool be = guest_be(p);
    abi_put32(be, g, (uint32_t)it->it_interval.tv_sec);
    abi_put32(be, g + 4, (uint32_t)it->it_interval.tv_usec);
    abi_put32(be, g + 8, (uint32_t)it->it_value.tv_sec);
    abi_put32(be, g + 12, (uint32_t)it->it_value.tv_usec);
}

/* setitimer(which, new, old): a NULL new disarms, as Linux allows. */
int64_t sys_setitimer(struct user_proc *p, const uint32_t *a)
{
    struct itimerval in, out;
    memset(&in, 0, sizeof in);
    if (a[1] && get_itimerval(p, a[1], &in)) return -MIPS_EFAULT;
    uint8_t *g = a[2] ? guest_buf(p, a[2], 16, GM_WRITE) : NULL;
    if (a[2] && !g) return -MIPS_EFAULT;
    if (setitimer((int)a[0], &in, &out) != 0) return sys_err(errno);
    if (g) put_itimerval(p, g, &out);
    return 0;
}

int64_t sys_getitimer(struct user_proc *p, const uint32_t *a)
{
    struct itimerval out;
    if (getitimer((int)a[0], &out) != 0) return sys_err(errno);
    uint8_t *g = guest_buf(p, a[1], 16, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    put_itimerval(p, g, &out);
    return 0;
}

/* ---- struct itimerspec ---- */

static int64_t get_itimerspec(struct user_proc *p, uint32_t addr, struct itimerspec *its, bool wide)
{
    uint32_t half = wide ? 16 : 8;
    if (get_timespec(p, addr, &its->it_interval, wide) ||
        get_timespec(p, addr + half, &its->it_value, wide))
        return -MIPS_EFAULT;
    return 0;
}

static int64_t put_itimerspec(struct user_proc *p, uint32_t addr, const struct itimerspec *its,
                              bool wide)
{
    uint32_t half = wide ? 16 : 8;
    if (put_timespec(p, addr, &its->it_interval, wide) ||
        put_timespec(p, addr + half, &its->it_value, wide))
        return -MIPS_EFAULT;
    return 0;
}

static bool writable(struct user_proc *p, uint32_t addr, bool wide)
{
    return !addr || guest_buf(p, addr, wide ? 32 : 16, GM_WRITE);
}

/* ---- POSIX timers ---- */

bool timer_signal_info(int sival, int overrun, int *sig, struct user_siginfo *info, bool *to_thread)
{
    uint32_t index = (uint32_t)sival & ~(uint32_t)TIMER_TAG;
    if (((uint32_t)sival & TIMER_TAG) != TIMER_TAG || index >= TIMERS) return false;
    const struct guest_timer *t = &timers[index];
    if (!t->used || !t->sig) return false;
    *sig = t->sig;
    *to_thread = t->to_thread;
    memset(info, 0, sizeof *info);
    info->code = MIPS_SI_TIMER;
    info->word[0] = index;             /* si_tid */
    info->word[1] = (uint32_t)overrun; /* si_overrun */
    info->word[2] = t->value;          /* si_value */
    return true;
}

void timer_taken(uint32_t id, uint32_t overrun)
{
    if (id < TIMERS) timers[id].overrun_last = overrun;
}

/* The timer the guest's id names, or NULL (EINVAL). */
static struct guest_timer *timer_get(uint32_t id)
{
    return id < TIMERS && timers[id].used ? &timers[id] : NULL;
}

/* The host sigevent for the guest's at addr (o32 struct sigevent: value,
 * signo, notify, then the thread id at +12) for timer index; the guest
 * timer's fields are filled in t. 0, or -(MIPS errno). */
static int64_t timer_event(struct user_proc *p, uint32_t addr, uint32_t index,
                           struct guest_timer *t, struct sigevent *ev)
{
    memset(ev, 0, sizeof *ev);
    uint32_t notify = MIPS_SIGEV_SIGNAL, signo = MIPS_SIGALRM, tid = 0;
    t->value = index; /* no sigevent: SIGALRM carrying the timer id, as Linux */
    if (addr) {
        const uint8_t *g = guest_buf(p, addr, 16, GM_READ);
        if (!g) return -MIPS_EFAULT;
        bool be = guest_be(p);
        t->value = abi_get32(be, g);
        signo = abi_get32(be, g + 4);
        notify = abi_get32(be, g + 8);
        tid = abi_get32(be, g + 12);
    }
    if (notify == MIPS_SIGEV_NONE) {
        ev->sigev_notify = SIGEV_NONE;
        return 0;
    }
    /* good_sigevent: SIGEV_THREAD is a process-wide signal to the kernel. */
    if (notify != MIPS_SIGEV_SIGNAL && notify != MIPS_SIGEV_THREAD &&
        notify != MIPS_SIGEV_THREAD_ID)
        return -MIPS_EINVAL;
    if (signo == 0 || signo > MIPS_NSIG) return -MIPS_EINVAL;
    t->sig = (int)signo;
    ev->sigev_signo = sig_timer_host();
    ev->sigev_value.sival_int = (int)(TIMER_TAG | index);
    ev->sigev_notify = SIGEV_SIGNAL;
    if (notify == MIPS_SIGEV_THREAD_ID) {
        if (!thread_find(p, (int)tid)) return -MIPS_EINVAL;
        t->to_thread = true;
        ev->sigev_notify = SIGEV_THREAD_ID;
        ev->_sigev_un._tid = (pid_t)tid; /* guest tids are host tids */
    }
    return 0;
}

/* timer_create(clockid, sigevent, timer_t *id). */
int64_t sys_timer_create(struct user_proc *p, const uint32_t *a)
{
    uint8_t *out = guest_buf(p, a[2], 4, GM_WRITE);
    if (!out) return -MIPS_EFAULT;
    pthread_mutex_lock(&timers_lock);
    uint32_t index = 0;
    while (index < TIMERS && timers[index].used)
        index++;
    int64_t r = -MIPS_EAGAIN; /* no timer id left */
    struct guest_timer t = {0};
    struct sigevent ev;
    if (index < TIMERS && (r = timer_event(p, a[1], index, &t, &ev)) == 0) {
        int id;
        if (syscall(SYS_timer_create, (clockid_t)a[0], &ev, &id) != 0) {
            r = sys_err(errno);
        } else {
            t.host_id = id;
            t.used = true;
            timers[index] = t;
            abi_put32(guest_be(p), out, index);
        }
    }
    pthread_mutex_unlock(&timers_lock);
    return r;
}

static int64_t do_timer_settime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct guest_timer *t = timer_get(a[0]);
    if (!t) return -MIPS_EINVAL;
    struct itimerspec in, out;
    if (!a[2]) return -MIPS_EINVAL;
    if (get_itimerspec(p, a[2], &in, wide) || !writable(p, a[3], wide)) return -MIPS_EFAULT;
    if (syscall(SYS_timer_settime, t->host_id, (int)a[1], &in, &out) != 0) return sys_err(errno);
    return a[3] ? put_itimerspec(p, a[3], &out, wide) : 0;
}

static int64_t do_timer_gettime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct guest_timer *t = timer_get(a[0]);
    if (!t) return -MIPS_EINVAL;
    struct itimerspec out;
    if (syscall(SYS_timer_gettime, t->host_id, &out) != 0) return sys_err(errno);
    return put_itimerspec(p, a[1], &out, wide);
}

int64_t sys_timer_settime(struct user_proc *p, const uint32_t *a)
{
    return do_timer_settime(p, a, false);
}

int64_t sys_timer_settime64(struct user_proc *p, const uint32_t *a)
{
    return do_timer_settime(p, a, true);
}

int64_t sys_timer_gettime(struct user_proc *p, const uint32_t *a)
{
    return do_timer_gettime(p, a, false);
}

int64_t sys_timer_gettime64(struct user_proc *p, const uint32_t *a)
{
    return do_timer_gettime(p, a, true);
}

int64_t sys_timer_getoverrun(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    struct guest_timer *t = timer_get(a[0]);
    if (!t) return -MIPS_EINVAL;
    return t->overrun_last;
}

int64_t sys_timer_delete(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    pthread_mutex_lock(&timers_lock);
    struct guest_timer *t = timer_get(a[0]);
    int64_t r = -MIPS_EINVAL;
    if (t) {
        r = sys_host(syscall(SYS_timer_delete, t->host_id));
        t->used = false;
    }
    pthread_mutex_unlock(&timers_lock);
    return r;
}

/* ---- timerfd ---- */

bool timerfd_is(int fd)
{
    return fd >= 0 && fd < TIMERFD_FDS &&
           (__atomic_load_n(&timerfds[fd / 8], __ATOMIC_RELAXED) >> (fd % 8) & 1);
}

void timerfd_forget(int fd)
{
    if (fd >= 0 && fd < TIMERFD_FDS)
        __atomic_and_fetch(&timerfds[fd / 8], (uint8_t) ~(1u << (fd % 8)), __ATOMIC_RELAXED);
}

/* timerfd_create(clockid, flags): TFD_NONBLOCK/TFD_CLOEXEC are MIPS's O_*. */
int64_t sys_timerfd_create(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    if (a[1] & ~(uint32_t)(MIPS_O_NONBLOCK | MIPS_O_CLOEXEC)) return -MIPS_EINVAL;
    int flags =
        (a[1] & MIPS_O_NONBLOCK ? TFD_NONBLOCK : 0) | (a[1] & MIPS_O_CLOEXEC ? TFD_CLOEXEC : 0);
    int fd = timerfd_create((clockid_t)a[0], flags);
    if (fd < 0) return sys_err(errno);
    if (fd < TIMERFD_FDS)
        __atomic_or_fetch(&timerfds[fd / 8], (uint8_t)(1u << (fd % 8)), __ATOMIC_RELAXED);
    return fd;
}

static int64_t do_timerfd_settime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct itimerspec in, out;
    if (get_itimerspec(p, a[2], &in, wide) || !writable(p, a[3], wide)) return -MIPS_EFAULT;
    if (timerfd_settime((int)a[0], (int)a[1], &in, &out) != 0) return sys_err(errno);
    return a[3] ? put_itimerspec(p, a[3], &out, wide) : 0;
}

static int64_t do_timerfd_gettime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct itimerspec out;
    if (timerfd_gettime((int)a[0], &out) != 0) return sys_err(errno);
    return put_itimerspec(p, a[1], &out, wide);
}

int64_t sys_timerfd_settime(struct user_proc *p, const uint32_t *a)
{
    return do_timerfd_settime(p, a, false);
}

int64_t sys_timerfd_settime64(struct user_proc *p, const uint32_t *a)
{
    return do_timerfd_settime(p, a, true);
}

int64_t sys_timerfd_gettime(struct user_proc *p, const uint32_t *a)
{
    return do_timerfd_gettime(p, a, false);
}

int64_t sys_timerfd_gettime64(struct user_proc *p, const uint32_t *a)
{
    return do_timerfd_gettime(p, a, true);
}
