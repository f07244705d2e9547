/* tests/unit/test_opt.c — the IR optimisation passes: hand-built blocks per
 * pass checked structurally, the pass switches, and a randomized differential
 * test (random valid blocks evaluated before and after optimisation by
 * ir_eval must leave identical state and exit the same way).
 */
#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/lift.h"
#include "frontend/lift_target.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"
#include "translator/ir.h"
#include "translator/ir_eval.h"
#include "translator/opt.h"

/* The state block the test blocks run on. r[4..5] are also seen as one i64
 * (`w45`) so the passes meet overlapping globals. */
struct state {
    uint32_t r[6];
    uint64_t d[2];
    uint32_t pc;
    uint16_t pc_flags;
    uint8_t exit_request;
    uint64_t icount;
    uint64_t raised; /* code recorded by the raise helper, + 1 */
    uint64_t calls;  /* a trace the helpers fold their arguments into */
    uint8_t mem[64];
};

static char *printed(const struct ir_block *b)
{
    static char buf[16384];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    ir_print(b, f);
    fclose(f);
    return buf;
}

static unsigned live_ops(const struct ir_block *b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        n += b->insns[i].op != IR_NOP;
    return n;
}

static ir_val_t reg(struct ir_block *b, unsigned i)
{
    static const char *const names[] = {"r0", "r1", "r2", "r3", "r4", "r5"};
    return ir_global(b, IR_I32, offsetof(struct state, r) + 4 * i, names[i]);
}

static ir_val_t dreg(struct ir_block *b, unsigned i)
{
    return ir_global(b, IR_I64, offsetof(struct state, d) + 8 * i, i ? "d1" : "d0");
}

static ir_val_t wide45(struct ir_block *b)
{
    return ir_global(b, IR_I64, offsetof(struct state, r[4]), "w45");
}

/* Runs the given passes ("" = defaults) and checks the result verifies. */
static void optimise(struct ir_block *b, const char *spec)
{
    struct opt_config cfg;
    opt_config_default(&cfg);
    ck_assert_int_eq(opt_parse(spec, &cfg), 0);
    ck_assert_int_eq(opt_run(b, &cfg), 0);
    unsigned at = 0;
    const char *err = ir_verify(b, &at);
    ck_assert_msg(err == NULL, "verify: %s at %u\n%s", err, at, printed(b));
}

static bool has(const struct ir_block *b, const char *text)
{
    return strstr(printed(b), text) != NULL;
}

/* ---- helpers the blocks call ---- */

static uint64_t pure_fn(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    (void)cpu;
    return a * 3 + (b ^ c);
}

static uint64_t rw_fn(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct state *s = cpu;
    s->calls = s->calls * 31 + s->r[1] + a + b + c;
    s->r[0] += 7;
    return s->r[0];
}

static uint64_t write_fn(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct state *s = cpu;
    s->r[2] = (uint32_t)(a + b + c);
    s->d[0] ^= a;
    return 0;
}

static uint64_t raise_fn(void *cpu, uint64_t code, uint64_t b, uint64_t c)
{
    struct state *s = cpu;
    s->raised = code + 1 + b + c;
    return 0;
}

static uint64_t maybe_raise_fn(void *cpu, uint64_t a, uint64_t b, uint64_t c)
{
    struct state *s = cpu;
    s->calls = s->calls * 17 + a + b + c;
    if ((a & 7) == 3) {
        s->raised = 1000 + a;
        return 1;
    }
    return 0;
}

static const struct ir_helper h_pure = {"pure", pure_fn, IR_CALL_PURE};
static const struct ir_helper h_rw = {"rw", rw_fn, IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS};
static const struct ir_helper h_write = {"write", write_fn, IR_CALL_WRITES_GLOBALS};
static const struct ir_helper h_raise = {"raise", raise_fn, IR_CALL_WRITES_GLOBALS};
static const struct ir_helper h_maybe = {"maybe", maybe_raise_fn, IR_CALL_CAN_RAISE};

/* ---- constant folding ---- */

START_TEST(lui_ori_chain_folds_to_one_constant_set)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), zero = reg(b, 0);
    ir_set(b, r1, ir_binop(b, IR_OR, zero, ir_const32(b, 0x12340000))); /* lui via $zero */
    ir_set(b, zero, ir_const32(b, 0));
    ir_set(b, r1, ir_binop(b, IR_OR, r1, ir_const32(b, 0x5678)));
    ir_exit(b, 0x1000, 2);
    optimise(b, "");
    /* zero is read before any set: it stays a global read, so fold cannot see
     * it; set r0 = 0 first as the lifter does and it vanishes. */
    ck_assert(has(b, "set r1, t"));
    ir_block_reset(b);
    r1 = reg(b, 1);
    zero = reg(b, 0);
    ir_set(b, zero, ir_const32(b, 0));
    ir_set(b, r1, ir_binop(b, IR_OR, zero, ir_const32(b, 0x12340000)));
    ir_set(b, r1, ir_binop(b, IR_OR, r1, ir_const32(b, 0x5678)));
    ir_exit(b, 0x1000, 2);
    optimise(b, "");
    ck_assert_msg(has(b, "set r1, 0x12345678"), "%s", printed(b));
    ck_assert_uint_eq(live_ops(b), 3); /* set r0, set r1, exit */
    ir_block_free(b);
}
END_TEST

