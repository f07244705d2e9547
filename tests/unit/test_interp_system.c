/* tests/unit/test_interp_system.c — the interpreter's privileged class and the
 * CP0 register semantics behind it: MTC0/MFC0 writable masks, Count, Compare
 * clearing the timer interrupt, Random staying in [Wired, 31], ERET (EPC and
 * ErrorEPC, breaking the LL link, RI in a delay slot), DERET, WAIT, DI/EI,
 * RDPGPR/WRPGPR, the TLB instructions, Coprocessor Unusable for CP0/CP1/CP2,
 * and RDHWR in user mode with and without HWREna.
 *
 * Words assembled with mipsel-linux-gnu-as -march=mips32r2. User mode cannot
 * fetch from kseg0, so user-mode cases run a decoded word through interp_exec.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"

#define SENTINEL 0x5a5a5a5au

/* MTC0 $4, (reg, sel) and MFC0 $2, (reg, sel): COP0 MT/MF, rt in bits 20..16,
 * rd in 15..11, sel in 2..0 (e.g. 0x40846000 is mtc0 $4, $12). */
static uint32_t mtc0_word(unsigned reg, unsigned sel)
{
    return 0x40840000u | reg << 11 | sel;
}

static uint32_t mfc0_word(unsigned reg, unsigned sel)
{
    return 0x40020000u | reg << 11 | sel;
}

/* Runs one decoded word at the current pc through interp_exec. */
static bool exec_word(struct harness *h, uint32_t word)
{
    struct mips_insn in;
    mips_decode(word, &in);
    h->cpu.exc.code = EXC_NONE;
    return interp_exec(&h->cpu, &in);
}

struct mask_case {
    unsigned reg, sel;
    uint32_t write, want;
    const char *name;
};

static const struct mask_case mask_cases[] = {
    {0, 0, 0xffffffff, 0x0000001f, "Index: P is read-only"},
    {2, 0, 0xffffffff, 0x03ffffff, "EntryLo0"},
    {3, 0, 0xffffffff, 0x03ffffff, "EntryLo1"},
    {4, 0, 0xffffffff, 0xff800000, "Context: PTEBase only"},
    {4, 2, 0xdeadbeef, 0xdeadbeef, "UserLocal"},
    {5, 0, 0x1fffe000, 0x1fffe000, "PageMask: 256 MiB pages"},
    {5, 0, 0x00006000, 0x00006000, "PageMask: 16 KiB pages"},
    {5, 0, 0x00004000, 0x00000000, "PageMask: an unsupported mask becomes 4 KiB"},
    {5, 0, 0xffffffff, 0x00000000, "PageMask: bits above 28 make it unsupported"},
    {6, 0, 0xffffffff, 0x0000001f, "Wired"},
    {7, 0, 0xffffffff, 0x2000000f, "HWREna"},
    {8, 0, 0xffffffff, 0x00000000, "BadVAddr: read-only"},
    {10, 0, 0xffffffff, 0xffffe0ff, "EntryHi"},
    {11, 0, 0x12345678, 0x12345678, "Compare"},
    {12, 0, 0xffffffff, 0x3478ff17, "Status"},
    {12, 0, 0x00000000, 0x00000000, "Status cleared"},
    {12, 1, 0xffffffff, 0xe00003e0, "IntCtl: VS only"},
    {12, 1, 0x00000000, 0xe0000000, "IntCtl: IPTI fixed"},
    {12, 2, 0xffffffff, 0x00000000, "SRSCtl: no shadow sets"},
    {13, 0, 0xffffffff, 0x00800300, "Cause: IV, IP1..0"},
    {14, 0, 0xffffffff, 0xffffffff, "EPC"},
    {15, 0, 0xffffffff, 0x00019300, "PRId: read-only"},
    {15, 1, 0xffffffff, 0xbffff000, "EBase"},
    {15, 1, 0x00000000, 0x80000000, "EBase: bits 31..30 fixed"},
    {16, 0, 0xffffffff, 0x80000487, "Config: K0 only"},
    {16, 0, 0x00000000, 0x80000480, "Config: K0 cleared"},
    {16, 1, 0x00000000, 0xbe190c81, "Config1: read-only"},
    {16, 3, 0x00000000, 0x00002000, "Config3: read-only"},
    {17, 0, 0xffffffff, 0x00000000, "LLAddr: read-only"},
    {18, 0, 0xffffffff, 0x00000000, "WatchLo: absent"},
    {23, 0, 0xffffffff, 0x00000000, "Debug: absent"},
    {25, 0, 0xffffffff, 0x00000000, "PerfCnt: absent"},
    {30, 0, 0xffffffff, 0xffffffff, "ErrorEPC"},
    {31, 0, 0xffffffff, 0x00000000, "DESAVE: absent"},
};

