/* cx_contract: the contract's calendar. At each anniversary with the current
 * provider the client may ask for a rate change; the provider accepts or
 * refuses, and after a refusal the client decides again (adopt shared savings,
 * tender, or let it be). At the end of a term the client renews or tenders.
 * The provider, too, reads its own books at the anniversary: it may ask for
 * an increase (the client grants all, part or none of it, or tenders) and
 * may give notice, which makes a tender it does not bid in.
 * A tender pits the incumbent's cost-plus price (from its own books) against
 * competing bids (a market provider's cost-plus bid on the account's record,
 * spread by contract.bid_spread); the incumbent also
 * loses with a chance that grows with its service-level shortfall (Deloitte:
 * 71% of terminations cite low service quality). A lost tender is a
 * transition: the new provider's team is recruited and trained now, and at
 * cutover replaces the whole old team, with no account knowledge, a new
 * relationship and set-up costs on both sides. */
#include <math.h>
#include <stdio.h>

#include "cxi.h"

/* the quality test may average up to contract.quality_months (at most 12) months */
_Static_assert(CXI_SL_MONTHS >= 12, "contract.quality_months reaches back 12 months");

/* The incumbent's bid: the price that maximises its expected margin,
 * (b - cost) x P(win), when an entrant's bid is spread uniformly over
 * market x (1 +- spread) and beats b when it is switch_threshold below it
 * (the optimal bid against a uniform rival, first-price sealed bids). The
 * entrant must recover its set-up, so a settled incumbent prices up to
 * that, but not above `cap` (the rate the client pays now, which it can
 * keep by not awarding: no tender raises a price its costs do not need);
 * it never bids below its cost-plus floor, and bids the floor when no
 * entrant can win on price (switch_threshold 1) or none prices the work. */
double cxi_incumbent_price(double cost, double floor, double market, double spread, double threshold, double cap)
{
    if (threshold >= 1.0 || market <= 0) return floor;
    double k = market / (1.0 - threshold); /* the highest bid that wins against the central entrant */
    double x = 0.5 * (1.0 + spread) + (k > 0 ? cost / (2.0 * k) : 0);
    if (x < 1.0 - spread) x = 1.0 - spread;
    if (x > 1.0 + spread) x = 1.0 + spread;
    return fmax(floor, fmin(x * k, cap));
}

/* The most the incumbent bids: the rate the client pays now, or less if
 * its open book offered a decrease this contract year (it keeps its word). */
static double tender_cap(const cx_sim *S)
{
    return S->M.con.rate * (1.0 + fmin(0.0, S->M.lever[CX_L_RATE_ASK]));
}

/* The incumbent's best bid from its books (quote q) against an entrant's
 * central price `market`; its cost-plus floor into *floor. */
static double incumbent_bid(const cx_sim *S, const cxi_quote *q, double market, double *floor)
{
    const cx_model_params *m = &S->P.m;
    *floor = q->cost_rate * (1.0 + S->M.lever[CX_L_MARGIN_TARGET]) * m->incumbent_bid;
    return cxi_incumbent_price(q->cost_rate, *floor, market, m->bid_spread, m->switch_threshold, tender_cap(S));
}

/* Points by which the last contract.quality_months months' mean service
 * level fell short of the SLA target (0 without a month). */
static double sl_shortfall(const cx_sim *S)
{
    const cxi_contract *C = &S->M.con;
    int n = S->n_periods < (size_t)S->P.m.quality_months ? (int)S->n_periods : S->P.m.quality_months;
    if (n == 0) return 0;
    double sl = 0;
    for (int i = 0; i < n; i++) sl += C->sl_hist[(S->n_periods - 1 - (size_t)i) % CXI_SL_MONTHS];
    return fmax(0, S->M.lever[CX_L_SLA_TARGET] - sl / n) * 100.0;
}

