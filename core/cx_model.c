/* cx_model: the CX model's life cycle, its events, the month end, the policy host API.
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

/* ---- notes ------------------------------------------------------------ */

int cxi_note(cx_sim *S, int kind, double value, const char *fmt, ...)
{
    cxi_model *M = &S->M;
    if (M->n_notes == M->cap_notes) {
        size_t cap = M->cap_notes ? 2 * M->cap_notes : 256;
        cx_note *n = realloc(M->notes, cap * sizeof *n);
        if (!n) return cxi_error(S, CX_ERR_NOMEM, "out of memory recording an event");
        M->notes = n;
        M->cap_notes = cap;
    }
    cx_note *n = &M->notes[M->n_notes++];
    n->t = S->now;
    n->kind = kind;
    n->value = value;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof n->text, fmt, ap);
    va_end(ap);
    return 0;
}

size_t cx_sim_notes(const cx_sim *S) { return S->model ? S->M.n_notes : 0; }

const cx_note *cx_sim_note(const cx_sim *S, size_t i)
{
    return S->model && i < S->M.n_notes ? &S->M.notes[i] : NULL;
}

/* ---- the host API handed to policies ---------------------------------- */

static double host_get(const cx_pctx *ctx, int key)
{
    if (key == CX_K_SIDE) return ctx->side;
    return cxi_get(ctx->S, key);
}

static int host_set(cx_pctx *ctx, int lever, double v)
{
    cx_sim *S = ctx->S;
    const cx_lever_desc *d = cx_lever_info(lever);
    const char *who = ctx->pol ? ctx->pol->name : "?";
    if (!d) {
        S->M.stopped = 1;
        return cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) set an unknown lever %d", who,
                         cx_side_name(ctx->side), lever);
    }
    if (d->side != ctx->side) {
        S->M.stopped = 1;
        return cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) set '%s', a %s lever", who,
                         cx_side_name(ctx->side), d->name, cx_side_name(d->side));
    }
    if (!(v >= d->lo && v <= d->hi)) {
        S->M.stopped = 1;
        return cxi_error(S, CX_ERR_POLICY,
                         "policy '%s' (%s) decided %s = %g: out of range [%g, %g]", who,
                         cx_side_name(ctx->side), d->name, v, d->lo, d->hi);
    }
    if (!S->M.held[lever]) S->M.lever[lever] = v;
    return 0;
}

static double host_lever(const cx_pctx *ctx, int lever)
{
    return lever >= 0 && lever < CX_L_COUNT ? ctx->S->M.lever[lever] : NAN;
}

static double host_option(const cx_pctx *ctx, const char *name)
{
    if (!ctx->pol || !ctx->pol->options) return NAN;
    for (int i = 0; i < ctx->n_opt; i++)
        if (!strcmp(ctx->pol->options[i].name, name)) return ctx->opt[i];
    return NAN;
}

static double host_uniform(cx_pctx *ctx)
{
    return cx_rng_uniform(&ctx->S->rng[CX_STREAM_POLICY]);
}

static void host_note(cx_pctx *ctx, const char *text)
{
    cxi_note(ctx->S, CX_N_POLICY, ctx->side, "%s: %s", ctx->pol ? ctx->pol->name : "?", text);
}

static void host_fail(cx_pctx *ctx, const char *why)
{
    ctx->S->M.stopped = 1;
    cxi_error(ctx->S, CX_ERR_POLICY, "policy '%s' (%s): %s", ctx->pol ? ctx->pol->name : "?",
              cx_side_name(ctx->side), why);
}

static const cx_host_api host_api = {
    .abi = CX_POLICY_ABI,
    .size = sizeof(cx_host_api),
    .get = host_get,
    .set = host_set,
    .lever = host_lever,
    .option = host_option,
    .uniform = host_uniform,
    .note = host_note,
    .fail = host_fail,
};

