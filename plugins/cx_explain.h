/* cx_explain: why a regime wins: Shapley attribution of a gap over factors, and the scenario games it is played on.
 *
 * The engine (cx_explain_shapley) knows nothing of cxsim: a cooperative game
 * of k players whose value v(S, r) for coalition S (a bit mask) in
 * replication r is a vector of nv numbers, computed by a callback. Each
 * player's Shapley value is the average over orderings of the players of
 * what it adds to the players before it. Computed per replication (the
 * same replication's numbers for every coalition: common random numbers),
 * either exactly by enumerating the 2^k coalitions, or by sampling
 * orderings (Castro, Gomez & Tejada 2009) in antithetic pairs (an ordering
 * and its reverse). Either way each replication's shares add up to
 * v(N, r) - v(empty, r) exactly (efficiency), so their means add up to the
 * mean gap; the CI of a share is over replications (with sampling it holds
 * the sampling noise too: each replication draws its own orderings).
 * Coalition runs go through cx_pool in parallel.
 *
 * The games (cx_explain_levers, cx_explain_mechanisms) play a scenario:
 * see docs/model.md, "Why a regime wins: attribution". */
#ifndef CX_EXPLAIN_H
#define CX_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#define CX_EXPLAIN_EXACT_MAX 16  /* most players the exact enumeration accepts */
#define CX_EXPLAIN_PLAYERS_MAX 63 /* most players at all (a 64-bit mask) */

/* v(S, rep) into v[0..nv); 0, or -1 with the message in err. Called from
 * worker threads, each (mask, rep) once. */
typedef int (*cx_explain_value_fn)(void *ud, uint64_t mask, int rep, double *v, char *err, size_t n);

typedef struct cx_explain_spec {
    int k;                    /* players, 1..CX_EXPLAIN_PLAYERS_MAX */
    int nv;                   /* numbers per coalition */
    int reps;                 /* replications, >= 1 */
    int samples;              /* 0: exact enumeration; else orderings per replication (rounded up to even) */
    int threads;              /* worker threads (<= 1: in the calling thread) */
    uint64_t seed;            /* the orderings' draws */
    cx_explain_value_fn value;
    void *ud;
    void (*progress)(void *ud, double done); /* share of runs finished, in the calling thread (may be NULL) */
    void *progress_ud;        /* handed to progress */
} cx_explain_spec;

typedef struct cx_explain_result {
    int k, nv, reps;          /* as asked */
    int samples;              /* orderings per replication; 0: exact */
    double *phi;              /* share of player i, number j, rep r: phi[(r * k + i) * nv + j] */
    double *v0, *v1;          /* v(empty), v(all players): [r * nv + j] */
    long runs;                /* (coalition, replication) values computed */
} cx_explain_result;

/* Play the game. 0, or -1 with the message in err (the first failing
 * coalition's, in task order). Free the result with cx_explain_free. */
int cx_explain_shapley(const cx_explain_spec *s, cx_explain_result *out, char *err, size_t n);
void cx_explain_free(cx_explain_result *r);

/* Mean and 95% CI half-width (Student's t; 0 for one value) of
 * x[0], x[stride], ... x[(n - 1) * stride]. */
void cx_explain_stat(const double *x, int n, size_t stride, double *mean, double *half);

#endif
