/* linux-user/signal.c — signals to guest handlers: pending sets, delivery
 * with MIPS o32 rt signal frames, rt_sigreturn, sigaltstack, rt_sigsuspend,
 * rt_sigpending, and the host handler that turns a host-originated signal
 * (SIGINT, SIGALRM, SIGCHLD, SIGPIPE...) into a pending guest one.
 *
 * Host signals: a guest handler installed with rt_sigaction installs
 * host_signal for the host equivalent; it marks the signal pending and sets
 * cpu->exit_request, so translated code returns at the next block entry and
 * user_run delivers it. A blocking host call it interrupts returns EINTR to
 * the guest (or restarts, when the guest asked for SA_RESTART: the host
 * handler has it too; the guest handler then runs when the call returns).
 * A signal at its default action keeps the host's default (a native death)
 * unless the guest blocks it: then host_signal takes it (SA_RESTART) so it
 * waits in the pending set for sigtimedwait or a signalfd (signal_wait.c).
 * Every guest POSIX timer raises one host signal (sig_timer_host) whose
 * si_value names the timer (syscall_timer.c), so host_signal learns the
 * guest signal, value and thread from it.
 *
 * Each pending signal keeps its siginfo (struct user_siginfo: the host's
 * si_code, pid, uid, value..., or what kill/sigqueue in tern sent), which
 * the frame, sigtimedwait and signalfd hand to the guest. Pending is a set,
 * as for Linux's standard signals: a real-time signal sent twice before it
 * is taken arrives once.
 *
 * The frame, as arch/mips/kernel/signal.c lays out struct rt_sigframe for
 * o32: 16 bytes of argument save area, 8 of padding (once the trampoline),
 * a 128-byte siginfo (MIPS order: signo, code, errno), then struct ucontext:
 * flags, link, stack_t {sp, size, flags}, struct sigcontext at +24 (64-bit
 * pc, regs, fpregs; fcsr at +532; hi/lo at +552/+560; 592 bytes), the mask
 * at +616. The handler gets a0 = sig, a1 = &info, a2 = &uc, t9 = pc =
 * handler, sp = frame, ra = a trampoline page of ours holding
 * "li v0, rt_sigreturn; syscall" (what the vDSO holds on Linux; MIPS's
 * sigaction has no sa_restorer). Every frame is an rt frame: a handler
 * without SA_SIGINFO reads only a0.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define SA_MIPS_SIGINFO 0x00000008u
#define SA_MIPS_ONSTACK 0x08000000u
#define SA_MIPS_RESTART 0x10000000u
#define SA_MIPS_NODEFER 0x40000000u
#define SA_MIPS_RESETHAND 0x80000000u
#define SIG_MIPS_DFL 0u
#define SIG_MIPS_IGN 1u
#define SS_MIPS_ONSTACK 1u
#define SS_MIPS_DISABLE 2u
#define MIPS_SIGSTOP 23
#define MIPS_EINTR 4
#define MIPS_EPERM 1

#define FRAME_INFO 24
#define FRAME_UC 152
#define FRAME_SIZE (FRAME_UC + 632)
#define UC_STACK 8
#define UC_MCONTEXT 24
#define UC_SIGMASK 616
#define SC_PC 8
#define SC_REGS 16
#define SC_FPREGS 272
#define SC_FPC_CSR 532
#define SC_USED_MATH 540
#define SC_MDHI 552
#define SC_MDLO 560

static struct user_proc *volatile sig_proc; /* the process host_signal marks */
static __thread struct user_proc *sig_self; /* the guest thread of this host thread */

/* What sig_mirror last gave each signal on the host side. */
enum { HOST_DFL, HOST_IGN, HOST_CATCH, HOST_CATCH_RESTART };
static uint8_t host_action[MIPS_NSIG + 1];

static uint32_t bit(int sig)
{
    return 1u << ((sig - 1) % 32);
}

static bool in_set(const uint32_t *set, int sig)
{
    return set[(sig - 1) / 32] & bit(sig);
}

