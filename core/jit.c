/* core/jit.c — the translating engine's dispatcher; see jit.h.
 *
 * One translation: lift_block -> opt_run -> backend_emit_block into the code
 * cache -> cc_block_commit. Blocks are keyed by (virtual pc, physical pc,
 * mode flags); the mode is kernel/user (and ERL, which maps kuseg 1:1), and
 * each mode has its own soft TLB and jump cache in struct cpu, so returning
 * from the kernel to user code needs no flush.
 *
 * Chaining: an unchained direct exit returns its token; the next lookup links
 * it to the block it found, when that is safe: in system mode only within one
 * virtual page or between unmapped (kseg0/kseg1) pages, because a TLB change
 * could send a mapped page elsewhere without touching the blocks themselves.
 * An indirect exit's inline cache (translator/x86/backend_exit.c) returns its
 * token on its first run, and the lookup sets it to the pc it found (or to
 * none where it may not chain) before linking it the same way.
 *
 * Memory: generated code probes the soft TLB inline; a miss calls jit_load /
 * jit_store here, which run the reference path (softmmu/memory.c: alignment,
 * TLB, exceptions, MMIO) and refill the entry. Pages that hold translations
 * get no write tag, so stores into them always come here, and memory.c calls
 * code_write() before such a store lands, which drops the blocks holding the
 * stored word (not the page: data often shares a page with code). A TLB
 * write drops only the soft-TLB entries and jump-cache slots of the ranges
 * it remapped (tlb_changed), in the tables of that entry's ASID. An ASID
 * change (a context switch) swaps the soft TLB's ASID-dependent entries with
 * those saved for the new ASID (softmmu/softtlb.h) and empties the jump
 * cache but for kseg0/kseg1 pcs; ERL changes empty both (mmu_gen).
 *
 * User mode (cpu->guest_base): generated code uses the flat model (guest
 * address a at r15 + a) with no page check: host protections mirror the
 * guest's, a guest-writable page holding translations is read-only on the host
 * (page_hook), and a host fault in an access resumes at its slow path
 * (core/jit_fault.h), jit_load / jit_store, which raise the guest's
 * TLBL/TLBS/AdEL/AdES (-> SIGSEGV/SIGBUS) or, for a store into code, drop the
 * page's blocks (code_write; the page opens again) and return
 * TARGET_STORE_CODE_CHANGED. Misaligned accesses branch there inline. Without
 * the handler (TERN_PAGE_CHECK set, or a second engine in one process) every
 * access tests its page's byte in the page map (cpu->page_prot, below
 * the reservation) at [r15 + (a >> 12) + flat_prot_offset] instead. The
 * verify engine takes every user-mode access through C (no flat base), where
 * linux-user puts a bus over the space so writes are logged and undone.
 *
 * Threads (user mode: guest threads on host threads, linux-user/thread.c):
 * one engine and ONE code cache serve every CPU; each CPU keeps its own
 * dispatcher state that lives in struct cpu (jump cache, soft TLB, pc) and
 * is attached with jit_attach_cpu, which registers its jump cache with the
 * cache. Every code-cache call (lookup, translate, link, invalidate, flush)
 * runs under jit->lock (codecache.h's threading rule); generated code runs
 * without it. Invalidation (self-modifying code from any thread, SC into a
 * code page, SYNCI, the debugger) only unlinks: removed blocks keep their
 * code until a flush, so another thread still inside them runs valid code
 * and comes back to the dispatcher at its next exit. A flush (cache full)
 * must wait for every CPU to be outside generated code: jit_run counts the
 * CPUs in code (in_code); the translating thread sets `flushing`, raises
 * exit_request on every other CPU (generated code checks it at each block
 * entry) and waits on `idle` until in_code is 0; a CPU arriving at the
 * dispatcher meanwhile waits for the flush to end. The exit to link next
 * (pending) is kept for one CPU at a time (pending_cpu): interleaved CPUs
 * lose a chance to chain, never correctness. The lock is re-entrant per
 * thread (a store from the interpreter inside a dispatcher call reaches
 * code_write). The verify engine is single-threaded (linux-user refuses
 * threads under it).
 */
#include "core/jit.h"
#include "core/jit_internal.h"
#include "core/jit_fault.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "codecache/codecache.h"
#include "codecache/jump_cache.h"
#include "core/cpu.h"
#include "core/log.h"
#include "frontend/disasm.h"
#include "frontend/lift.h"
#include "frontend/lift_target.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"
#include "softmmu/softtlb.h"
#include "translator/ir.h"
#include "translator/x86/backend.h"

#define PAGE_MASK_4K 0xfffff000u
#define CODE_PAGE_BYTES (1u << 17) /* one bit per 4 KiB page of the 4 GiB space */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

unsigned jit_mode_flags(const struct cpu *cpu)
{
    unsigned f = cpu_kernel_mode(cpu) ? 0 : MODE_USER;
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    if (status & ST_ERL) f |= MODE_ERL;
    /* The FPU lifter (frontend/lift_fpu.c) bakes CU1 and FR into the code. */
    if (status & ST_CU1) f |= MODE_CU1;
    if (status & ST_FR) f |= MODE_FR;
    return f;
}

/* ---- the engine lock (threads) ---- */

static _Thread_local struct jit *lock_held; /* the engine this thread has locked */

/* Takes jit->lock unless this thread holds it already; true when taken. */
static bool jit_lock(struct jit *jit)
{
    if (lock_held == jit) return false;
    pthread_mutex_lock(&jit->lock);
    lock_held = jit;
    return true;
}

