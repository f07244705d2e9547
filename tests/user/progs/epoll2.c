/* tests/user/progs/epoll2.c — epoll_pwait2 (linux-user/syscall_fileio.c),
 * which qemu-user 7.2 does not have: tests/user/epoll2.sh checks the output
 * against what Linux gives. The timeout is a struct __kernel_timespec on o32
 * too; the upper half of its tv_nsec is padding that Linux ignores. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

struct ts64 {
    int64_t sec, nsec;
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void)
{
    int ready[2], idle[2];
    CHECK(pipe(ready) == 0 && pipe(idle) == 0);
    CHECK(write(ready[1], "!", 1) == 1);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ULL};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, idle[0], &ev) == 0);
    struct epoll_event out[4];
    struct timespec ts = {0, 1000000};
    printf("idle: %d\n", epoll_pwait2(ep, out, 4, &ts, NULL));
    ts.tv_nsec = 50000000;
    int64_t t0 = now_ms();
    int r = epoll_pwait2(ep, out, 4, &ts, NULL);
    printf("idle 50ms: %d waited=%d\n", r, now_ms() - t0 >= 50);
    ev.data.u64 = 0x0102030405060708ULL;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ready[0], &ev) == 0);
    ts.tv_nsec = 1000000;
    r = epoll_pwait2(ep, out, 4, &ts, NULL);
    printf("ready: %d events=%#x data=%#llx\n", r, out[0].events,
           (unsigned long long)out[0].data.u64);
    printf("no timeout: %d\n", epoll_pwait2(ep, out, 4, NULL, NULL));
    struct ts64 t64 = {0, 0x5a5a000000000000LL};
    printf("padding: %d\n", (int)syscall(SYS_epoll_pwait2, ep, out, 4, &t64, NULL, 16));
    ts.tv_nsec = -5;
    errno = 0;
    r = epoll_pwait2(ep, out, 4, &ts, NULL);
    printf("bad nsec: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    t64 = (struct ts64){-1, 0};
    errno = 0;
    r = (int)syscall(SYS_epoll_pwait2, ep, out, 4, &t64, NULL, 16);
    printf("bad sec: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    errno = 0;
    r = (int)syscall(SYS_epoll_pwait2, ep, out, 4, (void *)16, NULL, 16);
    printf("bad timeout pointer: %d %s\n", r, errno == EFAULT ? "EFAULT" : "?");
    ts.tv_nsec = 0;
    errno = 0;
    r = epoll_pwait2(ep, out, 0, &ts, NULL);
    printf("no room: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    close(ep);
    printf("done\n");
    return 0;
}
