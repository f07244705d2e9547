/* bench/memory.c — memory-bound work over 12 MiB: quicksort of 128 KiB slices
 * of a 4 MiB array, word-wise memcpy/memset between two more 4 MiB arrays, and
 * strided walks whose stride (4 KiB + 64 B) touches a new page every access, to
 * load the soft TLB and the translated load/store paths rather than the ALU. */
#include "bench.h"

/* 4 MiB of uint32_t per array; 256 KiB at the smoke test's tiny scales. */
#define WORDS (BENCH_SCALE < 10 ? 1u << 16 : 1u << 20)
#define SLICE (1u << 15) /* words sorted per unit of work */
#define STRIDE_WORDS ((4096u + 64u) / 4)

static uint32_t data[WORDS], src[WORDS], dst[WORDS];

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* Hoare partition around the median of three; recursion only on the smaller
 * side, so the depth stays below log2(n) on the 64 KiB bare-metal stack. */
static void quicksort(uint32_t *a, int lo, int hi)
{
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
        if (a[hi] < a[lo]) swap(&a[hi], &a[lo]);
        if (a[hi] < a[mid]) swap(&a[hi], &a[mid]);
        uint32_t pivot = a[mid];
        int i = lo - 1, j = hi + 1;
        for (;;) {
            do
                i++;
            while (a[i] < pivot);
            do
                j--;
            while (a[j] > pivot);
            if (i >= j) break;
            swap(&a[i], &a[j]);
        }
        if (j - lo < hi - j) {
            quicksort(a, lo, j);
            lo = j + 1;
        } else {
            quicksort(a, j + 1, hi);
            hi = j;
        }
    }
    for (int i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        int k = i - 1;
        for (; k >= lo && a[k] > v; k--)
            a[k + 1] = a[k];
        a[k + 1] = v;
    }
}

/* Word copy unrolled by four, as a libc memcpy's aligned inner loop would be. */
static void copy_words(uint32_t *d, const uint32_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += 4) {
        uint32_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        d[i] = a;
        d[i + 1] = b;
        d[i + 2] = c;
        d[i + 3] = e;
    }
}

static void set_words(uint32_t *d, uint32_t v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += 4)
        d[i] = d[i + 1] = d[i + 2] = d[i + 3] = v;
}

/* Reads and bumps N words STRIDE_WORDS apart, wrapping round the array. */
static uint32_t strided_walk(uint32_t *a, uint32_t start, uint32_t n)
{
    uint32_t h = 0, idx = start % WORDS;
    for (uint32_t i = 0; i < n; i++) {
        h = h * 31 + a[idx];
        a[idx] += i;
        idx += STRIDE_WORDS;
        if (idx >= WORDS) idx -= WORDS;
    }
    return h;
}

static uint32_t sorted_digest(const uint32_t *a, uint32_t n)
{
    uint32_t h = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i]) return 0xbadu; /* a wrong sort shows in the checksum */
        h = (h ^ a[i]) * 16777619u;
    }
    return h;
}

int main(void)
{
    uint32_t state = 88172645u, sum = 0;
    for (uint32_t i = 0; i < WORDS; i++)
        src[i] = bench_xorshift(&state);
    for (uint32_t unit = 0; unit < BENCH_SCALE; unit++) {
        uint32_t off = (unit * SLICE) % WORDS;
        uint32_t *slice = &data[off];
        for (uint32_t i = 0; i < SLICE; i++)
            slice[i] = bench_xorshift(&state);
        quicksort(slice, 0, (int)SLICE - 1);
        sum = sum * 3 + sorted_digest(slice, SLICE);
        uint32_t half = WORDS / 4, base = (unit % 4) * half;
        copy_words(&dst[base], &src[base], half);
        set_words(&src[(base + half) % WORDS], sum, half);
        sum ^= strided_walk(dst, sum, 65536) + dst[(sum >> 4) % WORDS];
    }
    return bench_report("memory", sum);
}
