/* tests/unit/test_lift.c — the MIPS -> IR lifter (frontend/lift*.c) and the IR
 * evaluator (translator/ir_eval.c), checked against the reference
 * interpreter: every block is lifted, must pass ir_verify(), runs under
 * ir_eval on one machine while the interpreter runs the same instructions on
 * a twin, and then the whole architectural state (GPRs, HI/LO, pc, in_delay,
 * icount, the pending exception, FPRs, FCSR, CP0, the LL link) and memory
 * must agree. Directed tests cover each lifted class, branches taken/not/
 * likely, delay-slot faults, overflow, traps, division edges, big-endian
 * memory, the helper-lifted ops and the FPU lifter (both FR modes, both
 * byte orders, CU1 off, FPE traps); a seeded random test runs >= 200k guest
 * instructions block by block.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "frontend/lift.h"
#include "frontend/lift_target.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"
#include "translator/ir_eval.h"

#define IMIN 0x80000000u

/* Encodings the shared encoder header does not carry (MIPS32 Vol. II,
 * Appendix A opcode maps). */
enum {
    X_BLEZ = 0x06,
    X_BGTZ = 0x07,
    X_BLEZL = 0x16,
    X_BGTZL = 0x17,
    X_LBU = 0x24,
    X_LHU = 0x25,
    X_COP1 = 0x11,
    XF_MTHI = 0x11,
    XF_MTLO = 0x13,
    XF_TGE = 0x30,
    XF_TGEU = 0x31,
    XF_TLT = 0x32,
    XF_TLTU = 0x33,
    XF_TNE = 0x36,
    XR_BGEZL = 0x03,
    XR_BLTZALL = 0x12,
    XR_BGEZALL = 0x13,
    XR_TGEI = 0x08,
    XR_TGEIU = 0x09,
    XR_TLTI = 0x0a,
    XR_TLTIU = 0x0b,
    XR_TEQI = 0x0c,
    XR_TNEI = 0x0e,
};

static uint32_t enc_rotr(unsigned rt, unsigned rd, unsigned sa)
{
    return enc_r(FN_SRL, 1, rt, rd, sa);
}

static uint32_t enc_rotrv(unsigned rs, unsigned rt, unsigned rd)
{
    return enc_r(FN_SRLV, rs, rt, rd, 1);
}

static uint32_t enc_bshfl(unsigned op, unsigned rt, unsigned rd)
{
    return enc_r_op(OPC_SPECIAL3, FN3_BSHFL, 0, rt, rd, op); /* WSBH 2, SEB 0x10, SEH 0x18 */
}

static uint32_t enc_ext(unsigned rt, unsigned rs, unsigned pos, unsigned size)
{
    return enc_r_op(OPC_SPECIAL3, FN3_EXT, rs, rt, size - 1, pos);
}

static uint32_t enc_ins(unsigned rt, unsigned rs, unsigned pos, unsigned size)
{
    return enc_r_op(OPC_SPECIAL3, FN3_INS, rs, rt, pos + size - 1, pos);
}

/* COP1: MTC1 rt -> fs; ADD.S fd = fs + ft; MFC1 rt <- fs. */
static uint32_t enc_mtc1(unsigned rt, unsigned fs)
{
    return (uint32_t)X_COP1 << 26 | 4u << 21 | rt << 16 | fs << 11;
}

static uint32_t enc_mfc1(unsigned rt, unsigned fs)
{
    return (uint32_t)X_COP1 << 26 | 0u << 21 | rt << 16 | fs << 11;
}

static uint32_t enc_add_s(unsigned fd, unsigned fs, unsigned ft)
{
    return (uint32_t)X_COP1 << 26 | 16u << 21 | ft << 16 | fs << 11 | fd << 6;
}

/* C.EQ.S fs, ft into cc 0, and BC1T/BC1F offset (nd = likely). */
static uint32_t enc_c_eq_s(unsigned fs, unsigned ft)
{
    return (uint32_t)X_COP1 << 26 | 16u << 21 | ft << 16 | fs << 11 | 0x32u;
}

static uint32_t enc_bc1(bool tf, bool likely, int32_t off)
{
    return (uint32_t)X_COP1 << 26 | 8u << 21 | (unsigned)likely << 17 | (unsigned)tf << 16 |
           ((uint32_t)off & 0xffffu);
}

/* ---- the twin machines ---------------------------------------------------- */

struct twin {
    struct harness *ref; /* the interpreter */
    struct harness *jit; /* lift + ir_eval */
    struct ir_block *b;
    uint64_t blocks;
};

static struct twin twin_new(bool big_endian)
{
    struct twin t = {harness_new(big_endian), harness_new(big_endian), ir_block_new(), 0};
    ck_assert_ptr_nonnull(t.b);
    return t;
}

static void twin_free(struct twin *t)
{
    harness_free(t->ref);
    harness_free(t->jit);
    ir_block_free(t->b);
}

/* Writes code at vaddr (kseg0) on both machines. */
static void twin_code_at(struct twin *t, uint32_t vaddr, const uint32_t *code, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        harness_poke32(t->ref, vaddr + 4 * i, code[i]);
        harness_poke32(t->jit, vaddr + 4 * i, code[i]);
    }
}

static void twin_set_pc(struct twin *t, uint32_t pc)
{
    t->ref->cpu.pc = t->jit->cpu.pc = pc;
    t->ref->cpu.in_delay = t->jit->cpu.in_delay = false;
}

static void twin_code(struct twin *t, const uint32_t *code, unsigned n)
{
    twin_code_at(t, HARNESS_CODE, code, n);
    twin_set_pc(t, HARNESS_CODE);
}

static void twin_reg(struct twin *t, unsigned r, uint32_t v)
{
    t->ref->cpu.gpr[r] = t->jit->cpu.gpr[r] = v;
}

/* Check's ck_assert writes to a pipe on every call; the hot paths below only
 * call into Check when something is wrong. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) ck_abort_msg(__VA_ARGS__);                                                    \
    } while (0)

#define SAME(field)                                                                                \
    CHECK(r->field == j->field, "%s differs: interp %#llx, lifted %#llx (block %llu)", #field,     \
          (unsigned long long)r->field, (unsigned long long)j->field,                              \
          (unsigned long long)t->blocks)

/* The whole architectural state and memory must agree. */
static void twin_compare(struct twin *t, uint32_t mem_lo, uint32_t mem_size)
{
    const struct cpu *r = &t->ref->cpu, *j = &t->jit->cpu;
    for (unsigned i = 0; i < 32; i++) {
        CHECK(r->gpr[i] == j->gpr[i], "gpr[%u] differs: interp %#x, lifted %#x (block %llu)", i,
              r->gpr[i], j->gpr[i], (unsigned long long)t->blocks);
        CHECK(r->fpr[i] == j->fpr[i], "fpr[%u] differs (block %llu)", i,
              (unsigned long long)t->blocks);
    }
    SAME(hi);
    SAME(lo);
    SAME(pc);
    SAME(in_delay);
    SAME(icount);
    SAME(exc.code);
    SAME(exc.ce);
    SAME(exc.has_badvaddr);
    SAME(exc.badvaddr);
    SAME(exc.tlb_refill);
    SAME(fcsr);
    SAME(llbit);
    SAME(lladdr);
    SAME(waiting);
    if (r->in_delay) SAME(delay_target);
    CHECK(memcmp(r->cp0, j->cp0, sizeof r->cp0) == 0, "cp0 differs (block %llu)",
          (unsigned long long)t->blocks);
    uint32_t p = mem_lo & 0x1fffffffu;
    CHECK(memcmp(t->ref->ram + p, t->jit->ram + p, mem_size) == 0, "memory differs (block %llu)",
          (unsigned long long)t->blocks);
}

/* Lifts and evaluates the block at the jit's pc, runs the interpreter for as
 * many retirements (plus the faulting step when the block raised), compares
 * everything. Returns the enum ir_eval_result. */
