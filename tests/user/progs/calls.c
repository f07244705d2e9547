/* tests/user/progs/calls.c — guest calls and returns in every shape the
 * translator's exits and superblocks (frontend/lift_branch.c: a jr through a
 * link the block set is a direct jump) must survive: deep recursion, mutual
 * recursion, calls through function pointers (JALR), setjmp/longjmp out of
 * deep recursion, a callee that returns past its link (ra changed before
 * jr $ra), signals delivered inside deep recursion (and a handler that
 * siglongjmps out of it), and threads. Prints one line per check; the output
 * is compared with qemu's (tests/user/calls.sh).
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noipa))
/* After a call, keeps it a real call (no tail call, no accumulator loop). */
#define BARRIER() __asm__ volatile("" ::: "memory")

static volatile unsigned sink;

static NOINLINE unsigned deep(unsigned n)
{
    if (n == 0) return 1;
    unsigned r = deep(n - 1);
    BARRIER();
    return r * 3 + n;
}

static NOINLINE unsigned is_odd(unsigned n);
static NOINLINE unsigned is_even(unsigned n)
{
    if (n == 0) return 1;
    unsigned r = is_odd(n - 1);
    BARRIER();
    return r;
}
static NOINLINE unsigned is_odd(unsigned n)
{
    if (n == 0) return 0;
    unsigned r = is_even(n - 1);
    BARRIER();
    return r;
}

static NOINLINE unsigned op_add(unsigned a, unsigned b)
{
    return a + b;
}
static NOINLINE unsigned op_xor(unsigned a, unsigned b)
{
    return a ^ (b << 1);
}
static NOINLINE unsigned op_mul(unsigned a, unsigned b)
{
    return a * (b | 1);
}
static NOINLINE unsigned op_nest(unsigned a, unsigned b)
{
    unsigned r = op_add(a, b);
    BARRIER();
    return op_xor(r, a) + 1;
}
static unsigned (*const table[])(unsigned, unsigned) = {op_add, op_xor, op_mul, op_nest};

static NOINLINE unsigned fnptrs(unsigned n)
{
    unsigned s = 1, x = 12345;
    for (unsigned i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        s = table[(x >> 16) & 3](s, i);
        BARRIER();
    }
    return s;
}

/* ---- longjmp out of deep recursion ---- */
static jmp_buf jb;

static NOINLINE unsigned dive(unsigned n, unsigned bottom)
{
    if (n == bottom) longjmp(jb, (int)n + 1);
    if (n > 100000) return 0; /* never (bottom is smaller); a way out for the compiler */
    unsigned r = dive(n + 1, bottom);
    BARRIER();
    return r + 1;
}

static unsigned longjmps(void)
{
    unsigned s = 0;
    for (unsigned i = 0; i < 300; i++) {
        volatile unsigned bottom = 10 + (i * 37) % 700;
        int v = setjmp(jb);
        if (v == 0) {
            dive(0, bottom);
            return 0xdead; /* never: dive always jumps */
        }
        s = s * 7 + (unsigned)v;
        s += deep(20); /* calls and returns still pair up after the jump */
    }
    return s;
}

/* ---- a callee that changes its return address ----
 * skip_caller: jal bump_ra, which returns to its link + 8, skipping the two
 * `li v1` after the delay slot; returns 1 when they were skipped. */
unsigned skip_caller(void);
__asm__(".text\n"
        ".set push\n"
        ".set noreorder\n"
        ".globl bump_ra\n"
        ".type bump_ra, @function\n"
        "bump_ra:\n"
        "  addiu $ra, $ra, 8\n"
        "  jr $ra\n"
        "  nop\n"
        ".globl skip_caller\n"
        ".type skip_caller, @function\n"
        "skip_caller:\n"
        "  addiu $sp, $sp, -8\n"
        "  sw $ra, 4($sp)\n"
        "  li $v1, 0\n"
        "  jal bump_ra\n"
        "  nop\n"
        "  li $v1, 100\n"
        "  li $v1, 200\n"
        "  addiu $v0, $v1, 1\n"
        "  lw $ra, 4($sp)\n"
        "  jr $ra\n"
        "  addiu $sp, $sp, 8\n"
        ".set pop\n");

static NOINLINE unsigned skips(void)
{
    unsigned s = 0;
    for (unsigned i = 0; i < 20000; i++) {
        s += skip_caller();
        BARRIER();
        s += deep(3) & 1;
    }
    return s;
}

/* ---- signals inside deep recursion ---- */
static volatile sig_atomic_t handled;
static sigjmp_buf sjb;

static void on_usr1(int sig)
{
    (void)sig;
    handled += 1;
    sink += deep(500); /* the handler recurses too */
}

static void on_usr2(int sig)
{
    (void)sig;
    siglongjmp(sjb, 1);
}

static NOINLINE unsigned signal_dive(unsigned n, int sig)
{
    if (n == 0) {
        kill(getpid(), sig);
        return 1;
    }
    unsigned r = signal_dive(n - 1, sig);
    BARRIER();
    return r + n;
}

static unsigned signals(void)
{
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    unsigned s = 0;
    for (unsigned i = 0; i < 50; i++)
        s += signal_dive(2000 + i, SIGUSR1);
    for (volatile unsigned i = 0; i < 50; i++) {
        if (sigsetjmp(sjb, 1) == 0) signal_dive(1000 + i, SIGUSR2);
        s += deep(10);
    }
    return s + (unsigned)handled;
}

/* ---- threads ---- */
static void *worker(void *arg)
{
    unsigned k = (unsigned)(size_t)arg;
    unsigned s = deep(20000 + k) + fnptrs(50000 + k) + is_even(10000 + k);
    return (void *)(size_t)s;
}

/* CALLS_NO_THREADS: the verify engine runs one thread only. */
static unsigned threads(void)
{
    pthread_t t[4];
    unsigned s = 0;
    if (getenv("CALLS_NO_THREADS")) return 1;
    for (unsigned i = 0; i < 4; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)(size_t)i) != 0) return 0;
    for (unsigned i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        s = s * 31 + (unsigned)(size_t)r;
    }
    return s;
}

int main(void)
{
    printf("deep 100000: %08x\n", deep(100000));
    printf("deep 300: %08x\n", deep(300));
    printf("mutual 50001 odd: %u\n", is_odd(50001));
    printf("mutual 40000 even: %u\n", is_even(40000));
    printf("fnptrs: %08x\n", fnptrs(300000));
    printf("longjmp: %08x\n", longjmps());
    printf("skips: %u\n", skips());
    printf("signals: %08x\n", signals());
    printf("threads: %08x\n", threads());
    printf("deep again: %08x\n", deep(1000));
    return 0;
}
