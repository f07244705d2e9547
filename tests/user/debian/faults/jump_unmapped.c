/* tests/user/debian/faults/jump_unmapped.c — a call through a pointer into
 * unmapped memory (argv[1] in hex, default 0x12345678): an instruction
 * fetch fault, SIGSEGV (status 139), as natively. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned long target = argc > 1 ? strtoul(argv[1], 0, 16) : 0x12345678UL;
    printf("before\n");
    fflush(stdout);
    ((void (*)(void))target)();
    printf("after\n");
    return 0;
}
