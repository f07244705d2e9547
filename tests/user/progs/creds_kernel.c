/* tests/user/progs/creds_kernel.c — what Linux answers and qemu-user 7.2
 * does not (linux-user/syscall_sched.c), so tests/user/creds_kernel.sh runs
 * it under tern only: the old nice call returns 0 (qemu: the new value) and
 * clamps at 19; mlock2 exists (qemu: ENOSYS) with MLOCK_ONFAULT and rejects
 * unknown flags; mlockall rejects unknown flags (qemu drops them); mincore
 * says EINVAL for an unaligned start before ENOMEM for a hole; as root,
 * mlock, mlockall and munlockall show in VmLck (the locks are real), and a
 * forked child with two threads drops to 65534 through glibc, whose
 * SIGSETXID broadcast makes the other thread's own raw call (credentials are
 * per thread). That last part passes under qemu too, but needs threads,
 * which the verify engine of compare_qemu.sh does not run. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define NOBODY 65534

static char page_buf[4 * 4096] __attribute__((aligned(4096)));
static pthread_barrier_t dropped;

/* The process's locked memory in KiB (VmLck of /proc/self/status), or -1. */
static long locked_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmLck: %ld", &kib) == 1) break;
    fclose(f);
    return kib;
}

static int old_nice(void)
{
    errno = 0;
    int n0 = getpriority(PRIO_PROCESS, 0);
    CHECK(errno == 0 && n0 < 19);
    CHECK(syscall(SYS_nice, 1) == 0);
    CHECK(getpriority(PRIO_PROCESS, 0) == n0 + 1);
    CHECK(syscall(SYS_nice, 0) == 0 && getpriority(PRIO_PROCESS, 0) == n0 + 1);
    CHECK(syscall(SYS_nice, 1000) == 0 && getpriority(PRIO_PROCESS, 0) == 19);
    long r = syscall(SYS_nice, -1);
    if (geteuid() == 0)
        CHECK(r == 0 && getpriority(PRIO_PROCESS, 0) == 18);
    else
        CHECK((r == -1 && errno == EPERM) || r == 0); /* RLIMIT_NICE may allow it */
    printf("nice: returns 0, clamps at 19\n");
    return 0;
}

static int lock2(void)
{
    memset(page_buf, 1, sizeof page_buf);
    CHECK(mlock2(page_buf, sizeof page_buf, MLOCK_ONFAULT) == 0);
    CHECK(munlock(page_buf, sizeof page_buf) == 0);
    CHECK(mlock2(page_buf + 10, 4096, 0) == 0);
    CHECK(munlock(page_buf, sizeof page_buf) == 0);
    CHECK(mlock2(page_buf, 4096, 2) == -1 && errno == EINVAL);
    char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED && munmap(m + 4096, 4096) == 0);
    CHECK(mlock2(m, 3 * 4096, MLOCK_ONFAULT) == -1 && errno == ENOMEM);
    unsigned char vec[3];
    CHECK(mincore(m + 1, 4096, vec) == -1 && errno == EINVAL); /* before the hole */
    munmap(m, 3 * 4096);
    CHECK(mlockall(8 | MCL_FUTURE) == -1 && errno == EINVAL);
    printf("mlock2: ok\n");
    return 0;
}

/* Root only (RLIMIT_MEMLOCK would decide otherwise): the locks are real. */
static int vmlck(void)
{
    if (geteuid() != 0 || locked_kib() < 0) {
        printf("vmlck: ok\n");
        return 0;
    }
    CHECK(munlockall() == 0 && locked_kib() == 0);
    CHECK(mlock(page_buf, sizeof page_buf) == 0 && locked_kib() == 16);
    CHECK(munlock(page_buf, sizeof page_buf) == 0 && locked_kib() == 0);
    CHECK(mlockall(MCL_CURRENT) == 0 && locked_kib() >= 16);
    CHECK(munlockall() == 0 && locked_kib() == 0);
    CHECK(mlockall(MCL_CURRENT | MCL_ONFAULT) == 0 && locked_kib() >= 16);
    CHECK(munlockall() == 0 && locked_kib() == 0);
    printf("vmlck: ok\n");
    return 0;
}

/* Linux credentials are per thread: glibc's setresuid reaches this one
 * through its SIGSETXID broadcast, whose handler makes the raw call here. */
static void *drop_thread(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&dropped);
    pthread_barrier_wait(&dropped);
    unsigned r, e, s, gr, ge, gs;
    if (syscall(SYS_getresuid, &r, &e, &s) != 0 || syscall(SYS_getresgid, &gr, &ge, &gs) != 0)
        return "getres failed";
    if (r != NOBODY || e != NOBODY || s != NOBODY || gr != NOBODY || ge != NOBODY || gs != NOBODY)
        return "thread kept its ids";
    return NULL;
}

static int drop_child(void)
{
    pthread_t t;
    void *res;
    CHECK(pthread_barrier_init(&dropped, NULL, 2) == 0);
    CHECK(pthread_create(&t, NULL, drop_thread, NULL) == 0);
    pthread_barrier_wait(&dropped);
    gid_t nobody = NOBODY;
    CHECK(setgroups(1, &nobody) == 0);
    CHECK(setresgid(NOBODY, NOBODY, NOBODY) == 0);
    CHECK(setresuid(NOBODY, NOBODY, NOBODY) == 0);
    unsigned r, e, s;
    CHECK(syscall(SYS_getresuid, &r, &e, &s) == 0 && r == NOBODY && e == NOBODY && s == NOBODY);
    pthread_barrier_wait(&dropped);
    CHECK(pthread_join(t, &res) == 0);
    if (res) printf("FAIL %s\n", (char *)res);
    CHECK(!res);
    return 0;
}

/* Root only: the drop needs CAP_SETUID/CAP_SETGID. */
static int thread_drop(void)
{
    if (geteuid() == 0) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) _exit(drop_child());
        int st;
        CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    printf("thread drop: ok\n");
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (old_nice() || lock2() || vmlck() || thread_drop()) return 1;
    printf("done\n");
    return 0;
}
