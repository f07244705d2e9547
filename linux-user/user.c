/* linux-user/user.c — the user-mode run loop and the guest-fault -> signal
 * mapping; see user.h.
 *
 * Signals (what Linux's arch/mips/kernel/traps.c sends for each exception):
 * TLB faults -> SIGSEGV; address errors -> fixed up (unaligned.c, Linux's
 * do_ade) or else SIGBUS, also for every access to a kernel address (do_ade's
 * access_ok; qemu-user sends SIGSEGV there); RI and CpU ->
 * SIGILL; Ov -> SIGFPE; BREAK and trap instructions -> SIGTRAP except codes 6
 * (overflow) and 7 (divide by zero, what gcc's div checks use) -> SIGFPE;
 * FPE -> SIGFPE. Each goes to the guest's handler when it has one (signal.c),
 * else ends the process with the signal's default action.
 *
 * The loop: exec_run stops on an exception (SYSCALL or fault) or, through
 * the service hook, when cpu->exit_request was raised and a signal is
 * pending (or the thread group is exiting); pending signals are delivered
 * after every system call too.
 *
 * Under gdb (-g, p->gdb): every guest thread runs exec_run_debug with the
 * stub's hook on every (re-)entry (the main one translated, the others
 * interpreted; thread.c registers them: gdb lists them, stops in any of
 * them and pauses them all while stopped), and each signal, a fault's or a
 * pending one (kill, tgkill), goes to gdb before the guest sees it, from
 * the thread it is for (gdb_stub_signal: the stop names that thread; gdb
 * may pass, change or suppress it, or kill the run, which ends the whole
 * process with status 0 as qemu-user does), as gdbserver does.
 */
#include "linux-user/user.h"

#include "core/cpu.h"
#include "core/jit.h"
#include "gdbstub/gdb_stub.h"
#include "linux-user/guest_mem.h"
#include "linux-user/mips_abi.h"
#include "softmmu/bus.h"
#include "softmmu/memory.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define BRK_OVERFLOW 6
#define BRK_DIVZERO 7

void user_proc_init(struct user_proc *p, struct cpu *cpu, struct guest_mem *mem,
                    const char *sysroot)
{
    memset(p, 0, sizeof *p);
    p->cpu = cpu;
    p->mem = mem;
    p->sysroot = sysroot;
}

/* The code field of the BREAK or trap instruction at pc (Linux's do_bp/do_tr). */
static unsigned trap_code(struct cpu *cpu)
{
    uint32_t word;
    if (!mem_fetch_quiet(cpu, cpu->pc, &word)) return 0;
    bool is_break = (word >> 26) == 0 && (word & 0x3f) == 0x0d;
    if (is_break) return (word >> 16) & 0x3ff;
    if ((word >> 26) == 0) return (word >> 6) & 0x3ff; /* TEQ/TNE/...: code in 15..6 */
    return 0;                                          /* TEQI and friends carry no code */
}

int user_fault_signal(struct cpu *cpu)
{
    switch (cpu->exc.code) {
    case EXC_MOD:
    case EXC_TLBL:
    case EXC_TLBS:
        /* A user-mode access above kuseg is an address error on the CPU
         * (tern's page map just has nothing there). */
        return cpu->exc.badvaddr >= GM_USER_END ? MIPS_SIGBUS : MIPS_SIGSEGV;
    case EXC_ADEL:
    case EXC_ADES:
        return MIPS_SIGBUS;
    case EXC_IBE:
    case EXC_DBE:
        return MIPS_SIGBUS;
    case EXC_RI:
    case EXC_CPU:
        return MIPS_SIGILL;
    case EXC_OV:
    case EXC_FPE:
        return MIPS_SIGFPE;
    case EXC_BP:
    case EXC_TR: {
        unsigned code = trap_code(cpu);
        return code == BRK_OVERFLOW || code == BRK_DIVZERO ? MIPS_SIGFPE : MIPS_SIGTRAP;
    }
    default:
        return MIPS_SIGSEGV;
    }
}

/* force_fcr31_sig: the first enabled cause bit in the order Linux tests them. */
static int fpe_code(uint32_t fcsr)
{
    uint32_t x = (fcsr >> FCSR_CAUSE_SHIFT) & (fcsr >> 7) & 0x1f; /* V Z O U I */
    if (x & 16) return MIPS_FPE_FLTINV;
    if (x & 8) return MIPS_FPE_FLTDIV;
    if (x & 4) return MIPS_FPE_FLTOVF;
    if (x & 2) return MIPS_FPE_FLTUND;
    if (x & 1) return MIPS_FPE_FLTRES;
    return MIPS_FPE_FLTUNK; /* Unimplemented Operation (cause E) */
}

