/* frontend/lift_fpu.c — lifts the COP1/COP1X class (interp_fpu.c is the
 * definition): FPU loads and stores become IR_LOAD/IR_STORE, moves between
 * register files and ABS/NEG/MOV and the conditional moves become IR moves
 * and selects, and the IEEE operations (arithmetic, multiply-add,
 * conversions, compares) become calls of lift_helper.c's FPU helpers, which
 * take pre-decoded operands and call frontend/fpu*.c directly.
 *
 * Status.CU1 and Status.FR are block mode flags (core/jit.c), so they are
 * read here at lift time: CU1 = 0 lifts every COP1/COP1X op as a CpU raise;
 * FR picks the register layout (core/cpu.h), and every RI the interpreter
 * decides from FR, fmt or register numbers is decided here too — such an
 * instruction goes through the interpreter helper, which raises it.
 * CFC1/CTC1 (rare, and CTC1 may trap) go through the interpreter as well.
 *
 * ADD/SUB/MUL/DIV/SQRT, the multiply-adds, C.cond, CVT.S/CVT.D from S, D or W
 * and TRUNC.W also describe their operation on the helper call (ir.h struct
 * ir_fp_inline), so the backend can run it inline and call the helper only
 * when that would not be exact (translator/x86/backend_fpu.c).
 *
 * FPU state in the IR: FPRs are globals in three views (low word, high word,
 * whole 64 bits) and FCSR in two (I32, and an I64 over FCSR and FIR). The
 * views are always declared together, so they overlap and the optimiser and
 * the backend treat them as write-through memory (opt_mark_aliased, the
 * backend's uncached globals): an FPU helper can read and write cpu->fpr and
 * cpu->fcsr without the IR caching them, and the helpers are flagged only
 * CAN_RAISE, so cached GPRs survive them. The views assume a little-endian
 * host (the low word of fpr[i] at its offset), as the x86-64 backend is.
 */
#include <stddef.h>

#include "frontend/fpu.h"
#include "frontend/lift_class.h"

typedef bool (*fpu_lifter)(struct lift_ctx *c, const struct mips_insn *in);

/* ---- FPU state as globals ---- */

#define NAMES(p, s)                                                                                \
    {                                                                                              \
        p "0" s, p "1" s, p "2" s, p "3" s, p "4" s, p "5" s, p "6" s, p "7" s, p "8" s, p "9" s,  \
            p "10" s, p "11" s, p "12" s, p "13" s, p "14" s, p "15" s, p "16" s, p "17" s,        \
            p "18" s, p "19" s, p "20" s, p "21" s, p "22" s, p "23" s, p "24" s, p "25" s,        \
            p "26" s, p "27" s, p "28" s, p "29" s, p "30" s, p "31" s                             \
    }

static const char *const name_lo[32] = NAMES("f", "");
static const char *const name_hi[32] = NAMES("f", ".hi");
static const char *const name_64[32] = NAMES("f", ".d");

static unsigned fpr_offset(unsigned r)
{
    return (unsigned)offsetof(struct cpu, fpr) + 8u * (r & 31);
}

/* The 64-bit view of fpr[r]. Every FPR global is declared with its 64-bit
 * view and its low-word view together, so each overlaps another. */
static ir_val_t fpr64(struct lift_ctx *c, unsigned r)
{
    ir_global(c->b, IR_I32, fpr_offset(r), name_lo[r & 31]);
    return ir_global(c->b, IR_I64, fpr_offset(r), name_64[r & 31]);
}

/* Bits 31..0 of fpr[r] (a single, a word, or half of a FR = 0 double). */
static ir_val_t fpr_lo(struct lift_ctx *c, unsigned r)
{
    fpr64(c, r);
    return ir_global(c->b, IR_I32, fpr_offset(r), name_lo[r & 31]);
}

/* Bits 63..32 of fpr[r] (FR = 1 only). */
static ir_val_t fpr_hi(struct lift_ctx *c, unsigned r)
{
    fpr64(c, r);
    return ir_global(c->b, IR_I32, fpr_offset(r) + 4, name_hi[r & 31]);
}

/* FCSR (I32), declared with an I64 view over FCSR and FIR so that it is
 * never cached across the helpers that write it (compares, arithmetic). */
