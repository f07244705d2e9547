/* translator/x86/backend.c — the backend's driver and the lowering of the
 * computational IR ops (moves, ALU, shifts, multiply/divide, bit fields,
 * compares and selects); exits and calls live in backend_exit.c, memory in
 * backend_mem.c, register choice in regalloc.c.
 *
 * Invariant of the generated code: an I32 value in a host register is always
 * zero-extended to 64 bits (every I32 op is a 32-bit x86 op, which does that),
 * so I32 -> I64 zero extension and 64-bit address arithmetic need no extra op.
 */
#include "translator/x86/backend_int.h"

#include <capstone/capstone.h>
#include <cpuid.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef void lower_fn(struct emit_ctx *c, const struct ir_insn *in);

static enum x86_width width_of(const struct ir_insn *in)
{
    return in->type == IR_I64 ? X86_W64 : X86_W32;
}

static unsigned bits_of(const struct ir_insn *in)
{
    return in->type == IR_I64 ? 64 : 32;
}

/* dst = a, in a register the result may be computed in place: a's own when
 * ra_def may take it (a dies here, or `set g, dst` follows an op on g), else a
 * fresh one, loaded straight from a constant or from memory when a has no
 * register. Returns that register. */
static enum x86_gpr def_copy_of_a(struct emit_ctx *c, const struct ir_insn *in)
{
    if (ra_not_in_reg(c->ra, in->a) && !ra_can_take(c->ra, in->dst, in->a)) {
        int d = ra_def(c->ra, in->dst, IR_NONE);
        ra_load_into(c->ra, d, in->a);
        return (enum x86_gpr)d;
    }
    int a = ra_use(c->ra, in->a);
    int d = ra_def(c->ra, in->dst, in->a);
    if (d != a) x86_emit_mov_rr(&c->buf, ra_width(c->ra, in->a), (enum x86_gpr)d, (enum x86_gpr)a);
    return (enum x86_gpr)d;
}

/* True when the result goes to a register of its own while a stays in one:
 * a three-operand form (lea, imul, rorx, shlx) saves the copy of a. */
static bool wants_three_operand(struct emit_ctx *c, const struct ir_insn *in)
{
    return !ra_can_take(c->ra, in->dst, in->a) && !ra_not_in_reg(c->ra, in->a);
}

/* Commutative ops: a constant goes to b (an immediate), and a is the operand
 * whose register the result may take. Returns in or its swapped copy tmp. */
static const struct ir_insn *canon_commutative(struct emit_ctx *c, const struct ir_insn *in,
                                               struct ir_insn *tmp)
{
    int32_t imm;
    bool a_imm = ra_imm_operand(c->ra, in->a, &imm), b_imm = ra_imm_operand(c->ra, in->b, &imm);
    bool swap =
        a_imm ? !b_imm
              : !b_imm && !ra_can_take(c->ra, in->dst, in->a) && ra_can_take(c->ra, in->dst, in->b);
    if (!swap) return in;
    *tmp = *in;
    tmp->a = in->b;
    tmp->b = in->a;
    return tmp;
}

/* dst = a + disp or a + b by lea, when that saves copying a; false otherwise. */
static bool try_lea(struct emit_ctx *c, const struct ir_insn *in, int b, int32_t disp)
{
    if (!wants_three_operand(c, in)) return false;
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
    x86_emit_lea(&c->buf, width_of(in), d,
                 b < 0 ? x86_mem_base(a, disp) : x86_mem_sib(a, (enum x86_gpr)b, 1, 0));
    return true;
}

