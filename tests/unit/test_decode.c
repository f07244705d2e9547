/* tests/unit/test_decode.c — the decoder (frontend/decode.c), the formatter
 * (frontend/insn_format.c) and the Capstone wrapper (frontend/disasm.c).
 *
 * One table per opcode map of Vol. II Appendix A (primary, SPECIAL, REGIMM,
 * SPECIAL2, SPECIAL3/BSHFL, COP0 with its CO functions and MFMC0, COP1 by rs,
 * every fmt, COP1X): each row is a word built with the encoders below, the
 * operation and flags it must decode to, and its text at TEST_PC, which checks
 * the extracted fields. Reserved encodings must decode as MIPS_OP_RI. Fields
 * the text does not show (imm of LUI, targets, sel, cc, cond, fr) have their
 * own tests. "Must be zero" fields: decode.c follows QEMU and checks only the
 * selecting fields, so a non-zero shift field in ADDU still decodes as ADDU.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/disasm.h"
#include "frontend/insn.h"

#define TEST_PC 0x80001000u

/* Encoders for the three formats and the coprocessor layouts (Vol. II 4.x). */
#define R(op, rs, rt, rd, sa, fn)                                                                  \
    ((uint32_t)(op) << 26 | (uint32_t)(rs) << 21 | (uint32_t)(rt) << 16 | (uint32_t)(rd) << 11 |   \
     (uint32_t)(sa) << 6 | (uint32_t)(fn))
#define I(op, rs, rt, imm)                                                                         \
    ((uint32_t)(op) << 26 | (uint32_t)(rs) << 21 | (uint32_t)(rt) << 16 | ((uint32_t)(imm)&0xffff))
#define J(op, index) ((uint32_t)(op) << 26 | ((uint32_t)(index)&0x3ffffff))
#define SPECIAL(rs, rt, rd, sa, fn) R(0x00, rs, rt, rd, sa, fn)
#define REGIMM(rs, rt, imm) I(0x01, rs, rt, imm)
#define SPECIAL2(rs, rt, rd, sa, fn) R(0x1c, rs, rt, rd, sa, fn)
#define SPECIAL3(rs, rt, rd, sa, fn) R(0x1f, rs, rt, rd, sa, fn)
#define COP0(rs, rt, rd, low) (R(0x10, rs, rt, rd, 0, 0) | (uint32_t)(low))
#define COP0_CO(fn) (0x42000000u | (uint32_t)(fn))
#define COP1(rs, rt, fs, low) (R(0x11, rs, rt, fs, 0, 0) | (uint32_t)(low))
#define FPU(fmt, ft, fs, fd, fn) R(0x11, fmt, ft, fs, fd, fn)
#define COP1X(base, index, fs, fd, fn) R(0x13, base, index, fs, fd, fn)
#define FMADD(fr, ft, fs, fd, op4, fmt3) R(0x13, fr, ft, fs, fd, (op4) << 3 | (fmt3))

/* Registers by ABI name, so the expected text reads naturally. */
enum { ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4 };
enum { T9 = 25, GP = 28, SP = 29, FP_ = 30, RA = 31 };

enum {
    BR = INSN_BRANCH,
    CB = INSN_BRANCH | INSN_COND,
    CBL = INSN_BRANCH | INSN_COND | INSN_LIKELY,
    LNK = INSN_LINK,
    IND = INSN_INDIRECT,
    LD = INSN_LOAD,
    ST = INSN_STORE,
    FP = INSN_FPU,
    PRV = INSN_PRIV,
    END = INSN_ENDS_BLOCK,
    TRP = INSN_CAN_TRAP,
};

struct decode_case {
    uint32_t word;
    enum mips_op op;
    unsigned flags;
    const char *text; /* mips_format at TEST_PC */
};

static void check_case(const struct decode_case *c)
{
    struct mips_insn in;
    char text[96];
    mips_decode(c->word, &in);
    mips_format(&in, TEST_PC, text, sizeof text);
    ck_assert_msg(in.op == c->op, "%08x: op %s, want %s", c->word, mips_op_name(in.op),
                  mips_op_name(c->op));
    ck_assert_msg(in.flags == c->flags, "%08x (%s): flags %#x, want %#x", c->word, text, in.flags,
                  c->flags);
    ck_assert_uint_eq(in.raw, c->word);
    ck_assert_str_eq(text, c->text);
}

#define CASE_TEST(name, table)                                                                     \
    START_TEST(name)                                                                               \
    {                                                                                              \
        check_case(&table[_i]);                                                                    \
    }                                                                                              \
    END_TEST

