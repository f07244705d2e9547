/* linux-user/loader.c — ELF program + interpreter placement, the initial
 * stack and the user-mode CPU state; see loader.h.
 *
 * Placement: an ET_EXEC goes where its headers say; an ET_DYN program (PIE)
 * is moved to GM_PIE_BASE as qemu-mipsel places a PIE without a fixed guest
 * base; the interpreter goes to the first free range from GM_MMAP_BASE, where
 * Linux would mmap it. Segments are first mapped read-write for copying and
 * then given their p_flags permissions.
 */
#include "linux-user/loader.h"

#include "core/cpu.h"
#include "core/elf.h"
#include "linux-user/guest_mem.h"
#include "linux-user/mips_abi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ET_DYN 3
#define HWRENA_USER 0x2000000fu /* CPUNum, SYNCI_Step, CC, CCRes and UserLocal, as Linux */

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* Reads a whole file; NULL with errno set. */
static uint8_t *read_file(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    uint8_t *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        errno = EISDIR;
    else if (fstat(fd, &st) == 0 && (buf = malloc(st.st_size ? (size_t)st.st_size : 1))) {
        size_t got = 0;
        while (got < (size_t)st.st_size) {
            ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
            if (n <= 0) break;
            got += (size_t)n;
        }
        *size = got;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return buf;
}

int loader_probe(const char *path, bool *big_endian, char *err, size_t errlen)
{
    size_t size = 0;
    uint8_t *image = read_file(path, &size);
    if (!image) return fail(err, errlen, "'%s': %s", path, strerror(errno));
    struct elf_info info;
    char why[160];
    int rc = elf_load(image, size, NULL, &info, why, sizeof why);
    free(image);
    if (rc) return fail(err, errlen, "'%s' %s", path, why);
    *big_endian = info.big_endian;
    return 0;
}

struct placer {
    struct guest_mem *mem;
    uint32_t bias;
};

static uint8_t *place(void *opaque, uint32_t vaddr, uint32_t size)
{
    struct placer *pl = opaque;
    uint32_t start = (pl->bias + vaddr) & ~(GM_PAGE - 1);
    uint64_t end = (uint64_t)pl->bias + vaddr + size;
    if (end > GM_USER_END || end < start) return NULL;
    uint32_t len = gm_page_up((uint32_t)end) - start;
    if (gm_map_missing(pl->mem, start, len, GM_READ | GM_WRITE) != 0) return NULL;
    return pl->mem->base + pl->bias + vaddr;
}

/* Gives each PT_LOAD its p_flags permissions; pages shared by two segments
 * get the union. One mprotect per segment, then one per shared page: page by
 * page, it was ~500 of a short run's system calls (openssl dgst). */
static void protect_segments(struct guest_mem *m, const uint8_t *image, size_t size, bool be,
                             uint32_t bias)
{
    uint32_t phoff = abi_get32(be, image + 28);
    unsigned phentsize = abi_get16(be, image + 42), phnum = abi_get16(be, image + 44);
    for (unsigned pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < phnum; i++) {
            const uint8_t *ph = image + phoff + (size_t)i * phentsize;
            if ((size_t)(ph - image) + 32 > size || abi_get32(be, ph) != PT_LOAD) continue;
            uint32_t vaddr = bias + abi_get32(be, ph + 8), memsz = abi_get32(be, ph + 20);
            uint32_t flags = abi_get32(be, ph + 24);
            if (memsz == 0) continue;
            unsigned prot = (flags & PF_R ? GM_READ : 0) | (flags & PF_W ? GM_WRITE : 0) |
                            (flags & PF_X ? GM_EXEC : 0);
            uint32_t start = vaddr & ~(GM_PAGE - 1), end = gm_page_up(vaddr + memsz);
            if (pass == 0) {
                gm_protect(m, start, end - start, prot);
                continue;
            }
            for (uint32_t a = start; a < end; a += GM_PAGE) {
                /* Pass 1 widens pages another segment shares. */
                unsigned now = m->prot[a / GM_PAGE] & 7u;
                if ((now | prot) != now) gm_protect(m, a, GM_PAGE, now | prot);
            }
        }
    }
}

