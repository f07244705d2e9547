/* devices/virtio_input.c — the virtio-input keyboard; see virtio_input.h.
 * The config answers follow spec 5.8.4 and what Linux's virtinput_probe asks
 * for, in its order: ID_NAME, ID_SERIAL, ID_DEVIDS, PROP_BITS, EV_BITS for
 * EV_REP (only its size matters: non-zero = the kernel autorepeats), EV_KEY,
 * EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_SND. A selection we do not have
 * answers size 0, as the spec asks. */
#include "devices/virtio_input.h"

#include "devices/keymap.h"

#include <stdlib.h>
#include <string.h>

#define BUS_VIRTUAL 0x06     /* input.h bus type, as QEMU's virtio keyboards say */
#define INPUT_VENDOR 0x7465  /* "te": no registry; Linux only shows it */
#define INPUT_PRODUCT 0x0001 /* a keyboard */
#define LED_MASK 0x07        /* NUML, CAPSL, SCROLLL: the keyboard's LEDs */

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* Sets the union to size bytes of data (or leaves it zero when data is NULL). */
static void config_answer(struct virtio_input *vi, const void *data, size_t size)
{
    if (data) memcpy(vi->config + VIRTIO_INPUT_CFG_UNION, data, size);
    vi->config[VIRTIO_INPUT_CFG_SIZE] = (uint8_t)size;
}

/* The EV_KEY bitmap: every key the keymap names; its size runs to the last
 * non-zero byte (spec 5.8.5.1: the driver reads size bytes). */
static void config_key_bits(struct virtio_input *vi)
{
    uint8_t *bits = vi->config + VIRTIO_INPUT_CFG_UNION;
    size_t n, size = 0;
    const struct keymap_entry *keys = keymap_entries(&n);
    for (size_t i = 0; i < n; i++) {
        unsigned code = keys[i].code;
        bits[code / 8] |= (uint8_t)(1u << (code % 8));
        if (code / 8 + 1 > size) size = code / 8 + 1;
    }
    vi->config[VIRTIO_INPUT_CFG_SIZE] = (uint8_t)size;
}

static void config_ev_bits(struct virtio_input *vi, uint8_t type)
{
    static const uint8_t rep = 0, leds = LED_MASK;
    if (type == EV_KEY)
        config_key_bits(vi);
    else if (type == EV_REP)
        config_answer(vi, &rep, 1); /* QEMU's keyboards answer so: size 1, no bits */
    else if (type == EV_LED)
        config_answer(vi, &leds, 1);
}

/* Recomputes size and the union after the driver wrote select or subsel. */
static void config_select(struct virtio_input *vi)
{
    uint8_t sel = vi->config[VIRTIO_INPUT_CFG_SELECT], sub = vi->config[VIRTIO_INPUT_CFG_SUBSEL];
    memset(vi->config + VIRTIO_INPUT_CFG_SIZE, 0, VIRTIO_INPUT_CFG_BYTES - VIRTIO_INPUT_CFG_SIZE);
    if (sel == VIRTIO_INPUT_CFG_ID_NAME && sub == 0) {
        config_answer(vi, VIRTIO_INPUT_NAME, strlen(VIRTIO_INPUT_NAME));
    } else if (sel == VIRTIO_INPUT_CFG_ID_DEVIDS && sub == 0) {
        uint8_t ids[8];
        put_le16(ids, BUS_VIRTUAL);
        put_le16(ids + 2, INPUT_VENDOR);
        put_le16(ids + 4, INPUT_PRODUCT);
        put_le16(ids + 6, 1);
        config_answer(vi, ids, sizeof ids);
    } else if (sel == VIRTIO_INPUT_CFG_EV_BITS) {
        config_ev_bits(vi, sub);
    }
}

static uint8_t *input_config(void *dev, uint32_t *size)
{
    struct virtio_input *vi = dev;
    *size = VIRTIO_INPUT_CFG_BYTES;
    return vi->config;
}

/* Only select and subsel are writable (spec 5.8.4): whatever the driver
 * wrote, the answer is rebuilt from those two. */
