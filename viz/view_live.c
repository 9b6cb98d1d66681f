/* view_live: feed the series store from a scenario simulated while it is
 * watched. One cx_sim per regime (cx_job). A worker thread owns the
 * simulations: it runs ahead of the playhead month by month, and hands each
 * finished month (rows from cx_sim_row, notes from cx_sim_note) to the UI
 * thread through a queue under a mutex. Only the UI thread touches the series
 * store; only the worker touches the simulations. The workshop's what-if
 * levers are posted to the worker, which applies them with cx_sim_override at
 * the next month boundary and reports the month they took effect. The first
 * what-if also starts a baseline (the same runs without the what-ifs), which
 * a second thread simulates, month by month behind the main runs, so that it
 * keeps pace on a machine with two cores. The last what-if can be undone:
 * its levers go back to their values before it, from the next boundary.
 * Built only when the cxsim_job library is (CX_VIEW_LIVE). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "view_internal.h"

#if CX_VIEW_LIVE

#include "cx_job.h"
#include "cx_policy.h"
#include "cx_row.h"
#include "cx_sim.h"

#define N_LEVERS 4
#define MAX_REQ 32            /* what-ifs waiting for the worker */

static const struct {
    int lever;                /* cx_lever */
    double step;              /* one key press */
    const char *what;         /* for messages */
} LEVERS[N_LEVERS] = {
    {CX_L_PAY_REL, 0.05, "pay relative to market"},
    {CX_L_RATE_CHANGE, 0.05, "rate change at renewal"},
    {CX_L_CONTRACT_YEARS, 1, "contract length (years)"},
    {CX_L_TRAINING_HOURS, 2, "training hours per agent-month"},
};

/* A finished month of every regime, from the worker to the UI thread. */
typedef struct pkt {
    struct pkt *next;
    int month;                /* 0-based */
    int n_ev;                 /* events in ev */
    double v[CX_MAX_REGIMES][CXI_METRIC_COUNT]; /* view metrics per regime, NAN: absent */
    cxi_event ev[];           /* notable events up to the end of the month (main runs only) */
} pkt;

typedef struct fifo {
    pkt *head, *tail;
} fifo;

typedef struct req {
    int which, dir, target;   /* lever index (-1: undo the last what-if), -1/+1, series or -1 for every regime */
} req;

struct cxi_live {
    /* set by cxi_live_open, read-only afterwards (both threads) */
    int nreg;                 /* regimes */
    int series[CX_MAX_REGIMES];   /* each regime's series in the store */
    char label[CX_MAX_REGIMES][64]; /* each regime's label */
    int total;                /* months in the run */
    int col[CXI_METRIC_COUNT];/* column of each view metric in a cx_sim_row row, -1 absent */
    cx_params P;              /* the scenario, to open the baseline */
    char path[CX_PATH_MAX];   /* scenario file */

    /* the worker's own (the UI thread only before the worker starts and after it is joined) */
    cx_job J;                 /* the runs, one per regime */
    int opened;               /* 1: J is open */
    cx_job J0;                /* baseline: the same runs without the what-ifs (after the first one) */
    int tried0;               /* 1: the baseline was tried (it is not retried when it cannot open) */
    size_t notes[CX_MAX_REGIMES]; /* notes of J already sent */
    double *row;              /* one row, cx_row_count() values (the worker's) */
    double *row0;             /* the same for the baseline's thread */
    struct {
        int which;            /* lever index */
        double before[CX_MAX_REGIMES]; /* each regime's value before it */
        int touched[CX_MAX_REGIMES];   /* 1: it changed that regime */
    } done_ifs[MAX_REQ];      /* what-ifs applied, the last one last (for undo) */
    int n_done_ifs;

