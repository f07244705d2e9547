/* tests/unit/test_board_devices.c — the system-mode pieces of the virt board:
 * the device tree (parsed back with libfdt), initrd/DTB placement and the UHI
 * entry registers, the CPU interrupt lines, the Goldfish RTC, the syscon
 * reboot/power-off registers, the console's Ctrl-a escapes, and both time
 * bases of the CP0 timer (instruction count and host time). */
#include <check.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/boot.h"
#include "core/clock.h"
#include "core/cpu.h"
#include "devices/board_map.h"
#include "devices/console.h"
#include "devices/fdt.h"
#include "devices/goldfish_rtc.h"
#include "devices/intc.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "frontend/cp0.h"
#include "softmmu/bus.h"

static uint8_t dtb[BOARD_FDT_MAX];

static const void *prop(const char *path, const char *name, int *len)
{
    int node = fdt_path_offset(dtb, path);
    ck_assert_msg(node >= 0, "node %s missing", path);
    return fdt_getprop(dtb, node, name, len);
}

static uint32_t prop_u32(const char *path, const char *name, int index)
{
    int len;
    const fdt32_t *v = prop(path, name, &len);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_ge(len, 4 * (index + 1));
    return fdt32_to_cpu(v[index]);
}

START_TEST(test_fdt_nodes)
{
    struct board_fdt_params p = {64u << 20, "console=ttyS0 nokaslr", 0x3f00000, 0x3f10000,
                                 640, 480};
    ck_assert_int_gt(board_fdt_build(&p, dtb, sizeof dtb), 0);
    ck_assert_int_eq(fdt_check_header(dtb), 0);
    ck_assert_str_eq(prop("/chosen", "bootargs", NULL), "console=ttyS0 nokaslr");
    ck_assert_str_eq(prop("/chosen", "stdout-path", NULL), "/serial@1f000000");
    ck_assert_uint_eq(prop_u32("/chosen", "linux,initrd-start", 0), 0x3f00000);
    ck_assert_uint_eq(prop_u32("/chosen", "linux,initrd-end", 0), 0x3f10000);
    ck_assert_uint_eq(prop_u32("/memory@0", "reg", 1), 64u << 20);
    ck_assert_uint_eq(prop_u32("/serial@1f000000", "interrupts", 0), BOARD_IRQ_UART);
    ck_assert_uint_eq(prop_u32("/rtc@1f002000", "interrupts", 0), BOARD_IRQ_RTC);
    ck_assert_uint_eq(prop_u32("/reboot", "value", 0), BOARD_SYSCON_REBOOT_VALUE);
    /* cpu@0's clock is the fixed-clock; the serial's parent is the CPU intc. */
    uint32_t clk = prop_u32("/cpus/cpu@0", "clocks", 0);
    ck_assert_int_eq(fdt_node_offset_by_phandle(dtb, clk), fdt_path_offset(dtb, "/cpuclk"));
    ck_assert_uint_eq(prop_u32("/cpuclk", "clock-frequency", 0), BOARD_CPU_HZ);
    uint32_t ic = prop_u32("/serial@1f000000", "interrupt-parent", 0);
    int icn = fdt_node_offset_by_phandle(dtb, ic);
    ck_assert_int_eq(fdt_node_check_compatible(dtb, icn, "mti,cpu-interrupt-controller"), 0);
}
END_TEST

START_TEST(test_fdt_no_initrd_and_too_small)
{
    struct board_fdt_params p = {16u << 20, NULL, 0, 0, 0, 0};
    ck_assert_int_gt(board_fdt_build(&p, dtb, sizeof dtb), 0);
    int chosen = fdt_path_offset(dtb, "/chosen");
    ck_assert_ptr_null(fdt_getprop(dtb, chosen, "linux,initrd-start", NULL));
    ck_assert_ptr_null(fdt_getprop(dtb, chosen, "bootargs", NULL));
    ck_assert_int_eq(board_fdt_build(&p, dtb, 256), -1);
}
END_TEST

