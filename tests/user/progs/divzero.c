/* tests/user/progs/divzero.c — integer division by zero: gcc guards DIV with
 * "teq $divisor, $zero, 7", and Linux turns trap code 7 into SIGFPE with
 * si_code FPE_INTDIV and si_addr at the trap (qemu-user 7.2 sends SIGTRAP).
 * A handler sees it once and prints what it got; then the default action
 * ends the process. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;

static void on_fpe(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("signal %d code %d addr %s\n", sig, si->si_code, si->si_addr ? "set" : "0");
    siglongjmp(back, 1);
}

int main(int argc, char **argv)
{
    (void)argv;
    volatile int zero = argc - 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    if (sigsetjmp(back, 1) == 0) printf("quotient %d\n", 100 / zero);
    fflush(stdout);
    signal(SIGFPE, SIG_DFL);
    return 100 / zero;
}
