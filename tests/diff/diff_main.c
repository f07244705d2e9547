/* tests/diff/diff_main.c — the diff_unicorn program: generates seeded random
 * sequences, runs each in tern and in Unicorn in both byte orders, compares the
 * full state after each, and on the first divergence prints the seed, the
 * sequence disassembled and both states, and exits 1.
 *
 *   diff_unicorn --seed 1 --insns 400000 --classes=fpu,branch   (one of the ctest runs)
 *   diff_unicorn --seed 7 --insns 100000000          (a long run, every class)
 *   diff_unicorn --seed 1 --only 4711 --verbose      (replay one sequence)
 *   diff_unicorn --classes=int,branch,mem --seq-len 200
 *   diff_unicorn --engine=jit --insns 1000000        (the translator against Unicorn)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/diff/diff.h"

struct options {
    uint64_t seed, insns;
    unsigned seq_len, classes;
    long long only; /* -1: all */
    uint64_t first; /* index of the first sequence */
    bool verbose;
    diff_engine_fn engine; /* tern's engine under test (--engine) */
};

static const struct {
    const char *name;
    unsigned bit;
} class_names[] = {
    {"int", DIFF_CLASS_INT},
    {"branch", DIFF_CLASS_BRANCH},
    {"mem", DIFF_CLASS_MEM},
    {"fpu", DIFF_CLASS_FPU},
};

static bool parse_classes(const char *list, unsigned *out)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", list);
    *out = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        unsigned i = 0;
        while (i < 4 && strcmp(tok, class_names[i].name) != 0)
            i++;
        if (i == 4) return false;
        *out |= class_names[i].bit;
    }
    return *out != 0;
}

static int usage(void)
{
    fprintf(
        stderr,
        "usage: diff_unicorn [--seed N] [--insns N] [--seq-len N] [--first INDEX] [--only INDEX]\n"
        "                    [--classes=int,branch,mem,fpu] [--engine=interp|jit|verify]\n"
        "                    [--verbose]\n");
    return 2;
}

static bool parse(int argc, char **argv, struct options *o)
{
    *o = (struct options){.seed = 1,
                          .insns = 1200000,
                          .seq_len = 64,
                          .only = -1,
                          .engine = diff_engine_interp,
                          .classes =
                              DIFF_CLASS_INT | DIFF_CLASS_BRANCH | DIFF_CLASS_MEM | DIFF_CLASS_FPU};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strncmp(a, "--engine=", 9)) {
            const char *e = a + 9;
            o->engine = !strcmp(e, "interp") ? diff_engine_interp
                        : !strcmp(e, "jit")  ? diff_engine_jit
                        : !strcmp(e, "verify") ? diff_engine_verify : NULL;
            if (!o->engine) return false;
        } else if (!strcmp(a, "--verbose"))
            o->verbose = true;
        else if (!strncmp(a, "--classes=", 10)) {
            if (!parse_classes(a + 10, &o->classes)) return false;
        } else if (v && !strcmp(a, "--classes")) {
            if (!parse_classes(argv[++i], &o->classes)) return false;
        } else if (v && !strcmp(a, "--seed"))
            o->seed = strtoull(argv[++i], NULL, 0);
        else if (v && !strcmp(a, "--insns"))
            o->insns = strtoull(argv[++i], NULL, 0);
        else if (v && !strcmp(a, "--seq-len"))
            o->seq_len = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (v && !strcmp(a, "--first"))
            o->first = strtoull(argv[++i], NULL, 0);
        else if (v && !strcmp(a, "--only"))
            o->only = strtoll(argv[++i], NULL, 0);
        else
            return false;
    }
    return o->seq_len > 0;
}

/* The seed of sequence `index`, so any one can be replayed alone (splitmix64). */
static uint64_t sequence_seed(uint64_t seed, uint64_t index)
{
    uint64_t z = seed + (index + 1) * 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void report(const struct options *o, uint64_t index, bool be, const struct diff_seq *seq,
                   const struct diff_state *t, const struct diff_state *u)
{
    printf("DIVERGENCE: seed %llu, sequence %llu, %s-endian\n", (unsigned long long)o->seed,
           (unsigned long long)index, be ? "big" : "little");
    state_print_seq(stdout, seq, be);
    state_print_diff(stdout, t, u, seq->fpu);
    printf("replay: diff_unicorn --seed %llu --only %llu --seq-len %u --classes=",
           (unsigned long long)o->seed, (unsigned long long)index, o->seq_len);
    for (unsigned i = 0, first = 1; i < 4; i++)
        if (o->classes & class_names[i].bit) {
            printf("%s%s", first ? "" : ",", class_names[i].name);
            first = 0;
        }
    printf("\n");
}

struct sides {
    struct tern_side *tern[2];
    struct unicorn_side *uc[2];
};

static bool open_sides(struct sides *s)
{
    for (int be = 0; be < 2; be++) {
        const char *err = "";
        s->tern[be] = tern_side_new(be);
        s->uc[be] = unicorn_side_new(be, &err);
        if (!s->tern[be] || !s->uc[be]) {
            fprintf(stderr, "diff_unicorn: cannot open the engines: %s\n", err);
            return false;
        }
    }
    return true;
}

static void close_sides(struct sides *s)
{
    for (int be = 0; be < 2; be++) {
        tern_side_free(s->tern[be]);
        unicorn_side_free(s->uc[be]);
    }
}

/* Runs sequence `index` in both byte orders; false on a divergence. */
static bool run_one(const struct options *o, struct sides *s, uint64_t index, struct diff_seq *seq,
                    uint64_t *insns, uint64_t *faults)
{
    static struct diff_state t, u;
    gen_sequence(sequence_seed(o->seed, index), o->classes, o->seq_len, seq);
    for (int be = 0; be < 2; be++) {
        tern_side_run(s->tern[be], seq, o->engine, &t);
        unicorn_side_run(s->uc[be], seq, &u);
        if (o->verbose)
            printf("sequence %llu %s: %llu insns, exc %02x\n", (unsigned long long)index,
                   be ? "BE" : "LE", (unsigned long long)t.steps, t.exc);
        if (!state_equal(&t, &u, seq->fpu)) {
            report(o, index, be, seq, &t, &u);
            return false;
        }
        *insns += t.steps;
        *faults += t.exc != DIFF_EXC_NONE;
    }
    return true;
}

int main(int argc, char **argv)
{
    struct options o;
    if (!parse(argc, argv, &o)) return usage();
    struct sides s = {0};
    if (!open_sides(&s)) {
        close_sides(&s);
        return 1;
    }
    static struct diff_seq seq;
    uint64_t insns = 0, faults = 0, index = o.only >= 0 ? (uint64_t)o.only : o.first, count = 0;
    clock_t start = clock();
    bool ok = true;
    while (ok && (o.only >= 0 ? count < 1 : insns < o.insns)) {
        ok = run_one(&o, &s, index++, &seq, &insns, &faults);
        count++;
        if (ok && o.only >= 0 && o.verbose) state_print_seq(stdout, &seq, false);
    }
    close_sides(&s);
    printf("diff_unicorn: %s after %llu sequences x 2 byte orders, %llu guest instructions "
           "(%llu ended in an exception both agreed on), %.1f s\n",
           ok ? "no divergence" : "DIVERGED", (unsigned long long)count, (unsigned long long)insns,
           (unsigned long long)faults, (double)(clock() - start) / CLOCKS_PER_SEC);
    return ok ? 0 : 1;
}
