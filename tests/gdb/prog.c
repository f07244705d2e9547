/* tests/gdb/prog.c — the program the gdb tests debug (bare metal, built with
 * -g -O0 for both byte orders). Each function gives a test something to stop
 * at: square/compute for break, bt, step, next and finish; scale for set var
 * (it changes the printed result); counter for watch; branchy (assembly) for
 * stepi across a branch and its delay slot; forever for Ctrl-C. main returns
 * 7, so a run to the end exits with status 7.
 *
 * For the translator under gdb (all off unless a test sets them): hot_loop
 * calls hot_step hot_n times (a breakpoint hit N times, then a run at full
 * speed) and writes hot_mark once, half way (a watchpoint on a global written
 * from translated code); patch_loop calls patchme (assembly, returns 1) until
 * it returns something else, which only a gdb memory write of its first
 * instruction can bring about. */
#include "rt.h"

volatile int counter;         /* written once per compute() iteration */
int scale = 3;                /* result = compute(4) + 2 * scale = 36 */
volatile int loop_forever;    /* a test sets it to 1 to reach forever() */
volatile int spin = 1;        /* ... and to 0 to leave it */
volatile int hot_n;           /* a test sets it to run hot_loop */
volatile int hot_mark;        /* written once by hot_loop, at i == hot_n / 2 */
volatile int patch_mode;      /* a test sets it to run patch_loop */

int patchme(void);

/* v0 = 1; a test overwrites the li with "li $v0, 5" (0x24020005). */
__asm__(".text\n"
        ".globl patchme\n"
        ".ent patchme\n"
        ".set push\n"
        ".set noreorder\n"
        "patchme:\n"
        "    li $v0, 1\n"
        "    jr $ra\n"
        "    nop\n"
        ".set pop\n"
        ".end patchme\n");

int branchy(void);

/* v0 = 1, a branch whose delay slot adds 10, a skipped add of 100: 11. */
__asm__(".text\n"
        ".globl branchy\n"
        ".ent branchy\n"
        ".set push\n"
        ".set noreorder\n"
        "branchy:\n"
        "    li $v0, 1\n"
        "    b 1f\n"
        "    addiu $v0, $v0, 10\n"
        "    addiu $v0, $v0, 100\n"
        "1:  jr $ra\n"
        "    nop\n"
        ".set pop\n"
        ".end branchy\n");

int square(int x)
{
    int r = x * x;
    return r;
}

int compute(int n)
{
    int total = 0;
    for (int i = 1; i <= n; i++) {
        total += square(i);
        counter = i;
    }
    return total;
}

int add_scaled(int a, int b)
{
    int sum = a + b * scale;
    return sum;
}

unsigned hot_step(unsigned i)
{
    unsigned odd = 2 * i + 1;
    return odd;
}

/* The sum of the first n odd numbers: n * n (mod 2^32). */
unsigned hot_loop(unsigned n)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < n; i++) {
        sum += hot_step(i);
        if (i == n / 2) hot_mark = (int)i;
    }
    return sum;
}

int patch_loop(void)
{
    int r;
    do
        r = patchme();
    while (r == 1);
    return r;
}

void forever(void)
{
    while (spin)
        counter++;
}

int main(void)
{
    int result = compute(4);
    int b = branchy();
    printf("result=%d branchy=%d\n", add_scaled(result, 2), b);
    if (loop_forever) forever();
    if (hot_n) printf("hot=%u mark=%d\n", hot_loop((unsigned)hot_n), hot_mark);
    if (patch_mode) printf("patch=%d\n", patch_loop());
    return 7;
}
