/* linux-user/syscall_exec.c — processes: fork, vfork and clone without
 * CLONE_VM (a host fork: the whole tern process, guest memory included, is
 * copied), and execve.
 *
 * execve runs a MIPS program under tern again: /proc/self/exe is re-executed
 * with the options that matter to the guest (-L, --engine, -strace) and the
 * guest's argv and envp. A #! script's interpreter is resolved the same way
 * (sysroot first); a MIPS one runs under tern with the script as argument,
 * as the kernel's binfmt_script does. A host program (an x86-64 ELF, or a
 * script whose interpreter is one) is handed to the host's execve, as
 * qemu-user does: with tern registered in binfmt_misc that is what the
 * kernel would do, and it is how a guest whose sysroot has no /bin/sh still
 * gets a shell. Anything else gets ENOEXEC. execveat resolves its file
 * (dirfd, AT_EMPTY_PATH) to a path the new process can open, then does the
 * same.
 *
 * clone follows MIPS's CLONE_BACKWARDS argument order: (flags, newsp,
 * parent_tidptr, tls, child_tidptr), the last on the o32 stack.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLONE_VM 0x00000100u
#define CLONE_VFORK 0x00004000u
#define CLONE_THREAD 0x00010000u
#define CLONE_SETTLS 0x00080000u
#define CLONE_PARENT_SETTID 0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_CHILD_SETTID 0x01000000u

#define MIPS_ENOEXEC 8
#define MIPS_E2BIG 7
#define EM_MIPS 8
#define EM_X86_64 62
#define MIPS_AT_SYMLINK_NOFOLLOW 0x100
#define MIPS_AT_EMPTY_PATH 0x1000
#define MIPS_ELOOP 90
#define MIPS_ENAMETOOLONG 78
#define EXEC_MAX_ARGS 4096
#define SCRIPT_LINE 256

static void put_tid(struct user_proc *p, uint32_t addr, pid_t tid)
{
    uint8_t *g = guest_buf(p, addr, 4, GM_WRITE);
    if (g) abi_put32(guest_be(p), g, (uint32_t)tid);
}

/* The host fork behind fork, vfork and clone without CLONE_VM|CLONE_THREAD:
 * vfork's sharing is not needed (the child only execs or exits), so it is
 * a fork too. The child gets its own code cache (user_after_fork). */
static int64_t do_fork(struct user_proc *p, uint32_t flags, uint32_t newsp, uint32_t ptid,
                       uint32_t tls, uint32_t ctid)
{
    fflush(NULL); /* no buffered output of tern's may be written twice */
    pid_t pid = fork();
    if (pid < 0) return sys_err(errno);
    if (pid > 0) {
        if (flags & CLONE_PARENT_SETTID) put_tid(p, ptid, pid);
        return pid;
    }
    thread_after_fork(p);
    user_after_fork(p);
    if (newsp) p->cpu->gpr[29] = newsp;
    if (flags & CLONE_SETTLS) p->cpu->cp0[CP0_CONTEXT][2] = tls;
    if (flags & CLONE_CHILD_SETTID) put_tid(p, ctid, getpid());
    if (flags & CLONE_CHILD_CLEARTID) p->clear_child_tid = ctid;
    return 0;
}

int64_t sys_fork(struct user_proc *p, const uint32_t *a)
{
    (void)a;
    return do_fork(p, 0, 0, 0, 0, 0);
}

int64_t sys_clone(struct user_proc *p, const uint32_t *a)
{
    uint32_t flags = a[0];
    /* Threads (CLONE_VM without CLONE_VFORK): a CPU per host thread (thread.c). */
    if ((flags & CLONE_THREAD) || ((flags & CLONE_VM) && !(flags & CLONE_VFORK)))
        return thread_clone(p, flags, a[1], a[2], a[3], a[4]);
    return do_fork(p, flags, a[1], a[2], a[3], a[4]);
}

/* ---- execve ---- */

/* A host path for a path named by the guest (or a #! line): absolute ones
 * under the sysroot first (guest_path's rule), /proc/self/exe as the
 * program tern runs. */
static const char *host_path(struct user_proc *p, const char *path, char *buf, size_t len)
{
    if (p->exe_path && strcmp(path, "/proc/self/exe") == 0) return p->exe_path;
    if (path[0] != '/' || !p->sysroot || !*p->sysroot) return path;
    int n = snprintf(buf, len, "%s%s", p->sysroot, path);
    if (n > 0 && (size_t)n < len && access(buf, F_OK) == 0) return buf;
    return path;
}

