/* tests/user/progs/timers_linux.c — what timers.c cannot compare with
 * qemu-user 7.2 (which gives timer signals si_code 0, and so cannot run
 * glibc's SIGEV_THREAD) or with the verify engine (no threads): SI_TIMER,
 * si_timerid and the value in a handler and from sigwaitinfo; overruns of a
 * blocked periodic timer (si_overrun, timer_getoverrun); a SIGEV_THREAD
 * timer's callback; a SIGEV_THREAD_ID timer taken by the thread it names;
 * a worker thread's sigwaitinfo and a signalfd in epoll for signals another
 * process sent; a blocked SIGALRM from setitimer taken with sigwaitinfo;
 * and the 32-bit timer_settime/timerfd_settime/rt_sigtimedwait and
 * waitid's rusage, which glibc 2.36 does not call. Prints what Linux gives
 * a 32-bit task (tests/user/timers_linux.sh has it). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits, code, value, timerid;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    code = si->si_code;
    value = si->si_value.sival_int;
    timerid = si->si_timerid;
    hits++;
}

/* Busy for ms: under tern a blocked signal's host signal interrupts a sleep
 * (EINTR), which Linux would not. */
static void spin_ms(long ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

static void block(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static timer_t make_timer(int notify, int sig, int val, long ns, long interval_ns)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = notify;
    ev.sigev_signo = sig;
    ev.sigev_value.sival_int = val;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) printf("timer_create: errno %d\n", errno);
    struct itimerspec ts = {{0, interval_ns}, {0, ns}};
    timer_settime(t, 0, &ts, NULL);
    return t;
}

static void test_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    timer_t t = make_timer(SIGEV_SIGNAL, SIGRTMIN + 1, 11, 10000000, 0);
    while (!hits)
        pause();
    printf("handler: code SI_TIMER %d value %d timerid ok %d\n", code == SI_TIMER, value,
           timerid == (int)(intptr_t)t);
    timer_delete(t);
}

static void test_overrun(void)
{
    int sig = SIGRTMIN + 2;
    block(sig);
    timer_t t = make_timer(SIGEV_SIGNAL, sig, 12, 2000000, 2000000);
    spin_ms(60);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = sigwaitinfo(&set, &si);
    int over = timer_getoverrun(t);
    timer_delete(t);
    printf("overrun: got %d code SI_TIMER %d value %d counted %d getoverrun same %d\n", r == sig,
           si.si_code == SI_TIMER, si.si_value.sival_int, si.si_overrun >= 5,
           over == si.si_overrun);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int thread_value;

static void on_thread_timer(union sigval v)
{
    pthread_mutex_lock(&lock);
    thread_value = v.sival_int;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
}

static void test_sigev_thread(void)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_thread_timer;
    ev.sigev_value.sival_int = 21;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) printf("SIGEV_THREAD: errno %d\n", errno);
    struct itimerspec ts = {{0, 0}, {0, 10000000}};
    timer_settime(t, 0, &ts, NULL);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&lock);
    while (!thread_value && pthread_cond_timedwait(&cond, &lock, &until) == 0)
        ;
    pthread_mutex_unlock(&lock);
    printf("SIGEV_THREAD: callback value %d\n", thread_value);
    timer_delete(t);
}

struct waiter {
    int sig;
    pid_t tid;
    int got, code, value, pid;
};

static void *wait_thread(void *arg)
{
    struct waiter *w = arg;
    w->tid = gettid();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, w->sig);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    struct timespec limit = {5, 0};
    w->got = sigtimedwait(&set, &si, &limit) == w->sig;
    w->code = si.si_code;
    w->value = si.si_value.sival_int;
    w->pid = si.si_pid;
    return NULL;
}

static void test_thread_id(void)
{
    struct waiter w = {.sig = SIGRTMIN + 4};
    block(w.sig);
    pthread_t th;
    pthread_create(&th, NULL, wait_thread, &w);
    while (!__atomic_load_n(&w.tid, __ATOMIC_SEQ_CST))
        usleep(1000);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = w.sig;
    ev.sigev_value.sival_int = 31;
    ev._sigev_un._tid = w.tid;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec ts = {{0, 0}, {0, 20000000}};
    timer_settime(t, 0, &ts, NULL);
    pthread_join(th, NULL);
    printf("SIGEV_THREAD_ID: taken by its thread %d code SI_TIMER %d value %d\n", w.got,
           w.code == SI_TIMER, w.value);
    timer_delete(t);
    ev._sigev_un._tid = 1; /* not one of ours */
    int r = timer_create(CLOCK_MONOTONIC, &ev, &t);
    printf("SIGEV_THREAD_ID: other tid %d errno EINVAL %d\n", r, errno == EINVAL);
}

/* The child is made first: a fork while other threads run gives a child
 * that cannot exit under tern (its thread group still lists them). */
