/* Lua policies: alone, and in the model.
 *
 * Policies are tested through their cx_policy table with a fake host
 * (tests/cxt_host.h): metadata, state, decisions, every error path (script
 * errors with file and line, the runaway-loop stop, the memory cap, unknown
 * levers), and the sandbox. Scripts are written into a fresh directory per
 * test. Model-level tests (the Lua translation of a built-in policy against
 * the C one, errors and runaways in a run) run the real model. (Lua
 * experiments: tests/test_lua_experiment.c.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cx_builtin.h"
#include "cx_consent.h"
#include "cx_job.h"
#include "cx_lua_policy.h"
#include "cx_row.h"
#include "cxt_files.h"
#include "cxt_host.h"
#include "cxt_job.h"

static char work[256];
static char err[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_lua"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(lua_policy, .init = make_work, .fini = remove_work);

/* Write WORK/name with `text`; the path into out. */
static const char *script(char *out, size_t n, const char *name, const char *text)
{
    return cxt_write_in(out, n, work, name, text);
}

/* A loaded policy and one instance of it, with a host. */
typedef struct fixture {
    cx_lua_policy *lp;
    const cx_policy *pol;
    void *self;
    cx_pctx host;
    char path[512];
} fixture;

static void open_policy(fixture *fx, const char *text, const cx_lua_limits *lim)
{
    memset(fx, 0, sizeof *fx);
    script(fx->path, sizeof fx->path, "p.lua", text);
    cr_assert_eq(cx_lua_policy_load_ex(fx->path, lim, &fx->lp, &fx->pol, err, sizeof err), 0, "%s", err);
    cxt_host_init(&fx->host);
    fx->self = fx->pol->create(fx->pol->self, &cxt_api, &fx->host);
    cr_assert_not_null(fx->self, "%s", cx_lua_policy_error(fx->pol));
}

static void close_policy(fixture *fx)
{
    if (fx->self) fx->pol->destroy(fx->self);
    cx_lua_policy_free(fx->lp);
}

static int call(fixture *fx, int point) { return fx->pol->at[point](fx->self, &cxt_api, &fx->host); }

/* The callback at `point` fails with an error containing want1 (and want2). */
static void call_fails(fixture *fx, int point, const char *want1, const char *want2)
{
    cr_assert_neq(call(fx, point), 0);
    const char *e = cx_lua_policy_error(fx->pol);
    cr_assert(strstr(e, want1), "%s", e);
    if (want2) cr_assert(strstr(e, want2), "%s", e);
}

/* A load that must fail with a message containing want1 (and want2). */
static void load_fails(const char *text, const char *want1, const char *want2)
{
    char path[512];
    cx_lua_policy *lp = NULL;
    const cx_policy *pol = NULL;
    script(path, sizeof path, "bad.lua", text);
    cr_assert_eq(cx_lua_policy_load(path, &lp, &pol, err, sizeof err), -1, "accepted: %s", text);
    cr_assert_null(lp);
    cr_assert(strstr(err, want1), "message lacks \"%s\": %s", want1, err);
    if (want2) cr_assert(strstr(err, want2), "message lacks \"%s\": %s", want2, err);
}

