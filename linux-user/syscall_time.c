/* linux-user/syscall_time.c — clocks, sleeps and CPU times. o32 has two sets
 * of time structures: the old ones with 32-bit seconds (struct timespec and
 * timeval of two 32-bit words) and the *_time64 calls with 64-bit fields that
 * glibc 2.34+ prefers. Clock ids are the generic ones on both sides.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

int64_t put_timespec(struct user_proc *p, uint32_t addr, const struct timespec *ts, bool wide)
{
    uint8_t *g = guest_buf(p, addr, wide ? 16 : 8, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    if (wide) {
        abi_put64(be, g, (uint64_t)ts->tv_sec);
        abi_put64(be, g + 8, (uint64_t)ts->tv_nsec);
    } else {
        abi_put32(be, g, (uint32_t)ts->tv_sec);
        abi_put32(be, g + 4, (uint32_t)ts->tv_nsec);
    }
    return 0;
}

int64_t get_timespec(struct user_proc *p, uint32_t addr, struct timespec *ts, bool wide)
{
    const uint8_t *g = guest_buf(p, addr, wide ? 16 : 8, GM_READ);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    ts->tv_sec = wide ? (time_t)abi_get64(be, g) : (int32_t)abi_get32(be, g);
    /* Linux reads only the low 32 bits of a 32-bit task's 64-bit tv_nsec:
     * glibc leaves the other half as padding (get_timespec64). */
    ts->tv_nsec = wide ? (int32_t)abi_get64(be, g + 8) : (int32_t)abi_get32(be, g + 4);
    return 0;
}