static int twin_block(struct twin *t, const struct lift_config *cfg, uint32_t mem_lo,
                      uint32_t mem_size)
{
    struct cpu *r = &t->ref->cpu, *j = &t->jit->cpu;
    int n = lift_block(j, j->pc, t->b, cfg);
    CHECK(n > 0, "lift_block returned %d at %#x", n, j->pc);
    CHECK(j->exc.code == EXC_NONE, "lifting left an exception pending");
    unsigned at = 0;
    const char *err = ir_verify(t->b, &at);
    if (err) ir_print(t->b, stderr);
    CHECK(err == NULL, "ir_verify: %s at op %u", err, at);
    struct ir_target tg;
    mips_ir_target(j, &tg);
    int how = ir_eval(t->b, j, &tg);
    CHECK(how != IR_EVAL_INVALID, "ir_eval: invalid block");
    while (r->icount < j->icount && interp_step(r))
        ;
    if (j->exc.code != EXC_NONE && r->exc.code == EXC_NONE) interp_step(r);
    t->blocks++;
    twin_compare(t, mem_lo, mem_size);
    return how;
}

/* Runs blocks from HARNESS_CODE until pc leaves [HARNESS_CODE, end) outside
 * a delay slot or an exception is pending; at most 100 blocks. */
static void twin_run(struct twin *t, unsigned words)
{
    uint32_t end = HARNESS_CODE + 4 * words;
    for (int i = 0; i < 100; i++) {
        const struct cpu *j = &t->jit->cpu;
        if (j->exc.code != EXC_NONE || j->pc < HARNESS_CODE || j->pc >= end) return;
        twin_block(t, NULL, 0, HARNESS_RAM_SIZE);
    }
    ck_abort_msg("did not leave the code");
}

static const uint32_t edge_values[] = {0,           1,           0xffffffffu, IMIN, 0x7fffffffu,
                                       0x12345678u, 0xfedcba98u, 31,          32,   0x8000u};
#define EDGES (sizeof edge_values / sizeof edge_values[0])

/* Runs code for every pair of edge values in $4, $5 (other regs preset). */
static void run_on_edges(const uint32_t *code, unsigned n, bool big_endian)
{
    for (unsigned a = 0; a < EDGES; a++) {
        for (unsigned b = 0; b < EDGES; b++) {
            struct twin t = twin_new(big_endian);
            twin_code(&t, code, n);
            for (unsigned r = 1; r < 32; r++)
                twin_reg(&t, r, 0x1000u * r + 7);
            twin_reg(&t, 4, edge_values[a]);
            twin_reg(&t, 5, edge_values[b]);
            t.ref->cpu.hi = t.jit->cpu.hi = 0x11111111u * b;
            t.ref->cpu.lo = t.jit->cpu.lo = 0x01010101u * a;
            twin_run(&t, n);
            twin_free(&t);
        }
    }
}

/* ---- directed tests -------------------------------------------------------- */

START_TEST(alu_register_and_immediate_ops)
{
    const uint32_t code[] = {
        enc_r(FN_ADDU, 4, 5, 6, 0),    enc_r(FN_SUBU, 4, 5, 7, 0),
        enc_r(FN_AND, 4, 5, 8, 0),     enc_r(FN_OR, 4, 5, 9, 0),
        enc_r(FN_XOR, 4, 5, 10, 0),    enc_r(FN_NOR, 4, 5, 11, 0),
        enc_r(FN_SLT, 4, 5, 12, 0),    enc_r(FN_SLTU, 4, 5, 13, 0),
        enc_i(OPC_ADDIU, 4, 14, -3),   enc_i(OPC_SLTI, 4, 15, -1),
        enc_i(OPC_SLTIU, 4, 16, -1),   enc_i(OPC_ANDI, 4, 17, 0xf0f0),
        enc_i(OPC_ORI, 5, 18, 0x8001), enc_i(OPC_XORI, 5, 19, 0xffff),
        enc_i(OPC_LUI, 0, 20, 0x8765), enc_r(FN_MOVZ, 4, 5, 21, 0),
        enc_r(FN_MOVN, 5, 4, 22, 0),   enc_r(FN_ADDU, 4, 5, 0, 0),
        enc_r(FN_SUBU, 0, 4, 24, 0),   enc_r(FN_SLT, 5, 4, 4, 0),
    };
    run_on_edges(code, sizeof code / 4, false);
}
END_TEST

START_TEST(shifts_rotates_and_bit_fields)
{
    const uint32_t code[] = {
        enc_r(FN_SLL, 0, 4, 6, 7),
        enc_r(FN_SRL, 0, 4, 7, 31),
        enc_r(FN_SRA, 0, 4, 8, 4),
        enc_rotr(4, 9, 13),
        enc_r(FN_SLLV, 5, 4, 10, 0),
        enc_r(FN_SRLV, 5, 4, 11, 0),
        enc_r(FN_SRAV, 5, 4, 12, 0),
        enc_rotrv(5, 4, 13),
        enc_r_op(OPC_SPECIAL2, FN2_CLZ, 4, 14, 14, 0),
        enc_r_op(OPC_SPECIAL2, FN2_CLO, 4, 15, 15, 0),
        enc_bshfl(0x02, 4, 16),
        enc_bshfl(0x10, 4, 17),
        enc_bshfl(0x18, 4, 18),
        enc_ext(19, 4, 3, 9),
        enc_ext(20, 4, 0, 32),
        enc_ins(21, 4, 5, 11),
        enc_ins(22, 5, 0, 32),
        enc_ins(24, 4, 31, 1),
        enc_r(FN_SLL, 0, 0, 0, 0),
    };
    run_on_edges(code, sizeof code / 4, false);
}
END_TEST

START_TEST(mul_div_and_hilo)
{
    const uint32_t code[] = {
        enc_r(FN_MULT, 4, 5, 0, 0),
        enc_r(FN_MFHI, 0, 0, 6, 0),
        enc_r(FN_MFLO, 0, 0, 7, 0),
        enc_r(FN_MULTU, 4, 5, 0, 0),
        enc_r(FN_MFHI, 0, 0, 8, 0),
        enc_r(FN_MFLO, 0, 0, 9, 0),
        enc_r_op(OPC_SPECIAL2, FN2_MADD, 4, 5, 0, 0),
        enc_r_op(OPC_SPECIAL2, FN2_MADDU, 5, 4, 0, 0),
        enc_r(FN_MFHI, 0, 0, 10, 0),
        enc_r_op(OPC_SPECIAL2, FN2_MSUB, 4, 4, 0, 0),
        enc_r_op(OPC_SPECIAL2, FN2_MSUBU, 5, 5, 0, 0),
        enc_r(FN_MFLO, 0, 0, 11, 0),
        enc_r_op(OPC_SPECIAL2, FN2_MUL, 4, 5, 12, 0),
        enc_r(FN_DIV, 4, 5, 0, 0),
        enc_r(FN_MFHI, 0, 0, 13, 0),
        enc_r(FN_MFLO, 0, 0, 14, 0),
        enc_r(FN_DIVU, 4, 5, 0, 0),
        enc_r(FN_MFHI, 0, 0, 15, 0),
        enc_r(FN_MFLO, 0, 0, 16, 0),
        enc_r(FN_DIV, 5, 4, 0, 0),
        enc_r(XF_MTHI, 4, 0, 0, 0),
        enc_r(FN_MFLO, 0, 0, 17, 0),
        enc_r(XF_MTLO, 5, 0, 0, 0),
    };
    run_on_edges(code, sizeof code / 4, false);
}
END_TEST

START_TEST(add_overflow_raises_without_writing)
{
    const uint32_t code[] = {enc_r(FN_ADDU, 0, 0, 8, 0), enc_r(FN_ADD, 4, 5, 6, 0),
                             enc_i(OPC_ADDI, 4, 7, 1), enc_r(FN_SUB, 4, 5, 9, 0)};
    run_on_edges(code, 4, false);
    struct twin t = twin_new(false);
    twin_code(&t, code, 4);
    twin_reg(&t, 4, 0x7fffffffu);
    twin_reg(&t, 5, 1);
    twin_reg(&t, 6, 0xdeadu);
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_RAISE);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_OV);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 4);
    ck_assert_uint_eq(t.jit->cpu.icount, 1);
    ck_assert_uint_eq(t.jit->cpu.gpr[6], 0xdeadu);
    twin_free(&t);
}
END_TEST

