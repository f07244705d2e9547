/* devices/uart16550.c — the ns16550a registers; see uart16550.h.
 *
 * Reset values follow QEMU's hw/char/serial.c: LSR = THRE|TEMT, MSR = DCD|DSR|
 * CTS, IIR = "no interrupt", divisor 12 (9600 baud from 1.8432 MHz). Output is
 * never busy, so THRE and TEMT stay set and a THR write at once makes the THR-
 * empty interrupt pending again (when enabled), as QEMU does with no backend
 * flow control.
 */
#include "devices/uart16550.h"

#include "core/log.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define UART_MSR_RESET 0xb0u /* DCD | DSR | CTS */

static void uart_update_irq(struct uart16550 *u);

static void uart_reset(void *opaque)
{
    struct uart16550 *u = opaque;
    u->ier = u->lcr = u->mcr = u->scr = u->fcr = 0;
    u->lsr = UART_LSR_THRE | UART_LSR_TEMT;
    u->msr = UART_MSR_RESET;
    u->divisor = 12;
    u->thr_ipending = false;
    u->rx_head = u->rx_count = 0;
    uart_update_irq(u);
}

struct uart16550 *uart16550_new(int out_fd, struct irq_line irq)
{
    struct uart16550 *u = calloc(1, sizeof(*u));
    if (!u) return NULL;
    u->out_fd = out_fd;
    u->irq = irq;
    uart_reset(u);
    return u;
}

void uart16550_free(struct uart16550 *uart)
{
    free(uart);
}

/* The highest-priority pending interrupt, as IIR bits 3..0 report it. */
static uint8_t uart_iir_id(const struct uart16550 *u)
{
    if ((u->ier & UART_IER_RDI) && (u->lsr & UART_LSR_DR)) return UART_IIR_RDI;
    if ((u->ier & UART_IER_THRI) && u->thr_ipending) return UART_IIR_THRI;
    return UART_IIR_NONE;
}

static void uart_update_irq(struct uart16550 *u)
{
    irq_set(&u->irq, uart_iir_id(u) != UART_IIR_NONE);
}

bool uart16550_receive(struct uart16550 *u, uint8_t byte)
{
    if (u->rx_count == UART_FIFO_SIZE) {
        u->lsr |= UART_LSR_OE;
        return false;
    }
    u->rx[(u->rx_head + u->rx_count++) % UART_FIFO_SIZE] = byte;
    u->lsr |= UART_LSR_DR;
    uart_update_irq(u);
    return true;
}

static uint8_t uart_pop(struct uart16550 *u)
{
    if (u->rx_count == 0) return 0;
    uint8_t byte = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    if (--u->rx_count == 0) u->lsr &= (uint8_t)~UART_LSR_DR;
    return byte;
}

/* One write() per byte: the guest's output must reach the terminal in order
 * with tern's messages even when it dies right after. EINTR is retried; any
 * other failure drops the byte, as a disconnected serial line would. */
static void uart_transmit(struct uart16550 *u, uint8_t byte)
{
    if (u->mcr & UART_MCR_LOOP) {
        uart16550_receive(u, byte);
        return;
    }
    if (u->out_fd < 0) return;
    ssize_t n;
    do
        n = write(u->out_fd, &byte, 1);
    while (n < 0 && errno == EINTR);
}

/* In loopback the modem inputs mirror MCR outputs (RTS->CTS, DTR->DSR,
 * OUT1->RI, OUT2->DCD), which is how drivers probe for a real 16550. */
static uint8_t uart_msr(const struct uart16550 *u)
{
    if (!(u->mcr & UART_MCR_LOOP)) return u->msr;
    uint8_t m = u->mcr;
    return (uint8_t)((m & 0x02u) << 3 | (m & 0x01u) << 5 | (m & 0x04u) << 4 | (m & 0x08u) << 4);
}

static uint8_t uart_read_iir(struct uart16550 *u)
{
    uint8_t id = uart_iir_id(u);
    if (id == UART_IIR_THRI) {
        u->thr_ipending = false; /* reading IIR acknowledges THR empty */
        uart_update_irq(u);
    }
    return (uint8_t)(id | ((u->fcr & 1u) ? UART_IIR_FIFO : 0));
}

static uint32_t uart_read(void *opaque, uint32_t offset, unsigned size)
{
    struct uart16550 *u = opaque;
    bool dlab = u->lcr & UART_LCR_DLAB;
    (void)size;
    switch (offset) {
    case UART_RBR_THR_DLL: {
        if (dlab) return u->divisor & 0xffu;
        uint8_t byte = uart_pop(u);
        uart_update_irq(u);
        return byte;
    }
    case UART_IER_DLM:
        return dlab ? (uint32_t)(u->divisor >> 8) : u->ier;
    case UART_IIR_FCR:
        return uart_read_iir(u);
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR: {
        uint8_t lsr = u->lsr;
        u->lsr &= (uint8_t)~UART_LSR_OE; /* overrun clears on read */
        return lsr;
    }
    case UART_MSR:
        return uart_msr(u);
    case UART_SCR:
        return u->scr;
    default:
        log_guest_error("uart16550: read of unknown register 0x%x", offset);
        return 0;
    }
}

static void uart_write_thr(struct uart16550 *u, uint8_t byte)
{
    uart_transmit(u, byte);
    u->thr_ipending = true;
    uart_update_irq(u);
}

static void uart_write_fcr(struct uart16550 *u, uint8_t value)
{
    if (value & 0x02u) {
        u->rx_head = u->rx_count = 0;
        u->lsr &= (uint8_t)~UART_LSR_DR;
    }
    u->fcr = value & 0xc9u; /* enable, DMA mode, trigger level */
    uart_update_irq(u);
}

static void uart_write_ier(struct uart16550 *u, uint8_t value)
{
    uint8_t old = u->ier;
    u->ier = value & 0x0fu;
    /* Enabling THRI while THR is empty raises it at once (16550 datasheet;
     * Linux's serial8250 probes for this). */
    if (!(old & UART_IER_THRI) && (u->ier & UART_IER_THRI)) u->thr_ipending = true;
    uart_update_irq(u);
}

static void uart_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct uart16550 *u = opaque;
    bool dlab = u->lcr & UART_LCR_DLAB;
    uint8_t byte = (uint8_t)value;
    (void)size;
    switch (offset) {
    case UART_RBR_THR_DLL:
        if (dlab)
            u->divisor = (uint16_t)((u->divisor & 0xff00u) | byte);
        else
            uart_write_thr(u, byte);
        break;
    case UART_IER_DLM:
        if (dlab)
            u->divisor = (uint16_t)((u->divisor & 0x00ffu) | byte << 8);
        else
            uart_write_ier(u, byte);
        break;
    case UART_IIR_FCR:
        uart_write_fcr(u, byte);
        break;
    case UART_LCR:
        u->lcr = byte;
        break;
    case UART_MCR:
        u->mcr = byte & 0x1fu;
        break;
    case UART_SCR:
        u->scr = byte;
        break;
    case UART_LSR:
    case UART_MSR:
        break; /* read-only on a 16550 (factory test writes are ignored) */
    default:
        log_guest_error("uart16550: write of unknown register 0x%x", offset);
        break;
    }
}

const struct mmio_ops uart16550_ops = {uart_read, uart_write};

struct device uart16550_device(struct uart16550 *uart)
{
    return (struct device){"uart16550", &uart16550_ops, uart_reset, uart};
}
