/* tests/unit/test_jit.c — targeted tests of the translating engine (core/jit.h)
 * on the unit-test machine of harness.h: chaining and exact unchaining,
 * indirect jumps and returns through the jump cache, exceptions in delay
 * slots, stores that rewrite code (the same block, the next block, another
 * page), big-endian guests, and loops that stay inside their block: stopped
 * by exit_request or by invalidation from another thread, honouring a
 * breakpoint on their head.
 */
#include <check.h>
#include <pthread.h>
#include <time.h>

#include "codecache/codecache.h"
#include "core/jit.h"
#include "core/log.h"
#include "tests/unit/harness.h"
#include "tests/unit/interp_encode.h"

#define T0 8
#define T1 9
#define T2 10
#define V0 2
#define S0 16
#define K1 27
#define RA 31
#define PAGE2 0x80003000u /* a second code page (physical 0x3000) */
#define OP_BGTZ 0x07

static struct harness *jh_new(bool big_endian)
{
    struct harness *h = harness_new(big_endian);
    struct jit_config cfg = {0};
    char err[200];
    opt_config_default(&cfg.opt);
    ck_assert_msg(jit_new(&h->cpu, &cfg, err, sizeof err) != NULL, "%s", err);
    h->cpu.gpr[S0] = HARNESS_DATA;
    return h;
}

/* jh_new with a block start translated on its second visit, interpreted on
 * its first (jit_config.translate_after, as tern-user runs). */
static struct harness *jh_new_tiered(void)
{
    struct harness *h = harness_new(false);
    struct jit_config cfg = {.translate_after = 2};
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

/* Runs translated code from pc until an exception; returns its code. */
static unsigned jh_run(struct harness *h, uint32_t pc)
{
    struct cpu *cpu = &h->cpu;
    cpu->pc = pc;
    cpu->in_delay = false;
    cpu->exc.code = EXC_NONE;
    for (int i = 0; i < 100000; i++) {
        enum jit_result r = jit_run(cpu->jit, cpu);
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_EXCEPTION) return cpu->exc.code;
    }
    return EXC_NONE;
}

/* The same, in the interpreter. */
static unsigned interp_run(struct harness *h, uint32_t pc)
{
    h->cpu.pc = pc;
    h->cpu.in_delay = false;
    h->cpu.exc.code = EXC_NONE;
    for (int i = 0; i < 1000000; i++)
        if (!interp_step(&h->cpu)) return h->cpu.exc.code;
    return EXC_NONE;
}

static const struct jit_stats *stats(struct harness *h)
{
    return jit_stats(h->cpu.jit);
}

static uint32_t lui(unsigned rt, uint32_t v)
{
    return enc_i(OPC_LUI, 0, rt, (int32_t)(v >> 16));
}

static uint32_t ori(unsigned rt, uint32_t v)
{
    return enc_i(OPC_ORI, rt, rt, (int32_t)(v & 0xffffu));
}

/* Branch offset (in words) from the branch at `at` to `to`. */
static int32_t rel(uint32_t at, uint32_t to)
{
    return (int32_t)(to - (at + 4)) / 4;
}

#define SYSCALL enc_r(FN_SYSCALL, 0, 0, 0, 0)

/* Block A (page 1) jumps to block B (page 2), which loops back to A: both
 * exits get chained. B is then rewritten behind the engine and its page
 * invalidated: A's link into the old B must be undone, so the next run
 * reaches the new B (t1 counts by 3, not 1) and links again. */
