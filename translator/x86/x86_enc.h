/* translator/x86/x86_enc.h — private to translator/x86/x86_emit*.c: the one
 * place that lays out an instruction's prefixes, REX, opcode, ModRM, SIB,
 * displacement and immediate. The public emitters fill a struct x86_enc and
 * hand it to x86_enc_emit, which validates it and writes all of it or nothing.
 *
 * The common forms also have inline paths that write straight into the
 * buffer after one room check (X86_ENC_ROOM bytes free), byte for byte what
 * x86_enc_emit writes: x86_enc_modrm and x86_enc_plus_r for any width, and
 * x86_enc_try_rr / x86_enc_try_mem, straight-line code for the 32/64-bit
 * moves and ALU ops that most of the generated code is. Everything else (rip
 * or absolute operands, bad operands, a nearly full or flagged buffer) goes
 * the careful way through x86_enc_emit. Why: translating short runs (openssl,
 * python3 startup) spent a quarter of its time building, validating and
 * copying struct x86_enc (callgrind: ~220 instructions per emitted one, now ~60).
 */
#ifndef TERN_TRANSLATOR_X86_ENC_H
#define TERN_TRANSLATOR_X86_ENC_H

#include "translator/x86/x86_emit.h"

/* One instruction, before layout. */
struct x86_enc {
    bool size16;   /* 0x66 operand-size (or SSE mandatory 66) prefix */
    uint8_t pfx;   /* mandatory F2/F3 prefix, or 0 */
    bool rexw;     /* 64-bit operand size */
    bool byte_reg; /* the ModRM.reg operand is an 8-bit register */
    bool byte_rm;  /* the ModRM.rm register operand is an 8-bit register */
    uint8_t op[3]; /* opcode bytes */
    uint8_t nop;   /* how many of op[] */
    bool modrm;    /* has a ModRM byte; else op's last byte carries reg (+r forms) */
    int8_t reg;    /* ModRM.reg: a register or /digit; for +r forms, the register */
    int8_t rm;     /* ModRM.rm register, or -1 for the memory operand mem */
    struct x86_mem mem;
    uint8_t nimm; /* immediate bytes: 0, 1, 2, 4 or 8 */
    int64_t imm;
};

/* An x86_enc with the operand-size prefixes and byte-register flags of w set. */
struct x86_enc x86_enc_width(enum x86_width w);
/* Lays out e and appends it to b, or sets b->invalid / b->overflow and writes nothing. */
void x86_enc_emit(struct x86_buf *b, const struct x86_enc *e);
/* True when n more bytes may be written: no flag is set yet and they fit;
 * sets b->overflow when they do not fit. */
bool x86_buf_room(struct x86_buf *b, size_t n);
/* Sets b->invalid when ok is false; returns ok. */
bool x86_enc_require(struct x86_buf *b, bool ok);
/* True when v fits a sign-extended 8-bit immediate or displacement. */
static inline bool x86_fits_i8(int64_t v)
{
    return v >= -128 && v <= 127;
}
/* True when v fits a sign-extended 32-bit immediate or displacement. */
static inline bool x86_fits_i32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* Free bytes that let the inline paths skip the exact room check: more than
 * the longest form they write (66 F3 REX 0F 38 xx ModRM SIB disp32 imm32, 16). */
#define X86_ENC_ROOM 24

/* Kept out of line (and out of the way): inlined, it makes every emitter save
 * six registers and build a stack frame on the fast path too. */
#define X86_ENC_SLOW __attribute__((noinline, cold))

/* The careful path of x86_enc_modrm and x86_enc_plus_r: fills an x86_enc
 * from form (x86_enc_form) and the operands, and hands it to x86_enc_emit.
 * Few arguments, all in registers, so the fast paths can tail-call it. */
X86_ENC_SLOW void x86_enc_slow(struct x86_buf *b, uint64_t form, uint32_t op, struct x86_mem m,
                               int64_t imm);

/* Packs what x86_enc_slow needs besides op, m and imm into one word. */
static inline uint64_t x86_enc_form(enum x86_width w, uint8_t pfx, unsigned nop, bool modrm,
                                    int reg, bool byte_reg, int rm, bool byte_rm, unsigned nimm)
{
    return (uint64_t)(w & 0xff) | (uint64_t)pfx << 8 | (uint64_t)(reg & 0xff) << 16 |
           (uint64_t)(rm & 0xff) << 24 | (uint64_t)(nop & 15) << 32 | (uint64_t)(nimm & 15) << 36 |
           (uint64_t)byte_reg << 40 | (uint64_t)byte_rm << 41 | (uint64_t)modrm << 42;
}

