/* cx_calendar: the event calendar, keyed on (time, sequence). The events
 * of the current half minute leave from a sorted run (and a d-ary min-heap
 * for those scheduled into it late); later ones wait, unsorted, in two
 * wheels of time buckets (half-minute buckets for the next hour or so,
 * half-hour buckets for the next days), and the farthest in an overflow
 * heap. A half-hour bucket is spread into the half-minute wheel shortly
 * before the clock reaches it, and a half-minute bucket is sorted into the
 * run when the clock reaches it, so an event due tomorrow is appended to a
 * bucket whose end is in the cache and is sorted among the few of its own
 * half minute. One stream's next event (the base arrivals') may wait in
 * the lane beside them, and the loop may weigh an event kept elsewhere
 * (the queue's abandonment deadlines) against the next: events leave in
 * exactly the order of one heap. */
#ifndef CX_CALENDAR_H
#define CX_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#ifndef CX_HEAP_ARITY
#define CX_HEAP_ARITY 2       /* children per node: 2 measured as fast as 4 or faster (docs/performance.md) */
#endif
#ifndef CX_WHEEL_WIDTH
#define CX_WHEEL_WIDTH 0.5    /* minutes per bucket of the near wheel */
#endif
#ifndef CX_WHEEL_SPAN
#define CX_WHEEL_SPAN 64      /* near buckets per far bucket (a power of two): 32 minutes */
#endif
#ifndef CX_WHEEL_FAR
#define CX_WHEEL_FAR 512      /* buckets of the far wheel (a power of two): about 11 days */
#endif
#define CX_WHEEL_NEAR (2 * CX_WHEEL_SPAN) /* buckets of the near wheel: the far bucket now and the next */

#define CX_WHEEL_KEEP 64      /* a bucket emptied with more room than this frees it */

/* An event: what happens (kind), to whom (id), when (t). Events at the same
 * time leave in the order they were scheduled: seq is the tie-break, which
 * makes a run a pure function of its seed. */
typedef struct cx_event {
    double t;                 /* simulated time, minutes */
    uint64_t seq;             /* scheduling order, unique per calendar */
    uint32_t kind;            /* action index (cx_engine.h) */
    uint32_t id;              /* subject: agent, contact slot, source ... */
} cx_event;

/* A growable array of events: a heap, or a bucket (unsorted). */
typedef struct cx_events {
    cx_event *ev;             /* the events */
    size_t n;                 /* in use */
    size_t cap;               /* allocated */
} cx_events;

typedef struct cx_calendar {
    cx_events run;            /* the last near bucket moved in, sorted: ev[run_head..n) still pending */
    size_t run_head;          /* the run's next event */
    cx_events heap;           /* events pushed into near buckets already moved in (before `base`) */
    cx_events *wheel;         /* CX_WHEEL_NEAR near buckets; bucket b % size holds [b w, (b+1) w) */
    cx_events *far;           /* CX_WHEEL_FAR far buckets of CX_WHEEL_SPAN near ones each */
    cx_events over;           /* a heap of events beyond the far wheel */
    uint64_t base;            /* index of the near bucket that starts at the edge */
    uint64_t fbase;           /* index of the first far bucket not yet spread into the near wheel */
    size_t n_near;            /* events in the near wheel */
    size_t n_far;             /* events in the far wheel */
    size_t n;                 /* events pending in all (the lane's not counted) */
    size_t slots;             /* event slots allocated in all (memory) */
    uint64_t next_seq;        /* sequence number of the next schedule */
    cx_event lane;            /* the lane's event (cx_calendar_lane), when lane_on */
    int lane_on;              /* the lane holds an event */
} cx_calendar;

int cx_calendar_init(cx_calendar *c, size_t cap);
void cx_calendar_free(cx_calendar *c);
void cx_calendar_clear(cx_calendar *c);

/* Schedule an event; returns its sequence number (a handle that lets the
 * subject recognise a stale event), or 0 when memory ran out. */
uint64_t cx_calendar_push(cx_calendar *c, double t, uint32_t kind, uint32_t id);

/* Schedule the lane's event: the lane holds one event beside the heap and
 * the wheel, for a stream that always has exactly its next event pending
 * (the base arrivals); it leaves in (time, sequence) order with the rest,
 * without a push or a pop. When the lane is taken the event goes on the
 * calendar as cx_calendar_push would put it. Returns its sequence number,
 * 0 when memory ran out. */
uint64_t cx_calendar_lane(cx_calendar *c, double t, uint32_t kind, uint32_t id);

/* A sequence number for an event kept outside the calendar (cx_queue's
 * abandonment deadlines), so that it is ordered among the calendar's
 * events as if it had been scheduled on it now. */
static inline uint64_t cx_calendar_ticket(cx_calendar *c) { return c->next_seq++; }

/* 1 when event a leaves before event b: earlier, or as early and scheduled first. */
static inline int cx_event_before(const cx_event *a, const cx_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* Remove the next event into *ev; returns 0 when the calendar is empty (or
 * memory ran out moving a bucket in: then c->n stays above 0). */
int cx_calendar_pop(cx_calendar *c, cx_event *ev);

/* The event loop's step: when the next event is at or before `until` and
 * before `rival` (an event kept elsewhere, or NULL), remove it into *ev
 * and return 1; 2 when rival (at or before `until`) leaves first (nothing
 * is removed); 0 when nothing is due by `until`; -1 when memory ran out. */
int cx_calendar_next(cx_calendar *c, double until, const cx_event *rival, cx_event *ev);

/* The next event, or NULL when none is pending (or memory ran out). */
const cx_event *cx_calendar_peek(cx_calendar *c);

/* Pending events, and the i-th of them in no particular order (i < n):
 * for tests and inspection, not for the loop. */
static inline size_t cx_calendar_size(const cx_calendar *c) { return c->n + (c->lane_on != 0); }
const cx_event *cx_calendar_item(const cx_calendar *c, size_t i);

/* Bytes the calendar holds. */
size_t cx_calendar_bytes(const cx_calendar *c);

#endif
