/* frontend/decode.c — the table-driven MIPS32 Release 2 decoder: one 32-bit word
 * to one struct mips_insn (see insn.h).
 *
 * The tables follow the opcode maps of the MIPS32 manual, Volume II, Appendix A:
 * the primary opcode selects a row, and the SPECIAL, REGIMM, SPECIAL2, SPECIAL3,
 * COP0, COP1 and COP1X rows select by their own field. Each entry names the
 * operation, how its immediate is formed, and its flags. Only the fields that
 * select the operation are checked, as QEMU checks them for a pre-R6 CPU: a
 * non-zero "should be zero" field does not make an instruction reserved, except
 * where the field itself picks the operation (SRL/ROTR by rs, SRLV/ROTRV by sa,
 * DI/EI by the whole low half) and the JR/JALR hint (0 or 16, as QEMU).
 *
 * Decisions where Release 2 leaves room:
 * - Paired single (fmt PS, and the COP1X .PS forms) is not implemented: every PS
 *   operation decodes as RI, as the 24Kf without the MIPS-3D/PS extension does.
 * - MIPS64-only rows (DADDI, LD, SD, LLD, SCD, LWU, SDL/SDR, JALX, ...) are RI.
 */
#include "frontend/insn.h"

#include <string.h>

/* How the immediate and the extra fields of an instruction are formed. */
enum form {
    FORM_NONE, /* register fields only */
    FORM_SIMM, /* imm = sign_extend(bits 15..0) */
    FORM_UIMM, /* imm = zero_extend(bits 15..0) */
    FORM_LUI, /* imm = bits 15..0 << 16 */
    FORM_BRANCH, /* target = sign_extend(bits 15..0) << 2 */
    FORM_JUMP, /* target = bits 25..0 << 2 */
    FORM_CODE20, /* imm = bits 25..6: SYSCALL, BREAK, SDBBP */
    FORM_CODE10, /* imm = bits 15..6: trap-on-register-condition */
    FORM_CODE19, /* imm = bits 24..6: WAIT's implementation-dependent code */
    FORM_CP0, /* sel = bits 2..0 */
    FORM_CC_MOVCI, /* cc = bits 20..18 (MOVF/MOVT and their .fmt forms) */
    FORM_BC1, /* cc = bits 20..18, target as FORM_BRANCH */
    FORM_FCMP, /* cond = bits 3..0, cc = bits 10..8 */
    /* Rows that select again by another field. */
    FORM_SPECIAL,
    FORM_REGIMM,
    FORM_SPECIAL2,
    FORM_SPECIAL3,
    FORM_BSHFL,
    FORM_COP0,
    FORM_COP0_CO,
    FORM_MFMC0,
    FORM_COP1,
    FORM_COP1_BC,
    FORM_COP1_ARITH,
    FORM_COP1X,
    FORM_SHIFT_SRL, /* SRL (rs = 0) or ROTR (rs = 1) */
    FORM_SHIFT_SRLV, /* SRLV (sa = 0) or ROTRV (sa = 1) */
    FORM_MOVCI, /* MOVF (tf = 0) or MOVT (tf = 1) */
};

struct op_entry {
    uint16_t op; /* enum mips_op */
    uint8_t form; /* enum form */
    uint16_t flags; /* enum insn_flags */
};

#define E(o, f, fl) {MIPS_OP_##o, FORM_##f, (fl)}
#define SUB(f) {MIPS_OP_RI, FORM_##f, 0}

enum {
    BR = INSN_BRANCH,
    CB = INSN_BRANCH | INSN_COND,
    CBL = INSN_BRANCH | INSN_COND | INSN_LIKELY,
    LNK = INSN_LINK,
    LD = INSN_LOAD,
    ST = INSN_STORE,
    FP = INSN_FPU,
    PRV = INSN_PRIV,
    END = INSN_ENDS_BLOCK,
    TRP = INSN_CAN_TRAP,
};