START_TEST(chain_and_unchain)
{
    struct harness *h = jh_new(false);
    const uint32_t a[] = {enc_i(OPC_ADDIU, 0, T0, 20), enc_j(OPC_J, PAGE2), ENC_NOP};
    uint32_t b[] = {enc_i(OPC_ADDIU, T1, T1, 1), enc_i(OPC_ADDIU, T0, T0, -1),
                    enc_i(OPC_BNE, T0, 0, rel(PAGE2 + 8, HARNESS_CODE + 4)), ENC_NOP, SYSCALL};
    load(h, HARNESS_CODE, a, 3);
    load(h, PAGE2, b, 5);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[T1], 20);
    uint64_t chained = stats(h)->chained, blocks = stats(h)->blocks;
    uint64_t dispatches = stats(h)->dispatches;
    ck_assert_uint_ge(chained, 2);
    ck_assert_uint_lt(dispatches, 10); /* 40 block visits, nearly all through links */

    harness_poke32(h, PAGE2, enc_i(OPC_ADDIU, T1, T1, 3));
    jit_invalidate_page(h->cpu.jit, PAGE2 & 0x1fffffffu);
    ck_assert_uint_eq(stats(h)->invalidations, 1);
    h->cpu.gpr[T1] = 0;
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[T1], 60);
    ck_assert_uint_gt(stats(h)->blocks, blocks);   /* B translated again */
    ck_assert_uint_gt(stats(h)->chained, chained); /* and linked again */
    ck_assert_uint_lt(stats(h)->dispatches - dispatches, 10);
    jh_free(h);
}
END_TEST

/* 200 calls with JAL and returns with JR $ra, then one JALR: the returns go
 * through the jump cache without coming back to the dispatcher. */
START_TEST(indirect_jumps_and_returns)
{
    struct harness *h = jh_new(_i);
    const uint32_t f = HARNESS_CODE + 0x100;
    const uint32_t code[] = {
        enc_i(OPC_ADDIU, 0, T0, 200),
        enc_j(OPC_JAL, f), /* top */
        ENC_NOP,
        enc_i(OPC_ADDIU, T0, T0, -1),
        enc_i(OPC_BNE, T0, 0, -4),
        ENC_NOP,
        lui(K1, f),
        ori(K1, f),
        enc_r(FN_JALR, K1, 0, RA, 0),
        enc_i(OPC_ADDIU, V0, V0, 0x100), /* delay slot: runs before F */
        SYSCALL,
    };
    const uint32_t fn[] = {enc_i(OPC_ADDIU, V0, V0, 1), enc_r(FN_JR, RA, 0, 0, 0), ENC_NOP};
    load(h, HARNESS_CODE, code, sizeof(code) / 4);
    load(h, f, fn, 3);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[V0], 0x100 + 201);
    ck_assert_uint_eq(h->cpu.gpr[RA], HARNESS_CODE + 4 * 10);
    /* ~600 block visits; a dispatcher return per JR would be over 200. */
    ck_assert_uint_lt(stats(h)->dispatches, 40);
    jh_free(h);
}
END_TEST

/* An address error in a delay slot: the engine stops at the slot with
 * in_delay set and earlier results written back; entering the exception sets
 * EPC to the branch and Cause.BD, as the interpreter does. */
START_TEST(exception_in_delay_slot)
{
    const uint32_t code[] = {
        enc_i(OPC_ADDIU, 0, T1, 7),
        enc_i(OPC_BEQ, 0, 0, 3),
        enc_i(OPC_LW, S0, T0, 1), /* misaligned: AdEL */
        ENC_NOP,
        ENC_NOP,
        SYSCALL,
    };
    struct harness *h = jh_new(_i), *ref = harness_new(_i);
    ref->cpu.gpr[S0] = HARNESS_DATA;
    load(h, HARNESS_CODE, code, 6);
    load(ref, HARNESS_CODE, code, 6);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_ADEL);
    ck_assert_uint_eq(interp_run(ref, HARNESS_CODE), EXC_ADEL);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 8);
    ck_assert(h->cpu.in_delay);
    ck_assert_uint_eq(h->cpu.gpr[T1], 7);
    ck_assert_uint_eq(h->cpu.exc.badvaddr, HARNESS_DATA + 1);
    cpu_enter_exception(&h->cpu);
    cpu_enter_exception(&ref->cpu);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE + 4);
    ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
    ck_assert_uint_eq((h->cpu.cp0[CP0_CAUSE][0] & CAUSE_EXC_MASK) >> CAUSE_EXC_SHIFT, EXC_ADEL);
    ck_assert_uint_eq(h->cpu.cp0[CP0_BADVADDR][0], HARNESS_DATA + 1);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], ref->cpu.cp0[CP0_EPC][0]);
    ck_assert_uint_eq(h->cpu.cp0[CP0_CAUSE][0], ref->cpu.cp0[CP0_CAUSE][0]);
    ck_assert_uint_eq(h->cpu.pc, ref->cpu.pc);
    ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof(h->cpu.gpr));
    jh_free(h);
    harness_free(ref);
}
END_TEST