    /* shared, under mu */
    SDL_mutex *mu;
    SDL_cond *wake;           /* the worker waits on it: more wanted, a what-if, stop */
    SDL_cond *fed;            /* the UI waits on it: a month finished, or a failure */
    SDL_Thread *thread;
    SDL_Thread *thread0;      /* the baseline's */
    int opened0;              /* 1: J0 is open (set by the worker, then J0 is the baseline thread's) */
    int done0;                /* months J0 has finished */
    SDL_atomic_t stop;        /* 1: the threads stop at the next regime boundary */
    int want;                 /* months 0..want should be finished */
    int ready;                /* months J has finished */
    int failed;               /* 1: the worker stopped on an error (in err) */
    char err[512];
    fifo q, q0;               /* finished months of J and of J0, oldest first */
    req reqs[MAX_REQ];        /* what-ifs not yet applied */
    int n_req;
    double lev[CX_MAX_REGIMES][N_LEVERS]; /* the levers' current values */
    double lev_user[CX_MAX_REGIMES][N_LEVERS]; /* their values as the scenario or the last what-if set them */
    char report[160];         /* the latest what-if report */
    unsigned report_seq;      /* bumped with each report */

    /* the UI thread's own */
    int done;                 /* months moved into the store */
    unsigned moved;           /* packets moved into the store (main runs and baseline) */
    unsigned seen_seq;        /* the report last shown */
};

int cxi_live_available(void) { return 1; }

static void fifo_push(fifo *f, pkt *p)
{
    p->next = NULL;
    if (f->tail) f->tail->next = p;
    else f->head = p;
    f->tail = p;
}

/* Detach the packets of months <= m (they are in month order). */
static pkt *fifo_take(fifo *f, int m)
{
    pkt *first = f->head, *last = NULL;
    for (pkt *p = f->head; p && p->month <= m; p = p->next) last = p;
    if (!last) return NULL;
    f->head = last->next;
    if (!f->head) f->tail = NULL;
    last->next = NULL;
    return first;
}

static void fifo_free(fifo *f)
{
    while (f->head) {
        pkt *p = f->head;
        f->head = p->next;
        free(p);
    }
    f->tail = NULL;
}

/* ------------------------------------------------------------------ */
/* The worker                                                           */

/* Stop on an error: the message goes to the UI thread (cxi_live_poll). */
static int fail(cxi_live *lv, const char *fmt, ...)
{
    va_list ap;
    SDL_LockMutex(lv->mu);
    va_start(ap, fmt);
    vsnprintf(lv->err, sizeof lv->err, fmt, ap);
    va_end(ap);
    lv->failed = 1;
    SDL_CondBroadcast(lv->fed);
    SDL_UnlockMutex(lv->mu);
    return -1;
}

/* Advance job J by one month (each regime in turn, so that a stop request
 * waits for one regime's month at most). 1: stopped. */
static int run_month(cxi_live *lv, cx_job *J, int m, const char *what)
{
    double t = (m + 1) * CX_MINUTES_PER_MONTH + 1e-6;
    for (int i = 0; i < J->n; i++) {
        if (SDL_AtomicGet(&lv->stop)) return 1;
        if (cx_sim_run_until(J->sim[i], t)) return fail(lv, "%s%s: %s", what, lv->label[i], cx_sim_error(J->sim[i]));
    }
    return 0;
}

/* The finished months from `from` on of J (or the baseline J0) as packets
 * appended to *out, with J's new notes on the last one. Returns the months
 * finished, or -1 on failure. */
