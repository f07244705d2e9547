/* core/clock.c — the CP0 Count/Compare timer on either time base; see clock.h.
 *
 * Count = cp0[COUNT] (its value when last written) + the ticks since then:
 * (icount - count_icount) / 2 with the instruction count, or
 * (now - count_host_ns) * count_hz / 1e9 in host time.
 */
#include "core/clock.h"

#include "core/cpu.h"

#include <time.h>

#define INTCTL_IPTI_SHIFT 29
#define NS_PER_S 1000000000ull
#define TURN (1ull << 32) /* ticks in one full turn of Count */

uint64_t clock_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Ticks of Count since it was last written. */
static uint64_t ticks_since_write(const struct cpu *cpu)
{
    if (!cpu->count_hz) return (cpu->icount - cpu->count_icount) / 2;
    uint64_t ns = clock_host_ns() - cpu->count_host_ns;
    /* ns * hz overflows after ~5 years at 100 MHz: split whole seconds. */
    return (ns / NS_PER_S) * cpu->count_hz + (ns % NS_PER_S) * cpu->count_hz / NS_PER_S;
}

uint32_t clock_count(const struct cpu *cpu)
{
    return cpu->cp0[CP0_COUNT][0] + (uint32_t)ticks_since_write(cpu);
}

void clock_set_count(struct cpu *cpu, uint32_t value)
{
    cpu->cp0[CP0_COUNT][0] = value;
    cpu->count_icount = cpu->icount;
    cpu->count_host_ns = clock_host_ns();
    clock_update(cpu);
}

void clock_use_host_time(struct cpu *cpu, uint32_t hz)
{
    uint32_t now = clock_count(cpu);
    cpu->count_hz = hz;
    clock_set_count(cpu, now);
}

/* Nanoseconds for ticks of Count, rounded up so the deadline is never early. */
static uint64_t ticks_to_ns(const struct cpu *cpu, uint64_t ticks)
{
    return (ticks / cpu->count_hz) * NS_PER_S +
           ((ticks % cpu->count_hz) * NS_PER_S + cpu->count_hz - 1) / cpu->count_hz;
}

void clock_update(struct cpu *cpu)
{
    uint32_t k = cpu->cp0[CP0_COMPARE][0] - clock_count(cpu);
    uint64_t ticks = k ? k : TURN;
    if (cpu->count_hz) {
        cpu->timer_due_ns = clock_host_ns() + ticks_to_ns(cpu, ticks);
        cpu->timer_due = cpu->icount; /* look at the host clock at the next check */
        return;
    }
    uint64_t elapsed = (cpu->icount - cpu->count_icount) / 2;
    cpu->timer_due = cpu->count_icount + 2 * (elapsed + ticks);
}

bool clock_pending(const struct cpu *cpu)
{
    if (cpu->count_hz) return clock_host_ns() >= cpu->timer_due_ns;
    return cpu->icount >= cpu->timer_due;
}

static void raise_timer(struct cpu *cpu)
{
    uint32_t ipti = cpu->cp0[CP0_STATUS][1] >> INTCTL_IPTI_SHIFT;
    cpu->cp0[CP0_CAUSE][0] |= CAUSE_TI;
    if (ipti >= 2) cpu->cp0[CP0_CAUSE][0] |= 1u << (CAUSE_IP_SHIFT + ipti);
}

bool clock_poll(struct cpu *cpu)
{
    if (!cpu->count_hz) return clock_check(cpu);
    cpu->timer_due = cpu->icount + CLOCK_POLL_INSNS;
    uint64_t now = clock_host_ns();
    if (now < cpu->timer_due_ns) return false;
    raise_timer(cpu);
    cpu->timer_due_ns += ticks_to_ns(cpu, TURN);
    return true;
}

bool clock_check(struct cpu *cpu)
{
    if (cpu->icount < cpu->timer_due) return false;
    if (cpu->count_hz) return clock_poll(cpu);
    raise_timer(cpu);
    cpu->timer_due += 2 * TURN;
    return true;
}

int64_t clock_idle(struct cpu *cpu)
{
    if (cpu->count_hz) {
        uint64_t now = clock_host_ns();
        return now >= cpu->timer_due_ns ? 0 : (int64_t)(cpu->timer_due_ns - now);
    }
    /* Warp: move Count's origin back so the deadline is now, icount unchanged. */
    if (cpu->timer_due > cpu->icount) {
        uint64_t skip = cpu->timer_due - cpu->icount;
        cpu->count_icount -= skip;
        cpu->timer_due = cpu->icount;
    }
    return 0;
}
