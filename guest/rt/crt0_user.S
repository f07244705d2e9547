/* guest/rt/crt0_user.S — entry and console for the RT_USER flavour: the same
 * test sources linked as a static Linux o32 program, so qemu-mipsel/qemu-mips
 * can check the expected values of the parts that need no privileged state.
 * Linux gives us the stack, CU1 and FCSR=0; output is write(2), exit exit_group(2).
 */
#define SYS_write 4004
#define SYS_exit_group 4246

    .set noreorder
    .text
    .globl _start
    .ent _start
_start:
    jal main
    nop
    jal rt_exit
    move $a0, $v0
    .end _start

    /* void rt_write(const char *buf, size_t len) */
    .globl rt_write
    .ent rt_write
rt_write:
    move $a2, $a1
    move $a1, $a0
    li $a0, 1
    li $v0, SYS_write
    syscall
    jr $ra
    nop
    .end rt_write

    /* void rt_exit(int status) */
    .globl rt_exit
    .ent rt_exit
rt_exit:
    li $v0, SYS_exit_group
    syscall
1:  b 1b
    nop
    .end rt_exit

    /* The bare-metal exception hook does not exist here; tests guard their
     * exception parts with #ifndef RT_USER. rt_setjmp/rt_longjmp still work. */
#include "setjmp.inc"
