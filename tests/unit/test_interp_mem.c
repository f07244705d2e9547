/* tests/unit/test_interp_mem.c — the interpreter's memory class on both byte
 * orders: loads with sign/zero extension, stores, address errors on unaligned
 * accesses, LWL/LWR/SWL/SWR at every byte offset against the manual's tables,
 * faults leaving the destination untouched (TLB refill, bus error), LL/SC with
 * QEMU's address-and-value rule, and CACHE/PREF/SYNC/SYNCI.
 *
 * Words assembled with mipsel-linux-gnu-as -march=mips32r2
 * -mno-fix-loongson3-llsc; base register $4 = HARNESS_DATA unless stated.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"

#define SENTINEL 0x5a5a5a5au
#define DATA_PHYS (HARNESS_DATA & 0x1fffffffu)

static uint8_t *data_bytes(struct harness *h)
{
    return h->ram + DATA_PHYS;
}

static void set_bytes(struct harness *h, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
    uint8_t *p = data_bytes(h);
    p[0] = b0;
    p[1] = b1;
    p[2] = b2;
    p[3] = b3;
}

static struct harness *new_machine(bool big_endian)
{
    struct harness *h = harness_new(big_endian);
    h->cpu.gpr[2] = SENTINEL;
    h->cpu.gpr[4] = HARNESS_DATA;
    return h;
}

struct load_case {
    uint32_t word;
    uint32_t want_le, want_be;
    const char *text;
};

/* Memory bytes at HARNESS_DATA: 81 02 83 04. */
static const struct load_case load_cases[] = {
    {0x80820000, 0xffffff81, 0xffffff81, "lb $2, 0($4)"},
    {0x80820001, 0x00000002, 0x00000002, "lb $2, 1($4)"},
    {0x90820000, 0x00000081, 0x00000081, "lbu $2, 0($4)"},
    {0x84820000, 0x00000281, 0xffff8102, "lh $2, 0($4)"},
    {0x84820002, 0x00000483, 0xffff8304, "lh $2, 2($4)"},
    {0x94820000, 0x00000281, 0x00008102, "lhu $2, 0($4)"},
    {0x94820002, 0x00000483, 0x00008304, "lhu $2, 2($4)"},
    {0x8c820000, 0x04830281, 0x81028304, "lw $2, 0($4)"},
};

START_TEST(mem_loads)
{
    for (unsigned i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
        const struct load_case *c = &load_cases[i];
        struct harness *h = new_machine(_i);
        set_bytes(h, 0x81, 0x02, 0x83, 0x04);
        ck_assert_msg(harness_run(h, &c->word, 1), "%s raised %u", c->text, h->cpu.exc.code);
        uint32_t want = _i ? c->want_be : c->want_le;
        ck_assert_msg(h->cpu.gpr[2] == want, "%s (%s-endian): got %#x, want %#x", c->text,
                      _i ? "big" : "little", h->cpu.gpr[2], want);
        harness_free(h);
    }
}
END_TEST

START_TEST(mem_stores)
{
    static const uint32_t code[] = {
        0xac850000, /* sw $5, 0($4) */
        0xa4860004, /* sh $6, 4($4) */
        0xa4860006, /* sh $6, 6($4) */
        0xa0870009, /* sb $7, 9($4) */
    };
    static const uint8_t want_le[] = {0x44, 0x33, 0x22, 0x11, 0xdd, 0xcc, 0xdd, 0xcc, 0, 0xee};
    static const uint8_t want_be[] = {0x11, 0x22, 0x33, 0x44, 0xcc, 0xdd, 0xcc, 0xdd, 0, 0xee};
    struct harness *h = new_machine(_i);
    h->cpu.gpr[5] = 0x11223344;
    h->cpu.gpr[6] = 0xaabbccdd;
    h->cpu.gpr[7] = 0x123456ee;
    ck_assert(harness_run(h, code, 4));
    ck_assert_mem_eq(data_bytes(h), _i ? want_be : want_le, sizeof want_le);
    harness_free(h);
}
END_TEST

struct align_case {
    uint32_t word;
    uint32_t offset;
    enum mips_exc code;
    const char *text;
};

static const struct align_case align_cases[] = {
    {0x84820001, 1, EXC_ADEL, "lh $2, 1($4)"},
    {0x94820003, 3, EXC_ADEL, "lhu $2, 3($4)"},
    {0x8c820002, 2, EXC_ADEL, "lw $2, 2($4)"},
    {0x8c820001, 1, EXC_ADEL, "lw $2, 1($4)"},
    {0xc0820003, 3, EXC_ADEL, "ll $2, 3($4)"},
    {0xa4820001, 1, EXC_ADES, "sh $2, 1($4)"},
    {0xac820002, 2, EXC_ADES, "sw $2, 2($4)"},
    {0xe0820001, 1, EXC_ADES, "sc $2, 1($4)"},
};