void sig_pend_info(struct user_proc *p, int sig, const struct user_siginfo *info)
{
    struct user_siginfo kill_info = {MIPS_SI_USER, 0, {(uint32_t)getpid(), (uint32_t)getuid()}};
    if (!info) info = &kill_info;
    /* A signal already pending keeps the first siginfo, as Linux drops the
     * second of a standard signal; a timer's carries the overrun count. */
    if (!in_set(p->pending, sig) || info->code == MIPS_SI_TIMER) p->siginfo[sig] = *info;
    __atomic_or_fetch(&p->pending[(sig - 1) / 32], bit(sig), __ATOMIC_SEQ_CST);
    p->cpu->exit_request = 1;
    sigwait_pended(sig);
}

void sig_pend(struct user_proc *p, int sig)
{
    sig_pend_info(p, sig, NULL);
}

int sig_timer_host(void)
{
    return SIGRTMAX - 1; /* no guest signal maps to it (errno.c) */
}

void sig_thread_init(struct user_proc *p)
{
    sig_self = p;
}

void sig_become_main(struct user_proc *p)
{
    sig_proc = p;
    sig_self = p;
}

static int code_to_mips(int code)
{
    switch (code) {
    case SI_TIMER:
        return MIPS_SI_TIMER;
    case SI_MESGQ:
        return MIPS_SI_MESGQ;
    case SI_ASYNCIO:
        return MIPS_SI_ASYNCIO;
    default:
        return code;
    }
}

/* The host's siginfo as the guest's, by the layout Linux picks for it
 * (siginfo_layout): SIGCHLD's and SIGPOLL's own codes, else pid, uid and
 * value for what a process sent; nothing more for the kernel's. */
static void info_from_host(struct user_siginfo *info, int sig, const siginfo_t *si)
{
    memset(info, 0, sizeof *info);
    info->code = code_to_mips(si->si_code);
    info->err = si->si_errno ? mips_errno(si->si_errno) : 0;
    bool own_code = si->si_code > 0 && si->si_code < SI_KERNEL;
    if (sig == MIPS_SIGCHLD && own_code) {
        info->word[0] = (uint32_t)si->si_pid;
        info->word[1] = si->si_uid;
        info->word[2] = si->si_code == CLD_EXITED ? (uint32_t)si->si_status
                                                  : (uint32_t)host_to_mips_signal(si->si_status);
        info->word[3] = (uint32_t)si->si_utime;
        info->word[4] = (uint32_t)si->si_stime;
    } else if (sig == MIPS_SIGPOLL && own_code) {
        info->word[0] = (uint32_t)si->si_band;
        info->word[1] = (uint32_t)si->si_fd;
    } else if (si->si_code <= 0) {
        info->word[0] = (uint32_t)si->si_pid;
        info->word[1] = si->si_uid;
        info->word[2] = (uint32_t)(uintptr_t)si->si_value.sival_ptr;
    }
}

static bool stop_signal(int sig)
{
    return sig == MIPS_SIGSTOP || sig == 24 || sig == 26 || sig == 27; /* TSTP, TTIN, TTOU */
}

static bool ignored_by_default(int sig)
{
    return sig == MIPS_SIGCHLD || sig == MIPS_SIGWINCH || sig == MIPS_SIGURG || sig == MIPS_SIGCONT;
}

/* A host signal the guest would not see: an ignored one (not blocked), or
 * one whose default action ends the process, which then dies of the host
 * equivalent here, as natively (one with none waits for sig_deliver). */
static bool handled_by_default(struct user_proc *p, int sig)
{
    uint32_t h = p->sigact[sig].handler;
    if ((h != SIG_MIPS_DFL && h != SIG_MIPS_IGN) || in_set(p->sigmask, sig)) return false;
    if (h == SIG_MIPS_IGN || ignored_by_default(sig)) return true;
    int host = mips_to_host_signal(sig);
    if (stop_signal(sig) || !host || (host >= 32 && host < SIGRTMIN)) return false;
    sig_host_raise_default(host);
    return true;
}