/* Primary opcode table (A.2). */
static const struct decode_case primary_cases[] = {
    {J(0x02, 0x100), MIPS_OP_J, BR, "j 0x80000400"},
    {J(0x03, 0x3ffffff), MIPS_OP_JAL, BR | LNK, "jal 0x8ffffffc"},
    {I(0x04, A0, A1, -1), MIPS_OP_BEQ, CB, "beq $a0, $a1, 0x80001000"},
    {I(0x05, A0, ZERO, 3), MIPS_OP_BNE, CB, "bne $a0, $zero, 0x80001010"},
    {I(0x06, A0, 0, 0x10), MIPS_OP_BLEZ, CB, "blez $a0, 0x80001044"},
    {I(0x07, A0, 0, 0), MIPS_OP_BGTZ, CB, "bgtz $a0, 0x80001004"},
    {I(0x08, A0, V0, -32), MIPS_OP_ADDI, TRP, "addi $v0, $a0, -0x20"},
    {I(0x09, SP, SP, -9), MIPS_OP_ADDIU, 0, "addiu $sp, $sp, -9"},
    {I(0x0a, A0, V0, 0x7fff), MIPS_OP_SLTI, 0, "slti $v0, $a0, 0x7fff"},
    {I(0x0b, A0, V0, -1), MIPS_OP_SLTIU, 0, "sltiu $v0, $a0, -1"},
    {I(0x0c, A0, V0, 0x8000), MIPS_OP_ANDI, 0, "andi $v0, $a0, 0x8000"},
    {I(0x0d, A0, V0, 0xffff), MIPS_OP_ORI, 0, "ori $v0, $a0, 0xffff"},
    {I(0x0e, A0, V0, 9), MIPS_OP_XORI, 0, "xori $v0, $a0, 9"},
    {I(0x0f, 0, AT, 0x8000), MIPS_OP_LUI, 0, "lui $at, 0x8000"},
    {I(0x14, A0, A1, 1), MIPS_OP_BEQL, CBL, "beql $a0, $a1, 0x80001008"},
    {I(0x15, A0, A1, 1), MIPS_OP_BNEL, CBL, "bnel $a0, $a1, 0x80001008"},
    {I(0x16, A0, 0, 1), MIPS_OP_BLEZL, CBL, "blezl $a0, 0x80001008"},
    {I(0x17, A0, 0, 1), MIPS_OP_BGTZL, CBL, "bgtzl $a0, 0x80001008"},
    {I(0x20, SP, T0, -1), MIPS_OP_LB, LD, "lb $t0, -1($sp)"},
    {I(0x21, SP, T0, 2), MIPS_OP_LH, LD, "lh $t0, 2($sp)"},
    {I(0x22, SP, T0, 3), MIPS_OP_LWL, LD, "lwl $t0, 3($sp)"},
    {I(0x23, SP, RA, 0x1c), MIPS_OP_LW, LD, "lw $ra, 0x1c($sp)"},
    {I(0x24, SP, T0, 0), MIPS_OP_LBU, LD, "lbu $t0, ($sp)"},
    {I(0x25, SP, T0, -0x8000), MIPS_OP_LHU, LD, "lhu $t0, -0x8000($sp)"},
    {I(0x26, SP, T0, 0), MIPS_OP_LWR, LD, "lwr $t0, ($sp)"},
    {I(0x28, SP, T0, 1), MIPS_OP_SB, ST, "sb $t0, 1($sp)"},
    {I(0x29, SP, T0, 2), MIPS_OP_SH, ST, "sh $t0, 2($sp)"},
    {I(0x2a, SP, T0, 0), MIPS_OP_SWL, ST, "swl $t0, ($sp)"},
    {I(0x2b, SP, RA, 0x10), MIPS_OP_SW, ST, "sw $ra, 0x10($sp)"},
    {I(0x2e, SP, T0, 3), MIPS_OP_SWR, ST, "swr $t0, 3($sp)"},
    {I(0x2f, A0, 0x14, -4), MIPS_OP_CACHE, PRV | END, "cache 0x14, -4($a0)"},
    {I(0x30, A0, V0, 0), MIPS_OP_LL, LD, "ll $v0, ($a0)"},
    {I(0x31, A1, 2, 8), MIPS_OP_LWC1, LD | FP, "lwc1 $f2, 8($a1)"},
    {I(0x32, A1, 2, 8), MIPS_OP_LWC2, 0, "lwc2 $2, 8($a1)"},
    {I(0x33, A0, 1, 0), MIPS_OP_PREF, 0, "pref 1, ($a0)"},
    {I(0x35, A1, 4, 16), MIPS_OP_LDC1, LD | FP, "ldc1 $f4, 0x10($a1)"},
    {I(0x36, A1, 4, 16), MIPS_OP_LDC2, 0, "ldc2 $4, 0x10($a1)"},
    {I(0x38, A0, V0, 0), MIPS_OP_SC, ST, "sc $v0, ($a0)"},
    {I(0x39, A1, 2, -8), MIPS_OP_SWC1, ST | FP, "swc1 $f2, -8($a1)"},
    {I(0x3a, A1, 2, -8), MIPS_OP_SWC2, 0, "swc2 $2, -8($a1)"},
    {I(0x3d, A1, 30, 0), MIPS_OP_SDC1, ST | FP, "sdc1 $f30, ($a1)"},
    {I(0x3e, A1, 30, 0), MIPS_OP_SDC2, 0, "sdc2 $30, ($a1)"},
    {0x4a000001u, MIPS_OP_COP2, 0, "cop2 0x2000001"},
    /* MIPS64 / MIPS16 rows and unassigned rows are reserved on MIPS32R2 */
    {I(0x18, A0, V0, 1), MIPS_OP_RI, 0, ".word 0x60820001"}, /* DADDI */
    {I(0x19, A0, V0, 1), MIPS_OP_RI, 0, ".word 0x64820001"}, /* DADDIU */
    {J(0x1d, 0), MIPS_OP_RI, 0, ".word 0x74000000"},         /* JALX */
    {I(0x1e, 0, 0, 0), MIPS_OP_RI, 0, ".word 0x78000000"},   /* MSA */
    {I(0x27, A0, V0, 0), MIPS_OP_RI, 0, ".word 0x9c820000"}, /* LWU */
    {I(0x37, A0, V0, 0), MIPS_OP_RI, 0, ".word 0xdc820000"}, /* LD */
    {I(0x3b, A0, V0, 0), MIPS_OP_RI, 0, ".word 0xec820000"},
    {I(0x3f, A0, V0, 0), MIPS_OP_RI, 0, ".word 0xfc820000"}, /* SD */
};
CASE_TEST(decode_primary, primary_cases)

