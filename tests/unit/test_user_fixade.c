/* tests/unit/test_user_fixade.c — linux-user/unaligned.c below the engines:
 * a pending AdEL/AdES from the instruction at pc, as the interpreter leaves
 * it, is emulated byte by byte in the guest's byte order (GPR and FPU forms),
 * pc moves past it (to the branch target in a delay slot), and what Linux
 * does not fix stays a signal: LL/SC, a misaligned fetch, an access reaching
 * kernel space, fixing turned off by sysmips(MIPS_FIXADE, 0), and a byte on
 * an unmapped page (a TLB fault at that byte: SIGSEGV). */
#include <check.h>
#include <string.h>

#include "core/cpu.h"
#include "frontend/fpu.h"
#include "linux-user/guest_mem.h"
#include "linux-user/syscall_int.h"
#include "linux-user/user.h"
#include "softmmu/memory.h"

#define CODE 0x10000u
#define DATA 0x20000u

static struct guest_mem mem;
static struct cpu cpu;
static struct user_proc proc;

static void setup_order(bool be)
{
    ck_assert_int_eq(gm_init(&mem, be), 0);
    cpu_reset(&cpu, NULL, be);
    cpu.guest_base = mem.base;
    cpu.page_prot = mem.prot;
    cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU1;
    user_proc_init(&proc, &cpu, &mem, NULL);
    ck_assert_int_eq(gm_map_anon(&mem, CODE, GM_PAGE, GM_READ | GM_WRITE | GM_EXEC), 0);
    ck_assert_int_eq(gm_map_anon(&mem, DATA, GM_PAGE, GM_READ | GM_WRITE), 0);
    for (unsigned i = 0; i < 64; i++)
        mem.base[DATA + i] = (uint8_t)(0x10 + i);
}

static void setup(void)
{
    setup_order(false);
}

static void teardown(void)
{
    gm_fini(&mem);
}

/* Puts word at CODE + 4 * slot in the guest's byte order. */
static void put_insn(unsigned slot, uint32_t word)
{
    abi_put32(mem.big_endian, mem.base + CODE + 4 * slot, word);
}

static uint32_t i_type(unsigned op, unsigned rs, unsigned rt, int16_t imm)
{
    return op << 26 | rs << 21 | rt << 16 | (uint16_t)imm;
}

/* The instruction at CODE raised code at addr (as the interpreter does). */
static void raise_at(unsigned slot, enum mips_exc code, uint32_t addr)
{
    cpu.pc = CODE + 4 * slot;
    cpu_exception_addr(&cpu, code, addr);
}

START_TEST(lw_little_endian)
{
    cpu.gpr[4] = DATA + 1;
    put_insn(0, i_type(0x23, 4, 2, 0)); /* lw $2, 0($4) */
    raise_at(0, EXC_ADEL, DATA + 1);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[2], 0x14131211u);
    ck_assert_uint_eq(cpu.pc, CODE + 4);
    ck_assert_uint_eq(cpu.exc.code, EXC_NONE);
}
END_TEST

START_TEST(lh_sign_and_lhu)
{
    mem.base[DATA + 3] = 0x80;
    cpu.gpr[4] = DATA;
    put_insn(0, i_type(0x21, 4, 2, 3)); /* lh $2, 3($4): bytes 80 14 -> 0x1480 */
    raise_at(0, EXC_ADEL, DATA + 3);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[2], 0x1480u);
    mem.base[DATA + 4] = 0x90;
    put_insn(1, i_type(0x21, 4, 3, 3)); /* lh $3, 3($4): 0x9080, negative */
    raise_at(1, EXC_ADEL, DATA + 3);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[3], 0xffff9080u);
    put_insn(2, i_type(0x25, 4, 5, 3)); /* lhu $5, 3($4) */
    raise_at(2, EXC_ADEL, DATA + 3);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[5], 0x9080u);
    ck_assert_uint_eq(cpu.pc, CODE + 12);
}
END_TEST

