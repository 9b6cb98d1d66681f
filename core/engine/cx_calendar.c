/* cx_calendar: a d-ary heap of near events fed by a wheel of time buckets.
 *
 * Invariant: every event in the heap is earlier than every event in the
 * wheel, and every event in the wheel is earlier than every event in the
 * overflow heap (bucket indices: heap < base <= wheel < base + buckets <=
 * overflow). So when the heap is not empty its top is the next event, and
 * when it is empty the next bucket (and what the overflow then brings into
 * the wheel's reach) is moved in. Within the heap the order is (t, seq), as
 * before: the sequence of events is the same as with one heap. */
#include "cx_calendar.h"

#include <math.h>
#include <stdlib.h>

#define D CX_HEAP_ARITY
#define NB ((size_t)CX_WHEEL_BUCKETS)
#define W CX_WHEEL_WIDTH

_Static_assert((CX_WHEEL_BUCKETS & (CX_WHEEL_BUCKETS - 1)) == 0, "CX_WHEEL_BUCKETS is a power of two");

#define before cx_event_before

static int grow(cx_calendar *c, cx_events *a, size_t need)
{
    size_t cap = a->cap ? 2 * a->cap : 16;
    while (cap < need) cap *= 2;
    cx_event *e = realloc(a->ev, cap * sizeof *e);
    if (!e) return -1;
    c->slots += cap - a->cap;
    a->ev = e;
    a->cap = cap;
    return 0;
}

static inline int reserve(cx_calendar *c, cx_events *a, size_t need)
{
    return need <= a->cap ? 0 : grow(c, a, need);
}

/* The bucket index of time t; NOWHERE for times the wheel cannot index
 * (infinite, not a number, or beyond 2^52 buckets). Times are not
 * negative, so truncation is the floor. */
#define NOWHERE UINT64_MAX
static inline uint64_t index_of(double t)
{
    return t >= 0 && t < 0x1p52 * W ? (uint64_t)(t * (1.0 / W)) : t < 0 ? 0 : NOWHERE;
}

/* Sift ev up from a new last slot (room reserved). */
static void heap_add(cx_events *h, cx_event ev)
{
    cx_event *e = h->ev;
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / D;
        if (!before(&ev, &e[p])) break;
        e[i] = e[p];
        i = p;
    }
    e[i] = ev;
}

/* Remove the top (h->n > 0) into *out. Holes move instead of swapping. */
static void heap_take(cx_events *h, cx_event *out)
{
    cx_event *e = h->ev;
    *out = e[0];
    cx_event last = e[--h->n];
    size_t n = h->n, i = 0;
    for (;;) {
        size_t first = D * i + 1;
        if (first >= n) break;
        size_t end = first + D < n ? first + D : n, m = first;
        for (size_t k = first + 1; k < end; k++)
            if (before(&e[k], &e[m])) m = k;
        if (!before(&e[m], &last)) break;
        e[i] = e[m];
        i = m;
    }
    e[i] = last;
}

static inline cx_events *bucket(cx_calendar *c, uint64_t b)
{
    return &c->wheel[b & (NB - 1)];
}

int cx_calendar_init(cx_calendar *c, size_t cap)
{
    *c = (cx_calendar){.next_seq = 1};
    c->wheel = calloc(NB, sizeof *c->wheel);
    if (!c->wheel || reserve(c, &c->heap, cap < 16 ? 16 : cap)) {
        cx_calendar_free(c);
        return -1;
    }
    return 0;
}

void cx_calendar_free(cx_calendar *c)
{
    for (size_t i = 0; c->wheel && i < NB; i++) free(c->wheel[i].ev);
    free(c->wheel);
    free(c->heap.ev);
    free(c->over.ev);
    *c = (cx_calendar){0};
}

void cx_calendar_clear(cx_calendar *c)
{
    for (size_t i = 0; i < NB; i++) c->wheel[i].n = 0;
    c->heap.n = c->over.n = c->n = 0;
    c->base = 0;
    c->next_seq = 1;
    c->lane_on = 0;
}

uint64_t cx_calendar_push(cx_calendar *c, double t, uint32_t kind, uint32_t id)
{
    cx_event ev = {t, c->next_seq, kind, id};
    uint64_t b = index_of(t);
    cx_events *to;
    if (b < c->base) {
        to = &c->heap;
    } else if (b - c->base < NB) {
        to = bucket(c, b);
        if (reserve(c, to, to->n + 1)) return 0;
        to->ev[to->n++] = ev;
        goto done;
    } else {
        to = &c->over; /* beyond the wheel, or not a time it can index */
    }
    if (reserve(c, to, to->n + 1)) return 0;
    heap_add(to, ev);
done:
    c->n++;
    return c->next_seq++;
}

