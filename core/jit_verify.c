/* core/jit_verify.c — the lock-step engine (--engine=verify): each block runs
 * translated, then the interpreter runs the same instructions from the same
 * state, and the two results must agree in every architectural register and
 * in every byte either of them wrote (lightrec's lock-step debugger, per block).
 *
 * How one block is checked:
 *   1. snapshot the CPU; record RAM writes in a bus log (verify translations
 *      take every access through C: no soft TLB, no chaining, no jump cache);
 *   2. run the block; keep its final state and the bytes it wrote;
 *   3. put memory back from the log, restore the snapshot, interpret as many
 *      instructions as the block retired (one more when it raised);
 *   4. compare. A block that touched MMIO is not re-run (a device's side
 *      effects cannot be replayed); it counts as unverified.
 * On a difference the log gets the block's guest code, IR, host code and both
 * states, and the run stops.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "core/jit.h"
#include "core/jit_internal.h"
#include "core/log.h"
#include "frontend/disasm.h"
#include "frontend/interp.h"
#include "frontend/lift.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"
#include "translator/ir.h"
#include "translator/opt.h"

/* Copies the CPU state without the soft TLBs and jump caches (translation
 * caches, 130 KiB, that no instruction's result depends on): snapshots are
 * taken for every block, so their size is the verifier's speed. */
static void copy_state(struct cpu *dst, const struct cpu *src)
{
    size_t head = offsetof(struct cpu, softtlb);
    size_t tail = offsetof(struct cpu, jcache) + sizeof(src->jcache);
    memcpy(dst, src, head);
    memcpy((char *)dst + tail, (const char *)src + tail, sizeof(*src) - tail);
}

/* The bytes the translated block left at each address it wrote. */
struct written {
    unsigned count;
    uint32_t paddr[BUS_LOG_MAX];
    uint8_t size[BUS_LOG_MAX];
    uint8_t bytes[BUS_LOG_MAX][4];
};

static void capture_writes(const struct bus *bus, const struct bus_log *log, struct written *w)
{
    w->count = log->count;
    for (unsigned i = 0; i < log->count; i++) {
        w->paddr[i] = log->write[i].paddr;
        w->size[i] = log->write[i].size;
        const uint8_t *p = bus_host_ptr(bus, log->write[i].paddr, log->write[i].size);
        memcpy(w->bytes[i], p, log->write[i].size);
    }
}

/* Runs the interpreter for the instructions the block retired (and the one
 * that raised, when the block raised). */
static void interpret_same(struct cpu *cpu, const struct cpu *jit_result)
{
    while (cpu->icount < jit_result->icount)
        if (!interp_step(cpu)) return;
    if (jit_result->exc.code != EXC_NONE) interp_step(cpu);
}

