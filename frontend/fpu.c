/* frontend/fpu.c — FPU condition codes, the Cause/Enable/Flags protocol, the
 * host floating-point environment and the IEEE arithmetic operations
 * (ADD/SUB/MUL/DIV/SQRT/RECIP/RSQRT and the unfused multiply-adds). See fpu.h.
 *
 * The host (x86-64 SSE) computes every result, in the guest's rounding mode
 * set in MXCSR and restored afterwards; its exception flags become
 * FCSR.Cause. NaNs never reach the host: x86's quiet/signalling sense is the
 * opposite of legacy MIPS, so NaN operands are classified here, and — as QEMU
 * does for legacy MIPS (default_nan_mode set while NAN2008 = 0) — any NaN
 * result is the default NaN, with Invalid when an operand was signalling.
 *
 * Denormal operands are computed exactly as QEMU does (no Unimplemented
 * Operation exception, which real 24Kf hardware raises for them).
 */
#include "frontend/fpu.h"

#include <math.h>
#include <xmmintrin.h>

#include "core/cpu.h"

bool fpu_condition(const struct cpu *cpu, unsigned cc)
{
    unsigned bit = cc == 0 ? 23 : 24 + cc;
    return (cpu->fcsr >> bit) & 1;
}

void fpu_set_condition(struct cpu *cpu, unsigned cc, bool value)
{
    unsigned bit = cc == 0 ? 23 : 24 + cc;
    cpu->fcsr = (cpu->fcsr & ~(1u << bit)) | ((uint32_t)value << bit);
}

bool fpu_commit(struct cpu *cpu, unsigned exc)
{
    const uint32_t cause_mask = 0x3fu << FCSR_CAUSE_SHIFT;
    unsigned enables = (cpu->fcsr >> FCSR_ENABLES_SHIFT) & 0x1f;
    cpu->fcsr = (cpu->fcsr & ~cause_mask) | (exc & 0x3f) << FCSR_CAUSE_SHIFT;
    if ((exc & enables) || (exc & FPE_UNIMPL)) return !cpu_exception(cpu, EXC_FPE);
    cpu->fcsr |= (exc & 0x1f) << FCSR_FLAGS_SHIFT;
    return true;
}

/* ---- host environment ---- */

/* MXCSR fields (Intel SDM vol. 1, 10.2.3): exception flags in bits 5..0,
 * rounding control in bits 14..13. Reading and writing MXCSR directly costs a
 * few cycles; fegetenv/fesetenv also save the x87 environment, which no
 * double or float operation of an x86-64 build touches, at ten times that. */
#define MXCSR_FLAGS 0x3fu
#define MXCSR_RC_SHIFT 13
#define MXCSR_IE 0x01u
#define MXCSR_ZE 0x04u
#define MXCSR_OE 0x08u
#define MXCSR_UE 0x10u
#define MXCSR_PE 0x20u

/* MIPS FCSR.RM to MXCSR.RC: nearest 0, toward zero 3, up 2, down 1. */
static const unsigned host_rounding[4] = {
    [FPU_RN] = 0u, [FPU_RZ] = 3u, [FPU_RP] = 2u, [FPU_RM] = 1u,
};

void fpu_host_begin(struct fpu_host *host, enum fpu_round rm)
{
    unsigned csr = _mm_getcsr();
    host->saved_mxcsr = csr;
    csr &= ~(MXCSR_FLAGS | 3u << MXCSR_RC_SHIFT);
    _mm_setcsr(csr | host_rounding[rm & 3] << MXCSR_RC_SHIFT);
}

unsigned fpu_host_end(struct fpu_host *host)
{
    unsigned raised = _mm_getcsr();
    _mm_setcsr(host->saved_mxcsr);
    unsigned exc = 0;
    exc |= (raised & MXCSR_PE) ? FPE_INEXACT : 0;
    exc |= (raised & MXCSR_UE) ? FPE_UNDERFLOW : 0;
    exc |= (raised & MXCSR_OE) ? FPE_OVERFLOW : 0;
    exc |= (raised & MXCSR_ZE) ? FPE_DIVZERO : 0;
    exc |= (raised & MXCSR_IE) ? FPE_INVALID : 0;
    return exc;
}

enum fpu_round fpu_rounding(const struct cpu *cpu)
{
    return (enum fpu_round)(cpu->fcsr & FCSR_RM_MASK);
}

/* ---- NaN classes (legacy encoding: the quiet bit is the top fraction bit,
 * and a NaN with it SET is signalling; MIPS32 Vol. I, "Signaling NaNs") ---- */

bool fpu_is_nan_s(uint32_t v)
{
    return (v & 0x7f800000u) == 0x7f800000u && (v & 0x007fffffu);
}

