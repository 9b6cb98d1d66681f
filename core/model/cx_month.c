/* cx_month: the month end's figures and the monthly row.
 *
 * The model measures the closed month into a typed snapshot (M->last) that
 * the mechanisms read in the month that follows; the output row
 * (cx_row_columns) is then written from the snapshot and the model's state,
 * and nothing reads it back. */
#include <stdlib.h>
#include <string.h>

#include "cxi.h"

static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void cxi_month_measure(cx_sim *S, const cx_period *p)
{
    cxi_model *M = &S->M;
    cxi_snapshot *L = &M->last;
    const cx_counts *c = &p->counts;
    const cx_tally *t = &p->tally;
    L->month = p->index;
    L->minutes = (p->t1 / CX_MINUTES_PER_DAY - p->t0 / CX_MINUTES_PER_DAY) * CX_MINUTES_PER_DAY;
    cx_counts_metrics(c, &L->q);
    L->offered = (double)c->offered;
    L->fcr = ratio((double)t->resolved_first, (double)t->first_completed);
    L->resolution_rate = ratio((double)t->resolved, (double)c->completed);
    L->csat = ratio((double)t->csat_top, (double)c->completed);
    M->con.sl_hist[p->index % CXI_SL_MONTHS] = L->q.service_level;
    /* trailing twelve months: leavers over mean headcount, annualised */
    int k = (int)(S->n_periods - 1) % 12;
    M->wf.leavers12[k] = (double)t->leavers;
    M->wf.heads12[k] = cxi_headcount(S) + M->wf.n_classroom;
    int n = S->n_periods < 12 ? (int)S->n_periods : 12;
    double lv = 0, hd = 0;
    for (int i = 0; i < n; i++) {
        lv += M->wf.leavers12[i];
        hd += M->wf.heads12[i];
    }
    L->attrition_annual = hd > 0 ? lv / (hd / n) * 12.0 / n : 0;
    cxi_workforce_month(S, L->minutes);
}

void cxi_month_settle(cx_sim *S, const cx_period *p)
{
    cxi_model *M = &S->M;
    cxi_snapshot *L = &M->last;
    const cx_tally *t = &p->tally;
    L->churn_rate = ratio((double)t->churned + M->cust.base_churned, M->cust.customers_month);
    L->insights = (double)t->reported;
    L->margin = L->books.revenue > 0 ? (L->books.revenue - L->books.cost) / L->books.revenue : 0;
}

static void queue_columns(const cx_period *p, double *row)
{
    const cx_counts *c = &p->counts;
    cx_metrics m;
    cx_counts_metrics(c, &m);
    row[CX_C_MONTH] = p->index;
    row[CX_C_DAY_START] = p->t0 / CX_MINUTES_PER_DAY;
    row[CX_C_DAY_END] = p->t1 / CX_MINUTES_PER_DAY;
    row[CX_C_OFFERED] = (double)c->offered;
    row[CX_C_ANSWERED] = (double)c->answered;
    row[CX_C_ABANDONED] = (double)c->abandoned;
    row[CX_C_COMPLETED] = (double)c->completed;
    row[CX_C_SERVICE_LEVEL] = m.service_level;
    row[CX_C_P_WAIT] = m.p_wait;
    row[CX_C_ABANDON_RATE] = m.p_abandon;
    row[CX_C_ASA_S] = m.asa_s;
    row[CX_C_MEAN_WAIT_S] = m.mean_wait_s;
    row[CX_C_AHT_MIN] = m.aht_min;
    row[CX_C_OCCUPANCY] = m.occupancy;
    row[CX_C_MEAN_QUEUE] = m.mean_queue;
    row[CX_C_MEAN_AGENTS] = m.mean_agents;
}

