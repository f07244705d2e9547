/* tests/gdb/mt/mtprog.c — the two-worker Linux program of the multi-thread
 * gdb sessions (tests/gdb/mt/*.gdb, under tern-user -g; built -g -O0,
 * static, both byte orders). main makes two workers: producer writes the
 * global produced (nothing else writes it: watch) and, with the argument
 * "segv", then stores through NULL; waiter spins in its own code until
 * SIGUSR1 reached it (argument "kill": main sends it with pthread_kill and
 * the handler records which thread ran it) or main lets it go. Every
 * stop a test expects is in code with line info, so gdb's bt and
 * info threads name the function. Output: "total=60", "usr1 in waiter=1". */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile int produced;       /* written by producer only */
volatile int release_waiter; /* main lets waiter end */
volatile int crash;          /* "segv": producer stores through NULL */
volatile int usr1_count;
volatile long usr1_tid; /* the thread the SIGUSR1 handler ran in */
volatile int *volatile null_ptr;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_tid = syscall(SYS_gettid);
    usr1_count++;
}

static int produce_one(int i)
{
    return i * 10;
}

static void *producer(void *arg)
{
    int total = 0;
    (void)arg;
    for (int i = 1; i <= 3; i++) {
        total += produce_one(i);
        produced = i;
    }
    if (crash) *null_ptr = total;
    return (void *)(long)total;
}

static void *waiter(void *arg)
{
    long spins = 0;
    (void)arg;
    while (!usr1_count && !release_waiter)
        spins++;
    return (void *)(long)(usr1_count && usr1_tid == syscall(SYS_gettid));
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t p, w;
    void *total, *in_waiter;
    crash = strcmp(mode, "segv") == 0;
    signal(SIGUSR1, on_usr1); /* before the threads: they copy the actions */
    pthread_create(&w, NULL, waiter, NULL);
    pthread_create(&p, NULL, producer, NULL);
    if (strcmp(mode, "kill") == 0) pthread_kill(w, SIGUSR1);
    pthread_join(p, &total);
    printf("total=%ld\n", (long)total);
    release_waiter = 1;
    pthread_join(w, &in_waiter);
    if (strcmp(mode, "kill") == 0) printf("usr1 in waiter=%ld\n", (long)in_waiter);
    fflush(stdout);
    return 0;
}
