/* tests/user/progs/fileio.c — the file I/O calls of linux-user/
 * syscall_fileio.c in a fresh temporary directory: preadv/pwritev (above
 * 4 GiB in a sparse file, where the o32 offset words matter, and near 0),
 * preadv2/pwritev2, fallocate, posix_fadvise, readahead, sync_file_range,
 * syncfs, copy_file_range, splice, tee, vmsplice, sendfile (32-bit offset)
 * and sendfile64, memfd_create, close_range, flock, pselect/ppoll (glibc's
 * calls, and the *_time64 and old ones through syscall()). epoll_pwait2,
 * which qemu-user 7.2 lacks, is in epoll2.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

#define BIG 0x100000010LL /* above 4 GiB: both offset words are non-zero */

static const char *err(int r)
{
    if (r >= 0) return "ok";
    switch (errno) {
    case EBADF:
        return "EBADF";
    case EINVAL:
        return "EINVAL";
    case EAGAIN:
        return "EAGAIN";
    case ESPIPE:
        return "ESPIPE";
    case ENOSYS:
        return "ENOSYS";
    case EOPNOTSUPP:
        return "EOPNOTSUPP";
    default:
        return "other";
    }
}

static long long file_size(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
}

static int vectors(void)
{
    int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(fd >= 0);
    struct iovec w[2] = {{"sparse ", 7}, {"and far\n", 8}};
    CHECK(pwritev(fd, w, 2, BIG) == 15);
    printf("pwritev big: size=%#llx\n", file_size(fd));
    char a[5] = {0}, b[16] = {0};
    struct iovec r[2] = {{a, 4}, {b, 15}};
    CHECK(preadv(fd, r, 2, BIG) == 15);
    printf("preadv big: %s|%s", a, b);
    CHECK(preadv(fd, r, 2, BIG - 2) == 17);
    printf("preadv before: %d %d %.2s|%s", a[0], a[1], a + 2, b);
    struct iovec s[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    CHECK(pwritev(fd, s, 3, 3) == 6);
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK(preadv(fd, r, 2, 2) == 19);
    printf("preadv small: %d %.3s|%.5s\n", a[0], a + 1, b);
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);
    errno = 0;
    printf("preadv negative: %s\n", err((int)preadv(fd, r, 2, -1)));

    struct iovec w2[1] = {{"two", 3}};
    CHECK(pwritev2(fd, w2, 1, BIG + 20, 0) == 3);
    CHECK(lseek(fd, 1, SEEK_SET) == 1);
    CHECK(pwritev2(fd, w2, 1, -1, 0) == 3); /* -1: at and moving the file position */
    printf("pwritev2 pos=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    memset(b, 0, sizeof b);
    struct iovec r2[1] = {{b, 3}};
    CHECK(preadv2(fd, r2, 1, BIG + 20, 0) == 3);
    printf("preadv2 big: %s\n", b);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(preadv2(fd, r2, 1, -1, 0) == 3);
    printf("preadv2 cur: %d%.2s pos=%lld\n", b[0], b + 1, (long long)lseek(fd, 0, SEEK_CUR));
    errno = 0;
    printf("preadv2 bad flags: %s\n", err((int)preadv2(fd, r2, 1, 0, 0x40000000)));
    CHECK(close(fd) == 0);
    return 0;
}

static int hints(void)
{
    int fd = open("h", O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(fallocate(fd, 0, 0, 8192) == 0);
    printf("fallocate: size=%lld\n", file_size(fd));
    CHECK(fallocate(fd, 0, 0x100001000LL, 0x1000) == 0);
    printf("fallocate big: size=%#llx\n", file_size(fd));
    CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0x200000000LL, 0x1000) == 0);
    printf("fallocate keep: size=%#llx\n", file_size(fd));
    errno = 0;
    printf("fallocate zero len: %s\n", err(fallocate(fd, 0, 0, 0)));
    printf("fadvise: %d %d\n", posix_fadvise(fd, 0, 4096, POSIX_FADV_WILLNEED),
           posix_fadvise(fd, 0x100000000LL, 0, POSIX_FADV_DONTNEED));
    printf("fadvise bad: %s\n", posix_fadvise(fd, 0, 0, 99) == EINVAL ? "EINVAL" : "?");
    printf("fadvise neg len: %s\n", posix_fadvise(fd, 0, -1, 0) == EINVAL ? "EINVAL" : "?");
    printf("readahead: %zd\n", readahead(fd, 0, 4096));
    printf("readahead big: %zd\n", readahead(fd, 0x100000000LL, 4096));
    printf("sync_file_range: %d\n",
           sync_file_range(fd, 0x100000000LL, 4096, SYNC_FILE_RANGE_WRITE));
    errno = 0;
    printf("sync_file_range bad: %s\n", err(sync_file_range(fd, 0, 4096, 0x100)));
    errno = 0;
    printf("sync_file_range neg: %s\n", err(sync_file_range(fd, -4096, 4096, 0)));
    printf("syncfs: %d\n", syncfs(fd));
    errno = 0;
    printf("syncfs bad: %s\n", err(syncfs(-1)));
    CHECK(close(fd) == 0);
    return 0;
}

