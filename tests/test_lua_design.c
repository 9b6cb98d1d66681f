/* Designs and sensitivity analysis in Lua experiments: cx.sample, cx.design,
 * cx.point_means, cx.morris, cx.sobol; regimes a sweep or design does not
 * touch run once per replication; a design killed with SIGKILL resumes byte
 * for byte; every hostile input refused with its reason.
 *
 * The sensitivity estimators are checked on analytic functions computed in
 * the script (no simulation): the Ishigami function, whose Sobol indices are
 * known in closed form, and a model with one inert input and one
 * interaction for Morris. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cx_lua_experiment.h"
#include "cx_runs.h"
#include "cxt_files.h"

static char work[256];
static char err[2048];

static void make_work_cd(void) { cxt_enter_temp_dir(work, sizeof work, "cx_design"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(design, .init = make_work_cd, .fini = remove_work);

static const char *default_scenario(void) { return cxt_source_file("scripts/default.lua"); }

/* Write WORK/name: S (a short copy of the default scenario), then body. */
static const char *experiment(char *out, size_t n, const char *name, const char *body)
{
    char text[16384];
    snprintf(text, sizeof text,
             "local S = cx.scenario{ base = \"%s\", years = 0.25, demand = { rate_per_min = 2 } }\n%s",
             default_scenario(), body);
    return cxt_write_in(out, n, work, name, text);
}

static int run(const char *path, int jobs)
{
    cx_experiment_opts o = {.jobs = jobs};
    return cx_lua_experiment(path, 0, NULL, &o, err, sizeof err);
}

/* A script that must fail with `want` in its message. */
static void refused(const char *body, const char *want)
{
    char p[600];
    experiment(p, sizeof p, "bad.lua", body);
    cr_assert_eq(run(p, 1), -1, "accepted: %s", body);
    cr_assert(strstr(err, want), "want '%s'\ngot  %s", want, err);
}

/* Sobol indices of the Ishigami function (a = 7, b = 0.1; Ishigami and
 * Homma 1990): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437. The
 * 95% bootstrap intervals must hold the true values; a second call with the
 * same seed gives the same intervals. */
Test(design, sobol_ishigami)
{
    char p[600];
    experiment(p, sizeof p, "ishigami.lua",
               "local pi = math.pi\n"
               "local d = cx.sample{ method = 'saltelli', n = 1024,\n"
               "  fields = { x1 = {-pi, pi}, x2 = {-pi, pi}, x3 = {-pi, pi} } }\n"
               "assert(#d.points == 1024 * 5 and d.fields[1] == 'x1' and d.n == 1024)\n"
               "local y = {}\n"
               "for i, p in ipairs(d.points) do\n"
               "  y[i] = math.sin(p.x1) + 7 * math.sin(p.x2)^2 + 0.1 * p.x3^4 * math.sin(p.x1)\n"
               "end\n"
               "local s = cx.sobol(d, y, { boot = 300, seed = 5 })\n"
               "local S1 = { 0.3139, 0.4424, 0 }\n"
               "local ST = { 0.5576, 0.4424, 0.2437 }\n"
               "for i, r in ipairs(s) do\n"
               "  assert(r.field == d.fields[i] and s[r.field] == r)\n"
               "  assert(math.abs(r.S1 - S1[i]) < 0.05, r.field .. ' S1 ' .. r.S1)\n"
               "  assert(math.abs(r.ST - ST[i]) < 0.05, r.field .. ' ST ' .. r.ST)\n"
               "  assert(r.S1_lo <= S1[i] and S1[i] <= r.S1_hi, r.field .. ' S1 CI')\n"
               "  assert(r.ST_lo <= ST[i] and ST[i] <= r.ST_hi, r.field .. ' ST CI')\n"
               "  assert(r.S1_hi - r.S1_lo < 0.2 and r.S1_lo < r.S1_hi)\n"
               "end\n"
               "local again = cx.sobol(d, y, { boot = 300, seed = 5 })\n"
               "assert(again.x1.S1_lo == s.x1.S1_lo and again.x3.ST_hi == s.x3.ST_hi)\n"
               "assert(not pcall(function() return s.x1.s1 end), 'strict')\n");
    cr_assert_eq(run(p, 1), 0, "%s", err);
}

