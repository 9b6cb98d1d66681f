/* cx_people: aptitude, outside offers and the poaching hazard (see cx_people.h). */
#include "cx_people.h"

#include <math.h>

#include "cxi.h"

double cxi_people_aptitude(cx_sim *S)
{
    const cx_model_params *m = &S->P.m;
    double z = cx_rng_normal(&S->rng[CX_STREAM_PEOPLE]); /* drawn whatever happens: the stream stays aligned */
    if (!S->P.on.people) return 1.0;
    double mean = 1.0 + m->hire_pay_slope * (S->M.lever[CX_L_PAY_REL] - 1.0);
    if (mean < 0.1) mean = 0.1;
    double sd = m->aptitude_sd;
    return mean * exp(sd * z - 0.5 * sd * sd);
}

double cxi_people_outside(const cx_sim *S, const cxi_person *ag)
{
    const cx_model_params *m = &S->P.m;
    if (!S->P.on.people) return 1.0;
    return 1.0 + m->outside_skill * (ag->apt - 1.0) + m->outside_knowledge * ag->k;
}

double cxi_people_poach_per_day(const cx_sim *S, const cxi_person *ag)
{
    if (!S->P.on.people || ag->temp) return 0;
    double gap = cxi_people_outside(S, ag) - S->M.lever[CX_L_PAY_REL];
    return gap > 0 ? S->P.m.poach_rate * gap / 365.25 : 0;
}

double cxi_people_applied(const cx_sim *S, const cxi_person *ag, double k)
{
    if (!S->P.on.people || !S->P.on.learning) return k;
    k *= ag->apt;
    return k < 1 ? k : 1;
}

double cxi_mean_aptitude(const cx_sim *S)
{
    double sum = 0;
    int n = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            sum += ag->apt;
            n++;
        }
    }
    return n ? sum / n : 0;
}
