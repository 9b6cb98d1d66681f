/* The cxsim program, run as a user runs it: exit status, stdout, stderr and
 * the results files. The program's path comes from $CXSIM and the source
 * tree from $CX_SOURCE_DIR (both set by ctest). Every test works in its own
 * directory made by mkdtemp and removed afterwards. Simulated horizons are
 * kept short because the suite also runs under AddressSanitizer. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_params.h"
#include "cx_results.h"
#include "cxt_files.h"

#define RUN_DEADLINE_S 120   /* seconds one cxsim run may take */

/* ------------------------------------------------------------------ */
/* Working directory, files                                             */

static char work[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_cli"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(cli, .init = make_work, .fini = remove_work);

/* WORK/name into out */
static const char *in_work(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", work, name);
    return out;
}

/* 1 when the two files exist and have the same bytes */
static int same_file(const char *a, const char *b)
{
    char *x = cxt_slurp(a), *y = cxt_slurp(b);
    int same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* ------------------------------------------------------------------ */
/* Running the program                                                  */

/* Run $CXSIM with the NULL-terminated arguments in WORK; stdin is /dev/null. */
static void run_argv(cxt_proc *r, const char *const *args)
{
    cxt_run(r, work, args, RUN_DEADLINE_S);
    /* cxsim exits 0, 1, 2 or 3 (calibrate --check: a figure out of range);
     * anything else is a signal or a sanitizer report (LeakSanitizer exits
     * 23), even where a failure is expected */
    cr_expect(r->status <= 3 && !strstr(r->err, "Sanitizer") && !strstr(r->err, "runtime error:"),
              "cxsim %s: exit %d, stderr:\n%s", args[0] ? args[0] : "", r->status, r->err);
}

static void run_v(cxt_proc *r, ...)
{
    const char *args[64];
    int n = 0;
    va_list ap;
    va_start(ap, r);
    for (const char *a; n < 63 && (a = va_arg(ap, const char *));) args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    run_argv(r, args);
}
#define CX(r, ...) run_v(r, __VA_ARGS__, (const char *)NULL)

/* The test scenario: a small centre so that runs are quick. */
static const char scenario_text[] =
    "-- test scenario for the CLI tests\n"
    "return {\n"
    "  name = \"cli-test\",\n"
    "  seed = 3,\n"
    "  years = 5,\n"
    "  warmup_days = 2,\n"
    "  demand = { rate_per_min = 4 },\n"
    "  handle = { dist = \"exp\", mean_min = 4 },\n"
    "  patience = { dist = \"exp\", mean_min = 3 },\n"
    "  staff = { agents = 18 },\n"
    "  mechanisms = { learning = false, forgetting = false, attrition = false, hiring_delay = false,\n"
    "                 defects = false, repeats = false, churn = false, trust = false, contract = false,\n"
    "                 schedules = false },\n"
    "}\n";

static const char *write_scenario(char *out, size_t n)
{
    in_work(out, n, "scenario.lua");
    cxt_write_text(out, scenario_text);
    return out;
}

/* Run the test scenario into WORK/outname with extra arguments; must succeed. */
static void run_ok(const char *outname, const char *seed, const char *years, const char *set)
{
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, outname);
    cxt_proc r;
    if (set) CX(&r, "run", scen, "--out", out, "--years", years, "--seed", seed, "--set", set);
    else CX(&r, "run", scen, "--out", out, "--years", years, "--seed", seed);
    cr_assert_eq(r.status, 0, "cxsim run failed (%d): %s", r.status, r.err);
    cr_expect_str_empty(r.err, "stderr not empty: %s", r.err);
    cxt_proc_free(&r);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

/* Split `s` at '\n' in place; returns the number of lines (without a last empty one). */
static int split_lines(char *s, char **lines, int max)
{
    int n = 0;
    for (char *p = s; *p && n < max;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = 0;
        p = nl + 1;
    }
    return n;
}

/* Split a line at ',' in place. */
static int split_fields(char *s, char **f, int max)
{
    int n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == ',') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

/* The monthly columns: the label columns, then the numeric ones. */
static const char *column_name(int i)
{
    int nl = 0;
    while (cx_label_columns[nl].name) nl++;
    return i < nl ? cx_label_columns[i].name : i - nl < CX_C_COUNT ? cx_row_columns[i - nl].name : NULL;
}

static void documented_header(char *h, size_t n)
{
    size_t k = 0;
    h[0] = 0;
    for (int i = 0; column_name(i); i++) k += (size_t)snprintf(h + k, n - k, "%s%s", i ? "," : "", column_name(i));
}

static int n_columns(void)
{
    int n = 0;
    while (column_name(n)) n++;
    return n;
}

static int column(const char *name)
{
    for (int i = 0; column_name(i); i++)
        if (!strcmp(column_name(i), name)) return i;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* Names of files in dir containing ".tmp." */
static int count_temporaries(const char *d)
{
    DIR *dd = opendir(d);
    int n = 0;
    if (!dd) return 0;
    for (struct dirent *e; (e = readdir(dd));) n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(dd);
    return n;
}

static const char *const summary_keys[] = {
    "runs", "scenario", "regime", "rep", "seed", "years", "warmup_days", "events", "offered",
    "answered", "abandoned", "in_system_at_end", "service_level", "p_wait", "abandon_rate", "asa_s",
    "mean_wait_s", "aht_min", "occupancy", "mean_queue", "mean_agents", NULL,
};

/* ------------------------------------------------------------------ */
/* Help and usage                                                       */

Test(cli, top_level_help)
{
    const char *forms[] = {"--help", "-h", "help"};
    for (size_t i = 0; i < 3; i++) {
        cxt_proc r;
        CX(&r, forms[i]);
        cr_expect_eq(r.status, 0, "cxsim %s: exit %d", forms[i], r.status);
        cr_expect(strstr(r.out, "usage: cxsim COMMAND") != NULL, "cxsim %s: %s", forms[i], r.out);
        const char *cmds[] = {"run", "erlang", "bench", "params"};
        for (size_t k = 0; k < 4; k++) {
            char line[32];
            snprintf(line, sizeof line, "  %s ", cmds[k]);
            cr_expect(strstr(r.out, line) != NULL, "usage does not list %s", cmds[k]);
        }
        cxt_proc_free(&r);
    }
}

Test(cli, no_arguments_prints_usage_and_fails)
{
    cxt_proc r;
    const char *none[] = {NULL};
    run_argv(&r, none);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "usage: cxsim") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}

Test(cli, version)
{
    cxt_proc r;
    CX(&r, "--version");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "cxsim 0.1.0\n");
    cxt_proc_free(&r);
}

Test(cli, command_help)
{
    const char *cmds[] = {"run", "erlang", "bench", "params"};
    for (size_t i = 0; i < 4; i++) {
        char want[64];
        snprintf(want, sizeof want, "usage: cxsim %s", cmds[i]);
        const char *forms[] = {"--help", "-h"};
        for (size_t k = 0; k < 2; k++) {
            cxt_proc r;
            CX(&r, cmds[i], forms[k]);
            cr_expect_eq(r.status, 0, "cxsim %s %s: exit %d", cmds[i], forms[k], r.status);
            cr_expect(strncmp(r.out, want, strlen(want)) == 0, "cxsim %s %s printed:\n%s", cmds[i], forms[k],
                      r.out);
            cr_expect_str_empty(r.err, "cxsim %s %s: stderr: %s", cmds[i], forms[k], r.err);
            cxt_proc_free(&r);
        }
    }
}

Test(cli, run_help_mentions_its_options)
{
    cxt_proc r;
    CX(&r, "run", "--help");
    const char *opts[] = {"--seed", "--years", "--out", "--set", "--quiet", "monthly.csv", "summary.json"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        cr_expect(strstr(r.out, opts[i]) != NULL, "run --help does not mention %s", opts[i]);
    cxt_proc_free(&r);
}

Test(cli, unknown_command)
{
    cxt_proc r;
    CX(&r, "frobnicate");
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "unknown command \"frobnicate\"") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}

Test(cli, unknown_options)
{
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "out");
    struct { const char *cmd, *opt, *val, *want; } cases[] = {
        {"run", "--frobnicate", NULL, "unknown option --frobnicate"},
        {"erlang", "--frobnicate", "1", "unknown option --frobnicate"},
        {"bench", "--frobnicate", "1", "unknown option --frobnicate"},
        {"params", "--frobnicate", NULL, "unknown argument --frobnicate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cxt_proc r;
        if (!strcmp(cases[i].cmd, "run")) CX(&r, "run", scen, "--out", out, cases[i].opt);
        else if (cases[i].val) CX(&r, cases[i].cmd, cases[i].opt, cases[i].val);
        else CX(&r, cases[i].cmd, cases[i].opt);
        cr_expect_neq(r.status, 0, "cxsim %s %s should fail", cases[i].cmd, cases[i].opt);
        cr_expect(strstr(r.err, cases[i].want) != NULL, "cxsim %s %s: stderr \"%s\"", cases[i].cmd,
                  cases[i].opt, r.err);
        cxt_proc_free(&r);
    }
    cr_expect_neq(access(out, F_OK), 0, "a failed run created its output directory");
}

Test(cli, bad_option_values)
{
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "out");
    /* each run must fail, its stderr naming what is wrong */
    struct { const char *args[8], *want; } cases[] = {
        {{"run", scen, "--out", out, "--years", "abc"}, "--years"},
        {{"run", scen, "--out", out, "--seed", "-1"}, "--seed"},
        {{"run", scen, "--out"}, "--out needs a value"},
        {{"run", scen, scen}, "one scenario at a time"},
        {{"run"}, "usage: cxsim run"},   /* no scenario */
        {{"erlang", "--aht", "180"}, "--calls and --aht are required"},
        {{"erlang", "--calls", "many", "--aht", "180"}, "--calls"},
        {{"bench", "--years", "0"}, "--years"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cxt_proc r;
        run_argv(&r, cases[i].args);
        cr_expect_neq(r.status, 0, "case %zu (cxsim %s ...) should fail", i + 1, cases[i].args[0]);
        cr_expect(strstr(r.err, cases[i].want) != NULL, "case %zu: %s", i + 1, r.err);
        cxt_proc_free(&r);
    }
    cr_expect_neq(access(out, F_OK), 0, "a failed run created its output directory");
}

/* ------------------------------------------------------------------ */
/* cxsim run: errors                                                    */

Test(cli, bad_scenario_names_file_line_and_field)
{
    char scen[1200], out[1200], want[1600];
    in_work(scen, sizeof scen, "bad.lua");
    in_work(out, sizeof out, "out");
    /* stderr starts "cxsim run: SCENARIO:" and then `at` */
    struct { const char *text, *at; } cases[] = {
        {"return {\n"
         "  years = 0.05,\n"
         "  staff = {\n"
         "    agents = 4.5,\n"
         "  },\n"
         "}\n",
         "4: field 'staff.agents': must be a whole number"},
        {"return {\n  demand = {\n    rate_per_minute = 3,\n  },\n}\n", "3: field 'demand.rate_per_minute': unknown field"},
        {"return {\n  years = 1,\n  seed = ,\n}\n", "3:"},
    };
    cxt_proc r;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cxt_write_text(scen, cases[i].text);
        CX(&r, "run", scen, "--out", out);
        cr_expect_neq(r.status, 0);
        snprintf(want, sizeof want, "cxsim run: %s:%s", scen, cases[i].at);
        cr_expect(strncmp(r.err, want, strlen(want)) == 0, "stderr\n  \"%s\"\nshould start with\n  \"%s\"", r.err,
                  want);
        cr_expect_neq(access(out, F_OK), 0, "a failed run created its output directory");
        cxt_proc_free(&r);
    }

    in_work(scen, sizeof scen, "nosuch.lua");
    CX(&r, "run", scen, "--out", out);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, scen) != NULL, "%s", r.err);
    cxt_proc_free(&r);
    cr_expect_neq(access(out, F_OK), 0, "a failed run created its output directory");
}

