/* linux-user/thread.c — guest threads on host threads: clone with CLONE_VM
 * (glibc's pthread_create set), the thread group's exit (exit vs
 * exit_group), CLONE_CHILD_CLEARTID, and finding a thread by tid for tgkill.
 *
 * Each guest thread is one host pthread running its own struct cpu (a copy
 * of the parent's at the clone: v0 = a3 = 0, pc past the SYSCALL, the new
 * sp, UserLocal = the TLS pointer) and its own struct user_proc (a copy:
 * signal mask, pending set, tid address are per thread; the signal actions
 * are the copy taken at the clone: a sigaction made later by one thread is
 * not seen by threads that already exist — a known gap, glibc programs set
 * their handlers before making threads). The guest memory, the host fds and
 * the engine (core/jit.c: one shared code cache) are shared. gettid and
 * getpid are the host's, which are right since the guest thread is a host
 * thread of tern's host process.
 *
 * Exits: exit ends one thread (its tid word is cleared and futex-woken);
 * the main thread's exit waits for the others, as Linux keeps the process
 * until its last thread is gone. exit_group (or a fatal signal) from any
 * thread marks the group exiting, raises exit_request on every CPU and
 * interrupts every thread's blocking host call with KICK_SIGNAL (a host
 * signal no guest signal maps to: linux-user/errno.c maps MIPS 32..62 to
 * the host's real-time signals), again every few ms until all are out;
 * the main thread then returns the status. Host-originated signals go to
 * the main thread (the others block them), as an ordinary process-directed
 * signal may go to any thread.
 *
 * Engines: jit and interp; the verify engine is single-threaded (its
 * lock-step replay undoes writes another thread could see), so clone of a
 * thread returns EAGAIN under it. Under gdb the new threads interpret and
 * run under the stub's hook too: thread_gdb_register gives the stub the
 * thread list (ids = guest tids) and each thread's CPU, so gdb sees every
 * thread (info threads, thread N, break- and watchpoints and signals in any
 * thread, all-stop).
 * A thread that ends under gdb is kept on a dead list until the main thread
 * ends, so a CPU pointer the stub still holds never dangles.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/jit.h"
#include "gdbstub/gdb_stub.h"

#define MIPS_CLONE_VM 0x00000100u
#define MIPS_CLONE_SETTLS 0x00080000u
#define MIPS_CLONE_PARENT_SETTID 0x00100000u
#define MIPS_CLONE_CHILD_CLEARTID 0x00200000u
#define MIPS_CLONE_CHILD_SETTID 0x01000000u
#define MIPS_EAGAIN 11
#define KICK_SIGNAL SIGRTMAX
#define KICK_INTERVAL_NS 5000000L

struct user_thread {
    struct user_proc proc;
    struct cpu cpu;
    pthread_t host;
    int tid;
    bool started;         /* the host thread runs and t->tid is known */
    bool go;              /* the parent wrote the tid words: run guest code */
    struct gdb_stub *gdb; /* the stub it runs under (the main thread's), else NULL */
    struct user_thread *next;
};

struct user_group {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct user_proc *main;
    pthread_t main_host;
    struct user_thread *threads; /* live ones */
    struct user_thread *dead;    /* ended under gdb: kept, see the top comment */
    unsigned live;
    bool exiting;  /* exit_group or a fatal signal */
    bool main_out; /* the main thread left its loop (thread_end_main) */
    int status, signal;
};

static void kick_handler(int sig)
{
    (void)sig; /* only there to interrupt a blocking host call (EINTR) */
}

/* The group, made at the first clone; NULL when out of memory. */
static struct user_group *group_get(struct user_proc *p)
{
    if (p->group) return p->group;
    struct user_group *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    g->main = p;
    g->main_host = pthread_self();
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = kick_handler; /* no SA_RESTART: blocking calls return EINTR */
    sigaction(KICK_SIGNAL, &act, NULL);
    __atomic_store_n(&p->group, g, __ATOMIC_RELEASE); /* the gdb registry reads it */
    return g;
}

void thread_kick(struct user_proc *q)
{
    struct user_group *g = q->group;
    q->cpu->exit_request = 1;
    if (!g) return;
    if (!q->is_thread) {
        pthread_kill(g->main_host, KICK_SIGNAL);
        return;
    }
    struct user_thread *t = (struct user_thread *)(void *)q; /* proc is the first member */
    pthread_kill(t->host, KICK_SIGNAL);
}

