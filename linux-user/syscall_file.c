/* linux-user/syscall_file.c — system calls on file descriptors: read/write
 * and their vector and positional forms, open/close/dup/pipe, lseek, fcntl,
 * poll/select (ioctls: syscall_ioctl.c). Guest fds are host fds (no translation).
 *
 * MIPS differences handled here: open flags (O_CREAT is 0x100...), fcntl's
 * lock commands (F_GETLK 14, F_SETLK64 34...), pipe(2) returning both fds in
 * $v0/$v1.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#define IOV_MAX_GUEST 1024

/* An eventfd's 8-byte counter (and a timerfd's expiry count) is a
 * host-order value: a big-endian guest reads and writes it swapped
 * (syscall_net.c keeps the set of eventfds, syscall_timer.c the timerfds). */
static bool swapped_counter(struct user_proc *p, uint32_t fd, uint32_t len)
{
    return guest_be(p) && len >= 8 && (net_is_eventfd((int)fd) || timerfd_is((int)fd));
}

static void swap64(void *buf)
{
    uint64_t v;
    memcpy(&v, buf, 8);
    v = __builtin_bswap64(v);
    memcpy(buf, &v, 8);
}

int64_t sys_read(struct user_proc *p, const uint32_t *a)
{
    if (sigfd_is((int)a[0])) return sigfd_read(p, (int)a[0], a[1], a[2]); /* signal_wait.c */
    void *buf = guest_buf(p, a[1], a[2], GM_WRITE);
    if (!buf && a[2]) return -MIPS_EFAULT;
    int64_t r = sys_host(read((int)a[0], buf, a[2]));
    if (r == 8 && swapped_counter(p, a[0], a[2])) swap64(buf);
    if (r > 0) inotify_events_to_guest(p, (int)a[0], buf, (size_t)r);
    return r;
}

int64_t sys_write(struct user_proc *p, const uint32_t *a)
{
    void *buf = guest_buf(p, a[1], a[2], GM_READ);
    if (!buf && a[2]) return -MIPS_EFAULT;
    if (!swapped_counter(p, a[0], a[2])) return sys_host(write((int)a[0], buf, a[2]));
    uint8_t v[8];
    memcpy(v, buf, 8);
    swap64(v);
    return sys_host(write((int)a[0], v, 8));
}

int64_t sys_pread64(struct user_proc *p, const uint32_t *a)
{
    void *buf = guest_buf(p, a[1], a[2], GM_WRITE);
    if (!buf && a[2]) return -MIPS_EFAULT;
    return sys_host(pread((int)a[0], buf, a[2], (off_t)sys_pair(p, a[4], a[5])));
}

int64_t sys_pwrite64(struct user_proc *p, const uint32_t *a)
{
    void *buf = guest_buf(p, a[1], a[2], GM_READ);
    if (!buf && a[2]) return -MIPS_EFAULT;
    return sys_host(pwrite((int)a[0], buf, a[2], (off_t)sys_pair(p, a[4], a[5])));
}

int64_t load_iov(struct user_proc *p, uint32_t addr, uint32_t count, unsigned prot,
                 struct iovec **out)
{
    if (count > IOV_MAX_GUEST) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, addr, count * 8, GM_READ);
    if (!g && count) return -MIPS_EFAULT;
    struct iovec *iov = calloc(count ? count : 1, sizeof *iov);
    if (!iov) return -MIPS_ENOMEM;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t base = abi_get32(guest_be(p), g + 8 * i),
                 len = abi_get32(guest_be(p), g + 8 * i + 4);
        iov[i].iov_base = guest_buf(p, base, len, prot);
        iov[i].iov_len = len;
        if (!iov[i].iov_base && len) {
            free(iov);
            return -MIPS_EFAULT;
        }
    }
    *out = iov;
    return 0;
}

int64_t sys_readv(struct user_proc *p, const uint32_t *a)
{
    struct iovec *iov;
    int64_t rc = load_iov(p, a[1], a[2], GM_WRITE, &iov);
    if (rc) return rc;
    rc = sys_host(readv((int)a[0], iov, (int)a[2]));
    free(iov);
    return rc;
}

int64_t sys_writev(struct user_proc *p, const uint32_t *a)
{
    struct iovec *iov;
    int64_t rc = load_iov(p, a[1], a[2], GM_READ, &iov);
    if (rc) return rc;
    rc = sys_host(writev((int)a[0], iov, (int)a[2]));
    free(iov);
    return rc;
}

