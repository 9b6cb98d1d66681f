/* --shard I/N and --merge: a sweep split over the jobs of an array, put together.
 *
 * Three shards of a sweep each journal their own runs (i % 3 == I) and
 * write no CSV; --merge writes the CSV of a serial run, byte for byte, and
 * removes the shard journals. A missing shard is refused with a count
 * (--merge --resume runs the missing runs here), a shard journal of
 * another sweep is refused, and the command line refuses malformed shards. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_lua_experiment.h"
#include "cxt_files.h"

static char work[256];
static char err[1024];

static void make_work(void)
{
    cxt_make_temp_dir(work, sizeof work, "cx_shard");
    cr_assert_eq(chdir(work), 0, "cannot enter %s", work); /* experiments write below it */
}

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(shard, .init = make_work, .fini = remove_work);

/* WORK/exp.lua: a 2-point x 3-replication sweep of a short default
 * scenario into OUT (the global `arg[1]`), its result checked by `check`. */
static const char *experiment(char *out, size_t n, const char *values, const char *check)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    char text[4096];
    snprintf(text, sizeof text,
             "local S = cx.scenario{ base = '%s/scripts/default.lua', years = 0.05, demand = { rate_per_min = 2 } }\n"
             "local r = cx.sweep(S, { ['contacts.complex_share'] = {%s} }, 3,\n"
             "  { out = 'out/' .. arg[1], metrics = {'csat', 'fcr', 'client_tco_cum'} })\n"
             "%s\n",
             src, values, check);
    return cxt_write_in(out, n, work, "exp.lua", text);
}

static int run(const char *path, const char *csv, int shard, int shards, int merge, int resume)
{
    char *args[] = {(char *)csv, NULL};
    cx_experiment_opts o = {.jobs = 2, .shard = shard, .shards = shards, .merge = merge, .resume = resume};
    return cx_lua_experiment(path, 1, args, &o, err, sizeof err);
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

Test(shard, three_shards_merge_to_the_serial_csv)
{
    char path[512];
    experiment(path, sizeof path, "0.1, 0.3",
               "assert(r.runs == 6)\n"
               "-- a shard: its 2 runs x 2 regimes; the serial run and the merge: all\n"
               "assert(r.rows == #r.data and #r.data == (r.complete and 12 or 4))\n");
    cr_assert_eq(run(path, "serial.csv", 0, 1, 0, 0), 0, "%s", err);
    for (int i = 0; i < 3; i++) cr_assert_eq(run(path, "m.csv", i, 3, 0, 0), 0, "shard %d: %s", i, err);
    cr_expect_not(exists("out/m.csv"), "a shard writes no CSV");
    cr_expect(exists("out/m.csv.journal.0-of-3") && exists("out/m.csv.journal.2-of-3"));
    cr_assert_eq(run(path, "m.csv", 0, 1, 1, 0), 0, "merge: %s", err);
    char *a = cxt_slurp("out/serial.csv"), *b = cxt_slurp("out/m.csv");
    cr_assert(a && b);
    cr_expect_str_eq(b, a, "the merged CSV differs from the serial one");
    free(a);
    free(b);
    cr_expect_not(exists("out/m.csv.journal.1-of-3"), "the merge removes the shard journals");
    cr_expect_not(exists("out/m.csv.journal"));
}

Test(shard, a_missing_shard_is_refused_or_run_with_resume)
{
    char path[512];
    experiment(path, sizeof path, "0.1, 0.3", "");
    cr_assert_eq(run(path, "m.csv", 1, 3, 0, 0), 0, "%s", err);
    cr_assert_eq(run(path, "m.csv", 0, 1, 1, 0), -1);
    cr_expect(strstr(err, "cx.sweep: --merge: 4 of 6 runs are in none of the 1 shard journals beside out/m.csv "
                          "(out/m.csv.journal.I-of-N): run the missing shards, or add --resume to run them here"),
              "%s", err);
    cr_expect(exists("out/m.csv.journal.1-of-3"), "a refused merge keeps the shard journals");
    cr_assert_eq(run(path, "serial.csv", 0, 1, 0, 0), 0, "%s", err);
    cr_assert_eq(run(path, "m.csv", 0, 1, 1, 1), 0, "merge --resume: %s", err);
    char *a = cxt_slurp("out/serial.csv"), *b = cxt_slurp("out/m.csv");
    cr_assert(a && b);
    cr_expect_str_eq(b, a);
    free(a);
    free(b);
}

Test(shard, a_shard_of_another_sweep_is_refused)
{
    char path[512];
    experiment(path, sizeof path, "0.1, 0.3", "");
    cr_assert_eq(run(path, "m.csv", 0, 2, 0, 0), 0, "%s", err);
    experiment(path, sizeof path, "0.1, 0.2", "");
    cr_assert_eq(run(path, "m.csv", 1, 2, 0, 0), 0, "%s", err);
    cr_assert_eq(run(path, "m.csv", 0, 1, 1, 0), -1);
    cr_expect(strstr(err, "cx.sweep: --merge: out/m.csv.journal.0-of-2 belongs to another sweep"), "%s", err);
}

Test(shard, command_line)
{
    static const char *const bad[][6] = {
        {"lua", "exp.lua", "--shard", "3/3", NULL},
        {"lua", "exp.lua", "--shard", "1/0", NULL},
        {"lua", "exp.lua", "--shard", "-1/4", NULL},
        {"lua", "exp.lua", "--shard", "1/4x", NULL},
        {"lua", "exp.lua", "--shard", "1", NULL},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        cxt_proc r;
        cxt_run(&r, work, bad[k], 30);
        cr_expect_eq(r.status, 1, "--shard %s: status %d", bad[k][3], r.status);
        char want[160];
        snprintf(want, sizeof want, "cxsim lua: --shard %s: want I/N with N from 1 to 1000000 and I from 0 to N-1",
                 bad[k][3]);
        cr_expect(strstr(r.err, want), "%s", r.err);
        cxt_proc_free(&r);
    }
    const char *both[] = {"lua", "exp.lua", "--merge", "--shard", "0/2", NULL};
    cxt_proc r;
    cxt_run(&r, work, both, 30);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "cxsim lua: --merge excludes --shard"), "%s", r.err);
    cxt_proc_free(&r);
}
