/* linux-user/syscall_proc.c — process identity and limits, exit, uname,
 * getrandom, sysinfo, TLS (set_thread_area -> UserLocal), and the signal
 * calls that record what the guest asks (delivery: signal.c).
 *
 * MIPS differences: RLIMIT_* order (NOFILE is 5, AS 6, RSS 7, NPROC 8,
 * MEMLOCK 9), the old getrlimit's RLIM_INFINITY 0x7fffffff, sigprocmask's
 * SIG_BLOCK 1 / SIG_UNBLOCK 2 / SIG_SETMASK 3, signal numbers, and struct
 * sigaction {u32 flags; u32 handler; u32 mask[4]}.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIPS_SIG_BLOCK 1
#define MIPS_SIG_UNBLOCK 2
#define MIPS_SIG_SETMASK 3
#define MIPS_SIG_DFL 0
#define MIPS_SIG_IGN 1
#define MIPS_SIGSTOP 23
#define O32_RLIM_INFINITY 0x7fffffffu
#define UTS_FIELD 65

/* exit ends the calling thread (thread.c clears its tid word); the main
 * thread's ends the process once the other threads are gone. */
int64_t sys_exit(struct user_proc *p, const uint32_t *a)
{
    p->exited = true;
    p->status = (int)(a[0] & 0xff);
    return 0;
}

/* exit_group ends every thread (thread.c stops the others). */
int64_t sys_exit_group(struct user_proc *p, const uint32_t *a)
{
    thread_group_exit(p, (int)(a[0] & 0xff), 0);
    return 0;
}

int64_t sys_getpid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getpid();
}

int64_t sys_getppid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getppid();
}

int64_t sys_getuid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getuid();
}

int64_t sys_geteuid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return geteuid();
}

int64_t sys_getgid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getgid();
}

int64_t sys_getegid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getegid();
}

int64_t sys_gettid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return gettid();
}

int64_t sys_getpgrp(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return getpgrp();
}

int64_t sys_getpgid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(getpgid((pid_t)a[0]));
}

int64_t sys_setpgid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(setpgid((pid_t)a[0], (pid_t)a[1]));
}

int64_t sys_getsid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(getsid((pid_t)a[0]));
}

int64_t sys_setsid(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return sys_host(setsid());
}

int64_t sys_getgroups(struct user_proc *p, const uint32_t *a)
{
    gid_t groups[256];
    int n = getgroups(256, groups);
    if (n < 0) return sys_err(errno);
    if (a[0] == 0) return n;
    if ((int)a[0] < n) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[1], 4u * (uint32_t)n, GM_WRITE);
    if (!g && n) return -MIPS_EFAULT;
    for (int i = 0; i < n; i++)
        abi_put32(guest_be(p), g + 4 * i, groups[i]);
    return n;
}

/* struct utsname: six 65-byte strings; the machine is "mips" for both byte
 * orders, as Linux (and qemu-mipsel) report it. */
