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

/* Load `file` from the test plugin directory; returns the status. */
static int load_test(const char *file, cx_loaded **l, const cx_policy **p)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", CX_TEST_PLUGIN_DIR, file);
    err[0] = 0;
    return cx_policy_load(path, NULL, NULL, l, p, err, sizeof err);
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
        cr_assert_eq(cx_policy_load(path, NULL, NULL, &l, &p, err, sizeof err), 0, "%s", err);
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
    /* base_dir first */
    cr_assert_eq(cx_policy_load("good", CX_TEST_PLUGIN_DIR, NULL, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p->name, "cxt_test");
    cx_policy_unload(l);
    /* then $CXSIM_PLUGIN_PATH, entries separated by ':' */
    setenv("CXSIM_PLUGIN_PATH", "/nonexistent::" CX_TEST_PLUGIN_DIR, 1);
    cr_assert_eq(cx_policy_load("good", NULL, NULL, &l, &p, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p->name, "cxt_test");
    cx_policy_unload(l);
    /* a relative path is tried against base_dir */
    cr_assert_eq(cx_policy_load("test/good.so", CX_TEST_PLUGIN_DIR "/..", NULL, &l, &p, err, sizeof err), 0, "%s", err);
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
    int rc = cx_policy_load(path, NULL, NULL, &l, &p, err, sizeof err);
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
    cxt_make_temp_dir(dir, dn, "cxt_scen");
    snprintf(out, n, "%s/s.lua", dir);
    cxt_write_text(out, text);
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
    int rc = cx_job_open(J, &P, path, NULL, err, sizeof err);
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
        const char *args[] = {"run", path, "--quiet", "--out", res, NULL};
        cxt_proc r;
        cxt_run(&r, dir, args, 120);
        snprintf(out, sizeof out, "%s%s", r.out, r.err);
        cxt_proc_free(&r);
        cxt_remove_tree(dir);
        cr_assert(r.status == 1, "%s: exit %d: %s", cases[i].plugin, r.status, out);
        cr_assert(strstr(out, cases[i].want), "%s: %s", cases[i].plugin, out);
    }
}
