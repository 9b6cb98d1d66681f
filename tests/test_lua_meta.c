/* Reproducibility: metadata.json in every results folder, OUT.meta.json
 * beside every sweep's and design's CSV, cx.version and cx.commit,
 * s:fields(), s:hash(), cx.diff and cx.read_csv.
 *
 * The scenario hash is the same whichever interface resolved the scenario:
 * `cxsim run --set` (metadata.json), a Lua scenario (s:hash()) and a sweep's
 * base scenario (its .meta.json). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_lua_experiment.h"
#include "cx_meta.h"
#include "cx_params.h"
#include "cx_results.h"
#include "cxt_files.h"

static char work[256];
static char err[2048];

static void make_work_cd(void) { cxt_enter_temp_dir(work, sizeof work, "cx_meta"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(meta, .init = make_work_cd, .fini = remove_work);

static const char *default_scenario(void) { return cxt_source_file("scripts/default.lua"); }

static int run_lua(const char *body)
{
    char p[600], text[8192];
    snprintf(text, sizeof text, "local S = cx.scenario(\"%s\"):set{ years = 0.25, ['demand.rate_per_min'] = 2 }\n%s",
             default_scenario(), body);
    cxt_write_in(p, sizeof p, work, "exp.lua", text);
    cx_experiment_opts o = {.jobs = 1};
    return cx_lua_experiment(p, 0, NULL, &o, err, sizeof err);
}

/* The value of "key": "..." (a string member) in JSON text, into out. */
static int json_text(const char *json, const char *key, char *out, size_t n)
{
    char k[128];
    snprintf(k, sizeof k, "\"%s\": \"", key);
    const char *at = strstr(json, k);
    if (!at) return -1;
    at += strlen(k);
    const char *end = strchr(at, '"');
    snprintf(out, n, "%.*s", (int)(end - at), at);
    return 0;
}

/* A results folder's metadata.json: version, commit, every run's seed, the
 * resolved scenario; its hash equals s:hash() of the same scenario in Lua
 * and a sweep's .meta.json; the manifest lists it; a set written before it
 * existed (no metadata.json in the manifest) still opens. */
Test(meta, results_and_sweep_metadata, .timeout = 600)
{
    const char *args[] = {"run", default_scenario(), "--set", "years=0.25", "--set", "demand.rate_per_min=2",
                          "--reps", "2", "--out", "res", "--quiet", NULL};
    cxt_proc r;
    cxt_run(&r, work, args, 300);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cxt_proc_free(&r);
    char *m = cxt_slurp("res/metadata.json");
    cr_assert_not_null(m);
    char version[64], commit[128], hash[64];
    cr_assert_eq(json_text(m, "version", version, sizeof version), 0, "%s", m);
    cr_assert_str_eq(version, cx_meta_version());
    cr_assert_eq(json_text(m, "commit", commit, sizeof commit), 0);
    cr_assert(strlen(commit) >= 7, "commit '%s'", commit);
    cr_assert_eq(json_text(m, "scenario_hash", hash, sizeof hash), 0);
    cr_assert(strstr(m, "{\"regime\": \"vendor\", \"rep\": 0, \"seed\": \"42\"}"), "%s", m);
    cr_assert(strstr(m, "{\"regime\": \"partner\", \"rep\": 1, \"seed\": \"4265811925338924985\"}"), "%s", m);
    cr_assert(strstr(m, "\n    \"demand.rate_per_min\": 2,\n"), "%s", m);
    cr_assert(strstr(m, "\n    \"partner.client.policy\": \"partner\""), "%s", m);
    free(m);
    char *man = cxt_slurp("res/manifest.json");
    cr_assert(man && strstr(man, "{\"name\": \"metadata.json\", "), "%s", man ? man : "");
    free(man);
    /* the same scenario in Lua, and a sweep's base: the same hash */
    char body[1024];
    snprintf(body, sizeof body,
             "assert(S:hash() == '%s', S:hash())\n"
             "assert(cx.version == '%s' and cx.commit == '%s')\n"
             "local r = cx.sweep(S, { ['partner.client.gain_share'] = {0.3} }, 2, { out = 'o/sw.csv', metrics = {'csat'} })\n",
             hash, version, commit);
    cr_assert_eq(run_lua(body), 0, "%s", err);
    char *sm = cxt_slurp("o/sw.csv.meta.json"), *h2 = hash;
    cr_assert_not_null(sm);
    char shash[64];
    cr_assert_eq(json_text(sm, "scenario_hash", shash, sizeof shash), 0);
    cr_assert_str_eq(shash, h2);
    cr_assert(strstr(sm, "\"kind\": \"sweep\",\n  \"csv\": \"sw.csv\",\n  \"fields\": [\"partner.client.gain_share\"],\n"
                         "  \"points\": 1,\n  \"reps\": 2,\n  \"runs\": 4,\n  \"base_runs\": 2,\n"
                         "  \"rep_seeds\": [\"42\", \"4265811925338924985\"],"), "%s", sm);
    free(sm);
    /* an older set: no metadata.json in its manifest */
    cr_assert_eq(unlink("res/metadata.json"), 0);
    man = cxt_slurp("res/manifest.json");
    char *line = strstr(man, ",\n    {\"name\": \"metadata.json\"");
    cr_assert_not_null(line);
    char *end = strchr(line + 2, '\n');
    memmove(line, end, strlen(end) + 1);
    cxt_write_text("res/manifest.json", man);
    free(man);
    cx_results_set set;
    cr_assert_eq(cx_results_open_set("res", &set, err, sizeof err), 0, "%s", err);
    cx_results_close_set(&set);
}

