/* cx_attrition: each agent quits when its integrated hazard passes an Exp(1)
 * draw made when it joined. The hazard is a two-phase retention curve in
 * tenure (many early leavers: FurstPerson) times proportional factors for pay
 * relative to the market (elasticity about 2.5: EPI), workload, supervision
 * span and engagement. With the factors at 1 an agent's employment period
 * follows the two-phase distribution exactly (tests/test_model.c checks the
 * long-run tenure distribution against renewal theory, Whitt 2006). The
 * factors are re-read once a day and the quit time inside the day is exact. */
#include <math.h>

#include "cxi.h"

/* -log of the two-phase survival function at `days` of tenure. */
double cxi_base_cumhaz(const cx_sim *S, double days)
{
    const cx_model_params *m = &S->P.m;
    double surv = m->early_share * exp(-days / m->early_mean_days) +
                  (1.0 - m->early_share) * exp(-days / m->late_mean_days);
    return surv > 0 ? -log(surv) : INFINITY;
}

double cxi_attrition_mult_for(const cx_sim *S, double pay_rel, double span, double training,
                              double occupancy)
{
    const cx_model_params *m = &S->P.m;
    double mult = pow(pay_rel, -m->quit_elasticity);
    if (occupancy > m->occupancy_ref) mult *= exp(m->occupancy_slope * (occupancy - m->occupancy_ref));
    if (span > m->span_ref) mult *= 1.0 + m->span_slope * (span - m->span_ref) / m->span_ref;
    double engagement = cxi_engagement(S, training, span);
    return mult * fmax(m->engagement_floor, 1.0 + m->engagement_effect * (m->engagement_neutral - engagement));
}

double cxi_attrition_mult(const cx_sim *S)
{
    const cxi_model *M = &S->M;
    return cxi_attrition_mult_for(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_SPAN],
                                  M->lever[CX_L_TRAINING_HOURS], M->occupancy);
}

/* Run agent a's hazard clock from where it stopped to time t_end: the
 * tenure curve times `mult`, plus its poaching hazard (cx_people), constant
 * over the stretch. */
static int advance(cx_sim *S, uint32_t a, double mult, double t_end)
{
    cxi_person *ag = &S->people[a];
    double x0 = ag->haz_days, x1 = (t_end - ag->hired) / CX_MINUTES_PER_DAY;
    if (x1 <= x0) return 0;
    double poach = cxi_people_poach_per_day(S, ag);
    double h0 = cxi_base_cumhaz(S, x0);
    double dh = mult * (cxi_base_cumhaz(S, x1) - h0) + poach * (x1 - x0);
    ag->haz_days = x1;
    if (dh < ag->exposure) {
        ag->exposure -= dh;
        return 0;
    }
    /* it quits before t_end: find when by bisection on the monotone hazard */
    double lo = x0, hi = x1;
    for (int i = 0; i < 50; i++) {
        double mid = 0.5 * (lo + hi);
        if (mult * (cxi_base_cumhaz(S, mid) - h0) + poach * (mid - x0) < ag->exposure) lo = mid;
        else hi = mid;
    }
    ag->exposure = 0;
    double t = ag->hired + hi * CX_MINUTES_PER_DAY;
    ag->quit_seq = cx_engine_at(&S->E, t > S->E.now ? t : S->E.now, S->M.ev.quit, a);
    return ag->quit_seq ? 0 : -1;
}

/* Arm a new agent's clock (its tenure starts at ag->hired, possibly in the
 * past for a team trained before go-live) and run it to the next daily tick. */
int cxi_attrition_arm(cx_sim *S, uint32_t a)
{
    cxi_person *ag = &S->people[a];
    ag->quit_seq = 0;
    ag->haz_days = (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
    if (!S->P.on.attrition || ag->temp) {
        ag->exposure = INFINITY;
        return 0;
    }
    ag->exposure = cx_rng_exp(&S->rng[CX_STREAM_ATTRITION], 1.0);
    double next_tick = ceil(S->E.now / CX_MINUTES_PER_DAY) * CX_MINUTES_PER_DAY;
    return advance(S, a, cxi_attrition_mult(S), next_tick);
}

int cxi_attrition_day(cx_sim *S)
{
    if (!S->P.on.attrition) return 0;
    double mult = cxi_attrition_mult(S);
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if (ag->life < CXI_L_CLASSROOM || ag->temp || ag->quit_seq || !isfinite(ag->exposure)) continue;
        if (advance(S, a, mult, S->E.now + CX_MINUTES_PER_DAY)) return -1;
    }
    return 0;
}
