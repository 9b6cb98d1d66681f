/* Engine: the contact centre's queue (cx_queue): FIFO, longest-idle routing,
 * abandonment, agents leaving, the hooks and the counters. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "cx_engine.h"

#define REC_MAX 64 /* entries recorded; later ones are only counted */

/* What the hooks and the injecting action saw. */
typedef struct rec {
    cx_engine *E;
    uint32_t kind_in;         /* event kind: a contact joins with tag = id */
    int n_dep;                /* departures seen */
    uint32_t dep_agent[REC_MAX];   /* by whom */
    uint32_t dep_tag[REC_MAX];     /* which contact */
    double dep_t[REC_MAX];         /* when */
    double dep_start[REC_MAX];     /* its service start */
    int n_ab;                 /* abandonments recorded */
    int n_ab_all;             /* abandonments seen */
    uint32_t ab_tag[REC_MAX];
    double ab_t[REC_MAX];
    int n_sf;                 /* service factors asked */
    uint32_t sf_agent[REC_MAX];
    uint32_t sf_tag[REC_MAX];
    double factor;            /* the service factor to return */
    int n_admit;              /* admission asked */
    int admitted;             /* ... and said yes */
} rec;

static int inject(void *subject, const cx_event *ev)
{
    rec *r = subject;
    return cx_queue_contact_in(r->E, ev->id);
}

static int on_dep(void *ud, uint32_t a, const cx_contact *ct)
{
    rec *r = ud;
    cr_assert_eq(ct->state, CX_CONTACT_SERVING);
    cr_assert_eq(r->E->Q.agents[a].contact, (uint32_t)(ct - r->E->Q.contacts), "the agent's own contact");
    if (r->n_dep == REC_MAX) return 0;
    r->dep_agent[r->n_dep] = a;
    r->dep_tag[r->n_dep] = ct->tag;
    r->dep_t[r->n_dep] = r->E->now;
    r->dep_start[r->n_dep++] = ct->start;
    return 0;
}

static int on_ab(void *ud, const cx_contact *ct)
{
    rec *r = ud;
    cr_assert_eq(ct->state, CX_CONTACT_WAITING);
    r->n_ab_all++;
    if (r->n_ab == REC_MAX) return 0;
    r->ab_tag[r->n_ab] = ct->tag;
    r->ab_t[r->n_ab++] = r->E->now;
    return 0;
}

static double on_sf(void *ud, uint32_t a, const cx_contact *ct)
{
    rec *r = ud;
    cr_assert_float_eq(ct->start, r->E->now, 0);
    if (r->n_sf == REC_MAX) return r->factor;
    r->sf_agent[r->n_sf] = a;
    r->sf_tag[r->n_sf++] = ct->tag;
    return r->factor;
}

/* Every other arrival is served elsewhere; admitted ones carry their number. */
static int on_admit(void *ud, uint32_t *tag)
{
    rec *r = ud;
    r->n_admit++;
    if (r->n_admit % 2) return 0;
    *tag = (uint32_t)++r->admitted;
    return 1;
}

/* An engine with no base demand (unless `rate`), fixed handle time `h`, the
 * given patience, and `agents` agents on duty from time 0 in slot order. */
static void setup(cx_engine *E, rec *r, double rate, cx_dist handle, cx_dist patience, int agents)
{
    cx_queue_config qc = {.seed = 42, .demand = {.base = rate > 0 ? rate : 1e-12},
                          .handle = handle, .patience = patience, .sl_seconds = 20};
    cr_assert_eq(cx_engine_init(E, &qc), 0);
    memset(r, 0, sizeof *r);
    r->E = E;
    r->factor = 1.0;
    r->kind_in = cx_engine_action(E, inject, r);
    E->Q.hooks = (cx_queue_hooks){.ud = r, .depart = on_dep, .abandon = on_ab};
    for (int i = 0; i < agents; i++) {
        uint32_t a = cx_queue_agent_new(E);
        cr_assert_eq(a, (uint32_t)i);
        cr_assert_eq(cx_queue_duty_on(E, a), 0);
    }
    if (rate > 0) cr_assert_eq(cx_queue_start(E), 0);
}

static const cx_dist fixed10 = {CX_DIST_FIXED, 10.0, 0};
static const cx_dist never = {CX_DIST_NONE, 0, 0};

static void at(rec *r, double t, uint32_t tag) { cr_assert(cx_engine_at(r->E, t, r->kind_in, tag)); }

/* offered = answered + abandoned + waiting, answered = completed + busy. */
static void assert_consistent(const cx_queue *Q)
{
    cr_assert_eq(Q->c.offered, Q->c.answered + Q->c.abandoned + Q->n_waiting);
    cr_assert_eq(Q->c.answered, Q->c.completed + Q->n_busy);
    cr_assert_eq(Q->in_system, (uint64_t)Q->n_waiting + Q->n_busy);
    cr_assert_leq(Q->c.answered_sl, Q->c.answered);
    cr_assert_leq(Q->c.delayed, Q->c.offered);
}

