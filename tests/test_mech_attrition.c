/* Mechanism: attrition (cx_attrition): the two-phase retention curve's
 * cumulative hazard, the proportional factors (pay elasticity, occupancy,
 * span, engagement), and a cohort's survival in a run against exp(-mult H). */
#include "cxt_model.h"

static cx_sim *attrition_sim(void)
{
    cx_params P;
    cxt_quiet(&P, 6, 1);
    P.on.attrition = 1;
    return cxt_new(&P);
}

Test(attrition, cumulative_hazard_of_the_two_phase_curve)
{
    cx_sim *S = attrition_sim();
    const cx_model_params *m = &S->P.m;
    cr_assert_float_eq(cxi_base_cumhaz(S, 0), 0, 1e-15);
    double prev = 0;
    for (double d = 10; d <= 2000; d += 10) {
        double surv = m->early_share * exp(-d / m->early_mean_days) + (1 - m->early_share) * exp(-d / m->late_mean_days);
        double h = cxi_base_cumhaz(S, d);
        cr_assert_float_eq(h, -log(surv), 1e-12);
        cr_assert_gt(h, prev, "increasing");
        prev = h;
    }
    /* early leavers first: the hazard falls with tenure (decreasing failure
     * rate); with the defaults the first month's is about 1.7x a month's at
     * two years */
    double early = cxi_base_cumhaz(S, 30) - cxi_base_cumhaz(S, 0);
    double late = cxi_base_cumhaz(S, 730) - cxi_base_cumhaz(S, 700);
    cr_assert_gt(early, 1.5 * late);
    cx_sim_free(S);
}

/* The factors one at a time, from a reference point where all but pay are 1
 * (occupancy at its reference, span at its reference). */
Test(attrition, pay_elasticity_and_workload_factors)
{
    cx_sim *S = attrition_sim();
    const cx_model_params *m = &S->P.m;
    double span = m->span_ref, occ = m->occupancy_ref, tr = 4;
    double base = cxi_attrition_mult_for(S, 1.0, span, tr, occ);
    /* pay: mult ~ pay^-elasticity */
    for (double pay = 0.6; pay <= 1.6; pay += 0.2)
        cr_assert_float_eq(cxi_attrition_mult_for(S, pay, span, tr, occ) / base, pow(pay, -m->quit_elasticity), 1e-12);
    /* occupancy: nothing up to the reference, exp(slope x excess) above */
    cr_assert_float_eq(cxi_attrition_mult_for(S, 1.0, span, tr, occ - 0.2), base, 1e-15);
    cr_assert_float_eq(cxi_attrition_mult_for(S, 1.0, span, tr, occ + 0.1) / base, exp(m->occupancy_slope * 0.1), 1e-12);
    /* span: nothing up to the reference; above, 1 + slope x relative excess
     * (engagement moves with span too: hold it by comparing at equal engagement) */
    cr_assert_float_eq(cxi_engagement(S, tr, 20), cxi_engagement(S, tr, 25), 1e-15, "span beyond 20 adds no disengagement");
    double at20 = cxi_attrition_mult_for(S, 1.0, 20, tr, occ), at25 = cxi_attrition_mult_for(S, 1.0, 25, tr, occ);
    double f20 = 1 + m->span_slope * (20 - m->span_ref) / m->span_ref, f25 = 1 + m->span_slope * (25 - m->span_ref) / m->span_ref;
    cr_assert_float_eq(at25 / at20, f25 / f20, 1e-12);
    cx_sim_free(S);
}

Test(attrition, engagement_from_training_and_span)
{
    cx_sim *S = attrition_sim();
    cr_assert_float_eq(cxi_engagement(S, 0, 20), 0.35, 1e-15, "no training, span 20: the floor");
    cr_assert_float_eq(cxi_engagement(S, 8, 8), 1.0, 1e-15, "8 h training, span 8: full");
    cr_assert_float_eq(cxi_engagement(S, 4, 14), 0.35 + 0.175 + 0.15, 1e-15);
    cr_assert_float_eq(cxi_engagement(S, 40, 2), 1.0, 1e-15, "bounded");
    const cx_model_params *m = &S->P.m;
    double occ = 0, span = m->span_ref;
    /* engagement e multiplies the hazard by 1 + effect x (0.5 - e) */
    double lo = cxi_attrition_mult_for(S, 1.0, span, 0, occ), hi = cxi_attrition_mult_for(S, 1.0, span, 8, occ);
    double e0 = cxi_engagement(S, 0, span), e8 = cxi_engagement(S, 8, span);
    cr_assert_float_eq(lo / hi, (1 + m->engagement_effect * (0.5 - e0)) / (1 + m->engagement_effect * (0.5 - e8)), 1e-12);
    /* the factor never goes below 0.05 */
    S->P.m.engagement_effect = 2;
    S->P.m.quit_elasticity = 0;
    cr_assert_float_eq(cxi_attrition_mult_for(S, 1.0, 8, 80, 0), fmax(0.05, 1 + 2 * (0.5 - 1.0)), 1e-12);
    cx_sim_free(S);
}

/* A cohort of n hired at time 0 with no replacement delay: the survivors at
 * day d are the agents whose tenure is d (later hires are younger). Their
 * number is binomial(n, exp(-mult x H(d))). */
static void cohort_check(double pay)
{
    const int n = 400;
    cx_params P;
    cxt_quiet(&P, 17, 0.75);
    P.on.attrition = 1;
    P.agents = n;
    P.rate_per_min = 0.02;
    P.m.occupancy_slope = 0;
    P.m.span_slope = 0;
    P.m.engagement_effect = 0;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_override(S, CX_L_PAY_REL, pay), 0);
    double mult = pow(pay, -P.m.quit_elasticity);
    double *ten = malloc(sizeof *ten * (size_t)n);
    cr_assert_not_null(ten);
    for (double d = 30; d <= 270; d += 60) {
        cr_assert_eq(cx_sim_run_until(S, d * CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
        size_t k = cx_sim_tenures(S, ten, (size_t)n);
        cr_assert_eq(k, (size_t)n, "leavers are replaced at once");
        int alive = 0;
        for (size_t i = 0; i < k; i++) alive += ten[i] >= d - 1e-9;
        double p = exp(-mult * cxi_base_cumhaz(S, d)), sd = sqrt(n * p * (1 - p));
        cr_expect(fabs(alive - n * p) < 4 * sd + 1, "pay %.2f, day %g: %d of %d left, expected %.1f", pay, d, alive, n,
                  n * p);
    }
    free(ten);
    cx_sim_free(S);
}

Test(attrition, cohort_survival_follows_the_retention_curve, .timeout = 60) { cohort_check(1.0); }
Test(attrition, cohort_survival_scales_with_pay, .timeout = 60) { cohort_check(0.8); }

Test(attrition, off_means_nobody_quits)
{
    cx_params P;
    cxt_quiet(&P, 2, 0.5);
    P.on.learning = 1;
    P.agents = 50;
    P.rate_per_min = 0.05;
    cx_sim *S = cxt_run(&P);
    cr_assert_eq(cxt_notes(S, CX_N_QUIT), 0);
    cx_tally t;
    cx_sim_tally(S, &t);
    cr_assert_eq(t.leavers, 0u);
    cx_sim_free(S);
}
