/* tests/unit/test_gdb.c — the gdb stub's pure parts: packet framing (checksums,
 * escapes, run-length decoding, truncated and overlong packets), the break/
 * watchpoint tables, the register layout in both byte orders and FR modes,
 * the target description, and the memory path's watch hook. The stub on a
 * real socket with a real gdb is tested in tests/gdb. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub/gdb_packet.h"
#include "gdbstub/gdb_points.h"
#include "gdbstub/gdb_regs.h"
#include "harness.h"
#include "softmmu/memory.h"

static enum gdb_rx_event feed(struct gdb_rx *rx, const char *bytes, size_t n)
{
    enum gdb_rx_event last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        enum gdb_rx_event ev = gdb_rx_feed(rx, (uint8_t)bytes[i]);
        if (ev != GDB_RX_NONE) last = ev;
    }
    return last;
}

static enum gdb_rx_event feed_str(struct gdb_rx *rx, const char *s)
{
    return feed(rx, s, strlen(s));
}

START_TEST(test_rx_good_and_bad_checksum)
{
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    ck_assert_int_eq(feed_str(&rx, "$qC#b4"), GDB_RX_PACKET);
    ck_assert_str_eq((char *)rx.data, "qC");
    ck_assert_int_eq(feed_str(&rx, "$qC#b5"), GDB_RX_BAD);
    ck_assert_int_eq(feed_str(&rx, "$qC#x4"), GDB_RX_BAD);
    ck_assert_int_eq(feed_str(&rx, "+"), GDB_RX_ACK);
    ck_assert_int_eq(feed_str(&rx, "-"), GDB_RX_NAK);
    ck_assert_int_eq(feed_str(&rx, "\x03"), GDB_RX_INTERRUPT);
}
END_TEST

START_TEST(test_rx_truncated_and_garbage)
{
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    /* garbage is skipped; a '$' inside a packet restarts it */
    ck_assert_int_eq(feed_str(&rx, "xyz\x7f$m8000$?#3f"), GDB_RX_PACKET);
    ck_assert_str_eq((char *)rx.data, "?");
    ck_assert_uint_eq(rx.len, 1);
}
END_TEST

START_TEST(test_rx_escape_and_rle)
{
    static struct gdb_rx rx;
    char framed[64];
    gdb_rx_init(&rx);
    /* "X}" + ('#' ^ 0x20) carries a literal '#'; "0* " is '0' and 3 more */
    const char *body = "X}\x03"
                       "0* ";
    unsigned sum = 0;
    for (const char *p = body; *p; p++)
        sum += (uint8_t)*p;
    snprintf(framed, sizeof framed, "$%s#%02x", body, sum & 0xffu);
    ck_assert_int_eq(feed_str(&rx, framed), GDB_RX_PACKET);
    ck_assert_uint_eq(rx.len, 6);
    ck_assert_mem_eq(rx.data, "X#0000", 6);
}
END_TEST

START_TEST(test_rx_overlong)
{
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    size_t n = GDB_PACKET_MAX + 100;
    char *big = malloc(n + 5);
    unsigned sum = 0;
    big[0] = '$';
    for (size_t i = 1; i <= n; i++) {
        big[i] = 'A';
        sum += 'A';
    }
    snprintf(big + n + 1, 4, "#%02x", sum & 0xffu);
    ck_assert_int_eq(feed(&rx, big, n + 4), GDB_RX_OVERLONG);
    free(big);
    ck_assert_int_eq(feed_str(&rx, "$?#3f"), GDB_RX_PACKET); /* and it recovers */
}
END_TEST

START_TEST(test_frame_escapes)
{
    char out[32];
    size_t n = gdb_frame((const uint8_t *)"a$#}*", 5, out, sizeof out);
    out[n] = 0;
    /* each special byte is '}' then byte ^ 0x20; the sum covers what is sent */
    ck_assert_str_eq(out, "$a}\x04}\x03}]}\x0a#c3");
    ck_assert_uint_eq(gdb_frame((const uint8_t *)"abc", 3, out, 6), 0);
}
END_TEST