/* SPECIAL (A.3). */
static const struct decode_case special_cases[] = {
    {SPECIAL(0, 0, 0, 0, 0x00), MIPS_OP_SLL, 0, "nop"},
    {SPECIAL(0, 0, 0, 1, 0x00), MIPS_OP_SLL, 0, "ssnop"},
    {SPECIAL(0, 0, 0, 3, 0x00), MIPS_OP_SLL, 0, "ehb"},
    {SPECIAL(0, A1, V0, 31, 0x00), MIPS_OP_SLL, 0, "sll $v0, $a1, 0x1f"},
    {SPECIAL(A1, 1 << 2, A0, 0, 0x01), MIPS_OP_MOVF, FP, "movf $a0, $a1, $fcc1"},
    {SPECIAL(A1, (2 << 2) | 1, A0, 0, 0x01), MIPS_OP_MOVT, FP, "movt $a0, $a1, $fcc2"},
    {SPECIAL(0, A1, V0, 4, 0x02), MIPS_OP_SRL, 0, "srl $v0, $a1, 4"},
    {SPECIAL(1, A1, V0, 4, 0x02), MIPS_OP_ROTR, 0, "rotr $v0, $a1, 4"},
    {SPECIAL(0, A1, V0, 4, 0x03), MIPS_OP_SRA, 0, "sra $v0, $a1, 4"},
    {SPECIAL(A0, A1, V0, 0, 0x04), MIPS_OP_SLLV, 0, "sllv $v0, $a1, $a0"},
    {SPECIAL(A0, A1, V0, 0, 0x06), MIPS_OP_SRLV, 0, "srlv $v0, $a1, $a0"},
    {SPECIAL(A0, A1, V0, 1, 0x06), MIPS_OP_ROTRV, 0, "rotrv $v0, $a1, $a0"},
    {SPECIAL(A0, A1, V0, 0, 0x07), MIPS_OP_SRAV, 0, "srav $v0, $a1, $a0"},
    {SPECIAL(RA, 0, 0, 0, 0x08), MIPS_OP_JR, BR | IND, "jr $ra"},
    {SPECIAL(RA, 0, 0, 16, 0x08), MIPS_OP_JR, BR | IND, "jr.hb $ra"},
    {SPECIAL(T9, 0, RA, 0, 0x09), MIPS_OP_JALR, BR | IND | LNK, "jalr $t9"},
    {SPECIAL(T9, 0, T0, 16, 0x09), MIPS_OP_JALR, BR | IND | LNK, "jalr.hb $t0, $t9"},
    {SPECIAL(A0, A1, V0, 0, 0x0a), MIPS_OP_MOVZ, 0, "movz $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x0b), MIPS_OP_MOVN, 0, "movn $v0, $a0, $a1"},
    {SPECIAL(0, 0, 0, 0, 0x0c), MIPS_OP_SYSCALL, TRP | END, "syscall"},
    {(0x12345u << 6) | 0x0c, MIPS_OP_SYSCALL, TRP | END, "syscall 0x12345"},
    {(7u << 16) | 0x0d, MIPS_OP_BREAK, TRP | END, "break 7"},
    {(1u << 16) | (2u << 6) | 0x0d, MIPS_OP_BREAK, TRP | END, "break 1, 2"},
    {SPECIAL(0, 0, 0, 0, 0x0f), MIPS_OP_SYNC, 0, "sync"},
    {SPECIAL(0, 0, 0, 0x13, 0x0f), MIPS_OP_SYNC, 0, "sync 0x13"},
    {SPECIAL(0, 0, V0, 0, 0x10), MIPS_OP_MFHI, 0, "mfhi $v0"},
    {SPECIAL(A0, 0, 0, 0, 0x11), MIPS_OP_MTHI, 0, "mthi $a0"},
    {SPECIAL(0, 0, V0, 0, 0x12), MIPS_OP_MFLO, 0, "mflo $v0"},
    {SPECIAL(A0, 0, 0, 0, 0x13), MIPS_OP_MTLO, 0, "mtlo $a0"},
    {SPECIAL(A0, A1, 0, 0, 0x18), MIPS_OP_MULT, 0, "mult $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x19), MIPS_OP_MULTU, 0, "multu $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x1a), MIPS_OP_DIV, 0, "div $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x1b), MIPS_OP_DIVU, 0, "divu $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x20), MIPS_OP_ADD, TRP, "add $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x21), MIPS_OP_ADDU, 0, "addu $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x22), MIPS_OP_SUB, TRP, "sub $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x23), MIPS_OP_SUBU, 0, "subu $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x24), MIPS_OP_AND, 0, "and $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x25), MIPS_OP_OR, 0, "or $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x26), MIPS_OP_XOR, 0, "xor $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x27), MIPS_OP_NOR, 0, "nor $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x2a), MIPS_OP_SLT, 0, "slt $v0, $a0, $a1"},
    {SPECIAL(A0, A1, V0, 0, 0x2b), MIPS_OP_SLTU, 0, "sltu $v0, $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x30), MIPS_OP_TGE, TRP, "tge $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x31), MIPS_OP_TGEU, TRP, "tgeu $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x32), MIPS_OP_TLT, TRP, "tlt $a0, $a1"},
    {SPECIAL(A0, A1, 0, 0, 0x33), MIPS_OP_TLTU, TRP, "tltu $a0, $a1"},
    {SPECIAL(A0, A1, 0, 7, 0x34), MIPS_OP_TEQ, TRP, "teq $a0, $a1, 7"},
    {SPECIAL(A0, A1, 0x1f, 0x1f, 0x36), MIPS_OP_TNE, TRP, "tne $a0, $a1, 0x3ff"},
    /* QEMU-like: a non-zero "must be zero" field does not make ADDU reserved */
    {SPECIAL(A0, A1, V0, 1, 0x21), MIPS_OP_ADDU, 0, "addu $v0, $a0, $a1"},
    /* reserved: unassigned functions, MIPS64 rows, SRL/SRLV selectors > 1 */
    {SPECIAL(A0, A1, V0, 0, 0x05), MIPS_OP_RI, 0, ".word 0x00851005"},
    {SPECIAL(0, 0, 0, 0, 0x0e), MIPS_OP_RI, 0, ".word 0x0000000e"},
    {SPECIAL(A0, A1, V0, 0, 0x14), MIPS_OP_RI, 0, ".word 0x00851014"}, /* DSLLV */
    {SPECIAL(A0, A1, V0, 0, 0x2c), MIPS_OP_RI, 0, ".word 0x0085102c"}, /* DADD */
    {SPECIAL(A0, A1, 0, 0, 0x1c), MIPS_OP_RI, 0, ".word 0x0085001c"},  /* DMULT */
    {SPECIAL(A0, A1, 0, 0, 0x35), MIPS_OP_RI, 0, ".word 0x00850035"},
    {SPECIAL(0, A1, V0, 0, 0x38), MIPS_OP_RI, 0, ".word 0x00051038"}, /* DSLL */
    {SPECIAL(2, A1, V0, 4, 0x02), MIPS_OP_RI, 0, ".word 0x00451102"},
    {SPECIAL(A0, A1, V0, 2, 0x06), MIPS_OP_RI, 0, ".word 0x00851086"},
    /* JR/JALR hint values other than 0 and 16 (.hb) are reserved, as QEMU */
    {SPECIAL(RA, 0, 0, 1, 0x08), MIPS_OP_RI, 0, ".word 0x03e00048"},
    {SPECIAL(T9, 0, RA, 2, 0x09), MIPS_OP_RI, 0, ".word 0x0320f889"},
};
CASE_TEST(decode_special, special_cases)