static int collect(cxi_live *lv, cx_job *J, int ghost, int from, fifo *out)
{
    double *row = ghost ? lv->row0 : lv->row;
    int to = lv->total;
    for (int i = 0; i < J->n; i++) {
        size_t p = cx_sim_periods(J->sim[i]);
        if ((int)p < to) to = (int)p;
    }
    for (int m = from; m < to; m++) {
        size_t n_ev = 0;
        if (!ghost && m == to - 1)
            for (int i = 0; i < J->n; i++) n_ev += cx_sim_notes(J->sim[i]) - lv->notes[i];
        pkt *p = malloc(sizeof *p + n_ev * sizeof p->ev[0]);
        if (!p) return fail(lv, "out of memory");
        p->month = m;
        p->n_ev = 0;
        for (int i = 0; i < J->n; i++) {
            cx_sim *S = J->sim[i];
            if (cx_sim_row(S, (size_t)m, row)) {
                free(p);
                return fail(lv, "%sregime %s, month %d: %s", ghost ? "baseline of " : "", lv->label[i], m + 1,
                            cx_sim_error(S));
            }
            for (int k = 0; k < CXI_METRIC_COUNT; k++) p->v[i][k] = lv->col[k] >= 0 ? row[lv->col[k]] : NAN;
        }
        for (int i = 0; n_ev && i < J->n; i++)
            for (size_t nn = cx_sim_notes(J->sim[i]); lv->notes[i] < nn; lv->notes[i]++) {
                const cx_note *note = cx_sim_note(J->sim[i], lv->notes[i]);
                int kind = note ? cxi_ev_find(cx_note_kind_name(note->kind)) : -1;
                if (kind < 0 || kind == CX_N_HIRE || kind == CX_N_QUIT) continue;
                cxi_event *e = &p->ev[p->n_ev++];
                memset(e, 0, sizeof *e);
                e->series = lv->series[i];
                e->month = note->t / CX_MINUTES_PER_MONTH;
                e->kind = kind;
                e->value = note->value;
                snprintf(e->text, sizeof e->text, "%s", note->text);
            }
        fifo_push(out, p);
    }
    return to;
}

/* Undo the last what-if applied: its levers back to their values before it. */
static void undo(cxi_live *lv, int month, char *msg, size_t n)
{
    if (lv->n_done_ifs == 0) {
        snprintf(msg, n, "nothing to undo");
        return;
    }
    int k = --lv->n_done_ifs, lever = LEVERS[lv->done_ifs[k].which].lever;
    for (int i = 0; i < lv->nreg; i++)
        if (lv->done_ifs[k].touched[i] && cx_sim_override(lv->J.sim[i], lever, lv->done_ifs[k].before[i])) {
            snprintf(msg, n, "undo refused: %s", cx_sim_error(lv->J.sim[i]));
            return;
        }
    snprintf(msg, n, "what-if undone from month %d: %s back as before", month + 1, LEVERS[lv->done_ifs[k].which].what);
}

/* Apply one what-if to J at its month boundary; the report in msg. */
static void apply(cxi_live *lv, const req *r, int month, char *msg, size_t n)
{
    if (r->which < 0) {
        undo(lv, month, msg, n);
        return;
    }
    if (!lv->tried0) {
        /* The first what-if: start the baseline, the same runs without it (same
         * seeds, so it matches the runs so far); it catches up in its own thread. */
        char err[512];
        lv->tried0 = 1;
        int ok = cx_job_open(&lv->J0, &lv->P, lv->path, &lv->J.consent, err, sizeof err) == 0;
        SDL_LockMutex(lv->mu);
        lv->opened0 = ok;
        lv->done0 = 0;
        SDL_CondBroadcast(lv->wake);
        SDL_UnlockMutex(lv->mu);
    }
    int lever = LEVERS[r->which].lever;
    const cx_lever_desc *info = cx_lever_info(lever);
    double before = NAN, after = NAN;
    const char *who = "every regime";
    int slot = lv->n_done_ifs < MAX_REQ ? lv->n_done_ifs : MAX_REQ - 1;
    if (lv->n_done_ifs == MAX_REQ) /* the oldest is forgotten */
        memmove(&lv->done_ifs[0], &lv->done_ifs[1], (MAX_REQ - 1) * sizeof lv->done_ifs[0]);
    memset(&lv->done_ifs[slot], 0, sizeof lv->done_ifs[slot]);
    lv->done_ifs[slot].which = r->which;
    for (int i = 0; i < lv->nreg; i++) {
        if (r->target >= 0 && lv->series[i] != r->target) continue;
        cx_sim *S = lv->J.sim[i];
        before = cx_sim_lever(S, lever);
        after = before + r->dir * LEVERS[r->which].step;
        if (info) after = after < info->lo ? info->lo : after > info->hi ? info->hi : after;
        if (cx_sim_override(S, lever, after)) {
            snprintf(msg, n, "what-if refused: %s", cx_sim_error(S));
            return;
        }
        lv->done_ifs[slot].before[i] = before;
        lv->done_ifs[slot].touched[i] = 1;
        if (r->target >= 0) who = lv->label[i];
    }
    if (isnan(before)) {
        snprintf(msg, n, "no regime %d", r->target + 1);
        return;
    }
    lv->n_done_ifs = slot + 1;
    snprintf(msg, n, "what-if from month %d: %s %.3g \xe2\x86\x92 %.3g (%s)", month + 1, LEVERS[r->which].what,
             before, after, who);
}

