/* linux-user/syscall_fsmeta.c — the older and smaller file-metadata calls
 * o32 keeps beside the 64-bit and "at" ones: creat, mknod, mknodat, utime,
 * utimes and futimesat (32-bit times), set/remove xattrs, the old stat and
 * statfs (their layouts are written by syscall_fs.c beside the 64-bit ones),
 * the old getdents with 32-bit inode numbers and offsets, inotify, and
 * MIPS's cacheflush and cachectl.
 *
 * inotify events are read with read(2): their u32 header fields are in host
 * order, so sys_read() asks inotify_events_to_guest() to swap them for a
 * big-endian guest (the fds are remembered here, as syscall_net.c does for
 * eventfds).
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define PATH_ARG(var, addr)                                                                        \
    char var##_buf[4096];                                                                          \
    const char *var = guest_path(p, (addr), var##_buf, sizeof var##_buf);                          \
    if (!var) return -MIPS_EFAULT

#define DIRENT_NAME 10   /* offsetof(struct linux_dirent, d_name): u32 ino, u32 off, u16 reclen */
#define DIRENT64_NAME 19 /* the host's linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type */
#define INOTIFY_FDS 4096
#define INOTIFY_HEADER 16 /* struct inotify_event: s32 wd, u32 mask, u32 cookie, u32 len */

/* ---- creat and mknod ----------------------------------------------------- */

int64_t sys_creat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(open(path, O_CREAT | O_WRONLY | O_TRUNC, (mode_t)a[1]));
}

/* o32 passes dev as Linux's 32-bit new_encode_dev() value: 12 bits of major
 * at 8..19, 20 bits of minor split around it (new_decode_dev). */
static dev_t decode_dev(uint32_t dev)
{
    return makedev((dev & 0xfff00u) >> 8, (dev & 0xffu) | ((dev >> 12) & 0xfff00u));
}

int64_t sys_mknod(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(mknod(path, (mode_t)a[1], decode_dev(a[2])));
}

int64_t sys_mknodat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(mknodat(guest_dirfd(a[0]), path, (mode_t)a[2], decode_dev(a[3])));
}

/* ---- utime, utimes, futimesat -------------------------------------------- */

/* utimensat with times (NULL: now) on dirfd/path; path NULL is the fd itself
 * (futimesat's rule, which only the raw call takes). */
static int64_t set_times(int dirfd, const char *path, const struct timespec *ts)
{
    return sys_host(syscall(SYS_utimensat, dirfd, path, ts, 0));
}

/* utime(path, struct utimbuf {long actime, modtime}): whole seconds. */
int64_t sys_utime(struct user_proc *p, const uint32_t *a)
{
    struct timespec ts[2];
    if (a[1]) {
        const uint8_t *g = guest_buf(p, a[1], 8, GM_READ);
        if (!g) return -MIPS_EFAULT;
        for (int i = 0; i < 2; i++)
            ts[i] = (struct timespec){(int32_t)abi_get32(guest_be(p), g + 4 * i), 0};
    }
    PATH_ARG(path, a[0]);
    return set_times(AT_FDCWD, path, a[1] ? ts : NULL);
}

/* struct timeval[2] of 32-bit fields at addr; EINVAL for microseconds out of
 * range, as Linux's do_futimesat. */
static int64_t get_timevals(struct user_proc *p, uint32_t addr, struct timespec *ts)
{
    const uint8_t *g = guest_buf(p, addr, 16, GM_READ);
    if (!g) return -MIPS_EFAULT;
    for (int i = 0; i < 2; i++) {
        int32_t usec = (int32_t)abi_get32(guest_be(p), g + 8 * i + 4);
        if (usec < 0 || usec >= 1000000) return -MIPS_EINVAL;
        ts[i] = (struct timespec){(int32_t)abi_get32(guest_be(p), g + 8 * i), usec * 1000L};
    }
    return 0;
}

/* A NULL path is dirfd itself, except for AT_FDCWD: EFAULT (do_utimes). */
static int64_t do_futimesat(struct user_proc *p, int dirfd, uint32_t path_addr, uint32_t times)
{
    struct timespec ts[2];
    int64_t rc = times ? get_timevals(p, times, ts) : 0;
    if (rc) return rc;
    const char *path = NULL;
    char buf[4096];
    if (path_addr && !(path = guest_path(p, path_addr, buf, sizeof buf))) return -MIPS_EFAULT;
    return set_times(dirfd, path, times ? ts : NULL);
}

int64_t sys_utimes(struct user_proc *p, const uint32_t *a)
{
    return do_futimesat(p, AT_FDCWD, a[0], a[1]);
}

int64_t sys_futimesat(struct user_proc *p, const uint32_t *a)
{
    return do_futimesat(p, guest_dirfd(a[0]), a[1], a[2]);
}

