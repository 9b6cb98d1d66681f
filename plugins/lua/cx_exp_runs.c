/* cx_exp_runs: cx.run, cx.replicate, cx.compare (paired replications, common random numbers), their options. */
#include "cx_exp_internal.h"
#include "cx_runs.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_params.h"
#include "cx_rng.h"
#include "cx_row.h"

#define SEED_INDEPENDENT 0x9e3779b97f4a7c15ull /* crn=false: arm b's seeds come from seed ^ this */

/* Seeds in Lua are decimal strings: every unsigned 64-bit value, exactly,
 * the same text as the sweep CSV and summary.json write. */
void cxi_push_seed(lua_State *L, uint64_t seed)
{
    char num[24];
    snprintf(num, sizeof num, "%llu", (unsigned long long)seed);
    lua_pushstring(L, num);
}

uint64_t cxi_check_seed(lua_State *L, int idx, const char *what)
{
    if (lua_isinteger(L, idx) && lua_tointeger(L, idx) >= 0) return (uint64_t)lua_tointeger(L, idx);
    if (lua_type(L, idx) == LUA_TSTRING) {
        cx_param_desc d = {.type = CX_PT_SEED};
        uint64_t v;
        char err[160];
        /* cx_param_set_seed_text writes at base + offset (0 here) */
        if (!cx_param_set_seed_text(&v, &d, lua_tostring(L, idx), err, sizeof err)) return v;
        luaL_error(L, "%s: seed %s", what, err);
    }
    luaL_error(L, "%s: seed must be a whole number from 0, or a decimal string up to 18446744073709551615 (got %s)",
               what, lua_isinteger(L, idx) ? lua_tostring(L, idx) : luaL_typename(L, idx));
    return 0;
}

/* cx.rng_mix(seed, k): the engine's cx_rng_mix, as a decimal string. */
int cxi_l_rng_mix(lua_State *L)
{
    uint64_t seed = cxi_check_seed(L, 1, "cx.rng_mix");
    uint64_t k = cxi_check_seed(L, 2, "cx.rng_mix (its second argument)");
    cxi_push_seed(L, cx_rng_mix(seed, k));
    return 1;
}

/* cx.rep_seed(seed, r): the seed of replication r (cx_runs_seed), as a decimal string. */
int cxi_l_rep_seed(lua_State *L)
{
    uint64_t seed = cxi_check_seed(L, 1, "cx.rep_seed");
    lua_Integer r = luaL_checkinteger(L, 2);
    luaL_argcheck(L, r >= 0 && r <= INT32_MAX, 2, "a replication number from 0");
    cxi_push_seed(L, cx_runs_seed(seed, (int)r));
    return 1;
}

void cxi_check_keys(lua_State *L, int idx, const char *fn, const char *const *valid)
{
    if (!lua_istable(L, idx)) return;
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (int i = 0; k && valid[i]; i++) ok |= !strcmp(k, valid[i]);
        if (ok) continue;
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; valid[i]; i++) {
            if (i) luaL_addstring(&b, ", ");
            luaL_addstring(&b, valid[i]);
        }
        luaL_pushresult(&b);
        if (k) luaL_error(L, "%s: unknown option '%s' (valid: %s)", fn, k, lua_tostring(L, -1));
        luaL_error(L, "%s: option keys are names (valid: %s)", fn, lua_tostring(L, -1));
    }
}

/* Options common to run, replicate, compare, sweep, from the table at idx
 * (may be none): a modified copy of the scenario in *P. */
