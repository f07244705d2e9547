/* tests/unit/test_interp_branch.c — the interpreter's control transfers:
 * every conditional branch taken and not taken on edge values, branch-likely
 * nullification (the slot is skipped and not counted), link values written
 * whether or not the branch is taken, jumps, JALR with rd == rs, BC1F/BC1T,
 * MOVF/MOVT on the FPU condition codes, exceptions in a delay slot (EPC = branch,
 * Cause.BD), and a branch in a delay slot (RI, as QEMU).
 *
 * Words assembled with mipsel-linux-gnu-as -march=mips32r2 (hand-encoded where
 * gas needs a relocation or refuses the operands; the fields are in the
 * comment).
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"

#define IMIN 0x80000000u
#define IMAX 0x7fffffffu
#define FCSR_CC0 (1u << 23)
#define FCSR_CC(n) (1u << (24 + (n))) /* n = 1..7 */

/* The shape every conditional-branch case runs:
 *   0: <branch> ..., 1f      offset field 2
 *   4: addiu $3, $0, 7       delay slot
 *   8: addiu $6, $0, 9       skipped when taken
 *   c: 1: addiu $7, $0, 11
 */
static bool run_branch_shape(struct harness *h, uint32_t branch)
{
    const uint32_t code[] = {branch, 0x24030007, 0x24060009, 0x2407000b};
    return harness_run(h, code, 4);
}

enum outcome { TAKEN, NOT_TAKEN, NULLIFIED };

struct branch_case {
    uint32_t word, a0, a1;
    enum outcome outcome;
    bool link;
    const char *text;
};

static const struct branch_case branch_cases[] = {
    {0x10850002, 5, 5, TAKEN, false, "beq $4, $5"},
    {0x10850002, 5, 6, NOT_TAKEN, false, "beq $4, $5"},
    {0x14850002, IMIN, IMAX, TAKEN, false, "bne $4, $5"},
    {0x14850002, 0, 0, NOT_TAKEN, false, "bne $4, $5"},
    {0x18800002, 0, 0, TAKEN, false, "blez $4"},
    {0x18800002, IMIN, 0, TAKEN, false, "blez $4"},
    {0x18800002, 1, 0, NOT_TAKEN, false, "blez $4"},
    {0x18800002, IMAX, 0, NOT_TAKEN, false, "blez $4"},
    {0x1c800002, 0, 0, NOT_TAKEN, false, "bgtz $4"},
    {0x1c800002, 1, 0, TAKEN, false, "bgtz $4"},
    {0x1c800002, IMIN, 0, NOT_TAKEN, false, "bgtz $4"},
    {0x04800002, 0xffffffff, 0, TAKEN, false, "bltz $4"},
    {0x04800002, 0, 0, NOT_TAKEN, false, "bltz $4"},
    {0x04810002, 0, 0, TAKEN, false, "bgez $4"},
    {0x04810002, IMAX, 0, TAKEN, false, "bgez $4"},
    {0x04810002, 0xffffffff, 0, NOT_TAKEN, false, "bgez $4"},
    {0x50850002, 1, 1, TAKEN, false, "beql $4, $5"},
    {0x50850002, 1, 2, NULLIFIED, false, "beql $4, $5"},
    {0x54850002, 1, 2, TAKEN, false, "bnel $4, $5"},
    {0x54850002, 0, 0, NULLIFIED, false, "bnel $4, $5"},
    {0x58800002, IMIN, 0, TAKEN, false, "blezl $4"},
    {0x58800002, 1, 0, NULLIFIED, false, "blezl $4"},
    {0x5c800002, IMAX, 0, TAKEN, false, "bgtzl $4"},
    {0x5c800002, 0, 0, NULLIFIED, false, "bgtzl $4"},
    {0x04820002, IMIN, 0, TAKEN, false, "bltzl $4"},
    {0x04820002, 0, 0, NULLIFIED, false, "bltzl $4"},
    {0x04830002, 0, 0, TAKEN, false, "bgezl $4"},
    {0x04830002, 0xffffffff, 0, NULLIFIED, false, "bgezl $4"},
    {0x04900002, 0xffffffff, 0, TAKEN, true, "bltzal $4"},
    {0x04900002, 0, 0, NOT_TAKEN, true, "bltzal $4"},
    {0x04910002, 0, 0, TAKEN, true, "bgezal $4"},
    {0x04910002, IMIN, 0, NOT_TAKEN, true, "bgezal $4"},
    {0x04920002, IMIN, 0, TAKEN, true, "bltzall $4"},
    {0x04920002, IMAX, 0, NULLIFIED, true, "bltzall $4"},
    {0x04930002, IMAX, 0, TAKEN, true, "bgezall $4"},
    {0x04930002, 0xffffffff, 0, NULLIFIED, true, "bgezall $4"},
};

