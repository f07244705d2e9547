/* tests/unit/test_fpu_regs.c — the FPU register file and its moves through the
 * interpreter: MFC1/MTC1/MFHC1/MTHC1 under Status.FR = 0 and 1, LWC1/SWC1/
 * LDC1/SDC1 and the indexed COP1X forms on both byte orders (with address
 * errors leaving everything unchanged), PREFX, and the control registers
 * FIR/FCCR/FEXR/FENR/FCSR through CFC1/CTC1, including CTC1 raising FPE.
 *
 * Base register $4 = HARNESS_DATA and index register $5 unless stated.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/fpu_test.h"

#define DATA_PHYS (HARNESS_DATA & 0x1fffffffu)

static struct harness *machine(bool big_endian, bool fr64)
{
    struct harness *h = fpu_machine(big_endian, fr64);
    h->cpu.gpr[4] = HARNESS_DATA;
    return h;
}

static const uint8_t *data_bytes(struct harness *h)
{
    return h->ram + DATA_PHYS;
}

/* MTC1 writes bits 31..0 and keeps 63..32 (QEMU); MFC1 reads bits 31..0. */
START_TEST(mtc1_mfc1)
{
    struct harness *h = machine(false, _i);
    h->cpu.fpr[3] = 0xaaaaaaaabbbbbbbbull;
    h->cpu.gpr[6] = 0x12345678;
    ck_assert(run1(h, ENC_MOVE(RS_MTC1, 6, 3)));
    ck_assert_uint_eq(h->cpu.fpr[3], 0xaaaaaaaa12345678ull);
    ck_assert(run1(h, ENC_MOVE(RS_MFC1, 7, 3)));
    ck_assert_uint_eq(h->cpu.gpr[7], 0x12345678);
    ck_assert(run1(h, ENC_MOVE(RS_MFC1, 0, 3)));
    ck_assert_uint_eq(h->cpu.gpr[0], 0);
    harness_free(h);
}
END_TEST

/* FR = 0: MTHC1/MFHC1 $f2 reach the odd register of the pair, i.e. the high
 * word of the double in ($f2, $f3); an odd number names itself (QEMU). */
START_TEST(high_half_fr0)
{
    struct harness *h = machine(false, false);
    h->cpu.gpr[6] = 0x3ff00000;
    h->cpu.gpr[7] = 0;
    ck_assert(run1(h, ENC_MOVE(RS_MTC1, 7, 2)));
    ck_assert(run1(h, ENC_MOVE(RS_MTHC1, 6, 2)));
    ck_assert_uint_eq(h->cpu.fpr[2], 0);
    ck_assert_uint_eq(h->cpu.fpr[3], 0x3ff00000);
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 2), 0x3ff0000000000000ull);
    ck_assert(run1(h, ENC_MOVE(RS_MFHC1, 8, 2)));
    ck_assert_uint_eq(h->cpu.gpr[8], 0x3ff00000);
    h->cpu.fpr[5] = 0x55;
    ck_assert(run1(h, ENC_MOVE(RS_MFHC1, 9, 5)));
    ck_assert_uint_eq(h->cpu.gpr[9], 0x55);
    harness_free(h);
}
END_TEST

/* FR = 1: MTHC1/MFHC1 use bits 63..32 of the register itself, odd or even. */
START_TEST(high_half_fr1)
{
    struct harness *h = machine(false, true);
    h->cpu.fpr[3] = 0x11111111;
    h->cpu.gpr[6] = 0x40000000;
    ck_assert(run1(h, ENC_MOVE(RS_MTHC1, 6, 3)));
    ck_assert_uint_eq(h->cpu.fpr[3], 0x4000000011111111ull);
    ck_assert_uint_eq(h->cpu.fpr[2], 0);
    ck_assert(run1(h, ENC_MOVE(RS_MFHC1, 7, 3)));
    ck_assert_uint_eq(h->cpu.gpr[7], 0x40000000);
    harness_free(h);
}
END_TEST

