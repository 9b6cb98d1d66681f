/* Mechanism: workforce (cx_workforce): the day's shifts are given out so
 * that each employee works its contracted shifts; an agent is on duty only
 * inside its shift, off for its breaks, meetings and absent days; a quit
 * leaves the roster; shrinkage measured from the roster; the columns
 * headcount, fte and agents_on_duty; no oscillating headcount. */
#include "cxt_model.h"

/* A planned centre: the default profile and opening hours, no learning. */
static void centre(cx_params *P, double years)
{
    cxt_quiet(P, 20, years);
    P->on.schedules = 1;
    P->profile = 1;
    P->rate_per_min = 2.0;
    P->m.ramp_days = 0;
}

/* Agent a is on the phones at `now` by its shift (or its shift has just
 * ended with a queue to clear at the close). */
static int by_shift(const cx_sim *S, uint32_t a)
{
    const cxi_person *ag = &S->people[a];
    double day = floor(S->E.now / CX_MINUTES_PER_DAY);
    int bin = (int)((S->E.now - day * CX_MINUTES_PER_DAY) / 30.0), len = (int)(S->P.m.shift_hours * 2);
    if (ag->shift_day != (int32_t)day || ag->shift_bin < 0 || ag->absent) return 0;
    if (bin < ag->shift_bin || bin >= ag->shift_bin + len) return 0;
    return !(ag->off_mask >> (bin - ag->shift_bin) & 1u);
}

Test(workforce, on_duty_only_inside_shifts_and_while_open, .timeout = 60)
{
    cx_params P;
    centre(&P, 1);
    cx_sim *S = cxt_new(&P);
    int closed_checks = 0;
    for (double t = 0; t < 21 * CX_MINUTES_PER_DAY; t += 30.0 * 7 + 15) { /* every 3 h 45: all times of day */
        cr_assert_eq(cx_sim_run_until(S, t), 0, "%s", cx_sim_error(S));
        int open = cxi_is_open(S, S->E.now), n = 0;
        for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
            if (!S->people[a].rostered) continue;
            n++;
            if (open) cr_assert(by_shift(S, a), "t %.0f: agent %u on duty outside its shift", S->E.now, a);
        }
        cr_assert_eq((uint32_t)n, S->M.wf.n_rostered);
        if (!open && S->E.Q.n_waiting == 0) {
            cr_assert_eq(n, 0, "t %.0f: closed, nobody on duty", S->E.now);
            closed_checks++;
        }
    }
    cr_assert_gt(closed_checks, 3);
    cx_sim_free(S);
}

/* Every employee present all week works its contracted shifts (40 h in
 * 8-hour shifts: 5), absent days included as paid shift days. */
Test(workforce, employees_work_their_contracted_hours, .timeout = 60)
{
    cx_params P;
    centre(&P, 1);
    cx_sim *S = cxt_new(&P);
    for (int week = 1; week <= 3; week++) {
        /* the last half hour of the week: all its days given out */
        cr_assert_eq(cx_sim_run_until(S, week * 7 * CX_MINUTES_PER_DAY - 1), 0, "%s", cx_sim_error(S));
        int n = 0;
        double hours = 0;
        for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
            const cxi_person *ag = &S->people[a];
            if (ag->life < CXI_L_NESTING || ag->week != week - 1) continue;
            n++;
            hours += ag->shifts_week * P.m.shift_hours;
            cr_assert(ag->shifts_week >= 4 && ag->shifts_week <= 6, "week %d: agent %u worked %d shifts", week,
                      a, ag->shifts_week);
        }
        cr_assert_gt(n, 10);
        cr_assert_float_eq(hours / n, P.m.hours_per_week, 0.05 * P.m.hours_per_week,
                           "week %d: mean paid hours %.1f", week, hours / n);
    }
    cx_sim_free(S);
}

/* Shrinkage is measured from the roster: breaks, meetings, absence and
 * leave come to 1 - (1 - breaks - meetings)(1 - absence - leave), inside
 * the 30-35% of WFM surveys; fte, headcount and agents on duty follow. */
