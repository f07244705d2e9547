/* translator/x86/x86_emit.c — the code buffer, memory operands, the instruction
 * layout shared by every emitter (Intel SDM vol. 2, ch. 2: prefixes, REX,
 * ModRM, SIB, displacement, immediate), and the data-movement emitters.
 */
#include <string.h>

#include "translator/x86/x86_enc.h"

#define X86_MAX_INSN 15 /* SDM 2.3.11: longer instructions fault with #GP */

void x86_buf_init(struct x86_buf *b, void *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = b->start + size;
    b->overflow = false;
    b->invalid = false;
}

size_t x86_buf_offset(const struct x86_buf *b)
{
    return (size_t)(b->p - b->start);
}

bool x86_buf_ok(const struct x86_buf *b)
{
    return !b->overflow && !b->invalid;
}

bool x86_buf_room(struct x86_buf *b, size_t n)
{
    if (b->overflow || b->invalid) return false;
    if ((size_t)(b->end - b->p) < n) b->overflow = true;
    return !b->overflow;
}

bool x86_enc_require(struct x86_buf *b, bool ok)
{
    if (!ok) b->invalid = true;
    return ok;
}

struct x86_enc x86_enc_width(enum x86_width w)
{
    return (struct x86_enc){.size16 = w == X86_W16,
                            .rexw = w == X86_W64,
                            .byte_reg = w == X86_W8,
                            .byte_rm = w == X86_W8,
                            .rm = -1};
}

static bool is_gpr(int r)
{
    return r >= 0 && r < 16;
}

/* rsp cannot be an index (SIB index 100 means none); rip takes no index; the
 * scale only matters when there is an index. */
static bool mem_valid(struct x86_mem m)
{
    bool base_ok = m.base == X86_NOREG || m.base == X86_RIP || is_gpr(m.base);
    if (m.index == X86_NOREG) return base_ok;
    bool index_ok = is_gpr(m.index) && m.index != X86_RSP && x86_enc_ss(m.scale) >= 0;
    return base_ok && index_ok && m.base != X86_RIP;
}

static bool enc_valid(const struct x86_enc *e)
{
    if (!is_gpr(e->reg)) return false;
    if (!e->modrm) return true;
    return e->rm >= 0 ? is_gpr(e->rm) : mem_valid(e->mem);
}

/* Spl/bpl/sil/dil are only reachable with a REX prefix; without one, 4..7 in a
 * byte operand mean ah/ch/dh/bh, which tern never wants. */
static uint8_t rex_of(const struct x86_enc *e)
{
    bool mem = e->modrm && e->rm < 0;
    int rmreg = !e->modrm ? e->reg : mem ? e->mem.base : e->rm;
    uint8_t rex = e->rexw ? 8 : 0;
    if (e->modrm && (e->reg & 8)) rex |= 4;
    if (mem && e->mem.index != X86_NOREG && (e->mem.index & 8)) rex |= 2;
    if (is_gpr(rmreg) && (rmreg & 8)) rex |= 1;
    bool force = (e->modrm && e->byte_reg && e->reg >= 4 && e->reg < 8) ||
                 (!mem && e->byte_rm && rmreg >= 4 && rmreg < 8);
    return rex || force ? (uint8_t)(0x40 | rex) : 0;
}

/* ModRM, SIB and displacement of a memory operand; returns the byte count.
 * Base rbp/r13 with mod 00 means rip/none, so they take a zero disp8; base
 * rsp/r12 in rm means "SIB follows", so they always take a SIB. */
static unsigned put_mem(uint8_t *o, int reg, struct x86_mem m)
{
    uint8_t r = (uint8_t)((reg & 7) << 3);
    int idx = m.index == X86_NOREG ? 4 : (m.index & 7);
    uint8_t ss = m.index == X86_NOREG ? 0 : (uint8_t)(x86_enc_ss(m.scale) << 6);
    if (m.base == X86_RIP) {
        o[0] = 0x05 | r;
        x86_enc_put_le(o + 1, (uint32_t)m.disp, 4);
        return 5;
    }
    if (m.base == X86_NOREG) {
        o[0] = 0x04 | r;
        o[1] = (uint8_t)(ss | idx << 3 | 5);
        x86_enc_put_le(o + 2, (uint32_t)m.disp, 4);
        return 6;
    }
    return (unsigned)(x86_enc_put_mem(o, reg, m) - o); /* a register base */
}