Test(lua_policy, metadata)
{
    fixture fx;
    open_policy(&fx,
                "return {\n"
                "  name = 'steady', doc = 'keeps pay steady', sides = {'provider'},\n"
                "  options = { pay = {default = 1.05, min = 0.5, max = 2, doc = 'pay'},\n"
                "              buffer = {default = 0.1} },\n"
                "  on_start = function(s) end,\n"
                "  on_month = function(s) return {pay_rel = s.option('pay')} end,\n"
                "}\n",
                NULL);
    const cx_policy *p = fx.pol;
    cr_assert_eq(p->abi, CX_POLICY_ABI);
    cr_assert_eq(p->size, sizeof(cx_policy));
    cr_assert_str_eq(p->name, "steady");
    cr_assert_str_eq(p->doc, "keeps pay steady");
    cr_assert_eq(p->sides, 1u << CX_PROVIDER);
    /* options sorted by name; min and max default to unbounded */
    cr_assert_str_eq(p->options[0].name, "buffer");
    cr_assert_float_eq(p->options[0].def, 0.1, 1e-15);
    cr_assert(isinf(p->options[0].lo) && isinf(p->options[0].hi));
    cr_assert_str_eq(p->options[1].name, "pay");
    cr_assert_float_eq(p->options[1].lo, 0.5, 1e-15);
    cr_assert_str_eq(p->options[1].doc, "pay");
    cr_assert_null(p->options[2].name);
    cr_assert_not_null(p->at[CX_AT_START]);
    cr_assert_not_null(p->at[CX_AT_MONTH]);
    cr_assert_null(p->at[CX_AT_REVIEW]);
    cr_assert_null(p->at[CX_AT_CONTRACT_YEAR]);
    cr_assert_null(p->at[CX_AT_INCIDENT]);
    fx.host.opt_name[0] = "pay";
    fx.host.opt_value[0] = 1.3;
    fx.host.n_opt = 1;
    cr_assert_eq(call(&fx, CX_AT_START), 0);
    cr_assert_eq(fx.host.n_set, 0);
    cr_assert_eq(call(&fx, CX_AT_MONTH), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_float_eq(fx.host.lever[CX_L_PAY_REL], 1.3, 1e-15);
    close_policy(&fx);
}

Test(lua_policy, sides)
{
    fixture fx;
    open_policy(&fx, "return {name='a', on_month=function() end}", NULL);
    cr_assert_eq(fx.pol->sides, 3u);
    close_policy(&fx);
    open_policy(&fx, "return {name='a', sides='client', on_month=function() end}", NULL);
    cr_assert_eq(fx.pol->sides, 1u << CX_CLIENT);
    close_policy(&fx);
    load_fails("return {name='a', sides='vendor', on_month=function() end}", "bad.lua:1:", "sides");
}

/* Every key by name; decisions applied in lever order whatever the table's order. */
Test(lua_policy, state_and_decisions)
{
    fixture fx;
    open_policy(&fx,
                "local seen\n"
                "return { name = 'p',\n"
                "  on_month = function(state)\n"
                "    seen = state\n"
                "    return { penalty = state.service_level, pay_rel = state.trust + 1,\n"
                "             temps = true, staff_buffer = state:lever('staff_buffer') + 0.5 }\n"
                "  end,\n"
                "  on_review = function() return { pay_rel = seen.trust } end,\n"
                "}\n",
                NULL);
    fx.host.key[CX_K_SERVICE_LEVEL] = 0.75;
    fx.host.key[CX_K_TRUST] = 0.25;
    fx.host.lever[CX_L_STAFF_BUFFER] = 0.1;
    cr_assert_eq(call(&fx, CX_AT_MONTH), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_eq(fx.host.n_set, 4);
    cr_assert_eq(fx.host.set_order[0], CX_L_PAY_REL);
    cr_assert_eq(fx.host.set_order[1], CX_L_STAFF_BUFFER);
    cr_assert_eq(fx.host.set_order[2], CX_L_TEMPS);
    cr_assert_eq(fx.host.set_order[3], CX_L_PENALTY);
    cr_assert_float_eq(fx.host.lever[CX_L_PAY_REL], 1.25, 1e-15);
    cr_assert_float_eq(fx.host.lever[CX_L_TEMPS], 1.0, 1e-15);
    cr_assert_float_eq(fx.host.lever[CX_L_PENALTY], 0.75, 1e-15);
    cr_assert_float_eq(fx.host.lever[CX_L_STAFF_BUFFER], 0.6, 1e-15);
    /* a state kept from an earlier call reads the current values */
    fx.host.key[CX_K_TRUST] = 0.5;
    cr_assert_eq(call(&fx, CX_AT_REVIEW), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_float_eq(fx.host.lever[CX_L_PAY_REL], 0.5, 1e-15);
    close_policy(&fx);
}

Test(lua_policy, state_is_read_only)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p',\n"
                "  on_month = function(state)\n"
                "    state.trust = 1\n"
                "  end }\n",
                NULL);
    cr_assert_neq(call(&fx, CX_AT_MONTH), 0);
    const char *e = cx_lua_policy_error(fx.pol);
    cr_assert(strstr(e, "p.lua:3:") && strstr(e, "read-only") && strstr(e, "on_month"), "%s", e);
    close_policy(&fx);
}

Test(lua_policy, unknown_key_and_option)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p',\n"
                "  on_month = function(state)\n"
                "    return { pay_rel = state.trsut }\n"
                "  end,\n"
                "  on_review = function(state) return { pay_rel = state.option('nope') } end }\n",
                NULL);
    call_fails(&fx, CX_AT_MONTH, "p.lua:3: state has no key 'trsut'", NULL);
    call_fails(&fx, CX_AT_REVIEW, "p.lua:5: option 'nope' is not declared", NULL);
    close_policy(&fx);
}

