/* tests/user/progs/sockets.c — sockets over loopback with MIPS constants:
 * a TCP listener on 127.0.0.1 (port from getsockname), a forked client that
 * connects and sends, accept + recv in the parent, a UDP datagram with
 * sendto/recvfrom and the sender's address, socketpair, SO_TYPE and
 * SO_REUSEADDR through getsockopt/setsockopt, epoll_wait on the listener,
 * and an eventfd counter. The output must match qemu-user's. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int bound(int type, struct sockaddr_in *sin)
{
    int s = socket(AF_INET, type, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof *sin;
    if (bind(s, (struct sockaddr *)sin, sizeof *sin) != 0) perror("bind");
    getsockname(s, (struct sockaddr *)sin, &len);
    return s;
}

static void tcp(void)
{
    struct sockaddr_in sin;
    int l = bound(SOCK_STREAM, &sin);
    listen(l, 4);
    int type = 0, reuse = 0;
    socklen_t len = sizeof type;
    getsockopt(l, SOL_SOCKET, SO_TYPE, &type, &len);
    len = sizeof reuse;
    getsockopt(l, SOL_SOCKET, SO_REUSEADDR, &reuse, &len);
    printf("tcp: family %d, type stream %d, reuse %d, port set %d\n", sin.sin_family,
           type == SOCK_STREAM, reuse != 0, sin.sin_port != 0);
    pid_t pid = fork();
    if (pid == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&sin, sizeof sin) != 0) _exit(1);
        const char msg[] = "over tcp";
        send(c, msg, sizeof msg, 0);
        shutdown(c, SHUT_WR);
        close(c);
        _exit(0);
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
    epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    struct epoll_event out[2];
    int n = epoll_wait(ep, out, 2, 5000);
    printf("epoll: %d ready, in %d, data %llx\n", n, (out[0].events & EPOLLIN) != 0,
           (unsigned long long)out[0].data.u64);
    struct sockaddr_in peer;
    len = sizeof peer;
    int a = accept(l, (struct sockaddr *)&peer, &len);
    char buf[64] = {0};
    ssize_t got = recv(a, buf, sizeof buf, MSG_WAITALL);
    printf("accepted from %s: '%s' (%zd)\n", inet_ntoa(peer.sin_addr), buf, got);
    int st;
    waitpid(pid, &st, 0);
    printf("client status %d\n", WEXITSTATUS(st));
    close(a);
    close(l);
    close(ep);
}

static void udp(void)
{
    struct sockaddr_in rx_addr, tx_addr, from;
    int rx = bound(SOCK_DGRAM, &rx_addr);
    int tx = bound(SOCK_DGRAM, &tx_addr);
    sendto(tx, "datagram", 9, 0, (struct sockaddr *)&rx_addr, sizeof rx_addr);
    char buf[32];
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    int type = 0;
    socklen_t tl = sizeof type;
    getsockopt(rx, SOL_SOCKET, SO_TYPE, &type, &tl);
    printf("udp: '%s' (%zd) from the sender %d, type dgram %d\n", buf, n,
           from.sin_port == tx_addr.sin_port, type == SOCK_DGRAM);
    close(rx);
    close(tx);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    tcp();
    udp();
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "pair", 5);
    char buf[8];
    printf("socketpair: %zd '%s'\n", read(sv[1], buf, sizeof buf), buf);
    int e = eventfd(3, EFD_CLOEXEC);
    eventfd_write(e, 4);
    eventfd_t v = 0;
    eventfd_read(e, &v);
    printf("eventfd: %llu\n", (unsigned long long)v);
    return 0;
}
