/* tests/user/progs/files.c — file and directory system calls in a fresh
 * temporary directory: open/read/write/lseek/pread/pwrite, readv/writev,
 * stat/fstat/lstat, getdents (readdir, sorted), rename, links, symlinks,
 * readlink, mkdir/rmdir, unlink, ftruncate, utimensat, fcntl, dup2, pipes,
 * poll and select, statfs. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *path)
{
    DIR *d = opendir(path);
    CHECK(d);
    char *names[32];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 32)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("dir:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]), free(names[i]);
    printf("\n");
    return 0;
}

static int io(void)
{
    int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, world\n", 13) == 13);
    CHECK(lseek(fd, 7, SEEK_SET) == 7);
    char buf[64] = {0};
    CHECK(read(fd, buf, sizeof buf) == 6);
    printf("read: %s", buf);
    CHECK(pwrite(fd, "W", 1, 7) == 1);
    CHECK(pread(fd, buf, 5, 7) == 5);
    printf("pread: %.5s\n", buf);
    struct iovec iov[2] = {{"abc", 3}, {"defg\n", 5}};
    CHECK(lseek(fd, 0, SEEK_END) == 13);
    CHECK(writev(fd, iov, 2) == 8);
    char x[4], y[17];
    struct iovec rv[2] = {{x, 4}, {y, 17}};
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(readv(fd, rv, 2) == 21);
    printf("readv: %.4s|%.17s", x, y);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("size=%lld mode=%o nlink=%lu reg=%d\n", (long long)st.st_size, st.st_mode & 07777,
           (unsigned long)st.st_nlink, S_ISREG(st.st_mode));
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(stat("a.txt", &st) == 0);
    printf("truncated=%lld\n", (long long)st.st_size);
    int fl = fcntl(fd, F_GETFL);
    printf("accmode_rdwr=%d append=%d\n", (fl & O_ACCMODE) == O_RDWR, (fl & O_APPEND) != 0);
    CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
    printf("append_now=%d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    printf("cloexec=%d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    CHECK(close(fd) == 0);
    return 0;
}

static int names(void)
{
    CHECK(mkdir("sub", 0755) == 0);
    CHECK(rename("a.txt", "sub/b.txt") == 0);
    CHECK(link("sub/b.txt", "hard") == 0);
    CHECK(symlink("sub/b.txt", "soft") == 0);
    char target[64] = {0};
    CHECK(readlink("soft", target, sizeof target) == 9);
    printf("readlink: %s\n", target);
    struct stat st;
    CHECK(lstat("soft", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("hard", &st) == 0);
    printf("nlink=%lu\n", (unsigned long)st.st_nlink);
    struct timespec ts[2] = {{1000000000, 0}, {1234567890, 500}};
    CHECK(utimensat(AT_FDCWD, "hard", ts, 0) == 0);
    CHECK(stat("sub/b.txt", &st) == 0);
    printf("mtime=%lld.%09ld atime=%lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
           (long long)st.st_atim.tv_sec);
    printf("access_w=%d access_x=%d\n", access("hard", W_OK), access("hard", X_OK) == 0);
    if (list_dir(".")) return 1;
    if (list_dir("sub")) return 1;
    errno = 0;
    printf("rmdir_nonempty=%d %s\n", rmdir("sub"), errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
    errno = 0;
    printf("open_missing=%d %s\n", open("nope", O_RDONLY), errno == ENOENT ? "ENOENT" : "?");
    errno = 0;
    printf("mkdir_exists=%d %s\n", mkdir("sub", 0755), errno == EEXIST ? "EEXIST" : "?");
    CHECK(unlink("soft") == 0 && unlink("hard") == 0 && unlink("sub/b.txt") == 0);
    CHECK(rmdir("sub") == 0);
    return list_dir(".");
}

static int pipes(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct pollfd pf = {p[0], POLLIN, 0};
    printf("poll_empty=%d\n", poll(&pf, 1, 0));
    CHECK(write(p[1], "through a pipe\n", 15) == 15);
    printf("poll_data=%d revents_in=%d\n", poll(&pf, 1, 0), (pf.revents & POLLIN) != 0);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = {0, 0};
    printf("select=%d isset=%d\n", select(p[0] + 1, &rs, NULL, NULL, &tv), FD_ISSET(p[0], &rs));
    char buf[32] = {0};
    int d = dup(p[0]);
    CHECK(d > 2);
    CHECK(read(d, buf, sizeof buf) == 15);
    printf("pipe: %s", buf);
    CHECK(dup2(p[1], 10) == 10);
    CHECK(write(10, "x", 1) == 1);
    close(p[1]);
    close(10);
    CHECK(read(p[0], buf, sizeof buf) == 1);
    printf("eof=%zd\n", read(p[0], buf, sizeof buf));
    int q[2];
    CHECK(pipe2(q, O_CLOEXEC | O_NONBLOCK) == 0);
    errno = 0;
    printf("nonblock_read=%zd eagain=%d cloexec=%d\n", read(q[0], buf, 1), errno == EAGAIN,
           fcntl(q[0], F_GETFD) & FD_CLOEXEC);
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/tern-files-XXXXXX";
    CHECK(mkdtemp(dir));
    CHECK(chdir(dir) == 0);
    char cwd[256];
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
    umask(022);
    int rc = io() || names() || pipes();
    struct statfs sf;
    printf("statfs=%d bsize_positive=%d\n", statfs(".", &sf), sf.f_bsize > 0);
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    printf("done rc=%d\n", rc);
    return rc;
}
