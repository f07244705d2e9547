/* bench/call.c — call-heavy code: doubly recursive Fibonacci, Ackermann
 * (deep, irregular recursion), and calls through a table of function pointers
 * (JALR to targets the translator cannot know), so JAL/JR $ra returns and
 * indirect jumps dominate: the jump cache and return paths are what it measures. */
#include "bench.h"

#define NOINLINE __attribute__((noinline))

static NOINLINE uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* Ackermann's function; ack(3, 5) recurses about 250 frames deep, well inside
 * the 64 KiB bare-metal stack. */
static NOINLINE uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static NOINLINE uint32_t op_add(uint32_t a, uint32_t b)
{
    return a + b;
}
static NOINLINE uint32_t op_xor(uint32_t a, uint32_t b)
{
    return a ^ (b << 1);
}
static NOINLINE uint32_t op_mul(uint32_t a, uint32_t b)
{
    return a * (b | 1);
}
static NOINLINE uint32_t op_rot(uint32_t a, uint32_t b)
{
    return (a << (b & 31)) | (a >> (-b & 31));
}
static NOINLINE uint32_t op_sub(uint32_t a, uint32_t b)
{
    return a - b * 3;
}

typedef uint32_t (*binop)(uint32_t, uint32_t);

/* volatile: the compiler must not turn the table into direct calls. */
static binop volatile ops[5] = {op_add, op_xor, op_mul, op_rot, op_sub};

static NOINLINE uint32_t apply_ops(uint32_t n, uint32_t seed)
{
    uint32_t acc = seed, rng = seed | 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = bench_xorshift(&rng);
        acc = ops[r % 5](acc, r);
    }
    return acc;
}

/* Mutual recursion through pointers: even/odd descent of a random depth. */
static NOINLINE uint32_t walk_odd(uint32_t n, uint32_t acc);
static NOINLINE uint32_t walk_even(uint32_t n, uint32_t acc)
{
    return n == 0 ? acc : walk_odd(n - 1, acc * 5 + n);
}
static NOINLINE uint32_t walk_odd(uint32_t n, uint32_t acc)
{
    return n == 0 ? acc ^ 1 : walk_even(n - 1, acc ^ (n << 3));
}

int main(void)
{
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < BENCH_SCALE; unit++) {
        sum += fib(22 + unit % 3);
        sum ^= ack(2 + unit % 2, 5 + unit % 3);
        sum = sum * 7 + apply_ops(60000, sum);
        sum ^= walk_even(200 + sum % 200, sum);
    }
    return bench_report("call", sum);
}
