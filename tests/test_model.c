/* test_model: the CX model's mechanisms, each against theory or its own
 * calibration, and the invariants that hold whatever the policies do.
 *
 *  - workforce against renewal theory (Whitt, MSOM 2006): with constant
 *    headcount, immediate replacement and i.i.d. employment periods, a random
 *    agent's tenure follows the equilibrium excess distribution with density
 *    (1 - G(x)) / E[T], and mean performance is the integral of f(x) against
 *    it; checked for an exponential and a two-phase retention distribution,
 *    with the analytic values computed here;
 *  - learning calibrated to MODEL.md (basic proficiency ~13 weeks, full at
 *    8-12 months, month-1 efficiency ~53% of month-12);
 *  - quit elasticity to pay; a fixed defect stops its contacts; a lost tender
 *    replaces the team and resets knowledge;
 *  - money recomputed from events: the provider's cost from the agent-days
 *    employed x hours paid x wage at the pay lever, fees from completed
 *    contacts x rate, penalties from the service level and the levers;
 *  - conservation of contacts and agents; common random numbers;
 *    every mechanism can be switched off. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_builtin.h"
#include "cx_job.h"
#include "cx_params.h"
#include "cx_sim.h"
#include "cxt_model.h"

/* A quiet centre with every mechanism off: tests switch on what they check. */
static void quiet(cx_params *P, uint64_t seed, double years)
{
    cxt_quiet(P, seed, years);
    snprintf(P->name, sizeof P->name, "model-test");
}

static cx_sim *run(const cx_params *P)
{
    cx_sim *S = cx_sim_new(P);
    cr_assert_not_null(S);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    return S;
}

static double col(const cx_sim *S, size_t month, const char *name)
{
    double row[CX_ROW_MAX];
    cr_assert_eq(cx_sim_row(S, month, row), 0);
    int c = cx_row_find(name);
    cr_assert_geq(c, 0, "no column %s", name);
    return row[c];
}

static double total(const cx_sim *S, const char *name)
{
    double row[CX_ROW_MAX];
    cr_assert_eq(cx_sim_total_row(S, row), 0);
    return row[cx_row_find(name)];
}

/* ------------------------------------------------------------------------ */
/* Workforce against renewal theory                                          */

/* Employment period: a mixture of exponentials (p, m1) and (1 - p, m2), days. */
typedef struct retention {
    double p, m1, m2;
} retention;

static double mean_T(const retention *g) { return g->p * g->m1 + (1 - g->p) * g->m2; }

/* Equilibrium excess CDF at x: int_0^x (1 - G) / E[T], in closed form. */
static double excess_cdf(const retention *g, double x)
{
    double a = g->p * g->m1 * (1 - exp(-x / g->m1)) + (1 - g->p) * g->m2 * (1 - exp(-x / g->m2));
    return a / mean_T(g);
}

/* Mean of the equilibrium excess: E[T^2] / (2 E[T]). */
static double excess_mean(const retention *g)
{
    double m2 = g->p * 2 * g->m1 * g->m1 + (1 - g->p) * 2 * g->m2 * g->m2;
    return m2 / (2 * mean_T(g));
}

/* Mean performance with f(x) = 1 - exp(-x / tau): int f (1 - G) / E[T]. */
static double mean_performance(const retention *g, double tau)
{
    double a = g->p * g->m1 * g->m1 / (g->m1 + tau) + (1 - g->p) * g->m2 * g->m2 / (g->m2 + tau);
    return a / mean_T(g);
}