START_TEST(system_cp0_masks)
{
    const struct mask_case *c = &mask_cases[_i];
    const uint32_t code[] = {mtc0_word(c->reg, c->sel), mfc0_word(c->reg, c->sel)};
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = c->write;
    h->cpu.gpr[2] = SENTINEL;
    ck_assert_msg(harness_run(h, code, 2), "%s raised %u", c->name, h->cpu.exc.code);
    ck_assert_msg(h->cpu.gpr[2] == c->want, "%s: wrote %#x, read %#x, want %#x", c->name,
                  c->write, h->cpu.gpr[2], c->want);
    harness_free(h);
}
END_TEST

/* Count restarts from the written value and advances once per two retired
 * instructions (core/cpu.h). */
START_TEST(system_count)
{
    static const uint32_t code[] = {
        0x40844800, /* mtc0 $4, $9 */
        0x00000000, /* nop */
        0x00000000, /* nop */
        0x00000000, /* nop */
        0x00000000, /* nop */
        0x40024800, /* mfc0 $2, $9 */
    };
    struct harness *h = harness_new(false);
    h->cpu.icount = 12345;
    h->cpu.gpr[4] = 0xfffffffe;
    ck_assert(harness_run(h, code, 6));
    ck_assert_uint_eq(h->cpu.gpr[2], 0xfffffffe + 5 / 2);
    harness_free(h);
}
END_TEST

/* Vol. III 9.19: writing Compare clears Cause.TI, and with it the timer's
 * IP line (IntCtl.IPTI = 7); other pending lines stay. */
START_TEST(system_compare_clears_timer)
{
    static const uint32_t code[] = {
        0x40845800, /* mtc0 $4, $11 */
        0x40026800, /* mfc0 $2, $13 */
    };
    struct harness *h = harness_new(false);
    h->cpu.cp0[CP0_CAUSE][0] = CAUSE_TI | 1u << (CAUSE_IP_SHIFT + 7) | 1u << (CAUSE_IP_SHIFT + 2);
    h->cpu.gpr[4] = 1000;
    ck_assert(harness_run(h, code, 2));
    ck_assert_uint_eq(h->cpu.gpr[2], 1u << (CAUSE_IP_SHIFT + 2));
    ck_assert_uint_eq(h->cpu.cp0[CP0_COMPARE][0], 1000);
    harness_free(h);
}
END_TEST

START_TEST(system_random_within_wired)
{
    static const uint32_t set_wired[] = {0x40843000}; /* mtc0 $4, $6 */
    static const uint32_t read_random[] = {0x40020800}; /* mfc0 $2, $1 */
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = 10;
    ck_assert(harness_run(h, set_wired, 1));
    uint32_t seen = 0;
    for (int i = 0; i < 64; i++) {
        ck_assert(harness_run(h, read_random, 1));
        ck_assert_uint_ge(h->cpu.gpr[2], 10);
        ck_assert_uint_le(h->cpu.gpr[2], TLB_ENTRIES - 1);
        seen |= 1u << h->cpu.gpr[2];
    }
    ck_assert_msg(__builtin_popcount(seen) > 1, "Random never changed");
    harness_free(h);
}
END_TEST

