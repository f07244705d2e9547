/* tests/unit/test_monitor.c — the monitor's command parser and commands on
 * the harness CPU: info registers/tlb/cpus/status, x and xp in every format
 * and both byte orders (and unreadable addresses), sendkey's press/release
 * order and bad key names, screendump/system_reset/quit reaching the board's
 * ops, stop/cont, errors for bad lines; and the console's Ctrl-a c switch
 * and line editor feeding the monitor through a pipe. */
#include <check.h>
#include <stdio.h>
#include <unistd.h>

#include "devices/console.h"
#include "devices/keymap.h"
#include "devices/monitor.h"
#include "devices/uart16550.h"
#include "harness.h"

static char out[16384];
static size_t out_len;
static int keys[64][2], nkeys, resets, quits, dumps;
static char dump_path[256];
static bool keyboard_up = true;

static void capture(void *o, const char *text, size_t len)
{
    (void)o;
    if (out_len + len < sizeof out) memcpy(out + out_len, text, len), out_len += len;
    out[out_len] = '\0';
}

static int fake_screendump(void *o, const char *path, char *err, size_t errlen)
{
    (void)o;
    dumps++;
    snprintf(dump_path, sizeof dump_path, "%s", path);
    if (!strcmp(path, "/nonexistent/x.png")) return snprintf(err, errlen, "cannot write"), -1;
    return 0;
}

static bool fake_key(void *o, unsigned code, bool down)
{
    (void)o;
    if (nkeys < 64) keys[nkeys][0] = (int)code, keys[nkeys++][1] = down;
    return keyboard_up;
}

static void fake_reset(void *o)
{
    (void)o;
    resets++;
}

static void fake_quit(void *o)
{
    (void)o;
    quits++;
}

static const struct monitor_ops fake_ops = {fake_screendump, fake_key, fake_reset, NULL, fake_quit};

static struct harness *h;
static struct monitor mon;

static void setup_order(bool big_endian)
{
    h = harness_new(big_endian);
    monitor_init(&mon, &h->cpu, &fake_ops, NULL);
    mon.write = capture;
    out_len = 0, out[0] = '\0';
    nkeys = resets = quits = dumps = 0;
    keyboard_up = true;
}

static void setup(void)
{
    setup_order(false);
}

static void teardown(void)
{
    harness_free(h);
}

/* Runs line and returns its output (kept until the next run). */
static const char *run(const char *line)
{
    out_len = 0, out[0] = '\0';
    monitor_execute(&mon, line);
    return out;
}

START_TEST(test_info_registers)
{
    h->cpu.pc = 0x80001234;
    h->cpu.gpr[29] = 0xdeadbeef;
    h->cpu.hi = 7;
    h->cpu.cp0[CP0_EPC][0] = 0x80000180;
    const char *o = run("info registers");
    ck_assert_ptr_nonnull(strstr(o, "pc=0x80001234 HI=0x00000007 LO=0x00000000"));
    ck_assert_ptr_nonnull(strstr(o, "GPR28: gp 00000000 sp deadbeef s8 00000000 ra 00000000\n"));
    ck_assert_ptr_nonnull(strstr(o, "EPC    0x80000180"));
    ck_assert_str_eq(run("info cpus"), "* CPU #0: pc=0x80001234\n");
    ck_assert_ptr_nonnull(strstr(run("info"), "info registers"));
    ck_assert_str_eq(run("info nothing"), "info: unknown item 'nothing' (try 'info')\n");
}
END_TEST

START_TEST(test_info_tlb)
{
    ck_assert_ptr_nonnull(strstr(run("info tlb"), "no valid TLB entries"));
    h->cpu.tlb[3] = (struct tlb_entry){0x00400005, 0, (0x1234u << 6) | 2 | 4 | 1, 1};
    const char *o = run("info tlb");
    ck_assert_ptr_nonnull(
        strstr(o, "TLB[03] VPN2 00400000 ASID 05 G1 Mask 00000000 PFN 01234000 C0 D1 V1 PFN "
                  "00000000 C0 D0 V0\n"));
}
END_TEST

