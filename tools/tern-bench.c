/* tools/tern-bench.c — measures the translator on bare-metal guest programs:
 * each program runs on a fresh virt board N times per engine, UART output
 * discarded, and one line per (program, engine) gives the median wall time,
 * guest instructions executed per second and, for the JIT, what translation
 * cost: translated instructions per second and host bytes per guest
 * instruction. bench/run.py compares with QEMU and native; this is the
 * in-process view, free of process start-up.
 *
 *   tern-bench [--runs N] [--engines jit,interp] [--tb-size MB] prog.elf...
 *
 * Output (one header line, then one line per program and engine):
 *   program engine runs median_s guest_mips translated translated_kips host_bytes_per_insn status
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/exec.h"
#include "core/jit.h"
#include "devices/board_virt.h"

#define PROG "tern-bench"
#define MAX_RUNS 101

struct options {
    unsigned runs;
    size_t tb_size;
    bool engines[ENGINE_COUNT];
};

struct sample {
    double seconds;
    uint64_t insns;
    struct jit_stats jit;
    int status;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One run of prog under engine on a fresh board; false (message printed) on a
 * load or engine error. */
static bool run_once(const char *prog, enum engine engine, const struct options *o,
                     struct sample *s)
{
    struct board_options bo = {.kernel_path = prog, .uart_fd = -1, .console_fd = -1,
                               .icount = true, .no_gpu = true, .no_rng = true};
    struct board_virt *b;
    char err[400];
    if (board_virt_create(&bo, &b, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return false;
    }
    struct jit *jit = NULL;
    if (engine != ENGINE_INTERP) {
        struct jit_config jc = {.tb_size = o->tb_size, .verify = engine == ENGINE_VERIFY};
        opt_config_default(&jc.opt);
        jit = jit_new(&b->cpu, &jc, err, sizeof err);
        if (!jit) {
            fprintf(stderr, PROG ": %s\n", err);
            board_virt_free(b);
            return false;
        }
    }
    struct exec_config cfg = {engine, true, 0, 0, {board_virt_service, b}, jit};
    struct exec_result res;
    double t0 = now_s();
    exec_run(&b->cpu, &cfg, &res);
    s->seconds = now_s() - t0;
    s->insns = res.insns;
    s->status = res.stop == EXEC_STOP_REQUESTED ? (int)(b->poweroff.status & 0xff) : -1;
    if (jit)
        s->jit = *jit_stats(jit);
    else
        memset(&s->jit, 0, sizeof s->jit);
    jit_free(jit);
    board_virt_free(b);
    return true;
}

static int by_seconds(const void *x, const void *y)
{
    double a = ((const struct sample *)x)->seconds, b = ((const struct sample *)y)->seconds;
    return (a > b) - (a < b);
}

static void report(const char *prog, enum engine engine, struct sample *s, unsigned n)
{
    qsort(s, n, sizeof *s, by_seconds);
    const struct sample *m = &s[n / 2];
    double tsec = (double)m->jit.translate_ns / 1e9;
    printf("%s %s %u %.4f %.1f %llu %.1f %.1f %d\n", prog, engine_name(engine), n, m->seconds,
           m->seconds > 0 ? (double)m->insns / m->seconds / 1e6 : 0.0,
           (unsigned long long)m->jit.guest_insns,
           tsec > 0 ? (double)m->jit.guest_insns / tsec / 1e3 : 0.0,
           m->jit.guest_insns ? (double)m->jit.host_bytes / (double)m->jit.guest_insns : 0.0,
           m->status);
}

static int usage(void)
{
    fprintf(stderr, "usage: " PROG " [--runs N] [--engines jit,interp,verify] [--tb-size MB] "
                    "prog.elf...\n");
    return 1;
}

static bool parse_engines(const char *list, struct options *o)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", list);
    memset(o->engines, 0, sizeof o->engines);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        enum engine e;
        if (engine_parse(t, &e) != 0)
            return false;
        o->engines[e] = true;
    }
    return true;
}

int main(int argc, char **argv)
{
    struct options o = {.runs = 5, .engines = {[ENGINE_JIT] = true, [ENGINE_INTERP] = true}};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
            o.runs = (unsigned)strtoul(argv[++i], NULL, 0);
            if (o.runs == 0 || o.runs > MAX_RUNS)
                return fprintf(stderr, PROG ": --runs takes 1 to %d\n", MAX_RUNS), 1;
        } else if (!strcmp(argv[i], "--engines") && i + 1 < argc) {
            if (!parse_engines(argv[++i], &o))
                return fprintf(stderr, PROG ": unknown engine in '%s'\n", argv[i]), 1;
        } else if (!strcmp(argv[i], "--tb-size") && i + 1 < argc) {
            o.tb_size = (size_t)strtoul(argv[++i], NULL, 0) << 20;
        } else {
            return usage();
        }
    }
    if (i == argc)
        return usage();
    printf("program engine runs median_s guest_mips translated translated_kips "
           "host_bytes_per_insn status\n");
    static struct sample samples[MAX_RUNS];
    for (; i < argc; i++)
        for (int e = 0; e < ENGINE_COUNT; e++) {
            if (!o.engines[e])
                continue;
            for (unsigned r = 0; r < o.runs; r++)
                if (!run_once(argv[i], (enum engine)e, &o, &samples[r]))
                    return 1;
            report(argv[i], (enum engine)e, samples, o.runs);
            fflush(stdout);
        }
    return 0;
}
