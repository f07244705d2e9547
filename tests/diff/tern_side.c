/* tests/diff/tern_side.c — tern's half of the differential test: a struct cpu
 * with RAM at physical 0 (as tests/unit/harness.h), loaded from a diff_seq and
 * run by whichever engine is under test; the interpreter engine lives here. */
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "core/jit.h"
#include "frontend/interp.h"
#include "softmmu/bus.h"
#include "tests/diff/diff.h"

struct tern_side {
    struct cpu cpu;
    struct bus bus;
    uint8_t *ram;
};

bool diff_engine_interp(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps)
{
    *steps = 0;
    while (cpu->in_delay || cpu->pc != end_pc) {
        if (*steps >= max_steps || !interp_step(cpu)) return false;
        ++*steps;
    }
    return true;
}

/* The translator as a diff engine. The sequence was copied into RAM behind
 * the translator's back (no write tracking sees a host memcpy), so every run
 * starts with no translations; a SYSCALL planted at end_pc makes the
 * translated code come back exactly there. */
static bool run_translated(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps,
                           bool verify)
{
    if (!cpu->jit) {
        struct jit_config cfg = {.verify = verify};
        char err[200];
        opt_config_default(&cfg.opt);
        if (!jit_new(cpu, &cfg, err, sizeof err)) return false;
    }
    struct jit *jit = cpu->jit;
    jit_invalidate_all(jit);
    diff_put32(bus_host_ptr(cpu->bus, end_pc & 0x1fffffffu, 4), 0x0000000c, cpu->big_endian);
    uint64_t start = cpu->icount;
    for (;;) {
        *steps = cpu->icount - start;
        if (*steps > max_steps) return false;
        enum jit_result r = verify ? jit_verify_run(jit, cpu) : jit_run(jit, cpu);
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_DIVERGED) {
            cpu->exc.code = EXC_NONE;
            return false;
        }
        if (r != JIT_EXCEPTION) continue;
        *steps = cpu->icount - start;
        if (cpu->exc.code == EXC_SYS && cpu->pc == end_pc && !cpu->in_delay) {
            cpu->exc.code = EXC_NONE;
            return true;
        }
        return false;
    }
}

bool diff_engine_jit(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps)
{
    return run_translated(cpu, end_pc, max_steps, steps, false);
}

bool diff_engine_verify(struct cpu *cpu, uint32_t end_pc, uint64_t max_steps, uint64_t *steps)
{
    return run_translated(cpu, end_pc, max_steps, steps, true);
}

struct tern_side *tern_side_new(bool big_endian)
{
    struct tern_side *t = calloc(1, sizeof(*t));
    if (!t) return NULL;
    t->ram = calloc(1, DIFF_RAM_SIZE);
    if (!t->ram || bus_add_ram(&t->bus, 0, DIFF_RAM_SIZE, t->ram) != 0) {
        tern_side_free(t);
        return NULL;
    }
    cpu_reset(&t->cpu, &t->bus, big_endian);
    return t;
}

void tern_side_free(struct tern_side *t)
{
    if (!t) return;
    jit_free(t->cpu.jit);
    free(t->ram);
    free(t);
}

static uint8_t *ram_at(struct tern_side *t, uint32_t kseg0)
{
    return t->ram + (kseg0 & 0x1fffffffu);
}

/* Kernel mode with ERL and EXL clear, CU1 set, FR=0: what Unicorn's 24Kf runs
 * in (it has ERL set, which only matters for kuseg, never used here). */
static void load(struct tern_side *t, const struct diff_seq *seq)
{
    struct cpu *cpu = &t->cpu;
    bool be = cpu->big_endian;
    void *jit = cpu->jit;
    const uint8_t *code_pages = cpu->code_pages;
    void (*code_write)(struct cpu *, uint32_t) = cpu->code_write;
    void (*code_sync)(struct cpu *, uint32_t) = cpu->code_sync;
    cpu_reset(cpu, &t->bus, be);
    /* The translator stays attached across sequences (cpu_reset clears it). */
    cpu->jit = jit;
    cpu->code_pages = code_pages;
    cpu->code_write = code_write;
    cpu->code_sync = code_sync;
    cpu->cp0[CP0_STATUS][0] = ST_BEV | ST_CU1;
    memcpy(cpu->gpr, seq->gpr, sizeof(cpu->gpr));
    cpu->gpr[0] = 0;
    cpu->hi = seq->hi;
    cpu->lo = seq->lo;
    cpu->pc = DIFF_CODE;
    for (unsigned i = 0; i < seq->count; i++)
        diff_put32(ram_at(t, DIFF_CODE + 4 * i), seq->words[i], be);
    memcpy(ram_at(t, DIFF_SCRATCH), seq->scratch, DIFF_SCRATCH_SIZE);
    for (unsigned i = 0; i < DIFF_FPU_WORDS; i++) {
        diff_put32(ram_at(t, DIFF_FPU_AREA + 4 * i), seq->fpu_init[i], be);
        diff_put32(ram_at(t, DIFF_FPU_DUMP + 4 * i), 0, be);
    }
}

void tern_side_run(struct tern_side *t, const struct diff_seq *seq, diff_engine_fn engine,
                   struct diff_state *out)
{
    struct cpu *cpu = &t->cpu;
    load(t, seq);
    memset(out, 0, sizeof(*out));
    /* Forward branches only: no sequence retires more than its length. */
    bool done = engine(cpu, seq->end_pc, 2ull * seq->count + 16, &out->steps);
    out->exc = DIFF_EXC_NONE;
    if (!done) {
        out->exc = cpu->exc.code != EXC_NONE ? cpu->exc.code : DIFF_EXC_ENGINE;
        out->exc_pc = cpu->pc;
    }
    memcpy(out->gpr, cpu->gpr, sizeof(out->gpr));
    out->hi = cpu->hi;
    out->lo = cpu->lo;
    out->pc = cpu->pc;
    memcpy(out->scratch, ram_at(t, DIFF_SCRATCH), DIFF_SCRATCH_SIZE);
    for (unsigned i = 0; i < DIFF_FPU_WORDS; i++)
        out->fpu[i] = diff_get32(ram_at(t, DIFF_FPU_DUMP + 4 * i), cpu->big_endian);
}