static void renewal_check(const retention *g, double tau)
{
    const int agents = 400, reps = 3;
    /* years: a team hired at once needs several late-phase means (700 days)
     * to reach its stationary tenures; after 3 years the mean tenure was
     * still about 4% short (641-659 days against 681 over five seeds) */
    double years = 16, warm = 8;
    double xs[3] = {30, 180, 540};
    double sum_mean = 0, sum_perf = 0, sum_cdf[3] = {0};
    long n_all = 0;
    int n_perf = 0;
    double *ten = malloc(sizeof *ten * agents);
    cr_assert_not_null(ten);
    for (int r = 0; r < reps; r++) {
        cx_params P;
        quiet(&P, 100 + (uint64_t)r, years);
        P.agents = agents;
        P.rate_per_min = 0.05;
        P.on.attrition = 1;
        P.m.learning_tenure = 1;
        P.m.tenure_tau_days = tau;
        P.m.early_share = g->p;
        P.m.early_mean_days = g->m1;
        P.m.late_mean_days = g->m2;
        P.m.occupancy_slope = 0; /* every proportional factor at 1 */
        P.m.span_slope = 0;
        P.m.engagement_effect = 0;
        cx_sim *S = cx_sim_new(&P);
        cr_assert_not_null(S);
        for (double t = warm * 365.25; t <= years * 365.25; t += 30) {
            cr_assert_eq(cx_sim_run_until(S, t * 1440.0), 0, "%s", cx_sim_error(S));
            size_t n = cx_sim_tenures(S, ten, (size_t)agents);
            cr_assert_eq(n, (size_t)agents, "headcount stays constant (%zu)", n);
            for (size_t i = 0; i < n; i++) {
                sum_mean += ten[i];
                for (int k = 0; k < 3; k++) sum_cdf[k] += ten[i] <= xs[k];
            }
            n_all += (long)n;
        }
        cr_assert_eq(cx_sim_run(S), 0);
        for (size_t m = (size_t)(warm * 12); m < cx_sim_periods(S); m++) {
            sum_perf += col(S, m, "mean_knowledge");
            n_perf++;
        }
        cx_sim_free(S);
    }
    free(ten);
    double mean = sum_mean / n_all, want = excess_mean(g);
    cr_expect(fabs(mean - want) / want < 0.05, "mean tenure %.1f days, renewal theory %.1f", mean, want);
    for (int k = 0; k < 3; k++) {
        double p = sum_cdf[k] / n_all, w = excess_cdf(g, xs[k]);
        cr_expect(fabs(p - w) < 0.02, "P(tenure <= %g days) = %.4f, renewal theory %.4f", xs[k], p, w);
    }
    double perf = sum_perf / n_perf, wp = mean_performance(g, tau);
    cr_expect(fabs(perf - wp) < 0.02, "mean performance %.4f, renewal theory %.4f", perf, wp);
}

Test(workforce, renewal_theory_exponential_retention, .timeout = 120)
{
    retention g = {0, 1, 365};
    renewal_check(&g, 90);
}

Test(workforce, renewal_theory_two_phase_retention, .timeout = 120)
{
    /* high early attrition: 40% leave after 30 days on average */
    retention g = {0.4, 30, 700};
    renewal_check(&g, 90);
}

/* ------------------------------------------------------------------------ */
/* Learning, attrition, defects, contracts                                    */

/* A fresh team that never leaves, staffed by the schedule: the learning curve. */
Test(learning, cohort_follows_the_calibrated_curve, .timeout = 120)
{
    cx_params P;
    quiet(&P, 5, 1.0);
    P.rate_per_min = 2.0;
    P.profile = 1;
    P.on.learning = P.on.hiring_delay = P.on.schedules = 1;
    cx_sim *S = run(&P);
    /* the team joined the classroom 4 weeks before go-live: 13 weeks after
     * joining is about the end of month 2 */
    double basic = col(S, 1, "mean_knowledge"), later = col(S, 2, "mean_knowledge");
    cr_expect(basic < 0.5 && later > 0.45, "knowledge at ~9 weeks %.3f, at ~13 weeks %.3f: basic (0.5) "
              "should come about 13 weeks after joining", basic, later);
    double k8 = col(S, 6, "mean_knowledge"), k11 = col(S, 10, "mean_knowledge");
    cr_expect(k8 < 0.9 + 0.03 && k11 > 0.85, "full proficiency between 8 and 12 months: %.3f at 8, %.3f at 12",
              k8, k11);
    double ratio = col(S, 11, "aht_min") / col(S, 0, "aht_min");
    cr_expect(ratio > 0.45 && ratio < 0.62, "month-1 efficiency is %.0f%% of month-12 (calibrated: 53%%)",
              100 * ratio);
    cx_sim_free(S);
}

