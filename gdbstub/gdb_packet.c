/* gdbstub/gdb_packet.c — packet framing, escapes, run-length decoding and hex
 * helpers; see gdb_packet.h. */
#include "gdbstub/gdb_packet.h"

#include <string.h>

enum { RX_IDLE, RX_DATA, RX_CS1, RX_CS2 };

void gdb_rx_init(struct gdb_rx *rx)
{
    rx->state = RX_IDLE;
    rx->sum = 0;
    rx->checksum = 0;
    rx->overflow = false;
    rx->raw_len = 0;
    rx->len = 0;
    rx->data[0] = 0;
}

int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Expands '}' escapes and '*' runs (a run repeats the previous byte n - 29
 * times, n being the byte after '*'); false when the result does not fit. */
static bool rx_decode(struct gdb_rx *rx)
{
    size_t out = 0;
    for (size_t i = 0; i < rx->raw_len; i++) {
        uint8_t c = rx->raw[i];
        if (c == '}' && i + 1 < rx->raw_len) {
            c = rx->raw[++i] ^ 0x20;
        } else if (c == '*' && i + 1 < rx->raw_len && out > 0) {
            int n = (int)rx->raw[++i] - 29;
            if (n < 0 || out + (size_t)n > GDB_PACKET_MAX) return false;
            memset(rx->data + out, rx->data[out - 1], (size_t)n);
            out += (size_t)n;
            continue;
        }
        if (out >= GDB_PACKET_MAX) return false;
        rx->data[out++] = c;
    }
    rx->len = out;
    rx->data[out] = 0;
    return true;
}

static enum gdb_rx_event rx_idle(struct gdb_rx *rx, uint8_t byte)
{
    switch (byte) {
    case '$':
        gdb_rx_init(rx);
        rx->state = RX_DATA;
        return GDB_RX_NONE;
    case 0x03:
        return GDB_RX_INTERRUPT;
    case '+':
        return GDB_RX_ACK;
    case '-':
        return GDB_RX_NAK;
    default:
        return GDB_RX_NONE; /* garbage between packets */
    }
}

/* The end of a packet: check the sum, then decode. */
static enum gdb_rx_event rx_finish(struct gdb_rx *rx)
{
    rx->state = RX_IDLE;
    if (rx->checksum != rx->sum) return GDB_RX_BAD;
    if (rx->overflow || !rx_decode(rx)) return GDB_RX_OVERLONG;
    return GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte)
{
    int digit;
    switch (rx->state) {
    case RX_DATA:
        if (byte == '$') { /* an unescaped '$' starts a new packet: drop the truncated one */
            gdb_rx_init(rx);
            rx->state = RX_DATA;
        } else if (byte == '#') {
            rx->state = RX_CS1;
        } else {
            rx->sum = (uint8_t)(rx->sum + byte);
            if (rx->raw_len < sizeof rx->raw)
                rx->raw[rx->raw_len++] = byte;
            else
                rx->overflow = true;
        }
        return GDB_RX_NONE;
    case RX_CS1:
    case RX_CS2:
        digit = gdb_hex_digit(byte);
        if (digit < 0) {
            rx->state = RX_IDLE;
            return GDB_RX_BAD;
        }
        rx->checksum = (uint8_t)(rx->checksum << 4 | digit);
        if (rx->state == RX_CS1) {
            rx->state = RX_CS2;
            return GDB_RX_NONE;
        }
        return rx_finish(rx);
    default:
        return rx_idle(rx, byte);
    }
}

size_t gdb_frame(const uint8_t *payload, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    uint8_t sum = 0;
    if (cap < 4) return 0;
    out[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];
        bool escape = c == '$' || c == '#' || c == '}' || c == '*';
        if (n + (escape ? 2 : 1) + 3 > cap) return 0;
        if (escape) {
            out[n++] = '}';
            sum = (uint8_t)(sum + '}');
            c ^= 0x20;
        }
        out[n++] = (char)c;
        sum = (uint8_t)(sum + c);
    }
    out[n++] = '#';
    out[n++] = hex[sum >> 4];
    out[n++] = hex[sum & 15];
    return n;
}

bool gdb_parse_hex(const char **p, uint32_t *value)
{
    uint32_t v = 0;
    int count = 0, d;
    while ((d = gdb_hex_digit((unsigned char)**p)) >= 0) {
        if (++count > 16) return false;
        v = v << 4 | (uint32_t)d;
        (*p)++;
    }
    *value = v;
    return count > 0;
}

char *gdb_put_hex(char *out, const uint8_t *bytes, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        *out++ = hex[bytes[i] >> 4];
        *out++ = hex[bytes[i] & 15];
    }
    return out;
}

bool gdb_get_hex(const char *hex, uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hex_digit((unsigned char)hex[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)hex[2 * i + 1]);
        if (lo < 0) return false;
        bytes[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}
