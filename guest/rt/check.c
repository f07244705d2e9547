/* guest/rt/check.c — the check counters behind check.h and check_asm.h, the
 * final verdict line, and the exception-expectation state shared with exc.S. */
#include "check.h"

static int failures;
static int checks;

volatile struct rt_exc_info rt_exc;
volatile uint32_t rt_exc_resume;
rt_jmp_buf rt_exc_jb;

static int record(const char *file, int line, const char *expr, int ok)
{
    checks++;
    if (!ok) {
        failures++;
        printf("%s:%d: CHECK(%s) failed", file, line, expr);
    }
    return ok;
}

int rt_check_eq32(const char *file, int line, const char *expr, uint32_t got, uint32_t want)
{
    if (!record(file, line, expr, got == want))
        printf(": got 0x%08x (%d) expected 0x%08x (%d)\n", got, (int)got, want, (int)want);
    return got == want;
}

int rt_check_eq64(const char *file, int line, const char *expr, uint64_t got, uint64_t want)
{
    if (!record(file, line, expr, got == want))
        printf(": got 0x%08x%08x expected 0x%08x%08x\n", (uint32_t)(got >> 32), (uint32_t)got,
               (uint32_t)(want >> 32), (uint32_t)want);
    return got == want;
}

int rt_check_true(const char *file, int line, const char *expr, int ok)
{
    if (!record(file, line, expr, ok))
        printf("\n");
    return ok;
}

int rt_check_str(const char *file, int line, const char *expr, const char *got,
                 const char *want)
{
    int ok = strcmp(got, want) == 0;
    if (!record(file, line, expr, ok))
        printf(": got \"%s\" expected \"%s\"\n", got, want);
    return ok;
}

void rt_check_failed(int line, uint32_t got, uint32_t want, const char *file)
{
    checks++;
    failures++;
    printf("%s:%d: check failed: got 0x%08x (%d) expected 0x%08x (%d)\n", file, line, got,
           (int)got, want, (int)want);
}

int rt_failures(void)
{
    return failures;
}

int rt_finish(const char *name)
{
    if (failures == 0) {
        printf("PASS %s\n", name);
        return RT_EXIT_PASS;
    }
    printf("FAIL %s (%d failures)\n", name, failures);
    return RT_EXIT_FAIL;
}
