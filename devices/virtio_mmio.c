/* devices/virtio_mmio.c — the virtio-mmio v2 transport and split virtqueues;
 * see virtio_mmio.h. Ring layouts follow virtio 1.1 section 2.7; all ring
 * fields are little-endian whatever the guest's byte order (VERSION_1). */
#include "devices/virtio_mmio.h"

#include "core/cpu.h"
#include "core/log.h"
#include "softmmu/bus.h"

#include <stdlib.h>
#include <string.h>

#define PAGE 4096u

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, (uint16_t)v);
    put_le16(p + 2, (uint16_t)(v >> 16));
}

uint8_t *virtio_guest_ptr(struct virtio_mmio *vm, uint64_t addr, uint32_t len)
{
    if (addr + len > 0x100000000ull || !vm->cpu->bus) return NULL;
    const struct bus_region *r = bus_find(vm->cpu->bus, (uint32_t)addr, len ? len : 1);
    if (!r || !r->host || r->readonly) return NULL;
    return r->host + ((uint32_t)addr - r->base);
}

void virtio_dma_written(struct virtio_mmio *vm, uint32_t addr, uint32_t len)
{
    struct cpu *c = vm->cpu;
    if (!c->code_pages || !c->code_write || len == 0) return;
    for (uint32_t p = addr & ~(PAGE - 1); p - (addr & ~(PAGE - 1)) < len + (addr & (PAGE - 1));
         p += PAGE) {
        if (c->code_pages[p >> 15] >> ((p >> 12) & 7) & 1) c->code_write(c, p);
        if (p + PAGE < p) break;
    }
}

static void update_irq(struct virtio_mmio *vm)
{
    irq_set(&vm->irq, vm->interrupt_status != 0);
}

void virtio_mmio_interrupt(struct virtio_mmio *vm)
{
    vm->interrupt_status |= 1u;
    update_irq(vm);
}

void virtio_mmio_config_changed(struct virtio_mmio *vm)
{
    vm->config_generation++;
    vm->interrupt_status |= 2u;
    update_irq(vm);
}

/* The driver gave the device something it cannot follow: stop the device as
 * the spec's DEVICE_NEEDS_RESET says, and tell the driver. */
static void broken(struct virtio_mmio *vm, const char *why)
{
    log_guest_error("virtio-mmio (device %u): %s", vm->ops ? vm->ops->device_id : 0, why);
    vm->status |= VIRTIO_STATUS_NEEDS_RESET;
    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++)
        vm->queue[i].ready = false;
    virtio_mmio_config_changed(vm);
}

static bool add_segment(struct virtio_mmio *vm, struct virtq_elem *e, const uint8_t *d)
{
    uint64_t addr = (uint64_t)le32(d) | (uint64_t)le32(d + 4) << 32;
    uint32_t len = le32(d + 8);
    bool write = le16(d + 12) & VIRTQ_DESC_F_WRITE;
    if (e->count >= VIRTQ_MAX_SEG) return broken(vm, "descriptor chain too long"), false;
    if (le16(d + 12) & VIRTQ_DESC_F_INDIRECT)
        return broken(vm, "indirect descriptor (not offered)"), false;
    if (!virtio_guest_ptr(vm, addr, len)) return broken(vm, "buffer outside RAM"), false;
    if (!write && e->write_len) return broken(vm, "readable after writable descriptor"), false;
    e->seg[e->count].addr = (uint32_t)addr;
    e->seg[e->count].len = len;
    e->seg[e->count].write = write;
    e->count++;
    if (write)
        e->write_len += len;
    else
        e->read_len += len;
    return true;
}

bool virtq_pop(struct virtio_mmio *vm, unsigned q, struct virtq_elem *e)
{
    if (q >= VIRTIO_QUEUE_MAX) return false;
    struct virtq *vq = &vm->queue[q];
    if (!vq->ready || (vm->status & VIRTIO_STATUS_NEEDS_RESET)) return false;
    uint8_t *avail = virtio_guest_ptr(vm, vq->avail, 4 + 2 * vq->num);
    uint8_t *desc = virtio_guest_ptr(vm, vq->desc, 16 * vq->num);
    if (!avail || !desc) return broken(vm, "queue rings outside RAM"), false;
    if (vq->last_avail == le16(avail + 2)) return false;
    uint16_t head = le16(avail + 4 + 2 * (vq->last_avail % vq->num));
    vq->last_avail++;
    memset(e, 0, offsetof(struct virtq_elem, seg));
    e->head = head;
    uint16_t i = head;
    for (unsigned n = 0;; n++) {
        if (i >= vq->num || n >= vq->num) return broken(vm, "bad descriptor index or loop"), false;
        const uint8_t *d = desc + 16 * i;
        if (!add_segment(vm, e, d)) return false;
        if (!(le16(d + 12) & VIRTQ_DESC_F_NEXT)) break;
        i = le16(d + 14);
    }
    return true;
}

