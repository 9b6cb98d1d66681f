/* explain_out: the ranked tables on stdout, attribution.csv and attribution.json, the waterfall. */
#include "explain_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_meta.h"
#include "cx_results.h"

#ifdef CX_HAVE_VIEW
#include "view_waterfall.h"
#endif

/* One factor's share of one metric's gap: mean and 95% CI over replications. */
typedef struct share {
    int factor;               /* index in its game */
    double mean, half;
} share;

static const char *first(const explain_report *R) { return R->P->regimes[R->a].label; }
static const char *second(const explain_report *R) { return R->P->regimes[R->b].label; }

/* Display scale and unit of metric j: $M for money, points for shares. */
static double scale(int j) { return j == CX_XM_CSAT || j == CX_XM_ATTRITION ? 100 : 1e-6; }
static const char *unit(int j) { return j == CX_XM_CSAT || j == CX_XM_ATTRITION ? "pts" : "$M"; }

double explain_gap(const explain_report *R, int j, int r)
{
    const cx_explain_game *L = R->levers, *M = R->mechs;
    if (L && L->first)
        return cx_explain_metric_better(j) * (L->second[r * CX_XM_COUNT + j] - L->first[r * CX_XM_COUNT + j]);
    if (M && M->k) return M->res.v1[r * CX_XM_COUNT + j];
    return 0;
}

/* Mean and CI of metric j's gap; *wins: replications the second regime
 * wins, *loses: the first (a tie counts for neither). */
static void gap_stat2(const explain_report *R, int j, double *mean, double *half, int *wins, int *loses)
{
    double d[1000];
    int n = R->reps < 1000 ? R->reps : 1000;
    *wins = *loses = 0;
    for (int r = 0; r < n; r++) {
        d[r] = explain_gap(R, j, r);
        *wins += d[r] > 0;
        *loses += d[r] < 0;
    }
    cx_explain_stat(d, n, 1, mean, half);
}

static void gap_stat(const explain_report *R, int j, double *mean, double *half, int *wins)
{
    int loses;
    gap_stat2(R, j, mean, half, wins, &loses);
}

static int by_size(const void *x, const void *y)
{
    double a = fabs(((const share *)x)->mean), b = fabs(((const share *)y)->mean);
    return a < b ? 1 : a > b ? -1 : ((const share *)x)->factor - ((const share *)y)->factor;
}

/* The game's shares of metric j, largest first, into s[0..g->k). */
static void ranked(const cx_explain_game *g, int j, share *s)
{
    const cx_explain_result *res = &g->res;
    for (int i = 0; i < g->k; i++) {
        s[i].factor = i;
        cx_explain_stat(res->phi + (size_t)i * res->nv + j, res->reps, (size_t)res->k * res->nv, &s[i].mean, &s[i].half);
    }
    qsort(s, (size_t)g->k, sizeof *s, by_size);
}

/* Sum of shares minus (v(all) - v(empty)), largest over replications: the efficiency check. */
static double efficiency_error(const cx_explain_game *g, int j)
{
    const cx_explain_result *res = &g->res;
    double worst = 0;
    for (int r = 0; r < res->reps; r++) {
        double sum = 0;
        for (int i = 0; i < res->k; i++) sum += res->phi[((size_t)r * res->k + i) * res->nv + j];
        double e = fabs(sum - (res->v1[r * res->nv + j] - res->v0[r * res->nv + j]));
        if (e > worst) worst = e;
    }
    return worst;
}

static void method(const cx_explain_game *g, char *buf, size_t n)
{
    if (g->res.samples)
        snprintf(buf, n, "sampled: %d orderings a replication in antithetic pairs, %ld runs", g->res.samples, g->res.runs);
    else snprintf(buf, n, "exact: all %ld coalitions of %d factors, %ld runs", 1L << g->k, g->k, g->res.runs);
}

