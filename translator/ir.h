/* translator/ir.h — tern's intermediate representation: one translated block as
 * a straight list of typed three-address operations, built by a frontend,
 * rewritten by the passes (translator/opt_*.c), lowered by a backend
 * (translator/x86/).
 *
 * The IR knows nothing of MIPS. What it knows:
 *  - Values (struct ir_value, numbered ir_val_t) of type I32 or I64, of three kinds:
 *      global   a variable that lives in the CPU state block at a fixed byte
 *               offset (a guest register); it survives the block. The backend
 *               may cache it in a host register inside the block, and writes it
 *               back at exits and at every op that needs memory to be current
 *               (IR_FLAG_SYNC ops: calls, memory accesses that may fault).
 *      temp     a block-local value, written once or more, dead after the block.
 *      const    an immediate; the builder shares one value per (type, constant).
 *  - A block is one basic block with side exits: control enters at the top and
 *    leaves through an exit op (IR_EXIT, IR_EXIT_IF, IR_EXIT_INDIRECT, or the
 *    raise path of an op that can raise). There are no internal labels, so a
 *    register allocator needs no merges.
 *  - Every op that can leave the block (exits, raising ops) carries `icount`,
 *    the number of guest instructions that have retired when it leaves that way,
 *    and the ops that can raise carry `pc`, the guest address to report, and
 *    `pc_flags` (opaque to the IR, e.g. "in a delay slot").
 *
 *   struct ir_block *b = ir_block_new();
 *   ir_val_t r2 = ir_global(b, IR_I32, offsetof(struct cpu, gpr[2]), "v0");
 *   ir_val_t t = ir_binop(b, IR_ADD, r2, ir_const32(b, 5));
 *   ir_set(b, r2, t);
 *   ir_exit(b, 0x80001008, 2);
 *   ir_print(b, stdout);
 *   ir_block_free(b);
 */
#ifndef TERN_TRANSLATOR_IR_H
#define TERN_TRANSLATOR_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef uint16_t ir_val_t; /* index into ir_block.vals; IR_NONE when absent */
#define IR_NONE ((ir_val_t)0xffff)

enum ir_type { IR_I32, IR_I64 };

#define IR_GLOBAL_INDEX 256 /* slots of ir_block.global_index (a power of two) */
#define IR_CONST_INDEX 1024 /* slots of ir_block.const_index (a power of two) */

enum ir_val_kind { IR_VAL_TEMP, IR_VAL_GLOBAL, IR_VAL_CONST };

struct ir_value {
    uint8_t kind; /* enum ir_val_kind */
    uint8_t type; /* enum ir_type */
    uint16_t global_offset; /* IR_VAL_GLOBAL: byte offset in the CPU state */
    uint64_t constant; /* IR_VAL_CONST: the value (I32 ones zero-extended) */
    const char *name; /* IR_VAL_GLOBAL: for the printer */
};

/* Conditions of IR_SETCOND, IR_SELECT and IR_EXIT_IF (signed and unsigned). */
enum ir_cond {
    IR_EQ, IR_NE, IR_LT, IR_GE, IR_LE, IR_GT, IR_LTU, IR_GEU, IR_LEU, IR_GTU,
    IR_COND_COUNT
};

/* Operations. Operands are a, b, c; the result is dst. Types: all operands
 * and dst of one op share its type (ir_insn.type) unless the line says else. */
enum ir_opcode {
    IR_NOP, /* removed by a pass; ignored by everything */
    IR_MOV, /* dst = a */
    IR_SET, /* global a = b (a is an IR_VAL_GLOBAL) */

    /* Arithmetic and logic. Shift counts use the low 5 (I32) or 6 (I64) bits of b. */
    IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_SHL, IR_SHR, IR_SAR, IR_ROTR,
    IR_NOT, /* dst = ~a */
    IR_NEG, /* dst = -a */
    IR_MULHS, /* dst = high half of the signed double-width product a * b */
    IR_MULHU, /* dst = high half of the unsigned double-width product a * b */
    /* Division: dst = a / b or a % b, truncating; the frontend guarantees b != 0
     * and not (INT_MIN / -1) or handles those cases itself with IR_SELECT. */
    IR_DIVS, IR_DIVU, IR_REMS, IR_REMU,
    IR_CLZ, /* count leading zeros; the width when a == 0 */
    IR_BSWAP, /* reverse the bytes of a */

