/* translator/ir.c — building IR blocks: values (globals, temps, shared
 * constants) and the op builders of ir.h. */
#include "translator/ir.h"

#include <stdlib.h>
#include <string.h>

struct ir_block *ir_block_new(void)
{
    return calloc(1, sizeof(struct ir_block));
}

void ir_block_reset(struct ir_block *b)
{
    b->nvals = 0;
    b->ninsns = 0;
    b->guest_pc = 0;
    b->guest_insns = 0;
    b->oom = false;
    b->odd_globals = false;
    memset(b->global_index, 0, sizeof(b->global_index));
    memset(b->const_index, 0, sizeof(b->const_index));
}

void ir_block_free(struct ir_block *b)
{
    if (!b)
        return;
    free(b->vals);
    free(b->insns);
    free(b);
}

/* Grows an array to hold one more element; false (and b->oom) when it cannot. */
static bool reserve(struct ir_block *b, void **arr, unsigned *cap, unsigned n, size_t elem)
{
    if (n < *cap)
        return true;
    unsigned ncap = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, ncap * elem);
    if (!p) {
        b->oom = true;
        return false;
    }
    *arr = p;
    *cap = ncap;
    return true;
}

static ir_val_t new_value(struct ir_block *b, struct ir_value v)
{
    if (b->nvals >= IR_NONE) {
        b->oom = true;
        return IR_NONE;
    }
    if (!reserve(b, (void **)&b->vals, &b->vals_cap, b->nvals, sizeof(*b->vals)))
        return IR_NONE;
    b->vals[b->nvals] = v;
    return (ir_val_t)b->nvals++;
}

/* Finds the slot of an index for key: the slot holding a value that `same`
 * accepts, or the first empty one. A full index yields NULL (then scan). */
static uint16_t *index_slot(const struct ir_block *b, uint16_t *index, unsigned size, uint64_t key,
                            bool (*same)(const struct ir_value *, const void *), const void *want)
{
    unsigned h = (unsigned)((key * 0x9e3779b97f4a7c15ull) >> 40) & (size - 1);
    for (unsigned n = 0; n < size; n++, h = (h + 1) & (size - 1)) {
        if (!index[h] || same(&b->vals[index[h] - 1], want))
            return &index[h];
    }
    return NULL;
}

struct global_key {
    unsigned type, offset;
};

static bool same_global(const struct ir_value *v, const void *want)
{
    const struct global_key *k = want;
    return v->kind == IR_VAL_GLOBAL && v->global_offset == k->offset && v->type == k->type;
}

ir_val_t ir_global(struct ir_block *b, enum ir_type type, unsigned offset, const char *name)
{
    struct global_key k = {type, offset};
    uint16_t *slot = index_slot(b, b->global_index, IR_GLOBAL_INDEX, offset * 2u + type,
                                same_global, &k);
    if (slot && *slot)
        return (ir_val_t)(*slot - 1);
    if (!slot) { /* index full: fall back to a scan */
        for (unsigned i = 0; i < b->nvals; i++)
            if (same_global(&b->vals[i], &k))
                return (ir_val_t)i;
    }
    ir_val_t v = new_value(b, (struct ir_value){.kind = IR_VAL_GLOBAL, .type = (uint8_t)type,
                                                .global_offset = (uint16_t)offset, .name = name});
    if (type != IR_I32 || offset % 4 != 0) b->odd_globals = true;
    if (slot && v != IR_NONE)
        *slot = (uint16_t)(v + 1);
    return v;
}

ir_val_t ir_temp(struct ir_block *b, enum ir_type type)
{
    return new_value(b, (struct ir_value){.kind = IR_VAL_TEMP, .type = (uint8_t)type});
}

struct const_key {
    unsigned type;
    uint64_t value;
};

static bool same_const(const struct ir_value *v, const void *want)
{
    const struct const_key *k = want;
    return v->kind == IR_VAL_CONST && v->type == k->type && v->constant == k->value;
}