/* An overflow in the delay slot of a taken JAL, after a chained loop ran. */
/* An interpreted branch leaves its slot pending (in_delay): the engine must
 * not start a block there, which would run the slot as a plain instruction
 * and fall through (Debian's kernel jumped through an ftrace-patched call
 * site this way when a block could not be translated). */
START_TEST(no_block_at_pending_slot)
{
    const uint32_t code[] = {
        enc_i(OPC_ADDIU, T0, T0, 1),   /* the slot */
        enc_i(OPC_ADDIU, T0, T0, 100), /* after it: skipped */
        SYSCALL,
        enc_i(OPC_ADDIU, T1, T1, 5), /* delay_target */
        SYSCALL,
    };
    struct harness *h = jh_new(false);
    load(h, HARNESS_CODE, code, 5);
    struct cpu *cpu = &h->cpu;
    cpu->pc = HARNESS_CODE;
    cpu->in_delay = true;
    cpu->delay_target = HARNESS_CODE + 12;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_INTERPRET);
    ck_assert(interp_step(cpu));
    ck_assert(!cpu->in_delay);
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE + 12);
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_EXCEPTION);
    ck_assert_uint_eq(cpu->exc.code, EXC_SYS);
    ck_assert_uint_eq(cpu->gpr[T0], 1);
    ck_assert_uint_eq(cpu->gpr[T1], 5);
    jh_free(h);
}
END_TEST

/* A slot that raises leaves delay_target as the interpreter holds it:
 * recomputed from the branch (bne taken and not, jr) or, where the link
 * overwrote the operand (jalr rd == rs, UNPREDICTABLE: read first), written
 * by the block. _i picks the case. */
START_TEST(delay_target_after_slot_fault)
{
    const struct {
        uint32_t branch;
        uint32_t t0;
        uint32_t want; /* delay_target */
    } cases[] = {
        {enc_i(OPC_BNE, T0, T1, 5), 1, HARNESS_CODE + 4 + 4 + 20},
        {enc_i(OPC_BNE, T0, T1, 5), 7, HARNESS_CODE + 4 + 8},
        {enc_r(FN_JR, T2, 0, 0, 0), 0, HARNESS_CODE + 0x40},
        {enc_r(FN_JALR, T2, 0, T2, 0), 0, HARNESS_CODE + 0x40},
    };
    const uint32_t code[] = {
        enc_i(OPC_ADDIU, 0, T1, 7),
        cases[_i].branch,
        enc_i(OPC_LW, S0, V0, 1), /* misaligned: AdEL */
    };
    struct harness *h = jh_new(false), *ref = harness_new(false);
    ref->cpu.gpr[S0] = HARNESS_DATA;
    load(h, HARNESS_CODE, code, 3);
    load(ref, HARNESS_CODE, code, 3);
    h->cpu.gpr[T0] = ref->cpu.gpr[T0] = cases[_i].t0;
    h->cpu.gpr[T2] = ref->cpu.gpr[T2] = HARNESS_CODE + 0x40;
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_ADEL);
    ck_assert_uint_eq(interp_run(ref, HARNESS_CODE), EXC_ADEL);
    ck_assert(h->cpu.in_delay && ref->cpu.in_delay);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 8);
    ck_assert_uint_eq(ref->cpu.delay_target, cases[_i].want);
    ck_assert_uint_eq(h->cpu.delay_target, cases[_i].want);
    jh_free(h);
    harness_free(ref);
}
END_TEST

