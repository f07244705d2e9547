/* translator/x86/regalloc.h — the backend's register allocator: one object per
 * block that knows where every IR value lives (host register, spill slot,
 * its home in the CPU state, or an immediate) and emits the moves that keep it
 * so. Private to translator/x86/backend*.c.
 *
 * Per op the backend calls:
 *   ra_begin(ra, i);                 // op i starts: nothing locked
 *   int x = ra_use(ra, in->a);       // a register holding a (locked for this op)
 *   int d = ra_def(ra, in->dst);     // a register for the result
 *   ... emit ...
 *   ra_end(ra);                      // temps whose last use was op i die
 *
 * Temps live from their definition to their last use (one backward pass at
 * ra_init); when registers run out the value whose last use is farthest is
 * spilled to a frame slot. Globals are cached on first use and marked dirty by
 * IR_SET; they are written back (not dropped) only at the named flush points
 * below, and dropped after calls that write globals.
 *
 * A temp may alias a global instead of owning a register (`set g, t` with t
 * read later, `t = mov g`): t is read wherever g lives, for free. Before g
 * changes (IR_SET, an in-place op, a call that writes globals) its live
 * aliases get homes of their own, g's register handed to one of them when
 * g's old value is dead. An op `t = f(g, ...)` followed by `set g, t` may
 * compute t in g's register (ra_def take_from), since g's old value dies.
 */
#ifndef TERN_TRANSLATOR_X86_REGALLOC_H
#define TERN_TRANSLATOR_X86_REGALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "translator/ir.h"
#include "translator/x86/x86_emit.h"

/* The generated code's fixed registers. */
#define RA_CPU X86_RBP  /* the CPU state pointer */
#define RA_FLAT X86_R15 /* the flat guest base (flat targets only) */

/* The trampoline's frame, addressed from rsp (16-byte aligned in generated code). */
#define RA_FRAME_VALUE 0 /* the load slow path's out value */
#define RA_FRAME_ARG0 8  /* slow-path argument staging */
#define RA_FRAME_ARG1 16
#define RA_FRAME_SAVE 24   /* 16 x 8 bytes: caller-saved registers around a slow call */
#define RA_FRAME_SPILL 152 /* RA_MAX_SLOTS x 8 bytes of spilled temps */
#define RA_MAX_SLOTS 128
#define RA_FRAME_SIZE (RA_FRAME_SPILL + 8 * RA_MAX_SLOTS) /* == 8 mod 16, after 6 pushes */

/* Registers a System V call may clobber. */
#define RA_CALLER_SAVED                                                                            \
    (1u << X86_RAX | 1u << X86_RCX | 1u << X86_RDX | 1u << X86_RSI | 1u << X86_RDI |               \
     1u << X86_R8 | 1u << X86_R9 | 1u << X86_R10 | 1u << X86_R11)

/* Why cached globals are written back (DuckStation-style named flush points). */
enum ra_flush {
    RA_FLUSH_FOR_EXIT,       /* leaving the block through an exit */
    RA_FLUSH_FOR_CALL_READS, /* a helper that reads (or writes, or raises) guest state */
    RA_FLUSH_FOR_RAISE,      /* the cold raise path of an op that faulted */
};

/* Most temps aliasing globals at once (more are given registers of their own). */
#define RA_MAX_ALIASES 32

/* Owner marker of a register locked as scratch for the current op. */
#define RA_SCRATCH ((ir_val_t)0xfffe)

/* Where the values held in registers stood at one point: what a cold stub
 * needs to write back dirty globals and to save live registers. */
struct ra_snapshot {
    ir_val_t owner[16];
    uint16_t dirty; /* registers holding a dirty global */
};

struct ra {
    const struct ir_block *b;
    struct x86_buf *buf;
    int8_t *reg_of;                   /* per value: host register or -1 */
    int16_t *slot_of;                 /* per temp: spill slot or -1 */
    uint16_t *last_use;               /* per value: last op reading it (its def when never read) */
    uint16_t *next_call;              /* per op: index of the first IR_CALL at or after it */
    uint8_t *dirty;                   /* per global: register copy newer than memory */
    uint8_t *nocache;                 /* per global: overlaps another global, never cached */
    ir_val_t *alias_of;               /* per temp: the global holding its value, or IR_NONE */
    ir_val_t aliases[RA_MAX_ALIASES]; /* the temps whose alias_of is set */
    unsigned naliases;
    ir_val_t owner[16];      /* per host register: the value in it, IR_NONE, RA_SCRATCH */
    ir_val_t scratch_of[16]; /* per scratch register: the constant or uncached global
                                materialised in it for the current op, or IR_NONE */
    uint16_t allocatable;    /* registers the allocator may hand out */
    uint16_t locked;         /* registers used by the current op */
    uint8_t slot_used[RA_MAX_SLOTS];
    unsigned cur;     /* the current op */
    unsigned cap;     /* capacity of the per-value arrays */
    unsigned ops_cap; /* capacity of next_call */
    bool failed;      /* out of spill slots or registers: the block is unsupported */
};

/* Prepares ra for block b (flat: r15 is reserved), computing live ranges;
 * false when out of memory. ra keeps its arrays across blocks. */
