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
 *  - sendmsg/recvmsg/sendmmsg/recvmmsg: the o32 msghdr, iovec and cmsghdr
 *    are rebuilt for the host and back (see "message calls" below).
 * Only integer socket options (and SO_LINGER) are converted.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MIPS_SOCK_DGRAM 1
#define MIPS_SOCK_STREAM 2
#define MIPS_SOCK_TYPE_MASK 0xfu
#define MIPS_SOL_SOCKET 0xffffu
#define MIPS_ENOPROTOOPT 99
#define ADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define EPOLL_MAX 1024
#define EPOLL_HEAP_MAX (1 << 20)

static const struct {
    uint32_t mips;
    int host;
} so_map[] = {
    {0x0001, SO_DEBUG},     {0x0004, SO_REUSEADDR}, {0x0008, SO_KEEPALIVE},  {0x0010, SO_DONTROUTE},
    {0x0020, SO_BROADCAST}, {0x0080, SO_LINGER},    {0x0100, SO_OOBINLINE},  {0x0200, SO_REUSEPORT},
    {0x1001, SO_SNDBUF},    {0x1002, SO_RCVBUF},    {0x1003, SO_SNDLOWAT},   {0x1004, SO_RCVLOWAT},
    {0x1007, SO_ERROR},     {0x1008, SO_TYPE},      {0x1009, SO_ACCEPTCONN}, {0x1028, SO_PROTOCOL},
    {0x1029, SO_DOMAIN},    {11, SO_NO_CHECK},      {12, SO_PRIORITY},       {17, SO_PASSCRED},
    {18, SO_PEERCRED}, /* MIPS's; 16 and 17 elsewhere */
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

/* ---- message calls: sendmsg, recvmsg, sendmmsg, recvmmsg ----
 *
 * o32 layouts (32-bit pointers and sizes, asm-generic as MIPS uses them):
 * struct msghdr {name, namelen, iov, iovlen, control, controllen, flags}
 * is 28 bytes; struct iovec {base, len} 8; struct mmsghdr {msghdr,
 * msg_len} 32; struct cmsghdr {len, level, type} 12, its data and the next
 * header aligned to 4 (sizeof(long)); x86-64's cmsghdr is 16 with an 8-byte
 * alignment. MSG_* flags and SCM_* types have the generic values on MIPS
 * (arch/mips overrides neither); cmsg_level SOL_SOCKET is MIPS's 0xffff.
 * SCM_RIGHTS fds and SCM_CREDENTIALS' struct ucred are 32-bit words, put in
 * the guest's byte order; other control data is copied as bytes. */
#define G_MSGHDR 28u
#define G_MMSGHDR 32u
#define G_CMSGHDR 12u
#define G_CMSG_ALIGN(n) (((n) + 3u) & ~3u)
#define MSG_IOV_MAX 1024 /* UIO_MAXIOV: more is EMSGSIZE, a longer mmsg vector is cut */
#define MSG_CTRL_MAX (256u * 1024u)

/* One guest message made host-side. */
struct msg_conv {
    struct msghdr m;
    struct iovec iov[MSG_IOV_MAX];
    uint8_t name[ADDR_MAX];
    uint32_t g_name, g_control, g_controllen;
};

/* Whether a cmsg's data is 32-bit words to put in the other byte order. */
static bool cmsg_words(int level, int type)
{
    return level == SOL_SOCKET && (type == SCM_RIGHTS || type == SCM_CREDENTIALS);
}

/* n bytes of cmsg data between guest and host order (either way). */
static void cmsg_data(bool be, int level, int type, uint8_t *dst, const uint8_t *src, size_t n)
{
    memcpy(dst, src, n);
    if (!be || !cmsg_words(level, type)) return;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t v;
        memcpy(&v, src + i, 4);
        v = __builtin_bswap32(v);
        memcpy(dst + i, &v, 4);
    }
}

/* The guest's control buffer g (glen bytes) as host cmsgs into h (hcap,
 * zeroed); *hlen the host length. EINVAL for a header that lies about its
 * length, as the kernel's __scm_send. */
