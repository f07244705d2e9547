/* tests/user/progs/pifutex.c — PI futexes and get_robust_list for guest
 * threads (linux-user/futex.c). Checks itself and prints one line per
 * check ("ok ..." or "FAIL ..."), so the same text is expected on both byte
 * orders:
 *  - glibc PTHREAD_PRIO_INHERIT mutexes (LOCK_PI/UNLOCK_PI when contended)
 *    guarding a non-atomic counter in 4 threads, the lock word holding the
 *    owner's tid, trylock from another thread;
 *  - raw FUTEX_TRYLOCK_PI/LOCK_PI/UNLOCK_PI: EDEADLK, EPERM, a LOCK_PI
 *    timeout (absolute CLOCK_REALTIME), ESRCH for a tid that cannot exist,
 *    hand-over to a blocked locker, WAIT_REQUEUE_PI + CMP_REQUEUE_PI;
 *  - "robust" (argument absent or "all"): robust PI mutexes whose owner
 *    thread exits (EOWNERDEAD, with a waiter blocked and without), and
 *    get_robust_list against the head glibc registered.
 * With the argument "pionly" the robust part is skipped (qemu-user serves
 * no robust lists). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 20000

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) failures++;
}

static long fx(uint32_t *w, int op, uint32_t val, const void *ts, uint32_t *w2, uint32_t val3)
{
    long r = syscall(SYS_futex, w, op, val, ts, w2, val3);
    return r < 0 ? -errno : r;
}

static uint32_t tid(void)
{
    return (uint32_t)syscall(SYS_gettid);
}

static uint32_t lock_word(pthread_mutex_t *m)
{
    return (uint32_t)__atomic_load_n(&m->__data.__lock, __ATOMIC_SEQ_CST);
}

/* ---- glibc PI mutexes ---- */
static pthread_mutex_t pim;
static volatile unsigned counter;

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&pim);
        unsigned c = counter;
        if (i % 64 == 0) sched_yield(); /* hold it a while: contention */
        counter = c + 1;
        pthread_mutex_unlock(&pim);
    }
    return NULL;
}

static void *try_other(void *arg)
{
    return (void *)(intptr_t)pthread_mutex_trylock((pthread_mutex_t *)arg);
}

static void test_pi_mutex(void)
{
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    check(pthread_mutexattr_setprotocol(&at, PTHREAD_PRIO_INHERIT) == 0, "PRIO_INHERIT attr");
    check(pthread_mutex_init(&pim, &at) == 0, "PI mutex init");
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, bump, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    check(counter == NTHREADS * ROUNDS, "PI mutex counter under contention");
    pthread_mutex_lock(&pim);
    check((lock_word(&pim) & FUTEX_TID_MASK) == tid(), "PI lock word holds the owner tid");
    pthread_t o;
    void *r;
    pthread_create(&o, NULL, try_other, &pim);
    pthread_join(o, &r);
    check((intptr_t)r == EBUSY, "trylock of a held PI mutex from another thread: EBUSY");
    pthread_mutex_unlock(&pim);
    check(lock_word(&pim) == 0, "PI lock word 0 after unlock");
}

/* ---- raw PI futex ops ---- */
static uint32_t word, cv;
static volatile int stage;
static volatile long got;
static volatile uint32_t got_word, waiter_tid;

static void *locker(void *arg)
{
    (void)arg;
    waiter_tid = tid();
    got = fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    got_word = word;
    fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    return NULL;
}

static void *holder(void *arg)
{
    (void)arg;
    fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    stage = 1;
    while (stage != 2)
        usleep(1000);
    fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    return NULL;
}

static void *requeue_waiter(void *arg)
{
    (void)arg;
    waiter_tid = tid();
    got = fx(&cv, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, NULL, &word, 0);
    got_word = word;
    fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    return NULL;
}

