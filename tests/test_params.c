/* test_params: the model's former constants are parameters the model reads.
 *
 * Their defaults are the values the code had (test_scenario checks them and
 * the golden traces check the results byte for byte); here each field, set
 * away from its default, must move what the model computes at the start of
 * a run: the market rate a provider bids, the headcount the staffing rule
 * plans, the relationship's phase. A field the code ignored would leave them
 * where they were. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "cx_params.h"
#include "cx_sim.h"

/* The default world, started (policies none, levers at their defaults), and
 * one key read at time 0; `path` (if not NULL) set to `value` first. */
static double at_start(const char *path, const char *value, int key)
{
    cx_params P;
    char err[200];
    cx_params_default(&P);
    P.years = 0.1;
    if (path) cr_assert_eq(cx_param_set_text(&P, path, value, err, sizeof err), 0, "%s: %s", path, err);
    const char *field;
    cr_assert_eq(cx_params_check(&P, &field, err, sizeof err), 0, "%s: %s", field, err);
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    double v = cx_sim_get(S, key);
    cx_sim_free(S);
    return v;
}

typedef struct moved {
    const char *path, *value; /* a field away from its default */
    int key;                  /* what it must move */
    int sign;                 /* +1 up, -1 down, 0 either way */
} moved;

static void expect_moves(const moved *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const moved *c = &cases[i];
        double base = at_start(NULL, NULL, c->key), v = at_start(c->path, c->value, c->key);
        cr_expect(isfinite(v), "%s = %s: %s is %g", c->path, c->value, cx_key_name(c->key), v);
        if (c->sign > 0)
            cr_expect_gt(v, base, "%s = %s: %s %g, default %g", c->path, c->value, cx_key_name(c->key), v, base);
        else if (c->sign < 0)
            cr_expect_lt(v, base, "%s = %s: %s %g, default %g", c->path, c->value, cx_key_name(c->key), v, base);
        else
            cr_expect_neq(v, base, "%s = %s: %s stays %g", c->path, c->value, cx_key_name(c->key), v);
    }
}

/* A bid prices a settled team: its occupancy, handle time, quits
 * (engagement) and the start-up it recovers. */
Test(params, bids_read_their_assumptions)
{
    static const moved cases[] = {
        {"economics.setup_months", "18", CX_K_MARKET_RATE, +1},
        {"economics.bid_occupancy", "0.6", CX_K_MARKET_RATE, +1},
        {"economics.leaver_wage_months", "3", CX_K_MARKET_RATE, +1},
        {"economics.setup_wage_months", "4", CX_K_MARKET_RATE, +1},
        {"staff.settled_occupancy", "0.95", CX_K_MARKET_RATE, 0},
        {"staff.settled_handle", "3", CX_K_MARKET_RATE, 0},
        {"attrition.engagement_base", "0.1", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_training", "0.05", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span", "0.05", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_hours", "40", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span_best", "4", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span_worst", "40", CX_K_MARKET_RATE, -1},
        {"attrition.engagement_neutral", "0.95", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_floor", "0.99", CX_K_MARKET_RATE, +1},
    };
    expect_moves(cases, sizeof cases / sizeof *cases);
}

/* The first staffing plan: repeats assumed before any data, and how far it
 * plans toward a settled team's knowledge. */
Test(params, the_first_plan_reads_its_assumptions)
{
    static const moved cases[] = {
        {"staff.plan_unresolved", "0.6", CX_K_REQUIRED_HEADCOUNT, +1},
        {"staff.plan_learning", "0", CX_K_REQUIRED_HEADCOUNT, +1},
        {"staff.plan_learning", "1", CX_K_REQUIRED_HEADCOUNT, -1},
    };
    expect_moves(cases, sizeof cases / sizeof *cases);
}

/* The phase is read off trust (0.3 at the start) against the thresholds. */
Test(params, the_phase_reads_its_thresholds)
{
    cr_expect_eq(at_start(NULL, NULL, CX_K_PHASE), 1, "trust 0.3: operational proof");
    cr_expect_eq(at_start("relationship.phase_proof", "0.35", CX_K_PHASE), 0);
    cr_expect_eq(at_start("relationship.phase_transparency", "0.3", CX_K_PHASE), 2, "a threshold is reached at equality");
}
