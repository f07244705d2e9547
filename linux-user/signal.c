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

static uint32_t bit(int sig)
{
    return 1u << ((sig - 1) % 32);
}

static bool in_set(const uint32_t *set, int sig)
{
    return set[(sig - 1) / 32] & bit(sig);
}

void sig_pend(struct user_proc *p, int sig)
{
    __atomic_or_fetch(&p->pending[(sig - 1) / 32], bit(sig), __ATOMIC_SEQ_CST);
    p->cpu->exit_request = 1;
}

static void host_signal(int host)
{
    int sig = host_to_mips_signal(host);
    struct user_proc *p = sig_proc;
    if (sig > 0 && p) sig_pend(p, sig);
}

void sig_mirror(struct user_proc *p, int sig)
{
    int host = mips_to_host_signal(sig);
    /* Synchronous fault signals stay tern's own: guest faults arrive as
     * exceptions, and a host fault in tern must not look like the guest's. */
    if (!host || host == SIGSEGV || host == SIGBUS || host == SIGILL || host == SIGFPE ||
        host == SIGTRAP || host == SIGKILL || host == SIGSTOP)
        return;
    const struct user_sigaction *sa = &p->sigact[sig];
    struct sigaction act;
    memset(&act, 0, sizeof act);
    sigfillset(&act.sa_mask);
    if (sa->handler == SIG_MIPS_IGN)
        act.sa_handler = SIG_IGN; /* an ignored SIGPIPE: write() fails with EPIPE */
    else if (sa->handler == SIG_MIPS_DFL)
        act.sa_handler = SIG_DFL; /* the host's default gives a native run's status */
    else {
        sig_proc = p;
        act.sa_handler = host_signal;
        if (sa->flags & SA_MIPS_RESTART) act.sa_flags = SA_RESTART;
    }
    sigaction(host, &act, NULL);
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

static void put_siginfo(struct user_proc *p, uint8_t *si, int sig, int code, uint32_t addr)
{
    bool be = guest_be(p);
    abi_put32(be, si, (uint32_t)sig);
    abi_put32(be, si + 4, (uint32_t)code);
    abi_put32(be, si + 12, addr); /* si_addr for faults; si_pid for SI_USER (0: the kernel) */
}

/* Builds the frame and enters the handler; false when the frame cannot be
 * written (the stack is bad: Linux then forces SIGSEGV). */
static bool setup_frame(struct user_proc *p, int sig, int code, uint32_t addr, uint32_t pc)
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
    put_siginfo(p, f + FRAME_INFO, sig, code, addr);
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
    static const int ignored[] = {MIPS_SIGCHLD, MIPS_SIGWINCH, MIPS_SIGURG, MIPS_SIGCONT};
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        if (sig == ignored[i]) return;
    if (sig == MIPS_SIGSTOP || sig == 24 || sig == 26 || sig == 27) {
        raise(mips_to_host_signal(sig)); /* SIGTSTP, SIGTTIN, SIGTTOU, SIGSTOP */
        return;
    }
    p->exited = true;
    p->signal = sig;
}

void sig_deliver(struct user_proc *p)
{
    int sig;
    while (!p->exited && (sig = next_pending(p)) != 0) {
        __atomic_and_fetch(&p->pending[(sig - 1) / 32], ~bit(sig), __ATOMIC_SEQ_CST);
        uint32_t h = p->sigact[sig].handler;
        if (sig == MIPS_SIGKILL || sig == MIPS_SIGSTOP || h == SIG_MIPS_DFL)
            default_action(p, sig);
        else if (h != SIG_MIPS_IGN && !setup_frame(p, sig, 0, 0, p->cpu->pc))
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
    int code = user_fault_info(p, sig, &addr);
    cpu->exc.code = EXC_NONE;
    cpu->in_delay = false;
    return setup_frame(p, sig, code, addr, pc);
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
    return true;
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
    while (!next_pending(p))
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
