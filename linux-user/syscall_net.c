/* linux-user/syscall_net.c — sockets, epoll and eventfd with MIPS's
 * constants and layouts translated:
 *  - socket types: SOCK_DGRAM is 1 and SOCK_STREAM 2 on MIPS (swapped from
 *    x86); SOCK_NONBLOCK/SOCK_CLOEXEC are MIPS's O_NONBLOCK/O_CLOEXEC;
 *  - SOL_SOCKET is 0xffff and the SO_* numbers are MIPS's own
 *    (arch/mips/include/uapi/asm/socket.h); other levels (IPPROTO_*) match;
 *  - sockaddr: sa_family is a 16-bit value in the guest's byte order, the
 *    rest (ports, addresses: network order; sun_path) is bytes;
 *  - struct epoll_event is {u32 events; u64 data} naturally aligned on o32
 *    (16 bytes), packed on x86-64 (12 bytes).
 * Only integer socket options (and SO_LINGER) are converted; sendmsg/recvmsg
 * are not served yet (ENOSYS).
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define MIPS_SOCK_DGRAM 1
#define MIPS_SOCK_STREAM 2
#define MIPS_SOCK_TYPE_MASK 0xfu
#define MIPS_SOL_SOCKET 0xffffu
#define MIPS_ENOPROTOOPT 99
#define ADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define EPOLL_MAX 1024

static const struct {
    uint32_t mips;
    int host;
} so_map[] = {
    {0x0001, SO_DEBUG},     {0x0004, SO_REUSEADDR}, {0x0008, SO_KEEPALIVE},  {0x0010, SO_DONTROUTE},
    {0x0020, SO_BROADCAST}, {0x0080, SO_LINGER},    {0x0100, SO_OOBINLINE},  {0x0200, SO_REUSEPORT},
    {0x1001, SO_SNDBUF},    {0x1002, SO_RCVBUF},    {0x1003, SO_SNDLOWAT},   {0x1004, SO_RCVLOWAT},
    {0x1007, SO_ERROR},     {0x1008, SO_TYPE},      {0x1009, SO_ACCEPTCONN}, {0x1028, SO_PROTOCOL},
    {0x1029, SO_DOMAIN},    {11, SO_NO_CHECK},      {12, SO_PRIORITY},       {16, SO_PASSCRED},
    {17, SO_PEERCRED},
};

static int so_to_host(uint32_t opt)
{
    for (size_t i = 0; i < sizeof so_map / sizeof so_map[0]; i++)
        if (so_map[i].mips == opt) return so_map[i].host;
    return -1;
}

/* MIPS socket type and flags -> host; -1 when unknown. */
static int type_to_host(uint32_t t)
{
    int base = (int)(t & MIPS_SOCK_TYPE_MASK);
    if (base == MIPS_SOCK_DGRAM)
        base = SOCK_DGRAM;
    else if (base == MIPS_SOCK_STREAM)
        base = SOCK_STREAM;
    int flags = open_flags_to_host(t & ~MIPS_SOCK_TYPE_MASK);
    if (flags & ~(O_NONBLOCK | O_CLOEXEC)) return -1;
    return base | (flags & O_NONBLOCK ? SOCK_NONBLOCK : 0) | (flags & O_CLOEXEC ? SOCK_CLOEXEC : 0);
}

static uint32_t type_to_mips(int t)
{
    return t == SOCK_DGRAM ? MIPS_SOCK_DGRAM : t == SOCK_STREAM ? MIPS_SOCK_STREAM : (uint32_t)t;
}

/* A guest sockaddr of len bytes into host; -errno (MIPS) on a bad one. */
static int64_t addr_in(struct user_proc *p, uint32_t addr, uint32_t len, uint8_t *host)
{
    if (len > ADDR_MAX) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, addr, len, GM_READ);
    if (!g) return -MIPS_EFAULT;
    memcpy(host, g, len);
    if (len >= 2) {
        uint16_t fam = guest_be(p) ? (uint16_t)(g[0] << 8 | g[1]) : (uint16_t)(g[1] << 8 | g[0]);
        memcpy(host, &fam, 2);
    }
    return 0;
}

