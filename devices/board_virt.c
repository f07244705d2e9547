/* devices/board_virt.c — the virt board: memory map, devices, kernel loading,
 * the CPU state at hand-over, and the service hook that runs devices and
 * idles the host; see board_virt.h.
 *
 * Hand-over state (what a boot ROM leaves): pc = ELF entry (kseg0 or kseg1),
 * kernel mode, ERL = EXL = 0, BEV = 1 (exceptions go to the ROM vectors
 * 0xbfc00200/0xbfc00380 until the program sets EBase and clears BEV), CU1 = 1
 * with FR = 0 so FPU code runs without a setup step, interrupts disabled, and
 * the UHI registers: $a0 = -2, $a1 = the DTB's KSEG0 address, $a2 = $a3 = 0
 * (Linux needs them; a bare-metal program ignores them).
 *
 * The ROM reads as erased flash (0xff bytes) unless the ELF puts a segment
 * there: 0xffffffff is a reserved instruction, so a guest that faults with no
 * handler of its own loops on RI at the vector, which the exec loop reports as
 * a fault loop instead of sliding through a ROM of NOPs.
 */
#include "devices/board_virt.h"

#include "core/clock.h"
#include "core/jit.h"
#include "core/log.h"
#include "devices/board_map.h"
#include "devices/keymap.h"
#include "devices/screendump.h"
#include "devices/virtio_rng.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KSEG0 0x80000000u
#define KSEG2 0xc0000000u
#define TICK_NS 10000000L      /* host tick while the guest runs: 10 ms */
#define IDLE_MAX_NS 10000000LL /* longest sleep in WAIT before re-polling devices */
#define IM_MASK (0xffu << ST_IM_SHIFT)
#define FRAME_NS 16666666LL    /* the SDL window repaints at most 60 times a second */
#define GPU_DEFAULT_WIDTH 1024
#define GPU_DEFAULT_HEIGHT 768

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* kseg0/kseg1 segments land at vaddr & 0x1fffffff. A kuseg segment lands at
 * physical = vaddr, the identity a CPU with ERL set would use: linkers put
 * read-only metadata (.MIPS.abiflags, .reginfo) in a kuseg PT_LOAD when only
 * -Ttext is given, and QEMU's MIPS loader accepts that too. kseg2/kseg3 need
 * a TLB the loader cannot set up. */
static uint8_t *board_place(void *opaque, uint32_t vaddr, uint32_t size)
{
    struct board_virt *b = opaque;
    if ((uint64_t)vaddr + size > KSEG2) return NULL;
    if (vaddr < KSEG0)
        return (uint64_t)vaddr + size <= KSEG0 ? bus_host_ptr(&b->bus, vaddr, size) : NULL;
    return bus_host_ptr(&b->bus, vaddr & 0x1fffffffu, size);
}

static int board_memory(struct board_virt *b, unsigned ram_mb, char *err, size_t errlen)
{
    if (ram_mb == 0 || ram_mb > BOARD_RAM_MAX_LOW_MB) {
        snprintf(err, errlen, "-m %u: the virt board takes 1 to %u MiB of RAM", ram_mb,
                 BOARD_RAM_MAX_LOW_MB);
        return -1;
    }
    b->ram_size = ram_mb << 20;
    b->ram = calloc(1, b->ram_size); /* large calloc is mmap: pages stay lazy */
    b->rom = malloc(BOARD_ROM_SIZE);
    if (!b->ram || !b->rom) {
        snprintf(err, errlen, "cannot allocate %u MiB of guest RAM", ram_mb);
        return -1;
    }
    memset(b->rom, 0xff, BOARD_ROM_SIZE);
    bus_add_ram(&b->bus, BOARD_RAM_BASE, b->ram_size, b->ram);
    bus_add_rom(&b->bus, BOARD_ROM_BASE, BOARD_ROM_SIZE, b->rom);
    _Static_assert(BOARD_FB_WIDTH * BOARD_FB_HEIGHT * 4 <= BOARD_FB_MAX, "fb fits its window");
    if (simplefb_init(&b->fb, BOARD_FB_WIDTH, BOARD_FB_HEIGHT, false) != 0) {
        snprintf(err, errlen, "cannot allocate the framebuffer");
        return -1;
    }
    bus_add_ram(&b->bus, BOARD_FB_BASE, b->fb.size, b->fb.mem);
    return 0;
}

/* The virtio-mmio slots (board_map.h): blk when -drive gave an image, gpu
 * and rng unless turned off; the others stay empty (DeviceID 0). */