/* Unknown lever names are an error naming the script and the line. */
Test(lua_policy, unknown_lever)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p',\n"
                "  on_month = function(state)\n"
                "    local d = {}\n"
                "    d.pay_rel = 1\n"
                "    d.pay_rise = 2\n"
                "    return d\n"
                "  end }\n",
                NULL);
    call_fails(&fx, CX_AT_MONTH, "p.lua:5: on_month returned an unknown lever 'pay_rise'", NULL);
    cr_assert_eq(fx.host.n_set, 0, "nothing is applied when a decision is wrong");
    cr_assert_eq(fx.host.n_notes, 1, "the message goes to the host's notes");
    cr_assert(strstr(fx.host.notes[0], "pay_rise"));
    close_policy(&fx);
}

Test(lua_policy, bad_decision_value_and_return)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p',\n"
                "  on_month = function(state) return { pay_rel = 'high' } end,\n"
                "  on_review = function(state) return 42 end }\n",
                NULL);
    call_fails(&fx, CX_AT_MONTH, "p.lua:2: on_month: lever 'pay_rel' must be a number", NULL);
    call_fails(&fx, CX_AT_REVIEW, "p.lua:3: on_review must return a table of decisions or nil", NULL);
    close_policy(&fx);
}

/* Out of range: the host refuses, the callback stops the run. */
Test(lua_policy, out_of_range_refused_by_host)
{
    fixture fx;
    open_policy(&fx, "return { name = 'p', on_month = function(s) return { pay_rel = -1 } end }\n", NULL);
    call_fails(&fx, CX_AT_MONTH, "decision 'pay_rel' refused", NULL);
    cr_assert(strstr(fx.host.refused, "pay_rel"), "%s", fx.host.refused);
    close_policy(&fx);
}

/* A runtime error: script:line: message, the callback named, a clean stop. */
Test(lua_policy, runtime_error)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p',\n"
                "  on_month = function(state)\n"
                "    local t = nil\n"
                "    return { pay_rel = t.x }\n"
                "  end,\n"
                "  on_review = function(state) error('no budget left') end,\n"
                "  on_contract_year = function(state) return { pay_rel = 1.25 } end }\n",
                NULL);
    call_fails(&fx, CX_AT_MONTH, "p.lua:4: attempt to index a nil value", "(in on_month)");
    call_fails(&fx, CX_AT_REVIEW, "p.lua:6: no budget left (in on_review)", NULL);
    /* the state survives: a later call works and its decision reaches the host */
    fx.host.n_set = 0;
    cr_assert_eq(call(&fx, CX_AT_CONTRACT_YEAR), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_eq(fx.host.n_set, 1);
    cr_assert_eq(fx.host.set_order[0], cx_lever_find("pay_rel"));
    cr_assert_float_eq(fx.host.lever[cx_lever_find("pay_rel")], 1.25, 1e-12);
    close_policy(&fx);
}

Test(lua_policy, runaway_loop_stopped)
{
    cx_lua_limits lim = {.mem_bytes = 16u << 20, .steps = 200000, .unsafe = 0};
    fixture fx;
    open_policy(&fx,
                "return { name = 'spin',\n"
                "  on_contract_year = function(state)\n"
                "    local i = 0\n"
                "    while true do i = i + 1 end\n"
                "  end }\n",
                &lim);
    call_fails(&fx, CX_AT_CONTRACT_YEAR, "p.lua:4: on_contract_year stopped after 200000 instructions", NULL);
    close_policy(&fx);
    /* and at load time */
    char path[512];
    cx_lua_policy *lp;
    const cx_policy *pol;
    script(path, sizeof path, "spin.lua", "while true do end\n");
    cr_assert_eq(cx_lua_policy_load_ex(path, &lim, &lp, &pol, err, sizeof err), -1);
    cr_assert(strstr(err, "spin.lua:1: loading stopped after"), "%s", err);
}

Test(lua_policy, memory_capped)
{
    cx_lua_limits lim = {.mem_bytes = 4u << 20, .steps = 100000000, .unsafe = 0};
    fixture fx;
    open_policy(&fx,
                "return { name = 'hog',\n"
                "  on_month = function(state)\n"
                "    local t = {}\n"
                "    for i = 1, 1e8 do t[i] = string.rep('x', 100) .. i end\n"
                "  end }\n",
                &lim);
    call_fails(&fx, CX_AT_MONTH, "p.lua: on_month: memory limit of 4 MiB reached", NULL);
    close_policy(&fx);
}