static const uint8_t le_bytes[8] = {0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01};
static const uint8_t be_bytes[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

/* SDC1 lays a double out in the guest's byte order; LDC1 reads it back into
 * the (even, odd) pair with FR = 0 or one register with FR = 1. */
START_TEST(ldc1_sdc1_byte_order)
{
    bool be = _i & 1, fr64 = _i >> 1;
    struct harness *h = machine(be, fr64);
    fpu_set_d(&h->cpu, 6, 0x0123456789abcdefull);
    ck_assert(run1(h, ENC_MEM(OPC_SDC1, 6, 8, 4)));
    ck_assert_mem_eq(data_bytes(h) + 8, be ? be_bytes : le_bytes, 8);
    ck_assert(run1(h, ENC_MEM(OPC_LDC1, 10, 8, 4)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 10), 0x0123456789abcdefull);
    if (fr64) {
        ck_assert_uint_eq(h->cpu.fpr[10], 0x0123456789abcdefull);
    } else {
        ck_assert_uint_eq(h->cpu.fpr[10], 0x89abcdef);
        ck_assert_uint_eq(h->cpu.fpr[11], 0x01234567);
    }
    /* LWC1 of the word at the lower address: the low word (LE), high (BE). */
    ck_assert(run1(h, ENC_MEM(OPC_LWC1, 12, 8, 4)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 12), be ? 0x01234567 : 0x89abcdef);
    ck_assert(run1(h, ENC_MEM(OPC_SWC1, 12, 16, 4)));
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 16), fpu_get_s(&h->cpu, 12));
    harness_free(h);
}
END_TEST

/* FR = 0: LDC1/SDC1 with an odd ft use the pair (ft & ~1, ft | 1), as QEMU. */
START_TEST(ldc1_odd_register_fr0)
{
    struct harness *h = machine(false, false);
    harness_poke32(h, HARNESS_DATA, 0x89abcdef);
    harness_poke32(h, HARNESS_DATA + 4, 0x01234567);
    ck_assert(run1(h, ENC_MEM(OPC_LDC1, 7, 0, 4)));
    ck_assert_uint_eq(h->cpu.fpr[6], 0x89abcdef);
    ck_assert_uint_eq(h->cpu.fpr[7], 0x01234567);
    ck_assert(run1(h, ENC_MEM(OPC_SDC1, 7, 8, 4)));
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 8), 0x89abcdef);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 12), 0x01234567);
    harness_free(h);
}
END_TEST