static void read_levers(cxi_live *lv, double out[][N_LEVERS])
{
    for (int i = 0; i < lv->nreg; i++)
        for (int k = 0; k < N_LEVERS; k++) out[i][k] = cx_sim_lever(lv->J.sim[i], LEVERS[k].lever);
}

static int worker(void *ud)
{
    cxi_live *lv = ud;
    double lev[CX_MAX_REGIMES][N_LEVERS];
    SDL_LockMutex(lv->mu);
    while (!SDL_AtomicGet(&lv->stop) && !lv->failed) {
        int ready = lv->ready;
        if (lv->n_req > 0) {
            /* what-ifs, at the boundary before month `ready` */
            req r[MAX_REQ];
            int nr = lv->n_req;
            memcpy(r, lv->reqs, (size_t)nr * sizeof *r);
            lv->n_req = 0;
            SDL_UnlockMutex(lv->mu);
            char msg[160] = "";
            for (int k = 0; k < nr; k++) apply(lv, &r[k], ready, msg, sizeof msg);
            read_levers(lv, lev);
            SDL_LockMutex(lv->mu);
            memcpy(lv->lev, lev, sizeof lev);
            memcpy(lv->lev_user, lev, sizeof lev); /* what the facilitator set (moves after it are the policy's) */
            snprintf(lv->report, sizeof lv->report, "%s", msg);
            lv->report_seq++;
            continue;
        }
        fifo out = {0};
        if (ready < lv->total && ready <= lv->want) {
            /* the main runs: the next month */
            SDL_UnlockMutex(lv->mu);
            int rc = run_month(lv, &lv->J, ready, "");
            int to = rc ? -1 : collect(lv, &lv->J, 0, ready, &out);
            if (to >= 0 && to <= ready) to = fail(lv, "month %d did not finish", ready + 1);
            if (to >= 0) read_levers(lv, lev);
            SDL_LockMutex(lv->mu);
            if (to < 0) {
                fifo_free(&out);
                break;
            }
            for (pkt *p = out.head, *nx; p; p = nx) nx = p->next, fifo_push(&lv->q, p);
            memcpy(lv->lev, lev, sizeof lev);
            lv->ready = to;
            SDL_CondBroadcast(lv->fed);
            SDL_CondBroadcast(lv->wake); /* the baseline may follow */
            continue;
        }
        SDL_CondWait(lv->wake, lv->mu);
    }
    SDL_CondBroadcast(lv->fed);
    SDL_UnlockMutex(lv->mu);
    return 0;
}

/* The baseline's thread: J0 (once the worker opened it) follows the main
 * runs month by month, never ahead of them. */
