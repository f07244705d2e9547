/* tests/user/progs/fsmeta_linux.c — what Linux does with the calls of
 * linux-user/syscall_fsmeta.c where qemu-user 7.2 does otherwise, so this
 * runs under tern only (tests/user/fsmeta.sh) and checks itself:
 *  - futimesat(fd, NULL, times) sets the times of fd (qemu: EFAULT);
 *  - the old stat/lstat/fstat fail with EOVERFLOW for a file past 2 GiB
 *    (cp_new_stat; qemu truncates the size);
 *  - cacheflush fails with EFAULT only when the range leaves user space,
 *    and never checks the cache argument (qemu: always 0);
 *  - cacheflush drops translations of code written through a second
 *    mapping of the same file, which no store into the code page announces;
 *  - getdents with a buffer that holds one old record but not the host's
 *    dirent64 for it still returns it, and entries that did not fit come
 *    on the next call.
 * Prints "fsmeta_linux: ok" when everything holds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define NAMES 12

static long raw(long r)
{
    return r < 0 ? -errno : r;
}

static int futimesat_fd(void)
{
    int fd = open("f", O_CREAT | O_RDWR, 0600);
    CHECK(fd >= 0);
    int32_t tv[4] = {1600000000, 0, 1700000000, 500000};
    CHECK(syscall(SYS_futimesat, fd, NULL, tv) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.st_atim.tv_sec == 1600000000 && st.st_mtim.tv_sec == 1700000000 &&
          st.st_mtim.tv_nsec == 500000000);
    CHECK(raw(syscall(SYS_futimesat, AT_FDCWD, NULL, tv)) == -EFAULT);
    close(fd);
    return 0;
}

static int stat_overflow(void)
{
    int fd = open("big", O_CREAT | O_RDWR, 0600);
    CHECK(fd >= 0);
    char old[144];
    CHECK(ftruncate(fd, 0x7fffffff) == 0);
    CHECK(syscall(SYS_fstat, fd, old) == 0);
    int32_t size;
    memcpy(&size, old + 48, 4);
    CHECK(size == 0x7fffffff);
    CHECK(ftruncate(fd, 0x80000000ll) == 0);
    CHECK(raw(syscall(SYS_fstat, fd, old)) == -EOVERFLOW);
    CHECK(raw(syscall(SYS_stat, "big", old)) == -EOVERFLOW);
    CHECK(raw(syscall(SYS_lstat, "big", old)) == -EOVERFLOW);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0x80000000ll);
    close(fd);
    return 0;
}

static int cacheflush_range(void)
{
    long top = 0x80000000l - 0x1000;
    CHECK(raw(syscall(SYS_cacheflush, top, 0x2000, 3)) == -EFAULT);
    CHECK(raw(syscall(SYS_cacheflush, 0x80000000l, 16, 3)) == -EFAULT);
    CHECK(raw(syscall(SYS_cacheflush, 0xfffff000l, 0x2000, 3)) == -EFAULT);
    CHECK(syscall(SYS_cacheflush, top, 0x1000, 3) == 0);    /* unmapped, but user space */
    CHECK(syscall(SYS_cacheflush, 0x80000000l, 0, 3) == 0); /* nothing to flush */
    CHECK(syscall(SYS_cacheflush, 0x10000, 16, 99) == 0);   /* the cache is not checked */
    return 0;
}

typedef int (*fn)(void);

/* addiu v0, zero, n ; jr ra ; nop — written through the data mapping. */
static void emit(volatile uint32_t *code, int n)
{
    code[0] = 0x24020000u | ((uint32_t)n & 0xffffu);
    code[1] = 0x03e00008u;
    code[2] = 0;
}

static int cacheflush_alias(void)
{
    int fd = open("code", O_CREAT | O_RDWR, 0700);
    CHECK(fd >= 0 && ftruncate(fd, 4096) == 0);
    uint32_t *data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void *text = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    CHECK(data != MAP_FAILED && text != MAP_FAILED);
    fn f = (fn)(uintptr_t)text;
    for (int round = 1; round <= 3; round++) {
        emit(data, round);
        CHECK(syscall(SYS_cacheflush, text, 12, 3) == 0);
        for (int i = 0; i < 10; i++) /* often enough to be translated */
            CHECK(f() == round);
    }
    munmap(data, 4096);
    munmap(text, 4096);
    close(fd);
    return 0;
}

/* Reads the directory with count-byte getdents calls; the names it saw. */
static int read_names(int fd, unsigned count, char seen[NAMES])
{
    static char buf[4096];
    long len;
    while ((len = syscall(SYS_getdents, fd, buf, count)) > 0) {
        for (long at = 0; at < len;) {
            uint16_t reclen;
            memcpy(&reclen, buf + at + 8, 2);
            int i;
            if (sscanf(buf + at + 10, "a_fairly_long_name_%d", &i) == 1 && i >= 0 && i < NAMES)
                seen[i]++;
            at += reclen;
        }
    }
    CHECK(len == 0);
    return 0;
}

static int getdents_small(void)
{
    CHECK(mkdir("e", 0700) == 0);
    int fd = open("e", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    /* "." is 16 bytes as a linux_dirent and 24 as a linux_dirent64. */
    char rec[16];
    CHECK(raw(syscall(SYS_getdents, fd, rec, 15)) == -EINVAL);
    CHECK(syscall(SYS_getdents, fd, rec, 16) == 16);
    CHECK(syscall(SYS_getdents, fd, rec, 16) == 16 && strcmp(rec + 10, "..") == 0);
    CHECK(syscall(SYS_getdents, fd, rec, 16) == 0);
    close(fd);
    CHECK(rmdir("e") == 0);
    CHECK(mkdir("d", 0700) == 0);
    for (int i = 0; i < NAMES; i++) {
        char name[64];
        snprintf(name, sizeof name, "d/a_fairly_long_name_%d", i);
        int fd = creat(name, 0600);
        CHECK(fd >= 0);
        close(fd);
    }
    fd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    char seen[NAMES] = {0};
    /* a_fairly_long_name_N: a 36-byte record here, 48 on the host. */
    if (read_names(fd, 40, seen)) return 1;
    for (int i = 0; i < NAMES; i++)
        CHECK(seen[i] == 1);
    close(fd);
    for (int i = 0; i < NAMES; i++) {
        char name[64];
        snprintf(name, sizeof name, "d/a_fairly_long_name_%d", i);
        unlink(name);
    }
    CHECK(rmdir("d") == 0);
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/tern-fsmeta-linux-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
    int rc = futimesat_fd() || stat_overflow() || cacheflush_range() || cacheflush_alias() ||
             getdents_small();
    unlink("f");
    unlink("big");
    unlink("code");
    if (chdir("/") != 0 || rmdir(dir) != 0) {
        printf("FAIL cleanup (errno %d)\n", errno);
        return 1;
    }
    if (!rc) printf("fsmeta_linux: ok\n");
    return rc;
}
