/* linux-user/syscall_int.h — what the system-call files share: the handler
 * type, the result conventions, guest-memory and path helpers, and the
 * prototypes of every handler (grouped by file) that syscall.c's table names.
 *
 * A handler gets the eight o32 arguments (a0-a3 and the four stack words) and
 * returns the result, or -(MIPS errno) — the kernel's own convention; the
 * dispatcher turns it into v0/a3.
 */
#ifndef TERN_LINUX_USER_SYSCALL_INT_H
#define TERN_LINUX_USER_SYSCALL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/cpu.h"
#include "linux-user/guest_mem.h"
#include "linux-user/mips_abi.h"
#include "linux-user/syscall_nr.h"
#include "linux-user/user.h"

#define MIPS_EFAULT 14
#define MIPS_EINVAL 22
#define MIPS_ENOSYS 89
#define MIPS_ENOTTY 25
#define MIPS_ENOMEM 12
#define MIPS_EBADF 9
#define MIPS_ERANGE 34
#define MIPS_ENOENT 2
#define MIPS_ESRCH 3

typedef int64_t (*sys_handler)(struct user_proc *p, const uint32_t *a);

/* A host result (-1 with errno on failure) as a handler result. */
int64_t sys_host(long r);

/* -(MIPS errno) for the host errno e. */
static inline int64_t sys_err(int host_errno)
{
    return -(int64_t)mips_errno(host_errno);
}

/* A guest buffer as a host pointer (NULL when not accessible with prot). */
static inline void *guest_buf(struct user_proc *p, uint32_t addr, uint32_t len, unsigned prot)
{
    return gm_ptr(p->mem, addr, len, prot);
}

static inline bool guest_be(const struct user_proc *p)
{
    return p->mem->big_endian;
}

/* Resolves a guest path for the host: absolute paths are tried under the
 * sysroot first (qemu's -L rule); NULL when unreadable (the handler returns
 * EFAULT). buf holds the result when it was rewritten. */
const char *guest_path(struct user_proc *p, uint32_t addr, char *buf, size_t len);

/* A guest directory fd (AT_FDCWD is -100 on MIPS too). */
static inline int guest_dirfd(uint32_t fd)
{
    return (int)fd;
}

/* 64-bit argument from an o32 register pair: aligned to an even register
 * (a2/a3, or the stack pair), low word first on little-endian guests. */
static inline uint64_t sys_pair(const struct user_proc *p, uint32_t first, uint32_t second)
{
    return guest_be(p) ? ((uint64_t)first << 32 | second) : ((uint64_t)second << 32 | first);
}

/* Open flags and fcntl commands, MIPS -> host and back. */
int open_flags_to_host(uint32_t mips_flags);
uint32_t open_flags_to_mips(int host_flags);

/* A host struct stat as MIPS struct stat64 at guest address addr (104 bytes). */
int64_t put_stat64(struct user_proc *p, uint32_t addr, const void *host_stat);

/* A host struct stat as the old o32 struct stat (144 bytes); EOVERFLOW when
 * the inode number, link count or size does not fit, as Linux. */
int64_t put_stat(struct user_proc *p, uint32_t addr, const void *host_stat);

/* A host struct statfs as the old o32 struct statfs (68 bytes), or EOVERFLOW. */
int64_t put_statfs(struct user_proc *p, uint32_t addr, const void *host_statfs);

/* Reads the guest struct timespec at addr (the old 32-bit layout, or the
 * *_time64 one when wide); 0, or -MIPS_EFAULT. */
int64_t get_timespec(struct user_proc *p, uint32_t addr, struct timespec *ts, bool wide);

/* Writes ts as a guest timespec (8 bytes, or 16 when wide); 0, or -MIPS_EFAULT. */
int64_t put_timespec(struct user_proc *p, uint32_t addr, const struct timespec *ts, bool wide);