/* Loads one ELF file at a bias chosen by its type; fills *info and *bias. */
static int load_one(struct guest_mem *m, const char *path, bool interp, struct elf_info *info,
                    uint32_t *bias, char *err, size_t errlen)
{
    size_t size = 0;
    uint8_t *image = read_file(path, &size);
    if (!image) return fail(err, errlen, "'%s': %s", path, strerror(errno));
    char why[160];
    int rc = elf_load(image, size, NULL, info, why, sizeof why);
    if (rc == 0 && info->big_endian != m->big_endian)
        rc = -1, snprintf(why, sizeof why, "has the other byte order than the program");
    *bias = 0;
    if (rc == 0 && info->type == ET_DYN) {
        uint32_t low = info->low & ~(GM_PAGE - 1), span = info->high - low;
        uint32_t at = interp ? gm_find_free(m, 0, span) : GM_PIE_BASE;
        *bias = at - low;
        if (interp && !at) rc = -1, snprintf(why, sizeof why, "does not fit in guest memory");
    }
    struct placer pl = {m, *bias};
    struct elf_sink sink = {place, &pl};
    if (rc == 0) rc = elf_load(image, size, &sink, info, why, sizeof why);
    if (rc == 0) protect_segments(m, image, size, info->big_endian, *bias);
    free(image);
    return rc ? fail(err, errlen, "'%s' %s", path, why) : 0;
}

/* The interpreter as a host path: under the sysroot first (qemu's -L rule). */
static int find_interp(const char *interp, const char *sysroot, char *out, size_t len)
{
    if (sysroot && *sysroot) {
        snprintf(out, len, "%s%s", sysroot, interp);
        if (access(out, F_OK) == 0) return 0;
    }
    snprintf(out, len, "%s", interp);
    return access(out, F_OK);
}

int loader_load(struct guest_mem *m, const char *path, const char *sysroot, struct user_image *img,
                char *err, size_t errlen)
{
    struct elf_info info, iinfo;
    uint32_t bias, ibias = 0;
    memset(img, 0, sizeof *img);
    img->big_endian = m->big_endian;
    if (load_one(m, path, false, &info, &bias, err, errlen)) return -1;
    img->prog_entry = img->entry = bias + info.entry;
    img->phdr = info.phdr_addr ? bias + info.phdr_addr : 0;
    img->phnum = info.phnum;
    img->phent = info.phentsize;
    img->load_bias = bias;
    img->mips32r2 = info.mips32r2;
    img->brk = bias + info.high;
    m->brk_start = m->brk = img->brk;
    m->brk_mapped = gm_page_up(img->brk);
    if (!info.has_interp) return 0;
    char ipath[4096];
    if (find_interp(info.interp, sysroot, ipath, sizeof ipath) != 0) {
        if (sysroot && *sysroot)
            return fail(err, errlen, "'%s': interpreter '%s' not found under sysroot '%s'", path,
                        info.interp, sysroot);
        return fail(err, errlen,
                    "'%s': interpreter '%s' not found (give the sysroot with -L or TERN_LD_PREFIX)",
                    path, info.interp);
    }
    if (load_one(m, ipath, true, &iinfo, &ibias, err, errlen)) return -1;
    img->interp_base = ibias;
    img->entry = ibias + iinfo.entry;
    return 0;
}

/* ---- the initial stack ----------------------------------------------------- */

struct stack_writer {
    struct guest_mem *m;
    uint32_t sp;
};

/* Pushes bytes onto the string area; returns their guest address. */
static uint32_t push_bytes(struct stack_writer *w, const void *data, size_t len)
{
    w->sp -= (uint32_t)len;
    memcpy(w->m->base + w->sp, data, len);
    return w->sp;
}

static uint32_t push_string(struct stack_writer *w, const char *s)
{
    return push_bytes(w, s, strlen(s) + 1);
}

static size_t strings_size(int count, char *const *v)
{
    size_t n = 0;
    for (int i = 0; i < count; i++)
        n += strlen(v[i]) + 1;
    return n;
}

static int count_env(char *const *envp)
{
    int n = 0;
    while (envp && envp[n])
        n++;
    return n;
}

