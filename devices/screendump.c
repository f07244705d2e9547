/* devices/screendump.c — the PNG writer; see screendump.h. */
#include "devices/screendump.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
    p[3] = (uint8_t)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static bool put_chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t head[8], crc[4];
    be32(head, len);
    memcpy(head + 4, type, 4);
    uLong c = crc32(0, head + 4, 4);
    if (len) c = crc32(c, data, len);
    be32(crc, (uint32_t)c);
    return fwrite(head, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(crc, 1, 4, f) == 4;
}

/* The raw image: each row a filter byte (0, none) and 3 bytes per pixel. */
static uint8_t *raw_rows(const struct display_surface *s, size_t *size)
{
    size_t row = 1 + (size_t)s->width * 3;
    uint8_t *raw = malloc(row * s->height);
    if (!raw) return NULL;
    for (uint32_t y = 0; y < s->height; y++) {
        raw[y * row] = 0;
        if (s->pixels)
            display_row_rgb(s, y, raw + y * row + 1);
        else
            memset(raw + y * row + 1, 0, row - 1);
    }
    *size = row * s->height;
    return raw;
}

static int write_png(FILE *f, const struct display_surface *s)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint8_t ihdr[13] = {0};
    be32(ihdr, s->width);
    be32(ihdr + 4, s->height);
    ihdr[8] = 8; /* bit depth */
    ihdr[9] = 2; /* colour type: truecolour */
    size_t raw_size = 0;
    uint8_t *raw = raw_rows(s, &raw_size);
    uLongf z_size = compressBound((uLong)raw_size);
    uint8_t *z = raw ? malloc(z_size) : NULL;
    int rc = -1;
    if (z && compress2(z, &z_size, raw, (uLong)raw_size, 6) == Z_OK &&
        fwrite(signature, 1, 8, f) == 8 && put_chunk(f, "IHDR", ihdr, 13) &&
        put_chunk(f, "IDAT", z, (uint32_t)z_size) && put_chunk(f, "IEND", NULL, 0))
        rc = 0;
    free(z);
    free(raw);
    return rc;
}

int screendump_png(const struct display_surface *s, const char *path, char *err, size_t errlen)
{
    struct display_surface blank = {NULL, 640, 480, 0, 0, 0, 0, 0};
    if (!s || !s->pixels) s = &blank;
    if (s->width == 0 || s->height == 0 || s->width > 16384 || s->height > 16384) {
        snprintf(err, errlen, "screendump: bad display size %ux%u", s->width, s->height);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    int rc = write_png(f, s);
    if (fclose(f) != 0) rc = -1;
    if (rc != 0) snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
    return rc;
}
