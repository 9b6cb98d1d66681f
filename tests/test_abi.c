/* The policy ABI (version 2) as the host sees it.
 *
 * create(self, api, ctx) gets the table's user pointer; a table without
 * create hands its self to the callbacks; the host reads at[] only up to
 * the table's n_at (fewer points: the rest are NULL, read under ASan from
 * an array of exactly n_at entries; more points: the extra ones are never
 * called); a table built for ABI 1 (or a future ABI) is refused with a
 * message that says which. The Lua bridge has no cap: 140 Lua policies are
 * loaded and live at once in one process while a Lua policy and the C
 * policy it mirrors give bit-identical monthly rows, and `cxsim run
 * --reps 70` on a scenario with Lua policies on both sides of two regimes
 * runs to the end. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_job.h"
#include "cx_lua_policy.h"
#include "cx_policy_host.h"
#include "cx_rng.h"
#include "cx_row.h"
#include "cx_sim.h"
#include "cxt_files.h"
#include "cxt_host.h"

static char work[256];
static char err[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_abi"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(abi, .init = make_work, .fini = remove_work);

/* A small model run: a few months with the model on. */
static cx_sim *small_sim(double years)
{
    cx_params P;
    cx_params_default(&P);
    cx_params_queue_only(&P);
    P.seed = 5;
    P.years = years;
    P.rate_per_min = 0.5;
    P.handle = (cx_dist){CX_DIST_EXP, 4.0, 1.0};
    P.patience = (cx_dist){CX_DIST_EXP, 3.0, 1.0};
    P.m.complex_share = 0;
    P.on.schedules = 1;
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    return S;
}

/* What the test policies count. */
typedef struct counter {
    int creates;              /* create calls that got this counter as self */
    int destroys;             /* destroy calls */
    int calls[CX_POINT_COUNT + 2]; /* callbacks by point (and two the host does not know) */
    void *inst;               /* the instance create made */
} counter;

typedef struct instance {
    counter *c;               /* the table's self, as create received it */
} instance;

static void *count_create(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    (void)ctx;
    cr_assert_eq(api->abi, CX_POLICY_ABI);
    counter *c = self;
    instance *in = calloc(1, sizeof *in);
    cr_assert_not_null(in);
    in->c = c;
    c->creates++;
    c->inst = in;
    return in;
}

static void count_destroy(void *inst)
{
    instance *in = inst;
    in->c->destroys++;
    free(in);
}

static int on_start(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    instance *in = inst;
    in->c->calls[CX_AT_START]++;
    return api->set(ctx, CX_L_PAY_REL, 1.1);
}

static int on_month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)api, (void)ctx;
    ((instance *)inst)->c->calls[CX_AT_MONTH]++;
    return 0;
}

static int on_beyond(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)api, (void)ctx;
    ((instance *)inst)->c->calls[CX_POINT_COUNT]++;
    return -1;
}

/* A provider table of the current ABI with the callbacks at `at` (n of them). */
static cx_policy table(counter *c, const cx_policy_fn *at, int n)
{
    return (cx_policy){.abi = CX_POLICY_ABI, .size = sizeof(cx_policy), .name = "counting",
                       .sides = 1u << CX_PROVIDER, .self = c, .create = count_create,
                       .destroy = count_destroy, .n_at = n, .at = at};
}

Test(abi, create_gets_the_tables_self)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_START] = on_start, [CX_AT_MONTH] = on_month};
    counter c = {0};
    cx_policy p = table(&c, at, CX_POINT_COUNT);
    cx_sim *S = small_sim(0.25);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_run_until(S, 0.1 * CX_MINUTES_PER_YEAR), 0, "%s", cx_sim_error(S));
    cr_expect_eq(c.destroys, 0, "the instance lives while the run does");
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_expect_eq(c.creates, 1, "one instance per side and run");
    cr_expect_eq(c.calls[CX_AT_START], 1);
    cr_expect_eq(c.calls[CX_AT_MONTH], (int)cx_sim_periods(S), "on_month each month (%zu)", cx_sim_periods(S));
    cr_expect_float_eq(cx_sim_lever(S, CX_L_PAY_REL), 1.1, 1e-12, "the instance decided");
    cr_expect_eq(c.destroys, 1, "the instance is destroyed when the run is over");
    cx_sim_free(S);
    cr_expect_eq(c.destroys, 1, "and only once");
}