static void jit_unlock(struct jit *jit, bool taken)
{
    if (!taken) return;
    lock_held = NULL;
    pthread_mutex_unlock(&jit->lock);
}

/* With the lock held: waits until no other CPU runs generated code, so the
 * cache can be flushed; new entries wait while `flushing` is set. */
static void wait_idle(struct jit *jit, struct cpu *self)
{
    jit->flushing = true;
    while (jit->in_code) {
        for (unsigned i = 0; i < jit->ncpus; i++)
            if (jit->cpus[i] != self) jit->cpus[i]->exit_request = 1;
        lock_held = NULL;
        pthread_cond_wait(&jit->idle, &jit->lock);
        lock_held = jit;
    }
}

/* The CPU this thread runs (jit_run's last): it is outside generated code
 * whenever it invalidates, or ends its block right after (a store into code). */
static _Thread_local struct cpu *this_cpu;

/* After an invalidation (lock held): every other CPU comes back to the
 * dispatcher at its next block entry or self loop's back edge (target.h
 * loops_unchecked), so none goes on looping in a block that is gone. With no
 * CPU in generated code there is nobody to call back. */
static void request_others(struct jit *jit)
{
    if (!jit->in_code) return;
    for (unsigned i = 0; i < jit->ncpus; i++)
        if (jit->cpus[i] != this_cpu)
            __atomic_store_n(&jit->cpus[i]->exit_request, 1, __ATOMIC_RELAXED);
}

static void flush_done(struct jit *jit)
{
    jit->flushing = false;
    pthread_cond_broadcast(&jit->idle);
}

/* ---- soft TLB ---- */

/* Empties the CPU's soft TLBs; the engine's own CPU also forgets every
 * saved ASID (softmmu/softtlb.h). */
static void softtlb_flush(struct cpu *cpu)
{
    struct jit *jit = cpu->jit;
    if (jit && cpu == jit->cpu) {
        softtlb_reset(&jit->asids, cpu);
        return;
    }
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < (1u << CPU_SOFTTLB_BITS); i++)
            cpu->softtlb[m][i] =
                (struct ir_softtlb_entry){IR_SOFTTLB_INVALID, IR_SOFTTLB_INVALID, 0};
}

/* Empties slot `slot` of table m (its marker depends on the slot: target.h). */
static void jcache_empty(struct cpu *cpu, unsigned m, unsigned slot)
{
    cpu->jcache[m][slot].pc = ir_jcache_empty_pc(slot);
}

static void jcache_flush(struct cpu *cpu)
{
    for (unsigned m = 0; m < 2; m++)
        for (unsigned i = 0; i < (1u << CPU_JCACHE_BITS); i++)
            jcache_empty(cpu, m, i);
    struct jit *jit = cpu->jit;
    if (jit && cpu == jit->cpu) jit->n_jc_filled = 0;
}

_Static_assert(CPU_JCACHE_BITS == CC_JCACHE_BITS, "one jump-cache layout (codecache/jump_cache.h)");
_Static_assert(CPU_JCACHE_BITS < 16, "jit->jc_filled packs table << CPU_JCACHE_BITS | slot in 16 bits");

/* Notes entry `entry` of table m as filled since the last ASID switch. */
static void track_filled(struct jit *jit, unsigned m, unsigned entry)
{
    if (jit->n_jc_filled > JIT_JC_TRACK) return;
    if (jit->n_jc_filled < JIT_JC_TRACK)
        jit->jc_filled[jit->n_jc_filled] = (uint16_t)(m << CPU_JCACHE_BITS | entry);
    jit->n_jc_filled++;
}

/* Clears jump-cache slot `slot` of table m if a switch must: every user pc,
 * and kernel pcs outside kseg0/kseg1. */
static void jcache_drop_if_mapped(struct cpu *cpu, unsigned m, unsigned slot)
{
    uint32_t pc = cpu->jcache[m][slot].pc;
    if (!ir_jcache_is_empty(pc) && (m == 1 || pc < 0x80000000u || pc >= 0xc0000000u))
        jcache_empty(cpu, m, slot);
}

/* An ASID change: only kseg0/kseg1 pcs keep their jump-cache slots (their
 * blocks mean the same in every address space); the user table is all kuseg. */
static void jcache_drop_mapped(struct cpu *cpu)
{
    /* Usually only the slots filled since the last switch need a look (the
     * rest hold kseg0/kseg1 pcs that survived it): the dispatcher lists them. */
    struct jit *jit = cpu->jit;
    if (jit->n_jc_filled <= JIT_JC_TRACK) {
        for (unsigned k = 0; k < jit->n_jc_filled; k++)
            jcache_drop_if_mapped(cpu, jit->jc_filled[k] >> CPU_JCACHE_BITS,
                                  jit->jc_filled[k] & ((1u << CPU_JCACHE_BITS) - 1));
        jit->n_jc_filled = 0;
        return;
    }
    jit->n_jc_filled = 0;
    for (unsigned i = 0; i < (1u << CPU_JCACHE_BITS); i++) {
        uint32_t pc = cpu->jcache[0][i].pc;
        if (!ir_jcache_is_empty(pc) && (pc < 0x80000000u || pc >= 0xc0000000u))
            jcache_empty(cpu, 0, i);
        jcache_empty(cpu, 1, i);
    }
}

static bool page_has_code(const struct jit *jit, uint32_t paddr)
{
    return (jit->code_pages[paddr >> 15] >> ((paddr >> 12) & 7)) & 1;
}