    /* Width changes: dst has type I64 for the extensions, I32 for TRUNC. */
    IR_ZEXT, /* I32 a -> I64 dst */
    IR_SEXT, /* I32 a -> I64 dst */
    IR_TRUNC, /* I64 a -> I32 dst, low half */
    /* Within one type: dst = a with bits above the given width sign/zero-extended. */
    IR_SEXT8, IR_SEXT16, IR_ZEXT8, IR_ZEXT16,

    /* Bit fields: dst = (a >> imm_lo) & mask(imm_len)  /  a with that field = b.
     * The field must be 1 <= len and lo + len <= the width; others are undefined. */
    IR_EXTRACT, /* uses ir_insn.imm = lo | len << 8 */
    IR_DEPOSIT, /* uses ir_insn.imm = lo | len << 8 */

    IR_SETCOND, /* dst (I32) = cond(a, b) ? 1 : 0 */
    IR_SELECT, /* dst = (c != 0) ? a : b; c is I32 */

    /* Guest memory (through the soft MMU). Address = a + imm (both I32).
     * ir_insn.mem says the size (1, 2, 4, 8), sign extension and byte order.
     * A fault leaves through the raise path (pc, pc_flags, icount). */
    IR_LOAD, /* dst = memory[a + imm] */
    IR_STORE, /* memory[a + imm] = b */

    /* A call of a C helper: dst = fn(cpu, a, b, c) (unused operands are IR_NONE;
     * dst may be IR_NONE). ir_insn.call_flags says what it touches. */
    IR_CALL,

    /* Leaving the block. Direct exits are chainable: once the target block
     * exists the backend's jump goes straight there. */
    IR_EXIT, /* continue at guest pc imm */
    IR_EXIT_IF, /* if cond(a, b): continue at guest pc imm; else fall through */
    IR_EXIT_INDIRECT, /* continue at guest pc a (I32), through the jump cache */
    IR_RAISE_IF, /* if a != 0: raise; helper fn records the exception: fn(cpu, imm) */

    IR_OPCODE_COUNT
};

/* What an IR_CALL's helper may do; the backend writes back cached globals before
 * a call that reads them, reloads after one that writes them, and checks for a
 * raised exception after one that can raise. */
enum ir_call_flags {
    IR_CALL_PURE = 0, /* reads only its arguments */
    IR_CALL_READS_GLOBALS = 1u << 0,
    IR_CALL_WRITES_GLOBALS = 1u << 1,
    IR_CALL_CAN_RAISE = 1u << 2, /* returns non-zero when it raised an exception
                                    (recorded in the CPU state); such a call has
                                    no other result: its dst is IR_NONE */
    IR_CALL_ENDS_BLOCK = 1u << 3, /* the helper set the next pc itself: exit after */
    /* With CAN_RAISE: the helper only asks whether a store at address a may
     * proceed, raising the store's fault when not; on a flat target with a
     * page map (translator/target.h flat_prot_offset) it raises exactly when
     * the page lacks flat_prot_write, so a backend may test that byte inline
     * and call the helper only to raise. */
    IR_CALL_STORE_PROBE = 1u << 4,
};

