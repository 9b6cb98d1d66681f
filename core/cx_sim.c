/* cx_sim: context life cycle, the event loop, reporting periods. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxi.h"

int cxi_error(cx_sim *S, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S->err, sizeof S->err, fmt, ap);
    va_end(ap);
    return code;
}

cx_sim *cx_sim_new(const cx_params *p)
{
    cx_sim *S = calloc(1, sizeof *S);
    if (!S) return NULL;
    S->P = *p;
    S->horizon = p->years * CX_MINUTES_PER_YEAR;
    for (unsigned k = 0; k < CX_STREAM_COUNT; k++) cx_rng_seed(&S->rng[k], p->seed, k);
    cx_arrivals_init(&S->arr, &S->P, 0.0);
    if (cx_calendar_init(&S->cal, 1024) || cxi_queue_init(S)) goto oom;
    S->free_agent = S->free_contact = CXI_NONE;
    const cx_mechanisms *on = &p->on;
    S->model = p->n_regimes > 0 || on->learning || on->forgetting || on->attrition ||
               on->hiring_delay || on->defects || on->repeats || on->churn || on->trust ||
               on->contract || on->schedules;
    if (S->model) {
        if (cxi_model_init(S)) goto oom;
    } else {
        for (int i = 0; i < p->agents; i++)
            if (cx_agent_add(S) < 0) goto oom;
    }
    double first = cx_arrivals_next(&S->arr, &S->rng[CX_STREAM_ARRIVALS]);
    if (!cx_calendar_push(&S->cal, first, CXI_EV_ARRIVAL, 0)) goto oom;
    if (!cx_calendar_push(&S->cal, fmin(CX_MINUTES_PER_MONTH, S->horizon), CXI_EV_PERIOD, 0))
        goto oom;
    if (p->warmup_days > 0 &&
        !cx_calendar_push(&S->cal, p->warmup_days * CX_MINUTES_PER_DAY, CXI_EV_WARMUP, 0))
        goto oom;
    return S;
oom:
    cx_sim_free(S);
    return NULL;
}

void cx_sim_free(cx_sim *S)
{
    if (!S) return;
    if (S->model) cxi_model_free(S);
    cx_calendar_free(&S->cal);
    cxi_queue_free(S);
    free(S->periods);
    free(S);
}

/* Close the current period at now and open the next. */
static int close_period(cx_sim *S)
{
    if (S->n_periods == S->cap_periods) {
        size_t cap = S->cap_periods ? 2 * S->cap_periods : 64;
        cx_period *p = realloc(S->periods, cap * sizeof *p);
        if (!p) return cxi_error(S, CX_ERR_NOMEM, "out of memory storing period rows");
        S->periods = p;
        S->cap_periods = cap;
    }
    cx_period *row = &S->periods[S->n_periods];
    row->index = (int)S->n_periods++;
    row->t0 = S->period_start;
    row->t1 = S->now;
    cx_counts_diff(&S->c, &S->at_period, &row->counts);
    S->at_period = S->c;
    S->period_start = S->now;
    int rc = cxi_model_month(S, row);
    if (rc) return rc;
    if (S->now < S->horizon) {
        double next = fmin((S->n_periods + 1) * CX_MINUTES_PER_MONTH, S->horizon);
        if (!cx_calendar_push(&S->cal, next, CXI_EV_PERIOD, 0))
            return cxi_error(S, CX_ERR_NOMEM, "out of memory scheduling a period");
    } else {
        S->done = 1;
    }
    if (S->progress && S->progress(S->progress_ud, S, S->now / S->horizon))
        return cxi_error(S, CX_ERR_STATE, "run stopped by its progress callback");
    return CX_OK;
}

int cx_sim_run_until(cx_sim *S, double until)
{
    cx_event ev;
    if (until > S->horizon) until = S->horizon;
    if (S->model && !S->M.started) {
        int rc = cxi_model_start(S);
        if (rc) return rc;
    }
    while (!S->done) {
        const cx_event *top = cx_calendar_peek(&S->cal);
        if (!top || top->t > until) break;
        cx_calendar_pop(&S->cal, &ev);
        S->now = ev.t;
        S->events++;
        cxi_integrate(S);
        int rc = 0;
        switch (ev.kind) {
        case CXI_EV_ARRIVAL: rc = cxi_on_arrival(S); break;
        case CXI_EV_DEPART: rc = cxi_on_depart(S, ev.id); break;
        case CXI_EV_ABANDON: rc = cxi_on_abandon(S, &ev); break;
        case CXI_EV_PERIOD:
            rc = close_period(S);
            if (rc) return rc;
            break;
        case CXI_EV_WARMUP: S->at_warmup = S->c; break;
        default:
            rc = cxi_model_event(S, &ev);
            if (rc) return rc;
            break;
        }
        if (rc) return cxi_error(S, CX_ERR_NOMEM, "out of memory at t=%.3f min", S->now);
    }
    return CX_OK;
}

