/* translator/x86/backend_fpu.c — IR_CALLs that carry an inline FP form
 * (translator/ir.h struct ir_fp_inline): the IEEE operation runs inline in SSE,
 * and the helper is called out of line only when the inline result might not
 * be exactly the helper's. Other calls go to be_lower_call.
 *
 * Rounding operations (ADD .. NMSUB, CVT.S), with t a scratch register:
 *     mov t, [status] ; guest MXCSR = host with RC = the status' mode, flags clear
 *     test t, FLUSH|ENABLES ; jnz slow                      flush, traps: the helper
 *     ldmxcsr guest
 *     load operands ; op ; stmxcsr ; restore the host MXCSR
 *     ucomis x0, x0 ; jp slow                               a NaN: default-NaN rules
 *     test mxcsr, IE|ZE|OE|UE ; jnz slow                    any exception but Inexact
 *     cause = PE ? Inexact : 0 ; flags |= cause ; store the result
 * Denormal-operand (DE) is ignored: the helpers compute denormals as the host
 * does without flushing (frontend/fpu.c). A legacy-MIPS QNaN is an x86 SNaN and
 * a MIPS SNaN an x86 QNaN, but any NaN operand gives a NaN result on x86, so
 * the one ucomis catches both. Compares (CMP) need no MXCSR: ordered operands
 * raise nothing, so cause = 0 and the condition bit comes from ucomis flags;
 * unordered operands (NaN) take the helper. CVT.D from S or W is exact; TRUNC.W
 * checks cvtt's out-of-range marker and converts back to see Inexact.
 *
 * A run of such operations with only register work between them (no call,
 * no memory access, no exit, no write of the status word) keeps the guest
 * MXCSR loaded from one to the next: the first loads the guest MXCSR (kept
 * at [rsp+ARG0+4], flags clear), each op still checks the status, reloads
 * the MXCSR only when it raised Inexact, and the last restores the host's. That
 * halves the ldmxcsr count of straight-line FP code (about 0.1 s of 0.75 s
 * on bench/fp.c).
 *
 * On hosts with FMA3 the rounding operations take the MXCSR-free forms
 * instead (lower_fast, below): with RM = nearest, no Enables and FS = 0 the
 * host's own MXCSR serves, and exactness comes from the result, an FMA
 * residual or a TwoSum error, so no ldmxcsr/stmxcsr runs at all (about 1.3 ns
 * an op against 4.9 on the build host). Results (and the operands the fast
 * forms, compares and conversions load) stay in xmm8..15 for the next ops of
 * the block (write-through, see struct be_fp_cache), so an accumulator is not
 * reloaded from cpu->fpr.
 *
 * The slow path (a STUB_FPU after the block) writes dirty globals back, saves
 * live caller-saved registers, calls the helper with the call's constant
 * arguments, and either raises or restores and resumes after the fast path.
 * It loads the host MXCSR first (and the guest's again before resuming into a
 * run), so helpers and C code never see the guest's rounding mode; at every
 * exit of a block the host MXCSR is loaded. Measured on the build host (AMD EPYC):
 * ldmxcsr + op + stmxcsr + ldmxcsr costs about 5 ns, a few times less than the
 * helper call it replaces.
 */
#include "translator/x86/backend_int.h"

#include <stdlib.h>
#include <xmmintrin.h>

#define MXCSR_FLAGS 0x3fu
#define MXCSR_RC_SHIFT 13
#define MXCSR_PE 0x20u
#define MXCSR_TRAPS 0x1du /* IE, ZE, OE, UE (DE, bit 1, ignored) */
#define STATUS_CAUSE_MASK (0x3fu << IR_FP_STATUS_CAUSE_SHIFT)
#define STATUS_SLOW (IR_FP_STATUS_FLUSH | 0x1fu << IR_FP_STATUS_ENABLES_SHIFT)
#define XMM_A 0
#define XMM_B 1
#define XMM_C 2
#define XMM_T 3

static enum x86_fp fp_of(const struct ir_fp_inline *d)
{
    return d->f64 ? X86_FP_D : X86_FP_S;
}

static struct x86_mem slot(const struct ir_fp_inline *d, unsigned r)
{
    return x86_mem_base(RA_CPU, (int32_t)d->file + 8 * (int32_t)(r & 31));
}

static struct x86_mem status(const struct ir_fp_inline *d)
{
    return x86_mem_base(RA_CPU, d->status);
}

/* x = the single (wide false) or double in register r. */
static void load_fp(struct emit_ctx *c, const struct ir_fp_inline *d, bool wide, x86_xmm x,
                    unsigned r)
{
    if (!d->split || !wide) {
        x86_emit_movs_xm(&c->buf, wide ? X86_FP_D : X86_FP_S, x, slot(d, r));
        return;
    }
    x86_emit_movs_xm(&c->buf, X86_FP_S, x, slot(d, r & ~1u));
    x86_emit_movs_xm(&c->buf, X86_FP_S, XMM_T, slot(d, r | 1u));
    x86_emit_unpcklps_xx(&c->buf, x, XMM_T);
}

/* Register r = the single or double in x (x is clobbered); a single keeps
 * bits 63..32 of its slot. */
static void store_fp(struct emit_ctx *c, const struct ir_fp_inline *d, bool wide, unsigned r,
                     x86_xmm x)
{
    if (!d->split || !wide) {
        x86_emit_movs_mx(&c->buf, wide ? X86_FP_D : X86_FP_S, slot(d, r), x);
        return;
    }
    x86_emit_movs_mx(&c->buf, X86_FP_S, slot(d, r & ~1u), x);
    x86_emit_psrlq_xi(&c->buf, x, 32);
    x86_emit_movs_mx(&c->buf, X86_FP_S, slot(d, r | 1u), x);
}

static void load_value(struct emit_ctx *c, const struct ir_fp_inline *d, x86_xmm x, unsigned r)
{
    load_fp(c, d, d->f64, x, r);
}