START_TEST(overflow_in_jal_delay_slot)
{
    const uint32_t code[] = {
        enc_i(OPC_ADDIU, 0, T0, 3),
        enc_i(OPC_ADDIU, T0, T0, -1), /* loop */
        enc_i(OPC_BNE, T0, 0, -2),
        ENC_NOP,
        lui(T1, 0x7fffffffu),
        ori(T1, 0x7fffffffu),
        enc_j(OPC_JAL, HARNESS_CODE + 0x200),
        enc_r(FN_ADD, T1, T1, T2, 0), /* overflow: Ov */
        SYSCALL,
    };
    struct harness *h = jh_new(_i), *ref = harness_new(_i);
    ref->cpu.gpr[S0] = HARNESS_DATA;
    load(h, HARNESS_CODE, code, sizeof(code) / 4);
    load(ref, HARNESS_CODE, code, sizeof(code) / 4);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_OV);
    ck_assert_uint_eq(interp_run(ref, HARNESS_CODE), EXC_OV);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 28);
    ck_assert(h->cpu.in_delay);
    ck_assert_uint_eq(h->cpu.gpr[T2], 0); /* not written */
    cpu_enter_exception(&h->cpu);
    cpu_enter_exception(&ref->cpu);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE + 24);
    ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
    ck_assert_uint_eq(h->cpu.cp0[CP0_CAUSE][0], ref->cpu.cp0[CP0_CAUSE][0]);
    ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof(h->cpu.gpr));
    jh_free(h);
    harness_free(ref);
}
END_TEST

/* A block that stores a new instruction a few words ahead of itself: the
 * store ends the block and the new word runs. */
START_TEST(store_rewrites_same_block)
{
    struct harness *h = jh_new(_i);
    const uint32_t x = HARNESS_CODE + 4 * 5;
    const uint32_t fresh = enc_i(OPC_ADDIU, 0, V0, 2);
    const uint32_t code[] = {
        lui(K1, x),
        ori(K1, x),
        lui(T2, fresh),
        ori(T2, fresh),
        enc_i(OPC_SW, K1, T2, 0),
        enc_i(OPC_ADDIU, 0, V0, 1), /* x */
        SYSCALL,
    };
    load(h, HARNESS_CODE, code, 7);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[V0], 2);
    ck_assert_uint_eq(harness_peek32(h, x), fresh);
    ck_assert_uint_ge(stats(h)->invalidations, 1);
    jh_free(h);
}
END_TEST

/* Three passes of a loop whose block X adds 1 to v0; from the second pass a
 * store (in the writer block W) makes X add 16. X is already translated and
 * chained when it is rewritten: 1 + 16 + 16 = 33, a stale X gives 3. X lies
 * on the writer's page (next block) or on another page. */
static void rewrite_loop(bool big_endian, uint32_t x)
{
    struct harness *h = jh_new(big_endian);
    const uint32_t old = enc_i(OPC_ADDIU, V0, V0, 1), fresh = enc_i(OPC_ADDIU, V0, V0, 16);
    const uint32_t top = HARNESS_CODE + 4 * 5;
    const uint32_t w[] = {
        enc_i(OPC_ADDIU, 0, T0, 3),
        lui(K1, x),
        ori(K1, x),
        lui(T2, old),
        ori(T2, old),
        enc_i(OPC_SW, K1, T2, 0), /* top: W */
        enc_j(OPC_J, x),
        ENC_NOP,
    };
    const uint32_t xs[] = {
        old, /* X */
        lui(T2, fresh),
        ori(T2, fresh),
        enc_i(OPC_ADDIU, T0, T0, -1),
        enc_i(OPC_BNE, T0, 0, rel(x + 16, top)),
        ENC_NOP,
        SYSCALL,
    };
    load(h, HARNESS_CODE, w, 8);
    load(h, x, xs, 7);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[V0], 33);
    ck_assert_uint_eq(h->cpu.gpr[T0], 0);
    ck_assert_uint_eq(harness_peek32(h, x), fresh);
    ck_assert_uint_ge(stats(h)->invalidations, 2);
    jh_free(h);
}

