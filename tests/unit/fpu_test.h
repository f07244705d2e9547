/* tests/unit/fpu_test.h — shared by the test_fpu_*.c unit tests: instruction
 * encoders for COP1/COP1X (MIPS32 Vol. II, Appendix A tables A.14-A.20) as
 * constant expressions, so vector tables can use them, and a one-instruction
 * runner on the harness machine.
 *
 * Register convention of the vector tables: singles fd = $f0, fs = $f2,
 * ft = $f4, fr = $f6; doubles fd = $f14, fs = $f8, ft = $f10, fr = $f12.
 */
#ifndef TERN_TESTS_FPU_TEST_H
#define TERN_TESTS_FPU_TEST_H

#include <check.h>

#include "frontend/fpu.h"
#include "frontend/insn.h"
#include "tests/unit/harness.h"

#define OPC_COP1 0x11u
#define OPC_COP1X 0x13u

/* COP1 function codes (table A.16). */
enum fpu_fn {
    FN_ADD = 0x00,
    FN_SUB = 0x01,
    FN_MUL = 0x02,
    FN_DIV = 0x03,
    FN_SQRT = 0x04,
    FN_ABS = 0x05,
    FN_MOV = 0x06,
    FN_NEG = 0x07,
    FN_ROUND_L = 0x08,
    FN_TRUNC_L = 0x09,
    FN_CEIL_L = 0x0a,
    FN_FLOOR_L = 0x0b,
    FN_ROUND_W = 0x0c,
    FN_TRUNC_W = 0x0d,
    FN_CEIL_W = 0x0e,
    FN_FLOOR_W = 0x0f,
    FN_MOVCF = 0x11,
    FN_MOVZ = 0x12,
    FN_MOVN = 0x13,
    FN_RECIP = 0x15,
    FN_RSQRT = 0x16,
    FN_CVT_S = 0x20,
    FN_CVT_D = 0x21,
    FN_CVT_W = 0x24,
    FN_CVT_L = 0x25,
    FN_C = 0x30,
};

/* COP1X function codes (table A.20); the multiply-adds add 0 (S) or 1 (D). */
enum fpu_fn_x {
    FNX_LWXC1 = 0x00,
    FNX_LDXC1 = 0x01,
    FNX_LUXC1 = 0x05,
    FNX_SWXC1 = 0x08,
    FNX_SDXC1 = 0x09,
    FNX_SUXC1 = 0x0d,
    FNX_PREFX = 0x0f,
    FNX_MADD = 0x20,
    FNX_MSUB = 0x28,
    FNX_NMADD = 0x30,
    FNX_NMSUB = 0x38,
};

/* COP1 rs-field sub-opcodes (table A.14). */
enum fpu_rs { RS_MFC1 = 0, RS_CFC1 = 2, RS_MFHC1 = 3, RS_MTC1 = 4, RS_CTC1 = 6, RS_MTHC1 = 7 };

/* op.fmt fd, fs, ft */
#define ENC_ARITH(fmt, fn, fd, fs, ft)                                                             \
    (OPC_COP1 << 26 | (uint32_t)(fmt) << 21 | (uint32_t)(ft) << 16 | (uint32_t)(fs) << 11 |        \
     (uint32_t)(fd) << 6 | (uint32_t)(fn))
/* c.cond.fmt cc, fs, ft */
#define ENC_CMP(fmt, cond, cc, fs, ft) ENC_ARITH(fmt, FN_C | (cond), (cc) << 2, fs, ft)
/* movf.fmt / movt.fmt fd, fs, cc */
#define ENC_MOVCF(fmt, tf, fd, fs, cc) ENC_ARITH(fmt, FN_MOVCF, fd, fs, (cc) << 2 | (tf))
/* movz.fmt / movn.fmt fd, fs, rt */
#define ENC_MOVZN(fmt, fn, fd, fs, rt) ENC_ARITH(fmt, fn, fd, fs, rt)
/* mfc1/mtc1/... rt, fs */
#define ENC_MOVE(rs, rt, fs)                                                                       \
    (OPC_COP1 << 26 | (uint32_t)(rs) << 21 | (uint32_t)(rt) << 16 | (uint32_t)(fs) << 11)
/* madd.fmt fd, fr, fs, ft (fmt3: 0 = S, 1 = D) */
#define ENC_MADD(fn, fmt3, fd, fr, fs, ft)                                                         \
    (OPC_COP1X << 26 | (uint32_t)(fr) << 21 | (uint32_t)(ft) << 16 | (uint32_t)(fs) << 11 |        \
     (uint32_t)(fd) << 6 | (uint32_t)(fn) | (uint32_t)(fmt3))
/* lwxc1 fd, index(base) / swxc1 fs, index(base): freg goes to fd or fs */
#define ENC_LDX(fn, fd, index, base)                                                               \
    (OPC_COP1X << 26 | (uint32_t)(base) << 21 | (uint32_t)(index) << 16 | (uint32_t)(fd) << 6 |    \
     (uint32_t)(fn))
#define ENC_STX(fn, fs, index, base)                                                               \
    (OPC_COP1X << 26 | (uint32_t)(base) << 21 | (uint32_t)(index) << 16 | (uint32_t)(fs) << 11 |   \
     (uint32_t)(fn))
/* lwc1/ldc1/swc1/sdc1 ft, offset(base) */
#define ENC_MEM(opcode, ft, offset, base)                                                          \
    ((uint32_t)(opcode) << 26 | (uint32_t)(base) << 21 | (uint32_t)(ft) << 16 |                    \
     ((uint32_t)(offset)&0xffffu))
#define OPC_LWC1 0x31u
#define OPC_LDC1 0x35u
#define OPC_SWC1 0x39u
#define OPC_SDC1 0x3du
/* GPR movf/movt rd, rs, cc (SPECIAL function 1) */
#define ENC_GPR_MOVCF(rd, rs, cc, tf)                                                              \
    ((uint32_t)(rs) << 21 | (uint32_t)(cc) << 18 | (uint32_t)(tf) << 16 | (uint32_t)(rd) << 11 |   \
     0x01u)
/* bc1f / bc1t cc, offset (instructions) */
#define ENC_BC1(cc, tf, offset)                                                                    \
    (OPC_COP1 << 26 | 8u << 21 | (uint32_t)(cc) << 18 | (uint32_t)(tf) << 16 |                     \
     ((uint32_t)(offset)&0xffffu))

/* FCSR fields for building expectations. */
#define CAUSE(x) ((uint32_t)(x) << FCSR_CAUSE_SHIFT)
#define FLAGS(x) ((uint32_t)(x) << FCSR_FLAGS_SHIFT)
#define ENABLES(x) ((uint32_t)(x) << FCSR_ENABLES_SHIFT)
#define EX_V FPE_INVALID
#define EX_Z FPE_DIVZERO
#define EX_O FPE_OVERFLOW
#define EX_U FPE_UNDERFLOW
#define EX_I FPE_INEXACT

/* A machine with CU1 set, Status.FR as asked, little- or big-endian. */
static inline struct harness *fpu_machine(bool big_endian, bool fr64)
{
    struct harness *h = harness_new(big_endian);
    if (fr64) h->cpu.cp0[CP0_STATUS][0] |= ST_FR;
    return h;
}

/* Runs one instruction; true when it raised no exception. */
static inline bool run1(struct harness *h, uint32_t word)
{
    return harness_run(h, &word, 1);
}

#endif
