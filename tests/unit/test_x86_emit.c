/* tests/unit/test_x86_emit.c — the x86-64 encoder against Capstone 4.0.2 and
 * against the CPU itself.
 *
 * Syntax tests: every emitter over sweeps of registers (all 16, so rsp/rbp/
 * r12/r13 as base and index), memory forms (no base, rip, disp 0/8-bit/32-bit,
 * negative), immediate edges and widths; each instruction is disassembled and
 * its "mnemonic operands" text compared with text built here from the inputs,
 * and Capstone must consume exactly the bytes written. Execution tests: small
 * functions are emitted into an mmap'd page, made executable and called.
 *
 * Capstone 4.0.2 print rules learnt by experiment (and modelled in fmt_imm and
 * mem_text): numbers above 9 print in hex; an imm8 sign-extended (83, 6B) and
 * any 64-bit-operation immediate print signed, full-width 8/16/32-bit
 * immediates unsigned; and/or/xor always unsigned at the operand width; an
 * absolute [disp32] prints masked to the first operand's size when that is an
 * 8/16/32-bit register, else as a 64-bit value.
 */
#include <capstone/capstone.h>
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "translator/x86/x86_emit.h"

#define ADDR 0x1000u

static csh cs;

static void cs_setup(void)
{
    ck_assert_int_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
}

static void cs_teardown(void)
{
    cs_close(&cs);
}

static const char *const names64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                        "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const names32[16] = {"eax",  "ecx",  "edx",  "ebx", "esp",  "ebp",
                                        "esi",  "edi",  "r8d",  "r9d", "r10d", "r11d",
                                        "r12d", "r13d", "r14d", "r15d"};
static const char *const names16[16] = {"ax",   "cx",   "dx",   "bx",  "sp",   "bp",
                                        "si",   "di",   "r8w",  "r9w", "r10w", "r11w",
                                        "r12w", "r13w", "r14w", "r15w"};
static const char *const names8[16] = {"al",   "cl",   "dl",   "bl",  "spl",  "bpl",
                                       "sil",  "dil",  "r8b",  "r9b", "r10b", "r11b",
                                       "r12b", "r13b", "r14b", "r15b"};
static const char *const cc_names[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                         "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const char *const alu_names[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const enum x86_width widths[4] = {X86_W8, X86_W16, X86_W32, X86_W64};
static const int32_t imms[] = {0,    1,  9,   10,     127,       128,       -128,
                               -129, -1, 255, 0x7fff, INT32_MIN, INT32_MAX, 0x12345678};

static const char *reg_name(enum x86_width w, int r)
{
    switch (w) {
    case X86_W8:
        return names8[r];
    case X86_W16:
        return names16[r];
    case X86_W32:
        return names32[r];
    default:
        return names64[r];
    }
}

static const char *ptr_name(enum x86_width w)
{
    switch (w) {
    case X86_W8:
        return "byte ptr ";
    case X86_W16:
        return "word ptr ";
    case X86_W32:
        return "dword ptr ";
    default:
        return "qword ptr ";
    }
}

static uint64_t mask_of(enum x86_width w)
{
    return w == X86_W64 ? UINT64_MAX : (1ull << w) - 1;
}

static void fmt_unsigned(char *s, uint64_t v)
{
    if (v > 9)
        sprintf(s, "0x%" PRIx64, v);
    else
        sprintf(s, "%" PRIu64, v);
}

static void fmt_signed(char *s, int64_t v)
{
    if (v < 0) {
        *s++ = '-';
        v = -v;
    }
    fmt_unsigned(s, (uint64_t)v);
}

/* imm as Capstone prints it for an operation of width w (see the file comment). */
static void fmt_imm(char *s, enum x86_width w, int64_t imm, bool sext8, bool logical)
{
    int64_t v = w == X86_W8 ? (int8_t)imm : w == X86_W16 ? (int16_t)imm : imm;
    if (logical || (!sext8 && w != X86_W64))
        fmt_unsigned(s, (uint64_t)v & mask_of(w));
    else
        fmt_signed(s, v);
}

/* [..] text of m; ptr is the size prefix ("" for lea), absw the width an
 * absolute address is masked to (Capstone's first-operand rule). */
static void mem_text(char *s, const char *ptr, struct x86_mem m, enum x86_width absw)
{
    char num[32];
    s += sprintf(s, "%s[", ptr);
    if (m.base == X86_NOREG && m.index == X86_NOREG) {
        fmt_unsigned(num, (uint64_t)(int64_t)m.disp & mask_of(absw));
        sprintf(s, "%s]", num);
        return;
    }
    const char *sep = "";
    if (m.base != X86_NOREG) {
        s += sprintf(s, "%s", m.base == X86_RIP ? "rip" : names64[m.base]);
        sep = " + ";
    }
    if (m.index != X86_NOREG) {
        s += sprintf(s, "%s%s", sep, names64[m.index]);
        if (m.scale != 1) s += sprintf(s, "*%u", m.scale);
    }
    if (m.disp != 0) {
        fmt_unsigned(num, m.disp < 0 ? (uint64_t) - (int64_t)m.disp : (uint64_t)m.disp);
        s += sprintf(s, " %c %s", m.disp < 0 ? '-' : '+', num);
    }
    sprintf(s, "]");
}

/* A set of memory operands covering every special case of ModRM/SIB. */
static struct x86_mem mems[64];
static int nmems;

static void build_mems(void)
{
    static const int32_t disps[] = {0, 8, -8, 127, 128, -128, -129, INT32_MIN, INT32_MAX};
    static const int bases[] = {X86_RAX, X86_RSP, X86_RBP, X86_R12, X86_R13, X86_R15};
    nmems = 0;
    for (unsigned i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
        for (unsigned d = 0; d < 3; d++)
            mems[nmems++] = x86_mem_base(bases[i], disps[(i + d * 3) % 9]);
    mems[nmems++] = x86_mem_sib(X86_RBP, X86_R12, 8, 0);
    mems[nmems++] = x86_mem_sib(X86_R13, X86_R13, 2, -129);
    mems[nmems++] = x86_mem_sib(X86_RSP, X86_RBP, 1, INT32_MAX);
    mems[nmems++] = x86_mem_sib(X86_R12, X86_RAX, 4, -8);
    mems[nmems++] = x86_mem_sib(X86_NOREG, X86_RCX, 8, INT32_MIN);
    mems[nmems++] = x86_mem_sib(X86_NOREG, X86_R9, 2, 0);
    mems[nmems++] = x86_mem_abs(0x10);
    mems[nmems++] = x86_mem_abs(-16);
    mems[nmems++] = x86_mem_rip(0);
    mems[nmems++] = x86_mem_rip(-0x100);
}

/* Disassembles what b holds: exactly one instruction of all its bytes, whose
 * text must be expect. */
static void check_one(struct x86_buf *b, const char *expect)
{
    size_t n = x86_buf_offset(b);
    char hex[64] = "";
    for (size_t i = 0; i < n && i < 20; i++)
        sprintf(hex + 3 * i, "%02x ", b->start[i]);
    ck_assert_msg(x86_buf_ok(b), "%s: buffer flagged (%s)", expect, hex);
    cs_insn *insn;
    size_t count = cs_disasm(cs, b->start, n, ADDR, 0, &insn);
    ck_assert_msg(count == 1 && insn[0].size == n, "%s: %zu insns from %s", expect, count, hex);
    char got[192];
    snprintf(got, sizeof(got), "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
             insn[0].op_str);
    cs_free(insn, count);
    ck_assert_msg(strcmp(got, expect) == 0, "expected '%s', got '%s' from %s", expect, got, hex);
}

/* Runs stmt on a fresh buffer named B, then checks it disassembles as text. */
#define EXPECT(text, stmt)                                                                         \
    do {                                                                                           \
        uint8_t mem_[32];                                                                          \
        struct x86_buf buf_;                                                                       \
        x86_buf_init(&buf_, mem_, sizeof(mem_));                                                   \
        struct x86_buf *B = &buf_;                                                                 \
        stmt;                                                                                      \
        check_one(B, text);                                                                        \
    } while (0)

static char t[256], m_txt[128], i_txt[32];

START_TEST(test_mov_rr_alu_rr_test_rr)
{
    enum x86_width w = widths[_i];
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            sprintf(t, "mov %s, %s", reg_name(w, d), reg_name(w, s));
            EXPECT(t, x86_emit_mov_rr(B, w, d, s));
            sprintf(t, "test %s, %s", reg_name(w, d), reg_name(w, s));
            EXPECT(t, x86_emit_test_rr(B, w, d, s));
            for (int op = 0; op < 8; op++) {
                sprintf(t, "%s %s, %s", alu_names[op], reg_name(w, d), reg_name(w, s));
                EXPECT(t, x86_emit_alu_rr(B, op, w, d, s));
            }
        }
    }
}
END_TEST

