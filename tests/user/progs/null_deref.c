/* tests/user/progs/null_deref.c — a guest that stores through NULL: it must
 * die of SIGSEGV (status 139 in a shell), as a native run does. */
#include <stdio.h>
int main(void)
{
    printf("before\n");
    fflush(stdout);
    *(volatile int *)0 = 1;
    printf("after\n");
    return 0;
}
