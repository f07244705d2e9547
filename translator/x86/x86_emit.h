/* translator/x86/x86_emit.h — the x86-64 instruction encoder of tern's JIT backend.
 *
 * Typed emit functions write machine code into a byte buffer; no text assembly,
 * no knowledge of MIPS or of the IR. Every emitter either writes one whole
 * instruction or, when it does not fit or its operands cannot be encoded,
 * writes nothing and sets a flag; once a flag is set nothing more is written,
 * so the caller checks once per block:
 *
 *   struct x86_buf b;
 *   x86_buf_init(&b, mem, size);
 *   x86_emit_mov_rm(&b, X86_W32, X86_RAX, x86_mem_base(X86_RDI, 8));  // mov eax, [rdi+8]
 *   x86_emit_alu_ri(&b, X86_ADD, X86_W32, X86_RAX, 1);                 // add eax, 1
 *   size_t skip = x86_emit_jcc_rel32(&b, X86_CC_E, 0);                 // je ...
 *   x86_emit_ret(&b);
 *   x86_patch_rel32(&b, skip, x86_buf_offset(&b));                     // ... to here
 *   if (!x86_buf_ok(&b)) ... retry with a fresh buffer
 *
 * Width scheme: every emitter with a size takes an enum x86_width. The integer
 * ALU, mov, test, shift and unary group take 8/16/32/64 (8-bit operands 4..7 are
 * spl/bpl/sil/dil: a REX prefix is always added for them, never ah..bh); the
 * others say which widths they take. Immediates are at most 32 bits and are
 * sign-extended by the CPU for 64-bit operations, except x86_emit_mov_ri.
 */
#ifndef TERN_TRANSLATOR_X86_EMIT_H
#define TERN_TRANSLATOR_X86_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Code buffer: p is the next byte, [start, end) the space. */
struct x86_buf {
    uint8_t *p, *start, *end;
    bool overflow; /* an instruction did not fit: nothing of it was written */
    bool invalid;  /* an operand combination cannot be encoded (e.g. rsp as index) */
};

/* General-purpose registers in hardware encoding order. */
enum x86_gpr {
    X86_RAX,
    X86_RCX,
    X86_RDX,
    X86_RBX,
    X86_RSP,
    X86_RBP,
    X86_RSI,
    X86_RDI,
    X86_R8,
    X86_R9,
    X86_R10,
    X86_R11,
    X86_R12,
    X86_R13,
    X86_R14,
    X86_R15,
    X86_RIP = 16,   /* only as x86_mem base: rip-relative */
    X86_NOREG = -1, /* only as x86_mem base/index: absent */
};

/* SSE registers xmm0..xmm15 are plain numbers 0..15. */
typedef int x86_xmm;

/* Condition codes in hardware order (the low nibble of jcc/setcc/cmovcc). */
enum x86_cond {
    X86_CC_O,
    X86_CC_NO,
    X86_CC_B,
    X86_CC_AE,
    X86_CC_E,
    X86_CC_NE,
    X86_CC_BE,
    X86_CC_A,
    X86_CC_S,
    X86_CC_NS,
    X86_CC_P,
    X86_CC_NP,
    X86_CC_L,
    X86_CC_GE,
    X86_CC_LE,
    X86_CC_G,
};

/* Operand width in bits. */
enum x86_width { X86_W8 = 8, X86_W16 = 16, X86_W32 = 32, X86_W64 = 64 };

/* The eight classic ALU operations, numbered as their ModRM /digit. */
enum x86_alu { X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP };

/* Shifts and rotates (group 2), numbered as their ModRM /digit. */
enum x86_shift {
    X86_ROL = 0,
    X86_ROR = 1,
    X86_RCL = 2,
    X86_RCR = 3,
    X86_SHL = 4,
    X86_SHR = 5,
    X86_SAR = 7
};

/* One-operand group 3 operations, numbered as their ModRM /digit. MUL/IMUL1
 * multiply rAX into rDX:rAX; DIV/IDIV divide rDX:rAX (or ax for 8 bits). */
enum x86_unop { X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6, X86_IDIV = 7 };

/* Scalar SSE precision: single (ss, F3 prefix) or double (sd, F2 prefix). */
enum x86_fp { X86_FP_S, X86_FP_D };

/* Scalar SSE arithmetic, numbered as their 0F xx opcode byte. */
enum x86_sse_op {
    X86_SSE_SQRT = 0x51,
    X86_SSE_ADD = 0x58,
    X86_SSE_MUL = 0x59,
    X86_SSE_SUB = 0x5c,
    X86_SSE_MIN = 0x5d,
    X86_SSE_DIV = 0x5e,
    X86_SSE_MAX = 0x5f
};

