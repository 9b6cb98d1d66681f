/* cx_exp_design: cx.sample (full factorial, Latin hypercube, Sobol, Saltelli, Morris designs), cx.design and cx.point_means.
 *
 * A design is a Lua table: the fields it varies (sorted paths), their
 * ranges, and its points, each a table {path = value}. cx.sample makes one;
 * a researcher may as well write the points by hand. cx.design runs the
 * points through the runner of sweeps (cxi_run_points: the same pool,
 * journal, --resume and tidy CSV, with a `point` column), so what spreads a
 * sweep's runs spreads a design's too.
 *
 * Generated values are rounded to 15 significant digits, the digits the CSV
 * shows, so the design table, the CSV and the runs hold the same numbers.
 * Quasi-random points come from GSL's Sobol sequence (gsl_qrng_sobol, at
 * most 40 dimensions); Latin hypercube and Morris draw from cx_rng seeded
 * by the design's seed. */
#include "cx_exp_internal.h"

#include <gsl/gsl_qrng.h>
#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_rng.h"

#define SAMPLE_MAX_POINTS 1000000 /* points of one design */

/* v rounded to the 15 significant digits the CSV shows. */
static double round15(double v)
{
    char t[64];
    snprintf(t, sizeof t, "%.15g", v);
    return strtod(t, NULL);
}

/* The design being sampled: k fields with their ranges (or levels). */
typedef struct spec {
    int k;                        /* fields */
    const char **path;            /* sorted */
    double *lo, *hi;              /* ranges (lhs, sobol, saltelli, morris) */
} spec;

/* Push point {path = lo + u (hi - lo)} for unit coordinates u[0..k) and store it at points[idx]. */
static void put_unit_point(lua_State *L, int points, int idx, const spec *sp, const double *u)
{
    lua_createtable(L, 0, sp->k);
    for (int i = 0; i < sp->k; i++) {
        lua_pushnumber(L, round15(sp->lo[i] + u[i] * (sp->hi[i] - sp->lo[i])));
        lua_setfield(L, -2, sp->path[i]);
    }
    lua_rawseti(L, points, idx);
}

static void check_count(lua_State *L, long n)
{
    if (n < 1 || n > SAMPLE_MAX_POINTS) luaL_error(L, "cx.sample: the design would have %ld points (1 to %d)", n, SAMPLE_MAX_POINTS);
}

/* Latin hypercube: each field's range cut into n strata, one point in each,
 * the strata paired at random across fields. */
static void sample_lhs(lua_State *L, int points, const spec *sp, int n, cx_rng *rng)
{
    int *perm = lua_newuserdatauv(L, (size_t)n * (size_t)sp->k * sizeof *perm, 0);
    double *u = lua_newuserdatauv(L, (size_t)sp->k * sizeof *u, 0);
    for (int i = 0; i < sp->k; i++) {
        int *p = perm + (size_t)i * (size_t)n;
        for (int j = 0; j < n; j++) p[j] = j;
        for (int j = n - 1; j > 0; j--) {
            int m = (int)cx_rng_below(rng, (uint64_t)j + 1), t = p[j];
            p[j] = p[m];
            p[m] = t;
        }
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < sp->k; i++) u[i] = (perm[(size_t)i * (size_t)n + (size_t)j] + cx_rng_uniform(rng)) / n;
        put_unit_point(L, points, j + 1, sp, u);
    }
    lua_pop(L, 2);
}

static gsl_qrng *sobol_new(lua_State *L, int dim)
{
    if (dim > (int)gsl_qrng_sobol->max_dimension)
        luaL_error(L, "cx.sample: the Sobol sequence has at most %d dimensions (this design needs %d)",
                   (int)gsl_qrng_sobol->max_dimension, dim);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q) luaL_error(L, "cx.sample: out of memory");
    return q;
}

/* Sobol points (GSL), n of them; or, with saltelli, n rows of a 2k-dimensional
 * sequence split into A (first k) and B (last k), each row giving the points
 * A, AB_1 .. AB_k (A with field i from B), B: n (k + 2) points. */
