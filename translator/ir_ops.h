/* translator/ir_ops.h — the one definition of what each value-producing IR op
 * computes (translator/ir_ops.c). The reference evaluator (ir_eval.c) runs it
 * and constant folding (opt_fold.c) folds with it, so the two cannot drift.
 *
 *   uint64_t r;
 *   if (ir_op_compute(in, 0x7fffffff, 1, 0, &r)) ... r == 0x80000000 for an I32 add
 */
#ifndef TERN_TRANSLATOR_IR_OPS_H
#define TERN_TRANSLATOR_IR_OPS_H

#include "translator/ir.h"

/* The result of value op `in` (MOV, arithmetic, width changes, fields, SETCOND,
 * SELECT) on operand values a, b, c, masked to the op's result type; false, with
 * *result = 0, where ir.h leaves it undefined (division by zero, INT_MIN / -1, a
 * field that does not fit the width) or `in` is not a value op. */
bool ir_op_compute(const struct ir_insn *in, uint64_t a, uint64_t b, uint64_t c, uint64_t *result);

/* Whether cond(a, b) holds between values of type t (only their low bits count). */
bool ir_cond_holds(enum ir_cond c, enum ir_type t, uint64_t a, uint64_t b);

#endif
