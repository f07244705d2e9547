/* tests/unit/test_user_mem.c — user mode below the command line: the guest
 * address space (mapping, permissions, free-range search, brk, strings), the
 * page-permission check in the interpreter's flat path, the fault -> signal
 * mapping, the initial stack, errno/flag translation and the o32 system-call
 * return convention. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cpu.h"
#include "linux-user/guest_mem.h"
#include "linux-user/loader.h"
#include "linux-user/mips_abi.h"
#include "linux-user/syscall_int.h"
#include "linux-user/user.h"
#include "softmmu/memory.h"

static struct guest_mem mem;
static struct cpu cpu;
static struct user_proc proc;

static void setup(void)
{
    ck_assert_int_eq(gm_init(&mem, false), 0);
    cpu_reset(&cpu, NULL, false);
    cpu.guest_base = mem.base;
    cpu.page_prot = mem.prot;
    cpu.cp0[CP0_STATUS][0] = ST_UM | ST_CU1;
    user_proc_init(&proc, &cpu, &mem, NULL);
}

static void teardown(void)
{
    gm_fini(&mem);
}

START_TEST(map_and_access)
{
    ck_assert_int_eq(gm_map_anon(&mem, 0x10000, 2 * GM_PAGE, GM_READ | GM_WRITE), 0);
    ck_assert(gm_access_ok(&mem, 0x10000, 2 * GM_PAGE, GM_READ | GM_WRITE));
    ck_assert(!gm_access_ok(&mem, 0x10000, 2 * GM_PAGE + 1, GM_READ));
    ck_assert_ptr_null(gm_ptr(&mem, 0xf000, 4, GM_READ));
    ck_assert_int_eq(gm_protect(&mem, 0x11000, GM_PAGE, GM_READ), 0);
    ck_assert(!gm_access_ok(&mem, 0x11000, 4, GM_WRITE));
    ck_assert_int_eq(gm_protect(&mem, 0x20000, GM_PAGE, GM_READ), -ENOMEM);
    ck_assert_int_eq(gm_unmap(&mem, 0x10000, GM_PAGE), 0);
    ck_assert(!gm_access_ok(&mem, 0x10000, 1, 0));
    ck_assert_int_eq(gm_map_anon(&mem, 0x10001, GM_PAGE, GM_READ), -EINVAL);
}
END_TEST

START_TEST(flat_path_faults)
{
    ck_assert_int_eq(gm_map_anon(&mem, 0x10000, GM_PAGE, GM_READ), 0);
    uint32_t v = 1;
    ck_assert(mem_load(&cpu, 0x10000, 4, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(!mem_store(&cpu, 0x10004, 4, 5));
    ck_assert_uint_eq(cpu.exc.code, EXC_TLBS);
    ck_assert_uint_eq(cpu.exc.badvaddr, 0x10004);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGSEGV);
    ck_assert(!mem_load(&cpu, 0, 4, &v)); /* NULL */
    ck_assert_uint_eq(cpu.exc.code, EXC_TLBL);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGSEGV);
    ck_assert(!mem_load(&cpu, 0x80001000u, 4, &v)); /* kernel space: an address error */
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    ck_assert(!mem_store(&cpu, 0xfffff000u, 1, 5));
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    ck_assert(mem_fetch(&cpu, 0x10000, &v)); /* readable is executable on a 24Kf */
    ck_assert(!mem_fetch(&cpu, 0x20000, &v));
    ck_assert(!mem_load(&cpu, 0x10002, 4, &v)); /* unaligned: address error */
    ck_assert_uint_eq(cpu.exc.code, EXC_ADEL);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGBUS);
    cpu_exception(&cpu, EXC_RI);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGILL);
    cpu_exception(&cpu, EXC_OV);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGFPE);
}
END_TEST

