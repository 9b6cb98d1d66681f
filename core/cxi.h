/* cxi: the simulation context's inside, shared by the core's files only. */
#ifndef CXI_H
#define CXI_H

#include "cx_arrivals.h"
#include "cx_calendar.h"
#include "cx_rng.h"
#include "cx_sim.h"

/* Event kinds. Contact flow first (the hot path), then bookkeeping. */
enum {
    CXI_EV_ARRIVAL = 0,       /* id: arrival source */
    CXI_EV_DEPART,            /* id: agent finishing a contact */
    CXI_EV_ABANDON,           /* id: contact slot; stale unless seq matches */
    CXI_EV_PERIOD,            /* end of a reporting period */
    CXI_EV_WARMUP,            /* end of the warm-up */
    CXI_EV_COUNT
};

enum { CXI_FREE = 0, CXI_WAITING, CXI_SERVING };
enum { CXI_OFF = 0, CXI_IDLE, CXI_BUSY };

typedef struct cxi_contact {
    double arrive;            /* arrival time */
    double start;             /* service start */
    uint64_t abandon_seq;     /* seq of its abandonment event, 0 if none */
    uint32_t gen;             /* bumped at each reuse of the slot */
    uint32_t next_free;       /* free-list link */
    uint8_t state;            /* CXI_FREE, CXI_WAITING, CXI_SERVING */
} cxi_contact;

typedef struct cxi_agent {
    uint8_t state;            /* CXI_OFF, CXI_IDLE, CXI_BUSY */
    uint8_t leaving;          /* leaves when the contact in hand ends */
    uint32_t contact;         /* contact in hand when busy */
    uint32_t gen;             /* bumped each time it turns idle */
    uint32_t next_free;       /* free-list link when off */
    double speed;             /* handle-time multiplier (1 = the mean) */
} cxi_agent;

/* A FIFO of (slot, generation) pairs; entries go stale when the slot's
 * generation moves on, and stale entries are skipped at the head. */
typedef struct cxi_ring {
    uint64_t *buf;            /* power-of-two capacity */
    size_t head;              /* index of the oldest entry */
    size_t n;                 /* entries, stale ones included */
    size_t mask;              /* capacity - 1 */
} cxi_ring;

#define CXI_NONE UINT32_MAX

struct cx_sim {
    cx_params P;              /* parameters (own copy) */
    double now;               /* clock, minutes */
    double horizon;           /* end of the run, minutes */
    double last;              /* time the areas were last integrated */
    cx_calendar cal;          /* pending events */
    cx_rng rng[CX_STREAM_COUNT]; /* one stream per source */
    cx_arrivals arr;          /* the demand process */
    int done;                 /* the horizon was reached */
    uint64_t events;          /* events handled */

    cxi_contact *contacts;    /* contact slots */
    uint32_t n_contacts;      /* slots allocated */
    uint32_t free_contact;    /* head of the free list */
    uint64_t in_system;       /* contacts waiting or in service */
    cxi_agent *agents;        /* agent slots */
    uint32_t n_agents;        /* slots allocated */
    uint32_t free_agent;      /* head of the free list */
    cxi_ring idle;            /* idle agents, longest idle first */
    cxi_ring waiting;         /* waiting contacts, first come first */
    uint32_t n_idle;          /* agents idle */
    uint32_t n_busy;          /* agents busy */
    uint32_t n_waiting;       /* contacts waiting */

    cx_counts c;              /* cumulative counters */
    cx_counts at_warmup;      /* counters when the warm-up ended */
    cx_counts at_period;      /* counters when the current period began */
    double period_start;      /* start of the current period */
    cx_period *periods;       /* finished periods */
    size_t n_periods, cap_periods;

    cx_progress_fn progress;  /* called after each period */
    void *progress_ud;
    char err[256];            /* last error message */
};

/* Add dt minutes of the present state to the time integrals of c. */
static inline void cxi_accumulate(const cx_sim *S, cx_counts *c, double dt)
{
    c->busy_area += dt * S->n_busy;
    c->staffed_area += dt * (S->n_busy + S->n_idle);
    c->queue_area += dt * S->n_waiting;
    c->time += dt;
}

/* Bring the time integrals up to now. */
static inline void cxi_integrate(cx_sim *S)
{
    cxi_accumulate(S, &S->c, S->now - S->last);
    S->last = S->now;
}

int cxi_error(cx_sim *S, int code, const char *fmt, ...);

/* Contact flow (cx_queue.c). */
int cxi_queue_init(cx_sim *S);
void cxi_queue_free(cx_sim *S);
int cxi_on_arrival(cx_sim *S);
int cxi_on_depart(cx_sim *S, uint32_t agent);
void cxi_on_abandon(cx_sim *S, const cx_event *ev);

#endif