START_TEST(store_rewrites_next_block)
{
    rewrite_loop(_i, HARNESS_CODE + 0x40);
}
END_TEST

START_TEST(store_rewrites_other_page)
{
    rewrite_loop(_i, PAGE2);
}
END_TEST

/* Loads and stores of every width in the guest's byte order, translated and
 * interpreted: the same registers and memory. */
START_TEST(byte_order)
{
    const uint32_t code[] = {
        lui(T0, 0x11223344u),      ori(T0, 0x11223344u),
        enc_i(OPC_SW, S0, T0, 0),  enc_i(OPC_LB, S0, 1, 0),
        enc_i(OPC_LH, S0, 3, 2),   enc_i(0x25, S0, 4, 0), /* lhu */
        enc_i(0x24, S0, 5, 3),                            /* lbu */
        enc_i(OPC_LWL, S0, 6, 1),  enc_i(OPC_LWR, S0, 7, 2),
        enc_i(OPC_SB, S0, T0, 5),  enc_i(OPC_SH, S0, T0, 6),
        enc_i(OPC_SWL, S0, T0, 9), enc_i(OPC_SWR, S0, T0, 14),
        enc_i(OPC_LW, S0, 11, 4),  enc_i(OPC_LW, S0, 12, 8),
        enc_i(OPC_LW, S0, 13, 12), SYSCALL,
    };
    struct harness *h = jh_new(_i), *ref = harness_new(_i);
    ref->cpu.gpr[S0] = HARNESS_DATA;
    load(h, HARNESS_CODE, code, sizeof(code) / 4);
    load(ref, HARNESS_CODE, code, sizeof(code) / 4);
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(interp_run(ref, HARNESS_CODE), EXC_SYS);
    ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof(h->cpu.gpr));
    ck_assert_mem_eq(h->ram + 0x80000, ref->ram + 0x80000, 16);
    /* The byte at the lowest address is the most significant one in BE. */
    ck_assert_uint_eq(h->cpu.gpr[1], _i ? 0x11 : 0x44);
    ck_assert_uint_eq(h->cpu.gpr[3], _i ? 0x3344 : 0x1122);
    ck_assert_uint_eq(h->ram[0x80000], _i ? 0x11 : 0x44);
    jh_free(h);
    harness_free(ref);
}
END_TEST

struct stopper {
    struct cpu *cpu;
};

static void *stop_later(void *arg)
{
    struct stopper *s = arg;
    struct timespec ten_ms = {0, 10 * 1000 * 1000};
    nanosleep(&ten_ms, NULL);
    s->cpu->exit_request = 1;
    return NULL;
}

/* A branch to itself loops inside its block (translator/x86/backend_exit.c,
 * "self loops") and never comes back to the dispatcher on its own:
 * exit_request set from another thread must stop it. */
START_TEST(exit_request_stops_self_loop)
{
    struct harness *h = jh_new(false);
    const uint32_t code[] = {enc_i(OPC_ADDIU, V0, V0, 1), enc_i(OPC_BEQ, 0, 0, -2), ENC_NOP};
    load(h, HARNESS_CODE, code, 3);
    struct cpu *cpu = &h->cpu;
    cpu->pc = HARNESS_CODE;
    struct stopper s = {cpu};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, stop_later, &s), 0);
    /* Loops until the request: returning at all is the test (Check's
     * timeout fails it otherwise). */
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_OK);
    pthread_join(t, NULL);
    ck_assert_uint_eq(stats(h)->dispatches, 1); /* it never left its block */
    ck_assert_uint_eq(cpu->exit_request, 1);
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE);
    ck_assert_uint_gt(cpu->gpr[V0], 1000); /* it did loop in translated code */
    ck_assert_uint_eq(cpu->gpr[V0], cpu->icount / 3);
    jh_free(h);
}
END_TEST