START_TEST(trap_codes)
{
    ck_assert_int_eq(gm_map_anon(&mem, 0x10000, GM_PAGE, GM_READ | GM_WRITE | GM_EXEC), 0);
    abi_put32(false, mem.base + 0x10000, 0x00e001f4); /* teq a3, zero, 7 */
    abi_put32(false, mem.base + 0x10004, 0x0000000d); /* break 0 */
    cpu.pc = 0x10000;
    cpu_exception(&cpu, EXC_TR);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGFPE);
    cpu.pc = 0x10004;
    cpu_exception(&cpu, EXC_BP);
    ck_assert_int_eq(user_fault_signal(&cpu), MIPS_SIGTRAP);
}
END_TEST

START_TEST(find_free_and_brk)
{
    uint32_t a = gm_find_free(&mem, 0, 3 * GM_PAGE);
    ck_assert_uint_eq(a, GM_MMAP_BASE);
    ck_assert_int_eq(gm_map_anon(&mem, a + GM_PAGE, GM_PAGE, GM_READ), 0);
    ck_assert_uint_eq(gm_find_free(&mem, 0, 3 * GM_PAGE), a + 2 * GM_PAGE);
    ck_assert_uint_eq(gm_find_free(&mem, 0x300000, GM_PAGE), 0x300000); /* free hint kept */
    mem.brk_start = mem.brk = 0x500100;
    mem.brk_mapped = 0x501000;
    ck_assert_int_eq(gm_map_anon(&mem, 0x500000, GM_PAGE, GM_READ | GM_WRITE), 0);
    ck_assert_uint_eq(gm_brk(&mem, 0x503000), 0x503000);
    ck_assert(gm_access_ok(&mem, 0x502ffc, 4, GM_WRITE));
    mem.base[0x502000] = 7;
    ck_assert_uint_eq(gm_brk(&mem, 0x400000), 0x503000); /* below the start: refused */
    ck_assert_uint_eq(gm_brk(&mem, 0x501800), 0x501800);
    ck_assert(!gm_access_ok(&mem, 0x502000, 1, 0));
    ck_assert_uint_eq(gm_brk(&mem, 0x503000), 0x503000);
    ck_assert_uint_eq(mem.base[0x502000], 0); /* regrown memory is zeroed */
}
END_TEST

START_TEST(strings)
{
    ck_assert_int_eq(gm_map_anon(&mem, 0x10000, GM_PAGE, GM_READ | GM_WRITE), 0);
    memcpy(mem.base + 0x10010, "hello", 6);
    ck_assert_str_eq(gm_string(&mem, 0x10010), "hello");
    memset(mem.base + 0x10ff0, 'x', 16); /* runs into the unmapped next page */
    ck_assert_ptr_null(gm_string(&mem, 0x10ff0));
    ck_assert_ptr_null(gm_string(&mem, 0x30000));
}
END_TEST

START_TEST(initial_stack)
{
    struct user_image img = {
        .entry = 0x400100, .prog_entry = 0x400100, .phdr = 0x400034, .phnum = 7, .phent = 32};
    char *argv[] = {"prog", "one", NULL};
    char *envp[] = {"A=1", NULL};
    uint32_t sp;
    char err[128];
    ck_assert_int_eq(
        loader_build_stack(&mem, &img, 2, argv, envp, "/bin/prog", &sp, err, sizeof err), 0);
    ck_assert_uint_eq(sp & 15, 0);
    const uint8_t *s = mem.base + sp;
    ck_assert_uint_eq(abi_get32(false, s), 2);
    ck_assert_str_eq((char *)mem.base + abi_get32(false, s + 4), "prog");
    ck_assert_str_eq((char *)mem.base + abi_get32(false, s + 8), "one");
    ck_assert_uint_eq(abi_get32(false, s + 12), 0);
    ck_assert_str_eq((char *)mem.base + abi_get32(false, s + 16), "A=1");
    ck_assert_uint_eq(abi_get32(false, s + 20), 0);
    bool saw_pagesz = false, saw_phnum = false, saw_platform = false;
    for (const uint8_t *a = s + 24; abi_get32(false, a) != AUXV_NULL; a += 8) {
        uint32_t tag = abi_get32(false, a), val = abi_get32(false, a + 4);
        saw_pagesz |= tag == AUXV_PAGESZ && val == 4096;
        saw_phnum |= tag == AUXV_PHNUM && val == 7;
        saw_platform |= tag == AUXV_PLATFORM && strcmp((char *)mem.base + val, "mips") == 0;
    }
    ck_assert(saw_pagesz && saw_phnum && saw_platform);
}
END_TEST

