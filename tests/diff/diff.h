/* tests/diff/diff.h — the differential test of tern against Unicorn: the guest
 * memory layout both sides share, a generated sequence (struct diff_seq), the
 * architectural state compared after it (struct diff_state), and the engine
 * interface that lets the same test drive the interpreter today and the JIT
 * later.
 *
 *   struct diff_seq seq;
 *   gen_sequence(seed, DIFF_CLASS_INT | DIFF_CLASS_MEM, 64, &seq);
 *   tern_side_run(t, &seq, diff_engine_interp, &a);
 *   unicorn_side_run(u, &seq, &b);
 *   if (!state_equal(&a, &b, seq.fpu)) state_print_diff(stdout, &a, &b, seq.fpu);
 *
 * Both sides run the same bytes at the same kseg0 addresses: tern maps kseg0
 * onto physical 0 (softmmu/memory.c) and Unicorn 2.0.1, with RAM mapped at
 * physical 0, translates kseg0 the same way (checked by hand: a store through
 * 0x80000100 lands at physical 0x100).
 */
#ifndef TERN_TESTS_DIFF_H
#define TERN_TESTS_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct cpu;

#define DIFF_RAM_SIZE 0x40000u    /* physical 0 .. 256 KiB, mapped in both */
#define DIFF_CODE 0x80001000u     /* first instruction of every sequence */
#define DIFF_CODE_MAX 2048u       /* words */
#define DIFF_SCRATCH 0x80010000u  /* loads and stores stay inside this area */
#define DIFF_SCRATCH_SIZE 256u    /* small, so loads often see earlier stores */
#define DIFF_FPU_AREA 0x80020000u /* prologue loads f0..f31 then FCSR from here */
#define DIFF_FPU_DUMP 0x80020100u /* epilogue stores f0..f31 then FCSR here */
#define DIFF_FPU_WORDS 33u

/* Registers the generator never writes: the scratch base (the middle of the
 * scratch area, so offsets are signed), the FPU area base, and the epilogue's
 * temporary. */
#define DIFF_REG_SCRATCH 23
#define DIFF_REG_FPU 26
#define DIFF_REG_TMP 27

enum diff_class {
    DIFF_CLASS_INT = 1u << 0,
    DIFF_CLASS_BRANCH = 1u << 1,
    DIFF_CLASS_MEM = 1u << 2,
    DIFF_CLASS_FPU = 1u << 3,
};

/* One generated program and the initial state it starts from. */
struct diff_seq {
    uint32_t words[DIFF_CODE_MAX];
    unsigned count;                /* words, prologue + body + epilogue */
    unsigned body_start, body_end; /* word indexes of the random part */
    uint32_t end_pc;               /* both engines stop when pc reaches it */
    bool fpu;                      /* has the FPU prologue/epilogue; compare FPRs and FCSR */
    uint32_t gpr[32], hi, lo;
    uint32_t fpu_init[DIFF_FPU_WORDS]; /* f0..f31 (FR=0 words), FCSR */
    uint8_t scratch[DIFF_SCRATCH_SIZE];
};

#define DIFF_EXC_NONE 0xff   /* as EXC_NONE in core/cpu.h */
#define DIFF_EXC_ENGINE 0xfe /* the engine failed in a way the guest cannot cause */

/* What is compared after a sequence. */
struct diff_state {
    uint32_t gpr[32], hi, lo, pc;
    uint32_t fpu[DIFF_FPU_WORDS]; /* as dumped by the epilogue: f0..f31, FCSR */
    uint8_t scratch[DIFF_SCRATCH_SIZE];
    uint8_t exc;     /* MIPS ExcCode of the exception that stopped it, or DIFF_EXC_NONE */
    uint32_t exc_pc; /* address of the faulting instruction */
    uint64_t steps;  /* instructions retired */
};

/* The engine under test: runs cpu from cpu->pc until pc == end_pc outside a
 * delay slot. Returns false when an exception stopped it (in cpu->exc, pc at
 * the faulting instruction) or max_steps passed; *steps counts retirements. */
typedef bool (*diff_engine_fn)(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps,
                               uint64_t *steps);

/* The reference interpreter as a diff engine (an interp_step loop). */
bool diff_engine_interp(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps);

/* The translator (core/jit.h) as a diff engine, and the lock-step verify engine. */
bool diff_engine_jit(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps);
bool diff_engine_verify(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps);

/* Fills seq with a random program of body_len instructions from the enabled
 * classes and a random initial state; the same seed gives the same sequence. */
void gen_sequence(uint64_t seed, unsigned classes, unsigned body_len, struct diff_seq *seq);

/* Writes value into p in the given byte order. */
void diff_put32(uint8_t *p, uint32_t value, bool big_endian);

/* Reads a word stored in the given byte order. */
uint32_t diff_get32(const uint8_t *p, bool big_endian);

/* tern's side: a CPU and RAM laid out as above. */
struct tern_side;

/* A fresh machine of the given byte order; NULL when out of memory. */
struct tern_side *tern_side_new(bool big_endian);

/* Releases what tern_side_new() made; NULL is allowed. */
void tern_side_free(struct tern_side *t);

/* Loads seq into the machine, runs it with engine, fills out. */
void tern_side_run(struct tern_side *t, const struct diff_seq *seq, diff_engine_fn engine,
                   struct diff_state *out);

/* Unicorn's side. */
struct unicorn_side;

/* Opens Unicorn as a MIPS32 24Kf of the given byte order; NULL on failure
 * (the reason in *err, a static string). */
struct unicorn_side *unicorn_side_new(bool big_endian, const char **err);

/* Releases what unicorn_side_new() made; NULL is allowed. */
void unicorn_side_free(struct unicorn_side *u);

/* Loads seq, runs it in Unicorn and fills out as tern_side_run() does. */
void unicorn_side_run(struct unicorn_side *u, const struct diff_seq *seq, struct diff_state *out);

/* True when a and b agree on everything compared (FPU words only when fpu). */
bool state_equal(const struct diff_state *a, const struct diff_state *b, bool fpu);

/* Prints a and b side by side, marking every difference with '*'. */
void state_print_diff(FILE *out, const struct diff_state *a, const struct diff_state *b, bool fpu);

/* Prints the sequence, one disassembled line per word, and its initial state. */
void state_print_seq(FILE *out, const struct diff_seq *seq, bool big_endian);

#endif
