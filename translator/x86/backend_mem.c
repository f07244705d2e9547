/* translator/x86/backend_mem.c — IR_LOAD and IR_STORE: the address (a + imm,
 * wrapped to 32 bits), flat access off r15, the inline soft-TLB probe of
 * translator/target.h, byte order (movbe, or mov + bswap), and the out-of-line
 * slow path calling t->load / t->store with its raise and CODE_CHANGED exits.
 */
#include "translator/x86/backend_int.h"

static unsigned mem_size(const struct ir_insn *in)
{
    return in->mem & IR_MEM_SIZE_MASK;
}

static bool big_endian(const struct ir_insn *in)
{
    return (in->mem & IR_MEM_BIG_ENDIAN) && mem_size(in) > 1;
}

static enum x86_width size_width(unsigned n)
{
    return n == 1 ? X86_W8 : n == 2 ? X86_W16 : n == 4 ? X86_W32 : X86_W64;
}

/* A register holding the 32-bit guest address a + imm (lea wraps it
 * the way the guest's adder does). */
static enum x86_gpr guest_address(struct emit_ctx *c, const struct ir_insn *in)
{
    int a = ra_use(c->ra, in->a);
    if ((int32_t)in->imm == 0)
        return (enum x86_gpr)a; /* an I32 register is already zero-extended */
    enum x86_gpr addr = (enum x86_gpr)ra_scratch(c->ra);
    x86_emit_lea(&c->buf, X86_W32, addr, x86_mem_base((enum x86_gpr)a, (int32_t)in->imm));
    return addr;
}

/* Sign- or zero-extends a 16-bit value in d to d's 32 or 64 bits. */
static void extend16(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr d)
{
    if (in->mem & IR_MEM_SIGNED)
        x86_emit_movsx_rr(&c->buf, X86_W32, X86_W16, d, d);
    else
        x86_emit_movzx_rr(&c->buf, X86_W32, X86_W16, d, d);
}

/* d = memory at m, per the op's size, sign and byte order. */
static void emit_load_access(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr d,
                             struct x86_mem m)
{
    unsigned n = mem_size(in);
    bool sign = in->mem & IR_MEM_SIGNED;
    struct x86_buf *b = &c->buf;
    if (n == 1 || (n == 2 && !big_endian(in))) {
        if (sign)
            x86_emit_movsx_rm(b, X86_W32, size_width(n), d, m);
        else
            x86_emit_movzx_rm(b, X86_W32, size_width(n), d, m);
    } else if (n == 2) {
        if (c->be->use_movbe)
            x86_emit_movbe_rm(b, X86_W16, d, m);
        else {
            x86_emit_movzx_rm(b, X86_W32, X86_W16, d, m);
            x86_emit_shift_ri(b, X86_ROL, X86_W16, d, 8);
        }
        extend16(c, in, d);
    } else if (!big_endian(in))
        x86_emit_mov_rm(b, size_width(n), d, m);
    else if (c->be->use_movbe)
        x86_emit_movbe_rm(b, size_width(n), d, m);
    else {
        x86_emit_mov_rm(b, size_width(n), d, m);
        x86_emit_bswap(b, size_width(n), d);
    }
}

/* memory at m = v, per the op's size and byte order; s is a scratch register
 * for the byte swap without movbe. */
static void emit_store_access(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr v,
                              struct x86_mem m, enum x86_gpr s)
{
    unsigned n = mem_size(in);
    enum x86_width w = size_width(n);
    struct x86_buf *b = &c->buf;
    if (!big_endian(in)) {
        x86_emit_mov_mr(b, w, m, v);
    } else if (c->be->use_movbe) {
        x86_emit_movbe_mr(b, w, m, v);
    } else {
        x86_emit_mov_rr(b, X86_W64, s, v);
        if (n == 2)
            x86_emit_shift_ri(b, X86_ROL, X86_W16, s, 8);
        else
            x86_emit_bswap(b, w, s);
        x86_emit_mov_mr(b, w, m, s);
    }
}

/* Inline soft-TLB probe (translator/target.h): branches to a new slow-path
 * stub on a miss and returns the host address operand of the hit. */
