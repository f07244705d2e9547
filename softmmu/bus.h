/* softmmu/bus.h — the guest physical address space: RAM, ROM and MMIO regions.
 *
 * A board adds regions at start; the memory path (softmmu/memory.c) and the
 * loaders find them by physical address. RAM and ROM hold bytes in guest order
 * (a big-endian guest's word is stored big-endian), so a host pointer into RAM
 * is the guest's memory as the guest sees it. MMIO callbacks see values, not
 * bytes: a device needs no knowledge of the guest's byte order.
 *
 *   struct bus bus = {0};
 *   bus_add_ram(&bus, 0, 64 << 20, ram);
 *   bus_add_mmio(&bus, 0x1f000000, 0x100, &uart_ops, uart);
 */
#ifndef TERN_SOFTMMU_BUS_H
#define TERN_SOFTMMU_BUS_H

#include <stdbool.h>
#include <stdint.h>

/* The device interface: a read and a write at (offset, size in bytes). */
struct mmio_ops {
    uint32_t (*read)(void *opaque, uint32_t offset, unsigned size);
    void (*write)(void *opaque, uint32_t offset, unsigned size, uint32_t value);
};

struct bus_region {
    uint32_t base, size;
    uint8_t *host; /* RAM/ROM backing, or NULL for MMIO */
    bool readonly; /* ROM: guest writes are ignored */
    const struct mmio_ops *ops;
    void *opaque;
};

#define BUS_MAX_REGIONS 32

#define BUS_LOG_MAX 512

/* A record of accesses, kept while bus.log is set (the verify engine): the old
 * bytes of every RAM write, so they can be put back, and whether any MMIO
 * region was touched, since device side effects cannot be replayed. */
struct bus_log {
    bool mmio;
    bool overflow; /* more than BUS_LOG_MAX writes: the record is incomplete */
    unsigned count;
    struct {
        uint32_t paddr;
        uint8_t size;
        uint8_t old[4];
    } write[BUS_LOG_MAX];
};

struct bus {
    struct bus_region region[BUS_MAX_REGIONS];
    unsigned count;
    struct bus_log *log; /* NULL: accesses are not recorded */
    /* Index of the region bus_find hit last (a cache, written through const:
     * regions are only ever appended, so an index stays valid). */
    unsigned last;
};

/* Puts back the old bytes of every write in log, newest first, and empties it. */
void bus_log_undo(const struct bus *bus, struct bus_log *log);

/* Adds guest RAM at [base, base+size) backed by host; returns 0, or -1 when it
 * overlaps another region or the table is full. */
int bus_add_ram(struct bus *bus, uint32_t base, uint32_t size, uint8_t *host);

/* Adds read-only memory (guest writes ignored); returns 0 or -1 as bus_add_ram. */
int bus_add_rom(struct bus *bus, uint32_t base, uint32_t size, uint8_t *host);

/* Adds an MMIO region served by ops; returns 0 or -1 as bus_add_ram. */
int bus_add_mmio(struct bus *bus, uint32_t base, uint32_t size, const struct mmio_ops *ops,
                 void *opaque);

/* The region holding all of [paddr, paddr+size), or NULL. */
const struct bus_region *bus_find(const struct bus *bus, uint32_t paddr, unsigned size);

/* A host pointer to len bytes of RAM/ROM at paddr, or NULL when they are not
 * all backed by one RAM or ROM region (used by loaders and the gdb stub). */
uint8_t *bus_host_ptr(const struct bus *bus, uint32_t paddr, uint32_t len);

/* Reads size (1, 2, 4) bytes at paddr as a value in the guest's byte order;
 * returns false when nothing is mapped there (a bus error). */
bool bus_read(const struct bus *bus, uint32_t paddr, unsigned size, bool big_endian,
              uint32_t *value);

/* Writes size (1, 2, 4) bytes at paddr; returns false on a bus error. */
bool bus_write(const struct bus *bus, uint32_t paddr, unsigned size, bool big_endian,
               uint32_t value);

#endif
