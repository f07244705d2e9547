/* tests/unit/test_superblock.c — superblocks (frontend/lift.h): blocks that go
 * on through J, B, JAL, JR of a known link and forward conditional branches.
 * Each case checks the lifted IR's exits (targets, icounts), the runs and
 * span reported for the code cache, and runs the block under ir_eval
 * against the reference interpreter on a twin machine (GPRs, pc, icount).
 * The harness is system mode (kseg0), so blocks stay on their first page,
 * but for user_two_pages.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "frontend/interp.h"
#include "frontend/lift.h"
#include "frontend/lift_target.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"
#include "translator/ir_eval.h"

#define C0 HARNESS_CODE
#define V0 2
#define V1 3
#define A0 4
#define T0 8
#define T9 25
#define RA 31

static const struct lift_config SB_ON = {.superblocks = LIFT_SB_ON};
static const struct lift_config SB_OFF = {.superblocks = LIFT_SB_OFF};

/* Branch offset field for a branch at pc to target. */
static int32_t rel(uint32_t pc, uint32_t target)
{
    return (int32_t)(target - (pc + 4)) / 4;
}

static uint32_t jr(unsigned rs)
{
    return enc_r(FN_JR, rs, 0, 0, 0);
}

/* Two machines holding the same code: one runs lifted blocks, the other the
 * interpreter. */
struct twin {
    struct harness *j, *i;
    struct ir_block *b;
    struct lift_runs runs;
};

static void twin_init(struct twin *t)
{
    t->j = harness_new(false);
    t->i = harness_new(false);
    t->b = ir_block_new();
}

static void twin_free(struct twin *t)
{
    ir_block_free(t->b);
    harness_free(t->j);
    harness_free(t->i);
}

static void poke(struct twin *t, uint32_t at, uint32_t word)
{
    harness_poke32(t->j, at, word);
    harness_poke32(t->i, at, word);
}

static void set_gpr(struct twin *t, unsigned r, uint32_t v)
{
    t->j->cpu.gpr[r] = v;
    t->i->cpu.gpr[r] = v;
}

/* Lifts at pc with cfg; returns the instruction count. */
static int lift(struct twin *t, uint32_t pc, const struct lift_config *cfg)
{
    int n = lift_block_runs(&t->j->cpu, pc, t->b, cfg, NULL, &t->runs);
    ck_assert_ptr_null(ir_verify(t->b, NULL));
    return n;
}

/* Runs the lifted block (from pc) and the interpreter for as many
 * instructions; both must agree. Returns the ir_eval result. */
static int run_both(struct twin *t, uint32_t pc)
{
    struct ir_target tg;
    mips_ir_target(&t->j->cpu, &tg);
    t->j->cpu.pc = t->i->cpu.pc = pc;
    int r = ir_eval(t->b, &t->j->cpu, &tg);
    while (t->i->cpu.icount < t->j->cpu.icount)
        ck_assert(interp_step(&t->i->cpu));
    for (unsigned g = 0; g < 32; g++)
        ck_assert_msg(t->i->cpu.gpr[g] == t->j->cpu.gpr[g], "gpr %u: interp %#x lifted %#x", g,
                      t->i->cpu.gpr[g], t->j->cpu.gpr[g]);
    ck_assert_uint_eq(t->i->cpu.pc, t->j->cpu.pc);
    ck_assert_uint_eq(t->i->cpu.icount, t->j->cpu.icount);
    return r;
}

/* The n-th exit op (IR_EXIT, IR_EXIT_IF, IR_EXIT_INDIRECT) of the block, or NULL. */
static const struct ir_insn *exit_op(const struct ir_block *b, unsigned n)
{
    for (unsigned k = 0; k < b->ninsns; k++) {
        const struct ir_insn *in = &b->insns[k];
        if (in->op != IR_EXIT && in->op != IR_EXIT_IF && in->op != IR_EXIT_INDIRECT) continue;
        if (n-- == 0) return in;
    }
    return NULL;
}

static bool has_exit_to(const struct ir_block *b, uint32_t pc)
{
    for (unsigned n = 0; exit_op(b, n); n++)
        if (exit_op(b, n)->op != IR_EXIT_INDIRECT && (uint32_t)exit_op(b, n)->imm == pc) return true;
    return false;
}

