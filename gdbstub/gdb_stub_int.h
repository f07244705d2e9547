/* gdbstub/gdb_stub_int.h — the stub's state, shared by gdb_stub.c (connection
 * and run control) and gdb_cmd.c (the packet commands). Not a public header. */
#ifndef TERN_GDBSTUB_GDB_STUB_INT_H
#define TERN_GDBSTUB_GDB_STUB_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdbstub/gdb_packet.h"
#include "gdbstub/gdb_points.h"
#include "gdbstub/gdb_stub.h"
#include "softmmu/memory.h"

/* GDB's signal numbers used in stop replies (gdb/signals.def). */
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5
#define GDB_SIGKILL 9
#define GDB_SIGSEGV 11

enum gdb_run { GDB_RUN_FREE, GDB_RUN_CONTINUE, GDB_RUN_STEP };

enum gdb_cmd_result {
    GDB_CMD_REPLY,  /* send stub->reply */
    GDB_CMD_RESUME, /* the guest runs; the stop reply comes later */
    GDB_CMD_DETACH, /* reply OK, forget gdb, the guest runs on */
    GDB_CMD_KILL,   /* end the run */
};

struct gdb_stub {
    struct cpu *cpu;            /* the thread that runs/steps (the stopper, Hc, vCont tid) */
    struct cpu *regs;           /* the thread g/G/p/P use (Hg; the stopper at each stop) */
    struct cpu *main_cpu;       /* the first CPU: watchpoints, the listener's kick */
    struct gdb_threads threads; /* .list NULL: one thread, id 1 */
    int cur_tid;                /* the thread of the last stop reply */

    /* All-stop: while hold, only owner runs; the others wait on cv in the
     * hook. held mirrors hold for the hook's lock-free fast path. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool hold;
    struct cpu *owner;
    atomic_bool held;
    bool others_run; /* the last resume lets the other threads run too */
    bool linux_feature;
    int listen_fd, conn;
    unsigned port;
    bool wait_first;
    unsigned countdown;

    /* input: bytes received but not yet fed to rx */
    struct gdb_rx rx;
    uint8_t in[4096];
    size_t in_pos, in_len;

    /* session */
    bool no_ack, gdb_swbreak, gdb_hwbreak;
    char stop_reply[96];
    bool stop_was_watch;

    /* run control */
    enum gdb_run run;
    bool step_started, resumed;
    uint32_t resume_pc;
    uint32_t resume_signal; /* gdb's signal number from C/S/vCont;C; 0 for c/s */
    bool watch_skip;        /* resumed at a watch stop: ignore watches for that one instruction */
    uint32_t watch_skip_pc;
    uint64_t watch_skip_icount;

    struct gdb_points pts;
    unsigned gen;           /* bumped when points change or gdb writes memory (struct exec_debug) */
    struct mem_watch watch; /* the hit's type and address are thread-local (gdb_stub.c) */

    /* output */
    char reply[2 * GDB_PACKET_MAX + 16]; /* payload being built */
    size_t reply_len;
    char out[4 * GDB_PACKET_MAX + 32]; /* the last framed packet, for a '-' resend */
    size_t out_len;

    /* The listener thread: translated code may run chained for a long time
     * without visiting the loop, so a thread polls the connection (or, with
     * no gdb, the listening socket) while the guest runs and raises
     * cpu->exit_request when something arrives (gdb's 0x03, a new gdb). */
    pthread_t listener;
    bool listener_started;
    atomic_bool quit, running, wake;
    atomic_int poll_fd;
};

/* Runs one packet; leaves a reply in stub->reply for GDB_CMD_REPLY. */
enum gdb_cmd_result gdb_cmd_dispatch(struct gdb_stub *stub, const char *pkt, size_t len);

/* Sets the guest running (GDB_RUN_CONTINUE or GDB_RUN_STEP) from its pc. */
void gdb_stub_resume(struct gdb_stub *stub, enum gdb_run run);

/* Reads n guest bytes at vaddr as gdb sees memory (never faulting the guest);
 * false when any byte is not readable. */
bool gdb_stub_read_mem(struct gdb_stub *stub, uint32_t vaddr, uint8_t *buf, uint32_t n);

/* The CPU of a gdb thread id ("1", "p1.2a", ...: hex); NULL for "any" (absent,
 * 0, -1) with *any set, NULL with *any clear when no such thread lives. */
struct cpu *gdb_stub_thread_cpu(struct gdb_stub *stub, const char *tid, size_t n, bool *any);

/* Installs or removes cpu->watch to match the watchpoint table. */
void gdb_stub_sync_watch(struct gdb_stub *stub);

#endif