/* s:fields(), s:hash(), cx.diff, cx.read_csv. */
Test(meta, fields_diff_read_csv)
{
    cr_assert_eq(run_lua("local f, order = S:fields()\n"
                         "assert(f.years == 0.25 and f['demand.rate_per_min'] == 2 and f.seed == '42')\n"
                         "assert(f['mechanisms.attrition'] == true and f['partner.client.policy'] == 'partner')\n"
                         "assert(f['regimes[2].name'] == 'partner' and f.regimes == 2)\n"
                         "assert(order[1] == 'name' and f[order[#order]] ~= nil and #order > 100)\n"
                         "local T = S:copy():set{ years = 0.5, ['partner.client.gain_share'] = 0.3 }\n"
                         "assert(T:hash() ~= S:hash() and S:copy():hash() == S:hash())\n"
                         "local d = cx.diff(S, T)\n"
                         "assert(#d == 2, #d)\n"
                         "assert(d[1].field == 'years' and d[1].a == 0.25 and d[1].b == 0.5)\n"
                         "assert(d[2].field == 'partner.client.gain_share' and d[2].a == nil and d[2].b == 0.3)\n"
                         "assert(#cx.diff(S, S:copy()) == 0)\n"
                         "local back = cx.diff(T, S)\n"
                         "assert(back[2].field == 'partner.client.gain_share' and back[2].a == 0.3 and back[2].b == nil)\n"
                         "cx.write_csv('t/x.csv', { { a = 1, b = 'two, three', seed = '18446744073709551615' },\n"
                         "                          { a = 0/0, b = 'x', seed = '0' } }, { 'a', 'b', 'seed' })\n"
                         "local rows, cols = cx.read_csv('t/x.csv')\n"
                         "assert(#rows == 2 and #cols == 3 and cols[2] == 'b')\n"
                         "assert(rows[1].a == 1 and rows[1].b == 'two, three' and rows[1].seed == '18446744073709551615')\n"
                         "assert(rows[2].a ~= rows[2].a and rows[2].seed == '0')\n"
                         "local ok, e = pcall(cx.read_csv, '../x.csv')\n"
                         "assert(not ok and e:find('cx.read_csv: ../x.csv'), e)\n"
                         "ok, e = pcall(cx.read_csv, '/etc/passwd')\n"
                         "assert(not ok and e:find('cx.read_csv: /etc/passwd'), e)\n"
                         "ok, e = pcall(cx.read_csv, 't/none.csv')\n"
                         "assert(not ok and e:find('cx.read_csv: t/none.csv: No such file'), e)\n"),
                 0, "%s", err);
    /* a symbolic link is refused, even to a file below the folder */
    cr_assert_eq(symlink("x.csv", "t/link.csv"), 0);
    cr_assert_eq(run_lua("cx.read_csv('t/link.csv')"), -1);
    cr_assert(strstr(err, "cx.read_csv: t/link.csv"), "%s", err);
    cxt_write_text("t/empty.csv", "");
    cr_assert_eq(run_lua("cx.read_csv('t/empty.csv')"), -1);
    cr_assert(strstr(err, "cx.read_csv: t/empty.csv: empty (no header line)"), "%s", err);
}

/* The resolved fields and their hash in C: every regime's policy options by
 * LABEL.side.OPTION; one changed option changes the hash. */
Test(meta, hash_follows_every_field)
{
    cx_params P;
    cx_params_default(&P);
    P.n_regimes = 1;
    snprintf(P.regimes[0].label, sizeof P.regimes[0].label, "x");
    snprintf(P.regimes[0].client.name, sizeof P.regimes[0].client.name, "vendor");
    uint64_t h0 = cx_meta_hash(&P);
    P.regimes[0].client.n_options = 1;
    snprintf(P.regimes[0].client.opt_name[0], sizeof P.regimes[0].client.opt_name[0], "cut");
    P.regimes[0].client.opt_value[0] = 0.1;
    uint64_t h1 = cx_meta_hash(&P);
    cr_assert_neq(h0, h1);
    P.regimes[0].client.opt_value[0] = 0.2;
    cr_assert_neq(cx_meta_hash(&P), h1);
    P.regimes[0].client.opt_value[0] = 0.1;
    cr_assert_eq(cx_meta_hash(&P), h1);
    P.years += 1e-12;
    cr_assert_neq(cx_meta_hash(&P), h1, "the smallest change of a real moves the hash");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cx_meta_scenario_json(f, &P, 2);
    fclose(f);
    cr_assert(strstr(buf, "\"x.client.cut\": 0.1"), "%s", buf);
    cr_assert(strstr(buf, "\"x.client.policy\": \"vendor\""), "%s", buf);
    free(buf);
}