/* ---- extended attributes (getxattr/listxattr are in syscall_fs.c) -------- */

/* kind: 0 path, 1 path without following a symlink, 2 fd. The XATTR_CREATE /
 * XATTR_REPLACE flags are the generic values. */
static int64_t do_setxattr(struct user_proc *p, const uint32_t *a, int kind)
{
    const char *name = gm_string(p->mem, a[1]);
    const void *val = guest_buf(p, a[2], a[3], GM_READ);
    if (!name || (!val && a[3])) return -MIPS_EFAULT;
    int flags = (int)a[4];
    if (kind == 2) return sys_host(fsetxattr((int)a[0], name, val, a[3], flags));
    PATH_ARG(path, a[0]);
    return sys_host(kind ? lsetxattr(path, name, val, a[3], flags)
                         : setxattr(path, name, val, a[3], flags));
}

int64_t sys_setxattr(struct user_proc *p, const uint32_t *a)
{
    return do_setxattr(p, a, 0);
}

int64_t sys_lsetxattr(struct user_proc *p, const uint32_t *a)
{
    return do_setxattr(p, a, 1);
}

int64_t sys_fsetxattr(struct user_proc *p, const uint32_t *a)
{
    return do_setxattr(p, a, 2);
}

static int64_t do_removexattr(struct user_proc *p, const uint32_t *a, int kind)
{
    const char *name = gm_string(p->mem, a[1]);
    if (!name) return -MIPS_EFAULT;
    if (kind == 2) return sys_host(fremovexattr((int)a[0], name));
    PATH_ARG(path, a[0]);
    return sys_host(kind ? lremovexattr(path, name) : removexattr(path, name));
}

int64_t sys_removexattr(struct user_proc *p, const uint32_t *a)
{
    return do_removexattr(p, a, 0);
}

int64_t sys_lremovexattr(struct user_proc *p, const uint32_t *a)
{
    return do_removexattr(p, a, 1);
}

int64_t sys_fremovexattr(struct user_proc *p, const uint32_t *a)
{
    return do_removexattr(p, a, 2);
}

/* ---- the old stat and statfs (o32 numbers 4106-4108, 4099-4100) ---------- */

int64_t sys_stat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    struct stat st;
    if (stat(path, &st) != 0) return sys_err(errno);
    return put_stat(p, a[1], &st);
}

int64_t sys_lstat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    struct stat st;
    if (lstat(path, &st) != 0) return sys_err(errno);
    return put_stat(p, a[1], &st);
}

int64_t sys_fstat(struct user_proc *p, const uint32_t *a)
{
    struct stat st;
    if (fstat((int)a[0], &st) != 0) return sys_err(errno);
    return put_stat(p, a[1], &st);
}

int64_t sys_statfs(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    struct statfs s;
    if (statfs(path, &s) != 0) return sys_err(errno);
    return put_statfs(p, a[1], &s);
}

int64_t sys_fstatfs(struct user_proc *p, const uint32_t *a)
{
    struct statfs s;
    if (fstatfs((int)a[0], &s) != 0) return sys_err(errno);
    return put_statfs(p, a[1], &s);
}

/* ---- getdents: struct linux_dirent with 32-bit fields -------------------- */

/* One host dirent64 record as a guest linux_dirent at g (room bytes free):
 * u32 ino, u32 off, u16 reclen, the name and its NUL, and d_type in the
 * record's last byte (Linux's filldir). The record's length, 0 when it does
 * not fit, or -MIPS_EOVERFLOW for an inode number past 32 bits. */
static int64_t put_dirent(bool be, const uint8_t *h, uint8_t *g, uint32_t room)
{
    uint64_t ino;
    int64_t off;
    memcpy(&ino, h, 8);
    memcpy(&off, h + 8, 8);
    const char *name = (const char *)h + DIRENT64_NAME;
    size_t len = strlen(name);
    uint32_t reclen = (uint32_t)(DIRENT_NAME + len + 2 + 3) & ~3u;
    if (reclen > room) return 0;
    if (ino > UINT32_MAX) return sys_err(EOVERFLOW);
    memset(g, 0, reclen);
    abi_put32(be, g, (uint32_t)ino);
    abi_put32(be, g + 4, (uint32_t)off); /* a 32-bit task gets 32-bit offsets */
    abi_put16(be, g + 8, (uint16_t)reclen);
    memcpy(g + DIRENT_NAME, name, len);
    g[reclen - 1] = h[18];
    return reclen;
}

/* The host reads linux_dirent64 records and each becomes a (never longer)
 * guest record; those that do not fit stay unread: the directory is sought
 * back to the end of the last one taken, so the next call starts there. */
