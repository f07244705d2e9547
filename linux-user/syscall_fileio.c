/* linux-user/syscall_fileio.c — the rest of the file-descriptor I/O calls:
 * vector reads and writes at an offset (preadv/pwritev and the *2 forms with
 * RWF_* flags), space and cache hints (fallocate, fadvise64, readahead,
 * sync_file_range, syncfs), copies inside the kernel (copy_file_range,
 * splice, tee, vmsplice, sendfile), memfd_create, close_range, flock, and
 * the timed waits ppoll, pselect6 and epoll_pwait2 in both timespec layouts.
 *
 * o32 argument layouts (arch/mips/kernel/syscalls/syscall_o32.tbl and the
 * sys32_* wrappers of arch/mips/kernel/linux32.c):
 *  - preadv/pwritev(fd, iov, n, pos_lo, pos_hi): the offset is two plain
 *    words, low one first in either byte order (sys_preadv's pos_l/pos_h),
 *    not an aligned register pair;
 *  - fallocate(fd, mode, offset pair a2/a3, length pair on the stack);
 *  - fadvise64 and sync_file_range(fd, pad, offset pair, length pair,
 *    advice/flags); readahead(fd, pad, offset pair, count).
 * RWF_*, FALLOC_FL_*, POSIX_FADV_*, SYNC_FILE_RANGE_*, SPLICE_F_*, MFD_*,
 * CLOSE_RANGE_* and LOCK_* have the same values on MIPS and the host.
 *
 * Signal masks given to ppoll/pselect6/epoll_pwait2 are not applied, as for
 * epoll_pwait (syscall_net.c): guest signals are tern's pending set.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- vector I/O at an offset ---------------------------------------------- */

/* preadv/pwritev (v2 false) and preadv2/pwritev2 (flags in a[5]; offset -1
 * is the file position there, as Linux). */
static int64_t vector_at(struct user_proc *p, const uint32_t *a, bool out, bool v2)
{
    struct iovec *iov;
    int64_t rc = load_iov(p, a[1], a[2], out ? GM_READ : GM_WRITE, &iov);
    if (rc) return rc;
    off_t pos = (off_t)((uint64_t)a[4] << 32 | a[3]);
    int n = (int)a[2], flags = v2 ? (int)a[5] : 0, fd = (int)a[0];
    ssize_t r = out ? (v2 ? pwritev2(fd, iov, n, pos, flags) : pwritev(fd, iov, n, pos))
                    : (v2 ? preadv2(fd, iov, n, pos, flags) : preadv(fd, iov, n, pos));
    rc = sys_host(r);
    free(iov);
    return rc;
}

int64_t sys_preadv(struct user_proc *p, const uint32_t *a)
{
    return vector_at(p, a, false, false);
}

int64_t sys_pwritev(struct user_proc *p, const uint32_t *a)
{
    return vector_at(p, a, true, false);
}

int64_t sys_preadv2(struct user_proc *p, const uint32_t *a)
{
    return vector_at(p, a, false, true);
}

int64_t sys_pwritev2(struct user_proc *p, const uint32_t *a)
{
    return vector_at(p, a, true, true);
}

/* ---- space and cache hints ------------------------------------------------ */

int64_t sys_fallocate(struct user_proc *p, const uint32_t *a)
{
    return sys_host(fallocate((int)a[0], (int)a[1], (off_t)sys_pair(p, a[2], a[3]),
                              (off_t)sys_pair(p, a[4], a[5])));
}

/* fadvise64 (o32 254 is sys32_fadvise64_64): fd, pad, offset, len, advice. */
int64_t sys_fadvise64(struct user_proc *p, const uint32_t *a)
{
    int e = posix_fadvise((int)a[0], (off_t)sys_pair(p, a[2], a[3]), (off_t)sys_pair(p, a[4], a[5]),
                          (int)a[6]);
    return e ? sys_err(e) : 0;
}

int64_t sys_readahead(struct user_proc *p, const uint32_t *a)
{
    return sys_host(readahead((int)a[0], (off64_t)sys_pair(p, a[2], a[3]), a[4]));
}

int64_t sys_sync_file_range(struct user_proc *p, const uint32_t *a)
{
    return sys_host(sync_file_range((int)a[0], (off64_t)sys_pair(p, a[2], a[3]),
                                    (off64_t)sys_pair(p, a[4], a[5]), a[6]));
}

int64_t sys_syncfs(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syncfs((int)a[0]));
}