/* Doubling pay divides the quit hazard by 2^elasticity. */
Test(attrition, pay_elasticity, .timeout = 120)
{
    double leavers[2];
    for (int k = 0; k < 2; k++) {
        cx_params P;
        quiet(&P, 9, 8);
        P.agents = 300;
        P.rate_per_min = 0.05;
        P.on.attrition = 1;
        P.m.early_share = 0;
        P.m.late_mean_days = 365;
        P.m.quit_elasticity = 2.5;
        P.m.occupancy_slope = P.m.span_slope = P.m.engagement_effect = 0;
        cx_sim *S = cx_sim_new(&P);
        cr_assert_not_null(S);
        cr_assert_eq(cx_sim_override(S, CX_L_PAY_REL, k ? 2.0 : 1.0), 0, "%s", cx_sim_error(S));
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        leavers[k] = total(S, "leavers");
        cx_sim_free(S);
    }
    double ratio = leavers[1] / leavers[0], want = pow(2.0, -2.5);
    double se = want * sqrt(1 / leavers[0] + 1 / leavers[1]);
    cr_expect(fabs(ratio - want) < 4 * se, "hazard ratio at double pay %.4f, elasticity 2.5 gives %.4f (se %.4f)",
              ratio, want, se);
}

/* Defect contacts arrive while the defect is open and stop when it is fixed:
 * their count matches the open time of every defect, read from the events. */
Test(defects, a_fixed_defect_stops_its_contacts, .timeout = 120)
{
    cx_params P;
    quiet(&P, 3, 3);
    P.agents = 20;
    P.rate_per_min = 1.0;
    P.on.defects = 1;
    P.m.defects_per_year = 4;
    P.m.defect_share = 0.5;
    P.m.defect_natural_days = 20;
    cx_sim *S = run(&P);
    double expected = 0;
    int fixed = 0;
    for (size_t i = 0; i < cx_sim_notes(S); i++) {
        const cx_note *n = cx_sim_note(S, i);
        unsigned d;
        if (n->kind == CX_N_DEFECT_APPEARS && sscanf(n->text, "defect %u", &d) == 1) {
            expected += n->value / 1440.0 * (cx_sim_horizon(S) - n->t); /* until fixed, corrected below */
        } else if (n->kind == CX_N_DEFECT_FIXED && sscanf(n->text, "defect %u", &d) == 1) {
            const cx_note *a = NULL;
            for (size_t j = 0; j < i; j++) {
                const cx_note *q = cx_sim_note(S, j);
                unsigned e;
                if (q->kind == CX_N_DEFECT_APPEARS && sscanf(q->text, "defect %u", &e) == 1 && e == d) a = q;
            }
            cr_assert_not_null(a);
            expected -= a->value / 1440.0 * (cx_sim_horizon(S) - n->t);
            fixed++;
        }
    }
    cx_tally c;
    cx_sim_tally(S, &c);
    cr_expect_geq(fixed, 5, "%d defects fixed", fixed);
    cr_expect(fabs((double)c.defect_contacts - expected) < 4 * sqrt(expected) + 1,
              "%llu defect contacts, %.0f expected from the open times", (unsigned long long)c.defect_contacts,
              expected);
    cx_sim_free(S);
}

/* A lost tender replaces the whole team: knowledge resets, trust restarts,
 * and both sides pay the transition. The client here asks for a service
 * level the provider cannot reach, so the incumbent loses on quality. */
Test(contract, lost_tender_replaces_the_team, .timeout = 120)
{
    cx_params P;
    quiet(&P, 21, 2.5);
    P.rate_per_min = 2.0;
    P.on.learning = P.on.hiring_delay = P.on.schedules = P.on.contract = P.on.trust = 1;
    P.m.quality_rebid = 1; /* lost for sure at one point of shortfall */
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, cx_builtin_find("partner"), NULL, NULL), 0, "%s",
                 cx_sim_error(S));
    cr_assert_eq(cx_sim_override(S, CX_L_REBID, 1), 0); /* tender at the first anniversary */
    cr_assert_eq(cx_sim_override(S, CX_L_SLA_TARGET, 0.999), 0);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    int transition = -1;
    for (size_t i = 0; i < cx_sim_notes(S); i++)
        if (cx_sim_note(S, i)->kind == CX_N_TRANSITION && transition < 0)
            transition = (int)floor(cx_sim_note(S, i)->t / (CX_MINUTES_PER_YEAR / 12));
    cr_assert_geq(transition, 12, "no transition after the first anniversary");
    double before = col(S, (size_t)transition - 1, "mean_knowledge");
    double after = col(S, (size_t)transition, "mean_knowledge");
    cr_expect(before > 0.7 && after < 0.35, "knowledge %.2f before the transition, %.2f after", before, after);
    cr_expect_eq(col(S, (size_t)transition, "provider_changes"), 1);
    cr_expect_gt(col(S, (size_t)transition, "transition_cost"), 0);
    cr_expect(fabs(col(S, (size_t)transition, "trust") - P.m.trust_initial) < 0.1,
              "a new relationship starts at the initial trust (%.2f)", col(S, (size_t)transition, "trust"));
    cx_sim_free(S);
}

