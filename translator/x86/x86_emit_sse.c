/* translator/x86/x86_emit_sse.c — SSE/SSE2 scalar emitters for the FPU:
 * moves between xmm and general registers or memory, the scalar arithmetic,
 * ucomis, the int/float and float/double conversions, MXCSR access, and the
 * two packed moves that join and split a double's halves.
 * Scalar single takes the F3 prefix, scalar double F2 (SDM vol. 2, ch. 2.1.2).
 */
#include "translator/x86/x86_enc.h"

static uint8_t fp_prefix(enum x86_fp fp)
{
    return fp == X86_FP_D ? 0xf2 : 0xf3;
}

static bool xmm_ok(x86_xmm x)
{
    return x >= 0 && x < 16;
}

/* [66|F2|F3] [REX] 0F op with reg and a register (rm >= 0) or memory rm. */
static void emit_0f(struct x86_buf *b, bool p66, uint8_t pfx, bool rexw, uint8_t op, int reg,
                    int rm, struct x86_mem m)
{
    struct x86_enc e = x86_enc_width(X86_W32);
    e.size16 = p66;
    e.pfx = pfx;
    e.rexw = rexw;
    e.op[0] = 0x0f;
    e.op[1] = op;
    e.nop = 2;
    e.modrm = true;
    e.reg = (int8_t)reg;
    e.rm = (int8_t)rm;
    e.mem = m;
    x86_enc_emit(b, &e);
}

static const struct x86_mem no_mem = {X86_NOREG, X86_NOREG, 1, 0};

static bool w_ok(enum x86_width w)
{
    return w == X86_W32 || w == X86_W64;
}

void x86_emit_movd_xr(struct x86_buf *b, enum x86_width w, x86_xmm dst, enum x86_gpr src)
{
    if (x86_enc_require(b, w_ok(w) && xmm_ok(dst)))
        emit_0f(b, true, 0, w == X86_W64, 0x6e, dst, src, no_mem);
}

void x86_emit_movd_rx(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, x86_xmm src)
{
    if (x86_enc_require(b, w_ok(w) && xmm_ok(src)))
        emit_0f(b, true, 0, w == X86_W64, 0x7e, src, dst, no_mem);
}

void x86_emit_movs_xm(struct x86_buf *b, enum x86_fp fp, x86_xmm dst, struct x86_mem m)
{
    if (x86_enc_require(b, xmm_ok(dst))) emit_0f(b, false, fp_prefix(fp), false, 0x10, dst, -1, m);
}

void x86_emit_movs_mx(struct x86_buf *b, enum x86_fp fp, struct x86_mem m, x86_xmm src)
{
    if (x86_enc_require(b, xmm_ok(src))) emit_0f(b, false, fp_prefix(fp), false, 0x11, src, -1, m);
}

void x86_emit_movaps_xx(struct x86_buf *b, x86_xmm dst, x86_xmm src)
{
    if (x86_enc_require(b, xmm_ok(dst) && xmm_ok(src)))
        emit_0f(b, false, 0, false, 0x28, dst, src, no_mem);
}

static bool sse_op_ok(enum x86_sse_op op)
{
    return op == X86_SSE_SQRT || (op >= X86_SSE_ADD && op <= X86_SSE_MUL) ||
           (op >= X86_SSE_SUB && op <= X86_SSE_MAX);
}

void x86_emit_sse_xx(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                     x86_xmm src)
{
    if (x86_enc_require(b, sse_op_ok(op) && xmm_ok(dst) && xmm_ok(src)))
        emit_0f(b, false, fp_prefix(fp), false, (uint8_t)op, dst, src, no_mem);
}

void x86_emit_sse_xm(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                     struct x86_mem m)
{
    if (x86_enc_require(b, sse_op_ok(op) && xmm_ok(dst)))
        emit_0f(b, false, fp_prefix(fp), false, (uint8_t)op, dst, -1, m);
}

/* ucomiss is 0F 2E, ucomisd 66 0F 2E. */
void x86_emit_ucomis_xx(struct x86_buf *b, enum x86_fp fp, x86_xmm a, x86_xmm b2)
{
    if (x86_enc_require(b, xmm_ok(a) && xmm_ok(b2)))
        emit_0f(b, fp == X86_FP_D, 0, false, 0x2e, a, b2, no_mem);
}