START_TEST(constants_fold_with_exact_semantics)
{
    struct ir_block *b = ir_block_new();
    struct {
        ir_val_t t;
        uint64_t want;
    } c[] = {
        {ir_binop(b, IR_ADD, ir_const32(b, 3), ir_const32(b, 4)), 7},
        {ir_binop(b, IR_ADD, ir_const32(b, 0xffffffff), ir_const32(b, 2)), 1},
        {ir_binop(b, IR_SHL, ir_const32(b, 1), ir_const32(b, 33)), 2},
        {ir_binop(b, IR_SHL, ir_const64(b, 1), ir_const64(b, 65)), 2},
        {ir_binop(b, IR_SAR, ir_const32(b, 0x80000000), ir_const32(b, 4)), 0xf8000000},
        {ir_binop(b, IR_SHR, ir_const32(b, 0x80000000), ir_const32(b, 36)), 0x08000000},
        {ir_binop(b, IR_ROTR, ir_const32(b, 0x12345678), ir_const32(b, 8)), 0x78123456},
        {ir_binop(b, IR_MULHS, ir_const32(b, 0xffffffff), ir_const32(b, 2)), 0xffffffff},
        {ir_binop(b, IR_MULHU, ir_const32(b, 0xffffffff), ir_const32(b, 2)), 1},
        {ir_binop(b, IR_MULHS, ir_const64(b, ~0ull), ir_const64(b, ~0ull)), 0},
        {ir_binop(b, IR_MULHU, ir_const64(b, ~0ull), ir_const64(b, ~0ull)), ~0ull - 1},
        {ir_binop(b, IR_DIVS, ir_const32(b, (uint32_t)-7), ir_const32(b, 2)), (uint32_t)-3},
        {ir_binop(b, IR_REMS, ir_const32(b, (uint32_t)-7), ir_const32(b, 2)), (uint32_t)-1},
        {ir_unop(b, IR_CLZ, ir_const32(b, 0)), 32},
        {ir_unop(b, IR_CLZ, ir_const64(b, 0)), 64},
        {ir_unop(b, IR_CLZ, ir_const32(b, 0x00010000)), 15},
        {ir_unop(b, IR_BSWAP, ir_const32(b, 0x11223344)), 0x44332211},
        {ir_unop(b, IR_SEXT, ir_const32(b, 0x80000000)), 0xffffffff80000000ull},
        {ir_unop(b, IR_ZEXT, ir_const32(b, 0x80000000)), 0x80000000},
        {ir_unop(b, IR_TRUNC, ir_const64(b, 0x123456789ull)), 0x23456789},
        {ir_unop(b, IR_SEXT8, ir_const32(b, 0x80)), 0xffffff80},
        {ir_unop(b, IR_ZEXT16, ir_const32(b, 0x12345678)), 0x5678},
        {ir_unop(b, IR_NEG, ir_const32(b, 1)), 0xffffffff},
        {ir_extract(b, ir_const32(b, 0x12345678), 8, 12), 0x456},
        {ir_deposit(b, ir_const32(b, 0xffffffff), ir_const32(b, 0), 4, 8), 0xfffff00f},
        {ir_setcond(b, IR_LT, ir_const32(b, 0xffffffff), ir_const32(b, 0)), 1},
        {ir_setcond(b, IR_LTU, ir_const32(b, 0xffffffff), ir_const32(b, 0)), 0},
        {ir_select(b, ir_const32(b, 0), ir_const32(b, 5), ir_const32(b, 6)), 6},
    };
    unsigned n = sizeof c / sizeof c[0];
    for (unsigned i = 0; i < n; i++)
        ir_set(b, b->vals[c[i].t].type == IR_I64 ? dreg(b, 0) : reg(b, 0), c[i].t);
    ir_exit(b, 0, 1);
    optimise(b, "no-dse");
    for (unsigned i = 0, k = 0; i < b->ninsns; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op != IR_SET) continue;
        ck_assert_msg(b->vals[in->b].kind == IR_VAL_CONST, "case %u not folded", k);
        ck_assert_msg(b->vals[in->b].constant == c[k].want, "case %u: %llx", k,
                      (unsigned long long)b->vals[in->b].constant);
        k++;
    }
    ck_assert_uint_eq(live_ops(b), n + 1);
    ir_block_free(b);
}
END_TEST

START_TEST(undefined_divisions_are_not_folded)
{
    struct ir_block *b = ir_block_new();
    ir_set(b, reg(b, 0), ir_binop(b, IR_DIVS, ir_const32(b, 0x80000000), ir_const32(b, ~0u)));
    ir_set(b, reg(b, 1), ir_binop(b, IR_REMS, ir_const32(b, 0x80000000), ir_const32(b, ~0u)));
    ir_set(b, reg(b, 2), ir_binop(b, IR_DIVU, ir_const32(b, 5), ir_const32(b, 0)));
    ir_set(b, dreg(b, 0), ir_binop(b, IR_REMU, ir_const64(b, 5), ir_const64(b, 0)));
    ir_exit(b, 0, 1);
    optimise(b, "");
    ck_assert(has(b, "divs 0x80000000, 0xffffffff"));
    ck_assert(has(b, "rems 0x80000000, 0xffffffff"));
    ck_assert(has(b, "divu 0x5, 0x0"));
    ck_assert(has(b, "remu 0x5, 0x0"));
    ir_block_free(b);
}
END_TEST