/* Fees (revenue less gain-share) of the books' last `months` months. */
static double trailing_fees(const cxi_ledger *L, int months)
{
    double fees = 0;
    for (int i = 0; i < months; i++) {
        const cxi_ledger_month *lm = &L->m[(L->n - 1 - i) % CXI_LEDGER_MONTHS];
        fees += lm->revenue - lm->gain;
    }
    return fees;
}

static int call_round(cx_sim *S, int side, int round);

/* A tender: a new provider's bid against the incumbent's (when it bids:
 * not after it gave notice). The incumbent's bid is its policy's decision
 * (round 3), shown what a challenger would price and the bid that earns it
 * most in expectation; a policy that leaves it at 0 bids that. */
static int tender(cx_sim *S, int incumbent_bids)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    const double *u = M->con.draw;
    cxi_charge(S, CXI_COST_GOVERNANCE, m->rfp_cost);
    if (incumbent_bids) cxi_trust_event(S, CXI_EVIDENCE_DEALING, 0, m->tender_step, "put out to tender");
    /* competitors of the provider's kind bid the account as it now runs */
    double market = cxi_market_bid(S) * (1.0 + m->bid_spread * (2.0 * u[0] - 1.0));
    /* the incumbent prices from its own books (what it lost so far is sunk:
     * a competitive bid looks forward); without books, at the rate now */
    cxi_quote q;
    double entrant = cxi_market_bid(S), floor = M->con.rate, best = M->con.rate;
    if (!cxi_provider_quote(S, M->lever[CX_L_MARGIN_TARGET], 3, &q)) best = incumbent_bid(S, &q, entrant, &floor);
    double incumbent = best;
    if (incumbent_bids) {
        M->con.bid = (cxi_bid_view){.entrant = entrant, .best = best, .floor = floor};
        if (!M->held[CX_L_TENDER_BID]) M->lever[CX_L_TENDER_BID] = 0;
        int rc = call_round(S, CX_PROVIDER, 3);
        M->con.bid = (cxi_bid_view){0};
        if (rc) return rc;
        if (M->lever[CX_L_TENDER_BID] > 0) incumbent = M->lever[CX_L_TENDER_BID];
    }
    double shortfall = sl_shortfall(S);
    int on_price = incumbent_bids && market < incumbent * (1.0 - m->switch_threshold);
    int lose = !incumbent_bids || on_price || u[1] < m->quality_rebid * shortfall;
    if (!lose) {
        M->con.rate = incumbent;
        M->con.term_start = S->E.now;
        return cxi_note(S, CX_N_RENEWAL, incumbent, "tender won by the incumbent at $%.3f (its cost $%.3f; an entrant's price about $%.3f)",
                        incumbent, q.cost_rate, cxi_market_bid(S));
    }
    /* a new provider: its team is recruited and trained before cutover */
    M->con.cutover_at = S->E.now + m->classroom_days * CX_MINUTES_PER_DAY;
    M->con.next_rate = market;
    if (!cx_engine_at(&S->E, M->con.cutover_at, S->M.ev.cutover, 0)) return -1;
    /* why, for whoever reads the events: the incumbent gave notice, was
     * undercut, or lost on its service level (a shortfall of so many points) */
    char why[64];
    if (!incumbent_bids) snprintf(why, sizeof why, "the incumbent did not bid");
    else if (on_price) snprintf(why, sizeof why, "undercut its $%.3f", incumbent);
    else snprintf(why, sizeof why, "service %.1f points short", shortfall);
    return cxi_note(S, CX_N_REBID, market, "tender lost (%s): a new provider at $%.3f in %.0f days", why, market,
                    m->classroom_days);
}

