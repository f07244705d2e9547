/* frontend/interp_alu.c — the interpreter's integer ALU class: immediate and
 * register arithmetic and logic, shifts and rotates, SLT*, LUI, the
 * conditional moves (MOVZ/MOVN and the FPU-condition MOVF/MOVT), CLZ/CLO and
 * the Release 2 bit-field ops (EXT, INS, WSBH, SEB, SEH). See interp_class.h.
 *
 * Decisions where the manual says UNPREDICTABLE:
 * - EXT with pos + size > 32 and INS with pos > msb raise Reserved
 *   Instruction, as QEMU's gen_bitops does.
 */
#include "frontend/fpu.h"
#include "frontend/interp_class.h"

static uint32_t rs_of(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs];
}

static uint32_t rt_of(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rt];
}

/* Overflow of a 32-bit two's-complement add: the operands agree in sign and
 * the sum does not. */
static bool add_overflows(uint32_t a, uint32_t b, uint32_t sum)
{
    return ((a ^ sum) & (b ^ sum)) >> 31;
}

static bool sub_overflows(uint32_t a, uint32_t b, uint32_t diff)
{
    return ((a ^ b) & (a ^ diff)) >> 31;
}

static uint32_t shift_right_arith(uint32_t x, unsigned s)
{
    uint32_t fill = (x >> 31) ? ~(0xffffffffu >> s) : 0;
    return (x >> s) | fill;
}

static uint32_t rotate_right(uint32_t x, unsigned s)
{
    return s ? (x >> s) | (x << (32 - s)) : x;
}

static uint32_t low_mask(unsigned bits)
{
    return bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}

static unsigned count_leading_zeros(uint32_t x)
{
    return x ? (unsigned)__builtin_clz(x) : 32;
}

static bool less_signed(uint32_t a, uint32_t b)
{
    return (int32_t)a < (int32_t)b;
}

/* ADD/ADDI/SUB raise Integer Overflow and leave the destination unchanged
 * (Vol. II ADD: "the destination register is not modified"). */
static bool op_addi(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t a = rs_of(cpu, in), b = (uint32_t)in->imm, sum = a + b;
    if (add_overflows(a, b, sum))
        return !cpu_exception(cpu, EXC_OV);
    interp_set_gpr(cpu, in->rt, sum);
    return true;
}

static bool op_add(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t a = rs_of(cpu, in), b = rt_of(cpu, in), sum = a + b;
    if (add_overflows(a, b, sum))
        return !cpu_exception(cpu, EXC_OV);
    interp_set_gpr(cpu, in->rd, sum);
    return true;
}

static bool op_sub(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t a = rs_of(cpu, in), b = rt_of(cpu, in), diff = a - b;
    if (sub_overflows(a, b, diff))
        return !cpu_exception(cpu, EXC_OV);
    interp_set_gpr(cpu, in->rd, diff);
    return true;
}

/* Immediate forms write rt from rs and imm (imm already extended by the
 * decoder as each instruction needs; LUI's is already shifted). */
static bool op_addiu(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, rs_of(cpu, in) + (uint32_t)in->imm);
    return true;
}

static bool op_slti(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, less_signed(rs_of(cpu, in), (uint32_t)in->imm));
    return true;
}

/* SLTIU compares against the sign-extended immediate taken as unsigned. */
static bool op_sltiu(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, rs_of(cpu, in) < (uint32_t)in->imm);
    return true;
}

static bool op_andi(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, rs_of(cpu, in) & (uint32_t)in->imm);
    return true;
}

static bool op_ori(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, rs_of(cpu, in) | (uint32_t)in->imm);
    return true;
}

static bool op_xori(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, rs_of(cpu, in) ^ (uint32_t)in->imm);
    return true;
}

static bool op_lui(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, (uint32_t)in->imm);
    return true;
}

/* Shifts by sa (SLL, SRL, ROTR, SRA) and by rs[4:0] (the *V forms). */
static bool op_sll(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rt_of(cpu, in) << (in->sa & 31));
    return true;
}

static bool op_srl(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rt_of(cpu, in) >> (in->sa & 31));
    return true;
}

static bool op_rotr(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rotate_right(rt_of(cpu, in), in->sa & 31));
    return true;
}

static bool op_sra(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, shift_right_arith(rt_of(cpu, in), in->sa & 31));
    return true;
}

static bool op_sllv(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rt_of(cpu, in) << (rs_of(cpu, in) & 31));
    return true;
}

static bool op_srlv(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rt_of(cpu, in) >> (rs_of(cpu, in) & 31));
    return true;
}

static bool op_rotrv(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rotate_right(rt_of(cpu, in), rs_of(cpu, in) & 31));
    return true;
}

static bool op_srav(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, shift_right_arith(rt_of(cpu, in), rs_of(cpu, in) & 31));
    return true;
}

static bool op_movz(struct cpu *cpu, const struct mips_insn *in)
{
    if (rt_of(cpu, in) == 0)
        interp_set_gpr(cpu, in->rd, rs_of(cpu, in));
    return true;
}

static bool op_movn(struct cpu *cpu, const struct mips_insn *in)
{
    if (rt_of(cpu, in) != 0)
        interp_set_gpr(cpu, in->rd, rs_of(cpu, in));
    return true;
}

