/* cx_queue: contacts, agents, the FIFO queue with abandonment, longest-idle routing. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cxi.h"

/* ---- rings ---------------------------------------------------------- */

int cxi_ring_init(cxi_ring *r, size_t cap)
{
    r->buf = malloc(cap * sizeof *r->buf);
    r->head = r->n = 0;
    r->mask = cap - 1;
    return r->buf ? 0 : -1;
}

int cxi_ring_push(cxi_ring *r, uint32_t slot, uint32_t gen)
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

/* Pop entries until one is still current (its slot's generation matches
 * and `live` agrees); returns the slot or CXI_NONE. */
static int agent_is_idle(const cx_sim *S, uint32_t a, uint32_t gen)
{
    return S->agents[a].gen == gen && S->agents[a].state == CXI_IDLE;
}

static int contact_is_waiting(const cx_sim *S, uint32_t c, uint32_t gen)
{
    return S->contacts[c].gen == gen && S->contacts[c].state == CXI_WAITING;
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
        uint32_t next = i + 1 < cap ? i + 1 : CXI_NONE;
        memcpy(a + (size_t)i * size + link, &next, sizeof next);
    }
    *n = cap;
    *free_head = old;
    return a;
}

static uint32_t contact_alloc(cx_sim *S)
{
    if (S->free_contact == CXI_NONE) {
        cxi_contact *g = grow_slots(S->contacts, &S->n_contacts, &S->free_contact,
                                    sizeof *g, offsetof(cxi_contact, next_free));
        if (!g) return CXI_NONE;
        S->contacts = g;
    }
    uint32_t c = S->free_contact;
    S->free_contact = S->contacts[c].next_free;
    S->contacts[c].gen++;
    S->in_system++;
    return c;
}

static void contact_release(cx_sim *S, uint32_t c)
{
    S->contacts[c].state = CXI_FREE;
    S->contacts[c].gen++; /* any queue entry for it is now stale */
    S->contacts[c].next_free = S->free_contact;
    S->free_contact = c;
    S->in_system--;
}

int cxi_queue_init(cx_sim *S)
{
    S->free_contact = S->free_agent = CXI_NONE;
    if (cxi_ring_init(&S->idle, 64) || cxi_ring_init(&S->waiting, 256)) return -1;
    return 0;
}

void cxi_queue_free(cx_sim *S)
{
    free(S->contacts);
    free(S->agents);
    free(S->idle.buf);
    free(S->waiting.buf);
}

/* ---- flow ----------------------------------------------------------- */

static int start_service(cx_sim *S, uint32_t a, uint32_t c)
{
    cxi_contact *ct = &S->contacts[c];
    cxi_agent *ag = &S->agents[a];
    double wait = S->now - ct->arrive;
    ct->state = CXI_SERVING;
    ct->start = S->now;
    ag->state = CXI_BUSY;
    ag->contact = c;
    S->n_busy++;
    S->c.answered++;
    S->c.wait_answered += wait;
    if (wait * 60.0 <= S->P.sl_seconds) S->c.answered_sl++;
    double h = ag->speed * cx_dist_draw(&S->P.handle, &S->rng[CX_STREAM_HANDLE]);
    if (S->model) h *= cxi_contact_speed(S, ag, ct);
    if (!cx_calendar_push(&S->cal, S->now + h, CXI_EV_DEPART, a)) return -1;
    return 0;
}

/* The agent is free: go off duty if due, else take the longest-waiting
 * contact or turn idle. */
static int agent_free(cx_sim *S, uint32_t a)
{
    cxi_agent *ag = &S->agents[a];
    if (ag->leaving) {
        ag->state = CXI_OFF;
        ag->leaving = 0;
        if (ag->release) {
            ag->release = 0;
            ag->life = CXI_L_FREE;
            ag->next_free = S->free_agent;
            S->free_agent = a;
        }
        return 0;
    }
    if (S->n_waiting) {
        uint32_t c = cxi_ring_pop_live(&S->waiting, S, contact_is_waiting);
        S->n_waiting--;
        return start_service(S, a, c);
    }
    ag->state = CXI_IDLE;
    ag->gen++;
    S->n_idle++;
    return cxi_ring_push(&S->idle, a, ag->gen);
}

int cxi_contact_in(cx_sim *S, uint32_t defect, int complex, int attempt)
{
    uint32_t c = contact_alloc(S);
    if (c == CXI_NONE) return -1;
    cxi_contact *ct = &S->contacts[c];
    ct->arrive = S->now;
    ct->abandon_seq = 0;
    ct->defect = defect;
    ct->complex = (uint8_t)complex;
    ct->attempt = (uint8_t)attempt;
    S->c.offered++;
    /* with the model on, every contact draws its patience, so that two
     * regimes' patience streams stay aligned contact by contact (CRN) */
    double patience = S->model ? cx_dist_draw(&S->P.patience, &S->rng[CX_STREAM_PATIENCE]) : 0;
    if (S->n_idle) {
        uint32_t a = cxi_ring_pop_live(&S->idle, S, agent_is_idle);
        S->n_idle--;
        return start_service(S, a, c);
    }
    if (!S->model) patience = cx_dist_draw(&S->P.patience, &S->rng[CX_STREAM_PATIENCE]);
    ct->state = CXI_WAITING;
    S->c.delayed++;
    S->n_waiting++;
    if (cxi_ring_push(&S->waiting, c, ct->gen)) return -1;
    if (isfinite(patience)) {
        ct->abandon_seq = cx_calendar_push(&S->cal, S->now + patience, CXI_EV_ABANDON, c);
        if (!ct->abandon_seq) return -1;
    }
    return 0;
}

