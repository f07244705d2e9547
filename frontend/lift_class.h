/* frontend/lift_class.h — private to the lifter: the state one block's lifting
 * carries (struct lift_ctx) and the contract between lift.c (fetch, block
 * ends, dispatch, helper fallback) and the per-class files (lift_alu.c,
 * lift_muldiv.c, lift_branch.c, lift_mem.c, lift_trap.c, lift_fpu.c).
 *
 * A class function lifts one instruction at c->pc inline and returns true, or
 * returns false having emitted nothing, and lift.c then lifts the instruction
 * as a call of the interpreter (lift_via_helper).
 */
#ifndef TERN_FRONTEND_LIFT_CLASS_H
#define TERN_FRONTEND_LIFT_CLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"
#include "frontend/insn.h"
#include "frontend/lift.h"
#include "translator/ir.h"

struct lift_ctx {
    struct cpu *cpu;
    struct ir_block *b;
    uint32_t pc;              /* the instruction being lifted */
    uint16_t pc_flags;        /* LIFT_PC_DELAY_SLOT while lifting a delay slot */
    uint16_t icount;          /* instructions retired before it */
    unsigned mem_order;       /* IR_MEM_BIG_ENDIAN or 0 */
    bool ended;               /* a helper call ended the block: nothing may follow */
    ir_val_t gpr[32], hi, lo; /* globals, declared on first use (IR_NONE before) */
    /* Superblocks (lift.h): where lifting may go on after a branch. */
    unsigned extend;          /* the kinds the config allows (LIFT_SB_*) */
    unsigned limit;           /* instructions per block */
    uint32_t known_mask;      /* GPRs whose value is a lift-time constant (a link) */
    uint32_t known[32];       /* ... and that value */
    struct lift_runs *runs;   /* the words lifted so far */
    bool no_icount;           /* lift_config.no_icount */
    unsigned exits_counted;   /* exits among b's first exits_scanned ops (count_exits) */
    unsigned exits_scanned;
};

/* The value of GPR r: the constant 0 for $zero, else its global. */
ir_val_t lift_gpr(struct lift_ctx *c, unsigned r);

/* GPR r = v; writes to $zero vanish. */
void lift_set_gpr(struct lift_ctx *c, unsigned r, ir_val_t v);

/* The HI and LO globals. */
ir_val_t lift_hi(struct lift_ctx *c);
ir_val_t lift_lo(struct lift_ctx *c);

/* A 32-bit constant. */
static inline ir_val_t lift_k(struct lift_ctx *c, uint32_t v)
{
    return ir_const32(c->b, v);
}

/* Lifts one non-branch instruction (or any instruction in a delay slot). */
void lift_one(struct lift_ctx *c, const struct mips_insn *in);

/* Lifts the instruction as a call of the interpreter (lift.h's helpers). */
void lift_via_helper(struct lift_ctx *c, const struct mips_insn *in);

/* Fetches and decodes the word at pc without leaving an exception pending;
 * false when it cannot be fetched. */
bool lift_fetch(struct cpu *cpu, uint32_t pc, struct mips_insn *in);

/* Adds the words words from pc, which follow the current run's end, to it
 * (an if-then region, lift_branch.c), when lift_words_free allowed them. */
void lift_run_add(struct lift_ctx *c, uint32_t pc, unsigned words);

/* True when the n words from pc are on the page of pc, one the block may
 * read, and none of them is lifted already. */
bool lift_words_free(const struct lift_ctx *c, uint32_t pc, unsigned n);

/* True when in is lifted inline as an ALU op that never raises (it writes
 * one GPR and nothing else). */
bool lift_pure_alu(const struct mips_insn *in);

/* True when lifting in may emit an op that leaves the block (raise). */
bool lift_may_raise(const struct mips_insn *in);

/* True when in may write guest memory (a store, or an instruction the
 * interpreter runs for the block: SC, CACHE, ...). */
bool lift_may_write_memory(const struct mips_insn *in);

/* Class functions; see above. */
bool lift_alu(struct lift_ctx *c, const struct mips_insn *in);
bool lift_muldiv(struct lift_ctx *c, const struct mips_insn *in);
bool lift_mem(struct lift_ctx *c, const struct mips_insn *in);
bool lift_trap(struct lift_ctx *c, const struct mips_insn *in);
bool lift_fpu(struct lift_ctx *c, const struct mips_insn *in);
bool lift_system(struct lift_ctx *c, const struct mips_insn *in); /* RDHWR */
bool lift_movci(struct lift_ctx *c, const struct mips_insn *in);  /* MOVF/MOVT (lift_movci.c) */

/* The FPU helpers (lift_helper.c) that lift_fpu.c calls with pre-decoded
 * operands: a = lift_fpu_pack(in); b = the operation (enum fpu_arith, enum
 * fpu_madd, enum lift_fpu_convert, or the compare predicate); c = the
 * conversion's rounding mode (enum fpu_round, or LIFT_FPU_RM_FCSR) or the
 * compare's condition code. They read and write only cpu->fpr and cpu->fcsr
 * (and record EXC_FPE): CAN_RAISE, returning 1 when the operation trapped with
 * the destination unwritten, as interp_fpu.c. The lifter checked legality. */
static inline uint32_t lift_fpu_pack(const struct mips_insn *in)
{
    return (uint32_t)in->fd | (uint32_t)in->fs << 5 | (uint32_t)in->ft << 10 |
           (uint32_t)in->fr << 15 | (uint32_t)in->fmt << 20;
}

enum lift_fpu_convert { LIFT_FPU_TO_W, LIFT_FPU_TO_L, LIFT_FPU_TO_S, LIFT_FPU_TO_D };
#define LIFT_FPU_RM_FCSR 4u /* a conversion that rounds as FCSR.RM says */

extern const struct ir_helper lift_helper_fpu_arith;   /* ADD .. RSQRT.fmt */
extern const struct ir_helper lift_helper_fpu_madd;    /* MADD .. NMSUB.fmt */
extern const struct ir_helper lift_helper_fpu_convert; /* CVT, ROUND, TRUNC, CEIL, FLOOR */
extern const struct ir_helper lift_helper_fpu_compare; /* C.cond.fmt */

/* Lifts a branch at c->pc with its delay slot. Returns true with *next set
 * when the block goes on at *next (lift_may_extend allowed it; the other
 * side, if any, left through an exit_if), false when it emitted the block's
 * exits. c->pc is the slot's on return. */
bool lift_branch(struct lift_ctx *c, const struct mips_insn *br, const struct mips_insn *slot,
                 uint32_t *next);

/* Whether, after a branch pair ending at c->pc, lifting may go on at target
 * when the branch adds `exits` exits (lift.h's limits). */
bool lift_may_extend(struct lift_ctx *c, uint32_t target, unsigned exits);

#endif