void sig_host_raise_default(int host)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(host, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, host);
    raise(host);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static void host_signal(int host, siginfo_t *si, void *uc)
{
    (void)uc;
    int saved = errno;
    struct user_proc *p = sig_proc, *to = p;
    int sig = host == sig_timer_host() ? 0 : host_to_mips_signal(host);
    struct user_siginfo info;
    info_from_host(&info, sig, si);
    bool to_thread = false;
    if (si->si_code == SI_TIMER &&
        !timer_signal_info(si->si_value.sival_int, si->si_overrun, &sig, &info, &to_thread))
        sig = 0;
    if (to_thread && sig_self) to = sig_self;
    if (sig > 0 && to && info.code == MIPS_SI_TIMER && in_set(to->pending, sig)) {
        const struct user_siginfo *was = &to->siginfo[sig];
        /* Still pending from the same timer: one more overrun, as Linux
         * counts expiries while the timer's signal waits. */
        if (was->code == MIPS_SI_TIMER && was->word[0] == info.word[0])
            info.word[1] += was->word[1] + 1;
    }
    if (sig > 0 && to && !handled_by_default(to, sig)) {
        sig_pend_info(to, sig, &info);
        if (to != sig_self) thread_kick(to);
    }
    errno = saved;
}

/* Installs host_signal for host signal host. */
static void catch_host(int host, bool restart)
{
    struct sigaction act;
    memset(&act, 0, sizeof act);
    sigfillset(&act.sa_mask);
    act.sa_sigaction = host_signal;
    act.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0);
    sigaction(host, &act, NULL);
}

/* The host action sig needs now: the guest's own, or for its default
 * action, caught while the main thread (where host signals arrive) blocks
 * it; not the stop signals: tern stops itself. */
static uint8_t wanted_action(const struct user_proc *p, int sig)
{
    const struct user_sigaction *sa = &p->sigact[sig];
    const struct user_proc *main = sig_proc ? sig_proc : p;
    if (sa->handler == SIG_MIPS_IGN) return HOST_IGN;
    if (sa->handler != SIG_MIPS_DFL)
        return sa->flags & SA_MIPS_RESTART ? HOST_CATCH_RESTART : HOST_CATCH;
    return in_set(main->sigmask, sig) && !stop_signal(sig) ? HOST_CATCH_RESTART : HOST_DFL;
}

void sig_mirror(struct user_proc *p, int sig)
{
    int host = mips_to_host_signal(sig);
    uint8_t want = wanted_action(p, sig);
    host_action[sig] = want;
    if (!sig_proc) sig_proc = p;
    /* Synchronous fault signals stay tern's own: guest faults arrive as
     * exceptions, and a host fault in tern must not look like the guest's. */
    if (!host || host == SIGSEGV || host == SIGBUS || host == SIGILL || host == SIGFPE ||
        host == SIGTRAP || host == SIGKILL || host == SIGSTOP)
        return;
    if (want == HOST_CATCH || want == HOST_CATCH_RESTART) {
        catch_host(host, want == HOST_CATCH_RESTART);
        return;
    }
    struct sigaction act;
    memset(&act, 0, sizeof act);
    /* An ignored SIGPIPE: write() fails with EPIPE; the host's default gives
     * a native run's status. */
    act.sa_handler = want == HOST_IGN ? SIG_IGN : SIG_DFL;
    sigaction(host, &act, NULL);
}

void sig_mask_changed(struct user_proc *p)
{
    if (sig_proc && p != sig_proc) return; /* the other threads block host signals */
    for (int sig = 1; sig <= 64; sig++)
        if (p->sigact[sig].handler == SIG_MIPS_DFL && host_action[sig] != wanted_action(p, sig))
            sig_mirror(p, sig);
}

