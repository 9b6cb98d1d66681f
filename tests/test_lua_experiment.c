/* Lua experiments: cx.run, cx.replicate, cx.compare, cx.sweep, --resume.
 *
 * Each test runs a short copy of the shipped default scenario (two regimes,
 * half a year) in a fresh working directory: the t quantile, script errors
 * with file and line, serial against parallel replications, the rows and
 * order of a sweep, a killed sweep resumed byte for byte, and common random
 * numbers shrinking a confidence interval. (Lua policies: tests/test_lua.c.) */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cx_job.h"
#include "cx_lua_experiment.h"
#include "cxt_files.h"
#include "cx_runs.h"

static char work[256];
static char err[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_lua"); }

static void remove_work(void) { cxt_remove_tree(work); }

/* Write WORK/name with `text`; the path into out. */
static const char *script(char *out, size_t n, const char *name, const char *text)
{
    return cxt_write_in(out, n, work, name, text);
}

/* Experiments write only below the working directory: each test runs in
 * its own directory (criterion runs every test in a process of its own). */
static void make_work_cd(void)
{
    make_work();
    cr_assert_eq(chdir(work), 0, "cannot enter %s", work);
}

TestSuite(experiment, .init = make_work_cd, .fini = remove_work);

/* The source tree's default scenario, shortened, with the built-in vendor
 * and partner regimes: every experiment test starts from it (so it follows
 * the scenario format), kept small because the suite runs under
 * AddressSanitizer. */
static const char *default_scenario(void)
{
    static char path[4096];
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    snprintf(path, sizeof path, "%s/scripts/default.lua", src);
    return path;
}

/* Write WORK/exp.lua: `prelude` defines S (the short scenario), then `body`. */
static const char *experiment(char *out, size_t n, const char *body)
{
    char text[8192];
    snprintf(text, sizeof text,
             "local S = cx.scenario{ base = %s%s%s, years = 0.5, demand = { rate_per_min = 3 },\n"
             "  regimes = { { name = 'vendor', client = 'vendor', provider = 'vendor' },\n"
             "              { name = 'partner', client = 'partner', provider = 'partner' } } }\n"
             "local W = '.'\n"
             "%s",
             "\"", default_scenario(), "\"", body);
    return script(out, n, "exp.lua", text);
}

static int run_experiment(const char *path, int jobs, int resume)
{
    cx_experiment_opts o = {.jobs = jobs, .resume = resume, .progress = 0, .unsafe = 0};
    return cx_lua_experiment(path, 0, NULL, &o, err, sizeof err);
}

Test(experiment, t_quantile)
{
    /* two-sided 95% critical values of Student's t */
    static const double df[] = {1, 2, 5, 9, 30, 1e9};
    static const double want[] = {12.7062047362, 4.30265272975, 2.57058183661, 2.26215716280, 2.04227245630,
                                  1.95996398454};
    for (int i = 0; i < 6; i++)
        cr_assert_float_eq(cx_t_quantile(0.975, df[i]), want[i], 1e-8, "df %g: %.10f", df[i],
                           cx_t_quantile(0.975, df[i]));
    cr_assert_float_eq(cx_t_quantile(0.025, 9), -want[3], 1e-8);
    cr_assert(isnan(cx_t_quantile(1.5, 3)));
}

/* Lua errors in an experiment: file, line, message, non-zero status. */
Test(experiment, script_error)
{
    char path[512];
    script(path, sizeof path, "bad.lua", "local x = 1\nlocal y = x.field\n");
    cr_assert_eq(run_experiment(path, 1, 0), -1);
    cr_assert(strstr(err, "bad.lua:2: attempt to index a number value"), "%s", err);
    script(path, sizeof path, "bad2.lua", "cx.run(cx.scenario('no/such/file.lua'))\n");
    cr_assert_eq(run_experiment(path, 1, 0), -1);
    cr_assert(strstr(err, "no/such/file.lua"), "%s", err);
    script(path, sizeof path, "bad3.lua", "local s = cx.scenario{ nosuchfield = 3 }\n");
    cr_assert_eq(run_experiment(path, 1, 0), -1);
    cr_assert(strstr(err, "bad3.lua:1:") && strstr(err, "nosuchfield"), "%s", err);
}

/* cx.run returns every regime with monthly columns and summaries;
 * parallel replications equal serial ones. */
Test(experiment, run_and_replicate)
{
    char path[512], out1[600], out2[600];
    experiment(path, sizeof path,
               "local r = cx.run(S, { seed = 5 })\n"
               "assert(#r >= 1 and r[1].label and r[r[1].label] == r[1])\n"
               "assert(r[1].months == #r[1].monthly.csat, 'monthly arrays')\n"
               "assert(r[1].summary.client_tco_cum == r[1].monthly.client_tco_cum[r[1].months])\n"
               "local rep = cx.replicate(S, 3, { monthly = false })\n"
               "local rows = {}\n"
               "for i, run in ipairs(rep) do\n"
               "  for _, g in ipairs(run) do\n"
               "    rows[#rows + 1] = { rep = g.rep, regime = g.label, seed = tostring(g.seed),\n"
               "                        tco = g.summary.client_tco_cum, csat = g.summary.csat }\n"
               "  end\n"
               "end\n"
               "cx.write_csv(W .. '/' .. (arg[1] or 'x') .. '.csv', rows, {'rep', 'regime', 'seed', 'tco', 'csat'})\n");
    cx_experiment_opts o = {.jobs = 1};
    char *a1[] = {"serial"}, *a2[] = {"parallel"};
    cr_assert_eq(cx_lua_experiment(path, 1, a1, &o, err, sizeof err), 0, "%s", err);
    o.jobs = 2;
    cr_assert_eq(cx_lua_experiment(path, 1, a2, &o, err, sizeof err), 0, "%s", err);
    snprintf(out1, sizeof out1, "%s/serial.csv", work);
    snprintf(out2, sizeof out2, "%s/parallel.csv", work);
    char *x = cxt_slurp(out1), *y = cxt_slurp(out2);
    cr_assert(x && y);
    cr_assert_str_eq(x, y, "parallel replications differ from serial ones");
    free(x);
    free(y);
}

/* Count lines; and whether `line` (a full line) occurs in text. */
static int count_lines(const char *t)
{
    int n = 0;
    for (; *t; t++) n += *t == '\n';
    return n;
}

/* A sweep writes one row per (combination, regime, replication), in order. */
Test(experiment, sweep_rows)
{
    char path[512], csv[600];
    experiment(path, sizeof path,
               "local r = cx.sweep(S, { ['contacts.complex_share'] = {0.1, 0.3}, ['years'] = {0.25, 0.5} }, 2,\n"
               "  { out = W .. '/sweep.csv', metrics = {'client_tco_cum', 'csat', 'attrition_annual'} })\n"
               "assert(r.runs == 8 and r.resumed == 0)\n"
               "cx.write_csv(W .. '/n.csv', {{rows = r.rows, regimes = #S.regimes}})\n");
    cr_assert_eq(run_experiment(path, 2, 0), 0, "%s", err);
    snprintf(csv, sizeof csv, "%s/sweep.csv", work);
    char *t = cxt_slurp(csv);
    cr_assert_not_null(t);
    const char *head = "scenario,contacts.complex_share,years,regime,rep,seed,client_tco_cum,csat,attrition_annual\n";
    cr_assert(!strncmp(t, head, strlen(head)), "header: %.200s", t);
    /* name and seed from the default scenario; the two regimes of the prelude */
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_job_load_scenario(default_scenario(), &P, err, sizeof err), 0, "%s", err);
    static const char *const labels[] = {"vendor", "partner"};
    const int nreg = 2;
    cr_assert_eq(count_lines(t), 1 + 2 * 2 * 2 * nreg, "%s", t);
    /* order: combination (first path slowest), replication, regime; seeds mixed from the scenario's */
    const char *line = strchr(t, '\n') + 1;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int r = 0; r < 2; r++)
                for (int g = 0; g < nreg; g++) {
                    char want[256];
                    snprintf(want, sizeof want, "%s,%s,%s,%s,%d,%llu,", P.name, a ? "0.3" : "0.1",
                             b ? "0.5" : "0.25", labels[g], r,
                             (unsigned long long)cx_runs_seed(P.seed, r));
                    cr_assert(!strncmp(line, want, strlen(want)), "want %s\ngot  %.120s", want, line);
                    line = strchr(line, '\n') + 1;
                }
    free(t);
    /* no journal is left behind */
    snprintf(csv, sizeof csv, "%s/sweep.csv.journal", work);
    cr_assert_neq(access(csv, F_OK), 0);
}