/* dst = a <op> b with b as an immediate, memory or register operand. */
static void lower_alu(struct emit_ctx *c, const struct ir_insn *in, enum x86_alu op)
{
    struct ir_insn tmp;
    if (op != X86_SUB) in = canon_commutative(c, in, &tmp);
    enum x86_width w = width_of(in);
    int32_t imm;
    struct x86_mem m;
    if (ra_imm_operand(c->ra, in->b, &imm)) {
        /* a - imm is a + -imm, except -INT32_MIN, which sign-extends wrong at 64 bits */
        bool sub_ok = op == X86_SUB && (w == X86_W32 || imm != INT32_MIN);
        int32_t disp = op == X86_SUB ? (int32_t)(0u - (uint32_t)imm) : imm;
        if ((op == X86_ADD || sub_ok) && try_lea(c, in, -1, disp)) return;
        enum x86_gpr d = def_copy_of_a(c, in);
        x86_emit_alu_ri(&c->buf, op, w, d, imm);
    } else if (ra_mem_operand(c->ra, in->b, &m)) {
        enum x86_gpr d = def_copy_of_a(c, in);
        x86_emit_alu_rm(&c->buf, op, w, d, m);
    } else {
        int b = ra_use(c->ra, in->b);
        if (op == X86_ADD && try_lea(c, in, b, 0)) return;
        enum x86_gpr d = def_copy_of_a(c, in);
        x86_emit_alu_rr(&c->buf, op, w, d, (enum x86_gpr)b);
    }
}

static void lower_add(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_alu(c, in, X86_ADD);
}
static void lower_sub(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_alu(c, in, X86_SUB);
}
static void lower_and(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_alu(c, in, X86_AND);
}
static void lower_or(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_alu(c, in, X86_OR);
}
static void lower_xor(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_alu(c, in, X86_XOR);
}

static void lower_mul(struct emit_ctx *c, const struct ir_insn *in)
{
    struct ir_insn tmp;
    in = canon_commutative(c, in, &tmp);
    enum x86_width w = width_of(in);
    int32_t imm;
    if (ra_imm_operand(c->ra, in->b, &imm)) {
        int a = ra_use(c->ra, in->a);
        int d = ra_def(c->ra, in->dst, in->a);
        x86_emit_imul_rri(&c->buf, w, (enum x86_gpr)d, (enum x86_gpr)a, imm);
        return;
    }
    ra_use(c->ra, in->a);
    int b = ra_use(c->ra, in->b);
    enum x86_gpr d = def_copy_of_a(c, in);
    x86_emit_imul_rr(&c->buf, w, d, (enum x86_gpr)b);
}

/* The op after the current one, NOPs skipped; NULL at the end. */
static const struct ir_insn *next_op(const struct emit_ctx *c, unsigned *at)
{
    unsigned j = c->ra->cur + 1;
    while (j < c->b->ninsns && c->b->insns[j].op == IR_NOP)
        j++;
    *at = j;
    return j < c->b->ninsns ? &c->b->insns[j] : NULL;
}

/* `t = shl a, n` (n 1..3) read only by the next op, `add t, b`: one
 * lea dst, [b + a << n] for both (array indexing: MIPS `sll; addu`). */
static bool try_scaled_add(struct emit_ctx *c, const struct ir_insn *in, uint8_t n)
{
    unsigned j;
    const struct ir_insn *m = next_op(c, &j);
    if (!m || m->op != IR_ADD || m->type != in->type || c->ra->last_use[in->dst] != j) return false;
    ir_val_t other = m->a == in->dst ? m->b : m->a;
    if ((m->a != in->dst && m->b != in->dst) || other == in->dst) return false;
    int32_t disp = 0;
    int base = X86_NOREG;
    if (!ra_imm_operand(c->ra, other, &disp)) base = ra_use(c->ra, other);
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, m->dst, IR_NONE);
    x86_emit_lea(&c->buf, width_of(in), d, x86_mem_sib((enum x86_gpr)base, a, 1u << n, disp));
    c->done_at = j + 1;
    return true;
}