Test(queue, fifo_order_one_agent)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, never, 1);
    for (uint32_t i = 0; i < 5; i++) at(&r, (double)i, 100 + i);
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(r.n_dep, 5);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(r.dep_tag[i], 100u + (uint32_t)i, "first come, first served");
        cr_assert_float_eq(r.dep_t[i], 10.0 * (i + 1), 1e-9);
    }
    cr_assert_eq(E.Q.c.offered, 5u);
    cr_assert_eq(E.Q.c.delayed, 4u);
    cr_assert_eq(E.Q.c.answered_sl, 1u, "only the first is answered within 20 s");
    cr_assert_float_eq(E.Q.c.wait_answered, 9 + 18 + 27 + 36, 1e-9);
    cr_assert_float_eq(E.Q.c.handle, 50.0, 1e-9);
    assert_consistent(&E.Q);
    cx_engine_free(&E);
}

Test(queue, longest_idle_agent_takes_the_next_contact)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, never, 3);
    at(&r, 1, 1); /* agent 0 (idle since 0), frees at 11 */
    at(&r, 2, 2); /* agent 1, frees at 12 */
    at(&r, 20, 3); /* agent 2: idle since 0, longer than 0 (11) and 1 (12) */
    at(&r, 21, 4); /* agent 0 */
    at(&r, 22, 5); /* agent 1 */
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    uint32_t want_agent[5] = {0, 1, 2, 0, 1};
    cr_assert_eq(r.n_dep, 5);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(r.dep_tag[i], (uint32_t)i + 1);
        cr_assert_eq(r.dep_agent[i], want_agent[i], "contact %d went to agent %u", i + 1, r.dep_agent[i]);
    }
    cr_assert_eq(E.Q.c.delayed, 0u);
    cr_assert_eq(E.Q.n_idle, 3u);
    cx_engine_free(&E);
}

Test(queue, abandonment_only_while_waiting)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, (cx_dist){CX_DIST_FIXED, 5.0, 0}, 1);
    at(&r, 0, 1); /* served at once: its patience is never drawn */
    at(&r, 1, 2); /* waits, gives up at 6 */
    at(&r, 8, 3); /* waits, answered at 10 before its patience runs out at 13 */
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(r.n_ab, 1);
    cr_assert_eq(r.ab_tag[0], 2u);
    cr_assert_float_eq(r.ab_t[0], 6.0, 1e-9);
    cr_assert_eq(r.n_dep, 2);
    cr_assert_eq(r.dep_tag[1], 3u);
    cr_assert_float_eq(r.dep_start[1], 10.0, 1e-9);
    cr_assert_eq(E.Q.c.abandoned, 1u);
    cr_assert_float_eq(E.Q.c.wait_abandoned, 5.0, 1e-9);
    cr_assert_eq(E.Q.c.answered, 2u);
    cr_assert_eq(E.Q.in_system, 0u);
    assert_consistent(&E.Q);
    cx_engine_free(&E);
}

/* A contact answered before its patience runs out leaves no abandonment
 * event behind: its deadline leaves the queue's heap when it is answered,
 * and the engine handles only the events that happen. */
Test(queue, an_answered_contact_leaves_no_abandonment_event)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, (cx_dist){CX_DIST_FIXED, 5.0, 0}, 1);
    at(&r, 0, 1); /* served at once, departs at 10 */
    at(&r, 8, 2); /* waits, would give up at 13, answered at 10 */
    cr_assert_eq(cx_engine_run_until(&E, 9), 0);
    cr_assert_eq(E.Q.due.n, 1u, "one deadline while it waits");
    cr_assert_eq(cx_calendar_size(&E.cal), 1u, "the calendar holds the departure only");
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(E.Q.due.n, 0u);
    cr_assert_eq(r.n_ab, 0);
    cr_assert_eq(E.events, 4u, "two arrivals, two departures: no stale abandonment");
    cx_engine_free(&E);
}

/* Abandonments whose deadlines come out of arrival order (exponential
 * patience) happen in time order, each at arrival + patience. */
