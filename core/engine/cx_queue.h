/* cx_queue: contacts, agents, one FIFO queue with abandonment, longest-idle routing.
 *
 * The queue is the engine's part of a contact centre: base demand arrives
 * (cx_arrivals), waits first come first served, abandons when its patience
 * runs out, and is served by the agent who has been idle longest for a drawn
 * handle time. What a contact is about, what an agent knows and what a
 * service achieves belong to the layer above, which plugs in through hooks
 * (cx_queue_hooks) and a 32-bit tag the queue carries for each contact
 * without reading it. With no hooks this is the M/G/c+G queue that Erlang C
 * and Erlang A describe. */
#ifndef CX_QUEUE_H
#define CX_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "cx_arrivals.h"
#include "cx_calendar.h"
#include "cx_rng.h"
#include "cx_stats.h"

struct cx_engine;

#define CX_NONE UINT32_MAX    /* no slot */

/* The engine's own event kinds, registered first by cx_engine_init. */
enum { CX_EV_ARRIVAL = 0, CX_EV_DEPART, CX_EV_ABANDON, CX_EV_QUEUE_KINDS };

/* The queue's random streams: stream numbers 0-2 of the run's seed; the
 * layer above numbers its own streams from CX_QUEUE_STREAMS. */
enum { CX_QSTREAM_ARRIVALS = 0, CX_QSTREAM_HANDLE, CX_QSTREAM_PATIENCE, CX_QUEUE_STREAMS };

enum { CX_CONTACT_FREE = 0, CX_CONTACT_WAITING, CX_CONTACT_SERVING };
enum { CX_AGENT_OFF = 0, CX_AGENT_IDLE, CX_AGENT_BUSY };

typedef struct cx_contact {
    double arrive;            /* arrival time */
    double start;             /* service start */
    uint64_t abandon_seq;     /* seq of its abandonment event, 0 if none */
    uint32_t due_at;          /* its place in the queue's deadlines, CX_NONE if none */
    uint32_t gen;             /* bumped at each reuse of the slot */
    uint32_t next_free;       /* free-list link */
    uint32_t tag;             /* the layer above's identity of the contact, carried unread */
    uint8_t state;            /* CX_CONTACT_* */
} cx_contact;

typedef struct cx_agent {
    uint8_t state;            /* CX_AGENT_* */
    uint8_t leaving;          /* goes off duty when the contact in hand ends */
    uint8_t release;          /* ... and gives its slot back */
    uint32_t contact;         /* contact in hand when busy */
    uint32_t gen;             /* bumped each time it turns idle or its slot is reused */
    uint32_t next_free;       /* free-list link when released */
    double speed;             /* handle-time multiplier (1 = the mean) */
} cx_agent;

/* A FIFO of (slot, generation) pairs; entries go stale when the slot's
 * generation moves on, and stale entries are skipped at the head. */
typedef struct cx_ring {
    uint64_t *buf;            /* power-of-two capacity */
    size_t head;              /* index of the oldest entry */
    size_t n;                 /* entries, stale ones included */
    size_t mask;              /* capacity - 1 */
} cx_ring;

int cx_ring_init(cx_ring *r, size_t cap);
int cx_ring_push(cx_ring *r, uint32_t slot, uint32_t gen);

/* Pop entries until one is still current (`live` says so); returns its
 * slot or CX_NONE. */
static inline uint32_t cx_ring_pop_live(cx_ring *r, const void *ctx,
                                        int (*live)(const void *ctx, uint32_t slot, uint32_t gen))
{
    while (r->n) {
        uint64_t e = r->buf[r->head];
        r->head = (r->head + 1) & r->mask;
        r->n--;
        if (live(ctx, (uint32_t)(e >> 32), (uint32_t)e)) return (uint32_t)(e >> 32);
    }
    return CX_NONE;
}

/* The waiting contacts' abandonment events, a binary heap in (time,
 * sequence) order kept by the queue, not on the calendar: a contact
 * answered in time leaves it at once (each contact knows its place), so
 * no stale abandonment event is ever pushed or popped. The engine's loop
 * takes the earlier of the calendar's next event and this heap's top, so
 * events run in the very order one calendar would give them. */
typedef struct cx_deadlines {
    cx_event *ev;             /* the heap; ev[i].id is the contact slot */
    uint32_t n;               /* pending */
    uint32_t cap;             /* allocated */
} cx_deadlines;