Test(cli, set_errors_name_the_field)
{
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "out");
    struct { const char *set, *want; } cases[] = {
        {"nosuch.field=1", "field 'nosuch.field': unknown field"},
        {"staff.agents=4.5", "field 'staff.agents': must be a whole number"},
        {"demand.rate_per_min=-3", "field 'demand.rate_per_min': must be between"},
        {"handle.dist=weibull", "field 'handle.dist': unknown value \"weibull\""},
        {"demand.weekday=1", "field 'demand.weekday': is a list"},
        {"staff.agents", "expected FIELD=VALUE"},
        {"=5", "expected FIELD=VALUE"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cxt_proc r;
        CX(&r, "run", scen, "--out", out, "--years", "0.02", "--set", cases[i].set);
        cr_expect_neq(r.status, 0, "--set %s should fail", cases[i].set);
        cr_expect(strstr(r.err, cases[i].want) != NULL, "--set %s: stderr \"%s\"", cases[i].set, r.err);
        cxt_proc_free(&r);
    }
    cr_expect_neq(access(out, F_OK), 0, "a failed run created its output directory");
}

Test(cli, overrides_are_checked_together)
{
    /* the scenario's 2-day warm-up does not fit in --years 0.004 (1.46 days) */
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "out");
    cxt_proc r;
    CX(&r, "run", scen, "--out", out, "--years", "0.004");
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "field 'warmup_days': must be shorter than the horizon") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}

