/* core/elf.c — ELF32 parsing and segment placement; see elf.h.
 *
 * Field offsets are those of Elf32_Ehdr / Elf32_Phdr (System V ABI, "Object
 * Files"); MIPS e_flags values are from the MIPS ABI supplement as binutils'
 * include/elf/mips.h names them. Every size check is done in 64 bits so an
 * offset+size can never wrap.
 */
#include "core/elf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EHDR_SIZE 52u
#define PHDR_SIZE 32u
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4
#define EM_MIPS 8
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6

#define EF_MIPS_ABI2 0x00000020u /* n32 */
#define EF_MIPS_ABI_MASK 0x0000f000u
#define EF_MIPS_ABI_O64 0x00002000u
#define EF_MIPS_ABI_EABI64 0x00004000u
#define EF_MIPS_MICROMIPS 0x02000000u
#define EF_MIPS_ARCH_MASK 0xf0000000u

/* The ELF with its byte order, read field by field. */
struct elf_image {
    const uint8_t *data;
    size_t size;
    bool big_endian;
};

struct elf_phdr {
    uint32_t type, offset, vaddr, filesz, memsz;
};

static uint16_t rd16(const struct elf_image *im, size_t off)
{
    const uint8_t *p = im->data + off;
    return im->big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const struct elf_image *im, size_t off)
{
    const uint8_t *p = im->data + off;
    if (im->big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errlen) vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const struct {
    unsigned machine;
    const char *name;
} machines[] = {
    {2, "SPARC"},      {3, "x86 (i386)"}, {4, "m68k"},      {8, "MIPS"},     {20, "PowerPC"},
    {21, "PowerPC64"}, {22, "s390"},      {40, "ARM"},      {42, "SuperH"},  {43, "SPARC64"},
    {50, "IA-64"},     {62, "x86-64"},    {183, "AArch64"}, {243, "RISC-V"}, {258, "LoongArch"},
};

const char *elf_machine_name(unsigned machine)
{
    for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
        if (machines[i].machine == machine) return machines[i].name;
    return NULL;
}

/* e_ident: magic, class, byte order. */
static int check_ident(struct elf_image *im, char *err, size_t errlen)
{
    const uint8_t *d = im->data;
    if (im->size < 4 || memcmp(d, "\177ELF", 4) != 0)
        return fail(err, errlen, "is not an ELF file (bad magic)");
    if (im->size < 16) return fail(err, errlen, "is truncated (ELF identification cut short)");
    if (d[4] == ELFCLASS64 && im->size >= 20) {
        /* e_machine sits at offset 18 in both classes; e_ident[5] gives its order. */
        unsigned machine =
            d[5] == ELFDATA2MSB ? (unsigned)(d[18] << 8 | d[19]) : (unsigned)(d[19] << 8 | d[18]);
        const char *name = elf_machine_name(machine);
        return fail(err, errlen, "is a 64-bit %s%sELF; tern runs MIPS32 (ELFCLASS32) programs",
                    name ? name : "", name ? " " : "");
    }
    if (d[4] == ELFCLASS64)
        return fail(err, errlen, "is a 64-bit ELF; tern runs MIPS32 (ELFCLASS32) programs");
    if (d[4] != ELFCLASS32) return fail(err, errlen, "has an invalid ELF class %u", d[4]);
    if (d[5] != ELFDATA2LSB && d[5] != ELFDATA2MSB)
        return fail(err, errlen, "has an invalid ELF byte order %u", d[5]);
    im->big_endian = d[5] == ELFDATA2MSB;
    if (im->size < EHDR_SIZE)
        return fail(err, errlen, "is truncated (ELF header needs %u bytes, file has %zu)",
                    EHDR_SIZE, im->size);
    return 0;
}

/* MIPS64 ISAs (III, IV, V, MIPS64, MIPS64R2, MIPS64R6) and the 64-bit ABIs
 * need 64-bit registers; R6 re-encodes instructions; microMIPS is another
 * encoding. None of them can run on a MIPS32R2 CPU. */
static int check_mips_flags(uint32_t flags, char *err, size_t errlen)
{
    static const char *const arch_names[16] = {
        "MIPS I", "MIPS II",  "MIPS III", "MIPS IV",  "MIPS V",   "MIPS32",
        "MIPS64", "MIPS32R2", "MIPS64R2", "MIPS32R6", "MIPS64R6",
    };
    static const bool arch_ok[16] = {true, true, false, false, false, true, false, true};
    unsigned arch = flags >> 28;
    if (!arch_ok[arch]) {
        const char *name = arch_names[arch] ? arch_names[arch] : "an unknown MIPS ISA";
        return fail(err, errlen, "is built for %s (e_flags 0x%08x); tern runs MIPS32R2 programs",
                    name, flags);
    }
    uint32_t abi = flags & EF_MIPS_ABI_MASK;
    if ((flags & EF_MIPS_ABI2) || abi == EF_MIPS_ABI_O64 || abi == EF_MIPS_ABI_EABI64)
        return fail(err, errlen, "uses a 64-bit MIPS ABI (e_flags 0x%08x); tern runs o32 programs",
                    flags);
    if (flags & EF_MIPS_MICROMIPS)
        return fail(err, errlen, "is microMIPS code; tern runs the MIPS32 encoding");
    return 0;
}

static int check_header(const struct elf_image *im, struct elf_info *info, char *err, size_t errlen)
{
    unsigned machine = rd16(im, 18);
    const char *name = elf_machine_name(machine);
    if (machine != EM_MIPS && name)
        return fail(err, errlen, "is an ELF for %s (e_machine %u), not MIPS", name, machine);
    if (machine != EM_MIPS) return fail(err, errlen, "is an ELF for machine %u, not MIPS", machine);
    info->type = rd16(im, 16);
    if (info->type == ET_REL)
        return fail(err, errlen, "is a relocatable object (ET_REL), not an executable");
    if (info->type != ET_EXEC && info->type != ET_DYN)
        return fail(err, errlen, "is not an executable (ELF type %u)", info->type);
    info->flags = rd32(im, 36);
    info->mips32r2 = (info->flags & EF_MIPS_ARCH_MASK) == 0x70000000u;
    info->entry = rd32(im, 24);
    return check_mips_flags(info->flags, err, errlen);
}

static int read_phdrs_table(const struct elf_image *im, struct elf_info *info, uint32_t *phoff,
                            char *err, size_t errlen)
{
    *phoff = rd32(im, 28);
    info->phentsize = rd16(im, 42);
    info->phnum = rd16(im, 44);
    if (info->phnum == 0) return fail(err, errlen, "has no loadable segments (no program headers)");
    if (info->phentsize < PHDR_SIZE)
        return fail(err, errlen, "has a bad program header size %u", info->phentsize);
    if ((uint64_t)*phoff + (uint64_t)info->phnum * info->phentsize > im->size)
        return fail(err, errlen, "is truncated (program headers end past the end of the file)");
    return 0;
}

static struct elf_phdr read_phdr(const struct elf_image *im, uint32_t phoff, unsigned entsize,
                                 unsigned i)
{
    size_t at = phoff + (size_t)i * entsize;
    return (struct elf_phdr){rd32(im, at), rd32(im, at + 4), rd32(im, at + 8), rd32(im, at + 16),
                             rd32(im, at + 20)};
}

static int check_load(const struct elf_image *im, const struct elf_phdr *ph,
                      const struct elf_sink *sink, char *err, size_t errlen)
{
    if (ph->filesz > ph->memsz)
        return fail(err, errlen,
                    "has a segment at 0x%08x whose file size 0x%x exceeds its memory size 0x%x",
                    ph->vaddr, ph->filesz, ph->memsz);
    if ((uint64_t)ph->offset + ph->filesz > im->size)
        return fail(
            err, errlen,
            "is truncated (segment at 0x%08x needs file bytes up to 0x%llx, file has 0x%zx)",
            ph->vaddr, (unsigned long long)ph->offset + ph->filesz, im->size);
    if ((uint64_t)ph->vaddr + ph->memsz > 0x100000000ull)
        return fail(err, errlen, "has a segment at 0x%08x of size 0x%x that wraps past 4 GiB",
                    ph->vaddr, ph->memsz);
    if (sink && !sink->place(sink->opaque, ph->vaddr, ph->memsz))
        return fail(err, errlen, "has a segment at 0x%08x-0x%08x outside guest memory", ph->vaddr,
                    ph->vaddr + ph->memsz - 1);
    return 0;
}

static int read_interp(const struct elf_image *im, const struct elf_phdr *ph, struct elf_info *info,
                       char *err, size_t errlen)
{
    if ((uint64_t)ph->offset + ph->filesz > im->size)
        return fail(err, errlen, "is truncated (PT_INTERP lies past the end of the file)");
    const char *s = (const char *)im->data + ph->offset;
    size_t len = strnlen(s, ph->filesz);
    if (ph->filesz == 0 || len == ph->filesz || len >= ELF_INTERP_MAX)
        return fail(err, errlen, "has a malformed PT_INTERP path");
    memcpy(info->interp, s, len + 1);
    info->has_interp = true;
    return 0;
}

/* AT_PHDR: the PT_PHDR address, else the PT_LOAD whose file bytes hold the table. */
static void note_phdr(const struct elf_phdr *ph, uint32_t phoff, struct elf_info *info)
{
    if (ph->type == PT_PHDR)
        info->phdr_addr = ph->vaddr;
    else if (!info->phdr_addr && phoff >= ph->offset && phoff - ph->offset < ph->filesz)
        info->phdr_addr = ph->vaddr + (phoff - ph->offset);
}

static void note_range(const struct elf_phdr *ph, struct elf_info *info, bool first)
{
    uint32_t end = ph->vaddr + ph->memsz; /* 0 when it ends exactly at 4 GiB */
    if (first || ph->vaddr < info->low) info->low = ph->vaddr;
    if (first || end > info->high || end == 0) info->high = end == 0 ? 0xffffffffu : end;
}

/* Pass 1: every header and segment is checked before anything is placed. */
static int check_segments(const struct elf_image *im, uint32_t phoff, const struct elf_sink *sink,
                          struct elf_info *info, char *err, size_t errlen)
{
    unsigned loads = 0;
    for (unsigned i = 0; i < info->phnum; i++) {
        struct elf_phdr ph = read_phdr(im, phoff, info->phentsize, i);
        int rc = 0;
        if (ph.type == PT_INTERP)
            rc = read_interp(im, &ph, info, err, errlen);
        else if (ph.type == PT_LOAD && ph.memsz > 0) {
            rc = check_load(im, &ph, sink, err, errlen);
            note_range(&ph, info, loads++ == 0);
        }
        if (rc) return rc;
        note_phdr(&ph, phoff, info);
    }
    if (loads == 0) return fail(err, errlen, "has no loadable segments");
    return 0;
}

static void place_segments(const struct elf_image *im, uint32_t phoff, const struct elf_sink *sink,
                           const struct elf_info *info)
{
    for (unsigned i = 0; i < info->phnum; i++) {
        struct elf_phdr ph = read_phdr(im, phoff, info->phentsize, i);
        if (ph.type != PT_LOAD || ph.memsz == 0) continue;
        uint8_t *dst = sink->place(sink->opaque, ph.vaddr, ph.memsz);
        memcpy(dst, im->data + ph.offset, ph.filesz);
        memset(dst + ph.filesz, 0, ph.memsz - ph.filesz); /* bss */
    }
}

int elf_load(const uint8_t *image, size_t size, const struct elf_sink *sink, struct elf_info *info,
             char *err, size_t errlen)
{
    struct elf_image im = {image, size, false};
    uint32_t phoff;
    memset(info, 0, sizeof(*info));
    if (check_ident(&im, err, errlen) || check_header(&im, info, err, errlen)) return -1;
    info->big_endian = im.big_endian;
    if (read_phdrs_table(&im, info, &phoff, err, errlen) ||
        check_segments(&im, phoff, sink, info, err, errlen))
        return -1;
    if (sink) place_segments(&im, phoff, sink, info);
    return 0;
}