/* How the layer above takes part in the contact flow. Every hook may be
 * NULL; `ud` is passed back to each. */
typedef struct cx_queue_hooks {
    void *ud;
    /* A base arrival: 1 it joins the queue with *tag, 0 it is served
     * elsewhere (self-service) and never enters, -1 an error that stops the
     * run. NULL: every arrival joins with tag 0. */
    int (*admit)(void *ud, uint32_t *tag);
    /* Handle-time multiplier for agent `agent` starting contact `ct`, drawn
     * after the handle time itself. NULL: 1. */
    double (*service_factor)(void *ud, uint32_t agent, const cx_contact *ct);
    /* Agent `agent` finished contact `ct` (before its slot is reused). */
    int (*depart)(void *ud, uint32_t agent, const cx_contact *ct);
    /* Contact `ct` abandoned the queue (before its slot is reused). */
    int (*abandon)(void *ud, const cx_contact *ct);
    /* 1: every contact draws a patience, answered at once or not, so that
     * two runs' patience streams stay aligned contact by contact (CRN). */
    int patience_always;
} cx_queue_hooks;

/* What the queue is made of. */
typedef struct cx_queue_config {
    uint64_t seed;            /* master seed (streams CX_QSTREAM_*) */
    cx_rate_profile demand;   /* base demand */
    cx_dist handle;           /* handle time */
    cx_dist patience;         /* customer patience */
    double sl_seconds;        /* service-level threshold */
} cx_queue_config;

typedef struct cx_queue {
    cx_rng rng[CX_QUEUE_STREAMS]; /* arrivals, handle times, patience */
    cx_arrivals arr;          /* the base demand process */
    cx_variate handle;        /* handle time */
    cx_variate patience;      /* patience */
    double sl_seconds;        /* service-level threshold */
    cx_queue_hooks hooks;     /* the layer above */
    cx_contact *contacts;     /* contact slots */
    uint32_t n_contacts;      /* slots allocated */
    uint32_t free_contact;    /* head of the free list */
    uint64_t in_system;       /* contacts waiting or in service */
    cx_agent *agents;         /* agent slots */
    uint32_t n_agents;        /* slots allocated */
    uint32_t free_agent;      /* head of the free list */
    cx_ring idle;             /* idle agents, longest idle first */
    cx_ring waiting;          /* waiting contacts, first come first */
    cx_deadlines due;         /* the waiting contacts' abandonment events */
    uint32_t n_idle;          /* agents idle */
    uint32_t n_busy;          /* agents busy */
    uint32_t n_waiting;       /* contacts waiting */
    cx_counts c;              /* cumulative counters */
} cx_queue;

/* Add dt minutes of the present state to the time integrals of c. */
static inline void cx_queue_accumulate(const cx_queue *Q, cx_counts *c, double dt)
{
    c->busy_area += dt * Q->n_busy;
    c->staffed_area += dt * (Q->n_busy + Q->n_idle);
    c->queue_area += dt * Q->n_waiting;
    c->time += dt;
}

/* Set up (cx_engine_init calls it) and release. */
int cx_queue_init(struct cx_engine *E, const cx_queue_config *qc);
void cx_queue_free(cx_queue *Q);

/* The next abandonment event, or NULL when none is pending. */
static inline const cx_event *cx_queue_next_due(const cx_queue *Q) { return Q->due.n ? &Q->due.ev[0] : NULL; }

/* Remove the next abandonment event (one is pending) into *ev. */
void cx_queue_take_due(cx_queue *Q, cx_event *ev);

/* Schedule the first base arrival. */
int cx_queue_start(struct cx_engine *E);

/* A contact (a repeat, one caused by a defect ...) joins now with `tag`. */
int cx_queue_contact_in(struct cx_engine *E, uint32_t tag);

/* Agents: a slot is a person; on and off duty are separate. A new agent is
 * off duty with speed 1; CX_NONE when out of memory. */
uint32_t cx_queue_agent_new(struct cx_engine *E);
int cx_queue_duty_on(struct cx_engine *E, uint32_t a);          /* takes the longest-waiting contact */
void cx_queue_duty_off(struct cx_engine *E, uint32_t a, int release); /* now if idle, else after the contact */

#endif
