/* cx_contract: the contract's calendar. At each anniversary with the current
 * provider the client may ask for a rate change; the provider accepts or
 * refuses, and after a refusal the client decides again (adopt shared savings,
 * tender, or let it be). At the end of a term the client renews or tenders.
 * A tender pits the incumbent's rate against competing bids (a market
 * provider's cost-plus bid, spread by contract.bid_spread); the incumbent also
 * loses with a chance that grows with its service-level shortfall (Deloitte:
 * 71% of terminations cite low service quality). A lost tender is a
 * transition: the new provider's team is recruited and trained now, and at
 * cutover replaces the whole old team, with no account knowledge, a new
 * relationship and set-up costs on both sides. */
#include <math.h>

#include "cxi.h"

/* the quality test may average up to contract.quality_months (at most 12) months */
_Static_assert(CXI_SL_MONTHS >= 12, "contract.quality_months reaches back 12 months");

static int tender(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    cx_rng *r = &S->rng[CX_STREAM_CONTRACT];
    cxi_charge(S, CXI_COST_GOVERNANCE, m->rfp_cost);
    /* competitors of the provider's kind bid as it did when it started */
    const double *b = M->con.bid_levers;
    double market = cxi_bid_rate(S, b[CX_L_PAY_REL], b[CX_L_TRAINING_HOURS], b[CX_L_SPAN],
                                 b[CX_L_MARGIN_TARGET], b[CX_L_KB_INVEST]) *
                    (1.0 + m->bid_spread * (2.0 * cx_rng_uniform(r) - 1.0));
    double incumbent = M->con.rate * m->incumbent_bid;
    double sl = 0;
    int n = S->n_periods < (size_t)m->quality_months ? (int)S->n_periods : m->quality_months;
    for (int i = 0; i < n; i++) sl += M->con.sl_hist[(S->n_periods - 1 - (size_t)i) % CXI_SL_MONTHS];
    sl = n ? sl / n : 1;
    double shortfall = fmax(0, M->lever[CX_L_SLA_TARGET] - sl) * 100.0;
    int lose = market < incumbent * (1.0 - m->switch_threshold) ||
               cx_rng_uniform(r) < m->quality_rebid * shortfall;
    if (!lose) {
        M->con.rate = incumbent;
        M->con.term_start = S->E.now;
        return cxi_note(S, CX_N_RENEWAL, incumbent, "tender won by the incumbent at $%.3f", incumbent);
    }
    /* a new provider: its team is recruited and trained before cutover */
    M->con.cutover_at = S->E.now + m->classroom_days * CX_MINUTES_PER_DAY;
    M->con.next_rate = market;
    if (!cx_engine_at(&S->E, M->con.cutover_at, S->M.ev.cutover, 0)) return -1;
    return cxi_note(S, CX_N_REBID, market, "tender lost: a new provider at $%.3f takes over in %.0f days",
                    market, m->classroom_days);
}

int cxi_contract_cutover(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    uint32_t old = M->wf.provider_id;
    M->wf.provider_id++;
    M->con.cutover_at = 0;
    int team = S->P.on.schedules ? M->staff.target_headcount : S->P.agents;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++)
        if (S->people[a].life != CXI_L_FREE && S->people[a].provider == old && cxi_quit(S, a, 0))
            return -1;
    cxi_knowledge_transition(S);
    for (int i = 0; i < team; i++)
        if (cxi_hire(S, 0, 1)) return -1;
    cxi_charge(S, CXI_COST_TRANSITION_CLIENT, m->transition_client);
    cxi_charge(S, CXI_COST_TRANSITION_PROVIDER, m->transition_provider);
    cxi_trust_restart(S);
    M->con.provider_start = M->con.term_start = S->E.now;
    M->con.contract_years = 0;
    M->con.rate = M->con.next_rate;
    M->con.baseline_cpi = 0;
    /* the new provider's policy starts afresh; the client's levers stay */
    for (int l = 0; l < CX_L_COUNT; l++)
        if (cx_lever_info(l)->side == CX_PROVIDER && !M->held[l]) M->lever[l] = cx_lever_info(l)->def;
    if (cxi_note(S, CX_N_TRANSITION, M->wf.provider_id - 1, "transition: provider %u replaces the team (%d agents)",
                 M->wf.provider_id, team))
        return -1;
    int rc = cxi_policy_start(S, CX_PROVIDER);
    if (rc) return rc;
    return cxi_roster(S);
}

int cxi_contract_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    if (!S->P.on.contract || M->con.cutover_at > 0) return 0;
    double months = (S->E.now - M->con.provider_start) / CX_MINUTES_PER_MONTH;
    int years = (int)floor(months / 12.0 + 1e-6);
    if (years <= M->con.contract_years) return 0;
    M->con.contract_years = years;
    const cx_model_params *m = &S->P.m;
    int rc;
    M->con.refused = 0;
    if (!M->held[CX_L_RATE_CHANGE]) M->lever[CX_L_RATE_CHANGE] = 0; /* asked afresh each year */
    if (!M->held[CX_L_REBID]) M->lever[CX_L_REBID] = 0;
    if ((rc = cxi_call(S, CX_CLIENT, CX_AT_CONTRACT_YEAR))) return rc;
    M->con.rate_asked = M->lever[CX_L_RATE_CHANGE];
    if (M->con.rate_asked != 0) {
        M->lever[CX_L_ACCEPT_RATE_CHANGE] = 1;
        if ((rc = cxi_call(S, CX_PROVIDER, CX_AT_CONTRACT_YEAR))) return rc;
        if (M->lever[CX_L_ACCEPT_RATE_CHANGE] >= 0.5) {
            M->con.rate *= 1.0 + M->con.rate_asked;
            if (M->con.rate_asked < 0 && S->P.on.trust) cxi_trust(S, -m->trust_step * m->trust_asymmetry, "rate cut");
            if (cxi_note(S, CX_N_RATE_CHANGE, M->con.rate_asked, "rate change %+.1f%% accepted: $%.3f",
                         100 * M->con.rate_asked, M->con.rate))
                return -1;
        } else {
            M->con.refused = 1;
            double share = M->lever[CX_L_GAIN_SHARE];
            if (cxi_note(S, CX_N_RATE_CHANGE, 0, "rate change %+.1f%% refused; the provider opens its books",
                         100 * M->con.rate_asked))
                return -1;
            if ((rc = cxi_call(S, CX_CLIENT, CX_AT_CONTRACT_YEAR))) return rc;
            if (M->lever[CX_L_GAIN_SHARE] > 0 && share <= 0 &&
                cxi_note(S, CX_N_GAIN_SHARE, M->lever[CX_L_GAIN_SHARE],
                         "shared savings adopted: %.0f%% of savings to the provider", 100 * M->lever[CX_L_GAIN_SHARE]))
                return -1;
        }
    }
    double term_years = (S->E.now - M->con.term_start) / CX_MINUTES_PER_YEAR;
    int term_over = term_years + 1e-6 >= M->lever[CX_L_CONTRACT_YEARS];
    if (M->lever[CX_L_REBID] >= 0.5) return tender(S);
    if (term_over) {
        M->con.term_start = S->E.now;
        return cxi_note(S, CX_N_RENEWAL, M->con.rate, "contract renewed for %.0f years", M->lever[CX_L_CONTRACT_YEARS]);
    }
    return 0;
}

/* The incoming provider takes over. */
int cxi_on_cutover(void *subject, const cx_event *ev)
{
    (void)ev;
    return cxi_contract_cutover(subject);
}