Test(lua_policy, sandbox)
{
    fixture fx;
    open_policy(&fx,
                "local found = {}\n"
                "for _, n in ipairs{'io','os','package','debug','require','dofile','loadfile'} do\n"
                "  if _G[n] ~= nil then found[#found + 1] = n end\n"
                "end\n"
                "assert(#found == 0, 'unsafe globals: ' .. table.concat(found, ' '))\n"
                "assert(string.dump == nil)\n"
                "local ok, e = load('\\27Lua binary')\n"
                "assert(not ok and e:find('binary'), e)\n"
                "assert(load('return 1 + 1')() == 2)\n"
                "return { name = 'p', on_month = function() end }\n",
                NULL);
    close_policy(&fx);
    /* opting in opens the full library */
    cx_lua_limits lim;
    cx_lua_limits_default(&lim);
    lim.unsafe = 1;
    open_policy(&fx, "assert(io and os and os.getenv)\nreturn { name = 'p', on_month = function() end }\n", &lim);
    close_policy(&fx);
    /* the environment is the user's consent (cx_consent_default), read by
     * the caller, never by the policy loader itself */
    setenv("CXSIM_LUA_UNSAFE", "1", 1);
    cx_lua_limits_default(&lim);
    cx_consent c;
    cx_consent_default(&c);
    unsetenv("CXSIM_LUA_UNSAFE");
    cr_assert_eq(lim.unsafe, 0);
    cr_assert_eq(c.unsafe, 1);
    cx_consent_default(&c);
    cr_assert_eq(c.unsafe, 0);
}