START_TEST(branch_conditions)
{
    const struct branch_case *c = &branch_cases[_i];
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = c->a0;
    h->cpu.gpr[5] = c->a1;
    h->cpu.gpr[31] = 0x5a5a5a5a;
    ck_assert_msg(run_branch_shape(h, c->word), "%s raised %u", c->text, h->cpu.exc.code);
    uint32_t slot = c->outcome == NULLIFIED ? 0 : 7;
    uint32_t skipped = c->outcome == TAKEN ? 0 : 9;
    uint64_t retired = c->outcome == NOT_TAKEN ? 4 : 3;
    ck_assert_msg(h->cpu.gpr[3] == slot && h->cpu.gpr[6] == skipped,
                  "%s (%#x, %#x): slot %u, next %u", c->text, c->a0, c->a1, h->cpu.gpr[3],
                  h->cpu.gpr[6]);
    ck_assert_uint_eq(h->cpu.gpr[7], 11);
    ck_assert_msg(h->cpu.icount == retired, "%s: %llu retired, want %llu", c->text,
                  (unsigned long long)h->cpu.icount, (unsigned long long)retired);
    /* The link is written whether or not the branch is taken. */
    ck_assert_uint_eq(h->cpu.gpr[31], c->link ? HARNESS_CODE + 8 : 0x5a5a5a5a);
    harness_free(h);
}
END_TEST

START_TEST(branch_jumps_and_links)
{
    struct harness *h = harness_new(false);
    h->cpu.gpr[31] = 0;
    /* j / jal to HARNESS_CODE + 0xc: instr_index = (0x8000100c >> 2) & 0x3ffffff. */
    ck_assert(run_branch_shape(h, 0x08000403)); /* j 0x8000100c */
    ck_assert_uint_eq(h->cpu.gpr[3], 7);
    ck_assert_uint_eq(h->cpu.gpr[6], 0);
    ck_assert_uint_eq(h->cpu.gpr[31], 0);
    h->cpu.gpr[3] = 0;
    ck_assert(run_branch_shape(h, 0x0c000403)); /* jal 0x8000100c */
    ck_assert_uint_eq(h->cpu.gpr[3], 7);
    ck_assert_uint_eq(h->cpu.gpr[6], 0);
    ck_assert_uint_eq(h->cpu.gpr[31], HARNESS_CODE + 8);

    h->cpu.gpr[3] = 0;
    h->cpu.gpr[4] = HARNESS_CODE + 0xc;
    ck_assert(run_branch_shape(h, 0x00803009)); /* jalr $6, $4 */
    ck_assert_uint_eq(h->cpu.gpr[6], HARNESS_CODE + 8);
    ck_assert_uint_eq(h->cpu.gpr[3], 7);
    harness_free(h);
}
END_TEST

/* JALR rd == rs is UNPREDICTABLE: tern (like QEMU) jumps to the old rs. */
START_TEST(branch_jalr_same_register)
{
    struct harness *h = harness_new(true);
    h->cpu.gpr[4] = HARNESS_CODE + 0xc;
    ck_assert(run_branch_shape(h, 0x00802009)); /* jalr $4, $4 (rs=4, rd=4) */
    ck_assert_uint_eq(h->cpu.gpr[4], HARNESS_CODE + 8);
    ck_assert_uint_eq(h->cpu.gpr[6], 0);
    ck_assert_uint_eq(h->cpu.gpr[7], 11);
    harness_free(h);
}
END_TEST

