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

static double effective(const cx_sim *S, const cxi_person *ag, int complex)
{
    double k = S->P.m.learning_tenure && !ag->temp ? cxi_tenure_knowledge(S, S->E.now - ag->hired) : ag->k;
    k = cxi_people_applied(S, ag, k * cxi_keep(S));
    if (complex) {
        double w = S->P.m.complex_knowledge;
        k = k * (1.0 - w) + k * k * w;
    }
    return k;
}

double cxi_outcome_service_factor(void *ud, uint32_t a, const cx_contact *ct)
{
    cx_sim *S = ud;
    cxi_person *ag = &S->people[a];
    int complex = cxi_tag_complex(ct->tag);
    double k = effective(S, ag, complex);
    ag->ke = (float)k;
    double h = 1.0 + S->P.m.novice_slowdown * (1.0 - k);
    return complex ? h * S->P.m.complex_handle : h;
}

static int come_back(cx_sim *S, uint32_t tag, double mean_min)
{
    double t = S->E.now + cx_rng_exp(&S->rng[CX_STREAM_REPEATS], mean_min);
    uint32_t id = cxi_tag(cxi_tag_defect(tag), (unsigned)cxi_tag_complex(tag), (unsigned)cxi_tag_attempt(tag) + 1);
    return cxi_repeat_at(S, t, id);
}

int cxi_outcome_depart(void *ud, uint32_t a, const cx_contact *ct)
{
    cx_sim *S = ud;
    cxi_person *ag = &S->people[a];
    const cx_model_params *m = &S->P.m;
    cx_rng *r = &S->rng[CX_STREAM_OUTCOME];
    int complex = cxi_tag_complex(ct->tag), attempt = cxi_tag_attempt(ct->tag);
    uint32_t defect = cxi_tag_defect(ct->tag);
    double k = ag->ke;
    double fcr = m->fcr_novice + (m->fcr_expert - m->fcr_novice) * k;
    if (complex) fcr *= m->complex_fcr;
    int resolved = cx_rng_uniform(r) < fcr;
    S->T.first_completed += attempt == 1;
    double wait = ct->start - ct->arrive;
    double p = resolved ? (attempt == 1 ? m->csat_resolved + m->csat_knowledge * k : m->csat_repeat)
                        : m->csat_unresolved;
    p -= m->csat_wait_penalty * (wait < m->csat_wait_cap ? wait : m->csat_wait_cap);
    S->T.csat_top += cx_rng_uniform(r) < p;
    if (resolved) {
        S->T.resolved++;
        double intent = m->intent_repeat;
        if (attempt == 1) {
            S->T.resolved_first++;
            intent = m->intent_first;
        }
        S->T.revenue_saved += m->customer_value * m->intent_to_churn * (m->intent_unresolved - intent);
        cxi_customer_issue_end(S, cxi_customer_intent(S, intent, attempt, wait));
    } else if (S->P.on.repeats && attempt < m->max_attempts &&
               cx_rng_uniform(&S->rng[CX_STREAM_REPEATS]) < m->repeat_return) {
        if (come_back(S, ct->tag, m->repeat_mean_hours * 60.0)) return -1;
    } else {
        S->T.gave_up++;
        cxi_customer_issue_end(S, cxi_customer_intent(S, m->intent_unresolved, attempt, wait));
    }
    if (defect) {
        const cxi_defect *d = &S->M.dem.defects[defect - 1];
        double k2 = k * k;
        if (d->open && !d->noticed && cx_rng_uniform(r) < m->notice_expert * k2 * k2 &&
            cxi_intelligence_notice(S, defect - 1))
            return -1;
    }
    cxi_learn_contact(S, ag, complex);
    return 0;
}

int cxi_outcome_abandon(void *ud, const cx_contact *ct)
{
    cx_sim *S = ud;
    int attempt = cxi_tag_attempt(ct->tag);
    const cx_model_params *m = &S->P.m;
    if (S->P.on.repeats && attempt < m->max_attempts &&
        cx_rng_uniform(&S->rng[CX_STREAM_REPEATS]) < m->retry_abandoned)
        return come_back(S, ct->tag, m->retry_mean_min);
    S->T.gave_up++;
    cxi_customer_issue_end(S, cxi_customer_intent(S, m->intent_unresolved, attempt, S->E.now - ct->arrive));
    return 0;
}
