/* tests/user/progs/fixade.c — misaligned loads and stores as MIPS Linux
 * serves them (linux-user/unaligned.c): the kernel's do_ade emulates
 * LH/LHU/LW/SH/SW and the FPU forms and the program goes on; LL/SC, and
 * every access once sysmips(MIPS_FIXADE, 0) turned fixing off, get SIGBUS;
 * a fixed-up access that reaches an unmapped page gets SIGSEGV at the first
 * bad byte. Every case runs several times so translated code meets it too.
 * The output is the same for both byte orders (values are checked against
 * memcpy), and qemu-user differs (it sends SIGBUS), so tests/user/fixade.sh
 * holds the expected text. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIPS_FIXADE 7
#define ROUNDS 3

static sigjmp_buf escape;
static volatile uintptr_t fault_addr;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(escape, sig);
}

static unsigned char buf[64] __attribute__((aligned(8)));

static void fill(void)
{
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(0x11 * (i + 1) + i);
}

static void check(const char *what, uint64_t got, uint64_t want)
{
    if (got == want)
        printf("%s: ok\n", what);
    else
        printf("%s: got 0x%llx want 0x%llx\n", what, (unsigned long long)got,
               (unsigned long long)want);
}

static int32_t lw_at(const void *p)
{
    int32_t v;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static int32_t lh_at(const void *p)
{
    int32_t v;
    __asm__ volatile("lh %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static uint32_t lhu_at(const void *p)
{
    uint32_t v;
    __asm__ volatile("lhu %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void sw_at(void *p, uint32_t v)
{
    __asm__ volatile("sw %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

static void sh_at(void *p, uint32_t v)
{
    __asm__ volatile("sh %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

/* An odd displacement on an aligned base (the JIT's direct form). */
static int32_t lw_off3(const void *p)
{
    int32_t v;
    __asm__ volatile("lw %0, 3(%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void gpr_forms(void)
{
    for (int r = 0; r < ROUNDS; r++) {
        fill();
        int32_t w;
        int16_t h;
        uint16_t hu;
        memcpy(&w, buf + 1, 4);
        check("lw +1", (uint32_t)lw_at(buf + 1), (uint32_t)w);
        memcpy(&w, buf + 3, 4);
        check("lw +3 (offset)", (uint32_t)lw_off3(buf), (uint32_t)w);
        memcpy(&h, buf + 5, 2);
        check("lh +5", (uint32_t)lh_at(buf + 5), (uint32_t)(int32_t)h);
        buf[8] = 0x80; /* negative either way round */
        buf[9] = 0x80;
        memcpy(&h, buf + 8, 2);
        memcpy(&hu, buf + 7, 2);
        check("lh sign", (uint32_t)lh_at(buf + 8), (uint32_t)(int32_t)h);
        check("lhu +7", lhu_at(buf + 7), hu);
        sw_at(buf + 10, 0xa1b2c3d4u);
        uint32_t uw = 0xa1b2c3d4u;
        check("sw +10", memcmp(buf + 10, &uw, 4) == 0 && buf[9] == 0x80 && buf[14] != 0xa1, 1);
        sh_at(buf + 17, 0x1234u);
        uint16_t uh = 0x1234u;
        check("sh +17", memcmp(buf + 17, &uh, 2) == 0, 1);
    }
}

struct __attribute__((packed)) record {
    uint8_t tag;
    uint32_t word;
    uint16_t half;
    double d;
};

/* What gcc emits for packed members (lwl/lwr, byte loads): never a fault. */
static void packed_forms(void)
{
    static struct record recs[3];
    for (int r = 0; r < ROUNDS; r++) {
        volatile struct record *rec = &recs[r];
        rec->tag = (uint8_t)r;
        rec->word = 0xdeadbeefu + (uint32_t)r;
        rec->half = (uint16_t)(0x8001u + (unsigned)r);
        rec->d = 1.5 + r;
        check("packed word", rec->word, 0xdeadbeefu + (uint32_t)r);
        check("packed half", rec->half, 0x8001u + (unsigned)r);
        check("packed double", rec->d == 1.5 + r, 1);
    }
}

static void fpu_forms(void)
{
    for (int r = 0; r < ROUNDS; r++) {
        fill();
        float f, fw;
        double d, dw;
        memcpy(&fw, buf + 2, 4);
        __asm__ volatile("lwc1 %0, 0(%1)" : "=f"(f) : "r"(buf + 2) : "memory");
        check("lwc1 +2", memcmp(&f, &fw, 4) == 0, 1);
        memcpy(&dw, buf + 4, 8);
        __asm__ volatile("ldc1 %0, 0(%1)" : "=f"(d) : "r"(buf + 4) : "memory");
        check("ldc1 +4", memcmp(&d, &dw, 8) == 0, 1);
        memcpy(&dw, buf + 9, 8);
        __asm__ volatile("ldxc1 %0, %1(%2)" : "=f"(d) : "r"(5), "r"(buf + 4) : "memory");
        check("ldxc1 +9", memcmp(&d, &dw, 8) == 0, 1);
        memcpy(&fw, buf + 21, 4);
        __asm__ volatile("lwxc1 %0, %1(%2)" : "=f"(f) : "r"(1), "r"(buf + 20) : "memory");
        check("lwxc1 +21", memcmp(&f, &fw, 4) == 0, 1);
        d = -2.75 * (r + 1);
        __asm__ volatile("sdc1 %0, 0(%1)" : : "f"(d), "r"(buf + 33) : "memory");
        check("sdc1 +33", memcmp(buf + 33, &d, 8) == 0, 1);
        __asm__ volatile("sdxc1 %0, %1(%2)" : : "f"(d), "r"(3), "r"(buf + 40) : "memory");
        check("sdxc1 +43", memcmp(buf + 43, &d, 8) == 0, 1);
        f = 3.25f;
        __asm__ volatile("swc1 %0, 0(%1)" : : "f"(f), "r"(buf + 51) : "memory");
        check("swc1 +51", memcmp(buf + 51, &f, 4) == 0, 1);
        __asm__ volatile("swxc1 %0, %1(%2)" : : "f"(f), "r"(7), "r"(buf + 50) : "memory");
        check("swxc1 +57", memcmp(buf + 57, &f, 4) == 0, 1);
    }
}

/* The misaligned load in a taken branch's delay slot, a not-taken one's,
 * and a BAL's (whose $ra the fix-up must keep). */
static void delay_slots(void)
{
    for (int r = 0; r < ROUNDS; r++) {
        fill();
        int32_t want, v1, v2, v3, mark;
        uint32_t ra, here;
        memcpy(&want, buf + 1, 4);
        __asm__ volatile(".set push\n.set noreorder\n"
                         "li %1, 0\n"
                         "beq $zero, $zero, 1f\n"
                         "lw %0, 0(%2)\n"
                         "li %1, 1\n" /* skipped */
                         "1:\n.set pop\n"
                         : "=&r"(v1), "=&r"(mark)
                         : "r"(buf + 1)
                         : "memory");
        check("taken branch slot", (uint32_t)v1, (uint32_t)want);
        check("taken branch target", (uint32_t)mark, 0);
        __asm__ volatile(".set push\n.set noreorder\n"
                         "li %1, 0\n"
                         "bne $zero, $zero, 1f\n"
                         "lw %0, 0(%2)\n"
                         "li %1, 1\n" /* falls through to here */
                         "1:\n.set pop\n"
                         : "=&r"(v2), "=&r"(mark)
                         : "r"(buf + 1)
                         : "memory");
        check("untaken branch slot", (uint32_t)v2, (uint32_t)want);
        check("untaken branch falls through", (uint32_t)mark, 1);
        __asm__ volatile(".set push\n.set noreorder\n"
                         "move %3, $ra\n"
                         "bal 1f\n"
                         "lw %0, 0(%4)\n"
                         "1:\n"
                         "move %1, $ra\n" /* $ra = 1b */
                         "bal 2f\n"
                         "nop\n"
                         "2:\n"
                         "move %2, $ra\n" /* $ra = 2b = 1b + 12 (PIE-safe) */
                         "move $ra, %3\n"
                         ".set pop\n"
                         : "=&r"(v3), "=&r"(ra), "=&r"(here), "=&r"(mark)
                         : "r"(buf + 1)
                         : "memory");
        check("bal slot", (uint32_t)v3, (uint32_t)want);
        check("bal ra", ra + 12 == here, 1);
    }
}

static const char *signame(int sig)
{
    return sig == SIGBUS ? "SIGBUS" : sig == SIGSEGV ? "SIGSEGV" : "other";
}

/* A load and a store that reach past the end of a mapped page. */
static void straddle(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char *two =
        mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (two == MAP_FAILED) {
        printf("mmap failed\n");
        return;
    }
    for (long i = 0; i < 2 * pg; i++)
        two[i] = (unsigned char)i;
    int32_t want;
    memcpy(&want, two + pg - 2, 4);
    for (int r = 0; r < ROUNDS; r++)
        check("lw across mapped pages", (uint32_t)lw_at(two + pg - 2), (uint32_t)want);
    munmap(two + pg, pg);
    for (int r = 0; r < ROUNDS; r++) {
        int sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            printf("lw into unmapped page gave 0x%x\n", (unsigned)lw_at(two + pg - 2));
        } else {
            printf("lw into unmapped page: %s at %s\n", signame(sig),
                   fault_addr == (uintptr_t)(two + pg) ? "first bad byte" : "elsewhere");
        }
        sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            sw_at(two + pg - 1, 0x01020304u);
            printf("sw into unmapped page did not fault\n");
        } else {
            printf("sw into unmapped page: %s at %s\n", signame(sig),
                   fault_addr == (uintptr_t)(two + pg) ? "first bad byte" : "elsewhere");
        }
    }
    munmap(two, pg);
}

