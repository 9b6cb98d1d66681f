/* cx_explain_game: the games cxsim explain plays on a scenario: lever groups mixed between two regimes (cx_mix), and mechanism switches.
 *
 * Every number is "the second regime's advantage" over the first: for a
 * cost or attrition the first's figure minus the second's, for CSAT the
 * second's minus the first's; positive means the second regime does
 * better. A game's shares add up to the advantage's change from the empty
 * coalition to the full one:
 *   levers: empty = every lever from the first regime (the first regime's
 *           own run, advantage 0), full = every lever from the second (its
 *           own run): the shares add up to the whole advantage;
 *   mechanisms: empty = every mechanism the scenario runs switched off,
 *           full = the scenario as written: the shares add up to the
 *           advantage less what remains with them all off (the baseline). */
#ifndef CX_EXPLAIN_GAME_H
#define CX_EXPLAIN_GAME_H

#include <stddef.h>

#include "cx_consent.h"
#include "cx_explain.h"
#include "cx_mix.h"
#include "cx_params.h"

/* The numbers of a run: X(id, name, label, better) with better -1 when
 * lower is better. The first CX_XM_HEADLINES are the gaps explained; the
 * rest are the accounting components of the client's cost. */
#define CX_EXPLAIN_METRICS(X) \
    X(CX_XM_CASH, "cash_tco", "cash TCO", -1) \
    X(CX_XM_TCO, "economic_tco", "economic TCO (cash + lost customers)", -1) \
    X(CX_XM_CSAT, "csat", "CSAT top box", 1) \
    X(CX_XM_ATTRITION, "attrition", "agent attrition, annual", -1) \
    X(CX_XM_FEES, "fees", "fees", -1) \
    X(CX_XM_CREDITS, "penalty_credits", "penalty credits (negative: credited to the client)", -1) \
    X(CX_XM_GAIN_SHARE, "gain_share", "gain-share paid", -1) \
    X(CX_XM_GOVERNANCE, "governance", "governance time", -1) \
    X(CX_XM_TRANSITION, "transition", "provider transitions", -1) \
    X(CX_XM_SELF_SERVICE, "self_service", "self-service sessions", -1) \
    X(CX_XM_LOST, "lost_customers", "lost customers (at the assumed customer value)", -1)

enum {
#define CX_XM_ENUM_(id, name, label, better) id,
    CX_EXPLAIN_METRICS(CX_XM_ENUM_)
#undef CX_XM_ENUM_
    CX_XM_COUNT
};
#define CX_XM_HEADLINES 4     /* cash, economic TCO, CSAT, attrition */
#define CX_XM_FIRST_PART CX_XM_FEES /* components: CX_XM_FEES .. CX_XM_COUNT - 1 */

const char *cx_explain_metric_name(int j);
const char *cx_explain_metric_label(int j);
double cx_explain_metric_better(int j); /* -1: lower is better, 1: higher */

/* What both games need: the scenario, the two regimes, how to run. */
typedef struct cx_explain_setup {
    const cx_params *P;       /* the scenario as loaded (with --set, --seed, --years) */
    const char *scenario;     /* its path (policies relative to it; messages) */
    const cx_consent *consent;
    int a, b;                 /* the regimes compared (indices into P->regimes) */
    int reps;                 /* replications (CRN: rep r of every coalition on cx_runs_seed(seed, r)) */
    int threads;              /* worker threads */
    int samples;              /* orderings per replication; 0: exact up to exact_max factors, else 2 */
    int exact_max;            /* most factors enumerated when samples is 0 */
    void (*progress)(void *ud, double done);
    void *ud;
} cx_explain_setup;

/* A played game. */
typedef struct cx_explain_game {
    int k;                    /* factors */
    char names[CX_EXPLAIN_PLAYERS_MAX][48]; /* their names */
    char docs[CX_EXPLAIN_PLAYERS_MAX][160]; /* what each stands for */
    cx_explain_result res;    /* the shares; numbers per coalition: CX_XM_COUNT advantages */
    double *first, *second;   /* levers game: each regime's own run, raw figures [r * CX_XM_COUNT + j] */
} cx_explain_game;

/* The lever game: the factors are the groups of levers (cx_mix) whose two
 * settings differ in either regime's own run. 0, or -1 with the message. */
int cx_explain_levers(const cx_explain_setup *x, cx_explain_game *g, char *err, size_t n);

/* The mechanism game: the factors are the scenario's mechanisms that are
 * on (every `mechanisms.*` switch of cx_param_table). */
int cx_explain_mechanisms(const cx_explain_setup *x, cx_explain_game *g, char *err, size_t n);

void cx_explain_game_free(cx_explain_game *g);

/* The raw figures of a finished run into v[CX_XM_COUNT]. */
struct cx_sim;
void cx_explain_figures(const struct cx_sim *S, double *v);

#endif
