/* devices/virtio_mmio.h — the virtio-mmio transport, version 2 (virtio 1.x
 * spec section 4.2.2, the "modern" register layout Linux's virtio_mmio.c
 * drives), with split virtqueues (section 2.7). A device (blk, rng, gpu) is a
 * small table of callbacks behind it; the transport owns the registers, the
 * queues, the interrupt status and the guest-memory access for descriptor
 * chains. A transport with no device reads DeviceID 0, which Linux skips.
 *
 *   struct virtio_mmio *vm = virtio_mmio_new(&cpu, intc_line(&ic, 4, 0), &blk_ops, blk);
 *   device_map(&bus, base, BOARD_VIRTIO_SIZE, virtio_mmio_device(vm));
 *   // device side, on notify:
 *   struct virtq_elem e;
 *   while (virtq_pop(vm, 0, &e)) { ...virtq_read/virtq_write...; virtq_push(vm, 0, &e, n); }
 *   virtio_mmio_interrupt(vm);
 *
 * Everything runs on the CPU's thread, synchronously on the guest's
 * QueueNotify write: no locking. A malformed chain (bad address, a loop, too
 * many segments) sets DEVICE_NEEDS_RESET and stops the queue; it never
 * touches host memory outside guest RAM.
 */
#ifndef TERN_DEVICES_VIRTIO_MMIO_H
#define TERN_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

struct cpu;

#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x6e726574u /* "tern" */
#define VIRTIO_QUEUE_MAX 4
#define VIRTIO_QUEUE_NUM_MAX 256
#define VIRTQ_MAX_SEG 260 /* a chain never holds more than the queue size */

/* Feature bits of the transport (spec section 6). */
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* Status bits (spec 2.1). */
#define VIRTIO_STATUS_ACK 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED 0x80u

/* Register offsets (spec 4.2.2). */
enum virtio_mmio_reg {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0,
    VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_SHM_SEL = 0x0ac,
    VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0,
    VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4,
    VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8,
    VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
    VIRTIO_MMIO_CONFIG = 0x100,
};

/* Descriptor flags (spec 2.7.5). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u

struct virtio_mmio;

/* What a device plugs into the transport. config points at the device's
 * config space (little-endian bytes, as the spec lays it out). */
struct virtio_dev_ops {
    uint32_t device_id;
    uint64_t features; /* offered; VIRTIO_F_VERSION_1 is added by the transport */
    unsigned num_queues;
    uint8_t *(*config)(void *dev, uint32_t *size);
    /* The driver wrote config bytes [off, off+size); may be NULL. */
    void (*config_written)(void *dev, uint32_t off, unsigned size);
    /* The driver notified queue q (which is ready). */
    void (*notify)(void *dev, struct virtio_mmio *vm, unsigned q);
    /* The driver reset the device (status 0); may be NULL. */
    void (*reset)(void *dev);
};

struct virtq {
    uint32_t num;
    bool ready;
    uint64_t desc, avail, used;
    uint16_t last_avail; /* next avail ring entry the device takes */
};

struct virtio_mmio {
    struct cpu *cpu; /* guest memory (cpu->bus) and code-page tracking */
    struct irq_line irq;
    const struct virtio_dev_ops *ops; /* NULL: an empty slot (DeviceID 0) */
    void *dev;
    uint32_t status, interrupt_status, config_generation;
    uint32_t device_features_sel, driver_features_sel, queue_sel;
    uint64_t driver_features;
    struct virtq queue[VIRTIO_QUEUE_MAX];
};

/* One descriptor chain taken from the avail ring: readable segments first,
 * then writable ones (spec 2.7.4.2), as guest-physical ranges. */
struct virtq_elem {
    uint16_t head;
    unsigned count;
    uint32_t read_len, write_len; /* totals of each kind */
    struct {
        uint32_t addr, len;
        bool write;
    } seg[VIRTQ_MAX_SEG];
};

/* A transport for dev (ops NULL = empty slot) on cpu's bus raising irq;
 * NULL when out of memory. */
struct virtio_mmio *virtio_mmio_new(struct cpu *cpu, struct irq_line irq,
                                    const struct virtio_dev_ops *ops, void *dev);

/* Frees vm; NULL is allowed. */
void virtio_mmio_free(struct virtio_mmio *vm);

/* The register window as the bus maps it (reset included). */
struct device virtio_mmio_device(struct virtio_mmio *vm);

/* Takes the next available chain of queue q into e; false when the queue is
 * empty, not ready, or broken (then the device is marked NEEDS_RESET). */
bool virtq_pop(struct virtio_mmio *vm, unsigned q, struct virtq_elem *e);

/* Returns e to the used ring saying `written` bytes were written into it. */
void virtq_push(struct virtio_mmio *vm, unsigned q, const struct virtq_elem *e, uint32_t written);

/* Copies up to len bytes of e's readable part from offset off into dst;
 * returns how many were copied. */
size_t virtq_read(struct virtio_mmio *vm, const struct virtq_elem *e, size_t off, void *dst,
                  size_t len);

/* Copies up to len bytes from src into e's writable part at offset off;
 * returns how many were copied (translations of code pages hit are dropped). */
size_t virtq_write(struct virtio_mmio *vm, const struct virtq_elem *e, size_t off, const void *src,
                   size_t len);

/* A host pointer to len bytes of guest RAM at guest-physical addr, or NULL. */
uint8_t *virtio_guest_ptr(struct virtio_mmio *vm, uint64_t addr, uint32_t len);

/* Tells the memory path that the device wrote [addr, addr+len) of RAM, so
 * translations of code there are dropped (DESIGN.md "Self-modifying code"). */
void virtio_dma_written(struct virtio_mmio *vm, uint32_t addr, uint32_t len);

/* Raises the used-buffer interrupt (InterruptStatus bit 0). */
void virtio_mmio_interrupt(struct virtio_mmio *vm);

/* Raises the configuration-change interrupt (bit 1) with a new generation. */
void virtio_mmio_config_changed(struct virtio_mmio *vm);

#endif
