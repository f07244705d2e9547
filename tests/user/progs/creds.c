/* tests/user/progs/creds.c — credentials and scheduling (linux-user/
 * syscall_cred.c, syscall_sched.c): the uid/gid calls round trip, getres*,
 * setfs*, setgroups, capget/capset (both cap words, so the byte order of
 * struct __user_cap_data_struct shows), personality; and as root a forked
 * child that drops to 65534 and checks what it became (with a second
 * thread: creds_kernel.c, as the verify engine runs one thread only).
 * Then scheduling: policy, param, priority range, the rr interval (old and
 * time64 layouts), affinity set and read back (and getcpu inside it),
 * nice/getpriority (the raw call's 20 - nice), mlock/munlock/mlockall,
 * mincore. qemu-user 7.2 lacks mlock2, returns the new value from the old
 * nice call, lets mlockall ignore unknown flags and checks mincore's range
 * before its alignment: those are in creds_kernel.c, checked against
 * Linux's answers instead (tern only). Prints only what does not depend on
 * the machine or the user. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define NOBODY 65534

static char page_buf[3 * 4096] __attribute__((aligned(4096)));

static int ids(void)
{
    uid_t r, e, s;
    gid_t gr, ge, gs;
    CHECK(getresuid(&r, &e, &s) == 0);
    CHECK(getresgid(&gr, &ge, &gs) == 0);
    CHECK(r == getuid() && e == geteuid() && gr == getgid() && ge == getegid());
    CHECK(syscall(SYS_setresuid, -1, -1, -1) == 0);
    CHECK(syscall(SYS_setresuid, r, e, s) == 0);
    CHECK(syscall(SYS_setresgid, gr, ge, gs) == 0);
    CHECK(syscall(SYS_setreuid, -1, -1) == 0);
    CHECK(syscall(SYS_setreuid, r, e) == 0);
    CHECK(syscall(SYS_setregid, gr, ge) == 0);
    CHECK(syscall(SYS_setuid, r) == 0);
    CHECK(syscall(SYS_setgid, gr) == 0);
    uid_t r2, e2, s2;
    CHECK(getresuid(&r2, &e2, &s2) == 0 && r2 == r && e2 == e && s2 == s);
    CHECK(setfsuid(-1) == (int)e && setfsgid(-1) == (int)ge);
    CHECK(setfsuid(e) == (int)e && setfsgid(ge) == (int)ge);
    gid_t groups[64];
    int n = getgroups(64, groups);
    CHECK(n >= 0);
    long rc = syscall(SYS_setgroups, n, groups);
    CHECK(rc == 0 || (errno == EPERM && e != 0));
    CHECK(syscall(SYS_setgroups, 70000, groups) == -1 && (errno == EINVAL || errno == EPERM));
    CHECK(syscall(SYS_getresuid, &r2, (void *)8, &s2) == -1 && errno == EFAULT);
    CHECK(syscall(SYS_getresgid, &r2, &e2, &s2) == 0);
    printf("ids: round trip ok\n");
    return 0;
}

static int caps(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    CHECK(syscall(SYS_capget, &h, d) == 0);
    CHECK((d[0].effective & ~d[0].permitted) == 0 && (d[1].effective & ~d[1].permitted) == 0);
    CHECK(syscall(SYS_capset, &h, d) == 0);
    h.version = 0x12345;
    CHECK(syscall(SYS_capget, &h, NULL) == 0);
    printf("capget probe: version %#x\n", h.version);
    h.version = 0x12345;
    CHECK(syscall(SYS_capget, &h, d) == -1);
    printf("capget bad version: errno %d, version %#x\n", errno, h.version);
    h.version = _LINUX_CAPABILITY_VERSION_1;
    CHECK(syscall(SYS_capget, &h, d) == 0);
    h.version = _LINUX_CAPABILITY_VERSION_3;
    CHECK(syscall(SYS_capget, &h, (void *)8) == -1 && errno == EFAULT);
    printf("caps: ok\n");
    return 0;
}

/* As root: drop one capability through capset, then everything to nobody. */
static int drop_child(void)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    CHECK(syscall(SYS_capget, &h, d) == 0);
    CHECK(d[0].permitted & (1u << CAP_SETUID));
    uint32_t want0 = d[0].permitted & ~(1u << CAP_CHOWN), want1 = d[1].permitted;
    d[0].effective = want0;
    d[1].effective = want1;
    CHECK(syscall(SYS_capset, &h, d) == 0);
    memset(d, 0, sizeof d);
    CHECK(syscall(SYS_capget, &h, d) == 0);
    CHECK(d[0].effective == want0 && d[1].effective == want1);
    gid_t nobody = NOBODY;
    CHECK(setgroups(1, &nobody) == 0);
    CHECK(setresgid(NOBODY, NOBODY, NOBODY) == 0);
    CHECK(setresuid(NOBODY, NOBODY, NOBODY) == 0);
    uid_t r, e, s;
    gid_t gr, ge, gs, g[4];
    CHECK(getresuid(&r, &e, &s) == 0 && r == NOBODY && e == NOBODY && s == NOBODY);
    CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == NOBODY && ge == NOBODY && gs == NOBODY);
    CHECK(getgroups(4, g) == 1 && g[0] == NOBODY);
    CHECK(syscall(SYS_capget, &h, d) == 0);
    CHECK(d[0].effective == 0 && d[0].permitted == 0 && d[1].effective == 0);
    CHECK(setuid(0) == -1 && errno == EPERM);
    CHECK(setfsuid(0) == NOBODY && setfsuid(-1) == NOBODY);
    printf("drop: nobody ok\n");
    return 0;
}

