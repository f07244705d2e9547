/* frontend/interp_fpu.c — the interpreter's COP1/COP1X class: FPU loads and
 * stores, moves to and from GPRs and control registers, arithmetic,
 * conversions, conditional moves, compares and multiply-adds. The semantics
 * live in frontend/fpu*.c; this file decodes operands, checks that the format
 * and registers are legal, and commits results. See interp.h.
 *
 * Legality, as QEMU's 24Kf (target/mips/tcg/translate.c) decides it:
 * - Paired single (fmt PS) is not implemented (FIR.PS = 0): every PS
 *   instruction, and any fmt an operation does not define, raises RI.
 * - With Status.FR = 0 a 64-bit operand (D, or the D side of a conversion)
 *   naming an odd register raises RI (check_cp1_registers); LDC1/SDC1 do not
 *   check and use the pair (reg & ~1, reg | 1).
 * - L-format operations (CVT.L, ROUND/TRUNC/CEIL/FLOOR.L, CVT.S.L, CVT.D.L),
 *   LUXC1 and SUXC1 need FR = 1, else RI (check_cp1_64bitmode). RECIP.D and
 *   RSQRT.D only need even registers with FR = 0 (measured on qemu-mipsel
 *   7.2, whose older sources still demanded FR = 1).
 * - ABS, NEG, MOV and the conditional moves are not arithmetic: they only
 *   copy or flip/clear the sign bit, never raise Invalid (not even on an SNaN)
 *   and leave FCSR.Cause alone (QEMU float32_abs/chs with ABS2008 = 0).
 * - MOVZ.fmt/MOVN.fmt take their GPR from the rt field.
 */
#include <stddef.h>

#include "core/cpu.h"
#include "frontend/fpu.h"
#include "frontend/interp.h"
#include "frontend/interp_class.h"
#include "softmmu/memory.h"

/* Formats an operation accepts, as a bit mask. */
#define FM_S (1u << 0)
#define FM_D (1u << 1)
#define FM_W (1u << 2)
#define FM_L (1u << 3)
#define FM_SD (FM_S | FM_D)
#define FM_ANY 0xffu /* not a formatted operation: no fmt check */

typedef bool (*fpu_handler)(struct cpu *cpu, const struct mips_insn *in);

struct fpu_entry {
    fpu_handler run;
    uint8_t formats;
};

static bool reserved(struct cpu *cpu)
{
    return !cpu_exception(cpu, EXC_RI);
}

static unsigned format_bit(unsigned fmt)
{
    switch (fmt) {
    case FMT_S:
        return FM_S;
    case FMT_D:
        return FM_D;
    case FMT_W:
        return FM_W;
    case FMT_L:
        return FM_L;
    default:
        return 0;
    }
}

static bool is_wide(unsigned fmt)
{
    return fmt == FMT_D || fmt == FMT_L;
}

/* An operand of format fmt in register reg (W and S are 32-bit). */
static uint64_t read_fmt(const struct cpu *cpu, unsigned fmt, unsigned reg)
{
    return is_wide(fmt) ? fpu_get_d(cpu, reg) : fpu_get_s(cpu, reg);
}

static void write_fmt(struct cpu *cpu, unsigned fmt, unsigned reg, uint64_t value)
{
    if (is_wide(fmt))
        fpu_set_d(cpu, reg, value);
    else
        fpu_set_s(cpu, reg, (uint32_t)value);
}

/* RI unless the registers in regs may hold the 64-bit operands of fmt. */
static bool wide_regs_ok(struct cpu *cpu, unsigned fmt, unsigned regs)
{
    return !is_wide(fmt) || fpu_regs_ok(cpu, regs) || !cpu_exception(cpu, EXC_RI);
}

/* RI unless Status.FR = 1 (the L format and the other 64-bit-mode ops). */
static bool fr64_ok(struct cpu *cpu)
{
    return fpu_fr64(cpu) || !cpu_exception(cpu, EXC_RI);
}

