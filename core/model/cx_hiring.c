/* cx_hiring: the pipeline from vacancy to productive agent. A vacancy takes
 * about 34 days to fill, the recruit spends about 4 weeks in the classroom
 * (paid, off the phones) and 2 weeks nesting on the floor at reduced
 * throughput (cinareo.com). Each hire costs recruiting and trainer money on
 * top of its wages; with the defaults a replacement costs about $10k-$15k
 * all told (Gartner: $14,113). Without the hiring delay a leaver's
 * replacement is productive at once (a check against theory). */
#include <math.h>

#include "cxi.h"

static int schedule_step(cx_sim *S, uint32_t a, double delay_days)
{
    S->people[a].pipe_seq = cx_engine_at(&S->E, S->E.now + delay_days * CX_MINUTES_PER_DAY,
                                             S->M.ev.pipeline, a);
    return S->people[a].pipe_seq ? 0 : -1;
}

/* Knowledge of someone joining now: near zero, plus what the base gives. */
static double start_knowledge(const cx_sim *S)
{
    return S->P.m.k_start + S->P.m.kb_start_boost * cxi_kb(S);
}

/* The agent enters the classroom (the start of its tenure). */
static int join(cx_sim *S, uint32_t a)
{
    cxi_model *M = &S->M;
    cxi_person *ag = &S->people[a];
    ag->life = CXI_L_CLASSROOM;
    ag->hired = S->E.now;
    ag->k = S->P.on.learning ? start_knowledge(S) : 1.0; /* no learning: everyone performs as an expert */
    M->wf.n_classroom++;
    S->T.hires++;
    cxi_charge(S, CXI_COST_RECRUITING, S->P.m.recruit_cost + S->P.m.trainer_cost);
    if (cxi_note(S, CX_N_HIRE, 0, "agent joined the classroom") || cxi_attrition_arm(S, a)) return -1;
    return schedule_step(S, a, S->P.m.classroom_days);
}

int cxi_hire(cx_sim *S, int temp, int ready)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    uint32_t a = cxi_agent_new(S);
    if (a == CX_NONE) return -1;
    cxi_person *ag = &S->people[a];
    ag->provider = M->wf.provider_id;
    ag->temp = (uint8_t)temp;
    ag->apt = temp ? 1.0f : (float)cxi_people_aptitude(S);
    if (temp) {
        ag->life = CXI_L_PRODUCTIVE;
        ag->k = m->temps_knowledge;
        M->wf.n_temps++;
        ag->exposure = INFINITY;
        return cxi_roster_join(S, a);
    }
    if (!S->P.on.hiring_delay) { /* replaced at once, ready to work */
        ag->life = CXI_L_PRODUCTIVE;
        ag->hired = S->E.now;
        ag->k = S->P.on.learning ? start_knowledge(S) + m->k_classroom : 1.0;
        M->wf.n_productive++;
        S->T.hires++;
        cxi_charge(S, CXI_COST_RECRUITING, m->recruit_cost + m->trainer_cost);
        if (cxi_roster_join(S, a)) return -1;
        return cxi_attrition_arm(S, a);
    }
    if (ready) { /* trained before go-live: starts nesting now */
        ag->life = CXI_L_NESTING;
        ag->hired = S->E.now - m->classroom_days * CX_MINUTES_PER_DAY;
        ag->k = (S->P.on.learning ? start_knowledge(S) + m->k_classroom : 1.0);
        S->E.Q.agents[a].speed = 1.0 + m->nesting_slowdown;
        M->wf.n_nesting++;
        S->T.hires++;
        /* its classroom weeks were paid before it came on the floor */
        cxi_charge(S, CXI_COST_RECRUITING, m->recruit_cost + m->trainer_cost +
                               m->wage_month * M->lever[CX_L_PAY_REL] * m->classroom_days / (365.25 / 12.0));
        if (cxi_roster_join(S, a) || cxi_attrition_arm(S, a)) return -1;
        return schedule_step(S, a, m->nesting_days);
    }
    ag->life = CXI_L_RECRUITING;
    M->wf.n_recruiting++;
    return schedule_step(S, a, cx_rng_exp(&S->rng[CX_STREAM_HIRING], m->vacancy_days));
}

