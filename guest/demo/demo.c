/* guest/demo/demo.c — the first program a newcomer runs (scripts/demo.sh):
 * a banner, the primes below 100 (integer ALU, division), a few square roots
 * (FPU), and an ASCII Mandelbrot set (double-precision loops), then power-off
 * with status 0. Output goes to the virt board's UART. */
#include "rt.h"

static int is_prime(unsigned n)
{
    if (n < 2)
        return 0;
    for (unsigned d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static void show_primes(void)
{
    printf("Primes below 100:");
    for (unsigned n = 2; n < 100; n++)
        if (is_prime(n))
            printf(" %u", n);
    printf("\n");
}

/* Newton's method, so the demo uses FPU add, multiply and divide. */
static double newton_sqrt(double x)
{
    double r = x > 1.0 ? x : 1.0;
    for (int i = 0; i < 30; i++)
        r = 0.5 * (r + x / r);
    return r;
}

static void show_roots(void)
{
    printf("Square roots (Newton, FPU):");
    for (int n = 2; n <= 7; n++) {
        int milli = (int)(newton_sqrt(n) * 1000.0 + 0.5);
        printf("  sqrt(%d)=%d.%03d", n, milli / 1000, milli % 1000);
    }
    printf("\n");
}

static void show_mandelbrot(void)
{
    static const char shades[] = " .:-=+*#%@";
    for (int row = 0; row < 24; row++) {
        char line[73];
        double ci = -1.2 + row * (2.4 / 23);
        for (int col = 0; col < 72; col++) {
            double cr = -2.1 + col * (3.0 / 71), zr = 0, zi = 0;
            int it = 0;
            while (it < 64 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            line[col] = it == 64 ? '@' : shades[it % 9];
        }
        line[72] = '\0';
        puts(line);
    }
}

int main(void)
{
    uint32_t probe = 0x01020304;
    int big = *(const uint8_t *)&probe == 0x01;
    printf("\ntern: hello from a MIPS32r2 guest (%s-endian, bare metal)\n", big ? "big" : "little");
    printf("-------------------------------------------------------\n");
    show_primes();
    show_roots();
    printf("The Mandelbrot set, in double precision:\n");
    show_mandelbrot();
    printf("Done. Powering off.\n");
    return 0;
}
