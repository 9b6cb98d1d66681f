/* Mechanism: demand (cx_demand): a base arrival's admission (four uniforms,
 * complexity, a self-service try through the knowledge base), contacts caused by
 * open defects, spikes on and off (complexity, temps). */
#include <string.h>

#include "cxt_model.h"

static cx_sim *demand_sim(double complex_share, double kb)
{
    cx_params P;
    cxt_quiet(&P, 14, 1);
    P.on.learning = 1;
    P.m.complex_share = complex_share;
    cx_sim *S = cxt_new(&P);
    S->M.know.kb = kb;
    return S;
}

/* How many draws separate two states of a stream (-1: more than max). */
static int draws_between(cx_rng from, const cx_rng *to, int max)
{
    for (int n = 0; n <= max; n++) {
        if (!memcmp(from.s, to->s, sizeof from.s)) return n;
        cx_rng_next(&from);
    }
    return -1;
}

Test(demand, admission_draws_four_uniforms_per_arrival)
{
    cx_sim *S = demand_sim(0.3, 0.5);
    S->P.on.self_service = 1;
    cx_rng start = S->rng[CX_STREAM_ATTRIBUTES];
    uint32_t tag;
    for (int i = 0; i < 50; i++) cr_assert_geq(cxi_demand_admit(S, &tag), 0);
    cr_assert_eq(draws_between(start, &S->rng[CX_STREAM_ATTRIBUTES], 250), 200, "admitted, self-served or gone alike");
    cx_sim_free(S);
}

/* A simple first contact tries self-service with probability preventable x
 * adoption; a try resolves with probability kb x resolve; a failed try is
 * a first contact ss_fail_delay later (an event, not an admission now). */
Test(demand, complexity_and_self_service)
{
    const int n = 40000;
    double cs = 0.3, kb = 0.8;
    cx_sim *S = demand_sim(cs, kb);
    S->P.on.self_service = 1;
    const cx_model_params *m = &S->P.m;
    int admitted = 0, complex = 0;
    size_t events0 = cx_calendar_size(&S->E.cal);
    for (int i = 0; i < n; i++) {
        uint32_t tag = 0xffffffffu;
        int in = cxi_demand_admit(S, &tag);
        cr_assert_geq(in, 0);
        if (!in) continue;
        admitted++;
        complex += cxi_tag_complex(tag);
        cr_assert_eq(cxi_tag_defect(tag), 0u, "a base arrival has no defect");
        cr_assert_eq(cxi_tag_attempt(tag), 1, "its first attempt");
    }
    double pt = (1 - cs) * m->ss_preventable * m->ss_adoption, sdt = sqrt(n * pt * (1 - pt));
    cr_assert(fabs((double)S->T.ss_sessions - n * pt) < 4 * sdt, "%llu tries, expected %.0f",
              (unsigned long long)S->T.ss_sessions, n * pt);
    double pd = pt * kb * m->ss_resolve, sd = sqrt(n * pd * (1 - pd));
    cr_assert(fabs((double)S->T.deflected - n * pd) < 4 * sd, "%llu resolved in self-service, expected %.0f",
              (unsigned long long)S->T.deflected, n * pd);
    cr_assert_eq((uint64_t)(n - admitted), S->T.ss_sessions, "every try leaves the arrival out of the queue now");
    cr_assert_eq(cx_calendar_size(&S->E.cal) - events0, (size_t)(S->T.ss_sessions - S->T.deflected),
                 "every failed try comes back as one contact event");
    double pc = cs, sdc = sqrt(n * pc * (1 - pc));
    cr_assert(fabs(complex - n * pc) < 4 * sdc, "complex contacts never try self-service: %d, expected %.0f", complex, n * pc);
    cx_sim_free(S);
    S = demand_sim(cs, 0.8); /* the switch off: every arrival is a contact */
    for (int i = 0; i < 1000; i++) {
        uint32_t tag;
        cr_assert_eq(cxi_demand_admit(S, &tag), 1, "mechanisms.self_service off, no self-service");
    }
    cx_sim_free(S);
    S = demand_sim(cs, 0); /* no base: every try fails */
    S->P.on.self_service = 1;
    for (int i = 0; i < 1000; i++) {
        uint32_t tag;
        cxi_demand_admit(S, &tag);
    }
    cr_assert_gt(S->T.ss_sessions, 0u);
    cr_assert_eq(S->T.deflected, 0u, "an empty base resolves nothing");
    cx_sim_free(S);
}