/* Vol. II LH/LW/SH/SW/LL/SC: an unaligned address raises Address Error with
 * BadVAddr = the address, and nothing is written. */
START_TEST(mem_unaligned_address_error)
{
    for (unsigned i = 0; i < sizeof align_cases / sizeof align_cases[0]; i++) {
        const struct align_case *c = &align_cases[i];
        struct harness *h = new_machine(_i);
        set_bytes(h, 1, 2, 3, 4);
        ck_assert_msg(!harness_run(h, &c->word, 1), "%s did not fault", c->text);
        ck_assert_uint_eq(h->cpu.exc.code, c->code);
        ck_assert(h->cpu.exc.has_badvaddr);
        ck_assert_uint_eq(h->cpu.exc.badvaddr, HARNESS_DATA + c->offset);
        ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
        ck_assert_uint_eq(data_bytes(h)[0], 1);
        ck_assert_uint_eq(data_bytes(h)[3], 4);
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE);
        harness_free(h);
    }
}
END_TEST

/* LWL/LWR (Vol. II tables): memory bytes 11 22 33 44 at offsets 0..3,
 * register $2 = aa bb cc dd before. */
static const uint32_t lwl_want[2][4] = {
    {0x11bbccdd, 0x2211ccdd, 0x332211dd, 0x44332211}, /* little-endian */
    {0x11223344, 0x223344dd, 0x3344ccdd, 0x44bbccdd}, /* big-endian */
};
static const uint32_t lwr_want[2][4] = {
    {0x44332211, 0xaa443322, 0xaabb4433, 0xaabbcc44},
    {0xaabbcc11, 0xaabb1122, 0xaa112233, 0x11223344},
};

START_TEST(mem_lwl_lwr_every_offset)
{
    for (unsigned off = 0; off < 4; off++) {
        const uint32_t lwl = 0x88820000 | off; /* lwl $2, off($4) */
        const uint32_t lwr = 0x98820000 | off; /* lwr $2, off($4) */
        struct harness *h = new_machine(_i);
        set_bytes(h, 0x11, 0x22, 0x33, 0x44);
        h->cpu.gpr[2] = 0xaabbccdd;
        ck_assert(harness_run(h, &lwl, 1));
        ck_assert_msg(h->cpu.gpr[2] == lwl_want[_i][off], "lwl offset %u: got %#x, want %#x", off,
                      h->cpu.gpr[2], lwl_want[_i][off]);
        h->cpu.gpr[2] = 0xaabbccdd;
        ck_assert(harness_run(h, &lwr, 1));
        ck_assert_msg(h->cpu.gpr[2] == lwr_want[_i][off], "lwr offset %u: got %#x, want %#x", off,
                      h->cpu.gpr[2], lwr_want[_i][off]);
        harness_free(h);
    }
}
END_TEST

/* SWL/SWR: memory 11 22 33 44, register $5 = aabbccdd; the bytes after. */
static const uint8_t swl_want[2][4][4] = {
    {{0xaa, 0x22, 0x33, 0x44}, {0xbb, 0xaa, 0x33, 0x44},
     {0xcc, 0xbb, 0xaa, 0x44}, {0xdd, 0xcc, 0xbb, 0xaa}},
    {{0xaa, 0xbb, 0xcc, 0xdd}, {0x11, 0xaa, 0xbb, 0xcc},
     {0x11, 0x22, 0xaa, 0xbb}, {0x11, 0x22, 0x33, 0xaa}},
};
static const uint8_t swr_want[2][4][4] = {
    {{0xdd, 0xcc, 0xbb, 0xaa}, {0x11, 0xdd, 0xcc, 0xbb},
     {0x11, 0x22, 0xdd, 0xcc}, {0x11, 0x22, 0x33, 0xdd}},
    {{0xdd, 0x22, 0x33, 0x44}, {0xcc, 0xdd, 0x33, 0x44},
     {0xbb, 0xcc, 0xdd, 0x44}, {0xaa, 0xbb, 0xcc, 0xdd}},
};

