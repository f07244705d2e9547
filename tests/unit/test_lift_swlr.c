/* tests/unit/test_lift_swlr.c — SWL/SWR as the lifter emits them
 * (frontend/lift_mem.c: a store-permission probe, then an aligned IR load,
 * merge and store), run by the real translating engine (core/jit.h, x86-64
 * backend, soft-TLB and flat fast paths) against the reference interpreter:
 * the lifted shape, every byte offset in both byte orders, the store's own
 * fault (Mod/TLBS/AdES at the unaligned address, never a load fault, nothing
 * written) on pages that are readable but not writable, a partial store that
 * rewrites the next instruction of its own block, and the user-mode flat path.
 * Also MOVF/MOVT (frontend/lift_movci.c), lifted off the interpreter
 * fallback for the same reason: every condition code both ways, CU1 off.
 */
#include <check.h>

#include "core/jit.h"
#include "frontend/lift.h"
#include "linux-user/guest_mem.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"

#define T2 10
#define V0 2
#define A0 4
#define A1 5
#define K1 27
#define SYSCALL enc_r(FN_SYSCALL, 0, 0, 0, 0)
#define RO_PAGE 0x00600000u   /* TLB: readable, not writable (D = 0) -> physical 0x80000 */
#define GONE_PAGE 0x00601000u /* TLB: the entry's odd page, invalid (V = 0) */

static struct harness *jh_new(bool big_endian)
{
    struct harness *h = harness_new(big_endian);
    struct jit_config cfg = {0};
    char err[200];
    opt_config_default(&cfg.opt);
    ck_assert_msg(jit_new(&h->cpu, &cfg, err, sizeof err) != NULL, "%s", err);
    return h;
}

static void jh_free(struct harness *h)
{
    jit_free(h->cpu.jit);
    harness_free(h);
}

static void load(struct harness *h, uint32_t at, const uint32_t *code, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        harness_poke32(h, at + 4 * i, code[i]);
}

/* Runs from pc until an exception, translated (jit) or interpreted; returns
 * its code. */
static unsigned run(struct harness *h, uint32_t pc, bool jit)
{
    struct cpu *cpu = &h->cpu;
    cpu->pc = pc;
    cpu->in_delay = false;
    cpu->exc.code = EXC_NONE;
    for (int i = 0; i < 100000; i++) {
        enum jit_result r = JIT_INTERPRET;
        if (jit) r = jit_run(cpu->jit, cpu);
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_EXCEPTION) return cpu->exc.code;
    }
    return EXC_NONE;
}

/* ---- the lifted shape ---- */

static unsigned count_ops(const struct ir_block *b, enum ir_opcode op, unsigned mem)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        n += b->insns[i].op == op && (b->insns[i].mem & IR_MEM_SIZE_MASK) == mem;
    return n;
}

static unsigned count_calls(const struct ir_block *b, const struct ir_helper *h)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        n += b->insns[i].op == IR_CALL && b->insns[i].helper == h;
    return n;
}

/* One probe call, one word load and one word store each; no interpreter. */
START_TEST(lifted_as_probe_load_merge_store)
{
    struct harness *h = harness_new(_i);
    const uint32_t code[] = {enc_i(OPC_SWL, A0, A1, 1), enc_i(OPC_SWR, A0, A1, 6), SYSCALL};
    load(h, HARNESS_CODE, code, 3);
    struct ir_block *b = ir_block_new();
    ck_assert_int_eq(lift_block(&h->cpu, HARNESS_CODE, b, NULL), 3);
    ck_assert_uint_eq(count_calls(b, &lift_helper_swlr), 2);
    ck_assert_uint_eq(count_calls(b, &lift_helper_exec), 0);
    ck_assert_uint_eq(count_ops(b, IR_LOAD, 4), 2);
    ck_assert_uint_eq(count_ops(b, IR_STORE, 4), 2);
    ck_assert_uint_eq(count_ops(b, IR_STORE, 1) + count_ops(b, IR_STORE, 2), 0);
    ir_block_free(b);
    harness_free(h);
}
END_TEST

/* ---- values: the JIT (soft TLB) against the interpreter ---- */

/* Every offset, SWL and SWR and the glibc pair, twice over (the second pass
 * hits the soft TLB inline); rt == rs and rt == $zero included. */
