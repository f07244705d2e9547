/* core/exec.c — the run loop over an engine; see exec.h. It also owns the
 * per-block debug logs (-d in_asm, exec, cpu), because only the loop knows
 * where a guest block starts.
 *
 * A block, for logging, starts after a delay slot, after any jump in control
 * that is not a step to pc+4 (a branch-likely that skipped its slot, ERET),
 * and at every exception vector — the same boundaries the JIT will use.
 */
#include "core/exec.h"

#include "core/clock.h"
#include "core/cpu.h"
#include "core/jit.h"
#include "core/log.h"
#include "frontend/disasm.h"
#include "frontend/insn.h"
#include "frontend/interp.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const engine_names[ENGINE_COUNT] = {"interp", "jit", "verify"};

int engine_parse(const char *name, enum engine *out)
{
    for (int i = 0; i < ENGINE_COUNT; i++) {
        if (strcmp(name, engine_names[i]) == 0) {
            *out = (enum engine)i;
            return 0;
        }
    }
    return -1;
}

const char *engine_name(enum engine engine)
{
    return engine < ENGINE_COUNT ? engine_names[engine] : "?";
}

bool engine_available(enum engine engine)
{
    return engine < ENGINE_COUNT;
}

static const struct {
    const char *name, *text;
} exc_names[32] = {
    [EXC_INT] = {"Int", "interrupt"},
    [EXC_MOD] = {"Mod", "TLB modified"},
    [EXC_TLBL] = {"TLBL", "TLB miss on load or fetch"},
    [EXC_TLBS] = {"TLBS", "TLB miss on store"},
    [EXC_ADEL] = {"AdEL", "address error on load or fetch"},
    [EXC_ADES] = {"AdES", "address error on store"},
    [EXC_IBE] = {"IBE", "instruction bus error"},
    [EXC_DBE] = {"DBE", "data bus error"},
    [EXC_SYS] = {"Sys", "system call"},
    [EXC_BP] = {"Bp", "breakpoint"},
    [EXC_RI] = {"RI", "reserved instruction"},
    [EXC_CPU] = {"CpU", "coprocessor unusable"},
    [EXC_OV] = {"Ov", "integer overflow"},
    [EXC_TR] = {"Tr", "trap"},
    [EXC_FPE] = {"FPE", "floating-point exception"},
    [EXC_WATCH] = {"WATCH", "watchpoint"},
    [EXC_MCHECK] = {"MCheck", "machine check"},
};

const char *exec_exception_name(unsigned code)
{
    return code < 32 && exc_names[code].name ? exc_names[code].name : "?";
}

const char *exec_exception_text(unsigned code)
{
    return code < 32 && exc_names[code].text ? exc_names[code].text : "unknown exception";
}

/* ---- per-block logging ---------------------------------------------------- */

/* Block start PCs already shown by in_asm: an open-addressed set that grows. */
struct pc_set {
    uint32_t *slot; /* 0 = empty; pc 0 is stored as 1 (never a valid pc: unaligned) */
    size_t cap, used;
};

static bool pc_set_grow(struct pc_set *s);

/* Adds pc; true when it was not there yet (or the set cannot grow). */
static bool pc_set_add(struct pc_set *s, uint32_t pc)
{
    uint32_t key = pc ? pc : 1;
    if ((s->used + 1) * 2 > s->cap && !pc_set_grow(s)) return true;
    size_t i = (key * 2654435761u) & (s->cap - 1);
    while (s->slot[i] && s->slot[i] != key)
        i = (i + 1) & (s->cap - 1);
    if (s->slot[i]) return false;
    s->slot[i] = key;
    s->used++;
    return true;
}

static bool pc_set_grow(struct pc_set *s)
{
    struct pc_set bigger = {calloc(s->cap ? s->cap * 2 : 1024, sizeof(uint32_t)), 0, 0};
    if (!bigger.slot) return false;
    bigger.cap = s->cap ? s->cap * 2 : 1024;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i]) pc_set_add(&bigger, s->slot[i]);
    free(s->slot);
    *s = bigger;
    return true;
}

struct block_log {
    struct pc_set seen;
    struct disasm *dis;
};

/* Reads the word at vaddr as the CPU would fetch it, without raising: in_asm
 * looks ahead of execution and must not disturb a pending exception. */
static bool peek_insn(struct cpu *cpu, uint32_t vaddr, uint32_t *word)
{
    uint8_t saved[sizeof(cpu->exc)];
    memcpy(saved, &cpu->exc, sizeof saved);
    uint32_t paddr;
    bool ok = !cpu->guest_base && mem_translate(cpu, vaddr, MEM_FETCH, &paddr) &&
              bus_read(cpu->bus, paddr, 4, cpu->big_endian, word);
    memcpy(&cpu->exc, saved, sizeof saved);
    return ok;
}