static void test_worker_from_child(void)
{
    struct waiter w = {.sig = SIGUSR1};
    block(SIGUSR1);
    pid_t child = fork();
    if (child == 0) {
        usleep(100000);
        union sigval v = {.sival_int = 41};
        sigqueue(getppid(), SIGUSR1, v);
        _exit(0);
    }
    pthread_t th;
    pthread_create(&th, NULL, wait_thread, &w);
    pthread_join(th, NULL);
    waitpid(child, NULL, 0);
    printf("worker sigwait: got %d code SI_QUEUE %d value %d pid child %d\n", w.got,
           w.code == SI_QUEUE, w.value, w.pid == child);
}

static void test_signalfd_epoll(void)
{
    block(SIGUSR2);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int fd = signalfd(-1, &set, SFD_NONBLOCK);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    struct epoll_event out;
    printf("signalfd epoll: idle %d\n", epoll_wait(ep, &out, 1, 0));
    pid_t child = fork();
    if (child == 0) {
        usleep(20000);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    memset(&out, 0, sizeof out);
    int n;
    do /* tern: the blocked signal's arrival may interrupt it (see spin_ms) */
        n = epoll_wait(ep, &out, 1, 5000);
    while (n < 0 && errno == EINTR);
    struct signalfd_siginfo ssi[2];
    memset(ssi, 0, sizeof ssi);
    ssize_t r = read(fd, ssi, sizeof ssi);
    printf("signalfd epoll: ready %d data %u read %zd signo ok %d pid child %d\n", n, out.data.u32,
           r, ssi[0].ssi_signo == SIGUSR2, ssi[0].ssi_pid == (uint32_t)child);
    printf("signalfd epoll: drained %d\n", epoll_wait(ep, &out, 1, 0));
    waitpid(child, NULL, 0);
    close(ep);
    close(fd);
}

static void test_blocked_alarm(void)
{
    block(SIGALRM);
    struct itimerval it = {{0, 0}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = sigwaitinfo(&set, &si);
    printf("blocked SIGALRM: got %d code SI_KERNEL %d\n", r == SIGALRM, si.si_code == SI_KERNEL);
}

/* The 32-bit itimerspec: {interval sec, nsec, value sec, nsec}. */
static void test_old_calls(void)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    int kid;
    long r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid);
    int32_t in[4] = {1, 500, 30, 0}, out[4] = {0};
    r |= syscall(SYS_timer_settime, kid, 0, in, NULL);
    r |= syscall(SYS_timer_gettime, kid, out);
    printf("timer_settime32: %ld interval %d.%09d value ~30 %d\n", r, out[0], out[1],
           out[2] >= 28 && out[2] <= 30);
    int32_t again[4];
    r = syscall(SYS_timer_settime, kid, 0, in, again);
    printf("timer_settime32 old: %ld ~30 %d\n", r, again[2] >= 28 && again[2] <= 30);
    syscall(SYS_timer_delete, kid);

    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    int32_t tin[4] = {0, 0, 40, 0}, tout[4] = {0};
    r = syscall(SYS_timerfd_settime, fd, 0, tin, NULL);
    r |= syscall(SYS_timerfd_gettime, fd, tout);
    printf("timerfd_settime32: %ld value ~40 %d\n", r, tout[2] >= 38 && tout[2] <= 40);
    close(fd);

    block(SIGUSR1);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    int32_t zero[2] = {0, 0};
    errno = 0;
    r = syscall(SYS_rt_sigtimedwait, &set, NULL, zero, 16);
    printf("rt_sigtimedwait32: %ld errno EAGAIN %d\n", r, errno == EAGAIN);
    raise(SIGUSR1);
    siginfo_t si;
    r = syscall(SYS_rt_sigtimedwait, &set, &si, zero, 16);
    printf("rt_sigtimedwait32: %d code SI_TKILL %d\n", r == SIGUSR1, si.si_code == SI_TKILL);

    pid_t child = fork();
    if (child == 0) {
        for (volatile long i = 0; i < 2000000; i++)
            ;
        _exit(5);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    memset(&si, 0, sizeof si);
    r = syscall(SYS_waitid, P_PID, child, &si, WEXITED, &ru);
    printf("waitid rusage: %ld status %d utime sane %d maxrss set %d\n", r, si.si_status,
           (ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000), (ru.ru_maxrss > 0));
}

/* kill(getpid()) from a thread that blocks the signal is process-directed:
 * the main thread's sigwait takes it (Linux; python's test_sigwait_thread). */
static void *kill_later(void *arg)
{
    (void)arg;
    usleep(20000);
    kill(getpid(), SIGUSR1);
    return NULL;
}

static void test_sigwait_main(void)
{
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_t t;
    pthread_create(&t, NULL, kill_later, NULL);
    int sig = 0;
    int rc = sigwait(&set, &sig);
    pthread_join(t, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    printf("main sigwait, kill from a thread: rc %d got SIGUSR1 %d\n", rc, sig == SIGUSR1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_handler();
    test_overrun();
    test_signalfd_epoll();
    test_blocked_alarm();
    test_old_calls();
    /* Threads last: glibc's SIGEV_THREAD helper stays (see above). */
    test_worker_from_child();
    test_sigev_thread();
    test_thread_id();
    test_sigwait_main();
    printf("done\n");
    return 0;
}
