/* translator/x86/x86_emit_alu.c — integer arithmetic emitters: the eight
 * classic ALU operations, test, inc/dec, group 3 (not/neg/mul/div), shifts and
 * rotates, imul, cdq/cqo, bsr/lzcnt. Opcode choices follow the SDM vol. 2
 * opcode map; the shortest encoding is picked where several exist.
 */
#include <string.h>

#include "translator/x86/x86_enc.h"

static bool width_ok(enum x86_width w)
{
    return w == X86_W8 || w == X86_W16 || w == X86_W32 || w == X86_W64;
}

static bool width_16up(enum x86_width w)
{
    return w == X86_W16 || w == X86_W32 || w == X86_W64;
}

/* The 8-bit form of most integer opcodes is the full-size one minus 1. */
static uint8_t sized(uint8_t op, enum x86_width w)
{
    return (uint8_t)(op - (w == X86_W8));
}

/* Bytes of the full-size immediate: imm16 for W16, imm32 (sign-extended for W64). */
static uint8_t imm_bytes(enum x86_width w)
{
    return w == X86_W64 ? 4 : (uint8_t)(w / 8);
}

/* An opcode (one byte, or 0F xx as 0x0fxx) with ModRM.reg = reg and a register
 * (rm >= 0) or the memory operand m in ModRM.rm, plus nimm immediate bytes.
 * digit says ModRM.reg holds an opcode extension, which is no byte register. */
static void emit_modrm(struct x86_buf *b, enum x86_width w, uint16_t op, bool digit, int reg,
                       int rm, struct x86_mem m, uint8_t nimm, int64_t imm)
{
    uint32_t bytes = op > 0xff ? (uint32_t)(op >> 8) | (uint32_t)(op & 0xff) << 8 : op;
    bool byte = w == X86_W8;
    x86_enc_modrm(b, w, 0, bytes, op > 0xff ? 2 : 1, reg, byte && !digit, rm, byte, m, nimm, imm);
}

static void emit_op(struct x86_buf *b, enum x86_width w, uint16_t op, int reg, int rm,
                    struct x86_mem m, uint8_t nimm, int64_t imm)
{
    emit_modrm(b, w, op, false, reg, rm, m, nimm, imm);
}

static void emit_digit(struct x86_buf *b, enum x86_width w, uint16_t op, int digit, int rm,
                       struct x86_mem m, uint8_t nimm, int64_t imm)
{
    emit_modrm(b, w, op, true, digit, rm, m, nimm, imm);
}

/* An opcode without ModRM (register 0 in its +r slot) and an immediate. */
static void emit_plain(struct x86_buf *b, enum x86_width w, uint8_t op, uint8_t nimm, int64_t imm)
{
    x86_enc_plus_r(b, w, op, 1, 0, false, nimm, imm);
}

static const struct x86_mem no_mem = {X86_NOREG, X86_NOREG, 1, 0};

/* 32 and 64 bits go straight to the buffer (x86_enc_try_*), the rest the careful way. */
static bool w32_64(enum x86_width w)
{
    return w == X86_W32 || w == X86_W64;
}

void x86_emit_alu_rr(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     enum x86_gpr src)
{
    uint8_t code = (uint8_t)(op * 8 + 1);
    if (w32_64(w) && x86_enc_try_rr(b, w == X86_W64, code, 1, src, dst, 0, 0)) return;
    if (x86_enc_require(b, width_ok(w))) emit_op(b, w, sized(code, w), src, dst, no_mem, 0, 0);
}

/* Group 1 with an immediate: 83 /op ib when it fits (not for bytes), the
 * accumulator short form (op*8+5) when the operand is rAX, else 81 /op. */
static void alu_imm(struct x86_buf *b, enum x86_alu op, enum x86_width w, int rm, struct x86_mem m,
                    int32_t imm)
{
    if (w != X86_W8 && x86_fits_i8(imm)) {
        emit_digit(b, w, 0x83, op, rm, m, 1, imm);
    } else if (rm == X86_RAX) {
        emit_plain(b, w, sized((uint8_t)(op * 8 + 5), w), w == X86_W8 ? 1 : imm_bytes(w), imm);
    } else {
        emit_digit(b, w, sized(0x81, w), op, rm, m, w == X86_W8 ? 1 : imm_bytes(w), imm);
    }
}