/* Refills the soft-TLB entry for an access that just succeeded at vaddr, when
 * the page is plain RAM (ROM: reads only; MMIO never). */
static void softtlb_fill(struct jit *jit, struct cpu *cpu, uint32_t vaddr, bool write)
{
    /* A watched page must keep coming to memory.c, where the watch check is. */
    if (jit->cfg.verify || cpu->guest_base || cpu->watch) return;
    uint32_t paddr;
    if (!mem_translate(cpu, vaddr, write ? MEM_STORE : MEM_LOAD, &paddr)) {
        cpu->exc.code = EXC_NONE; /* it just succeeded; nothing to report */
        return;
    }
    const struct bus_region *r = bus_find(cpu->bus, paddr & PAGE_MASK_4K, 1u << 12);
    if (!r || !r->host) return;
    uint32_t vpage = vaddr & PAGE_MASK_4K;
    uint64_t addend = (uint64_t)(uintptr_t)(r->host + ((paddr & PAGE_MASK_4K) - r->base)) - vpage;
    bool writable = write && !r->readonly && !page_has_code(jit, paddr);
    softtlb_set(&jit->asids, cpu, cpu_kernel_mode(cpu) ? 0 : 1, vpage, addend, writable,
                softtlb_asid_dependent(cpu, vaddr));
}

/* A translation appeared on a page: its stores must come to the slow path. */
static void page_hook(void *opaque, uint32_t page, bool has_code)
{
    struct jit *jit = opaque;
    uint8_t bit = (uint8_t)(1u << ((page >> 12) & 7));
    if (jit->cpu->guest_base && jit->cpu->page_prot) {
        /* The page map belongs to linux-user; its CODE bit is ours to keep. */
        uint8_t *prot = (uint8_t *)&jit->cpu->page_prot[page >> 12];
        *prot = (uint8_t)(has_code ? *prot | CPU_PAGE_CODE : *prot & ~CPU_PAGE_CODE);
        /* Host faults stand in for the page check: a guest-writable page
         * holding code is read-only on the host while it does. */
        if (jit->host_faults && (*prot & CPU_PAGE_WRITE))
            mprotect(jit->cpu->guest_base + page, 1u << 12,
                     has_code ? PROT_READ : PROT_READ | PROT_WRITE);
    }
    if (has_code) {
        jit->code_pages[page >> 15] |= bit;
        /* User mode never fills the soft TLB (softtlb_fill), and emptying its
         * 8192 write tags per new code page was 2% of a short run. */
        if (!jit->cpu->guest_base) softtlb_drop_write_tags(&jit->asids, jit->cpu);
    } else {
        jit->code_pages[page >> 15] &= (uint8_t)~bit;
    }
}

/* memory.c calls this before a store lands in a page holding translations. */
static void code_write(struct cpu *cpu, uint32_t paddr)
{
    struct jit *jit = cpu->jit;
    bool taken = jit_lock(jit);
    /* Only blocks holding the stored word go: small programs keep data in the
     * pages of their code, and dropping the whole page on every such store
     * would retranslate it again and again (QEMU keeps a code bitmap per page
     * for the same reason). Stores here are at most a word (mem_store).
     * With host faults (user mode) the whole page goes instead, so that it
     * opens for writing and the next store needs no fault (QEMU's
     * page_unprotect): user programs keep code and data in separate pages. */
    uint32_t start = jit->host_faults ? paddr & PAGE_MASK_4K : paddr & ~3u;
    if (cc_invalidate_range(&jit->cc, start, jit->host_faults ? 1u << 12 : 4) != 0) {
        request_others(jit);
        jit->stats.invalidations++;
        jit->pending = NULL;
        cpu->code_written = true;
    }
    jit_unlock(jit, taken);
}

/* A TLB write for ASID asid (-1: a global entry): soft-TLB entries and
 * jump-cache slots inside the range go, nothing else (Linux's refill handler
 * writes the TLB on every miss), in the tables of that ASID only: the live
 * ones, or a saved soft TLB (softmmu/softtlb.h). The jump cache holds the
 * live ASID's pcs and kseg0/kseg1's, which no TLB entry maps. */
static void tlb_changed(struct cpu *cpu, uint32_t vaddr, uint32_t len, int asid)
{
    struct jit *jit = cpu->jit;
    if (!softtlb_drop_range(&jit->asids, cpu, vaddr, len, asid)) return;
    if (len > (64u << 12)) {
        jcache_flush(cpu);
        jit->pending = NULL;
        return;
    }
    unsigned slots = 1u << CPU_JCACHE_BITS;
    if (cpu == jit->cpu && jit->n_jc_filled <= JIT_JC_TRACK) {
        /* Slots not listed hold kseg0/kseg1 pcs, which no TLB entry maps. */
        for (unsigned k = 0; k < jit->n_jc_filled; k++) {
            unsigned m = jit->jc_filled[k] >> CPU_JCACHE_BITS;
            unsigned slot = jit->jc_filled[k] & (slots - 1);
            if (cpu->jcache[m][slot].pc - vaddr < len) jcache_empty(cpu, m, slot);
        }
        jit->pending = NULL;
        return;
    }
    for (uint32_t n = 0; n < len / 4 && n < slots / 2; n++) {
        unsigned first = cc_jcache_index(vaddr + 4 * n);
        for (unsigned m = 0; m < 2; m++)
            for (unsigned slot = first; slot < first + 2; slot++)
                if (cpu->jcache[m][slot].pc - vaddr < len) jcache_empty(cpu, m, slot);
    }
    jit->pending = NULL;
}