int cxi_contract_cutover(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    uint32_t old = M->wf.provider_id;
    M->wf.provider_id++;
    M->con.cutover_at = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++)
        if (S->people[a].life != CXI_L_FREE && S->people[a].provider == old && cxi_quit(S, a, 0))
            return -1;
    cxi_knowledge_transition(S);
    cxi_trust_restart(S);
    M->con.provider_start = M->con.term_start = S->E.now;
    M->con.contract_years = 0;
    M->con.rate = M->con.next_rate;
    /* a new contract: its own books, and shared savings measured from the
     * account's performance before it (never from its ramp) */
    M->con.books = (cxi_ledger){0};
    M->con.baseline_cpi = M->lever[CX_L_GAIN_SHARE] > 0 ? cxi_gain_baseline(S) : 0;
    M->con.passed_cost = 0;
    M->con.gain_net = 0;
    /* the new provider's policy starts afresh before it hires (its team is
     * paid what it pays, not what the outgoing provider paid); the client's
     * levers stay */
    for (int l = 0; l < CX_L_COUNT; l++)
        if (cx_lever_info(l)->side == CX_PROVIDER && !M->held[l]) M->lever[l] = cx_lever_info(l)->def;
    int rc = cxi_policy_start(S, CX_PROVIDER);
    if (rc) return rc;
    int team = S->P.on.schedules ? M->staff.target_headcount : S->P.agents;
    for (int i = 0; i < team; i++)
        if (cxi_hire(S, 0, 1)) return -1;
    cxi_charge(S, CXI_COST_TRANSITION_CLIENT, m->transition_client);
    cxi_charge(S, CXI_COST_TRANSITION_PROVIDER, m->transition_provider);
    if (cxi_note(S, CX_N_TRANSITION, M->wf.provider_id - 1, "transition: provider %u replaces the team (%d agents)",
                 M->wf.provider_id, team))
        return -1;
    return cxi_roster(S);
}

/* A round of the contract year: each side's call with the round's keys set. */
static int call_round(cx_sim *S, int side, int round)
{
    S->M.con.round = round;
    int rc = cxi_call(S, side, CX_AT_CONTRACT_YEAR);
    S->M.con.round = 0;
    return rc;
}

int cxi_cut_cost_of(const cx_sim *S, double asked, cxi_cut_cost *c)
{
    const cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    const cxi_ledger *L = &M->con.books;
    *c = (cxi_cut_cost){0};
    int months = L->n < 12 ? L->n : 12;
    if (asked >= 0 || months == 0 || S->n_periods == 0) return 0;
    double fees = trailing_fees(L, months), labour = 0, issues = 0, completed = 0;
    for (int i = 0; i < months; i++) labour += L->m[(L->n - 1 - i) % CXI_LEDGER_MONTHS].labour;
    int n = S->n_periods < (size_t)months ? (int)S->n_periods : months;
    for (int i = 0; i < n; i++) {
        const cx_period *p = cx_sim_period(S, S->n_periods - 1 - (size_t)i);
        issues += (double)p->tally.first_completed;
        completed += (double)p->counts.completed;
    }
    double year = 12.0 / months;
    fees *= year;
    labour *= year;
    issues *= 12.0 / n;
    completed *= 12.0 / n;
    if (labour <= 0 || completed <= 0) return 0;
    double pay = M->lever[CX_L_PAY_REL], train = M->lever[CX_L_TRAINING_HOURS], span = M->lever[CX_L_SPAN];
    c->saving = -asked * fees;
    c->pay_cut = fmin(0.5, c->saving / labour);
    double pay1 = pay * (1.0 - c->pay_cut);
    /* more leavers: the tenure hazard's pay factor, and poaching of every agent by the pay given up */
    double heads = cxi_headcount(S);
    double ratio = pow(pay1 / pay, -m->quit_elasticity);
    c->extra_quits = heads * cxi_get(S, CX_K_ATTRITION) * (ratio - 1.0) +
                     (S->P.on.people ? heads * m->poach_rate * (pay - pay1) : 0);
    double replace = m->recruit_cost + m->trainer_cost + m->wage_month * pay1 * m->classroom_days / (365.25 / 12.0);
    c->hiring = c->extra_quits * replace;
    /* a less experienced settled team resolves less at first contact */
    double k0 = cxi_settled_knowledge(S, pay, train, span), k1 = cxi_settled_knowledge(S, pay1, train, span);
    c->fcr_drop = (m->fcr_expert - m->fcr_novice) * (k0 - k1);
    double unresolved = issues * c->fcr_drop;
    c->contacts = (S->P.on.repeats ? unresolved * m->repeat_return : 0) * fees / completed;
    c->churn = S->P.on.churn ? unresolved * (m->intent_repeat - m->intent_first) * m->intent_to_churn * m->customer_value : 0;
    c->cost = c->hiring + c->contacts + c->churn;
    return 0;
}