#define BLOCK_LOG_MAX 64

/* The static extent of the block at pc: up to and including the first branch's
 * delay slot, stopping at the page end (as the JIT's blocks will). */
static unsigned block_words(struct cpu *cpu, uint32_t pc, uint32_t *words)
{
    unsigned n = 0;
    bool last = false;
    while (n < BLOCK_LOG_MAX && peek_insn(cpu, pc + 4 * n, &words[n])) {
        struct mips_insn in;
        mips_decode(words[n], &in);
        n++;
        if (last || ((pc + 4 * n) & 0xfffu) == 0) break;
        last = (in.flags & INSN_BRANCH) != 0;
    }
    return n;
}

static void log_in_asm(struct block_log *bl, struct cpu *cpu, uint32_t pc)
{
    if (!pc_set_add(&bl->seen, pc)) return;
    uint32_t words[BLOCK_LOG_MAX];
    unsigned n = block_words(cpu, pc, words);
    if (!bl->dis) bl->dis = disasm_open(cpu->big_endian);
    FILE *out = log_file();
    fprintf(out, "----------------\nIN: \n");
    if (n == 0)
        fprintf(out, "0x%08x:  (not readable)\n", pc);
    else if (bl->dis)
        disasm_print(bl->dis, out, pc, words, n);
    fputc('\n', out);
}

static void log_cpu(const struct cpu *cpu)
{
    static const char *const names[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                          "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
                                          "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                          "t8",   "t9", "k0", "k1", "gp", "sp", "s8", "ra"};
    FILE *out = log_file();
    fprintf(out, "pc=0x%08x HI=0x%08x LO=0x%08x ds %d\n", cpu->pc, cpu->hi, cpu->lo, cpu->in_delay);
    for (int i = 0; i < 32; i++)
        fprintf(out, "%s%s %08x%s", i % 4 ? " " : "GPR: ", names[i], cpu->gpr[i],
                i % 4 == 3 ? "\n" : "");
    fprintf(out, "Status 0x%08x Cause 0x%08x EPC 0x%08x BadVAddr 0x%08x\n", cpu->cp0[CP0_STATUS][0],
            cpu->cp0[CP0_CAUSE][0], cpu->cp0[CP0_EPC][0], cpu->cp0[CP0_BADVADDR][0]);
}

/* in_asm: the translating engines log each block as they translate it. */
static void log_block(struct block_log *bl, struct cpu *cpu, bool in_asm)
{
    if (in_asm && log_enabled(LOG_IN_ASM)) log_in_asm(bl, cpu, cpu->pc);
    if (log_enabled(LOG_EXEC)) fprintf(log_file(), "Trace: [0x%08x]\n", cpu->pc);
    if (log_enabled(LOG_CPU)) log_cpu(cpu);
}

static void block_log_free(struct block_log *bl)
{
    free(bl->seen.slot);
    disasm_close(bl->dis);
}

/* ---- exceptions and the loop --------------------------------------------- */

static struct exec_fault fault_of(const struct cpu *cpu)
{
    return (struct exec_fault){cpu->exc.code, cpu->exc.has_badvaddr, cpu->pc, cpu->exc.badvaddr};
}

static void log_exception(const struct cpu *cpu, const struct exec_fault *f)
{
    if (log_enabled(LOG_INT)) {
        log_printf("exception %s (%s) at pc 0x%08x%s", exec_exception_name(f->code),
                   exec_exception_text(f->code), f->pc, cpu->in_delay ? " (delay slot)" : "");
        if (f->has_badvaddr) log_printf(" badvaddr 0x%08x", f->badvaddr);
        log_printf(" status 0x%08x\n", cpu->cp0[CP0_STATUS][0]);
    }
    if (f->code == EXC_RI && log_enabled(LOG_UNIMP)) {
        uint32_t word = 0;
        peek_insn((struct cpu *)cpu, f->pc, &word);
        log_printf("reserved instruction 0x%08x at pc 0x%08x\n", word, f->pc);
    }
    if ((f->code == EXC_IBE || f->code == EXC_DBE) && f->has_badvaddr)
        log_guest_error("bus error: nothing mapped behind 0x%08x (pc 0x%08x)", f->badvaddr, f->pc);
}

/* An enabled hardware or software interrupt (Vol. III 6.1: IE set, EXL and ERL
 * clear, Cause.IP & Status.IM nonzero). */
static bool interrupt_pending(const struct cpu *cpu)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    if ((status & (ST_IE | ST_EXL | ST_ERL)) != ST_IE) return false;
    return (cpu->cp0[CP0_CAUSE][0] & status & (0xffu << CAUSE_IP_SHIFT)) != 0;
}

