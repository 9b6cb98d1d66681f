/* cx_calendar: a sorted run and a d-ary heap of near events fed by two
 * wheels of time buckets.
 *
 * Invariant (near bucket indices b, far ones B = b / SPAN): every event in
 * the run or the heap has b < base; every event in the near wheel has
 * base <= b < fbase SPAN, and that range spans at most NEAR buckets; every
 * event in the far wheel has fbase <= B < fbase + FAR; the overflow heap
 * holds the rest (and times the wheels cannot index). So when the run or
 * the heap is not empty the earlier of their heads is the next event;
 * when both are empty the next near bucket is sorted into the run, after
 * the far buckets that now fit in the near wheel were spread into it (and
 * what the overflow then brings into the far wheel's reach). The heap
 * takes only events scheduled into a bucket already moved in (a few per
 * cent). Order is (t, seq) throughout: the sequence of events is the same
 * as with one heap, however the events travelled. */
#include "cx_calendar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define D CX_HEAP_ARITY
#define NB ((uint64_t)CX_WHEEL_NEAR)
#define NF ((uint64_t)CX_WHEEL_FAR)
#define R ((uint64_t)CX_WHEEL_SPAN)
#define W CX_WHEEL_WIDTH

_Static_assert((CX_WHEEL_SPAN & (CX_WHEEL_SPAN - 1)) == 0, "CX_WHEEL_SPAN is a power of two");
_Static_assert((CX_WHEEL_FAR & (CX_WHEEL_FAR - 1)) == 0, "CX_WHEEL_FAR is a power of two");

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

static inline cx_events *far_bucket(cx_calendar *c, uint64_t B)
{
    return &c->far[B & (NF - 1)];
}

/* An emptied bucket that grew for a rare crowd gives its room back, so memory stays flat. */
static void empty_bucket(cx_calendar *c, cx_events *bk)
{
    bk->n = 0;
    if (bk->cap > CX_WHEEL_KEEP) {
        c->slots -= bk->cap;
        free(bk->ev);
        bk->ev = NULL;
        bk->cap = 0;
    }
}

int cx_calendar_init(cx_calendar *c, size_t cap)
{
    *c = (cx_calendar){.next_seq = 1};
    c->wheel = calloc(NB, sizeof *c->wheel);
    c->far = calloc(NF, sizeof *c->far);
    if (!c->wheel || !c->far || reserve(c, &c->heap, cap < 16 ? 16 : cap)) {
        cx_calendar_free(c);
        return -1;
    }
    return 0;
}

void cx_calendar_free(cx_calendar *c)
{
    for (size_t i = 0; c->wheel && i < NB; i++) free(c->wheel[i].ev);
    for (size_t i = 0; c->far && i < NF; i++) free(c->far[i].ev);
    free(c->wheel);
    free(c->far);
    free(c->heap.ev);
    free(c->run.ev);
    free(c->over.ev);
    *c = (cx_calendar){0};
}

void cx_calendar_clear(cx_calendar *c)
{
    for (size_t i = 0; i < NB; i++) c->wheel[i].n = 0;
    for (size_t i = 0; i < NF; i++) c->far[i].n = 0;
    c->heap.n = c->run.n = c->run_head = c->over.n = c->n = c->n_near = c->n_far = 0;
    c->base = c->fbase = 0;
    c->next_seq = 1;
    c->lane_on = 0;
}

/* Append ev to bucket bk (unsorted); -1 when out of memory. */
static inline int append(cx_calendar *c, cx_events *bk, cx_event ev)
{
    if (reserve(c, bk, bk->n + 1)) return -1;
    bk->ev[bk->n++] = ev;
    return 0;
}

/* Put ev where its near bucket index b says, the overflow heap aside: the
 * heap, the near wheel or the far wheel. -1 when out of memory. */