int user_fault_info(struct user_proc *p, int sig, uint32_t *addr)
{
    struct cpu *cpu = p->cpu;
    uint32_t epc = cpu->in_delay ? cpu->pc - 4 : cpu->pc; /* the branch, for a slot */
    *addr = 0;
    switch (sig == user_fault_signal(cpu) ? cpu->exc.code : EXC_NONE) {
    case EXC_MOD:
    case EXC_TLBL:
    case EXC_TLBS: /* do_page_fault: was there a vma? */
        if (sig != MIPS_SIGSEGV) break;
        *addr = cpu->exc.badvaddr;
        return p->mem->prot[*addr / GM_PAGE] ? MIPS_SEGV_ACCERR : MIPS_SEGV_MAPERR;
    case EXC_OV:
        *addr = epc;
        return MIPS_FPE_INTOVF;
    case EXC_BP:
    case EXC_TR:
        if (sig != MIPS_SIGFPE) break;
        *addr = epc;
        return trap_code(cpu) == BRK_DIVZERO ? MIPS_FPE_INTDIV : MIPS_FPE_INTOVF;
    case EXC_FPE:
        *addr = epc;
        return fpe_code(cpu->fcsr);
    default:
        break;
    }
    return MIPS_SI_KERNEL;
}

bool user_signal_dumps_core(int sig)
{
    /* signal(7): the "Core" default action. */
    static const int core[] = {3,           MIPS_SIGILL, MIPS_SIGTRAP, MIPS_SIGABRT, 7,
                               MIPS_SIGFPE, MIPS_SIGBUS, MIPS_SIGSEGV, MIPS_SIGSYS,  30,
                               31};
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (core[i] == sig) return true;
    return false;
}

/* guest_mem's code_changed hook: the page's translations go (core/jit.c). */
static void code_changed(void *opaque, uint32_t page_addr)
{
    struct cpu *cpu = opaque;
    if (cpu->code_sync) cpu->code_sync(cpu, page_addr);
}

/* The verify engine replays blocks and undoes their writes through a bus
 * log, so it gets a bus of two RAM regions over the flat space (kuseg and
 * the rest; the last page stays out so no region end wraps). */
static void verify_bus(struct bus *bus, struct guest_mem *mem)
{
    memset(bus, 0, sizeof *bus);
    bus_add_ram(bus, 0, GM_USER_END, mem->base);
    bus_add_ram(bus, GM_USER_END, 0u - GM_USER_END - GM_PAGE, mem->base + GM_USER_END);
}

/* The translator for engine, or NULL for the interpreter (or on failure,
 * with the reason in ex). */
static struct jit *user_jit(struct user_proc *p, enum engine engine, struct user_exit *ex)
{
    if (engine == ENGINE_INTERP) return NULL;
    struct jit_config jc = {0};
    jc.verify = engine == ENGINE_VERIFY;
    /* Nothing reads the instruction count here but the debugger's watch
     * skip (gdbstub/gdb_stub.c): only then do blocks keep it. */
    jc.no_icount = !p->gdb;
    jc.translate_after = JIT_TRANSLATE_AFTER;
    opt_config_default(&jc.opt);
    struct jit *jit = jit_new(p->cpu, &jc, ex->message, sizeof ex->message);
    if (!jit) {
        ex->engine_err = true;
        return NULL;
    }
    /* Misaligned accesses are fixed up as Linux does (unaligned.c), so
     * generated code need not test for them. */
    jit_set_fixade(jit, !p->fixade_off);
    p->mem->code_changed = code_changed;
    p->mem->code_opaque = p->cpu;
    return jit;
}

/* The run loop's service hook (cpu->exit_request was raised): stop to
 * deliver signals when one is pending. */
static bool user_service(void *opaque, struct cpu *cpu)
{
    struct user_proc *p = opaque;
    (void)cpu;
    if (thread_group_exiting(p)) return true;
    for (int i = 0; i < 4; i++)
        if (__atomic_load_n(&p->pending[i], __ATOMIC_SEQ_CST) & ~p->sigmask[i]) return true;
    return false;
}

void user_after_fork(struct user_proc *p)
{
    if (!p->jit) return;
    /* The child is in the dispatcher (a system call), outside generated code. */
    jit_free(p->jit);
    struct user_exit ex = {0};
    p->jit = user_jit(p, p->engine, &ex);
    if (!p->jit) _exit(127); /* no way to run the guest on: as a failed exec would */
}

/* gdb killed the run ('k' while stopped at a signal): the whole process
 * ends with status 0 (qemu-user's choice), whichever thread stopped. */
static void gdb_killed(struct user_proc *p)
{
    thread_group_exit(p, 0, 0);
}

