/* gdbstub/gdb_stub.h — the GDB stub: serves one gdb over TCP and controls the
 * guest through the exec loop's debug hook (core/exec.h struct exec_debug).
 * It knows nothing of translation: breakpoints are pc compares made by the
 * loop before each instruction, watchpoints a check in the memory access path.
 *
 *   struct gdb_stub_options o = {.host = "127.0.0.1", .port = 1234, .wait = true};
 *   struct gdb_stub *g = gdb_stub_create(&o, &cpu, err, sizeof err);
 *   struct exec_debug dbg = gdb_stub_debug(g);
 *   exec_run_debug(&cpu, &cfg, &dbg, &res);
 *   gdb_stub_report_exit(g, status);   // 'W' to gdb when the guest powered off
 *   gdb_stub_free(g);
 *
 * All-stop. Without a thread registry there is one thread (id 1); user mode
 * registers one (gdb_stub_set_threads) and every guest thread runs under the
 * hook: the thread that stops owns the stub, the others pause at their next
 * hook visit until gdb resumes them. While the guest runs, the stub polls the socket
 * every GDB_POLL_INSNS instructions for gdb's 0x03 interrupt (and, with no gdb
 * attached, for a new connection); while it is stopped, the hook blocks
 * serving packets until gdb resumes, detaches ('D': the guest runs on), kills
 * ('k': the run ends) or the connection drops (as a detach).
 */
#ifndef TERN_GDBSTUB_GDB_STUB_H
#define TERN_GDBSTUB_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/exec.h"

struct cpu;
struct gdb_stub;

#define GDB_POLL_INSNS 4096    /* socket poll interval while gdb is attached */
#define GDB_ACCEPT_INSNS 65536 /* connection poll interval while no gdb is attached */

struct gdb_stub_options {
    const char *host;   /* listen address; NULL = 127.0.0.1 */
    unsigned port;      /* 0 = any free port (see gdb_stub_port) */
    bool wait;          /* -S: hold the guest before its first instruction until gdb attaches */
    bool linux_feature; /* user mode: describe org.gnu.gdb.mips.linux too */
};

/* Creates the stub listening on host:port for cpu; NULL with a one-line
 * message in err ("cannot listen on 127.0.0.1:1234: Address already in use"). */
struct gdb_stub *gdb_stub_create(const struct gdb_stub_options *opt, struct cpu *cpu, char *err,
                                 size_t errlen);

/* The TCP port the stub listens on. */
unsigned gdb_stub_port(const struct gdb_stub *stub);

/* The exec loop hook that runs this stub. */
struct exec_debug gdb_stub_debug(struct gdb_stub *stub);

/* Tells an attached gdb that the guest exited with status ('W'), then closes. */
void gdb_stub_report_exit(struct gdb_stub *stub, unsigned status);

/* Tells an attached gdb that the guest was terminated by signal ('X'), then closes. */
void gdb_stub_report_signal(struct gdb_stub *stub, unsigned signal);

/* User mode: the guest thread running cpu (the caller's host thread) is
 * about to receive Linux signal sig (MIPS numbers). With gdb attached, the
 * whole guest stops in that thread and gdb hears of it first (T packet);
 * returns the signal to deliver when gdb resumes: sig when gdb passes it
 * ("C sig"), 0 when it suppresses it ("c"), or whichever other signal gdb
 * chose; -1 when gdb killed the run. Without gdb: sig. */
int gdb_stub_signal(struct gdb_stub *stub, struct cpu *cpu, int sig);

/* GDB's signal number (gdb/signals.def) for MIPS Linux signal sig, and back;
 * 0 when there is none. */
unsigned gdb_signal_from_mips(int sig);
int gdb_signal_to_mips(unsigned gdb_sig);

/* The guest's threads, as the user-mode side sees them (linux-user/thread.c).
 * Thread ids are guest tids (gettid of the host thread running each one). */
struct gdb_threads {
    void *opaque;
    /* Writes up to max live thread ids to tids; returns how many are live. */
    size_t (*list)(void *opaque, int *tids, size_t max);
    /* The CPU of live thread tid, or NULL; it stays valid memory for the run. */
    struct cpu *(*cpu_of)(void *opaque, int tid);
    /* Raises exit_request on every thread's CPU (they pause at the hook). */
    void (*kick_all)(void *opaque);
};

/* Registers the thread registry; until then the stub sees one thread. */
void gdb_stub_set_threads(struct gdb_stub *stub, const struct gdb_threads *threads);

/* A guest thread (not the main one) is leaving: waits while gdb holds the
 * guest stopped (all-stop), then forgets cpu as the current thread. */
void gdb_stub_thread_exit(struct gdb_stub *stub, struct cpu *cpu);

/* Closes the sockets and frees the stub; NULL is allowed. */
void gdb_stub_free(struct gdb_stub *stub);

#endif