/* Memory operand [base + index*scale + disp]. base may be X86_NOREG (absolute
 * or index-only) or X86_RIP (disp counts from the end of the instruction);
 * index may be X86_NOREG, never X86_RSP; scale is 1, 2, 4 or 8. */
struct x86_mem {
    int8_t base;
    int8_t index;
    uint8_t scale;
    int32_t disp;
};

/* Points b at size bytes of memory, empty, flags clear. */
void x86_buf_init(struct x86_buf *b, void *mem, size_t size);
/* Bytes written so far. */
size_t x86_buf_offset(const struct x86_buf *b);
/* True when neither overflow nor invalid was ever set. */
bool x86_buf_ok(const struct x86_buf *b);

/* The operand constructors are inline: the backend builds one per emitted
 * memory access, and as calls they cost more than the encoding of a store. */
/* [base + disp]. */
static inline struct x86_mem x86_mem_base(enum x86_gpr base, int32_t disp)
{
    return (struct x86_mem){.base = (int8_t)base, .index = X86_NOREG, .scale = 1, .disp = disp};
}
/* [base + index*scale + disp]; base may be X86_NOREG. */
static inline struct x86_mem x86_mem_sib(enum x86_gpr base, enum x86_gpr index, unsigned scale,
                                         int32_t disp)
{
    return (struct x86_mem){
        .base = (int8_t)base, .index = (int8_t)index, .scale = (uint8_t)scale, .disp = disp};
}
/* [rip + disp], disp counted from the end of the instruction. */
static inline struct x86_mem x86_mem_rip(int32_t disp)
{
    return x86_mem_base(X86_RIP, disp);
}
/* [disp] absolute, sign-extended to 64 bits. */
static inline struct x86_mem x86_mem_abs(int32_t disp)
{
    return x86_mem_base(X86_NOREG, disp);
}

/* --- moves (x86_emit.c) --- */
/* mov dst, src (any width). */
void x86_emit_mov_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src);
/* dst = imm in the shortest form: W64 picks mov r32 (zero-extends), mov r64 with
 * sign-extended imm32, or movabs; W8..W32 use the low bits of imm. */
void x86_emit_mov_ri(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, int64_t imm);
/* mov dst, [m] (any width). */
void x86_emit_mov_rm(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m);
/* mov [m], src (any width). */
void x86_emit_mov_mr(struct x86_buf *b, enum x86_width w, struct x86_mem m, enum x86_gpr src);
/* mov [m], imm (any width; W64 sign-extends imm). */
void x86_emit_mov_mi(struct x86_buf *b, enum x86_width w, struct x86_mem m, int32_t imm);
/* movzx dst, src: dw W16..W64, sw W8 or W16 (narrower than dw). */
void x86_emit_movzx_rr(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       enum x86_gpr src);
/* movzx dst, [m]: widths as for x86_emit_movzx_rr. */
void x86_emit_movzx_rm(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       struct x86_mem m);
/* movsx dst, src: widths as for x86_emit_movzx_rr. */
void x86_emit_movsx_rr(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       enum x86_gpr src);
/* movsx dst, [m]: widths as for x86_emit_movzx_rr. */
void x86_emit_movsx_rm(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       struct x86_mem m);
/* movsxd dst64, src32. */
void x86_emit_movsxd_rr(struct x86_buf *b, enum x86_gpr dst, enum x86_gpr src);
/* movsxd dst64, dword [m]. */
void x86_emit_movsxd_rm(struct x86_buf *b, enum x86_gpr dst, struct x86_mem m);
/* lea dst, [m] (W16..W64). */
void x86_emit_lea(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m);
/* movbe dst, [m] (W16..W64): a byte-swapping load. */
void x86_emit_movbe_rm(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m);
/* movbe [m], src (W16..W64): a byte-swapping store. */
void x86_emit_movbe_mr(struct x86_buf *b, enum x86_width w, struct x86_mem m, enum x86_gpr src);
/* bswap r (W32 or W64). */
void x86_emit_bswap(struct x86_buf *b, enum x86_width w, enum x86_gpr r);
/* cmov<cc> dst, src (W16..W64). */
void x86_emit_cmov_rr(struct x86_buf *b, enum x86_cond cc, enum x86_width w, enum x86_gpr dst,
                      enum x86_gpr src);
/* cmov<cc> dst, [m] (W16..W64). */
void x86_emit_cmov_rm(struct x86_buf *b, enum x86_cond cc, enum x86_width w, enum x86_gpr dst,
                      struct x86_mem m);