START_TEST(mem_swl_swr_every_offset)
{
    for (unsigned off = 0; off < 4; off++) {
        const uint32_t swl = 0xa8850000 | off; /* swl $5, off($4) */
        const uint32_t swr = 0xb8850000 | off; /* swr $5, off($4) */
        struct harness *h = new_machine(_i);
        h->cpu.gpr[5] = 0xaabbccdd;
        set_bytes(h, 0x11, 0x22, 0x33, 0x44);
        ck_assert(harness_run(h, &swl, 1));
        ck_assert_mem_eq(data_bytes(h), swl_want[_i][off], 4);
        set_bytes(h, 0x11, 0x22, 0x33, 0x44);
        ck_assert(harness_run(h, &swr, 1));
        ck_assert_mem_eq(data_bytes(h), swr_want[_i][off], 4);
        ck_assert_uint_eq(data_bytes(h)[4], 0);
        harness_free(h);
    }
}
END_TEST

/* The idiom compilers use for an unaligned word: bytes 1..4. */
START_TEST(mem_unaligned_word_idiom)
{
    static const uint32_t be_code[] = {
        0x88820001, /* lwl $2, 1($4) */
        0x98820004, /* lwr $2, 4($4) */
    };
    static const uint32_t le_code[] = {
        0x88820004, /* lwl $2, 4($4) */
        0x98820001, /* lwr $2, 1($4) */
    };
    struct harness *h = new_machine(_i);
    uint8_t *p = data_bytes(h);
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(0x10 + i);
    ck_assert(harness_run(h, _i ? be_code : le_code, 2));
    ck_assert_uint_eq(h->cpu.gpr[2], _i ? 0x11121314 : 0x14131211);
    harness_free(h);
}
END_TEST

/* A TLB fault leaves the destination alone and reports the instruction's own
 * address, also for the unaligned-word forms. */
START_TEST(mem_tlb_fault_leaves_register)
{
    static const struct {
        uint32_t word;
        uint32_t badvaddr;
        enum mips_exc code;
    } cases[] = {
        {0x8c820000, 0x00400000, EXC_TLBL}, /* lw $2, 0($4) */
        {0x88820001, 0x00400001, EXC_TLBL}, /* lwl $2, 1($4) */
        {0x98820002, 0x00400002, EXC_TLBL}, /* lwr $2, 2($4) */
        {0xac820000, 0x00400000, EXC_TLBS}, /* sw $2, 0($4) */
        {0xa8820003, 0x00400003, EXC_TLBS}, /* swl $2, 3($4) */
        {0xb8820001, 0x00400001, EXC_TLBS}, /* swr $2, 1($4) */
        {0xe0820000, 0x00400000, EXC_TLBS}, /* sc $2, 0($4) */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct harness *h = new_machine(_i);
        h->cpu.gpr[4] = 0x00400000; /* kuseg, no TLB entry */
        ck_assert(!harness_run(h, &cases[i].word, 1));
        ck_assert_uint_eq(h->cpu.exc.code, cases[i].code);
        ck_assert(h->cpu.exc.tlb_refill);
        ck_assert_uint_eq(h->cpu.exc.badvaddr, cases[i].badvaddr);
        ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
        ck_assert_uint_eq(h->cpu.icount, 0);
        harness_free(h);
    }
}
END_TEST

START_TEST(mem_bus_error)
{
    static const uint32_t lw = 0x8c820000; /* lw $2, 0($4) */
    struct harness *h = new_machine(_i);
    h->cpu.gpr[4] = 0xa0200000; /* kseg1, physical 2 MiB: beyond the harness RAM */
    ck_assert(!harness_run(h, &lw, 1));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_DBE);
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    harness_free(h);
}
END_TEST

#define LL 0xc0820000u /* ll $2, 0($4) */
#define SC 0xe0850000u /* sc $5, 0($4) */

START_TEST(mem_ll_sc_succeeds)
{
    const uint32_t code[] = {LL, SC};
    struct harness *h = new_machine(_i);
    harness_poke32(h, HARNESS_DATA, 0x1234);
    h->cpu.gpr[5] = 0xbeef;
    ck_assert(harness_run(h, code, 2));
    ck_assert_uint_eq(h->cpu.gpr[2], 0x1234);
    ck_assert_uint_eq(h->cpu.gpr[5], 1);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 0xbeef);
    /* LLAddr holds PAddr >> 4. */
    ck_assert_uint_eq(h->cpu.cp0[CP0_LLADDR][0], DATA_PHYS >> 4);
    harness_free(h);
}
END_TEST