static const char *const gpr_names[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                          "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
                                          "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                          "t8",   "t9", "k0", "k1", "gp", "sp", "s8", "ra"};

/* One field: counts 1 and prints it (when out is set) if a != b. The name is
 * formatted only then; this runs for every field of every verified block. */
static unsigned field(FILE *out, const char *fmt, int index, uint64_t a, uint64_t b)
{
    if (a == b)
        return 0;
    if (out) {
        char name[32];
        snprintf(name, sizeof name, fmt, index);
        fprintf(out, "  %-14s interp 0x%08llx  jit 0x%08llx\n", name, (unsigned long long)a,
                (unsigned long long)b);
    }
    return 1;
}

/* Counts the architectural fields that differ, printing each when out is set. */
static unsigned diff_states(FILE *out, const struct cpu *in, const struct cpu *jt)
{
    unsigned n = 0;
    for (int i = 0; i < 32; i++)
        n += field(out, gpr_names[i], 0, in->gpr[i], jt->gpr[i]);
    n += field(out, "hi", 0, in->hi, jt->hi);
    n += field(out, "lo", 0, in->lo, jt->lo);
    n += field(out, "pc", 0, in->pc, jt->pc);
    n += field(out, "in_delay", 0, in->in_delay, jt->in_delay);
    if (in->in_delay && jt->in_delay)
        n += field(out, "delay_target", 0, in->delay_target, jt->delay_target);
    for (int i = 0; i < 32; i++)
        n += field(out, "f%d", i, in->fpr[i], jt->fpr[i]);
    n += field(out, "fcsr", 0, in->fcsr, jt->fcsr);
    for (int r = 0; r < 32; r++)
        for (int sel = 0; sel < 8; sel++) {
            if (in->cp0[r][sel] == jt->cp0[r][sel])
                continue;
            char name[16];
            snprintf(name, sizeof name, "cp0[%d,%d]", r, sel);
            n += field(out, name, 0, in->cp0[r][sel], jt->cp0[r][sel]);
        }
    n += field(out, "llbit", 0, in->llbit, jt->llbit);
    if (in->llbit)
        n += field(out, "lladdr", 0, in->lladdr, jt->lladdr);
    n += field(out, "icount", 0, in->icount, jt->icount);
    n += field(out, "exception", 0, in->exc.code, jt->exc.code);
    if (in->exc.code != EXC_NONE && in->exc.has_badvaddr)
        n += field(out, "badvaddr", 0, in->exc.badvaddr, jt->exc.badvaddr);
    n += field(out, "waiting", 0, in->waiting, jt->waiting);
    return n;
}

/* Counts memory differences (the interpreter's bytes are in RAM now),
 * printing each when out is set. */
static unsigned diff_memory(FILE *out, const struct bus *bus, const struct written *jit_w,
                            const struct bus_log *interp_log)
{
    unsigned n = 0;
    for (unsigned i = 0; i < jit_w->count; i++) {
        const uint8_t *p = bus_host_ptr(bus, jit_w->paddr[i], jit_w->size[i]);
        if (p && memcmp(p, jit_w->bytes[i], jit_w->size[i]) != 0) {
            if (out)
                fprintf(out, "  memory at paddr 0x%08x (%u bytes) differs\n", jit_w->paddr[i],
                        jit_w->size[i]);
            n++;
        }
    }
    /* Bytes only the interpreter wrote must still hold what the block left
     * there, i.e. their old values. */
    for (unsigned i = 0; i < interp_log->count; i++) {
        uint32_t a = interp_log->write[i].paddr;
        bool jit_wrote = false;
        for (unsigned j = 0; j < jit_w->count && !jit_wrote; j++)
            jit_wrote = jit_w->paddr[j] == a && jit_w->size[j] == interp_log->write[i].size;
        const uint8_t *p = bus_host_ptr(bus, a, interp_log->write[i].size);
        if (!jit_wrote && p && memcmp(p, interp_log->write[i].old, interp_log->write[i].size)) {
            if (out) fprintf(out, "  memory at paddr 0x%08x written by the interpreter only\n", a);
            n++;
        }
    }
    return n;
}

/* The report of a divergence: guest code, IR, host code, the differences. */
static void report(struct jit *jit, const struct cc_block *blk)
{
    FILE *out = log_file();
    fprintf(out, "verify: divergence in the block at 0x%08x (spanning %u words)\n", blk->vpc,
            blk->icount);
    fprintf(out, "guest code:\n");
    struct cpu *view = jit->shadow; /* the state before the block: fetches work as they did */
    struct ir_block *ir = ir_block_new();
    struct lift_config lc = {.max_insns = jit->cfg.max_insns};
    struct lift_runs runs = {.n = 0};
    /* Lifted again to list the words in lifting order (a superblock's runs,
     * frontend/lift.h), not blk->icount words from vpc. */
    int n = ir ? lift_block_runs(view, blk->vpc, ir, &lc, NULL, &runs) : 0;
    for (unsigned r = 0; r < runs.n; r++)
        for (uint32_t i = 0; i < runs.run[r].count; i++) {
            uint32_t word, pc = runs.run[r].pc + 4u * i;
            if (mem_fetch(view, pc, &word) && jit->dis) disasm_print(jit->dis, out, pc, &word, 1);
        }
    view->exc.code = EXC_NONE;
    if (n > 0) {
        fprintf(out, "IR (before the passes):\n");
        ir_print(ir, out);
        opt_run(ir, &jit->cfg.opt);
        fprintf(out, "IR (after the passes):\n");
        ir_print(ir, out);
    }
    ir_block_free(ir);
    fprintf(out, "host code:\n");
    backend_disasm(out, blk->code, blk->size, (uint64_t)(uintptr_t)blk->code);
    fprintf(out, "state before: pc 0x%08x icount %llu\n", jit->shadow->pc,
            (unsigned long long)jit->shadow->icount);
    fprintf(out, "differences after the block:\n");
}

enum jit_result jit_verify_run(struct jit *jit, struct cpu *cpu)
{
    if (!jit->shadow) jit->shadow = malloc(sizeof(struct cpu));
    if (!jit->result) jit->result = malloc(sizeof(struct cpu));
    if (!jit->shadow || !jit->result) return JIT_INTERPRET;
    jit_check_mmu(jit, cpu);
    enum jit_result why = JIT_OK;
    struct cc_block *blk = jit_find_block(jit, cpu, jit_mode_flags(cpu), &why);
    if (!blk) return why;

    struct bus *bus = cpu->bus;
    static struct bus_log jit_log, interp_log;
    static struct written jit_w;
    copy_state(jit->shadow, cpu);
    jit_log.count = 0; /* not the whole record: it is 6 KiB, and this runs per block */
    jit_log.mmio = jit_log.overflow = false;
    bus->log = &jit_log;
    ((backend_enter_fn)(uintptr_t)jit->entry.enter)(cpu, blk->code);
    bus->log = NULL;
    if (jit_log.mmio || jit_log.overflow) {
        jit->stats.unverified++;
        return cpu->exc.code != EXC_NONE ? JIT_EXCEPTION : JIT_OK;
    }
    copy_state(jit->result, cpu);
    capture_writes(bus, &jit_log, &jit_w);
    bus_log_undo(bus, &jit_log);

    copy_state(cpu, jit->shadow);
    interp_log.count = 0;
    interp_log.mmio = interp_log.overflow = false;
    bus->log = &interp_log;
    interpret_same(cpu, jit->result);
    bus->log = NULL;

    if (diff_states(NULL, cpu, jit->result) + diff_memory(NULL, bus, &jit_w, &interp_log)) {
        report(jit, blk);
        diff_states(log_file(), cpu, jit->result);
        diff_memory(log_file(), bus, &jit_w, &interp_log);
        fflush(log_file());
        return JIT_DIVERGED;
    }
    jit->stats.verified++;
    return cpu->exc.code != EXC_NONE ? JIT_EXCEPTION : JIT_OK;
}
