/* cx_exp_pool: runs tasks on the shared thread pool (cx_pool; in-process with one job), outcomes by task index.
 *
 * Tasks go to a pool of threads (each run owns its whole context: engine,
 * model, random streams, Lua policy states; nothing is shared but the
 * read-only task list), and each outcome is stored at its task's index, so
 * the order of results never depends on timing. The calling thread alone
 * touches the experiment's Lua state: it takes the outcomes in completion
 * order and calls `done` (the sweep journal) for each. With one job, or
 * when native policies are allowed (their regimes fork a child each, which
 * must not happen from several threads at once), tasks run in-process, one
 * after another: same code, same numbers. The outcomes live
 * in a userdata (cxi_box) whose __gc frees them, so a Lua error never leaks
 * them. */
#include "cx_exp_internal.h"
#include "cx_lua_util.h"
#include "cx_pool.h"
#ifdef CX_MPI
#include "cx_exp_mpi.h"
#endif

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Progress of one call: a bar redrawn in place on a terminal, or (a log)
 * a line with the ETA at most every 10 s or 10% of the runs, and at the end. */
typedef struct meter {
    int mode;                     /* 0, CX_EXPERIMENT_PROGRESS_BAR or _LINES */
    double t0, shown_t;           /* start, last line (cx_lua_now) */
    int shown;                    /* runs done at the last line */
} meter;

static void clock_text(char *out, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(out, n, "%ldh%02ldm%02lds", t / 3600, t / 60 % 60, t % 60);
    else if (t >= 60) snprintf(out, n, "%ldm%02lds", t / 60, t % 60);
    else snprintf(out, n, "%lds", t);
}

static void progress_line(meter *m, const char *what, int done, int total)
{
    double now = cx_lua_now(), el = now - m->t0;
    if (done <= 0 || total < 2) return; /* one run: no line */
    if (done < total && now - m->shown_t < 10 && done * 10 / total == m->shown * 10 / total) return;
    char e[32], eta[32];
    clock_text(e, sizeof e, el);
    clock_text(eta, sizeof eta, el / done * (total - done));
    fprintf(stderr, "cxsim lua: %s: %d/%d runs (%d%%), %s elapsed, ETA %s\n", what, done, total,
            (int)(100.0 * done / total), e, eta);
    fflush(stderr);
    m->shown = done;
    m->shown_t = now;
}

static void progress(const char *what, int done, int total)
{
    int w = 30, k = total ? (int)((double)done / total * w + 0.5) : w;
    fprintf(stderr, "\r%-12.12s [", what);
    for (int i = 0; i < w; i++) fputc(i < k ? '#' : '.', stderr);
    fprintf(stderr, "] %d/%d runs", done, total);
    fflush(stderr);
}

static void tick(meter *m, const char *what, int done, int total)
{
    if (m->mode == CX_EXPERIMENT_PROGRESS_BAR) progress(what, done, total);
    else if (m->mode == CX_EXPERIMENT_PROGRESS_LINES) progress_line(m, what, done, total);
}

