/* cx_relationship: trust between client and provider, and the phase read off it.
 *
 * Trust in [0,1] moves with experience (cxi_trust); only this mechanism
 * writes it. Phases (transactional, operational proof, transparency test,
 * partnership) are read off trust with a little hysteresis, never off the
 * calendar. */
#ifndef CX_RELATIONSHIP_H
#define CX_RELATIONSHIP_H

struct cx_sim;

typedef struct cxi_relationship {
    double trust;             /* 0-1 */
    int phase;                /* 0-3, -1 before the first reading */
} cxi_relationship;

void cxi_relationship_init(struct cx_sim *S);
double cxi_trust_level(const struct cx_sim *S);
int cxi_phase(const struct cx_sim *S);

/* Move trust by `step` (a share of the gap to 1 when positive, of trust
 * when negative); `why` names the experience. */
void cxi_trust(struct cx_sim *S, double step, const char *why);
/* A new provider: trust starts again from the initial level. */
void cxi_trust_restart(struct cx_sim *S);
/* The month's experience: the SLA met or missed, an open book. */
void cxi_relationship_month(struct cx_sim *S);
/* Read the phase off trust; notes a change (not the first reading). */
void cxi_relationship_phase(struct cx_sim *S);

#endif
