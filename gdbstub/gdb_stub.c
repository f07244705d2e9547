/* gdbstub/gdb_stub.c — the connection and run control of the GDB stub: the
 * exec hook (breakpoints, single-step, interrupt polling), the stopped-state
 * packet loop, and what happens on attach, detach, drop and guest exit.
 * The commands themselves live in gdb_cmd.c. See gdb_stub.h.
 *
 * Threads (user mode): every guest thread runs the hook on its own host
 * thread, so what belongs to "the thread that is looking" — its CPU (for
 * the watch check, which only gets the stub) and the watchpoint it just hit
 * — is thread-local; the stop itself goes through the all-stop hold.
 */
#include "gdbstub/gdb_stub.h"

#include "core/cpu.h"
#include "gdbstub/gdb_server.h"
#include "gdbstub/gdb_stub_int.h"

#include "frontend/insn.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The CPU this host thread runs (set at each hook visit, before any of its
 * guest instructions), and the watchpoint its last abandoned access hit. */
static _Thread_local struct cpu *tls_cpu;
static _Thread_local unsigned tls_watch_type;
static _Thread_local uint32_t tls_watch_addr;

/* ---- output ----------------------------------------------------------------- */

/* Frames and sends a payload; false when the connection is gone. */
static bool send_payload(struct gdb_stub *s, const char *payload, size_t len)
{
    size_t n = gdb_frame((const uint8_t *)payload, len, s->out, sizeof s->out);
    if (n == 0) n = gdb_frame((const uint8_t *)"E01", 3, s->out, sizeof s->out);
    s->out_len = n;
    return gdb_send_all(s->conn, s->out, n);
}

static bool send_text(struct gdb_stub *s, const char *text)
{
    return send_payload(s, text, strlen(text));
}

/* ---- connection ------------------------------------------------------------- */

static void close_conn(struct gdb_stub *s)
{
    atomic_store(&s->poll_fd, s->listen_fd);
    if (s->conn >= 0) close(s->conn);
    s->conn = -1;
}

/* gdb is gone (detach, drop or kill): forget its points, let the guest run. */
static void forget_gdb(struct gdb_stub *s)
{
    close_conn(s);
    gdb_points_clear(&s->pts);
    gdb_stub_sync_watch(s);
    s->gen++;
    s->run = GDB_RUN_FREE;
    s->countdown = GDB_ACCEPT_INSNS;
}

static void attach(struct gdb_stub *s, int fd)
{
    s->conn = fd;
    atomic_store(&s->poll_fd, fd);
    gdb_rx_init(&s->rx);
    s->in_pos = s->in_len = 0;
    s->no_ack = s->gdb_swbreak = s->gdb_hwbreak = false;
    s->out_len = 0;
    s->stop_was_watch = false;
    s->cur_tid = s->threads.list ? (int)gettid() : 1;
    snprintf(s->stop_reply, sizeof s->stop_reply, "T%02xthread:%x;", GDB_SIGTRAP,
             (unsigned)s->cur_tid);
    s->countdown = GDB_POLL_INSNS;
}

/* The next received byte, waiting up to timeout_ms; -1 when none came, -2 when
 * the connection is gone. */
static int next_byte(struct gdb_stub *s, int timeout_ms)
{
    if (s->in_pos == s->in_len) {
        ssize_t n = gdb_recv(s->conn, s->in, sizeof s->in, timeout_ms);
        if (n < 0) return -2;
        if (n == 0) return -1;
        s->in_pos = 0;
        s->in_len = (size_t)n;
    }
    return s->in[s->in_pos++];
}

/* ---- the stopped state -------------------------------------------------------- */

static bool ack(struct gdb_stub *s, const char *c)
{
    return s->no_ack || gdb_send_all(s->conn, c, 1);
}