static void ll_sc(void)
{
    for (int r = 0; r < ROUNDS; r++) {
        int sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            int32_t v;
            __asm__ volatile("ll %0, 0(%1)" : "=r"(v) : "r"(buf + 1) : "memory");
            printf("unaligned ll did not fault\n");
        } else {
            printf("unaligned ll: %s\n", signame(sig));
        }
        sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            int32_t v = 1;
            __asm__ volatile("sc %0, 0(%1)" : "+r"(v) : "r"(buf + 2) : "memory");
            printf("unaligned sc did not fault\n");
        } else {
            printf("unaligned sc: %s\n", signame(sig));
        }
    }
}

/* sysmips(MIPS_FIXADE, on) */
static long fixade(long on)
{
    return syscall(SYS_sysmips, MIPS_FIXADE, on, 0);
}

static void unaligned_lw_signal(const char *who)
{
    for (int r = 0; r < ROUNDS; r++) {
        int sig = sigsetjmp(escape, 1);
        if (sig == 0) {
            lw_at(buf + 1);
            printf("%s: unaligned lw: no signal\n", who);
        } else {
            printf("%s: unaligned lw: %s\n", who, signame(sig));
        }
    }
}

static void fixing_off(void)
{
    printf("sysmips(MIPS_FIXADE, 0) = %ld\n", fixade(0));
    unaligned_lw_signal("fixing off");
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) { /* the flag is inherited */
        int sig = sigsetjmp(escape, 1);
        if (sig == 0) lw_at(buf + 1);
        printf("child: %s\n", sig ? signame(sig) : "no signal");
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("sysmips(MIPS_FIXADE, 4) = %ld\n", fixade(4));
    printf("sysmips(MIPS_FIXADE, 1) = %ld\n", fixade(1));
    fill();
    int32_t want;
    memcpy(&want, buf + 1, 4);
    for (int r = 0; r < ROUNDS; r++)
        check("fixing on again: lw +1", (uint32_t)lw_at(buf + 1), (uint32_t)want);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    gpr_forms();
    packed_forms();
    fpu_forms();
    delay_slots();
    straddle();
    ll_sc();
    fixing_off();
    printf("done\n");
    return 0;
}
