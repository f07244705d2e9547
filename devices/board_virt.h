/* devices/board_virt.h — tern's `virt` board: RAM from physical 0, a boot ROM
 * at the reset vector, an ns16550a UART fed from the host's stdin, a Goldfish
 * RTC, a syscon for reboot and power-off, the EXIT device, virtio-mmio
 * transports (blk on -drive, gpu, rng, a keyboard: virtio-input), a
 * simple-framebuffer, the monitor on the console (Ctrl-a c), all on the CPU's
 * own interrupt lines (map in devices/board_map.h), and a device tree written
 * at start (devices/fdt.h). It loads a `-kernel` ELF — a bare-metal program
 * or Debian's MIPS Linux kernel — with an optional initrd, and enters it
 * through UHI as a boot ROM would (core/boot.h).
 *
 *   struct board_options opt = {.kernel_path = "vmlinuz", .initrd_path = "rootfs.cpio.gz",
 *                               .append = "console=ttyS0", .ram_mb = 256, .uart_fd = 1,
 *                               .console_fd = 0};
 *   struct board_virt *b;
 *   if (board_virt_create(&opt, &b, err, sizeof err) != 0) ...;
 *   exec_run(&b->cpu, &(struct exec_config){.system_mode = true,
 *            .hooks = {board_virt_service, b}}, &res);
 *   if (b->poweroff.requested) status = b->poweroff.status;
 *
 * The board halts (poweroff.requested, status 0) on: a write to the EXIT
 * device (its value is the status), a syscon power-off, a syscon reboot with
 * no_reboot, WAIT with interrupts disabled or all masked (BOARD.md: this
 * kernel's `poweroff -f` ends so), and Ctrl-a x or the monitor's quit on the
 * console. The monitor's stop holds the guest in the service hook until cont.
 */
#ifndef TERN_DEVICES_BOARD_VIRT_H
#define TERN_DEVICES_BOARD_VIRT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/boot.h"
#include "core/cpu.h"
#include "core/elf.h"
#include "devices/board_map.h"
#include "devices/console.h"
#include "devices/display_sdl.h"
#include "devices/fdt.h"
#include "devices/goldfish_rtc.h"
#include "devices/intc.h"
#include "devices/monitor.h"
#include "devices/poweroff.h"
#include "devices/syscon.h"
#include "devices/simplefb.h"
#include "devices/uart16550.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_gpu.h"
#include "devices/virtio_input.h"
#include "devices/virtio_mmio.h"
#include "softmmu/bus.h"

/* The CPU interrupt input the UART drives: hardware interrupt 0 = Cause.IP2. */
#define BOARD_UART_IRQ 2

/* Count's frequency in host-time mode: half the DT's cpu clock. */
#define BOARD_COUNT_HZ (BOARD_CPU_HZ / 2)

struct board_options {
    const char *kernel_path; /* MIPS32 ELF; required */
    const char *initrd_path; /* NULL = none */
    const char *append;      /* kernel command line (/chosen/bootargs); NULL = none */
    unsigned ram_mb;         /* 0 = BOARD_RAM_DEFAULT_MB */
    int uart_fd;             /* where UART output goes (-1 discards) */
    int console_fd;          /* where UART input comes from (-1 = none); 0 is stdin */
    bool no_reboot;          /* a guest reboot halts instead */
    bool icount;             /* Count from the instruction count, not host time */
    bool guest_decompress;   /* run vmlinuz's own decompressor instead of unpacking on the host */
    const char *disk_path;   /* raw image for virtio-blk; NULL = none */
    bool no_gpu, no_rng;     /* leave those virtio slots empty */
    bool no_input;           /* no virtio keyboard */
    bool no_monitor;         /* -monitor none: Ctrl-a c has no monitor to reach */
    uint32_t gpu_width, gpu_height; /* virtio-gpu's mode; 0 = 1024x768 */
    bool display_sdl;        /* show the display in an SDL window */
    const char *screendump_after_path; /* write a PNG of the display ... */
    double screendump_after_s;         /* ... this many seconds after start */
};

struct board_virt {
    struct cpu cpu;
    struct bus bus;
    struct board_options opt;
    uint8_t *ram;
    uint32_t ram_size;
    uint8_t *rom;
    struct intc intc;
    struct uart16550 *uart;
    struct goldfish_rtc rtc;
    struct syscon syscon;
    struct poweroff poweroff;
    struct console console;
    struct virtio_mmio *virtio[BOARD_VIRTIO_COUNT];
    struct virtio_blk *blk;
    struct virtio_gpu *gpu;
    struct virtio_input *input;
    struct monitor monitor;
    struct simplefb fb;
    struct display_sdl *sdl;
    int64_t start_ns, next_frame_ns;
    bool screendump_after_done;
    char screendump_error[300]; /* why the timed screendump failed; "" = it did not */
    struct elf_info kernel;
    struct boot_layout layout;
    uint8_t dtb[BOARD_FDT_MAX];
    int dtb_size;
    unsigned reboots;
    pthread_t ticker;
    bool ticker_running;
    atomic_bool ticker_stop;
};

/* Builds the board, loads the kernel (and initrd and DTB) and sets the CPU at
 * its entry. Returns 0; or -1 with a one-line message in err ("cannot open
 * 'x': No such file or directory", "'x' is not an ELF file (bad magic)", a
 * bad -m value, an initrd that does not fit). */
int board_virt_create(const struct board_options *opt, struct board_virt **out, char *err,
                      size_t errlen);

/* Starts reading the console and the periodic host tick that lets the run
 * loop serve devices while the guest is busy; call just before exec_run.
 * 0, or -1 with a message (the terminal cannot be set up). */
int board_virt_start(struct board_virt *board, char *err, size_t errlen);

/* Stops the tick, restores the terminal and frees the board; NULL is allowed. */
void board_virt_free(struct board_virt *board);

/* What the display shows now: virtio-gpu's scanout once the guest set one,
 * else the simple-framebuffer. */
void board_virt_surface(const struct board_virt *board, struct display_surface *s);

/* Writes a PNG of the display to path; 0, or -1 with a message. */
int board_virt_screendump(const struct board_virt *board, const char *path, char *err,
                          size_t errlen);

/* The exec loop's service hook (opaque = the board): serves the console, the
 * RTC, the timer and WAIT (sleeping the host until an interrupt is due);
 * true when the guest has halted (see the top of this file). */
bool board_virt_service(void *opaque, struct cpu *cpu);

#endif
