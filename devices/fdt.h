/* devices/fdt.h — the device tree of the virt board, written with libfdt at
 * start (Linux's generic MIPS kernel has none of its own: BOARD.md). It
 * describes the CPU and its clock, the CPU interrupt controller, RAM, the
 * chosen node (bootargs, stdout-path, initrd), the ns16550a UART, the
 * Goldfish RTC, the syscon with syscon-reboot and syscon-poweroff, the
 * EXIT power-off device, the virtio-mmio transports (every slot, empty or
 * not) and the simple-framebuffer.
 *
 *   struct board_fdt_params p = {.ram_size = 256 << 20, .bootargs = "console=ttyS0"};
 *   uint8_t dtb[BOARD_FDT_MAX];
 *   int size = board_fdt_build(&p, dtb, sizeof dtb);
 */
#ifndef TERN_DEVICES_FDT_H
#define TERN_DEVICES_FDT_H

#include <stddef.h>
#include <stdint.h>

#define BOARD_FDT_MAX 0x4000 /* bytes: ample for this tree and a long command line */

struct board_fdt_params {
    uint32_t ram_size;
    const char *bootargs;              /* NULL or "" = none */
    uint32_t initrd_start, initrd_end; /* physical; start == end = no initrd */
    uint32_t fb_width, fb_height;      /* the simple-framebuffer's mode; 0 = none */
};

/* Writes the DTB into buf; returns its size, or -1 when buf is too small. */
int board_fdt_build(const struct board_fdt_params *p, void *buf, size_t size);

#endif