/* A host sockaddr of hlen bytes out to the guest's (addr, *lenp) pair. */
static int64_t addr_out(struct user_proc *p, uint32_t addr, uint32_t lenp, const uint8_t *host,
                        socklen_t hlen)
{
    if (!addr || !lenp) return 0;
    uint8_t *gl = guest_buf(p, lenp, 4, GM_READ | GM_WRITE);
    if (!gl) return -MIPS_EFAULT;
    uint32_t room = abi_get32(guest_be(p), gl);
    uint32_t n = room < hlen ? room : hlen;
    uint8_t *g = guest_buf(p, addr, n, GM_WRITE);
    if (n && !g) return -MIPS_EFAULT;
    memcpy(g, host, n);
    if (n >= 2) {
        uint16_t fam;
        memcpy(&fam, host, 2);
        g[guest_be(p) ? 0 : 1] = (uint8_t)(fam >> 8);
        g[guest_be(p) ? 1 : 0] = (uint8_t)fam;
    }
    abi_put32(guest_be(p), gl, hlen);
    return 0;
}

int64_t sys_socket(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    int type = type_to_host(a[1]);
    if (type < 0) return -MIPS_EINVAL;
    return sys_host(socket((int)a[0], type, (int)a[2]));
}

int64_t sys_socketpair(struct user_proc *p, const uint32_t *a)
{
    int type = type_to_host(a[1]), sv[2];
    if (type < 0) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[3], 8, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    if (socketpair((int)a[0], type, (int)a[2], sv) != 0) return sys_err(errno);
    abi_put32(guest_be(p), g, (uint32_t)sv[0]);
    abi_put32(guest_be(p), g + 4, (uint32_t)sv[1]);
    return 0;
}

/* bind and connect: (fd, addr, len). */
static int64_t addr_call(struct user_proc *p, const uint32_t *a, bool connecting)
{
    uint8_t host[ADDR_MAX];
    int64_t rc = addr_in(p, a[1], a[2], host);
    if (rc) return rc;
    const struct sockaddr *sa = (const struct sockaddr *)host;
    return sys_host(connecting ? connect((int)a[0], sa, a[2]) : bind((int)a[0], sa, a[2]));
}

int64_t sys_bind(struct user_proc *p, const uint32_t *a)
{
    return addr_call(p, a, false);
}

int64_t sys_connect(struct user_proc *p, const uint32_t *a)
{
    return addr_call(p, a, true);
}

int64_t sys_listen(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(listen((int)a[0], (int)a[1]));
}

int64_t sys_shutdown(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(shutdown((int)a[0], (int)a[1]));
}

int64_t sys_accept4(struct user_proc *p, const uint32_t *a)
{
    uint8_t host[ADDR_MAX];
    socklen_t hlen = sizeof host;
    int flags = open_flags_to_host(a[3]);
    int hflags = (flags & O_NONBLOCK ? SOCK_NONBLOCK : 0) | (flags & O_CLOEXEC ? SOCK_CLOEXEC : 0);
    int fd = accept4((int)a[0], (struct sockaddr *)host, &hlen, hflags);
    if (fd < 0) return sys_err(errno);
    int64_t rc = addr_out(p, a[1], a[2], host, hlen);
    if (rc) close(fd);
    return rc ? rc : fd;
}

int64_t sys_accept(struct user_proc *p, const uint32_t *a)
{
    uint32_t b[8] = {a[0], a[1], a[2], 0};
    return sys_accept4(p, b);
}

/* getsockname / getpeername: (fd, addr, lenp). */
static int64_t name_call(struct user_proc *p, const uint32_t *a, bool peer)
{
    uint8_t host[ADDR_MAX];
    socklen_t hlen = sizeof host;
    int r = peer ? getpeername((int)a[0], (struct sockaddr *)host, &hlen)
                 : getsockname((int)a[0], (struct sockaddr *)host, &hlen);
    if (r != 0) return sys_err(errno);
    return addr_out(p, a[1], a[2], host, hlen);
}

