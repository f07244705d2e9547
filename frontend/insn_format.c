/* frontend/insn_format.c — text for a decoded instruction: the mnemonic of each
 * enum mips_op (mips_op_name) and "mnemonic operands" (mips_format), in the
 * style Capstone 4 prints MIPS so tests/decode can compare the two.
 *
 * Operands come from the decoded fields (never re-extracted from the raw word,
 * except the JR/JALR hazard-barrier hint, which has no field of its own), so the
 * text checks the decoder. Capstone's style: registers "$t0", "$f2", "$fcc1";
 * immediates decimal up to 9 and "0x.." above (negative "-0x.."); memory
 * operands "off($base)"; branch and jump targets as absolute addresses.
 * Where Capstone 4 is wrong we print what the manual means instead and the
 * cross-check normalises Capstone (its table of differences): MFC0/MTC0 name
 * the CP0 register by number ("$12", Capstone prints a GPR name) and the trap
 * immediates are signed (Capstone prints the raw 16 bits). Aliases (move, b,
 * negu, ...) are left to Capstone; we print the architectural instruction,
 * except nop/ssnop/ehb, which Release 2 defines as their own names.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "frontend/insn.h"

/* Operand layouts; the names say the operand order. */
enum layout {
    L_NONE,
    L_RD_RS_RT,
    L_RD_RT_RS,
    L_RD_RT_SA,
    L_SLL, /* sll, or nop/ssnop/ehb */
    L_RT_RS_IMM,
    L_RT_LUI,
    L_RT_MEM,
    L_FT_MEM,
    L_CT_MEM, /* coprocessor 2 register by number */
    L_OP_MEM, /* CACHE op / PREF hint in rt */
    L_RS_RT_BR,
    L_RS_BR,
    L_JUMP,
    L_JR,
    L_JALR,
    L_RS,
    L_RD,
    L_RS_RT,
    L_TRAP, /* rs, rt[, code] */
    L_RS_IMM,
    L_CODE20, /* syscall / sdbbp [code] */
    L_BREAK,  /* break [code1[, code2]] */
    L_SYNC,
    L_MOVCI, /* rd, rs, $fccN */
    L_RD_RS,
    L_RD_RT,
    L_EXT,
    L_INS,
    L_RDHWR,
    L_CP0,
    L_DIEI,
    L_RT_FS,
    L_RT_FCR,
    L_BC1,
    L_FD_FS_FT,
    L_FD_FS,
    L_FD_FS_CC,
    L_FD_FS_RT,
    L_FCMP,
    L_FD_XMEM,
    L_FS_XMEM,
    L_PREFX,
    L_FMADD,
    L_COP2,
};

/* How the mnemonic of an FPU operation takes its format. */
enum suffix {
    SUF_NONE,
    SUF_FMT, /* "add" -> "add.d" */
};

struct op_text {
    const char *name;
    uint8_t layout; /* enum layout */
    uint8_t suffix; /* enum suffix */
};

#define T(o, n, l) [MIPS_OP_##o] = {n, L_##l, SUF_NONE}
#define TF(o, n, l) [MIPS_OP_##o] = {n, L_##l, SUF_FMT}