/* ------------------------------------------------------------------------ */
/* Invariants                                                                 */

static cx_params full_model(uint64_t seed, double years)
{
    cx_params P;
    cx_params_default(&P);
    snprintf(P.name, sizeof P.name, "full");
    P.seed = seed;
    P.years = years;
    P.rate_per_min = 2.0;
    P.profile = 1;
    P.handle = (cx_dist){CX_DIST_LOGNORMAL, 4.2, 0.8};
    P.n_spikes = 1;
    P.spikes[0] = (cx_spike){60, 14, 1.4, 0.5};
    P.n_regimes = 2;
    snprintf(P.regimes[0].label, CX_NAME_MAX, "vendor");
    snprintf(P.regimes[0].client.name, CX_PATH_MAX, "vendor");
    snprintf(P.regimes[0].provider.name, CX_PATH_MAX, "vendor");
    snprintf(P.regimes[1].label, CX_NAME_MAX, "partner");
    snprintf(P.regimes[1].client.name, CX_PATH_MAX, "partner");
    snprintf(P.regimes[1].provider.name, CX_PATH_MAX, "partner");
    return P;
}

/* Every regime of P, run to the horizon. */
static void run_job(cx_job *J, const cx_params *P)
{
    char err[512];
    cr_assert_eq(cx_job_open(J, P, NULL, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_job_run(J, err, sizeof err), 0, "%s", err);
}

Test(invariants, contacts_agents_and_money_are_conserved, .timeout = 180)
{
    cx_params P = full_model(4, 2.2);
    cx_job J;
    run_job(&J, &P);
    for (int i = 0; i < J.n; i++) {
        const cx_sim *S = J.sim[i];
        cx_counts c;
        cx_tally t;
        cx_sim_totals(S, &c);
        cx_sim_tally(S, &t);
        /* every contact is handled, abandoned or still in the system */
        cr_expect_eq(c.offered, c.completed + c.abandoned + cx_sim_in_system(S), "%s: contacts",
                     cx_job_label(&J, i));
        cr_expect_leq(c.answered - c.completed, (uint64_t)cx_agents_on_duty(S));
        /* every agent who joined has quit, moved on, or is still here */
        double here = cx_sim_get(S, CX_K_HEADCOUNT) + cx_sim_get(S, CX_K_IN_PIPELINE);
        double recruits = here - (double)(t.hires - t.leavers - t.moved);
        cr_expect(recruits >= 0, "%s: %llu hires, %llu quits, %llu moved, %.0f here", cx_job_label(&J, i),
                  (unsigned long long)t.hires, (unsigned long long)t.leavers, (unsigned long long)t.moved, here);
        /* the difference is open vacancies not yet filled: never people */
        cr_expect_leq(recruits, cx_sim_get(S, CX_K_IN_PIPELINE));
    }
    cx_job_close(&J);
}

/* ------------------------------------------------------------------------ */
/* Money recomputed from events                                             */

/* The month a time belongs to: [t0, t1) of each period. */
static int month_of(double t) { return (int)floor(t / CX_MINUTES_PER_MONTH); }

/* A fixed team of `agents` (no attrition, no hiring delay) on an account
 * with a contract: the provider's cost is rebuilt from the agent-days
 * employed (read from the roster day by day) times the hours paid and the
 * hourly wage at the pay lever, plus supervisors, seats and hires; the
 * client's fees from the contacts the queue completed times the rate; the
 * penalty from the service level the counters give and the client's
 * levers; none of it from the economics code's own sums. */
Test(money, recomputed_from_employment_contacts_and_service_level, .timeout = 120)
{
    cx_params P;
    quiet(&P, 21, 0.25); /* three months */
    P.on.contract = 1;
    P.m.setup_billed = 0; /* revenue is fees less penalties (the implementation fee: test_mech_economics) */
    P.agents = 3;
    P.rate_per_min = 0.55; /* load 2.2 on 3 agents: service level below 97% */
    const cx_model_params *m = &P.m;
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    const double pay = 1.25, training = 6, span = 5, target = 0.97, penalty = 0.02;
    cr_assert_eq(cx_sim_override(S, CX_L_PAY_REL, pay), 0);
    cr_assert_eq(cx_sim_override(S, CX_L_TRAINING_HOURS, training), 0);
    cr_assert_eq(cx_sim_override(S, CX_L_SPAN, span), 0);
    cr_assert_eq(cx_sim_override(S, CX_L_SLA_TARGET, target), 0);
    cr_assert_eq(cx_sim_override(S, CX_L_PENALTY, penalty), 0);

    /* the roster each day, just after the day's tick: agent-days per month */
    double days_per_month = 365.25 / 12, month_hours = m->hours_per_week * 52 / 12;
    double agent_days[3] = {0}, supervisor_days[3] = {0};
    int ticks[3] = {0};
    for (int d = 0; d * CX_MINUTES_PER_DAY < cx_sim_horizon(S); d++) {
        double t = d * CX_MINUTES_PER_DAY;
        cr_assert_eq(cx_sim_run_until(S, t), 0, "%s", cx_sim_error(S));
        size_t n = cx_sim_tenures(S, NULL, 0);
        cr_assert_eq(n, 3u, "a fixed team");
        int mo = month_of(t);
        agent_days[mo] += (double)n;
        supervisor_days[mo] += ceil((double)n / span);
        ticks[mo]++;
    }
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_periods(S), 3u);
    cr_assert_eq(ticks[0] + ticks[1] + ticks[2], 92, "one tick a day over 91.3 days");

    double hourly = m->wage_month * pay / month_hours;
    double penalties_noted[3] = {0};
    for (size_t i = 0; i < cx_sim_notes(S); i++) {
        const cx_note *n = cx_sim_note(S, i);
        if (n->kind == CX_N_PENALTY) penalties_noted[month_of(n->t - 1e-6)] += n->value;
    }
    double fees_all = 0, cost_all = 0, paid_all = 0;
    for (int mo = 0; mo < 3; mo++) {
        const cx_period *p = cx_sim_period(S, (size_t)mo);
        /* provider: hours paid (contract hours + training) at the hourly
         * wage, supervisors, seats, and each hire's recruiting and trainer */
        double hours = agent_days[mo] * (month_hours + training) / days_per_month;
        double cost = hours * hourly + supervisor_days[mo] * m->wage_month * m->supervisor_wage / days_per_month +
                      agent_days[mo] * m->tech_per_seat / days_per_month +
                      (double)p->tally.hires * (m->recruit_cost + m->trainer_cost);
        cr_assert_eq(p->tally.hires, mo == 0 ? 3u : 0u, "the team is hired in month 1");
        double got_cost = col(S, (size_t)mo, "provider_cost");
        cr_expect(fabs(got_cost - cost) < 1e-6 * cost, "month %d: provider cost %.2f, recomputed %.2f", mo + 1,
                  got_cost, cost);
        /* client: the contacts the queue completed at the rate */
        double rate = col(S, (size_t)mo, "rate");
        cr_assert_gt(rate, 0);
        double fees = rate * (double)p->counts.completed;
        cr_expect(fabs(col(S, (size_t)mo, "client_fees") - fees) < 1e-6 * fees, "month %d: fees", mo + 1);
        /* penalty: points of service level below the target x the lever, capped */
        double sl = (double)p->counts.answered_sl / (double)(p->counts.answered + p->counts.abandoned);
        cr_assert_lt(sl, target, "month %d: service level %.3f should miss %.2f", mo + 1, sl, target);
        double pen = fmin(penalty * (target - sl) * 100, m->penalty_cap) * fees;
        cr_expect(fabs(col(S, (size_t)mo, "penalties") - pen) < 1e-6 * fees, "month %d: penalty %.2f, recomputed %.2f",
                  mo + 1, col(S, (size_t)mo, "penalties"), pen);
        cr_expect(fabs(penalties_noted[mo] - pen) < 1e-6 * fees, "month %d: the penalty note says %.2f", mo + 1,
                  penalties_noted[mo]);
        /* the provider earns what the client pays it; the client also pays its reviews */
        cr_expect(fabs(col(S, (size_t)mo, "provider_revenue") - (fees - pen)) < 1e-6 * fees);
        double client = fees - pen + m->ops_review_hours * m->governance_hour;
        cr_expect(fabs(col(S, (size_t)mo, "client_cost") - client) < 1e-6 * client, "month %d: client cost", mo + 1);
        fees_all += fees - pen;
        cost_all += cost;
        paid_all += hours;
    }
    cr_expect(fabs(total(S, "provider_revenue") - fees_all) < 1e-6 * fees_all);
    cr_expect(fabs(total(S, "provider_cost") - cost_all) < 1e-6 * cost_all);
    /* 3 agents x ~91 days x (173.3 + 6) h a month / 30.44 days */
    cr_expect(fabs(paid_all - 3 * 92 * (month_hours + training) / days_per_month) < 1e-6 * paid_all);
    cx_sim_free(S);
}

