/* cx_economics: money on both sides: the provider's costs as they are
 * incurred, the client's fees, penalties and gain-share at the month end,
 * the provider's own books and the prices it quotes from them, and the bids.
 * Costs are charged here by the mechanism that incurs them (cxi_charge);
 * only this mechanism reads and resets the month's money. */
#ifndef CX_ECONOMICS_H
#define CX_ECONOMICS_H

#include "cx_stats.h"
#include "cx_tally.h"

struct cx_sim;
struct cxi_contract;

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
    double opening;           /* ... of recruiting: the opening team's (set-up in the provider's books) */
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
    double self_service;      /* the client's self-service sessions */
    double client;            /* the client's cost of the month */
    double cash;              /* ... of which it pays: client less churn_cost */
    double cost_per_resolution; /* (fees - penalties + gain) / issues resolved */
} cxi_books;

/* One month of a provider's own books on the account. */
typedef struct cxi_ledger_month {
    double labour;            /* wages, temps and training: the hours it paid, $ */
    double hiring;            /* recruiting, trainer and classroom cost of its replacements, $ */
    double overhead;          /* supervision, technology and facilities, $ */
    double invest;            /* its investments (knowledge base and tooling), $ */
    double setup;             /* one-off: set-up and the opening team's hiring, $ */
    double revenue;           /* fees - penalties + gain-share, $ */
    double gain;              /* ... of which gain-share (negative: clawback), $ */
    double units[3];          /* billable units by pricing: contacts, handled minutes, FTE hours */
} cxi_ledger_month;

#define CXI_LEDGER_MONTHS 24  /* months of books a provider keeps (two years: a growth trend) */

/* A provider's books on this account since it took over (reset at a cutover). */
typedef struct cxi_ledger {
    cxi_ledger_month m[CXI_LEDGER_MONTHS]; /* month k with this provider at k % CXI_LEDGER_MONTHS */
    int n;                    /* months closed with this provider */
    double setup;             /* one-off cost since it took over, $ */
    double margin_cum;        /* revenue - cost since it took over, $ */
} cxi_ledger;

/* What a provider reads from its books: the price it needs. */
typedef struct cxi_quote {
    int months;               /* months of books behind it (up to 12) */
    double units;             /* billable units a month over them */
    double forecast;          /* ... expected next year (trend of two years, else flat) */
    double handle_adj;        /* per-contact pricing: the last quarter's handle time / the last six months' */
    double cost_rate;         /* recurring cost per unit: its run rate at the forecast, $ */
    double recovery;          /* per unit: its loss on the account so far over the next term, $ */
    double price;             /* cost_rate x (1 + margin) + recovery, $ */
    double margin;            /* its margin over the months behind it */
    double gain;              /* gain-share over them, $ */
} cxi_quote;

/* The current provider's quote at `margin`: 0, or -1 when it has fewer
 * than `min_months` months of books (q is zeroed). */
int cxi_provider_quote(const struct cx_sim *S, double margin, int min_months, cxi_quote *q);
/* A new provider's bid for the account now: the cost-plus rule on what it
 * can know (the account's volume and handle time, a ramp) at its kind's levers. */
double cxi_market_bid(const struct cx_sim *S);

/* Sum of the account's last `n` recorded months (n <= its record). */
void cxi_account_sum(const struct cxi_contract *C, int n, double *completed, double *resolved, double *minutes);
/* The baseline a gain-share starting now is measured from (contacts per resolved issue). */
double cxi_gain_baseline(const struct cx_sim *S);
/* At a contract year: the baseline moves toward the trailing year's performance. */
void cxi_gain_rebase(struct cx_sim *S);

/* Add `amount` $ to a line of this month's money. */
void cxi_charge(struct cx_sim *S, cxi_cost line, double amount);

void cxi_economics_day(struct cx_sim *S);
void cxi_economics_month(struct cx_sim *S, const cx_counts *c, const cx_tally *t, double sl, cxi_books *out);
double cxi_settled_knowledge(const struct cx_sim *S, double pay_rel, double training, double span);
/* First-contact resolution of a team settled at knowledge k, over the
 * scenario's mix of simple and complex contacts. */
double cxi_settled_fcr(const struct cx_sim *S, double k);
double cxi_bid_rate(const struct cx_sim *S, double pay_rel, double training, double span, double margin,
                    double kb_invest);

#endif