/* The inline form of an IR_CALL (ir_insn.imm, 0 = none; set with
 * ir_call_set_fp): the call still means "run the helper", and the evaluator
 * does just that, but imm describes the IEEE operation the helper performs so
 * that a backend may run it inline, and call the helper only when its fast
 * sequence cannot give exactly the helper's effect (NaN, traps, flushing,
 * any exception but Inexact). The description:
 *  - a register file of 8-byte slots at `file` in the CPU state; a 32-bit
 *    value is bits 31..0 of its slot; a 64-bit value is its whole slot, or
 *    with `split` two halves: low in slot r (r even), high in slot r + 1;
 *  - a 32-bit status word at `status` laid out as IR_FP_STATUS_* (rounding
 *    mode, sticky flags, enables, cause, flush-to-zero, condition bits);
 *  - ADD..NMSUB: dst = op(src1, src2[, src3]) in the status' rounding mode
 *    (the multiply-adds round twice: product, then sum; N forms negate),
 *    cause = the exceptions raised, flags |= them;
 *  - CMP: condition bit `dst` (0..7) = predicate `cond` on (src1, src2):
 *    bit 0 true when unordered, bit 1 when equal, bit 2 when less, bit 3
 *    signalling; cause = the exceptions raised;
 *  - CVT_S / CVT_D: dst (single / double) = src1 converted from a double
 *    (f64), a single, or a 32-bit integer (from_int), in the status' mode;
 *  - TRUNC_W: dst (32-bit integer) = src1 (double when f64, else single)
 *    rounded toward zero. */
enum ir_fp_kind {
    IR_FP_NONE, IR_FP_ADD, IR_FP_SUB, IR_FP_MUL, IR_FP_DIV, IR_FP_SQRT,
    IR_FP_MADD, IR_FP_MSUB, IR_FP_NMADD, IR_FP_NMSUB, IR_FP_CMP,
    IR_FP_CVT_S, IR_FP_CVT_D, IR_FP_TRUNC_W,
    IR_FP_KIND_COUNT
};

#define IR_FP_STATUS_RM_MASK 0x3u /* 0 nearest, 1 toward zero, 2 up, 3 down */
#define IR_FP_STATUS_FLAGS_SHIFT 2 /* five bits: inexact, underflow, overflow, div0, invalid */
#define IR_FP_STATUS_ENABLES_SHIFT 7 /* five bits, same order */
#define IR_FP_STATUS_CAUSE_SHIFT 12 /* six bits, same order, then unimplemented */
#define IR_FP_STATUS_FLUSH (1u << 24)
#define IR_FP_STATUS_COND0 23 /* condition bit 0; bits 1..7 are at 25..31 */

struct ir_fp_inline {
    uint8_t kind; /* enum ir_fp_kind */
    bool f64; /* double precision (else single) */
    bool split; /* 64-bit values in two slots (see above) */
    bool from_int; /* CVT_S, CVT_D: the source is a 32-bit integer */
    uint8_t dst, src1, src2, src3; /* slot numbers 0..31; CMP: dst = condition bit */
    uint8_t cond; /* CMP: the predicate (0..15) */
    uint16_t file, status; /* byte offsets in the CPU state */
};

/* The imm encoding of d (non-zero when d.kind is not IR_FP_NONE). */
static inline int64_t ir_fp_inline_pack(struct ir_fp_inline d)
{
    return (int64_t)((uint64_t)d.kind | (uint64_t)d.f64 << 4 | (uint64_t)d.split << 5 |
                     (uint64_t)d.from_int << 6 |
                     (uint64_t)(d.dst & 31) << 8 | (uint64_t)(d.src1 & 31) << 13 |
                     (uint64_t)(d.src2 & 31) << 18 | (uint64_t)(d.src3 & 31) << 23 |
                     (uint64_t)(d.cond & 15) << 28 | (uint64_t)d.file << 32 |
                     (uint64_t)d.status << 48);
}

/* The description encoded in imm (kind IR_FP_NONE when there is none). */
static inline struct ir_fp_inline ir_fp_inline_unpack(int64_t imm)
{
    uint64_t v = (uint64_t)imm;
    struct ir_fp_inline d = {
        .kind = (uint8_t)(v & 15),     .f64 = (v >> 4) & 1,
        .split = (v >> 5) & 1,         .from_int = (v >> 6) & 1,
        .dst = (uint8_t)((v >> 8) & 31),
        .src1 = (uint8_t)((v >> 13) & 31), .src2 = (uint8_t)((v >> 18) & 31),
        .src3 = (uint8_t)((v >> 23) & 31), .cond = (uint8_t)((v >> 28) & 15),
        .file = (uint16_t)(v >> 32),   .status = (uint16_t)(v >> 48),
    };
    if (d.kind >= IR_FP_KIND_COUNT) d.kind = IR_FP_NONE;
    return d;
}

