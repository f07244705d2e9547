/* tests/user/progs/msg.c — sendmsg/recvmsg/sendmmsg/recvmmsg on a unix
 * socketpair (linux-user/syscall_net.c): a message gathered from three
 * iovecs and scattered into two, an SCM_RIGHTS fd (a pipe's write end and
 * a file) that must work on the other side, SCM_CREDENTIALS with
 * SO_PASSCRED, two cmsgs in one message, MSG_CTRUNC when the control
 * buffer is too small (and the unfitting fd not leaked), MSG_PEEK and
 * MSG_TRUNC flags on a datagram pair, a named sender on an AF_UNIX
 * datagram socket, and sendmmsg/recvmmsg of three datagrams. Prints
 * results; the same output is expected under qemu-user and on both byte
 * orders, but for the "[kernel]" lines: qemu-user 7.2 neither reports
 * MSG_CTRUNC nor closes the fd that did not fit, which Linux does. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int send_fds(int s, const int *fds, int n, const char *text)
{
    struct iovec iov[3] = {
        {(void *)text, 3}, {(void *)(text + 3), 4}, {(void *)(text + 7), strlen(text) - 7}};
    union {
        char buf[CMSG_SPACE(4 * sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = 3};
    if (n) {
        m.msg_control = u.buf;
        m.msg_controllen = CMSG_SPACE(n * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(c), fds, n * sizeof(int));
    }
    return (int)sendmsg(s, &m, 0);
}

static void fd_passing(void)
{
    int sv[2], p[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    int fds[2] = {p[1], open("/proc/self/exe", O_RDONLY)};
    printf("sendmsg: %d\n", send_fds(sv[0], fds, 2, "hello, sendmsg world"));
    close(p[1]);
    close(fds[1]);

    char a[6] = {0}, b[64] = {0};
    struct iovec iov[2] = {{a, 5}, {b, sizeof b - 1}};
    union {
        char buf[CMSG_SPACE(8 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr m = {
        .msg_iov = iov, .msg_iovlen = 2, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t n = recvmsg(sv[1], &m, 0);
    printf("recvmsg: %zd '%s' '%s' flags %#x\n", n, a, b, m.msg_flags);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    printf("cmsg: level %s type %s len %u controllen %u\n",
           c && c->cmsg_level == SOL_SOCKET ? "SOL_SOCKET" : "?",
           c && c->cmsg_type == SCM_RIGHTS ? "SCM_RIGHTS" : "?", c ? (unsigned)c->cmsg_len : 0,
           (unsigned)m.msg_controllen);
    int got[2] = {-1, -1};
    if (c) memcpy(got, CMSG_DATA(c), sizeof got);
    printf("next cmsg: %s\n", c && CMSG_NXTHDR(&m, c) ? "present" : "none");
    /* the passed pipe end works: write through it, read from our end */
    printf("write via passed fd: %zd\n", write(got[0], "piped", 5));
    close(got[0]);
    char pb[16] = {0};
    printf("pipe read: %zd '%s'\n", read(p[0], pb, sizeof pb), pb);
    char elf[4] = {0};
    printf("passed file reads ELF: %s\n",
           read(got[1], elf, 4) == 4 && memcmp(elf, "\177ELF", 4) == 0 ? "yes" : "no");
    close(got[1]);
    close(p[0]);

    /* control buffer room for one fd, two sent: MSG_CTRUNC, the rest closed */
    int two[2] = {dup(0), dup(0)};
    send_fds(sv[0], two, 2, "truncate me");
    close(two[0]);
    close(two[1]);
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } small;
    memset(b, 0, sizeof b);
    struct iovec one = {b, sizeof b - 1};
    struct msghdr ms = {.msg_iov = &one,
                        .msg_iovlen = 1,
                        .msg_control = small.buf,
                        .msg_controllen = sizeof small.buf};
    n = recvmsg(sv[1], &ms, 0);
    c = CMSG_FIRSTHDR(&ms);
    int kept = -1;
    if (c) memcpy(&kept, CMSG_DATA(c), sizeof kept);
    printf("[kernel] small control: %zd '%s' ctrunc %d fds %u\n", n, b,
           !!(ms.msg_flags & MSG_CTRUNC),
           c ? (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int)) : 0);
    /* the one that fit is valid and the next free fd is right after it */
    int probe = dup(0);
    printf("[kernel] fd kept valid: %s, no leak: %s\n", fcntl(kept, F_GETFD) >= 0 ? "yes" : "no",
           probe == kept + 1 ? "yes" : "no");
    close(probe);
    close(kept);
    close(sv[0]);
    close(sv[1]);
}