/* With g->lock held: tells every thread but self to stop. */
static void kick_all(struct user_group *g, const struct user_proc *self)
{
    if (g->main != self) thread_kick(g->main);
    for (struct user_thread *t = g->threads; t; t = t->next)
        if (&t->proc != self && t->started) thread_kick(&t->proc);
}

bool thread_group_exiting(const struct user_proc *p)
{
    return p->group && __atomic_load_n(&p->group->exiting, __ATOMIC_SEQ_CST);
}

void thread_group_exit(struct user_proc *p, int status, int sig)
{
    p->exited = true;
    p->status = status;
    p->signal = sig;
    struct user_group *g = p->group;
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    if (!g->exiting) {
        g->status = status;
        g->signal = sig;
        __atomic_store_n(&g->exiting, true, __ATOMIC_SEQ_CST);
    }
    kick_all(g, p);
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

void thread_clear_tid(struct user_proc *p)
{
    if (!p->clear_child_tid) return;
    uint32_t *w = gm_ptr(p->mem, p->clear_child_tid, 4, GM_WRITE);
    if (!w) return;
    __atomic_store_n(w, 0, __ATOMIC_SEQ_CST);
    /* Shared (not private) wake, as the kernel's mm_release does. */
    syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Blocks the asynchronous host signals in this thread (they go to the main
 * one), keeping the kick and the timers' signal (a SIGEV_THREAD_ID timer's
 * comes to its thread: signal.c). */
static void block_host_signals(void)
{
    sigset_t set;
    sigfillset(&set);
    int keep[] = {KICK_SIGNAL, sig_timer_host(), SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        sigdelset(&set, keep[i]);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
}

/* Kicks the main thread every few ms until it has left its loop. */
static void kick_main_out(struct user_group *g)
{
    pthread_mutex_lock(&g->lock);
    while (!g->main_out) {
        thread_kick(g->main);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += KICK_INTERVAL_NS;
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&g->cond, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
}

static void *thread_main(void *arg)
{
    struct user_thread *t = arg;
    struct user_proc *p = &t->proc;
    struct user_group *g = p->group;
    block_host_signals();
    sig_thread_init(p); /* its SIGEV_THREAD_ID timers' signals come here */
    pthread_mutex_lock(&g->lock);
    t->tid = gettid();
    t->started = true;
    pthread_cond_broadcast(&g->cond);
    while (!t->go)
        pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);

    struct user_exit ex = {0};
    struct exec_debug dbg;
    if (t->gdb) dbg = gdb_stub_debug(t->gdb);
    user_loop(p, t->gdb ? &dbg : NULL, &ex);
    if (!p->is_thread) { /* forked: this thread is a process of its own now */
        if (ex.engine_err) fprintf(stderr, "tern-user: %s\n", ex.message);
        ex.status = ex.engine_err ? 1 : p->status;
        ex.signal = ex.engine_err ? 0 : p->signal;
        ex.core = p->signal && user_signal_dumps_core(p->signal);
        user_die(&ex);
    }
    if (ex.engine_err || (p->signal && !thread_group_exiting(p)))
        thread_group_exit(p, ex.engine_err ? 1 : 0, ex.engine_err ? MIPS_SIGSEGV : p->signal);
    futex_exit_robust(p); /* before the tid clear, as the kernel's exit_mm */
    if (!thread_group_exiting(p))
        thread_clear_tid(p);
    else
        kick_main_out(g); /* a kick may have raced the main thread's blocking call */
    if (p->jit) jit_detach_cpu(p->jit, p->cpu);
    if (t->gdb) gdb_stub_thread_exit(t->gdb, &t->cpu);

    pthread_mutex_lock(&g->lock);
    for (struct user_thread **pp = &g->threads; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    g->live--;
    /* Read under the lock: once unlocked, a dead-listed t is the main
     * thread's to free (thread_end_main). */
    bool keep = t->gdb != NULL;
    if (keep) {
        t->next = g->dead;
        g->dead = t;
    }
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    if (!keep) free(t);
    return NULL;
}

/* The child's CPU: the parent's, returning 0 from the SYSCALL. */
static void child_cpu(struct cpu *c, const struct cpu *parent, uint32_t flags, uint32_t newsp,
                      uint32_t tls)
{
    memcpy(c, parent, sizeof *c);
    c->gpr[2] = 0;
    c->gpr[7] = 0;
    if (c->in_delay) { /* as syscall.c's finish: a SYSCALL in a delay slot */
        c->pc = c->delay_target;
        c->in_delay = false;
    } else {
        c->pc += 4;
    }
    if (newsp) c->gpr[29] = newsp;
    if (flags & MIPS_CLONE_SETTLS) c->cp0[CP0_CONTEXT][2] = tls; /* UserLocal, RDHWR $29 */
    c->exc.code = EXC_NONE;
    c->exit_request = 0;
    /* c->watch stays the parent's: gdb's watchpoints cover every thread. */
    c->jit = NULL;
    c->code_pages = NULL;
    c->code_write = NULL;
    c->code_sync = NULL;
}

static void child_proc(struct user_thread *t, const struct user_proc *parent, uint32_t flags,
                       uint32_t child_tid)
{
    struct user_proc *c = &t->proc;
    memcpy(c, parent, sizeof *c);
    c->cpu = &t->cpu;
    c->exited = false;
    c->status = 0;
    c->signal = 0;
    memset(c->pending, 0, sizeof c->pending);
    c->ss_sp = c->ss_size = 0; /* a new thread starts without an alternate stack */
    c->no_result = false;
    c->suspend_restore = false;
    c->clear_child_tid = flags & MIPS_CLONE_CHILD_CLEARTID ? child_tid : 0;
    c->robust_list = 0;  /* as Linux: the new thread registers its own */
    c->is_thread = true; /* c->gdb stays: its signals go to gdb too (user.c) */
    t->gdb = parent->gdb;
    if (parent->gdb) c->engine = ENGINE_INTERP;
}

static void put_tid(struct user_proc *p, uint32_t addr, int tid)
{
    uint8_t *w = gm_ptr(p->mem, addr, 4, GM_WRITE);
    if (w) abi_put32(guest_be(p), w, (uint32_t)tid);
}

int64_t thread_clone(struct user_proc *p, uint32_t flags, uint32_t newsp, uint32_t parent_tid,
                     uint32_t tls, uint32_t child_tid)
{
    if (!(flags & MIPS_CLONE_VM) || p->engine == ENGINE_VERIFY) return -MIPS_EAGAIN;
    struct user_group *g = group_get(p);
    struct user_thread *t = calloc(1, sizeof *t);
    if (!g || !t) {
        free(t);
        return -MIPS_EAGAIN;
    }
    child_cpu(&t->cpu, p->cpu, flags, newsp, tls);
    child_proc(t, p, flags, child_tid);
    if (t->proc.engine != ENGINE_INTERP && p->jit && jit_attach_cpu(p->jit, &t->cpu) != 0) {
        free(t);
        return -MIPS_EAGAIN;
    }
    if (t->proc.engine == ENGINE_INTERP) t->proc.jit = NULL;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_mutex_lock(&g->lock);
    int rc = pthread_create(&t->host, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_mutex_unlock(&g->lock);
        if (t->proc.jit) jit_detach_cpu(t->proc.jit, &t->cpu);
        free(t);
        return -MIPS_EAGAIN;
    }
    t->next = g->threads;
    g->threads = t;
    g->live++;
    while (!t->started)
        pthread_cond_wait(&g->cond, &g->lock);
    int tid = t->tid;
    /* The tid words land before the child runs guest code, as in Linux: a
     * child that exits at once must clear (CLONE_CHILD_CLEARTID) the tid
     * the parent wrote, or pthread_join would wait forever. */
    if (flags & MIPS_CLONE_PARENT_SETTID) put_tid(p, parent_tid, tid);
    if (flags & MIPS_CLONE_CHILD_SETTID) put_tid(p, child_tid, tid);
    t->go = true;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    return tid;
}

/* Waits (g->lock held) until no other thread is live; kicks them again
 * every few ms while the group exits, in case a kick raced a blocking call. */
static void wait_others(struct user_group *g, struct user_proc *self)
{
    while (g->live) {
        if (g->exiting) kick_all(g, self);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += KICK_INTERVAL_NS;
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&g->cond, &g->lock, &ts);
    }
}

void thread_end_main(struct user_proc *p)
{
    struct user_group *g = p->group;
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    g->main_out = true;
    pthread_cond_broadcast(&g->cond);
    if (!g->exiting && p->signal) { /* the main thread died of a signal: so does the group */
        g->status = 0;
        g->signal = p->signal;
        __atomic_store_n(&g->exiting, true, __ATOMIC_SEQ_CST);
    }
    wait_others(g, p);
    /* No thread runs any more: the stub holds no CPU of the dead ones (see
     * gdb_stub_thread_exit), and only reports the exit from here on. */
    while (g->dead) {
        struct user_thread *t = g->dead;
        g->dead = t->next;
        free(t);
    }
    if (g->exiting) {
        p->status = g->status;
        p->signal = g->signal;
    }
    p->exited = true;
    pthread_mutex_unlock(&g->lock);
    /* Every other thread is gone (the last one's unlock of g->lock is all
     * that may still be finishing: a futex wake at most), so the group goes. */
    __atomic_store_n(&p->group, NULL, __ATOMIC_SEQ_CST);
    pthread_cond_destroy(&g->cond);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* The group a fork's child left behind: never used again, but kept
 * reachable (LeakSanitizer would call it a leak at the child's exit). */
static struct user_group *forked_away;

bool thread_forked_from_threads(void)
{
    return forked_away != NULL;
}

void thread_after_fork(struct user_proc *p)
{
    if (!p->group) return;
    forked_away = p->group;
    p->group = NULL;
    if (p->is_thread) {
        p->is_thread = false;
        sig_become_main(p);
        sigset_t none; /* the main thread's host mask: it takes the host signals */
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, NULL);
    }
}

struct user_proc *thread_find(struct user_proc *p, int tid)
{
    if (tid == gettid()) return p;
    struct user_group *g = p->group;
    if (!g) return NULL;
    struct user_proc *found = NULL;
    pthread_mutex_lock(&g->lock);
    if (tid == getpid()) found = g->main;
    for (struct user_thread *t = g->threads; t && !found; t = t->next)
        if (t->tid == tid) found = &t->proc;
    pthread_mutex_unlock(&g->lock);
    return found;
}

/* ---- the thread registry for gdb ---------------------------------------------- */

static size_t gdb_list(void *opaque, int *tids, size_t max)
{
    struct user_proc *p = opaque;
    struct user_group *g = __atomic_load_n(&p->group, __ATOMIC_ACQUIRE);
    size_t n = 0;
    if (max) tids[n] = getpid();
    n++;
    if (!g) return n;
    pthread_mutex_lock(&g->lock);
    for (struct user_thread *t = g->threads; t; t = t->next) {
        if (!t->started) continue;
        if (n < max) tids[n] = t->tid;
        n++;
    }
    pthread_mutex_unlock(&g->lock);
    return n;
}

static struct cpu *gdb_cpu_of(void *opaque, int tid)
{
    struct user_proc *p = opaque;
    if (tid == getpid()) return p->cpu;
    struct user_group *g = __atomic_load_n(&p->group, __ATOMIC_ACQUIRE);
    if (!g) return NULL;
    struct cpu *found = NULL;
    pthread_mutex_lock(&g->lock);
    for (struct user_thread *t = g->threads; t && !found; t = t->next)
        if (t->started && t->tid == tid) found = &t->cpu;
    pthread_mutex_unlock(&g->lock);
    return found;
}

static void gdb_kick_all(void *opaque)
{
    struct user_proc *p = opaque;
    struct user_group *g = __atomic_load_n(&p->group, __ATOMIC_ACQUIRE);
    p->cpu->exit_request = 1;
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    for (struct user_thread *t = g->threads; t; t = t->next)
        t->cpu.exit_request = 1;
    pthread_mutex_unlock(&g->lock);
}

void thread_gdb_register(struct user_proc *p)
{
    struct gdb_threads reg = {p, gdb_list, gdb_cpu_of, gdb_kick_all};
    gdb_stub_set_threads(p->gdb, &reg);
}