START_TEST(every_offset_matches_the_interpreter)
{
    const uint32_t code[] = {
        enc_i(OPC_SWL, A0, A1, 0),
        enc_i(OPC_SWR, A0, A1, 5),
        enc_i(OPC_SWL, A0, A1, 10),
        enc_i(OPC_SWR, A0, A1, 15),
        enc_i(OPC_SWL, A0, A1, 19),
        enc_i(OPC_SWR, A0, A1, 16),
        enc_i(OPC_SWR, A0, 0, 21),
        enc_i(OPC_SWL, A0, A0, 26),
        enc_i(OPC_SWR, A0, A0, 31),
        enc_i(OPC_ADDIU, V0, V0, 1),
        SYSCALL,
    };
    for (uint32_t off = 0; off < 4; off++) {
        struct harness *h = jh_new(_i), *ref = harness_new(_i);
        struct harness *both[] = {h, ref};
        for (unsigned m = 0; m < 2; m++) {
            load(both[m], HARNESS_CODE, code, 11);
            for (unsigned k = 0; k < 64; k++)
                both[m]->ram[0x80000 + k] = (uint8_t)(0x11 * k + 7);
        }
        for (unsigned pass = 0; pass < 2; pass++) {
            for (unsigned m = 0; m < 2; m++) {
                both[m]->cpu.gpr[A0] = HARNESS_DATA + off;
                both[m]->cpu.gpr[A1] = 0xa1b2c3d4u ^ pass;
                ck_assert_uint_eq(run(both[m], HARNESS_CODE, m == 0), EXC_SYS);
            }
            ck_assert_mem_eq(h->ram + 0x80000, ref->ram + 0x80000, 64);
            ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof h->cpu.gpr);
        }
        jh_free(h);
        harness_free(ref);
    }
}
END_TEST

/* ---- faults: the store's, at the unaligned address ---- */

/* TLB entry 0 maps RO_PAGE onto physical 0x80000 (HARNESS_DATA) valid but
 * clean, and its odd page GONE_PAGE invalid. */
static void map_data(struct harness *h)
{
    h->cpu.tlb[0] = (struct tlb_entry){RO_PAGE, 0, (0x80000u >> 12) << 6 | 3u, 1u};
}

struct fault_case {
    uint32_t addr;
    bool user;
    uint8_t exc;
};

static const struct fault_case fault_cases[] = {
    {RO_PAGE + 9, false, EXC_MOD},      /* readable: a load would pass, the store must not */
    {GONE_PAGE + 2, false, EXC_TLBS},   /* invalid: TLBS, not TLBL */
    {HARNESS_DATA + 3, true, EXC_ADES}, /* kseg0 from user mode: AdES, not AdEL */
};

/* Runs one SWL/SWR at c->addr on the engine (jit) or the interpreter. */
static struct harness *fault_run(const struct fault_case *c, uint8_t opc, bool be, bool jit)
{
    struct harness *h = jit ? jh_new(be) : harness_new(be);
    const uint32_t code[] = {enc_i(OPC_ADDIU, 0, V0, 7), enc_i(opc, A0, A1, 0), SYSCALL};
    load(h, HARNESS_CODE, code, 3);
    for (unsigned k = 0; k < 16; k++)
        h->ram[0x80000 + k] = (uint8_t)(0x21 * k + 1);
    map_data(h);
    h->cpu.gpr[A0] = c->addr;
    h->cpu.gpr[A1] = 0xdeadbeefu;
    uint32_t pc = HARNESS_CODE;
    if (c->user) {
        /* Code at 0x00401000 through a dirty, valid, global odd page. */
        h->cpu.tlb[1] = (struct tlb_entry){0x00400000u, 0, 0, 1u << 6 | 7u};
        h->cpu.cp0[CP0_STATUS][0] |= ST_UM;
        pc = 0x00401000u;
    }
    ck_assert_uint_eq(run(h, pc, jit), c->exc);
    return h;
}

START_TEST(faults_are_the_stores_at_vaddr)
{
    static const uint8_t opcs[] = {OPC_SWL, OPC_SWR};
    for (unsigned i = 0; i < sizeof fault_cases / sizeof fault_cases[0]; i++) {
        for (unsigned o = 0; o < 2; o++) {
            const struct fault_case *c = &fault_cases[i];
            struct harness *h = fault_run(c, opcs[o], _i, true);
            struct harness *ref = fault_run(c, opcs[o], _i, false);
            ck_assert(h->cpu.exc.has_badvaddr);
            ck_assert_uint_eq(h->cpu.exc.badvaddr, c->addr);
            ck_assert_uint_eq(h->cpu.exc.badvaddr, ref->cpu.exc.badvaddr);
            ck_assert_uint_eq(h->cpu.exc.tlb_refill, ref->cpu.exc.tlb_refill);
            ck_assert_uint_eq(h->cpu.pc, ref->cpu.pc);
            ck_assert_uint_eq(h->cpu.gpr[V0], 7); /* the instruction before retired */
            ck_assert_mem_eq(h->ram + 0x80000, ref->ram + 0x80000, 16); /* nothing written */
            ck_assert_uint_eq(h->ram[0x80000 + 9], (uint8_t)(0x21 * 9 + 1));
            jh_free(h);
            harness_free(ref);
        }
    }
}
END_TEST