int cxi_call(cx_sim *S, int side, int point)
{
    cx_pctx *ctx = &S->M.slot[side];
    if (!ctx->pol || !ctx->pol->at[point]) return 0;
    S->M.in_policy = side;
    if (S->call_hook) S->call_hook(S->call_ud, S, side, point, 1);
    int rc = ctx->pol->at[point](ctx->self, &host_api, ctx);
    if (S->call_hook) S->call_hook(S->call_ud, S, side, point, 0);
    S->M.in_policy = -1;
    if (S->M.stopped) {
        if (!S->err[0])
            cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) stopped the run at %s", ctx->pol->name,
                      cx_side_name(side), cx_point_name(point));
        return CX_ERR_POLICY;
    }
    if (rc) {
        S->M.stopped = 1;
        if (!S->err[0])
            cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) stopped the run at %s", ctx->pol->name,
                      cx_side_name(side), cx_point_name(point));
        return CX_ERR_POLICY;
    }
    return 0;
}

/* Create a side's policy instance (at the start, and for a new provider). */
int cxi_policy_start(cx_sim *S, int side)
{
    cx_pctx *ctx = &S->M.slot[side];
    if (!ctx->pol) return 0;
    if (ctx->self && ctx->pol->destroy) ctx->pol->destroy(ctx->self);
    ctx->self = NULL;
    if (ctx->pol->create) {
        S->M.in_policy = side;
        if (S->call_hook) S->call_hook(S->call_ud, S, side, CX_POINT_COUNT, 1);
        ctx->self = ctx->pol->create(&host_api, ctx);
        if (S->call_hook) S->call_hook(S->call_ud, S, side, CX_POINT_COUNT, 0);
        S->M.in_policy = -1;
        if (!ctx->self)
            return S->M.stopped ? CX_ERR_POLICY
                                : cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) could not start",
                                            ctx->pol->name, cx_side_name(side));
    }
    int rc = cxi_call(S, side, CX_AT_START);
    if (side == CX_PROVIDER) memcpy(S->M.bid_levers, S->M.lever, sizeof S->M.lever);
    return rc;
}

int cx_sim_set_policy(cx_sim *S, int side, const cx_policy *pol, const cx_policy_spec *spec,
                      int *line)
{
    static const char *const sides[] = {"client", "provider"};
    if (line) *line = spec ? spec->line : 0;
    if (side < 0 || side >= CX_SIDE_COUNT)
        return cxi_error(S, CX_ERR_PARAM, "no side %d", side);
    if (!S->model || S->M.started)
        return cxi_error(S, CX_ERR_STATE, "policies are attached before the run starts");
    if (!pol || !pol->name)
        return cxi_error(S, CX_ERR_PARAM, "field '%s.policy': no policy", sides[side]);
    if (pol->abi != CX_POLICY_ABI || pol->size < offsetof(cx_policy, at))
        return cxi_error(S, CX_ERR_PARAM, "policy '%s': built for ABI %d, this host speaks %d",
                         pol->name, pol->abi, CX_POLICY_ABI);
    if (!(pol->sides & (1u << side)))
        return cxi_error(S, CX_ERR_PARAM, "field '%s.policy': policy '%s' cannot play the %s",
                         sides[side], pol->name, sides[side]);
    cx_pctx *ctx = &S->M.slot[side];
    ctx->S = S;
    ctx->side = side;
    ctx->pol = pol;
    ctx->n_opt = 0;
    for (const cx_option *o = pol->options; o && o->name && ctx->n_opt < CX_MAX_OPTIONS; o++)
        ctx->opt[ctx->n_opt++] = o->def;
    for (int i = 0; spec && i < spec->n_options; i++) {
        int k = -1;
        for (int j = 0; j < ctx->n_opt; j++)
            if (!strcmp(pol->options[j].name, spec->opt_name[i])) k = j;
        if (line) *line = spec->opt_line[i] ? spec->opt_line[i] : spec->line;
        if (k < 0) {
            char known[400] = "";
            size_t used = 0;
            for (int j = 0; j < ctx->n_opt && used < sizeof known; j++)
                used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", j ? ", " : "",
                                         pol->options[j].name);
            return cxi_error(S, CX_ERR_PARAM, "field '%s.%s': policy '%s' has no such option (it has: %s)",
                             sides[side], spec->opt_name[i], pol->name, ctx->n_opt ? known : "none");
        }
        const cx_option *o = &pol->options[k];
        double v = spec->opt_value[i];
        if (!(v >= o->lo && v <= o->hi))
            return cxi_error(S, CX_ERR_PARAM, "field '%s.%s': must be between %g and %g (got %g)",
                             sides[side], o->name, o->lo, o->hi, v);
        ctx->opt[k] = v;
    }
    if (line) *line = 0;
    return 0;
}

