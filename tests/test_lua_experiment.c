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
#include "cx_row.h"
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
    cr_assert(strstr(err, "bad3.lua:1: cx.scenario: field 'nosuchfield': unknown field"), "%s", err);
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

/* The value of "NAME": in the totals of the run (regime, rep) of a
 * summary.json text, as written (%.10g); its seed into seed. NULL when absent. */
static const char *json_total(const char *json, const char *regime, int rep, const char *name, char *seed, size_t sn,
                              char *val, size_t vn)
{
    char key[128];
    snprintf(key, sizeof key, "\"regime\": \"%s\", \"rep\": %d, \"seed\": ", regime, rep);
    const char *run = strstr(json, key);
    if (!run) return NULL;
    const char *s = run + strlen(key);
    snprintf(seed, sn, "%.*s", (int)strcspn(s, ","), s);
    const char *tot = strstr(run, "\"totals\": {");
    if (!tot) return NULL;
    snprintf(key, sizeof key, "\"%s\": ", name);
    const char *v = strstr(tot, key);
    const char *end = strchr(tot, '}');
    if (!v || v > end) return NULL;
    v += strlen(key);
    snprintf(val, vn, "%.*s", (int)strcspn(v, ",}"), v);
    return val;
}

/* One definition per metric: the summary of every replication of
 * cx.replicate equals the totals of summary.json written by cxsim run
 * --reps for the same scenario, seed and replication, metric by metric, as
 * the same %.10g text; and replication r has the same seed in both
 * (an unsigned seed above 2^63 given to both as text). */