/* Shifts and rotates: the count is masked to 5/6 bits, as x86 itself does. */
static void lower_shift(struct emit_ctx *c, const struct ir_insn *in, enum x86_shift op)
{
    enum x86_width w = width_of(in);
    int32_t imm;
    if (ra_imm_operand(c->ra, in->b, &imm)) {
        uint8_t n = (uint8_t)(imm & (bits_of(in) - 1));
        if (op == X86_SHL && n >= 1 && n <= 3 && try_scaled_add(c, in, n)) return;
        bool three = n && (op == X86_SHL ? n == 1 : op == X86_ROR && c->be->use_bmi2);
        if (three && wants_three_operand(c, in)) {
            enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
            enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
            if (op == X86_SHL)
                x86_emit_lea(&c->buf, w, d, x86_mem_sib(a, a, 1, 0)); /* a << 1 = a + a */
            else
                x86_emit_rorx(&c->buf, w, d, a, n);
            return;
        }
        enum x86_gpr d = def_copy_of_a(c, in);
        if (n) x86_emit_shift_ri(&c->buf, op, w, d, n);
        return;
    }
    if (c->be->use_bmi2 && op != X86_ROR) {
        /* shlx/shrx/sarx: any count register, three operands, same masking */
        enum x86_gpr n = (enum x86_gpr)ra_use(c->ra, in->b);
        enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
        enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, in->a);
        x86_emit_shiftx(&c->buf, op, w, d, a, n);
        return;
    }
    ra_claim(c->ra, X86_RCX);
    ra_load_into(c->ra, X86_RCX, in->b);
    enum x86_gpr d = def_copy_of_a(c, in);
    x86_emit_shift_rcl(&c->buf, op, w, d);
}

static void lower_shl(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_shift(c, in, X86_SHL);
}
static void lower_shr(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_shift(c, in, X86_SHR);
}
static void lower_sar(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_shift(c, in, X86_SAR);
}
static void lower_rotr(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_shift(c, in, X86_ROR);
}

static void lower_unop(struct emit_ctx *c, const struct ir_insn *in, enum x86_unop op)
{
    enum x86_gpr d = def_copy_of_a(c, in);
    x86_emit_unop(&c->buf, op, width_of(in), d);
}

static void lower_not(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_unop(c, in, X86_NOT);
}
static void lower_neg(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_unop(c, in, X86_NEG);
}

/* One-operand mul/div: a in rax, the result in rax (low, quotient) or rdx
 * (high, remainder). ir.h guarantees no divide by zero or INT_MIN / -1. */
static void lower_rax_rdx(struct emit_ctx *c, const struct ir_insn *in, enum x86_unop op, int prep,
                          enum x86_gpr result)
{
    enum x86_width w = width_of(in);
    ra_claim(c->ra, X86_RAX);
    ra_claim(c->ra, X86_RDX);
    ra_load_into(c->ra, X86_RAX, in->a);
    enum x86_gpr b = (enum x86_gpr)ra_use(c->ra, in->b);
    if (prep == 1)
        x86_emit_cdq(&c->buf, w);
    else if (prep == 0)
        x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, X86_RDX, X86_RDX);
    x86_emit_unop(&c->buf, op, w, b);
    ra_assign(c->ra, result, in->dst);
}

/* MULT/MULTU lift to a mulh and a mul of the same operands, next to each
 * other; the one-operand x86 multiply of the mulh leaves the low half in rax
 * too, so that mul needs no imul of its own (call's hottest block). */
static void take_low_half(struct emit_ctx *c, const struct ir_insn *in)
{
    unsigned j;
    const struct ir_insn *m = next_op(c, &j);
    if (!m) return;
    bool same = (m->a == in->a && m->b == in->b) || (m->a == in->b && m->b == in->a);
    if (m->op != IR_MUL || m->type != in->type || m->dst == IR_NONE || !same) return;
    ra_assign(c->ra, X86_RAX, m->dst);
    c->done_at = j + 1;
}

static void lower_mulhs(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_IMUL1, -1, X86_RDX);
    take_low_half(c, in);
}
static void lower_mulhu(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_MUL, -1, X86_RDX);
    take_low_half(c, in);
}
static void lower_divs(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_IDIV, 1, X86_RAX);
}
static void lower_divu(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_DIV, 0, X86_RAX);
}
static void lower_rems(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_IDIV, 1, X86_RDX);
}
static void lower_remu(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_rax_rdx(c, in, X86_DIV, 0, X86_RDX);
}

