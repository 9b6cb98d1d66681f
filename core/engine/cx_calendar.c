/* cx_calendar: d-ary heap. Holes are moved instead of swapping entries. */
#include "cx_calendar.h"

#include <stdlib.h>

#define D CX_HEAP_ARITY

static inline int before(const cx_event *a, const cx_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

int cx_calendar_init(cx_calendar *c, size_t cap)
{
    if (cap < 16) cap = 16;
    c->heap = malloc(cap * sizeof *c->heap);
    c->n = 0;
    c->cap = c->heap ? cap : 0;
    c->next_seq = 1;
    return c->heap ? 0 : -1;
}

void cx_calendar_free(cx_calendar *c)
{
    free(c->heap);
    c->heap = NULL;
    c->n = c->cap = 0;
}

void cx_calendar_clear(cx_calendar *c)
{
    c->n = 0;
    c->next_seq = 1;
}

uint64_t cx_calendar_push(cx_calendar *c, double t, uint32_t kind, uint32_t id)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        cx_event *h = realloc(c->heap, cap * sizeof *h);
        if (!h) return 0;
        c->heap = h;
        c->cap = cap;
    }
    cx_event ev = {t, c->next_seq++, kind, id};
    cx_event *h = c->heap;
    size_t i = c->n++;
    while (i > 0) {
        size_t p = (i - 1) / D;
        if (!before(&ev, &h[p])) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = ev;
    return ev.seq;
}

int cx_calendar_pop(cx_calendar *c, cx_event *out)
{
    if (c->n == 0) return 0;
    cx_event *h = c->heap;
    *out = h[0];
    cx_event last = h[--c->n];
    size_t n = c->n, i = 0;
    for (;;) {
        size_t first = D * i + 1;
        if (first >= n) break;
        size_t end = first + D < n ? first + D : n, m = first;
        for (size_t k = first + 1; k < end; k++)
            if (before(&h[k], &h[m])) m = k;
        if (!before(&h[m], &last)) break;
        h[i] = h[m];
        i = m;
    }
    h[i] = last;
    return 1;
}
