/* cx_erlang: Erlang C in closed form; Erlang A from the birth-death
 * stationary distribution and a tagged customer's progress through the
 * queue (uniformization for the waiting-time distribution). */
#include "cx_erlang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int erlang_c(const cx_erlang_in *in, cx_erlang_out *o, char *err, int errlen)
{
    double mu = 1.0 / in->aht, a = in->rate * in->aht;
    int c = in->agents;
    if (a >= c) {
        snprintf(err, (size_t)errlen, "unstable: load %.3f Erlang needs more than %d agents", a, c);
        return -1;
    }
    double b = 1.0; /* Erlang B by recursion, then C from B */
    for (int k = 1; k <= c; k++) b = a * b / (k + a * b);
    double pw = c * b / (c - a * (1.0 - b));
    double drain = c * mu - in->rate; /* per minute */
    o->p_wait = pw;
    o->p_abandon = 0.0;
    o->service_level = 1.0 - pw * exp(-drain * in->target_s / 60.0);
    o->asa_s = 60.0 * pw / drain;
    o->mean_wait_s = o->asa_s;
    o->occupancy = a / c;
    o->mean_queue = pw * a / (c - a);
    return 0;
}

static int erlang_a(const cx_erlang_in *in, cx_erlang_out *o, char *err, int errlen)
{
    double lam = in->rate, mu = 1.0 / in->aht, th = 1.0 / in->patience, tau = in->target_s / 60.0;
    int c = in->agents;
    /* stationary distribution, scaled as it is built, truncated where negligible */
    size_t cap = (size_t)c + 64, n = 0;
    double *pi = malloc(cap * sizeof *pi);
    if (!pi) goto oom;
    pi[0] = 1.0;
    double sum = 1.0;
    for (n = 1;; n++) {
        if (n == cap) {
            double *p = realloc(pi, 2 * cap * sizeof *p);
            if (!p) goto oom;
            pi = p;
            cap *= 2;
        }
        double death = (n < (size_t)c ? (double)n : c) * mu + (n > (size_t)c ? (double)(n - c) : 0) * th;
        pi[n] = pi[n - 1] * lam / death;
        sum += pi[n];
        if (sum > 1e250) { /* rescale */
            for (size_t k = 0; k <= n; k++) pi[k] /= sum;
            sum = 1.0;
        }
        if (n > (size_t)c && pi[n] < 1e-17 * sum) break;
    }
    for (size_t k = 0; k <= n; k++) pi[k] /= sum;
    size_t K = n > (size_t)c ? n - (size_t)c : 0; /* positions 0..K-1 ahead */

    /* tagged customer with j ahead: moves up at r_j = c mu + j th, abandons at th */
    double *u = calloc(K + 1, sizeof *u), *un = calloc(K + 1, sizeof *un);
    if (!u || !un) {
        free(u);
        free(un);
        goto oom;
    }
    /* P(S' <= tau) where S' sums exponentials of rates c mu + (i+1) th, i = 0..j,
     * by uniformization at the largest rate: u[j] = P(done within m steps). */
    double L = c * mu + (K + 1.0) * th, lt = L * tau;
    int m_max = (int)(lt + 12.0 * sqrt(lt) + 40.0);
    double *within = calloc(K + 1, sizeof *within);
    if (!within) {
        free(u);
        free(un);
        goto oom;
    }
    /* Poisson(lt) weights: by recursion from e^-lt where that does not
     * underflow, else each from its logarithm */
    int direct = lt < 600.0;
    double pois = direct ? exp(-lt) : 0.0;
    /* after m steps u[j] is 0 for j >= m (position j needs j + 1 steps),
     * so each step works on the first min(K, m) positions only */
    for (int m = 0; lt > 0 && m <= m_max; m++) { /* tau = 0: nobody queued is within */
        size_t live = (size_t)m < K ? (size_t)m : K;
        if (m > 0) { /* one more uniformized step */
            for (size_t j = 0; j < live; j++) {
                double q = (c * mu + (j + 1.0) * th) / L;
                un[j] = q * (j ? u[j - 1] : 1.0) + (1.0 - q) * u[j];
            }
            double *t = u;
            u = un;
            un = t;
        }
        if (!direct) pois = exp(-lt + m * log(lt) - lgamma(m + 1.0));
        else if (m > 0) pois *= lt / m;
        for (size_t j = 0; j < live; j++) within[j] += pois * u[j];
    }
    double served = 0.0, sl = 0.0, wsum = 0.0, ab = 0.0, lq = 0.0, busy = 0.0;
    double p_prev = 1.0, m_prev = 0.0; /* P(served), E[W; served] one position closer */
    for (size_t k = 0; k <= n; k++) {
        if (k < (size_t)c) {
            served += pi[k];
            sl += pi[k];
            busy += pi[k] * (double)k;
            continue;
        }
        size_t j = k - (size_t)c;
        busy += pi[k] * c;
        lq += pi[k] * (double)j;
        if (j >= K) continue; /* beyond truncation: mass below 1e-17 */
        double r = c * mu + j * th, a = r / (r + th);
        double pj = a * p_prev, mj = a * (p_prev / (r + th) + m_prev);
        served += pi[k] * pj;
        wsum += pi[k] * mj;
        ab += pi[k] * (1.0 - pj);
        sl += pi[k] * pj * within[j]; /* answered, and within the target */
        p_prev = pj;
        m_prev = mj;
    }
    o->p_wait = 0.0;
    for (size_t k = (size_t)c; k <= n; k++) o->p_wait += pi[k];
    o->p_abandon = ab;
    o->service_level = sl;
    o->asa_s = served > 0 ? 60.0 * wsum / served : 0.0;
    o->mean_wait_s = 60.0 * lq / lam;
    o->occupancy = busy / c;
    o->mean_queue = lq;
    free(within);
    free(u);
    free(un);
    free(pi);
    return 0;
oom:
    free(pi);
    snprintf(err, (size_t)errlen, "out of memory");
    return -1;
}

int cx_erlang(const cx_erlang_in *in, cx_erlang_out *out, char *err, int errlen)
{
    if (!(in->rate > 0) || !(in->aht > 0) || in->agents < 1 || !(in->target_s >= 0) ||
        isnan(in->patience) || in->patience < 0) {
        snprintf(err, (size_t)errlen,
                 "need rate > 0, handle time > 0, agents >= 1, target >= 0, patience >= 0");
        return -1;
    }
    if (in->patience == 0 || isinf(in->patience)) return erlang_c(in, out, err, errlen);
    return erlang_a(in, out, err, errlen);
}

int cx_erlang_staff(const cx_erlang_in *in, double sl, double max_abandon, int limit)
{
    cx_erlang_in q = *in;
    cx_erlang_out o;
    char err[128];
    int lo = (in->patience == 0 || isinf(in->patience)) ? (int)floor(in->rate * in->aht) + 1 : 1;
    for (q.agents = lo < 1 ? 1 : lo; q.agents <= limit; q.agents++) {
        if (cx_erlang(&q, &o, err, (int)sizeof err)) continue;
        if (o.service_level >= sl && (max_abandon <= 0 || o.p_abandon <= max_abandon)) return q.agents;
    }
    return -1;
}
