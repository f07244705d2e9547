/* core/clock.h — the CP0 timer: Count advances once every two retired guest
 * instructions (cpu_count), and when it reaches Compare the timer interrupt is
 * raised (Vol. III 9.18-9.19: Cause.TI and Cause.IP[IntCtl.IPTI]).
 *
 *   cp0_write(cpu, CP0_COMPARE, 0, v);   // calls clock_update()
 *   ... run ...
 *   if (cpu->icount >= cpu->timer_due) clock_fire(cpu);
 *
 * Time is the instruction count, so runs are reproducible. (A host-time clock,
 * DESIGN.md "Time", comes with the system-mode board.)
 */
#ifndef TERN_CORE_CLOCK_H
#define TERN_CORE_CLOCK_H

#include <stdbool.h>

struct cpu;

/* Recomputes cpu->timer_due, the icount at which Count next equals Compare;
 * call after Count or Compare changes. Compare == Count now means a full
 * 2^32-tick turn away, as Count only matches by reaching Compare. */
void clock_update(struct cpu *cpu);

/* When icount has reached timer_due: raises the timer interrupt, schedules the
 * next match a full turn later, and returns true. */
bool clock_check(struct cpu *cpu);

#endif
