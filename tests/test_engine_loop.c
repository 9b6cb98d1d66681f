/* Engine: the action table and the event loop (cx_engine). */
#include <criterion/criterion.h>
#include <string.h>

#include "cx_engine.h"

/* A queue that never sees an arrival: nothing but the test's own events. */
static void quiet_engine(cx_engine *E)
{
    cx_queue_config qc = {.seed = 1, .demand = {.base = 1e-9},
                          .handle = {CX_DIST_FIXED, 1.0, 0}, .patience = {CX_DIST_NONE, 0, 0}};
    cr_assert_eq(cx_engine_init(E, &qc), 0);
}

/* What the recording action saw. */
typedef struct trace {
    int n;                    /* events seen */
    double t[64];             /* their times */
    uint32_t id[64];          /* their ids */
    uint32_t kind[64];        /* their kinds */
    cx_engine *E;             /* the engine, to stop or fail it */
    int stop_at;              /* set done at this event (1-based), 0 never */
    int fail_at;              /* return an error at this event, 0 never */
    int fail_silent;          /* ... without a message */
} trace;

static int record(void *subject, const cx_event *ev)
{
    trace *tr = subject;
    cr_assert_float_eq(tr->E->now, ev->t, 0, "the clock is the event's time");
    tr->t[tr->n] = ev->t;
    tr->id[tr->n] = ev->id;
    tr->kind[tr->n] = ev->kind;
    tr->n++;
    if (tr->n == tr->stop_at) tr->E->done = 1;
    if (tr->n == tr->fail_at) {
        if (tr->fail_silent) return 1;
        return cx_engine_error(tr->E, CX_ERR_POLICY, "action failed on id %u", ev->id);
    }
    return 0;
}

Test(engine_loop, queue_kinds_come_first_then_registration_order)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E};
    cr_assert_eq(E.n_actions, (uint32_t)CX_EV_QUEUE_KINDS);
    uint32_t k1 = cx_engine_action(&E, record, &tr), k2 = cx_engine_action(&E, record, &tr);
    cr_assert_eq(k1, (uint32_t)CX_EV_QUEUE_KINDS);
    cr_assert_eq(k2, k1 + 1);
    cx_engine_free(&E);
}

Test(engine_loop, table_full_is_refused)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E};
    while (E.n_actions < CX_MAX_ACTIONS) cr_assert_neq(cx_engine_action(&E, record, &tr), UINT32_MAX);
    cr_assert_eq(cx_engine_action(&E, record, &tr), UINT32_MAX);
    cr_assert_eq(E.n_actions, (uint32_t)CX_MAX_ACTIONS);
    cx_engine_free(&E);
}

Test(engine_loop, dispatch_in_time_order_fifo_on_ties)
{
    cx_engine E;
    quiet_engine(&E);
    trace a = {.E = &E}, b = {.E = &E};
    uint32_t ka = cx_engine_action(&E, record, &a), kb = cx_engine_action(&E, record, &b);
    /* scheduled out of order; three ties at t=5 alternating kinds */
    cr_assert(cx_engine_at(&E, 9.0, ka, 90));
    cr_assert(cx_engine_at(&E, 5.0, kb, 51));
    cr_assert(cx_engine_at(&E, 5.0, ka, 52));
    cr_assert(cx_engine_at(&E, 1.0, kb, 10));
    cr_assert(cx_engine_at(&E, 5.0, kb, 53));
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_OK);
    cr_assert_eq(E.events, 5u);
    cr_assert_eq(a.n, 2);
    cr_assert_eq(b.n, 3);
    cr_assert_eq(b.id[0], 10u);
    cr_assert_eq(b.id[1], 51u);
    cr_assert_eq(a.id[0], 52u, "the tie at t=5 in scheduling order");
    cr_assert_eq(b.id[2], 53u);
    cr_assert_eq(a.id[1], 90u);
    cr_assert_eq(a.kind[0], ka);
    cr_assert_eq(b.kind[0], kb);
    cr_assert_float_eq(E.now, 9.0, 0);
    cx_engine_free(&E);
}