/* SYNCI / CACHE Hit_Invalidate_I: the page's translations go. */
static void code_sync(struct cpu *cpu, uint32_t vaddr)
{
    uint32_t paddr = vaddr;
    if (!cpu->guest_base && !mem_translate(cpu, vaddr, MEM_LOAD, &paddr)) {
        cpu->exc.code = EXC_NONE; /* an unmapped line holds no code of ours */
        return;
    }
    jit_invalidate_page(cpu->jit, paddr);
}

/* The fault handler met tern's own write into a guest code page (a system
 * call's buffer, SC): the page's translations go, which opens it. */
static void fault_unprotect(void *opaque, uint32_t page)
{
    jit_invalidate_page(opaque, page);
}

/* ---- the target callbacks: the reference memory path plus refills ---- */

static bool jit_load(void *opaque, uint32_t addr, unsigned mem_flags, uint64_t *value)
{
    struct cpu *cpu = opaque;
    struct jit *jit = cpu->jit;
    if (!jit->mips.load(cpu, addr, mem_flags, value)) return false;
    softtlb_fill(cpu->jit, cpu, addr, false);
    return true;
}

static int jit_store(void *opaque, uint32_t addr, unsigned mem_flags, uint64_t value)
{
    struct cpu *cpu = opaque;
    struct jit *jit = cpu->jit;
    cpu->code_written = false;
    int r = jit->mips.store(cpu, addr, mem_flags, value);
    if (r != TARGET_STORE_OK) return r;
    if (cpu->code_written) {
        cpu->code_written = false;
        return TARGET_STORE_CODE_CHANGED;
    }
    softtlb_fill(cpu->jit, cpu, addr, true);
    return TARGET_STORE_OK;
}

/* System mode's chaining rule (see the header): within one virtual page, or
 * between unmapped (kseg0/kseg1) pages. Exits it refuses probe the jump cache
 * inline (translator/target.h may_chain). */
static bool system_may_chain(uint32_t from, uint32_t to)
{
    if ((from & PAGE_MASK_4K) == (to & PAGE_MASK_4K)) return true;
    bool from_unmapped = from >= 0x80000000u && from < 0xc0000000u;
    bool to_unmapped = to >= 0x80000000u && to < 0xc0000000u;
    return from_unmapped && to_unmapped;
}

static void make_targets(struct jit *jit, struct cpu *cpu)
{
    mips_ir_target(cpu, &jit->mips); /* once: the slow paths call its load/store */
    for (unsigned m = 0; m < 2; m++) {
        struct ir_target *t = &jit->target[m];
        mips_ir_target(cpu, t);
        t->load = jit_load;
        t->store = jit_store;
        t->no_icount = jit->cfg.no_icount && !jit->cfg.verify;
        if (cpu->guest_base && jit->cfg.verify) t->flat_base = NULL; /* all through C */
        if (t->flat_base && cpu->page_prot) {
            t->flat_prot_offset = (int32_t)(cpu->page_prot - cpu->guest_base);
            t->flat_prot_read = CPU_PAGE_READ;
            t->flat_prot_write = CPU_PAGE_WRITE;
            t->flat_prot_code = CPU_PAGE_CODE;
            t->flat_fault = jit->host_faults;
        }
        if (!cpu->guest_base && !jit->cfg.verify) {
            t->softtlb_offset = (unsigned)offsetof(struct cpu, softtlb[m]);
            t->softtlb_bits = CPU_SOFTTLB_BITS;
        }
        if (!jit->cfg.verify) {
            t->jcache_offset = (unsigned)offsetof(struct cpu, jcache[m]);
            t->jcache_bits = CPU_JCACHE_BITS;
            if (!cpu->guest_base) t->may_chain = system_may_chain;
            /* The probe count is for --stats; user mode has none (no_icount). */
            if (!jit->cfg.no_icount)
                t->jcache_count_offset = (unsigned)offsetof(struct cpu, jcache_probes);
        }
        /* Self loops skip the jump-cache test on their back edge unless a
         * debugger (jit_debug_sync) or verify (one block per step, no jump
         * cache) needs them to come back each iteration. */
        t->loops_unchecked = !jit->cfg.verify;
        /* Watchpoints: no inline memory at all, neither flat nor soft TLB. */
        jit->watch_target[m] = *t;
        jit->watch_target[m].flat_base = NULL;
        jit->watch_target[m].flat_prot_offset = 0;
        jit->watch_target[m].flat_fault = false;
        jit->watch_target[m].flat_unaligned = false;
        jit->watch_target[m].softtlb_bits = 0;
    }
}

/* ---- setup ---- */

/* Emits the entry trampoline and epilogue at the start of the cache, kept
 * across flushes. */
static bool emit_entry(struct jit *jit)
{
    uint8_t *rw;
    size_t avail;
    const uint8_t *rx = cc_code_space(&jit->cc, &rw, &avail);
    int n = backend_emit_entry(rw, (uint8_t *)rx, avail, &jit->target[0], &jit->entry);
    if (n < 0 || !cc_commit_code(&jit->cc, (size_t)n)) return false;
    cc_keep_code(&jit->cc);
    return true;
}

