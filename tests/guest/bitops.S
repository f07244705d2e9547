/* tests/guest/bitops.S — the bit-manipulation instructions (Vol. II): CLZ, CLO,
 * SEB, SEH, WSBH, ROTR, ROTRV, EXT, INS, MOVZ, MOVN. */
#include "check_asm.h"

TEST_MAIN(bitops)
    li $t0, 0x00010000
    clz $t1, $t0
    CHECK_EQ($t1, 15)
    clz $t1, $zero
    CHECK_EQ($t1, 32)
    li $t0, 0x80000000
    clz $t1, $t0
    CHECK_EQ($t1, 0)
    li $t0, 0xfff0ffff
    clo $t1, $t0
    CHECK_EQ($t1, 12)
    li $t0, 0xffffffff
    clo $t1, $t0
    CHECK_EQ($t1, 32)
    li $t0, 0x7fffffff
    clo $t1, $t0
    CHECK_EQ($t1, 0)

    li $t0, 0x12345680
    seb $t1, $t0
    CHECK_EQ($t1, 0xffffff80)
    li $t0, 0x1234567f
    seb $t1, $t0
    CHECK_EQ($t1, 0x7f)
    li $t0, 0x1234cdef
    seh $t1, $t0
    CHECK_EQ($t1, 0xffffcdef)
    li $t0, 0xffff7fff
    seh $t1, $t0
    CHECK_EQ($t1, 0x7fff)
    li $t0, 0x11223344
    wsbh $t1, $t0
    CHECK_EQ($t1, 0x22114433)

    li $t0, 0x12345678
    rotr $t1, $t0, 0
    CHECK_EQ($t1, 0x12345678)
    rotr $t1, $t0, 4
    CHECK_EQ($t1, 0x81234567)
    rotr $t1, $t0, 31
    CHECK_EQ($t1, 0x2468acf0)
    li $t2, 8
    rotrv $t1, $t0, $t2
    CHECK_EQ($t1, 0x78123456)
    li $t2, 40                  /* only the low 5 bits: 8 */
    rotrv $t1, $t0, $t2
    CHECK_EQ($t1, 0x78123456)
    rotrv $t1, $t0, $zero
    CHECK_EQ($t1, 0x12345678)

    li $t0, 0xabcdef12
    ext $t1, $t0, 4, 8
    CHECK_EQ($t1, 0xf1)
    ext $t1, $t0, 0, 32
    CHECK_EQ($t1, 0xabcdef12)
    ext $t1, $t0, 31, 1
    CHECK_EQ($t1, 1)
    ext $t1, $t0, 16, 16
    CHECK_EQ($t1, 0xabcd)
    li $t1, 0xffffffff
    li $t2, 0x5
    ins $t1, $t2, 8, 4
    CHECK_EQ($t1, 0xfffff5ff)
    li $t1, 0
    li $t2, 0xffffffff
    ins $t1, $t2, 31, 1
    CHECK_EQ($t1, 0x80000000)
    li $t1, 0x12345678
    li $t2, 0x9abcdef0
    ins $t1, $t2, 0, 32
    CHECK_EQ($t1, 0x9abcdef0)
    li $t1, 0x12345678
    ins $t1, $zero, 4, 20
    CHECK_EQ($t1, 0x12000008)

    li $t0, 0x1111
    li $t1, 0x2222
    movz $t1, $t0, $zero        /* rt == 0: move */
    CHECK_EQ($t1, 0x1111)
    li $t1, 0x2222
    movn $t1, $t0, $zero        /* rt == 0: no move */
    CHECK_EQ($t1, 0x2222)
    li $t2, 0x80000000
    movz $t1, $t0, $t2
    CHECK_EQ($t1, 0x2222)
    movn $t1, $t0, $t2
    CHECK_EQ($t1, 0x1111)
TEST_END(bitops)
