/* cx_customers: the customer base. Each issue's end may turn defection intent
 * into churn (customers.intent_to_churn of the intent, an assumption); other
 * churn runs at customers.base_churn a month and is replaced by acquisition,
 * grown with demand, so the base moves only through what CX does. */
#include <math.h>

#include "cxi.h"

void cxi_customer_issue_end(cx_sim *S, double intent)
{
    if (!S->P.on.churn) return;
    if (cx_rng_uniform(&S->rng[CX_STREAM_CUSTOMERS]) < intent * S->P.m.intent_to_churn &&
        S->M.cust.customers >= 1) {
        S->T.churned++;
        S->M.cust.customers -= 1;
    }
}

void cxi_customers_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    double base = M->cust.customers_month * S->P.m.base_churn;
    double acquired = base * pow(1.0 + S->P.growth_per_year, 1.0 / 12.0);
    M->cust.base_churned = base;
    M->cust.customers += acquired - base;
}

void cxi_customers_init(cx_sim *S)
{
    S->M.cust.customers = S->M.cust.customers_month = S->P.m.customers;
}
