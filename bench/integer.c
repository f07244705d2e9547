/* bench/integer.c — integer ALU throughput: table-driven and bitwise CRC-32,
 * xorshift streams, MurmurHash3-style mixing (multiplies, rotates) and 64-bit
 * arithmetic through libgcc. Little memory traffic beyond a 4 KiB buffer. */
#include "bench.h"

#define BUF_BYTES 4096
#define ROUNDS_PER_UNIT 18

static uint32_t crc_table[256];
static uint8_t buf[BUF_BYTES];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        crc_table[i] = c;
    }
}

static uint32_t crc_by_table(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* Bit at a time, branch-free: the classic reference loop. */
static uint32_t crc_by_bits(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint32_t rotl(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

/* MurmurHash3's finaliser over a counter stream, with the block mix between. */
static uint32_t mix_stream(uint32_t h, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = i * 0xcc9e2d51u;
        k = rotl(k, 15) * 0x1b873593u;
        h = rotl(h ^ k, 13) * 5 + 0xe6546b64u;
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
    }
    return h;
}

/* 64-bit multiply, shift and divide (libgcc's __udivdi3 and __umoddi3). */
static uint32_t wide_arith(uint32_t seed, uint32_t n)
{
    uint64_t acc = seed | 1;
    uint32_t out = 0;
    for (uint32_t i = 1; i <= n; i++) {
        acc = acc * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t q = acc / (i | 0x10001u);
        out ^= (uint32_t)(q >> 7) + (uint32_t)(acc % 1000003u);
    }
    return out;
}

static void fill(uint32_t *state)
{
    for (size_t i = 0; i < BUF_BYTES; i += 4) {
        uint32_t r = bench_xorshift(state);
        buf[i] = (uint8_t)r;
        buf[i + 1] = (uint8_t)(r >> 8);
        buf[i + 2] = (uint8_t)(r >> 16);
        buf[i + 3] = (uint8_t)(r >> 24);
    }
}

int main(void)
{
    uint32_t state = 2463534242u, sum = 0;
    crc_init();
    for (uint32_t round = 0; round < ROUNDS_PER_UNIT * BENCH_SCALE; round++) {
        fill(&state);
        sum ^= crc_by_table(sum, buf, BUF_BYTES);
        sum = rotl(sum, 3) ^ crc_by_bits(sum, buf, BUF_BYTES / 8);
        sum += mix_stream(sum, 4096);
        sum ^= wide_arith(sum, 256);
    }
    return bench_report("integer", sum);
}
