/* tests/unit/test_virtio.c — the virtio-mmio transport and its devices
 * driven the way Linux's drivers drive them, from a tiny driver in this file
 * (rings in the harness's RAM, registers through the MMIO callbacks):
 * transport registers and feature negotiation, virtio-blk reads/writes/
 * flush/errors against a temporary file, virtio-rng, virtio-gpu's 2D path
 * to a display surface, malformed chains (NEEDS_RESET, never a crash), the
 * PNG writer, the simple-framebuffer's pixel layout in both byte orders, and
 * the SDL window on the dummy driver read back pixel by pixel. */
#include <check.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "devices/display_sdl.h"
#include "devices/screendump.h"
#include "devices/simplefb.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_gpu.h"
#include "devices/virtio_mmio.h"
#include "devices/virtio_rng.h"
#include "harness.h"

#define QNUM 8
#define DESC 0x10000u /* rings of queue q at DESC + q * 0x1000 */
#define AVAIL 0x10800u
#define USED 0x10c00u
#define BUF 0x20000u /* request buffers */

static int irq_level;
static void record_irq(void *opaque, unsigned n, bool level)
{
    (void)opaque, (void)n;
    irq_level = level;
}

struct drv {
    struct harness *h;
    struct virtio_mmio *vm;
    uint16_t avail_idx[VIRTIO_QUEUE_MAX], next_desc[VIRTIO_QUEUE_MAX];
};

static uint32_t rd(struct drv *d, uint32_t off)
{
    return virtio_mmio_device(d->vm).mmio->read(d->vm, off, 4);
}

static void wr(struct drv *d, uint32_t off, uint32_t v)
{
    virtio_mmio_device(d->vm).mmio->write(d->vm, off, 4, v);
}

static void put16(struct drv *d, uint32_t pa, uint16_t v)
{
    memcpy(d->h->ram + pa, &v, 2); /* the host is little-endian, as the rings are */
}

/* Linux's probe: reset, ACK|DRIVER, features, FEATURES_OK, queues, DRIVER_OK. */
static void drv_init(struct drv *d, const struct virtio_dev_ops *ops, void *dev, unsigned nq)
{
    memset(d, 0, sizeof(*d));
    d->h = harness_new(false);
    d->vm = virtio_mmio_new(&d->h->cpu, (struct irq_line){record_irq, NULL, 4}, ops, dev);
    wr(d, VIRTIO_MMIO_STATUS, 0);
    wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
    wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(d, VIRTIO_MMIO_DRIVER_FEATURES, rd(d, VIRTIO_MMIO_DEVICE_FEATURES));
    wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    ck_assert_uint_eq(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK,
                      VIRTIO_STATUS_FEATURES_OK);
    for (unsigned q = 0; q < nq; q++) {
        wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
        ck_assert_uint_ge(rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX), QNUM);
        wr(d, VIRTIO_MMIO_QUEUE_NUM, QNUM);
        wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC + q * 0x1000);
        wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL + q * 0x1000);
        wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED + q * 0x1000);
        wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
    }
    wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

static void drv_free(struct drv *d)
{
    virtio_mmio_free(d->vm);
    harness_free(d->h);
}

/* Submits one chain of (addr, len, writable) segments on queue q and
 * notifies; returns the used length the device reported. */
