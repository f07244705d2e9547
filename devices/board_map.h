/* devices/board_map.h — the physical address map of tern's `virt` board.
 *
 * Plain #defines only, so guest programs (C and assembly, built with the MIPS
 * cross compiler) include this same file and can never disagree with the host.
 * Every device sits below 0x20000000 so a guest reaches it through kseg1
 * (uncached, unmapped: add 0xa0000000) without a TLB.
 */
#ifndef TERN_DEVICES_BOARD_MAP_H
#define TERN_DEVICES_BOARD_MAP_H

#define BOARD_RAM_BASE 0x00000000      /* RAM from physical 0, size from -m */
#define BOARD_RAM_DEFAULT_MB 64
#define BOARD_RAM_MAX_LOW_MB 256       /* low RAM ends below the MMIO window */

#define BOARD_UART_BASE 0x1f000000     /* ns16550a, registers 1 byte apart */
#define BOARD_UART_SIZE 0x100
#define BOARD_EXIT_BASE 0x1f001000     /* power-off: a 32-bit write of V exits tern with status V */
#define BOARD_EXIT_SIZE 0x10

#define BOARD_RTC_BASE 0x1f002000     /* google,goldfish-rtc */
#define BOARD_RTC_SIZE 0x1000
#define BOARD_SYSCON_BASE 0x1f003000  /* syscon: +0 reboot, +4 power-off */
#define BOARD_SYSCON_SIZE 0x10
#define BOARD_SYSCON_REBOOT_VALUE 0x42
#define BOARD_SYSCON_POWEROFF_VALUE 0x5555

/* CPU interrupt lines (Cause.IP bit numbers): one per device, the kernel has
 * no 8250 IRQ sharing; 7 is the CP0 timer's (IntCtl.IPTI). */
#define BOARD_IRQ_UART 2
#define BOARD_IRQ_RTC 3
#define BOARD_IRQ_TIMER 7

#define BOARD_CPU_HZ 200000000         /* DT cpu clock; Count runs at half of it */

#define BOARD_ROM_BASE 0x1fc00000      /* boot ROM at the reset vector (kseg1 0xbfc00000) */
#define BOARD_ROM_SIZE 0x00400000

#define BOARD_KSEG1(paddr) (0xa0000000 + (paddr))

#endif