/* Misaligned accesses raise AdEL/AdES with BadVAddr; nothing changes. */
START_TEST(misaligned)
{
    struct harness *h = machine(false, false);
    h->cpu.fpr[2] = 0x1234;
    ck_assert(!run1(h, ENC_MEM(OPC_LDC1, 2, 4, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADEL);
    ck_assert_uint_eq(h->cpu.exc.badvaddr, HARNESS_DATA + 4);
    ck_assert_uint_eq(h->cpu.fpr[2], 0x1234);
    ck_assert(!run1(h, ENC_MEM(OPC_LWC1, 2, 2, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADEL);
    ck_assert(!run1(h, ENC_MEM(OPC_SDC1, 2, 4, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADES);
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 4), 0);
    ck_assert(!run1(h, ENC_MEM(OPC_SWC1, 2, 1, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_ADES);
    harness_free(h);
}
END_TEST

/* LWXC1/SWXC1/LDXC1/SDXC1 address base + index. */
START_TEST(indexed)
{
    bool be = _i;
    struct harness *h = machine(be, false);
    h->cpu.gpr[5] = 0x20;
    fpu_set_d(&h->cpu, 2, 0x0123456789abcdefull);
    ck_assert(run1(h, ENC_STX(FNX_SDXC1, 2, 5, 4)));
    ck_assert_mem_eq(data_bytes(h) + 0x20, be ? be_bytes : le_bytes, 8);
    ck_assert(run1(h, ENC_LDX(FNX_LDXC1, 4, 5, 4)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 4), 0x0123456789abcdefull);
    fpu_set_s(&h->cpu, 9, 0xcafef00d);
    ck_assert(run1(h, ENC_STX(FNX_SWXC1, 9, 5, 4)));
    ck_assert_uint_eq(harness_peek32(h, HARNESS_DATA + 0x20), 0xcafef00d);
    ck_assert(run1(h, ENC_LDX(FNX_LWXC1, 11, 5, 4)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 11), 0xcafef00d);
    /* With FR = 0, LDXC1/SDXC1 check their register like a D operand. */
    ck_assert(!run1(h, ENC_LDX(FNX_LDXC1, 5, 5, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert(!run1(h, ENC_STX(FNX_SDXC1, 3, 5, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    harness_free(h);
}
END_TEST

/* LUXC1/SUXC1 clear the low three address bits and need FR = 1. */
START_TEST(unaligned_indexed)
{
    struct harness *h = machine(false, true);
    h->cpu.gpr[5] = 0x23;
    h->cpu.fpr[7] = 0x0123456789abcdefull;
    ck_assert(run1(h, ENC_STX(FNX_SUXC1, 7, 5, 4)));
    ck_assert_mem_eq(data_bytes(h) + 0x20, le_bytes, 8);
    ck_assert(run1(h, ENC_LDX(FNX_LUXC1, 9, 5, 4)));
    ck_assert_uint_eq(h->cpu.fpr[9], 0x0123456789abcdefull);
    harness_free(h);
    h = machine(false, false);
    ck_assert(!run1(h, ENC_LDX(FNX_LUXC1, 8, 5, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    ck_assert(!run1(h, ENC_STX(FNX_SUXC1, 8, 5, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    harness_free(h);
}
END_TEST

/* PREFX is a hint: no access, no fault even on an unmapped address. */
START_TEST(prefx_is_a_hint)
{
    struct harness *h = machine(false, false);
    h->cpu.gpr[4] = 0x00000001; /* kuseg, no TLB entry */
    ck_assert(run1(h, ENC_LDX(FNX_PREFX, 4, 5, 4)));
    harness_free(h);
}
END_TEST

struct ctrl_read {
    unsigned fs;
    uint32_t fcsr, want;
};

static const struct ctrl_read ctrl_reads[] = {
    {FPU_FIR, 0, 0x00739300},           {FPU_FCSR, 0xfe83f0ff, 0xfe83f0ff},
    {FPU_FCCR, 0xfe800000, 0xff},       {FPU_FCCR, 0x00800000, 0x01},
    {FPU_FCCR, 0x02000000, 0x02},       {FPU_FEXR, 0xfe83ffff, 0x0003f07c},
    {FPU_FENR, 0xff83ffff, 0x00000f87}, {FPU_FENR, 0x00000f83, 0x00000f83},
    {7, 0x00000003, 0x00000003}, /* unlisted: FCSR, as helper_cfc1 */
};

START_TEST(cfc1_views)
{
    const struct ctrl_read *c = &ctrl_reads[_i];
    struct harness *h = machine(false, false);
    h->cpu.fcsr = c->fcsr;
    ck_assert(run1(h, ENC_MOVE(RS_CFC1, 6, c->fs)));
    ck_assert_msg(h->cpu.gpr[6] == c->want, "cfc1 $%u with fcsr %#x: %#x", c->fs, c->fcsr,
                  h->cpu.gpr[6]);
    harness_free(h);
}
END_TEST

struct ctrl_write {
    unsigned fs;
    uint32_t before, value, after;
    bool traps;
};

/* Expectations checked against qemu-mipsel 7.2 (24Kf). */
static const struct ctrl_write ctrl_writes[] = {
    {FPU_FCSR, 0, 0xffffffff & ~0x0003f000u, 0xff800fff, false}, /* bits 22..18 read-only */
    {FPU_FCSR, 0, 0x00000003, 0x00000003, false},
    {FPU_FCSR, 0, 0x00001080, 0x00001080, true},  /* Cause.I with Enable.I */
    {FPU_FCSR, 0, 0x00020000, 0x00020000, true},  /* Cause.E always traps */
    {FPU_FCSR, 0, 0x00010100, 0x00010100, false}, /* Cause.V, Enable.U only */
    {FPU_FCCR, 0x00000001, 0xff, 0xfe800001, false},
    {FPU_FCCR, 0xfe800003, 0x02, 0x02000003, false},
    {FPU_FCCR, 0x00000001, 0x1ff, 0x00000001, false}, /* bits above 7: ignored */
    {FPU_FEXR, 0x00000001, 0x0001f07c, 0x0001f07d, false},
    {FPU_FEXR, 0x00000001, 0x000000ff, 0x0000007d, false}, /* stray bits dropped */
    {FPU_FEXR, 0x00000001, 0x0003f07d, 0x0003f07d, true},
    {FPU_FEXR, 0x00000001, 0x0040007c, 0x00000001, false}, /* bit 22: ignored */
    {FPU_FENR, 0x00000001, 0x00000f87, 0x01000f83, false},
    {FPU_FENR, 0x0001f07c, 0x00000004, 0x0101f07c, false},
    {FPU_FENR, 0x00001001, 0x00000080, 0x00001080, true}, /* enabling a pending cause */
    {FPU_FIR, 0x00000001, 0xffffffff, 0x00000001, false}, /* read-only */
    {7, 0x00000001, 0xffffffff, 0x00000001, false},
};

/* CTC1 changes the writable bits; with an enabled (or Unimplemented) Cause
 * bit afterwards it raises FPE, the write having happened. */
START_TEST(ctc1_writes)
{
    const struct ctrl_write *c = &ctrl_writes[_i];
    struct harness *h = machine(false, false);
    h->cpu.fcsr = c->before;
    h->cpu.gpr[6] = c->value;
    bool ok = run1(h, ENC_MOVE(RS_CTC1, 6, c->fs));
    ck_assert_msg(ok == !c->traps, "ctc1 %#x -> $%u: exception %u", c->value, c->fs,
                  h->cpu.exc.code);
    if (!ok) ck_assert_uint_eq(h->cpu.exc.code, EXC_FPE);
    ck_assert_msg(h->cpu.fcsr == c->after, "ctc1 %#x -> $%u: fcsr %#x want %#x", c->value, c->fs,
                  h->cpu.fcsr, c->after);
    harness_free(h);
}
END_TEST

/* FCSR.RM written by CTC1 steers the next operation: 1/3 in RZ and RP. */
START_TEST(ctc1_rounding_mode)
{
    struct harness *h = machine(false, false);
    fpu_set_s(&h->cpu, 2, 0x3f800000);
    fpu_set_s(&h->cpu, 4, 0x40400000);
    h->cpu.gpr[6] = FPU_RZ;
    ck_assert(run1(h, ENC_MOVE(RS_CTC1, 6, FPU_FCSR)));
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_DIV, 0, 2, 4)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x3eaaaaaa);
    h->cpu.gpr[6] = FPU_RP;
    ck_assert(run1(h, ENC_MOVE(RS_CTC1, 6, FPU_FENR)));
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_DIV, 0, 2, 4)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x3eaaaaab);
    harness_free(h);
}
END_TEST

static Suite *fpu_regs_suite(void)
{
    Suite *s = suite_create("fpu_regs");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, mtc1_mfc1, 0, 2);
    tcase_add_test(t, high_half_fr0);
    tcase_add_test(t, high_half_fr1);
    tcase_add_loop_test(t, ldc1_sdc1_byte_order, 0, 4);
    tcase_add_test(t, ldc1_odd_register_fr0);
    tcase_add_test(t, misaligned);
    tcase_add_loop_test(t, indexed, 0, 2);
    tcase_add_test(t, unaligned_indexed);
    tcase_add_test(t, prefx_is_a_hint);
    tcase_add_loop_test(t, cfc1_views, 0, sizeof ctrl_reads / sizeof ctrl_reads[0]);
    tcase_add_loop_test(t, ctc1_writes, 0, sizeof ctrl_writes / sizeof ctrl_writes[0]);
    tcase_add_test(t, ctc1_rounding_mode);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(fpu_regs_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
