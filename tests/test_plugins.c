/* Policy loading: built-ins by name, C plugins by path and by search, the
 * built-in policies' shared objects, and every refusal path with its
 * message. The test plugins are variants of tests/plugins/cxt_policy.c,
 * built into CX_TEST_PLUGIN_DIR; the built-in .so files come from
 * $CX_PLUGIN_DIR (set by ctest). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_builtin.h"
#include "cx_lua_policy.h"
#include "cx_plugin.h"
#include "cxt_files.h"
#include "cxt_host.h"

#ifndef CX_TEST_PLUGIN_DIR
#error "CX_TEST_PLUGIN_DIR must name the directory of the test plugins"
#endif

static char err[1024];

/* The defaults plus native code allowed (--allow-plugins): the loader tests load plugins. */
static cx_consent allow_native(void)
{
    cx_consent c;
    cx_consent_default(&c);
    c.allow_plugins = 1;
    c.quiet = 1;
    return c;
}

/* Load `file` from the test plugin directory; returns the status. */
static int load_test(const char *file, cx_loaded **l, const cx_policy **p)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", CX_TEST_PLUGIN_DIR, file);
    err[0] = 0;
    cx_consent c = allow_native();
    return cx_policy_load(path, NULL, &c, l, p, err, sizeof err);
}

/* The load of `file` is refused with a message containing each of `want`. */
static void refused(const char *file, const char *want1, const char *want2)
{
    cx_loaded *l = (cx_loaded *)1;
    const cx_policy *p = (const cx_policy *)1;
    cr_assert_eq(load_test(file, &l, &p), -1, "%s was accepted", file);
    cr_assert_null(l);
    cr_assert_null(p);
    cr_assert(strstr(err, file), "message does not name the plugin: %s", err);
    cr_assert(strstr(err, want1), "message lacks \"%s\": %s", want1, err);
    if (want2) cr_assert(strstr(err, want2), "message lacks \"%s\": %s", want2, err);
}

