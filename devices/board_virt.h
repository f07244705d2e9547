/* devices/board_virt.h — tern's `virt` board: RAM from physical 0, a boot ROM
 * at the reset vector, an ns16550a UART and the power-off device, on one bus
 * with one CPU (map in devices/board_map.h). It loads a bare-metal `-kernel`
 * ELF and hands over to it as a boot ROM would. The TLB-backed Linux boot,
 * timer, framebuffer, virtio and device tree grow here later.
 *
 *   struct board_options opt = {.kernel_path = "prog.elf", .ram_mb = 64, .uart_fd = 1};
 *   struct board_virt *b;
 *   if (board_virt_create(&opt, &b, err, sizeof err) != 0) ...;
 *   exec_run(&b->cpu, &(struct exec_config){.system_mode = true,
 *            .hooks = {board_virt_service, b}}, &res);
 *   if (b->poweroff.requested) status = b->poweroff.status;
 */
#ifndef TERN_DEVICES_BOARD_VIRT_H
#define TERN_DEVICES_BOARD_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cpu.h"
#include "core/elf.h"
#include "devices/poweroff.h"
#include "devices/uart16550.h"
#include "softmmu/bus.h"

/* The CPU interrupt input the UART drives: hardware interrupt 0 = Cause.IP2. */
#define BOARD_UART_IRQ 2

struct board_options {
    const char *kernel_path; /* bare-metal MIPS32 ELF; required */
    unsigned ram_mb;         /* 0 = BOARD_RAM_DEFAULT_MB */
    int uart_fd;             /* where UART output goes (-1 discards) */
};

struct board_virt {
    struct cpu cpu;
    struct bus bus;
    uint8_t *ram;
    uint32_t ram_size;
    uint8_t *rom;
    struct uart16550 *uart;
    struct poweroff poweroff;
    struct elf_info kernel;
};

/* Builds the board, loads the kernel and sets the CPU at its entry. Returns 0;
 * or -1 with a one-line message in err ("cannot open 'x': No such file or
 * directory", "'x' is not an ELF file (bad magic)", a bad -m value). */
int board_virt_create(const struct board_options *opt, struct board_virt **out, char *err,
                      size_t errlen);

/* Frees the board; NULL is allowed. */
void board_virt_free(struct board_virt *board);

/* The exec loop's service hook (opaque = the board): true when the guest has
 * asked to power off. */
bool board_virt_service(void *opaque, struct cpu *cpu);

#endif
