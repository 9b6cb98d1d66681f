/* cmd_run: cxsim run SCENARIO, and cxsim params. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cx_job.h"
#include "cx_lua_scenario.h"
#include "cx_lua_util.h"
#include "cx_results.h"
#include "cx_runs.h"
#include "cx_tdist.h"
#include "cli_guard.h"
#include "cli_scenario.h"

static void run_help(FILE *f)
{
    fprintf(f,
            "usage: cxsim run SCENARIO.lua [options]\n"
            "Simulate every regime of the scenario under common random numbers, print\n"
            "them side by side with the client's paired cost gaps (every pair with up to\n"
            "4 regimes, else each against the first), and write DIR/monthly.csv, DIR/events.csv,\n"
            "DIR/summary.json and DIR/manifest.json as one set (written into a temporary\n"
            "folder beside DIR, then swapped in; see docs/results.md).\n\n"
            "options:\n"
            "  --out DIR         results directory (default: results)\n"
            CLI_SCENARIO_HELP
            CLI_GUARD_HELP
            "  --quiet           no summary on stdout\n"
            CLI_CONSENT_HELP
            "  -h, --help        this help\n"
            "Fields, defaults and sources: cxsim params. Format: docs/scenario.md.\n");
}

static void print_queue(const cx_sim *S, double wall)
{
    const cx_params *P = cx_sim_params(S);
    cx_counts c;
    cx_metrics m;
    cx_sim_totals(S, &c);
    cx_counts_metrics(&c, &m);
    printf("scenario %s, seed %llu, %.3g years, %.1f agents on duty on average\n", P->name,
           (unsigned long long)P->seed, P->years, m.mean_agents);
    printf("  contacts offered     %12llu\n", (unsigned long long)c.offered);
    printf("  answered             %12llu\n", (unsigned long long)c.answered);
    printf("  abandoned            %12llu  (%.2f%%)\n", (unsigned long long)c.abandoned, 100 * m.p_abandon);
    printf("  service level        %12.2f%%  (answered within %g s)\n", 100 * m.service_level, P->sl_seconds);
    printf("  ASA                  %12.2f s\n", m.asa_s);
    printf("  AHT                  %12.3f min\n", m.aht_min);
    printf("  occupancy            %12.2f%%\n", 100 * m.occupancy);
    printf("  mean queue           %12.3f contacts\n", m.mean_queue);
    printf("  events               %12llu  in %.2f s (%.2f M events/s)\n",
           (unsigned long long)cx_sim_events(S), wall, cx_sim_events(S) / wall / 1e6);
}

/* The client's cost of one run, split as it is argued about: what it pays
 * (fees, less penalty credits, plus gain-share, governance time and
 * transitions) and what it loses (customers x their assumed value). */
static double cash_cost(const double *t) { return t[CX_C_CLIENT_CASH_CUM]; }
static double lost_customers(const double *t) { return t[CX_C_CHURN_COST]; }
static double total_cost(const double *t) { return t[CX_C_CLIENT_TCO_CUM]; }

/* One paired gap, regime a - regime b over the replications: the mean, a
 * 95% CI when there are several, and how often each regime was cheaper.
 * Returns the mean. */
static double print_gap(const cx_job *jobs, int reps, int a, int b, const char *label, double (*cost)(const double *))
{
    double d[1000], sum = 0, sq = 0, ta[CX_ROW_MAX], tb[CX_ROW_MAX];
    int a_wins = 0, b_wins = 0, n = reps < 1000 ? reps : 1000;
    for (int r = 0; r < n; r++) {
        cx_sim_total_row(jobs[r].sim[a], ta);
        cx_sim_total_row(jobs[r].sim[b], tb);
        d[r] = cost(ta) - cost(tb);
        sum += d[r];
        b_wins += d[r] > 0;
        a_wins += d[r] < 0;
    }
    double mean = sum / n;
    printf("    %-44s %+9.2f", label, mean / 1e6);
    if (n > 1) {
        for (int r = 0; r < n; r++) sq += (d[r] - mean) * (d[r] - mean);
        printf(" +/- %.2f (95%% CI)", cx_t_quantile(0.975, n - 1) * sqrt(sq / (n - 1) / n) / 1e6);
    }
    /* the share of replications each regime wins (a tie wins for neither) */
    printf("; %s cheaper in %d of %d (%.0f%%), %s in %d (%.0f%%)", cx_job_label(&jobs[0], b), b_wins, n,
           100.0 * b_wins / n, cx_job_label(&jobs[0], a), a_wins, 100.0 * a_wins / n);
    printf("\n");
    return mean;
}

