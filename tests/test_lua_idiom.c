/* Lua experiments as a researcher writes them: require("cx") and modules
 * beside the experiment (and every hostile module name), strict result
 * tables, an existing sweep journal refused without --resume or --restart,
 * failed runs named by rep, seed, regime and month, progress lines in a log,
 * files created 0644, and a warning when a relative policy path resolves
 * outside the experiment's folder. (The API: tests/test_lua_experiment.c.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_lua_experiment.h"
#include "cx_runs.h"
#include "cxt_files.h"

static char work[256];
static char err[2048];

static void make_work_cd(void)
{
    cxt_make_temp_dir(work, sizeof work, "cx_idiom");
    cr_assert_eq(chdir(work), 0, "cannot enter %s", work);
}

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(idiom, .init = make_work_cd, .fini = remove_work);

static const char *file(char *out, size_t n, const char *name, const char *text)
{
    return cxt_write_in(out, n, work, name, text);
}

static const char *default_scenario(void)
{
    static char path[4096];
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    snprintf(path, sizeof path, "%s/scripts/default.lua", src);
    return path;
}

static int run(const char *path, long max_steps)
{
    cx_experiment_opts o = {.jobs = 1, .max_steps = max_steps};
    return cx_lua_experiment(path, 0, NULL, &o, err, sizeof err);
}

/* require("cx") is the global; modules load from the experiment's folder
 * only; hostile names, links out of the folder, binary chunks, cycles and
 * missing files are refused with the reason; a module's loop is stopped by
 * the experiment's instruction budget. */
Test(idiom, require)
{
    char p[600];
    cr_assert_eq(mkdir("sub", 0755), 0);
    cr_assert_eq(mkdir("outside", 0755), 0);
    file(p, sizeof p, "outside/secret.lua", "return { leaked = true }\n");
    file(p, sizeof p, "helper.lua", "local name = ...\nreturn { x = 1, name = name }\n");
    file(p, sizeof p, "sub/mod.lua", "return { y = 2, h = require('helper') }\n");
    file(p, sizeof p, "cyc.lua", "return require('cyc')\n");
    file(p, sizeof p, "bin.lua", "\x1bLua\x54\x00 not text");
    file(p, sizeof p, "spin.lua", "while true do end\n");
    cr_assert_eq(mkdir("exp", 0755), 0);
    cr_assert_eq(symlink("../outside/secret.lua", "exp/link.lua"), 0);
    cr_assert_eq(symlink("../outside", "exp/out"), 0);
    cr_assert_eq(symlink("/etc", "exp/etc"), 0);
    file(p, sizeof p, "exp/ok.lua", "return 5\n");
    file(p, sizeof p, "exp/e.lua",
         "for _, bad in ipairs{ 'link', 'out.secret', 'etc.passwd' } do\n"
         "  local ok, e = pcall(require, bad)\n"
         "  assert(not ok and e:find('symbolic link'), bad .. ': ' .. tostring(e))\n"
         "end\n"
         "local ok, e = pcall(require, 'helper')\n"
         "assert(not ok and e:find('helper.lua: No such file'), e)\n"
         "assert(require('ok') == 5)\n");
    cr_assert_eq(run("exp/e.lua", 0), 0, "%s", err);
    file(p, sizeof p, "e.lua",
         "local c = require('cx')\n"
         "assert(c == cx and c.run and require('cx') == c)\n"
         "local h = require('helper')\n"
         "assert(h.x == 1 and h.name == 'helper' and require('helper') == h)\n"
         "local m = require('sub.mod')\n"
         "assert(m.y == 2 and m.h == h)\n"
         "for _, bad in ipairs{ '../x', '/etc/passwd', 'a..b', '.a', 'a.', 'a/b', 'x y', '', 'sub.', '..',\n"
         "                      'outside/secret', '../outside/secret', 'a.b\\0c', string.rep('a', 300) } do\n"
         "  local ok, e = pcall(require, bad)\n"
         "  assert(not ok and e:find('letters, digits'), bad .. ': ' .. tostring(e))\n"
         "end\n"
         "local ok, e = pcall(require, 'nosuch')\n"
         "assert(not ok and e:find('nosuch.lua') and e:find('No such file'), e)\n"
         "ok, e = pcall(require, 'bin')\n"
         "assert(not ok and e:find('binary chunk'), e)\n"
         "ok, e = pcall(require, 'cyc')\n"
         "assert(not ok and e:find('requires itself'), e)\n"
         "ok, e = pcall(require, 'cyc')\n"
         "assert(not ok and e:find('requires itself'), 'a failed module is not kept: ' .. e)\n"
         "assert(not package and not io, 'the sandbox stays closed')\n");
    cr_assert_eq(run(p, 0), 0, "%s", err);
    file(p, sizeof p, "e2.lua", "require('spin')\n");
    cr_assert_eq(run(p, 200000), -1);
    cr_assert(strstr(err, "spin.lua:1:") && strstr(err, "200000 instructions"), "%s", err);
}