/* ---- copies inside the kernel --------------------------------------------- */

/* A guest loff_t * argument: NULL when addr is 0, the host copy in *v
 * otherwise; false when the guest memory is not readable and writable. */
static bool load_offset(struct user_proc *p, uint32_t addr, uint8_t **g, loff_t *v)
{
    *g = addr ? guest_buf(p, addr, 8, GM_READ | GM_WRITE) : NULL;
    if (*g) *v = (loff_t)abi_get64(guest_be(p), *g);
    return !addr || *g;
}

static void store_offset(struct user_proc *p, uint8_t *g, loff_t v)
{
    if (g) abi_put64(guest_be(p), g, (uint64_t)v);
}

/* copy_file_range(fd_in, loff_t *off_in, fd_out, loff_t *off_out, len, flags)
 * and splice with the same arguments: the offsets are updated in place. */
static int64_t copy_range(struct user_proc *p, const uint32_t *a, bool is_splice)
{
    uint8_t *gin, *gout;
    loff_t in = 0, out = 0;
    if (!load_offset(p, a[1], &gin, &in) || !load_offset(p, a[3], &gout, &out)) return -MIPS_EFAULT;
    loff_t *pin = gin ? &in : NULL, *pout = gout ? &out : NULL;
    ssize_t r = is_splice ? splice((int)a[0], pin, (int)a[2], pout, a[4], a[5])
                          : copy_file_range((int)a[0], pin, (int)a[2], pout, a[4], a[5]);
    if (r < 0) return sys_err(errno);
    store_offset(p, gin, in);
    store_offset(p, gout, out);
    return r;
}

int64_t sys_copy_file_range(struct user_proc *p, const uint32_t *a)
{
    return copy_range(p, a, false);
}

int64_t sys_splice(struct user_proc *p, const uint32_t *a)
{
    return copy_range(p, a, true);
}

int64_t sys_tee(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(tee((int)a[0], (int)a[1], a[2], a[3]));
}

/* vmsplice(fd, iov, n, flags): the guest buffers are read when fd is open
 * for writing (into a pipe) and written when it is open for reading only. */
int64_t sys_vmsplice(struct user_proc *p, const uint32_t *a)
{
    int mode = fcntl((int)a[0], F_GETFL);
    if (mode < 0) return sys_err(errno);
    bool to_pipe = (mode & O_ACCMODE) != O_RDONLY;
    struct iovec *iov;
    int64_t rc = load_iov(p, a[1], a[2], to_pipe ? GM_READ : GM_WRITE, &iov);
    if (rc) return rc;
    rc = sys_host(vmsplice((int)a[0], iov, a[2], a[3]));
    free(iov);
    return rc;
}

/* sendfile(out, in, off_t *offset, count): a 32-bit offset, so Linux stops
 * at 2 GiB - 1 (do_sendfile's MAX_NON_LFS): a shorter count up to there,
 * EOVERFLOW from there on. */
int64_t sys_sendfile(struct user_proc *p, const uint32_t *a)
{
    const int64_t max = 0x7fffffff;
    uint8_t *g = a[2] ? guest_buf(p, a[2], 4, GM_READ | GM_WRITE) : NULL;
    if (a[2] && !g) return -MIPS_EFAULT;
    off_t off = g ? (int32_t)abi_get32(guest_be(p), g) : 0;
    off_t pos = g ? off : lseek((int)a[1], 0, SEEK_CUR);
    uint64_t count = a[3];
    if (pos >= 0 && (uint64_t)pos + count > (uint64_t)max) {
        if (pos >= max) return -mips_errno(EOVERFLOW);
        count = (uint64_t)(max - pos);
    }
    ssize_t r = sendfile((int)a[0], (int)a[1], g ? &off : NULL, count);
    if (r < 0) return sys_err(errno);
    if (g) abi_put32(guest_be(p), g, (uint32_t)off);
    return r;
}

/* ---- descriptors ---------------------------------------------------------- */

int64_t sys_memfd_create(struct user_proc *p, const uint32_t *a)
{
    const char *name = gm_string(p->mem, a[0]);
    if (!name) return -MIPS_EFAULT;
    return sys_host(memfd_create(name, a[1]));
}

/* Above the highest fd the eventfd and inotify sets track. */
#define FD_TRACKED 65536u

