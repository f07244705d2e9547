/* devices/virtio_gpu.c — the 2D virtio GPU; see virtio_gpu.h. Command
 * layouts are the spec's (5.7.6.8): every request starts with the 24-byte
 * ctrl header (type, flags, fence_id, ctx_id, ring_idx); a fenced request's
 * response carries the fence back. Errors are answered, never fatal: the
 * guest gets ERR_INVALID_* and tern logs a guest error. */
#include "devices/virtio_gpu.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

#define VIRTIO_GPU_EVENT_DISPLAY 1u
#define GPU_MAX_BACKING 16384 /* entries per resource: 64 MiB of 4 KiB pages */

/* Byte offsets of R, G, B in a pixel, per virtio_gpu_formats (spec 5.7.6.8:
 * the names give the byte order in memory). */
struct gpu_format {
    uint32_t id;
    uint8_t r, g, b;
};

static const struct gpu_format gpu_formats[] = {
    {1, 2, 1, 0},   /* B8G8R8A8_UNORM */
    {2, 2, 1, 0},   /* B8G8R8X8_UNORM: what Linux uses for XRGB8888 on a LE guest */
    {3, 1, 2, 3},   /* A8R8G8B8_UNORM */
    {4, 1, 2, 3},   /* X8R8G8B8_UNORM */
    {67, 0, 1, 2},  /* R8G8B8A8_UNORM */
    {68, 3, 2, 1},  /* X8B8G8R8_UNORM */
    {121, 3, 2, 1}, /* A8B8G8R8_UNORM */
    {134, 0, 1, 2}, /* R8G8B8X8_UNORM */
};