/* Morris on y = 3a + 0 b + a c, a in [0, 1], b in [0, 2], c in [10, 20]:
 * b is inert (mu* = sigma = 0); c's effect is a times its range (mu* = 10
 * mean(a)); a's is (3 + c) (mu* in [13, 23], sigma > 0 from the
 * interaction). Every trajectory moves each field once by delta = 2/3. */
Test(design, morris_elementary_effects)
{
    char p[600];
    experiment(p, sizeof p, "morris.lua",
               "local d = cx.sample{ method = 'morris', n = 30, levels = 4, seed = 3,\n"
               "  fields = { a = {0, 1}, b = {0, 2}, c = {10, 20} } }\n"
               "assert(#d.points == 30 * 4 and d.levels == 4)\n"
               "for t = 0, 29 do\n"
               "  for s = 1, 3 do\n"
               "    local p, q, moved = d.points[t * 4 + s], d.points[t * 4 + s + 1], 0\n"
               "    for _, f in ipairs(d.fields) do\n"
               "      if p[f] ~= q[f] then\n"
               "        moved = moved + 1\n"
               "        local r = d.ranges[f]\n"
               "        assert(math.abs(math.abs(q[f] - p[f]) / (r[2] - r[1]) - 2 / 3) < 1e-12)\n"
               "      end\n"
               "    end\n"
               "    assert(moved == 1)\n"
               "  end\n"
               "end\n"
               "local y = {}\n"
               "for i, p in ipairs(d.points) do y[i] = 3 * p.a + 0 * p.b + p.a * p.c end\n"
               "local m = cx.morris(d, y, { boot = 200 })\n"
               "assert(m.b.mu_star == 0 and m.b.sigma == 0)\n"
               "assert(m.a.mu_star >= 13 and m.a.mu_star <= 23 and m.a.sigma > 0)\n"
               "assert(m.c.mu_star > 0 and m.c.mu_star <= 10)\n"
               "assert(m.a.mu_star_lo <= m.a.mu_star and m.a.mu_star <= m.a.mu_star_hi)\n"
               "assert(m.a.mu == m.a.mu_star, 'a only raises y')\n"
               "-- the linear part alone: every effect of a is exactly 3 (its range is 1)\n"
               "for i, p in ipairs(d.points) do y[i] = 3 * p.a - 5 * p.b end\n"
               "local l = cx.morris(d, y, { boot = 0 })\n"
               "assert(math.abs(l.a.mu - 3) < 1e-9 and math.abs(l.b.mu + 10) < 1e-9 and l.c.mu_star == 0)\n"
               "assert(l.a.sigma < 1e-9 and l.a.mu_star_lo ~= l.a.mu_star_lo, 'no CI without boot')\n");
    cr_assert_eq(run(p, 1), 0, "%s", err);
}

/* Latin hypercube: one point in each of the n strata of every field;
 * factorial: every combination, the first field slowest; Sobol: GSL's
 * sequence (its first points 0.5, then 0.75/0.25), inside the ranges. */
