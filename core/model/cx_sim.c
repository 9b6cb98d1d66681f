/* cx_sim: a run: the engine, the model on top of it, reporting periods. */
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
    vsnprintf(S->E.err, sizeof S->E.err, fmt, ap);
    va_end(ap);
    return code;
}

static int on_period(void *subject, const cx_event *ev);
static int on_warmup(void *subject, const cx_event *ev);

cx_sim *cx_sim_new(const cx_params *p)
{
    cx_sim *S = calloc(1, sizeof *S);
    if (!S) return NULL;
    S->P = *p;
    S->horizon = p->years * CX_MINUTES_PER_YEAR;
    cx_queue_config qc = {.seed = p->seed, .handle = p->handle, .patience = p->patience,
                          .sl_seconds = p->sl_seconds};
    cx_params_rate_profile(&S->P, &qc.demand);
    if (cx_engine_init(&S->E, &qc)) goto oom;
    for (unsigned k = CX_QUEUE_STREAMS; k < CX_STREAM_COUNT; k++) cx_rng_seed(&S->rng[k], p->seed, k);
    S->ev_period = cx_engine_action(&S->E, on_period, S);
    S->ev_warmup = cx_engine_action(&S->E, on_warmup, S);
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
    if (cx_queue_start(&S->E)) goto oom;
    if (!cx_engine_at(&S->E, fmin(CX_MINUTES_PER_MONTH, S->horizon), S->ev_period, 0)) goto oom;
    if (p->warmup_days > 0 && !cx_engine_at(&S->E, p->warmup_days * CX_MINUTES_PER_DAY, S->ev_warmup, 0))
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
    cx_engine_free(&S->E);
    free(S->people);
    free(S->periods);
    free(S);
}

uint64_t cx_sim_memory(const cx_sim *S)
{
    const cx_queue *Q = &S->E.Q;
    size_t b = sizeof *S + (size_t)Q->n_contacts * sizeof(cx_contact) + (size_t)Q->n_agents * sizeof(cx_agent) +
               (size_t)S->cap_people * sizeof(cxi_person) + cx_calendar_bytes(&S->E.cal) +
               (Q->waiting.mask + Q->idle.mask + 2) * sizeof(uint64_t) + S->cap_periods * sizeof(cx_period);
    if (S->model) b += S->M.cap_notes * sizeof(cx_note) + (size_t)S->M.wf.n_card * (sizeof(cxi_card) + sizeof(uint32_t));
    return b;
}

int cxi_over_limits(cx_sim *S)
{
    const cx_limits *g = &S->P.limits;
    double day = S->E.now / CX_MINUTES_PER_DAY;
    if (g->max_events && S->E.events > g->max_events)
        return cxi_error(S, CX_ERR_LIMIT, "stopped on day %.1f: %llu events, over the guard of %llu events (--max-events)",
                         day, (unsigned long long)S->E.events, (unsigned long long)g->max_events);
    uint64_t b = g->max_bytes ? cx_sim_memory(S) : 0;
    if (b > g->max_bytes)
        return cxi_error(S, CX_ERR_LIMIT, "stopped on day %.1f: holds %.0f MiB (%llu contacts), over the guard of %.0f MiB (--max-memory)",
                         day, b / 1048576.0, (unsigned long long)S->E.Q.in_system, g->max_bytes / 1048576.0);
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
    row->t1 = S->E.now;
    cx_counts_diff(&S->E.Q.c, &S->at_period, &row->counts);
    cx_tally_diff(&S->T, &S->t_period, &row->tally);
    S->at_period = S->E.Q.c;
    S->t_period = S->T;
    S->period_start = S->E.now;
    int rc = cxi_model_month(S, row);
    if (rc) return rc;
    if ((rc = cxi_over_limits(S))) return rc;
    if (S->E.now < S->horizon) {
        double next = fmin((S->n_periods + 1) * CX_MINUTES_PER_MONTH, S->horizon);
        if (!cx_engine_at(&S->E, next, S->ev_period, 0))
            return cxi_error(S, CX_ERR_NOMEM, "out of memory scheduling a period");
    } else {
        S->E.done = 1;
    }
    if (S->progress && S->progress(S->progress_ud, S, S->E.now / S->horizon))
        return cxi_error(S, CX_ERR_STATE, "run stopped by its progress callback");
    return CX_OK;
}

static int on_period(void *subject, const cx_event *ev)
{
    (void)ev;
    return close_period(subject);
}

static int on_warmup(void *subject, const cx_event *ev)
{
    (void)ev;
    cx_sim *S = subject;
    S->at_warmup = S->E.Q.c;
    S->t_warmup = S->T;
    return 0;
}

int cx_sim_run_until(cx_sim *S, double until)
{
    if (until > S->horizon) until = S->horizon;
    if (S->model && !S->M.started) {
        int rc = cxi_model_start(S);
        if (rc) return rc;
    }
    return cx_engine_run_until(&S->E, until);
}

int cx_sim_run(cx_sim *S)
{
    return cx_sim_run_until(S, S->horizon);
}