START_TEST(mem_sc_without_link_fails)
{
    const uint32_t code[] = {SC};
    struct harness *h = new_machine(_i);
    harness_poke32(h, HARNESS_DATA, 0x1234);
    h->cpu.gpr[5] = 0xbeef;
    ck_assert(harness_run(h, code, 1));
    ck_assert_uint_eq(h->cpu.gpr[5], 0);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA), 0x1234);
    harness_free(h);
}
END_TEST

/* QEMU's rule: SC fails when the word changed since LL, succeeds when a store
 * wrote back the same value, and fails at another address. */
START_TEST(mem_sc_compares_address_and_value)
{
    static const struct {
        uint32_t between; /* instruction between LL and SC */
        uint32_t r6;
        uint32_t sc;
        uint32_t want_rt;
    } cases[] = {
        {0xac860000, 0x9999, SC, 0}, /* sw $6, 0($4): another value */
        {0xac860000, 0x1234, SC, 1}, /* sw $6, 0($4): the same value */
        {0x00000000, 0, 0xe0850004, 0}, /* nop; sc $5, 4($4): another address */
    };
    for (unsigned i = 0; i < 3; i++) {
        const uint32_t code[] = {LL, cases[i].between, cases[i].sc};
        struct harness *h = new_machine(_i);
        harness_poke32(h, HARNESS_DATA, 0x1234);
        h->cpu.gpr[5] = 0xbeef;
        h->cpu.gpr[6] = cases[i].r6;
        ck_assert(harness_run(h, code, 3));
        ck_assert_uint_eq(h->cpu.gpr[5], cases[i].want_rt);
        uint32_t word = harness_peek32(h, HARNESS_DATA);
        ck_assert_uint_eq(word, cases[i].want_rt ? 0xbeef : (i == 0 ? 0x9999 : 0x1234));
        harness_free(h);
    }
}
END_TEST

START_TEST(mem_cache_and_hints)
{
    static const uint32_t code[] = {
        0xbc900000, /* cache 0x10, 0($4) */
        0xbc800000, /* cache 0x0, 0($4) */
        0xcc800000, /* pref 0, 0($4) */
        0x0000000f, /* sync */
        0x049f0000, /* synci 0($4) */
    };
    struct harness *h = new_machine(_i);
    h->cpu.gpr[4] = 0x00400000; /* unmapped: these never translate (as QEMU) */
    ck_assert(harness_run(h, code, 5));
    ck_assert_uint_eq(h->cpu.icount, 5);
    ck_assert_uint_eq(h->cpu.gpr[2], SENTINEL);
    harness_free(h);
}
END_TEST

/* CACHE is privileged: in user mode without CU0 it is Coprocessor Unusable 0.
 * User mode cannot fetch from kseg0, so the decoded word runs through
 * interp_exec. */
START_TEST(mem_cache_user_mode)
{
    struct harness *h = new_machine(_i);
    struct mips_insn in;
    mips_decode(0xbc900000, &in); /* cache 0x10, 0($4) */
    h->cpu.cp0[CP0_STATUS][0] = ST_UM;
    h->cpu.pc = 0x00400000;
    ck_assert(!interp_exec(&h->cpu, &in));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.exc.ce, 0);
    ck_assert_uint_eq(h->cpu.pc, 0x00400000);
    h->cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU0;
    h->cpu.exc.code = EXC_NONE;
    ck_assert(interp_exec(&h->cpu, &in));
    ck_assert_uint_eq(h->cpu.pc, 0x00400004);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_mem");
    TCase *tc = tcase_create("mem");
    /* Every test runs little-endian (_i = 0) and big-endian (_i = 1). */
    tcase_add_loop_test(tc, mem_loads, 0, 2);
    tcase_add_loop_test(tc, mem_stores, 0, 2);
    tcase_add_loop_test(tc, mem_unaligned_address_error, 0, 2);
    tcase_add_loop_test(tc, mem_lwl_lwr_every_offset, 0, 2);
    tcase_add_loop_test(tc, mem_swl_swr_every_offset, 0, 2);
    tcase_add_loop_test(tc, mem_unaligned_word_idiom, 0, 2);
    tcase_add_loop_test(tc, mem_tlb_fault_leaves_register, 0, 2);
    tcase_add_loop_test(tc, mem_bus_error, 0, 2);
    tcase_add_loop_test(tc, mem_ll_sc_succeeds, 0, 2);
    tcase_add_loop_test(tc, mem_sc_without_link_fails, 0, 2);
    tcase_add_loop_test(tc, mem_sc_compares_address_and_value, 0, 2);
    tcase_add_loop_test(tc, mem_cache_and_hints, 0, 2);
    tcase_add_loop_test(tc, mem_cache_user_mode, 0, 2);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