/* One complete packet while stopped; returns -1 to keep serving, or the action. */
static int serve_packet(struct gdb_stub *s)
{
    if (!ack(s, "+")) return -2;
    switch (gdb_cmd_dispatch(s, (const char *)s->rx.data, s->rx.len)) {
    case GDB_CMD_REPLY:
        return send_payload(s, s->reply, s->reply_len) ? -1 : -2;
    case GDB_CMD_RESUME:
        return EXEC_DEBUG_RUN;
    case GDB_CMD_DETACH:
        send_text(s, "OK");
        forget_gdb(s);
        return EXEC_DEBUG_RUN;
    case GDB_CMD_KILL:
        forget_gdb(s);
        return EXEC_DEBUG_KILL;
    }
    return -1;
}

/* One received byte while stopped; -1 to keep serving, -2 when the connection
 * failed, or the action to return to the exec loop. */
static int serve_byte(struct gdb_stub *s, uint8_t byte)
{
    switch (gdb_rx_feed(&s->rx, byte)) {
    case GDB_RX_PACKET:
        return serve_packet(s);
    case GDB_RX_BAD:
        return ack(s, "-") ? -1 : -2;
    case GDB_RX_OVERLONG: /* well formed but too big for us: refuse it, don't ask again */
        return ack(s, "+") && send_text(s, "E01") ? -1 : -2;
    case GDB_RX_NAK:
        return !s->out_len || gdb_send_all(s->conn, s->out, s->out_len) ? -1 : -2;
    default: /* acks, a stray 0x03 (already stopped), garbage */
        return -1;
    }
}

/* Holds the guest stopped and serves gdb until it resumes, detaches or kills,
 * or the connection drops (then the guest runs on). */
static enum exec_debug_action serve_stopped(struct gdb_stub *s)
{
    s->run = GDB_RUN_FREE;
    for (;;) {
        int c = next_byte(s, -1);
        int rc = c < 0 ? -2 : serve_byte(s, (uint8_t)c);
        if (rc == -1) continue;
        if (rc == -2) {
            forget_gdb(s);
            return EXEC_DEBUG_RUN;
        }
        return (enum exec_debug_action)rc;
    }
}

/* ---- all-stop ------------------------------------------------------------------ */