/* ---- a partial store into its own block ---- */

/* SWL at x + 1 (LE) or x + 2 (BE) writes the two low-order bytes of the word
 * at x: the immediate of the ADDIU there, 1 -> 0x102. The block must end
 * after the whole merge and the new word run: a store that ended the block
 * half way (the byte at vaddr only) would leave 0x101. */
START_TEST(partial_store_rewrites_own_block)
{
    struct harness *h = jh_new(_i);
    const uint32_t x = HARNESS_CODE + 4 * 5;
    const uint32_t fresh = enc_i(OPC_ADDIU, 0, V0, 0x102);
    const uint32_t code[] = {
        enc_i(OPC_LUI, 0, K1, (int32_t)(x >> 16)),
        enc_i(OPC_ORI, K1, K1, (int32_t)(x & 0xffffu)),
        enc_i(OPC_LUI, 0, T2, (int32_t)(fresh & 0xffffu)), /* t2 = fresh << 16 */
        enc_i(OPC_SWL, K1, T2, _i ? 2 : 1),
        ENC_NOP,
        enc_i(OPC_ADDIU, 0, V0, 1), /* x */
        SYSCALL,
    };
    load(h, HARNESS_CODE, code, 7);
    ck_assert_uint_eq(run(h, HARNESS_CODE, true), EXC_SYS);
    ck_assert_uint_eq(harness_peek32(h, x), fresh);
    ck_assert_uint_eq(h->cpu.gpr[V0], 0x102);
    ck_assert_uint_ge(jit_stats(h->cpu.jit)->invalidations, 1);
    jh_free(h);
}
END_TEST

/* ---- user mode: the flat path ---- */

#define U_CODE 0x00400000u
#define U_DATA 0x00500000u

/* A read-only data page under the flat model: SWL/SWR raise TLBS (SIGSEGV)
 * at the unaligned address and write nothing; on a writable page they
 * merge as the interpreter does. */
START_TEST(user_flat_read_only_page)
{
    struct guest_mem mem;
    ck_assert_int_eq(gm_init(&mem, _i), 0);
    struct cpu *cpu = calloc(1, sizeof *cpu);
    cpu_reset(cpu, NULL, _i);
    cpu->guest_base = mem.base;
    cpu->page_prot = mem.prot;
    cpu->cp0[CP0_STATUS][0] = ST_UM | ST_CU1;
    ck_assert_int_eq(gm_map_anon(&mem, U_CODE, GM_PAGE, GM_READ | GM_WRITE), 0);
    ck_assert_int_eq(gm_map_anon(&mem, U_DATA, 2 * GM_PAGE, GM_READ | GM_WRITE), 0);
    const uint32_t code[] = {enc_i(OPC_SWR, A0, A1, 0), enc_i(OPC_SWL, A0, A1, 2 + GM_PAGE),
                             SYSCALL};
    for (unsigned i = 0; i < 3; i++)
        for (unsigned k = 0; k < 4; k++)
            mem.base[U_CODE + 4 * i + k] = (uint8_t)(code[i] >> (_i ? 8 * (3 - k) : 8 * k));
    memset(mem.base + U_DATA, 0x5a, 2 * GM_PAGE);
    ck_assert_int_eq(gm_protect(&mem, U_DATA + GM_PAGE, GM_PAGE, GM_READ), 0);
    struct jit_config cfg = {0};
    char err[200];
    opt_config_default(&cfg.opt);
    ck_assert_msg(jit_new(cpu, &cfg, err, sizeof err) != NULL, "%s", err);
    cpu->gpr[A0] = U_DATA + 1;
    cpu->gpr[A1] = 0x11223344u;
    cpu->pc = U_CODE;
    unsigned exc = EXC_NONE;
    for (int i = 0; i < 1000 && exc == EXC_NONE; i++) {
        enum jit_result r = jit_run(cpu->jit, cpu);
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_EXCEPTION) exc = cpu->exc.code;
    }
    ck_assert_uint_eq(exc, EXC_TLBS);
    ck_assert_uint_eq(cpu->exc.badvaddr, U_DATA + GM_PAGE + 3);
    ck_assert_uint_eq(cpu->pc, U_CODE + 4);
    /* SWR at offset 1 wrote 3 bytes (LE: +1..+3) or 2 (BE: +0..+1). */
    static const uint8_t want[2][4] = {{0x5a, 0x44, 0x33, 0x22}, {0x33, 0x44, 0x5a, 0x5a}};
    ck_assert_mem_eq(mem.base + U_DATA, want[_i], 4);
    for (unsigned k = 0; k < GM_PAGE; k++)
        ck_assert_uint_eq(mem.base[U_DATA + GM_PAGE + k], 0x5a);
    jit_free(cpu->jit);
    free(cpu);
    gm_fini(&mem);
}
END_TEST

