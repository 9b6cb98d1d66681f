/* Mechanism: intelligence (cx_intelligence): noticed defects are reported
 * at the monthly review with probability transparency x (0.3 + 0.7 trust);
 * a report schedules the client's fix after Exp(fix_days), unless the
 * natural fix comes first; a joint root-cause analysis or blame. */
#include "cxt_model.h"

/* Many defects, all open and noticed, none reported, no natural fix soon. */
static cx_sim *defects_sim(int trust)
{
    cx_params P;
    cxt_quiet(&P, 13, 1);
    P.on.defects = 1;
    P.on.trust = trust;
    P.m.defects_per_year = 300;
    cx_sim *S = cxt_new(&P);
    cr_assert_gt(S->M.dem.n_defects, 200u);
    for (uint32_t d = 0; d < S->M.dem.n_defects; d++) {
        cxi_defect *df = &S->M.dem.defects[d];
        df->open = 1;
        df->noticed = 1;
        df->natural_fix = 1e12;
    }
    return S;
}

/* The fix event scheduled for defect d: its time, or -1. */
static double fix_time(const cx_sim *S, uint32_t d)
{
    const cxi_defect *df = &S->M.dem.defects[d];
    for (size_t i = 0; i < cx_calendar_size(&S->E.cal); i++) {
        const cx_event *ev = cx_calendar_item(&S->E.cal, i);
        if (ev->seq == df->fix_seq && ev->kind == S->M.ev.fix && ev->id == d) return ev->t;
    }
    return -1;
}

Test(intelligence, noticed_defects_reported_with_the_transparency_probability)
{
    cx_sim *S = defects_sim(0);
    const uint32_t n = S->M.dem.n_defects;
    const double tau = 0.6, trust = 0.5, p = tau * (0.3 + 0.7 * trust);
    S->M.lever[CX_L_TRANSPARENCY] = tau;
    S->M.rel.trust = trust;
    /* a quarter not noticed, a quarter closed: never reported */
    for (uint32_t d = 0; d < n; d++) {
        if (d % 4 == 1) S->M.dem.defects[d].noticed = 0;
        if (d % 4 == 2) S->M.dem.defects[d].open = 0;
    }
    uint32_t eligible = n - (n + 2) / 4 - (n + 1) / 4;
    const int rounds = 20;
    for (int r = 0; r < rounds; r++) {
        for (uint32_t d = 0; d < n; d++) S->M.dem.defects[d].reported = 0;
        cxi_intelligence_month(S);
        for (uint32_t d = 0; d < n; d++)
            if (d % 4 == 1 || d % 4 == 2) cr_assert_eq(S->M.dem.defects[d].reported, 0);
    }
    double trials = (double)eligible * rounds, sd = sqrt(trials * p * (1 - p));
    cr_assert(fabs((double)S->T.reported - trials * p) < 4 * sd, "%llu reports of %.0f, expected %.0f",
              (unsigned long long)S->T.reported, trials, trials * p);
    cr_assert_eq(cxt_notes(S, CX_N_DEFECT_REPORTED), (int)S->T.reported);
    /* nothing is told with transparency 0 */
    uint64_t before = S->T.reported;
    S->M.lever[CX_L_TRANSPARENCY] = 0;
    for (uint32_t d = 0; d < n; d++) S->M.dem.defects[d].reported = 0;
    cxi_intelligence_month(S);
    cr_assert_eq(S->T.reported, before);
    cx_sim_free(S);
}

Test(intelligence, a_report_schedules_the_fix_after_the_fix_lag)
{
    cx_sim *S = defects_sim(0);
    const uint32_t n = S->M.dem.n_defects;
    const double fix_days = 12;
    S->M.lever[CX_L_TRANSPARENCY] = 1;
    S->M.rel.trust = 1; /* p = 1: everything is told */
    S->M.lever[CX_L_FIX_DAYS] = fix_days;
    cxi_intelligence_month(S);
    cr_assert_eq(S->T.reported, (uint64_t)n);
    double sum = 0;
    for (uint32_t d = 0; d < n; d++) {
        double t = fix_time(S, d);
        cr_assert_geq(t, 0, "defect %u has its fix scheduled", d);
        sum += t / CX_MINUTES_PER_DAY;
    }
    double mean = sum / n, se = fix_days / sqrt(n);
    cr_assert(fabs(mean - fix_days) < 4 * se, "mean fix lag %.2f days, want %.0f", mean, fix_days);
    cx_sim_free(S);
}

Test(intelligence, fix_only_if_open_and_sooner_than_the_natural_fix)
{
    cx_sim *S = defects_sim(0);
    cxi_defect *df = &S->M.dem.defects[0];
    df->natural_fix = 5 * CX_MINUTES_PER_DAY;
    df->fix_seq = 0;
    cr_assert_eq(cxi_intelligence_fix(S, 0, 6 * CX_MINUTES_PER_DAY), 0);
    cr_assert_eq(df->fix_seq, 0u, "the natural fix comes first");
    cr_assert_eq(cxi_intelligence_fix(S, 0, 4 * CX_MINUTES_PER_DAY), 0);
    cr_assert_float_eq(fix_time(S, 0), 4 * CX_MINUTES_PER_DAY, 1e-9);
    df = &S->M.dem.defects[1];
    df->open = 0;
    df->fix_seq = 0;
    cr_assert_eq(cxi_intelligence_fix(S, 1, 1), 0);
    cr_assert_eq(df->fix_seq, 0u, "a closed defect is not fixed again");
    cx_sim_free(S);
}

Test(intelligence, notice_counts_and_notes)
{
    cx_sim *S = defects_sim(0);
    S->M.dem.defects[3].noticed = 0;
    cr_assert_eq(cxi_intelligence_notice(S, 3), 0);
    cr_assert_eq(S->M.dem.defects[3].noticed, 1);
    cr_assert_eq(S->T.noticed, 1u);
    cr_assert_eq(cxt_notes(S, CX_N_DEFECT_NOTICED), 1);
    cx_sim_free(S);
}

Test(intelligence, blame_costs_trust_joint_analysis_surfaces_defects)
{
    cx_sim *S = defects_sim(1);
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_JOINT_RCA] = 0;
    S->M.rel.trust = 0.5;
    cr_assert_eq(cxi_rca(S), 0);
    cr_assert_float_eq(cxi_trust_level(S), 0.5 * (1 - m->trust_step * m->trust_asymmetry), 1e-12);
    cr_assert_eq(cxt_notes(S, CX_N_BLAME), 1);
    cr_assert_eq(S->T.reported, 0u);
    /* full trust: the analysis always finds the cause (0.4 + 0.6 x 1) */
    S->M.lever[CX_L_JOINT_RCA] = 1;
    S->M.rel.trust = 1;
    double gov = S->M.money.governance;
    cr_assert_eq(cxi_rca(S), 0);
    cr_assert_eq(S->T.reported, (uint64_t)S->M.dem.n_defects, "every open unreported defect is surfaced");
    cr_assert(S->M.dem.defects[0].told_by_rca);
    cr_assert_float_eq(S->M.money.governance - gov, m->rca_hours * m->governance_hour, 1e-9);
    cr_assert_eq(cxt_notes(S, CX_N_JOINT_RCA), 1);
    cx_sim_free(S);
}