Test(cli, output_path_that_is_a_file)
{
    char scen[1200], out[1200];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "afile");
    cxt_write_text(out, "not a directory\n");
    cxt_proc r;
    CX(&r, "run", scen, "--out", out, "--years", "0.02");
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, out) && strstr(r.err, "not a folder"), "%s", r.err);
    cr_expect_str_empty(r.out, "the run went on: %s", r.out);
    cr_expect_eq(count_temporaries(work), 0);
    cxt_proc_free(&r);
}

/* ------------------------------------------------------------------ */
/* cxsim run: results                                                   */

Test(cli, run_writes_monthly_csv_and_summary_json)
{
    char scen[1200], out[1200], csv[1300], json[1300];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "res/nested");
    cxt_proc r;
    CX(&r, "run", scen, "--out", out, "--years", "0.05", "--seed", "7");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.out, "scenario cli-test, seed 7") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "results: ") != NULL, "%s", r.out);
    cxt_proc_free(&r);

    snprintf(csv, sizeof csv, "%s/monthly.csv", out);
    snprintf(json, sizeof json, "%s/summary.json", out);
    cr_expect_eq(count_temporaries(out), 0, "temporary files left in %s", out);

    char *text = cxt_slurp(csv);
    cr_assert_not_null(text, "no %s", csv);
    char *lines[64], want[2048];
    int n = split_lines(text, lines, 64);
    documented_header(want, sizeof want);
    cr_assert_geq(n, 1);
    cr_expect_str_eq(lines[0], want, "CSV header");
    /* 0.05 years is 0.6 of a month: one (short) month */
    int months = (int)ceil(0.05 * 12 - 1e-9);
    cr_expect_eq(n - 1, months, "%d data rows for %d months", n - 1, months);
    for (int i = 1; i < n; i++) {
        char *f[128];
        int nf = split_fields(lines[i], f, 128);
        cr_assert_eq(nf, n_columns(), "row %d has %d fields", i, nf);
        cr_expect_str_eq(f[column("scenario")], "cli-test");
        cr_expect_str_eq(f[column("regime")], "base");
        cr_expect_str_eq(f[column("rep")], "0");
        cr_expect_str_eq(f[column("seed")], "7");
        cr_expect_eq(atoi(f[column("month")]), i - 1);
        cr_expect_gt(atol(f[column("offered")]), 0);
        cr_expect_float_eq(atof(f[column("mean_agents")]), 18.0, 1e-3);
        if (i == 1) cr_expect_float_eq(atof(f[column("day_start")]), 0.0, 1e-9);
        if (i == n - 1) cr_expect_float_eq(atof(f[column("day_end")]), 0.05 * 365.25, 1e-3);
    }
    free(text);

    text = cxt_slurp(json);
    cr_assert_not_null(text, "no %s", json);
    for (const char *const *k = summary_keys; *k; k++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\":", *k);
        cr_expect(strstr(text, key) != NULL, "summary.json has no %s", key);
    }
    cr_expect(strstr(text, "\"scenario\": \"cli-test\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"seed\": 7,") != NULL, "%s", text);
    cr_expect(strstr(text, "\"years\": 0.05,") != NULL, "%s", text);
    cr_expect(strstr(text, "\"warmup_days\": 2,") != NULL, "%s", text);
    cr_expect(strstr(text, "\"mean_agents\": 18.0000") != NULL, "%s", text);
    cr_expect_eq(text[0], '{');
    cr_expect_eq(text[strlen(text) - 2], '}');
    free(text);
}

