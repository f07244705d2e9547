/* tests/user/progs/timers.c — interval timers, POSIX timers, timerfd, and
 * the calls that wait for or read signals: setitimer/getitimer with a
 * SIGALRM handler and pause(), and a child with no handler dying of
 * SIGALRM; timer_create (SIGEV_SIGNAL to an SA_SIGINFO handler that gets
 * the value; to a blocked, default-action signal taken with sigtimedwait;
 * SIGEV_NONE), timer_gettime while armed, timer_delete (qemu-user 7.2 gives
 * timer signals si_code 0: timers_linux.c checks SI_TIMER); timerfd (a
 * nonblocking read before expiry, the count after); sigtimedwait
 * for a blocked SIGUSR1 sent with kill, sigqueue, pthread_sigqueue and by
 * a child process, and timing out with EAGAIN; signalfd reading a blocked
 * SIGUSR2 after poll says readable; waitid on a child that exits 3 and one
 * killed by SIGTERM through pidfd_send_signal; pidfd_open + poll of an
 * exited child. Prints only what is the same on every run; the output must
 * match qemu-user's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, timer_hits, timer_value;

/* Prints a call's result and errno (read after the call, before printf). */
static void result(const char *what, long r)
{
    int e = errno;
    printf("%s %ld errno %d\n", what, r, r < 0 ? e : 0);
}

static void on_alarm(int sig)
{
    alarms += sig == SIGALRM;
}

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    timer_hits += sig == SIGRTMIN + 1;
    timer_value = si->si_value.sival_int;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void block(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

static void test_itimer(void)
{
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 50000}, {0, 20000}}, old;
    if (setitimer(ITIMER_REAL, &it, NULL) != 0) printf("setitimer failed %d\n", errno);
    while (!alarms)
        pause();
    getitimer(ITIMER_REAL, &old);
    printf("itimer: alarms %d interval %ld.%06ld value set %d\n", alarms > 0,
           (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec,
           old.it_value.tv_sec != 0 || old.it_value.tv_usec != 0);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, &old);
    getitimer(ITIMER_REAL, &old);
    printf("itimer: off value %ld.%06ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec);
    result("itimer: bad which", setitimer(7, &it, NULL));
    signal(SIGALRM, SIG_DFL);

    /* No handler: the child dies of SIGALRM as a native one would. */
    pid_t pid = fork();
    if (pid == 0) {
        struct itimerval once = {{0, 0}, {0, 10000}};
        setitimer(ITIMER_REAL, &once, NULL);
        for (;;)
            pause();
    }
    int st;
    waitpid(pid, &st, 0);
    printf("itimer: child killed %d by %d\n", WIFSIGNALED(st), WTERMSIG(st));
}

static void test_posix_timer(void)
{
    handle(SIGRTMIN + 1, on_timer);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    ev.sigev_value.sival_int = 4242;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) {
        printf("timer_create failed %d\n", errno);
        return;
    }
    struct itimerspec ts = {{0, 0}, {5, 0}}, cur;
    timer_settime(t, 0, &ts, NULL);
    timer_gettime(t, &cur);
    printf("timer: armed %d\n", cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec <= 5);
    struct itimerspec soon = {{0, 0}, {0, 10000000}};
    timer_settime(t, 0, &soon, &cur);
    printf("timer: old value set %d\n", cur.it_value.tv_sec >= 4);
    while (!timer_hits)
        pause();
    printf("timer: hits %d value %d overrun %d\n", timer_hits, timer_value, timer_getoverrun(t));
    timer_gettime(t, &cur);
    printf("timer: disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    printf("timer: delete %d\n", timer_delete(t));
    result("timer: gettime after delete", timer_gettime(t, &cur));

    /* A blocked signal with the default action, taken with sigtimedwait. */
    int sig = SIGRTMIN + 3;
    block(sig);
    ev.sigev_signo = sig;
    ev.sigev_value.sival_int = 99;
    timer_create(CLOCK_REALTIME, &ev, &t);
    timer_settime(t, 0, &soon, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int got = sigwaitinfo(&set, &si);
    printf("timer: waited %d value %d\n", got == sig, si.si_value.sival_int);
    timer_delete(t);

    /* SIGEV_NONE: no signal, but the time runs. */
    ev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs.it_value);
    abs.it_value.tv_sec += 100;
    abs.it_interval.tv_sec = 3;
    abs.it_interval.tv_nsec = 0;
    timer_settime(t, TIMER_ABSTIME, &abs, NULL);
    timer_gettime(t, &cur);
    printf("timer: none value ~100 %d interval %ld.%09ld\n",
           cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100, (long)cur.it_interval.tv_sec,
           cur.it_interval.tv_nsec);
    timer_delete(t);

    /* A child with no handler dies of its timer's signal. */
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGRTMIN + 2, SIG_DFL);
        ev.sigev_notify = SIGEV_SIGNAL;
        ev.sigev_signo = SIGRTMIN + 2;
        timer_create(CLOCK_MONOTONIC, &ev, &t);
        timer_settime(t, 0, &soon, NULL);
        for (;;)
            pause();
    }
    int st;
    waitpid(pid, &st, 0);
    printf("timer: child killed %d by SIGRTMIN+%d\n", WIFSIGNALED(st), WTERMSIG(st) - SIGRTMIN);
}

