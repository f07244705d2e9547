/* core/boot.c — initrd and DTB placement and the UHI entry; see boot.h.
 *
 * Layout, top of RAM downwards: the DTB in the last BOOT_DTB_ROOM bytes, the
 * initrd just below it (start 4 KiB aligned: Linux frees it by pages). */
#include "core/boot.h"

#include "core/cpu.h"
#include "softmmu/bus.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KSEG0 0x80000000u
#define UHI_MAGIC 0xfffffffeu /* $a0 = -2: $a1 holds a device tree */
#define REG_A0 4

static int read_fd(int fd, uint8_t **data, size_t *size)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    size_t got = 0;
    while (*data && got < *size) {
        ssize_t n = read(fd, *data + got, *size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (*data && got == *size) return 0;
    free(*data);
    *data = NULL;
    return -1;
}

int boot_read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    int problem = fd < 0 ? errno : fstat(fd, &st) != 0 ? errno : 0;
    if (!problem && S_ISDIR(st.st_mode)) problem = EISDIR;
    if (!problem && !S_ISREG(st.st_mode)) problem = EINVAL;
    int rc = problem ? -1 : read_fd(fd, data, size);
    if (problem)
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(problem));
    else if (rc)
        snprintf(err, errlen, "cannot read '%s'", path);
    if (fd >= 0) close(fd);
    return rc;
}

static const uint8_t xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The decompressor ends `lui t9, hi; ori t9, t9, lo; jalr t9` into the
 * kernel; earlier lui/ori pairs (if any) are its own calls. 0 = none. */
static uint32_t find_kernel_entry(const uint8_t *code, size_t len)
{
    uint32_t entry = 0;
    for (size_t i = 0; i + 8 <= len; i += 4) {
        uint32_t hi = le32(code + i), lo = le32(code + i + 4);
        if (hi >> 16 == 0x3c19u && lo >> 16 == 0x3739u) entry = hi << 16 | (lo & 0xffffu);
    }
    return entry;
}

/* The next XZ magic at or after from; NULL when none. The decompressor's own
 * code holds the magic as a string before the payload, so callers try each. */
static const uint8_t *find_xz(const uint8_t *image, size_t size, const uint8_t *from)
{
    return memmem(from, size - (size_t)(from - image), xz_magic, sizeof xz_magic);
}

/* Decodes the XZ stream at in into out; the bytes written, or -1. */
static int64_t unpack_xz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len)
{
    lzma_stream strm = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&strm, UINT64_MAX, 0) != LZMA_OK) return -1;
    strm.next_in = in;
    strm.avail_in = in_len;
    strm.next_out = out;
    strm.avail_out = out_len;
    lzma_ret ret;
    do
        ret = lzma_code(&strm, LZMA_FINISH);
    while (ret == LZMA_OK && strm.avail_out > 0);
    int64_t done = ret == LZMA_STREAM_END ? (int64_t)strm.total_out : -1;
    lzma_end(&strm);
    return done;
}

int boot_unpack_kernel(struct bus *bus, uint32_t ram_size, const uint8_t *image, size_t size,
                       uint32_t *entry, uint32_t *end, char *err, size_t errlen)
{
    const unsigned ei_data = 5, elfdata2lsb = 1;
    if (size < 64 || memcmp(image, "\177ELF", 4) != 0 || image[ei_data] != elfdata2lsb) return 0;
    const uint8_t *xz = find_xz(image, size, image);
    if (!xz) return 0;
    uint32_t target = find_kernel_entry(image, (size_t)(xz - image) & ~(size_t)3);
    if (target < KSEG0 + BOOT_UNPACK_ADDR || target >= KSEG0 + ram_size) return 0;
    uint32_t room = ram_size > BOOT_UNPACK_ADDR ? ram_size - BOOT_UNPACK_ADDR : 0;
    uint8_t *dst = room ? bus_host_ptr(bus, BOOT_UNPACK_ADDR, room) : NULL;
    int64_t n = -1;
    for (; dst && xz && n < 0; xz = find_xz(image, size, xz + 1))
        n = unpack_xz(xz, size - (size_t)(xz - image), dst, room);
    if (n < 0 || target - KSEG0 >= BOOT_UNPACK_ADDR + (uint64_t)n) {
        snprintf(err, errlen, "cannot unpack the kernel's XZ payload into %u MiB of RAM",
                 ram_size >> 20);
        return -1;
    }
    *entry = target;
    *end = BOOT_UNPACK_ADDR + (uint32_t)n;
    return 1;
}

int boot_place_initrd(struct bus *bus, uint32_t ram_size, uint32_t kernel_end, const char *path,
                      uint32_t dtb_room, struct boot_layout *l, char *err, size_t errlen)
{
    uint32_t top = (ram_size - dtb_room) & ~0xfffu;
    l->initrd_start = l->initrd_end = top;
    if (!path) return 0;
    uint8_t *data;
    size_t size;
    if (boot_read_file(path, &data, &size, err, errlen) != 0) return -1;
    uint32_t start = size <= top ? (uint32_t)(top - size) & ~0xfffu : 0;
    uint8_t *dst =
        size <= top && start >= kernel_end ? bus_host_ptr(bus, start, (uint32_t)size) : NULL;
    if (!dst) {
        snprintf(err, errlen,
                 "initrd '%s' (%zu KiB) does not fit in RAM above the kernel: give more -m", path,
                 size >> 10);
        free(data);
        return -1;
    }
    memcpy(dst, data, size);
    free(data);
    l->initrd_start = start;
    l->initrd_end = start + (uint32_t)size;
    return 0;
}

int boot_place_dtb(struct bus *bus, uint32_t ram_size, const void *dtb, uint32_t size,
                   struct boot_layout *l, char *err, size_t errlen)
{
    uint32_t room = ram_size - l->initrd_end;
    uint32_t addr = (ram_size - size) & ~7u;
    uint8_t *dst = size <= room && addr >= l->initrd_end ? bus_host_ptr(bus, addr, size) : NULL;
    if (!dst) {
        snprintf(err, errlen, "no room for the device tree at the top of RAM");
        return -1;
    }
    memcpy(dst, dtb, size);
    l->dtb_addr = addr;
    l->dtb_size = size;
    return 0;
}

void boot_enter_uhi(struct cpu *cpu, uint32_t entry, const struct boot_layout *l)
{
    cpu->gpr[REG_A0] = UHI_MAGIC;
    cpu->gpr[REG_A0 + 1] = KSEG0 | l->dtb_addr; /* a physical or KSEG1 address fails */
    cpu->gpr[REG_A0 + 2] = 0;
    cpu->gpr[REG_A0 + 3] = 0;
    cpu->cp0[CP0_STATUS][0] = ST_BEV;
    cpu->pc = entry;
}