static void test_raw(void)
{
    word = 0;
    check(fx(&word, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == 0, "TRYLOCK_PI on 0");
    check(word == tid(), "TRYLOCK_PI wrote our tid");
    check(fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0) == -EDEADLK, "LOCK_PI own: EDEADLK");
    check(fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == 0 && word == 0, "UNLOCK_PI");
    check(fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == -EPERM,
          "UNLOCK_PI unowned: EPERM");
    word = 0x3ffffff0; /* above any pid_max: no such thread */
    check(fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0) == -ESRCH, "LOCK_PI dead tid: ESRCH");

    /* another thread holds it: TRYLOCK_PI fails, LOCK_PI times out */
    word = 0;
    stage = 0;
    pthread_t h;
    pthread_create(&h, NULL, holder, NULL);
    while (stage != 1)
        usleep(1000);
    check(fx(&word, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == -EAGAIN,
          "TRYLOCK_PI held elsewhere: EAGAIN");
    struct timespec dl, before, after;
    clock_gettime(CLOCK_REALTIME, &dl);
    before = dl;
    dl.tv_nsec += 300000000;
    if (dl.tv_nsec >= 1000000000) dl.tv_sec++, dl.tv_nsec -= 1000000000;
    long r = fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, &dl, NULL, 0);
    clock_gettime(CLOCK_REALTIME, &after);
    double waited = (double)(after.tv_sec - before.tv_sec) + (after.tv_nsec - before.tv_nsec) / 1e9;
    check(r == -ETIMEDOUT && waited > 0.25, "LOCK_PI absolute realtime timeout: ETIMEDOUT");
    check((word & FUTEX_WAITERS) != 0 || (word & FUTEX_TID_MASK) != 0, "word still owned");
    stage = 2;
    pthread_join(h, NULL);
    check(word == 0, "word 0 after the holder's unlock");

    /* hand-over: we hold it, a locker blocks, we unlock, it gets it */
    fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    got = 1;
    waiter_tid = 0;
    pthread_t l;
    pthread_create(&l, NULL, locker, NULL);
    for (int i = 0; i < 2000 && !(__atomic_load_n(&word, __ATOMIC_SEQ_CST) & FUTEX_WAITERS); i++)
        usleep(1000);
    check((word & FUTEX_WAITERS) != 0, "blocked locker set FUTEX_WAITERS");
    check(fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == 0, "UNLOCK_PI with a waiter");
    pthread_join(l, NULL);
    check(got == 0 && (got_word & FUTEX_TID_MASK) == waiter_tid, "locker got the lock");
    check(word == 0, "word 0 after the locker's unlock");

    /* WAIT_REQUEUE_PI on cv, CMP_REQUEUE_PI onto word (held by us) */
    cv = 0;
    fx(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    got = 1;
    pthread_t q;
    pthread_create(&q, NULL, requeue_waiter, NULL);
    long n = 0;
    for (int i = 0; i < 2000 && n == 0; i++) {
        usleep(1000);
        n = fx(&cv, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, (void *)1, &word, 0);
    }
    check(n == 1, "CMP_REQUEUE_PI moved one waiter");
    check(fx(&cv, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, (void *)1, &word, 7) == -EAGAIN,
          "CMP_REQUEUE_PI value mismatch: EAGAIN");
    check(fx(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0) == 0, "UNLOCK_PI to the requeued");
    pthread_join(q, NULL);
    check(got == 0 && (got_word & FUTEX_TID_MASK) == waiter_tid,
          "requeued waiter returned owning the PI word");
}

/* ---- robust PI mutexes and get_robust_list ---- */
static pthread_mutex_t rm;

static void *die_holding(void *arg)
{
    pthread_mutex_lock(&rm);
    if (arg) usleep(100000); /* let the main thread block on it */
    return NULL;
}

static void test_robust_pi(int waiting)
{
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setprotocol(&at, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&rm, &at);
    pthread_t t;
    pthread_create(&t, NULL, die_holding, waiting ? &rm : NULL);
    if (waiting)
        while (lock_word(&rm) == 0)
            usleep(1000);
    else
        pthread_join(t, NULL);
    int r = pthread_mutex_lock(&rm);
    check(r == EOWNERDEAD, waiting ? "robust PI, waiting: EOWNERDEAD" : "robust PI: EOWNERDEAD");
    check((lock_word(&rm) & FUTEX_TID_MASK) == tid(), "robust PI: word holds the new owner");
    check(pthread_mutex_consistent(&rm) == 0, "robust PI: consistent");
    check(pthread_mutex_unlock(&rm) == 0, "robust PI: unlock");
    check(pthread_mutex_lock(&rm) == 0 && pthread_mutex_unlock(&rm) == 0, "robust PI: relock");
    if (waiting) pthread_join(t, NULL);
    pthread_mutex_destroy(&rm);
}

struct rl {
    uint32_t list, futex_offset, pending;
};

static uint32_t other_head, other_tid;
static volatile int other_go;

static void *report_head(void *arg)
{
    (void)arg;
    uint32_t h = 0, len = 0;
    syscall(SYS_get_robust_list, 0, &h, &len);
    other_tid = tid();
    other_head = h;
    while (!other_go)
        usleep(1000);
    return NULL;
}

static void test_get_robust_list(void)
{
    uint32_t h = 0, len = 0;
    check(syscall(SYS_get_robust_list, 0, &h, &len) == 0 && len == 12, "get_robust_list: len 12");
    struct rl *head = (struct rl *)(uintptr_t)h;
    check(h && head->list == h, "get_robust_list: glibc's head, empty list self-linked");
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&rm, &at);
    pthread_mutex_lock(&rm);
    check(head->list == (uint32_t)(uintptr_t)&rm.__data.__list, "robust list holds the mutex");
    check(head->list + head->futex_offset == (uint32_t)(uintptr_t)&rm.__data.__lock,
          "futex_offset leads to the lock word");
    pthread_mutex_unlock(&rm);

    uint32_t mine = h;
    check(syscall(SYS_set_robust_list, head, 12) == 0, "set_robust_list again");
    syscall(SYS_get_robust_list, 0, &h, &len);
    check(h == mine, "get_robust_list after set_robust_list");
    pthread_t t;
    other_head = 0;
    other_go = 0;
    pthread_create(&t, NULL, report_head, NULL);
    while (!other_head)
        usleep(1000);
    uint32_t seen = 0;
    check(syscall(SYS_get_robust_list, other_tid, &seen, &len) == 0 && seen == other_head &&
              seen != mine,
          "get_robust_list of another thread: its own head");
    other_go = 1;
    pthread_join(t, NULL);
    errno = 0;
    check(syscall(SYS_get_robust_list, 0x3ffffff0, &seen, &len) == -1 && errno == ESRCH,
          "get_robust_list of no thread: ESRCH");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int robust = argc < 2 || strcmp(argv[1], "pionly") != 0;
    test_pi_mutex();
    test_raw();
    if (robust) {
        test_robust_pi(0);
        test_robust_pi(1);
        test_get_robust_list();
    }
    printf("%s\n", failures ? "FAILED" : "all ok");
    return failures != 0;
}
