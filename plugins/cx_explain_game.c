/* cx_explain_game: the lever game (two regimes' policies mixed by cx_mix) and the mechanism game, on cx_explain. */
#include "cx_explain_game.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_job.h"
#include "cx_plugin.h"
#include "cx_pool.h"
#include "cx_runs.h"
#include "cx_sim.h"

static const struct {
    const char *name, *label;
    double better;
} metrics[] = {
#define CX_XM_ROW_(id, name, label, better) {name, label, better},
    CX_EXPLAIN_METRICS(CX_XM_ROW_)
#undef CX_XM_ROW_
};

const char *cx_explain_metric_name(int j) { return j >= 0 && j < CX_XM_COUNT ? metrics[j].name : "?"; }
const char *cx_explain_metric_label(int j) { return j >= 0 && j < CX_XM_COUNT ? metrics[j].label : "?"; }
double cx_explain_metric_better(int j) { return j >= 0 && j < CX_XM_COUNT ? metrics[j].better : 0; }

void cx_explain_figures(const cx_sim *S, double *v)
{
    double t[CX_ROW_MAX];
    cx_sim_total_row(S, t);
    v[CX_XM_CASH] = t[CX_C_CLIENT_CASH_CUM];
    v[CX_XM_TCO] = t[CX_C_CLIENT_TCO_CUM];
    v[CX_XM_CSAT] = t[CX_C_CSAT];
    v[CX_XM_ATTRITION] = t[CX_C_ATTRITION_ANNUAL];
    v[CX_XM_FEES] = t[CX_C_CLIENT_FEES];
    v[CX_XM_CREDITS] = -t[CX_C_PENALTIES];
    v[CX_XM_GAIN_SHARE] = t[CX_C_GAIN_SHARE];
    v[CX_XM_GOVERNANCE] = t[CX_C_GOVERNANCE_COST];
    v[CX_XM_TRANSITION] = t[CX_C_TRANSITION_COST];
    v[CX_XM_SELF_SERVICE] = t[CX_C_SELF_SERVICE_COST];
    v[CX_XM_LOST] = t[CX_C_CHURN_COST];
}

void cx_explain_game_free(cx_explain_game *g)
{
    cx_explain_free(&g->res);
    free(g->first);
    free(g->second);
    g->first = g->second = NULL;
}

/* ---- the lever game -------------------------------------------------------- */

typedef struct levers {
    const cx_explain_setup *x;
    char dir[CX_PATH_MAX];    /* the scenario's folder (policies relative to it) */
    int group[CX_G_COUNT];    /* factor i is lever group group[i] */
    int k;                    /* factors */
    unsigned all;             /* every group */
    double *probe;            /* each regime's own run: [(r * 2 + end) * CX_XM_COUNT + j] */
    unsigned *differ;         /* per probe run: groups whose settings differed */
    int *status;              /* per probe run */
    char (*msg)[512];
} levers;

/* One run of the scenario with `groups` of levers from the second regime. */
static int mixed_run(const levers *L, unsigned groups, int rep, double *fig, unsigned *differ, char *err, size_t n)
{
    const cx_explain_setup *x = L->x;
    const cx_regime *R[2] = {&x->P->regimes[x->a], &x->P->regimes[x->b]};
    cx_params Pr = *x->P;
    Pr.seed = cx_runs_seed(x->P->seed, rep);
    cx_loaded *ld[CX_SIDE_COUNT][2] = {{NULL}};
    cx_mix *mix[CX_SIDE_COUNT] = {NULL};
    int rc = -1;
    cx_sim *S = cx_sim_new(&Pr);
    if (!S) {
        snprintf(err, n, "out of memory creating a run");
        return -1;
    }
    for (int side = 0; side < CX_SIDE_COUNT; side++) {
        const cx_policy *pol[2];
        const cx_policy_spec *spec[2];
        for (int k = 0; k < 2; k++) {
            char msg[512];
            spec[k] = side == CX_CLIENT ? &R[k]->client : &R[k]->provider;
            if (cx_policy_load(spec[k]->name, L->dir, x->consent, &ld[side][k], &pol[k], msg, sizeof msg)) {
                snprintf(err, n, "regime '%s', %s: %s", R[k]->label, cx_side_name(side), msg);
                goto done;
            }
            if (cx_policy_native(ld[side][k])) {
                snprintf(err, n, "regime '%s', %s: policy '%s' is native code; explain mixes policies in this "
                         "process and runs no native plugin (use a built-in or Lua policy)",
                         R[k]->label, cx_side_name(side), spec[k]->name);
                goto done;
            }
        }
        uint64_t seed = Pr.seed ^ 0x9e3779b97f4a7c15ull;
        if (cx_mix_new(&mix[side], side, pol[0], spec[0], pol[1], spec[1], groups, seed, err, n)) goto done;
        if (cx_sim_set_policy(S, side, cx_mix_policy(mix[side]), NULL, NULL)) {
            snprintf(err, n, "%s", cx_sim_error(S));
            goto done;
        }
    }
    if (cx_sim_run(S)) {
        snprintf(err, n, "%s and %s mixed (rep %d): %s", R[0]->label, R[1]->label, rep, cx_sim_error(S));
        goto done;
    }
    cx_explain_figures(S, fig);
    if (differ) *differ = cx_mix_differ(mix[0]) | cx_mix_differ(mix[1]);
    rc = 0;
done:
    cx_sim_free(S); /* destroys the mixers' instances before the mixers go */
    for (int side = 0; side < CX_SIDE_COUNT; side++) {
        if (mix[side]) cx_mix_free(mix[side]);
        for (int k = 0; k < 2; k++) cx_policy_unload(ld[side][k]);
    }
    return rc;
}

