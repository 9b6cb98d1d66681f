/* The size estimate (cx_estimate), the engine's guards (cx_params.limits)
 * and the command line's --max-events / --max-memory (cli_guard). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_estimate.h"
#include "cx_job.h"
#include "cx_params.h"
#include "cx_sim.h"
#include "cxt_files.h"

static char dir[1024];

static void make_dir(void) { cxt_make_temp_dir(dir, sizeof dir, "cx_estimate"); }

static void remove_dir(void) { cxt_remove_tree(dir); }

TestSuite(estimate, .init = make_dir, .fini = remove_dir);
TestSuite(guard, .init = make_dir, .fini = remove_dir);

static void load_shipped(const char *name, cx_params *p)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048], err[512];
    snprintf(path, sizeof path, "%s/scripts/%s", src, name);
    cx_params_default(p);
    cr_assert_eq(cx_job_load_scenario(path, p, err, sizeof err), 0, "%s", err);
}

/* Write NAME in the test directory; its path in out. */
static void scenario(char *out, size_t n, const char *name, const char *text)
{
    snprintf(out, n, "%s/%s", dir, name);
    cxt_write_text(out, text);
}

/* 1e6 contacts a minute for 3.65 days: the case that once ate the machine. */
static const char *huge_text = "return { years = 0.01, demand = { rate_per_min = 1e6 } }\n";

/* One agent, customers who retry at once and never give up: many more
 * contacts than the estimate allows for (an estimate, not a bound). */
static const char *retry_text = "return {\n"
                                "  years = 0.02,\n"
                                "  demand = { rate_per_min = 2 },\n"
                                "  staff = { agents = 1 },\n"
                                "  patience = { dist = 'fixed', mean_min = 0.5 },\n"
                                "  mechanisms = { schedules = false, attrition = false },\n"
                                "  repeats = { retry_abandoned = 1, retry_mean_min = 0.1, max_attempts = 100 },\n"
                                "}\n";

/* ------------------------------------------------------------------ */
/* The estimate                                                         */

Test(estimate, follows_rate_horizon_growth_spikes_and_replications)
{
    cx_params p;
    cx_params_default(&p);
    p.profile = 0;
    p.n_spikes = 0;
    p.growth_per_year = 0;
    p.n_regimes = 0;
    p.on.repeats = p.on.defects = 0;
    p.rate_per_min = 2;
    p.years = 1;
    cx_estimate a, b;
    cx_estimate_run(&p, 1, &a);
    cr_expect_float_eq(a.contacts, 2 * CX_MINUTES_PER_YEAR, 1e-6, "no repeats: rate x horizon (%g)", a.contacts);
    cr_expect_eq(a.runs, 1);
    p.rate_per_min = 4;
    cx_estimate_run(&p, 3, &b);
    cr_expect_float_eq(b.contacts, 2 * a.contacts, 1e-3);
    cr_expect_eq(b.runs, 3);
    cr_expect_float_eq(b.total_events, 3 * b.events, 1e-3);
    /* growth: 10% a year, the mean factor over one year is 0.1 / ln 1.1 */
    p.rate_per_min = 2;
    p.growth_per_year = 0.1;
    cx_estimate_run(&p, 1, &b);
    cr_expect_float_eq(b.contacts / a.contacts, 0.1 / log(1.1), 1e-9);
    /* a spike of 10 days x 3: 20 days of extra demand */
    p.growth_per_year = 0;
    p.n_spikes = 1;
    p.spikes[0] = (cx_spike){.start_day = 100, .days = 10, .multiplier = 3};
    cx_estimate_run(&p, 1, &b);
    cr_expect_float_eq(b.contacts - a.contacts, 2 * 2 * 10 * CX_MINUTES_PER_DAY, 1e-3);
    cr_expect_gt(b.peak_contacts, a.peak_contacts, "a spike raises the peak");
    /* repeats and defects add contacts; regimes multiply the simulations */
    p.n_spikes = 0;
    p.on.repeats = p.on.defects = 1;
    p.n_regimes = 2;
    cx_estimate_run(&p, 4, &b);
    cr_expect_gt(b.contacts, a.contacts);
    cr_expect_eq(b.runs, 8);
}