static int board_virtio(struct board_virt *b, char *err, size_t errlen)
{
    const struct virtio_dev_ops *ops[BOARD_VIRTIO_COUNT] = {0};
    void *dev[BOARD_VIRTIO_COUNT] = {0};
    if (b->opt.disk_path) {
        if (virtio_blk_open(b->opt.disk_path, &b->blk, err, errlen) != 0) return -1;
        ops[BOARD_VIRTIO_SLOT_BLK] = virtio_blk_ops(b->blk);
        dev[BOARD_VIRTIO_SLOT_BLK] = b->blk;
    }
    if (!b->opt.no_gpu) {
        uint32_t w = b->opt.gpu_width ? b->opt.gpu_width : GPU_DEFAULT_WIDTH;
        uint32_t h = b->opt.gpu_height ? b->opt.gpu_height : GPU_DEFAULT_HEIGHT;
        if (!(b->gpu = virtio_gpu_new(w, h))) return snprintf(err, errlen, "out of memory"), -1;
        ops[BOARD_VIRTIO_SLOT_GPU] = &virtio_gpu_ops;
        dev[BOARD_VIRTIO_SLOT_GPU] = b->gpu;
    }
    if (!b->opt.no_rng) ops[BOARD_VIRTIO_SLOT_RNG] = &virtio_rng_ops;
    if (!b->opt.no_input) {
        if (!(b->input = virtio_input_new())) return snprintf(err, errlen, "out of memory"), -1;
        ops[BOARD_VIRTIO_SLOT_INPUT] = &virtio_input_ops;
        dev[BOARD_VIRTIO_SLOT_INPUT] = b->input;
    }
    for (unsigned i = 0; i < BOARD_VIRTIO_COUNT; i++) {
        b->virtio[i] = virtio_mmio_new(&b->cpu, intc_line(&b->intc, BOARD_IRQ_VIRTIO(i), i),
                                       ops[i], dev[i]);
        if (!b->virtio[i]) return snprintf(err, errlen, "out of memory"), -1;
        device_map(&b->bus, BOARD_VIRTIO_BASE + i * BOARD_VIRTIO_STRIDE, BOARD_VIRTIO_SIZE,
                   virtio_mmio_device(b->virtio[i]));
    }
    if (b->input) virtio_input_attach(b->input, b->virtio[BOARD_VIRTIO_SLOT_INPUT]);
    return 0;
}

static int board_devices(struct board_virt *b, char *err, size_t errlen)
{
    intc_init(&b->intc, &b->cpu);
    b->uart = uart16550_new(b->opt.uart_fd, intc_line(&b->intc, BOARD_IRQ_UART, 0));
    if (!b->uart) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    goldfish_rtc_init(&b->rtc, intc_line(&b->intc, BOARD_IRQ_RTC, 0));
    syscon_init(&b->syscon, &b->cpu.exit_request);
    poweroff_init(&b->poweroff, &b->cpu.exit_request);
    b->console.in_fd = -1;
    device_map(&b->bus, BOARD_UART_BASE, BOARD_UART_SIZE, uart16550_device(b->uart));
    device_map(&b->bus, BOARD_EXIT_BASE, BOARD_EXIT_SIZE, poweroff_device(&b->poweroff));
    device_map(&b->bus, BOARD_RTC_BASE, BOARD_RTC_SIZE, goldfish_rtc_device(&b->rtc));
    device_map(&b->bus, BOARD_SYSCON_BASE, BOARD_SYSCON_SIZE, syscon_device(&b->syscon));
    return board_virtio(b, err, errlen);
}

static int board_load_kernel(struct board_virt *b, const char *path, char *err, size_t errlen)
{
    uint8_t *image;
    size_t size;
    char why[200];
    if (boot_read_file(path, &image, &size, err, errlen) != 0) return -1;
    uint32_t entry, end;
    int unpacked = b->opt.guest_decompress ? 0
                                           : boot_unpack_kernel(&b->bus, b->ram_size, image, size,
                                                                &entry, &end, err, errlen);
    if (unpacked != 0) {
        free(image);
        if (unpacked < 0) return -1;
        b->kernel =
            (struct elf_info){.entry = entry, .low = KSEG0 | BOOT_UNPACK_ADDR, .high = KSEG0 | end};
        return 0;
    }
    struct elf_sink sink = {board_place, b};
    int rc = elf_load(image, size, &sink, &b->kernel, why, sizeof why);
    free(image);
    if (rc != 0) {
        snprintf(err, errlen, "'%s' %s", path, why);
        return -1;
    }
    if (b->kernel.entry < KSEG0 || b->kernel.entry >= KSEG2 || (b->kernel.entry & 3)) {
        snprintf(err, errlen,
                 "'%s' has entry point 0x%08x; a bare-metal program must start in kseg0/kseg1 "
                 "(0x80000000-0xbfffffff)",
                 path, b->kernel.entry);
        return -1;
    }
    return 0;
}

