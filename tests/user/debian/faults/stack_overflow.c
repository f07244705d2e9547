/* tests/user/debian/faults/stack_overflow.c — unbounded recursion with a
 * 4 KiB frame: the stack runs into its guard and the guest dies of SIGSEGV
 * (status 139 in a shell), as natively, with no hang and no host crash. */
#include <stdio.h>

static int depth(volatile char *prev, int n)
{
    volatile char frame[4096];
    if (n < 0) return 0; /* never: keeps gcc's infinite-recursion check quiet */
    frame[0] = (char)n;
    frame[4095] = prev ? prev[0] : 0;
    return depth(frame, n + 1) + frame[100];
}

int main(void)
{
    printf("before\n");
    fflush(stdout);
    return depth(0, 0);
}
