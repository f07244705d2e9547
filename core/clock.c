/* core/clock.c — the CP0 Count/Compare timer; see clock.h. */
#include "core/clock.h"

#include "core/cpu.h"

#define INTCTL_IPTI_SHIFT 29

void clock_update(struct cpu *cpu)
{
    uint32_t k = cpu->cp0[CP0_COMPARE][0] - cpu_count(cpu);
    uint64_t ticks = k ? k : (1ull << 32);
    uint64_t elapsed = (cpu->icount - cpu->count_icount) / 2;
    cpu->timer_due = cpu->count_icount + 2 * (elapsed + ticks);
}

bool clock_check(struct cpu *cpu)
{
    if (cpu->icount < cpu->timer_due)
        return false;
    uint32_t ipti = cpu->cp0[CP0_STATUS][1] >> INTCTL_IPTI_SHIFT;
    cpu->cp0[CP0_CAUSE][0] |= CAUSE_TI;
    if (ipti >= 2)
        cpu->cp0[CP0_CAUSE][0] |= 1u << (CAUSE_IP_SHIFT + ipti);
    cpu->timer_due += 2ull << 32;
    return true;
}
