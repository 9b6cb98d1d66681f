/* cx_customers: the customer base. Each issue's end may turn defection intent
 * into churn (customers.intent_to_churn of the intent, an assumption); the
 * intent is the outcome's (SQM) plus the customer's effort: every contact
 * beyond the second and every minute waited (CEB's effort finding). Other
 * churn runs at customers.base_churn a month and is replaced by acquisition,
 * which also grows the base with demand, so the base departs from its
 * reference (the start grown with demand) only through what CX does; the
 * contacts customers make scale with that share (cx_demand). */
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

double cxi_customer_intent(const cx_sim *S, double outcome, int attempt, double wait_min)
{
    const cx_model_params *m = &S->P.m;
    double extra = attempt > 2 ? attempt - 2 : 0;
    double intent = outcome + m->intent_per_contact * extra + m->intent_per_wait_min * fmin(wait_min, m->intent_wait_cap_min);
    return intent < 1 ? intent : 1;
}

double cxi_customer_share(const cx_sim *S)
{
    const cxi_customers *C = &S->M.cust;
    if (!S->P.on.churn || C->reference <= 0) return 1;
    double s = C->customers / C->reference;
    return s < 1 ? s : 1;
}

void cxi_customers_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    double grow = pow(1.0 + S->P.growth_per_year, 1.0 / 12.0) - 1.0;
    double base = M->cust.customers_month * S->P.m.base_churn;
    M->cust.base_churned = base;
    M->cust.customers += M->cust.customers_month * grow; /* replaced, and grown with demand */
    M->cust.reference *= 1.0 + grow;
}

void cxi_customers_init(cx_sim *S)
{
    S->M.cust.customers = S->M.cust.customers_month = S->M.cust.reference = S->P.m.customers;
}