int64_t sys_open(struct user_proc *p, const uint32_t *a)
{
    char buf[4096];
    const char *path = guest_path(p, a[0], buf, sizeof buf);
    if (!path) return -MIPS_EFAULT;
    return sys_host(open(path, open_flags_to_host(a[1]), (mode_t)a[2]));
}

int64_t sys_openat(struct user_proc *p, const uint32_t *a)
{
    char buf[4096];
    const char *path = guest_path(p, a[1], buf, sizeof buf);
    if (!path) return -MIPS_EFAULT;
    return sys_host(openat(guest_dirfd(a[0]), path, open_flags_to_host(a[2]), (mode_t)a[3]));
}

int64_t sys_close(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    /* Keep tern's own stderr for messages if the guest closes fd 2: Linux would
     * close it, and so do we; tern only writes to it after the guest is gone. */
    net_forget_fd((int)a[0]);
    timerfd_forget((int)a[0]);
    sigfd_forget((int)a[0]);
    inotify_forget_fd((int)a[0]);
    return sys_host(close((int)a[0]));
}

int64_t sys_lseek(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    off_t r = lseek((int)a[0], (off_t)(int32_t)a[1], (int)a[2]);
    if (r < 0) return sys_err(errno);
    return r > 0x7fffffff ? -mips_errno(EOVERFLOW) : r;
}

/* _llseek(fd, offset_high, offset_low, loff_t *result, whence). */
int64_t sys_llseek(struct user_proc *p, const uint32_t *a)
{
    uint8_t *res = guest_buf(p, a[3], 8, GM_WRITE);
    if (!res) return -MIPS_EFAULT;
    off_t r = lseek((int)a[0], (off_t)((uint64_t)a[1] << 32 | a[2]), (int)a[4]);
    if (r < 0) return sys_err(errno);
    abi_put64(guest_be(p), res, (uint64_t)r);
    return 0;
}

int64_t sys_dup(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(dup((int)a[0]));
}

int64_t sys_dup2(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(dup2((int)a[0], (int)a[1]));
}

int64_t sys_dup3(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(dup3((int)a[0], (int)a[1], open_flags_to_host(a[2])));
}

/* Linux/MIPS pipe(2) returns the read end in $v0 and the write end in $v1
 * (arch/mips/kernel/syscall.c sysm_pipe); the argument is ignored. */
int64_t sys_pipe(struct user_proc *p, const uint32_t *a)
{
    (void)a;
    int fds[2];
    if (pipe(fds) != 0) return sys_err(errno);
    p->cpu->gpr[3] = (uint32_t)fds[1];
    return fds[0];
}

int64_t sys_pipe2(struct user_proc *p, const uint32_t *a)
{
    uint8_t *out = guest_buf(p, a[0], 8, GM_WRITE);
    if (!out) return -MIPS_EFAULT;
    int fds[2];
    if (pipe2(fds, open_flags_to_host(a[1])) != 0) return sys_err(errno);
    abi_put32(guest_be(p), out, (uint32_t)fds[0]);
    abi_put32(guest_be(p), out + 4, (uint32_t)fds[1]);
    return 0;
}

/* struct flock64 on MIPS o32: short type, short whence, (pad) loff_t start,
 * loff_t len, pid_t pid — offsets 0, 2, 8, 16, 24; 32 bytes. struct flock
 * (F_GETLK 14): short, short, long start, long len, long sysid, pid, pad[4]. */
