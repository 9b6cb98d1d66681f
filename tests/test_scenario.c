/* Scenario files and the parameter table: cx_lua_load_scenario, the
 * descriptor table, cx_param_set_text (--set) and the cross-field checks.
 *
 * Every scenario is written into a directory made by mkdtemp for the test
 * and removed afterwards. Errors must name the file, the line and the field:
 * "FILE:LINE: field 'PATH': what is wrong". */
#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_lua_scenario.h"
#include "cx_params.h"
#include "cxt_files.h"

/* ------------------------------------------------------------------ */
/* A temporary directory per test                                       */

static char dir[1024];

static void make_dir(void) { cxt_make_temp_dir(dir, sizeof dir, "cx_scenario"); }

static void remove_dir(void) { cxt_remove_tree(dir); }

/* A hung loader kills the test (SIGALRM) instead of hanging the suite.
 * (Criterion's .timeout is not used: with --jobs 2 it leaks in the runner
 * under LeakSanitizer.) */
static void watchdog(unsigned seconds) { alarm(seconds); }

TestSuite(scenario, .init = make_dir, .fini = remove_dir);
TestSuite(sandbox, .init = make_dir, .fini = remove_dir);
TestSuite(params);

static void path_in_dir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text, size_t len)
{
    char p[2048];
    path_in_dir(p, sizeof p, name);
    cxt_write_file(p, text, len);
}

/* Write `text` as NAME in the test directory and load it over the defaults. */
static int load_text(const char *name, const char *text, cx_params *p, char *err, size_t n)
{
    char path[2048];
    write_file(name, text, strlen(text));
    path_in_dir(path, sizeof path, name);
    cx_params_default(p);
    err[0] = 0;
    return cx_lua_load_scenario(path, p, err, n);
}

/* The scenario must fail with an error that starts "DIR/bad.lua:" and
 * then `at`, and contains `what` (if given). */
static void expect_error(const char *text, const char *at, const char *what)
{
    cx_params p;
    char err[512], want[1400];
    int rc = load_text("bad.lua", text, &p, err, sizeof err);
    cr_assert_eq(rc, -1, "bad.lua:%s expected an error, got rc %d for:\n%s", at, rc, text);
    snprintf(want, sizeof want, "%s/bad.lua:%s", dir, at);
    cr_expect(strncmp(err, want, strlen(want)) == 0, "error\n  \"%s\"\nshould start with\n  \"%s\"",
              err, want);
    if (what) cr_expect(strstr(err, what) != NULL, "error \"%s\" should say \"%s\"", err, what);
}

/* The scenario must fail with "DIR/bad.lua:LINE: field 'FIELD': " followed
 * by a message containing `what`. */
static void expect_field_error(const char *text, int line, const char *field, const char *what)
{
    char at[256];
    snprintf(at, sizeof at, "%d: field '%s': ", line, field);
    expect_error(text, at, what);
}

/* The scenario must fail with a Lua error at DIR/bad.lua:LINE containing `what`. */
static void expect_lua_error(const char *text, int line, const char *what)
{
    char at[32];
    snprintf(at, sizeof at, "%d:", line);
    expect_error(text, at, what);
}

/* ------------------------------------------------------------------ */
/* The parameter table                                                  */

static int count_names(const char *const *names)
{
    int k = 0;
    while (names[k]) k++;
    return k;
}

static void check_desc_table(const cx_param_desc *t, const char *where)
{
    for (const cx_param_desc *d = t; d->path; d++) {
        cr_expect(d->doc && *d->doc, "%s %s: no doc", where, d->path);
        for (const cx_param_desc *e = d + 1; e->path; e++)
            cr_expect(strcmp(d->path, e->path) != 0, "%s: %s listed twice", where, d->path);
        switch (d->type) {
        case CX_PT_REAL:
        case CX_PT_INT:
        case CX_PT_SEED:
            cr_expect(d->lo <= d->def && d->def <= d->hi, "%s %s: default %g outside %g..%g", where,
                      d->path, d->def, d->lo, d->hi);
            if (d->type != CX_PT_REAL) cr_expect_eq(d->def, floor(d->def), "%s: whole default", d->path);
            break;
        case CX_PT_ENUM:
            cr_assert_not_null(d->names, "%s: enum without names", d->path);
            cr_expect((int)d->def >= 0 && (int)d->def < count_names(d->names), "%s: default", d->path);
            break;
        case CX_PT_REALS:
            cr_expect(d->count > 0 && d->defs, "%s: list without defaults", d->path);
            for (int i = 0; d->defs && i < d->count; i++)
                cr_expect(d->lo <= d->defs[i] && d->defs[i] <= d->hi, "%s[%d] out of range", d->path, i + 1);
            break;
        case CX_PT_RECORDS:
            cr_assert_not_null(d->fields, "%s: records without fields", d->path);
            cr_expect(d->count > 0 && d->elem_size > 0, "%s", d->path);
            check_desc_table(d->fields, d->path);
            break;
        default: break;
        }
    }
}

Test(params, table_is_consistent)
{
    check_desc_table(cx_param_table, "cx_param_table");
    cx_params p;
    const char *field = "x";
    char err[200];
    cx_params_default(&p);
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "defaults fail the checks: %s %s",
                 field ? field : "", err);
    cr_expect_null(field);
}

/* Every model field (cx_params.m) is a behavioural number: it has a unit, a
 * range that is not a single point, and a source or a stated assumption. */
Test(params, model_fields_have_unit_range_and_source)
{
    size_t lo = offsetof(cx_params, m), hi = lo + sizeof(cx_model_params);
    int n = 0;
    for (const cx_param_desc *d = cx_param_table; d->path; d++) {
        if (d->offset < lo || d->offset >= hi || (d->type != CX_PT_REAL && d->type != CX_PT_INT)) continue;
        n++;
        cr_expect(d->unit && *d->unit, "%s: no unit", d->path);
        cr_expect(d->source && *d->source, "%s: no source", d->path);
        cr_expect(d->lo < d->hi, "%s: range %g..%g", d->path, d->lo, d->hi);
        if (d->source && !strncmp(d->source, "assumption:", 11))
            cr_expect(strlen(d->source) > 20, "%s: an assumption says why: \"%s\"", d->path, d->source);
    }
    /* the model's numbers (the 2026 count; it only grows) */
    cr_expect_geq(n, 120, "%d model fields", n);
}