static int copies(void)
{
    int src = open("src", O_CREAT | O_RDWR | O_TRUNC, 0600);
    int dst = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(src >= 0 && dst >= 0);
    CHECK(write(src, "0123456789abcdef", 16) == 16);
    loff_t in = 4, out = 2;
    CHECK(copy_file_range(src, &in, dst, &out, 6, 0) == 6);
    char buf[64] = {0};
    CHECK(pread(dst, buf, sizeof buf, 0) == 8);
    printf("copy_file_range: %d%d%s in=%lld out=%lld\n", buf[0], buf[1], buf + 2, (long long)in,
           (long long)out);
    out = 0x100000000LL;
    CHECK(copy_file_range(src, &in, dst, &out, 3, 0) == 3);
    CHECK(pread(dst, buf, 3, 0x100000000LL) == 3);
    printf("copy_file_range big: %.3s in=%lld out=%#llx\n", buf, (long long)in, (long long)out);
    CHECK(lseek(src, 10, SEEK_SET) == 10 && ftruncate(dst, 0) == 0 && lseek(dst, 0, SEEK_SET) == 0);
    CHECK(copy_file_range(src, NULL, dst, NULL, 100, 0) == 6);
    printf("copy_file_range cur: src=%lld dst=%lld\n", (long long)lseek(src, 0, SEEK_CUR),
           (long long)lseek(dst, 0, SEEK_CUR));
    errno = 0;
    printf("copy_file_range flags: %s\n", err((int)copy_file_range(src, NULL, dst, NULL, 1, 1)));

    int p[2], q[2];
    CHECK(pipe(p) == 0 && pipe(q) == 0);
    in = 3;
    CHECK(splice(src, &in, p[1], NULL, 5, 0) == 5);
    out = 1;
    CHECK(splice(p[0], NULL, dst, &out, 5, 0) == 5);
    memset(buf, 0, sizeof buf);
    CHECK(pread(dst, buf, 5, 1) == 5);
    printf("splice: %s in=%lld out=%lld\n", buf, (long long)in, (long long)out);
    errno = 0;
    in = 0;
    printf("splice offset on pipe: %s\n", err((int)splice(p[0], &in, dst, NULL, 1, 0)));

    CHECK(write(p[1], "teedata", 7) == 7);
    CHECK(tee(p[0], q[1], 100, 0) == 7);
    memset(buf, 0, sizeof buf);
    CHECK(read(q[0], buf, sizeof buf) == 7);
    printf("tee copy: %s", buf);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf) == 7);
    printf(" original: %s\n", buf);

    struct iovec v[2] = {{"vm", 2}, {"splice", 6}};
    CHECK(vmsplice(p[1], v, 2, 0) == 8);
    char x[3] = {0}, y[8] = {0};
    struct iovec rv[2] = {{x, 2}, {y, 7}};
    CHECK(vmsplice(p[0], rv, 2, 0) == 8);
    printf("vmsplice: %s|%s\n", x, y);

    CHECK(lseek(src, 0, SEEK_SET) == 0);
    int32_t off32 = 5;
    CHECK(syscall(SYS_sendfile, p[1], src, &off32, 4) == 4);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf) == 4);
    printf("sendfile: %s off=%d pos=%lld\n", buf, off32, (long long)lseek(src, 0, SEEK_CUR));
    CHECK(syscall(SYS_sendfile, p[1], src, NULL, 3) == 3);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf) == 3);
    printf("sendfile cur: %s pos=%lld\n", buf, (long long)lseek(src, 0, SEEK_CUR));
    off_t off64 = 13;
    CHECK(sendfile(p[1], src, &off64, 10) == 3);
    memset(buf, 0, sizeof buf);
    CHECK(read(p[0], buf, sizeof buf) == 3);
    printf("sendfile64: %s off=%lld\n", buf, (long long)off64);
    close(p[0]), close(p[1]), close(q[0]), close(q[1]), close(src), close(dst);
    return 0;
}