static ir_val_t fcsr(struct lift_ctx *c)
{
    ir_global(c->b, IR_I64, offsetof(struct cpu, fcsr), "fcsr.fir");
    return ir_global(c->b, IR_I32, offsetof(struct cpu, fcsr), "fcsr");
}

static bool fr64(const struct lift_ctx *c)
{
    return (c->cpu->cp0[CP0_STATUS][0] & ST_FR) != 0;
}

/* The double / long in reg as fpu_get_d reads it. */
static ir_val_t get_d(struct lift_ctx *c, unsigned reg)
{
    struct ir_block *b = c->b;
    if (fr64(c)) return fpr64(c, reg);
    ir_val_t hi = ir_binop(b, IR_SHL, ir_unop(b, IR_ZEXT, fpr_lo(c, reg | 1)), ir_const64(b, 32));
    return ir_binop(b, IR_OR, hi, ir_unop(b, IR_ZEXT, fpr_lo(c, reg & ~1u)));
}

/* Writes a double / long as fpu_set_d does. */
static void set_d(struct lift_ctx *c, unsigned reg, ir_val_t v)
{
    struct ir_block *b = c->b;
    if (fr64(c)) {
        ir_set(b, fpr64(c, reg), v);
        return;
    }
    ir_val_t hi = ir_unop(b, IR_TRUNC, ir_binop(b, IR_SHR, v, ir_const64(b, 32)));
    ir_set(b, fpr_lo(c, reg & ~1u), ir_unop(b, IR_TRUNC, v));
    ir_set(b, fpr_lo(c, reg | 1), hi);
}

static bool is_wide(unsigned fmt)
{
    return fmt == FMT_D || fmt == FMT_L;
}

/* interp_fpu.c's wide_regs_ok at lift time: false where it raises RI. */
static bool regs_ok(const struct lift_ctx *c, unsigned fmt, unsigned regs)
{
    return !is_wide(fmt) || fr64(c) || !(regs & 1);
}

static bool is_sd(unsigned fmt)
{
    return fmt == FMT_S || fmt == FMT_D;
}

/* ---- loads and stores ---- */

static ir_val_t base_index(struct lift_ctx *c, const struct mips_insn *in)
{
    return ir_binop(c->b, IR_ADD, lift_gpr(c, in->rs), lift_gpr(c, in->rt));
}

/* A faulting load writes no register: the set comes after the load. */
static void load_to(struct lift_ctx *c, ir_val_t addr, int32_t off, unsigned reg, bool wide)
{
    unsigned flags = (wide ? 8u : 4u) | c->mem_order;
    ir_val_t v = ir_load(c->b, addr, off, flags, c->pc, c->pc_flags, c->icount);
    if (wide)
        set_d(c, reg, v);
    else
        ir_set(c->b, fpr_lo(c, reg), v);
}

static void store_from(struct lift_ctx *c, ir_val_t addr, int32_t off, unsigned reg, bool wide)
{
    ir_val_t v = wide ? get_d(c, reg) : fpr_lo(c, reg);
    ir_store(c->b, addr, off, v, (wide ? 8u : 4u) | c->mem_order, c->pc, c->pc_flags, c->icount);
}

/* LWC1/LDC1/SWC1/SDC1: base + offset; LDC1/SDC1 take the pair with FR = 0
 * whatever the register (no RI, QEMU). The 8-byte access faults on an address
 * that is not 8-aligned, as mem_load64/mem_store64. */
static bool lift_mem_offset(struct lift_ctx *c, const struct mips_insn *in)
{
    bool wide = in->op == MIPS_OP_LDC1 || in->op == MIPS_OP_SDC1;
    ir_val_t base = lift_gpr(c, in->rs);
    if (in->op == MIPS_OP_LWC1 || in->op == MIPS_OP_LDC1)
        load_to(c, base, in->imm, in->ft, wide);
    else
        store_from(c, base, in->imm, in->ft, wide);
    return true;
}

