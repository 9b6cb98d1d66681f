/* cx_exp_sens: sensitivity analysis of a design's output: cx.morris (elementary effects) and cx.sobol (variance shares), with bootstrap CIs.
 *
 * Both take the design (cx.sample's table) and y, one output value per
 * point (cx.point_means of a design result, or any function of the points).
 *
 * Morris (Morris 1991; mu* of Campolongo, Cariboni and Saltelli 2007): each
 * step of a trajectory moves one field; its elementary effect is the change
 * in y over the change in the field as a share of its range. mu is their
 * mean, mu* the mean of their absolute values (how much the field matters),
 * sigma their standard deviation (interactions or non-linearity).
 *
 * Sobol (Saltelli et al. 2010, "Variance based sensitivity analysis of
 * model output", Comput. Phys. Commun. 181): from the Saltelli design's
 * matrices A, B and AB_i, the first-order index
 *   S1_i = mean(f(B) (f(AB_i) - f(A))) / V
 * and Jansen's total index
 *   ST_i = mean((f(A) - f(AB_i))^2) / (2 V),
 * V the variance of f over A and B together.
 *
 * Confidence intervals: percentile bootstrap (95%) over trajectories
 * (Morris) or rows of the base samples (Sobol), drawn from cx_rng seeded by
 * opts.seed, so they are reproducible. */
#include "cx_exp_internal.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_rng.h"

#define BOOT_DEFAULT 1000
#define BOOT_MAX 100000

/* The design's fields (k), n, and y (one per point) as doubles in a userdata pushed on the stack. */
typedef struct sens_in {
    int k, n;                     /* fields; design.n (trajectories or base samples) */
    int npoint;                   /* points */
    double *y;                    /* npoint values */
    int fields, points, ranges;   /* stack indexes of design.fields, .points, .ranges */
    int boot;                     /* bootstrap resamples (0: no CIs) */
    uint64_t seed;                /* of the bootstrap */
} sens_in;

static void read_in(lua_State *L, const char *fn, const char *method, int per, sens_in *in)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 3);
    static const char *const keys[] = {"boot", "seed", NULL};
    cxi_check_keys(L, 3, fn, keys);
    lua_getfield(L, 1, "method");
    const char *m = lua_tostring(L, -1);
    if (!m || strcmp(m, method))
        luaL_error(L, "%s: expects a design from cx.sample{method = '%s', ...} (got method %s)", fn, method,
                   m ? m : "none");
    lua_getfield(L, 1, "fields");
    in->fields = lua_gettop(L);
    lua_getfield(L, 1, "points");
    in->points = lua_gettop(L);
    lua_getfield(L, 1, "ranges");
    in->ranges = lua_gettop(L);
    lua_getfield(L, 1, "n");
    if (!lua_istable(L, in->fields) || !lua_istable(L, in->points) || !lua_istable(L, in->ranges) ||
        !lua_isinteger(L, -1))
        luaL_error(L, "%s: the design lacks fields, points, ranges or n (make it with cx.sample)", fn);
    in->k = (int)lua_rawlen(L, in->fields);
    in->n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    in->npoint = (int)lua_rawlen(L, in->points);
    if (in->n < 1 || in->k < 1 || (long)in->n * (in->k + per) != in->npoint)
        luaL_error(L, "%s: the design has %d points, not n (k + %d) = %d (k = %d fields)", fn, in->npoint, per,
                   in->n * (in->k + per), in->k);
    int ny = (int)lua_rawlen(L, 2);
    if (ny != in->npoint)
        luaL_error(L, "%s: y has %d values, the design %d points (one value per point, in order)", fn, ny, in->npoint);
    in->y = lua_newuserdatauv(L, (size_t)in->npoint * sizeof *in->y, 0);
    for (int i = 0; i < in->npoint; i++) {
        lua_rawgeti(L, 2, i + 1);
        int ok;
        in->y[i] = lua_tonumberx(L, -1, &ok);
        if (!ok || !isfinite(in->y[i]))
            luaL_error(L, "%s: y[%d] is %s, not a finite number (a failed or NA output?)", fn, i + 1,
                       ok ? "not finite" : luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    in->boot = BOOT_DEFAULT;
    in->seed = 1;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "boot");
        if (!lua_isnil(L, -1)) {
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > BOOT_MAX)
                luaL_error(L, "%s: boot must be a whole number from 0 to %d", fn, BOOT_MAX);
            in->boot = (int)lua_tointeger(L, -1);
        }
        lua_getfield(L, 3, "seed");
        if (!lua_isnil(L, -1)) in->seed = cxi_check_seed(L, -1, fn);
        lua_pop(L, 2);
    }
}

