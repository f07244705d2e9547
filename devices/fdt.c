/* devices/fdt.c — the virt board's device tree; see fdt.h. Bindings are the
 * Linux ones the generic kernel probes (Documentation/devicetree/bindings):
 * mti,cpu-interrupt-controller (interrupts = <N> is Cause.IP bit N), a
 * fixed-clock under cpu@0 (the r4k clock event runs Count at half of it),
 * ns16550a, google,goldfish-rtc, syscon + syscon-reboot/-poweroff,
 * virtio,mmio (Linux's virtio_mmio probes each node and skips DeviceID 0),
 * simple-framebuffer (width, height, stride, format). */
#include "devices/fdt.h"

#include "devices/board_map.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

enum { PHANDLE_INTC = 1, PHANDLE_CPUCLK, PHANDLE_SYSCON };

/* Every libfdt sequential-write call returns 0 or a negative error; the
 * builders OR the results so one check at the end catches any failure. */
static int prop_reg(void *fdt, uint32_t base, uint32_t size)
{
    fdt32_t reg[2] = {cpu_to_fdt32(base), cpu_to_fdt32(size)};
    return fdt_property(fdt, "reg", reg, sizeof reg);
}

static int node_irq(void *fdt, unsigned line)
{
    return fdt_property_u32(fdt, "interrupt-parent", PHANDLE_INTC) |
           fdt_property_u32(fdt, "interrupts", line);
}

static int add_cpus(void *fdt)
{
    int rc = fdt_begin_node(fdt, "cpus") | fdt_property_u32(fdt, "#address-cells", 1) |
             fdt_property_u32(fdt, "#size-cells", 0);
    rc |= fdt_begin_node(fdt, "cpu@0") | fdt_property_string(fdt, "device_type", "cpu") |
          fdt_property_string(fdt, "compatible", "mti,24kf") | fdt_property_u32(fdt, "reg", 0) |
          fdt_property_u32(fdt, "clocks", PHANDLE_CPUCLK) | fdt_end_node(fdt);
    return rc | fdt_end_node(fdt);
}

static int add_clock_and_intc(void *fdt)
{
    int rc = fdt_begin_node(fdt, "cpuclk") | fdt_property_string(fdt, "compatible", "fixed-clock") |
             fdt_property_u32(fdt, "#clock-cells", 0) |
             fdt_property_u32(fdt, "clock-frequency", BOARD_CPU_HZ) |
             fdt_property_u32(fdt, "phandle", PHANDLE_CPUCLK) | fdt_end_node(fdt);
    rc |= fdt_begin_node(fdt, "interrupt-controller") |
          fdt_property_string(fdt, "compatible", "mti,cpu-interrupt-controller") |
          fdt_property(fdt, "interrupt-controller", NULL, 0) |
          fdt_property_u32(fdt, "#address-cells", 0) |
          fdt_property_u32(fdt, "#interrupt-cells", 1) |
          fdt_property_u32(fdt, "phandle", PHANDLE_INTC) | fdt_end_node(fdt);
    return rc;
}

static int add_memory_and_chosen(void *fdt, const struct board_fdt_params *p)
{
    char name[32], uart[40];
    snprintf(name, sizeof name, "memory@%x", BOARD_RAM_BASE);
    snprintf(uart, sizeof uart, "/serial@%x", BOARD_UART_BASE);
    int rc = fdt_begin_node(fdt, name) | fdt_property_string(fdt, "device_type", "memory") |
             prop_reg(fdt, BOARD_RAM_BASE, p->ram_size) | fdt_end_node(fdt);
    rc |= fdt_begin_node(fdt, "chosen") | fdt_property_string(fdt, "stdout-path", uart);
    if (p->bootargs && *p->bootargs) rc |= fdt_property_string(fdt, "bootargs", p->bootargs);
    if (p->initrd_end > p->initrd_start)
        rc |= fdt_property_u32(fdt, "linux,initrd-start", p->initrd_start) |
              fdt_property_u32(fdt, "linux,initrd-end", p->initrd_end);
    return rc | fdt_end_node(fdt);
}

