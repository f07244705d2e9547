/* core/jit_internal.h — private to core/jit.c and core/jit_verify.c: the
 * engine's state and the dispatcher steps the verifier reuses.
 */
#ifndef TERN_CORE_JIT_INTERNAL_H
#define TERN_CORE_JIT_INTERNAL_H

#include <pthread.h>

#include "codecache/codecache.h"
#include "core/jit.h"
#include "softmmu/softtlb.h"
#include "translator/target.h"
#include "translator/x86/backend.h"

struct disasm;

#define MODE_USER 1u /* block flags: user mode (else kernel) */
#define MODE_ERL 2u  /* block flags: Status.ERL (kuseg unmapped) */
#define MODE_CU1 4u  /* block flags: Status.CU1 (lift_fpu.c lifts COP1 inline or as CpU) */
#define MODE_FR 8u   /* block flags: Status.FR (the FPR layout lift_fpu.c assumes) */
#define MODE_FPU (MODE_CU1 | MODE_FR)

/* Jump-cache entries listed between ASID switches: a dispatch that moves an
 * entry to its set's second way lists two, and 512 made Debian's boot 8%
 * slower through full scans (2048: as fast as the one-way cache was). */
#define JIT_JC_TRACK 2048

struct jit {
    struct cc cc;
    struct backend *be;
    struct ir_block *ir;
    struct ir_target target[2]; /* [MODE_USER bit]: soft TLB and jump cache per mode */
    struct ir_target mips; /* the plain MIPS target (lift_target.c), whose memory path jit_load/jit_store wrap */
    struct backend_entry entry;
    struct jit_config cfg;
    struct jit_stats stats;
    struct cc_exit *pending; /* the exit that returned last, to link to the next block */
    uint64_t pending_gen;    /* cc generation pending belongs to */
    uint32_t mmu_gen;        /* cpu->mmu_gen the soft TLBs were filled under */
    struct softtlb_asids asids; /* the soft TLB's ASID and saved ASIDs (system mode) */
    unsigned fpu_mode;       /* MODE_FPU bits of the blocks the jump caches hold */
    uint8_t *code_pages;     /* bitmap of physical pages holding translations */
    struct disasm *dis;      /* for -d in_asm of translated blocks */
    struct cpu *cpu;
    struct cpu *shadow, *result; /* verify: the state before a block, and the JIT's after */
    /* Debugger (jit_set_break_query): pcs the dispatcher must see. */
    bool (*stop_at)(void *opaque, uint32_t pc);
    void *stop_opaque;
    unsigned debug_gen; /* the debugger generation the translations were made under */
    /* While watchpoints are set: every load and store through the C path. */
    struct ir_target watch_target[2];
    /* Threads (user mode): every CPU that runs this engine shares the cache
     * under `lock` (see jit.c's header). pending belongs to pending_cpu. */
    pthread_mutex_t lock;
    pthread_cond_t idle;    /* signalled when in_code drops or a flush ends */
    unsigned in_code;       /* CPUs running generated code now */
    bool flushing;          /* a flush waits for in_code to reach 0 */
    struct cpu *pending_cpu;
    bool host_faults;  /* user mode: host page faults replace the page check (jit_fault.h) */
    /* Jump-cache slots (table << CPU_JCACHE_BITS | slot) of jit->cpu filled
     * since the last ASID switch, for jcache_drop_mapped; past JIT_JC_TRACK
     * the switch scans both tables. */
    uint16_t jc_filled[JIT_JC_TRACK];
    unsigned n_jc_filled;
#define JIT_HEAT_ENTRIES 16384u
    /* translate_after: visits of untranslated block starts, direct-mapped by
     * pc (a collision starts the count again: translation comes later). */
    struct jit_heat {
        uint32_t pc, seen;
    } *heat;
    struct cpu **cpus; /* every attached CPU (jit->cpu first) */
    unsigned ncpus, cap_cpus;
};

/* The mode flags blocks are keyed by, for the CPU as it is now. */
unsigned jit_mode_flags(const struct cpu *cpu);

/* Empties the soft TLBs and jump caches when the guest's mappings changed. */
void jit_check_mmu(struct jit *jit, struct cpu *cpu);

/* The block for cpu->pc under flags, translated when missing; NULL with *why
 * set when there is none (the interpreter must step). */
struct cc_block *jit_find_block(struct jit *jit, struct cpu *cpu, unsigned flags,
                                enum jit_result *why);

#endif