/* ---- FPRs kept in xmm8..15 (struct be_fp_cache, write-through) ----
 * Every inline op still stores its result, so cpu->fpr is always current and
 * nothing is written back; an entry only saves reloading an operand. Entries
 * end where memory may change behind them or xmm registers may be clobbered:
 * an IR_SET of an FPR global (that FPR), any other call, load or store (their
 * slow paths run C code and resume) and a write by another FP op (its
 * destination). Exits and raises leave the block and need nothing; a self
 * loop's head is the block's start, where the cache is empty. A helper stub
 * reloads the entries live at its resume point from memory. */
enum { FPC_S = 1, FPC_D, FPC_PAIR }; /* a single, a 64-bit double, an FR = 0 pair */
#define XMM_CACHE 8

static unsigned form_of(const struct ir_fp_inline *d, bool wide)
{
    return !wide ? FPC_S : d->split ? FPC_PAIR : FPC_D;
}

/* The FPR slots (bit per slot) a value of form in register r occupies. */
static uint32_t slots_of(unsigned form, unsigned r)
{
    return form == FPC_PAIR ? 3u << (r & 30) : 1u << (r & 31);
}

/* Ends the entries that overlap slots. */
static void cache_forget(struct emit_ctx *c, uint32_t slots)
{
    struct be_fp_cache *fc = &c->fpc;
    for (unsigned k = 0; k < 8; k++)
        if ((fc->live >> k & 1) && (slots_of(fc->form[k], fc->slot[k]) & slots))
            fc->live &= (uint8_t) ~(1u << k);
}

/* The FPR slots a write of size bytes at CPU offset off touches. */
static uint32_t slots_written(const struct be_fp_cache *fc, unsigned off, unsigned size)
{
    uint32_t m = 0;
    for (unsigned r = 0; r < 32; r++) {
        unsigned lo = fc->file + 8 * r;
        if (off < lo + 8 && lo < off + size) m |= 1u << r;
    }
    return m;
}

/* True when op in keeps xmm registers and cpu->fpr (but for its IR_SETs). */
static bool keeps_cache(const struct ir_insn *in)
{
    if (in->op == IR_CALL || in->op == IR_LOAD || in->op == IR_STORE) return false;
    return !ir_op_can_leave(in) || in->op == IR_EXIT_IF || in->op == IR_RAISE_IF;
}

/* Brings the cache up to the current op, an inline FP op of file `file`
 * (0: a call of any other kind, which ends every entry). */
static void cache_sync(struct emit_ctx *c, unsigned file)
{
    struct be_fp_cache *fc = &c->fpc;
    unsigned i = c->ra->cur;
    for (unsigned j = fc->insn + 1; j < i && fc->live; j++) {
        const struct ir_insn *in = &c->b->insns[j];
        if (!keeps_cache(in)) {
            fc->live = 0;
        } else if (in->op == IR_SET) {
            const struct ir_value *g = &c->b->vals[in->a];
            cache_forget(c, slots_written(fc, g->global_offset, g->type == IR_I64 ? 8 : 4));
        }
    }
    if (file != fc->file) fc->live = 0;
    fc->file = (uint16_t)file;
    fc->insn = i;
    fc->pinned = 0;
}

static int cache_find(const struct emit_ctx *c, unsigned form, unsigned r)
{
    const struct be_fp_cache *fc = &c->fpc;
    for (unsigned k = 0; k < 8; k++)
        if ((fc->live >> k & 1) && fc->form[k] == form && fc->slot[k] == r) return (int)k;
    return -1;
}

/* A free entry, else one the current op does not read (round robin); -1
 * when there is none. */
static int cache_victim(struct be_fp_cache *fc)
{
    for (unsigned k = 0; k < 8; k++)
        if (!((fc->live | fc->pinned) >> k & 1)) return (int)k;
    for (unsigned n = 0; n < 8; n++) {
        unsigned k = fc->next++ & 7u;
        if (!(fc->pinned >> k & 1)) return (int)k;
    }
    return -1;
}

/* Keeps x (register r as form) in a cache register from here on. */
static void cache_put(struct emit_ctx *c, unsigned form, unsigned r, x86_xmm x)
{
    struct be_fp_cache *fc = &c->fpc;
    int k = cache_victim(fc);
    if (k < 0) return;
    x86_emit_movaps_xx(&c->buf, XMM_CACHE + k, x);
    fc->slot[k] = (uint8_t)r;
    fc->form[k] = (uint8_t)form;
    fc->live |= (uint8_t)(1u << k);
    fc->pinned |= (uint8_t)(1u << k);
}

/* The register holding register r (wide: as a double): its cache register,
 * or x after loading it (and keeping it). */
static x86_xmm operand(struct emit_ctx *c, const struct ir_fp_inline *d, bool wide, x86_xmm x,
                       unsigned r)
{
    unsigned form = form_of(d, wide), key = form == FPC_PAIR ? r & 30 : r & 31;
    int k = cache_find(c, form, key);
    if (k >= 0) {
        c->fpc.pinned |= (uint8_t)(1u << k);
        return XMM_CACHE + k;
    }
    load_fp(c, d, wide, x, r);
    cache_put(c, form, key, x);
    return x;
}

/* Register r = x (as store_fp; x is clobbered), keeping it cached. */
static void write_result(struct emit_ctx *c, const struct ir_fp_inline *d, bool wide, unsigned r,
                         x86_xmm x)
{
    unsigned form = form_of(d, wide), key = form == FPC_PAIR ? r & 30 : r & 31;
    cache_forget(c, slots_of(form, key));
    cache_put(c, form, key, x);
    store_fp(c, d, wide, r, x);
}

/* In a stub, after its helper: the cache registers live at its resume point
 * from memory again (the call clobbered them; the helper may have written). */
static void cache_reload(struct emit_ctx *c, const struct be_fp_cache *fc)
{
    for (unsigned k = 0; k < 8; k++) {
        if (!(fc->live >> k & 1)) continue;
        struct ir_fp_inline d = {.split = fc->form[k] == FPC_PAIR, .file = fc->file};
        load_fp(c, &d, fc->form[k] != FPC_S, XMM_CACHE + (x86_xmm)k, fc->slot[k]);
    }
}

/* Notes the cache of the resume point on stub st (when there is one). */
static void resume_here(struct emit_ctx *c, struct stub *st)
{
    if (!st) return;
    st->resume = x86_buf_offset(&c->buf);
    st->fpc = c->fpc;
}

