/* tests/user/progs/reserved.c — a guest that executes a reserved instruction
 * (opcode 0x3b is unused in MIPS32R2): it must die of SIGILL. */
int main(void)
{
    __asm__ volatile(".word 0xec000000");
    return 0;
}