Test(workforce, shrinkage_and_the_columns, .timeout = 60)
{
    cx_params P;
    centre(&P, 2.0 / 12);
    cx_sim *S = cxt_run(&P);
    double expect = 1 - (1 - P.m.shrink_breaks - P.m.shrink_meetings) * (1 - P.m.shrink_absence - P.m.shrink_leave);
    for (size_t mo = 0; mo < cx_sim_periods(S); mo++) {
        double shr = cxt_col(S, mo, "shrinkage"), heads = cxt_col(S, mo, "headcount");
        double fte = cxt_col(S, mo, "fte"), duty = cxt_col(S, mo, "agents_on_duty");
        cr_assert(shr >= 0.30 && shr <= 0.35, "month %zu: shrinkage %.3f", mo, shr);
        cr_assert_float_eq(shr, expect, 0.02, "month %zu: %.3f vs %.3f", mo, shr, expect);
        cr_assert_float_eq(fte, heads, 0.05 * heads, "month %zu: full-timers, no temps: fte %.1f ~ heads %.0f", mo, fte, heads);
        /* on duty while open = paid hours x (1 - shrinkage) / open hours */
        double open_h = 0;
        for (int d = 0; d < 7; d++) open_h += P.close_h[d] - P.open_h[d];
        double want = heads * P.m.hours_per_week * (1 - shr) / open_h;
        cr_assert_float_eq(duty, want, 0.1 * want, "month %zu: on duty %.1f vs %.1f", mo, duty, want);
    }
    cx_sim_free(S);
}

Test(workforce, a_quit_leaves_the_roster)
{
    cx_params P;
    centre(&P, 1);
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 10 * 60), 0, "%s", cx_sim_error(S)); /* Monday 10:00 */
    uint32_t heads = cxi_headcount(S), q = 0, on = S->M.wf.n_rostered;
    cr_assert_gt(on, 0u);
    while (!S->people[q].rostered) q++;
    uint64_t hires = S->T.hires;
    cr_assert_eq(cxi_quit(S, q, 1), 0);
    cr_assert_eq(cxt_notes(S, CX_N_QUIT), 1);
    cr_assert_eq(S->T.leavers, 1u);
    cr_assert_eq(S->people[q].rostered, 0);
    /* without a hiring delay the replacement is there at once, but has no
     * shift until the next day's are given out */
    cr_assert_eq(S->T.hires, hires + 1);
    cr_assert_eq(cxi_headcount(S), heads);
    cr_assert_eq(S->M.wf.n_rostered, on - 1);
    cx_sim_free(S);
}

Test(workforce, fixed_staff_without_schedules)
{
    cx_params P;
    cxt_quiet(&P, 20, 1);
    P.on.learning = 1;
    P.agents = 5;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 1000), 0);
    cr_assert_eq(cx_agents_on_duty(S), 5);
    cr_assert_eq(S->M.wf.n_rostered, 5u);
    cx_sim_free(S);
}

/* Opening hours: open and next opening; a deferred call-back lands inside
 * the next open day. */
Test(workforce, opening_hours_and_call_backs)
{
    cx_params P;
    centre(&P, 1);
    cx_sim *S = cxt_new(&P);
    double day = CX_MINUTES_PER_DAY;
    cr_assert(!cxi_is_open(S, 6.5 * 60), "Monday 06:30 closed");
    cr_assert(cxi_is_open(S, 7 * 60), "Monday 07:00 open");
    cr_assert(!cxi_is_open(S, 22 * 60), "Monday 22:00 closed");
    cr_assert(cxi_is_open(S, 5 * day + 19.5 * 60), "Saturday 19:30 open");
    cr_assert(!cxi_is_open(S, 6 * day + 8.5 * 60), "Sunday 08:30 closed");
    cr_assert_float_eq(cxi_next_open(S, 22.5 * 60), day + 7 * 60, 1e-9, "Tuesday 07:00");
    cr_assert_float_eq(cxi_next_open(S, 5 * day + 21 * 60), 6 * day + 9 * 60, 1e-9, "Sunday 09:00");
    for (double t = 22 * 60; t < 31 * 60; t += 37) {
        double cb = cxi_callback_time(S, cxi_next_open(S, t), t);
        cr_assert(cxi_is_open(S, cb), "call-back at %.1f is open", cb);
        cr_assert_gt(cb, t);
        cr_assert_eq(cxi_call_time(S, t), cb, "a call due at %.1f (closed) comes at its call-back time", t);
    }
    cr_assert_eq(cxi_call_time(S, day + 9 * 60), day + 9 * 60, "a call due while open comes then");
    /* a day with no hours (closed) is skipped */
    cx_sim_free(S);
    P.close_h[1] = P.open_h[1];
    S = cxt_new(&P);
    cr_assert_float_eq(cxi_next_open(S, 22.5 * 60), 2 * day + 7 * 60, 1e-9, "Tuesday closed: Wednesday 07:00");
    cx_sim_free(S);
}

