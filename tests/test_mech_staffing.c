/* Mechanism: staffing (cx_staffing): the Erlang A (or C) plan per half
 * hour, the shifts that cover it, the headcount they imply, the bounded
 * correction of its own misses (no wind-up), known launches in the
 * forecast, and a flat-profile run that meets its aim. */
#include "cxt_model.h"

#include "cx_erlang.h"

/* A flat centre staffed by the rule: no profile, no learning, no repeats;
 * open around the clock (no profile: no opening hours). */
static void flat(cx_params *P, double years, double patience)
{
    cxt_quiet(P, 12, years);
    P->on.schedules = 1;
    P->rate_per_min = 2.0;
    P->handle = (cx_dist){CX_DIST_EXP, 4.0, 1.0};
    P->patience = patience > 0 ? (cx_dist){CX_DIST_EXP, patience, 1.0} : (cx_dist){CX_DIST_NONE, 0, 0};
}

static cx_erlang_out erlang(double rate, double aht, int n, double target_s, double patience)
{
    cx_erlang_in in = {.rate = rate, .aht = aht, .agents = n, .target_s = target_s, .patience = patience};
    cx_erlang_out out = {0};
    char err[128];
    if (cx_erlang(&in, &out, err, sizeof err)) out.service_level = 0; /* unstable */
    return out;
}

Test(staffing, erlang_c_plan_per_half_hour_without_patience)
{
    cx_params P;
    flat(&P, 1, 0);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S)); /* the team is hired */
    cr_assert_eq(cxi_staffing_plan(S), 0);
    double aim = S->M.lever[CX_L_STAFF_SL];
    int n = S->M.staff.required[CXI_T_NORMAL][0][0];
    cr_assert_gt(n, 8, "more agents than the load of 8 Erlangs");
    cr_assert_geq(erlang(2.0, 4.0, n, P.sl_seconds, 0).service_level, aim, "the plan meets the aim");
    cr_assert_lt(erlang(2.0, 4.0, n - 1, P.sl_seconds, 0).service_level, aim, "and is the smallest that does");
    for (int d = 0; d < 7; d++)
        for (int b = 0; b < CX_INTRADAY_BINS; b++)
            cr_assert_eq(S->M.staff.required[CXI_T_NORMAL][d][b], n, "a flat profile");
    cr_assert_float_eq(S->M.staff.required_hours, 0.5 * n * 7 * CX_INTRADAY_BINS, 1e-9);
    cx_sim_free(S);
}

/* With patience the plan is Erlang A's: service level and abandonment. */
Test(staffing, erlang_a_plan_with_patience)
{
    cx_params P;
    flat(&P, 1, 3.0);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cxi_staffing_plan(S), 0);
    double aim = S->M.lever[CX_L_STAFF_SL];
    int n = S->M.staff.required[CXI_T_NORMAL][2][30];
    cx_erlang_out at = erlang(2.0, 4.0, n, P.sl_seconds, 3.0), below = erlang(2.0, 4.0, n - 1, P.sl_seconds, 3.0);
    cr_assert_geq(at.service_level, aim);
    cr_assert_leq(at.p_abandon, P.m.plan_max_abandon);
    cr_assert(below.service_level < aim || below.p_abandon > P.m.plan_max_abandon, "the smallest that does");
    cx_sim_free(S);
}

/* The shifts cover the requirement in every half hour with room for the
 * breaks and meetings, and the headcount is the week's shifts over the
 * shifts an employee works, less absence and leave, plus the buffer. */
Test(staffing, shifts_cover_the_requirement_and_give_the_headcount)
{
    cx_params P;
    flat(&P, 1, 3.0);
    P.profile = 1; /* the default intraday profile and opening hours */
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cxi_staffing_plan(S), 0);
    const cxi_staffing *st = &S->M.staff;
    int len = (int)(P.m.shift_hours * 2), off = cxi_shift_off_bins(S, len);
    double week = 0;
    for (int d = 0; d < 7; d++) {
        int first, end, shifts = 0;
        cxi_open_bins(S, d, &first, &end);
        double cov[CX_INTRADAY_BINS] = {0}, slack = 0;
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            if (st->shifts[0][d][b]) cr_assert(b >= first && b + len <= end, "day %d: a shift at %d inside the hours", d, b);
            shifts += st->shifts[0][d][b];
            for (int j = b; j < b + len && j < CX_INTRADAY_BINS; j++) cov[j] += st->shifts[0][d][b];
        }
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            if (b < first || b >= end) {
                cr_assert_eq(st->required[0][d][b], 0, "day %d: nobody needed at %d while closed", d, b);
                continue;
            }
            cr_assert_geq(cov[b], st->required[0][d][b], "day %d, half hour %d covered", d, b);
            slack += cov[b] - st->required[0][d][b];
        }
        cr_assert_geq(slack, (double)off * shifts, "day %d: room for every shift's breaks", d);
        week += shifts;
    }
    cr_assert_float_eq(st->week_shifts[0], week, 0);
    double per_head = cxi_shifts_per_week(S) * (1 - P.m.shrink_absence - P.m.shrink_leave);
    int heads = (int)ceil(week / per_head * (1 + S->M.lever[CX_L_STAFF_BUFFER]) - 1e-9);
    cr_assert_eq(st->target_headcount, heads);
    /* the buffer lever adds heads */
    S->M.lever[CX_L_STAFF_BUFFER] = 0.1;
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_eq(st->target_headcount, (int)ceil(st->week_shifts[0] / per_head * 1.1 - 1e-9));
    cr_assert_gt(st->target_headcount, heads);
    cx_sim_free(S);
}