START_TEST(test_boot_placement)
{
    const uint32_t ram = 8u << 20;
    uint8_t *mem = calloc(1, ram);
    struct bus bus = {0};
    bus_add_ram(&bus, 0, ram, mem);
    char path[] = "/tmp/tern-initrd-XXXXXX", err[256];
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "INITRD!", 7), 7);
    close(fd);
    struct boot_layout l;
    ck_assert_int_eq(boot_place_initrd(&bus, ram, 0x100000, path, 0x4000, &l, err, sizeof err), 0);
    ck_assert_uint_eq(l.initrd_start % 4096, 0);
    ck_assert_uint_eq(l.initrd_end, l.initrd_start + 7);
    ck_assert_int_eq(memcmp(mem + l.initrd_start, "INITRD!", 7), 0);
    ck_assert_int_eq(boot_place_dtb(&bus, ram, "DTBDTB", 6, &l, err, sizeof err), 0);
    ck_assert_uint_eq(l.dtb_addr % 8, 0);
    ck_assert_uint_ge(l.dtb_addr, l.initrd_end);
    ck_assert_uint_le(l.dtb_addr + 6, ram);
    /* An initrd that would overlap the kernel is refused with a message. */
    ck_assert_int_eq(boot_place_initrd(&bus, ram, ram - 0x1000, path, 0x4000, &l, err, sizeof err),
                     -1);
    ck_assert(strstr(err, "does not fit") != NULL);
    ck_assert_int_eq(boot_place_initrd(&bus, ram, 0, "/nonexistent/x", 0x4000, &l, err, sizeof err),
                     -1);
    ck_assert(strstr(err, "cannot open '/nonexistent/x'") != NULL);
    unlink(path);
    struct cpu cpu;
    cpu_reset(&cpu, &bus, false);
    l.dtb_addr = 0x7fc000;
    boot_enter_uhi(&cpu, 0x80100400, &l);
    ck_assert_uint_eq(cpu.gpr[4], 0xfffffffeu);
    ck_assert_uint_eq(cpu.gpr[5], 0x807fc000u); /* KSEG0, not physical */
    ck_assert_uint_eq(cpu.pc, 0x80100400u);
    free(mem);
}
END_TEST

START_TEST(test_intc_shared_line)
{
    struct cpu cpu;
    cpu_reset(&cpu, NULL, false);
    struct intc ic;
    intc_init(&ic, &cpu);
    struct irq_line a = intc_line(&ic, 4, 0), b = intc_line(&ic, 4, 1);
    irq_set(&a, true);
    ck_assert(cpu.cp0[CP0_CAUSE][0] & (1u << 12));
    ck_assert(cpu.exit_request);
    irq_set(&b, true);
    irq_set(&a, false);
    ck_assert(cpu.cp0[CP0_CAUSE][0] & (1u << 12)); /* b still holds it */
    irq_set(&b, false);
    ck_assert(!(cpu.cp0[CP0_CAUSE][0] & (1u << 12)));
}
END_TEST

static bool rtc_level;
static void rtc_irq(void *opaque, unsigned n, bool level)
{
    (void)opaque, (void)n;
    rtc_level = level;
}

START_TEST(test_goldfish_rtc)
{
    struct goldfish_rtc rtc;
    goldfish_rtc_init(&rtc, (struct irq_line){rtc_irq, NULL, 3});
    const struct mmio_ops *ops = &goldfish_rtc_ops;
    uint64_t lo = ops->read(&rtc, GOLDFISH_RTC_TIME_LOW, 4);
    uint64_t now = lo | (uint64_t)ops->read(&rtc, GOLDFISH_RTC_TIME_HIGH, 4) << 32;
    ck_assert_uint_gt(now / 1000000000ull, 1700000000ull); /* after 2023 */
    /* Setting the time: high then low. */
    ops->write(&rtc, GOLDFISH_RTC_TIME_HIGH, 4, 0);
    ops->write(&rtc, GOLDFISH_RTC_TIME_LOW, 4, 1000000000u);
    ck_assert_uint_lt(goldfish_rtc_now(&rtc), 3000000000ull);
    /* An alarm in the past fires at once, raising the line when enabled. */
    ops->write(&rtc, GOLDFISH_RTC_IRQ_ENABLED, 4, 1);
    ops->write(&rtc, GOLDFISH_RTC_ALARM_HIGH, 4, 0);
    ops->write(&rtc, GOLDFISH_RTC_ALARM_LOW, 4, 1);
    ck_assert(rtc_level);
    ck_assert_uint_eq(ops->read(&rtc, GOLDFISH_RTC_ALARM_STATUS, 4), 0);
    ops->write(&rtc, GOLDFISH_RTC_CLEAR_INTERRUPT, 4, 1);
    ck_assert(!rtc_level);
    /* A future alarm waits for the poll that finds it due. */
    ops->write(&rtc, GOLDFISH_RTC_ALARM_HIGH, 4, 1);
    ops->write(&rtc, GOLDFISH_RTC_ALARM_LOW, 4, 0);
    goldfish_rtc_poll(&rtc);
    ck_assert(!rtc_level);
    ck_assert_uint_eq(ops->read(&rtc, GOLDFISH_RTC_ALARM_STATUS, 4), 1);
}
END_TEST

START_TEST(test_syscon)
{
    volatile uint8_t exit_request = 0;
    struct syscon sc;
    syscon_init(&sc, &exit_request);
    ck_assert_uint_eq(syscon_ops.read(&sc, 0, 4), 0); /* syscon-reboot reads first */
    syscon_ops.write(&sc, 0, 4, 7);
    ck_assert_int_eq(sc.request, SYSCON_NONE);
    syscon_ops.write(&sc, 4, 4, BOARD_SYSCON_POWEROFF_VALUE);
    ck_assert_int_eq(sc.request, SYSCON_POWEROFF);
    ck_assert(exit_request);
    syscon_ops.write(&sc, 0, 4, BOARD_SYSCON_REBOOT_VALUE);
    ck_assert_int_eq(sc.request, SYSCON_REBOOT);
}
END_TEST

