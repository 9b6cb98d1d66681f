/* Engine: random streams and variates, the calendar, arrivals, staff changes. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "cx_arrivals.h"
#include "cx_calendar.h"
#include "cx_rng.h"
#include "cx_sim.h"

static void moments(double *x, int n, double *mean, double *var)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) s += x[i];
    *mean = s / n;
    for (int i = 0; i < n; i++) s2 += (x[i] - *mean) * (x[i] - *mean);
    *var = s2 / (n - 1);
}

Test(rng, same_seed_same_numbers_streams_differ)
{
    cx_rng a, b, c;
    cx_rng_seed(&a, 99, CX_STREAM_HANDLE);
    cx_rng_seed(&b, 99, CX_STREAM_HANDLE);
    cx_rng_seed(&c, 99, CX_STREAM_PATIENCE);
    int same_ab = 1, same_ac = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = cx_rng_next(&a), y = cx_rng_next(&b), z = cx_rng_next(&c);
        same_ab &= x == y;
        same_ac += x == z;
    }
    cr_assert(same_ab, "same seed and stream must repeat");
    cr_assert_eq(same_ac, 0, "two streams of one seed must differ");
    cx_rng_seed(&b, 100, CX_STREAM_HANDLE);
    cx_rng_seed(&a, 99, CX_STREAM_HANDLE);
    cr_assert_neq(cx_rng_next(&a), cx_rng_next(&b), "different seeds must differ");
    cr_assert_neq(cx_rng_mix(1, 0), cx_rng_mix(1, 1));
}

/* A z-score check on the sample mean. */
static void expect_mean(double *x, int n, double mean, double var, const char *what)
{
    double m, v;
    moments(x, n, &m, &v);
    double z = (m - mean) / sqrt(var / n);
    cr_expect(fabs(z) < 4.5, "%s: mean %g, expected %g (z = %.2f)", what, m, mean, z);
    cr_expect(fabs(v / var - 1) < 0.1, "%s: variance %g, expected %g", what, v, var);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov: the sample's largest distance to the distribution
 * function, scaled by sqrt(n), below 1.95 (p = 0.001). */
static void expect_ks(double *x, int n, double (*cdf)(double), const char *what)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    double d = 0;
    for (int i = 0; i < n; i++) {
        double f = cdf(x[i]);
        d = fmax(d, fmax(f - (double)i / n, (double)(i + 1) / n - f));
    }
    cr_expect(d * sqrt(n) < 1.95, "%s: KS distance %.5f (sqrt(n) D = %.3f)", what, d, d * sqrt(n));
}

static double cdf_exp(double x) { return x > 0 ? -expm1(-x) : 0; }
static double cdf_normal(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }
static double cdf_normal_tail(double x) /* |N| beyond 3: P(|Z| <= x | |Z| > 3) */
{
    double t = erfc(3.0 / sqrt(2.0));
    return x > 3 ? (t - erfc(x / sqrt(2.0))) / t : 0;
}
static double cdf_exp_tail(double x) { return x > 7 ? -expm1(-(x - 7)) : 0; } /* Exp beyond 7 */

/* The ziggurat draws follow their distributions, in the body and in the
 * tails (drawn by their own method beyond r: 7.7 for the exponential, 3.44
 * for the normal), over the whole range of layers. */
Test(rng, ziggurat_exponential_and_normal_fit_their_distributions)
{
    enum { N = 400000, T = 20000 };
    double *x = malloc(N * sizeof *x);
    cx_rng r;
    cx_rng_seed(&r, 12, 0);
    for (int i = 0; i < N; i++) x[i] = cx_rng_exp(&r, 1.0);
    expect_ks(x, N, cdf_exp, "exponential");
    for (int i = 0; i < N; i++) x[i] = cx_rng_normal(&r);
    expect_ks(x, N, cdf_normal, "normal");
    int n = 0;
    while (n < T) {
        double v = cx_rng_exp(&r, 1.0);
        if (v > 7) x[n++] = v;
    }
    expect_ks(x, T, cdf_exp_tail, "exponential beyond 7");
    n = 0;
    while (n < T) {
        double v = fabs(cx_rng_normal(&r));
        if (v > 3) x[n++] = v;
    }
    expect_ks(x, T, cdf_normal_tail, "|normal| beyond 3");
    free(x);
}