START_TEST(identities_simplify)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1);
    ir_val_t t = ir_load(b, r1, 0, 4, 0x100, 0, 0); /* a temp nobody knows */
    ir_set(b, reg(b, 0), ir_binop(b, IR_ADD, t, ir_const32(b, 0)));
    ir_set(b, reg(b, 2), ir_binop(b, IR_AND, t, ir_const32(b, 0)));
    ir_set(b, reg(b, 3), ir_binop(b, IR_MUL, ir_const32(b, 1), t));
    ir_set(b, reg(b, 4), ir_binop(b, IR_SHL, t, ir_const32(b, 32)));
    ir_set(b, reg(b, 5), ir_binop(b, IR_XOR, t, t));
    ir_set(b, dreg(b, 1), ir_select(b, ir_const32(b, 3), ir_unop(b, IR_ZEXT, t), dreg(b, 0)));
    ir_exit(b, 0, 1);
    optimise(b, "");
    char tn[16];
    snprintf(tn, sizeof tn, "t%u", (unsigned)t);
    char want[64];
    snprintf(want, sizeof want, "set r0, %s\n", tn);
    ck_assert_msg(has(b, want), "%s", printed(b));
    ck_assert(has(b, "set r2, 0x0"));
    snprintf(want, sizeof want, "set r3, %s\n", tn);
    ck_assert(has(b, want));
    snprintf(want, sizeof want, "set r4, %s\n", tn);
    ck_assert(has(b, want));
    ck_assert(has(b, "set r5, 0x0"));
    ck_assert(!has(b, "select"));
    /* x + 0 of a global becomes a copy that still reads the global's old value. */
    ir_block_reset(b);
    r1 = reg(b, 1);
    ir_val_t c = ir_binop(b, IR_ADD, r1, ir_const32(b, 0));
    ir_set(b, r1, ir_const32(b, 9));
    ir_set(b, reg(b, 2), c);
    ir_exit(b, 0, 1);
    optimise(b, "");
    ck_assert_msg(has(b, "mov r1"), "%s", printed(b));
    ir_block_free(b);
}
END_TEST

START_TEST(branch_fuses_setcond_into_exit)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2), r3 = reg(b, 3);
    /* bne r1, r2 with a slot that writes r3: fused, the setcond goes. */
    ir_val_t t = ir_setcond(b, IR_NE, r1, r2);
    ir_set(b, r3, ir_const32(b, 7));
    ir_exit_if(b, IR_NE, t, ir_const32(b, 0), 0x2000, 2);
    ir_exit(b, 0x1008, 2);
    optimise(b, "");
    ck_assert_msg(has(b, "exit_if.ne r1, r2"), "%s", printed(b));
    ck_assert_msg(!has(b, "setcond"), "%s", printed(b));
    /* beqz on sltu: the exit takes the inverse condition. */
    ir_block_reset(b);
    r1 = reg(b, 1), r2 = reg(b, 2);
    t = ir_setcond(b, IR_LTU, r1, r2);
    ir_exit_if(b, IR_EQ, t, ir_const32(b, 0), 0x2000, 2);
    ir_exit(b, 0x1008, 2);
    optimise(b, "");
    ck_assert_msg(has(b, "exit_if.geu r1, r2"), "%s", printed(b));
    /* The slot overwrites an operand: the exit keeps reading the setcond. */
    ir_block_reset(b);
    r1 = reg(b, 1), r2 = reg(b, 2);
    t = ir_setcond(b, IR_NE, r1, r2);
    ir_set(b, r1, ir_const32(b, 0));
    ir_exit_if(b, IR_NE, t, ir_const32(b, 0), 0x2000, 2);
    ir_exit(b, 0x1008, 2);
    optimise(b, "");
    ck_assert_msg(has(b, "setcond.ne r1, r2"), "%s", printed(b));
    ck_assert_msg(!has(b, "exit_if.ne r1, r2"), "%s", printed(b));
    /* -O no-branch leaves it alone. */
    ir_block_reset(b);
    r1 = reg(b, 1), r2 = reg(b, 2);
    t = ir_setcond(b, IR_NE, r1, r2);
    ir_exit_if(b, IR_NE, t, ir_const32(b, 0), 0x2000, 2);
    ir_exit(b, 0x1008, 2);
    optimise(b, "no-branch");
    ck_assert_msg(has(b, "setcond.ne r1, r2"), "%s", printed(b));
    ir_block_free(b);
}
END_TEST

/* An if-then region's condition: `setcond.eq (setcond.ltu a, b), 0` becomes
 * setcond.geu a, b, and the inner setcond, once read only by a set of a
 * global that a later set overwrites (dse), goes too (dce runs after dse). */
START_TEST(branch_fuses_setcond_of_setcond)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2), r3 = reg(b, 3), r4 = reg(b, 4);
    ir_val_t t = ir_setcond(b, IR_LTU, r1, r2);
    ir_set(b, r3, t);
    ir_val_t n = ir_setcond(b, IR_EQ, t, ir_const32(b, 0));
    ir_set(b, r4, ir_select(b, n, r1, r2));
    ir_set(b, r3, ir_const32(b, 5));
    ir_exit(b, 0x1008, 2);
    optimise(b, "");
    ck_assert_msg(has(b, "setcond.geu r1, r2"), "%s", printed(b));
    ck_assert_msg(!has(b, "setcond.ltu"), "%s", printed(b));
    ck_assert_msg(!has(b, "setcond.eq"), "%s", printed(b));
    ir_block_free(b);
}
END_TEST

START_TEST(constant_exits_are_decided)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1);
    ir_exit_if(b, IR_EQ, ir_const32(b, 1), ir_const32(b, 2), 0x2000, 1); /* never */
    ir_raise_if(b, ir_const32(b, 0), &h_raise, 5, 0x1000, 0, 1);
    ir_set(b, r1, ir_const32(b, 1));
    ir_exit_if(b, IR_GEU, r1, ir_const32(b, 1), 0x3000, 2); /* always, via forwarding */
    ir_set(b, r1, ir_binop(b, IR_ADD, r1, ir_const32(b, 1)));
    ir_exit(b, 0x4000, 3);
    optimise(b, "");
    ck_assert_uint_eq(live_ops(b), 2);
    ck_assert_msg(has(b, "set r1, 0x1\n"), "%s", printed(b));
    ck_assert(has(b, "exit -> 0x00003000 [icount 2]"));
    ck_assert(!has(b, "exit_if") && !has(b, "raise_if") && !has(b, "0x4000"));
    /* A known indirect target becomes a direct exit. */
    ir_block_reset(b);
    ir_exit_indirect(b, ir_binop(b, IR_ADD, ir_const32(b, 0x1000), ir_const32(b, 8)), 1);
    optimise(b, "");
    ck_assert(has(b, "exit -> 0x00001008"));
    ir_block_free(b);
}
END_TEST