/* gdb hears of the pending signals first; false when it killed the run. */
static bool gdb_filter_pending(struct user_proc *p)
{
    for (int sig = 1; p->gdb && sig <= MIPS_NSIG; sig++) {
        uint32_t bit = 1u << ((sig - 1) % 32);
        uint32_t *w = &p->pending[(sig - 1) / 32];
        if (!(__atomic_load_n(w, __ATOMIC_SEQ_CST) & bit & ~p->sigmask[(sig - 1) / 32])) continue;
        int to = gdb_stub_signal(p->gdb, p->cpu, sig);
        if (to == sig) continue;
        __atomic_and_fetch(w, ~bit, __ATOMIC_SEQ_CST);
        if (to < 0) return false;
        if (to > 0 && to <= MIPS_NSIG) sig_pend(p, to);
    }
    return true;
}

/* Pending signals to the guest (gdb first); ends the run when gdb killed it. */
static void deliver(struct user_proc *p)
{
    if (!gdb_filter_pending(p)) {
        gdb_killed(p);
        return;
    }
    sig_deliver(p);
}

/* A guest fault as signal sig: gdb first, then the guest's handler or the
 * end of the process. */
static void fault(struct user_proc *p, int sig)
{
    if (p->gdb) {
        sig = gdb_stub_signal(p->gdb, p->cpu, sig);
        if (sig < 0) {
            gdb_killed(p);
            return;
        }
        if (sig == 0) { /* suppressed: the instruction runs again (unless gdb moved pc) */
            p->cpu->exc.code = EXC_NONE;
            p->cpu->in_delay = false;
            return;
        }
    }
    if (sig_fault(p, sig)) return;
    p->signal = sig;
    p->exited = true;
}

void user_loop(struct user_proc *p, const struct exec_debug *dbg, struct user_exit *ex)
{
    struct exec_config cfg = {.engine = p->engine, .system_mode = false};
    cfg.hooks = (struct exec_hooks){user_service, p};
    struct exec_result res;
    while (!p->exited && !thread_group_exiting(p)) {
        cfg.jit = p->jit;
        int rc = exec_run_debug(p->cpu, &cfg, dbg, &res);
        if (rc == 0 && res.stop == EXEC_STOP_REQUESTED) {
            deliver(p);
            continue;
        }
        if (rc == 0 && res.stop == EXEC_STOP_DEBUG) { /* gdb 'k': the whole process ends */
            gdb_killed(p);
            break;
        }
        if (rc != 0 || res.stop != EXEC_STOP_EXCEPTION) {
            ex->engine_err = true;
            exec_describe(&res, ex->message, sizeof ex->message);
            break;
        }
        if (p->cpu->exc.code == EXC_SYS) {
            p->cpu->exc.code = EXC_NONE;
            user_syscall(p);
            deliver(p);
            continue;
        }
        if (user_fixade(p)) continue;
        exec_describe(&res, ex->message, sizeof ex->message);
        fault(p, user_fault_signal(p->cpu));
    }
}

void user_run(struct user_proc *p, enum engine engine, struct user_exit *ex)
{
    memset(ex, 0, sizeof *ex);
    static struct bus bus;
    if (engine == ENGINE_VERIFY) {
        verify_bus(&bus, p->mem);
        p->cpu->bus = &bus;
    }
    p->engine = engine;
    p->jit = user_jit(p, engine, ex);
    if (ex->engine_err) return;
    if (!sig_setup_tramp(p)) {
        ex->engine_err = true;
        snprintf(ex->message, sizeof ex->message, "cannot map the signal trampoline");
        return;
    }
    sig_inherit(p);
    struct exec_debug dbg;
    if (p->gdb) {
        dbg = gdb_stub_debug(p->gdb);
        thread_gdb_register(p);
    }
    user_loop(p, p->gdb ? &dbg : NULL, ex);
    thread_end_main(p);
    if (p->gdb && !ex->engine_err) {
        if (p->signal)
            gdb_stub_report_signal(p->gdb, gdb_signal_from_mips(p->signal));
        else
            gdb_stub_report_exit(p->gdb, (unsigned)p->status);
    }
    p->mem->code_changed = NULL;
    jit_free(p->jit);
    p->jit = NULL;
    p->cpu->bus = NULL;
    ex->status = p->status;
    ex->signal = p->signal;
    ex->core = p->signal && user_signal_dumps_core(p->signal);
}

/* Exits with the guest's status, or dies of the host equivalent of its fatal
 * signal, without a core file, so the parent sees what a native run would
 * give it. */
_Noreturn void user_die(const struct user_exit *ex)
{
    fflush(NULL);
    /* A fork's child of a threaded guest skips the exit handlers: they would
     * see the parent's threads (LeakSanitizer reports the memory only they
     * held as leaked); tern's output is flushed above. */
    if (!ex->signal) thread_forked_from_threads() ? _exit(ex->status) : exit(ex->status);
    int host = mips_to_host_signal(ex->signal);
    if (!host) host = SIGKILL;
    if (ex->core)
        fprintf(stderr, "tern-user: uncaught target signal %d (%s) - core dumped\n", ex->signal,
                strsignal(host));
    fflush(NULL);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    sig_host_raise_default(host);
    _exit(128 + host);
}
