/* frontend/interp.c — the reference interpreter's step: fetch, decode, the
 * dispatch table from enum mips_op to the instruction-class functions, the
 * coprocessor-usable checks, and delay-slot sequencing. See interp.h.
 *
 * Decisions where the manual says UNPREDICTABLE or UNDEFINED:
 * - A branch or jump in a delay slot raises Reserved Instruction, as QEMU's
 *   gen_compute_branch does, so a guest can never build a state the two
 *   engines would disagree on.
 * - ERET/DERET in a delay slot (UNDEFINED, Vol. II ERET) also raise RI. QEMU
 *   does that only for Release 6 and otherwise returns, losing the branch;
 *   RI is the one outcome both of our engines can reproduce exactly.
 * - Coprocessor Unusable is checked before the delay-slot rule, as QEMU's
 *   check_cp1_enabled/check_cp0_enabled run before the branch code.
 */
#include "frontend/interp.h"

#include "core/cpu.h"
#include "frontend/interp_class.h"
#include "softmmu/memory.h"

/* What an operation needs before it may run. */
enum interp_needs {
    NEEDS_NONE = 0,
    NEEDS_CP0, /* kernel mode or Status.CU0, else CpU with CE=0 */
    NEEDS_CP1, /* Status.CU1, else CpU with CE=1 */
    NEEDS_CP2, /* coprocessor 2: none exists, always CpU with CE=2 */
};

struct interp_entry {
    bool (*run)(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);
    uint8_t needs; /* enum interp_needs */
    bool no_delay_slot; /* Reserved Instruction when found in a delay slot */
};

/* interp_fpu() has the class-function shape minus the flow: FPU operations
 * never redirect control. */
static bool run_fpu(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)flow;
    return interp_fpu(cpu, in);
}

/* No coprocessor 2 exists (Config1.C2 = 0) and Status.CU2 is not writable,
 * so its instructions always take Coprocessor Unusable; this never runs. */
static bool run_cop2(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)in;
    (void)flow;
    return !cpu_exception_cpu(cpu, 2);
}

#define ALU {interp_alu, NEEDS_NONE, false}
#define MULDIV {interp_muldiv, NEEDS_NONE, false}
#define BRANCH {interp_branch, NEEDS_NONE, true}
#define BRANCH_FPU {interp_branch, NEEDS_CP1, true}
#define MEM {interp_mem, NEEDS_NONE, false}
#define MEM_PRIV {interp_mem, NEEDS_CP0, false}
#define TRAP {interp_trap, NEEDS_NONE, false}
#define SYSTEM {interp_system, NEEDS_NONE, false}
#define PRIV {interp_system, NEEDS_CP0, false}
#define PRIV_NO_SLOT {interp_system, NEEDS_CP0, true}
#define FPU {run_fpu, NEEDS_CP1, false}
#define ALU_FPU {interp_alu, NEEDS_CP1, false}
#define COP2 {run_cop2, NEEDS_CP2, false}

/* In the order of enum mips_op (the manual's opcode maps). MIPS_OP_RI and
 * anything missing have no run function: Reserved Instruction. */