static bool is_logical(int op)
{
    return op == X86_AND || op == X86_OR || op == X86_XOR;
}

START_TEST(test_alu_ri_mi)
{
    enum x86_width w = widths[_i];
    for (unsigned k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
        int32_t imm = imms[k];
        bool sext8 = w != X86_W8 && imm >= -128 && imm <= 127;
        for (int op = 0; op < 8; op++) {
            fmt_imm(i_txt, w, imm, sext8, is_logical(op));
            for (int r = 0; r < 16; r++) {
                if (op == X86_CMP && imm == 0) /* the shorter equivalent */
                    sprintf(t, "test %s, %s", reg_name(w, r), reg_name(w, r));
                else
                    sprintf(t, "%s %s, %s", alu_names[op], reg_name(w, r), i_txt);
                EXPECT(t, x86_emit_alu_ri(B, op, w, r, imm));
            }
            for (int j = 0; j < nmems; j++) {
                mem_text(m_txt, ptr_name(w), mems[j], X86_W64);
                sprintf(t, "%s %s, %s", alu_names[op], m_txt, i_txt);
                EXPECT(t, x86_emit_alu_mi(B, op, w, mems[j], imm));
            }
        }
        fmt_imm(i_txt, w, imm, false, false);
        for (int r = 0; r < 16; r++) {
            sprintf(t, "test %s, %s", reg_name(w, r), i_txt);
            EXPECT(t, x86_emit_test_ri(B, w, r, imm));
        }
        for (int j = 0; j < nmems; j++) {
            mem_text(m_txt, ptr_name(w), mems[j], X86_W64);
            sprintf(t, "test %s, %s", m_txt, i_txt);
            EXPECT(t, x86_emit_test_mi(B, w, mems[j], imm));
            sprintf(t, "mov %s, %s", m_txt, i_txt);
            EXPECT(t, x86_emit_mov_mi(B, w, mems[j], imm));
        }
    }
}
END_TEST

/* The accumulator short forms (04/05+op*8) and imm8 forms are the shortest. */
START_TEST(test_alu_ri_lengths)
{
    uint8_t mem[32];
    struct x86_buf b;
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_alu_ri(&b, X86_ADD, X86_W32, X86_RAX, 1000);
    ck_assert_uint_eq(x86_buf_offset(&b), 5);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_alu_ri(&b, X86_SUB, X86_W64, X86_RCX, -128);
    ck_assert_uint_eq(x86_buf_offset(&b), 4);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_alu_ri(&b, X86_CMP, X86_W8, X86_RAX, 5);
    ck_assert_uint_eq(x86_buf_offset(&b), 2);
}
END_TEST