void cxi_apply_opts(lua_State *L, int idx, const cxi_scen *s, cx_params *P, int *monthly, const char *fn)
{
    char err[512], text[512];
    *P = s->P;
    if (monthly) *monthly = 1;
    if (lua_isnoneornil(L, idx)) goto check;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "set");
    if (lua_istable(L, -1)) {
        /* sorted, so that errors and overrides are deterministic */
        int t = lua_gettop(L), nk = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) lua_pop(L, 1), nk++;
        const char **keys = lua_newuserdatauv(L, (size_t)(nk ? nk : 1) * sizeof *keys, 0);
        int k = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "%s: set: keys must be field paths", fn);
            keys[k++] = lua_tostring(L, -1);
        }
        qsort(keys, (size_t)nk, sizeof *keys, cxi_cmp_cstr);
        for (int i = 0; i < nk; i++) {
            int is_str;
            lua_getfield(L, t, keys[i]);
            if (cxi_value_text(L, -1, text, sizeof text, &is_str))
                luaL_error(L, "%s: set: field '%s': number, string or boolean", fn, keys[i]);
            if (cxi_set_field(P, keys[i], text, is_str, err, sizeof err)) luaL_error(L, "%s: set: %s", fn, err);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) luaL_error(L, "%s: set must be a table {['field.path'] = value}", fn);
    lua_pop(L, 1);
    lua_getfield(L, idx, "seed");
    if (!lua_isnil(L, -1)) P->seed = cxi_check_seed(L, -1, fn);
    lua_pop(L, 1);
    lua_getfield(L, idx, "years");
    if (!lua_isnil(L, -1)) {
        int ok;
        double y = lua_tonumberx(L, -1, &ok);
        if (!ok || !(y > 0 && y <= 50)) luaL_error(L, "%s: years must be a number above 0, at most 50", fn);
        P->years = y;
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "regime");
    if (lua_type(L, -1) == LUA_TSTRING) {
        int r = cxi_regime_index(P, lua_tostring(L, -1));
        if (r < 0) luaL_error(L, "%s: the scenario has no regime '%s'", fn, lua_tostring(L, -1));
        P->regimes[0] = P->regimes[r];
        P->n_regimes = 1;
    } else if (!lua_isnil(L, -1)) luaL_error(L, "%s: regime must be a label", fn);
    lua_pop(L, 1);
    if (monthly) {
        lua_getfield(L, idx, "monthly");
        if (!lua_isnil(L, -1)) *monthly = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
check:;
    const char *field;
    if (cx_params_check(P, &field, err, sizeof err)) luaL_error(L, "%s: field '%s': %s", fn, field, err);
    cxi_warn_policies(L, P, s->path);
}

/* Run tasks into a box on the stack; raise a Lua error when a run fails. */
static cxi_box *run_tasks(lua_State *L, const char *what, const cxi_task *tasks, int ntask)
{
    cxi_exp *E = cxi_exp_get(L);
    cxi_box *b = cxi_box_new(L, ntask);
    char err[1024];
    if (cxi_pool_run(E, what, tasks, ntask, NULL, b->o, NULL, NULL, err, sizeof err))
        luaL_error(L, "%s: %s", what, err);
    return b;
}

/* cx.run(scenario, opts) */
int cxi_l_run(lua_State *L)
{
    static const char *const keys[] = {"seed", "years", "set", "regime", "monthly", NULL};
    lua_settop(L, 2);
    cxi_scen *s = cxi_scen_check(L, 1);
    cxi_check_keys(L, 2, "cx.run", keys);
    cx_params *P = lua_newuserdatauv(L, sizeof *P, 0);
    int monthly;
    cxi_apply_opts(L, 2, s, P, &monthly, "cx.run");
    cxi_task t = {P, s->path, P->seed, monthly, 0};
    cxi_box *b = run_tasks(L, "cx.run", &t, 1);
    cxi_push_outcome(L, &b->o[0], P->name, 0, P->seed);
    return 1;
}

static int opt_int(lua_State *L, int idx, const char *field, int def, int lo, int hi, const char *fn)
{
    if (lua_isnoneornil(L, idx)) return def;
    lua_getfield(L, idx, field);
    int v = def;
    if (!lua_isnil(L, -1)) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < lo || lua_tointeger(L, -1) > hi)
            luaL_error(L, "%s: %s must be a whole number from %d to %d", fn, field, lo, hi);
        v = (int)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* Tidy per-replication rows: result.rows (one plain table per row) and
 * result.columns (their order, for cx.write_csv). */