int64_t sys_getsockname(struct user_proc *p, const uint32_t *a)
{
    return name_call(p, a, false);
}

int64_t sys_getpeername(struct user_proc *p, const uint32_t *a)
{
    return name_call(p, a, true);
}

/* sendto(fd, buf, len, flags, addr, addrlen); MSG_* flags are generic. */
int64_t sys_sendto(struct user_proc *p, const uint32_t *a)
{
    const void *buf = guest_buf(p, a[1], a[2], GM_READ);
    if (a[2] && !buf) return -MIPS_EFAULT;
    uint8_t host[ADDR_MAX];
    if (a[4]) {
        int64_t rc = addr_in(p, a[4], a[5], host);
        if (rc) return rc;
    }
    return sys_host(sendto((int)a[0], buf, a[2], (int)a[3], a[4] ? (struct sockaddr *)host : NULL,
                           a[4] ? a[5] : 0));
}

int64_t sys_send(struct user_proc *p, const uint32_t *a)
{
    uint32_t b[8] = {a[0], a[1], a[2], a[3], 0, 0};
    return sys_sendto(p, b);
}

/* recvfrom(fd, buf, len, flags, addr, addrlenp). */
int64_t sys_recvfrom(struct user_proc *p, const uint32_t *a)
{
    void *buf = guest_buf(p, a[1], a[2], GM_WRITE);
    if (a[2] && !buf) return -MIPS_EFAULT;
    uint8_t host[ADDR_MAX];
    socklen_t hlen = sizeof host;
    ssize_t n = recvfrom((int)a[0], buf, a[2], (int)a[3], (struct sockaddr *)host, &hlen);
    if (n < 0) return sys_err(errno);
    if (a[4]) {
        int64_t rc = addr_out(p, a[4], a[5], host, hlen);
        if (rc) return rc;
    }
    return n;
}

int64_t sys_recv(struct user_proc *p, const uint32_t *a)
{
    uint32_t b[8] = {a[0], a[1], a[2], a[3], 0, 0};
    return sys_recvfrom(p, b);
}

/* The host (level, name) for a guest socket option; false when unknown. */
static bool opt_to_host(uint32_t level, uint32_t name, int *hlevel, int *hname)
{
    *hlevel = (int)level;
    *hname = (int)name;
    if (level != MIPS_SOL_SOCKET) return true;
    *hlevel = SOL_SOCKET;
    *hname = so_to_host(name);
    return *hname >= 0;
}

/* setsockopt(fd, level, name, val, len): integer options and SO_LINGER
 * (two ints) in the guest's byte order; other levels' structures as bytes. */
int64_t sys_setsockopt(struct user_proc *p, const uint32_t *a)
{
    int level, name;
    if (!opt_to_host(a[1], a[2], &level, &name)) return -MIPS_ENOPROTOOPT;
    if (a[4] > 256) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, a[3], a[4], GM_READ);
    if (a[4] && !g) return -MIPS_EFAULT;
    uint8_t val[256];
    memcpy(val, g, a[4]);
    if (level == SOL_SOCKET || a[4] == 4)
        for (uint32_t i = 0; i + 4 <= a[4]; i += 4) {
            uint32_t v = abi_get32(guest_be(p), g + i);
            memcpy(val + i, &v, 4);
        }
    return sys_host(setsockopt((int)a[0], level, name, val, a[4]));
}

