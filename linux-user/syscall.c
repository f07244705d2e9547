/* linux-user/syscall.c — the o32 system-call dispatcher: reads the number and
 * the eight arguments (a0-a3, then $sp+16..$sp+28 as the o32 ABI passes them),
 * calls the handler from the table, and writes the result back the MIPS way
 * ($v0 = value and $a3 = 0, or $v0 = positive errno and $a3 = 1). Also the
 * helpers every handler file shares (host results, paths under the sysroot,
 * open flags). Unknown numbers return ENOSYS.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct sys_entry {
    sys_handler fn;
    const char *fmt; /* strace argument formats, one char each (strace.c) */
    bool hex;        /* strace prints the result in hex (addresses) */
};

#define E(nr, f, s) [NR_##nr - MIPS_NR_BASE] = {f, s, false}
#define EX(nr, f, s) [NR_##nr - MIPS_NR_BASE] = {f, s, true}

static const struct sys_entry table[MIPS_NR_COUNT] = {
    E(exit, sys_exit, "d"),
    E(fork, sys_fork, ""),
    E(socket, sys_socket, "ddd"),
    E(socketpair, sys_socketpair, "dddp"),
    E(bind, sys_bind, "dpu"),
    E(connect, sys_connect, "dpu"),
    E(listen, sys_listen, "dd"),
    E(shutdown, sys_shutdown, "dd"),
    E(accept, sys_accept, "dpp"),
    E(accept4, sys_accept4, "dppx"),
    E(getsockname, sys_getsockname, "dpp"),
    E(getpeername, sys_getpeername, "dpp"),
    E(sendto, sys_sendto, "dpuxpu"),
    E(send, sys_send, "dpux"),
    E(recvfrom, sys_recvfrom, "dpuxpp"),
    E(recv, sys_recv, "dpux"),
    E(sendmsg, sys_sendmsg, "dpx"),
    E(recvmsg, sys_recvmsg, "dpx"),
    E(sendmmsg, sys_sendmmsg, "dpux"),
    E(recvmmsg, sys_recvmmsg, "dpuxp"),
    E(recvmmsg_time64, sys_recvmmsg_time64, "dpuxp"),
    E(setsockopt, sys_setsockopt, "dxxpu"),
    E(getsockopt, sys_getsockopt, "dxxpp"),
    E(epoll_create, sys_epoll_create, "d"),
    E(epoll_create1, sys_epoll_create1, "x"),
    E(epoll_ctl, sys_epoll_ctl, "dddp"),
    E(epoll_wait, sys_epoll_wait, "dpdd"),
    E(eventfd, sys_eventfd, "u"),
    E(eventfd2, sys_eventfd2, "ux"),
    E(epoll_pwait, sys_epoll_wait, "dpddp"),
    E(rt_sigreturn, sys_rt_sigreturn, ""),
    E(pause, sys_pause, ""),
    E(alarm, sys_alarm, "u"),
    E(sigaltstack, sys_sigaltstack, "pp"),
    E(rt_sigsuspend, sys_rt_sigsuspend, "pu"),
    E(rt_sigpending, sys_rt_sigpending, "pu"),
    E(execve, sys_execve, "spp"),
    E(execveat, sys_execveat, "fsppx"),
    E(clone, sys_clone, "xxppp"),
    E(read, sys_read, "dpu"),
    E(write, sys_write, "dpu"),
    E(open, sys_open, "sxo"),
    E(close, sys_close, "d"),
    E(waitpid, sys_wait4, "dpx"),
    E(link, sys_link, "ss"),
    E(unlink, sys_unlink, "s"),
    E(chdir, sys_chdir, "s"),
    E(time, sys_time, "p"),
    E(chmod, sys_chmod, "so"),
    E(lchown, sys_lchown, "sdd"),
    E(lseek, sys_lseek, "ddd"),
    E(getpid, sys_getpid, ""),
    E(getuid, sys_getuid, ""),
    E(access, sys_access, "so"),
    E(sync, sys_sync, ""),
    E(kill, sys_kill, "dd"),
    E(rename, sys_rename, "ss"),
    E(mkdir, sys_mkdir, "so"),
    E(rmdir, sys_rmdir, "s"),
    E(dup, sys_dup, "d"),
    E(pipe, sys_pipe, ""),
    E(times, sys_times, "p"),
    EX(brk, sys_brk, "x"),
    E(getgid, sys_getgid, ""),
    E(geteuid, sys_geteuid, ""),
    E(getegid, sys_getegid, ""),
    E(ioctl, sys_ioctl, "dxp"),
    E(fcntl, sys_fcntl, "ddx"),
    E(setpgid, sys_setpgid, "dd"),
    E(umask, sys_umask, "o"),
    E(dup2, sys_dup2, "dd"),
    E(getppid, sys_getppid, ""),
    E(getpgrp, sys_getpgrp, ""),
    E(setsid, sys_setsid, ""),
    E(setrlimit, sys_setrlimit, "dp"),
    E(getrlimit, sys_getrlimit, "dp"),
    E(getrusage, sys_getrusage, "dp"),
    E(gettimeofday, sys_gettimeofday, "pp"),
    E(getgroups, sys_getgroups, "dp"),
    E(symlink, sys_symlink, "ss"),
    E(readlink, sys_readlink, "spu"),
    EX(mmap, sys_mmap, "xuxxdx"),
    E(munmap, sys_munmap, "xu"),
    E(truncate, sys_truncate, "sd"),
    E(ftruncate, sys_ftruncate, "dd"),
    E(fchmod, sys_fchmod, "do"),
    E(fchown, sys_fchown, "ddd"),
    E(wait4, sys_wait4, "dpxp"),
    E(sysinfo, sys_sysinfo, "p"),
    E(fsync, sys_fsync, "d"),
    E(uname, sys_uname, "p"),
    E(mprotect, sys_mprotect, "xux"),
    E(sysmips, sys_sysmips, "ddd"),
    E(getpgid, sys_getpgid, "d"),
    E(fchdir, sys_fchdir, "d"),
    E(_llseek, sys_llseek, "dxxpd"),
    E(_newselect, sys_select, "dpppp"),
    E(msync, sys_msync, "xux"),
    E(readv, sys_readv, "dpd"),
    E(writev, sys_writev, "dpd"),
    E(getsid, sys_getsid, "d"),
    E(fdatasync, sys_fsync, "d"),
    E(sched_yield, sys_sched_yield, ""),
    E(nanosleep, sys_nanosleep, "pp"),
    EX(mremap, sys_mremap, "xuux"),
    E(poll, sys_poll, "pud"),
    E(prctl, sys_prctl, "dxxxx"),
    E(rt_sigaction, sys_rt_sigaction, "dppu"),
    E(rt_sigprocmask, sys_rt_sigprocmask, "dppu"),
    E(pread64, sys_pread64, "dpuxxx"),
    E(pwrite64, sys_pwrite64, "dpuxxx"),
    E(chown, sys_chown, "sdd"),
    E(getcwd, sys_getcwd, "pu"),
    EX(mmap2, sys_mmap2, "xuxxdx"),
    E(truncate64, sys_truncate64, "sxxx"),
    E(ftruncate64, sys_ftruncate64, "dxxx"),
    E(stat64, sys_stat64, "sp"),
    E(lstat64, sys_lstat64, "sp"),
    E(fstat64, sys_fstat64, "dp"),
    E(madvise, sys_madvise, "xud"),
    E(getdents64, sys_getdents64, "dpu"),
    E(fcntl64, sys_fcntl, "ddx"),
    E(gettid, sys_gettid, ""),
    E(getxattr, sys_getxattr, "sspu"),
    E(lgetxattr, sys_lgetxattr, "sspu"),
    E(fgetxattr, sys_fgetxattr, "dspu"),
    E(listxattr, sys_listxattr, "spu"),
    E(llistxattr, sys_llistxattr, "spu"),
    E(flistxattr, sys_flistxattr, "dpu"),
    E(tkill, sys_tkill, "dd"),
    E(sendfile64, sys_sendfile64, "ddpu"),
    /* syscall_fileio.c */
    E(preadv, sys_preadv, "dpuxx"),
    E(pwritev, sys_pwritev, "dpuxx"),
    E(preadv2, sys_preadv2, "dpuxxx"),
    E(pwritev2, sys_pwritev2, "dpuxxx"),
    E(fallocate, sys_fallocate, "dxxxxx"),
    E(fadvise64, sys_fadvise64, "dxxxxxd"),
    E(readahead, sys_readahead, "dxxxu"),
    E(sync_file_range, sys_sync_file_range, "dxxxxxx"),
    E(syncfs, sys_syncfs, "d"),
    E(copy_file_range, sys_copy_file_range, "dpdpux"),
    E(splice, sys_splice, "dpdpux"),
    E(tee, sys_tee, "ddux"),
    E(vmsplice, sys_vmsplice, "dpux"),
    E(sendfile, sys_sendfile, "ddpu"),
    E(memfd_create, sys_memfd_create, "sx"),
    E(close_range, sys_close_range, "uux"),
    E(flock, sys_flock, "dx"),
    E(ppoll_time64, sys_ppoll_time64, "pupp"),
    E(pselect6_time64, sys_pselect6_time64, "dppppp"),
    E(epoll_pwait2, sys_epoll_pwait2, "dpdppu"),
    E(futex, sys_futex, "xdxpxx"),
    E(futex_time64, sys_futex_time64, "xdxpxx"),
    E(sched_getaffinity, sys_sched_getaffinity, "dup"),
    /* syscall_cred.c */
    E(setuid, sys_setuid, "d"),
    E(setgid, sys_setgid, "d"),
    E(setreuid, sys_setreuid, "dd"),
    E(setregid, sys_setregid, "dd"),
    E(setresuid, sys_setresuid, "ddd"),
    E(setresgid, sys_setresgid, "ddd"),
    E(getresuid, sys_getresuid, "ppp"),
    E(getresgid, sys_getresgid, "ppp"),
    E(setgroups, sys_setgroups, "dp"),
    E(setfsuid, sys_setfsuid, "d"),
    E(setfsgid, sys_setfsgid, "d"),
    E(capget, sys_capget, "pp"),
    E(capset, sys_capset, "pp"),
    EX(personality, sys_personality, "x"),
    /* syscall_sched.c */
    E(nice, sys_nice, "d"),
    E(getpriority, sys_getpriority, "dd"),
    E(setpriority, sys_setpriority, "ddd"),
    E(sched_setparam, sys_sched_setparam, "dp"),
    E(sched_getparam, sys_sched_getparam, "dp"),
    E(sched_setscheduler, sys_sched_setscheduler, "ddp"),
    E(sched_getscheduler, sys_sched_getscheduler, "d"),
    E(sched_get_priority_max, sys_sched_get_priority_max, "d"),
    E(sched_get_priority_min, sys_sched_get_priority_min, "d"),
    E(sched_rr_get_interval, sys_sched_rr_get_interval, "dp"),
    E(sched_rr_get_interval_time64, sys_sched_rr_get_interval_time64, "dp"),
    E(sched_setaffinity, sys_sched_setaffinity, "dup"),
    E(getcpu, sys_getcpu, "ppp"),
    E(mlock, sys_mlock, "xu"),
    E(munlock, sys_munlock, "xu"),
    E(mlock2, sys_mlock2, "xux"),
    E(mlockall, sys_mlockall, "x"),
    E(munlockall, sys_munlockall, ""),
    E(mincore, sys_mincore, "xup"),
    E(exit_group, sys_exit_group, "d"),
    E(set_tid_address, sys_set_tid_address, "p"),
    E(statfs64, sys_statfs64, "sup"),
    E(fstatfs64, sys_fstatfs64, "dup"),
    E(clock_gettime, sys_clock_gettime, "dp"),
    E(clock_settime, sys_clock_settime, "dp"),
    E(clock_settime64, sys_clock_settime64, "dp"),
    E(settimeofday, sys_settimeofday, "pp"),
    E(stime, sys_stime, "p"),
    E(clock_getres, sys_clock_getres, "dp"),
    E(clock_nanosleep, sys_clock_nanosleep, "ddpp"),
    E(tgkill, sys_tgkill, "ddd"),
    /* syscall_fsmeta.c */
    E(creat, sys_creat, "so"),
    E(mknod, sys_mknod, "sox"),
    E(mknodat, sys_mknodat, "fsox"),
    E(utime, sys_utime, "sp"),
    E(utimes, sys_utimes, "sp"),
    E(futimesat, sys_futimesat, "fsp"),
    E(setxattr, sys_setxattr, "sspux"),
    E(lsetxattr, sys_lsetxattr, "sspux"),
    E(fsetxattr, sys_fsetxattr, "dspux"),
    E(removexattr, sys_removexattr, "ss"),
    E(lremovexattr, sys_lremovexattr, "ss"),
    E(fremovexattr, sys_fremovexattr, "ds"),
    E(stat, sys_stat, "sp"),
    E(lstat, sys_lstat, "sp"),
    E(fstat, sys_fstat, "dp"),
    E(statfs, sys_statfs, "sp"),
    E(fstatfs, sys_fstatfs, "dp"),
    E(getdents, sys_getdents, "dpu"),
    E(inotify_init, sys_inotify_init, ""),
    E(inotify_init1, sys_inotify_init1, "x"),
    E(inotify_add_watch, sys_inotify_add_watch, "dsx"),
    E(inotify_rm_watch, sys_inotify_rm_watch, "dd"),
    E(cacheflush, sys_cacheflush, "xud"),
    E(cachectl, sys_cachectl, "xud"),
    E(set_thread_area, sys_set_thread_area, "x"),
    E(openat, sys_openat, "fsxo"),
    E(mkdirat, sys_mkdirat, "fso"),
    E(fchownat, sys_fchownat, "fsddx"),
    E(fstatat64, sys_fstatat64, "fspx"),
    E(unlinkat, sys_unlinkat, "fsx"),
    E(renameat, sys_renameat, "fsfs"),
    E(linkat, sys_linkat, "fsfsx"),
    E(symlinkat, sys_symlinkat, "sfs"),
    E(readlinkat, sys_readlinkat, "fspu"),
    E(fchmodat, sys_fchmodat, "fso"),
    E(faccessat, sys_faccessat, "fso"),
    E(pselect6, sys_pselect6, "dppppp"),
    E(ppoll, sys_ppoll, "pupp"),
    E(set_robust_list, sys_set_robust_list, "pu"),
    E(get_robust_list, sys_get_robust_list, "dpp"),
    E(utimensat, sys_utimensat, "fspx"),
    E(dup3, sys_dup3, "ddx"),
    E(pipe2, sys_pipe2, "px"),
    E(prlimit64, sys_prlimit64, "ddpp"),
    E(renameat2, sys_renameat2, "fsfsx"),
    E(getrandom, sys_getrandom, "pux"),
    E(statx, sys_statx, "fsxxp"),
    E(rseq, sys_rseq, "puxx"),
    E(clock_gettime64, sys_clock_gettime64, "dp"),
    E(clock_getres_time64, sys_clock_getres_time64, "dp"),
    E(clock_nanosleep_time64, sys_clock_nanosleep_time64, "ddpp"),
    E(utimensat_time64, sys_utimensat_time64, "fspx"),
    E(faccessat2, sys_faccessat, "fsox"),
    /* syscall_timer.c */
    E(setitimer, sys_setitimer, "dpp"),
    E(getitimer, sys_getitimer, "dp"),
    E(timer_create, sys_timer_create, "dpp"),
    E(timer_settime, sys_timer_settime, "ddpp"),
    E(timer_settime64, sys_timer_settime64, "ddpp"),
    E(timer_gettime, sys_timer_gettime, "dp"),
    E(timer_gettime64, sys_timer_gettime64, "dp"),
    E(timer_getoverrun, sys_timer_getoverrun, "d"),
    E(timer_delete, sys_timer_delete, "d"),
    E(timerfd_create, sys_timerfd_create, "dx"),
    E(timerfd_settime, sys_timerfd_settime, "ddpp"),
    E(timerfd_settime64, sys_timerfd_settime64, "ddpp"),
    E(timerfd_gettime, sys_timerfd_gettime, "dp"),
    E(timerfd_gettime64, sys_timerfd_gettime64, "dp"),
    /* signal_wait.c */
    E(rt_sigtimedwait, sys_rt_sigtimedwait, "pppu"),
    E(rt_sigtimedwait_time64, sys_rt_sigtimedwait_time64, "pppu"),
    E(rt_sigqueueinfo, sys_rt_sigqueueinfo, "ddp"),
    E(rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo, "dddp"),
    E(signalfd, sys_signalfd, "dpu"),
    E(signalfd4, sys_signalfd4, "dpux"),
    E(waitid, sys_waitid, "ddpxp"),
    E(pidfd_open, sys_pidfd_open, "dx"),
    E(pidfd_send_signal, sys_pidfd_send_signal, "ddpx"),
};

