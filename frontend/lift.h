/* frontend/lift.h — the MIPS -> IR lifter: turns the guest block at a virtual pc
 * into one translator/ir.h block, and the C helpers such blocks call.
 *
 *   struct ir_block *b = ir_block_new();
 *   int n = lift_block(cpu, cpu->pc, b, NULL);    // 0: the first fetch faults
 *   if (n > 0) ir_eval(b, cpu, &target);          // or hand b to a backend
 *
 * A block ends after a branch and its delay slot (the slot may lie on the next
 * page), at a 4 KiB page end, after an instruction that changes what later code
 * means (INSN_ENDS_BLOCK: it runs as a helper call that ends the block), or
 * after cfg->max_insns instructions (a branch may take one more for its slot).
 *
 * Ops that can leave the block report pc (the instruction), pc_flags
 * (LIFT_PC_DELAY_SLOT when it is a delay slot; frontend/lift_target.c's restore
 * turns that into cpu->in_delay) and icount (instructions retired before it).
 *
 * Helper calls (struct ir_helper below) run the interpreter's own code for the
 * instruction, so each semantic has one definition. Their arguments are
 * (word, pc, pc_flags | icount << 16), icount being the instructions the block
 * retired before this one; the helper adds it to cpu->icount while the
 * interpreter runs (so CP0 Count reads exactly what the interpreter would),
 * then takes it back. A helper returns 1 when the instruction raised (the
 * exception is in cpu->exc, pc/in_delay at the instruction), else 0.
 *  - lift_helper_exec (CAN_RAISE, reads/writes globals): undoes the
 *    interpreter's icount increment; pc is left stale, the block's exit sets it.
 *  - lift_helper_exec_ends (also ENDS_BLOCK): keeps cpu->icount incremented by
 *    its own instruction and leaves in cpu->pc where execution continues; the
 *    engine then adds the call's icount (those retired before it) and returns
 *    to the dispatcher at cpu->pc.
 */
#ifndef TERN_FRONTEND_LIFT_H
#define TERN_FRONTEND_LIFT_H

#include <stdbool.h>
#include <stdint.h>

#include "translator/ir.h"

struct cpu;

#define LIFT_DEFAULT_MAX_INSNS 64u
#define LIFT_PC_DELAY_SLOT 1u /* pc_flags bit 0: the instruction is a delay slot */

struct lift_config {
    unsigned max_insns; /* 0: LIFT_DEFAULT_MAX_INSNS; at most 60000 */
};

/* Lifts the block at virtual pc into b (reset first); returns the number of
 * guest instructions lifted, 0 when the first fetch (or, for a first-place
 * branch, its delay slot's fetch) faults, -1 when out of memory. Leaves no
 * exception pending in cpu. cfg may be NULL. */
int lift_block(struct cpu *cpu, uint32_t pc, struct ir_block *b, const struct lift_config *cfg);

/* A debugger's breakpoints as the lifter sees them (gdbstub via core/exec.c):
 * stop_at(opaque, pc) is true when the debugger must get control before the
 * instruction at pc. The block then ends before that instruction unless it is
 * the block's first (the dispatcher stops before running the block). A branch
 * is checked together with its delay slot: a breakpoint on a slot ends the
 * block before the branch, and the debugger reports it there (gdb's MIPS
 * convention: a breakpoint is never inside a branch/slot pair). */
struct lift_break {
    bool (*stop_at)(void *opaque, uint32_t pc);
    void *opaque;
};

/* As lift_block, ending the block before breakpoints (brk NULL: none). */
int lift_block_break(struct cpu *cpu, uint32_t pc, struct ir_block *b,
                     const struct lift_config *cfg, const struct lift_break *brk);

/* Runs one instruction word through the interpreter as if at pc (see above). */
uint64_t lift_exec_insn(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount);

/* As lift_exec_insn, for instructions that end the block (see above). */
uint64_t lift_exec_insn_ends(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount);

extern const struct ir_helper lift_helper_exec;      /* lift_exec_insn */
extern const struct ir_helper lift_helper_exec_ends; /* lift_exec_insn_ends */
extern const struct ir_helper lift_helper_raise;     /* IR_RAISE_IF: records exception `code` */
extern const struct ir_helper lift_helper_raise_cpu; /* IR_RAISE_IF: CpU for coprocessor `code` */
extern const struct ir_helper lift_helper_swlr;      /* SWL/SWR store probe: (vaddr) */

#endif