static uint32_t submit(struct drv *d, unsigned q, unsigned n, const uint32_t (*seg)[3])
{
    uint32_t desc = DESC + q * 0x1000, avail = AVAIL + q * 0x1000, used = USED + q * 0x1000;
    uint16_t head = d->next_desc[q];
    for (unsigned i = 0; i < n; i++) {
        uint16_t at = (uint16_t)((head + i) % QNUM);
        uint8_t *p = d->h->ram + desc + 16 * at;
        uint64_t addr = seg[i][0];
        uint32_t len = seg[i][1];
        uint16_t flags =
            (uint16_t)((seg[i][2] ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        uint16_t next = (uint16_t)((at + 1) % QNUM);
        memcpy(p, &addr, 8), memcpy(p + 8, &len, 4), memcpy(p + 12, &flags, 2),
            memcpy(p + 14, &next, 2);
    }
    d->next_desc[q] = (uint16_t)((head + n) % QNUM);
    put16(d, avail + 4 + 2 * (d->avail_idx[q] % QNUM), head);
    uint16_t before;
    memcpy(&before, d->h->ram + used + 2, 2);
    put16(d, avail + 2, ++d->avail_idx[q]);
    wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
    uint16_t after;
    memcpy(&after, d->h->ram + used + 2, 2);
    ck_assert_uint_eq(after, (uint16_t)(before + 1));
    uint32_t id, len;
    memcpy(&id, d->h->ram + used + 4 + 8 * (before % QNUM), 4);
    memcpy(&len, d->h->ram + used + 8 + 8 * (before % QNUM), 4);
    ck_assert_uint_eq(id, head);
    return len;
}

START_TEST(test_transport_registers)
{
    struct drv d;
    drv_init(&d, &virtio_rng_ops, NULL, 1);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_VERSION), 2);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
    wr(&d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_DEVICE_FEATURES), 1); /* VERSION_1 */
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
    /* A driver without VERSION_1 does not get FEATURES_OK. */
    wr(&d, VIRTIO_MMIO_STATUS, 0);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_STATUS), 0);
    wr(&d, VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_QUEUE_READY), 0);
    wr(&d, VIRTIO_MMIO_STATUS, 3);
    wr(&d, VIRTIO_MMIO_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
    drv_free(&d);
    /* An empty slot: DeviceID 0, which Linux skips. */
    struct virtio_mmio *empty = virtio_mmio_new(NULL, (struct irq_line){0}, NULL, NULL);
    ck_assert_uint_eq(virtio_mmio_device(empty).mmio->read(empty, VIRTIO_MMIO_DEVICE_ID, 4), 0);
    virtio_mmio_free(empty);
}
END_TEST

START_TEST(test_rng_fills_and_interrupts)
{
    struct drv d;
    drv_init(&d, &virtio_rng_ops, NULL, 1);
    irq_level = 0;
    const uint32_t seg[1][3] = {{BUF, 64, 1}};
    ck_assert_uint_eq(submit(&d, 0, 1, seg), 64);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_INTERRUPT_STATUS), 1);
    wr(&d, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    ck_assert_int_eq(irq_level, 0);
    unsigned zero = 0;
    for (int i = 0; i < 64; i++)
        zero += d.h->ram[BUF + i] == 0;
    ck_assert_uint_lt(zero, 16);
    drv_free(&d);
}
END_TEST

/* A virtio-blk request: header at BUF, data at BUF + 0x100, status at BUF + 0xff. */
static uint8_t blk_req(struct drv *d, uint32_t type, uint64_t sector, uint32_t len)
{
    uint8_t *hdr = d->h->ram + BUF;
    memcpy(hdr, &type, 4), memset(hdr + 4, 0, 4), memcpy(hdr + 8, &sector, 8);
    d->h->ram[BUF + 0xff] = 0xee;
    const uint32_t seg[3][3] = {
        {BUF, 16, 0}, {BUF + 0x100, len, type == VIRTIO_BLK_T_IN}, {BUF + 0xff, 1, 1}};
    if (len)
        submit(d, 0, 3, seg);
    else {
        const uint32_t two[2][3] = {{BUF, 16, 0}, {BUF + 0xff, 1, 1}};
        submit(d, 0, 2, two);
    }
    return d->h->ram[BUF + 0xff];
}