/* The same loop stops when another thread invalidates its page (code written
 * behind it): the invalidation raises exit_request on the CPU in generated
 * code, and the loop's back edge leaves for the dispatcher. */
struct invalidator {
    struct cpu *cpu;
};

static void *invalidate_later(void *arg)
{
    struct invalidator *v = arg;
    struct timespec ten_ms = {0, 10 * 1000 * 1000};
    nanosleep(&ten_ms, NULL);
    jit_invalidate_page(v->cpu->jit, HARNESS_CODE & 0x1fffffffu);
    return NULL;
}

START_TEST(invalidation_stops_self_loop)
{
    struct harness *h = jh_new(false);
    const uint32_t code[] = {enc_i(OPC_ADDIU, V0, V0, 1), enc_i(OPC_BEQ, 0, 0, -2), ENC_NOP};
    load(h, HARNESS_CODE, code, 3);
    struct cpu *cpu = &h->cpu;
    cpu->pc = HARNESS_CODE;
    struct invalidator v = {cpu};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, invalidate_later, &v), 0);
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_OK);
    pthread_join(t, NULL);
    ck_assert_uint_eq(cpu->exit_request, 1);
    ck_assert_uint_eq(stats(h)->invalidations, 1);
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE);
    ck_assert_uint_gt(cpu->gpr[V0], 1000);
    ck_assert_uint_eq(cpu->gpr[V0], cpu->icount / 3);
    jh_free(h);
}
END_TEST

static bool stop_at_code(void *opaque, uint32_t pc)
{
    (void)opaque;
    return pc == HARNESS_CODE;
}

/* A debugger's breakpoint on the loop head: every iteration comes back to the
 * dispatcher (which stops there), none runs inside the block on its own. */
/* translate_after 2: a loop's first visit is the interpreter's, its second
 * is translated (and loops in its block); a pc sharing the first one's
 * counter starts the count again; under a debugger nothing waits. */
START_TEST(cold_blocks_interpreted_first)
{
    struct harness *h = jh_new_tiered();
    const uint32_t code[] = {enc_i(OPC_ADDIU, V0, V0, 1), enc_i(OPC_ADDIU, T0, T0, -1),
                             enc_i(OPC_BNE, T0, 0, -3), ENC_NOP, SYSCALL};
    load(h, HARNESS_CODE, code, 5);
    struct cpu *cpu = &h->cpu;
    cpu->pc = HARNESS_CODE;
    cpu->gpr[T0] = 10;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_INTERPRET);
    ck_assert_uint_eq(stats(h)->cold, 1);
    ck_assert_uint_eq(stats(h)->blocks, 0);
    for (int i = 0; i < 4; i++) /* the first iteration, in the interpreter */
        ck_assert(interp_step(cpu));
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE);
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_OK); /* the other nine, translated */
    ck_assert_uint_eq(stats(h)->blocks, 1);
    ck_assert_uint_eq(cpu->gpr[V0], 10);
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE + 16);
    /* The syscall's block: cold once, then translated. */
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_INTERPRET);
    ck_assert_uint_eq(stats(h)->cold, 2);
    cpu->pc = HARNESS_CODE + 16;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_EXCEPTION);
    ck_assert_uint_eq(stats(h)->blocks, 2);

    /* HARNESS_CODE + 64 KiB shares the loop's counter slot, so after a visit
     * there the loop's head counts from one again. */
    const uint32_t other[] = {SYSCALL};
    load(h, HARNESS_CODE + 0x10000, other, 1);
    jit_invalidate_all(cpu->jit);
    cpu->pc = HARNESS_CODE + 0x10000;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_INTERPRET);
    cpu->pc = HARNESS_CODE;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_INTERPRET);
    ck_assert_uint_eq(stats(h)->cold, 4);

    /* Under -d in_asm, which logs each translated block, a translator made
     * then translates every block at once. */
    FILE *null_log = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(null_log);
    log_set(LOG_IN_ASM, null_log);
    struct harness *logged = jh_new_tiered();
    load(logged, HARNESS_CODE, other, 1);
    logged->cpu.pc = HARNESS_CODE;
    ck_assert_int_eq(jit_run(logged->cpu.jit, &logged->cpu), JIT_EXCEPTION);
    ck_assert_uint_eq(stats(logged)->cold, 0);
    ck_assert_uint_eq(stats(logged)->blocks, 1);
    jh_free(logged);
    log_set(0, NULL);
    fclose(null_log);

    /* A debugger's stops are checked only by the dispatcher: no waiting. */
    jit_debug_sync(cpu->jit, stop_at_code, NULL, 1);
    cpu->pc = HARNESS_CODE + 16;
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_EXCEPTION);
    ck_assert_uint_eq(stats(h)->cold, 4);
    jh_free(h);
}
END_TEST

