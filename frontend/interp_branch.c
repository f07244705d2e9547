/* frontend/interp_branch.c — the interpreter's control-transfer class:
 * conditional branches (and their likely and and-link forms), J/JAL/JR/JALR,
 * and BC1F/BC1T/BC1FL/BC1TL. See interp_class.h.
 *
 * Every one of them has a delay slot (Vol. I 2.x "Delay slots"): the slot
 * always executes unless a branch-likely is not taken, in which case it is
 * nullified — skipped and not counted. A not-taken ordinary branch still
 * makes the next instruction a delay slot, so an exception there reports
 * Cause.BD and EPC = the branch, exactly as when taken.
 *
 * The link register is written whether or not the branch is taken, and after
 * the operands are read: JALR rd == rs and BLTZAL $ra are UNPREDICTABLE, and
 * reading first is what QEMU's gen_compute_branch does.
 */
#include <stddef.h>

#include "frontend/fpu.h"
#include "frontend/interp_class.h"

enum branch_target {
    TARGET_RELATIVE, /* delay-slot address + sign-extended offset << 2 */
    TARGET_REGION, /* the 256 MB region of the delay slot + instr_index << 2 */
    TARGET_REGISTER, /* GPR[rs] */
};

enum branch_link {
    LINK_NONE,
    LINK_RA, /* GPR[31] */
    LINK_RD, /* GPR[rd] (JALR) */
};

struct branch_kind {
    bool valid;
    bool (*taken)(const struct cpu *cpu, const struct mips_insn *in); /* NULL: always */
    uint8_t target; /* enum branch_target */
    uint8_t link; /* enum branch_link */
    bool likely;
};

static int32_t rs_signed(const struct cpu *cpu, const struct mips_insn *in)
{
    return (int32_t)cpu->gpr[in->rs];
}

static bool if_eq(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs] == cpu->gpr[in->rt];
}

static bool if_ne(const struct cpu *cpu, const struct mips_insn *in)
{
    return cpu->gpr[in->rs] != cpu->gpr[in->rt];
}

static bool if_lez(const struct cpu *cpu, const struct mips_insn *in)
{
    return rs_signed(cpu, in) <= 0;
}

static bool if_gtz(const struct cpu *cpu, const struct mips_insn *in)
{
    return rs_signed(cpu, in) > 0;
}

static bool if_ltz(const struct cpu *cpu, const struct mips_insn *in)
{
    return rs_signed(cpu, in) < 0;
}

static bool if_gez(const struct cpu *cpu, const struct mips_insn *in)
{
    return rs_signed(cpu, in) >= 0;
}

/* BC1*: FPU condition code cc (interp.c has checked Status.CU1). */
static bool if_fp_false(const struct cpu *cpu, const struct mips_insn *in)
{
    return !fpu_condition(cpu, in->cc);
}

static bool if_fp_true(const struct cpu *cpu, const struct mips_insn *in)
{
    return fpu_condition(cpu, in->cc);
}

#define REL(cond) {true, cond, TARGET_RELATIVE, LINK_NONE, false}
#define REL_LIKELY(cond) {true, cond, TARGET_RELATIVE, LINK_NONE, true}
#define REL_LINK(cond) {true, cond, TARGET_RELATIVE, LINK_RA, false}
#define REL_LINK_LIKELY(cond) {true, cond, TARGET_RELATIVE, LINK_RA, true}

static const struct branch_kind branch_kinds[MIPS_OP_COUNT] = {
    [MIPS_OP_J] = {true, NULL, TARGET_REGION, LINK_NONE, false},
    [MIPS_OP_JAL] = {true, NULL, TARGET_REGION, LINK_RA, false},
    [MIPS_OP_BEQ] = REL(if_eq),
    [MIPS_OP_BNE] = REL(if_ne),
    [MIPS_OP_BLEZ] = REL(if_lez),
    [MIPS_OP_BGTZ] = REL(if_gtz),
    [MIPS_OP_BEQL] = REL_LIKELY(if_eq),
    [MIPS_OP_BNEL] = REL_LIKELY(if_ne),
    [MIPS_OP_BLEZL] = REL_LIKELY(if_lez),
    [MIPS_OP_BGTZL] = REL_LIKELY(if_gtz),
    [MIPS_OP_JR] = {true, NULL, TARGET_REGISTER, LINK_NONE, false},
    [MIPS_OP_JALR] = {true, NULL, TARGET_REGISTER, LINK_RD, false},
    [MIPS_OP_BLTZ] = REL(if_ltz),
    [MIPS_OP_BGEZ] = REL(if_gez),
    [MIPS_OP_BLTZL] = REL_LIKELY(if_ltz),
    [MIPS_OP_BGEZL] = REL_LIKELY(if_gez),
    [MIPS_OP_BLTZAL] = REL_LINK(if_ltz),
    [MIPS_OP_BGEZAL] = REL_LINK(if_gez),
    [MIPS_OP_BLTZALL] = REL_LINK_LIKELY(if_ltz),
    [MIPS_OP_BGEZALL] = REL_LINK_LIKELY(if_gez),
    [MIPS_OP_BC1F] = REL(if_fp_false),
    [MIPS_OP_BC1T] = REL(if_fp_true),
    [MIPS_OP_BC1FL] = REL_LIKELY(if_fp_false),
    [MIPS_OP_BC1TL] = REL_LIKELY(if_fp_true),
};

/* The target of the branch in at pc. */
static uint32_t branch_target(const struct cpu *cpu, const struct mips_insn *in, unsigned kind,
                              uint32_t pc)
{
    uint32_t slot = pc + 4;
    switch (kind) {
    case TARGET_REGION:
        return (slot & 0xf0000000u) | (uint32_t)in->target;
    case TARGET_REGISTER:
        return cpu->gpr[in->rs];
    default:
        return slot + (uint32_t)in->target;
    }
}

/* Whether the branch in (of kind k) at pc is taken; *dest is where its slot
 * leads: the target, or pc + 8 when not taken. */
static bool outcome(const struct cpu *cpu, const struct branch_kind *k, const struct mips_insn *in,
                    uint32_t pc, uint32_t *dest)
{
    bool taken = !k->taken || k->taken(cpu, in);
    *dest = taken ? branch_target(cpu, in, k->target, pc) : pc + 8;
    return taken;
}

bool interp_branch(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    const struct branch_kind *k = &branch_kinds[in->op];
    if (!k->valid)
        return !cpu_exception(cpu, EXC_RI);

    uint32_t dest;
    bool taken = outcome(cpu, k, in, cpu->pc, &dest);
    uint32_t after_slot = cpu->pc + 8;
    if (k->link != LINK_NONE)
        interp_set_gpr(cpu, k->link == LINK_RD ? in->rd : 31, after_slot);

    if (!taken && k->likely) {
        flow->next_pc = after_slot; /* nullify the delay slot */
        return true;
    }
    flow->next_pc = cpu->pc + 4;
    flow->delay = true;
    flow->target = dest;
    return true;
}

bool interp_delay_target(const struct cpu *cpu, const struct mips_insn *br, uint32_t pc,
                         uint32_t *target)
{
    if (br->op >= MIPS_OP_COUNT || !branch_kinds[br->op].valid) return false;
    outcome(cpu, &branch_kinds[br->op], br, pc, target);
    return true;
}
