/* devices/device.h — the small interface every device file implements, in the
 * spirit of TinyEMU: MMIO callbacks (struct mmio_ops from softmmu/bus.h), a
 * reset, and an interrupt line the board hands in. A device never reaches into
 * the CPU; it only raises or lowers its irq line.
 *
 *   struct irq_line irq = {board_set_irq, board, 2};     // CPU hardware int 0 = IP2
 *   struct uart16550 *u = uart16550_new(STDOUT_FILENO, irq);
 *   device_map(&bus, BOARD_UART_BASE, BOARD_UART_SIZE, uart16550_device(u));
 */
#ifndef TERN_DEVICES_DEVICE_H
#define TERN_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "softmmu/bus.h"

/* One interrupt line: set(opaque, n, level) drives input n of the receiver
 * (the board's CPU interrupt controller). set may be NULL: an unwired line. */
struct irq_line {
    void (*set)(void *opaque, unsigned n, bool level);
    void *opaque;
    unsigned n;
};

/* Drives an irq line high or low; an unwired line ignores it. */
static inline void irq_set(const struct irq_line *irq, bool level)
{
    if (irq->set) irq->set(irq->opaque, irq->n, level);
}

/* What a board needs to place and manage one device instance. */
struct device {
    const char *name;
    const struct mmio_ops *mmio;
    void (*reset)(void *opaque); /* back to power-on state; may be NULL */
    void *opaque;
};

/* Maps dev's registers at [base, base+size) on bus; 0, or -1 when the range
 * overlaps another region or the bus is full. */
static inline int device_map(struct bus *bus, uint32_t base, uint32_t size, struct device dev)
{
    return bus_add_mmio(bus, base, size, dev.mmio, dev.opaque);
}

/* Resets a device to its power-on state. */
static inline void device_reset(struct device dev)
{
    if (dev.reset) dev.reset(dev.opaque);
}

#endif