static unsigned layout(const struct x86_enc *e, uint8_t *o)
{
    unsigned n = 0;
    if (e->size16) o[n++] = 0x66;
    if (e->pfx) o[n++] = e->pfx;
    uint8_t rex = rex_of(e);
    if (rex) o[n++] = rex;
    memcpy(o + n, e->op, e->nop);
    n += e->nop;
    if (!e->modrm)
        o[n - 1] = (uint8_t)(o[n - 1] + (e->reg & 7));
    else if (e->rm >= 0)
        o[n++] = (uint8_t)(0xc0 | (e->reg & 7) << 3 | (e->rm & 7));
    else
        n += put_mem(o + n, e->reg, e->mem);
    x86_enc_put_le(o + n, (uint64_t)e->imm, e->nimm);
    return n + e->nimm;
}

void x86_enc_emit(struct x86_buf *b, const struct x86_enc *e)
{
    uint8_t tmp[X86_MAX_INSN + 8];
    if (!x86_enc_require(b, enc_valid(e))) return;
    unsigned n = layout(e, tmp);
    if (!x86_buf_room(b, n)) return;
    memcpy(b->p, tmp, n);
    b->p += n;
}

void x86_enc_slow(struct x86_buf *b, uint64_t form, uint32_t op, struct x86_mem m, int64_t imm)
{
    struct x86_enc e = x86_enc_width((enum x86_width)(form & 0xff));
    e.pfx = (uint8_t)(form >> 8);
    e.reg = (int8_t)(uint8_t)(form >> 16);
    e.rm = (int8_t)(uint8_t)(form >> 24);
    e.nop = (uint8_t)((form >> 32) & 15);
    for (unsigned i = 0; i < e.nop && i < 3; i++)
        e.op[i] = (uint8_t)(op >> (8 * i));
    e.nimm = (uint8_t)((form >> 36) & 15);
    e.byte_reg = (form >> 40) & 1;
    e.byte_rm = (form >> 41) & 1;
    e.modrm = (form >> 42) & 1;
    e.mem = m;
    e.imm = imm;
    x86_enc_emit(b, &e);
}

/* A register-register form: op (nop bytes, first lowest) with reg in
 * ModRM.reg and rm in ModRM.rm; both 8-bit registers when w is X86_W8. */
static void emit_rr(struct x86_buf *b, enum x86_width w, uint32_t op, unsigned nop, int reg, int rm)
{
    x86_enc_modrm(b, w, 0, op, nop, reg, w == X86_W8, rm, w == X86_W8, x86_mem_abs(0), 0, 0);
}

/* A register-memory form: op (nop bytes, first lowest) with reg in ModRM.reg
 * (8-bit when w is X86_W8) and m in ModRM.rm. */
static inline void emit_rm(struct x86_buf *b, enum x86_width w, uint32_t op, unsigned nop, int reg,
                           struct x86_mem m)
{
    x86_enc_modrm(b, w, 0, op, nop, reg, w == X86_W8, -1, false, m, 0, 0);
}

/* The 8-bit form of most integer opcodes is the full-size one minus 1. */
static uint8_t sized(uint8_t op, enum x86_width w)
{
    return (uint8_t)(op - (w == X86_W8));
}

static bool width_ok(enum x86_width w)
{
    return w == X86_W8 || w == X86_W16 || w == X86_W32 || w == X86_W64;
}

static bool width_16up(enum x86_width w)
{
    return w == X86_W16 || w == X86_W32 || w == X86_W64;
}

/* The careful paths of the emitters below: every width, every operand. */
X86_ENC_SLOW static void mov_rr_any(struct x86_buf *b, enum x86_width w, enum x86_gpr dst,
                                    enum x86_gpr src)
{
    if (x86_enc_require(b, width_ok(w))) emit_rr(b, w, sized(0x89, w), 1, src, dst);
}

