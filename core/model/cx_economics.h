/* cx_economics: money on both sides: the provider's costs as they are
 * incurred, the client's fees, penalties and gain-share at the month end,
 * and the bids. Costs are charged here by the mechanism that incurs them
 * (cxi_charge); only this mechanism reads and resets the month's money. */
#ifndef CX_ECONOMICS_H
#define CX_ECONOMICS_H

#include "cx_stats.h"
#include "cx_tally.h"

struct cx_sim;

/* Money over the month being simulated, $ (reset at each month end). */
typedef struct cxi_money {
    double wages;             /* agents, classroom and nesting included */
    double temps;             /* temporary staff */
    double training;          /* paid training and coaching hours */
    double recruiting;        /* recruiting and trainer cost of hires */
    double transition_client; /* client cost of provider changes */
    double transition_provider; /* set-up cost of a new provider */
    double governance;        /* client hours in reviews, analyses, tenders */
    double supervision;       /* supervisors */
    double tech;              /* technology, facilities, overhead */
} cxi_money;

/* A line of cxi_money. */
typedef enum cxi_cost {
    CXI_COST_RECRUITING,      /* recruiting and trainer cost of hires */
    CXI_COST_TRANSITION_CLIENT, /* the client's cost of a provider change */
    CXI_COST_TRANSITION_PROVIDER, /* a new provider's set-up */
    CXI_COST_GOVERNANCE       /* client hours in reviews, analyses, tenders */
} cxi_cost;

/* The month's money as the economics mechanism settled it, $. */
typedef struct cxi_books {
    double fees;              /* the month's volume at the rate */
    double penalties;         /* SLA penalties credited to the client */
    double gain;              /* gain-share paid to the provider */
    double governance;        /* the client's management time */
    double transition;        /* the client's cost of provider changes */
    double revenue;           /* the provider's: fees - penalties + gain */
    double cost;              /* the provider's cost */
    double churn_cost;        /* customer value lost to contact-driven churn */
    double client;            /* the client's cost of the month */
    double cash;              /* ... of which it pays: client less churn_cost */
    double cost_per_resolution; /* (fees - penalties + gain) / issues resolved */
} cxi_books;

/* Add `amount` $ to a line of this month's money. */
void cxi_charge(struct cx_sim *S, cxi_cost line, double amount);

void cxi_economics_day(struct cx_sim *S);
void cxi_economics_month(struct cx_sim *S, const cx_counts *c, const cx_tally *t, double sl, cxi_books *out);
double cxi_settled_knowledge(const struct cx_sim *S, double pay_rel, double training, double span);
double cxi_bid_rate(const struct cx_sim *S, double pay_rel, double training, double span, double margin,
                    double kb_invest);

#endif