struct loop_state {
    unsigned limit; /* fault-loop threshold */
    unsigned same;  /* repeats of res->last with nothing retired */
    bool streak;    /* an exception was taken since the last retirement */
};

/* Takes the pending exception; true when the guest is now stuck in a loop. */
static bool take_exception(struct cpu *cpu, struct loop_state *ls, struct exec_result *res)
{
    struct exec_fault f = fault_of(cpu);
    log_exception(cpu, &f);
    if (!ls->streak) {
        res->first = f;
        ls->same = 0;
    }
    ls->same = (ls->streak && f.code == res->last.code && f.pc == res->last.pc) ? ls->same + 1 : 1;
    ls->streak = true;
    res->last = f;
    res->repeats = ls->same;
    cpu_enter_exception(cpu);
    return ls->same >= ls->limit;
}

/* One interpreter step with its bookkeeping; returns true at a block boundary. */
static bool step_interp(struct cpu *cpu, struct loop_state *ls, bool *failed)
{
    uint32_t pc = cpu->pc;
    bool was_delay = cpu->in_delay;
    *failed = !interp_step(cpu);
    if (*failed) return true;
    ls->streak = false;
    /* WAIT: the service hook idles the host until an interrupt is due (the
     * board's idle path); without a hook it completes at once. */
    if (cpu->waiting) cpu->exit_request = 1;
    return was_delay || (!cpu->in_delay && cpu->pc != pc + 4);
}

/* A watchpoint abandoned the last access: hand it to the debugger (see
 * struct exec_debug). Without one, drop the stray watch table and retry. */
static enum exec_debug_action debug_watch(struct cpu *cpu, const struct exec_debug *dbg)
{
    cpu->exc.code = EXC_NONE;
    if (!dbg || !dbg->hook) {
        cpu->watch = NULL;
        return EXEC_DEBUG_RUN;
    }
    return dbg->hook(dbg->opaque, cpu, EXEC_DEBUG_WATCH);
}

/* Instructions interpreted in one go where the JIT has no block. */
#define EXEC_INTERP_RUN 256u

/* One visit of translated code, or where the JIT has no block (cold, or
 * untranslatable) the interpreter up to the block's end (one step when
 * !whole); *failed when a guest exception is pending. */
static enum jit_result step_jit(struct cpu *cpu, const struct exec_config *cfg,
                                struct loop_state *ls, bool whole, bool *failed)
{
    uint64_t before = cpu->icount;
    enum jit_result r = cfg->engine == ENGINE_VERIFY ? jit_verify_run(cfg->jit, cpu)
                                                     : jit_run(cfg->jit, cpu);
    if (r == JIT_INTERPRET) {
        /* To the block's end (a bound for straight code past any branch);
         * under a debugger one instruction, which it looks at next. */
        for (unsigned n = 1; !step_interp(cpu, ls, failed) && !*failed && whole &&
                             !cpu->exit_request && n < EXEC_INTERP_RUN;
             n++)
            ;
        return r;
    }
    *failed = r == JIT_EXCEPTION;
    if (cpu->icount != before)
        ls->streak = false;
    if (cpu->waiting)
        cpu->exit_request = 1; /* WAIT: as step_interp */
    return r;
}

/* The debugger's look before the next instruction or block; then, when it
 * lets translated code run, the translator learns its stops and drops what
 * a change of break- or watchpoints (or of guest code) made stale. */
static enum exec_debug_action debug_visit(struct cpu *cpu, const struct exec_config *cfg,
                                          const struct exec_debug *dbg)
{
    enum exec_debug_action a = dbg->hook(dbg->opaque, cpu, EXEC_DEBUG_INSN);
    if (a == EXEC_DEBUG_RUN && cfg->jit && dbg->stop_at)
        jit_debug_sync(cfg->jit, dbg->stop_at, dbg->opaque, dbg->gen ? *dbg->gen : 0);
    return a;
}

/* Whether translated code may run now under a debugger: not in a delay slot
 * (blocks start at a branch, never at its slot) and not while stepping. */
static bool debug_translate(const struct cpu *cpu, const struct exec_debug *dbg)
{
    return dbg->stop_at && !cpu->in_delay && !(dbg->single && dbg->single(dbg->opaque));
}

