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

#define BOARD_ROM_BASE 0x1fc00000      /* boot ROM at the reset vector (kseg1 0xbfc00000) */
#define BOARD_ROM_SIZE 0x00400000

#define BOARD_KSEG1(paddr) (0xa0000000 + (paddr))

#endif
