/* translator/x86/backend_slow.c — memory slow paths as data (flat_fault
 * targets, user mode): a guest access that only a host fault can send to its
 * slow path gets no emitted stub of its own, but
 *       call slow_entry          ; the fault handler resumes here
 *       <struct be_slow_site>    ; what the stub would have done
 * and one shared trampoline (backend_entry.slow_entry) saves every register in
 * the frame, calls be_slow_access with the record the call pushed, and either
 * reloads every register and jumps back into the block or leaves through the
 * epilogue. be_slow_access does in C what load_stub and store_stub
 * (backend_mem.c) emit: write back the dirty globals, call t->load or
 * t->store, then raise, end the block after a store into itself, or resume
 * with the loaded value in its register. An emitted stub took some 25
 * instructions to write, a quarter of user mode's translation time (python3's
 * start translates for 0.15 s); host faults are rare enough that the
 * trampoline's 30 moves cost nothing measurable.
 */
#include "translator/x86/backend_int.h"

#include <string.h>

/* One dirty global the slow path writes back first: the register holding it. */
struct be_slow_dirty {
    uint32_t offset; /* in the CPU state */
    uint8_t reg, w64;
    uint16_t pad;
};

/* The record after a site's call (8-aligned), followed by its ndirty
 * struct be_slow_dirty. */
struct be_slow_site {
    const struct ir_target *t;
    uint64_t resume; /* host address after the access */
    uint32_t pc, icount;
    int32_t addr_imm;
    uint16_t pc_flags, mem;
    uint8_t store, addr_reg, val_reg, val_w64, ndirty, pad[3];
};
_Static_assert(sizeof(struct be_slow_site) % 8 == 0, "the dirty list stays aligned");

static void count(void *cpu, const struct ir_target *t, uint64_t n)
{
    if (t->no_icount) return;
    uint64_t v;
    memcpy(&v, (uint8_t *)cpu + t->icount_offset, sizeof v);
    v += n;
    memcpy((uint8_t *)cpu + t->icount_offset, &v, sizeof v);
}

/* The C half of the trampoline: regs holds every register as at the access
 * (by x86 number); returns where to go on (a loaded value written to its
 * register in regs), or 0 to leave with the guest state set. */
static uint64_t be_slow_access(void *cpu, uint64_t *regs, const struct be_slow_site *s)
{
    const struct ir_target *t = s->t;
    const struct be_slow_dirty *dirty = (const struct be_slow_dirty *)(s + 1);
    for (unsigned i = 0; i < s->ndirty; i++) {
        const struct be_slow_dirty *d = &dirty[i];
        uint64_t v = regs[d->reg];
        uint32_t w = (uint32_t)v;
        if (d->w64)
            memcpy((uint8_t *)cpu + d->offset, &v, sizeof v);
        else
            memcpy((uint8_t *)cpu + d->offset, &w, sizeof w);
    }
    uint32_t addr = (uint32_t)regs[s->addr_reg] + (uint32_t)s->addr_imm;
    if (!s->store) {
        uint64_t value;
        if (t->load(cpu, addr, s->mem, &value)) {
            regs[s->val_reg] = s->val_w64 ? value : (uint32_t)value;
            return s->resume;
        }
    } else {
        int rc = t->store(cpu, addr, s->mem, regs[s->val_reg]);
        if (rc == TARGET_STORE_CODE_CHANGED && t->resume_after(cpu, s->pc, s->pc_flags)) {
            count(cpu, t, s->icount + 1u); /* the block ends after the store */
            return 0;
        }
        if (rc != TARGET_STORE_RAISED) return s->resume;
    }
    count(cpu, t, s->icount);
    t->restore(cpu, s->pc, s->pc_flags);
    return 0;
}

/* The shared trampoline, entered by a site's call with the record's address
 * on the stack (rsp 8 below the block's):
 *       mov [rsp + 8 + SAVE + 8r], r      ; every r but rsp
 *       pop rdx ; mov rdi, rbp ; lea rsi, [rsp + SAVE] ; call be_slow_access
 *       test rax, rax ; jz out
 *       mov [rsp + SAVE + 8*rsp], rax     ; rsp's slot holds where to go
 *       mov r, [rsp + SAVE + 8r]          ; every r but rsp
 *       jmp [rsp + SAVE + 8*rsp]
 *  out: xor eax, eax ; jmp epilogue                                    */
