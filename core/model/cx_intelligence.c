/* cx_intelligence: knowledgeable agents notice the defect behind the contacts
 * they handle (cx_outcome.c); whether the provider tells the client depends on
 * its transparency and on trust; a reported defect is fixed after the client's
 * fix lag, usually long before the client would have found it alone, and the
 * contacts it would have generated in between are avoided. A joint root-cause
 * analysis at an incident can surface what was not reported. */
#include <math.h>

#include "cxi.h"

int cxi_intelligence_notice(cx_sim *S, uint32_t d)
{
    S->M.dem.defects[d].noticed = 1;
    S->T.noticed++;
    return cxi_note(S, CX_N_DEFECT_NOTICED, d + 1, "agents noticed defect %u", d + 1);
}

/* The client schedules a fix `when` minutes from now, if that beats the
 * fix already planned. */
int cxi_intelligence_fix(cx_sim *S, uint32_t d, double when)
{
    cxi_defect *df = &S->M.dem.defects[d];
    double t = S->E.now + when;
    if (!df->open || t >= df->natural_fix) return 0;
    df->fix_seq = cx_engine_at(&S->E, t, S->M.ev.fix, d);
    return df->fix_seq ? 0 : -1;
}

static int report(cx_sim *S, uint32_t d, const char *how)
{
    cxi_model *M = &S->M;
    cxi_defect *df = &M->dem.defects[d];
    df->reported = 1;
    S->T.reported++;
    cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 1, 1, "defect reported");
    double lag = cx_rng_exp(&S->rng[CX_STREAM_INTELLIGENCE], M->lever[CX_L_FIX_DAYS]) * CX_MINUTES_PER_DAY;
    if (cxi_note(S, CX_N_DEFECT_REPORTED, d + 1, "defect %u reported to the client (%s)", d + 1, how))
        return -1;
    return cxi_intelligence_fix(S, d, lag);
}

/* At the monthly review the provider decides what it tells. */
void cxi_intelligence_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    double p = M->lever[CX_L_TRANSPARENCY] * (m->report_base + m->report_trust * cxi_trust_level(S));
    for (uint32_t d = 0; d < M->dem.n_defects; d++) {
        cxi_defect *df = &M->dem.defects[d];
        if (df->open && df->noticed && !df->reported &&
            cx_rng_uniform(&S->rng[CX_STREAM_INTELLIGENCE]) < p)
            report(S, d, "monthly review");
    }
}

/* An incident: joint root-cause analysis (the client's lever) or blame. */
int cxi_rca(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    if (M->lever[CX_L_JOINT_RCA] < 0.5) {
        cxi_trust_event(S, CXI_EVIDENCE_DEALING, 0, 1, "blame");
        return cxi_note(S, CX_N_BLAME, M->incident, "incident: the provider is blamed");
    }
    cxi_charge(S, CXI_COST_GOVERNANCE, m->rca_hours * m->governance_hour);
    double found_p = m->rca_find_base + m->rca_find_trust * cxi_trust_level(S);
    int found = cx_rng_uniform(&S->rng[CX_STREAM_INTELLIGENCE]) < found_p;
    int n = 0;
    if (found) {
        for (uint32_t d = 0; d < M->dem.n_defects; d++) {
            cxi_defect *df = &M->dem.defects[d];
            if (df->open && !df->reported) {
                df->told_by_rca = 1;
                df->noticed = 1;
                if (report(S, d, "joint root-cause analysis")) return -1;
                n++;
            }
        }
        cxi_knowledge_shared_analysis(S); /* the knowledge gap of a change is closed faster */
    }
    cxi_trust_event(S, CXI_EVIDENCE_DEALING, 1, found ? 1.0 : m->rca_empty_step, "joint analysis");
    if (!found) return cxi_note(S, CX_N_JOINT_RCA, 0, "joint root-cause analysis: no cause found");
    return cxi_note(S, CX_N_JOINT_RCA, n, "joint root-cause analysis: %d defect(s) surfaced", n);
}