/* Waits while another thread owns the stopped (or single-stepping) guest. */
static void pause_wait(struct gdb_stub *s, struct cpu *cpu)
{
    pthread_mutex_lock(&s->mu);
    while (s->hold && s->owner != cpu)
        pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

/* cpu's thread takes the guest: the others pause at their next hook visit
 * (translated code leaves at the next block through exit_request). A thread
 * that stops while another one owns the guest waits its turn. */
static void take_hold(struct gdb_stub *s, struct cpu *cpu)
{
    pthread_mutex_lock(&s->mu);
    while (s->hold && s->owner != cpu)
        pthread_cond_wait(&s->cv, &s->mu);
    s->hold = true;
    s->owner = cpu;
    atomic_store(&s->held, true);
    pthread_mutex_unlock(&s->mu);
    if (s->threads.kick_all) s->threads.kick_all(s->threads.opaque);
}

/* gdb resumed: the others run again, unless only s->cpu steps (vCont;s:tid
 * alone). The caller pauses too when it is not the one gdb resumed. */
static void release_hold(struct gdb_stub *s, struct cpu *cpu, bool resumed)
{
    pthread_mutex_lock(&s->mu);
    bool keep = resumed && !s->others_run;
    s->hold = keep;
    s->owner = keep ? s->cpu : NULL;
    atomic_store(&s->held, keep);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pause_wait(s, cpu);
}

/* The listener thread stays quiet while the stub itself reads the socket. */
static enum exec_debug_action serve(struct gdb_stub *s, struct cpu *cpu)
{
    atomic_store(&s->running, false);
    s->others_run = true;
    enum exec_debug_action a = serve_stopped(s);
    atomic_store(&s->wake, false);
    atomic_store(&s->running, true);
    release_hold(s, cpu, a == EXEC_DEBUG_RUN && s->conn >= 0);
    return a;
}

/* The guest stops in cpu's thread (the caller's host thread): tell gdb why
 * (a T packet naming the thread) and serve it. */
static enum exec_debug_action stop(struct gdb_stub *s, struct cpu *cpu, int sig, const char *why)
{
    take_hold(s, cpu);
    if (s->conn < 0) { /* gdb left while this thread waited its turn */
        release_hold(s, cpu, false);
        return EXEC_DEBUG_RUN;
    }
    s->cpu = s->regs = cpu;
    s->cur_tid = s->threads.list ? (int)gettid() : 1;
    snprintf(s->stop_reply, sizeof s->stop_reply, "T%02xthread:%x;%s", sig, (unsigned)s->cur_tid,
             why);
    s->stop_was_watch = strstr(why, "watch:") != NULL;
    if (!send_text(s, s->stop_reply)) {
        forget_gdb(s);
        release_hold(s, cpu, false);
        return EXEC_DEBUG_RUN;
    }
    return serve(s, cpu);
}

/* ---- run control -------------------------------------------------------------- */

void gdb_stub_resume(struct gdb_stub *s, enum gdb_run run)
{
    s->run = run;
    s->step_started = false;
    s->resumed = true;
    s->resume_pc = s->cpu->pc;
    /* gdb steps over a watch stop itself (with the watchpoints removed); a
     * client that does not would otherwise stop on the same access forever. */
    s->watch_skip = s->stop_was_watch;
    s->watch_skip_pc = s->cpu->pc;
    s->watch_skip_icount = s->cpu->icount;
    s->countdown = GDB_POLL_INSNS;
}

/* True when cpu is the thread gdb resumed from a watch stop and is still at
 * the access that stopped it (see gdb_stub_resume). */
static bool watch_skipped(const struct gdb_stub *s, const struct cpu *cpu)
{
    return s->watch_skip && cpu == s->cpu && cpu->pc == s->watch_skip_pc &&
           cpu->icount == s->watch_skip_icount;
}

static bool watch_check(void *opaque, uint32_t vaddr, unsigned size, bool store)
{
    struct gdb_stub *s = opaque;
    if (s->conn < 0) return false;
    if (watch_skipped(s, tls_cpu ? tls_cpu : s->main_cpu)) return false;
    return gdb_points_watch_hit(&s->pts, vaddr, size, store, &tls_watch_type, &tls_watch_addr);
}

void gdb_stub_sync_watch(struct gdb_stub *s)
{
    const struct mem_watch *w = s->pts.nwp ? &s->watch : NULL;
    s->main_cpu->watch = w;
    if (!s->threads.list) return;
    /* Every live thread watches (a thread made later copies its parent's
     * cpu->watch at the clone: linux-user/thread.c). The others are paused
     * or in a system call: they see the new table at their next access. */
    int tids[256];
    size_t n = s->threads.list(s->threads.opaque, tids, sizeof tids / sizeof tids[0]);
    if (n > sizeof tids / sizeof tids[0]) n = sizeof tids / sizeof tids[0];
    for (size_t i = 0; i < n; i++) {
        struct cpu *cpu = s->threads.cpu_of(s->threads.opaque, tids[i]);
        if (cpu) cpu->watch = w;
    }
}

static enum exec_debug_action stop_watch(struct gdb_stub *s, struct cpu *cpu)
{
    static const char *const names[] = {
        [GDB_WP_WRITE] = "watch", [GDB_WP_READ] = "rwatch", [GDB_WP_ACCESS] = "awatch"};
    char why[48];
    snprintf(why, sizeof why, "%s:%x;", names[tls_watch_type], tls_watch_addr);
    return stop(s, cpu, GDB_SIGTRAP, why);
}

/* Reads what gdb sent while the guest runs (one thread at a time: s->mu):
 * true when it was the interrupt. */
static bool poll_interrupt(struct gdb_stub *s)
{
    for (;;) {
        int c = s->conn < 0 ? -1 : next_byte(s, 0);
        if (c == -1) return false;
        if (c == -2) {
            forget_gdb(s);
            return false;
        }
        enum gdb_rx_event ev = gdb_rx_feed(&s->rx, (uint8_t)c);
        if (ev == GDB_RX_INTERRUPT) return true;
        /* All-stop gdb sends nothing else while the guest runs; ack and drop it. */
        if (ev == GDB_RX_PACKET && !ack(s, "+")) {
            forget_gdb(s);
            return false;
        }
    }
}

/* Looks at the socket while the guest runs: gdb's interrupt stops it. */
static enum exec_debug_action poll_running(struct gdb_stub *s, struct cpu *cpu)
{
    pthread_mutex_lock(&s->mu);
    bool intr = poll_interrupt(s);
    pthread_mutex_unlock(&s->mu);
    return intr ? stop(s, cpu, GDB_SIGINT, "") : EXEC_DEBUG_RUN;
}

/* No gdb yet: wait for one (-S, first call) or look for one now and then. */
static enum exec_debug_action poll_connect(struct gdb_stub *s, struct cpu *cpu)
{
    int fd;
    if (s->wait_first) {
        s->wait_first = false;
        atomic_store(&s->running, false);
        fd = gdb_accept(s->listen_fd, -1);
        atomic_store(&s->running, true);
    } else {
        if (!atomic_exchange(&s->wake, false) && --s->countdown) return EXEC_DEBUG_RUN;
        s->countdown = GDB_ACCEPT_INSNS;
        fd = gdb_accept(s->listen_fd, 0);
    }
    if (fd < 0) return EXEC_DEBUG_RUN;
    take_hold(s, cpu);
    s->cpu = s->regs = cpu;
    attach(s, fd);
    return serve(s, cpu); /* a new gdb finds the guest stopped, as after QEMU's gdb attach */
}

static const char *break_reason(const struct gdb_stub *s, int type)
{
    if (type == GDB_BP_SW) return s->gdb_swbreak ? "swbreak:;" : "";
    return s->gdb_hwbreak ? "hwbreak:;" : "";
}

/* True when the word at pc is a branch or jump (it has a delay slot). */
static bool is_branch(struct gdb_stub *s, uint32_t pc)
{
    uint8_t b[4];
    if (!gdb_stub_read_mem(s, pc, b, 4)) return false;
    uint32_t word = s->cpu->big_endian
                        ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
                        : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
    struct mips_insn in;
    mips_decode(word, &in);
    return (in.flags & INSN_BRANCH) != 0;
}

/* The breakpoint type that stops the guest before pc, or -1. A breakpoint on
 * a delay slot stops at its branch: a branch and its slot run as one, in the
 * translator and in a gdb step alike (gdb itself never puts one there: its
 * MIPS target moves it to the branch). Not in a slot reached by the branch. */
static int break_type_at(struct gdb_stub *s, uint32_t pc)
{
    if (!s->pts.nbp || s->conn < 0) return -1;
    int type = gdb_points_break_at(&s->pts, pc);
    if (type >= 0) return type;
    type = gdb_points_break_at(&s->pts, pc + 4);
    return type >= 0 && is_branch(s, pc) ? type : -1;
}

/* Another thread than the one gdb resumed: breakpoints and gdb's interrupt. */
static enum exec_debug_action on_other_insn(struct gdb_stub *s, struct cpu *cpu)
{
    if (s->conn < 0) return EXEC_DEBUG_RUN; /* the current thread looks for a gdb */
    if (s->pts.nbp && !cpu->in_delay) {
        int type = break_type_at(s, cpu->pc);
        if (type >= 0) return stop(s, cpu, GDB_SIGTRAP, break_reason(s, type));
    }
    if (atomic_exchange(&s->wake, false)) return poll_running(s, cpu);
    return EXEC_DEBUG_RUN;
}

static enum exec_debug_action on_insn(struct gdb_stub *s, struct cpu *cpu)
{
    if (atomic_load(&s->held)) pause_wait(s, cpu);
    if (cpu != s->cpu) return on_other_insn(s, cpu);
    if (s->conn < 0) return poll_connect(s, cpu);
    bool first = s->resumed;
    s->resumed = false;
    if (s->run == GDB_RUN_STEP) {
        /* A branch steps together with its delay slot, as gdb expects on MIPS. */
        if (s->step_started && !cpu->in_delay) return stop(s, cpu, GDB_SIGTRAP, "");
        s->step_started = true;
    }
    /* A breakpoint at the resume pc is the one we stopped on: run over it. */
    if (s->pts.nbp && !cpu->in_delay && !(first && cpu->pc == s->resume_pc)) {
        int type = break_type_at(s, cpu->pc);
        if (type >= 0) return stop(s, cpu, GDB_SIGTRAP, break_reason(s, type));
    }
    if (atomic_exchange(&s->wake, false) || --s->countdown == 0) {
        s->countdown = GDB_POLL_INSNS;
        return poll_running(s, cpu);
    }
    return EXEC_DEBUG_RUN;
}

static enum exec_debug_action stub_hook(void *opaque, struct cpu *cpu, enum exec_debug_event ev)
{
    struct gdb_stub *s = opaque;
    tls_cpu = cpu;
    if (ev == EXEC_DEBUG_WATCH) return s->conn >= 0 ? stop_watch(s, cpu) : EXEC_DEBUG_RUN;
    return on_insn(s, cpu);
}

/* ---- user-mode signals ---------------------------------------------------------- */

/* MIPS Linux signal -> GDB signal (gdb/signals.def); 1..15 agree. */
static const uint8_t mips_to_gdb[32] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    30, 31, 20, 32, 28, 16, 23, 17, 18, 19, 21, 22, 26, 27, 24, 25,
};