/* LWXC1/LDXC1/LUXC1 (fd) and SWXC1/SDXC1/SUXC1 (fs): base + index. */
static bool lift_mem_indexed(struct lift_ctx *c, const struct mips_insn *in)
{
    bool load = in->op == MIPS_OP_LWXC1 || in->op == MIPS_OP_LDXC1 || in->op == MIPS_OP_LUXC1;
    bool unaligned = in->op == MIPS_OP_LUXC1 || in->op == MIPS_OP_SUXC1;
    bool wide = in->op != MIPS_OP_LWXC1 && in->op != MIPS_OP_SWXC1;
    unsigned reg = load ? in->fd : in->fs;
    if (unaligned ? !fr64(c) : (wide && !regs_ok(c, FMT_D, reg))) return false;
    ir_val_t addr = base_index(c, in);
    /* LUXC1/SUXC1 ignore the low three address bits (Vol. II LUXC1). */
    if (unaligned) addr = ir_binop(c->b, IR_AND, addr, lift_k(c, ~7u));
    if (load)
        load_to(c, addr, 0, reg, wide);
    else
        store_from(c, addr, 0, reg, wide);
    return true;
}

/* PREFX is a hint (interp_fpu.c): nothing once CU1 is checked. */
static bool lift_prefx(struct lift_ctx *c, const struct mips_insn *in)
{
    (void)c;
    (void)in;
    return true;
}

/* ---- moves between register files ---- */

static bool lift_move(struct lift_ctx *c, const struct mips_insn *in)
{
    /* MFHC1/MTHC1 with FR = 0 use bits 31..0 of fs | 1 (fpu_get_high). */
    bool high = in->op == MIPS_OP_MFHC1 || in->op == MIPS_OP_MTHC1;
    ir_val_t f = !high ? fpr_lo(c, in->fs) : fr64(c) ? fpr_hi(c, in->fs) : fpr_lo(c, in->fs | 1);
    if (in->op == MIPS_OP_MFC1 || in->op == MIPS_OP_MFHC1)
        lift_set_gpr(c, in->rt, ir_unop(c->b, IR_MOV, f));
    else
        ir_set(c->b, f, lift_gpr(c, in->rt));
    return true;
}

/* ---- ABS, NEG, MOV and the conditional moves: copies, no FCSR effect ---- */

/* src with op (IR_AND: clear, IR_XOR: flip, IR_NOP: keep) on its sign bit. */
static ir_val_t with_sign(struct lift_ctx *c, enum ir_opcode op, ir_val_t src, bool is64)
{
    struct ir_block *b = c->b;
    if (op == IR_NOP) return ir_unop(b, IR_MOV, src);
    uint64_t sign = is64 ? 1ull << 63 : 1ull << 31;
    uint64_t k = op == IR_AND ? ~sign : sign;
    return ir_binop(b, op, src, is64 ? ir_const64(b, k) : lift_k(c, (uint32_t)k));
}

/* dst = v, or dst = cond ? v : dst when cond is not IR_NONE. */
static void put(struct lift_ctx *c, ir_val_t dst, ir_val_t v, ir_val_t cond)
{
    if (cond != IR_NONE) v = ir_select(c->b, cond, v, dst);
    ir_set(c->b, dst, v);
}

/* fd = fs with op on the sign bit, as write_fmt(read_fmt()) in interp_fpu.c;
 * for D with FR = 0 the sign is in the odd (high) word, and fd and fs are
 * both even (checked), so the pairs are the same or disjoint. */
static void copy_fmt(struct lift_ctx *c, const struct mips_insn *in, enum ir_opcode op,
                     ir_val_t cond)
{
    if (in->fmt == FMT_D && fr64(c)) {
        put(c, fpr64(c, in->fd), with_sign(c, op, fpr64(c, in->fs), true), cond);
    } else if (in->fmt == FMT_S) {
        put(c, fpr_lo(c, in->fd), with_sign(c, op, fpr_lo(c, in->fs), false), cond);
    } else {
        ir_val_t lo = with_sign(c, IR_NOP, fpr_lo(c, in->fs), false);
        ir_val_t hi = with_sign(c, op, fpr_lo(c, in->fs | 1), false);
        put(c, fpr_lo(c, in->fd), lo, cond);
        put(c, fpr_lo(c, in->fd | 1), hi, cond);
    }
}

static bool lift_sign(struct lift_ctx *c, const struct mips_insn *in)
{
    if (!is_sd(in->fmt) || !regs_ok(c, in->fmt, in->fd | in->fs)) return false;
    enum ir_opcode op = in->op == MIPS_OP_FABS ? IR_AND : in->op == MIPS_OP_FNEG ? IR_XOR : IR_NOP;
    copy_fmt(c, in, op, IR_NONE);
    return true;
}

