/* cx_learning: an agent's knowledge grows with contacts handled and with
 * training, toward the ceiling the knowledge base raises (cx_knowledge).
 *
 * Calibration (MODEL.md): with the defaults a market-average agent reaches
 * knowledge 0.5 ("basic proficiency") about 13 weeks after joining and 0.9
 * ("full") after 8 to 12 months, and its month-1 handle time is about 1.9x its
 * month-12 one (efficiency 53%). tests/test_model.c checks all three. */
#include <math.h>

#include "cxi.h"

double cxi_tenure_knowledge(const cx_sim *S, double tenure)
{
    return 1.0 - exp(-tenure / (S->P.m.tenure_tau_days * CX_MINUTES_PER_DAY));
}

/* The first time an agent's knowledge reaches learning.proficient_k, its
 * tenure then is tallied: the simulated time to proficiency. */
static void check_proficient(cx_sim *S, cxi_person *ag)
{
    if (ag->proficient || ag->k < S->P.m.proficient_k) return;
    ag->proficient = 1;
    S->T.proficient++;
    S->T.proficient_days += (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
}

void cxi_learn_contact(cx_sim *S, cxi_person *ag, int complex)
{
    if (!S->P.on.learning || ag->temp || S->P.m.learning_tenure) return;
    double rate = S->P.m.learn_per_contact * (complex ? S->P.m.learn_complex : 1.0);
    if (S->P.on.people) rate *= ag->apt;
    ag->k += rate * (cxi_ceiling(S) - ag->k);
    check_proficient(S, ag);
}

/* Coaching and training, day by day, for agents on the floor. */
void cxi_learn_day(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    if (!S->P.on.learning || m->learning_tenure) return;
    double rate = m->learn_per_day * M->lever[CX_L_TRAINING_HOURS] / m->training_ref_hours;
    if (rate > 1) rate = 1;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        cxi_person *ag = &S->people[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            double r = S->P.on.people ? fmin(1.0, rate * ag->apt) : rate;
            ag->k += r * (cxi_ceiling(S) - ag->k);
            check_proficient(S, ag);
        }
    }
}

/* Engagement from coaching time and a workable supervision span (an
 * assumption: attrition.engagement_base with neither, 1 with
 * attrition.engagement_hours a month and a span of engagement_span_best). */
double cxi_engagement(const cx_sim *S, double training, double span)
{
    const cx_model_params *m = &S->P.m;
    double worst = m->engagement_span_worst, width = worst - m->engagement_span_best;
    double t = fmin(1, fmax(0, training / m->engagement_hours)), s = fmin(1, fmax(0, (worst - span) / width));
    return m->engagement_base + m->engagement_training * t + m->engagement_span * s;
}
