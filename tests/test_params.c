/* test_params: the parameter table (every field named, typed, ranged and
 * sourced; defaults; lookups; --set text; cross-field checks; the profile)
 * and the model's former constants as parameters the model reads.
 *
 * Their defaults are the values the code had (test_scenario checks them and
 * the golden traces check the results byte for byte); here each field, set
 * away from its default, must move what the model computes at the start of
 * a run: the market rate a provider bids, the headcount the staffing rule
 * plans, the relationship's phase. A field the code ignored would leave them
 * where they were. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cx_params.h"
#include "cx_sim.h"

/* The default world, started (policies none, levers at their defaults), and
 * one key read at time 0; `path` (if not NULL) set to `value` first. */
/* A key at the start with up to two fields away from their defaults. */
static double at_start2(const char *path, const char *value, const char *path2, const char *value2, int key)
{
    cx_params P;
    char err[200];
    cx_params_default(&P);
    P.years = 0.1;
    if (path) cr_assert_eq(cx_param_set_text(&P, path, value, err, sizeof err), 0, "%s: %s", path, err);
    if (path2) cr_assert_eq(cx_param_set_text(&P, path2, value2, err, sizeof err), 0, "%s: %s", path2, err);
    const char *field;
    cr_assert_eq(cx_params_check(&P, &field, err, sizeof err), 0, "%s: %s", field, err);
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    cr_assert_eq(cx_sim_run_until(S, 0), 0, "%s", cx_sim_error(S));
    double v = cx_sim_get(S, key);
    cx_sim_free(S);
    return v;
}

static double at_start(const char *path, const char *value, int key)
{
    return at_start2(path, value, NULL, NULL, key);
}

typedef struct moved {
    const char *path, *value; /* a field away from its default */
    int key;                  /* what it must move */
    int sign;                 /* +1 up, -1 down, 0 either way */
} moved;

static void expect_moves(const moved *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const moved *c = &cases[i];
        double base = at_start(NULL, NULL, c->key), v = at_start(c->path, c->value, c->key);
        cr_expect(isfinite(v), "%s = %s: %s is %g", c->path, c->value, cx_key_name(c->key), v);
        if (c->sign > 0)
            cr_expect_gt(v, base, "%s = %s: %s %g, default %g", c->path, c->value, cx_key_name(c->key), v, base);
        else if (c->sign < 0)
            cr_expect_lt(v, base, "%s = %s: %s %g, default %g", c->path, c->value, cx_key_name(c->key), v, base);
        else
            cr_expect_neq(v, base, "%s = %s: %s stays %g", c->path, c->value, cx_key_name(c->key), v);
    }
}

/* A bid prices a settled team: its occupancy, handle time, quits
 * (engagement) and the start-up it recovers. */
Test(params, bids_read_their_assumptions)
{
    static const moved cases[] = {
        {"economics.setup_months", "18", CX_K_MARKET_RATE, +1},
        {"economics.bid_occupancy", "0.6", CX_K_MARKET_RATE, +1},
        {"economics.leaver_wage_months", "3", CX_K_MARKET_RATE, +1},
        {"staff.settled_occupancy", "0.95", CX_K_MARKET_RATE, 0},
        {"staff.settled_handle", "3", CX_K_MARKET_RATE, 0},
        {"attrition.engagement_base", "0.1", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_training", "0.05", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span", "0.05", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_hours", "40", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span_best", "4", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_span_worst", "40", CX_K_MARKET_RATE, -1},
        {"attrition.engagement_neutral", "0.95", CX_K_MARKET_RATE, +1},
        {"attrition.engagement_floor", "0.99", CX_K_MARKET_RATE, +1},
    };
    expect_moves(cases, sizeof cases / sizeof *cases);
    /* the start-up the client pays as an implementation fee
     * (economics.setup_billed, all of it by default) is not in the price
     * again; what it does not pay, the price recovers */
    double billed = at_start(NULL, NULL, CX_K_MARKET_RATE);
    double unbilled = at_start("economics.setup_billed", "0", CX_K_MARKET_RATE);
    cr_expect_gt(unbilled, billed);
    cr_expect_float_eq(at_start("economics.setup_wage_months", "4", CX_K_MARKET_RATE), billed, 1e-12 * billed);
    cr_expect_gt(at_start2("economics.setup_billed", "0", "economics.setup_wage_months", "4", CX_K_MARKET_RATE), unbilled);
}

/* The first staffing plan: repeats assumed before any data, and how far it
 * plans toward a settled team's knowledge. */
Test(params, the_first_plan_reads_its_assumptions)
{
    static const moved cases[] = {
        {"staff.plan_unresolved", "0.6", CX_K_REQUIRED_HEADCOUNT, +1},
        {"staff.plan_learning", "0", CX_K_REQUIRED_HEADCOUNT, +1},
        {"staff.plan_learning", "1", CX_K_REQUIRED_HEADCOUNT, -1},
    };
    expect_moves(cases, sizeof cases / sizeof *cases);
}

/* The phase is read off trust (0.3 at the start) against the thresholds. */
Test(params, the_phase_reads_its_thresholds)
{
    cr_expect_eq(at_start(NULL, NULL, CX_K_PHASE), 1, "trust 0.3: operational proof");
    cr_expect_eq(at_start("relationship.phase_proof", "0.35", CX_K_PHASE), 0);
    /* the transparency test needs trust and months of SLA met in a row */
    cr_expect_eq(at_start("relationship.phase_transparency", "0.3", CX_K_PHASE), 1, "no proof yet at the start");
    cr_expect_eq(at_start2("relationship.phase_transparency", "0.3", "relationship.proof_months", "0", CX_K_PHASE), 2,
                 "a threshold is reached at equality");
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
        {"relationship.phase_proof", 0.25},
        {"incident.csat_drop", 0.03},
        {"incident.csat_weight", 0.3},          {"incident.csat_after_months", 3},
        {"kb.joint_initiative", 0.1},           {"product.rca_closes", 0.5},
        {"attrition.occupancy_start", 0.8},     {"learning.complex_factor", 1.5},
        {"attrition.engagement_base", 0.35},    {"attrition.engagement_training", 0.35},
        {"attrition.engagement_span", 0.3},     {"attrition.engagement_hours", 8},
        {"attrition.engagement_span_best", 8},  {"attrition.engagement_span_worst", 20},
        {"attrition.engagement_neutral", 0.5},  {"attrition.engagement_floor", 0.05},
        {"staff.redeploy_above", 1.1},          {"staff.plan_unresolved", 0.3},
        {"staff.plan_learning", 0.5},           {"staff.plan_miss_cap", 0.1},
        {"staff.plan_gain_rate", 0.5},          {"staff.plan_gain_min", 0.95},
        {"staff.plan_gain_max", 1.15},          {"staff.settled_occupancy", 0.8},
        {"staff.settled_handle", 1.5},          {"staff.temps_cover", 1.0},
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
         "must be at least relationship.phase_proof (0.6; got 0.45)"},
        {"relationship.phase_partnership", "0.4", "relationship.phase_partnership",
         "must be at least relationship.phase_transparency (0.45; got 0.4)"},
        {"staff.plan_gain_min", "1.5", "staff.plan_gain_max", "must be at least staff.plan_gain_min (1.5; got 1.15)"},
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
