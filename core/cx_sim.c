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

uint64_t cx_sim_memory(const cx_sim *S)
{
    size_t b = sizeof *S + (size_t)S->n_contacts * sizeof(cxi_contact) + (size_t)S->n_agents * sizeof(cxi_agent) +
               S->cal.cap * sizeof(cx_event) + (S->waiting.mask + S->idle.mask + 2) * sizeof(uint64_t) +
               S->cap_periods * sizeof(cx_period);
    if (S->model) b += S->M.cap_notes * sizeof(cx_note);
    return b;
}

/* The guards of P.limits; checked at the model's ticks and month ends,
 * never per contact. */
static int over_limits(cx_sim *S)
{
    const cx_limits *g = &S->P.limits;
    double day = S->now / CX_MINUTES_PER_DAY;
    if (g->max_events && S->events > g->max_events)
        return cxi_error(S, CX_ERR_LIMIT, "stopped on day %.1f: %llu events, over the guard of %llu events (--max-events)",
                         day, (unsigned long long)S->events, (unsigned long long)g->max_events);
    uint64_t b = g->max_bytes ? cx_sim_memory(S) : 0;
    if (b > g->max_bytes)
        return cxi_error(S, CX_ERR_LIMIT, "stopped on day %.1f: holds %.0f MiB (%llu contacts), over the guard of %.0f MiB (--max-memory)",
                         day, b / 1048576.0, (unsigned long long)S->in_system, g->max_bytes / 1048576.0);
    return CX_OK;
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
    if ((rc = over_limits(S))) return rc;
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
            /* the guards at the half-hour and daily ticks only */
            if ((ev.kind == CXI_EV_INTERVAL || ev.kind == CXI_EV_DAY) && (rc = over_limits(S))) return rc;
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
