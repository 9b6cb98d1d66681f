/* Mechanism: workforce (cx_workforce): the roster puts the eligible on duty
 * to follow the need, the longest off coming on first and the longest on
 * going off first; a quit leaves the roster. */
#include "cxt_model.h"

static cx_sim *roster_sim(void)
{
    cx_params P;
    cxt_quiet(&P, 20, 1);
    P.on.schedules = 1;
    P.rate_per_min = 2.0;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    cr_assert_geq(cxi_headcount(S), 8u);
    return S;
}

/* A flat need of n agents, with the hours the team can cover (cover = 1). */
static void need(cx_sim *S, int n)
{
    for (int d = 0; d < 7; d++)
        for (int b = 0; b < CX_INTRADAY_BINS; b++) S->M.staff.required[d][b] = (uint16_t)n;
    S->M.staff.required_hours = cxi_headcount(S) * S->P.m.hours_per_week * (1 - S->P.m.shrinkage);
}

static int rostered(const cx_sim *S, uint32_t a) { return S->people[a].rostered; }

/* Change the need to n at time t and check who moved: those sent off had
 * been on at least as long as anyone kept on; those brought on had been off
 * at least as long as anyone left off. */
static void change(cx_sim *S, double t, int n)
{
    cr_assert_eq(cx_sim_run_until(S, t), 0);
    uint32_t N = S->E.Q.n_agents;
    double since[1024];
    uint8_t was[1024];
    cr_assert_leq(N, 1024u);
    for (uint32_t a = 0; a < N; a++) since[a] = S->people[a].duty_since, was[a] = S->people[a].rostered;
    need(S, n);
    cr_assert_eq(cxi_roster(S), 0);
    uint32_t want = (uint32_t)n < cxi_headcount(S) ? (uint32_t)n : cxi_headcount(S);
    cr_assert_eq(S->M.wf.n_rostered, want);
    /* on duty and not leaving (a busy agent sent off finishes its contact) */
    int staying = 0;
    for (uint32_t a = 0; a < N; a++) staying += S->E.Q.agents[a].state != CX_AGENT_OFF && !S->E.Q.agents[a].leaving;
    cr_assert_eq(staying, (int)want);
    uint32_t count = 0;
    for (uint32_t a = 0; a < N; a++) {
        count += rostered(S, a);
        if (S->people[a].life < CXI_L_NESTING) continue;
        for (uint32_t b = 0; b < N; b++) {
            if (S->people[b].life < CXI_L_NESTING) continue;
            if (was[a] && !rostered(S, a) && was[b] && rostered(S, b))
                cr_assert_leq(since[a], since[b], "agent %u went off before %u, on longer", a, b);
            if (!was[a] && rostered(S, a) && !was[b] && !rostered(S, b))
                cr_assert_leq(since[a], since[b], "agent %u came on before %u, off longer", a, b);
        }
    }
    cr_assert_eq(count, want);
}

Test(workforce, roster_follows_the_need_and_rotates)
{
    cx_sim *S = roster_sim();
    change(S, 2, 0);
    change(S, 4, 4);
    change(S, 6, 2);
    change(S, 8, 5);
    change(S, 10, 3);
    change(S, 12, 7);
    change(S, 14, 1000); /* never more than the eligible */
    cx_sim_free(S);
}

Test(workforce, short_of_hours_the_roster_scales_down)
{
    cx_sim *S = roster_sim();
    need(S, 6);
    S->M.staff.required_hours *= 2; /* the team covers half the hours needed */
    cr_assert_eq(cxi_roster(S), 0);
    cr_assert_eq(S->M.wf.n_rostered, 3u);
    cx_sim_free(S);
}

Test(workforce, a_quit_leaves_the_roster)
{
    cx_sim *S = roster_sim();
    need(S, 3);
    cr_assert_eq(cxi_roster(S), 0);
    uint32_t heads = cxi_headcount(S), q = 0;
    while (!rostered(S, q)) q++;
    uint64_t hires = S->T.hires;
    cr_assert_eq(cxi_quit(S, q, 1), 0);
    /* (an idle leaver's slot is released at once and may already hold its replacement) */
    cr_assert_eq(cxt_notes(S, CX_N_QUIT), 1);
    cr_assert_eq(S->T.leavers, 1u);
    /* without a hiring delay the replacement is there at once and the
     * roster is filled again straight away */
    cr_assert_eq(S->T.hires, hires + 1);
    cr_assert_eq(cxi_headcount(S), heads);
    cr_assert_eq(S->M.wf.n_rostered, 3u);
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