START_TEST(test_blk_read_write_flush)
{
    char path[] = "/tmp/tern-virtio-blk-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    uint8_t sector[512];
    memset(sector, 0, sizeof sector);
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(write(fd, sector, 512), 512);
    char err[200];
    struct virtio_blk *blk;
    ck_assert_int_eq(virtio_blk_open(path, &blk, err, sizeof err), 0);
    struct drv d;
    drv_init(&d, virtio_blk_ops(blk), blk, 1);
    /* capacity in config space, read as the driver does (8-byte field in two words). */
    uint32_t lo = virtio_mmio_device(d.vm).mmio->read(d.vm, VIRTIO_MMIO_CONFIG, 4);
    ck_assert_uint_eq(lo, 8);
    for (int i = 0; i < 512; i++)
        d.h->ram[BUF + 0x100 + i] = (uint8_t)(i * 7 + 1);
    ck_assert_uint_eq(blk_req(&d, VIRTIO_BLK_T_OUT, 3, 512), VIRTIO_BLK_S_OK);
    ck_assert_int_eq(pread(fd, sector, 512, 3 * 512), 512);
    ck_assert_uint_eq(sector[0], 1);
    ck_assert_uint_eq(sector[511], (uint8_t)(511 * 7 + 1));
    memset(d.h->ram + BUF + 0x100, 0, 512);
    ck_assert_uint_eq(blk_req(&d, VIRTIO_BLK_T_IN, 3, 512), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(d.h->ram[BUF + 0x100 + 100], (uint8_t)(100 * 7 + 1));
    ck_assert_uint_eq(blk_req(&d, VIRTIO_BLK_T_FLUSH, 0, 0), VIRTIO_BLK_S_OK);
    /* Past the end of the disk, and an unknown type. */
    ck_assert_uint_eq(blk_req(&d, VIRTIO_BLK_T_IN, 8, 512), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(blk_req(&d, 77, 0, 0), VIRTIO_BLK_S_UNSUPP);
    drv_free(&d);
    virtio_blk_free(blk);
    close(fd);
    unlink(path);
    ck_assert_int_eq(virtio_blk_open("/nonexistent/disk.img", &blk, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/disk.img"));
}
END_TEST

START_TEST(test_malformed_chain_needs_reset)
{
    struct drv d;
    drv_init(&d, &virtio_rng_ops, NULL, 1);
    /* A buffer outside RAM: the device stops, the host is untouched. */
    uint8_t *p = d.h->ram + DESC;
    uint64_t addr = 0x7ff00000;
    uint32_t len = 4096;
    uint16_t flags = VIRTQ_DESC_F_WRITE, zero = 0;
    memcpy(p, &addr, 8), memcpy(p + 8, &len, 4), memcpy(p + 12, &flags, 2),
        memcpy(p + 14, &zero, 2);
    put16(&d, AVAIL + 4, 0);
    put16(&d, AVAIL + 2, 1);
    wr(&d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    ck_assert_uint_ne(rd(&d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
    /* A descriptor loop on a fresh device. */
    drv_free(&d);
    drv_init(&d, &virtio_rng_ops, NULL, 1);
    p = d.h->ram + DESC;
    addr = BUF, len = 16, flags = VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT;
    memcpy(p, &addr, 8), memcpy(p + 8, &len, 4), memcpy(p + 12, &flags, 2),
        memcpy(p + 14, &zero, 2);
    put16(&d, AVAIL + 4, 0);
    put16(&d, AVAIL + 2, 1);
    wr(&d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    ck_assert_uint_ne(rd(&d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
    /* A queue size that is not a power of two is refused. */
    drv_free(&d);
    drv_init(&d, &virtio_rng_ops, NULL, 0);
    wr(&d, VIRTIO_MMIO_QUEUE_SEL, 0);
    wr(&d, VIRTIO_MMIO_QUEUE_NUM, 6);
    wr(&d, VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(rd(&d, VIRTIO_MMIO_QUEUE_READY), 0);
    drv_free(&d);
}
END_TEST

/* One GPU command of len bytes at BUF, response at BUF + 0x800; returns the response type. */
static uint32_t gpu_cmd(struct drv *d, const uint32_t *words, unsigned n, uint32_t resp_len)
{
    memcpy(d->h->ram + BUF, words, 4 * n);
    memset(d->h->ram + BUF + 0x800, 0, resp_len);
    const uint32_t seg[2][3] = {{BUF, 4 * n, 0}, {BUF + 0x800, resp_len, 1}};
    submit(d, 0, 2, seg);
    uint32_t type;
    memcpy(&type, d->h->ram + BUF + 0x800, 4);
    return type;
}

START_TEST(test_gpu_2d_path)
{
    struct virtio_gpu *gpu = virtio_gpu_new(800, 600);
    struct drv d;
    drv_init(&d, &virtio_gpu_ops, gpu, 2);
    struct display_surface s;
    ck_assert(!virtio_gpu_surface(gpu, &s));
    /* GET_DISPLAY_INFO: pmodes[0] = 800x600, enabled. */
    uint32_t info[6] = {VIRTIO_GPU_CMD_GET_DISPLAY_INFO};
    ck_assert_uint_eq(gpu_cmd(&d, info, 6, 408), VIRTIO_GPU_RESP_OK_DISPLAY_INFO);
    uint32_t mode[5];
    memcpy(mode, d.h->ram + BUF + 0x800 + 24, sizeof mode);
    ck_assert_uint_eq(mode[2], 800);
    ck_assert_uint_eq(mode[3], 600);
    ck_assert_uint_eq(mode[4], 1);
    /* A 4x2 B8G8R8X8 resource, backed by guest memory at 0x30000 in two pieces. */
    uint32_t create[10] = {VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, 0, 0, 0, 0, 0, 7, 2, 4, 2};
    ck_assert_uint_eq(gpu_cmd(&d, create, 10, 24), VIRTIO_GPU_RESP_OK_NODATA);
    ck_assert_uint_eq(gpu_cmd(&d, create, 10, 24), VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);
    uint32_t attach[16] = {VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING,
                           0,
                           0,
                           0,
                           0,
                           0,
                           7,
                           2,
                           0x30000,
                           0,
                           12,
                           0,
                           0x30100,
                           0,
                           20,
                           0};
    ck_assert_uint_eq(gpu_cmd(&d, attach, 16, 24), VIRTIO_GPU_RESP_OK_NODATA);
    uint32_t px[8] = {0x00ff0000, 0x0000ff00, 0x000000ff, 0x00ffffff,
                      0x00102030, 0x00405060, 0x00708090, 0x00a0b0c0};
    memcpy(d.h->ram + 0x30000, px, 12);
    memcpy(d.h->ram + 0x30100, px + 3, 20);
    /* TRANSFER_TO_HOST_2D of the whole 4x2, offset 0; fenced. */
    uint32_t xfer[14] = {VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D,
                         VIRTIO_GPU_FLAG_FENCE,
                         99,
                         0,
                         0,
                         0,
                         0,
                         0,
                         4,
                         2,
                         0,
                         0,
                         7,
                         0};
    ck_assert_uint_eq(gpu_cmd(&d, xfer, 14, 24), VIRTIO_GPU_RESP_OK_NODATA);
    uint32_t resp_fence[3];
    memcpy(resp_fence, d.h->ram + BUF + 0x804, 12);
    ck_assert_uint_eq(resp_fence[0], VIRTIO_GPU_FLAG_FENCE);
    ck_assert_uint_eq(resp_fence[1], 99);
    uint32_t scanout[12] = {VIRTIO_GPU_CMD_SET_SCANOUT, 0, 0, 0, 0, 0, 1, 0, 3, 2, 0, 7};
    ck_assert_uint_eq(gpu_cmd(&d, scanout, 12, 24), VIRTIO_GPU_RESP_OK_NODATA);
    uint32_t flush[12] = {VIRTIO_GPU_CMD_RESOURCE_FLUSH, 0, 0, 0, 0, 0, 0, 0, 4, 2, 7, 0};
    ck_assert_uint_eq(gpu_cmd(&d, flush, 12, 24), VIRTIO_GPU_RESP_OK_NODATA);
    ck_assert(virtio_gpu_surface(gpu, &s));
    ck_assert_uint_eq(s.width, 3);
    ck_assert_uint_eq(s.height, 2);
    uint8_t rgb[9];
    display_row_rgb(&s, 1, rgb); /* row 1 from x = 1: 405060, 708090, a0b0c0 */
    ck_assert_uint_eq(rgb[0], 0x40);
    ck_assert_uint_eq(rgb[1], 0x50);
    ck_assert_uint_eq(rgb[2], 0x60);
    ck_assert_uint_eq(rgb[8], 0xc0);
    /* Bad requests are answered with errors; scanout out of range. */
    scanout[8] = 4;
    ck_assert_uint_eq(gpu_cmd(&d, scanout, 12, 24), VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER);
    uint32_t unref[8] = {VIRTIO_GPU_CMD_RESOURCE_UNREF, 0, 0, 0, 0, 0, 7, 0};
    ck_assert_uint_eq(gpu_cmd(&d, unref, 8, 24), VIRTIO_GPU_RESP_OK_NODATA);
    ck_assert(!virtio_gpu_surface(gpu, &s));
    ck_assert_uint_eq(gpu_cmd(&d, unref, 8, 24), VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);
    drv_free(&d);
    virtio_gpu_free(gpu);
}
END_TEST

START_TEST(test_png_and_simplefb)
{
    struct simplefb fb;
    ck_assert_int_eq(simplefb_init(&fb, 4, 3, true), 0);
    /* Big-endian guest: the word 0x00112233 is bytes 00 11 22 33. */
    fb.mem[4 * 5 + 1] = 0x11, fb.mem[4 * 5 + 2] = 0x22, fb.mem[4 * 5 + 3] = 0x33;
    struct display_surface s;
    simplefb_surface(&fb, &s);
    uint8_t rgb[12];
    display_row_rgb(&s, 1, rgb);
    ck_assert_uint_eq(rgb[3], 0x11);
    ck_assert_uint_eq(rgb[5], 0x33);
    char path[] = "/tmp/tern-shot-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    char err[200];
    ck_assert_int_eq(screendump_png(&s, path, err, sizeof err), 0);
    FILE *f = fopen(path, "rb");
    uint8_t png[512];
    size_t n = fread(png, 1, sizeof png, f);
    fclose(f);
    unlink(path);
    ck_assert_uint_gt(n, 57);
    ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
    ck_assert_int_eq(memcmp(png + 12, "IHDR", 4), 0);
    ck_assert_uint_eq(png[19], 4); /* width */
    ck_assert_uint_eq(png[23], 3); /* height */
    ck_assert_uint_eq(png[24], 8); /* depth */
    ck_assert_uint_eq(png[25], 2); /* RGB */
    /* IDAT inflates to 3 rows of filter byte + 12 bytes, pixel (1,1) = 112233. */
    uint32_t idat_len = (uint32_t)png[33] << 24 | png[34] << 16 | png[35] << 8 | png[36];
    ck_assert_int_eq(memcmp(png + 37, "IDAT", 4), 0);
    uint8_t raw[39];
    uLongf raw_len = sizeof raw;
    ck_assert_int_eq(uncompress(raw, &raw_len, png + 41, idat_len), Z_OK);
    ck_assert_uint_eq(raw_len, 39);
    ck_assert_uint_eq(raw[13 + 1 + 3], 0x11);
    ck_assert_uint_eq(raw[13 + 1 + 5], 0x33);
    ck_assert_int_eq(screendump_png(&s, "/nonexistent/x.png", err, sizeof err), -1);
    simplefb_free(&fb);
}
END_TEST

START_TEST(test_sdl_headless_window)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1); /* no EGL: clean under LeakSanitizer */
    char err[200];
    struct display_sdl *d = display_sdl_open("tern test", err, sizeof err);
    ck_assert_msg(d != NULL, "%s", err);
    struct simplefb fb;
    ck_assert_int_eq(simplefb_init(&fb, 64, 32, false), 0);
    /* Little-endian guest: word 0x00RRGGBB is bytes BB GG RR 00. */
    for (uint32_t i = 0; i < 64 * 32; i++) {
        uint32_t v = (i % 64) < 32 ? 0x00ff8000u : 0x000040c0u;
        memcpy(fb.mem + 4 * i, &v, 4);
    }
    struct display_surface s;
    simplefb_surface(&fb, &s);
    display_sdl_show(d, &s, true);
    uint32_t rgb = 0;
    ck_assert(display_sdl_pixel(d, 5, 5, &rgb));
    ck_assert_uint_eq(rgb, 0xff8000);
    ck_assert(display_sdl_pixel(d, 60, 20, &rgb));
    ck_assert_uint_eq(rgb, 0x0040c0);
    bool quit = false;
    uint8_t keys[8];
    ck_assert_uint_eq(display_sdl_poll(d, keys, sizeof keys, &quit), 0);
    ck_assert(!quit);
    display_sdl_free(d);
    simplefb_free(&fb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("virtio");
    TCase *tc = tcase_create("virtio");
    tcase_add_test(tc, test_transport_registers);
    tcase_add_test(tc, test_rng_fills_and_interrupts);
    tcase_add_test(tc, test_blk_read_write_flush);
    tcase_add_test(tc, test_malformed_chain_needs_reset);
    tcase_add_test(tc, test_gpu_2d_path);
    tcase_add_test(tc, test_png_and_simplefb);
    tcase_add_test(tc, test_sdl_headless_window);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
