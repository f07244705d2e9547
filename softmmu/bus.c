/* softmmu/bus.c — region table and physical reads/writes; see bus.h.
 *
 * bus_find tries the region it hit last before scanning: the slow memory
 * path (MMIO, soft-TLB misses, the interpreter) calls it per access, and
 * nearly every access hits the RAM region the previous one hit. */
#include "softmmu/bus.h"

#include <string.h>

static bool overlaps(const struct bus *bus, uint32_t base, uint32_t size)
{
    uint64_t end = (uint64_t)base + size;
    for (unsigned i = 0; i < bus->count; i++) {
        const struct bus_region *r = &bus->region[i];
        if (base < (uint64_t)r->base + r->size && r->base < end)
            return true;
    }
    return false;
}

static struct bus_region *add_region(struct bus *bus, uint32_t base, uint32_t size)
{
    if (size == 0 || (uint64_t)base + size > 0x100000000ull)
        return NULL;
    if (bus->count == BUS_MAX_REGIONS || overlaps(bus, base, size))
        return NULL;
    struct bus_region *r = &bus->region[bus->count++];
    memset(r, 0, sizeof(*r));
    r->base = base;
    r->size = size;
    return r;
}

int bus_add_ram(struct bus *bus, uint32_t base, uint32_t size, uint8_t *host)
{
    struct bus_region *r = add_region(bus, base, size);
    if (!r)
        return -1;
    r->host = host;
    return 0;
}

int bus_add_rom(struct bus *bus, uint32_t base, uint32_t size, uint8_t *host)
{
    struct bus_region *r = add_region(bus, base, size);
    if (!r)
        return -1;
    r->host = host;
    r->readonly = true;
    return 0;
}

int bus_add_mmio(struct bus *bus, uint32_t base, uint32_t size, const struct mmio_ops *ops,
                 void *opaque)
{
    struct bus_region *r = add_region(bus, base, size);
    if (!r)
        return -1;
    r->ops = ops;
    r->opaque = opaque;
    return 0;
}

static bool holds(const struct bus_region *r, uint32_t paddr, unsigned size)
{
    return paddr >= r->base && (uint64_t)paddr + size <= (uint64_t)r->base + r->size;
}

const struct bus_region *bus_find(const struct bus *bus, uint32_t paddr, unsigned size)
{
    if (bus->last < bus->count && holds(&bus->region[bus->last], paddr, size))
        return &bus->region[bus->last];
    for (unsigned i = 0; i < bus->count; i++) {
        if (holds(&bus->region[i], paddr, size)) {
            /* The bus is never a const object; the hint is not guest state. */
            ((struct bus *)bus)->last = i;
            return &bus->region[i];
        }
    }
    return NULL;
}

uint8_t *bus_host_ptr(const struct bus *bus, uint32_t paddr, uint32_t len)
{
    const struct bus_region *r = bus_find(bus, paddr, len ? len : 1);
    if (!r || !r->host)
        return NULL;
    return r->host + (paddr - r->base);
}

/* RAM holds guest-order bytes: assemble the value the guest would see. */
static uint32_t load_bytes(const uint8_t *p, unsigned size, bool big_endian)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = big_endian ? 8 * (size - 1 - i) : 8 * i;
        v |= (uint32_t)p[i] << shift;
    }
    return v;
}

static void store_bytes(uint8_t *p, unsigned size, bool big_endian, uint32_t v)
{
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = big_endian ? 8 * (size - 1 - i) : 8 * i;
        p[i] = (uint8_t)(v >> shift);
    }
}

bool bus_read(const struct bus *bus, uint32_t paddr, unsigned size, bool big_endian,
              uint32_t *value)
{
    const struct bus_region *r = bus_find(bus, paddr, size);
    if (!r)
        return false;
    if (r->host) {
        *value = load_bytes(r->host + (paddr - r->base), size, big_endian);
    } else {
        if (bus->log)
            bus->log->mmio = true;
        *value = r->ops->read(r->opaque, paddr - r->base, size);
    }
    return true;
}

/* Records the bytes a RAM write is about to replace. */
static void log_write(struct bus_log *log, uint32_t paddr, unsigned size, const uint8_t *p)
{
    if (log->count >= BUS_LOG_MAX) {
        log->overflow = true;
        return;
    }
    log->write[log->count].paddr = paddr;
    log->write[log->count].size = (uint8_t)size;
    memcpy(log->write[log->count].old, p, size);
    log->count++;
}

void bus_log_undo(const struct bus *bus, struct bus_log *log)
{
    while (log->count > 0) {
        log->count--;
        uint8_t *p = bus_host_ptr(bus, log->write[log->count].paddr, log->write[log->count].size);
        if (p)
            memcpy(p, log->write[log->count].old, log->write[log->count].size);
    }
}

bool bus_write(const struct bus *bus, uint32_t paddr, unsigned size, bool big_endian,
               uint32_t value)
{
    const struct bus_region *r = bus_find(bus, paddr, size);
    if (!r)
        return false;
    if (r->host) {
        if (r->readonly)
            return true;
        if (bus->log)
            log_write(bus->log, paddr, size, r->host + (paddr - r->base));
        store_bytes(r->host + (paddr - r->base), size, big_endian, value);
    } else {
        if (bus->log)
            bus->log->mmio = true;
        r->ops->write(r->opaque, paddr - r->base, size, value);
    }
    return true;
}
