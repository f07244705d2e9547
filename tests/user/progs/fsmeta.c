/* tests/user/progs/fsmeta.c — the o32 file-metadata calls of
 * linux-user/syscall_fsmeta.c, in a fresh directory under /tmp: creat,
 * mknod/mknodat (a FIFO, a regular file, a character device when allowed),
 * utime/utimes/futimesat then stat shows the times, set/get/remove xattrs
 * (errno numbers printed when the host file system has no user xattrs), the
 * old stat/lstat/fstat and statfs/fstatfs through syscall() against
 * stat64/statfs64, the old getdents (names sorted), inotify events read with
 * read(), and cacheflush/cachectl. Prints only values that are the same on
 * every run; the same output is expected under qemu-user and both byte
 * orders (fsmeta_linux.c checks what qemu-user 7.2 gets wrong). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"

/* The old o32 struct stat (asm/stat.h). */
struct old_stat {
    uint32_t dev;
    int32_t pad1[3];
    uint32_t ino, mode, nlink, uid, gid, rdev;
    int32_t pad2[2];
    int32_t size, pad3;
    int32_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    int32_t blksize, blocks;
    int32_t pad4[14];
};

/* The old o32 struct statfs (asm/statfs.h): MIPS's own field order. */
struct old_statfs {
    int32_t type, bsize, frsize, blocks, bfree, files, ffree, bavail;
    int32_t fsid[2];
    int32_t namelen, flags, spare[5];
};