struct jit *jit_new(struct cpu *cpu, const struct jit_config *cfg, char *err, size_t errlen)
{
    struct jit *jit = calloc(1, sizeof(*jit));
    if (!jit) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    jit->cfg = *cfg;
    jit->cpu = cpu;
    pthread_mutex_init(&jit->lock, NULL);
    pthread_cond_init(&jit->idle, NULL);
    int rc = cc_init(&jit->cc, cfg->tb_size);
    if (rc != 0) {
        snprintf(err, errlen, "cannot make the code cache: %s", strerror(rc < 0 ? -rc : rc));
        pthread_cond_destroy(&jit->idle);
        pthread_mutex_destroy(&jit->lock);
        free(jit);
        return NULL;
    }
    jit->be = backend_new();
    jit->ir = ir_block_new();
    jit->code_pages = calloc(1, CODE_PAGE_BYTES);
    /* Verify compares blocks; -d in_asm/op/out_asm must show every block that
     * ran, as QEMU's do: both translate at once. */
    bool tiered = cfg->translate_after > 1 && !cfg->verify &&
                  !log_enabled(LOG_IN_ASM | LOG_OP | LOG_OUT_ASM);
    if (tiered) jit->heat = calloc(JIT_HEAT_ENTRIES, sizeof *jit->heat);
    jit->dis = disasm_open(cpu->big_endian);
    cpu->jit = jit;
    /* User mode: host faults replace the inline page check (core/jit_fault.h). */
    if (cpu->guest_base && cpu->page_prot && !cfg->verify && !getenv("TERN_PAGE_CHECK"))
        jit->host_faults = jit_fault_install(cpu->guest_base, cpu->page_prot,
                                             cfg->tb_size ? cfg->tb_size : CC_DEFAULT_SIZE,
                                             fault_unprotect, jit);
    make_targets(jit, cpu);
    jit->cpus = malloc(sizeof *jit->cpus);
    if (jit->cpus) jit->cpus[jit->ncpus++] = cpu, jit->cap_cpus = 1;
    if (!jit->be || !jit->ir || !jit->code_pages || !jit->cpus || (tiered && !jit->heat) ||
        !emit_entry(jit)) {
        snprintf(err, errlen, "cannot set up the translator");
        jit_free(jit);
        return NULL;
    }
    cc_set_page_hook(&jit->cc, page_hook, jit);
    cc_add_jcache(&jit->cc, cpu->jcache[0]);
    cc_add_jcache(&jit->cc, cpu->jcache[1]);
    cpu->code_pages = jit->code_pages;
    cpu->code_write = code_write;
    cpu->code_sync = code_sync;
    cpu->tlb_changed = tlb_changed;
    softtlb_flush(cpu);
    jit->mmu_gen = cpu->mmu_gen;
    return jit;
}

void jit_free(struct jit *jit)
{
    if (!jit) return;
    if (jit->cpu && jit->cpu->jit == jit) {
        jit->cpu->jit = NULL;
        jit->cpu->code_pages = NULL;
        jit->cpu->code_write = NULL;
        jit->cpu->code_sync = NULL;
        jit->cpu->tlb_changed = NULL;
    }
    if (jit->host_faults) jit_fault_uninstall();
    cc_destroy(&jit->cc);
    backend_free(jit->be);
    ir_block_free(jit->ir);
    free(jit->code_pages);
    free(jit->heat);
    free(jit->shadow);
    free(jit->result);
    free(jit->cpus);
    disasm_close(jit->dis);
    pthread_cond_destroy(&jit->idle);
    pthread_mutex_destroy(&jit->lock);
    free(jit);
}

int jit_attach_cpu(struct jit *jit, struct cpu *cpu)
{
    bool taken = jit_lock(jit);
    int rc = -1;
    if (jit->ncpus == jit->cap_cpus) {
        unsigned cap = jit->cap_cpus * 2;
        struct cpu **grown = realloc(jit->cpus, cap * sizeof *grown);
        if (grown) jit->cpus = grown, jit->cap_cpus = cap;
    }
    if (jit->ncpus < jit->cap_cpus && cc_add_jcache(&jit->cc, cpu->jcache[0]) == 0) {
        if (cc_add_jcache(&jit->cc, cpu->jcache[1]) == 0) {
            jit->cpus[jit->ncpus++] = cpu;
            cpu->jit = jit;
            cpu->code_pages = jit->code_pages;
            cpu->code_write = code_write;
            cpu->code_sync = code_sync;
            softtlb_flush(cpu);
            rc = 0;
        } else {
            cc_remove_jcache(&jit->cc, cpu->jcache[0]);
        }
    }
    jit_unlock(jit, taken);
    return rc;
}

void jit_detach_cpu(struct jit *jit, struct cpu *cpu)
{
    bool taken = jit_lock(jit);
    for (unsigned i = 1; i < jit->ncpus; i++) {
        if (jit->cpus[i] != cpu) continue;
        jit->cpus[i] = jit->cpus[--jit->ncpus];
        cc_remove_jcache(&jit->cc, cpu->jcache[0]);
        cc_remove_jcache(&jit->cc, cpu->jcache[1]);
        break;
    }
    if (jit->pending_cpu == cpu) jit->pending = NULL, jit->pending_cpu = NULL;
    cpu->jit = NULL;
    cpu->code_pages = NULL;
    cpu->code_write = NULL;
    cpu->code_sync = NULL;
    cpu->tlb_changed = NULL;
    jit_unlock(jit, taken);
}

/* ---- translation ---- */

static void log_block(struct jit *jit, const struct cc_block *blk)
{
    if (log_enabled(LOG_OP)) ir_print(jit->ir, log_file());
    if (log_enabled(LOG_OUT_ASM)) {
        fprintf(log_file(), "OUT: [size=%u]\n", blk->size);
        backend_disasm(log_file(), blk->code, blk->size, (uint64_t)(uintptr_t)blk->code);
        fputc('\n', log_file());
    }
}

