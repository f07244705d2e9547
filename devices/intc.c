/* devices/intc.c — CPU interrupt lines shared by level; see intc.h. */
#include "devices/intc.h"

#include "core/cpu.h"

#include <string.h>

void intc_init(struct intc *ic, struct cpu *cpu)
{
    memset(ic, 0, sizeof(*ic));
    ic->cpu = cpu;
}

struct irq_line intc_line(struct intc *ic, unsigned line, unsigned source)
{
    return (struct irq_line){intc_set, ic, (line % INTC_LINES) | (source % INTC_SOURCES) << 3};
}

void intc_set(void *opaque, unsigned n, bool level)
{
    struct intc *ic = opaque;
    unsigned line = n % INTC_LINES, source = (n >> 3) % INTC_SOURCES;
    uint32_t *held = &ic->held[line];
    *held = level ? (*held | 1u << source) : (*held & ~(1u << source));
    uint32_t bit = 1u << (CAUSE_IP_SHIFT + line);
    uint32_t *cause = &ic->cpu->cp0[CP0_CAUSE][0];
    uint32_t old = *cause;
    *cause = *held ? (old | bit) : (old & ~bit);
    if (*cause != old) ic->cpu->exit_request = 1;
}