static void probe_task(void *ud, int t)
{
    levers *L = ud;
    int rep = t / 2, end = t % 2;
    L->status[t] = mixed_run(L, end ? L->all : 0, rep, L->probe + (size_t)t * CX_XM_COUNT, &L->differ[t], L->msg[t],
                             sizeof L->msg[t]);
}

static int probe_done(void *ud, int t)
{
    levers *L = ud;
    if (L->x->progress) L->x->progress(L->x->ud, 0); /* the game's progress starts after */
    return L->status[t] != 0;
}

/* The second regime's advantage from raw figures: better x figure. */
static void advantage(const double *fig, double *v)
{
    for (int j = 0; j < CX_XM_COUNT; j++) v[j] = metrics[j].better * fig[j];
}

static int lever_value(void *ud, uint64_t mask, int rep, double *v, char *err, size_t n)
{
    const levers *L = ud;
    uint64_t full = (1ull << L->k) - 1;
    double fig[CX_XM_COUNT];
    if (mask == 0 || mask == full) {
        advantage(L->probe + (size_t)(rep * 2 + (mask != 0)) * CX_XM_COUNT, v);
        return 0;
    }
    unsigned groups = 0;
    for (int i = 0; i < L->k; i++)
        if (mask >> i & 1) groups |= 1u << L->group[i];
    if (mixed_run(L, groups, rep, fig, NULL, err, n)) return -1;
    advantage(fig, v);
    return 0;
}

static int samples_for(const cx_explain_setup *x, int k)
{
    return x->samples ? x->samples : k <= x->exact_max ? 0 : 2;
}

