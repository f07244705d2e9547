/* tests/diff/unicorn_side.c — Unicorn's half of the differential test: one
 * Unicorn 2.0.1 MIPS32 24Kf per byte order, RAM at physical 0, loaded from a
 * diff_seq and run to the sequence's end address.
 *
 * What Unicorn 2.0.1 does not give, and how we get it (found by experiment):
 * - Its API reads no FPRs and no FCSR: the sequence's own epilogue stores them
 *   to DIFF_FPU_DUMP, in both engines alike.
 * - PC read after uc_emu_start(until) is the start of the last translation
 *   block, not `until`: a clean stop is by definition at end_pc, and the
 *   address of a faulting instruction comes from a code hook.
 * - uc_mem_write does not drop translated blocks of the old code, so every
 *   run first removes the code range from the cache.
 * - A guest exception reaches UC_HOOK_INTR as QEMU's EXCP_* number, mapped
 *   back to the MIPS ExcCode below; the hook stops the run.
 * - The hook replaces QEMU's do_interrupt, so an exception in a delay slot
 *   leaves the "in a branch" hflags set and the next run starts as a delay
 *   slot. Nothing in the API clears them: after any exception the engine is
 *   closed and opened afresh.
 */
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "core/cpu.h"
#include "tests/diff/diff.h"

struct unicorn_side {
    uc_engine *uc;
    uc_hook code_hook, intr_hook;
    bool big_endian;
    uint32_t last_pc; /* address of the instruction running now */
    uint64_t steps;
    int intno; /* QEMU exception number, -1 for none */
};

/* QEMU 5 target/mips/cpu.h EXCP_* (the numbers Unicorn reports) to ExcCode. */
static const struct {
    int intno;
    uint8_t code;
} exc_map[] = {
    {12, EXC_ADEL}, {13, EXC_ADES}, {15, EXC_IBE}, {17, EXC_SYS}, {18, EXC_BP},
    {19, EXC_CPU},  {20, EXC_RI},   {21, EXC_OV},  {22, EXC_TR},  {23, EXC_FPE},
};

static uint8_t exc_code(int intno)
{
    for (unsigned i = 0; i < sizeof(exc_map) / sizeof(exc_map[0]); i++)
        if (exc_map[i].intno == intno) return exc_map[i].code;
    return DIFF_EXC_ENGINE;
}

static void on_code(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    struct unicorn_side *u = opaque;
    (void)size;
    u->last_pc = (uint32_t)address;
    if (++u->steps > 2 * DIFF_CODE_MAX) uc_emu_stop(uc);
}

static void on_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
    struct unicorn_side *u = opaque;
    u->intno = (int)intno;
    uc_emu_stop(uc);
}

/* Opens u->uc: the CPU model, RAM at physical 0 and both hooks. */
static uc_err engine_open(struct unicorn_side *u)
{
    uc_mode mode = UC_MODE_MIPS32 | (u->big_endian ? UC_MODE_BIG_ENDIAN : UC_MODE_LITTLE_ENDIAN);
    uc_err e = uc_open(UC_ARCH_MIPS, mode, &u->uc);
    if (e != UC_ERR_OK) {
        u->uc = NULL;
        return e;
    }
    e = uc_ctl_set_cpu_model(u->uc, UC_CPU_MIPS32_24KF);
    if (e == UC_ERR_OK) e = uc_mem_map(u->uc, 0, DIFF_RAM_SIZE, UC_PROT_ALL);
    if (e == UC_ERR_OK)
        e = uc_hook_add(u->uc, &u->code_hook, UC_HOOK_CODE, (void *)on_code, u, DIFF_CODE,
                        DIFF_CODE + 4 * DIFF_CODE_MAX - 1);
    if (e == UC_ERR_OK)
        e = uc_hook_add(u->uc, &u->intr_hook, UC_HOOK_INTR, (void *)on_intr, u, 1, 0);
    return e;
}