static unsigned count_exits(const struct ir_block *b)
{
    unsigned n = 0;
    while (exit_op(b, n))
        n++;
    return n;
}

/* B and J go on at their target: one block, one exit at its end. */
START_TEST(through_b_and_j)
{
    struct twin t;
    twin_init(&t);
    poke(&t, C0, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 4, enc_i(OPC_BEQ, 0, 0, rel(C0 + 4, C0 + 0x40)));
    poke(&t, C0 + 8, enc_i(OPC_ADDIU, V1, V1, 2)); /* slot */
    poke(&t, C0 + 0x40, enc_i(OPC_ADDIU, V0, V0, 4));
    poke(&t, C0 + 0x44, enc_j(OPC_J, C0 + 0x80));
    poke(&t, C0 + 0x48, ENC_NOP);
    poke(&t, C0 + 0x80, enc_i(OPC_ADDIU, V0, V0, 8));
    poke(&t, C0 + 0x84, jr(T9));
    poke(&t, C0 + 0x88, ENC_NOP);
    set_gpr(&t, T9, C0 + 0x200);
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 9);
    ck_assert_uint_eq(count_exits(t.b), 1);
    ck_assert_uint_eq(exit_op(t.b, 0)->op, IR_EXIT_INDIRECT);
    ck_assert_uint_eq(exit_op(t.b, 0)->icount, 9);
    ck_assert_uint_eq(t.runs.n, 3);
    ck_assert_uint_eq(t.runs.run[1].pc, C0 + 0x40);
    ck_assert_uint_eq(t.runs.run[1].count, 3);
    ck_assert_uint_eq(t.runs.run[2].pc, C0 + 0x80);
    ck_assert_uint_eq(lift_runs_span(&t.runs), 0x8c / 4);
    ck_assert_uint_eq(t.runs.pages[1], LIFT_NO_PAGE);
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT_INDIRECT);
    ck_assert_uint_eq(t.j->cpu.gpr[V0], 13);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x200);
    /* Switched off, the block ends at the B as before. */
    ck_assert_int_eq(lift(&t, C0, &SB_OFF), 3);
    ck_assert(has_exit_to(t.b, C0 + 0x40));
    ck_assert_uint_eq(t.runs.n, 1);
    ck_assert_uint_eq(lift_runs_span(&t.runs), 3);
    twin_free(&t);
}
END_TEST

/* JAL goes into the callee; its JR $ra reads the link the block set, so the
 * return is a direct jump back: a leaf call becomes straight-line code. */
START_TEST(leaf_call_inlined)
{
    struct twin t;
    twin_init(&t);
    poke(&t, C0, enc_j(OPC_JAL, C0 + 0x100));
    poke(&t, C0 + 4, enc_i(OPC_ADDIU, 0, A0, 5)); /* slot: a0 = 5 */
    poke(&t, C0 + 8, enc_i(OPC_ADDIU, V0, V1, 1));
    poke(&t, C0 + 12, jr(T9));
    poke(&t, C0 + 16, ENC_NOP);
    poke(&t, C0 + 0x100, enc_r(FN_ADDU, A0, A0, V0, 0));
    poke(&t, C0 + 0x104, jr(RA));
    poke(&t, C0 + 0x108, ENC_NOP);
    set_gpr(&t, T9, C0 + 0x300);
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 8);
    ck_assert_uint_eq(count_exits(t.b), 1);
    ck_assert_uint_eq(exit_op(t.b, 0)->op, IR_EXIT_INDIRECT); /* the jr $t9 at the end */
    ck_assert_uint_eq(t.runs.n, 3);
    ck_assert_uint_eq(t.runs.run[2].pc, C0 + 8);
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT_INDIRECT);
    ck_assert_uint_eq(t.j->cpu.gpr[RA], C0 + 8);
    ck_assert_uint_eq(t.j->cpu.gpr[V1], 11);
    /* A callee that overwrites $ra first: the JR is a real indirect exit. */
    poke(&t, C0 + 0x100, enc_i(OPC_ADDIU, 0, RA, 0x40));
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 5);
    ck_assert_uint_eq(exit_op(t.b, 0)->op, IR_EXIT_INDIRECT);
    ck_assert_uint_eq(exit_op(t.b, 0)->icount, 5);
    twin_free(&t);
}
END_TEST

