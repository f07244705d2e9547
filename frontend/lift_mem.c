/* frontend/lift_mem.c — lifts the plain GPR loads and stores (LB, LBU, LH,
 * LHU, LW, SB, SH, SW) to IR_LOAD/IR_STORE, the unaligned loads LWL/LWR to an
 * aligned word load merged into rt, the unaligned stores SWL/SWR to a store
 * permission probe (lift_helper_swlr) and an aligned word load, merge and
 * store, and PREF/SYNC to nothing (no-ops in interp_mem.c too). Alignment and
 * translation faults are the memory path's (the ir_target callbacks use
 * softmmu/memory.h); a faulting load writes no register. LL/SC, CACHE and
 * SYNCI go through the interpreter.
 */
#include "frontend/lift_class.h"

#include "softmmu/memory.h"

struct access {
    uint8_t mem; /* size | IR_MEM_SIGNED */
    bool store;
};

static const struct access accesses[MIPS_OP_COUNT] = {
    [MIPS_OP_LB] = {1 | IR_MEM_SIGNED, false},
    [MIPS_OP_LH] = {2 | IR_MEM_SIGNED, false},
    [MIPS_OP_LW] = {4, false},
    [MIPS_OP_LBU] = {1, false},
    [MIPS_OP_LHU] = {2, false},
    [MIPS_OP_SB] = {1, true},
    [MIPS_OP_SH] = {2, true},
    [MIPS_OP_SW] = {4, true},
};

/* ---- LWL/LWR/SWL/SWR ------------------------------------------------------
 * Vol. II's per-offset tables, as interp_mem.c states them: with k = the byte
 * offset (vaddr & 3) on a big-endian guest and 3 - offset on a little-endian
 * one, LWL/SWL move by s = 8k bits and LWR/SWR by s = 8(3 - k). Every form is
 *     result = (data SHIFT s) | (old & ~(0xffffffff SHIFT s))
 * with (data, old, SHIFT) = (word, rt, <<) for LWL, (word, rt, >>) for LWR,
 * (rt, word, >>) for SWL and (rt, word, <<) for SWR. With o = 8 * offset, s is
 * o or o ^ 24 (= 8(3 - offset)); which one depends on the form and the byte
 * order, both known at lift time, so the run-time cost is a shift and a mask.
 */
struct partial {
    bool valid;
    bool right;    /* LWR/SWR */
    uint8_t shift; /* IR_SHL or IR_SHR */
};

static const struct partial partials[MIPS_OP_COUNT] = {
    [MIPS_OP_LWL] = {true, false, IR_SHL},
    [MIPS_OP_LWR] = {true, true, IR_SHR},
    [MIPS_OP_SWL] = {true, false, IR_SHR},
    [MIPS_OP_SWR] = {true, true, IR_SHL},
};

/* (data SHIFT s) | (old & ~(0xffffffff SHIFT s)). */
static ir_val_t partial_merge(struct lift_ctx *c, const struct partial *p, ir_val_t data,
                              ir_val_t old, ir_val_t s)
{
    ir_val_t moved = ir_binop(c->b, (enum ir_opcode)p->shift, data, s);
    ir_val_t mask = ir_binop(c->b, (enum ir_opcode)p->shift, lift_k(c, 0xffffffffu), s);
    ir_val_t kept = ir_binop(c->b, IR_AND, old, ir_unop(c->b, IR_NOT, mask));
    return ir_binop(c->b, IR_OR, moved, kept);
}

/* LWL/LWR. The interpreter translates vaddr itself before loading the
 * aligned word, so a fault reports BadVAddr = vaddr (not vaddr & ~3) and the
 * load's own exception (AdEL/TLBL). A byte load at vaddr reproduces exactly
 * that fault (a byte is never misaligned); the aligned word lies on the same
 * page, so once the byte loaded the word load cannot fault differently. The
 * probe reads the byte once more than the interpreter does: harmless for RAM
 * (all a guest may use LWL on in practice); an MMIO register with read side
 * effects would see two reads. */
static void lift_load_partial(struct lift_ctx *c, const struct mips_insn *in,
                              const struct partial *p)
{
    ir_val_t addr = ir_binop(c->b, IR_ADD, lift_gpr(c, in->rs), lift_k(c, (uint32_t)in->imm));
    ir_load(c->b, addr, 0, 1 | c->mem_order, c->pc, c->pc_flags, c->icount);
    ir_val_t aligned = ir_binop(c->b, IR_AND, addr, lift_k(c, ~3u));
    ir_val_t word = ir_load(c->b, aligned, 0, 4 | c->mem_order, c->pc, c->pc_flags, c->icount);
    ir_val_t o = ir_binop(c->b, IR_AND, ir_binop(c->b, IR_SHL, addr, lift_k(c, 3)), lift_k(c, 24));
    /* s = 8k (left) or 8(3 - k) (right); o ^ 24 when big_endian == right. */
    ir_val_t s = (c->mem_order != 0) == p->right ? ir_binop(c->b, IR_XOR, o, lift_k(c, 24)) : o;
    ir_val_t v = partial_merge(c, p, word, lift_gpr(c, in->rt), s);
    lift_set_gpr(c, in->rt, v);
}