START_TEST(test_alu_rm_mr_mov_rm_mr)
{
    enum x86_width w = widths[_i];
    for (int j = 0; j < nmems; j++) {
        for (int r = 0; r < 16; r++) {
            mem_text(m_txt, ptr_name(w), mems[j], w);
            sprintf(t, "mov %s, %s", reg_name(w, r), m_txt);
            EXPECT(t, x86_emit_mov_rm(B, w, r, mems[j]));
            for (int op = 0; op < 8; op++) {
                sprintf(t, "%s %s, %s", alu_names[op], reg_name(w, r), m_txt);
                EXPECT(t, x86_emit_alu_rm(B, op, w, r, mems[j]));
            }
            mem_text(m_txt, ptr_name(w), mems[j], X86_W64);
            sprintf(t, "mov %s, %s", m_txt, reg_name(w, r));
            EXPECT(t, x86_emit_mov_mr(B, w, mems[j], r));
            for (int op = 0; op < 8; op++) {
                sprintf(t, "%s %s, %s", alu_names[op], m_txt, reg_name(w, r));
                EXPECT(t, x86_emit_alu_mr(B, op, w, mems[j], r));
            }
        }
    }
}
END_TEST

/* Every base, index and scale with every kind of displacement. */
START_TEST(test_mem_full_sweep)
{
    static const int32_t disps[] = {0, 8, -8, 127, 128, -128, -129, INT32_MIN, INT32_MAX};
    int r = 0;
    for (int base = -1; base < 17; base++) {
        for (int index = -1; index < 16; index++) {
            if (index == X86_RSP || (base == X86_RIP && index != X86_NOREG)) continue;
            for (unsigned sc = 1; sc <= 8; sc *= 2) {
                for (unsigned d = 0; d < 9; d++) {
                    struct x86_mem m = x86_mem_sib(base, index, sc, disps[d]);
                    if (index == X86_NOREG) m.scale = 1;
                    r = (r + 5) & 15;
                    mem_text(m_txt, "qword ptr ", m, X86_W64);
                    sprintf(t, "mov %s, %s", names64[r], m_txt);
                    EXPECT(t, x86_emit_mov_rm(B, X86_W64, r, m));
                    mem_text(m_txt, "", m, X86_W64);
                    sprintf(t, "lea %s, %s", names64[r], m_txt);
                    EXPECT(t, x86_emit_lea(B, X86_W64, r, m));
                }
            }
        }
    }
}
END_TEST

START_TEST(test_mov_ri)
{
    static const int64_t wide[] = {
        0,           9,         0x7fffffff, 0x80000000,  0xffffffff,        -1, -0x80, INT32_MIN,
        0x100000000, INT64_MIN, INT64_MAX,  -0x80000001, 0x123456789abcdef0};
    for (int r = 0; r < 16; r++) {
        for (unsigned k = 0; k < sizeof(wide) / sizeof(wide[0]); k++) {
            int64_t v = wide[k];
            if ((uint64_t)v <= UINT32_MAX) {
                fmt_unsigned(i_txt, (uint64_t)v);
                sprintf(t, "mov %s, %s", names32[r], i_txt);
            } else if (v >= INT32_MIN && v <= INT32_MAX) {
                fmt_signed(i_txt, v);
                sprintf(t, "mov %s, %s", names64[r], i_txt);
            } else {
                fmt_unsigned(i_txt, (uint64_t)v);
                sprintf(t, "movabs %s, %s", names64[r], i_txt);
            }
            EXPECT(t, x86_emit_mov_ri(B, X86_W64, r, v));
            for (int wi = 0; wi < 3; wi++) {
                fmt_imm(i_txt, widths[wi], v, false, false);
                sprintf(t, "mov %s, %s", reg_name(widths[wi], r), i_txt);
                EXPECT(t, x86_emit_mov_ri(B, widths[wi], r, v));
            }
        }
    }
}
END_TEST

START_TEST(test_extend)
{
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            for (int dwi = 1; dwi < 4; dwi++) {
                for (int swi = 0; swi < dwi && swi < 2; swi++) {
                    enum x86_width dw = widths[dwi], sw = widths[swi];
                    sprintf(t, "movzx %s, %s", reg_name(dw, d), reg_name(sw, s));
                    EXPECT(t, x86_emit_movzx_rr(B, dw, sw, d, s));
                    sprintf(t, "movsx %s, %s", reg_name(dw, d), reg_name(sw, s));
                    EXPECT(t, x86_emit_movsx_rr(B, dw, sw, d, s));
                }
            }
            sprintf(t, "movsxd %s, %s", names64[d], names32[s]);
            EXPECT(t, x86_emit_movsxd_rr(B, d, s));
        }
        for (int j = 0; j < nmems; j++) {
            for (int dwi = 1; dwi < 4; dwi++) {
                for (int swi = 0; swi < dwi && swi < 2; swi++) {
                    enum x86_width dw = widths[dwi], sw = widths[swi];
                    mem_text(m_txt, ptr_name(sw), mems[j], dw);
                    sprintf(t, "movzx %s, %s", reg_name(dw, d), m_txt);
                    EXPECT(t, x86_emit_movzx_rm(B, dw, sw, d, mems[j]));
                    sprintf(t, "movsx %s, %s", reg_name(dw, d), m_txt);
                    EXPECT(t, x86_emit_movsx_rm(B, dw, sw, d, mems[j]));
                }
            }
            mem_text(m_txt, "dword ptr ", mems[j], X86_W64);
            sprintf(t, "movsxd %s, %s", names64[d], m_txt);
            EXPECT(t, x86_emit_movsxd_rm(B, d, mems[j]));
        }
    }
}
END_TEST

