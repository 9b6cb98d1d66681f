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
    n->t = S->E.now;
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
    cx_policy_fn fn = cx_policy_at(ctx->pol, point);
    if (!fn) return 0;
    S->M.in_policy = side;
    if (S->call_hook) S->call_hook(S->call_ud, S, side, point, 1);
    int rc = fn(ctx->self, &host_api, ctx);
    if (S->call_hook) S->call_hook(S->call_ud, S, side, point, 0);
    S->M.in_policy = -1;
    if (S->M.stopped) {
        if (!S->E.err[0])
            cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) stopped the run at %s", ctx->pol->name,
                      cx_side_name(side), cx_point_name(point));
        return CX_ERR_POLICY;
    }
    if (rc) {
        S->M.stopped = 1;
        if (!S->E.err[0])
            cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) stopped the run at %s", ctx->pol->name,
                      cx_side_name(side), cx_point_name(point));
        return CX_ERR_POLICY;
    }
    return 0;
}

/* Destroy a side's instance (one that create made; never the table's self). */
static void policy_release(cx_pctx *ctx)
{
    if (ctx->pol && ctx->pol->create && ctx->self && ctx->pol->destroy) ctx->pol->destroy(ctx->self);
    ctx->self = NULL;
}

int cx_policy_check_abi(const cx_policy *p, const char *what, char *err, size_t n)
{
    if (p->abi != CX_POLICY_ABI) {
        snprintf(err, n, "%s: built for policy ABI %d, this cxsim speaks ABI %d (rebuild it against "
                 "core/cx_policy.h)", what, p->abi, CX_POLICY_ABI);
        return -1;
    }
    if (p->size < CX_POLICY_MIN_SIZE) {
        snprintf(err, n, "%s: policy table of %zu bytes, ABI %d needs at least %zu (rebuild it against "
                 "core/cx_policy.h)", what, p->size, CX_POLICY_ABI, (size_t)CX_POLICY_MIN_SIZE);
        return -1;
    }
    if (p->n_at < 0 || (p->n_at > 0 && !p->at)) {
        snprintf(err, n, "%s: policy table declares %d decision points%s", what, p->n_at,
                 p->n_at < 0 ? "" : " but no at[] array");
        return -1;
    }
    return 0;
}