void virtq_push(struct virtio_mmio *vm, unsigned q, const struct virtq_elem *e, uint32_t written)
{
    struct virtq *vq = &vm->queue[q];
    uint8_t *used = virtio_guest_ptr(vm, vq->used, 4 + 8 * vq->num);
    if (!used) return broken(vm, "used ring outside RAM");
    uint16_t idx = le16(used + 2);
    uint8_t *slot = used + 4 + 8 * (idx % vq->num);
    put_le32(slot, e->head);
    put_le32(slot + 4, written);
    put_le16(used + 2, (uint16_t)(idx + 1));
}

/* Walks e's segments of one kind, copying at most len bytes from offset off. */
static size_t copy_segments(struct virtio_mmio *vm, const struct virtq_elem *e, bool write,
                            size_t off, uint8_t *host, size_t len)
{
    size_t done = 0;
    for (unsigned i = 0; i < e->count && done < len; i++) {
        if (e->seg[i].write != write) continue;
        uint32_t seg_len = e->seg[i].len;
        if (off >= seg_len) {
            off -= seg_len;
            continue;
        }
        size_t n = seg_len - off < len - done ? seg_len - off : len - done;
        uint32_t addr = e->seg[i].addr + (uint32_t)off;
        uint8_t *p = virtio_guest_ptr(vm, addr, (uint32_t)n);
        if (!p) break;
        if (write) {
            memcpy(p, host + done, n);
            virtio_dma_written(vm, addr, (uint32_t)n);
        } else {
            memcpy(host + done, p, n);
        }
        done += n;
        off = 0;
    }
    return done;
}

size_t virtq_read(struct virtio_mmio *vm, const struct virtq_elem *e, size_t off, void *dst,
                  size_t len)
{
    return copy_segments(vm, e, false, off, dst, len);
}

size_t virtq_write(struct virtio_mmio *vm, const struct virtq_elem *e, size_t off, const void *src,
                   size_t len)
{
    return copy_segments(vm, e, true, off, (uint8_t *)src, len);
}

static void vm_reset(void *opaque)
{
    struct virtio_mmio *vm = opaque;
    vm->status = vm->interrupt_status = 0;
    vm->device_features_sel = vm->driver_features_sel = vm->queue_sel = 0;
    vm->driver_features = 0;
    memset(vm->queue, 0, sizeof vm->queue);
    update_irq(vm);
    if (vm->ops && vm->ops->reset) vm->ops->reset(vm->dev);
}

static uint64_t device_features(const struct virtio_mmio *vm)
{
    return vm->ops ? vm->ops->features | VIRTIO_F_VERSION_1 : 0;
}

static uint32_t config_read(struct virtio_mmio *vm, uint32_t off, unsigned size)
{
    uint32_t cfg_size = 0;
    const uint8_t *cfg = vm->ops && vm->ops->config ? vm->ops->config(vm->dev, &cfg_size) : NULL;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        if (cfg && off + i < cfg_size) v |= (uint32_t)cfg[off + i] << (8 * i);
    return v;
}

static void config_write(struct virtio_mmio *vm, uint32_t off, unsigned size, uint32_t value)
{
    uint32_t cfg_size = 0;
    uint8_t *cfg = vm->ops && vm->ops->config ? vm->ops->config(vm->dev, &cfg_size) : NULL;
    if (!cfg || off + size > cfg_size) return;
    for (unsigned i = 0; i < size; i++)
        cfg[off + i] = (uint8_t)(value >> (8 * i));
    if (vm->ops->config_written) vm->ops->config_written(vm->dev, off, size);
}

static uint32_t queue_reg_read(const struct virtq *vq, uint32_t offset)
{
    switch (offset) {
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        return VIRTIO_QUEUE_NUM_MAX;
    case VIRTIO_MMIO_QUEUE_READY:
        return vq->ready;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
        return (uint32_t)vq->desc;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        return (uint32_t)(vq->desc >> 32);
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
        return (uint32_t)vq->avail;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        return (uint32_t)(vq->avail >> 32);
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
        return (uint32_t)vq->used;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        return (uint32_t)(vq->used >> 32);
    default:
        return 0;
    }
}

