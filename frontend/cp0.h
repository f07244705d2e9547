/* frontend/cp0.h — what MFC0 reads and MTC0 writes: the per-register
 * writable-bit masks and side effects of the System Control Coprocessor
 * (MIPS32 Vol. III, chapter 9), shared by the interpreter and the JIT's helpers.
 *
 * The raw values live in cpu->cp0[reg][sel]; these functions are the
 * architectural view of them:
 *
 *   uint32_t status = cp0_read(cpu, CP0_STATUS, 0);
 *   cp0_write(cpu, CP0_COMPARE, 0, cp0_read(cpu, CP0_COUNT, 0) + 1000);  // clears Cause.TI
 *
 * Registers tern does not implement (watch, performance counters, EJTAG,
 * cache error, ...) read 0 and ignore writes, as QEMU does for a register its
 * CPU model lacks.
 */
#ifndef TERN_FRONTEND_CP0_H
#define TERN_FRONTEND_CP0_H

#include <stdint.h>

struct cpu;

/* Config3.ULRI: the UserLocal register (and RDHWR $29) is implemented. */
#define CP0_CONFIG3_ULRI (1u << 13)

/* The value MFC0 rt, (reg, sel) returns; 0 for a register that does not exist. */
uint32_t cp0_read(const struct cpu *cpu, unsigned reg, unsigned sel);

/* MTC0 rt, (reg, sel): changes only the writable bits, with the register's
 * side effects (Count restarts from value, Compare clears the timer
 * interrupt); a write to a read-only or missing register is ignored. */
void cp0_write(struct cpu *cpu, unsigned reg, unsigned sel, uint32_t value);

/* CP0 Random at this moment: a value in [Wired, TLB_ENTRIES - 1], derived from
 * the retired-instruction count exactly as TLBWR picks its entry. */
uint32_t cp0_random(const struct cpu *cpu);

#endif