void x86_emit_cvtsi2s(struct x86_buf *b, enum x86_fp fp, enum x86_width w, x86_xmm dst,
                      enum x86_gpr src)
{
    if (x86_enc_require(b, w_ok(w) && xmm_ok(dst)))
        emit_0f(b, false, fp_prefix(fp), w == X86_W64, 0x2a, dst, src, no_mem);
}

void x86_emit_cvts2si(struct x86_buf *b, enum x86_fp fp, enum x86_width w, enum x86_gpr dst,
                      x86_xmm src, bool truncate)
{
    if (x86_enc_require(b, w_ok(w) && xmm_ok(src)))
        emit_0f(b, false, fp_prefix(fp), w == X86_W64, truncate ? 0x2c : 0x2d, dst, src, no_mem);
}

void x86_emit_cvts2s(struct x86_buf *b, enum x86_fp from, x86_xmm dst, x86_xmm src)
{
    if (x86_enc_require(b, xmm_ok(dst) && xmm_ok(src)))
        emit_0f(b, false, fp_prefix(from), false, 0x5a, dst, src, no_mem);
}

/* 0F AE /3 and /2. */
void x86_emit_stmxcsr(struct x86_buf *b, struct x86_mem m)
{
    emit_0f(b, false, 0, false, 0xae, 3, -1, m);
}

void x86_emit_ldmxcsr(struct x86_buf *b, struct x86_mem m)
{
    emit_0f(b, false, 0, false, 0xae, 2, -1, m);
}

/* 0F 14 /r. */
void x86_emit_unpcklps_xx(struct x86_buf *b, x86_xmm dst, x86_xmm src)
{
    if (x86_enc_require(b, xmm_ok(dst) && xmm_ok(src)))
        emit_0f(b, false, 0, false, 0x14, dst, src, no_mem);
}

/* 66 0F 73 /2 ib. */
void x86_emit_psrlq_xi(struct x86_buf *b, x86_xmm dst, uint8_t n)
{
    if (!x86_enc_require(b, xmm_ok(dst))) return;
    struct x86_enc e = x86_enc_width(X86_W32);
    e.size16 = true;
    e.op[0] = 0x0f;
    e.op[1] = 0x73;
    e.nop = 2;
    e.modrm = true;
    e.reg = 2;
    e.rm = (int8_t)dst;
    e.nimm = 1;
    e.imm = n;
    x86_enc_emit(b, &e);
}

/* A register-only scalar op in VEX form (SDM vol. 2, 2.3.5): reg, vvvv (the
 * first source, stored inverted) and rm; map 1 is 0F, 2 is 0F38; pp 1 = 66,
 * 2 = F3, 3 = F2; L = 0 (scalar, LIG). The two-byte C5 form when it can
 * express it (map 0F, W0, no REX.X/B), as assemblers do. */
static void emit_vex_xxx(struct x86_buf *b, uint8_t map, uint8_t pp, bool w, uint8_t op,
                         x86_xmm reg, x86_xmm vvvv, x86_xmm rm)
{
    if (!x86_enc_require(b, xmm_ok(reg) && xmm_ok(vvvv) && xmm_ok(rm))) return;
    if (!x86_buf_room(b, 5)) return;
    uint8_t *p = b->p;
    if (map == 1 && !w && !(rm & 8)) { /* the two-byte C5 form: R, vvvv, L, pp */
        *p++ = 0xc5;
        *p++ = (uint8_t)((reg & 8 ? 0 : 0x80) | ((~vvvv & 15) << 3) | pp);
    } else {
        *p++ = 0xc4;
        *p++ = (uint8_t)((reg & 8 ? 0 : 0x80) | 0x40 | (rm & 8 ? 0 : 0x20) | map);
        *p++ = (uint8_t)((w ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp);
    }
    *p++ = op;
    *p++ = (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7));
    b->p = p;
}

void x86_emit_vsse_xxx(struct x86_buf *b, enum x86_sse_op op, enum x86_fp fp, x86_xmm dst,
                       x86_xmm src1, x86_xmm src2)
{
    if (x86_enc_require(b, sse_op_ok(op)))
        emit_vex_xxx(b, 1, fp == X86_FP_D ? 3 : 2, false, (uint8_t)op, dst, src1, src2);
}

/* VEX.LIG.66.0F38.W1 BB /r (sd), W0 (ss): acc = x * y - acc, rounded once. */
void x86_emit_vfmsub231s(struct x86_buf *b, enum x86_fp fp, x86_xmm acc, x86_xmm x, x86_xmm y)
{
    emit_vex_xxx(b, 2, 1, fp == X86_FP_D, 0xbb, acc, x, y);
}
