/* tests/unit/test_virtio_input.c — the virtio-input keyboard as Linux's
 * virtio_input driver sees it: config select/subsel answers (name, devids,
 * EV_BITS for EV_KEY/EV_REP/EV_LED, size 0 for what it lacks), key events
 * into posted event buffers (press, SYN, release, SYN in 8-byte
 * little-endian records) with the used-buffer interrupt, events held while no
 * buffer is posted and delivered on the next notify, events dropped before
 * the driver is up, LED status events consumed from queue 1, and a reset
 * that forgets everything; and the SDL window's scancode (USB HID usage)
 * to Linux key code table. */
#include <check.h>

#include "devices/display_sdl.h"
#include "devices/keymap.h"
#include "devices/virtio_input.h"
#include "devices/virtio_mmio.h"
#include "harness.h"

#define QNUM 8
#define DESC 0x10000u /* queue q's rings at + q * 0x1000 */
#define AVAIL 0x10800u
#define USED 0x10c00u
#define BUF 0x20000u /* 8-byte event buffers, 16 apart */

static int irq_level;
static void record_irq(void *opaque, unsigned n, bool level)
{
    (void)opaque, (void)n;
    irq_level = level;
}

static struct harness *h;
static struct virtio_input *vi;
static struct virtio_mmio *vm;
static uint16_t avail_idx[2], used_seen[2];

static uint32_t rd(uint32_t off, unsigned size)
{
    return virtio_mmio_device(vm).mmio->read(vm, off, size);
}

static void wr(uint32_t off, unsigned size, uint32_t v)
{
    virtio_mmio_device(vm).mmio->write(vm, off, size, v);
}

static void setup(void)
{
    h = harness_new(false);
    vi = virtio_input_new();
    vm = virtio_mmio_new(&h->cpu, (struct irq_line){record_irq, NULL, 4}, &virtio_input_ops, vi);
    virtio_input_attach(vi, vm);
    avail_idx[0] = avail_idx[1] = used_seen[0] = used_seen[1] = 0;
    irq_level = 0;
}

static void teardown(void)
{
    virtio_mmio_free(vm);
    virtio_input_free(vi);
    harness_free(h);
}

/* Linux's probe sequence up to DRIVER_OK with both queues. */
static void driver_up(void)
{
    wr(VIRTIO_MMIO_STATUS, 4, 0);
    wr(VIRTIO_MMIO_STATUS, 4, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, 4, 1);
    wr(VIRTIO_MMIO_STATUS, 4, 3 | VIRTIO_STATUS_FEATURES_OK);
    for (unsigned q = 0; q < 2; q++) {
        wr(VIRTIO_MMIO_QUEUE_SEL, 4, q);
        wr(VIRTIO_MMIO_QUEUE_NUM, 4, QNUM);
        wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 4, DESC + q * 0x1000);
        wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, 4, AVAIL + q * 0x1000);
        wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, 4, USED + q * 0x1000);
        wr(VIRTIO_MMIO_QUEUE_READY, 4, 1);
    }
    wr(VIRTIO_MMIO_STATUS, 4, rd(VIRTIO_MMIO_STATUS, 4) | VIRTIO_STATUS_DRIVER_OK);
}

/* Posts one 8-byte buffer (descriptor = slot) on queue q, writable for the
 * event queue, and notifies. */
static void post(unsigned q, unsigned slot, const uint8_t *readable)
{
    uint8_t *d = h->ram + DESC + q * 0x1000 + 16 * slot;
    uint64_t addr = BUF + q * 0x1000 + 16 * slot;
    uint32_t len = 8;
    uint16_t flags = readable ? 0 : VIRTQ_DESC_F_WRITE, next = 0;
    memcpy(d, &addr, 8), memcpy(d + 8, &len, 4), memcpy(d + 12, &flags, 2),
        memcpy(d + 14, &next, 2);
    if (readable) memcpy(h->ram + addr, readable, 8);
    uint16_t idx = avail_idx[q]++, slot16 = (uint16_t)slot;
    memcpy(h->ram + AVAIL + q * 0x1000 + 4 + 2 * (idx % QNUM), &slot16, 2);
    memcpy(h->ram + AVAIL + q * 0x1000 + 2, &avail_idx[q], 2);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 4, q);
}