Test(invariants, regimes_share_their_demand_and_runs_repeat, .timeout = 180)
{
    cx_params P = full_model(8, 1.0);
    double first[2][12];
    for (int pass = 0; pass < 2; pass++) {
        cx_job J;
        run_job(&J, &P);
        for (size_t m = 0; m < 12; m++) {
            /* first contacts of the base demand, self-served, made or not
             * (customers lost), are the same draws in both regimes (common
             * random numbers) */
            uint64_t base[2];
            for (int i = 0; i < 2; i++) {
                const cx_period *pd = cx_sim_period(J.sim[i], m);
                base[i] = pd->counts.offered - pd->tally.repeats - pd->tally.defect_contacts - pd->tally.ss_contacts +
                          pd->tally.ss_sessions + pd->tally.gone;
            }
            cr_expect_eq(base[0], base[1], "month %zu: %llu vs %llu base arrivals", m,
                         (unsigned long long)base[0], (unsigned long long)base[1]);
            first[pass][m] = col(J.sim[1], m, "client_cost");
        }
        cx_job_close(&J);
    }
    for (size_t m = 0; m < 12; m++) cr_expect_eq(first[0][m], first[1][m], "same seed, same month %zu", m);
}

Test(invariants, every_mechanism_can_be_switched_off, .timeout = 180)
{
    cx_params P = full_model(12, 1.0);
    cx_mechanisms off = {0};
    off.schedules = 1; /* a centre needs somebody on duty */
    P.on = off;
    cx_job J;
    run_job(&J, &P);
    for (int i = 0; i < J.n; i++) {
        const cx_sim *S = J.sim[i];
        cx_tally c;
        cx_sim_tally(S, &c);
        cr_expect_eq(c.leavers, 0, "attrition off");
        cr_expect_eq(c.repeats, 0, "repeats off");
        cr_expect_eq(c.defect_contacts, 0, "defects off");
        cr_expect_eq(c.churned, 0, "churn off");
        cr_expect_float_eq(total(S, "mean_knowledge"), 1.0, 1e-12, "learning off: everyone performs as an expert");
        cr_expect_float_eq(total(S, "trust"), P.m.trust_initial, 1e-12, "trust off");
        cr_expect_eq(total(S, "penalties"), 0, "contract off");
        cr_expect_eq(total(S, "provider_changes"), 0, "contract off");
        cr_expect_eq(total(S, "in_pipeline"), 0, "no hiring delay");
    }
    cx_job_close(&J);
}