/* Stores the low n (0, 1, 2, 4 or 8) bytes of v little-endian at p; returns p + n. */
static inline uint8_t *x86_enc_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
    return p + n;
}

/* True when the inline paths may write: no flag set and X86_ENC_ROOM bytes free. */
static inline bool x86_enc_fast_room(const struct x86_buf *b)
{
    return b->end - b->p >= X86_ENC_ROOM && !b->overflow && !b->invalid;
}

/* The prefixes of w (and pfx), REX (W from w, then rex's RXB bits) when needed
 * or forced, and the nop opcode bytes of op (first byte lowest). */
static inline uint8_t *x86_enc_put_head(uint8_t *p, enum x86_width w, uint8_t pfx, unsigned rex,
                                        bool force, uint32_t op, unsigned nop)
{
    if (w == X86_W16) *p++ = 0x66;
    if (pfx) *p++ = pfx;
    rex |= w == X86_W64 ? 8u : 0u;
    if (rex || force) *p++ = (uint8_t)(0x40 | rex);
    for (unsigned i = 0; i < nop; i++)
        *p++ = (uint8_t)(op >> (8 * i));
    return p;
}

/* SIB.ss of scale, or -1 when x86 has no such scale. */
static inline int x86_enc_ss(unsigned scale)
{
    return scale == 1 ? 0 : scale == 2 ? 1 : scale == 4 ? 2 : scale == 8 ? 3 : -1;
}

/* True when m suits x86_enc_put_mem: base a register; no index, or an index
 * register other than rsp with a scale x86 has. */
static inline bool x86_enc_mem_ok(struct x86_mem m)
{
    if ((unsigned)(int)m.base >= 16) return false;
    if (m.index == X86_NOREG) return true;
    unsigned idx = (unsigned)(int)m.index;
    return idx < 16 && idx != X86_RSP && x86_enc_ss(m.scale) >= 0;
}

/* REX.X and REX.B of m (x86_enc_mem_ok). */
static inline unsigned x86_enc_mem_rex(struct x86_mem m)
{
    unsigned rex = ((unsigned)(int)m.base & 8) >> 3;
    if (m.index != X86_NOREG) rex |= ((unsigned)(int)m.index & 8) >> 2;
    return rex;
}

/* ModRM (mod != 11), SIB and displacement of m (x86_enc_mem_ok), with the
 * choices x86_enc_emit makes: base rbp/r13 take a zero disp8, base rsp/r12
 * (or an index) a SIB. */
static inline uint8_t *x86_enc_put_mem(uint8_t *p, int reg, struct x86_mem m)
{
    unsigned lo = (unsigned)(int)m.base & 7, r = (unsigned)(reg & 7) << 3;
    bool index = m.index != X86_NOREG;
    unsigned mod = (m.disp == 0 && lo != 5) ? 0 : x86_fits_i8(m.disp) ? 0x40 : 0x80;
    *p++ = (uint8_t)(mod | r | (index || lo == 4 ? 4 : lo));
    if (index)
        *p++ = (uint8_t)((unsigned)x86_enc_ss(m.scale) << 6 |
                         ((unsigned)(int)m.index & 7) << 3 | lo);
    else if (lo == 4)
        *p++ = 0x24; /* SIB: no index, base rsp/r12 */
    if (mod == 0x40) *p++ = (uint8_t)m.disp;
    if (mod == 0x80) p = x86_enc_put_le(p, (uint32_t)m.disp, 4);
    return p;
}

/* [pfx] op /reg with a register rm (>= 0) or the memory operand m, then nimm
 * (0, 1, 2 or 4) bytes of imm; byte_reg/byte_rm: that register operand is 8-bit
 * (spl..dil need a REX). Writes it as x86_enc_emit would, or takes that path
 * (which also serves indexed, rip-relative and absolute operands). */