/* Guest memory access shape. */
enum ir_mem_flags {
    IR_MEM_SIZE_MASK = 0x0f, /* 1, 2, 4 or 8 bytes */
    IR_MEM_SIGNED = 0x10, /* sign-extend a narrow load */
    IR_MEM_BIG_ENDIAN = 0x20,
};

/* One helper a block may call: the backend calls fn with the CPU pointer first. */
struct ir_helper {
    const char *name;
    uint64_t (*fn)(void *cpu, uint64_t a, uint64_t b, uint64_t c);
    uint8_t call_flags; /* enum ir_call_flags */
};

struct ir_insn {
    uint8_t op; /* enum ir_opcode */
    uint8_t type; /* enum ir_type */
    uint8_t cond; /* enum ir_cond (SETCOND, EXIT_IF) */
    uint8_t mem; /* enum ir_mem_flags (LOAD, STORE) */
    ir_val_t dst, a, b, c;
    int64_t imm; /* offset, pc, shift field, exception code, per op */
    const struct ir_helper *helper; /* CALL, RAISE_IF */
    uint32_t pc; /* guest pc reported when this op raises */
    uint16_t pc_flags; /* frontend's meaning, reported with pc */
    uint16_t icount; /* guest instructions retired when leaving through this op */
};

struct ir_block {
    struct ir_value *vals;
    unsigned nvals, vals_cap;
    struct ir_insn *insns;
    unsigned ninsns, insns_cap;
    uint32_t guest_pc; /* first guest instruction (for the printer and stats) */
    unsigned guest_insns; /* guest instructions in the block */
    bool oom; /* an allocation failed: the block is unusable */
    /* Some global is not a word at a word offset, so two may overlap (an i64
     * over two i32 halves); without one, no pass needs to look for overlaps. */
    bool odd_globals;
    /* Open-addressed indexes (value + 1; 0 = empty) so declaring a global or a
     * constant is O(1), not a scan of every value: the lifter runs per block. */
    uint16_t global_index[IR_GLOBAL_INDEX];
    uint16_t const_index[IR_CONST_INDEX];
};

/* Makes an empty block; NULL when out of memory. */
struct ir_block *ir_block_new(void);

/* Empties a block for reuse, keeping its storage. */
void ir_block_reset(struct ir_block *b);

/* Frees a block and everything in it; NULL is allowed. */
void ir_block_free(struct ir_block *b);

/* Declares (or finds) the global at byte offset `offset` of the CPU state. */
ir_val_t ir_global(struct ir_block *b, enum ir_type type, unsigned offset, const char *name);

/* A new block-local temporary of the given type. */
ir_val_t ir_temp(struct ir_block *b, enum ir_type type);

/* The shared constant value of that type (I32 constants are stored zero-extended). */
ir_val_t ir_const32(struct ir_block *b, uint32_t v);
ir_val_t ir_const64(struct ir_block *b, uint64_t v);

/* Appends an op and returns a pointer to it (valid until the next append);
 * the builders below are the usual way in. NULL when out of memory. */
struct ir_insn *ir_append(struct ir_block *b, enum ir_opcode op, enum ir_type type);

/* dst = op(a, b) into a new temp of a's type. */
ir_val_t ir_binop(struct ir_block *b, enum ir_opcode op, ir_val_t x, ir_val_t y);

/* dst = op(a) into a new temp: NOT, NEG, CLZ, BSWAP, SEXT8..ZEXT16 keep a's
 * type; ZEXT and SEXT make I64; TRUNC makes I32. */
ir_val_t ir_unop(struct ir_block *b, enum ir_opcode op, ir_val_t x);

/* dst (I32) = cond(x, y) ? 1 : 0. */
ir_val_t ir_setcond(struct ir_block *b, enum ir_cond cond, ir_val_t x, ir_val_t y);

/* dst = c ? x : y. */
ir_val_t ir_select(struct ir_block *b, ir_val_t c, ir_val_t x, ir_val_t y);