/* set<cc> r8 (the low byte of r; sil/dil/spl/bpl get a REX prefix). */
void x86_emit_setcc(struct x86_buf *b, enum x86_cond cc, enum x86_gpr r);
/* push r (64-bit). */
void x86_emit_push(struct x86_buf *b, enum x86_gpr r);
/* pop r (64-bit). */
void x86_emit_pop(struct x86_buf *b, enum x86_gpr r);

/* --- integer arithmetic (x86_emit_alu.c) --- */
/* <op> dst, src (any width). */
void x86_emit_alu_rr(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     enum x86_gpr src);
/* <op> dst, imm: the sign-extended imm8 form when imm fits, else imm8/16/32;
 * cmp dst, 0 is emitted as the shorter test dst, dst (same flags but AF). */
void x86_emit_alu_ri(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     int32_t imm);
/* <op> dst, [m] (any width). */
void x86_emit_alu_rm(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     struct x86_mem m);
/* <op> [m], src (any width). */
void x86_emit_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_width w, struct x86_mem m,
                     enum x86_gpr src);
/* <op> [m], imm: imm8 form when it fits, as x86_emit_alu_ri. */
void x86_emit_alu_mi(struct x86_buf *b, enum x86_alu op, enum x86_width w, struct x86_mem m,
                     int32_t imm);
/* test a, b2 (any width). */
void x86_emit_test_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr a, enum x86_gpr b2);
/* test r, imm (any width). */
void x86_emit_test_ri(struct x86_buf *b, enum x86_width w, enum x86_gpr r, int32_t imm);
/* test [m], imm (any width): e.g. a byte flag in the CPU state. */
void x86_emit_test_mi(struct x86_buf *b, enum x86_width w, struct x86_mem m, int32_t imm);
/* inc r (any width). */
void x86_emit_inc(struct x86_buf *b, enum x86_width w, enum x86_gpr r);
/* dec r (any width). */
void x86_emit_dec(struct x86_buf *b, enum x86_width w, enum x86_gpr r);
/* not/neg/mul/imul/div/idiv r (any width). */
void x86_emit_unop(struct x86_buf *b, enum x86_unop op, enum x86_width w, enum x86_gpr r);
/* <shift> r, n (any width; n == 1 uses the short D1 form). */
void x86_emit_shift_ri(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr r,
                       uint8_t n);
/* <shift> r, cl (any width). */
void x86_emit_shift_rcl(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr r);
/* imul dst, src (W16..W64). */
void x86_emit_imul_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src);
/* imul dst, src, imm (W16..W64; imm8 form when it fits). */
void x86_emit_imul_rri(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src,
                       int32_t imm);
/* cdq (W32: edx = sign of eax) or cqo (W64). */
void x86_emit_cdq(struct x86_buf *b, enum x86_width w);
/* bsr dst, src (W16..W64): dst undefined when src is 0. */
void x86_emit_bsr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src);
/* lzcnt dst, src (W16..W64; needs ABM/LZCNT, else it runs as bsr). */
void x86_emit_lzcnt(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src);
/* shlx/shrx/sarx dst, src, count (op X86_SHL/SHR/SAR; W32 or W64; needs BMI2):
 * a three-operand shift by a register other than cl, flags untouched. */
void x86_emit_shiftx(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr dst,
                     enum x86_gpr src, enum x86_gpr count);
/* rorx dst, src, n (W32 or W64; needs BMI2): a three-operand rotate right. */
void x86_emit_rorx(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src,
                   uint8_t n);

/* --- control flow (x86_emit_ctl.c) --- */
/* Each jump/call with a displacement returns the buffer offset of its rel
 * field, for x86_patch_rel8/32; rel counts from the end of the instruction. */
/* jmp rel8. */
size_t x86_emit_jmp_rel8(struct x86_buf *b, int8_t rel);
/* jmp rel32. */
size_t x86_emit_jmp_rel32(struct x86_buf *b, int32_t rel);
/* j<cc> rel8. */
size_t x86_emit_jcc_rel8(struct x86_buf *b, enum x86_cond cc, int8_t rel);
/* j<cc> rel32. */
size_t x86_emit_jcc_rel32(struct x86_buf *b, enum x86_cond cc, int32_t rel);
/* call rel32. */
size_t x86_emit_call_rel32(struct x86_buf *b, int32_t rel);
/* Points the rel32 field at offset at to offset target; false (nothing
 * written) when the field lies outside what was written. */
bool x86_patch_rel32(struct x86_buf *b, size_t at, size_t target);
/* As x86_patch_rel32 for a rel8 field; false also when target is out of reach. */
bool x86_patch_rel8(struct x86_buf *b, size_t at, size_t target);
/* Stores target - (field + 4) in a rel32 field anywhere (both pointers in the
 * same mapping), for chaining blocks; false when out of reach. */
