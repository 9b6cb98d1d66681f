/* Mechanism: schedules and pay (cx_workforce, cx_economics day, the rate
 * profile's opening hours and go-live ramp): no contact arrives while the
 * centre is closed and a day keeps its demand; temps are paid per hour on
 * shift, overtime at its premium; the ramp's steps; hostile opening hours
 * refused with the field named; trainees in both sides of attrition. */
#include "cxt_model.h"

#include "cx_arrivals.h"

static void centre(cx_params *P)
{
    cxt_quiet(P, 31, 1);
    P->on.schedules = 1;
    P->profile = 1;
    P->rate_per_min = 2.0;
    P->m.ramp_days = 0;
}

/* Arrivals drawn from the scenario's profile never fall in closed hours,
 * and each weekday keeps the demand its weight gives it. */
Test(schedule, no_contact_arrives_outside_opening_hours)
{
    cx_params P;
    centre(&P);
    cx_rate_profile prof;
    cx_params_rate_profile(&P, &prof);
    cr_assert(prof.hours);
    cx_arrivals a;
    cx_arrivals_init(&a, &prof, 0);
    cx_rng r;
    cx_rng_seed(&r, 5, 0);
    double per_dow[7] = {0}, weeks = 4;
    for (;;) {
        double t = cx_arrivals_next(&a, &r);
        if (t >= weeks * 7 * CX_MINUTES_PER_DAY) break;
        double day = floor(t / CX_MINUTES_PER_DAY), h = (t - day * CX_MINUTES_PER_DAY) / 60.0;
        int dow = (int)fmod(day, 7);
        cr_assert(h >= P.open_h[dow] && h < P.close_h[dow], "an arrival at %.2f h on weekday %d", h, dow);
        cr_assert_eq(cx_arrivals_rate(&a, day * CX_MINUTES_PER_DAY + 60), 0.0, "01:00 has no rate");
        per_dow[dow]++;
    }
    double w[CX_INTRADAY_BINS], wd[7], season[12];
    cx_params_profile(&P, w, wd, season);
    for (int d = 0; d < 7; d++) {
        double want = P.rate_per_min * CX_MINUTES_PER_DAY * wd[d] * season[0] * weeks;
        cr_assert_float_eq(per_dow[d], want, 5 * sqrt(want), "weekday %d: %.0f arrivals, %.0f expected", d,
                           per_dow[d], want);
    }
}

/* The queue-only case is untouched: no profile, no hours. */
Test(schedule, queue_only_has_no_hours)
{
    cx_params P;
    cxt_quiet(&P, 1, 1);
    cx_rate_profile prof;
    cx_params_rate_profile(&P, &prof);
    cr_assert(!prof.hours);
    cr_assert_eq(prof.n_spikes, 0, "no go-live ramp either");
}

/* A temp is paid for the hours it was on shift, at the premium; overtime
 * hours at theirs; both accrue once. */
Test(schedule, temps_and_overtime_paid_per_hour)
{
    cx_params P;
    centre(&P);
    cx_sim *S = cxt_new(&P);
    const cx_model_params *m = &S->P.m;
    double hourly = m->wage_month / (m->hours_per_week * 52.0 / 12.0);
    S->M.wf.temp_hours_day = 8;
    S->M.wf.overtime_hours_day = 0;
    double t0 = S->M.money.temps, w0 = S->M.money.wages;
    cxi_economics_day(S);
    cr_assert_float_eq(S->M.money.temps - t0, 8 * hourly * m->temps_premium, 1e-9);
    cr_assert_float_eq(S->M.wf.temp_hours_day, 0, 0, "accrued once");
    cxi_economics_day(S);
    cr_assert_float_eq(S->M.money.temps - t0, 8 * hourly * m->temps_premium, 1e-9, "no hours, no pay");
    S->M.wf.overtime_hours_day = 4;
    double before = S->M.money.wages;
    cxi_economics_day(S);
    double base = S->M.money.wages - before - 4 * hourly * S->M.lever[CX_L_PAY_REL] * m->overtime_premium;
    cr_assert_float_eq(base, (before - w0) / 2.0, 1e-6, "the day's wages plus the overtime hours");
    cx_sim_free(S);
}

/* In a run with a spike and temps: temps cost money only in the spike's
 * month, and far less than a full-timer each around the clock would. */
