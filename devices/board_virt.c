/* devices/board_virt.c — the virt board: memory map, devices, kernel loading
 * and the CPU state at hand-over; see board_virt.h.
 *
 * Hand-over state (what a boot ROM leaves, chosen to match the guest runtime):
 * pc = ELF entry (kseg0 or kseg1), kernel mode, Status.ERL = 0 and EXL = 0,
 * BEV = 1 (exceptions go to the ROM vectors 0xbfc00200/0xbfc00380 until the
 * program sets EBase and clears BEV), CU1 = 1 with FR = 0 so FPU code runs
 * without a setup step, interrupts disabled (IE = 0), all GPRs zero.
 *
 * The ROM reads as erased flash (0xff bytes) unless the ELF puts a segment
 * there: 0xffffffff is a reserved instruction, so a guest that faults with no
 * handler of its own loops on RI at the vector, which the exec loop reports as
 * a fault loop instead of sliding through a ROM of NOPs.
 */
#include "devices/board_virt.h"

#include "devices/board_map.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KSEG0 0x80000000u
#define KSEG2 0xc0000000u

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

static void board_set_irq(void *opaque, unsigned n, bool level)
{
    struct board_virt *b = opaque;
    uint32_t bit = 1u << (CAUSE_IP_SHIFT + n);
    uint32_t *cause = &b->cpu.cp0[CP0_CAUSE][0];
    *cause = level ? (*cause | bit) : (*cause & ~bit);
    b->cpu.exit_request = 1;
}

/* Why path cannot be loaded as a file: open's errno, or EISDIR / EINVAL for
 * a directory or a device; 0 when it is a regular file. */
static int file_problem(int fd)
{
    struct stat st;
    if (fd < 0) return errno;
    if (fstat(fd, &st) != 0) return errno;
    if (S_ISDIR(st.st_mode)) return EISDIR;
    return S_ISREG(st.st_mode) ? 0 : EINVAL;
}

static int read_all(int fd, uint8_t **data, size_t *size)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    size_t got = 0;
    while (*data && got < *size) {
        ssize_t n = read(fd, *data + got, *size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (*data && got == *size) return 0;
    free(*data);
    return -1;
}

static int read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    int problem = file_problem(fd);
    int rc = problem ? -1 : read_all(fd, data, size);
    if (problem)
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(problem));
    else if (rc)
        snprintf(err, errlen, "cannot read '%s'", path);
    if (fd >= 0) close(fd);
    return rc;
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
    return 0;
}

static int board_devices(struct board_virt *b, int uart_fd, char *err, size_t errlen)
{
    b->uart = uart16550_new(uart_fd, (struct irq_line){board_set_irq, b, BOARD_UART_IRQ});
    if (!b->uart) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    poweroff_init(&b->poweroff, &b->cpu.exit_request);
    device_map(&b->bus, BOARD_UART_BASE, BOARD_UART_SIZE, uart16550_device(b->uart));
    device_map(&b->bus, BOARD_EXIT_BASE, BOARD_EXIT_SIZE, poweroff_device(&b->poweroff));
    return 0;
}

static int board_load_kernel(struct board_virt *b, const char *path, char *err, size_t errlen)
{
    uint8_t *image;
    size_t size;
    char why[200];
    if (read_file(path, &image, &size, err, errlen) != 0) return -1;
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

/* The CPU as the boot ROM leaves it (see the top of this file). */
static void board_cpu_handover(struct board_virt *b)
{
    cpu_reset(&b->cpu, &b->bus, b->kernel.big_endian);
    b->cpu.cp0[CP0_STATUS][0] = ST_BEV | ST_CU1;
    b->cpu.pc = b->kernel.entry;
}

int board_virt_create(const struct board_options *opt, struct board_virt **out, char *err,
                      size_t errlen)
{
    struct board_virt *b = calloc(1, sizeof(*b));
    *out = NULL;
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (!opt->kernel_path) {
        snprintf(err, errlen, "no -kernel given");
    } else if (board_memory(b, opt->ram_mb ? opt->ram_mb : BOARD_RAM_DEFAULT_MB, err, errlen) ==
                   0 &&
               board_devices(b, opt->uart_fd, err, errlen) == 0 &&
               board_load_kernel(b, opt->kernel_path, err, errlen) == 0) {
        board_cpu_handover(b);
        *out = b;
        return 0;
    }
    board_virt_free(b);
    return -1;
}

void board_virt_free(struct board_virt *board)
{
    if (!board) return;
    uart16550_free(board->uart);
    free(board->ram);
    free(board->rom);
    free(board);
}

bool board_virt_service(void *opaque, struct cpu *cpu)
{
    struct board_virt *b = opaque;
    (void)cpu;
    return b->poweroff.requested;
}
