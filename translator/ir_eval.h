/* translator/ir_eval.h — a plain evaluator of one IR block on a CPU-state
 * pointer: the reference every backend is tested against. It knows nothing of
 * the guest; everything it touches is the IR's globals (read and written
 * straight in the state block at their offsets) and the struct ir_target.
 *
 *   struct ir_target t;
 *   mips_ir_target(cpu, &t);
 *   switch (ir_eval(b, cpu, &t)) { case IR_EVAL_RAISE: ... }
 *
 * Leaving the block it does what translator/target.h says every engine does.
 * Memory always goes through t->load/t->store (never flat_base), so a bad
 * guest address is a guest fault, not a host one.
 */
#ifndef TERN_TRANSLATOR_IR_EVAL_H
#define TERN_TRANSLATOR_IR_EVAL_H

#include "translator/ir.h"
#include "translator/target.h"

/* How a block left. */
enum ir_eval_result {
    IR_EVAL_EXIT,          /* a direct exit (IR_EXIT or a taken IR_EXIT_IF): pc = its target */
    IR_EVAL_EXIT_INDIRECT, /* IR_EXIT_INDIRECT: pc = the computed target */
    IR_EVAL_RAISE,         /* an op raised: exception recorded, restore() done */
    IR_EVAL_HELPER_EXIT,   /* an IR_CALL_ENDS_BLOCK helper returned; it set pc */
    IR_EVAL_STORE_EXIT,    /* a store changed code and resume_after() ended the block */
    IR_EVAL_REQUESTED,     /* exit_request was set at entry: nothing ran */
    IR_EVAL_INVALID,       /* ran off the end, or a value the evaluator cannot hold */
};

/* Runs block b on the state block cpu; returns an enum ir_eval_result.
 * A can-raise IR_CALL raised when its result is non-zero. */
int ir_eval(const struct ir_block *b, void *cpu, const struct ir_target *t);

#endif
