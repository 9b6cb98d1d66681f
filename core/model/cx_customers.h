/* cx_customers: the customer base. Each issue's end moves a customer's
 * intent to defect; some intent becomes churn. See cx_customers.c. */
#ifndef CX_CUSTOMERS_H
#define CX_CUSTOMERS_H

struct cx_sim;

typedef struct cxi_customers {
    double customers;         /* base now */
    double customers_month;   /* base at the month's start */
    double base_churned;      /* churn for other reasons this month */
    double reference;         /* the base had CX lost no one: the start grown with demand */
} cxi_customers;

void cxi_customers_init(struct cx_sim *S);
void cxi_customer_issue_end(struct cx_sim *S, double intent);
/* Defection intent at an issue's end: the outcome's (SQM) plus the effort it
 * cost, contacts beyond the second and minutes waited on the last one. */
double cxi_customer_intent(const struct cx_sim *S, double outcome, int attempt, double wait_min);
/* Share of the reference base still a customer: demand scales with it. */
double cxi_customer_share(const struct cx_sim *S);
void cxi_customers_month(struct cx_sim *S);

#endif