/* Primary opcode, bits 31..26 (Vol. II table A.2). */
static const struct op_entry primary[64] = {
    [0x00] = SUB(SPECIAL),        [0x01] = SUB(REGIMM),
    [0x02] = E(J, JUMP, BR),      [0x03] = E(JAL, JUMP, BR | LNK),
    [0x04] = E(BEQ, BRANCH, CB),  [0x05] = E(BNE, BRANCH, CB),
    [0x06] = E(BLEZ, BRANCH, CB), [0x07] = E(BGTZ, BRANCH, CB),
    [0x08] = E(ADDI, SIMM, TRP),  [0x09] = E(ADDIU, SIMM, 0),
    [0x0a] = E(SLTI, SIMM, 0),    [0x0b] = E(SLTIU, SIMM, 0),
    [0x0c] = E(ANDI, UIMM, 0),    [0x0d] = E(ORI, UIMM, 0),
    [0x0e] = E(XORI, UIMM, 0),    [0x0f] = E(LUI, LUI, 0),
    [0x10] = SUB(COP0),           [0x11] = SUB(COP1),
    [0x12] = E(COP2, NONE, 0),    [0x13] = SUB(COP1X),
    [0x14] = E(BEQL, BRANCH, CBL), [0x15] = E(BNEL, BRANCH, CBL),
    [0x16] = E(BLEZL, BRANCH, CBL), [0x17] = E(BGTZL, BRANCH, CBL),
    [0x1c] = SUB(SPECIAL2),       [0x1f] = SUB(SPECIAL3),
    [0x20] = E(LB, SIMM, LD),     [0x21] = E(LH, SIMM, LD),
    [0x22] = E(LWL, SIMM, LD),    [0x23] = E(LW, SIMM, LD),
    [0x24] = E(LBU, SIMM, LD),    [0x25] = E(LHU, SIMM, LD),
    [0x26] = E(LWR, SIMM, LD),    [0x28] = E(SB, SIMM, ST),
    [0x29] = E(SH, SIMM, ST),     [0x2a] = E(SWL, SIMM, ST),
    [0x2b] = E(SW, SIMM, ST),     [0x2e] = E(SWR, SIMM, ST),
    [0x2f] = E(CACHE, SIMM, PRV | END),
    [0x30] = E(LL, SIMM, LD),     [0x31] = E(LWC1, SIMM, LD | FP),
    [0x32] = E(LWC2, SIMM, 0),    [0x33] = E(PREF, SIMM, 0),
    [0x35] = E(LDC1, SIMM, LD | FP), [0x36] = E(LDC2, SIMM, 0),
    [0x38] = E(SC, SIMM, ST),     [0x39] = E(SWC1, SIMM, ST | FP),
    [0x3a] = E(SWC2, SIMM, 0),    [0x3d] = E(SDC1, SIMM, ST | FP),
    [0x3e] = E(SDC2, SIMM, 0),
};

/* SPECIAL, function bits 5..0 (table A.3). */
static const struct op_entry special[64] = {
    [0x00] = E(SLL, NONE, 0),      [0x01] = SUB(MOVCI),
    [0x02] = SUB(SHIFT_SRL),       [0x03] = E(SRA, NONE, 0),
    [0x04] = E(SLLV, NONE, 0),     [0x06] = SUB(SHIFT_SRLV),
    [0x07] = E(SRAV, NONE, 0),     [0x08] = E(JR, NONE, BR | INSN_INDIRECT),
    [0x09] = E(JALR, NONE, BR | INSN_INDIRECT | LNK),
    [0x0a] = E(MOVZ, NONE, 0),     [0x0b] = E(MOVN, NONE, 0),
    [0x0c] = E(SYSCALL, CODE20, TRP | END), [0x0d] = E(BREAK, CODE20, TRP | END),
    [0x0f] = E(SYNC, NONE, 0),
    [0x10] = E(MFHI, NONE, 0),     [0x11] = E(MTHI, NONE, 0),
    [0x12] = E(MFLO, NONE, 0),     [0x13] = E(MTLO, NONE, 0),
    [0x18] = E(MULT, NONE, 0),     [0x19] = E(MULTU, NONE, 0),
    [0x1a] = E(DIV, NONE, 0),      [0x1b] = E(DIVU, NONE, 0),
    [0x20] = E(ADD, NONE, TRP),    [0x21] = E(ADDU, NONE, 0),
    [0x22] = E(SUB, NONE, TRP),    [0x23] = E(SUBU, NONE, 0),
    [0x24] = E(AND, NONE, 0),      [0x25] = E(OR, NONE, 0),
    [0x26] = E(XOR, NONE, 0),      [0x27] = E(NOR, NONE, 0),
    [0x2a] = E(SLT, NONE, 0),      [0x2b] = E(SLTU, NONE, 0),
    [0x30] = E(TGE, CODE10, TRP),  [0x31] = E(TGEU, CODE10, TRP),
    [0x32] = E(TLT, CODE10, TRP),  [0x33] = E(TLTU, CODE10, TRP),
    [0x34] = E(TEQ, CODE10, TRP),  [0x36] = E(TNE, CODE10, TRP),
};