/* The initrd below the DTB at the top of RAM, then the DTB that names it. */
static int board_load_images(struct board_virt *b, char *err, size_t errlen)
{
    uint32_t kernel_end = b->kernel.high >= KSEG0 ? b->kernel.high & 0x1fffffffu : 0;
    if (boot_place_initrd(&b->bus, b->ram_size, kernel_end, b->opt.initrd_path, BOARD_FDT_MAX,
                          &b->layout, err, errlen) != 0)
        return -1;
    struct board_fdt_params p = {b->ram_size,           b->opt.append,
                                 b->layout.initrd_start, b->layout.initrd_end,
                                 b->fb.width,            b->fb.height};
    b->dtb_size = board_fdt_build(&p, b->dtb, sizeof b->dtb);
    if (b->dtb_size < 0) {
        snprintf(err, errlen, "the device tree does not fit in %d bytes (command line too long?)",
                 BOARD_FDT_MAX);
        return -1;
    }
    return boot_place_dtb(&b->bus, b->ram_size, b->dtb, (uint32_t)b->dtb_size, &b->layout, err,
                          errlen);
}

/* The CPU as the boot ROM leaves it (see the top of this file). */
static void board_cpu_handover(struct board_virt *b)
{
    cpu_reset(&b->cpu, &b->bus, b->kernel.big_endian);
    if (!b->opt.icount) clock_use_host_time(&b->cpu, BOARD_COUNT_HZ);
    boot_enter_uhi(&b->cpu, b->kernel.entry, &b->layout);
    b->cpu.cp0[CP0_STATUS][0] = ST_BEV | ST_CU1;
}

/* Loads everything into RAM and sets the CPU at the entry: at start and on
 * every guest reboot. */
static int board_boot(struct board_virt *b, char *err, size_t errlen)
{
    if (board_load_kernel(b, b->opt.kernel_path, err, errlen) != 0 ||
        board_load_images(b, err, errlen) != 0)
        return -1;
    b->fb.big_endian = b->kernel.big_endian;
    board_cpu_handover(b);
    return 0;
}

static int monitor_screendump(void *opaque, const char *path, char *err, size_t errlen)
{
    return board_virt_screendump(opaque, path, err, errlen);
}

static bool monitor_key(void *opaque, unsigned code, bool down)
{
    struct board_virt *b = opaque;
    return b->input && virtio_input_key(b->input, code, down);
}

/* As QEMU's system_reset: the reset a guest asks for, so -no-reboot turns
 * it into a halt there too. */
static void monitor_reset(void *opaque)
{
    struct board_virt *b = opaque;
    b->syscon.request = SYSCON_REBOOT;
    b->cpu.exit_request = 1;
}

/* QEMU presses an ACPI power button; this board's button is the keyboard's
 * KEY_POWER, and the guest decides what it means (busybox ignores it). */
static void monitor_powerdown(void *opaque)
{
    monitor_key(opaque, KEY_POWER, true);
    monitor_key(opaque, KEY_POWER, false);
}

static void monitor_quit(void *opaque)
{
    struct board_virt *b = opaque;
    b->console.quit = true;
    b->cpu.exit_request = 1;
}

static const struct monitor_ops board_monitor_ops = {monitor_screendump, monitor_key,
                                                     monitor_reset, monitor_powerdown,
                                                     monitor_quit};

int board_virt_create(const struct board_options *opt, struct board_virt **out, char *err,
                      size_t errlen)
{
    struct board_virt *b = calloc(1, sizeof(*b));
    *out = NULL;
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    b->opt = *opt;
    b->console.in_fd = -1;
    monitor_init(&b->monitor, &b->cpu, &board_monitor_ops, b);
    if (!opt->kernel_path) {
        snprintf(err, errlen, "no -kernel given");
    } else if (board_memory(b, opt->ram_mb ? opt->ram_mb : BOARD_RAM_DEFAULT_MB, err, errlen) ==
                   0 &&
               board_devices(b, err, errlen) == 0 && board_boot(b, err, errlen) == 0) {
        *out = b;
        return 0;
    }
    board_virt_free(b);
    return -1;
}

