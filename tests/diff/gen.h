/* tests/diff/gen.h — what the generator's two halves share: the generator
 * state (struct gen), its random source, the word encoders and emit(). gen.c
 * owns the integer, memory and branch classes and the whole sequence;
 * gen_fpu.c owns the FPU class.
 */
#ifndef TERN_TESTS_DIFF_GEN_H
#define TERN_TESTS_DIFF_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/diff/diff.h"

struct fixup {
    unsigned at;     /* the branch word (or, for JR/JALR, the LUI two words before) */
    unsigned target; /* preferred target word index */
    uint8_t kind;
};

struct gen {
    uint64_t rng;
    unsigned classes;
    struct diff_seq *seq;
    bool landable[DIFF_CODE_MAX + 1];
    struct fixup fix[DIFF_CODE_MAX];
    unsigned nfix;
};

/* The next 64 random bits (xorshift64*). */
static inline uint64_t gen_next(struct gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545f4914f6cdd1dull;
}

/* A random number in 0..n-1. */
static inline unsigned gen_below(struct gen *g, unsigned n)
{
    return (unsigned)((gen_next(g) >> 32) % n);
}

/* True one time in one_in. */
static inline bool gen_chance(struct gen *g, unsigned one_in)
{
    return gen_below(g, one_in) == 0;
}

/* An R-type word (opcode field left 0: OR in the major opcode). */
static inline uint32_t gen_enc_r(unsigned rs, unsigned rt, unsigned rd, unsigned sa, unsigned fn)
{
    return rs << 21 | rt << 16 | rd << 11 | sa << 6 | fn;
}

/* An I-type word. */
static inline uint32_t gen_enc_i(unsigned op, unsigned rs, unsigned rt, uint32_t imm)
{
    return op << 26 | rs << 21 | rt << 16 | (imm & 0xffffu);
}

/* Appends a word; landable says whether a branch may target it. Returns its index. */
static inline unsigned gen_emit(struct gen *g, uint32_t word, bool landable)
{
    struct diff_seq *s = g->seq;
    g->landable[s->count] = landable;
    s->words[s->count] = word;
    return s->count++;
}

/* A GPR the generator may write (1..12, now and then $zero). */
unsigned gen_dst(struct gen *g);

/* A GPR to read: mostly the working set, now and then another one. */
unsigned gen_src(struct gen *g);

/* A 32-bit value worth testing (edges, small numbers, random). */
uint32_t gen_interesting(struct gen *g);

/* ---- the FPU class (gen_fpu.c) ---- */

/* The longest item gen_fpu_item() emits, in words. */
#define GEN_FPU_ITEM_MAX 5

/* Emits one FPU item: an instruction and, where its result could be a NaN
 * whose bits the two engines rightly disagree on, the canonicalising pair
 * after it (see gen_fpu.c). The first word is landable, the rest not. */
void gen_fpu_item(struct gen *g);

/* One FPU word that never needs canonicalising, for a delay slot. */
uint32_t gen_fpu_one(struct gen *g);

/* BC1F/BC1T/BC1FL/BC1TL on a random cc, offset 0 (fixed up later). */
uint32_t gen_fpu_branch(struct gen *g);

/* Fills seq->fpu_init: typed FPR banks of non-NaN values, the reserved
 * default NaNs, and an FCSR with random RM and condition codes. */
void gen_fpu_initial(struct gen *g);

/* Emits the prologue that loads f0..f31 and FCSR from DIFF_FPU_AREA. */
void gen_fpu_prologue(struct gen *g);

/* Emits the epilogue that stores f0..f31 and FCSR to DIFF_FPU_DUMP. */
void gen_fpu_epilogue(struct gen *g);

#endif
