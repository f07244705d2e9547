/* tests/user/progs/fork_threads.c — fork in a threaded guest: the child has
 * only the forking thread (Linux), whether that is the main thread or
 * another, and ends with its own status or signal; threads blocked in
 * pause(), sigwait, a condition variable, nanosleep, read and poll all go
 * when the process exits. Under tern the child used to wait for threads it
 * does not have, and a thread in pause() never left. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static int status_of(pid_t pid)
{
    int st;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void *in_pause(void *a)
{
    (void)a;
    for (;;)
        pause();
    return NULL;
}

static void *in_sigwait(void *a)
{
    (void)a;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    int sig;
    sigwait(&s, &sig);
    return NULL;
}

static void *in_cond(void *a)
{
    (void)a;
    pthread_mutex_lock(&m);
    pthread_cond_wait(&c, &m);
    return NULL;
}

static void *in_sleep(void *a)
{
    (void)a;
    struct timespec ts = {1000, 0};
    nanosleep(&ts, NULL);
    return NULL;
}

static void *in_read(void *a)
{
    (void)a;
    char b;
    return (void *)(long)read(fds[0], &b, 1);
}

static void *in_poll(void *a)
{
    (void)a;
    struct pollfd p = {fds[0], POLLIN, 0};
    return (void *)(long)poll(&p, 1, -1);
}

static void *forker(void *a)
{
    (void)a;
    pid_t pid = fork();
    if (pid == 0) exit(4);
    printf("child of a thread exits: %d\n", status_of(pid));
    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(9);
    }
    printf("child of a thread killed: %d\n", status_of(pid));
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    if (pipe(fds) != 0) return 1;
    void *(*blockers[])(void *) = {in_pause, in_sigwait, in_cond, in_sleep, in_read, in_poll};
    pthread_t t;
    for (size_t i = 0; i < sizeof blockers / sizeof blockers[0]; i++)
        pthread_create(&t, NULL, blockers[i], NULL);
    pid_t pid = fork();
    if (pid == 0) exit(3);
    printf("child of main exits: %d\n", status_of(pid));
    pthread_create(&t, NULL, forker, NULL);
    pthread_join(t, NULL);
    printf("exit with six threads blocked\n");
    return 0;
}