/* The constants named in issue 10 are fields, with the values the code had. */
Test(params, former_constants_keep_their_values)
{
    struct { const char *path; double def; } named[] = {
        {"relationship.phase_proof", 0.25},     {"relationship.phase_transparency", 0.5},
        {"relationship.phase_partnership", 0.7}, {"relationship.phase_hysteresis", 0.03},
        {"relationship.open_book_at", 0.5},     {"relationship.open_book_step", 0.5},
        {"relationship.rca_empty_step", 0.5},   {"incident.csat_drop", 0.03},
        {"incident.csat_weight", 0.3},          {"incident.csat_after_months", 3},
        {"kb.joint_initiative", 0.1},           {"product.rca_closes", 0.5},
        {"attrition.occupancy_start", 0.8},     {"learning.complex_factor", 1.5},
        {"attrition.engagement_base", 0.35},    {"attrition.engagement_training", 0.35},
        {"attrition.engagement_span", 0.3},     {"attrition.engagement_hours", 8},
        {"attrition.engagement_span_best", 8},  {"attrition.engagement_span_worst", 20},
        {"attrition.engagement_neutral", 0.5},  {"attrition.engagement_floor", 0.05},
        {"staff.redeploy_above", 1.2},          {"staff.plan_unresolved", 0.3},
        {"staff.plan_learning", 0.5},           {"staff.plan_miss_cap", 0.1},
        {"staff.plan_gain_rate", 0.5},          {"staff.plan_gain_min", 0.9},
        {"staff.plan_gain_max", 1.3},           {"staff.settled_occupancy", 0.8},
        {"staff.settled_handle", 1.5},          {"staff.temps_cover", 0.8},
        {"defects.size_low", 0.5},              {"economics.bid_occupancy", 0.78},
        {"economics.leaver_wage_months", 1.5},  {"economics.setup_wage_months", 2},
        {"economics.setup_months", 36},         {"contract.gain_share_months", 6},
        {"contract.incumbent_bid", 0.98},       {"contract.quality_months", 12},
        {"intelligence.report_base", 0.3},      {"intelligence.report_trust", 0.7},
        {"intelligence.rca_find_base", 0.4},    {"intelligence.rca_find_trust", 0.6},
        {"knowledge.csat_wait_cap_min", 5},
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        const cx_param_desc *d = cx_param_find(cx_param_table, named[i].path);
        cr_assert_not_null(d, "no field %s", named[i].path);
        cr_expect_eq(d->def, named[i].def, "%s: default %.17g, the code had %.17g", named[i].path, d->def,
                     named[i].def);
    }
    /* the smoothing keeps the code's 0.7 and 0.3 bit for bit */
    volatile double w = 0.3;
    cr_expect_eq(1.0 - w, 0.7);
}

Test(params, documented_defaults)
{
    cx_params p;
    cx_params_default(&p);
    cr_expect_str_eq(p.name, "unnamed");
    cr_expect_eq(p.seed, 1);
    cr_expect_eq(p.years, 5);
    cr_expect_eq(p.warmup_days, 0);
    cr_expect_eq(p.sl_seconds, 20);
    cr_expect_eq(p.rate_per_min, 10);
    cr_expect_eq(p.profile, 0);
    cr_expect_eq(p.growth_per_year, 0);
    cr_expect_eq(p.n_spikes, 0);
    cr_expect_eq(p.handle.kind, CX_DIST_EXP);
    cr_expect_eq(p.handle.mean, 4);
    cr_expect_eq(p.handle.cv, 1);
    cr_expect_eq(p.patience.kind, CX_DIST_EXP);
    cr_expect_eq(p.patience.mean, 3);
    cr_expect_eq(p.patience.cv, 1);
    cr_expect_eq(p.agents, 45);
    cr_expect_eq(p.weekday[0], 1.20);
    cr_expect_eq(p.weekday[6], 0.75);
    cr_expect_eq(p.season[11], 1.12);
    cr_expect_eq(p.intraday[0], 0.20);
    cr_expect_eq(p.intraday[CX_INTRADAY_BINS - 1], 0.22);
}

Test(params, find_and_groups)
{
    const cx_param_desc *d = cx_param_find(cx_param_table, "staff.agents");
    cr_assert_not_null(d);
    cr_expect_eq(d->type, CX_PT_INT);
    cr_expect_null(cx_param_find(cx_param_table, "staff"));
    cr_expect_null(cx_param_find(cx_param_table, "agents"));
    cr_expect_null(cx_param_find(cx_param_table, "demand.rate_per_minute"));
    cr_expect(cx_param_is_group(cx_param_table, "demand"));
    cr_expect(cx_param_is_group(cx_param_table, "handle"));
    cr_expect(cx_param_is_group(cx_param_table, "patience"));
    cr_expect(cx_param_is_group(cx_param_table, "staff"));
    cr_expect(!cx_param_is_group(cx_param_table, "staf"));
    cr_expect(!cx_param_is_group(cx_param_table, "name"));
    cr_expect(!cx_param_is_group(cx_param_table, "staff.agents"));
}

