/* cx_economics: money on both sides, accrued from the events that cause it.
 * Wages, supervision and technology accrue day by day on the agents actually
 * employed (classroom included: paid but not on the phones); recruiting and
 * trainer costs at each hire; fees on the contacts actually handled. The
 * client's total cost of ownership adds penalties (credited), gain-share
 * (paid), governance time, transition costs and the customer value lost to
 * contact-driven churn. Labour comes to 65-75% of the provider's cost with
 * the defaults (industry surveys). */
#include <math.h>

#include "cxi.h"

#define DAYS_PER_MONTH (365.25 / 12.0)

/* The day's labour: employees (classroom included) on their monthly wage,
 * whatever shifts the day held, plus overtime hours at the overtime
 * premium; temps per hour on shift at a premium on the employees' hourly
 * wage (contracted hours), with a seat while they are here. */
void cxi_economics_day(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    double paid = M->wf.n_classroom + M->wf.n_nesting + M->wf.n_productive;
    double wage = m->wage_month * M->lever[CX_L_PAY_REL] / DAYS_PER_MONTH;
    double month_hours = m->hours_per_week * 52.0 / 12.0;
    M->money.wages += paid * wage;
    if (S->P.on.schedules) {
        M->money.temps += M->wf.temp_hours_day * m->wage_month / month_hours * m->temps_premium;
        M->money.wages += M->wf.overtime_hours_day * wage * DAYS_PER_MONTH / month_hours * m->overtime_premium;
        M->wf.temp_hours_day = M->wf.overtime_hours_day = 0;
    } else { /* no shifts: a temp is on duty around the clock, paid as a full-timer */
        M->money.temps += M->wf.n_temps * m->wage_month * m->temps_premium / DAYS_PER_MONTH;
    }
    M->money.training += (M->wf.n_nesting + M->wf.n_productive) * wage * M->lever[CX_L_TRAINING_HOURS] / month_hours;
    M->money.supervision += ceil(paid / M->lever[CX_L_SPAN]) * m->wage_month * m->supervisor_wage / DAYS_PER_MONTH;
    M->money.tech += (paid + M->wf.n_temps) * m->tech_per_seat / DAYS_PER_MONTH;
}

/* The mean knowledge of a settled team (renewal theory, as in Whitt 2006):
 * with quit hazard mult x the two-phase base and knowledge 1 - exp(-x/tau),
 * sum p_i m_i^2 / (m_i + tau) / sum p_i m_i over the retention phases. */
/* Days a settled team's agent takes to close 63% of its knowledge gap: its
 * contacts a day and its training. */
static double learn_days(const cx_sim *S, double training)
{
    const cx_model_params *m = &S->P.m;
    double on_duty = m->hours_per_week * (1.0 - m->shrinkage) / (7 * 24.0);
    double base_aht = S->P.handle.mean * (1.0 + m->complex_share * (m->complex_handle - 1.0));
    double per_day = m->learn_per_contact * on_duty * 1440.0 * m->settled_occupancy / (base_aht * m->settled_handle) +
                     m->learn_per_day * training / m->training_ref_hours;
    return per_day > 0 ? 1.0 / per_day : 1e9;
}

double cxi_settled_knowledge(const cx_sim *S, double pay_rel, double training, double span)
{
    const cx_model_params *m = &S->P.m;
    if (!S->P.on.learning) return 1.0;
    double mult = cxi_attrition_mult_for(S, pay_rel, span, training, m->settled_occupancy);
    double m1 = m->early_mean_days / mult, m2 = m->late_mean_days / mult;
    double tau = learn_days(S, training);
    double p = m->early_share;
    return m->ceiling_base * (p * m1 * m1 / (m1 + tau) + (1 - p) * m2 * m2 / (m2 + tau)) /
           (p * m1 + (1 - p) * m2);
}

/* Cost per unit of a team sized for `contacts` a month at handle time
 * `aht` (both 0: what the scenario says a settled team would see), plus
 * the margin. A bid is a calculation the provider makes (what it then earns
 * is simulated): from the knowledge of a settled team at its pay, training
 * and span, its handle time, FCR, contacts and heads. */
