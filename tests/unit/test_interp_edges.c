/* tests/unit/test_interp_edges.c — the interpreter on edge values, with every
 * instruction built by tests/unit/interp_encode.h: each register ALU op and
 * each immediate op on 0, 1, -1, INT_MIN and INT_MAX (results from a 64-bit
 * reference written independently of frontend/interp_alu.c), the HI/LO ops on
 * the same values (with QEMU's choices for division by zero and INT_MIN / -1),
 * shifts at 0/31/32, exceptions in delay slots (EPC, BD, BadVAddr, no register
 * write), branch-likely nullifying a faulting slot, the link register, and
 * RDHWR/CACHE/SYNCI permissions in user mode.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"

#define SENTINEL 0x5a5a5a5au
#define IMIN 0x80000000u
#define IMAX 0x7fffffffu
#define USER_PC 0x00400000u

static const uint32_t edges[] = {0, 1, 0xffffffffu, IMIN, IMAX};
#define EDGE_COUNT (sizeof edges / sizeof edges[0])

/* Runs one instruction with $4 = a, $5 = b, $2 = SENTINEL. */
static bool run_one(struct harness *h, uint32_t word, uint32_t a, uint32_t b)
{
    h->cpu.gpr[2] = SENTINEL;
    h->cpu.gpr[4] = a;
    h->cpu.gpr[5] = b;
    return harness_run(h, &word, 1);
}

/* The reference: what a register-form op writes to rd; false when it must
 * raise Integer Overflow instead. Computed in 64 bits, not with the
 * interpreter's sign-bit tricks. */
static bool reference_r(unsigned fn, uint32_t a, uint32_t b, uint32_t *out)
{
    int64_t sa = (int32_t)a, sb = (int32_t)b, wide;
    switch (fn) {
    case FN_ADD:
        wide = sa + sb;
        *out = (uint32_t)wide;
        return wide >= INT32_MIN && wide <= INT32_MAX;
    case FN_SUB:
        wide = sa - sb;
        *out = (uint32_t)wide;
        return wide >= INT32_MIN && wide <= INT32_MAX;
    case FN_ADDU:
        *out = (uint32_t)((uint64_t)a + b);
        return true;
    case FN_SUBU:
        *out = (uint32_t)((uint64_t)a - b);
        return true;
    case FN_AND:
        *out = a & b;
        return true;
    case FN_OR:
        *out = a | b;
        return true;
    case FN_XOR:
        *out = a ^ b;
        return true;
    case FN_NOR:
        *out = ~(a | b);
        return true;
    case FN_SLT:
        *out = sa < sb;
        return true;
    case FN_SLTU:
        *out = a < b;
        return true;
    case FN_MOVZ:
        *out = b == 0 ? a : SENTINEL;
        return true;
    case FN_MOVN:
        *out = b != 0 ? a : SENTINEL;
        return true;
    default:
        return false;
    }
}

static const unsigned r_ops[] = {FN_ADD, FN_ADDU, FN_SUB, FN_SUBU, FN_AND,  FN_OR,
                                 FN_XOR, FN_NOR,  FN_SLT, FN_SLTU, FN_MOVZ, FN_MOVN};

/* _i walks the register ops; every pair of edge values runs. */
START_TEST(edge_register_ops)
{
    unsigned fn = r_ops[_i];
    for (unsigned i = 0; i < EDGE_COUNT; i++) {
        for (unsigned j = 0; j < EDGE_COUNT; j++) {
            struct harness *h = harness_new(false);
            uint32_t want = 0;
            bool ok = reference_r(fn, edges[i], edges[j], &want);
            bool ran = run_one(h, enc_r(fn, 4, 5, 2, 0), edges[i], edges[j]);
            ck_assert_msg(ran == ok, "fn %#x (%#x, %#x): ran %d, want %d", fn, edges[i], edges[j],
                          ran, ok);
            if (ok)
                ck_assert_msg(h->cpu.gpr[2] == want, "fn %#x (%#x, %#x): got %#x, want %#x", fn,
                              edges[i], edges[j], h->cpu.gpr[2], want);
            else {
                ck_assert_uint_eq(h->cpu.exc.code, EXC_OV);
                ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
                ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE);
            }
            harness_free(h);
        }
    }
}
END_TEST

