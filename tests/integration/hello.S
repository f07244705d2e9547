/* tests/integration/hello.S — the smallest bare-metal program for the smoke
 * test: prints "hello" over the UART (polling LSR.THRE) and powers off with
 * status 7. Built for both byte orders. */
#include "devices/board_map.h"

    .set noreorder
    .text
    .globl __start
__start:                                /* ld's default entry symbol */
    li      $t0, BOARD_KSEG1(BOARD_UART_BASE)
    la      $t1, msg
next:
    lbu     $t2, 0($t1)
    beqz    $t2, done
    nop
wait_thre:
    lbu     $t3, 5($t0)             /* LSR */
    andi    $t3, $t3, 0x20          /* THRE */
    beqz    $t3, wait_thre
    nop
    sb      $t2, 0($t0)             /* THR */
    b       next
    addiu   $t1, $t1, 1
done:
    la      $t1, zeroed             /* bss must read as zero */
    lw      $t2, 0($t1)
    li      $t3, 7
    addu    $t3, $t3, $t2
    li      $t0, BOARD_KSEG1(BOARD_EXIT_BASE)
    sw      $t3, 0($t0)
hang:
    b       hang
    nop

    .data
msg:
    .asciz  "hello\n"

    .bss
    .align  2
zeroed:
    .space  64