/* math.random draws from the host's policy stream, so runs repeat. */
Test(lua_policy, random_from_policy_stream)
{
    fixture fx;
    open_policy(&fx,
                "return { name = 'p', on_month = function(s)\n"
                "  return { pay_rel = 1 + math.random(), span = math.random(10, 19),\n"
                "           training_hours = s.uniform() } end }\n",
                NULL);
    fx.host.u = 0.25;
    cr_assert_eq(call(&fx, CX_AT_MONTH), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_eq(fx.host.n_uniform, 3);
    cr_assert_float_eq(fx.host.lever[CX_L_PAY_REL], 1.25, 1e-15);
    cr_assert_float_eq(fx.host.lever[CX_L_SPAN], 13, 1e-15);
    cr_assert_float_eq(fx.host.lever[CX_L_TRAINING_HOURS], 0.45, 1e-15);
    close_policy(&fx);
    load_fails("math.randomseed(1)\nreturn {name='p', on_month=function() end}", "bad.lua:1:", "seeded by the scenario");
}

/* Two instances (two simulations) never share Lua state. */
Test(lua_policy, instances_independent)
{
    fixture fx;
    open_policy(&fx,
                "count = 0\n"
                "return { name = 'p', on_month = function(s) count = count + 1\n"
                "  return { training_hours = count } end }\n",
                NULL);
    cx_pctx other;
    cxt_host_init(&other);
    void *self2 = fx.pol->create(fx.pol->self, &cxt_api, &other);
    cr_assert_not_null(self2);
    for (int i = 0; i < 3; i++) cr_assert_eq(call(&fx, CX_AT_MONTH), 0);
    cr_assert_eq(fx.pol->at[CX_AT_MONTH](self2, &cxt_api, &other), 0);
    cr_assert_float_eq(fx.host.lever[CX_L_TRAINING_HOURS], 3, 1e-15);
    cr_assert_float_eq(other.lever[CX_L_TRAINING_HOURS], 1, 1e-15);
    fx.pol->destroy(self2);
    close_policy(&fx);
}

Test(lua_policy, load_errors)
{
    load_fails("return {name = 'p',\n on_month = function( end }\n", "bad.lua:2:", NULL);
    load_fails("return 5\n", "must return a table", NULL);
    load_fails("return { on_month = function() end }\n", "bad.lua:", "needs a name");
    load_fails("return { name = 'p' }\n", "defines no callback", NULL);
    load_fails("return { name = 'p',\n  on_mnth = function() end }\n", "bad.lua:2: unknown field 'on_mnth'", NULL);
    load_fails("return { name = 'p', on_month = 3 }\n", "field 'on_month': must be a function", NULL);
    load_fails("return { name = 'p', on_month = function() end,\n"
               "  options = {\n    pay = {default = 3, min = 0, max = 2} } }\n",
               "bad.lua:3:", "min <= default <= max");
    load_fails("return { name = 'p', on_month = function() end,\n"
               "  options = { pay = {min = 0} } }\n",
               "options.pay.default", "required");
    load_fails("return { name = 'p', on_month = function() end,\n"
               "  options = { pay = {default = 1, mx = 2} } }\n",
               "unknown field 'mx'", NULL);
    load_fails("error('boom')\n", "bad.lua:1: boom", NULL);
    char path[512];
    cx_lua_policy *lp;
    const cx_policy *pol;
    snprintf(path, sizeof path, "%s/none.lua", work);
    cr_assert_eq(cx_lua_policy_load(path, &lp, &pol, err, sizeof err), -1);
    cr_assert(strstr(err, "none.lua: cannot read"), "%s", err);
}

/* ------------------------------------------------------------------ */
/* Lua policies in the model                                            */

TestSuite(lua_model, .init = make_work, .fini = remove_work);

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Open a job on WORK/s.lua holding `regimes` (tests/cxt_job.h). */
static cx_job *open_job(const char *regimes, double years) { return cxt_open_job(work, "", regimes, years, err, sizeof err); }

static void close_job(cx_job *J) { cxt_close_job(J); }

/* scripts/policies/vendor.lua gives exactly the numbers of the built-in
 * vendor policy, month by month, column by column, on the same seed; and
 * the time each takes is the cost of the Lua bridge. */
Test(lua_model, equivalent_to_c, .timeout = 600)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src);
    char regimes[1024];
    snprintf(regimes, sizeof regimes,
             "    { name = 'c', client = 'vendor', provider = 'vendor' },\n"
             "    { name = 'lua', client = '%s/scripts/policies/vendor.lua',\n"
             "      provider = '%s/scripts/policies/vendor.lua' },\n",
             src, src);
    /* the same options: names, defaults, ranges (a change to vendor.c must reach vendor.lua) */
    char lua_path[4096];
    snprintf(lua_path, sizeof lua_path, "%s/scripts/policies/vendor.lua", src);
    cx_lua_policy *lp;
    const cx_policy *lpol, *cpol = cx_builtin_find("vendor");
    cr_assert_eq(cx_lua_policy_load(lua_path, &lp, &lpol, err, sizeof err), 0, "%s", err);
    int nc = 0, nl = 0;
    while (cpol->options[nc].name) nc++;
    while (lpol->options[nl].name) nl++;
    cr_assert_eq(nc, nl, "vendor.c declares %d options, vendor.lua %d", nc, nl);
    for (int i = 0; i < nc; i++) {
        const cx_option *o = &cpol->options[i], *q = lpol->options;
        while (q->name && strcmp(q->name, o->name)) q++;
        cr_assert_not_null(q->name, "vendor.lua lacks option '%s'", o->name);
        cr_assert(q->def == o->def && q->lo == o->lo && q->hi == o->hi, "option '%s': C %g [%g, %g], Lua %g [%g, %g]",
                  o->name, o->def, o->lo, o->hi, q->def, q->lo, q->hi);
    }
    cr_assert_eq(cpol->sides, lpol->sides);
    for (int k = 0; k < CX_POINT_COUNT; k++)
        cr_assert_eq(cpol->at[k] != NULL, lpol->at[k] != NULL, "callback %d: C and Lua differ", k);
    cx_lua_policy_free(lp);
    cx_job *J = open_job(regimes, 3);
    cr_assert_eq(J->n, 2);
    double t[2];
    for (int i = 0; i < 2; i++) {
        double t0 = now_s();
        cr_assert_eq(cx_sim_run(J->sim[i]), 0, "%s: %s", cx_job_label(J, i), cx_sim_error(J->sim[i]));
        t[i] = now_s() - t0;
    }
    size_t months = cx_sim_periods(J->sim[0]);
    cr_assert_eq(months, cx_sim_periods(J->sim[1]));
    cr_assert_geq(months, 35);
    int ncol = cx_row_count();
    double *a = calloc((size_t)ncol, sizeof *a), *b = calloc((size_t)ncol, sizeof *b);
    for (size_t m = 0; m < months; m++) {
        cx_sim_row(J->sim[0], m, a);
        cx_sim_row(J->sim[1], m, b);
        for (int c = 0; c < ncol; c++)
            cr_assert(memcmp(&a[c], &b[c], sizeof a[c]) == 0 || (isnan(a[c]) && isnan(b[c])),
                      "month %zu, %s: C %.17g, Lua %.17g", m, cx_row_columns[c].name, a[c], b[c]);
    }
    free(a);
    free(b);
    cr_log_info("3 simulated years: C vendor policy %.3f s, Lua translation %.3f s (%+.1f%%)", t[0], t[1],
                100 * (t[1] / t[0] - 1));
    fprintf(stderr, "vendor policy, 3 simulated years: C %.3f s, Lua %.3f s (%+.1f%%)\n", t[0], t[1],
            100 * (t[1] / t[0] - 1));
    close_job(J);
}