/* REGIMM, rt bits 20..16 (table A.4). */
static const struct op_entry regimm[32] = {
    [0x00] = E(BLTZ, BRANCH, CB),   [0x01] = E(BGEZ, BRANCH, CB),
    [0x02] = E(BLTZL, BRANCH, CBL), [0x03] = E(BGEZL, BRANCH, CBL),
    [0x08] = E(TGEI, SIMM, TRP),    [0x09] = E(TGEIU, SIMM, TRP),
    [0x0a] = E(TLTI, SIMM, TRP),    [0x0b] = E(TLTIU, SIMM, TRP),
    [0x0c] = E(TEQI, SIMM, TRP),    [0x0e] = E(TNEI, SIMM, TRP),
    [0x10] = E(BLTZAL, BRANCH, CB | LNK),   [0x11] = E(BGEZAL, BRANCH, CB | LNK),
    [0x12] = E(BLTZALL, BRANCH, CBL | LNK), [0x13] = E(BGEZALL, BRANCH, CBL | LNK),
    [0x1f] = E(SYNCI, SIMM, END),
};

/* SPECIAL2, function bits 5..0 (table A.5). */
static const struct op_entry special2[64] = {
    [0x00] = E(MADD, NONE, 0),  [0x01] = E(MADDU, NONE, 0), [0x02] = E(MUL, NONE, 0),
    [0x04] = E(MSUB, NONE, 0),  [0x05] = E(MSUBU, NONE, 0), [0x20] = E(CLZ, NONE, 0),
    [0x21] = E(CLO, NONE, 0),   [0x3f] = E(SDBBP, CODE20, TRP | END),
};

/* SPECIAL3, function bits 5..0 (table A.6); BSHFL selects by sa (table A.10). */
static const struct op_entry special3[64] = {
    [0x00] = E(EXT, NONE, 0), [0x04] = E(INS, NONE, 0),
    [0x20] = SUB(BSHFL),      [0x3b] = E(RDHWR, NONE, 0),
};

static const struct op_entry bshfl[32] = {
    [0x02] = E(WSBH, NONE, 0), [0x10] = E(SEB, NONE, 0), [0x18] = E(SEH, NONE, 0),
};

/* COP0, rs bits 25..21 (table A.11); CO rows select by function (table A.13). */
static const struct op_entry cop0[32] = {
    [0x00] = E(MFC0, CP0, PRV),    [0x04] = E(MTC0, CP0, PRV | END),
    [0x0a] = E(RDPGPR, NONE, PRV), [0x0b] = SUB(MFMC0),
    [0x0e] = E(WRPGPR, NONE, PRV),
    [0x10] = SUB(COP0_CO), [0x11] = SUB(COP0_CO), [0x12] = SUB(COP0_CO), [0x13] = SUB(COP0_CO),
    [0x14] = SUB(COP0_CO), [0x15] = SUB(COP0_CO), [0x16] = SUB(COP0_CO), [0x17] = SUB(COP0_CO),
    [0x18] = SUB(COP0_CO), [0x19] = SUB(COP0_CO), [0x1a] = SUB(COP0_CO), [0x1b] = SUB(COP0_CO),
    [0x1c] = SUB(COP0_CO), [0x1d] = SUB(COP0_CO), [0x1e] = SUB(COP0_CO), [0x1f] = SUB(COP0_CO),
};

