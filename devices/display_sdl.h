/* devices/display_sdl.h — the SDL2 window that shows the board's display
 * (virtio-gpu's scanout or the simple-framebuffer), scaled to the window with
 * its aspect kept, and turns typed keys into bytes for the serial console
 * — until a keyboard takes them: with a key handler set (the board sets the
 * virtio keyboard's once its driver is up), each key press and release goes
 * there as a Linux KEY_* code instead (SDL scancodes are USB HID usages;
 * the table is in display_sdl.c). Without one, text typed into the window
 * goes where a terminal's would: Enter is CR, Backspace DEL, arrows
 * ESC [ A..D, Ctrl+letter its control code. Closing the window quits, as in
 * QEMU.
 * Headless hosts use SDL's dummy (or offscreen) driver (SDL_VIDEODRIVER).
 * Every call must come from the thread that opened the window.
 *
 *   struct display_sdl *d = display_sdl_open("tern", err, sizeof err);
 *   display_sdl_show(d, &surface);           // repaints when it changed
 *   size_t n = display_sdl_poll(d, keys, sizeof keys, &quit);
 *   display_sdl_free(d);
 */
#ifndef TERN_DEVICES_DISPLAY_SDL_H
#define TERN_DEVICES_DISPLAY_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/display.h"

struct display_sdl;

/* Opens the window; NULL with a one-line message when SDL's video cannot
 * start (no display: use -display none, or SDL_VIDEODRIVER=offscreen). */
struct display_sdl *display_sdl_open(const char *title, char *err, size_t errlen);

/* Shows s (NULL: a black screen); uploads and presents only when the
 * surface's size, pixels or generation changed, or force is set. */
void display_sdl_show(struct display_sdl *d, const struct display_surface *s, bool force);

/* Handles pending window events; stores up to max bytes of typed input in
 * keys and returns how many; sets *quit when the window was closed. */
size_t display_sdl_poll(struct display_sdl *d, uint8_t *keys, size_t max, bool *quit);

/* Sends key presses and releases to key(opaque, code, down) as Linux key
 * codes from now on (its false return: not taken, the text goes out as
 * bytes); key NULL turns that off. */
void display_sdl_set_keyboard(struct display_sdl *d, bool (*key)(void *, unsigned, bool),
                              void *opaque);

/* The Linux KEY_* code of an SDL scancode; 0 when the keyboard has none. */
unsigned display_sdl_linux_key(int scancode);

/* The colour (0xRRGGBB) the window shows at surface pixel (x, y) of the
 * last frame, read back from the renderer; false when it cannot be read. */
bool display_sdl_pixel(struct display_sdl *d, uint32_t x, uint32_t y, uint32_t *rgb);

/* Closes the window and SDL; NULL is allowed. */
void display_sdl_free(struct display_sdl *d);

#endif