/* In the order of enum mips_op (the manual's opcode maps). */
static const struct op_text op_text[MIPS_OP_COUNT] = {
    T(RI, "reserved", NONE),
    T(J, "j", JUMP),
    T(JAL, "jal", JUMP),
    T(BEQ, "beq", RS_RT_BR),
    T(BNE, "bne", RS_RT_BR),
    T(BLEZ, "blez", RS_BR),
    T(BGTZ, "bgtz", RS_BR),
    T(ADDI, "addi", RT_RS_IMM),
    T(ADDIU, "addiu", RT_RS_IMM),
    T(SLTI, "slti", RT_RS_IMM),
    T(SLTIU, "sltiu", RT_RS_IMM),
    T(ANDI, "andi", RT_RS_IMM),
    T(ORI, "ori", RT_RS_IMM),
    T(XORI, "xori", RT_RS_IMM),
    T(LUI, "lui", RT_LUI),
    T(BEQL, "beql", RS_RT_BR),
    T(BNEL, "bnel", RS_RT_BR),
    T(BLEZL, "blezl", RS_BR),
    T(BGTZL, "bgtzl", RS_BR),
    T(LB, "lb", RT_MEM),
    T(LH, "lh", RT_MEM),
    T(LWL, "lwl", RT_MEM),
    T(LW, "lw", RT_MEM),
    T(LBU, "lbu", RT_MEM),
    T(LHU, "lhu", RT_MEM),
    T(LWR, "lwr", RT_MEM),
    T(SB, "sb", RT_MEM),
    T(SH, "sh", RT_MEM),
    T(SWL, "swl", RT_MEM),
    T(SW, "sw", RT_MEM),
    T(SWR, "swr", RT_MEM),
    T(CACHE, "cache", OP_MEM),
    T(LL, "ll", RT_MEM),
    T(LWC1, "lwc1", FT_MEM),
    T(LWC2, "lwc2", CT_MEM),
    T(PREF, "pref", OP_MEM),
    T(LDC1, "ldc1", FT_MEM),
    T(LDC2, "ldc2", CT_MEM),
    T(SC, "sc", RT_MEM),
    T(SWC1, "swc1", FT_MEM),
    T(SWC2, "swc2", CT_MEM),
    T(SDC1, "sdc1", FT_MEM),
    T(SDC2, "sdc2", CT_MEM),

    T(SLL, "sll", SLL),
    T(MOVF, "movf", MOVCI),
    T(MOVT, "movt", MOVCI),
    T(SRL, "srl", RD_RT_SA),
    T(ROTR, "rotr", RD_RT_SA),
    T(SRA, "sra", RD_RT_SA),
    T(SLLV, "sllv", RD_RT_RS),
    T(SRLV, "srlv", RD_RT_RS),
    T(ROTRV, "rotrv", RD_RT_RS),
    T(SRAV, "srav", RD_RT_RS),
    T(JR, "jr", JR),
    T(JALR, "jalr", JALR),
    T(MOVZ, "movz", RD_RS_RT),
    T(MOVN, "movn", RD_RS_RT),
    T(SYSCALL, "syscall", CODE20),
    T(BREAK, "break", BREAK),
    T(SYNC, "sync", SYNC),
    T(MFHI, "mfhi", RD),
    T(MTHI, "mthi", RS),
    T(MFLO, "mflo", RD),
    T(MTLO, "mtlo", RS),
    T(MULT, "mult", RS_RT),
    T(MULTU, "multu", RS_RT),
    T(DIV, "div", RS_RT),
    T(DIVU, "divu", RS_RT),
    T(ADD, "add", RD_RS_RT),
    T(ADDU, "addu", RD_RS_RT),
    T(SUB, "sub", RD_RS_RT),
    T(SUBU, "subu", RD_RS_RT),
    T(AND, "and", RD_RS_RT),
    T(OR, "or", RD_RS_RT),
    T(XOR, "xor", RD_RS_RT),
    T(NOR, "nor", RD_RS_RT),
    T(SLT, "slt", RD_RS_RT),
    T(SLTU, "sltu", RD_RS_RT),
    T(TGE, "tge", TRAP),
    T(TGEU, "tgeu", TRAP),
    T(TLT, "tlt", TRAP),
    T(TLTU, "tltu", TRAP),
    T(TEQ, "teq", TRAP),
    T(TNE, "tne", TRAP),

    T(BLTZ, "bltz", RS_BR),
    T(BGEZ, "bgez", RS_BR),
    T(BLTZL, "bltzl", RS_BR),
    T(BGEZL, "bgezl", RS_BR),
    T(TGEI, "tgei", RS_IMM),
    T(TGEIU, "tgeiu", RS_IMM),
    T(TLTI, "tlti", RS_IMM),
    T(TLTIU, "tltiu", RS_IMM),
    T(TEQI, "teqi", RS_IMM),
    T(TNEI, "tnei", RS_IMM),
    T(BLTZAL, "bltzal", RS_BR),
    T(BGEZAL, "bgezal", RS_BR),
    T(BLTZALL, "bltzall", RS_BR),
    T(BGEZALL, "bgezall", RS_BR),
    T(SYNCI, "synci", RT_MEM), /* operand is only the address; see format_synci */

    T(MADD, "madd", RS_RT),
    T(MADDU, "maddu", RS_RT),
    T(MUL, "mul", RD_RS_RT),
    T(MSUB, "msub", RS_RT),
    T(MSUBU, "msubu", RS_RT),
    T(CLZ, "clz", RD_RS),
    T(CLO, "clo", RD_RS),
    T(SDBBP, "sdbbp", CODE20),

    T(EXT, "ext", EXT),
    T(INS, "ins", INS),
    T(WSBH, "wsbh", RD_RT),
    T(SEB, "seb", RD_RT),
    T(SEH, "seh", RD_RT),
    T(RDHWR, "rdhwr", RDHWR),

    T(MFC0, "mfc0", CP0),
    T(MTC0, "mtc0", CP0),
    T(RDPGPR, "rdpgpr", RD_RT),
    T(WRPGPR, "wrpgpr", RD_RT),
    T(DI, "di", DIEI),
    T(EI, "ei", DIEI),
    T(TLBR, "tlbr", NONE),
    T(TLBWI, "tlbwi", NONE),
    T(TLBWR, "tlbwr", NONE),
    T(TLBP, "tlbp", NONE),
    T(ERET, "eret", NONE),
    T(DERET, "deret", NONE),
    T(WAIT, "wait", NONE),

    T(MFC1, "mfc1", RT_FS),
    T(CFC1, "cfc1", RT_FCR),
    T(MFHC1, "mfhc1", RT_FS),
    T(MTC1, "mtc1", RT_FS),
    T(CTC1, "ctc1", RT_FCR),
    T(MTHC1, "mthc1", RT_FS),
    T(BC1F, "bc1f", BC1),
    T(BC1T, "bc1t", BC1),
    T(BC1FL, "bc1fl", BC1),
    T(BC1TL, "bc1tl", BC1),

    TF(FADD, "add", FD_FS_FT),
    TF(FSUB, "sub", FD_FS_FT),
    TF(FMUL, "mul", FD_FS_FT),
    TF(FDIV, "div", FD_FS_FT),
    TF(FSQRT, "sqrt", FD_FS),
    TF(FABS, "abs", FD_FS),
    TF(FMOV, "mov", FD_FS),
    TF(FNEG, "neg", FD_FS),
    TF(ROUND_L, "round.l", FD_FS),
    TF(TRUNC_L, "trunc.l", FD_FS),
    TF(CEIL_L, "ceil.l", FD_FS),
    TF(FLOOR_L, "floor.l", FD_FS),
    TF(ROUND_W, "round.w", FD_FS),
    TF(TRUNC_W, "trunc.w", FD_FS),
    TF(CEIL_W, "ceil.w", FD_FS),
    TF(FLOOR_W, "floor.w", FD_FS),
    TF(FMOVF, "movf", FD_FS_CC),
    TF(FMOVT, "movt", FD_FS_CC),
    TF(FMOVZ, "movz", FD_FS_RT),
    TF(FMOVN, "movn", FD_FS_RT),
    TF(RECIP, "recip", FD_FS),
    TF(RSQRT, "rsqrt", FD_FS),
    TF(CVT_S, "cvt.s", FD_FS),
    TF(CVT_D, "cvt.d", FD_FS),
    TF(CVT_W, "cvt.w", FD_FS),
    TF(CVT_L, "cvt.l", FD_FS),
    T(FCMP, "c", FCMP), /* "c.cond.fmt" is built by format_fcmp */

    T(LWXC1, "lwxc1", FD_XMEM),
    T(LDXC1, "ldxc1", FD_XMEM),
    T(LUXC1, "luxc1", FD_XMEM),
    T(SWXC1, "swxc1", FS_XMEM),
    T(SDXC1, "sdxc1", FS_XMEM),
    T(SUXC1, "suxc1", FS_XMEM),
    T(PREFX, "prefx", PREFX),
    TF(FMADD, "madd", FMADD),
    TF(FMSUB, "msub", FMADD),
    TF(FNMADD, "nmadd", FMADD),
    TF(FNMSUB, "nmsub", FMADD),

    T(COP2, "cop2", COP2),
};

