/* tests/gdb/user/uprog.c — the Linux program the user-mode gdb tests debug
 * under tern-user -g (built -g -O0, static, both byte orders). square and
 * compute give break, bt, next, step and finish something to stop at;
 * counter is written once per compute() iteration (watch); scale changes
 * the printed result (set var); with an argument "signal" it raises SIGUSR1
 * into a handler (gdb hears of the signal first); "thread" runs a worker
 * thread (info threads); branchy is a branch with its delay slot for stepi;
 * setting loop_forever from gdb parks main in forever() until spin is
 * cleared (Ctrl-C). main returns 7. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

volatile int counter;
int scale = 3;
volatile int handled;
volatile int loop_forever;
volatile int spin = 1;

/* v0 = 1, then a branch whose delay slot adds 10 and which skips the li 99:
 * one stepi runs the branch and its slot together. */
int branchy(void);
__asm__(".text\n.globl branchy\n.type branchy, @function\n.set push\n.set noreorder\n"
        "branchy:\n  li $v0, 1\n  b 1f\n  addiu $v0, $v0, 10\n  li $v0, 99\n"
        "1:\n  jr $ra\n  nop\n.set pop\n.size branchy, .-branchy\n");

static void forever(void)
{
    while (spin)
        ;
}

int square(int x)
{
    return x * x;
}

int compute(int n)
{
    int r = 0;
    for (int i = 1; i <= n; i++) {
        r += square(i);
        counter = i;
    }
    return r;
}

static void on_usr1(int sig)
{
    handled = sig;
}

static void *worker(void *arg)
{
    return (void *)(long)compute((int)(long)arg);
}

int main(int argc, char **argv)
{
    if (loop_forever)
        forever();
    int result = compute(4) + 2 * scale;
    printf("result=%d\n", result);
    printf("branchy=%d\n", branchy());
    if (argc > 1 && strcmp(argv[1], "signal") == 0) {
        signal(SIGUSR1, on_usr1);
        raise(SIGUSR1);
        printf("handled=%d\n", handled);
    }
    if (argc > 1 && strcmp(argv[1], "thread") == 0) {
        pthread_t t;
        void *r;
        pthread_create(&t, NULL, worker, (void *)3L);
        pthread_join(t, &r);
        printf("thread=%ld\n", (long)r);
    }
    fflush(stdout);
    return 7;
}
