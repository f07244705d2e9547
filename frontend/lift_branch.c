/* frontend/lift_branch.c — lifts a branch or jump together with its delay
 * slot, and the block's exits after them. Semantics are interp_branch.c's:
 *  - the condition, the register target and the link are taken before the
 *    slot runs (the slot may overwrite the operands); the link is written
 *    whether or not the branch is taken, after the operands are read (JALR
 *    rd == rs, BLTZAL $ra: UNPREDICTABLE, QEMU reads first);
 *  - a branch-likely not taken leaves for pc + 8 with the slot nullified (not
 *    counted);
 *  - the slot is lifted with LIFT_PC_DELAY_SLOT, so a fault there reports the
 *    slot's pc with in_delay (EPC = the branch, Cause.BD); cpu->delay_target,
 *    which the interpreter holds, is recomputed from the branch when the slot
 *    raises (lift_delay_target), and written first only where it cannot be;
 *  - BC1F/BC1T(L) first check Status.CU1 (Coprocessor Unusable at the branch).
 */
#include <stddef.h>

#include "frontend/lift_class.h"

enum branch_test { T_ALWAYS, T_EQ, T_NE, T_LEZ, T_GTZ, T_LTZ, T_GEZ, T_FP_FALSE, T_FP_TRUE };
enum branch_target { TGT_RELATIVE, TGT_REGION, TGT_REGISTER };
enum branch_link { LINK_NONE, LINK_RA, LINK_RD };

struct branch_kind {
    uint8_t test;   /* enum branch_test */
    uint8_t target; /* enum branch_target */
    uint8_t link;   /* enum branch_link */
    bool likely;
};

/* clang-format off */
#define REL(t) {T_##t, TGT_RELATIVE, LINK_NONE, false}
#define REL_L(t) {T_##t, TGT_RELATIVE, LINK_NONE, true}
#define REL_LINK(t) {T_##t, TGT_RELATIVE, LINK_RA, false}
#define REL_LINK_L(t) {T_##t, TGT_RELATIVE, LINK_RA, true}

static const struct branch_kind kinds[MIPS_OP_COUNT] = {
    [MIPS_OP_J] = {T_ALWAYS, TGT_REGION, LINK_NONE, false},
    [MIPS_OP_JAL] = {T_ALWAYS, TGT_REGION, LINK_RA, false},
    [MIPS_OP_BEQ] = REL(EQ),          [MIPS_OP_BNE] = REL(NE),
    [MIPS_OP_BLEZ] = REL(LEZ),        [MIPS_OP_BGTZ] = REL(GTZ),
    [MIPS_OP_BEQL] = REL_L(EQ),       [MIPS_OP_BNEL] = REL_L(NE),
    [MIPS_OP_BLEZL] = REL_L(LEZ),     [MIPS_OP_BGTZL] = REL_L(GTZ),
    [MIPS_OP_JR] = {T_ALWAYS, TGT_REGISTER, LINK_NONE, false},
    [MIPS_OP_JALR] = {T_ALWAYS, TGT_REGISTER, LINK_RD, false},
    [MIPS_OP_BLTZ] = REL(LTZ),        [MIPS_OP_BGEZ] = REL(GEZ),
    [MIPS_OP_BLTZL] = REL_L(LTZ),     [MIPS_OP_BGEZL] = REL_L(GEZ),
    [MIPS_OP_BLTZAL] = REL_LINK(LTZ), [MIPS_OP_BGEZAL] = REL_LINK(GEZ),
    [MIPS_OP_BLTZALL] = REL_LINK_L(LTZ), [MIPS_OP_BGEZALL] = REL_LINK_L(GEZ),
    [MIPS_OP_BC1F] = REL(FP_FALSE),   [MIPS_OP_BC1T] = REL(FP_TRUE),
    [MIPS_OP_BC1FL] = REL_L(FP_FALSE), [MIPS_OP_BC1TL] = REL_L(FP_TRUE),
};
/* clang-format on */

/* Compare of rs with rt (EQ, NE) or with zero (the rest), by test. */
static const uint8_t test_cond[] = {
    [T_EQ] = IR_EQ,  [T_NE] = IR_NE,  [T_LEZ] = IR_LE,
    [T_GTZ] = IR_GT, [T_LTZ] = IR_LT, [T_GEZ] = IR_GE,
};

/* Vol. III Status.CU1: BC1* needs coprocessor 1 (interp.c checks it first). */
static void check_cu1(struct lift_ctx *c)
{
    struct ir_block *b = c->b;
    ir_val_t st = ir_global(b, IR_I32, offsetof(struct cpu, cp0[CP0_STATUS][0]), "status");
    ir_val_t off = ir_setcond(b, IR_EQ, ir_binop(b, IR_AND, st, lift_k(c, ST_CU1)), lift_k(c, 0));
    ir_raise_if(b, off, &lift_helper_raise_cpu, 1, c->pc, c->pc_flags, c->icount);
}

