/* Mechanism: staffing (cx_staffing): the Erlang C plan per half hour, the
 * headcount it implies, the bounded correction of its own misses, and a
 * flat-profile run that meets its aim. */
#include "cxt_model.h"

#include "cx_erlang.h"

/* A flat centre staffed by the rule: no profile, no learning, no repeats,
 * no patience (the M/M/c queue Erlang C describes). */
static void flat(cx_params *P, double years)
{
    cxt_quiet(P, 12, years);
    P->on.schedules = 1;
    P->rate_per_min = 2.0;
    P->handle = (cx_dist){CX_DIST_EXP, 4.0, 1.0};
    P->patience = (cx_dist){CX_DIST_NONE, 0, 0};
}

static double erlang_sl(double rate, double aht, int n, double target_s)
{
    cx_erlang_in in = {.rate = rate, .aht = aht, .agents = n, .target_s = target_s};
    cx_erlang_out out;
    char err[128];
    if (cx_erlang(&in, &out, err, sizeof err)) return 0; /* unstable */
    return out.service_level;
}

Test(staffing, erlang_c_plan_per_half_hour_and_headcount)
{
    cx_params P;
    flat(&P, 1);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S)); /* the team is hired */
    cr_assert_eq(cxi_staffing_plan(S), 0);
    double aim = S->M.lever[CX_L_STAFF_SL];
    int n = S->M.staff.required[0][0];
    cr_assert_gt(n, 8, "more agents than the load of 8 Erlangs");
    cr_assert_geq(erlang_sl(2.0, 4.0, n, P.sl_seconds), aim, "the plan meets the aim");
    cr_assert_lt(erlang_sl(2.0, 4.0, n - 1, P.sl_seconds), aim, "and is the smallest that does");
    for (int d = 0; d < 7; d++)
        for (int b = 0; b < CX_INTRADAY_BINS; b++) cr_assert_eq(S->M.staff.required[d][b], n, "a flat profile");
    cr_assert_float_eq(S->M.staff.required_hours, 0.5 * n * 7 * CX_INTRADAY_BINS, 1e-9);
    double per_fte = P.m.hours_per_week * (1 - P.m.shrinkage);
    int heads = (int)ceil(S->M.staff.required_hours / per_fte * (1 + S->M.lever[CX_L_STAFF_BUFFER]));
    cr_assert_eq(S->M.staff.target_headcount, heads, "paid heads from the hours on duty and shrinkage");
    /* the opening team was planned before anyone was hired, as if all
     * nesting (slower): larger than the plan of the settled team */
    cr_assert_gt((int)cxi_headcount(S), heads);
    cx_sim_free(S);
}

/* Before anyone is hired the rule counts every head as nesting (slower). */
Test(staffing, empty_team_plans_with_the_nesting_slowdown)
{
    cx_params P;
    flat(&P, 1);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cxi_staffing_plan(S), 0);
    int n = S->M.staff.required[3][20];
    double aht = 4.0 * (1 + P.m.nesting_slowdown), aim = S->M.lever[CX_L_STAFF_SL];
    cr_assert_geq(erlang_sl(2.0, aht, n, P.sl_seconds), aim);
    cr_assert_lt(erlang_sl(2.0, aht, n - 1, P.sl_seconds), aim);
    cx_sim_free(S);
}

/* The plan's gain moves by exp(0.5 x miss), the miss clipped to +-0.1,
 * and stays within [0.9, 1.3]. */
Test(staffing, plan_gain_bounded)
{
    cx_params P;
    flat(&P, 1);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0);
    cr_assert_eq(cxi_staffing_plan(S), 0);
    int n0 = S->M.staff.required[0][0];
    /* pretend a month has closed with demand as expected */
    S->n_periods = 1;
    S->M.last.minutes = CX_MINUTES_PER_MONTH;
    S->M.last.offered = P.rate_per_min * CX_MINUTES_PER_MONTH;
    S->M.last.q.service_level = 0; /* a disaster: the miss is clipped to 0.1 */
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, exp(0.05), 1e-12);
    cr_assert_eq(S->M.staff.required[0][0], (int)ceil(n0 * exp(0.05)));
    for (int i = 0; i < 10; i++) cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, 1.3, 0, "capped at 1.3");
    cr_assert_eq(S->M.staff.required[0][0], (int)ceil(n0 * 1.3));
    S->M.last.q.service_level = 1; /* overstaffed: the gain comes down */
    for (int i = 0; i < 20; i++) cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, 0.9, 0, "floored at 0.9");
    /* on target: no change */
    S->M.last.q.service_level = S->M.lever[CX_L_STAFF_SL];
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, 0.9, 1e-15);
    S->n_periods = 0;
    cx_sim_free(S);
}

Test(staffing, flat_profile_run_meets_its_aim, .timeout = 60)
{
    cx_params P;
    flat(&P, 3.0 / 12);
    cx_sim *S = cxt_run(&P);
    double aim = cx_sim_lever(S, CX_L_STAFF_SL);
    for (size_t mo = 0; mo < cx_sim_periods(S); mo++) {
        double sl = cxt_col(S, mo, "service_level");
        cr_expect_geq(sl, aim - 0.03, "month %zu: service level %.3f, aim %.2f", mo + 1, sl, aim);
        cr_expect_leq(sl, 0.99, "month %zu: not grossly overstaffed (%.3f)", mo + 1, sl);
    }
    cx_sim_free(S);
}

Test(staffing, without_schedules_the_team_is_fixed)
{
    cx_params P;
    cxt_quiet(&P, 1, 1);
    P.on.learning = 1;
    P.agents = 7;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_eq(S->M.staff.target_headcount, 7);
    cr_assert_float_eq(S->M.staff.required_mean, 7, 0);
    cx_sim_free(S);
}