/* GPR names as Capstone (and the o32 ABI) spell them. */
static const char *const gpr_name[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
    "t3",   "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
    "s6",   "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
};

/* C.cond.fmt predicates by the cond field (Vol. II, C.cond.fmt table). */
static const char *const fcmp_name[16] = {
    "f",  "un",   "eq",  "ueq", "olt", "ult", "ole", "ule",
    "sf", "ngle", "seq", "ngl", "lt",  "nge", "le",  "ngt",
};

const char *mips_op_name(enum mips_op op)
{
    if ((unsigned)op >= MIPS_OP_COUNT || !op_text[op].name) return "reserved";
    return op_text[op].name;
}

/* A bounded appender: keeps the snprintf contract (total length wanted). */
struct out {
    char *buf;
    unsigned size;
    unsigned len;
};

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    unsigned room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0) o->len += (unsigned)n;
}

/* Capstone's printImm: decimal up to 9 in magnitude, hex above, sign in front. */
static void put_imm(struct out *o, int64_t v)
{
    if (v >= 0)
        put(o, v > 9 ? "0x%" PRIx64 : "%" PRId64, v);
    else
        put(o, v < -9 ? "-0x%" PRIx64 : "-%" PRId64, -v);
}

static void put_gpr(struct out *o, unsigned r)
{
    put(o, "$%s", gpr_name[r & 31]);
}