/* MOVF/MOVT.fmt on condition code cc; MOVZ/MOVN.fmt on GPR rt. */
static bool lift_cmove(struct lift_ctx *c, const struct mips_insn *in)
{
    if (!is_sd(in->fmt) || !regs_ok(c, in->fmt, in->fd | in->fs)) return false;
    struct ir_block *b = c->b;
    ir_val_t cond;
    if (in->op == MIPS_OP_FMOVF || in->op == MIPS_OP_FMOVT) {
        ir_val_t bit = ir_extract(b, fcsr(c), in->cc ? 24 + in->cc : 23, 1);
        cond = in->op == MIPS_OP_FMOVT ? bit : ir_setcond(b, IR_EQ, bit, lift_k(c, 0));
    } else {
        enum ir_cond k = in->op == MIPS_OP_FMOVZ ? IR_EQ : IR_NE;
        cond = ir_setcond(b, k, lift_gpr(c, in->rt), lift_k(c, 0));
    }
    copy_fmt(c, in, IR_NOP, cond);
    return true;
}

/* ---- IEEE operations through the FPU helpers ---- */

static void call_helper(struct lift_ctx *c, const struct ir_helper *h, const struct mips_insn *in,
                        uint32_t b, uint32_t k)
{
    /* The helper writes FCSR: keep it uncached in this block (FPR globals
     * are uncached already, see above). */
    fcsr(c);
    ir_call(c->b, h, -1, lift_k(c, lift_fpu_pack(in)), lift_k(c, b), lift_k(c, k), c->pc,
            c->pc_flags, c->icount);
}

/* Describes the helper call just appended to the backend as the IEEE
 * operation kind on (fs, ft, fr) into fd (ir.h struct ir_fp_inline): FPRs are
 * 8-byte slots, FCSR is laid out as IR_FP_STATUS_*, and with FR = 0 a double
 * is the (even, odd) pair of core/cpu.h. The helper stays the definition. */
static void describe_inline(struct lift_ctx *c, const struct mips_insn *in, enum ir_fp_kind kind)
{
    size_t file = offsetof(struct cpu, fpr), status = offsetof(struct cpu, fcsr);
    if (file + 8 * 32 > 0xffff || status > 0xffff) return;
    struct ir_fp_inline d = {.kind = (uint8_t)kind,
                             .f64 = in->fmt == FMT_D,
                             .split = !fr64(c),
                             .dst = (uint8_t)in->fd,
                             .src1 = (uint8_t)in->fs,
                             .src2 = (uint8_t)in->ft,
                             .src3 = (uint8_t)in->fr,
                             .file = (uint16_t)file,
                             .status = (uint16_t)status};
    if (kind == IR_FP_CMP) {
        d.dst = (uint8_t)in->cc;
        d.cond = (uint8_t)in->cond;
    }
    d.from_int = in->fmt == FMT_W;
    ir_call_set_fp(c->b, d);
}

/* The inline form of a conversion: CVT.S and CVT.D from S, D or W, and
 * TRUNC.W (the to-integer cast of C); IR_FP_NONE for the others. */
static enum ir_fp_kind convert_kind(const struct mips_insn *in)
{
    if (in->op == MIPS_OP_CVT_S && (in->fmt == FMT_D || in->fmt == FMT_W)) return IR_FP_CVT_S;
    if (in->op == MIPS_OP_CVT_D && (in->fmt == FMT_S || in->fmt == FMT_W)) return IR_FP_CVT_D;
    if (in->op == MIPS_OP_TRUNC_W && is_sd(in->fmt)) return IR_FP_TRUNC_W;
    return IR_FP_NONE;
}

static enum fpu_arith arith_of(unsigned op)
{
    static const uint8_t ops[MIPS_OP_COUNT] = {
        [MIPS_OP_FADD] = FPU_ADD,    [MIPS_OP_FSUB] = FPU_SUB,   [MIPS_OP_FMUL] = FPU_MUL,
        [MIPS_OP_FDIV] = FPU_DIV,    [MIPS_OP_FSQRT] = FPU_SQRT, [MIPS_OP_RECIP] = FPU_RECIP,
        [MIPS_OP_RSQRT] = FPU_RSQRT,
    };
    return (enum fpu_arith)ops[op];
}

