/* cx_queue: contacts, agents, the FIFO queue with abandonment, longest-idle routing. */
#include "cx_queue.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cx_engine.h"

/* ---- rings ---------------------------------------------------------- */

int cx_ring_init(cx_ring *r, size_t cap)
{
    r->buf = malloc(cap * sizeof *r->buf);
    r->head = r->n = 0;
    r->mask = cap - 1;
    return r->buf ? 0 : -1;
}

int cx_ring_push(cx_ring *r, uint32_t slot, uint32_t gen)
{
    if (r->n > r->mask) { /* full: double and unwrap */
        size_t cap = 2 * (r->mask + 1);
        uint64_t *b = malloc(cap * sizeof *b);
        if (!b) return -1;
        for (size_t i = 0; i < r->n; i++) b[i] = r->buf[(r->head + i) & r->mask];
        free(r->buf);
        r->buf = b;
        r->head = 0;
        r->mask = cap - 1;
    }
    r->buf[(r->head + r->n++) & r->mask] = (uint64_t)slot << 32 | gen;
    return 0;
}

/* Ring liveness: the slot's generation matches and it is still idle / waiting. */
static int agent_is_idle(const void *ctx, uint32_t a, uint32_t gen)
{
    const cx_queue *Q = ctx;
    return Q->agents[a].gen == gen && Q->agents[a].state == CX_AGENT_IDLE;
}

static int contact_is_waiting(const void *ctx, uint32_t c, uint32_t gen)
{
    const cx_queue *Q = ctx;
    return Q->contacts[c].gen == gen && Q->contacts[c].state == CX_CONTACT_WAITING;
}

/* ---- abandonment deadlines ------------------------------------------ */

/* Put event e at heap place i (its contact learns the place). */
static inline void due_put(cx_queue *Q, uint32_t i, cx_event e)
{
    Q->due.ev[i] = e;
    Q->contacts[e.id].due_at = i;
}