void sig_pending_set(struct user_proc *p, uint32_t *out)
{
    struct user_proc *proc = sig_proc ? sig_proc : p;
    for (int w = 0; w < 4; w++)
        out[w] = __atomic_load_n(&p->pending[w], __ATOMIC_SEQ_CST) |
                 __atomic_load_n(&proc->pending[w], __ATOMIC_SEQ_CST);
}

/* Takes sig out of q's pending set with its siginfo; false when it was not
 * there (another thread took it first). */
static bool take(struct user_proc *q, int sig, struct user_siginfo *info)
{
    *info = q->siginfo[sig];
    uint32_t old = __atomic_fetch_and(&q->pending[(sig - 1) / 32], ~bit(sig), __ATOMIC_SEQ_CST);
    if (!(old & bit(sig))) return false;
    if (info->code == MIPS_SI_TIMER) timer_taken(info->word[0], info->word[1]);
    return true;
}

int sig_dequeue(struct user_proc *p, const uint32_t *set, struct user_siginfo *info)
{
    struct user_proc *from[2] = {p, sig_proc && sig_proc != p ? sig_proc : NULL};
    for (int i = 0; i < 2 && from[i]; i++)
        for (int w = 0; w < 4; w++) {
            uint32_t ready = __atomic_load_n(&from[i]->pending[w], __ATOMIC_SEQ_CST) & set[w];
            for (; ready; ready &= ready - 1) {
                int sig = w * 32 + __builtin_ctz(ready) + 1;
                if (!take(from[i], sig, info)) continue;
                sigwait_taken(p);
                return sig;
            }
        }
    return 0;
}

/* The lowest pending signal the mask lets through, or 0. */
static int next_pending(struct user_proc *p)
{
    for (int w = 0; w < 4; w++) {
        uint32_t ready = __atomic_load_n(&p->pending[w], __ATOMIC_SEQ_CST) & ~p->sigmask[w];
        if (ready) return w * 32 + __builtin_ctz(ready) + 1;
    }
    return 0;
}

/* ---- the frame ---- */

static bool on_altstack(const struct user_proc *p, uint32_t sp)
{
    return p->ss_size && sp - p->ss_sp < p->ss_size;
}

static void put_sigcontext(struct user_proc *p, uint8_t *sc, uint32_t pc)
{
    bool be = guest_be(p);
    struct cpu *cpu = p->cpu;
    abi_put64(be, sc + SC_PC, (uint64_t)(int64_t)(int32_t)pc);
    for (int i = 0; i < 32; i++)
        abi_put64(be, sc + SC_REGS + 8 * i, (uint64_t)(int64_t)(int32_t)cpu->gpr[i]);
    for (int i = 0; i < 32; i++)
        abi_put64(be, sc + SC_FPREGS + 8 * i, cpu->fpr[i]);
    abi_put32(be, sc + SC_FPC_CSR, cpu->fcsr);
    abi_put32(be, sc + SC_USED_MATH, 1);
    abi_put64(be, sc + SC_MDHI, (uint64_t)(int64_t)(int32_t)cpu->hi);
    abi_put64(be, sc + SC_MDLO, (uint64_t)(int64_t)(int32_t)cpu->lo);
}

void sig_put_info(struct user_proc *p, uint8_t *dst, int sig, const struct user_siginfo *info)
{
    bool be = guest_be(p);
    abi_put32(be, dst, (uint32_t)sig);
    abi_put32(be, dst + 4, (uint32_t)info->code);
    abi_put32(be, dst + 8, (uint32_t)info->err);
    for (int i = 0; i < 5; i++)
        abi_put32(be, dst + 12 + 4 * i, info->word[i]);
}

/* Builds the frame and enters the handler; false when the frame cannot be
 * written (the stack is bad: Linux then forces SIGSEGV). */
