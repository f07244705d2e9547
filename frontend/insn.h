/* frontend/insn.h — one decoded MIPS32R2 instruction (struct mips_insn) and the
 * list of operations the decoder can produce (enum mips_op).
 *
 * Every engine (interpreter, lifter, disassembly, gdb stub) works from this one
 * decoded form; nothing else looks at raw instruction bits. The enum follows the
 * opcode maps of the MIPS32 manual, Volume II, Appendix A, table by table.
 *
 * Field conventions:
 *   rs, rt, rd, sa   the raw GPR / shift fields of the word, always filled; an
 *                    engine reads only those its operation uses.
 *   fs, ft, fd, fr   FPU register fields, filled for INSN_FPU operations
 *                    (fs = bits 15..11, ft = 20..16, fd = 10..6, fr = 25..21 for
 *                    the COP1X multiply-adds; COP1X loads/stores: base = rs,
 *                    index = rt).
 *   fmt              enum fpu_fmt for COP1 arithmetic, compares and conversions
 *                    (the *source* format for CVT.*, ROUND.* etc.).
 *   cc               FPU condition code: C.cond.fmt destination, BC1* / MOVF /
 *                    MOVT / MOVF.fmt / MOVT.fmt source.
 *   cond             C.cond.fmt predicate, 0..15 (F, UN, EQ, ... NGT).
 *   sel              CP0 select field (MFC0/MTC0).
 *   imm              the immediate as the instruction uses it: sign-extended for
 *                    ADDI/ADDIU/SLTI/SLTIU/loads/stores/trap-immediates/CACHE/PREF/
 *                    LL/SC; zero-extended for ANDI/ORI/XORI; already shifted
 *                    (value << 16) for LUI; the code field for SYSCALL/BREAK/
 *                    trap-register/SDBBP; the rt field (operation) for CACHE is rt.
 *   target           branches: signed byte offset from the delay-slot address
 *                    (sign_extend(offset16) << 2); J/JAL: instr_index << 2 (the
 *                    top 4 bits come from the delay-slot PC at execution).
 *   EXT/INS          sa = lsb (pos), rd = msbd (EXT) or msb (INS), raw.
 *   RDHWR            rd = hardware register number.
 *   SYNC             sa = stype.  CACHE: rt = op.  PREF/PREFX: rt/rd = hint.
 */
#ifndef TERN_FRONTEND_INSN_H
#define TERN_FRONTEND_INSN_H

#include <stdbool.h>
#include <stdint.h>

enum mips_op {
    MIPS_OP_RI = 0, /* reserved instruction: anything the decoder does not know */

    /* Primary opcode table (bits 31..26). */
    MIPS_OP_J,
    MIPS_OP_JAL,
    MIPS_OP_BEQ,
    MIPS_OP_BNE,
    MIPS_OP_BLEZ,
    MIPS_OP_BGTZ,
    MIPS_OP_ADDI,
    MIPS_OP_ADDIU,
    MIPS_OP_SLTI,
    MIPS_OP_SLTIU,
    MIPS_OP_ANDI,
    MIPS_OP_ORI,
    MIPS_OP_XORI,
    MIPS_OP_LUI,
    MIPS_OP_BEQL,
    MIPS_OP_BNEL,
    MIPS_OP_BLEZL,
    MIPS_OP_BGTZL,
    MIPS_OP_LB,
    MIPS_OP_LH,
    MIPS_OP_LWL,
    MIPS_OP_LW,
    MIPS_OP_LBU,
    MIPS_OP_LHU,
    MIPS_OP_LWR,
    MIPS_OP_SB,
    MIPS_OP_SH,
    MIPS_OP_SWL,
    MIPS_OP_SW,
    MIPS_OP_SWR,
    MIPS_OP_CACHE,
    MIPS_OP_LL,
    MIPS_OP_LWC1,
    MIPS_OP_LWC2,
    MIPS_OP_PREF,
    MIPS_OP_LDC1,
    MIPS_OP_LDC2,
    MIPS_OP_SC,
    MIPS_OP_SWC1,
    MIPS_OP_SWC2,
    MIPS_OP_SDC1,
    MIPS_OP_SDC2,