int cx_sim_run(cx_sim *S)
{
    return cx_sim_run_until(S, S->horizon);
}

const char *cx_sim_error(const cx_sim *S) { return S->err; }
const cx_params *cx_sim_params(const cx_sim *S) { return &S->P; }
double cx_sim_now(const cx_sim *S) { return S->now; }
double cx_sim_horizon(const cx_sim *S) { return S->horizon; }
uint64_t cx_sim_events(const cx_sim *S) { return S->events; }
uint64_t cx_sim_arrival_candidates(const cx_sim *S) { return S->arr.candidates; }
uint64_t cx_sim_in_system(const cx_sim *S) { return S->in_system; }
size_t cx_sim_periods(const cx_sim *S) { return S->n_periods; }

const cx_period *cx_sim_period(const cx_sim *S, size_t i)
{
    return i < S->n_periods ? &S->periods[i] : NULL;
}

void cx_sim_set_progress(cx_sim *S, cx_progress_fn fn, void *ud)
{
    S->progress = fn;
    S->progress_ud = ud;
}

void cx_sim_totals(const cx_sim *S, cx_counts *out)
{
    cx_counts now = S->c;
    cxi_accumulate(S, &now, S->now - S->last);
    cx_counts_diff(&now, &S->at_warmup, out);
}

void cx_sim_set_call_hook(cx_sim *S, cx_call_hook fn, void *ud)
{
    S->call_hook = fn;
    S->call_ud = ud;
}

/* ---- a finished run as bytes (cx_sim_pack / cx_sim_unpack) --------------- */

#define PACK_MAGIC 0x63787331u /* "cxs1": bump when the layout changes */

/* The fixed part; periods and notes follow it. */
typedef struct pack_head {
    uint32_t magic;
    uint32_t n_busy, n_idle, n_waiting;
    uint64_t events, in_system, n_periods, n_notes;
    double now, last;
    int done;
    cx_counts c, at_warmup;
} pack_head;

int cx_sim_pack(const cx_sim *S, void **buf, size_t *len)
{
    pack_head h;
    memset(&h, 0, sizeof h);
    h.magic = PACK_MAGIC;
    h.n_busy = S->n_busy, h.n_idle = S->n_idle, h.n_waiting = S->n_waiting;
    h.events = S->events, h.in_system = S->in_system;
    h.n_periods = S->n_periods, h.n_notes = cx_sim_notes(S);
    h.now = S->now, h.last = S->last, h.done = S->done;
    h.c = S->c, h.at_warmup = S->at_warmup;
    size_t np = S->n_periods * sizeof *S->periods, nn = h.n_notes * sizeof(cx_note);
    char *b = malloc(sizeof h + np + nn);
    if (!b) return -1;
    memcpy(b, &h, sizeof h);
    if (np) memcpy(b + sizeof h, S->periods, np);
    if (nn) memcpy(b + sizeof h + np, S->M.notes, nn);
    *buf = b;
    *len = sizeof h + np + nn;
    return 0;
}

int cx_sim_unpack(cx_sim *S, const void *buf, size_t len)
{
    pack_head h;
    if (len < sizeof h) return -1;
    memcpy(&h, buf, sizeof h);
    if (h.magic != PACK_MAGIC || h.n_periods > len / sizeof *S->periods || h.n_notes > len / sizeof(cx_note) ||
        (h.n_notes && !S->model))
        return -1;
    size_t np = (size_t)h.n_periods * sizeof *S->periods, nn = (size_t)h.n_notes * sizeof(cx_note);
    if (len != sizeof h + np + nn) return -1;
    const char *b = buf;
    cx_period *periods = malloc(np ? np : 1);
    cx_note *notes = malloc(nn ? nn : 1);
    if (!periods || !notes) {
        free(periods);
        free(notes);
        return -1;
    }
    memcpy(periods, b + sizeof h, np);
    memcpy(notes, b + sizeof h + np, nn);
    for (size_t i = 0; i < (size_t)h.n_notes; i++) notes[i].text[sizeof notes[i].text - 1] = 0;
    free(S->periods);
    S->periods = periods;
    S->n_periods = S->cap_periods = (size_t)h.n_periods;
    if (S->model) {
        free(S->M.notes);
        S->M.notes = notes;
        S->M.n_notes = S->M.cap_notes = (size_t)h.n_notes;
    } else {
        free(notes);
    }
    S->n_busy = h.n_busy, S->n_idle = h.n_idle, S->n_waiting = h.n_waiting;
    S->events = h.events, S->in_system = h.in_system;
    S->now = h.now, S->last = h.last, S->done = h.done;
    S->c = h.c, S->at_warmup = h.at_warmup;
    return 0;
}