START_TEST(traps)
{
    const uint32_t code[] = {
        enc_r(FN_TEQ, 4, 5, 0, 0),    enc_r(XF_TNE, 4, 4, 0, 0),  enc_r(XF_TGE, 4, 5, 0, 0),
        enc_r(XF_TGEU, 5, 4, 0, 0),   enc_r(XF_TLT, 5, 4, 0, 0),  enc_r(XF_TLTU, 4, 5, 0, 0),
        enc_regimm(XR_TEQI, 4, 0x12), enc_regimm(XR_TNEI, 4, 0),  enc_regimm(XR_TGEI, 5, -1),
        enc_regimm(XR_TGEIU, 5, -1),  enc_regimm(XR_TLTI, 4, -5), enc_regimm(XR_TLTIU, 4, 2),
    };
    run_on_edges(code, sizeof code / 4, false);
    struct twin t = twin_new(false);
    twin_code(&t, code, 1);
    twin_reg(&t, 4, 9);
    twin_reg(&t, 5, 9);
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_RAISE);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_TR);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE);
    twin_free(&t);
}
END_TEST

/* Each branch form taken and not taken, with a slot that writes its own
 * operand (the condition must be read first) and a marker after the slot. */
START_TEST(branches_taken_not_taken_and_likely)
{
    const uint32_t branches[] = {
        enc_i(OPC_BEQ, 4, 5, 3),         enc_i(OPC_BNE, 4, 5, 3),
        enc_i(X_BLEZ, 4, 0, 3),          enc_i(X_BGTZ, 4, 0, 3),
        enc_regimm(RT_BLTZ, 4, 3),       enc_regimm(RT_BGEZ, 4, 3),
        enc_i(OPC_BEQL, 4, 5, 3),        enc_i(OPC_BNEL, 4, 5, 3),
        enc_i(X_BLEZL, 4, 0, 3),         enc_i(X_BGTZL, 4, 0, 3),
        enc_regimm(RT_BLTZL, 4, 3),      enc_regimm(XR_BGEZL, 4, 3),
        enc_regimm(RT_BLTZAL, 4, 3),     enc_regimm(RT_BGEZAL, 4, 3),
        enc_regimm(XR_BLTZALL, 4, 3),    enc_regimm(XR_BGEZALL, 4, 3),
        enc_j(OPC_J, HARNESS_CODE + 16), enc_j(OPC_JAL, HARNESS_CODE + 16),
    };
    for (unsigned i = 0; i < sizeof branches / 4; i++) {
        const uint32_t code[] = {
            branches[i],
            enc_i(OPC_ADDIU, 4, 4, 1),   /* slot: changes the operand */
            enc_i(OPC_ORI, 0, 8, 0x111), /* not taken path */
            enc_i(OPC_ORI, 0, 9, 0x222),
            enc_i(OPC_ORI, 0, 10, 0x333), /* target */
        };
        run_on_edges(code, 5, false);
    }
}
END_TEST

START_TEST(register_jumps)
{
    const uint32_t code[] = {
        enc_r(FN_JALR, 6, 0, 6, 0), /* jalr $6, $6: reads before linking */
        enc_i(OPC_ADDIU, 6, 6, 4),  /* slot writes the target register */
        enc_i(OPC_ORI, 0, 8, 0x111), enc_i(OPC_ORI, 0, 9, 0x222),
        enc_r(FN_JR, 7, 0, 0, 0),    enc_i(OPC_ADDIU, 7, 7, 100),
    };
    struct twin t = twin_new(false);
    twin_code(&t, code, 6);
    twin_reg(&t, 6, HARNESS_CODE + 16);
    twin_reg(&t, 7, 0x80002000u);
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_EXIT_INDIRECT);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 16);
    ck_assert_uint_eq(t.jit->cpu.gpr[6], HARNESS_CODE + 8 + 4);
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_EXIT_INDIRECT);
    ck_assert_uint_eq(t.jit->cpu.pc, 0x80002000u);
    twin_free(&t);
}
END_TEST

/* A faulting delay slot reports the slot with in_delay; entering the
 * exception then gives EPC = the branch and Cause.BD on both engines. */
START_TEST(delay_slot_fault_semantics)
{
    const uint32_t branches[] = {enc_i(OPC_BEQ, 0, 0, 4), enc_i(OPC_BNE, 0, 0, 4),
                                 enc_i(OPC_BEQL, 0, 0, 4), enc_r(FN_JR, 5, 0, 0, 0)};
    for (unsigned i = 0; i < 4; i++) {
        const uint32_t code[] = {enc_i(OPC_ADDIU, 0, 9, 1), branches[i], enc_i(OPC_LW, 4, 6, 1)};
        struct twin t = twin_new(false);
        twin_code(&t, code, 3);
        twin_reg(&t, 4, HARNESS_DATA);
        twin_reg(&t, 5, HARNESS_CODE + 64);
        ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_RAISE);
        ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_ADEL);
        ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 8);
        ck_assert(t.jit->cpu.in_delay);
        ck_assert_uint_eq(t.jit->cpu.icount, 2);
        cpu_enter_exception(&t.ref->cpu);
        cpu_enter_exception(&t.jit->cpu);
        twin_compare(&t, 0, 0);
        ck_assert_uint_eq(t.jit->cpu.cp0[CP0_EPC][0], HARNESS_CODE + 4);
        ck_assert(t.jit->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
        twin_free(&t);
    }
}
END_TEST

/* BEQL not taken skips (and does not count) a slot that would fault. */
START_TEST(likely_not_taken_nullifies_the_slot)
{
    const uint32_t code[] = {enc_i(OPC_BEQL, 4, 0, 4), enc_i(OPC_LW, 0, 6, 1)};
    struct twin t = twin_new(false);
    twin_code(&t, code, 2);
    twin_reg(&t, 4, 1);
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_EXIT);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 8);
    ck_assert_uint_eq(t.jit->cpu.icount, 1);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_NONE);
    twin_free(&t);
}
END_TEST

static void loads_and_stores(bool big_endian)
{
    const uint32_t code[] = {
        enc_i(OPC_LUI, 0, 4, (int32_t)(HARNESS_DATA >> 16)),
        enc_i(OPC_SW, 4, 5, 0),
        enc_i(OPC_SH, 4, 5, 6),
        enc_i(OPC_SB, 4, 5, 9),
        enc_i(OPC_LB, 4, 6, 0),
        enc_i(X_LBU, 4, 7, 1),
        enc_i(OPC_LH, 4, 8, 2),
        enc_i(X_LHU, 4, 9, 6),
        enc_i(OPC_LW, 4, 10, 4),
        enc_i(OPC_LW, 4, 0, 8),
        enc_i(OPC_LB, 4, 11, 9),
        enc_i(OPC_LH, 4, 12, -2),
        enc_i(OPC_LW, 4, 4, 0),
    };
    run_on_edges(code, sizeof code / 4, big_endian);
    const uint32_t bad[] = {enc_i(OPC_SW, 4, 5, 0), enc_i(OPC_LH, 4, 6, 1)};
    struct twin t = twin_new(big_endian);
    twin_code(&t, bad, 2);
    twin_reg(&t, 4, HARNESS_DATA);
    twin_reg(&t, 5, 0x11223344u);
    twin_reg(&t, 6, 77);
    ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 16), IR_EVAL_RAISE);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_ADEL);
    ck_assert_uint_eq(t.jit->cpu.gpr[6], 77);
    ck_assert_uint_eq(t.jit->ram[0x80000], big_endian ? 0x11 : 0x44);
    twin_free(&t);
}

START_TEST(little_endian_loads_and_stores)
{
    loads_and_stores(false);
}
END_TEST

START_TEST(big_endian_loads_and_stores)
{
    loads_and_stores(true);
}
END_TEST