/* The next used entry of queue q: the event in its buffer; false when none. */
static bool next_used(unsigned q, uint16_t ev[2], uint32_t *value, uint32_t *len)
{
    uint16_t used_idx;
    memcpy(&used_idx, h->ram + USED + q * 0x1000 + 2, 2);
    if (used_idx == used_seen[q]) return false;
    uint32_t id;
    const uint8_t *u = h->ram + USED + q * 0x1000 + 4 + 8 * (used_seen[q]++ % QNUM);
    memcpy(&id, u, 4), memcpy(len, u + 4, 4);
    const uint8_t *b = h->ram + BUF + q * 0x1000 + 16 * id;
    memcpy(&ev[0], b, 2), memcpy(&ev[1], b + 2, 2), memcpy(value, b + 4, 4);
    return true;
}

/* Selects (select, subsel) byte by byte as virtio_cwrite8 does; returns size. */
static unsigned select_cfg(uint8_t sel, uint8_t sub)
{
    wr(VIRTIO_MMIO_CONFIG + VIRTIO_INPUT_CFG_SELECT, 1, sel);
    wr(VIRTIO_MMIO_CONFIG + VIRTIO_INPUT_CFG_SUBSEL, 1, sub);
    return rd(VIRTIO_MMIO_CONFIG + VIRTIO_INPUT_CFG_SIZE, 1);
}

static uint8_t cfg_byte(unsigned i)
{
    return (uint8_t)rd(VIRTIO_MMIO_CONFIG + VIRTIO_INPUT_CFG_UNION + i, 1);
}

START_TEST(test_config_space)
{
    ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_ID, 4), 18);
    unsigned n = select_cfg(VIRTIO_INPUT_CFG_ID_NAME, 0);
    ck_assert_uint_eq(n, strlen(VIRTIO_INPUT_NAME));
    char name[64] = {0};
    for (unsigned i = 0; i < n; i++)
        name[i] = (char)cfg_byte(i);
    ck_assert_str_eq(name, "tern virtio keyboard");
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_ID_SERIAL, 0), 0);
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_ID_DEVIDS, 0), 8);
    ck_assert_uint_eq(cfg_byte(0), 0x06); /* BUS_VIRTUAL */
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_PROP_BITS, 0), 0);
    n = select_cfg(VIRTIO_INPUT_CFG_EV_BITS, EV_KEY);
    ck_assert_uint_ge(n, KEY_MENU / 8 + 1);
    ck_assert_uint_le(n, 128);
    ck_assert_uint_eq(cfg_byte(KEY_A / 8) >> (KEY_A % 8) & 1, 1);
    ck_assert_uint_eq(cfg_byte(KEY_F1 / 8) >> (KEY_F1 % 8) & 1, 1);
    ck_assert_uint_eq(cfg_byte(0) & 1, 0); /* KEY_RESERVED */
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_EV_BITS, EV_REP), 1);
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_EV_BITS, EV_LED), 1);
    ck_assert_uint_eq(cfg_byte(0), 0x07);
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_EV_BITS, 0x02 /* EV_REL */), 0);
    ck_assert_uint_eq(cfg_byte(0), 0); /* the old answer is gone */
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_ABS_INFO, 0), 0);
    ck_assert_uint_eq(select_cfg(VIRTIO_INPUT_CFG_UNSET, 0), 0);
    /* A write to size or the union does not stick. */
    select_cfg(VIRTIO_INPUT_CFG_ID_DEVIDS, 0);
    wr(VIRTIO_MMIO_CONFIG + VIRTIO_INPUT_CFG_UNION, 1, 0x55);
    ck_assert_uint_eq(cfg_byte(0), 0x06);
    /* Past the config space: reads 0, writes ignored, no crash. */
    ck_assert_uint_eq(rd(VIRTIO_MMIO_CONFIG + 200, 4), 0);
    wr(VIRTIO_MMIO_CONFIG + 200, 4, 1);
}
END_TEST