static void print_game(const explain_report *R, const cx_explain_game *g, const char *what, int j, FILE *f)
{
    if (!g) return;
    if (!g->k) {
        fprintf(f, "    %s: none differ; nothing to share out\n", what);
        return;
    }
    char how[160];
    method(g, how, sizeof how);
    fprintf(f, "    %s (Shapley; %s)\n", what, how);
    double sc = scale(j), base = 0, bh = 0, gap, gh;
    int wins;
    gap_stat(R, j, &gap, &gh, &wins);
    if (g == R->mechs) {
        cx_explain_stat(g->res.v0 + j, g->res.reps, (size_t)g->res.nv, &base, &bh);
        fprintf(f, "       %-28s %+9.2f +/- %-7.2f (the gap with every mechanism off)\n", "baseline", base * sc, bh * sc);
    }
    share s[CX_EXPLAIN_PLAYERS_MAX];
    ranked(g, j, s);
    for (int i = 0; i < g->k; i++)
        fprintf(f, "    %2d. %-28s %+9.2f +/- %-7.2f %5.0f%% of the gap\n", i + 1, g->names[s[i].factor],
                s[i].mean * sc, s[i].half * sc, gap != 0 ? 100 * s[i].mean / gap : 0.0);
    double sum = base;
    for (int i = 0; i < g->k; i++) sum += s[i].mean;
    fprintf(f, "       %-28s %+9.2f = the gap %+.2f (efficiency: each replication's shares%s add up to its gap "
               "within %.1e)\n", g == R->mechs ? "baseline + shares" : "sum of shares", sum * sc, gap * sc,
            g == R->mechs ? " and baseline" : "", efficiency_error(g, j) * sc);
}

/* One sentence: who wins metric j, and the largest causes either way. */
static void print_why(const explain_report *R, int j, FILE *f)
{
    const cx_explain_game *g = R->levers && R->levers->k ? R->levers : R->mechs && R->mechs->k ? R->mechs : NULL;
    double gap, gh;
    int wins;
    gap_stat(R, j, &gap, &gh, &wins);
    if (!g) return;
    share s[CX_EXPLAIN_PLAYERS_MAX];
    ranked(g, j, s);
    const char *winner = gap >= 0 ? second(R) : first(R);
    double sign = gap >= 0 ? 1 : -1;
    fprintf(f, "    why: %s wins by %.2f %s;", winner, fabs(gap) * scale(j), unit(j));
    int n_for = 0, n_against = 0;
    for (int i = 0; i < g->k && n_for < 3; i++)
        if (s[i].mean * sign > 0)
            fprintf(f, "%s %s (%+.2f)", n_for++ ? "," : " for it:", g->names[s[i].factor], s[i].mean * scale(j));
    for (int i = 0; i < g->k && n_against < 2; i++)
        if (s[i].mean * sign < 0)
            fprintf(f, "%s %s (%+.2f)", n_against++ ? "," : (n_for ? "; against it:" : " against it:"),
                    g->names[s[i].factor], s[i].mean * scale(j));
    fprintf(f, "\n");
}

void explain_print(const explain_report *R, FILE *f)
{
    const cx_params *P = R->P;
    fprintf(f, "explain %s: %s vs %s, seed %llu, %.3g years, %d replication%s (common random numbers)\n", P->name,
            first(R), second(R), (unsigned long long)P->seed, P->years, R->reps, R->reps == 1 ? "" : "s");
    fprintf(f, "every number is %s's advantage over %s (positive: %s better); +/- a 95%% CI over replications\n",
            second(R), first(R), second(R));
    for (int j = 0; j < CX_XM_HEADLINES; j++) {
        double gap, gh;
        int wins, loses;
        gap_stat2(R, j, &gap, &gh, &wins, &loses);
        fprintf(f, "\n%s, %s: %+.2f +/- %.2f; %s better in %d of %d replications, %s in %d\n",
                cx_explain_metric_label(j), unit(j), gap * scale(j), gh * scale(j), second(R), wins, R->reps, first(R),
                loses);
        if (j == CX_XM_CASH || j == CX_XM_TCO) { /* the accounting, exact */
            fprintf(f, "    accounting (exact: the components add up to the gap)\n");
            double sum = 0;
            int last = j == CX_XM_CASH ? CX_XM_SELF_SERVICE : CX_XM_LOST;
            for (int c = CX_XM_FIRST_PART; c <= last; c++) {
                double d[1000], m, h;
                int n = R->reps < 1000 ? R->reps : 1000;
                for (int r = 0; r < n; r++) d[r] = explain_gap(R, c, r);
                cx_explain_stat(d, n, 1, &m, &h);
                sum += m;
                fprintf(f, "       %-52s %+9.2f +/- %.2f\n", cx_explain_metric_label(c), m * 1e-6, h * 1e-6);
            }
            fprintf(f, "       %-52s %+9.2f (gap %+.2f, difference %.1e $)\n", "sum of components", sum * 1e-6,
                    gap * 1e-6, fabs(sum - gap));
        }
        print_game(R, R->levers, "causes: policy levers", j, f);
        print_game(R, R->mechs, "causes: mechanisms", j, f);
        print_why(R, j, f);
    }
    fprintf(f, "\n%.1f s\n", R->seconds);
}