/* Raises exit_request every TICK_NS so the loop serves the console and RTC
 * while the guest computes (the JIT only looks at exit_request). */
static void *board_ticker(void *opaque)
{
    struct board_virt *b = opaque;
    struct timespec ts = {0, TICK_NS};
    while (!atomic_load(&b->ticker_stop)) {
        nanosleep(&ts, NULL);
        b->cpu.exit_request = 1;
    }
    return NULL;
}

int board_virt_start(struct board_virt *b, char *err, size_t errlen)
{
    b->start_ns = now_ns();
    if (b->opt.display_sdl && !b->sdl && !(b->sdl = display_sdl_open("tern", err, errlen)))
        return -1;
    if (console_open(&b->console, b->opt.console_fd, b->opt.uart_fd) != 0) {
        snprintf(err, errlen, "cannot set the terminal to raw mode: %s", strerror(errno));
        return -1;
    }
    if (!b->opt.no_monitor) console_attach_monitor(&b->console, &b->monitor);
    atomic_store(&b->ticker_stop, false);
    b->ticker_running = pthread_create(&b->ticker, NULL, board_ticker, b) == 0;
    if (!b->ticker_running) {
        snprintf(err, errlen, "cannot start the board's timer thread");
        return -1;
    }
    return 0;
}

void board_virt_free(struct board_virt *board)
{
    if (!board) return;
    if (board->ticker_running) {
        atomic_store(&board->ticker_stop, true);
        pthread_join(board->ticker, NULL);
    }
    console_close(&board->console);
    display_sdl_free(board->sdl);
    for (unsigned i = 0; i < BOARD_VIRTIO_COUNT; i++) virtio_mmio_free(board->virtio[i]);
    virtio_blk_free(board->blk);
    virtio_gpu_free(board->gpu);
    virtio_input_free(board->input);
    simplefb_free(&board->fb);
    uart16550_free(board->uart);
    free(board->ram);
    free(board->rom);
    free(board);
}

/* The board stops with this status (tern-system exits with it). */
static bool board_halt(struct board_virt *b, uint32_t status)
{
    b->poweroff.requested = true;
    b->poweroff.status = status;
    return true;
}

/* The host-side links a CPU reset must keep: the engine serving the CPU and
 * its code tracking, and a debugger's watchpoints. */
struct cpu_links {
    void *jit;
    const uint8_t *code_pages;
    void (*code_write)(struct cpu *, uint32_t);
    void (*code_sync)(struct cpu *, uint32_t);
    const struct mem_watch *watch;
};

/* A guest reboot: RAM cleared, devices reset, everything loaded again. The
 * translations of the old RAM are dropped: the loader writes behind the
 * engine's back. */
static bool board_reboot(struct board_virt *b)
{
    char err[256];
    struct cpu *c = &b->cpu;
    struct cpu_links keep = {c->jit, c->code_pages, c->code_write, c->code_sync, c->watch};
    if (keep.jit) jit_invalidate_all(keep.jit);
    b->reboots++;
    memset(b->ram, 0, b->ram_size);
    device_reset(uart16550_device(b->uart));
    device_reset(goldfish_rtc_device(&b->rtc));
    device_reset(syscon_device(&b->syscon));
    for (unsigned i = 0; i < BOARD_VIRTIO_COUNT; i++)
        device_reset(virtio_mmio_device(b->virtio[i]));
    memset(b->fb.mem, 0, b->fb.size);
    intc_init(&b->intc, &b->cpu);
    /* The files loaded at start may have gone: then halt rather than run on. */
    int rc = board_boot(b, err, sizeof err);
    c->jit = keep.jit;
    c->code_pages = keep.code_pages;
    c->code_write = keep.code_write;
    c->code_sync = keep.code_sync;
    c->watch = keep.watch;
    return rc != 0 ? board_halt(b, 1) : false;
}

static bool interrupt_ready(const struct cpu *cpu)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    return (cpu->cp0[CP0_CAUSE][0] & status & IM_MASK) != 0;
}

void board_virt_surface(const struct board_virt *b, struct display_surface *s)
{
    if (!b->gpu || !virtio_gpu_surface(b->gpu, s)) simplefb_surface(&b->fb, s);
}