static inline void x86_enc_modrm(struct x86_buf *b, enum x86_width w, uint8_t pfx, uint32_t op,
                                 unsigned nop, int reg, bool byte_reg, int rm, bool byte_rm,
                                 struct x86_mem m, unsigned nimm, int64_t imm)
{
    bool mem = rm < 0;
    bool ok = x86_enc_fast_room(b) && (unsigned)reg < 16 &&
              (mem ? x86_enc_mem_ok(m) : (unsigned)rm < 16);
    if (__builtin_expect(!ok, 0)) {
        x86_enc_slow(b, x86_enc_form(w, pfx, nop, true, reg, byte_reg, rm, byte_rm, nimm), op, m,
                     imm);
        return;
    }
    unsigned rex = ((unsigned)reg & 8) >> 1 | (mem ? x86_enc_mem_rex(m) : ((unsigned)rm & 8) >> 3);
    bool force = (byte_reg && (reg & 12) == 4) || (!mem && byte_rm && (rm & 12) == 4);
    uint8_t *p = x86_enc_put_head(b->p, w, pfx, rex, force, op, nop);
    if (mem)
        p = x86_enc_put_mem(p, reg, m);
    else
        *p++ = (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7));
    b->p = x86_enc_put_le(p, (uint64_t)imm, nimm);
}

/* The hottest forms (guest-state loads and stores, register moves, ALU ops)
 * at 32 or 64 bits, as straight-line code: x86_enc_try_rr and x86_enc_try_mem
 * write [REX] op ModRM [SIB] [disp] [imm] exactly as x86_enc_emit would, or
 * return false having written nothing when b or an operand needs the careful
 * path (a full or flagged buffer, a bad register, rip/absolute operands). */

/* op (nop bytes, first lowest) with reg in ModRM.reg and register rm, then
 * nimm (0, 1 or 4) bytes of imm. */
static inline bool x86_enc_try_rr(struct x86_buf *b, bool w64, uint32_t op, unsigned nop, int reg,
                                  int rm, unsigned nimm, int32_t imm)
{
    unsigned r = (unsigned)reg, x = (unsigned)rm;
    if (!x86_enc_fast_room(b) || (r | x) >= 16) return false;
    uint8_t *p = b->p;
    unsigned rex = (w64 ? 8u : 0u) | (r & 8) >> 1 | (x & 8) >> 3;
    if (rex) *p++ = (uint8_t)(0x40 | rex);
    for (unsigned i = 0; i < nop; i++)
        *p++ = (uint8_t)(op >> (8 * i));
    *p++ = (uint8_t)(0xc0 | (r & 7) << 3 | (x & 7));
    b->p = x86_enc_put_le(p, (uint32_t)imm, nimm);
    return true;
}

/* op (nop bytes) with reg in ModRM.reg and the memory operand m
 * (x86_enc_mem_ok), then nimm (0, 1 or 4) bytes of imm. */
static inline bool x86_enc_try_mem(struct x86_buf *b, bool w64, uint32_t op, unsigned nop, int reg,
                                   struct x86_mem m, unsigned nimm, int32_t imm)
{
    if (!x86_enc_fast_room(b) || (unsigned)reg >= 16 || !x86_enc_mem_ok(m)) return false;
    uint8_t *p = b->p;
    unsigned rex = (w64 ? 8u : 0u) | ((unsigned)reg & 8) >> 1 | x86_enc_mem_rex(m);
    if (rex) *p++ = (uint8_t)(0x40 | rex);
    for (unsigned i = 0; i < nop; i++)
        *p++ = (uint8_t)(op >> (8 * i));
    p = x86_enc_put_mem(p, reg, m);
    b->p = x86_enc_put_le(p, (uint32_t)imm, nimm);
    return true;
}

/* op+reg (the register in the last opcode byte's low bits), then nimm bytes of
 * imm; byte_reg: reg is 8-bit. Writes it as x86_enc_emit would, or takes that path. */
static inline void x86_enc_plus_r(struct x86_buf *b, enum x86_width w, uint32_t op, unsigned nop,
                                  int reg, bool byte_reg, unsigned nimm, int64_t imm)
{
    if (__builtin_expect(!x86_enc_fast_room(b) || (unsigned)reg >= 16, 0)) {
        x86_enc_slow(b, x86_enc_form(w, 0, nop, false, reg, false, 0, byte_reg, nimm), op,
                     x86_mem_abs(0), imm);
        return;
    }
    uint8_t *p = x86_enc_put_head(b->p, w, 0, ((unsigned)reg & 8) >> 3, byte_reg && (reg & 12) == 4,
                                  op, nop);
    p[-1] = (uint8_t)(p[-1] + (reg & 7));
    b->p = x86_enc_put_le(p, (uint64_t)imm, nimm);
}

#endif