int cx_explain_levers(const cx_explain_setup *x, cx_explain_game *g, char *err, size_t n)
{
    memset(g, 0, sizeof *g);
    levers L = {.x = x, .all = (1u << CX_G_COUNT) - 1};
    char tmp[CX_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", x->scenario && *x->scenario ? x->scenario : "./x");
    snprintf(L.dir, sizeof L.dir, "%s", dirname(tmp));
    int runs = 2 * x->reps, rc = -1;
    L.probe = calloc((size_t)runs * CX_XM_COUNT, sizeof *L.probe);
    L.differ = calloc((size_t)runs, sizeof *L.differ);
    L.status = calloc((size_t)runs, sizeof *L.status);
    L.msg = calloc((size_t)runs, sizeof *L.msg);
    g->first = calloc((size_t)x->reps * CX_XM_COUNT, sizeof *g->first);
    g->second = calloc((size_t)x->reps * CX_XM_COUNT, sizeof *g->second);
    if (!L.probe || !L.differ || !L.status || !L.msg || !g->first || !g->second) {
        snprintf(err, n, "out of memory");
        goto done;
    }
    /* each regime's own run (no group mixed in, every group), which also
     * shows the groups in which the two policies decide differently */
    cx_pool_run(&(cx_pool_spec){.n = runs, .threads = x->threads, .run = probe_task, .done = probe_done, .ud = &L});
    unsigned differ = 0;
    for (int t = 0; t < runs; t++) {
        if (L.status[t]) {
            snprintf(err, n, "%s", L.msg[t][0] ? L.msg[t] : "a regime's run did not finish");
            goto done;
        }
        differ |= L.differ[t];
    }
    for (int r = 0; r < x->reps; r++) {
        memcpy(g->first + (size_t)r * CX_XM_COUNT, L.probe + (size_t)(2 * r) * CX_XM_COUNT, sizeof(double) * CX_XM_COUNT);
        memcpy(g->second + (size_t)r * CX_XM_COUNT, L.probe + (size_t)(2 * r + 1) * CX_XM_COUNT,
               sizeof(double) * CX_XM_COUNT);
    }
    for (int gr = 0; gr < CX_G_COUNT; gr++)
        if (differ >> gr & 1) {
            L.group[L.k] = gr;
            snprintf(g->names[L.k], sizeof g->names[0], "%s", cx_mix_group_name(gr));
            snprintf(g->docs[L.k], sizeof g->docs[0], "%s", cx_mix_group_doc(gr));
            L.k++;
        }
    g->k = L.k;
    if (!L.k) { /* the two regimes decide alike: nothing to share out */
        rc = 0;
        goto done;
    }
    cx_explain_spec s = {.k = L.k, .nv = CX_XM_COUNT, .reps = x->reps, .samples = samples_for(x, L.k),
                         .threads = x->threads, .seed = x->P->seed, .value = lever_value, .ud = &L,
                         .progress = x->progress, .progress_ud = x->ud};
    rc = cx_explain_shapley(&s, &g->res, err, n);
done:
    if (rc) cx_explain_game_free(g);
    free(L.probe);
    free(L.differ);
    free(L.status);
    free(L.msg);
    return rc;
}

/* ---- the mechanism game ---------------------------------------------------- */

typedef struct mechs {
    const cx_explain_setup *x;
    const cx_param_desc *sw[CX_EXPLAIN_PLAYERS_MAX]; /* factor i is this switch */
    int k;
} mechs;

static int *switch_of(cx_params *P, const cx_param_desc *d) { return (int *)((char *)P + d->offset); }

static int mech_value(void *ud, uint64_t mask, int rep, double *v, char *err, size_t n)
{
    const mechs *M = ud;
    const cx_explain_setup *x = M->x;
    cx_params Pm = *x->P;
    Pm.seed = cx_runs_seed(x->P->seed, rep);
    for (int i = 0; i < M->k; i++) *switch_of(&Pm, M->sw[i]) = (int)(mask >> i & 1);
    Pm.regimes[0] = x->P->regimes[x->a];
    Pm.regimes[1] = x->P->regimes[x->b];
    Pm.n_regimes = 2;
    cx_consent c = *x->consent;
    c.quiet = 1;
    c.allow_plugins = 0; /* explain runs no native plugin (cx_explain_levers says why) */
    cx_job J;
    if (cx_job_open(&J, &Pm, x->scenario, &c, err, n)) return -1;
    int rc = cx_job_run(&J, err, n);
    if (!rc) {
        double fa[CX_XM_COUNT], fb[CX_XM_COUNT];
        cx_explain_figures(J.sim[0], fa);
        cx_explain_figures(J.sim[1], fb);
        for (int j = 0; j < CX_XM_COUNT; j++) v[j] = metrics[j].better * (fb[j] - fa[j]);
    }
    cx_job_close(&J);
    return rc;
}

int cx_explain_mechanisms(const cx_explain_setup *x, cx_explain_game *g, char *err, size_t n)
{
    memset(g, 0, sizeof *g);
    mechs M = {.x = x};
    cx_params P = *x->P;
    for (const cx_param_desc *d = cx_param_table; d->path; d++)
        if (!strncmp(d->path, "mechanisms.", 11) && d->type == CX_PT_BOOL && *switch_of(&P, d) &&
            M.k < CX_EXPLAIN_PLAYERS_MAX) {
            snprintf(g->names[M.k], sizeof g->names[0], "%s", d->path + 11);
            snprintf(g->docs[M.k], sizeof g->docs[0], "%s", d->doc ? d->doc : "");
            M.sw[M.k++] = d;
        }
    g->k = M.k;
    if (!M.k) return 0;
    cx_explain_spec s = {.k = M.k, .nv = CX_XM_COUNT, .reps = x->reps, .samples = samples_for(x, M.k),
                         .threads = x->threads, .seed = x->P->seed ^ 0x5851f42d4c957f2dull, .value = mech_value,
                         .ud = &M, .progress = x->progress, .progress_ud = x->ud};
    return cx_explain_shapley(&s, &g->res, err, n);
}