static int drop(void)
{
    if (geteuid() != 0) {
        printf("drop: not root, skipped\n");
        return 0;
    }
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(drop_child());
    int st;
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(geteuid() == 0);
    return 0;
}

static int persona(void)
{
    int old = personality(0xffffffff);
    printf("personality: %#x\n", old & PER_MASK);
    CHECK(personality(old | ADDR_NO_RANDOMIZE) == old);
    CHECK(personality(0xffffffff) == (old | ADDR_NO_RANDOMIZE));
    CHECK(personality(old) == (old | ADDR_NO_RANDOMIZE));
    return 0;
}

/* Under SCHED_OTHER the slice may be 0, and it varies with the load. */
static int rr_interval(void)
{
    struct timespec ts;
    CHECK(sched_rr_get_interval(0, &ts) == 0);
    int32_t old[2] = {-1, -1};
    CHECK(syscall(SYS_sched_rr_get_interval, 0, old) == 0);
    int64_t wide[2] = {-1, -1};
    CHECK(syscall(SYS_sched_rr_get_interval_time64, 0, wide) == 0);
    CHECK(ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
    CHECK(old[0] >= 0 && old[1] >= 0 && old[1] < 1000000000);
    CHECK(wide[0] >= 0 && wide[1] >= 0 && wide[1] < 1000000000);
    CHECK(syscall(SYS_sched_rr_get_interval, 0, (void *)8) == -1 && errno == EFAULT);
    CHECK(syscall(SYS_sched_rr_get_interval, -1, old) == -1 && errno == EINVAL);
    printf("rr interval: consistent\n");
    return 0;
}

/* Under SCHED_RR (root only) the interval is the rr timeslice, > 0. */
static int rr_interval_rr(void)
{
    struct sched_param sp = {1};
    if (sched_setscheduler(0, SCHED_RR, &sp) != 0) {
        printf("rr: not permitted, skipped\n");
        return 0;
    }
    CHECK(sched_getscheduler(0) == SCHED_RR);
    CHECK(sched_getparam(0, &sp) == 0 && sp.sched_priority == 1);
    struct timespec ts;
    int32_t old[2] = {-1, -1};
    int64_t wide[2] = {-1, -1};
    CHECK(sched_rr_get_interval(0, &ts) == 0);
    CHECK(syscall(SYS_sched_rr_get_interval, 0, old) == 0);
    CHECK(syscall(SYS_sched_rr_get_interval_time64, 0, wide) == 0);
    sp.sched_priority = 0;
    CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == 0);
    CHECK(old[0] == ts.tv_sec && old[1] == ts.tv_nsec);
    CHECK(wide[0] == ts.tv_sec && wide[1] == ts.tv_nsec);
    printf("rr interval > 0: %d\n", ts.tv_sec > 0 || ts.tv_nsec > 0);
    return 0;
}