static const struct interp_entry dispatch[MIPS_OP_COUNT] = {
    [MIPS_OP_J] = BRANCH,        [MIPS_OP_JAL] = BRANCH,      [MIPS_OP_BEQ] = BRANCH,
    [MIPS_OP_BNE] = BRANCH,      [MIPS_OP_BLEZ] = BRANCH,     [MIPS_OP_BGTZ] = BRANCH,
    [MIPS_OP_ADDI] = ALU,        [MIPS_OP_ADDIU] = ALU,       [MIPS_OP_SLTI] = ALU,
    [MIPS_OP_SLTIU] = ALU,       [MIPS_OP_ANDI] = ALU,        [MIPS_OP_ORI] = ALU,
    [MIPS_OP_XORI] = ALU,        [MIPS_OP_LUI] = ALU,         [MIPS_OP_BEQL] = BRANCH,
    [MIPS_OP_BNEL] = BRANCH,     [MIPS_OP_BLEZL] = BRANCH,    [MIPS_OP_BGTZL] = BRANCH,
    [MIPS_OP_LB] = MEM,          [MIPS_OP_LH] = MEM,          [MIPS_OP_LWL] = MEM,
    [MIPS_OP_LW] = MEM,          [MIPS_OP_LBU] = MEM,         [MIPS_OP_LHU] = MEM,
    [MIPS_OP_LWR] = MEM,         [MIPS_OP_SB] = MEM,          [MIPS_OP_SH] = MEM,
    [MIPS_OP_SWL] = MEM,         [MIPS_OP_SW] = MEM,          [MIPS_OP_SWR] = MEM,
    [MIPS_OP_CACHE] = MEM_PRIV,  [MIPS_OP_LL] = MEM,          [MIPS_OP_LWC1] = FPU,
    [MIPS_OP_LWC2] = COP2,       [MIPS_OP_PREF] = MEM,        [MIPS_OP_LDC1] = FPU,
    [MIPS_OP_LDC2] = COP2,       [MIPS_OP_SC] = MEM,          [MIPS_OP_SWC1] = FPU,
    [MIPS_OP_SWC2] = COP2,       [MIPS_OP_SDC1] = FPU,        [MIPS_OP_SDC2] = COP2,

    [MIPS_OP_SLL] = ALU,         [MIPS_OP_MOVF] = ALU_FPU,    [MIPS_OP_MOVT] = ALU_FPU,
    [MIPS_OP_SRL] = ALU,         [MIPS_OP_ROTR] = ALU,        [MIPS_OP_SRA] = ALU,
    [MIPS_OP_SLLV] = ALU,        [MIPS_OP_SRLV] = ALU,        [MIPS_OP_ROTRV] = ALU,
    [MIPS_OP_SRAV] = ALU,        [MIPS_OP_JR] = BRANCH,       [MIPS_OP_JALR] = BRANCH,
    [MIPS_OP_MOVZ] = ALU,        [MIPS_OP_MOVN] = ALU,        [MIPS_OP_SYSCALL] = TRAP,
    [MIPS_OP_BREAK] = TRAP,      [MIPS_OP_SYNC] = MEM,        [MIPS_OP_MFHI] = MULDIV,
    [MIPS_OP_MTHI] = MULDIV,     [MIPS_OP_MFLO] = MULDIV,     [MIPS_OP_MTLO] = MULDIV,
    [MIPS_OP_MULT] = MULDIV,     [MIPS_OP_MULTU] = MULDIV,    [MIPS_OP_DIV] = MULDIV,
    [MIPS_OP_DIVU] = MULDIV,     [MIPS_OP_ADD] = ALU,         [MIPS_OP_ADDU] = ALU,
    [MIPS_OP_SUB] = ALU,         [MIPS_OP_SUBU] = ALU,        [MIPS_OP_AND] = ALU,
    [MIPS_OP_OR] = ALU,          [MIPS_OP_XOR] = ALU,         [MIPS_OP_NOR] = ALU,
    [MIPS_OP_SLT] = ALU,         [MIPS_OP_SLTU] = ALU,        [MIPS_OP_TGE] = TRAP,
    [MIPS_OP_TGEU] = TRAP,       [MIPS_OP_TLT] = TRAP,        [MIPS_OP_TLTU] = TRAP,
    [MIPS_OP_TEQ] = TRAP,        [MIPS_OP_TNE] = TRAP,

    [MIPS_OP_BLTZ] = BRANCH,     [MIPS_OP_BGEZ] = BRANCH,     [MIPS_OP_BLTZL] = BRANCH,
    [MIPS_OP_BGEZL] = BRANCH,    [MIPS_OP_TGEI] = TRAP,       [MIPS_OP_TGEIU] = TRAP,
    [MIPS_OP_TLTI] = TRAP,       [MIPS_OP_TLTIU] = TRAP,      [MIPS_OP_TEQI] = TRAP,
    [MIPS_OP_TNEI] = TRAP,       [MIPS_OP_BLTZAL] = BRANCH,   [MIPS_OP_BGEZAL] = BRANCH,
    [MIPS_OP_BLTZALL] = BRANCH,  [MIPS_OP_BGEZALL] = BRANCH,  [MIPS_OP_SYNCI] = MEM,

    [MIPS_OP_MADD] = MULDIV,     [MIPS_OP_MADDU] = MULDIV,    [MIPS_OP_MUL] = MULDIV,
    [MIPS_OP_MSUB] = MULDIV,     [MIPS_OP_MSUBU] = MULDIV,    [MIPS_OP_CLZ] = ALU,
    [MIPS_OP_CLO] = ALU,         [MIPS_OP_SDBBP] = TRAP,

    [MIPS_OP_EXT] = ALU,         [MIPS_OP_INS] = ALU,         [MIPS_OP_WSBH] = ALU,
    [MIPS_OP_SEB] = ALU,         [MIPS_OP_SEH] = ALU,         [MIPS_OP_RDHWR] = SYSTEM,

    [MIPS_OP_MFC0] = PRIV,       [MIPS_OP_MTC0] = PRIV,       [MIPS_OP_RDPGPR] = PRIV,
    [MIPS_OP_WRPGPR] = PRIV,     [MIPS_OP_DI] = PRIV,         [MIPS_OP_EI] = PRIV,
    [MIPS_OP_TLBR] = PRIV,       [MIPS_OP_TLBWI] = PRIV,      [MIPS_OP_TLBWR] = PRIV,
    [MIPS_OP_TLBP] = PRIV,       [MIPS_OP_ERET] = PRIV_NO_SLOT, [MIPS_OP_DERET] = PRIV_NO_SLOT,
    [MIPS_OP_WAIT] = PRIV,

    [MIPS_OP_MFC1] = FPU,        [MIPS_OP_CFC1] = FPU,        [MIPS_OP_MFHC1] = FPU,
    [MIPS_OP_MTC1] = FPU,        [MIPS_OP_CTC1] = FPU,        [MIPS_OP_MTHC1] = FPU,
    [MIPS_OP_BC1F] = BRANCH_FPU, [MIPS_OP_BC1T] = BRANCH_FPU, [MIPS_OP_BC1FL] = BRANCH_FPU,
    [MIPS_OP_BC1TL] = BRANCH_FPU,

    [MIPS_OP_FADD] = FPU,        [MIPS_OP_FSUB] = FPU,        [MIPS_OP_FMUL] = FPU,
    [MIPS_OP_FDIV] = FPU,        [MIPS_OP_FSQRT] = FPU,       [MIPS_OP_FABS] = FPU,
    [MIPS_OP_FMOV] = FPU,        [MIPS_OP_FNEG] = FPU,        [MIPS_OP_ROUND_L] = FPU,
    [MIPS_OP_TRUNC_L] = FPU,     [MIPS_OP_CEIL_L] = FPU,      [MIPS_OP_FLOOR_L] = FPU,
    [MIPS_OP_ROUND_W] = FPU,     [MIPS_OP_TRUNC_W] = FPU,     [MIPS_OP_CEIL_W] = FPU,
    [MIPS_OP_FLOOR_W] = FPU,     [MIPS_OP_FMOVF] = FPU,       [MIPS_OP_FMOVT] = FPU,
    [MIPS_OP_FMOVZ] = FPU,       [MIPS_OP_FMOVN] = FPU,       [MIPS_OP_RECIP] = FPU,
    [MIPS_OP_RSQRT] = FPU,       [MIPS_OP_CVT_S] = FPU,       [MIPS_OP_CVT_D] = FPU,
    [MIPS_OP_CVT_W] = FPU,       [MIPS_OP_CVT_L] = FPU,       [MIPS_OP_FCMP] = FPU,

    [MIPS_OP_LWXC1] = FPU,       [MIPS_OP_LDXC1] = FPU,       [MIPS_OP_LUXC1] = FPU,
    [MIPS_OP_SWXC1] = FPU,       [MIPS_OP_SDXC1] = FPU,       [MIPS_OP_SUXC1] = FPU,
    [MIPS_OP_PREFX] = FPU,       [MIPS_OP_FMADD] = FPU,       [MIPS_OP_FMSUB] = FPU,
    [MIPS_OP_FNMADD] = FPU,      [MIPS_OP_FNMSUB] = FPU,

    [MIPS_OP_COP2] = COP2,
};

