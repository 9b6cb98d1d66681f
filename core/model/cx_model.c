/* cx_model: the CX model's life cycle and the order of the mechanisms.
 *
 * The month end is where the mechanisms meet: the month's row is closed
 * from the counters (every figure counted from events), then the
 * relationship, intelligence and knowledge base move, then the policies
 * decide (month, quarterly review, contract year, incident), and the
 * staffing rule plans the next month. Decisions never act on the month
 * already closed. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_erlang.h"
#include "cxi.h"

/* The daily tick: money, learning by training, attrition clocks. */
static int on_day(void *subject, const cx_event *ev)
{
    (void)ev;
    cx_sim *S = subject;
    cxi_economics_day(S);
    cxi_knowledge_day(S);
    cxi_learn_day(S);
    int rc = cxi_attrition_day(S);
    if (!rc && !cx_engine_at(&S->E, S->E.now + CX_MINUTES_PER_DAY, S->M.ev.day, 0)) rc = -1;
    return rc ? rc : cxi_over_limits(S);
}

/* ---- life cycle ---------------------------------------------------------- */

int cxi_model_init(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_params *P = &S->P;
    M->in_policy = -1;
    for (int l = 0; l < CX_L_COUNT; l++) M->lever[l] = cx_lever_info(l)->def;
    cxi_knowledge_init(S);
    M->occupancy = P->m.occupancy_start;
    cxi_relationship_init(S);
    cxi_customers_init(S);
    M->dem.complex_share = P->m.complex_share;
    M->staff.plan_gain = 1.0;
    if (cxi_workforce_init(S)) return -1;
    /* the model's event kinds, each handled by its mechanism */
    cx_engine *E = &S->E;
    cxi_kinds *ev = &M->ev;
    ev->repeat = cx_engine_action(E, cxi_on_repeat, S);
    ev->defect_arrival = cx_engine_action(E, cxi_on_defect_arrival, S);
    ev->interval = cx_engine_action(E, cxi_on_interval, S);
    ev->day = cx_engine_action(E, on_day, S);
    ev->quit = cx_engine_action(E, cxi_on_quit, S);
    ev->pipeline = cx_engine_action(E, cxi_on_pipeline, S);
    ev->defect = cx_engine_action(E, cxi_on_defect, S);
    ev->fix = cx_engine_action(E, cxi_on_fix, S);
    ev->change = cx_engine_action(E, cxi_on_change, S);
    ev->spike = cx_engine_action(E, cxi_on_spike, S);
    ev->cutover = cx_engine_action(E, cxi_on_cutover, S);
    if (ev->cutover == UINT32_MAX) return -1;
    /* the model's part in the contact flow */
    E->Q.hooks = (cx_queue_hooks){.ud = S,
                                  .admit = cxi_demand_admit,
                                  .service_factor = cxi_outcome_service_factor,
                                  .depart = cxi_outcome_depart,
                                  .abandon = cxi_outcome_abandon,
                                  .patience_always = 1};
    if (cxi_demand_init(S)) return -1;
    if (!cx_engine_at(&S->E, 0.0, S->M.ev.day, 0)) return -1;
    if (P->on.schedules && !cx_engine_at(&S->E, 0.0, S->M.ev.interval, 0)) return -1;
    return 0;
}

void cxi_model_free(cx_sim *S)
{
    cxi_model *M = &S->M;
    for (int s = 0; s < CX_SIDE_COUNT; s++) cxi_policy_release(&M->slot[s]);
    free(M->notes);
    cxi_history_free(S);
    cxi_workforce_free(S);
    cxi_demand_free(S);
}

