/* The Lua sandbox against hostile scripts: policies and experiments.
 *
 * (Scenarios: tests/test_scenario.c, suite `sandbox`.) Every way around
 * the instruction limit (pcall, xpcall and its handler, coroutines, their
 * budget), finalizers, pattern bombs, bytecode, error objects that are no
 * strings, the memory cap, and the files an experiment may write. Every
 * test that could hang has a watchdog (alarm, or a deadline on the cxsim
 * child), so a regression fails instead of hanging the suite. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_consent.h"
#include "cx_lua_experiment.h"
#include "cx_lua_policy.h"
#include "cx_plugin.h"
#include "cxt_files.h"
#include "cxt_host.h"

static char work[256];
static char err[2048];

/* Each test in a fresh directory, which is also the working directory
 * (criterion runs every test in a process of its own). */
static void enter_work(void)
{
    cxt_make_temp_dir(work, sizeof work, "cx_luasb");
    cr_assert_eq(chdir(work), 0, "cannot enter %s", work);
}

static void remove_work(void) { cxt_remove_tree(work); }

/* A hung state kills the test (SIGALRM) instead of hanging the suite. */
static void watchdog(unsigned seconds) { alarm(seconds); }

TestSuite(policy_sandbox, .init = enter_work, .fini = remove_work);
TestSuite(experiment_sandbox, .init = enter_work, .fini = remove_work);

/* ------------------------------------------------------------------ */
/* Policies                                                             */

typedef struct fixture {
    cx_lua_policy *lp;
    const cx_policy *pol;
    void *self;
    cx_pctx host;
} fixture;

static const cx_lua_limits small = {.mem_bytes = 16u << 20, .steps = 200000, .unsafe = 0};

/* p.lua with `on_month` running `body` and an on_review that decides. */
static void open_policy(fixture *fx, const char *body)
{
    char text[4096];
    snprintf(text, sizeof text,
             "return { name = 'p',\n"
             "  on_month = function(state)\n"
             "%s\n"
             "  end,\n"
             "  on_review = function(state) return { pay_rel = 1.1 } end }\n",
             body);
    memset(fx, 0, sizeof *fx);
    cxt_write_text("p.lua", text);
    cr_assert_eq(cx_lua_policy_load_ex("p.lua", &small, &fx->lp, &fx->pol, err, sizeof err), 0, "%s", err);
    cxt_host_init(&fx->host);
    fx->self = fx->pol->create(fx->pol->self, &cxt_api, &fx->host);
    cr_assert_not_null(fx->self, "%s", cx_lua_policy_error(fx->pol));
}

static void close_policy(fixture *fx)
{
    fx->pol->destroy(fx->self);
    cx_lua_policy_free(fx->lp);
}

/* on_month fails with `want`; then on_review, with a fresh budget, works. */
static void month_fails(const char *body, const char *want)
{
    fixture fx;
    open_policy(&fx, body);
    cr_assert_neq(fx.pol->at[CX_AT_MONTH](fx.self, &cxt_api, &fx.host), 0, "not stopped:\n%s", body);
    const char *e = cx_lua_policy_error(fx.pol);
    cr_assert(strstr(e, want), "%s\nwanted: %s", e, want);
    cr_assert_eq(fx.pol->at[CX_AT_REVIEW](fx.self, &cxt_api, &fx.host), 0, "%s", cx_lua_policy_error(fx.pol));
    cr_assert_eq(fx.host.n_set, 1);
    close_policy(&fx);
}