/* Vol. III 9.15 (Status.CU) and 3.x (kernel mode): CP0 is always usable in
 * kernel mode; CP1 only with CU1, whatever the mode. */
static bool coprocessor_usable(struct cpu *cpu, enum interp_needs needs)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    switch (needs) {
    case NEEDS_NONE:
        return true;
    case NEEDS_CP0:
        return cpu_kernel_mode(cpu) || (status & ST_CU0) || !cpu_exception_cpu(cpu, 0);
    case NEEDS_CP1:
        return (status & ST_CU1) || !cpu_exception_cpu(cpu, 1);
    case NEEDS_CP2:
        return !cpu_exception_cpu(cpu, 2);
    }
    return true;
}

bool interp_exec(struct cpu *cpu, const struct mips_insn *in)
{
    const struct interp_entry *e = &dispatch[in->op < MIPS_OP_COUNT ? in->op : MIPS_OP_RI];
    if (!e->run)
        return !cpu_exception(cpu, EXC_RI);
    if (!coprocessor_usable(cpu, e->needs))
        return false;
    if (cpu->in_delay && e->no_delay_slot)
        return !cpu_exception(cpu, EXC_RI);

    struct interp_flow flow = {.next_pc = cpu->in_delay ? cpu->delay_target : cpu->pc + 4};
    if (!e->run(cpu, in, &flow))
        return false;
    cpu->pc = flow.next_pc;
    cpu->in_delay = flow.delay;
    cpu->delay_target = flow.target;
    cpu->icount++;
    return true;
}

bool interp_step(struct cpu *cpu)
{
    uint32_t word;
    struct mips_insn in;
    if (!mem_fetch(cpu, cpu->pc, &word))
        return false;
    mips_decode(word, &in);
    return interp_exec(cpu, &in);
}