int cxi_outlook_of(const cx_sim *S, cxi_outlook *o)
{
    const cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    const cxi_contract *C = &M->con;
    *o = (cxi_outlook){0};
    int n = C->acct_n < 12 ? C->acct_n : 12;
    cxi_quote q;
    if (n < 3 || C->rate <= 0 || cxi_provider_quote(S, M->lever[CX_L_MARGIN_TARGET], 3, &q)) return 0;
    double done, resolved, minutes;
    cxi_account_sum(C, n, &done, &resolved, &minutes);
    if (done <= 0 || resolved <= 0) return 0;
    const cxi_ledger *L = &C->books;
    int bm = L->n < 12 ? L->n : 12;
    double fees = trailing_fees(L, bm);
    o->units = fees * 12.0 / bm / C->rate;
    /* a tender: the incumbent's bid against an entrant's uniform spread */
    double s = m->bid_spread, thr = m->switch_threshold;
    o->market = cxi_market_bid(S);
    double floor;
    o->bid = incumbent_bid(S, &q, o->market, &floor);
    double lo = o->market * (1.0 - s), hi = o->market * (1.0 + s), need = o->bid * (1.0 - thr);
    double p_under = thr >= 1.0 ? 0 : need >= hi ? 1 : need <= lo ? 0 : (need - lo) / (hi - lo);
    double entrant = p_under > 0 ? 0.5 * (lo + (need < hi ? need : hi)) : 0; /* its mean price when it undercuts */
    double p_quality = fmin(1.0, m->quality_rebid * sl_shortfall(S));
    o->p_move = p_under + (1.0 - p_under) * p_quality;
    o->price = p_under * entrant + (1.0 - p_under) * (p_quality * o->market + (1.0 - p_quality) * o->bid);
    double term = fmax(1.0, M->lever[CX_L_CONTRACT_YEARS]);
    o->tender = (C->rate - o->price) * o->units - (m->rfp_cost + o->p_move * m->transition_client) / term;
    /* shared savings: contacts per resolved issue (about 1 / FCR) brought
     * down to what its settled team's first-contact resolution gives */
    double kset = cxi_settled_knowledge(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_TRAINING_HOURS], M->lever[CX_L_SPAN]);
    double fcr = cxi_settled_fcr(S, kset);
    double first = 0, first_resolved = 0; /* now: the last quarter (the year may hold a ramp) */
    for (size_t i = 0; i < (S->n_periods < 3 ? S->n_periods : 3); i++) {
        const cx_period *p = cx_sim_period(S, S->n_periods - 1 - i);
        first += (double)p->tally.first_completed;
        first_resolved += (double)p->tally.resolved_first;
    }
    double fcr_now = first > 0 ? first_resolved / first : fcr;
    double unit_fee = fees / bm / (done / n);
    o->projected = fcr > fcr_now ? done / resolved * (1.0 - fcr_now / fcr) * resolved * 12.0 / n * unit_fee : 0;
    return 0;
}

/* Shared savings pass the provider's efficiency into the price, both ways
 * (a gain and pain share): at each contract year under them, the rate
 * moves by the client's share (1 - gain_share) of the change in the
 * provider's cost per unit (its books' trailing year) since the last one;
 * the provider keeps the rest. The first year under them only sets the
 * base (a new team's ramp is in its opening price, not a saving). */