/* Records the block's inline accesses for the fault handler; false when the
 * map is full (the caller flushes). Entries left by an earlier attempt whose
 * commit failed name the same code space: they go first. */
static bool add_faults(struct jit *jit, const uint8_t *rx, const struct backend_block *out)
{
    if (!jit->host_faults) return true;
    jit_fault_truncate(rx);
    for (unsigned i = 0; i < out->nfaults; i++) {
        const struct backend_fault *f = &out->faults[i];
        if (!jit_fault_add(rx + f->start, rx + f->end, rx + f->stub)) return false;
    }
    return true;
}

/* Emits and commits the lifted block; NULL when the backend cannot lower it
 * or the cache stays full even after a flush. */
static struct cc_block *emit_block(struct jit *jit, struct cpu *cpu, const struct cc_block_info *info,
                                   unsigned mode)
{
    unsigned nexits = backend_count_exits(jit->ir);
    if (nexits > BACKEND_MAX_EXITS) return NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        struct cc_block *blk = cc_block_new(info, nexits);
        if (!blk) return NULL;
        uint64_t tokens[BACKEND_MAX_EXITS];
        for (unsigned i = 0; i < nexits; i++)
            tokens[i] = cc_exit_token(&blk->exits[i]);
        uint8_t *rw;
        size_t avail;
        const uint8_t *rx = cc_code_space(&jit->cc, &rw, &avail);
        struct backend_block out;
        /* the target outlives the block: slow paths keep a pointer to it */
        const struct ir_target *t =
            cpu->watch ? &jit->watch_target[mode] : &jit->target[mode];
        int n = backend_emit_block(jit->be, jit->ir, t, &jit->entry, tokens, rw, (uint8_t *)rx,
                                   avail, &out);
        if (n >= 0) {
            struct cc_exit_desc desc[BACKEND_MAX_EXITS];
            for (unsigned i = 0; i < out.nexits; i++)
                desc[i] =
                    (struct cc_exit_desc){out.exits[i].rel32_offset, out.exits[i].stub_offset,
                                          out.exits[i].target_pc, out.exits[i].ic_offset,
                                          out.exits[i].ic_fill_offset};
            if (add_faults(jit, rx, &out) &&
                cc_block_commit(&jit->cc, blk, (size_t)n, desc, out.nexits) == CC_OK) {
                jit->stats.host_bytes += (uint64_t)n;
                return blk;
            }
        }
        cc_block_free(blk);
        if (n == BACKEND_UNSUPPORTED) return NULL;
        /* Out of space: drop everything and try once more in an empty cache,
         * once no other thread runs generated code. */
        wait_idle(jit, cpu);
        cc_flush(&jit->cc);
        if (jit->host_faults) jit_fault_reset();
        flush_done(jit);
        jit->stats.flushes++;
        jit->pending = NULL;
    }
    return NULL;
}

/* The -d in_asm log: the instructions lifted, in lifting order (a
 * superblock's runs, lift.h). */
static void log_in_asm(struct jit *jit, struct cpu *cpu, const struct lift_runs *runs)
{
    fprintf(log_file(), "IN: 0x%08x\n", cpu->pc);
    for (unsigned r = 0; r < runs->n; r++)
        for (uint32_t i = 0; i < runs->run[r].count; i++) {
            uint32_t pc = runs->run[r].pc + 4u * i, word;
            if (mem_fetch(cpu, pc, &word)) disasm_print(jit->dis, log_file(), pc, &word, 1);
        }
    cpu->exc.code = EXC_NONE;
    fputc('\n', log_file());
}

/* Translates the block at cpu->pc (physical ppc); NULL when it cannot. */
static struct cc_block *translate(struct jit *jit, struct cpu *cpu, uint32_t ppc, unsigned flags)
{
    uint64_t t0 = now_ns();
    struct lift_config lc = {.max_insns = jit->cfg.max_insns,
                             .no_icount = jit->cfg.no_icount && !jit->cfg.verify};
    struct lift_break brk = {jit->stop_at, jit->stop_opaque};
    struct lift_runs runs;
    int n = lift_block_runs(cpu, cpu->pc, jit->ir, &lc, &brk, &runs);
    if (n <= 0) return NULL;
    opt_run(jit->ir, &jit->cfg.opt);

    /* The code cache's range test (codecache/invalidate.c) sees a block as
     * the words from ppc on, running on into page2: the lifter keeps a
     * superblock inside what lift_runs_span covers, and reports the second
     * page it read, which is no longer the page of pc + 4n - 4. */
    struct cc_block_info info = {cpu->pc, ppc, flags, CC_NO_PAGE, lift_runs_span(&runs)};
    if (runs.pages[1] != LIFT_NO_PAGE) {
        uint32_t p2 = runs.pages[1];
        if (!cpu->guest_base && !mem_translate(cpu, p2, MEM_FETCH, &p2)) {
            cpu->exc.code = EXC_NONE;
            return NULL;
        }
        info.page2 = p2;
    }
    struct cc_block *blk = emit_block(jit, cpu, &info, flags & MODE_USER ? 1 : 0);
    if (!blk) return NULL;
    if (log_enabled(LOG_IN_ASM) && jit->dis) log_in_asm(jit, cpu, &runs);
    log_block(jit, blk);
    jit->stats.blocks++;
    jit->stats.guest_insns += (uint64_t)n;
    jit->stats.translate_ns += now_ns() - t0;
    return blk;
}