uint64_t cx_calendar_lane(cx_calendar *c, double t, uint32_t kind, uint32_t id)
{
    if (c->lane_on) return cx_calendar_push(c, t, kind, id);
    c->lane = (cx_event){t, c->next_seq, kind, id};
    c->lane_on = 1;
    return c->next_seq++;
}

/* Bring overflow events within the wheel's reach into their buckets. */
static int from_overflow(cx_calendar *c)
{
    while (c->over.n) {
        uint64_t b = index_of(c->over.ev[0].t);
        if (b == NOWHERE || (b >= c->base && b - c->base >= NB)) return 0; /* still beyond the wheel */
        cx_events *to = b < c->base ? &c->heap : bucket(c, b);
        if (reserve(c, to, to->n + 1)) return -1;
        cx_event ev;
        heap_take(&c->over, &ev);
        if (to == &c->heap) heap_add(to, ev);
        else to->ev[to->n++] = ev;
    }
    return 0;
}

/* Make the heap hold the next event (it is empty and events are pending),
 * unless only times the wheel cannot index (infinite, or beyond 2^52
 * buckets) are left: those stay in the overflow heap and leave from there. */
static int refill(cx_calendar *c)
{
    while (c->heap.n == 0 && c->n > 0) {
        if (c->over.n == c->n) { /* only far events: jump the wheel to the first */
            uint64_t b = index_of(c->over.ev[0].t);
            if (b == NOWHERE) return 0;
            if (b > c->base) c->base = b;
            if (from_overflow(c)) return -1;
            continue;
        }
        cx_events *bk = bucket(c, c->base);
        if (reserve(c, &c->heap, bk->n)) return -1;
        for (size_t i = 0; i < bk->n; i++) heap_add(&c->heap, bk->ev[i]);
        bk->n = 0;
        if (bk->cap > CX_WHEEL_KEEP) { /* a rare crowd: give the room back, so memory stays flat */
            c->slots -= bk->cap;
            free(bk->ev);
            bk->ev = NULL;
            bk->cap = 0;
        }
        c->base += 1;
        if (from_overflow(c)) return -1;
    }
    return 0;
}

/* The heap the next event leaves from, or NULL. */
static cx_events *next_from(cx_calendar *c)
{
    if (c->heap.n == 0 && refill(c)) return NULL;
    if (c->heap.n) return &c->heap;
    return c->over.n ? &c->over : NULL;
}

/* The next event's place: its heap, or NULL for the lane; *none when no
 * event is pending (or memory ran out: then c->n stays above 0). */
static cx_events *next_place(cx_calendar *c, int *none)
{
    cx_events *h = next_from(c);
    *none = 0;
    if (!h && c->n) { /* out of memory moving a bucket in */
        *none = 1;
        return NULL;
    }
    if (c->lane_on && (!h || before(&c->lane, &h->ev[0]))) return NULL;
    *none = !h;
    return h;
}

const cx_event *cx_calendar_peek(cx_calendar *c)
{
    int none;
    cx_events *h = next_place(c, &none);
    return none ? NULL : h ? &h->ev[0] : &c->lane;
}

int cx_calendar_pop(cx_calendar *c, cx_event *out)
{
    return cx_calendar_next(c, INFINITY, NULL, out) == 1;
}

int cx_calendar_next(cx_calendar *c, double until, const cx_event *rival, cx_event *out)
{
    int none;
    cx_events *h = next_place(c, &none);
    if (none && c->n) return -1;
    const cx_event *e = none ? NULL : h ? &h->ev[0] : &c->lane;
    if (rival && (!e || before(rival, e))) return rival->t <= until ? 2 : 0;
    if (!e || e->t > until) return 0;
    if (!h) {
        *out = c->lane;
        c->lane_on = 0;
        return 1;
    }
    heap_take(h, out);
    c->n--;
    return 1;
}

const cx_event *cx_calendar_item(const cx_calendar *c, size_t i)
{
    if (i < c->heap.n) return &c->heap.ev[i];
    i -= c->heap.n;
    for (size_t b = 0; b < NB; b++) {
        if (i < c->wheel[b].n) return &c->wheel[b].ev[i];
        i -= c->wheel[b].n;
    }
    if (i < c->over.n) return &c->over.ev[i];
    return i == c->over.n && c->lane_on ? &c->lane : NULL;
}

size_t cx_calendar_bytes(const cx_calendar *c)
{
    return c->slots * sizeof(cx_event) + (c->wheel ? NB * sizeof(cx_events) : 0);
}