/* Wait for an experiment run by cxt_spawn (in a process group of its own,
 * output in `log`); it must succeed within 300 s. */
static void wait_cxsim(pid_t pid, const char *log)
{
    int status = cxt_wait(pid, 300, 1, "lua");
    char *t = cxt_slurp(log);
    cr_assert(status == 0, "cxsim failed: %s", t ? t : "");
    free(t);
}

/* Kill a sweep after some runs are journaled (and tear the journal's end),
 * resume it: the CSV equals an uninterrupted run's, byte for byte. */
Test(experiment, sweep_resume_identical, .timeout = 900)
{
    char path[512], log[600], journal[700], a[600], b[600];
    experiment(path, sizeof path,
               "local out = W .. '/' .. arg[1]\n"
               "local r = cx.sweep(S, { ['contacts.complex_share'] = {0.1, 0.2, 0.3} }, 4, { out = out })\n"
               "print('resumed ' .. r.resumed .. ' of ' .. r.runs)\n");
    snprintf(log, sizeof log, "%s/log.txt", work);
    /* uninterrupted */
    const char *args_a[] = {"lua", path, "--jobs", "2", "a.csv", NULL};
    wait_cxsim(cxt_spawn(args_a, log, log, 1), log);
    /* interrupted: SIGKILL to the whole group once two runs are journaled */
    snprintf(b, sizeof b, "%s/b.csv", work);
    snprintf(journal, sizeof journal, "%s.journal", b);
    const char *args_b[] = {"lua", path, "--jobs", "1", "b.csv", NULL};
    pid_t pid = cxt_spawn(args_b, log, log, 1);
    struct timespec tick = {0, 5 * 1000 * 1000};
    int records = 0, st;
    for (int i = 0; i < 60000 && records < 2; i++) {
        nanosleep(&tick, NULL);
        char *t = cxt_slurp(journal);
        records = 0;
        for (const char *q = t; q && (q = strstr(q, "\nrun ")); q++) records++;
        free(t);
        if (waitpid(pid, &st, WNOHANG) == pid) cr_assert_fail("the sweep finished before it could be interrupted");
    }
    kill(-pid, SIGKILL);
    waitpid(pid, &st, 0);
    cr_assert(records >= 2, "no journal records appeared");
    cr_assert_neq(access(b, F_OK), 0, "the CSV must not exist before the sweep completes");
    /* a record cut short by the kill */
    FILE *f = fopen(journal, "a");
    cr_assert_not_null(f);
    fputs("run 7 4000 0badf00d\nvendor,0,1", f);
    fclose(f);
    const char *args_c[] = {"lua", path, "--jobs", "2", "--resume", "b.csv", NULL};
    wait_cxsim(cxt_spawn(args_c, log, log, 1), log);
    char *out = cxt_slurp(log);
    cr_assert(out && strstr(out, "resumed ") && !strstr(out, "resumed 0 of"), "%s", out ? out : "");
    free(out);
    snprintf(a, sizeof a, "%s/a.csv", work);
    char *x = cxt_slurp(a), *y = cxt_slurp(b);
    cr_assert(x && y);
    cr_assert_str_eq(x, y, "a resumed sweep differs from an uninterrupted one");
    free(x);
    free(y);
}

