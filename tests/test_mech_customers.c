/* Mechanism: customers (cx_customers): an issue's end turns intent into
 * churn with probability intent x intent_to_churn; other churn is replaced
 * by acquisition grown with demand. */
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
    double base = c0 * S->P.m.base_churn;
    cr_assert_float_eq(S->M.cust.customers, c0 + base * (pow(1.2, 1.0 / 12) - 1), 1e-6);
    cx_sim_free(S);
}
