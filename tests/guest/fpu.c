/* tests/guest/fpu.c — the FPU (Vol. II, COP1; o32 FR=0): arithmetic, conversions,
 * compares with BC1T/BC1F, rounding modes set through CTC1 FCSR, the legacy
 * (pre-NaN2008, 24Kf) default NaNs 0x7fbfffff / 0x7ff7ffffffffffff, and the FCSR
 * flag bits. Each operation is one inline-asm instruction so the compiler can
 * neither fold nor replace it. Also runs under qemu-user (guest.fpu.*.qemu). */
#include "check.h"

#define FLAG_I (0x01u << 2)
#define FLAG_U (0x02u << 2)
#define FLAG_O (0x04u << 2)
#define FLAG_Z (0x08u << 2)
#define FLAG_V (0x10u << 2)

#define OP2_S(name, insn)                                                                      \
    static float name(float a, float b)                                                        \
    {                                                                                          \
        float r;                                                                               \
        __asm__ volatile(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));                       \
        return r;                                                                              \
    }
#define OP2_D(name, insn)                                                                      \
    static double name(double a, double b)                                                     \
    {                                                                                          \
        double r;                                                                              \
        __asm__ volatile(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));                       \
        return r;                                                                              \
    }
#define OP1(name, rtype, atype, insn)                                                          \
    static rtype name(atype a)                                                                 \
    {                                                                                          \
        rtype r;                                                                               \
        __asm__ volatile(insn " %0, %1" : "=f"(r) : "f"(a));                                   \
        return r;                                                                              \
    }