/* The experiment prelude: a short copy of the default scenario. */
static const char *experiment(char *out, size_t n, const char *name, const char *body)
{
    char text[8192];
    snprintf(text, sizeof text,
             "local S = cx.scenario{ base = \"%s\", years = 0.1, demand = { rate_per_min = 3 } }\n%s",
             default_scenario(), body);
    return file(out, n, name, text);
}

/* Result tables refuse names they lack, naming the name and the fields;
 * positions past a list's end stay nil (ipairs works). Output files are
 * created 0666 less the umask. */
Test(idiom, strict_results_and_file_mode)
{
    char p[600];
    umask(022);
    experiment(p, sizeof p, "e.lua",
               "local r = cx.run(S)\n"
               "local function fails(f, want)\n"
               "  local ok, e = pcall(f)\n"
               "  assert(not ok and e:find(want, 1, true), tostring(e))\n"
               "end\n"
               "fails(function() return r[1].sumary end, \"a regime result has no field 'sumary' (it has: label, monthly\")\n"
               "fails(function() return r.vendr end, \"a run result (its regimes by label) has no field 'vendr' (it has: partner, vendor)\")\n"
               "fails(function() return r.vendor.summary.fcrr end, \"summary has no field 'fcrr'\")\n"
               "fails(function() return r.vendor.monthly.csatt end, \"monthly has no field 'csatt'\")\n"
               "local n = 0\n"
               "for _ in ipairs(r) do n = n + 1 end\n"
               "assert(n == 2 and r[3] == nil)\n"
               "local reps = cx.replicate(S, 2, { monthly = false, regime = 'vendor' })\n"
               "fails(function() return reps.stat end, \"a replicate result has no field 'stat'\")\n"
               "fails(function() return reps.stats.partner end, \"has no field 'partner'\")\n"
               "fails(function() return reps.stats.vendor.csat.meen end, \"a statistics table has no field 'meen' (it has: half, hi, lo, mean, n, sd)\")\n"
               "local c = cx.compare(S, 'vendor', 'partner', { reps = 2, metrics = {'csat'} })\n"
               "assert(c.csat.mean and c.csat.a.mean)\n"
               "fails(function() return c.fcr end, \"a comparison has no field 'fcr'\")\n"
               "fails(function() return c.csat.c end, \"a compared metric has no field 'c'\")\n"
               "cx.write_csv('out/x.csv', {{ a = 1 }})\n");
    cr_assert_eq(run(p, 0), 0, "%s", err);
    struct stat st;
    cr_assert_eq(stat("out/x.csv", &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644, "mode %o", st.st_mode & 0777);
}

/* An existing sweep journal (finished runs of an interrupted sweep) is
 * never discarded silently: without --resume or --restart the sweep
 * stops and says which to pass; with --restart it starts afresh. */
Test(idiom, journal_needs_resume_or_restart)
{
    char p[600];
    experiment(p, sizeof p, "e.lua",
               "local r = cx.sweep(S, { ['contacts.complex_share'] = {0.2} }, 1,\n"
               "  { out = 's.csv', metrics = {'csat'}, regime = 'vendor' })\n");
    const char *journal = "cxsim sweep journal 1 0123456789abcdef 1\nrun 0 3 00000000\nabc";
    cxt_write_text("s.csv.journal", journal);
    cr_assert_eq(run(p, 0), -1);
    cr_assert(strstr(err, "e.lua:2: cx.sweep: s.csv.journal exists (the journal of an interrupted sweep): pass "
                          "--resume to reuse its runs, or --restart to discard them and start afresh"),
              "%s", err);
    char *t = cxt_slurp("s.csv.journal");
    cr_assert(t && !strcmp(t, journal), "the journal was touched");
    free(t);
    cr_assert_neq(access("s.csv", F_OK), 0);
    cx_experiment_opts o = {.jobs = 1, .restart = 1};
    cr_assert_eq(cx_lua_experiment(p, 0, NULL, &o, err, sizeof err), 0, "%s", err);
    cr_assert_eq(access("s.csv", F_OK), 0);
    cr_assert_neq(access("s.csv.journal", F_OK), 0);
    /* the command line: --resume and --restart exclude each other */
    cxt_proc r;
    const char *args[] = {"lua", p, "--resume", "--restart", NULL};
    cxt_run(&r, work, args, 60);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "--resume and --restart exclude each other"), "%s", r.err);
    cxt_proc_free(&r);
}

/* A run that fails names its replication, seed, regime and month; a log
 * (stderr not a terminal) gets progress lines with the ETA. */