static const struct op_entry cop0_co[64] = {
    [0x01] = E(TLBR, NONE, PRV | END),  [0x02] = E(TLBWI, NONE, PRV | END),
    [0x06] = E(TLBWR, NONE, PRV | END), [0x08] = E(TLBP, NONE, PRV),
    [0x18] = E(ERET, NONE, PRV | END),  [0x1f] = E(DERET, NONE, PRV | END),
    [0x20] = E(WAIT, CODE19, PRV | END),
};

/* COP1, rs bits 25..21 (table A.14). */
static const struct op_entry cop1[32] = {
    [0x00] = E(MFC1, NONE, FP),  [0x02] = E(CFC1, NONE, FP),
    [0x03] = E(MFHC1, NONE, FP), [0x04] = E(MTC1, NONE, FP),
    [0x06] = E(CTC1, NONE, FP | END), [0x07] = E(MTHC1, NONE, FP),
    [0x08] = SUB(COP1_BC),
    [FMT_S] = SUB(COP1_ARITH), [FMT_D] = SUB(COP1_ARITH),
    [FMT_W] = SUB(COP1_ARITH), [FMT_L] = SUB(COP1_ARITH),
};

/* BC1F/BC1T/BC1FL/BC1TL by the nd and tf bits 17..16 (table A.15). */
static const struct op_entry cop1_bc[4] = {
    E(BC1F, BC1, CB | FP), E(BC1T, BC1, CB | FP), E(BC1FL, BC1, CBL | FP),
    E(BC1TL, BC1, CBL | FP),
};

/* Which formats an arithmetic function accepts. */
enum { FS = 1, FD = 2, FW = 4, FL = 8, FSD = FS | FD };

struct fpu_entry {
    uint16_t op;
    uint8_t form;
    uint8_t fmts;
};

#define F(o, f, m) {MIPS_OP_##o, FORM_##f, (m)}

/* COP1 arithmetic by function bits 5..0 for fmt S, D, W, L (tables A.16-A.19). */
static const struct fpu_entry cop1_arith[64] = {
    [0x00] = F(FADD, NONE, FSD),    [0x01] = F(FSUB, NONE, FSD),
    [0x02] = F(FMUL, NONE, FSD),    [0x03] = F(FDIV, NONE, FSD),
    [0x04] = F(FSQRT, NONE, FSD),   [0x05] = F(FABS, NONE, FSD),
    [0x06] = F(FMOV, NONE, FSD),    [0x07] = F(FNEG, NONE, FSD),
    [0x08] = F(ROUND_L, NONE, FSD), [0x09] = F(TRUNC_L, NONE, FSD),
    [0x0a] = F(CEIL_L, NONE, FSD),  [0x0b] = F(FLOOR_L, NONE, FSD),
    [0x0c] = F(ROUND_W, NONE, FSD), [0x0d] = F(TRUNC_W, NONE, FSD),
    [0x0e] = F(CEIL_W, NONE, FSD),  [0x0f] = F(FLOOR_W, NONE, FSD),
    [0x11] = F(FMOVF, CC_MOVCI, FSD), /* FMOVT when tf (bit 16) is set */
    [0x12] = F(FMOVZ, NONE, FSD),   [0x13] = F(FMOVN, NONE, FSD),
    [0x15] = F(RECIP, NONE, FSD),   [0x16] = F(RSQRT, NONE, FSD),
    [0x20] = F(CVT_S, NONE, FD | FW | FL), [0x21] = F(CVT_D, NONE, FS | FW | FL),
    [0x24] = F(CVT_W, NONE, FSD),   [0x25] = F(CVT_L, NONE, FSD),
    [0x30] = F(FCMP, FCMP, FSD), [0x31] = F(FCMP, FCMP, FSD), [0x32] = F(FCMP, FCMP, FSD),
    [0x33] = F(FCMP, FCMP, FSD), [0x34] = F(FCMP, FCMP, FSD), [0x35] = F(FCMP, FCMP, FSD),
    [0x36] = F(FCMP, FCMP, FSD), [0x37] = F(FCMP, FCMP, FSD), [0x38] = F(FCMP, FCMP, FSD),
    [0x39] = F(FCMP, FCMP, FSD), [0x3a] = F(FCMP, FCMP, FSD), [0x3b] = F(FCMP, FCMP, FSD),
    [0x3c] = F(FCMP, FCMP, FSD), [0x3d] = F(FCMP, FCMP, FSD), [0x3e] = F(FCMP, FCMP, FSD),
    [0x3f] = F(FCMP, FCMP, FSD),
};