/* Whether an exit from block `from` may jump straight into `to`. */
static bool may_link(const struct cpu *cpu, const struct cc_block *from, const struct cc_block *to)
{
    return cpu->guest_base || system_may_chain(from->vpc, to->vpc);
}

/* Whether the block at pc is still left to the interpreter: seen fewer than
 * translate_after times. A debugger's stops are the dispatcher's to see, so
 * under one everything is translated at once. */
static bool still_cold(struct jit *jit, uint32_t pc)
{
    if (!jit->heat || jit->stop_at) return false;
    struct jit_heat *h = &jit->heat[(pc >> 2) & (JIT_HEAT_ENTRIES - 1)];
    if (h->pc != pc) {
        h->pc = pc;
        h->seen = 0;
    }
    return ++h->seen < jit->cfg.translate_after;
}

/* The block for cpu->pc in the current mode, translated if needed. */
struct cc_block *jit_find_block(struct jit *jit, struct cpu *cpu, unsigned flags,
                                enum jit_result *why)
{
    uint32_t ppc = cpu->pc;
    /* Blocks start at a branch, never at its slot: after an interpreted
     * branch (a block that could not be translated), the slot is the
     * interpreter's, which then goes to delay_target. A block at the slot
     * would run it as a plain instruction and fall through. */
    if (cpu->in_delay) {
        *why = JIT_INTERPRET;
        return NULL;
    }
    if (!cpu->guest_base && !mem_translate(cpu, cpu->pc, MEM_FETCH, &ppc)) {
        cpu->exc.code = EXC_NONE; /* the interpreter raises it properly */
        *why = JIT_INTERPRET;
        return NULL;
    }
    struct cc_block *blk = cc_lookup(&jit->cc, cpu->pc, ppc, flags);
    if (!blk && still_cold(jit, cpu->pc)) {
        jit->stats.cold++;
    } else if (!blk) {
        blk = translate(jit, cpu, ppc, flags);
    }
    if (!blk) {
        *why = JIT_INTERPRET;
        jit->stats.interpreted++;
    }
    return blk;
}

/* Empties what a mapping change makes stale. */
void jit_check_mmu(struct jit *jit, struct cpu *cpu)
{
    if (cpu->mmu_gen == jit->mmu_gen) return; /* every ASID change bumps it */
    jit->mmu_gen = cpu->mmu_gen;
    if (cpu != jit->cpu) { /* user mode's other threads: no TLB, no ASIDs */
        softtlb_flush(cpu);
        jcache_flush(cpu);
        jit->pending = NULL;
        return;
    }
    /* A context switch (EntryHi.ASID) keeps what no ASID changes. */
    enum softtlb_sync_result r = softtlb_sync(&jit->asids, cpu);
    if (r == SOFTTLB_SAME) return;
    if (r == SOFTTLB_SWITCHED)
        jcache_drop_mapped(cpu);
    else
        jcache_flush(cpu);
    jit->pending = NULL;
}

enum jit_result jit_run(struct jit *jit, struct cpu *cpu)
{
    this_cpu = cpu;
    bool taken = jit_lock(jit);
    while (jit->flushing) {
        lock_held = NULL;
        pthread_cond_wait(&jit->idle, &jit->lock);
        lock_held = jit;
    }
    if (jit->pending_cpu != cpu) jit->pending = NULL; /* another CPU's exit */
    jit_check_mmu(jit, cpu);
    unsigned flags = jit_mode_flags(cpu);
    /* The inline jump-cache probe does not compare mode flags, so a CU1/FR
     * change (Linux's lazy FPU switching, MTC0 Status: both end the block)
     * empties the caches; kernel/user have a cache each, ERL bumps mmu_gen. */
    if ((flags & MODE_FPU) != jit->fpu_mode) {
        jcache_flush(cpu);
        jit->fpu_mode = flags & MODE_FPU;
    }
    enum jit_result why = JIT_OK;
    struct cc_block *blk = jit_find_block(jit, cpu, flags, &why);
    if (!blk) {
        jit->pending = NULL;
        jit_unlock(jit, taken);
        return why;
    }
    /* A block at a debugger stop is entered only from here, after the check. */
    bool at_stop = jit->stop_at && jit->stop_at(jit->stop_opaque, blk->vpc);
    struct cc_exit *e = jit->pending;
    if (e && jit->pending_gen == jit->cc.generation && !jit->cfg.verify && !at_stop &&
        e->from->live && e->target_pc == blk->vpc && e->from->flags == flags) {
        /* An empty inline cache gets its one pc now (or none, for good). */
        bool ok = may_link(cpu, e->from, blk);
        cc_ic_set(&jit->cc, e, ok ? blk->vpc : BACKEND_IC_NEVER);
        if (ok && cc_link(&jit->cc, e, blk)) jit->stats.chained++;
    }
    jit->pending = NULL;
    if (!jit->cfg.verify && !at_stop) {
        unsigned m = flags & MODE_USER ? 1 : 0, first = cc_jcache_index(blk->vpc);
        bool moved = cc_jcache_insert(cpu->jcache[m], blk->vpc, flags, blk->code);
        if (cpu == jit->cpu) {
            track_filled(jit, m, first);
            if (moved) track_filled(jit, m, first + 1);
        }
    }