/* getsockopt(fd, level, name, val, lenp). */
int64_t sys_getsockopt(struct user_proc *p, const uint32_t *a)
{
    int level, name;
    if (!opt_to_host(a[1], a[2], &level, &name)) return -MIPS_ENOPROTOOPT;
    uint8_t *gl = guest_buf(p, a[4], 4, GM_READ | GM_WRITE);
    if (!gl) return -MIPS_EFAULT;
    uint32_t room = abi_get32(guest_be(p), gl);
    uint8_t val[256];
    socklen_t len = room < sizeof val ? room : sizeof val;
    if (getsockopt((int)a[0], level, name, val, &len) != 0) return sys_err(errno);
    uint8_t *g = guest_buf(p, a[3], len, GM_WRITE);
    if (len && !g) return -MIPS_EFAULT;
    memcpy(g, val, len);
    if (level == SOL_SOCKET || len == 4)
        for (socklen_t i = 0; i + 4 <= len; i += 4) {
            uint32_t v;
            memcpy(&v, val + i, 4);
            if (level == SOL_SOCKET && name == SO_TYPE) v = type_to_mips((int)v);
            abi_put32(guest_be(p), g + i, v);
        }
    abi_put32(guest_be(p), gl, len);
    return 0;
}

/* ---- epoll and eventfd ---- */

static int host_cloexec_nonblock(uint32_t mips_flags, int cloexec, int nonblock)
{
    int f = open_flags_to_host(mips_flags);
    return (f & O_CLOEXEC ? cloexec : 0) | (f & O_NONBLOCK ? nonblock : 0);
}

int64_t sys_epoll_create(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(epoll_create((int)a[0]));
}

int64_t sys_epoll_create1(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(epoll_create1(host_cloexec_nonblock(a[0], EPOLL_CLOEXEC, 0)));
}

/* epoll_ctl(epfd, op, fd, event): the o32 event is 16 bytes, data at +8. */
int64_t sys_epoll_ctl(struct user_proc *p, const uint32_t *a)
{
    struct epoll_event ev = {0};
    if (a[3]) {
        const uint8_t *g = guest_buf(p, a[3], 16, GM_READ);
        if (!g) return -MIPS_EFAULT;
        ev.events = abi_get32(guest_be(p), g);
        ev.data.u64 = abi_get64(guest_be(p), g + 8);
    }
    return sys_host(epoll_ctl((int)a[0], (int)a[1], (int)a[2], a[3] ? &ev : NULL));
}

/* epoll_wait(epfd, events, max, timeout) and epoll_pwait (the signal mask
 * is not applied: guest signals are tern's pending set, not the host's). */
int64_t sys_epoll_wait(struct user_proc *p, const uint32_t *a)
{
    int max = (int)a[2];
    if (max <= 0 || max > EPOLL_MAX) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[1], (uint32_t)max * 16, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct epoll_event ev[EPOLL_MAX];
    int n = epoll_wait((int)a[0], ev, max, (int)a[3]);
    if (n < 0) return sys_err(errno);
    for (int i = 0; i < n; i++) {
        abi_put32(guest_be(p), g + 16 * i, ev[i].events);
        abi_put32(guest_be(p), g + 16 * i + 4, 0);
        abi_put64(guest_be(p), g + 16 * i + 8, ev[i].data.u64);
    }
    return n;
}

#define EVENTFD_FDS 4096
static uint8_t eventfds[EVENTFD_FDS / 8]; /* which fds are eventfds (byte order) */

bool net_is_eventfd(int fd)
{
    return fd >= 0 && fd < EVENTFD_FDS && (eventfds[fd / 8] >> (fd % 8) & 1);
}

void net_forget_fd(int fd)
{
    if (fd >= 0 && fd < EVENTFD_FDS) eventfds[fd / 8] &= (uint8_t) ~(1u << (fd % 8));
}

static int64_t remember_eventfd(int fd)
{
    if (fd < 0) return sys_err(errno);
    if (fd < EVENTFD_FDS) eventfds[fd / 8] |= (uint8_t)(1u << (fd % 8));
    return fd;
}

int64_t sys_eventfd2(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    int flags = host_cloexec_nonblock(a[1], EFD_CLOEXEC, EFD_NONBLOCK) | (int)(a[1] & 1u);
    return remember_eventfd(eventfd(a[0], flags));
}

int64_t sys_eventfd(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return remember_eventfd(eventfd(a[0], 0));
}