/* COP1X, function bits 5..0 (table A.20); the multiply-adds carry their format
 * in bits 2..0 (0 = S, 1 = D; 6 = PS is reserved here). */
static const struct op_entry cop1x[64] = {
    [0x00] = E(LWXC1, NONE, FP | LD), [0x01] = E(LDXC1, NONE, FP | LD),
    [0x05] = E(LUXC1, NONE, FP | LD), [0x08] = E(SWXC1, NONE, FP | ST),
    [0x09] = E(SDXC1, NONE, FP | ST), [0x0d] = E(SUXC1, NONE, FP | ST),
    [0x0f] = E(PREFX, NONE, FP),
    [0x20] = E(FMADD, NONE, FP),  [0x21] = E(FMADD, NONE, FP),
    [0x28] = E(FMSUB, NONE, FP),  [0x29] = E(FMSUB, NONE, FP),
    [0x30] = E(FNMADD, NONE, FP), [0x31] = E(FNMADD, NONE, FP),
    [0x38] = E(FNMSUB, NONE, FP), [0x39] = E(FNMSUB, NONE, FP),
};

static inline uint32_t bits(uint32_t w, unsigned hi, unsigned lo)
{
    return (w >> lo) & ((2u << (hi - lo)) - 1);
}

static inline int32_t simm16(uint32_t w)
{
    return (int16_t)(w & 0xffff);
}

/* Follows the selecting fields from the primary row down to one entry; an
 * entry with MIPS_OP_RI and FORM_NONE means reserved. */
static struct op_entry select_entry(uint32_t w, struct mips_insn *out)
{
    struct op_entry e = primary[bits(w, 31, 26)];
    for (;;) {
        switch (e.form) {
        case FORM_SPECIAL: e = special[bits(w, 5, 0)]; break;
        case FORM_REGIMM: e = regimm[bits(w, 20, 16)]; break;
        case FORM_SPECIAL2: e = special2[bits(w, 5, 0)]; break;
        case FORM_SPECIAL3: e = special3[bits(w, 5, 0)]; break;
        case FORM_BSHFL: e = bshfl[bits(w, 10, 6)]; break;
        case FORM_COP0: e = cop0[bits(w, 25, 21)]; break;
        case FORM_COP0_CO: e = cop0_co[bits(w, 5, 0)]; break;
        case FORM_COP1: e = cop1[bits(w, 25, 21)]; break;
        case FORM_COP1_BC: e = cop1_bc[bits(w, 17, 16)]; break;
        case FORM_COP1X: e = cop1x[bits(w, 5, 0)]; break;
        case FORM_SHIFT_SRL:
            /* R2 reuses bit 21 of the SRL row for ROTR; other rs values are RI. */
            e = bits(w, 25, 21) > 1 ? (struct op_entry)SUB(NONE)
                : bits(w, 21, 21) ? (struct op_entry)E(ROTR, NONE, 0)
                                  : (struct op_entry)E(SRL, NONE, 0);
            break;
        case FORM_SHIFT_SRLV:
            e = bits(w, 10, 6) > 1 ? (struct op_entry)SUB(NONE)
                : bits(w, 6, 6) ? (struct op_entry)E(ROTRV, NONE, 0)
                                : (struct op_entry)E(SRLV, NONE, 0);
            break;
        case FORM_MOVCI:
            e = bits(w, 16, 16) ? (struct op_entry)E(MOVT, CC_MOVCI, FP)
                                : (struct op_entry)E(MOVF, CC_MOVCI, FP);
            break;
        case FORM_MFMC0:
            /* DI and EI are the only MFMC0 forms without the MT ASE (QEMU checks
             * the whole low half: rd = 12, sc = bit 5). */
            e = (w & 0xffff) == 0x6000   ? (struct op_entry)E(DI, NONE, PRV | END)
                : (w & 0xffff) == 0x6020 ? (struct op_entry)E(EI, NONE, PRV | END)
                                         : (struct op_entry)SUB(NONE);
            break;
        case FORM_COP1_ARITH: {
            const struct fpu_entry *f = &cop1_arith[bits(w, 5, 0)];
            unsigned fmt = bits(w, 25, 21);
            unsigned mask = fmt == FMT_S ? FS : fmt == FMT_D ? FD : fmt == FMT_W ? FW : FL;
            if (!(f->fmts & mask))
                return (struct op_entry)SUB(NONE);
            out->fmt = (uint8_t)fmt;
            e = (struct op_entry){f->op, f->form, FP};
            if (f->op == MIPS_OP_FMOVF && bits(w, 16, 16))
                e.op = MIPS_OP_FMOVT;
            return e;
        }
        default:
            return e;
        }
    }
}

