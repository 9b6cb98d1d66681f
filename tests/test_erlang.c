/* test_erlang: the simulator against queueing theory in the degenerate case
 * (fixed staff, exponential handle time and patience, homogeneous Poisson
 * arrivals), and the product's calculator (cx_erlang) against both the
 * theory and published tables.
 *
 * The analytic values are computed here, independently of core/cx_erlang.c:
 *  - Erlang C (M/M/c) in closed form from a direct sum of a^k/k!;
 *  - Erlang A (M/M/c+M) from the birth-death stationary distribution, with
 *    the service level from a tagged customer's backward Kolmogorov equation
 *    integrated by RK4 (cx_erlang uses uniformization instead) and the ASA
 *    both by a recursion and by integrating the ODE's 1 - CDF to infinity.
 * The simulator is then checked replication by replication: each metric's
 * mean over R independent replications must lie within 3 standard errors of
 * the analytic value. Nothing simulated is hard-coded. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_erlang.h"
#include "cx_params.h"
#include "cx_sim.h"
#include "cx_stats.h"

/* ------------------------------------------------------------------------ */
/* Analytic reference, written for this test                                */
/* ------------------------------------------------------------------------ */

typedef struct ref {
    double p_wait;      /* P(arrival finds all agents busy) */
    double p_abandon;   /* P(arrival abandons) */
    double sl;          /* P(answered within tau), over all arrivals */
    double asa_s;       /* E[wait | answered], s */
    double mean_wait_s; /* E[time in queue] over all arrivals, s */
    double occupancy;   /* E[busy agents] / c */
    double mean_queue;  /* E[contacts waiting] */
    double asa_ode_s;   /* Erlang A: ASA by integrating 1 - CDF when asked (self-check), s */
    double p_answer;    /* Erlang A: P(answered) by the tagged-customer recursion */
} ref;

/* Erlang C from the direct sum: C = T/(S + T), S = sum_{k<c} a^k/k!,
 * T = a^c/c! * c/(c - a). Requires a < c. */
static ref ref_erlang_c(double lam, double aht, int c, double tau_s)
{
    double mu = 1.0 / aht, a = lam * aht, tau = tau_s / 60.0;
    double term = 1.0, sum = 1.0; /* a^0/0! */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double tc = term * a / c; /* a^c/c! */
    double top = tc * c / (c - a);
    double C = top / (sum + top);
    double drain = c * mu - lam; /* per minute */
    ref r = {0};
    r.p_wait = C;
    r.p_abandon = 0.0;
    r.sl = 1.0 - C * exp(-drain * tau);
    r.asa_s = 60.0 * C / drain;
    r.mean_wait_s = r.asa_s;
    r.occupancy = a / c;
    r.mean_queue = C * a / (c - a);
    r.asa_ode_s = r.asa_s;
    r.p_answer = 1.0;
    return r;
}

/* The tagged customer: with j ahead it moves up at r_j = c mu + j th and
 * abandons at th; from position 0 it is served at c mu. v_j(t) = P(served by
 * t | j ahead) solves the backward equation
 *     dv_j/dt = r_j (v_{j-1} - v_j) - th v_j,  v_{-1} = 1, v_j(0) = 0.
 * RK4 with a step of 0.01 / (largest rate). When w is given, it also gets
 * w_j = integral_0^t_end (p_j - v_j) dt, p_j = P(eventually served | j). */