static const char *fmt_suffix(unsigned fmt)
{
    switch (fmt) {
    case FMT_S:
        return "s";
    case FMT_D:
        return "d";
    case FMT_W:
        return "w";
    case FMT_L:
        return "l";
    case FMT_PS:
        return "ps";
    default:
        return "?";
    }
}

/* Capstone leaves a zero offset out: "lw $t0, ($sp)". */
static void put_mem(struct out *o, int32_t off, unsigned base)
{
    if (off) put_imm(o, off);
    put(o, "(");
    put_gpr(o, base);
    put(o, ")");
}

/* The absolute target of a PC-relative branch: delay-slot address + offset. */
static uint32_t branch_target(const struct mips_insn *in, uint32_t pc)
{
    return pc + 4 + (uint32_t)in->target;
}

/* J/JAL: the 256 MB region of the delay slot (Vol. II, J). */
static uint32_t jump_target(const struct mips_insn *in, uint32_t pc)
{
    return ((pc + 4) & 0xf0000000u) | (uint32_t)in->target;
}

/* SLL $zero, $zero, 0/1/3 are NOP, SSNOP and EHB in Release 2 (Vol. II). */
static void format_sll(struct out *o, const struct mips_insn *in)
{
    static const char *const named[4] = {"nop", "ssnop", NULL, "ehb"};
    if (in->rd == 0 && in->rt == 0 && in->sa < 4 && named[in->sa]) {
        put(o, "%s", named[in->sa]);
        return;
    }
    put(o, "sll ");
    put_gpr(o, in->rd);
    put(o, ", ");
    put_gpr(o, in->rt);
    put(o, ", ");
    put_imm(o, in->sa);
}

/* BREAK's 20-bit code is printed as the two 10-bit halves gas uses. */
static void format_break(struct out *o, const struct mips_insn *in)
{
    unsigned hi = ((uint32_t)in->imm >> 10) & 0x3ff, lo = (uint32_t)in->imm & 0x3ff;
    put(o, "break");
    if (hi || lo) {
        put(o, " ");
        put_imm(o, hi);
    }
    if (lo) {
        put(o, ", ");
        put_imm(o, lo);
    }
}

/* C.cond.fmt: the cc operand is written only when it is not 0, like BC1*. */
static void format_fcmp(struct out *o, const struct mips_insn *in)
{
    put(o, "c.%s.%s ", fcmp_name[in->cond & 15], fmt_suffix(in->fmt));
    if (in->cc) put(o, "$fcc%u, ", in->cc);
    put(o, "$f%u, $f%u", in->fs, in->ft);
}

static void format_branch(struct out *o, const struct mips_insn *in, uint32_t pc, unsigned regs)
{
    if (regs >= 1) {
        put_gpr(o, in->rs);
        put(o, ", ");
    }
    if (regs >= 2) {
        put_gpr(o, in->rt);
        put(o, ", ");
    }
    put_imm(o, branch_target(in, pc));
}