int cx_sim_override(cx_sim *S, int lever, double value)
{
    const cx_lever_desc *d = cx_lever_info(lever);
    if (!S->model || !d) return cxi_error(S, CX_ERR_PARAM, "no lever %d", lever);
    if (!(value >= d->lo && value <= d->hi))
        return cxi_error(S, CX_ERR_PARAM, "lever '%s' must be between %g and %g (got %g)", d->name,
                         d->lo, d->hi, value);
    S->M.lever[lever] = value;
    S->M.held[lever] = 1;
    return cxi_note(S, CX_N_OVERRIDE, value, "what-if: %s = %g from now on", d->name, value);
}

double cx_sim_lever(const cx_sim *S, int lever)
{
    return S->model && lever >= 0 && lever < CX_L_COUNT ? S->M.lever[lever] : NAN;
}

/* ---- keys --------------------------------------------------------------- */

static int open_defects(const cx_sim *S)
{
    int n = 0;
    for (uint32_t i = 0; i < S->M.n_defects; i++) n += S->M.defects[i].open;
    return n;
}

double cxi_get(const cx_sim *S, int key)
{
    const cxi_model *M = &S->M;
    const double *L = M->last;
    switch (key) {
    case CX_K_MONTH: return (double)S->n_periods;
    case CX_K_SERVICE_LEVEL: return L[CX_C_SERVICE_LEVEL];
    case CX_K_ABANDON_RATE: return L[CX_C_ABANDON_RATE];
    case CX_K_ASA_S: return L[CX_C_ASA_S];
    case CX_K_AHT_MIN: return L[CX_C_AHT_MIN];
    case CX_K_FCR: return L[CX_C_FCR];
    case CX_K_CSAT: return L[CX_C_CSAT];
    case CX_K_OCCUPANCY: return L[CX_C_OCCUPANCY];
    case CX_K_OFFERED: return L[CX_C_OFFERED];
    case CX_K_HEADCOUNT: return cxi_headcount(S);
    case CX_K_IN_PIPELINE: return M->n_recruiting + M->n_classroom;
    case CX_K_ATTRITION: return L[CX_C_ATTRITION_ANNUAL];
    case CX_K_MEAN_TENURE_M: return cxi_mean_tenure_m(S);
    case CX_K_MEAN_KNOWLEDGE: return cxi_mean_knowledge(S);
    case CX_K_REQUIRED_AGENTS: return M->required_mean;
    case CX_K_REQUIRED_HEADCOUNT: return M->target_headcount;
    case CX_K_TRUST: return M->trust;
    case CX_K_PHASE: return M->phase;
    case CX_K_RATE: return M->rate;
    case CX_K_PROVIDER_REVENUE: return L[CX_C_PROVIDER_REVENUE];
    case CX_K_PROVIDER_COST: return L[CX_C_PROVIDER_COST];
    case CX_K_PROVIDER_MARGIN: return L[CX_C_PROVIDER_MARGIN];
    case CX_K_COST_PER_RESOLUTION: return L[CX_C_COST_PER_RESOLUTION];
    case CX_K_CONTRACT_YEAR: return M->contract_years;
    case CX_K_PROVIDER_MONTHS: return floor((S->now - M->provider_start) / CX_MINUTES_PER_MONTH + 1e-9);
    case CX_K_OPEN_DEFECTS: return open_defects(S);
    case CX_K_INSIGHTS: return L[CX_C_INSIGHTS];
    case CX_K_CUSTOMERS: return M->customers;
    case CX_K_CHURN: return L[CX_C_CHURN_RATE];
    case CX_K_INCIDENT: return M->incident;
    case CX_K_SLA_TARGET: return M->lever[CX_L_SLA_TARGET];
    case CX_K_PAY_REL: return M->lever[CX_L_PAY_REL];
    case CX_K_RATE_CHANGE_ASKED: return M->rate_asked;
    case CX_K_MARKET_RATE:
        return cxi_bid_rate(S, M->bid_levers[CX_L_PAY_REL], M->bid_levers[CX_L_TRAINING_HOURS],
                            M->bid_levers[CX_L_SPAN], M->bid_levers[CX_L_MARGIN_TARGET],
                            M->bid_levers[CX_L_KB_INVEST]);
    case CX_K_REFUSED: return M->refused;
    case CX_K_GAIN_SHARE: return M->lever[CX_L_GAIN_SHARE];
    case CX_K_KB: return M->kb;
    case CX_K_YEARS: return S->now / CX_MINUTES_PER_YEAR;
    default: return NAN;
    }
}

