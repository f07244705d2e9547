/* linux-user/user.h — one emulated Linux process: its CPU, its address space,
 * the kernel-side state the system calls keep (signal actions and mask, the
 * sysroot for path lookups), and the loop that runs it: the engine runs until
 * the guest raises an exception, a SYSCALL is served (linux-user/syscall.c),
 * anything else becomes the signal Linux would send.
 *
 *   struct user_proc proc;
 *   user_proc_init(&proc, &cpu, &mem, sysroot);
 *   struct user_exit ex;
 *   user_run(&proc, ENGINE_INTERP, &ex);
 *   if (ex.signal) ...die the same way...; else exit(ex.status);
 *
 * Threads (linux-user/thread.c): clone with CLONE_VM|CLONE_THREAD runs the
 * new guest thread on a host thread, with a struct cpu and a struct
 * user_proc of its own (registers, signal mask, pending set, tid address)
 * sharing the guest memory, the fds (the host's, since it is one host
 * process) and the engine (core/jit.c shares one code cache among CPUs).
 *
 * Debugging (-g): p->gdb set before user_run makes every guest thread run
 * under the stub (core/exec.h exec_run_debug); signals go to gdb first.
 */
#ifndef TERN_LINUX_USER_USER_H
#define TERN_LINUX_USER_USER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/exec.h"
#include "linux-user/mips_abi.h"

struct cpu;
struct guest_mem;
struct gdb_stub;
struct user_group;

/* A guest sigaction as MIPS lays it out: sa_flags, sa_handler, 128-bit mask. */
struct user_sigaction {
    uint32_t flags, handler;
    uint32_t mask[4];
};

/* What a pending signal carries besides its number, in MIPS terms: si_code,
 * si_errno and the first five words of the union (+12..+28 of the guest's
 * siginfo: pid, uid, value for kill and sigqueue; tid, overrun, value for a
 * timer; pid, uid, status, utime, stime for SIGCHLD; band, fd for SIGPOLL;
 * addr for a fault). */
struct user_siginfo {
    int32_t code, err;
    uint32_t word[5];
};

struct user_proc {
    struct cpu *cpu;
    struct guest_mem *mem;
    const char *sysroot;  /* -L: absolute guest paths are looked up here first */
    const char *exe_path; /* absolute host path of the program (/proc/self/exe) */
    FILE *strace;         /* -strace: where calls are printed; NULL when off */
    bool exited;          /* exit/exit_group or a fatal signal ended the process */
    int status;           /* exit status when exited by exit */
    int signal;           /* MIPS signal number when killed by a signal, else 0 */
    struct user_sigaction sigact[MIPS_NSIG + 1];
    uint32_t sigmask[4];
    uint32_t clear_child_tid;
    uint32_t robust_list;         /* set_robust_list head, 0: none (futex.c) */
    enum engine engine; /* what user_run runs (execve passes it on) */
    uint32_t pending[4];          /* signals waiting for delivery (atomic: host handler) */
    struct user_siginfo siginfo[MIPS_NSIG + 1]; /* what each pending signal carries */
    uint32_t ss_sp, ss_size;      /* sigaltstack; size 0: none */
    uint32_t sigtramp;            /* the rt_sigreturn trampoline page (signal.c) */
    bool no_result;               /* the call (rt_sigreturn) set every register itself */
    bool suspend_restore;         /* rt_sigsuspend: suspend_mask goes back after delivery */
    uint32_t suspend_mask[4];
    struct jit *jit;    /* the translator of a jit/verify run, else NULL */
    struct gdb_stub *gdb;       /* -g: the stub every thread runs under, else NULL */
    struct user_group *group;   /* the thread group once a thread was made (thread.c) */
    bool is_thread;             /* a thread made by clone (not the main one) */
    bool fixade_off; /* sysmips(MIPS_FIXADE, 0): misaligned accesses are SIGBUS, not fixed
                      * up (Linux's TIF_FIXADE cleared; a thread flag clone copies) */
};