enum exec_kind { EXEC_MIPS, EXEC_HOST, EXEC_SCRIPT, EXEC_OTHER };

/* What path holds; a script's first line goes to line. -errno when unreadable. */
static int exec_kind(const char *path, char *line, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    uint8_t head[SCRIPT_LINE];
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    if (n < 0) return -errno;
    if (n >= 20 && memcmp(head, "\177ELF", 4) == 0) {
        unsigned machine =
            head[5] == 2 ? (unsigned)head[18] << 8 | head[19] : (unsigned)head[19] << 8 | head[18];
        if (head[4] == 1 && machine == EM_MIPS) return EXEC_MIPS;
        return head[4] == 2 && head[5] == 1 && machine == EM_X86_64 ? EXEC_HOST : EXEC_OTHER;
    }
    if (n >= 2 && head[0] == '#' && head[1] == '!') {
        head[n] = 0;
        char *end = strchr((char *)head + 2, '\n');
        if (!end) return EXEC_OTHER; /* longer than Linux's limit: refuse */
        *end = 0;
        snprintf(line, len, "%s", (char *)head + 2);
        return EXEC_SCRIPT;
    }
    return EXEC_OTHER;
}

/* Reads the guest's NULL-terminated array of string pointers at addr into
 * out (up to max entries); the count, or -MIPS_EFAULT / -MIPS_E2BIG. */
static int read_strings(struct user_proc *p, uint32_t addr, char **out, int max)
{
    for (int i = 0; addr; i++) {
        if (i >= max) return -MIPS_E2BIG;
        const uint8_t *g = guest_buf(p, addr + 4u * (uint32_t)i, 4, GM_READ);
        if (!g) return -MIPS_EFAULT;
        uint32_t s = abi_get32(guest_be(p), g);
        if (!s) {
            out[i] = NULL;
            return i;
        }
        if (!(out[i] = gm_string(p->mem, s))) return -MIPS_EFAULT;
    }
    out[0] = NULL;
    return 0;
}

/* Splits a #! line into the interpreter and its one optional argument. */
static void split_script(char *line, char **interp, char **arg)
{
    while (*line == ' ' || *line == '\t')
        line++;
    *interp = line;
    while (*line && *line != ' ' && *line != '\t')
        line++;
    *arg = NULL;
    if (!*line) return;
    *line++ = 0;
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = 0;
    if (*line) *arg = line;
}

/* The tern command line for the new program: the guest-relevant options,
 * then -0 ARGV0 -- PROGRAM ARGS. */
static int64_t exec_tern(struct user_proc *p, const char *prog, char **gargv, int gargc,
                         char **genv)
{
    char **argv = calloc((size_t)gargc + 12, sizeof *argv);
    if (!argv) return -MIPS_ENOMEM;
    int n = 0;
    char engine[32];
    argv[n++] = "tern-user";
    if (p->sysroot && *p->sysroot) argv[n++] = "-L", argv[n++] = (char *)p->sysroot;
    snprintf(engine, sizeof engine, "--engine=%s", engine_name(p->engine));
    argv[n++] = engine;
    if (p->strace) argv[n++] = "-strace";
    argv[n++] = "-0";
    argv[n++] = gargc ? gargv[0] : (char *)prog;
    argv[n++] = "--";
    argv[n++] = (char *)prog;
    for (int i = 1; i < gargc; i++)
        argv[n++] = gargv[i];
    argv[n] = NULL;
    fflush(NULL);
    sigset_t old;
    sig_before_exec(p, &old);
    execve("/proc/self/exe", argv, genv);
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL); /* this thread's, as pthread_sigmask */
    free(argv);
    return sys_err(e);
}

/* A host program: the host's execve, the guest's argv and envp as given. */
static int64_t exec_host(struct user_proc *p, const char *path, char **gargv, int gargc,
                         char **genv)
{
    char *none[] = {(char *)path, NULL};
    fflush(NULL);
    sigset_t old;
    sig_before_exec(p, &old);
    execve(path, gargc ? gargv : none, genv);
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL); /* this thread's, as pthread_sigmask */
    return sys_err(e);
}

