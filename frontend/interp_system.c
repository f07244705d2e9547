/* frontend/interp_system.c — the interpreter's privileged class: MFC0/MTC0
 * (through frontend/cp0.h), ERET/DERET, WAIT, DI/EI, RDPGPR/WRPGPR, the TLB
 * instructions (through softmmu/tlb.h), and RDHWR, the one user-mode window
 * onto hardware registers. See interp_class.h; interp.c has already checked
 * that CP0 is usable for everything here but RDHWR.
 *
 * Decisions where the manual leaves room:
 * - DERET raises Reserved Instruction: tern has no debug mode to return from.
 * - RDPGPR/WRPGPR move within the current register set: there are no shadow
 *   sets (SRSCtl.HSS = 0), so the previous set is the current one.
 */
#include "frontend/cp0.h"
#include "frontend/interp_class.h"
#include "softmmu/tlb.h"

#define EBASE_CPUNUM 0x3ffu
#define SYNCI_STEP 32u /* bytes: the 24K's cache line, as QEMU reports */
#define COUNT_RESOLUTION 2u /* Count ticks every second cycle */

static bool op_mfc0(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rt, cp0_read(cpu, in->rd, in->sel));
    return true;
}

static bool op_mtc0(struct cpu *cpu, const struct mips_insn *in)
{
    cp0_write(cpu, in->rd, in->sel, cpu->gpr[in->rt]);
    return true;
}

static bool op_move_set(struct cpu *cpu, const struct mips_insn *in)
{
    interp_set_gpr(cpu, in->rd, cpu->gpr[in->rt]);
    return true;
}

/* DI/EI: rt receives Status as it was, then IE changes (Vol. II DI, EI). */
static bool op_di(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    cpu->cp0[CP0_STATUS][0] = status & ~ST_IE;
    interp_set_gpr(cpu, in->rt, status);
    return true;
}

static bool op_ei(struct cpu *cpu, const struct mips_insn *in)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    cpu->cp0[CP0_STATUS][0] = status | ST_IE;
    interp_set_gpr(cpu, in->rt, status);
    return true;
}

static bool op_tlbr(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    tlb_read(cpu);
    return true;
}

static bool op_tlbwi(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    tlb_write_index(cpu);
    return true;
}

static bool op_tlbwr(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    tlb_write_random(cpu);
    return true;
}

static bool op_tlbp(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    tlb_probe(cpu);
    return true;
}

static bool op_deret(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    return !cpu_exception(cpu, EXC_RI);
}

/* WAIT retires and then sleeps: the exec loop wakes the CPU when an
 * interrupt is pending, and the interrupt's EPC is the next instruction. */
static bool op_wait(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    cpu->waiting = true;
    return true;
}

/* RDHWR (Vol. II): each register is readable in kernel mode, with CU0, or when
 * its HWREna bit is set; otherwise, or for a register that does not exist,
 * Reserved Instruction. */
static bool hwr_read(const struct cpu *cpu, unsigned reg, uint32_t *value)
{
    switch (reg) {
    case 0:
        *value = cpu->cp0[CP0_PRID][1] & EBASE_CPUNUM;
        return true;
    case 1:
        *value = SYNCI_STEP;
        return true;
    case 2:
        *value = cpu_count(cpu);
        return true;
    case 3:
        *value = COUNT_RESOLUTION;
        return true;
    case 29:
        *value = cpu->cp0[CP0_CONTEXT][2];
        return cpu->cp0[CP0_CONFIG][3] & CP0_CONFIG3_ULRI;
    default:
        return false;
    }
}

static bool op_rdhwr(struct cpu *cpu, const struct mips_insn *in)
{
    unsigned reg = in->rd & 31;
    bool allowed = cpu_kernel_mode(cpu) || (cpu->cp0[CP0_STATUS][0] & ST_CU0) ||
                   (cpu->cp0[CP0_HWRENA][0] & (1u << reg));
    uint32_t value;
    if (!allowed || !hwr_read(cpu, reg, &value))
        return !cpu_exception(cpu, EXC_RI);
    interp_set_gpr(cpu, in->rt, value);
    return true;
}

/* ERET (Vol. II): return to ErrorEPC clearing ERL, else to EPC clearing EXL;
 * the link is broken; no delay slot. */
static bool op_eret(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)in;
    uint32_t *status = &cpu->cp0[CP0_STATUS][0];
    if (*status & ST_ERL) {
        flow->next_pc = cpu->cp0[CP0_ERROREPC][0];
        *status &= ~ST_ERL;
        cpu->mmu_gen++; /* kuseg is mapped again */
    } else {
        flow->next_pc = cpu->cp0[CP0_EPC][0];
        *status &= ~ST_EXL;
    }
    cpu->llbit = false;
    return true;
}

static bool (*const system_ops[MIPS_OP_COUNT])(struct cpu *, const struct mips_insn *) = {
    [MIPS_OP_RDHWR] = op_rdhwr,      [MIPS_OP_MFC0] = op_mfc0,   [MIPS_OP_MTC0] = op_mtc0,
    [MIPS_OP_RDPGPR] = op_move_set,  [MIPS_OP_WRPGPR] = op_move_set, [MIPS_OP_DI] = op_di,
    [MIPS_OP_EI] = op_ei,            [MIPS_OP_TLBR] = op_tlbr,   [MIPS_OP_TLBWI] = op_tlbwi,
    [MIPS_OP_TLBWR] = op_tlbwr,      [MIPS_OP_TLBP] = op_tlbp,   [MIPS_OP_DERET] = op_deret,
    [MIPS_OP_WAIT] = op_wait,
};

bool interp_system(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    if (in->op == MIPS_OP_ERET)
        return op_eret(cpu, in, flow);
    if (!system_ops[in->op])
        return !cpu_exception(cpu, EXC_RI);
    return system_ops[in->op](cpu, in);
}