static int64_t cmsgs_in(bool be, const uint8_t *g, uint32_t glen, uint8_t *h, size_t hcap,
                        size_t *hlen)
{
    size_t out = 0;
    for (uint32_t off = 0; off < glen && glen - off >= G_CMSGHDR;) {
        uint32_t len = abi_get32(be, g + off), level = abi_get32(be, g + off + 4);
        if (len < G_CMSGHDR || len > glen - off) return -MIPS_EINVAL;
        uint32_t n = len - G_CMSGHDR;
        if (out + CMSG_SPACE(n) > hcap) return -MIPS_EINVAL;
        struct cmsghdr *c = (struct cmsghdr *)(h + out);
        c->cmsg_len = CMSG_LEN(n);
        c->cmsg_level = level == MIPS_SOL_SOCKET ? SOL_SOCKET : (int)level;
        c->cmsg_type = (int)abi_get32(be, g + off + 8);
        cmsg_data(be, c->cmsg_level, c->cmsg_type, CMSG_DATA(c), g + off + G_CMSGHDR, n);
        out += CMSG_SPACE(n);
        off += G_CMSG_ALIGN(len);
    }
    *hlen = out;
    return 0;
}

/* Closes the received fds of an SCM_RIGHTS cmsg from byte skip on: they
 * did not fit the guest's buffer (the kernel's scm_detach_fds installs
 * only those that fit). */
static void close_fds_from(const struct cmsghdr *c, size_t skip)
{
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) return;
    size_t n = c->cmsg_len - CMSG_LEN(0);
    for (size_t i = skip; i + 4 <= n; i += 4) {
        int fd;
        memcpy(&fd, CMSG_DATA(c) + i, 4);
        close(fd);
    }
}

/* The host's received cmsgs (mc->m) into the guest's control buffer; the
 * length used goes back to msg_controllen and MSG_CTRUNC into *flags when
 * something did not fit (as the kernel's put_cmsg). */
static int64_t cmsgs_out(struct user_proc *p, struct msg_conv *mc, uint32_t addr, int *flags)
{
    bool be = guest_be(p);
    uint8_t *g = mc->g_controllen ? guest_buf(p, mc->g_control, mc->g_controllen, GM_WRITE) : NULL;
    uint32_t out = 0, cap = g ? mc->g_controllen : 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mc->m); c; c = CMSG_NXTHDR(&mc->m, c)) {
        size_t n = c->cmsg_len - CMSG_LEN(0), fit = 0;
        if (cap - out >= G_CMSGHDR) fit = n < cap - out - G_CMSGHDR ? n : cap - out - G_CMSGHDR;
        if (cmsg_words(c->cmsg_level, c->cmsg_type)) fit &= ~(size_t)3;
        if (fit < n || cap - out < G_CMSGHDR) *flags |= MSG_CTRUNC;
        close_fds_from(c, cap - out >= G_CMSGHDR ? fit : 0);
        if (cap - out < G_CMSGHDR) continue;
        int level = c->cmsg_level == SOL_SOCKET ? (int)MIPS_SOL_SOCKET : c->cmsg_level;
        abi_put32(be, g + out, (uint32_t)(G_CMSGHDR + fit));
        abi_put32(be, g + out + 4, (uint32_t)level);
        abi_put32(be, g + out + 8, (uint32_t)c->cmsg_type);
        cmsg_data(be, c->cmsg_level, c->cmsg_type, g + out + G_CMSGHDR, CMSG_DATA(c), fit);
        uint32_t step = G_CMSG_ALIGN((uint32_t)(G_CMSGHDR + fit));
        out = step > cap - out ? cap : out + step;
    }
    uint8_t *gm = guest_buf(p, addr + 20, 4, GM_WRITE);
    if (!gm) return -MIPS_EFAULT;
    abi_put32(be, gm, out);
    return 0;
}

/* The guest iovec array into mc->iov (buffers readable for a send,
 * writable for a receive). */
static int64_t iov_in(struct user_proc *p, struct msg_conv *mc, uint32_t iov, uint32_t n, bool recv)
{
    if (n > MSG_IOV_MAX) return sys_err(EMSGSIZE);
    const uint8_t *g = n ? guest_buf(p, iov, n * 8, GM_READ) : NULL;
    if (n && !g) return -MIPS_EFAULT;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t base = abi_get32(guest_be(p), g + 8 * i),
                 len = abi_get32(guest_be(p), g + 8 * i + 4);
        void *h = len ? guest_buf(p, base, len, recv ? GM_WRITE : GM_READ) : NULL;
        if (len && !h) return -MIPS_EFAULT;
        mc->iov[i] = (struct iovec){h, len};
    }
    mc->m.msg_iov = mc->iov;
    mc->m.msg_iovlen = n;
    return 0;
}

/* The guest msghdr at addr made host-side in mc: name, iovecs, and the
 * control buffer (converted for a send, room for the host's for a
 * receive), malloc'd into mc->m.msg_control (msg_release frees it). */