bool fpu_is_nan_d(uint64_t v)
{
    return (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (v & 0x000fffffffffffffull);
}

bool fpu_is_snan_s(uint32_t v)
{
    return fpu_is_nan_s(v) && (v & 0x00400000u);
}

bool fpu_is_snan_d(uint64_t v)
{
    return fpu_is_nan_d(v) && (v & 0x0008000000000000ull);
}

static bool tiny_s(uint32_t r)
{
    return (r & 0x7f800000u) == 0 && (r & 0x007fffffu);
}

static bool tiny_d(uint64_t r)
{
    return (r & 0x7ff0000000000000ull) == 0 && (r & 0x000fffffffffffffull);
}

uint32_t fpu_finish_s(const struct cpu *cpu, uint32_t r, unsigned host_exc, unsigned *exc)
{
    if (fpu_is_nan_s(r)) r = FPU_DEFAULT_NAN_S;
    if ((cpu->fcsr & FCSR_FS) && (tiny_s(r) || (host_exc & FPE_UNDERFLOW))) {
        r &= 0x80000000u;
        host_exc &= ~(FPE_UNDERFLOW | FPE_INEXACT);
    }
    *exc |= host_exc;
    return r;
}

uint64_t fpu_finish_d(const struct cpu *cpu, uint64_t r, unsigned host_exc, unsigned *exc)
{
    if (fpu_is_nan_d(r)) r = FPU_DEFAULT_NAN_D;
    if ((cpu->fcsr & FCSR_FS) && (tiny_d(r) || (host_exc & FPE_UNDERFLOW))) {
        r &= 0x8000000000000000ull;
        host_exc &= ~(FPE_UNDERFLOW | FPE_INEXACT);
    }
    *exc |= host_exc;
    return r;
}

/* ---- arithmetic ---- */

static bool is_binary(enum fpu_arith op)
{
    return op <= FPU_DIV;
}

/* The host computation; volatile keeps it between the fenv calls. RECIP and
 * RSQRT round twice (1/x, and sqrt then 1/x), as QEMU's helpers do. */
static float host_arith_s(enum fpu_arith op, float a, float b)
{
    volatile float x = a, y = b, r = 0;
    switch (op) {
    case FPU_ADD:
        r = x + y;
        break;
    case FPU_SUB:
        r = x - y;
        break;
    case FPU_MUL:
        r = x * y;
        break;
    case FPU_DIV:
        r = x / y;
        break;
    case FPU_SQRT:
        r = sqrtf(x);
        break;
    case FPU_RECIP:
        r = 1.0f / x;
        break;
    case FPU_RSQRT:
        r = sqrtf(x);
        r = 1.0f / r;
        break;
    }
    return r;
}

static double host_arith_d(enum fpu_arith op, double a, double b)
{
    volatile double x = a, y = b, r = 0;
    switch (op) {
    case FPU_ADD:
        r = x + y;
        break;
    case FPU_SUB:
        r = x - y;
        break;
    case FPU_MUL:
        r = x * y;
        break;
    case FPU_DIV:
        r = x / y;
        break;
    case FPU_SQRT:
        r = sqrt(x);
        break;
    case FPU_RECIP:
        r = 1.0 / x;
        break;
    case FPU_RSQRT:
        r = sqrt(x);
        r = 1.0 / r;
        break;
    }
    return r;
}

uint32_t fpu_arith_s(const struct cpu *cpu, enum fpu_arith op, uint32_t a, uint32_t b,
                     unsigned *exc)
{
    if (fpu_is_nan_s(a) || (is_binary(op) && fpu_is_nan_s(b))) {
        if (fpu_is_snan_s(a) || (is_binary(op) && fpu_is_snan_s(b))) *exc |= FPE_INVALID;
        return FPU_DEFAULT_NAN_S;
    }
    struct fpu_host host;
    fpu_host_begin(&host, fpu_rounding(cpu));
    uint32_t r = fpu_float_bits(host_arith_s(op, fpu_as_float(a), fpu_as_float(b)));
    return fpu_finish_s(cpu, r, fpu_host_end(&host), exc);
}

uint64_t fpu_arith_d(const struct cpu *cpu, enum fpu_arith op, uint64_t a, uint64_t b,
                     unsigned *exc)
{
    if (fpu_is_nan_d(a) || (is_binary(op) && fpu_is_nan_d(b))) {
        if (fpu_is_snan_d(a) || (is_binary(op) && fpu_is_snan_d(b))) *exc |= FPE_INVALID;
        return FPU_DEFAULT_NAN_D;
    }
    struct fpu_host host;
    fpu_host_begin(&host, fpu_rounding(cpu));
    uint64_t r = fpu_double_bits(host_arith_d(op, fpu_as_double(a), fpu_as_double(b)));
    return fpu_finish_d(cpu, r, fpu_host_end(&host), exc);
}

/* MIPS32 Vol. II MADD.fmt etc.: pre-R6 cores round the product before the
 * add (QEMU fmadd32/fmsub32 then float32_chs for the N forms, which flips the
 * sign of a default-NaN result too). */
static bool madd_subtracts(enum fpu_madd op)
{
    return op == FPU_MSUB || op == FPU_NMSUB;
}

static bool madd_negates(enum fpu_madd op)
{
    return op == FPU_NMADD || op == FPU_NMSUB;
}

uint32_t fpu_madd_s(const struct cpu *cpu, enum fpu_madd op, uint32_t fs, uint32_t ft, uint32_t fr,
                    unsigned *exc)
{
    uint32_t product = fpu_arith_s(cpu, FPU_MUL, fs, ft, exc);
    uint32_t r = fpu_arith_s(cpu, madd_subtracts(op) ? FPU_SUB : FPU_ADD, product, fr, exc);
    return madd_negates(op) ? r ^ 0x80000000u : r;
}

uint64_t fpu_madd_d(const struct cpu *cpu, enum fpu_madd op, uint64_t fs, uint64_t ft, uint64_t fr,
                    unsigned *exc)
{
    uint64_t product = fpu_arith_d(cpu, FPU_MUL, fs, ft, exc);
    uint64_t r = fpu_arith_d(cpu, madd_subtracts(op) ? FPU_SUB : FPU_ADD, product, fr, exc);
    return madd_negates(op) ? r ^ 0x8000000000000000ull : r;
}