/* The value of field i at point p (1-based). */
static double point_value(lua_State *L, const sens_in *in, int p, int i, const char *fn)
{
    lua_rawgeti(L, in->points, p);
    lua_rawgeti(L, in->fields, i + 1);
    lua_gettable(L, -2);
    int ok;
    double v = lua_tonumberx(L, -1, &ok);
    if (!ok) luaL_error(L, "%s: point %d has no number for field %d", fn, p, i + 1);
    lua_pop(L, 2);
    return v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of xs[0..n) (sorted in place), linear between order statistics. */
static double quantile(double *xs, int n, double q)
{
    qsort(xs, (size_t)n, sizeof *xs, cmp_double);
    double h = q * (n - 1);
    int lo = (int)floor(h);
    if (lo >= n - 1) return xs[n - 1];
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]);
}

/* Set result[name] = v. */
static void setnum(lua_State *L, const char *name, double v)
{
    lua_pushnumber(L, v);
    lua_setfield(L, -2, name);
}

/* Close the result list at idx: strict, also keyed by field. */
static void finish(lua_State *L, int res, const sens_in *in, const char *what)
{
    for (int i = 0; i < in->k; i++) {
        lua_rawgeti(L, in->fields, i + 1);
        lua_rawgeti(L, res, i + 1);
        lua_settable(L, res);
    }
    cxi_strict(L, res, what);
}

/* mu* of the effects ee[i * n + t] over the trajectories picked by idx[0..n) (NULL: all). */
static double mu_star(const double *ee, int n, int i, const int *idx)
{
    double s = 0;
    for (int t = 0; t < n; t++) s += fabs(ee[(size_t)i * (size_t)n + (size_t)(idx ? idx[t] : t)]);
    return s / n;
}

/* cx.morris(design, y, {boot=, seed=}) */
static int l_morris(lua_State *L)
{
    const char *fn = "cx.morris";
    sens_in in;
    read_in(L, fn, "morris", 1, &in);
    int k = in.k, n = in.n;
    double *ee = lua_newuserdatauv(L, (size_t)k * (size_t)n * sizeof *ee, 0);
    double *lo = lua_newuserdatauv(L, (size_t)k * 2 * sizeof *lo, 0), *hi = lo + k;
    for (int i = 0; i < k; i++) {
        lua_rawgeti(L, in.fields, i + 1);
        lua_gettable(L, in.ranges);
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        lo[i] = lua_tonumber(L, -2);
        hi[i] = lua_tonumber(L, -1);
        lua_pop(L, 3);
    }
    int *filled = lua_newuserdatauv(L, (size_t)k * sizeof *filled, 0);
    for (int t = 0; t < n; t++) {
        memset(filled, 0, (size_t)k * sizeof *filled);
        for (int s = 0; s < k; s++) {
            int a = t * (k + 1) + s + 1, b = a + 1, moved = -1;
            double dx = 0;
            for (int i = 0; i < k; i++) {
                double d = point_value(L, &in, b, i, fn) - point_value(L, &in, a, i, fn);
                if (d == 0) continue;
                if (moved >= 0) luaL_error(L, "%s: points %d and %d differ in more than one field (not a Morris trajectory)", fn, a, b);
                moved = i;
                dx = d / (hi[i] - lo[i]);
            }
            if (moved < 0 || filled[moved])
                luaL_error(L, "%s: trajectory %d does not move each field once (points %d to %d)", fn, t + 1,
                           t * (k + 1) + 1, (t + 1) * (k + 1));
            filled[moved] = 1;
            ee[(size_t)moved * (size_t)n + (size_t)t] = (in.y[b - 1] - in.y[a - 1]) / dx;
        }
    }
    cx_rng rng;
    cx_rng_seed(&rng, in.seed, 0);
    int *idx = lua_newuserdatauv(L, (size_t)n * sizeof *idx, 0);
    double *bs = lua_newuserdatauv(L, (size_t)(in.boot ? in.boot : 1) * (size_t)k * sizeof *bs, 0);
    for (int b = 0; b < in.boot; b++) {
        for (int t = 0; t < n; t++) idx[t] = (int)cx_rng_below(&rng, (uint64_t)n);
        for (int i = 0; i < k; i++) bs[(size_t)i * (size_t)in.boot + (size_t)b] = mu_star(ee, n, i, idx);
    }
    lua_createtable(L, k, k);
    int res = lua_gettop(L);
    for (int i = 0; i < k; i++) {
        double mu = 0, ms = mu_star(ee, n, i, NULL), ss = 0;
        for (int t = 0; t < n; t++) mu += ee[(size_t)i * (size_t)n + (size_t)t];
        mu /= n;
        for (int t = 0; t < n; t++) ss += pow(ee[(size_t)i * (size_t)n + (size_t)t] - mu, 2);
        lua_createtable(L, 0, 7);
        lua_rawgeti(L, in.fields, i + 1);
        lua_setfield(L, -2, "field");
        setnum(L, "mu", mu);
        setnum(L, "mu_star", ms);
        setnum(L, "sigma", n > 1 ? sqrt(ss / (n - 1)) : NAN);
        double *col = bs + (size_t)i * (size_t)in.boot;
        setnum(L, "mu_star_lo", in.boot ? quantile(col, in.boot, 0.025) : NAN);
        setnum(L, "mu_star_hi", in.boot ? quantile(col, in.boot, 0.975) : NAN);
        lua_pushinteger(L, n);
        lua_setfield(L, -2, "n");
        cxi_strict(L, -1, "a Morris index");
        lua_rawseti(L, res, i + 1);
    }
    finish(L, res, &in, "Morris indices (by field)");
    return 1;
}