static double bid_for(const cx_sim *S, double pay_rel, double training, double span, double margin,
                      double kb_invest, double contacts_month, double aht_seen)
{
    const cx_model_params *m = &S->P.m;
    double month_hours = m->hours_per_week * 52.0 / 12.0;
    double mult = cxi_attrition_mult_for(S, pay_rel, span, training, m->settled_occupancy);
    double m1 = m->early_mean_days / mult, m2 = m->late_mean_days / mult, p = m->early_share;
    double on_duty = m->hours_per_week * (1.0 - m->shrinkage) / (7 * 24.0);
    double base_aht = S->P.handle.mean * (1.0 + m->complex_share * (m->complex_handle - 1.0));
    double k = cxi_settled_knowledge(S, pay_rel, training, span);
    double aht = base_aht * (1.0 + m->novice_slowdown * (1.0 - k));
    double fcr = m->fcr_novice + (m->fcr_expert - m->fcr_novice) * k;
    double per_issue = S->P.on.repeats ? 1.0 / (1.0 - (1.0 - fcr) * m->repeat_return) : 1.0;
    double contacts = S->P.rate_per_min * CX_MINUTES_PER_MONTH * per_issue;
    if (contacts_month > 0 && aht_seen > 0) { /* the account's record, as an RFP gives it */
        contacts = contacts_month;
        aht = aht_seen;
    }
    double heads = S->P.on.schedules ? contacts / CX_MINUTES_PER_MONTH * aht / (on_duty * m->bid_occupancy)
                                     : S->P.agents;
    double leavers = 365.25 / (p * m1 + (1 - p) * m2) / 12.0; /* per head per month */
    double per_head = m->wage_month * pay_rel * (1.0 + training / month_hours) +
                      m->wage_month * m->supervisor_wage / span + m->tech_per_seat +
                      leavers * (m->recruit_cost + m->trainer_cost + m->wage_month * pay_rel * m->leaver_wage_months);
    /* the start-up (a team hired and trained at once, paid while it learns)
     * and its ramp: a team starting at k0 closes its gap to k in about tau
     * days, handling (k - k0) x tau days' worth of novice slowdown on the
     * account's contacts; both recovered over setup_months, less the
     * share of the start-up the client pays as an implementation fee
     * (economics.setup_billed: not recovered twice) */
    double billed = S->P.on.contract ? m->setup_billed : 0;
    double setup = (1.0 - billed) * (heads * (m->recruit_cost + m->trainer_cost + m->setup_wage_months * m->wage_month * pay_rel) +
                                     m->transition_provider);
    if (S->P.on.learning) {
        double k0 = m->k_start + m->k_classroom, days = 365.25 / 12.0;
        double slow_min = contacts / days * base_aht * m->novice_slowdown * fmax(0, k - k0) * learn_days(S, training);
        setup += slow_min / (on_duty * 1440.0 * m->bid_occupancy) * per_head / days;
    }
    double cost = heads * per_head + kb_invest + setup / m->setup_months;
    double units;
    switch (m->pricing) {
    case 1: units = contacts * aht; break;                 /* handled minutes */
    case 2: units = heads * month_hours; break;            /* FTE hours */
    default: units = contacts; break;                      /* handled contacts */
    }
    return units > 0 ? cost * (1.0 + margin) / units : 0;
}

double cxi_bid_rate(const cx_sim *S, double pay_rel, double training, double span, double margin,
                    double kb_invest)
{
    return bid_for(S, pay_rel, training, span, margin, kb_invest, 0, 0);
}

/* Issues resolved, the measure of shared savings: by a contact, or by the
 * customer in self-service through the knowledge base (no contact: the
 * cheapest resolution of all, and the provider's work). */
static double issues_resolved(const cx_tally *t)
{
    return (double)t->resolved + (double)t->deflected;
}

/* Sum of the account's last `n` recorded months (completed, issues resolved
 * with self-service counted, minutes). */