/* cmp r, 0 is test r, r, one byte shorter: both clear CF and OF and set ZF,
 * SF and PF from r (only AF differs, which no jcc/setcc/cmov reads). */
void x86_emit_alu_ri(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     int32_t imm)
{
    if (op == X86_CMP && imm == 0) {
        x86_emit_test_rr(b, w, dst, dst);
        return;
    }
    bool i8 = x86_fits_i8(imm);
    if (w32_64(w) && (i8 || dst != X86_RAX) &&
        x86_enc_try_rr(b, w == X86_W64, i8 ? 0x83 : 0x81, 1, op, dst, i8 ? 1 : 4, imm))
        return;
    if (x86_enc_require(b, width_ok(w))) alu_imm(b, op, w, dst, no_mem, imm);
}

void x86_emit_alu_rm(struct x86_buf *b, enum x86_alu op, enum x86_width w, enum x86_gpr dst,
                     struct x86_mem m)
{
    if (x86_enc_require(b, width_ok(w)))
        emit_op(b, w, sized((uint8_t)(op * 8 + 3), w), dst, -1, m, 0, 0);
}

void x86_emit_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_width w, struct x86_mem m,
                     enum x86_gpr src)
{
    if (x86_enc_require(b, width_ok(w)))
        emit_op(b, w, sized((uint8_t)(op * 8 + 1), w), src, -1, m, 0, 0);
}

void x86_emit_alu_mi(struct x86_buf *b, enum x86_alu op, enum x86_width w, struct x86_mem m,
                     int32_t imm)
{
    if (x86_enc_require(b, width_ok(w))) alu_imm(b, op, w, -1, m, imm);
}

void x86_emit_test_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr a, enum x86_gpr b2)
{
    if (w32_64(w) && x86_enc_try_rr(b, w == X86_W64, 0x85, 1, b2, a, 0, 0)) return;
    if (x86_enc_require(b, width_ok(w))) emit_op(b, w, sized(0x85, w), b2, a, no_mem, 0, 0);
}

void x86_emit_test_ri(struct x86_buf *b, enum x86_width w, enum x86_gpr r, int32_t imm)
{
    if (x86_enc_require(b, width_ok(w)))
        emit_digit(b, w, sized(0xf7, w), 0, r, no_mem, w == X86_W8 ? 1 : imm_bytes(w), imm);
}

void x86_emit_test_mi(struct x86_buf *b, enum x86_width w, struct x86_mem m, int32_t imm)
{
    if (x86_enc_require(b, width_ok(w)))
        emit_digit(b, w, sized(0xf7, w), 0, -1, m, w == X86_W8 ? 1 : imm_bytes(w), imm);
}

/* FE/FF /0 and /1: the one-byte 40+r forms are REX prefixes in long mode. */
void x86_emit_inc(struct x86_buf *b, enum x86_width w, enum x86_gpr r)
{
    if (x86_enc_require(b, width_ok(w))) emit_digit(b, w, sized(0xff, w), 0, r, no_mem, 0, 0);
}

void x86_emit_dec(struct x86_buf *b, enum x86_width w, enum x86_gpr r)
{
    if (x86_enc_require(b, width_ok(w))) emit_digit(b, w, sized(0xff, w), 1, r, no_mem, 0, 0);
}

void x86_emit_unop(struct x86_buf *b, enum x86_unop op, enum x86_width w, enum x86_gpr r)
{
    if (x86_enc_require(b, width_ok(w) && op >= X86_NOT && op <= X86_IDIV))
        emit_digit(b, w, sized(0xf7, w), op, r, no_mem, 0, 0);
}

/* Group 2: D1 /op for a count of 1, C1 /op ib otherwise, D3 /op by cl. The CPU
 * masks the count to 5 bits (6 for W64), so n is passed through unchanged. */