Test(params, set_text_good_values)
{
    cx_params p, want;
    char err[200];
    cx_params_default(&p);
    cx_params_default(&want);
    struct { const char *path, *value; } ok[] = {
        {"staff.agents", "50"},         {"demand.rate_per_min", "12.5"}, {"demand.profile", "true"},
        {"handle.dist", "gamma"},       {"patience.dist", "none"},       {"name", "from the command line"},
        {"seed", "123456789"},          {"years", "1e-1"},               {"warmup_days", "0"},
        {"demand.growth_per_year", "-0.5"}, {"handle.cv", "0.25"},        {"sl_seconds", "86400"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        cr_assert_eq(cx_param_set_text(&p, ok[i].path, ok[i].value, err, sizeof err), 0, "%s=%s: %s",
                     ok[i].path, ok[i].value, err);
    want.agents = 50;
    want.rate_per_min = 12.5;
    want.profile = 1;
    want.handle.kind = CX_DIST_GAMMA;
    want.patience.kind = CX_DIST_NONE;
    snprintf(want.name, sizeof want.name, "from the command line");
    want.seed = 123456789;
    want.years = 0.1;
    want.warmup_days = 0;
    want.growth_per_year = -0.5;
    want.handle.cv = 0.25;
    want.sl_seconds = 86400;
    cr_expect(memcmp(&p, &want, sizeof p) == 0, "--set changed something it did not name");
    cr_assert_eq(cx_param_set_text(&p, "demand.profile", "false", err, sizeof err), 0);
    cr_expect_eq(p.profile, 0);
    /* the range is inclusive at both ends */
    cr_assert_eq(cx_param_set_text(&p, "staff.agents", "0", err, sizeof err), 0);
    cr_assert_eq(cx_param_set_text(&p, "staff.agents", "1000000", err, sizeof err), 0);
    cr_expect_eq(p.agents, 1000000);
}

Test(params, set_text_bad_values)
{
    struct { const char *path, *value, *what; } bad[] = {
        {"nosuch.field", "1", "unknown field"},
        {"staff", "1", "unknown field"},
        {"demand", "1", "unknown field"},
        {"rate_per_min", "1", "unknown field"},
        {"staff.agents", "4.5", "whole number"},
        {"staff.agents", "abc", "must be a number (got \"abc\")"},
        {"staff.agents", "", "must be a number"},
        {"staff.agents", "12abc", "must be a number"},
        {"staff.agents", "-1", "must be between 0 and 1e+06"},
        {"staff.agents", "1000001", "must be between"},
        {"demand.rate_per_min", "-1", "must be between"},
        {"demand.rate_per_min", "0", "must be between"},
        {"demand.rate_per_min", "nan", "must be between"},
        {"demand.rate_per_min", "inf", "must be between"},
        {"years", "51", "must be between"},
        {"seed", "1.5", "whole number"},
        {"seed", "-3", "must be between"},
        {"demand.profile", "1", "must be true or false (got \"1\")"},
        {"demand.profile", "yes", "must be true or false"},
        {"handle.dist", "weibull", "unknown value \"weibull\" (one of exp lognormal gamma fixed none)"},
        {"handle.dist", "", "unknown value"},
        {"demand.weekday", "1", "is a list"},
        {"demand.spikes", "1", "is a list"},
        {"name", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "longer than 63"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cx_params p, before;
        char err[200] = "";
        cx_params_default(&p);
        before = p;
        cr_expect_eq(cx_param_set_text(&p, bad[i].path, bad[i].value, err, sizeof err), -1,
                     "%s=%s should fail", bad[i].path, bad[i].value);
        cr_expect(strstr(err, bad[i].what) != NULL, "%s=%s: \"%s\" should say \"%s\"", bad[i].path,
                  bad[i].value, err, bad[i].what);
        cr_expect(memcmp(&p, &before, sizeof p) == 0, "%s=%s: a failed set changed the parameters",
                  bad[i].path, bad[i].value);
    }
}

Test(params, cross_field_checks)
{
    cx_params p;
    const char *field;
    char err[200];

    cx_params_default(&p);
    p.handle.kind = CX_DIST_LOGNORMAL;
    p.handle.cv = 0;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "handle.cv");
    cr_expect(strstr(err, "lognormal") != NULL, "%s", err);

    cx_params_default(&p);
    p.patience.kind = CX_DIST_GAMMA;
    p.patience.cv = 0;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "patience.cv");
    cr_expect(strstr(err, "gamma") != NULL, "%s", err);

    cx_params_default(&p); /* cv is not used by exp and fixed */
    p.handle.cv = 0;
    p.patience.kind = CX_DIST_FIXED;
    p.patience.cv = 0;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "%s", err);

    cx_params_default(&p);
    p.handle.kind = CX_DIST_NONE;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "handle.dist");

    cx_params_default(&p);
    for (int i = 0; i < 12; i++) p.season[i] = 0;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "demand.season");

    cx_params_default(&p);
    p.years = 0.05;
    p.warmup_days = 0.05 * 365.25; /* equal to the horizon is too long */
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1);
    cr_expect_str_eq(field, "warmup_days");
    cr_expect(strstr(err, "shorter than the horizon") != NULL, "%s", err);
    p.warmup_days = 18;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "%s", err);
}

/* Model fields whose order matters: each bad pair is refused, naming the
 * second field and the first one's value; equal values are allowed where
 * the order is not strict. */
Test(params, model_fields_keep_their_order)
{
    struct { const char *path, *value, *field, *what; } bad[] = {
        {"relationship.phase_transparency", "0.2", "relationship.phase_transparency",
         "must be at least relationship.phase_proof (0.25; got 0.2)"},
        {"relationship.phase_proof", "0.6", "relationship.phase_transparency",
         "must be at least relationship.phase_proof (0.6; got 0.5)"},
        {"relationship.phase_partnership", "0.4", "relationship.phase_partnership",
         "must be at least relationship.phase_transparency (0.5; got 0.4)"},
        {"staff.plan_gain_min", "1.5", "staff.plan_gain_max", "must be at least staff.plan_gain_min (1.5; got 1.3)"},
        {"attrition.engagement_span_best", "20", "attrition.engagement_span_worst",
         "must be above attrition.engagement_span_best (20; got 20)"},
        {"attrition.engagement_span_worst", "5", "attrition.engagement_span_worst",
         "must be above attrition.engagement_span_best (8; got 5)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cx_params p;
        const char *field = NULL;
        char err[200] = "";
        cx_params_default(&p);
        cr_assert_eq(cx_param_set_text(&p, bad[i].path, bad[i].value, err, sizeof err), 0, "%s", err);
        cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), -1, "%s=%s passes", bad[i].path, bad[i].value);
        cr_expect_str_eq(field ? field : "", bad[i].field);
        cr_expect_str_eq(err, bad[i].what);
    }
    cx_params p;
    const char *field;
    char err[200];
    cx_params_default(&p);
    p.m.phase_proof = p.m.phase_transparency = p.m.phase_partnership = 0.4;
    p.m.plan_gain_min = p.m.plan_gain_max = 1;
    cr_expect_eq(cx_params_check(&p, &field, err, sizeof err), 0, "%s", err);
}

Test(params, profile_is_normalised_to_mean_one)
{
    cx_params p;
    double in[CX_INTRADAY_BINS], wd[7], se[12];
    cx_params_default(&p);
    for (int i = 0; i < 7; i++) p.weekday[i] = i < 5 ? 2 : 1;
    cx_params_profile(&p, in, wd, se);
    double si = 0, sw = 0, ss = 0;
    for (int i = 0; i < CX_INTRADAY_BINS; i++) si += in[i];
    for (int i = 0; i < 7; i++) sw += wd[i];
    for (int i = 0; i < 12; i++) ss += se[i];
    cr_expect_float_eq(si / CX_INTRADAY_BINS, 1.0, 1e-12);
    cr_expect_float_eq(sw / 7, 1.0, 1e-12);
    cr_expect_float_eq(ss / 12, 1.0, 1e-12);
    cr_expect_float_eq(wd[0] / wd[6], 2.0, 1e-12);
}

/* ------------------------------------------------------------------ */
/* Good scenarios                                                       */

