/* cx_refloop: the hand-written Erlang-A loop (see cx_refloop.h). */
#include "cx_refloop.h"

#include <math.h>
#include <stdlib.h>

#include "cx_rng.h"

enum { EV_ARRIVAL, EV_DEPART, EV_ABANDON };

typedef struct ev {
    double t;                 /* when */
    uint64_t seq;             /* tie-break: scheduling order */
    uint32_t kind;            /* EV_* */
    uint32_t id;              /* the waiting contact's ticket (abandon) */
} ev;

typedef struct heap {
    ev *a;                    /* a[0] is the next event */
    size_t n, cap;            /* used, allocated */
    uint64_t seq;             /* next sequence number */
} heap;

static int before(const ev *x, const ev *y) { return x->t < y->t || (x->t == y->t && x->seq < y->seq); }

static int push(heap *h, double t, uint32_t kind, uint32_t id)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 1024;
        ev *a = realloc(h->a, cap * sizeof *a);
        if (!a) return -1;
        h->a = a;
        h->cap = cap;
    }
    ev e = {t, h->seq++, kind, id};
    size_t i = h->n++;
    while (i) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &h->a[p])) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
    return 0;
}

static ev pop(heap *h)
{
    ev top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && before(&h->a[c + 1], &h->a[c])) c++;
        if (!before(&h->a[c], &last)) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return top;
}

int cx_refloop_run(int agents, double rate_per_min, double aht_min, double patience_min, double minutes,
                   uint64_t seed, cx_refloop_out *out)
{
    cx_rng ra, rh, rp;
    cx_rng_seed(&ra, seed, 0);
    cx_rng_seed(&rh, seed, 1);
    cx_rng_seed(&rp, seed, 2);
    heap h = {0};
    /* waiting contacts: a ring of (arrival time, ticket); a ticket that
     * abandoned is marked gone and skipped when it reaches the head */
    size_t cap = 1024, head = 0, n = 0;
    double *arrive = malloc(cap * sizeof *arrive);
    uint32_t *ticket = malloc(cap * sizeof *ticket);
    uint8_t *gone = calloc(1u << 20, 1);     /* by ticket modulo 2^20: the queue never holds that many */
    uint32_t next_ticket = 0;
    int idle = agents, rc = -1;
    double now = 0, last = 0;
    *out = (cx_refloop_out){0};
    if (!arrive || !ticket || !gone || push(&h, cx_rng_exp(&ra, 1.0 / rate_per_min), EV_ARRIVAL, 0)) goto done;
    while (h.n) {
        ev e = pop(&h);
        if (e.t > minutes) break;
        now = e.t;
        out->busy_area += (double)(agents - idle) * (now - last);
        last = now;
        out->events++;
        if (e.kind == EV_ARRIVAL) {
            out->offered++;
            if (idle) {
                idle--;
                out->answered++;
                out->answered_sl++;
                if (push(&h, now + cx_rng_exp(&rh, aht_min), EV_DEPART, 0)) goto done;
            } else {
                if (n == cap) { /* grow the ring, unwrapping it */
                    double *a2 = malloc(2 * cap * sizeof *a2);
                    uint32_t *t2 = malloc(2 * cap * sizeof *t2);
                    if (!a2 || !t2) {
                        free(a2);
                        free(t2);
                        goto done;
                    }
                    for (size_t k = 0; k < n; k++) a2[k] = arrive[(head + k) % cap], t2[k] = ticket[(head + k) % cap];
                    free(arrive);
                    free(ticket);
                    arrive = a2, ticket = t2, head = 0, cap *= 2;
                }
                uint32_t tk = next_ticket++;
                gone[tk & 0xfffffu] = 0;
                arrive[(head + n) % cap] = now;
                ticket[(head + n) % cap] = tk;
                n++;
                if (push(&h, now + cx_rng_exp(&rp, patience_min), EV_ABANDON, tk)) goto done;
            }
            if (push(&h, now + cx_rng_exp(&ra, 1.0 / rate_per_min), EV_ARRIVAL, 0)) goto done;
        } else if (e.kind == EV_DEPART) {
            /* take the longest-waiting contact still there, else turn idle */
            while (n && gone[ticket[head] & 0xfffffu]) head = (head + 1) % cap, n--;
            if (n) {
                double wait = now - arrive[head];
                gone[ticket[head] & 0xfffffu] = 1; /* its abandon event is now stale */
                head = (head + 1) % cap, n--;
                out->answered++;
                out->answered_sl += wait * 60.0 <= 20.0;
                if (push(&h, now + cx_rng_exp(&rh, aht_min), EV_DEPART, 0)) goto done;
            } else {
                idle++;
            }
        } else if (!gone[e.id & 0xfffffu]) { /* an abandonment still current */
            gone[e.id & 0xfffffu] = 1;
            out->abandoned++;
        }
    }
    rc = 0;
done:
    free(h.a);
    free(arrive);
    free(ticket);
    free(gone);
    return rc;
}