static int64_t fcntl_lock(struct user_proc *p, int fd, int host_cmd, uint32_t addr, bool is64)
{
    bool be = guest_be(p);
    uint8_t *g = guest_buf(p, addr, is64 ? 32 : 24, GM_READ | GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct flock fl = {0};
    fl.l_type = (short)abi_get16(be, g);
    fl.l_whence = (short)abi_get16(be, g + 2);
    fl.l_start = is64 ? (off_t)abi_get64(be, g + 8) : (int32_t)abi_get32(be, g + 4);
    fl.l_len = is64 ? (off_t)abi_get64(be, g + 16) : (int32_t)abi_get32(be, g + 8);
    if (fcntl(fd, host_cmd, &fl) != 0) return sys_err(errno);
    if (host_cmd != F_GETLK && host_cmd != F_OFD_GETLK) return 0;
    abi_put16(be, g, (uint16_t)fl.l_type);
    abi_put16(be, g + 2, (uint16_t)fl.l_whence);
    if (is64) {
        abi_put64(be, g + 8, (uint64_t)fl.l_start);
        abi_put64(be, g + 16, (uint64_t)fl.l_len);
        abi_put32(be, g + 24, (uint32_t)fl.l_pid);
    } else {
        abi_put32(be, g + 4, (uint32_t)fl.l_start);
        abi_put32(be, g + 8, (uint32_t)fl.l_len);
        abi_put32(be, g + 16, (uint32_t)fl.l_pid);
    }
    return 0;
}

int64_t sys_fcntl(struct user_proc *p, const uint32_t *a)
{
    int fd = (int)a[0];
    switch (a[1]) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
    case F_SETPIPE_SZ:
    case F_GETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS:
    case F_NOTIFY: /* DN_* bits are the same everywhere */
    case F_SETLEASE:
    case F_GETLEASE: /* F_RDLCK 0, F_WRLCK 1, F_UNLCK 2 on both */
        return sys_host(fcntl(fd, (int)a[1], (int)a[2]));
    case F_SETSIG: {
        int sig = a[2] ? mips_to_host_signal((int)a[2]) : 0;
        if (a[2] && !sig) return -MIPS_EINVAL;
        return sys_host(fcntl(fd, F_SETSIG, sig));
    }
    case F_GETSIG: {
        int r = fcntl(fd, F_GETSIG);
        return r <= 0 ? sys_host(r) : host_to_mips_signal(r);
    }
    case F_OFD_GETLK: /* struct flock64 on o32, as fcntl64 takes it */
        return fcntl_lock(p, fd, F_OFD_GETLK, a[2], true);
    case F_OFD_SETLK:
        return fcntl_lock(p, fd, F_OFD_SETLK, a[2], true);
    case F_OFD_SETLKW:
        return fcntl_lock(p, fd, F_OFD_SETLKW, a[2], true);
    case F_GETFL: {
        int r = fcntl(fd, F_GETFL);
        return r < 0 ? sys_err(errno) : (int64_t)open_flags_to_mips(r);
    }
    case F_SETFL:
        return sys_host(fcntl(fd, F_SETFL, open_flags_to_host(a[2])));
    case MIPS_F_GETOWN:
        return sys_host(fcntl(fd, F_GETOWN));
    case MIPS_F_SETOWN:
        return sys_host(fcntl(fd, F_SETOWN, (int)a[2]));
    case MIPS_F_GETLK:
        return fcntl_lock(p, fd, F_GETLK, a[2], false);
    case MIPS_F_SETLK:
        return fcntl_lock(p, fd, F_SETLK, a[2], false);
    case MIPS_F_SETLKW:
        return fcntl_lock(p, fd, F_SETLKW, a[2], false);
    case MIPS_F_GETLK64:
        return fcntl_lock(p, fd, F_GETLK, a[2], true);
    case MIPS_F_SETLK64:
        return fcntl_lock(p, fd, F_SETLK, a[2], true);
    case MIPS_F_SETLKW64:
        return fcntl_lock(p, fd, F_SETLKW, a[2], true);
    default:
        return -MIPS_EINVAL;
    }
}

int64_t sys_fsync(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(fsync((int)a[0]));
}

int64_t sys_sync(struct user_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    sync();
    return 0;
}

int64_t sys_ftruncate(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(ftruncate((int)a[0], (off_t)(int32_t)a[1]));
}

int64_t sys_truncate(struct user_proc *p, const uint32_t *a)
{
    char buf[4096];
    const char *path = guest_path(p, a[0], buf, sizeof buf);
    if (!path) return -MIPS_EFAULT;
    return sys_host(truncate(path, (off_t)(int32_t)a[1]));
}

int64_t sys_truncate64(struct user_proc *p, const uint32_t *a)
{
    char buf[4096];
    const char *path = guest_path(p, a[0], buf, sizeof buf);
    if (!path) return -MIPS_EFAULT;
    return sys_host(truncate(path, (off_t)sys_pair(p, a[2], a[3])));
}

/* ftruncate64(fd, pad, low/high pair) — o32 aligns the 64-bit length to a2/a3. */
int64_t sys_ftruncate64(struct user_proc *p, const uint32_t *a)
{
    return sys_host(ftruncate((int)a[0], (off_t)sys_pair(p, a[2], a[3])));
}

/* ---- poll and select ----------------------------------------------------- */

/* struct pollfd is int fd, short events, short revents; POLL* values match
 * except POLLWRNORM/POLLWRBAND/POLLMSG... which MIPS moves (asm/poll.h). */