Test(scenario, default_script_loads)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048], err[512];
    snprintf(path, sizeof path, "%s/scripts/default.lua", src);
    cx_params p;
    cx_params_default(&p);
    cr_assert_eq(cx_lua_load_scenario(path, &p, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(p.name, "default");
    cr_expect_eq(p.seed, 42);
    cr_expect_eq(p.years, 5);
    cr_expect_eq(p.profile, 1);
    cr_expect_eq(p.n_spikes, 5);
    cr_expect_eq(p.n_regimes, 2);
    cr_expect_str_eq(p.regimes[0].label, "vendor");
    cr_expect_str_eq(p.regimes[0].client.name, "vendor");
    cr_expect_str_eq(p.regimes[1].label, "partner");
    cr_expect_str_eq(p.regimes[1].provider.name, "partner");
    cr_expect(p.on.learning && p.on.attrition && p.on.defects && p.on.contract && p.on.schedules,
              "the default scenario runs every mechanism");
}

Test(scenario, policy_options_with_their_lines)
{
    char path[2048], err[512];
    const char *text = "return {\n"
                       "  regimes = {\n"
                       "    { name = \"mixed\",\n"
                       "      client = { policy = \"vendor\", rate_cut = 0.08 },\n"
                       "      provider = { policy = \"partner\",\n"
                       "                   pay_rel = 1.1 } },\n"
                       "  },\n"
                       "}\n";
    cx_params p;
    cr_assert_eq(load_text("options.lua", text, &p, err, sizeof err), 0, "%s", err);
    (void)path;
    cr_assert_eq(p.n_regimes, 1);
    cr_expect_str_eq(p.regimes[0].client.name, "vendor");
    cr_assert_eq(p.regimes[0].client.n_options, 1);
    cr_expect_str_eq(p.regimes[0].client.opt_name[0], "rate_cut");
    cr_expect_float_eq(p.regimes[0].client.opt_value[0], 0.08, 1e-12);
    cr_expect_eq(p.regimes[0].client.opt_line[0], 4);
    cr_expect_eq(p.regimes[0].provider.opt_line[0], 6);
    const char *bad = "return { regimes = { { name = \"x\", client = { rate_cut = 1 } } } }\n";
    cr_expect_neq(load_text("nopolicy.lua", bad, &p, err, sizeof err), 0);
    cr_expect(strstr(err, "regimes[1].client") && strstr(err, "policy = NAME"), "%s", err);
    const char *bad2 = "return { regimes = { { name = \"x\", client = { policy = \"vendor\", rate_cut = \"a\" } } } }\n";
    cr_expect_neq(load_text("badopt.lua", bad2, &p, err, sizeof err), 0);
    cr_expect(strstr(err, "regimes[1].client.rate_cut") != NULL, "%s", err);
}

Test(scenario, empty_table_keeps_every_default)
{
    cx_params p, want;
    char err[512];
    cr_assert_eq(load_text("empty.lua", "return {}\n", &p, err, sizeof err), 0, "%s", err);
    cx_params_default(&want);
    cr_expect(memcmp(&p, &want, sizeof p) == 0, "an empty scenario changed the parameters");
}

Test(scenario, sets_named_fields_and_keeps_the_rest)
{
    cx_params p, want;
    char err[512];
    cr_assert_eq(load_text("some.lua",
                           "return {\n"
                           "  demand = { rate_per_min = 12 },\n"
                           "  staff = { agents = 50 },\n"
                           "  handle = { cv = 0.5 },\n"
                           "}\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cx_params_default(&want);
    want.rate_per_min = 12;
    want.agents = 50;
    want.handle.cv = 0.5;
    cr_expect(memcmp(&p, &want, sizeof p) == 0, "fields the scenario does not name changed");
}

static const char full_scenario[] =
    "-- every kind of field, and some Lua to build a list\n"
    "local w = {}\n"
    "for h = 1, 48 do w[h] = h end\n"
    "return {\n"
    "  name = \"full\",\n"
    "  seed = 123456789,\n"
    "  years = 2.5,\n"
    "  warmup_days = 14,\n"
    "  sl_seconds = 30,\n"
    "  demand = {\n"
    "    rate_per_min = 12.5,\n"
    "    profile = true,\n"
    "    intraday = w,\n"
    "    weekday = { 7, 6, 5, 4, 3, 2, 1 },\n"
    "    season = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 },\n"
    "    growth_per_year = 0.03,\n"
    "    spikes = {\n"
    "      { start_day = 30, days = 5, multiplier = 1.5 },\n"
    "      { start_day = 200 },\n"
    "    },\n"
    "  },\n"
    "  handle = { dist = \"lognormal\", mean_min = 5.5, cv = 0.8 },\n"
    "  patience = { dist = \"none\" },\n"
    "  staff = { agents = math.floor(120 / 2) },\n"
    "}\n";

Test(scenario, full_scenario_sets_every_kind_of_field)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("full.lua", full_scenario, &p, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(p.name, "full");
    cr_expect_eq(p.seed, 123456789);
    cr_expect_eq(p.years, 2.5);
    cr_expect_eq(p.warmup_days, 14);
    cr_expect_eq(p.sl_seconds, 30);
    cr_expect_eq(p.rate_per_min, 12.5);
    cr_expect_eq(p.profile, 1);
    for (int i = 0; i < CX_INTRADAY_BINS; i++) cr_expect_eq(p.intraday[i], i + 1, "intraday[%d]", i);
    for (int i = 0; i < 7; i++) cr_expect_eq(p.weekday[i], 7 - i, "weekday[%d]", i);
    for (int i = 0; i < 12; i++) cr_expect_eq(p.season[i], i + 1, "season[%d]", i);
    cr_expect_eq(p.growth_per_year, 0.03);
    cr_assert_eq(p.n_spikes, 2);
    cr_expect_eq(p.spikes[0].start_day, 30);
    cr_expect_eq(p.spikes[0].days, 5);
    cr_expect_eq(p.spikes[0].multiplier, 1.5);
    cr_expect_eq(p.spikes[1].start_day, 200);
    cr_expect_eq(p.spikes[1].days, 7, "a spike's days default to 7");
    cr_expect_eq(p.spikes[1].multiplier, 2, "a spike's multiplier defaults to 2");
    cr_expect_eq(p.handle.kind, CX_DIST_LOGNORMAL);
    cr_expect_eq(p.handle.mean, 5.5);
    cr_expect_eq(p.handle.cv, 0.8);
    cr_expect_eq(p.patience.kind, CX_DIST_NONE);
    cr_expect_eq(p.patience.mean, 3, "patience.mean_min keeps its default");
    cr_expect_eq(p.agents, 60);
}

Test(scenario, loads_on_top_of_what_the_params_hold)
{
    char path[2048], err[512];
    write_file("years.lua", "return { years = 1 }\n", strlen("return { years = 1 }\n"));
    path_in_dir(path, sizeof path, "years.lua");
    cx_params p;
    cx_params_default(&p);
    p.agents = 99;
    p.rate_per_min = 3;
    cr_assert_eq(cx_lua_load_scenario(path, &p, err, sizeof err), 0, "%s", err);
    cr_expect_eq(p.years, 1);
    cr_expect_eq(p.agents, 99);
    cr_expect_eq(p.rate_per_min, 3);
}

Test(scenario, spikes_replace_and_can_be_emptied)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("s.lua", "return { demand = { spikes = {} } }\n", &p, err, sizeof err), 0, "%s", err);
    cr_expect_eq(p.n_spikes, 0);
    /* 32 spikes is the maximum */
    cr_assert_eq(load_text("s.lua",
                           "local s = {}\n"
                           "for i = 1, 32 do s[i] = { start_day = i, days = 1, multiplier = 3 } end\n"
                           "return { demand = { spikes = s } }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_eq(p.n_spikes, CX_MAX_SPIKES);
    cr_expect_eq(p.spikes[31].start_day, 32);
}

Test(scenario, small_error_buffer_is_not_overrun)
{
    cx_params p;
    char err[16];
    memset(err, 'x', sizeof err);
    cr_assert_eq(load_text("a_rather_long_scenario_name.lua", "return { yeers = 1 }\n", &p, err, sizeof err), -1);
    /* a message is written, cut to the buffer and NUL-terminated */
    cr_expect_eq(err[sizeof err - 1], 0, "not NUL-terminated at the end");
    cr_expect_eq(strlen(err), sizeof err - 1, "not truncated: \"%s\"", err);
    cr_expect(strncmp(err, dir, sizeof err - 1) == 0, "\"%s\" should start with the path %s", err, dir);
}

/* ------------------------------------------------------------------ */
/* Bad fields: file, line and field                                     */

Test(scenario, unknown_top_level_field)
{
    expect_field_error("return {\n"
                       "  years = 1,\n"
                       "  yeers = 2,\n"
                       "}\n",
                       3, "yeers", "unknown field");
}

Test(scenario, unknown_nested_field)
{
    expect_field_error("return {\n"
                       "  name = \"x\",\n"
                       "  demand = {\n"
                       "    rate_per_minute = 12,\n"
                       "  },\n"
                       "}\n",
                       4, "demand.rate_per_minute", "unknown field");
}

Test(scenario, unknown_group)
{
    expect_field_error("return {\n"
                       "  stafff = { agents = 3 },\n"
                       "}\n",
                       2, "stafff", "unknown field");
}

Test(scenario, group_given_a_value_is_rejected)
{
    /* the message could be clearer ("must be a table"), but it names the field */
    expect_field_error("return {\n  demand = 5,\n}\n", 2, "demand", NULL);
}

Test(scenario, entry_without_a_name)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("bad.lua", "return { 1, 2 }\n", &p, err, sizeof err), -1);
    cr_expect(strstr(err, "without a name") != NULL, "%s", err);
    cr_assert_eq(load_text("bad.lua", "return { staff = { 45 } }\n", &p, err, sizeof err), -1);
    cr_expect(strstr(err, "field 'staff': has an entry without a name") != NULL, "%s", err);
}

Test(scenario, string_for_a_number)
{
    expect_field_error("return {\n"
                       "  seed = 1,\n"
                       "  years = \"5\",\n"
                       "}\n",
                       3, "years", "must be a number, not a string");
}

Test(scenario, number_for_a_boolean)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    rate_per_min = 3,\n"
                       "    profile = 1,\n"
                       "  },\n"
                       "}\n",
                       4, "demand.profile", "must be true or false, not a number");
}

