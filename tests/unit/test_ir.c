/* tests/unit/test_ir.c — the IR builder, printer and verifier. */
#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "translator/ir.h"

struct state {
    uint32_t r[4];
};

static char *printed(const struct ir_block *b)
{
    static char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ir_print(b, f);
    fclose(f);
    return buf;
}

START_TEST(constants_and_globals_are_shared)
{
    struct ir_block *b = ir_block_new();
    ir_val_t c1 = ir_const32(b, 5), c2 = ir_const32(b, 5), c3 = ir_const64(b, 5);
    ck_assert_uint_eq(c1, c2);
    ck_assert_uint_ne(c1, c3);
    ir_val_t g1 = ir_global(b, IR_I32, offsetof(struct state, r[1]), "r1");
    ck_assert_uint_eq(g1, ir_global(b, IR_I32, offsetof(struct state, r[1]), "r1"));
    ck_assert_uint_ne(g1, ir_global(b, IR_I32, offsetof(struct state, r[2]), "r2"));
    ir_block_free(b);
}
END_TEST

START_TEST(a_sound_block_verifies_and_prints)
{
    struct ir_block *b = ir_block_new();
    b->guest_pc = 0x80001000;
    b->guest_insns = 2;
    ir_val_t r1 = ir_global(b, IR_I32, offsetof(struct state, r[1]), "r1");
    ir_val_t t = ir_binop(b, IR_ADD, r1, ir_const32(b, 5));
    ir_set(b, r1, t);
    ir_val_t w = ir_unop(b, IR_SEXT, t);
    ir_val_t hi = ir_unop(b, IR_TRUNC, ir_binop(b, IR_SHR, w, ir_const64(b, 32)));
    ir_exit_if(b, IR_LTU, hi, r1, 0x80002000, 2);
    ir_val_t v = ir_load(b, r1, -4, 4 | IR_MEM_BIG_ENDIAN, 0x80001004, 0, 1);
    ir_store(b, r1, 8, v, 2, 0x80001004, 0, 1);
    ir_exit(b, 0x80001008, 2);
    unsigned at = 0;
    ck_assert_ptr_null(ir_verify(b, &at));
    const char *text = printed(b);
    ck_assert_ptr_nonnull(strstr(text, "block 0x80001000 (2 guest insns)"));
    ck_assert_ptr_nonnull(strstr(text, ":i32 = add r1, 0x5"));
    ck_assert_ptr_nonnull(strstr(text, "set r1, t"));
    ck_assert_ptr_nonnull(strstr(text, "exit_if.ltu"));
    ck_assert_ptr_nonnull(strstr(text, "-> 0x80002000 [icount 2]"));
    ck_assert_ptr_nonnull(strstr(text, "load r1 +-4 [4u be pc 0x80001004]"));
    ck_assert_ptr_nonnull(strstr(text, "exit -> 0x80001008"));
    ir_block_free(b);
}
END_TEST

START_TEST(verifier_rejects_broken_blocks)
{
    unsigned at = 99;
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = ir_global(b, IR_I32, 0, "r1");
    ir_binop(b, IR_ADD, r1, r1);
    ck_assert_str_eq(ir_verify(b, &at), "block does not end with an exit");

    ir_block_reset(b);
    r1 = ir_global(b, IR_I32, 0, "r1");
    ir_val_t t = ir_temp(b, IR_I32);
    ir_set(b, r1, t); /* t never assigned */
    ir_exit(b, 0, 1);
    ck_assert_str_eq(ir_verify(b, &at), "temp used before it is assigned");
    ck_assert_uint_eq(at, 0);

    ir_block_reset(b);
    r1 = ir_global(b, IR_I32, 0, "r1");
    ir_val_t w = ir_const64(b, 1);
    ir_binop(b, IR_ADD, r1, w);
    ir_exit(b, 0, 1);
    ck_assert_str_eq(ir_verify(b, &at), "binary op operand types differ");

    ir_block_reset(b);
    ir_exit(b, 0, 1);
    ir_exit(b, 4, 1);
    ck_assert_str_eq(ir_verify(b, &at), "op after the block's final exit");
    ck_assert_uint_eq(at, 1);

    ir_block_reset(b);
    ir_val_t c = ir_const32(b, 3);
    ir_set(b, c, c);
    ir_exit(b, 0, 1);
    ck_assert_str_eq(ir_verify(b, &at), "set target is not a global");

    ir_block_reset(b);
    r1 = ir_global(b, IR_I32, 0, "r1");
    ir_unop(b, IR_TRUNC, r1);
    ir_exit(b, 0, 1);
    ck_assert_str_eq(ir_verify(b, &at), "trunc needs i64 -> i32");
    ir_block_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ir");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, constants_and_globals_are_shared);
    tcase_add_test(tc, a_sound_block_verifies_and_prints);
    tcase_add_test(tc, verifier_rejects_broken_blocks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