static void input_config_written(void *dev, uint32_t off, unsigned size)
{
    (void)off, (void)size;
    config_select(dev);
}

/* Moves pending events into the buffers the guest posted on queue 0. */
static void input_flush(struct virtio_input *vi)
{
    bool any = false;
    while (vi->count > 0 && virtq_pop(vi->vm, 0, &vi->scratch)) {
        const struct virtio_input_event *ev = &vi->pending[vi->head];
        uint8_t le[8];
        put_le16(le, ev->type);
        put_le16(le + 2, ev->code);
        put_le16(le + 4, (uint16_t)ev->value);
        put_le16(le + 6, (uint16_t)(ev->value >> 16));
        virtq_push(vi->vm, 0, &vi->scratch, (uint32_t)virtq_write(vi->vm, &vi->scratch, 0, le, 8));
        vi->head = (vi->head + 1) % VIRTIO_INPUT_PENDING;
        vi->count--;
        any = true;
    }
    if (any) virtio_mmio_interrupt(vi->vm);
}

/* Queue 1: the guest's status events (LED changes); kept, then returned. */
static void input_status(struct virtio_input *vi, struct virtio_mmio *vm)
{
    bool any = false;
    while (virtq_pop(vm, 1, &vi->scratch)) {
        uint8_t ev[8];
        if (virtq_read(vm, &vi->scratch, 0, ev, 8) == 8 && ev[0] == EV_LED && ev[1] == 0 &&
            ev[2] < 8) {
            uint8_t bit = (uint8_t)(1u << ev[2]);
            vi->leds = ev[4] ? (uint8_t)(vi->leds | bit) : (uint8_t)(vi->leds & ~bit);
        }
        virtq_push(vm, 1, &vi->scratch, 0);
        any = true;
    }
    if (any) virtio_mmio_interrupt(vm);
}

static void input_notify(void *dev, struct virtio_mmio *vm, unsigned q)
{
    struct virtio_input *vi = dev;
    vi->vm = vm;
    if (q == 0)
        input_flush(vi);
    else
        input_status(vi, vm);
}

static void input_reset(void *dev)
{
    struct virtio_input *vi = dev;
    memset(vi->config, 0, sizeof vi->config);
    vi->head = vi->count = 0;
    vi->leds = 0;
}

const struct virtio_dev_ops virtio_input_ops = {
    VIRTIO_ID_INPUT, 0, 2, input_config, input_config_written, input_notify, input_reset};

struct virtio_input *virtio_input_new(void)
{
    return calloc(1, sizeof(struct virtio_input));
}

void virtio_input_free(struct virtio_input *vi)
{
    free(vi);
}

void virtio_input_attach(struct virtio_input *vi, struct virtio_mmio *vm)
{
    vi->vm = vm;
}

bool virtio_input_ready(const struct virtio_input *vi)
{
    return vi && vi->vm && (vi->vm->status & VIRTIO_STATUS_DRIVER_OK) &&
           !(vi->vm->status & VIRTIO_STATUS_NEEDS_RESET) && vi->vm->queue[0].ready;
}

bool virtio_input_send(struct virtio_input *vi, uint16_t type, uint16_t code, uint32_t value)
{
    if (!virtio_input_ready(vi) || vi->count == VIRTIO_INPUT_PENDING) {
        if (vi) vi->dropped++;
        return false;
    }
    vi->pending[(vi->head + vi->count) % VIRTIO_INPUT_PENDING] =
        (struct virtio_input_event){type, code, value};
    vi->count++;
    /* A batch is delivered at its SYN_REPORT, as evdev reads it anyway. */
    if (type == EV_SYN) input_flush(vi);
    return true;
}

bool virtio_input_key(struct virtio_input *vi, unsigned code, bool down)
{
    if (code == 0 || code > KEY_MAX_CODE) return false;
    return virtio_input_send(vi, EV_KEY, (uint16_t)code, down) &&
           virtio_input_send(vi, EV_SYN, SYN_REPORT, 0);
}