START_TEST(test_lea_movbe_cmov)
{
    for (int r = 0; r < 16; r++) {
        for (int j = 0; j < nmems; j++) {
            for (int wi = 1; wi < 4; wi++) {
                enum x86_width w = widths[wi];
                mem_text(m_txt, "", mems[j], w);
                sprintf(t, "lea %s, %s", reg_name(w, r), m_txt);
                EXPECT(t, x86_emit_lea(B, w, r, mems[j]));
                mem_text(m_txt, ptr_name(w), mems[j], w);
                sprintf(t, "movbe %s, %s", reg_name(w, r), m_txt);
                EXPECT(t, x86_emit_movbe_rm(B, w, r, mems[j]));
                sprintf(t, "cmov%s %s, %s", cc_names[(r + j) & 15], reg_name(w, r), m_txt);
                EXPECT(t, x86_emit_cmov_rm(B, (r + j) & 15, w, r, mems[j]));
                mem_text(m_txt, ptr_name(w), mems[j], X86_W64);
                sprintf(t, "movbe %s, %s", m_txt, reg_name(w, r));
                EXPECT(t, x86_emit_movbe_mr(B, w, mems[j], r));
            }
        }
    }
}
END_TEST

START_TEST(test_cc_forms)
{
    for (int cc = 0; cc < 16; cc++) {
        for (int r = 0; r < 16; r++) {
            sprintf(t, "set%s %s", cc_names[cc], names8[r]);
            EXPECT(t, x86_emit_setcc(B, cc, r));
            for (int wi = 1; wi < 4; wi++) {
                enum x86_width w = widths[wi];
                int s = (r * 7 + cc) & 15;
                sprintf(t, "cmov%s %s, %s", cc_names[cc], reg_name(w, r), reg_name(w, s));
                EXPECT(t, x86_emit_cmov_rr(B, cc, w, r, s));
            }
        }
        sprintf(t, "j%s 0x%x", cc_names[cc], ADDR + 2 - 128);
        EXPECT(t, x86_emit_jcc_rel8(B, cc, -128));
        sprintf(t, "j%s 0x%x", cc_names[cc], ADDR + 2 + 127);
        EXPECT(t, x86_emit_jcc_rel8(B, cc, 127));
        sprintf(t, "j%s 0x%" PRIx64, cc_names[cc],
                (uint64_t)ADDR + 6 + (uint64_t)(int64_t)INT32_MIN);
        EXPECT(t, x86_emit_jcc_rel32(B, cc, INT32_MIN));
        sprintf(t, "j%s 0x%" PRIx64, cc_names[cc], (uint64_t)ADDR + 6 + INT32_MAX);
        EXPECT(t, x86_emit_jcc_rel32(B, cc, INT32_MAX));
    }
}
END_TEST

START_TEST(test_unary_shift_misc)
{
    static const char *const unops[8] = {"", "", "not", "neg", "mul", "imul", "div", "idiv"};
    static const char *const shifts[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "", "sar"};
    static const uint8_t counts[] = {0, 1, 2, 9, 10, 31, 63};
    for (int wi = 0; wi < 4; wi++) {
        enum x86_width w = widths[wi];
        for (int r = 0; r < 16; r++) {
            const char *rn = reg_name(w, r);
            sprintf(t, "inc %s", rn);
            EXPECT(t, x86_emit_inc(B, w, r));
            sprintf(t, "dec %s", rn);
            EXPECT(t, x86_emit_dec(B, w, r));
            for (int op = X86_NOT; op <= X86_IDIV; op++) {
                sprintf(t, "%s %s", unops[op], rn);
                EXPECT(t, x86_emit_unop(B, op, w, r));
            }
            for (int op = 0; op < 8; op++) {
                if (op == 6) continue;
                sprintf(t, "%s %s, cl", shifts[op], rn);
                EXPECT(t, x86_emit_shift_rcl(B, op, w, r));
                for (unsigned k = 0; k < sizeof(counts); k++) {
                    fmt_unsigned(i_txt, counts[k]);
                    sprintf(t, "%s %s, %s", shifts[op], rn, i_txt);
                    EXPECT(t, x86_emit_shift_ri(B, op, w, r, counts[k]));
                }
            }
        }
    }
}
END_TEST

