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
 * Superblocks (cfg->superblocks): when a branch's target is known at lift
 * time the block goes on there instead of ending: through J, B (BEQ $0,$0,
 * BGEZ $0), calls (LIFT_SB_CALLS, not by default: JAL, BAL set the link and
 * lifting goes into the callee),
 * JR/JALR of a register the block itself set to a link and kept (a leaf call
 * and its return become straight-line code), and forward conditional
 * branches (not likely: the taken side leaves through an exit_if, lifting
 * goes on at pc + 8). Backward conditional branches end the block as before
 * (a loop whose head is the block's start becomes a self loop). No pc is
 * lifted twice; at most two pages are read in user mode (cpu->guest_base),
 * only the block's first page in system mode (but for a delay slot past its
 * end, as before), and on the first page never below the block's start pc,
 * so that the code cache's range test (ppc, icount, page2) still covers every
 * word the block read (struct lift_runs, lift_runs_span).
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

#define LIFT_DEFAULT_MAX_INSNS 256u
#define LIFT_PC_DELAY_SLOT 1u /* pc_flags bit 0: the instruction is a delay slot */
/* pc_flags bit 1, with bit 0: the block wrote cpu->delay_target before the
 * slot. Without it, a slot that raises has delay_target recomputed from its
 * branch (lift_delay_target), so the common case stores nothing: the
 * branch's operands are still as it read them. */
#define LIFT_PC_DELAY_TARGET_SET 2u

/* Whether blocks extend through branches (see above). */
enum lift_superblocks {
    LIFT_SB_DEFAULT, /* LIFT_SB_DEFAULT_KINDS, unless the environment says
                      * TERN_SUPERBLOCKS=K (0: off; 1..7: the kinds below, A/B runs) */
    LIFT_SB_ON,      /* every kind */
    LIFT_SB_OFF,
};

#define LIFT_SB_JUMPS 1u   /* J, B and the never-taken forms */
#define LIFT_SB_CALLS 2u   /* JAL, BAL, JR/JALR of a known link */
#define LIFT_SB_FORWARD 4u /* forward conditional branches */
#define LIFT_SB_ALL 7u
/* Calls are off by default: inlining callees into every call site cost
 * python3 startup ~20% more translation time and gained nothing measurable
 * on lua/sqlite3 (the measurements are in the superblock report). */
#define LIFT_SB_DEFAULT_KINDS (LIFT_SB_JUMPS | LIFT_SB_FORWARD)

struct lift_config {
    unsigned max_insns; /* 0: LIFT_DEFAULT_MAX_INSNS; at most 60000 */
    unsigned superblocks; /* enum lift_superblocks */
    /* Nothing reads cpu->icount (user mode's JIT without gdb or the verifier,
     * whose exits leave it alone): a short if-then may then run on both
     * paths (lift_branch.c, "if-then regions"), its words counted on both. */
    bool no_icount;
};

#define LIFT_MAX_RUNS 16u        /* runs of consecutive words per block */
#define LIFT_NO_PAGE 0xffffffffu /* lift_runs.pages[1] of a one-page block */

/* Where a block's guest words came from, in lifting order: run i is the
 * run[i].count words from run[i].pc (a branch's slot included, a nullified
 * one too). pages[] are the virtual 4 KiB pages read, pages[0] the first's. */
struct lift_runs {
    unsigned n;
    struct {
        uint32_t pc, count;
    } run[LIFT_MAX_RUNS];
    uint32_t pages[2];
};

/* The words from the block's start pc that cover every word it read, as the
 * code cache's range test counts them (codecache/invalidate.c
 * block_overlaps: from the start to its page end, then on from pages[1]'s
 * base): equal to the instruction count for a contiguous block. */
uint32_t lift_runs_span(const struct lift_runs *r);

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

/* As lift_block_break, also reporting the words lifted in *runs (n = 0 when
 * the result is not positive). */
int lift_block_runs(struct cpu *cpu, uint32_t pc, struct ir_block *b,
                    const struct lift_config *cfg, const struct lift_break *brk,
                    struct lift_runs *runs);

/* Runs one instruction word through the interpreter as if at pc (see above). */
uint64_t lift_exec_insn(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount);

/* As lift_exec_insn, for instructions that end the block (see above). */
uint64_t lift_exec_insn_ends(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount);

extern const struct ir_helper lift_helper_exec;      /* lift_exec_insn */
extern const struct ir_helper lift_helper_exec_ends; /* lift_exec_insn_ends */
extern const struct ir_helper lift_helper_raise;     /* IR_RAISE_IF: records exception `code` */
extern const struct ir_helper lift_helper_raise_cpu; /* IR_RAISE_IF: CpU for coprocessor `code` */
extern const struct ir_helper lift_helper_swlr;      /* SWL/SWR store probe: (vaddr) */

/* For a delay slot at slot_pc (pc_flags as above) that raised (the restore
 * of frontend/lift_target.c; a slot run by a helper never picks the next pc,
 * the branch's exit does): sets cpu->delay_target from the branch at
 * slot_pc - 4 and the registers now, as the interpreter would hold it,
 * unless the block wrote it itself (LIFT_PC_DELAY_TARGET_SET). */
void lift_delay_target(struct cpu *cpu, uint32_t slot_pc, unsigned pc_flags);

#endif
