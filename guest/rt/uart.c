/* guest/rt/uart.c — console output and power-off on tern's virt board
 * (devices/board_map.h): the ns16550a THR, polled on LSR.THRE, and the
 * power-off register, both reached through kseg1 (uncached, no TLB). */
#include "devices/board_map.h"
#include "rt.h"

#define UART ((volatile uint8_t *)BOARD_KSEG1(BOARD_UART_BASE))
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20
#define POWEROFF ((volatile uint32_t *)BOARD_KSEG1(BOARD_EXIT_BASE))

void rt_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (!(UART[UART_LSR] & LSR_THRE))
            ;
        UART[UART_THR] = (uint8_t)buf[i];
    }
}

void rt_exit(int status)
{
    *POWEROFF = (uint32_t)status;
    for (;;) /* the store above stops tern; real hardware would wait here */
        ;
}