double cx_sim_get(const cx_sim *S, int key)
{
    return S->model ? cxi_get(S, key) : NAN;
}

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
    for (uint32_t a = 0; S->model && a < S->n_agents; a++) {
        const cxi_agent *ag = &S->agents[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            if (n < max) out[n] = (S->now - ag->hired) / CX_MINUTES_PER_DAY;
            n++;
        }
    }
    return n;
}

/* ---- life cycle ---------------------------------------------------------- */

int cxi_model_init(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_params *P = &S->P;
    M->in_policy = -1;
    for (int l = 0; l < CX_L_COUNT; l++) M->lever[l] = cx_lever_info(l)->def;
    M->keep = 1.0;
    M->kb = 0.0;
    M->ceiling = P->m.ceiling_base;
    M->occupancy = 0.8;
    M->trust = P->m.trust_initial;
    M->phase = -1;
    M->customers = M->customers_month = P->m.customers;
    M->complex_share = P->m.complex_share;
    M->provider_id = 1;
    M->plan_gain = 1.0;
    if (cxi_ring_init(&M->off_duty, 256) || cxi_ring_init(&M->on_duty, 256)) return -1;
    if (cxi_demand_init(S)) return -1;
    if (!cx_calendar_push(&S->cal, 0.0, CXI_EV_DAY, 0)) return -1;
    if (P->on.schedules && !cx_calendar_push(&S->cal, 0.0, CXI_EV_INTERVAL, 0)) return -1;
    return 0;
}

void cxi_model_free(cx_sim *S)
{
    cxi_model *M = &S->M;
    for (int s = 0; s < CX_SIDE_COUNT; s++)
        if (M->slot[s].pol && M->slot[s].self && M->slot[s].pol->destroy)
            M->slot[s].pol->destroy(M->slot[s].self);
    free(M->notes);
    free(M->off_duty.buf);
    free(M->on_duty.buf);
    free(M->defects);
    free(M->changes);
}

/* Phase from trust, with a little hysteresis so a phase does not flicker. */
static void update_phase(cx_sim *S)
{
    static const double up[4] = {0, 0.25, 0.5, 0.7};
    cxi_model *M = &S->M;
    int ph = M->phase < 0 ? 0 : M->phase;
    while (ph < 3 && M->trust >= up[ph + 1]) ph++;
    while (ph > 0 && M->trust < up[ph] - 0.03) ph--;
    if (M->phase < 0) {
        while (ph > 0 && M->trust < up[ph]) ph--;
    }
    if (ph != M->phase) {
        if (M->phase >= 0 || S->n_periods > 0)
            cxi_note(S, CX_N_PHASE, ph, "relationship phase: %s (trust %.2f)", cx_phase_name(ph), M->trust);
        M->phase = ph;
    }
}