START_TEST(test_hex_parse)
{
    const char *p = "ffffffff80010000,4";
    uint32_t v;
    ck_assert(gdb_parse_hex(&p, &v));
    ck_assert_uint_eq(v, 0x80010000u); /* a sign-extended address keeps its low half */
    ck_assert_int_eq(*p, ',');
    p = "zz";
    ck_assert(!gdb_parse_hex(&p, &v));
    uint8_t b[2];
    ck_assert(gdb_get_hex("a5F0", b, 2));
    ck_assert_uint_eq(b[0], 0xa5);
    ck_assert_uint_eq(b[1], 0xf0);
    ck_assert(!gdb_get_hex("a5g0", b, 2));
}
END_TEST

START_TEST(test_points)
{
    static struct gdb_points pts;
    gdb_points_clear(&pts);
    ck_assert_int_eq(gdb_points_add(&pts, GDB_BP_SW, 0x80010000u, 4), 0);
    ck_assert_int_eq(gdb_points_add(&pts, GDB_BP_SW, 0x80010000u, 4), 0);
    ck_assert_uint_eq(pts.nbp, 1);
    ck_assert_int_eq(gdb_points_break_at(&pts, 0x80010000u), GDB_BP_SW);
    ck_assert_int_eq(gdb_points_break_at(&pts, 0x80010004u), -1);
    ck_assert_int_eq(gdb_points_add(&pts, GDB_WP_WRITE, 0x80020000u, 4), 0);
    unsigned type;
    uint32_t addr;
    ck_assert(!gdb_points_watch_hit(&pts, 0x80020000u, 4, false, &type, &addr)); /* a load */
    ck_assert(gdb_points_watch_hit(&pts, 0x80020002u, 1, true, &type, &addr));
    ck_assert_uint_eq(type, GDB_WP_WRITE);
    ck_assert_uint_eq(addr, 0x80020002u);
    ck_assert(gdb_points_watch_hit(&pts, 0x8001fffcu, 8, true, &type, &addr));
    ck_assert_uint_eq(addr, 0x80020000u);
    ck_assert(!gdb_points_watch_hit(&pts, 0x80020004u, 4, true, &type, &addr));
    ck_assert_int_eq(gdb_points_add(&pts, 7, 0, 4), -1);
    gdb_points_remove(&pts, GDB_BP_SW, 0x80010000u, 4);
    ck_assert_int_eq(gdb_points_break_at(&pts, 0x80010000u), -1);
    for (unsigned i = 0; i < GDB_MAX_BREAKPOINTS; i++)
        gdb_points_add(&pts, GDB_BP_HW, 4 * i, 4);
    ck_assert_int_eq(gdb_points_add(&pts, GDB_BP_HW, 0x1000000u, 4), -1);
}
END_TEST

START_TEST(test_regs_byte_order)
{
    for (int be = 0; be < 2; be++) {
        struct harness *h = harness_new(be);
        uint8_t buf[8];
        h->cpu.gpr[4] = 0x11223344u;
        h->cpu.pc = 0x80010000u;
        ck_assert_uint_eq(gdb_reg_read(&h->cpu, 4, false, buf), 4);
        ck_assert_uint_eq(buf[0], be ? 0x11 : 0x44);
        ck_assert_uint_eq(gdb_reg_read(&h->cpu, GDB_REG_PC, false, buf), 4);
        ck_assert_uint_eq(buf[be ? 0 : 3], 0x80);
        const uint8_t lo[4] = {1, 2, 3, 4};
        ck_assert(gdb_reg_write(&h->cpu, GDB_REG_LO, false, lo));
        ck_assert_uint_eq(h->cpu.lo, be ? 0x01020304u : 0x04030201u);
        ck_assert_uint_eq(gdb_reg_size(&h->cpu, 72, false), 0);
        ck_assert_uint_eq(gdb_reg_size(&h->cpu, 72, true), 4);
        harness_free(h);
    }
}
END_TEST