static void tagged_rk4(int J, double cmu, double th, double t_end, const double *p, double *v,
                       double *w)
{
    int n = w ? 2 * J : J; /* state: v[0..J-1], then w[0..J-1] */
    double *y = calloc((size_t)n, sizeof *y), *k = calloc((size_t)(5 * n), sizeof *k);
    cr_assert(y && k, "out of memory in the reference");
    double *k1 = k, *k2 = k + n, *k3 = k + 2 * n, *k4 = k + 3 * n, *tmp = k + 4 * n;
    double maxrate = cmu + J * th;
    long steps = (long)ceil(t_end * maxrate / 0.01);
    if (steps < 2000) steps = 2000;
    double h = t_end / (double)steps;
    for (long s = 0; t_end > 0 && s < steps; s++) {
        double *in[4] = {y, tmp, tmp, tmp}, *out[4] = {k1, k2, k3, k4};
        double f[4] = {0.0, 0.5, 0.5, 1.0};
        for (int stage = 0; stage < 4; stage++) {
            if (stage > 0)
                for (int i = 0; i < n; i++) tmp[i] = y[i] + f[stage] * h * out[stage - 1][i];
            const double *x = in[stage];
            double *d = out[stage];
            for (int j = 0; j < J; j++) {
                double rj = cmu + j * th, prev = j ? x[j - 1] : 1.0;
                d[j] = rj * (prev - x[j]) - th * x[j];
                if (w) d[J + j] = p[j] - x[j];
            }
        }
        for (int i = 0; i < n; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
    memcpy(v, y, (size_t)J * sizeof *v);
    if (w) memcpy(w, y + J, (size_t)J * sizeof *w);
    free(y);
    free(k);
}

/* Erlang A from the birth-death chain (birth lam, death min(n,c) mu +
 * max(n-c,0) th), truncated where the stationary mass is below 1e-22 of the
 * mode. PASTA: an arrival sees the stationary distribution. */
static ref ref_erlang_a(double lam, double aht, double patience, int c, double tau_s,
                        int asa_by_integral)
{
    double mu = 1.0 / aht, th = 1.0 / patience, tau = tau_s / 60.0, cmu = c * mu;
    size_t cap = (size_t)c + 256, N;
    double *lp = malloc(cap * sizeof *lp);
    cr_assert(lp, "out of memory in the reference");
    lp[0] = 0.0;
    double lmax = 0.0;
    for (N = 1;; N++) {
        if (N == cap) {
            cap *= 2;
            lp = realloc(lp, cap * sizeof *lp);
            cr_assert(lp, "out of memory in the reference");
        }
        double death = (N < (size_t)c ? (double)N * mu : cmu) +
                       (N > (size_t)c ? (double)(N - (size_t)c) * th : 0.0);
        lp[N] = lp[N - 1] + log(lam / death);
        if (lp[N] > lmax) lmax = lp[N];
        if (N > (size_t)c && death > lam && lp[N] < lmax - 50.0) break;
        cr_assert(N < (size_t)c + 1000000, "reference truncation did not converge");
    }
    double *pi = malloc((N + 1) * sizeof *pi), Z = 0.0;
    cr_assert(pi, "out of memory in the reference");
    for (size_t n = 0; n <= N; n++) Z += pi[n] = exp(lp[n] - lmax);
    for (size_t n = 0; n <= N; n++) pi[n] /= Z;
    free(lp);

    int J = (int)(N - (size_t)c) + 1; /* an arrival may find j = 0..N-c ahead */
    double *p = malloc((size_t)J * sizeof *p), *m = malloc((size_t)J * sizeof *m);
    double *v = malloc((size_t)J * sizeof *v), *w = malloc((size_t)J * sizeof *w);
    cr_assert(p && m && v && w, "out of memory in the reference");
    /* p_j = P(served | j ahead), m_j = E[wait; served | j ahead], by
     * p_j = a_j p_{j-1}, m_j = a_j (p_{j-1}/(r_j + th) + m_{j-1}) */
    for (int j = 0; j < J; j++) {
        double rj = cmu + j * th, aj = rj / (rj + th);
        double pp = j ? p[j - 1] : 1.0, mp = j ? m[j - 1] : 0.0;
        p[j] = aj * pp;
        m[j] = aj * (pp / (rj + th) + mp);
    }
    tagged_rk4(J, cmu, th, tau, p, v, NULL);

    ref r = {0};
    double busy = 0.0, lq = 0.0, answered = 0.0, wsum = 0.0;
    for (size_t n = 0; n <= N; n++) {
        if (n < (size_t)c) {
            busy += pi[n] * (double)n;
            answered += pi[n];
            r.sl += pi[n]; /* answered at once */
            continue;
        }
        int j = (int)(n - (size_t)c);
        busy += pi[n] * c;
        lq += pi[n] * j;
        r.p_wait += pi[n];
        answered += pi[n] * p[j];
        wsum += pi[n] * m[j];
        r.sl += pi[n] * v[j];
    }
    r.p_abandon = th * lq / lam; /* each waiting contact leaves at rate th */
    r.p_answer = answered;
    r.asa_s = 60.0 * wsum / answered;
    r.mean_wait_s = 60.0 * lq / lam; /* Little */
    r.occupancy = busy / c;
    r.mean_queue = lq;

    /* ASA again, by integrating P(served) - P(served by t) to infinity */
    double resid = 1.0, T = 4.0, wsum2 = wsum;
    while (asa_by_integral && resid > 1e-13) {
        T *= 2.0;
        cr_assert(T < 1e5, "reference ASA integral did not converge");
        tagged_rk4(J, cmu, th, T, p, v, w);
        resid = 0.0;
        wsum2 = 0.0;
        for (int j = 0; j < J; j++) {
            resid += pi[c + j] * (p[j] - v[j]);
            wsum2 += pi[c + j] * w[j];
        }
    }
    r.asa_ode_s = 60.0 * wsum2 / answered;
    free(pi);
    free(p);
    free(m);
    free(v);
    free(w);
    return r;
}

/* Erlang C when patience is 0 or infinite, Erlang A otherwise. */
static ref reference(double lam, double aht, double patience, int c, double tau_s)
{
    if (patience == 0 || isinf(patience)) return ref_erlang_c(lam, aht, c, tau_s);
    return ref_erlang_a(lam, aht, patience, c, tau_s, 0);
}

static cx_erlang_out product(double lam, double aht, double patience, int c, double tau_s)
{
    cx_erlang_in in = {
        .rate = lam, .aht = aht, .patience = patience, .agents = c, .target_s = tau_s};
    cx_erlang_out o;
    char err[160] = "";
    int rc = cx_erlang(&in, &o, err, (int)sizeof err);
    cr_assert_eq(rc, 0, "cx_erlang(rate %g, aht %g, patience %g, agents %d, target %g) failed: %s",
                 lam, aht, patience, c, tau_s, err);
    return o;
}

/* ------------------------------------------------------------------------ */
/* Published Erlang C tables                                                */
/* ------------------------------------------------------------------------ */

/* |x - published| within half a unit of the last printed digit. */
#define PUBLISHED(x, pub, unit, what)                                                              \
    cr_expect(fabs((x) - (pub)) <= 0.5 * (unit) + 1e-12, "%s: %.6f, published %.*f", what, (x),    \
              (unit) >= 0.01 ? 2 : 4, (pub))

/* 100 calls per 30 min, AHT 3 min (10 Erlang), target 20 s. */
Test(erlang_published, c_100_per_30min_aht_3min)
{
    const double lam = 100.0 / 30.0, aht = 3.0;
    const int agents[] = {11, 12, 13, 14, 15};
    const double pw[] = {0.6821, 0.4494, 0.2853, 0.1741, 0.1020};
    for (int i = 0; i < 5; i++) {
        ref r = reference(lam, aht, 0, agents[i], 20);
        cx_erlang_out o = product(lam, aht, 0, agents[i], 20);
        char what[64];
        snprintf(what, sizeof what, "%d agents P(wait) (test)", agents[i]);
        PUBLISHED(r.p_wait, pw[i], 1e-4, what);
        snprintf(what, sizeof what, "%d agents P(wait) (cx_erlang)", agents[i]);
        PUBLISHED(o.p_wait, pw[i], 1e-4, what);
    }
    ref r = reference(lam, aht, 0, 14, 20);
    cx_erlang_out o = product(lam, aht, 0, 14, 20);
    PUBLISHED(r.sl, 0.8884, 1e-4, "14 agents SL (test)");
    PUBLISHED(o.service_level, 0.8884, 1e-4, "14 agents SL (cx_erlang)");
    PUBLISHED(r.occupancy, 0.7143, 1e-4, "14 agents occupancy (test)");
    PUBLISHED(o.occupancy, 0.7143, 1e-4, "14 agents occupancy (cx_erlang)");
    PUBLISHED(r.asa_s, 7.84, 1e-2, "14 agents ASA s (test)");
    PUBLISHED(o.asa_s, 7.84, 1e-2, "14 agents ASA s (cx_erlang)");
}

/* 600 calls per hour, AHT 120 s (20 Erlang). */
Test(erlang_published, c_600_per_hour_aht_120s)
{
    ref r26 = reference(10.0, 2.0, 0, 26, 20), r30 = reference(10.0, 2.0, 0, 30, 20);
    cx_erlang_out o26 = product(10.0, 2.0, 0, 26, 20), o30 = product(10.0, 2.0, 0, 30, 20);
    PUBLISHED(r26.p_wait, 0.1434, 1e-4, "26 agents P(wait) (test)");
    PUBLISHED(o26.p_wait, 0.1434, 1e-4, "26 agents P(wait) (cx_erlang)");
    PUBLISHED(r26.asa_s, 2.87, 1e-2, "26 agents ASA s (test)");
    PUBLISHED(o26.asa_s, 2.87, 1e-2, "26 agents ASA s (cx_erlang)");
    PUBLISHED(r30.p_wait, 0.0250, 1e-4, "30 agents P(wait) (test)");
    PUBLISHED(o30.p_wait, 0.0250, 1e-4, "30 agents P(wait) (cx_erlang)");
}

/* ------------------------------------------------------------------------ */
/* The reference against itself, and cx_erlang against the reference        */
/* ------------------------------------------------------------------------ */

/* Independent routes inside the reference must agree: abandonment from
 * Little (th E[Q]/lam) and from the tagged customer (1 - P(answered)); ASA
 * from the recursion and from the integral of 1 - CDF; Erlang A with
 * negligible abandonment tends to Erlang C. */
Test(erlang_reference, self_consistent)
{
    const struct {
        double lam, aht, pat;
        int c;
        double tau;
    } A[] = {
        {10.0, 4.0, 3.0, 45, 20},
        {5.5, 4.0, 2.0, 20, 20},
        {100.0 / 30.0, 3.0, 1.5, 12, 120},
    };
    for (size_t i = 0; i < sizeof A / sizeof A[0]; i++) {
        ref r = ref_erlang_a(A[i].lam, A[i].aht, A[i].pat, A[i].c, A[i].tau, 1);
        cr_expect(fabs((1.0 - r.p_answer) - r.p_abandon) < 1e-10,
                  "case %zu: 1 - P(answered) = %.12f but th E[Q]/lam = %.12f", i, 1.0 - r.p_answer,
                  r.p_abandon);
        cr_expect(fabs(r.asa_s - r.asa_ode_s) < 1e-6 * fmax(1.0, r.asa_s),
                  "case %zu: ASA by recursion %.9f s, by integrating 1 - CDF %.9f s", i, r.asa_s,
                  r.asa_ode_s);
        cr_expect(r.sl <= r.p_answer + 1e-12 && r.sl >= 1.0 - r.p_wait - 1e-12,
                  "case %zu: SL %.6f outside [P(no wait) %.6f, P(answered) %.6f]", i, r.sl,
                  1.0 - r.p_wait, r.p_answer);
    }
    /* patience 10^7 min: Erlang A ~ Erlang C */
    const int cs[] = {11, 14};
    for (int i = 0; i < 2; i++) {
        ref a = ref_erlang_a(100.0 / 30.0, 3.0, 1e7, cs[i], 20, 0),
            c = ref_erlang_c(100.0 / 30.0, 3.0, cs[i], 20);
        cr_expect(fabs(a.p_wait - c.p_wait) < 1e-4 && fabs(a.sl - c.sl) < 1e-4 &&
                      fabs(a.asa_s - c.asa_s) < 1e-3 * c.asa_s &&
                      fabs(a.mean_queue - c.mean_queue) < 1e-3 * c.mean_queue,
                  "%d agents: Erlang A (patience 1e7) P(wait) %.6f SL %.6f ASA %.4f Lq %.4f vs "
                  "Erlang C %.6f %.6f %.4f %.4f",
                  cs[i], a.p_wait, a.sl, a.asa_s, a.mean_queue, c.p_wait, c.sl, c.asa_s,
                  c.mean_queue);
    }
}

static void expect_close(double got, double want, double tol, const char *what, const char *label)
{
    cr_expect(fabs(got - want) <= tol, "%s %s: cx_erlang %.10g, test %.10g (diff %.3g, tol %.3g)",
              label, what, got, want, got - want, tol);
}

Test(erlang_product, agrees_with_reference)
{
    const struct {
        double lam, aht, pat;
        int c;
        double tau;
    } K[] = {
        {100.0 / 30.0, 3.0, 0, 11, 20}, {100.0 / 30.0, 3.0, 0, 14, 20},
        {10.0, 2.0, 0, 26, 20},         {10.0, 2.0, 0, 26, 120},
        {10.0, 2.0, INFINITY, 30, 0},   {10.0, 4.0, 3.0, 45, 20},
        {10.0, 4.0, 3.0, 45, 120},      {10.0, 4.0, 3.0, 40, 20},
        {10.0, 4.0, 3.0, 38, 0},        {5.5, 4.0, 2.0, 20, 20},
        {5.5, 4.0, 2.0, 20, 120},       {100.0 / 30.0, 3.0, 1.5, 12, 120},
        {1.0, 10.0, 0.5, 3, 30},
    };
    for (size_t i = 0; i < sizeof K / sizeof K[0]; i++) {
        ref r = reference(K[i].lam, K[i].aht, K[i].pat, K[i].c, K[i].tau);
        cx_erlang_out o = product(K[i].lam, K[i].aht, K[i].pat, K[i].c, K[i].tau);
        char label[128];
        snprintf(label, sizeof label, "[rate %.4g aht %g patience %g agents %d target %g s]",
                 K[i].lam, K[i].aht, K[i].pat, K[i].c, K[i].tau);
        expect_close(o.p_wait, r.p_wait, 1e-6, "P(wait)", label);
        expect_close(o.p_abandon, r.p_abandon, 1e-6, "P(abandon)", label);
        expect_close(o.service_level, r.sl, 1e-6, "service level", label);
        expect_close(o.asa_s, r.asa_s, 1e-6 * fmax(1.0, r.asa_s), "ASA s", label);
        expect_close(o.mean_wait_s, r.mean_wait_s, 1e-6 * fmax(1.0, r.mean_wait_s), "mean wait s",
                     label);
        expect_close(o.occupancy, r.occupancy, 1e-6, "occupancy", label);
        expect_close(o.mean_queue, r.mean_queue, 1e-6 * fmax(1.0, r.mean_queue), "mean queue",
                     label);
    }
    /* without abandonment, load >= agents has no steady state */
    cx_erlang_in in = {.rate = 10.0, .aht = 2.0, .patience = 0, .agents = 20, .target_s = 20};
    cx_erlang_out o;
    char err[160] = "";
    cr_expect_neq(cx_erlang(&in, &o, err, (int)sizeof err), 0,
                  "Erlang C at load 20 with 20 agents must fail");
}

/* Smallest staff meeting the targets, by the reference. */
static int ref_staff(double lam, double aht, double pat, double tau, double sl, double max_ab,
                     int limit)
{
    int erlc = pat == 0 || isinf(pat);
    for (int c = 1; c <= limit; c++) {
        if (erlc && lam * aht >= c) continue;
        ref r = reference(lam, aht, pat, c, tau);
        if (r.sl >= sl && (max_ab <= 0 || r.p_abandon <= max_ab)) return c;
    }
    return -1;
}

Test(erlang_product, staffing_is_smallest)
{
    const struct {
        double lam, aht, pat, tau, sl, max_ab;
    } K[] = {
        {100.0 / 30.0, 3.0, 0, 20, 0.80, 0}, /* 13 agents give 0.7956, 14 give 0.8884 */
        {10.0, 2.0, 0, 20, 0.90, 0},         {10.0, 2.0, 0, 120, 0.95, 0},
        {10.0, 4.0, 3.0, 20, 0.80, 0},       {10.0, 4.0, 3.0, 20, 0.50, 0.02},
        {5.5, 4.0, 2.0, 60, 0.90, 0},
    };
    for (size_t i = 0; i < sizeof K / sizeof K[0]; i++) {
        cx_erlang_in in = {.rate = K[i].lam,
                           .aht = K[i].aht,
                           .patience = K[i].pat,
                           .agents = 1,
                           .target_s = K[i].tau};
        int got = cx_erlang_staff(&in, K[i].sl, K[i].max_ab, 500);
        int want = ref_staff(K[i].lam, K[i].aht, K[i].pat, K[i].tau, K[i].sl, K[i].max_ab, 500);
        cr_expect_eq(got, want,
                     "case %zu: cx_erlang_staff gives %d agents, the smallest meeting SL %.2f "
                     "(max abandon %.3f) is %d",
                     i, got, K[i].sl, K[i].max_ab, want);
        cr_assert_gt(want, 1, "case %zu: staffing should need more than one agent", i);
        ref at = reference(K[i].lam, K[i].aht, K[i].pat, want, K[i].tau);
        cr_expect(at.sl >= K[i].sl && (K[i].max_ab <= 0 || at.p_abandon <= K[i].max_ab),
                  "case %zu: %d agents give SL %.6f, abandon %.6f", i, want, at.sl, at.p_abandon);
        if (K[i].max_ab > 0) { /* the abandonment cap must be what decides here */
            int sl_only = ref_staff(K[i].lam, K[i].aht, K[i].pat, K[i].tau, K[i].sl, 0, 500);
            cr_expect_lt(sl_only, want, "case %zu: SL alone needs %d agents, with the cap %d", i,
                         sl_only, want);
        }
        int below = want - 1;
        if ((K[i].pat == 0 || isinf(K[i].pat)) && K[i].lam * K[i].aht >= below)
            continue; /* unstable */
        ref bl = reference(K[i].lam, K[i].aht, K[i].pat, below, K[i].tau);
        cr_expect(bl.sl < K[i].sl || (K[i].max_ab > 0 && bl.p_abandon > K[i].max_ab),
                  "case %zu: %d agents already give SL %.6f, abandon %.6f", i, below, bl.sl,
                  bl.p_abandon);
    }
    cx_erlang_in in = {
        .rate = 100.0 / 30.0, .aht = 3.0, .patience = 0, .agents = 1, .target_s = 20};
    cr_expect_eq(cx_erlang_staff(&in, 0.80, 0, 500), 14, "published: 14 agents for 80%% in 20 s");
}

/* ------------------------------------------------------------------------ */
/* The simulator against the reference                                      */
/* ------------------------------------------------------------------------ */

#define MAX_REPS 64

typedef struct simcase {
    const char *name;
    double lam, aht, pat; /* per min, min, min (0: none) */
    int agents;
    double sl_s;
    double years, warmup_days;
    int reps;
} simcase;

enum { M_PWAIT, M_PAB, M_SL, M_ASA, M_WAIT, M_OCC, M_LQ, M_RATE, M_AHT, M_COUNT };

/* The check must have power: 3 SE has to be below max(abs, rel * |analytic|),
 * so that an error of that size would be caught. */
static const struct {
    const char *name;
    double abs, rel;
} metric_info[M_COUNT] = {
    [M_PWAIT] = {"P(wait)", 0.01, 0},      [M_PAB] = {"P(abandon)", 0.005, 0},
    [M_SL] = {"service level", 0.01, 0},   [M_ASA] = {"ASA s", 0.1, 0.05},
    [M_WAIT] = {"mean wait s", 0.1, 0.05}, [M_OCC] = {"occupancy", 0.003, 0},
    [M_LQ] = {"mean queue", 0.01, 0.05},   [M_RATE] = {"arrivals/min", 0, 0.005},
    [M_AHT] = {"AHT min", 0, 0.005},
};

static void run_case(const simcase *k)
{
    cr_assert(k->reps >= 10 && k->reps <= MAX_REPS, "replications %d", k->reps);
    ref r = reference(k->lam, k->aht, k->pat, k->agents, k->sl_s);
    double ana[M_COUNT] = {
        [M_PWAIT] = r.p_wait,  [M_PAB] = r.p_abandon,    [M_SL] = r.sl,
        [M_ASA] = r.asa_s,     [M_WAIT] = r.mean_wait_s, [M_OCC] = r.occupancy,
        [M_LQ] = r.mean_queue, [M_RATE] = k->lam,        [M_AHT] = k->aht,
    };
    double x[M_COUNT][MAX_REPS];
    double contacts = 0.0;
    for (int rep = 0; rep < k->reps; rep++) {
        cx_params P;
        cx_params_default(&P);
    cx_params_queue_only(&P);
        snprintf(P.name, sizeof P.name, "%s", "erlang-check");
        P.rate_per_min = k->lam;
        P.profile = 0;
        P.growth_per_year = 0;
        P.n_spikes = 0;
        P.handle = (cx_dist){CX_DIST_EXP, k->aht, 1};
        P.patience = k->pat > 0 && isfinite(k->pat) ? (cx_dist){CX_DIST_EXP, k->pat, 1}
                                                    : (cx_dist){CX_DIST_NONE, 1, 0};
        P.agents = k->agents;
        P.sl_seconds = k->sl_s;
        P.years = k->years;
        P.warmup_days = k->warmup_days;
        P.seed = 1000 + (uint64_t)rep;
        const char *field;
        char err[160];
        cr_assert_eq(cx_params_check(&P, &field, err, sizeof err), 0, "%s: params: %s %s", k->name,
                     field ? field : "", err);
        cx_sim *S = cx_sim_new(&P);
        cr_assert_not_null(S, "%s: cx_sim_new failed", k->name);
        int rc = cx_sim_run(S);
        cr_assert_eq(rc, CX_OK, "%s rep %d: cx_sim_run: %s", k->name, rep, cx_sim_error(S));
        cx_counts c;
        cx_metrics m;
        cx_sim_totals(S, &c);
        cx_counts_metrics(&c, &m);
        double span = (k->years * 365.25 - k->warmup_days) * CX_MINUTES_PER_DAY;
        cr_assert(fabs(c.time - span) < 1e-6 * span,
                  "%s rep %d: counted %.3f min after warm-up, expected %.3f", k->name, rep, c.time,
                  span);
        cr_assert(fabs(m.mean_agents - k->agents) < 1e-9,
                  "%s rep %d: %.6f agents on duty, expected %d", k->name, rep, m.mean_agents,
                  k->agents);
        x[M_PWAIT][rep] = m.p_wait;
        x[M_PAB][rep] = m.p_abandon;
        x[M_SL][rep] = m.service_level;
        x[M_ASA][rep] = m.asa_s;
        x[M_WAIT][rep] = m.mean_wait_s;
        x[M_OCC][rep] = m.occupancy;
        x[M_LQ][rep] = m.mean_queue;
        x[M_RATE][rep] = (double)c.offered / c.time;
        x[M_AHT][rep] = m.aht_min;
        contacts += (double)c.offered;
        cx_sim_free(S);
    }

    char table[4096];
    int len = snprintf(table, sizeof table,
                       "\n%s: rate %.4g/min, AHT %g min, patience %s, %d agents (load %.2f Erl), "
                       "target %g s\n  R = %d replications x %.3g years (warm-up %g days), "
                       "%.0f contacts per replication\n"
                       "  %-14s %12s %12s %10s %8s\n",
                       k->name, k->lam, k->aht, k->pat > 0 && isfinite(k->pat) ? "exp" : "none",
                       k->agents, k->lam * k->aht, k->sl_s, k->reps, k->years, k->warmup_days,
                       contacts / k->reps, "metric", "analytic", "sim mean", "SE", "dev/SE");
    double mean[M_COUNT], se[M_COUNT];
    for (int i = 0; i < M_COUNT; i++) {
        double s = 0.0, ss = 0.0;
        for (int rep = 0; rep < k->reps; rep++) s += x[i][rep];
        mean[i] = s / k->reps;
        for (int rep = 0; rep < k->reps; rep++) ss += (x[i][rep] - mean[i]) * (x[i][rep] - mean[i]);
        se[i] = sqrt(ss / (k->reps - 1) / k->reps);
        double dev = se[i] > 0 ? (mean[i] - ana[i]) / se[i] : (mean[i] == ana[i] ? 0.0 : INFINITY);
        if (len > 0 && (size_t)len < sizeof table)
            len += snprintf(table + len, sizeof table - (size_t)len,
                            "  %-14s %12.6f %12.6f %10.2e %+8.2f\n", metric_info[i].name, ana[i],
                            mean[i], se[i], dev);
    }
    fprintf(stderr, "%s", table); /* one write: parallel tests do not interleave lines */

    for (int i = 0; i < M_COUNT; i++) {
        if (se[i] == 0) { /* e.g. no abandonment at all without patience */
            cr_expect(mean[i] == ana[i], "%s %s: every replication gives %.9g, analytic %.9g",
                      k->name, metric_info[i].name, mean[i], ana[i]);
            continue;
        }
        cr_expect(fabs(mean[i] - ana[i]) <= 3.0 * se[i],
                  "%s %s: simulated %.6f +- %.2e (SE), analytic %.6f: %+.2f SE", k->name,
                  metric_info[i].name, mean[i], se[i], ana[i], (mean[i] - ana[i]) / se[i]);
        double tol = fmax(metric_info[i].abs, metric_info[i].rel * fabs(ana[i]));
        cr_expect(3.0 * se[i] <= tol,
                  "%s %s: 3 SE = %.3g is wider than %.3g; the check is too weak", k->name,
                  metric_info[i].name, 3.0 * se[i], tol);
    }
}

Test(erlang_sim, c_14_agents_10_erlang)
{
    simcase k = {"Erlang C 14 agents", 100.0 / 30.0, 3.0, 0, 14, 20, 0.2, 1.0, 20};
    run_case(&k);
}

Test(erlang_sim, c_26_agents_20_erlang)
{
    simcase k = {"Erlang C 26 agents", 10.0, 2.0, 0, 26, 20, 0.1, 1.0, 20};
    run_case(&k);
}

Test(erlang_sim, a_45_agents_40_erlang)
{
    simcase k = {"Erlang A 45 agents", 10.0, 4.0, 3.0, 45, 20, 0.05, 1.0, 20};
    run_case(&k);
}

Test(erlang_sim, a_overloaded_20_agents_22_erlang)
{
    simcase k = {"Erlang A overloaded", 5.5, 4.0, 2.0, 20, 60, 0.05, 1.0, 20};
    run_case(&k);
}