bool x86_link_rel32(uint8_t *field, const uint8_t *target);
/* jmp r. */
void x86_emit_jmp_r(struct x86_buf *b, enum x86_gpr r);
/* jmp qword [m]. */
void x86_emit_jmp_m(struct x86_buf *b, struct x86_mem m);
/* call r. */
void x86_emit_call_r(struct x86_buf *b, enum x86_gpr r);
/* call qword [m]. */
void x86_emit_call_m(struct x86_buf *b, struct x86_mem m);
/* Calls an absolute address: mov rax, fn; call rax (rax is clobbered). */
void x86_emit_call_abs(struct x86_buf *b, const void *fn);
/* ret. */
void x86_emit_ret(struct x86_buf *b);
/* n bytes of the recommended multi-byte NOPs (9 bytes at most each). */
void x86_emit_nop(struct x86_buf *b, size_t n);
/* ud2: a guaranteed #UD, marks code that must not be reached. */
void x86_emit_ud2(struct x86_buf *b);
/* int3: a breakpoint trap. */
void x86_emit_int3(struct x86_buf *b);

/* --- SSE2 scalar floating point (x86_emit_sse.c) --- */
/* movd xmm, r32 (W32) or movq xmm, r64 (W64). */
void x86_emit_movd_xr(struct x86_buf *b, enum x86_width w, x86_xmm dst, enum x86_gpr src);
/* movd r32, xmm (W32) or movq r64, xmm (W64). */
void x86_emit_movd_rx(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, x86_xmm src);
/* movss/movsd dst, [m]: loads and zeroes the upper lanes. */
void x86_emit_movs_xm(struct x86_buf *b, enum x86_fp fp, x86_xmm dst, struct x86_mem m);
/* movss/movsd [m], src. */
void x86_emit_movs_mx(struct x86_buf *b, enum x86_fp fp, struct x86_mem m, x86_xmm src);
/* movaps dst, src: a whole-register copy (no merge dependency). */
void x86_emit_movaps_xx(struct x86_buf *b, x86_xmm dst, x86_xmm src);
/* <op>ss/<op>sd dst, src. */
void x86_emit_sse_xx(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                     x86_xmm src);
/* <op>ss/<op>sd dst, [m]. */
void x86_emit_sse_xm(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                     struct x86_mem m);
/* ucomiss/ucomisd a, b2: ZF/PF/CF as an unsigned compare, PF set when unordered. */
void x86_emit_ucomis_xx(struct x86_buf *b, enum x86_fp fp, x86_xmm a, x86_xmm b2);
/* cvtsi2ss/cvtsi2sd dst, src (src W32 or W64). */
void x86_emit_cvtsi2s(struct x86_buf *b, enum x86_fp fp, enum x86_width w, x86_xmm dst,
                      enum x86_gpr src);
/* cvt[t]ss2si/cvt[t]sd2si dst, src (dst W32 or W64); truncate picks the t
 * form, else MXCSR.RC rounds. Out of range gives the integer indefinite value. */
void x86_emit_cvts2si(struct x86_buf *b, enum x86_fp fp, enum x86_width w, enum x86_gpr dst,
                      x86_xmm src, bool truncate);
/* cvtss2sd (from X86_FP_S) or cvtsd2ss (from X86_FP_D) dst, src. */
void x86_emit_cvts2s(struct x86_buf *b, enum x86_fp from, x86_xmm dst, x86_xmm src);
/* stmxcsr dword [m]. */
void x86_emit_stmxcsr(struct x86_buf *b, struct x86_mem m);
/* ldmxcsr dword [m]. */
void x86_emit_ldmxcsr(struct x86_buf *b, struct x86_mem m);
/* unpcklps dst, src: dst lanes 0,1 = dst lane 0, src lane 0 (two 32-bit
 * halves into one 64-bit value). */
void x86_emit_unpcklps_xx(struct x86_buf *b, x86_xmm dst, x86_xmm src);
/* psrlq dst, n: each 64-bit lane shifted right by n bits. */
void x86_emit_psrlq_xi(struct x86_buf *b, x86_xmm dst, uint8_t n);
/* AVX: v<op>s{s,d} dst, src1, src2 (dst = src1 op src2; SQRT: dst = sqrt(src2)),
 * the upper lanes from src1. Needs a host with AVX. */
void x86_emit_vsse_xxx(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                       x86_xmm src1, x86_xmm src2);
/* FMA3: vfmsub231s{s,d} acc, x, y (acc = x * y - acc with one rounding). Needs FMA. */
void x86_emit_vfmsub231s(struct x86_buf *b, enum x86_fp fp, x86_xmm acc, x86_xmm x, x86_xmm y);

#endif
