/* tests/unit/harness.h — a tiny machine for unit tests of the engines: RAM at
 * physical 0, code placed at kseg0 HARNESS_CODE, data at HARNESS_DATA.
 *
 *   struct harness *h = harness_new(false);             // little-endian
 *   const uint32_t code[] = {0x24020005};              // addiu v0, zero, 5
 *   ck_assert(harness_run(h, code, 1));                 // true: no exception
 *   ck_assert_uint_eq(h->cpu.gpr[2], 5);
 *   harness_free(h);
 *
 * The CPU starts in kernel mode with ERL clear, BEV set, CU1 set (FR=0).
 */
#ifndef TERN_TESTS_HARNESS_H
#define TERN_TESTS_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "frontend/interp.h"
#include "softmmu/bus.h"

#define HARNESS_RAM_SIZE (1u << 20)
#define HARNESS_CODE 0x80001000u /* physical 0x1000 */
#define HARNESS_DATA 0x80080000u /* physical 0x80000 */

struct harness {
    struct cpu cpu;
    struct bus bus;
    uint8_t *ram;
};

static inline struct harness *harness_new(bool big_endian)
{
    struct harness *h = calloc(1, sizeof(*h));
    h->ram = calloc(1, HARNESS_RAM_SIZE);
    bus_add_ram(&h->bus, 0, HARNESS_RAM_SIZE, h->ram);
    cpu_reset(&h->cpu, &h->bus, big_endian);
    h->cpu.cp0[CP0_STATUS][0] = ST_BEV | ST_CU1;
    return h;
}

static inline void harness_free(struct harness *h)
{
    free(h->ram);
    free(h);
}

/* Stores a 32-bit word at a kseg0 address in the guest's byte order. */
static inline void harness_poke32(struct harness *h, uint32_t vaddr, uint32_t v)
{
    bus_write(&h->bus, vaddr & 0x1fffffffu, 4, h->cpu.big_endian, v);
}

static inline uint32_t harness_peek32(struct harness *h, uint32_t vaddr)
{
    uint32_t v = 0;
    bus_read(&h->bus, vaddr & 0x1fffffffu, 4, h->cpu.big_endian, &v);
    return v;
}

/* Places code at HARNESS_CODE and runs until pc leaves it (falls off the end or
 * branches away) or an exception is raised; true when none was raised. At most
 * 10000 steps so a test bug cannot hang. */
static inline bool harness_run(struct harness *h, const uint32_t *code, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, code[i]);
    h->cpu.pc = HARNESS_CODE;
    h->cpu.in_delay = false;
    h->cpu.exc.code = EXC_NONE;
    for (int steps = 0; steps < 10000; steps++) {
        if (!h->cpu.in_delay && (h->cpu.pc < HARNESS_CODE || h->cpu.pc >= HARNESS_CODE + 4 * count))
            return true;
        if (!interp_step(&h->cpu))
            return false;
    }
    return false;
}

#endif
