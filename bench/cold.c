/* bench/cold.c — the cold-code benchmark's driver: cold_run (generated at build
 * time by gen_cold.c, millions of instructions each executed once) from a fixed
 * seed, and its checksum. The work does not scale with BENCH_SCALE: the body's
 * length (TERN_BENCH_COLD_INSNS) sets it. */
#include "bench.h"

uint32_t cold_run(uint32_t seed);

int main(void)
{
    return bench_report("cold", cold_run(0x2545f491u));
}