/* FPU condition code cc: FCSR bit 23 for cc 0, bits 25..31 for cc 1..7. */
static ir_val_t fp_condition(struct lift_ctx *c, unsigned cc)
{
    ir_val_t fcsr = ir_global(c->b, IR_I32, offsetof(struct cpu, fcsr), "fcsr");
    return ir_extract(c->b, fcsr, cc ? 24 + cc : 23, 1);
}

/* 1 when the branch is taken, 0 when not; IR_NONE when it always is. */
static ir_val_t taken_value(struct lift_ctx *c, const struct mips_insn *in, unsigned test)
{
    switch (test) {
    case T_ALWAYS:
        return IR_NONE;
    case T_FP_FALSE:
    case T_FP_TRUE:
        check_cu1(c);
        return test == T_FP_TRUE ? fp_condition(c, in->cc)
                                 : ir_setcond(c->b, IR_EQ, fp_condition(c, in->cc), lift_k(c, 0));
    default: {
        ir_val_t y = test == T_EQ || test == T_NE ? lift_gpr(c, in->rt) : lift_k(c, 0);
        return ir_setcond(c->b, (enum ir_cond)test_cond[test], lift_gpr(c, in->rs), y);
    }
    }
}

/* The target of a direct branch or jump at pc: the slot's address plus the
 * offset, or J/JAL's 256 MB region of the slot (Vol. II, J). */
static uint32_t direct_target(const struct mips_insn *in, unsigned kind, uint32_t pc)
{
    uint32_t slot = pc + 4;
    return kind == TGT_REGION ? (slot & 0xf0000000u) | (uint32_t)in->target
                              : slot + (uint32_t)in->target;
}

/* The target: a constant (known), or a snapshot of rs taken before the slot
 * runs. A register holding a lift-time constant (a link this block set)
 * counts as a constant. Returns whether *known is set. */
static bool target_value(struct lift_ctx *c, const struct mips_insn *in, unsigned kind,
                         ir_val_t *target, uint32_t *known)
{
    if (kind == TGT_REGISTER && !((c->known_mask >> in->rs) & 1)) {
        *target = ir_unop(c->b, IR_MOV, lift_gpr(c, in->rs));
        return false;
    }
    *known = kind == TGT_REGISTER ? c->known[in->rs] : direct_target(in, kind, c->pc);
    *target = lift_k(c, *known);
    return true;
}

enum static_test { S_DYNAMIC, S_ALWAYS, S_NEVER };

/* The forms whose outcome the encoding fixes: B (BEQ r,r), BGEZ/BLEZ $0 and
 * BAL (always); BNE r,r, BLTZ/BGTZ $0 and NAL (never). */
static enum static_test static_test(const struct mips_insn *in, unsigned test)
{
    switch (test) {
    case T_ALWAYS:
        return S_ALWAYS;
    case T_EQ:
        return in->rs == in->rt ? S_ALWAYS : S_DYNAMIC;
    case T_NE:
        return in->rs == in->rt ? S_NEVER : S_DYNAMIC;
    case T_GEZ:
    case T_LEZ:
        return in->rs == 0 ? S_ALWAYS : S_DYNAMIC;
    case T_LTZ:
    case T_GTZ:
        return in->rs == 0 ? S_NEVER : S_DYNAMIC;
    default:
        return S_DYNAMIC;
    }
}

/* Whether the block must write delay_target before the slot, rather than
 * leave it to lift_delay_target (lift.h), which reads the branch again when
 * the slot raises: when the slot is a branch itself
 * (UNPREDICTABLE; the interpreter's sequencing), when the branch is on
 * another page than its slot (the branch's word may not fetch then), and
 * when its link overwrote an operand (JALR rd == rs, BLTZAL $ra:
 * UNPREDICTABLE, the operand is read first). */
static bool writes_delay_target(const struct lift_ctx *c, const struct mips_insn *br,
                                const struct branch_kind *k, const struct mips_insn *slot)
{
    if (!lift_may_raise(slot) && !(slot->flags & INSN_BRANCH)) return false;
    if ((slot->flags & INSN_BRANCH) || ((c->pc ^ (c->pc + 4)) & ~0xfffu)) return true;
    unsigned link = k->link == LINK_RD ? br->rd : k->link == LINK_RA ? 31 : 0;
    return link != 0 && (link == br->rs || link == br->rt);
}