/* True when every argument of the call is a constant (or absent): the stub
 * rematerialises them as immediates. */
static bool args_constant(const struct emit_ctx *c, const struct ir_insn *in)
{
    const ir_val_t args[3] = {in->a, in->b, in->c};
    for (int i = 0; i < 3; i++)
        if (args[i] != IR_NONE && c->b->vals[args[i]].kind != IR_VAL_CONST) return false;
    return true;
}

static uint64_t arg_value(const struct emit_ctx *c, ir_val_t v)
{
    return v == IR_NONE ? 0 : c->b->vals[v].constant;
}

/* The FP stub of this op, reached first from the body branch at rel32 field at. */
static struct stub *add_slow(struct emit_ctx *c, size_t at)
{
    return be_add_stub(c, STUB_FPU, at);
}

/* Another body branch (jcc cc) to stub s. */
static void also_to(struct emit_ctx *c, struct stub *s, enum x86_cond cc)
{
    size_t at = x86_emit_jcc_rel32(&c->buf, cc, 0);
    if (!s) return;
    if (s->nalso < BE_STUB_ALSO)
        s->also_at[s->nalso++] = at;
    else
        c->unsupported = true;
}

#define GUEST_MXCSR (RA_FRAME_ARG0 + 4) /* the guest MXCSR of a run, flags clear */

/* True when d rounds (ADD .. NMSUB, CVT.S). */
static bool rounds(const struct ir_fp_inline *d)
{
    return (d->kind >= IR_FP_ADD && d->kind <= IR_FP_NMSUB) || d->kind == IR_FP_CVT_S;
}

/* True when rounding ops run without MXCSR, their exactness checked by FMA:
 * the host must have FMA3 (with AVX state enabled by the OS, which
 * __builtin_cpu_supports checks), and TERN_FPU_FAST=0 turns it off. */
static bool fast_mode(struct emit_ctx *c)
{
    if (c->be->fpu_fast == 0) {
        const char *env = getenv("TERN_FPU_FAST");
        bool off = env && env[0] == '0';
        __builtin_cpu_init();
        bool host = __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx");
        c->be->fpu_fast = host && !off ? 1 : -1;
    }
    return c->be->fpu_fast > 0;
}

void backend_set_fpu_fast(struct backend *be, int on)
{
    be->fpu_fast = on ? 0 : -1; /* 0: decided again from the host and environment */
}

/* True when d needs the guest MXCSR (a rounding operation of the MXCSR mode). */
static bool uses_mxcsr(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    return rounds(d) && !fast_mode(c);
}

static bool inline_ok(const struct emit_ctx *c, const struct ir_insn *in,
                      const struct ir_fp_inline *d);

/* Op i as an inline rounding operation on status word `status`. */
static bool is_mxcsr_op(struct emit_ctx *c, unsigned i, unsigned status)
{
    const struct ir_insn *in = &c->b->insns[i];
    if (in->op != IR_CALL) return false;
    struct ir_fp_inline d = ir_fp_inline_unpack(in->imm);
    return inline_ok(c, in, &d) && uses_mxcsr(c, &d) && d.status == status;
}

/* True when op i can run with the guest MXCSR loaded: no call, no exit or
 * fault path (they run C code), no write of the status word. */
static bool keeps_mxcsr(const struct emit_ctx *c, unsigned i, unsigned status)
{
    const struct ir_insn *in = &c->b->insns[i];
    if (in->op == IR_CALL || ir_op_can_leave(in)) return false;
    if (in->op != IR_SET) return true;
    unsigned off = c->b->vals[in->a].global_offset;
    unsigned size = c->b->vals[in->a].type == IR_I64 ? 8 : 4;
    return off + size <= status || off >= status + 4;
}

/* The inline rounding op a run continues with after op i (dir +1) or came
 * from before it (dir -1): true when there is one. */
static bool run_neighbour(struct emit_ctx *c, unsigned i, int dir, unsigned status)
{
    for (unsigned j = i + (unsigned)dir; j < c->b->ninsns; j += (unsigned)dir) {
        if (is_mxcsr_op(c, j, status)) return true;
        if (!keeps_mxcsr(c, j, status)) return false;
    }
    return false;
}

/* The host MXCSR as the block runs it (flags clear): every helper expects it. */
static uint32_t host_mxcsr(void)
{
    return _mm_getcsr() & ~MXCSR_FLAGS;
}

/* [rsp+GUEST_MXCSR] = the guest MXCSR for status word t: host with RC from
 * RM (nearest 0 -> 0, zero 1 -> 3, up 2 -> 2, down 3 -> 1: RC = -RM & 3) and
 * flags clear; s is scratch. */
static void guest_mxcsr_value(struct emit_ctx *c, enum x86_gpr s, enum x86_gpr t)
{
    struct x86_buf *b = &c->buf;
    uint32_t base = host_mxcsr() & ~(3u << MXCSR_RC_SHIFT);
    x86_emit_mov_rr(b, X86_W32, s, t);
    x86_emit_unop(b, X86_NEG, X86_W32, s);
    x86_emit_alu_ri(b, X86_AND, X86_W32, s, 3);
    x86_emit_shift_ri(b, X86_SHL, X86_W32, s, MXCSR_RC_SHIFT);
    x86_emit_alu_ri(b, X86_OR, X86_W32, s, (int32_t)base);
    x86_emit_mov_mr(b, X86_W32, x86_mem_base(X86_RSP, GUEST_MXCSR), s);
}

/* MXCSR = the host's. */
static void restore_host_mxcsr(struct emit_ctx *c)
{
    struct x86_buf *b = &c->buf;
    x86_emit_mov_mi(b, X86_W32, x86_mem_base(X86_RSP, RA_FRAME_ARG1), (int32_t)host_mxcsr());
    x86_emit_ldmxcsr(b, x86_mem_base(X86_RSP, RA_FRAME_ARG1));
}

/* [rsp+ARG0] = the MXCSR the op left; MXCSR = the host's again unless the
 * run goes on. */
static void leave_guest_mxcsr(struct emit_ctx *c, bool run_goes_on)
{
    x86_emit_stmxcsr(&c->buf, x86_mem_base(X86_RSP, RA_FRAME_ARG0));
    if (!run_goes_on) restore_host_mxcsr(c);
}

