/* devices/uart16550.h — an ns16550a-compatible UART (registers one byte apart,
 * as on the virt board). Transmitted bytes go straight to a host fd, one
 * write() each, so guest output interleaves correctly with tern's own stderr
 * lines. Received bytes come from uart16550_receive() (the board feeds host
 * input there) into a 16-byte FIFO. The interrupt output follows IIR: it is
 * high whenever IIR reports a pending interrupt.
 *
 *   struct uart16550 *u = uart16550_new(STDOUT_FILENO, (struct irq_line){0});
 *   uart16550_ops.write(u, 0, 1, 'A');     // THR: prints "A"
 */
#ifndef TERN_DEVICES_UART16550_H
#define TERN_DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

/* Register offsets (DLAB selects the divisor latch at 0 and 1). */
enum uart_reg {
    UART_RBR_THR_DLL = 0,
    UART_IER_DLM = 1,
    UART_IIR_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define UART_LSR_DR 0x01u
#define UART_LSR_OE 0x02u
#define UART_LSR_THRE 0x20u
#define UART_LSR_TEMT 0x40u
#define UART_LCR_DLAB 0x80u
#define UART_IER_RDI 0x01u  /* received data available */
#define UART_IER_THRI 0x02u /* transmitter holding register empty */
#define UART_IIR_NONE 0x01u
#define UART_IIR_THRI 0x02u
#define UART_IIR_RDI 0x04u
#define UART_IIR_FIFO 0xc0u
#define UART_MCR_LOOP 0x10u
#define UART_FIFO_SIZE 16

struct uart16550 {
    int out_fd; /* transmitted bytes go here; -1 discards them */
    struct irq_line irq;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    bool thr_ipending; /* THR became empty and IIR has not reported it yet */
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
};

/* Allocates a UART in its reset state writing to out_fd; NULL when out of memory. */
struct uart16550 *uart16550_new(int out_fd, struct irq_line irq);

/* Frees what uart16550_new() made; NULL is allowed. */
void uart16550_free(struct uart16550 *uart);

/* Queues one received byte; false (and LSR.OE) when the FIFO is full. */
bool uart16550_receive(struct uart16550 *uart, uint8_t byte);

/* The register file, as the bus calls it. */
extern const struct mmio_ops uart16550_ops;

/* The device as the board maps it. */
struct device uart16550_device(struct uart16550 *uart);

#endif
