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

typedef struct cxi_contract {
    double rate;              /* price per unit */
    double provider_start;    /* time this provider took over */
    int contract_years;       /* anniversaries with this provider */
    double term_start;        /* start of the current term */
    double rate_asked;        /* rate change asked at the anniversary */
    int refused;              /* the provider refused it */
    double baseline_cpi;      /* contacts per issue when gain-share began */
    double cutover_at;        /* pending transition, 0 none */
    double next_rate;         /* the incoming provider's rate */
    double bid_levers[CX_L_COUNT]; /* the provider's levers as its policy started: how its kind bids */
    double sl_hist[CXI_SL_MONTHS]; /* service level of the recent months, by month % CXI_SL_MONTHS */
    /* the account's record across providers (an RFP's data, gain-share baselines) */
    double acct_completed[CXI_SL_MONTHS]; /* handled contacts, by month % CXI_SL_MONTHS */
    double acct_resolved[CXI_SL_MONTHS];  /* issues resolved */
    double acct_minutes[CXI_SL_MONTHS];   /* handled minutes */
    int acct_n;               /* months recorded */
    double gain_net;          /* gain-share paid under the current baseline, net of clawback, $ */
    double gain_last;         /* gain-share paid last month, $ */
    int round;                /* contract-year round being called (1, 2), 0 outside */
    double provider_ask;      /* increase the provider asked at this contract year */
    double granted;           /* share of it the client granted */
    int opening;              /* 1: hires now are the opening team (charged to set-up) */
    double opening_at;        /* ... made at this time */
    cxi_ledger books;         /* the current provider's own books */
} cxi_contract;

int cxi_contract_month(struct cx_sim *S);
int cxi_contract_cutover(struct cx_sim *S);
int cxi_on_cutover(void *subject, const cx_event *ev);

#endif