static void sample_sobol(lua_State *L, int points, const spec *sp, int n, int saltelli)
{
    int dim = saltelli ? 2 * sp->k : sp->k;
    double *v = lua_newuserdatauv(L, (size_t)dim * 2 * sizeof *v, 0), *u = v + dim;
    gsl_qrng *q = sobol_new(L, dim);
    int idx = 0;
    for (int j = 0; j < n; j++) {
        gsl_qrng_get(q, v);
        if (!saltelli) {
            put_unit_point(L, points, ++idx, sp, v);
            continue;
        }
        put_unit_point(L, points, ++idx, sp, v); /* A */
        for (int i = 0; i < sp->k; i++) {
            memcpy(u, v, (size_t)sp->k * sizeof *u);
            u[i] = v[sp->k + i];
            put_unit_point(L, points, ++idx, sp, u); /* AB_i */
        }
        put_unit_point(L, points, ++idx, sp, v + sp->k); /* B */
    }
    gsl_qrng_free(q);
    lua_pop(L, 1);
}

/* Morris: r trajectories of k + 1 points on a grid of p levels; each step
 * moves one field (in random order) by delta = p / (2 (p - 1)) of its range,
 * up or down at random. */
static void sample_morris(lua_State *L, int points, const spec *sp, int r, int p, cx_rng *rng)
{
    double delta = p / (2.0 * (p - 1));
    int k = sp->k, idx = 0;
    double *x = lua_newuserdatauv(L, (size_t)k * sizeof *x, 0);
    int *order = lua_newuserdatauv(L, (size_t)k * 2 * sizeof *order, 0), *dir = order + k;
    int lowest = p / 2; /* levels 0 .. p/2 - 1 leave room for +delta */
    for (int t = 0; t < r; t++) {
        for (int i = 0; i < k; i++) {
            order[i] = i;
            dir[i] = cx_rng_below(rng, 2) ? 1 : -1;
            double b = (double)cx_rng_below(rng, (uint64_t)lowest) / (p - 1);
            x[i] = dir[i] > 0 ? b : b + delta;
        }
        for (int i = k - 1; i > 0; i--) {
            int m = (int)cx_rng_below(rng, (uint64_t)i + 1), s = order[i];
            order[i] = order[m];
            order[m] = s;
        }
        put_unit_point(L, points, ++idx, sp, x);
        for (int s = 0; s < k; s++) {
            x[order[s]] += dir[order[s]] * delta;
            put_unit_point(L, points, ++idx, sp, x);
        }
    }
    lua_pop(L, 2);
}