START_TEST(test_imul_bsr_bswap)
{
    for (int wi = 1; wi < 4; wi++) {
        enum x86_width w = widths[wi];
        for (int d = 0; d < 16; d++) {
            for (int s = 0; s < 16; s++) {
                sprintf(t, "imul %s, %s", reg_name(w, d), reg_name(w, s));
                EXPECT(t, x86_emit_imul_rr(B, w, d, s));
                sprintf(t, "bsr %s, %s", reg_name(w, d), reg_name(w, s));
                EXPECT(t, x86_emit_bsr(B, w, d, s));
                sprintf(t, "lzcnt %s, %s", reg_name(w, d), reg_name(w, s));
                EXPECT(t, x86_emit_lzcnt(B, w, d, s));
            }
            for (unsigned k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
                int32_t imm = imms[k];
                int s = 15 - d;
                fmt_imm(i_txt, w, imm, imm >= -128 && imm <= 127, false);
                sprintf(t, "imul %s, %s, %s", reg_name(w, d), reg_name(w, s), i_txt);
                EXPECT(t, x86_emit_imul_rri(B, w, d, s, imm));
            }
            if (w != X86_W16) {
                sprintf(t, "bswap %s", reg_name(w, d));
                EXPECT(t, x86_emit_bswap(B, w, d));
            }
        }
    }
    static const char *const shiftx[3] = {"shlx", "shrx", "sarx"};
    static const enum x86_shift shiftx_op[3] = {X86_SHL, X86_SHR, X86_SAR};
    for (int wi = 2; wi < 4; wi++)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++) {
                int n = (d * 7 + s) & 15;
                for (int k = 0; k < 3; k++) {
                    sprintf(t, "%s %s, %s, %s", shiftx[k], reg_name(widths[wi], d),
                            reg_name(widths[wi], s), reg_name(widths[wi], n));
                    EXPECT(t, x86_emit_shiftx(B, shiftx_op[k], widths[wi], d, s, n));
                }
                sprintf(t, n > 9 ? "rorx %s, %s, 0x%x" : "rorx %s, %s, %d", reg_name(widths[wi], d),
                        reg_name(widths[wi], s), n);
                EXPECT(t, x86_emit_rorx(B, widths[wi], d, s, (uint8_t)n));
            }
    EXPECT("cdq", x86_emit_cdq(B, X86_W32));
    EXPECT("cqo", x86_emit_cdq(B, X86_W64));
}
END_TEST

START_TEST(test_control)
{
    EXPECT("ret", x86_emit_ret(B));
    EXPECT("ud2", x86_emit_ud2(B));
    EXPECT("int3", x86_emit_int3(B));
    EXPECT("jmp 0x1000", x86_emit_jmp_rel8(B, -2));
    EXPECT("jmp 0x1081", x86_emit_jmp_rel8(B, 127));
    EXPECT("jmp 0xffffffff80001005", x86_emit_jmp_rel32(B, INT32_MIN));
    EXPECT("jmp 0x80001004", x86_emit_jmp_rel32(B, INT32_MAX));
    EXPECT("call 0x1000", x86_emit_call_rel32(B, -5));
    EXPECT("call 0x1105", x86_emit_call_rel32(B, 0x100));
    for (int r = 0; r < 16; r++) {
        sprintf(t, "jmp %s", names64[r]);
        EXPECT(t, x86_emit_jmp_r(B, r));
        sprintf(t, "call %s", names64[r]);
        EXPECT(t, x86_emit_call_r(B, r));
        sprintf(t, "push %s", names64[r]);
        EXPECT(t, x86_emit_push(B, r));
        sprintf(t, "pop %s", names64[r]);
        EXPECT(t, x86_emit_pop(B, r));
    }
    for (int j = 0; j < nmems; j++) {
        mem_text(m_txt, "qword ptr ", mems[j], X86_W64);
        sprintf(t, "jmp %s", m_txt);
        EXPECT(t, x86_emit_jmp_m(B, mems[j]));
        sprintf(t, "call %s", m_txt);
        EXPECT(t, x86_emit_call_m(B, mems[j]));
    }
}
END_TEST

/* Padding of n bytes is only NOPs, ceil(n/9) of them, exactly n bytes. */
START_TEST(test_nop)
{
    for (size_t n = 0; n <= 30; n++) {
        uint8_t mem[32];
        struct x86_buf b;
        x86_buf_init(&b, mem, sizeof(mem));
        x86_emit_nop(&b, n);
        ck_assert(x86_buf_ok(&b));
        ck_assert_uint_eq(x86_buf_offset(&b), n);
        cs_insn *insn;
        size_t count = cs_disasm(cs, mem, n, ADDR, 0, &insn);
        ck_assert_uint_eq(count, (n + 8) / 9);
        size_t total = 0;
        for (size_t i = 0; i < count; i++) {
            ck_assert_str_eq(insn[i].mnemonic, "nop");
            total += insn[i].size;
        }
        ck_assert_uint_eq(total, n);
        cs_free(insn, count);
    }
}
END_TEST

