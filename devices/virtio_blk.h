/* devices/virtio_blk.h — a virtio block device (virtio 1.1 section 5.2) on a
 * raw image file: read, write, flush and get-id requests, served synchronously
 * with pread/pwrite when the guest notifies the queue. A file opened
 * read-only is offered with VIRTIO_BLK_F_RO.
 *
 *   struct virtio_blk *blk;
 *   if (virtio_blk_open("disk.img", &blk, err, sizeof err) != 0) ...;
 *   vm = virtio_mmio_new(&cpu, irq, virtio_blk_ops(blk), blk);
 */
#ifndef TERN_DEVICES_VIRTIO_BLK_H
#define TERN_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/virtio_mmio.h"

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_BLK_SECTOR 512

/* Request types and status values (spec 5.2.6). */
enum { VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4, VIRTIO_BLK_T_GET_ID = 8 };
enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

struct virtio_blk {
    int fd;
    bool readonly;
    uint64_t sectors;
    uint8_t config[24]; /* capacity, size_max, seg_max, geometry, blk_size */
};

/* The device's callbacks for virtio_mmio_new() (VIRTIO_BLK_F_RO offered
 * when the image is read-only). */
const struct virtio_dev_ops *virtio_blk_ops(const struct virtio_blk *blk);

/* Opens a raw image (read-write, or read-only when that is all the file
 * allows); 0, or -1 with a one-line message. */
int virtio_blk_open(const char *path, struct virtio_blk **out, char *err, size_t errlen);

/* Closes the file and frees blk; NULL is allowed. */
void virtio_blk_free(struct virtio_blk *blk);

#endif
