/* linux-user/syscall_cred.c — credentials: the set/get uid and gid calls,
 * setgroups, setfsuid/setfsgid, capget/capset, and personality.
 *
 * Linux keeps credentials per thread, and a guest thread is a host thread,
 * so every change is the raw host system call for the calling thread only:
 * glibc's setuid() & co. would broadcast it to every host thread, tern's own
 * included (a guest libc does its own broadcast to its threads). o32 has
 * only the 32-bit uid_t/gid_t calls, -1 meaning "unchanged" as on the host.
 * The capability structs are u32 fields in the guest's byte order.
 */
#include "linux-user/syscall_int.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CRED_NGROUPS_MAX 65536 /* the kernel's NGROUPS_MAX */

int64_t sys_setuid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setuid, (uid_t)a[0]));
}

int64_t sys_setgid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setgid, (gid_t)a[0]));
}

int64_t sys_setreuid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]));
}

int64_t sys_setregid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1]));
}

int64_t sys_setresuid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}

int64_t sys_setresgid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return sys_host(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}

/* Stores the three ids at the three guest pointers in order, stopping at
 * the first bad one as the kernel's put_user sequence does. */
static int64_t put_three_ids(struct user_proc *p, const uint32_t *a, const uint32_t *ids)
{
    for (int i = 0; i < 3; i++) {
        uint8_t *g = guest_buf(p, a[i], 4, GM_WRITE);
        if (!g) return -MIPS_EFAULT;
        abi_put32(guest_be(p), g, ids[i]);
    }
    return 0;
}

int64_t sys_getresuid(struct user_proc *p, const uint32_t *a)
{
    uid_t r, e, s;
    if (syscall(SYS_getresuid, &r, &e, &s) != 0) return sys_err(errno);
    const uint32_t ids[3] = {r, e, s};
    return put_three_ids(p, a, ids);
}

int64_t sys_getresgid(struct user_proc *p, const uint32_t *a)
{
    gid_t r, e, s;
    if (syscall(SYS_getresgid, &r, &e, &s) != 0) return sys_err(errno);
    const uint32_t ids[3] = {r, e, s};
    return put_three_ids(p, a, ids);
}

/* setgroups(size, list): an unreadable list reaches the host as NULL, so the
 * host kernel reports EPERM and EINVAL before EFAULT, in its own order. */
int64_t sys_setgroups(struct user_proc *p, const uint32_t *a)
{
    uint32_t n = a[0];
    if (n > CRED_NGROUPS_MAX) return sys_host(syscall(SYS_setgroups, (int)n, NULL));
    const uint8_t *g = guest_buf(p, a[1], 4 * n, GM_READ);
    if (!g || n == 0) return sys_host(syscall(SYS_setgroups, (int)n, NULL));
    gid_t *list = malloc(n * sizeof *list);
    if (!list) return -MIPS_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        list[i] = abi_get32(guest_be(p), g + 4 * i);
    int64_t r = sys_host(syscall(SYS_setgroups, (int)n, list));
    free(list);
    return r;
}

/* setfsuid/setfsgid never fail: they return the previous id. */
int64_t sys_setfsuid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return (uint32_t)syscall(SYS_setfsuid, (uid_t)a[0]);
}

int64_t sys_setfsgid(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return (uint32_t)syscall(SYS_setfsgid, (gid_t)a[0]);
}

/* Reads struct __user_cap_header {u32 version; s32 pid}; *words is the
 * number of __user_cap_data structs the version uses (1 or 2), or 0 for an
 * unknown version, which (as in the kernel) gets the preferred version
 * written back. 0, or -MIPS_EFAULT. */
static int64_t cap_header(struct user_proc *p, uint32_t addr, struct __user_cap_header_struct *h,
                          unsigned *words)
{
    uint8_t *g = guest_buf(p, addr, 8, GM_READ);
    if (!g) return -MIPS_EFAULT;
    h->version = abi_get32(guest_be(p), g);
    h->pid = (int)abi_get32(guest_be(p), g + 4);
    switch (h->version) {
    case _LINUX_CAPABILITY_VERSION_1:
        *words = _LINUX_CAPABILITY_U32S_1;
        return 0;
    case _LINUX_CAPABILITY_VERSION_2:
    case _LINUX_CAPABILITY_VERSION_3:
        *words = _LINUX_CAPABILITY_U32S_3;
        return 0;
    }
    *words = 0;
    if (!guest_buf(p, addr, 4, GM_WRITE)) return -MIPS_EFAULT;
    abi_put32(guest_be(p), g, _LINUX_CAPABILITY_VERSION_3);
    return 0;
}

/* capget(header, data): data NULL only probes the version (0 even when it
 * was unknown, as Linux answers). Each data struct is three u32 sets. */
int64_t sys_capget(struct user_proc *p, const uint32_t *a)
{
    struct __user_cap_header_struct h;
    unsigned words;
    int64_t r = cap_header(p, a[0], &h, &words);
    if (r) return r;
    if (!a[1]) return 0;
    if (!words) return -MIPS_EINVAL;
    struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &h, d) != 0) return sys_err(errno);
    uint8_t *g = guest_buf(p, a[1], 12 * words, GM_WRITE);
    if (!g) return -MIPS_EFAULT;
    for (unsigned i = 0; i < words; i++) {
        abi_put32(guest_be(p), g + 12 * i, d[i].effective);
        abi_put32(guest_be(p), g + 12 * i + 4, d[i].permitted);
        abi_put32(guest_be(p), g + 12 * i + 8, d[i].inheritable);
    }
    return 0;
}

/* capset(header, data): an unreadable data pointer reaches the host as NULL,
 * so its pid check (EPERM) still comes before EFAULT. */
int64_t sys_capset(struct user_proc *p, const uint32_t *a)
{
    struct __user_cap_header_struct h;
    unsigned words;
    int64_t r = cap_header(p, a[0], &h, &words);
    if (r) return r;
    if (!words) return -MIPS_EINVAL;
    const uint8_t *g = guest_buf(p, a[1], 12 * words, GM_READ);
    if (!g) return sys_host(syscall(SYS_capset, &h, NULL));
    struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {{0, 0, 0}, {0, 0, 0}};
    for (unsigned i = 0; i < words; i++) {
        d[i].effective = abi_get32(guest_be(p), g + 12 * i);
        d[i].permitted = abi_get32(guest_be(p), g + 12 * i + 4);
        d[i].inheritable = abi_get32(guest_be(p), g + 12 * i + 8);
    }
    return sys_host(syscall(SYS_capset, &h, d));
}

/* personality is the host process's: its flags (ADDR_NO_RANDOMIZE, ...)
 * must survive an exec of the next guest program as they would on Linux.
 * 0xffffffff queries; the old value is returned, never an error. */
int64_t sys_personality(struct user_proc *p, const uint32_t *a)
{
    (void)p;
    return (uint32_t)personality(a[0]);
}
