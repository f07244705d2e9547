/* tests/guest/clib.c — ordinary compiled C: sorting through a comparison
 * function pointer, string and memory functions of guest/rt, recursion, a
 * switch the compiler turns into a jump table, 64-bit arithmetic, struct
 * copies, and the runtime's own snprintf. Also runs under qemu-user. */
#include "check.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Insertion sort over any element type, like qsort's interface. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base, tmp[16];
    for (size_t i = 1; i < n; i++) {
        memcpy(tmp, b + i * size, size);
        size_t j = i;
        for (; j > 0 && cmp(b + (j - 1) * size, tmp) > 0; j--)
            memcpy(b + j * size, b + (j - 1) * size, size);
        memcpy(b + j * size, tmp, size);
    }
}

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static unsigned ackermann(unsigned m, unsigned n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static const char *day_name(int d)
{
    switch (d) {
    case 0: return "sun";
    case 1: return "mon";
    case 2: return "tue";
    case 3: return "wed";
    case 4: return "thu";
    case 5: return "fri";
    case 6: return "sat";
    default: return "?";
    }
}

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }

struct point {
    int x, y;
    char tag[8];
};

static void test_sort(void)
{
    int v[] = {42, -7, 0, 1000, 3, 3, -2147483647 - 1, 99};
    sort(v, 8, sizeof v[0], cmp_int);
    static const int want[] = {-2147483647 - 1, -7, 0, 3, 3, 42, 99, 1000};
    CHECK(memcmp(v, want, sizeof v) == 0);
}

static void test_strings(void)
{
    char buf[64];
    CHECK_EQ(strlen("tern"), 4);
    CHECK_EQ(strlen(""), 0);
    CHECK(strcmp("abc", "abd") < 0);
    CHECK(strcmp("b", "abc") > 0);
    CHECK_EQ(strcmp("same", "same"), 0);
    CHECK(strcmp("\xff", "a") > 0); /* compared as unsigned char */
    CHECK_EQ(strncmp("abcdef", "abcxyz", 3), 0);
    strcpy(buf, "hello");
    CHECK_STR(buf, "hello");
    memmove(buf + 1, buf, 6); /* overlapping, forward */
    CHECK_STR(buf, "hhello");
    memmove(buf, buf + 1, 6); /* overlapping, backward */
    CHECK_STR(buf, "hello");
    memset(buf, 'z', 3);
    CHECK_STR(buf, "zzzlo");
    snprintf(buf, sizeof buf, "%d|%u|%x|%08X|%s|%c|%5d|%-3d|", -42, 3000000000u, 0xbeef,
             0xabc, "str", '!', 7, 1);
    CHECK_STR(buf, "-42|3000000000|beef|00000ABC|str|!|    7|1  |");
    CHECK_EQ(snprintf(buf, 4, "%s", "truncated"), 9);
    CHECK_STR(buf, "tru");
}

static void test_calls(void)
{
    CHECK_EQ(fib(20), 6765);
    CHECK_EQ(ackermann(2, 3), 9);
    CHECK_EQ(ackermann(3, 3), 61);
    int (*const ops[])(int, int) = {op_add, op_sub, op_mul};
    static const int want[] = {17, 3, 70};
    for (int i = 0; i < 3; i++)
        CHECK_EQ(ops[i](10, 7), want[i]);
    const char *days = "";
    char all[32] = "";
    for (int d = 0; d < 8; d++) {
        days = day_name(d);
        strcpy(all + strlen(all), days);
    }
    CHECK_STR(all, "sunmontuewedthufrisat?");
}

static void test_wide(void)
{
    volatile uint64_t a = 0x123456789ull, b = 0xfedcba98ull;
    CHECK_EQ64(a * b, 0x21fa00ac462b0358ull); /* mod 2^64 */
    CHECK_EQ64(a + b, 0x222222221ull);
    volatile int64_t n = -5;
    CHECK_EQ64(n << 40, 0xfffffb0000000000ull);
    CHECK_EQ64((uint64_t)n >> 60, 0xf);
    struct point p = {3, -4, "origin"}, q;
    q = p;
    q.x += 10;
    CHECK_EQ(q.x, 13);
    CHECK_EQ(q.y, -4);
    CHECK_STR(q.tag, "origin");
}

int main(void)
{
    test_sort();
    test_strings();
    test_calls();
    test_wide();
    return rt_finish("clib");
}