/* syscall_file.c */
int64_t sys_read(struct user_proc *p, const uint32_t *a);
int64_t sys_write(struct user_proc *p, const uint32_t *a);
int64_t sys_readv(struct user_proc *p, const uint32_t *a);
int64_t sys_writev(struct user_proc *p, const uint32_t *a);
int64_t sys_pread64(struct user_proc *p, const uint32_t *a);
int64_t sys_pwrite64(struct user_proc *p, const uint32_t *a);
int64_t sys_open(struct user_proc *p, const uint32_t *a);
int64_t sys_openat(struct user_proc *p, const uint32_t *a);
int64_t sys_close(struct user_proc *p, const uint32_t *a);
int64_t sys_lseek(struct user_proc *p, const uint32_t *a);
int64_t sys_llseek(struct user_proc *p, const uint32_t *a);
int64_t sys_dup(struct user_proc *p, const uint32_t *a);
int64_t sys_dup2(struct user_proc *p, const uint32_t *a);
int64_t sys_dup3(struct user_proc *p, const uint32_t *a);
int64_t sys_pipe(struct user_proc *p, const uint32_t *a);
int64_t sys_pipe2(struct user_proc *p, const uint32_t *a);
int64_t sys_fcntl(struct user_proc *p, const uint32_t *a);
int64_t sys_ioctl(struct user_proc *p, const uint32_t *a);
int64_t sys_fsync(struct user_proc *p, const uint32_t *a);
int64_t sys_sync(struct user_proc *p, const uint32_t *a);
int64_t sys_ftruncate64(struct user_proc *p, const uint32_t *a);
int64_t sys_ftruncate(struct user_proc *p, const uint32_t *a);
int64_t sys_truncate(struct user_proc *p, const uint32_t *a);
int64_t sys_truncate64(struct user_proc *p, const uint32_t *a);
int64_t sys_poll(struct user_proc *p, const uint32_t *a);
int64_t sys_select(struct user_proc *p, const uint32_t *a);
int64_t sys_sendfile64(struct user_proc *p, const uint32_t *a);
struct iovec;
struct timeval;
/* The guest's iovec array (u32 base, u32 len each) as a host one (malloc'd,
 * the caller frees) whose buffers are accessible with prot; 0, or -errno. */
int64_t load_iov(struct user_proc *p, uint32_t addr, uint32_t count, unsigned prot,
                 struct iovec **out);
/* poll on the guest's struct pollfd array; tmo NULL waits forever. */
int64_t file_poll(struct user_proc *p, uint32_t addr, uint32_t n, const struct timespec *tmo);
/* select(a[0], a[1..3] guest fd_sets) with the host timeout tv (NULL: none). */
int64_t file_select(struct user_proc *p, const uint32_t *a, struct timeval *tv);

/* syscall_fileio.c */
int64_t sys_preadv(struct user_proc *p, const uint32_t *a);
int64_t sys_pwritev(struct user_proc *p, const uint32_t *a);
int64_t sys_preadv2(struct user_proc *p, const uint32_t *a);
int64_t sys_pwritev2(struct user_proc *p, const uint32_t *a);
int64_t sys_fallocate(struct user_proc *p, const uint32_t *a);
int64_t sys_fadvise64(struct user_proc *p, const uint32_t *a);
int64_t sys_readahead(struct user_proc *p, const uint32_t *a);
int64_t sys_sync_file_range(struct user_proc *p, const uint32_t *a);
int64_t sys_syncfs(struct user_proc *p, const uint32_t *a);
int64_t sys_copy_file_range(struct user_proc *p, const uint32_t *a);
int64_t sys_splice(struct user_proc *p, const uint32_t *a);
int64_t sys_tee(struct user_proc *p, const uint32_t *a);
int64_t sys_vmsplice(struct user_proc *p, const uint32_t *a);
int64_t sys_sendfile(struct user_proc *p, const uint32_t *a);
int64_t sys_memfd_create(struct user_proc *p, const uint32_t *a);
int64_t sys_close_range(struct user_proc *p, const uint32_t *a);
int64_t sys_flock(struct user_proc *p, const uint32_t *a);
int64_t sys_ppoll(struct user_proc *p, const uint32_t *a);
int64_t sys_ppoll_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_pselect6(struct user_proc *p, const uint32_t *a);
int64_t sys_pselect6_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_epoll_pwait2(struct user_proc *p, const uint32_t *a);

