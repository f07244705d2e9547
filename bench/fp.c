/* bench/fp.c — double-precision floating point: the n-body simulation of the
 * five outer planets (add, multiply, divide, square root) and a 40x40 matrix
 * multiply. No libm exists for the guest, so the square root is the FPU's own
 * SQRT.D, which IEEE 754 rounds exactly: every engine and QEMU must agree on
 * each bit of the result, and the checksum is built from those bits. */
#include "bench.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define N 40

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[5];
static double ma[N][N], mb[N][N], mc[N][N];

static double fsqrt(double x)
{
    double r;
    __asm__("sqrt.d %0, %1" : "=f"(r) : "f"(x));
    return r;
}

static void nbody_init(void)
{
    static const struct body start[5] = {
        {0, 0, 0, 0, 0, 0, SOLAR_MASS},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
    };
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < 5; i++) {
        bodies[i] = start[i];
        px += start[i].vx * start[i].mass;
        py += start[i].vy * start[i].mass;
        pz += start[i].vz * start[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

static void nbody_advance(double dt)
{
    for (int i = 0; i < 5; i++) {
        struct body *a = &bodies[i];
        for (int j = i + 1; j < 5; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * fsqrt(d2));
            a->vx -= dx * b->mass * mag;
            a->vy -= dy * b->mass * mag;
            a->vz -= dz * b->mass * mag;
            b->vx += dx * a->mass * mag;
            b->vy += dy * a->mass * mag;
            b->vz += dz * a->mass * mag;
        }
    }
    for (int i = 0; i < 5; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double nbody_energy(void)
{
    double e = 0;
    for (int i = 0; i < 5; i++) {
        const struct body *a = &bodies[i];
        e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < 5; j++) {
            const struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            e -= a->mass * b->mass / fsqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void matrix_init(uint32_t seed)
{
    uint32_t rng = seed | 1;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (double)(bench_xorshift(&rng) % 2001) / 1000.0 - 1.0;
            mb[i][j] = (double)(int32_t)(bench_xorshift(&rng) % 512) * 0.125;
        }
}

static double matrix_multiply_trace(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++)
                s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    double t = 0;
    for (int i = 0; i < N; i++)
        t += mc[i][i] - mc[i][N - 1 - i] * 0.5;
    return t;
}

/* The bits of D folded to 32, so a one-ulp difference changes the checksum. */
static uint32_t double_bits(double d)
{
    union {
        double d;
        uint64_t u;
    } v = {d};
    return (uint32_t)v.u ^ (uint32_t)(v.u >> 32);
}

int main(void)
{
    uint32_t sum = 0;
    nbody_init();
    for (uint32_t unit = 0; unit < BENCH_SCALE; unit++) {
        for (int step = 0; step < 400; step++)
            nbody_advance(0.01);
        sum = sum * 31 + double_bits(nbody_energy());
        matrix_init(sum);
        sum ^= double_bits(matrix_multiply_trace());
    }
    return bench_report("fp", sum);
}