Test(experiment, summary_matches_cxsim_run, .timeout = 900)
{
    char path[512], csv[600], json[600];
    const char *seed = "15878149369137715244";
    char body[2048];
    snprintf(body, sizeof body,
             "local s = cx.scenario(%s%s%s)\n"
             "local reps = cx.replicate(s, 2, { seed = '%s', years = 0.5, monthly = false,\n"
             "  set = { ['demand.rate_per_min'] = 3 } })\n"
             "local rows = {}\n"
             "for _, run in ipairs(reps) do for _, g in ipairs(run) do for _, m in ipairs(cx.metrics()) do\n"
             "  rows[#rows + 1] = { regime = g.label, rep = g.rep, seed = g.seed, metric = m,\n"
             "                      value = string.format('%%.10g', g.summary[m]) }\n"
             "end end end\n"
             "cx.write_csv('lua.csv', rows, {'regime', 'rep', 'seed', 'metric', 'value'})\n",
             "\"", default_scenario(), "\"", seed);
    script(path, sizeof path, "exp.lua", body);
    cr_assert_eq(run_experiment(path, 2, 0), 0, "%s", err);
    cxt_proc r;
    const char *args[] = {"run", default_scenario(), "--out", "res", "--quiet", "--years", "0.5", "--reps", "2",
                          "--seed", seed, "--set", "demand.rate_per_min=3", NULL};
    cxt_run(&r, work, args, 600);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cxt_proc_free(&r);
    snprintf(json, sizeof json, "%s/res/summary.json", work);
    snprintf(csv, sizeof csv, "%s/lua.csv", work);
    char *j = cxt_slurp(json), *t = cxt_slurp(csv);
    cr_assert(j && t);
    int n = 0;
    for (char *line = strchr(t, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        char regime[64], lseed[32], metric[64], value[64], jseed[32], jval[64];
        int rep;
        cr_assert_eq(sscanf(line, "%63[^,],%d,%31[^,],%63[^,],%63[^\n]", regime, &rep, lseed, metric, value), 5,
                     "%.100s", line);
        cr_assert_not_null(json_total(j, regime, rep, metric, jseed, sizeof jseed, jval, sizeof jval),
                           "summary.json has no %s for %s rep %d", metric, regime, rep);
        cr_assert_str_eq(lseed, jseed, "%s rep %d: seed %s in Lua, %s in summary.json", regime, rep, lseed, jseed);
        cr_assert_str_eq(value, jval, "%s rep %d: %s is %s in Lua, %s in summary.json", regime, rep, metric, value,
                         jval);
        n++;
    }
    cr_assert_eq(n, 2 * 2 * cx_row_count(), "compared %d figures", n);
    free(j);
    free(t);
}

/* Seeds are unsigned 64-bit everywhere: Lua shows them as decimal strings
 * and takes integers or decimal strings, up to 2^64 - 1; replication r has
 * seed cx_runs_seed(seed, r) (cx.rep_seed); first_rep adds replications
 * without rerunning the first ones; write_csv writes a seed as the sweep
 * CSV does. cx.monthly_rows has each column once and a scenario column.
 * A typo in an options table is refused, naming the valid keys. */
Test(experiment, seeds_rows_and_options, .timeout = 600)
{
    char path[512], file[600];
    experiment(path, sizeof path,
               "local T = cx.scenario(S)\n"
               "T:set('years', 0.1)\n"
               "assert(T.seed == '42' and T:get('seed') == '42', T.seed)\n"
               "local top = '18446744073709551615'\n"
               "assert(T:set('seed', top).seed == top and T:get('seed') == top)\n"
               "assert(not pcall(T.set, T, 'seed', -1))\n"
               "local ok, e = pcall(T.set, T, 'seed', '18446744073709551616')\n"
               "assert(not ok and e:find('18446744073709551615'), e)\n"
               "assert(cx.scenario{ base = S.path, seed = top }.seed == top)\n"
               "assert(cx.scenario{ base = S.path, seed = 7 }.seed == '7')\n"
               "ok, e = pcall(cx.scenario, { base = S.path, seed = -7 })\n"
               "assert(not ok and e:find('seed'), e)\n"
               "assert(cx.rep_seed(top, 0) == top and cx.rep_seed(top, 2) == cx.rng_mix(top, 2))\n"
               "local a = cx.replicate(T, 3, { monthly = false, regime = 'vendor' })\n"
               "local b = cx.replicate(T, 2, { monthly = false, regime = 'vendor', first_rep = 1 })\n"
               "for i = 1, 2 do\n"
               "  assert(b[i][1].rep == i and b[i][1].seed == a[i + 1][1].seed, 'first_rep seeds')\n"
               "  assert(b[i][1].summary.client_tco_cum == a[i + 1][1].summary.client_tco_cum, 'first_rep runs')\n"
               "end\n"
               "assert(a[2][1].seed == cx.rep_seed(top, 1))\n"
               "local c = cx.compare(T, 'vendor', 'partner', { reps = 2, first_rep = 1, metrics = {'client_tco_cum'} })\n"
               "assert(c.first_rep == 1 and c.client_tco_cum.a.mean ==\n"
               "  (a[2][1].summary.client_tco_cum + a[3][1].summary.client_tco_cum) / 2, 'compare first_rep')\n"
               "assert(#a.rows == 3 and a.rows[2].rep == 1 and a.rows[2].seed == a[2][1].seed, 'replicate rows')\n"
               "assert(a.rows[2].regime == 'vendor' and a.rows[2].csat == a[2][1].summary.csat, 'replicate rows')\n"
               "assert(#c.rows == 4 and c.rows[1].arm == 'a' and c.rows[2].arm == 'b' and c.rows[2].regime == 'partner')\n"
               "assert(c.rows[1].rep == 1 and c.rows[1].client_tco_cum == a[2][1].summary.client_tco_cum, 'compare rows')\n"
               "cx.write_csv('crows.csv', c.rows, c.columns)\n"
               "local rows, cols = cx.monthly_rows(cx.run(T, { regime = 'vendor' }))\n"
               "cx.write_csv('m.csv', rows, cols)\n"
               "cx.write_csv('seeds.csv', {{ seed = a[2][1].seed }}, {'seed'})\n"
               "ok, e = pcall(cx.replicate, T, 2, { year = 1 })\n"
               "assert(not ok and e:find(\"cx.replicate: unknown option 'year' %(valid: seed, years, set\"), e)\n"
               "ok, e = pcall(cx.sweep, T, {}, 1, { metric = {'csat'} })\n"
               "assert(not ok and e:find(\"unknown option 'metric'\") and e:find('metrics'), e)\n"
               "ok, e = pcall(cx.compare, T, 'vendor', 'partner', { rep = 3 })\n"
               "assert(not ok and e:find(\"unknown option 'rep'\"), e)\n"
               "ok, e = pcall(cx.run, T, { seeds = 3 })\n"
               "assert(not ok and e:find(\"unknown option 'seeds'\"), e)\n");
    cr_assert_eq(run_experiment(path, 2, 0), 0, "%s", err);
    snprintf(file, sizeof file, "%s/seeds.csv", work);
    char *t = cxt_slurp(file), want[64];
    snprintf(want, sizeof want, "seed\n%llu\n", (unsigned long long)cx_runs_seed(UINT64_MAX, 1));
    cr_assert(t && !strcmp(t, want), "%s", t ? t : "");
    free(t);
    snprintf(file, sizeof file, "%s/crows.csv", work);
    t = cxt_slurp(file);
    char want_row[128];
    snprintf(want_row, sizeof want_row, "scenario,arm,regime,rep,seed,client_tco_cum\ndefault,a,vendor,1,%llu,",
             (unsigned long long)cx_runs_seed(UINT64_MAX, 1));
    cr_assert(t && !strncmp(t, want_row, strlen(want_row)), "%s", t ? t : "");
    free(t);
    snprintf(file, sizeof file, "%s/m.csv", work);
    t = cxt_slurp(file);
    cr_assert_not_null(t);
    const char *head = "scenario,regime,rep,seed,month,day_start,";
    cr_assert(!strncmp(t, head, strlen(head)), "%.100s", t);
    cr_assert_null(strstr(t, ",month,month"), "%.100s", t);
    cr_assert(strstr(t, "\ndefault,vendor,0,18446744073709551615,0,"), "%.300s", t);
    free(t);
    /* --set seed= and the scenario field take every unsigned 64-bit value */
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_param_set_text(&P, "seed", "18446744073709551615", err, sizeof err), 0, "%s", err);
    cr_assert_eq(P.seed, UINT64_MAX);
    cr_assert_neq(cx_param_set_text(&P, "seed", "18446744073709551616", err, sizeof err), 0);
    cr_assert_neq(cx_param_set_text(&P, "seed", "-1", err, sizeof err), 0);
    cr_assert_neq(cx_param_set_text(&P, "seed", "1e3", err, sizeof err), 0);
}