/* Create a side's policy instance (at the start, and for a new provider). */
int cxi_policy_start(cx_sim *S, int side)
{
    cx_pctx *ctx = &S->M.slot[side];
    if (!ctx->pol) return 0;
    policy_release(ctx);
    ctx->self = ctx->pol->self; /* the instance of a policy without create */
    if (ctx->pol->create) {
        S->M.in_policy = side;
        if (S->call_hook) S->call_hook(S->call_ud, S, side, CX_POINT_COUNT, 1);
        ctx->self = ctx->pol->create(ctx->pol->self, &host_api, ctx);
        if (S->call_hook) S->call_hook(S->call_ud, S, side, CX_POINT_COUNT, 0);
        S->M.in_policy = -1;
        if (!ctx->self)
            return S->M.stopped ? CX_ERR_POLICY
                                : cxi_error(S, CX_ERR_POLICY, "policy '%s' (%s) could not start",
                                            ctx->pol->name, cx_side_name(side));
    }
    int rc = cxi_call(S, side, CX_AT_START);
    if (side == CX_PROVIDER) memcpy(S->M.con.bid_levers, S->M.lever, sizeof S->M.lever);
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
    char what[64], why[320];
    snprintf(what, sizeof what, "field '%s.policy'", sides[side]);
    if (pol && cx_policy_check_abi(pol, what, why, sizeof why)) return cxi_error(S, CX_ERR_PARAM, "%s", why);
    if (!pol || !pol->name)
        return cxi_error(S, CX_ERR_PARAM, "field '%s.policy': no policy", sides[side]);
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

double cxi_get(const cx_sim *S, int key)
{
    const cxi_model *M = &S->M;
    const cxi_snapshot *L = &M->last;
    switch (key) {
    case CX_K_MONTH: return (double)S->n_periods;
    case CX_K_SERVICE_LEVEL: return L->q.service_level;
    case CX_K_ABANDON_RATE: return L->q.p_abandon;
    case CX_K_ASA_S: return L->q.asa_s;
    case CX_K_AHT_MIN: return L->q.aht_min;
    case CX_K_FCR: return L->fcr;
    case CX_K_CSAT: return L->csat;
    case CX_K_OCCUPANCY: return L->q.occupancy;
    case CX_K_OFFERED: return L->offered;
    case CX_K_HEADCOUNT: return cxi_headcount(S);
    case CX_K_IN_PIPELINE: return M->wf.n_recruiting + M->wf.n_classroom;
    case CX_K_ATTRITION: return L->attrition_annual;
    case CX_K_MEAN_TENURE_M: return cxi_mean_tenure_m(S);
    case CX_K_MEAN_KNOWLEDGE: return cxi_mean_knowledge(S);
    case CX_K_REQUIRED_AGENTS: return M->staff.required_mean;
    case CX_K_REQUIRED_HEADCOUNT: return M->staff.target_headcount;
    case CX_K_TRUST: return cxi_trust_level(S);
    case CX_K_PHASE: return cxi_phase(S);
    case CX_K_RATE: return M->con.rate;
    case CX_K_PROVIDER_REVENUE: return L->books.revenue;
    case CX_K_PROVIDER_COST: return L->books.cost;
    case CX_K_PROVIDER_MARGIN: return L->margin;
    case CX_K_COST_PER_RESOLUTION: return L->books.cost_per_resolution;
    case CX_K_CONTRACT_YEAR: return M->con.contract_years;
    case CX_K_PROVIDER_MONTHS: return floor((S->E.now - M->con.provider_start) / CX_MINUTES_PER_MONTH + 1e-9);
    case CX_K_OPEN_DEFECTS: return cxi_open_defects(S);
    case CX_K_INSIGHTS: return L->insights;
    case CX_K_CUSTOMERS: return M->cust.customers;
    case CX_K_CHURN: return L->churn_rate;
    case CX_K_INCIDENT: return M->incident;
    case CX_K_SLA_TARGET: return M->lever[CX_L_SLA_TARGET];
    case CX_K_PAY_REL: return M->lever[CX_L_PAY_REL];
    case CX_K_RATE_CHANGE_ASKED: return M->con.rate_asked;
    case CX_K_MARKET_RATE:
        return cxi_bid_rate(S, M->con.bid_levers[CX_L_PAY_REL], M->con.bid_levers[CX_L_TRAINING_HOURS],
                            M->con.bid_levers[CX_L_SPAN], M->con.bid_levers[CX_L_MARGIN_TARGET],
                            M->con.bid_levers[CX_L_KB_INVEST]);
    case CX_K_REFUSED: return M->con.refused;
    case CX_K_GAIN_SHARE: return M->lever[CX_L_GAIN_SHARE];
    case CX_K_KB: return cxi_kb(S);
    case CX_K_YEARS: return S->E.now / CX_MINUTES_PER_YEAR;
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
    for (uint32_t a = 0; S->model && a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if ((ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE) && !ag->temp) {
            if (n < max) out[n] = (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
            n++;
        }
    }
    return n;
}

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
    for (int s = 0; s < CX_SIDE_COUNT; s++) policy_release(&M->slot[s]);
    free(M->notes);
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

    /* decisions */
    int rc;
    for (int s = 0; s < CX_SIDE_COUNT; s++)
        if ((rc = cxi_call(S, s, CX_AT_MONTH))) return rc;
    if (S->n_periods % 3 == 0) {
        if (M->lever[CX_L_STRATEGIC_REVIEWS] >= 0.5) {
            cxi_charge(S, CXI_COST_GOVERNANCE, m->strategic_hours * m->governance_hour);
            M->reviews++;
            if (S->P.on.trust) cxi_trust(S, m->trust_step, "strategic review");
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
        for (int s = 0; s < CX_SIDE_COUNT; s++) policy_release(&S->M.slot[s]);
    return 0;
}