START_TEST(test_x_words_and_formats)
{
    harness_poke32(h, HARNESS_DATA, 0x11223344);
    harness_poke32(h, HARNESS_DATA + 4, 0xfffffffe);
    harness_poke32(h, HARNESS_DATA + 8, 0x00636261); /* "abc\0" little-endian */
    ck_assert_str_eq(run("x/2xw 0x80080000"), "80080000: 0x11223344 0xfffffffe\n");
    ck_assert_str_eq(run("x 0x80080004"), "80080004: 0xfffffffe\n");
    ck_assert_str_eq(run("x/2dh 0x80080004"), "80080004:    -2    -1\n");
    ck_assert_str_eq(run("x/uw 0x80080004"), "80080004: 4294967294\n");
    ck_assert_str_eq(run("x/3c 0x80080008"), "80080008: 'a' 'b' 'c'\n");
    ck_assert_str_eq(run("x/xg 0x80080000"), "80080000: 0xfffffffe11223344\n");
    ck_assert_str_eq(run("xp/1xw 0x80000"), "0000000000080000: 0x11223344\n");
    ck_assert_str_eq(run("x/2bx 0xa0080000"), "a0080000: 0x44 0x33\n");
    /* Five words: four a line, then a line of one. */
    ck_assert_str_eq(run("x/5x 0x80080000"),
                     "80080000: 0x11223344 0xfffffffe 0x00636261 0x00000000\n"
                     "80080010: 0x00000000\n");
}
END_TEST

START_TEST(test_x_big_endian)
{
    teardown();
    setup_order(true);
    harness_poke32(h, HARNESS_DATA, 0x11223344);
    ck_assert_str_eq(run("x/1xw 0x80080000"), "80080000: 0x11223344\n");
    ck_assert_str_eq(run("x/2xb 0x80080000"), "80080000: 0x11 0x22\n");
    ck_assert_str_eq(run("x/xh 0x80080002"), "80080002: 0x3344\n");
}
END_TEST

START_TEST(test_x_instructions)
{
    harness_poke32(h, HARNESS_CODE, 0x24020005); /* addiu v0, zero, 5 */
    const char *o = run("x/1i 0x80001000");
    ck_assert_msg(!strncmp(o, "0x80001000:  addiu", 18), "got '%s'", o);
}
END_TEST

START_TEST(test_x_unreadable_and_errors)
{
    /* kuseg without a TLB entry, and memory past RAM: no fault, no crash. */
    ck_assert_str_eq(run("x/1xw 0x00400000"), "00400000: Cannot access memory\n");
    ck_assert_ptr_nonnull(strstr(run("xp/1xw 0x10000000"), "Cannot access memory"));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_NONE);
    ck_assert_str_eq(run("x/4q 0x80000000"), "x: invalid format '/4q'\n");
    ck_assert_str_eq(run("x/0x 0x80000000"), "x: count must be 1 to 4096\n");
    ck_assert_str_eq(run("x/x"), "x: expected an address, not ''\n");
    ck_assert_str_eq(run("xp/x zzz"), "xp: expected an address, not 'zzz'\n");
    ck_assert_str_eq(run("x/x 0x100000000"), "x: expected an address, not '0x100000000'\n");
}
END_TEST

START_TEST(test_sendkey_order)
{
    ck_assert_str_eq(run("sendkey ctrl-alt-f1"), "");
    ck_assert_int_eq(nkeys, 6);
    const int want[6][2] = {{KEY_LEFTCTRL, 1}, {KEY_LEFTALT, 1}, {KEY_F1, 1},
                            {KEY_F1, 0},       {KEY_LEFTALT, 0}, {KEY_LEFTCTRL, 0}};
    for (int i = 0; i < 6; i++) {
        ck_assert_int_eq(keys[i][0], want[i][0]);
        ck_assert_int_eq(keys[i][1], want[i][1]);
    }
    nkeys = 0;
    run("sendkey a");
    ck_assert_int_eq(nkeys, 2);
    ck_assert_int_eq(keys[0][0], 30);
    nkeys = 0;
    ck_assert_str_eq(run("sendkey ctrl-bogus"), "sendkey: unknown key 'bogus'\n");
    ck_assert_str_eq(run("sendkey"), "sendkey: missing key names\n");
    ck_assert_int_eq(nkeys, 0); /* nothing pressed for a bad line */
    keyboard_up = false;
    ck_assert_ptr_nonnull(strstr(run("sendkey a"), "not up"));
}
END_TEST

