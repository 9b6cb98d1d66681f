/* cx_relationship: trust between client and provider, and the phase read off it.
 *
 * Trust in [0,1] moves with experiences both parties observe
 * (cxi_trust_event): the SLA met or missed each month, product changes
 * shared or not, defects reported, reported defects fixed, incidents solved
 * jointly or blamed, rate cuts taken, cuts refused and books opened in a
 * negotiation. No setting grants it. Only this mechanism writes it. Phases (transactional, operational proof, transparency test,
 * partnership) are read off trust with a little hysteresis, never off the
 * calendar. */
#ifndef CX_RELATIONSHIP_H
#define CX_RELATIONSHIP_H

struct cx_sim;

typedef struct cxi_relationship {
    double trust;             /* 0-1 */
    int phase;                /* 0-3, -1 before the first reading */
    int sla_run;              /* months in a row the SLA was met (operational proof) */
    int test_months;          /* months spent in the transparency test so far */
    int test_open;            /* openness seen in it: successes of CXI_EVIDENCE_OPENNESS */
} cxi_relationship;

/* What an experience is evidence of. */
typedef enum cxi_evidence {
    CXI_EVIDENCE_OPERATIONS,  /* the service delivered (the SLA) */
    CXI_EVIDENCE_OPENNESS,    /* sharing: defects reported and fixed, changes told, books opened */
    CXI_EVIDENCE_DEALING      /* how disputes go: rate cuts, refusals, blame, joint analyses */
} cxi_evidence;

void cxi_relationship_init(struct cx_sim *S);
double cxi_trust_level(const struct cx_sim *S);
int cxi_phase(const struct cx_sim *S);

/* Move trust by `step` (a share of the gap to 1 when positive, of trust
 * when negative); `why` names the experience. */
void cxi_trust(struct cx_sim *S, double step, const char *why);
/* An experience both parties observe: a success (good) closes
 * weight x relationship.trust_step of the gap to full trust, a breach takes
 * weight x trust_step x relationship.asymmetry of it (Slovic 1993); nothing
 * with mechanisms.trust off. */
void cxi_trust_event(struct cx_sim *S, cxi_evidence kind, int good, double weight, const char *why);
/* A new provider: trust starts again from the initial level. */
void cxi_trust_restart(struct cx_sim *S);
/* The month's experience: the SLA met or missed. */
void cxi_relationship_month(struct cx_sim *S);
/* Read the phase off trust and the evidence behind it; notes a change (not
 * the first reading). Operational proof gives way to the transparency test
 * when trust reaches relationship.phase_transparency after
 * relationship.proof_months months of SLA met in a row; the test gives way
 * to partnership when trust reaches relationship.phase_partnership after
 * relationship.test_months months in it with relationship.test_openness
 * experiences of openness. A phase is left when trust falls
 * relationship.phase_hysteresis below its threshold. */
void cxi_relationship_phase(struct cx_sim *S);

#endif
