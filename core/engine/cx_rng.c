/* cx_rng: xoshiro256** (Blackman and Vigna) with jump-separated streams. */
#include "cx_rng.h"

#include <math.h>

#include "cx_zig_tables.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t cx_rng_mix(uint64_t seed, uint64_t rep)
{
    uint64_t x = seed ^ (rep * 0xd1b54a32d192ed03ULL);
    splitmix64(&x);
    return splitmix64(&x);
}

/* Advance by 2^128 draws (the published jump polynomial). */
static void jump(cx_rng *r)
{
    static const uint64_t J[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                  0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
    uint64_t t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 64; b++) {
            if (J[i] & ((uint64_t)1 << b))
                for (int k = 0; k < 4; k++) t[k] ^= r->s[k];
            cx_rng_next(r);
        }
    for (int k = 0; k < 4; k++) r->s[k] = t[k];
}

void cx_rng_seed(cx_rng *r, uint64_t seed, unsigned stream)
{
    uint64_t x = seed;
    for (int k = 0; k < 4; k++) r->s[k] = splitmix64(&x);
    for (unsigned k = 0; k < stream; k++) jump(r);
}

/* Ziggurat draws (Marsaglia and Tsang 2000; tables from cx_zig_gen): one
 * 64-bit number picks the layer (low bits) and the point in it (high 53
 * bits); inside the layer's core rectangle (about 99% of draws) that is the
 * draw, with no logarithm. Otherwise the wedge is tested against the density,
 * or the tail beyond r is drawn exactly. tests/test_engine.c checks both
 * against their distribution functions (Kolmogorov-Smirnov). */
static double exp1(cx_rng *r)
{
    for (;;) {
        uint64_t u = cx_rng_next(r);
        unsigned i = (unsigned)(u & 0xff);
        double x = (double)(u >> 11) * 0x1.0p-53 * cx_zig_exp_X[i];
        if (x < cx_zig_exp_X[i + 1]) return x;
        if (i == 0) return CX_ZIG_EXP_R - log(cx_rng_uniform_pos(r)); /* the tail is r + Exp(1) */
        double y = cx_zig_exp_F[i] + cx_rng_uniform(r) * (cx_zig_exp_F[i + 1] - cx_zig_exp_F[i]);
        if (y < exp(-x)) return x;
    }
}

double cx_rng_exp(cx_rng *r, double mean)
{
    return mean * exp1(r);
}

double cx_rng_normal(cx_rng *r)
{
    for (;;) {
        uint64_t u = cx_rng_next(r);
        unsigned i = (unsigned)(u & 0x7f);
        double sign = (u >> 7 & 1) ? -1.0 : 1.0;
        double x = (double)(u >> 11) * 0x1.0p-53 * cx_zig_norm_X[i];
        if (x < cx_zig_norm_X[i + 1]) return sign * x;
        if (i == 0) { /* the tail beyond r (Marsaglia 1964) */
            double a, b;
            do {
                a = -log(cx_rng_uniform_pos(r)) / CX_ZIG_NORM_R;
                b = -log(cx_rng_uniform_pos(r));
            } while (2.0 * b < a * a);
            return sign * (CX_ZIG_NORM_R + a);
        }
        double y = cx_zig_norm_F[i] + cx_rng_uniform(r) * (cx_zig_norm_F[i + 1] - cx_zig_norm_F[i]);
        if (y < exp(-0.5 * x * x)) return sign * x;
    }
}

double cx_rng_lognormal(cx_rng *r, double mean, double cv)
{
    cx_variate v = cx_dist_prepare(&(cx_dist){CX_DIST_LOGNORMAL, mean, cv});
    return cx_variate_draw(&v, r);
}

double cx_rng_gamma(cx_rng *r, double shape, double scale)
{
    if (shape < 1.0) { /* boost: G(a) = G(a+1) * U^(1/a) */
        double g = cx_rng_gamma(r, shape + 1.0, 1.0);
        return scale * g * pow(cx_rng_uniform_pos(r), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) { /* Marsaglia and Tsang 2000 */
        double x, v;
        do {
            x = cx_rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = cx_rng_uniform_pos(r);
        if (u < 1.0 - 0.0331 * x * x * x * x) return scale * d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return scale * d * v;
    }
}

int cx_rng_bernoulli(cx_rng *r, double p)
{
    return cx_rng_uniform(r) < p;
}

uint64_t cx_rng_below(cx_rng *r, uint64_t n)
{
    if (n <= 1) return 0;
    uint64_t lim = UINT64_MAX - UINT64_MAX % n; /* reject the biased tail */
    uint64_t x;
    do x = cx_rng_next(r); while (x >= lim);
    return x % n;
}

uint64_t cx_rng_poisson(cx_rng *r, double mean)
{
    if (!(mean > 0.0)) return 0;
    if (mean < 30.0) { /* multiply uniforms until below exp(-mean) */
        double lim = exp(-mean), p = cx_rng_uniform_pos(r);
        uint64_t k = 0;
        while (p > lim) {
            p *= cx_rng_uniform_pos(r);
            k++;
        }
        return k;
    }
    /* PTRS: transformed rejection with squeeze, Hoermann 1993 */
    double slam = sqrt(mean), loglam = log(mean);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = cx_rng_uniform(r) - 0.5, v = cx_rng_uniform_pos(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) return (uint64_t)k;
        if (k < 0.0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
            -mean + k * loglam - lgamma(k + 1.0))
            return (uint64_t)k;
    }
}

cx_variate cx_dist_prepare(const cx_dist *d)
{
    cx_variate v = {d->kind, d->mean, 0};
    if (d->kind == CX_DIST_LOGNORMAL) { /* mu and sigma of the log from the mean and cv */
        double s2 = log1p(d->cv * d->cv);
        v.a = log(d->mean) - 0.5 * s2;
        v.b = sqrt(s2);
    } else if (d->kind == CX_DIST_GAMMA) {
        v.a = 1.0 / (d->cv * d->cv);
        v.b = d->mean / v.a;
    }
    return v;
}

double cx_variate_draw(const cx_variate *v, cx_rng *r)
{
    switch (v->kind) {
    case CX_DIST_EXP: return cx_rng_exp(r, v->a);
    case CX_DIST_LOGNORMAL: return exp(v->a + v->b * cx_rng_normal(r));
    case CX_DIST_GAMMA: return cx_rng_gamma(r, v->a, v->b);
    case CX_DIST_FIXED: return v->a;
    default: return INFINITY;
    }
}

double cx_dist_draw(const cx_dist *d, cx_rng *r)
{
    cx_variate v = cx_dist_prepare(d);
    return cx_variate_draw(&v, r);
}
