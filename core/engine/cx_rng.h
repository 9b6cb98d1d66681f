/* cx_rng: xoshiro256** generator, independent numbered streams, variates. */
#ifndef CX_RNG_H
#define CX_RNG_H

#include <stdint.h>


typedef struct cx_rng {
    uint64_t s[4];            /* xoshiro256** state, never all zero */
} cx_rng;

/* Seed stream `stream` of master seed `seed`: the master state comes from
 * splitmix64(seed) and stream k is that state advanced by k jumps of 2^128,
 * so streams never overlap. */
void cx_rng_seed(cx_rng *r, uint64_t seed, unsigned stream);

/* Mix a master seed with a replication number into a new master seed. */
uint64_t cx_rng_mix(uint64_t seed, uint64_t rep);

static inline uint64_t cx_rng_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t cx_rng_next(cx_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = cx_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = cx_rng_rotl(s[3], 45);
    return out;
}

/* Uniform in [0,1) with 53 random bits. */
static inline double cx_rng_uniform(cx_rng *r)
{
    return (double)(cx_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0,1]. */
static inline double cx_rng_uniform_pos(cx_rng *r)
{
    return (double)((cx_rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

typedef enum cx_dist_kind {
    CX_DIST_EXP = 0,          /* exponential: mean only */
    CX_DIST_LOGNORMAL,        /* lognormal: mean and cv */
    CX_DIST_GAMMA,            /* gamma: mean and cv */
    CX_DIST_FIXED,            /* deterministic: mean */
    CX_DIST_NONE              /* never happens (infinite patience) */
} cx_dist_kind;

/* A positive random duration described by its mean and spread. */
typedef struct cx_dist {
    int kind;                 /* cx_dist_kind */
    double mean;              /* minutes */
    double cv;                /* coefficient of variation (lognormal, gamma) */
} cx_dist;

/* One draw; INFINITY for CX_DIST_NONE. */
double cx_dist_draw(const cx_dist *d, cx_rng *r);

/* A cx_dist with its logarithms and roots worked out once, for draws in
 * the event loop: the same numbers as cx_dist_draw, to the last bit. */
typedef struct cx_variate {
    int kind;                 /* cx_dist_kind */
    double a;                 /* exp, fixed: the mean; lognormal: mu of the log; gamma: shape */
    double b;                 /* lognormal: sigma of the log; gamma: scale */
} cx_variate;

cx_variate cx_dist_prepare(const cx_dist *d);
double cx_variate_draw(const cx_variate *v, cx_rng *r);

double cx_rng_exp(cx_rng *r, double mean);           /* exponential with this mean */
double cx_rng_normal(cx_rng *r);                     /* standard normal */
double cx_rng_lognormal(cx_rng *r, double mean, double cv); /* by mean and coefficient of variation */
double cx_rng_gamma(cx_rng *r, double shape, double scale);
int cx_rng_bernoulli(cx_rng *r, double p);
uint64_t cx_rng_poisson(cx_rng *r, double mean);
uint64_t cx_rng_below(cx_rng *r, uint64_t n);        /* uniform integer in [0,n) */

#endif