void cxi_account_sum(const cxi_contract *C, int n, double *completed, double *resolved, double *minutes)
{
    *completed = *resolved = *minutes = 0;
    for (int i = 1; i <= n; i++) {
        int k = (C->acct_n - i) % CXI_SL_MONTHS;
        *completed += C->acct_completed[k];
        *resolved += C->acct_resolved[k];
        *minutes += C->acct_minutes[k];
    }
}

double cxi_market_bid(const cx_sim *S)
{
    const cxi_contract *C = &S->M.con;
    const double *b = C->bid_levers;
    double done = 0, resolved = 0, minutes = 0;
    int n = C->acct_n < 12 ? C->acct_n : 12;
    if (n >= 3) cxi_account_sum(C, n, &done, &resolved, &minutes);
    /* with three months of record the bidder prices the account's volume and
     * handle time; before, what the scenario says a settled team would see */
    return bid_for(S, b[CX_L_PAY_REL], b[CX_L_TRAINING_HOURS], b[CX_L_SPAN], b[CX_L_MARGIN_TARGET],
                   b[CX_L_KB_INVEST], done > 0 ? done / n : 0, done > 0 ? minutes / done : 0);
}

/* The provider's books: month i back (1 = the last closed). */
static const cxi_ledger_month *book(const cxi_ledger *L, int i)
{
    return &L->m[(L->n - i) % CXI_LEDGER_MONTHS];
}

int cxi_provider_quote(const cx_sim *S, double margin, int min_months, cxi_quote *q)
{
    const cxi_ledger *L = &S->M.con.books;
    int mode = S->P.m.pricing;
    *q = (cxi_quote){0};
    int n = L->n < 12 ? L->n : 12;
    if (n < 1 || n < min_months) return -1;
    double var = 0, inv = 0, rev = 0, cost = 0, units = 0, gain = 0;
    for (int i = 1; i <= n; i++) {
        const cxi_ledger_month *e = book(L, i);
        var += e->labour + e->hiring + e->overhead;
        inv += e->invest;
        rev += e->revenue;
        cost += e->labour + e->hiring + e->overhead + e->invest + e->setup;
        units += e->units[mode];
        gain += e->gain;
    }
    if (units <= 0) return -1;
    q->months = n;
    q->units = units / n;
    /* volume: a whole year is free of the season; a trend needs two */
    double growth = 1.0;
    if (L->n >= 24) {
        double prev = 0;
        for (int i = 13; i <= 24; i++) prev += book(L, i)->units[mode];
        if (prev > 0) growth = fmin(1.25, fmax(0.8, units / prev));
    }
    q->forecast = q->units * growth;
    /* cost per unit at its run rate: the last six months (fewer if newer),
     * past most of a new team's learning curve, or after two years with the
     * account the last twelve (a whole year: the season and the spring
     * launch included, so a cut is not judged on the quiet half); priced per
     * contact, the handle time of the last quarter against theirs moves it */
    int r = L->n >= 24 ? 12 : n < 6 ? n : 6;
    double rvar = 0, runits = 0, c3 = 0, m3 = 0, c6 = 0, m6 = 0;
    for (int i = 1; i <= r; i++) {
        const cxi_ledger_month *e = book(L, i);
        rvar += e->labour + e->hiring + e->overhead;
        runits += e->units[mode];
        c6 += e->units[0], m6 += e->units[1];
        if (i <= 3) c3 += e->units[0], m3 += e->units[1];
    }
    q->handle_adj = 1.0;
    if (mode == 0 && r >= 6 && c3 > 0 && m6 > 0) q->handle_adj = fmin(1.1, fmax(0.9, (m3 / c3) / (m6 / c6)));
    q->cost_rate = (runits > 0 ? rvar / runits : var / units) * q->handle_adj + inv / n / q->forecast;
    /* what it has lost on the account so far (a transition, a ramp), over the next term */
    double unrecovered = fmax(0, -L->margin_cum);
    q->recovery = unrecovered / (q->forecast * 12.0 * S->M.lever[CX_L_CONTRACT_YEARS]);
    q->price = q->cost_rate * (1.0 + margin) + q->recovery;
    q->margin = rev > 0 ? (rev - cost) / rev : 0;
    q->gain = gain;
    return 0;
}