Test(cli, one_row_per_month)
{
    /* a quiet centre, so that a quarter of a year stays quick */
    run_ok("out", "5", "0.25", "demand.rate_per_min=0.3");
    char csv[1300];
    in_work(csv, sizeof csv, "out/monthly.csv");
    char *text = cxt_slurp(csv);
    cr_assert_not_null(text);
    char *lines[64];
    int n = split_lines(text, lines, 64);
    cr_assert_eq(n, 1 + 3, "0.25 years: header and 3 months, got %d lines", n);
    double prev_end = 0;
    for (int i = 1; i < n; i++) {
        char *f[128];
        cr_assert_eq(split_fields(lines[i], f, 128), n_columns());
        cr_expect_eq(atoi(f[column("month")]), i - 1);
        cr_expect_float_eq(atof(f[column("day_start")]), prev_end, 1e-9, "months are contiguous");
        double end = atof(f[column("day_end")]);
        cr_expect_float_eq(end - atof(f[column("day_start")]), 365.25 / 12, 1e-3, "a month is 1/12 year");
        prev_end = end;
    }
    cr_expect_float_eq(prev_end, 0.25 * 365.25, 1e-3, "the last month ends at the horizon");
    free(text);
}

Test(cli, same_seed_same_bytes_other_seed_other_bytes)
{
    run_ok("a", "7", "0.05", NULL);
    run_ok("b", "7", "0.05", NULL);
    run_ok("c", "8", "0.05", NULL);
    const char *files[] = {"monthly.csv", "summary.json"};
    for (size_t i = 0; i < 2; i++) {
        char a[1300], b[1300], c[1300];
        snprintf(a, sizeof a, "%s/a/%s", work, files[i]);
        snprintf(b, sizeof b, "%s/b/%s", work, files[i]);
        snprintf(c, sizeof c, "%s/c/%s", work, files[i]);
        cr_expect(same_file(a, b), "%s differs between two runs with seed 7", files[i]);
        cr_expect(!same_file(a, c), "%s is the same with seeds 7 and 8", files[i]);
    }
}

