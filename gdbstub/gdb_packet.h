/* gdbstub/gdb_packet.h — the GDB remote serial protocol's framing: a byte-at-a-
 * time receiver ($data#cs packets, '+'/'-' acks, the 0x03 interrupt, checksums,
 * '}' escapes and '*' run-length encoding), the reply framer, and hex helpers.
 *
 * Pure code, no sockets: the stub feeds it whatever the connection delivered,
 * so truncated packets simply wait for more bytes and garbage between packets
 * is skipped (GDB docs, "Overview" and "Binary Data" of the remote protocol).
 *
 *   struct gdb_rx rx;
 *   gdb_rx_init(&rx);
 *   for (each byte b) if (gdb_rx_feed(&rx, b) == GDB_RX_PACKET) handle(rx.data, rx.len);
 */
#ifndef TERN_GDBSTUB_GDB_PACKET_H
#define TERN_GDBSTUB_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet we accept (decoded payload bytes); advertised as PacketSize. */
#define GDB_PACKET_MAX 0x4000

enum gdb_rx_event {
    GDB_RX_NONE,      /* byte consumed; nothing complete yet (or garbage skipped) */
    GDB_RX_PACKET,    /* a packet with a good checksum is in data[0..len), NUL-terminated */
    GDB_RX_BAD,       /* a packet with a bad or malformed checksum: answer '-' */
    GDB_RX_OVERLONG,  /* a well-formed packet longer than GDB_PACKET_MAX: dropped */
    GDB_RX_INTERRUPT, /* 0x03 outside a packet (Ctrl-C) */
    GDB_RX_ACK,       /* '+' */
    GDB_RX_NAK,       /* '-': resend the last reply */
};

struct gdb_rx {
    int state;
    uint8_t sum;      /* running checksum of the raw packet bytes */
    uint8_t checksum; /* the checksum the sender gave */
    bool overflow;
    size_t raw_len;
    uint8_t raw[GDB_PACKET_MAX];
    size_t len; /* decoded payload length */
    uint8_t data[GDB_PACKET_MAX + 1];
};

/* Resets the receiver to wait for a packet. */
void gdb_rx_init(struct gdb_rx *rx);

/* Feeds one received byte; returns what it completed. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

/* Frames payload as "$payload#cs", escaping '$', '#', '}' and '*'; returns the
 * framed length, or 0 when out (cap bytes) is too small. */
size_t gdb_frame(const uint8_t *payload, size_t len, char *out, size_t cap);

/* The value of one hex digit, or -1. */
int gdb_hex_digit(int c);

/* Parses hex digits at *p (at least one, at most 16; gdb may send a 32-bit
 * address sign-extended to 64 bits) into *value (the low 32 bits), advancing
 * *p; false when there is no digit or too many. */
bool gdb_parse_hex(const char **p, uint32_t *value);

/* Writes n bytes as 2n lowercase hex digits (no NUL); returns out + 2n. */
char *gdb_put_hex(char *out, const uint8_t *bytes, size_t n);

/* Decodes 2n hex digits at hex into bytes; false on a non-hex digit. */
bool gdb_get_hex(const char *hex, uint8_t *bytes, size_t n);

#endif