/* A forward conditional branch: the taken side is an exit_if with the icount
 * of branch + slot, lifting goes on at pc + 8. Both outcomes run right. */
START_TEST(forward_branch_side_exit)
{
    struct twin t;
    twin_init(&t);
    poke(&t, C0, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 4, enc_i(OPC_BNE, A0, 0, rel(C0 + 4, C0 + 0x20)));
    poke(&t, C0 + 8, enc_i(OPC_ADDIU, V1, V1, 1)); /* slot */
    poke(&t, C0 + 12, enc_i(OPC_ADDIU, V0, V0, 0x10));
    poke(&t, C0 + 16, jr(T9));
    poke(&t, C0 + 20, ENC_NOP);
    set_gpr(&t, T9, C0 + 0x400);
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 6);
    ck_assert_uint_eq(count_exits(t.b), 2);
    const struct ir_insn *side = exit_op(t.b, 0);
    ck_assert_uint_eq(side->op, IR_EXIT_IF);
    ck_assert_uint_eq(side->imm, C0 + 0x20);
    ck_assert_uint_eq(side->icount, 3);
    ck_assert_uint_eq(exit_op(t.b, 1)->icount, 6);
    ck_assert_uint_eq(t.runs.n, 2);
    ck_assert_uint_eq(t.runs.run[1].pc, C0 + 12);
    set_gpr(&t, A0, 0); /* not taken: through to the jr */
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT_INDIRECT);
    ck_assert_uint_eq(t.j->cpu.gpr[V0], 0x11);
    set_gpr(&t, A0, 1); /* taken: leaves at the side exit */
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x20);
    twin_free(&t);
}
END_TEST

/* Runs the lifted block from pc and the interpreter until it reaches the
 * same pc (if-then regions count their words on both paths, so icounts may
 * differ); the GPRs must agree. Returns the ir_eval result. */
static int run_to_same_pc(struct twin *t, uint32_t pc)
{
    struct ir_target tg;
    mips_ir_target(&t->j->cpu, &tg);
    t->j->cpu.pc = t->i->cpu.pc = pc;
    int r = ir_eval(t->b, &t->j->cpu, &tg);
    for (unsigned n = 0; n < 64 && (t->i->cpu.pc != t->j->cpu.pc || t->i->cpu.in_delay); n++)
        ck_assert(interp_step(&t->i->cpu));
    ck_assert_uint_eq(t->i->cpu.pc, t->j->cpu.pc);
    for (unsigned g = 0; g < 32; g++)
        ck_assert_msg(t->i->cpu.gpr[g] == t->j->cpu.gpr[g], "gpr %u: interp %#x lifted %#x", g,
                      t->i->cpu.gpr[g], t->j->cpu.gpr[g]);
    return r;
}

/* `beqz a0, join; slot; v0 += 1; v1 = v0 << 2; v0 = v0 ^ v1; join:` with
 * nothing reading icount: the region runs on both paths and the values from
 * before it are kept when the branch is taken; no side exit. With icount
 * read (the default config) the branch stays a side exit. A branch to its
 * own pc + 8 (no region) needs no exit either way. */