static bool setup_frame(struct user_proc *p, int sig, const struct user_siginfo *info, uint32_t pc)
{
    struct cpu *cpu = p->cpu;
    struct user_sigaction *sa = &p->sigact[sig];
    bool be = guest_be(p);
    uint32_t sp = cpu->gpr[29];
    if ((sa->flags & SA_MIPS_ONSTACK) && p->ss_size && !on_altstack(p, sp))
        sp = p->ss_sp + p->ss_size;
    uint32_t frame = (sp - 32 - FRAME_SIZE) & ~7u;
    uint8_t *f = guest_buf(p, frame, FRAME_SIZE, GM_WRITE);
    if (!f) return false;
    memset(f, 0, FRAME_SIZE);
    sig_put_info(p, f + FRAME_INFO, sig, info);
    uint8_t *uc = f + FRAME_UC;
    abi_put32(be, uc + UC_STACK, p->ss_sp);
    abi_put32(be, uc + UC_STACK + 4, p->ss_size);
    abi_put32(be, uc + UC_STACK + 8,
              !p->ss_size                    ? SS_MIPS_DISABLE
              : on_altstack(p, cpu->gpr[29]) ? SS_MIPS_ONSTACK
                                             : 0);
    put_sigcontext(p, uc + UC_MCONTEXT, pc);
    const uint32_t *old = p->suspend_restore ? p->suspend_mask : p->sigmask;
    for (int i = 0; i < 4; i++)
        abi_put32(be, uc + UC_SIGMASK + 4 * i, old[i]);
    if (p->suspend_restore) memcpy(p->sigmask, p->suspend_mask, sizeof p->sigmask);
    p->suspend_restore = false;
    for (int i = 0; i < 4; i++)
        p->sigmask[i] |= sa->mask[i];
    if (!(sa->flags & SA_MIPS_NODEFER)) p->sigmask[(sig - 1) / 32] |= bit(sig);
    cpu->gpr[4] = (uint32_t)sig;
    cpu->gpr[5] = frame + FRAME_INFO;
    cpu->gpr[6] = frame + FRAME_UC;
    cpu->gpr[29] = frame;
    cpu->gpr[31] = p->sigtramp;
    cpu->gpr[25] = sa->handler;
    cpu->pc = sa->handler;
    cpu->in_delay = false;
    if (sa->flags & SA_MIPS_RESETHAND) {
        sa->handler = SIG_MIPS_DFL;
        sig_mirror(p, sig);
    }
    return true;
}

/* A signal's default action: ignore (SIGCHLD, SIGWINCH, SIGURG, SIGCONT),
 * stop tern itself, or end the process with it. */
static void default_action(struct user_proc *p, int sig)
{
    if (ignored_by_default(sig)) return;
    if (stop_signal(sig)) {
        raise(mips_to_host_signal(sig));
        return;
    }
    p->exited = true;
    p->signal = sig;
}

void sig_deliver(struct user_proc *p)
{
    int sig;
    struct user_siginfo info;
    while (!p->exited && (sig = next_pending(p)) != 0) {
        if (!take(p, sig, &info)) continue;
        sigwait_taken(p);
        uint32_t h = p->sigact[sig].handler;
        if (sig == MIPS_SIGKILL || sig == MIPS_SIGSTOP || h == SIG_MIPS_DFL)
            default_action(p, sig);
        else if (h != SIG_MIPS_IGN && !setup_frame(p, sig, &info, p->cpu->pc))
            default_action(p, MIPS_SIGSEGV);
    }
    if (p->suspend_restore) { /* woken by a signal that ran no handler */
        memcpy(p->sigmask, p->suspend_mask, sizeof p->sigmask);
        p->suspend_restore = false;
    }
}

bool sig_fault(struct user_proc *p, int sig)
{
    struct cpu *cpu = p->cpu;
    uint32_t h = p->sigact[sig].handler;
    /* force_sig: a blocked or ignored fault signal kills as the default would. */
    if (h == SIG_MIPS_DFL || h == SIG_MIPS_IGN || in_set(p->sigmask, sig)) return false;
    uint32_t pc = cpu->in_delay ? cpu->pc - 4 : cpu->pc; /* EPC: the branch re-runs */
    uint32_t addr;
    struct user_siginfo info = {user_fault_info(p, sig, &addr), 0, {0}};
    info.word[0] = addr;
    cpu->exc.code = EXC_NONE;
    cpu->in_delay = false;
    return setup_frame(p, sig, &info, pc);
}