    /* SPECIAL (opcode 0, function bits 5..0). */
    MIPS_OP_SLL, /* includes NOP, SSNOP, EHB */
    MIPS_OP_MOVF,
    MIPS_OP_MOVT,
    MIPS_OP_SRL,
    MIPS_OP_ROTR,
    MIPS_OP_SRA,
    MIPS_OP_SLLV,
    MIPS_OP_SRLV,
    MIPS_OP_ROTRV,
    MIPS_OP_SRAV,
    MIPS_OP_JR, /* includes JR.HB */
    MIPS_OP_JALR, /* includes JALR.HB */
    MIPS_OP_MOVZ,
    MIPS_OP_MOVN,
    MIPS_OP_SYSCALL,
    MIPS_OP_BREAK,
    MIPS_OP_SYNC,
    MIPS_OP_MFHI,
    MIPS_OP_MTHI,
    MIPS_OP_MFLO,
    MIPS_OP_MTLO,
    MIPS_OP_MULT,
    MIPS_OP_MULTU,
    MIPS_OP_DIV,
    MIPS_OP_DIVU,
    MIPS_OP_ADD,
    MIPS_OP_ADDU,
    MIPS_OP_SUB,
    MIPS_OP_SUBU,
    MIPS_OP_AND,
    MIPS_OP_OR,
    MIPS_OP_XOR,
    MIPS_OP_NOR,
    MIPS_OP_SLT,
    MIPS_OP_SLTU,
    MIPS_OP_TGE,
    MIPS_OP_TGEU,
    MIPS_OP_TLT,
    MIPS_OP_TLTU,
    MIPS_OP_TEQ,
    MIPS_OP_TNE,

    /* REGIMM (opcode 1, rt field). */
    MIPS_OP_BLTZ,
    MIPS_OP_BGEZ,
    MIPS_OP_BLTZL,
    MIPS_OP_BGEZL,
    MIPS_OP_TGEI,
    MIPS_OP_TGEIU,
    MIPS_OP_TLTI,
    MIPS_OP_TLTIU,
    MIPS_OP_TEQI,
    MIPS_OP_TNEI,
    MIPS_OP_BLTZAL,
    MIPS_OP_BGEZAL,
    MIPS_OP_BLTZALL,
    MIPS_OP_BGEZALL,
    MIPS_OP_SYNCI,

    /* SPECIAL2 (opcode 0x1c, function). */
    MIPS_OP_MADD,
    MIPS_OP_MADDU,
    MIPS_OP_MUL,
    MIPS_OP_MSUB,
    MIPS_OP_MSUBU,
    MIPS_OP_CLZ,
    MIPS_OP_CLO,
    MIPS_OP_SDBBP,

    /* SPECIAL3 (opcode 0x1f, function; BSHFL by sa). */
    MIPS_OP_EXT,
    MIPS_OP_INS,
    MIPS_OP_WSBH,
    MIPS_OP_SEB,
    MIPS_OP_SEH,
    MIPS_OP_RDHWR,

    /* COP0 (opcode 0x10). */
    MIPS_OP_MFC0,
    MIPS_OP_MTC0,
    MIPS_OP_RDPGPR,
    MIPS_OP_WRPGPR,
    MIPS_OP_DI,
    MIPS_OP_EI,
    MIPS_OP_TLBR,
    MIPS_OP_TLBWI,
    MIPS_OP_TLBWR,
    MIPS_OP_TLBP,
    MIPS_OP_ERET,
    MIPS_OP_DERET,
    MIPS_OP_WAIT,

    /* COP1 (opcode 0x11): moves and branches. */
    MIPS_OP_MFC1,
    MIPS_OP_CFC1,
    MIPS_OP_MFHC1,
    MIPS_OP_MTC1,
    MIPS_OP_CTC1,
    MIPS_OP_MTHC1,
    MIPS_OP_BC1F,
    MIPS_OP_BC1T,
    MIPS_OP_BC1FL,
    MIPS_OP_BC1TL,