START_TEST(if_then_both_paths)
{
    struct twin t;
    twin_init(&t);
    const uint32_t join = C0 + 0x14;
    poke(&t, C0, enc_i(OPC_BEQ, A0, 0, rel(C0, join)));
    poke(&t, C0 + 4, enc_i(OPC_ADDIU, T0, T0, 1)); /* slot */
    poke(&t, C0 + 8, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 12, enc_r(FN_SLL, 0, V0, V1, 2));
    poke(&t, C0 + 16, enc_r(FN_XOR, V0, V1, V0, 0));
    poke(&t, join, enc_i(OPC_ADDIU, V1, V1, 0x100));
    poke(&t, C0 + 0x18, enc_i(OPC_BNE, A0, 0, rel(C0 + 0x18, C0 + 0x20))); /* to its pc + 8 */
    poke(&t, C0 + 0x1c, enc_i(OPC_ADDIU, T0, T0, 0x10));
    poke(&t, C0 + 0x20, jr(T9));
    poke(&t, C0 + 0x24, ENC_NOP);
    set_gpr(&t, T9, C0 + 0x400);
    const struct lift_config no_icount = {.superblocks = LIFT_SB_ON, .no_icount = true};
    ck_assert_int_eq(lift(&t, C0, &no_icount), 10);
    ck_assert_uint_eq(count_exits(t.b), 1); /* the jr */
    for (uint32_t a0 = 0; a0 < 2; a0++) {
        set_gpr(&t, A0, a0);
        set_gpr(&t, V0, 5);
        set_gpr(&t, V1, 7);
        set_gpr(&t, T0, 0);
        ck_assert_int_eq(run_to_same_pc(&t, C0), IR_EVAL_EXIT_INDIRECT);
        ck_assert_uint_eq(t.j->cpu.gpr[T0], 0x11);
        ck_assert_uint_eq(t.j->cpu.gpr[V0], a0 ? 6u ^ 24u : 5u);
        ck_assert_uint_eq(t.j->cpu.gpr[V1], (a0 ? 24u : 7u) + 0x100u);
    }
    /* icount read: the first branch is a side exit to join */
    lift(&t, C0, &SB_ON);
    ck_assert(has_exit_to(t.b, join));
    twin_free(&t);
}
END_TEST

/* A rotated loop (gcc's layout): `head: v0++; bnez t0, cont; (exit path)
 * ...; cont: t0--; b head`. The forward branch's taken side leads to the
 * back edge, so lifting follows it (the fall-through is the side exit) and
 * the block becomes a self loop; the exit path runs out at its side exit. */
START_TEST(rotated_loop_follows_taken_side)
{
    struct twin t;
    twin_init(&t);
    poke(&t, C0 + 0x10, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 0x14, enc_i(OPC_BNE, T0, 0, rel(C0 + 0x14, C0 + 0x28)));
    poke(&t, C0 + 0x18, ENC_NOP);
    poke(&t, C0 + 0x1c, enc_i(OPC_ADDIU, V1, V1, 1)); /* exit path */
    poke(&t, C0 + 0x20, jr(RA));
    poke(&t, C0 + 0x24, ENC_NOP);
    poke(&t, C0 + 0x28, enc_i(OPC_ADDIU, T0, T0, -1)); /* cont */
    poke(&t, C0 + 0x2c, enc_i(OPC_BEQ, 0, 0, rel(C0 + 0x2c, C0 + 0x10)));
    poke(&t, C0 + 0x30, ENC_NOP);
    ck_assert_int_eq(lift(&t, C0 + 0x10, &SB_ON), 6);
    ck_assert_uint_eq(exit_op(t.b, 0)->op, IR_EXIT_IF);
    ck_assert_uint_eq(exit_op(t.b, 0)->imm, C0 + 0x1c); /* the fall-through */
    ck_assert(has_exit_to(t.b, C0 + 0x10));             /* the back edge */
    set_gpr(&t, T0, 3); /* taken: round the loop once */
    ck_assert_int_eq(run_both(&t, C0 + 0x10), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x10);
    ck_assert_uint_eq(t.j->cpu.gpr[T0], 2);
    set_gpr(&t, T0, 0); /* not taken: out at the side exit */
    ck_assert_int_eq(run_both(&t, C0 + 0x10), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x1c);
    twin_free(&t);
}
END_TEST

/* A backward conditional branch ends the block (its back edge to the start
 * is the self loop); so does a jump back to a pc lifted already, and one
 * below the block's start on its page (the code cache's range test). */