START_TEST(helper_lifted_ops)
{
    const uint32_t code[] = {
        enc_i(OPC_LUI, 0, 4, (int32_t)(HARNESS_DATA >> 16)),
        enc_i(OPC_SW, 4, 5, 0),
        enc_i(OPC_LWL, 4, 6, 2), /* LWL/LWR/SWL lifted inline (lift_mem.c) */
        enc_i(OPC_LWR, 4, 6, 5),
        enc_i(OPC_SWL, 4, 5, 9),
        enc_mtc1(5, 2),
        enc_mtc1(7, 3),
        enc_add_s(4, 2, 3), /* FPU add */
        enc_mfc1(8, 4),
        enc_c_eq_s(2, 2),
        enc_bc1(true, false, 2),
        enc_mxc0(COP0_MF, 9, CP0_COUNT, 0), /* Count sees the exact icount */
        enc_i(OPC_ORI, 0, 10, 1),
        enc_mxc0(COP0_MF, 11, CP0_COUNT, 0),
        enc_mxc0(COP0_MT, 5, CP0_EPC, 0), /* ends the block */
        enc_i(OPC_ORI, 0, 12, 1),
        enc_r(FN_SYSCALL, 0, 0, 0, 0),
    };
    struct twin t = twin_new(false);
    twin_code(&t, code, sizeof code / 4);
    twin_reg(&t, 5, 0x3f800000u); /* 1.0f */
    twin_reg(&t, 7, 0x40000000u); /* 2.0f */
    t.ref->cpu.icount = t.jit->cpu.icount = 12345;
    int how = twin_block(&t, NULL, HARNESS_DATA, 64); /* ends after the BC1T slot */
    ck_assert_int_eq(how, IR_EVAL_EXIT);
    ck_assert_uint_eq(t.jit->cpu.gpr[8], 0x40400000u); /* 3.0f */
    ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 64), IR_EVAL_HELPER_EXIT);
    ck_assert_uint_eq(t.jit->cpu.cp0[CP0_EPC][0], 0x3f800000u);
    ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 64), IR_EVAL_RAISE);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_SYS);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 16 * 4);
    twin_free(&t);
}
END_TEST

/* Helper-lifted instructions inside delay slots, and a branch in a slot (RI). */
START_TEST(helpers_in_delay_slots)
{
    const uint32_t slots[] = {enc_mxc0(COP0_MT, 5, CP0_EPC, 0), enc_r(FN_SYSCALL, 0, 0, 0, 0),
                              enc_i(OPC_BEQ, 0, 0, 1), enc_i(OPC_LWL, 0, 6, 1), enc_add_s(4, 2, 3)};
    for (unsigned i = 0; i < sizeof slots / 4; i++) {
        const uint32_t code[] = {enc_i(OPC_BNE, 4, 0, 2), slots[i], ENC_NOP, ENC_NOP};
        for (uint32_t v = 0; v < 2; v++) {
            struct twin t = twin_new(false);
            twin_code(&t, code, 4);
            twin_reg(&t, 4, v);
            twin_reg(&t, 5, 0x1234u);
            twin_block(&t, NULL, 0, 0);
            twin_free(&t);
        }
    }
}
END_TEST

START_TEST(cop1_unusable_at_a_bc1_branch)
{
    const uint32_t code[] = {ENC_NOP, enc_bc1(false, true, 3), ENC_NOP};
    struct twin t = twin_new(false);
    twin_code(&t, code, 3);
    t.ref->cpu.cp0[CP0_STATUS][0] = t.jit->cpu.cp0[CP0_STATUS][0] = ST_BEV;
    ck_assert_int_eq(twin_block(&t, NULL, 0, 0), IR_EVAL_RAISE);
    ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(t.jit->cpu.exc.ce, 1);
    ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 4);
    twin_free(&t);
}
END_TEST

/* Block ends: max_insns, the page end (a branch's slot may cross it), the
 * first fetch failing, and a later fetch failing. */
START_TEST(block_boundaries)
{
    struct harness *h = harness_new(false);
    struct ir_block *b = ir_block_new();
    for (unsigned i = 0; i < 40; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, enc_i(OPC_ADDIU, 2, 2, 1));
    struct lift_config cfg = {.max_insns = 10};
    ck_assert_int_eq(lift_block(&h->cpu, HARNESS_CODE, b, &cfg), 10);
    ck_assert_int_eq(lift_block(&h->cpu, HARNESS_CODE, b, NULL), (int)LIFT_DEFAULT_MAX_INSNS);
    /* the page at 0x80001000 ends at 0x80002000 */
    ck_assert_int_eq(lift_block(&h->cpu, 0x80001ff0u, b, NULL), 4);
    harness_poke32(h, 0x80001ffcu, enc_i(OPC_BEQ, 0, 0, 4));
    ck_assert_int_eq(lift_block(&h->cpu, 0x80001ff8u, b, NULL), 3);
    ck_assert_ptr_null(ir_verify(b, NULL));
    /* end of RAM: 0x80100000 is no memory (bus error on fetch) */
    ck_assert_int_eq(lift_block(&h->cpu, 0x80100000u, b, NULL), 0);
    ck_assert_uint_eq(b->ninsns, 0);
    ck_assert_int_eq(lift_block(&h->cpu, 0x80000001u, b, NULL), 0);
    harness_poke32(h, 0x800ffff8u, ENC_NOP);
    harness_poke32(h, 0x800ffffcu, enc_i(OPC_BEQ, 0, 0, 4));
    ck_assert_int_eq(lift_block(&h->cpu, 0x800ffff8u, b, NULL), 1); /* stops before the branch */
    ck_assert_int_eq(lift_block(&h->cpu, 0x800ffffcu, b, NULL), 0); /* its slot cannot fetch */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_NONE);
    ir_block_free(b);
    harness_free(h);
}
END_TEST

START_TEST(exit_request_stops_at_entry)
{
    struct twin t = twin_new(false);
    const uint32_t code[] = {enc_i(OPC_ADDIU, 0, 2, 1)};
    twin_code(&t, code, 1);
    ck_assert_int_gt(lift_block(&t.jit->cpu, HARNESS_CODE, t.b, NULL), 0);
    struct ir_target tg;
    mips_ir_target(&t.jit->cpu, &tg);
    t.jit->cpu.exit_request = 1;
    ck_assert_int_eq(ir_eval(t.b, &t.jit->cpu, &tg), IR_EVAL_REQUESTED);
    ck_assert_uint_eq(t.jit->cpu.gpr[2], 0);
    twin_free(&t);
}
END_TEST

/* ---- the FPU lifter (lift_fpu.c) ------------------------------------------- */

enum { X_LWC1 = 0x31, X_LDC1 = 0x35, X_SWC1 = 0x39, X_SDC1 = 0x3d, X_COP1X = 0x13 };
enum { F_S = 16, F_D = 17, F_W = 20, F_L = 21 };

static uint32_t enc_cop1(unsigned fmt, unsigned ft, unsigned fs, unsigned fd, unsigned fn)
{
    return (uint32_t)X_COP1 << 26 | fmt << 21 | ft << 16 | fs << 11 | fd << 6 | fn;
}

/* COP1X: the indexed loads/stores (fd or fs) and the multiply-adds. */
static uint32_t enc_cop1x(unsigned fr, unsigned ft, unsigned fs, unsigned fd, unsigned fn)
{
    return (uint32_t)X_COP1X << 26 | fr << 21 | ft << 16 | fs << 11 | fd << 6 | fn;
}

/* Sets Status.CU1/FR and FCSR on both machines. */
static void twin_fpu_mode(struct twin *t, bool cu1, bool fr, uint32_t fcsr)
{
    uint32_t st = ST_BEV | (cu1 ? ST_CU1 : 0) | (fr ? ST_FR : 0);
    t->ref->cpu.cp0[CP0_STATUS][0] = t->jit->cpu.cp0[CP0_STATUS][0] = st;
    t->ref->cpu.fcsr = t->jit->cpu.fcsr = fcsr;
}

/* Every lifted FPU form once: memory (offset and indexed, both widths, an odd
 * LDC1/SDC1 register), moves, sign ops, conditional moves, arithmetic,
 * multiply-add, conversions and compares. */
#define FPU_WORDS 50u