START_TEST(test_console_escapes)
{
    int fds[2], out[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(pipe(out), 0);
    struct uart16550 *u = uart16550_new(-1, (struct irq_line){0});
    struct console con;
    ck_assert_int_eq(console_open(&con, fds[0], out[1]), 0);
    ck_assert(!con.raw); /* a pipe is not a terminal */
    ck_assert_int_eq(write(fds[1], "ab\001a\001h", 6), 6);
    console_poll(&con, u);
    ck_assert_uint_eq(u->rx_count, 3); /* a, b, and the Ctrl-a sent by C-a a */
    ck_assert_uint_eq(uart16550_ops.read(u, 0, 1), 'a');
    ck_assert_uint_eq(uart16550_ops.read(u, 0, 1), 'b');
    ck_assert_uint_eq(uart16550_ops.read(u, 0, 1), 1);
    char help[512];
    ck_assert_int_gt(read(out[0], help, sizeof help), 20); /* C-a h printed help */
    ck_assert(!con.quit);
    ck_assert_int_eq(write(fds[1], "\001x", 2), 2);
    console_poll(&con, u);
    ck_assert(con.quit);
    /* More input than the FIFO holds waits in the console, none is lost. */
    char many[40];
    memset(many, 'z', sizeof many);
    ck_assert_int_eq(write(fds[1], many, sizeof many), (ssize_t)sizeof many);
    console_poll(&con, u);
    ck_assert_uint_eq(u->rx_count, UART_FIFO_SIZE);
    for (int i = 0; i < UART_FIFO_SIZE; i++)
        uart16550_ops.read(u, 0, 1);
    console_poll(&con, u);
    ck_assert_uint_eq(u->rx_count, UART_FIFO_SIZE);
    close(fds[1]);
    console_close(&con);
    uart16550_free(u);
    close(fds[0]);
    close(out[0]);
    close(out[1]);
}
END_TEST

START_TEST(test_clock_icount_warp)
{
    struct cpu cpu;
    cpu_reset(&cpu, NULL, false);
    cp0_write(&cpu, CP0_COUNT, 0, 1000);
    cp0_write(&cpu, CP0_COMPARE, 0, 1500);
    ck_assert(!clock_check(&cpu));
    ck_assert_int_eq(clock_idle(&cpu), 0); /* warps Count to Compare */
    ck_assert_uint_eq(cpu_count(&cpu), 1500);
    ck_assert_uint_eq(cpu.icount, 0);
    ck_assert(clock_check(&cpu));
    ck_assert(cpu.cp0[CP0_CAUSE][0] & CAUSE_TI);
    ck_assert(cpu.cp0[CP0_CAUSE][0] & (1u << 15)); /* IP7 */
}
END_TEST

START_TEST(test_clock_host_time)
{
    struct cpu cpu;
    cpu_reset(&cpu, NULL, false);
    clock_use_host_time(&cpu, 100000000);
    uint32_t c0 = cpu_count(&cpu);
    struct timespec ts = {0, 2000000}; /* 2 ms = 200000 ticks */
    nanosleep(&ts, NULL);
    uint32_t c1 = cpu_count(&cpu);
    ck_assert_uint_ge(c1 - c0, 200000);
    ck_assert_uint_lt(c1 - c0, 0x80000000u); /* not a wrapped difference */
    /* Compare 200 ms ahead (room for a loaded host): not due yet, and WAIT
     * would sleep about that long. */
    cp0_write(&cpu, CP0_COMPARE, 0, cpu_count(&cpu) + 20000000);
    int64_t ns = clock_idle(&cpu);
    ck_assert(!(cp0_read(&cpu, CP0_CAUSE, 0) & CAUSE_TI));
    ck_assert_int_gt(ns, 0);
    ck_assert_int_le(ns, 200000000);
    ts.tv_nsec = ns + 1000000;
    nanosleep(&ts, NULL);
    /* Cause.TI reads as set once Count passed Compare, before the loop polls. */
    ck_assert(cp0_read(&cpu, CP0_CAUSE, 0) & CAUSE_TI);
    ck_assert(clock_poll(&cpu));
    ck_assert(cpu.cp0[CP0_CAUSE][0] & CAUSE_TI);
    cp0_write(&cpu, CP0_COMPARE, 0, cpu_count(&cpu) - 1); /* acknowledges */
    ck_assert(!(cp0_read(&cpu, CP0_CAUSE, 0) & CAUSE_TI));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("board_devices");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_fdt_nodes);
    tcase_add_test(tc, test_fdt_no_initrd_and_too_small);
    tcase_add_test(tc, test_boot_placement);
    tcase_add_test(tc, test_intc_shared_line);
    tcase_add_test(tc, test_goldfish_rtc);
    tcase_add_test(tc, test_syscon);
    tcase_add_test(tc, test_console_escapes);
    tcase_add_test(tc, test_clock_icount_warp);
    tcase_add_test(tc, test_clock_host_time);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
