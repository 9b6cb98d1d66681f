/* Mechanism: knowledge (cx_knowledge): the base written by proficient
 * agents with the provider's spend and forgotten month by month, the product-change gap and its catch-up, the
 * reset at a transition. */
#include "cxt_model.h"

static cx_sim *knowledge_sim(int forgetting)
{
    cx_params P;
    cxt_quiet(&P, 3, 1);
    P.on.forgetting = forgetting;
    P.on.learning = 1; /* the model runs even without forgetting */
    return cxt_new(&P);
}

Test(knowledge, starts_empty_and_current)
{
    cx_sim *S = knowledge_sim(1);
    cr_assert_float_eq(cxi_kb(S), 0, 0);
    cr_assert_float_eq(cxi_keep(S), 1, 0);
    cr_assert_float_eq(cxi_ceiling(S), S->P.m.ceiling_base, 0);
    cx_sim_free(S);
}

/* kb' = kb x kept + (1 - kb x kept) x (1 - exp(-(spend / (scale x heads) +
 * capture) x proficient share)), with one head counted before anyone is
 * hired; without learning everyone counts as proficient. */
Test(knowledge, base_built_by_spending_and_forgotten_monthly)
{
    cx_sim *S = knowledge_sim(1);
    S->P.on.learning = 0;
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_KB_INVEST] = m->kb_invest_scale; /* one scale a head */
    double build = 1 - exp(-(1.0 + m->kb_capture)), kb = 0;
    for (int mo = 0; mo < 6; mo++) {
        cxi_knowledge_month(S);
        kb = kb * m->kb_kept_per_month + (1 - kb * m->kb_kept_per_month) * build;
        cr_assert_float_eq(cxi_kb(S), kb, 1e-12, "month %d", mo + 1);
        cr_assert_float_eq(cxi_ceiling(S), m->ceiling_base + (1 - m->ceiling_base) * kb, 1e-12);
    }
    /* the fixed point kb* = build / (1 - kept (1 - build)) */
    double fixed = build / (1 - m->kb_kept_per_month * (1 - build));
    for (int mo = 0; mo < 60; mo++) cxi_knowledge_month(S);
    cr_assert_float_eq(cxi_kb(S), fixed, 1e-9);
    /* spending and writing stop: kept^n of it remains */
    S->M.lever[CX_L_KB_INVEST] = 0;
    S->P.m.kb_capture = 0;
    for (int mo = 0; mo < 3; mo++) cxi_knowledge_month(S);
    cr_assert_float_eq(cxi_kb(S), fixed * pow(m->kb_kept_per_month, 3), 1e-12);
    cx_sim_free(S);
}

/* The base is written by the proficient: nobody proficient, nothing is
 * written whatever the spend; a quarter of the floor proficient, the effort
 * counts a quarter. */
Test(knowledge, written_by_the_proficient)
{
    cx_sim *S = knowledge_sim(1);
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_KB_INVEST] = 4 * m->kb_invest_scale;
    for (int i = 0; i < 4; i++) {
        uint32_t a = cxi_agent_new(S);
        cr_assert_neq(a, CX_NONE);
        S->people[a].life = CXI_L_PRODUCTIVE;
        S->M.wf.n_productive++;
    }
    cxi_knowledge_month(S);
    cr_assert_float_eq(cxi_kb(S), 0, 0, "novices write nothing");
    S->people[0].proficient = 1;
    cxi_knowledge_month(S);
    cr_assert_float_eq(cxi_kb(S), 1 - exp(-(1.0 + m->kb_capture) * 0.25), 1e-12, "one proficient agent of four");
    cx_sim_free(S);
}

Test(knowledge, without_forgetting_the_base_is_kept)
{
    cx_sim *S = knowledge_sim(0);
    S->M.know.kb = 0.6;
    for (int mo = 0; mo < 12; mo++) cxi_knowledge_month(S);
    cr_assert_float_eq(cxi_kb(S), 0.6, 1e-12, "no upkeep needed without forgetting");
    S->M.know.keep = 0.5;
    cxi_knowledge_day(S);
    cr_assert_float_eq(cxi_keep(S), 0.5, 0, "no catch-up without forgetting");
    cx_sim_free(S);
}

Test(knowledge, change_gap_and_daily_catch_up)
{
    cx_sim *S = knowledge_sim(1);
    const cx_model_params *m = &S->P.m;
    cxi_knowledge_change(S, 0);
    cr_assert_float_eq(cxi_keep(S), 1 - m->change_gap, 1e-12, "an untold change opens the full gap");
    cxi_knowledge_change(S, 1);
    cr_assert_float_eq(cxi_keep(S), (1 - m->change_gap) * (1 - m->change_told_gap), 1e-12, "gaps compound");
    cr_assert_lt(m->change_told_gap, m->change_gap, "telling before shipping narrows the gap");
    double gap = 1 - cxi_keep(S);
    int days = (int)ceil(m->relearn_days);
    for (int d = 0; d < days; d++) cxi_knowledge_day(S);
    cr_assert_float_eq(1 - cxi_keep(S), gap * exp(-days / m->relearn_days), 1e-12,
                       "the gap closes exponentially with relearn_days");
    gap = 1 - cxi_keep(S);
    cxi_knowledge_shared_analysis(S);
    cr_assert_float_eq(1 - cxi_keep(S), gap / 2, 1e-12, "a joint analysis closes half the gap");
    cx_sim_free(S);
}

Test(knowledge, transition_loses_the_base_not_the_gap)
{
    cx_sim *S = knowledge_sim(1);
    S->M.know.kb = 0.4;
    cxi_knowledge_joint_initiative(S);
    cr_assert_float_eq(cxi_kb(S), 0.4 + 0.6 * 0.1, 1e-12, "an initiative adds a tenth of what is missing");
    cxi_knowledge_month(S);
    cxi_knowledge_change(S, 0);
    double keep = cxi_keep(S);
    cxi_knowledge_transition(S);
    cr_assert_float_eq(cxi_kb(S), 0, 0);
    cr_assert_float_eq(cxi_ceiling(S), S->P.m.ceiling_base, 0);
    cr_assert_float_eq(cxi_keep(S), keep, 0, "the change gap is the product's, not the provider's");
    cx_sim_free(S);
}

/* Through a run: the kb column follows the rule month by month. */
Test(knowledge, kb_column_follows_the_rule_in_a_run)
{
    cx_params P;
    cxt_quiet(&P, 5, 0.5);
    P.on.forgetting = 1;
    P.agents = 4;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_override(S, CX_L_KB_INVEST, 2000), 0);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    double build = 1 - exp(-(2000 / (P.m.kb_invest_scale * 4) + P.m.kb_capture)), kb = 0, kept = P.m.kb_kept_per_month;
    for (size_t mo = 0; mo < cx_sim_periods(S); mo++) {
        double row_kb = cxt_col(S, mo, "kb");
        cr_assert_float_eq(row_kb, kb, 1e-9, "month %zu: the row shows the base the month ran with", mo + 1);
        kb = kb * kept + (1 - kb * kept) * build;
    }
    cr_assert_float_eq(cxi_kb(S), kb, 1e-9);
    cx_sim_free(S);
}