int cxi_model_start(cx_sim *S)
{
    cxi_model *M = &S->M;
    M->started = 1;
    update_phase(S);
    for (int s = 0; s < CX_SIDE_COUNT; s++) {
        int rc = cxi_policy_start(S, s);
        if (rc) return rc;
    }
    if (!M->slot[CX_PROVIDER].pol) memcpy(M->bid_levers, M->lever, sizeof M->lever);
    int rc = cxi_staffing_plan(S);
    if (rc) return rc;
    /* the opening team: hired and trained before go-live */
    int team = S->P.on.schedules ? M->target_headcount : S->P.agents;
    for (int i = 0; i < team; i++)
        if (cxi_hire(S, 0, 1)) return cxi_error(S, CX_ERR_NOMEM, "out of memory hiring the team");
    M->rate = cxi_bid_rate(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_TRAINING_HOURS],
                           M->lever[CX_L_SPAN], M->lever[CX_L_MARGIN_TARGET],
                           M->lever[CX_L_KB_INVEST]);
    M->provider_start = M->term_start = 0;
    return cxi_roster(S);
}

int cxi_model_event(cx_sim *S, const cx_event *ev)
{
    int rc = 0;
    switch (ev->kind) {
    case CXI_EV_REPEAT: rc = cxi_on_repeat(S, ev->id); break;
    case CXI_EV_DEFECT_ARRIVAL: rc = cxi_on_defect_arrival(S, ev->id); break;
    case CXI_EV_INTERVAL:
        rc = cxi_workforce_interval(S);
        if (!rc && !cx_calendar_push(&S->cal, S->now + 30.0, CXI_EV_INTERVAL, 0)) rc = -1;
        break;
    case CXI_EV_DAY:
        cxi_economics_day(S);
        cxi_learn_day(S);
        rc = cxi_attrition_day(S);
        if (!rc && !cx_calendar_push(&S->cal, S->now + CX_MINUTES_PER_DAY, CXI_EV_DAY, 0)) rc = -1;
        break;
    case CXI_EV_QUIT:
        if (S->agents[ev->id].quit_seq == ev->seq) rc = cxi_quit(S, ev->id, 1);
        break;
    case CXI_EV_PIPELINE:
        if (S->agents[ev->id].pipe_seq == ev->seq) rc = cxi_pipeline_step(S, ev->id);
        break;
    case CXI_EV_CUTOVER: rc = cxi_contract_cutover(S); break;
    default: rc = cxi_demand_event(S, ev); break;
    }
    if (rc && !S->err[0]) cxi_error(S, CX_ERR_NOMEM, "out of memory at t=%.3f min", S->now);
    return rc ? (rc < 0 ? rc : CX_ERR_STATE) : 0;
}

/* ---- the month end -------------------------------------------------------- */

static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

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

static void model_columns(cx_sim *S, const cx_counts *c, double *row)
{
    cxi_model *M = &S->M;
    row[CX_C_FCR] = ratio((double)c->resolved, (double)c->completed);
    row[CX_C_REPEAT_RATE] = ratio((double)c->repeats, (double)c->offered);
    row[CX_C_CSAT] = ratio((double)c->csat_top, (double)c->completed);
    row[CX_C_RESOLVED] = (double)c->resolved;
    row[CX_C_REPEATS] = (double)c->repeats;
    double heads = cxi_headcount(S);
    row[CX_C_HEADCOUNT] = heads;
    row[CX_C_IN_PIPELINE] = M->n_recruiting + M->n_classroom;
    row[CX_C_TEMPS] = M->n_temps;
    row[CX_C_HIRES] = (double)c->hires;
    row[CX_C_LEAVERS] = (double)c->leavers;
    /* trailing twelve months: leavers over mean headcount, annualised */
    int k = (int)(S->n_periods - 1) % 12;
    M->leavers12[k] = (double)c->leavers;
    M->heads12[k] = heads + M->n_classroom;
    int n = S->n_periods < 12 ? (int)S->n_periods : 12;
    double lv = 0, hd = 0;
    for (int i = 0; i < n; i++) {
        lv += M->leavers12[i];
        hd += M->heads12[i];
    }
    row[CX_C_ATTRITION_ANNUAL] = hd > 0 ? lv / (hd / n) * 12.0 / n : 0;
    row[CX_C_MEAN_TENURE_M] = cxi_mean_tenure_m(S);
    row[CX_C_MEAN_KNOWLEDGE] = cxi_mean_knowledge(S);
    cxi_customers_month(S);
    cxi_economics_month(S, c, row);
    row[CX_C_CUSTOMERS] = M->customers;
    row[CX_C_CHURNED] = (double)c->churned;
    row[CX_C_CHURN_RATE] = ratio((double)c->churned + M->base_churned, M->customers_month);
    row[CX_C_REVENUE_INFLUENCED] = c->revenue_saved;
    row[CX_C_DEFECTS_OPEN] = open_defects(S);
    row[CX_C_INSIGHTS] = (double)c->reported;
    row[CX_C_DEFECTS_FIXED] = (double)c->fixed;
    row[CX_C_CONTACTS_AVOIDED] = c->avoided;
    row[CX_C_DEFLECTED] = (double)c->deflected;
    row[CX_C_KB] = M->kb;
    row[CX_C_TRUST] = M->trust;
    row[CX_C_PHASE] = M->phase;
    row[CX_C_PROVIDER_CHANGES] = M->provider_id - 1;
    M->customers_month = M->customers;
}