/* cx.sample{method=, fields=, n=, levels=, seed=}: a design table. */
static int l_sample(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const keys[] = {"method", "fields", "n", "levels", "seed", NULL};
    cxi_check_keys(L, 1, "cx.sample", keys);
    lua_getfield(L, 1, "method");
    static const char *const methods[] = {"factorial", "lhs", "sobol", "saltelli", "morris", NULL};
    const char *m = lua_tostring(L, -1);
    int method = -1;
    for (int i = 0; m && methods[i]; i++)
        if (!strcmp(m, methods[i])) method = i;
    if (method < 0)
        return luaL_error(L, "cx.sample: method must be one of factorial, lhs, sobol, saltelli, morris (got %s)",
                          m ? m : luaL_typename(L, -1));
    lua_getfield(L, 1, "fields");
    int fi = lua_gettop(L);
    if (!lua_istable(L, fi)) return luaL_error(L, "cx.sample: fields must be a table {['field.path'] = {lo, hi}}");
    spec sp = {0};
    lua_pushnil(L);
    while (lua_next(L, fi)) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
            return luaL_error(L, "cx.sample: fields maps field paths to %s",
                              method ? "ranges {lo, hi}" : "lists of levels");
        lua_pop(L, 1);
        sp.k++;
    }
    if (!sp.k) return luaL_error(L, "cx.sample: fields is empty");
    sp.path = lua_newuserdatauv(L, (size_t)sp.k * sizeof *sp.path, 0);
    sp.lo = lua_newuserdatauv(L, (size_t)sp.k * 2 * sizeof *sp.lo, 0);
    sp.hi = sp.lo + sp.k;
    int k = 0;
    lua_pushnil(L);
    while (lua_next(L, fi)) {
        lua_pop(L, 1);
        sp.path[k++] = lua_tostring(L, -1);
    }
    qsort(sp.path, (size_t)sp.k, sizeof *sp.path, cxi_cmp_cstr);
    long total = 1;
    for (int i = 0; i < sp.k; i++) {
        lua_getfield(L, fi, sp.path[i]);
        lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
        if (method == 0) {
            if (len < 1) return luaL_error(L, "cx.sample: field '%s': a non-empty list of levels", sp.path[i]);
            total *= len;
            check_count(L, total);
        } else {
            int ok1, ok2;
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            sp.lo[i] = lua_tonumberx(L, -2, &ok1);
            sp.hi[i] = lua_tonumberx(L, -1, &ok2);
            if (len != 2 || !ok1 || !ok2 || !isfinite(sp.lo[i]) || !isfinite(sp.hi[i]) || !(sp.lo[i] < sp.hi[i]))
                return luaL_error(L, "cx.sample: field '%s': a range {lo, hi} of two numbers with lo < hi", sp.path[i]);
            lua_pop(L, 2);
        }
        lua_pop(L, 1);
    }
    lua_Integer n = 0, levels = 4;
    if (method) {
        lua_getfield(L, 1, "n");
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > SAMPLE_MAX_POINTS)
            return luaL_error(L, "cx.sample: n must be a whole number from 1 (%s)",
                              method == 4 ? "trajectories" : method == 3 ? "base samples" : "points");
        n = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    lua_getfield(L, 1, "levels");
    if (!lua_isnil(L, -1)) {
        if (method != 4) return luaL_error(L, "cx.sample: levels is for method 'morris'");
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 2 || lua_tointeger(L, -1) > 1000 || lua_tointeger(L, -1) % 2)
            return luaL_error(L, "cx.sample: levels must be an even whole number from 2 to 1000");
        levels = lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    uint64_t seed = 1;
    lua_getfield(L, 1, "seed");
    if (!lua_isnil(L, -1)) seed = cxi_check_seed(L, -1, "cx.sample");
    lua_pop(L, 1);
    cx_rng rng;
    cx_rng_seed(&rng, seed, 0);
    if (method == 3) total = n * (sp.k + 2);
    else if (method == 4) total = n * (sp.k + 1);
    else if (method) total = n;
    check_count(L, total);
    /* the design table */
    lua_createtable(L, 0, 8);
    int res = lua_gettop(L);
    lua_pushstring(L, methods[method]);
    lua_setfield(L, res, "method");
    lua_createtable(L, sp.k, 0);
    for (int i = 0; i < sp.k; i++) {
        lua_pushstring(L, sp.path[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, res, "fields");
    if (method) {
        lua_createtable(L, 0, sp.k);
        for (int i = 0; i < sp.k; i++) {
            lua_createtable(L, 2, 0);
            lua_pushnumber(L, sp.lo[i]);
            lua_rawseti(L, -2, 1);
            lua_pushnumber(L, sp.hi[i]);
            lua_rawseti(L, -2, 2);
            lua_setfield(L, -2, sp.path[i]);
        }
        lua_setfield(L, res, "ranges");
        lua_pushinteger(L, n);
        lua_setfield(L, res, "n");
    }
    if (method == 4) {
        lua_pushinteger(L, levels);
        lua_setfield(L, res, "levels");
    }
    if (method == 1 || method == 4) {
        cxi_push_seed(L, seed);
        lua_setfield(L, res, "seed");
    }
    lua_createtable(L, (int)total, 0);
    int points = lua_gettop(L);
    switch (method) {
    case 0: /* full factorial: the first field varies slowest, as in a sweep */
        for (long c = 0; c < total; c++) {
            lua_createtable(L, 0, sp.k);
            long div = total;
            for (int i = 0; i < sp.k; i++) {
                lua_getfield(L, fi, sp.path[i]);
                lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
                div /= (long)len;
                lua_rawgeti(L, -1, (lua_Integer)((c / div) % len) + 1);
                lua_setfield(L, -3, sp.path[i]);
                lua_pop(L, 1);
            }
            lua_rawseti(L, points, c + 1);
        }
        break;
    case 1: sample_lhs(L, points, &sp, (int)n, &rng); break;
    case 2: sample_sobol(L, points, &sp, (int)n, 0); break;
    case 3: sample_sobol(L, points, &sp, (int)n, 1); break;
    case 4: sample_morris(L, points, &sp, (int)n, (int)levels, &rng); break;
    }
    lua_setfield(L, res, "points");
    return 1;
}

/* The design's field paths, into a userdata pushed on the stack: design.fields,
 * or the sorted keys of the first point. Every point must have exactly them. */
static const char **design_fields(lua_State *L, int design, int points, int npoint, int *np)
{
    lua_getfield(L, design, "fields");
    int have = lua_istable(L, -1);
    int fl = lua_gettop(L);
    int k = 0;
    if (have) k = (int)lua_rawlen(L, fl);
    else {
        lua_rawgeti(L, points, 1);
        if (!lua_istable(L, -1)) luaL_error(L, "cx.design: point 1 is not a table {['field.path'] = value}");
        lua_pushnil(L);
        while (lua_next(L, -2)) lua_pop(L, 1), k++;
        lua_pop(L, 1);
    }
    const char **paths = lua_newuserdatauv(L, (size_t)(k ? k : 1) * sizeof *paths, 0);
    lua_insert(L, fl); /* below the fields list, which keeps the strings alive */
    if (have) {
        for (int i = 0; i < k; i++) {
            lua_rawgeti(L, fl + 1, i + 1);
            if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "cx.design: fields must be a list of field paths");
            paths[i] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
    } else {
        lua_pop(L, 1);
        lua_rawgeti(L, points, 1); /* the first point keeps its keys alive */
        k = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "cx.design: point 1: keys must be field paths");
            paths[k++] = lua_tostring(L, -1);
        }
        qsort(paths, (size_t)k, sizeof *paths, cxi_cmp_cstr);
    }
    if (!k) luaL_error(L, "cx.design: the design varies no field");
    for (int c = 0; c < npoint; c++) {
        lua_rawgeti(L, points, c + 1);
        if (!lua_istable(L, -1)) luaL_error(L, "cx.design: point %d is not a table {['field.path'] = value}", c + 1);
        int m = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            const char *key = lua_tostring(L, -1);
            int found = 0;
            for (int i = 0; key && i < k; i++) found |= !strcmp(key, paths[i]);
            if (!found || lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "cx.design: point %d: field '%s' is not a field of the design (its fields: the "
                           "keys of point 1, or design.fields)", c + 1, key ? key : "?");
            m++;
        }
        if (m != k) {
            for (int i = 0; i < k; i++) {
                lua_getfield(L, -1, paths[i]);
                if (lua_isnil(L, -1)) luaL_error(L, "cx.design: point %d has no value for field '%s'", c + 1, paths[i]);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    *np = k;
    return paths;
}

/* cx.design(scenario, design, reps, {out=, seed=, years=, set=, regime=, metrics=}) */
static int l_design(lua_State *L)
{
    cxi_points pt;
    cxi_points_args(L, "cx.design", "design.csv", &pt);
    /* design.points, or the design itself as a list of points */
    lua_getfield(L, 2, "points");
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_pushvalue(L, 2);
    }
    int points = lua_gettop(L);
    lua_Integer npoint = (lua_Integer)lua_rawlen(L, points);
    if (npoint < 1) return luaL_error(L, "cx.design: the design has no points (a list of {['field.path'] = value}, or cx.sample{...})");
    if (npoint > CX_EXP_MAX_TASKS) return luaL_error(L, "cx.design: more than %d points", CX_EXP_MAX_TASKS);
    int np;
    const char **paths = design_fields(L, 2, points, (int)npoint, &np);
    pt.paths = paths;
    pt.np = np;
    pt.points = points;
    pt.npoint = (int)npoint;
    pt.with_point = 1;
    cxi_run_points(L, &pt);
    cxi_strict(L, -1, "a design result");
    return 1;
}