/* Fills imm, target, sel, cc and cond as the entry's form says. */
static void apply_form(uint32_t w, enum form form, struct mips_insn *out)
{
    switch (form) {
    case FORM_SIMM: out->imm = simm16(w); break;
    case FORM_UIMM: out->imm = (int32_t)(w & 0xffff); break;
    case FORM_LUI: out->imm = (int32_t)((w & 0xffff) << 16); break;
    case FORM_BRANCH: out->target = (int32_t)((uint32_t)simm16(w) << 2); break;
    case FORM_JUMP: out->target = (int32_t)(bits(w, 25, 0) << 2); break;
    case FORM_CODE20: out->imm = (int32_t)bits(w, 25, 6); break;
    case FORM_CODE10: out->imm = (int32_t)bits(w, 15, 6); break;
    case FORM_CODE19: out->imm = (int32_t)bits(w, 24, 6); break;
    case FORM_CP0: out->sel = (uint8_t)bits(w, 2, 0); break;
    case FORM_CC_MOVCI: out->cc = (uint8_t)bits(w, 20, 18); break;
    case FORM_BC1:
        out->cc = (uint8_t)bits(w, 20, 18);
        out->target = (int32_t)((uint32_t)simm16(w) << 2);
        break;
    case FORM_FCMP:
        out->cond = (uint8_t)bits(w, 3, 0);
        out->cc = (uint8_t)bits(w, 10, 8);
        break;
    default: break;
    }
}

/* The multiply-add rows of COP1X carry their format in bits 2..0. */
static bool cop1x_format(uint32_t w, struct mips_insn *out)
{
    unsigned fmt3 = bits(w, 2, 0);
    if (fmt3 > 1)
        return false;
    out->fmt = fmt3 ? FMT_D : FMT_S;
    return true;
}

void mips_decode(uint32_t word, struct mips_insn *out)
{
    memset(out, 0, sizeof(*out));
    out->raw = word;
    out->rs = (uint8_t)bits(word, 25, 21);
    out->rt = (uint8_t)bits(word, 20, 16);
    out->rd = (uint8_t)bits(word, 15, 11);
    out->sa = (uint8_t)bits(word, 10, 6);

    struct op_entry e = select_entry(word, out);
    if (e.op == MIPS_OP_FMADD || e.op == MIPS_OP_FMSUB || e.op == MIPS_OP_FNMADD ||
        e.op == MIPS_OP_FNMSUB) {
        if (!cop1x_format(word, out))
            e = (struct op_entry)SUB(NONE);
    }
    /* JR/JALR: hint 0 is the plain form and 16 the .HB form; QEMU reserves the
     * other hint values (gen_compute_branch). */
    if ((e.op == MIPS_OP_JR || e.op == MIPS_OP_JALR) && out->sa != 0 && out->sa != 16)
        e = (struct op_entry)SUB(NONE);
    out->op = e.op;
    out->flags = e.op == MIPS_OP_RI ? 0 : e.flags;
    if (e.op == MIPS_OP_RI)
        return;
    if (e.flags & INSN_FPU) {
        out->ft = out->rt;
        out->fs = out->rd;
        out->fd = out->sa;
        out->fr = out->rs;
    }
    apply_form(word, (enum form)e.form, out);
}