static void test_timerfd(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("timerfd: created %d cloexec %d nonblock %d\n", fd >= 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    struct itimerspec later = {{0, 0}, {5, 0}}, ts = {{0, 0}, {0, 10000000}}, cur;
    timerfd_settime(fd, 0, &later, NULL);
    timerfd_gettime(fd, &cur);
    printf("timerfd: armed %d\n", cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec <= 5);
    uint64_t n = 0;
    result("timerfd: early read", read(fd, &n, sizeof n));
    timerfd_settime(fd, 0, &ts, &cur);
    printf("timerfd: old value set %d\n", cur.it_value.tv_sec >= 4);
    struct pollfd pfd = {fd, POLLIN, 0};
    int r = poll(&pfd, 1, 5000);
    ssize_t got = read(fd, &n, sizeof n);
    printf("timerfd: poll %d read %zd count >= 1 %d small %d\n", r, got, n >= 1, n < 100);
    timerfd_gettime(fd, &cur);
    printf("timerfd: disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    close(fd);

    /* Blocking, periodic: a read waits for the first expiry. */
    fd = timerfd_create(CLOCK_REALTIME, 0);
    struct itimerspec per = {{0, 5000000}, {0, 5000000}};
    timerfd_settime(fd, 0, &per, NULL);
    got = read(fd, &n, sizeof n);
    printf("timerfd: blocking read %zd count >= 1 %d\n", got, n >= 1);
    timerfd_gettime(fd, &cur);
    printf("timerfd: interval %ld.%09ld\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    result("timerfd: short read", read(fd, &n, 4));
    close(fd);
    result("timerfd: bad clock", timerfd_create(1234, 0));
}

static void show_wait(const char *what, int r, const siginfo_t *si, int sig)
{
    printf("sigwait: %s -> %d signo %d code %d", what, r == sig, si->si_signo, si->si_code);
}

static void test_sigtimedwait(void)
{
    block(SIGUSR1);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    siginfo_t si;
    struct timespec wait = {5, 0};

    kill(getpid(), SIGUSR1);
    memset(&si, 0, sizeof si);
    int r = sigtimedwait(&set, &si, &wait);
    show_wait("kill", r, &si, SIGUSR1);
    printf(" pid self %d uid %d\n", si.si_pid == getpid(), si.si_uid == getuid());

    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGUSR1, v);
    memset(&si, 0, sizeof si);
    r = sigwaitinfo(&set, &si);
    show_wait("sigqueue", r, &si, SIGUSR1);
    printf(" pid self %d value %d\n", si.si_pid == getpid(), si.si_value.sival_int);

    v.sival_int = 78;
    pthread_sigqueue(pthread_self(), SIGUSR1, v);
    memset(&si, 0, sizeof si);
    r = sigwaitinfo(&set, &si);
    show_wait("pthread_sigqueue", r, &si, SIGUSR1);
    printf(" value %d\n", si.si_value.sival_int);

    pid_t child = fork();
    if (child == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    memset(&si, 0, sizeof si);
    r = sigtimedwait(&set, &si, &wait);
    show_wait("from child", r, &si, SIGUSR1);
    printf(" pid child %d\n", si.si_pid == child);
    waitpid(child, NULL, 0);

    struct timespec brief = {0, 10000000};
    errno = 0;
    r = sigtimedwait(&set, &si, &brief);
    printf("sigwait: timeout %d errno EAGAIN %d\n", r, errno == EAGAIN);
    struct timespec zero = {0, 0};
    errno = 0;
    r = sigtimedwait(&set, NULL, &zero);
    printf("sigwait: poll %d errno EAGAIN %d\n", r, errno == EAGAIN);
    raise(SIGUSR1);
    printf("sigwait: no info %d\n", sigtimedwait(&set, NULL, &zero) == SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("sigwait: none left %d\n", !sigismember(&pend, SIGUSR1));
    struct timespec bad = {0, 1000000000};
    result("sigwait: bad timeout", sigtimedwait(&set, NULL, &bad));
}

static void test_signalfd(void)
{
    block(SIGUSR2);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: created %d cloexec %d nonblock %d\n", fd >= 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    struct pollfd pfd = {fd, POLLIN, 0};
    printf("signalfd: poll before %d\n", poll(&pfd, 1, 0));
    struct signalfd_siginfo ssi;
    result("signalfd: empty read", read(fd, &ssi, sizeof ssi));
    union sigval v = {.sival_int = 5};
    sigqueue(getpid(), SIGUSR2, v);
    pfd.revents = 0;
    int r = poll(&pfd, 1, 5000);
    printf("signalfd: poll after %d revents %#x\n", r, pfd.revents);
    memset(&ssi, 0, sizeof ssi);
    ssize_t n = read(fd, &ssi, sizeof ssi);
    printf("signalfd: read %zd signo %u code %d pid self %d int %d ptr %llu\n", n, ssi.ssi_signo,
           ssi.ssi_code, ssi.ssi_pid == (uint32_t)getpid(), ssi.ssi_int,
           (unsigned long long)ssi.ssi_ptr);
    pfd.revents = 0;
    printf("signalfd: poll drained %d\n", poll(&pfd, 1, 0));
    result("signalfd: short buffer", read(fd, &ssi, 64));
    close(fd);

    /* Blocking: the signal comes from a child while the read waits. */
    fd = signalfd(-1, &set, 0);
    pid_t child = fork();
    if (child == 0) {
        usleep(20000);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    memset(&ssi, 0, sizeof ssi);
    n = read(fd, &ssi, sizeof ssi);
    printf("signalfd: blocking read %zd signo %u code %d pid child %d\n", n, ssi.ssi_signo,
           ssi.ssi_code, ssi.ssi_pid == (uint32_t)child);
    waitpid(child, NULL, 0);
    /* signalfd(fd, ...) changes the mask of an existing one. */
    sigaddset(&set, SIGUSR1);
    printf("signalfd: remask same fd %d\n", signalfd(fd, &set, 0) == fd);
    raise(SIGUSR1);
    n = read(fd, &ssi, sizeof ssi);
    printf("signalfd: read %zd signo %u code %d\n", n, ssi.ssi_signo, ssi.ssi_code);
    close(fd);
}

static void test_waitid(void)
{
    int go[2];
    if (pipe(go) != 0) return;
    pid_t pid = fork();
    if (pid == 0) { /* exits once the parent has looked with WNOHANG */
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) < 0) _exit(1);
        _exit(3);
    }
    close(go[0]);
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
    printf("waitid: nohang %d pid %d\n", r, si.si_pid);
    close(go[1]);
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    printf("waitid: nowait %d signo %d code %d status %d pid ok %d\n", r, si.si_signo, si.si_code,
           si.si_status, si.si_pid == pid);
    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid: exited %d signo %d code %d status %d pid ok %d uid ok %d\n", r, si.si_signo,
           si.si_code, si.si_status, si.si_pid == pid, si.si_uid == getuid());
    result("waitid: no child", waitid(P_ALL, 0, &si, WEXITED));
    result("waitid: bad options", waitid(P_ALL, 0, &si, 0));

    /* pidfd: a child killed through pidfd_send_signal, reaped with P_PIDFD. */
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
    printf("pidfd: open %d\n", pfd >= 0);
    struct pollfd p = {pfd, POLLIN, 0};
    printf("pidfd: poll running %d\n", poll(&p, 1, 0));
    printf("pidfd: send %ld\n", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    p.revents = 0;
    int pr = poll(&p, 1, 5000);
    printf("pidfd: poll exited %d revents %#x\n", pr, p.revents);
    memset(&si, 0, sizeof si);
    r = waitid(P_PIDFD, pfd, &si, WEXITED);
    printf("waitid: killed %d signo %d code %d status %d pid ok %d\n", r, si.si_signo, si.si_code,
           si.si_status, si.si_pid == pid);
    result("pidfd: send after reap", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    close(pfd);
    result("pidfd: bad pid", syscall(SYS_pidfd_open, -1, 0));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_itimer();
    test_posix_timer();
    test_timerfd();
    test_sigtimedwait();
    test_signalfd();
    test_waitid();
    return 0;
}