static int descriptors(void)
{
    int m = memfd_create("tern-fileio", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    CHECK(m >= 0);
    CHECK(write(m, "in memory", 9) == 9);
    char buf[16] = {0};
    CHECK(pread(m, buf, sizeof buf, 0) == 9);
    printf("memfd: %s cloexec=%d size=%lld\n", buf, fcntl(m, F_GETFD) & FD_CLOEXEC, file_size(m));
    CHECK(fcntl(m, F_ADD_SEALS, F_SEAL_GROW) == 0);
    errno = 0;
    printf("memfd sealed write: %d %s\n", (int)pwrite(m, "x", 1, 9),
           errno == EPERM ? "EPERM" : "?");
    errno = 0;
    printf("memfd bad flags: %s\n", err(memfd_create("x", 0x1000)));
    close(m);

    int f = open("lock", O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(f >= 0);
    for (int i = 100; i <= 103; i++)
        CHECK(dup2(f, i) == i);
    CHECK(close_range(100, 102, 0) == 0);
    printf("close_range:");
    for (int i = 100; i <= 103; i++) {
        errno = 0;
        printf(" %d=%s", i, err(fcntl(i, F_GETFD)));
    }
    CHECK(close_range(103, 103, CLOSE_RANGE_CLOEXEC) == 0);
    printf(" cloexec=%d\n", fcntl(103, F_GETFD) & FD_CLOEXEC);
    errno = 0;
    printf("close_range bad: %s\n", err(close_range(5, 4, 0)));
    CHECK(close_range(103, ~0U, 0) == 0);
    errno = 0;
    printf("close_range to end: %s\n", err(fcntl(103, F_GETFD)));

    int g = open("lock", O_RDWR);
    CHECK(g >= 0);
    CHECK(flock(f, LOCK_EX) == 0);
    errno = 0;
    int r = flock(g, LOCK_EX | LOCK_NB);
    printf("flock second: %d %s\n", r, errno == EWOULDBLOCK ? "EWOULDBLOCK" : "?");
    printf("flock shared same: %d\n", flock(f, LOCK_SH));
    printf("flock shared second: %d\n", flock(g, LOCK_SH | LOCK_NB));
    CHECK(flock(f, LOCK_UN) == 0 && flock(g, LOCK_UN) == 0);
    printf("flock after unlock: %d\n", flock(g, LOCK_EX | LOCK_NB));
    close(f), close(g);
    return 0;
}

struct ts32 {
    int32_t sec, nsec;
};

struct ts64 {
    int64_t sec, nsec;
};

static int waits(void)
{
    int ready[2], idle[2];
    CHECK(pipe(ready) == 0 && pipe(idle) == 0);
    CHECK(write(ready[1], "!", 1) == 1);
    fd_set rs;
    struct timespec ts = {0, 2000000};
    FD_ZERO(&rs);
    FD_SET(ready[0], &rs);
    FD_SET(idle[0], &rs);
    int n = idle[0] > ready[0] ? idle[0] + 1 : ready[0] + 1;
    int r = pselect(n, &rs, NULL, NULL, &ts, NULL);
    printf("pselect: %d ready=%d idle=%d\n", r, FD_ISSET(ready[0], &rs), FD_ISSET(idle[0], &rs));
    FD_ZERO(&rs);
    FD_SET(idle[0], &rs);
    printf("pselect idle: %d\n", pselect(n, &rs, NULL, NULL, &ts, NULL));
    ts.tv_nsec = 1000000000;
    errno = 0;
    printf("pselect bad timeout: %s\n", err(pselect(n, &rs, NULL, NULL, &ts, NULL)));

    /* glibc's select() reads the time left back from pselect6_time64. */
    struct timeval tv = {30, 0};
    FD_ZERO(&rs);
    FD_SET(ready[0], &rs);
    r = select(n, &rs, NULL, NULL, &tv);
    printf("select: %d left_ok=%d\n", r, tv.tv_sec >= 28 && tv.tv_sec <= 30);
    tv = (struct timeval){0, 3000};
    FD_ZERO(&rs);
    FD_SET(idle[0], &rs);
    r = select(n, &rs, NULL, NULL, &tv);
    printf("select idle: %d left=%ld.%06ld\n", r, (long)tv.tv_sec, (long)tv.tv_usec);

    struct pollfd pf[2] = {{ready[0], POLLIN, 0}, {idle[0], POLLIN, 0}};
    ts = (struct timespec){0, 2000000};
    r = ppoll(pf, 2, &ts, NULL);
    printf("ppoll: %d revents=%#x %#x\n", r, pf[0].revents, pf[1].revents);
    r = ppoll(pf + 1, 1, &ts, NULL);
    printf("ppoll idle: %d\n", r);

    /* The old 32-bit timespec calls, which write the time left back too. */
    struct ts32 t32 = {20, 0};
    r = (int)syscall(SYS_ppoll, pf, 2, &t32, NULL, 16);
    printf("ppoll32: %d left_ok=%d\n", r, t32.sec >= 18 && t32.sec <= 20);
    t32 = (struct ts32){0, 1000000};
    r = (int)syscall(SYS_ppoll, pf + 1, 1, &t32, NULL, 16);
    printf("ppoll32 idle: %d left=%d.%09d\n", r, t32.sec, t32.nsec);
    t32 = (struct ts32){0, -1};
    errno = 0;
    printf("ppoll32 bad: %s\n", err((int)syscall(SYS_ppoll, pf, 2, &t32, NULL, 16)));
    t32 = (struct ts32){0, 1000000};
    FD_ZERO(&rs);
    FD_SET(idle[0], &rs);
    r = (int)syscall(SYS_pselect6, n, &rs, NULL, NULL, &t32, NULL);
    printf("pselect6_32 idle: %d left=%d.%09d\n", r, t32.sec, t32.nsec);
    t32 = (struct ts32){20, 0};
    FD_ZERO(&rs);
    FD_SET(ready[0], &rs);
    r = (int)syscall(SYS_pselect6, n, &rs, NULL, NULL, &t32, NULL);
    printf("pselect6_32: %d isset=%d left_ok=%d\n", r, FD_ISSET(ready[0], &rs),
           t32.sec >= 18 && t32.sec <= 20);

    /* The *_time64 calls directly, with the upper half of tv_nsec (glibc's
     * padding, which Linux ignores for a 32-bit task) not zero. */
    struct ts64 t64 = {20, 0xdead000000000000LL};
    r = (int)syscall(SYS_ppoll_time64, pf, 2, &t64, NULL, 16);
    printf("ppoll64: %d left_ok=%d\n", r, t64.sec >= 18 && t64.sec <= 20);
    t64 = (struct ts64){0, 0x7700000000000000LL | 1000000};
    r = (int)syscall(SYS_ppoll_time64, pf + 1, 1, &t64, NULL, 16);
    printf("ppoll64 idle: %d left=%lld.%09lld\n", r, (long long)t64.sec, (long long)t64.nsec);
    t64 = (struct ts64){-1, 0};
    errno = 0;
    printf("ppoll64 bad: %s\n", err((int)syscall(SYS_ppoll_time64, pf, 2, &t64, NULL, 16)));
    t64 = (struct ts64){0, 2000000};
    FD_ZERO(&rs);
    FD_SET(idle[0], &rs);
    r = (int)syscall(SYS_pselect6_time64, n, &rs, NULL, NULL, &t64, NULL);
    printf("pselect6_64 idle: %d left=%lld.%09lld\n", r, (long long)t64.sec, (long long)t64.nsec);
    t64 = (struct ts64){0x100000000LL, 0};
    FD_ZERO(&rs);
    FD_SET(ready[0], &rs);
    r = (int)syscall(SYS_pselect6_time64, n, &rs, NULL, NULL, &t64, NULL);
    printf("pselect6_64 far: %d isset=%d left_ok=%d\n", r, FD_ISSET(ready[0], &rs),
           t64.sec >= 0xfffffffdLL && t64.sec <= 0x100000000LL);
    t64 = (struct ts64){0, 0};
    FD_ZERO(&rs);
    FD_SET(idle[0], &rs);
    r = (int)syscall(SYS_pselect6_time64, n, &rs, NULL, NULL, &t64, NULL);
    printf("pselect6_64 zero: %d\n", r);
    close(ready[0]), close(ready[1]), close(idle[0]), close(idle[1]);
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/tern-fileio-XXXXXX";
    CHECK(mkdtemp(dir));
    CHECK(chdir(dir) == 0);
    int rc = vectors() || hints() || copies() || descriptors() || waits();
    unlink("v"), unlink("h"), unlink("src"), unlink("dst"), unlink("lock");
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    printf("done rc=%d\n", rc);
    return rc;
}
