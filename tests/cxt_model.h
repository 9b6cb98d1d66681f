/* cxt_model: small model fixtures for the mechanism suites: a quiet centre
 * with every mechanism off, a context built from it, and column reads. The
 * suites reach the mechanisms through their cxi_* interfaces (cxi.h). */
#ifndef CXT_MODEL_H
#define CXT_MODEL_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "cx_params.h"
#include "cx_row.h"
#include "cx_sim.h"
#include "cxi.h"

/* A quiet centre: every mechanism off, no regimes; tests switch on theirs. */
static inline void cxt_quiet(cx_params *P, uint64_t seed, double years)
{
    cx_params_default(P);
    cx_params_queue_only(P);
    snprintf(P->name, sizeof P->name, "mech-test");
    P->seed = seed;
    P->years = years;
    P->rate_per_min = 0.5;
    P->handle = (cx_dist){CX_DIST_EXP, 4.0, 1.0};
    P->patience = (cx_dist){CX_DIST_EXP, 3.0, 1.0};
    P->m.complex_share = 0;
}

/* The whole CX model with its defaults and no policy, a profiled demand of
 * `rate` contacts a minute over `years`. */
static inline void cxt_centre(cx_params *P, const char *name, uint64_t seed, double years, double rate)
{
    cx_params_default(P);
    snprintf(P->name, sizeof P->name, "%s", name);
    P->seed = seed;
    P->years = years;
    P->rate_per_min = rate;
    P->profile = 1;
}

/* A context of P (copied), not started. */
static inline cx_sim *cxt_new(const cx_params *P)
{
    cx_sim *S = cx_sim_new(P);
    cr_assert_not_null(S);
    return S;
}

/* P run to its horizon. */
static inline cx_sim *cxt_run(const cx_params *P)
{
    cx_sim *S = cxt_new(P);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    return S;
}

/* A month's column by name. */
static inline double cxt_col(const cx_sim *S, size_t month, const char *name)
{
    double row[CX_ROW_MAX];
    cr_assert_eq(cx_sim_row(S, month, row), 0);
    int c = cx_row_find(name);
    cr_assert_geq(c, 0, "no column %s", name);
    return row[c];
}

/* Notes of a kind so far. */
static inline int cxt_notes(const cx_sim *S, int kind)
{
    int n = 0;
    for (size_t i = 0; i < cx_sim_notes(S); i++) n += cx_sim_note(S, i)->kind == kind;
    return n;
}

#endif