int64_t sys_getdents(struct user_proc *p, const uint32_t *a)
{
    int fd = (int)a[0];
    uint32_t count = a[2];
    uint8_t *g = guest_buf(p, a[1], count, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    /* A host record is at most 15 bytes longer than the guest's: with this
     * much room the host always returns a first record the guest can hold. */
    size_t hlen = (size_t)count + count / 2 + 64;
    uint8_t *h = malloc(hlen);
    if (!h) return -MIPS_ENOMEM;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    long n = syscall(SYS_getdents64, fd, h, hlen);
    int64_t ret = n < 0 ? sys_err(errno) : 0;
    uint32_t out = 0;
    long at = 0;
    for (; n > 0 && at < n; at += abi_get16(false, h + at + 16)) {
        int64_t r = put_dirent(guest_be(p), h + at, g + out, count - out);
        if (r <= 0) {
            ret = out ? 0 : (r ? r : -MIPS_EINVAL);
            break;
        }
        out += (uint32_t)r;
        memcpy(&pos, h + at + 8, 8);
    }
    if (n > 0 && at < n) lseek(fd, pos, SEEK_SET);
    free(h);
    return out ? out : ret;
}

/* ---- inotify ------------------------------------------------------------- */

static uint8_t inotify_fds[INOTIFY_FDS / 8]; /* the guest's inotify fds (byte order) */

static int64_t remember_inotify(int fd)
{
    if (fd < 0) return sys_err(errno);
    if (fd < INOTIFY_FDS) __atomic_or_fetch(&inotify_fds[fd / 8], 1u << (fd % 8), __ATOMIC_RELAXED);
    return fd;
}

void inotify_forget_fd(int fd)
{
    if (fd >= 0 && fd < INOTIFY_FDS)
        __atomic_and_fetch(&inotify_fds[fd / 8], (uint8_t) ~(1u << (fd % 8)), __ATOMIC_RELAXED);
}

/* True when fd is (still) an inotify instance: the set may be stale after a
 * dup2 over the fd, and swapping another file's data would corrupt it. */
static bool is_inotify(int fd)
{
    if (fd < 0 || fd >= INOTIFY_FDS ||
        !(__atomic_load_n(&inotify_fds[fd / 8], __ATOMIC_RELAXED) >> (fd % 8) & 1))
        return false;
    char link[32], target[32];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    return n > 0 && (size_t)n == strlen("anon_inode:inotify") &&
           memcmp(target, "anon_inode:inotify", (size_t)n) == 0;
}

void inotify_events_to_guest(struct user_proc *p, int fd, void *buf, size_t len)
{
    if (!guest_be(p) || !is_inotify(fd)) return;
    uint8_t *e = buf;
    for (size_t at = 0; at + INOTIFY_HEADER <= len;) {
        uint32_t name_len = abi_get32(false, e + at + 12);
        for (int i = 0; i < 4; i++)
            abi_put32(true, e + at + 4 * i, abi_get32(false, e + at + 4 * i));
        at += INOTIFY_HEADER + name_len;
    }
}

/* IN_NONBLOCK and IN_CLOEXEC are O_NONBLOCK and O_CLOEXEC: MIPS's values. */
int64_t sys_inotify_init1(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    if (a[0] & ~(uint32_t)(MIPS_O_NONBLOCK | MIPS_O_CLOEXEC)) return -MIPS_EINVAL;
    return remember_inotify(inotify_init1(open_flags_to_host(a[0])));
}

int64_t sys_inotify_init(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return remember_inotify(inotify_init1(0));
}

/* The IN_* event bits are the same on every architecture. */
int64_t sys_inotify_add_watch(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(inotify_add_watch((int)a[0], path, a[2]));
}

int64_t sys_inotify_rm_watch(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(inotify_rm_watch((int)a[0], (int)a[1]));
}

/* ---- cacheflush, cachectl ------------------------------------------------ */

/* cacheflush(addr, nbytes, cache) as arch/mips/mm/cache.c: EFAULT only when
 * the range leaves user space (access_ok); unmapped pages and the cache
 * argument are not checked (the r4k flush skips lines that fault). Stores
 * into translated code already fault into the JIT, but code written through
 * another mapping of the same memory (a shared file mapped twice) does not:
 * the range's translations go here. */
int64_t sys_cacheflush(struct user_proc *p, const uint32_t *a)
{
    if (a[1] == 0) return 0;
    if ((uint64_t)a[0] + a[1] > GM_USER_END) return -MIPS_EFAULT;
    gm_code_check(p->mem, a[0], a[1]);
    return 0;
}

/* Linux never implemented cachectl (arch/mips/kernel/syscall.c). */
int64_t sys_cachectl(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -MIPS_ENOSYS;
}
