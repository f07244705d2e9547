/* linux-user/errno.c — host <-> MIPS translation of errno values and signal
 * numbers. MIPS keeps the historic SVR4 numbering above 34 (ENOSYS is 89,
 * EAGAIN 11 as everywhere) and its own signal numbers (SIGBUS 10, SIGUSR1 16,
 * SIGCHLD 18...), so every value crossing the system-call boundary passes here.
 * The errno table lists the names of arch/mips/include/uapi/asm/errno.h with
 * their MIPS values; the host side is the host's macro of the same name.
 */
#include "linux-user/mips_abi.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>

struct errno_pair {
    int host, mips;
};

static const struct errno_pair errno_table[] = {
#ifdef EPERM
    {EPERM, 1},
#endif
#ifdef ENOENT
    {ENOENT, 2},
#endif
#ifdef ESRCH
    {ESRCH, 3},
#endif
#ifdef EINTR
    {EINTR, 4},
#endif
#ifdef EIO
    {EIO, 5},
#endif
#ifdef ENXIO
    {ENXIO, 6},
#endif
#ifdef E2BIG
    {E2BIG, 7},
#endif
#ifdef ENOEXEC
    {ENOEXEC, 8},
#endif
#ifdef EBADF
    {EBADF, 9},
#endif
#ifdef ECHILD
    {ECHILD, 10},
#endif
#ifdef EAGAIN
    {EAGAIN, 11},
#endif
#ifdef ENOMEM
    {ENOMEM, 12},
#endif
#ifdef EACCES
    {EACCES, 13},
#endif
#ifdef EFAULT
    {EFAULT, 14},
#endif
#ifdef ENOTBLK
    {ENOTBLK, 15},
#endif
#ifdef EBUSY
    {EBUSY, 16},
#endif
#ifdef EEXIST
    {EEXIST, 17},
#endif
#ifdef EXDEV
    {EXDEV, 18},
#endif
#ifdef ENODEV
    {ENODEV, 19},
#endif
#ifdef ENOTDIR
    {ENOTDIR, 20},
#endif
#ifdef EISDIR
    {EISDIR, 21},
#endif
#ifdef EINVAL
    {EINVAL, 22},
#endif
#ifdef ENFILE
    {ENFILE, 23},
#endif
#ifdef EMFILE
    {EMFILE, 24},
#endif
#ifdef ENOTTY
    {ENOTTY, 25},
#endif
#ifdef ETXTBSY
    {ETXTBSY, 26},
#endif
#ifdef EFBIG
    {EFBIG, 27},
#endif
#ifdef ENOSPC
    {ENOSPC, 28},
#endif
#ifdef ESPIPE
    {ESPIPE, 29},
#endif
#ifdef EROFS
    {EROFS, 30},
#endif
#ifdef EMLINK
    {EMLINK, 31},
#endif
#ifdef EPIPE
    {EPIPE, 32},
#endif
#ifdef EDOM
    {EDOM, 33},
#endif
#ifdef ERANGE
    {ERANGE, 34},
#endif
#ifdef ENOMSG
    {ENOMSG, 35},
#endif
#ifdef EIDRM
    {EIDRM, 36},
#endif
#ifdef ECHRNG
    {ECHRNG, 37},
#endif
#ifdef EL2NSYNC
    {EL2NSYNC, 38},
#endif
#ifdef EL3HLT
    {EL3HLT, 39},
#endif
#ifdef EL3RST
    {EL3RST, 40},
#endif
#ifdef ELNRNG
    {ELNRNG, 41},
#endif
#ifdef EUNATCH
    {EUNATCH, 42},
#endif
#ifdef ENOCSI
    {ENOCSI, 43},
#endif
#ifdef EL2HLT
    {EL2HLT, 44},
#endif
#ifdef EDEADLK
    {EDEADLK, 45},
#endif
#ifdef ENOLCK
    {ENOLCK, 46},
#endif
#ifdef EBADE
    {EBADE, 50},
#endif
#ifdef EBADR
    {EBADR, 51},
#endif
#ifdef EXFULL
    {EXFULL, 52},
#endif
#ifdef ENOANO
    {ENOANO, 53},
#endif
#ifdef EBADRQC
    {EBADRQC, 54},
#endif
#ifdef EBADSLT
    {EBADSLT, 55},
#endif
#ifdef EDEADLOCK
    {EDEADLOCK, 56},
#endif
#ifdef EBFONT
    {EBFONT, 59},
#endif
#ifdef ENOSTR
    {ENOSTR, 60},
#endif
#ifdef ENODATA
    {ENODATA, 61},
#endif
#ifdef ETIME
    {ETIME, 62},
#endif
#ifdef ENOSR
    {ENOSR, 63},
#endif
#ifdef ENONET
    {ENONET, 64},
#endif
#ifdef ENOPKG
    {ENOPKG, 65},
#endif
#ifdef EREMOTE
    {EREMOTE, 66},
#endif
#ifdef ENOLINK
    {ENOLINK, 67},
#endif
#ifdef EADV
    {EADV, 68},
#endif
#ifdef ESRMNT
    {ESRMNT, 69},
#endif
#ifdef ECOMM
    {ECOMM, 70},
#endif
#ifdef EPROTO
    {EPROTO, 71},
#endif
#ifdef EDOTDOT
    {EDOTDOT, 73},
#endif
#ifdef EMULTIHOP
    {EMULTIHOP, 74},
#endif
#ifdef EBADMSG
    {EBADMSG, 77},
#endif
#ifdef ENAMETOOLONG
    {ENAMETOOLONG, 78},
#endif
#ifdef EOVERFLOW
    {EOVERFLOW, 79},
#endif
#ifdef ENOTUNIQ
    {ENOTUNIQ, 80},
#endif
#ifdef EBADFD
    {EBADFD, 81},
#endif
#ifdef EREMCHG
    {EREMCHG, 82},
#endif
#ifdef ELIBACC
    {ELIBACC, 83},
#endif
#ifdef ELIBBAD
    {ELIBBAD, 84},
#endif
#ifdef ELIBSCN
    {ELIBSCN, 85},
#endif
#ifdef ELIBMAX
    {ELIBMAX, 86},
#endif
#ifdef ELIBEXEC
    {ELIBEXEC, 87},
#endif
#ifdef EILSEQ
    {EILSEQ, 88},
#endif
#ifdef ENOSYS
    {ENOSYS, 89},
#endif
#ifdef ELOOP
    {ELOOP, 90},
#endif
#ifdef ERESTART
    {ERESTART, 91},
#endif
#ifdef ESTRPIPE
    {ESTRPIPE, 92},
#endif
#ifdef ENOTEMPTY
    {ENOTEMPTY, 93},
#endif
#ifdef EUSERS
    {EUSERS, 94},
#endif
#ifdef ENOTSOCK
    {ENOTSOCK, 95},
#endif
#ifdef EDESTADDRREQ
    {EDESTADDRREQ, 96},
#endif
#ifdef EMSGSIZE
    {EMSGSIZE, 97},
#endif
#ifdef EPROTOTYPE
    {EPROTOTYPE, 98},
#endif
#ifdef ENOPROTOOPT
    {ENOPROTOOPT, 99},
#endif
#ifdef EPROTONOSUPPORT
    {EPROTONOSUPPORT, 120},
#endif
#ifdef ESOCKTNOSUPPORT
    {ESOCKTNOSUPPORT, 121},
#endif
#ifdef EOPNOTSUPP
    {EOPNOTSUPP, 122},
#endif
#ifdef EPFNOSUPPORT
    {EPFNOSUPPORT, 123},
#endif
#ifdef EAFNOSUPPORT
    {EAFNOSUPPORT, 124},
#endif
#ifdef EADDRINUSE
    {EADDRINUSE, 125},
#endif
#ifdef EADDRNOTAVAIL
    {EADDRNOTAVAIL, 126},
#endif
#ifdef ENETDOWN
    {ENETDOWN, 127},
#endif
#ifdef ENETUNREACH
    {ENETUNREACH, 128},
#endif
#ifdef ENETRESET
    {ENETRESET, 129},
#endif
#ifdef ECONNABORTED
    {ECONNABORTED, 130},
#endif
#ifdef ECONNRESET
    {ECONNRESET, 131},
#endif
#ifdef ENOBUFS
    {ENOBUFS, 132},
#endif
#ifdef EISCONN
    {EISCONN, 133},
#endif
#ifdef ENOTCONN
    {ENOTCONN, 134},
#endif
#ifdef EUCLEAN
    {EUCLEAN, 135},
#endif
#ifdef ENOTNAM
    {ENOTNAM, 137},
#endif
#ifdef ENAVAIL
    {ENAVAIL, 138},
#endif
#ifdef EISNAM
    {EISNAM, 139},
#endif
#ifdef EREMOTEIO
    {EREMOTEIO, 140},
#endif
#ifdef EINIT
    {EINIT, 141},
#endif
#ifdef EREMDEV
    {EREMDEV, 142},
#endif
#ifdef ESHUTDOWN
    {ESHUTDOWN, 143},
#endif
#ifdef ETOOMANYREFS
    {ETOOMANYREFS, 144},
#endif
#ifdef ETIMEDOUT
    {ETIMEDOUT, 145},
#endif
#ifdef ECONNREFUSED
    {ECONNREFUSED, 146},
#endif
#ifdef EHOSTDOWN
    {EHOSTDOWN, 147},
#endif
#ifdef EHOSTUNREACH
    {EHOSTUNREACH, 148},
#endif
#ifdef EALREADY
    {EALREADY, 149},
#endif
#ifdef EINPROGRESS
    {EINPROGRESS, 150},
#endif
#ifdef ESTALE
    {ESTALE, 151},
#endif
#ifdef ECANCELED
    {ECANCELED, 158},
#endif
#ifdef ENOMEDIUM
    {ENOMEDIUM, 159},
#endif
#ifdef EMEDIUMTYPE
    {EMEDIUMTYPE, 160},
#endif
#ifdef ENOKEY
    {ENOKEY, 161},
#endif
#ifdef EKEYEXPIRED
    {EKEYEXPIRED, 162},
#endif
#ifdef EKEYREVOKED
    {EKEYREVOKED, 163},
#endif
#ifdef EKEYREJECTED
    {EKEYREJECTED, 164},
#endif
#ifdef EOWNERDEAD
    {EOWNERDEAD, 165},
#endif
#ifdef ENOTRECOVERABLE
    {ENOTRECOVERABLE, 166},
#endif
#ifdef ERFKILL
    {ERFKILL, 167},
#endif
#ifdef EHWPOISON
    {EHWPOISON, 168},
#endif
#ifdef EDQUOT
    {EDQUOT, 1133},
#endif
};