Test(scenario, other_wrong_types)
{
    expect_field_error("return {\n  handle = { dist = 1 },\n}\n", 2, "handle.dist", "must be a string, not a number");
    expect_field_error("return {\n\n  name = true,\n}\n", 3, "name", "must be a string, not a boolean");
    expect_field_error("return {\n  staff = { agents = {} },\n}\n", 2, "staff.agents", "must be a number, not a table");
    expect_field_error("return {\n  demand = {\n    weekday = 5,\n  },\n}\n", 3, "demand.weekday",
                       "must be a list of numbers, not a number");
    expect_field_error("return {\n  demand = {\n    spikes = 3,\n  },\n}\n", 3, "demand.spikes",
                       "must be a list of tables, not a number");
}

Test(scenario, negative_rate_is_out_of_range)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    profile = false,\n"
                       "    rate_per_min = -1,\n"
                       "  },\n"
                       "}\n",
                       4, "demand.rate_per_min", "must be between 1e-09 and 1e+06 (got -1)");
}

Test(scenario, other_out_of_range_values)
{
    expect_field_error("return {\n  years = 0,\n}\n", 2, "years", "must be between");
    expect_field_error("return {\n  seed = -1,\n}\n", 2, "seed", "must be between");
    expect_field_error("return {\n  demand = { rate_per_min = 0/0 },\n}\n", 2, "demand.rate_per_min", "must be between");
    expect_field_error("return {\n  demand = { rate_per_min = math.huge },\n}\n", 2, "demand.rate_per_min",
                       "must be between");
    expect_field_error("return {\n  name = string.rep(\"n\", 64),\n}\n", 2, "name", "longer than 63 characters");
}

Test(scenario, non_integer_for_an_integer_field)
{
    expect_field_error("return {\n"
                       "  staff = {\n"
                       "    agents = 4.5,\n"
                       "  },\n"
                       "}\n",
                       3, "staff.agents", "must be a whole number (got 4.5)");
    expect_field_error("return {\n  seed = 1.25,\n}\n", 2, "seed", "must be a whole number");
}

Test(scenario, wrong_enum_value)
{
    expect_field_error("return {\n"
                       "  handle = {\n"
                       "    mean_min = 4,\n"
                       "    dist = \"weibull\",\n"
                       "  },\n"
                       "}\n",
                       4, "handle.dist", "unknown value \"weibull\" (one of exp lognormal gamma fixed none)");
}

Test(scenario, wrong_list_length)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    rate_per_min = 5,\n"
                       "    profile = true,\n"
                       "    weekday = { 1, 1, 1, 1, 1, 1 },\n"
                       "  },\n"
                       "}\n",
                       5, "demand.weekday", "needs exactly 7 numbers (got 6)");
    expect_field_error("return {\n  demand = {\n    season = { 1,1,1,1,1,1,1,1,1,1,1,1,1 },\n  },\n}\n", 3,
                       "demand.season", "needs exactly 12 numbers (got 13)");
    expect_field_error("return {\n  demand = {\n    intraday = { 1, 2 },\n  },\n}\n", 3, "demand.intraday",
                       "needs exactly 48 numbers (got 2)");
}

Test(scenario, bad_list_element)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    season = { 1, 1, \"x\", 1, 1, 1, 1, 1, 1, 1, 1, 1 },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.season[3]", "must be a number, not a string");
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    weekday = { 1, 1, 1, 1, -2, 1, 1 },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.weekday[5]", "must be between 0 and 1e+06 (got -2)");
}

Test(scenario, bad_spike_records)
{
    /* not a table */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = { 5 },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.spikes[1]", "must be a table, not a number");
    /* a field out of range, in the second record */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1, days = 2, multiplier = 3 },\n"
                       "      { start_day = 10, days = 3,\n"
                       "        multiplier = -1 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       6, "demand.spikes[2].multiplier", "must be between 0 and 1000 (got -1)");
    /* a wrong type inside the first record */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = \"monday\" },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       4, "demand.spikes[1].start_day", "must be a number, not a string");
    /* too many */
    expect_field_error("local s = {}\n"
                       "for i = 1, 33 do s[i] = { start_day = i } end\n"
                       "return {\n"
                       "  demand = {\n"
                       "    spikes = s,\n"
                       "  },\n"
                       "}\n",
                       5, "demand.spikes", "at most 32 entries (got 33)");
}

Test(scenario, unknown_field_in_a_spike_record)
{
    /* the field is named; its line may be the record's or the list's */
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("bad.lua",
                           "return {\n"
                           "  demand = {\n"
                           "    spikes = {\n"
                           "      { start_day = 1, days = 2, multiplier = 3 },\n"
                           "      { start_day = 10, dayz = 3 },\n"
                           "    },\n"
                           "  },\n"
                           "}\n",
                           &p, err, sizeof err),
                 -1);
    cr_expect(strstr(err, "field 'demand.spikes[2].dayz': unknown field") != NULL, "%s", err);
    cr_expect(strncmp(err, dir, strlen(dir)) == 0, "%s", err);
}