/* At a tender (contract round 3) the provider bids: vendor.lua, like the
 * built-in vendor and partner, bids tender_bid_best, and sets nothing else. */
Test(lua_model, the_providers_bid_their_best_at_a_tender)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src);
    char lua_path[4096];
    snprintf(lua_path, sizeof lua_path, "%s/scripts/policies/vendor.lua", src);
    cx_lua_policy *lp;
    const cx_policy *pols[3] = {cx_builtin_find("vendor"), cx_builtin_find("partner"), NULL};
    cr_assert_eq(cx_lua_policy_load(lua_path, &lp, &pols[2], err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 3; i++) {
        cx_pctx host;
        cxt_host_init(&host);
        host.key[CX_K_SIDE] = CX_PROVIDER;
        host.key[CX_K_CONTRACT_ROUND] = 3;
        host.key[CX_K_TENDER_ENTRANT] = 8.1;
        host.key[CX_K_TENDER_BID_BEST] = 7.5;
        host.key[CX_K_TENDER_BID_FLOOR] = 6.9;
        void *self = pols[i]->self; /* the built-ins keep no instance */
        if (pols[i]->create) cr_assert_not_null(self = pols[i]->create(pols[i]->self, &cxt_api, &host), "%s", pols[i]->name);
        cr_assert_eq(pols[i]->at[CX_AT_CONTRACT_YEAR](self, &cxt_api, &host), 0, "%s: %s", pols[i]->name, host.refused);
        cr_expect_eq(host.lever[CX_L_TENDER_BID], 7.5, "%s bids %g", pols[i]->name, host.lever[CX_L_TENDER_BID]);
        cr_expect_eq(host.n_set, 1, "%s sets %d levers at round 3", pols[i]->name, host.n_set);
        if (pols[i]->create && pols[i]->destroy) pols[i]->destroy(self);
    }
    cx_lua_policy_free(lp);
}

/* A Lua error in a callback stops the run cleanly with script:line: message. */
Test(lua_model, runtime_error_stops_the_run)
{
    char p[512], regimes[1024];
    script(p, sizeof p, "broken.lua",
           "return { name = 'broken', sides = 'provider',\n"
           "  on_month = function(s)\n"
           "    if s.month >= 2 then error('no budget left') end\n"
           "  end }\n");
    snprintf(regimes, sizeof regimes, "    { name = 'r', client = 'vendor', provider = '%s' },\n", p);
    cx_job *J = open_job(regimes, 0.5);
    int rc = cx_job_run(J, err, sizeof err);
    close_job(J);
    cr_assert_eq(rc, -1);
    cr_assert(strstr(err, "broken.lua:3: no budget left (in on_month)"), "%s", err);
}

/* A runaway policy in a run: stopped, naming the script and the callback. */
Test(lua_model, runaway_stops_the_run)
{
    char p[512], regimes[1024];
    script(p, sizeof p, "spin.lua",
           "return { name = 'spin', sides = 'client',\n"
           "  on_contract_year = function(s) while true do end end }\n");
    snprintf(regimes, sizeof regimes, "    { name = 'r', client = '%s', provider = 'vendor' },\n", p);
    setenv("CXSIM_LUA_MAX_STEPS", "100000", 1);
    cx_job *J = open_job(regimes, 1.1);
    unsetenv("CXSIM_LUA_MAX_STEPS");
    int rc = cx_job_run(J, err, sizeof err);
    close_job(J);
    cr_assert_eq(rc, -1);
    cr_assert(strstr(err, "spin.lua:2: on_contract_year stopped after 100000 instructions"), "%s", err);
}