/* Writes the program (FPU_WORDS words) to out. */
static void fpu_program(uint32_t *out)
{
    const uint32_t code[FPU_WORDS] = {
    enc_i(OPC_LUI, 0, 4, (int32_t)(HARNESS_DATA >> 16)),
    enc_i(OPC_SW, 4, 5, 0),
    enc_i(OPC_SW, 4, 6, 4),
    enc_i(OPC_SW, 4, 7, 8),
    enc_i(OPC_SW, 4, 8, 12),
    enc_i(X_LWC1, 4, 1, 0),
    enc_i(X_LDC1, 4, 2, 0),
    enc_i(X_LDC1, 4, 5, 8), /* odd: the pair (4, 5) with FR = 0 */
    enc_i(X_SDC1, 4, 2, 16),
    enc_i(X_SDC1, 4, 5, 24),
    enc_i(X_SWC1, 4, 1, 36),
    enc_i(OPC_ORI, 0, 9, 8),
    enc_cop1x(4, 9, 0, 7, 0x00),  /* lwxc1 $f7, $9($4) */
    enc_cop1x(4, 9, 0, 8, 0x01),  /* ldxc1 $f8, $9($4) */
    enc_cop1x(4, 9, 7, 0, 0x08),  /* swxc1 $f7, $9($4) */
    enc_cop1x(4, 9, 8, 0, 0x09),  /* sdxc1 $f8, $9($4) */
    enc_mfc1(10, 2),
    (uint32_t)X_COP1 << 26 | 3u << 21 | 11u << 16 | 2u << 11, /* mfhc1 $11, $f2 */
    (uint32_t)X_COP1 << 26 | 3u << 21 | 12u << 16 | 13u << 11, /* mfhc1 $12, $f13 */
    (uint32_t)X_COP1 << 26 | 7u << 21 | 6u << 16 | 12u << 11, /* mthc1 $6, $f12 */
    enc_mtc1(5, 12),
    enc_cop1(F_D, 8, 2, 14, 0x00), /* add.d */
    enc_cop1(F_S, 7, 1, 16, 0x02), /* mul.s */
    enc_cop1(F_D, 0, 2, 18, 0x04), /* sqrt.d */
    enc_cop1(F_D, 0, 14, 20, 0x05), /* abs.d */
    enc_cop1(F_S, 0, 1, 21, 0x07), /* neg.s */
    enc_cop1(F_D, 0, 2, 22, 0x06), /* mov.d */
    enc_cop1(F_D, 0, 2, 23, 0x07), /* neg.d $f23: RI with FR = 0 */
    enc_cop1(F_D, 2, 14, 3u << 2, 0x3c), /* c.lt.d $fcc3 */
    enc_cop1(F_D, 3u << 2 | 1, 2, 24, 0x11), /* movt.d $f24, $f2, $fcc3 */
    enc_cop1(F_S, 3u << 2, 1, 25, 0x11), /* movf.s $f25, $f1, $fcc3 */
    enc_cop1(F_D, 0, 8, 26, 0x12), /* movz.d $f26, $f8, $0 */
    enc_cop1(F_S, 5, 7, 27, 0x13), /* movn.s $f27, $f7, $5 */
    enc_cop1(F_S, 0, 1, 28, 0x21), /* cvt.d.s */
    enc_cop1(F_D, 0, 2, 29, 0x24), /* cvt.w.d */
    enc_cop1(F_S, 0, 7, 30, 0x0d), /* trunc.w.s */
    enc_cop1(F_D, 0, 8, 31, 0x20), /* cvt.s.d */
    enc_cop1(F_W, 0, 29, 0, 0x21), /* cvt.d.w */
    enc_cop1(F_D, 0, 2, 6, 0x09), /* trunc.l.d: RI with FR = 0 */
    enc_cop1x(14, 8, 2, 10, 0x21), /* madd.d $f10 = $f2 * $f8 + $f14 */
    enc_cop1x(1, 7, 1, 9, 0x38), /* nmsub.s */
    enc_cop1(F_D, 0, 8, 12, 0x15), /* recip.d */
    enc_cop1(F_S, 7, 1, 5u << 2, 0x32), /* c.eq.s $fcc5 */
    enc_cop1(F_D, 8, 2, 0, 0x03), /* div.d */
    enc_cop1x(4, 9, 0, 16, 0x05), /* luxc1: RI with FR = 0 */
    enc_cop1x(4, 9, 16, 0, 0x0d), /* suxc1 */
    enc_cop1(F_L, 0, 16, 18, 0x21), /* cvt.d.l */
    enc_cop1(F_D, 0, 18, 20, 0x25), /* cvt.l.d */
    enc_i(X_SWC1, 4, 31, 40),
    enc_mfc1(13, 30),
    };
    memcpy(out, code, sizeof code);
}

/* Runs fpu_code from the start, and from every later instruction (so each
 * RI / FPE stop is passed), comparing with the interpreter. */
static void fpu_forms(bool fr, bool big_endian, uint32_t fcsr, const uint32_t vals[4])
{
    unsigned n = FPU_WORDS;
    uint32_t fpu_code[FPU_WORDS];
    fpu_program(fpu_code);
    for (unsigned from = 0; from < n; from++) {
        struct twin t = twin_new(big_endian);
        twin_code(&t, fpu_code, n);
        twin_set_pc(&t, HARNESS_CODE + 4 * from);
        twin_fpu_mode(&t, true, fr, fcsr);
        twin_reg(&t, 4, HARNESS_DATA);
        for (unsigned r = 0; r < 4; r++)
            twin_reg(&t, 5 + r, vals[r]);
        for (unsigned f = 0; f < 32; f++)
            t.ref->cpu.fpr[f] = t.jit->cpu.fpr[f] = 0x4000000000000000ull + f * 0x0123456789ull;
        twin_run(&t, n);
        twin_free(&t);
    }
}

START_TEST(fpu_forms_match_the_interpreter)
{
    static const uint32_t vals[][4] = {
        {0x3ff00000u, 0x40080000u, 0x3fc00000u, 0x40400000u},
        {0x00000000u, 0x7ff40000u, 0xffffffffu, 0x80000001u}, /* SNaN, NaN, tiny */
        {0x54442d18u, 0x400921fbu, 0x7f7fffffu, 0xc1e00000u},
    };
    /* FCSR: plain; round toward zero with flags set; Inexact and Invalid
     * enabled (the helpers raise FPE with the destination unwritten). */
    static const uint32_t fcsrs[] = {0, 0x0000007du, 0x00000c80u};
    for (unsigned fr = 0; fr < 2; fr++)
        for (unsigned be = 0; be < 2; be++)
            for (unsigned v = 0; v < 3; v++)
                for (unsigned f = 0; f < 3; f++)
                    fpu_forms(fr, be, fcsrs[f], vals[v]);
}
END_TEST

/* CU1 = 0: every COP1/COP1X form raises CpU (CE = 1) before anything else,
 * also in a delay slot. */
START_TEST(fpu_unusable_raises_cpu)
{
    unsigned n = FPU_WORDS;
    uint32_t fpu_code[FPU_WORDS];
    fpu_program(fpu_code);
    for (unsigned i = 5; i < n; i++) {
        if ((fpu_code[i] >> 26) == OPC_SW || (fpu_code[i] >> 26) == OPC_ORI ||
            (fpu_code[i] >> 26) == OPC_SPECIAL)
            continue;
        for (unsigned slot = 0; slot < 2; slot++) {
            const uint32_t code[] = {slot ? enc_i(OPC_BEQ, 0, 0, 2) : ENC_NOP, fpu_code[i],
                                     ENC_NOP};
            struct twin t = twin_new(false);
            twin_code(&t, code, 3);
            twin_fpu_mode(&t, false, i & 1, 0);
            twin_reg(&t, 4, HARNESS_DATA);
            ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 64), IR_EVAL_RAISE);
            ck_assert_uint_eq(t.jit->cpu.exc.code, EXC_CPU);
            ck_assert_uint_eq(t.jit->cpu.exc.ce, 1);
            ck_assert_uint_eq(t.jit->cpu.pc, HARNESS_CODE + 4);
            ck_assert_uint_eq(t.jit->cpu.in_delay, slot);
            twin_free(&t);
        }
    }
}
END_TEST

/* LDC1/SDC1 need 8-byte alignment (AdEL/AdES, nothing written); LWC1 4. */
START_TEST(fpu_memory_alignment_faults)
{
    const uint32_t bad[] = {enc_i(X_LDC1, 4, 2, 4), enc_i(X_SDC1, 4, 2, 12),
                            enc_i(X_LWC1, 4, 2, 2), enc_i(X_SWC1, 4, 2, 1),
                            enc_cop1x(4, 9, 0, 2, 0x01)};
    for (unsigned i = 0; i < sizeof bad / 4; i++)
        for (unsigned be = 0; be < 2; be++)
            for (unsigned fr = 0; fr < 2; fr++) {
                struct twin t = twin_new(be);
                twin_code(&t, &bad[i], 1);
                twin_fpu_mode(&t, true, fr, 0);
                twin_reg(&t, 4, HARNESS_DATA);
                twin_reg(&t, 9, 12);
                t.ref->cpu.fpr[2] = t.jit->cpu.fpr[2] = 0x1122334455667788ull;
                ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 64), IR_EVAL_RAISE);
                ck_assert(t.jit->cpu.exc.code == EXC_ADEL || t.jit->cpu.exc.code == EXC_ADES);
                ck_assert_uint_eq(t.jit->cpu.fpr[2], 0x1122334455667788ull);
                twin_free(&t);
            }
}
END_TEST