/* ---- copies and globals ---- */

START_TEST(globals_are_forwarded_until_a_call_writes_them)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2);
    ir_val_t before = ir_binop(b, IR_ADD, r1, r2); /* reads before any set stay */
    ir_val_t t = ir_load(b, before, 0, 4, 0, 0, 0);
    ir_set(b, r1, t);
    ir_store(b, r1, 4, r1, 4, 0, 0, 0);
    ir_call(b, &h_write, -1, r2, IR_NONE, IR_NONE, 0, 0, 0);
    ir_store(b, r1, 8, r2, 4, 0, 0, 0);
    ir_exit(b, 0, 1);
    optimise(b, "");
    char want[64];
    snprintf(want, sizeof want, "store t%u, t%u +4 [4u pc 0x00000000]", (unsigned)t, (unsigned)t);
    ck_assert_msg(has(b, "add r1, r2"), "%s", printed(b));
    ck_assert_msg(has(b, want), "%s", printed(b));
    ck_assert(has(b, "store r1, r2 +8")); /* after the call: read again */
    ir_block_free(b);
}
END_TEST

START_TEST(forwarding_a_global_stops_when_it_changes)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2);
    ir_set(b, r1, r2);                  /* r1 = old r2 */
    ir_store(b, r1, 0, r1, 4, 0, 0, 0); /* may read r2 */
    ir_set(b, r2, ir_load(b, r2, 0, 4, 0, 0, 0));
    ir_store(b, r1, 4, r1, 4, 0, 0, 0); /* must not read r2 */
    ir_exit(b, 0, 1);
    optimise(b, "");
    ck_assert_msg(has(b, "store r2, r2 +0 [4u"), "%s", printed(b));
    ck_assert_msg(has(b, "store r1, r1 +4 [4u"), "%s", printed(b));
    ir_block_free(b);
}
END_TEST

START_TEST(copies_read_their_source)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1);
    ir_val_t m = ir_temp(b, IR_I32);
    struct ir_insn *in = ir_append(b, IR_MOV, IR_I32);
    in->dst = m;
    in->a = r1;
    ir_store(b, m, 0, m, 4, 0, 0, 0); /* r1 unchanged: reads r1 */
    ir_set(b, r1, ir_const32(b, 3));
    ir_store(b, m, 4, m, 4, 0, 0, 0); /* r1 changed: keeps the copy */
    ir_exit(b, 0, 1);
    optimise(b, "no-globals");
    char want[64];
    ck_assert_msg(has(b, "store r1, r1 +0 [4u"), "%s", printed(b));
    snprintf(want, sizeof want, "store t%u, t%u +4", (unsigned)m, (unsigned)m);
    ck_assert_msg(has(b, want), "%s", printed(b));
    ir_block_free(b);
}
END_TEST

START_TEST(overlapping_globals_are_left_alone)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r4 = reg(b, 4), w = wide45(b);
    ir_set(b, r4, ir_const32(b, 1));
    ir_set(b, w, ir_const64(b, 0x200000002ull));
    ir_store(b, r4, 0, r4, 4, 0, 0, 0); /* r4 is 2 now: no forwarding of 1 */
    ir_set(b, r4, ir_const32(b, 5));
    ir_set(b, dreg(b, 0), w); /* reads r4's bytes: the set above is live */
    ir_set(b, r4, ir_const32(b, 6));
    ir_exit(b, 0, 1);
    optimise(b, "");
    ck_assert_msg(has(b, "store r4, r4 +0 [4u"), "%s", printed(b));
    ck_assert(has(b, "set r4, 0x5"));
    ck_assert(has(b, "set r4, 0x1"));
    ir_block_free(b);
}
END_TEST

/* ---- dead code and dead stores ---- */

START_TEST(dead_code_goes_but_loads_and_impure_calls_stay)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1);
    ir_val_t x = ir_binop(b, IR_MUL, r1, r1);
    ir_unop(b, IR_NOT, ir_binop(b, IR_ADD, x, r1));   /* dead chain */
    ir_load(b, r1, 0, 4, 0, 0, 0);                    /* dead but can fault */
    ir_call(b, &h_pure, IR_I32, r1, r1, r1, 0, 0, 0); /* dead, pure */
    ir_call(b, &h_rw, IR_I32, r1, r1, r1, 0, 0, 0);   /* dead result, side effects */
    ir_exit(b, 0, 1);
    optimise(b, "");
    ck_assert_uint_eq(live_ops(b), 3);
    ck_assert(has(b, "load r1"));
    ck_assert(has(b, "[rw]"));
    ck_assert(!has(b, "[pure]") && !has(b, "mul"));
    ir_block_free(b);
}
END_TEST

START_TEST(overwritten_global_stores_go)
{
    struct ir_block *b = ir_block_new();
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2), c1 = ir_const32(b, 1), c2 = ir_const32(b, 2);
    ir_set(b, r1, c1); /* dead: overwritten, nothing between can see it */
    ir_call(b, &h_write, -1, r2, IR_NONE, IR_NONE, 0, 0, 0);
    ir_set(b, r1, c2); /* live: the load can leave */
    ir_load(b, r2, 0, 4, 0x10, 0, 0);
    ir_set(b, r1, c1); /* live: read by the set of r2 */
    ir_set(b, r2, r1);
    ir_set(b, r1, c2); /* live: the rw helper reads globals */
    ir_call(b, &h_rw, -1, IR_NONE, IR_NONE, IR_NONE, 0, 0, 0);
    ir_set(b, r1, c1);
    ir_exit(b, 0, 1);
    optimise(b, "no-globals");
    ck_assert_uint_eq(live_ops(b), 9);
    ck_assert(b->insns[0].op == IR_NOP);
    ck_assert(b->insns[2].op == IR_SET && b->insns[4].op == IR_SET && b->insns[6].op == IR_SET);
    ir_block_free(b);
}
END_TEST