    jit->stats.runs++;
    jit->in_code++;
    jit_unlock(jit, taken);
    uint64_t token = ((backend_enter_fn)(uintptr_t)jit->entry.enter)(cpu, blk->code);
    taken = jit_lock(jit);
    if (--jit->in_code == 0 && jit->flushing) pthread_cond_broadcast(&jit->idle);
    jit->stats.dispatches++;
    if (token == IR_TOKEN_JCACHE_MISS) {
        jit->stats.jcache_misses++;
    } else if (token) {
        /* An inline cache's token: an empty cache takes this target; a set
         * one missed the jump cache and relinks only to its own. */
        struct cc_exit *e = cc_exit_from_token(token);
        if (e->ic_field && e->ic_set) jit->stats.jcache_misses++;
        if (e->ic_field && !e->ic_set) e->target_pc = cpu->pc;
        jit->pending = e;
        jit->pending_gen = jit->cc.generation;
        jit->pending_cpu = cpu;
    }
    jit_unlock(jit, taken);
    return cpu->exc.code != EXC_NONE ? JIT_EXCEPTION : JIT_OK;
}

void jit_invalidate_page(struct jit *jit, uint32_t paddr)
{
    bool taken = jit_lock(jit);
    if (page_has_code(jit, paddr)) {
        cc_invalidate_page(&jit->cc, paddr);
        request_others(jit);
        jit->stats.invalidations++;
    }
    jit->pending = NULL;
    jit_unlock(jit, taken);
}

void jit_invalidate_all(struct jit *jit)
{
    bool taken = jit_lock(jit);
    cc_invalidate_all(&jit->cc);
    request_others(jit);
    jit->pending = NULL;
    jit_unlock(jit, taken);
}

void jit_set_fixade(struct jit *jit, bool on)
{
    bool taken = jit_lock(jit);
    bool changed = false;
    for (unsigned m = 0; m < 2; m++) {
        bool want = on && jit->target[m].flat_fault;
        changed |= jit->target[m].flat_unaligned != want;
        jit->target[m].flat_unaligned = want;
    }
    if (changed) {
        cc_invalidate_all(&jit->cc);
        request_others(jit);
        jit->pending = NULL;
    }
    jit_unlock(jit, taken);
}

void jit_debug_sync(struct jit *jit, bool (*stop_at)(void *opaque, uint32_t pc), void *opaque,
                    unsigned gen)
{
    if (jit->stop_at == stop_at && jit->stop_opaque == opaque && jit->debug_gen == gen) return;
    bool taken = jit_lock(jit);
    jit->stop_at = stop_at;
    jit->stop_opaque = opaque;
    jit->debug_gen = gen;
    for (unsigned m = 0; m < 2; m++) /* a stop at a loop's start must stop each iteration */
        jit->target[m].loops_unchecked = jit->watch_target[m].loops_unchecked =
            !stop_at && !jit->cfg.verify;
    cc_invalidate_all(&jit->cc);
    request_others(jit);
    softtlb_flush(jit->cpu);
    jcache_flush(jit->cpu);
    jit->pending = NULL;
    jit_unlock(jit, taken);
}

const struct jit_stats *jit_stats(const struct jit *jit)
{
    return &jit->stats;
}

void jit_print_stats(const struct jit *jit, uint64_t executed, double seconds, FILE *out)
{
    const struct jit_stats *s = &jit->stats;
    double tsec = (double)s->translate_ns / 1e9;
    fprintf(out, "tern statistics\n");
    fprintf(out, "  guest instructions executed  %llu\n", (unsigned long long)executed);
    if (seconds > 0)
        fprintf(out, "  executed per second          %.1f M\n", (double)executed / seconds / 1e6);
    fprintf(out, "  blocks translated            %llu\n", (unsigned long long)s->blocks);
    fprintf(out, "  guest instructions translated %llu\n", (unsigned long long)s->guest_insns);
    fprintf(out, "  host bytes per guest insn    %.1f\n",
            s->guest_insns ? (double)s->host_bytes / (double)s->guest_insns : 0.0);
    fprintf(out, "  translation time             %.3f s\n", tsec);
    if (tsec > 0)
        fprintf(out, "  translated per second        %.1f K\n",
                (double)s->guest_insns / tsec / 1e3);
    fprintf(out, "  chained exits                %llu\n", (unsigned long long)s->chained);
    uint64_t probes = jit->cpu->jcache_probes;
    if (probes)
        fprintf(out, "  jump-cache hit rate          %.1f %% of %llu indirect exits\n",
                100.0 * (double)(probes - s->jcache_misses) / (double)probes,
                (unsigned long long)probes);
    fprintf(out, "  returns to the dispatcher    %llu\n", (unsigned long long)s->dispatches);
    const struct softtlb_stats *t = &jit->asids.stats;
    if (t->refills || t->switches)
        fprintf(out, "  soft-TLB refills             %llu (ASID switches %llu, entries kept "
                     "across them %llu, full flushes %llu)\n",
                (unsigned long long)t->refills, (unsigned long long)t->switches,
                (unsigned long long)t->restored, (unsigned long long)t->flushes);
    fprintf(out, "  blocks interpreted           %llu\n", (unsigned long long)s->interpreted);
    fprintf(out, "    before translation         %llu\n", (unsigned long long)s->cold);
    fprintf(out, "  code invalidations           %llu\n", (unsigned long long)s->invalidations);
    fprintf(out, "  code cache flushes           %llu\n", (unsigned long long)s->flushes);
    if (jit->cfg.verify)
        fprintf(out, "  verified blocks              %llu (skipped, MMIO: %llu)\n",
                (unsigned long long)s->verified, (unsigned long long)s->unverified);
}
