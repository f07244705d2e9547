/* translator/x86/x86_emit_ctl.c — control-flow emitters: relative jumps, jcc
 * and calls with their patch points, indirect jumps and calls, ret, multi-byte
 * NOP padding, ud2 and int3.
 */
#include <string.h>

#include "translator/x86/x86_enc.h"

static void put_rel(uint8_t *o, int32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        o[i] = (uint8_t)((uint32_t)v >> (8 * i));
}

/* Appends raw opcode bytes then an n-byte rel field; returns the field's offset
 * (where it would have been, when the buffer overflowed). */
static size_t emit_rel(struct x86_buf *b, const uint8_t *op, unsigned nop, int32_t rel, unsigned n)
{
    size_t at = x86_buf_offset(b) + nop;
    if (!x86_buf_room(b, nop + n)) return at;
    memcpy(b->p, op, nop);
    put_rel(b->p + nop, rel, n);
    b->p += nop + n;
    return at;
}

size_t x86_emit_jmp_rel8(struct x86_buf *b, int8_t rel)
{
    return emit_rel(b, (const uint8_t[]){0xeb}, 1, rel, 1);
}

size_t x86_emit_jmp_rel32(struct x86_buf *b, int32_t rel)
{
    return emit_rel(b, (const uint8_t[]){0xe9}, 1, rel, 4);
}

size_t x86_emit_jcc_rel8(struct x86_buf *b, enum x86_cond cc, int8_t rel)
{
    return emit_rel(b, (const uint8_t[]){(uint8_t)(0x70 | (cc & 15))}, 1, rel, 1);
}

size_t x86_emit_jcc_rel32(struct x86_buf *b, enum x86_cond cc, int32_t rel)
{
    return emit_rel(b, (const uint8_t[]){0x0f, (uint8_t)(0x80 | (cc & 15))}, 2, rel, 4);
}

size_t x86_emit_call_rel32(struct x86_buf *b, int32_t rel)
{
    return emit_rel(b, (const uint8_t[]){0xe8}, 1, rel, 4);
}

bool x86_patch_rel32(struct x86_buf *b, size_t at, size_t target)
{
    if (at + 4 > x86_buf_offset(b) || target > (size_t)(b->end - b->start)) return false;
    return x86_link_rel32(b->start + at, b->start + target);
}

bool x86_patch_rel8(struct x86_buf *b, size_t at, size_t target)
{
    if (at + 1 > x86_buf_offset(b) || target > (size_t)(b->end - b->start)) return false;
    ptrdiff_t rel = (ptrdiff_t)target - (ptrdiff_t)(at + 1);
    if (!x86_fits_i8(rel)) return false;
    b->start[at] = (uint8_t)(int8_t)rel;
    return true;
}

bool x86_link_rel32(uint8_t *field, const uint8_t *target)
{
    intptr_t rel = (intptr_t)target - (intptr_t)(field + 4);
    if (!x86_fits_i32(rel)) return false;
    put_rel(field, (int32_t)rel, 4);
    return true;
}

/* FF /digit with a register or memory operand; near jumps and calls are
 * 64-bit by default in long mode, so no REX.W. */
static void emit_ff(struct x86_buf *b, int digit, int rm, struct x86_mem m)
{
    x86_enc_modrm(b, X86_W32, 0, 0xff, 1, digit, false, rm, false, m, 0, 0);
}

void x86_emit_jmp_r(struct x86_buf *b, enum x86_gpr r)
{
    emit_ff(b, 4, r, x86_mem_abs(0));
}

void x86_emit_jmp_m(struct x86_buf *b, struct x86_mem m)
{
    emit_ff(b, 4, -1, m);
}

void x86_emit_call_r(struct x86_buf *b, enum x86_gpr r)
{
    emit_ff(b, 2, r, x86_mem_abs(0));
}

void x86_emit_call_m(struct x86_buf *b, struct x86_mem m)
{
    emit_ff(b, 2, -1, m);
}

void x86_emit_call_abs(struct x86_buf *b, const void *fn)
{
    x86_emit_mov_ri(b, X86_W64, X86_RAX, (int64_t)(intptr_t)fn);
    x86_emit_call_r(b, X86_RAX);
}

static void emit_bytes(struct x86_buf *b, const uint8_t *bytes, size_t n)
{
    if (!x86_buf_room(b, n)) return;
    memcpy(b->p, bytes, n);
    b->p += n;
}

void x86_emit_ret(struct x86_buf *b)
{
    emit_bytes(b, (const uint8_t[]){0xc3}, 1);
}

void x86_emit_ud2(struct x86_buf *b)
{
    emit_bytes(b, (const uint8_t[]){0x0f, 0x0b}, 2);
}

void x86_emit_int3(struct x86_buf *b)
{
    emit_bytes(b, (const uint8_t[]){0xcc}, 1);
}

/* The recommended NOP sequences of 1..9 bytes (SDM vol. 2, NOP, table 4-12). */
static const uint8_t nops[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0f, 0x1f, 0x00},
    {0x0f, 0x1f, 0x40, 0x00},
    {0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void x86_emit_nop(struct x86_buf *b, size_t n)
{
    if (!x86_buf_room(b, n)) return;
    while (n > 0) {
        size_t k = n > 9 ? 9 : n;
        emit_bytes(b, nops[k - 1], k);
        n -= k;
    }
}