static uint32_t vm_read(void *opaque, uint32_t offset, unsigned size)
{
    struct virtio_mmio *vm = opaque;
    if (offset >= VIRTIO_MMIO_CONFIG) return config_read(vm, offset - VIRTIO_MMIO_CONFIG, size);
    if (size != 4) return 0; /* spec 4.2.2.2: non-config registers are 32-bit */
    bool has_queue =
        vm->ops && vm->queue_sel < vm->ops->num_queues && vm->queue_sel < VIRTIO_QUEUE_MAX;
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION:
        return 2;
    case VIRTIO_MMIO_DEVICE_ID:
        return vm->ops ? vm->ops->device_id : 0;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return vm->device_features_sel > 1
                   ? 0
                   : (uint32_t)(device_features(vm) >> (32 * vm->device_features_sel));
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return vm->interrupt_status;
    case VIRTIO_MMIO_STATUS:
        return vm->status;
    case VIRTIO_MMIO_CONFIG_GENERATION:
        return vm->config_generation;
    case VIRTIO_MMIO_SHM_LEN_LOW: /* no shared memory regions: length ~0 (Linux checks) */
    case VIRTIO_MMIO_SHM_LEN_HIGH:
    case VIRTIO_MMIO_SHM_BASE_LOW:
    case VIRTIO_MMIO_SHM_BASE_HIGH:
        return 0xffffffffu;
    default:
        return has_queue ? queue_reg_read(&vm->queue[vm->queue_sel], offset) : 0;
    }
}

static void set_half(uint64_t *field, bool high, uint32_t value)
{
    *field =
        high ? (*field & 0xffffffffu) | (uint64_t)value << 32 : (*field & ~0xffffffffull) | value;
}

static void queue_reg_write(struct virtio_mmio *vm, struct virtq *vq, uint32_t offset,
                            uint32_t value)
{
    switch (offset) {
    case VIRTIO_MMIO_QUEUE_NUM:
        /* Split rings need a power of two (spec 2.7); others are refused at READY. */
        vq->num = value;
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        if ((value & 1) &&
            (vq->num == 0 || vq->num > VIRTIO_QUEUE_NUM_MAX || (vq->num & (vq->num - 1)))) {
            broken(vm, "queue size not a power of two up to QueueNumMax");
            break;
        }
        vq->ready = value & 1;
        if (vq->ready) vq->last_avail = 0;
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        set_half(&vq->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH, value);
        break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        set_half(&vq->avail, offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, value);
        break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        set_half(&vq->used, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, value);
        break;
    default:
        log_guest_error("virtio-mmio: write of unknown register 0x%x", offset);
        break;
    }
}

static void write_status(struct virtio_mmio *vm, uint32_t value)
{
    if (value == 0) {
        vm_reset(vm);
        return;
    }
    /* FEATURES_OK sticks only when the driver accepted VERSION_1 and nothing
     * we did not offer (spec 3.1.1; Linux re-reads the bit). */
    if ((value & VIRTIO_STATUS_FEATURES_OK) && ((vm->driver_features & ~device_features(vm)) ||
                                                !(vm->driver_features & VIRTIO_F_VERSION_1)))
        value &= ~VIRTIO_STATUS_FEATURES_OK;
    vm->status = value & 0xffu;
}

static void notify(struct virtio_mmio *vm, uint32_t q)
{
    if (!vm->ops || q >= vm->ops->num_queues || q >= VIRTIO_QUEUE_MAX || !vm->queue[q].ready)
        return;
    if (!(vm->status & VIRTIO_STATUS_DRIVER_OK)) return;
    vm->ops->notify(vm->dev, vm, q);
}

static void vm_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct virtio_mmio *vm = opaque;
    if (offset >= VIRTIO_MMIO_CONFIG) {
        config_write(vm, offset - VIRTIO_MMIO_CONFIG, size, value);
        return;
    }
    if (size != 4) return;
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        vm->device_features_sel = value;
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (vm->driver_features_sel <= 1)
            set_half(&vm->driver_features, vm->driver_features_sel == 1, value);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        vm->driver_features_sel = value;
        break;
    case VIRTIO_MMIO_QUEUE_SEL:
        vm->queue_sel = value;
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        notify(vm, value);
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        vm->interrupt_status &= ~value;
        update_irq(vm);
        break;
    case VIRTIO_MMIO_STATUS:
        write_status(vm, value);
        break;
    case VIRTIO_MMIO_SHM_SEL:
        break;
    default:
        if (vm->ops && vm->queue_sel < vm->ops->num_queues && vm->queue_sel < VIRTIO_QUEUE_MAX)
            queue_reg_write(vm, &vm->queue[vm->queue_sel], offset, value);
        break;
    }
}

static const struct mmio_ops virtio_mmio_ops = {vm_read, vm_write};

struct virtio_mmio *virtio_mmio_new(struct cpu *cpu, struct irq_line irq,
                                    const struct virtio_dev_ops *ops, void *dev)
{
    struct virtio_mmio *vm = calloc(1, sizeof(*vm));
    if (!vm) return NULL;
    vm->cpu = cpu;
    vm->irq = irq;
    vm->ops = ops;
    vm->dev = dev;
    return vm;
}

void virtio_mmio_free(struct virtio_mmio *vm)
{
    free(vm);
}

struct device virtio_mmio_device(struct virtio_mmio *vm)
{
    return (struct device){"virtio-mmio", &virtio_mmio_ops, vm_reset, vm};
}
