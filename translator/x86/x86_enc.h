/* translator/x86/x86_enc.h — private to translator/x86/x86_emit*.c: the one
 * place that lays out an instruction's prefixes, REX, opcode, ModRM, SIB,
 * displacement and immediate. The public emitters fill a struct x86_enc and
 * hand it to x86_enc_emit, which validates it and writes all of it or nothing.
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

#endif