static struct x86_mem softtlb_probe(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr addr,
                                    bool store, struct stub **s)
{
    struct x86_buf *b = &c->buf;
    const struct ir_target *t = c->t;
    enum x86_gpr idx = (enum x86_gpr)ra_scratch(c->ra);
    enum x86_gpr host = (enum x86_gpr)ra_scratch(c->ra);
    int32_t mask = (int32_t)((((uint32_t)1 << t->softtlb_bits) - 1) << 4);
    x86_emit_mov_rr(b, X86_W32, idx, addr);
    x86_emit_shift_ri(b, X86_SHR, X86_W32, idx, 12 - 4); /* entries are 16 bytes */
    x86_emit_alu_ri(b, X86_AND, X86_W32, idx, mask);
    /* The tag keeps the alignment bits: an unaligned access never hits. */
    x86_emit_mov_rr(b, X86_W32, host, addr);
    x86_emit_alu_ri(b, X86_AND, X86_W32, host, (int32_t)(0xfffff000u | (mem_size(in) - 1)));
    int32_t entry = (int32_t)t->softtlb_offset;
    x86_emit_alu_rm(b, X86_CMP, X86_W32, host,
                    x86_mem_sib(RA_CPU, idx, 1, entry + (store ? 4 : 0)));
    *s = be_add_stub(c, store ? STUB_STORE : STUB_LOAD, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    x86_emit_mov_rr(b, X86_W32, host, addr);
    x86_emit_alu_rm(b, X86_ADD, X86_W64, host, x86_mem_sib(RA_CPU, idx, 1, entry + 8));
    return x86_mem_base(host, 0);
}

/* The flat page check (translator/target.h flat_prot_offset): one branch to a
 * new slow-path stub when the access is misaligned, or its page lacks the
 * permission (for a store: is not writable or holds translated code):
 *       test addr, n-1 ; jnz J         (ZF=0 reaches the jne taken)
 *       mov idx, addr ; shr idx, 12
 *       movzx idx, byte [r15 + idx + flat_prot_offset]
 *       and idx, mask ; cmp idx, want
 *   J:  jne slow                                                        */
static void flat_prot_check(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr addr,
                            bool store, struct stub **s)
{
    struct x86_buf *b = &c->buf;
    const struct ir_target *t = c->t;
    unsigned n = mem_size(in);
    size_t misaligned = 0;
    if (n > 1) {
        x86_emit_test_ri(b, X86_W32, addr, (int32_t)(n - 1));
        misaligned = x86_emit_jcc_rel32(b, X86_CC_NE, 0);
    }
    int32_t want = store ? t->flat_prot_write : t->flat_prot_read;
    int32_t mask = store ? want | t->flat_prot_code : want;
    enum x86_gpr idx = (enum x86_gpr)ra_scratch(c->ra);
    x86_emit_mov_rr(b, X86_W32, idx, addr);
    x86_emit_shift_ri(b, X86_SHR, X86_W32, idx, 12);
    x86_emit_movzx_rm(b, X86_W32, X86_W8, idx, x86_mem_sib(RA_FLAT, idx, 1, t->flat_prot_offset));
    x86_emit_alu_ri(b, X86_AND, X86_W32, idx, mask);
    x86_emit_alu_ri(b, X86_CMP, X86_W32, idx, want);
    size_t at = x86_buf_offset(b);
    *s = be_add_stub(c, store ? STUB_STORE : STUB_LOAD, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    if (n > 1) x86_patch_rel32(b, misaligned, at);
}

/* The misaligned-access test an access of the op's size needs: none for a
 * byte, nor under flat_unaligned (translator/target.h), where a misaligned
 * access just happens on the host and reaches the slow path only if it
 * faults there (its slow path then raises AdEL/AdES as the interpreter does,
 * and the OS side fixes it up or signals). */
static bool needs_align_test(const struct emit_ctx *c, const struct ir_insn *in)
{
    return mem_size(in) > 1 && !c->t->flat_unaligned;
}

/* flat_fault (translator/target.h): only a misaligned access branches to the
 * slow path; a host fault in the access itself reaches the same stub through
 * backend_block.faults (fault_at is set by the caller, right before it). */
static void flat_fault_check(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr addr,
                             bool store, struct stub **s)
{
    struct x86_buf *b = &c->buf;
    enum stub_kind kind = store ? STUB_STORE : STUB_LOAD;
    unsigned n = mem_size(in);
    if (needs_align_test(c, in)) {
        x86_emit_test_ri(b, X86_W32, addr, (int32_t)(n - 1));
        *s = be_add_stub(c, kind, x86_emit_jcc_rel32(b, X86_CC_NE, 0));
    } else {
        *s = be_add_stub(c, kind, STUB_NO_BRANCH);
    }
}

/* Where the access goes: flat, probed, or (no soft TLB) always the slow path;
 * *s is the slow-path stub (NULL when flat). False when there is no fast path. */
static bool access_path(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr addr, bool store,
                        struct x86_mem *m, struct stub **s)
{
    *s = NULL;
    if (c->t->flat_base) {
        if (c->t->flat_fault)
            flat_fault_check(c, in, addr, store, s);
        else if (c->t->flat_prot_offset)
            flat_prot_check(c, in, addr, store, s);
        *m = x86_mem_sib(RA_FLAT, addr, 1, 0);
        return true;
    }
    if (c->t->softtlb_bits) {
        *m = softtlb_probe(c, in, addr, store, s);
        return true;
    }
    *s = be_add_stub(c, store ? STUB_STORE : STUB_LOAD, x86_emit_jmp_rel32(&c->buf, 0));
    return false;
}

/* ---- flat_fault: r15 + a + imm, no page check (translator/target.h) ---- */

/* Whether the access can address r15 + a + imm directly: the guards catch
 * any wrap, and a needs no lea when its own alignment decides (imm is a
 * multiple of the size) or when nothing tests alignment (flat_unaligned). */
static bool fault_direct(const struct emit_ctx *c, const struct ir_insn *in)
{
    int32_t imm = (int32_t)in->imm;
    return c->t->flat_fault && imm > -(int32_t)FLAT_GUARD && imm < (int32_t)FLAT_GUARD &&
           (c->t->flat_unaligned || (imm & (int32_t)(mem_size(in) - 1)) == 0);
}

/* A global may change in the block: the test of v at op `since` holds at op
 * `now` unless something wrote it in between. Temporaries never change. */
static bool unchanged_since(const struct emit_ctx *c, ir_val_t v, unsigned since, unsigned now)
{
    if (c->b->vals[v].kind != IR_VAL_GLOBAL) return true;
    for (unsigned i = since + 1; i < now; i++) {
        const struct ir_insn *in = &c->b->insns[i];
        if (in->op == IR_SET && in->a == v) return false;
        if (in->op == IR_CALL && in->helper && (in->helper->call_flags & IR_CALL_WRITES_GLOBALS))
            return false;
    }
    return true;
}

/* True when an earlier access of the block tested v for alignment n or more
 * (a misaligned one never came back: its slow path raised). */
static bool known_aligned(const struct emit_ctx *c, ir_val_t v, unsigned n)
{
    for (unsigned i = 0; i < c->naligned; i++)
        if (c->aligned[i].v == v && c->aligned[i].align >= n &&
            unchanged_since(c, v, c->aligned[i].insn, c->ra->cur))
            return true;
    return false;
}

static void note_aligned(struct emit_ctx *c, ir_val_t v, unsigned n)
{
    unsigned i = 0;
    while (i < c->naligned && c->aligned[i].v != v)
        i++;
    if (i == c->naligned) {
        if (c->naligned == sizeof c->aligned / sizeof c->aligned[0]) i = c->ra->cur % c->naligned;
        else c->naligned++;
    }
    c->aligned[i].v = v;
    c->aligned[i].insn = c->ra->cur;
    c->aligned[i].align = n;
}

/* The alignment test (unless known) and the stub of a direct access off a;
 * the stub computes the wrapped address itself. */
static struct stub *fault_direct_stub(struct emit_ctx *c, const struct ir_insn *in, enum x86_gpr a,
                                      bool store)
{
    enum stub_kind kind = store ? STUB_STORE : STUB_LOAD;
    unsigned n = mem_size(in);
    struct stub *s;
    if (needs_align_test(c, in) && !known_aligned(c, in->a, n)) {
        x86_emit_test_ri(&c->buf, X86_W32, a, (int32_t)(n - 1));
        s = be_add_stub(c, kind, x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0));
        note_aligned(c, in->a, n);
    } else {
        s = be_add_stub(c, kind, STUB_NO_BRANCH);
    }
    if (!s) return NULL;
    s->addr_reg = (int8_t)a;
    s->addr_imm = (int32_t)in->imm;
    s->fault_at = x86_buf_offset(&c->buf);
    return s;
}

static void lower_load_direct(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
    struct stub *s = fault_direct_stub(c, in, a, false);
    if (!s) return;
    emit_load_access(c, in, d, x86_mem_sib(RA_FLAT, a, 1, (int32_t)in->imm));
    s->val_reg = (int8_t)d;
    s->resume = x86_buf_offset(&c->buf);
}

static void lower_store_direct(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_gpr v = (enum x86_gpr)ra_use(c->ra, in->b);
    enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
    enum x86_gpr swap =
        big_endian(in) && !c->be->use_movbe ? (enum x86_gpr)ra_scratch(c->ra) : X86_RAX;
    struct stub *s = fault_direct_stub(c, in, a, true);
    if (!s) return;
    s->val_reg = (int8_t)v;
    emit_store_access(c, in, v, x86_mem_sib(RA_FLAT, a, 1, (int32_t)in->imm), swap);
    s->resume = x86_buf_offset(&c->buf);
}

void be_lower_load(struct emit_ctx *c, const struct ir_insn *in)
{
    if (fault_direct(c, in)) {
        lower_load_direct(c, in);
        return;
    }
    enum x86_gpr addr = guest_address(c, in);
    enum x86_gpr d = (enum x86_gpr)ra_def(c->ra, in->dst, IR_NONE);
    struct x86_mem m;
    struct stub *s;
    bool fast = access_path(c, in, addr, false, &m, &s);
    if (s && c->t->flat_fault) s->fault_at = x86_buf_offset(&c->buf);
    if (fast) emit_load_access(c, in, d, m);
    if (s) {
        s->addr_reg = (int8_t)addr;
        s->val_reg = (int8_t)d;
        s->resume = x86_buf_offset(&c->buf);
    }
}

void be_lower_store(struct emit_ctx *c, const struct ir_insn *in)
{
    if (fault_direct(c, in)) {
        lower_store_direct(c, in);
        return;
    }
    enum x86_gpr v = (enum x86_gpr)ra_use(c->ra, in->b);
    enum x86_gpr addr = guest_address(c, in);
    /* Every register is taken before the slow-path branch: a spill emitted after
     * it would be skipped by the slow path, which resumes past the access. */
    enum x86_gpr swap =
        big_endian(in) && !c->be->use_movbe ? (enum x86_gpr)ra_scratch(c->ra) : X86_RAX;
    struct x86_mem m;
    struct stub *s;
    bool fast = access_path(c, in, addr, true, &m, &s);
    if (s) {
        s->addr_reg = (int8_t)addr;
        s->val_reg = (int8_t)v;
        if (c->t->flat_fault) s->fault_at = x86_buf_offset(&c->buf);
    }
    if (fast) emit_store_access(c, in, v, m, swap);
    if (s) s->resume = x86_buf_offset(&c->buf);
}

static void jmp_to(struct emit_ctx *c, size_t target)
{
    x86_patch_rel32(&c->buf, x86_emit_jmp_rel32(&c->buf, 0), target);
}

/* A load miss: t->load(cpu, addr, flags, &value); false -> raise. */
static void load_stub(struct emit_ctx *c, const struct stub *s, const struct ir_insn *in,
                      uint16_t live)
{
    struct x86_buf *b = &c->buf;
    enum x86_gpr d = (enum x86_gpr)s->val_reg;
    live &= (uint16_t) ~(1u << d);
    be_save_regs(c, live, false);
    x86_emit_mov_rr(b, X86_W32, X86_RSI, (enum x86_gpr)s->addr_reg);
    if (s->addr_imm) x86_emit_alu_ri(b, X86_ADD, X86_W32, X86_RSI, s->addr_imm);
    x86_emit_mov_ri(b, X86_W32, X86_RDX, in->mem);
    x86_emit_lea(b, X86_W64, X86_RCX, x86_mem_base(X86_RSP, RA_FRAME_VALUE));
    be_call_helper(c, (const void *)c->t->load);
    x86_emit_test_rr(b, X86_W8, X86_RAX, X86_RAX);
    size_t raise = x86_emit_jcc_rel32(b, X86_CC_E, 0);
    be_save_regs(c, live, true);
    x86_emit_mov_rm(b, ra_width(c->ra, in->dst), d, x86_mem_base(X86_RSP, RA_FRAME_VALUE));
    jmp_to(c, s->resume);
    x86_patch_rel32(b, raise, x86_buf_offset(b));
    be_emit_raise_tail(c, in, 0);
}

/* A store miss: t->store(cpu, addr, flags, value) -> OK, RAISED or CODE_CHANGED;
 * after CODE_CHANGED, t->resume_after says whether the block ends here. */
static void store_stub(struct emit_ctx *c, const struct stub *s, const struct ir_insn *in,
                       uint16_t live)
{
    struct x86_buf *b = &c->buf;
    be_save_regs(c, live, false);
    /* Stage both through the frame: either may sit in the other's argument register. */
    x86_emit_mov_mr(b, X86_W32, x86_mem_base(X86_RSP, RA_FRAME_ARG0), (enum x86_gpr)s->addr_reg);
    if (s->addr_imm)
        x86_emit_alu_mi(b, X86_ADD, X86_W32, x86_mem_base(X86_RSP, RA_FRAME_ARG0), s->addr_imm);
    x86_emit_mov_mr(b, X86_W64, x86_mem_base(X86_RSP, RA_FRAME_ARG1), (enum x86_gpr)s->val_reg);
    x86_emit_mov_rm(b, X86_W32, X86_RSI, x86_mem_base(X86_RSP, RA_FRAME_ARG0));
    x86_emit_mov_rm(b, X86_W64, X86_RCX, x86_mem_base(X86_RSP, RA_FRAME_ARG1));
    x86_emit_mov_ri(b, X86_W32, X86_RDX, in->mem);
    be_call_helper(c, (const void *)c->t->store);
    x86_emit_alu_ri(b, X86_CMP, X86_W32, X86_RAX, TARGET_STORE_RAISED);
    size_t raise = x86_emit_jcc_rel32(b, X86_CC_E, 0);
    x86_emit_alu_ri(b, X86_CMP, X86_W32, X86_RAX, TARGET_STORE_CODE_CHANGED);
    size_t done1 = x86_emit_jcc_rel32(b, X86_CC_NE, 0);
    x86_emit_mov_ri(b, X86_W32, X86_RSI, in->pc);
    x86_emit_mov_ri(b, X86_W32, X86_RDX, in->pc_flags);
    be_call_helper(c, (const void *)c->t->resume_after);
    x86_emit_test_rr(b, X86_W8, X86_RAX, X86_RAX);
    size_t done2 = x86_emit_jcc_rel32(b, X86_CC_E, 0);
    /* The block ends after the store; globals were written back on the way in. */
    be_add_icount(c, in->icount + 1u);
    x86_emit_alu_rr(b, X86_XOR, X86_W32, X86_RAX, X86_RAX);
    be_jmp_epilogue(c);
    x86_patch_rel32(b, done1, x86_buf_offset(b));
    x86_patch_rel32(b, done2, x86_buf_offset(b));
    be_save_regs(c, live, true);
    jmp_to(c, s->resume);
    x86_patch_rel32(b, raise, x86_buf_offset(b));
    be_emit_raise_tail(c, in, 0);
}

void be_emit_mem_stub(struct emit_ctx *c, const struct stub *s)
{
    const struct ir_insn *in = &c->b->insns[s->insn];
    /* The slow path may raise, and the evaluator sees every IR_SET at once:
     * memory must be current before the call (the body keeps its copies). */
    ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_RAISE);
    uint16_t live = ra_snapshot_live_caller_saved(&s->snap);
    if (s->kind == STUB_LOAD)
        load_stub(c, s, in, live);
    else
        store_stub(c, s, in, live);
}