/* The slot at pc + 4, with delay_target as the interpreter would hold it. */
static void lift_slot(struct lift_ctx *c, const struct mips_insn *br, const struct mips_insn *slot,
                      ir_val_t taken, ir_val_t target)
{
    const struct branch_kind *k = &kinds[br->op];
    uint32_t after = c->pc + 8;
    bool write = writes_delay_target(c, br, k, slot);
    c->pc += 4;
    c->pc_flags = LIFT_PC_DELAY_SLOT;
    c->icount++;
    if (write) {
        ir_val_t dt = taken == IR_NONE || k->likely
                          ? target
                          : ir_select(c->b, taken, target, lift_k(c, after));
        ir_val_t g = ir_global(c->b, IR_I32, offsetof(struct cpu, delay_target), "delay_target");
        ir_set(c->b, g, dt);
        c->pc_flags |= LIFT_PC_DELAY_TARGET_SET;
    }
    lift_one(c, slot);
    c->icount++;
}

/* How far closes_loop looks for the back edge. */
#define LATCH_SCAN 8

/* True when the first branch at or after target (within LATCH_SCAN words,
 * none of which ends the block) is a direct jump or branch back to the
 * block's first instruction: a rotated loop's latch. gcc lays out loops as
 * `head: body; bne x, y, cont; ...exit path...; cont: moves; b head`, so
 * the forward branch's taken side, not its fall-through, is the hot path:
 * following it turns the block into a self loop (backend_exit.c). */
static bool closes_loop(const struct lift_ctx *c, uint32_t target)
{
    for (unsigned i = 0; i < LATCH_SCAN; i++) {
        uint32_t pc = target + 4u * i;
        struct mips_insn in;
        if (!lift_fetch(c->cpu, pc, &in) || in.op >= MIPS_OP_COUNT) return false;
        if (!(in.flags & INSN_BRANCH)) {
            if (in.flags & INSN_ENDS_BLOCK) return false;
            continue;
        }
        const struct branch_kind *k = &kinds[in.op];
        if (k->target == TGT_REGISTER || k->likely) return false;
        return direct_target(&in, k->target, pc) == c->b->guest_pc;
    }
    return false;
}

/* True when the fall-through from after runs straight into target (no
 * branch or block end on the way, within LATCH_SCAN * 4 words): an if-then
 * whose two sides join at target, where lifting the fall-through covers
 * both. */
static bool falls_into(const struct lift_ctx *c, uint32_t after, uint32_t target)
{
    if (target - after > 4u * 4u * LATCH_SCAN) return false;
    for (uint32_t pc = after; pc < target; pc += 4) {
        struct mips_insn in;
        if (!lift_fetch(c->cpu, pc, &in) || (in.flags & (INSN_BRANCH | INSN_ENDS_BLOCK)))
            return false;
    }
    return true;
}

/* ---- if-then regions ----
 * `beqz v0, join; slot; up to IF_THEN_MAX ALU instructions; join:` is gcc's
 * `if (c) x = y op z;`: both sides meet at join. When the taken side is
 * common (a side exit per pass) or not, the block may run the region on both
 * paths and keep, for each GPR it wrote, the value from before it when the
 * branch is taken (IR_SELECT): one path through, no exit. Only pure ALU
 * instructions (no memory, no raise, no HI/LO, one GPR each), and only where
 * nothing reads icount (lift_config.no_icount), as the region's words count
 * on both paths; a branch to its own pc + 8 (no region) always qualifies. */
#define IF_THEN_MAX 4u

/* The GPR in writes when it may be in an if-then region (one of lift.c's
 * pure ALU ops: one GPR written, no raise), else -1. */
static int if_then_dest(const struct mips_insn *in)
{
    if (!lift_pure_alu(in)) return -1;
    unsigned opcode = in->raw >> 26; /* SPECIAL, SPECIAL2, SPECIAL3: R format, rd */
    return opcode == 0x00 || opcode == 0x1c || opcode == 0x1f ? in->rd : in->rt;
}

/* True when [after, join) is an if-then region the block may run on both paths. */
static bool if_then_region(const struct lift_ctx *c, uint32_t after, uint32_t join)
{
    if (join == after) return true;
    unsigned n = (join - after) / 4u;
    if (!c->no_icount || join < after || n > IF_THEN_MAX) return false;
    if (((join ^ after) & ~0xfffu) || !lift_words_free(c, after, n)) return false;
    for (unsigned i = 0; i < n; i++) {
        struct mips_insn in;
        if (!lift_fetch(c->cpu, after + 4u * i, &in) || if_then_dest(&in) < 0) return false;
    }
    return true;
}