/* syscall_fs.c */
int64_t sys_stat64(struct user_proc *p, const uint32_t *a);
int64_t sys_lstat64(struct user_proc *p, const uint32_t *a);
int64_t sys_fstat64(struct user_proc *p, const uint32_t *a);
int64_t sys_fstatat64(struct user_proc *p, const uint32_t *a);
int64_t sys_statx(struct user_proc *p, const uint32_t *a);
int64_t sys_getdents64(struct user_proc *p, const uint32_t *a);
int64_t sys_readlink(struct user_proc *p, const uint32_t *a);
int64_t sys_readlinkat(struct user_proc *p, const uint32_t *a);
int64_t sys_access(struct user_proc *p, const uint32_t *a);
int64_t sys_faccessat(struct user_proc *p, const uint32_t *a);
int64_t sys_getcwd(struct user_proc *p, const uint32_t *a);
int64_t sys_chdir(struct user_proc *p, const uint32_t *a);
int64_t sys_fchdir(struct user_proc *p, const uint32_t *a);
int64_t sys_mkdir(struct user_proc *p, const uint32_t *a);
int64_t sys_mkdirat(struct user_proc *p, const uint32_t *a);
int64_t sys_unlink(struct user_proc *p, const uint32_t *a);
int64_t sys_unlinkat(struct user_proc *p, const uint32_t *a);
int64_t sys_rename(struct user_proc *p, const uint32_t *a);
int64_t sys_renameat(struct user_proc *p, const uint32_t *a);
int64_t sys_renameat2(struct user_proc *p, const uint32_t *a);
int64_t sys_rmdir(struct user_proc *p, const uint32_t *a);
int64_t sys_symlink(struct user_proc *p, const uint32_t *a);
int64_t sys_symlinkat(struct user_proc *p, const uint32_t *a);
int64_t sys_link(struct user_proc *p, const uint32_t *a);
int64_t sys_linkat(struct user_proc *p, const uint32_t *a);
int64_t sys_chmod(struct user_proc *p, const uint32_t *a);
int64_t sys_fchmod(struct user_proc *p, const uint32_t *a);
int64_t sys_fchmodat(struct user_proc *p, const uint32_t *a);
int64_t sys_fchown(struct user_proc *p, const uint32_t *a);
int64_t sys_fchownat(struct user_proc *p, const uint32_t *a);
int64_t sys_lchown(struct user_proc *p, const uint32_t *a);
int64_t sys_chown(struct user_proc *p, const uint32_t *a);
int64_t sys_utimensat(struct user_proc *p, const uint32_t *a);
int64_t sys_utimensat_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_statfs64(struct user_proc *p, const uint32_t *a);
int64_t sys_fstatfs64(struct user_proc *p, const uint32_t *a);
int64_t sys_umask(struct user_proc *p, const uint32_t *a);
int64_t sys_getxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_lgetxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_fgetxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_listxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_llistxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_flistxattr(struct user_proc *p, const uint32_t *a);

/* syscall_fsmeta.c */
/* Swaps the headers of the inotify events read from fd into buf for a
 * big-endian guest; nothing for other fds or a little-endian guest. */
void inotify_events_to_guest(struct user_proc *p, int fd, void *buf, size_t len);
/* fd was closed: it is no longer an inotify instance. */
void inotify_forget_fd(int fd);
int64_t sys_creat(struct user_proc *p, const uint32_t *a);
int64_t sys_mknod(struct user_proc *p, const uint32_t *a);
int64_t sys_mknodat(struct user_proc *p, const uint32_t *a);
int64_t sys_utime(struct user_proc *p, const uint32_t *a);
int64_t sys_utimes(struct user_proc *p, const uint32_t *a);
int64_t sys_futimesat(struct user_proc *p, const uint32_t *a);
int64_t sys_setxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_lsetxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_fsetxattr(struct user_proc *p, const uint32_t *a);
int64_t sys_removexattr(struct user_proc *p, const uint32_t *a);
int64_t sys_lremovexattr(struct user_proc *p, const uint32_t *a);
int64_t sys_fremovexattr(struct user_proc *p, const uint32_t *a);
int64_t sys_stat(struct user_proc *p, const uint32_t *a);
int64_t sys_lstat(struct user_proc *p, const uint32_t *a);
int64_t sys_fstat(struct user_proc *p, const uint32_t *a);
int64_t sys_statfs(struct user_proc *p, const uint32_t *a);
int64_t sys_fstatfs(struct user_proc *p, const uint32_t *a);
int64_t sys_getdents(struct user_proc *p, const uint32_t *a);
int64_t sys_inotify_init(struct user_proc *p, const uint32_t *a);
int64_t sys_inotify_init1(struct user_proc *p, const uint32_t *a);
int64_t sys_inotify_add_watch(struct user_proc *p, const uint32_t *a);
int64_t sys_inotify_rm_watch(struct user_proc *p, const uint32_t *a);
int64_t sys_cacheflush(struct user_proc *p, const uint32_t *a);
int64_t sys_cachectl(struct user_proc *p, const uint32_t *a);

