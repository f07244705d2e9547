/* frontend/fpu.h — the MIPS32R2 FPU (coprocessor 1) semantics shared by the
 * reference interpreter (frontend/interp_fpu.c) and the JIT's C helpers:
 * register views for Status.FR = 0 and 1, the control registers (FIR, FCCR,
 * FEXR, FENR, FCSR), IEEE arithmetic, conversions and compares with the
 * legacy (pre-2008) NaN encoding, and the Cause/Enable/Flags protocol.
 *
 * The model is QEMU's 24Kf (target/mips, legacy NaN, FCSR.NAN2008 = 0):
 *
 *   unsigned exc = 0;
 *   uint32_t r = fpu_arith_s(cpu, FPU_ADD, fpu_get_s(cpu, fs), fpu_get_s(cpu, ft), &exc);
 *   if (!fpu_commit(cpu, exc))     // sets Cause; FPE recorded when enabled
 *       return false;              // destination left unchanged
 *   fpu_set_s(cpu, fd, r);
 *
 * Arithmetic functions never touch cpu state: they read FCSR.RM and FCSR.FS
 * and report IEEE exceptions as FPE_* bits through *exc.
 */
#ifndef TERN_FRONTEND_FPU_H
#define TERN_FRONTEND_FPU_H

#include <fenv.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct cpu;

/* The legacy default NaNs an invalid operation produces (sign 0, quiet bit
 * clear, every other fraction bit set), as QEMU's snan_bit_is_one targets. */
#define FPU_DEFAULT_NAN_S 0x7fbfffffu
#define FPU_DEFAULT_NAN_D 0x7ff7ffffffffffffull

/* What a conversion to W / L yields for NaN or out of range with Invalid not
 * trapping (24Kf; QEMU FP_TO_INT32_OVERFLOW / FP_TO_INT64_OVERFLOW). */
#define FPU_INT32_INVALID 0x7fffffffu
#define FPU_INT64_INVALID 0x7fffffffffffffffull

/* CFC1/CTC1 register numbers (MIPS32 Vol. I, "FPU control registers"). */
enum fpu_ctrl { FPU_FIR = 0, FPU_FCCR = 25, FPU_FEXR = 26, FPU_FENR = 28, FPU_FCSR = 31 };

/* Arithmetic operations of fpu_arith_s/_d; the unary ones ignore b. */
enum fpu_arith { FPU_ADD, FPU_SUB, FPU_MUL, FPU_DIV, FPU_SQRT, FPU_RECIP, FPU_RSQRT };

/* The COP1X multiply-add family: fd = +-(fs * ft +- fr). */
enum fpu_madd { FPU_MADD, FPU_MSUB, FPU_NMADD, FPU_NMSUB };

/* Rounding modes, numbered as FCSR.RM. */
enum fpu_round { FPU_RN = 0, FPU_RZ = 1, FPU_RP = 2, FPU_RM = 3 };

/* ---- condition codes (fpu.c) ---- */

/* The FPU condition code cc (0..7): cc 0 is FCSR bit 23, cc 1..7 bits 25..31. */
bool fpu_condition(const struct cpu *cpu, unsigned cc);

/* Sets or clears condition code cc (0..7) in FCSR. */
void fpu_set_condition(struct cpu *cpu, unsigned cc, bool value);

/* ---- exceptions (fpu.c) ---- */

/* Ends an arithmetic operation that raised exc (FPE_* bits): writes FCSR.Cause
 * = exc; when (exc & Enables) or Unimplemented is set, records EXC_FPE and
 * returns false (Flags untouched, caller must not write the destination);
 * otherwise ORs exc into Flags and returns true. */
bool fpu_commit(struct cpu *cpu, unsigned exc);

/* ---- arithmetic (fpu.c) ---- */

/* One single-precision operation under FCSR.RM/FS; NaN results are the
 * default NaN; SNaN operands raise Invalid. */
uint32_t fpu_arith_s(const struct cpu *cpu, enum fpu_arith op, uint32_t a, uint32_t b,
                     unsigned *exc);

/* As fpu_arith_s for doubles. */
uint64_t fpu_arith_d(const struct cpu *cpu, enum fpu_arith op, uint64_t a, uint64_t b,
                     unsigned *exc);

/* MADD/MSUB/NMADD/NMSUB.S: rounded multiply, then rounded add (not fused, as
 * QEMU for pre-R6 cores), then for the N forms a sign flip of the result. */
uint32_t fpu_madd_s(const struct cpu *cpu, enum fpu_madd op, uint32_t fs, uint32_t ft, uint32_t fr,
                    unsigned *exc);

/* As fpu_madd_s for doubles. */
uint64_t fpu_madd_d(const struct cpu *cpu, enum fpu_madd op, uint64_t fs, uint64_t ft, uint64_t fr,
                    unsigned *exc);

/* True when v is a single / double NaN (either kind). */
bool fpu_is_nan_s(uint32_t v);
bool fpu_is_nan_d(uint64_t v);

/* True when v is a signalling NaN in the legacy encoding (quiet bit SET). */
bool fpu_is_snan_s(uint32_t v);
bool fpu_is_snan_d(uint64_t v);

/* ---- bit views of guest values as host floats, for the fpu_*.c files ---- */

/* The host float whose IEEE single bits are v. */
static inline float fpu_as_float(uint32_t v)
{
    float f;
    memcpy(&f, &v, sizeof f);
    return f;
}

