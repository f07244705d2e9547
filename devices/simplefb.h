/* devices/simplefb.h — a plain linear framebuffer in the board's physical
 * map, described to the guest with the `simple-framebuffer` binding (width,
 * height, stride, format "x8r8g8b8"): a bare-metal program draws by storing
 * 32-bit pixels 0x00RRGGBB, in its own byte order, at base + y * stride + 4x.
 * The memory is plain RAM on the bus, so stores take the fast path.
 *
 *   struct simplefb fb;
 *   simplefb_init(&fb, 640, 480, big_endian);
 *   bus_add_ram(&bus, BOARD_FB_BASE, fb.size, fb.mem);
 */
#ifndef TERN_DEVICES_SIMPLEFB_H
#define TERN_DEVICES_SIMPLEFB_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/display.h"

struct simplefb {
    uint8_t *mem;
    uint32_t size; /* bytes of mem (the stride times the height, page rounded) */
    uint32_t width, height, stride;
    bool big_endian;
};

/* Allocates a width x height framebuffer, cleared to black; 0, or -1 when
 * out of memory. */
int simplefb_init(struct simplefb *fb, uint32_t width, uint32_t height, bool big_endian);

/* Frees the memory; safe to call twice. */
void simplefb_free(struct simplefb *fb);

/* The framebuffer as a display surface. generation is always 0 (the
 * content changes without notice: readers redraw periodically). */
void simplefb_surface(const struct simplefb *fb, struct display_surface *s);

#endif