    /* COP1 arithmetic, one op per operation; the format is in insn.fmt. */
    MIPS_OP_FADD,
    MIPS_OP_FSUB,
    MIPS_OP_FMUL,
    MIPS_OP_FDIV,
    MIPS_OP_FSQRT,
    MIPS_OP_FABS,
    MIPS_OP_FMOV,
    MIPS_OP_FNEG,
    MIPS_OP_ROUND_L,
    MIPS_OP_TRUNC_L,
    MIPS_OP_CEIL_L,
    MIPS_OP_FLOOR_L,
    MIPS_OP_ROUND_W,
    MIPS_OP_TRUNC_W,
    MIPS_OP_CEIL_W,
    MIPS_OP_FLOOR_W,
    MIPS_OP_FMOVF, /* MOVF.fmt */
    MIPS_OP_FMOVT, /* MOVT.fmt */
    MIPS_OP_FMOVZ,
    MIPS_OP_FMOVN,
    MIPS_OP_RECIP,
    MIPS_OP_RSQRT,
    MIPS_OP_CVT_S,
    MIPS_OP_CVT_D,
    MIPS_OP_CVT_W,
    MIPS_OP_CVT_L,
    MIPS_OP_FCMP, /* C.cond.fmt; predicate in insn.cond, destination in insn.cc */

    /* COP1X (opcode 0x13). */
    MIPS_OP_LWXC1,
    MIPS_OP_LDXC1,
    MIPS_OP_LUXC1,
    MIPS_OP_SWXC1,
    MIPS_OP_SDXC1,
    MIPS_OP_SUXC1,
    MIPS_OP_PREFX,
    MIPS_OP_FMADD,
    MIPS_OP_FMSUB,
    MIPS_OP_FNMADD,
    MIPS_OP_FNMSUB,

    /* COP2 (opcode 0x12): no coprocessor 2 exists; executes as CpU with CE=2. */
    MIPS_OP_COP2,

    MIPS_OP_COUNT
};

/* FPU operand formats, numbered as the COP1 fmt field (bits 25..21). */
enum fpu_fmt {
    FMT_NONE = 0,
    FMT_S = 16,
    FMT_D = 17,
    FMT_W = 20,
    FMT_L = 21,
    FMT_PS = 22,
};

/* What an instruction is, for block building and the engines. */
enum insn_flags {
    INSN_BRANCH = 1u << 0, /* has a delay slot (branch or jump) */
    INSN_LIKELY = 1u << 1, /* branch-likely: delay slot nullified when not taken */
    INSN_COND = 1u << 2, /* conditional branch */
    INSN_LINK = 1u << 3, /* writes a return address */
    INSN_INDIRECT = 1u << 4, /* target comes from a register (JR, JALR) */
    INSN_LOAD = 1u << 5,
    INSN_STORE = 1u << 6,
    INSN_FPU = 1u << 7, /* needs Status.CU1 */
    INSN_PRIV = 1u << 8, /* needs kernel mode or Status.CU0 */
    INSN_ENDS_BLOCK = 1u << 9, /* changes what later code means: ERET, MTC0, SYSCALL, ... */
    INSN_CAN_TRAP = 1u << 10, /* may raise an exception other than a memory fault */
};

struct mips_insn {
    uint32_t raw;
    uint16_t op; /* enum mips_op */
    uint16_t flags; /* enum insn_flags */
    uint8_t rs, rt, rd, sa;
    uint8_t fs, ft, fd, fr;
    uint8_t fmt; /* enum fpu_fmt */
    uint8_t cc;
    uint8_t cond;
    uint8_t sel;
    int32_t imm;
    int32_t target;
};

/* Decodes one instruction word; unknown encodings decode as MIPS_OP_RI. Never fails. */
void mips_decode(uint32_t word, struct mips_insn *out);

/* The lower-case mnemonic of an operation ("addu", "add.fmt" is "add"); never NULL. */
const char *mips_op_name(enum mips_op op);

/* Formats a decoded instruction at address pc as "mnemonic operands" in the
 * style of Capstone/objdump; returns the length written (like snprintf). */
int mips_format(const struct mips_insn *in, uint32_t pc, char *buf, unsigned size);

#endif