unsigned gdb_signal_from_mips(int sig)
{
    return sig > 0 && sig < 32 ? mips_to_gdb[sig] : 0;
}

int gdb_signal_to_mips(unsigned gdb_sig)
{
    for (int i = 1; i < 32; i++)
        if (mips_to_gdb[i] == gdb_sig) return i;
    return 0;
}

int gdb_stub_signal(struct gdb_stub *s, struct cpu *cpu, int sig)
{
    if (s->conn < 0 || !gdb_signal_from_mips(sig)) return sig;
    /* The stop names the calling host thread (stop uses gettid): the guest
     * thread the signal is for, as gdbserver reports it. */
    tls_cpu = cpu;
    if (stop(s, cpu, (int)gdb_signal_from_mips(sig), "") == EXEC_DEBUG_KILL) return -1;
    if (s->conn < 0) return sig; /* gdb left: the signal goes on as without it */
    return gdb_signal_to_mips(s->resume_signal);
}

/* ---- the listener thread ------------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* While the guest runs, waits for bytes from gdb (or a connection when none
 * is attached) and makes the run loop look: exit_request ends chained
 * translated code at the next block entry. */
static void *listener_main(void *arg)
{
    struct gdb_stub *s = arg;
    while (!atomic_load(&s->quit)) {
        if (!atomic_load(&s->running) || atomic_load(&s->wake)) {
            sleep_ms(5);
            continue;
        }
        struct pollfd p = {atomic_load(&s->poll_fd), POLLIN, 0};
        if (poll(&p, 1, 50) > 0 && atomic_load(&s->running)) {
            atomic_store(&s->wake, true);
            s->main_cpu->exit_request = 1; /* interpreted threads look at wake */
        }
    }
    return NULL;
}