int cxi_model_month(cx_sim *S, cx_period *p)
{
    memset(p->row, 0, sizeof p->row);
    queue_columns(p, p->row);
    if (!S->model) return 0;
    cxi_model *M = &S->M;
    const cx_counts *c = &p->counts;
    model_columns(S, c, p->row);
    memcpy(M->last, p->row, sizeof M->last);
    M->occupancy = p->row[CX_C_OCCUPANCY];

    /* what the month did to the relationship, the intelligence and the knowledge base */
    cxi_relationship_month(S);
    cxi_intelligence_month(S);
    cxi_learn_month(S);

    /* incidents: an SLA breach, or CSAT a clear step below its recent level */
    double sl = p->row[CX_C_SERVICE_LEVEL], csat = p->row[CX_C_CSAT];
    int breach = sl < M->lever[CX_L_SLA_TARGET];
    int drop = S->n_periods > 3 && csat < M->csat_ref - 0.03;
    M->incident = (breach ? 1 : 0) | (drop ? 2 : 0);
    M->csat_ref = S->n_periods == 1 ? csat : 0.7 * M->csat_ref + 0.3 * csat;

    /* decisions */
    int rc;
    for (int s = 0; s < CX_SIDE_COUNT; s++)
        if ((rc = cxi_call(S, s, CX_AT_MONTH))) return rc;
    if (S->n_periods % 3 == 0) {
        if (M->lever[CX_L_STRATEGIC_REVIEWS] >= 0.5) {
            M->money.governance += S->P.m.strategic_hours * S->P.m.governance_hour;
            M->reviews++;
            if (S->P.on.trust) cxi_trust(S, S->P.m.trust_step, "strategic review");
            /* a strategic review in partnership launches a joint initiative */
            int joint = M->phase >= 3;
            if (joint) M->kb += (1 - M->kb) * 0.1;
            cxi_note(S, CX_N_REVIEW, joint, joint ? "strategic review: joint initiative (knowledge base)"
                                                  : "strategic review");
        }
        for (int s = 0; s < CX_SIDE_COUNT; s++)
            if ((rc = cxi_call(S, s, CX_AT_REVIEW))) return rc;
    }
    if ((rc = cxi_contract_month(S, p->row))) return rc;
    if (M->incident) {
        if ((rc = cxi_call(S, CX_CLIENT, CX_AT_INCIDENT))) return rc;
        if ((rc = cxi_call(S, CX_PROVIDER, CX_AT_INCIDENT))) return rc;
        if ((rc = cxi_rca(S))) return rc;
    }
    update_phase(S);
    if ((rc = cxi_staffing_plan(S))) return rc;
    return cxi_hiring_top_up(S);
}