/* The total-cost gap a - b at each year's end so far (cumulative), with
 * its CI over the replications: does the gap compound? */
static void print_by_year(const cx_job *jobs, int reps, int a, int b)
{
    size_t months = cx_sim_periods(jobs[0].sim[a]);
    if (months <= 12) return;
    int n = reps < 1000 ? reps : 1000;
    printf("    %-44s", "total by year end (cumulative)");
    for (size_t y = 12; y < months + 11; y += 12) {
        size_t m = (y < months ? y : months) - 1;
        double d[1000], sum = 0, sq = 0;
        for (int r = 0; r < n; r++) {
            d[r] = cx_sim_period(jobs[r].sim[a], m)->row[CX_C_CLIENT_TCO_CUM] -
                   cx_sim_period(jobs[r].sim[b], m)->row[CX_C_CLIENT_TCO_CUM];
            sum += d[r];
        }
        double mean = sum / n;
        printf("%s %zu: %+.2f", y > 12 ? "," : "", y / 12, mean / 1e6);
        if (n > 1) {
            for (int r = 0; r < n; r++) sq += (d[r] - mean) * (d[r] - mean);
            printf(" +/- %.2f", cx_t_quantile(0.975, n - 1) * sqrt(sq / (n - 1) / n) / 1e6);
        }
    }
    printf("\n");
}

/* The client's cost gaps between regimes a and b, in $M. */
static void print_gaps(const cx_job *jobs, int reps, int a, int b)
{
    const cx_job *J = &jobs[0];
    printf("\n  client cost over the horizon, %s - %s, $M (positive: %s cheaper)%s\n", cx_job_label(J, a),
           cx_job_label(J, b), cx_job_label(J, b),
           reps > 1 ? "" : "; one replication: --reps N for confidence intervals");
    print_gap(jobs, reps, a, b, "cash: fees - credits + gain-share + overheads", cash_cost);
    double lost = print_gap(jobs, reps, a, b, "lost customers (an assumed customer value)", lost_customers);
    const cx_model_params *m = &J->P.m;
    if (m->customer_value > 0) /* the value is an assumption: the gap scales with it */
        printf("      (at $%.0f a customer; $%.0f-$%.0f, the range in cxsim params, gives %+.2f to %+.2f)\n",
               m->customer_value, m->value_low, m->value_high, lost * m->value_low / m->customer_value / 1e6,
               lost * m->value_high / m->customer_value / 1e6);
    print_gap(jobs, reps, a, b, "total cost of ownership", total_cost);
    print_by_year(jobs, reps, a, b);
}

/* Up to this many regimes, every pair's gaps are printed. */
#define CLI_ALL_PAIRS 4

/* Regimes side by side: the run totals (means over replications) of the
 * columns a strategist asks for, and the paired cost gaps. */