struct unicorn_side *unicorn_side_new(bool big_endian, const char **err)
{
    struct unicorn_side *u = calloc(1, sizeof(*u));
    if (!u) {
        *err = "out of memory";
        return NULL;
    }
    u->big_endian = big_endian;
    uc_err e = engine_open(u);
    if (e != UC_ERR_OK) {
        *err = uc_strerror(e);
        unicorn_side_free(u);
        return NULL;
    }
    return u;
}

void unicorn_side_free(struct unicorn_side *u)
{
    if (!u) return;
    if (u->uc) uc_close(u->uc);
    free(u);
}

static void write_words(struct unicorn_side *u, uint32_t kseg0, const uint32_t *w, unsigned n)
{
    uint8_t buf[4 * DIFF_CODE_MAX];
    for (unsigned i = 0; i < n; i++)
        diff_put32(buf + 4 * i, w ? w[i] : 0, u->big_endian);
    uc_mem_write(u->uc, kseg0 & 0x1fffffffu, buf, 4 * n);
}

static void load(struct unicorn_side *u, const struct diff_seq *seq)
{
    write_words(u, DIFF_CODE, seq->words, seq->count);
    uc_ctl_remove_cache(u->uc, DIFF_CODE, DIFF_CODE + 4 * DIFF_CODE_MAX);
    uc_mem_write(u->uc, DIFF_SCRATCH & 0x1fffffffu, seq->scratch, DIFF_SCRATCH_SIZE);
    write_words(u, DIFF_FPU_AREA, seq->fpu_init, DIFF_FPU_WORDS);
    write_words(u, DIFF_FPU_DUMP, NULL, DIFF_FPU_WORDS);
    for (int r = 1; r < 32; r++)
        uc_reg_write(u->uc, UC_MIPS_REG_0 + r, &seq->gpr[r]);
    uc_reg_write(u->uc, UC_MIPS_REG_HI, &seq->hi);
    uc_reg_write(u->uc, UC_MIPS_REG_LO, &seq->lo);
}

static void read_state(struct unicorn_side *u, struct diff_state *out)
{
    for (int r = 0; r < 32; r++)
        uc_reg_read(u->uc, UC_MIPS_REG_0 + r, &out->gpr[r]);
    uc_reg_read(u->uc, UC_MIPS_REG_HI, &out->hi);
    uc_reg_read(u->uc, UC_MIPS_REG_LO, &out->lo);
    uc_mem_read(u->uc, DIFF_SCRATCH & 0x1fffffffu, out->scratch, DIFF_SCRATCH_SIZE);
    uint8_t buf[4 * DIFF_FPU_WORDS];
    uc_mem_read(u->uc, DIFF_FPU_DUMP & 0x1fffffffu, buf, sizeof(buf));
    for (unsigned i = 0; i < DIFF_FPU_WORDS; i++)
        out->fpu[i] = diff_get32(buf + 4 * i, u->big_endian);
}

void unicorn_side_run(struct unicorn_side *u, const struct diff_seq *seq, struct diff_state *out)
{
    load(u, seq);
    memset(out, 0, sizeof(*out));
    u->steps = 0;
    u->intno = -1;
    u->last_pc = DIFF_CODE;
    uc_err e = uc_emu_start(u->uc, DIFF_CODE, seq->end_pc, 0, 0);
    read_state(u, out);
    out->exc = DIFF_EXC_NONE;
    out->pc = seq->end_pc;
    if (u->intno >= 0 || e != UC_ERR_OK || u->steps > 2 * DIFF_CODE_MAX) {
        out->exc = u->intno >= 0 ? exc_code(u->intno) : DIFF_EXC_ENGINE;
        out->exc_pc = u->last_pc;
        out->pc = u->last_pc;
        uc_close(u->uc);
        if (engine_open(u) != UC_ERR_OK)
            abort(); /* it opened a moment ago with the same arguments */
    }
    /* The code hook sees the faulting instruction too; it did not retire. */
    out->steps = out->exc == DIFF_EXC_NONE ? u->steps : u->steps - 1;
}