static void model_columns(const cx_sim *S, const cx_period *p, double *row)
{
    const cxi_model *M = &S->M;
    const cxi_snapshot *L = &M->last;
    const cxi_books *b = &L->books;
    const cx_counts *c = &p->counts;
    const cx_tally *t = &p->tally;
    row[CX_C_FCR] = L->fcr;
    row[CX_C_RESOLUTION_RATE] = L->resolution_rate;
    row[CX_C_FIRST_CONTACTS] = (double)t->first_completed;
    row[CX_C_RESOLVED_FIRST] = (double)t->resolved_first;
    row[CX_C_REPEAT_RATE] = ratio((double)t->repeats, (double)c->offered);
    row[CX_C_CSAT] = L->csat;
    row[CX_C_RESOLVED] = (double)t->resolved;
    row[CX_C_REPEATS] = (double)t->repeats;
    row[CX_C_HEADCOUNT] = cxi_headcount(S);
    row[CX_C_IN_PIPELINE] = M->wf.n_recruiting + M->wf.n_classroom;
    row[CX_C_TEMPS] = M->wf.n_temps;
    row[CX_C_HIRES] = (double)t->hires;
    row[CX_C_LEAVERS] = (double)t->leavers;
    row[CX_C_ATTRITION_ANNUAL] = L->attrition_annual;
    row[CX_C_MEAN_TENURE_M] = cxi_mean_tenure_m(S);
    row[CX_C_MEAN_KNOWLEDGE] = cxi_mean_knowledge(S);
    row[CX_C_RATE] = M->con.rate;
    row[CX_C_PROVIDER_REVENUE] = b->revenue;
    row[CX_C_PROVIDER_COST] = b->cost;
    row[CX_C_PROVIDER_MARGIN] = L->margin;
    row[CX_C_CLIENT_FEES] = b->fees;
    row[CX_C_PENALTIES] = b->penalties;
    row[CX_C_GAIN_SHARE] = b->gain;
    row[CX_C_GOVERNANCE_COST] = b->governance;
    row[CX_C_TRANSITION_COST] = b->transition;
    row[CX_C_CHURN_COST] = b->churn_cost;
    row[CX_C_CLIENT_COST] = b->client;
    row[CX_C_CLIENT_TCO_CUM] = M->tco;
    row[CX_C_CLIENT_CASH] = b->cash;
    row[CX_C_CLIENT_CASH_CUM] = M->cash_cum;
    row[CX_C_COST_PER_RESOLUTION] = b->cost_per_resolution;
    row[CX_C_CUSTOMERS] = M->cust.customers;
    row[CX_C_CHURNED] = (double)t->churned;
    row[CX_C_CHURN_RATE] = L->churn_rate;
    row[CX_C_REVENUE_INFLUENCED] = t->revenue_saved;
    row[CX_C_DEFECTS_OPEN] = cxi_open_defects(S);
    row[CX_C_INSIGHTS] = L->insights;
    row[CX_C_DEFECTS_FIXED] = (double)t->fixed;
    row[CX_C_CONTACTS_AVOIDED] = t->avoided;
    row[CX_C_DEFLECTED] = (double)t->deflected;
    row[CX_C_KB] = cxi_kb(S);
    row[CX_C_TRUST] = cxi_trust_level(S);
    row[CX_C_PHASE] = cxi_phase(S);
    row[CX_C_PROVIDER_CHANGES] = M->wf.provider_id - 1;
    row[CX_C_PROFICIENT] = (double)t->proficient;
    row[CX_C_PROFICIENCY_DAYS] = t->proficient ? t->proficient_days / (double)t->proficient : 0;
    row[CX_C_PROVIDER_UNIT_COST] = cxi_get(S, CX_K_COST_RATE);
    row[CX_C_GAIN_SHARE_BASELINE] = M->con.baseline_cpi;
    row[CX_C_FTE] = L->fte;
    row[CX_C_ON_DUTY_OPEN] = L->on_duty_open;
    row[CX_C_SHRINKAGE] = L->shrinkage;
    row[CX_C_MEAN_APTITUDE] = cxi_mean_aptitude(S);
    row[CX_C_SELF_SERVICE_COST] = b->self_service;
    row[CX_C_SS_SESSIONS] = (double)t->ss_sessions;
    row[CX_C_LEAVER_APTITUDE] = t->leavers ? t->leaver_apt / (double)t->leavers : 0;
    _Static_assert(CX_C_AGENTS_PROFICIENT == CX_C_AGENTS_NOVICE + 2, "the knowledge bands are adjacent columns");
    cxi_knowledge_bands(S, row + CX_C_AGENTS_NOVICE); /* novice, developing, proficient */
}

void cxi_month_row(const cx_sim *S, cx_period *p)
{
    memset(p->row, 0, sizeof p->row);
    queue_columns(p, p->row);
    if (S->model) model_columns(S, p, p->row);
}

/* ---- the rows, read by the layers above ---------------------------------- */

int cx_sim_row(const cx_sim *S, size_t month, double *values)
{
    if (month >= S->n_periods) return -1;
    memcpy(values, S->periods[month].row, CX_C_COUNT * sizeof *values);
    return 0;
}

int cx_sim_total_row(const cx_sim *S, double *out)
{
    size_t n = S->n_periods;
    double *rows = malloc((n ? n : 1) * CX_ROW_MAX * sizeof *rows);
    if (!rows) return -1;
    for (size_t i = 0; i < n; i++) memcpy(rows + i * CX_ROW_MAX, S->periods[i].row, sizeof S->periods[i].row);
    cx_row_totals(rows, (int)n, out);
    free(rows);
    return 0;
}

size_t cx_sim_tenures(const cx_sim *S, double *out, size_t max)
{
    size_t n = 0;
    for (uint32_t a = 0; S->model && a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            if (n < max) out[n] = (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
            n++;
        }
    }
    return n;
}
