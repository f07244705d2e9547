/* guest/rt/check.h — assertions for C guest tests.
 *
 * A failed check prints "file:line: CHECK_EQ(a, b): got X expected Y" and the
 * test goes on; rt_finish() prints the verdict line the ctest regexes look for
 * ("PASS name" or "FAIL name (n failures)") and returns the exit status.
 */
#ifndef TERN_GUEST_CHECK_H
#define TERN_GUEST_CHECK_H

#include <stdint.h>

#include "rt.h"

#define CHECK_EQ(got, want)                                                                    \
    rt_check_eq32(__FILE__, __LINE__, #got, (uint32_t)(got), (uint32_t)(want))
#define CHECK_EQ64(got, want)                                                                  \
    rt_check_eq64(__FILE__, __LINE__, #got, (uint64_t)(got), (uint64_t)(want))
#define CHECK(cond) rt_check_true(__FILE__, __LINE__, #cond, (cond) != 0)
#define CHECK_STR(got, want) rt_check_str(__FILE__, __LINE__, #got, (got), (want))

/* Records one 32-bit comparison; returns 1 when equal. */
int rt_check_eq32(const char *file, int line, const char *expr, uint32_t got, uint32_t want);

/* Records one 64-bit comparison; returns 1 when equal. */
int rt_check_eq64(const char *file, int line, const char *expr, uint64_t got, uint64_t want);

/* Records one truth check; returns OK. */
int rt_check_true(const char *file, int line, const char *expr, int ok);

/* Records one string comparison; returns 1 when equal. */
int rt_check_str(const char *file, int line, const char *expr, const char *got,
                 const char *want);

/* Called by the assembly CHECK macros on a mismatch (never on success). */
void rt_check_failed(int line, uint32_t got, uint32_t want, const char *file);

/* Number of failed checks so far. */
int rt_failures(void);

/* Prints "PASS name" or "FAIL name (n failures)"; returns RT_EXIT_PASS or
 * RT_EXIT_FAIL for main to return. */
int rt_finish(const char *name);

#endif
