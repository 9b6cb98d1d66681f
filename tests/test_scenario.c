/* Scenario files: cx_lua_load_scenario, its strictness, its error
 * messages and the docs' examples (the parameter table itself: test_params;
 * the loader's sandbox: test_scenario_sandbox).
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

#include "cx_builtin.h"
#include "cx_lua_scenario.h"
#include "cx_params.h"
#include "cxt_files.h"

#include "cxt_scenario.h"

TestSuite(scenario, .init = make_dir, .fini = remove_dir);

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

/* docs/scenario.md, read whole (free it). */
static char *scenario_doc(void)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src, "CX_SOURCE_DIR is not set (run through ctest)");
    char path[2048];
    snprintf(path, sizeof path, "%s/docs/scenario.md", src);
    char *doc = cxt_slurp(path);
    cr_assert_not_null(doc, "cannot read %s", path);
    return doc;
}

Test(params, scenario_doc_names_every_field)
{
    char key[300];
    char *doc = scenario_doc();
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

/* ... and every option of the built-in policies (its tables of options) */
Test(params, scenario_doc_names_every_policy_option)
{
    char key[300];
    char *doc = scenario_doc();
    static const char *names[] = {"vendor", "partner"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const cx_policy *p = cx_builtin_find(names[i]);
        cr_assert_not_null(p);
        for (const cx_option *o = p->options; o->name; o++) {
            snprintf(key, sizeof key, "| `%s` |", o->name);
            cr_expect(strstr(doc, key) != NULL, "docs/scenario.md has no row for %s's option %s", names[i], o->name);
        }
    }
    free(doc);
}

Test(scenario, examples_in_the_doc_load)
{
    char *doc = scenario_doc();
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
