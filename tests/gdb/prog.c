/* tests/gdb/prog.c — the program the gdb tests debug (bare metal, built with
 * -g -O0 for both byte orders). Each function gives a test something to stop
 * at: square/compute for break, bt, step, next and finish; scale for set var
 * (it changes the printed result); counter for watch; branchy (assembly) for
 * stepi across a branch and its delay slot; forever for Ctrl-C. main returns
 * 7, so a run to the end exits with status 7. */
#include "rt.h"

volatile int counter;         /* written once per compute() iteration */
int scale = 3;                /* result = compute(4) + 2 * scale = 36 */
volatile int loop_forever;    /* a test sets it to 1 to reach forever() */
volatile int spin = 1;        /* ... and to 0 to leave it */

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
    return 7;
}