static void print_regimes(const cx_job *jobs, int reps, double wall)
{
    static const struct {
        const char *col, *label, *fmt;
        double scale;
    } lines[] = {
        {"offered", "contacts offered", "%14.0f", 1},
        {"service_level", "service level (mean of months)", "%13.1f%%", 100},
        {"abandon_rate", "abandonment", "%13.1f%%", 100},
        {"aht_min", "AHT, min (mean of months)", "%14.2f", 1},
        {"fcr", "first-contact resolution", "%13.1f%%", 100},
        {"resolution_rate", "resolved per handled contact", "%13.1f%%", 100},
        {"csat", "CSAT top box (mean of months)", "%13.1f%%", 100},
        {"attrition_annual", "agent attrition, annual", "%13.1f%%", 100},
        {"mean_knowledge", "mean knowledge at the end", "%14.2f", 1},
        {"hires", "hires", "%14.0f", 1},
        {"insights", "defects reported by provider", "%14.0f", 1},
        {"contacts_avoided", "contacts avoided by fixes", "%14.0f", 1},
        {"churned", "customers lost to CX", "%14.0f", 1},
        {"provider_changes", "provider transitions", "%14.3g", 1}, /* a mean: 0.5 is half the runs */
        {"trust", "trust at the end", "%14.2f", 1},
        {"rate", "rate per unit at the end, $", "%14.3f", 1},
        {"cost_per_resolution", "cost per resolution, $", "%14.2f", 1},
        {"provider_margin", "provider margin", "%13.1f%%", 100},
        {"client_cash_cum", "client cash cost, $M", "%14.2f", 1e-6},
        {"client_tco_cum", "client TCO, $M", "%14.2f", 1e-6},
    };
    const cx_job *J = &jobs[0];
    const cx_params *P = &J->P;
    printf("scenario %s, seed %llu, %.3g years, %d regime%s (common random numbers)", P->name,
           (unsigned long long)P->seed, P->years, J->n, J->n == 1 ? "" : "s");
    if (reps > 1) printf(", mean of %d replications", reps);
    printf("\n\n%-32s", "");
    for (int i = 0; i < J->n; i++) printf("%14s", cx_job_label(J, i));
    printf("\n");
    double tot[CX_MAX_REGIMES][CX_ROW_MAX] = {{0}}, one[CX_ROW_MAX];
    uint64_t ev = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < J->n; i++) {
            cx_sim_total_row(jobs[r].sim[i], one);
            for (int c = 0; c < CX_C_COUNT; c++) tot[i][c] += one[c] / reps;
            ev += cx_sim_events(jobs[r].sim[i]);
        }
    }
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        int c = cx_row_find(lines[k].col);
        printf("  %-30s", lines[k].label);
        for (int i = 0; i < J->n; i++) printf(lines[k].fmt, tot[i][c] * lines[k].scale);
        printf("\n");
    }
    /* every pair with up to four regimes (the rate-cut story's two refusals
     * against each other, not only against the first), else each against
     * the first */
    for (int a = 0; a < J->n; a++)
        for (int b = a + 1; b < J->n; b++)
            if (a == 0 || J->n <= CLI_ALL_PAIRS) print_gaps(jobs, reps, a, b);
    printf("  events %llu in %.2f s (%.2f M events/s)\n", (unsigned long long)ev, wall, ev / wall / 1e6);
}

/* The progress bar over all runs (cx_runs). */
static void run_progress(void *ud, double done) { cli_progress(ud, NULL, done); }

/* Check and create the results folder (cx_results_prepare), printing its notes. */
static int prepare_out(const char *out, char *err, size_t n)
{
    char note[1024];
    if (cx_results_prepare(out, note, sizeof note, err, n)) {
        fprintf(stderr, "cxsim run: --out %s\n", err);
        return -1;
    }
    for (char *l = strtok(note, "\n"); l; l = strtok(NULL, "\n")) fprintf(stderr, "cxsim run: %s\n", l);
    return 0;
}

static int prepare_out_once(void *out)
{
    char err[1024];
    return prepare_out(out, err, sizeof err);
}