Test(cli, seed_in_the_scenario_is_used_and_reproducible)
{
    /* without --seed the scenario's seed (3) is the run's */
    char scen[1200], a[1200], b[1200], fa[1300], fb[1300];
    write_scenario(scen, sizeof scen);
    in_work(a, sizeof a, "a");
    in_work(b, sizeof b, "b");
    cxt_proc r;
    CX(&r, "run", scen, "--out", a, "--years", "0.02", "--quiet");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_empty(r.out, "--quiet printed: %s", r.out);
    cxt_proc_free(&r);
    CX(&r, "run", scen, "--out", b, "--years", "0.02", "--seed", "3", "--quiet");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cxt_proc_free(&r);
    snprintf(fa, sizeof fa, "%s/summary.json", a);
    snprintf(fb, sizeof fb, "%s/summary.json", b);
    cr_expect(same_file(fa, fb), "the scenario's seed 3 and --seed 3 differ");
    char *text = cxt_slurp(fa);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\"seed\": 3,") != NULL, "%s", text);
    free(text);
}

Test(cli, set_changes_the_result)
{
    run_ok("base", "7", "0.05", NULL);
    run_ok("more", "7", "0.05", "staff.agents=50");
    char a[1300], b[1300];
    snprintf(a, sizeof a, "%s/base/summary.json", work);
    snprintf(b, sizeof b, "%s/more/summary.json", work);
    cr_expect(!same_file(a, b), "--set staff.agents=50 did not change summary.json");
    char *text = cxt_slurp(b);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\"mean_agents\": 50.0000") != NULL, "%s", text);
    free(text);
    snprintf(a, sizeof a, "%s/base/monthly.csv", work);
    snprintf(b, sizeof b, "%s/more/monthly.csv", work);
    cr_expect(!same_file(a, b), "--set staff.agents=50 did not change monthly.csv");
}