Test(design, samplers)
{
    char p[600];
    experiment(p, sizeof p, "samplers.lua",
               "local n = 10\n"
               "local d = cx.sample{ method = 'lhs', n = n, seed = 9, fields = { a = {0, 1}, b = {-5, 5} } }\n"
               "for _, f in ipairs(d.fields) do\n"
               "  local seen, r = {}, d.ranges[f]\n"
               "  for _, p in ipairs(d.points) do\n"
               "    local k = math.floor((p[f] - r[1]) / (r[2] - r[1]) * n)\n"
               "    assert(not seen[k], 'two points in one stratum'); seen[k] = true\n"
               "  end\n"
               "end\n"
               "local e = cx.sample{ method = 'lhs', n = n, seed = 9, fields = { a = {0, 1}, b = {-5, 5} } }\n"
               "assert(e.points[4].b == d.points[4].b, 'same seed, same design')\n"
               "local f = cx.sample{ method = 'factorial', fields = { a = {1, 2}, b = {'x', 'y', 'z'} } }\n"
               "assert(#f.points == 6 and f.points[1].a == 1 and f.points[1].b == 'x')\n"
               "assert(f.points[3].b == 'z' and f.points[4].a == 2)\n"
               "local s = cx.sample{ method = 'sobol', n = 3, fields = { a = {0, 4}, b = {10, 20} } }\n"
               "assert(s.points[1].a == 2 and s.points[1].b == 15)\n"
               "assert(s.points[2].a == 3 and s.points[2].b == 12.5)\n"
               "assert(s.points[3].a == 1 and s.points[3].b == 17.5)\n");
    cr_assert_eq(run(p, 1), 0, "%s", err);
}

static int count_lines(const char *t)
{
    int n = 0;
    for (; t && *t; t++) n += *t == '\n';
    return n;
}

/* A sweep over a partner option runs the vendor once per replication, not
 * once per value (2 + 3 x 2 runs, not 3 x 2 x 2 regimes), its rows first
 * with NA for the field; a sweep over a scenario field runs both regimes at
 * every point. A design adds the point column; cx.point_means pairs each
 * point's partner with the vendor's base row of the same replication. */
Test(design, untouched_regimes_once)
{
    char p[600];
    experiment(p, sizeof p, "untouched.lua",
               "local r = cx.sweep(S, { ['partner.client.gain_share'] = {0.2, 0.5, 0.8} }, 2,\n"
               "  { out = 'sw.csv', metrics = {'client_tco_cum'} })\n"
               "assert(r.runs == 8 and r.base_runs == 2 and r.rows == 8, r.runs)\n"
               "local w = cx.sweep(S, { ['demand.rate_per_min'] = {2, 2.5} }, 1, { out = 'sw2.csv', metrics = {'csat'} })\n"
               "assert(w.runs == 2 and w.base_runs == 0 and w.rows == 4)\n"
               "local d = cx.design(S, { { ['partner.provider.pay_rel'] = 0.95 }, { ['partner.provider.pay_rel'] = 1.1 } }, 2,\n"
               "  { out = 'd.csv', metrics = {'client_tco_cum'} })\n"
               "assert(d.runs == 6 and d.points == 2 and d.base_runs == 2)\n"
               "local y = cx.point_means(d, 'client_tco_cum', { regime = 'partner', minus = 'vendor' })\n"
               "local v, pt = {}, {}\n"
               "for _, row in ipairs(d.data) do\n"
               "  if row.regime == 'vendor' then v[row.rep] = row.client_tco_cum\n"
               "  else pt[row.point] = (pt[row.point] or 0) + row.client_tco_cum / 2 end\n"
               "end\n"
               "for k = 1, 2 do\n"
               "  local want = pt[k] - (v[0] + v[1]) / 2\n"
               "  assert(math.abs(y[k] - want) < 1e-6 * math.abs(want) + 1e-9, y[k] .. ' vs ' .. want)\n"
               "end\n");
    cr_assert_eq(run(p, 2), 0, "%s", err);
    char *t = cxt_slurp("sw.csv");
    cr_assert_not_null(t);
    cr_assert_eq(count_lines(t), 1 + 2 + 3 * 2, "%s", t);
    char want[256];
    snprintf(want, sizeof want,
             "scenario,partner.client.gain_share,regime,rep,seed,client_tco_cum\n"
             "default,NA,vendor,0,%llu,",
             (unsigned long long)cx_runs_seed(42, 0));
    cr_assert(!strncmp(t, want, strlen(want)), "want %s\ngot  %.300s", want, t);
    cr_assert(strstr(t, "\ndefault,0.8,partner,1,"), "%s", t);
    cr_assert(!strstr(t, ",0.2,vendor,"), "a vendor row carries the grid's value: %s", t);
    free(t);
    t = cxt_slurp("d.csv");
    cr_assert(t && !strncmp(t, "scenario,point,partner.provider.pay_rel,regime,rep,seed,client_tco_cum\n"
                               "default,NA,NA,vendor,0,", 79), "%.200s", t ? t : "");
    cr_assert(strstr(t, "\ndefault,2,1.1,partner,1,"), "%s", t);
    free(t);
}

