/* cx_tally: the CX model's cumulative counters, beside the queue's (cx_counts). */
#ifndef CX_TALLY_H
#define CX_TALLY_H

#include <stdint.h>

/* Like cx_counts, these only ever grow; a period's figures are the
 * difference of two snapshots. Zero in the queue-only case. */
typedef struct cx_tally {
    uint64_t resolved;        /* completed contacts that resolved the issue */
    uint64_t resolved_first;  /* ... on the first contact */
    uint64_t first_completed; /* completed contacts that were an issue's first */
    uint64_t repeats;         /* arrivals that were an issue's second or later contact */
    uint64_t gave_up;         /* issues abandoned unresolved by the customer */
    uint64_t csat_top;        /* completed contacts rated top box */
    uint64_t deflected;       /* issues resolved in self-service (no contact) */
    uint64_t ss_sessions;     /* self-service tries, resolved or not */
    uint64_t ss_contacts;     /* arrivals that were a failed try's contact */
    uint64_t defect_contacts; /* arrivals caused by an open defect */
    uint64_t gone;            /* base arrivals of customers lost to CX: no contact made */
    uint64_t churned;         /* customers who defected after a contact outcome */
    uint64_t hires;           /* agents who joined (entered the classroom) */
    uint64_t proficient;      /* agents whose knowledge reached learning.proficient_k */
    double proficient_days;   /* ... the sum of their tenures then, days */
    uint64_t leavers;         /* agents who quit */
    double leaver_apt;        /* ... the sum of their aptitudes */
    uint64_t moved;           /* agents who left without quitting: redeployed, or replaced at a transition */
    uint64_t noticed;         /* defects noticed by agents */
    uint64_t reported;        /* defects reported to the client (insights) */
    uint64_t fixed;           /* defects fixed */
    double avoided;           /* contacts avoided by fixing defects early (expected) */
    double revenue_saved;     /* expected customer value kept by resolving issues, $ */
} cx_tally;

/* d = a - b, field by field. */
void cx_tally_diff(const cx_tally *a, const cx_tally *b, cx_tally *d);

#endif