/* REGIMM (A.4). */
static const struct decode_case regimm_cases[] = {
    {REGIMM(A0, 0x00, -2), MIPS_OP_BLTZ, CB, "bltz $a0, 0x80000ffc"},
    {REGIMM(A0, 0x01, 0), MIPS_OP_BGEZ, CB, "bgez $a0, 0x80001004"},
    {REGIMM(A0, 0x02, 0), MIPS_OP_BLTZL, CBL, "bltzl $a0, 0x80001004"},
    {REGIMM(A0, 0x03, 0), MIPS_OP_BGEZL, CBL, "bgezl $a0, 0x80001004"},
    {REGIMM(A0, 0x08, -1), MIPS_OP_TGEI, TRP, "tgei $a0, -1"},
    {REGIMM(A0, 0x09, 5), MIPS_OP_TGEIU, TRP, "tgeiu $a0, 5"},
    {REGIMM(A0, 0x0a, 0x7fff), MIPS_OP_TLTI, TRP, "tlti $a0, 0x7fff"},
    {REGIMM(A0, 0x0b, -0x8000), MIPS_OP_TLTIU, TRP, "tltiu $a0, -0x8000"},
    {REGIMM(A0, 0x0c, 0), MIPS_OP_TEQI, TRP, "teqi $a0, 0"},
    {REGIMM(A0, 0x0e, 1), MIPS_OP_TNEI, TRP, "tnei $a0, 1"},
    {REGIMM(A0, 0x10, 1), MIPS_OP_BLTZAL, CB | LNK, "bltzal $a0, 0x80001008"},
    {REGIMM(0, 0x11, 1), MIPS_OP_BGEZAL, CB | LNK, "bgezal $zero, 0x80001008"},
    {REGIMM(A0, 0x12, 1), MIPS_OP_BLTZALL, CBL | LNK, "bltzall $a0, 0x80001008"},
    {REGIMM(A0, 0x13, 1), MIPS_OP_BGEZALL, CBL | LNK, "bgezall $a0, 0x80001008"},
    {REGIMM(A0, 0x1f, 0x20), MIPS_OP_SYNCI, END, "synci 0x20($a0)"},
    {REGIMM(A0, 0x04, 0), MIPS_OP_RI, 0, ".word 0x04840000"},
    {REGIMM(A0, 0x0d, 0), MIPS_OP_RI, 0, ".word 0x048d0000"},
    {REGIMM(0, 0x1c, 0), MIPS_OP_RI, 0, ".word 0x041c0000"}, /* DSP BPOSGE32 */
};
CASE_TEST(decode_regimm, regimm_cases)

/* SPECIAL2 (A.5). */
static const struct decode_case special2_cases[] = {
    {SPECIAL2(A0, A1, 0, 0, 0x00), MIPS_OP_MADD, 0, "madd $a0, $a1"},
    {SPECIAL2(A0, A1, 0, 0, 0x01), MIPS_OP_MADDU, 0, "maddu $a0, $a1"},
    {SPECIAL2(A0, A1, V0, 0, 0x02), MIPS_OP_MUL, 0, "mul $v0, $a0, $a1"},
    {SPECIAL2(A0, A1, 0, 0, 0x04), MIPS_OP_MSUB, 0, "msub $a0, $a1"},
    {SPECIAL2(A0, A1, 0, 0, 0x05), MIPS_OP_MSUBU, 0, "msubu $a0, $a1"},
    {SPECIAL2(A0, V0, V0, 0, 0x20), MIPS_OP_CLZ, 0, "clz $v0, $a0"},
    {SPECIAL2(A0, V0, V0, 0, 0x21), MIPS_OP_CLO, 0, "clo $v0, $a0"},
    {SPECIAL2(0, 0, 0, 0, 0x3f), MIPS_OP_SDBBP, TRP | END, "sdbbp"},
    {(5u << 6) | SPECIAL2(0, 0, 0, 0, 0x3f), MIPS_OP_SDBBP, TRP | END, "sdbbp 5"},
    {SPECIAL2(A0, A1, 0, 0, 0x03), MIPS_OP_RI, 0, ".word 0x70850003"},
    {SPECIAL2(A0, V0, V0, 0, 0x24), MIPS_OP_RI, 0, ".word 0x70821024"}, /* DCLZ */
    {SPECIAL2(A0, A1, 0, 0, 0x3e), MIPS_OP_RI, 0, ".word 0x7085003e"},
};
CASE_TEST(decode_special2, special2_cases)

