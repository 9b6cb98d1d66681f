/* cx_knowledge: the knowledge base and the product-change gap (see cx_knowledge.h). */
#include "cx_knowledge.h"

#include <math.h>

#include "cxi.h"

void cxi_knowledge_init(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    K->keep = 1.0;
    K->kb = 0.0;
    K->ceiling = S->P.m.ceiling_base;
}

double cxi_kb(const cx_sim *S) { return S->M.know.kb; }
double cxi_keep(const cx_sim *S) { return S->M.know.keep; }
double cxi_ceiling(const cx_sim *S) { return S->M.know.ceiling; }

void cxi_knowledge_day(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    if (S->P.on.forgetting) /* catching up with the last product change */
        K->keep = 1.0 - (1.0 - K->keep) * exp(-1.0 / S->P.m.relearn_days);
}

/* Share of the employees on the floor who are proficient: the people who
 * can write the base. */
static double expert_share(const cx_sim *S)
{
    int n = 0, experts = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            n++;
            experts += ag->proficient;
        }
    }
    return n ? (double)experts / n : 0;
}

/* The base: kept at kb_kept_per_month, written by the proficient agents,
 * with the provider's spend paying for the time they write in. */
void cxi_knowledge_month(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    const cx_model_params *m = &S->P.m;
    double kept = S->P.on.forgetting ? m->kb_kept_per_month : 1.0;
    double heads = cxi_headcount(S) > 0 ? cxi_headcount(S) : 1;
    double effort = S->M.lever[CX_L_KB_INVEST] / (m->kb_invest_scale * heads) + m->kb_capture;
    double build = 1.0 - exp(-effort * (S->P.on.learning && !m->learning_tenure ? expert_share(S) : 1.0));
    K->kb = K->kb * kept + (1.0 - K->kb * kept) * build;
    if (K->kb > 1) K->kb = 1;
    K->ceiling = m->ceiling_base + (1.0 - m->ceiling_base) * K->kb;
}

double cxi_settled_kb(const cx_sim *S, double invest, double heads)
{
    const cx_model_params *m = &S->P.m;
    double kept = S->P.on.forgetting ? m->kb_kept_per_month : 1.0;
    double build = 1.0 - exp(-(invest / (m->kb_invest_scale * (heads > 0 ? heads : 1)) + m->kb_capture));
    double lost = 1.0 - kept + kept * build; /* K = K kept + (1 - K kept) build at K = build / lost */
    return lost > 0 ? fmin(1.0, build / lost) : 1.0;
}

double cxi_self_service_share(const cx_sim *S, double kb)
{
    const cx_model_params *m = &S->P.m;
    if (!S->P.on.self_service) return 0;
    return (1.0 - m->complex_share) * m->ss_preventable * m->ss_adoption * kb * m->ss_resolve;
}

void cxi_knowledge_change(cx_sim *S, int told)
{
    double gap = told ? S->P.m.change_told_gap : S->P.m.change_gap;
    S->M.know.keep *= 1.0 - gap;
}

void cxi_knowledge_shared_analysis(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    K->keep = 1.0 - S->P.m.rca_gap_closed * (1.0 - K->keep);
}

void cxi_knowledge_joint_initiative(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    K->kb += (1 - K->kb) * S->P.m.kb_joint_step;
}

void cxi_knowledge_transition(cx_sim *S)
{
    cxi_knowledge *K = &S->M.know;
    K->kb = 0; /* the new provider knows nothing of this account */
    K->ceiling = S->P.m.ceiling_base;
}
