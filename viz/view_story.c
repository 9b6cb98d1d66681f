/* view_story: the figures the presentation tells -- the cumulative TCO gap of
 * two series paired by replication, who is cheaper in how many replications,
 * the break-even month, the gap split into the client's cost lines, and the
 * winner of each dimension. Reads the series store; draws nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_tdist.h"
#include "view_internal.h"

const cxi_dim_info cxi_dims[CXI_DIM_COUNT] = {
    [CXI_DIM_QUALITY] = {"Quality", CXI_CSAT, 1},
    [CXI_DIM_COST] = {"Cost", CXI_TCO, 0},
    [CXI_DIM_PEOPLE] = {"People", CXI_ATTRITION, 0},
    [CXI_DIM_RELATIONSHIP] = {"Relationship", CXI_TRUST, 1},
};

static int series_ok(const cx_view_data *D, int s)
{
    return (s >= 0 && s < D->n) || (D->ghosts && s >= CXI_GHOST && s < CXI_GHOST + D->n && D->s[s].cell);
}

static double tco_of(const cx_view_data *D, const cxi_series *s, int r, int m)
{
    return m < s->months ? s->tco[(size_t)r * D->cap + m] : NAN;
}

int cxi_story_gap(const cx_view_data *D, int a, int b, int m, cxi_gap *g)
{
    memset(g, 0, sizeof *g);
    if (!series_ok(D, a) || !series_ok(D, b) || m < 0 || m >= D->cap) return -1;
    const cxi_series *A = &D->s[a], *B = &D->s[b];
    double mean = 0, m2 = 0;
    int wins = 0;
    for (int i = 0; i < A->n_reps; i++)
        for (int j = 0; j < B->n_reps; j++) {
            if (A->rep_id[i] != B->rep_id[j]) continue;
            double x = tco_of(D, A, i, m) - tco_of(D, B, j, m);
            if (isnan(x)) break;
            g->n++;
            double dx = x - mean;
            mean += dx / g->n;
            m2 += dx * (x - mean);
            wins += x > 0;
            break;
        }
    if (g->n == 0) return -1;
    g->mean = mean;
    g->half = g->n > 1 ? cx_t_quantile(0.975, g->n - 1) * sqrt(m2 / (g->n - 1)) / sqrt((double)g->n) : 0;
    g->b_wins = (double)wins / g->n;
    return 0;
}

int cxi_story_leader(const cx_view_data *D, int m, int *runner_up)
{
    int best = -1, second = -1;
    double vb = INFINITY, vs = INFINITY;
    for (int i = 0; i < D->n; i++) {
        const cxi_cell *c = cxi_data_cell(D, i, CXI_TCO, m);
        if (!c) continue;
        if (c->mean < vb) {
            second = best, vs = vb;
            best = i, vb = c->mean;
        } else if (c->mean < vs) {
            second = i, vs = c->mean;
        }
    }
    if (runner_up) *runner_up = second;
    return best;
}

int cxi_story_cheapest(const cx_view_data *D, int m, double *share)
{
    int counted = 0;
    for (int i = 0; i < D->n; i++) share[i] = 0;
    if (D->n < 1) return 0;
    const cxi_series *A = &D->s[0];
    for (int r = 0; r < A->n_reps; r++) {
        int id = A->rep_id[r], best = -1, all = 1;
        double vb = INFINITY;
        for (int i = 0; i < D->n && all; i++) {
            const cxi_series *S = &D->s[i];
            double v = NAN;
            for (int k = 0; k < S->n_reps; k++)
                if (S->rep_id[k] == id) v = tco_of(D, S, k, m);
            if (isnan(v)) all = 0;
            else if (v < vb) vb = v, best = i;
        }
        if (!all || best < 0) continue;
        share[best] += 1;
        counted++;
    }
    for (int i = 0; counted && i < D->n; i++) share[i] /= counted;
    return counted;
}

int cxi_story_break_even(const cx_view_data *D, int lead, int other, int m)
{
    int from = 0;
    for (int k = 0; k <= m; k++) {
        const cxi_cell *a = cxi_data_cell(D, lead, CXI_TCO, k), *b = cxi_data_cell(D, other, CXI_TCO, k);
        if (!a || !b) return -1;
        if (a->mean >= b->mean) from = k + 1;
    }
    return from > m ? -1 : from;
}

const char *cxi_component_name(int k)
{
    static const char *const names[CXI_K_COUNT] = {"fees", "penalty credits", "gain-share", "governance",
                                                   "transitions", "self-service", "lost customers"};
    return k >= 0 && k < CXI_K_COUNT ? names[k] : "";
}

int cxi_story_components(const cx_view_data *D, int a, int b, int m, double out[CXI_K_COUNT])
{
    static const int metric[CXI_K_COUNT] = {CXI_FEES, CXI_PENALTIES, CXI_GAIN_SHARE, CXI_GOVERNANCE,
                                            CXI_TRANSITION, CXI_SELF_SERVICE, CXI_CHURN_COST};
    static const double sign[CXI_K_COUNT] = {1, -1, 1, 1, 1, 1, 1}; /* penalties are credited to the client */
    for (int k = 0; k < CXI_K_COUNT; k++) {
        out[k] = 0;
        if (metric[k] == CXI_SELF_SERVICE && !D->has[metric[k]]) continue; /* results written before it: none */
        if (!D->has[metric[k]]) return -1;
        for (int t = 0; t <= m; t++) {
            const cxi_cell *x = cxi_data_cell(D, a, metric[k], t), *y = cxi_data_cell(D, b, metric[k], t);
            if (!x || !y) return -1;
            out[k] += sign[k] * (x->mean - y->mean);
        }
    }
    return 0;
}