int64_t sys_uname(struct user_proc *p, const uint32_t *a)
{
    char *g = guest_buf(p, a[0], 6 * UTS_FIELD, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct utsname u;
    if (uname(&u) != 0) return sys_err(errno);
    const char *fields[6] = {u.sysname, u.nodename, u.release, u.version, "mips", u.domainname};
    for (int i = 0; i < 6; i++) {
        memset(g + i * UTS_FIELD, 0, UTS_FIELD);
        strncpy(g + i * UTS_FIELD, fields[i], UTS_FIELD - 1);
    }
    return 0;
}

int64_t sys_getrandom(struct user_proc *p, const uint32_t *a)
{
    void *g = guest_buf(p, a[0], a[1], GM_WRITE);
    if (!g && a[1]) return -MIPS_EFAULT;
    return sys_host(getrandom(g, a[1], a[2] & (GRND_NONBLOCK | GRND_RANDOM)));
}

/* MIPS RLIMIT_* -> host RLIMIT_* (asm/resource.h: 5..9 are reordered). */
static int rlimit_to_host(uint32_t r)
{
    static const int map[16] = {
        RLIMIT_CPU,      RLIMIT_FSIZE,   RLIMIT_DATA,   RLIMIT_STACK,
        RLIMIT_CORE,     RLIMIT_NOFILE,  RLIMIT_AS,     RLIMIT_RSS,
        RLIMIT_NPROC,    RLIMIT_MEMLOCK, RLIMIT_LOCKS,  RLIMIT_SIGPENDING,
        RLIMIT_MSGQUEUE, RLIMIT_NICE,    RLIMIT_RTPRIO, RLIMIT_RTTIME,
    };
    return r < 16 ? map[r] : -1;
}

int64_t sys_prlimit64(struct user_proc *p, const uint32_t *a)
{
    int res = rlimit_to_host(a[1]);
    if (res < 0) return -MIPS_EINVAL;
    bool be = guest_be(p);
    struct rlimit nl, ol;
    if (a[2]) {
        const uint8_t *g = guest_buf(p, a[2], 16, GM_READ);
        if (!g) return -MIPS_EFAULT;
        nl.rlim_cur = abi_get64(be, g);
        nl.rlim_max = abi_get64(be, g + 8);
    }
    uint8_t *out = a[3] ? guest_buf(p, a[3], 16, GM_WRITE) : NULL;
    if (a[3] && !out) return -MIPS_EFAULT;
    if (prlimit((pid_t)a[0], res, a[2] ? &nl : NULL, &ol) != 0) return sys_err(errno);
    if (out) {
        abi_put64(be, out, ol.rlim_cur);
        abi_put64(be, out + 8, ol.rlim_max);
    }
    return 0;
}

static uint32_t clamp_rlim(rlim_t v)
{
    return v >= O32_RLIM_INFINITY ? O32_RLIM_INFINITY : (uint32_t)v;
}

int64_t sys_getrlimit(struct user_proc *p, const uint32_t *a)
{
    int res = rlimit_to_host(a[0]);
    if (res < 0) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[1], 8, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct rlimit rl;
    if (getrlimit(res, &rl) != 0) return sys_err(errno);
    abi_put32(guest_be(p), g, clamp_rlim(rl.rlim_cur));
    abi_put32(guest_be(p), g + 4, clamp_rlim(rl.rlim_max));
    return 0;
}

int64_t sys_setrlimit(struct user_proc *p, const uint32_t *a)
{
    int res = rlimit_to_host(a[0]);
    if (res < 0) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, a[1], 8, GM_READ);
    if (!g) return -MIPS_EFAULT;
    uint32_t cur = abi_get32(guest_be(p), g), max = abi_get32(guest_be(p), g + 4);
    struct rlimit rl = {cur >= O32_RLIM_INFINITY ? RLIM_INFINITY : cur,
                        max >= O32_RLIM_INFINITY ? RLIM_INFINITY : max};
    return sys_host(setrlimit(res, &rl));
}

/* struct sysinfo for o32 (64 bytes); memory sizes are scaled by a larger
 * mem_unit until they fit 32 bits, as the kernel's compat code does. */
