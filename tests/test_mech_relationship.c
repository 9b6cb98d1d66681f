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
    /* an open book adds half a step x openness */
    S->M.rel.trust = 0.5;
    S->M.lever[CX_L_TRANSPARENCY] = 1;
    S->M.last.q.service_level = 0.9;
    cxi_relationship_month(S);
    double t1 = 0.5 + m->trust_step * 0.5;
    cr_assert_float_eq(cxi_trust_level(S), t1 + m->trust_step * 0.5 * (1 - t1), 1e-12);
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
    cr_assert_eq(cxi_phase(S), -1, "no reading yet");
    cr_assert_eq(phase_at(S, 0.6), 2, "first reading: the phase trust has reached");
    cr_assert_eq(cxt_notes(S, CX_N_PHASE), 0, "the first reading is no change");
    /* up at 0.25 / 0.5 / 0.7; down only 0.03 below */
    cr_assert_eq(phase_at(S, 0.7), 3);
    cr_assert_eq(phase_at(S, 0.68), 3, "hysteresis: not down at 0.68");
    cr_assert_eq(phase_at(S, 0.669), 2);
    cr_assert_eq(phase_at(S, 0.69), 2, "hysteresis: not up again below 0.7");
    cr_assert_eq(phase_at(S, 0.48), 2);
    cr_assert_eq(phase_at(S, 0.46), 1);
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
