/* frontend/fpu_compare.c — the sixteen C.cond.fmt predicates. See fpu.h.
 *
 * MIPS32 Vol. II C.cond.fmt: cond bit 0 selects "true when unordered", bit 1
 * "true when equal", bit 2 "true when less", and bit 3 makes the predicate
 * signalling (Invalid on any NaN operand, QNaN included). The quiet ones raise
 * Invalid only for an SNaN, which in the legacy encoding has the top fraction
 * bit SET. The host never sees a NaN here, so its own (opposite) idea of
 * quiet and signalling cannot leak in.
 */
#include "frontend/fpu.h"

#include "core/cpu.h"

#define COND_UNORDERED 1u
#define COND_EQUAL 2u
#define COND_LESS 4u
#define COND_SIGNALLING 8u

/* The predicate for an ordered pair; a and b are not NaN. */
static bool ordered_result(unsigned cond, bool equal, bool less)
{
    return ((cond & COND_EQUAL) && equal) || ((cond & COND_LESS) && less);
}

static bool unordered_result(unsigned cond, bool snan, unsigned *exc)
{
    if (snan || (cond & COND_SIGNALLING)) *exc |= FPE_INVALID;
    return (cond & COND_UNORDERED) != 0;
}

bool fpu_compare_s(unsigned cond, uint32_t a, uint32_t b, unsigned *exc)
{
    if (fpu_is_nan_s(a) || fpu_is_nan_s(b))
        return unordered_result(cond, fpu_is_snan_s(a) || fpu_is_snan_s(b), exc);
    float x = fpu_as_float(a), y = fpu_as_float(b);
    return ordered_result(cond, x == y, x < y);
}

bool fpu_compare_d(unsigned cond, uint64_t a, uint64_t b, unsigned *exc)
{
    if (fpu_is_nan_d(a) || fpu_is_nan_d(b))
        return unordered_result(cond, fpu_is_snan_d(a) || fpu_is_snan_d(b), exc);
    double x = fpu_as_double(a), y = fpu_as_double(b);
    return ordered_result(cond, x == y, x < y);
}