/* CLZ of 0 is the width: lzcnt does that; bsr leaves the result undefined
 * (and sets ZF), so pick 2w-1 then, and w-1 ^ bsr = w-1 - bsr either way. */
static void lower_clz(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_width w = width_of(in);
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    if (c->be->use_lzcnt) {
        enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, in->a);
        x86_emit_lzcnt(&c->buf, w, d, a);
        return;
    }
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, in->a);
    x86_emit_mov_ri(&c->buf, X86_W32, s, 2 * bits_of(in) - 1);
    x86_emit_bsr(&c->buf, w, d, a);
    x86_emit_cmov_rr(&c->buf, X86_CC_E, w, d, s);
    x86_emit_alu_ri(&c->buf, X86_XOR, w, d, (int32_t)bits_of(in) - 1);
}

static void lower_bswap(struct emit_ctx *c, const struct ir_insn *in)
{
    x86_emit_bswap(&c->buf, width_of(in), def_copy_of_a(c, in));
}

/* ZEXT: an I32 register is already zero-extended. TRUNC: a 32-bit mov clears the top. */
static void lower_zext(struct emit_ctx *c, const struct ir_insn *in)
{
    def_copy_of_a(c, in);
}

static void lower_trunc(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_gpr d = def_copy_of_a(c, in);
    x86_emit_mov_rr(&c->buf, X86_W32, d, d);
}

static void lower_sext(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, in->a);
    x86_emit_movsxd_rr(&c->buf, d, a);
}

static void lower_narrow(struct emit_ctx *c, const struct ir_insn *in, bool sign, enum x86_width sw)
{
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, in->a);
    if (sign)
        x86_emit_movsx_rr(&c->buf, width_of(in), sw, d, a);
    else
        x86_emit_movzx_rr(&c->buf, X86_W32, sw, d, a); /* zero-extends to 64 too */
}

static void lower_sext8(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_narrow(c, in, true, X86_W8);
}
static void lower_sext16(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_narrow(c, in, true, X86_W16);
}
static void lower_zext8(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_narrow(c, in, false, X86_W8);
}
static void lower_zext16(struct emit_ctx *c, const struct ir_insn *in)
{
    lower_narrow(c, in, false, X86_W16);
}

/* The field of EXTRACT/DEPOSIT; false when it does not fit the type. */
static bool field_of(struct emit_ctx *c, const struct ir_insn *in, unsigned *lo, unsigned *len)
{
    *lo = (unsigned)in->imm & 0xff;
    *len = ((unsigned)in->imm >> 8) & 0xff;
    if (*len == 0 || *lo + *len > bits_of(in)) {
        c->unsupported = true;
        return false;
    }
    return true;
}

static void lower_extract(struct emit_ctx *c, const struct ir_insn *in)
{
    unsigned lo, len, n = bits_of(in);
    enum x86_width w = width_of(in);
    if (!field_of(c, in, &lo, &len)) return;
    enum x86_gpr d = def_copy_of_a(c, in);
    if (lo + len == n || len <= 31) {
        if (lo) x86_emit_shift_ri(&c->buf, X86_SHR, w, d, (uint8_t)lo);
        if (lo + len != n) x86_emit_alu_ri(&c->buf, X86_AND, w, d, (int32_t)((1u << len) - 1));
        return;
    }
    x86_emit_shift_ri(&c->buf, X86_SHL, w, d, (uint8_t)(n - lo - len));
    x86_emit_shift_ri(&c->buf, X86_SHR, w, d, (uint8_t)(n - len));
}

