/* Mechanism: hiring (cx_hiring): a vacancy (exponential fill time), the
 * classroom and nesting (fixed durations), what each stage costs and how
 * the counts move; the opening team; topping up after a quit. */
#include "cxt_model.h"

#define DAY CX_MINUTES_PER_DAY

/* Counts by stage from the people records, and the stage counters agree. */
static void assert_counts(const cx_sim *S)
{
    uint32_t n[CXI_L_PRODUCTIVE + 1] = {0};
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) n[S->people[a].life]++;
    cr_assert_eq(n[CXI_L_RECRUITING], S->M.wf.n_recruiting);
    cr_assert_eq(n[CXI_L_CLASSROOM], S->M.wf.n_classroom);
    cr_assert_eq(n[CXI_L_NESTING], S->M.wf.n_nesting);
    cr_assert_eq(n[CXI_L_PRODUCTIVE], S->M.wf.n_productive);
}

static cx_sim *hiring_sim(int team)
{
    cx_params P;
    cxt_quiet(&P, 8, 1);
    P.on.hiring_delay = 1;
    P.agents = team;
    P.rate_per_min = 0.05;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S)); /* the opening team is hired */
    return S;
}

Test(hiring, opening_team_starts_nesting_then_turns_productive)
{
    cx_sim *S = hiring_sim(5);
    const cx_model_params *m = &S->P.m;
    cr_assert_eq(S->M.wf.n_nesting, 5u, "trained before go-live: on the floor, nesting");
    cr_assert_eq(S->T.hires, 5u);
    for (uint32_t a = 0; a < 5; a++) {
        cr_assert_float_eq(S->people[a].hired, -m->classroom_days * DAY, 1e-9, "tenure counts the classroom");
        cr_assert_float_eq(S->E.Q.agents[a].speed, 1 + m->nesting_slowdown, 1e-12);
    }
    /* recruiting, trainer and the paid classroom weeks, at hire */
    double each = m->recruit_cost + m->trainer_cost + m->wage_month * S->M.lever[CX_L_PAY_REL] * m->classroom_days / (365.25 / 12);
    cr_assert_float_eq(S->M.money.recruiting, 5 * each, 1e-6);
    cr_assert_eq(cx_sim_run_until(S, (m->nesting_days - 0.01) * DAY), 0);
    cr_assert_eq(S->M.wf.n_nesting, 5u);
    cr_assert_eq(cx_sim_run_until(S, m->nesting_days * DAY), 0);
    cr_assert_eq(S->M.wf.n_productive, 5u, "productive after exactly nesting_days");
    cr_assert_float_eq(S->E.Q.agents[0].speed, 1, 0);
    assert_counts(S);
    cx_sim_free(S);
}

/* n vacancies opened at 0: the vacancy takes Exp(vacancy_days); then
 * classroom_days in the classroom and nesting_days nesting. */
Test(hiring, stages_and_their_durations)
{
    const int n = 300;
    cx_sim *S = hiring_sim(1);
    const cx_model_params *m = &S->P.m;
    for (int i = 0; i < n; i++) cr_assert_eq(cxi_hire(S, 0, 0), 0);
    cr_assert_eq(S->M.wf.n_recruiting, (uint32_t)n);
    uint64_t hires0 = S->T.hires;
    double recruiting0 = S->M.money.recruiting;
    for (double d = 10; d <= 120; d += 10) {
        cr_assert_eq(cx_sim_run_until(S, d * DAY), 0, "%s", cx_sim_error(S));
        assert_counts(S);
        /* the stage of each joiner follows from when it joined */
        for (uint32_t a = 1; a < S->E.Q.n_agents; a++) {
            const cxi_person *ag = &S->people[a];
            if (ag->life == CXI_L_RECRUITING || ag->life == CXI_L_FREE) continue;
            double in = d - ag->hired / DAY;
            int want = in < m->classroom_days ? CXI_L_CLASSROOM
                       : in < m->classroom_days + m->nesting_days ? CXI_L_NESTING : CXI_L_PRODUCTIVE;
            cr_assert_eq(ag->life, want, "agent %u joined at day %.2f, stage %d at day %g", a, ag->hired / DAY, ag->life, d);
            cr_assert_float_eq(S->E.Q.agents[a].speed, ag->life == CXI_L_NESTING ? 1 + m->nesting_slowdown : 1.0, 1e-12);
        }
        /* still recruiting: binomial(n, exp(-d / vacancy_days)) */
        double p = exp(-d / m->vacancy_days), sd = sqrt(n * p * (1 - p));
        cr_expect(fabs(S->M.wf.n_recruiting - n * p) < 4 * sd + 1, "day %g: %u recruiting, expected %.1f", d,
                  S->M.wf.n_recruiting, n * p);
        /* a hire counts, is noted and pays recruiting and trainer when it joins */
        uint64_t joined = (uint64_t)n - S->M.wf.n_recruiting;
        cr_assert_eq(S->T.hires - hires0, joined);
        cr_assert_eq(cxt_notes(S, CX_N_HIRE), (int)joined);
        if (d * DAY < CX_MINUTES_PER_MONTH) /* the month end closes the books */
            cr_assert_float_eq(S->M.money.recruiting - recruiting0, joined * (m->recruit_cost + m->trainer_cost), 1e-6);
    }
    cx_sim_free(S);
}

Test(hiring, without_delay_a_hire_is_productive_at_once)
{
    cx_params P;
    cxt_quiet(&P, 8, 1);
    P.on.learning = 1;
    P.agents = 2;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0);
    cr_assert_eq(S->M.wf.n_productive, 2u);
    cr_assert_eq(cxi_hire(S, 0, 0), 0);
    cr_assert_eq(S->M.wf.n_productive, 3u);
    cr_assert_eq(S->M.wf.n_recruiting, 0u);
    assert_counts(S);
    cx_sim_free(S);
}

Test(hiring, a_quit_opens_a_vacancy_to_the_target)
{
    cx_sim *S = hiring_sim(4);
    cr_assert_eq(cxi_quit(S, 2, 1), 0);
    cr_assert_eq(S->M.wf.n_nesting, 3u);
    cr_assert_eq(S->M.wf.n_recruiting, 1u, "the quit is replaced by a vacancy");
    cr_assert_eq(S->T.leavers, 1u);
    cr_assert_eq(cxi_hiring_top_up(S), 0);
    cr_assert_eq(S->M.wf.n_recruiting, 1u, "at the target: no more vacancies");
    assert_counts(S);
    cx_sim_free(S);
}

Test(hiring, temps_are_productive_and_never_quit)
{
    cx_sim *S = hiring_sim(1);
    cr_assert_eq(cxi_hire(S, 1, 0), 0);
    cr_assert_eq(S->M.wf.n_temps, 1u);
    cr_assert_eq(S->people[1].life, CXI_L_PRODUCTIVE);
    cr_assert_float_eq(S->people[1].k, S->P.m.temps_knowledge, 0);
    cr_assert(isinf(S->people[1].exposure));
    cr_assert_eq(S->T.hires, 1u, "temps are not hires");
    cx_sim_free(S);
}