START_TEST(sw_sh_stores)
{
    cpu.gpr[4] = DATA + 5;
    cpu.gpr[6] = 0xa1b2c3d4u;
    put_insn(0, i_type(0x2b, 4, 6, 0)); /* sw $6, 0($4) */
    raise_at(0, EXC_ADES, DATA + 5);
    ck_assert(user_fixade(&proc));
    static const uint8_t le[] = {0xd4, 0xc3, 0xb2, 0xa1};
    ck_assert_mem_eq(mem.base + DATA + 5, le, 4);
    put_insn(1, i_type(0x29, 4, 6, 4)); /* sh $6, 4($4) at DATA + 9 */
    raise_at(1, EXC_ADES, DATA + 9);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(mem.base[DATA + 9], 0xd4);
    ck_assert_uint_eq(mem.base[DATA + 10], 0xc3);
    ck_assert_uint_eq(mem.base[DATA + 11], 0x10 + 11);
}
END_TEST

START_TEST(big_endian_forms)
{
    teardown();
    setup_order(true);
    cpu.gpr[4] = DATA + 1;
    put_insn(0, i_type(0x23, 4, 2, 0)); /* lw */
    raise_at(0, EXC_ADEL, DATA + 1);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[2], 0x11121314u);
    cpu.gpr[6] = 0xa1b2c3d4u;
    put_insn(1, i_type(0x2b, 4, 6, 2)); /* sw at DATA + 3 */
    raise_at(1, EXC_ADES, DATA + 3);
    ck_assert(user_fixade(&proc));
    static const uint8_t be[] = {0xa1, 0xb2, 0xc3, 0xd4};
    ck_assert_mem_eq(mem.base + DATA + 3, be, 4);
    put_insn(2, i_type(0x35, 4, 2, 0)); /* ldc1 $f2, 0($4) */
    raise_at(2, EXC_ADEL, DATA + 1);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(fpu_get_d(&cpu, 2), 0x1112a1b2c3d41718ull);
}
END_TEST

START_TEST(fpu_forms)
{
    cpu.gpr[4] = DATA + 2;
    put_insn(0, i_type(0x31, 4, 1, 0)); /* lwc1 $f1, 0($4) */
    raise_at(0, EXC_ADEL, DATA + 2);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(fpu_get_s(&cpu, 1), 0x15141312u);
    put_insn(1, i_type(0x35, 4, 4, 1)); /* ldc1 $f4, 1($4) */
    raise_at(1, EXC_ADEL, DATA + 3);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(fpu_get_d(&cpu, 4), 0x1a19181716151413ull);
    fpu_set_d(&cpu, 6, 0x0102030405060708ull);
    put_insn(2, i_type(0x3d, 4, 6, 31)); /* sdc1 $f6, 31($4) at DATA + 33 */
    raise_at(2, EXC_ADES, DATA + 33);
    ck_assert(user_fixade(&proc));
    static const uint8_t le[] = {8, 7, 6, 5, 4, 3, 2, 1};
    ck_assert_mem_eq(mem.base + DATA + 33, le, 8);
    /* ldxc1 $f8, $5($4): COP1X, fd = 8, index 5 -> DATA + 7 */
    cpu.gpr[5] = 5;
    put_insn(3, 0x13u << 26 | 4u << 21 | 5u << 16 | 8u << 6 | 0x01u);
    raise_at(3, EXC_ADEL, DATA + 7);
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(fpu_get_d(&cpu, 8), 0x1e1d1c1b1a191817ull);
    ck_assert_uint_eq(cpu.pc, CODE + 16);
}
END_TEST

START_TEST(delay_slot_goes_to_target)
{
    cpu.gpr[4] = DATA + 1;
    put_insn(1, i_type(0x23, 4, 2, 0)); /* lw in the slot of a branch at CODE */
    raise_at(1, EXC_ADEL, DATA + 1);
    cpu.in_delay = true;
    cpu.delay_target = CODE + 0x100;
    ck_assert(user_fixade(&proc));
    ck_assert_uint_eq(cpu.gpr[2], 0x14131211u);
    ck_assert_uint_eq(cpu.pc, CODE + 0x100);
    ck_assert(!cpu.in_delay);
}
END_TEST

