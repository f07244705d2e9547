/* frontend/fpu_convert.c — FPU format conversions: CVT.S/CVT.D from every
 * legal source, and CVT/ROUND/TRUNC/CEIL/FLOOR to W and L. See fpu.h.
 *
 * To-integer conversions follow QEMU's 24Kf (legacy NaN) helpers: a NaN or an
 * out-of-range value raises Invalid only (no Inexact, as softfloat) and yields
 * 0x7fffffff / 0x7fffffffffffffff whatever the sign; an in-range value that
 * was not an integer raises Inexact. Rounding uses nearbyint() (which never
 * raises Inexact) under the requested mode, so every flag is decided here.
 */
#include "frontend/fpu.h"

#include <math.h>

#include "core/cpu.h"
#include "frontend/insn.h"

/* The host conversions, kept between the fenv calls by volatile. */
static float host_to_float(unsigned from, uint64_t v)
{
    volatile double d = fpu_as_double(v);
    volatile int32_t w = (int32_t)(uint32_t)v;
    volatile int64_t l = (int64_t)v;
    volatile float r = 0;
    switch (from) {
    case FMT_D:
        r = (float)d;
        break;
    case FMT_W:
        r = (float)w;
        break;
    case FMT_L:
        r = (float)l;
        break;
    }
    return r;
}

static double host_to_double(unsigned from, uint64_t v)
{
    volatile float s = fpu_as_float((uint32_t)v);
    volatile int32_t w = (int32_t)(uint32_t)v;
    volatile int64_t l = (int64_t)v;
    volatile double r = 0;
    switch (from) {
    case FMT_S:
        r = (double)s;
        break;
    case FMT_W:
        r = (double)w;
        break;
    case FMT_L:
        r = (double)l;
        break;
    }
    return r;
}

uint32_t fpu_to_s(const struct cpu *cpu, unsigned from, uint64_t v, unsigned *exc)
{
    if (from == FMT_D && fpu_is_nan_d(v)) {
        *exc |= fpu_is_snan_d(v) ? FPE_INVALID : 0;
        return FPU_DEFAULT_NAN_S;
    }
    struct fpu_host host;
    fpu_host_begin(&host, fpu_rounding(cpu));
    uint32_t r = fpu_float_bits(host_to_float(from, v));
    return fpu_finish_s(cpu, r, fpu_host_end(&host), exc);
}

uint64_t fpu_to_d(const struct cpu *cpu, unsigned from, uint64_t v, unsigned *exc)
{
    if (from == FMT_S && fpu_is_nan_s((uint32_t)v)) {
        *exc |= fpu_is_snan_s((uint32_t)v) ? FPE_INVALID : 0;
        return FPU_DEFAULT_NAN_D;
    }
    struct fpu_host host;
    fpu_host_begin(&host, fpu_rounding(cpu));
    uint64_t r = fpu_double_bits(host_to_double(from, v));
    return fpu_finish_d(cpu, r, fpu_host_end(&host), exc);
}

/* The source operand as a host double (exact for S and D), or false for NaN. */
static bool source_value(unsigned from, uint64_t v, double *out)
{
    if (from == FMT_S) {
        if (fpu_is_nan_s((uint32_t)v)) return false;
        *out = (double)fpu_as_float((uint32_t)v);
        return true;
    }
    if (fpu_is_nan_d(v)) return false;
    *out = fpu_as_double(v);
    return true;
}

/* Rounds x to an integral value in mode rm; sets *inexact when it moved. */
static double round_integral(double x, enum fpu_round rm, bool *inexact)
{
    struct fpu_host host;
    fpu_host_begin(&host, rm);
    volatile double in = x;
    volatile double r = nearbyint(in);
    fpu_host_end(&host);
    *inexact = r != x;
    return r;
}

/* The source rounded to an integer in mode rm, when it is a number and the
 * result lies in [lo, hi); else Invalid (no Inexact) and false. */
static bool to_integer(unsigned from, uint64_t v, enum fpu_round rm, double lo, double hi,
                       unsigned *exc, double *r)
{
    double x;
    bool inexact = false, in_range = false;
    if (source_value(from, v, &x)) {
        *r = round_integral(x, rm, &inexact);
        in_range = *r >= lo && *r < hi; /* false for an infinity too */
    }
    *exc |= !in_range ? FPE_INVALID : inexact ? FPE_INEXACT : 0;
    return in_range;
}

uint32_t fpu_to_w(unsigned from, uint64_t v, enum fpu_round rm, unsigned *exc)
{
    double r;
    /* r is integral, so r < 2^31 is r <= INT32_MAX. */
    if (!to_integer(from, v, rm, -2147483648.0, 2147483648.0, exc, &r)) return FPU_INT32_INVALID;
    return (uint32_t)(int32_t)r;
}

uint64_t fpu_to_l(unsigned from, uint64_t v, enum fpu_round rm, unsigned *exc)
{
    double r;
    /* 2^63 is the first double past INT64_MAX; -2^63 itself is in range. */
    if (!to_integer(from, v, rm, -9223372036854775808.0, 9223372036854775808.0, exc, &r))
        return FPU_INT64_INVALID;
    return (uint64_t)(int64_t)r;
}