Test(cli, rerun_replaces_the_results)
{
    run_ok("out", "7", "0.02", NULL);
    char csv[1300], keep[1300];
    in_work(csv, sizeof csv, "out/monthly.csv");
    in_work(keep, sizeof keep, "first.csv");
    char *first = cxt_slurp(csv);
    cr_assert_not_null(first);
    cxt_write_text(keep, first);
    free(first);
    run_ok("out", "8", "0.02", NULL);
    cr_expect(!same_file(csv, keep), "the second run did not replace monthly.csv");
    char out[1200];
    cr_expect_eq(count_temporaries(in_work(out, sizeof out, "out")), 0);
    cr_expect_eq(count_temporaries(work), 0, "a temporary folder left beside out");
}

Test(cli, csv_quotes_a_scenario_name_with_a_comma)
{
    char scen[1200], out[1200], csv[1300];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "out");
    cxt_proc r;
    CX(&r, "run", scen, "--out", out, "--years", "0.02", "--set", "name=north, south", "--quiet");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cxt_proc_free(&r);
    snprintf(csv, sizeof csv, "%s/monthly.csv", out);
    char *text = cxt_slurp(csv);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\n\"north, south\",base,") != NULL, "%s", text);
    free(text);
}

/* the umask of the test process; tests/test_results.c sets several */
Test(cli, results_files_follow_the_umask)
{
    run_ok("out", "7", "0.02", NULL);
    char csv[1300];
    struct stat st;
    in_work(csv, sizeof csv, "out/monthly.csv");
    cr_assert_eq(stat(csv, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_expect_eq(st.st_mode & 0777, 0666 & ~mask, "mode %o", (unsigned)(st.st_mode & 0777));
}

/* ------------------------------------------------------------------ */
/* cxsim erlang and cxsim params                                        */

Test(cli, erlang_c_for_fourteen_agents)
{
    cxt_proc r;
    CX(&r, "erlang", "--calls", "100", "--interval", "30", "--aht", "180", "--agents", "14");
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *row = strstr(r.out, "\n  14 ");
    cr_assert_not_null(row, "no row for 14 agents:\n%s", r.out);
    char *end = strchr(row + 1, '\n');
    if (end) *end = 0;
    cr_expect(strstr(row, " 0.1741 ") != NULL, "P(wait) 0.1741 not in \"%s\"", row + 1);
    cr_expect(strstr(row, " 0.8884 ") != NULL, "SL 0.8884 not in \"%s\"", row + 1);
    cr_expect(strstr(r.out, "load 10.0000 Erlang") != NULL, "%s", r.out);
    cxt_proc_free(&r);
}

Test(cli, erlang_staffing_for_eighty_percent)
{
    cxt_proc r;
    CX(&r, "erlang", "--calls", "100", "--interval", "30", "--aht", "180", "--sl", "0.8");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "service level >= 0.8: 14 agents") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "\n  14 ") != NULL, "%s", r.out);
    cxt_proc_free(&r);
}

Test(cli, params_lists_every_field)
{
    cxt_proc r;
    CX(&r, "params");
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (const cx_param_desc *d = cx_param_table; d->path; d++) {
        char line[128];
        snprintf(line, sizeof line, "%s  (", d->path);
        cr_expect(strstr(r.out, line) != NULL, "cxsim params does not list %s", d->path);
    }
    cr_expect(strstr(r.out, "default 45, range 0 to 1e+06") != NULL, "%s", r.out);
    cxt_proc_free(&r);
}

/* ------------------------------------------------------------------ */
/* docs/results.md documents every column and summary field             */

Test(cli, results_doc_names_every_column)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048];
    snprintf(path, sizeof path, "%s/docs/results.md", src);
    char *doc = cxt_slurp(path);
    cr_assert_not_null(doc, "cannot read %s", path);

    /* the header the program writes, not the table in the source */
    run_ok("out", "7", "0.02", NULL);
    char csv[1300];
    in_work(csv, sizeof csv, "out/monthly.csv");
    char *text = cxt_slurp(csv);
    cr_assert_not_null(text);
    char *lines[8], *cols[128];
    split_lines(text, lines, 8);
    int n = split_fields(lines[0], cols, 128);
    cr_expect_eq(n, n_columns());
    for (int i = 0; i < n; i++) {
        char key[80];
        snprintf(key, sizeof key, "`%s`", cols[i]);
        cr_expect(strstr(doc, key) != NULL, "docs/results.md does not document column %s", key);
    }
    for (const char *const *k = summary_keys; *k; k++) {
        char key[80];
        snprintf(key, sizeof key, "`%s`", *k);
        cr_expect(strstr(doc, key) != NULL, "docs/results.md does not document summary field %s", key);
    }
    free(text);
    free(doc);
}