/* Ties across kinds: one trace for all kinds records the global order. */
Test(engine_loop, many_ties_leave_in_scheduling_order)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E};
    uint32_t k[3];
    for (int i = 0; i < 3; i++) k[i] = cx_engine_action(&E, record, &tr);
    for (uint32_t i = 0; i < 40; i++) cr_assert(cx_engine_at(&E, 2.5, k[i % 3], i));
    cr_assert_eq(cx_engine_run_until(&E, 2.5), CX_OK, "the bound is inclusive");
    cr_assert_eq(tr.n, 40);
    for (int i = 0; i < 40; i++) {
        cr_assert_eq(tr.id[i], (uint32_t)i);
        cr_assert_eq(tr.kind[i], k[i % 3]);
    }
    cx_engine_free(&E);
}

Test(engine_loop, unknown_kind_is_refused_with_its_time)
{
    cx_engine E;
    quiet_engine(&E);
    cr_assert(cx_engine_at(&E, 3.25, 17, 0));
    cr_assert_eq(cx_engine_run_until(&E, 10.0), CX_ERR_STATE);
    cr_assert_str_eq(E.err, "event of unknown kind 17 at t=3.250 min");
    cx_engine_free(&E);
}

Test(engine_loop, action_error_stops_the_loop_with_its_message)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E, .fail_at = 2};
    uint32_t k = cx_engine_action(&E, record, &tr);
    for (uint32_t i = 0; i < 5; i++) cr_assert(cx_engine_at(&E, 1.0 + i, k, i));
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_ERR_POLICY);
    cr_assert_str_eq(E.err, "action failed on id 1");
    cr_assert_eq(tr.n, 2, "nothing runs after the failing action");
    cr_assert_eq(cx_calendar_size(&E.cal), 3u, "the rest stays on the calendar");
    cx_engine_free(&E);
}

Test(engine_loop, silent_error_reads_as_out_of_memory)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E, .fail_at = 1, .fail_silent = 1};
    uint32_t k = cx_engine_action(&E, record, &tr);
    cr_assert(cx_engine_at(&E, 4.0, k, 0));
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_ERR_NOMEM);
    cr_assert_str_eq(E.err, "out of memory at t=4.000 min");
    cx_engine_free(&E);
}

Test(engine_loop, done_stops_the_loop)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E, .stop_at = 3};
    uint32_t k = cx_engine_action(&E, record, &tr);
    for (uint32_t i = 0; i < 6; i++) cr_assert(cx_engine_at(&E, 1.0 + i, k, i));
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_OK);
    cr_assert_eq(tr.n, 3);
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_OK);
    cr_assert_eq(tr.n, 3, "a finished run stays finished");
    cx_engine_free(&E);
}

Test(engine_loop, run_until_stops_at_the_bound_and_resumes)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E};
    uint32_t k = cx_engine_action(&E, record, &tr);
    double at[] = {1.0, 2.0, 2.0, 2.0000001, 7.0};
    for (uint32_t i = 0; i < 5; i++) cr_assert(cx_engine_at(&E, at[i], k, i));
    cr_assert_eq(cx_engine_run_until(&E, 2.0), CX_OK);
    cr_assert_eq(tr.n, 3, "events at the bound run, later ones wait");
    cr_assert_float_eq(E.now, 2.0, 0);
    cr_assert_eq(cx_engine_run_until(&E, 5.0), CX_OK);
    cr_assert_eq(tr.n, 4);
    cr_assert_eq(cx_engine_run_until(&E, 1e9), CX_OK);
    cr_assert_eq(tr.n, 5);
    cr_assert_eq(cx_engine_run_until(&E, 1e9), CX_OK, "an empty calendar is not an error");
    cx_engine_free(&E);
}

/* An action scheduling a later event of its own kind: the loop picks it up. */
static int chain(void *subject, const cx_event *ev)
{
    trace *tr = subject;
    tr->id[tr->n++] = ev->id;
    if (ev->id < 9 && !cx_engine_at(tr->E, tr->E->now + 0.5, ev->kind, ev->id + 1)) return -1;
    return 0;
}

Test(engine_loop, actions_schedule_events)
{
    cx_engine E;
    quiet_engine(&E);
    trace tr = {.E = &E};
    uint32_t k = cx_engine_action(&E, chain, &tr);
    cr_assert(cx_engine_at(&E, 0.0, k, 0));
    cr_assert_eq(cx_engine_run_until(&E, 100.0), CX_OK);
    cr_assert_eq(tr.n, 10);
    cr_assert_float_eq(E.now, 4.5, 1e-12);
    cx_engine_free(&E);
}