/* S1 and ST of field i over the rows idx[0..n) (NULL: all); y laid out as
 * cx.sample's Saltelli design: per row A, AB_1 .. AB_k, B. */
static void sobol_indices(const double *y, int n, int k, int i, const int *idx, double *s1, double *st)
{
    double m = 0, v = 0, a = 0, b = 0;
    for (int t = 0; t < n; t++) {
        const double *r = y + (size_t)(idx ? idx[t] : t) * (size_t)(k + 2);
        m += r[0] + r[k + 1];
    }
    m /= 2.0 * n;
    for (int t = 0; t < n; t++) {
        const double *r = y + (size_t)(idx ? idx[t] : t) * (size_t)(k + 2);
        double fa = r[0], fb = r[k + 1], fab = r[1 + i];
        v += (fa - m) * (fa - m) + (fb - m) * (fb - m);
        a += fb * (fab - fa);
        b += (fa - fab) * (fa - fab);
    }
    v /= 2.0 * n - 1;
    *s1 = v > 0 ? a / n / v : NAN;
    *st = v > 0 ? b / (2.0 * n) / v : NAN;
}

/* cx.sobol(design, y, {boot=, seed=}) */
static int l_sobol(lua_State *L)
{
    const char *fn = "cx.sobol";
    sens_in in;
    read_in(L, fn, "saltelli", 2, &in);
    int k = in.k, n = in.n;
    if (n < 2) return luaL_error(L, "%s: the design needs n of at least 2 base samples", fn);
    cx_rng rng;
    cx_rng_seed(&rng, in.seed, 0);
    int *idx = lua_newuserdatauv(L, (size_t)n * sizeof *idx, 0);
    size_t nb = (size_t)(in.boot ? in.boot : 1);
    double *b1 = lua_newuserdatauv(L, 2 * nb * (size_t)k * sizeof *b1, 0), *bt = b1 + nb * (size_t)k;
    for (int b = 0; b < in.boot; b++) {
        for (int t = 0; t < n; t++) idx[t] = (int)cx_rng_below(&rng, (uint64_t)n);
        for (int i = 0; i < k; i++) sobol_indices(in.y, n, k, i, idx, &b1[(size_t)i * nb + (size_t)b], &bt[(size_t)i * nb + (size_t)b]);
    }
    lua_createtable(L, k, k);
    int res = lua_gettop(L);
    for (int i = 0; i < k; i++) {
        double s1, st;
        sobol_indices(in.y, n, k, i, NULL, &s1, &st);
        lua_createtable(L, 0, 8);
        lua_rawgeti(L, in.fields, i + 1);
        lua_setfield(L, -2, "field");
        setnum(L, "S1", s1);
        setnum(L, "ST", st);
        setnum(L, "S1_lo", in.boot ? quantile(b1 + (size_t)i * nb, in.boot, 0.025) : NAN);
        setnum(L, "S1_hi", in.boot ? quantile(b1 + (size_t)i * nb, in.boot, 0.975) : NAN);
        setnum(L, "ST_lo", in.boot ? quantile(bt + (size_t)i * nb, in.boot, 0.025) : NAN);
        setnum(L, "ST_hi", in.boot ? quantile(bt + (size_t)i * nb, in.boot, 0.975) : NAN);
        lua_pushinteger(L, n);
        lua_setfield(L, -2, "n");
        cxi_strict(L, -1, "a Sobol index");
        lua_rawseti(L, res, i + 1);
    }
    finish(L, res, &in, "Sobol indices (by field)");
    return 1;
}

void cxi_sens_register(lua_State *L)
{
    static const luaL_Reg f[] = {{"morris", l_morris}, {"sobol", l_sobol}, {NULL, NULL}};
    luaL_setfuncs(L, f, 0);
}