int cxi_story_winner(const cx_view_data *D, int dim, int m, double *best, double *second)
{
    if (dim < 0 || dim >= CXI_DIM_COUNT || !D->has[cxi_dims[dim].metric]) return -1;
    int win = -1;
    double sgn = cxi_dims[dim].higher_wins ? 1 : -1, vb = -INFINITY, vs = -INFINITY;
    for (int i = 0; i < D->n; i++) {
        const cxi_cell *c = cxi_data_cell(D, i, cxi_dims[dim].metric, m);
        if (!c) continue;
        double v = sgn * c->mean;
        if (v > vb) vs = vb, vb = v, win = i;
        else if (v > vs) vs = v;
    }
    if (win < 0) return -1;
    *best = sgn * vb;
    *second = isfinite(vs) ? sgn * vs : NAN;
    return win;
}

/* ------------------------------------------------------------------ */
/* Axes                                                                 */

static double nice_step(double range, int ticks)
{
    double raw = range / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * p;
}

void cxi_axis_fit(cxi_axis *p, double lo, double hi, int ticks, int zero)
{
    if (zero) {
        if (lo > 0) lo = 0;
        if (hi < 0) hi = 0;
    }
    /* never blow noise up to the full height: at least 4% of the magnitude */
    double span = fmax(fabs(lo), fabs(hi)) * 0.04;
    if (!(span > 0)) span = 1;
    if (hi - lo < span) {
        double mid = (lo + hi) / 2;
        lo = mid - span / 2;
        hi = mid + span / 2;
        if (zero && lo < 0 && mid >= 0 && mid - span / 2 < 0) lo = 0, hi = fmax(hi, span);
    }
    double pad = (hi - lo) * 0.04;
    if (!(zero && lo == 0)) lo -= pad;
    hi += pad;
    p->step = nice_step(hi - lo, ticks);
    p->lo = floor(lo / p->step + 1e-9) * p->step;
    p->hi = ceil(hi / p->step - 1e-9) * p->step;
}

/* The axis range of means [mlo, mhi] and bands [blo, bhi]: the bands count
 * up to half the means' span beyond them (a wide interval of two or three
 * replications must not flatten the lines; the band is cut at the frame). */
void cxi_axis_cap(double mlo, double mhi, double *lo, double *hi)
{
    double span = fmax(mhi - mlo, 0.05 * fmax(fabs(mlo), fabs(mhi)));
    if (!(span > 0)) return;
    *lo = fmax(*lo, mlo - span / 2);
    *hi = fmin(*hi, mhi + span / 2);
}

/* The y range of a metric over the months available, bands included. */
static void metric_range(const cx_view_data *D, int metric, int avail, int bands, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int j = 0; j < 2 * D->n; j++)
        for (int m = 0; m < avail; m++) {
            int i = j < D->n ? j : CXI_GHOST + j - D->n;
            double v, h;
            if (cx_view_data_value(D, i, cxi_metrics[metric].column, m, &v, &h)) continue;
            if (!bands) h = 0;
            if (v - h < *lo) *lo = v - h;
            if (v + h > *hi) *hi = v + h;
        }
    if (!isfinite(*lo)) *lo = 0, *hi = 1;
}

void cxi_axis_metric(const cx_view_data *D, int metric, int avail, int bands, int ticks, int trust, cxi_axis *a)
{
    const cxi_metric_info *mi = &cxi_metrics[metric];
    double lo, hi, lo0, hi0;
    metric_range(D, metric, avail, bands, &lo, &hi);
    metric_range(D, metric, avail, 0, &lo0, &hi0);
    cxi_axis_cap(lo0, hi0, &lo, &hi);
    if (trust || mi->unit == CXI_U_INDEX) {
        if (lo > 0) lo = 0;
        if (hi < 1 && trust) hi = 1;
    }
    if (lo0 >= 0 && lo < 0) lo = 0; /* a quantity that is never negative: its band stops at 0 */
    cxi_axis_fit(a, lo, hi, ticks,
                 trust || mi->unit == CXI_U_INDEX || mi->unit == CXI_U_COUNT || mi->unit == CXI_U_MONEY);
    if (lo0 >= 0 && a->lo < 0) a->lo = 0; /* and so does its axis */
}