OP2_S(add_s, "add.s")
OP2_S(sub_s, "sub.s")
OP2_S(mul_s, "mul.s")
OP2_S(div_s, "div.s")
OP2_D(add_d, "add.d")
OP2_D(sub_d, "sub.d")
OP2_D(mul_d, "mul.d")
OP2_D(div_d, "div.d")
OP1(sqrt_s, float, float, "sqrt.s")
OP1(sqrt_d, double, double, "sqrt.d")
OP1(abs_s, float, float, "abs.s")
OP1(neg_d, double, double, "neg.d")
OP1(mov_d, double, double, "mov.d")
OP1(cvt_d_s, double, float, "cvt.d.s")
OP1(cvt_s_d, float, double, "cvt.s.d")
OP1(cvt_w_s, float, float, "cvt.w.s")
OP1(cvt_w_d, float, double, "cvt.w.d")
OP1(trunc_w_s, float, float, "trunc.w.s")
OP1(round_w_d, float, double, "round.w.d")
OP1(ceil_w_s, float, float, "ceil.w.s")
OP1(floor_w_d, float, double, "floor.w.d")
OP1(cvt_s_w, float, float, "cvt.s.w")
OP1(cvt_d_w, double, float, "cvt.d.w")

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static float ffrom(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static uint32_t get_fcsr(void)
{
    uint32_t v;
    __asm__ volatile("cfc1 %0, $31" : "=r"(v));
    return v;
}

static void set_fcsr(uint32_t v)
{
    __asm__ volatile("ctc1 %0, $31" ::"r"(v));
}

/* The FCSR flags after OP ran from clean flags. */
#define FLAGS_OF(op) (set_fcsr(0), (void)(op), get_fcsr() & 0x7c)

/* C.cond.fmt then BC1T (noreorder, so the delay slot is exactly a NOP): 1 when
 * the condition held. */
#define CMP(insn, a, b)                                                                        \
    ({                                                                                         \
        int t_;                                                                                \
        __asm__ volatile(".set push\n\t.set noreorder\n\t" insn " %1, %2\n\t"                  \
                         "li %0, 1\n\tbc1t 1f\n\tnop\n\tli %0, 0\n1:\n\t.set pop"              \
                         : "=&r"(t_)                                                           \
                         : "f"(a), "f"(b));                                                    \
        t_;                                                                                    \
    })

static void test_arith(void)
{
    CHECK_EQ(fbits(add_s(1.5f, 2.25f)), fbits(3.75f));
    CHECK_EQ(fbits(sub_s(1.0f, 3.0f)), 0xc0000000);
    CHECK_EQ(fbits(mul_s(-2.0f, 0.5f)), 0xbf800000);
    CHECK_EQ(fbits(div_s(1.0f, 4.0f)), 0x3e800000);
    CHECK_EQ(fbits(sqrt_s(2.0f)), 0x3fb504f3);
    CHECK_EQ(fbits(abs_s(-0.0f)), 0);
    CHECK_EQ64(dbits(add_d(0.1, 0.2)), 0x3fd3333333333334ull);
    CHECK_EQ64(dbits(sub_d(1e16, 1.0)), 0x4341c37937e08000ull); /* a tie: to even */
    CHECK_EQ64(dbits(mul_d(3.0, -7.5)), dbits(-22.5));
    CHECK_EQ64(dbits(div_d(1.0, 3.0)), 0x3fd5555555555555ull);
    CHECK_EQ64(dbits(sqrt_d(2.0)), 0x3ff6a09e667f3bcdull);
    CHECK_EQ64(dbits(neg_d(0.0)), 0x8000000000000000ull);
    CHECK_EQ64(dbits(mov_d(-1.25)), dbits(-1.25));
}

static void test_convert(void)
{
    CHECK_EQ64(dbits(cvt_d_s(0.1f)), 0x3fb99999a0000000ull);
    CHECK_EQ(fbits(cvt_s_d(0.1)), 0x3dcccccd);
    CHECK_EQ(fbits(cvt_w_s(-3.75f)), (uint32_t)-4);
    CHECK_EQ(fbits(cvt_w_d(1e9)), 1000000000);
    CHECK_EQ(fbits(trunc_w_s(-3.75f)), (uint32_t)-3);
    CHECK_EQ(fbits(round_w_d(2.5)), 2); /* ties to even */
    CHECK_EQ(fbits(round_w_d(3.5)), 4);
    CHECK_EQ(fbits(ceil_w_s(-0.5f)), 0);
    CHECK_EQ(fbits(floor_w_d(-0.5)), (uint32_t)-1);
    CHECK_EQ(fbits(cvt_s_w(ffrom((uint32_t)-7))), fbits(-7.0f));
    CHECK_EQ(fbits(cvt_s_w(ffrom(16777217))), 0x4b800000); /* rounds to 2^24 */
    CHECK_EQ64(dbits(cvt_d_w(ffrom(0x80000000))), dbits(-2147483648.0));
    /* Out of range and NaN: the legacy "invalid" result 0x7fffffff. */
    CHECK_EQ(fbits(cvt_w_d(3e9)), 0x7fffffff);
    CHECK_EQ(fbits(trunc_w_s(ffrom(0x7fc00000))), 0x7fffffff);
}

static void test_compare(void)
{
    float nan = ffrom(0x7fc00000);
    CHECK_EQ(CMP("c.eq.s", 1.0f, 1.0f), 1);
    CHECK_EQ(CMP("c.eq.s", 1.0f, 2.0f), 0);
    CHECK_EQ(CMP("c.lt.s", 1.0f, 2.0f), 1);
    CHECK_EQ(CMP("c.lt.s", 2.0f, 2.0f), 0);
    CHECK_EQ(CMP("c.le.s", 2.0f, 2.0f), 1);
    CHECK_EQ(CMP("c.eq.s", 0.0f, -0.0f), 1);
    CHECK_EQ(CMP("c.un.s", nan, 1.0f), 1);
    CHECK_EQ(CMP("c.eq.s", nan, nan), 0);
    CHECK_EQ(CMP("c.ult.s", nan, 1.0f), 1);
    CHECK_EQ(CMP("c.olt.d", -1.0, 1.0), 1);
    CHECK_EQ(CMP("c.ule.d", 3.0, 1.0), 0);
    CHECK_EQ(CMP("c.f.d", 1.0, 1.0), 0);
    /* The condition bit is FCSR bit 23. */
    set_fcsr(0);
    __asm__ volatile("c.eq.s %0, %0" ::"f"(1.0f));
    CHECK_EQ(get_fcsr(), 1u << 23);
    set_fcsr(0);
}

static void test_rounding(void)
{
    static const struct {
        uint32_t rm;
        int32_t pos, neg;
    } modes[] = {{0, 2, -2}, {1, 2, -2}, {2, 3, -2}, {3, 2, -3}};
    for (unsigned i = 0; i < 4; i++) {
        set_fcsr(modes[i].rm);
        CHECK_EQ(fbits(cvt_w_s(2.5f)), (uint32_t)modes[i].pos);
        CHECK_EQ(fbits(cvt_w_s(-2.5f)), (uint32_t)modes[i].neg);
        CHECK_EQ(get_fcsr() & 3, modes[i].rm);
    }
    set_fcsr(1); /* toward zero: 1/3 rounds down in the last bit too */
    CHECK_EQ(fbits(div_s(1.0f, 3.0f)), 0x3eaaaaaa);
    set_fcsr(2); /* toward +inf */
    CHECK_EQ(fbits(div_s(1.0f, 3.0f)), 0x3eaaaaab);
    set_fcsr(0);
}

static void test_nan_and_flags(void)
{
    CHECK_EQ(fbits(div_s(0.0f, 0.0f)), 0x7fbfffff);
    CHECK_EQ64(dbits(div_d(0.0, 0.0)), 0x7ff7ffffffffffffull);
    CHECK_EQ(fbits(sqrt_s(-1.0f)), 0x7fbfffff);
    CHECK_EQ(FLAGS_OF(div_s(0.0f, 0.0f)), FLAG_V);
    CHECK_EQ(FLAGS_OF(div_s(1.0f, 0.0f)), FLAG_Z);
    CHECK_EQ(fbits(div_s(-1.0f, 0.0f)), 0xff800000);
    CHECK_EQ(FLAGS_OF(div_d(1.0, 3.0)), FLAG_I);
    CHECK_EQ(FLAGS_OF(add_d(1.0, 2.0)), 0);
    CHECK_EQ(FLAGS_OF(mul_s(1e38f, 10.0f)), FLAG_O | FLAG_I);
    CHECK_EQ(FLAGS_OF(mul_s(1e-38f, 1e-10f)), FLAG_U | FLAG_I);
    CHECK_EQ(FLAGS_OF(cvt_w_d(3e9)), FLAG_V);
    /* Flags are sticky: two operations accumulate. */
    set_fcsr(0);
    (void)div_s(1.0f, 0.0f);
    (void)div_d(1.0, 3.0);
    CHECK_EQ(get_fcsr() & 0x7c, FLAG_Z | FLAG_I);
    set_fcsr(0);
}

int main(void)
{
    test_arith();
    test_convert();
    test_compare();
    test_rounding();
    test_nan_and_flags();
    return rt_finish("fpu");
}
