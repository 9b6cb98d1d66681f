/* Mechanism: relationship (cx_relationship): trust moves with experience,
 * losses weigh more than gains, and the phase is read off trust with
 * hysteresis. */
#include "cxt_model.h"

static cx_sim *trust_sim(void)
{
    cx_params P;
    cxt_quiet(&P, 4, 1);
    P.on.trust = 1;
    return cxt_new(&P);
}

Test(relationship, steps_close_the_gap_or_take_a_share)
{
    cx_sim *S = trust_sim();
    cr_assert_float_eq(cxi_trust_level(S), S->P.m.trust_initial, 0);
    S->M.rel.trust = 0.4;
    cxi_trust(S, 0.1, "test");
    cr_assert_float_eq(cxi_trust_level(S), 0.4 + 0.1 * 0.6, 1e-12);
    cxi_trust(S, -0.5, "test");
    cr_assert_float_eq(cxi_trust_level(S), 0.46 * 0.5, 1e-12);
    cxi_trust(S, -2, "test");
    cr_assert_float_eq(cxi_trust_level(S), 0, 0, "never below 0");
    cxi_trust(S, 2, "test");
    cr_assert_float_eq(cxi_trust_level(S), 1, 0, "never above 1");
    S->M.rel.trust = 0.9;
    cxi_trust_restart(S);
    cr_assert_float_eq(cxi_trust_level(S), S->P.m.trust_initial, 0);
    cx_sim_free(S);
}

/* A month meeting the SLA and one missing it: the miss costs asymmetry x the
 * step (of trust), the success gains the step (of the gap). */
Test(relationship, breach_weighs_more_than_success)
{
    cx_sim *S = trust_sim();
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_TRANSPARENCY] = 0;
    S->M.lever[CX_L_SLA_TARGET] = 0.8;
    S->M.rel.trust = 0.5;
    S->M.last.q.service_level = 0.8;
    cxi_relationship_month(S);
    double up = cxi_trust_level(S) - 0.5;
    cr_assert_float_eq(up, m->trust_step * 0.5, 1e-12, "met: a step of the gap");
    S->M.rel.trust = 0.5;
    S->M.last.q.service_level = 0.79;
    cxi_relationship_month(S);
    double down = 0.5 - cxi_trust_level(S);
    cr_assert_float_eq(down, m->trust_step * m->trust_asymmetry * 0.5, 1e-12, "missed: asymmetry x a step of trust");
    cr_assert_gt(down, up);
    cr_assert_float_eq(down / up, m->trust_asymmetry, 1e-9);
    /* no setting grants trust: full transparency adds nothing by itself */
    S->M.rel.trust = 0.5;
    S->M.lever[CX_L_TRANSPARENCY] = 1;
    S->M.last.q.service_level = 0.9;
    cxi_relationship_month(S);
    cr_assert_float_eq(cxi_trust_level(S), 0.5 + m->trust_step * 0.5, 1e-12, "only the SLA met");
    /* an event's weight scales its step; openness is counted for the test */
    S->M.rel.trust = 0.5;
    int open0 = S->M.rel.test_open;
    cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 1, 2, "books opened");
    cr_assert_float_eq(cxi_trust_level(S), 0.5 + 2 * m->trust_step * 0.5, 1e-12);
    cr_assert_eq(S->M.rel.test_open, open0 + 1);
    cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 0, 1, "change not shared");
    cr_assert_eq(S->M.rel.test_open, open0 + 1, "a breach is no openness");
    cx_sim_free(S);
}

Test(relationship, trust_off_stays_put)
{
    cx_params P;
    cxt_quiet(&P, 4, 1);
    P.on.learning = 1;
    cx_sim *S = cxt_new(&P);
    S->M.last.q.service_level = 0.1;
    cxi_relationship_month(S);
    cr_assert_float_eq(cxi_trust_level(S), P.m.trust_initial, 0);
    cx_sim_free(S);
}

static int phase_at(cx_sim *S, double trust)
{
    S->M.rel.trust = trust;
    cxi_relationship_phase(S);
    return cxi_phase(S);
}

Test(relationship, phase_thresholds_with_hysteresis)
{
    cx_sim *S = trust_sim();
    S->P.m.proof_months = S->P.m.test_months = S->P.m.test_openness = 0; /* thresholds only */
    cr_assert_eq(cxi_phase(S), -1, "no reading yet");
    cr_assert_eq(phase_at(S, 0.5), 2, "first reading: the phase trust has reached");
    cr_assert_eq(cxt_notes(S, CX_N_PHASE), 0, "the first reading is no change");
    /* up at 0.25 / 0.45 / 0.6; down only 0.08 below */
    cr_assert_eq(phase_at(S, 0.6), 3);
    cr_assert_eq(phase_at(S, 0.53), 3, "hysteresis: not down at 0.53");
    cr_assert_eq(phase_at(S, 0.519), 2);
    cr_assert_eq(phase_at(S, 0.59), 2, "hysteresis: not up again below 0.6");
    cr_assert_eq(phase_at(S, 0.38), 2);
    cr_assert_eq(phase_at(S, 0.36), 1);
    cr_assert_eq(phase_at(S, 0.1), 0, "a collapse drops several phases at once");
    cr_assert_eq(phase_at(S, 0.95), 3, "and a jump climbs several");
    cr_assert_eq(cxt_notes(S, CX_N_PHASE), 5, "each change is noted");
    const cx_note *n = cx_sim_note(S, cx_sim_notes(S) - 1);
    cr_assert_float_eq(n->value, 3, 0);
    cx_sim_free(S);
}

Test(relationship, first_reading_uses_the_plain_thresholds)
{
    cx_sim *S = trust_sim();
    cr_assert_eq(phase_at(S, 0.49), 1, "0.49 is below 0.5 on a first reading");
    cx_sim_free(S);
    S = trust_sim();
    cr_assert_eq(phase_at(S, 0.2), 0);
    cx_sim_free(S);
}

/* Trust alone does not move a relationship on: the transparency test needs
 * proof_months of SLA met in a row, partnership test_months in the test
 * with test_openness experiences of openness. */
Test(relationship, phases_need_their_evidence)
{
    cx_sim *S = trust_sim();
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_SLA_TARGET] = 0.8;
    cr_assert_eq(phase_at(S, 0.3), 1);
    cr_assert_eq(phase_at(S, 0.99), 1, "full trust but no record yet: still operational proof");
    int months = 0;
    for (; months < 24 && cxi_phase(S) < 2; months++) {
        S->M.last.q.service_level = months == 2 ? 0.5 : 0.9; /* one miss restarts the count */
        cxi_relationship_month(S);
        phase_at(S, 0.99);
    }
    cr_assert_eq(months, 3 + (int)m->proof_months, "the proof ends %d months after the miss, took %d", (int)m->proof_months,
                 months);
    for (months = 0; months < 24 && cxi_phase(S) < 3; months++) {
        S->M.last.q.service_level = 0.9;
        cxi_relationship_month(S);
        phase_at(S, 0.99);
    }
    cr_assert_eq(cxi_phase(S), 2, "months in the test without openness are not enough");
    for (int i = 0; i < (int)m->test_openness; i++) cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 1, 1, "defect reported");
    cr_assert_eq(phase_at(S, 0.99), 3, "with openness shown, partnership");
    cx_sim_free(S);
}
