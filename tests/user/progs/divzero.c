/* tests/user/progs/divzero.c — integer division by zero: gcc guards DIV with
 * "teq $divisor, $zero, 7", and Linux turns trap code 7 into SIGFPE. */
#include <stdlib.h>
int main(int argc, char **argv)
{
    (void)argv;
    volatile int zero = argc - 1;
    return 100 / zero;
}