/* ---- switches ---- */

START_TEST(passes_switch_off_by_name)
{
    struct opt_config cfg;
    opt_config_default(&cfg);
    for (unsigned i = 0; i < OPT_PASS_COUNT; i++)
        ck_assert(cfg.enabled[i]);
    ck_assert_int_eq(opt_parse("no-fold,no-dce", &cfg), 0);
    ck_assert(!cfg.enabled[OPT_FOLD] && !cfg.enabled[OPT_DCE] && cfg.enabled[OPT_COPY]);
    ck_assert_int_eq(opt_parse("fold", &cfg), 0);
    ck_assert(cfg.enabled[OPT_FOLD]);
    ck_assert_int_eq(opt_parse("none,dse", &cfg), 0);
    ck_assert(!cfg.enabled[OPT_GLOBALS] && cfg.enabled[OPT_DSE]);
    ck_assert_int_eq(opt_parse("all", &cfg), 0);
    ck_assert(cfg.enabled[OPT_GLOBALS]);
    ck_assert_int_eq(opt_parse("no-fold,bogus", &cfg), -1);
    ck_assert_int_eq(opt_parse("no-", &cfg), -1);

    struct ir_block *b = ir_block_new();
    ir_set(b, reg(b, 1), ir_binop(b, IR_ADD, ir_const32(b, 3), ir_const32(b, 4)));
    ir_exit(b, 0, 1);
    optimise(b, "no-fold");
    ck_assert(has(b, "add 0x3, 0x4"));
    optimise(b, "");
    ck_assert(has(b, "set r1, 0x7"));
    ir_block_free(b);
}
END_TEST

/* ---- randomized differential test against ir_eval ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static void test_restore(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct state *s = cpu;
    s->pc = pc;
    s->pc_flags = pc_flags;
}

static bool test_load(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t *value)
{
    struct state *s = cpu;
    unsigned size = mem_flags & IR_MEM_SIZE_MASK;
    if (addr > sizeof s->mem - size) {
        s->raised = 2000 + addr;
        return false;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)s->mem[addr + i] << (8 * i);
    if ((mem_flags & IR_MEM_SIGNED) && size < 4)
        v = (uint32_t)(int32_t)(size == 1 ? (int8_t)v : (int16_t)v);
    *value = v;
    return true;
}

static int test_store(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t value)
{
    struct state *s = cpu;
    unsigned size = mem_flags & IR_MEM_SIZE_MASK;
    if (addr > sizeof s->mem - size) {
        s->raised = 3000 + addr;
        return TARGET_STORE_RAISED;
    }
    for (unsigned i = 0; i < size; i++)
        s->mem[addr + i] = (uint8_t)(value >> (8 * i));
    return TARGET_STORE_OK;
}

static const struct ir_target target = {
    .pc_offset = offsetof(struct state, pc),
    .icount_offset = offsetof(struct state, icount),
    .exit_request_offset = offsetof(struct state, exit_request),
    .restore = test_restore,
    .load = test_load,
    .store = test_store,
};

static const uint64_t edges[] = {
    0,
    1,
    2,
    3,
    4,
    8,
    31,
    32,
    33,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x8000,
    0xffff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    ~0ull,
    ~1ull,
};

/* Values of each type the generator may read: globals, temps, constants. */
struct gen {
    struct ir_block *b;
    ir_val_t pool[2][256];
    unsigned npool[2];
    ir_val_t globals[2][8];
    unsigned nglobals[2];
};

static ir_val_t gen_const(struct gen *g, unsigned t)
{
    uint64_t v = pick(3) ? edges[pick(sizeof edges / sizeof edges[0])] : rnd();
    if (pick(4) == 0) v = -v;
    return t == IR_I64 ? ir_const64(g->b, v) : ir_const32(g->b, (uint32_t)v);
}

static ir_val_t gen_value(struct gen *g, unsigned t)
{
    unsigned r = pick(10);
    if (r < 3) return g->globals[t][pick(g->nglobals[t])];
    if (r < 6 || g->npool[t] == 0) return gen_const(g, t);
    return g->pool[t][pick(g->npool[t])];
}

static void remember(struct gen *g, ir_val_t v)
{
    if (v == IR_NONE) return;
    unsigned t = g->b->vals[v].type;
    if (g->npool[t] < 256) g->pool[t][g->npool[t]++] = v;
}

static const enum ir_opcode binops[] = {
    IR_ADD, IR_SUB,  IR_MUL,   IR_AND,   IR_OR,   IR_XOR,  IR_SHL,  IR_SHR,
    IR_SAR, IR_ROTR, IR_MULHS, IR_MULHU, IR_DIVS, IR_DIVU, IR_REMS, IR_REMU,
};
static const enum ir_opcode unops[] = {
    IR_NOT, IR_NEG, IR_CLZ, IR_BSWAP, IR_SEXT8, IR_SEXT16, IR_ZEXT8, IR_ZEXT16,
};

/* x, or a same-width operand of x so that x op x shapes appear. */
static ir_val_t gen_operand2(struct gen *g, unsigned t, ir_val_t x)
{
    return pick(8) == 0 ? x : gen_value(g, t);
}