bool ra_init(struct ra *ra, const struct ir_block *b, struct x86_buf *buf, bool flat);

/* Frees the arrays of ra. */
void ra_release(struct ra *ra);

/* Starts op i: unlocks every register. */
void ra_begin(struct ra *ra, unsigned i);

/* Ends the current op: frees scratch registers and temps that died. */
void ra_end(struct ra *ra);

/* True when v is a temp whose last use is the current op. */
bool ra_dies(const struct ra *ra, ir_val_t v);

/* A register holding value v (loaded, reloaded or materialised), locked. */
int ra_use(struct ra *ra, ir_val_t v);

/* v's own register when it already has one (locks it), else -1 (also for a
 * temp aliasing a global: ra_use reads those). */
int ra_reg_if_any(struct ra *ra, ir_val_t v);

/* A register for the new value v, locked; take_from (or IR_NONE) is an operand
 * whose register v may take over: when it dies here, or when it holds global g
 * and the next op is `set g, v` (so the caller computes in place). */
int ra_def(struct ra *ra, ir_val_t v, ir_val_t take_from);

/* True when ra_def(ra, v, from) will give v from's register (an op on from
 * then computes in place); ask before from is used. */
bool ra_can_take(const struct ra *ra, ir_val_t v, ir_val_t from);

/* Defines temp v as the value of src (a global, or a temp aliasing one) with no
 * code; false (nothing done) when it cannot alias. */
bool ra_def_alias(struct ra *ra, ir_val_t v, ir_val_t src);

/* True when v is a constant, or lives in memory only: loading it straight into
 * the destination register costs no more than a copy of it. */
bool ra_not_in_reg(const struct ra *ra, ir_val_t v);

/* A free register locked as scratch for the current op. */
int ra_scratch(struct ra *ra);

/* Makes register r free (moving its value elsewhere) and locks it as scratch. */
void ra_claim(struct ra *ra, int r);

/* Makes scratch register r (locked) hold the new value v. */
void ra_assign(struct ra *ra, int r, ir_val_t v);

/* Global g = value v (IR_SET): g's register gets v, dirty. */
void ra_set_global(struct ra *ra, ir_val_t g, ir_val_t v);

/* Emits code putting value v in register r (width of v's type, zero-extended)
 * without changing where anything lives. */
void ra_load_into(struct ra *ra, int r, ir_val_t v);

/* v as a memory operand when it lives in memory only (an uncached global or a
 * spilled temp not in a register); false otherwise. */
bool ra_mem_operand(const struct ra *ra, ir_val_t v, struct x86_mem *m);

/* True when v is a constant usable as a sign-extended imm32 at v's width. */
bool ra_imm_operand(const struct ra *ra, ir_val_t v, int32_t *imm);

/* Writes every dirty cached global back to the CPU state (they stay cached, clean). */
void ra_flush(struct ra *ra, enum ra_flush why);

/* Forgets every cached global (after a helper that writes guest state). */
void ra_drop_globals(struct ra *ra);

/* Moves every value out of the caller-saved registers (to callee-saved ones
 * or to memory) and locks them all as scratch: before a C call. */
void ra_clobber_caller_saved(struct ra *ra);

/* Records where values stand now, for a cold stub emitted later. */
void ra_snapshot(const struct ra *ra, struct ra_snapshot *s);

/* Emits the write-back of the dirty globals of snapshot s (in a stub). */
void ra_flush_snapshot(const struct ra *ra, const struct ra_snapshot *s, enum ra_flush why);

/* Registers of s that hold a value and that a C call may clobber. */
uint16_t ra_snapshot_live_caller_saved(const struct ra_snapshot *s);

/* Globals a self-looping block keeps in host registers across iterations
 * (backend_exit.c): global g[i] lives in reg[i] at the loop head, where the
 * allocator takes it as dirty when the block sets it (the register is newer
 * than memory from the second iteration on), so every way out writes it
 * back; a global the block only reads stays clean (memory keeps its value). */
#define RA_LOOP_MAX 11
struct ra_loop {
    unsigned n;
    ir_val_t g[RA_LOOP_MAX];
    int8_t reg[RA_LOOP_MAX];
    bool set[RA_LOOP_MAX]; /* the block has an IR_SET of g[i] */
};

/* True when global g may be cached in a register (it overlaps no other). */
bool ra_cacheable_global(const struct ra *ra, ir_val_t g);

/* Emits the loads of the loop's globals into their registers and records
 * them there, dirty when set[i]: the allocator state at the loop head. */
void ra_enter_loop(struct ra *ra, const struct ra_loop *lp);

/* Emits, for a back edge from the point snapshot s describes to the loop
 * head: stores of the dirty globals outside the loop (the head expects them
 * in memory), then the parallel moves and loads that put each loop global in
 * its head register. Changes nothing in ra (the code after the back edge is
 * the fall-through path, which keeps the snapshot's state). rax must not be a
 * loop register: it breaks move cycles. */
void ra_emit_back_edge(const struct ra *ra, const struct ra_snapshot *s, const struct ra_loop *lp);

/* The x86 width of value v. */
enum x86_width ra_width(const struct ra *ra, ir_val_t v);

#endif