int cxi_model_start(cx_sim *S)
{
    cxi_model *M = &S->M;
    M->started = 1;
    cxi_relationship_phase(S);
    for (int s = 0; s < CX_SIDE_COUNT; s++) {
        int rc = cxi_policy_start(S, s);
        if (rc) return rc;
    }
    if (!M->slot[CX_PROVIDER].pol) memcpy(M->con.bid_levers, M->lever, sizeof M->lever);
    int rc = cxi_staffing_plan(S);
    if (rc) return rc;
    /* the opening team: hired and trained before go-live */
    int team = S->P.on.schedules ? M->staff.target_headcount : S->P.agents;
    for (int i = 0; i < team; i++)
        if (cxi_hire(S, 0, 1)) return cxi_error(S, CX_ERR_NOMEM, "out of memory hiring the team");
    M->con.rate = cxi_bid_rate(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_TRAINING_HOURS],
                           M->lever[CX_L_SPAN], M->lever[CX_L_MARGIN_TARGET],
                           M->lever[CX_L_KB_INVEST]);
    M->con.provider_start = M->con.term_start = 0;
    return cxi_roster(S);
}

/* ---- the month end -------------------------------------------------------- */

int cxi_model_month(cx_sim *S, cx_period *p)
{
    if (!S->model) {
        cxi_month_row(S, p);
        return 0;
    }
    cxi_model *M = &S->M;

    /* the month's figures, its customers and its money; then the row */
    cxi_month_measure(S, p);
    cxi_customers_month(S);
    cxi_economics_month(S, &p->counts, &p->tally, M->last.q.service_level, &M->last.books);
    cxi_month_settle(S, p);
    cxi_month_row(S, p);
    M->cust.customers_month = M->cust.customers;
    M->occupancy = M->last.q.occupancy;

    /* what the month did to the relationship, the intelligence and the knowledge base */
    cxi_relationship_month(S);
    cxi_intelligence_month(S);
    cxi_knowledge_month(S);

    /* incidents: an SLA breach, or CSAT a clear step below its recent level */
    const cx_model_params *m = &S->P.m;
    double sl = M->last.q.service_level, csat = M->last.csat, w = m->incident_csat_weight;
    int breach = sl < M->lever[CX_L_SLA_TARGET];
    int drop = S->n_periods > (size_t)m->incident_after_months && csat < M->csat_ref - m->incident_csat_drop;
    M->incident = (breach ? 1 : 0) | (drop ? 2 : 0);
    M->csat_ref = S->n_periods == 1 ? csat : (1.0 - w) * M->csat_ref + w * csat;

    /* decisions (the month's keys kept first: a policy's history) */
    int rc;
    if ((rc = cxi_history_close(S))) return rc;
    for (int s = 0; s < CX_SIDE_COUNT; s++)
        if ((rc = cxi_call(S, s, CX_AT_MONTH))) return rc;
    if (S->n_periods % 3 == 0) {
        if (M->lever[CX_L_STRATEGIC_REVIEWS] >= 0.5) {
            cxi_charge(S, CXI_COST_GOVERNANCE, m->strategic_hours * m->governance_hour);
            M->reviews++;
            /* a strategic review in partnership launches a joint initiative */
            int joint = cxi_phase(S) >= 3;
            if (joint) cxi_knowledge_joint_initiative(S);
            cxi_note(S, CX_N_REVIEW, joint, joint ? "strategic review: joint initiative (knowledge base)"
                                                  : "strategic review");
        }
        for (int s = 0; s < CX_SIDE_COUNT; s++)
            if ((rc = cxi_call(S, s, CX_AT_REVIEW))) return rc;
    }
    if ((rc = cxi_contract_month(S))) return rc;
    if (M->incident) {
        if ((rc = cxi_call(S, CX_CLIENT, CX_AT_INCIDENT))) return rc;
        if ((rc = cxi_call(S, CX_PROVIDER, CX_AT_INCIDENT))) return rc;
        if ((rc = cxi_rca(S))) return rc;
    }
    cxi_relationship_phase(S);
    if ((rc = cxi_staffing_plan(S))) return rc;
    if ((rc = cxi_hiring_top_up(S))) return rc;
    /* the last month end: no decision point follows, so the instances go now
     * (a Lua policy's state is freed as soon as its run is over, not when
     * the run itself is freed after a whole set of replications) */
    if (S->E.now >= S->horizon)
        for (int s = 0; s < CX_SIDE_COUNT; s++) cxi_policy_release(&S->M.slot[s]);
    return 0;
}
