/* tests/user/progs/kernel_deref.c — a guest that loads from a kernel address
 * (kseg0): a MIPS CPU raises an address error in user mode and Linux's do_ade
 * sends SIGBUS (status 135 in a shell); qemu-user 7.2 sends SIGSEGV. */
#include <stdio.h>
int main(void)
{
    printf("before\n");
    fflush(stdout);
    int v = *(volatile int *)0x80001000;
    printf("after %d\n", v);
    return 0;
}
