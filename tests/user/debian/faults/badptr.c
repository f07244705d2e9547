/* tests/user/debian/faults/badptr.c — system calls given garbage pointers
 * (NULL+16, the kernel half, the top page, an unmapped hole) must fail with
 * EFAULT as on a native kernel, never crash the emulator; the program then
 * proves it still runs. Raw syscall() so that libc never touches the
 * pointers itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const long bad[] = {0x10, 0x80000000L, (long)0xfffff000UL, 0x50000000};

/* Prints "NAME: result errno" for one call. */
static void show(const char *name, long r)
{
    printf("%s: %ld %s\n", name, r, r == -1 ? strerror(errno) : "-");
}

int main(void)
{
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long p = bad[i];
        printf("pointer %d\n", (int)i);
        show("write", syscall(SYS_write, 1, p, 5));
        show("read", syscall(SYS_read, 0, p, 5));
        show("openat", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY));
        show("stat64", syscall(SYS_stat64, "/", p));
        show("fstat64", syscall(SYS_fstat64, 1, p));
        show("uname", syscall(SYS_uname, p));
        show("pipe2", syscall(SYS_pipe2, p, 0));
        show("clock_gettime", syscall(SYS_clock_gettime, 0, p));
        show("gettimeofday", syscall(SYS_gettimeofday, p, 0));
        show("getcwd", syscall(SYS_getcwd, p, 64));
        show("nanosleep", syscall(SYS_nanosleep, p, 0));
        show("rt_sigaction", syscall(SYS_rt_sigaction, 10, p, 0, 16));
        show("rt_sigprocmask", syscall(SYS_rt_sigprocmask, 0, p, 0, 16));
        show("writev", syscall(SYS_writev, 1, p, 2));
        show("getrandom", syscall(SYS_getrandom, p, 16, 0));
        show("sysinfo", syscall(SYS_sysinfo, p));
        show("chdir", syscall(SYS_chdir, p));
        show("readlink", syscall(SYS_readlink, "/proc/self/exe", p, 64));
    }
    printf("still alive\n");
    return 0;
}
