/* tests/unit/fpu_harness.h — the backend-only FP machine shared by
 * tests/unit/test_fpu_fast.c and test_fpu_inline.c: a small CPU state whose
 * FP register file and status word the inline FP forms of
 * translator/x86/backend_fpu.c address directly; h_fp, their definition
 * (frontend/fpu.c, committed as fpu_commit does) that also counts its calls;
 * an RWX code buffer with the backend's entry trampoline; and one-op blocks
 * run and checked against h_fp.
 *
 * Operands are fpr[1..3], the result fpr[0] (a compare: condition FH_CMP_CC).
 * The call's arguments are (kind, f64, cond): cond is the compare predicate,
 * plus FH_FROM_INT for a conversion from a 32-bit integer.
 */
#ifndef TERN_TESTS_FPU_HARNESS_H
#define TERN_TESTS_FPU_HARNESS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#include "tests/unit/fpu_test.h"
#include "translator/ir.h"
#include "translator/target.h"
#include "translator/x86/backend.h"

struct fstate {
    uint64_t fpr[8];
    uint32_t status, pc;
    uint64_t icount;
    uint8_t exit_request, pad[7];
    uint64_t calls, restores;
};

#define F_FILE offsetof(struct fstate, fpr)
#define F_STATUS offsetof(struct fstate, status)
#define FH_CMP_CC 3        /* condition bit 3: status bit 27 */
#define FH_FROM_INT 16u    /* in cond: CVT_S/CVT_D from W */
#define FH_RAISE_PC 0x100u /* the op's pc: where a trap leaves */
#define FH_EXIT_PC 0x200u  /* the block's exit */
#define FH_CODE_SIZE (1u << 20)

/* The definition the inline forms must match (see above); returns 1 when an
 * enabled exception traps (the destination is left alone). */
static uint64_t h_fp(void *cpu, uint64_t kind, uint64_t f64, uint64_t cond)
{
    static struct cpu model; /* fpu_* read only FCSR.RM and FS */
    struct fstate *s = cpu;
    s->calls++;
    model.fcsr = s->status;
    unsigned exc = 0;
    uint64_t r = 0, x = s->fpr[1], y = s->fpr[2], z = s->fpr[3];
    static const uint8_t arith[] = {[IR_FP_ADD] = FPU_ADD,
                                    [IR_FP_SUB] = FPU_SUB,
                                    [IR_FP_MUL] = FPU_MUL,
                                    [IR_FP_DIV] = FPU_DIV,
                                    [IR_FP_SQRT] = FPU_SQRT};
    unsigned from = f64 ? FMT_D : (cond & FH_FROM_INT) ? FMT_W : FMT_S;
    bool wide_result = kind == IR_FP_CVT_D || (f64 && kind < IR_FP_CVT_S);
    if (kind == IR_FP_CVT_S)
        r = fpu_to_s(&model, from, x, &exc);
    else if (kind == IR_FP_CVT_D)
        r = fpu_to_d(&model, from, x, &exc);
    else if (kind == IR_FP_TRUNC_W)
        r = fpu_to_w(from, x, FPU_RZ, &exc);
    else if (kind == IR_FP_CMP)
        r = f64 ? fpu_compare_d((unsigned)cond, x, y, &exc)
                : fpu_compare_s((unsigned)cond, (uint32_t)x, (uint32_t)y, &exc);
    else if (kind >= IR_FP_MADD)
        r = f64 ? fpu_madd_d(&model, (enum fpu_madd)(kind - IR_FP_MADD), x, y, z, &exc)
                : fpu_madd_s(&model, (enum fpu_madd)(kind - IR_FP_MADD), (uint32_t)x, (uint32_t)y,
                             (uint32_t)z, &exc);
    else
        r = f64 ? fpu_arith_d(&model, (enum fpu_arith)arith[kind], x, y, &exc)
                : fpu_arith_s(&model, (enum fpu_arith)arith[kind], (uint32_t)x, (uint32_t)y, &exc);
    s->status = (s->status & ~CAUSE(0x3f)) | CAUSE(exc);
    if (exc & ((s->status >> FCSR_ENABLES_SHIFT) & 0x1f)) return 1;
    s->status |= FLAGS(exc & 0x1f);
    if (kind == IR_FP_CMP)
        s->status = (s->status & ~(1u << (24 + FH_CMP_CC))) | (uint32_t)r << (24 + FH_CMP_CC);
    else if (wide_result)
        s->fpr[0] = r;
    else
        s->fpr[0] = (s->fpr[0] & ~0xffffffffull) | (uint32_t)r;
    return 0;
}