START_TEST(test_sse)
{
    static const char *const sfx[2] = {"ss", "sd"};
    static const char *const ptr[2] = {"dword ptr ", "qword ptr "};
    static const struct {
        enum x86_sse_op op;
        const char *name;
    } ops[] = {{X86_SSE_ADD, "add"}, {X86_SSE_SUB, "sub"},   {X86_SSE_MUL, "mul"},
               {X86_SSE_DIV, "div"}, {X86_SSE_SQRT, "sqrt"}, {X86_SSE_MIN, "min"},
               {X86_SSE_MAX, "max"}};
    for (int x = 0; x < 16; x++) {
        for (int r = 0; r < 16; r++) {
            sprintf(t, "movd xmm%d, %s", x, names32[r]);
            EXPECT(t, x86_emit_movd_xr(B, X86_W32, x, r));
            sprintf(t, "movq xmm%d, %s", x, names64[r]);
            EXPECT(t, x86_emit_movd_xr(B, X86_W64, x, r));
            sprintf(t, "movd %s, xmm%d", names32[r], x);
            EXPECT(t, x86_emit_movd_rx(B, X86_W32, r, x));
            sprintf(t, "movq %s, xmm%d", names64[r], x);
            EXPECT(t, x86_emit_movd_rx(B, X86_W64, r, x));
            for (int fp = 0; fp < 2; fp++) {
                for (int wi = 2; wi < 4; wi++) {
                    enum x86_width w = widths[wi];
                    sprintf(t, "cvtsi2%s xmm%d, %s", sfx[fp], x, reg_name(w, r));
                    EXPECT(t, x86_emit_cvtsi2s(B, fp, w, x, r));
                    sprintf(t, "cvt%s2si %s, xmm%d", sfx[fp], reg_name(w, r), x);
                    EXPECT(t, x86_emit_cvts2si(B, fp, w, r, x, false));
                    sprintf(t, "cvtt%s2si %s, xmm%d", sfx[fp], reg_name(w, r), x);
                    EXPECT(t, x86_emit_cvts2si(B, fp, w, r, x, true));
                }
            }
        }
        for (int y = 0; y < 16; y++) {
            for (int fp = 0; fp < 2; fp++) {
                for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
                    sprintf(t, "%s%s xmm%d, xmm%d", ops[k].name, sfx[fp], x, y);
                    EXPECT(t, x86_emit_sse_xx(B, ops[k].op, fp, x, y));
                }
                sprintf(t, "ucomi%s xmm%d, xmm%d", sfx[fp], x, y);
                EXPECT(t, x86_emit_ucomis_xx(B, fp, x, y));
                sprintf(t, "cvt%s2%s xmm%d, xmm%d", sfx[fp], sfx[!fp], x, y);
                EXPECT(t, x86_emit_cvts2s(B, fp, x, y));
            }
            sprintf(t, "movaps xmm%d, xmm%d", x, y);
            EXPECT(t, x86_emit_movaps_xx(B, x, y));
        }
        for (int j = 0; j < nmems; j++) {
            for (int fp = 0; fp < 2; fp++) {
                mem_text(m_txt, ptr[fp], mems[j], X86_W64);
                sprintf(t, "mov%s xmm%d, %s", sfx[fp], x, m_txt);
                EXPECT(t, x86_emit_movs_xm(B, fp, x, mems[j]));
                sprintf(t, "mov%s %s, xmm%d", sfx[fp], m_txt, x);
                EXPECT(t, x86_emit_movs_mx(B, fp, mems[j], x));
                sprintf(t, "%s%s xmm%d, %s", ops[x % 7].name, sfx[fp], x, m_txt);
                EXPECT(t, x86_emit_sse_xm(B, ops[x % 7].op, fp, x, mems[j]));
            }
        }
    }
    for (int j = 0; j < nmems; j++) {
        mem_text(m_txt, "dword ptr ", mems[j], X86_W64);
        sprintf(t, "stmxcsr %s", m_txt);
        EXPECT(t, x86_emit_stmxcsr(B, mems[j]));
        sprintf(t, "ldmxcsr %s", m_txt);
        EXPECT(t, x86_emit_ldmxcsr(B, mems[j]));
    }
}
END_TEST

/* Overflow and invalid operands write nothing and stick; patching checks range. */
START_TEST(test_buffer_errors)
{
    uint8_t mem[8];
    struct x86_buf b;
    x86_buf_init(&b, mem, 6);
    x86_emit_mov_ri(&b, X86_W32, X86_RAX, 1); /* 5 bytes */
    ck_assert(x86_buf_ok(&b));
    x86_emit_mov_ri(&b, X86_W32, X86_RAX, 1);
    ck_assert(b.overflow);
    ck_assert_uint_eq(x86_buf_offset(&b), 5);
    x86_emit_ret(&b); /* would fit, but overflow is sticky: nothing more is written */
    ck_assert_uint_eq(x86_buf_offset(&b), 5);
    ck_assert(!x86_buf_ok(&b));

    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_mov_rm(&b, X86_W32, X86_RAX, x86_mem_sib(X86_RAX, X86_RSP, 1, 0));
    ck_assert(b.invalid);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_mov_rm(&b, X86_W32, X86_RAX, x86_mem_sib(X86_RAX, X86_RCX, 3, 0));
    ck_assert(b.invalid);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_bswap(&b, X86_W16, X86_RAX);
    x86_emit_movzx_rr(&b, X86_W32, X86_W32, X86_RAX, X86_RCX);
    x86_emit_movd_xr(&b, X86_W32, 16, X86_RAX);
    ck_assert(b.invalid);
    x86_emit_ret(&b); /* valid, but invalid is sticky too */
    ck_assert_uint_eq(x86_buf_offset(&b), 0);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_emit_lea(&b, X86_W64, X86_RAX, x86_mem_sib(X86_RIP, X86_RCX, 1, 0));
    ck_assert(b.invalid);

    uint8_t code[300];
    x86_buf_init(&b, code, sizeof(code));
    size_t at8 = x86_emit_jmp_rel8(&b, 0);
    x86_emit_nop(&b, 200);
    ck_assert(!x86_patch_rel8(&b, at8, x86_buf_offset(&b))); /* 201 bytes: out of reach */
    ck_assert(x86_patch_rel8(&b, at8, 100));
    ck_assert_uint_eq(code[at8], 100 - 2);
    size_t at32 = x86_emit_jcc_rel32(&b, X86_CC_E, 0);
    ck_assert_uint_eq(at32, 202 + 2);
    ck_assert(x86_patch_rel32(&b, at32, 0));
    int32_t rel;
    memcpy(&rel, code + at32, 4);
    ck_assert_int_eq(rel, -(int32_t)(at32 + 4));
    ck_assert(!x86_patch_rel32(&b, at32 + 2, 0)); /* field past what was written */
}
END_TEST

/* --- execution: the encodings mean what they say --- */

typedef uint64_t (*fn2)(uint64_t, uint64_t);

struct jit {
    uint8_t *page;
    size_t size;
    struct x86_buf b;
};