START_TEST(test_key_events)
{
    ck_assert(!virtio_input_ready(vi));
    ck_assert(!virtio_input_key(vi, KEY_A, true)); /* no driver yet: dropped */
    ck_assert_uint_eq(vi->dropped, 1);
    driver_up();
    ck_assert(virtio_input_ready(vi));
    for (unsigned s = 0; s < 4; s++)
        post(0, s, NULL);
    ck_assert(virtio_input_key(vi, KEY_A, true));
    ck_assert(virtio_input_key(vi, KEY_A, false));
    ck_assert_int_eq(irq_level, 1);
    const uint32_t want[4][3] = {{EV_KEY, 30, 1}, {EV_SYN, 0, 0}, {EV_KEY, 30, 0}, {EV_SYN, 0, 0}};
    for (int i = 0; i < 4; i++) {
        uint16_t ev[2];
        uint32_t value, len;
        ck_assert(next_used(0, ev, &value, &len));
        ck_assert_uint_eq(len, 8);
        ck_assert_uint_eq(ev[0], want[i][0]);
        ck_assert_uint_eq(ev[1], want[i][1]);
        ck_assert_uint_eq(value, want[i][2]);
    }
    /* No buffer left: the next key waits, and goes out when one is posted. */
    ck_assert(virtio_input_key(vi, KEY_B, true));
    uint16_t ev[2];
    uint32_t value, len;
    ck_assert(!next_used(0, ev, &value, &len));
    ck_assert_uint_eq(vi->count, 2);
    post(0, 4, NULL);
    ck_assert(next_used(0, ev, &value, &len));
    ck_assert_uint_eq(ev[1], KEY_B);
    ck_assert_uint_eq(vi->count, 1);
    ck_assert(!virtio_input_key(vi, 0, true));
    ck_assert(!virtio_input_key(vi, KEY_MAX_CODE + 1, true));
}
END_TEST

START_TEST(test_pending_bound_and_reset)
{
    driver_up();
    unsigned sent = 0;
    for (int i = 0; i < VIRTIO_INPUT_PENDING; i++)
        sent += virtio_input_send(vi, EV_KEY, KEY_A, 1);
    ck_assert_uint_eq(sent, VIRTIO_INPUT_PENDING);
    ck_assert(!virtio_input_send(vi, EV_KEY, KEY_A, 1)); /* full: dropped, not overwritten */
    wr(VIRTIO_MMIO_STATUS, 4, 0);                        /* the driver resets the device */
    ck_assert_uint_eq(vi->count, 0);
    ck_assert(!virtio_input_ready(vi));
}
END_TEST

START_TEST(test_status_queue_leds)
{
    driver_up();
    const uint8_t caps_on[8] = {EV_LED, 0, 1 /* LED_CAPSL */, 0, 1, 0, 0, 0};
    post(1, 0, caps_on);
    uint16_t ev[2];
    uint32_t value, len;
    ck_assert(next_used(1, ev, &value, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(vi->leds, 2);
    ck_assert_int_eq(irq_level, 1);
}
END_TEST

/* SDL scancodes are USB HID usage IDs (HID Usage Tables, page 7). */
START_TEST(test_sdl_scancodes)
{
    const unsigned map[][2] = {
        {4, KEY_A},      {20, KEY_Q},   {29, KEY_Z},         {30, KEY_1},         {39, KEY_0},
        {40, KEY_ENTER}, {41, KEY_ESC}, {44, KEY_SPACE},     {58, KEY_F1},        {67, KEY_F10},
        {69, KEY_F12},   {82, KEY_UP},  {224, KEY_LEFTCTRL}, {230, KEY_RIGHTALT}, {98, KEY_KP0}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        ck_assert_uint_eq(display_sdl_linux_key((int)map[i][0]), map[i][1]);
    ck_assert_uint_eq(display_sdl_linux_key(0), 0);
    ck_assert_uint_eq(display_sdl_linux_key(511), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("virtio_input");
    TCase *tc = tcase_create("virtio_input");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_config_space);
    tcase_add_test(tc, test_key_events);
    tcase_add_test(tc, test_pending_bound_and_reset);
    tcase_add_test(tc, test_status_queue_leds);
    tcase_add_test(tc, test_sdl_scancodes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
