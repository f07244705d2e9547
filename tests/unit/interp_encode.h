/* tests/unit/interp_encode.h — tiny MIPS32R2 instruction encoders for the
 * interpreter's unit tests, so a test names the instruction it runs instead of
 * carrying a magic word. Field layout from MIPS32 Vol. II, chapter 3 ("R", "I"
 * and "J" formats) and the opcode maps of Appendix A:
 *
 *   const uint32_t code[] = {enc_r(FN_ADDU, 4, 5, 2, 0)};     // addu $2, $4, $5
 *
 * Only what the tests use is here; each constant is the function/opcode field
 * value the manual's table gives.
 */
#ifndef TERN_TESTS_INTERP_ENCODE_H
#define TERN_TESTS_INTERP_ENCODE_H

#include <stdint.h>

/* Primary opcodes (bits 31..26). */
enum enc_opcode {
    OPC_SPECIAL = 0x00,
    OPC_REGIMM = 0x01,
    OPC_J = 0x02,
    OPC_JAL = 0x03,
    OPC_BEQ = 0x04,
    OPC_BNE = 0x05,
    OPC_ADDI = 0x08,
    OPC_ADDIU = 0x09,
    OPC_SLTI = 0x0a,
    OPC_SLTIU = 0x0b,
    OPC_ANDI = 0x0c,
    OPC_ORI = 0x0d,
    OPC_XORI = 0x0e,
    OPC_LUI = 0x0f,
    OPC_COP0 = 0x10,
    OPC_BEQL = 0x14,
    OPC_BNEL = 0x15,
    OPC_SPECIAL2 = 0x1c,
    OPC_SPECIAL3 = 0x1f,
    OPC_LB = 0x20,
    OPC_LH = 0x21,
    OPC_LWL = 0x22,
    OPC_LW = 0x23,
    OPC_LWR = 0x26,
    OPC_SB = 0x28,
    OPC_SH = 0x29,
    OPC_SWL = 0x2a,
    OPC_SW = 0x2b,
    OPC_SWR = 0x2e,
    OPC_CACHE = 0x2f,
    OPC_LL = 0x30,
    OPC_SC = 0x38,
};

/* SPECIAL function field (bits 5..0). */
enum enc_special {
    FN_SLL = 0x00,
    FN_SRL = 0x02, /* ROTR with rs = 1 */
    FN_SRA = 0x03,
    FN_SLLV = 0x04,
    FN_SRLV = 0x06, /* ROTRV with sa = 1 */
    FN_SRAV = 0x07,
    FN_JR = 0x08,
    FN_JALR = 0x09,
    FN_MOVZ = 0x0a,
    FN_MOVN = 0x0b,
    FN_SYSCALL = 0x0c,
    FN_BREAK = 0x0d,
    FN_MFHI = 0x10,
    FN_MFLO = 0x12,
    FN_MULT = 0x18,
    FN_MULTU = 0x19,
    FN_DIV = 0x1a,
    FN_DIVU = 0x1b,
    FN_ADD = 0x20,
    FN_ADDU = 0x21,
    FN_SUB = 0x22,
    FN_SUBU = 0x23,
    FN_AND = 0x24,
    FN_OR = 0x25,
    FN_XOR = 0x26,
    FN_NOR = 0x27,
    FN_SLT = 0x2a,
    FN_SLTU = 0x2b,
    FN_TEQ = 0x34,
};

/* SPECIAL2 function field. */
enum enc_special2 {
    FN2_MADD = 0x00,
    FN2_MADDU = 0x01,
    FN2_MUL = 0x02,
    FN2_MSUB = 0x04,
    FN2_MSUBU = 0x05,
    FN2_CLZ = 0x20,
    FN2_CLO = 0x21,
};

/* REGIMM rt field. */
enum enc_regimm {
    RT_BLTZ = 0x00,
    RT_BGEZ = 0x01,
    RT_BLTZL = 0x02,
    RT_BLTZAL = 0x10,
    RT_BGEZAL = 0x11,
    RT_SYNCI = 0x1f,
};

/* SPECIAL3 function field; BSHFL selects SEB/SEH/WSBH by the sa field. */
enum enc_special3 {
    FN3_EXT = 0x00,
    FN3_INS = 0x04,
    FN3_BSHFL = 0x20,
    FN3_RDHWR = 0x3b,
};

/* COP0 rs field (MF, MT, MFMC0 for DI/EI) and CO-function codes. */
enum enc_cop0 {
    COP0_MF = 0x00,
    COP0_MT = 0x04,
    COP0_MFMC0 = 0x0b,
    COP0_CO = 0x10,
    CO_TLBR = 0x01,
    CO_TLBWI = 0x02,
    CO_TLBP = 0x08,
    CO_ERET = 0x18,
    CO_WAIT = 0x20,
};

/* R format: SPECIAL, rs, rt, rd, sa, function. */
static inline uint32_t enc_r(unsigned fn, unsigned rs, unsigned rt, unsigned rd, unsigned sa)
{
    return (uint32_t)OPC_SPECIAL << 26 | rs << 21 | rt << 16 | rd << 11 | (sa & 31) << 6 | fn;
}

/* R format under another primary opcode (SPECIAL2, SPECIAL3). */
static inline uint32_t enc_r_op(unsigned op, unsigned fn, unsigned rs, unsigned rt, unsigned rd,
                                unsigned sa)
{
    return (uint32_t)op << 26 | rs << 21 | rt << 16 | rd << 11 | (sa & 31) << 6 | fn;
}

/* I format: opcode, rs, rt, 16-bit immediate (or branch offset in words). */
static inline uint32_t enc_i(unsigned op, unsigned rs, unsigned rt, int32_t imm)
{
    return (uint32_t)op << 26 | rs << 21 | rt << 16 | ((uint32_t)imm & 0xffffu);
}

/* REGIMM branch/trap: rs, the rt operation, offset in words. */
static inline uint32_t enc_regimm(unsigned rt_op, unsigned rs, int32_t offset)
{
    return enc_i(OPC_REGIMM, rs, rt_op, offset);
}

/* J/JAL: the 26-bit instruction index is target >> 2. */
static inline uint32_t enc_j(unsigned op, uint32_t target)
{
    return (uint32_t)op << 26 | ((target >> 2) & 0x03ffffffu);
}

/* RDHWR rt, rd (Vol. II RDHWR: SPECIAL3, rs = 0, sel/sa = 0). */
static inline uint32_t enc_rdhwr(unsigned rt, unsigned hwr)
{
    return enc_r_op(OPC_SPECIAL3, FN3_RDHWR, 0, rt, hwr, 0);
}

/* MFC0/MTC0 rt, (rd, sel). */
static inline uint32_t enc_mxc0(unsigned how, unsigned rt, unsigned rd, unsigned sel)
{
    return (uint32_t)OPC_COP0 << 26 | how << 21 | rt << 16 | rd << 11 | (sel & 7);
}

/* COP0 CO-format operation (TLBR, ERET, WAIT, ...). */
static inline uint32_t enc_co(unsigned fn)
{
    return (uint32_t)OPC_COP0 << 26 | (uint32_t)COP0_CO << 21 | fn;
}

/* The canonical NOP: sll $0, $0, 0. */
#define ENC_NOP 0u

#endif