/* MOVF/MOVT: move when FPU condition code cc is false/true (interp.c has
 * checked Status.CU1). */
static bool op_movf(struct cpu *cpu, const struct mips_insn *in)
{
    if (!fpu_condition(cpu, in->cc))
        interp_set_gpr(cpu, in->rd, rs_of(cpu, in));
    return true;
}

static bool op_movt(struct cpu *cpu, const struct mips_insn *in)
{
    if (fpu_condition(cpu, in->cc))
        interp_set_gpr(cpu, in->rd, rs_of(cpu, in));
    return true;
}

static bool op_addu(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) + rt_of(cpu, in));
    return true;
}

static bool op_subu(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) - rt_of(cpu, in));
    return true;
}

static bool op_and(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) & rt_of(cpu, in));
    return true;
}

static bool op_or(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) | rt_of(cpu, in));
    return true;
}

static bool op_xor(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) ^ rt_of(cpu, in));
    return true;
}

static bool op_nor(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, ~(rs_of(cpu, in) | rt_of(cpu, in)));
    return true;
}

static bool op_slt(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, less_signed(rs_of(cpu, in), rt_of(cpu, in)));
    return true;
}

static bool op_sltu(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, rs_of(cpu, in) < rt_of(cpu, in));
    return true;
}

static bool op_clz(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, count_leading_zeros(rs_of(cpu, in)));
    return true;
}

static bool op_clo(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, count_leading_zeros(~rs_of(cpu, in)));
    return true;
}

/* EXT rt, rs, pos, size: sa = pos, rd = size - 1 (msbd). */
static bool op_ext(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned pos = in->sa, msbd = in->rd;
    if (pos + msbd > 31)
        return !cpu_exception(cpu, EXC_RI);
    interp_set_gpr(cpu, in->rt, (rs_of(cpu, in) >> pos) & low_mask(msbd + 1));
    return true;
}

/* INS rt, rs, pos, size: sa = pos (lsb), rd = pos + size - 1 (msb). */
static bool op_ins(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned lsb = in->sa, msb = in->rd;
    if (lsb > msb)
        return !cpu_exception(cpu, EXC_RI);
    uint32_t field = low_mask(msb - lsb + 1) << lsb;
    uint32_t merged = (rt_of(cpu, in) & ~field) | ((rs_of(cpu, in) << lsb) & field);
    interp_set_gpr(cpu, in->rt, merged);
    return true;
}

static bool op_wsbh(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t x = rt_of(cpu, in);
    interp_set_gpr(cpu, in->rd, ((x & 0x00ff00ffu) << 8) | ((x >> 8) & 0x00ff00ffu));
    return true;
}

static bool op_seb(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, ((rt_of(cpu, in) & 0xffu) ^ 0x80u) - 0x80u);
    return true;
}

static bool op_seh(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, ((rt_of(cpu, in) & 0xffffu) ^ 0x8000u) - 0x8000u);
    return true;
}

static bool (*const alu_ops[MIPS_OP_COUNT])(struct cpu *, const struct mips_insn *) = {
    [MIPS_OP_ADDI] = op_addi, [MIPS_OP_ADDIU] = op_addiu, [MIPS_OP_SLTI] = op_slti,
    [MIPS_OP_SLTIU] = op_sltiu, [MIPS_OP_ANDI] = op_andi, [MIPS_OP_ORI] = op_ori,
    [MIPS_OP_XORI] = op_xori, [MIPS_OP_LUI] = op_lui, [MIPS_OP_SLL] = op_sll,
    [MIPS_OP_MOVF] = op_movf, [MIPS_OP_MOVT] = op_movt, [MIPS_OP_SRL] = op_srl,
    [MIPS_OP_ROTR] = op_rotr, [MIPS_OP_SRA] = op_sra, [MIPS_OP_SLLV] = op_sllv,
    [MIPS_OP_SRLV] = op_srlv, [MIPS_OP_ROTRV] = op_rotrv, [MIPS_OP_SRAV] = op_srav,
    [MIPS_OP_MOVZ] = op_movz, [MIPS_OP_MOVN] = op_movn, [MIPS_OP_ADD] = op_add,
    [MIPS_OP_ADDU] = op_addu, [MIPS_OP_SUB] = op_sub, [MIPS_OP_SUBU] = op_subu,
    [MIPS_OP_AND] = op_and, [MIPS_OP_OR] = op_or, [MIPS_OP_XOR] = op_xor,
    [MIPS_OP_NOR] = op_nor, [MIPS_OP_SLT] = op_slt, [MIPS_OP_SLTU] = op_sltu,
    [MIPS_OP_CLZ] = op_clz, [MIPS_OP_CLO] = op_clo, [MIPS_OP_EXT] = op_ext,
    [MIPS_OP_INS] = op_ins, [MIPS_OP_WSBH] = op_wsbh, [MIPS_OP_SEB] = op_seb,
    [MIPS_OP_SEH] = op_seh,
};

bool interp_alu(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)flow;
    if (!alu_ops[in->op])
        return !cpu_exception(cpu, EXC_RI);
    return alu_ops[in->op](cpu, in);
}