/* Layouts of the integer side (everything but the FPU and CP0/CP2). */
static bool format_integer(struct out *o, const struct mips_insn *in, uint32_t pc)
{
    switch ((enum layout)op_text[in->op].layout) {
    case L_RD_RS_RT:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rs), put(o, ", "), put_gpr(o, in->rt);
        return true;
    case L_RD_RT_RS:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rt), put(o, ", "), put_gpr(o, in->rs);
        return true;
    case L_RD_RT_SA:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rt), put(o, ", "), put_imm(o, in->sa);
        return true;
    case L_RT_RS_IMM:
        put_gpr(o, in->rt), put(o, ", "), put_gpr(o, in->rs), put(o, ", "), put_imm(o, in->imm);
        return true;
    case L_RT_LUI:
        put_gpr(o, in->rt), put(o, ", "), put_imm(o, (uint32_t)in->imm >> 16);
        return true;
    case L_RT_MEM:
        put_gpr(o, in->rt), put(o, ", "), put_mem(o, in->imm, in->rs);
        return true;
    case L_OP_MEM:
        put_imm(o, in->rt), put(o, ", "), put_mem(o, in->imm, in->rs);
        return true;
    case L_RS_RT_BR:
        format_branch(o, in, pc, 2);
        return true;
    case L_RS_BR:
        format_branch(o, in, pc, 1);
        return true;
    case L_JUMP:
        put_imm(o, jump_target(in, pc));
        return true;
    case L_RS:
        put_gpr(o, in->rs);
        return true;
    case L_RD:
        put_gpr(o, in->rd);
        return true;
    case L_RS_RT:
        put_gpr(o, in->rs), put(o, ", "), put_gpr(o, in->rt);
        return true;
    case L_TRAP:
        put_gpr(o, in->rs), put(o, ", "), put_gpr(o, in->rt);
        if (in->imm) put(o, ", "), put_imm(o, in->imm);
        return true;
    case L_RS_IMM:
        put_gpr(o, in->rs), put(o, ", "), put_imm(o, in->imm);
        return true;
    case L_RD_RS:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rs);
        return true;
    case L_RD_RT:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rt);
        return true;
    case L_MOVCI:
        put_gpr(o, in->rd), put(o, ", "), put_gpr(o, in->rs), put(o, ", $fcc%u", in->cc);
        return true;
    default:
        return false;
    }
}

/* EXT/INS print (pos, size) as the assembler takes them: EXT size = msbd + 1,
 * INS size = msb - lsb + 1 (can be <= 0 for encodings QEMU rejects; printed
 * signed like Capstone). */
static bool format_bitfield(struct out *o, const struct mips_insn *in)
{
    int size;
    switch ((enum layout)op_text[in->op].layout) {
    case L_EXT:
        size = in->rd + 1;
        break;
    case L_INS:
        size = (int)in->rd - (int)in->sa + 1;
        break;
    default:
        return false;
    }
    put_gpr(o, in->rt), put(o, ", "), put_gpr(o, in->rs), put(o, ", ");
    put_imm(o, in->sa), put(o, ", "), put_imm(o, size);
    return true;
}

/* Special forms: jumps through registers, codes, CP0, coprocessor 2. */
static bool format_system(struct out *o, const struct mips_insn *in)
{
    bool hb = (in->raw >> 10) & 1; /* JR.HB / JALR.HB hint (Release 2) */
    switch ((enum layout)op_text[in->op].layout) {
    case L_JR:
        put(o, hb ? "jr.hb " : "jr "), put_gpr(o, in->rs);
        return true;
    case L_JALR:
        put(o, hb ? "jalr.hb " : "jalr ");
        if (in->rd != 31) /* "jalr rs" means rd = $ra, as gas writes it */
            put_gpr(o, in->rd), put(o, ", ");
        put_gpr(o, in->rs);
        return true;
    case L_CODE20:
        put(o, "%s", op_text[in->op].name);
        if (in->imm) put(o, " "), put_imm(o, in->imm);
        return true;
    case L_SYNC:
        put(o, "sync");
        if (in->sa) put(o, " "), put_imm(o, in->sa);
        return true;
    case L_RDHWR:
        put(o, "rdhwr "), put_gpr(o, in->rt), put(o, ", $%u", in->rd);
        return true;
    case L_CP0:
        put(o, "%s ", op_text[in->op].name), put_gpr(o, in->rt);
        put(o, ", $%u, %u", in->rd, in->sel);
        return true;
    case L_DIEI:
        put(o, "%s", op_text[in->op].name);
        if (in->rt) put(o, " "), put_gpr(o, in->rt);
        return true;
    case L_CT_MEM:
        put(o, "%s $%u, ", op_text[in->op].name, in->rt), put_mem(o, in->imm, in->rs);
        return true;
    case L_COP2:
        put(o, "cop2 0x%x", in->raw & 0x3ffffffu);
        return true;
    default:
        return false;
    }
}