static const int32_t imm_edges[] = {0, 1, -1, 0x7fff, -0x8000};
#define IMM_COUNT (sizeof imm_edges / sizeof imm_edges[0])

/* Immediate forms: ADDI/ADDIU/SLTI/SLTIU sign-extend, ANDI/ORI/XORI
 * zero-extend, LUI shifts (Vol. II, each instruction's pseudocode). */
static bool reference_i(unsigned op, uint32_t a, int32_t imm, uint32_t *out)
{
    uint32_t sext = (uint32_t)imm, zext = (uint32_t)imm & 0xffffu;
    int64_t wide = (int64_t)(int32_t)a + imm;
    switch (op) {
    case OPC_ADDI:
        *out = (uint32_t)wide;
        return wide >= INT32_MIN && wide <= INT32_MAX;
    case OPC_ADDIU:
        *out = a + sext;
        return true;
    case OPC_SLTI:
        *out = (int32_t)a < imm;
        return true;
    case OPC_SLTIU:
        *out = a < sext;
        return true;
    case OPC_ANDI:
        *out = a & zext;
        return true;
    case OPC_ORI:
        *out = a | zext;
        return true;
    case OPC_XORI:
        *out = a ^ zext;
        return true;
    case OPC_LUI:
        *out = zext << 16;
        return true;
    default:
        return false;
    }
}

static const unsigned i_ops[] = {OPC_ADDI, OPC_ADDIU, OPC_SLTI, OPC_SLTIU,
                                 OPC_ANDI, OPC_ORI,   OPC_XORI, OPC_LUI};

START_TEST(edge_immediate_ops)
{
    unsigned op = i_ops[_i];
    for (unsigned i = 0; i < EDGE_COUNT; i++) {
        for (unsigned j = 0; j < IMM_COUNT; j++) {
            struct harness *h = harness_new(false);
            uint32_t want = 0;
            bool ok = reference_i(op, edges[i], imm_edges[j], &want);
            ck_assert_msg(run_one(h, enc_i(op, 4, 2, imm_edges[j]), edges[i], 0) == ok,
                          "op %#x (%#x, %d)", op, edges[i], imm_edges[j]);
            ck_assert_msg(h->cpu.gpr[2] == (ok ? want : SENTINEL),
                          "op %#x (%#x, %d): got %#x, want %#x", op, edges[i], imm_edges[j],
                          h->cpu.gpr[2], ok ? want : SENTINEL);
            if (!ok) ck_assert_uint_eq(h->cpu.exc.code, EXC_OV);
            harness_free(h);
        }
    }
}
END_TEST

/* enc_r(fn, rs, 5, 2, sa): the value is in $5, a variable amount in $4. */
struct shift_case {
    unsigned fn, rs, sa;
    uint32_t amount, value, want;
    const char *text;
};

