/* tests/fuzz/fuzz_main.c — the JIT fuzzer's runner: generates programs
 * (fuzz_gen.c), runs each on two machines — the reference interpreter, and
 * the translator (or the lock-step verify engine) — to the planted SYSCALL,
 * and compares the whole state: GPRs, HI/LO, pc, FPRs, FCSR, the LL bit,
 * icount, the pending exception and all of RAM (scratch, stack and the code,
 * which programs rewrite).
 *
 *   fuzz_jit [--seed S] [--programs N] [--insns N] [--long] [--budget N]
 *            [--engine=jit|verify] [--tb-size N[K|M]] [--endian=le|be|both]
 *            [--min-flushes N] [--mutate] [-v]
 *
 * Program i uses seed S + i (re-run one with --seed S+i --programs 1) and
 * alternates byte order (--endian=both). Stops after N programs or once the
 * interpreter has executed --insns instructions, whichever comes first. On a
 * divergence it prints the seed, the program disassembled and both states,
 * and re-runs the program under the verify engine, whose log names the first
 * block that differs. --mutate is the self-test: the translated machine gets
 * one instruction changed, which must be reported. Exit status: 0 all
 * agreed, 1 a divergence, 2 usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/cpu.h"
#include "core/jit.h"
#include "frontend/disasm.h"
#include "frontend/interp.h"
#include "softmmu/bus.h"
#include "tests/fuzz/fuzz.h"

struct machine {
    struct cpu cpu;
    struct bus bus;
    uint8_t *ram;
};

struct options {
    uint64_t seed, programs, insns, budget;
    size_t tb_size;
    bool verify, verbose;
    bool mutate; /* self-test: miscompile one instruction on the second machine */
    int endian;  /* 0 little, 1 big, 2 both */
    uint64_t min_flushes;
};

enum outcome { RUN_END, RUN_EXC, RUN_LIMIT, RUN_ENGINE };
static const char *const outcome_name[] = {"end", "exception", "step limit", "engine failure"};

/* ---- machines ---- */

static struct machine *machine_new(bool big_endian)
{
    struct machine *m = calloc(1, sizeof(*m));
    if (!m) return NULL;
    m->ram = calloc(1, FZ_RAM_SIZE);
    if (!m->ram || bus_add_ram(&m->bus, 0, FZ_RAM_SIZE, m->ram) != 0) {
        free(m->ram);
        free(m);
        return NULL;
    }
    cpu_reset(&m->cpu, &m->bus, big_endian);
    return m;
}

static void machine_free(struct machine *m)
{
    if (!m) return;
    jit_free(m->cpu.jit);
    free(m->ram);
    free(m);
}

static void put32(struct machine *m, uint32_t kseg0, uint32_t v)
{
    bus_write(&m->bus, kseg0 & 0x1fffffffu, 4, m->cpu.big_endian, v);
}

/* Loads p into m from scratch; an attached translator stays attached (as in
 * tests/diff/tern_side.c: cpu_reset clears the hooks) and forgets every
 * translation, since RAM changed behind its back. */
static void machine_load(struct machine *m, const struct fz_prog *p)
{
    struct cpu *cpu = &m->cpu;
    void *jit = cpu->jit;
    const uint8_t *code_pages = cpu->code_pages;
    void (*code_write)(struct cpu *, uint32_t) = cpu->code_write;
    void (*code_sync)(struct cpu *, uint32_t) = cpu->code_sync;
    cpu_reset(cpu, &m->bus, cpu->big_endian);
    cpu->jit = jit;
    cpu->code_pages = code_pages;
    cpu->code_write = code_write;
    cpu->code_sync = code_sync;
    if (jit) jit_invalidate_all(jit);
    cpu->cp0[CP0_STATUS][0] = ST_BEV | ST_CU1; /* kernel, ERL clear, FR = 0 */
    memcpy(cpu->gpr, p->gpr, sizeof(cpu->gpr));
    cpu->gpr[0] = 0;
    cpu->hi = p->hi;
    cpu->lo = p->lo;
    cpu->pc = p->entry;
    memset(m->ram, 0, FZ_RAM_SIZE);
    for (unsigned i = 0; i < p->count; i++)
        put32(m, FZ_CODE + 4 * i, p->code[i]);
    for (unsigned i = 0; i < p->ntables; i++)
        put32(m, FZ_TABLES + 4 * i, p->tables[i]);
    for (unsigned i = 0; i < DIFF_FPU_WORDS; i++)
        put32(m, FZ_FPU + 4 * i, p->fpu_init[i]);
    memcpy(m->ram + (FZ_SCRATCH & 0x1fffffffu), p->scratch, FZ_SCRATCH_SIZE);
}

