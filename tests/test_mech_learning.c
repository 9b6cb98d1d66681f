/* Mechanism: learning (cx_learning): knowledge moves toward the ceiling by
 * a share per contact (1.5x for a complex one) and per day of training on
 * the floor; temps and the tenure mode do not learn this way. */
#include "cxt_model.h"

static cx_sim *learning_sim(void)
{
    cx_params P;
    cxt_quiet(&P, 22, 1);
    P.on.learning = 1;
    P.m.learning_tenure = 0;
    return cxt_new(&P);
}

static uint32_t agent(cx_sim *S, int life, double k)
{
    uint32_t a = cxi_agent_new(S);
    cr_assert_neq(a, CX_NONE);
    S->people[a].life = (uint8_t)life;
    S->people[a].k = k;
    return a;
}

Test(learning, per_contact_toward_the_ceiling)
{
    cx_sim *S = learning_sim();
    const cx_model_params *m = &S->P.m;
    uint32_t a = agent(S, CXI_L_PRODUCTIVE, 0.2);
    cxi_person *p = &S->people[a];
    double c = cxi_ceiling(S), k = 0.2;
    for (int i = 0; i < 100; i++) cxi_learn_contact(S, p, 0);
    k = c - (c - k) * pow(1 - m->learn_per_contact, 100);
    cr_assert_float_eq(p->k, k, 1e-12, "the gap to the ceiling shrinks geometrically");
    double before = p->k;
    cxi_learn_contact(S, p, 1);
    cr_assert_float_eq(p->k - before, 1.5 * m->learn_per_contact * (c - before), 1e-12, "a complex contact teaches more");
    /* a higher ceiling (a knowledge base) pulls further */
    S->M.know.ceiling = 1.0;
    before = p->k;
    cxi_learn_contact(S, p, 0);
    cr_assert_float_eq(p->k - before, m->learn_per_contact * (1 - before), 1e-12);
    cx_sim_free(S);
}

Test(learning, temps_and_the_tenure_mode_do_not_learn_per_contact)
{
    cx_sim *S = learning_sim();
    uint32_t a = agent(S, CXI_L_PRODUCTIVE, 0.3);
    cxi_person *t = &S->people[a];
    t->temp = 1;
    cxi_learn_contact(S, t, 0);
    cr_assert_float_eq(t->k, 0.3, 0);
    t->temp = 0;
    S->P.m.learning_tenure = 1;
    cxi_learn_contact(S, t, 0);
    cr_assert_float_eq(t->k, 0.3, 0);
    /* knowledge by tenure: 1 - exp(-tenure / tau) */
    double tau = S->P.m.tenure_tau_days;
    cr_assert_float_eq(cxi_tenure_knowledge(S, tau * CX_MINUTES_PER_DAY), 1 - exp(-1), 1e-12);
    cr_assert_float_eq(cxi_tenure_knowledge(S, 0), 0, 0);
    cx_sim_free(S);
}

Test(learning, training_days_on_the_floor_only)
{
    cx_sim *S = learning_sim();
    const cx_model_params *m = &S->P.m;
    S->M.lever[CX_L_TRAINING_HOURS] = 2 * m->training_ref_hours;
    uint32_t pr = agent(S, CXI_L_PRODUCTIVE, 0.1), ne = agent(S, CXI_L_NESTING, 0.1),
             cl = agent(S, CXI_L_CLASSROOM, 0.1), tp = agent(S, CXI_L_PRODUCTIVE, 0.1);
    S->people[tp].temp = 1;
    double c = cxi_ceiling(S), rate = fmin(1, m->learn_per_day * 2);
    for (int d = 0; d < 10; d++) cxi_learn_day(S);
    double want = c - (c - 0.1) * pow(1 - rate, 10);
    cr_assert_float_eq(S->people[pr].k, want, 1e-12);
    cr_assert_float_eq(S->people[ne].k, want, 1e-12, "nesting agents are coached too");
    cr_assert_float_eq(S->people[cl].k, 0.1, 0, "the classroom has its own step");
    cr_assert_float_eq(S->people[tp].k, 0.1, 0, "temps are not coached");
    S->M.lever[CX_L_TRAINING_HOURS] = 0;
    double k = S->people[pr].k;
    cxi_learn_day(S);
    cr_assert_float_eq(S->people[pr].k, k, 0, "no training, no daily learning");
    cx_sim_free(S);
}