static const char *const tidy_lead[] = {"scenario", "arm", "regime", "rep", "seed"};

/* A row of outcome o's regime `label` (NULL: its first): the label
 * columns (arm may be NULL: no arm column), then the metrics cols[0..nc). */
static void push_tidy_row(lua_State *L, const cxi_outcome *o, const char *label, const char *scenario,
                          const char *arm, int rep, uint64_t seed, const int *cols, int nc)
{
    cxi_rd rd;
    cxi_regime_head h = {{0}, 0, 0, 0};
    if (cxi_rd_outcome(&rd, o) > 0) cxi_rd_regime(&rd, &h);
    lua_createtable(L, 0, nc + 5);
    lua_pushstring(L, scenario);
    lua_setfield(L, -2, "scenario");
    if (arm) {
        lua_pushstring(L, arm);
        lua_setfield(L, -2, "arm");
    }
    lua_pushstring(L, label ? label : h.label);
    lua_setfield(L, -2, "regime");
    lua_pushinteger(L, rep);
    lua_setfield(L, -2, "rep");
    cxi_push_seed(L, seed);
    lua_setfield(L, -2, "seed");
    for (int k = 0; k < nc; k++) {
        lua_pushnumber(L, cxi_outcome_metric(o, label, cols[k]));
        lua_setfield(L, -2, cx_row_columns[cols[k]].name);
    }
}

/* result.columns at index res: the lead columns (without "arm" unless with_arm), then the metrics. */
static void set_tidy_columns(lua_State *L, int res, int with_arm, const int *cols, int nc)
{
    lua_createtable(L, nc + 5, 0);
    int k = 0;
    for (int i = 0; i < 5; i++)
        if (with_arm || strcmp(tidy_lead[i], "arm")) {
            lua_pushstring(L, tidy_lead[i]);
            lua_rawseti(L, -2, ++k);
        }
    for (int c = 0; c < nc; c++) {
        lua_pushstring(L, cx_row_columns[cols[c]].name);
        lua_rawseti(L, -2, ++k);
    }
    lua_setfield(L, res, "columns");
}

/* cx.replicate(scenario, n, opts): n runs, replications first_rep .. first_rep + n - 1 with seed
 * cx_runs_seed(seed, r) (as cxsim run --reps). */