/* Contacts from open defects: Poisson with mean sum of rate x time open. */
Test(demand, defect_contacts_follow_the_open_defects, .timeout = 60)
{
    cx_params P;
    cxt_quiet(&P, 15, 0.5);
    P.on.defects = 1;
    P.rate_per_min = 0.2;
    P.agents = 3;
    P.m.defects_per_year = 12;
    P.m.defect_share = 0.2;
    P.m.defect_natural_days = 30;
    cx_sim *S = cxt_run(&P);
    cr_assert_gt(S->M.dem.n_defects, 2u);
    double mean = 0;
    int fixed = 0;
    for (uint32_t d = 0; d < S->M.dem.n_defects; d++) {
        const cxi_defect *df = &S->M.dem.defects[d];
        double end = df->fixed_at > 0 ? df->fixed_at : S->horizon;
        cr_assert_float_eq(end, fmin(df->natural_fix, S->horizon), 1e-6, "nobody reports: the natural fix");
        mean += df->rate * (end - df->appear);
        fixed += df->fixed_at > 0;
        cr_assert_eq(df->open, df->fixed_at == 0);
    }
    cr_assert_eq(S->T.fixed, (uint64_t)fixed);
    cr_assert(fabs((double)S->T.defect_contacts - mean) < 4 * sqrt(mean) + 1, "%llu defect contacts, expected %.0f",
              (unsigned long long)S->T.defect_contacts, mean);
    cr_assert_eq(cxt_notes(S, CX_N_DEFECT_APPEARS), (int)S->M.dem.n_defects);
    cx_sim_free(S);
}

Test(demand, no_defects_mechanism_no_defect_contacts)
{
    cx_params P;
    cxt_quiet(&P, 15, 0.1);
    P.on.learning = 1;
    P.agents = 2;
    P.rate_per_min = 0.2;
    cx_sim *S = cxt_run(&P);
    cr_assert_eq(S->M.dem.n_defects, 0u);
    cr_assert_eq(S->T.defect_contacts, 0u);
    cx_sim_free(S);
}

Test(demand, spike_on_and_off_with_temps, .timeout = 60)
{
    cx_params P;
    cxt_quiet(&P, 16, 0.15);
    P.on.learning = 1;
    P.agents = 10;
    P.rate_per_min = 1.0;
    P.n_spikes = 1;
    P.spikes[0] = (cx_spike){10, 5, 2.0, 0.6};
    P.m.temps_cover = 0.8; /* without schedules: temps per agent of extra demand */
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_override(S, CX_L_TEMPS, 1), 0);
    double day = CX_MINUTES_PER_DAY;
    cr_assert_eq(cx_sim_run_until(S, 9 * day), 0);
    uint64_t before = S->E.Q.c.offered;
    cr_assert_eq(cx_sim_run_until(S, 10 * day - 1), 0);
    uint64_t normal = S->E.Q.c.offered - before; /* a day of base demand */
    cr_assert_eq(S->M.dem.spikes_on, 0);
    cr_assert_eq(cx_sim_run_until(S, 11 * day - 1), 0);
    uint64_t spiked = S->E.Q.c.offered - before - normal;
    cr_assert_eq(S->M.dem.spikes_on, 1);
    cr_assert_float_eq(S->M.dem.complex_share, 0.6, 0, "a launch brings complex contacts");
    cr_assert_eq(S->M.wf.n_temps, 8u, "(2 - 1) x 10 heads x 0.8 temps");
    cr_assert_eq(cxt_notes(S, CX_N_SPIKE), 1);
    cr_assert_eq(cxt_notes(S, CX_N_TEMPS), 1);
    double ratio = (double)spiked / (double)normal;
    cr_assert(ratio > 1.7 && ratio < 2.3, "a day of the spike brings %.2f x a normal day", ratio);
    cr_assert_eq(cx_sim_run_until(S, 15 * day + 1), 0);
    cr_assert_eq(S->M.dem.spikes_on, 0);
    cr_assert_float_eq(S->M.dem.complex_share, 0.0, 0, "back to the product's share");
    cr_assert_eq(S->M.wf.n_temps, 0u, "temps leave with the spike");
    cx_sim_free(S);
}
