/* cx_contract: the price, the term, rate negotiations, tenders and
 * transitions. See cx_contract.c. */
#ifndef CX_CONTRACT_H
#define CX_CONTRACT_H

#include "cx_policy.h"
#include "cx_calendar.h"
#include "cx_queue.h"
#include "cx_economics.h"

struct cx_sim;

#define CXI_SL_MONTHS 12      /* months of service level the contract remembers (tender) */

/* What a provider that opens its books presents when it refuses a rate cut:
 * the client's expected cost over a year of the cut funded from pay, from
 * the provider's books and the model's own estimate of a settled team. */
typedef struct cxi_cut_cost {
    double saving;            /* the cut x the trailing year's fees, $ a year */
    double pay_cut;           /* the pay cut (of pay_rel) that would fund it, as a fraction */
    double extra_quits;       /* more leavers a year at that pay (tenure hazard and poaching) */
    double hiring;            /* their replacement cost, $ (back in the price at the next term) */
    double fcr_drop;          /* first-contact resolution lost by a less experienced team */
    double contacts;          /* the repeat contacts it brings, billed, $ */
    double churn;             /* the customers it loses, at customers.value, $ */
    double cost;              /* hiring + contacts + churn, $ a year */
} cxi_cut_cost;

/* What the client can expect, with the books open, from its two answers to
 * a refused cut: a tender (the incumbent's bid against an entrant's, the
 * chance the work moves and what a move costs) or the shared savings the
 * provider proposes (what its settled team would save in contacts per
 * resolved issue). Per year, $; all 0 when nothing was presented. */
typedef struct cxi_outlook {
    double units;             /* billed units a year (the trailing year) */
    double market;            /* an entrant's central price, $ a unit */
    double bid;               /* the incumbent's bid, $ a unit */
    double p_move;            /* chance the work moves to the entrant */
    double price;             /* expected price after the tender, $ a unit */
    double tender;            /* (rate - price) x units - (RFP + p_move x transition) / term, $ a year */
    double projected;         /* savings the provider projects a year, whole (before the split), $ */
} cxi_outlook;

/* What the incumbent is shown when it bids at a tender (round 3); all 0
 * outside that call. $ per unit. */
typedef struct cxi_bid_view {
    double entrant;           /* a challenger's central price */
    double best;              /* the bid that maximises its expected margin against it (cxi_incumbent_price) */
    double floor;             /* its cost-plus floor */
} cxi_bid_view;

typedef struct cxi_contract {
    double rate;              /* price per unit */
    double provider_start;    /* time this provider took over */
    int contract_years;       /* anniversaries with this provider */
    double term_start;        /* start of the current term */
    double rate_asked;        /* rate change asked at the anniversary */
    int refused;              /* the provider refused it */
    cxi_cut_cost presented;   /* what it presented with its books open (0 when it did not) */
    cxi_outlook outlook;      /* ... and what a tender or shared savings would bring the client */
    double baseline_cpi;      /* contacts per issue when gain-share began */
    double passed_cost;       /* with shared savings: the provider's lowest cost per unit the rate was set against (0: none yet) */
    double cutover_at;        /* pending transition, 0 none */
    double next_rate;         /* the incoming provider's rate */
    double bid_levers[CX_L_COUNT]; /* the provider's levers as its policy started: how its kind bids */
    double sl_hist[CXI_SL_MONTHS]; /* service level of the recent months, by month % CXI_SL_MONTHS */
    /* the account's record across providers (an RFP's data, gain-share baselines) */
    double acct_completed[CXI_SL_MONTHS]; /* handled contacts, by month % CXI_SL_MONTHS */
    double acct_resolved[CXI_SL_MONTHS];  /* issues resolved, by a contact or in self-service */
    double acct_minutes[CXI_SL_MONTHS];   /* handled minutes */
    int acct_n;               /* months recorded */
    double gain_net;          /* gain-share paid under the current baseline, net of clawback, $ */
    double gain_last;         /* gain-share paid last month, $ */
    int round;                /* contract-year round being called (1, 2; 3 the incumbent's bid at a tender), 0 outside */
    double provider_ask;      /* increase the provider asked at this contract year */
    double granted;           /* share of it the client granted */
    cxi_bid_view bid;         /* the incumbent's view at a tender, during its round-3 call */
    double draw[2];           /* this anniversary's tender draws (an entrant's bid, the quality test), taken whether or not it tenders */
    int opening;              /* 1: hires now are the opening team (charged to set-up) */
    double opening_at;        /* ... made at this time */
    cxi_ledger books;         /* the current provider's own books */
} cxi_contract;


/* The cut `asked` (< 0) as the provider's books put it; 0 (all fields 0)
 * when there is nothing to present (no cut, no books). */
int cxi_cut_cost_of(const struct cx_sim *S, double asked, cxi_cut_cost *c);

/* The outlook of a tender and of shared savings, from the books and the
 * account's record (0 when there is no year of books). */
int cxi_outlook_of(const struct cx_sim *S, cxi_outlook *o);

/* The incumbent's bid at a tender: the price that maximises its expected
 * margin against an entrant bidding `market` x (1 +- spread), at most `cap`
 * (the current rate), never below `floor` (its cost-plus price). */
double cxi_incumbent_price(double cost, double floor, double market, double spread, double threshold, double cap);

int cxi_contract_month(struct cx_sim *S);
int cxi_contract_cutover(struct cx_sim *S);
int cxi_on_cutover(void *subject, const cx_event *ev);

#endif
