/* cx_explain: the Shapley engine (exact and sampled), runs in parallel through cx_pool. */
#include "cx_explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_pool.h"
#include "cx_rng.h"
#include "cx_tdist.h"

/* The coalitions one replication needs, sorted, and their values. */
typedef struct needs {
    uint64_t *mask;           /* sorted, distinct */
    int n;                    /* entries */
    double *v;                /* [i * nv + j] */
} needs;

/* The tasks: (replication, coalition) pairs in a flat list. */
typedef struct game {
    const cx_explain_spec *s;
    needs *per;               /* [reps] */
    int *task_rep, *task_at;  /* task t is per[task_rep[t]].mask[task_at[t]] */
    int n_tasks, finished;
    int *status;              /* per task: 0 ok, -1 failed */
    char (*msg)[512];         /* per task: the failure */
} game;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static const double *value_of(const game *g, int r, uint64_t mask)
{
    const needs *d = &g->per[r];
    const uint64_t *p = bsearch(&mask, d->mask, (size_t)d->n, sizeof *d->mask, cmp_u64);
    return p ? d->v + (size_t)(p - d->mask) * (size_t)g->s->nv : NULL;
}

static void run_task(void *ud, int t)
{
    game *g = ud;
    needs *d = &g->per[g->task_rep[t]];
    int i = g->task_at[t];
    g->status[t] = g->s->value(g->s->ud, d->mask[i], g->task_rep[t], d->v + (size_t)i * (size_t)g->s->nv,
                               g->msg[t], sizeof g->msg[t]);
}

static int task_done(void *ud, int t)
{
    game *g = ud;
    g->finished++;
    if (g->s->progress) g->s->progress(g->s->progress_ud, (double)g->finished / g->n_tasks);
    return g->status[t] != 0;
}

/* Ordering number p of replication r into perm[0..k): pairs (2q, 2q+1) are
 * one uniform shuffle and its reverse. */
static void ordering(const cx_explain_spec *s, int r, int p, int *perm)
{
    cx_rng g;
    cx_rng_seed(&g, cx_rng_mix(s->seed, (uint64_t)r), (unsigned)(p / 2));
    for (int i = 0; i < s->k; i++) perm[i] = i;
    for (int i = s->k - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)(cx_rng_uniform(&g) * (i + 1));
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    if (p % 2)
        for (int i = 0; i < s->k / 2; i++) {
            int t = perm[i];
            perm[i] = perm[s->k - 1 - i];
            perm[s->k - 1 - i] = t;
        }
}

/* The coalitions replication r needs: all 2^k, or every prefix of its orderings. */
static int list_needs(const cx_explain_spec *s, int r, needs *d, int *perm)
{
    uint64_t full = s->k == 64 ? ~0ull : (1ull << s->k) - 1;
    size_t cap = s->samples ? (size_t)s->samples * (size_t)(s->k + 1) : (size_t)1 << s->k;
    if (!(d->mask = malloc(cap * sizeof *d->mask))) return -1;
    d->n = 0;
    if (!s->samples) {
        for (uint64_t m = 0; m <= full; m++) d->mask[d->n++] = m;
    } else {
        for (int p = 0; p < s->samples; p++) {
            ordering(s, r, p, perm);
            uint64_t m = 0;
            d->mask[d->n++] = m;
            for (int i = 0; i < s->k; i++) d->mask[d->n++] = m |= 1ull << perm[i];
        }
        qsort(d->mask, (size_t)d->n, sizeof *d->mask, cmp_u64);
        int w = 0;
        for (int i = 0; i < d->n; i++)
            if (!w || d->mask[w - 1] != d->mask[i]) d->mask[w++] = d->mask[i];
        d->n = w;
    }
    return (d->v = calloc((size_t)d->n * (size_t)s->nv, sizeof *d->v)) ? 0 : -1;
}

/* Shares of replication r from its values. */
static void shares(const game *g, int r, int *perm, double *phi, double *w)
{
    const cx_explain_spec *s = g->s;
    int k = s->k, nv = s->nv;
    memset(phi, 0, (size_t)k * (size_t)nv * sizeof *phi);
    if (!s->samples) {
        for (uint64_t m = 0; m < (1ull << k); m++) {
            int size = __builtin_popcountll(m);
            const double *vm = value_of(g, r, m);
            for (int i = 0; i < k; i++) {
                if (m >> i & 1) continue;
                const double *vi = value_of(g, r, m | 1ull << i);
                for (int j = 0; j < nv; j++) phi[i * nv + j] += w[size] * (vi[j] - vm[j]);
            }
        }
        return;
    }
    for (int p = 0; p < s->samples; p++) {
        ordering(s, r, p, perm);
        uint64_t m = 0;
        for (int i = 0; i < k; i++) {
            const double *before = value_of(g, r, m);
            m |= 1ull << perm[i];
            const double *after = value_of(g, r, m);
            for (int j = 0; j < nv; j++) phi[perm[i] * nv + j] += (after[j] - before[j]) / s->samples;
        }
    }
}

void cx_explain_free(cx_explain_result *r)
{
    free(r->phi);
    free(r->v0);
    free(r->v1);
    memset(r, 0, sizeof *r);
}

