/* tests/unit/test_exec.c — the run loop with the power-off device: a guest
 * store to EXIT stops the run through the service hook; the instruction limit;
 * a fault loop is detected and described; an enabled interrupt is taken. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/exec.h"
#include "devices/board_map.h"
#include "devices/poweroff.h"
#include "harness.h"

static struct harness *h;
static struct poweroff off;

static bool service(void *opaque, struct cpu *cpu)
{
    (void)cpu;
    return ((struct poweroff *)opaque)->requested;
}

static void setup(void)
{
    h = harness_new(false);
    poweroff_init(&off, &h->cpu.exit_request);
    ck_assert_int_eq(device_map(&h->bus, BOARD_EXIT_BASE, BOARD_EXIT_SIZE, poweroff_device(&off)),
                     0);
}

static void teardown(void)
{
    harness_free(h);
}

static void load(const uint32_t *code, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, code[i]);
    h->cpu.pc = HARNESS_CODE;
}

static struct exec_result run(uint64_t limit)
{
    struct exec_config cfg = {ENGINE_INTERP, true, limit, 0, {service, &off}, NULL};
    struct exec_result res;
    ck_assert_int_eq(exec_run(&h->cpu, &cfg, &res), 0);
    return res;
}

START_TEST(test_poweroff_stops)
{
    const uint32_t code[] = {
        0x3c08bf00, /* lui t0, 0xbf00 */
        0x35081000, /* ori t0, t0, 0x1000 */
        0x2409002a, /* addiu t1, zero, 42 */
        0xad090000, /* sw t1, 0(t0) */
        0x1000ffff, /* b . */
        0x00000000,
    };
    load(code, 6);
    struct exec_result res = run(100000);
    ck_assert_int_eq(res.stop, EXEC_STOP_REQUESTED);
    ck_assert(off.requested);
    ck_assert_uint_eq(off.status, 42);
    ck_assert_uint_le(res.insns, 8); /* stopped within a step or two of the store */
}
END_TEST

START_TEST(test_poweroff_ignores_byte_store)
{
    const uint32_t code[] = {
        0x3c08bf00, 0x35081000, 0x2409002a, 0xa1090000, /* sb t1, 0(t0) */
        0x1000ffff, 0x00000000,
    };
    load(code, 6);
    struct exec_result res = run(1000);
    ck_assert_int_eq(res.stop, EXEC_STOP_LIMIT);
    ck_assert_uint_eq(res.insns, 1000);
    ck_assert(!off.requested);
}
END_TEST

START_TEST(test_fault_loop)
{
    const uint32_t code[] = {0x3c089000, 0x01000008, 0x00000000}; /* lui t0,0x9000; jr t0 */
    load(code, 3);
    /* The BEV vector 0xbfc00380 is unmapped on this bus: IBE there forever. */
    struct exec_result res = run(100000);
    ck_assert_int_eq(res.stop, EXEC_STOP_FAULT_LOOP);
    ck_assert_uint_eq(res.first.code, EXC_IBE);
    ck_assert_uint_eq(res.first.pc, 0x90000000u);
    ck_assert_uint_eq(res.last.pc, 0xbfc00380u);
    ck_assert_uint_eq(res.repeats, EXEC_FAULT_LOOP_DEFAULT);
    ck_assert_uint_eq(res.insns, 3);
    char msg[300];
    exec_describe(&res, msg, sizeof msg);
    ck_assert_msg(strstr(msg, "exception loop") && strstr(msg, "0x90000000") && !strchr(msg, '\n'),
                  "%s", msg);
}
END_TEST

START_TEST(test_interrupt_taken)
{
    const uint32_t code[] = {0x1000ffff, 0x00000000}; /* b . */
    load(code, 2);
    h->cpu.cp0[CP0_PRID][1] = 0x80000000u;                         /* EBase */
    h->cpu.cp0[CP0_STATUS][0] = ST_IE | (1u << (ST_IM_SHIFT + 2)); /* BEV clear */
    h->cpu.cp0[CP0_CAUSE][0] = 1u << (CAUSE_IP_SHIFT + 2);
    struct exec_result res = run(1);
    ck_assert_int_eq(res.stop, EXEC_STOP_LIMIT);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
    ck_assert_uint_eq((h->cpu.cp0[CP0_CAUSE][0] & CAUSE_EXC_MASK) >> CAUSE_EXC_SHIFT, EXC_INT);
    ck_assert(h->cpu.cp0[CP0_STATUS][0] & ST_EXL);
    ck_assert_uint_eq(h->cpu.pc, 0x80000180u + 4); /* one step into the vector */
}
END_TEST

START_TEST(test_engines)
{
    enum engine e;
    ck_assert_int_eq(engine_parse("interp", &e), 0);
    ck_assert_int_eq(e, ENGINE_INTERP);
    ck_assert_int_eq(engine_parse("jit", &e), 0);
    ck_assert(engine_available(e));
    ck_assert_int_eq(engine_parse("turbo", &e), -1);
    /* A translating engine without a translator to run it cannot start. */
    struct exec_config cfg = {ENGINE_JIT, true, 0, 0, {NULL, NULL}, NULL};
    struct exec_result res;
    ck_assert_int_eq(exec_run(&h->cpu, &cfg, &res), -1);
    ck_assert_int_eq(res.stop, EXEC_STOP_NO_ENGINE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("exec");
    TCase *tc = tcase_create("exec");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_poweroff_stops);
    tcase_add_test(tc, test_poweroff_ignores_byte_store);
    tcase_add_test(tc, test_fault_loop);
    tcase_add_test(tc, test_interrupt_taken);
    tcase_add_test(tc, test_engines);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
