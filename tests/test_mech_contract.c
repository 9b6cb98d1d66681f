/* Mechanism: contract (cx_contract): a cutover replaces the team, resets
 * trust and the knowledge base, charges both sides and starts a new term;
 * a rate change asked at the anniversary and accepted. */
#include "cxt_model.h"

static cx_sim *contract_sim(double years)
{
    cx_params P;
    cxt_quiet(&P, 19, years);
    P.on.contract = P.on.trust = P.on.hiring_delay = P.on.forgetting = 1;
    P.agents = 6;
    P.rate_per_min = 0.5;
    return cxt_new(&P);
}

Test(contract, cutover_replaces_the_team_resets_trust_and_the_base)
{
    cx_sim *S = contract_sim(1);
    const cx_model_params *m = &S->P.m;
    cr_assert_eq(cx_sim_override(S, CX_L_TRAINING_HOURS, 9), 0); /* a held provider lever survives */
    cr_assert_eq(cx_sim_run_until(S, 40 * CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    cr_assert_eq(S->M.wf.n_productive, 6u);
    S->M.know.kb = 0.5;
    S->M.know.ceiling = 0.95;
    S->M.know.keep = 0.9;
    S->M.rel.trust = 0.8;
    S->M.lever[CX_L_PAY_REL] = 1.4;        /* the old provider's choice */
    S->M.lever[CX_L_SLA_TARGET] = 0.85;    /* the client's */
    S->M.con.next_rate = 3.21;
    S->M.con.contract_years = 2;
    S->M.con.baseline_cpi = 1.4;
    double recruiting = S->M.money.recruiting, opening = S->M.money.opening;
    uint64_t moved = S->T.moved, leavers = S->T.leavers;
    uint32_t old = S->M.wf.provider_id;
    cr_assert_eq(cxi_contract_cutover(S), 0, "%s", cx_sim_error(S));
    /* the whole team leaves without counting as attrition; a new one nests */
    cr_assert_eq(S->T.moved - moved, 6u);
    cr_assert_eq(S->T.leavers, leavers);
    cr_assert_eq(S->M.wf.n_productive, 0u);
    cr_assert_eq(S->M.wf.n_nesting, 6u);
    cr_assert_eq(S->M.wf.provider_id, old + 1);
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++)
        if (S->people[a].life != CXI_L_FREE) cr_assert_eq(S->people[a].provider, old + 1);
    /* the new provider's levers are reset before it hires: its team's
     * classroom weeks are paid at its pay (the default here), not the
     * outgoing provider's 1.4; the opening team is its set-up cost */
    double pay = cx_lever_info(CX_L_PAY_REL)->def;
    double per_hire = m->recruit_cost + m->trainer_cost + m->wage_month * pay * m->classroom_days / (365.25 / 12);
    cr_assert_float_eq(S->M.money.recruiting - recruiting, 6 * per_hire, 1e-6);
    cr_assert_float_eq(S->M.money.opening - opening, 6 * per_hire, 1e-6, "the opening team: set-up in its books");
    cr_assert_eq(S->M.con.books.n, 0, "the new provider keeps its own books");
    /* the account's knowledge base is lost; the product's change gap is not */
    cr_assert_float_eq(cxi_kb(S), 0, 0);
    cr_assert_float_eq(cxi_ceiling(S), m->ceiling_base, 0);
    cr_assert_float_eq(cxi_keep(S), 0.9, 0);
    cr_assert_float_eq(cxi_trust_level(S), m->trust_initial, 0, "a new relationship");
    /* a new term at the new rate */
    cr_assert_float_eq(S->M.con.rate, 3.21, 0);
    cr_assert_float_eq(S->M.con.provider_start, cx_sim_now(S), 0);
    cr_assert_eq(S->M.con.contract_years, 0);
    cr_assert_float_eq(S->M.con.baseline_cpi, 0, 0, "no gain-share, no baseline");
    cr_assert_float_eq(S->M.money.transition_client, m->transition_client, 1e-9);
    cr_assert_float_eq(S->M.money.transition_provider, m->transition_provider, 1e-9);
    /* the provider's levers start afresh unless held; the client's stay */
    cr_assert_float_eq(cx_sim_lever(S, CX_L_PAY_REL), cx_lever_info(CX_L_PAY_REL)->def, 0);
    cr_assert_float_eq(cx_sim_lever(S, CX_L_TRAINING_HOURS), 9, 0);
    cr_assert_float_eq(cx_sim_lever(S, CX_L_SLA_TARGET), 0.85, 0);
    cr_assert_eq(cxt_notes(S, CX_N_TRANSITION), 1);
    /* the run carries on with the new team */
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_assert_eq(S->M.wf.n_productive, 6u);
    cx_sim_free(S);
}

Test(contract, rate_cut_asked_at_the_anniversary_and_accepted, .timeout = 60)
{
    cx_sim *S = contract_sim(13.0 / 12);
    cr_assert_eq(cx_sim_override(S, CX_L_RATE_CHANGE, -0.1), 0);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    double r0 = cxt_col(S, 0, "rate"), r11 = cxt_col(S, 11, "rate"), r12 = cxt_col(S, 12, "rate");
    cr_assert_float_eq(r11, r0, 1e-12, "the rate holds through the first year");
    cr_assert_float_eq(r12, 0.9 * r0, 1e-9, "a 10%% cut from the anniversary");
    cr_assert_eq(cxt_notes(S, CX_N_RATE_CHANGE), 1);
    cr_assert_eq(S->M.con.contract_years, 1);
    cx_sim_free(S);
}

/* The open book's cost of a cut: nothing without a cut or books; the saving
 * is the cut times the trailing fees; a deeper cut needs a deeper pay cut,
 * loses more agents and resolution, and costs more; the parts add up. */
Test(contract, open_book_cost_of_a_cut, .timeout = 120)
{
    cx_params P;
    cxt_centre(&P, "cut", 23, 1, 1.0);
    cx_sim *S = cxt_new(&P);
    cxi_cut_cost c, d;
    cr_assert_eq(cxi_cut_cost_of(S, -0.05, &c), 0);
    cr_assert_float_eq(c.cost, 0, 0, "no books yet, nothing to present");
    cr_assert_eq(cx_sim_run_until(S, 9 * CX_MINUTES_PER_MONTH), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cxi_cut_cost_of(S, 0.05, &c), 0);
    cr_assert_float_eq(c.saving, 0, 0, "an increase is no cut");
    cr_assert_eq(cxi_cut_cost_of(S, -0.05, &c), 0);
    cr_assert_eq(cxi_cut_cost_of(S, -0.10, &d), 0);
    const cxi_ledger *L = &S->M.con.books;
    double fees = 0;
    for (int i = 0; i < L->n; i++) fees += L->m[i].revenue - L->m[i].gain;
    cr_assert_float_eq(c.saving, 0.05 * fees * 12.0 / L->n, 1e-6 * fees, "the cut x a year of fees");
    cr_assert_float_eq(d.saving, 2 * c.saving, 1e-6 * c.saving);
    cr_assert_gt(c.pay_cut, 0);
    cr_assert_gt(d.pay_cut, c.pay_cut);
    cr_assert_gt(c.extra_quits, 0);
    cr_assert_gt(d.extra_quits, c.extra_quits);
    cr_assert_gt(c.fcr_drop, 0);
    cr_assert_gt(d.fcr_drop, c.fcr_drop);
    cr_assert_float_eq(c.cost, c.hiring + c.contacts + c.churn, 1e-9 * c.cost);
    cr_assert_gt(d.cost, c.cost);
    cx_sim_free(S);
}