START_TEST(system_eret_from_exception)
{
    static const uint32_t code[] = {0x42000018}; /* eret */
    struct harness *h = harness_new(false);
    h->cpu.cp0[CP0_STATUS][0] = ST_BEV | ST_EXL | ST_IE;
    h->cpu.cp0[CP0_EPC][0] = 0x80002000;
    h->cpu.cp0[CP0_ERROREPC][0] = 0x80003000;
    h->cpu.llbit = true;
    ck_assert(harness_run(h, code, 1));
    ck_assert_uint_eq(h->cpu.pc, 0x80002000);
    ck_assert_uint_eq(h->cpu.cp0[CP0_STATUS][0], ST_BEV | ST_IE);
    ck_assert(!h->cpu.llbit);
    ck_assert(!h->cpu.in_delay);
    ck_assert_uint_eq(h->cpu.icount, 1);
    harness_free(h);
}
END_TEST

START_TEST(system_eret_from_error)
{
    static const uint32_t code[] = {0x42000018}; /* eret */
    struct harness *h = harness_new(false);
    h->cpu.cp0[CP0_STATUS][0] = ST_ERL | ST_EXL;
    h->cpu.cp0[CP0_EPC][0] = 0x80002000;
    h->cpu.cp0[CP0_ERROREPC][0] = 0x80003000;
    ck_assert(harness_run(h, code, 1));
    ck_assert_uint_eq(h->cpu.pc, 0x80003000);
    ck_assert_uint_eq(h->cpu.cp0[CP0_STATUS][0], ST_EXL);
    harness_free(h);
}
END_TEST

/* ERET breaks the LL/SC link: an SC after it fails. */
START_TEST(system_eret_breaks_link)
{
    static const uint32_t code[] = {
        0xc0820000, /* ll $2, 0($4) */
        0x42000018, /* eret: EPC = the sc below */
        0xe0850000, /* sc $5, 0($4) */
    };
    struct harness *h = harness_new(true);
    h->cpu.cp0[CP0_STATUS][0] |= ST_EXL;
    h->cpu.cp0[CP0_EPC][0] = HARNESS_CODE + 8;
    h->cpu.gpr[4] = HARNESS_DATA;
    h->cpu.gpr[5] = 0x77;
    ck_assert(harness_run(h, code, 3));
    ck_assert_uint_eq(h->cpu.gpr[5], 0);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 0);
    harness_free(h);
}
END_TEST

START_TEST(system_eret_in_delay_slot_is_reserved)
{
    static const uint32_t code[] = {
        0x10000002, /* b 1f */
        0x42000018, /* eret */
        0x00000000, /* nop */
        0x00000000, /* 1: nop */
    };
    struct harness *h = harness_new(false);
    h->cpu.cp0[CP0_STATUS][0] |= ST_EXL;
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert(h->cpu.in_delay);
    ck_assert(h->cpu.cp0[CP0_STATUS][0] & ST_EXL);
    harness_free(h);
}
END_TEST

START_TEST(system_deret_wait)
{
    static const uint32_t deret = 0x4200001f;
    static const uint32_t wait = 0x42000020;
    struct harness *h = harness_new(false);
    ck_assert(!harness_run(h, &deret, 1));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert(!h->cpu.waiting);
    ck_assert(harness_run(h, &wait, 1));
    ck_assert(h->cpu.waiting);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
    harness_free(h);
}
END_TEST

START_TEST(system_di_ei)
{
    static const uint32_t code[] = {
        0x41626000, /* di $2 */
        0x41636020, /* ei $3 */
        0x41606000, /* di */
    };
    struct harness *h = harness_new(false);
    uint32_t before = ST_BEV | ST_CU1 | ST_IE | 0xff00;
    h->cpu.cp0[CP0_STATUS][0] = before;
    ck_assert(harness_run(h, code, 2));
    ck_assert_uint_eq(h->cpu.gpr[2], before);
    ck_assert_uint_eq(h->cpu.gpr[3], before & ~ST_IE);
    ck_assert_uint_eq(h->cpu.cp0[CP0_STATUS][0], before);
    ck_assert(harness_run(h, code + 2, 1));
    ck_assert_uint_eq(h->cpu.cp0[CP0_STATUS][0], before & ~ST_IE);
    ck_assert_uint_eq(h->cpu.gpr[0], 0);
    harness_free(h);
}
END_TEST

