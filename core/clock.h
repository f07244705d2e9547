/* core/clock.h — the CP0 timer: Count and Compare (Vol. III 9.18-9.19). When
 * Count reaches Compare, Cause.TI and Cause.IP[IntCtl.IPTI] are raised.
 *
 * Two time bases (DESIGN.md "Time"):
 * - instruction count (the default after cpu_reset, and tern-system -icount):
 *   Count advances once every two retired instructions; runs are reproducible.
 * - host time (clock_use_host_time, tern-system's default): Count runs at a
 *   fixed guest frequency from the host's monotonic clock, so a guest that
 *   sleeps in WAIT costs no host CPU and its timekeeping matches the wall.
 *
 *   clock_use_host_time(cpu, 100000000);  // Count at 100 MHz
 *   cp0_write(cpu, CP0_COMPARE, 0, v);    // calls clock_update()
 *   ... run; the exec loop calls clock_check(cpu) between instructions ...
 *   int64_t ns = clock_idle(cpu);         // WAIT: sleep this long at most
 */
#ifndef TERN_CORE_CLOCK_H
#define TERN_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

/* Instructions between two looks at the host clock in host-time mode. */
#define CLOCK_POLL_INSNS 1024u

/* The host's monotonic time in nanoseconds. */
uint64_t clock_host_ns(void);

/* Switches Count to host time at hz ticks a second (0 = back to icount);
 * Count continues from its present value. */
void clock_use_host_time(struct cpu *cpu, uint32_t hz);

/* CP0 Count at this moment. */
uint32_t clock_count(const struct cpu *cpu);

/* MTC0 Count: Count restarts from value. */
void clock_set_count(struct cpu *cpu, uint32_t value);

/* Recomputes when Count next equals Compare (cpu->timer_due in instructions,
 * or cpu->timer_due_ns in host time); call after Count or Compare changes.
 * Compare == Count now means a full 2^32-tick turn away. */
void clock_update(struct cpu *cpu);

/* True when Count has reached Compare and the interrupt is not raised yet:
 * what Cause.TI reads as before the exec loop's next clock_check. */
bool clock_pending(const struct cpu *cpu);

/* When the deadline has passed (checked cheaply: host time is read once per
 * CLOCK_POLL_INSNS): raises the timer interrupt, schedules the next match a
 * full turn later, and returns true. */
bool clock_check(struct cpu *cpu);

/* As clock_check, reading the host clock now whatever the poll interval. */
bool clock_poll(struct cpu *cpu);

/* The guest idles (WAIT) until its next timer interrupt: in host time,
 * returns the nanoseconds until it (0 when due); with the instruction count,
 * warps Count forward to the deadline at once and returns 0. */
int64_t clock_idle(struct cpu *cpu);

#endif