int cmd_run(int argc, char **argv)
{
    const char *out = "results", *max_events_s = NULL, *max_memory_s = NULL;
    int quiet = 0, reps = 1, opened = 0, failed = 0, opt, rc = 1;
    cx_job *jobs = NULL;
    cx_result *res = NULL;
    cli_scenario o;
    cx_params P;
    if (cli_scenario_init(&o, argc)) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            run_help(stdout);
            rc = 0;
            goto done;
        } else if (!strcmp(a, "--out")) {
            if (!(out = cli_value("run", argc, argv, &i))) goto done;
        } else if (!strcmp(a, "--max-events") || !strcmp(a, "--max-memory")) {
            const char **g = a[6] == 'e' ? &max_events_s : &max_memory_s;
            if (!(*g = cli_value("run", argc, argv, &i))) goto done;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if ((opt = cli_scenario_option("run", argc, argv, &i, &o))) {
            if (opt < 0) goto done;
        } else if (a[0] == '-') {
            fprintf(stderr, "cxsim run: unknown option %s (see cxsim run --help)\n", a);
            goto done;
        } else if (o.path) {
            fprintf(stderr, "cxsim run: one scenario at a time (got %s and %s)\n", o.path, a);
            goto done;
        } else {
            o.path = a;
        }
    }
    if (!o.path) {
        run_help(stderr);
        goto done;
    }
    char err[512];
    if (cli_scenario_params("run", &o, &P, &reps)) goto done;
    if (cli_guard("run", &P, reps, max_events_s, max_memory_s)) goto done;
    jobs = calloc((size_t)reps, sizeof *jobs);
    res = calloc((size_t)reps * CX_MAX_REGIMES, sizeof *res);
    if (!jobs || !res) {
        fprintf(stderr, "cxsim run: out of memory\n");
        goto done;
    }
    /* replication r runs every regime on cx_runs_seed(seed, r); the output
     * folder is checked once every input is (scenario, policies), before any
     * simulation */
    int bar = cli_show_progress(), nres = 0;
    double t0 = cli_seconds();
    if (cx_runs_open(jobs, reps, &P, o.path, &o.consent, prepare_out_once, (void *)out, &opened, err, sizeof err)) {
        if (*err) fprintf(stderr, "cxsim run: %s\n", err);
        goto done;
    }
    /* every regime of every replication, in parallel; a failure keeps the others */
    if (cx_runs_run(jobs, reps, o.threads, bar ? run_progress : NULL, P.name, err, sizeof err)) {
        failed = 1;
        if (bar) cli_progress_end(), bar = 0;
        fprintf(stderr, "cxsim run: %s\n", err);
    }
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < jobs[r].n; i++)
            if (jobs[r].done[i])
                res[nres++] = (cx_result){.regime = cx_job_label(&jobs[r], i), .rep = r, .sim = jobs[r].sim[i]};
    if (failed && !nres) goto done;
    double wall = cli_seconds() - t0;
    if (bar) cli_progress_end();
    if (cx_results_write_set(out, res, nres, err, sizeof err)) {
        fprintf(stderr, "cxsim run: %s\n", err);
        goto done;
    }
    if (failed) {
        char miss[1024];
        cx_job_missing(jobs, opened, reps, miss, sizeof miss);
        fprintf(stderr, "cxsim run: the finished regimes' results are in %s/; missing: %s\n", out, miss);
        goto done;
    }
    if (!quiet) {
        if (P.n_regimes) print_regimes(jobs, reps, wall);
        else print_queue(jobs[0].sim[0], wall);
        printf("results: %s/monthly.csv, %s/events.csv, %s/summary.json\n", out, out, out);
    }
    rc = 0;
done:
    for (int r = 0; r < opened; r++) cx_job_close(&jobs[r]);
    free(jobs);
    free(res);
    cli_scenario_free(&o);
    return rc;
}

