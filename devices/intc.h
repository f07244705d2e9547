/* devices/intc.h — the CPU's own interrupt controller as the board sees it
 * (mti,cpu-interrupt-controller): hardware lines 2..6 are Cause.IP2..IP6,
 * level triggered. Several devices may share a line; the line is high while
 * any of them holds it. A change raises the CPU's exit_request so the run
 * loop notices within one block.
 *
 *   struct intc ic;
 *   intc_init(&ic, &cpu);
 *   struct irq_line uart_irq = intc_line(&ic, BOARD_IRQ_UART, 0);
 *   irq_set(&uart_irq, true);   // Cause.IP2 = 1
 */
#ifndef TERN_DEVICES_INTC_H
#define TERN_DEVICES_INTC_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct cpu;

#define INTC_LINES 8
#define INTC_SOURCES 32 /* devices per line */

struct intc {
    struct cpu *cpu;
    uint32_t held[INTC_LINES]; /* per line: a bit per source holding it high */
};

/* Binds the controller to cpu with every line low. */
void intc_init(struct intc *ic, struct cpu *cpu);

/* The irq line source number `source` (< INTC_SOURCES) drives on CPU line
 * `line` (2..6; 0..1 are the software interrupts, 7 the timer's). */
struct irq_line intc_line(struct intc *ic, unsigned line, unsigned source);

/* Drives source n (line | source << 3) to level; the irq_line callback. */
void intc_set(void *opaque, unsigned n, bool level);

#endif