Test(policy_sandbox, the_limit_cannot_be_caught)
{
    watchdog(60);
    static const char *const bodies[] = {
        "while true do pcall(function() while true do end end) end",
        "while true do xpcall(function() while true do end end, function(m) while true do end end) end",
        "while true do pcall(coroutine.wrap(function() while true do end end)) end",
        "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
        "local mt = { __close = function() while true do end end }\n"
        "while true do pcall(function() local x <close> = setmetatable({}, mt) error('x') end) end",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
        month_fails(bodies[i], "on_month stopped after 200000 instructions (an endless loop? the limit is "
                               "CXSIM_LUA_MAX_STEPS)");
}

/* Coroutines of 100,000 instructions each: within a per-thread limit of
 * 200,000, stopped by the shared one. */
Test(policy_sandbox, coroutines_share_the_budget)
{
    watchdog(60);
    month_fails("while true do coroutine.wrap(function() for i = 1, 50000 do end end)() end",
                "on_month stopped after 200000 instructions");
}

/* One instruction can copy megabytes: the wall-clock deadline stops what the count would let run for hours. */
Test(policy_sandbox, wall_clock_deadline)
{
    watchdog(60);
    cx_lua_limits lim = {.mem_bytes = 64u << 20, .steps = 1000000000L, .seconds = 1, .unsafe = 0};
    cx_lua_policy *lp = NULL;
    const cx_policy *pol = NULL;
    cxt_write_text("slow.lua", "return { name = 'slow', on_month = function()\n"
                               "  local s = string.rep('x', 2^22)\n"
                               "  while true do local t = s .. s end\n"
                               "end }\n");
    cr_assert_eq(cx_lua_policy_load_ex("slow.lua", &lim, &lp, &pol, err, sizeof err), 0, "%s", err);
    cx_pctx host;
    cxt_host_init(&host);
    void *self = pol->create(pol->self, &cxt_api, &host);
    cr_assert_not_null(self);
    cr_assert_neq(pol->at[CX_AT_MONTH](self, &cxt_api, &host), 0);
    cr_assert(strstr(cx_lua_policy_error(pol), "slow.lua:3: on_month stopped after 1 s (an endless loop? the limit "
                                               "is CXSIM_LUA_MAX_SECONDS)"),
              "%s", cx_lua_policy_error(pol));
    pol->destroy(self);
    cx_lua_policy_free(lp);
    /* the default comes from the environment */
    setenv("CXSIM_LUA_MAX_SECONDS", "7", 1);
    cx_lua_limits_default(&lim);
    unsetenv("CXSIM_LUA_MAX_SECONDS");
    cr_assert_float_eq(lim.seconds, 7, 1e-12);
}

Test(policy_sandbox, no_finalizers_no_bytecode_no_dump)
{
    watchdog(20);
    cx_lua_policy *lp = NULL;
    const cx_policy *pol = NULL;
    cxt_write_text("gc.lua", "setmetatable({}, { __gc = function() while true do end end })\n"
                             "return { name = 'p', on_month = function() end }\n");
    cr_assert_eq(cx_lua_policy_load_ex("gc.lua", &small, &lp, &pol, err, sizeof err), -1);
    cr_assert(strstr(err, "gc.lua:1: setmetatable: __gc (a finalizer) is not allowed"), "%s", err);
    fixture fx;
    open_policy(&fx, "assert(string.dump == nil and ('').dump == nil, 'dump')\n"
                     "local f, e = load(string.char(27) .. 'Lua' .. string.rep('x', 40))\n"
                     "assert(f == nil and e:find('binary'), 'bytecode loaded')\n"
                     "local f2, e2 = load(function() return nil end, 'x', 'b')\n"
                     "assert(load('return 2 + 2')() == 4)");
    cr_assert_eq(fx.pol->at[CX_AT_MONTH](fx.self, &cxt_api, &fx.host), 0, "%s", cx_lua_policy_error(fx.pol));
    close_policy(&fx);
}

Test(policy_sandbox, pattern_bombs_are_refused)
{
    watchdog(20);
    month_fails("string.rep('a', 40):find(string.rep('a*', 30) .. 'b')",
                "p.lua:3: string.find: pattern '(a long pattern)' on 40 bytes could take");
    /* the charge of allowed matches counts into the budget */
    month_fails("local s = string.rep('a', 2000) while true do s:find('.-b') end",
                "on_month stopped after 200000 instructions");
}

Test(policy_sandbox, error_objects_name_the_file)
{
    month_fails("error({ code = 1 })", "p.lua: error object is a table value (in on_month)");
    month_fails("error(nil)", "p.lua: error object is a nil value (in on_month)");
    cx_lua_policy *lp = NULL;
    const cx_policy *pol = NULL;
    cxt_write_text("bad.lua", "error({})\n");
    cr_assert_eq(cx_lua_policy_load_ex("bad.lua", &small, &lp, &pol, err, sizeof err), -1);
    cr_assert(strstr(err, "bad.lua: error object is a table value"), "%s", err);
}

/* --unsafe reaches a Lua policy only through the consent passed down. */
Test(policy_sandbox, unsafe_comes_from_the_consent)
{
    cxt_write_text("u.lua", "assert(io and os.getenv, 'sandboxed')\nreturn { name = 'u', on_month = function() end }\n");
    cx_consent yes = {.allow_plugins = 0, .unsafe = 1}, no = {.allow_plugins = 0, .unsafe = 0};
    cx_loaded *l = NULL;
    const cx_policy *pol = NULL;
    setenv("CXSIM_LUA_UNSAFE", "1", 1); /* ignored: the consent decides */
    int rc = cx_policy_load("u.lua", NULL, &no, &l, &pol, err, sizeof err);
    unsetenv("CXSIM_LUA_UNSAFE");
    cr_assert_eq(rc, -1);
    cr_assert(strstr(err, "u.lua:1: sandboxed"), "%s", err);
    cr_assert_eq(cx_policy_load("u.lua", NULL, &yes, &l, &pol, err, sizeof err), 0, "%s", err);
    cx_policy_unload(l);
}

/* ------------------------------------------------------------------ */
/* Experiments                                                          */

static int run_limited(const char *text, long steps, size_t mem)
{
    cxt_write_text("exp.lua", text);
    cx_experiment_opts o = {.jobs = 1, .max_steps = steps, .max_mem = mem};
    err[0] = 0;
    return cx_lua_experiment("exp.lua", 0, NULL, &o, err, sizeof err);
}

static void exp_fails(const char *text, const char *want)
{
    cr_assert_eq(run_limited(text, 1000000, 32u << 20), -1, "not stopped:\n%s", text);
    cr_assert(strstr(err, want), "%s\nwanted: %s", err, want);
}

Test(experiment_sandbox, library)
{
    cr_assert_eq(run_limited("assert(string.dump == nil, 'string.dump')\n"
                             "assert(os.getenv == nil and os.execute == nil and os.remove == nil, 'os')\n"
                             "assert(io == nil and package == nil and debug == nil, 'libs')\n"
                             "assert(require('cx') == cx, 'require cx (tests/test_lua_idiom.c)')\n"
                             "assert(type(os.clock()) == 'number' and type(os.time()) == 'number', 'clocks')\n"
                             "local f, e = load(string.char(27) .. 'LuaT' .. string.rep('\\0', 60))\n"
                             "assert(f == nil and e:find('binary'), 'bytecode loaded')\n"
                             "assert(load('return 1 + 1')() == 2, 'text load')\n",
                             0, 0),
                 0, "%s", err);
}

Test(experiment_sandbox, the_limit_cannot_be_caught)
{
    watchdog(60);
    const char *want = "exp.lua:1: the experiment stopped after 1000000 instructions (an endless loop? raise it "
                       "with cxsim lua --max-steps N)";
    exp_fails("while true do end\n", want);
    exp_fails("while true do pcall(function() while true do end end) end\n", want);
    exp_fails("while true do xpcall(function() while true do end end, function() while true do end end) end\n",
              want);
    exp_fails("while true do pcall(coroutine.wrap(function() while true do end end)) end\n", want);
    exp_fails("while true do coroutine.wrap(function() for i = 1, 200000 do end end)() end\n", want);
}

/* The deadline counts the script's own time, not its simulations'. */
Test(experiment_sandbox, wall_clock_deadline)
{
    watchdog(120);
    cxt_write_text("exp.lua", "local s = string.rep('x', 2^22)\nwhile true do local t = s .. s end\n");
    cx_experiment_opts o = {.jobs = 1, .max_seconds = 1};
    cr_assert_eq(cx_lua_experiment("exp.lua", 0, NULL, &o, err, sizeof err), -1);
    cr_assert(strstr(err, "exp.lua:2: the experiment stopped after 1 s (an endless loop? raise it with cxsim lua "
                          "--max-seconds S)"),
              "%s", err);
    char text[1024];
    snprintf(text, sizeof text,
             "local S = cx.scenario{ base = '%s/scripts/default.lua', years = 0.5, demand = { rate_per_min = 3 } }\n"
             "local t0 = os.clock()\n"
             "for i = 1, 3 do cx.run(S, { seed = i }) end\n"
             "print(string.format('three runs: %%.2f s', os.clock() - t0))\n",
             getenv("CX_SOURCE_DIR"));
    cxt_write_text("sims.lua", text);
    o.max_seconds = 0.2;
    cr_assert_eq(cx_lua_experiment("sims.lua", 0, NULL, &o, err, sizeof err), 0, "%s", err);
}

Test(experiment_sandbox, memory_is_capped)
{
    watchdog(60);
    cr_assert_eq(run_limited("local t = {}\nfor i = 1, 1e9 do t[i] = i end\n", 0, 32u << 20), -1);
    cr_assert(strstr(err, "exp.lua: the experiment: memory limit of 32 MiB reached (cxsim lua --max-mem-mb M)"),
              "%s", err);
    exp_fails("local s = string.rep('x', 300 * 2^20)\n", "memory limit of 32 MiB reached");
}

Test(experiment_sandbox, finalizers_patterns_and_error_objects)
{
    watchdog(20);
    exp_fails("setmetatable({}, { __gc = function() while true do end end })\n",
              "exp.lua:1: setmetatable: __gc (a finalizer) is not allowed");
    exp_fails("local mt = getmetatable(cx.scenario{})\nassert(mt == false, tostring(mt))\nerror('ok')\n",
              "exp.lua:3: ok");
    exp_fails("string.rep('a', 40):find(string.rep('a*', 30) .. 'b')\n", "exp.lua:1: string.find: pattern");
    exp_fails("error({})\n", "exp.lua: error object is a table value");
    exp_fails("error()\n", "exp.lua: error object is a nil value");
}

/* A directory outside the working directory, and links into it. */
static void outside_dir(char *out, size_t n)
{
    cxt_make_temp_dir(out, n, "cx_outside");
}

static int is_empty_dir(const char *d)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", d);
    return system(cmd) == 0;
}

