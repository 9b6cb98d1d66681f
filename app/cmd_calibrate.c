/* cmd_calibrate: cxsim calibrate SCENARIO -- each regime's outputs beside the
 * industry ranges a practitioner checks first (../shared/MODEL.md, its
 * calibration table), with the source and a verdict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cx_job.h"
#include "cx_lua_scenario.h"
#include "cx_runs.h"
#include "cx_tdist.h"
#include "cli_scenario.h"

/* One figure a practitioner checks, and where its range comes from. A range
 * with lo > hi means none is published; the figure is shown for reading. */
typedef struct range {
    const char *name;         /* short name, as in the output */
    const char *unit;         /* "%", "min", "$" ... for printing */
    double lo, hi;            /* the industry range (as a fraction for percentages) */
    const char *source;       /* where the range comes from, and how it was read */
} range;

enum {
    R_ATTRITION, R_ATTRITION_90, R_PROFICIENCY, R_AHT, R_FCR, R_CSAT, R_ABANDON, R_SL, R_OCCUPANCY, R_SHRINKAGE,
    R_HEADS_PER_DUTY, R_COST_PER_CONTACT, R_REPLACEMENT, R_MARGIN, R_COUNT
};

static const range RANGES[R_COUNT] = {
    [R_ATTRITION] = {"annual attrition", "%", 0.30, 0.45,
                     "30-45% onshore, higher at outsourcers (QATC; SQM 2023; Global Call Center Report 2007)"},
    [R_ATTRITION_90] = {"90-day attrition", "%", 0.0, 0.45,
                        "up to 45% of new hires (FurstPerson); quits within 90 days of joining / hires"},
    [R_PROFICIENCY] = {"time to proficiency", "weeks", 4.0, 20.0,
                       "12.9 weeks on average (Dimension Data 2015), 4 with a structured programme (Singola "
                       "Consulting); above 20 read as slow (assumption); tenure when knowledge first reaches "
                       "learning.proficient_k"},
    [R_AHT] = {"AHT", "min", 4.5, 7.5, "about 6 min (industry pages); read as 6 min +/- 25%"},
    [R_FCR] = {"FCR", "%", 0.67, 0.80, "average 67-72%, world class 80% (SQM)"},
    [R_CSAT] = {"CSAT top box", "%", 0.68, 0.85, "68-81%, world class 85% (SQM)"},
    [R_ABANDON] = {"abandonment", "%", 0.02, 0.10,
                   "5-8% normal, above 10% high (industry glossaries); below 2% read as overstaffing (assumption)"},
    [R_SL] = {"service level", "%", 0.70, 0.90,
              "80% in 20 s target (Call Centre Helper 2015); within 10 points read as on target (assumption)"},
    [R_OCCUPANCY] = {"occupancy", "%", 0.75, 0.90,
                     "assumption: typical inbound occupancy; MODEL.md gives no figure"},
    [R_SHRINKAGE] = {"shrinkage", "%", 0.30, 0.35, "30-35% of paid time (WFM industry surveys); measured from the roster"},
    [R_HEADS_PER_DUTY] = {"headcount per agent on duty", "x", 1, 0,
                          "no published range; set by opening hours, paid hours and shrinkage"},
    [R_COST_PER_CONTACT] = {"client cash per handled contact", "$", 1, 0,
                            "no published range; (fees - penalty credits + gain-share) / handled contacts"},
    [R_REPLACEMENT] = {"replacement cost per hire", "$", 10000, 20000,
                       "$10k-$20k (Gartner $14,113 and others); recruiting + trainer + classroom and nesting wages "
                       "(paid before full productivity)"},
    [R_MARGIN] = {"provider operating margin", "%", 0.0, 0.25,
                  "one account over the run: positive and below 25% (assumption); listed CX outsourcers' EBITA, "
                  "a blend of all their accounts, is 8-16% (company results 2023)"},
};

