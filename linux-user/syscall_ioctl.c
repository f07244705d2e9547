/* linux-user/syscall_ioctl.c — ioctl: terminals and pseudo-terminals, and
 * the generic file ones (FIONREAD, FIONBIO, FIOCLEX...).
 *
 * MIPS numbers most of these differently from x86 (TIOCGWINSZ is
 * _IOR('t', 104), TIOCSCTTY 0x5480, TIOCGPTN 0x40045430 with MIPS's
 * _IOC_READ of 2 at bit 29...), lays out struct termios otherwise (23
 * control characters in another order, local flags IEXTEN/TOSTOP/FLUSHO
 * elsewhere), and a few take MIPS values (TIOCSIG a signal number,
 * TIOCGPTPEER open flags). Values from asm/ioctls.h of
 * linux-libc-dev-mipsel-cross. An ioctl tern does not know gets ENOTTY, as
 * Linux answers one the fd's driver does not know.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* c_cc: MIPS index -> host index (asm/termbits.h of each). */
static const int cc_map[][2] = {
    {0, VINTR},     {1, VQUIT},    {2, VERASE},  {3, VKILL}, {4, VMIN},   {5, VTIME},
    {6, VEOL2},     {7, VSWTC},    {8, VSTART},  {9, VSTOP}, {10, VSUSP}, {12, VREPRINT},
    {13, VDISCARD}, {14, VWERASE}, {15, VLNEXT}, {16, VEOF}, {17, VEOL},
};

/* c_lflag bits that moved: MIPS value, host value. */
static const uint32_t lflag_map[][2] = {
    {0x00001, ISIG},   {0x00002, ICANON},  {0x00004, XCASE},   {0x00008, ECHO},
    {0x00010, ECHOE},  {0x00020, ECHOK},   {0x00040, ECHONL},  {0x00080, NOFLSH},
    {0x00100, IEXTEN}, {0x00200, ECHOCTL}, {0x00400, ECHOPRT}, {0x00800, ECHOKE},
    {0x02000, FLUSHO}, {0x04000, PENDIN},  {0x08000, TOSTOP},  {0x10000, EXTPROC},
};

static uint32_t map_bits(uint32_t v, bool to_host)
{
    uint32_t out = 0;
    for (size_t i = 0; i < sizeof lflag_map / sizeof lflag_map[0]; i++)
        if (v & lflag_map[i][to_host ? 0 : 1]) out |= lflag_map[i][to_host ? 1 : 0];
    return out;
}

/* Guest struct termios (asm/termbits.h): 4 flag words, c_line, c_cc[23]. The
 * input, output and control flags have the same values on both. */
static void termios_to_guest(bool be, uint8_t *g, const struct termios *t)
{
    abi_put32(be, g, t->c_iflag);
    abi_put32(be, g + 4, t->c_oflag);
    abi_put32(be, g + 8, t->c_cflag);
    abi_put32(be, g + 12, map_bits(t->c_lflag, false));
    g[16] = t->c_line;
    memset(g + 17, 0, MIPS_NCCS);
    for (size_t i = 0; i < sizeof cc_map / sizeof cc_map[0]; i++)
        g[17 + cc_map[i][0]] = t->c_cc[cc_map[i][1]];
}

static void termios_to_host(bool be, const uint8_t *g, struct termios *t)
{
    t->c_iflag = abi_get32(be, g);
    t->c_oflag = abi_get32(be, g + 4);
    t->c_cflag = abi_get32(be, g + 8);
    t->c_lflag = map_bits(abi_get32(be, g + 12), true);
    t->c_line = g[16];
    for (size_t i = 0; i < sizeof cc_map / sizeof cc_map[0]; i++)
        t->c_cc[cc_map[i][1]] = g[17 + cc_map[i][0]];
}

static int64_t ioctl_termios(struct user_proc *p, int fd, uint32_t cmd, uint32_t arg)
{
    uint8_t *g = guest_buf(p, arg, 17 + MIPS_NCCS, cmd == MIPS_TCGETS ? GM_WRITE : GM_READ);
    if (!g) return -MIPS_EFAULT;
    struct termios t;
    if (cmd == MIPS_TCGETS) {
        if (ioctl(fd, TCGETS, &t) != 0) return sys_err(errno);
        termios_to_guest(guest_be(p), g, &t);
        return 0;
    }
    if (ioctl(fd, TCGETS, &t) != 0) return sys_err(errno); /* keep the speeds */
    termios_to_host(guest_be(p), g, &t);
    unsigned long host = cmd == MIPS_TCSETS ? TCSETS : cmd == MIPS_TCSETSW ? TCSETSW : TCSETSF;
    return sys_host(ioctl(fd, host, &t));
}

/* ioctls whose argument is an int written back (or read) in guest order. */
static int64_t ioctl_int(struct user_proc *p, int fd, unsigned long host_cmd, uint32_t arg,
                         bool out)
{
    uint8_t *g = guest_buf(p, arg, 4, out ? GM_WRITE : GM_READ);
    if (!g) return -MIPS_EFAULT;
    int v = out ? 0 : (int)abi_get32(guest_be(p), g);
    if (ioctl(fd, host_cmd, &v) != 0) return sys_err(errno);
    if (out) abi_put32(guest_be(p), g, (uint32_t)v);
    return 0;
}

