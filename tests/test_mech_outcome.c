/* Mechanism: outcome (cx_outcome): the agent's effective knowledge sets the
 * handle-time factor, first-contact resolution and the top-box rating;
 * complex contacts need more of it; product changes age it. */
#include "cxt_model.h"

/* A model with learning off (knowledge stays where the test puts it). */
static cx_sim *outcome_sim(void)
{
    cx_params P;
    cxt_quiet(&P, 18, 1);
    P.on.trust = 1; /* something on: the model runs */
    P.m.learning_tenure = 0;
    return cxt_new(&P);
}

static uint32_t agent_with(cx_sim *S, double k)
{
    uint32_t a = cxi_agent_new(S);
    cr_assert_neq(a, CX_NONE);
    S->people[a].k = k;
    return a;
}

Test(outcome, handle_time_factor_vs_knowledge)
{
    cx_sim *S = outcome_sim();
    const cx_model_params *m = &S->P.m;
    cx_contact simple = {.tag = cxi_tag(0, 0, 1)}, complex = {.tag = cxi_tag(0, 1, 1)};
    for (double k = 0; k <= 1.0001; k += 0.25) {
        uint32_t a = agent_with(S, k);
        cr_assert_float_eq(cxi_outcome_service_factor(S, a, &simple), 1 + m->novice_slowdown * (1 - k), 1e-12);
        cr_assert_float_eq(S->people[a].ke, k, 1e-6, "the effective knowledge is kept for the outcome");
        double w = m->complex_knowledge, kc = k * (1 - w) + k * k * w;
        cr_assert_float_eq(cxi_outcome_service_factor(S, a, &complex),
                           (1 + m->novice_slowdown * (1 - kc)) * m->complex_handle, 1e-12);
        cr_assert_leq(kc, k + 1e-15, "a complex contact needs more knowledge");
    }
    /* an expert at 1 is the mean handle time; a change gap slows everyone */
    uint32_t a = agent_with(S, 1);
    cr_assert_float_eq(cxi_outcome_service_factor(S, a, &simple), 1, 1e-15);
    S->M.know.keep = 0.8;
    cr_assert_float_eq(cxi_outcome_service_factor(S, a, &simple), 1 + m->novice_slowdown * 0.2, 1e-12);
    cx_sim_free(S);
}

/* n contacts handled by an agent of knowledge k: resolved share and top box. */
static void serve(cx_sim *S, double k, int complex, int n, double *fcr, double *top)
{
    uint32_t a = agent_with(S, k);
    uint64_t r0 = S->T.resolved, t0 = S->T.csat_top, g0 = S->T.gave_up;
    cx_contact ct = {.arrive = 0, .start = 0, .tag = cxi_tag(0, (unsigned)complex, 1)};
    for (int i = 0; i < n; i++) {
        cxi_outcome_service_factor(S, a, &ct);
        cr_assert_eq(cxi_outcome_depart(S, a, &ct), 0);
    }
    cr_assert_eq((S->T.resolved - r0) + (S->T.gave_up - g0), (uint64_t)n, "without repeats every issue ends");
    *fcr = (double)(S->T.resolved - r0) / n;
    *top = (double)(S->T.csat_top - t0) / n;
}

Test(outcome, fcr_and_csat_vs_knowledge)
{
    cx_sim *S = outcome_sim();
    const cx_model_params *m = &S->P.m;
    const int n = 20000;
    double ks[] = {0, 0.5, 1};
    for (int i = 0; i < 3; i++) {
        double k = ks[i], fcr, top;
        serve(S, k, 0, n, &fcr, &top);
        double want = m->fcr_novice + (m->fcr_expert - m->fcr_novice) * k;
        cr_expect(fabs(fcr - want) < 4 * sqrt(want * (1 - want) / n) + 1e-9, "k %.1f: FCR %.4f, want %.4f", k, fcr, want);
        double wtop = want * (m->csat_resolved + m->csat_knowledge * k) + (1 - want) * m->csat_unresolved;
        cr_expect(fabs(top - wtop) < 4 * sqrt(wtop * (1 - wtop) / n) + 1e-9, "k %.1f: top box %.4f, want %.4f", k, top,
                  wtop);
        /* complex: the FCR multiplier on the knowledge a complex contact allows */
        serve(S, k, 1, n, &fcr, &top);
        double w = m->complex_knowledge, kc = k * (1 - w) + k * k * w;
        want = (m->fcr_novice + (m->fcr_expert - m->fcr_novice) * kc) * m->complex_fcr;
        cr_expect(fabs(fcr - want) < 4 * sqrt(want * (1 - want) / n) + 1e-9, "complex, k %.1f: FCR %.4f, want %.4f", k,
                  fcr, want);
    }
    cx_sim_free(S);
}