START_TEST(test_regs_fpu_modes)
{
    struct harness *h = harness_new(false);
    uint8_t buf[8];
    h->cpu.fpr[1] = 0x1122334455667788ull;
    ck_assert_uint_eq(gdb_reg_size(&h->cpu, GDB_REG_F0 + 1, false), 4);
    ck_assert_uint_eq(gdb_reg_read(&h->cpu, GDB_REG_F0 + 1, false, buf), 4);
    ck_assert_uint_eq(buf[0], 0x88);
    const uint8_t one[4] = {0, 0, 0x80, 0x3f}; /* 1.0f */
    ck_assert(gdb_reg_write(&h->cpu, GDB_REG_F0 + 1, false, one));
    ck_assert_uint_eq(h->cpu.fpr[1], 0x112233443f800000ull); /* high half kept */
    h->cpu.cp0[CP0_STATUS][0] |= ST_FR;
    ck_assert_uint_eq(gdb_reg_read(&h->cpu, GDB_REG_F0 + 1, false, buf), 8);
    ck_assert_uint_eq(buf[7], 0x11);
    harness_free(h);
}
END_TEST

START_TEST(test_target_xml)
{
    struct harness *h = harness_new(false);
    static char xml[8192];
    size_t n = gdb_target_xml(&h->cpu, false, xml, sizeof xml);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(strlen(xml), n);
    ck_assert_ptr_nonnull(strstr(xml, "org.gnu.gdb.mips.cpu"));
    ck_assert_ptr_nonnull(strstr(xml, "org.gnu.gdb.mips.cp0"));
    ck_assert_ptr_nonnull(strstr(xml, "<reg name=\"f31\" bitsize=\"32\" regnum=\"69\""));
    ck_assert_ptr_nonnull(strstr(xml, "<reg name=\"pc\" bitsize=\"32\" regnum=\"37\""));
    ck_assert_ptr_null(strstr(xml, "mips.linux"));
    h->cpu.cp0[CP0_STATUS][0] |= ST_FR;
    n = gdb_target_xml(&h->cpu, true, xml, sizeof xml);
    ck_assert_ptr_nonnull(strstr(xml, "<reg name=\"f0\" bitsize=\"64\" regnum=\"38\""));
    ck_assert_ptr_nonnull(strstr(xml, "org.gnu.gdb.mips.linux"));
    ck_assert_uint_eq(gdb_target_xml(&h->cpu, false, xml, 100), 0);
    harness_free(h);
}
END_TEST

static unsigned watch_calls;

static bool watch_word(void *opaque, uint32_t vaddr, unsigned size, bool store)
{
    (void)opaque;
    watch_calls++;
    return store && vaddr <= HARNESS_DATA && vaddr + size > HARNESS_DATA;
}

START_TEST(test_memory_watch_hook)
{
    struct harness *h = harness_new(false);
    struct mem_watch w = {watch_word, NULL};
    h->cpu.watch = &w;
    harness_poke32(h, HARNESS_DATA, 5);
    uint32_t v;
    ck_assert(mem_load(&h->cpu, HARNESS_DATA, 4, &v)); /* loads pass */
    ck_assert_uint_eq(v, 5);
    ck_assert(!mem_store(&h->cpu, HARNESS_DATA, 4, 9)); /* the store is abandoned */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_DEBUG_WATCH);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 5);
    h->cpu.exc.code = EXC_NONE;
    ck_assert(!mem_store64(&h->cpu, HARNESS_DATA - 8 + 8, 0x1234ull)); /* both words or neither */
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 5);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 4), 0);
    h->cpu.exc.code = EXC_NONE;
    ck_assert(mem_store(&h->cpu, HARNESS_DATA + 4, 4, 9));
    h->cpu.watch = NULL;
    unsigned calls = watch_calls;
    ck_assert(mem_store(&h->cpu, HARNESS_DATA, 4, 9));
    ck_assert_uint_eq(watch_calls, calls);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 9);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gdb");
    TCase *tc = tcase_create("gdb");
    tcase_add_test(tc, test_rx_good_and_bad_checksum);
    tcase_add_test(tc, test_rx_truncated_and_garbage);
    tcase_add_test(tc, test_rx_escape_and_rle);
    tcase_add_test(tc, test_rx_overlong);
    tcase_add_test(tc, test_frame_escapes);
    tcase_add_test(tc, test_hex_parse);
    tcase_add_test(tc, test_points);
    tcase_add_test(tc, test_regs_byte_order);
    tcase_add_test(tc, test_regs_fpu_modes);
    tcase_add_test(tc, test_target_xml);
    tcase_add_test(tc, test_memory_watch_hook);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
