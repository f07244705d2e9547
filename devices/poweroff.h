/* devices/poweroff.h — the EXIT (power-off) device of the virt board: a 32-bit
 * write of V at offset 0 asks tern to stop and exit with status V. Reads
 * return 0. The write also raises the CPU's exit_request so the exec loop
 * notices within one block.
 */
#ifndef TERN_DEVICES_POWEROFF_H
#define TERN_DEVICES_POWEROFF_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct poweroff {
    bool requested;
    uint32_t status;
    volatile uint8_t *exit_request; /* the CPU's flag; may be NULL */
};

/* Initialises dev (not requested); exit_request is raised on a request. */
void poweroff_init(struct poweroff *dev, volatile uint8_t *exit_request);

/* The device as the board maps it. */
struct device poweroff_device(struct poweroff *dev);

#endif
