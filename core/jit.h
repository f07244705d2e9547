/* core/jit.h — the translating engine: finds or translates the guest block at
 * cpu->pc (frontend/lift -> translator/opt -> translator/x86 backend ->
 * codecache), runs translated code until it comes back to the dispatcher,
 * chains direct exits, and keeps the soft TLB and the jump cache honest.
 *
 *   struct jit *jit = jit_new(cpu, &cfg);
 *   for (;;) {
 *       switch (jit_run(jit, cpu)) {
 *       case JIT_EXCEPTION: ... cpu->exc holds it ...
 *       case JIT_INTERPRET: interp_step(cpu); break;   // untranslatable here
 *       case JIT_OK: break;                             // cpu->pc is the next block
 *       }
 *   }
 *
 * The verify engine (jit_verify_run) runs each block translated and then
 * again in the interpreter from the same state, and stops at the first
 * difference in CPU state or written memory.
 */
#ifndef TERN_CORE_JIT_H
#define TERN_CORE_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "translator/opt.h"

struct cpu;
struct jit;

/* translate_after for tern-user and tern-system: a block start is
 * interpreted on its first visit and translated on its second (measured in
 * docs/performance.md: 3 is no better, 8 worse). */
#define JIT_TRANSLATE_AFTER 2

struct jit_config {
    size_t tb_size;        /* code cache bytes (-tb-size); 0: the default 32 MiB */
    unsigned max_insns;    /* guest instructions per block; 0: the lifter's default */
    struct opt_config opt; /* which passes run */
    bool verify;           /* lock-step checking: no chaining, memory through C */
    bool no_icount;        /* generated code leaves cpu->icount and the jump-cache probe
                            * count alone (user mode, no debugger: nothing reads them) */
    unsigned translate_after; /* a block start is translated on its Nth visit, the
                               * ones before are interpreted (JIT_INTERPRET): code that
                               * runs once costs no translation; 0 or 1: at once */
};

enum jit_result {
    JIT_OK,        /* translated code ran; cpu->pc is where to go on */
    JIT_EXCEPTION, /* a guest exception is pending in cpu->exc */
    JIT_INTERPRET, /* no translation here (fetch fault, unsupported block, or not
                    * visited translate_after times yet): step the interpreter */
    JIT_DIVERGED,  /* verify: the engines disagreed (reported on the log) */
};

struct jit_stats {
    uint64_t blocks;               /* blocks translated */
    uint64_t guest_insns;          /* guest instructions translated */
    uint64_t host_bytes;           /* host code bytes emitted */
    uint64_t translate_ns;         /* time spent translating */
    uint64_t runs;                 /* entries into translated code from the dispatcher */
    uint64_t chained;              /* direct exits linked */
    uint64_t dispatches;           /* returns to the dispatcher */
    uint64_t jcache_misses;        /* indirect exits whose target was not in the jump cache */
    uint64_t interpreted;          /* times a block had to be interpreted instead */
    uint64_t cold;                 /* ... of which not yet seen translate_after times */
    uint64_t invalidations;        /* pages whose translations were dropped (code writes) */
    uint64_t flushes;              /* full code-cache flushes */
    uint64_t verified, unverified; /* verify: blocks compared / skipped (MMIO) */
};

/* Sets up the engine for cpu (and registers it as cpu->jit); NULL when the
 * code cache cannot be made (message in err). */
struct jit *jit_new(struct cpu *cpu, const struct jit_config *cfg, char *err, size_t errlen);

/* Threads: lets another CPU (a guest thread's, sharing cpu's address space)
 * run this engine too: one code cache under the engine's lock, a jump cache
 * per CPU. 0, or -1 when out of memory. */
int jit_attach_cpu(struct jit *jit, struct cpu *cpu);

/* Forgets a CPU given to jit_attach_cpu (its thread is outside generated code). */
void jit_detach_cpu(struct jit *jit, struct cpu *cpu);

/* Frees the engine; NULL is allowed. */
void jit_free(struct jit *jit);

/* Runs translated code from cpu->pc until it returns to the dispatcher. */
enum jit_result jit_run(struct jit *jit, struct cpu *cpu);

/* Verify engine: one block translated, then the same block interpreted from
 * the same state, compared. */
enum jit_result jit_verify_run(struct jit *jit, struct cpu *cpu);

/* Drops every translation of the guest physical page holding paddr (code
 * written behind the engine's back: SYNCI, CACHE, the gdb stub, a loader). */
void jit_invalidate_page(struct jit *jit, uint32_t paddr);

/* Drops every translation. */
void jit_invalidate_all(struct jit *jit);

/* User mode with host faults (core/jit_fault.h): on says the OS side fixes up
 * misaligned loads and stores as MIPS Linux does (linux-user/unaligned.c), so
 * generated code may let them happen on the host with no inline alignment
 * test (translator/target.h flat_unaligned); off (the default, and after
 * sysmips(MIPS_FIXADE, 0)) keeps the test. A change drops every translation. */
void jit_set_fixade(struct jit *jit, bool on);

/* Debugger support (core/exec.c while gdb is attached), called at every
 * dispatcher visit: blocks end before any pc at which stop_at(opaque, pc) is
 * true (frontend/lift.h struct lift_break), and no chained exit or jump-cache
 * probe enters a block starting at one, so such a pc is always reached
 * through the dispatcher (stop_at NULL: none). gen is the debugger's counter
 * of changes (break- or watchpoints set or removed, guest memory written);
 * when it or the query differs from the last call, every translation,
 * soft-TLB entry and jump-cache slot goes. While cpu->watch is set, new
 * translations make every load and store through softmmu/memory.c (where
 * watchpoints are checked) and the soft TLB is not refilled. */
void jit_debug_sync(struct jit *jit, bool (*stop_at)(void *opaque, uint32_t pc), void *opaque,
                    unsigned gen);

/* The engine's counters. */
const struct jit_stats *jit_stats(const struct jit *jit);

/* Prints the statistics in the `--stats` format. */
void jit_print_stats(const struct jit *jit, uint64_t executed_insns, double run_seconds, FILE *out);

#endif