/* The lifted forms are inline or direct helper calls, never the interpreter
 * helper; CFC1/CTC1 and RI forms are. */
START_TEST(fpu_forms_avoid_the_interpreter)
{
    struct harness *h = harness_new(false);
    struct ir_block *b = ir_block_new();
    const uint32_t code[] = {enc_i(X_LDC1, 4, 2, 0), enc_cop1(F_D, 2, 2, 4, 0x02),
                             enc_cop1(F_D, 2, 4, 0, 0x3c), enc_i(X_SDC1, 4, 4, 8),
                             enc_cop1(F_D, 0, 3, 6, 0x05), 0x4446f800u /* cfc1 $6, $31 */};
    for (unsigned i = 0; i < 6; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, code[i]);
    struct lift_config cfg = {.max_insns = 6};
    ck_assert_int_eq(lift_block(&h->cpu, HARNESS_CODE, b, &cfg), 6);
    unsigned exec = 0, loads = 0, stores = 0;
    for (unsigned i = 0; i < b->ninsns; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_CALL && in->helper == &lift_helper_exec) exec++;
        if (in->op == IR_LOAD && (in->mem & IR_MEM_SIZE_MASK) == 8) loads++;
        if (in->op == IR_STORE && (in->mem & IR_MEM_SIZE_MASK) == 8) stores++;
    }
    ck_assert_uint_eq(exec, 2); /* abs.d $f3 (odd, FR = 0: RI) and cfc1 */
    ck_assert_uint_eq(loads, 1);
    ck_assert_uint_eq(stores, 1);
    ir_block_free(b);
    harness_free(h);
}
END_TEST

/* ---- LWL/LWR/SWL/SWR and RDHWR $29 (lifted inline) ------------------------- */

/* Counts the block's calls of h. */
static unsigned count_calls(const struct ir_block *b, const struct ir_helper *h)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        n += b->insns[i].op == IR_CALL && b->insns[i].helper == h;
    return n;
}

/* Every (addr & 3), both byte orders, rt == rs, rt == $zero, pairs as glibc
 * uses them; memory and registers must match the interpreter. */
static void unaligned_forms(bool big_endian)
{
    const uint32_t code[] = {
        enc_i(OPC_LWL, 4, 6, 0),  enc_i(OPC_LWR, 4, 7, 0),  enc_i(OPC_LWL, 4, 8, 3),
        enc_i(OPC_LWR, 4, 8, 0),  enc_i(OPC_LWR, 4, 11, 3), enc_i(OPC_LWL, 4, 11, 0),
        enc_i(OPC_LWL, 4, 0, 1),  enc_i(OPC_SWL, 9, 5, 0),  enc_i(OPC_SWR, 9, 5, 11),
        enc_i(OPC_SWR, 9, 5, 3),  enc_i(OPC_SWL, 9, 5, 16), enc_i(OPC_SWR, 9, 5, 16),
        enc_i(OPC_LWL, 9, 12, 1), enc_i(OPC_LWR, 9, 13, 2), enc_i(OPC_LWL, 10, 10, 2),
        enc_i(OPC_LWR, 14, 14, -1),
    };
    unsigned n = sizeof code / 4;
    for (uint32_t off = 0; off < 4; off++) {
        struct twin t = twin_new(big_endian);
        twin_code(&t, code, n);
        for (unsigned r = 1; r < 32; r++)
            twin_reg(&t, r, 0xa5a5a5a5u ^ (0x01010101u * r));
        twin_reg(&t, 4, HARNESS_DATA + off);
        twin_reg(&t, 9, HARNESS_DATA + 0x40 + off);
        twin_reg(&t, 10, HARNESS_DATA + 0x81 + off);
        twin_reg(&t, 14, HARNESS_DATA + 0xc2 + off);
        for (unsigned i = 0; i < 0x100; i++)
            t.ref->ram[0x80000 + i] = t.jit->ram[0x80000 + i] = (uint8_t)(0x11 * i + 3);
        struct lift_config cfg = {.max_insns = n};
        ck_assert_int_eq(lift_block(&t.jit->cpu, HARNESS_CODE, t.b, &cfg), (int)n);
        ck_assert_uint_eq(count_calls(t.b, &lift_helper_exec), 0);
        ck_assert_uint_eq(count_calls(t.b, &lift_helper_swlr), 5);
        ck_assert_int_eq(twin_block(&t, &cfg, HARNESS_DATA, 0x100), IR_EVAL_EXIT);
        twin_free(&t);
    }
}

START_TEST(unaligned_forms_match_the_interpreter)
{
    unaligned_forms(false);
    unaligned_forms(true);
}
END_TEST

/* Hand-checked values (Vol. II tables): memory 00 11 22 33 at HARNESS_DATA,
 * rt = 0xaaaaaaaa, address HARNESS_DATA + 1. */
START_TEST(unaligned_values_by_hand)
{
    static const struct {
        bool be;
        uint8_t opc;
        uint32_t rt_after;   /* loads */
        uint32_t mem_after;  /* stores: the word as the guest reads it */
    } cases[] = {
        {false, OPC_LWL, 0x1100aaaau, 0}, {false, OPC_LWR, 0xaa332211u, 0},
        {true, OPC_LWL, 0x112233aau, 0},  {true, OPC_LWR, 0xaaaa0011u, 0},
        {false, OPC_SWL, 0, 0x3322aaaau}, {false, OPC_SWR, 0, 0xaaaaaa00u},
        {true, OPC_SWL, 0, 0x00aaaaaau},  {true, OPC_SWR, 0, 0xaaaa2233u},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct twin t = twin_new(cases[i].be);
        const uint32_t code[] = {enc_i(cases[i].opc, 4, 5, 1)};
        twin_code(&t, code, 1);
        twin_reg(&t, 4, HARNESS_DATA);
        twin_reg(&t, 5, 0xaaaaaaaau);
        for (unsigned k = 0; k < 4; k++)
            t.ref->ram[0x80000 + k] = t.jit->ram[0x80000 + k] = (uint8_t)(0x11 * k);
        struct lift_config cfg = {.max_insns = 1};
        twin_block(&t, &cfg, HARNESS_DATA, 16);
        if (cases[i].opc == OPC_LWL || cases[i].opc == OPC_LWR)
            ck_assert_uint_eq(t.jit->cpu.gpr[5], cases[i].rt_after);
        else
            ck_assert_uint_eq(harness_peek32(t.jit, HARNESS_DATA), cases[i].mem_after);
        twin_free(&t);
    }
}
END_TEST

/* A fault reports the instruction's own (unaligned) address as BadVAddr, a
 * store's exception for SWL/SWR, EPC = the branch in a delay slot; nothing
 * is written. kuseg 0x00800000 has no TLB entry: TLB refill. */
START_TEST(unaligned_faults_report_vaddr)
{
    static const struct {
        uint8_t opc;
        uint8_t exc;
    } forms[] = {{OPC_LWL, EXC_TLBL}, {OPC_LWR, EXC_TLBL}, {OPC_SWL, EXC_TLBS}, {OPC_SWR, EXC_TLBS}};
    for (unsigned be = 0; be < 2; be++) {
        for (unsigned f = 0; f < 4; f++) {
            for (unsigned slot = 0; slot < 2; slot++) {
                struct twin t = twin_new(be);
                uint32_t insn = enc_i(forms[f].opc, 4, 5, 2);
                const uint32_t plain[] = {enc_i(OPC_ORI, 0, 6, 1), insn, ENC_NOP};
                const uint32_t delayed[] = {enc_i(OPC_ORI, 0, 6, 1), enc_i(OPC_BEQ, 0, 0, 4),
                                            insn, ENC_NOP};
                twin_code(&t, slot ? delayed : plain, slot ? 4 : 3);
                twin_reg(&t, 4, 0x00800001u);
                twin_reg(&t, 5, 0x12345678u);
                ck_assert_int_eq(twin_block(&t, NULL, HARNESS_DATA, 16), IR_EVAL_RAISE);
                const struct cpu *j = &t.jit->cpu;
                ck_assert_uint_eq(j->exc.code, forms[f].exc);
                ck_assert(j->exc.has_badvaddr);
                ck_assert_uint_eq(j->exc.badvaddr, 0x00800003u);
                ck_assert_uint_eq(j->gpr[5], 0x12345678u);
                ck_assert_uint_eq(j->gpr[6], 1);
                cpu_enter_exception(&t.ref->cpu);
                cpu_enter_exception(&t.jit->cpu);
                twin_compare(&t, HARNESS_DATA, 16);
                ck_assert_uint_eq(j->cp0[CP0_EPC][0], HARNESS_CODE + 4);
                ck_assert_uint_eq(j->cp0[CP0_BADVADDR][0], 0x00800003u);
                ck_assert_uint_eq(!!(j->cp0[CP0_CAUSE][0] & (1u << 31)), slot);
                twin_free(&t);
            }
        }
    }
}
END_TEST