static int run_loop(struct cpu *cpu, const struct exec_config *cfg, struct exec_result *res,
                    struct block_log *bl, const struct exec_debug *dbg)
{
    struct loop_state ls = {cfg->fault_loop_limit ? cfg->fault_loop_limit : EXEC_FAULT_LOOP_DEFAULT,
                            0, false};
    uint64_t start = cpu->icount;
    bool block_start = true;
    for (;;) {
        res->insns = cpu->icount - start;
        if (cpu->exit_request) {
            cpu->exit_request = 0;
            bool stop = cfg->hooks.service && cfg->hooks.service(cfg->hooks.opaque, cpu);
            cpu->waiting = false;
            if (stop) return (res->stop = EXEC_STOP_REQUESTED), 0;
        }
        if (cfg->insn_limit && res->insns >= cfg->insn_limit)
            return (res->stop = EXEC_STOP_LIMIT), 0;
        if (cfg->system_mode)
            clock_check(cpu);
        if (cfg->system_mode && interrupt_pending(cpu)) {
            cpu_exception(cpu, EXC_INT);
            take_exception(cpu, &ls, res);
            block_start = true;
        }
        if (dbg && debug_visit(cpu, cfg, dbg) == EXEC_DEBUG_KILL)
            return (res->stop = EXEC_STOP_DEBUG), 0;
        if (block_start && log_mask) log_block(bl, cpu, cfg->engine == ENGINE_INTERP);
        bool failed;
        if (cfg->engine != ENGINE_INTERP && (!dbg || debug_translate(cpu, dbg))) {
            enum jit_result r = step_jit(cpu, cfg, &ls, !dbg, &failed);
            if (r == JIT_DIVERGED)
                return (res->stop = EXEC_STOP_DIVERGED), 0;
            block_start = true;
        } else {
            block_start = step_interp(cpu, &ls, &failed);
        }
        if (!failed) continue;
        if (cpu->exc.code == EXC_DEBUG_WATCH) {
            if (debug_watch(cpu, dbg) == EXEC_DEBUG_KILL) return (res->stop = EXEC_STOP_DEBUG), 0;
            continue;
        }
        if (!cfg->system_mode) {
            res->last = fault_of(cpu);
            res->insns = cpu->icount - start;
            return (res->stop = EXEC_STOP_EXCEPTION), 0;
        }
        if (take_exception(cpu, &ls, res)) return (res->stop = EXEC_STOP_FAULT_LOOP), 0;
    }
}

int exec_run(struct cpu *cpu, const struct exec_config *cfg, struct exec_result *res)
{
    return exec_run_debug(cpu, cfg, NULL, res);
}

int exec_run_debug(struct cpu *cpu, const struct exec_config *cfg, const struct exec_debug *debug,
                   struct exec_result *res)
{
    memset(res, 0, sizeof(*res));
    if (!engine_available(cfg->engine) || (cfg->engine != ENGINE_INTERP && !cfg->jit)) {
        res->stop = EXEC_STOP_NO_ENGINE;
        return -1;
    }
    struct block_log bl = {{NULL, 0, 0}, NULL};
    const struct exec_debug *dbg = debug && debug->hook ? debug : NULL;
    /* Translations made for another debugger (or none) must not be reused. */
    if (cfg->jit && !dbg) jit_debug_sync(cfg->jit, NULL, NULL, 0);
    int rc = run_loop(cpu, cfg, res, &bl, dbg);
    block_log_free(&bl);
    return rc;
}

static int describe_fault(const struct exec_fault *f, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s (%s) at pc 0x%08x", exec_exception_name(f->code),
                     exec_exception_text(f->code), f->pc);
    if (f->has_badvaddr && n >= 0 && (size_t)n < len)
        n += snprintf(buf + n, len - (size_t)n, ", badvaddr 0x%08x", f->badvaddr);
    return n;
}

void exec_describe(const struct exec_result *res, char *buf, size_t len)
{
    char last[128], first[128];
    switch (res->stop) {
    case EXEC_STOP_REQUESTED:
        snprintf(buf, len, "stopped on request after %llu instructions",
                 (unsigned long long)res->insns);
        break;
    case EXEC_STOP_LIMIT:
        snprintf(buf, len, "instruction limit reached after %llu instructions",
                 (unsigned long long)res->insns);
        break;
    case EXEC_STOP_FAULT_LOOP:
        describe_fault(&res->last, last, sizeof last);
        describe_fault(&res->first, first, sizeof first);
        snprintf(buf, len,
                 "guest stuck in an exception loop: %s taken %u times with no instruction "
                 "retired (it began with %s)",
                 last, res->repeats, first);
        break;
    case EXEC_STOP_EXCEPTION:
        describe_fault(&res->last, buf, len);
        break;
    case EXEC_STOP_NO_ENGINE:
        snprintf(buf, len, "engine not available (a translating engine needs a translator)");
        break;
    case EXEC_STOP_DIVERGED:
        snprintf(buf, len, "verify: the translator and the interpreter disagree after %llu "
                 "instructions (details in the log)", (unsigned long long)res->insns);
        break;
    case EXEC_STOP_DEBUG:
        snprintf(buf, len, "killed by the debugger after %llu instructions",
                 (unsigned long long)res->insns);
        break;
    }
}