START_TEST(backward_and_revisits_end)
{
    struct twin t;
    twin_init(&t);
    /* loop: if (a0) skip; v0++; skip: t0--; bnez t0, loop */
    poke(&t, C0 + 0x10, enc_i(OPC_BEQ, A0, 0, rel(C0 + 0x10, C0 + 0x1c)));
    poke(&t, C0 + 0x14, ENC_NOP);
    poke(&t, C0 + 0x18, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 0x1c, enc_i(OPC_ADDIU, T0, T0, -1));
    poke(&t, C0 + 0x20, enc_i(OPC_BNE, T0, 0, rel(C0 + 0x20, C0 + 0x10)));
    poke(&t, C0 + 0x24, ENC_NOP);
    ck_assert_int_eq(lift(&t, C0 + 0x10, &SB_ON), 6);
    ck_assert_uint_eq(count_exits(t.b), 3);
    ck_assert_uint_eq(exit_op(t.b, 1)->op, IR_EXIT_IF);
    ck_assert_uint_eq(exit_op(t.b, 1)->imm, C0 + 0x10); /* the back edge: a self loop */
    set_gpr(&t, T0, 3);
    set_gpr(&t, A0, 1); /* the if side: not skipped */
    ck_assert_int_eq(run_both(&t, C0 + 0x10), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x10);
    /* b back to the start: not lifted twice, an exit to it */
    poke(&t, C0 + 0x20, enc_i(OPC_BEQ, 0, 0, rel(C0 + 0x20, C0 + 0x10)));
    ck_assert_int_eq(lift(&t, C0 + 0x10, &SB_ON), 6);
    ck_assert(has_exit_to(t.b, C0 + 0x10));
    /* b below the start on the same page: the block ends there */
    poke(&t, C0 + 0x20, enc_i(OPC_BEQ, 0, 0, rel(C0 + 0x20, C0)));
    ck_assert_int_eq(lift(&t, C0 + 0x10, &SB_ON), 6);
    ck_assert(has_exit_to(t.b, C0));
    ck_assert_uint_eq(t.runs.n, 2);
    twin_free(&t);
}
END_TEST

/* System mode stays on the first page; a store in a slot ends the block
 * (a slot that rewrites the target does not stop the block itself). */
START_TEST(page_and_slot_limits)
{
    struct twin t;
    twin_init(&t);
    poke(&t, C0, enc_j(OPC_J, C0 + 0x1000));
    poke(&t, C0 + 4, ENC_NOP);
    poke(&t, C0 + 0x1000, enc_i(OPC_ADDIU, V0, V0, 1));
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 2);
    ck_assert_uint_eq(exit_op(t.b, 0)->imm, C0 + 0x1000);
    poke(&t, C0, enc_j(OPC_J, C0 + 0x40));
    poke(&t, C0 + 4, enc_i(OPC_SW, 0, V0, 0x40)); /* slot: a store */
    ck_assert_int_eq(lift(&t, C0, &SB_ON), 2);
    ck_assert_uint_eq(exit_op(t.b, 0)->imm, C0 + 0x40);
    /* the last word of the page: the slot on the next page is read, the
     * second page is reported, and the block does not go on there */
    const uint32_t end = C0 + 0xffc;
    poke(&t, end, enc_j(OPC_J, C0 + 0x40));
    poke(&t, end + 4, ENC_NOP);
    poke(&t, C0 + 0x40, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, C0 + 0x44, jr(T9));
    poke(&t, C0 + 0x48, ENC_NOP);
    ck_assert_int_eq(lift(&t, end, &SB_ON), 2); /* C0 + 0x40 is below the start */
    ck_assert_uint_eq(t.runs.pages[1], C0 + 0x1000);
    ck_assert_uint_eq(lift_runs_span(&t.runs), 2);
    /* a slot that does not fetch (past the end of RAM) ends the block
     * before its branch, and its page is not reported: core/jit.c would
     * fail to map it and leave the whole block to the interpreter */
    const uint32_t last = 0x800ff000u;
    poke(&t, last, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, last + 4, enc_i(OPC_BEQ, 0, 0, rel(last + 4, last + 0xff8)));
    poke(&t, last + 8, ENC_NOP);
    poke(&t, last + 0xff8, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, last + 0xffc, enc_j(OPC_J, C0));
    ck_assert_int_eq(lift(&t, last, &SB_ON), 4);
    ck_assert_uint_eq(t.runs.pages[1], LIFT_NO_PAGE);
    ck_assert_uint_eq(exit_op(t.b, 0)->imm, last + 0xffc);
    twin_free(&t);
}
END_TEST