/* A policy's out-of-range decision stops the run with a message naming the
 * policy and the lever. */
static int bad_start(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    return api->set(ctx, CX_L_PAY_REL, -1.0);
}

Test(policy, out_of_range_decision_is_refused)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_START] = bad_start};
    static const cx_policy bad = {.abi = CX_POLICY_ABI, .size = sizeof(cx_policy), .name = "cheapskate",
                                  .sides = 1u << CX_PROVIDER, .n_at = CX_POINT_COUNT, .at = at};
    cx_params P;
    quiet(&P, 1, 0.1);
    P.on.schedules = 1;
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &bad, NULL, NULL), 0);
    cr_expect_neq(cx_sim_run(S), 0);
    cr_expect(strstr(cx_sim_error(S), "cheapskate") && strstr(cx_sim_error(S), "pay_rel"), "%s",
              cx_sim_error(S));
    cr_expect_neq(cx_sim_set_policy(S, CX_CLIENT, &bad, NULL, NULL), 0, "a provider-only policy as client");
    cx_sim_free(S);
}

/* ------------------------------------------------------------------------ */
/* The shipped scenarios: calibration and who wins where                      */

static void load_script(const char *name, cx_params *P)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048], err[512];
    snprintf(path, sizeof path, "%s/scripts/%s", src, name);
    cx_params_default(P);
    cr_assert_eq(cx_job_load_scenario(path, P, err, sizeof err), 0, "%s", err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_month(const cx_sim *S, const char *name)
{
    double v[600];
    size_t n = cx_sim_periods(S);
    cr_assert_leq(n, 600);
    for (size_t m = 0; m < n; m++) v[m] = col(S, m, name);
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The default scenario's world run with the levers at their defaults (a
 * market-average client and provider) lands inside MODEL.md's ranges. */
Test(calibration, default_world_with_market_levers, .timeout = 900)
{
    cx_params P;
    load_script("default.lua", &P);
    P.n_regimes = 0;
    cx_sim *S = run(&P);
    double attrition = total(S, "attrition_annual"), fcr = total(S, "fcr"), csat = total(S, "csat");
    double sl = median_month(S, "service_level"), ab = median_month(S, "abandon_rate");
    double aht = median_month(S, "aht_min");
    cr_expect(attrition >= 0.30 && attrition <= 0.45, "annual attrition %.3f (QATC, SQM: 30-45%%)", attrition);
    cr_expect(fcr >= 0.65 && fcr <= 0.74, "FCR %.3f (SQM: 67-72%% average)", fcr);
    cr_expect(csat >= 0.66 && csat <= 0.81, "CSAT top box %.3f (SQM: 68-81%%)", csat);
    cr_expect(aht >= 5 && aht <= 7, "median monthly AHT %.2f min (about 6)", aht);
    cr_expect(sl >= 0.72 && sl <= 0.90, "median monthly service level %.3f (target 80%% in 20 s)", sl);
    cr_expect(ab >= 0.03 && ab <= 0.10, "median monthly abandonment %.3f (5-8%% normal)", ab);
    cx_sim_free(S);
}

static void tco_of(const char *script, double *tco, cx_job *J)
{
    cx_params P;
    load_script(script, &P);
    run_job(J, &P);
    for (int i = 0; i < J->n; i++) tco[i] = total(J->sim[i], "client_tco_cum");
}

/* Five years of a mid-size centre: the partnership costs the client less in
 * total and serves better. Both providers price from their own books, so
 * neither rate is set to be the higher: the partner's provider makes money. */
Test(regimes, partner_wins_the_default_scenario, .timeout = 900)
{
    cx_job J;
    double tco[CX_MAX_REGIMES];
    tco_of("default.lua", tco, &J);
    cr_assert_str_eq(cx_job_label(&J, 0), "vendor");
    const cx_sim *V = J.sim[0], *Q = J.sim[1];
    cr_expect_lt(tco[1], tco[0], "TCO partner %.0f vs vendor %.0f", tco[1], tco[0]);
    cr_expect_gt(total(Q, "provider_margin"), 0, "the partner's provider makes money over the five years");
    cr_expect_gt(total(Q, "fcr"), total(V, "fcr"));
    cr_expect_gt(total(Q, "csat"), total(V, "csat"));
    cr_expect_lt(total(Q, "attrition_annual"), total(V, "attrition_annual"));
    cr_expect_gt(total(Q, "insights"), total(V, "insights"));
    cr_expect_gt(total(Q, "trust"), total(V, "trust"));
    cx_job_close(&J);
}

/* One year of simple, substitutable work: the vendor regime costs less
 * (the FAQ in vendor-to-partner.txt). */
Test(regimes, vendor_wins_the_short_commodity_scenario, .timeout = 900)
{
    cx_job J;
    double tco[CX_MAX_REGIMES];
    tco_of("short-commodity.lua", tco, &J);
    cr_expect_lt(tco[0], tco[1], "TCO vendor %.0f vs partner %.0f", tco[0], tco[1]);
    cx_job_close(&J);
}