/* Without create the callbacks get the table's self, which the host never destroys. */
static int self_month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)api, (void)ctx;
    ((counter *)inst)->calls[CX_AT_MONTH]++;
    return 0;
}

static void never_destroy(void *inst)
{
    (void)inst;
    cr_assert_fail("destroy called on a table's self");
}

Test(abi, without_create_the_instance_is_self)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_MONTH] = self_month};
    counter c = {0};
    cx_policy p = table(&c, at, CX_POINT_COUNT);
    p.create = NULL;
    p.destroy = never_destroy;
    cx_sim *S = small_sim(0.25);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_expect_gt(c.calls[CX_AT_MONTH], 0);
    cr_expect_eq(c.calls[CX_AT_MONTH], (int)cx_sim_periods(S));
    cx_sim_free(S);
}

/* A table built when there were two decision points: at[] has exactly two
 * entries (on the heap, so ASan sees any read past them) and the table is
 * as small as ABI 2 allows. The later points count as NULL. */
Test(abi, fewer_decision_points_read_as_null)
{
    cx_policy_fn *at = malloc(2 * sizeof *at);
    cr_assert_not_null(at);
    at[CX_AT_START] = on_start;
    at[CX_AT_MONTH] = on_month;
    counter c = {0};
    cx_policy p = table(&c, at, 2);
    p.size = CX_POLICY_MIN_SIZE;
    cr_assert_eq(cx_policy_check_abi(&p, "old", err, sizeof err), 0, "%s", err);
    for (int k = 2; k < CX_POINT_COUNT; k++) cr_expect_null(cx_policy_at(&p, k), "point %d", k);
    cr_expect_eq(cx_policy_at(&p, CX_AT_MONTH), on_month);
    cx_sim *S = small_sim(1.1); /* through a review and a contract year */
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_expect_eq(c.calls[CX_AT_START], 1);
    cr_expect_eq(c.calls[CX_AT_MONTH], (int)cx_sim_periods(S));
    cx_sim_free(S);
    free(at);
}

/* A table from a newer header with two points this host does not know:
 * they are never called (on_beyond would stop the run). */
Test(abi, decision_points_beyond_the_hosts_are_ignored)
{
    cx_policy_fn at[CX_POINT_COUNT + 2] = {[CX_AT_START] = on_start, [CX_AT_MONTH] = on_month,
                                           [CX_POINT_COUNT] = on_beyond, [CX_POINT_COUNT + 1] = on_beyond};
    counter c = {0};
    cx_policy p = table(&c, at, CX_POINT_COUNT + 2);
    cr_expect_null(cx_policy_at(&p, CX_POINT_COUNT));
    cr_expect_null(cx_policy_at(&p, -1));
    cx_sim *S = small_sim(1.1);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_expect_eq(c.calls[CX_POINT_COUNT], 0);
    cr_expect_gt(c.calls[CX_AT_MONTH], 12);
    cx_sim_free(S);
}

/* A table built for ABI 1 (or a future ABI) is refused, naming both versions. */
Test(abi, other_abi_versions_are_refused)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_MONTH] = on_month};
    counter c = {0};
    cx_policy p = table(&c, at, CX_POINT_COUNT);
    p.abi = 1;
    cx_sim *S = small_sim(0.1);
    cr_assert_neq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0);
    cr_expect_str_eq(cx_sim_error(S), "field 'provider.policy': built for policy ABI 1, this cxsim speaks ABI 2 "
                                      "(rebuild it against core/cx_policy.h)");
    cx_sim_free(S);
    p.abi = CX_POLICY_ABI + 1;
    cr_assert_neq(cx_policy_check_abi(&p, "plugin ./x.so", err, sizeof err), 0);
    cr_expect(strstr(err, "plugin ./x.so: built for policy ABI 3, this cxsim speaks ABI 2"), "%s", err);
    cr_expect_eq(c.creates, 0);
}