/* x0 = op(x0, x1[, x2]) as the status' rounding mode says. */
static void emit_arith_op(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    static const uint8_t sse[IR_FP_KIND_COUNT] = {
        [IR_FP_ADD] = X86_SSE_ADD,  [IR_FP_SUB] = X86_SSE_SUB,   [IR_FP_MUL] = X86_SSE_MUL,
        [IR_FP_DIV] = X86_SSE_DIV,  [IR_FP_SQRT] = X86_SSE_SQRT, [IR_FP_MADD] = X86_SSE_ADD,
        [IR_FP_MSUB] = X86_SSE_SUB, [IR_FP_NMADD] = X86_SSE_ADD, [IR_FP_NMSUB] = X86_SSE_SUB,
    };
    struct x86_buf *b = &c->buf;
    enum x86_fp fp = fp_of(d);
    enum x86_sse_op op = (enum x86_sse_op)sse[d->kind];
    if (d->kind == IR_FP_CVT_S) {
        x86_emit_cvts2s(b, X86_FP_D, XMM_A, XMM_A);
    } else if (d->kind == IR_FP_SQRT) {
        x86_emit_sse_xx(b, op, fp, XMM_A, XMM_A);
    } else if (d->kind < IR_FP_MADD) {
        x86_emit_sse_xx(b, op, fp, XMM_A, XMM_B);
    } else {
        /* Pre-R6 multiply-add: the product is rounded (frontend/fpu.c fpu_madd_d). */
        x86_emit_sse_xx(b, X86_SSE_MUL, fp, XMM_A, XMM_B);
        x86_emit_sse_xx(b, op, fp, XMM_A, XMM_C);
    }
}

/* x = -x for the N forms of the multiply-adds (after rounding); s scratch. */
static void negate_if_n(struct emit_ctx *c, const struct ir_fp_inline *d, x86_xmm x, enum x86_gpr s)
{
    struct x86_buf *b = &c->buf;
    if (d->kind != IR_FP_NMADD && d->kind != IR_FP_NMSUB) return;
    enum x86_width w = d->f64 ? X86_W64 : X86_W32;
    x86_emit_movd_rx(b, w, s, x);
    x86_emit_shift_ri(b, X86_ROL, w, s, 1);
    x86_emit_alu_ri(b, X86_XOR, w, s, 1);
    x86_emit_shift_ri(b, X86_ROR, w, s, 1);
    x86_emit_movd_xr(b, w, x, s);
}

/* The register set_status works in: the block's status register, else a
 * scratch one, taken (like every register an op uses) before its first
 * branch to the slow path. */
static enum x86_gpr status_reg(struct emit_ctx *c)
{
    return c->status_reg >= 0 ? (enum x86_gpr)c->status_reg : (enum x86_gpr)ra_scratch(c->ra);
}

/* status = (status & keep) | bits (bits < 0: none), as one load and one
 * store: mov v, [status] ; and v, keep ; or v, bits ; mov [status], v.
 * Two read-modify-writes of the word (and, then or) chained the FP ops of a
 * block through two store-forwarding round trips each: bench/fp.c 0.19 ->
 * 0.155 s. (Storing only when the word changes was slower still, 0.28 s:
 * the branch mispredicts where exact and inexact ops alternate.) With a
 * status register (be_fpu_begin_block) the word comes from it, not memory,
 * once an op of the block loaded it: and, or and the write-through store,
 * the chain two ALU ops long (bench/fp.c 0.155 -> 0.13 s). */
static void set_status(struct emit_ctx *c, const struct ir_fp_inline *d, uint32_t keep, int bits,
                       enum x86_gpr v)
{
    struct x86_buf *b = &c->buf;
    if (c->status_reg < 0 || !c->status_live) x86_emit_mov_rm(b, X86_W32, v, status(d));
    x86_emit_alu_ri(b, X86_AND, X86_W32, v, (int32_t)keep);
    if (bits >= 0) x86_emit_alu_rr(b, X86_OR, X86_W32, v, (enum x86_gpr)bits);
    x86_emit_mov_mr(b, X86_W32, status(d), v);
    c->status_live = c->status_reg >= 0;
}

/* ---- the status word in a register ----
 * A block with two or more inline FP ops keeps the word in a callee-saved
 * register taken from the allocator: C calls (helpers, memory slow paths)
 * keep it, and memory stays current (write-through), so it is only stale
 * after something else wrote the word: a helper call (any IR_CALL this file
 * does not run inline; the FP stubs reload it before they resume) or an
 * IR_SET of the word. Guest loads and stores leave it alone. */
#define STATUS_REG X86_R14

void be_fpu_begin_block(struct emit_ctx *c)
{
    c->status_reg = -1;
    c->status_live = false;
    c->status_seen = 0;
    if (!fast_mode(c) || !(c->ra->allocatable & (1u << STATUS_REG))) return;
    unsigned n = 0;
    for (unsigned i = 0; i < c->b->ninsns && n < 2; i++) {
        const struct ir_insn *in = &c->b->insns[i];
        n += in->op == IR_CALL && in->imm && ir_fp_inline_unpack(in->imm).kind != IR_FP_NONE;
    }
    if (n < 2) return;
    c->ra->allocatable &= (uint16_t) ~(1u << STATUS_REG);
    c->status_reg = (int8_t)STATUS_REG;
}

/* Brings status_live up to the current op, an IR_CALL: one that is not
 * inline (ok false) writes the word in its helper; before it, every call
 * came here too, so only an IR_SET of the word can have changed it. */
static void status_sync(struct emit_ctx *c, bool ok, unsigned status)
{
    unsigned i = c->ra->cur;
    for (unsigned j = c->status_seen + 1; j < i && c->status_live; j++) {
        const struct ir_insn *in = &c->b->insns[j];
        if (in->op == IR_SET) {
            const struct ir_value *g = &c->b->vals[in->a];
            unsigned size = g->type == IR_I64 ? 8 : 4;
            if (g->global_offset < status + 4 && status < g->global_offset + size)
                c->status_live = false;
        }
    }
    c->status_seen = i;
    if (!ok) c->status_live = false;
}

