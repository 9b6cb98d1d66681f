/* cx_relationship: trust in [0,1] moves with experience. A success closes a
 * share of the gap to full trust; a breach takes away more (Slovic 1993: trust
 * is easier to destroy than to build; the ratio is relationship.asymmetry).
 * Phases (transactional, operational proof, transparency test, partnership)
 * are read off trust (cx_model.c), never off the calendar. */
#include "cxi.h"

void cxi_trust(cx_sim *S, double step, const char *why)
{
    (void)why;
    cxi_model *M = &S->M;
    if (step >= 0) M->trust += step * (1.0 - M->trust);
    else M->trust += step * M->trust;
    if (M->trust < 0) M->trust = 0;
    if (M->trust > 1) M->trust = 1;
}

/* The month's experience: the service level against the SLA, and whether the
 * provider runs an open book. */
void cxi_relationship_month(cx_sim *S)
{
    if (!S->P.on.trust) return;
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    double sl = M->last.q.service_level;
    if (sl >= M->lever[CX_L_SLA_TARGET]) cxi_trust(S, m->trust_step, "SLA met");
    else cxi_trust(S, -m->trust_step * m->trust_asymmetry, "SLA breach");
    double open = M->lever[CX_L_TRANSPARENCY];
    if (open >= 0.5) cxi_trust(S, m->trust_step * 0.5 * open, "open book");
}