/* The instruction limit holds across runs, and the runs add up to it. */
START_TEST(limits_hold)
{
    struct twin t;
    twin_init(&t);
    for (unsigned i = 0; i < 16; i++) {
        uint32_t at = C0 + 0x20 * i;
        poke(&t, at, enc_i(OPC_ADDIU, V0, V0, 1));
        poke(&t, at + 4, enc_j(OPC_J, at + 0x20));
        poke(&t, at + 8, ENC_NOP);
    }
    struct lift_config cfg = {.max_insns = 10, .superblocks = LIFT_SB_ON};
    int n = lift(&t, C0, &cfg);
    ck_assert_int_eq(n, 10); /* 3 runs of 3, then one more instruction */
    uint32_t sum = 0;
    for (unsigned r = 0; r < t.runs.n; r++)
        sum += t.runs.run[r].count;
    ck_assert_uint_eq(sum, (uint32_t)n);
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT);
    set_gpr(&t, V0, 0);
    int m = lift(&t, C0, &SB_ON);
    ck_assert_int_eq(m, 48); /* 16 runs (LIFT_MAX_RUNS), 3 words each */
    ck_assert_uint_le(t.runs.n, LIFT_MAX_RUNS);
    ck_assert_int_eq(run_both(&t, C0), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.gpr[V0], 16);
    ck_assert_uint_eq(t.j->cpu.pc, C0 + 0x200);
    twin_free(&t);
}
END_TEST

/* User mode (cpu->guest_base; here the harness RAM itself, flat): a block
 * may read a second page, which it reports, and never a third; the span the
 * code cache tests runs from the start to the last word read on page two. */
START_TEST(user_two_pages)
{
    struct twin t;
    twin_init(&t);
    t.j->cpu.guest_base = t.j->ram;
    t.i->cpu.guest_base = t.i->ram;
    poke(&t, 0x2000, enc_i(OPC_ADDIU, V0, V0, 1));
    poke(&t, 0x2004, enc_j(OPC_JAL, 0x3100));
    poke(&t, 0x2008, ENC_NOP);
    poke(&t, 0x3100, enc_i(OPC_ADDIU, V0, V0, 2));
    poke(&t, 0x3104, jr(RA));
    poke(&t, 0x3108, ENC_NOP);
    poke(&t, 0x200c, enc_i(OPC_ADDIU, V1, V1, 1));
    poke(&t, 0x2010, enc_j(OPC_J, 0x4000)); /* a third page: the block ends */
    poke(&t, 0x2014, ENC_NOP);
    ck_assert_int_eq(lift(&t, 0x2000, &SB_ON), 9);
    ck_assert_uint_eq(t.runs.n, 3);
    ck_assert_uint_eq(t.runs.pages[0], 0x2000);
    ck_assert_uint_eq(t.runs.pages[1], 0x3000);
    ck_assert_uint_eq(lift_runs_span(&t.runs), 1024 + 0x10c / 4);
    ck_assert_uint_eq(count_exits(t.b), 1);
    ck_assert_uint_eq(exit_op(t.b, 0)->imm, 0x4000);
    ck_assert_uint_eq(exit_op(t.b, 0)->icount, 9);
    ck_assert_int_eq(run_both(&t, 0x2000), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.j->cpu.gpr[V0], 3);
    ck_assert_uint_eq(t.j->cpu.gpr[RA], 0x200c);
    twin_free(&t);
}
END_TEST

static Suite *superblock_suite(void)
{
    Suite *s = suite_create("superblock");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, through_b_and_j);
    tcase_add_test(tc, leaf_call_inlined);
    tcase_add_test(tc, forward_branch_side_exit);
    tcase_add_test(tc, backward_and_revisits_end);
    tcase_add_test(tc, rotated_loop_follows_taken_side);
    tcase_add_test(tc, if_then_both_paths);
    tcase_add_test(tc, page_and_slot_limits);
    tcase_add_test(tc, limits_hold);
    tcase_add_test(tc, user_two_pages);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(superblock_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