static bool lift_arith(struct lift_ctx *c, const struct mips_insn *in)
{
    enum fpu_arith op = arith_of(in->op);
    /* The unary operations ignore ft, and QEMU does not check it. */
    unsigned regs = in->fd | in->fs | (op <= FPU_DIV ? in->ft : 0);
    if (!is_sd(in->fmt) || !regs_ok(c, in->fmt, regs)) return false;
    call_helper(c, &lift_helper_fpu_arith, in, op, 0);
    static const uint8_t kinds[] = {[FPU_ADD] = IR_FP_ADD,
                                    [FPU_SUB] = IR_FP_SUB,
                                    [FPU_MUL] = IR_FP_MUL,
                                    [FPU_DIV] = IR_FP_DIV,
                                    [FPU_SQRT] = IR_FP_SQRT};
    if (op <= FPU_SQRT) describe_inline(c, in, (enum ir_fp_kind)kinds[op]);
    return true;
}

static bool lift_madd(struct lift_ctx *c, const struct mips_insn *in)
{
    static const uint8_t ops[] = {FPU_MADD, FPU_MSUB, FPU_NMADD, FPU_NMSUB};
    if (!is_sd(in->fmt) || !regs_ok(c, in->fmt, in->fd | in->fs | in->ft | in->fr)) return false;
    call_helper(c, &lift_helper_fpu_madd, in, ops[in->op - MIPS_OP_FMADD], 0);
    static const uint8_t kinds[] = {IR_FP_MADD, IR_FP_MSUB, IR_FP_NMADD, IR_FP_NMSUB};
    describe_inline(c, in, (enum ir_fp_kind)kinds[in->op - MIPS_OP_FMADD]);
    return true;
}

/* The rounding mode of a to-integer conversion (LIFT_FPU_RM_FCSR: FCSR.RM). */
static unsigned rounding_of(unsigned op)
{
    static const uint8_t rm[MIPS_OP_COUNT] = {
        [MIPS_OP_ROUND_L] = FPU_RN + 1, [MIPS_OP_ROUND_W] = FPU_RN + 1,
        [MIPS_OP_TRUNC_L] = FPU_RZ + 1, [MIPS_OP_TRUNC_W] = FPU_RZ + 1,
        [MIPS_OP_CEIL_L] = FPU_RP + 1,  [MIPS_OP_CEIL_W] = FPU_RP + 1,
        [MIPS_OP_FLOOR_L] = FPU_RM + 1, [MIPS_OP_FLOOR_W] = FPU_RM + 1,
    };
    return rm[op] ? rm[op] - 1u : LIFT_FPU_RM_FCSR;
}

/* Legality as interp_fpu.c's op_to_w / op_to_l / op_cvt_s / op_cvt_d. */
static bool convert_ok(const struct lift_ctx *c, const struct mips_insn *in, unsigned kind)
{
    switch (kind) {
    case LIFT_FPU_TO_W:
        return is_sd(in->fmt) && regs_ok(c, in->fmt, in->fs);
    case LIFT_FPU_TO_L:
        return is_sd(in->fmt) && fr64(c);
    case LIFT_FPU_TO_S:
        if (in->fmt == FMT_L) return fr64(c);
        return (in->fmt == FMT_D || in->fmt == FMT_W) && regs_ok(c, in->fmt, in->fs);
    default:
        if (in->fmt == FMT_L) return fr64(c);
        return (in->fmt == FMT_S || in->fmt == FMT_W) && regs_ok(c, FMT_D, in->fd);
    }
}

static bool lift_convert(struct lift_ctx *c, const struct mips_insn *in)
{
    unsigned kind;
    if (in->op == MIPS_OP_CVT_S)
        kind = LIFT_FPU_TO_S;
    else if (in->op == MIPS_OP_CVT_D)
        kind = LIFT_FPU_TO_D;
    else if (in->op == MIPS_OP_CVT_L || (in->op >= MIPS_OP_ROUND_L && in->op <= MIPS_OP_FLOOR_L))
        kind = LIFT_FPU_TO_L;
    else
        kind = LIFT_FPU_TO_W;
    if (!convert_ok(c, in, kind)) return false;
    call_helper(c, &lift_helper_fpu_convert, in, kind, rounding_of(in->op));
    if (convert_kind(in) != IR_FP_NONE) describe_inline(c, in, convert_kind(in));
    return true;
}