static int pass_savings(cx_sim *S)
{
    cxi_model *M = &S->M;
    cxi_contract *C = &M->con;
    cxi_quote q;
    if (cxi_provider_quote(S, M->lever[CX_L_MARGIN_TARGET], 6, &q) || q.cost_rate <= 0) return 0;
    double base = C->passed_cost, before = C->rate;
    C->passed_cost = q.cost_rate;
    if (base <= 0) return 0;
    C->rate += (1.0 - M->lever[CX_L_GAIN_SHARE]) * (q.cost_rate - base);
    return cxi_note(S, CX_N_RATE_CHANGE, C->rate / before - 1.0,
                    "shared savings: cost per unit $%.3f (was $%.3f); the client's share moves the rate to $%.3f",
                    q.cost_rate, base, C->rate);
}

/* The client's asked change, answered by the provider (round 1). */
static int client_change(cx_sim *S)
{
    cxi_model *M = &S->M;
    if (M->con.rate_asked == 0) return 0;
    if (M->lever[CX_L_ACCEPT_RATE_CHANGE] >= 0.5) {
        M->con.rate *= 1.0 + M->con.rate_asked;
        if (M->con.rate_asked < 0) cxi_trust_event(S, CXI_EVIDENCE_DEALING, 0, 1, "rate cut");
        return cxi_note(S, CX_N_RATE_CHANGE, M->con.rate_asked, "rate change %+.1f%% accepted: $%.3f",
                        100 * M->con.rate_asked, M->con.rate);
    }
    M->con.refused = 1;
    /* a dispute; an open book shows why (the provider's transparency) */
    cxi_trust_event(S, CXI_EVIDENCE_DEALING, 0, 1, "rate cut refused");
    if (M->lever[CX_L_TRANSPARENCY] < 0.5)
        return cxi_note(S, CX_N_RATE_CHANGE, 0, "rate change %+.1f%% refused", 100 * M->con.rate_asked);
    cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 1, S->P.m.open_book_step, "books opened in a negotiation");
    cxi_cut_cost *c = &M->con.presented;
    cxi_cut_cost_of(S, M->con.rate_asked, c);
    cxi_outlook *o = &M->con.outlook;
    cxi_outlook_of(S, o);
    return cxi_note(S, CX_N_RATE_CHANGE, 0, "rate change %+.1f%% refused; the provider opens its books",
                    100 * M->con.rate_asked) ||
           cxi_note(S, CX_N_RATE_CHANGE, 0, "open book: the cut saves $%.0fk a year; funded from pay (-%.1f%%) it costs $%.0fk",
                    c->saving / 1e3, 100 * c->pay_cut, c->cost / 1e3) ||
           cxi_note(S, CX_N_RATE_CHANGE, 0, "open book: %.0f more leavers $%.0fk, FCR -%.1f points: repeats $%.0fk, customers $%.0fk",
                    c->extra_quits, c->hiring / 1e3, 100 * c->fcr_drop, c->contacts / 1e3, c->churn / 1e3) ||
           cxi_note(S, CX_N_RATE_CHANGE, o->tender, "open book: a tender would %s $%.0fk a year (price $%.3f, %.0f%% chance the work moves)",
                    o->tender >= 0 ? "save" : "cost", fabs(o->tender) / 1e3, o->price, 100 * o->p_move) ||
           cxi_note(S, CX_N_RATE_CHANGE, o->projected, "open book: shared savings project $%.0fk a year before the split",
                    o->projected / 1e3);
}

/* The provider's ask, answered by the client (round 2): the share granted. */
static int provider_ask(cx_sim *S)
{
    cxi_model *M = &S->M;
    double ask = M->con.provider_ask, g = M->lever[CX_L_RATE_GRANTED];
    M->con.granted = g;
    if (g > 0) M->con.rate *= 1.0 + g * ask;
    return cxi_note(S, CX_N_RATE_CHANGE, g * ask, "%.0f%% of the provider's %+.1f%% granted: $%.3f", 100 * g,
                    100 * ask, M->con.rate);
}