static void gen_arith(struct gen *g)
{
    unsigned t = pick(2), w = t ? 64 : 32;
    ir_val_t x = gen_value(g, t);
    switch (pick(8)) {
    case 0:
    case 1:
    case 2:
        remember(g, ir_binop(g->b, binops[pick(16)], x, gen_operand2(g, t, x)));
        break;
    case 3:
        remember(g, ir_unop(g->b, unops[pick(8)], x));
        break;
    case 4:
        remember(g, ir_unop(g->b, t ? IR_TRUNC : pick(2) ? IR_ZEXT : IR_SEXT, x));
        break;
    case 5: {
        unsigned lo = pick(w), len = 1 + pick(w - lo);
        remember(g, pick(2) ? ir_extract(g->b, x, lo, len)
                            : ir_deposit(g->b, x, gen_value(g, t), lo, len));
        break;
    }
    case 6:
        remember(g, ir_setcond(g->b, (enum ir_cond)pick(IR_COND_COUNT), x, gen_operand2(g, t, x)));
        break;
    default:
        remember(g, ir_select(g->b, gen_value(g, IR_I32), x, gen_operand2(g, t, x)));
        break;
    }
}

static void gen_mov(struct gen *g)
{
    unsigned t = pick(2);
    ir_val_t d = ir_temp(g->b, (enum ir_type)t);
    struct ir_insn *in = ir_append(g->b, IR_MOV, (enum ir_type)t);
    in->dst = d;
    in->a = gen_value(g, t);
    remember(g, d);
}

/* A guest address that is mostly inside the state's memory, sometimes not. */
static ir_val_t gen_addr(struct gen *g)
{
    if (pick(3) == 0) return gen_value(g, IR_I32);
    return ir_binop(g->b, IR_AND, gen_value(g, IR_I32), ir_const32(g->b, pick(8) ? 0x3c : 0x7f));
}

static void gen_memory(struct gen *g)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    unsigned size = sizes[pick(4)], flags = size | (pick(2) ? IR_MEM_SIGNED : 0);
    if (size >= 4) flags = size;
    uint32_t pc = 0x1000 + 4 * pick(64);
    uint16_t ic = (uint16_t)pick(20);
    if (pick(2))
        remember(g, ir_load(g->b, gen_addr(g), (int32_t)pick(8), flags, pc, 1, ic));
    else
        ir_store(g->b, gen_addr(g), (int32_t)pick(8), gen_value(g, size == 8), flags, pc, 1, ic);
}

static void gen_call(struct gen *g)
{
    static const struct ir_helper *const helpers[] = {&h_pure, &h_rw, &h_write, &h_maybe};
    const struct ir_helper *h = helpers[pick(4)];
    int ret = h == &h_maybe || pick(4) == 0 ? -1 : (int)pick(2);
    ir_val_t v = ir_call(g->b, h, ret, gen_value(g, IR_I32), gen_value(g, pick(2)),
                         gen_value(g, IR_I32), 0x1000, 0, (uint16_t)pick(20));
    if (v != IR_NONE) remember(g, v);
}

static void gen_leave(struct gen *g)
{
    unsigned t = pick(2);
    if (pick(2)) {
        ir_val_t x = gen_value(g, t);
        ir_exit_if(g->b, (enum ir_cond)pick(IR_COND_COUNT), x, gen_operand2(g, t, x),
                   0x2000 + 4 * pick(64), (uint16_t)pick(20));
        return;
    }
    ir_val_t c = pick(2) ? ir_const32(g->b, pick(3) ? 0 : 1) : gen_value(g, IR_I32);
    ir_raise_if(g->b, c, &h_raise, pick(30), 0x1000 + 4 * pick(64), 1, (uint16_t)pick(20));
}

static void gen_set(struct gen *g)
{
    unsigned t = pick(2);
    ir_set(g->b, g->globals[t][pick(g->nglobals[t])], gen_value(g, t));
}

static void gen_block(struct gen *g)
{
    struct ir_block *b = g->b;
    ir_block_reset(b);
    memset(g, 0, sizeof *g);
    g->b = b;
    for (unsigned i = 0; i < 6; i++)
        g->globals[IR_I32][g->nglobals[IR_I32]++] = reg(b, i);
    g->globals[IR_I64][g->nglobals[IR_I64]++] = dreg(b, 0);
    g->globals[IR_I64][g->nglobals[IR_I64]++] = dreg(b, 1);
    g->globals[IR_I64][g->nglobals[IR_I64]++] = wide45(b);
    unsigned n = 4 + pick(40);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = pick(20);
        if (k < 7)
            gen_arith(g);
        else if (k < 12)
            gen_set(g);
        else if (k < 13)
            gen_mov(g);
        else if (k < 15)
            gen_memory(g);
        else if (k < 16)
            gen_call(g);
        else if (k < 17)
            gen_leave(g);
        else
            gen_arith(g);
    }
    if (pick(4) == 0)
        ir_exit_indirect(b, gen_value(g, IR_I32), (uint16_t)pick(20));
    else
        ir_exit(b, 0x3000 + 4 * pick(64), (uint16_t)pick(20));
}

static void clone_block(struct ir_block *dst, const struct ir_block *src)
{
    ir_block_reset(dst);
    for (unsigned i = 0; i < src->nvals; i++) {
        const struct ir_value *v = &src->vals[i];
        ir_val_t c = v->kind == IR_VAL_GLOBAL ? ir_global(dst, v->type, v->global_offset, v->name)
                                              : ir_temp(dst, v->type);
        ck_assert_uint_eq(c, i); /* values keep their numbers (consts become temps: */
        dst->vals[c] = *v;       /* then overwritten with the constant itself) */
    }
    for (unsigned i = 0; i < src->ninsns; i++)
        *ir_append(dst, IR_NOP, IR_I32) = src->insns[i];
    dst->guest_pc = src->guest_pc;
}

