/* tests/system/fb.S — a bare-metal guest that draws into the virt board's
 * simple-framebuffer (kseg1, 640x480, 32-bit 0x00RRGGBB pixels in the
 * guest's byte order), prints "DRAWN" on the UART, then powers off through
 * EXIT (status 0) — or, built with -DSPIN, spins for ever so a timed
 * screendump (-screendump-after) can catch it. The picture, checked by
 * fb_check.py from tern's PNG screendump:
 *   rows   0..239: x < 320 red (ff0000), else blue (0000ff)
 *   rows 240..479: x in 100..199 green (00ff00), else white (ffffff) */
#include "devices/board_map.h"

#define UART BOARD_KSEG1(BOARD_UART_BASE)
#define EXIT BOARD_KSEG1(BOARD_EXIT_BASE)
#define FB BOARD_KSEG1(BOARD_FB_BASE)

    .set noreorder
    .text
    .globl __start
__start:
    li $s0, FB
    li $s1, 0              /* y */
row:
    li $s2, 0              /* x */
pixel:
    sltiu $t0, $s1, 240
    beqz $t0, lower
    nop
    sltiu $t0, $s2, 320
    li $t1, 0xff0000
    beqz $t0, store
    li $t2, 0x0000ff
    b store
    move $t2, $t1
lower:
    li $t2, 0xffffff
    sltiu $t0, $s2, 100
    bnez $t0, store
    sltiu $t0, $s2, 200
    beqz $t0, store
    nop
    li $t2, 0x00ff00
store:
    sw $t2, 0($s0)
    addiu $s0, $s0, 4
    addiu $s2, $s2, 1
    sltiu $t0, $s2, BOARD_FB_WIDTH
    bnez $t0, pixel
    nop
    addiu $s1, $s1, 1
    sltiu $t0, $s1, BOARD_FB_HEIGHT
    bnez $t0, row
    nop
    /* "DRAWN\n" on the UART. */
    la $t0, msg
    li $t1, UART
1:  lbu $t2, 0($t0)
    beqz $t2, 2f
    addiu $t0, $t0, 1
    b 1b
    sb $t2, 0($t1)
2:
#ifdef SPIN
3:  b 3b
    nop
#else
    li $t0, EXIT
    sw $zero, 0($t0)
4:  b 4b
    nop
#endif

    .data
msg:
    .asciz "DRAWN\n"