/* ---- loads and stores ---- */

static uint32_t base_offset(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs] + (uint32_t)in->imm;
}

static uint32_t base_index(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs] + cpu->gpr[in->rt];
}

static bool load_word(struct cpu *cpu, uint32_t addr, unsigned reg)
{
    uint32_t v;
    if (!mem_load(cpu, addr, 4, &v)) return false;
    fpu_set_s(cpu, reg, v);
    return true;
}

static bool load_double(struct cpu *cpu, uint32_t addr, unsigned reg)
{
    uint64_t v;
    if (!mem_load64(cpu, addr, &v)) return false;
    fpu_set_d(cpu, reg, v);
    return true;
}

static bool op_lwc1(struct cpu *cpu, const struct mips_insn *in)
{
    return load_word(cpu, base_offset(cpu, in), in->ft);
}

static bool op_ldc1(struct cpu *cpu, const struct mips_insn *in)
{
    return load_double(cpu, base_offset(cpu, in), in->ft);
}

static bool op_swc1(struct cpu *cpu, const struct mips_insn *in)
{
    return mem_store(cpu, base_offset(cpu, in), 4, fpu_get_s(cpu, in->ft));
}

static bool op_sdc1(struct cpu *cpu, const struct mips_insn *in)
{
    return mem_store64(cpu, base_offset(cpu, in), fpu_get_d(cpu, in->ft));
}

static bool op_lwxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return load_word(cpu, base_index(cpu, in), in->fd);
}

static bool op_ldxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return wide_regs_ok(cpu, FMT_D, in->fd) && load_double(cpu, base_index(cpu, in), in->fd);
}

/* LUXC1/SUXC1 ignore the low three address bits (Vol. II LUXC1). */
static bool op_luxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return fr64_ok(cpu) && load_double(cpu, base_index(cpu, in) & ~7u, in->fd);
}

static bool op_swxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return mem_store(cpu, base_index(cpu, in), 4, fpu_get_s(cpu, in->fs));
}

static bool op_sdxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return wide_regs_ok(cpu, FMT_D, in->fs) &&
           mem_store64(cpu, base_index(cpu, in), fpu_get_d(cpu, in->fs));
}

static bool op_suxc1(struct cpu *cpu, const struct mips_insn *in)
{
    return fr64_ok(cpu) && mem_store64(cpu, base_index(cpu, in) & ~7u, fpu_get_d(cpu, in->fs));
}

/* PREFX is a hint; tern has no cache to warm (QEMU treats it as a NOP). */
static bool op_prefx(struct cpu *cpu, const struct mips_insn *in)
{
    (void)cpu;
    (void)in;
    return true;
}

/* ---- moves between register files ---- */

static bool op_mfc1(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, fpu_get_s(cpu, in->fs));
    return true;
}

static bool op_mtc1(struct cpu *cpu, const struct mips_insn *in)
{
    fpu_set_s(cpu, in->fs, cpu->gpr[in->rt]);
    return true;
}

static bool op_mfhc1(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, fpu_get_high(cpu, in->fs));
    return true;
}

static bool op_mthc1(struct cpu *cpu, const struct mips_insn *in)
{
    fpu_set_high(cpu, in->fs, cpu->gpr[in->rt]);
    return true;
}

static bool op_cfc1(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t v;
    if (!fpu_read_ctrl(cpu, in->fs, &v)) return reserved(cpu);
    interp_set_gpr(cpu, in->rt, v);
    return true;
}

static bool op_ctc1(struct cpu *cpu, const struct mips_insn *in)
{
    return fpu_write_ctrl(cpu, in->fs, cpu->gpr[in->rt]);
}

/* ---- arithmetic ---- */

