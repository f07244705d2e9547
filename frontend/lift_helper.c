/* frontend/lift_helper.c — the C helpers lifted blocks call: one instruction
 * run by the interpreter (so LWL, LL/SC, the FPU, CP0, TLB, SYSCALL ... keep a
 * single definition), and the recorders of exceptions raised inline
 * (IR_RAISE_IF), and the FPU helpers of lift_fpu.c, which run the
 * frontend/fpu*.c semantics on pre-decoded operands (lift_class.h) with no
 * decode and no interp_exec. The icount/pc contract is in lift.h.
 */
#include "frontend/lift.h"

#include "core/cpu.h"
#include "frontend/fpu.h"
#include "frontend/interp.h"
#include "frontend/lift_class.h"

/* Runs the word at pc as the interpreter would at that point of the block;
 * true when it retired. cpu->icount is exact while it runs. */
static bool exec_at(struct cpu *cpu, uint32_t word, uint32_t pc, uint32_t flags_icount)
{
    struct mips_insn in;
    uint64_t before = flags_icount >> 16;
    mips_decode(word, &in);
    cpu->pc = pc;
    cpu->in_delay = flags_icount & LIFT_PC_DELAY_SLOT;
    cpu->icount += before;
    bool retired = interp_exec(cpu, &in);
    cpu->icount -= before;
    return retired;
}

uint64_t lift_exec_insn(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount)
{
    struct cpu *c = cpu;
    if (!exec_at(c, (uint32_t)word, (uint32_t)pc, (uint32_t)flags_icount)) return 1;
    c->icount--; /* the block counts it at its exit */
    return 0;
}

uint64_t lift_exec_insn_ends(void *cpu, uint64_t word, uint64_t pc, uint64_t flags_icount)
{
    return exec_at(cpu, (uint32_t)word, (uint32_t)pc, (uint32_t)flags_icount) ? 0 : 1;
}

static uint64_t raise_code(void *cpu, uint64_t code, uint64_t b, uint64_t c)
{
    (void)b;
    (void)c;
    cpu_exception(cpu, (enum mips_exc)code);
    return 1;
}

static uint64_t raise_cpu(void *cpu, uint64_t unit, uint64_t b, uint64_t c)
{
    (void)b;
    (void)c;
    cpu_exception_cpu(cpu, (unsigned)unit);
    return 1;
}

/* ---- FPU helpers: operands unpacked from lift_fpu_pack ---- */

struct fpu_operands {
    unsigned fd, fs, ft, fr, fmt;
};

static struct fpu_operands unpack(uint64_t a)
{
    return (struct fpu_operands){(unsigned)a & 31, (unsigned)(a >> 5) & 31,
                                 (unsigned)(a >> 10) & 31, (unsigned)(a >> 15) & 31,
                                 (unsigned)(a >> 20) & 31};
}

static bool wide(unsigned fmt)
{
    return fmt == FMT_D || fmt == FMT_L;
}

static uint64_t read_fmt(const struct cpu *cpu, unsigned fmt, unsigned reg)
{
    return wide(fmt) ? fpu_get_d(cpu, reg) : fpu_get_s(cpu, reg);
}

/* interp_fpu.c's commit_result: 1 (trapped, fd untouched) or 0. */
static uint64_t commit(struct cpu *cpu, unsigned fmt, unsigned fd, uint64_t r, unsigned exc)
{
    if (!fpu_commit(cpu, exc)) return 1;
    if (wide(fmt))
        fpu_set_d(cpu, fd, r);
    else
        fpu_set_s(cpu, fd, (uint32_t)r);
    return 0;
}

static uint64_t fpu_arith_helper(void *cpu, uint64_t a, uint64_t op, uint64_t unused)
{
    (void)unused;
    struct cpu *c = cpu;
    struct fpu_operands o = unpack(a);
    unsigned exc = 0;
    uint64_t r;
    if (o.fmt == FMT_S)
        r = fpu_arith_s(c, (enum fpu_arith)op, fpu_get_s(c, o.fs), fpu_get_s(c, o.ft), &exc);
    else
        r = fpu_arith_d(c, (enum fpu_arith)op, fpu_get_d(c, o.fs), fpu_get_d(c, o.ft), &exc);
    return commit(c, o.fmt, o.fd, r, exc);
}

