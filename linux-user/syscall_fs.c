/* linux-user/syscall_fs.c — system calls on paths and file metadata: the
 * stat family (MIPS struct stat64, and statx whose layout is the same on every
 * architecture but is written in guest byte order), getdents64, readlink,
 * access, directories, renames, links, permissions, times, statfs64; and the
 * old o32 struct stat and statfs layouts, for syscall_fsmeta.c.
 *
 * Absolute paths go through guest_path() (the -L sysroot); readlink of
 * /proc/self/exe answers the guest program, not tern, as qemu does.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define STAT64_SIZE 104
#define GUEST_STATX_SIZE 256
#define STATFS64_SIZE 88 /* up to f_spare, the part written */
#define STAT_SIZE 144    /* the old struct stat */
#define STATFS_SIZE 68   /* the old struct statfs */

#define PATH_ARG(var, addr)                                                                        \
    char var##_buf[4096];                                                                          \
    const char *var = guest_path(p, (addr), var##_buf, sizeof var##_buf);                          \
    if (!var) return -MIPS_EFAULT

/* Linux's new_encode_dev(): what MIPS's 32-bit st_dev holds (fs/stat.c). */
static uint32_t encode_dev(dev_t dev)
{
    uint32_t ma = major(dev), mi = minor(dev);
    return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

/* struct stat64 (asm/stat.h): dev 0, ino 16, mode 24, nlink 28, uid 32, gid 36,
 * rdev 40, size 56, atime 64/68, mtime 72/76, ctime 80/84, blksize 88, blocks 96. */
int64_t put_stat64(struct user_proc *p, uint32_t addr, const void *host_stat)
{
    const struct stat *st = host_stat;
    uint8_t *g = guest_buf(p, addr, STAT64_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    memset(g, 0, STAT64_SIZE);
    abi_put32(be, g, encode_dev(st->st_dev));
    abi_put64(be, g + 16, st->st_ino);
    abi_put32(be, g + 24, st->st_mode);
    abi_put32(be, g + 28, (uint32_t)st->st_nlink);
    abi_put32(be, g + 32, st->st_uid);
    abi_put32(be, g + 36, st->st_gid);
    abi_put32(be, g + 40, encode_dev(st->st_rdev));
    abi_put64(be, g + 56, (uint64_t)st->st_size);
    abi_put32(be, g + 64, (uint32_t)st->st_atim.tv_sec);
    abi_put32(be, g + 68, (uint32_t)st->st_atim.tv_nsec);
    abi_put32(be, g + 72, (uint32_t)st->st_mtim.tv_sec);
    abi_put32(be, g + 76, (uint32_t)st->st_mtim.tv_nsec);
    abi_put32(be, g + 80, (uint32_t)st->st_ctim.tv_sec);
    abi_put32(be, g + 84, (uint32_t)st->st_ctim.tv_nsec);
    abi_put32(be, g + 88, (uint32_t)st->st_blksize);
    abi_put64(be, g + 96, (uint64_t)st->st_blocks);
    return 0;
}

/* The old o32 struct stat (asm/stat.h, 144 bytes): dev 0, ino 16, mode 20,
 * nlink 24, uid 28, gid 32, rdev 36, size 48, atime 56/60, mtime 64/68, ctime
 * 72/76, blksize 80, blocks 84. Linux's cp_new_stat: EOVERFLOW when the inode
 * number, link count or size does not fit its 32 bits. */
int64_t put_stat(struct user_proc *p, uint32_t addr, const void *host_stat)
{
    const struct stat *st = host_stat;
    if (st->st_ino > UINT32_MAX || st->st_nlink > UINT32_MAX || st->st_size > INT32_MAX)
        return sys_err(EOVERFLOW);
    uint8_t *g = guest_buf(p, addr, STAT_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    memset(g, 0, STAT_SIZE);
    abi_put32(be, g, encode_dev(st->st_dev));
    abi_put32(be, g + 16, (uint32_t)st->st_ino);
    abi_put32(be, g + 20, st->st_mode);
    abi_put32(be, g + 24, (uint32_t)st->st_nlink);
    abi_put32(be, g + 28, st->st_uid);
    abi_put32(be, g + 32, st->st_gid);
    abi_put32(be, g + 36, encode_dev(st->st_rdev));
    abi_put32(be, g + 48, (uint32_t)st->st_size);
    abi_put32(be, g + 56, (uint32_t)st->st_atim.tv_sec);
    abi_put32(be, g + 60, (uint32_t)st->st_atim.tv_nsec);
    abi_put32(be, g + 64, (uint32_t)st->st_mtim.tv_sec);
    abi_put32(be, g + 68, (uint32_t)st->st_mtim.tv_nsec);
    abi_put32(be, g + 72, (uint32_t)st->st_ctim.tv_sec);
    abi_put32(be, g + 76, (uint32_t)st->st_ctim.tv_nsec);
    abi_put32(be, g + 80, (uint32_t)st->st_blksize);
    abi_put32(be, g + 84, (uint32_t)st->st_blocks);
    return 0;
}

static int64_t stat_common(struct user_proc *p, int dirfd, const char *path, int flags,
                           uint32_t out)
{
    struct stat st;
    if (fstatat(dirfd, path, &st, flags) != 0) return sys_err(errno);
    return put_stat64(p, out, &st);
}

int64_t sys_stat64(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return stat_common(p, AT_FDCWD, path, 0, a[1]);
}

int64_t sys_lstat64(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return stat_common(p, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, a[1]);
}

int64_t sys_fstat64(struct user_proc *p, const uint32_t *a)
{
    struct stat st;
    if (fstat((int)a[0], &st) != 0) return sys_err(errno);
    return put_stat64(p, a[1], &st);
}

/* fstatat64(dirfd, path, buf, flags): the AT_* flags are the generic ones. */
int64_t sys_fstatat64(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return stat_common(p, guest_dirfd(a[0]), path, (int)a[3], a[2]);
}

/* statx fields as (offset, size) of struct statx (linux/stat.h), for the
 * byte-order conversion: the layout itself is the same on every architecture. */
static const uint8_t statx_fields[][2] = {
    {0, 4},   {4, 4},   {8, 8},   {16, 4},  {20, 4},  {24, 4},  {28, 2},  {32, 8},  {40, 8},
    {48, 8},  {56, 8},  {64, 8},  {72, 4},  {80, 8},  {88, 4},  {96, 8},  {104, 4}, {112, 8},
    {120, 4}, {128, 4}, {132, 4}, {136, 4}, {140, 4}, {144, 8}, {152, 4}, {156, 4},
};

int64_t sys_statx(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    uint8_t *g = guest_buf(p, a[4], GUEST_STATX_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct statx sx;
    if (statx(guest_dirfd(a[0]), path, (int)a[2], a[3], &sx) != 0) return sys_err(errno);
    const uint8_t *h = (const uint8_t *)&sx;
    memset(g, 0, GUEST_STATX_SIZE);
    bool be = guest_be(p);
    for (size_t i = 0; i < sizeof statx_fields / sizeof statx_fields[0]; i++) {
        unsigned off = statx_fields[i][0], size = statx_fields[i][1];
        if (size == 2)
            abi_put16(be, g + off, abi_get16(false, h + off));
        else if (size == 4)
            abi_put32(be, g + off, abi_get32(false, h + off));
        else
            abi_put64(be, g + off, abi_get64(false, h + off));
    }
    return 0;
}

/* linux_dirent64 is the same everywhere: u64 ino, s64 off, u16 reclen, u8
 * type, name. The host fills the guest buffer directly; a big-endian guest
 * gets its numbers swapped in place. */
int64_t sys_getdents64(struct user_proc *p, const uint32_t *a)
{
    uint8_t *g = guest_buf(p, a[1], a[2], GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    long n = syscall(SYS_getdents64, (int)a[0], g, (size_t)a[2]);
    if (n < 0) return sys_err(errno);
    for (long off = 0; guest_be(p) && off < n;) {
        uint8_t *d = g + off;
        uint16_t reclen = abi_get16(false, d + 16);
        abi_put64(true, d, abi_get64(false, d));
        abi_put64(true, d + 8, abi_get64(false, d + 8));
        abi_put16(true, d + 16, reclen);
        off += reclen ? reclen : n;
    }
    return n;
}

static int64_t do_readlink(struct user_proc *p, int dirfd, uint32_t path_addr, uint32_t buf,
                           uint32_t len)
{
    PATH_ARG(path, path_addr);
    char *out = guest_buf(p, buf, len, GM_WRITE);
    if (!out && len) return -MIPS_EFAULT;
    if (p->exe_path && strcmp(path, "/proc/self/exe") == 0) {
        size_t n = strlen(p->exe_path);
        n = n < len ? n : len;
        memcpy(out, p->exe_path, n);
        return (int64_t)n;
    }
    return sys_host(readlinkat(dirfd, path, out, len));
}

int64_t sys_readlink(struct user_proc *p, const uint32_t *a)
{
    return do_readlink(p, AT_FDCWD, a[0], a[1], a[2]);
}

int64_t sys_readlinkat(struct user_proc *p, const uint32_t *a)
{
    return do_readlink(p, guest_dirfd(a[0]), a[1], a[2], a[3]);
}

int64_t sys_access(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(access(path, (int)a[1]));
}

int64_t sys_faccessat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(faccessat(guest_dirfd(a[0]), path, (int)a[2], (int)a[3]));
}

/* getcwd returns the length including the NUL (the raw system call). */
int64_t sys_getcwd(struct user_proc *p, const uint32_t *a)
{
    char *g = guest_buf(p, a[0], a[1], GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    if (!getcwd(g, a[1])) return sys_err(errno);
    /* A directory under the sysroot is the guest's "/..." (chdir("/") went
     * there by guest_path's rule): the guest sees its own name for it. */
    size_t n = p->sysroot ? strlen(p->sysroot) : 0;
    if (n > 1 && strncmp(g, p->sysroot, n) == 0) {
        if (g[n] == '/')
            memmove(g, g + n, strlen(g + n) + 1);
        else if (!g[n])
            strcpy(g, "/");
    }
    return (int64_t)strlen(g) + 1;
}

int64_t sys_chdir(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(chdir(path));
}

int64_t sys_fchdir(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(fchdir((int)a[0]));
}

int64_t sys_mkdir(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(mkdir(path, (mode_t)a[1]));
}

int64_t sys_mkdirat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(mkdirat(guest_dirfd(a[0]), path, (mode_t)a[2]));
}

int64_t sys_unlink(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(unlink(path));
}

int64_t sys_unlinkat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(unlinkat(guest_dirfd(a[0]), path, (int)a[2]));
}

int64_t sys_rmdir(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(rmdir(path));
}

int64_t sys_rename(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(from, a[0]);
    PATH_ARG(to, a[1]);
    return sys_host(rename(from, to));
}

int64_t sys_renameat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return sys_host(renameat(guest_dirfd(a[0]), from, guest_dirfd(a[2]), to));
}

int64_t sys_renameat2(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return sys_host(renameat2(guest_dirfd(a[0]), from, guest_dirfd(a[2]), to, a[4]));
}

/* A symlink's target is stored as given, never rewritten under the sysroot. */
int64_t sys_symlink(struct user_proc *p, const uint32_t *a)
{
    const char *target = gm_string(p->mem, a[0]);
    if (!target) return -MIPS_EFAULT;
    PATH_ARG(path, a[1]);
    return sys_host(symlink(target, path));
}

int64_t sys_symlinkat(struct user_proc *p, const uint32_t *a)
{
    const char *target = gm_string(p->mem, a[0]);
    if (!target) return -MIPS_EFAULT;
    PATH_ARG(path, a[2]);
    return sys_host(symlinkat(target, guest_dirfd(a[1]), path));
}

int64_t sys_link(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(from, a[0]);
    PATH_ARG(to, a[1]);
    return sys_host(link(from, to));
}

int64_t sys_linkat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return sys_host(linkat(guest_dirfd(a[0]), from, guest_dirfd(a[2]), to, (int)a[4]));
}

int64_t sys_chmod(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(chmod(path, (mode_t)a[1]));
}

int64_t sys_fchmod(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(fchmod((int)a[0], (mode_t)a[1]));
}

int64_t sys_fchmodat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(fchmodat(guest_dirfd(a[0]), path, (mode_t)a[2], 0));
}

int64_t sys_fchown(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

int64_t sys_fchownat(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[1]);
    return sys_host(fchownat(guest_dirfd(a[0]), path, (uid_t)a[2], (gid_t)a[3], (int)a[4]));
}

int64_t sys_chown(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(chown(path, (uid_t)a[1], (gid_t)a[2]));
}

int64_t sys_lchown(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    return sys_host(lchown(path, (uid_t)a[1], (gid_t)a[2]));
}

/* utimensat with struct timespec[2] of 32-bit (wide = false) or 64-bit
 * (the _time64 call) fields; UTIME_NOW/UTIME_OMIT are the same values. */
static int64_t do_utimensat(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts[2];
    if (a[2]) {
        const uint8_t *g = guest_buf(p, a[2], wide ? 32 : 16, GM_READ);
        if (!g) return -MIPS_EFAULT;
        for (int i = 0; i < 2; i++) {
            bool be = guest_be(p);
            ts[i].tv_sec =
                wide ? (time_t)abi_get64(be, g + 16 * i) : (int32_t)abi_get32(be, g + 8 * i);
            ts[i].tv_nsec =
                wide ? (long)abi_get64(be, g + 16 * i + 8) : (int32_t)abi_get32(be, g + 8 * i + 4);
        }
    }
    const char *path = NULL;
    char buf[4096];
    if (a[1] && !(path = guest_path(p, a[1], buf, sizeof buf))) return -MIPS_EFAULT;
    /* utimensat(fd, NULL, ...) is futimens: only the raw call allows it. */
    return sys_host(syscall(SYS_utimensat, guest_dirfd(a[0]), path, a[2] ? ts : NULL, (int)a[3]));
}

int64_t sys_utimensat(struct user_proc *p, const uint32_t *a)
{
    return do_utimensat(p, a, false);
}

int64_t sys_utimensat_time64(struct user_proc *p, const uint32_t *a)
{
    return do_utimensat(p, a, true);
}

/* struct statfs64 for o32 (asm/statfs.h): u32 type, bsize, frsize, pad; u64
 * blocks, bfree, files, ffree, bavail; fsid[2]; u32 namelen, flags, spare[5]. */
static int64_t put_statfs64(struct user_proc *p, uint32_t addr, const struct statfs *s)
{
    uint8_t *g = guest_buf(p, addr, STATFS64_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    memset(g, 0, STATFS64_SIZE);
    abi_put32(be, g, (uint32_t)s->f_type);
    abi_put32(be, g + 4, (uint32_t)s->f_bsize);
    abi_put32(be, g + 8, (uint32_t)s->f_frsize);
    abi_put64(be, g + 16, s->f_blocks);
    abi_put64(be, g + 24, s->f_bfree);
    abi_put64(be, g + 32, s->f_files);
    abi_put64(be, g + 40, s->f_ffree);
    abi_put64(be, g + 48, s->f_bavail);
    int fsid[2];
    memcpy(fsid, &s->f_fsid, sizeof fsid);
    abi_put32(be, g + 56, (uint32_t)fsid[0]);
    abi_put32(be, g + 60, (uint32_t)fsid[1]);
    abi_put32(be, g + 64, (uint32_t)s->f_namelen);
    abi_put32(be, g + 68, (uint32_t)s->f_flags);
    return 0;
}

/* The old o32 struct statfs (asm/statfs.h), in MIPS's own order: long type,
 * bsize, frsize, blocks, bfree, files, ffree, bavail; fsid[2]; namelen, flags,
 * spare[5]. Linux's do_statfs_native: EOVERFLOW when a count does not fit 32
 * bits, except files/ffree of -1 ("unknown"). */
int64_t put_statfs(struct user_proc *p, uint32_t addr, const void *host_statfs)
{
    const struct statfs *s = host_statfs;
    uint64_t wide = (uint64_t)s->f_blocks | s->f_bfree | s->f_bavail | (uint64_t)s->f_bsize |
                    (uint64_t)s->f_frsize;
    if (wide >> 32 || (s->f_files != (fsfilcnt_t)-1 && s->f_files >> 32) ||
        (s->f_ffree != (fsfilcnt_t)-1 && s->f_ffree >> 32))
        return sys_err(EOVERFLOW);
    uint8_t *g = guest_buf(p, addr, STATFS_SIZE, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    bool be = guest_be(p);
    memset(g, 0, STATFS_SIZE);
    abi_put32(be, g, (uint32_t)s->f_type);
    abi_put32(be, g + 4, (uint32_t)s->f_bsize);
    abi_put32(be, g + 8, (uint32_t)s->f_frsize);
    abi_put32(be, g + 12, (uint32_t)s->f_blocks);
    abi_put32(be, g + 16, (uint32_t)s->f_bfree);
    abi_put32(be, g + 20, (uint32_t)s->f_files);
    abi_put32(be, g + 24, (uint32_t)s->f_ffree);
    abi_put32(be, g + 28, (uint32_t)s->f_bavail);
    int fsid[2];
    memcpy(fsid, &s->f_fsid, sizeof fsid);
    abi_put32(be, g + 32, (uint32_t)fsid[0]);
    abi_put32(be, g + 36, (uint32_t)fsid[1]);
    abi_put32(be, g + 40, (uint32_t)s->f_namelen);
    abi_put32(be, g + 44, (uint32_t)s->f_flags);
    return 0;
}

int64_t sys_statfs64(struct user_proc *p, const uint32_t *a)
{
    PATH_ARG(path, a[0]);
    struct statfs s;
    if (statfs(path, &s) != 0) return sys_err(errno);
    return put_statfs64(p, a[2], &s);
}

int64_t sys_fstatfs64(struct user_proc *p, const uint32_t *a)
{
    struct statfs s;
    if (fstatfs((int)a[0], &s) != 0) return sys_err(errno);
    return put_statfs64(p, a[2], &s);
}

int64_t sys_umask(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return umask((mode_t)a[0]);
}

/* Extended attributes: names and values are bytes, passed through as they are
 * (ls -l asks for ACLs and SELinux labels with lgetxattr). */
static int64_t do_getxattr(struct user_proc *p, const uint32_t *a, int kind)
{
    const char *name = gm_string(p->mem, a[1]);
    void *val = guest_buf(p, a[2], a[3], GM_WRITE);
    if (!name || (!val && a[3])) return -MIPS_EFAULT;
    if (kind == 2) return sys_host(fgetxattr((int)a[0], name, val, a[3]));
    PATH_ARG(path, a[0]);
    return sys_host(kind ? lgetxattr(path, name, val, a[3]) : getxattr(path, name, val, a[3]));
}

int64_t sys_getxattr(struct user_proc *p, const uint32_t *a)
{
    return do_getxattr(p, a, 0);
}

int64_t sys_lgetxattr(struct user_proc *p, const uint32_t *a)
{
    return do_getxattr(p, a, 1);
}

int64_t sys_fgetxattr(struct user_proc *p, const uint32_t *a)
{
    return do_getxattr(p, a, 2);
}

static int64_t do_listxattr(struct user_proc *p, const uint32_t *a, int kind)
{
    char *list = guest_buf(p, a[1], a[2], GM_WRITE);
    if (!list && a[2]) return -MIPS_EFAULT;
    if (kind == 2) return sys_host(flistxattr((int)a[0], list, a[2]));
    PATH_ARG(path, a[0]);
    return sys_host(kind ? llistxattr(path, list, a[2]) : listxattr(path, list, a[2]));
}

int64_t sys_listxattr(struct user_proc *p, const uint32_t *a)
{
    return do_listxattr(p, a, 0);
}

int64_t sys_llistxattr(struct user_proc *p, const uint32_t *a)
{
    return do_listxattr(p, a, 1);
}

int64_t sys_flistxattr(struct user_proc *p, const uint32_t *a)
{
    return do_listxattr(p, a, 2);
}