/* cx.point_means(result, metric, {regime=, minus=}): per point of a design
 * result, the mean over replications of `metric` of `regime` (minus that of
 * regime `minus` in the same replication: at the same point when the design
 * touches it, else its base row). A list, one value per point. */
static int l_point_means(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *metric = luaL_checkstring(L, 2);
    lua_settop(L, 3);
    static const char *const keys[] = {"regime", "minus", NULL};
    cxi_check_keys(L, 3, "cx.point_means", keys);
    const char *regime = NULL, *minus = NULL;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "regime");
        regime = lua_tostring(L, -1);
        lua_getfield(L, 3, "minus");
        minus = lua_tostring(L, -1);
    }
    lua_getfield(L, 1, "points");
    lua_getfield(L, 1, "reps");
    lua_getfield(L, 1, "data");
    if (!lua_isinteger(L, -3) || !lua_isinteger(L, -2) || !lua_istable(L, -1))
        return luaL_error(L, "cx.point_means: expects the result of cx.design");
    int npoint = (int)lua_tointeger(L, -3), reps = (int)lua_tointeger(L, -2), data = lua_gettop(L);
    /* value[point 0..npoint (npoint: base)][rep] for the regime and for `minus` */
    size_t cells = (size_t)(npoint + 1) * (size_t)reps;
    double *v = lua_newuserdatauv(L, 2 * cells * sizeof *v, 0), *w = v + cells;
    for (size_t i = 0; i < 2 * cells; i++) v[i] = NAN;
    lua_Integer nrow = (lua_Integer)lua_rawlen(L, data);
    int seen = 0, seen_minus = 0;
    for (lua_Integer i = 1; i <= nrow; i++) {
        lua_rawgeti(L, data, i);
        lua_getfield(L, -1, "regime");
        const char *g = lua_tostring(L, -1);
        lua_getfield(L, -2, "point");
        if (lua_isnil(L, -1))
            return luaL_error(L, "cx.point_means: expects the result of cx.design (these rows have no point column)");
        lua_getfield(L, -3, "rep");
        lua_getfield(L, -4, metric);
        if (!lua_isnumber(L, -1))
            return luaL_error(L, "cx.point_means: the rows have no metric '%s' (see the design's metrics=)", metric);
        double p = lua_tonumber(L, -3);
        lua_Integer rep = lua_tointeger(L, -2);
        if (rep >= 0 && rep < reps && (isnan(p) || (p >= 1 && p <= npoint))) {
            size_t at = (size_t)(isnan(p) ? npoint : (int)p - 1) * (size_t)reps + (size_t)rep;
            if (!regime) regime = g; /* the first regime of the rows (the rows keep the string) */
            if (g && !strcmp(g, regime)) v[at] = lua_tonumber(L, -1), seen = 1;
            if (g && minus && !strcmp(g, minus)) w[at] = lua_tonumber(L, -1), seen_minus = 1;
        }
        lua_pop(L, 5);
    }
    if (!seen) return luaL_error(L, "cx.point_means: no rows of regime '%s'", regime ? regime : "?");
    if (minus && !seen_minus) return luaL_error(L, "cx.point_means: no rows of regime '%s' (minus)", minus);
    lua_createtable(L, npoint, 0);
    for (int c = 0; c < npoint; c++) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < reps; r++) {
            double x = v[(size_t)c * (size_t)reps + (size_t)r];
            if (isnan(x)) x = v[(size_t)npoint * (size_t)reps + (size_t)r];
            if (minus) {
                double y = w[(size_t)c * (size_t)reps + (size_t)r];
                if (isnan(y)) y = w[(size_t)npoint * (size_t)reps + (size_t)r];
                x -= y;
            }
            if (!isnan(x)) sum += x, n++;
        }
        lua_pushnumber(L, n ? sum / n : NAN);
        lua_rawseti(L, -2, c + 1);
    }
    return 1;
}

void cxi_design_register(lua_State *L)
{
    static const luaL_Reg f[] = {{"sample", l_sample}, {"design", l_design}, {"point_means", l_point_means},
                                 {NULL, NULL}};
    luaL_setfuncs(L, f, 0);
}