/* The line is the offending field's own: found by following the table
 * constructors (not the n-th `key =` in the text), comments skipped. */
Test(scenario, line_of_unknown_field_in_second_spike)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1, days = 2, multiplier = 3 },\n"
                       "      { start_day = 10, dayz = 3 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       5, "demand.spikes[2].dayz", "unknown field");
}

Test(scenario, line_of_field_in_second_spike_when_first_omits_it)
{
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1 },\n"
                       "      { start_day = 10, days = -3 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       5, "demand.spikes[2].days", "must be between");
}

Test(scenario, line_ignores_commented_out_fields)
{
    expect_field_error("-- staff = { agents = 10 } is the usual\n"
                       "return {\n"
                       "  staff = { agents = -1 },\n"
                       "}\n",
                       3, "staff.agents", "must be between");
}

/* ------------------------------------------------------------------ */
/* Strictness: names are plain names, lists are lists, no hidden NULs   */

Test(scenario, dotted_key_in_a_spike_is_rejected)
{
    /* once read as `days` (the text after the last dot) */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1, days = 2 },\n"
                       "      { start_day = 10,\n"
                       "        [\"x.days\"] = 3 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       6, "demand.spikes[2].x.days", "a dotted name is not a field");
}

Test(scenario, dotted_key_at_the_top_is_rejected)
{
    expect_field_error("return {\n"
                       "  years = 1,\n"
                       "  [\"demand.rate_per_min\"] = 5,\n"
                       "}\n",
                       3, "demand.rate_per_min", "a dotted name is not a field");
    expect_field_error("return {\n"
                       "  staff = {\n"
                       "    [\"x.agents\"] = 5,\n"
                       "  },\n"
                       "}\n",
                       3, "staff.x.agents", "a dotted name is not a field");
}