#define USER_CODE 0x00401000u /* mapped onto HARNESS_CODE's page in rdhwr tests */

/* Runs `code` in user mode (Status.UM) from USER_CODE through a TLB entry. */
static void twin_user_mode(struct twin *t, uint32_t hwrena, uint32_t status_extra)
{
    struct harness *hs[] = {t->ref, t->jit};
    for (unsigned i = 0; i < 2; i++) {
        struct cpu *c = &hs[i]->cpu;
        /* EntryLo: PFN << 6 | D | V | G; the odd page of VPN2 0x400000 is
         * physical page 1 (HARNESS_CODE). */
        c->tlb[0] = (struct tlb_entry){0x00400000u, 0, 0, 1u << 6 | 7u};
        c->cp0[CP0_STATUS][0] = ST_UM | status_extra;
        c->cp0[CP0_HWRENA][0] = hwrena;
        c->cp0[CP0_CONTEXT][2] = 0x7fff1234u;
    }
    twin_set_pc(t, USER_CODE);
}

START_TEST(rdhwr_userlocal_allowed_and_denied)
{
    const uint32_t code[] = {enc_i(OPC_ORI, 0, 2, 9), enc_rdhwr(3, 29), enc_i(OPC_ORI, 0, 4, 1),
                             enc_r(FN_JR, 31, 0, 0, 0), ENC_NOP};
    static const struct {
        bool user;
        uint32_t hwrena, status;
        bool allowed;
    } cases[] = {
        {false, 0, 0, true},        {true, 0, 0, false},
        {true, 1u << 29, 0, true},  {true, 0, ST_CU0, true},
        {true, 0xfu, 0, false},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct twin t = twin_new(i & 1);
        twin_code(&t, code, 5);
        twin_reg(&t, 31, 0x00401100u);
        t.ref->cpu.cp0[CP0_CONTEXT][2] = t.jit->cpu.cp0[CP0_CONTEXT][2] = 0x7fff1234u;
        if (cases[i].user) twin_user_mode(&t, cases[i].hwrena, cases[i].status);
        ck_assert_int_gt(lift_block(&t.jit->cpu, t.jit->cpu.pc, t.b, NULL), 0);
        ck_assert_uint_eq(count_calls(t.b, &lift_helper_exec), 0);
        int how = twin_block(&t, NULL, HARNESS_DATA, 16);
        const struct cpu *j = &t.jit->cpu;
        if (cases[i].allowed) {
            ck_assert_int_ne(how, IR_EVAL_RAISE);
            ck_assert_uint_eq(j->gpr[3], 0x7fff1234u);
            ck_assert_uint_eq(j->gpr[4], 1);
        } else {
            ck_assert_int_eq(how, IR_EVAL_RAISE);
            ck_assert_uint_eq(j->exc.code, EXC_RI);
            ck_assert_uint_eq(j->pc, (cases[i].user ? USER_CODE : HARNESS_CODE) + 4);
            ck_assert_uint_eq(j->gpr[2], 9);
            ck_assert_uint_eq(j->gpr[3], 0);
        }
        twin_free(&t);
    }
}
END_TEST

/* The user-mode check runs when the block runs, not when it is lifted: one
 * lifted block, HWREna changed between runs. Without Config3.ULRI RDHWR $29
 * is RI (through the interpreter). */
START_TEST(rdhwr_userlocal_checked_at_run_time)
{
    const uint32_t code[] = {enc_rdhwr(3, 29), enc_i(OPC_ORI, 0, 4, 1)};
    struct twin t = twin_new(false);
    twin_code(&t, code, 2);
    twin_user_mode(&t, 0, 0);
    struct cpu *j = &t.jit->cpu;
    struct lift_config cfg = {.max_insns = 2};
    ck_assert_int_eq(lift_block(j, USER_CODE, t.b, &cfg), 2);
    struct ir_target tg;
    mips_ir_target(j, &tg);
    ck_assert_int_eq(ir_eval(t.b, j, &tg), IR_EVAL_RAISE);
    ck_assert_uint_eq(j->exc.code, EXC_RI);
    j->exc.code = EXC_NONE;
    j->pc = USER_CODE;
    j->cp0[CP0_HWRENA][0] = 1u << 29;
    ck_assert_int_eq(ir_eval(t.b, j, &tg), IR_EVAL_EXIT);
    ck_assert_uint_eq(j->gpr[3], 0x7fff1234u);
    twin_free(&t);

    struct twin u = twin_new(true);
    twin_code(&u, code, 2);
    u.ref->cpu.cp0[CP0_CONFIG][3] = u.jit->cpu.cp0[CP0_CONFIG][3] = 0;
    ck_assert_int_eq(twin_block(&u, &cfg, HARNESS_DATA, 16), IR_EVAL_RAISE);
    ck_assert_uint_eq(u.jit->cpu.exc.code, EXC_RI);
    ck_assert_uint_eq(count_calls(u.b, &lift_helper_exec), 1);
    twin_free(&u);
}
END_TEST

/* ---- randomized ----------------------------------------------------------- */

#define RND_WORDS 192u
#define RND_BASE 23 /* memory base register: never written */
#define RND_DATA (HARNESS_DATA + 0x100u)

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static unsigned rnd_reg(uint64_t *s)
{
    unsigned r = (unsigned)(rng_next(s) % 31) + 1;
    return r == RND_BASE ? 0 : r;
}

static uint32_t rnd_value(uint64_t *s)
{
    static const uint32_t special[] = {0, 1, 0xffffffffu, IMIN, 0x7fffffffu, 2, 31, 32};
    uint64_t x = rng_next(s);
    return x & 1 ? special[(x >> 1) % 8] : (uint32_t)(x >> 8);
}

static const uint8_t rnd_r_fns[] = {FN_ADDU, FN_SUBU, FN_AND,   FN_OR,   FN_XOR,  FN_NOR,  FN_SLT,
                                    FN_SLTU, FN_SLLV, FN_SRLV,  FN_SRAV, FN_ADD,  FN_SUB,  FN_MOVZ,
                                    FN_MOVN, FN_MULT, FN_MULTU, FN_DIV,  FN_DIVU, FN_MFHI, FN_MFLO,
                                    XF_MTHI, XF_MTLO, FN_TEQ,   XF_TLTU};
static const uint8_t rnd_i_ops[] = {OPC_ADDIU, OPC_ADDI, OPC_SLTI, OPC_SLTIU,
                                    OPC_ANDI,  OPC_ORI,  OPC_XORI, OPC_LUI};
static const uint8_t rnd_mem_ops[] = {OPC_LB, OPC_LH, OPC_LW,  X_LBU,   X_LHU,   OPC_SB,
                                      OPC_SH, OPC_SW, OPC_LWL, OPC_LWR, OPC_SWL, OPC_SWR};
static const uint8_t rnd_br_ops[] = {OPC_BEQ,  OPC_BNE,  X_BLEZ,  X_BGTZ,
                                     OPC_BEQL, OPC_BNEL, X_BLEZL, X_BGTZL};
static const uint8_t rnd_regimm[] = {RT_BLTZ,   RT_BGEZ,   RT_BLTZL, XR_BGEZL,
                                     RT_BLTZAL, RT_BGEZAL, XR_TNEI,  XR_TGEIU};

#define PICK(s, table) (table)[rng_next(s) % sizeof(table)]