/* Lifts the region [from, join) on both paths (see above). */
static void lift_if_then(struct lift_ctx *c, ir_val_t taken, uint32_t from, uint32_t join)
{
    unsigned n = (join - from) / 4u;
    struct mips_insn in[IF_THEN_MAX];
    ir_val_t before[32];
    uint32_t written = 0;
    for (unsigned i = 0; i < n; i++) {
        lift_fetch(c->cpu, from + 4u * i, &in[i]); /* if_then_region fetched it */
        int d = if_then_dest(&in[i]);
        if (d > 0 && !((written >> d) & 1)) {
            written |= 1u << d;
            before[d] = ir_unop(c->b, IR_MOV, lift_gpr(c, (unsigned)d));
        }
    }
    if (n) lift_run_add(c, from, n);
    c->pc = from;
    c->pc_flags = 0;
    for (unsigned i = 0; i < n; i++, c->pc += 4, c->icount++)
        lift_one(c, &in[i]);
    for (unsigned d = 1; d < 32; d++)
        if ((written >> d) & 1)
            lift_set_gpr(c, d, ir_select(c->b, taken, before[d], lift_gpr(c, d)));
}

/* Where a superblock could go on after the pair (lift.h), with the exits
 * that takes; false when the block ends here. *taken_side says lifting goes
 * on at the target and the fall-through is the side exit. */
static bool continuation(const struct lift_ctx *c, const struct mips_insn *br,
                         const struct mips_insn *slot, const struct branch_kind *k,
                         bool target_known, uint32_t known, uint32_t *next, unsigned *exits,
                         bool *taken_side, bool *if_then)
{
    uint32_t branch_pc = c->pc, after = c->pc + 8;
    if (!c->extend || !target_known || k->likely) return false;
    /* A store in a slot that rewrites code does not end the block (the
     * target's resume_after, frontend/lift_target.c: the branch's exit comes
     * next), so code lifted after the slot could be stale: end here. */
    if (lift_may_write_memory(slot)) return false;
    enum static_test st = static_test(br, k->test);
    unsigned kind = k->link != LINK_NONE || k->target == TGT_REGISTER ? LIFT_SB_CALLS
                    : st == S_DYNAMIC                                 ? LIFT_SB_FORWARD
                                                                      : LIFT_SB_JUMPS;
    if (!(c->extend & kind)) return false;
    *exits = st == S_DYNAMIC ? 1 : 0;
    /* Backward conditional branches end the block: a loop's back edge to the
     * block's start is what the backend turns into a self loop. */
    if (st == S_DYNAMIC && known <= branch_pc) return false;
    *if_then = st == S_DYNAMIC && if_then_region(c, after, known);
    if (*if_then) {
        *next = known;
        *exits = 0;
        return true;
    }
    *taken_side = st == S_DYNAMIC && closes_loop(c, known) && !falls_into(c, after, known);
    if (*taken_side) {
        *next = known;
        return true;
    }
    *next = st == S_NEVER || st == S_DYNAMIC ? after : known;
    return true;
}

bool lift_branch(struct lift_ctx *c, const struct mips_insn *br, const struct mips_insn *slot,
                 uint32_t *next)
{
    const struct branch_kind *k = &kinds[br->op];
    uint32_t after = c->pc + 8, known = 0, go = 0;
    unsigned exits = 0;
    bool taken_side = false, if_then = false;
    ir_val_t taken = taken_value(c, br, k->test), target;
    bool target_known = target_value(c, br, k->target, &target, &known);
    bool extend =
        continuation(c, br, slot, k, target_known, known, &go, &exits, &taken_side, &if_then);
    if (k->link != LINK_NONE) {
        unsigned r = k->link == LINK_RD ? br->rd : 31;
        lift_set_gpr(c, r, lift_k(c, after));
        if (r != 0) c->known_mask |= 1u << r, c->known[r] = after;
    }
    if (k->likely && taken != IR_NONE)
        ir_exit_if(c->b, IR_EQ, taken, lift_k(c, 0), after, c->icount + 1);
    lift_slot(c, br, slot, taken, target);

    if (extend && lift_may_extend(c, go, exits)) {
        if (if_then)
            lift_if_then(c, taken, after, go);
        else if (exits && taken_side)
            ir_exit_if(c->b, IR_EQ, taken, lift_k(c, 0), after, c->icount);
        else if (exits)
            ir_exit_if(c->b, IR_NE, taken, lift_k(c, 0), known, c->icount);
        *next = go;
        return true;
    }
    if (!target_known)
        ir_exit_indirect(c->b, target, c->icount);
    else if (taken != IR_NONE && !k->likely) {
        ir_exit_if(c->b, IR_NE, taken, lift_k(c, 0), known, c->icount);
        ir_exit(c->b, after, c->icount);
    } else
        ir_exit(c->b, known, c->icount);
    return false;
}