/* Linux's new_encode_dev(): the 32-bit dev_t of the old calls. */
static uint32_t encode_dev(unsigned ma, unsigned mi)
{
    return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

/* The result of a raw system call: its value, or -errno. */
static long raw(long r)
{
    return r < 0 ? -errno : r;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int files(void)
{
    int fd = (int)syscall(SYS_creat, "c", 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "abc", 3) == 3);
    printf("creat: wronly=%d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    close(fd);
    fd = (int)syscall(SYS_creat, "c", 0600);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("creat again: size=%lld mode=%o\n", (long long)st.st_size, st.st_mode & 0777);
    close(fd);

    CHECK(syscall(SYS_mknod, "fifo", S_IFIFO | 0640, 0) == 0);
    CHECK(stat("fifo", &st) == 0);
    printf("mknod fifo: fifo=%d mode=%o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0);
    CHECK(syscall(SYS_mknodat, dir, "reg", S_IFREG | 0604, 0) == 0);
    CHECK(stat("reg", &st) == 0);
    printf("mknodat reg: reg=%d mode=%o size=%lld\n", S_ISREG(st.st_mode), st.st_mode & 0777,
           (long long)st.st_size);
    printf("mknod exists: %ld\n", raw(syscall(SYS_mknod, "reg", S_IFREG | 0600, 0)));
    /* A device needs CAP_MKNOD: either it is made with the right numbers
     * (12-bit major, 20-bit minor in the 32-bit encoding) or EPERM. */
    static const unsigned devs[][2] = {{1, 3}, {300, 70000}};
    for (int i = 0; i < 2; i++) {
        char name[8];
        snprintf(name, sizeof name, "chr%d", i);
        long r = raw(
            syscall(SYS_mknodat, dir, name, S_IFCHR | 0600, encode_dev(devs[i][0], devs[i][1])));
        int ok = r == -EPERM;
        if (r == 0) {
            CHECK(lstat(name, &st) == 0);
            ok = S_ISCHR(st.st_mode) && major(st.st_rdev) == devs[i][0] &&
                 minor(st.st_rdev) == devs[i][1];
        }
        printf("mknodat chr %u:%u: %s\n", devs[i][0], devs[i][1], ok ? "ok" : "WRONG");
    }
    close(dir);
    CHECK(symlink("c", "link") == 0);
    return 0;
}

static int show_times(const char *what, const char *path)
{
    struct stat st;
    CHECK(stat(path, &st) == 0);
    printf("%s: atime=%lld.%09ld mtime=%lld.%09ld\n", what, (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    return 0;
}

static int times(void)
{
    /* The raw calls take the o32 32-bit layouts whatever glibc's time_t. */
    int32_t ub[2] = {1000000000, 1100000000};
    CHECK(syscall(SYS_utime, "c", ub) == 0);
    if (show_times("utime", "c")) return 1;
    int32_t tv[4] = {1200000000, 250000, 1300000000, 999999};
    CHECK(syscall(SYS_utimes, "c", tv) == 0);
    if (show_times("utimes", "c")) return 1;
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0);
    int32_t tv2[4] = {1400000000, 1, 1500000000, 2};
    CHECK(syscall(SYS_futimesat, dir, "c", tv2) == 0);
    if (show_times("futimesat", "c")) return 1;
    int32_t bad[4] = {0, 1000000, 0, 0};
    printf("utimes usec=1000000: %ld\n", raw(syscall(SYS_utimes, "c", bad)));
    bad[1] = -1;
    printf("futimesat usec=-1: %ld\n", raw(syscall(SYS_futimesat, dir, "c", bad)));
    printf("utime missing: %ld\n", raw(syscall(SYS_utime, "missing", ub)));
    CHECK(syscall(SYS_utime, "c", NULL) == 0);
    CHECK(syscall(SYS_utimes, "reg", NULL) == 0);
    struct stat st, st2;
    CHECK(stat("c", &st) == 0 && stat("reg", &st2) == 0);
    printf("utime now: recent=%d %d\n", st.st_mtim.tv_sec > 1700000000,
           st2.st_mtim.tv_sec > 1700000000);
    close(dir);
    return 0;
}

static int xattrs(void)
{
    long r = raw(setxattr("c", "user.tern", "value", 5, 0));
    printf("setxattr: %ld\n", r);
    if (r != 0) return 0; /* no user xattrs here: the errno number was the point */
    char buf[32] = {0};
    printf("getxattr: %ld '%s'\n", raw(getxattr("c", "user.tern", buf, sizeof buf)), buf);
    printf("setxattr create again: %ld\n", raw(setxattr("c", "user.tern", "x", 1, XATTR_CREATE)));
    printf("setxattr replace missing: %ld\n",
           raw(setxattr("c", "user.other", "x", 1, XATTR_REPLACE)));
    CHECK(setxattr("c", "user.tern", "new", 3, XATTR_REPLACE) == 0);
    memset(buf, 0, sizeof buf);
    printf("replaced: %ld '%s'\n", raw(getxattr("c", "user.tern", buf, sizeof buf)), buf);
    CHECK(lsetxattr("link", "user.tern", "l", 1, 0) != 0);
    printf("lsetxattr symlink: %d\n", -errno);
    CHECK(lsetxattr("reg", "user.l", "", 0, 0) == 0);
    printf("lsetxattr empty: %ld\n", raw(lgetxattr("reg", "user.l", buf, sizeof buf)));
    int fd = open("c", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(fsetxattr(fd, "user.f", "fd", 2, 0) == 0);
    memset(buf, 0, sizeof buf);
    printf("fsetxattr: %ld '%s'\n", raw(getxattr("c", "user.f", buf, sizeof buf)), buf);
    printf("removexattr: %ld\n", raw(removexattr("c", "user.tern")));
    printf("removexattr again: %ld\n", raw(removexattr("c", "user.tern")));
    printf("lremovexattr: %ld\n", raw(lremovexattr("reg", "user.l")));
    printf("fremovexattr: %ld\n", raw(fremovexattr(fd, "user.f")));
    printf("list after: %ld\n", raw(listxattr("c", buf, sizeof buf)));
    printf("setxattr bad value: %ld\n",
           raw(syscall(SYS_setxattr, "c", "user.x", (void *)16, 4, 0)));
    close(fd);
    return 0;
}

/* The old stat against stat64 field by field. */
static int same_stat(const struct old_stat *o, const struct stat *s)
{
    return o->dev == encode_dev(major(s->st_dev), minor(s->st_dev)) && o->ino == s->st_ino &&
           o->mode == s->st_mode && o->nlink == s->st_nlink && o->uid == s->st_uid &&
           o->gid == s->st_gid && o->rdev == encode_dev(major(s->st_rdev), minor(s->st_rdev)) &&
           o->size == s->st_size && o->atime == s->st_atim.tv_sec &&
           o->atime_nsec == s->st_atim.tv_nsec && o->mtime == s->st_mtim.tv_sec &&
           o->mtime_nsec == s->st_mtim.tv_nsec && o->ctime == s->st_ctim.tv_sec &&
           o->blksize == s->st_blksize && o->blocks == s->st_blocks;
}

static int old_stat(void)
{
    struct old_stat o;
    struct stat s;
    CHECK(syscall(SYS_stat, "c", &o) == 0 && stat("c", &s) == 0);
    printf("stat: same=%d size=%d mode=%o\n", same_stat(&o, &s), o.size, o.mode & 0777);
    CHECK(syscall(SYS_lstat, "link", &o) == 0 && lstat("link", &s) == 0);
    printf("lstat: same=%d link=%d size=%d\n", same_stat(&o, &s), S_ISLNK(o.mode), o.size);
    CHECK(syscall(SYS_stat, "link", &o) == 0 && stat("link", &s) == 0);
    printf("stat through link: same=%d reg=%d\n", same_stat(&o, &s), S_ISREG(o.mode));
    int fd = open("fifo", O_RDONLY | O_NONBLOCK);
    CHECK(fd >= 0);
    CHECK(syscall(SYS_fstat, fd, &o) == 0 && fstat(fd, &s) == 0);
    printf("fstat fifo: same=%d fifo=%d\n", same_stat(&o, &s), S_ISFIFO(o.mode));
    close(fd);
    CHECK(syscall(SYS_stat, ".", &o) == 0 && stat(".", &s) == 0);
    printf("stat dir: same=%d dir=%d\n", same_stat(&o, &s), S_ISDIR(o.mode));
    printf("stat missing: %ld\n", raw(syscall(SYS_stat, "missing", &o)));
    printf("stat bad buffer: %ld\n", raw(syscall(SYS_stat, "c", (void *)16)));
    printf("fstat bad fd: %ld\n", raw(syscall(SYS_fstat, 999, &o)));
    return 0;
}

static int old_statfs(void)
{
    struct old_statfs o;
    struct statfs s;
    CHECK(syscall(SYS_statfs, ".", &o) == 0 && statfs(".", &s) == 0);
    printf("statfs: type=%d bsize=%d frsize=%d blocks=%d namelen=%d\n", o.type == (int32_t)s.f_type,
           o.bsize == s.f_bsize, o.frsize == s.f_frsize, o.blocks == (int32_t)s.f_blocks,
           o.namelen == s.f_namelen);
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    CHECK(syscall(SYS_fstatfs, fd, &o) == 0 && fstatfs(fd, &s) == 0);
    printf("fstatfs: type=%d bsize=%d files=%d\n", o.type == (int32_t)s.f_type,
           o.bsize == s.f_bsize, o.files == (int32_t)s.f_files);
    close(fd);
    CHECK(syscall(SYS_statfs, "/proc", &o) == 0);
    printf("statfs /proc: type=%x\n", (unsigned)o.type);
    printf("statfs missing: %ld\n", raw(syscall(SYS_statfs, "missing", &o)));
    printf("fstatfs bad buffer: %ld\n", raw(syscall(SYS_fstatfs, 0, (void *)16)));
    return 0;
}

/* The old getdents: u32 ino, u32 off, u16 reclen, name, d_type last. */
static int getdents_old(void)
{
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    static char buf[4096];
    char *names[32];
    int n = 0, ino_ok = 1;
    long len;
    while ((len = syscall(SYS_getdents, fd, buf, sizeof buf)) > 0) {
        for (long at = 0; at < len;) {
            uint32_t ino;
            uint16_t reclen;
            memcpy(&ino, buf + at, 4);
            memcpy(&reclen, buf + at + 8, 2);
            const char *name = buf + at + 10;
            struct stat st;
            CHECK(lstat(name, &st) == 0);
            ino_ok &= st.st_ino == ino && (reclen & 3) == 0;
            char *line = malloc(strlen(name) + 8);
            sprintf(line, "%s/%d", name, buf[at + reclen - 1]);
            if (n < 32) names[n++] = line;
            at += reclen;
        }
    }
    CHECK(len == 0);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    printf("getdents:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]), free(names[i]);
    printf(" (ino %s)\n", ino_ok ? "ok" : "WRONG");
    printf("getdents at end: %ld\n", raw(syscall(SYS_getdents, fd, buf, sizeof buf)));
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    printf("getdents small buffer: %ld\n", raw(syscall(SYS_getdents, fd, buf, 8)));
    printf("getdents not a dir: %ld\n", raw(syscall(SYS_getdents, 0, buf, sizeof buf)));
    close(fd);
    return 0;
}

static int inotify(void)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    CHECK(fd >= 0);
    printf("inotify_init1: nonblock=%d cloexec=%d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("inotify_init1 bad flags: %ld\n", raw(syscall(SYS_inotify_init1, 1)));
    int wd = inotify_add_watch(fd, ".", IN_CREATE | IN_CLOSE_WRITE | IN_DELETE);
    CHECK(wd >= 0);
    int f = creat("watched", 0600);
    CHECK(f >= 0);
    close(f);
    CHECK(unlink("watched") == 0);
    CHECK(inotify_rm_watch(fd, wd) == 0);
    char buf[1024] __attribute__((aligned(4)));
    long len;
    while ((len = read(fd, buf, sizeof buf)) > 0) {
        for (long at = 0; at < len;) {
            struct inotify_event *e = (struct inotify_event *)(buf + at);
            printf("event: wd=%s mask=%x cookie=%u name='%s'\n", e->wd == wd ? "ok" : "WRONG",
                   e->mask, e->cookie, e->len ? e->name : "");
            at += (long)sizeof *e + e->len;
        }
    }
    printf("read empty: %d\n", -errno);
    printf("rm_watch again: %ld\n", raw(inotify_rm_watch(fd, wd)));
    printf("add_watch missing: %ld\n", raw(inotify_add_watch(fd, "missing", IN_CREATE)));
    close(fd);
    int old = (int)syscall(SYS_inotify_init);
    CHECK(old >= 0);
    printf("inotify_init: blocking=%d\n", (fcntl(old, F_GETFL) & O_NONBLOCK) == 0);
    close(old);
    return 0;
}

typedef int (*fn)(void);

/* addiu v0, zero, n ; jr ra ; nop */
static void emit(uint32_t *code, int n)
{
    code[0] = 0x24020000u | ((uint32_t)n & 0xffffu);
    code[1] = 0x03e00008u;
    code[2] = 0;
}

static int cache(void)
{
    uint32_t *code =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(code != MAP_FAILED);
    fn f = (fn)(uintptr_t)code;
    int sum = 0;
    for (int i = 0; i < 20; i++) {
        emit(code, i);
        CHECK(syscall(SYS_cacheflush, code, 12, 3) == 0);
        sum += f() + f();
    }
    printf("cacheflush code: sum=%d\n", sum);
    void *hole = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(hole != MAP_FAILED);
    CHECK(munmap(hole, 8192) == 0);
    printf("cacheflush unmapped: %ld\n", raw(syscall(SYS_cacheflush, hole, 8192, 3)));
    printf("cacheflush empty: %ld\n", raw(syscall(SYS_cacheflush, code, 0, 3)));
    printf("cachectl: %ld\n", raw(syscall(SYS_cachectl, code, 4096, 0)));
    munmap(code, 4096);
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/tern-fsmeta-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
    umask(022);
    int rc = files() || times() || xattrs() || old_stat() || old_statfs() || getdents_old() ||
             inotify() || cache();
    const char *names[] = {"c", "fifo", "reg", "chr0", "chr1", "link"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(names[i]);
    if (chdir("/") != 0 || rmdir(dir) != 0) {
        printf("FAIL cleanup (errno %d)\n", errno);
        return 1;
    }
    return rc;
}