static const struct gpu_format *find_format(uint32_t id)
{
    for (size_t i = 0; i < sizeof gpu_formats / sizeof gpu_formats[0]; i++)
        if (gpu_formats[i].id == id) return &gpu_formats[i];
    return NULL;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

struct virtio_gpu *virtio_gpu_new(uint32_t width, uint32_t height)
{
    struct virtio_gpu *gpu = calloc(1, sizeof(*gpu));
    if (!gpu) return NULL;
    gpu->width = width;
    gpu->height = height;
    wr32(gpu->config + 8, 1); /* num_scanouts */
    return gpu;
}

static struct virtio_gpu_resource **find_slot(struct virtio_gpu *gpu, uint32_t id)
{
    for (unsigned i = 0; i < VIRTIO_GPU_MAX_RESOURCES; i++)
        if (gpu->res[i] && gpu->res[i]->id == id) return &gpu->res[i];
    return NULL;
}

static struct virtio_gpu_resource *find_res(struct virtio_gpu *gpu, uint32_t id)
{
    struct virtio_gpu_resource **slot = id ? find_slot(gpu, id) : NULL;
    return slot ? *slot : NULL;
}

static void free_res(struct virtio_gpu *gpu, struct virtio_gpu_resource **slot)
{
    struct virtio_gpu_resource *r = *slot;
    if (gpu->scanout_id == r->id) gpu->scanout_id = 0, gpu->generation++;
    gpu->pixels_used -= (uint64_t)r->width * r->height;
    free(r->backing);
    free(r->pixels);
    free(r);
    *slot = NULL;
}

static void gpu_reset(void *dev)
{
    struct virtio_gpu *gpu = dev;
    for (unsigned i = 0; i < VIRTIO_GPU_MAX_RESOURCES; i++)
        if (gpu->res[i]) free_res(gpu, &gpu->res[i]);
    gpu->scanout_id = 0;
    gpu->generation++;
    wr32(gpu->config, 0);
}

void virtio_gpu_free(struct virtio_gpu *gpu)
{
    if (!gpu) return;
    gpu_reset(gpu);
    free(gpu);
}

bool virtio_gpu_surface(const struct virtio_gpu *gpu, struct display_surface *s)
{
    struct virtio_gpu_resource *r = find_res((struct virtio_gpu *)gpu, gpu->scanout_id);
    const struct gpu_format *f = r ? find_format(r->format) : NULL;
    if (!f) return false;
    *s = (struct display_surface){r->pixels + ((size_t)gpu->sy * r->width + gpu->sx) * 4,
                                  gpu->sw,
                                  gpu->sh,
                                  r->width * 4,
                                  f->r,
                                  f->g,
                                  f->b,
                                  gpu->generation};
    return true;
}

/* A request in progress: the transport element and its command bytes. */
struct gpu_req {
    struct virtio_mmio *vm;
    const struct virtq_elem *e;
    uint8_t cmd[64]; /* the fixed part of any command */
};

static uint32_t cmd_display_info(struct virtio_gpu *gpu, uint8_t *resp, uint32_t *len)
{
    /* 16 pmodes of {rect x, y, w, h; enabled; flags} after the header. */
    uint8_t *m = resp + VIRTIO_GPU_HDR_SIZE;
    wr32(m + 8, gpu->width);
    wr32(m + 12, gpu->height);
    wr32(m + 16, 1);
    *len = VIRTIO_GPU_HDR_SIZE + 16 * 24;
    return VIRTIO_GPU_RESP_OK_DISPLAY_INFO;
}

static uint32_t cmd_create_2d(struct virtio_gpu *gpu, const uint8_t *c)
{
    uint32_t id = rd32(c + 24), format = rd32(c + 28), w = rd32(c + 32), h = rd32(c + 36);
    if (id == 0 || find_res(gpu, id)) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!find_format(format) || w == 0 || h == 0 || w > 16384 || h > 16384)
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    struct virtio_gpu_resource **slot = find_slot(gpu, 0);
    for (unsigned i = 0; !slot && i < VIRTIO_GPU_MAX_RESOURCES; i++)
        if (!gpu->res[i]) slot = &gpu->res[i];
    if (!slot || gpu->pixels_used + (uint64_t)w * h > VIRTIO_GPU_MAX_PIXELS)
        return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    struct virtio_gpu_resource *r = calloc(1, sizeof(*r));
    uint8_t *pixels = calloc((size_t)w * h, 4);
    if (!r || !pixels) {
        free(r);
        free(pixels);
        return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    }
    *r = (struct virtio_gpu_resource){id, format, w, h, pixels, NULL, 0};
    *slot = r;
    gpu->pixels_used += (uint64_t)w * h;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_unref(struct virtio_gpu *gpu, const uint8_t *c)
{
    uint32_t id = rd32(c + 24);
    struct virtio_gpu_resource **slot = id ? find_slot(gpu, id) : NULL;
    if (!slot) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    free_res(gpu, slot);
    return VIRTIO_GPU_RESP_OK_NODATA;
}

/* A rectangle inside resource r: x, y, w, h at c. */
static bool rect_fits(const struct virtio_gpu_resource *r, const uint8_t *c)
{
    uint64_t x = rd32(c), y = rd32(c + 4), w = rd32(c + 8), h = rd32(c + 12);
    return x + w <= r->width && y + h <= r->height;
}

static uint32_t cmd_set_scanout(struct virtio_gpu *gpu, const uint8_t *c)
{
    uint32_t scanout = rd32(c + 40), id = rd32(c + 44);
    if (scanout != 0) return VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID;
    gpu->generation++;
    if (id == 0) { /* disables the scanout */
        gpu->scanout_id = 0;
        return VIRTIO_GPU_RESP_OK_NODATA;
    }
    struct virtio_gpu_resource *r = find_res(gpu, id);
    if (!r) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!rect_fits(r, c + 24) || rd32(c + 32) == 0 || rd32(c + 36) == 0)
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    gpu->scanout_id = id;
    gpu->sx = rd32(c + 24), gpu->sy = rd32(c + 28), gpu->sw = rd32(c + 32), gpu->sh = rd32(c + 36);
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_flush(struct virtio_gpu *gpu, const uint8_t *c)
{
    struct virtio_gpu_resource *r = find_res(gpu, rd32(c + 40));
    if (!r) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (r->id == gpu->scanout_id) gpu->generation++;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

/* Copies len bytes at offset off of r's backing (the guest's pages, in
 * entry order) to dst; false when the backing is shorter. */
static bool backing_read(const struct virtio_gpu_resource *r, uint64_t off, uint8_t *dst,
                         uint32_t len)
{
    for (uint32_t i = 0; i < r->nr_backing && len; i++) {
        const struct virtio_gpu_backing *b = &r->backing[i];
        if (off >= b->len) {
            off -= b->len;
            continue;
        }
        uint32_t n = b->len - (uint32_t)off < len ? b->len - (uint32_t)off : len;
        memcpy(dst, b->host + off, n);
        dst += n, len -= n, off = 0;
    }
    return len == 0;
}

static uint32_t cmd_transfer(struct virtio_gpu *gpu, const uint8_t *c)
{
    struct virtio_gpu_resource *r = find_res(gpu, rd32(c + 48));
    if (!r) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!r->backing || !rect_fits(r, c + 24)) return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    uint32_t x = rd32(c + 24), y = rd32(c + 28), w = rd32(c + 32), h = rd32(c + 36);
    uint64_t offset = rd64(c + 40), stride = (uint64_t)r->width * 4;
    /* As QEMU: row k of the rectangle comes from offset + k * stride. */
    for (uint32_t k = 0; k < h; k++) {
        uint8_t *dst = r->pixels + (uint64_t)(y + k) * stride + (uint64_t)x * 4;
        if (!backing_read(r, offset + k * stride, dst, w * 4))
            return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    }
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_attach(struct virtio_gpu *gpu, struct gpu_req *q)
{
    struct virtio_gpu_resource *r = find_res(gpu, rd32(q->cmd + 24));
    uint32_t n = rd32(q->cmd + 28);
    if (!r) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (r->backing || n == 0 || n > GPU_MAX_BACKING) return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    struct virtio_gpu_backing *b = calloc(n, sizeof(*b));
    if (!b) return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t ent[16];
        if (virtq_read(q->vm, q->e, 32 + 16 * (size_t)i, ent, sizeof ent) != sizeof ent ||
            !(b[i].host = virtio_guest_ptr(q->vm, rd64(ent), rd32(ent + 8)))) {
            free(b);
            return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
        }
        b[i].len = rd32(ent + 8);
    }
    r->backing = b;
    r->nr_backing = n;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_detach(struct virtio_gpu *gpu, const uint8_t *c)
{
    struct virtio_gpu_resource *r = find_res(gpu, rd32(c + 24));
    if (!r) return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    free(r->backing);
    r->backing = NULL;
    r->nr_backing = 0;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

/* Runs one command; the response type, with *len bytes of response. */
static uint32_t gpu_command(struct virtio_gpu *gpu, struct gpu_req *q, uint8_t *resp, uint32_t *len)
{
    *len = VIRTIO_GPU_HDR_SIZE;
    switch (rd32(q->cmd)) {
    case VIRTIO_GPU_CMD_GET_DISPLAY_INFO:
        return cmd_display_info(gpu, resp, len);
    case VIRTIO_GPU_CMD_RESOURCE_CREATE_2D:
        return cmd_create_2d(gpu, q->cmd);
    case VIRTIO_GPU_CMD_RESOURCE_UNREF:
        return cmd_unref(gpu, q->cmd);
    case VIRTIO_GPU_CMD_SET_SCANOUT:
        return cmd_set_scanout(gpu, q->cmd);
    case VIRTIO_GPU_CMD_RESOURCE_FLUSH:
        return cmd_flush(gpu, q->cmd);
    case VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D:
        return cmd_transfer(gpu, q->cmd);
    case VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING:
        return cmd_attach(gpu, q);
    case VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING:
        return cmd_detach(gpu, q->cmd);
    case VIRTIO_GPU_CMD_UPDATE_CURSOR: /* the guest's cursor is not drawn */
    case VIRTIO_GPU_CMD_MOVE_CURSOR:
        return VIRTIO_GPU_RESP_OK_NODATA;
    default:
        log_guest_error("virtio-gpu: unsupported command 0x%x", rd32(q->cmd));
        return VIRTIO_GPU_RESP_ERR_UNSPEC;
    }
}

static void gpu_notify(void *dev, struct virtio_mmio *vm, unsigned qi)
{
    struct virtio_gpu *gpu = dev;
    struct virtq_elem *e = malloc(sizeof(*e));
    bool any = false;
    if (!e) return;
    while (virtq_pop(vm, qi, e)) {
        struct gpu_req q = {vm, e, {0}};
        uint8_t resp[VIRTIO_GPU_HDR_SIZE + 16 * 24] = {0};
        uint32_t len = VIRTIO_GPU_HDR_SIZE, type = VIRTIO_GPU_RESP_ERR_UNSPEC;
        if (virtq_read(vm, e, 0, q.cmd, sizeof q.cmd) >= VIRTIO_GPU_HDR_SIZE)
            type = gpu_command(gpu, &q, resp, &len);
        if (type >= VIRTIO_GPU_RESP_ERR_UNSPEC)
            log_guest_error("virtio-gpu: command 0x%x failed (0x%x)", rd32(q.cmd), type);
        wr32(resp, type);
        if (rd32(q.cmd + 4) & VIRTIO_GPU_FLAG_FENCE) /* flags, fence_id, ctx_id, ring_idx */
            memcpy(resp + 4, q.cmd + 4, 20);
        uint32_t written = (uint32_t)virtq_write(vm, e, 0, resp, len);
        virtq_push(vm, qi, e, written);
        any = true;
    }
    free(e);
    if (any) virtio_mmio_interrupt(vm);
}

static uint8_t *gpu_config(void *dev, uint32_t *size)
{
    struct virtio_gpu *gpu = dev;
    *size = sizeof gpu->config;
    return gpu->config;
}

/* events_clear clears events_read bits; everything else is read-only. */
static void gpu_config_written(void *dev, uint32_t off, unsigned size)
{
    struct virtio_gpu *gpu = dev;
    (void)off, (void)size;
    wr32(gpu->config, rd32(gpu->config) & ~rd32(gpu->config + 4));
    wr32(gpu->config + 4, 0);
    wr32(gpu->config + 8, 1);
    wr32(gpu->config + 12, 0);
}

const struct virtio_dev_ops virtio_gpu_ops = {VIRTIO_ID_GPU,      0,          2,        gpu_config,
                                              gpu_config_written, gpu_notify, gpu_reset};