START_TEST(translation_tables)
{
    ck_assert_int_eq(mips_errno(ENOSYS), 89);
    ck_assert_int_eq(mips_errno(EAGAIN), 11);
    ck_assert_int_eq(mips_errno(ENOTEMPTY), 93);
    ck_assert_int_eq(mips_errno(ETIMEDOUT), 145);
    ck_assert_int_eq(mips_errno(EDQUOT), 1133);
    ck_assert_int_eq(mips_to_host_signal(MIPS_SIGBUS), SIGBUS);
    ck_assert_int_eq(mips_to_host_signal(16), SIGUSR1);
    ck_assert_int_eq(host_to_mips_signal(SIGCHLD), 18);
    ck_assert_int_eq(open_flags_to_host(MIPS_O_CREAT | MIPS_O_APPEND | 1), O_CREAT | O_APPEND | 1);
    ck_assert_uint_eq(open_flags_to_mips(O_NONBLOCK | O_CLOEXEC), MIPS_O_NONBLOCK | MIPS_O_CLOEXEC);
}
END_TEST

/* Runs one system call as the guest would issue it at pc 0x1000. */
static void guest_syscall(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2)
{
    cpu.gpr[2] = nr;
    cpu.gpr[4] = a0, cpu.gpr[5] = a1, cpu.gpr[6] = a2;
    cpu.gpr[29] = 0;
    cpu.pc = 0x1000;
    user_syscall(&proc);
}

START_TEST(syscall_convention)
{
    guest_syscall(NR_getpid, 0, 0, 0);
    ck_assert_uint_eq(cpu.gpr[2], (uint32_t)getpid());
    ck_assert_uint_eq(cpu.gpr[7], 0);
    ck_assert_uint_eq(cpu.pc, 0x1004);
    guest_syscall(4999, 0, 0, 0); /* unknown */
    ck_assert_uint_eq(cpu.gpr[2], 89);
    ck_assert_uint_eq(cpu.gpr[7], 1);
    guest_syscall(NR_write, 1, 0x12340000, 4); /* unmapped buffer */
    ck_assert_uint_eq(cpu.gpr[2], MIPS_EFAULT);
    ck_assert_uint_eq(cpu.gpr[7], 1);
    guest_syscall(NR_pipe, 0, 0, 0); /* both ends in v0/v1 */
    ck_assert_uint_eq(cpu.gpr[7], 0);
    ck_assert_int_eq(write((int)cpu.gpr[3], "z", 1), 1);
    char c = 0;
    ck_assert_int_eq(read((int)cpu.gpr[2], &c, 1), 1);
    ck_assert_int_eq(c, 'z');
    close((int)cpu.gpr[2]), close((int)cpu.gpr[3]);
    guest_syscall(NR_set_thread_area, 0x7000, 0, 0);
    ck_assert_uint_eq(cpu.cp0[CP0_CONTEXT][2], 0x7000);
    guest_syscall(NR_exit_group, 3, 0, 0);
    ck_assert(proc.exited);
    ck_assert_int_eq(proc.status, 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("user_mem");
    TCase *tc = tcase_create("user");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, map_and_access);
    tcase_add_test(tc, flat_path_faults);
    tcase_add_test(tc, trap_codes);
    tcase_add_test(tc, find_free_and_brk);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, initial_stack);
    tcase_add_test(tc, translation_tables);
    tcase_add_test(tc, syscall_convention);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