/* Move e from place i up or down to where it belongs. */
static void due_settle(cx_queue *Q, uint32_t i, cx_event e)
{
    cx_event *h = Q->due.ev;
    while (i > 0 && cx_event_before(&e, &h[(i - 1) / 2])) {
        due_put(Q, i, h[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    for (;;) {
        uint32_t k = 2 * i + 1;
        if (k >= Q->due.n) break;
        if (k + 1 < Q->due.n && cx_event_before(&h[k + 1], &h[k])) k++;
        if (!cx_event_before(&h[k], &e)) break;
        due_put(Q, i, h[k]);
        i = k;
    }
    due_put(Q, i, e);
}

static int due_add(cx_queue *Q, cx_event e)
{
    if (Q->due.n == Q->due.cap) {
        uint32_t cap = Q->due.cap ? 2 * Q->due.cap : 64;
        cx_event *h = realloc(Q->due.ev, (size_t)cap * sizeof *h);
        if (!h) return -1;
        Q->due.ev = h;
        Q->due.cap = cap;
    }
    due_settle(Q, Q->due.n++, e);
    return 0;
}

/* Take contact c's event out (it was answered, or abandons now). */
static void due_remove(cx_queue *Q, uint32_t c)
{
    uint32_t i = Q->contacts[c].due_at;
    Q->contacts[c].due_at = CX_NONE;
    cx_event last = Q->due.ev[--Q->due.n];
    if (i < Q->due.n) due_settle(Q, i, last);
}

void cx_queue_take_due(cx_queue *Q, cx_event *ev)
{
    *ev = Q->due.ev[0];
    due_remove(Q, ev->id);
}

/* ---- slots ---------------------------------------------------------- */

/* Grow a slot array (elements of `size` bytes with a uint32 free-list link
 * at `link`) and thread the new slots onto the free list. */
static void *grow_slots(void *arr, uint32_t *n, uint32_t *free_head, size_t size, size_t link)
{
    uint32_t old = *n, cap = old ? 2 * old : 64;
    char *a = realloc(arr, (size_t)cap * size);
    if (!a) return NULL;
    memset(a + (size_t)old * size, 0, (size_t)(cap - old) * size);
    for (uint32_t i = old; i < cap; i++) {
        uint32_t next = i + 1 < cap ? i + 1 : CX_NONE;
        memcpy(a + (size_t)i * size + link, &next, sizeof next);
    }
    *n = cap;
    *free_head = old;
    return a;
}

static uint32_t contact_alloc(cx_queue *Q)
{
    if (Q->free_contact == CX_NONE) {
        cx_contact *g = grow_slots(Q->contacts, &Q->n_contacts, &Q->free_contact, sizeof *g,
                                   offsetof(cx_contact, next_free));
        if (!g) return CX_NONE;
        Q->contacts = g;
    }
    uint32_t c = Q->free_contact;
    Q->free_contact = Q->contacts[c].next_free;
    Q->contacts[c].gen++;
    Q->in_system++;
    return c;
}

static void contact_release(cx_queue *Q, uint32_t c)
{
    Q->contacts[c].state = CX_CONTACT_FREE;
    Q->contacts[c].gen++; /* any queue entry for it is now stale */
    Q->contacts[c].next_free = Q->free_contact;
    Q->free_contact = c;
    Q->in_system--;
}

static int on_arrival(void *subject, const cx_event *ev);
static int on_depart(void *subject, const cx_event *ev);
static int on_abandon(void *subject, const cx_event *ev);

int cx_queue_init(cx_engine *E, const cx_queue_config *qc)
{
    cx_queue *Q = &E->Q;
    for (unsigned k = 0; k < CX_QUEUE_STREAMS; k++) cx_rng_seed(&Q->rng[k], qc->seed, k);
    cx_arrivals_init(&Q->arr, &qc->demand, 0.0);
    Q->handle = cx_dist_prepare(&qc->handle);
    Q->patience = cx_dist_prepare(&qc->patience);
    Q->sl_seconds = qc->sl_seconds;
    Q->free_contact = Q->free_agent = CX_NONE;
    if (cx_ring_init(&Q->idle, 64) || cx_ring_init(&Q->waiting, 256)) return -1;
    if (cx_engine_action(E, on_arrival, E) != CX_EV_ARRIVAL || cx_engine_action(E, on_depart, E) != CX_EV_DEPART ||
        cx_engine_action(E, on_abandon, E) != CX_EV_ABANDON)
        return -1;
    return 0;
}

void cx_queue_free(cx_queue *Q)
{
    free(Q->contacts);
    free(Q->agents);
    free(Q->idle.buf);
    free(Q->waiting.buf);
    free(Q->due.ev);
}

int cx_queue_start(cx_engine *E)
{
    cx_queue *Q = &E->Q;
    double first = cx_arrivals_next(&Q->arr, &Q->rng[CX_QSTREAM_ARRIVALS]);
    return cx_calendar_lane(&E->cal, first, CX_EV_ARRIVAL, 0) ? 0 : -1;
}

/* ---- flow ----------------------------------------------------------- */

static int start_service(cx_engine *E, uint32_t a, uint32_t c)
{
    cx_queue *Q = &E->Q;
    cx_contact *ct = &Q->contacts[c];
    cx_agent *ag = &Q->agents[a];
    double wait = E->now - ct->arrive;
    if (ct->due_at != CX_NONE) due_remove(Q, c); /* answered in time: its abandonment goes */
    ct->state = CX_CONTACT_SERVING;
    ct->start = E->now;
    ag->state = CX_AGENT_BUSY;
    ag->contact = c;
    Q->n_busy++;
    Q->c.answered++;
    Q->c.wait_answered += wait;
    if (wait * 60.0 <= Q->sl_seconds) Q->c.answered_sl++;
    double h = ag->speed * cx_variate_draw(&Q->handle, &Q->rng[CX_QSTREAM_HANDLE]);
    if (Q->hooks.service_factor) h *= Q->hooks.service_factor(Q->hooks.ud, a, ct);
    if (!cx_engine_at(E, E->now + h, CX_EV_DEPART, a)) return -1;
    return 0;
}

/* The agent is free: go off duty if due, else take the longest-waiting
 * contact or turn idle. */
static int agent_free(cx_engine *E, uint32_t a)
{
    cx_queue *Q = &E->Q;
    cx_agent *ag = &Q->agents[a];
    if (ag->leaving) {
        ag->state = CX_AGENT_OFF;
        ag->leaving = 0;
        if (ag->release) {
            ag->release = 0;
            ag->next_free = Q->free_agent;
            Q->free_agent = a;
        }
        return 0;
    }
    if (Q->n_waiting) {
        uint32_t c = cx_ring_pop_live(&Q->waiting, Q, contact_is_waiting);
        Q->n_waiting--;
        return start_service(E, a, c);
    }
    ag->state = CX_AGENT_IDLE;
    ag->gen++;
    Q->n_idle++;
    return cx_ring_push(&Q->idle, a, ag->gen);
}

int cx_queue_contact_in(cx_engine *E, uint32_t tag)
{
    cx_queue *Q = &E->Q;
    uint32_t c = contact_alloc(Q);
    if (c == CX_NONE) return -1;
    cx_contact *ct = &Q->contacts[c];
    ct->arrive = E->now;
    ct->abandon_seq = 0;
    ct->due_at = CX_NONE;
    ct->tag = tag;
    Q->c.offered++;
    double patience = Q->hooks.patience_always ? cx_variate_draw(&Q->patience, &Q->rng[CX_QSTREAM_PATIENCE]) : 0;
    if (Q->n_idle) {
        uint32_t a = cx_ring_pop_live(&Q->idle, Q, agent_is_idle);
        Q->n_idle--;
        return start_service(E, a, c);
    }
    if (!Q->hooks.patience_always) patience = cx_variate_draw(&Q->patience, &Q->rng[CX_QSTREAM_PATIENCE]);
    ct->state = CX_CONTACT_WAITING;
    Q->c.delayed++;
    Q->n_waiting++;
    if (cx_ring_push(&Q->waiting, c, ct->gen)) return -1;
    if (isfinite(patience)) { /* numbered as a calendar event scheduled now would be */
        ct->abandon_seq = cx_calendar_ticket(&E->cal);
        if (due_add(Q, (cx_event){E->now + patience, ct->abandon_seq, CX_EV_ABANDON, c})) return -1;
    }
    return 0;
}

static int on_arrival(void *subject, const cx_event *ev)
{
    (void)ev;
    cx_engine *E = subject;
    cx_queue *Q = &E->Q;
    uint32_t tag = 0;
    int in = Q->hooks.admit ? Q->hooks.admit(Q->hooks.ud, &tag) : 1;
    if (in < 0 || (in && cx_queue_contact_in(E, tag))) return -1;
    double next = cx_arrivals_next(&Q->arr, &Q->rng[CX_QSTREAM_ARRIVALS]);
    if (!cx_calendar_lane(&E->cal, next, CX_EV_ARRIVAL, 0)) return -1;
    return 0;
}

static int on_depart(void *subject, const cx_event *ev)
{
    cx_engine *E = subject;
    cx_queue *Q = &E->Q;
    uint32_t a = ev->id, c = Q->agents[a].contact;
    Q->c.completed++;
    Q->c.handle += E->now - Q->contacts[c].start;
    Q->n_busy--;
    if (Q->hooks.depart && Q->hooks.depart(Q->hooks.ud, a, &Q->contacts[c])) return -1;
    contact_release(Q, c);
    return agent_free(E, a);
}

static int on_abandon(void *subject, const cx_event *ev)
{
    cx_engine *E = subject;
    cx_queue *Q = &E->Q;
    cx_contact *ct = &Q->contacts[ev->id];
    if (ct->state != CX_CONTACT_WAITING || ct->abandon_seq != ev->seq) return 0; /* answered already */
    Q->c.abandoned++;
    Q->c.wait_abandoned += E->now - ct->arrive;
    Q->n_waiting--;
    if (Q->hooks.abandon && Q->hooks.abandon(Q->hooks.ud, ct)) return -1;
    contact_release(Q, ev->id);
    return 0;
}

/* ---- staff ---------------------------------------------------------- */

uint32_t cx_queue_agent_new(cx_engine *E)
{
    cx_queue *Q = &E->Q;
    if (Q->free_agent == CX_NONE) {
        cx_agent *g = grow_slots(Q->agents, &Q->n_agents, &Q->free_agent, sizeof *g, offsetof(cx_agent, next_free));
        if (!g) return CX_NONE;
        Q->agents = g;
    }
    uint32_t a = Q->free_agent;
    cx_agent *ag = &Q->agents[a];
    Q->free_agent = ag->next_free;
    uint32_t gen = ag->gen;
    memset(ag, 0, sizeof *ag);
    ag->gen = gen + 1;
    ag->speed = 1.0;
    return a;
}

int cx_queue_duty_on(cx_engine *E, uint32_t a)
{
    cx_agent *ag = &E->Q.agents[a];
    if (ag->state != CX_AGENT_OFF) { /* still finishing a contact: cancel the leaving */
        ag->leaving = 0;
        return 0;
    }
    cx_engine_integrate(E);
    return agent_free(E, a);
}

void cx_queue_duty_off(cx_engine *E, uint32_t a, int release)
{
    cx_queue *Q = &E->Q;
    cx_agent *ag = &Q->agents[a];
    cx_engine_integrate(E);
    if (ag->state == CX_AGENT_OFF) {
        if (release) {
            ag->next_free = Q->free_agent;
            Q->free_agent = a;
        }
        return;
    }
    ag->release = (uint8_t)(release || ag->release);
    ag->leaving = 1;
    if (ag->state == CX_AGENT_BUSY) return;
    Q->n_idle--;
    ag->gen++; /* its idle-ring entry is now stale */
    agent_free(E, a);
}