int mips_errno(int host_errno)
{
    if (host_errno > 0 && host_errno <= 34) return host_errno; /* asm-generic/errno-base.h */
    for (size_t i = 0; i < sizeof errno_table / sizeof errno_table[0]; i++)
        if (errno_table[i].host == host_errno) return errno_table[i].mips;
    return 22; /* EINVAL */
}

/* Index: MIPS signal number (asm/signal.h); value: host signal. */
static const int signal_table[32] = {
    [1] = SIGHUP,   [2] = SIGINT,     [3] = SIGQUIT,  [4] = SIGILL,    [5] = SIGTRAP,
    [6] = SIGABRT,  [8] = SIGFPE,     [9] = SIGKILL,  [10] = SIGBUS,   [11] = SIGSEGV,
    [12] = SIGSYS,  [13] = SIGPIPE,   [14] = SIGALRM, [15] = SIGTERM,  [16] = SIGUSR1,
    [17] = SIGUSR2, [18] = SIGCHLD,   [19] = SIGPWR,  [20] = SIGWINCH, [21] = SIGURG,
    [22] = SIGIO,   [23] = SIGSTOP,   [24] = SIGTSTP, [25] = SIGCONT,  [26] = SIGTTIN,
    [27] = SIGTTOU, [28] = SIGVTALRM, [29] = SIGPROF, [30] = SIGXCPU,  [31] = SIGXFSZ,
};

int mips_to_host_signal(int mips_sig)
{
    if (mips_sig > 0 && mips_sig < 32) return signal_table[mips_sig];
    /* Real-time signals: MIPS SIGRTMIN is 32 like the kernel's on x86. */
    if (mips_sig >= 32 && mips_sig <= 64 && SIGRTMIN + (mips_sig - 32) <= SIGRTMAX) return mips_sig;
    return 0;
}

int host_to_mips_signal(int host_sig)
{
    for (int i = 1; i < 32; i++)
        if (signal_table[i] == host_sig) return i;
    return host_sig >= 32 && host_sig <= 64 ? host_sig : 0;
}