void x86_emit_shift_ri(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr r,
                       uint8_t n)
{
    if (!x86_enc_require(b, width_ok(w) && op >= X86_ROL && op <= X86_SAR && op != 6)) return;
    if (n == 1)
        emit_digit(b, w, sized(0xd1, w), op, r, no_mem, 0, 0);
    else
        emit_digit(b, w, sized(0xc1, w), op, r, no_mem, 1, n);
}

void x86_emit_shift_rcl(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr r)
{
    if (x86_enc_require(b, width_ok(w) && op >= X86_ROL && op <= X86_SAR && op != 6))
        emit_digit(b, w, sized(0xd3, w), op, r, no_mem, 0, 0);
}

void x86_emit_imul_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src)
{
    if (x86_enc_require(b, width_16up(w))) emit_op(b, w, 0x0faf, dst, src, no_mem, 0, 0);
}

void x86_emit_imul_rri(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src,
                       int32_t imm)
{
    if (!x86_enc_require(b, width_16up(w))) return;
    if (x86_fits_i8(imm))
        emit_op(b, w, 0x6b, dst, src, no_mem, 1, imm);
    else
        emit_op(b, w, 0x69, dst, src, no_mem, imm_bytes(w), imm);
}

void x86_emit_cdq(struct x86_buf *b, enum x86_width w)
{
    if (!x86_enc_require(b, w == X86_W32 || w == X86_W64)) return;
    emit_plain(b, w, 0x99, 0, 0);
}

void x86_emit_bsr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src)
{
    if (x86_enc_require(b, width_16up(w))) emit_op(b, w, 0x0fbd, dst, src, no_mem, 0, 0);
}

/* F3 0F BD: on CPUs without LZCNT the prefix is ignored and this is bsr. */
void x86_emit_lzcnt(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src)
{
    if (!x86_enc_require(b, width_16up(w))) return;
    x86_enc_modrm(b, w, 0xf3, 0xbd0f, 2, dst, false, src, false, no_mem, 0, 0);
}

/* A VEX-encoded register-register instruction (SDM vol. 2 2.3): the three-byte
 * form C4, RXB + map, W vvvv L pp, then opcode, ModRM (mod 11) and nimm bytes. */
static void emit_vex_rr(struct x86_buf *b, uint8_t map, uint8_t pp, bool w64, int reg, int vvvv,
                        int rm, uint8_t op, uint8_t nimm, uint8_t imm)
{
    if (!x86_buf_room(b, 5u + nimm)) return;
    uint8_t *p = b->p;
    *p++ = 0xc4;
    *p++ = (uint8_t)((reg & 8 ? 0 : 0x80) | 0x40 | (rm & 8 ? 0 : 0x20) | map);
    *p++ = (uint8_t)((w64 ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp);
    *p++ = op;
    *p++ = (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7));
    if (nimm) *p++ = imm;
    b->p = p;
}

static bool gpr_ok(int r)
{
    return r >= X86_RAX && r <= X86_R15;
}

/* VEX.LZ.{66,F3,F2}.0F38 F7 /r: pp 1 shlx, 2 sarx, 3 shrx. */
void x86_emit_shiftx(struct x86_buf *b, enum x86_shift op, enum x86_width w, enum x86_gpr dst,
                     enum x86_gpr src, enum x86_gpr count)
{
    bool ok = (w == X86_W32 || w == X86_W64) && gpr_ok(dst) && gpr_ok(src) && gpr_ok(count) &&
              (op == X86_SHL || op == X86_SHR || op == X86_SAR);
    if (!x86_enc_require(b, ok)) return;
    uint8_t pp = op == X86_SHL ? 1 : op == X86_SAR ? 2 : 3;
    emit_vex_rr(b, 2, pp, w == X86_W64, dst, count, src, 0xf7, 0, 0);
}

/* VEX.LZ.F2.0F3A F0 /r ib (vvvv unused: 1111). */
void x86_emit_rorx(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src,
                   uint8_t n)
{
    if (!x86_enc_require(b, (w == X86_W32 || w == X86_W64) && gpr_ok(dst) && gpr_ok(src))) return;
    emit_vex_rr(b, 3, 3, w == X86_W64, dst, 0, src, 0xf0, 1, n);
}