static void random_state(struct state *s)
{
    uint8_t *p = (uint8_t *)s;
    for (size_t i = 0; i < sizeof *s; i++)
        p[i] = (uint8_t)rnd();
    for (unsigned i = 0; i < 6; i++)
        if (pick(3) == 0) s->r[i] = (uint32_t)edges[pick(sizeof edges / sizeof edges[0])];
    s->exit_request = 0;
}

/* `sltu r3, r1, r2; beqz r3, L` and r3 read after the branch: past the fused
 * exit the setcond's value is known (1), on the exit it is 0, so r3 gets
 * constants on both sides and the setcond goes; the meaning stays (ir_eval
 * of the block before and after, both ways). A slot that loads (may fault,
 * with r3 set) keeps it. */
static void build_known(struct ir_block *b, bool slot_load)
{
    ir_val_t r1 = reg(b, 1), r2 = reg(b, 2), r3 = reg(b, 3), r4 = reg(b, 4);
    ir_val_t t = ir_setcond(b, IR_LTU, r1, r2);
    ir_set(b, r3, t);
    ir_val_t z = ir_setcond(b, IR_EQ, r3, ir_const32(b, 0));
    if (slot_load) ir_set(b, r4, ir_load(b, r1, 0, 4, 0x1004, 0, 1));
    ir_exit_if(b, IR_NE, z, ir_const32(b, 0), 0x2000, 2);
    ir_set(b, r4, ir_binop(b, IR_ADD, r3, ir_const32(b, 5)));
    ir_exit(b, 0x1008, 2);
}

START_TEST(branch_knows_the_setcond_past_its_exit)
{
    for (int slot_load = 0; slot_load < 2; slot_load++) {
        struct ir_block *orig = ir_block_new(), *b = ir_block_new();
        build_known(orig, slot_load);
        build_known(b, slot_load);
        optimise(b, "");
        ck_assert_msg(has(b, "exit_if.geu r1, r2"), "%s", printed(b));
        ck_assert_msg(has(b, "setcond.ltu") == (bool)slot_load, "%s", printed(b));
        ck_assert_msg(has(b, "set r3, 0x0") == !slot_load, "%s", printed(b));
        for (uint32_t v = 0; v < 2; v++) {
            struct state s1 = {.r = {0, 8 + v * 16, 16}}, s2 = s1;
            int r1 = ir_eval(orig, &s1, &target), r2 = ir_eval(b, &s2, &target);
            ck_assert_int_eq(r1, r2);
            ck_assert_uint_eq(s1.pc, v ? 0x2000 : 0x1008);
            ck_assert_uint_eq(s1.r[3], !v);
            ck_assert_uint_eq(s1.r[4], v ? (slot_load ? s1.r[4] : 0) : 6);
            ck_assert(memcmp(&s1, &s2, sizeof s1) == 0);
        }
        ir_block_free(orig);
        ir_block_free(b);
    }
}
END_TEST

START_TEST(random_blocks_keep_their_meaning)
{
    rng_state = 0x9e3779b97f4a7c15ull;
    struct gen *g = calloc(1, sizeof *g);
    struct ir_block *orig = ir_block_new(), *opt = ir_block_new();
    g->b = orig;
    unsigned removed = 0, total = 0;
    for (unsigned iter = 0; iter < 20000; iter++) {
        gen_block(g);
        unsigned at = 0;
        const char *err = ir_verify(orig, &at);
        ck_assert_msg(err == NULL, "generator made a bad block: %s at %u\n%s", err, at,
                      printed(orig));
        clone_block(opt, orig);
        struct opt_config cfg;
        opt_config_default(&cfg);
        if (iter % 3 == 0) { /* each pass alone, too */
            for (unsigned i = 0; i < OPT_PASS_COUNT; i++)
                cfg.enabled[i] = i == (iter / 3) % OPT_PASS_COUNT;
        }
        ck_assert_int_eq(opt_run(opt, &cfg), 0);
        err = ir_verify(opt, &at);
        ck_assert_msg(err == NULL, "iter %u: %s at %u\n%s", iter, err, at, printed(opt));
        struct state s0, s1, s2;
        random_state(&s0);
        memcpy(&s1, &s0, sizeof s0);
        memcpy(&s2, &s0, sizeof s0);
        int r1 = ir_eval(orig, &s1, &target), r2 = ir_eval(opt, &s2, &target);
        /* fold turns an indirect exit to a known pc into a direct one */
        if (r1 == IR_EVAL_EXIT_INDIRECT && r2 == IR_EVAL_EXIT) r2 = IR_EVAL_EXIT_INDIRECT;
        if (r1 != r2 || memcmp(&s1, &s2, sizeof s1) != 0) {
            fprintf(stderr, "iter %u: results %d %d\n", iter, r1, r2);
            ir_print(orig, stderr);
            ir_print(opt, stderr);
        }
        ck_assert_int_eq(r1, r2);
        ck_assert_int_ne(r1, IR_EVAL_INVALID);
        ck_assert(memcmp(&s1, &s2, sizeof s1) == 0);
        total += live_ops(orig);
        removed += live_ops(orig) - live_ops(opt);
    }
    /* The passes must actually do something on these blocks. */
    ck_assert_msg(removed * 5 > total, "removed %u of %u", removed, total);
    ir_block_free(orig);
    ir_block_free(opt);
    free(g);
}
END_TEST

/* ---- real lifted MIPS code ---- */