static uint64_t fpu_madd_helper(void *cpu, uint64_t a, uint64_t op, uint64_t unused)
{
    (void)unused;
    struct cpu *c = cpu;
    struct fpu_operands o = unpack(a);
    unsigned exc = 0;
    uint64_t r;
    if (o.fmt == FMT_S)
        r = fpu_madd_s(c, (enum fpu_madd)op, fpu_get_s(c, o.fs), fpu_get_s(c, o.ft),
                       fpu_get_s(c, o.fr), &exc);
    else
        r = fpu_madd_d(c, (enum fpu_madd)op, fpu_get_d(c, o.fs), fpu_get_d(c, o.ft),
                       fpu_get_d(c, o.fr), &exc);
    return commit(c, o.fmt, o.fd, r, exc);
}

static uint64_t fpu_convert_helper(void *cpu, uint64_t a, uint64_t kind, uint64_t rm)
{
    struct cpu *c = cpu;
    struct fpu_operands o = unpack(a);
    enum fpu_round mode = rm == LIFT_FPU_RM_FCSR ? fpu_rounding(c) : (enum fpu_round)rm;
    uint64_t v = read_fmt(c, o.fmt, o.fs);
    unsigned exc = 0, fmt;
    uint64_t r;
    /* r first: commit() must see the exc the conversion set. */
    switch (kind) {
    case LIFT_FPU_TO_W:
        r = fpu_to_w(o.fmt, v, mode, &exc);
        fmt = FMT_W;
        break;
    case LIFT_FPU_TO_L:
        r = fpu_to_l(o.fmt, v, mode, &exc);
        fmt = FMT_L;
        break;
    case LIFT_FPU_TO_S:
        r = fpu_to_s(c, o.fmt, v, &exc);
        fmt = FMT_S;
        break;
    default:
        r = fpu_to_d(c, o.fmt, v, &exc);
        fmt = FMT_D;
        break;
    }
    return commit(c, fmt, o.fd, r, exc);
}

static uint64_t fpu_compare_helper(void *cpu, uint64_t a, uint64_t cond, uint64_t cc)
{
    struct cpu *c = cpu;
    struct fpu_operands o = unpack(a);
    unsigned exc = 0;
    bool t;
    if (o.fmt == FMT_S)
        t = fpu_compare_s((unsigned)cond, fpu_get_s(c, o.fs), fpu_get_s(c, o.ft), &exc);
    else
        t = fpu_compare_d((unsigned)cond, fpu_get_d(c, o.fs), fpu_get_d(c, o.ft), &exc);
    if (!fpu_commit(c, exc)) return 1;
    fpu_set_condition(c, (unsigned)cc, t);
    return 0;
}

/* Only CAN_RAISE: they touch no GPR, and the FPR/FCSR globals of a block that
 * calls them are uncached (lift_fpu.c), so cached GPRs survive the call. */
const struct ir_helper lift_helper_fpu_arith = {"fpu_arith", fpu_arith_helper, IR_CALL_CAN_RAISE};
const struct ir_helper lift_helper_fpu_madd = {"fpu_madd", fpu_madd_helper, IR_CALL_CAN_RAISE};
const struct ir_helper lift_helper_fpu_convert = {"fpu_convert", fpu_convert_helper,
                                                  IR_CALL_CAN_RAISE};
const struct ir_helper lift_helper_fpu_compare = {"fpu_compare", fpu_compare_helper,
                                                  IR_CALL_CAN_RAISE};

#define EXEC_FLAGS (IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS | IR_CALL_CAN_RAISE)

const struct ir_helper lift_helper_exec = {"exec_insn", lift_exec_insn, EXEC_FLAGS};
const struct ir_helper lift_helper_exec_ends = {"exec_insn_ends", lift_exec_insn_ends,
                                                EXEC_FLAGS | IR_CALL_ENDS_BLOCK};
const struct ir_helper lift_helper_raise = {"raise", raise_code, IR_CALL_WRITES_GLOBALS};
const struct ir_helper lift_helper_raise_cpu = {"raise_cpu", raise_cpu, IR_CALL_WRITES_GLOBALS};
