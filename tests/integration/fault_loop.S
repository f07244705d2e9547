/* tests/integration/fault_loop.S — jumps into unmapped physical memory with
 * no exception handler of its own: tern must stop with exit status 3 and one
 * line naming the exception loop. */
    .set noreorder
    .text
    .globl __start
__start:                                /* ld's default entry symbol */
    li      $t0, 0x90000000         /* kseg0 -> physical 0x10000000: no RAM there */
    jr      $t0
    nop