/* Common random numbers shrink the CI of the TCO difference. Two
 * comparisons, 8 pairs each, CRN against independent seeds: a what-if on
 * one policy option (the vendor client telling the provider about product
 * changes more often: the arms stay alike, so CRN removes most of the
 * noise; asserted), and vendor against partner (very different regimes
 * whose paths diverge, so pairing buys less; reported). */
Test(experiment, crn_shrinks_ci, .timeout = 900)
{
    char path[512], csv[600];
    experiment(path, sizeof path,
               "local T = cx.scenario{ base = S.path, years = 0.5, demand = { rate_per_min = 3 },\n"
               "  regimes = { { name = 'vendor', client = 'vendor', provider = 'vendor' },\n"
               "              { name = 'told', client = { policy = 'vendor', share_changes = 0.6 },\n"
               "                provider = 'vendor' },\n"
               "              { name = 'partner', client = 'partner', provider = 'partner' } } }\n"
               "local function halves(a, b)\n"
               "  local opts = { reps = 8, metrics = {'client_tco_cum'} }\n"
               "  local crn = cx.compare(T, a, b, opts)\n"
               "  opts.crn = false\n"
               "  local ind = cx.compare(T, a, b, opts)\n"
               "  return crn.client_tco_cum.half, ind.client_tco_cum.half, crn.client_tco_cum.mean\n"
               "end\n"
               "local c1, i1, d1 = halves('vendor', 'told')\n"
               "local c2, i2, d2 = halves('vendor', 'partner')\n"
               "cx.write_csv(W .. '/crn.csv', {{ c1 = c1, i1 = i1, d1 = d1, c2 = c2, i2 = i2, d2 = d2 }},\n"
               "  {'c1', 'i1', 'd1', 'c2', 'i2', 'd2'})\n");
    cr_assert_eq(run_experiment(path, 2, 0), 0, "%s", err);
    snprintf(csv, sizeof csv, "%s/crn.csv", work);
    char *t = cxt_slurp(csv);
    cr_assert_not_null(t);
    double c1, i1, d1, c2, i2, d2;
    cr_assert_eq(sscanf(strchr(t, '\n') + 1, "%lf,%lf,%lf,%lf,%lf,%lf", &c1, &i1, &d1, &c2, &i2, &d2), 6, "%s", t);
    free(t);
    fprintf(stderr,
            "CRN, TCO difference, 95%% CI half-width with 8 pairs (independent / CRN):\n"
            "  vendor -> vendor telling product changes: %.0f / %.0f = shrink factor %.2f (difference %.0f)\n"
            "  vendor -> partner:                        %.0f / %.0f = shrink factor %.2f (difference %.0f)\n",
            i1, c1, i1 / c1, d1, i2, c2, i2 / c2, d2);
    cr_assert(i1 / c1 > 2, "CRN should shrink the CI of a what-if clearly (factor %.2f)", i1 / c1);
    cr_assert(isfinite(i2 / c2) && c2 > 0);
}