static ir_val_t constant(struct ir_block *b, enum ir_type type, uint64_t v)
{
    struct const_key k = {type, v};
    uint16_t *slot = index_slot(b, b->const_index, IR_CONST_INDEX, v * 2u + type, same_const, &k);
    if (slot && *slot)
        return (ir_val_t)(*slot - 1);
    if (!slot) {
        for (unsigned i = 0; i < b->nvals; i++)
            if (same_const(&b->vals[i], &k))
                return (ir_val_t)i;
    }
    ir_val_t c = new_value(b, (struct ir_value){.kind = IR_VAL_CONST, .type = (uint8_t)type,
                                                .constant = v});
    if (slot && c != IR_NONE)
        *slot = (uint16_t)(c + 1);
    return c;
}

ir_val_t ir_const32(struct ir_block *b, uint32_t v)
{
    return constant(b, IR_I32, v);
}

ir_val_t ir_const64(struct ir_block *b, uint64_t v)
{
    return constant(b, IR_I64, v);
}

struct ir_insn *ir_append(struct ir_block *b, enum ir_opcode op, enum ir_type type)
{
    if (!reserve(b, (void **)&b->insns, &b->insns_cap, b->ninsns, sizeof(*b->insns)))
        return NULL;
    struct ir_insn *in = &b->insns[b->ninsns++];
    *in = (struct ir_insn){.op = (uint8_t)op, .type = (uint8_t)type, .dst = IR_NONE,
                           .a = IR_NONE, .b = IR_NONE, .c = IR_NONE};
    return in;
}

static enum ir_type type_of(const struct ir_block *b, ir_val_t v)
{
    return v < b->nvals ? (enum ir_type)b->vals[v].type : IR_I32;
}

/* Appends op with dst = a new temp of dst_type; IR_NONE when out of memory. */
static ir_val_t emit(struct ir_block *b, enum ir_opcode op, enum ir_type dst_type,
                     ir_val_t x, ir_val_t y, ir_val_t z)
{
    ir_val_t dst = ir_temp(b, dst_type);
    struct ir_insn *in = ir_append(b, op, dst_type);
    if (!in || dst == IR_NONE)
        return IR_NONE;
    in->dst = dst;
    in->a = x;
    in->b = y;
    in->c = z;
    return dst;
}

ir_val_t ir_binop(struct ir_block *b, enum ir_opcode op, ir_val_t x, ir_val_t y)
{
    return emit(b, op, type_of(b, x), x, y, IR_NONE);
}

ir_val_t ir_unop(struct ir_block *b, enum ir_opcode op, ir_val_t x)
{
    enum ir_type t = op == IR_ZEXT || op == IR_SEXT ? IR_I64 : op == IR_TRUNC ? IR_I32
                                                                              : type_of(b, x);
    ir_val_t dst = emit(b, op, t, x, IR_NONE, IR_NONE);
    /* Width changes are typed by their source: the op's type is a's type. */
    if (dst != IR_NONE && (op == IR_ZEXT || op == IR_SEXT || op == IR_TRUNC))
        b->insns[b->ninsns - 1].type = (uint8_t)type_of(b, x);
    return dst;
}

ir_val_t ir_setcond(struct ir_block *b, enum ir_cond cond, ir_val_t x, ir_val_t y)
{
    ir_val_t dst = emit(b, IR_SETCOND, IR_I32, x, y, IR_NONE);
    if (dst != IR_NONE) {
        b->insns[b->ninsns - 1].type = (uint8_t)type_of(b, x);
        b->insns[b->ninsns - 1].cond = (uint8_t)cond;
    }
    return dst;
}

ir_val_t ir_select(struct ir_block *b, ir_val_t c, ir_val_t x, ir_val_t y)
{
    return emit(b, IR_SELECT, type_of(b, x), x, y, c);
}

ir_val_t ir_extract(struct ir_block *b, ir_val_t x, unsigned lo, unsigned len)
{
    ir_val_t dst = emit(b, IR_EXTRACT, type_of(b, x), x, IR_NONE, IR_NONE);
    if (dst != IR_NONE)
        b->insns[b->ninsns - 1].imm = lo | len << 8;
    return dst;
}

ir_val_t ir_deposit(struct ir_block *b, ir_val_t x, ir_val_t y, unsigned lo, unsigned len)
{
    ir_val_t dst = emit(b, IR_DEPOSIT, type_of(b, x), x, y, IR_NONE);
    if (dst != IR_NONE)
        b->insns[b->ninsns - 1].imm = lo | len << 8;
    return dst;
}

