/* tests/user/progs/signals.c — signals to guest handlers and processes:
 * raise() to an SA_SIGINFO handler, a blocked signal left pending and
 * delivered on unblock, SIGSEGV and SIGFPE (an overflowing ADD) faults
 * caught and left with siglongjmp, with their si_code (SIGSEGV: MAPERR for
 * an unmapped page, ACCERR for a read-only or PROT_NONE one; SIGFPE: INTOVF,
 * FLTDIV for an enabled FP divide by zero; divzero.c has INTDIV, where qemu
 * differs), a handler on a sigaltstack, alarm()
 * (a host SIGALRM) interrupting pause(), and fork + pipe + waitpid with the
 * child's exit status, its death by a signal, and SIGCHLD. The output must
 * match qemu-user's. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, chld;
static volatile uintptr_t bad_addr = 16; /* opaque to the compiler: no bounds warning */
static sigjmp_buf env;
static char altstack[65536];

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got = sig * 100 + (si->si_signo == sig);
}

static uintptr_t addr_base; /* si_addr is printed relative to it (mmap placement differs) */

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int onalt = (char *)&sig >= altstack && (char *)&sig < altstack + sizeof altstack;
    /* SIGFPE's si_addr is the faulting instruction's: only whether it is there. */
    unsigned long addr = sig == SIGSEGV ? (unsigned long)((uintptr_t)si->si_addr - addr_base)
                                        : si->si_addr != NULL;
    printf("fault %d code %d addr %#lx altstack %d\n", sig, si->si_code, addr, onalt);
    siglongjmp(env, sig);
}

static void on_alarm(int sig)
{
    got = sig;
}

static void on_chld(int sig)
{
    chld += sig == SIGCHLD;
}

static void catch(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

/* ADD traps on signed overflow (Ov -> SIGFPE on Linux and qemu alike). */
static int overflow_add(int a, int b)
{
    int r;
    __asm__ volatile("add %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    catch(SIGUSR1, on_usr1, 0);
    raise(SIGUSR1);
    printf("usr1 -> %d\n", got);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    got = 0;
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked: got %d pending %d\n", got, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: got %d\n", got);

    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    catch(SIGSEGV, on_fault, SA_ONSTACK);
    catch(SIGFPE, on_fault, 0);
    int r = sigsetjmp(env, 1);
    if (r == 0) *(volatile int *)bad_addr = 1;
    printf("after segv %d\n", r);
    r = sigsetjmp(env, 1);
    if (r == 0) printf("add %d\n", overflow_add(0x7fffffff, (int)bad_addr));
    printf("after fpe %d\n", r);
    r = sigsetjmp(env, 1); /* div.d with the Z enable set: FPE_FLTDIV */
    if (r == 0) {
        unsigned fcsr;
        __asm__ volatile("cfc1 %0, $31" : "=r"(fcsr));
        __asm__ volatile("ctc1 %0, $31" : : "r"(fcsr | (1u << 10)));
        volatile double zero = (double)(bad_addr - 16), q = 1.0 / zero;
        printf("fdiv %g\n", q);
    }
    printf("after FP divide by zero %d\n", r);
    r = sigsetjmp(env, 1); /* and once more: the mask came back with siglongjmp */
    if (r == 0) *(volatile int *)(bad_addr + 16) = 1;
    printf("after segv again %d\n", r);
    /* A mapped page the access may not make: SEGV_ACCERR (2), where an
     * unmapped one gave SEGV_MAPERR (1); also for a PROT_NONE page. */
    char *ro = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ro == MAP_FAILED || mprotect(ro + 4096, 4096, PROT_NONE) != 0) return 1;
    addr_base = (uintptr_t)ro;
    r = sigsetjmp(env, 1);
    if (r == 0) ((volatile char *)ro)[8] = 1;
    printf("after store to read-only %d\n", r);
    r = sigsetjmp(env, 1);
    if (r == 0) printf("read %d\n", ((volatile char *)ro)[4096 + 12]);
    printf("after read of PROT_NONE %d\n", r);
    munmap(ro, 2 * 4096);
    r = sigsetjmp(env, 1);
    if (r == 0) printf("read %d\n", ((volatile char *)ro)[4]);
    printf("after read of unmapped %d\n", r);
    addr_base = 0;

    signal(SIGALRM, on_alarm);
    got = 0;
    alarm(1);
    pause();
    printf("alarm -> %d\n", got);

    signal(SIGCHLD, on_chld);
    int fd[2];
    if (pipe(fd) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const char msg[] = "hello from the child";
        if (write(fd[1], msg, sizeof msg) != sizeof msg) _exit(1);
        _exit(42);
    }
    close(fd[1]);
    char buf[64] = {0};
    ssize_t n = read(fd[0], buf, sizeof buf);
    int st;
    waitpid(pid, &st, 0);
    printf("child said '%s' (%zd), exited %d status %d\n", buf, n, WIFEXITED(st),
           WEXITSTATUS(st));
    pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        close(2); /* the emulators' "uncaught target signal" lines differ */
        *(volatile int *)(bad_addr - 8) = 0;
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("child killed %d by %d\n", WIFSIGNALED(st), WTERMSIG(st));
    printf("sigchld seen %d\n", chld > 0);
    signal(SIGUSR2, SIG_DFL);
    raise(SIGTERM);
    return 0;
}
