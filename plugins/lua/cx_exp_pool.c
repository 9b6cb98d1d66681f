/* cx_exp_pool: runs tasks in worker threads (or in-process with one job), outcomes by task index.
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

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tasks shared by the worker threads. */
typedef struct pool {
    const cxi_task *tasks;        /* the runs */
    int ntask;                    /* entries in tasks */
    const char *skip;             /* skip[i]: already done (may be NULL) */
    cxi_outcome *out;             /* outcomes by task index */
    const cx_consent *consent;    /* what the runs' policies may do */
    int next;                     /* the next task to take (under lock) */
    int *finished_order;          /* task indexes in completion order (under lock) */
    int n_finished;               /* entries in finished_order */
    int running;                  /* threads not yet ended (set before they start) */
    int stop;                     /* a run failed: take no new task */
    pthread_mutex_t lock;
    pthread_cond_t ready;         /* signalled when a task finishes or a thread ends */
} pool;

/* A worker thread: take the next task, run it (each run owns its context),
 * record its outcome at its index. */
static void *pool_thread(void *arg)
{
    pool *P = arg;
    pthread_mutex_lock(&P->lock);
    for (;;) {
        while (!P->stop && P->next < P->ntask && P->skip && P->skip[P->next]) P->next++;
        if (P->stop || P->next >= P->ntask) break;
        int i = P->next++;
        pthread_mutex_unlock(&P->lock);
        cxi_bbuf b = {0};
        cxi_run_task(&P->tasks[i], P->consent, &b);
        pthread_mutex_lock(&P->lock);
        P->out[i].blob = b.p;
        P->out[i].len = b.n;
        P->finished_order[P->n_finished++] = i;
        pthread_cond_signal(&P->ready);
    }
    P->running--;
    pthread_cond_signal(&P->ready);
    pthread_mutex_unlock(&P->lock);
    return NULL;
}

int cxi_write_all(int fd, const void *buf, size_t k)
{
    const char *p = buf;
    while (k) {
        ssize_t w = write(fd, p, k);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        k -= (size_t)w;
    }
    return 0;
}

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

/* Run every task whose skip[i] is 0 (skip may be NULL). Outcomes by task
 * index; `done` (may be NULL) is called in the parent, in completion
 * order, for each. Returns 0, or -1 with a message (the failing run with
 * the lowest index, or a pool failure). */
static int pool_work(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                     cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n)
{
    int todo = 0;
    for (int i = 0; i < ntask; i++) todo += !(skip && skip[i]);
    int jobs = E->o.jobs < 1 ? 1 : E->o.jobs;
    if (jobs > todo) jobs = todo;
    cx_consent consent; /* the scenarios' policies open what the experiment's user opened */
    if (E->o.consent) consent = *E->o.consent;
    else cx_consent_default(&consent);
    consent.unsafe = E->o.unsafe;
    int finished = 0, rc = 0, stop = 0;
    meter m = {E->o.progress, cx_lua_now(), cx_lua_now(), 0};
    if (m.mode == CX_EXPERIMENT_PROGRESS_BAR && todo) progress(what, 0, todo);
    if (consent.allow_plugins) jobs = 1; /* forks from threads are not safe */
    if (jobs <= 1) {
        for (int i = 0; i < ntask && !stop; i++) {
            if (skip && skip[i]) continue;
            cxi_bbuf b = {0};
            cxi_run_task(&tasks[i], &consent, &b);
            out[i].blob = b.p;
            out[i].len = b.n;
            if (cxi_blob_error(&out[i])) stop = 1;
            else if (done) done(ud, i, &out[i]);
            tick(&m, what, ++finished, todo);
        }
        goto report;
    }
    /* threads take tasks in index order; the calling thread collects the
     * outcomes in completion order and calls `done` (the sweep journal) */
    pool P = {.tasks = tasks, .ntask = ntask, .skip = skip, .out = out, .consent = &consent};
    P.finished_order = calloc((size_t)(ntask ? ntask : 1), sizeof *P.finished_order);
    pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
    if (!P.finished_order || !tid) {
        free(P.finished_order);
        free(tid);
        snprintf(err, n, "out of memory");
        return -1;
    }
    pthread_mutex_init(&P.lock, NULL);
    pthread_cond_init(&P.ready, NULL);
    int started = 0;
    P.running = jobs; /* before any thread can end and count itself out */
    for (int w = 0; w < jobs; w++) {
        if (!pthread_create(&tid[started], NULL, pool_thread, &P)) {
            started++;
            continue;
        }
        pthread_mutex_lock(&P.lock);
        P.running--;
        pthread_mutex_unlock(&P.lock);
    }
    if (!started) {
        snprintf(err, n, "cannot start worker threads");
        rc = -1;
    }
    int seen = 0;
    while (started && seen < todo) {
        pthread_mutex_lock(&P.lock);
        while (P.n_finished == seen && P.running) pthread_cond_wait(&P.ready, &P.lock);
        int upto = P.n_finished, running = P.running;
        pthread_mutex_unlock(&P.lock);
        for (; seen < upto; seen++) {
            int i = P.finished_order[seen];
            if (cxi_blob_error(&out[i])) {
                stop = 1;
                pthread_mutex_lock(&P.lock);
                P.stop = 1;
                pthread_mutex_unlock(&P.lock);
            } else if (done && !stop) {
                done(ud, i, &out[i]);
            }
            tick(&m, what, ++finished, todo);
        }
        if (!running && seen == upto) break;
    }
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_cond_destroy(&P.ready);
    pthread_mutex_destroy(&P.lock);
    free(tid);
    free(P.finished_order);
    if (rc) return rc;
report:
    if (m.mode == CX_EXPERIMENT_PROGRESS_BAR && todo) progress_end();
    for (int i = 0; i < ntask; i++) {
        if (skip && skip[i]) continue;
        const char *e = out[i].blob ? cxi_blob_error(&out[i]) : NULL;
        if (e) {
            snprintf(err, n, "%s", e);
            rc = -1;
            break;
        }
        if (!out[i].blob && !stop) {
            snprintf(err, n, "run %d did not finish", i);
            rc = -1;
            break;
        }
    }
    if (!rc && stop) {
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
