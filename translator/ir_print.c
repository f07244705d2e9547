/* translator/ir_print.c — the textual form of an IR block (`-d op`):
 *
 *   block 0x80001000 (3 guest insns)
 *     0  t5:i32 = add v0, 0x5
 *     1  set v0, t5
 *     2  exit 0x8000100c [icount 3]
 */
#include "translator/ir.h"

#include <inttypes.h>

static const char *const opcode_names[IR_OPCODE_COUNT] = {
    [IR_NOP] = "nop", [IR_MOV] = "mov", [IR_SET] = "set", [IR_ADD] = "add",
    [IR_SUB] = "sub", [IR_MUL] = "mul", [IR_AND] = "and", [IR_OR] = "or",
    [IR_XOR] = "xor", [IR_SHL] = "shl", [IR_SHR] = "shr", [IR_SAR] = "sar",
    [IR_ROTR] = "rotr", [IR_NOT] = "not", [IR_NEG] = "neg", [IR_MULHS] = "mulhs",
    [IR_MULHU] = "mulhu", [IR_DIVS] = "divs", [IR_DIVU] = "divu", [IR_REMS] = "rems",
    [IR_REMU] = "remu", [IR_CLZ] = "clz", [IR_BSWAP] = "bswap", [IR_ZEXT] = "zext",
    [IR_SEXT] = "sext", [IR_TRUNC] = "trunc", [IR_SEXT8] = "sext8", [IR_SEXT16] = "sext16",
    [IR_ZEXT8] = "zext8", [IR_ZEXT16] = "zext16", [IR_EXTRACT] = "extract",
    [IR_DEPOSIT] = "deposit", [IR_SETCOND] = "setcond", [IR_SELECT] = "select",
    [IR_LOAD] = "load", [IR_STORE] = "store", [IR_CALL] = "call", [IR_EXIT] = "exit",
    [IR_EXIT_IF] = "exit_if", [IR_EXIT_INDIRECT] = "exit_indirect", [IR_RAISE_IF] = "raise_if",
};

static const char *const cond_names[IR_COND_COUNT] = {
    "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

const char *ir_opcode_name(enum ir_opcode op)
{
    return op < IR_OPCODE_COUNT && opcode_names[op] ? opcode_names[op] : "?";
}

const char *ir_cond_name(enum ir_cond cond)
{
    return cond < IR_COND_COUNT ? cond_names[cond] : "?";
}

static const char *type_name(unsigned t)
{
    return t == IR_I64 ? "i64" : "i32";
}

static void print_value(const struct ir_block *b, ir_val_t v, FILE *out)
{
    if (v == IR_NONE || v >= b->nvals) {
        fputs("-", out);
        return;
    }
    const struct ir_value *val = &b->vals[v];
    if (val->kind == IR_VAL_CONST)
        fprintf(out, "0x%" PRIx64, val->constant);
    else if (val->kind == IR_VAL_GLOBAL)
        fputs(val->name ? val->name : "g?", out);
    else
        fprintf(out, "t%u", (unsigned)v);
}

/* Prints the operands a, b, c that are present, comma-separated. */
static void print_operands(const struct ir_block *b, const struct ir_insn *in, FILE *out)
{
    const ir_val_t ops[3] = {in->a, in->b, in->c};
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (ops[i] == IR_NONE)
            continue;
        fputs(first ? " " : ", ", out);
        print_value(b, ops[i], out);
        first = false;
    }
}

static void print_extra(const struct ir_insn *in, FILE *out)
{
    switch (in->op) {
    case IR_LOAD:
    case IR_STORE:
        fprintf(out, " +%" PRId64 " [%u%s%s pc 0x%08x]", in->imm, in->mem & IR_MEM_SIZE_MASK,
                in->mem & IR_MEM_SIGNED ? "s" : "u", in->mem & IR_MEM_BIG_ENDIAN ? " be" : "",
                in->pc);
        break;
    case IR_EXTRACT:
    case IR_DEPOSIT:
        fprintf(out, " [lo %u len %u]", (unsigned)(in->imm & 0xff),
                (unsigned)((in->imm >> 8) & 0xff));
        break;
    case IR_CALL:
        fprintf(out, " [%s]", in->helper ? in->helper->name : "?");
        break;
    case IR_RAISE_IF:
        fprintf(out, " [%s %" PRId64 " pc 0x%08x]", in->helper ? in->helper->name : "?",
                in->imm, in->pc);
        break;
    case IR_EXIT:
    case IR_EXIT_IF:
        fprintf(out, " -> 0x%08x", (uint32_t)in->imm);
        break;
    default:
        break;
    }
    if (ir_op_can_leave(in))
        fprintf(out, " [icount %u]", in->icount);
}

void ir_print(const struct ir_block *b, FILE *out)
{
    fprintf(out, "block 0x%08x (%u guest insns)\n", b->guest_pc, b->guest_insns);
    for (unsigned i = 0; i < b->ninsns; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP)
            continue;
        fprintf(out, "  %3u  ", i);
        if (in->dst != IR_NONE) {
            print_value(b, in->dst, out);
            fprintf(out, ":%s = ", type_name(b->vals[in->dst].type));
        }
        fputs(ir_opcode_name((enum ir_opcode)in->op), out);
        if (in->op == IR_SETCOND || in->op == IR_EXIT_IF)
            fprintf(out, ".%s", ir_cond_name((enum ir_cond)in->cond));
        print_operands(b, in, out);
        print_extra(in, out);
        fputc('\n', out);
    }
}