static void lower_deposit(struct emit_ctx *c, const struct ir_insn *in)
{
    unsigned lo, len, n = bits_of(in);
    enum x86_width w = width_of(in);
    if (!field_of(c, in, &lo, &len)) return;
    uint64_t field = (len == 64 ? ~0ull : ((1ull << len) - 1)) << lo;
    uint64_t keep = ~field & (n == 64 ? ~0ull : 0xffffffffull);
    enum x86_gpr b = (enum x86_gpr)ra_use(c->ra, in->b);
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    bool keep_imm = n == 32 || (int64_t)keep == (int32_t)keep;
    enum x86_gpr k = keep_imm ? X86_RAX : (enum x86_gpr)ra_scratch(c->ra);
    /* s = (b & mask(len)) << lo, by shifting the field to the top and back. */
    x86_emit_mov_rr(&c->buf, X86_W64, s, b);
    if (n - len) x86_emit_shift_ri(&c->buf, X86_SHL, w, s, (uint8_t)(n - len));
    if (n - len - lo) x86_emit_shift_ri(&c->buf, X86_SHR, w, s, (uint8_t)(n - len - lo));
    enum x86_gpr d = def_copy_of_a(c, in);
    if (keep_imm)
        x86_emit_alu_ri(&c->buf, X86_AND, w, d, (int32_t)keep);
    else {
        x86_emit_mov_ri(&c->buf, X86_W64, k, (int64_t)keep);
        x86_emit_alu_rr(&c->buf, X86_AND, w, d, k);
    }
    x86_emit_alu_rr(&c->buf, X86_OR, w, d, s);
}

/* cmp takes an immediate or memory operand on the right only. */
static bool right_operand_ok(struct emit_ctx *c, ir_val_t v)
{
    struct x86_mem m;
    return ra_imm_operand(c->ra, v, &(int32_t){0}) || ra_mem_operand(c->ra, v, &m);
}

/* The condition of the same compare with its operands swapped. */
static uint8_t mirror_cond(uint8_t cond)
{
    static const uint8_t map[IR_COND_COUNT] = {
        [IR_EQ] = IR_EQ, [IR_NE] = IR_NE,   [IR_LT] = IR_GT,   [IR_GE] = IR_LE,   [IR_LE] = IR_GE,
        [IR_GT] = IR_LT, [IR_LTU] = IR_GTU, [IR_GEU] = IR_LEU, [IR_LEU] = IR_GEU, [IR_GTU] = IR_LTU,
    };
    return cond < IR_COND_COUNT ? map[cond] : cond;
}

/* True when temp v was made by a SETCOND, so it is 0 or 1. */
static bool is_boolean(const struct emit_ctx *c, ir_val_t v)
{
    if (c->b->vals[v].kind != IR_VAL_TEMP) return false;
    for (unsigned i = c->ra->cur; i-- > 0;)
        if (c->b->insns[i].dst == v) return c->b->insns[i].op == IR_SETCOND;
    return false;
}

/* setcond.ne x, 0 of a 0/1 x is x, and setcond.eq x, 0 is x ^ 1 (the
 * lifter's branch conditions): no compare needed. False when not that shape. */
static bool lower_setcond_of_boolean(struct emit_ctx *c, const struct ir_insn *in)
{
    const struct ir_value *b = &c->b->vals[in->b];
    if ((in->cond != IR_NE && in->cond != IR_EQ) || b->kind != IR_VAL_CONST || b->constant != 0 ||
        !is_boolean(c, in->a))
        return false;
    enum x86_gpr d = def_copy_of_a(c, in);
    if (in->cond == IR_EQ) x86_emit_alu_ri(&c->buf, X86_XOR, X86_W32, d, 1);
    return true;
}

static void lower_setcond(struct emit_ctx *c, const struct ir_insn *in)
{
    struct ir_insn tmp;
    if (lower_setcond_of_boolean(c, in)) return;
    if (right_operand_ok(c, in->a) && !right_operand_ok(c, in->b)) {
        /* a constant or memory-only a goes right: saves loading it */
        tmp = *in;
        tmp.a = in->b;
        tmp.b = in->a;
        tmp.cond = mirror_cond(in->cond);
        in = &tmp;
    }
    ra_use(c->ra, in->a);
    if (!right_operand_ok(c, in->b)) ra_use(c->ra, in->b);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
    x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, d, d); /* before cmp: xor sets flags */
    be_emit_cmp(c, in);
    x86_emit_setcc(&c->buf, be_cond((enum ir_cond)in->cond), d);
}