int board_virt_screendump(const struct board_virt *b, const char *path, char *err,
                          size_t errlen)
{
    struct display_surface s;
    board_virt_surface(b, &s);
    return screendump_png(&s, path, err, errlen);
}

/* The window (repainted at most every FRAME_NS; the simple-framebuffer has
 * no flush, so it is redrawn each frame), typed keys to the UART, and the
 * timed screendump. */
static void display_poll(struct board_virt *b)
{
    if (!b->sdl && (!b->opt.screendump_after_path || b->screendump_after_done)) return;
    int64_t now = now_ns();
    if (now < b->next_frame_ns) return;
    b->next_frame_ns = now + FRAME_NS;
    struct display_surface s;
    board_virt_surface(b, &s);
    if (b->sdl) {
        uint8_t keys[64];
        bool quit = false;
        display_sdl_show(b->sdl, &s, s.pixels == b->fb.mem);
        /* Keys go to the keyboard once its driver is up; text to the UART before. */
        display_sdl_set_keyboard(b->sdl, virtio_input_ready(b->input) ? monitor_key : NULL, b);
        size_t n = display_sdl_poll(b->sdl, keys, sizeof keys, &quit);
        for (size_t i = 0; i < n; i++) uart16550_receive(b->uart, keys[i]);
        if (quit) b->console.quit = true;
    }
    if (b->opt.screendump_after_path && !b->screendump_after_done &&
        now - b->start_ns >= (int64_t)(b->opt.screendump_after_s * 1e9)) {
        b->screendump_after_done = true;
        screendump_png(&s, b->opt.screendump_after_path, b->screendump_error,
                       sizeof b->screendump_error);
    }
}

static void devices_poll(struct board_virt *b)
{
    display_poll(b);
    console_poll(&b->console, b->uart);
    goldfish_rtc_poll(&b->rtc);
    clock_poll(&b->cpu);
}

/* WAIT: sleeps the host until an interrupt is due. With interrupts disabled
 * or all masked nothing can wake the CPU (QEMU's 24Kf agrees: Config7.WII = 0,
 * so WAIT only wakes for an interrupt it can take): that is a halt. */
static bool board_idle(struct board_virt *b, struct cpu *cpu)
{
    uint32_t status = cpu->cp0[CP0_STATUS][0];
    if ((status & (ST_IE | ST_EXL | ST_ERL)) != ST_IE || !(status & IM_MASK))
        return board_halt(b, 0);
    while (!interrupt_ready(cpu) && !b->console.quit && !cpu->exit_request &&
           !b->monitor.stopped) {
        int64_t ns = clock_idle(cpu);
        if (clock_poll(cpu) && interrupt_ready(cpu)) break;
        if (ns <= 0 || ns > IDLE_MAX_NS) ns = IDLE_MAX_NS;
        struct pollfd pfd = {console_wait_fd(&b->console), POLLIN, 0};
        struct timespec ts = {ns / 1000000000, ns % 1000000000};
        ppoll(&pfd, pfd.fd >= 0 ? 1 : 0, &ts, NULL);
        devices_poll(b);
    }
    return b->console.quit ? board_halt(b, 0) : false;
}

/* The monitor's stop: the guest stays between blocks while the console,
 * the window and the monitor go on, until cont or quit. Count stands still
 * meanwhile, as QEMU stops its virtual clock: in instruction-count time no
 * instruction retires, and host time resumes from the same Count. */
static void board_paused(struct board_virt *b)
{
    if (!b->monitor.stopped) return;
    uint32_t hz = b->cpu.count_hz;
    clock_use_host_time(&b->cpu, 0);
    while (b->monitor.stopped && !b->console.quit) {
        struct pollfd pfd = {console_wait_fd(&b->console), POLLIN, 0};
        struct timespec ts = {0, IDLE_MAX_NS};
        ppoll(&pfd, pfd.fd >= 0 ? 1 : 0, &ts, NULL);
        devices_poll(b);
    }
    clock_use_host_time(&b->cpu, hz);
}

bool board_virt_service(void *opaque, struct cpu *cpu)
{
    struct board_virt *b = opaque;
    devices_poll(b);
    board_paused(b);
    if (b->poweroff.requested) return true;
    if (b->console.quit) return board_halt(b, 0);
    if (b->syscon.request == SYSCON_POWEROFF) return board_halt(b, 0);
    if (b->syscon.request == SYSCON_REBOOT)
        return b->opt.no_reboot ? board_halt(b, 0) : board_reboot(b);
    return cpu->waiting ? board_idle(b, cpu) : false;
}