START_TEST(branch_jr_leaves_block)
{
    static const uint32_t code[] = {
        0x00800008, /* jr $4 */
        0x24030007, /* addiu $3, $0, 7 */
    };
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = 0x80002000;
    ck_assert(harness_run(h, code, 2));
    ck_assert_uint_eq(h->cpu.pc, 0x80002000);
    ck_assert(!h->cpu.in_delay);
    ck_assert_uint_eq(h->cpu.gpr[3], 7);
    ck_assert_uint_eq(h->cpu.icount, 2);
    harness_free(h);
}
END_TEST

/* A jump to an address with bit 0 set: there is no MIPS16 (Config1.CA = 0),
 * so the fetch there takes an address error with BadVAddr = the target. */
START_TEST(branch_jr_misaligned_target)
{
    const uint32_t code[] = {
        0x00800008, /* jr $4 */
        0x00000000, /* nop */
        0x00000000, /* nop */
        0x00000000, /* nop */
    };
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = HARNESS_CODE + 0xd;
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADEL);
    ck_assert(h->cpu.exc.has_badvaddr);
    ck_assert_uint_eq(h->cpu.exc.badvaddr, HARNESS_CODE + 0xd);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 0xd);
    harness_free(h);
}
END_TEST

/* Vol. III 6.x: an exception in a delay slot reports EPC = the branch and
 * Cause.BD, for a taken and for a not-taken branch alike. */
START_TEST(branch_exception_in_delay_slot)
{
    static const uint32_t first[] = {0x10000002, 0x14000002}; /* beq $0,$0 / bne $0,$0 */
    for (unsigned i = 0; i < 2; i++) {
        const uint32_t code[] = {
            first[i],
            0x00851020, /* add $2, $4, $5: overflows */
            0x00000000, /* nop */
            0x00000000, /* 1: nop */
        };
        struct harness *h = harness_new(false);
        h->cpu.gpr[4] = IMAX;
        h->cpu.gpr[5] = 1;
        ck_assert(!harness_run(h, code, 4));
        ck_assert_uint_eq(h->cpu.exc.code, EXC_OV);
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
        ck_assert(h->cpu.in_delay);
        ck_assert_uint_eq(h->cpu.icount, 1);
        cpu_enter_exception(&h->cpu);
        ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
        ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
        ck_assert_uint_eq(h->cpu.pc, 0xbfc00380);
        harness_free(h);
    }
}
END_TEST

/* A branch in a delay slot is UNPREDICTABLE; tern raises RI like QEMU. */
START_TEST(branch_in_delay_slot_is_reserved)
{
    static const uint32_t code[] = {
        0x10000002, /* beq $0, $0, 1f */
        0x10000001, /* beq $0, $0, 1f */
        0x00000000, /* nop */
        0x00000000, /* 1: nop */
    };
    struct harness *h = harness_new(false);
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
    ck_assert(h->cpu.in_delay);
    cpu_enter_exception(&h->cpu);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
    ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
    harness_free(h);
}
END_TEST

struct fpu_branch_case {
    uint32_t word, fcsr;
    enum outcome outcome;
    const char *text;
};

static const struct fpu_branch_case fpu_branch_cases[] = {
    {0x45000002, 0, TAKEN, "bc1f $fcc0"},
    {0x45000002, FCSR_CC0, NOT_TAKEN, "bc1f $fcc0"},
    {0x45000002, ~FCSR_CC0, TAKEN, "bc1f $fcc0"},
    {0x450d0002, FCSR_CC(3), TAKEN, "bc1t $fcc3"},
    {0x450d0002, ~FCSR_CC(3), NOT_TAKEN, "bc1t $fcc3"},
    {0x45060002, FCSR_CC(1), NULLIFIED, "bc1fl $fcc1"},
    {0x45060002, FCSR_CC0, TAKEN, "bc1fl $fcc1"},
    {0x45030002, FCSR_CC0, TAKEN, "bc1tl $fcc0"},
    {0x45030002, FCSR_CC(1), NULLIFIED, "bc1tl $fcc0"},
};