/* COP1 and COP1X layouts; the mnemonic is already written. */
static bool format_fpu(struct out *o, const struct mips_insn *in, uint32_t pc)
{
    switch ((enum layout)op_text[in->op].layout) {
    case L_FT_MEM:
        put(o, "$f%u, ", in->ft), put_mem(o, in->imm, in->rs);
        return true;
    case L_RT_FS:
        put_gpr(o, in->rt), put(o, ", $f%u", in->fs);
        return true;
    case L_RT_FCR:
        put_gpr(o, in->rt), put(o, ", $%u", in->fs);
        return true;
    case L_BC1:
        if (in->cc) put(o, "$fcc%u, ", in->cc);
        put_imm(o, branch_target(in, pc));
        return true;
    case L_FD_FS_FT:
        put(o, "$f%u, $f%u, $f%u", in->fd, in->fs, in->ft);
        return true;
    case L_FD_FS:
        put(o, "$f%u, $f%u", in->fd, in->fs);
        return true;
    case L_FD_FS_CC:
        put(o, "$f%u, $f%u, $fcc%u", in->fd, in->fs, in->cc);
        return true;
    case L_FD_FS_RT:
        put(o, "$f%u, $f%u, ", in->fd, in->fs), put_gpr(o, in->rt);
        return true;
    case L_FD_XMEM:
    case L_FS_XMEM:
        put(o, "$f%u, ", op_text[in->op].layout == L_FD_XMEM ? in->fd : in->fs);
        put_gpr(o, in->rt), put(o, "("), put_gpr(o, in->rs), put(o, ")");
        return true;
    case L_PREFX:
        put_imm(o, in->rd), put(o, ", "), put_gpr(o, in->rt);
        put(o, "("), put_gpr(o, in->rs), put(o, ")");
        return true;
    case L_FMADD:
        put(o, "$f%u, $f%u, $f%u, $f%u", in->fd, in->fr, in->fs, in->ft);
        return true;
    default:
        return false;
    }
}

/* Layouts whose whole text (mnemonic too) is built by one function. */
static bool format_whole(struct out *o, const struct mips_insn *in)
{
    switch ((enum layout)op_text[in->op].layout) {
    case L_SLL:
        format_sll(o, in);
        return true;
    case L_BREAK:
        format_break(o, in);
        return true;
    case L_FCMP:
        format_fcmp(o, in);
        return true;
    case L_NONE:
        put(o, "%s", op_text[in->op].name);
        return true;
    default:
        return format_system(o, in);
    }
}

int mips_format(const struct mips_insn *in, uint32_t pc, char *buf, unsigned size)
{
    struct out o = {buf, size, 0};
    if (size) buf[0] = '\0';
    if (in->op >= MIPS_OP_COUNT || in->op == MIPS_OP_RI || !op_text[in->op].name) {
        put(&o, ".word 0x%08" PRIx32, in->raw);
        return (int)o.len;
    }
    if (in->op == MIPS_OP_SYNCI) { /* SYNCI has only the address operand */
        put(&o, "synci "), put_mem(&o, in->imm, in->rs);
        return (int)o.len;
    }
    if (format_whole(&o, in)) return (int)o.len;
    put(&o, "%s", op_text[in->op].name);
    if (op_text[in->op].suffix == SUF_FMT) put(&o, ".%s", fmt_suffix(in->fmt));
    put(&o, " ");
    if (!format_integer(&o, in, pc) && !format_bitfield(&o, in)) format_fpu(&o, in, pc);
    return (int)o.len;
}
