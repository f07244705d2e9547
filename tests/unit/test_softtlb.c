/* tests/unit/test_softtlb.c — the soft TLB across ASIDs (softmmu/softtlb.c):
 * a switch keeps what no ASID changes, brings back what the new ASID had,
 * TLB writes drop saved entries of their ASID, new code pages strip write
 * tags from saved entries, ERL changes empty everything; and the inline
 * probe of translated code never hits an empty entry. */
#include <check.h>
#include <stdlib.h>

#include "core/jit.h"
#include "softmmu/softtlb.h"
#include "softmmu/tlb.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"

#define ADDEND 0x1000000u

static struct cpu *cpu;
static struct softtlb_asids *st;

static void setup(void)
{
    cpu = calloc(1, sizeof *cpu);
    st = calloc(1, sizeof *st);
    cpu_reset(cpu, NULL, false);
    cpu->cp0[CP0_STATUS][0] = 0; /* ERL clear: kuseg mapped */
    softtlb_reset(st, cpu);
}

static void teardown(void)
{
    free(st);
    free(cpu);
}

static const struct ir_softtlb_entry *live(unsigned mode, uint32_t vpage)
{
    return &cpu->softtlb[mode][(vpage >> 12) & (SOFTTLB_ENTRIES - 1)];
}

static void set_asid(unsigned asid)
{
    cpu->cp0[CP0_ENTRYHI][0] = asid;
    cpu->mmu_gen++; /* as frontend/cp0.c does on an ASID write */
}

/* A guest TLB entry mapping the 8 KiB pair at vpn2 for asid (g: global). */
static void map(unsigned index, uint32_t vpn2, unsigned asid, bool g)
{
    cpu->tlb[index] = (struct tlb_entry){vpn2 | asid, 0, (1u << 6) | 6u | g, (2u << 6) | 6u | g};
}

START_TEST(switch_saves_and_restores)
{
    set_asid(1);
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_SWITCHED);
    softtlb_set(st, cpu, 1, 0x00400000u, ADDEND, true, true);
    softtlb_set(st, cpu, 0, 0x80100000u, ADDEND, true, false); /* kseg0 */
    set_asid(2);
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_SWITCHED);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, IR_SOFTTLB_INVALID);
    ck_assert_uint_eq(live(0, 0x80100000u)->read_tag, 0x80100000u);
    softtlb_set(st, cpu, 1, 0x00400000u, ADDEND * 2, false, true);
    set_asid(1);
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_SWITCHED);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, 0x00400000u);
    ck_assert_uint_eq(live(1, 0x00400000u)->write_tag, 0x00400000u);
    ck_assert_uint_eq(live(1, 0x00400000u)->addend, ADDEND);
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_SAME);
}
END_TEST

START_TEST(tlb_write_drops_saved_entries_of_its_asid)
{
    set_asid(1);
    softtlb_sync(st, cpu);
    softtlb_set(st, cpu, 1, 0x00400000u, ADDEND, true, true);
    softtlb_set(st, cpu, 1, 0x00402000u, ADDEND, true, true);
    set_asid(2);
    softtlb_sync(st, cpu);
    /* ASID 2's write leaves ASID 1 alone; ASID 1's drops its page only. */
    ck_assert(!softtlb_drop_range(st, cpu, 0x00400000u, 0x2000u, 3));
    ck_assert(!softtlb_drop_range(st, cpu, 0x00400000u, 0x2000u, 1));
    set_asid(1);
    softtlb_sync(st, cpu);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, IR_SOFTTLB_INVALID);
    ck_assert_uint_eq(live(1, 0x00402000u)->read_tag, 0x00402000u);
    /* A global entry's write reaches the live table. */
    ck_assert(softtlb_drop_range(st, cpu, 0x00402000u, 0x2000u, SOFTTLB_GLOBAL));
    ck_assert_uint_eq(live(1, 0x00402000u)->read_tag, IR_SOFTTLB_INVALID);
}
END_TEST

