/* tests/unit/test_ir_ops.c — the one definition of the IR's op semantics
 * (translator/ir_ops.c): the edge cases where the evaluator and the constant
 * folder used to carry their own copies (operand and shift-count masking, CLZ
 * of 0, fields that do not fit, SEXT8/16 within I32 and I64, the divisions ir.h
 * leaves undefined), and what the evaluator does with an undefined result.
 */
#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "translator/ir_eval.h"
#include "translator/ir_ops.h"

#define FIELD(lo, len) ((lo) | (len) << 8)
#define M32 0xffffffffull
#define ALL ~0ull

struct op_case {
    uint8_t op, type, cond;
    int64_t imm;
    uint64_t a, b, c;
    bool defined;
    uint64_t want;
};

static const struct op_case cases[] = {
    /* operands and results wrap at the op's width */
    {IR_ADD, IR_I32, 0, 0, ALL, 1, 0, true, 0},
    {IR_ADD, IR_I64, 0, 0, M32, 1, 0, true, 0x100000000ull},
    {IR_MUL, IR_I32, 0, 0, 0x10000, 0x10000, 0, true, 0},
    {IR_NOT, IR_I32, 0, 0, 0, 0, 0, true, M32},
    {IR_NEG, IR_I64, 0, 0, 1, 0, 0, true, ALL},
    /* shift counts use the low 5 or 6 bits */
    {IR_SHL, IR_I32, 0, 0, 1, 33, 0, true, 2},
    {IR_SHL, IR_I32, 0, 0, 0x80000001, 1, 0, true, 2},
    {IR_SHR, IR_I64, 0, 0, 4, 65, 0, true, 2},
    {IR_SAR, IR_I32, 0, 0, 0x80000000, 31, 0, true, M32},
    {IR_SAR, IR_I64, 0, 0, 0x80000000, 31, 0, true, 1},
    {IR_ROTR, IR_I32, 0, 0, 1, 1, 0, true, 0x80000000},
    {IR_ROTR, IR_I32, 0, 0, 0x1234, 32, 0, true, 0x1234},
    {IR_ROTR, IR_I64, 0, 0, 1, 1, 0, true, 1ull << 63},
    /* high halves */
    {IR_MULHS, IR_I32, 0, 0, M32, M32, 0, true, 0},
    {IR_MULHU, IR_I32, 0, 0, M32, M32, 0, true, 0xfffffffe},
    {IR_MULHS, IR_I64, 0, 0, ALL, 2, 0, true, ALL},
    {IR_MULHU, IR_I64, 0, 0, ALL, ALL, 0, true, ALL - 1},
    /* divisions: defined ones, and the two ir.h leaves undefined */
    {IR_DIVS, IR_I32, 0, 0, (uint32_t)-7, 2, 0, true, (uint32_t)-3},
    {IR_REMS, IR_I64, 0, 0, (uint64_t)-7, 2, 0, true, (uint64_t)-1},
    {IR_DIVU, IR_I32, 0, 0, 0x80000000, M32, 0, true, 0},
    {IR_DIVS, IR_I32, 0, 0, 0x80000001, M32, 0, true, 0x7fffffff},
    {IR_DIVS, IR_I32, 0, 0, 0x80000000, M32, 0, false, 0},
    {IR_REMS, IR_I64, 0, 0, 1ull << 63, ALL, 0, false, 0},
    {IR_DIVS, IR_I64, 0, 0, 0x80000000, M32, 0, true, 0},
    {IR_DIVU, IR_I32, 0, 0, 5, 0, 0, false, 0},
    {IR_REMU, IR_I64, 0, 0, 5, 0, 0, false, 0},
    {IR_REMU, IR_I32, 0, 0, 5, 1ull << 32, 0, false, 0}, /* b is 0 at I32 width */
    /* one operand */
    {IR_CLZ, IR_I32, 0, 0, 0, 0, 0, true, 32},
    {IR_CLZ, IR_I64, 0, 0, 0, 0, 0, true, 64},
    {IR_CLZ, IR_I32, 0, 0, 1, 0, 0, true, 31},
    {IR_CLZ, IR_I32, 0, 0, 1ull << 32, 0, 0, true, 32},
    {IR_BSWAP, IR_I32, 0, 0, 0x11223344, 0, 0, true, 0x44332211},
    {IR_BSWAP, IR_I64, 0, 0, 0x11223344, 0, 0, true, 0x4433221100000000ull},
    {IR_SEXT8, IR_I32, 0, 0, 0x80, 0, 0, true, 0xffffff80},
    {IR_SEXT8, IR_I64, 0, 0, 0x80, 0, 0, true, 0xffffffffffffff80ull},
    {IR_SEXT16, IR_I32, 0, 0, 0x18000, 0, 0, true, 0xffff8000},
    {IR_ZEXT8, IR_I64, 0, 0, ALL, 0, 0, true, 0xff},
    {IR_ZEXT16, IR_I32, 0, 0, ALL, 0, 0, true, 0xffff},
    {IR_SEXT, IR_I32, 0, 0, 0x80000000, 0, 0, true, 0xffffffff80000000ull},
    {IR_ZEXT, IR_I32, 0, 0, 0xffffffff80000000ull, 0, 0, true, 0x80000000},
    {IR_TRUNC, IR_I64, 0, 0, 0x123456789ull, 0, 0, true, 0x23456789},
    /* fields: 1 <= len, lo + len <= width */
    {IR_EXTRACT, IR_I32, 0, FIELD(8, 12), 0x12345678, 0, 0, true, 0x456},
    {IR_EXTRACT, IR_I64, 0, FIELD(0, 64), ALL, 0, 0, true, ALL},
    {IR_EXTRACT, IR_I64, 0, FIELD(30, 4), 0x3c0000000ull, 0, 0, true, 0xf},
    {IR_EXTRACT, IR_I32, 0, FIELD(30, 4), 0x3c0000000ull, 0, 0, false, 0},
    {IR_EXTRACT, IR_I32, 0, FIELD(4, 0), 0xff, 0, 0, false, 0},
    {IR_DEPOSIT, IR_I32, 0, FIELD(4, 8), M32, 0, 0, true, 0xfffff00f},
    {IR_DEPOSIT, IR_I32, 0, FIELD(28, 4), 0, ALL, 0, true, 0xf0000000},
    {IR_DEPOSIT, IR_I64, 0, FIELD(60, 8), 0, ALL, 0, false, 0},
    {IR_DEPOSIT, IR_I32, 0, FIELD(200, 1), 0, 1, 0, false, 0},
    /* conditions compare at the operands' width; the result is I32 */
    {IR_SETCOND, IR_I64, IR_NE, 0, 1ull << 32, 0, 0, true, 1},
    {IR_SETCOND, IR_I32, IR_NE, 0, 1ull << 32, 0, 0, true, 0},
    {IR_SETCOND, IR_I32, IR_LT, 0, M32, 0, 0, true, 1},
    {IR_SETCOND, IR_I64, IR_LT, 0, M32, 0, 0, true, 0},
    {IR_SETCOND, IR_I32, IR_GTU, 0, M32, 0, 0, true, 1},
    {IR_SELECT, IR_I64, 0, 0, ALL, 7, 1ull << 32, true, 7}, /* c is I32 */
    {IR_SELECT, IR_I32, 0, 0, 5, 6, 2, true, 5},
    {IR_MOV, IR_I32, 0, 0, ALL, 0, 0, true, M32},
    /* not value ops */
    {IR_LOAD, IR_I32, 0, 0, 1, 2, 3, false, 0},
    {IR_EXIT_IF, IR_I32, IR_EQ, 0, 1, 1, 0, false, 0},
    {IR_OPCODE_COUNT, IR_I32, 0, 0, 1, 2, 3, false, 0},
};