/* SPECIAL3 (A.6) and BSHFL (A.10). */
static const struct decode_case special3_cases[] = {
    {SPECIAL3(A0, V0, 7, 4, 0x00), MIPS_OP_EXT, 0, "ext $v0, $a0, 4, 8"},
    {SPECIAL3(A0, V0, 11, 4, 0x04), MIPS_OP_INS, 0, "ins $v0, $a0, 4, 8"},
    {SPECIAL3(0, A1, V0, 0x02, 0x20), MIPS_OP_WSBH, 0, "wsbh $v0, $a1"},
    {SPECIAL3(0, A1, V0, 0x10, 0x20), MIPS_OP_SEB, 0, "seb $v0, $a1"},
    {SPECIAL3(0, A1, V0, 0x18, 0x20), MIPS_OP_SEH, 0, "seh $v0, $a1"},
    {SPECIAL3(0, V1, 29, 0, 0x3b), MIPS_OP_RDHWR, 0, "rdhwr $v1, $29"},
    {SPECIAL3(0, A1, V0, 0x00, 0x20), MIPS_OP_RI, 0, ".word 0x7c051020"},
    {SPECIAL3(0, A1, V0, 0x14, 0x20), MIPS_OP_RI, 0, ".word 0x7c051520"},
    {SPECIAL3(A0, V0, 7, 4, 0x01), MIPS_OP_RI, 0, ".word 0x7c823901"},    /* DEXTM */
    {SPECIAL3(A0, V0, 7, 4, 0x10), MIPS_OP_RI, 0, ".word 0x7c823910"},    /* DSP ADDU.QB */
    {SPECIAL3(0, A1, V0, 0x02, 0x24), MIPS_OP_RI, 0, ".word 0x7c0510a4"}, /* DBSHFL */
};
CASE_TEST(decode_special3, special3_cases)

/* COP0 by rs (A.11), CO functions (A.13) and MFMC0 DI/EI. */
static const struct decode_case cop0_cases[] = {
    {COP0(0x00, T0, 12, 1), MIPS_OP_MFC0, PRV, "mfc0 $t0, $12, 1"},
    {COP0(0x04, T0, 12, 0), MIPS_OP_MTC0, PRV | END, "mtc0 $t0, $12, 0"},
    {COP0(0x0a, V0, SP, 0), MIPS_OP_RDPGPR, PRV, "rdpgpr $sp, $v0"},
    {COP0(0x0e, V0, SP, 0), MIPS_OP_WRPGPR, PRV, "wrpgpr $sp, $v0"},
    {COP0(0x0b, 0, 12, 0x00), MIPS_OP_DI, PRV | END, "di"},
    {COP0(0x0b, T3, 12, 0x00), MIPS_OP_DI, PRV | END, "di $t3"},
    {COP0(0x0b, T3, 12, 0x20), MIPS_OP_EI, PRV | END, "ei $t3"},
    {COP0_CO(0x01), MIPS_OP_TLBR, PRV | END, "tlbr"},
    {COP0_CO(0x02), MIPS_OP_TLBWI, PRV | END, "tlbwi"},
    {COP0_CO(0x06), MIPS_OP_TLBWR, PRV | END, "tlbwr"},
    {COP0_CO(0x08), MIPS_OP_TLBP, PRV, "tlbp"},
    {COP0_CO(0x18), MIPS_OP_ERET, PRV | END, "eret"},
    {COP0_CO(0x1f), MIPS_OP_DERET, PRV | END, "deret"},
    {COP0_CO(0x20), MIPS_OP_WAIT, PRV | END, "wait"},
    {COP0_CO(0x00), MIPS_OP_RI, 0, ".word 0x42000000"},
    {COP0_CO(0x03), MIPS_OP_RI, 0, ".word 0x42000003"},
    {COP0_CO(0x10), MIPS_OP_RI, 0, ".word 0x42000010"},
    {COP0(0x0b, T3, 12, 0x01), MIPS_OP_RI, 0, ".word 0x416b6001"}, /* MFMC0, not DI */
    {COP0(0x0b, T3, 13, 0x00), MIPS_OP_RI, 0, ".word 0x416b6800"},
    {COP0(0x01, T0, 12, 0), MIPS_OP_RI, 0, ".word 0x40286000"}, /* DMFC0 */
    {COP0(0x08, 0, 0, 0), MIPS_OP_RI, 0, ".word 0x41000000"},   /* BC0F (MIPS I) */
};
CASE_TEST(decode_cop0, cop0_cases)

/* COP1 by rs (A.14) and BC1 (A.15). */
static const struct decode_case cop1_cases[] = {
    {COP1(0x00, V0, 4, 0), MIPS_OP_MFC1, FP, "mfc1 $v0, $f4"},
    {COP1(0x02, V0, 31, 0), MIPS_OP_CFC1, FP, "cfc1 $v0, $31"},
    {COP1(0x03, V0, 4, 0), MIPS_OP_MFHC1, FP, "mfhc1 $v0, $f4"},
    {COP1(0x04, V0, 5, 0), MIPS_OP_MTC1, FP, "mtc1 $v0, $f5"},
    {COP1(0x06, V0, 31, 0), MIPS_OP_CTC1, FP | END, "ctc1 $v0, $31"},
    {COP1(0x07, V0, 4, 0), MIPS_OP_MTHC1, FP, "mthc1 $v0, $f4"},
    {COP1(0x08, 0, 0, 3), MIPS_OP_BC1F, CB | FP, "bc1f 0x80001010"},
    {COP1(0x08, 1, 0, 3), MIPS_OP_BC1T, CB | FP, "bc1t 0x80001010"},
    {COP1(0x08, 2, 0, 3), MIPS_OP_BC1FL, CBL | FP, "bc1fl 0x80001010"},
    {COP1(0x08, (3 << 2) | 3, 0, 0xffff), MIPS_OP_BC1TL, CBL | FP, "bc1tl $fcc3, 0x80001000"},
    {COP1(0x01, V0, 4, 0), MIPS_OP_RI, 0, ".word 0x44222000"}, /* DMFC1 */
    {COP1(0x05, V0, 4, 0), MIPS_OP_RI, 0, ".word 0x44a22000"}, /* DMTC1 */
    {COP1(0x09, 0, 0, 3), MIPS_OP_RI, 0, ".word 0x45200003"},  /* BC1ANY2 (MIPS-3D) */
    {COP1(0x0f, 0, 0, 0), MIPS_OP_RI, 0, ".word 0x45e00000"},
};
CASE_TEST(decode_cop1, cop1_cases)

