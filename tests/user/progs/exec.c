/* tests/user/progs/exec.c — execve and execveat under tern-user, checked by
 * the program itself (tern only: qemu-user cannot exec a MIPS program without
 * binfmt_misc). Prints "exec: ok" and exits 0, or the first failure.
 *  - a host program (/bin/sh, an x86-64 ELF) runs natively, as under qemu;
 *  - a #! script whose interpreter is a host program runs too;
 *  - fexecve of this program through an O_CLOEXEC descriptor, and execveat of
 *    it by a name relative to a directory descriptor, run it again;
 *  - across exec the signal mask and ignored signals are kept (POSIX), and
 *    handled ones go back to SIG_DFL;
 *  - execveat: AT_SYMLINK_NOFOLLOW on a symlink is ELOOP, an unknown flag
 *    EINVAL, an empty path without AT_EMPTY_PATH ENOENT, a non-ELF ENOEXEC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("exec: FAIL line %d: ", __LINE__);                                             \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static void on_usr2(int sig)
{
    (void)sig;
}

/* The exec'd copy: reports what it inherited through its exit status. */
static int child(void)
{
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    struct sigaction term, usr2;
    sigaction(SIGTERM, NULL, &term);
    sigaction(SIGUSR2, NULL, &usr2);
    int status = 40;
    if (sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2)) status += 1;
    if (term.sa_handler == SIG_IGN) status += 2;
    if (usr2.sa_handler == SIG_DFL) status += 4;
    return status; /* 47: all three as POSIX says */
}

/* Runs argv with fn in a forked child; the child's exit status. */
static int run(int (*fn)(char **), char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        fn(argv);
        _exit(100 + errno);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
    return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

static int do_execve(char **argv)
{
    return execve(argv[0], argv, environ);
}

static int do_fexecve(char **argv)
{
    int fd = open(argv[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    return fexecve(fd, argv, environ);
}

static int do_execveat_rel(char **argv)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", argv[0]);
    int dir = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    snprintf(copy, sizeof copy, "%s", argv[0]);
    return (int)syscall(SYS_execveat, dir, basename(copy), argv, environ, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) return child();

    char *sh[] = {"/bin/sh", "-c", "exit 5", NULL};
    CHECK(run(do_execve, sh) == 5, "host /bin/sh -c 'exit 5'");

    char script[64], link[64];
    snprintf(script, sizeof script, "/tmp/tern-exec-%d.sh", (int)getpid());
    snprintf(link, sizeof link, "/tmp/tern-exec-%d.lnk", (int)getpid());
    FILE *f = fopen(script, "w");
    CHECK(f != NULL, "create %s", script);
    fprintf(f, "#!/bin/sh\nexit 6\n");
    fclose(f);
    chmod(script, 0755);
    char *sc[] = {script, NULL};
    CHECK(run(do_execve, sc) == 6, "#!/bin/sh script");

    /* What the exec'd copies inherit: SIGUSR1 blocked, SIGTERM ignored,
     * SIGUSR2 handled (back to SIG_DFL after exec). */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    signal(SIGTERM, SIG_IGN);
    signal(SIGUSR2, on_usr2);
    char *self[] = {argv[0], "child", NULL};
    int st = run(do_execve, self);
    CHECK(st == 47, "execve of itself: status %d (47: mask, SIG_IGN and SIG_DFL kept)", st);
    st = run(do_fexecve, self);
    CHECK(st == 47, "fexecve of an O_CLOEXEC fd: status %d", st);
    st = run(do_execveat_rel, self);
    CHECK(st == 47, "execveat(dirfd, name): status %d", st);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    signal(SIGTERM, SIG_DFL);

    CHECK(symlink(argv[0], link) == 0, "symlink");
    long r = syscall(SYS_execveat, AT_FDCWD, link, self, environ, AT_SYMLINK_NOFOLLOW);
    CHECK(r == -1 && errno == ELOOP, "AT_SYMLINK_NOFOLLOW: %ld errno %d", r, errno);
    r = syscall(SYS_execveat, AT_FDCWD, argv[0], self, environ, 0x40000);
    CHECK(r == -1 && errno == EINVAL, "bad flag: %ld errno %d", r, errno);
    r = syscall(SYS_execveat, AT_FDCWD, "", self, environ, 0);
    CHECK(r == -1 && errno == ENOENT, "empty path: %ld errno %d", r, errno);
    f = fopen(script, "w");
    fprintf(f, "plain text\n");
    fclose(f);
    r = syscall(SYS_execveat, AT_FDCWD, script, sc, environ, 0);
    CHECK(r == -1 && errno == ENOEXEC, "not a program: %ld errno %d", r, errno);
    unlink(link);
    unlink(script);
    printf("exec: ok\n");
    return 0;
}