static int policy(void)
{
    struct sched_param sp = {0};
    printf("policy: %d\n", sched_getscheduler(0));
    CHECK(sched_getparam(0, &sp) == 0);
    printf("param: %d\n", sp.sched_priority);
    printf("fifo: %d..%d rr: %d..%d other: %d..%d\n", sched_get_priority_min(SCHED_FIFO),
           sched_get_priority_max(SCHED_FIFO), sched_get_priority_min(SCHED_RR),
           sched_get_priority_max(SCHED_RR), sched_get_priority_min(SCHED_OTHER),
           sched_get_priority_max(SCHED_OTHER));
    CHECK(sched_get_priority_max(77) == -1 && errno == EINVAL);
    CHECK(sched_setscheduler(0, SCHED_BATCH, &sp) == 0);
    printf("batch: %d\n", sched_getscheduler(0));
    CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == 0);
    CHECK(sched_setparam(0, &sp) == 0);
    sp.sched_priority = 5;
    CHECK(sched_setparam(0, &sp) == -1 && errno == EINVAL);
    CHECK(sched_setscheduler(0, 77, &sp) == -1 && errno == EINVAL);
    CHECK(syscall(SYS_sched_getparam, 0, NULL) == -1 && errno == EINVAL);
    CHECK(syscall(SYS_sched_getparam, 0, (void *)8) == -1 && errno == EFAULT);
    CHECK(sched_getscheduler(-1) == -1 && errno == EINVAL);
    return rr_interval() || rr_interval_rr();
}

static int affinity(void)
{
    cpu_set_t set, one, back;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
    CHECK(CPU_COUNT(&set) > 0);
    CHECK(sched_setaffinity(0, sizeof set, &set) == 0);
    CHECK(sched_getaffinity(0, sizeof back, &back) == 0 && CPU_EQUAL(&set, &back));
    int last = 0;
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &set)) last = c;
    CPU_ZERO(&one);
    CPU_SET(last, &one);
    CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
    CHECK(sched_getaffinity(0, sizeof back, &back) == 0 && CPU_EQUAL(&one, &back));
    unsigned cpu = 12345, node = 12345;
    CHECK(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
    CHECK(cpu == (unsigned)last && node != 12345);
    CHECK(syscall(SYS_getcpu, NULL, NULL, NULL) == 0);
    CHECK(syscall(SYS_getcpu, (void *)8, NULL, NULL) == -1 && errno == EFAULT);
    CHECK(sched_setaffinity(0, sizeof set, &set) == 0);
    CPU_ZERO(&one);
    CHECK(sched_setaffinity(0, sizeof one, &one) == -1 && errno == EINVAL);
    CHECK(syscall(SYS_sched_setaffinity, 0, sizeof set, (void *)8) == -1 && errno == EFAULT);
    printf("affinity: ok\n");
    return 0;
}

static int priority(void)
{
    errno = 0;
    int n0 = getpriority(PRIO_PROCESS, 0);
    CHECK(errno == 0);
    long raw = syscall(SYS_getpriority, PRIO_PROCESS, 0);
    printf("raw getpriority = 20 - nice: %d\n", raw == 20 - n0);
    if (n0 > 17) n0 = 17; /* room to raise it twice */
    CHECK(setpriority(PRIO_PROCESS, 0, n0 + 1) == 0);
    CHECK(getpriority(PRIO_PROCESS, 0) == n0 + 1);
    CHECK(nice(1) == n0 + 2);
    CHECK(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20 - (n0 + 2));
    CHECK(getpriority(77, 0) == -1 && errno == EINVAL);
    printf("priority: ok\n");
    return 0;
}

static int locking(void)
{
    memset(page_buf, 1, sizeof page_buf);
    CHECK(mlock(page_buf + 100, 5000) == 0);
    CHECK(munlock(page_buf + 100, 5000) == 0);
    CHECK(mlock(page_buf, 0) == 0);
    char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    CHECK(munmap(m + 4096, 4096) == 0);
    CHECK(mlock(m, 3 * 4096) == -1 && errno == ENOMEM);
    CHECK(mlockall(0) == -1 && errno == EINVAL);
    CHECK(mlockall(MCL_ONFAULT) == -1 && errno == EINVAL);
    CHECK(mlockall(MCL_FUTURE) == 0);
    CHECK(munlockall() == 0);
    unsigned char vec[3] = {0xff, 0xff, 0xff};
    m[0] = 1;
    CHECK(mincore(m, 4096, vec) == 0);
    printf("mincore touched: %d\n", vec[0] & 1);
    CHECK(mincore(m + 2 * 4096, 1, vec) == 0);
    printf("mincore untouched: %d\n", vec[0] & 1);
    CHECK(mincore(m, 3 * 4096, vec) == -1 && errno == ENOMEM);
    CHECK(mincore(page_buf + 1, 4096, vec) == -1 && errno == EINVAL);
    CHECK(mincore(m, 4096, (void *)8) == -1 && errno == EFAULT);
    CHECK(mincore(page_buf, sizeof page_buf, vec) == 0);
    printf("mincore buf: %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1);
    munmap(m, 3 * 4096);
    printf("locking: ok\n");
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (ids() || caps() || drop() || persona() || policy() || affinity() || priority() || locking())
        return 1;
    printf("done\n");
    return 0;
}