START_TEST(branch_fpu_conditions)
{
    const struct fpu_branch_case *c = &fpu_branch_cases[_i];
    struct harness *h = harness_new(false);
    h->cpu.fcsr = c->fcsr;
    ck_assert_msg(run_branch_shape(h, c->word), "%s raised %u", c->text, h->cpu.exc.code);
    ck_assert_uint_eq(h->cpu.gpr[3], c->outcome == NULLIFIED ? 0 : 7);
    ck_assert_uint_eq(h->cpu.gpr[6], c->outcome == TAKEN ? 0 : 9);
    harness_free(h);
}
END_TEST

START_TEST(branch_fpu_needs_cu1)
{
    static const uint32_t words[] = {
        0x45000002, /* bc1f $fcc0, +2 */
        0x00801001, /* movf $2, $4, $fcc0 */
    };
    for (unsigned i = 0; i < 2; i++) {
        struct harness *h = harness_new(false);
        h->cpu.cp0[CP0_STATUS][0] &= ~ST_CU1;
        h->cpu.gpr[2] = 3;
        ck_assert(!harness_run(h, &words[i], 1));
        ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
        ck_assert_uint_eq(h->cpu.exc.ce, 1);
        ck_assert_uint_eq(h->cpu.gpr[2], 3);
        ck_assert(!h->cpu.in_delay);
        harness_free(h);
    }
}
END_TEST

START_TEST(branch_movf_movt)
{
    static const uint32_t movf = 0x00801001; /* movf $2, $4, $fcc0 */
    static const uint32_t movt = 0x008d1001; /* movt $2, $4, $fcc3 */
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = 42;

    h->cpu.gpr[2] = 1;
    h->cpu.fcsr = 0;
    ck_assert(harness_run(h, &movf, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], 42);
    h->cpu.gpr[2] = 1;
    h->cpu.fcsr = FCSR_CC0;
    ck_assert(harness_run(h, &movf, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], 1);

    h->cpu.gpr[2] = 1;
    h->cpu.fcsr = FCSR_CC(3);
    ck_assert(harness_run(h, &movt, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], 42);
    h->cpu.gpr[2] = 1;
    h->cpu.fcsr = ~FCSR_CC(3);
    ck_assert(harness_run(h, &movt, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], 1);
    harness_free(h);
}
END_TEST

/* A backward loop: the delay slot runs on every iteration. */
START_TEST(branch_loop)
{
    static const uint32_t code[] = {
        0x24040005, /* addiu $4, $0, 5 */
        0x2484ffff, /* 1: addiu $4, $4, -1 */
        0x1480fffe, /* bnez $4, 1b */
        0x24420001, /* addiu $2, $2, 1 (delay slot) */
    };
    struct harness *h = harness_new(true);
    ck_assert(harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.gpr[4], 0);
    ck_assert_uint_eq(h->cpu.gpr[2], 5);
    ck_assert_uint_eq(h->cpu.icount, 1 + 5 * 3);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_branch");
    TCase *tc = tcase_create("branch");
    tcase_add_loop_test(tc, branch_conditions, 0, sizeof branch_cases / sizeof branch_cases[0]);
    tcase_add_test(tc, branch_jumps_and_links);
    tcase_add_test(tc, branch_jalr_same_register);
    tcase_add_test(tc, branch_jr_leaves_block);
    tcase_add_test(tc, branch_jr_misaligned_target);
    tcase_add_test(tc, branch_exception_in_delay_slot);
    tcase_add_test(tc, branch_in_delay_slot_is_reserved);
    tcase_add_loop_test(tc, branch_fpu_conditions, 0,
                        sizeof fpu_branch_cases / sizeof fpu_branch_cases[0]);
    tcase_add_test(tc, branch_fpu_needs_cu1);
    tcase_add_test(tc, branch_movf_movt);
    tcase_add_test(tc, branch_loop);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