/* dst = c ? a : b: dst starts as the operand whose register it may take (b
 * unless only a's may be), the other one is cmov'd in from a register or memory. */
static void lower_select(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_width w = width_of(in);
    bool from_a = !ra_can_take(c->ra, in->dst, in->b) && ra_can_take(c->ra, in->dst, in->a);
    ir_val_t base = from_a ? in->a : in->b, other = from_a ? in->b : in->a;
    enum x86_gpr cond = (enum x86_gpr)ra_use(c->ra, in->c);
    struct x86_mem m;
    bool other_mem = ra_mem_operand(c->ra, other, &m);
    enum x86_gpr o = other_mem ? X86_RAX : (enum x86_gpr)ra_use(c->ra, other);
    enum x86_gpr d;
    if (ra_not_in_reg(c->ra, base) && !ra_can_take(c->ra, in->dst, base)) {
        d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
        ra_load_into(c->ra, d, base);
    } else {
        enum x86_gpr b = (enum x86_gpr)ra_use(c->ra, base);
        d = (enum x86_gpr)ra_def(c->ra, in->dst, base);
        if (d != b) x86_emit_mov_rr(&c->buf, w, d, b);
    }
    x86_emit_test_rr(&c->buf, X86_W32, cond, cond);
    enum x86_cond cc = from_a ? X86_CC_E : X86_CC_NE;
    if (other_mem)
        x86_emit_cmov_rm(&c->buf, cc, w, d, m);
    else
        x86_emit_cmov_rr(&c->buf, cc, w, d, o);
}

static void lower_mov(struct emit_ctx *c, const struct ir_insn *in)
{
    if (ra_def_alias(c->ra, in->dst, in->a)) return; /* a copy of a global: read it there */
    if (ra_dies(c->ra, in->a) && ra_reg_if_any(c->ra, in->a) >= 0) {
        ra_def(c->ra, in->dst, in->a);
        return;
    }
    int d = ra_def(c->ra, in->dst, IR_NONE);
    ra_load_into(c->ra, d, in->a);
}

static void lower_set(struct emit_ctx *c, const struct ir_insn *in)
{
    ra_set_global(c->ra, in->a, in->b);
}

static void lower_nop(struct emit_ctx *c, const struct ir_insn *in)
{
    (void)c;
    (void)in;
}

static lower_fn *const lowerings[IR_OPCODE_COUNT] = {
    [IR_NOP] = lower_nop,
    [IR_MOV] = lower_mov,
    [IR_SET] = lower_set,
    [IR_ADD] = lower_add,
    [IR_SUB] = lower_sub,
    [IR_MUL] = lower_mul,
    [IR_AND] = lower_and,
    [IR_OR] = lower_or,
    [IR_XOR] = lower_xor,
    [IR_SHL] = lower_shl,
    [IR_SHR] = lower_shr,
    [IR_SAR] = lower_sar,
    [IR_ROTR] = lower_rotr,
    [IR_NOT] = lower_not,
    [IR_NEG] = lower_neg,
    [IR_MULHS] = lower_mulhs,
    [IR_MULHU] = lower_mulhu,
    [IR_DIVS] = lower_divs,
    [IR_DIVU] = lower_divu,
    [IR_REMS] = lower_rems,
    [IR_REMU] = lower_remu,
    [IR_CLZ] = lower_clz,
    [IR_BSWAP] = lower_bswap,
    [IR_ZEXT] = lower_zext,
    [IR_SEXT] = lower_sext,
    [IR_TRUNC] = lower_trunc,
    [IR_SEXT8] = lower_sext8,
    [IR_SEXT16] = lower_sext16,
    [IR_ZEXT8] = lower_zext8,
    [IR_ZEXT16] = lower_zext16,
    [IR_EXTRACT] = lower_extract,
    [IR_DEPOSIT] = lower_deposit,
    [IR_SETCOND] = lower_setcond,
    [IR_SELECT] = lower_select,
    [IR_LOAD] = be_lower_load,
    [IR_STORE] = be_lower_store,
    [IR_CALL] = be_lower_call_fp,
    [IR_EXIT] = be_lower_exit,
    [IR_EXIT_IF] = be_lower_exit_if,
    [IR_EXIT_INDIRECT] = be_lower_exit_indirect,
    [IR_RAISE_IF] = be_lower_raise_if,
};