Test(queue, abandonments_leave_in_deadline_order)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, (cx_dist){CX_DIST_FIXED, 1000.0, 0}, (cx_dist){CX_DIST_EXP, 3.0, 0}, 1);
    for (uint32_t i = 0; i < 60; i++) at(&r, 0.1 * i, i);
    cr_assert_eq(cx_engine_run_until(&E, 500), 0);
    cr_assert_eq(r.n_ab, 59, "all but the first give up");
    double waits = 0;
    int out_of_arrival_order = 0;
    for (int i = 0; i < r.n_ab; i++) {
        if (i) cr_assert_leq(r.ab_t[i - 1], r.ab_t[i], "abandonment %d before the one before it", i);
        if (i && r.ab_tag[i] < r.ab_tag[i - 1]) out_of_arrival_order = 1;
        waits += r.ab_t[i] - 0.1 * r.ab_tag[i];
    }
    cr_assert(out_of_arrival_order, "the deadlines were not in arrival order");
    cr_assert_float_eq(E.Q.c.wait_abandoned, waits, 1e-9, "each waited its patience");
    cr_assert_eq(E.Q.due.n, 0u);
    assert_consistent(&E.Q);
    cx_engine_free(&E);
}

/* An abandonment at the same time as a calendar event leaves in
 * scheduling order: after an event scheduled before the contact joined,
 * before one scheduled after. */
static int on_ab_offered(void *ud, const cx_contact *ct)
{
    rec *r = ud;
    r->ab_t[r->n_ab] = (double)r->E->Q.c.offered;
    r->ab_tag[r->n_ab++] = ct->tag;
    return 0;
}

Test(queue, abandonment_ties_leave_in_scheduling_order)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, (cx_dist){CX_DIST_FIXED, 5.0, 0}, 1);
    E.Q.hooks.abandon = on_ab_offered;
    at(&r, 0, 1);  /* served until 10 */
    at(&r, 1, 2);  /* gives up at 6 */
    at(&r, 6, 3);  /* scheduled before contact 2 joined: joins first */
    cr_assert_eq(cx_engine_run_until(&E, 2), 0);
    at(&r, 6, 4);  /* scheduled after contact 2 joined: joins after it gave up */
    cr_assert_eq(cx_engine_run_until(&E, 6), 0);
    cr_assert_eq(r.n_ab, 1);
    cr_assert_eq(r.ab_tag[0], 2u);
    cr_assert_float_eq(r.ab_t[0], 3.0, 0, "contacts 1-3 offered when 2 gives up, not 4");
    cr_assert_eq(E.Q.c.offered, 4u);
    cx_engine_free(&E);
}

Test(queue, agent_leaves_after_its_contact_and_frees_its_slot)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, never, 2);
    at(&r, 0, 1); /* agent 0 */
    at(&r, 1, 2); /* agent 1 */
    at(&r, 2, 3); /* waits */
    cr_assert_eq(cx_engine_run_until(&E, 5), 0);
    cx_queue_duty_off(&E, 0, 1);
    cr_assert_eq(E.Q.agents[0].state, CX_AGENT_BUSY, "a busy agent finishes the contact in hand");
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(E.Q.agents[0].state, CX_AGENT_OFF);
    cr_assert_eq(r.n_dep, 3);
    cr_assert_eq(r.dep_agent[0], 0u);
    cr_assert_eq(r.dep_agent[2], 1u, "the waiting contact goes to the agent who stays");
    cr_assert_float_eq(r.dep_t[2], 21.0, 1e-9);
    cr_assert_eq(E.Q.n_idle, 1u);
    cr_assert_eq(cx_queue_agent_new(&E), 0u, "its released slot is reused");
    /* an idle agent leaves at once, and stale idle entries are skipped */
    cx_queue_duty_off(&E, 1, 0);
    cr_assert_eq(E.Q.agents[1].state, CX_AGENT_OFF);
    cr_assert_eq(E.Q.n_idle, 0u);
    at(&r, E.now + 1, 4);
    cr_assert_eq(cx_engine_run_until(&E, E.now + 5), 0);
    cr_assert_eq(E.Q.n_waiting, 1u, "nobody on duty: the contact waits");
    cr_assert_eq(cx_queue_duty_on(&E, 1), 0);
    cr_assert_eq(E.Q.agents[1].state, CX_AGENT_BUSY, "back on duty, it takes the waiting contact");
    assert_consistent(&E.Q);
    cx_engine_free(&E);
}

Test(queue, duty_on_while_leaving_cancels_the_leaving)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, never, 1);
    at(&r, 0, 1);
    at(&r, 1, 2);
    cr_assert_eq(cx_engine_run_until(&E, 2), 0);
    cx_queue_duty_off(&E, 0, 0);
    cr_assert_eq(cx_queue_duty_on(&E, 0), 0);
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(r.n_dep, 2, "it stayed and served the second contact");
    cx_engine_free(&E);
}

