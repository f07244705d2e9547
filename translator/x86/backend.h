/* translator/x86/backend.h — the x86-64 backend: lowers one IR block
 * (translator/ir.h) to host code for the code cache, plus the entry trampoline
 * and the shared epilogue every generated block returns through.
 *
 *   struct backend *be = backend_new();
 *   struct backend_entry entry;
 *   backend_emit_entry(rw, rx, cap, &target, &entry);     // once per cache generation
 *   struct backend_block out;
 *   int n = backend_emit_block(be, block, &target, &entry, tokens, rw2, rx2, cap2, &out);
 *   uint64_t token = ((backend_enter_fn)entry.enter)(cpu, rx2);
 *
 * Conventions of the generated code (shared by every block of one cache):
 * rbp holds the CPU state pointer, r15 the flat guest base (when the target is
 * flat), rsp points at a 16-byte aligned frame of BACKEND_FRAME_SIZE bytes made
 * by the trampoline. A block returns through the epilogue with rax = 0 ("state.pc
 * says where to go") or with the exit token of an unchained direct exit.
 */
#ifndef TERN_TRANSLATOR_X86_BACKEND_H
#define TERN_TRANSLATOR_X86_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "translator/ir.h"
#include "translator/target.h"

/* Most chainable exits one block may have (IR_EXIT and IR_EXIT_IF together,
 * plus the inline cache of an indirect exit). */
#define BACKEND_MAX_EXITS 32

/* backend_emit_block results besides a byte count. */
enum backend_error {
    BACKEND_NO_SPACE = -1,    /* the code did not fit in cap bytes: flush the cache, retry */
    BACKEND_UNSUPPORTED = -2, /* the block cannot be lowered: interpret it instead */
};

/* The trampoline's signature: runs generated code at `code` on the state `cpu`;
 * returns 0, IR_TOKEN_JCACHE_MISS or the exit token of the chainable exit
 * that left (a direct exit, or an indirect exit's inline cache). */
typedef uint64_t (*backend_enter_fn)(void *cpu, const void *code);

/* What backend_emit_entry made (RX addresses). */
struct backend_entry {
    const uint8_t *enter;    /* a backend_enter_fn */
    const uint8_t *epilogue; /* every exit jumps here with rax set */
    /* flat_fault targets: the shared slow path of memory accesses that only
     * a host fault reaches (backend_slow.c); NULL otherwise. */
    const uint8_t *slow_entry;
    size_t size;             /* bytes used at rw/rx */
    uint8_t *flat_base;      /* r15 as loaded by this trampoline (NULL: not flat) */
};

/* One chainable exit of a block, in IR order: a direct exit, or the inline
 * cache of an indirect one (backend_exit.c), whose jmp is taken only when the
 * jump's target equals the imm32 at ic_offset: BACKEND_IC_EMPTY until the
 * engine writes the first target it saw (once), and then points the jne whose
 * rel32 is at ic_fill_offset (which brought it there) at stub_offset. */
struct backend_exit {
    uint32_t rel32_offset;   /* offset in the block of the patchable jmp's rel32 field */
    uint32_t stub_offset;    /* where that jmp goes while unchained */
    uint32_t target_pc;      /* the guest pc it leads to (BACKEND_IC_EMPTY: an empty cache) */
    uint32_t ic_offset;      /* inline cache: offset of its 4-aligned pc imm32; 0 otherwise */
    uint32_t ic_fill_offset; /* inline cache: its jne's 4-aligned rel32 */
};

/* An inline cache's pc before it is filled, and once it will never be: no
 * guest pc (they are 4-aligned), and a jump to either finds the jmp unchained. */
#define BACKEND_IC_EMPTY 0x7ffffffdu
#define BACKEND_IC_NEVER 0x7fffffffu

/* An inline access of a flat_fault target: a host fault at offsets
 * [start, end) of the block resumes at its slow path, offset stub. */
struct backend_fault {
    uint32_t start, end, stub;
};

/* What backend_emit_block made. */
struct backend_block {
    size_t size; /* bytes used */
    unsigned nexits;
    struct backend_exit exits[BACKEND_MAX_EXITS];
    const struct backend_fault *faults; /* in address order; valid until the next call */
    unsigned nfaults;
};

struct backend;

/* A backend with its reusable scratch state and the host CPU's features
 * (movbe, lzcnt) probed; NULL when out of memory. */
struct backend *backend_new(void);

/* Frees a backend; NULL is allowed. */
void backend_free(struct backend *be);

/* Turns the use of movbe / lzcnt off (or back on, when the host has them);
 * the tests use it to cover the fallback sequences. */
void backend_set_features(struct backend *be, int use_movbe, int use_lzcnt);

/* Turns the use of BMI2 (shlx/shrx/sarx/rorx) off (or back on, when the host
 * has it); the tests use it to cover the two-operand sequences. */
void backend_set_bmi2(struct backend *be, int use_bmi2);

/* Turns the MXCSR-free inline FP ops (FMA3 exactness checks, backend_fpu.c)
 * off, or back on when the host has FMA3 and the environment does not set
 * TERN_FPU_FAST=0; the tests use it to cover the MXCSR sequences. */
void backend_set_fpu_fast(struct backend *be, int on);

/* Emits the entry trampoline and the epilogue at rw (to run at rx); returns the
 * bytes used, or BACKEND_NO_SPACE. */
int backend_emit_entry(uint8_t *rw, uint8_t *rx, size_t cap, const struct ir_target *t,
                       struct backend_entry *out);

/* Most chainable exits of b (IR_EXIT and IR_EXIT_IF, and an inline cache per
 * IR_EXIT_INDIRECT while at most BACKEND_MAX_EXITS): how many tokens the
 * engine passes to backend_emit_block. */
unsigned backend_count_exits(const struct ir_block *b);

/* Emits host code for block b at rw (to run at rx). exit_tokens[i] is what
 * the unchained i-th direct exit returns (NULL: i + 1). Returns the bytes
 * used, BACKEND_NO_SPACE or BACKEND_UNSUPPORTED. */
int backend_emit_block(struct backend *be, const struct ir_block *b, const struct ir_target *t,
                       const struct backend_entry *entry, const uint64_t *exit_tokens, uint8_t *rw,
                       uint8_t *rx, size_t cap, struct backend_block *out);

/* Prints size bytes of host code at code (as if at addr) with Capstone, one
 * instruction a line (`-d out_asm`). */
void backend_disasm(FILE *out, const uint8_t *code, size_t size, uint64_t addr);

#endif