/* Kill a design (Sobol points over a scenario field and a partner option)
 * after some runs are journaled and resume it: the CSV equals an
 * uninterrupted run's byte for byte. */
Test(design, resume_identical, .timeout = 900)
{
    char p[600], log[700], journal[700];
    experiment(p, sizeof p, "exp.lua",
               "local d = cx.sample{ method = 'sobol', n = 4,\n"
               "  fields = { ['contacts.complex_share'] = {0.1, 0.3}, ['partner.client.gain_share'] = {0.2, 0.8} } }\n"
               "local r = cx.design(S, d, 2, { out = arg[1], metrics = {'client_tco_cum', 'csat'} })\n"
               "print('resumed ' .. r.resumed .. ' of ' .. r.runs)\n");
    snprintf(log, sizeof log, "%s/log.txt", work);
    const char *args_a[] = {"lua", p, "--jobs", "2", "a.csv", NULL};
    cr_assert_eq(cxt_wait(cxt_spawn(args_a, log, log, 1), 300, 1, "lua"), 0);
    snprintf(journal, sizeof journal, "%s/b.csv.journal", work);
    const char *args_b[] = {"lua", p, "--jobs", "1", "b.csv", NULL};
    pid_t pid = cxt_spawn(args_b, log, log, 1);
    struct timespec tick = {0, 2 * 1000 * 1000};
    int records = 0, st;
    for (int i = 0; i < 150000 && records < 2; i++) {
        nanosleep(&tick, NULL);
        char *t = cxt_slurp(journal);
        records = 0;
        for (const char *q = t; q && (q = strstr(q, "\nrun ")); q++) records++;
        free(t);
        if (waitpid(pid, &st, WNOHANG) == pid) cr_assert_fail("the design finished before it could be interrupted");
    }
    kill(-pid, SIGKILL);
    waitpid(pid, &st, 0);
    cr_assert(records >= 2, "no journal records appeared");
    cr_assert_neq(access("b.csv", F_OK), 0, "the CSV must not exist before the design completes");
    /* without --resume the journal is kept and the run refused */
    const char *args_r[] = {"lua", p, "--jobs", "1", "b.csv", NULL};
    cr_assert_neq(cxt_wait(cxt_spawn(args_r, log, log, 1), 300, 1, "lua"), 0);
    char *out = cxt_slurp(log);
    cr_assert(out && strstr(out, "cx.design: b.csv.journal exists"), "%s", out ? out : "");
    free(out);
    const char *args_c[] = {"lua", p, "--jobs", "2", "--resume", "b.csv", NULL};
    cr_assert_eq(cxt_wait(cxt_spawn(args_c, log, log, 1), 300, 1, "lua"), 0);
    out = cxt_slurp(log);
    cr_assert(out && strstr(out, "resumed ") && !strstr(out, "resumed 0 of"), "%s", out ? out : "");
    free(out);
    char *x = cxt_slurp("a.csv"), *y = cxt_slurp("b.csv");
    cr_assert(x && y);
    cr_assert_str_eq(x, y, "a resumed design differs from an uninterrupted one");
    cr_assert_eq(count_lines(x), 1 + 4 * 2 * 2, "%s", x); /* a scenario field: both regimes at every point */
    free(x);
    free(y);
}