static int64_t msg_in(struct user_proc *p, uint32_t addr, struct msg_conv *mc, bool recv)
{
    bool be = guest_be(p);
    memset(&mc->m, 0, sizeof mc->m);
    const uint8_t *g = guest_buf(p, addr, G_MSGHDR, recv ? GM_READ | GM_WRITE : GM_READ);
    if (!g) return -MIPS_EFAULT;
    uint32_t name = abi_get32(be, g), namelen = abi_get32(be, g + 4);
    mc->g_name = name;
    mc->g_control = abi_get32(be, g + 16);
    mc->g_controllen = abi_get32(be, g + 20);
    if (name && recv) {
        mc->m.msg_name = mc->name;
        mc->m.msg_namelen = sizeof mc->name;
    } else if (name && namelen) {
        int64_t rc = addr_in(p, name, namelen, mc->name);
        if (rc) return rc;
        mc->m.msg_name = mc->name;
        mc->m.msg_namelen = namelen;
    }
    int64_t rc = iov_in(p, mc, abi_get32(be, g + 8), abi_get32(be, g + 12), recv);
    if (rc || !mc->g_controllen) return rc;
    if (mc->g_controllen > MSG_CTRL_MAX && !recv) return sys_err(ENOBUFS); /* > optmem_max */
    uint32_t room = mc->g_controllen < MSG_CTRL_MAX ? mc->g_controllen : MSG_CTRL_MAX;
    size_t hcap = 2u * room + 64; /* a guest cmsg at most doubles on the host */
    uint8_t *h = calloc(1, hcap);
    if (!h) return -MIPS_ENOMEM;
    mc->m.msg_control = h;
    mc->m.msg_controllen = hcap;
    if (recv) return 0;
    const uint8_t *gc = guest_buf(p, mc->g_control, mc->g_controllen, GM_READ);
    if (!gc) return -MIPS_EFAULT;
    size_t hlen = 0;
    rc = cmsgs_in(be, gc, mc->g_controllen, h, hcap, &hlen);
    mc->m.msg_controllen = hlen;
    if (!hlen) { /* nothing to pass: no control buffer at all */
        free(h);
        mc->m.msg_control = NULL;
    }
    return rc;
}

static void msg_release(struct msg_conv *mc)
{
    free(mc->m.msg_control);
    mc->m.msg_control = NULL;
}

/* After a receive of the message at addr: the sender's address and its
 * length, the control data and msg_flags back into the guest msghdr. */