/* cause = Inexact * s (s is 0 or 1), flags |= cause. */
static void commit_bit(struct emit_ctx *c, const struct ir_fp_inline *d, enum x86_gpr s,
                       enum x86_gpr r)
{
    const uint32_t inexact = 1u << IR_FP_STATUS_CAUSE_SHIFT | 1u << IR_FP_STATUS_FLAGS_SHIFT;
    x86_emit_imul_rri(&c->buf, X86_W32, s, s, (int32_t)inexact);
    set_status(c, d, ~STATUS_CAUSE_MASK, s, r);
}

/* cause = Inexact when the op raised PE (s = the MXCSR it left), else 0. */
static void commit_inexact(struct emit_ctx *c, const struct ir_fp_inline *d, enum x86_gpr s,
                           enum x86_gpr r)
{
    x86_emit_shift_ri(&c->buf, X86_SHR, X86_W32, s, 5); /* PE is bit 5; others are 0 here */
    commit_bit(c, d, s, r);
}

static void lower_arith(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    struct x86_buf *b = &c->buf;
    unsigned i = c->ra->cur;
    bool run_in = run_neighbour(c, i, -1, d->status), run_out = run_neighbour(c, i, 1, d->status);
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr t = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr r = status_reg(c);
    x86_emit_mov_rm(b, X86_W32, t, status(d));
    /* The guest MXCSR is written before the first branch: a slow path that
     * resumes into the run reloads it. */
    if (!run_in) guest_mxcsr_value(c, s, t);
    x86_emit_test_ri(b, X86_W32, t, (int32_t)STATUS_SLOW);
    struct stub *st = add_slow(c, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    if (!run_in) x86_emit_ldmxcsr(b, x86_mem_base(X86_RSP, GUEST_MXCSR));
    bool to_single = d->kind == IR_FP_CVT_S;
    if (to_single && d->from_int) x86_emit_mov_rm(b, X86_W32, s, slot(d, d->src1));
    if (to_single && d->from_int) {
        x86_emit_cvtsi2s(b, X86_FP_S, X86_W32, XMM_A, s);
    } else {
        load_value(c, d, XMM_A, d->src1);
        if (d->kind != IR_FP_SQRT && !to_single) load_value(c, d, XMM_B, d->src2);
        if (d->kind >= IR_FP_MADD && !to_single) load_value(c, d, XMM_C, d->src3);
        emit_arith_op(c, d);
    }
    leave_guest_mxcsr(c, run_out);
    enum x86_fp result = to_single ? X86_FP_S : fp_of(d);
    x86_emit_ucomis_xx(b, result, XMM_A, XMM_A);
    also_to(c, st, X86_CC_P);
    if (st) st->guest_mxcsr = run_out;
    x86_emit_mov_rm(b, X86_W32, s, x86_mem_base(X86_RSP, RA_FRAME_ARG0));
    x86_emit_test_ri(b, X86_W32, s, MXCSR_TRAPS);
    also_to(c, st, X86_CC_NE);
    x86_emit_alu_ri(b, X86_AND, X86_W32, s, MXCSR_PE);
    if (run_out) { /* clear the sticky PE for the next op of the run */
        size_t exact = x86_emit_jcc_rel8(b, X86_CC_E, 0);
        x86_emit_ldmxcsr(b, x86_mem_base(X86_RSP, GUEST_MXCSR));
        x86_patch_rel8(b, exact, x86_buf_offset(b));
    }
    commit_inexact(c, d, s, r);
    negate_if_n(c, d, XMM_A, s);
    write_result(c, d, to_single ? false : d->f64, d->dst, XMM_A);
    resume_here(c, st);
}

/* The ucomis condition that is the ordered predicate cond (bit 1 equal, bit 2
 * less); X86_CC_O (never set by ucomis) when the predicate is false. */
static enum x86_cond compare_cc(unsigned cond)
{
    static const uint8_t cc[4] = {X86_CC_O, X86_CC_E, X86_CC_B, X86_CC_BE};
    return (enum x86_cond)cc[(cond >> 1) & 3];
}

static void lower_compare(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    struct x86_buf *b = &c->buf;
    unsigned bit = d->dst ? 24u + (d->dst & 7) : IR_FP_STATUS_COND0;
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr r = status_reg(c);
    x86_xmm x = operand(c, d, d->f64, XMM_A, d->src1), y = operand(c, d, d->f64, XMM_B, d->src2);
    x86_emit_alu_rr(b, X86_XOR, X86_W32, s, s); /* before ucomis: xor sets flags */
    x86_emit_ucomis_xx(b, fp_of(d), x, y);
    struct stub *st = add_slow(c, x86_emit_jcc_rel32(b, X86_CC_P, 0));
    x86_emit_setcc(b, compare_cc(d->cond), s);
    if (bit) x86_emit_shift_ri(b, X86_SHL, X86_W32, s, (uint8_t)bit);
    set_status(c, d, ~(STATUS_CAUSE_MASK | 1u << bit), s, r);
    resume_here(c, st);
}

/* cause = (the flags' zero flag clear) ? Inexact : 0; flags |= cause, with
 * t a scratch register zeroed before the flags were set. */
static void commit_if_ne(struct emit_ctx *c, const struct ir_fp_inline *d, enum x86_gpr t,
                         enum x86_gpr r)
{
    x86_emit_setcc(&c->buf, X86_CC_NE, t);
    commit_bit(c, d, t, r);
}

/* TRUNC.W: cvtt*2si gives 0x80000000 for NaN and out of range (the helper
 * gives 0x7fffffff and Invalid; -2^31 itself goes there too, harmlessly);
 * the value is inexact when converting it back does not compare equal (a
 * truncated float or double below 2^31 converts back exactly). */
static void lower_trunc(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    struct x86_buf *b = &c->buf;
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr t = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr r = status_reg(c);
    /* An enabled Inexact traps: the helper decides (FS plays no part here). */
    x86_emit_mov_rm(b, X86_W32, t, status(d));
    x86_emit_test_ri(b, X86_W32, t, (int32_t)(0x1fu << IR_FP_STATUS_ENABLES_SHIFT));
    struct stub *st = add_slow(c, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    x86_xmm x = operand(c, d, d->f64, XMM_A, d->src1);
    x86_emit_cvts2si(b, fp_of(d), X86_W32, s, x, true);
    x86_emit_alu_ri(b, X86_CMP, X86_W32, s, INT32_MIN);
    also_to(c, st, X86_CC_E);
    x86_emit_alu_rr(b, X86_XOR, X86_W32, t, t);
    x86_emit_cvtsi2s(b, fp_of(d), X86_W32, XMM_B, s);
    x86_emit_ucomis_xx(b, fp_of(d), x, XMM_B);
    commit_if_ne(c, d, t, r);
    x86_emit_mov_mr(b, X86_W32, slot(d, d->dst), s);
    cache_forget(c, slots_of(FPC_S, d->dst));
    resume_here(c, st);
}

/* CVT.D from a single or an integer: always exact, so no exception and no
 * rounding; a NaN single takes the helper (default NaN, Invalid for SNaN). */
static void lower_to_double(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    struct x86_buf *b = &c->buf;
    struct stub *st = NULL;
    enum x86_gpr r = status_reg(c);
    if (d->from_int) {
        enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
        x86_emit_mov_rm(b, X86_W32, s, slot(d, d->src1));
        x86_emit_cvtsi2s(b, X86_FP_D, X86_W32, XMM_A, s);
    } else {
        x86_xmm x = operand(c, d, false, XMM_B, d->src1);
        x86_emit_ucomis_xx(b, X86_FP_S, x, x);
        st = add_slow(c, x86_emit_jcc_rel32(b, X86_CC_P, 0));
        x86_emit_cvts2s(b, X86_FP_S, XMM_A, x);
    }
    set_status(c, d, ~STATUS_CAUSE_MASK, -1, r);
    write_result(c, d, true, d->dst, XMM_A);
    resume_here(c, st);
}

/* ---- the MXCSR-free forms (fast_mode) ----
 * With RM = nearest, no Enables and FS = 0 (one test of the status word), a
 * rounding op runs with the host's MXCSR (round to nearest, all masked) and
 * decides its exceptions from the result alone, so it never touches MXCSR:
 *  - a NaN or infinite result (or operand) goes to the helper: Invalid,
 *    Overflow, Divide-by-zero and the default NaN are the helper's business;
 *  - MUL, DIV, SQRT and the product of the multiply-adds also take the helper
 *    when the result (DIV: also the dividend) is below 2^(64 - 1023) (single:
 *    2^(32 - 127); SQRT 2^(540 - 1023) and 2^(80 - 127)), unless it is a zero
 *    product or quotient of a zero operand (exact, no flags): there Underflow may
 *    arise, and the residual a*b - r, q*b - a or r*r - a computed by one fused
 *    vfmsub231 is a multiple of a quantum that must not be below the smallest
 *    denormal to be exact (it is representable when e(a) + e(b) >= emin + p - 1,
 *    Boldo & Daumas; the margins above are wider than that);
 *  - then the result is Inexact exactly when the residual is not zero;
 *  - ADD/SUB: Knuth's TwoSum (6 ops, exact in round to nearest, immune to
 *    underflow) gives the rounding error t; a tiny sum is exact, so there is no
 *    underflow; s + t is not finite when s or t is not (an intermediate
 *    overflow reaches t as inf or NaN), so one exponent test on it sends
 *    every doubtful case (and, harmlessly, sums at the overflow edge) away;
 *  - CVT.S.D is Inexact when converting back differs; a result below 2^-125
 *    (tininess before or after rounding) or infinite takes the helper;
 *    CVT.S.W likewise, against the exact double of the integer.
 * Other rounding modes take the helper too: the ldmxcsr they would need costs
 * about what the helper saves, and guest code rarely leaves RN. */
#define XMM_R 4 /* the result */
#define XMM_E 5 /* the residual */
#define XMM_F 6
#define XMM_G 7

static enum x86_width fp_width(enum x86_fp fp)
{
    return fp == X86_FP_D ? X86_W64 : X86_W32;
}

/* The biased exponent of infinities and NaNs. */
static unsigned exp_max(enum x86_fp fp)
{
    return fp == X86_FP_D ? 0x7ff : 0xff;
}

/* The smallest biased exponent a MUL or DIV result (and a DIV dividend) may
 * have on the fast path; see above. */
static unsigned exp_low(enum x86_fp fp)
{
    return fp == X86_FP_D ? 64 : 32;
}

/* cmp (the biased exponent of x) - lo, exp_max - lo: B when lo <= the
 * exponent < exp_max (x finite and not below 2^(lo - bias)); s is scratch. */
static void exponent_compare(struct emit_ctx *c, enum x86_fp fp, x86_xmm x, enum x86_gpr s,
                             unsigned lo)
{
    struct x86_buf *b = &c->buf;
    enum x86_width w = fp_width(fp);
    x86_emit_movd_rx(b, w, s, x);
    x86_emit_shift_ri(b, X86_SHL, w, s, 1);
    x86_emit_shift_ri(b, X86_SHR, w, s, fp == X86_FP_D ? 53 : 24);
    if (lo) x86_emit_alu_ri(b, X86_SUB, X86_W32, s, (int32_t)lo);
    x86_emit_alu_ri(b, X86_CMP, X86_W32, s, (int32_t)(exp_max(fp) - lo));
}

/* Branches to st unless x is in range (exponent_compare). */
static void check_exponent(struct emit_ctx *c, struct stub *st, enum x86_fp fp, x86_xmm x,
                           enum x86_gpr s, unsigned lo)
{
    exponent_compare(c, fp, x, s, lo);
    also_to(c, st, X86_CC_AE);
}

/* ZF = (x is +-0); s is scratch. */
static void test_zero(struct emit_ctx *c, enum x86_fp fp, x86_xmm x, enum x86_gpr s)
{
    enum x86_width w = fp_width(fp);
    x86_emit_movd_rx(&c->buf, w, s, x);
    x86_emit_alu_rr(&c->buf, X86_ADD, w, s, s); /* the sign bit drops out */
}

/* s = a op b (op ADD or SUB) into S, its TwoSum error into T and s + t into
 * U; S, T, U distinct from a and b, which are kept. */
static void emit_two_sum(struct emit_ctx *c, enum x86_fp fp, bool sub, x86_xmm S, x86_xmm T,
                         x86_xmm U, x86_xmm a, x86_xmm b)
{
    struct x86_buf *bf = &c->buf;
    enum x86_sse_op op = sub ? X86_SSE_SUB : X86_SSE_ADD, inv = sub ? X86_SSE_ADD : X86_SSE_SUB;
    x86_emit_vsse_xxx(bf, op, fp, S, a, b);
    x86_emit_vsse_xxx(bf, X86_SSE_SUB, fp, T, S, a); /* b' = s - a (-b' for SUB) */
    x86_emit_vsse_xxx(bf, X86_SSE_SUB, fp, U, S, T); /* a' = s - b' */
    x86_emit_vsse_xxx(bf, X86_SSE_SUB, fp, U, a, U); /* da = a - a' */
    x86_emit_vsse_xxx(bf, inv, fp, T, b, T);         /* db = b - b' (SUB: -db) */
    x86_emit_vsse_xxx(bf, op, fp, T, U, T);          /* t = da + db */
    x86_emit_vsse_xxx(bf, X86_SSE_ADD, fp, U, S, T);
}


/* Emits the exponent test of check_exponent with its out-of-range case
 * inline: returns the rel8 field of the jump taken when x is in range. */
static size_t exponent_in_range(struct emit_ctx *c, enum x86_fp fp, x86_xmm x, enum x86_gpr s,
                                unsigned lo)
{
    exponent_compare(c, fp, x, s, lo);
    return x86_emit_jcc_rel8(&c->buf, X86_CC_B, 0);
}

/* x = a * b rounded, residual e = a * b - x; to st when x is out of range,
 * but for a zero product of a zero operand (exact, no exception: sqlite3
 * multiplies by 0.0 often), which a tiny x (Underflow) is not. */
static void emit_checked_mul(struct emit_ctx *c, struct stub *st, enum x86_fp fp, x86_xmm x,
                             x86_xmm e, x86_xmm a, x86_xmm b, enum x86_gpr s)
{
    struct x86_buf *bf = &c->buf;
    x86_emit_vsse_xxx(bf, X86_SSE_MUL, fp, x, a, b);
    size_t in_range = exponent_in_range(c, fp, x, s, exp_low(fp));
    test_zero(c, fp, x, s);
    also_to(c, st, X86_CC_NE);
    test_zero(c, fp, a, s);
    size_t a_zero = x86_emit_jcc_rel8(bf, X86_CC_E, 0);
    test_zero(c, fp, b, s);
    also_to(c, st, X86_CC_NE);
    x86_patch_rel8(bf, a_zero, x86_buf_offset(bf));
    x86_patch_rel8(bf, in_range, x86_buf_offset(bf));
    x86_emit_movaps_xx(bf, e, x);
    x86_emit_vfmsub231s(bf, fp, e, a, b);
}

/* The result of d (RN, no enables, FS clear) into *out, the flags of x86
 * compare/test set so that NE means Inexact, with t zeroed before them. */
static x86_xmm emit_fast_op(struct emit_ctx *c, const struct ir_fp_inline *d, struct stub *st,
                            const x86_xmm in[3], enum x86_gpr s, enum x86_gpr t, enum x86_gpr u)
{
    struct x86_buf *b = &c->buf;
    enum x86_fp fp = fp_of(d);
    const x86_xmm A = in[0], B = in[1], C = in[2];
    switch (d->kind) {
    case IR_FP_ADD:
    case IR_FP_SUB:
        emit_two_sum(c, fp, d->kind == IR_FP_SUB, XMM_R, XMM_E, XMM_F, A, B);
        check_exponent(c, st, fp, XMM_F, s, 0);
        x86_emit_alu_rr(b, X86_XOR, X86_W32, t, t);
        test_zero(c, fp, XMM_E, s);
        return XMM_R;
    case IR_FP_MUL:
        emit_checked_mul(c, st, fp, XMM_R, XMM_E, A, B, s);
        break;
    case IR_FP_DIV: { /* 0 / b (b not 0, else NaN) is exact too: a zero x of a zero a */
        x86_emit_vsse_xxx(b, X86_SSE_DIV, fp, XMM_R, A, B);
        size_t in_range = exponent_in_range(c, fp, XMM_R, s, exp_low(fp));
        test_zero(c, fp, XMM_R, s);
        also_to(c, st, X86_CC_NE);
        test_zero(c, fp, A, s);
        also_to(c, st, X86_CC_NE);
        x86_emit_movaps_xx(b, XMM_E, XMM_R); /* no residual (b may be infinite) */
        size_t zero = x86_emit_jmp_rel8(b, 0);
        x86_patch_rel8(b, in_range, x86_buf_offset(b));
        check_exponent(c, st, fp, A, s, exp_low(fp));
        x86_emit_movaps_xx(b, XMM_E, A);
        x86_emit_vfmsub231s(b, fp, XMM_E, XMM_R, B); /* q * b - a */
        x86_patch_rel8(b, zero, x86_buf_offset(b));
        break;
    }
    case IR_FP_SQRT:
        x86_emit_vsse_xxx(b, X86_SSE_SQRT, fp, XMM_R, A, A);
        check_exponent(c, st, fp, XMM_R, s, fp == X86_FP_D ? 540 : 80);
        x86_emit_movaps_xx(b, XMM_E, A);
        x86_emit_vfmsub231s(b, fp, XMM_E, XMM_R, XMM_R); /* r * r - a */
        break;
    case IR_FP_CVT_S: {
        x86_xmm exact = A; /* the source as a double */
        if (d->from_int) { /* exact in double: compare the single with that */
            x86_emit_mov_rm(b, X86_W32, s, slot(d, d->src1));
            x86_emit_cvtsi2s(b, X86_FP_S, X86_W32, XMM_R, s);
            x86_emit_cvtsi2s(b, X86_FP_D, X86_W32, XMM_F, s);
            exact = XMM_F;
        } else {
            x86_emit_cvts2s(b, X86_FP_D, XMM_R, A);
            check_exponent(c, st, X86_FP_S, XMM_R, s, 2);
        }
        x86_emit_cvts2s(b, X86_FP_S, XMM_E, XMM_R);
        x86_emit_alu_rr(b, X86_XOR, X86_W32, t, t);
        x86_emit_ucomis_xx(b, X86_FP_D, XMM_E, exact);
        return XMM_R;
    }
    default: /* the multiply-adds: product rounded, then the sum */
        emit_checked_mul(c, st, fp, XMM_R, XMM_E, A, B, s);
        emit_two_sum(c, fp, d->kind == IR_FP_MSUB || d->kind == IR_FP_NMSUB, XMM_G, XMM_F, XMM_T,
                     XMM_R, C);
        check_exponent(c, st, fp, XMM_T, s, 0);
        x86_emit_alu_rr(b, X86_XOR, X86_W32, t, t);
        test_zero(c, fp, XMM_E, s);
        test_zero(c, fp, XMM_F, u);
        x86_emit_alu_rr(b, X86_OR, fp_width(fp), s, u);
        return XMM_G;
    }
    x86_emit_alu_rr(b, X86_XOR, X86_W32, t, t);
    test_zero(c, fp, XMM_E, s);
    return XMM_R;
}

static void lower_fast(struct emit_ctx *c, const struct ir_fp_inline *d)
{
    struct x86_buf *b = &c->buf;
    enum x86_gpr s = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr t = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr u =
        d->kind >= IR_FP_MADD && d->kind <= IR_FP_NMSUB ? (enum x86_gpr)ra_scratch(c->ra) : s;
    enum x86_gpr rs = status_reg(c);
    if (c->status_reg >= 0 && c->status_live)
        x86_emit_test_ri(b, X86_W32, (enum x86_gpr)c->status_reg,
                         (int32_t)(STATUS_SLOW | IR_FP_STATUS_RM_MASK));
    else
        x86_emit_test_mi(b, X86_W32, status(d), (int32_t)(STATUS_SLOW | IR_FP_STATUS_RM_MASK));
    struct stub *st = add_slow(c, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    bool to_single = d->kind == IR_FP_CVT_S;
    x86_xmm in[3] = {XMM_A, XMM_B, XMM_C};
    if (!(to_single && d->from_int)) in[0] = operand(c, d, d->f64, XMM_A, d->src1);
    if (d->kind != IR_FP_SQRT && !to_single) in[1] = operand(c, d, d->f64, XMM_B, d->src2);
    if (d->kind >= IR_FP_MADD && !to_single) in[2] = operand(c, d, d->f64, XMM_C, d->src3);
    x86_xmm r = emit_fast_op(c, d, st, in, s, t, u);
    commit_if_ne(c, d, t, rs);
    negate_if_n(c, d, r, s);
    write_result(c, d, to_single ? false : d->f64, d->dst, r);
    resume_here(c, st);
}

/* True when the call's inline form d can be used here. */
static bool inline_ok(const struct emit_ctx *c, const struct ir_insn *in,
                      const struct ir_fp_inline *d)
{
    if (d->kind == IR_FP_NONE || in->dst != IR_NONE || !in->helper) return false;
    /* The fast path keeps cached globals: a helper that writes them is out. */
    if (in->helper->call_flags & (IR_CALL_WRITES_GLOBALS | IR_CALL_ENDS_BLOCK)) return false;
    return args_constant(c, in) && d->file + 8u * 32 <= 0xffffu;
}

void be_lower_call_fp(struct emit_ctx *c, const struct ir_insn *in)
{
    struct ir_fp_inline d = ir_fp_inline_unpack(in->imm);
    bool ok = inline_ok(c, in, &d);
    cache_sync(c, ok ? d.file : 0);
    status_sync(c, ok, d.status);
    if (!ok)
        be_lower_call(c, in);
    else if (d.kind == IR_FP_CMP)
        lower_compare(c, &d);
    else if (d.kind == IR_FP_TRUNC_W)
        lower_trunc(c, &d);
    else if (d.kind == IR_FP_CVT_D)
        lower_to_double(c, &d);
    else if (rounds(&d) && fast_mode(c))
        lower_fast(c, &d);
    else
        lower_arith(c, &d);
}

void be_emit_fpu_stub(struct emit_ctx *c, const struct stub *s)
{
    static const enum x86_gpr arg_regs[3] = {X86_RSI, X86_RDX, X86_RCX};
    struct x86_buf *b = &c->buf;
    const struct ir_insn *in = &c->b->insns[s->insn];
    const ir_val_t args[3] = {in->a, in->b, in->c};
    for (unsigned i = 0; i < s->nalso; i++)
        x86_patch_rel32(b, s->also_at[i], x86_buf_offset(b));
    /* Within a run the guest MXCSR may be loaded: C code gets the host's. */
    restore_host_mxcsr(c);
    /* The helper may raise: memory must be current first (the body keeps its
     * copies, as the memory slow paths do). */
    ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_RAISE);
    uint16_t live = ra_snapshot_live_caller_saved(&s->snap);
    be_save_regs(c, live, false);
    for (int i = 0; i < 3; i++)
        x86_emit_mov_ri(b, X86_W64, arg_regs[i], (int64_t)arg_value(c, args[i]));
    be_call_helper(c, (const void *)in->helper->fn);
    x86_emit_test_rr(b, X86_W64, X86_RAX, X86_RAX);
    size_t raise = x86_emit_jcc_rel32(b, X86_CC_NE, 0);
    be_save_regs(c, live, true);
    cache_reload(c, &s->fpc);
    if (c->status_reg >= 0) /* the helper wrote the word; the body goes on with it */
        x86_emit_mov_rm(b, X86_W32, (enum x86_gpr)c->status_reg,
                        x86_mem_base(RA_CPU, ir_fp_inline_unpack(in->imm).status));
    if (s->guest_mxcsr) x86_emit_ldmxcsr(b, x86_mem_base(X86_RSP, GUEST_MXCSR));
    x86_patch_rel32(b, x86_emit_jmp_rel32(b, 0), s->resume);
    x86_patch_rel32(b, raise, x86_buf_offset(b));
    be_emit_raise_tail(c, in, 0);
}