/* Hostile designs and analyses: each refused, naming what is wrong. */
Test(design, hostile)
{
    refused("cx.sample{ method = 'grid', fields = { a = {0, 1} }, n = 2 }",
            "cx.sample: method must be one of factorial, lhs, sobol, saltelli, morris (got grid)");
    refused("cx.sample{ method = 'lhs', fields = { a = {1, 0} }, n = 2 }",
            "cx.sample: field 'a': a range {lo, hi} of two numbers with lo < hi");
    refused("cx.sample{ method = 'lhs', fields = { a = {0, 1} } }", "cx.sample: n must be a whole number from 1 (points)");
    refused("cx.sample{ method = 'lhs', fields = { a = {0, 1} }, n = 3, levls = 4 }",
            "cx.sample: unknown option 'levls' (valid: method, fields, n, levels, seed)");
    refused("cx.sample{ method = 'morris', fields = { a = {0, 1} }, n = 3, levels = 3 }",
            "cx.sample: levels must be an even whole number from 2 to 1000");
    refused("cx.sample{ method = 'lhs', fields = {}, n = 3 }", "cx.sample: fields is empty");
    refused("local f = {}\nfor i = 1, 21 do f['x' .. i] = {0, 1} end\n"
            "cx.sample{ method = 'saltelli', fields = f, n = 4 }",
            "cx.sample: the Sobol sequence has at most 40 dimensions (this design needs 42)");
    refused("cx.sample{ method = 'lhs', fields = { a = {0, 1} }, n = 2000000 }", "cx.sample: n must be a whole number");
    refused("cx.design(S, {}, 1)", "cx.design: the design has no points");
    refused("cx.design(S, { { years = 0.25 }, { yeers = 0.5 } }, 1)",
            "cx.design: point 2: field 'yeers' is not a field of the design");
    refused("cx.design(S, { { years = 0.25, seed = 3 }, { years = 0.5 } }, 1)",
            "cx.design: point 2 has no value for field 'seed'");
    refused("cx.design(S, { { nosuch = 1 } }, 1)", "cx.design: point 1: field 'nosuch': unknown field");
    refused("cx.design(S, { { years = -1 } }, 1)", "cx.design: point 1: field 'years'");
    refused("cx.design(S, { { years = {} } }, 1)", "cx.design: point 1: field 'years': values must be numbers");
    refused("cx.design(S, { { years = 0.25 } }, 1, { metric = {'csat'} })", "cx.design: unknown option 'metric'");
    refused("local d = cx.sample{ method = 'lhs', fields = { a = {0, 1} }, n = 4 }\ncx.sobol(d, {1, 2, 3, 4})",
            "cx.sobol: expects a design from cx.sample{method = 'saltelli', ...} (got method lhs)");
    refused("local d = cx.sample{ method = 'saltelli', fields = { a = {0, 1} }, n = 4 }\ncx.sobol(d, {1, 2, 3})",
            "cx.sobol: y has 3 values, the design 12 points");
    refused("local d = cx.sample{ method = 'saltelli', fields = { a = {0, 1} }, n = 2 }\n"
            "cx.sobol(d, {1, 2, 0/0, 4, 5, 6})", "cx.sobol: y[3] is not finite");
    refused("local d = cx.sample{ method = 'morris', fields = { a = {0, 1}, b = {0, 1} }, n = 2 }\n"
            "d.points[2] = d.points[1]\ncx.morris(d, {1, 2, 3, 4, 5, 6})",
            "cx.morris: trajectory 1 does not move each field once (points 1 to 3)");
    refused("local d = cx.sample{ method = 'morris', fields = { a = {0, 1}, b = {0, 1} }, n = 1 }\n"
            "d.points[2] = { a = 0.9, b = 0.9 }\ncx.morris(d, {1, 2, 3})",
            "cx.morris: points 1 and 2 differ in more than one field (not a Morris trajectory)");
    refused("local r = cx.design(S, { { ['partner.provider.pay_rel'] = 1 } }, 1, { metrics = {'csat'} })\n"
            "cx.point_means(r, 'client_tco_cum')", "cx.point_means: the rows have no metric 'client_tco_cum'");
    refused("local r = cx.design(S, { { ['partner.provider.pay_rel'] = 1 } }, 1, { metrics = {'csat'} })\n"
            "cx.point_means(r, 'csat', { regime = 'partnr' })", "cx.point_means: no rows of regime 'partnr'");
    refused("local r = cx.design(S, { { ['partner.provider.pay_rel'] = 1 } }, 1, { metrics = {'csat'} })\n"
            "cx.point_means(r, 'csat', { regime = 'partner', minus = 'vendr' })",
            "cx.point_means: no rows of regime 'vendr' (minus)");
    refused("local r = cx.sweep(S, { ['partner.provider.pay_rel'] = {1} }, 1, { metrics = {'csat'} })\n"
            "cx.point_means(r, 'csat')", "cx.point_means: expects the result of cx.design (these rows have no point column)");
}