static int64_t msg_out(struct user_proc *p, uint32_t addr, struct msg_conv *mc)
{
    int flags = mc->m.msg_flags;
    if (mc->g_name) {
        int64_t rc = addr_out(p, mc->g_name, addr + 4, mc->name, mc->m.msg_namelen);
        if (rc) return rc;
    }
    int64_t rc = cmsgs_out(p, mc, addr, &flags);
    if (rc) return rc;
    uint8_t *g = guest_buf(p, addr + 24, 4, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    abi_put32(guest_be(p), g, (uint32_t)flags);
    return 0;
}

/* One sendmsg of the guest message at addr; the host result. */
static int64_t send_one(struct user_proc *p, int fd, uint32_t addr, int flags)
{
    struct msg_conv *mc = malloc(sizeof *mc);
    if (!mc) return -MIPS_ENOMEM;
    int64_t rc = msg_in(p, addr, mc, false);
    if (!rc) rc = sys_host(sendmsg(fd, &mc->m, flags));
    msg_release(mc);
    free(mc);
    return rc;
}

/* One recvmsg into the guest message at addr; the host result. */
static int64_t recv_one(struct user_proc *p, int fd, uint32_t addr, int flags)
{
    struct msg_conv *mc = malloc(sizeof *mc);
    if (!mc) return -MIPS_ENOMEM;
    int64_t rc = msg_in(p, addr, mc, true);
    if (!rc) {
        ssize_t n = recvmsg(fd, &mc->m, flags);
        rc = n < 0 ? sys_err(errno) : msg_out(p, addr, mc);
        if (!rc) rc = n;
    }
    msg_release(mc);
    free(mc);
    return rc;
}

/* sendmsg(fd, msg, flags). */
int64_t sys_sendmsg(struct user_proc *p, const uint32_t *a)
{
    return send_one(p, (int)a[0], a[1], (int)a[2]);
}

/* recvmsg(fd, msg, flags). */
int64_t sys_recvmsg(struct user_proc *p, const uint32_t *a)
{
    return recv_one(p, (int)a[0], a[1], (int)a[2]);
}

/* Writes n into msg_len of the guest mmsghdr at vec[i]. */
static bool put_msg_len(struct user_proc *p, uint32_t vec, uint32_t i, uint32_t n)
{
    uint8_t *g = guest_buf(p, vec + i * G_MMSGHDR + G_MSGHDR, 4, GM_WRITE);
    if (g) abi_put32(guest_be(p), g, n);
    return g != NULL;
}

/* sendmmsg(fd, vec, vlen, flags): one sendmsg per entry, as the kernel's
 * loop; an error after the first message ends it with the count sent. */
int64_t sys_sendmmsg(struct user_proc *p, const uint32_t *a)
{
    uint32_t vlen = a[2] > MSG_IOV_MAX ? MSG_IOV_MAX : a[2], i;
    for (i = 0; i < vlen; i++) {
        int64_t n = send_one(p, (int)a[0], a[1] + i * G_MMSGHDR, (int)a[3]);
        if (n < 0) return i ? (int64_t)i : n;
        if (!put_msg_len(p, a[1], i, (uint32_t)n)) return i ? (int64_t)i : -MIPS_EFAULT;
    }
    return i;
}

/* Nanoseconds to a timespec's end on CLOCK_MONOTONIC. */
static int64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* recvmmsg(fd, vec, vlen, flags, timeout): one recvmsg per entry; after
 * the first, MSG_WAITFORONE adds MSG_DONTWAIT; the timeout, as in the
 * kernel, is looked at only between messages, and what is left of it is
 * written back. */
static int64_t do_recvmmsg(struct user_proc *p, const uint32_t *a, bool wide)
{
    struct timespec ts;
    int64_t end = 0;
    if (a[4]) {
        int64_t rc = get_timespec(p, a[4], &ts, wide);
        if (rc) return rc;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -MIPS_EINVAL;
        end = mono_ns() + (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    uint32_t vlen = a[2] > MSG_IOV_MAX ? MSG_IOV_MAX : a[2], i;
    int flags = (int)a[3];
    for (i = 0; i < vlen; i++) {
        int64_t n = recv_one(p, (int)a[0], a[1] + i * G_MMSGHDR, flags);
        if (n < 0) {
            if (!i) return n;
            break;
        }
        if (!put_msg_len(p, a[1], i, (uint32_t)n)) return i ? (int64_t)i : -MIPS_EFAULT;
        if (flags & MSG_WAITFORONE) flags |= MSG_DONTWAIT;
        if (a[4] && mono_ns() >= end) {
            i++;
            break;
        }
    }
    if (a[4]) {
        int64_t left = end - mono_ns();
        if (left < 0) left = 0;
        uint8_t *g = guest_buf(p, a[4], wide ? 16 : 8, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        if (wide) {
            abi_put64(guest_be(p), g, (uint64_t)(left / 1000000000));
            abi_put64(guest_be(p), g + 8, (uint64_t)(left % 1000000000));
        } else {
            abi_put32(guest_be(p), g, (uint32_t)(left / 1000000000));
            abi_put32(guest_be(p), g + 4, (uint32_t)(left % 1000000000));
        }
    }
    return i;
}

int64_t sys_recvmmsg(struct user_proc *p, const uint32_t *a)
{
    return do_recvmmsg(p, a, false);
}

int64_t sys_recvmmsg_time64(struct user_proc *p, const uint32_t *a)
{
    return do_recvmmsg(p, a, true);
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
    /* Linux's bound (EP_MAX_EVENTS, 16-byte MIPS events). Up to EPOLL_MAX
     * on the stack, more from the heap; past EPOLL_HEAP_MAX one call
     * returns that many and the rest come with the next. */
    if (max <= 0 || max > INT32_MAX / 16) return -MIPS_EINVAL;
    uint8_t *g = guest_buf(p, a[1], (uint32_t)max * 16, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    struct epoll_event stack_ev[EPOLL_MAX], *ev = stack_ev;
    if (max > EPOLL_MAX) {
        if (max > EPOLL_HEAP_MAX) max = EPOLL_HEAP_MAX;
        if (!(ev = malloc(sizeof *ev * (size_t)max))) return -MIPS_ENOMEM;
    }
    int n = epoll_wait((int)a[0], ev, max, (int)a[3]);
    int e = errno;
    for (int i = 0; i < n; i++) {
        abi_put32(guest_be(p), g + 16 * i, ev[i].events);
        abi_put32(guest_be(p), g + 16 * i + 4, 0);
        abi_put64(guest_be(p), g + 16 * i + 8, ev[i].data.u64);
    }
    if (ev != stack_ev) free(ev);
    return n < 0 ? sys_err(e) : n;
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
