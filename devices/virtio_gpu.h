/* devices/virtio_gpu.h — a 2D virtio GPU (virtio 1.1 section 5.7) with one
 * scanout: GET_DISPLAY_INFO, RESOURCE_CREATE_2D / UNREF, ATTACH / DETACH_
 * BACKING, TRANSFER_TO_HOST_2D, SET_SCANOUT, RESOURCE_FLUSH, and the cursor
 * queue's commands acknowledged (no cursor is drawn). Linux's virtio-gpu DRM
 * driver runs its fbdev emulation and fbcon on it. Resources live in host
 * memory; the guest's backing pages are copied in on each transfer, as the
 * spec's 2D model says.
 *
 *   struct virtio_gpu *gpu = virtio_gpu_new(1024, 768);
 *   vm = virtio_mmio_new(&cpu, irq, &virtio_gpu_ops, gpu);
 *   struct display_surface s;
 *   if (virtio_gpu_surface(gpu, &s)) ...;   // after the guest set a scanout
 */
#ifndef TERN_DEVICES_VIRTIO_GPU_H
#define TERN_DEVICES_VIRTIO_GPU_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/display.h"
#include "devices/virtio_mmio.h"

#define VIRTIO_ID_GPU 16
#define VIRTIO_GPU_MAX_RESOURCES 64
#define VIRTIO_GPU_MAX_PIXELS (64u << 20) /* all resources together, in pixels */

/* Command and response types (spec 5.7.6.7). */
enum {
    VIRTIO_GPU_CMD_GET_DISPLAY_INFO = 0x0100,
    VIRTIO_GPU_CMD_RESOURCE_CREATE_2D,
    VIRTIO_GPU_CMD_RESOURCE_UNREF,
    VIRTIO_GPU_CMD_SET_SCANOUT,
    VIRTIO_GPU_CMD_RESOURCE_FLUSH,
    VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D,
    VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING,
    VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING,
    VIRTIO_GPU_CMD_UPDATE_CURSOR = 0x0300,
    VIRTIO_GPU_CMD_MOVE_CURSOR,
    VIRTIO_GPU_RESP_OK_NODATA = 0x1100,
    VIRTIO_GPU_RESP_OK_DISPLAY_INFO,
    VIRTIO_GPU_RESP_ERR_UNSPEC = 0x1200,
    VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY,
    VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER,
};

#define VIRTIO_GPU_FLAG_FENCE 1u
#define VIRTIO_GPU_HDR_SIZE 24

struct virtio_gpu_backing {
    uint8_t *host; /* guest RAM, checked at attach */
    uint32_t len;
};

struct virtio_gpu_resource {
    uint32_t id, format, width, height;
    uint8_t *pixels; /* width * height * 4 bytes */
    struct virtio_gpu_backing *backing;
    uint32_t nr_backing;
};

struct virtio_gpu {
    uint32_t width, height; /* the mode GET_DISPLAY_INFO reports */
    uint8_t config[16];     /* events_read, events_clear, num_scanouts, num_capsets */
    struct virtio_gpu_resource *res[VIRTIO_GPU_MAX_RESOURCES];
    uint64_t pixels_used;
    uint32_t scanout_id;     /* resource on scanout 0; 0 = disabled */
    uint32_t sx, sy, sw, sh; /* the scanout's rectangle in that resource */
    uint32_t generation;     /* bumped by every flush and scanout change */
};

/* The device's callbacks for virtio_mmio_new(). */
extern const struct virtio_dev_ops virtio_gpu_ops;

/* A GPU whose one display has the given mode; NULL when out of memory. */
struct virtio_gpu *virtio_gpu_new(uint32_t width, uint32_t height);

/* Frees gpu and its resources; NULL is allowed. */
void virtio_gpu_free(struct virtio_gpu *gpu);

/* What scanout 0 shows; false while the guest has set none. */
bool virtio_gpu_surface(const struct virtio_gpu *gpu, struct display_surface *s);

#endif