static void free_game(game *g, int reps)
{
    for (int r = 0; g->per && r < reps; r++) {
        free(g->per[r].mask);
        free(g->per[r].v);
    }
    free(g->per);
    free(g->task_rep);
    free(g->task_at);
    free(g->status);
    free(g->msg);
}

int cx_explain_shapley(const cx_explain_spec *sp, cx_explain_result *out, char *err, size_t n)
{
    cx_explain_spec s = *sp;
    memset(out, 0, sizeof *out);
    if (s.k < 1 || s.k > CX_EXPLAIN_PLAYERS_MAX || s.nv < 1 || s.reps < 1 || s.samples < 0 || !s.value) {
        snprintf(err, n, "attribution: bad game (%d factors, %d numbers, %d replications, %d samples)", s.k, s.nv,
                 s.reps, s.samples);
        return -1;
    }
    if (!s.samples && s.k > CX_EXPLAIN_EXACT_MAX) {
        snprintf(err, n, "attribution: %d factors are too many to enumerate (at most %d): sample orderings", s.k,
                 CX_EXPLAIN_EXACT_MAX);
        return -1;
    }
    s.samples += s.samples % 2;
    game g = {.s = &s};
    int k = s.k, nv = s.nv, rc = -1;
    int *perm = malloc((size_t)k * sizeof *perm);
    double *w = malloc((size_t)(k + 1) * sizeof *w);
    g.per = calloc((size_t)s.reps, sizeof *g.per);
    out->phi = calloc((size_t)s.reps * (size_t)k * (size_t)nv, sizeof *out->phi);
    out->v0 = calloc((size_t)s.reps * (size_t)nv, sizeof *out->v0);
    out->v1 = calloc((size_t)s.reps * (size_t)nv, sizeof *out->v1);
    if (!perm || !w || !g.per || !out->phi || !out->v0 || !out->v1) goto oom;
    for (int r = 0; r < s.reps; r++) {
        if (list_needs(&s, r, &g.per[r], perm)) goto oom;
        g.n_tasks += g.per[r].n;
    }
    g.task_rep = malloc((size_t)g.n_tasks * sizeof *g.task_rep);
    g.task_at = malloc((size_t)g.n_tasks * sizeof *g.task_at);
    g.status = calloc((size_t)g.n_tasks, sizeof *g.status);
    g.msg = calloc((size_t)g.n_tasks, sizeof *g.msg);
    if (!g.task_rep || !g.task_at || !g.status || !g.msg) goto oom;
    /* coalition-major: every replication of the first coalition first, so
     * that the two ends (the regimes themselves) are known early */
    int t = 0;
    for (int i = 0; t < g.n_tasks; i++)
        for (int r = 0; r < s.reps; r++)
            if (i < g.per[r].n) g.task_rep[t] = r, g.task_at[t++] = i;
    cx_pool_run(&(cx_pool_spec){.n = g.n_tasks, .threads = s.threads, .run = run_task, .done = task_done, .ud = &g});
    for (t = 0; t < g.n_tasks; t++)
        if (g.status[t]) {
            snprintf(err, n, "%s", g.msg[t][0] ? g.msg[t] : "attribution: a coalition's run failed");
            goto fail;
        }
    if (g.finished < g.n_tasks) { /* stopped by a failure that left no message */
        snprintf(err, n, "attribution: %d of %d runs did not finish", g.n_tasks - g.finished, g.n_tasks);
        goto fail;
    }
    /* w[s] = s! (k - s - 1)! / k!, built without factorials */
    for (int z = 0; z < k; z++) {
        double x = 1.0 / k;
        for (int q = 1; q <= z; q++) x *= (double)q / (double)(k - q);
        w[z] = x;
    }
    uint64_t full = (1ull << k) - 1;
    if (k == 64) full = ~0ull;
    for (int r = 0; r < s.reps; r++) {
        shares(&g, r, perm, out->phi + (size_t)r * (size_t)k * (size_t)nv, w);
        memcpy(out->v0 + (size_t)r * nv, value_of(&g, r, 0), (size_t)nv * sizeof(double));
        memcpy(out->v1 + (size_t)r * nv, value_of(&g, r, full), (size_t)nv * sizeof(double));
    }
    out->k = k, out->nv = nv, out->reps = s.reps, out->samples = s.samples, out->runs = g.n_tasks;
    rc = 0;
    goto done;
oom:
    snprintf(err, n, "attribution: out of memory (%d factors, %d replications)", k, s.reps);
fail:
    cx_explain_free(out);
done:
    free_game(&g, s.reps);
    free(perm);
    free(w);
    return rc;
}

void cx_explain_stat(const double *x, int n, size_t stride, double *mean, double *half)
{
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) sum += x[(size_t)i * stride];
    *mean = n > 0 ? sum / n : 0;
    *half = 0;
    if (n < 2) return;
    for (int i = 0; i < n; i++) sq += (x[(size_t)i * stride] - *mean) * (x[(size_t)i * stride] - *mean);
    *half = cx_t_quantile(0.975, n - 1) * sqrt(sq / (n - 1) / n);
}