int64_t file_poll(struct user_proc *p, uint32_t addr, uint32_t n, const struct timespec *tmo)
{
    if (n > 65536) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, addr, n * 8, GM_READ | GM_WRITE);
    if (!g && n) return -MIPS_EFAULT;
    struct pollfd *fds = calloc(n ? n : 1, sizeof *fds);
    if (!fds) return -MIPS_ENOMEM;
    bool be = guest_be(p);
    for (uint32_t i = 0; i < n; i++) {
        fds[i].fd = (int)abi_get32(be, g + 8 * i);
        fds[i].events = (short)(abi_get16(be, g + 8 * i + 4) & 0x3f); /* IN PRI OUT ERR HUP NVAL */
    }
    int r = ppoll(fds, n, tmo, NULL);
    int e = errno;
    for (uint32_t i = 0; r >= 0 && i < n; i++)
        abi_put16(be, g + 8 * i + 6, (uint16_t)(fds[i].revents & 0x3f));
    free(fds);
    return r < 0 ? sys_err(e) : r;
}

int64_t sys_poll(struct user_proc *p, const uint32_t *a)
{
    int ms = (int)a[2];
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L};
    return file_poll(p, a[0], a[1], ms < 0 ? NULL : &ts);
}

/* fd_set is an array of 32-bit words on o32: bit n of word n/32. */
static bool load_fdset(struct user_proc *p, uint32_t addr, int n, fd_set *set)
{
    FD_ZERO(set);
    if (!addr) return true;
    const uint8_t *g = guest_buf(p, addr, (uint32_t)(n + 31) / 32 * 4, GM_READ);
    if (!g) return false;
    for (int fd = 0; fd < n; fd++)
        if (abi_get32(guest_be(p), g + fd / 32 * 4) >> (fd % 32) & 1) FD_SET(fd, set);
    return true;
}

static void store_fdset(struct user_proc *p, uint32_t addr, int n, const fd_set *set)
{
    uint8_t *g = addr ? guest_buf(p, addr, (uint32_t)(n + 31) / 32 * 4, GM_WRITE) : NULL;
    if (!g) return;
    for (int w = 0; w < (n + 31) / 32; w++) {
        uint32_t bits = 0;
        for (int b = 0; b < 32 && w * 32 + b < n; b++)
            if (FD_ISSET(w * 32 + b, set)) bits |= 1u << b;
        abi_put32(guest_be(p), g + 4 * w, bits);
    }
}

int64_t file_select(struct user_proc *p, const uint32_t *a, struct timeval *tv)
{
    int n = (int)a[0];
    if (n < 0 || n > FD_SETSIZE) return -MIPS_EINVAL;
    fd_set r, w, x;
    if (!load_fdset(p, a[1], n, &r) || !load_fdset(p, a[2], n, &w) || !load_fdset(p, a[3], n, &x))
        return -MIPS_EFAULT;
    int rc = select(n, &r, &w, &x, tv);
    if (rc < 0) return sys_err(errno);
    store_fdset(p, a[1], n, &r);
    store_fdset(p, a[2], n, &w);
    store_fdset(p, a[3], n, &x);
    return rc;
}

/* _newselect(n, r, w, x, struct timeval *) with the 32-bit timeval. */
int64_t sys_select(struct user_proc *p, const uint32_t *a)
{
    struct timeval tv, *tvp = NULL;
    if (a[4]) {
        const uint8_t *t = guest_buf(p, a[4], 8, GM_READ);
        if (!t) return -MIPS_EFAULT;
        tv.tv_sec = (int32_t)abi_get32(guest_be(p), t);
        tv.tv_usec = (int32_t)abi_get32(guest_be(p), t + 4);
        tvp = &tv;
    }
    return file_select(p, a, tvp);
}

/* sendfile64(out, in, loff_t *offset, count). */
int64_t sys_sendfile64(struct user_proc *p, const uint32_t *a)
{
    uint8_t *g = a[2] ? guest_buf(p, a[2], 8, GM_READ | GM_WRITE) : NULL;
    if (a[2] && !g) return -MIPS_EFAULT;
    off_t off = g ? (off_t)abi_get64(guest_be(p), g) : 0;
    ssize_t r = sendfile((int)a[0], (int)a[1], g ? &off : NULL, a[3]);
    if (r < 0) return sys_err(errno);
    if (g) abi_put64(guest_be(p), g, (uint64_t)off);
    return r;
}
