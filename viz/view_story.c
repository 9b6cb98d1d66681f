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
                                                   "transitions", "lost customers"};
    return k >= 0 && k < CXI_K_COUNT ? names[k] : "";
}

int cxi_story_components(const cx_view_data *D, int a, int b, int m, double out[CXI_K_COUNT])
{
    static const int metric[CXI_K_COUNT] = {CXI_FEES, CXI_PENALTIES, CXI_GAIN_SHARE, CXI_GOVERNANCE,
                                            CXI_TRANSITION, CXI_CHURN_COST};
    static const double sign[CXI_K_COUNT] = {1, -1, 1, 1, 1, 1}; /* penalties are credited to the client */
    for (int k = 0; k < CXI_K_COUNT; k++) {
        out[k] = 0;
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
