/* cx_mix: the lever-mixing policy (see cx_mix.h for what each arm sees). */
#include "cx_mix.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_policy_host.h"
#include "cx_rng.h"

/* One arm of a running instance: a policy, its options, its shadow levers.
 * Handed to the arm's policy as its (opaque) cx_pctx. */
typedef struct arm {
    struct inst *in;          /* the instance it belongs to */
    int which;                /* 0: the first regime's policy, 1: the second's */
    const cx_policy *pol;     /* its policy */
    void *self;               /* its policy's instance */
    double opt[CX_MAX_OPTIONS]; /* its option values, in declared order */
    int n_opt;                /* declared options */
    double shadow[CX_L_COUNT]; /* its own last setting of each lever */
    cx_rng rng;               /* private stream when it is not the lead */
} arm;

/* A running instance of the mixer (one per create: a new provider gets a new one). */
typedef struct inst {
    cx_mix *m;                /* the mixer */
    const cx_host_api *api;   /* the run's API during the current call */
    cx_pctx *ctx;             /* the run's context during the current call */
    double seen[CX_L_COUNT];  /* the run's levers when the mixer last looked */
    arm arms[2];
} inst;

struct cx_mix {
    int side;                 /* cx_side it plays */
    unsigned groups;          /* bit g: group g's levers from arm 1 */
    int lead;                 /* arm drawing from the run's stream and writing notes */
    uint64_t seed;            /* private streams */
    unsigned differ;          /* groups whose settings differed */
    const cx_policy *pol[2];  /* the arms' policies */
    const cx_policy_spec *spec[2]; /* their options */
    cx_policy table;          /* what the run attaches */
    cx_policy_fn at[CX_POINT_COUNT];
};

int cx_mix_group(int lever)
{
    switch (lever) {
    case CX_L_PAY_REL: return CX_G_PAY;
    case CX_L_TRAINING_HOURS:
    case CX_L_SPAN: return CX_G_PEOPLE;
    case CX_L_KB_INVEST: return CX_G_KB;
    case CX_L_STAFF_SL:
    case CX_L_STAFF_BUFFER:
    case CX_L_TEMPS: return CX_G_STAFFING;
    case CX_L_TRANSPARENCY: return CX_G_REPORTING;
    case CX_L_ACCEPT_RATE_CHANGE:
    case CX_L_MARGIN_TARGET:
    case CX_L_RATE_CHANGE:
    case CX_L_SLA_TARGET:
    case CX_L_PENALTY:
    case CX_L_GAIN_SHARE:
    case CX_L_REBID:
    case CX_L_CONTRACT_YEARS:
    case CX_L_RATE_ASK:
    case CX_L_NOTICE:
    case CX_L_RATE_GRANTED:
    case CX_L_TENDER_BID: return CX_G_CONTRACT;
    case CX_L_STRATEGIC_REVIEWS:
    case CX_L_SHARE_CHANGES:
    case CX_L_FIX_DAYS:
    case CX_L_JOINT_RCA: return CX_G_GOVERNANCE;
    default: return CX_G_OTHER;
    }
}

static const char *const group_names[] = {
#define CX_MIX_GROUP_NAME_(id, name, doc) name,
    CX_MIX_GROUPS(CX_MIX_GROUP_NAME_)
#undef CX_MIX_GROUP_NAME_
};
static const char *const group_docs[] = {
#define CX_MIX_GROUP_DOC_(id, name, doc) doc,
    CX_MIX_GROUPS(CX_MIX_GROUP_DOC_)
#undef CX_MIX_GROUP_DOC_
};

const char *cx_mix_group_name(int g) { return g >= 0 && g < CX_G_COUNT ? group_names[g] : "?"; }
const char *cx_mix_group_doc(int g) { return g >= 0 && g < CX_G_COUNT ? group_docs[g] : "?"; }

/* 1 when arm a's setting of lever l reaches the run. */
static int chosen(const arm *a, int l)
{
    return ((a->in->m->groups >> cx_mix_group(l)) & 1u) == (unsigned)a->which;
}

static int lead(const arm *a) { return a->in->m->lead == a->which; }

/* ---- the proxy host API each arm's policy is handed ---------------------- */

static double px_get(const cx_pctx *c, int key)
{
    const arm *a = (const arm *)c;
    if (key == CX_K_SIDE) return a->in->m->side;
    return a->in->api->get(a->in->ctx, key);
}

static int px_set(cx_pctx *c, int lever, double v)
{
    arm *a = (arm *)c;
    const cx_lever_desc *d = cx_lever_info(lever);
    if (!d || d->side != a->in->m->side || !(v >= d->lo && v <= d->hi))
        return a->in->api->set(a->in->ctx, lever, v); /* the host refuses it with its message */
    a->shadow[lever] = v;
    return chosen(a, lever) ? a->in->api->set(a->in->ctx, lever, v) : 0;
}