Test(rng, variates_have_their_moments)
{
    enum { N = 200000 };
    double *x = malloc(N * sizeof *x);
    cx_rng r;
    cx_rng_seed(&r, 7, 0);
    for (int i = 0; i < N; i++) x[i] = cx_rng_exp(&r, 3.0);
    expect_mean(x, N, 3.0, 9.0, "exponential");
    for (int i = 0; i < N; i++) x[i] = cx_rng_normal(&r);
    expect_mean(x, N, 0.0, 1.0, "normal");
    for (int i = 0; i < N; i++) x[i] = cx_rng_lognormal(&r, 5.0, 0.5);
    expect_mean(x, N, 5.0, 6.25, "lognormal");
    for (int i = 0; i < N; i++) x[i] = cx_rng_gamma(&r, 2.5, 2.0);
    expect_mean(x, N, 5.0, 10.0, "gamma");
    for (int i = 0; i < N; i++) x[i] = cx_rng_gamma(&r, 0.4, 1.0);
    expect_mean(x, N, 0.4, 0.4, "gamma, shape below 1");
    for (int i = 0; i < N; i++) x[i] = (double)cx_rng_poisson(&r, 4.2);
    expect_mean(x, N, 4.2, 4.2, "poisson small");
    for (int i = 0; i < N; i++) x[i] = (double)cx_rng_poisson(&r, 250.0);
    expect_mean(x, N, 250.0, 250.0, "poisson large (PTRS)");
    for (int i = 0; i < N; i++) x[i] = cx_rng_bernoulli(&r, 0.3);
    expect_mean(x, N, 0.3, 0.21, "bernoulli");
    for (int i = 0; i < N; i++) x[i] = (double)cx_rng_below(&r, 10);
    expect_mean(x, N, 4.5, 8.25, "uniform integer");
    cx_dist d = {CX_DIST_GAMMA, 4.0, 0.5};
    for (int i = 0; i < N; i++) x[i] = cx_dist_draw(&d, &r);
    expect_mean(x, N, 4.0, 4.0, "gamma by mean and cv");
    free(x);
}

typedef struct ref { double t; uint64_t seq; } ref;