/* --reps N: N replications in one results directory, rep 0 on the seed
 * itself (the same rows as a single run), the others on mixed seeds. */
Test(cli, replications_share_one_results_directory)
{
    run_ok("one", "7", "0.1", NULL);
    char scen[1200], out[1200], csv[1300], single[1300];
    write_scenario(scen, sizeof scen);
    in_work(out, sizeof out, "reps");
    cxt_proc r;
    CX(&r, "run", scen, "--out", out, "--years", "0.1", "--seed", "7", "--reps", "3", "--quiet");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cxt_proc_free(&r);
    snprintf(csv, sizeof csv, "%s/monthly.csv", out);
    snprintf(single, sizeof single, "%s/one/monthly.csv", work);
    char *text = cxt_slurp(csv), *one = cxt_slurp(single);
    cr_assert(text && one);
    char *lines[64], *lines1[64];
    int n = split_lines(text, lines, 64), n1 = split_lines(one, lines1, 64);
    int months = (int)ceil(0.1 * 12 - 1e-9);
    cr_assert_eq(n, 1 + 3 * months, "%d lines for 3 replications of %d months", n, months);
    cr_assert_eq(n1, 1 + months);
    for (int i = 0; i < n1; i++) cr_expect_str_eq(lines[i], lines1[i], "replication 0 is the single run");
    char seeds[3][32] = {{0}};
    for (int k = 0; k < 3; k++) {
        char *f[80];
        cr_assert_eq(split_fields(lines[1 + k * months], f, 80), n_columns());
        cr_expect_eq(atoi(f[column("rep")]), k);
        snprintf(seeds[k], sizeof seeds[k], "%s", f[column("seed")]);
    }
    cr_expect(strcmp(seeds[0], seeds[1]) && strcmp(seeds[1], seeds[2]), "replications run on distinct seeds");
    free(text);
    free(one);
    CX(&r, "run", scen, "--out", out, "--reps", "0");
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "--reps") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}

/* Regimes and replications run in parallel threads; the files are the same
 * whatever the thread count (each run owns its context). The shipped
 * default scenario (two regimes, the whole model) over two months and three
 * replications, on 1, 2 and 5 threads. */
Test(cli, thread_count_does_not_change_the_files, .timeout = 300)
{
    char scen[4096], out[3][1200];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", getenv("CX_SOURCE_DIR"));
    static const char *const jobs[3] = {"1", "2", "5"};
    for (int k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "jobs%s", jobs[k]);
        in_work(out[k], sizeof out[k], name);
        cxt_proc r;
        CX(&r, "run", scen, "--years", "0.17", "--reps", "3", "--jobs", jobs[k], "--out", out[k], "--quiet");
        cr_assert_eq(r.status, 0, "--jobs %s: %s", jobs[k], r.err);
        cxt_proc_free(&r);
    }
    static const char *const files[] = {"monthly.csv", "events.csv", "summary.json", "manifest.json"};
    for (int k = 1; k < 3; k++)
        for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
            char a[1300], b[1300];
            snprintf(a, sizeof a, "%s/%s", out[0], files[f]);
            snprintf(b, sizeof b, "%s/%s", out[k], files[f]);
            cr_expect(same_file(a, b), "%s differs between --jobs 1 and --jobs %s", files[f], jobs[k]);
        }
}

/* cxsim calibrate prints, for every regime, every figure with its verdict
 * and source; a figure outside its range says ABOVE or BELOW. */