static const struct shift_case shift_cases[] = {
    {FN_SLL, 0, 0, 0, IMIN, IMIN, "sll 0"},
    {FN_SLL, 0, 31, 0, 0xffffffffu, IMIN, "sll 31"},
    {FN_SRL, 0, 0, 0, IMIN, IMIN, "srl 0"},
    {FN_SRL, 0, 31, 0, 0xffffffffu, 1, "srl 31"},
    {FN_SRA, 0, 0, 0, IMIN, IMIN, "sra 0"},
    {FN_SRA, 0, 31, 0, IMAX, 0, "sra 31 of INT_MAX"},
    {FN_SRA, 0, 31, 0, IMIN, 0xffffffffu, "sra 31 of INT_MIN"},
    {FN_SRL, 1, 0, 0, 0x12345678u, 0x12345678u, "rotr 0"},
    {FN_SRL, 1, 31, 0, 0x80000001u, 0x00000003u, "rotr 31"},
    {FN_SLLV, 4, 0, 32, 0xffffffffu, 0xffffffffu, "sllv 32 uses 0"},
    {FN_SLLV, 4, 0, 0xffffffffu, 1, IMIN, "sllv -1 uses 31"},
    {FN_SRLV, 4, 0, 63, IMIN, 1, "srlv 63 uses 31"},
    {FN_SRAV, 4, 0, 0, IMIN, IMIN, "srav 0"},
    {FN_SRAV, 4, 0, 0xffffffffu, IMIN, 0xffffffffu, "srav -1 uses 31"},
    {FN_SRLV, 4, 1, 32, 0xdeadbeefu, 0xdeadbeefu, "rotrv 32 uses 0"},
    {FN_SRLV, 4, 1, 8, 0x11223344u, 0x44112233u, "rotrv 8"},
};

START_TEST(edge_shifts)
{
    const struct shift_case *c = &shift_cases[_i];
    struct harness *h = harness_new(false);
    ck_assert(run_one(h, enc_r(c->fn, c->rs, 5, 2, c->sa), c->amount, c->value));
    ck_assert_msg(h->cpu.gpr[2] == c->want, "%s: got %#x, want %#x", c->text, h->cpu.gpr[2],
                  c->want);
    harness_free(h);
}
END_TEST

/* HI/LO reference. DIV/DIVU by zero and DIV INT_MIN / -1 are UNPREDICTABLE;
 * QEMU (gen_muldiv) divides by 1 instead: LO = rs, HI = 0. */
static void reference_hilo(unsigned fn, uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo)
{
    int64_t sa = (int32_t)a, sb = (int32_t)b;
    uint64_t p;
    switch (fn) {
    case FN_MULT:
        p = (uint64_t)(sa * sb);
        break;
    case FN_MULTU:
        p = (uint64_t)a * b;
        break;
    case FN_DIV:
        if (sb == 0 || (sa == INT32_MIN && sb == -1)) {
            *hi = 0, *lo = a;
            return;
        }
        *lo = (uint32_t)(sa / sb), *hi = (uint32_t)(sa % sb);
        return;
    default: /* FN_DIVU */
        if (b == 0) {
            *hi = 0, *lo = a;
            return;
        }
        *lo = a / b, *hi = a % b;
        return;
    }
    *hi = (uint32_t)(p >> 32), *lo = (uint32_t)p;
}

static const unsigned hilo_ops[] = {FN_MULT, FN_MULTU, FN_DIV, FN_DIVU};

START_TEST(edge_mult_div)
{
    unsigned fn = hilo_ops[_i];
    for (unsigned i = 0; i < EDGE_COUNT; i++) {
        for (unsigned j = 0; j < EDGE_COUNT; j++) {
            struct harness *h = harness_new(false);
            uint32_t hi, lo;
            reference_hilo(fn, edges[i], edges[j], &hi, &lo);
            h->cpu.hi = h->cpu.lo = SENTINEL;
            ck_assert(run_one(h, enc_r(fn, 4, 5, 0, 0), edges[i], edges[j]));
            ck_assert_msg(h->cpu.hi == hi && h->cpu.lo == lo,
                          "fn %#x (%#x, %#x): got %#x:%#x, want %#x:%#x", fn, edges[i], edges[j],
                          h->cpu.hi, h->cpu.lo, hi, lo);
            harness_free(h);
        }
    }
}
END_TEST

/* MADD/MSUB and their unsigned forms accumulate modulo 2^64; MUL writes only
 * rd (QEMU leaves HI/LO unchanged where R2 says UNPREDICTABLE). */