START_TEST(op_compute_matches_ir_h)
{
    const struct op_case *k = &cases[_i];
    struct ir_insn in = {.op = k->op, .type = k->type, .cond = k->cond, .imm = k->imm};
    uint64_t r = 0x5555;
    bool defined = ir_op_compute(&in, k->a, k->b, k->c, &r);
    ck_assert_msg(defined == k->defined, "case %d: defined %d", _i, defined);
    ck_assert_msg(r == k->want, "case %d: %llx, want %llx", _i, (unsigned long long)r,
                  (unsigned long long)k->want);
}
END_TEST

START_TEST(conditions_signed_and_unsigned)
{
    ck_assert(ir_cond_holds(IR_LT, IR_I32, 0x80000000, 0));
    ck_assert(!ir_cond_holds(IR_LT, IR_I64, 0x80000000, 0));
    ck_assert(ir_cond_holds(IR_LTU, IR_I32, 0, 0x80000000));
    ck_assert(ir_cond_holds(IR_EQ, IR_I32, 0xffffffff00000001ull, 1)); /* high bits ignored */
    ck_assert(!ir_cond_holds(IR_EQ, IR_I64, 0xffffffff00000001ull, 1));
    ck_assert(ir_cond_holds(IR_GE, IR_I32, 5, 5) && ir_cond_holds(IR_LE, IR_I32, 5, 5));
    ck_assert(!ir_cond_holds(IR_GT, IR_I32, 5, 5) && !ir_cond_holds(IR_NE, IR_I64, 5, 5));
    ck_assert(ir_cond_holds(IR_GEU, IR_I64, ALL, 0) && ir_cond_holds(IR_LEU, IR_I64, 0, ALL));
    ck_assert(ir_cond_holds(IR_GTU, IR_I64, ALL, 0) && !ir_cond_holds(IR_GT, IR_I64, ALL, 0));
}
END_TEST