START_TEST(system_shadow_set_moves)
{
    static const uint32_t code[] = {
        0x41441000, /* rdpgpr $2, $4 */
        0x41c51800, /* wrpgpr $3, $5 */
    };
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = 0x1111;
    h->cpu.gpr[5] = 0x2222;
    ck_assert(harness_run(h, code, 2));
    ck_assert_uint_eq(h->cpu.gpr[2], 0x1111);
    ck_assert_uint_eq(h->cpu.gpr[3], 0x2222);
    harness_free(h);
}
END_TEST

START_TEST(system_tlb_instructions)
{
    static const uint32_t tlbwi = 0x42000002, tlbp = 0x42000008, tlbr = 0x42000001,
                          tlbwr = 0x42000006;
    struct harness *h = harness_new(false);
    uint32_t *cp0_index = &h->cpu.cp0[CP0_INDEX][0];
    h->cpu.cp0[CP0_ENTRYHI][0] = 0x00400005;
    h->cpu.cp0[CP0_ENTRYLO0][0] = 0x80 << 6 | 0x6; /* PFN 0x80, D, V */
    h->cpu.cp0[CP0_ENTRYLO1][0] = 0x81 << 6 | 0x2;
    *cp0_index = 3;
    ck_assert(harness_run(h, &tlbwi, 1));
    ck_assert_uint_eq(h->cpu.tlb[3].entryhi, 0x00400005);

    *cp0_index = 0;
    ck_assert(harness_run(h, &tlbp, 1));
    ck_assert_uint_eq(*cp0_index, 3);
    h->cpu.cp0[CP0_ENTRYHI][0] = 0x00800005;
    ck_assert(harness_run(h, &tlbp, 1));
    ck_assert(*cp0_index & 0x80000000u);

    *cp0_index = 3;
    h->cpu.cp0[CP0_ENTRYLO0][0] = 0;
    ck_assert(harness_run(h, &tlbr, 1));
    ck_assert_uint_eq(h->cpu.cp0[CP0_ENTRYHI][0], 0x00400005);
    ck_assert_uint_eq(h->cpu.cp0[CP0_ENTRYLO0][0], 0x80 << 6 | 0x6);

    h->cpu.cp0[CP0_WIRED][0] = 31;
    h->cpu.cp0[CP0_ENTRYHI][0] = 0x00c00000;
    ck_assert(harness_run(h, &tlbwr, 1));
    ck_assert_uint_eq(h->cpu.tlb[31].entryhi, 0x00c00000);
    harness_free(h);
}
END_TEST

/* Vol. III: CP0 needs kernel mode or CU0; CP1 needs CU1 even in kernel mode;
 * CP2 does not exist. The faulting instruction changes nothing. */
START_TEST(system_coprocessor_unusable)
{
    struct harness *h = harness_new(false);
    h->cpu.pc = 0x00400000;
    h->cpu.gpr[2] = SENTINEL;

    h->cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU1;
    ck_assert(!exec_word(h, 0x40026000)); /* mfc0 $2, $12 */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.exc.ce, 0);
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    ck_assert(!exec_word(h, 0x42000018)); /* eret */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert(!exec_word(h, 0x41606000)); /* di */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.cp0[CP0_STATUS][0], ST_UM | ST_CU1);

    h->cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU0;
    ck_assert(exec_word(h, 0x40026000)); /* mfc0 $2, $12 */
    ck_assert_uint_eq(h->cpu.gpr[2], ST_UM | ST_CU0);

    h->cpu.cp0[CP0_STATUS][0] = 0; /* kernel mode, CU1 clear */
    ck_assert(!exec_word(h, 0x44020000)); /* mfc1 $2, $f0 */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.exc.ce, 1);

    h->cpu.cp0[CP0_STATUS][0] = ST_CU0 | ST_CU1;
    ck_assert(!exec_word(h, 0xc8820000)); /* lwc2 $2, 0($4) */
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.exc.ce, 2);
    ck_assert_uint_eq(h->cpu.pc, 0x00400004); /* only the mfc0 with CU0 retired */
    harness_free(h);
}
END_TEST