int cxi_on_arrival(cx_sim *S)
{
    int complex = 0;
    if (S->model) {
        /* two draws per arrival whatever happens next keep the stream aligned */
        cx_rng *r = &S->rng[CX_STREAM_ATTRIBUTES];
        double u1 = cx_rng_uniform(r), u2 = cx_rng_uniform(r);
        complex = u1 < S->M.complex_share;
        if (!complex && u2 < S->M.kb * S->P.m.kb_deflection) S->c.deflected++;
        else if (cxi_contact_in(S, 0, complex, 1)) return -1;
    } else if (cxi_contact_in(S, 0, 0, 1)) {
        return -1;
    }
    double next = cx_arrivals_next(&S->arr, &S->rng[CX_STREAM_ARRIVALS]);
    if (!cx_calendar_push(&S->cal, next, CXI_EV_ARRIVAL, 0)) return -1;
    return 0;
}

int cxi_on_depart(cx_sim *S, uint32_t a)
{
    cxi_agent *ag = &S->agents[a];
    uint32_t c = ag->contact;
    S->c.completed++;
    S->c.handle += S->now - S->contacts[c].start;
    S->n_busy--;
    if (S->model && cxi_outcome_depart(S, ag, &S->contacts[c])) return -1;
    contact_release(S, c);
    return agent_free(S, a);
}

int cxi_on_abandon(cx_sim *S, const cx_event *ev)
{
    cxi_contact *ct = &S->contacts[ev->id];
    if (ct->state != CXI_WAITING || ct->abandon_seq != ev->seq) return 0; /* answered already */
    S->c.abandoned++;
    S->c.wait_abandoned += S->now - ct->arrive;
    S->n_waiting--;
    if (S->model && cxi_outcome_abandon(S, ct)) return -1;
    contact_release(S, ev->id);
    return 0;
}

/* ---- staff ---------------------------------------------------------- */

uint32_t cxi_agent_new(cx_sim *S)
{
    if (S->free_agent == CXI_NONE) {
        cxi_agent *g = grow_slots(S->agents, &S->n_agents, &S->free_agent, sizeof *g,
                                  offsetof(cxi_agent, next_free));
        if (!g) return CXI_NONE;
        S->agents = g;
    }
    uint32_t a = S->free_agent;
    cxi_agent *ag = &S->agents[a];
    S->free_agent = ag->next_free;
    uint32_t gen = ag->gen, duty_gen = ag->duty_gen;
    memset(ag, 0, sizeof *ag);
    ag->gen = gen + 1;
    ag->duty_gen = duty_gen + 1;
    ag->speed = 1.0;
    ag->k = 1.0;
    ag->exposure = INFINITY;
    ag->hired = S->now;
    ag->duty_since = S->now;
    return a;
}

int cxi_duty_on(cx_sim *S, uint32_t a)
{
    cxi_agent *ag = &S->agents[a];
    if (ag->state != CXI_OFF) { /* still finishing a contact: cancel the leaving */
        ag->leaving = 0;
        return 0;
    }
    cxi_integrate(S);
    return agent_free(S, a);
}

void cxi_duty_off(cx_sim *S, uint32_t a, int release)
{
    cxi_agent *ag = &S->agents[a];
    cxi_integrate(S);
    if (ag->state == CXI_OFF) {
        if (release) {
            ag->life = CXI_L_FREE;
            ag->next_free = S->free_agent;
            S->free_agent = a;
        }
        return;
    }
    ag->release = (uint8_t)(release || ag->release);
    ag->leaving = 1;
    if (ag->state == CXI_BUSY) return;
    S->n_idle--;
    ag->gen++; /* its idle-ring entry is now stale */
    agent_free(S, a);
}

int cx_agent_add(cx_sim *S)
{
    uint32_t a = cxi_agent_new(S);
    if (a == CXI_NONE) return cxi_error(S, CX_ERR_NOMEM, "out of memory adding an agent");
    S->agents[a].life = CXI_L_PRODUCTIVE;
    if (cxi_duty_on(S, a)) return cxi_error(S, CX_ERR_NOMEM, "out of memory adding an agent");
    return (int)a;
}

int cx_agent_remove(cx_sim *S, int agent)
{
    if (agent < 0 || (uint32_t)agent >= S->n_agents || S->agents[agent].state == CXI_OFF)
        return cxi_error(S, CX_ERR_STATE, "agent %d is not on duty", agent);
    cxi_duty_off(S, (uint32_t)agent, 1);
    return CX_OK;
}

int cx_agents_on_duty(const cx_sim *S)
{
    return (int)(S->n_idle + S->n_busy);
}
