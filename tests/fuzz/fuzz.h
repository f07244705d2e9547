/* tests/fuzz/fuzz.h — the random-program differential test of the translator
 * against the interpreter: the guest memory layout, a generated program
 * (struct fz_prog) and the generator's entry point.
 *
 *   struct fz_prog *p = malloc(sizeof *p);
 *   fz_generate(seed, 40000, p);     // about 40000 instructions executed at most
 *   ... load p->code at FZ_CODE, p->tables at FZ_TABLES, ... run from p->entry
 *   ... to the SYSCALL at p->end_pc under two engines, compare (fuzz_main.c)
 *
 * Unlike tests/diff (straight-line-ish sequences), a program here has control
 * flow: functions with an acyclic call graph and stack frames, counted loops
 * (branch-likely too), if/else diamonds, jump tables, memory traffic of every
 * width, LL/SC, HI/LO, the FPU class of tests/diff/gen_fpu.c, and stores that
 * rewrite instructions which run again later.
 */
#ifndef TERN_TESTS_FUZZ_H
#define TERN_TESTS_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/diff/diff.h"

#define FZ_RAM_SIZE (1u << 20) /* physical 0 .. 1 MiB, kseg0 0x80000000.. */
#define FZ_CODE 0x80001000u    /* the code, spanning several pages */
#define FZ_CODE_MAX 12288u     /* words (48 KiB) */
#define FZ_TABLES 0x80010000u  /* jump tables (code addresses) */
#define FZ_TABLES_MAX 1024u    /* words */
#define FZ_SCRATCH 0x80012000u /* loads and stores stay in here */
#define FZ_SCRATCH_SIZE 1024u
#define FZ_FPU 0x80014000u       /* f0..f31 and FCSR the prologue loads */
#define FZ_STACK_TOP 0x80020000u /* initial $sp; frames grow down */

/* Reserved registers; the generator writes 1..22 freely. */
#define FZ_REG_BASE 23 /* FZ_SCRATCH + FZ_SCRATCH_SIZE / 2 (DIFF_REG_SCRATCH of gen_fpu.c) */
#define FZ_REG_CNT0 24 /* loop counters by nesting depth; saved by every function */
#define FZ_REG_CNT1 25
#define FZ_REG_FPU 26  /* FZ_FPU (DIFF_REG_FPU) */
#define FZ_REG_TMP 27  /* address temporary (DIFF_REG_TMP) */
#define FZ_REG_TMP2 30 /* second temporary */
#define FZ_REG_SUM 2   /* the final checksum */

_Static_assert(FZ_REG_BASE == DIFF_REG_SCRATCH && FZ_REG_FPU == DIFF_REG_FPU &&
                   FZ_REG_TMP == DIFF_REG_TMP,
               "gen_fpu.c's registers must be the fuzzer's reserved ones");

/* One generated program and the state it starts from. */
struct fz_prog {
    uint32_t code[FZ_CODE_MAX];
    unsigned count; /* code words */
    uint32_t tables[FZ_TABLES_MAX];
    unsigned ntables; /* table words */
    uint32_t entry;   /* first pc (main, the last function) */
    uint32_t end_pc;  /* the planted SYSCALL */
    uint32_t gpr[32], hi, lo;
    uint32_t fpu_init[DIFF_FPU_WORDS];
    uint8_t scratch[FZ_SCRATCH_SIZE];
    uint64_t max_insns; /* upper bound of the instructions it executes */
    unsigned functions, loops, calls, switches, smc; /* what it holds */
};

/* Generates the program of seed, aiming at about `budget` instructions
 * executed (never more than p->max_insns). */
void fz_generate(uint64_t seed, uint64_t budget, struct fz_prog *p);

#endif