/* How the process ended. */
struct user_exit {
    int status;      /* exit status (exit/exit_group) */
    int signal;      /* MIPS signal that killed it, 0 when it exited */
    bool core;       /* the signal's default action dumps core (qemu prints "core dumped") */
    bool engine_err; /* the engine stopped for another reason; detail in message */
    char message[160];
};

/* Prepares the process state around a CPU already set up by loader_start_cpu. */
void user_proc_init(struct user_proc *p, struct cpu *cpu, struct guest_mem *mem,
                    const char *sysroot);

/* Runs the process until it exits or dies; fills *ex. */
void user_run(struct user_proc *p, enum engine engine, struct user_exit *ex);

/* Runs the engine loop for p (a thread's, or the main one's from user_run)
 * until p exits, dies or the thread group exits; dbg may be NULL. */
void user_loop(struct user_proc *p, const struct exec_debug *dbg, struct user_exit *ex);

/* thread.c: clone of a thread (CLONE_VM|CLONE_THREAD, glibc's set):
 * the new tid, or -(MIPS errno). */
int64_t thread_clone(struct user_proc *p, uint32_t flags, uint32_t newsp, uint32_t parent_tid,
                     uint32_t tls, uint32_t child_tid);

/* thread.c: exit_group (or a fatal signal, sig != 0) from any thread: every
 * other thread is told to stop; p->exited is set. */
void thread_group_exit(struct user_proc *p, int status, int sig);

/* thread.c: true when the thread group is exiting (the loop must stop). */
bool thread_group_exiting(const struct user_proc *p);

/* thread.c: the main thread's loop ended: waits for the other threads (all
 * stopped first when the process is ending), puts the process's exit
 * status or signal into p, and frees the thread group (p->group = NULL). */
void thread_end_main(struct user_proc *p);

/* thread.c: in the child of a fork: the forking thread is the only one
 * left, so it is the process's main thread now (the group, whose other
 * threads are not in the child, is dropped without touching its lock). A
 * forked non-main thread ends the process itself when its loop ends. */
void thread_after_fork(struct user_proc *p);
/* thread.c: this process is such a child (of a guest with threads). */
bool thread_forked_from_threads(void);

/* user.c: ends the host process as the guest's ended: a signal's death
 * (the host's default action of its host number, core dump off), or
 * exit(status). */
_Noreturn void user_die(const struct user_exit *ex);

/* signal.c: raises the host signal host at its default action in this
 * thread (returns only if that does not end the process). */
void sig_host_raise_default(int host);

/* signal.c: host signals go to p from now on (a fork's child). */
void sig_become_main(struct user_proc *p);

/* thread.c: the thread with host tid among p's group (p itself for its own
 * tid), or NULL. */
struct user_proc *thread_find(struct user_proc *p, int tid);

/* thread.c: gives p->gdb (the main thread's stub) the list of p's threads
 * and their CPUs (gdb thread ids are guest tids). */
void thread_gdb_register(struct user_proc *p);

/* thread.c: wakes the thread of q from a blocking host call (EINTR), so it
 * sees a pending signal or the group's exit. */
void thread_kick(struct user_proc *q);

/* thread.c: a thread's end for CLONE_CHILD_CLEARTID: 0 written at the tid
 * address, and a futex wake there (what pthread_join waits on). */
void thread_clear_tid(struct user_proc *p);

/* futex.c: a thread's exit: every lock on its robust list it still holds
 * gets FUTEX_OWNER_DIED and a waiter is woken (the kernel's exit_robust_list). */
void futex_exit_robust(struct user_proc *p);

/* In the child of a fork: gives it a code cache of its own (the parent's
 * is shared memory). */
void user_after_fork(struct user_proc *p);

/* signal.c: marks MIPS signal sig pending (async-signal-safe), as kill()
 * from this process sends it (SI_USER, our pid and uid). */