static double px_lever(const cx_pctx *c, int lever)
{
    const arm *a = (const arm *)c;
    if (lever < 0 || lever >= CX_L_COUNT) return NAN;
    const cx_lever_desc *d = cx_lever_info(lever);
    if (d->side != a->in->m->side || chosen(a, lever)) return a->in->api->lever(a->in->ctx, lever);
    return a->shadow[lever];
}

static double px_option(const cx_pctx *c, const char *name)
{
    const arm *a = (const arm *)c;
    for (int i = 0; i < a->n_opt; i++)
        if (!strcmp(a->pol->options[i].name, name)) return a->opt[i];
    return NAN;
}

static double px_uniform(cx_pctx *c)
{
    arm *a = (arm *)c;
    return lead(a) ? a->in->api->uniform(a->in->ctx) : cx_rng_uniform(&a->rng);
}

static void px_note(cx_pctx *c, const char *text)
{
    arm *a = (arm *)c;
    if (lead(a)) a->in->api->note(a->in->ctx, text);
}

static void px_fail(cx_pctx *c, const char *why)
{
    arm *a = (arm *)c;
    char msg[512];
    snprintf(msg, sizeof msg, "%s (mixed in for attribution): %s", a->pol->name, why);
    a->in->api->fail(a->in->ctx, lead(a) ? why : msg);
}

/* A policy's memory and the scenario read through: the same for every arm
 * (the side's own history is the host's), absent when the host lacks them. */
static int px_history(const cx_pctx *c, int key, int n, double *out)
{
    const arm *a = (const arm *)c;
    const cx_host_api *in = a->in->api;
    if (!CX_API_HAS(in, cx_host_api, history) || !in->history) return -1;
    return in->history(a->in->ctx, key, n, out);
}

static double px_param(const cx_pctx *c, const char *field)
{
    const arm *a = (const arm *)c;
    const cx_host_api *in = a->in->api;
    if (!CX_API_HAS(in, cx_host_api, param) || !in->param) return NAN;
    return in->param(a->in->ctx, field);
}

/* The proxy declares the slots it forwards and no more: a slot appended to
 * cx_host_api later reads as absent (CX_API_HAS) until it is forwarded here. */
static const cx_host_api proxy_api = {
    .abi = CX_POLICY_ABI,
    .size = offsetof(cx_host_api, param) + sizeof(((cx_host_api *)0)->param),
    .get = px_get,
    .set = px_set,
    .lever = px_lever,
    .option = px_option,
    .uniform = px_uniform,
    .note = px_note,
    .fail = px_fail,
    .history = px_history,
    .param = px_param,
};

/* ---- the mixer's own policy table ------------------------------------------ */

/* Options of policy p from spec (defaults, then the scenario's values). */
static int resolve_options(arm *a, const cx_policy_spec *spec, char *err, size_t n)
{
    a->n_opt = 0;
    for (const cx_option *o = a->pol->options; o && o->name && a->n_opt < CX_MAX_OPTIONS; o++)
        a->opt[a->n_opt++] = o->def;
    for (int i = 0; spec && i < spec->n_options; i++) {
        int k = -1;
        for (int j = 0; j < a->n_opt; j++)
            if (!strcmp(a->pol->options[j].name, spec->opt_name[i])) k = j;
        if (k < 0) {
            snprintf(err, n, "policy '%s' has no option '%s'", a->pol->name, spec->opt_name[i]);
            return -1;
        }
        a->opt[k] = spec->opt_value[i];
    }
    return 0;
}

/* Adopt levers the host moved since the mixer last looked, in both shadows. */
static void sync_host(inst *in)
{
    for (int l = 0; l < CX_L_COUNT; l++) {
        double v = in->api->lever(in->ctx, l);
        if (v != in->seen[l]) in->arms[0].shadow[l] = in->arms[1].shadow[l] = v;
    }
}

static void look(inst *in)
{
    for (int l = 0; l < CX_L_COUNT; l++) in->seen[l] = in->api->lever(in->ctx, l);
    for (int l = 0; l < CX_L_COUNT; l++)
        if (cx_lever_info(l)->side == in->m->side && in->arms[0].shadow[l] != in->arms[1].shadow[l])
            in->m->differ |= 1u << cx_mix_group(l);
}

static void mix_destroy(void *p)
{
    inst *in = p;
    if (!in) return;
    for (int k = 0; k < 2; k++) {
        arm *a = &in->arms[k];
        if (a->pol->create && a->self && a->pol->destroy) a->pol->destroy(a->self);
    }
    free(in);
}