/* The plan searches the week's half hours in order of their rate (the
 * answers in between inferred from their neighbours): each half hour's
 * requirement still belongs to it. With the default profile, weekday
 * weights and opening hours, the requirement never falls as the half
 * hour's rate rises, equal rates (Wednesday and Thursday share a weight
 * and hours) get equal requirements, and a half hour with no demand needs
 * nobody. */
Test(staffing, requirements_follow_each_half_hours_rate)
{
    cx_params P;
    flat(&P, 1, 3.0);
    P.profile = 1;
    P.intraday[20] = 0; /* a half hour with no demand while open */
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cxi_staffing_plan(S), 0);
    double intraday[CX_INTRADAY_BINS], weekday[7], season[12], w[7][CX_INTRADAY_BINS];
    cx_params_profile(&P, intraday, weekday, season);
    int first[7], end[7], distinct = 0;
    for (int d = 0; d < 7; d++) {
        cxi_open_bins(S, d, &first[d], &end[d]);
        double all = 0, part = 0;
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            all += intraday[b];
            if (b >= first[d] && b < end[d]) part += intraday[b];
        }
        for (int b = first[d]; b < end[d]; b++) w[d][b] = intraday[b] * all / part * weekday[d];
    }
    const uint16_t(*req)[CX_INTRADAY_BINS] = S->M.staff.required[CXI_T_NORMAL];
    for (int d = 0; d < 7; d++)
        for (int b = first[d]; b < end[d]; b++) {
            if (w[d][b] == 0) cr_assert_eq(req[d][b], 0, "day %d, half hour %d: no demand, nobody", d, b);
            for (int e = 0; e < 7; e++)
                for (int c = first[e]; c < end[e]; c++) {
                    if (w[d][b] < w[e][c])
                        cr_assert_leq(req[d][b], req[e][c], "day %d/%d at a lower rate than day %d/%d needs more", d, b, e, c);
                    if (w[d][b] == w[e][c])
                        cr_assert_eq(req[d][b], req[e][c], "equal rates, day %d/%d and %d/%d", d, b, e, c);
                }
            distinct += b > first[d] && req[d][b] != req[d][b - 1];
        }
    cr_assert_gt(distinct, 20, "the profile gives many different requirements");
    cr_assert_eq(memcmp(req[2], req[3], sizeof req[2]), 0, "Wednesday and Thursday alike");
    cx_sim_free(S);
}

/* Hostile cover inputs: a day shorter than a shift, nothing needed, a
 * need at the very end of the day. */
Test(staffing, cover_shifts_edge_cases)
{
    double need[CX_INTRADAY_BINS] = {0};
    uint16_t starts[CX_INTRADAY_BINS] = {0};
    cr_assert_eq(cxi_cover_shifts(need, 14, 44, 16, starts), 0, "nothing needed, no shift");
    need[43] = 3; /* the last half hour */
    cr_assert_eq(cxi_cover_shifts(need, 14, 44, 16, starts), 3);
    cr_assert_eq(starts[28], 3, "the latest start that ends at the close");
    memset(starts, 0, sizeof starts);
    for (int b = 18; b < 24; b++) need[b] = 2;
    need[43] = 0;
    cr_assert_eq(cxi_cover_shifts(need, 18, 24, 6, starts), 2, "a 3-hour day: shifts as long as the day");
    cr_assert_eq(starts[18], 2);
    memset(starts, 0, sizeof starts);
    cr_assert_eq(cxi_cover_shifts(need, 30, 30, 16, starts), 0, "closed: no shift");
}

/* The plan's gain moves by exp(0.5 x miss), the miss clipped to +-0.1,
 * within [plan_gain_min, plan_gain_max], and only from a month staffed as
 * planned (anti-windup). */