START_TEST(large_page_drop_scans_the_table)
{
    softtlb_set(st, cpu, 0, 0xc0123000u, ADDEND, false, true);
    softtlb_set(st, cpu, 0, 0xc0ff0000u, ADDEND, false, true);
    softtlb_set(st, cpu, 0, 0xc1234000u, ADDEND, false, true); /* past the 16 MiB */
    ck_assert(softtlb_drop_range(st, cpu, 0xc0000000u, 16u << 20, 0));
    ck_assert_uint_eq(live(0, 0xc0123000u)->read_tag, IR_SOFTTLB_INVALID);
    ck_assert_uint_eq(live(0, 0xc0ff0000u)->read_tag, IR_SOFTTLB_INVALID);
    ck_assert_uint_eq(live(0, 0xc1234000u)->read_tag, 0xc1234000u);
}
END_TEST

START_TEST(new_code_strips_saved_write_tags)
{
    set_asid(1);
    softtlb_sync(st, cpu);
    softtlb_set(st, cpu, 1, 0x00400000u, ADDEND, true, true);
    set_asid(2);
    softtlb_sync(st, cpu);
    softtlb_drop_write_tags(st, cpu);
    set_asid(1);
    softtlb_sync(st, cpu);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, 0x00400000u);
    ck_assert_uint_eq(live(1, 0x00400000u)->write_tag, IR_SOFTTLB_INVALID);
}
END_TEST

START_TEST(erl_change_flushes)
{
    softtlb_set(st, cpu, 0, 0x80100000u, ADDEND, true, false);
    cpu->cp0[CP0_STATUS][0] |= ST_ERL;
    cpu->mmu_gen++;
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_FLUSHED);
    ck_assert_uint_eq(live(0, 0x80100000u)->read_tag, IR_SOFTTLB_INVALID);
}
END_TEST

START_TEST(lru_keeps_the_recent_asids)
{
    for (unsigned a = 1; a <= SOFTTLB_SLOTS + 2; a++) {
        set_asid(a);
        softtlb_sync(st, cpu);
        softtlb_set(st, cpu, 1, 0x00400000u, ADDEND * a, false, true);
    }
    set_asid(SOFTTLB_SLOTS + 3);
    softtlb_sync(st, cpu);
    set_asid(1); /* the oldest: evicted */
    softtlb_sync(st, cpu);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, IR_SOFTTLB_INVALID);
    set_asid(SOFTTLB_SLOTS + 2); /* the newest saved: back */
    softtlb_sync(st, cpu);
    ck_assert_uint_eq(live(1, 0x00400000u)->addend, ADDEND * (SOFTTLB_SLOTS + 2));
}
END_TEST

START_TEST(dependence_follows_the_g_bit)
{
    map(0, 0x00400000u, 1, false);
    map(1, 0xc0000000u, 1, true);
    set_asid(1);
    ck_assert(softtlb_asid_dependent(cpu, 0x00400000u));
    ck_assert(!softtlb_asid_dependent(cpu, 0xc0001000u));
    ck_assert(!softtlb_asid_dependent(cpu, 0x80400000u));
    ck_assert(!softtlb_asid_dependent(cpu, 0xa0400000u));
    ck_assert(tlb_global(cpu, 0xc0000000u));
    ck_assert(!tlb_global(cpu, 0x00400000u));
}
END_TEST

/* An unaligned LH/LW at 0x...1 of virtual page 0 masks to 0x1, which was the
 * empty entry's tag: translated code then hit and read the host at the guest
 * address. It must take the slow path and raise AdEL. */
/* More entries than a list tracks (SOFTTLB_TRACK): the switch falls back to
 * scanning and still moves every one, both ways, many times over; a slot
 * reused after holding many entries comes back empty but for its own. */