START_TEST(byte_on_unmapped_page_faults_there)
{
    uint32_t end = DATA + GM_PAGE;
    cpu.gpr[4] = end - 2;
    cpu.gpr[6] = 0xffffffffu;
    put_insn(0, i_type(0x23, 4, 2, 0)); /* lw */
    raise_at(0, EXC_ADEL, end - 2);
    cpu.gpr[2] = 77;
    ck_assert(!user_fixade(&proc));
    ck_assert_uint_eq(cpu.exc.code, EXC_TLBL);
    ck_assert_uint_eq(cpu.exc.badvaddr, end);
    ck_assert_uint_eq(cpu.gpr[2], 77);
    ck_assert_uint_eq(cpu.pc, CODE);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGSEGV);
    put_insn(1, i_type(0x2b, 4, 6, 1)); /* sw at end - 1: nothing lands */
    raise_at(1, EXC_ADES, end - 1);
    ck_assert(!user_fixade(&proc));
    ck_assert_uint_eq(cpu.exc.code, EXC_TLBS);
    ck_assert_uint_eq(cpu.exc.badvaddr, end);
    ck_assert_uint_eq(mem.base[end - 1], 0);
}
END_TEST

START_TEST(not_fixed_stays_a_signal)
{
    cpu.gpr[4] = DATA + 1;
    put_insn(0, i_type(0x30, 4, 2, 0)); /* ll */
    raise_at(0, EXC_ADEL, DATA + 1);
    ck_assert(!user_fixade(&proc));
    ck_assert_uint_eq(cpu.exc.code, EXC_ADEL);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    put_insn(1, i_type(0x38, 4, 2, 0)); /* sc */
    raise_at(1, EXC_ADES, DATA + 1);
    ck_assert(!user_fixade(&proc));
    raise_at(2, EXC_ADEL, CODE + 8); /* the fetch: BadVAddr == pc */
    ck_assert(!user_fixade(&proc));
    put_insn(3, i_type(0x23, 4, 2, 0));
    raise_at(3, EXC_ADEL, 0x7ffffffeu); /* reaches kernel space: access_ok fails */
    ck_assert(!user_fixade(&proc));
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    raise_at(3, EXC_ADEL, 0x80000001u); /* starts there: SIGBUS too (do_ade) */
    ck_assert(!user_fixade(&proc));
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    ck_assert_uint_eq(cpu.pc, CODE + 12);
}
END_TEST

START_TEST(sysmips_fixade)
{
    uint32_t off[8] = {7, 0}, on[8] = {7, 1}, bad[8] = {7, 4}, other[8] = {2, 0};
    ck_assert_int_eq(sys_sysmips(&proc, off), 0);
    ck_assert(proc.fixade_off);
    cpu.gpr[4] = DATA + 1;
    put_insn(0, i_type(0x23, 4, 2, 0));
    raise_at(0, EXC_ADEL, DATA + 1);
    ck_assert(!user_fixade(&proc));
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    ck_assert_int_eq(sys_sysmips(&proc, bad), -MIPS_EINVAL);
    ck_assert(proc.fixade_off);
    ck_assert_int_eq(sys_sysmips(&proc, on), 0);
    ck_assert(!proc.fixade_off);
    ck_assert(user_fixade(&proc));
    ck_assert_int_eq(sys_sysmips(&proc, other), -MIPS_ENOSYS);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("user_fixade");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, lw_little_endian);
    tcase_add_test(tc, lh_sign_and_lhu);
    tcase_add_test(tc, sw_sh_stores);
    tcase_add_test(tc, big_endian_forms);
    tcase_add_test(tc, fpu_forms);
    tcase_add_test(tc, delay_slot_goes_to_target);
    tcase_add_test(tc, byte_on_unmapped_page_faults_there);
    tcase_add_test(tc, not_fixed_stays_a_signal);
    tcase_add_test(tc, sysmips_fixade);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