double cxi_gain_baseline(const cx_sim *S)
{
    const cxi_contract *C = &S->M.con;
    const cx_model_params *m = &S->P.m;
    if (C->acct_n >= 3) { /* the incoming performance: the account's last three months */
        double done, resolved, minutes;
        cxi_account_sum(C, 3, &done, &resolved, &minutes);
        if (resolved > 0) return done / resolved;
    }
    if (m->gain_share_baseline > 0) return m->gain_share_baseline;
    /* nothing to go by: what a settled middle-of-the-market team would do,
     * the issues its base resolves in self-service counted as the measure
     * counts them (no contact): about 1 / FCR contacts for the rest */
    double k = cxi_settled_knowledge(S, cx_lever_info(CX_L_PAY_REL)->def, cx_lever_info(CX_L_TRAINING_HOURS)->def,
                                     cx_lever_info(CX_L_SPAN)->def);
    double fcr = cxi_settled_fcr(S, k);
    double self = cxi_self_service_share(S, cxi_settled_kb(S, cx_lever_info(CX_L_KB_INVEST)->def, S->P.agents));
    return fcr > 0 ? (1.0 - self) / fcr : 1.0;
}

double cxi_settled_fcr(const cx_sim *S, double k)
{
    const cx_model_params *m = &S->P.m;
    return (m->fcr_novice + (m->fcr_expert - m->fcr_novice) * k) * (1.0 - m->complex_share * (1.0 - m->complex_fcr));
}

void cxi_gain_rebase(cx_sim *S)
{
    cxi_contract *C = &S->M.con;
    int n = C->acct_n < 12 ? C->acct_n : 12;
    if (C->baseline_cpi <= 0 || n < 1) return;
    double done, resolved, minutes;
    cxi_account_sum(C, n, &done, &resolved, &minutes);
    if (resolved <= 0) return;
    double year = done / resolved;
    if (year < C->baseline_cpi) C->baseline_cpi += S->P.m.gain_share_rebase * (year - C->baseline_cpi);
}

/* The month into the provider's books and the account's record. */
static void record(cx_sim *S, const cx_counts *c, const cx_tally *t, double fte_hours, double revenue, double gain,
                   double cost)
{
    cxi_model *M = &S->M;
    const cxi_money *y = &M->money;
    cxi_ledger *L = &M->con.books;
    cxi_ledger_month *e = &L->m[L->n % CXI_LEDGER_MONTHS];
    *e = (cxi_ledger_month){.labour = y->wages + y->temps + y->training,
                            .hiring = y->recruiting - y->opening,
                            .overhead = y->supervision + y->tech,
                            .invest = M->lever[CX_L_KB_INVEST],
                            .setup = y->transition_provider + y->opening,
                            .revenue = revenue,
                            .gain = gain,
                            .units = {(double)c->completed, c->handle, fte_hours}};
    L->n++;
    L->setup += e->setup;
    L->margin_cum += revenue - cost;
    cxi_contract *C = &M->con;
    int k = C->acct_n % CXI_SL_MONTHS;
    C->acct_completed[k] = (double)c->completed;
    C->acct_resolved[k] = issues_resolved(t);
    C->acct_minutes[k] = c->handle;
    C->acct_n++;
}

