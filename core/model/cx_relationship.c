/* cx_relationship: trust in [0,1] moves with experience. A success closes a
 * share of the gap to full trust; a breach takes away more (Slovic 1993: trust
 * is easier to destroy than to build; the ratio is relationship.asymmetry).
 * Phases (transactional, operational proof, transparency test, partnership)
 * are read off trust, never off the calendar. */
#include "cx_relationship.h"

#include "cxi.h"

void cxi_relationship_init(cx_sim *S)
{
    S->M.rel.trust = S->P.m.trust_initial;
    S->M.rel.phase = -1;
}

double cxi_trust_level(const cx_sim *S) { return S->M.rel.trust; }
int cxi_phase(const cx_sim *S) { return S->M.rel.phase; }

void cxi_trust_restart(cx_sim *S) { S->M.rel.trust = S->P.m.trust_initial; }

void cxi_trust(cx_sim *S, double step, const char *why)
{
    (void)why;
    cxi_relationship *R = &S->M.rel;
    if (step >= 0) R->trust += step * (1.0 - R->trust);
    else R->trust += step * R->trust;
    if (R->trust < 0) R->trust = 0;
    if (R->trust > 1) R->trust = 1;
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
    if (open >= m->open_book_at) cxi_trust(S, m->trust_step * m->open_book_step * open, "open book");
}

/* Phase from trust, with a little hysteresis so a phase does not flicker. */
void cxi_relationship_phase(cx_sim *S)
{
    const cx_model_params *m = &S->P.m;
    const double up[4] = {0, m->phase_proof, m->phase_transparency, m->phase_partnership};
    cxi_relationship *M = &S->M.rel;
    int ph = M->phase < 0 ? 0 : M->phase;
    while (ph < 3 && M->trust >= up[ph + 1]) ph++;
    while (ph > 0 && M->trust < up[ph] - m->phase_hysteresis) ph--;
    if (M->phase < 0) {
        while (ph > 0 && M->trust < up[ph]) ph--;
    }
    if (ph != M->phase) {
        if (M->phase >= 0 || S->n_periods > 0)
            cxi_note(S, CX_N_PHASE, ph, "relationship phase: %s (trust %.2f)", cx_phase_name(ph), M->trust);
        M->phase = ph;
    }
}