static int ref_cmp(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

Test(calendar, pops_in_time_then_schedule_order)
{
    enum { N = 20000 };
    cx_calendar c;
    cr_assert_eq(cx_calendar_init(&c, 4), 0);
    ref *r = malloc(N * sizeof *r);
    cx_rng g;
    cx_rng_seed(&g, 3, 0);
    for (int i = 0; i < N; i++) {
        double t = (double)cx_rng_below(&g, 500); /* many ties */
        r[i].t = t;
        r[i].seq = cx_calendar_push(&c, t, 0, (uint32_t)i);
        cr_assert_neq(r[i].seq, 0);
    }
    qsort(r, N, sizeof *r, ref_cmp);
    cx_event ev;
    for (int i = 0; i < N; i++) {
        cr_assert(cx_calendar_pop(&c, &ev));
        cr_assert(ev.t == r[i].t && ev.seq == r[i].seq, "event %d out of order", i);
    }
    cr_assert_eq(cx_calendar_pop(&c, &ev), 0);
    free(r);
    cx_calendar_free(&c);
}

/* Pushes and pops interleaved as in a run: events due in seconds (the near
 * wheel), hours and days (the far wheel, spread into the near one as the
 * clock comes), weeks (beyond both) and never (an infinite time), some
 * earlier than the bucket the wheel has reached, some tied, some near ones through the
 * lane (one event beside the heap and the wheel, as the base arrivals use
 * it; while it is taken they go on the calendar). Each pop must be the
 * earliest pending event by (time, sequence), checked against a plain
 * list; size, peek and item see the lane's event too. */
Test(calendar, wheel_and_overflow_keep_the_heap_order)
{
    enum { N = 30000 };
    cx_calendar c;
    cr_assert_eq(cx_calendar_init(&c, 4), 0);
    ref *pend = malloc(N * sizeof *pend);
    size_t n = 0;
    cx_rng g;
    cx_rng_seed(&g, 11, 0);
    double now = 0;
    int popped = 0, from_lane = 0;
    for (int step = 0; step < N; step++) {
        if (cx_rng_uniform(&g) < 0.55 || n == 0) {
            double u = cx_rng_uniform(&g), dt;
            int lane = 0;
            if (u < 0.2) dt = cx_rng_uniform(&g) * 0.2, lane = 1;           /* soon, through the lane */
            else if (u < 0.4) dt = cx_rng_uniform(&g) * 2.0;                /* within a few buckets */
            else if (u < 0.5) dt = cx_rng_uniform(&g) * 120.0;              /* the near wheel, or the next far bucket */
            else if (u < 0.7) dt = cx_rng_exp(&g, 60.0 * 24);               /* a day ahead: the far wheel */
            else if (u < 0.9) dt = 1440.0 * 30 * cx_rng_uniform(&g);        /* weeks: the overflow */
            else if (u < 0.99) dt = 0;                                      /* a tie with now */
            else dt = INFINITY;                                             /* never */
            double t = now + dt;
            uint64_t s = lane ? cx_calendar_lane(&c, t, 0, (uint32_t)step) : cx_calendar_push(&c, t, 0, (uint32_t)step);
            cr_assert_neq(s, 0);
            pend[n++] = (ref){t, s};
        } else {
            size_t best = 0;
            for (size_t i = 1; i < n; i++)
                if (ref_cmp(&pend[i], &pend[best]) < 0) best = i;
            const cx_event *top = cx_calendar_peek(&c);
            cr_assert(top && top->seq == pend[best].seq, "peek sees the next event");
            from_lane += top == &c.lane;
            cx_event ev;
            cr_assert(cx_calendar_pop(&c, &ev));
            cr_assert(ev.t == pend[best].t && ev.seq == pend[best].seq,
                      "pop %d: got (%g, %llu), expected (%g, %llu)", popped, ev.t, (unsigned long long)ev.seq,
                      pend[best].t, (unsigned long long)pend[best].seq);
            pend[best] = pend[--n];
            if (isfinite(ev.t)) now = ev.t;
            popped++;
        }
        cr_assert_eq(cx_calendar_size(&c), n);
        if (step % 1000 == 0) {
            size_t items = 0;
            while (cx_calendar_item(&c, items)) items++;
            cr_assert_eq(items, n, "item() lists every pending event, the lane's too");
        }
    }
    cr_assert_gt(popped, N / 3);
    cr_assert_gt(from_lane, 100, "the lane was used (%d pops from it)", from_lane);
    free(pend);
    cx_calendar_free(&c);
}

/* Once only never-due events are left, a new event still leaves first. */
Test(calendar, an_infinite_time_waits_for_everything)
{
    cx_calendar c;
    cr_assert_eq(cx_calendar_init(&c, 4), 0);
    cx_event ev;
    cr_assert(cx_calendar_push(&c, INFINITY, 0, 1));
    cr_assert(cx_calendar_push(&c, 5.0, 0, 2));
    cr_assert(cx_calendar_pop(&c, &ev) && ev.id == 2);
    cr_assert_eq(cx_calendar_peek(&c)->id, 1u, "only the infinite one is left");
    cr_assert(cx_calendar_push(&c, 1e6, 0, 3));
    cr_assert(cx_calendar_push(&c, 1e300, 0, 4));
    cr_assert(cx_calendar_push(&c, 7.0, 0, 5));
    static const uint32_t order[] = {5, 3, 4, 1};
    for (int i = 0; i < 4; i++) {
        cr_assert(cx_calendar_pop(&c, &ev));
        cr_assert_eq(ev.id, order[i], "pop %d", i);
    }
    cr_assert_eq(cx_calendar_pop(&c, &ev), 0);
    cx_calendar_free(&c);
}

static cx_params arrivals_params(void)
{
    cx_params p;
    cx_params_default(&p);
    cx_params_queue_only(&p);
    p.rate_per_min = 2.0;
    p.profile = 1;
    p.growth_per_year = 0.5;
    p.n_spikes = 1;
    p.spikes[0] = (cx_spike){.start_day = 100.25, .days = 3.5, .multiplier = 3.0};
    return p;
}

/* The thinned process puts, in every half hour, a Poisson number of
 * arrivals whose mean is the integral of the rate. */
Test(arrivals, thinning_matches_the_rate_integral)
{
    cx_params p = arrivals_params();
    cx_arrivals a;
    cx_rng r;
    cx_rate_profile demand;
    cx_params_rate_profile(&p, &demand);
    cx_arrivals_init(&a, &demand, 0.0);
    cx_rng_seed(&r, 11, CX_STREAM_ARRIVALS);
    enum { DAYS = 364, BINS = DAYS * 48 };
    double *count = calloc(BINS, sizeof *count);
    for (;;) {
        double t = cx_arrivals_next(&a, &r);
        if (t >= DAYS * 1440.0) break;
        count[(int)(t / 30.0)] += 1;
    }
    /* compare by intraday bin (summed over days) and by week, chi-square style */
    double worst = 0;
    for (int b = 0; b < 48; b++) {
        double obs = 0, exp_ = 0;
        for (int d = 0; d < DAYS; d++) {
            obs += count[d * 48 + b];
            for (int k = 0; k < 30; k++) /* midpoint rule per minute */
                exp_ += cx_arrivals_rate(&a, d * 1440.0 + b * 30.0 + k + 0.5);
        }
        double z = (obs - exp_) / sqrt(exp_);
        if (fabs(z) > worst) worst = fabs(z);
    }
    cr_expect(worst < 4.0, "largest deviation over intraday bins: %.2f sigma", worst);
    /* the spike triples demand while it lasts */
    double in = 0, base = 0;
    for (int i = 0; i < BINS; i++) {
        double t = i * 30.0 + 15.0;
        if (t >= 100.25 * 1440 && t < 103.75 * 1440) {
            in += count[i];
            base += cx_arrivals_rate(&a, t) * 30.0;
        }
    }
    cr_expect(fabs(in - base) < 4.0 * sqrt(base), "spike: %g arrivals, expected %g", in, base);
    cr_expect(cx_arrivals_rate(&a, 101 * 1440.0 + 600) > 2.9 * cx_arrivals_rate(&a, 94 * 1440.0 + 600) / 1.01,
              "spike multiplies the rate of the same weekday and hour");
    free(count);
}

Test(arrivals, homogeneous_case_needs_no_thinning)
{
    cx_params p;
    cx_params_default(&p);
    cx_params_queue_only(&p);
    p.rate_per_min = 5.0;
    cx_arrivals a;
    cx_rng r;
    cx_rate_profile demand;
    cx_params_rate_profile(&p, &demand);
    cx_arrivals_init(&a, &demand, 0.0);
    cx_rng_seed(&r, 5, CX_STREAM_ARRIVALS);
    cr_assert(a.homogeneous);
    int n = 0;
    while (cx_arrivals_next(&a, &r) < 100000.0) n++;
    cr_expect_eq(a.candidates, (uint64_t)n + 1, "one draw per arrival");
    cr_expect(fabs(n - 500000.0) < 4 * sqrt(500000.0), "%d arrivals in 100000 min at 5/min", n);
}

/* Staff joins and leaves mid-run; every contact is accounted for. */
Test(queue, staff_changes_conserve_contacts)
{
    cx_params p;
    cx_params_default(&p);
    cx_params_queue_only(&p);
    p.years = 0.02;
    p.agents = 10;
    p.rate_per_min = 3.0;
    cx_sim *S = cx_sim_new(&p);
    cr_assert_not_null(S);
    int extra[5];
    cr_assert_eq(cx_sim_run_until(S, 1000.0), 0);
    for (int i = 0; i < 5; i++) extra[i] = cx_agent_add(S);
    cr_expect_eq(cx_agents_on_duty(S), 15);
    cr_assert_eq(cx_sim_run_until(S, 3000.0), 0);
    for (int i = 0; i < 5; i++) cr_assert_eq(cx_agent_remove(S, extra[i]), CX_OK);
    cr_expect_lt(cx_agent_remove(S, 100000), 0, "removing an agent not on duty is refused");
    cr_assert_eq(cx_sim_run(S), 0);
    cr_expect_eq(cx_agents_on_duty(S), 10, "busy leavers leave after their contact");
    cx_counts c;
    cx_sim_totals(S, &c);
    cr_expect_eq(c.offered, c.answered + c.abandoned + (cx_sim_in_system(S) - (c.answered - c.completed)),
                 "offered = answered + abandoned + waiting");
    cr_expect_leq(c.answered - c.completed, 10, "at most one contact in service per agent");
    cr_expect_gt(c.abandoned, 0);
    /* agent time on duty reflects 10 agents plus 5 for about 2000 minutes */
    double expect_area = 10.0 * c.time + 5.0 * 2000.0;
    cr_expect(fabs(c.staffed_area - expect_area) < 5.0 * 30.0, "staffed area %g, expected about %g",
              c.staffed_area, expect_area);
    cx_sim_free(S);
}