static const char *type_name(cx_ptype t)
{
    static const char *const names[] = {"number", "integer", "boolean", "integer", "choice",
                                        "string", "list",    "list of tables", "policy"};
    return (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

static void print_desc(const cx_param_desc *d, const char *prefix)
{
    printf("%s%s  (%s", prefix, d->path, type_name(d->type));
    if (d->unit && *d->unit) printf(", %s", d->unit);
    printf(")\n    %s\n", d->doc ? d->doc : "");
    if (d->type == CX_PT_REAL || d->type == CX_PT_INT || d->type == CX_PT_SEED)
        printf("    default %g, range %g to %g\n", d->def, d->lo, d->hi);
    else if (d->type == CX_PT_BOOL) printf("    default %s\n", d->def ? "true" : "false");
    else if (d->type == CX_PT_ENUM) {
        printf("    default %s; one of", d->names[(int)d->def]);
        for (int i = 0; d->names[i]; i++) printf(" %s", d->names[i]);
        printf("\n");
    } else if (d->type == CX_PT_REALS) {
        printf("    %d values, default", d->count);
        for (int i = 0; i < d->count; i++) printf(" %g", d->defs[i]);
        printf("\n");
    }
    if (d->source) printf("    source: %s\n", d->source);
    if (d->type == CX_PT_RECORDS)
        for (const cx_param_desc *f = d->fields; f->path; f++) print_desc(f, "  []. ");
}

/* A markdown table row for a field (docs/scenario.md is made from these). */
static void markdown_desc(const cx_param_desc *d, const char *prefix)
{
    char def[64] = "";
    if (d->type == CX_PT_REAL || d->type == CX_PT_INT || d->type == CX_PT_SEED)
        snprintf(def, sizeof def, "%g (%g to %g)", d->def, d->lo, d->hi);
    else if (d->type == CX_PT_BOOL) snprintf(def, sizeof def, "%s", d->def ? "true" : "false");
    else if (d->type == CX_PT_ENUM) snprintf(def, sizeof def, "%s", d->names[(int)d->def]);
    printf("| `%s%s` | %s | %s | %s | %s |\n", prefix, d->path, type_name(d->type), def,
           d->unit ? d->unit : "", d->doc ? d->doc : "");
    if (d->source) printf("|  |  |  |  | source: %s |\n", d->source);
    if (d->type == CX_PT_RECORDS)
        for (const cx_param_desc *f = d->fields; f->path; f++) {
            char p2[128];
            snprintf(p2, sizeof p2, "%s[i].", d->path);
            markdown_desc(f, p2);
        }
}

int cmd_params(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--markdown")) {
        printf("| field | type | default (range) | unit | meaning |\n|---|---|---|---|---|\n");
        for (const cx_param_desc *d = cx_param_table; d->path; d++) markdown_desc(d, "");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--columns")) {
        printf("| column | unit | group | over a run | meaning |\n|---|---|---|---|---|\n");
        for (const cx_column *c = cx_label_columns; c->name; c++)
            printf("| `%s` | %s | label |  | %s |\n", c->name, c->unit, c->doc);
        for (int i = 0; i < CX_C_COUNT; i++) {
            const cx_row_column *c = &cx_row_columns[i];
            const char *agg = c->agg == 's'   ? "sum"
                              : c->agg == 'l' ? "last"
                              : c->agg == 'f' ? "first"
                              : c->agg == 'r' ? "ratio of run totals"
                                              : "mean of months";
            printf("| `%s` | %s | %s | %s | %s |\n", c->name, c->unit, c->group, agg, c->doc);
        }
        return 0;
    }
    if (argc > 1) {
        if (strcmp(argv[1], "--help") && strcmp(argv[1], "-h")) {
            fprintf(stderr, "cxsim params: unknown argument %s (see cxsim params --help)\n", argv[1]);
            return 2;
        }
        printf("usage: cxsim params [--markdown | --columns]\nList every scenario field: type, unit, default, range, source.\n"
               "  --markdown  the same as a markdown table (docs/scenario.md)\n"
               "  --columns   the results columns as a markdown table (docs/results.md)\n");
        return 0;
    }
    for (const cx_param_desc *d = cx_param_table; d->path; d++) print_desc(d, "");
    return 0;
}