int64_t sys_host(long r)
{
    return r < 0 ? sys_err(errno) : r;
}

const char *guest_path(struct user_proc *p, uint32_t addr, char *buf, size_t len)
{
    const char *path = gm_string(p->mem, addr);
    if (!path || path[0] != '/' || !p->sysroot || !*p->sysroot) return path;
    /* qemu's -L rule: a path that exists under the sysroot is taken from there,
     * anything else from the host, so /tmp, /proc and /dev keep working. */
    int n = snprintf(buf, len, "%s%s", p->sysroot, path);
    if (n > 0 && (size_t)n < len && faccessat(AT_FDCWD, buf, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        return buf;
    return path;
}

/* MIPS open flag -> host flag, one row per bit that has a host meaning. */
static const struct {
    uint32_t mips;
    int host;
} open_flag_map[] = {
    {MIPS_O_APPEND, O_APPEND},
    {MIPS_O_DSYNC, O_DSYNC},
    {MIPS_O_NONBLOCK, O_NONBLOCK},
    {MIPS_O_CREAT, O_CREAT},
    {MIPS_O_TRUNC, O_TRUNC},
    {MIPS_O_EXCL, O_EXCL},
    {MIPS_O_NOCTTY, O_NOCTTY},
    {MIPS_FASYNC, O_ASYNC},
    {MIPS_O_SYNC, O_SYNC & ~O_DSYNC},
    {MIPS_O_DIRECT, O_DIRECT},
    {MIPS_O_DIRECTORY, O_DIRECTORY},
    {MIPS_O_NOFOLLOW, O_NOFOLLOW},
    {MIPS_O_NOATIME, O_NOATIME},
    {MIPS_O_CLOEXEC, O_CLOEXEC},
    {MIPS_O_PATH, O_PATH},
    {MIPS_O_TMPFILE & ~MIPS_O_DIRECTORY, __O_TMPFILE & ~O_DIRECTORY},
};

int open_flags_to_host(uint32_t mips_flags)
{
    int host = (int)(mips_flags & 3u); /* O_ACCMODE is the same */
    for (size_t i = 0; i < sizeof open_flag_map / sizeof open_flag_map[0]; i++)
        if (mips_flags & open_flag_map[i].mips) host |= open_flag_map[i].host;
    return host;
}

uint32_t open_flags_to_mips(int host_flags)
{
    uint32_t mips = (uint32_t)host_flags & 3u;
    for (size_t i = 0; i < sizeof open_flag_map / sizeof open_flag_map[0]; i++)
        if ((host_flags & open_flag_map[i].host) == open_flag_map[i].host)
            mips |= open_flag_map[i].mips;
    /* The host (x86-64) reports O_LARGEFILE as 0x8000 in F_GETFL; MIPS has it at 0x2000. */
    if (host_flags & 0x8000) mips |= MIPS_O_LARGEFILE;
    return mips;
}

/* Reads the eight o32 arguments; the stack words read as 0 when $sp is bad. */
static void read_args(struct user_proc *p, uint32_t *a)
{
    struct cpu *cpu = p->cpu;
    for (int i = 0; i < 4; i++)
        a[i] = cpu->gpr[4 + i];
    const uint8_t *stack = gm_ptr(p->mem, cpu->gpr[29] + 16, 16, GM_READ);
    for (int i = 0; i < 4; i++)
        a[4 + i] = stack ? abi_get32(guest_be(p), stack + 4 * i) : 0;
}

static void finish(struct cpu *cpu, int64_t ret)
{
    if (ret < 0 && ret >= -4095) {
        cpu->gpr[2] = (uint32_t)-ret;
        cpu->gpr[7] = 1;
    } else {
        cpu->gpr[2] = (uint32_t)ret;
        cpu->gpr[7] = 0;
    }
    /* A SYSCALL in a delay slot is UNPREDICTABLE; continue at the branch target
     * as if the slot had completed, as QEMU does. */
    if (cpu->in_delay) {
        cpu->pc = cpu->delay_target;
        cpu->in_delay = false;
    } else {
        cpu->pc += 4;
    }
}

void user_syscall(struct user_proc *p)
{
    uint32_t a[8];
    read_args(p, a);
    unsigned nr = p->cpu->gpr[2];
    if (nr == NR_syscall) { /* syscall(2): the number in a0, the rest shift down */
        nr = a[0];
        memmove(a, a + 1, 7 * sizeof a[0]);
        a[7] = 0;
    }
    const struct sys_entry *e =
        nr >= MIPS_NR_BASE && nr < MIPS_NR_BASE + MIPS_NR_COUNT ? &table[nr - MIPS_NR_BASE] : NULL;
    if (p->strace) strace_enter(p, nr, e && e->fn ? e->fmt : "", a);
    int64_t ret = e && e->fn ? e->fn(p, a) : -MIPS_ENOSYS;
    if (p->no_result) { /* rt_sigreturn: the registers are the frame's */
        p->no_result = false;
        if (p->strace) fputc('\n', p->strace), fflush(p->strace);
        return;
    }
    if (p->strace && !p->exited)
        strace_leave(p, nr, ret, e && e->hex && ret >= 0);
    else if (p->strace)
        fputc('\n', p->strace), fflush(p->strace); /* exit: no result */
    if (!p->exited) finish(p->cpu, ret);
}
