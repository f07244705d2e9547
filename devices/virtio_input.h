/* devices/virtio_input.h — a virtio-input keyboard (virtio 1.x section 5.8,
 * device ID 18) behind the virtio-mmio transport: the config space answers
 * the driver's select/subsel questions (name, device ids, EV_BITS for EV_KEY,
 * EV_REP and EV_LED), queue 0 carries key events to the guest and queue 1
 * takes the guest's status events (LEDs), which are consumed. Linux's
 * virtio_input module turns it into an evdev device (/dev/input/eventN) and
 * a console keyboard.
 *
 *   struct virtio_input *vi = virtio_input_new();
 *   vm = virtio_mmio_new(&cpu, irq, &virtio_input_ops, vi);
 *   virtio_input_attach(vi, vm);
 *   virtio_input_key(vi, KEY_A, true);  // press: EV_KEY 30 1, then EV_SYN
 *
 * Everything runs on the CPU's thread (the monitor and the SDL window are
 * served from the board's service hook): no locking.
 */
#ifndef TERN_DEVICES_VIRTIO_INPUT_H
#define TERN_DEVICES_VIRTIO_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtio_mmio.h"

#define VIRTIO_ID_INPUT 18

/* Config space selectors (spec 5.8.4, enum virtio_input_config_select). */
enum virtio_input_select {
    VIRTIO_INPUT_CFG_UNSET = 0x00,
    VIRTIO_INPUT_CFG_ID_NAME = 0x01,
    VIRTIO_INPUT_CFG_ID_SERIAL = 0x02,
    VIRTIO_INPUT_CFG_ID_DEVIDS = 0x03,
    VIRTIO_INPUT_CFG_PROP_BITS = 0x10,
    VIRTIO_INPUT_CFG_EV_BITS = 0x11,
    VIRTIO_INPUT_CFG_ABS_INFO = 0x12,
};

/* Config layout: select, subsel, size, 5 reserved bytes, a 128-byte union. */
#define VIRTIO_INPUT_CFG_SELECT 0
#define VIRTIO_INPUT_CFG_SUBSEL 1
#define VIRTIO_INPUT_CFG_SIZE 2
#define VIRTIO_INPUT_CFG_UNION 8
#define VIRTIO_INPUT_CFG_BYTES (8 + 128)

/* Linux event types (input-event-codes.h). */
#define EV_SYN 0x00
#define EV_KEY 0x01
#define EV_LED 0x11
#define EV_REP 0x14
#define SYN_REPORT 0

#define VIRTIO_INPUT_NAME "tern virtio keyboard"
#define VIRTIO_INPUT_PENDING 128 /* events held while the guest has no buffers posted */

struct virtio_input_event {
    uint16_t type, code;
    uint32_t value;
};

struct virtio_input {
    uint8_t config[VIRTIO_INPUT_CFG_BYTES];
    struct virtio_mmio *vm; /* the transport, for events the host starts */
    struct virtio_input_event pending[VIRTIO_INPUT_PENDING];
    unsigned head, count;
    uint64_t dropped;          /* events lost: no driver, or the guest stopped reading */
    uint8_t leds;              /* the last LED state the guest sent (bit n = LED n) */
    struct virtq_elem scratch; /* one chain at a time (too big for the stack) */
};

/* A keyboard with nothing pending; NULL when out of memory. */
struct virtio_input *virtio_input_new(void);

/* Frees vi; NULL is allowed. */
void virtio_input_free(struct virtio_input *vi);

/* Tells vi which transport carries it (events go out through it). */
void virtio_input_attach(struct virtio_input *vi, struct virtio_mmio *vm);

/* The device's callbacks for virtio_mmio_new() (dev = the virtio_input). */
extern const struct virtio_dev_ops virtio_input_ops;

/* True once the guest's driver is up (DRIVER_OK and the event queue ready). */
bool virtio_input_ready(const struct virtio_input *vi);

/* Queues one event for the guest and delivers what the posted buffers take;
 * false (the event dropped) when no driver is up or too many are waiting. */
bool virtio_input_send(struct virtio_input *vi, uint16_t type, uint16_t code, uint32_t value);

/* A key press (down) or release: EV_KEY code 1/0, then EV_SYN SYN_REPORT.
 * False when it was dropped (see virtio_input_send). */
bool virtio_input_key(struct virtio_input *vi, unsigned code, bool down);

#endif