START_TEST(switch_past_the_tracked_lists)
{
    for (int round = 0; round < 4; round++) {
        for (unsigned asid = 1; asid <= 2; asid++) {
            set_asid(asid);
            softtlb_sync(st, cpu);
            unsigned n = asid == 1 ? SOFTTLB_TRACK + 40 : 20;
            for (unsigned k = 0; k < n; k++)
                softtlb_set(st, cpu, 1, 0x00400000u + k * 0x1000u, ADDEND * asid, true, true);
        }
        set_asid(1);
        softtlb_sync(st, cpu);
        for (unsigned k = 0; k < SOFTTLB_TRACK + 40; k++) {
            const struct ir_softtlb_entry *e = live(1, 0x00400000u + k * 0x1000u);
            ck_assert_uint_eq(e->read_tag, 0x00400000u + k * 0x1000u);
            ck_assert_uint_eq(e->addend, ADDEND);
        }
        set_asid(2);
        softtlb_sync(st, cpu);
        for (unsigned k = 0; k < SOFTTLB_TRACK + 40; k++) {
            const struct ir_softtlb_entry *e = live(1, 0x00400000u + k * 0x1000u);
            if (k < 20) {
                ck_assert_uint_eq(e->addend, ADDEND * 2);
            } else {
                ck_assert_uint_eq(e->read_tag, IR_SOFTTLB_INVALID); /* ASID 1's stay saved */
            }
        }
    }
    /* A third ASID reuses slots that held hundreds of entries: nothing of
     * theirs may leak into it. */
    for (unsigned asid = 3; asid < 3 + SOFTTLB_SLOTS + 2; asid++) {
        set_asid(asid);
        softtlb_sync(st, cpu);
        for (unsigned k = 0; k < SOFTTLB_TRACK + 40; k++)
            ck_assert_uint_eq(live(1, 0x00400000u + k * 0x1000u)->read_tag, IR_SOFTTLB_INVALID);
        softtlb_set(st, cpu, 1, 0x10000000u + asid * 0x1000u, ADDEND, false, true);
    }
}
END_TEST

/* TLBR loads EntryHi, ASID included: the change must count as a switch
 * (mmu_gen), or the dispatcher would keep the old ASID's soft TLB. */
START_TEST(tlbr_of_another_asid_is_a_switch)
{
    set_asid(1);
    softtlb_sync(st, cpu);
    softtlb_set(st, cpu, 1, 0x00400000u, ADDEND, true, true);
    map(3, 0x00400000u, 2, false);
    cpu->cp0[CP0_INDEX][0] = 3;
    uint32_t gen = cpu->mmu_gen;
    tlb_read(cpu);
    ck_assert_uint_eq(cpu->cp0[CP0_ENTRYHI][0] & 0xffu, 2);
    ck_assert_uint_ne(cpu->mmu_gen, gen);
    ck_assert_int_eq(softtlb_sync(st, cpu), SOFTTLB_SWITCHED);
    ck_assert_uint_eq(live(1, 0x00400000u)->read_tag, IR_SOFTTLB_INVALID);
    gen = cpu->mmu_gen;
    tlb_read(cpu); /* same ASID again: nothing to do */
    ck_assert_uint_eq(cpu->mmu_gen, gen);
}
END_TEST

START_TEST(unaligned_page0_never_hits_an_empty_entry)
{
    static const unsigned ops[] = {OPC_LW, OPC_LH};
    struct harness *h = harness_new(false);
    struct jit_config cfg = {0};
    char err[200];
    opt_config_default(&cfg.opt);
    ck_assert_msg(jit_new(&h->cpu, &cfg, err, sizeof err) != NULL, "%s", err);
    const uint32_t code[] = {enc_i(ops[_i], 0, 8, 0x0ca5), ENC_NOP, ENC_NOP};
    for (unsigned i = 0; i < 3; i++)
        harness_poke32(h, HARNESS_CODE + 4 * i, code[i]);
    h->cpu.pc = HARNESS_CODE;
    h->cpu.exc.code = EXC_NONE;
    enum jit_result r = jit_run(h->cpu.jit, &h->cpu);
    ck_assert_int_eq(r, JIT_EXCEPTION);
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADEL);
    ck_assert_uint_eq(h->cpu.exc.badvaddr, 0x0ca5u);
    jit_free(h->cpu.jit);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("softtlb");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, switch_saves_and_restores);
    tcase_add_test(tc, tlb_write_drops_saved_entries_of_its_asid);
    tcase_add_test(tc, large_page_drop_scans_the_table);
    tcase_add_test(tc, new_code_strips_saved_write_tags);
    tcase_add_test(tc, erl_change_flushes);
    tcase_add_test(tc, lru_keeps_the_recent_asids);
    tcase_add_test(tc, dependence_follows_the_g_bit);
    tcase_add_test(tc, switch_past_the_tracked_lists);
    tcase_add_test(tc, tlbr_of_another_asid_is_a_switch);
    tcase_add_loop_test(tc, unaligned_page0_never_hits_an_empty_entry, 0, 2);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
