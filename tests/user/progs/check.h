/* tests/user/progs/check.h — CHECK(cond) for the test programs: when cond
 * is false, prints the line, the condition and errno, and returns 1 from
 * the function it is in (so main's caller sees the failure). */
#ifndef TERN_TESTS_USER_CHECK_H
#define TERN_TESTS_USER_CHECK_H
#include <errno.h>
#include <stdio.h>

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            printf("FAIL line %d: %s (errno %d)\n", __LINE__, #c, errno);                          \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#endif