/* ---- lifetime ----------------------------------------------------------------- */

struct gdb_stub *gdb_stub_create(const struct gdb_stub_options *opt, struct cpu *cpu, char *err,
                                 size_t errlen)
{
    const char *host = opt->host && *opt->host ? opt->host : "127.0.0.1";
    struct gdb_stub *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory for the gdb stub");
        return NULL;
    }
    s->listen_fd = gdb_listen(host, opt->port, &s->port);
    if (s->listen_fd < 0) {
        snprintf(err, errlen, "cannot listen on %s:%u: %s", host, opt->port, strerror(errno));
        free(s);
        return NULL;
    }
    s->cpu = s->regs = s->main_cpu = cpu;
    s->cur_tid = 1;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    atomic_init(&s->held, false);
    s->others_run = true;
    s->conn = -1;
    s->linux_feature = opt->linux_feature;
    s->wait_first = opt->wait;
    s->countdown = 1; /* look for a gdb before the first instruction */
    s->watch = (struct mem_watch){watch_check, s};
    gdb_rx_init(&s->rx);
    atomic_init(&s->quit, false);
    atomic_init(&s->running, true);
    atomic_init(&s->wake, false);
    atomic_init(&s->poll_fd, s->listen_fd);
    s->listener_started = pthread_create(&s->listener, NULL, listener_main, s) == 0;
    return s;
}

