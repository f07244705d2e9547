/* devices/simplefb.c — the linear framebuffer; see simplefb.h. */
#include "devices/simplefb.h"

#include <stdlib.h>

int simplefb_init(struct simplefb *fb, uint32_t width, uint32_t height, bool big_endian)
{
    fb->width = width;
    fb->height = height;
    fb->stride = width * 4;
    fb->size = (fb->stride * height + 4095u) & ~4095u;
    fb->big_endian = big_endian;
    fb->mem = calloc(1, fb->size);
    return fb->mem ? 0 : -1;
}

void simplefb_free(struct simplefb *fb)
{
    free(fb->mem);
    fb->mem = NULL;
}

void simplefb_surface(const struct simplefb *fb, struct display_surface *s)
{
    /* x8r8g8b8 is a 32-bit word in the guest's order: bytes X,R,G,B on a
     * big-endian guest, B,G,R,X on a little-endian one. */
    if (fb->big_endian)
        *s = (struct display_surface){fb->mem, fb->width, fb->height, fb->stride, 1, 2, 3, 0};
    else
        *s = (struct display_surface){fb->mem, fb->width, fb->height, fb->stride, 2, 1, 0, 0};
}