Test(estimate, memory_without_patience_is_every_contact)
{
    cx_params p;
    cx_params_default(&p);
    p.years = 0.1;
    cx_estimate a, b;
    cx_estimate_run(&p, 1, &a);
    p.patience.kind = CX_DIST_NONE;
    cx_estimate_run(&p, 1, &b);
    cr_expect_gt(b.peak_contacts, 10 * a.peak_contacts, "nobody abandons: the queue can hold the run");
    cr_expect_geq(b.peak_bytes, b.peak_contacts * cx_estimate_bytes_per_contact());
}

Test(estimate, shipped_scenarios_with_8_replications_are_within_the_default_guards)
{
    static const char *const names[] = {"default.lua", "short-commodity.lua", "rate-cut-story.lua"};
    for (int i = 0; i < 3; i++) {
        cx_params p;
        cx_estimate e;
        load_shipped(names[i], &p);
        cx_estimate_run(&p, 8, &e);
        cr_expect_lt(e.events, CX_GUARD_EVENTS_DEFAULT / 10.0, "%s: %g events", names[i], e.events);
        cr_expect_lt(e.peak_bytes, CX_GUARD_MEMORY_MB_DEFAULT * 1048576.0 / 10, "%s: %g bytes", names[i],
                     e.peak_bytes);
    }
}