Test(plugins, builtin_by_name)
{
    cx_loaded *l = (cx_loaded *)1;
    const cx_policy *p = NULL;
    cr_assert_eq(cx_policy_load("vendor", NULL, NULL, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_null(l, "a built-in needs no handle");
    cr_assert_eq(p, cx_builtin_find("vendor"));
    cx_policy_unload(l);
    cr_assert_eq(cx_policy_load("partner", NULL, NULL, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p->name, "partner");
}

/* Each built-in policy, built as a shared object, loads by path and is the
 * same policy as the linked-in one. */
Test(plugins, builtin_shared_objects)
{
    const char *dir = getenv("CX_PLUGIN_DIR");
    cr_assert(dir && *dir, "CX_PLUGIN_DIR is not set (ctest sets it)");
    static const char *const names[] = {"vendor", "partner"};
    for (int i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.so", dir, names[i]);
        cx_loaded *l = NULL;
        const cx_policy *p = NULL;
        cx_consent c = allow_native();
        cr_assert_eq(cx_policy_load(path, NULL, &c, &l, &p, err, sizeof err), 0, "%s", err);
        cr_assert_not_null(l);
        const cx_policy *b = cx_builtin_find(names[i]);
        cr_assert_neq(p, b, "the .so must be a separate copy");
        cr_assert_str_eq(p->name, b->name);
        cr_assert_eq(p->abi, CX_POLICY_ABI);
        cr_assert_eq(p->sides, b->sides);
        for (int k = 0; k < CX_POINT_COUNT; k++) cr_assert_eq(p->at[k] != NULL, b->at[k] != NULL);
        cx_policy_unload(l);
    }
}

Test(plugins, good_plugin_by_path)
{
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    cr_assert_eq(load_test("good.so", &l, &p), 0, "%s", err);
    cr_assert_str_eq(p->name, "cxt_test");
    cr_assert_eq(p->sides, 1u << CX_PROVIDER);
    cr_assert_str_eq(p->options[0].name, "pay");
    cr_assert_not_null(p->at[CX_AT_MONTH]);
    cr_assert_null(p->at[CX_AT_START]);
    cx_pctx host;
    cxt_host_init(&host);
    host.opt_name[0] = "pay";
    host.opt_value[0] = 1.2;
    host.n_opt = 1;
    host.key[CX_K_SERVICE_LEVEL] = 0.7;
    cr_assert_eq(p->at[CX_AT_MONTH](NULL, &cxt_api, &host), 0);
    cr_assert_float_eq(host.lever[CX_L_PAY_REL], 1.2, 1e-12);
    cr_assert_float_eq(host.lever[CX_L_STAFF_BUFFER], 0.05, 1e-12);
    cx_policy_unload(l);
}

Test(plugins, bare_name_on_search_path)
{
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    /* a folder on the plugin path (--plugin-path) */
    cx_consent c = allow_native();
    cr_assert_eq(cx_consent_add_path(&c, CX_TEST_PLUGIN_DIR), 0);
    cr_assert_eq(cx_policy_load("good", NULL, &c, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p->name, "cxt_test");
    cx_policy_unload(l);
    /* $CXSIM_PLUGIN_PATH, entries separated by ':' */
    setenv("CXSIM_PLUGIN_PATH", "/nonexistent::" CX_TEST_PLUGIN_DIR, 1);
    c = allow_native();
    cr_assert_eq(cx_policy_load("good", NULL, &c, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p->name, "cxt_test");
    cx_policy_unload(l);
    /* a relative path is tried against base_dir */
    cr_assert_eq(cx_policy_load("test/good.so", CX_TEST_PLUGIN_DIR "/..", &c, &l, &p, err, sizeof err), 0, "%s", err);
    cx_policy_unload(l);
    unsetenv("CXSIM_PLUGIN_PATH");
    /* not found: the message lists where it looked */
    cr_assert_eq(cx_policy_load("nosuchpolicy", "/tmp", NULL, &l, &p, err, sizeof err), -1);
    cr_assert(strstr(err, "nosuchpolicy.so") && strstr(err, "/tmp"), "%s", err);
}

Test(plugins, refuse_missing_file)
{
    cx_loaded *l;
    const cx_policy *p;
    cr_assert_eq(cx_policy_load("/nonexistent/dir/x.so", NULL, NULL, &l, &p, err, sizeof err), -1);
    cr_assert(strstr(err, "/nonexistent/dir/x.so") && strstr(err, "not found"), "%s", err);
    cr_assert_eq(cx_policy_load("missing.lua", "/tmp", NULL, &l, &p, err, sizeof err), -1);
    cr_assert(strstr(err, "missing.lua") && strstr(err, "not found"), "%s", err);
}

Test(plugins, refuse_null_and_empty_name)
{
    cx_loaded *l;
    const cx_policy *p;
    cr_assert_eq(cx_policy_load(NULL, NULL, NULL, &l, &p, err, sizeof err), -1);
    cr_assert(strstr(err, "empty name"), "%s", err);
    cr_assert_eq(cx_policy_load("", NULL, NULL, &l, &p, err, sizeof err), -1);
}

Test(plugins, refuse_not_a_shared_object)
{
    char dir[512], path[600];
    cxt_make_temp_dir(dir, sizeof dir, "cxt_junk");
    snprintf(path, sizeof path, "%s/junk.so", dir);
    cxt_write_text(path, "not an ELF file\n");
    cx_loaded *l;
    const cx_policy *p;
    cx_consent c = allow_native();
    int rc = cx_policy_load(path, NULL, &c, &l, &p, err, sizeof err);
    cxt_remove_tree(dir);
    cr_assert_eq(rc, -1);
    cr_assert(strstr(err, path) && strstr(err, "cannot load"), "%s", err);
    /* dlerror's own words follow */
    cr_assert(strlen(strstr(err, "cannot load: ")) > strlen("cannot load: "), "%s", err);
}

Test(plugins, refuse_missing_entry) { refused("no_entry.so", "no symbol 'cx_policy_entry'", NULL); }
Test(plugins, refuse_null_entry) { refused("null_entry.so", "returned NULL", NULL); }
Test(plugins, refuse_wrong_abi) { refused("wrong_abi.so", "built for policy ABI 1", "speaks ABI 2"); }
Test(plugins, refuse_small_struct) { refused("small_size.so", "policy table of", "needs at least"); }
Test(plugins, refuse_no_name) { refused("no_name.so", "no name", NULL); }
Test(plugins, refuse_no_callbacks) { refused("no_callbacks.so", "no callback", NULL); }
Test(plugins, refuse_no_sides) { refused("no_sides.so", "sides", NULL); }

/* The plugin loads (its table is valid); its decision is refused by the
 * host's set and the callback stops the run. */
Test(plugins, out_of_range_decision_refused_by_host)
{
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    cr_assert_eq(load_test("bad_decision.so", &l, &p), 0, "%s", err);
    cx_pctx host;
    cxt_host_init(&host);
    cr_assert_neq(p->at[CX_AT_MONTH](NULL, &cxt_api, &host), 0);
    cr_assert(strstr(host.refused, "pay_rel"), "%s", host.refused);
    cr_assert_eq(host.n_set, 0);
    cx_policy_unload(l);
}

Test(plugins, lua_policy_through_the_loader)
{
    char dir[512], path[600];
    cxt_make_temp_dir(dir, sizeof dir, "cxt_lua");
    snprintf(path, sizeof path, "%s/steady.lua", dir);
    cxt_write_text(path, "return { name = 'steady', sides = 'provider',\n"
                         "  on_month = function(s) return { pay_rel = 1.1 } end }\n");
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    int rc = cx_policy_load("steady", dir, NULL, &l, &p, err, sizeof err);
    cxt_remove_tree(dir);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_str_eq(p->name, "steady");
    cr_assert_not_null(cx_lua_policy_error(p));
    cr_assert_null(cx_lua_policy_error(cx_builtin_find("vendor")));
    void *self = p->create(p->self, &cxt_api, NULL);
    cr_assert_not_null(self, "%s", cx_lua_policy_error(p));
    cx_pctx host;
    cxt_host_init(&host);
    cr_assert_eq(p->at[CX_AT_MONTH](self, &cxt_api, &host), 0, "%s", cx_lua_policy_error(p));
    cr_assert_float_eq(host.lever[CX_L_PAY_REL], 1.1, 1e-12);
    p->destroy(self);
    cx_policy_unload(l);
}

/* ------------------------------------------------------------------ */
/* Through the model: a scenario naming the plugins                     */

#include "cx_job.h"

/* A new directory (its path into dir) holding s.lua with `text` (its path into out). */
static void write_scenario(char *out, size_t n, char *dir, size_t dn, const char *text)
{
    cxt_make_temp_dir(dir, dn, "cxt_scen");
    snprintf(out, n, "%s/s.lua", dir);
    cxt_write_text(out, text);
}

/* A one-regime scenario s.lua with `provider` as the provider's policy, in a
 * new directory (its path into dir); the scenario's path into out. */
static void scenario_with(char *out, size_t n, char *dir, size_t dn, const char *provider)
{
    char text[4096];
    snprintf(text, sizeof text,
             "return {\n"
             "  name = 'plugin-test', seed = 1, years = 0.25,\n"
             "  demand = { rate_per_min = 2 },\n"
             "  regimes = {\n"
             "    { name = 'r', client = 'vendor',\n"
             "      provider = '%s' },\n"
             "  },\n"
             "}\n",
             provider);
    write_scenario(out, n, dir, dn, text);
}

/* Open the model on a scenario whose provider's policy is `provider` and,
 * with `run`, run it (the open must then succeed); the status of the last
 * step, its message in err. */
static int job_with(const char *provider, int run)
{
    char dir[512], path[600];
    scenario_with(path, sizeof path, dir, sizeof dir, provider);
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_job_load_scenario(path, &P, err, sizeof err), 0, "%s", err);
    cx_job *J = calloc(1, sizeof *J);
    cx_consent c = allow_native();
    int rc = cx_job_open(J, &P, path, &c, err, sizeof err);
    if (run) {
        cr_assert_eq(rc, 0, "%s", err);
        rc = cx_job_run(J, err, sizeof err);
    }
    cx_job_close(J);
    free(J);
    cxt_remove_tree(dir);
    return rc;
}

/* A refused plugin: cx_job_open fails, naming the scenario line and the plugin. */
Test(plugins, refused_in_a_scenario)
{
    cr_assert_eq(job_with(CX_TEST_PLUGIN_DIR "/wrong_abi.so", 0), -1);
    cr_assert(strstr(err, "s.lua:6:") && strstr(err, "regimes[1].provider") && strstr(err, "wrong_abi.so") &&
                  strstr(err, "ABI"),
              "%s", err);
}

/* A plugin deciding out of range: the run stops, naming the policy and the lever. */
Test(plugins, out_of_range_decision_stops_the_run)
{
    cr_assert_eq(job_with(CX_TEST_PLUGIN_DIR "/bad_decision.so", 1), -1);
    cr_assert(strstr(err, "cxt_test") && strstr(err, "pay_rel") && strstr(err, "-1"), "%s", err);
}

/* The program: `cxsim run` on such scenarios exits 1 with the message (on
 * stdout or stderr). */
Test(plugins, cli_refuses_with_a_message)
{
    static const struct {
        const char *plugin, *want;
    } cases[] = {
        {CX_TEST_PLUGIN_DIR "/wrong_abi.so", "ABI"},
        {CX_TEST_PLUGIN_DIR "/no_entry.so", "cx_policy_entry"},
        {"/nonexistent/x.so", "not found"},
        {CX_TEST_PLUGIN_DIR "/bad_decision.so", "pay_rel"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char dir[512], path[600], res[600], out[4096];
        scenario_with(path, sizeof path, dir, sizeof dir, cases[i].plugin);
        snprintf(res, sizeof res, "%s/out", dir);
        const char *args[] = {"run", path, "--quiet", "--allow-plugins", "--out", res, NULL};
        cxt_proc r;
        cxt_run(&r, dir, args, 120);
        snprintf(out, sizeof out, "%s%s", r.out, r.err);
        cxt_proc_free(&r);
        cxt_remove_tree(dir);
        cr_assert(r.status == 1, "%s: exit %d: %s", cases[i].plugin, r.status, out);
        cr_assert(strstr(out, cases[i].want), "%s: %s", cases[i].plugin, out);
    }
}

/* ------------------------------------------------------------------ */
/* Consent and contained failures (issue 14): native code only when the  */
/* user allows it; a plugin's exit, crash or hang reported, not fatal    */

/* Without consent a shared object is refused before dlopen: the message
 * names the resolved path and the flag, and the constructor never runs. */
Test(consent, refused_without_consent_and_no_constructor_runs)
{
    char dir[512], marker[600];
    cxt_make_temp_dir(dir, sizeof dir, "cxt_ctor");
    snprintf(marker, sizeof marker, "%s/marker", dir);
    setenv("CXT_MARKER", marker, 1);
    unsetenv("CXSIM_ALLOW_PLUGINS");
    cx_consent c;
    cx_consent_default(&c);
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    int rc = cx_policy_load(CX_TEST_PLUGIN_DIR "/ctor.so", NULL, &c, &l, &p, err, sizeof err);
    int ran = access(marker, F_OK) == 0;
    cr_assert_eq(rc, -1, "loaded without consent");
    cr_assert_null(l);
    cr_assert(!ran, "the constructor ran without consent");
    cr_assert(strstr(err, "/test/ctor.so is native code") && strstr(err, "--allow-plugins") &&
                  strstr(err, "CXSIM_ALLOW_PLUGINS=1"),
              "%s", err);
    c.allow_plugins = 1;
    rc = cx_policy_load(CX_TEST_PLUGIN_DIR "/ctor.so", NULL, &c, &l, &p, err, sizeof err);
    ran = access(marker, F_OK) == 0;
    cx_policy_unload(l);
    cxt_remove_tree(dir);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert(ran, "with consent the library was not loaded");
}

/* A bare name finds NAME.lua beside the scenario but never NAME.so there,
 * unless that folder is on the plugin path the user set. */
Test(consent, scenario_folder_so_not_searched)
{
    char dir[512], so[600];
    cxt_make_temp_dir(dir, sizeof dir, "cxt_beside");
    snprintf(so, sizeof so, "%s/good.so", dir);
    size_t size = 0;
    char *bytes = cx_read_file(CX_TEST_PLUGIN_DIR "/good.so", &size);
    cr_assert_not_null(bytes);
    cxt_write_file(so, bytes, size);
    free(bytes);
    unsetenv("CXSIM_PLUGIN_PATH");
    cx_consent c = allow_native();
    cx_loaded *l = NULL;
    const cx_policy *p = NULL;
    int rc = cx_policy_load("good", dir, &c, &l, &p, err, sizeof err);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", err);
    cr_assert_eq(cx_consent_add_path(&c, dir), 0);
    int rc2 = cx_policy_load("good", dir, &c, &l, &p, err, sizeof err);
    cx_policy_unload(l);
    cxt_remove_tree(dir);
    cr_assert_eq(rc, -1, "good.so beside the scenario was loaded");
    cr_assert(strstr(msg, "good.so beside the scenario") && strstr(msg, "--plugin-path"), "%s", msg);
    cr_assert_eq(rc2, 0, "on the plugin path: %s", err);
}

/* A two-regime scenario: 'bad' (provider `plugin`) first, then 'safe'
 * (built-ins); returns its path, its folder into dir. */
static void two_regimes(char *out, size_t n, char *dir, size_t dn, const char *plugin)
{
    char text[4096];
    snprintf(text, sizeof text,
             "return {\n"
             "  name = 'hostile', seed = 3, years = 0.25,\n"
             "  demand = { rate_per_min = 2 },\n"
             "  regimes = {\n"
             "    { name = 'bad', client = 'vendor', provider = '%s' },\n"
             "    { name = 'safe', client = 'vendor', provider = 'partner' },\n"
             "  },\n"
             "}\n",
             plugin);
    write_scenario(out, n, dir, dn, text);
}

/* `cxsim run` with the plugin `file` as the provider of regime 'bad': exit
 * status 1, a message containing `want` and naming policy, regime, point and
 * month, and the 'safe' regime's results written. */
static void contained(const char *file, const char *want)
{
    char dir[512], path[600], res[600], csv[700], text[8192];
    two_regimes(path, sizeof path, dir, sizeof dir, file);
    snprintf(res, sizeof res, "%s/out", dir);
    const char *args[] = {"run", path, "--quiet", "--allow-plugins", "--policy-timeout", "1", "--out", res, NULL};
    cxt_proc r;
    cxt_run(&r, dir, args, 60);
    snprintf(text, sizeof text, "%s", r.err);
    cxt_proc_free(&r);
    snprintf(csv, sizeof csv, "%s/monthly.csv", res);
    char *rows = cxt_slurp(csv);
    cxt_remove_tree(dir);
    cr_assert_eq(r.status, 1, "%s: exit %d: %s", file, r.status, text);
    cr_assert(strstr(text, "policy 'cxt_test' (provider of regime 'bad')"), "%s", text);
    cr_assert(strstr(text, want), "%s: lacks \"%s\": %s", file, want, text);
    cr_assert(strstr(text, "in on_month at month 2"), "%s", text);
    cr_assert(strstr(text, "missing: bad"), "%s", text);
    cr_assert_not_null(rows, "no results kept: %s", text);
    cr_assert(strstr(rows, "hostile,safe,") && !strstr(rows, "hostile,bad,"), "%s", rows);
    free(rows);
}

Test(consent, plugin_exit_is_reported) { contained(CX_TEST_PLUGIN_DIR "/exit.so", "ended the process (exit status"); }
Test(consent, plugin_crash_is_reported) { contained(CX_TEST_PLUGIN_DIR "/crash.so", "crashed (SIGSEGV)"); }
Test(consent, plugin_hang_is_stopped) { contained(CX_TEST_PLUGIN_DIR "/hang.so", "did not return within 1 s"); }

/* The program refuses a .so without --allow-plugins (nothing written, the
 * constructor not run) and with it prints the path it loads. */
Test(consent, cli_consent)
{
    char dir[512], path[600], res[600], marker[700], text[8192];
    two_regimes(path, sizeof path, dir, sizeof dir, CX_TEST_PLUGIN_DIR "/ctor.so");
    snprintf(res, sizeof res, "%s/out", dir);
    snprintf(marker, sizeof marker, "%s/marker", dir);
    setenv("CXT_MARKER", marker, 1);
    unsetenv("CXSIM_ALLOW_PLUGINS");
    const char *refuse[] = {"run", path, "--quiet", "--out", res, NULL};
    cxt_proc r;
    cxt_run(&r, dir, refuse, 60);
    snprintf(text, sizeof text, "%s", r.err);
    int status = r.status, ran = access(marker, F_OK) == 0, wrote = access(res, F_OK) == 0;
    cxt_proc_free(&r);
    const char *allow[] = {"run", path, "--quiet", "--allow-plugins", "--out", res, NULL};
    cxt_run(&r, dir, allow, 60);
    char text2[8192];
    snprintf(text2, sizeof text2, "%s", r.err);
    int status2 = r.status, ran2 = access(marker, F_OK) == 0;
    cxt_proc_free(&r);
    cxt_remove_tree(dir);
    cr_assert_eq(status, 1, "%s", text);
    cr_assert(strstr(text, "s.lua:5: field 'regimes[1].provider': ") && strstr(text, "/test/ctor.so is native code") &&
                  strstr(text, "--allow-plugins"),
              "%s", text);
    cr_assert(!ran && !wrote, "refused, yet the constructor ran or results were written");
    cr_assert_eq(status2, 0, "%s", text2);
    cr_assert(strstr(text2, "cxsim: loading native policy /") && strstr(text2, "/test/ctor.so\n"), "%s", text2);
    cr_assert(ran2);
}

/* The same policy as a built-in (in-process) and as vendor.so/partner.so
 * (each regime in a child process) gives the same files, byte for byte. */
Test(consent, isolated_run_is_byte_identical)
{
    const char *pdir = getenv("CX_PLUGIN_DIR");
    cr_assert(pdir && *pdir, "CX_PLUGIN_DIR is not set (ctest sets it)");
    char dir[512], text[4096], path[2][700], res[2][700], so[2][1200];
    cxt_make_temp_dir(dir, sizeof dir, "cxt_same");
    snprintf(so[0], sizeof so[0], "%s/vendor.so", pdir);
    snprintf(so[1], sizeof so[1], "%s/partner.so", pdir);
    for (int k = 0; k < 2; k++) {
        snprintf(text, sizeof text,
                 "return { name = 'same', seed = 5, years = 0.25, demand = { rate_per_min = 2 },\n"
                 "  regimes = { { name = 'vendor', client = 'vendor', provider = '%s' },\n"
                 "              { name = 'partner', client = 'partner', provider = '%s' } } }\n",
                 k ? so[0] : "vendor", k ? so[1] : "partner");
        snprintf(path[k], sizeof path[k], "%s/s%d.lua", dir, k);
        snprintf(res[k], sizeof res[k], "%s/out%d", dir, k);
        cxt_write_text(path[k], text);
        const char *args[] = {"run", path[k], "--quiet", "--reps", "2", "--allow-plugins", "--out", res[k], NULL};
        cxt_proc r;
        cxt_run(&r, dir, args, 120);
        int st = r.status;
        cxt_proc_free(&r);
        cr_assert_eq(st, 0, "run %d failed", k);
    }
    static const char *const files[] = {"monthly.csv", "events.csv", "summary.json"};
    for (int f = 0; f < 3; f++) {
        char a[800], b[800];
        snprintf(a, sizeof a, "%s/%s", res[0], files[f]);
        snprintf(b, sizeof b, "%s/%s", res[1], files[f]);
        char *x = cxt_slurp(a), *y = cxt_slurp(b);
        int same = x && y && !strcmp(x, y);
        free(x);
        free(y);
        if (!same) cxt_remove_tree(dir);
        cr_assert(same, "%s differs between in-process and isolated runs", files[f]);
    }
    cxt_remove_tree(dir);
}

/* The consent reaches `cxsim bench --scenario` and `cxsim lua` (whose runs
 * isolate a native policy too): refused without --allow-plugins, loaded and
 * named with it; the experiment reports the crash with policy and month. */
Test(consent, bench_and_lua_take_the_flag)
{
    char dir[512], path[600], exp[700], text[3][8192];
    two_regimes(path, sizeof path, dir, sizeof dir, CX_TEST_PLUGIN_DIR "/crash.so");
    snprintf(exp, sizeof exp, "%s/e.lua", dir);
    char code[1024];
    snprintf(code, sizeof code, "cx.run(cx.scenario('%s'))\n", path);
    cxt_write_text(exp, code);
    unsetenv("CXSIM_ALLOW_PLUGINS");
    const char *runs[3][8] = {
        {"bench", "--scenario", path, "--years", "0.01", NULL},
        {"lua", exp, "--jobs", "1", NULL},
        {"lua", exp, "--jobs", "1", "--allow-plugins", NULL},
    };
    int status[3];
    for (int k = 0; k < 3; k++) {
        cxt_proc r;
        cxt_run(&r, dir, runs[k], 60);
        status[k] = r.status;
        snprintf(text[k], sizeof text[k], "%s%s", r.out, r.err);
        cxt_proc_free(&r);
    }
    cxt_remove_tree(dir);
    for (int k = 0; k < 2; k++) {
        cr_assert_neq(status[k], 0, "%s accepted native code without consent: %s", runs[k][0], text[k]);
        cr_assert(strstr(text[k], "crash.so is native code") && strstr(text[k], "--allow-plugins"), "%s", text[k]);
    }
    cr_assert_eq(status[2], 1, "%s", text[2]);
    cr_assert(strstr(text[2], "cxsim: loading native policy /") &&
                  strstr(text[2], "policy 'cxt_test' (provider of regime 'bad') crashed (SIGSEGV) in on_month at month 2"),
              "%s", text[2]);
}

/* The partner provider's knowledge-base spend reads the contract: in full
 * while the client shares savings, invest_unshared (half) of it while it
 * pays per unit only, since each contact the base prevents is then a fee
 * lost. Trust at 0.5 (everything it can invest, it does), margin healthy. */
Test(policies, the_partner_provider_funds_prevention_in_full_only_with_a_share)
{
    const cx_policy *p = cx_builtin_find("partner");
    cr_assert_not_null(p);
    double spend[2];
    for (int shared = 0; shared <= 1; shared++) {
        cx_pctx host;
        cxt_host_init(&host);
        /* the options month() reads, at their defaults (the fake host keeps 8) */
        static const char *names[] = {"kb_per_agent", "invest_share", "invest_unshared", "training_hours", "margin_floor"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            const cx_option *o = p->options;
            while (o->name && strcmp(o->name, names[i])) o++;
            cr_assert_not_null(o->name, "partner has no option %s", names[i]);
            host.opt_name[host.n_opt] = o->name;
            host.opt_value[host.n_opt++] = o->def;
        }
        host.key[CX_K_SIDE] = CX_PROVIDER;
        host.key[CX_K_HEADCOUNT] = 100;
        host.key[CX_K_TRUST] = 0.5;
        host.key[CX_K_PROVIDER_MONTHS] = 12;
        host.key[CX_K_PROVIDER_MARGIN] = 0.10;
        host.key[CX_K_GAIN_SHARE] = shared ? 0.5 : 0;
        host.key[CX_K_GAIN_SHARE_YEAR] = 0;
        cr_assert_eq(p->at[CX_AT_MONTH](NULL, &cxt_api, &host), 0, "%s", host.refused);
        spend[shared] = host.lever[CX_L_KB_INVEST];
    }
    cr_expect_float_eq(spend[1], 150.0 * 100, 1e-9, "with a share: $150 an agent (got %g)", spend[1]);
    cr_expect_float_eq(spend[0], 0.5 * spend[1], 1e-9, "paid per unit only: half (got %g of %g)", spend[0], spend[1]);
}