/* A steady centre with learning, attrition and the hiring pipeline: after
 * the go-live quarter the headcount moves by less than 10% a month. */
Test(workforce, headcount_does_not_oscillate, .timeout = 120)
{
    cx_params P;
    centre(&P, 2);
    P.on.learning = P.on.attrition = P.on.hiring_delay = 1;
    for (int i = 0; i < 12; i++) P.season[i] = 1;
    P.m.ramp_days = 28;
    cx_sim *S = cxt_run(&P);
    for (size_t mo = 4; mo < cx_sim_periods(S); mo++) {
        double h0 = cxt_col(S, mo - 1, "headcount"), h1 = cxt_col(S, mo, "headcount");
        cr_expect_leq(fabs(h1 - h0), 0.1 * h0 + 1, "month %zu: headcount %.0f -> %.0f", mo, h0, h1);
    }
    cx_sim_free(S);
}

/* The roster reads its cards, not the people: an agent put on the floor
 * behind its back (without cxi_roster_join) or left with a card after
 * leaving stops the run at the next day's shifts, naming the agent. */
Test(workforce, an_agent_on_the_floor_without_a_roster_card_stops_the_run, .timeout = 60)
{
    cx_params P;
    centre(&P, 1);
    for (int leaves = 0; leaves < 2; leaves++) {
        cx_sim *S = cxt_new(&P);
        cr_assert_eq(cx_sim_run_until(S, 1.5 * CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
        uint32_t a = 0;
        while (a < S->E.Q.n_agents && S->people[a].life != CXI_L_PRODUCTIVE) a++;
        cr_assert_lt(a, S->E.Q.n_agents);
        if (leaves) S->people[a].life = CXI_L_FREE; /* gone, its card kept */
        else S->M.wf.card[a].flags = 0;             /* on the floor, no card */
        cr_assert_eq(cx_sim_run_until(S, 2.5 * CX_MINUTES_PER_DAY), CX_ERR_STATE);
        char want[128];
        snprintf(want, sizeof want, "day 2: agent %u %s a roster card", a,
                 leaves ? "left the floor but keeps" : "is on the floor without");
        cr_assert(strstr(cx_sim_error(S), want), "%s", cx_sim_error(S));
        cx_sim_free(S);
    }
}

/* The opening hours as the plain formulas give them: the day by division
 * and floor, the weekday by floor(day / 7). */
static int open_by_division(const cx_sim *S, double t)
{
    double day = floor(t / CX_MINUTES_PER_DAY);
    int dow = (int)(day - 7.0 * floor(day / 7.0));
    double minute = t - day * CX_MINUTES_PER_DAY;
    return minute >= S->P.open_h[dow] * 60.0 && minute < S->P.close_h[dow] * 60.0;
}

/* cxi_is_open finds the day by a multiplication (the division only near
 * midnight): it must agree with the division at every time, the last
 * representable instants before and after each midnight and each opening
 * included, and on a centre open at midnight. */
Test(workforce, opening_hours_agree_with_the_division_at_midnight, .timeout = 60)
{
    cx_params P;
    centre(&P, 1);
    P.open_h[2] = 0; /* Wednesday opens at midnight */
    P.close_h[1] = 24; /* Tuesday closes at midnight */
    cx_sim *S = cxt_new(&P);
    cx_rng g;
    cx_rng_seed(&g, 5, 0);
    long checked = 0;
    for (int day = 0; day < 5 * 366; day++) {
        const double edges[] = {day * CX_MINUTES_PER_DAY, day * CX_MINUTES_PER_DAY + P.open_h[day % 7] * 60.0,
                                day * CX_MINUTES_PER_DAY + P.close_h[day % 7] * 60.0,
                                day * CX_MINUTES_PER_DAY + cx_rng_uniform(&g) * CX_MINUTES_PER_DAY};
        for (int e = 0; e < 4; e++) {
            double t = edges[e];
            for (int k = 0; k < 4; k++) t = nextafter(t, 0); /* four instants before */
            for (int k = 0; k < 9; k++, t = nextafter(t, INFINITY), checked++) {
                cr_assert_eq(cxi_is_open(S, t), open_by_division(S, t), "t = %.17g", t);
                double o = cxi_next_open(S, t);
                cr_assert(o >= t && open_by_division(S, o), "next opening after %.17g: %.17g", t, o);
            }
        }
    }
    cr_assert_gt(checked, 60000);
    cx_sim_free(S);
}