void cxi_economics_month(cx_sim *S, const cx_counts *c, const cx_tally *t, double sl, cxi_books *out)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    cxi_money *y = &M->money;
    double month_hours = m->hours_per_week * 52.0 / 12.0;
    double fte_hours = (M->wf.n_nesting + M->wf.n_productive) * month_hours;
    double units;
    switch (m->pricing) {
    case 1: units = c->handle; break;
    case 2: units = fte_hours; break;
    default: units = (double)c->completed; break;
    }
    double fees = M->con.rate * units;
    double penalties = 0, gain = 0;
    if (S->P.on.contract) {
        double target = M->lever[CX_L_SLA_TARGET];
        if (sl < target) {
            penalties = fmin(M->lever[CX_L_PENALTY] * (target - sl) * 100.0, m->penalty_cap) * fees;
            if (penalties > 0)
                cxi_note(S, CX_N_PENALTY, penalties, "SLA penalty $%.0f (service level %.1f%% < %.0f%%)",
                         penalties, 100 * sl, 100 * target);
        }
        /* shared savings: the provider earns its share of the contacts per
         * resolved issue (issues_resolved: self-service counts, with no
         * contact) saved against the baseline (set when the share
         * starts: cxi_gain_baseline), paid from the month it has been with
         * the account for gain_share_months; when performance falls back
         * it pays its share of the loss back (clawback), capped */
        double share = M->lever[CX_L_GAIN_SHARE];
        double months = (S->E.now - M->con.provider_start) / CX_MINUTES_PER_MONTH;
        if (share <= 0) {
            M->con.baseline_cpi = 0;
            M->con.gain_net = 0;
        } else {
            if (M->con.baseline_cpi <= 0) {
                M->con.baseline_cpi = cxi_gain_baseline(S);
                M->con.gain_net = 0;
                cxi_note(S, CX_N_GAIN_SHARE, M->con.baseline_cpi, "gain-share baseline: %.3f contacts per resolved issue",
                         M->con.baseline_cpi);
            }
            double issues = issues_resolved(t);
            if (issues > 0 && c->completed > 0 && months >= m->gain_share_months - 1e-6) {
                double cpi = (double)c->completed / issues;
                double unit_fee = fees / (double)c->completed;
                gain = share * (M->con.baseline_cpi - cpi) * issues * unit_fee;
                if (gain < 0) {
                    double back = fmin(fmin(-gain, m->gain_share_clawback * fees), fmax(0, M->con.gain_net));
                    gain = back > 0 ? -back : 0;
                    if (back > 0)
                        cxi_note(S, CX_N_GAIN_SHARE, gain, "gain-share clawback $%.0f (%.3f contacts per issue, baseline %.3f)",
                                 back, cpi, M->con.baseline_cpi);
                }
                M->con.gain_net += gain;
            }
        }
    }
    y->governance += m->ops_review_hours * m->governance_hour;
    /* the implementation fee: the client pays the provider's one-off set-up */
    double setup_fee = S->P.on.contract ? m->setup_billed * (y->opening + y->transition_provider) : 0;
    y->transition_client += setup_fee;
    double revenue = fees - penalties + gain + setup_fee;
    double cost = y->wages + y->temps + y->training + y->recruiting + y->supervision + y->tech +
                  M->lever[CX_L_KB_INVEST] + y->transition_provider;
    double churn_cost = (double)t->churned * m->customer_value;
    double self_service = (double)t->ss_sessions * m->ss_cost;
    double cash = fees - penalties + gain + y->governance + y->transition_client + self_service;
    double client = cash + churn_cost;
    M->tco += client;
    M->cash_cum += cash;
    M->provider_cum += revenue - cost;
    M->con.gain_last = gain;
    record(S, c, t, fte_hours, revenue, gain, cost);
    *out = (cxi_books){.fees = fees,
                       .penalties = penalties,
                       .gain = gain,
                       .governance = y->governance,
                       .transition = y->transition_client,
                       .revenue = revenue,
                       .cost = cost,
                       .churn_cost = churn_cost,
                       .self_service = self_service,
                       .client = client,
                       .cash = cash,
                       .cost_per_resolution = t->resolved ? (fees - penalties + gain) / (double)t->resolved : 0};
    *y = (cxi_money){0};
}

void cxi_charge(cx_sim *S, cxi_cost line, double amount)
{
    cxi_money *y = &S->M.money;
    switch (line) {
    case CXI_COST_RECRUITING: /* the opening team's, at the instant the provider starts, is set-up */
        if (S->M.con.opening && S->E.now <= S->M.con.opening_at) y->opening += amount;
        else S->M.con.opening = 0;
        y->recruiting += amount;
        break;
    case CXI_COST_TRANSITION_CLIENT: y->transition_client += amount; break;
    case CXI_COST_TRANSITION_PROVIDER: y->transition_provider += amount; break;
    case CXI_COST_GOVERNANCE: y->governance += amount; break;
    }
}
