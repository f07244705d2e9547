/* tests/user/progs/futex.c — futex corners for guest threads: a condvar
 * broadcast to many waiters, a robust mutex whose owner thread exits
 * (EOWNERDEAD, with a waiter blocked and without), and direct futex calls:
 * FUTEX_WAKE_OP (every op, the shift flag, every compare), REQUEUE and
 * CMP_REQUEUE with asymmetric word values (wrong in a big-endian guest if
 * the byte order is not minded). Prints results; same output expected on
 * both byte orders. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NWAIT 16

static long fx(uint32_t *w, int op, uint32_t val, uintptr_t val2, uint32_t *w2, uint32_t val3)
{
    long r = syscall(SYS_futex, w, op, val, (void *)val2, w2, val3);
    return r < 0 ? -errno : r;
}

/* ---- condvar broadcast ---- */
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, go, woke;

static void *cv_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    ready++;
    while (!go)
        pthread_cond_wait(&cv, &m);
    woke++;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void test_broadcast(void)
{
    pthread_t t[NWAIT];
    for (int round = 0; round < 3; round++) {
        ready = go = woke = 0;
        for (int i = 0; i < NWAIT; i++)
            pthread_create(&t[i], NULL, cv_waiter, NULL);
        for (;;) {
            pthread_mutex_lock(&m);
            int r = ready;
            pthread_mutex_unlock(&m);
            if (r == NWAIT) break;
            usleep(1000);
        }
        pthread_mutex_lock(&m);
        go = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&m);
        for (int i = 0; i < NWAIT; i++)
            pthread_join(t[i], NULL);
        printf("broadcast round %d: %d of %d woke\n", round, woke, NWAIT);
    }
}

/* ---- robust mutex ---- */
static pthread_mutex_t rm;
static volatile int locked;

static void *robust_owner(void *arg)
{
    pthread_mutex_lock(&rm);
    locked = 1;
    if (arg) usleep(100000); /* let the main thread block on it */
    return NULL;             /* exits holding rm */
}

static int timed_lock(pthread_mutex_t *mx)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 5;
    return pthread_mutex_timedlock(mx, &ts);
}

static void test_robust(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&rm, &a);
    for (int blocked = 0; blocked < 2; blocked++) {
        pthread_t t;
        locked = 0;
        pthread_create(&t, NULL, robust_owner, blocked ? (void *)1 : NULL);
        if (!blocked) pthread_join(t, NULL);
        while (!locked)
            usleep(1000);
        int rc = timed_lock(&rm); /* blocked: waits while the owner still runs */
        printf("robust (%s): lock -> %s\n", blocked ? "waiting" : "after join",
               rc == EOWNERDEAD ? "EOWNERDEAD" : strerror(rc));
        if (rc == EOWNERDEAD) printf("  consistent -> %d\n", pthread_mutex_consistent(&rm));
        printf("  unlock -> %d\n", pthread_mutex_unlock(&rm));
        if (blocked) pthread_join(t, NULL);
        rc = timed_lock(&rm);
        printf("  relock -> %d, unlock -> %d\n", rc, pthread_mutex_unlock(&rm));
    }
}

/* ---- direct calls ---- */
static uint32_t w1 = 0x01020304, w2, w3;
static long waiter_rc = 99;

static void *fx_waiter(void *arg)
{
    (void)arg;
    waiter_rc = fx(&w1, FUTEX_WAIT_PRIVATE, 0x01020304, 0, NULL, 0);
    return NULL;
}

/* A thread asleep on w2 (waited on w1, requeued to w2 once asleep). */
static pthread_t park(void)
{
    pthread_t t;
    pthread_create(&t, NULL, fx_waiter, NULL);
    while (fx(&w1, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &w2, 0x01020304) == 0)
        usleep(1000);
    return t;
}

static const char *const opname[] = {"SET", "ADD", "OR", "ANDN", "XOR"};
static const char *const cmpname[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};

static void test_wake_op_table(void)
{
    for (int op = 0; op < 5; op++)
        for (int shift = 0; shift < 2; shift++) {
            w2 = 0x12345678;
            int o = op | (shift ? FUTEX_OP_OPARG_SHIFT : 0);
            long r = fx(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w2, FUTEX_OP(o, 0x7f3, 0, 0));
            printf("wake_op %s%s 0x7f3: rc %ld word 0x%08x\n", opname[op], shift ? "|SHIFT" : "", r,
                   w2);
        }
    for (int cmp = 0; cmp < 6; cmp++)
        for (int arg = -1; arg <= 1; arg++) { /* old value 0 against -1, 0, 1 */
            pthread_t t = park();
            w2 = 0; /* rc 1: the parked waiter was woken, so the compare held */
            long r = fx(&w1, FUTEX_WAKE_OP_PRIVATE, 0, 1, &w2,
                        FUTEX_OP(FUTEX_OP_ADD, -2 & 0xfff, cmp, arg & 0xfff));
            printf("wake_op cmp %s %d: rc %ld word %d\n", cmpname[cmp], arg, r, (int32_t)w2);
            if (r == 0) fx(&w2, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0);
            pthread_join(t, NULL);
        }
    w2 = 5;
    printf("wake_op bad op: rc %ld word %u\n",
           fx(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w2, FUTEX_OP(6, 1, 0, 0)), w2);
}

static void test_requeue(void)
{
    pthread_t t;
    pthread_create(&t, NULL, fx_waiter, NULL);
    printf("cmp_requeue wrong value: %ld\n",
           fx(&w1, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &w2, 0x04030201));
    long r; /* until the waiter sleeps on w1, then it is moved to w2 */
    while ((r = fx(&w1, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &w2, 0x01020304)) == 0)
        usleep(1000);
    printf("cmp_requeue: %ld\n", r);
    printf("wake on w1 after requeue: %ld\n", fx(&w1, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
    r = fx(&w2, FUTEX_REQUEUE_PRIVATE, 0, 1, &w3, 0);
    printf("requeue w2 -> w3: %ld\n", r);
    w3 = 7; /* ADD 5, GT 100 fails: waiter stays; then ANDN 1, LT 20 holds: woken */
    r = fx(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w3, FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_GT, 100));
    printf("wake_op false: %ld word %u\n", r, w3);
    r = fx(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w3, FUTEX_OP(FUTEX_OP_ANDN, 4, FUTEX_OP_CMP_LT, 20));
    printf("wake_op true: %ld word %u\n", r, w3);
    pthread_join(t, NULL);
    printf("waiter: %ld\n", waiter_rc);
    printf("unaligned wake: %ld\n", fx((uint32_t *)((char *)&w3 + 1), FUTEX_WAKE, 1, 0, NULL, 0));
}

/* argv[1] "norobust": without the robust mutex part, which qemu-user does
 * not emulate (it refuses set_robust_list). */
int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_broadcast();
    test_wake_op_table();
    test_requeue();
    if (argc < 2 || strcmp(argv[1], "norobust") != 0) test_robust();
    return 0;
}