static int begin_device(void *fdt, const char *kind, uint32_t base, uint32_t size,
                        const char *compatible)
{
    char name[48];
    snprintf(name, sizeof name, "%s@%x", kind, base);
    return fdt_begin_node(fdt, name) | fdt_property_string(fdt, "compatible", compatible) |
           prop_reg(fdt, base, size);
}

static int add_devices(void *fdt)
{
    int rc = begin_device(fdt, "serial", BOARD_UART_BASE, BOARD_UART_SIZE, "ns16550a") |
             fdt_property_u32(fdt, "clock-frequency", 1843200) | node_irq(fdt, BOARD_IRQ_UART) |
             fdt_end_node(fdt);
    rc |= begin_device(fdt, "rtc", BOARD_RTC_BASE, BOARD_RTC_SIZE, "google,goldfish-rtc") |
          node_irq(fdt, BOARD_IRQ_RTC) | fdt_end_node(fdt);
    rc |= begin_device(fdt, "syscon", BOARD_SYSCON_BASE, BOARD_SYSCON_SIZE, "syscon") |
          fdt_property_u32(fdt, "phandle", PHANDLE_SYSCON) | fdt_end_node(fdt);
    rc |= fdt_begin_node(fdt, "reboot") | fdt_property_string(fdt, "compatible", "syscon-reboot") |
          fdt_property_u32(fdt, "regmap", PHANDLE_SYSCON) | fdt_property_u32(fdt, "offset", 0) |
          fdt_property_u32(fdt, "value", BOARD_SYSCON_REBOOT_VALUE) | fdt_end_node(fdt);
    rc |= fdt_begin_node(fdt, "poweroff") |
          fdt_property_string(fdt, "compatible", "syscon-poweroff") |
          fdt_property_u32(fdt, "regmap", PHANDLE_SYSCON) | fdt_property_u32(fdt, "offset", 4) |
          fdt_property_u32(fdt, "value", BOARD_SYSCON_POWEROFF_VALUE) | fdt_end_node(fdt);
    /* The EXIT device of bare-metal guests: no Linux driver binds it. */
    rc |= begin_device(fdt, "exit", BOARD_EXIT_BASE, BOARD_EXIT_SIZE, "tern,exit") |
          fdt_end_node(fdt);
    return rc;
}

static int add_virtio_and_fb(void *fdt, const struct board_fdt_params *p)
{
    int rc = 0;
    for (unsigned i = 0; i < BOARD_VIRTIO_COUNT; i++)
        rc |= begin_device(fdt, "virtio", BOARD_VIRTIO_BASE + i * BOARD_VIRTIO_STRIDE,
                           BOARD_VIRTIO_SIZE, "virtio,mmio") |
              node_irq(fdt, BOARD_IRQ_VIRTIO(i)) | fdt_end_node(fdt);
    if (p->fb_width && p->fb_height)
        rc |= begin_device(fdt, "framebuffer", BOARD_FB_BASE, p->fb_width * p->fb_height * 4,
                           "simple-framebuffer") |
              fdt_property_u32(fdt, "width", p->fb_width) |
              fdt_property_u32(fdt, "height", p->fb_height) |
              fdt_property_u32(fdt, "stride", p->fb_width * 4) |
              fdt_property_string(fdt, "format", "x8r8g8b8") | fdt_end_node(fdt);
    return rc;
}

int board_fdt_build(const struct board_fdt_params *p, void *buf, size_t size)
{
    int rc = fdt_create(buf, (int)size) | fdt_finish_reservemap(buf);
    rc |= fdt_begin_node(buf, "") | fdt_property_u32(buf, "#address-cells", 1) |
          fdt_property_u32(buf, "#size-cells", 1) |
          fdt_property_string(buf, "compatible", "tern,virt") |
          fdt_property_string(buf, "model", "tern virt");
    rc |=
        add_cpus(buf) | add_clock_and_intc(buf) | add_memory_and_chosen(buf, p) | add_devices(buf);
    rc |= add_virtio_and_fb(buf, p);
    rc |= fdt_end_node(buf) | fdt_finish(buf);
    return rc ? -1 : (int)fdt_totalsize(buf);
}