void ir_set(struct ir_block *b, ir_val_t g, ir_val_t x)
{
    struct ir_insn *in = ir_append(b, IR_SET, type_of(b, g));
    if (in) {
        in->a = g;
        in->b = x;
    }
}

static void set_origin(struct ir_insn *in, uint32_t pc, uint16_t pc_flags, uint16_t icount)
{
    in->pc = pc;
    in->pc_flags = pc_flags;
    in->icount = icount;
}

ir_val_t ir_load(struct ir_block *b, ir_val_t addr, int32_t offset, unsigned mem_flags,
                 uint32_t pc, uint16_t pc_flags, uint16_t icount)
{
    enum ir_type t = (mem_flags & IR_MEM_SIZE_MASK) == 8 ? IR_I64 : IR_I32;
    ir_val_t dst = emit(b, IR_LOAD, t, addr, IR_NONE, IR_NONE);
    if (dst == IR_NONE)
        return IR_NONE;
    struct ir_insn *in = &b->insns[b->ninsns - 1];
    in->imm = offset;
    in->mem = (uint8_t)mem_flags;
    set_origin(in, pc, pc_flags, icount);
    return dst;
}

void ir_store(struct ir_block *b, ir_val_t addr, int32_t offset, ir_val_t x, unsigned mem_flags,
              uint32_t pc, uint16_t pc_flags, uint16_t icount)
{
    struct ir_insn *in = ir_append(b, IR_STORE, type_of(b, x));
    if (!in)
        return;
    in->a = addr;
    in->b = x;
    in->imm = offset;
    in->mem = (uint8_t)mem_flags;
    set_origin(in, pc, pc_flags, icount);
}

ir_val_t ir_call(struct ir_block *b, const struct ir_helper *h, int ret_type, ir_val_t x,
                 ir_val_t y, ir_val_t z, uint32_t pc, uint16_t pc_flags, uint16_t icount)
{
    ir_val_t dst = ret_type < 0 ? IR_NONE : ir_temp(b, (enum ir_type)ret_type);
    struct ir_insn *in = ir_append(b, IR_CALL, ret_type < 0 ? IR_I32 : (enum ir_type)ret_type);
    if (!in)
        return IR_NONE;
    in->dst = dst;
    in->a = x;
    in->b = y;
    in->c = z;
    in->helper = h;
    set_origin(in, pc, pc_flags, icount);
    return dst;
}

void ir_exit(struct ir_block *b, uint32_t target, uint16_t icount)
{
    struct ir_insn *in = ir_append(b, IR_EXIT, IR_I32);
    if (in) {
        in->imm = target;
        in->icount = icount;
    }
}

void ir_exit_if(struct ir_block *b, enum ir_cond cond, ir_val_t x, ir_val_t y, uint32_t target,
                uint16_t icount)
{
    struct ir_insn *in = ir_append(b, IR_EXIT_IF, type_of(b, x));
    if (in) {
        in->cond = (uint8_t)cond;
        in->a = x;
        in->b = y;
        in->imm = target;
        in->icount = icount;
    }
}

void ir_exit_indirect(struct ir_block *b, ir_val_t x, uint16_t icount)
{
    struct ir_insn *in = ir_append(b, IR_EXIT_INDIRECT, IR_I32);
    if (in) {
        in->a = x;
        in->icount = icount;
    }
}

void ir_raise_if(struct ir_block *b, ir_val_t x, const struct ir_helper *h, int64_t code,
                 uint32_t pc, uint16_t pc_flags, uint16_t icount)
{
    struct ir_insn *in = ir_append(b, IR_RAISE_IF, IR_I32);
    if (in) {
        in->a = x;
        in->helper = h;
        in->imm = code;
        set_origin(in, pc, pc_flags, icount);
    }
}

bool ir_op_can_leave(const struct ir_insn *in)
{
    switch (in->op) {
    case IR_EXIT:
    case IR_EXIT_IF:
    case IR_EXIT_INDIRECT:
    case IR_RAISE_IF:
    case IR_LOAD:
    case IR_STORE:
        return true;
    case IR_CALL:
        return in->helper &&
               (in->helper->call_flags & (IR_CALL_CAN_RAISE | IR_CALL_ENDS_BLOCK));
    default:
        return false;
    }
}

ir_val_t ir_insn_def(const struct ir_insn *in)
{
    return in->op == IR_SET ? in->a : in->dst;
}
