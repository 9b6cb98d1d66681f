/* cx_engine: life cycle, the action table and the event loop. */
#include "cx_engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cx_engine_error(cx_engine *E, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(E->err, sizeof E->err, fmt, ap);
    va_end(ap);
    return code;
}

uint32_t cx_engine_action(cx_engine *E, cx_action_fn fn, void *subject)
{
    if (E->n_actions == CX_MAX_ACTIONS) return UINT32_MAX;
    E->action[E->n_actions] = (cx_action){fn, subject};
    return E->n_actions++;
}

int cx_engine_init(cx_engine *E, const cx_queue_config *qc)
{
    memset(E, 0, sizeof *E);
    if (cx_calendar_init(&E->cal, 1024)) return -1;
    return cx_queue_init(E, qc);
}

void cx_engine_free(cx_engine *E)
{
    cx_calendar_free(&E->cal);
    cx_queue_free(&E->Q);
}

int cx_engine_run_until(cx_engine *E, double until)
{
    cx_event ev;
    while (!E->done) {
        /* the abandonments are kept by the queue: the earlier of its next and the calendar's */
        int k = cx_calendar_next(&E->cal, until, cx_queue_next_due(&E->Q), &ev);
        if (k < 0) return cx_engine_error(E, CX_ERR_NOMEM, "out of memory in the calendar at t=%.3f min", E->now);
        if (k == 0) break;
        if (k == 2) cx_queue_take_due(&E->Q, &ev);
        E->now = ev.t;
        E->events++;
        cx_engine_integrate(E);
        if (ev.kind >= E->n_actions)
            return cx_engine_error(E, CX_ERR_STATE, "event of unknown kind %u at t=%.3f min", ev.kind, E->now);
        const cx_action *a = &E->action[ev.kind];
        int rc = a->fn(a->subject, &ev);
        if (rc) {
            if (!E->err[0]) return cx_engine_error(E, CX_ERR_NOMEM, "out of memory at t=%.3f min", E->now);
            return rc < 0 ? rc : CX_ERR_STATE;
        }
    }
    return CX_OK;
}