Test(cli, calibrate_prints_every_figure_per_regime, .timeout = 300)
{
    char scen[4096];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", getenv("CX_SOURCE_DIR"));
    cxt_proc r;
    CX(&r, "calibrate", scen, "--years", "0.25", "--reps", "2");
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const figures[] = {"annual attrition", "90-day attrition", "time to proficiency", "AHT",
                                          "FCR", "CSAT top box",
                                          "abandonment", "service level", "occupancy", "shrinkage",
                                          "replacement cost per hire", "provider operating margin"};
    static const char *const regimes[] = {"vendor\n", "partner\n"};
    for (size_t g = 0; g < 2; g++) {
        const char *regime = regimes[g], *at = strstr(r.out, regime);
        cr_assert_not_null(at, "no section for %s in:\n%s", regime, r.out);
        for (size_t f = 0; f < sizeof figures / sizeof *figures; f++) {
            const char *line = strstr(at, figures[f]);
            cr_assert_not_null(line, "%s: no %s", regime, figures[f]);
            const char *end = strchr(line, '\n');
            cr_assert_not_null(end);
            int judged = 0;
            for (const char *v = line; v < end; v++)
                judged |= !strncmp(v, "in range", 8) || !strncmp(v, "ABOVE", 5) || !strncmp(v, "BELOW", 5);
            cr_expect(judged, "%s: %.*s has no verdict", regime, (int)(end - line), line);
            cr_expect(memchr(line, '(', (size_t)(end - line)), "%s: %s has no source", regime, figures[f]);
        }
    }
    cxt_proc_free(&r);
}

/* --check turns a figure outside its range into exit status 3: a recruiting
 * cost of $100,000 puts the replacement cost per hire above $20k. */
Test(cli, calibrate_check_fails_outside_a_range, .timeout = 300)
{
    char scen[4096];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", getenv("CX_SOURCE_DIR"));
    cxt_proc r;
    CX(&r, "calibrate", scen, "--years", "0.1", "--check", "--set", "economics.recruit_cost=100000");
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err);
    const char *line = strstr(r.out, "replacement cost per hire");
    cr_assert_not_null(line, "%s", r.out);
    cr_expect(strstr(line, "ABOVE") && strstr(line, "ABOVE") < strchr(line, '\n'), "%.*s", 120, line);
    cr_expect(strstr(r.out, "outside the industry range"), "%s", r.out);
    cxt_proc_free(&r);
}

/* The printed headline splits the client's cost gap into cash and lost
 * customers, each paired over the replications with a CI and the count of
 * replications each regime wins; the two add up to the total. */
Test(cli, headline_splits_cash_and_lost_customers, .timeout = 300)
{
    char scen[4096], out[1200];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", getenv("CX_SOURCE_DIR"));
    cxt_proc r;
    CX(&r, "run", scen, "--years", "0.17", "--reps", "2", "--out", in_work(out, sizeof out, "gaps"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const label[3] = {"cash:", "lost customers", "total cost of ownership"};
    double v[3] = {NAN, NAN, NAN};
    for (int k = 0; k < 3; k++) {
        const char *line = strstr(r.out, label[k]);
        cr_assert_not_null(line, "no '%s' line in:\n%s", label[k], r.out);
        const char *num = line + 45; /* the labels are printed 44 wide, then the figure */
        cr_assert(strlen(line) > 45 && sscanf(num, "%lf", &v[k]) == 1, "no figure on: %.80s", line);
        const char *end = strchr(line, '\n');
        cr_expect(strstr(line, "95% CI") && strstr(line, "cheaper in") && strstr(line, "cheaper in") < end,
                  "no CI or win count on: %.*s", (int)(end - line), line);
    }
    cr_expect(fabs(v[0] + v[1] - v[2]) <= 0.011, "cash %g + lost %g != total %g", v[0], v[1], v[2]);
    cxt_proc_free(&r);
}

/* With three regimes every pair is compared: the rate-cut story's two
 * refusals against each other too, not only each against the first. */
Test(cli, three_regimes_print_every_pair, .timeout = 300)
{
    char scen[4096], out[1200];
    snprintf(scen, sizeof scen, "%s/scripts/rate-cut-story.lua", getenv("CX_SOURCE_DIR"));
    cxt_proc r;
    CX(&r, "run", scen, "--years", "0.17", "--out", in_work(out, sizeof out, "pairs"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const pair[3] = {"cut-accepted - cut-refused,", "cut-accepted - shared-savings,",
                                        "cut-refused - shared-savings,"};
    for (int k = 0; k < 3; k++)
        cr_expect(strstr(r.out, pair[k]), "no \"%s\" comparison in:\n%s", pair[k], r.out);
    cxt_proc_free(&r);
}