X86_ENC_SLOW static void mov_ri_any(struct x86_buf *b, enum x86_width w, enum x86_gpr dst,
                                    int64_t imm)
{
    if (!x86_enc_require(b, width_ok(w))) return;
    if (w != X86_W64 || (uint64_t)imm <= UINT32_MAX) {
        /* B0+r / B8+r with an immediate as wide as the operand; a 32-bit
         * write zero-extends into the whole register (SDM 3.4.1.1). */
        enum x86_width n = w == X86_W64 ? X86_W32 : w;
        x86_enc_plus_r(b, n, n == X86_W8 ? 0xb0 : 0xb8, 1, dst, n == X86_W8, n / 8, imm);
    } else if (x86_fits_i32(imm)) {
        x86_enc_modrm(b, X86_W64, 0, 0xc7, 1, 0, false, dst, false, x86_mem_abs(0), 4, imm);
    } else {
        x86_enc_plus_r(b, X86_W64, 0xb8, 1, dst, false, 8, imm);
    }
}

X86_ENC_SLOW static void mov_rm_any(struct x86_buf *b, enum x86_width w, enum x86_gpr dst,
                                    struct x86_mem m)
{
    if (x86_enc_require(b, width_ok(w))) emit_rm(b, w, sized(0x8b, w), 1, dst, m);
}

X86_ENC_SLOW static void mov_mr_any(struct x86_buf *b, enum x86_width w, struct x86_mem m,
                                    enum x86_gpr src)
{
    if (x86_enc_require(b, width_ok(w))) emit_rm(b, w, sized(0x89, w), 1, src, m);
}

X86_ENC_SLOW static void mov_mi_any(struct x86_buf *b, enum x86_width w, struct x86_mem m,
                                    int32_t imm)
{
    if (!x86_enc_require(b, width_ok(w))) return;
    unsigned nimm = w == X86_W64 ? 4 : w / 8;
    x86_enc_modrm(b, w, 0, sized(0xc7, w), 1, 0, false, -1, false, m, nimm, imm);
}

/* 32 and 64 bits go straight to the buffer (x86_enc_try_*), the rest to *_any. */
static bool w32_64(enum x86_width w)
{
    return w == X86_W32 || w == X86_W64;
}

void x86_emit_mov_rr(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, enum x86_gpr src)
{
    if (!w32_64(w) || !x86_enc_try_rr(b, w == X86_W64, 0x89, 1, src, dst, 0, 0))
        mov_rr_any(b, w, dst, src);
}

void x86_emit_mov_ri(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, int64_t imm)
{
    /* B8+r imm32 (zero-extending to 64 bits), the common form. */
    bool b8 = w == X86_W32 || (w == X86_W64 && (uint64_t)imm <= UINT32_MAX);
    if (b8 && x86_enc_fast_room(b) && (unsigned)dst < 16) {
        uint8_t *p = b->p;
        if (dst & 8) *p++ = 0x41;
        *p++ = (uint8_t)(0xb8 + (dst & 7));
        b->p = x86_enc_put_le(p, (uint32_t)imm, 4);
        return;
    }
    mov_ri_any(b, w, dst, imm);
}

void x86_emit_mov_rm(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m)
{
    if (!w32_64(w) || !x86_enc_try_mem(b, w == X86_W64, 0x8b, 1, dst, m, 0, 0))
        mov_rm_any(b, w, dst, m);
}

void x86_emit_mov_mr(struct x86_buf *b, enum x86_width w, struct x86_mem m, enum x86_gpr src)
{
    if (!w32_64(w) || !x86_enc_try_mem(b, w == X86_W64, 0x89, 1, src, m, 0, 0))
        mov_mr_any(b, w, m, src);
}

void x86_emit_mov_mi(struct x86_buf *b, enum x86_width w, struct x86_mem m, int32_t imm)
{
    if (!w32_64(w) || !x86_enc_try_mem(b, w == X86_W64, 0xc7, 1, 0, m, 4, imm))
        mov_mi_any(b, w, m, imm);
}

/* movzx/movsx: 0F B6/B7 and 0F BE/BF (op8 is the byte-source opcode); the reg
 * operand is dw wide, the register src (when >= 0) or memory m is sw wide. */
