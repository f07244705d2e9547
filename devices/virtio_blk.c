/* devices/virtio_blk.c — virtio-blk on a raw file; see virtio_blk.h. A
 * request is a 16-byte header (type, reserved, sector), the data, and one
 * status byte the device writes last (spec 5.2.6). */
#include "devices/virtio_blk.h"

#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)
#define BLK_SEG_MAX 126 /* data segments per request: a chain fits the 256-entry queue */

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Reads or writes the data segments of e (all but the status byte) at byte
 * offset pos of the file; false on an I/O error or a range past the end. */
static bool blk_transfer(struct virtio_blk *blk, struct virtio_mmio *vm, const struct virtq_elem *e,
                         bool to_guest, uint64_t pos, uint32_t *done)
{
    uint32_t skip = 16, left = to_guest ? e->write_len - 1 : e->read_len - 16;
    *done = 0;
    if (pos + left > blk->sectors * VIRTIO_BLK_SECTOR) return false;
    for (unsigned i = 0; i < e->count && left; i++) {
        if (e->seg[i].write != to_guest) continue;
        uint32_t addr = e->seg[i].addr, len = e->seg[i].len;
        if (!to_guest && skip) { /* the header shares the readable part */
            uint32_t s = skip < len ? skip : len;
            skip -= s, addr += s, len -= s;
        }
        if (len > left) len = left;
        uint8_t *p = virtio_guest_ptr(vm, addr, len);
        if (!p) return false;
        ssize_t n =
            to_guest ? pread(blk->fd, p, len, (off_t)pos) : pwrite(blk->fd, p, len, (off_t)pos);
        if (n != (ssize_t)len) return false;
        if (to_guest) virtio_dma_written(vm, addr, len);
        pos += len, left -= len, *done += len;
    }
    return left == 0;
}

/* One request: returns the status byte; *written counts bytes given to the guest. */
static uint8_t blk_request(struct virtio_blk *blk, struct virtio_mmio *vm,
                           const struct virtq_elem *e, uint32_t *written)
{
    uint8_t hdr[16];
    *written = 0;
    if (virtq_read(vm, e, 0, hdr, sizeof hdr) != sizeof hdr || e->write_len < 1)
        return VIRTIO_BLK_S_IOERR;
    uint32_t type = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
    uint64_t sector = 0;
    for (int i = 7; i >= 0; i--)
        sector = sector << 8 | hdr[8 + i];
    uint64_t pos = sector * VIRTIO_BLK_SECTOR;
    switch (type) {
    case VIRTIO_BLK_T_IN:
        return blk_transfer(blk, vm, e, true, pos, written) ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    case VIRTIO_BLK_T_OUT: {
        uint32_t n;
        if (blk->readonly) return VIRTIO_BLK_S_IOERR;
        return blk_transfer(blk, vm, e, false, pos, &n) ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    }
    case VIRTIO_BLK_T_FLUSH:
        return fdatasync(blk->fd) == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    case VIRTIO_BLK_T_GET_ID: {
        static const char id[20] = "tern-virtio-blk";
        uint32_t n = e->write_len - 1 < sizeof id ? e->write_len - 1 : sizeof id;
        *written = (uint32_t)virtq_write(vm, e, 0, id, n);
        return VIRTIO_BLK_S_OK;
    }
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void blk_notify(void *dev, struct virtio_mmio *vm, unsigned q)
{
    struct virtio_blk *blk = dev;
    struct virtq_elem *e = malloc(sizeof(*e));
    bool any = false;
    if (!e) return;
    while (virtq_pop(vm, q, e)) {
        uint32_t written = 0;
        uint8_t status = e->write_len ? blk_request(blk, vm, e, &written) : VIRTIO_BLK_S_IOERR;
        if (e->write_len) virtq_write(vm, e, e->write_len - 1, &status, 1);
        if (status != VIRTIO_BLK_S_OK) log_guest_error("virtio-blk: request failed (%u)", status);
        virtq_push(vm, q, e, written + 1);
        any = true;
    }
    free(e);
    if (any) virtio_mmio_interrupt(vm);
}

static uint8_t *blk_config(void *dev, uint32_t *size)
{
    struct virtio_blk *blk = dev;
    *size = sizeof blk->config;
    return blk->config;
}

/* Config writes (none are writable here) are put back. */
static void blk_config_written(void *dev, uint32_t off, unsigned size)
{
    struct virtio_blk *blk = dev;
    (void)off, (void)size;
    put32(blk->config, (uint32_t)blk->sectors);
    put32(blk->config + 4, (uint32_t)(blk->sectors >> 32));
    put32(blk->config + 8, 0);
    put32(blk->config + 12, BLK_SEG_MAX);
    put32(blk->config + 16, 0);
    put32(blk->config + 20, VIRTIO_BLK_SECTOR);
}

static const struct virtio_dev_ops virtio_blk_rw_ops = {
    VIRTIO_ID_BLOCK,
    VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH,
    1,
    blk_config,
    blk_config_written,
    blk_notify,
    NULL};

/* The RO variant differs only in the offered features. */
static const struct virtio_dev_ops virtio_blk_ro_ops = {
    VIRTIO_ID_BLOCK,
    VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_RO,
    1,
    blk_config,
    blk_config_written,
    blk_notify,
    NULL};

int virtio_blk_open(const char *path, struct virtio_blk **out, char *err, size_t errlen)
{
    struct virtio_blk *blk = calloc(1, sizeof(*blk));
    struct stat st;
    *out = NULL;
    if (!blk) return snprintf(err, errlen, "out of memory"), -1;
    blk->fd = open(path, O_RDWR | O_CLOEXEC);
    if (blk->fd < 0 && (errno == EACCES || errno == EROFS)) {
        blk->fd = open(path, O_RDONLY | O_CLOEXEC);
        blk->readonly = true;
    }
    if (blk->fd < 0 || fstat(blk->fd, &st) != 0) {
        snprintf(err, errlen, "cannot open disk image '%s': %s", path, strerror(errno));
        virtio_blk_free(blk);
        return -1;
    }
    blk->sectors = (uint64_t)st.st_size / VIRTIO_BLK_SECTOR;
    blk_config_written(blk, 0, 0);
    *out = blk;
    return 0;
}

const struct virtio_dev_ops *virtio_blk_ops(const struct virtio_blk *blk)
{
    return blk->readonly ? &virtio_blk_ro_ops : &virtio_blk_rw_ops;
}

void virtio_blk_free(struct virtio_blk *blk)
{
    if (!blk) return;
    if (blk->fd >= 0) close(blk->fd);
    free(blk);
}