Test(estimate, is_close_to_a_real_run)
{
    /* the default scenario over four months (past the go-live ramp, whose
     * first four weeks take 15-100% of the volume): the estimate is above
     * the events the run handles, and not by more than 2x */
    cx_params p;
    load_shipped("default.lua", &p);
    p.years = 0.33;
    cx_estimate e;
    cx_estimate_run(&p, 1, &e);
    cx_job J;
    char err[512];
    cr_assert_eq(cx_job_open(&J, &p, NULL, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_job_run(&J, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < J.n; i++) {
        double ev = (double)cx_sim_events(J.sim[i]);
        cr_expect(e.events >= ev && e.events <= 2 * ev, "%s: estimate %g, events %g", cx_job_label(&J, i),
                  e.events, ev);
        cr_expect_lt((double)cx_sim_memory(J.sim[i]), e.peak_bytes, "memory over the estimate");
    }
    cx_job_close(&J);
}

Test(estimate, huge_demand_is_large)
{
    cx_params p;
    char path[2048], err[512];
    scenario(path, sizeof path, "huge.lua", huge_text);
    cx_params_default(&p);
    cr_assert_eq(cx_job_load_scenario(path, &p, err, sizeof err), 0, "%s", err);
    cx_estimate e;
    cx_estimate_run(&p, 1, &e);
    cr_expect(cx_estimate_is_large(&e));
    cr_expect_gt(e.events, (double)CX_GUARD_EVENTS_DEFAULT);
    load_shipped("short-commodity.lua", &p);
    cx_estimate_run(&p, 1, &e);
    cr_expect_not(cx_estimate_is_large(&e));
}

/* ------------------------------------------------------------------ */
/* The engine's guards                                                  */

/* Run a small model to its end; status and message. */
static int run_small(const cx_limits *lim, char *msg, size_t n, uint64_t *events)
{
    cx_params p;
    cx_params_default(&p);
    p.years = 0.05;
    p.rate_per_min = 2;
    p.n_regimes = 0;
    if (lim) p.limits = *lim;
    cx_sim *S = cx_sim_new(&p);
    cr_assert_not_null(S);
    int rc = cx_sim_run(S);
    snprintf(msg, n, "%s", cx_sim_error(S));
    *events = cx_sim_events(S);
    cx_sim_free(S);
    return rc;
}

Test(guard, events_stop_a_simulation_at_a_tick)
{
    char msg[256];
    uint64_t all, ev;
    cr_assert_eq(run_small(NULL, msg, sizeof msg, &all), 0, "%s", msg);
    cx_limits lim = {.max_events = all / 3};
    cr_assert_eq(run_small(&lim, msg, sizeof msg, &ev), CX_ERR_LIMIT);
    cr_expect(strstr(msg, "stopped on day ") && strstr(msg, "over the guard of") && strstr(msg, "(--max-events)"),
              "%s", msg);
    cr_expect(ev > all / 3 && ev < all, "stopped after %llu of %llu events", (unsigned long long)ev,
              (unsigned long long)all);
}

Test(guard, memory_stops_a_simulation_at_a_tick)
{
    char msg[256];
    uint64_t ev;
    cx_limits lim = {.max_bytes = 1000}; /* less than the context itself */
    cr_assert_eq(run_small(&lim, msg, sizeof msg, &ev), CX_ERR_LIMIT);
    cr_expect(strstr(msg, "stopped on day 0.0: holds ") && strstr(msg, "(--max-memory)"), "%s", msg);
}

Test(guard, generous_guards_change_nothing)
{
    char msg[256];
    uint64_t a, b;
    cr_assert_eq(run_small(NULL, msg, sizeof msg, &a), 0, "%s", msg);
    cx_limits lim = {.max_events = CX_GUARD_EVENTS_DEFAULT, .max_bytes = 1ull << 32};
    cr_assert_eq(run_small(&lim, msg, sizeof msg, &b), 0, "%s", msg);
    cr_expect_eq(a, b);
}

/* ------------------------------------------------------------------ */
/* The command line                                                     */

Test(guard, huge_run_is_refused_with_the_estimate)
{
    char path[2048];
    scenario(path, sizeof path, "huge.lua", huge_text);
    for (int bench = 0; bench < 2; bench++) {
        const char *run[] = {"run", path, "--out", dir, NULL};
        const char *b[] = {"bench", "--scenario", path, NULL};
        cxt_proc r;
        cxt_run(&r, dir, bench ? b : run, 60);
        const char *cmd = bench ? "bench" : "run";
        cr_expect_eq(r.status, 1, "%s: %s", cmd, r.err);
        char want[200];
        snprintf(want, sizeof want, "cxsim %s: estimate: 1.16e+10 contacts, 2.66e+10 events and up to ", cmd);
        cr_expect(strstr(r.err, want) != NULL, "%s", r.err);
        snprintf(want, sizeof want,
                 "cxsim %s: refused: estimated 2.66e+10 events per simulation, over the guard --max-events 4000000000",
                 cmd);
        cr_expect(strstr(r.err, want) != NULL, "%s", r.err);
        cxt_proc_free(&r);
    }
    /* without the events guard, the memory guard refuses it */
    const char *args[] = {"run", path, "--out", dir, "--max-events", "0", NULL};
    cxt_proc r;
    cxt_run(&r, dir, args, 60);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "MiB per simulation, over the guard --max-memory 4096") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}

/* cxsim run on the retry scenario with --max-events GUARD. */
static void run_retry(cxt_proc *r, const char *guard)
{
    char path[2048], out[2100];
    scenario(path, sizeof path, "retry.lua", retry_text);
    snprintf(out, sizeof out, "%s/out", dir);
    const char *args[] = {"run", path, "--out", out, "--max-events", guard, NULL};
    cxt_run(r, dir, args, 60);
}

Test(guard, max_events_refuses_before_the_start)
{
    cxt_proc r;
    run_retry(&r, "1000");
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "cxsim run: estimate: 4.63e+04 contacts, 1.07e+05 events") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, "refused: estimated 1.07e+05 events per simulation, over the guard --max-events 1000") !=
                  NULL,
              "%s", r.err);
    cxt_proc_free(&r);
}

Test(guard, max_events_stops_a_run_the_estimate_let_through)
{
    /* estimate 1.1e5 events < guard 2e5 < the 4e6 the run would handle */
    cxt_proc r;
    run_retry(&r, "200000");
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "cxsim run: base: stopped on day 1.0: ") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, " events, over the guard of 200000 events (--max-events)") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, "refused") == NULL, "%s", r.err);
    cxt_proc_free(&r);
}

Test(guard, bad_guard_values_are_refused)
{
    const char *src = getenv("CX_SOURCE_DIR");
    char path[2048];
    snprintf(path, sizeof path, "%s/scripts/short-commodity.lua", src);
    const char *args[] = {"run", path, "--out", dir, "--max-memory", "lots", NULL};
    cxt_proc r;
    cxt_run(&r, dir, args, 60);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "--max-memory: expected a number") != NULL, "%s", r.err);
    cxt_proc_free(&r);
}
