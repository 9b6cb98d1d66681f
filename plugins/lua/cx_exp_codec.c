/* cx_exp_codec: one run (a task) executed into a flat binary outcome, and that outcome read back.
 *
 * A run is a task: a scenario (cx_params), a seed, and whether monthly rows
 * are wanted. Its outcome is the same blob whether a worker process or the
 * experiment's own process ran it (layout in cx_exp_internal.h), so the
 * results never depend on where or when a run happened. */
#include "cx_exp_internal.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_job.h"
#include "cx_row.h"
#include "cx_sim.h"
#include "cx_time.h"

static void bput(cxi_bbuf *b, const void *src, size_t k)
{
    if (b->oom) return;
    if (b->n + k > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + k) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, k);
    b->n += k;
}

static void bput_i32(cxi_bbuf *b, int32_t v) { bput(b, &v, sizeof v); }

static void fail_blob(cxi_bbuf *b, const char *msg)
{
    b->n = 0;
    b->oom = 0;
    bput_i32(b, -1);
    bput(b, msg, strlen(msg) + 1);
}

/* Run one task into blob b. */
void cxi_run_task(const cxi_task *t, const cx_consent *consent, cxi_bbuf *b)
{
    char err[1024];
    cx_job *J = calloc(1, sizeof *J);
    cx_params *P = malloc(sizeof *P);
    double *rows = NULL, *sum = NULL;
    if (!J || !P) {
        fail_blob(b, "out of memory");
        goto done;
    }
    *P = *t->P;
    P->seed = t->seed;
    char msg[1400];
    if (cx_job_open(J, P, t->path, consent, err, sizeof err)) {
        snprintf(msg, sizeof msg, "rep %d, seed %llu: %s", t->rep, (unsigned long long)t->seed, err);
        fail_blob(b, msg);
        free(J);
        J = NULL;
        goto done;
    }
    if (cx_job_run(J, err, sizeof err)) {
        /* where: the first regime that did not reach its horizon, and its month */
        int i = 0;
        while (i < J->n - 1 && J->done[i]) i++;
        snprintf(msg, sizeof msg, "rep %d, seed %llu, regime '%s', month %d: %s", t->rep,
                 (unsigned long long)t->seed, cx_job_label(J, i),
                 (int)(cx_sim_now(J->sim[i]) / CX_MINUTES_PER_MONTH), err);
        fail_blob(b, msg);
        goto done;
    }
    int ncol = cx_row_count();
    bput_i32(b, 0);
    bput_i32(b, J->n);
    for (int i = 0; i < J->n; i++) {
        const cx_sim *S = J->sim[i];
        int months = (int)cx_sim_periods(S);
        free(rows);
        rows = calloc((size_t)(months ? months : 1) * (size_t)ncol, sizeof *rows);
        free(sum);
        sum = calloc((size_t)ncol, sizeof *sum);
        if (!rows || !sum) {
            fail_blob(b, "out of memory");
            goto done;
        }
        for (int m = 0; m < months; m++) cx_sim_row(S, (size_t)m, rows + (size_t)m * (size_t)ncol);
        /* the run's figures as summary.json and the printed summary have them */
        if (cx_sim_total_row(S, sum)) {
            fail_blob(b, "out of memory");
            goto done;
        }
        char label[CX_NAME_MAX] = {0};
        snprintf(label, sizeof label, "%s", cx_job_label(J, i));
        bput(b, label, sizeof label);
        bput_i32(b, months);
        bput_i32(b, ncol);
        bput_i32(b, t->monthly);
        bput(b, sum, (size_t)ncol * sizeof *sum);
        if (t->monthly) bput(b, rows, (size_t)months * (size_t)ncol * sizeof *rows);
    }
    if (b->oom) fail_blob(b, "out of memory");
done:
    if (J) cx_job_close(J);
    free(J);
    free(P);
    free(rows);
    free(sum);
}

static int rd_get(cxi_rd *r, void *dst, size_t k)
{
    if ((size_t)(r->end - r->p) < k) return -1;
    memcpy(dst, r->p, k);
    r->p += k;
    return 0;
}