int cxi_pipeline_step(cx_sim *S, uint32_t a)
{
    cxi_model *M = &S->M;
    cxi_person *ag = &S->people[a];
    ag->pipe_seq = 0;
    switch (ag->life) {
    case CXI_L_RECRUITING:
        M->wf.n_recruiting--;
        return join(S, a);
    case CXI_L_CLASSROOM:
        M->wf.n_classroom--;
        M->wf.n_nesting++;
        ag->life = CXI_L_NESTING;
        if (S->P.on.learning) ag->k += S->P.m.k_classroom;
        S->E.Q.agents[a].speed = 1.0 + S->P.m.nesting_slowdown;
        if (schedule_step(S, a, S->P.m.nesting_days) || cxi_roster_join(S, a)) return -1;
        return cxi_roster(S);
    case CXI_L_NESTING:
        M->wf.n_nesting--;
        M->wf.n_productive++;
        ag->life = CXI_L_PRODUCTIVE;
        S->E.Q.agents[a].speed = 1.0;
        return 0;
    default:
        return 0;
    }
}

/* The newest member of the team in `life` (or CX_NONE). */
static uint32_t newest(const cx_sim *S, int life)
{
    uint32_t best = CX_NONE;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if (ag->life == life && !ag->temp && (best == CX_NONE || ag->hired > S->people[best].hired))
            best = a;
    }
    return best;
}

/* Open vacancies until employed + pipeline reaches the staffing target.
 * Well above it (the team has learnt and needs fewer heads, or demand fell)
 * the provider first closes open vacancies, then redeploys its newest agents
 * to other accounts, so that with the month's quits the team shrinks by
 * at most staff.redeploy_max a month, and only from a month that met its
 * service aim (redeploying and hiring
 * back would make the headcount oscillate): they leave this one without
 * counting as attrition. */
int cxi_hiring_top_up(cx_sim *S)
{
    cxi_model *M = &S->M;
    if (M->con.cutover_at > 0) return 0; /* a new provider is about to take over */
    long have = (long)(M->wf.n_recruiting + M->wf.n_classroom + M->wf.n_nesting + M->wf.n_productive);
    long want = S->P.on.schedules ? M->staff.target_headcount : S->P.agents;
    long target = want;
    /* quits while a vacancy is filled and trained: hire them ahead (the
     * trailing attrition over the hiring lead), so the team on the floor,
     * not the team plus its pipeline, meets the plan */
    if (S->P.on.schedules && S->P.on.hiring_delay && S->n_periods > 0) {
        double lead_m = (S->P.m.vacancy_days + S->P.m.classroom_days) / (365.25 / 12.0);
        want += (long)ceil(M->last.attrition_annual / 12.0 * lead_m * cxi_headcount(S) - 1e-9);
    }
    for (long i = have; i < want; i++)
        if (cxi_hire(S, 0, 0)) return cxi_error(S, CX_ERR_NOMEM, "out of memory hiring");
    /* redeploy only from a comfortable month, well above the need */
    if (!S->P.on.schedules || S->n_periods == 0 || M->redeploy_month == S->n_periods ||
        M->last.q.service_level < M->lever[CX_L_STAFF_SL])
        return 0;
    long excess = have - (long)ceil(target * S->P.m.redeploy_above) - 1, moved = 0;
    if (excess <= 0) return 0;
    /* the team shrinks by at most redeploy_max a month, this month's quits included */
    long cap = (long)floor(S->P.m.redeploy_max * (double)cxi_headcount(S)) - (long)(S->T.leavers - S->t_period.leavers);
    M->redeploy_month = S->n_periods; /* once a month (quits call this too) */
    static const int order[] = {CXI_L_RECRUITING, CXI_L_NESTING, CXI_L_PRODUCTIVE};
    for (int k = 0; k < 3 && excess > 0; k++) {
        uint32_t a;
        while (excess > 0 && (order[k] == CXI_L_RECRUITING || moved < cap) && (a = newest(S, order[k])) != CX_NONE) {
            if (cxi_quit(S, a, 0)) return -1;
            excess--;
            moved += order[k] != CXI_L_RECRUITING;
        }
    }
    if (moved && cxi_note(S, CX_N_POLICY, (double)moved, "%ld agents redeployed to other accounts", moved))
        return -1;
    return 0;
}

/* An agent moves to its next lifecycle stage (stale unless pipe_seq matches). */
int cxi_on_pipeline(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    return S->people[ev->id].pipe_seq == ev->seq ? cxi_pipeline_step(S, ev->id) : 0;
}
