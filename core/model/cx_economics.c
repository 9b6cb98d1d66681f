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
double cxi_settled_knowledge(const cx_sim *S, double pay_rel, double training, double span)
{
    const cx_model_params *m = &S->P.m;
    if (!S->P.on.learning) return 1.0;
    double mult = cxi_attrition_mult_for(S, pay_rel, span, training, m->settled_occupancy);
    double m1 = m->early_mean_days / mult, m2 = m->late_mean_days / mult;
    double on_duty = m->hours_per_week * (1.0 - m->shrinkage) / (7 * 24.0);
    double base_aht = S->P.handle.mean * (1.0 + m->complex_share * (m->complex_handle - 1.0));
    double per_day = m->learn_per_contact * on_duty * 1440.0 * m->settled_occupancy / (base_aht * m->settled_handle) +
                     m->learn_per_day * training / m->training_ref_hours;
    double tau = per_day > 0 ? 1.0 / per_day : 1e9;
    double p = m->early_share;
    return m->ceiling_base * (p * m1 * m1 / (m1 + tau) + (1 - p) * m2 * m2 / (m2 + tau)) /
           (p * m1 + (1 - p) * m2);
}

/* Price per unit a provider would bid at these settings: its expected cost
 * per unit in steady state plus its margin. A bid is a calculation the
 * provider makes (what it then earns is simulated): from the knowledge of
 * a settled team at its pay, training and span, its handle time, FCR,
 * contacts and heads. */
double cxi_bid_rate(const cx_sim *S, double pay_rel, double training, double span, double margin,
                    double kb_invest)
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
    double heads = S->P.on.schedules ? S->P.rate_per_min * per_issue * aht / (on_duty * m->bid_occupancy) : S->P.agents;
    double leavers = 365.25 / (p * m1 + (1 - p) * m2) / 12.0; /* per head per month */
    double per_head = m->wage_month * pay_rel * (1.0 + training / month_hours) +
                      m->wage_month * m->supervisor_wage / span + m->tech_per_seat +
                      leavers * (m->recruit_cost + m->trainer_cost + m->wage_month * pay_rel * m->leaver_wage_months);
    /* the start-up (a team hired and trained at once, paid while it learns)
     * is recovered over three years */
    double setup = heads * (m->recruit_cost + m->trainer_cost + m->setup_wage_months * m->wage_month * pay_rel) +
                   m->transition_provider;
    double cost = heads * per_head + kb_invest + setup / m->setup_months;
    double units;
    switch (m->pricing) {
    case 1: units = contacts * aht; break;                 /* handled minutes */
    case 2: units = heads * month_hours; break;            /* FTE hours */
    default: units = contacts; break;                      /* handled contacts */
    }
    return units > 0 ? cost * (1.0 + margin) / units : 0;
}

void cxi_economics_month(cx_sim *S, const cx_counts *c, const cx_tally *t, double sl, cxi_books *out)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    cxi_money *y = &M->money;
    double month_hours = m->hours_per_week * 52.0 / 12.0;
    double units;
    switch (m->pricing) {
    case 1: units = c->handle; break;
    case 2: units = (M->wf.n_nesting + M->wf.n_productive) * month_hours; break;
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
        /* shared savings: contacts per resolved issue below the baseline, set
         * when savings start to be shared, once the team has settled in
         * (six months with this provider) */
        double share = M->lever[CX_L_GAIN_SHARE];
        double months = (S->E.now - M->con.provider_start) / CX_MINUTES_PER_MONTH;
        if (share > 0 && t->resolved > 0 && months >= m->gain_share_months - 1e-6) {
            double cpi = (double)c->completed / (double)t->resolved;
            if (M->con.baseline_cpi <= 0) M->con.baseline_cpi = cpi;
            double saved = (M->con.baseline_cpi - cpi) * (double)t->resolved;
            double unit_fee = units > 0 ? fees / (double)(c->completed ? c->completed : 1) : 0;
            if (saved > 0) gain = share * saved * unit_fee;
        } else if (share <= 0) {
            M->con.baseline_cpi = 0;
        }
    }
    y->governance += m->ops_review_hours * m->governance_hour;
    double revenue = fees - penalties + gain;
    double cost = y->wages + y->temps + y->training + y->recruiting + y->supervision + y->tech +
                  M->lever[CX_L_KB_INVEST] + y->transition_provider;
    double churn_cost = (double)t->churned * m->customer_value;
    double client = fees - penalties + gain + y->governance + y->transition_client + churn_cost;
    double cash = fees - penalties + gain + y->governance + y->transition_client;
    M->tco += client;
    M->cash_cum += cash;
    M->provider_cum += revenue - cost;
    *out = (cxi_books){.fees = fees,
                       .penalties = penalties,
                       .gain = gain,
                       .governance = y->governance,
                       .transition = y->transition_client,
                       .revenue = revenue,
                       .cost = cost,
                       .churn_cost = churn_cost,
                       .client = client,
                       .cash = cash,
                       .cost_per_resolution = t->resolved ? (fees - penalties + gain) / (double)t->resolved : 0};
    *y = (cxi_money){0};
}

void cxi_charge(cx_sim *S, cxi_cost line, double amount)
{
    cxi_money *y = &S->M.money;
    switch (line) {
    case CXI_COST_RECRUITING: y->recruiting += amount; break;
    case CXI_COST_TRANSITION_CLIENT: y->transition_client += amount; break;
    case CXI_COST_TRANSITION_PROVIDER: y->transition_provider += amount; break;
    case CXI_COST_GOVERNANCE: y->governance += amount; break;
    }
}