Test(experiment_sandbox, writes_stay_below_the_working_directory)
{
    char out[256], target[600];
    outside_dir(out, sizeof out);
    cr_assert_eq(symlink(out, "link"), 0);
    snprintf(target, sizeof target, "%s/keep.csv", out);
    cxt_write_text(target, "keep\n");
    cr_assert_eq(symlink(target, "final.csv"), 0);
    struct {
        const char *call, *want;
    } cases[] = {
        {"cx.write_csv('../x.csv', {{a = 1}})", "cx.write_csv: ../x.csv: a '..' component"},
        {"cx.write_csv('new/../../x.csv', {{a = 1}})", "cx.write_csv: new/../../x.csv: a '..' component"},
        {"cx.write_csv('%s/x.csv', {{a = 1}})", "/x.csv: an absolute path"},
        {"cx.write_csv('link/x.csv', {{a = 1}})", "cx.write_csv: link/x.csv: directory link: goes through a "
                                                  "symbolic link"},
        {"cx.write_csv('link/deeper/x.csv', {{a = 1}})", "goes through a symbolic link"},
        {"cx.write_csv('final.csv', {{a = 1}})", "cx.write_csv: final.csv: is a symbolic link"},
        {"cx.sweep(cx.scenario{}, {seed = {1}}, 1, {out = '../s.csv'})", "cx.sweep: ../s.csv: a '..' component"},
        {"cx.sweep(cx.scenario{}, {seed = {1}}, 1, {out = '%s/s.csv'})", "/s.csv: an absolute path"},
        {"cx.sweep(cx.scenario{}, {seed = {1}}, 1, {out = 'link/s.csv'})", "goes through a symbolic link"},
        {"cx.sweep(cx.scenario{}, {seed = {1}}, 1, {out = 'j.csv'})",
         "cx.sweep: cannot open j.csv.journal: it is a symbolic link"},
    };
    snprintf(target, sizeof target, "%s/j.journal", out);
    cr_assert_eq(symlink(target, "j.csv.journal"), 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[1024];
        snprintf(text, sizeof text, cases[i].call, out);
        exp_fails(text, cases[i].want);
    }
    char *kept = cxt_slurp("final.csv");
    cr_assert(kept && !strcmp(kept, "keep\n"), "the link's target was overwritten: %s", kept ? kept : "");
    free(kept);
    /* nothing but the file planted there appeared outside */
    snprintf(target, sizeof target, "%s/keep.csv", out);
    cr_assert_eq(unlink(target), 0);
    cr_assert(is_empty_dir(out), "an experiment wrote into %s", out);
    cr_assert_neq(access("new", F_OK), 0, "a directory was created before the path was refused");
    cxt_remove_tree(out);
    /* below the working directory, directories are made as needed */
    cr_assert_eq(run_limited("cx.write_csv('sub/dir/x.csv', {{a = 1, b = 'two'}})\n", 0, 0), 0, "%s", err);
    char *csv = cxt_slurp("sub/dir/x.csv");
    cr_assert(csv && !strcmp(csv, "a,b\n1,two\n"), "%s", csv ? csv : "(none)");
    free(csv);
}