Test(scenario, nul_in_a_name_is_rejected)
{
    /* once cut at the NUL and read as `days` */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1, [\"days\\0x\"] = 3 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       4, "demand.spikes[1].days\\0x", "must not contain a NUL byte");
    expect_field_error("return {\n"
                       "  regimes = { { name = \"v\", client = \"vendor\",\n"
                       "    provider = { policy = \"vendor\", [\"rate_cut\\0zz\"] = 0.1 } } },\n"
                       "}\n",
                       3, "regimes[1].provider.rate_cut\\0zz", "must not contain a NUL byte");
}

Test(scenario, nul_in_a_string_value_is_rejected)
{
    expect_field_error("return {\n  name = \"ok\\0hidden\",\n}\n", 2, "name", "must not contain a NUL byte");
    expect_field_error("return {\n"
                       "  regimes = {\n"
                       "    { name = \"v\", client = \"vendor\\0.so\", provider = \"vendor\" },\n"
                       "  },\n"
                       "}\n",
                       3, "regimes[1].client", "must not contain a NUL byte");
    expect_field_error("return {\n"
                       "  regimes = {\n"
                       "    { name = \"v\", client = \"vendor\",\n"
                       "      provider = { policy = \"partner\\0\" } },\n"
                       "  },\n"
                       "}\n",
                       4, "regimes[1].provider.policy", "must not contain a NUL byte");
    expect_field_error("return {\n  handle = { dist = \"exp\\0\" },\n}\n", 2, "handle.dist",
                       "must not contain a NUL byte");
}

Test(scenario, dotted_policy_option_is_rejected)
{
    expect_field_error("return {\n"
                       "  regimes = { { name = \"v\", client = \"vendor\",\n"
                       "    provider = { policy = \"vendor\",\n"
                       "      [\"x.rate_cut\"] = 0.1 } } },\n"
                       "}\n",
                       4, "regimes[1].provider.x.rate_cut", "a dotted name is not a field");
}

Test(scenario, non_list_keys_in_lists_are_rejected)
{
    /* a named entry among the spikes */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = {\n"
                       "      { start_day = 1, days = 2 },\n"
                       "      x = { start_day = 3 },\n"
                       "    },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.spikes", "is a list: key 'x' is not a position 1..1");
    /* [0] and [1.5] */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = { [0] = { start_day = 3 } },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.spikes", "is a list: key [0] is not a position 1..0");
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = { { start_day = 3 }, [1.5] = { start_day = 4 } },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.spikes", "is a list: key [1.5] is not a position 1..1");
    /* a hole: the entry after it would be lost */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    spikes = { [1] = { start_day = 3 }, [3] = { start_day = 4 } },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.spikes", "is not a position");
    /* a fixed-length list of numbers too */
    expect_field_error("return {\n"
                       "  demand = {\n"
                       "    weekday = { 1, 1, 1, 1, 1, 1, 1, sunday = 2 },\n"
                       "  },\n"
                       "}\n",
                       3, "demand.weekday", "is a list: key 'sunday' is not a position 1..7");
    expect_field_error("return {\n"
                       "  regimes = { [0] = { name = \"v\", client = \"vendor\", provider = \"vendor\" } },\n"
                       "}\n",
                       2, "regimes", "is a list: key [0]");
}

Test(scenario, raw_nul_byte_in_the_file_is_rejected)
{
    static const char text[] = "return {\n  name = \"a\0b\",\n}\n";
    write_file("bad.lua", text, sizeof text - 1);
    char path[2048], err[512], want[2100];
    path_in_dir(path, sizeof path, "bad.lua");
    cx_params p;
    cx_params_default(&p);
    cr_assert_eq(cx_lua_load_scenario(path, &p, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: a NUL byte", path);
    cr_expect(strncmp(err, want, strlen(want)) == 0, "%s", err);
}

Test(scenario, deep_nesting_names_the_file)
{
    /* found by fuzz_scenario (tests/fuzz/corpus/scenario/crash-nested-tables-no-file.lua):
     * the parser's "C stack overflow" came without the file */
    char text[600] = "return ";
    memset(text + 7, '{', 300);
    expect_error(text, " ", "stack overflow");
}

Test(scenario, loads_from_memory)
{
    static const char text[] = "return {\n  staff = { agents = 7 },\n  yeers = 1,\n}\n";
    cx_params p;
    char err[256];
    cx_params_default(&p);
    cr_assert_eq(cx_lua_load_scenario_text("mem.lua", text, 24 + 9, &p, err, sizeof err), -1,
                 "the text is cut after the staff line: a syntax error");
    cr_assert_eq(cx_lua_load_scenario_text("mem.lua", text, sizeof text - 1, &p, err, sizeof err), -1);
    cr_expect_str_eq(err, "mem.lua:3: field 'yeers': unknown field (see `cxsim params` for the list)");
}

/* ------------------------------------------------------------------ */
/* Cross-field checks                                                   */

Test(scenario, lognormal_with_zero_cv)
{
    expect_field_error("return {\n"
                       "  handle = {\n"
                       "    dist = \"lognormal\",\n"
                       "    cv = 0,\n"
                       "  },\n"
                       "}\n",
                       4, "handle.cv", "must be above 0 for a lognormal distribution");
    expect_field_error("return {\n"
                       "  handle = { dist = \"exp\", cv = 1 },\n"
                       "  patience = {\n"
                       "    dist = \"gamma\",\n"
                       "    cv = 0,\n"
                       "  },\n"
                       "}\n",
                       5, "patience.cv", "must be above 0 for a gamma distribution");
}

Test(scenario, warmup_longer_than_the_horizon)
{
    expect_field_error("return {\n"
                       "  years = 0.05,\n"
                       "  warmup_days = 30,\n"
                       "}\n",
                       3, "warmup_days", "must be shorter than the horizon (18.2625 days)");
}

Test(scenario, other_cross_field_checks)
{
    expect_field_error("return {\n  staff = { plan_gain_min = 1.2,\n    plan_gain_max = 1.1 },\n}\n", 3,
                       "staff.plan_gain_max", "must be at least staff.plan_gain_min (1.2; got 1.1)");
    expect_field_error("return {\n  relationship = { phase_partnership = 2 },\n}\n", 2,
                       "relationship.phase_partnership", "must be between 0 and 1 (got 2)");
    expect_field_error("return {\n  handle = { dist = \"none\" },\n}\n", 2, "handle.dist", "cannot be \"none\"");
    expect_field_error("return {\n  demand = {\n    weekday = { 0, 0, 0, 0, 0, 0, 0 },\n  },\n}\n", 3,
                       "demand.weekday", "at least one weight above 0");
}

/* ------------------------------------------------------------------ */
/* Lua errors, files, limits and the sandbox                            */

Test(scenario, syntax_error_has_file_and_line)
{
    expect_lua_error("return {\n"
                     "  years = 1,\n"
                     "  seed = ,\n"
                     "}\n",
                     3, "unexpected symbol");
}

Test(scenario, runtime_error_has_file_and_line)
{
    expect_lua_error("local t = { years = 1 }\n"
                     "local f = nil\n"
                     "f(t)\n"
                     "return t\n",
                     3, "attempt to call a nil value");
    expect_lua_error("return {\n  years = 1 + nil,\n}\n", 2, "attempt to perform arithmetic");
    expect_lua_error("\nerror(\"no scenario here\")\n", 2, "no scenario here");
}

Test(scenario, chunk_must_return_a_table)
{
    cx_params p;
    char err[512];
    const char *chunks[] = {"return 42\n", "local x = 1\n", "return \"years = 1\"\n", "return nil\n"};
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
        cr_assert_eq(load_text("bad.lua", chunks[i], &p, err, sizeof err), -1, "%s", chunks[i]);
        cr_expect(strncmp(err, dir, strlen(dir)) == 0 && strstr(err, "bad.lua") != NULL, "%s", err);
        cr_expect(strstr(err, "must return a table") != NULL, "%s", err);
    }
    load_text("bad.lua", "return 42\n", &p, err, sizeof err);
    cr_expect(strstr(err, "(got number)") != NULL, "%s", err);
}

Test(scenario, missing_file)
{
    char path[2048], err[512];
    path_in_dir(path, sizeof path, "nosuch.lua");
    cx_params p;
    cx_params_default(&p);
    cr_assert_eq(cx_lua_load_scenario(path, &p, err, sizeof err), -1);
    cr_expect(strncmp(err, path, strlen(path)) == 0, "\"%s\" should start with the path", err);
    cr_expect(strstr(err, "cannot read") != NULL, "%s", err);
}

Test(scenario, binary_chunk_is_refused)
{
    static const char bin[] = "\x1bLua\x54\x00garbage";
    write_file("bin.lua", bin, sizeof bin - 1);
    char path[2048], err[512];
    path_in_dir(path, sizeof path, "bin.lua");
    cx_params p;
    cx_params_default(&p);
    cr_assert_eq(cx_lua_load_scenario(path, &p, err, sizeof err), -1);
    cr_expect(strstr(err, "binary") != NULL, "%s", err);
}

Test(sandbox, endless_loop_is_stopped)
{
    watchdog(60);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("loop.lua", "local n = 0\nwhile true do n = n + 1 end\n", &p, err, sizeof err), -1);
    cr_expect(strstr(err, "loop.lua:2: the scenario stopped after 100000000 instructions") != NULL, "%s", err);
    /* the state is usable again: a good scenario loads after a stopped one */
    cr_assert_eq(load_text("ok.lua", "return { years = 1 }\n", &p, err, sizeof err), 0, "%s", err);
}

Test(sandbox, memory_is_capped)
{
    watchdog(60);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("mem.lua", "local s = string.rep(\"x\", 200000000)\nreturn { name = s }\n", &p, err,
                           sizeof err),
                 -1);
    cr_expect(strstr(err, "memory") != NULL, "%s", err);
    cr_assert_eq(load_text("mem.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = i end\nreturn {}\n", &p, err,
                           sizeof err),
                 -1);
    cr_expect(strstr(err, "memory") != NULL, "%s", err);
}

Test(sandbox, dangerous_globals_are_absent)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("env.lua",
                           "assert(os == nil, 'os') assert(io == nil, 'io')\n"
                           "assert(load == nil, 'load') assert(loadfile == nil, 'loadfile')\n"
                           "assert(dofile == nil, 'dofile') assert(require == nil, 'require')\n"
                           "assert(package == nil, 'package') assert(debug == nil, 'debug')\n"
                           "assert(collectgarbage == nil, 'collectgarbage')\n"
                           "assert(math and string and table and utf8, 'safe libraries')\n"
                           "return { name = string.format('%d', math.floor(2.5)) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "2");
}

Test(sandbox, calls_to_unavailable_functions_fail)
{
    char mark[2048];
    path_in_dir(mark, sizeof mark, "MARK");
    struct { const char *fmt, *what; } calls[] = {
        {"\nos.execute('touch %s')\nreturn {}\n", "(global 'os')"},
        {"\nlocal f = io.open('%s', 'w')\nreturn {}\n", "(global 'io')"},
        {"\nload('return 1')\nreturn { name = '%s' }\n", "(global 'load')"},
        {"\ndofile('%s')\nreturn {}\n", "(global 'dofile')"},
        {"\nloadfile('%s')\nreturn {}\n", "(global 'loadfile')"},
        {"\nrequire('%s')\nreturn {}\n", "(global 'require')"},
    };
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        char text[4200];
        snprintf(text, sizeof text, calls[i].fmt, mark);
        expect_lua_error(text, 2, calls[i].what);
        cr_expect_neq(access(mark, F_OK), 0, "the scenario created a file:\n%s", text);
    }
}

/* Ways around the instruction limit. Each has a watchdog so that a
 * regression fails instead of hanging the suite. */
static void expect_stopped(const char *name, const char *text)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text(name, text, &p, err, sizeof err), -1, "not stopped:\n%s", text);
    cr_expect(strstr(err, name) && strstr(err, "the scenario stopped after 100000000 instructions"), "%s", err);
}