int cxi_contract_month(cx_sim *S)
{
    cxi_model *M = &S->M;
    if (!S->P.on.contract || M->con.cutover_at > 0) return 0;
    double months = (S->E.now - M->con.provider_start) / CX_MINUTES_PER_MONTH;
    int years = (int)floor(months / 12.0 + 1e-6);
    if (years <= M->con.contract_years) return 0;
    M->con.contract_years = years;
    /* a tender's draws are taken at every anniversary, tender or not, so
     * that regimes which tender in different years still meet the same
     * entrant and the same quality test at the same anniversary (common
     * random numbers) */
    cx_rng *r = &S->rng[CX_STREAM_CONTRACT];
    M->con.draw[0] = cx_rng_uniform(r);
    M->con.draw[1] = cx_rng_uniform(r);
    int rc;
    M->con.refused = 0;
    M->con.presented = (cxi_cut_cost){0};
    M->con.outlook = (cxi_outlook){0};
    M->con.provider_ask = 0;
    M->con.granted = 1;
    /* asked afresh each year */
    static const int fresh[] = {CX_L_RATE_CHANGE, CX_L_REBID, CX_L_RATE_ASK, CX_L_NOTICE, CX_L_RATE_GRANTED, CX_L_TENDER_BID};
    for (size_t i = 0; i < sizeof fresh / sizeof fresh[0]; i++)
        if (!M->held[fresh[i]]) M->lever[fresh[i]] = cx_lever_info(fresh[i])->def;
    /* shared savings: the baseline moves toward the year's performance */
    if (M->lever[CX_L_GAIN_SHARE] > 0) {
        cxi_gain_rebase(S);
        if ((rc = pass_savings(S))) return rc;
    } else {
        M->con.passed_cost = 0;
    }
    if ((rc = call_round(S, CX_CLIENT, 1))) return rc;
    M->con.rate_asked = M->lever[CX_L_RATE_CHANGE];
    M->lever[CX_L_ACCEPT_RATE_CHANGE] = 1;
    if ((rc = call_round(S, CX_PROVIDER, 1))) return rc;
    if ((rc = client_change(S))) return rc;
    M->con.provider_ask = M->lever[CX_L_RATE_ASK];
    if (M->con.provider_ask != 0) {
        cxi_quote q;
        cxi_provider_quote(S, M->lever[CX_L_MARGIN_TARGET], 1, &q);
        if (cxi_note(S, CX_N_RATE_CHANGE, 0, "the provider asks %+.1f%% (its cost $%.3f a unit, year's margin %.1f%%)",
                     100 * M->con.provider_ask, q.cost_rate, 100 * q.margin))
            return -1;
    }
    if (M->con.refused || M->con.provider_ask != 0) {
        double share = M->lever[CX_L_GAIN_SHARE];
        if ((rc = call_round(S, CX_CLIENT, 2))) return rc;
        if (M->lever[CX_L_GAIN_SHARE] > 0 && share <= 0 &&
            cxi_note(S, CX_N_GAIN_SHARE, M->lever[CX_L_GAIN_SHARE],
                     "shared savings adopted: %.0f%% of savings to the provider", 100 * M->lever[CX_L_GAIN_SHARE]))
            return -1;
        if (M->con.provider_ask != 0 && M->lever[CX_L_REBID] < 0.5) {
            if ((rc = provider_ask(S))) return rc;
            if (M->con.granted < 1 && (rc = call_round(S, CX_PROVIDER, 2))) return rc;
        }
    }
    if (M->lever[CX_L_NOTICE] >= 0.5) { /* the provider leaves: a tender it does not bid in */
        if (cxi_note(S, CX_N_REBID, M->con.rate, "the provider gives notice at $%.3f (its cost $%.3f a unit)",
                     M->con.rate, cxi_get(S, CX_K_COST_RATE)))
            return -1;
        return tender(S, 0);
    }
    double term_years = (S->E.now - M->con.term_start) / CX_MINUTES_PER_YEAR;
    int term_over = term_years + 1e-6 >= M->lever[CX_L_CONTRACT_YEARS];
    if (M->lever[CX_L_REBID] >= 0.5) return tender(S, 1);
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