/* ---- files --------------------------------------------------------------- */

static void csv_row(FILE *f, const char *section, int j, const char *factor, double m, double h, double gap,
                    const char *how)
{
    fprintf(f, "%s,%s,\"%s\",%.17g,%.17g,%.6g,%s\n", section, cx_explain_metric_name(j), factor, m, h,
            gap != 0 ? m / gap : 0.0, how);
}

static void csv_game(FILE *f, const explain_report *R, const cx_explain_game *g, const char *section)
{
    if (!g || !g->k) return;
    const char *how = g->res.samples ? "sampled" : "exact";
    for (int j = 0; j < CX_XM_COUNT; j++) {
        double gap, gh, bm, bh;
        int wins;
        gap_stat(R, j, &gap, &gh, &wins);
        if (g == R->mechs) {
            cx_explain_stat(g->res.v0 + j, g->res.reps, (size_t)g->res.nv, &bm, &bh);
            csv_row(f, section, j, "(baseline: every mechanism off)", bm, bh, gap, how);
        }
        share s[CX_EXPLAIN_PLAYERS_MAX];
        ranked(g, j, s);
        for (int i = 0; i < g->k; i++) csv_row(f, section, j, g->names[s[i].factor], s[i].mean, s[i].half, gap, how);
    }
}

static void json_game(FILE *f, const explain_report *R, const cx_explain_game *g, const char *name)
{
    fprintf(f, "    {\"game\": \"%s\", \"method\": \"%s\", \"samples\": %d, \"runs\": %ld, \"factors\": [", name,
            g->res.samples ? "sampled" : "exact", g->res.samples, g->res.runs);
    for (int i = 0; i < g->k; i++) {
        fprintf(f, "%s{\"name\": ", i ? ", " : "");
        cx_meta_json_string(f, g->names[i]);
        fprintf(f, ", \"doc\": ");
        cx_meta_json_string(f, g->docs[i]);
        fprintf(f, "}");
    }
    fprintf(f, "],\n     \"metrics\": [\n");
    for (int j = 0; j < CX_XM_COUNT; j++) {
        double bm = 0, bh = 0, gap, gh;
        int wins;
        gap_stat(R, j, &gap, &gh, &wins);
        if (g->k) cx_explain_stat(g->res.v0 + j, g->res.reps, (size_t)g->res.nv, &bm, &bh);
        fprintf(f, "      {\"metric\": \"%s\", \"baseline\": %.17g, \"efficiency_error\": %.3g, \"shares\": [",
                cx_explain_metric_name(j), g == R->mechs ? bm : 0.0, g->k ? efficiency_error(g, j) : 0.0);
        share s[CX_EXPLAIN_PLAYERS_MAX];
        if (g->k) ranked(g, j, s);
        for (int i = 0; i < g->k; i++)
            fprintf(f, "%s{\"factor\": \"%s\", \"mean\": %.17g, \"ci95\": %.17g}", i ? ", " : "", g->names[s[i].factor],
                    s[i].mean, s[i].half);
        fprintf(f, "]}%s\n", j + 1 < CX_XM_COUNT ? "," : "");
    }
    fprintf(f, "     ]}");
}

