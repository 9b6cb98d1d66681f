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

void cxi_trust_restart(cx_sim *S)
{
    cxi_relationship *R = &S->M.rel;
    R->trust = S->P.m.trust_initial;
    R->sla_run = R->test_months = R->test_open = 0; /* a new provider proves itself again */
}

void cxi_trust(cx_sim *S, double step, const char *why)
{
    (void)why;
    cxi_relationship *R = &S->M.rel;
    if (step >= 0) R->trust += step * (1.0 - R->trust);
    else R->trust += step * R->trust;
    if (R->trust < 0) R->trust = 0;
    if (R->trust > 1) R->trust = 1;
}

void cxi_trust_event(cx_sim *S, cxi_evidence kind, int good, double weight, const char *why)
{
    if (!S->P.on.trust || weight <= 0) return;
    const cx_model_params *m = &S->P.m;
    if (kind == CXI_EVIDENCE_OPENNESS && good) S->M.rel.test_open++;
    cxi_trust(S, good ? m->trust_step * weight : -m->trust_step * m->trust_asymmetry * weight, why);
}

/* The month's experience both parties see: the service level against the SLA. */
void cxi_relationship_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    int met = M->last.q.service_level >= M->lever[CX_L_SLA_TARGET];
    M->rel.sla_run = met ? M->rel.sla_run + 1 : 0;
    if (M->rel.phase == 2) M->rel.test_months++;
    cxi_trust_event(S, CXI_EVIDENCE_OPERATIONS, met, 1, "SLA met or missed");
}

/* Phase from trust, with a little hysteresis so a phase does not flicker. */
void cxi_relationship_phase(cx_sim *S)
{
    const cx_model_params *m = &S->P.m;
    const double up[4] = {0, m->phase_proof, m->phase_transparency, m->phase_partnership};
    cxi_relationship *M = &S->M.rel;
    int ph = M->phase < 0 ? 0 : M->phase;
    /* up, by trust and the evidence each step needs */
    while (ph < 3 && M->trust >= up[ph + 1]) {
        if (ph == 1 && M->sla_run < m->proof_months) break;
        if (ph == 2 && (M->test_months < m->test_months || M->test_open < m->test_openness)) break;
        ph++;
    }
    while (ph > 0 && M->trust < up[ph] - m->phase_hysteresis) ph--;
    if (M->phase < 0) {
        while (ph > 0 && M->trust < up[ph]) ph--;
    }
    if (ph == 2 && M->phase != 2) M->test_months = M->test_open = 0; /* the test starts */
    if (ph != M->phase) {
        if (M->phase >= 0 || S->n_periods > 0)
            cxi_note(S, CX_N_PHASE, ph, "relationship phase: %s (trust %.2f)", cx_phase_name(ph), M->trust);
        M->phase = ph;
    }
}