static const struct ir_helper helper_fp = {"fp", h_fp, IR_CALL_CAN_RAISE};

static void f_restore(void *cpu, uint32_t pc, uint16_t pc_flags)
{
    struct fstate *s = cpu;
    (void)pc_flags;
    s->restores++;
    s->pc = pc;
}

static uint8_t *fh_code; /* the entry at 0, the one-op block at 4096 */
static struct backend_entry fh_entry;
static struct ir_target fh_target;

/* Maps the code buffer and emits the entry (a Check fixture's body). */
static void fh_setup(void)
{
    fh_code = mmap(NULL, FH_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(fh_code, MAP_FAILED);
    fh_target = (struct ir_target){.pc_offset = offsetof(struct fstate, pc),
                                   .icount_offset = offsetof(struct fstate, icount),
                                   .exit_request_offset = offsetof(struct fstate, exit_request),
                                   .restore = f_restore};
    ck_assert_int_gt(backend_emit_entry(fh_code, fh_code, 4096, &fh_target, &fh_entry), 0);
}

static void fh_teardown(void)
{
    munmap(fh_code, FH_CODE_SIZE);
}

/* Emits the one-op block (kind, f64, cond) through be: the call of h_fp
 * with its inline form, then an exit to FH_EXIT_PC. */
static void fh_emit(struct backend *be, enum ir_fp_kind kind, bool f64, unsigned cond)
{
    struct ir_block *b = ir_block_new();
    ck_assert_ptr_nonnull(b);
    ir_call(b, &helper_fp, -1, ir_const32(b, kind), ir_const32(b, f64), ir_const32(b, cond),
            FH_RAISE_PC, 0, 0);
    ir_call_set_fp(b, (struct ir_fp_inline){.kind = (uint8_t)kind,
                                            .f64 = f64,
                                            .from_int = (cond & FH_FROM_INT) != 0,
                                            .dst = kind == IR_FP_CMP ? FH_CMP_CC : 0,
                                            .src1 = 1,
                                            .src2 = 2,
                                            .src3 = 3,
                                            .cond = (uint8_t)cond,
                                            .file = F_FILE,
                                            .status = F_STATUS});
    ir_exit(b, FH_EXIT_PC, 1);
    struct backend_block out;
    int n = backend_emit_block(be, b, &fh_target, &fh_entry, NULL, fh_code + 4096, fh_code + 4096,
                               FH_CODE_SIZE - 4096, &out);
    ck_assert_int_gt(n, 0);
    ir_block_free(b);
}

/* Runs the emitted block on s; returns its result (0: raised through
 * restore, else the exit's token). */
static uint64_t fh_enter(struct fstate *s)
{
    return ((backend_enter_fn)fh_entry.enter)(s, fh_code + 4096);
}

/* Runs the emitted block (kind, f64, cond) on (x, y, z) with status st and
 * checks result, status, the raise or exit and its pc against h_fp on the
 * same state; returns the block's final state (calls: helper calls). */
static struct fstate fh_check(enum ir_fp_kind kind, bool f64, unsigned cond, uint64_t x, uint64_t y,
                              uint64_t z, uint32_t st)
{
    struct fstate init = {.fpr = {0x5555555555555555ull, x, y, z}, .status = st};
    struct fstate want = init, got = init;
    uint64_t trapped = h_fp(&want, kind, f64, cond);
    uint64_t r = fh_enter(&got);
    ck_assert_uint_eq(r, trapped ? 0 : 1); /* the raise path, or the exit's token */
    ck_assert_msg(got.fpr[0] == want.fpr[0] && got.status == want.status,
                  "kind %d f64 %d cond %u: %#llx %#llx %#llx status %#x: got %#llx/%#x, want "
                  "%#llx/%#x",
                  kind, f64, cond, (unsigned long long)x, (unsigned long long)y,
                  (unsigned long long)z, st, (unsigned long long)got.fpr[0], got.status,
                  (unsigned long long)want.fpr[0], want.status);
    ck_assert_uint_eq(got.restores, trapped);
    ck_assert_uint_eq(got.pc, trapped ? FH_RAISE_PC : FH_EXIT_PC);
    return got;
}

#endif