int64_t sys_close_range(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    if (close_range(a[0], a[1], (int)a[2]) != 0) return sys_err(errno);
    if (!(a[2] & CLOSE_RANGE_CLOEXEC))
        for (uint32_t fd = a[0]; fd <= a[1] && fd < FD_TRACKED; fd++) {
            net_forget_fd((int)fd);
            inotify_forget_fd((int)fd);
        }
    return 0;
}

int64_t sys_flock(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(flock((int)a[0], (int)a[1]));
}

/* ---- timed waits ---------------------------------------------------------- */

static int64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* A ppoll/pselect6 timeout as given, and when the wait began. */
struct timeout {
    struct timespec ts;
    int64_t start;
};

/* Reads the timeout at addr (old or wide layout); -MIPS_EINVAL for a
 * negative or unnormalised one, as poll_select_set_timeout. */
static int64_t load_timeout(struct user_proc *p, uint32_t addr, bool wide, struct timeout *t)
{
    int64_t rc = get_timespec(p, addr, &t->ts, wide);
    if (rc) return rc;
    if (t->ts.tv_sec < 0 || t->ts.tv_nsec < 0 || t->ts.tv_nsec >= 1000000000) return -MIPS_EINVAL;
    t->start = mono_ns();
    return 0;
}

/* What is left of the timeout, written back as Linux's poll_select_finish
 * does: not for a zero timeout, and not when the guest cannot write it. */
static void store_left(struct user_proc *p, uint32_t addr, bool wide, const struct timeout *t)
{
    if (!t->ts.tv_sec && !t->ts.tv_nsec) return;
    int64_t spent = mono_ns() - t->start;
    struct timespec left = t->ts;
    left.tv_sec -= spent / 1000000000;
    left.tv_nsec -= spent % 1000000000;
    if (left.tv_nsec < 0) left.tv_sec--, left.tv_nsec += 1000000000;
    if (left.tv_sec < 0) left.tv_sec = left.tv_nsec = 0;
    put_timespec(p, addr, &left, wide);
}

/* ppoll(fds, n, timeout, sigmask, sigsetsize). */
static int64_t ppoll_common(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timeout t;
    if (a[2]) {
        int64_t rc = load_timeout(p, a[2], wide, &t);
        if (rc) return rc;
    }
    int64_t rc = file_poll(p, a[0], a[1], a[2] ? &t.ts : NULL);
    if (a[2]) store_left(p, a[2], wide, &t);
    return rc;
}

int64_t sys_ppoll(struct user_proc *p, const uint32_t *a)
{
    return ppoll_common(p, a, false);
}

int64_t sys_ppoll_time64(struct user_proc *p, const uint32_t *a)
{
    return ppoll_common(p, a, true);
}

/* pselect6(n, r, w, x, timeout, {sigmask, size}): glibc's select() is this
 * call and reads the time left back from the timeout. */
static int64_t pselect6_common(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timeout t;
    struct timeval tv;
    if (a[4]) {
        int64_t rc = load_timeout(p, a[4], wide, &t);
        if (rc) return rc;
        long us = (t.ts.tv_nsec + 999) / 1000; /* never wake before the time */
        tv.tv_sec = t.ts.tv_sec + us / 1000000;
        tv.tv_usec = us % 1000000;
    }
    int64_t rc = file_select(p, a, a[4] ? &tv : NULL);
    if (a[4]) store_left(p, a[4], wide, &t);
    return rc;
}

int64_t sys_pselect6(struct user_proc *p, const uint32_t *a)
{
    return pselect6_common(p, a, false);
}

int64_t sys_pselect6_time64(struct user_proc *p, const uint32_t *a)
{
    return pselect6_common(p, a, true);
}

/* epoll_pwait2(epfd, events, max, struct __kernel_timespec *timeout, sigmask,
 * sigsetsize): epoll_wait with the timeout in milliseconds, rounded up. */
int64_t sys_epoll_pwait2(struct user_proc *p, const uint32_t *a)
{
    int ms = -1;
    if (a[3]) {
        struct timespec ts;
        int64_t rc = get_timespec(p, a[3], &ts, true);
        if (rc) return rc;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -MIPS_EINVAL;
        int64_t total = ts.tv_sec > INT_MAX / 1000
                            ? INT_MAX
                            : ts.tv_sec * 1000 + (ts.tv_nsec + 999999) / 1000000;
        ms = total > INT_MAX ? INT_MAX : (int)total;
    }
    uint32_t args[4] = {a[0], a[1], a[2], (uint32_t)ms};
    return sys_epoll_wait(p, args);
}