START_TEST(test_control_commands)
{
    ck_assert_str_eq(run("info status"), "VM status: running\n");
    run("stop");
    ck_assert(mon.stopped);
    ck_assert_str_eq(run("info status"), "VM status: paused\n");
    run("c");
    ck_assert(!mon.stopped);
    run("system_reset");
    ck_assert_int_eq(resets, 1);
    ck_assert_str_eq(run("system_powerdown"), "system_powerdown: not available on this board\n");
    ck_assert_str_eq(run("screendump /tmp/shot.png"), "");
    ck_assert_int_eq(dumps, 1);
    ck_assert_str_eq(dump_path, "/tmp/shot.png");
    ck_assert_str_eq(run("screendump /nonexistent/x.png"), "cannot write\n");
    ck_assert_str_eq(run("screendump a.png -f ppm"),
                     "screendump: tern writes PNG only ('-f png'), not '-f ppm'\n");
    ck_assert_str_eq(run("screendump"), "screendump: missing file name\n");
    run("q");
    ck_assert_int_eq(quits, 1);
}
END_TEST

START_TEST(test_bad_lines)
{
    ck_assert_str_eq(run("garbage"), "unknown command: 'garbage'\n");
    ck_assert_str_eq(run("  garbage with args  "), "unknown command: 'garbage'\n");
    ck_assert_str_eq(run("quit/4x"), "unknown command: 'quit/4x'\n");
    ck_assert_int_eq(quits, 0);
    ck_assert_str_eq(run(""), "");
    ck_assert_str_eq(run("   "), "");
    char longline[3000];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    ck_assert_ptr_nonnull(strstr(run(longline), "unknown command"));
    ck_assert_ptr_nonnull(strstr(run("help"), "sendkey keys --"));
    ck_assert_str_eq(run("help quit"), "quit|q  -- quit the emulator\n");
}
END_TEST

/* The console: C-a c enters the monitor (banner, prompt), the line is
 * echoed and edited (DEL), runs on CR, CR LF counts once; C-a c goes back and
 * bytes reach the UART again. */
START_TEST(test_console_switch)
{
    int in[2], outp[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(outp), 0);
    struct console con;
    ck_assert_int_eq(console_open(&con, in[0], outp[1]), 0);
    console_attach_monitor(&con, &mon);
    struct uart16550 *u = uart16550_new(-1, (struct irq_line){0});
    const char typed[] = "x\x01"
                         "cinfo statuz\x7fs\r\n\x01"
                         "cy";
    ck_assert_int_eq(write(in[1], typed, sizeof typed - 1), (ssize_t)(sizeof typed - 1));
    console_poll(&con, u);
    char got[512] = {0};
    ssize_t n = read(outp[0], got, sizeof got - 1);
    ck_assert_int_gt(n, 0);
    ck_assert_msg(strstr(got, "(tern) info statuz\b \bs\r\nVM status: running\r\n(tern) "),
                  "got '%s'", got);
    ck_assert_ptr_nonnull(strstr(got, "tern monitor"));
    ck_assert_uint_eq(u->rx_count, 2); /* 'x' before, 'y' after */
    ck_assert(!con.in_monitor);
    console_close(&con);
    uart16550_free(u);
    close(in[0]), close(in[1]), close(outp[0]), close(outp[1]);
}
END_TEST

START_TEST(test_console_without_monitor)
{
    int in[2], outp[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(outp), 0);
    struct console con;
    ck_assert_int_eq(console_open(&con, in[0], outp[1]), 0);
    struct uart16550 *u = uart16550_new(-1, (struct irq_line){0});
    ck_assert_int_eq(write(in[1],
                           "\x01"
                           "cq\n",
                           4),
                     4);
    console_poll(&con, u);
    char got[256] = {0};
    ck_assert_int_gt(read(outp[0], got, sizeof got - 1), 0);
    ck_assert_ptr_nonnull(strstr(got, "no monitor"));
    ck_assert_uint_eq(u->rx_count, 2); /* "q\n" went to the guest */
    console_close(&con);
    uart16550_free(u);
    close(in[0]), close(in[1]), close(outp[0]), close(outp[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("monitor");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_info_registers);
    tcase_add_test(tc, test_info_tlb);
    tcase_add_test(tc, test_x_words_and_formats);
    tcase_add_test(tc, test_x_big_endian);
    tcase_add_test(tc, test_x_instructions);
    tcase_add_test(tc, test_x_unreadable_and_errors);
    tcase_add_test(tc, test_sendkey_order);
    tcase_add_test(tc, test_control_commands);
    tcase_add_test(tc, test_bad_lines);
    tcase_add_test(tc, test_console_switch);
    tcase_add_test(tc, test_console_without_monitor);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