/* The other ABI checks: a table too small for ABI 2, a negative count, a count without an array. */
Test(abi, malformed_tables_are_refused)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_MONTH] = on_month};
    counter c = {0};
    cx_policy p = table(&c, at, CX_POINT_COUNT);
    cr_assert_eq(cx_policy_check_abi(&p, "t", err, sizeof err), 0, "%s", err);
    p.size = offsetof(cx_policy, at);
    cr_assert_neq(cx_policy_check_abi(&p, "t", err, sizeof err), 0);
    cr_expect(strstr(err, "t: policy table of") && strstr(err, "needs at least"), "%s", err);
    p = table(&c, at, -1);
    cr_assert_neq(cx_policy_check_abi(&p, "t", err, sizeof err), 0);
    cr_expect_str_eq(err, "t: policy table declares -1 decision points");
    cr_expect_null(cx_policy_at(&p, CX_AT_MONTH));
    p = table(&c, NULL, 3);
    cr_assert_neq(cx_policy_check_abi(&p, "t", err, sizeof err), 0);
    cr_expect_str_eq(err, "t: policy table declares 3 decision points but no at[] array");
    cx_sim *S = small_sim(0.1);
    cr_assert_neq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0);
    cr_expect(strstr(cx_sim_error(S), "provider.policy") && strstr(cx_sim_error(S), "no at[] array"), "%s",
              cx_sim_error(S));
    cx_sim_free(S);
}

/* ------------------------------------------------------------------ */
/* Lua policies: no cap                                                 */

#define N_LUA 140

/* 140 Lua policies loaded and an instance of each live at once, each
 * answering its own host (the old bridge refused the 65th load). */
Test(abi, many_lua_policies_live_at_once, .timeout = 120)
{
    char path[512];
    snprintf(path, sizeof path, "%s/pay.lua", work);
    cxt_write_text(path, "return { name = 'pay', sides = 'provider',\n"
                         "  on_month = function(s) return { pay_rel = 0.5 + s.headcount / 1000 } end }\n");
    static cx_lua_policy *lp[N_LUA];
    static const cx_policy *pol[N_LUA];
    static void *inst[N_LUA];
    static cx_pctx host[N_LUA];
    for (int i = 0; i < N_LUA; i++) {
        cr_assert_eq(cx_lua_policy_load(path, &lp[i], &pol[i], err, sizeof err), 0, "load %d: %s", i, err);
        cr_assert_eq(pol[i]->self, lp[i]);
        cxt_host_init(&host[i]);
        host[i].key[CX_K_HEADCOUNT] = i;
        inst[i] = pol[i]->create(pol[i]->self, &cxt_api, &host[i]);
        cr_assert_not_null(inst[i], "instance %d: %s", i, cx_lua_policy_error(pol[i]));
    }
    for (int i = N_LUA - 1; i >= 0; i--) {
        cr_assert_eq(pol[i]->at[CX_AT_MONTH](inst[i], &cxt_api, &host[i]), 0, "%s", cx_lua_policy_error(pol[i]));
        cr_expect_str_eq(cx_lua_policy_error(pol[i]), "");
    }
    for (int i = 0; i < N_LUA; i++) {
        cr_expect_float_eq(host[i].lever[CX_L_PAY_REL], 0.5 + i / 1000.0, 1e-12, "instance %d", i);
        cr_expect_eq(host[i].n_set, 1);
        pol[i]->destroy(inst[i]);
        cx_lua_policy_free(lp[i]);
    }
}

#define N_JOBS 70

/* 70 jobs open at once, each with the built-in vendor policy in one regime
 * and its Lua translation on both sides of the other: 140 Lua policies
 * loaded and started. The Lua regime's months equal the C regime's, bit for
 * bit, in the first and the last job. */