static uint32_t rnd_special2_or_3(uint64_t *s, unsigned rs, unsigned rt, unsigned rd)
{
    static const uint8_t sp2[] = {FN2_MADD,  FN2_MADDU, FN2_MUL, FN2_MSUB,
                                  FN2_MSUBU, FN2_CLZ,   FN2_CLO};
    unsigned pos = (unsigned)(rng_next(s) % 32), size = (unsigned)(rng_next(s) % 32) + 1;
    switch (rng_next(s) % 6) {
    case 0:
        return enc_r_op(OPC_SPECIAL2, PICK(s, sp2), rs, rt, rd, 0);
    case 1:
        return enc_r_op(OPC_SPECIAL3, FN3_EXT, rs, rt, size - 1, pos); /* may be RI */
    case 2:
        return enc_r_op(OPC_SPECIAL3, FN3_INS, rs, rt, (pos + size - 1) & 31, pos);
    case 3:
        return enc_bshfl((const uint8_t[]){2, 0x10, 0x18}[rng_next(s) % 3], rt, rd);
    case 4:
        return rng_next(s) & 1 ? enc_rotr(rt, rd, pos) : enc_rotrv(rs, rt, rd);
    default:
        return enc_r((const uint8_t[]){FN_SLL, FN_SRL, FN_SRA}[rng_next(s) % 3], 0, rt, rd, pos);
    }
}

/* One random instruction for word index i of the program. */
static uint32_t rnd_insn(uint64_t *s, unsigned i)
{
    unsigned rs = rnd_reg(s), rt = rnd_reg(s), rd = rnd_reg(s);
    int32_t imm = (int32_t)(rng_next(s) & 0xffff) - 0x8000;
    int32_t off = (int32_t)(rng_next(s) % 13) - 4; /* branch offset in words */
    unsigned k = (unsigned)(rng_next(s) % 100);
    if (k < 30) return enc_r(PICK(s, rnd_r_fns), rs, rt, rd, 0);
    if (k < 45) return enc_i(PICK(s, rnd_i_ops), rs, rt, k & 1 ? imm : imm & 0xff);
    if (k < 57) return rnd_special2_or_3(s, rs, rt, rd);
    if (k < 72) /* mostly aligned accesses near the base; some unaligned ones fault */
        return enc_i(PICK(s, rnd_mem_ops), RND_BASE, rt,
                     (int32_t)(rng_next(s) % 64) * (rng_next(s) % 8 ? 4 : 1) - 128);
    if (k < 82) return enc_i(PICK(s, rnd_br_ops), rs, rt, off);
    if (k < 88) return enc_regimm(PICK(s, rnd_regimm), rs, off);
    if (k < 90)
        return enc_j(rng_next(s) & 1 ? OPC_J : OPC_JAL,
                     HARNESS_CODE + 4 * (uint32_t)(rng_next(s) % RND_WORDS));
    if (k < 92) /* register jumps: mostly somewhere in the program via $31 */
        return rng_next(s) & 1 ? enc_r(FN_JR, 31, 0, 0, 0) : enc_r(FN_JALR, rs, 0, rd, 0);
    if (k < 94) return enc_mxc0(COP0_MF, rt, CP0_COUNT, 0);
    if (k < 95) return enc_mxc0(COP0_MT, rt, CP0_EPC, 0);
    if (k < 96) return enc_r(FN_SYSCALL, 0, 0, 0, 0);
    if (k < 98) return rng_next(s) & 1 ? enc_mtc1(rt, rd) : enc_add_s(rd, rs, rt);
    (void)i;
    return rng_next(s) & 1 ? enc_bc1(rng_next(s) & 1, rng_next(s) & 1, off) : enc_c_eq_s(rs, rt);
}

static void rnd_program(struct twin *t, uint64_t *s)
{
    uint32_t code[RND_WORDS];
    for (unsigned i = 0; i < RND_WORDS; i++)
        code[i] = rnd_insn(s, i);
    twin_code(t, code, RND_WORDS);
    for (unsigned r = 1; r < 32; r++)
        twin_reg(t, r, rnd_value(s));
    twin_reg(t, RND_BASE, RND_DATA);
    twin_reg(t, 31, HARNESS_CODE + 4 * (uint32_t)(rng_next(s) % RND_WORDS));
    for (unsigned i = 0; i < 0x200; i++)
        t->ref->ram[(RND_DATA & 0x1fffffffu) - 0x100 + i] =
            t->jit->ram[(RND_DATA & 0x1fffffffu) - 0x100 + i] = (uint8_t)rng_next(s);
}

/* After an exception: enter it on both (EPC/Cause/BD compared), then drop
 * back to a program start with EXL clear so the next one records again. */
static void rnd_after_exception(struct twin *t, uint64_t *s)
{
    cpu_enter_exception(&t->ref->cpu);
    cpu_enter_exception(&t->jit->cpu);
    twin_compare(t, 0, 0);
    t->ref->cpu.cp0[CP0_STATUS][0] &= ~ST_EXL;
    t->jit->cpu.cp0[CP0_STATUS][0] &= ~ST_EXL;
    twin_set_pc(t, HARNESS_CODE + 4 * (uint32_t)(rng_next(s) % RND_WORDS));
}

START_TEST(random_blocks_match_the_interpreter)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    uint64_t total = 0;
    for (unsigned prog = 0; total < 220000; prog++) {
        struct twin t = twin_new(prog & 1);
        rnd_program(&t, &seed);
        struct lift_config cfg = {.max_insns = 1 + prog % 40};
        uint64_t start = t.jit->cpu.icount, steps = 0;
        while (t.jit->cpu.icount - start < 6000 && steps++ < 20000) {
            const struct cpu *j = &t.jit->cpu;
            if (j->pc < HARNESS_CODE || j->pc >= HARNESS_CODE + 4 * RND_WORDS || (j->pc & 3))
                twin_set_pc(&t, HARNESS_CODE + 4 * (uint32_t)(rng_next(&seed) % RND_WORDS));
            twin_block(&t, &cfg, RND_DATA - 0x100, 0x200);
            if (t.jit->cpu.exc.code != EXC_NONE) rnd_after_exception(&t, &seed);
        }
        total += t.jit->cpu.icount - start;
        twin_free(&t);
    }
    if (getenv("LIFT_TEST_VERBOSE"))
        printf("random: %llu guest insns\n", (unsigned long long)total);
    ck_assert_uint_ge(total, 200000);
}
END_TEST

static Suite *lift_suite(void)
{
    Suite *s = suite_create("lift");
    TCase *tc = tcase_create("core");
    /* branches_taken_not_taken_and_likely makes 3600 machines (20 s on an
     * idle host, 60 s with the other suites beside it on 2 cores). */
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, alu_register_and_immediate_ops);
    tcase_add_test(tc, shifts_rotates_and_bit_fields);
    tcase_add_test(tc, mul_div_and_hilo);
    tcase_add_test(tc, add_overflow_raises_without_writing);
    tcase_add_test(tc, traps);
    tcase_add_test(tc, branches_taken_not_taken_and_likely);
    tcase_add_test(tc, register_jumps);
    tcase_add_test(tc, delay_slot_fault_semantics);
    tcase_add_test(tc, likely_not_taken_nullifies_the_slot);
    tcase_add_test(tc, little_endian_loads_and_stores);
    tcase_add_test(tc, big_endian_loads_and_stores);
    tcase_add_test(tc, helper_lifted_ops);
    tcase_add_test(tc, helpers_in_delay_slots);
    tcase_add_test(tc, cop1_unusable_at_a_bc1_branch);
    tcase_add_test(tc, block_boundaries);
    tcase_add_test(tc, exit_request_stops_at_entry);
    tcase_add_test(tc, fpu_forms_match_the_interpreter);
    tcase_add_test(tc, fpu_unusable_raises_cpu);
    tcase_add_test(tc, fpu_memory_alignment_faults);
    tcase_add_test(tc, fpu_forms_avoid_the_interpreter);
    tcase_add_test(tc, unaligned_forms_match_the_interpreter);
    tcase_add_test(tc, unaligned_values_by_hand);
    tcase_add_test(tc, unaligned_faults_report_vaddr);
    tcase_add_test(tc, rdhwr_userlocal_allowed_and_denied);
    tcase_add_test(tc, rdhwr_userlocal_checked_at_run_time);
    suite_add_tcase(s, tc);
    TCase *rnd = tcase_create("random");
    tcase_set_timeout(rnd, 60);
    tcase_add_test(rnd, random_blocks_match_the_interpreter);
    suite_add_tcase(s, rnd);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(lift_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