/* The ioctls that need no structure translation: how the argument goes. */
enum arg_kind {
    ARG_VALUE,   /* the argument itself, an integer */
    ARG_INT_IN,  /* a pointer to an int the host reads */
    ARG_INT_OUT, /* a pointer to an int the host writes */
    ARG_CHAR_IN, /* a pointer to one byte (TIOCSTI) */
    ARG_SIGNAL,  /* a MIPS signal number, by value */
    ARG_OFLAGS,  /* MIPS open flags, by value */
};

static const struct {
    uint32_t mips;
    unsigned long host;
    enum arg_kind kind;
} ioctls[] = {
    {0x5405, TCSBRK, ARG_VALUE},        {0x5406, TCXONC, ARG_VALUE},
    {0x5407, TCFLSH, ARG_VALUE},        {0x5486, TCSBRKP, ARG_VALUE},
    {0x5427, TIOCSBRK, ARG_VALUE},      {0x5428, TIOCCBRK, ARG_VALUE},
    {0x5480, TIOCSCTTY, ARG_VALUE},     {0x5471, TIOCNOTTY, ARG_VALUE},
    {0x740d, TIOCEXCL, ARG_VALUE},      {0x740e, TIOCNXCL, ARG_VALUE},
    {0x5437, TIOCVHANGUP, ARG_VALUE},   {0x6601, FIOCLEX, ARG_VALUE},
    {0x6602, FIONCLEX, ARG_VALUE},      {0x5472, TIOCSTI, ARG_CHAR_IN},
    {0x7472, TIOCOUTQ, ARG_INT_OUT},    {0x7416, TIOCGSID, ARG_INT_OUT},
    {0x7400, TIOCGETD, ARG_INT_OUT},    {0x7401, TIOCSETD, ARG_INT_IN},
    {0x741d, TIOCMGET, ARG_INT_OUT},    {0x741a, TIOCMSET, ARG_INT_IN},
    {0x741b, TIOCMBIS, ARG_INT_IN},     {0x741c, TIOCMBIC, ARG_INT_IN},
    {0x5470, TIOCPKT, ARG_INT_IN},      {0x667d, FIOASYNC, ARG_INT_IN},
    {0x40045430, TIOCGPTN, ARG_INT_OUT}, {0x80045431, TIOCSPTLCK, ARG_INT_IN},
    {0x40045432, TIOCGDEV, ARG_INT_OUT}, {0x80045436, TIOCSIG, ARG_SIGNAL},
    {0x40045438, TIOCGPKT, ARG_INT_OUT}, {0x40045439, TIOCGPTLCK, ARG_INT_OUT},
    {0x40045440, TIOCGEXCL, ARG_INT_OUT}, {0x20005441, TIOCGPTPEER, ARG_OFLAGS},
};

static int64_t ioctl_table(struct user_proc *p, int fd, uint32_t cmd, uint32_t arg)
{
    for (size_t i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
        if (ioctls[i].mips != cmd) continue;
        unsigned long host = ioctls[i].host;
        switch (ioctls[i].kind) {
        case ARG_VALUE:
            return sys_host(ioctl(fd, host, (unsigned long)arg));
        case ARG_INT_IN:
            return ioctl_int(p, fd, host, arg, false);
        case ARG_INT_OUT:
            return ioctl_int(p, fd, host, arg, true);
        case ARG_CHAR_IN: {
            const char *g = guest_buf(p, arg, 1, GM_READ);
            if (!g) return -MIPS_EFAULT;
            char c = *g;
            return sys_host(ioctl(fd, host, &c));
        }
        case ARG_SIGNAL: {
            int sig = mips_to_host_signal((int)arg);
            if (!sig) return -MIPS_EINVAL;
            return sys_host(ioctl(fd, host, (unsigned long)sig));
        }
        case ARG_OFLAGS:
            return sys_host(ioctl(fd, host, (unsigned long)open_flags_to_host(arg)));
        }
    }
    return -MIPS_ENOTTY; /* what Linux answers an ioctl it does not know for the fd */
}

int64_t sys_ioctl(struct user_proc *p, const uint32_t *a)
{
    int fd = (int)a[0];
    switch (a[1]) {
    case MIPS_TCGETS:
    case MIPS_TCSETS:
    case MIPS_TCSETSW:
    case MIPS_TCSETSF:
        return ioctl_termios(p, fd, a[1], a[2]);
    case MIPS_TIOCGWINSZ:
    case MIPS_TIOCSWINSZ: {
        /* struct winsize: four unsigned shorts. */
        bool get = a[1] == MIPS_TIOCGWINSZ;
        uint8_t *g = guest_buf(p, a[2], 8, get ? GM_WRITE : GM_READ);
        if (!g) return -MIPS_EFAULT;
        unsigned short ws[4];
        for (int i = 0; i < 4 && !get; i++)
            ws[i] = abi_get16(guest_be(p), g + 2 * i);
        if (ioctl(fd, get ? TIOCGWINSZ : TIOCSWINSZ, ws) != 0) return sys_err(errno);
        for (int i = 0; i < 4 && get; i++)
            abi_put16(guest_be(p), g + 2 * i, ws[i]);
        return 0;
    }
    case MIPS_TIOCGPGRP:
        return ioctl_int(p, fd, TIOCGPGRP, a[2], true);
    case MIPS_TIOCSPGRP:
        return ioctl_int(p, fd, TIOCSPGRP, a[2], false);
    case MIPS_FIONREAD:
        return ioctl_int(p, fd, FIONREAD, a[2], true);
    case MIPS_FIONBIO:
        return ioctl_int(p, fd, FIONBIO, a[2], false);
    default:
        return ioctl_table(p, fd, a[1], a[2]);
    }
}