START_TEST(edge_accumulate_and_mul)
{
    for (unsigned i = 0; i < EDGE_COUNT; i++) {
        for (unsigned j = 0; j < EDGE_COUNT; j++) {
            uint32_t a = edges[i], b = edges[j];
            uint64_t acc = 0x00000001ffffffffull;
            uint64_t ps = (uint64_t)((int64_t)(int32_t)a * (int32_t)b), pu = (uint64_t)a * b;
            const struct {
                unsigned fn;
                uint64_t want;
            } cases[] = {{FN2_MADD, acc + ps},
                         {FN2_MADDU, acc + pu},
                         {FN2_MSUB, acc - ps},
                         {FN2_MSUBU, acc - pu}};
            for (unsigned k = 0; k < 4; k++) {
                struct harness *h = harness_new(false);
                h->cpu.hi = (uint32_t)(acc >> 32), h->cpu.lo = (uint32_t)acc;
                ck_assert(run_one(h, enc_r_op(OPC_SPECIAL2, cases[k].fn, 4, 5, 0, 0), a, b));
                uint64_t got = (uint64_t)h->cpu.hi << 32 | h->cpu.lo;
                ck_assert_msg(got == cases[k].want, "fn2 %#x (%#x, %#x)", cases[k].fn, a, b);
                harness_free(h);
            }
            struct harness *h = harness_new(false);
            h->cpu.hi = 0x1111, h->cpu.lo = 0x2222;
            ck_assert(run_one(h, enc_r_op(OPC_SPECIAL2, FN2_MUL, 4, 5, 2, 0), a, b));
            ck_assert_uint_eq(h->cpu.gpr[2], (uint32_t)ps);
            ck_assert_uint_eq(h->cpu.hi, 0x1111);
            ck_assert_uint_eq(h->cpu.lo, 0x2222);
            harness_free(h);
        }
    }
}
END_TEST

/* Checks the state a delay-slot fault leaves and what exception entry makes
 * of it (Vol. III 6.2.x: EPC = the branch, Cause.BD = 1). */
static void assert_delay_slot_fault(struct harness *h, enum mips_exc code)
{
    ck_assert_uint_eq(h->cpu.exc.code, code);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
    ck_assert(h->cpu.in_delay);
    cpu_enter_exception(&h->cpu);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
    ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
    ck_assert_uint_eq((h->cpu.cp0[CP0_CAUSE][0] & CAUSE_EXC_MASK) >> CAUSE_EXC_SHIFT, code);
}

/* _i = 0: taken BEQ; 1: not-taken BNE; 2: JAL; 3: JR. The slot is an
 * unaligned LW: AdEL with BadVAddr, $2 untouched. */
START_TEST(edge_delay_slot_address_error)
{
    const uint32_t branch[] = {
        enc_i(OPC_BEQ, 0, 0, 2),
        enc_i(OPC_BNE, 0, 0, 2),
        enc_j(OPC_JAL, HARNESS_CODE + 12),
        enc_r(FN_JR, 6, 0, 0, 0),
    };
    const uint32_t code[] = {branch[_i], enc_i(OPC_LW, 4, 2, 1), ENC_NOP, ENC_NOP};
    struct harness *h = harness_new(_i & 1);
    h->cpu.gpr[2] = SENTINEL;
    h->cpu.gpr[4] = HARNESS_DATA;
    h->cpu.gpr[6] = HARNESS_CODE + 12;
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    if (_i == 2) /* the jump retired before its slot faulted */
        ck_assert_uint_eq(h->cpu.gpr[31], HARNESS_CODE + 8);
    assert_delay_slot_fault(h, EXC_ADEL);
    ck_assert_uint_eq(h->cpu.cp0[CP0_BADVADDR][0], HARNESS_DATA + 1);
    harness_free(h);
}
END_TEST