struct backend *backend_new(void)
{
    struct backend *be = calloc(1, sizeof(*be));
    if (!be) return NULL;
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) be->has_movbe = c & (1u << 22);
    if (__get_cpuid(0x80000001u, &a, &b, &c, &d)) be->has_lzcnt = c & (1u << 5); /* ABM: lzcnt */
    /* BMI2 (leaf 7 EBX bit 8): VEX-encoded integer ops, no OS (XSAVE) support needed. */
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) be->has_bmi2 = b & (1u << 8);
    be->use_movbe = be->has_movbe;
    be->use_lzcnt = be->has_lzcnt;
    be->use_bmi2 = be->has_bmi2;
    return be;
}

void backend_free(struct backend *be)
{
    if (!be) return;
    ra_release(&be->ra);
    free(be->stubs);
    free(be->faults);
    free(be);
}

void backend_set_features(struct backend *be, int use_movbe, int use_lzcnt)
{
    be->use_movbe = use_movbe && be->has_movbe;
    be->use_lzcnt = use_lzcnt && be->has_lzcnt;
}

void backend_set_bmi2(struct backend *be, int use_bmi2)
{
    be->use_bmi2 = use_bmi2 && be->has_bmi2;
}

static unsigned count_direct_exits(const struct ir_block *b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        n += b->insns[i].op == IR_EXIT || b->insns[i].op == IR_EXIT_IF;
    return n;
}

unsigned backend_count_exits(const struct ir_block *b)
{
    unsigned n = count_direct_exits(b), ind = 0;
    for (unsigned i = 0; i < b->ninsns; i++)
        ind += b->insns[i].op == IR_EXIT_INDIRECT;
    /* inline caches take what direct exits leave (backend_exit.c) */
    return n >= BACKEND_MAX_EXITS ? n : n + ind < BACKEND_MAX_EXITS ? n + ind : BACKEND_MAX_EXITS;
}

/* Notes that a host fault in the access of stub s goes to offset `at`. */
static void add_fault(struct emit_ctx *c, const struct stub *s, size_t at)
{
    struct backend *be = c->be;
    if (be->nfaults == be->faults_cap) {
        unsigned ncap = be->faults_cap ? be->faults_cap * 2 : 64;
        struct backend_fault *p = realloc(be->faults, ncap * sizeof(*p));
        if (!p) {
            c->unsupported = true;
            return;
        }
        be->faults = p;
        be->faults_cap = ncap;
    }
    be->faults[be->nfaults++] =
        (struct backend_fault){(uint32_t)s->fault_at, (uint32_t)s->resume, (uint32_t)at};
}

/* Lays the cold stubs out after the body, pointing each body branch at its stub. */
static void emit_stubs(struct emit_ctx *c)
{
    for (unsigned i = 0; i < c->be->nstubs && !c->unsupported; i++) {
        const struct stub *s = &c->be->stubs[i];
        if (s->branch_at != STUB_NO_BRANCH)
            x86_patch_rel32(&c->buf, s->branch_at, x86_buf_offset(&c->buf));
        if ((s->kind == STUB_LOAD || s->kind == STUB_STORE) && s->fault_at != STUB_NO_BRANCH) {
            size_t at = be_emit_slow_site(c, s);
            if (at != STUB_NO_BRANCH) {
                add_fault(c, s, at);
                continue;
            }
        }
        if (s->fault_at != STUB_NO_BRANCH) add_fault(c, s, x86_buf_offset(&c->buf));
        if (s->kind == STUB_LOAD || s->kind == STUB_STORE)
            be_emit_mem_stub(c, s);
        else if (s->kind == STUB_FPU)
            be_emit_fpu_stub(c, s);
        else
            be_emit_exit_stub(c, s);
    }
}