/* The figure `k` of one finished run whose run totals are `tot`. */
static double figure(const cx_sim *S, const double *tot, int k)
{
    const cx_params *P = cx_sim_params(S);
    size_t months = cx_sim_periods(S);
    switch (k) {
    case R_ATTRITION: return tot[CX_C_ATTRITION_ANNUAL];
    case R_ATTRITION_90: {
        double early = 0;
        for (size_t i = 0; i < cx_sim_notes(S); i++) {
            const cx_note *n = cx_sim_note(S, i);
            if (n->kind == CX_N_QUIT && n->value <= 90.0) early++;
        }
        return tot[CX_C_HIRES] > 0 ? early / tot[CX_C_HIRES] : NAN;
    }
    case R_PROFICIENCY: return tot[CX_C_PROFICIENT] > 0 ? tot[CX_C_PROFICIENCY_DAYS] / 7.0 : NAN;
    case R_AHT: return tot[CX_C_AHT_MIN];
    case R_FCR: return tot[CX_C_FCR];
    case R_CSAT: return tot[CX_C_CSAT];
    case R_ABANDON: return tot[CX_C_ABANDON_RATE];
    case R_SL: return tot[CX_C_SERVICE_LEVEL];
    case R_OCCUPANCY: return tot[CX_C_OCCUPANCY];
    case R_SHRINKAGE: return P->on.schedules ? tot[CX_C_SHRINKAGE] : P->m.shrinkage;
    case R_HEADS_PER_DUTY: {
        double sum = 0;
        int n = 0;
        for (size_t m = 0; m < months; m++) {
            const double *row = cx_sim_period(S, m)->row;
            double duty = row[CX_C_ON_DUTY_OPEN] > 0 ? row[CX_C_ON_DUTY_OPEN] : row[CX_C_MEAN_AGENTS];
            if (duty > 0) sum += row[CX_C_HEADCOUNT] / duty, n++;
        }
        return n ? sum / n : NAN;
    }
    case R_COST_PER_CONTACT:
        return tot[CX_C_COMPLETED] > 0
                   ? (tot[CX_C_CLIENT_FEES] - tot[CX_C_PENALTIES] + tot[CX_C_GAIN_SHARE]) / tot[CX_C_COMPLETED]
                   : NAN;
    case R_REPLACEMENT:
        return P->m.recruit_cost + P->m.trainer_cost +
               P->m.wage_month * (P->m.classroom_days + P->m.nesting_days) / (365.25 / 12.0);
    case R_MARGIN: return tot[CX_C_PROVIDER_MARGIN];
    default: return NAN;
    }
}

static void print_value(double v, const char *unit, char *out, size_t n)
{
    if (isnan(v)) snprintf(out, n, "n/a");
    else if (!strcmp(unit, "%")) snprintf(out, n, "%.1f%%", 100 * v);
    else if (!strcmp(unit, "$")) snprintf(out, n, "$%.2f", v);
    else snprintf(out, n, "%.2f%s%s", v, *unit == 'x' ? "" : " ", *unit == 'x' ? "x" : unit);
    if (!strcmp(unit, "$") && fabs(v) >= 1000) snprintf(out, n, "$%.0f", v);
}

static const char *verdict(const range *r, double v)
{
    if (isnan(v)) return "not measured";
    if (r->lo > r->hi) return "no range";
    return v < r->lo ? "BELOW" : v > r->hi ? "ABOVE" : "in range";
}

static void help(FILE *f)
{
    fprintf(f, "usage: cxsim calibrate SCENARIO [options]\n"
               "Run the scenario's regimes and print, for each regime, the figures a practitioner\n"
               "checks first beside the industry range (MODEL.md), its source and a verdict.\n"
               "Values are means over the replications, with a 95%% confidence interval of the\n"
               "mean in brackets when there are several. Exit status 0 whatever the verdicts\n"
               "(with --check: 3 when a figure with a range lies outside it); 1 when the\n"
               "scenario cannot run.\n\noptions:\n"
               "  --check           exit 3 when any figure is outside its industry range\n" CLI_SCENARIO_HELP
                   CLI_CONSENT_HELP);
}