Test(abi, lua_mirrors_c_with_140_lua_policies_live, .timeout = 300)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[512], text[2048];
    snprintf(text, sizeof text,
             "return { name = 'abi', seed = 3, years = 1.1, demand = { rate_per_min = 0.5 },\n"
             "  regimes = {\n"
             "    { name = 'c', client = 'vendor', provider = 'vendor' },\n"
             "    { name = 'lua', client = '%s/scripts/policies/vendor.lua',\n"
             "      provider = '%s/scripts/policies/vendor.lua' } } }\n",
             src, src);
    snprintf(path, sizeof path, "%s/s.lua", work);
    cxt_write_text(path, text);
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_job_load_scenario(path, &P, err, sizeof err), 0, "%s", err);
    cx_job *J = calloc(N_JOBS, sizeof *J);
    cr_assert_not_null(J);
    for (int r = 0; r < N_JOBS; r++) {
        cx_params Pr = P;
        Pr.seed = cx_rng_mix(P.seed, (uint64_t)r);
        cr_assert_eq(cx_job_open(&J[r], &Pr, path, NULL, err, sizeof err), 0, "job %d: %s", r, err);
        cr_assert_eq(cx_job_run_until(&J[r], 60.0, err, sizeof err), 0, "job %d: %s", r, err); /* policies started */
    }
    int ncol = cx_row_count();
    double *a = calloc((size_t)ncol, sizeof *a), *b = calloc((size_t)ncol, sizeof *b);
    cr_assert(a && b);
    for (int r = 0; r < N_JOBS; r += N_JOBS - 1) {
        cr_assert_eq(cx_job_run(&J[r], err, sizeof err), 0, "job %d: %s", r, err);
        size_t months = cx_sim_periods(J[r].sim[0]);
        cr_assert_eq(months, cx_sim_periods(J[r].sim[1]));
        cr_assert_geq(months, 13, "through a contract year");
        for (size_t m = 0; m < months; m++) {
            cr_assert_eq(cx_sim_row(J[r].sim[0], m, a), 0);
            cr_assert_eq(cx_sim_row(J[r].sim[1], m, b), 0);
            for (int c = 0; c < ncol; c++)
                cr_assert(memcmp(&a[c], &b[c], sizeof a[c]) == 0 || (isnan(a[c]) && isnan(b[c])),
                          "job %d, month %zu, %s: C %.17g, Lua %.17g", r, m, cx_row_columns[c].name, a[c], b[c]);
        }
    }
    free(a);
    free(b);
    for (int r = 0; r < N_JOBS; r++) cx_job_close(&J[r]);
    free(J);
}

/* `cxsim run --reps 70` with Lua policies on both sides of two regimes (280
 * Lua policies over the run) writes every replication. */
Test(abi, cli_reps_70_with_lua_policies, .timeout = 300)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    char scen[512], out[512], csv[600];
    snprintf(scen, sizeof scen, "%s/scripts/lua-policies.lua", src);
    snprintf(out, sizeof out, "%s/out", work);
    const char *args[] = {"run", scen, "--reps", "70", "--years", "0.02", "--out", out, "--quiet", NULL};
    cxt_proc r;
    cxt_run(&r, work, args, 240);
    cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
    /* stderr holds at most the size estimate of the 140 simulations (cx_estimate) */
    for (const char *line = r.err; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line))
        cr_expect(!strncmp(line, "cxsim run: estimate: ", 21), "unexpected stderr: %s", line);
    cxt_proc_free(&r);
    snprintf(csv, sizeof csv, "%s/monthly.csv", out);
    char *t = cxt_slurp(csv);
    cr_assert_not_null(t);
    int lines = 0;
    for (const char *p = t; *p; p++) lines += *p == '\n';
    cr_expect_eq(lines, 1 + 70 * 2, "a header and one month per regime and replication (%d lines)", lines);
    cr_expect(strstr(t, "\nlua-policies,vendor-lua,69,") && strstr(t, "\nlua-policies,savings-lua,69,"),
              "replication 69 of both regimes");
    free(t);
}
