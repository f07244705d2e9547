/* devices/screendump.h — writes what a display shows as a PNG file (8-bit
 * RGB, no interlace), encoded here with zlib: the format is one IHDR, one
 * IDAT of filter-0 rows, IEND, each chunk with its CRC (PNG spec, ISO 15948).
 *
 *   if (screendump_png(&surface, "shot.png", err, sizeof err) != 0) ...;
 */
#ifndef TERN_DEVICES_SCREENDUMP_H
#define TERN_DEVICES_SCREENDUMP_H

#include <stddef.h>

#include "devices/display.h"

/* Writes s to path as a PNG; s NULL (nothing on screen) writes a 640x480
 * black image. 0, or -1 with a one-line message. */
int screendump_png(const struct display_surface *s, const char *path, char *err, size_t errlen);

#endif