static int place(cx_calendar *c, cx_event ev, uint64_t b)
{
    if (b < c->base) {
        if (reserve(c, &c->heap, c->heap.n + 1)) return -1;
        heap_add(&c->heap, ev);
        return 0;
    }
    if (b < c->fbase * R) {
        if (append(c, bucket(c, b), ev)) return -1;
        c->n_near++;
        return 0;
    }
    if (append(c, far_bucket(c, b / R), ev)) return -1;
    c->n_far++;
    return 0;
}

uint64_t cx_calendar_push(cx_calendar *c, double t, uint32_t kind, uint32_t id)
{
    cx_event ev = {t, c->next_seq, kind, id};
    uint64_t b = index_of(t);
    if (b / R < c->fbase + NF) { /* within the far wheel's reach (NOWHERE is not) */
        if (place(c, ev, b)) return 0;
    } else {
        if (reserve(c, &c->over, c->over.n + 1)) return 0;
        heap_add(&c->over, ev); /* beyond the wheels, or not a time they can index */
    }
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

/* Bring overflow events within the far wheel's reach into the wheels. */
static int from_overflow(cx_calendar *c)
{
    while (c->over.n) {
        uint64_t b = index_of(c->over.ev[0].t);
        if (b / R >= c->fbase + NF) return 0; /* still beyond (NOWHERE stays for ever) */
        cx_event ev = c->over.ev[0];
        if (place(c, ev, b)) return -1;
        heap_take(&c->over, &ev);
    }
    return 0;
}

/* Spread the far buckets that now fit in the near wheel into it, each
 * event into its near bucket (or the heap, when the clock has passed it);
 * the far wheel then reaches further, and the overflow comes into it. */
static int spread(cx_calendar *c)
{
    while ((c->fbase + 1) * R <= c->base + NB) {
        cx_events *fb = far_bucket(c, c->fbase);
        c->fbase++; /* first: its events now belong below fbase R */
        while (fb->n) { /* from the end, so that running out of memory leaves every event somewhere */
            cx_event ev = fb->ev[fb->n - 1];
            uint64_t b = index_of(ev.t);
            if (b < c->base) {
                if (reserve(c, &c->heap, c->heap.n + 1)) goto oom;
                heap_add(&c->heap, ev);
            } else {
                if (append(c, bucket(c, b), ev)) goto oom;
                c->n_near++;
            }
            fb->n--;
            c->n_far--;
        }
        empty_bucket(c, fb);
        if (from_overflow(c)) return -1;
    }
    return 0;
oom:
    c->fbase--;
    return -1;
}

static int cmp_event(const void *x, const void *y)
{
    const cx_event *a = x, *b = y;
    return before(a, b) ? -1 : before(b, a);
}

/* The near bucket bk, in (time, sequence) order, as the run (which is
 * empty): by insertion for the usual handful, else by qsort. */
static int sort_run(cx_calendar *c, const cx_events *bk)
{
    if (reserve(c, &c->run, bk->n)) return -1;
    cx_event *r = c->run.ev;
    if (bk->n > 32) {
        memcpy(r, bk->ev, bk->n * sizeof *r);
        qsort(r, bk->n, sizeof *r, cmp_event);
    } else {
        for (size_t i = 0; i < bk->n; i++) {
            cx_event ev = bk->ev[i];
            size_t j = i;
            for (; j > 0 && before(&ev, &r[j - 1]); j--) r[j] = r[j - 1];
            r[j] = ev;
        }
    }
    c->run.n = bk->n;
    c->run_head = 0;
    return 0;
}

/* Make the run or the heap hold the next event (both are empty and events are pending),
 * unless only times the wheels cannot index (infinite, or beyond 2^52
 * buckets) are left: those stay in the overflow heap and leave from there. */
static int refill(cx_calendar *c)
{
    while (c->heap.n == 0 && c->run.n == 0 && c->n > 0) {
        if (spread(c)) return -1;
        if (c->n_near == 0) { /* nothing before fbase R: move the edge there */
            if (c->n_far == 0) { /* only far events: jump the wheels to the first */
                if (c->over.n == 0) return 0;
                uint64_t b = index_of(c->over.ev[0].t);
                if (b == NOWHERE) return 0;
                if (b / R > c->fbase) c->fbase = b / R;
                if (from_overflow(c)) return -1;
            }
            if (c->fbase * R > c->base) c->base = c->fbase * R;
            continue;
        }
        cx_events *bk = bucket(c, c->base);
        if (bk->n && sort_run(c, bk)) return -1;
        c->n_near -= bk->n;
        empty_bucket(c, bk);
        c->base += 1;
    }
    return 0;
}

/* Where the next event waits. */
enum { AT_NONE = 0, AT_LANE, AT_RUN, AT_HEAP, AT_OVER, AT_OOM };

/* The next event's place (AT_*) and the event in *e; AT_OOM when memory
 * ran out moving a bucket in (c->n stays above 0). */
static int next_at(cx_calendar *c, const cx_event **e)
{
    int at = AT_NONE;
    *e = NULL;
    if (c->run_head == c->run.n && c->heap.n == 0 && c->n > 0 && refill(c)) return AT_OOM;
    if (c->run_head < c->run.n) {
        at = AT_RUN, *e = &c->run.ev[c->run_head];
        if (c->heap.n && before(&c->heap.ev[0], *e)) at = AT_HEAP, *e = &c->heap.ev[0];
    } else if (c->heap.n) {
        at = AT_HEAP, *e = &c->heap.ev[0];
    } else if (c->over.n) {
        at = AT_OVER, *e = &c->over.ev[0];
    } else if (c->n) {
        return AT_OOM;
    }
    if (c->lane_on && (!*e || before(&c->lane, *e))) at = AT_LANE, *e = &c->lane;
    return at;
}

const cx_event *cx_calendar_peek(cx_calendar *c)
{
    const cx_event *e;
    return next_at(c, &e) == AT_OOM ? NULL : e;
}

int cx_calendar_pop(cx_calendar *c, cx_event *out)
{
    return cx_calendar_next(c, INFINITY, NULL, out) == 1;
}

int cx_calendar_next(cx_calendar *c, double until, const cx_event *rival, cx_event *out)
{
    const cx_event *e;
    int at = next_at(c, &e);
    if (at == AT_OOM) return -1;
    if (rival && (!e || before(rival, e))) return rival->t <= until ? 2 : 0;
    if (!e || e->t > until) return 0;
    switch (at) {
    case AT_LANE:
        *out = c->lane;
        c->lane_on = 0;
        return 1;
    case AT_RUN:
        *out = c->run.ev[c->run_head++];
        if (c->run_head == c->run.n) c->run_head = c->run.n = 0;
        break;
    case AT_HEAP: heap_take(&c->heap, out); break;
    default: heap_take(&c->over, out); break;
    }
    c->n--;
    return 1;
}

const cx_event *cx_calendar_item(const cx_calendar *c, size_t i)
{
    if (i < c->run.n - c->run_head) return &c->run.ev[c->run_head + i];
    i -= c->run.n - c->run_head;
    if (i < c->heap.n) return &c->heap.ev[i];
    i -= c->heap.n;
    for (size_t b = 0; b < NB; b++) {
        if (i < c->wheel[b].n) return &c->wheel[b].ev[i];
        i -= c->wheel[b].n;
    }
    for (size_t b = 0; b < NF; b++) {
        if (i < c->far[b].n) return &c->far[b].ev[i];
        i -= c->far[b].n;
    }
    if (i < c->over.n) return &c->over.ev[i];
    return i == c->over.n && c->lane_on ? &c->lane : NULL;
}

size_t cx_calendar_bytes(const cx_calendar *c)
{
    return c->slots * sizeof(cx_event) + (c->wheel ? (NB + NF) * sizeof(cx_events) : 0);
}