/* dst = bits [lo, lo+len) of x; and x with those bits replaced by the low bits of y. */
ir_val_t ir_extract(struct ir_block *b, ir_val_t x, unsigned lo, unsigned len);
ir_val_t ir_deposit(struct ir_block *b, ir_val_t x, ir_val_t y, unsigned lo, unsigned len);

/* Global g = x. */
void ir_set(struct ir_block *b, ir_val_t g, ir_val_t x);

/* dst = memory[addr + offset]; type I32 for sizes 1..4, I64 for 8. */
ir_val_t ir_load(struct ir_block *b, ir_val_t addr, int32_t offset, unsigned mem_flags,
                 uint32_t pc, uint16_t pc_flags, uint16_t icount);

/* memory[addr + offset] = x. */
void ir_store(struct ir_block *b, ir_val_t addr, int32_t offset, ir_val_t x, unsigned mem_flags,
              uint32_t pc, uint16_t pc_flags, uint16_t icount);

/* dst = helper(cpu, x, y, z); returns IR_NONE when ret_type is negative (no result).
 * Can-raise helpers report pc/pc_flags/icount like a memory access. */
ir_val_t ir_call(struct ir_block *b, const struct ir_helper *h, int ret_type, ir_val_t x,
                 ir_val_t y, ir_val_t z, uint32_t pc, uint16_t pc_flags, uint16_t icount);

/* Gives the last op appended, when it is an IR_CALL, the inline form d. */
static inline void ir_call_set_fp(struct ir_block *b, struct ir_fp_inline d)
{
    if (b->ninsns && b->insns[b->ninsns - 1].op == IR_CALL)
        b->insns[b->ninsns - 1].imm = ir_fp_inline_pack(d);
}

/* Leaves for guest pc `target` (direct, chainable). */
void ir_exit(struct ir_block *b, uint32_t target, uint16_t icount);

/* Leaves for `target` when cond(x, y) holds. */
void ir_exit_if(struct ir_block *b, enum ir_cond cond, ir_val_t x, ir_val_t y, uint32_t target,
                uint16_t icount);

/* Leaves for the guest pc held in x (jump-cache lookup). */
void ir_exit_indirect(struct ir_block *b, ir_val_t x, uint16_t icount);

/* When x != 0, calls h(cpu, code) to record an exception and leaves through the
 * raise path reporting pc/pc_flags/icount. */
void ir_raise_if(struct ir_block *b, ir_val_t x, const struct ir_helper *h, int64_t code,
                 uint32_t pc, uint16_t pc_flags, uint16_t icount);

/* True for ops that end or may end the block (exits, raises, can-raise calls, memory). */
bool ir_op_can_leave(const struct ir_insn *in);

/* The value an op writes, or IR_NONE (IR_SET writes its global operand a). */
ir_val_t ir_insn_def(const struct ir_insn *in);

/* Calls fn for each value an op reads (IR_SET's global operand is not read).
 * Inline: every pass and the allocator call it per op, and inlined, fn is
 * inlined too (it was 3% of translating a short run as a call per value). */
static inline void ir_insn_foreach_use(const struct ir_insn *in, void (*fn)(ir_val_t v, void *ctx),
                                       void *ctx)
{
    if (in->op == IR_NOP)
        return;
    if (in->a != IR_NONE && in->op != IR_SET)
        fn(in->a, ctx);
    if (in->b != IR_NONE)
        fn(in->b, ctx);
    if (in->c != IR_NONE)
        fn(in->c, ctx);
}

/* The printable name of an opcode ("add", "exit_if", ...). */
const char *ir_opcode_name(enum ir_opcode op);

/* The printable name of a condition ("eq", "ltu", ...). */
const char *ir_cond_name(enum ir_cond cond);

/* Prints the block, one op a line, in the `-d op` format. */
void ir_print(const struct ir_block *b, FILE *out);

/* Checks the block's invariants (operand kinds and types, a terminating exit,
 * values defined before use); returns NULL when it is sound, else a static
 * message naming the first problem (with the op index in *at). */
const char *ir_verify(const struct ir_block *b, unsigned *at);

#endif
