/* translator/opt.h — the IR optimisation passes and the table that runs them.
 *
 * Passes run between the lifter and a backend, in table order, each one linear
 * (or near) in the block's size: they run for every translated block. Each has
 * a switch, so a miscompile can be bisected by turning passes off one by one
 * (`-O no-fold,no-dce`), as lightrec does. Every pass keeps the block valid for
 * ir_verify; in debug builds (NDEBUG unset) opt_run checks that after each pass.
 *
 *   struct opt_config cfg;
 *   opt_config_default(&cfg);
 *   if (opt_parse("no-dse", &cfg) < 0) ...;       // unknown pass name
 *   opt_run(b, &cfg);                               // b: a verified block
 *
 * The passes (opt_*.c), in order:
 *   globals  after `set g, x`, reads of g read x (until a call writes globals)
 *   fold     constant folding and propagation, algebraic identities, constant
 *            exits and raises (movs of temps and constants go here too)
 *   copy     uses of a mov's result read its source (what fold leaves: movs
 *            of globals, including the ones its identities make, x + 0 -> x)
 *   branch   exit_if.ne (setcond.c a, b), 0 -> exit_if.c a, b while a and b hold
 *            (setcond.ne/.eq of a setcond likewise)
 *   dse      a `set g` overwritten before anything could read g becomes a nop
 *   dce      ops without side effects whose result is unused become nops
 *            (after dse: a value only a dead set read goes too)
 */
#ifndef TERN_TRANSLATOR_OPT_H
#define TERN_TRANSLATOR_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translator/ir.h"

enum opt_pass_id { OPT_GLOBALS, OPT_FOLD, OPT_COPY, OPT_BRANCH, OPT_DSE, OPT_DCE, OPT_PASS_COUNT };

struct opt_config {
    bool enabled[OPT_PASS_COUNT];
};

/* Working memory of the passes: a stack buffer for small blocks, the heap for
 * large ones; one allocation at most per request, never one per op. */
struct opt_scratch {
    void *stack;
    size_t stack_size;
    void *heap;
    size_t heap_size;
};

/* A pass: rewrites b in place; false when it ran out of memory (b still valid). */
typedef bool (*opt_pass_fn)(struct ir_block *b, struct opt_scratch *s);

struct opt_pass {
    const char *name;
    opt_pass_fn run;
    bool on_by_default;
};

/* The pass table, in run order (OPT_PASS_COUNT entries, indexed by opt_pass_id). */
extern const struct opt_pass opt_passes[OPT_PASS_COUNT];

/* Fills cfg with every pass's default switch. */
void opt_config_default(struct opt_config *cfg);

/* Applies a comma-separated list of pass names, each `name` (on) or `no-name`
 * (off), or `all` / `none`, to cfg; -1 at the first unknown name, else 0. */
int opt_parse(const char *spec, struct opt_config *cfg);

/* Runs the enabled passes over b in order (cfg NULL: the defaults); 0, or -1
 * when memory ran out (b is then valid but less optimised). Debug builds abort,
 * naming the pass, when a pass leaves b failing ir_verify. */
int opt_run(struct ir_block *b, const struct opt_config *cfg);

/* The passes, for tests and tools that run one alone. */
bool opt_globals(struct ir_block *b, struct opt_scratch *s);
bool opt_fold(struct ir_block *b, struct opt_scratch *s);
bool opt_copy(struct ir_block *b, struct opt_scratch *s);
bool opt_branch(struct ir_block *b, struct opt_scratch *s);
bool opt_dce(struct ir_block *b, struct opt_scratch *s);
bool opt_dse(struct ir_block *b, struct opt_scratch *s);

/* ---- Shared by the pass files (opt.c). ---- */

/* Zeroed memory of `bytes` from s, valid until the next request; NULL when out
 * of memory. */
void *opt_scratch_get(struct opt_scratch *s, size_t bytes);

/* Takes `bytes` from the region at *cursor, keeping 8-byte alignment. */
void *opt_carve(uint8_t **cursor, size_t bytes);

/* What opt_carve takes for `bytes` (to size a scratch request). */
size_t opt_carve_size(size_t bytes);

/* Releases s's heap memory. */
void opt_scratch_free(struct opt_scratch *s);

/* Bytes that opt_mark_aliased needs as `work` for b. */
size_t opt_alias_work_size(const struct ir_block *b);

/* Sets aliased[v] = 1 for each global whose bytes overlap another global's
 * (e.g. an i64 over two i32 halves): the passes never forward or drop those. */
void opt_mark_aliased(const struct ir_block *b, uint8_t *aliased, void *work);

/* Replaces each operand v that op reads (not IR_SET's target) by map(v, ctx).
 * Inline so that map is inlined into the passes' per-op loops. */
static inline void opt_rewrite_uses(struct ir_insn *in, ir_val_t (*map)(ir_val_t v, void *ctx),
                                    void *ctx)
{
    if (in->op == IR_NOP) return;
    if (in->a != IR_NONE && in->op != IR_SET) in->a = map(in->a, ctx);
    if (in->b != IR_NONE) in->b = map(in->b, ctx);
    if (in->c != IR_NONE) in->c = map(in->c, ctx);
}

/* Turns an op into a nop. */
void opt_kill(struct ir_insn *in);

/* True when the op has no effect but its result (removable when unused). */
bool opt_is_pure(const struct ir_insn *in);

/* Finds or makes constants in near-constant time (ir_const32/64 scan the block). */
struct opt_consts {
    ir_val_t *slots;
    unsigned mask, count;
};

/* Slots opt_consts_init needs for b, allowing one new constant per op. */
unsigned opt_consts_slots(const struct ir_block *b);

/* Indexes b's constants into `slots` (nslots from opt_consts_slots). */
void opt_consts_init(struct opt_consts *h, const struct ir_block *b, ir_val_t *slots,
                     unsigned nslots);

/* The constant v (masked to type t); IR_NONE when out of memory. */
ir_val_t opt_const(struct opt_consts *h, struct ir_block *b, enum ir_type t, uint64_t v);

#endif