/* SYSCALL, BREAK, TEQ and ADD overflow in a delay slot. */
START_TEST(edge_delay_slot_traps)
{
    const struct {
        uint32_t word;
        enum mips_exc code;
    } slot[] = {
        {enc_r(FN_SYSCALL, 0, 0, 0, 0), EXC_SYS},
        {enc_r(FN_BREAK, 0, 0, 0, 0), EXC_BP},
        {enc_r(FN_TEQ, 0, 0, 0, 0), EXC_TR},
        {enc_r(FN_ADD, 4, 4, 2, 0), EXC_OV},
    };
    const uint32_t code[] = {enc_i(OPC_BEQ, 0, 0, 2), slot[_i].word, ENC_NOP, ENC_NOP};
    struct harness *h = harness_new(false);
    h->cpu.gpr[2] = SENTINEL;
    h->cpu.gpr[4] = IMAX;
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    assert_delay_slot_fault(h, slot[_i].code);
    harness_free(h);
}
END_TEST

/* A branch-likely that is not taken nullifies its slot: the faulting LW never
 * runs, and is not counted. When taken, the slot runs and faults with BD. */
START_TEST(edge_likely_nullifies_faulting_slot)
{
    const uint32_t code[] = {enc_i(OPC_BNEL, 4, 0, 2), enc_i(OPC_LW, 4, 2, 1), ENC_NOP, ENC_NOP};
    struct harness *h = harness_new(false);
    h->cpu.gpr[2] = SENTINEL;
    h->cpu.gpr[4] = 0; /* not taken: the slot would read address 1 */
    ck_assert(harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    ck_assert_uint_eq(h->cpu.icount, 3); /* bnel, nop, nop */
    h->cpu.gpr[4] = HARNESS_DATA;        /* taken: the slot runs and faults */
    ck_assert(!harness_run(h, code, 4));
    assert_delay_slot_fault(h, EXC_ADEL);
    harness_free(h);
}
END_TEST

/* The link register is pc + 8 whether or not the branch is taken, and the
 * condition reads rs before the link is written: BLTZAL $31 with $31 < 0 is
 * taken (UNPREDICTABLE in the manual; QEMU reads first). */
START_TEST(edge_link_register)
{
    const uint32_t not_taken[] = {enc_regimm(RT_BGEZAL, 4, 2), ENC_NOP, ENC_NOP, ENC_NOP};
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = IMIN;
    ck_assert(harness_run(h, not_taken, 4));
    ck_assert_uint_eq(h->cpu.gpr[31], HARNESS_CODE + 8);
    ck_assert_uint_eq(h->cpu.icount, 4);

    const uint32_t self[] = {enc_regimm(RT_BLTZAL, 31, 2), ENC_NOP, ENC_NOP, ENC_NOP};
    h->cpu.gpr[31] = IMIN;
    h->cpu.icount = 0;
    ck_assert(harness_run(h, self, 4));
    ck_assert_uint_eq(h->cpu.gpr[31], HARNESS_CODE + 8);
    ck_assert_uint_eq(h->cpu.icount, 3); /* bltzal, slot, target */
    harness_free(h);
}
END_TEST

/* RDHWR in user mode (Vol. II RDHWR, Vol. III HWREna): RI unless the register's
 * HWREna bit is set or Status.CU0 is; $29 needs Config3.ULRI even then. */
START_TEST(edge_rdhwr_user_permissions)
{
    static const unsigned regs[] = {0, 1, 2, 3, 29};
    for (unsigned i = 0; i < 5; i++) {
        struct harness *h = harness_new(false);
        struct mips_insn in;
        mips_decode(enc_rdhwr(2, regs[i]), &in);
        h->cpu.cp0[CP0_STATUS][0] = ST_UM;
        h->cpu.pc = USER_PC;
        h->cpu.gpr[2] = SENTINEL;
        ck_assert(!interp_exec(&h->cpu, &in));
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
        ck_assert_uint_eq(h->cpu.pc, USER_PC);

        h->cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU0;
        h->cpu.exc.code = EXC_NONE;
        ck_assert_msg(interp_exec(&h->cpu, &in), "rdhwr $%u with CU0", regs[i]);
        ck_assert_uint_eq(h->cpu.pc, USER_PC + 4);

        h->cpu.cp0[CP0_STATUS][0] = ST_UM;
        h->cpu.cp0[CP0_HWRENA][0] = 1u << regs[i];
        ck_assert_msg(interp_exec(&h->cpu, &in), "rdhwr $%u with HWREna", regs[i]);
        harness_free(h);
    }
    struct harness *h = harness_new(false);
    struct mips_insn in;
    mips_decode(enc_rdhwr(2, 29), &in);
    h->cpu.cp0[CP0_CONFIG][3] = 0;
    h->cpu.cp0[CP0_STATUS][0] = ST_UM;
    h->cpu.cp0[CP0_HWRENA][0] = 1u << 29;
    h->cpu.pc = USER_PC;
    ck_assert(!interp_exec(&h->cpu, &in));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    harness_free(h);
}
END_TEST

/* SYNCI is user-accessible and never faults (QEMU treats it as a no-op that
 * ends the block), even on an unmapped address; CACHE needs CP0. */
START_TEST(edge_synci_user_mode)
{
    struct harness *h = harness_new(false);
    struct mips_insn in;
    mips_decode(enc_regimm(RT_SYNCI, 4, 0), &in);
    ck_assert_uint_eq(in.op, MIPS_OP_SYNCI);
    h->cpu.cp0[CP0_STATUS][0] = ST_UM;
    h->cpu.gpr[4] = 0x00001000; /* no TLB entry maps it */
    h->cpu.pc = USER_PC;
    ck_assert(interp_exec(&h->cpu, &in));
    ck_assert_uint_eq(h->cpu.pc, USER_PC + 4);

    mips_decode(enc_i(OPC_CACHE, 4, 0x10, 0), &in);
    ck_assert(!interp_exec(&h->cpu, &in));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    harness_free(h);
}
END_TEST

/* LWL/SWR on an unmapped user address fault as a load/store at the
 * instruction's own (unaligned) address, writing nothing. */
START_TEST(edge_partial_word_faults)
{
    const struct {
        uint32_t word;
        enum mips_exc code;
    } cases[] = {
        {enc_i(OPC_LWL, 4, 2, 1), EXC_TLBL},
        {enc_i(OPC_LWR, 4, 2, 2), EXC_TLBL},
        {enc_i(OPC_SWL, 4, 2, 3), EXC_TLBS},
        {enc_i(OPC_SWR, 4, 2, 1), EXC_TLBS},
    };
    struct harness *h = harness_new(_i);
    h->cpu.gpr[4] = 0x00002000; /* kuseg, no TLB entry */
    for (unsigned i = 0; i < 4; i++) {
        h->cpu.gpr[2] = SENTINEL;
        ck_assert(!harness_run(h, &cases[i].word, 1));
        ck_assert_uint_eq(h->cpu.exc.code, cases[i].code);
        ck_assert(h->cpu.exc.has_badvaddr);
        ck_assert_uint_eq(h->cpu.exc.badvaddr, 0x00002000 + (cases[i].word & 3));
        ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    }
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_edges");
    TCase *tc = tcase_create("edges");
    tcase_add_loop_test(tc, edge_register_ops, 0, sizeof r_ops / sizeof r_ops[0]);
    tcase_add_loop_test(tc, edge_immediate_ops, 0, sizeof i_ops / sizeof i_ops[0]);
    tcase_add_loop_test(tc, edge_shifts, 0, sizeof shift_cases / sizeof shift_cases[0]);
    tcase_add_loop_test(tc, edge_mult_div, 0, sizeof hilo_ops / sizeof hilo_ops[0]);
    tcase_add_test(tc, edge_accumulate_and_mul);
    tcase_add_loop_test(tc, edge_delay_slot_address_error, 0, 4);
    tcase_add_loop_test(tc, edge_delay_slot_traps, 0, 4);
    tcase_add_test(tc, edge_likely_nullifies_faulting_slot);
    tcase_add_test(tc, edge_link_register);
    tcase_add_test(tc, edge_rdhwr_user_permissions);
    tcase_add_test(tc, edge_synci_user_mode);
    tcase_add_loop_test(tc, edge_partial_word_faults, 0, 2);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
