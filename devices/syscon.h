/* devices/syscon.h — the board's system controller: two 32-bit registers the
 * DT describes for Linux's syscon-reboot and syscon-poweroff drivers. Writing
 * BOARD_SYSCON_REBOOT_VALUE at +0 requests a reboot, BOARD_SYSCON_POWEROFF_
 * VALUE at +4 a power-off; other values are ignored. Both read back 0
 * (BOARD.md: syscon-reboot reads the register before writing it).
 *
 *   struct syscon sc;
 *   syscon_init(&sc, &cpu.exit_request);
 *   device_map(&bus, BOARD_SYSCON_BASE, BOARD_SYSCON_SIZE, syscon_device(&sc));
 *   if (sc.request == SYSCON_REBOOT) ...
 */
#ifndef TERN_DEVICES_SYSCON_H
#define TERN_DEVICES_SYSCON_H

#include <stdint.h>

#include "devices/device.h"

enum syscon_request { SYSCON_NONE, SYSCON_REBOOT, SYSCON_POWEROFF };

struct syscon {
    enum syscon_request request;
    volatile uint8_t *exit_request; /* raised on a request; may be NULL */
};

/* Initialises sc with no request pending. */
void syscon_init(struct syscon *sc, volatile uint8_t *exit_request);

/* The register file, as the bus calls it. */
extern const struct mmio_ops syscon_ops;

/* The device as the board maps it. */
struct device syscon_device(struct syscon *sc);

#endif