/* COP1 arithmetic for each fmt (A.16-A.19). */
static const struct decode_case fmt_cases[] = {
    {FPU(FMT_S, 4, 2, 0, 0x00), MIPS_OP_FADD, FP, "add.s $f0, $f2, $f4"},
    {FPU(FMT_D, 4, 2, 0, 0x00), MIPS_OP_FADD, FP, "add.d $f0, $f2, $f4"},
    {FPU(FMT_D, 4, 2, 0, 0x01), MIPS_OP_FSUB, FP, "sub.d $f0, $f2, $f4"},
    {FPU(FMT_S, 4, 2, 0, 0x02), MIPS_OP_FMUL, FP, "mul.s $f0, $f2, $f4"},
    {FPU(FMT_S, 4, 2, 0, 0x03), MIPS_OP_FDIV, FP, "div.s $f0, $f2, $f4"},
    {FPU(FMT_D, 0, 2, 0, 0x04), MIPS_OP_FSQRT, FP, "sqrt.d $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x05), MIPS_OP_FABS, FP, "abs.s $f0, $f2"},
    {FPU(FMT_D, 0, 2, 0, 0x06), MIPS_OP_FMOV, FP, "mov.d $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x07), MIPS_OP_FNEG, FP, "neg.s $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x08), MIPS_OP_ROUND_L, FP, "round.l.s $f0, $f2"},
    {FPU(FMT_D, 0, 2, 0, 0x09), MIPS_OP_TRUNC_L, FP, "trunc.l.d $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x0a), MIPS_OP_CEIL_L, FP, "ceil.l.s $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x0b), MIPS_OP_FLOOR_L, FP, "floor.l.s $f0, $f2"},
    {FPU(FMT_D, 0, 2, 1, 0x0c), MIPS_OP_ROUND_W, FP, "round.w.d $f1, $f2"},
    {FPU(FMT_S, 0, 2, 1, 0x0d), MIPS_OP_TRUNC_W, FP, "trunc.w.s $f1, $f2"},
    {FPU(FMT_S, 0, 2, 1, 0x0e), MIPS_OP_CEIL_W, FP, "ceil.w.s $f1, $f2"},
    {FPU(FMT_D, 0, 2, 1, 0x0f), MIPS_OP_FLOOR_W, FP, "floor.w.d $f1, $f2"},
    {FPU(FMT_D, 1 << 2, 2, 0, 0x11), MIPS_OP_FMOVF, FP, "movf.d $f0, $f2, $fcc1"},
    {FPU(FMT_S, (7 << 2) | 1, 2, 0, 0x11), MIPS_OP_FMOVT, FP, "movt.s $f0, $f2, $fcc7"},
    {FPU(FMT_S, A0, 2, 0, 0x12), MIPS_OP_FMOVZ, FP, "movz.s $f0, $f2, $a0"},
    {FPU(FMT_D, A0, 2, 0, 0x13), MIPS_OP_FMOVN, FP, "movn.d $f0, $f2, $a0"},
    {FPU(FMT_D, 0, 2, 0, 0x15), MIPS_OP_RECIP, FP, "recip.d $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x16), MIPS_OP_RSQRT, FP, "rsqrt.s $f0, $f2"},
    {FPU(FMT_D, 0, 2, 0, 0x20), MIPS_OP_CVT_S, FP, "cvt.s.d $f0, $f2"},
    {FPU(FMT_W, 0, 2, 0, 0x20), MIPS_OP_CVT_S, FP, "cvt.s.w $f0, $f2"},
    {FPU(FMT_L, 0, 2, 0, 0x20), MIPS_OP_CVT_S, FP, "cvt.s.l $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x21), MIPS_OP_CVT_D, FP, "cvt.d.s $f0, $f2"},
    {FPU(FMT_W, 0, 2, 0, 0x21), MIPS_OP_CVT_D, FP, "cvt.d.w $f0, $f2"},
    {FPU(FMT_L, 0, 2, 0, 0x21), MIPS_OP_CVT_D, FP, "cvt.d.l $f0, $f2"},
    {FPU(FMT_D, 0, 2, 0, 0x24), MIPS_OP_CVT_W, FP, "cvt.w.d $f0, $f2"},
    {FPU(FMT_S, 0, 2, 0, 0x25), MIPS_OP_CVT_L, FP, "cvt.l.s $f0, $f2"},
    {FPU(FMT_S, 4, 2, 0, 0x30), MIPS_OP_FCMP, FP, "c.f.s $f2, $f4"},
    {FPU(FMT_S, 4, 2, 0, 0x37), MIPS_OP_FCMP, FP, "c.ule.s $f2, $f4"},
    {FPU(FMT_D, 4, 2, 5 << 2, 0x3f), MIPS_OP_FCMP, FP, "c.ngt.d $fcc5, $f2, $f4"},
    {FPU(FMT_D, 4, 2, 0, 0x3c), MIPS_OP_FCMP, FP, "c.lt.d $f2, $f4"},
    /* reserved: format/function pairs the tables leave empty, PS, bad fmt */
    {FPU(FMT_S, 0, 2, 0, 0x20), MIPS_OP_RI, 0, ".word 0x46001020"},  /* CVT.S.S */
    {FPU(FMT_D, 0, 2, 0, 0x21), MIPS_OP_RI, 0, ".word 0x46201021"},  /* CVT.D.D */
    {FPU(FMT_W, 4, 2, 0, 0x00), MIPS_OP_RI, 0, ".word 0x46841000"},  /* ADD.W */
    {FPU(FMT_L, 0, 2, 0, 0x24), MIPS_OP_RI, 0, ".word 0x46a01024"},  /* CVT.W.L */
    {FPU(FMT_W, 4, 2, 0, 0x30), MIPS_OP_RI, 0, ".word 0x46841030"},  /* C.F.W */
    {FPU(FMT_PS, 4, 2, 0, 0x00), MIPS_OP_RI, 0, ".word 0x46c41000"}, /* ADD.PS */
    {FPU(FMT_S, 0, 2, 0, 0x26), MIPS_OP_RI, 0, ".word 0x46001026"},  /* CVT.PS.S */
    {FPU(FMT_S, 0, 2, 0, 0x10), MIPS_OP_RI, 0, ".word 0x46001010"},
    {FPU(FMT_S, 0, 2, 0, 0x1c), MIPS_OP_RI, 0, ".word 0x4600101c"}, /* MIPS-3D */
    {FPU(0x12, 4, 2, 0, 0x00), MIPS_OP_RI, 0, ".word 0x46441000"},
    {FPU(0x17, 4, 2, 0, 0x00), MIPS_OP_RI, 0, ".word 0x46e41000"},
};
CASE_TEST(decode_cop1_fmt, fmt_cases)

/* COP1X (A.20). */
static const struct decode_case cop1x_cases[] = {
    {COP1X(A0, A1, 0, 2, 0x00), MIPS_OP_LWXC1, FP | LD, "lwxc1 $f2, $a1($a0)"},
    {COP1X(A0, A1, 0, 2, 0x01), MIPS_OP_LDXC1, FP | LD, "ldxc1 $f2, $a1($a0)"},
    {COP1X(A0, A1, 0, 2, 0x05), MIPS_OP_LUXC1, FP | LD, "luxc1 $f2, $a1($a0)"},
    {COP1X(A0, A1, 3, 0, 0x08), MIPS_OP_SWXC1, FP | ST, "swxc1 $f3, $a1($a0)"},
    {COP1X(A0, A1, 4, 0, 0x09), MIPS_OP_SDXC1, FP | ST, "sdxc1 $f4, $a1($a0)"},
    {COP1X(A0, A1, 4, 0, 0x0d), MIPS_OP_SUXC1, FP | ST, "suxc1 $f4, $a1($a0)"},
    {COP1X(A0, A1, 1, 0, 0x0f), MIPS_OP_PREFX, FP, "prefx 1, $a1($a0)"},
    {FMADD(6, 4, 2, 0, 4, 0), MIPS_OP_FMADD, FP, "madd.s $f0, $f6, $f2, $f4"},
    {FMADD(6, 4, 2, 0, 4, 1), MIPS_OP_FMADD, FP, "madd.d $f0, $f6, $f2, $f4"},
    {FMADD(6, 4, 2, 0, 5, 1), MIPS_OP_FMSUB, FP, "msub.d $f0, $f6, $f2, $f4"},
    {FMADD(6, 4, 2, 0, 6, 0), MIPS_OP_FNMADD, FP, "nmadd.s $f0, $f6, $f2, $f4"},
    {FMADD(6, 4, 2, 0, 7, 0), MIPS_OP_FNMSUB, FP, "nmsub.s $f0, $f6, $f2, $f4"},
    {FMADD(6, 4, 2, 0, 4, 6), MIPS_OP_RI, 0, ".word 0x4cc41026"}, /* MADD.PS */
    {FMADD(6, 4, 2, 0, 4, 2), MIPS_OP_RI, 0, ".word 0x4cc41022"},
    {COP1X(A0, A1, 0, 2, 0x02), MIPS_OP_RI, 0, ".word 0x4c850082"},
    {COP1X(A0, A1, 0, 2, 0x1e), MIPS_OP_RI, 0, ".word 0x4c85009e"}, /* ALNV.PS */
};
CASE_TEST(decode_cop1x, cop1x_cases)

static struct mips_insn dec(uint32_t word)
{
    struct mips_insn in;
    mips_decode(word, &in);
    return in;
}

/* Fields the text does not show directly. */
START_TEST(decode_fields)
{
    ck_assert_int_eq(dec(I(0x0f, 0, AT, 0x8000)).imm, (int32_t)0x80000000u);
    ck_assert_int_eq(dec(I(0x0d, 0, AT, 0x8000)).imm, 0x8000); /* ORI zero-extends */
    ck_assert_int_eq(dec(I(0x09, 0, AT, 0x8000)).imm, -0x8000);
    ck_assert_int_eq(dec(I(0x04, 0, 0, -1)).target, -4);
    ck_assert_int_eq(dec(I(0x04, 0, 0, 0x7fff)).target, 0x1fffc);
    ck_assert_int_eq(dec(J(0x02, 0x3ffffff)).target, 0x0ffffffc);
    ck_assert_uint_eq(dec(COP0(0x00, T0, 16, 3)).sel, 3);
    ck_assert_uint_eq(dec(COP0(0x00, T0, 16, 3)).rd, 16);
    ck_assert_int_eq(dec((0xfffffu << 6) | 0x0c).imm, 0xfffff);
    ck_assert_int_eq(dec(SPECIAL(A0, A1, 0x1f, 0x1f, 0x34)).imm, 0x3ff);
    ck_assert_int_eq(dec(COP0_CO(0x20) | (0x7ffffu << 6)).imm, 0x7ffff);

    struct mips_insn c = dec(FPU(FMT_D, 4, 2, 6 << 2, 0x3a));
    ck_assert_uint_eq(c.cond, 0xa);
    ck_assert_uint_eq(c.cc, 6);
    ck_assert_uint_eq(c.fmt, FMT_D);
    ck_assert_uint_eq(c.fs, 2);
    ck_assert_uint_eq(c.ft, 4);

    struct mips_insn b = dec(COP1(0x08, (5 << 2) | 1, 0, 0xfffe));
    ck_assert_uint_eq(b.cc, 5);
    ck_assert_int_eq(b.target, -8);

    struct mips_insn m = dec(FMADD(7, 5, 3, 1, 5, 1));
    ck_assert_uint_eq(m.fr, 7);
    ck_assert_uint_eq(m.ft, 5);
    ck_assert_uint_eq(m.fs, 3);
    ck_assert_uint_eq(m.fd, 1);
    ck_assert_uint_eq(m.fmt, FMT_D);

    struct mips_insn x = dec(SPECIAL3(A0, V0, 7, 4, 0x00));
    ck_assert_uint_eq(x.sa, 4);                                    /* lsb */
    ck_assert_uint_eq(x.rd, 7);                                    /* msbd */
    ck_assert_uint_eq(dec(SPECIAL(0, 0, 0, 0x13, 0x0f)).sa, 0x13); /* SYNC stype */
}
END_TEST

/* A reserved word decodes to RI with no flags and no stale fields. */
START_TEST(decode_reserved_is_clean)
{
    struct mips_insn in;
    memset(&in, 0xa5, sizeof in);
    mips_decode(SPECIAL(A0, A1, V0, 0, 0x05), &in);
    ck_assert_uint_eq(in.op, MIPS_OP_RI);
    ck_assert_uint_eq(in.flags, 0);
    ck_assert_int_eq(in.imm, 0);
    ck_assert_int_eq(in.target, 0);
}
END_TEST

START_TEST(format_names_and_bounds)
{
    ck_assert_str_eq(mips_op_name(MIPS_OP_ADDU), "addu");
    ck_assert_str_eq(mips_op_name(MIPS_OP_FADD), "add");
    ck_assert_str_eq(mips_op_name(MIPS_OP_CVT_S), "cvt.s");
    ck_assert_str_eq(mips_op_name(MIPS_OP_FMADD), "madd");
    ck_assert_str_eq(mips_op_name(MIPS_OP_RI), "reserved");
    ck_assert_str_eq(mips_op_name(MIPS_OP_COUNT), "reserved");
    for (int op = 0; op < MIPS_OP_COUNT; op++)
        ck_assert_msg(mips_op_name((enum mips_op)op)[0] != '\0', "op %d has no name", op);

    /* snprintf contract: the full length comes back, the buffer stays terminated */
    struct mips_insn in = dec(I(0x09, SP, SP, -32));
    char small[8];
    int n = mips_format(&in, TEST_PC, small, sizeof small);
    ck_assert_int_eq(n, (int)strlen("addiu $sp, $sp, -0x20"));
    ck_assert_str_eq(small, "addiu $");
    ck_assert_int_eq(mips_format(&in, TEST_PC, NULL, 0), n);
}
END_TEST

START_TEST(disasm_both_byte_orders)
{
    struct disasm *le = disasm_open(false), *be = disasm_open(true);
    ck_assert_ptr_nonnull(le);
    ck_assert_ptr_nonnull(be);
    char text[64];
    const uint32_t addiu = I(0x09, SP, SP, -32);
    ck_assert(disasm_insn(le, TEST_PC, addiu, text, sizeof text));
    ck_assert_str_eq(text, "addiu $sp, $sp, -0x20");
    ck_assert(disasm_insn(be, TEST_PC, addiu, text, sizeof text));
    ck_assert_str_eq(text, "addiu $sp, $sp, -0x20");
    ck_assert(disasm_insn(le, TEST_PC, 0, text, sizeof text));
    ck_assert_str_eq(text, "nop"); /* no trailing space */
    ck_assert(!disasm_insn(be, TEST_PC, SPECIAL(0, 0, 0, 0, 0x0e), text, sizeof text));
    ck_assert_str_eq(text, ".word 0x0000000e");
    disasm_close(le);
    disasm_close(be);
    disasm_close(NULL);
}
END_TEST

START_TEST(disasm_print_lines)
{
    struct disasm *d = disasm_open(true);
    ck_assert_ptr_nonnull(d);
    char *log = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&log, &len);
    const uint32_t words[] = {I(0x04, 0, 0, 1), 0};
    disasm_print(d, out, TEST_PC, words, 2);
    fclose(out);
    ck_assert_str_eq(log, "0x80001000:  10000001  b 0x80001008\n"
                          "0x80001004:  00000000  nop\n");
    free(log);
    disasm_close(d);
}
END_TEST

#define N(t) (int)(sizeof t / sizeof t[0])

int main(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("decode");
    tcase_add_loop_test(tc, decode_primary, 0, N(primary_cases));
    tcase_add_loop_test(tc, decode_special, 0, N(special_cases));
    tcase_add_loop_test(tc, decode_regimm, 0, N(regimm_cases));
    tcase_add_loop_test(tc, decode_special2, 0, N(special2_cases));
    tcase_add_loop_test(tc, decode_special3, 0, N(special3_cases));
    tcase_add_loop_test(tc, decode_cop0, 0, N(cop0_cases));
    tcase_add_loop_test(tc, decode_cop1, 0, N(cop1_cases));
    tcase_add_loop_test(tc, decode_cop1_fmt, 0, N(fmt_cases));
    tcase_add_loop_test(tc, decode_cop1x, 0, N(cop1x_cases));
    tcase_add_test(tc, decode_fields);
    tcase_add_test(tc, decode_reserved_is_clean);
    tcase_add_test(tc, format_names_and_bounds);
    tcase_add_test(tc, disasm_both_byte_orders);
    tcase_add_test(tc, disasm_print_lines);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
