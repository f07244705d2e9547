/* tests/user/progs/memory.c — the address space and time: brk, mmap of
 * anonymous and file memory, mprotect, mremap, munmap; clocks and sleeps;
 * getrandom, rlimits, sysinfo. Prints only what is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int heap(void)
{
    char *start = sbrk(0);
    CHECK(sbrk(1 << 20) == start);
    memset(start, 0x5a, 1 << 20);
    CHECK(sbrk(0) == start + (1 << 20));
    CHECK(brk(start + 4096) == 0);
    printf("brk ok\n");
    size_t big = 24u << 20;
    unsigned char *m = malloc(big);
    CHECK(m);
    for (size_t i = 0; i < big; i += 4096)
        m[i] = (unsigned char)(i / 4096);
    unsigned sum = 0;
    for (size_t i = 0; i < big; i += 4096)
        sum += m[i];
    free(m);
    printf("malloc sum=%u\n", sum);
    return 0;
}

static int maps(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *a = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(a != MAP_FAILED);
    printf("anon zero=%d\n", a[0] == 0 && a[3 * page - 1] == 0);
    strcpy(a, "mapped");
    CHECK(mprotect(a, page, PROT_READ) == 0);
    printf("after mprotect: %s\n", a);
    /* mremap needs one mapping: Linux fails with EFAULT across two. */
    CHECK(mprotect(a, page, PROT_READ | PROT_WRITE) == 0);
    char *b = mremap(a, 3 * page, 64 * page, MREMAP_MAYMOVE);
    CHECK(b != MAP_FAILED);
    b[64 * page - 1] = 1;
    printf("mremap kept: %s\n", b);
    CHECK(munmap(b, 64 * page) == 0);
    char path[] = "/tmp/tern-mem-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, "file contents\n", 14) == 14);
    char *f = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(f != MAP_FAILED);
    printf("file map: %.14s", f);
    char *s = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(s != MAP_FAILED);
    s[0] = 'F';
    CHECK(msync(s, page, MS_SYNC) == 0);
    char buf[4];
    CHECK(pread(fd, buf, 4, 0) == 4);
    printf("shared write: %.4s\n", buf);
    munmap(f, page);
    munmap(s, page);
    close(fd);
    unlink(path);
    errno = 0;
    printf("bad munmap=%d einval=%d\n", munmap((void *)1, page), errno == EINVAL);
    errno = 0;
    char *volatile bad = (char *)16; /* hide the constant from -Wstringop-overflow */
    int zfd = open("/dev/zero", O_RDONLY);
    printf("read into bad=%zd efault=%d\n", read(zfd, bad, 4), errno == EFAULT);
    close(zfd);
    return 0;
}

static int clocks(void)
{
    struct timespec t0, t1, res;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
    struct timespec nap = {0, 2000000};
    CHECK(nanosleep(&nap, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
    long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    printf("slept>=2ms=%d\n", ns >= 2000000);
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
    printf("res_positive=%d\n", res.tv_sec > 0 || res.tv_nsec > 0);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0);
    time_t now = time(NULL);
    printf("time_sane=%d\n", now > 1600000000 && tv.tv_sec - now < 5 && now - tv.tv_sec < 5);
    struct tms tm;
    printf("times_ok=%d\n", times(&tm) != (clock_t)-1);
    return 0;
}

int main(void)
{
    if (heap() || maps() || clocks()) return 1;
    unsigned char r[16];
    printf("getrandom=%zd\n", getrandom(r, sizeof r, 0));
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    printf("nofile_positive=%d\n", rl.rlim_cur > 0);
    CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
    printf("stack_positive=%d\n", rl.rlim_cur > 0);
    struct sysinfo si;
    CHECK(sysinfo(&si) == 0);
    printf("sysinfo_ram=%d\n", si.totalram > 0);
    printf("nprocs=%d\n", sysconf(_SC_NPROCESSORS_ONLN) > 0);
    return 0;
}