/* The IEEE single bits of host float f. */
static inline uint32_t fpu_float_bits(float f)
{
    uint32_t v;
    memcpy(&v, &f, sizeof v);
    return v;
}

/* The host double whose IEEE double bits are v. */
static inline double fpu_as_double(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

/* The IEEE double bits of host double d. */
static inline uint64_t fpu_double_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

/* ---- the host's floating-point environment (fpu.c), for the fpu_*.c files ---- */

/* The host state saved around one guest operation: the SSE control and
 * status register (x86-64 computes doubles and floats in SSE only). */
struct fpu_host {
    unsigned saved_mxcsr;
};

/* Saves the host environment, selects rounding mode rm, clears the flags. */
void fpu_host_begin(struct fpu_host *host, enum fpu_round rm);

/* Restores the host environment; returns the IEEE exceptions raised since
 * fpu_host_begin as FPE_* bits. */
unsigned fpu_host_end(struct fpu_host *host);

/* Finishes a host single result r that raised host_exc: a NaN becomes the
 * default NaN; with FCSR.FS a tiny result becomes a signed zero with no
 * Underflow/Inexact (QEMU flush_to_zero raises only its internal
 * output-denormal flag); ORs the remaining exceptions into *exc. */
uint32_t fpu_finish_s(const struct cpu *cpu, uint32_t r, unsigned host_exc, unsigned *exc);

/* As fpu_finish_s for doubles. */
uint64_t fpu_finish_d(const struct cpu *cpu, uint64_t r, unsigned host_exc, unsigned *exc);

/* ---- conversions (fpu_convert.c) ---- */

/* CVT.S.fmt: from = FMT_D, FMT_W or FMT_L (W in the low 32 bits of v). */
uint32_t fpu_to_s(const struct cpu *cpu, unsigned from, uint64_t v, unsigned *exc);

/* CVT.D.fmt: from = FMT_S, FMT_W or FMT_L. */
uint64_t fpu_to_d(const struct cpu *cpu, unsigned from, uint64_t v, unsigned *exc);

/* CVT/ROUND/TRUNC/CEIL/FLOOR to a 32-bit integer from FMT_S or FMT_D with
 * rounding mode rm; FPU_INT32_INVALID plus Invalid for NaN or out of range. */
uint32_t fpu_to_w(unsigned from, uint64_t v, enum fpu_round rm, unsigned *exc);

/* As fpu_to_w for a 64-bit integer (FPU_INT64_INVALID). */
uint64_t fpu_to_l(unsigned from, uint64_t v, enum fpu_round rm, unsigned *exc);

/* FCSR.RM as an enum fpu_round. */
enum fpu_round fpu_rounding(const struct cpu *cpu);

/* ---- compares (fpu_compare.c) ---- */

/* C.cond.S predicate cond (0..15, F..NGT); sets Invalid for an SNaN operand,
 * or for any NaN when the predicate is signalling (cond >= 8). */
bool fpu_compare_s(unsigned cond, uint32_t a, uint32_t b, unsigned *exc);

/* As fpu_compare_s for doubles. */
bool fpu_compare_d(unsigned cond, uint64_t a, uint64_t b, unsigned *exc);

/* ---- registers (fpu_regs.c) ---- */

/* True when Status.FR = 1 (32 64-bit registers). */
bool fpu_fr64(const struct cpu *cpu);

/* True when every register number OR-ed into regs may name a 64-bit operand:
 * always with FR = 1, only even numbers with FR = 0 (QEMU check_cp1_registers). */
bool fpu_regs_ok(const struct cpu *cpu, unsigned regs);

/* The single / word in register reg (bits 31..0 in both modes). */
uint32_t fpu_get_s(const struct cpu *cpu, unsigned reg);

/* Writes bits 31..0 of register reg; bits 63..32 keep their value (QEMU
 * gen_store_fpr32; the manual leaves them UNPREDICTABLE with FR = 1). */
void fpu_set_s(struct cpu *cpu, unsigned reg, uint32_t value);

/* The double / long in reg: FR = 1 the whole register; FR = 0 the pair
 * (reg & ~1 low word, reg | 1 high word), as QEMU gen_load_fpr64. */
uint64_t fpu_get_d(const struct cpu *cpu, unsigned reg);

/* Writes a double / long as fpu_get_d reads it. */
void fpu_set_d(struct cpu *cpu, unsigned reg, uint64_t value);

/* MFHC1: the high word of the double in reg (FR = 1 bits 63..32 of reg;
 * FR = 0 bits 31..0 of reg | 1, as QEMU gen_load_fpr32h). */
uint32_t fpu_get_high(const struct cpu *cpu, unsigned reg);

/* MTHC1: writes what fpu_get_high reads. */
void fpu_set_high(struct cpu *cpu, unsigned reg, uint32_t value);

/* CFC1 fs: true with *value, false when fs names no readable register (the
 * caller raises Reserved Instruction). */
bool fpu_read_ctrl(const struct cpu *cpu, unsigned fs, uint32_t *value);

/* CTC1 fs: writes the writable bits; false with EXC_FPE recorded when the new
 * Cause has Unimplemented or an enabled bit set (the write has happened, as
 * the manual's CTC1 page says). Writes to other registers are ignored. */
bool fpu_write_ctrl(struct cpu *cpu, unsigned fs, uint32_t value);

#endif