void sig_pend(struct user_proc *p, int sig);

/* signal.c: sig_pend with the siginfo it carries (NULL: kill()'s). */
void sig_pend_info(struct user_proc *p, int sig, const struct user_siginfo *info);

/* signal.c: takes the lowest signal of set pending for p — its own, then
 * the process's (host-originated signals wait on the main thread) — with
 * its siginfo in *info; 0 when none is. */
int sig_dequeue(struct user_proc *p, const uint32_t *set, struct user_siginfo *info);

/* signal.c: the process's pending set (the main thread's) | p's, in out. */
void sig_pending_set(struct user_proc *p, uint32_t *out);

/* signal.c: the 128-byte guest siginfo of sig at dst (MIPS order: signo,
 * code, errno, then the union); the caller zeroed it. */
void sig_put_info(struct user_proc *p, uint8_t *dst, int sig, const struct user_siginfo *info);

/* signal.c: after a change of p's mask: a signal left at its default action
 * is caught on the host side while the main thread (where host signals
 * arrive) blocks it, so it waits in the pending set (for sigtimedwait,
 * signalfd) instead of killing tern. */
void sig_mask_changed(struct user_proc *p);
/* signal.c: exec keeps the signal mask and ignored signals (POSIX): the host
 * thread's mask becomes the guest's before the host execve (old: what to
 * restore when it fails), and a new tern takes both as its guest's. */
void sig_before_exec(const struct user_proc *p, sigset_t *old);
void sig_inherit(struct user_proc *p);

/* signal.c: the host thread now runs guest thread p (thread-directed host
 * signals go to it). */
void sig_thread_init(struct user_proc *p);

/* signal.c: the host signal every guest POSIX timer raises (its si_value
 * names the timer, syscall_timer.c); guest threads never block it. */
int sig_timer_host(void);

/* signal.c: delivers the pending signals the mask lets through: a guest
 * handler's frame, or the default action (which may set p->exited). */
void sig_deliver(struct user_proc *p);

/* signal.c: a guest fault (cpu->exc pending) as signal sig: true when it
 * went to a guest handler, false when it must kill the process. */
bool sig_fault(struct user_proc *p, int sig);

/* signal.c: makes the host side of sig follow the guest's sigaction. */
void sig_mirror(struct user_proc *p, int sig);

/* signal.c: maps the sigreturn trampoline page; false when it cannot. */
bool sig_setup_tramp(struct user_proc *p);

/* Serves the SYSCALL the CPU stopped on (pc at the instruction): v0/v1/a3 set
 * per the o32 ABI and pc moved past it, or p->exited set. */
void user_syscall(struct user_proc *p);

/* The signal Linux sends for the exception pending in cpu->exc (SIGSEGV for a
 * bad address, SIGILL for RI, SIGFPE for Ov and divide traps, ...). */
int user_fault_signal(struct cpu *cpu);

/* The si_code Linux gives signal sig for the exception pending in p->cpu, and
 * in *addr its si_addr: SIGSEGV SEGV_MAPERR or SEGV_ACCERR at BadVAddr;
 * SIGFPE FPE_INTOVF, FPE_INTDIV or the FP exception's code at the faulting
 * instruction (EPC); SI_KERNEL and 0 for the rest (SIGBUS, SIGILL, SIGTRAP,
 * or a signal a debugger substituted), as force_sig() sends them. */
int user_fault_info(struct user_proc *p, int sig, uint32_t *addr);

/* unaligned.c: the pending AdEL/AdES as Linux's do_ade takes it: true when
 * the misaligned load or store was emulated and pc moved past it; false when
 * it stays a signal (not a fixable access, or fixing is off: cpu->exc
 * untouched; or a byte of it faulted: cpu->exc is that byte's TLB fault). */
bool user_fixade(struct user_proc *p);

/* True when the MIPS signal's default action is to terminate with a core dump. */
bool user_signal_dumps_core(int mips_sig);

#endif