int64_t sys_sysinfo(struct user_proc *p, const uint32_t *a)
{
    uint8_t *g = guest_buf(p, a[0], 64, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct sysinfo si;
    if (sysinfo(&si) != 0) return sys_err(errno);
    unsigned shift = 0;
    while (((uint64_t)si.totalram * si.mem_unit >> shift) > 0xffffffffu ||
           ((uint64_t)si.totalswap * si.mem_unit >> shift) > 0xffffffffu)
        shift++;
    bool be = guest_be(p);
    memset(g, 0, 64);
    abi_put32(be, g, (uint32_t)si.uptime);
    for (int i = 0; i < 3; i++)
        abi_put32(be, g + 4 + 4 * i, (uint32_t)si.loads[i]);
    const unsigned long mem[6] = {si.totalram,  si.freeram,   si.sharedram,
                                  si.bufferram, si.totalswap, si.freeswap};
    for (int i = 0; i < 6; i++)
        abi_put32(be, g + 16 + 4 * i, (uint32_t)((uint64_t)mem[i] * si.mem_unit >> shift));
    abi_put16(be, g + 40, si.procs);
    abi_put32(be, g + 52, 1u << shift);
    return 0;
}

int64_t sys_set_tid_address(struct user_proc *p, const uint32_t *a)
{
    p->clear_child_tid = a[0];
    return gettid();
}

/* Linux/MIPS keeps the TLS pointer in UserLocal, which RDHWR $29 reads. */
int64_t sys_set_thread_area(struct user_proc *p, const uint32_t *a)
{
    p->cpu->cp0[CP0_CONTEXT][2] = a[0];
    return 0;
}

static bool signal_fixed(uint32_t sig)
{
    return sig == MIPS_SIGKILL || sig == MIPS_SIGSTOP;
}

/* rt_sigaction(sig, act, oact, sigsetsize = 16). */
int64_t sys_rt_sigaction(struct user_proc *p, const uint32_t *a)
{
    uint32_t sig = a[0];
    if (sig == 0 || sig > MIPS_NSIG || a[3] != 16) return -MIPS_EINVAL;
    bool be = guest_be(p);
    struct user_sigaction *sa = &p->sigact[sig];
    if (a[2]) {
        uint8_t *g = guest_buf(p, a[2], 24, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(be, g, sa->flags);
        abi_put32(be, g + 4, sa->handler);
        for (int i = 0; i < 4; i++)
            abi_put32(be, g + 8 + 4 * i, sa->mask[i]);
    }
    if (a[1]) {
        if (signal_fixed(sig)) return -MIPS_EINVAL;
        const uint8_t *g = guest_buf(p, a[1], 24, GM_READ);
        if (!g) return -MIPS_EFAULT;
        sa->flags = abi_get32(be, g);
        sa->handler = abi_get32(be, g + 4);
        for (int i = 0; i < 4; i++)
            sa->mask[i] = abi_get32(be, g + 8 + 4 * i);
        sig_mirror(p, (int)sig); /* signal.c: host SIG_IGN/SIG_DFL or our handler */
    }
    return 0;
}

int64_t sys_rt_sigprocmask(struct user_proc *p, const uint32_t *a)
{
    if (a[3] != 16) return -MIPS_EINVAL;
    bool be = guest_be(p);
    uint32_t set[4];
    if (a[1]) {
        const uint8_t *g = guest_buf(p, a[1], 16, GM_READ);
        if (!g) return -MIPS_EFAULT;
        for (int i = 0; i < 4; i++)
            set[i] = abi_get32(be, g + 4 * i);
        if (a[0] < MIPS_SIG_BLOCK || a[0] > MIPS_SIG_SETMASK) return -MIPS_EINVAL;
    }
    if (a[2]) {
        uint8_t *g = guest_buf(p, a[2], 16, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        for (int i = 0; i < 4; i++)
            abi_put32(be, g + 4 * i, p->sigmask[i]);
    }
    for (int i = 0; a[1] && i < 4; i++) {
        if (a[0] == MIPS_SIG_BLOCK)
            p->sigmask[i] |= set[i];
        else if (a[0] == MIPS_SIG_UNBLOCK)
            p->sigmask[i] &= ~set[i];
        else
            p->sigmask[i] = set[i];
    }
    if (a[1]) sig_mask_changed(p); /* signal.c: blocked default-action signals wait */
    return 0;
}

/* The CPU mask as an array of 32-bit words in guest order. */
int64_t sys_sched_getaffinity(struct user_proc *p, const uint32_t *a)
{
    uint32_t len = a[1];
    if (len == 0 || (len & 3)) return -MIPS_EINVAL;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity((pid_t)a[0], sizeof set, &set) != 0) return sys_err(errno);
    uint32_t want = len < sizeof set ? len : (uint32_t)sizeof set;
    uint8_t *g = guest_buf(p, a[2], want, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    memset(g, 0, want);
    for (uint32_t cpu = 0; cpu < want * 8; cpu++)
        if (CPU_ISSET(cpu, &set)) {
            uint8_t *w = g + cpu / 32 * 4;
            abi_put32(guest_be(p), w, abi_get32(guest_be(p), w) | 1u << (cpu % 32));
        }
    return want;
}

int64_t sys_sched_yield(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return sys_host(sched_yield());
}

int64_t proc_raise(struct user_proc *p, int sig)
{
    return proc_raise_info(p, sig, NULL);
}

int64_t proc_raise_info(struct user_proc *p, int sig, const struct user_siginfo *info)
{
    if (sig == 0) return 0;
    if (sig < 0 || sig > MIPS_NSIG) return -MIPS_EINVAL;
    uint32_t handler = p->sigact[sig].handler;
    /* A guest handler (or a blocked signal) runs after the call (signal.c). */
    if (!signal_fixed((uint32_t)sig) &&
        (handler != MIPS_SIG_DFL || (p->sigmask[(sig - 1) / 32] >> ((sig - 1) % 32) & 1))) {
        if (handler != MIPS_SIG_IGN) sig_pend_info(p, sig, info);
        return 0;
    }
    switch (sig) {
    case MIPS_SIGCHLD:
    case MIPS_SIGWINCH:
    case MIPS_SIGURG:
    case MIPS_SIGCONT: /* default action: ignore */
        return 0;
    case MIPS_SIGSTOP:
    case 24:
    case 26:
    case 27: /* SIGTSTP, SIGTTIN, SIGTTOU: stop tern itself; the guest resumes with it */
        raise(mips_to_host_signal(sig));
        return 0;
    default:
        break;
    }
    p->exited = true;
    p->signal = sig;
    return 0;
}

int64_t sys_kill(struct user_proc *p, const uint32_t *a)
{
    int sig = (int)a[1];
    pid_t pid = (pid_t)a[0];
    if (pid == getpid() || pid == 0) {
        if (pid == 0 && sig) kill(0, 0); /* the group may hold others; self is enough here */
        /* Process-directed: a thread that blocks it leaves it to the process
         * (the main thread's set, which every thread's sigwait looks at). */
        struct user_proc *to = p;
        if (p->is_thread && sig > 0 && sig <= MIPS_NSIG &&
            (p->sigmask[(sig - 1) / 32] >> ((sig - 1) % 32) & 1)) {
            struct user_proc *main = thread_find(p, getpid());
            if (main) to = main;
        }
        int64_t rc = proc_raise(to, sig);
        if (to != p) thread_kick(to);
        return rc;
    }
    int host = sig ? mips_to_host_signal(sig) : 0;
    if (sig && !host) return -MIPS_EINVAL;
    return sys_host(kill(pid, host));
}

/* A signal for guest thread tid: raised here for the caller itself; for
 * another thread of the group, pending on it (and its blocking call
 * interrupted) when it has a handler or blocks it, else its default action,
 * which is process-wide anyway. */
int64_t proc_signal_thread(struct user_proc *p, int tid, int sig, const struct user_siginfo *info)
{
    struct user_proc *q = thread_find(p, tid);
    if (!q) return -MIPS_ESRCH;
    if (q == p || sig == 0) return proc_raise_info(p, sig, info);
    if (sig < 0 || sig > MIPS_NSIG) return -MIPS_EINVAL;
    uint32_t handler = p->sigact[sig].handler;
    bool blocked = q->sigmask[(sig - 1) / 32] >> ((sig - 1) % 32) & 1;
    if (signal_fixed((uint32_t)sig) || (handler == MIPS_SIG_DFL && !blocked))
        return proc_raise_info(p, sig, info);
    if (handler == MIPS_SIG_IGN) return 0;
    sig_pend_info(q, sig, info);
    thread_kick(q);
    return 0;
}

/* tkill and tgkill send SI_TKILL with our pid and uid. */
static int64_t thread_signal(struct user_proc *p, int tid, int sig)
{
    struct user_siginfo info = {MIPS_SI_TKILL, 0, {(uint32_t)getpid(), (uint32_t)getuid()}};
    return proc_signal_thread(p, tid, sig, &info);
}

int64_t sys_tkill(struct user_proc *p, const uint32_t *a)
{
    return thread_signal(p, (int)a[0], (int)a[1]);
}

int64_t sys_tgkill(struct user_proc *p, const uint32_t *a)
{
    if ((pid_t)a[0] != getpid()) return -MIPS_ESRCH;
    return thread_signal(p, (int)a[1], (int)a[2]);
}

/* The wait status with the host signal numbers replaced by MIPS ones. */
static uint32_t status_to_mips(int st)
{
    if (WIFSIGNALED(st)) return (uint32_t)((st & ~0x7f) | host_to_mips_signal(WTERMSIG(st)));
    if (WIFSTOPPED(st)) return (uint32_t)((st & ~0xff00) | host_to_mips_signal(WSTOPSIG(st)) << 8);
    return (uint32_t)st;
}

/* wait4(pid, status, options, rusage) — and waitpid, whose fourth argument
 * is whatever a3 holds and is ignored. WNOHANG/WUNTRACED are generic. */
int64_t sys_wait4(struct user_proc *p, const uint32_t *a)
{
    uint8_t *g = a[1] ? guest_buf(p, a[1], 4, GM_WRITE) : NULL;
    if (a[1] && !g) return -MIPS_EFAULT;
    int st = 0;
    pid_t r = waitpid((pid_t)a[0], &st, (int)a[2]);
    if (r < 0) return sys_err(errno);
    if (g && r > 0) abi_put32(guest_be(p), g, status_to_mips(st));
    return r;
}

int64_t sys_prctl(struct user_proc *p, const uint32_t *a)
{
    if (a[0] == PR_SET_NAME || a[0] == PR_GET_NAME) {
        char *g = guest_buf(p, a[1], 16, a[0] == PR_GET_NAME ? GM_WRITE : GM_READ);
        if (!g) return -MIPS_EFAULT;
        return sys_host(prctl((int)a[0], g));
    }
    return -MIPS_EINVAL;
}

/* rseq is optional for glibc: ENOSYS makes it carry on without it. */
int64_t sys_rseq(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -MIPS_ENOSYS;
}
