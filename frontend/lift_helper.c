/* frontend/lift_helper.c — the C helpers lifted blocks call: one instruction
 * run by the interpreter (so LWL, LL/SC, the FPU, CP0, TLB, SYSCALL ... keep a
 * single definition), and the recorders of exceptions raised inline
 * (IR_RAISE_IF). The icount/pc contract is in lift.h.
 */
#include "frontend/lift.h"

#include "core/cpu.h"
#include "frontend/interp.h"

/* Runs the word at pc as the interpreter would at that point of the block;
 * true when it retired. cpu->icount is exact while it runs. */
static bool exec_at(struct cpu *cpu, uint32_t word, uint32_t pc, uint32_t flags_icount)
{
    struct mips_insn in;
    uint64_t before = flags_icount >> 16;
    mips_decode(word, &in);
    cpu->pc = pc;
    cpu->in_delay = flags_icount & LIFT_PC_DELAY_SLOT;
    cpu->icount += before;
    bool retired = interp_exec(cpu, &in);
    cpu->icount -= before;
    return retired;
}

uint64_t lift_exec_insn(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount)
{
    struct cpu *c = cpu;
    if (!exec_at(c, (uint32_t)word, (uint32_t)pc, (uint32_t)flags_icount)) return 1;
    c->icount--; /* the block counts it at its exit */
    return 0;
}

uint64_t lift_exec_insn_ends(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount)
{
    return exec_at(cpu, (uint32_t)word, (uint32_t)pc, (uint32_t)flags_icount) ? 0 : 1;
}

static uint64_t raise_code(void *cpu, uint64_t code, uint64_t b, uint64_t c)
{
    (void)b;
    (void)c;
    cpu_exception(cpu, (enum mips_exc)code);
    return 1;
}

static uint64_t raise_cpu(void *cpu, uint64_t unit, uint64_t b, uint64_t c)
{
    (void)b;
    (void)c;
    cpu_exception_cpu(cpu, (unsigned)unit);
    return 1;
}

#define EXEC_FLAGS (IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS | IR_CALL_CAN_RAISE)

const struct ir_helper lift_helper_exec = {"exec_insn", lift_exec_insn, EXEC_FLAGS};
const struct ir_helper lift_helper_exec_ends = {"exec_insn_ends", lift_exec_insn_ends,
                                                EXEC_FLAGS | IR_CALL_ENDS_BLOCK};
const struct ir_helper lift_helper_raise = {"raise", raise_code, IR_CALL_WRITES_GLOBALS};
const struct ir_helper lift_helper_raise_cpu = {"raise_cpu", raise_cpu, IR_CALL_WRITES_GLOBALS};