int cxi_l_replicate(lua_State *L)
{
    static const char *const keys[] = {"seed", "years", "set", "regime", "monthly", "first_rep", NULL};
    lua_settop(L, 3);
    cxi_scen *s = cxi_scen_check(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 1 && n <= CX_EXP_MAX_TASKS, 2, "replications from 1 to 1000000");
    cxi_check_keys(L, 3, "cx.replicate", keys);
    int first = opt_int(L, 3, "first_rep", 0, 0, INT32_MAX - CX_EXP_MAX_TASKS, "cx.replicate");
    cx_params *P = lua_newuserdatauv(L, sizeof *P, 0);
    int monthly;
    cxi_apply_opts(L, 3, s, P, &monthly, "cx.replicate");
    cxi_task *tasks = lua_newuserdatauv(L, (size_t)n * sizeof *tasks, 0);
    for (int r = 0; r < n; r++)
        tasks[r] = (cxi_task){P, s->path, cx_runs_seed(P->seed, first + r), monthly, first + r};
    cxi_box *b = run_tasks(L, "cx.replicate", tasks, (int)n);
    int bi = lua_gettop(L);
    lua_createtable(L, (int)n, 2);
    int res = lua_gettop(L);
    for (int r = 0; r < n; r++) {
        cxi_push_outcome(L, &b->o[r], P->name, first + r, tasks[r].seed);
        lua_rawseti(L, res, r + 1);
    }
    /* stats[label][metric] = {mean, sd, half, lo, hi, n} */
    int ncol = cx_row_count();
    double *xs = lua_newuserdatauv(L, (size_t)n * sizeof *xs, 0);
    lua_newtable(L);
    int nreg = P->n_regimes ? P->n_regimes : 1;
    lua_rawgeti(L, res, 1);
    for (int g = 0; g < nreg; g++) {
        lua_rawgeti(L, -1, g + 1);
        lua_getfield(L, -1, "label");
        const char *label = lua_tostring(L, -1);
        lua_newtable(L);
        for (int c = 0; c < ncol; c++) {
            for (int r = 0; r < n; r++) xs[r] = cxi_outcome_metric(&b->o[r], label, c);
            cxi_push_stats(L, xs, (int)n);
            lua_setfield(L, -2, cx_row_columns[c].name);
        }
        cxi_strict(L, -1, "the stats of a regime");
        lua_setfield(L, -5, label);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    cxi_strict(L, -1, "stats (by regime label)");
    lua_setfield(L, res, "stats");
    /* rows: one per replication and regime, every metric */
    int *all = lua_newuserdatauv(L, (size_t)ncol * sizeof *all, 0);
    for (int c = 0; c < ncol; c++) all[c] = c;
    lua_createtable(L, (int)n * nreg, 0);
    int nrow = 0;
    for (int r = 0; r < n; r++) {
        cxi_rd rd;
        int32_t ng = cxi_rd_outcome(&rd, &b->o[r]);
        for (int g = 0; g < ng; g++) {
            cxi_regime_head h;
            cxi_rd_regime(&rd, &h);
            rd.p += (size_t)h.ncol * sizeof(double) + (h.has_monthly ? (size_t)h.months * (size_t)h.ncol * sizeof(double) : 0);
            push_tidy_row(L, &b->o[r], h.label, P->name, NULL, first + r, tasks[r].seed, all, ncol);
            lua_rawseti(L, -2, ++nrow);
        }
    }
    lua_setfield(L, res, "rows");
    set_tidy_columns(L, res, 0, all, ncol);
    lua_pop(L, 1); /* all */
    cxi_strict(L, res, "a replicate result");
    lua_pop(L, 1); /* xs */
    (void)bi;
    return 1;
}

/* Stopping by precision: add replications until the paired 95% CI of one metric is narrow enough. */
typedef struct precision {
    int on;                       /* 1: until_halfwidth given */
    double target;                /* the half-width wanted */
    int max_reps;                 /* at most this many replications */
    int batch;                    /* replications added at a time */
    int col;                      /* the metric's column */
} precision;

static void read_precision(lua_State *L, int oi, int reps, precision *pr)
{
    lua_getfield(L, oi, "until_halfwidth");
    int on = !lua_isnil(L, -1), ok;
    pr->target = lua_tonumberx(L, -1, &ok);
    lua_pop(L, 1);
    if (!on) {
        static const char *const need[] = {"max_reps", "metric", "batch", NULL};
        for (int i = 0; need[i]; i++) {
            lua_getfield(L, oi, need[i]);
            if (!lua_isnil(L, -1)) luaL_error(L, "cx.compare: %s is for stopping by precision (until_halfwidth = X)", need[i]);
            lua_pop(L, 1);
        }
        return;
    }
    if (!ok || !(pr->target > 0) || !isfinite(pr->target))
        luaL_error(L, "cx.compare: until_halfwidth must be a number above 0 (the paired CI's half-width wanted)");
    pr->on = 1;
    pr->max_reps = opt_int(L, oi, "max_reps", 0, reps, CX_EXP_MAX_TASKS / 2, "cx.compare");
    if (!pr->max_reps) luaL_error(L, "cx.compare: until_halfwidth needs max_reps (from reps = %d up)", reps);
    pr->batch = opt_int(L, oi, "batch", reps, 1, CX_EXP_MAX_TASKS / 2, "cx.compare");
    lua_getfield(L, oi, "metric");
    const char *name = lua_tostring(L, -1);
    if (!name) {
        lua_getfield(L, oi, "metrics");
        if (lua_istable(L, -1)) {
            lua_rawgeti(L, -1, 1);
            name = lua_tostring(L, -1);
            lua_replace(L, -3);
        }
        lua_pop(L, 1);
    }
    if (!name) luaL_error(L, "cx.compare: until_halfwidth needs metric = NAME (or metrics = {NAME, ...}: the first)");
    pr->col = cx_row_find(name);
    if (pr->col < 0) luaL_error(L, "cx.compare: unknown metric '%s' (see cx.metrics())", name);
    lua_pop(L, 1);
}

/* Run the pairs in tasks[] (2 per replication) in batches: reps first, then
 * pr->batch more at a time (replication numbers and seeds follow on, so no
 * run is repeated) until the paired CI's half-width of pr->col is at most
 * pr->target or pr->max_reps ran. *reps becomes the replications run,
 * *reached the half-width they give. The box is left on the stack. */
static cxi_box *run_until(lua_State *L, const cxi_task *tasks, const precision *pr, const char *la,
                          const char *lb, int *reps, double *reached)
{
    cxi_exp *E = cxi_exp_get(L);
    int most = pr->max_reps, done = 0, want = *reps;
    cxi_box *b = cxi_box_new(L, 2 * most);
    char *skip = lua_newuserdatauv(L, 2 * (size_t)most, 0);
    double *xd = lua_newuserdatauv(L, (size_t)most * sizeof *xd, 0);
    char err[1024];
    for (;;) {
        for (int i = 0; i < 2 * most; i++) skip[i] = i < 2 * done || i >= 2 * want;
        if (cxi_pool_run(E, "cx.compare", tasks, 2 * most, skip, b->o, NULL, NULL, err, sizeof err))
            luaL_error(L, "cx.compare: %s", err);
        for (int r = done; r < want; r++)
            xd[r] = cxi_outcome_metric(&b->o[2 * r + 1], lb, pr->col) - cxi_outcome_metric(&b->o[2 * r], la, pr->col);
        done = want;
        cxi_push_stats(L, xd, done);
        lua_getfield(L, -1, "half");
        *reached = lua_tonumber(L, -1);
        lua_pop(L, 2);
        if (*reached <= pr->target || done >= most) break;
        want = done + pr->batch < most ? done + pr->batch : most;
    }
    lua_pop(L, 2); /* skip, xd */
    *reps = done;
    return b;
}

/* An arm of a comparison: a scenario (its only or first regime, or
 * opts.regime) or a regime label of the scenario given first. */
typedef struct arm {
    cxi_scen *s;
    int regime;                   /* index, or -1 for all (a scenario without regimes) */
    const char *label;
} arm;

static void arm_params(const arm *a, cx_params *P)
{
    *P = a->s->P;
    if (a->regime >= 0) {
        P->regimes[0] = a->s->P.regimes[a->regime];
        P->n_regimes = 1;
    }
}

/* cx.compare(a, b, opts) with a, b scenarios; or cx.compare(s, 'label_a', 'label_b', opts). */
int cxi_l_compare(lua_State *L)
{
    lua_settop(L, 4);
    arm A = {0}, B = {0};
    int oi;
    if (lua_type(L, 2) == LUA_TSTRING) {
        cxi_scen *s = cxi_scen_check(L, 1);
        const char *la = luaL_checkstring(L, 2), *lb = luaL_checkstring(L, 3);
        A = (arm){s, cxi_regime_index(&s->P, la), la};
        B = (arm){s, cxi_regime_index(&s->P, lb), lb};
        if (A.regime < 0) return luaL_error(L, "cx.compare: the scenario has no regime '%s'", la);
        if (B.regime < 0) return luaL_error(L, "cx.compare: the scenario has no regime '%s'", lb);
        oi = 4;
    } else {
        A.s = cxi_scen_check(L, 1);
        B.s = cxi_scen_check(L, 2);
        oi = 3;
        const char *want = NULL;
        if (lua_istable(L, oi)) {
            lua_getfield(L, oi, "regime");
            want = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        arm *arms[2] = {&A, &B};
        for (int k = 0; k < 2; k++) {
            arm *a = arms[k];
            a->regime = a->s->P.n_regimes ? 0 : -1;
            if (want) a->regime = cxi_regime_index(&a->s->P, want);
            if (want && a->regime < 0) return luaL_error(L, "cx.compare: a scenario has no regime '%s'", want);
            a->label = a->regime >= 0 ? a->s->P.regimes[a->regime].label : a->s->P.name;
        }
    }
    static const char *const keys[] = {"seed",      "years",           "set",      "regime", "reps",  "crn", "metrics",
                                       "first_rep", "until_halfwidth", "max_reps", "metric", "batch", NULL};
    cxi_check_keys(L, oi, "cx.compare", keys);
    int reps = opt_int(L, oi, "reps", 10, 2, CX_EXP_MAX_TASKS / 2, "cx.compare");
    int first = opt_int(L, oi, "first_rep", 0, 0, INT32_MAX - CX_EXP_MAX_TASKS, "cx.compare");
    int crn = 1;
    precision pr = {0};
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "crn");
        if (!lua_isnil(L, -1)) crn = lua_toboolean(L, -1);
        lua_pop(L, 1);
        read_precision(L, oi, reps, &pr);
    }
    /* both arms get the options (seed, years, set) */
    cx_params *PA = lua_newuserdatauv(L, sizeof *PA, 0);
    cx_params *PB = lua_newuserdatauv(L, sizeof *PB, 0);
    cxi_scen *sa = cxi_scen_new(L), *sb = cxi_scen_new(L);
    arm_params(&A, &sa->P);
    arm_params(&B, &sb->P);
    snprintf(sa->path, sizeof sa->path, "%s", A.s->path);
    snprintf(sb->path, sizeof sb->path, "%s", B.s->path);
    lua_pushvalue(L, oi);
    int oc = lua_gettop(L);
    if (lua_istable(L, oc)) { /* regime was used to pick the arms */
        lua_newtable(L);
        lua_pushnil(L);
        while (lua_next(L, oc)) {
            if (lua_type(L, -2) == LUA_TSTRING && (!strcmp(lua_tostring(L, -2), "regime") ||
                                                   !strcmp(lua_tostring(L, -2), "first_rep"))) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        }
        lua_replace(L, oc);
    }
    cxi_apply_opts(L, oc, sa, PA, NULL, "cx.compare");
    cxi_apply_opts(L, oc, sb, PB, NULL, "cx.compare");
    uint64_t seed = PA->seed;
    int most = pr.on ? pr.max_reps : reps; /* replications there may be */
    cxi_task *tasks = lua_newuserdatauv(L, 2 * (size_t)most * sizeof *tasks, 0);
    for (int r = 0; r < most; r++) {
        int rep = first + r;
        tasks[2 * r] = (cxi_task){PA, sa->path, cx_runs_seed(seed, rep), 0, rep};
        tasks[2 * r + 1] = (cxi_task){PB, sb->path,
                                      crn ? cx_runs_seed(seed, rep)
                                          : cx_rng_mix(seed ^ SEED_INDEPENDENT, (uint64_t)rep),
                                      0, rep};
    }
    const char *la = A.regime >= 0 ? sa->P.regimes[0].label : NULL;
    const char *lb = B.regime >= 0 ? sb->P.regimes[0].label : NULL;
    cxi_box *b;
    double reached = NAN;
    if (!pr.on) b = run_tasks(L, "cx.compare", tasks, 2 * reps);
    else b = run_until(L, tasks, &pr, la, lb, &reps, &reached);
    /* metrics: opts.metrics, or every column */
    int ncol = cx_row_count();
    int *cols = lua_newuserdatauv(L, (size_t)ncol * sizeof *cols, 0);
    int nm = 0;
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "metrics");
        if (lua_istable(L, -1)) {
            lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
            for (lua_Integer i = 1; i <= len && nm < ncol; i++) {
                lua_rawgeti(L, -1, i);
                const char *name = lua_tostring(L, -1);
                int c = name ? cx_row_find(name) : -1;
                if (c < 0) return luaL_error(L, "cx.compare: unknown metric '%s' (see cx.metrics())", name ? name : "?");
                cols[nm++] = c;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    if (!nm)
        for (int c = 0; c < ncol; c++) cols[nm++] = c;
    double *xa = lua_newuserdatauv(L, (size_t)reps * sizeof *xa, 0);
    double *xb = lua_newuserdatauv(L, (size_t)reps * sizeof *xb, 0);
    double *xd = lua_newuserdatauv(L, (size_t)reps * sizeof *xd, 0);
    lua_createtable(L, 0, nm + 6);
    int res = lua_gettop(L);
    lua_createtable(L, nm, 0);
    for (int k = 0; k < nm; k++) {
        int c = cols[k];
        for (int r = 0; r < reps; r++) {
            xa[r] = cxi_outcome_metric(&b->o[2 * r], la, c);
            xb[r] = cxi_outcome_metric(&b->o[2 * r + 1], lb, c);
            xd[r] = xb[r] - xa[r];
        }
        cxi_push_stats(L, xd, reps); /* the paired difference b - a */
        lua_pushstring(L, cx_row_columns[c].name);
        lua_setfield(L, -2, "metric");
        cxi_push_stats(L, xa, reps);
        lua_setfield(L, -2, "a");
        cxi_push_stats(L, xb, reps);
        lua_setfield(L, -2, "b");
        cxi_strict(L, -1, "a compared metric");
        lua_pushvalue(L, -1);
        lua_setfield(L, res, cx_row_columns[c].name);
        lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, res, "metrics");
    /* rows: one per replication and arm, the metrics compared */
    lua_createtable(L, 2 * reps, 0);
    for (int r = 0; r < reps; r++)
        for (int k = 0; k < 2; k++) {
            const cxi_task *t = &tasks[2 * r + k];
            push_tidy_row(L, &b->o[2 * r + k], k ? lb : la, t->P->name, k ? "b" : "a", t->rep, t->seed, cols, nm);
            lua_rawseti(L, -2, 2 * r + k + 1);
        }
    lua_setfield(L, res, "rows");
    set_tidy_columns(L, res, 1, cols, nm);
    lua_pushstring(L, A.label);
    lua_setfield(L, res, "label_a");
    lua_pushstring(L, B.label);
    lua_setfield(L, res, "label_b");
    lua_pushinteger(L, reps);
    lua_setfield(L, res, "reps");
    lua_pushinteger(L, first);
    lua_setfield(L, res, "first_rep");
    lua_pushboolean(L, crn);
    lua_setfield(L, res, "crn");
    cxi_push_seed(L, seed);
    lua_setfield(L, res, "seed");
    if (pr.on) {
        lua_createtable(L, 0, 5);
        lua_pushstring(L, cx_row_columns[pr.col].name);
        lua_setfield(L, -2, "metric");
        lua_pushnumber(L, pr.target);
        lua_setfield(L, -2, "target");
        lua_pushnumber(L, reached);
        lua_setfield(L, -2, "halfwidth");
        lua_pushboolean(L, reached <= pr.target);
        lua_setfield(L, -2, "reached");
        lua_pushinteger(L, pr.max_reps);
        lua_setfield(L, -2, "max_reps");
        cxi_strict(L, -1, "a comparison's stopping");
        lua_setfield(L, res, "stopping");
    }
    cxi_strict(L, res, "a comparison");
    return 1;
}