const char *cx_sim_error(const cx_sim *S) { return S->E.err; }
const cx_params *cx_sim_params(const cx_sim *S) { return &S->P; }
double cx_sim_now(const cx_sim *S) { return S->E.now; }
double cx_sim_horizon(const cx_sim *S) { return S->horizon; }
uint64_t cx_sim_events(const cx_sim *S) { return S->E.events; }
uint64_t cx_sim_arrival_candidates(const cx_sim *S) { return S->E.Q.arr.candidates; }
uint64_t cx_sim_in_system(const cx_sim *S) { return S->E.Q.in_system; }
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
    cx_counts now = S->E.Q.c;
    cx_queue_accumulate(&S->E.Q, &now, S->E.now - S->E.last);
    cx_counts_diff(&now, &S->at_warmup, out);
}

void cx_sim_tally(const cx_sim *S, cx_tally *out)
{
    cx_tally_diff(&S->T, &S->t_warmup, out);
}

/* ---- staff (the queue-only case, tests) ---------------------------------- */

int cx_agent_add(cx_sim *S)
{
    uint32_t a = cx_queue_agent_new(&S->E);
    if (a == CX_NONE) return cxi_error(S, CX_ERR_NOMEM, "out of memory adding an agent");
    if (cx_queue_duty_on(&S->E, a)) return cxi_error(S, CX_ERR_NOMEM, "out of memory adding an agent");
    return (int)a;
}

int cx_agent_remove(cx_sim *S, int agent)
{
    if (agent < 0 || (uint32_t)agent >= S->E.Q.n_agents || S->E.Q.agents[agent].state == CX_AGENT_OFF)
        return cxi_error(S, CX_ERR_STATE, "agent %d is not on duty", agent);
    cx_queue_duty_off(&S->E, (uint32_t)agent, 1);
    return CX_OK;
}

int cx_agents_on_duty(const cx_sim *S)
{
    return (int)(S->E.Q.n_idle + S->E.Q.n_busy);
}

/* ---- the model's agents -------------------------------------------------- */

uint32_t cxi_agent_new(cx_sim *S)
{
    uint32_t a = cx_queue_agent_new(&S->E);
    if (a == CX_NONE) return CX_NONE;
    if (S->E.Q.n_agents > S->cap_people) {
        cxi_person *p = realloc(S->people, (size_t)S->E.Q.n_agents * sizeof *p);
        if (!p) return CX_NONE;
        memset(p + S->cap_people, 0, (size_t)(S->E.Q.n_agents - S->cap_people) * sizeof *p);
        S->people = p;
        S->cap_people = S->E.Q.n_agents;
    }
    cxi_person *ag = &S->people[a];
    uint32_t duty_gen = ag->duty_gen;
    memset(ag, 0, sizeof *ag);
    ag->duty_gen = duty_gen + 1;
    ag->k = 1.0;
    ag->exposure = INFINITY;
    ag->hired = S->E.now;
    ag->duty_since = S->E.now;
    return a;
}

void cx_sim_set_call_hook(cx_sim *S, cx_call_hook fn, void *ud)
{
    S->call_hook = fn;
    S->call_ud = ud;
}

/* ---- a finished run as bytes (cx_sim_pack / cx_sim_unpack) --------------- */

#define PACK_MAGIC 0x63787332u /* "cxs2": bump when the layout changes */

/* The fixed part; periods and notes follow it. */
typedef struct pack_head {
    uint32_t magic;
    uint32_t n_busy, n_idle, n_waiting;
    uint64_t events, in_system, n_periods, n_notes;
    double now, last;
    int done;
    cx_counts c, at_warmup;
    cx_tally T, t_warmup;
} pack_head;

int cx_sim_pack(const cx_sim *S, void **buf, size_t *len)
{
    const cx_queue *Q = &S->E.Q;
    pack_head h;
    memset(&h, 0, sizeof h);
    h.magic = PACK_MAGIC;
    h.n_busy = Q->n_busy, h.n_idle = Q->n_idle, h.n_waiting = Q->n_waiting;
    h.events = S->E.events, h.in_system = Q->in_system;
    h.n_periods = S->n_periods, h.n_notes = cx_sim_notes(S);
    h.now = S->E.now, h.last = S->E.last, h.done = S->E.done;
    h.c = Q->c, h.at_warmup = S->at_warmup;
    h.T = S->T, h.t_warmup = S->t_warmup;
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
    cx_queue *Q = &S->E.Q;
    Q->n_busy = h.n_busy, Q->n_idle = h.n_idle, Q->n_waiting = h.n_waiting;
    S->E.events = h.events, Q->in_system = h.in_system;
    S->E.now = h.now, S->E.last = h.last, S->E.done = h.done;
    Q->c = h.c, S->at_warmup = h.at_warmup;
    S->T = h.T, S->t_warmup = h.t_warmup;
    return 0;
}

int cx_sim_stream_state(const cx_sim *S, int k, uint64_t state[4])
{
    if (k < 0 || k >= CX_STREAM_COUNT) return -1;
    const cx_rng *r = k < CX_QUEUE_STREAMS ? &S->E.Q.rng[k] : &S->rng[k];
    for (int i = 0; i < 4; i++) state[i] = r->s[i];
    return 0;
}
