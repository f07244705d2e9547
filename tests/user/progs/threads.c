/* tests/user/progs/threads.c — POSIX threads under tern-user: a mutex
 * counter with 8 threads, a lock-free counter (LL/SC via __atomic), a
 * condvar producer/consumer, pthread_join results, thread-local storage, a
 * detached thread, pthread_exit, tgkill to a thread's handler. Output is
 * deterministic (only totals and joined values are printed), compared with
 * qemu-user's. */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 8
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static unsigned atomic_counter;
static __thread int tls_value = 7;

static void *count_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    tls_value = id * 100;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
    }
    /* TLS: each thread sees only its own value. */
    return (void *)(intptr_t)(tls_value + id);
}

/* ---- producer / consumer ---- */
#define QSIZE 4
#define NITEMS 1000
static int queue[QSIZE];
static int qhead, qcount;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= NITEMS; i++) {
        pthread_mutex_lock(&lock);
        while (qcount == QSIZE)
            pthread_cond_wait(&not_full, &lock);
        queue[(qhead + qcount++) % QSIZE] = i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < NITEMS; i++) {
        pthread_mutex_lock(&lock);
        while (qcount == 0)
            pthread_cond_wait(&not_empty, &lock);
        sum += queue[qhead];
        qhead = (qhead + 1) % QSIZE;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
    }
    return (void *)sum;
}

/* ---- detached thread, pthread_exit, signals to a thread ---- */
static volatile int detached_done;
static volatile sig_atomic_t got_usr1;

static void *detached(void *arg)
{
    (void)arg;
    __atomic_store_n(&detached_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void nested_exit(int v)
{
    pthread_exit((void *)(intptr_t)v);
}

static void *exits_early(void *arg)
{
    nested_exit((int)(intptr_t)arg * 3);
    return NULL; /* not reached */
}

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

static void *waits_for_signal(void *arg)
{
    (void)arg;
    while (!got_usr1)
        usleep(1000);
    return (void *)(intptr_t)syscall(SYS_gettid);
}

int main(void)
{
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, count_worker, (void *)(intptr_t)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    long joined = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        joined += (intptr_t)r;
    }
    printf("mutex counter %ld (expected %d)\n", counter, NTHREADS * ITERS);
    printf("atomic counter %u (expected %d)\n", atomic_counter, NTHREADS * ITERS);
    printf("joined sum %ld, main tls %d\n", joined, tls_value);

    pthread_t p, c;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, NULL);
    void *sum;
    pthread_join(p, NULL);
    pthread_join(c, &sum);
    printf("consumed sum %ld (expected %d)\n", (long)sum, NITEMS * (NITEMS + 1) / 2);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t d;
    pthread_create(&d, &attr, detached, NULL);
    pthread_attr_destroy(&attr);
    while (!__atomic_load_n(&detached_done, __ATOMIC_SEQ_CST))
        usleep(1000);
    printf("detached thread ran\n");

    pthread_t e;
    void *ev;
    pthread_create(&e, NULL, exits_early, (void *)14);
    pthread_join(e, &ev);
    printf("pthread_exit value %ld\n", (long)(intptr_t)ev);

    signal(SIGUSR1, on_usr1);
    pthread_t w;
    void *wtid;
    pthread_create(&w, NULL, waits_for_signal, NULL);
    pthread_kill(w, SIGUSR1);
    pthread_join(w, &wtid);
    printf("signalled thread had its own tid: %s\n",
           (long)(intptr_t)wtid != (long)getpid() ? "yes" : "no");
    fflush(stdout);
    return 3;
}
