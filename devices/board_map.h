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

/* virtio-mmio transports (version 2), BOARD_VIRTIO_COUNT slots one
 * BOARD_VIRTIO_STRIDE apart; slot i interrupts on BOARD_IRQ_VIRTIO(i).
 * Slot 0 virtio-blk (-drive), 1 virtio-gpu, 2 virtio-rng, 3 virtio-input
 * (keyboard); an empty slot reads DeviceID 0 and Linux skips it. */
#define BOARD_VIRTIO_BASE 0x1f010000
#define BOARD_VIRTIO_SIZE 0x200
#define BOARD_VIRTIO_STRIDE 0x1000
#define BOARD_VIRTIO_COUNT 4
#define BOARD_VIRTIO_SLOT_BLK 0
#define BOARD_VIRTIO_SLOT_GPU 1
#define BOARD_VIRTIO_SLOT_RNG 2
#define BOARD_VIRTIO_SLOT_INPUT 3

/* simple-framebuffer for bare-metal guests: 32-bit pixels 0x00RRGGBB in the
 * guest's byte order ("x8r8g8b8"), BOARD_FB_WIDTH x BOARD_FB_HEIGHT, stride
 * BOARD_FB_WIDTH * 4, plain RAM at BOARD_FB_BASE (kseg1 0xbc000000). */
#define BOARD_FB_BASE 0x1c000000
#define BOARD_FB_MAX 0x00400000
#define BOARD_FB_WIDTH 640
#define BOARD_FB_HEIGHT 480

/* CPU interrupt lines (Cause.IP bit numbers): one per device, the kernel has
 * no 8250 IRQ sharing; 7 is the CP0 timer's (IntCtl.IPTI). */
#define BOARD_IRQ_UART 2
#define BOARD_IRQ_RTC 3
#define BOARD_IRQ_VIRTIO(slot) (4 + (slot) % 3) /* 4..6; virtio-mmio lines may be shared */
#define BOARD_IRQ_TIMER 7

#define BOARD_CPU_HZ 200000000         /* DT cpu clock; Count runs at half of it */

#define BOARD_ROM_BASE 0x1fc00000      /* boot ROM at the reset vector (kseg1 0xbfc00000) */
#define BOARD_ROM_SIZE 0x00400000

#define BOARD_KSEG1(paddr) (0xa0000000 + (paddr))

#endif
