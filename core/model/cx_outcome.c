/* cx_outcome: what knowledge does to a contact. The agent's effective
 * knowledge (its own, aged by product changes, harder to apply to a complex
 * contact) sets the handle time, the chance to resolve the issue (FCR), the
 * chance of a top-box rating and the chance to notice the defect behind the
 * contact. An unresolved issue comes back as a repeat contact or ends with
 * the customer giving up; each issue's end moves the customer's intent to
 * defect (SQM: 5% after a first-contact resolution, 9% after 2+, 25%
 * unresolved). */
#include <math.h>

#include "cxi.h"

static double effective(const cx_sim *S, const cxi_agent *ag, int complex)
{
    double k = S->P.m.learning_tenure && !ag->temp ? cxi_tenure_knowledge(S, S->now - ag->hired) : ag->k;
    k *= S->M.keep;
    if (complex) {
        double w = S->P.m.complex_knowledge;
        k = k * (1.0 - w) + k * k * w;
    }
    return k;
}

double cxi_contact_speed(const cx_sim *S, const cxi_agent *ag, cxi_contact *ct)
{
    double k = effective(S, ag, ct->complex);
    ct->ke = (float)k;
    double h = 1.0 + S->P.m.novice_slowdown * (1.0 - k);
    return ct->complex ? h * S->P.m.complex_handle : h;
}

static int come_back(cx_sim *S, const cxi_contact *ct, double mean_min)
{
    double t = S->now + cx_rng_exp(&S->rng[CX_STREAM_REPEATS], mean_min);
    uint32_t id = cxi_repeat_id(ct->defect, ct->complex, (unsigned)ct->attempt + 1);
    return cx_calendar_push(&S->cal, t, CXI_EV_REPEAT, id) ? 0 : -1;
}

int cxi_outcome_depart(cx_sim *S, cxi_agent *ag, const cxi_contact *ct)
{
    const cx_model_params *m = &S->P.m;
    cx_rng *r = &S->rng[CX_STREAM_OUTCOME];
    double k = ct->ke;
    double fcr = m->fcr_novice + (m->fcr_expert - m->fcr_novice) * k;
    if (ct->complex) fcr *= m->complex_fcr;
    int resolved = cx_rng_uniform(r) < fcr;
    double wait = ct->start - ct->arrive;
    double p = resolved ? (ct->attempt == 1 ? m->csat_resolved + m->csat_knowledge * k : m->csat_repeat)
                        : m->csat_unresolved;
    p -= m->csat_wait_penalty * (wait < 5.0 ? wait : 5.0);
    S->c.csat_top += cx_rng_uniform(r) < p;
    if (resolved) {
        S->c.resolved++;
        double intent = m->intent_repeat;
        if (ct->attempt == 1) {
            S->c.resolved_first++;
            intent = m->intent_first;
        }
        S->c.revenue_saved += m->customer_value * m->intent_to_churn * (m->intent_unresolved - intent);
        cxi_customer_issue_end(S, intent);
    } else if (S->P.on.repeats && ct->attempt < m->max_attempts &&
               cx_rng_uniform(&S->rng[CX_STREAM_REPEATS]) < m->repeat_return) {
        if (come_back(S, ct, m->repeat_mean_hours * 60.0)) return -1;
    } else {
        S->c.gave_up++;
        cxi_customer_issue_end(S, m->intent_unresolved);
    }
    if (ct->defect) {
        const cxi_defect *d = &S->M.defects[ct->defect - 1];
        double k2 = k * k;
        if (d->open && !d->noticed && cx_rng_uniform(r) < m->notice_expert * k2 * k2 &&
            cxi_intelligence_notice(S, ct->defect - 1))
            return -1;
    }
    cxi_learn_contact(S, ag, ct->complex);
    return 0;
}

int cxi_outcome_abandon(cx_sim *S, const cxi_contact *ct)
{
    const cx_model_params *m = &S->P.m;
    if (S->P.on.repeats && ct->attempt < m->max_attempts &&
        cx_rng_uniform(&S->rng[CX_STREAM_REPEATS]) < m->retry_abandoned)
        return come_back(S, ct, m->retry_mean_min);
    S->c.gave_up++;
    cxi_customer_issue_end(S, m->intent_unresolved);
    return 0;
}