static enum fpu_arith arith_of(unsigned op)
{
    switch (op) {
    case MIPS_OP_FADD:
        return FPU_ADD;
    case MIPS_OP_FSUB:
        return FPU_SUB;
    case MIPS_OP_FMUL:
        return FPU_MUL;
    case MIPS_OP_FDIV:
        return FPU_DIV;
    case MIPS_OP_FSQRT:
        return FPU_SQRT;
    case MIPS_OP_RECIP:
        return FPU_RECIP;
    default:
        return FPU_RSQRT;
    }
}

/* Writes an arithmetic result unless fpu_commit() trapped. */
static bool commit_result(struct cpu *cpu, unsigned fmt, unsigned fd, uint64_t r, unsigned exc)
{
    if (!fpu_commit(cpu, exc)) return false;
    write_fmt(cpu, fmt, fd, r);
    return true;
}

static bool op_farith(struct cpu *cpu, const struct mips_insn *in)
{
    enum fpu_arith op = arith_of(in->op);
    unsigned exc = 0;
    /* The unary operations ignore ft, and QEMU does not check it. */
    unsigned regs = in->fd | in->fs | (op <= FPU_DIV ? in->ft : 0);
    if (!wide_regs_ok(cpu, in->fmt, regs)) return false;
    uint64_t r;
    if (in->fmt == FMT_S)
        r = fpu_arith_s(cpu, op, fpu_get_s(cpu, in->fs), fpu_get_s(cpu, in->ft), &exc);
    else
        r = fpu_arith_d(cpu, op, fpu_get_d(cpu, in->fs), fpu_get_d(cpu, in->ft), &exc);
    return commit_result(cpu, in->fmt, in->fd, r, exc);
}

static uint64_t sign_bit(unsigned fmt)
{
    return fmt == FMT_S ? 0x80000000ull : 0x8000000000000000ull;
}

static bool op_fsign(struct cpu *cpu, const struct mips_insn *in)
{
    if (!wide_regs_ok(cpu, in->fmt, in->fd | in->fs)) return false;
    uint64_t v = read_fmt(cpu, in->fmt, in->fs);
    if (in->op == MIPS_OP_FABS)
        v &= ~sign_bit(in->fmt);
    else if (in->op == MIPS_OP_FNEG)
        v ^= sign_bit(in->fmt);
    write_fmt(cpu, in->fmt, in->fd, v);
    return true;
}

static enum fpu_madd madd_of(unsigned op)
{
    switch (op) {
    case MIPS_OP_FMADD:
        return FPU_MADD;
    case MIPS_OP_FMSUB:
        return FPU_MSUB;
    case MIPS_OP_FNMADD:
        return FPU_NMADD;
    default:
        return FPU_NMSUB;
    }
}

static bool op_fmadd(struct cpu *cpu, const struct mips_insn *in)
{
    enum fpu_madd op = madd_of(in->op);
    unsigned exc = 0;
    uint64_t r;
    if (!wide_regs_ok(cpu, in->fmt, in->fd | in->fs | in->ft | in->fr)) return false;
    if (in->fmt == FMT_S)
        r = fpu_madd_s(cpu, op, fpu_get_s(cpu, in->fs), fpu_get_s(cpu, in->ft),
                       fpu_get_s(cpu, in->fr), &exc);
    else
        r = fpu_madd_d(cpu, op, fpu_get_d(cpu, in->fs), fpu_get_d(cpu, in->ft),
                       fpu_get_d(cpu, in->fr), &exc);
    return commit_result(cpu, in->fmt, in->fd, r, exc);
}

/* ---- conversions ---- */

/* The rounding mode of a to-integer conversion: fixed for ROUND/TRUNC/CEIL/
 * FLOOR, FCSR.RM for CVT.W/CVT.L. */