static void emit_extend(struct x86_buf *b, enum x86_width dw, enum x86_width sw, uint8_t op8,
                        enum x86_gpr dst, int src, struct x86_mem m)
{
    bool ok = width_16up(dw) && (sw == X86_W8 || sw == X86_W16) && sw < dw;
    if (!x86_enc_require(b, ok)) return;
    uint32_t op = 0x0f | (uint32_t)(op8 + (sw == X86_W16)) << 8;
    x86_enc_modrm(b, dw, 0, op, 2, dst, false, src, sw == X86_W8, m, 0, 0);
}

void x86_emit_movzx_rr(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       enum x86_gpr src)
{
    emit_extend(b, dw, sw, 0xb6, dst, src, x86_mem_abs(0));
}

void x86_emit_movzx_rm(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       struct x86_mem m)
{
    emit_extend(b, dw, sw, 0xb6, dst, -1, m);
}

void x86_emit_movsx_rr(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       enum x86_gpr src)
{
    emit_extend(b, dw, sw, 0xbe, dst, src, x86_mem_abs(0));
}

void x86_emit_movsx_rm(struct x86_buf *b, enum x86_width dw, enum x86_width sw, enum x86_gpr dst,
                       struct x86_mem m)
{
    emit_extend(b, dw, sw, 0xbe, dst, -1, m);
}

void x86_emit_movsxd_rr(struct x86_buf *b, enum x86_gpr dst, enum x86_gpr src)
{
    emit_rr(b, X86_W64, 0x63, 1, dst, src);
}

void x86_emit_movsxd_rm(struct x86_buf *b, enum x86_gpr dst, struct x86_mem m)
{
    emit_rm(b, X86_W64, 0x63, 1, dst, m);
}

void x86_emit_lea(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m)
{
    if (w32_64(w) && x86_enc_try_mem(b, w == X86_W64, 0x8d, 1, dst, m, 0, 0)) return;
    if (x86_enc_require(b, width_16up(w))) emit_rm(b, w, 0x8d, 1, dst, m);
}

void x86_emit_movbe_rm(struct x86_buf *b, enum x86_width w, enum x86_gpr dst, struct x86_mem m)
{
    if (x86_enc_require(b, width_16up(w))) emit_rm(b, w, 0xf0380f, 3, dst, m);
}

void x86_emit_movbe_mr(struct x86_buf *b, enum x86_width w, struct x86_mem m, enum x86_gpr src)
{
    if (x86_enc_require(b, width_16up(w))) emit_rm(b, w, 0xf1380f, 3, src, m);
}

void x86_emit_bswap(struct x86_buf *b, enum x86_width w, enum x86_gpr r)
{
    if (x86_enc_require(b, w == X86_W32 || w == X86_W64))
        x86_enc_plus_r(b, w, 0xc80f, 2, r, false, 0, 0);
}

void x86_emit_cmov_rr(struct x86_buf *b, enum x86_cond cc, enum x86_width w, enum x86_gpr dst,
                      enum x86_gpr src)
{
    if (x86_enc_require(b, width_16up(w)))
        emit_rr(b, w, 0x0f | (uint32_t)(0x40 | (cc & 15)) << 8, 2, dst, src);
}

void x86_emit_cmov_rm(struct x86_buf *b, enum x86_cond cc, enum x86_width w, enum x86_gpr dst,
                      struct x86_mem m)
{
    if (x86_enc_require(b, width_16up(w)))
        emit_rm(b, w, 0x0f | (uint32_t)(0x40 | (cc & 15)) << 8, 2, dst, m);
}

void x86_emit_setcc(struct x86_buf *b, enum x86_cond cc, enum x86_gpr r)
{
    emit_rr(b, X86_W8, 0x0f | (uint32_t)(0x90 | (cc & 15)) << 8, 2, 0, r);
}

/* push/pop are 64-bit by default in long mode (SDM: "PUSH r64" 50+rd). */
static void emit_plus_r(struct x86_buf *b, uint8_t op, enum x86_gpr r)
{
    x86_enc_plus_r(b, X86_W32, op, 1, r, false, 0, 0);
}

void x86_emit_push(struct x86_buf *b, enum x86_gpr r)
{
    emit_plus_r(b, 0x50, r);
}

void x86_emit_pop(struct x86_buf *b, enum x86_gpr r)
{
    emit_plus_r(b, 0x58, r);
}
