/* cx_host: the policy host: the API handed to policies (read keys, set
 * levers, options, randomness, notes, failure), decision points, starting
 * and releasing policy instances, what-if overrides, and the keys a policy
 * reads (from the model's snapshot of the last closed month). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxi.h"

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
    if (S->M.held[lever]) return 0;
    /* a provider's pay decision during its contract is an event (the
     * article's chain starts with it); its opening pay is not */
    double was = S->M.lever[lever];
    S->M.lever[lever] = v;
    if (lever == CX_L_PAY_REL && v != was && S->n_periods > 0 && S->M.con.provider_start < S->E.now)
        return cxi_note(S, CX_N_POLICY, v, "%s: pay %s to %.2f of market (was %.2f)", who, v < was ? "cut" : "raised", v, was);
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

/* The key's values at the last n month closes, oldest first. */
static int host_history(const cx_pctx *ctx, int key, int n, double *out)
{
    const cxi_model *M = &ctx->S->M;
    if (key < 0 || key >= CX_K_COUNT) return -1;
    if (n <= 0 || !out) return 0;
    size_t k = (size_t)n < M->n_hist ? (size_t)n : M->n_hist;
    for (size_t i = 0; i < k; i++) {
        size_t row = M->n_hist - k + i;
        out[i] = key == CX_K_SIDE ? ctx->side : M->hist[row * CX_K_COUNT + (size_t)key];
    }
    return (int)k;
}

/* A scenario field by its dotted path, as a number (NAN: unknown or not a number). */
static double host_param(const cx_pctx *ctx, const char *field)
{
    const cx_param_desc *d = field ? cx_param_find(cx_param_table, field) : NULL;
    if (!d) return NAN;
    const char *p = (const char *)&ctx->S->P + d->offset;
    switch (d->type) {
    case CX_PT_REAL: return *(const double *)p;
    case CX_PT_INT:
    case CX_PT_BOOL:
    case CX_PT_ENUM: return *(const int *)p;
    case CX_PT_SEED: return (double)*(const uint64_t *)p;
    default: return NAN;
    }
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
    .history = host_history,
    .param = host_param,
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

/* Keep every key of the month just closed (before its decisions), so a
 * policy reads any key's past (api->history). */
int cxi_history_close(cx_sim *S)
{
    cxi_model *M = &S->M;
    if (M->n_hist == M->cap_hist) {
        size_t cap = M->cap_hist ? 2 * M->cap_hist : 64;
        double *h = realloc(M->hist, cap * CX_K_COUNT * sizeof *h);
        if (!h) return cxi_error(S, CX_ERR_NOMEM, "out of memory keeping the month's keys");
        M->hist = h;
        M->cap_hist = cap;
    }
    double *row = M->hist + M->n_hist * CX_K_COUNT;
    for (int k = 0; k < CX_K_COUNT; k++) row[k] = cxi_get(S, k);
    M->n_hist++;
    return 0;
}

void cxi_history_free(cx_sim *S)
{
    free(S->M.hist);
    S->M.hist = NULL;
    S->M.n_hist = S->M.cap_hist = 0;
}

/* Destroy a side's instance (one that create made; never the table's self). */
void cxi_policy_release(cx_pctx *ctx)
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
    if (side == CX_PROVIDER) { /* the team it hires now is its set-up */
        S->M.con.opening = 1;
        S->M.con.opening_at = S->E.now;
    }
    if (!ctx->pol) return 0;
    cxi_policy_release(ctx);
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
    case CX_K_MARKET_RATE: return cxi_market_bid(S);
    case CX_K_REFUSED: return M->con.refused;
    case CX_K_GAIN_SHARE: return M->lever[CX_L_GAIN_SHARE];
    case CX_K_KB: return cxi_kb(S);
    case CX_K_YEARS: return S->E.now / CX_MINUTES_PER_YEAR;
    case CX_K_CONTRACT_ROUND: return M->con.round;
    case CX_K_RATE_ASKED_BY_PROVIDER: return M->con.provider_ask;
    case CX_K_RATE_GRANTED: return M->con.granted;
    case CX_K_COST_RATE:
    case CX_K_PRICE_NEEDED:
    case CX_K_PROVIDER_MARGIN_YEAR:
    case CX_K_GAIN_SHARE_YEAR: {
        cxi_quote q;
        cxi_provider_quote(S, M->lever[CX_L_MARGIN_TARGET], 1, &q); /* zeros without books */
        return key == CX_K_COST_RATE ? q.cost_rate : key == CX_K_PRICE_NEEDED ? q.price
             : key == CX_K_PROVIDER_MARGIN_YEAR ? q.margin : q.gain;
    }
    case CX_K_GAIN_SHARE_EARNED: return M->con.gain_last;
    case CX_K_GAIN_SHARE_BASELINE: return M->con.baseline_cpi;
    case CX_K_CUT_SAVING: return M->con.presented.saving;
    case CX_K_CUT_COST: return M->con.presented.cost;
    case CX_K_TENDER_SAVING: return M->con.outlook.tender;
    case CX_K_SAVINGS_PROJECTED: return M->con.outlook.projected;
    case CX_K_TENDER_ENTRANT: return M->con.bid.entrant;
    case CX_K_TENDER_BID_BEST: return M->con.bid.best;
    case CX_K_TENDER_BID_FLOOR: return M->con.bid.floor;
    default: return NAN;
    }
}

double cx_sim_get(const cx_sim *S, int key)
{
    return S->model ? cxi_get(S, key) : NAN;
}