static void progress_end(void)
{
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

/* One call's runs on the shared pool (cx_pool): each run writes only its
 * own outcome; the calling thread alone hears of them, in completion order,
 * and calls `done` (the sweep journal) for each. */
typedef struct exp_runs {
    const cxi_task *tasks;        /* the runs */
    const cx_consent *consent;    /* what their policies may do */
    cxi_outcome *out;             /* outcomes by task index */
    cxi_done_fn done;             /* the journal, or NULL */
    void *ud;
    meter *m;                     /* progress */
    const char *what;             /* the call, for progress */
    int finished, todo;           /* runs heard of, runs to do */
    int stop;                     /* a run failed: no more journal, no new run */
} exp_runs;

static void exp_task(void *ud, int i)
{
    exp_runs *x = ud;
    cxi_bbuf b = {0};
    cxi_run_task(&x->tasks[i], x->consent, &b);
    x->out[i].blob = b.p;
    x->out[i].len = b.n;
}

static int exp_done(void *ud, int i)
{
    exp_runs *x = ud;
    if (cxi_blob_error(&x->out[i])) x->stop = 1;
    else if (x->done && !x->stop) x->done(x->ud, i, &x->out[i]);
    tick(x->m, x->what, ++x->finished, x->todo);
    return x->stop;
}

/* Run every task whose skip[i] is 0 (skip may be NULL). Outcomes by task
 * index; `done` (may be NULL) is called in the parent, in completion
 * order, for each. Returns 0, or -1 with a message (the failing run with
 * the lowest index, or a pool failure). With native policies allowed the
 * runs stay in the calling thread (their regimes fork a child each, which
 * must not happen from several threads at once). */
static int pool_work(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                     cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n)
{
    int todo = 0, rc = 0;
    for (int i = 0; i < ntask; i++) todo += !(skip && skip[i]);
    int jobs = E->o.jobs < 1 ? 1 : E->o.jobs;
    cx_consent consent; /* the scenarios' policies open what the experiment's user opened */
    if (E->o.consent) consent = *E->o.consent;
    else cx_consent_default(&consent);
    consent.unsafe = E->o.unsafe;
    if (consent.allow_plugins) jobs = 1;
    meter m = {E->o.progress, cx_lua_now(), cx_lua_now(), 0};
    if (m.mode == CX_EXPERIMENT_PROGRESS_BAR && todo) progress(what, 0, todo);
    exp_runs x = {.tasks = tasks, .consent = &consent, .out = out, .done = done, .ud = ud, .m = &m,
                  .what = what, .todo = todo};
    cx_pool_spec spec = {.n = ntask, .threads = jobs, .skip = skip, .run = exp_task, .done = exp_done, .ud = &x};
#ifdef CX_MPI
    if (cx_exp_mpi_size(E->o.mpi) > 1) {
        if (cxi_mpi_pool(E->o.mpi, &spec, tasks, out, jobs, err, n)) x.stop = 1, rc = -1;
    } else
#endif
        cx_pool_run(&spec);
    if (m.mode == CX_EXPERIMENT_PROGRESS_BAR && todo) progress_end();
    for (int i = 0; !rc && i < ntask; i++) {
        if (skip && skip[i]) continue;
        const char *e = out[i].blob ? cxi_blob_error(&out[i]) : NULL;
        if (e) {
            snprintf(err, n, "%s", e);
            rc = -1;
            break;
        }
        if (!out[i].blob && !x.stop) {
            snprintf(err, n, "run %d did not finish", i);
            rc = -1;
            break;
        }
    }
    if (!rc && x.stop) {
        snprintf(err, n, "the runs were stopped");
        rc = -1;
    }
    return rc;
}

static int box_gc(lua_State *L)
{
    cxi_box *b = luaL_checkudata(L, 1, CX_EXP_BOX_MT);
    for (int i = 0; i < b->n; i++) free(b->o[i].blob);
    free(b->o);
    b->o = NULL;
    b->n = 0;
    return 0;
}

cxi_box *cxi_box_new(lua_State *L, int n)
{
    cxi_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->n = 0;
    b->o = NULL;
    luaL_setmetatable(L, CX_EXP_BOX_MT);
    b->o = calloc((size_t)(n ? n : 1), sizeof *b->o);
    if (!b->o) luaL_error(L, "out of memory");
    b->n = n;
    return b;
}

/* pool_work, its time kept off the script's wall-clock deadline. */
int cxi_pool_run(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                 cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n)
{
    double t0 = cx_lua_now();
    int rc = pool_work(E, what, tasks, ntask, skip, out, done, ud, err, n);
    if (E->budget) cx_lua_budget_pause(E->budget, t0);
    return rc;
}

/* The outcomes' metatable (its __gc frees them), hidden from scripts. */
void cxi_box_register(lua_State *L)
{
    luaL_newmetatable(L, CX_EXP_BOX_MT);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