/* SWL/SWR: interp_mem.c's merge_into_word translates vaddr for a store
 * first, so an unmapped, read-only or (user mode) kernel address raises the
 * store's TLBS/Mod/AdES with BadVAddr = vaddr, never a load fault, and only
 * then reads and writes the aligned word. The lifted form keeps that order:
 *   1. store_probe(vaddr): mem_translate(MEM_STORE) in C, no access, no
 *      side effect; it raises exactly the interpreter's fault (user mode's
 *      JIT tests the page map's write bit inline and calls it only to raise);
 *   2. an aligned IR load of the word (inline fast path),
 *   3. the merge (partial_merge: a shift and a mask from vaddr & 3),
 *   4. an aligned IR store of the word (inline fast path).
 * After the probe the word's page is mapped writable, so 2 and 4 fault only
 * where the interpreter's mem_load/mem_store would too (a write-only user
 * page, a watchpoint, a bus error), at the same aligned address. A store
 * into translated code is 4, the instruction's last access, so the block
 * may end right after it (target.h CODE_CHANGED) with the instruction done.
 * A byte store at vaddr would be a cheaper probe (no call), but it lands
 * before the merge: on a page of translations it may end the block with the
 * instruction half done. */
static void lift_store_partial(struct lift_ctx *c, const struct mips_insn *in,
                               const struct partial *p)
{
    ir_val_t addr = ir_binop(c->b, IR_ADD, lift_gpr(c, in->rs), lift_k(c, (uint32_t)in->imm));
    ir_call(c->b, &lift_helper_swlr, -1, addr, IR_NONE, IR_NONE, c->pc, c->pc_flags, c->icount);
    ir_val_t aligned = ir_binop(c->b, IR_AND, addr, lift_k(c, ~3u));
    ir_val_t word = ir_load(c->b, aligned, 0, 4 | c->mem_order, c->pc, c->pc_flags, c->icount);
    ir_val_t o = ir_binop(c->b, IR_AND, ir_binop(c->b, IR_SHL, addr, lift_k(c, 3)), lift_k(c, 24));
    ir_val_t s = (c->mem_order != 0) == p->right ? ir_binop(c->b, IR_XOR, o, lift_k(c, 24)) : o;
    ir_val_t v = partial_merge(c, p, lift_gpr(c, in->rt), word, s);
    ir_store(c->b, aligned, 0, v, 4 | c->mem_order, c->pc, c->pc_flags, c->icount);
}

/* The probe behind lift_store_partial: 1 (raised, as a store at vaddr would)
 * or 0. */
static uint64_t store_probe(void *cpu, uint64_t vaddr, uint64_t unused_b, uint64_t unused_c)
{
    (void)unused_b;
    (void)unused_c;
    uint32_t paddr;
    return mem_translate(cpu, (uint32_t)vaddr, MEM_STORE, &paddr) ? 0 : 1;
}

/* CAN_RAISE only: it reads its argument and the MMU state (TLB, CP0 Status
 * and EntryHi, the user page map, none of them an IR global) and writes only
 * the recorded exception, so GPRs cached in host registers stay valid. In
 * user mode it raises exactly when the page map lacks CPU_PAGE_WRITE
 * (mem_translate), so a backend may test that byte inline (STORE_PROBE). */
const struct ir_helper lift_helper_swlr = {"swlr_probe", store_probe,
                                           IR_CALL_CAN_RAISE | IR_CALL_STORE_PROBE};

bool lift_mem(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->op == MIPS_OP_PREF || in->op == MIPS_OP_SYNC) return true;
    const struct partial *p = &partials[in->op];
    if (p->valid) {
        if (in->op == MIPS_OP_SWL || in->op == MIPS_OP_SWR)
            lift_store_partial(c, in, p);
        else
            lift_load_partial(c, in, p);
        return true;
    }
    const struct access *a = &accesses[in->op];
    if (!a->mem) return false;
    unsigned flags = a->mem | c->mem_order;
    ir_val_t base = lift_gpr(c, in->rs);
    if (a->store) {
        ir_store(c->b, base, in->imm, lift_gpr(c, in->rt), flags, c->pc, c->pc_flags, c->icount);
        return true;
    }
    /* A load into $zero still accesses memory: it may fault. */
    ir_val_t v = ir_load(c->b, base, in->imm, flags, c->pc, c->pc_flags, c->icount);
    lift_set_gpr(c, in->rt, v);
    return true;
}
