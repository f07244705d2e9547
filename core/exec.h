/* core/exec.h — the run loop: steps the CPU with the chosen engine, takes guest
 * exceptions and interrupts (system mode), serves exit requests from devices,
 * counts instructions, and stops on a power-off, an instruction limit, or a
 * guest stuck in a fault loop.
 *
 *   struct exec_config cfg = {.engine = ENGINE_INTERP, .system_mode = true,
 *                             .hooks = {board_service, board}};
 *   struct exec_result res;
 *   exec_run(&cpu, &cfg, &res);
 *   if (res.stop == EXEC_STOP_FAULT_LOOP) { exec_describe(&res, msg, sizeof msg); ... }
 *
 * Fault loop: the same exception at the same pc EXEC_FAULT_LOOP_DEFAULT times in
 * a row with no instruction retired in between (e.g. a jump into unmapped
 * memory while the BEV vectors in the boot ROM hold nothing runnable). tern-
 * system then exits with status EXEC_FAULT_LOOP_STATUS (3).
 */
#ifndef TERN_CORE_EXEC_H
#define TERN_CORE_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;
struct jit;

/* The engines: the reference interpreter, the translator (core/jit.h), and
 * both in lock-step. A debugger that gives stop_at (struct exec_debug) keeps
 * the translator running between stops; one that does not makes the loop
 * interpret. */
enum engine { ENGINE_INTERP, ENGINE_JIT, ENGINE_VERIFY, ENGINE_COUNT };

enum exec_stop {
    EXEC_STOP_REQUESTED,  /* the service hook asked to stop (power-off) */
    EXEC_STOP_LIMIT,      /* the instruction limit was reached */
    EXEC_STOP_FAULT_LOOP, /* the guest is stuck taking the same exception */
    EXEC_STOP_EXCEPTION,  /* user mode: an exception is pending in cpu->exc */
    EXEC_STOP_NO_ENGINE,  /* the engine is not built into this tern, or no jit was given */
    EXEC_STOP_DIVERGED,   /* verify: the translator and the interpreter disagreed */
    EXEC_STOP_DEBUG,      /* the debugger ended the run (gdb 'k') */
};

#define EXEC_FAULT_LOOP_DEFAULT 8
#define EXEC_FAULT_LOOP_STATUS 3 /* tern-system's exit status for a fault loop */
#define EXEC_LIMIT_STATUS 4      /* tern-system's exit status when the limit stops it */

/* Called when cpu->exit_request was raised (after it is cleared): the board
 * serves its devices and returns true to stop the run. */
struct exec_hooks {
    bool (*service)(void *opaque, struct cpu *cpu);
    void *opaque;
};

struct exec_config {
    enum engine engine;
    bool system_mode;          /* enter guest exception vectors; else stop on an exception */
    uint64_t insn_limit;       /* stop after this many instructions; 0 = no limit */
    unsigned fault_loop_limit; /* 0 = EXEC_FAULT_LOOP_DEFAULT */
    struct exec_hooks hooks;
    struct jit *jit; /* the translator for ENGINE_JIT / ENGINE_VERIFY (core/jit.h) */
};

/* The debugger's view of the loop (gdbstub). While a hook is given, the loop
 * calls it before each instruction it interprets and before each visit of
 * translated code (EXEC_DEBUG_INSN: breakpoints, single-step, polling for
 * gdb's interrupt) and when a watchpoint abandoned an access
 * (EXEC_DEBUG_WATCH, pc at that instruction, which has had no effect). The
 * hook may block while gdb holds the guest stopped; EXEC_DEBUG_KILL ends the
 * run with EXEC_STOP_DEBUG.
 *
 * With a translating engine, the optional members let translated code run
 * between stops: stop_at(opaque, pc) says the debugger needs control before
 * pc (translated blocks end there and are entered only from the loop, right
 * after the hook); single(opaque) asks for the next instruction to be
 * interpreted alone (a step; a branch then goes with its delay slot); *gen
 * changes whenever break- or watchpoints change or the debugger writes guest
 * memory, and every translation is then dropped. Without stop_at the loop
 * interprets while a hook is set. */
enum exec_debug_event { EXEC_DEBUG_INSN, EXEC_DEBUG_WATCH };
enum exec_debug_action { EXEC_DEBUG_RUN, EXEC_DEBUG_KILL };

struct exec_debug {
    enum exec_debug_action (*hook)(void *opaque, struct cpu *cpu, enum exec_debug_event event);
    void *opaque;
    bool (*stop_at)(void *opaque, uint32_t pc); /* NULL: interpret while attached */
    bool (*single)(void *opaque);
    const unsigned *gen;
};

/* One exception as taken. */
struct exec_fault {
    uint8_t code; /* enum mips_exc */
    bool has_badvaddr;
    uint32_t pc, badvaddr;
};

struct exec_result {
    enum exec_stop stop;
    uint64_t insns;          /* instructions retired during this run */
    struct exec_fault first; /* fault loop: the first exception since the last retirement */
    struct exec_fault last;  /* fault loop: the repeating exception */
    unsigned repeats;
};

/* Parses an engine name ("interp", "jit", "verify"); 0, or -1 when unknown. */
int engine_parse(const char *name, enum engine *out);

/* The name of an engine ("interp"). */
const char *engine_name(enum engine engine);

/* True when the engine is built into this tern. */
bool engine_available(enum engine engine);

/* Runs cpu until a stop condition; fills *res and returns 0, or -1 when the
 * engine is not available (res->stop = EXEC_STOP_NO_ENGINE). */
int exec_run(struct cpu *cpu, const struct exec_config *cfg, struct exec_result *res);

/* As exec_run, with a debugger attached through debug (NULL: none). A separate
 * entry rather than a field of exec_config, so positional initialisers of
 * exec_config stay complete under -Wmissing-field-initializers. */
int exec_run_debug(struct cpu *cpu, const struct exec_config *cfg, const struct exec_debug *debug,
                   struct exec_result *res);

/* The short and long name of an exception code: "IBE", "instruction bus error". */
const char *exec_exception_name(unsigned code);
const char *exec_exception_text(unsigned code);

/* Writes a one-line description of why the run stopped (no newline). */
void exec_describe(const struct exec_result *res, char *buf, size_t len);

#endif