static void jit_open(struct jit *j)
{
    j->size = 4096;
    j->page = mmap(NULL, j->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(j->page != MAP_FAILED);
    x86_buf_init(&j->b, j->page, j->size);
}

static fn2 jit_seal(struct jit *j)
{
    ck_assert(x86_buf_ok(&j->b));
    ck_assert_int_eq(mprotect(j->page, j->size, PROT_READ | PROT_EXEC), 0);
    fn2 f;
    void *p = j->page;
    memcpy(&f, &p, sizeof(f)); /* object to function pointer without a cast warning */
    return f;
}

static void jit_close(struct jit *j)
{
    munmap(j->page, j->size);
}

/* rax = ((rdi + rsi) * 3 ^ 0x55) >> 1 | (rdi << 32), with r12/r13 in the mix. */
START_TEST(test_exec_alu)
{
    struct jit j;
    jit_open(&j);
    struct x86_buf *b = &j.b;
    x86_emit_push(b, X86_R12);
    x86_emit_push(b, X86_R13);
    x86_emit_mov_rr(b, X86_W64, X86_R12, X86_RDI);
    x86_emit_alu_rr(b, X86_ADD, X86_W64, X86_R12, X86_RSI);
    x86_emit_imul_rri(b, X86_W64, X86_R13, X86_R12, 3);
    x86_emit_alu_ri(b, X86_XOR, X86_W64, X86_R13, 0x55);
    x86_emit_shift_ri(b, X86_SHR, X86_W64, X86_R13, 1);
    x86_emit_mov_rr(b, X86_W64, X86_RAX, X86_RDI);
    x86_emit_shift_ri(b, X86_SHL, X86_W64, X86_RAX, 32);
    x86_emit_alu_rr(b, X86_OR, X86_W64, X86_RAX, X86_R13);
    x86_emit_pop(b, X86_R13);
    x86_emit_pop(b, X86_R12);
    x86_emit_ret(b);
    fn2 f = jit_seal(&j);
    for (uint64_t a = 0; a < 5; a++)
        for (uint64_t c = 0; c < 1000; c += 333)
            ck_assert_uint_eq(f(a, c), (((a + c) * 3 ^ 0x55) >> 1) | (a << 32));
    jit_close(&j);
}
END_TEST

/* Unsigned 32-bit divide and signed 64-bit divide, result hi:lo packed. */
START_TEST(test_exec_div)
{
    struct jit j;
    jit_open(&j);
    struct x86_buf *b = &j.b;
    x86_emit_mov_rr(b, X86_W32, X86_RAX, X86_RDI);
    x86_emit_alu_rr(b, X86_XOR, X86_W32, X86_RDX, X86_RDX);
    x86_emit_unop(b, X86_DIV, X86_W32, X86_RSI); /* eax = q, edx = r */
    x86_emit_shift_ri(b, X86_SHL, X86_W64, X86_RDX, 32);
    x86_emit_alu_rr(b, X86_OR, X86_W64, X86_RAX, X86_RDX);
    x86_emit_ret(b);
    fn2 f = jit_seal(&j);
    ck_assert_uint_eq(f(100, 7), (2ull << 32) | 14);
    ck_assert_uint_eq(f(0xffffffff, 0x10), (0xfull << 32) | 0x0fffffff);
    jit_close(&j);

    jit_open(&j);
    b = &j.b;
    x86_emit_mov_rr(b, X86_W64, X86_RAX, X86_RDI);
    x86_emit_cdq(b, X86_W64);
    x86_emit_unop(b, X86_IDIV, X86_W64, X86_RSI);
    x86_emit_ret(b);
    f = jit_seal(&j);
    ck_assert_int_eq((int64_t)f((uint64_t)-100, 7), -14);
    ck_assert_int_eq((int64_t)f(100, (uint64_t)-7), -14);
    jit_close(&j);
}
END_TEST

/* max(rdi, rsi) signed by a forward jcc patched later, then a countdown
 * loop by a backward rel8 adding rsi to the result rdi times (with cmov). */
START_TEST(test_exec_branches)
{
    struct jit j;
    jit_open(&j);
    struct x86_buf *b = &j.b;
    x86_emit_mov_rr(b, X86_W64, X86_RAX, X86_RDI);
    x86_emit_alu_rr(b, X86_CMP, X86_W64, X86_RDI, X86_RSI);
    size_t skip = x86_emit_jcc_rel32(b, X86_CC_GE, 0);
    x86_emit_mov_rr(b, X86_W64, X86_RAX, X86_RSI);
    ck_assert(x86_patch_rel32(b, skip, x86_buf_offset(b)));
    x86_emit_ret(b);
    fn2 f = jit_seal(&j);
    ck_assert_int_eq((int64_t)f((uint64_t)-5, 3), 3);
    ck_assert_int_eq((int64_t)f(9, (uint64_t)-3), 9);
    ck_assert_int_eq((int64_t)f((uint64_t)-5, (uint64_t)-7), -5);
    jit_close(&j);

    jit_open(&j);
    b = &j.b;
    x86_emit_alu_rr(b, X86_XOR, X86_W32, X86_RAX, X86_RAX);
    x86_emit_test_rr(b, X86_W64, X86_RDI, X86_RDI);
    size_t done = x86_emit_jcc_rel8(b, X86_CC_E, 0);
    size_t loop = x86_buf_offset(b);
    x86_emit_alu_rr(b, X86_ADD, X86_W64, X86_RAX, X86_RSI);
    x86_emit_dec(b, X86_W64, X86_RDI);
    size_t back = x86_emit_jcc_rel8(b, X86_CC_NE, 0);
    ck_assert(x86_patch_rel8(b, back, loop));
    ck_assert(x86_patch_rel8(b, done, x86_buf_offset(b)));
    x86_emit_mov_ri(b, X86_W64, X86_RCX, -1);
    x86_emit_alu_ri(b, X86_CMP, X86_W64, X86_RAX, 1000);
    x86_emit_cmov_rr(b, X86_CC_A, X86_W64, X86_RAX, X86_RCX);
    x86_emit_ret(b);
    f = jit_seal(&j);
    ck_assert_uint_eq(f(0, 5), 0);
    ck_assert_uint_eq(f(7, 5), 35);
    ck_assert_uint_eq(f(300, 5), UINT64_MAX);
    jit_close(&j);
}
END_TEST

static uint64_t helper_calls;
static uint64_t helper(uint64_t a, uint64_t c)
{
    helper_calls++;
    return a * 10 + c;
}

/* Memory forms against a real array: SIB loads with r12/r13/rbp/rsp bases,
 * movbe and bswap, movzx/movsx, byte stores, setcc, and an absolute call. */
START_TEST(test_exec_memory_and_call)
{
    static uint8_t data[64];
    for (int i = 0; i < 64; i++)
        data[i] = (uint8_t)(0x80 + i);
    struct jit j;
    jit_open(&j);
    struct x86_buf *b = &j.b;
    x86_emit_push(b, X86_RBP); /* also aligns the stack for the call below */
    x86_emit_mov_rr(b, X86_W64, X86_RBP, X86_RDI);
    x86_emit_mov_ri(b, X86_W32, X86_RCX, 2);
    x86_emit_movbe_rm(b, X86_W32, X86_RAX, x86_mem_sib(X86_RBP, X86_RCX, 4, 4)); /* data[12..] */
    x86_emit_mov_rm(b, X86_W32, X86_RDX, x86_mem_base(X86_RBP, 12));
    x86_emit_bswap(b, X86_W32, X86_RDX);
    x86_emit_alu_rr(b, X86_SUB, X86_W32, X86_RAX, X86_RDX); /* 0 when movbe == bswap */
    x86_emit_setcc(b, X86_CC_E, X86_RSI);                   /* sil = 1 */
    x86_emit_mov_mr(b, X86_W8, x86_mem_base(X86_RBP, 63), X86_RSI);
    x86_emit_movsx_rm(b, X86_W64, X86_W8, X86_RDI, x86_mem_base(X86_RBP, 0));  /* -128 */
    x86_emit_movzx_rm(b, X86_W32, X86_W16, X86_RSI, x86_mem_base(X86_RBP, 1)); /* 0x8281 */
    x86_emit_call_abs(b, (const void *)helper);
    x86_emit_pop(b, X86_RBP);
    x86_emit_ret(b);
    fn2 f = jit_seal(&j);
    helper_calls = 0;
    uint64_t r = f((uint64_t)(uintptr_t)data, 0);
    ck_assert_uint_eq(helper_calls, 1);
    ck_assert_uint_eq(data[63], 1);
    ck_assert_uint_eq(r, (uint64_t)(-128 * 10) + 0x8281);
    jit_close(&j);
}
END_TEST

/* sqrt(a + b) in double, truncated to int64; and a float round trip. */
START_TEST(test_exec_sse)
{
    struct jit j;
    jit_open(&j);
    struct x86_buf *b = &j.b;
    x86_emit_movd_xr(b, X86_W64, 8, X86_RDI);
    x86_emit_movd_xr(b, X86_W64, 9, X86_RSI);
    x86_emit_sse_xx(b, X86_SSE_ADD, X86_FP_D, 8, 9);
    x86_emit_sse_xx(b, X86_SSE_SQRT, X86_FP_D, 8, 8);
    x86_emit_cvts2s(b, X86_FP_D, 1, 8); /* to single and back: 5.0 is exact */
    x86_emit_cvts2s(b, X86_FP_S, 2, 1);
    x86_emit_cvts2si(b, X86_FP_D, X86_W64, X86_RAX, 2, true);
    x86_emit_ret(b);
    fn2 f = jit_seal(&j);
    double x = 16.0, y = 9.0;
    uint64_t xi, yi;
    memcpy(&xi, &x, 8);
    memcpy(&yi, &y, 8);
    ck_assert_uint_eq(f(xi, yi), 5);
    jit_close(&j);
}
END_TEST

static Suite *x86_emit_suite(void)
{
    Suite *s = suite_create("x86_emit");
    TCase *syn = tcase_create("syntax");
    tcase_add_unchecked_fixture(syn, cs_setup, cs_teardown);
    tcase_add_unchecked_fixture(syn, build_mems, NULL);
    tcase_set_timeout(syn, 120);
    tcase_add_loop_test(syn, test_mov_rr_alu_rr_test_rr, 0, 4);
    tcase_add_loop_test(syn, test_alu_ri_mi, 0, 4);
    tcase_add_test(syn, test_alu_ri_lengths);
    tcase_add_loop_test(syn, test_alu_rm_mr_mov_rm_mr, 0, 4);
    tcase_add_test(syn, test_mem_full_sweep);
    tcase_add_test(syn, test_mov_ri);
    tcase_add_test(syn, test_extend);
    tcase_add_test(syn, test_lea_movbe_cmov);
    tcase_add_test(syn, test_cc_forms);
    tcase_add_test(syn, test_unary_shift_misc);
    tcase_add_test(syn, test_imul_bsr_bswap);
    tcase_add_test(syn, test_control);
    tcase_add_test(syn, test_nop);
    tcase_add_test(syn, test_sse);
    tcase_add_test(syn, test_buffer_errors);
    suite_add_tcase(s, syn);
    TCase *run = tcase_create("execute");
    tcase_add_test(run, test_exec_alu);
    tcase_add_test(run, test_exec_div);
    tcase_add_test(run, test_exec_branches);
    tcase_add_test(run, test_exec_memory_and_call);
    tcase_add_test(run, test_exec_sse);
    suite_add_tcase(s, run);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(x86_emit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