/* ------------------------------------------------------------------ */
/* Through the program: limits from the command line, --unsafe, leaks    */

static void run_cxsim(cxt_proc *r, const char *const *args) { cxt_run(r, work, args, 120); }

Test(experiment_sandbox, command_line_limits)
{
    cxt_proc r;
    cxt_write_text("loop.lua", "local n = 0\nwhile true do n = n + 1 end\n");
    run_cxsim(&r, (const char *const[]){"lua", "--max-steps", "100000", "loop.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "cxsim lua: loop.lua:2: the experiment stopped after 100000 instructions"), "%s",
              r.err);
    cxt_proc_free(&r);
    cxt_write_text("mem.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = {i} end\n");
    run_cxsim(&r, (const char *const[]){"lua", "--max-mem-mb", "16", "mem.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "cxsim lua: mem.lua: the experiment: memory limit of 16 MiB reached"), "%s", r.err);
    cxt_proc_free(&r);
    run_cxsim(&r, (const char *const[]){"lua", "--max-steps", "10", "loop.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "--max-steps"), "%s", r.err);
    cxt_proc_free(&r);
}

Test(experiment_sandbox, unsafe_is_per_run_and_warned)
{
    static const char warning[] =
        "cxsim: warning: --unsafe: Lua scenarios, policies and experiments run with the full standard library";
    char text[1024];
    snprintf(text, sizeof text, "assert(io and os.getenv)\ncx.write_csv('%s/abs.csv', {{a = 1}})\n", work);
    cxt_write_text("abs.lua", text);
    cxt_proc r;
    run_cxsim(&r, (const char *const[]){"lua", "abs.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(!strstr(r.err, warning), "%s", r.err);
    cxt_proc_free(&r);
    run_cxsim(&r, (const char *const[]){"lua", "--unsafe", "abs.lua", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, warning), "%s", r.err);
    cr_assert_eq(access("abs.csv", F_OK), 0);
    cxt_proc_free(&r);
    setenv("CXSIM_LUA_UNSAFE", "1", 1);
    run_cxsim(&r, (const char *const[]){"lua", "abs.lua", NULL});
    unsetenv("CXSIM_LUA_UNSAFE");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, warning), "%s", r.err);
    cxt_proc_free(&r);
    /* cxsim run: the flag, the warning (before anything is loaded) */
    run_cxsim(&r, (const char *const[]){"run", "--unsafe", "nosuch.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, warning) && strstr(r.err, "nosuch.lua"), "%s", r.err);
    cxt_proc_free(&r);
    run_cxsim(&r, (const char *const[]){"run", "nosuch.lua", NULL});
    cr_assert(!strstr(r.err, warning), "%s", r.err);
    cxt_proc_free(&r);
}

/* A __tostring that raises while cx.write_csv builds its text: an error,
 * and nothing leaked (the program runs under LeakSanitizer in CI: a leak
 * would end it with another status). */
Test(experiment_sandbox, write_csv_tostring_error_leaks_nothing)
{
    cxt_write_text("ts.lua", "local bad = setmetatable({}, { __tostring = function() error('boom') end })\n"
                             "cx.write_csv('t.csv', {{a = 1}}, {'a', 'b', bad})\n");
    cxt_proc r;
    run_cxsim(&r, (const char *const[]){"lua", "ts.lua", NULL});
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "ts.lua:1: boom"), "%s", r.err);
    cr_assert(!strstr(r.err, "LeakSanitizer"), "%s", r.err);
    cr_assert_neq(access("t.csv", F_OK), 0);
    cxt_proc_free(&r);
}