int explain_write(const explain_report *R, const char *dir, char *err, size_t n)
{
    char path[CX_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/attribution.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, n, "%s: cannot write it", path);
        return -1;
    }
    fprintf(f, "section,metric,factor,mean,ci95,share_of_gap,method\n");
    for (int j = 0; j < CX_XM_COUNT; j++) {
        double gap, gh;
        int wins;
        gap_stat(R, j, &gap, &gh, &wins);
        csv_row(f, j < CX_XM_HEADLINES ? "gap" : "accounting", j, j < CX_XM_HEADLINES ? "(total)" : "(component)", gap,
                gh, gap, "exact");
    }
    csv_game(f, R, R->levers, "levers");
    csv_game(f, R, R->mechs, "mechanisms");
    int bad = ferror(f);
    bad |= fclose(f);
    snprintf(path, sizeof path, "%s/attribution.json", dir);
    if (bad || !(f = fopen(path, "w"))) {
        snprintf(err, n, "%s: cannot write it", path);
        return -1;
    }
    fprintf(f, "{\n  \"scenario\": ");
    cx_meta_json_string(f, R->P->name);
    fprintf(f, ", \"seed\": %llu, \"years\": %g, \"replications\": %d,\n  \"first\": ", (unsigned long long)R->P->seed,
            R->P->years, R->reps);
    cx_meta_json_string(f, first(R));
    fprintf(f, ", \"second\": ");
    cx_meta_json_string(f, second(R));
    fprintf(f, ", \"sign\": \"the second regime's advantage (positive: it does better)\",\n  \"gaps\": [\n");
    for (int j = 0; j < CX_XM_COUNT; j++) {
        double gap, gh;
        int wins, loses;
        gap_stat2(R, j, &gap, &gh, &wins, &loses);
        fprintf(f, "    {\"metric\": \"%s\", \"label\": \"%s\", \"mean\": %.17g, \"ci95\": %.17g, \"second_wins\": %d, "
                   "\"first_wins\": %d, \"component\": %s}%s\n",
                cx_explain_metric_name(j), cx_explain_metric_label(j), gap, gh, wins, loses,
                j < CX_XM_HEADLINES ? "false" : "true", j + 1 < CX_XM_COUNT ? "," : "");
    }
    fprintf(f, "  ],\n  \"games\": [\n");
    int any = 0;
    if (R->levers) json_game(f, R, R->levers, "levers"), any = 1;
    if (R->mechs) fprintf(f, "%s", any ? ",\n" : ""), json_game(f, R, R->mechs, "mechanisms");
    fprintf(f, "\n  ]\n}\n");
    bad = ferror(f);
    bad |= fclose(f);
    if (bad) {
        snprintf(err, n, "%s: cannot write it", path);
        return -1;
    }
    return 0;
}

int explain_png(const explain_report *R, const char *path, char *err, size_t n)
{
#ifdef CX_HAVE_VIEW
    const cx_explain_game *g = R->levers && R->levers->k ? R->levers : R->mechs;
    if (!g || !g->k) {
        snprintf(err, n, "no factor to draw");
        return -1;
    }
    share s[CX_EXPLAIN_PLAYERS_MAX];
    cx_waterfall_bar bars[CX_EXPLAIN_PLAYERS_MAX + 1];
    ranked(g, CX_XM_CASH, s);
    int nb = 0;
    double base = 0, bh = 0, gap, gh;
    int wins;
    if (g == R->mechs) {
        cx_explain_stat(g->res.v0 + CX_XM_CASH, g->res.reps, (size_t)g->res.nv, &base, &bh);
        bars[nb++] = (cx_waterfall_bar){"all mechanisms off", base * 1e-6, bh * 1e-6};
    }
    for (int i = 0; i < g->k; i++) bars[nb++] = (cx_waterfall_bar){g->names[s[i].factor], s[i].mean * 1e-6, s[i].half * 1e-6};
    gap_stat(R, CX_XM_CASH, &gap, &gh, &wins);
    char title[256];
    snprintf(title, sizeof title, "%s: why %s's cash TCO is %+.2f $M against %s (%s, %d replications)", R->P->name,
             second(R), gap * 1e-6, first(R), g == R->mechs ? "mechanisms" : "policy levers", R->reps);
    return cx_waterfall_png(path, title, "$M", bars, nb, gap * 1e-6, gh * 1e-6, err, n);
#else
    (void)R, (void)path;
    snprintf(err, n, "this build has no view (configure with -DCX_VIEW=ON and SDL2)");
    return -1;
#endif
}