unsigned gdb_stub_port(const struct gdb_stub *s)
{
    return s->port;
}

static bool stub_stop_at(void *opaque, uint32_t pc)
{
    return break_type_at(opaque, pc) >= 0;
}

/* Interpret alone: a step, and the access a watch stop was resumed from (the
 * skip in watch_check compares pc and icount, which only the interpreter
 * keeps per instruction). */
static bool stub_single(void *opaque)
{
    struct gdb_stub *s = opaque;
    if (s->conn < 0 || (tls_cpu && tls_cpu != s->cpu)) return false; /* not the one resumed */
    return s->run == GDB_RUN_STEP || (s->watch_skip && s->cpu->icount == s->watch_skip_icount);
}

struct exec_debug gdb_stub_debug(struct gdb_stub *s)
{
    return (struct exec_debug){stub_hook, s, stub_stop_at, stub_single, &s->gen};
}

/* Sends a final packet and closes gracefully: half-close, then drain until gdb
 * closes (bounded), so unread acks do not turn the close into a reset that
 * could discard the packet before gdb reads it. */
static void report_final(struct gdb_stub *s, const char *packet)
{
    if (s->conn < 0) return;
    if (send_text(s, packet)) {
        shutdown(s->conn, SHUT_WR);
        uint8_t sink[256];
        for (int i = 0; i < 20 && gdb_recv(s->conn, sink, sizeof sink, 100) >= 0; i++)
            ;
    }
    forget_gdb(s);
}

void gdb_stub_report_exit(struct gdb_stub *s, unsigned status)
{
    char packet[8];
    snprintf(packet, sizeof packet, "W%02x", status & 0xffu);
    report_final(s, packet);
}

void gdb_stub_report_signal(struct gdb_stub *s, unsigned signal)
{
    char packet[8];
    snprintf(packet, sizeof packet, "X%02x", signal & 0xffu);
    report_final(s, packet);
}

void gdb_stub_set_threads(struct gdb_stub *s, const struct gdb_threads *threads)
{
    s->threads = *threads;
}

void gdb_stub_thread_exit(struct gdb_stub *s, struct cpu *cpu)
{
    pthread_mutex_lock(&s->mu);
    while (s->hold && s->owner != cpu)
        pthread_cond_wait(&s->cv, &s->mu);
    if (s->cpu == cpu) s->cpu = s->main_cpu;
    if (s->regs == cpu) s->regs = s->main_cpu;
    pthread_mutex_unlock(&s->mu);
}

struct cpu *gdb_stub_thread_cpu(struct gdb_stub *s, const char *tid, size_t n, bool *any)
{
    if (n && tid[0] == 'p') { /* multiprocess form p<pid>.<tid> */
        const char *dot = memchr(tid, '.', n);
        n = dot ? n - (size_t)(dot + 1 - tid) : 0;
        tid = dot ? dot + 1 : tid;
    }
    *any = n == 0 || (n == 2 && !strncmp(tid, "-1", 2)) || (n == 1 && tid[0] == '0');
    if (*any) return NULL;
    unsigned id = 0;
    for (size_t i = 0; i < n; i++) {
        int d = gdb_hex_digit(tid[i]);
        if (d < 0 || id > 0x0fffffffu) return NULL;
        id = id << 4 | (unsigned)d;
    }
    if (!s->threads.cpu_of) return id == 1 ? s->main_cpu : NULL;
    return s->threads.cpu_of(s->threads.opaque, (int)id);
}

void gdb_stub_free(struct gdb_stub *s)
{
    if (!s) return;
    if (s->listener_started) {
        atomic_store(&s->quit, true);
        pthread_join(s->listener, NULL);
    }
    close_conn(s);
    if (s->main_cpu && s->main_cpu->watch == &s->watch) s->main_cpu->watch = NULL;
    if (s->listen_fd >= 0) close(s->listen_fd);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