/* Lifts the code at HARNESS_CODE on h, optimises it, runs it with ir_eval. */
static struct ir_block *lift_opt_run(struct harness *h, const uint32_t *code, unsigned n,
                                     unsigned *ops_before)
{
    for (unsigned i = 0; i < n; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, code[i]);
    struct ir_block *b = ir_block_new();
    ck_assert_int_gt(lift_block(&h->cpu, HARNESS_CODE, b, NULL), 0);
    *ops_before = live_ops(b);
    optimise(b, "");
    struct ir_target t;
    mips_ir_target(&h->cpu, &t);
    h->cpu.pc = HARNESS_CODE;
    ir_eval(b, &h->cpu, &t);
    return b;
}

START_TEST(lifted_lui_ori_becomes_one_constant)
{
    struct harness *h = harness_new(false), *twin = harness_new(false);
    h->cpu.gpr[31] = twin->cpu.gpr[31] = 0x80004000;
    const uint32_t code[] = {
        enc_i(OPC_LUI, 0, 2, 0x1234), enc_i(OPC_ORI, 2, 2, 0x5678), enc_i(OPC_ADDIU, 2, 3, 1),
        enc_r(FN_ADDU, 0, 3, 4, 0),   enc_r(FN_JR, 31, 0, 0, 0),    enc_r(FN_SLL, 0, 0, 0, 0),
    };
    unsigned before;
    struct ir_block *b = lift_opt_run(h, code, 6, &before);
    ck_assert_msg(has(b, "set v0, 0x12345678\n"), "%s", printed(b));
    ck_assert_msg(has(b, "set v1, 0x12345679\n"), "%s", printed(b));
    ck_assert_msg(has(b, "set a0, 0x12345679\n"), "%s", printed(b));
    ck_assert_uint_lt(live_ops(b), before);
    ck_assert(harness_run(twin, code, 6));
    ck_assert_mem_eq(h->cpu.gpr, twin->cpu.gpr, sizeof h->cpu.gpr);
    ck_assert_uint_eq(h->cpu.pc, twin->cpu.pc);
    ir_block_free(b);
    harness_free(h);
    harness_free(twin);
}
END_TEST

/* Random straight-line ALU code over a few registers, ending in jr ra: the
 * optimised block must leave the GPRs as the interpreter does. */
START_TEST(lifted_random_alu_code_matches_the_interpreter)
{
    static const unsigned imm_ops[] = {OPC_ADDIU, OPC_SLTI, OPC_SLTIU, OPC_ANDI,
                                       OPC_ORI,   OPC_XORI, OPC_LUI};
    static const unsigned reg_ops[] = {FN_ADDU, FN_SUBU, FN_AND,  FN_OR,   FN_XOR,  FN_NOR,
                                       FN_SLT,  FN_SLTU, FN_SLLV, FN_SRAV, FN_SRLV, FN_MOVZ};
    rng_state = 0x1234567;
    for (unsigned iter = 0; iter < 300; iter++) {
        struct harness *h = harness_new(false), *twin = harness_new(false);
        uint32_t code[24];
        unsigned n = 2 + pick(20);
        for (unsigned i = 0; i < n; i++) {
            unsigned rs = pick(5), rt = pick(5), rd = 1 + pick(4);
            if (pick(2))
                code[i] = enc_i(imm_ops[pick(7)], rs, rd, (int32_t)(int16_t)rnd());
            else if (pick(4))
                code[i] = enc_r(reg_ops[pick(12)], rs, rt, rd, 0);
            else
                code[i] = enc_r(pick(2) ? FN_SLL : FN_SRA, 0, rt, rd, pick(32));
        }
        code[n++] = enc_r(FN_JR, 31, 0, 0, 0);
        code[n++] = enc_r(FN_SLL, 0, 0, 0, 0);
        for (unsigned r = 1; r < 5; r++)
            h->cpu.gpr[r] = twin->cpu.gpr[r] = (uint32_t)rnd();
        h->cpu.gpr[31] = twin->cpu.gpr[31] = 0x80004000;
        unsigned before;
        struct ir_block *b = lift_opt_run(h, code, n, &before);
        ck_assert(harness_run(twin, code, n));
        ck_assert_msg(memcmp(h->cpu.gpr, twin->cpu.gpr, sizeof h->cpu.gpr) == 0, "iter %u\n%s",
                      iter, printed(b));
        ck_assert_uint_eq(h->cpu.pc, twin->cpu.pc);
        ir_block_free(b);
        harness_free(h);
        harness_free(twin);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("opt");
    TCase *tc = tcase_create("passes");
    tcase_add_test(tc, lui_ori_chain_folds_to_one_constant_set);
    tcase_add_test(tc, constants_fold_with_exact_semantics);
    tcase_add_test(tc, undefined_divisions_are_not_folded);
    tcase_add_test(tc, identities_simplify);
    tcase_add_test(tc, constant_exits_are_decided);
    tcase_add_test(tc, globals_are_forwarded_until_a_call_writes_them);
    tcase_add_test(tc, forwarding_a_global_stops_when_it_changes);
    tcase_add_test(tc, copies_read_their_source);
    tcase_add_test(tc, overlapping_globals_are_left_alone);
    tcase_add_test(tc, dead_code_goes_but_loads_and_impure_calls_stay);
    tcase_add_test(tc, overwritten_global_stores_go);
    tcase_add_test(tc, passes_switch_off_by_name);
    tcase_add_test(tc, lifted_lui_ori_becomes_one_constant);
    tcase_add_test(tc, branch_fuses_setcond_into_exit);
    tcase_add_test(tc, branch_fuses_setcond_of_setcond);
    tcase_add_test(tc, branch_knows_the_setcond_past_its_exit);
    suite_add_tcase(s, tc);
    TCase *rnd_tc = tcase_create("random");
    tcase_add_test(rnd_tc, random_blocks_keep_their_meaning);
    tcase_add_test(rnd_tc, lifted_random_alu_code_matches_the_interpreter);
    tcase_set_timeout(rnd_tc, 30);
    suite_add_tcase(s, rnd_tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