Test(staffing, plan_gain_bounded_without_windup)
{
    cx_params P;
    flat(&P, 1, 0);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0);
    cr_assert_eq(cxi_staffing_plan(S), 0);
    int n0 = S->M.staff.required[0][0][0];
    /* pretend a month has closed with demand as expected */
    S->n_periods = 1;
    S->M.last.minutes = CX_MINUTES_PER_MONTH;
    S->M.last.offered = P.rate_per_min * CX_MINUTES_PER_MONTH;
    S->M.last.q.service_level = 0; /* a disaster: the miss is clipped to 0.1 */
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, exp(0.05), 1e-12);
    cr_assert_eq(S->M.staff.required[0][0][0], (int)ceil(n0 * exp(0.05) - 1e-9));
    for (int i = 0; i < 10; i++) cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, P.m.plan_gain_max, 0, "capped");
    S->M.last.q.service_level = 1; /* overstaffed: the gain comes down */
    for (int i = 0; i < 20; i++) cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, P.m.plan_gain_min, 0, "floored");
    /* a month short of heads (vacancies): its miss is not the plan's */
    S->M.last.q.service_level = 0;
    S->M.staff.target_headcount = (int)cxi_headcount(S) * 2;
    S->M.staff.plan_gain = 1.0;
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.plan_gain, 1.0, 0, "no wind-up while short of heads");
    S->n_periods = 0;
    cx_sim_free(S);
}

/* A launch scheduled in the coming month gets its own template: more
 * shifts on its days, and temps to fill them with the temps lever. */
Test(staffing, plan_covers_a_scheduled_spike)
{
    cx_params P;
    flat(&P, 1, 3.0);
    P.n_spikes = 1;
    P.spikes[0] = (cx_spike){.start_day = 10, .days = 14, .multiplier = 1.5, .complex_share = -1};
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0);
    S->M.lever[CX_L_TEMPS] = 1;
    cr_assert_eq(cxi_staffing_plan(S), 0);
    const cxi_staffing *st = &S->M.staff;
    cr_assert_gt(st->week_shifts[CXI_T_SPIKE], 1.3 * st->week_shifts[CXI_T_NORMAL], "the spike template is larger");
    cr_assert_gt(st->required[CXI_T_SPIKE][0][0], st->required[CXI_T_NORMAL][0][0]);
    int temps = st->temps_planned, heads = st->target_headcount;
    cr_assert_geq(temps, (int)floor((st->week_shifts[1] - st->week_shifts[0]) / cxi_shifts_per_week(S)));
    /* without temps the team itself is sized for the launch days */
    S->M.lever[CX_L_TEMPS] = 0;
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_gt(st->target_headcount, heads);
    /* the temps come at the spike and are on shifts, not around the clock */
    S->M.lever[CX_L_TEMPS] = 1;
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    cr_assert_eq(S->M.wf.n_temps, (uint32_t)st->temps_planned);
    cr_assert_gt(cxt_notes(S, CX_N_TEMPS), 0);
    uint32_t on = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) on += S->people[a].temp && S->people[a].rostered;
    cr_assert_lt(on, S->M.wf.n_temps, "only the temps on shift are on duty");
    cx_sim_free(S);
}

/* After a launch month the rule knows how far launches run beyond their
 * announced multiplier, without moving its ordinary forecast. */
Test(staffing, a_launch_month_teaches_the_excess)
{
    cx_params P;
    flat(&P, 1, 3.0);
    P.n_spikes = 2;
    P.spikes[0] = (cx_spike){.start_day = 0, .days = 20, .multiplier = 1.5, .complex_share = -1};
    P.spikes[1] = (cx_spike){.start_day = 300, .days = 20, .multiplier = 1.5, .complex_share = -1};
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0);
    cr_assert_eq(cxi_staffing_plan(S), 0);
    double factor = S->M.staff.factor;
    S->E.now = 30 * CX_MINUTES_PER_DAY;
    S->n_periods = 1;
    S->M.last.minutes = 30 * CX_MINUTES_PER_DAY;
    /* the launch days brought 2x instead of 1.5x */
    double f = 20.0 / 30.0, ordinary = P.rate_per_min * S->M.last.minutes * factor;
    S->M.last.offered = ordinary * ((1 - f) + f * 1.5 * (2.0 / 1.5));
    cr_assert_eq(cxi_staffing_plan(S), 0);
    cr_assert_float_eq(S->M.staff.spike_excess, 2.0 / 1.5, 1e-3);
    cr_assert_float_eq(S->M.staff.factor, factor, 1e-12, "the ordinary forecast stays");
    S->n_periods = 0;
    cx_sim_free(S);
}

Test(staffing, flat_profile_run_meets_its_aim, .timeout = 60)
{
    cx_params P;
    flat(&P, 3.0 / 12, 0);
    cx_sim *S = cxt_run(&P);
    double aim = cx_sim_lever(S, CX_L_STAFF_SL);
    for (size_t mo = 0; mo < cx_sim_periods(S); mo++) {
        double sl = cxt_col(S, mo, "service_level");
        cr_expect_geq(sl, aim - 0.03, "month %zu: service level %.3f, aim %.2f", mo + 1, sl, aim);
        cr_expect_leq(sl, 0.995, "month %zu: not grossly overstaffed (%.3f)", mo + 1, sl);
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