static enum fpu_round rounding_of(const struct cpu *cpu, unsigned op)
{
    switch (op) {
    case MIPS_OP_ROUND_W:
    case MIPS_OP_ROUND_L:
        return FPU_RN;
    case MIPS_OP_TRUNC_W:
    case MIPS_OP_TRUNC_L:
        return FPU_RZ;
    case MIPS_OP_CEIL_W:
    case MIPS_OP_CEIL_L:
        return FPU_RP;
    case MIPS_OP_FLOOR_W:
    case MIPS_OP_FLOOR_L:
        return FPU_RM;
    default:
        return fpu_rounding(cpu);
    }
}

static bool op_to_w(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned exc = 0;
    if (!wide_regs_ok(cpu, in->fmt, in->fs)) return false;
    uint64_t v = read_fmt(cpu, in->fmt, in->fs);
    uint32_t r = fpu_to_w(in->fmt, v, rounding_of(cpu, in->op), &exc);
    return commit_result(cpu, FMT_W, in->fd, r, exc);
}

static bool op_to_l(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned exc = 0;
    if (!fr64_ok(cpu)) return false;
    uint64_t v = read_fmt(cpu, in->fmt, in->fs);
    uint64_t r = fpu_to_l(in->fmt, v, rounding_of(cpu, in->op), &exc);
    return commit_result(cpu, FMT_L, in->fd, r, exc);
}

static bool op_cvt_s(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned exc = 0;
    if (in->fmt == FMT_L ? !fr64_ok(cpu) : !wide_regs_ok(cpu, in->fmt, in->fs)) return false;
    uint32_t r = fpu_to_s(cpu, in->fmt, read_fmt(cpu, in->fmt, in->fs), &exc);
    return commit_result(cpu, FMT_S, in->fd, r, exc);
}

static bool op_cvt_d(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned exc = 0;
    if (in->fmt == FMT_L ? !fr64_ok(cpu) : !wide_regs_ok(cpu, FMT_D, in->fd)) return false;
    uint64_t r = fpu_to_d(cpu, in->fmt, read_fmt(cpu, in->fmt, in->fs), &exc);
    return commit_result(cpu, FMT_D, in->fd, r, exc);
}

/* ---- conditional moves and compares ---- */

static bool move_if(struct cpu *cpu, const struct mips_insn *in, bool cond)
{
    if (!wide_regs_ok(cpu, in->fmt, in->fd | in->fs)) return false;
    if (cond) write_fmt(cpu, in->fmt, in->fd, read_fmt(cpu, in->fmt, in->fs));
    return true;
}

static bool op_fmovcf(struct cpu *cpu, const struct mips_insn *in)
{
    return move_if(cpu, in, fpu_condition(cpu, in->cc) == (in->op == MIPS_OP_FMOVT));
}

static bool op_fmovzn(struct cpu *cpu, const struct mips_insn *in)
{
    return move_if(cpu, in, (cpu->gpr[in->rt] == 0) == (in->op == MIPS_OP_FMOVZ));
}

static bool op_fcmp(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned exc = 0;
    bool c;
    if (!wide_regs_ok(cpu, in->fmt, in->fs | in->ft)) return false;
    if (in->fmt == FMT_S)
        c = fpu_compare_s(in->cond, fpu_get_s(cpu, in->fs), fpu_get_s(cpu, in->ft), &exc);
    else
        c = fpu_compare_d(in->cond, fpu_get_d(cpu, in->fs), fpu_get_d(cpu, in->ft), &exc);
    if (!fpu_commit(cpu, exc)) return false;
    fpu_set_condition(cpu, in->cc, c);
    return true;
}