int loader_build_stack(struct guest_mem *m, const struct user_image *img, int argc,
                       char *const *argv, char *const *envp, const char *execfn, uint32_t *sp,
                       char *err, size_t errlen)
{
    uint32_t bottom = GM_STACK_TOP - GM_STACK_SIZE;
    int rc = gm_map_anon(m, bottom, GM_STACK_SIZE, GM_READ | GM_WRITE);
    if (rc) return fail(err, errlen, "cannot map the guest stack: %s", strerror(-rc));
    int envc = count_env(envp);
    size_t need = strings_size(argc, argv) + strings_size(envc, envp) + strlen(execfn) + 64 +
                  4u * (size_t)(argc + envc + 3 + 2 * 20);
    if (need > GM_STACK_SIZE / 4)
        return fail(err, errlen, "arguments and environment too large (%zu bytes)", need);

    struct stack_writer w = {m, GM_STACK_TOP - 16};
    uint32_t execfn_at = push_string(&w, execfn);
    uint32_t *argp = malloc(sizeof(uint32_t) * ((size_t)argc + (size_t)envc + 1));
    if (!argp) return fail(err, errlen, "out of memory");
    for (int i = envc - 1; i >= 0; i--)
        argp[argc + i] = push_string(&w, envp[i]);
    for (int i = argc - 1; i >= 0; i--)
        argp[i] = push_string(&w, argv[i]);
    uint32_t platform = push_string(&w, "mips");
    uint8_t random[16];
    if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random)
        memset(random, 0x5a, sizeof random);
    uint32_t random_at = push_bytes(&w, random, sizeof random);

    uint32_t aux[][2] = {
        {AUXV_PHDR, img->phdr},
        {AUXV_PHENT, img->phent},
        {AUXV_PHNUM, img->phnum},
        {AUXV_PAGESZ, MIPS_PAGE},
        {AUXV_BASE, img->interp_base},
        {AUXV_FLAGS, 0},
        {AUXV_ENTRY, img->prog_entry},
        {AUXV_UID, (uint32_t)getuid()},
        {AUXV_EUID, (uint32_t)geteuid()},
        {AUXV_GID, (uint32_t)getgid()},
        {AUXV_EGID, (uint32_t)getegid()},
        {AUXV_SECURE, 0},
        {AUXV_RANDOM, random_at},
        {AUXV_HWCAP, 0}, /* 24Kf: no MIPS r6/MSA/... bits */
        {AUXV_CLKTCK, 100},
        {AUXV_EXECFN, execfn_at},
        {AUXV_PLATFORM, platform},
        {AUXV_NULL, 0},
    };
    size_t naux = sizeof aux / sizeof aux[0];
    size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * naux;
    /* o32: $sp 8-byte aligned at entry (the kernel aligns to 16). */
    w.sp = (uint32_t)((w.sp - 4 * words) & ~15u);
    uint8_t *p = m->base + w.sp;
    bool be = m->big_endian;
    abi_put32(be, p, (uint32_t)argc), p += 4;
    for (int i = 0; i < argc; i++)
        abi_put32(be, p, argp[i]), p += 4;
    abi_put32(be, p, 0), p += 4;
    for (int i = 0; i < envc; i++)
        abi_put32(be, p, argp[argc + i]), p += 4;
    abi_put32(be, p, 0), p += 4;
    for (size_t i = 0; i < naux; i++)
        abi_put32(be, p, aux[i][0]), abi_put32(be, p + 4, aux[i][1]), p += 8;
    free(argp);
    *sp = w.sp;
    return 0;
}

void loader_start_cpu(struct cpu *cpu, struct guest_mem *m, const struct user_image *img,
                      uint32_t sp)
{
    cpu_reset(cpu, NULL, img->big_endian);
    cpu->guest_base = m->base;
    cpu->page_prot = m->prot;
    /* User mode with the FPU usable and FR = 0 (o32's FP32 model); no EXL/ERL/BEV. */
    cpu->cp0[CP0_STATUS][0] = ST_UM | ST_CU1;
    cpu->cp0[CP0_HWRENA][0] = HWRENA_USER;
    cpu->pc = img->entry;
    cpu->gpr[29] = sp;
    /* $t9 holds the entry like Linux's start_thread leaves it, for PIC entry code. */
    cpu->gpr[25] = img->entry;
}
