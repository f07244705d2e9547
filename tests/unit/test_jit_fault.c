/* tests/unit/test_jit_fault.c — user mode's host-fault path (core/jit_fault.h):
 * the site map (order, ranges, truncation, reset) and the real SIGSEGV
 * handler: a load in "generated" code from a PROT_NONE page resumes at its
 * stub, and a write of C code into a write-protected page the guest may
 * write calls the unprotect hook and lands.
 */
#include <check.h>
#include <string.h>
#include <sys/mman.h>

#include "codecache/exec_mem.h"
#include "core/cpu.h"
#include "core/jit_fault.h"

#define SPACE_PAGES 16u

static struct exec_mem em;
static uint8_t *space;                /* the "guest space": SPACE_PAGES pages */
static uint8_t prot[1u << 20];        /* its page map */
static uint32_t unprotected = ~0u;    /* the page the hook was called with */
static unsigned unprotect_calls;

static void unprotect(void *opaque, uint32_t page)
{
    (void)opaque;
    unprotected = page;
    unprotect_calls++;
}

static void setup(void)
{
    ck_assert_int_eq(exec_mem_init(&em, 1 << 16), 0);
    space = mmap(NULL, SPACE_PAGES * 4096u, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
    ck_assert_ptr_ne(space, MAP_FAILED);
    memset(prot, 0, sizeof prot);
    ck_assert(jit_fault_install(space, prot, 1 << 16, unprotect, NULL));
    ck_assert(jit_fault_active());
}

static void teardown(void)
{
    jit_fault_uninstall();
    ck_assert(!jit_fault_active());
    munmap(space, SPACE_PAGES * 4096u);
    exec_mem_destroy(&em);
}

START_TEST(test_map_ranges)
{
    static uint8_t code[256];
    ck_assert(jit_fault_add(code + 10, code + 14, code + 100));
    ck_assert(jit_fault_add(code + 20, code + 22, code + 120));
    ck_assert_ptr_eq(jit_fault_lookup(code + 10), code + 100);
    ck_assert_ptr_eq(jit_fault_lookup(code + 13), code + 100);
    ck_assert_ptr_null(jit_fault_lookup(code + 14));
    ck_assert_ptr_null(jit_fault_lookup(code + 9));
    ck_assert_ptr_eq(jit_fault_lookup(code + 21), code + 120);
    ck_assert_ptr_null(jit_fault_lookup(code + 22));
    /* Out of order, empty, or a stub before its site: refused. */
    ck_assert(!jit_fault_add(code + 15, code + 18, code + 130));
    ck_assert(!jit_fault_add(code + 30, code + 30, code + 130));
    ck_assert(!jit_fault_add(code + 30, code + 32, code + 5));
    /* Code space handed out again from code + 20: its old site goes. */
    jit_fault_truncate(code + 20);
    ck_assert_ptr_null(jit_fault_lookup(code + 21));
    ck_assert_ptr_eq(jit_fault_lookup(code + 11), code + 100);
    ck_assert(jit_fault_add(code + 20, code + 24, code + 140));
    ck_assert_ptr_eq(jit_fault_lookup(code + 23), code + 140);
    jit_fault_reset();
    ck_assert_ptr_null(jit_fault_lookup(code + 11));
}
END_TEST

/* mov eax, [rdi] ; ret ; (pad) ; stub: mov eax, 42 ; ret */
static const uint8_t load_code[] = {0x8b, 0x07, 0xc3, 0x90, 0x90, 0x90, 0x90, 0x90,
                                    0xb8, 42,   0,    0,    0,    0xc3};

START_TEST(test_fault_resumes_at_stub)
{
    uint8_t *rx = exec_mem_alloc(&em, sizeof load_code, 16);
    ck_assert_ptr_nonnull(rx);
    memcpy(exec_mem_rw(&em, rx), load_code, sizeof load_code);
    ck_assert(jit_fault_add(rx, rx + 2, rx + 8));
    int (*f)(const void *);
    memcpy(&f, &rx, sizeof f);
    memcpy(space + 4096, &(uint32_t){7}, 4);
    ck_assert_int_eq(f(space + 4096), 7); /* no fault: the fast path's value */
    ck_assert_int_eq(mprotect(space + 2 * 4096, 4096, PROT_NONE), 0);
    ck_assert_int_eq(f(space + 2 * 4096), 42); /* the fault went to the stub */
    ck_assert_int_eq(f(space + 2 * 4096 + 8), 42);
    ck_assert_uint_eq(unprotect_calls, 0);
}
END_TEST

START_TEST(test_c_write_unprotects)
{
    uint32_t page = 3 * 4096;
    prot[3] = CPU_PAGE_READ | CPU_PAGE_WRITE | CPU_PAGE_CODE;
    ck_assert_int_eq(mprotect(space + page, 4096, PROT_READ), 0);
    volatile uint8_t *p = space + page + 5;
    *p = 9; /* faults once: the hook drops the code, the page opens */
    ck_assert_uint_eq(*p, 9);
    ck_assert_uint_eq(unprotect_calls, 1);
    ck_assert_uint_eq(unprotected, page);
    *p = 10; /* open now: no second fault */
    ck_assert_uint_eq(unprotect_calls, 1);
}
END_TEST

static Suite *jit_fault_suite(void)
{
    Suite *s = suite_create("jit_fault");
    TCase *t = tcase_create("core");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_map_ranges);
    tcase_add_test(t, test_fault_resumes_at_stub);
    tcase_add_test(t, test_c_write_unprotects);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(jit_fault_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? 0 : 1;
}