/* Runs the file at path (host name; gpath is the guest's name for it). */
static int64_t do_exec(struct user_proc *p, const char *gpath, const char *path, uint32_t argv,
                       uint32_t envp)
{
    static char *gargv[EXEC_MAX_ARGS + 3], *genv[EXEC_MAX_ARGS];
    char ibuf[4096], line[SCRIPT_LINE];
    int argc = read_strings(p, argv, gargv + 2, EXEC_MAX_ARGS);
    int envc = read_strings(p, envp, genv, EXEC_MAX_ARGS);
    if (argc < 0) return argc;
    if (envc < 0) return envc;
    int kind = exec_kind(path, line, sizeof line);
    if (kind < 0) return sys_err(-kind);
    if (kind == EXEC_MIPS) return exec_tern(p, path, gargv + 2, argc, genv);
    if (kind == EXEC_HOST) return exec_host(p, path, gargv + 2, argc, genv);
    if (kind != EXEC_SCRIPT) return -MIPS_ENOEXEC;
    /* binfmt_script: argv becomes interp [arg] path argv[1..]. */
    char *interp, *arg;
    split_script(line, &interp, &arg);
    const char *ipath = host_path(p, interp, ibuf, sizeof ibuf);
    char iline[SCRIPT_LINE];
    int ikind = exec_kind(ipath, iline, sizeof iline);
    /* A host interpreter (resolved on the host, not under the sysroot):
     * the host kernel runs the script itself. */
    if (ikind == EXEC_HOST && ipath == interp) return exec_host(p, path, gargv + 2, argc, genv);
    if (ikind != EXEC_MIPS) return -MIPS_ENOEXEC;
    char **v = gargv + 2;
    int extra = arg ? 2 : 1;
    v -= extra;
    v[0] = interp;
    if (arg) v[1] = arg;
    v[extra] = (char *)gpath; /* replaces the old argv[0] */
    int count = extra + (argc ? argc : 1);
    if (!argc) v[count] = NULL;
    return exec_tern(p, ipath, v, count, genv);
}

/* execve(path, argv, envp). */
int64_t sys_execve(struct user_proc *p, const uint32_t *a)
{
    char buf[4096];
    const char *gpath = gm_string(p->mem, a[0]);
    if (!gpath) return -MIPS_EFAULT;
    return do_exec(p, gpath, host_path(p, gpath, buf, sizeof buf), a[1], a[2]);
}

/* execveat(dirfd, path, argv, envp, flags): fexecve's AT_EMPTY_PATH runs the
 * file dirfd names; a relative path is taken from dirfd. The new process
 * opens the file by name, so a descriptor's file is named by its /proc link
 * target, or by /proc/self/fd/N (made to survive the exec) when that target
 * is gone. */
int64_t sys_execveat(struct user_proc *p, const uint32_t *a)
{
    char buf[4096], link[64];
    int dirfd = guest_dirfd(a[0]);
    uint32_t flags = a[4];
    if (flags & ~(MIPS_AT_EMPTY_PATH | MIPS_AT_SYMLINK_NOFOLLOW)) return -MIPS_EINVAL;
    const char *gpath = gm_string(p->mem, a[1]);
    if (!gpath) return -MIPS_EFAULT;
    const char *path;
    if (!*gpath) {
        if (!(flags & MIPS_AT_EMPTY_PATH)) return -MIPS_ENOENT;
        if (fcntl(dirfd, F_GETFD) < 0) return sys_err(errno);
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, buf, sizeof buf - 1);
        if (n > 0 && buf[0] == '/' && (buf[n] = 0, access(buf, F_OK) == 0)) {
            path = buf;
        } else {
            int fl = fcntl(dirfd, F_GETFD);
            if (fl >= 0) fcntl(dirfd, F_SETFD, fl & ~FD_CLOEXEC);
            path = link;
        }
    } else if (gpath[0] == '/' || dirfd == AT_FDCWD) {
        path = host_path(p, gpath, buf, sizeof buf);
    } else { /* dirfd's directory by name: dirfd itself may be close-on-exec */
        char dir[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, dir, sizeof dir - 1);
        if (n < 0) return sys_err(errno == ENOENT ? EBADF : errno);
        dir[n] = 0;
        if (snprintf(buf, sizeof buf, "%s/%s", dir, gpath) >= (int)sizeof buf)
            return -MIPS_ENAMETOOLONG;
        path = buf;
    }
    if (flags & MIPS_AT_SYMLINK_NOFOLLOW) {
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return -MIPS_ELOOP;
    }
    return do_exec(p, *gpath ? gpath : path, path, a[2], a[3]);
}