int64_t sys_time(struct user_proc *p, const uint32_t *a)
{
    time_t t = time(NULL);
    if (a[0]) {
        uint8_t *g = guest_buf(p, a[0], 4, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(guest_be(p), g, (uint32_t)t);
    }
    return (uint32_t)t;
}

int64_t sys_gettimeofday(struct user_proc *p, const uint32_t *a)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    if (a[0]) {
        uint8_t *g = guest_buf(p, a[0], 8, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(guest_be(p), g, (uint32_t)tv.tv_sec);
        abi_put32(guest_be(p), g + 4, (uint32_t)tv.tv_usec);
    }
    if (a[1]) { /* struct timezone: both fields 0, as Linux reports by default */
        uint8_t *g = guest_buf(p, a[1], 8, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        memset(g, 0, 8);
    }
    return 0;
}

/* Setting the clock is the host's business (EPERM without CAP_SYS_TIME), as
 * under qemu-user: clock_settime, its time64 twin, settimeofday, stime. */
static int64_t do_clock_settime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts;
    int64_t rc = get_timespec(p, a[1], &ts, wide);
    if (rc < 0) return rc;
    return sys_host(syscall(SYS_clock_settime, (clockid_t)(int32_t)a[0], &ts));
}

int64_t sys_clock_settime(struct user_proc *p, const uint32_t *a)
{
    return do_clock_settime(p, a, false);
}

int64_t sys_clock_settime64(struct user_proc *p, const uint32_t *a)
{
    return do_clock_settime(p, a, true);
}

/* settimeofday(tv, tz): either may be NULL; tz is struct timezone (two ints). */
int64_t sys_settimeofday(struct user_proc *p, const uint32_t *a)
{
    struct timeval tv, *tvp = NULL;
    struct timezone tz, *tzp = NULL;
    bool be = guest_be(p);
    if (a[0]) {
        const uint8_t *g = guest_buf(p, a[0], 8, GM_READ);
        if (!g) return -MIPS_EFAULT;
        tv.tv_sec = (int32_t)abi_get32(be, g);
        tv.tv_usec = (int32_t)abi_get32(be, g + 4);
        tvp = &tv;
    }
    if (a[1]) {
        const uint8_t *g = guest_buf(p, a[1], 8, GM_READ);
        if (!g) return -MIPS_EFAULT;
        tz.tz_minuteswest = (int32_t)abi_get32(be, g);
        tz.tz_dsttime = (int32_t)abi_get32(be, g + 4);
        tzp = &tz;
    }
    return sys_host(syscall(SYS_settimeofday, tvp, tzp));
}

/* stime(&t): the old call, seconds as a 32-bit word. */
int64_t sys_stime(struct user_proc *p, const uint32_t *a)
{
    const uint8_t *g = guest_buf(p, a[0], 4, GM_READ);
    if (!g) return -MIPS_EFAULT;
    struct timespec ts = {.tv_sec = (int32_t)abi_get32(guest_be(p), g)};
    return sys_host(clock_settime(CLOCK_REALTIME, &ts));
}

static int64_t do_clock_gettime(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts;
    if (clock_gettime((clockid_t)a[0], &ts) != 0) return sys_err(errno);
    return put_timespec(p, a[1], &ts, wide);
}

int64_t sys_clock_gettime(struct user_proc *p, const uint32_t *a)
{
    return do_clock_gettime(p, a, false);
}

int64_t sys_clock_gettime64(struct user_proc *p, const uint32_t *a)
{
    return do_clock_gettime(p, a, true);
}

static int64_t do_clock_getres(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts;
    if (clock_getres((clockid_t)a[0], &ts) != 0) return sys_err(errno);
    return a[1] ? put_timespec(p, a[1], &ts, wide) : 0;
}

int64_t sys_clock_getres(struct user_proc *p, const uint32_t *a)
{
    return do_clock_getres(p, a, false);
}

int64_t sys_clock_getres_time64(struct user_proc *p, const uint32_t *a)
{
    return do_clock_getres(p, a, true);
}

/* clock_nanosleep(clock, flags, req, rem); returns the error, not -1/errno. */
static int64_t do_sleep(struct user_proc *p, clockid_t clock, int flags, uint32_t req, uint32_t rem,
                        bool wide)
{
    struct timespec in, left = {0, 0};
    int64_t rc = get_timespec(p, req, &in, wide);
    if (rc) return rc;
    int e = clock_nanosleep(clock, flags, &in, &left);
    if (e == EINTR && rem) put_timespec(p, rem, &left, wide);
    return e ? -mips_errno(e) : 0;
}

int64_t sys_nanosleep(struct user_proc *p, const uint32_t *a)
{
    return do_sleep(p, CLOCK_REALTIME, 0, a[0], a[1], false);
}

int64_t sys_clock_nanosleep(struct user_proc *p, const uint32_t *a)
{
    return do_sleep(p, (clockid_t)a[0], (int)a[1], a[2], a[3], false);
}

int64_t sys_clock_nanosleep_time64(struct user_proc *p, const uint32_t *a)
{
    return do_sleep(p, (clockid_t)a[0], (int)a[1], a[2], a[3], true);
}

/* times(struct tms *): four 32-bit clock_t; the result is the tick count,
 * which may look negative as 32 bits (Linux forces it to be a success). */
int64_t sys_times(struct user_proc *p, const uint32_t *a)
{
    struct tms t;
    clock_t now = times(&t);
    if (a[0]) {
        uint8_t *g = guest_buf(p, a[0], 16, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(guest_be(p), g, (uint32_t)t.tms_utime);
        abi_put32(guest_be(p), g + 4, (uint32_t)t.tms_stime);
        abi_put32(guest_be(p), g + 8, (uint32_t)t.tms_cutime);
        abi_put32(guest_be(p), g + 12, (uint32_t)t.tms_cstime);
    }
    return (uint32_t)now;
}

/* struct rusage for o32: two 32-bit timevals then 14 32-bit longs (72 bytes). */
int64_t sys_getrusage(struct user_proc *p, const uint32_t *a)
{
    struct rusage ru;
    if (getrusage((int)a[0], &ru) != 0) return sys_err(errno);
    uint8_t *g = guest_buf(p, a[1], 72, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    abi_put32(be, g, (uint32_t)ru.ru_utime.tv_sec);
    abi_put32(be, g + 4, (uint32_t)ru.ru_utime.tv_usec);
    abi_put32(be, g + 8, (uint32_t)ru.ru_stime.tv_sec);
    abi_put32(be, g + 12, (uint32_t)ru.ru_stime.tv_usec);
    const long rest[14] = {ru.ru_maxrss, ru.ru_ixrss,    ru.ru_idrss,   ru.ru_isrss,   ru.ru_minflt,
                           ru.ru_majflt, ru.ru_nswap,    ru.ru_inblock, ru.ru_oublock, ru.ru_msgsnd,
                           ru.ru_msgrcv, ru.ru_nsignals, ru.ru_nvcsw,   ru.ru_nivcsw};
    for (int i = 0; i < 14; i++)
        abi_put32(be, g + 16 + 4 * i, (uint32_t)rest[i]);
    return 0;
}
