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

/* FPRs and FCSR must match bit for bit: the generator keeps NaN payloads
 * out of what the two engines may rightly disagree on (gen_fpu.c). */
static bool fpu_equal(const uint32_t *a, const uint32_t *b)
{
    return memcmp(a, b, DIFF_FPU_WORDS * sizeof(*a)) == 0;
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

/* Capstone 4.0.2 in MIPS32 mode prints COP1X words (MADD.fmt and kin) as
 * bc3fl and leaves most C.cond.fmt words as .word: name those ourselves. */
static bool fpu_text(uint32_t w, char *buf, size_t size)
{
    static const char *const cond[16] = {"f",  "un",   "eq",  "ueq", "olt", "ult", "ole", "ule",
                                         "sf", "ngle", "seq", "ngl", "lt",  "nge", "le",  "ngt"};
    static const char *const madd[4] = {"madd", "msub", "nmadd", "nmsub"};
    unsigned fmt = (w >> 21) & 31, ft = (w >> 16) & 31, fs = (w >> 11) & 31, fd = (w >> 6) & 31;
    if (w >> 26 == 0x11 && (fmt == 16 || fmt == 17) && (w & 0x30) == 0x30) {
        snprintf(buf, size, "c.%s.%s $fcc%u, $f%u, $f%u", cond[w & 15], fmt == 16 ? "s" : "d",
                 fd >> 2, fs, ft);
        return true;
    }
    if (w >> 26 == 0x13 && ((w >> 3) & 7) >= 4 && (w & 7) < 2) {
        snprintf(buf, size, "%s.%s $f%u, $f%u, $f%u, $f%u", madd[((w >> 3) & 7) - 4],
                 (w & 7) ? "d" : "s", fd, fmt, fs, ft);
        return true;
    }
    return false;
}

static void print_words(FILE *out, const struct diff_seq *seq, bool big_endian)
{
#ifdef DIFF_HAVE_DISASM
    struct disasm *d = disasm_open(big_endian);
#endif
    (void)big_endian;
    for (unsigned i = 0; i < seq->count; i++) {
        uint32_t pc = DIFF_CODE + 4 * i, w = seq->words[i];
        char text[80] = "";
        if (!fpu_text(w, text, sizeof text)) {
#ifdef DIFF_HAVE_DISASM
            if (d) disasm_insn(d, pc, w, text, sizeof text);
#endif
        }
        fprintf(out, "0x%08x:  %08x  %s\n", pc, w, text);
    }
#ifdef DIFF_HAVE_DISASM
    disasm_close(d);
#endif
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