/* ---- MOVF/MOVT ---- */

#define FN_MOVCI 0x01

static uint32_t enc_movci(unsigned rs, unsigned cc, bool tf, unsigned rd)
{
    return enc_r(FN_MOVCI, rs, cc << 2 | tf, rd, 0);
}

/* For every cc and FCSR pattern, MOVF and MOVT into distinct registers
 * (and one into $zero); the JIT must match the interpreter and lift no
 * fallback call. */
START_TEST(movf_movt_every_condition_code)
{
    uint32_t code[20];
    unsigned n = 0;
    for (unsigned cc = 0; cc < 8; cc++) {
        code[n++] = enc_movci(A1, cc, false, 8 + cc); /* movf $8+cc, a1, $fcc<cc> */
        code[n++] = enc_movci(A1, cc, true, 16 + cc); /* movt $16+cc, a1, $fcc<cc> */
    }
    code[n++] = enc_movci(A1, 0, true, 0);
    code[n++] = SYSCALL;
    struct harness *probe = harness_new(_i);
    load(probe, HARNESS_CODE, code, n);
    struct ir_block *b = ir_block_new();
    ck_assert_int_eq(lift_block(&probe->cpu, HARNESS_CODE, b, NULL), (int)n);
    ck_assert_uint_eq(count_calls(b, &lift_helper_exec), 0);
    ck_assert_uint_eq(count_calls(b, &lift_helper_exec_ends), 1); /* the SYSCALL */
    ir_block_free(b);
    harness_free(probe);
    /* FCSR.FCC: cc 0 is bit 23, cc 1..7 are bits 25..31 (bit 24 is FS). */
    static const uint32_t fcsrs[] = {0, 1u << 23, 0xfe000000u, 0xaa800000u, 0x55000000u, 1u << 24};
    for (unsigned f = 0; f < sizeof fcsrs / sizeof fcsrs[0]; f++) {
        struct harness *h = jh_new(_i), *ref = harness_new(_i);
        struct harness *both[] = {h, ref};
        for (unsigned m = 0; m < 2; m++) {
            load(both[m], HARNESS_CODE, code, n);
            for (unsigned r = 1; r < 32; r++)
                both[m]->cpu.gpr[r] = 0x01010101u * r;
            both[m]->cpu.gpr[A1] = 0xc0ffee00u + f;
            both[m]->cpu.fcsr = fcsrs[f];
            ck_assert_uint_eq(run(both[m], HARNESS_CODE, m == 0), EXC_SYS);
        }
        ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof h->cpu.gpr);
        unsigned cc1 = (fcsrs[f] >> 25) & 1; /* cc 1 */
        ck_assert_uint_eq(h->cpu.gpr[9], cc1 ? 0x09090909u : 0xc0ffee00u + f);
        ck_assert_uint_eq(h->cpu.gpr[17], cc1 ? 0xc0ffee00u + f : 0x11111111u);
        jh_free(h);
        harness_free(ref);
    }
}
END_TEST

/* Status.CU1 clear: Coprocessor Unusable (CE = 1) before anything, rd kept. */
START_TEST(movf_movt_without_cu1)
{
    for (unsigned tf = 0; tf < 2; tf++) {
        struct harness *h = jh_new(_i);
        const uint32_t code[] = {enc_i(OPC_ADDIU, 0, V0, 3), enc_movci(A1, 2, tf, V0), SYSCALL};
        load(h, HARNESS_CODE, code, 3);
        h->cpu.cp0[CP0_STATUS][0] &= ~ST_CU1;
        h->cpu.gpr[A1] = 99;
        ck_assert_uint_eq(run(h, HARNESS_CODE, true), EXC_CPU);
        ck_assert_uint_eq(h->cpu.exc.ce, 1);
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
        ck_assert_uint_eq(h->cpu.gpr[V0], 3);
        jh_free(h);
    }
}
END_TEST

static Suite *swlr_suite(void)
{
    Suite *s = suite_create("lift_swlr");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, lifted_as_probe_load_merge_store, 0, 2);
    tcase_add_loop_test(tc, every_offset_matches_the_interpreter, 0, 2);
    tcase_add_loop_test(tc, faults_are_the_stores_at_vaddr, 0, 2);
    tcase_add_loop_test(tc, partial_store_rewrites_own_block, 0, 2);
    tcase_add_loop_test(tc, user_flat_read_only_page, 0, 2);
    tcase_add_loop_test(tc, movf_movt_every_condition_code, 0, 2);
    tcase_add_loop_test(tc, movf_movt_without_cu1, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(swlr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