static bool block_shape_ok(const struct ir_block *b, const struct ir_target *t,
                           const struct backend_entry *entry)
{
#ifndef NDEBUG
    if (ir_verify(b, NULL)) return false; /* release builds trust the lifter and passes */
#endif
    /* Even then a block must end in an exit, or the code would run off its end. */
    unsigned last = b->ninsns;
    while (last > 0 && b->insns[last - 1].op == IR_NOP)
        last--;
    if (last == 0) return false;
    const struct ir_insn *end = &b->insns[last - 1];
    if (end->op != IR_EXIT && end->op != IR_EXIT_INDIRECT &&
        !(end->op == IR_CALL && end->helper && (end->helper->call_flags & IR_CALL_ENDS_BLOCK)))
        return false;
    return !b->oom && b->nvals < RA_SCRATCH && b->ninsns < 0xfff0u &&
           entry->flat_base == t->flat_base &&
           count_direct_exits(b) <= BACKEND_MAX_EXITS && t->softtlb_bits <= 20 &&
           t->jcache_bits <= 24 && t->jcache_bits != 1; /* two-way: 2 sets at least */
}

static int lower_body(struct emit_ctx *c)
{
    for (unsigned i = 0; i < c->b->ninsns; i++) {
        const struct ir_insn *in = &c->b->insns[i];
        ra_begin(c->ra, i);
        if (c->done_at != i + 1) lowerings[in->op](c, in); /* else an earlier op made it */
        ra_end(c->ra);
        if (c->ra->failed || c->unsupported) return BACKEND_UNSUPPORTED;
        if (c->buf.overflow) return BACKEND_NO_SPACE;
    }
    return 0;
}

int backend_emit_block(struct backend *be, const struct ir_block *b, const struct ir_target *t,
                       const struct backend_entry *entry, const uint64_t *exit_tokens, uint8_t *rw,
                       uint8_t *rx, size_t cap, struct backend_block *out)
{
    if (!block_shape_ok(b, t, entry)) return BACKEND_UNSUPPORTED;
    struct emit_ctx c = {.be = be,
                         .ra = &be->ra,
                         .b = b,
                         .t = t,
                         .entry = entry,
                         .tokens = exit_tokens,
                         .rx = rx,
                         .out = out};
    x86_buf_init(&c.buf, rw, cap);
    if (!ra_init(&be->ra, b, &c.buf, t->flat_base != NULL)) return BACKEND_UNSUPPORTED;
    be->nstubs = 0;
    be->nfaults = 0;
    out->nexits = 0;
    out->size = 0;
    out->faults = NULL;
    out->nfaults = 0;
    be_emit_entry_check(&c);
    be_fpu_begin_block(&c);
    be_begin_self_loop(&c);
    int r = lower_body(&c);
    if (r) return r;
    emit_stubs(&c);
    if (c.unsupported || c.buf.invalid || c.ra->failed) return BACKEND_UNSUPPORTED;
    if (c.buf.overflow) return BACKEND_NO_SPACE;
    out->size = x86_buf_offset(&c.buf);
    out->faults = be->faults;
    out->nfaults = be->nfaults;
    return (int)out->size;
}

void backend_disasm(FILE *out, const uint8_t *code, size_t size, uint64_t addr)
{
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) return;
    cs_insn *insn;
    size_t n = cs_disasm(cs, code, size, addr, 0, &insn);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  0x%" PRIx64 ":  %s %s\n", insn[i].address, insn[i].mnemonic,
                insn[i].op_str);
    if (n) cs_free(insn, n);
    cs_close(&cs);
}