Test(schedule, temps_cost_only_while_on_shift, .timeout = 60)
{
    cx_params P;
    centre(&P);
    P.years = 2.0 / 12;
    P.n_spikes = 1;
    P.spikes[0] = (cx_spike){.start_day = 40, .days = 10, .multiplier = 1.6, .complex_share = -1};
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_override(S, CX_L_TEMPS, 1), 0);
    cr_assert_eq(cx_sim_run_until(S, 45 * CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    uint32_t temps = S->M.wf.n_temps;
    cr_assert_gt(temps, 0u);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    double fte0 = cxt_col(S, 0, "fte"), fte1 = cxt_col(S, 1, "fte"), heads = cxt_col(S, 1, "headcount");
    cr_assert_float_eq(fte0, cxt_col(S, 0, "headcount"), 0.05 * fte0, "month 1: no temps");
    /* 10 days of temps working their shifts: about temps x 10/30 x (5/7 of days) FTE, never temps x 10/30 x 24/8 */
    double temp_fte = fte1 - heads;
    cr_assert_gt(temp_fte, 0.1 * temps * 10 / 30.0);
    cr_assert_lt(temp_fte, 1.2 * temps * 10 / 30.0, "temps paid for %.1f FTE, %u temps for 10 days", temp_fte, temps);
    cx_sim_free(S);
}

/* A day shorter than a shift: its shifts end at the close. */
Test(schedule, a_short_day_ends_at_the_close, .timeout = 60)
{
    cx_params P;
    centre(&P);
    P.open_h[6] = 10;
    P.close_h[6] = 14; /* Sunday 10:00-14:00 */
    cx_sim *S = cxt_new(&P);
    double sunday = 6 * CX_MINUTES_PER_DAY;
    cr_assert_eq(cx_sim_run_until(S, sunday + 12 * 60), 0, "%s", cx_sim_error(S));
    cr_assert_gt(S->M.wf.n_rostered, 0u, "Sunday noon: open, agents on duty");
    cr_assert_eq(cx_sim_run_until(S, sunday + 15 * 60 + 1), 0, "%s", cx_sim_error(S));
    if (S->E.Q.n_waiting == 0) cr_assert_eq(S->M.wf.n_rostered, 0u, "Sunday 15:00: closed, nobody on duty");
    cr_assert_eq(cx_sim_run_until(S, sunday + 16 * 60 + 1), 0, "%s", cx_sim_error(S));
    cr_assert_eq(S->M.wf.n_rostered, 0u, "Sunday 16:00: closed, nobody on duty");
    cx_sim_free(S);
}

Test(schedule, go_live_ramp_steps)
{
    cx_params P;
    centre(&P);
    P.m.ramp_days = 28;
    P.m.ramp_start = 0.15;
    cr_assert_eq(cx_params_ramp_steps(&P), 4);
    cr_assert_float_eq(cx_params_ramp_share(&P, 0), 0.15, 1e-12);
    cr_assert_float_eq(cx_params_ramp_share(&P, 7.5), 0.15 + 0.85 / 4, 1e-12);
    cr_assert_float_eq(cx_params_ramp_share(&P, 27.9), 0.15 + 0.85 * 3 / 4, 1e-12);
    cr_assert_float_eq(cx_params_ramp_share(&P, 28), 1, 0);
    cx_rate_profile prof;
    cx_params_rate_profile(&P, &prof);
    cr_assert_eq(prof.n_spikes, 4);
    cr_assert_float_eq(prof.spikes[0].multiplier, 0.15, 1e-12);
    cr_assert_float_eq(prof.spikes[3].start_day + prof.spikes[3].days, 28, 1e-12);
    P.m.ramp_days = 0;
    cr_assert_float_eq(cx_params_ramp_share(&P, 0), 1, 0, "no ramp");
    P.m.ramp_days = 28;
    P.on.schedules = 0;
    cr_assert_float_eq(cx_params_ramp_share(&P, 0), 1, 0, "no planned centre: no ramp");
}

/* Hostile opening hours: off the half hour, closing before opening. */
Test(schedule, bad_opening_hours_are_refused)
{
    struct { int close, day; double h; const char *field, *what; } bad[] = {
        {0, 0, 7.25, "hours.open", "Monday: must be on the half hour (got 7.25)"},
        {1, 6, 17.9, "hours.close", "Sunday: must be on the half hour (got 17.9)"},
        {1, 1, 6, "hours.close", "Tuesday: must be at least hours.open (7; got 6)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cx_params p;
        const char *field = NULL;
        char err[200] = "";
        cx_params_default(&p);
        (bad[i].close ? p.close_h : p.open_h)[bad[i].day] = bad[i].h;
        cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1, "case %zu passes", i);
        cr_expect_str_eq(field ? field : "", bad[i].field);
        cr_expect_str_eq(err, bad[i].what);
    }
    cx_params p;
    const char *field;
    char err[200];
    cx_params_default(&p);
    p.open_h[6] = p.close_h[6] = 0; /* closed on Sunday: allowed */
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "%s", err);
    /* never open (or open only when no one calls): refused, the arrivals would never come */
    p.profile = 1;
    for (int d = 0; d < 7; d++) p.close_h[d] = p.open_h[d];
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "hours.open");
    cr_expect_str_eq(err, "the centre is never open at a time with demand (demand.intraday and demand.weekday weights)");
    cx_params_default(&p);
    p.profile = 1;
    for (int b = 0; b < CX_INTRADAY_BINS; b++) p.intraday[b] = b < 12; /* calls only before 06:00 */
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    p.profile = 0; /* no planned centre: no hours, the weights alone count */
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "%s", err);
}

/* Trainees who quit count as leavers, and the classroom is in the
 * denominator too: leavers over (nesting + productive + classroom). */
Test(schedule, attrition_counts_trainees_on_both_sides)
{
    cx_params P;
    centre(&P);
    cx_sim *S = cxt_new(&P);
    S->n_periods = 1;
    S->M.wf.n_nesting = 10;
    S->M.wf.n_productive = 70;
    S->M.wf.n_classroom = 20;
    cx_period p = {0};
    p.t1 = CX_MINUTES_PER_MONTH;
    p.tally.leavers = 5;
    cxi_month_measure(S, &p);
    cr_assert_float_eq(S->M.wf.heads12[0], 100, 0);
    cr_assert_float_eq(S->M.last.attrition_annual, 5.0 / 100 * 12, 1e-12);
    S->M.wf.n_nesting = S->M.wf.n_productive = S->M.wf.n_classroom = 0;
    S->n_periods = 0;
    cx_sim_free(S);
}