static int worker0(void *ud)
{
    cxi_live *lv = ud;
    SDL_LockMutex(lv->mu);
    while (!SDL_AtomicGet(&lv->stop) && !lv->failed) {
        if (!lv->opened0 || lv->done0 >= lv->ready) {
            SDL_CondWait(lv->wake, lv->mu);
            continue;
        }
        int m = lv->done0;
        fifo out = {0};
        SDL_UnlockMutex(lv->mu);
        int rc = run_month(lv, &lv->J0, m, "baseline of ");
        int to = rc ? -1 : collect(lv, &lv->J0, 1, m, &out);
        if (to >= 0 && to <= m) to = fail(lv, "baseline month %d did not finish", m + 1);
        SDL_LockMutex(lv->mu);
        if (to < 0) {
            fifo_free(&out);
            break;
        }
        for (pkt *p = out.head, *nx; p; p = nx) nx = p->next, fifo_push(&lv->q0, p);
        lv->done0 = to;
        SDL_CondBroadcast(lv->fed);
    }
    SDL_CondBroadcast(lv->fed);
    SDL_UnlockMutex(lv->mu);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The UI thread's side                                                 */

cxi_live *cxi_live_open(const char *scenario, const struct cx_consent *consent, cx_view_data *D, int *months,
                        char *err, size_t n)
{
    cxi_live *lv = calloc(1, sizeof *lv);
    cx_params P;
    const char *field = NULL;
    char msg[512];
    if (!lv) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    cx_params_default(&P);
    if (cx_job_load_scenario(scenario, &P, err, n)) goto fail;
    if (cx_params_check(&P, &field, msg, sizeof msg)) {
        snprintf(err, n, "%s: field '%s': %s", scenario, field ? field : "?", msg);
        goto fail;
    }
    if (cx_job_open(&lv->J, &P, scenario, consent, err, n)) goto fail;
    lv->opened = 1;
    lv->P = P;
    lv->nreg = lv->J.n;
    snprintf(lv->path, sizeof lv->path, "%s", scenario);
    lv->row = calloc((size_t)cx_row_count() + 1, sizeof *lv->row);
    lv->row0 = calloc((size_t)cx_row_count() + 1, sizeof *lv->row0);
    if (!lv->row || !lv->row0) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    for (int k = 0; k < CXI_METRIC_COUNT; k++) {
        lv->col[k] = cx_row_find(cxi_metrics[k].column);
        if (lv->col[k] < 0 && cxi_metrics[k].required) {
            snprintf(err, n, "the model has no column '%s' (cx_row_columns)", cxi_metrics[k].column);
            goto fail;
        }
        if (lv->col[k] < 0) D->has[k] = 0;
    }
    lv->total = (int)ceil(lv->J.P.years * 12 - 1e-9);
    if (lv->total < 1) lv->total = 1;
    if (cxi_data_reserve(D, lv->total)) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    for (int i = 0; i < lv->J.n; i++) {
        snprintf(lv->label[i], sizeof lv->label[i], "%s", cx_job_label(&lv->J, i));
        lv->series[i] = cxi_data_series(D, lv->J.P.name, lv->label[i]);
        if (lv->series[i] < 0) {
            snprintf(err, n, "%s: more than %d regimes to show", scenario, CX_VIEW_MAX_SERIES);
            goto fail;
        }
        D->s[lv->series[i]].seed = (unsigned long long)lv->J.P.seed;
    }
    D->n_sources++;
    cxi_data_set_labels(D);
    read_levers(lv, lv->lev);
    memcpy(lv->lev_user, lv->lev, sizeof lv->lev);
    lv->want = -1;
    lv->mu = SDL_CreateMutex();
    lv->wake = SDL_CreateCond();
    lv->fed = SDL_CreateCond();
    if (!lv->mu || !lv->wake || !lv->fed ||
        !(lv->thread = SDL_CreateThread(worker, "cxsim-live", lv)) ||
        !(lv->thread0 = SDL_CreateThread(worker0, "cxsim-baseline", lv))) {
        snprintf(err, n, "cannot start the simulation thread: %s", SDL_GetError());
        goto fail;
    }
    *months = lv->total;
    return lv;
fail:
    cxi_live_close(lv);
    return NULL;
}

void cxi_live_want(cxi_live *lv, int m)
{
    if (m >= lv->total) m = lv->total - 1;
    SDL_LockMutex(lv->mu);
    if (m > lv->want) {
        lv->want = m;
        SDL_CondBroadcast(lv->wake);
    }
    SDL_UnlockMutex(lv->mu);
}

int cxi_live_ready(const cxi_live *lv)
{
    SDL_LockMutex(lv->mu);
    int r = lv->ready;
    SDL_UnlockMutex(lv->mu);
    return r;
}

/* Add the rows of a list of packets to series (or their baselines) and free them. */
static int store(cxi_live *lv, cx_view_data *D, pkt *p, int ghost)
{
    int rc = 0;
    for (pkt *nx; p; p = nx) {
        nx = p->next;
        for (int i = 0; i < lv->nreg && !rc; i++) {
            int s = ghost ? cxi_data_ghost(D, lv->series[i]) : lv->series[i];
            if (s < 0 || cxi_data_add_row(D, s, 0, p->month, p->v[i])) rc = -1;
        }
        for (int k = 0; k < p->n_ev && !rc; k++) rc = cxi_data_add_event(D, &p->ev[k]);
        if (!ghost && !rc) lv->done = p->month + 1;
        lv->moved++;
        free(p);
    }
    return rc;
}

int cxi_live_poll(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    SDL_LockMutex(lv->mu);
    pkt *got = fifo_take(&lv->q, m), *base = fifo_take(&lv->q0, m);
    int failed = lv->failed;
    if (failed) snprintf(err, n, "%s", lv->err);
    SDL_UnlockMutex(lv->mu);
    int from = lv->done, rc = 0;
    if (store(lv, D, base, 1) | store(lv, D, got, 0)) {
        snprintf(err, n, "out of memory");
        rc = -1;
    }
    if (got) {
        cxi_data_update_gap(D, from);
        cxi_data_set_labels(D);
    }
    return failed ? -1 : rc;
}

int cxi_live_need(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    if (m >= lv->total) m = lv->total - 1;
    if (m < lv->done) return 0;
    cxi_live_want(lv, m);
    SDL_LockMutex(lv->mu);
    while (lv->ready <= m && !lv->failed) SDL_CondWait(lv->fed, lv->mu);
    SDL_UnlockMutex(lv->mu);
    return cxi_live_poll(lv, D, m, err, n);
}

int cxi_live_done(const cxi_live *lv) { return lv->done; }

int cxi_live_lever(cxi_live *lv, const cx_view_data *D, int which, int dir, int target, char *msg, size_t n)
{
    if (which < 0 || which >= N_LEVERS) return -1;
    if (target >= D->n) {
        snprintf(msg, n, "no regime %d", target + 1);
        return -1;
    }
    SDL_LockMutex(lv->mu);
    int ok = lv->n_req < MAX_REQ && !lv->failed;
    if (ok) {
        lv->reqs[lv->n_req++] = (req){which, dir, target};
        SDL_CondBroadcast(lv->wake);
    }
    SDL_UnlockMutex(lv->mu);
    if (!ok) {
        snprintf(msg, n, "what-if refused: %d already waiting for the simulation", MAX_REQ);
        return -1;
    }
    snprintf(msg, n, "what-if: %s %s (%s), from the next month boundary of the simulation", LEVERS[which].what,
             dir < 0 ? "down" : "up", target < 0 ? "every regime" : D->s[target].label);
    return 0;
}

int cxi_live_report(cxi_live *lv, char *msg, size_t n)
{
    SDL_LockMutex(lv->mu);
    int fresh = lv->report_seq != lv->seen_seq;
    if (fresh) snprintf(msg, n, "%s", lv->report);
    lv->seen_seq = lv->report_seq;
    SDL_UnlockMutex(lv->mu);
    return fresh;
}

int cxi_live_levers(const cxi_live *lv, int target, double *val, int *policy)
{
    int i = 0;
    for (int k = 0; k < lv->nreg; k++)
        if (lv->series[k] == target) i = k;
    SDL_LockMutex(lv->mu);
    for (int k = 0; k < N_LEVERS; k++) {
        val[k] = lv->lev[i][k];
        policy[k] = fabs(lv->lev[i][k] - lv->lev_user[i][k]) > 1e-9;
    }
    SDL_UnlockMutex(lv->mu);
    return i;
}

void cxi_live_describe(const cxi_live *lv, int target, char *out, size_t n)
{
    double v[N_LEVERS];
    int pol[N_LEVERS], any = 0;
    int s = cxi_live_levers(lv, target, v, pol);
    for (int k = 0; k < N_LEVERS; k++) any |= pol[k];
    snprintf(out, n, "%s %s: pay %.2f%s (p/P)  rate chg %+.0f%%%s (c/C)  contract %.0f y%s (l/L)  training %.0f h%s (t/T)%s",
             target < 0 ? "levers, every regime; shown" : "levers on", lv->label[s], v[0], pol[0] ? "*" : "",
             100 * v[1], pol[1] ? "*" : "", v[2], pol[2] ? "*" : "", v[3], pol[3] ? "*" : "",
             any ? "  *: moved by its policy" : "");
}

void cxi_live_close(cxi_live *lv)
{
    if (!lv) return;
    if (lv->thread || lv->thread0) {
        SDL_AtomicSet(&lv->stop, 1);
        SDL_LockMutex(lv->mu);
        SDL_CondBroadcast(lv->wake);
        SDL_UnlockMutex(lv->mu);
        if (lv->thread) SDL_WaitThread(lv->thread, NULL);
        if (lv->thread0) SDL_WaitThread(lv->thread0, NULL);
    }
    fifo_free(&lv->q);
    fifo_free(&lv->q0);
    if (lv->fed) SDL_DestroyCond(lv->fed);
    if (lv->wake) SDL_DestroyCond(lv->wake);
    if (lv->mu) SDL_DestroyMutex(lv->mu);
    if (lv->opened) cx_job_close(&lv->J);
    if (lv->opened0) cx_job_close(&lv->J0);
    free(lv->row);
    free(lv->row0);
    free(lv);
}

unsigned cxi_live_moved(const cxi_live *lv) { return lv->moved; }

int cxi_live_undo(cxi_live *lv, char *msg, size_t n)
{
    SDL_LockMutex(lv->mu);
    int ok = lv->n_req < MAX_REQ && !lv->failed;
    if (ok) {
        lv->reqs[lv->n_req++] = (req){-1, 0, -1};
        SDL_CondBroadcast(lv->wake);
    }
    SDL_UnlockMutex(lv->mu);
    snprintf(msg, n, ok ? "undo the last what-if, from the next month boundary of the simulation"
                        : "undo refused: too many requests waiting for the simulation");
    return ok ? 0 : -1;
}

#else /* no cxsim_job in this build */

int cxi_live_available(void) { return 0; }

cxi_live *cxi_live_open(const char *scenario, const struct cx_consent *consent, cx_view_data *D, int *months,
                        char *err, size_t n)
{
    (void)scenario, (void)consent, (void)D, (void)months;
    snprintf(err, n, "live mode not available in this build (use --results DIR from cxsim run --out DIR)");
    return NULL;
}

int cxi_live_need(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    (void)lv, (void)D, (void)m, (void)err, (void)n;
    return -1;
}

void cxi_live_want(cxi_live *lv, int m) { (void)lv, (void)m; }

int cxi_live_ready(const cxi_live *lv)
{
    (void)lv;
    return 0;
}

int cxi_live_poll(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    (void)lv, (void)D, (void)m, (void)err, (void)n;
    return -1;
}

int cxi_live_done(const cxi_live *lv)
{
    (void)lv;
    return 0;
}

int cxi_live_report(cxi_live *lv, char *msg, size_t n)
{
    (void)lv, (void)msg, (void)n;
    return 0;
}

int cxi_live_lever(cxi_live *lv, const cx_view_data *D, int which, int dir, int target, char *msg, size_t n)
{
    (void)lv, (void)D, (void)which, (void)dir, (void)target;
    snprintf(msg, n, "live mode not available in this build");
    return -1;
}

void cxi_live_describe(const cxi_live *lv, int target, char *out, size_t n)
{
    (void)lv, (void)target;
    if (n) out[0] = 0;
}

int cxi_live_levers(const cxi_live *lv, int target, double *val, int *policy)
{
    (void)lv, (void)target, (void)val, (void)policy;
    return -1;
}

void cxi_live_close(cxi_live *lv) { (void)lv; }

unsigned cxi_live_moved(const cxi_live *lv)
{
    (void)lv;
    return 0;
}

int cxi_live_undo(cxi_live *lv, char *msg, size_t n)
{
    (void)lv;
    snprintf(msg, n, "live mode not available in this build");
    return -1;
}

#endif