static void credentials(void)
{
    int sv[2], one = 1;
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    /* send explicit credentials and an fd together: two cmsgs */
    union {
        char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = {"cred", 4};
    struct msghdr m = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred me = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(c), &me, sizeof me);
    c = CMSG_NXTHDR(&m, c);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    int fd = dup(1);
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    printf("sendmsg creds+fd: %zd\n", sendmsg(sv[0], &m, 0));
    close(fd);

    char buf[16] = {0};
    union {
        char buf[256];
        struct cmsghdr align;
    } r;
    struct iovec riov = {buf, sizeof buf - 1};
    struct msghdr rm = {
        .msg_iov = &riov, .msg_iovlen = 1, .msg_control = r.buf, .msg_controllen = sizeof r.buf};
    printf("recvmsg: %zd '%s'\n", recvmsg(sv[1], &rm, 0), buf);
    int seen_cred = 0, seen_fd = 0;
    for (c = CMSG_FIRSTHDR(&rm); c; c = CMSG_NXTHDR(&rm, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred uc;
            memcpy(&uc, CMSG_DATA(c), sizeof uc);
            seen_cred = uc.pid == getpid() && uc.uid == getuid() && uc.gid == getgid();
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int g;
            memcpy(&g, CMSG_DATA(c), sizeof g);
            struct stat a, b;
            seen_fd = fstat(g, &a) == 0 && fstat(1, &b) == 0 && a.st_ino == b.st_ino;
            close(g);
        }
    }
    printf("ucred matches us: %s, fd is our stdout: %s\n", seen_cred ? "yes" : "no",
           seen_fd ? "yes" : "no");
    close(sv[0]);
    close(sv[1]);
}

static void datagrams(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct iovec iov = {"0123456789", 10};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    sendmsg(sv[0], &m, 0);
    char buf[8] = {0};
    struct iovec r = {buf, 4};
    struct msghdr rm = {.msg_iov = &r, .msg_iovlen = 1};
    ssize_t n = recvmsg(sv[1], &rm, MSG_PEEK);
    printf("peek: %zd '%s' flags trunc %d\n", n, buf, !!(rm.msg_flags & MSG_TRUNC));
    memset(buf, 0, sizeof buf);
    n = recvmsg(sv[1], &rm, MSG_TRUNC);
    printf("MSG_TRUNC: %zd '%s' flags trunc %d\n", n, buf, !!(rm.msg_flags & MSG_TRUNC));
    n = recvmsg(sv[1], &rm, MSG_DONTWAIT);
    printf("empty, MSG_DONTWAIT: %zd\n", n);

    /* sendmmsg / recvmmsg */
    struct mmsghdr out[3], in[4];
    struct iovec oi[3], ii[4];
    char bufs[4][16];
    const char *words[3] = {"alpha", "beta", "gamma!"};
    memset(out, 0, sizeof out);
    memset(in, 0, sizeof in);
    for (int i = 0; i < 3; i++) {
        oi[i] = (struct iovec){(void *)words[i], strlen(words[i])};
        out[i].msg_hdr.msg_iov = &oi[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = sendmmsg(sv[0], out, 3, 0);
    printf("sendmmsg: %d lens %u %u %u\n", sent, out[0].msg_len, out[1].msg_len, out[2].msg_len);
    for (int i = 0; i < 4; i++) {
        memset(bufs[i], 0, sizeof bufs[i]);
        ii[i] = (struct iovec){bufs[i], sizeof bufs[i] - 1};
        in[i].msg_hdr.msg_iov = &ii[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    int got = recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL);
    printf("recvmmsg: %d", got);
    for (int i = 0; i < got; i++)
        printf(" '%s'/%u", bufs[i], in[i].msg_len);
    printf("\n");
    close(sv[0]);
    close(sv[1]);
}

static void named(void)
{
    char path[2][64];
    int s[2];
    for (int i = 0; i < 2; i++) {
        snprintf(path[i], sizeof path[i], "/tmp/tern-msg-%d-%d", (int)getpid(), i);
        unlink(path[i]);
        s[i] = socket(AF_UNIX, SOCK_DGRAM, 0);
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        strcpy(a.sun_path, path[i]);
        bind(s[i], (struct sockaddr *)&a, sizeof a);
    }
    struct sockaddr_un to = {.sun_family = AF_UNIX}, from;
    strcpy(to.sun_path, path[1]);
    struct iovec iov = {"named", 5};
    struct msghdr m = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov, .msg_iovlen = 1};
    printf("sendmsg to name: %zd\n", sendmsg(s[0], &m, 0));
    char buf[16] = {0};
    struct iovec r = {buf, sizeof buf - 1};
    memset(&from, 0, sizeof from);
    struct msghdr rm = {
        .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &r, .msg_iovlen = 1};
    ssize_t n = recvmsg(s[1], &rm, 0);
    printf("recvmsg from name: %zd '%s' family %s sender %s namelen ok %d\n", n, buf,
           from.sun_family == AF_UNIX ? "AF_UNIX" : "?",
           strcmp(from.sun_path, path[0]) == 0 ? "matches" : "differs",
           rm.msg_namelen == offsetof(struct sockaddr_un, sun_path) + strlen(path[0]) + 1);
    for (int i = 0; i < 2; i++) {
        close(s[i]);
        unlink(path[i]);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    fd_passing();
    credentials();
    datagrams();
    named();
    return 0;
}
