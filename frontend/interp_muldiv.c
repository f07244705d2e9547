/* frontend/interp_muldiv.c — the interpreter's HI/LO class: MULT/MULTU,
 * MADD/MADDU/MSUB/MSUBU, DIV/DIVU, MUL and the HI/LO moves. See
 * interp_class.h. None of these trap.
 *
 * Decisions where the manual says UNPREDICTABLE (matching QEMU's gen_muldiv,
 * which the Unicorn differential test compares against):
 * - DIV/DIVU by zero divide by 1 instead: LO = rs, HI = 0.
 * - DIV of INT_MIN by -1 gives LO = INT_MIN, HI = 0 (the same divide-by-1).
 * - MUL leaves HI and LO unchanged.
 */
#include "frontend/interp_class.h"

static int64_t product_signed(const struct cpu *cpu, const struct mips_insn *in)
{
    return (int64_t)(int32_t)cpu->gpr[in->rs] * (int32_t)cpu->gpr[in->rt];
}

static uint64_t product_unsigned(const struct cpu *cpu, const struct mips_insn *in)
{
    return (uint64_t)cpu->gpr[in->rs] * cpu->gpr[in->rt];
}

static uint64_t hilo(const struct cpu *cpu)
{
    return (uint64_t)cpu->hi << 32 | cpu->lo;
}

static void set_hilo(struct cpu *cpu, uint64_t value)
{
    cpu->hi = (uint32_t)(value >> 32);
    cpu->lo = (uint32_t)value;
}

static void op_mult(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, (uint64_t)product_signed(cpu, in));
}

static void op_multu(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, product_unsigned(cpu, in));
}

/* The accumulating forms work modulo 2^64 (Vol. II MADD: the sum wraps). */
static void op_madd(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, hilo(cpu) + (uint64_t)product_signed(cpu, in));
}

static void op_maddu(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, hilo(cpu) + product_unsigned(cpu, in));
}

static void op_msub(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, hilo(cpu) - (uint64_t)product_signed(cpu, in));
}

static void op_msubu(struct cpu *cpu, const struct mips_insn *in)
{
    set_hilo(cpu, hilo(cpu) - product_unsigned(cpu, in));
}

static void op_mul(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, (uint32_t)product_signed(cpu, in));
}

static void op_div(struct cpu *cpu, const struct mips_insn *in)
{
    int32_t n = (int32_t)cpu->gpr[in->rs], d = (int32_t)cpu->gpr[in->rt];
    if (d == 0 || (n == INT32_MIN && d == -1))
        d = 1;
    cpu->lo = (uint32_t)(n / d);
    cpu->hi = (uint32_t)(n % d);
}

static void op_divu(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t n = cpu->gpr[in->rs], d = cpu->gpr[in->rt];
    if (d == 0)
        d = 1;
    cpu->lo = n / d;
    cpu->hi = n % d;
}

static void op_mfhi(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, cpu->hi);
}

static void op_mflo(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, cpu->lo);
}

static void op_mthi(struct cpu *cpu, const struct mips_insn *in)
{
    cpu->hi = cpu->gpr[in->rs];
}

static void op_mtlo(struct cpu *cpu, const struct mips_insn *in)
{
    cpu->lo = cpu->gpr[in->rs];
}

static void (*const muldiv_ops[MIPS_OP_COUNT])(struct cpu *, const struct mips_insn *) = {
    [MIPS_OP_MFHI] = op_mfhi,   [MIPS_OP_MTHI] = op_mthi,   [MIPS_OP_MFLO] = op_mflo,
    [MIPS_OP_MTLO] = op_mtlo,   [MIPS_OP_MULT] = op_mult,   [MIPS_OP_MULTU] = op_multu,
    [MIPS_OP_DIV] = op_div,     [MIPS_OP_DIVU] = op_divu,   [MIPS_OP_MADD] = op_madd,
    [MIPS_OP_MADDU] = op_maddu, [MIPS_OP_MUL] = op_mul,     [MIPS_OP_MSUB] = op_msub,
    [MIPS_OP_MSUBU] = op_msubu,
};

bool interp_muldiv(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)flow;
    if (!muldiv_ops[in->op])
        return !cpu_exception(cpu, EXC_RI);
    muldiv_ops[in->op](cpu, in);
    return true;
}