int cmd_calibrate(int argc, char **argv)
{
    int reps = 1, opened = 0, rc = 1, k, check = 0, outside = 0;
    cx_job *jobs = NULL;
    double (*tot)[CX_ROW_MAX] = NULL; /* run totals of each replication of one regime */
    int *bad = NULL;                  /* 1: that replication's totals could not be made */
    cli_scenario o;
    cx_params P;
    char err[1024];
    if (cli_scenario_init(&o, argc)) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            help(stdout);
            rc = 0;
            goto done;
        } else if (!strcmp(a, "--check")) {
            check = 1;
        } else if ((k = cli_scenario_option("calibrate", argc, argv, &i, &o))) {
            if (k < 0) goto done;
        } else if (a[0] == '-' || o.path) {
            fprintf(stderr, "cxsim calibrate: unexpected %s (see cxsim calibrate --help)\n", a);
            goto done;
        } else {
            o.path = a;
        }
    }
    if (!o.path) {
        help(stderr);
        goto done;
    }
    if (cli_scenario_params("calibrate", &o, &P, &reps)) goto done;
    jobs = calloc((size_t)reps, sizeof *jobs);
    if (!jobs) goto done;
    if (cx_runs_open(jobs, reps, &P, o.path, &o.consent, NULL, NULL, &opened, err, sizeof err)) {
        fprintf(stderr, "cxsim calibrate: %s\n", err);
        goto done;
    }
    if (cx_runs_run(jobs, reps, o.threads, NULL, NULL, err, sizeof err)) {
        fprintf(stderr, "cxsim calibrate: %s\n", err);
        goto done;
    }
    printf("calibration: %s, seed %llu, %g years, %d replication%s\n\n", P.name, (unsigned long long)P.seed,
           P.years, reps, reps == 1 ? "" : "s");
    tot = malloc((size_t)reps * sizeof *tot);
    bad = malloc((size_t)reps * sizeof *bad);
    if (!tot || !bad) goto done;
    for (int i = 0; i < jobs[0].n; i++) {
        for (int r = 0; r < reps; r++) bad[r] = cx_sim_total_row(jobs[r].sim[i], tot[r]) != 0; /* once per run */
        printf("%s\n  %-32s %-40s %-14s %s\n", cx_job_label(&jobs[0], i), "figure", "simulated", "verdict",
               "industry range (source)");
        for (int f = 0; f < R_COUNT; f++) {
            const range *R = &RANGES[f];
            double sum = 0, sq = 0, val[1024];
            int n = 0;
            for (int r = 0; r < reps && n < 1024; r++) {
                double v = bad[r] ? NAN : figure(jobs[r].sim[i], tot[r], f);
                if (isnan(v)) continue;
                sum += v;
                val[n++] = v;
            }
            double mean = n ? sum / n : NAN;
            for (int r = 0; r < n; r++) sq += (val[r] - mean) * (val[r] - mean);
            char v[64], a[32], b[32], span[160], rng[96];
            print_value(mean, R->unit, v, sizeof v);
            const char *say = verdict(R, mean);
            outside += !strcmp(say, "ABOVE") || !strcmp(say, "BELOW");
            if (n > 1) {
                double half = cx_t_quantile(0.975, n - 1) * sqrt(sq / (n - 1) / n);
                print_value(mean - half, R->unit, a, sizeof a);
                print_value(mean + half, R->unit, b, sizeof b);
                snprintf(span, sizeof span, "%s [%s-%s]", v, a, b);
            } else {
                snprintf(span, sizeof span, "%s", v);
            }
            if (R->lo > R->hi) {
                snprintf(rng, sizeof rng, "-");
            } else {
                print_value(R->lo, R->unit, a, sizeof a);
                print_value(R->hi, R->unit, b, sizeof b);
                snprintf(rng, sizeof rng, "%s-%s", a, b);
            }
            printf("  %-32s %-40s %-14s %s (%s)\n", R->name, span, say, rng, R->source);
        }
        printf("\n");
    }
    printf("%d figure%s outside the industry range\n", outside, outside == 1 ? "" : "s");
    rc = check && outside ? 3 : 0;
done:
    for (int r = 0; r < opened; r++) cx_job_close(&jobs[r]);
    free(jobs);
    free(tot);
    free(bad);
    cli_scenario_free(&o);
    return rc;
}