Test(sandbox, pcall_cannot_swallow_the_instruction_limit)
{
    watchdog(120);
    expect_stopped("loop.lua", "while true do pcall(function() while true do end end) end\n");
}

Test(sandbox, xpcall_and_its_handler_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("loop.lua", "while true do\n"
                               "  xpcall(function() while true do end end, function(m) while true do end end)\n"
                               "end\n");
}

Test(sandbox, coroutines_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("wrap.lua", "while true do pcall(coroutine.wrap(function() while true do end end)) end\n");
    expect_stopped("resume.lua", "while true do\n"
                                 "  coroutine.resume(coroutine.create(function() while true do end end))\n"
                                 "end\n");
}

Test(sandbox, close_handlers_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("close.lua", "local mt = { __close = function() while true do end end }\n"
                                "while true do\n"
                                "  pcall(function() local x <close> = setmetatable({}, mt) while true do end end)\n"
                                "end\n");
}

/* Each coroutine used to count on its own: many short ones never reached the limit. */
Test(sandbox, coroutines_share_the_budget)
{
    watchdog(120);
    expect_stopped("co.lua", "while true do\n"
                             "  coroutine.wrap(function() for i = 1, 5000000 do end end)()\n"
                             "end\n");
    expect_stopped("co2.lua", "while true do\n"
                              "  local co = coroutine.create(function() for i = 1, 500 do end end)\n"
                              "  coroutine.resume(co)\n"
                              "end\n");
    /* coroutines that stay within the budget work */
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("ok.lua",
                           "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)\n"
                           "return { name = 'n' .. (gen() + gen() + gen()) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "n6");
}

/* Finalizers run with hooks off, where no limit reaches: a scenario cannot
 * set one (the endless one would hang inside lua_close). */
Test(sandbox, finaliser_cannot_run_forever)
{
    watchdog(20);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("gc.lua", "setmetatable({}, { __gc = function() while true do end end })\nreturn {}\n",
                           &p, err, sizeof err),
                 -1);
    cr_expect(strstr(err, "gc.lua:1: setmetatable: __gc (a finalizer) is not allowed"), "%s", err);
    /* a __gc added to the metatable afterwards is never called (Lua marks objects at setmetatable) */
    cr_assert_eq(load_text("gc2.lua",
                           "local mt = {}\nlocal t = setmetatable({}, mt)\n"
                           "mt.__gc = function() while true do end end\nt = nil\nreturn {}\n",
                           &p, err, sizeof err),
                 0, "%s", err);
}

Test(sandbox, pattern_matching_is_bounded)
{
    watchdog(20);
    static const char *const bombs[] = {
        "string.rep('a', 40):find(string.rep('a*', 30) .. 'b')\nreturn {}\n",
        "string.rep('a', 40):match(string.rep('a-', 30) .. 'b')\nreturn {}\n",
        "for w in string.gmatch(string.rep('a', 5000), '.-.-.-b') do end\nreturn {}\n",
        "string.gsub(string.rep('a', 40), string.rep('a?', 40) .. string.rep('a*', 20) .. 'b', '')\nreturn {}\n",
        "string.find(string.rep('a', 30000000), string.rep('a', 100) .. 'b', 1, true)\nreturn {}\n",
    };
    for (size_t i = 0; i < sizeof bombs / sizeof *bombs; i++) {
        cx_params p;
        char err[512];
        cr_assert_eq(load_text("re.lua", bombs[i], &p, err, sizeof err), -1, "%s", bombs[i]);
        cr_expect(strstr(err, "re.lua:1: string.") && strstr(err, "over the sandbox's bound"), "%s", err);
    }
    /* ordinary patterns work */
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("re.lua",
                           "local a, b = ('  key = value  '):match('^%s*(%w+)%s*=%s*(.-)%s*$')\n"
                           "local n = select(2, ('a,b,c'):gsub(',', ';'))\n"
                           "return { name = a .. b .. n .. ('x.y'):find('.', 1, true) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "keyvalue22");
}

Test(sandbox, no_bytecode_and_no_dump)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("dump.lua",
                           "assert(string.dump == nil, 'string.dump')\n"
                           "assert(('').dump == nil, 'dump through the string metatable')\n"
                           "assert(coroutine and coroutine.wrap, 'coroutine is available, in the budget')\n"
                           "return {}\n",
                           &p, err, sizeof err),
                 0, "%s", err);
}

Test(scenario, error_with_a_table_value_names_the_file)
{
    static const char *const bad[] = {"error({ code = 1 })\n", "error()\n", "error(nil)\n",
                                      "error(setmetatable({}, { __tostring = function() return 'x' end }))\n"};
    static const char *const type[] = {"table", "nil", "nil", "table"};
    for (int i = 0; i < 4; i++) {
        cx_params p;
        char err[512], want[64];
        cr_assert_eq(load_text("bad.lua", bad[i], &p, err, sizeof err), -1);
        snprintf(want, sizeof want, "bad.lua: error object is a %s value", type[i]);
        cr_expect(strstr(err, want) != NULL, "%s", err);
        cr_expect(strstr(err, "(null)") == NULL, "%s", err);
    }
}

/* ------------------------------------------------------------------ */
/* docs/scenario.md names every field                                   */

Test(params, scenario_doc_names_every_field)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048], key[300];
    snprintf(path, sizeof path, "%s/docs/scenario.md", src);
    char *doc = cxt_slurp(path);
    cr_assert_not_null(doc, "cannot read %s", path);
    for (const cx_param_desc *d = cx_param_table; d->path; d++) {
        snprintf(key, sizeof key, "`%s`", d->path);
        cr_expect(strstr(doc, key) != NULL, "docs/scenario.md does not mention %s", key);
        if (d->type == CX_PT_RECORDS)
            for (const cx_param_desc *f = d->fields; f->path; f++) {
                snprintf(key, sizeof key, "`%s`", f->path);
                cr_expect(strstr(doc, key) != NULL, "docs/scenario.md does not mention %s", key);
            }
    }
    free(doc);
}

Test(scenario, examples_in_the_doc_load)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048];
    snprintf(path, sizeof path, "%s/docs/scenario.md", src);
    char *doc = cxt_slurp(path);
    cr_assert_not_null(doc, "cannot read %s", path);
    int blocks = 0;
    for (char *s = doc; (s = strstr(s, "```lua\n"));) {
        s += strlen("```lua\n");
        char *end = strstr(s, "```");
        cr_assert_not_null(end, "unterminated lua block in docs/scenario.md");
        *end = 0;
        cx_params p;
        char err[512];
        cr_expect_eq(load_text("example.lua", s, &p, err, sizeof err), 0, "example %d does not load: %s\n%s",
                     blocks + 1, err, s);
        blocks++;
        s = end + 3;
    }
    cr_expect_geq(blocks, 2, "docs/scenario.md has %d lua examples", blocks);
    free(doc);
}