/* In the order of enum mips_op. */
static const struct fpu_entry fpu_table[MIPS_OP_COUNT] = {
    [MIPS_OP_LWC1] = {op_lwc1, FM_ANY},
    [MIPS_OP_LDC1] = {op_ldc1, FM_ANY},
    [MIPS_OP_SWC1] = {op_swc1, FM_ANY},
    [MIPS_OP_SDC1] = {op_sdc1, FM_ANY},

    [MIPS_OP_MFC1] = {op_mfc1, FM_ANY},
    [MIPS_OP_CFC1] = {op_cfc1, FM_ANY},
    [MIPS_OP_MFHC1] = {op_mfhc1, FM_ANY},
    [MIPS_OP_MTC1] = {op_mtc1, FM_ANY},
    [MIPS_OP_CTC1] = {op_ctc1, FM_ANY},
    [MIPS_OP_MTHC1] = {op_mthc1, FM_ANY},

    [MIPS_OP_FADD] = {op_farith, FM_SD},
    [MIPS_OP_FSUB] = {op_farith, FM_SD},
    [MIPS_OP_FMUL] = {op_farith, FM_SD},
    [MIPS_OP_FDIV] = {op_farith, FM_SD},
    [MIPS_OP_FSQRT] = {op_farith, FM_SD},
    [MIPS_OP_FABS] = {op_fsign, FM_SD},
    [MIPS_OP_FMOV] = {op_fsign, FM_SD},
    [MIPS_OP_FNEG] = {op_fsign, FM_SD},
    [MIPS_OP_ROUND_L] = {op_to_l, FM_SD},
    [MIPS_OP_TRUNC_L] = {op_to_l, FM_SD},
    [MIPS_OP_CEIL_L] = {op_to_l, FM_SD},
    [MIPS_OP_FLOOR_L] = {op_to_l, FM_SD},
    [MIPS_OP_ROUND_W] = {op_to_w, FM_SD},
    [MIPS_OP_TRUNC_W] = {op_to_w, FM_SD},
    [MIPS_OP_CEIL_W] = {op_to_w, FM_SD},
    [MIPS_OP_FLOOR_W] = {op_to_w, FM_SD},
    [MIPS_OP_FMOVF] = {op_fmovcf, FM_SD},
    [MIPS_OP_FMOVT] = {op_fmovcf, FM_SD},
    [MIPS_OP_FMOVZ] = {op_fmovzn, FM_SD},
    [MIPS_OP_FMOVN] = {op_fmovzn, FM_SD},
    [MIPS_OP_RECIP] = {op_farith, FM_SD},
    [MIPS_OP_RSQRT] = {op_farith, FM_SD},
    [MIPS_OP_CVT_S] = {op_cvt_s, FM_D | FM_W | FM_L},
    [MIPS_OP_CVT_D] = {op_cvt_d, FM_S | FM_W | FM_L},
    [MIPS_OP_CVT_W] = {op_to_w, FM_SD},
    [MIPS_OP_CVT_L] = {op_to_l, FM_SD},
    [MIPS_OP_FCMP] = {op_fcmp, FM_SD},

    [MIPS_OP_LWXC1] = {op_lwxc1, FM_ANY},
    [MIPS_OP_LDXC1] = {op_ldxc1, FM_ANY},
    [MIPS_OP_LUXC1] = {op_luxc1, FM_ANY},
    [MIPS_OP_SWXC1] = {op_swxc1, FM_ANY},
    [MIPS_OP_SDXC1] = {op_sdxc1, FM_ANY},
    [MIPS_OP_SUXC1] = {op_suxc1, FM_ANY},
    [MIPS_OP_PREFX] = {op_prefx, FM_ANY},
    [MIPS_OP_FMADD] = {op_fmadd, FM_SD},
    [MIPS_OP_FMSUB] = {op_fmadd, FM_SD},
    [MIPS_OP_FNMADD] = {op_fmadd, FM_SD},
    [MIPS_OP_FNMSUB] = {op_fmadd, FM_SD},
};

bool interp_fpu(struct cpu *cpu, const struct mips_insn *in)
{
    const struct fpu_entry *e = in->op < MIPS_OP_COUNT ? &fpu_table[in->op] : NULL;
    if (!e || !e->run) return reserved(cpu);
    if (e->formats != FM_ANY && !(e->formats & format_bit(in->fmt))) return reserved(cpu);
    return e->run(cpu, in);
}