START_TEST(breakpoint_on_self_loop)
{
    struct harness *h = jh_new(false);
    const uint32_t code[] = {enc_i(OPC_ADDIU, V0, V0, 1), enc_i(OPC_ADDIU, T0, T0, -1),
                             enc_i(OPC_BNE, T0, 0, -3), ENC_NOP, SYSCALL};
    load(h, HARNESS_CODE, code, 5);
    struct cpu *cpu = &h->cpu;
    jit_debug_sync(cpu->jit, stop_at_code, NULL, 1);
    cpu->pc = HARNESS_CODE;
    cpu->gpr[T0] = 50;
    for (unsigned i = 1; i <= 3; i++) {
        ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_OK);
        ck_assert_uint_eq(cpu->pc, HARNESS_CODE);
        ck_assert_uint_eq(cpu->gpr[V0], i);
    }
    /* Without the breakpoint the rest runs in one go. */
    jit_debug_sync(cpu->jit, NULL, NULL, 0);
    ck_assert_int_eq(jit_run(cpu->jit, cpu), JIT_OK);
    ck_assert_uint_eq(cpu->gpr[V0], 50);
    ck_assert_uint_eq(cpu->gpr[T0], 0);
    ck_assert_uint_eq(cpu->pc, HARNESS_CODE + 16);
    ck_assert_uint_eq(cpu->icount, 4 * 50);
    jh_free(h);
}
END_TEST

/* A counted loop with its loop variables in host registers: the same result
 * as the interpreter, in two dispatches (the loop, then the syscall). */
START_TEST(counted_self_loop)
{
    const uint32_t code[] = {
        enc_i(OPC_LW, S0, T2, 0),      /* head */
        enc_r(FN_ADDU, T1, T2, T1, 0), /* t1 += t2 */
        enc_i(OPC_SW, S0, T1, 4),
        enc_i(OPC_ADDIU, T0, T0, -1),
        enc_i(OPC_BNE, T0, 0, -5),
        enc_i(OPC_ADDIU, V0, V0, 3), /* in the delay slot */
        SYSCALL,
    };
    struct harness *h = jh_new(_i), *ref = harness_new(_i);
    ref->cpu.gpr[S0] = HARNESS_DATA;
    load(h, HARNESS_CODE, code, 7);
    load(ref, HARNESS_CODE, code, 7);
    harness_poke32(h, HARNESS_DATA, 7);
    harness_poke32(ref, HARNESS_DATA, 7);
    h->cpu.gpr[T0] = ref->cpu.gpr[T0] = 1000;
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(interp_run(ref, HARNESS_CODE), EXC_SYS);
    ck_assert_mem_eq(h->cpu.gpr, ref->cpu.gpr, sizeof(h->cpu.gpr));
    ck_assert_uint_eq(h->cpu.gpr[T1], 7000);
    ck_assert_uint_eq(h->cpu.gpr[V0], 3000);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 4), 7000);
    ck_assert_uint_eq(h->cpu.icount, ref->cpu.icount);
    ck_assert_uint_le(stats(h)->dispatches, 2);
    jh_free(h);
    harness_free(ref);
}
END_TEST

