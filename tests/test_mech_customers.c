/* Mechanism: customers (cx_customers): an issue's end turns intent into
 * churn with probability intent x intent_to_churn; the intent grows with the
 * customer's effort; other churn is replaced by acquisition, which grows the
 * base with demand; contacts come only from customers still there. */
#include <string.h>

#include "cxt_model.h"

static cx_sim *customers_sim(int churn, double growth)
{
    cx_params P;
    cxt_quiet(&P, 9, 1);
    P.on.churn = churn;
    P.on.learning = 1;
    P.growth_per_year = growth;
    return cxt_new(&P);
}

Test(customers, churn_from_intent)
{
    cx_sim *S = customers_sim(1, 0);
    const int n = 40000;
    double intent = 0.5, p = intent * S->P.m.intent_to_churn;
    double before = S->M.cust.customers;
    for (int i = 0; i < n; i++) cxi_customer_issue_end(S, intent);
    double sd = sqrt(n * p * (1 - p));
    cr_assert(fabs((double)S->T.churned - n * p) < 4 * sd, "%llu churned of %d, expected %.0f",
              (unsigned long long)S->T.churned, n, n * p);
    cr_assert_float_eq(S->M.cust.customers, before - (double)S->T.churned, 1e-6, "each churn is one customer");
    uint64_t c = S->T.churned;
    for (int i = 0; i < 1000; i++) cxi_customer_issue_end(S, 0);
    cr_assert_eq(S->T.churned, c, "no intent, no churn");
    cx_sim_free(S);
}

Test(customers, off_no_churn_and_no_draws)
{
    cx_sim *S = customers_sim(0, 0);
    cx_rng before = S->rng[CX_STREAM_CUSTOMERS];
    for (int i = 0; i < 100; i++) cxi_customer_issue_end(S, 1);
    cr_assert_eq(S->T.churned, 0u);
    cr_assert_eq(memcmp(&before, &S->rng[CX_STREAM_CUSTOMERS], sizeof before), 0, "the stream is untouched");
    cx_sim_free(S);
}

Test(customers, a_lost_customer_needs_one_left)
{
    cx_sim *S = customers_sim(1, 0);
    S->M.cust.customers = 0.5;
    for (int i = 0; i < 100; i++) cxi_customer_issue_end(S, 1);
    cr_assert_eq(S->T.churned, 0u);
    cx_sim_free(S);
}

Test(customers, base_churn_replaced_with_growth)
{
    cx_sim *S = customers_sim(1, 0);
    double c0 = S->M.cust.customers;
    cxi_customers_month(S);
    cr_assert_float_eq(S->M.cust.base_churned, c0 * S->P.m.base_churn, 1e-9);
    cr_assert_float_eq(S->M.cust.customers, c0, 1e-6, "no growth: acquisition replaces other churn");
    cx_sim_free(S);
    S = customers_sim(1, 0.2);
    c0 = S->M.cust.customers;
    cxi_customers_month(S);
    cr_assert_float_eq(S->M.cust.customers, c0 * pow(1.2, 1.0 / 12), 1e-6, "the base grows with demand");
    cr_assert_float_eq(S->M.cust.reference, c0 * pow(1.2, 1.0 / 12), 1e-6);
    cr_assert_float_eq(cxi_customer_share(S), 1.0, 1e-12, "no one lost to CX");
    cx_sim_free(S);
}

Test(customers, effort_adds_intent)
{
    cx_sim *S = customers_sim(1, 0);
    const cx_model_params *m = &S->P.m;
    cr_assert_float_eq(cxi_customer_intent(S, 0.05, 1, 0), 0.05, 1e-12, "one contact, no wait: the outcome's intent");
    cr_assert_float_eq(cxi_customer_intent(S, 0.09, 2, 0), 0.09, 1e-12, "the second contact is in SQM's 9%");
    cr_assert_float_eq(cxi_customer_intent(S, 0.09, 4, 0), 0.09 + 2 * m->intent_per_contact, 1e-12);
    cr_assert_float_eq(cxi_customer_intent(S, 0.05, 1, 2.0), 0.05 + 2 * m->intent_per_wait_min, 1e-12);
    cr_assert_float_eq(cxi_customer_intent(S, 0.05, 1, 1e6), 0.05 + m->intent_wait_cap_min * m->intent_per_wait_min,
                       1e-12, "waiting counts up to the cap");
    cr_assert_leq(cxi_customer_intent(S, 0.9, 200, 1e6), 1.0, "intent is a probability");
    cx_sim_free(S);
}

Test(customers, lost_customers_make_no_contacts)
{
    cx_sim *S = customers_sim(1, 0);
    const int n = 40000;
    int in_full = 0, in_half = 0;
    uint32_t tag;
    for (int i = 0; i < n; i++) in_full += cxi_demand_admit(S, &tag);
    S->M.cust.customers = 0.5 * S->M.cust.reference;
    cr_assert_float_eq(cxi_customer_share(S), 0.5, 1e-12);
    for (int i = 0; i < n; i++) in_half += cxi_demand_admit(S, &tag);
    cr_assert_eq(in_full, n, "the whole base: every arrival is a contact");
    double sd = sqrt(n * 0.25);
    cr_assert(fabs(in_half - 0.5 * n) < 4 * sd, "half the base: %d of %d arrivals admitted", in_half, n);
    cx_sim_free(S);
}
