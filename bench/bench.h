/* bench/bench.h — what every tern benchmark program shares: the work knob
 * BENCH_SCALE, a deterministic random source, and the one output line the
 * runner and the bench.smoke test read ("bench NAME checksum 0x........").
 *
 * The programs are built twice by bench/CMakeLists.txt: at TERN_BENCH_SCALE
 * (default 200, about a second under the JIT) for timing, and at scale 1 for
 * bench.smoke. Work grows linearly with BENCH_SCALE.
 */
#ifndef TERN_BENCH_H
#define TERN_BENCH_H

#include "rt.h"

#ifndef BENCH_SCALE
#define BENCH_SCALE 200
#endif

/* Marsaglia's xorshift32: the same stream on every engine and byte order. */
static inline uint32_t bench_xorshift(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Prints the checksum line the runner and bench.smoke compare; returns 0 for main. */
static inline int bench_report(const char *name, uint32_t checksum)
{
    printf("bench %s checksum 0x%08x\n", name, (unsigned)checksum);
    return 0;
}

#endif