bool sig_setup_tramp(struct user_proc *p)
{
    /* "addiu v0, zero, NR_rt_sigreturn; syscall", where no mapping goes. */
    uint32_t page = gm_find_free(p->mem, GM_STACK_TOP, GM_PAGE);
    if (!page || gm_map_anon(p->mem, page, GM_PAGE, GM_READ | GM_WRITE) != 0) return false;
    uint8_t *g = p->mem->base + page;
    abi_put32(guest_be(p), g, 0x24020000u | NR_rt_sigreturn);
    abi_put32(guest_be(p), g + 4, 0x0000000cu);
    gm_protect(p->mem, page, GM_PAGE, GM_READ | GM_EXEC);
    p->sigtramp = page;
    sig_proc = p;
    sig_self = p;
    catch_host(sig_timer_host(), true);
    return true;
}

/* ---- across exec ---- */

/* POSIX keeps the signal mask and ignored signals across exec. Ignored ones
 * are already SIG_IGN on the host (sig_mirror); the mask is the guest's, so
 * it goes to the host thread just before the host execve, and the new tern
 * reads both back (sig_inherit). */
void sig_before_exec(const struct user_proc *p, sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int sig = 1; sig <= MIPS_NSIG; sig++) {
        int host = mips_to_host_signal(sig);
        if (host && host != SIGKILL && host != SIGSTOP && in_set(p->sigmask, sig))
            sigaddset(&set, host);
    }
    pthread_sigmask(SIG_SETMASK, &set, old);
}

