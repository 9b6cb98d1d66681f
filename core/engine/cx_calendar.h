/* cx_calendar: the event calendar, a d-ary min-heap keyed on (time, sequence). */
#ifndef CX_CALENDAR_H
#define CX_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#ifndef CX_HEAP_ARITY
#define CX_HEAP_ARITY 2       /* children per node: 2 measured as fast as 4 or faster (docs/performance.md) */
#endif

/* An event: what happens (kind), to whom (id), when (t). Events at the same
 * time leave in the order they were scheduled: seq is the tie-break, which
 * makes a run a pure function of its seed. */
typedef struct cx_event {
    double t;                 /* simulated time, minutes */
    uint64_t seq;             /* scheduling order, unique per calendar */
    uint32_t kind;            /* action index (cx_engine.h) */
    uint32_t id;              /* subject: agent, contact slot, source ... */
} cx_event;

typedef struct cx_calendar {
    cx_event *heap;           /* heap[0] is the next event */
    size_t n;                 /* events pending */
    size_t cap;               /* allocated slots */
    uint64_t next_seq;        /* sequence number of the next schedule */
} cx_calendar;

int cx_calendar_init(cx_calendar *c, size_t cap);
void cx_calendar_free(cx_calendar *c);
void cx_calendar_clear(cx_calendar *c);

/* Schedule an event; returns its sequence number (a handle that lets the
 * subject recognise a stale event), or 0 when memory ran out. */
uint64_t cx_calendar_push(cx_calendar *c, double t, uint32_t kind, uint32_t id);

/* Remove the next event into *ev; returns 0 when the calendar is empty. */
int cx_calendar_pop(cx_calendar *c, cx_event *ev);

static inline const cx_event *cx_calendar_peek(const cx_calendar *c)
{
    return c->n ? &c->heap[0] : NULL;
}

#endif
