/* tests/diff/state.c — comparing and printing what the two sides ended with,
 * and printing a sequence (disassembled through frontend/disasm.h once it is
 * built, raw words until then). */
#include <string.h>

#include "tests/diff/diff.h"
#ifdef DIFF_HAVE_DISASM
#include "frontend/disasm.h"
#endif

void diff_put32(uint8_t *p, uint32_t value, bool big_endian)
{
    for (int i = 0; i < 4; i++) {
        int shift = big_endian ? 24 - 8 * i : 8 * i;
        p[i] = (uint8_t)(value >> shift);
    }
}

uint32_t diff_get32(const uint8_t *p, bool big_endian)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int shift = big_endian ? 24 - 8 * i : 8 * i;
        v |= (uint32_t)p[i] << shift;
    }
    return v;
}

static bool nan_s(uint32_t v)
{
    return (v & 0x7f800000u) == 0x7f800000u && (v & 0x007fffffu) != 0;
}

static bool nan_d(uint32_t lo, uint32_t hi)
{
    return (hi & 0x7ff00000u) == 0x7ff00000u && ((hi & 0x000fffffu) != 0 || lo != 0);
}

/* FPRs agree when equal or when both hold a NaN (as singles, or as a double
 * in an even/odd pair): Unicorn 2.0.1 (QEMU 5.0) propagates NaN payloads where
 * tern, like later QEMU, returns the default NaN. FCSR must match exactly. */
static bool fpu_equal(const uint32_t *a, const uint32_t *b)
{
    for (unsigned i = 0; i < 32; i += 2) {
        if (a[i] == b[i] && a[i + 1] == b[i + 1]) continue;
        if (nan_d(a[i], a[i + 1]) && nan_d(b[i], b[i + 1])) continue;
        for (unsigned j = i; j < i + 2; j++)
            if (a[j] != b[j] && !(nan_s(a[j]) && nan_s(b[j]))) return false;
    }
    return a[32] == b[32];
}

bool state_equal(const struct diff_state *a, const struct diff_state *b, bool fpu)
{
    if (a->exc != b->exc || (a->exc != DIFF_EXC_NONE && a->exc_pc != b->exc_pc)) return false;
    if (memcmp(a->gpr, b->gpr, sizeof(a->gpr)) != 0 || a->hi != b->hi || a->lo != b->lo ||
        a->pc != b->pc)
        return false;
    if (memcmp(a->scratch, b->scratch, sizeof(a->scratch)) != 0) return false;
    return !fpu || fpu_equal(a->fpu, b->fpu);
}

static void row(FILE *out, const char *name, uint32_t a, uint32_t b)
{
    fprintf(out, "  %-6s %08x  %08x %s\n", name, a, b, a != b ? "*" : "");
}

static const char *const gpr_names[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
    "t3",   "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
    "s6",   "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
};

void state_print_diff(FILE *out, const struct diff_state *a, const struct diff_state *b, bool fpu)
{
    fprintf(out, "         tern      unicorn\n");
    row(out, "exc", a->exc, b->exc);
    if (a->exc != DIFF_EXC_NONE || b->exc != DIFF_EXC_NONE) row(out, "excpc", a->exc_pc, b->exc_pc);
    row(out, "pc", a->pc, b->pc);
    for (int r = 0; r < 32; r++)
        row(out, gpr_names[r], a->gpr[r], b->gpr[r]);
    row(out, "hi", a->hi, b->hi);
    row(out, "lo", a->lo, b->lo);
    for (unsigned i = 0; fpu && i < DIFF_FPU_WORDS; i++) {
        char name[8];
        snprintf(name, sizeof(name), i < 32 ? "f%u" : "fcsr", i);
        row(out, name, a->fpu[i], b->fpu[i]);
    }
    for (unsigned i = 0; i < DIFF_SCRATCH_SIZE; i += 4) {
        if (memcmp(a->scratch + i, b->scratch + i, 4) == 0) continue;
        char name[8];
        snprintf(name, sizeof(name), "m+%03x", i);
        row(out, name, diff_get32(a->scratch + i, true), diff_get32(b->scratch + i, true));
    }
    fprintf(out, "  (m+xxx: scratch bytes at %08x+xxx, shown in memory order)\n", DIFF_SCRATCH);
}

static void print_words(FILE *out, const struct diff_seq *seq, bool big_endian)
{
#ifdef DIFF_HAVE_DISASM
    struct disasm *d = disasm_open(big_endian);
    if (d) {
        disasm_print(d, out, DIFF_CODE, seq->words, seq->count);
        disasm_close(d);
        return;
    }
#endif
    (void)big_endian;
    for (unsigned i = 0; i < seq->count; i++)
        fprintf(out, "0x%08x:  %08x\n", DIFF_CODE + 4 * i, seq->words[i]);
}

void state_print_seq(FILE *out, const struct diff_seq *seq, bool big_endian)
{
    fprintf(out, "sequence (%s-endian, body at words %u..%u, ends at 0x%08x):\n",
            big_endian ? "big" : "little", seq->body_start, seq->body_end, seq->end_pc);
    print_words(out, seq, big_endian);
    fprintf(out, "initial state:\n");
    for (int r = 1; r < 32; r++)
        fprintf(out, "  %-4s %08x%s", gpr_names[r], seq->gpr[r], r % 4 == 3 ? "\n" : "");
    fprintf(out, "  hi   %08x  lo   %08x\n", seq->hi, seq->lo);
    if (seq->fpu) {
        for (unsigned i = 0; i < 32; i++)
            fprintf(out, "  f%-3u %08x%s", i, seq->fpu_init[i], i % 4 == 3 ? "\n" : "");
        fprintf(out, "  fcsr %08x\n", seq->fpu_init[32]);
    }
    fprintf(out, "  scratch at 0x%08x:", DIFF_SCRATCH);
    for (unsigned i = 0; i < DIFF_SCRATCH_SIZE; i++)
        fprintf(out, "%s%02x", i % 32 == 0 ? "\n    " : "", seq->scratch[i]);
    fprintf(out, "\n");
}
