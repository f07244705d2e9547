/* devices/display.h — what a screen shows: a view of 32-bit pixels owned by
 * a display device (virtio-gpu's scanout resource, the simple-framebuffer's
 * RAM) that the SDL window and the PNG screendump read. The channel byte
 * offsets inside a pixel describe the format, so neither reader needs to
 * know the device's pixel format names.
 *
 *   struct display_surface s;
 *   if (virtio_gpu_surface(gpu, &s)) screendump_png(&s, "shot.png", err, sizeof err);
 */
#ifndef TERN_DEVICES_DISPLAY_H
#define TERN_DEVICES_DISPLAY_H

#include <stdint.h>

struct display_surface {
    const uint8_t *pixels;          /* top-left pixel; 4 bytes per pixel */
    uint32_t width, height, stride; /* stride in bytes */
    uint8_t r, g, b;                /* byte offset of each channel in a pixel */
    uint32_t generation;            /* changes whenever the content may have changed */
};

/* Converts row y of s to packed 8-bit R, G, B (3 * width bytes at rgb). */
static inline void display_row_rgb(const struct display_surface *s, uint32_t y, uint8_t *rgb)
{
    const uint8_t *p = s->pixels + (uint64_t)y * s->stride;
    for (uint32_t x = 0; x < s->width; x++, p += 4) {
        *rgb++ = p[s->r];
        *rgb++ = p[s->g];
        *rgb++ = p[s->b];
    }
}

#endif