/* ---- engines ---- */

static struct cpu *volatile watched; /* the CPU the watchdog stops */
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    if (watched) watched->exit_request = 1;
}

/* Five seconds of host time per program at most: a translated loop that never
 * comes back to the dispatcher is stopped through exit_request. */
static void watchdog(struct cpu *cpu)
{
    struct itimerval t = {{0, 0}, {cpu ? 5 : 0, 0}};
    watched = cpu;
    timed_out = 0;
    setitimer(ITIMER_REAL, &t, NULL);
}

static enum outcome finish(struct cpu *cpu, uint32_t end_pc)
{
    if (cpu->exc.code == EXC_SYS && cpu->pc == end_pc && !cpu->in_delay) return RUN_END;
    return RUN_EXC;
}

static enum outcome run_interp(struct cpu *cpu, uint32_t end_pc, uint64_t limit)
{
    while (cpu->icount < limit)
        if (!interp_step(cpu)) return finish(cpu, end_pc);
    return RUN_LIMIT;
}

static enum outcome run_jit(struct cpu *cpu, uint32_t end_pc, uint64_t limit, bool verify)
{
    struct jit *jit = cpu->jit;
    enum outcome out = RUN_LIMIT;
    watchdog(cpu);
    while (cpu->icount < limit && !timed_out) {
        enum jit_result r = verify ? jit_verify_run(jit, cpu) : jit_run(jit, cpu);
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_DIVERGED) {
            out = RUN_ENGINE;
            break;
        }
        if (r == JIT_EXCEPTION) {
            out = finish(cpu, end_pc);
            break;
        }
    }
    watchdog(NULL);
    cpu->exit_request = 0;
    return out;
}

static bool attach_jit(struct machine *m, size_t tb_size, bool verify)
{
    struct jit_config cfg = {.tb_size = tb_size, .verify = verify};
    char err[200];
    opt_config_default(&cfg.opt);
    if (jit_new(&m->cpu, &cfg, err, sizeof err)) return true;
    fprintf(stderr, "fuzz_jit: %s\n", err);
    return false;
}

/* ---- comparing and reporting ---- */

static bool quiet; /* compare() counts without printing */

static unsigned diff_u32(const char *what, unsigned i, uint32_t a, uint32_t b)
{
    if (a == b) return 0;
    if (!quiet) printf("  %s%u: interp %08x  jit %08x\n", what, i, a, b);
    return 1;
}

/* Prints every difference; returns how many there were. */
static unsigned compare(const struct machine *a, const struct machine *b)
{
    const struct cpu *x = &a->cpu, *y = &b->cpu;
    unsigned n = 0;
    for (unsigned i = 0; i < 32; i++)
        n += diff_u32("r", i, x->gpr[i], y->gpr[i]);
    n += diff_u32("hi", 0, x->hi, y->hi);
    n += diff_u32("lo", 0, x->lo, y->lo);
    n += diff_u32("pc", 0, x->pc, y->pc);
    n += diff_u32("in_delay", 0, x->in_delay, y->in_delay);
    n += diff_u32("exc", 0, x->exc.code, y->exc.code);
    n += diff_u32("llbit", 0, x->llbit, y->llbit);
    n += diff_u32("fcsr", 0, x->fcsr, y->fcsr);
    for (unsigned i = 0; i < 32; i++) {
        n += diff_u32("f_lo", i, (uint32_t)x->fpr[i], (uint32_t)y->fpr[i]);
        n += diff_u32("f_hi", i, (uint32_t)(x->fpr[i] >> 32), (uint32_t)(y->fpr[i] >> 32));
    }
    if (x->icount != y->icount) {
        if (!quiet)
            printf("  icount: interp %llu  jit %llu\n", (unsigned long long)x->icount,
                   (unsigned long long)y->icount);
        n++;
    }
    unsigned shown = 0;
    for (uint32_t at = 0; at < FZ_RAM_SIZE; at += 4) {
        if (!memcmp(a->ram + at, b->ram + at, 4)) continue;
        if (!quiet && shown++ < 16) {
            uint32_t u, v;
            memcpy(&u, a->ram + at, 4);
            memcpy(&v, b->ram + at, 4);
            printf("  mem %08x: interp %08x  jit %08x (host order)\n", 0x80000000u + at, u, v);
        }
        n++;
    }
    return n;
}