void sig_inherit(struct user_proc *p)
{
    sigset_t cur, none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    for (int sig = 1; sig <= MIPS_NSIG; sig++) {
        int host = mips_to_host_signal(sig);
        if (!host || sig == MIPS_SIGKILL || sig == MIPS_SIGSTOP) continue;
        if (sigismember(&cur, host) == 1) p->sigmask[(sig - 1) / 32] |= bit(sig);
        struct sigaction act;
        if (sigaction(host, NULL, &act) == 0 && !(act.sa_flags & SA_SIGINFO) &&
            act.sa_handler == SIG_IGN) {
            p->sigact[sig].handler = SIG_MIPS_IGN;
            host_action[sig] = HOST_IGN;
        }
    }
    /* Blocked signals at their default action are caught from now on (they
     * wait in the guest's pending set); then the host thread takes them. */
    sig_mask_changed(p);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

/* ---- system calls ---- */

int64_t sys_rt_sigreturn(struct user_proc *p, const uint32_t *a)
{
    (void)a;
    struct cpu *cpu = p->cpu;
    bool be = guest_be(p);
    const uint8_t *uc = guest_buf(p, cpu->gpr[29] + FRAME_UC, FRAME_SIZE - FRAME_UC, GM_READ);
    p->no_result = true;
    if (!uc) {
        default_action(p, MIPS_SIGSEGV);
        return 0;
    }
    const uint8_t *sc = uc + UC_MCONTEXT;
    for (int i = 1; i < 32; i++)
        cpu->gpr[i] = (uint32_t)abi_get64(be, sc + SC_REGS + 8 * i);
    for (int i = 0; i < 32; i++)
        cpu->fpr[i] = abi_get64(be, sc + SC_FPREGS + 8 * i);
    cpu->fcsr = abi_get32(be, sc + SC_FPC_CSR);
    cpu->hi = (uint32_t)abi_get64(be, sc + SC_MDHI);
    cpu->lo = (uint32_t)abi_get64(be, sc + SC_MDLO);
    cpu->pc = (uint32_t)abi_get64(be, sc + SC_PC);
    cpu->in_delay = false;
    for (int i = 0; i < 4; i++)
        p->sigmask[i] = abi_get32(be, uc + UC_SIGMASK + 4 * i);
    p->sigmask[0] &= ~(bit(MIPS_SIGKILL) | bit(MIPS_SIGSTOP));
    return 0;
}

/* sigaltstack(ss, old_ss): MIPS stack_t is {sp, size, flags}. */
int64_t sys_sigaltstack(struct user_proc *p, const uint32_t *a)
{
    bool be = guest_be(p);
    bool on = on_altstack(p, p->cpu->gpr[29]);
    if (a[1]) {
        uint8_t *g = guest_buf(p, a[1], 12, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(be, g, p->ss_sp);
        abi_put32(be, g + 4, p->ss_size);
        abi_put32(be, g + 8, !p->ss_size ? SS_MIPS_DISABLE : on ? SS_MIPS_ONSTACK : 0);
    }
    if (a[0]) {
        const uint8_t *g = guest_buf(p, a[0], 12, GM_READ);
        if (!g) return -MIPS_EFAULT;
        if (on) return -MIPS_EPERM;
        uint32_t flags = abi_get32(be, g + 8);
        if (flags & ~(SS_MIPS_DISABLE | SS_MIPS_ONSTACK)) return -MIPS_EINVAL;
        bool disable = flags & SS_MIPS_DISABLE;
        uint32_t size = abi_get32(be, g + 4);
        if (!disable && size < 2048) return -MIPS_ENOMEM; /* MINSIGSTKSZ */
        p->ss_sp = disable ? 0 : abi_get32(be, g);
        p->ss_size = disable ? 0 : size;
    }
    return 0;
}

static int64_t read_mask(struct user_proc *p, uint32_t addr, uint32_t *set)
{
    const uint8_t *g = guest_buf(p, addr, 16, GM_READ);
    if (!g) return -MIPS_EFAULT;
    for (int i = 0; i < 4; i++)
        set[i] = abi_get32(guest_be(p), g + 4 * i);
    return 0;
}

/* Sleeps until a signal the guest's mask lets through is pending. Host
 * signals are blocked while checking, then sigsuspend waits atomically. */
static void wait_for_signal(struct user_proc *p)
{
    sigset_t all, old, none;
    sigfillset(&all);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &all, &old);
    /* The group's exit kicks every thread: a thread in pause() must go too. */
    while (!next_pending(p) && !thread_group_exiting(p))
        sigsuspend(&none);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

int64_t sys_pause(struct user_proc *p, const uint32_t *a)
{
    (void)a;
    wait_for_signal(p);
    return -MIPS_EINTR;
}

/* alarm(seconds): the host's timer; its SIGALRM reaches the guest through
 * host_signal (or kills tern, as natively, under SIG_DFL). */
int64_t sys_alarm(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return alarm(a[0]);
}

/* rt_sigsuspend(mask, 16): waits with mask until a signal is delivered; the
 * handler's frame records the old mask (restored by its sigreturn). */
int64_t sys_rt_sigsuspend(struct user_proc *p, const uint32_t *a)
{
    uint32_t set[4];
    if (a[1] != 16) return -MIPS_EINVAL;
    if (read_mask(p, a[0], set)) return -MIPS_EFAULT;
    memcpy(p->suspend_mask, p->sigmask, sizeof set);
    memcpy(p->sigmask, set, sizeof set);
    p->sigmask[0] &= ~(bit(MIPS_SIGKILL) | bit(MIPS_SIGSTOP));
    wait_for_signal(p);
    p->suspend_restore = true;
    return -MIPS_EINTR;
}

int64_t sys_rt_sigpending(struct user_proc *p, const uint32_t *a)
{
    if (a[1] != 16) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[0], 16, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    for (int i = 0; i < 4; i++)
        abi_put32(guest_be(p), g + 4 * i,
                  __atomic_load_n(&p->pending[i], __ATOMIC_SEQ_CST) & p->sigmask[i]);
    return 0;
}