/* Stopping by precision: replications are added in batches (3, then 2 at a
 * time) until the paired CI's half-width of the metric is at most the
 * target, or max_reps. The result equals a plain comparison with as many
 * replications (nothing reran on other seeds), one fewer batch was not
 * precise enough, and the rows are one per arm and replication. */
Test(design, compare_until_halfwidth, .timeout = 600)
{
    char p[600];
    experiment(p, sizeof p, "precision.lua",
               "local o = { reps = 3, metrics = {'client_tco_cum'} }\n"
               "local c3 = cx.compare(S, 'vendor', 'partner', o)\n"
               "local target = c3.client_tco_cum.half * 0.6\n"
               "local c = cx.compare(S, 'vendor', 'partner', { reps = 3, batch = 2, max_reps = 9,\n"
               "  until_halfwidth = target, metrics = {'client_tco_cum', 'csat'} })\n"
               "assert(c.stopping.metric == 'client_tco_cum' and c.stopping.target == target)\n"
               "assert(c.reps == 3 or c.reps == 5 or c.reps == 7 or c.reps == 9, c.reps)\n"
               "assert(#c.rows == 2 * c.reps and c.rows[#c.rows].rep == c.reps - 1)\n"
               "assert(c.stopping.halfwidth == c.client_tco_cum.half)\n"
               "if c.stopping.reached then assert(c.client_tco_cum.half <= target)\n"
               "else assert(c.reps == 9 and c.client_tco_cum.half > target) end\n"
               "assert(c.reps > 3, 'a target below the 3-replication half-width needs more')\n"
               "local same = cx.compare(S, 'vendor', 'partner', { reps = c.reps, metrics = {'client_tco_cum'} })\n"
               "assert(same.client_tco_cum.mean == c.client_tco_cum.mean and same.client_tco_cum.half == c.client_tco_cum.half)\n"
               "local fewer = cx.compare(S, 'vendor', 'partner', { reps = c.reps - 2, metrics = {'client_tco_cum'} })\n"
               "assert(fewer.client_tco_cum.half > target, 'it stopped a batch late')\n"
               "local easy = cx.compare(S, 'vendor', 'partner', { reps = 3, max_reps = 9, until_halfwidth = 1e12, metric = 'csat' })\n"
               "assert(easy.reps == 3 and easy.stopping.reached and easy.stopping.metric == 'csat')\n");
    cr_assert_eq(run(p, 2), 0, "%s", err);
    refused("cx.compare(S, 'vendor', 'partner', { until_halfwidth = -1, max_reps = 4, metric = 'csat' })",
            "cx.compare: until_halfwidth must be a number above 0");
    refused("cx.compare(S, 'vendor', 'partner', { until_halfwidth = 1, metric = 'csat' })",
            "cx.compare: until_halfwidth needs max_reps (from reps = 10 up)");
    refused("cx.compare(S, 'vendor', 'partner', { reps = 5, until_halfwidth = 1, max_reps = 4, metric = 'csat' })",
            "cx.compare: max_reps must be a whole number from 5 to 500000");
    refused("cx.compare(S, 'vendor', 'partner', { max_reps = 40 })",
            "cx.compare: max_reps is for stopping by precision (until_halfwidth = X)");
    refused("cx.compare(S, 'vendor', 'partner', { until_halfwidth = 1, max_reps = 40 })",
            "cx.compare: until_halfwidth needs metric = NAME");
    refused("cx.compare(S, 'vendor', 'partner', { until_halfwidth = 1, max_reps = 40, metric = 'tco' })",
            "cx.compare: unknown metric 'tco'");
}