struct rdhwr_case {
    uint32_t word;
    unsigned reg;
    uint32_t want;
};

static const struct rdhwr_case rdhwr_cases[] = {
    {0x7c02003b, 0, 0}, /* rdhwr $2, $0: CPUNum */
    {0x7c02083b, 1, 32}, /* rdhwr $2, $1: SYNCI_Step */
    {0x7c02103b, 2, 5000}, /* rdhwr $2, $2: CC (Count set to 5000 below) */
    {0x7c02183b, 3, 2}, /* rdhwr $2, $3: CCRes */
    {0x7c02e83b, 29, 0xcafe0000}, /* rdhwr $2, $29: UserLocal */
};

START_TEST(system_rdhwr_user_mode)
{
    const struct rdhwr_case *c = &rdhwr_cases[_i];
    struct harness *h = harness_new(false);
    h->cpu.pc = 0x00400000;
    h->cpu.cp0[CP0_CONTEXT][2] = 0xcafe0000;
    cpu_set_count(&h->cpu, 5000);
    h->cpu.cp0[CP0_STATUS][0] = ST_UM;
    h->cpu.gpr[2] = SENTINEL;

    /* Every bit but this register's: still RI. */
    h->cpu.cp0[CP0_HWRENA][0] = 0x2000000fu & ~(1u << c->reg);
    ck_assert(!exec_word(h, c->word));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);

    h->cpu.cp0[CP0_HWRENA][0] = 1u << c->reg;
    ck_assert(exec_word(h, c->word));
    ck_assert_uint_eq(h->cpu.gpr[2], c->want);
    harness_free(h);
}
END_TEST

START_TEST(system_rdhwr_kernel_and_missing)
{
    static const uint32_t code[] = {
        0x7c02e83b, /* rdhwr $2, $29 */
        0x7c02183b, /* rdhwr $2, $3 */
    };
    static const uint32_t missing = 0x7c02203b; /* rdhwr $2, $4 */
    struct harness *h = harness_new(false);
    h->cpu.cp0[CP0_CONTEXT][2] = 0x1234;
    ck_assert(harness_run(h, code, 1)); /* kernel mode: no HWREna needed */
    ck_assert_uint_eq(h->cpu.gpr[2], 0x1234);
    ck_assert(harness_run(h, code + 1, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], 2);
    ck_assert(!harness_run(h, &missing, 1));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    /* Without Config3.ULRI, UserLocal does not exist. */
    h->cpu.cp0[CP0_CONFIG][3] = 0;
    ck_assert(!harness_run(h, code, 1));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_system");
    TCase *tc = tcase_create("system");
    tcase_add_loop_test(tc, system_cp0_masks, 0, sizeof mask_cases / sizeof mask_cases[0]);
    tcase_add_test(tc, system_count);
    tcase_add_test(tc, system_compare_clears_timer);
    tcase_add_test(tc, system_random_within_wired);
    tcase_add_test(tc, system_eret_from_exception);
    tcase_add_test(tc, system_eret_from_error);
    tcase_add_test(tc, system_eret_breaks_link);
    tcase_add_test(tc, system_eret_in_delay_slot_is_reserved);
    tcase_add_test(tc, system_deret_wait);
    tcase_add_test(tc, system_di_ei);
    tcase_add_test(tc, system_shadow_set_moves);
    tcase_add_test(tc, system_tlb_instructions);
    tcase_add_test(tc, system_coprocessor_unusable);
    tcase_add_loop_test(tc, system_rdhwr_user_mode, 0, sizeof rdhwr_cases / sizeof rdhwr_cases[0]);
    tcase_add_test(tc, system_rdhwr_kernel_and_missing);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