static void print_program(const struct fz_prog *p, bool big_endian)
{
    struct disasm *d = disasm_open(big_endian);
    printf("program: %u words at 0x%08x, entry 0x%08x, end 0x%08x, %u table words at 0x%08x\n",
           p->count, FZ_CODE, p->entry, p->end_pc, p->ntables, FZ_TABLES);
    if (d) disasm_print(d, stdout, FZ_CODE, p->code, p->count);
    disasm_close(d);
}

/* ---- the run ---- */

struct totals {
    uint64_t programs, insns, early, loops, calls, switches, smc, words;
};

/* Runs program `seed` on both machines; false on a divergence. */
static bool one_program(const struct options *o, uint64_t seed, struct machine *ref,
                        struct machine *dut, struct fz_prog *p, struct totals *t)
{
    fz_generate(seed, o->budget, p);
    uint64_t limit = p->max_insns + 16;
    machine_load(ref, p);
    machine_load(dut, p);
    if (o->mutate) { /* "rotr $2, $2, 3" of the checksum loop becomes "rotr $2, $2, 4" */
        uint32_t w;
        bus_read(&dut->bus, (p->end_pc - 16) & 0x1fffffffu, 4, dut->cpu.big_endian, &w);
        put32(dut, p->end_pc - 16, w ^ 7u << 6);
    }
    enum outcome ra = run_interp(&ref->cpu, p->end_pc, limit);
    enum outcome rb = run_jit(&dut->cpu, p->end_pc, limit, o->verify);
    quiet = true;
    unsigned ndiff = ra == rb && ra != RUN_ENGINE && ra != RUN_LIMIT ? compare(ref, dut) : 1;
    quiet = false;
    t->programs++;
    t->insns += ref->cpu.icount;
    t->early += ra == RUN_EXC;
    t->loops += p->loops, t->calls += p->calls, t->switches += p->switches, t->smc += p->smc;
    t->words += p->count;
    if (o->verbose)
        printf("seed %llu %s: %u words, %u functions, %llu insns (bound %llu), %s, sum %08x\n",
               (unsigned long long)seed, ref->cpu.big_endian ? "be" : "le", p->count, p->functions,
               (unsigned long long)ref->cpu.icount, (unsigned long long)p->max_insns,
               outcome_name[ra], ref->cpu.gpr[FZ_REG_SUM]);
    if (ndiff == 0) return true;
    printf("DIVERGENCE: seed %llu (%s-endian, %s engine): interp %s at pc 0x%08x, other %s at pc "
           "0x%08x\n",
           (unsigned long long)seed, ref->cpu.big_endian ? "big" : "little",
           o->verify ? "verify" : "jit", outcome_name[ra], ref->cpu.pc, outcome_name[rb],
           dut->cpu.pc);
    if (ra == rb) {
        printf("differences (interp, then the other engine):\n");
        compare(ref, dut);
    }
    print_program(p, ref->cpu.big_endian);
    if (!o->verify) {
        printf("re-running under the verify engine (first divergent block on stderr):\n");
        fflush(stdout);
        struct machine *v = machine_new(ref->cpu.big_endian);
        if (v && attach_jit(v, o->tb_size, true)) {
            machine_load(v, p);
            enum outcome rv = run_jit(&v->cpu, p->end_pc, limit, true);
            printf("verify engine: %s at pc 0x%08x\n", outcome_name[rv], v->cpu.pc);
        }
        machine_free(v);
    }
    return false;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    unsigned shift = 20;
    if (*end == 'k' || *end == 'K')
        shift = 10, end++;
    else if (*end == 'm' || *end == 'M')
        end++;
    if (errno || *end || n == 0 || n > (1ull << 30 >> shift)) return false;
    *out = (size_t)(n << shift);
    return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 0);
    return errno == 0 && *s && !*end;
}