Test(idiom, failed_run_named_and_progress_lines)
{
    char p[600], pol[600], body[2048];
    file(pol, sizeof pol, "broken.lua",
         "return { name = 'broken', sides = 'provider',\n"
         "  on_month = function(s) if s.month >= 1 then error('no budget left') end end }\n");
    snprintf(body, sizeof body,
             "local T = cx.scenario{ base = \"%s\", years = 0.25, demand = { rate_per_min = 3 },\n"
             "  regimes = { { name = 'lean', client = 'vendor', provider = 'broken.lua' } } }\n"
             "cx.replicate(T, 3, { seed = 7, first_rep = 1 })\n",
             default_scenario());
    file(p, sizeof p, "e.lua", body);
    cr_assert_eq(run(p, 0), -1);
    char want[256];
    snprintf(want, sizeof want, "cx.replicate: rep 1, seed %llu, regime 'lean', month 1: lean: ",
             (unsigned long long)cx_runs_seed(7, 1));
    cr_assert(strstr(err, want) && strstr(err, "no budget left"), "%s", err);
    experiment(p, sizeof p, "ok.lua", "cx.replicate(S, 2, { monthly = false, regime = 'vendor' })\n");
    cxt_proc r;
    const char *args[] = {"lua", p, "--jobs", "1", NULL};
    cxt_run(&r, work, args, 300);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "cxsim lua: cx.replicate: 1/2 runs (50%), ") &&
                  strstr(r.err, "cxsim lua: cx.replicate: 2/2 runs (100%), ") && strstr(r.err, " elapsed, ETA "),
              "%s", r.err);
    cr_assert_null(strchr(r.err, '\r'), "no bar in a log");
    cxt_proc_free(&r);
}

/* A base scenario's relative policy path that resolves outside the
 * experiment's folder (shadowing the experiment's own file) is warned about. */
Test(idiom, policy_outside_warned)
{
    char p[600], body[2048];
    cr_assert_eq(mkdir("base", 0755), 0);
    cr_assert_eq(mkdir("base/pol", 0755), 0);
    cr_assert_eq(mkdir("exp", 0755), 0);
    cr_assert_eq(mkdir("exp/pol", 0755), 0);
    const char *policy = "return { name = 'mine', sides = 'both', on_month = function() end }\n";
    file(p, sizeof p, "base/pol/mine.lua", policy);
    file(p, sizeof p, "exp/pol/mine.lua", policy);
    snprintf(body, sizeof body,
             "return { name = 'b', years = 0.05,\n"
             "  regimes = { { name = 'r', client = 'vendor', provider = 'pol/mine.lua' } } }\n");
    file(p, sizeof p, "base/base.lua", body);
    file(p, sizeof p, "exp/e.lua", "cx.run(cx.scenario('../base/base.lua'))\ncx.run(cx.scenario('../base/base.lua'))\n");
    cxt_proc r;
    const char *args[] = {"lua", "exp/e.lua", NULL};
    cxt_run(&r, work, args, 120);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *w = strstr(r.err, "cxsim lua: warning: regime 'r', provider policy 'pol/mine.lua' resolves to ");
    cr_assert(w && strstr(w, "/base/pol/mine.lua, outside the experiment's folder") &&
                  strstr(w, "exp/pol/mine.lua is not used"),
              "%s", r.err);
    cr_assert_null(strstr(w + 1, "cxsim lua: warning: regime 'r'"), "warned once: %s", r.err);
    cxt_proc_free(&r);
}

/* s:get reads what s:set writes: a regime's policy and its options (the
 * policy's declared default when the scenario sets none); a scenario
 * table's typo is reported at the script's line, without the generated
 * chunk's. */
Test(idiom, get_policy_options)
{
    char p[600], body[1024];
    snprintf(body, sizeof body,
             "local s = cx.scenario(\"%s\")\n"
             "assert(s:get('partner.client.policy') == 'partner')\n"
             "local d = s:get('partner.client.gain_share')\n"
             "assert(type(d) == 'number' and d > 0 and d < 1, tostring(d))\n"
             "assert(s:set('partner.client.gain_share', 0.25):get('partner.client.gain_share') == 0.25)\n"
             "local ok, e = pcall(s.get, s, 'partner.client.nosuch')\n"
             "assert(not ok and e:find(\"policy 'partner' has no option 'nosuch'\"), e)\n"
             "ok, e = pcall(s.get, s, 'nobody.client.x')\n"
             "assert(not ok and e:find(\"unknown field 'nobody.client.x'\"), e)\n"
             "local t = cx.scenario{ base = s.path,\n"
             "  yeers = 1 }\n",
             default_scenario());
    file(p, sizeof p, "e.lua", body);
    cr_assert_eq(run(p, 0), -1);
    cr_assert(strstr(err, "e.lua:10: cx.scenario: field 'yeers': unknown field") ||
                  strstr(err, "e.lua:11: cx.scenario: field 'yeers': unknown field"),
              "%s", err);
}
