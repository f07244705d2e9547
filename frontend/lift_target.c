/* frontend/lift_target.c — the MIPS side of translator/target.h: where pc,
 * icount and exit_request live in struct cpu, how a raise restores the
 * faulting instruction's pc and delay-slot state, and guest memory through
 * softmmu/memory.h (which checks alignment, translates and records faults).
 */
#include "frontend/lift_target.h"

#include <stddef.h>

#include "core/cpu.h"
#include "frontend/insn.h"
#include "frontend/interp.h"
#include "frontend/lift.h"
#include "softmmu/memory.h"

/* The exception is already recorded; pc and in_delay make EPC and Cause.BD
 * right when cpu_enter_exception runs (EPC = pc - 4 for a delay slot). */
static void mips_restore(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct cpu *c = cpu;
    c->pc = pc;
    c->in_delay = pc_flags & LIFT_PC_DELAY_SLOT;
    lift_delay_target(c, pc, pc_flags);
}

void lift_delay_target(struct cpu *cpu, uint32_t slot_pc, unsigned pc_flags)
{
    if ((pc_flags & (LIFT_PC_DELAY_SLOT | LIFT_PC_DELAY_TARGET_SET)) != LIFT_PC_DELAY_SLOT)
        return;
    uint32_t word, target;
    struct mips_insn br;
    /* lift_branch.c writes delay_target itself when the branch is on another
     * page than its slot, so this fetch is of a word the block just read. */
    if (!mem_fetch_quiet(cpu, slot_pc - 4, &word)) return;
    mips_decode(word, &br);
    if (interp_delay_target(cpu, &br, slot_pc - 4, &target)) cpu->delay_target = target;
}

static uint64_t sign_extend(uint32_t v, unsigned size)
{
    unsigned shift = 64 - 8 * size;
    return (uint64_t)((int64_t)((uint64_t)v << shift) >> shift);
}

static bool mips_load(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t *value)
{
    unsigned size = mem_flags & IR_MEM_SIZE_MASK;
    uint32_t v;
    if (size == 8) return mem_load64(cpu, addr, value);
    if (!mem_load(cpu, addr, size, &v)) return false;
    *value = (mem_flags & IR_MEM_SIGNED) ? sign_extend(v, size) : v;
    return true;
}

/* Code-change detection belongs to the code cache's write tracking; until it
 * hooks in here a store only succeeds or raises. */
static int mips_store(void *cpu, uint32_t addr, unsigned mem_flags, uint64_t value)
{
    unsigned size = mem_flags & IR_MEM_SIZE_MASK;
    bool ok =
        size == 8 ? mem_store64(cpu, addr, value) : mem_store(cpu, addr, size, (uint32_t)value);
    return ok ? TARGET_STORE_OK : TARGET_STORE_RAISED;
}

/* A store that changed code ends the block after it, continuing at pc + 4.
 * In a delay slot the branch's exit follows at once, so the block goes on. */
static bool mips_resume_after(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct cpu *c = cpu;
    if (pc_flags & LIFT_PC_DELAY_SLOT) return false;
    c->pc = pc + 4;
    c->in_delay = false;
    return true;
}

void mips_ir_target(struct cpu *cpu, struct ir_target *t)
{
    t->pc_offset = offsetof(struct cpu, pc);
    t->icount_offset = offsetof(struct cpu, icount);
    t->exit_request_offset = offsetof(struct cpu, exit_request);
    t->restore = mips_restore;
    t->load = mips_load;
    t->store = mips_store;
    t->resume_after = mips_resume_after;
    t->flat_base = cpu->guest_base;
    t->softtlb_offset = 0; /* no soft TLB yet: generated code always calls load/store */
    t->softtlb_bits = 0;
    t->jcache_offset = 0; /* no jump cache yet: indirect exits return to the dispatcher */
    t->jcache_bits = 0;
}
