/* cx_engine: the discrete-event engine: clock, calendar, actions, the loop.
 *
 * An event is (time, kind, id): `kind` names an action registered by the
 * layer above (a function and the subject it acts on, after cimba's
 * action(subject, object)), `id` the object (an agent, a contact slot, a
 * defect ...). The engine knows no model: it calls whatever was registered,
 * in time order, ties broken by scheduling order, so that a run is a pure
 * function of its seed. The contact centre's queue (cx_queue.h) is part of
 * the engine and registers its own three actions first. */
#ifndef CX_ENGINE_H
#define CX_ENGINE_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

/* Status codes. */
enum { CX_OK = 0, CX_ERR_NOMEM = -1, CX_ERR_PARAM = -2, CX_ERR_STATE = -3, CX_ERR_POLICY = -4,
       CX_ERR_LIMIT = -5 /* a guard (events, memory) was exceeded */ };

/* An action: handle event `ev` for `subject`. Returns 0, or non-zero to stop
 * the run (a negative status with the message in the engine's err; a
 * handler that leaves err empty reports running out of memory). */
typedef int (*cx_action_fn)(void *subject, const cx_event *ev);

#define CX_MAX_ACTIONS 32     /* event kinds one engine can dispatch */

typedef struct cx_action {
    cx_action_fn fn;          /* the handler */
    void *subject;            /* what it acts on */
} cx_action;

typedef struct cx_engine {
    double now;               /* clock, minutes */
    double last;              /* time the queue's areas were last integrated */
    int done;                 /* an action ended the run (the horizon was reached) */
    uint64_t events;          /* events handled */
    cx_calendar cal;          /* pending events */
    cx_action action[CX_MAX_ACTIONS]; /* by event kind */
    uint32_t n_actions;       /* kinds registered */
    cx_queue Q;               /* contacts, agents, the queue */
    char err[256];            /* last error message */
} cx_engine;

/* Calendar and queue, its three actions registered (CX_EV_ARRIVAL,
 * CX_EV_DEPART, CX_EV_ABANDON). 0, or -1 when out of memory. */
int cx_engine_init(cx_engine *E, const cx_queue_config *qc);
void cx_engine_free(cx_engine *E);

/* Register an action; returns its event kind, or UINT32_MAX when the table
 * is full. Kinds are numbered in registration order. */
uint32_t cx_engine_action(cx_engine *E, cx_action_fn fn, void *subject);

/* Schedule event (kind, id) at time t; its sequence number, 0 when out of memory. */
static inline uint64_t cx_engine_at(cx_engine *E, double t, uint32_t kind, uint32_t id)
{
    return cx_calendar_push(&E->cal, t, kind, id);
}

/* Handle events up to time `until` (inclusive) or until an action sets
 * `done`; a non-zero status stops it (message in err). */
int cx_engine_run_until(cx_engine *E, double until);

/* Format the message into err and return `code`. */
int cx_engine_error(cx_engine *E, int code, const char *fmt, ...);

/* Bring the queue's time integrals up to now. */
static inline void cx_engine_integrate(cx_engine *E)
{
    cx_queue_accumulate(&E->Q, &E->Q.c, E->now - E->last);
    E->last = E->now;
}

#endif