size_t be_emit_slow_entry(struct x86_buf *b, size_t epilogue)
{
    size_t at = x86_buf_offset(b);
    for (int r = 0; r < 16; r++)
        if (r != X86_RSP)
            x86_emit_mov_mr(b, X86_W64, x86_mem_base(X86_RSP, 8 + RA_FRAME_SAVE + 8 * r),
                            (enum x86_gpr)r);
    x86_emit_pop(b, X86_RDX);
    x86_emit_mov_rr(b, X86_W64, X86_RDI, RA_CPU);
    x86_emit_lea(b, X86_W64, X86_RSI, x86_mem_base(X86_RSP, RA_FRAME_SAVE));
    x86_emit_call_abs(b, (const void *)be_slow_access);
    x86_emit_test_rr(b, X86_W64, X86_RAX, X86_RAX);
    size_t out = x86_emit_jcc_rel32(b, X86_CC_E, 0);
    struct x86_mem go = x86_mem_base(X86_RSP, RA_FRAME_SAVE + 8 * X86_RSP);
    x86_emit_mov_mr(b, X86_W64, go, X86_RAX);
    for (int r = 0; r < 16; r++)
        if (r != X86_RSP)
            x86_emit_mov_rm(b, X86_W64, (enum x86_gpr)r,
                            x86_mem_base(X86_RSP, RA_FRAME_SAVE + 8 * r));
    x86_emit_jmp_m(b, go);
    x86_patch_rel32(b, out, x86_buf_offset(b));
    x86_emit_alu_rr(b, X86_XOR, X86_W32, X86_RAX, X86_RAX);
    x86_patch_rel32(b, x86_emit_jmp_rel32(b, 0), epilogue);
    return at;
}

/* Appends n raw bytes (the record); overflow as an instruction would. */
static void emit_raw(struct x86_buf *b, const void *p, size_t n)
{
    if ((size_t)(b->end - b->p) < n) {
        b->overflow = true;
        return;
    }
    memcpy(b->p, p, n);
    b->p += n;
}

size_t be_emit_slow_site(struct emit_ctx *c, const struct stub *s)
{
    if (!c->entry || !c->entry->slow_entry || !c->t->flat_fault || s->branch_at != STUB_NO_BRANCH)
        return STUB_NO_BRANCH;
    struct x86_buf *b = &c->buf;
    /* The record starts 8-aligned right after the 5-byte call. */
    size_t pad = (3 - x86_buf_offset(b)) & 7, call_at = x86_buf_offset(b) + pad;
    int64_t rel = (int64_t)(c->entry->slow_entry - (c->rx + call_at + 5));
    if (rel != (int32_t)rel) return STUB_NO_BRANCH;
    x86_emit_nop(b, pad);
    const struct ir_insn *in = &c->b->insns[s->insn];
    struct be_slow_site h = {.t = c->t,
                             .resume = (uint64_t)(uintptr_t)(c->rx + s->resume),
                             .pc = in->pc,
                             .icount = in->icount,
                             .addr_imm = s->addr_imm,
                             .pc_flags = (uint16_t)in->pc_flags,
                             .mem = (uint16_t)in->mem,
                             .store = s->kind == STUB_STORE,
                             .addr_reg = (uint8_t)s->addr_reg,
                             .val_reg = (uint8_t)s->val_reg};
    if (s->kind == STUB_LOAD) h.val_w64 = ra_width(c->ra, in->dst) == X86_W64;
    struct be_slow_dirty d[16];
    for (unsigned m = s->snap.dirty; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        ir_val_t g = s->snap.owner[r];
        d[h.ndirty++] = (struct be_slow_dirty){.offset = c->b->vals[g].global_offset,
                                               .reg = (uint8_t)r,
                                               .w64 = ra_width(c->ra, g) == X86_W64};
    }
    x86_emit_call_rel32(b, (int32_t)rel);
    emit_raw(b, &h, sizeof h);
    emit_raw(b, d, h.ndirty * sizeof d[0]);
    return call_at;
}