/* -tb-size's floor: a cache below CC_MIN_SIZE is refused with a message, the
 * minimum itself works and flushes while running a loop over many blocks. */
START_TEST(tiny_code_cache)
{
    struct harness *h = harness_new(false);
    struct jit_config cfg = {.tb_size = CC_MIN_SIZE - 4096};
    char err[200] = "";
    opt_config_default(&cfg.opt);
    ck_assert_ptr_null(jit_new(&h->cpu, &cfg, err, sizeof err));
    ck_assert_ptr_null(h->cpu.jit);
    ck_assert_str_ne(err, "");
    cfg.tb_size = CC_MIN_SIZE;
    cfg.max_insns = 3; /* one block each: superblocks (frontend/lift.h) would merge them */
    ck_assert_ptr_nonnull(jit_new(&h->cpu, &cfg, err, sizeof err));
    /* 400 blocks of "addiu v0, v0, 1; j next; nop", looped 3 times. */
    enum { N = 400 };
    for (uint32_t i = 0; i < N; i++) {
        uint32_t at = HARNESS_CODE + 16 * i;
        harness_poke32(h, at, enc_i(OPC_ADDIU, V0, V0, 1));
        harness_poke32(h, at + 4, enc_j(OPC_J, at + 16));
        harness_poke32(h, at + 8, ENC_NOP);
    }
    const uint32_t tail = HARNESS_CODE + 16 * N;
    harness_poke32(h, tail, enc_i(OPC_ADDIU, T0, T0, -1));
    harness_poke32(h, tail + 4, enc_i(OPC_BNE, T0, 0, rel(tail + 4, HARNESS_CODE)));
    harness_poke32(h, tail + 8, ENC_NOP);
    harness_poke32(h, tail + 12, SYSCALL);
    h->cpu.gpr[T0] = 3;
    ck_assert_uint_eq(jh_run(h, HARNESS_CODE), EXC_SYS);
    ck_assert_uint_eq(h->cpu.gpr[V0], 3 * N);
    ck_assert_uint_gt(stats(h)->flushes, 2);
    jh_free(h);
}
END_TEST

static Suite *jit_suite(void)
{
    Suite *s = suite_create("jit");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, chain_and_unchain);
    tcase_add_loop_test(tc, indirect_jumps_and_returns, 0, 2);
    tcase_add_loop_test(tc, exception_in_delay_slot, 0, 2);
    tcase_add_test(tc, no_block_at_pending_slot);
    tcase_add_loop_test(tc, delay_target_after_slot_fault, 0, 4);
    tcase_add_loop_test(tc, overflow_in_jal_delay_slot, 0, 2);
    tcase_add_loop_test(tc, store_rewrites_same_block, 0, 2);
    tcase_add_loop_test(tc, store_rewrites_next_block, 0, 2);
    tcase_add_loop_test(tc, store_rewrites_other_page, 0, 2);
    tcase_add_loop_test(tc, byte_order, 0, 2);
    tcase_add_test(tc, exit_request_stops_self_loop);
    tcase_add_test(tc, invalidation_stops_self_loop);
    tcase_add_test(tc, breakpoint_on_self_loop);
    tcase_add_test(tc, cold_blocks_interpreted_first);
    tcase_add_loop_test(tc, counted_self_loop, 0, 2);
    tcase_add_test(tc, tiny_code_cache);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(jit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