int32_t cxi_rd_outcome(cxi_rd *r, const cxi_outcome *o)
{
    *r = (cxi_rd){o->blob + sizeof(int32_t), o->blob + o->len};
    int32_t nreg = 0;
    rd_get(r, &nreg, sizeof nreg);
    return nreg;
}

void cxi_rd_regime(cxi_rd *r, cxi_regime_head *h)
{
    h->months = h->ncol = h->has_monthly = 0;
    rd_get(r, h->label, sizeof h->label);
    rd_get(r, &h->months, sizeof h->months);
    rd_get(r, &h->ncol, sizeof h->ncol);
    rd_get(r, &h->has_monthly, sizeof h->has_monthly);
    h->label[CX_NAME_MAX - 1] = 0;
}

const char *cxi_blob_error(const cxi_outcome *o)
{
    int32_t st;
    if (!o->blob || o->len < sizeof st) return "run did not finish";
    memcpy(&st, o->blob, sizeof st);
    return st ? o->blob + sizeof st : NULL;
}

/* Push the regimes of an outcome: a list of regime tables, also keyed by label. */
void cxi_push_outcome(lua_State *L, const cxi_outcome *o, const char *scenario, int rep, uint64_t seed)
{
    cxi_rd r;
    int32_t nreg = cxi_rd_outcome(&r, o);
    lua_createtable(L, nreg, nreg);
    for (int i = 0; i < nreg; i++) {
        cxi_regime_head h;
        cxi_rd_regime(&r, &h);
        const char *label = h.label;
        int32_t months = h.months, ncol = h.ncol, has_monthly = h.has_monthly;
        lua_createtable(L, 0, 8);
        lua_pushstring(L, label);
        lua_setfield(L, -2, "label");
        lua_pushstring(L, scenario);
        lua_setfield(L, -2, "scenario");
        lua_pushinteger(L, rep);
        lua_setfield(L, -2, "rep");
        cxi_push_seed(L, seed);
        lua_setfield(L, -2, "seed");
        lua_pushinteger(L, months);
        lua_setfield(L, -2, "months");
        lua_createtable(L, 0, ncol);
        for (int c = 0; c < ncol; c++) {
            double v = 0;
            rd_get(&r, &v, sizeof v);
            lua_pushnumber(L, v);
            lua_setfield(L, -2, cx_row_columns[c].name);
        }
        cxi_strict(L, -1, "summary");
        lua_setfield(L, -2, "summary");
        if (has_monthly) {
            const char *base = r.p;
            lua_createtable(L, 0, ncol);
            for (int c = 0; c < ncol; c++) {
                lua_createtable(L, months, 0);
                for (int m = 0; m < months; m++) {
                    double v;
                    memcpy(&v, base + ((size_t)m * (size_t)ncol + (size_t)c) * sizeof v, sizeof v);
                    lua_pushnumber(L, v);
                    lua_rawseti(L, -2, m + 1);
                }
                lua_setfield(L, -2, cx_row_columns[c].name);
            }
            cxi_strict(L, -1, "monthly");
            lua_setfield(L, -2, "monthly");
            r.p += (size_t)months * (size_t)ncol * sizeof(double);
        }
        cxi_strict(L, -1, "a regime result");
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, label);
        lua_rawseti(L, -2, i + 1);
    }
    cxi_strict(L, -1, "a run result (its regimes by label)");
}

/* The summary value of metric `col` for regime `label` of an outcome (NAN when absent). */
double cxi_outcome_metric(const cxi_outcome *o, const char *label, int col)
{
    cxi_rd r;
    int32_t nreg = cxi_rd_outcome(&r, o);
    for (int i = 0; i < nreg; i++) {
        cxi_regime_head h;
        cxi_rd_regime(&r, &h);
        if (!label || !strcmp(h.label, label)) {
            double v = NAN;
            if (col < h.ncol) memcpy(&v, r.p + (size_t)col * sizeof v, sizeof v);
            return v;
        }
        r.p += (size_t)h.ncol * sizeof(double);
        if (h.has_monthly) r.p += (size_t)h.months * (size_t)h.ncol * sizeof(double);
    }
    return NAN;
}