static bool lift_compare(struct lift_ctx *c, const struct mips_insn *in)
{
    if (!is_sd(in->fmt) || !regs_ok(c, in->fmt, in->fs | in->ft)) return false;
    call_helper(c, &lift_helper_fpu_compare, in, in->cond, in->cc);
    describe_inline(c, in, IR_FP_CMP);
    return true;
}

/* ---- dispatch ---- */

/* clang-format off */
static const fpu_lifter lifters[MIPS_OP_COUNT] = {
    [MIPS_OP_LWC1] = lift_mem_offset,  [MIPS_OP_LDC1] = lift_mem_offset,
    [MIPS_OP_SWC1] = lift_mem_offset,  [MIPS_OP_SDC1] = lift_mem_offset,
    [MIPS_OP_MFC1] = lift_move,        [MIPS_OP_MFHC1] = lift_move,
    [MIPS_OP_MTC1] = lift_move,        [MIPS_OP_MTHC1] = lift_move,

    [MIPS_OP_FADD] = lift_arith,       [MIPS_OP_FSUB] = lift_arith,
    [MIPS_OP_FMUL] = lift_arith,       [MIPS_OP_FDIV] = lift_arith,
    [MIPS_OP_FSQRT] = lift_arith,      [MIPS_OP_FABS] = lift_sign,
    [MIPS_OP_FMOV] = lift_sign,        [MIPS_OP_FNEG] = lift_sign,
    [MIPS_OP_ROUND_L] = lift_convert,  [MIPS_OP_TRUNC_L] = lift_convert,
    [MIPS_OP_CEIL_L] = lift_convert,   [MIPS_OP_FLOOR_L] = lift_convert,
    [MIPS_OP_ROUND_W] = lift_convert,  [MIPS_OP_TRUNC_W] = lift_convert,
    [MIPS_OP_CEIL_W] = lift_convert,   [MIPS_OP_FLOOR_W] = lift_convert,
    [MIPS_OP_FMOVF] = lift_cmove,      [MIPS_OP_FMOVT] = lift_cmove,
    [MIPS_OP_FMOVZ] = lift_cmove,      [MIPS_OP_FMOVN] = lift_cmove,
    [MIPS_OP_RECIP] = lift_arith,      [MIPS_OP_RSQRT] = lift_arith,
    [MIPS_OP_CVT_S] = lift_convert,    [MIPS_OP_CVT_D] = lift_convert,
    [MIPS_OP_CVT_W] = lift_convert,    [MIPS_OP_CVT_L] = lift_convert,
    [MIPS_OP_FCMP] = lift_compare,

    [MIPS_OP_LWXC1] = lift_mem_indexed, [MIPS_OP_LDXC1] = lift_mem_indexed,
    [MIPS_OP_LUXC1] = lift_mem_indexed, [MIPS_OP_SWXC1] = lift_mem_indexed,
    [MIPS_OP_SDXC1] = lift_mem_indexed, [MIPS_OP_SUXC1] = lift_mem_indexed,
    [MIPS_OP_PREFX] = lift_prefx,
    [MIPS_OP_FMADD] = lift_madd,       [MIPS_OP_FMSUB] = lift_madd,
    [MIPS_OP_FNMADD] = lift_madd,      [MIPS_OP_FNMSUB] = lift_madd,
};
/* clang-format on */

bool lift_fpu(struct lift_ctx *c, const struct mips_insn *in)
{
    fpu_lifter f = lifters[in->op];
    if (!f) return false; /* CFC1, CTC1: through the interpreter */
    /* interp.c checks CU1 before anything else, RI included (Vol. III Status.CU). */
    if (!(c->cpu->cp0[CP0_STATUS][0] & ST_CU1)) {
        ir_raise_if(c->b, lift_k(c, 1), &lift_helper_raise_cpu, 1, c->pc, c->pc_flags, c->icount);
        return true;
    }
    return f(c, in);
}