Test(outcome, waiting_lowers_the_rating)
{
    cx_sim *S = outcome_sim();
    const cx_model_params *m = &S->P.m;
    S->P.m.fcr_novice = S->P.m.fcr_expert = 1; /* everything resolved */
    uint32_t a = agent_with(S, 1);
    const int n = 20000;
    cx_contact ct = {.arrive = 0, .start = 10, .tag = cxi_tag(0, 0, 1)}; /* waited 10 min: capped at 5 */
    uint64_t t0 = S->T.csat_top;
    for (int i = 0; i < n; i++) {
        cxi_outcome_service_factor(S, a, &ct);
        cr_assert_eq(cxi_outcome_depart(S, a, &ct), 0);
    }
    double top = (double)(S->T.csat_top - t0) / n;
    double want = m->csat_resolved + m->csat_knowledge - 5 * m->csat_wait_penalty;
    cr_expect(fabs(top - want) < 4 * sqrt(want * (1 - want) / n), "top box %.4f, want %.4f", top, want);
    cr_assert_eq(S->T.resolved_first, S->T.resolved, "first attempts");
    cx_sim_free(S);
}

Test(outcome, unresolved_with_repeats_comes_back)
{
    cx_params P;
    cxt_quiet(&P, 18, 1);
    P.on.repeats = 1;
    P.m.fcr_novice = P.m.fcr_expert = 0; /* nothing resolved */
    P.m.repeat_return = 1;
    cx_sim *S = cxt_new(&P);
    uint32_t a = agent_with(S, 0.5);
    cx_contact ct = {.tag = cxi_tag(0, 1, 1)};
    size_t before = cx_calendar_size(&S->E.cal);
    cxi_outcome_service_factor(S, a, &ct);
    cr_assert_eq(cxi_outcome_depart(S, a, &ct), 0);
    cr_assert_eq(cx_calendar_size(&S->E.cal), before + 1, "a repeat is scheduled");
    const cx_event *ev = NULL;
    for (size_t i = 0; i < cx_calendar_size(&S->E.cal); i++)
        if (cx_calendar_item(&S->E.cal, i)->kind == S->M.ev.repeat) ev = cx_calendar_item(&S->E.cal, i);
    cr_assert_not_null(ev);
    cr_assert_eq(cxi_tag_attempt(ev->id), 2, "its second attempt");
    cr_assert_eq(cxi_tag_complex(ev->id), 1, "still complex");
    /* the last attempt gives up */
    ct.tag = cxi_tag(0, 0, (unsigned)P.m.max_attempts);
    cxi_outcome_service_factor(S, a, &ct);
    cr_assert_eq(cxi_outcome_depart(S, a, &ct), 0);
    cr_assert_eq(S->T.gave_up, 1u);
    cx_sim_free(S);
}

/* First-contact resolution counts an issue's first contacts only (resolved
 * on the first contact / first contacts handled); the resolution rate
 * counts every handled contact. With repeats on and learning off (novices
 * stay novices) both move, and they differ; run totals are ratios of the
 * summed counters. */
Test(outcome, fcr_counts_first_contacts_only)
{
    cx_params P;
    cxt_quiet(&P, 21, 0.25);
    P.on.repeats = 1;
    P.on.schedules = 1;
    P.rate_per_min = 2;
    cx_sim *S = cxt_run(&P);
    double tot[CX_ROW_MAX];
    cr_assert_eq(cx_sim_total_row(S, tot), 0);
    double first = tot[CX_C_FIRST_CONTACTS], rfirst = tot[CX_C_RESOLVED_FIRST];
    cr_assert_gt(first, 100, "%g first contacts", first);
    cr_expect_leq(first, tot[CX_C_COMPLETED]);
    cr_expect_leq(rfirst, tot[CX_C_RESOLVED]);
    cr_expect_gt(tot[CX_C_REPEATS], 0, "repeats came");
    cr_expect_float_eq(tot[CX_C_FCR], rfirst / first, 1e-12);
    cr_expect_float_eq(tot[CX_C_RESOLUTION_RATE], tot[CX_C_RESOLVED] / tot[CX_C_COMPLETED], 1e-12);
    cr_expect_neq(tot[CX_C_FCR], tot[CX_C_RESOLUTION_RATE]);
    for (size_t m = 0; m < cx_sim_periods(S); m++) {
        double f = cxt_col(S, m, "first_contacts");
        if (f > 0) cr_expect_float_eq(cxt_col(S, m, "fcr"), cxt_col(S, m, "resolved_first") / f, 1e-12, "month %zu", m);
    }
    cx_sim_free(S);
}