Test(queue, hooks_see_the_right_agent_contact_and_tag)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, fixed10, never, 2);
    E.Q.hooks.service_factor = on_sf;
    r.factor = 1.5;
    E.Q.agents[1].speed = 2.0;
    at(&r, 0, 7);  /* agent 0: 10 x 1 x 1.5 = 15 */
    at(&r, 1, 8);  /* agent 1: 10 x 2 x 1.5 = 30 */
    at(&r, 2, 9);  /* waits for agent 0 at 15, done at 30 */
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(r.n_sf, 3);
    uint32_t sa[3] = {0, 1, 0}, st[3] = {7, 8, 9};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(r.sf_agent[i], sa[i]);
        cr_assert_eq(r.sf_tag[i], st[i]);
    }
    cr_assert_eq(r.n_dep, 3);
    cr_assert_eq(r.dep_tag[0], 7u);
    cr_assert_float_eq(r.dep_t[0], 15.0, 1e-9);
    /* 8 and 9 both end at 30 and 31: agent 1 at 31, agent 0 at 30 */
    cr_assert_eq(r.dep_tag[1], 9u);
    cr_assert_eq(r.dep_agent[1], 0u);
    cr_assert_float_eq(r.dep_t[1], 30.0, 1e-9);
    cr_assert_eq(r.dep_tag[2], 8u);
    cr_assert_eq(r.dep_agent[2], 1u);
    cr_assert_float_eq(r.dep_t[2], 31.0, 1e-9);
    cr_assert_float_eq(E.Q.c.handle, 15 + 15 + 30, 1e-9);
    cx_engine_free(&E);
}

Test(queue, admit_zero_never_enters_the_queue)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 2.0, (cx_dist){CX_DIST_EXP, 1.0, 0}, never, 4);
    E.Q.hooks.admit = on_admit;
    cr_assert_eq(cx_engine_run_until(&E, 500), 0);
    cr_assert_gt(r.n_admit, 800, "about 1000 base arrivals");
    cr_assert_eq(E.Q.c.offered, (uint64_t)r.admitted, "only admitted arrivals are offered");
    cr_assert_eq(r.admitted, r.n_admit / 2);
    /* the tags are the admission numbers, in order */
    for (int i = 0; i < r.n_dep; i++) cr_assert_leq(r.dep_tag[i], (uint32_t)r.admitted);
    assert_consistent(&E.Q);
    cx_engine_free(&E);
}

/* The patience stream after n contacts: how many draws it has made. */
static int draws_made(const cx_rng *q, uint64_t seed)
{
    cx_rng fresh;
    cx_rng_seed(&fresh, seed, CX_QSTREAM_PATIENCE);
    for (int n = 0; n < 1000; n++) {
        if (!memcmp(fresh.s, q->s, sizeof fresh.s)) return n;
        cx_rng_next(&fresh);
    }
    return -1;
}

static int patience_draws(int always)
{
    cx_engine E;
    rec r;
    setup(&E, &r, 0, (cx_dist){CX_DIST_FIXED, 1.0, 0}, (cx_dist){CX_DIST_EXP, 5.0, 0}, 1);
    E.Q.hooks.patience_always = always;
    for (uint32_t i = 0; i < 10; i++) at(&r, 10.0 * i, i); /* each answered at once */
    at(&r, 100.5, 10);                                      /* answered at once */
    at(&r, 100.6, 11);                                      /* this one waits */
    at(&r, 100.7, 12);                                      /* and this one */
    cr_assert_eq(cx_engine_run_until(&E, 1000), 0);
    cr_assert_eq(E.Q.c.delayed, 2u);
    int n = draws_made(&E.Q.rng[CX_QSTREAM_PATIENCE], 42);
    cx_engine_free(&E);
    return n;
}

Test(queue, patience_always_draws_one_per_contact)
{
    cr_assert_eq(patience_draws(1), 13, "one patience per contact, answered at once or not");
    cr_assert_eq(patience_draws(0), 2, "without it only waiting contacts draw");
}

Test(queue, counters_consistent_and_areas_integrate)
{
    cx_engine E;
    rec r;
    /* an overloaded M/M/3+M: queues, abandonments, every counter moves */
    setup(&E, &r, 1.0, (cx_dist){CX_DIST_EXP, 4.0, 0}, (cx_dist){CX_DIST_EXP, 2.0, 0}, 3);
    for (double t = 50; t <= 2000; t += 50) {
        cr_assert_eq(cx_engine_run_until(&E, t), 0);
        assert_consistent(&E.Q);
    }
    cr_assert_gt(E.Q.c.abandoned, 100u);
    cr_assert_eq(E.Q.c.abandoned, (uint64_t)r.n_ab_all);
    cr_assert_gt(E.Q.c.completed, 1000u);
    /* three agents on duty all along: staffed area = 3 x elapsed time */
    cx_engine_integrate(&E);
    cr_assert_float_eq(E.Q.c.staffed_area, 3.0 * E.now, 1e-6 * E.now);
    cr_assert_leq(E.Q.c.busy_area, E.Q.c.staffed_area);
    cr_assert_gt(E.Q.c.busy_area / E.Q.c.staffed_area, 0.8, "offered load 4 on 3 agents keeps them busy");
    cx_engine_free(&E);
}