static int usage(const char *why)
{
    fprintf(stderr,
            "fuzz_jit: %s\nusage: fuzz_jit [--seed S] [--programs N] [--insns N] [--long] "
            "[--budget N] [--engine=jit|verify] [--tb-size N[K|M]] "
            "[--endian=le|be|both] [--min-flushes N] [-v]\n",
            why);
    return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    *o = (struct options){
        .seed = 1, .programs = ~0ull, .insns = 3000000, .budget = 40000, .endian = 2};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok = true;
        if (!strcmp(a, "--long"))
            o->insns = 200000000, o->budget = 200000;
        else if (!strcmp(a, "--mutate"))
            o->mutate = true;
        else if (!strcmp(a, "-v"))
            o->verbose = true;
        else if (!strcmp(a, "--engine=jit"))
            o->verify = false;
        else if (!strcmp(a, "--engine=verify"))
            o->verify = true;
        else if (!strcmp(a, "--endian=le") || !strcmp(a, "--endian=be") ||
                 !strcmp(a, "--endian=both"))
            o->endian = a[9] == 'l' ? 0 : a[9] == 'b' && a[10] == 'e' ? 1 : 2;
        else if (!v)
            return usage("unknown option or missing value");
        else if (!strcmp(a, "--seed"))
            ok = parse_u64(v, &o->seed), i++;
        else if (!strcmp(a, "--programs"))
            ok = parse_u64(v, &o->programs), i++;
        else if (!strcmp(a, "--insns"))
            ok = parse_u64(v, &o->insns), i++;
        else if (!strcmp(a, "--budget"))
            ok = parse_u64(v, &o->budget) && o->budget > 0, i++;
        else if (!strcmp(a, "--min-flushes"))
            ok = parse_u64(v, &o->min_flushes), i++;
        else if (!strcmp(a, "--tb-size"))
            ok = parse_size(v, &o->tb_size), i++;
        else
            return usage("unknown option");
        if (!ok) return usage("bad value");
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse_args(argc, argv, &o)) return 2;
    signal(SIGALRM, on_alarm);
    struct machine *ref[2] = {machine_new(false), machine_new(true)};
    struct machine *dut[2] = {machine_new(false), machine_new(true)};
    struct fz_prog *p = malloc(sizeof(*p));
    int status = 0;
    if (!p || !ref[0] || !ref[1] || !dut[0] || !dut[1] ||
        !attach_jit(dut[0], o.tb_size, o.verify) || !attach_jit(dut[1], o.tb_size, o.verify)) {
        fprintf(stderr, "fuzz_jit: cannot set up the machines\n");
        return 2;
    }
    struct totals t = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t i = 0; i < o.programs && t.insns < o.insns; i++) {
        int be = o.endian == 2 ? (int)(i & 1) : o.endian;
        if (!one_program(&o, o.seed + i, ref[be], dut[be], p, &t)) {
            status = 1;
            break;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    uint64_t flushes = jit_stats(dut[0]->cpu.jit)->flushes + jit_stats(dut[1]->cpu.jit)->flushes;
    uint64_t inval =
        jit_stats(dut[0]->cpu.jit)->invalidations + jit_stats(dut[1]->cpu.jit)->invalidations;
    uint64_t chained = jit_stats(dut[0]->cpu.jit)->chained + jit_stats(dut[1]->cpu.jit)->chained;
    printf("%s: %llu programs (%llu code words), %llu guest instructions each engine, %.1f s; "
           "%llu loops, %llu calls, %llu jump tables, %llu code rewrites; %llu ended by an "
           "exception; translator: %llu chained exits, %llu invalidations, %llu flushes\n",
           status ? "FAILED" : "ok", (unsigned long long)t.programs, (unsigned long long)t.words,
           (unsigned long long)t.insns, secs, (unsigned long long)t.loops,
           (unsigned long long)t.calls, (unsigned long long)t.switches, (unsigned long long)t.smc,
           (unsigned long long)t.early, (unsigned long long)chained, (unsigned long long)inval,
           (unsigned long long)flushes);
    if (!status && flushes < o.min_flushes) {
        printf("FAILED: %llu code cache flushes, want at least %llu\n", (unsigned long long)flushes,
               (unsigned long long)o.min_flushes);
        status = 1;
    }
    for (int i = 0; i < 2; i++) {
        machine_free(ref[i]);
        machine_free(dut[i]);
    }
    free(p);
    return status;
}