static void *mix_create(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    cx_mix *m = self;
    inst *in = calloc(1, sizeof *in);
    if (!in) {
        api->fail(ctx, "attribution mixer: out of memory");
        return NULL;
    }
    *in = (inst){.m = m, .api = api, .ctx = ctx};
    for (int l = 0; l < CX_L_COUNT; l++) in->seen[l] = api->lever(ctx, l);
    for (int k = 0; k < 2; k++) {
        arm *a = &in->arms[k];
        char err[320];
        a->in = in;
        a->which = k;
        a->pol = m->pol[k];
        memcpy(a->shadow, in->seen, sizeof a->shadow);
        cx_rng_seed(&a->rng, m->seed, (unsigned)(2 * m->side + k));
        if (resolve_options(a, m->spec[k], err, sizeof err)) {
            api->fail(ctx, err);
            mix_destroy(in);
            return NULL;
        }
    }
    for (int k = 0; k < 2; k++) { /* after both are ready: a failed create destroys what exists */
        arm *a = &in->arms[k];
        a->self = a->pol->self;
        if (a->pol->create && !(a->self = a->pol->create(a->pol->self, &proxy_api, (cx_pctx *)a))) {
            char why[160];
            snprintf(why, sizeof why, "policy '%s' could not start (mixed in for attribution)", a->pol->name);
            api->fail(ctx, why);
            mix_destroy(in);
            return NULL;
        }
    }
    return in;
}

/* Both arms at decision point `point`: the lead's first is irrelevant to the
 * run (the other's settings reach the run only for its own groups), so the
 * order is fixed: arm 0, then arm 1. */
static int mix_call(void *p, const cx_host_api *api, cx_pctx *ctx, int point)
{
    inst *in = p;
    in->api = api;
    in->ctx = ctx;
    sync_host(in);
    for (int k = 0; k < 2; k++) {
        arm *a = &in->arms[k];
        cx_policy_fn fn = cx_policy_at(a->pol, point);
        if (fn && fn(a->self, &proxy_api, (cx_pctx *)a)) return -1;
    }
    look(in);
    return 0;
}

#define MIX_AT_(k) \
    static int mix_at_##k(void *p, const cx_host_api *api, cx_pctx *ctx) { return mix_call(p, api, ctx, k); }
MIX_AT_(0)
MIX_AT_(1)
MIX_AT_(2)
MIX_AT_(3)
MIX_AT_(4)
MIX_AT_(5)
MIX_AT_(6)
MIX_AT_(7)
#undef MIX_AT_
static const cx_policy_fn mix_at[] = {mix_at_0, mix_at_1, mix_at_2, mix_at_3,
                                      mix_at_4, mix_at_5, mix_at_6, mix_at_7};
_Static_assert(CX_POINT_COUNT <= sizeof mix_at / sizeof *mix_at, "cx_mix: add a mix_at_ for the new point");

int cx_mix_new(cx_mix **out, int side, const cx_policy *a, const cx_policy_spec *sa, const cx_policy *b,
               const cx_policy_spec *sb, unsigned groups, uint64_t seed, char *err, size_t n)
{
    *out = NULL;
    if (side < 0 || side >= CX_SIDE_COUNT || !a || !b) {
        snprintf(err, n, "attribution mixer: no policy for side %d", side);
        return -1;
    }
    cx_mix *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, n, "attribution mixer: out of memory");
        return -1;
    }
    unsigned all = (1u << CX_G_COUNT) - 1;
    m->side = side;
    m->groups = groups & all;
    m->lead = m->groups == all;
    m->seed = seed;
    m->pol[0] = a;
    m->pol[1] = b;
    m->spec[0] = sa;
    m->spec[1] = sb;
    for (int k = 0; k < CX_POINT_COUNT; k++) m->at[k] = mix_at[k];
    m->table = (cx_policy){
        .abi = CX_POLICY_ABI,
        .size = sizeof(cx_policy),
        .name = m->pol[m->lead]->name, /* the lead's: its notes read as in its own run */
        .doc = "attribution: two policies, each lever from one of them",
        .sides = 1u << side,
        .self = m,
        .create = mix_create,
        .destroy = mix_destroy,
        .n_at = CX_POINT_COUNT,
        .at = m->at,
    };
    *out = m;
    return 0;
}

const cx_policy *cx_mix_policy(const cx_mix *m) { return &m->table; }
unsigned cx_mix_differ(const cx_mix *m) { return m->differ; }
void cx_mix_free(cx_mix *m) { free(m); }