/* syscall_mem.c */
int64_t sys_brk(struct user_proc *p, const uint32_t *a);
int64_t sys_mmap(struct user_proc *p, const uint32_t *a);
int64_t sys_mmap2(struct user_proc *p, const uint32_t *a);
int64_t sys_munmap(struct user_proc *p, const uint32_t *a);
int64_t sys_mprotect(struct user_proc *p, const uint32_t *a);
int64_t sys_mremap(struct user_proc *p, const uint32_t *a);
int64_t sys_madvise(struct user_proc *p, const uint32_t *a);
int64_t sys_msync(struct user_proc *p, const uint32_t *a);

/* syscall_time.c */
int64_t sys_time(struct user_proc *p, const uint32_t *a);
int64_t sys_gettimeofday(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_settime(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_settime64(struct user_proc *p, const uint32_t *a);
int64_t sys_settimeofday(struct user_proc *p, const uint32_t *a);
int64_t sys_stime(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_gettime(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_gettime64(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_getres(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_getres_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_nanosleep(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_nanosleep(struct user_proc *p, const uint32_t *a);
int64_t sys_clock_nanosleep_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_times(struct user_proc *p, const uint32_t *a);
int64_t sys_getrusage(struct user_proc *p, const uint32_t *a);
int64_t sys_futex(struct user_proc *p, const uint32_t *a);
int64_t sys_futex_time64(struct user_proc *p, const uint32_t *a);

/* syscall_proc.c */
int64_t sys_exit(struct user_proc *p, const uint32_t *a);
int64_t sys_exit_group(struct user_proc *p, const uint32_t *a);
int64_t sys_getpid(struct user_proc *p, const uint32_t *a);
int64_t sys_getppid(struct user_proc *p, const uint32_t *a);
int64_t sys_getuid(struct user_proc *p, const uint32_t *a);
int64_t sys_geteuid(struct user_proc *p, const uint32_t *a);
int64_t sys_getgid(struct user_proc *p, const uint32_t *a);
int64_t sys_getegid(struct user_proc *p, const uint32_t *a);
int64_t sys_gettid(struct user_proc *p, const uint32_t *a);
int64_t sys_getpgrp(struct user_proc *p, const uint32_t *a);
int64_t sys_getpgid(struct user_proc *p, const uint32_t *a);
int64_t sys_setpgid(struct user_proc *p, const uint32_t *a);
int64_t sys_getsid(struct user_proc *p, const uint32_t *a);
int64_t sys_setsid(struct user_proc *p, const uint32_t *a);
int64_t sys_getgroups(struct user_proc *p, const uint32_t *a);
int64_t sys_uname(struct user_proc *p, const uint32_t *a);
int64_t sys_getrandom(struct user_proc *p, const uint32_t *a);
int64_t sys_prlimit64(struct user_proc *p, const uint32_t *a);
int64_t sys_getrlimit(struct user_proc *p, const uint32_t *a);
int64_t sys_setrlimit(struct user_proc *p, const uint32_t *a);
int64_t sys_sysinfo(struct user_proc *p, const uint32_t *a);
int64_t sys_set_tid_address(struct user_proc *p, const uint32_t *a);
int64_t sys_set_robust_list(struct user_proc *p, const uint32_t *a);
int64_t sys_get_robust_list(struct user_proc *p, const uint32_t *a); /* futex.c */
int64_t sys_set_thread_area(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigaction(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigprocmask(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_getaffinity(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_yield(struct user_proc *p, const uint32_t *a);
int64_t sys_kill(struct user_proc *p, const uint32_t *a);
int64_t sys_tgkill(struct user_proc *p, const uint32_t *a);
int64_t sys_tkill(struct user_proc *p, const uint32_t *a);
int64_t sys_wait4(struct user_proc *p, const uint32_t *a);
int64_t sys_prctl(struct user_proc *p, const uint32_t *a);
int64_t sys_rseq(struct user_proc *p, const uint32_t *a);

/* syscall_cred.c */
int64_t sys_setuid(struct user_proc *p, const uint32_t *a);
int64_t sys_setgid(struct user_proc *p, const uint32_t *a);
int64_t sys_setreuid(struct user_proc *p, const uint32_t *a);
int64_t sys_setregid(struct user_proc *p, const uint32_t *a);
int64_t sys_setresuid(struct user_proc *p, const uint32_t *a);
int64_t sys_setresgid(struct user_proc *p, const uint32_t *a);
int64_t sys_getresuid(struct user_proc *p, const uint32_t *a);
int64_t sys_getresgid(struct user_proc *p, const uint32_t *a);
int64_t sys_setgroups(struct user_proc *p, const uint32_t *a);
int64_t sys_setfsuid(struct user_proc *p, const uint32_t *a);
int64_t sys_setfsgid(struct user_proc *p, const uint32_t *a);
int64_t sys_capget(struct user_proc *p, const uint32_t *a);
int64_t sys_capset(struct user_proc *p, const uint32_t *a);
int64_t sys_personality(struct user_proc *p, const uint32_t *a);

/* syscall_sched.c */
int64_t sys_nice(struct user_proc *p, const uint32_t *a);
int64_t sys_getpriority(struct user_proc *p, const uint32_t *a);
int64_t sys_setpriority(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_setparam(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_getparam(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_setscheduler(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_getscheduler(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_get_priority_max(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_get_priority_min(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_rr_get_interval(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_rr_get_interval_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_sched_setaffinity(struct user_proc *p, const uint32_t *a);
int64_t sys_getcpu(struct user_proc *p, const uint32_t *a);
int64_t sys_mlock(struct user_proc *p, const uint32_t *a);
int64_t sys_munlock(struct user_proc *p, const uint32_t *a);
int64_t sys_mlock2(struct user_proc *p, const uint32_t *a);
int64_t sys_mlockall(struct user_proc *p, const uint32_t *a);
int64_t sys_munlockall(struct user_proc *p, const uint32_t *a);
int64_t sys_mincore(struct user_proc *p, const uint32_t *a);

/* unaligned.c */
int64_t sys_sysmips(struct user_proc *p, const uint32_t *a);

/* signal.c */
int64_t sys_rt_sigreturn(struct user_proc *p, const uint32_t *a);
int64_t sys_sigaltstack(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigsuspend(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigpending(struct user_proc *p, const uint32_t *a);
int64_t sys_pause(struct user_proc *p, const uint32_t *a);
int64_t sys_alarm(struct user_proc *p, const uint32_t *a);

/* syscall_net.c */
/* True when fd is an eventfd the guest made; forget: it was closed. */
bool net_is_eventfd(int fd);
void net_forget_fd(int fd);
int64_t sys_socket(struct user_proc *p, const uint32_t *a);
int64_t sys_socketpair(struct user_proc *p, const uint32_t *a);
int64_t sys_bind(struct user_proc *p, const uint32_t *a);
int64_t sys_connect(struct user_proc *p, const uint32_t *a);
int64_t sys_listen(struct user_proc *p, const uint32_t *a);
int64_t sys_shutdown(struct user_proc *p, const uint32_t *a);
int64_t sys_accept(struct user_proc *p, const uint32_t *a);
int64_t sys_accept4(struct user_proc *p, const uint32_t *a);
int64_t sys_getsockname(struct user_proc *p, const uint32_t *a);
int64_t sys_getpeername(struct user_proc *p, const uint32_t *a);
int64_t sys_sendto(struct user_proc *p, const uint32_t *a);
int64_t sys_send(struct user_proc *p, const uint32_t *a);
int64_t sys_recvfrom(struct user_proc *p, const uint32_t *a);
int64_t sys_recv(struct user_proc *p, const uint32_t *a);
int64_t sys_sendmsg(struct user_proc *p, const uint32_t *a);
int64_t sys_recvmsg(struct user_proc *p, const uint32_t *a);
int64_t sys_sendmmsg(struct user_proc *p, const uint32_t *a);
int64_t sys_recvmmsg(struct user_proc *p, const uint32_t *a);
int64_t sys_recvmmsg_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_setsockopt(struct user_proc *p, const uint32_t *a);
int64_t sys_getsockopt(struct user_proc *p, const uint32_t *a);
int64_t sys_epoll_create(struct user_proc *p, const uint32_t *a);
int64_t sys_epoll_create1(struct user_proc *p, const uint32_t *a);
int64_t sys_epoll_ctl(struct user_proc *p, const uint32_t *a);
int64_t sys_epoll_wait(struct user_proc *p, const uint32_t *a);
int64_t sys_eventfd(struct user_proc *p, const uint32_t *a);
int64_t sys_eventfd2(struct user_proc *p, const uint32_t *a);

/* syscall_exec.c */
int64_t sys_fork(struct user_proc *p, const uint32_t *a);
int64_t sys_clone(struct user_proc *p, const uint32_t *a);
int64_t sys_execve(struct user_proc *p, const uint32_t *a);
int64_t sys_execveat(struct user_proc *p, const uint32_t *a);

/* Kills the process with MIPS signal sig as its default action would:
 * ignored-by-default signals are dropped; returns 0. */
int64_t proc_raise(struct user_proc *p, int sig);

/* proc_raise with the siginfo the signal carries (NULL: kill()'s). */
int64_t proc_raise_info(struct user_proc *p, int sig, const struct user_siginfo *info);

/* Signal sig with info for guest thread tid of p's group (syscall_proc.c):
 * 0, or -MIPS_ESRCH when there is no such thread. */
int64_t proc_signal_thread(struct user_proc *p, int tid, int sig, const struct user_siginfo *info);

/* syscall_timer.c */
/* A host timer signal's si_value (sival) and si_overrun as the guest timer's
 * signal: *sig, its SI_TIMER siginfo, and whether it is for the thread the
 * host signal came to (SIGEV_THREAD_ID); false when no timer of ours has
 * that value. Async-signal-safe. */
bool timer_signal_info(int sival, int overrun, int *sig, struct user_siginfo *info,
                       bool *to_thread);
/* Guest timer id's signal was taken with overrun: timer_getoverrun's answer. */
void timer_taken(uint32_t id, uint32_t overrun);
/* True when fd is a timerfd (its reads are a host-order u64); forget: it
 * was closed. */
bool timerfd_is(int fd);
void timerfd_forget(int fd);
int64_t sys_setitimer(struct user_proc *p, const uint32_t *a);
int64_t sys_getitimer(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_create(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_settime(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_settime64(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_gettime(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_gettime64(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_getoverrun(struct user_proc *p, const uint32_t *a);
int64_t sys_timer_delete(struct user_proc *p, const uint32_t *a);
int64_t sys_timerfd_create(struct user_proc *p, const uint32_t *a);
int64_t sys_timerfd_settime(struct user_proc *p, const uint32_t *a);
int64_t sys_timerfd_settime64(struct user_proc *p, const uint32_t *a);
int64_t sys_timerfd_gettime(struct user_proc *p, const uint32_t *a);
int64_t sys_timerfd_gettime64(struct user_proc *p, const uint32_t *a);

/* signal_wait.c */
/* sig became pending (signal.c): signalfds watching it turn readable and
 * threads waiting in sigtimedwait or a signalfd read look again.
 * Async-signal-safe. */
void sigwait_pended(int sig);
/* A signal of p's was taken: signalfds with nothing pending left turn
 * unreadable. */
void sigwait_taken(struct user_proc *p);
/* True when fd is a signalfd; sigfd_read is read(2) on it; forget: closed. */
bool sigfd_is(int fd);
int64_t sigfd_read(struct user_proc *p, int fd, uint32_t addr, uint32_t len);
void sigfd_forget(int fd);
int64_t sys_rt_sigtimedwait(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigtimedwait_time64(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_sigqueueinfo(struct user_proc *p, const uint32_t *a);
int64_t sys_rt_tgsigqueueinfo(struct user_proc *p, const uint32_t *a);
int64_t sys_signalfd(struct user_proc *p, const uint32_t *a);
int64_t sys_signalfd4(struct user_proc *p, const uint32_t *a);
int64_t sys_waitid(struct user_proc *p, const uint32_t *a);
int64_t sys_pidfd_open(struct user_proc *p, const uint32_t *a);
int64_t sys_pidfd_send_signal(struct user_proc *p, const uint32_t *a);

/* strace.c: prints the call before it runs and its result after. */
void strace_enter(struct user_proc *p, unsigned nr, const char *fmt, const uint32_t *a);
void strace_leave(struct user_proc *p, unsigned nr, int64_t ret, bool hex);

/* The system-call name for nr (4000-based), NULL when unknown. */
const char *strace_name(unsigned nr);

#endif
