/* devices/virtio_rng.h — the virtio entropy device (virtio 1.1 section 5.4):
 * one request queue whose writable buffers are filled from the host's
 * getrandom(). Linux's virtio-rng module feeds /dev/hwrng from it.
 *
 *   vm = virtio_mmio_new(&cpu, irq, &virtio_rng_ops, NULL);
 */
#ifndef TERN_DEVICES_VIRTIO_RNG_H
#define TERN_DEVICES_VIRTIO_RNG_H

#include "devices/virtio_mmio.h"

#define VIRTIO_ID_RNG 4

/* The device's callbacks for virtio_mmio_new() (it keeps no state: dev NULL). */
extern const struct virtio_dev_ops virtio_rng_ops;

#endif