/* ---- the evaluator on what ir.h leaves undefined ---- */

struct state {
    uint32_t r[4];
    uint32_t pc;
    uint64_t icount;
    uint8_t exit_request;
};

static const struct ir_target target = {
    .pc_offset = offsetof(struct state, pc),
    .icount_offset = offsetof(struct state, icount),
    .exit_request_offset = offsetof(struct state, exit_request),
};

static ir_val_t reg(struct ir_block *b, unsigned i)
{
    return ir_global(b, IR_I32, offsetof(struct state, r[i]), "r");
}

START_TEST(evaluator_divides_by_zero_as_zero)
{
    struct ir_block *b = ir_block_new();
    ir_set(b, reg(b, 0), ir_binop(b, IR_DIVU, reg(b, 1), reg(b, 2)));
    ir_set(b, reg(b, 3), ir_binop(b, IR_DIVS, reg(b, 1), ir_const32(b, M32)));
    ir_exit(b, 0x100, 1);
    struct state s = {.r = {7, 0x80000000, 0, 9}};
    ck_assert_int_eq(ir_eval(b, &s, &target), IR_EVAL_EXIT);
    ck_assert_uint_eq(s.r[0], 0);
    ck_assert_uint_eq(s.r[3], 0);
    ck_assert_uint_eq(s.pc, 0x100);
    ir_block_free(b);
}
END_TEST

START_TEST(evaluator_stops_at_a_field_that_does_not_fit)
{
    struct ir_block *b = ir_block_new();
    ir_set(b, reg(b, 0), ir_extract(b, reg(b, 1), 30, 4));
    ir_exit(b, 0x100, 1);
    struct state s = {.r = {7, M32, 0, 0}};
    ck_assert_int_eq(ir_eval(b, &s, &target), IR_EVAL_INVALID);
    ck_assert_uint_eq(s.r[0], 7);
    ck_assert_uint_eq(s.pc, 0);
    ir_block_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ir_ops");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, op_compute_matches_ir_h, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, conditions_signed_and_unsigned);
    tcase_add_test(tc, evaluator_divides_by_zero_as_zero);
    tcase_add_test(tc, evaluator_stops_at_a_field_that_does_not_fit);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
