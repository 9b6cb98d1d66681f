/* Policies with memory: api->history (a key over the last closed months)
 * and api->param (a scenario field by name), in C and through the Lua
 * bridge (state:history, state:param); and docs/plugins.md lists the C
 * enum name of every key and lever.
 *
 * A C policy records what api->get returned at each month end and checks,
 * month by month, that api->history gives back exactly those values,
 * oldest first, fewer in the first months. A Lua policy does the same with
 * state:history and fails the run on a mismatch. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_job.h"
#include "cx_lua_policy.h"
#include "cx_mix.h"
#include "cx_plugin.h"
#include "cx_policy_host.h"
#include "cx_sim.h"
#include "cxt_files.h"
#include "cxt_host.h"
#include "cxt_job.h"

static char work[256];
static char err[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_hist"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(history, .init = make_work, .fini = remove_work);

/* A small model run: a few months with the model on. */
static cx_sim *small_sim(double years, double elasticity)
{
    cx_params P;
    cx_params_default(&P);
    cx_params_queue_only(&P);
    P.seed = 9;
    P.years = years;
    P.rate_per_min = 0.5;
    P.m.quit_elasticity = elasticity;
    P.on.schedules = 1;
    P.on.attrition = 1;
    cx_sim *S = cx_sim_new(&P);
    cr_assert_not_null(S);
    return S;
}

#define MAXM 64
/* What the memory policy saw and checked. */
typedef struct memo {
    double fcr[MAXM], head[MAXM]; /* api->get at each month end */
    int months;               /* month ends seen */
    int checked;              /* month ends at which history matched */
    double elasticity;        /* api->param("attrition.pay_elasticity") */
    double schedules, profile_enum, missing, text; /* a bool, an int, unknown, a text field */
    int bad_key, zero;        /* history of an unknown key, of n = 0 */
    double side[3];           /* history of CX_K_SIDE */
    int n_side;
} memo;

static int memo_month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    memo *m = inst;
    cr_assert(CX_API_HAS(api, cx_host_api, history) && api->history);
    cr_assert(CX_API_HAS(api, cx_host_api, param) && api->param);
    if (m->months >= MAXM) return 0;
    m->fcr[m->months] = api->get(ctx, CX_K_FCR);
    m->head[m->months] = api->get(ctx, CX_K_HEADCOUNT);
    m->months++;
    double h[5], g[5];
    int k = api->history(ctx, CX_K_FCR, 5, h);
    int k2 = api->history(ctx, CX_K_HEADCOUNT, 5, g);
    int want = m->months < 5 ? m->months : 5;
    if (k != want || k2 != want) return 0;
    for (int i = 0; i < k; i++) {
        int month = m->months - k + i;
        if (memcmp(&h[i], &m->fcr[month], sizeof h[i]) || g[i] != m->head[month]) return 0;
    }
    m->checked++;
    m->elasticity = api->param(ctx, "attrition.pay_elasticity");
    m->schedules = api->param(ctx, "mechanisms.schedules");
    m->missing = api->param(ctx, "attrition.no_such_field");
    m->text = api->param(ctx, "name");
    m->bad_key = api->history(ctx, CX_K_COUNT, 3, h);
    m->zero = api->history(ctx, CX_K_FCR, 0, h);
    m->n_side = api->history(ctx, CX_K_SIDE, 3, m->side);
    return 0;
}

Test(history, c_policy_reads_its_past_and_the_scenario)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_MONTH] = memo_month};
    memo m = {0};
    cx_policy p = {.abi = CX_POLICY_ABI, .size = sizeof(cx_policy), .name = "memory",
                   .sides = 1u << CX_PROVIDER, .self = &m, .n_at = CX_POINT_COUNT, .at = at};
    cx_sim *S = small_sim(0.75, 2.5);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &p, NULL, NULL), 0, "%s", cx_sim_error(S));
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    cr_expect_eq(m.months, (int)cx_sim_periods(S));
    cr_assert_gt(m.months, 6, "enough months to fill the window");
    cr_expect_eq(m.checked, m.months, "history matched get at %d of %d month ends", m.checked, m.months);
    int moved = 0;
    for (int i = 1; i < m.months; i++) moved |= m.fcr[i] != m.fcr[0];
    cr_expect(moved, "FCR moved, so an off-by-one month would have been seen");
    cr_expect_eq(m.elasticity, 2.5);
    cr_expect_eq(m.schedules, 1.0);
    cr_expect(isnan(m.missing));
    cr_expect(isnan(m.text), "a text field is not a number");
    cr_expect_eq(m.bad_key, -1);
    cr_expect_eq(m.zero, 0);
    cr_expect_eq(m.n_side, 3);
    cr_expect_eq(m.side[2], (double)CX_PROVIDER);
    cx_sim_free(S);
}

/* A plugin built before history and param sees a host API whose size does
 * not cover them (CX_API_HAS), and one built after sees they are there. */
Test(history, api_size_tells_which_slots_exist)
{
    cx_host_api old = {.abi = CX_POLICY_ABI, .size = offsetof(cx_host_api, history)};
    cr_expect_not(CX_API_HAS(&old, cx_host_api, history));
    cr_expect_not(CX_API_HAS(&old, cx_host_api, param));
    cr_expect(CX_API_HAS(&old, cx_host_api, fail));
    cx_host_api now = {.abi = CX_POLICY_ABI, .size = sizeof(cx_host_api)};
    cr_expect(CX_API_HAS(&now, cx_host_api, param));
}

/* Write WORK/name with `text`; the path into out. */
static const char *script(char *out, size_t n, const char *name, const char *text)
{
    return cxt_write_in(out, n, work, name, text);
}

/* A job of one regime whose provider is the Lua script at p (tests/cxt_job.h). */
static cx_job *open_job(const char *p, double years)
{
    char regimes[1024];
    snprintf(regimes, sizeof regimes, "    { name = 'r', client = 'vendor', provider = '%s' },\n", p);
    return cxt_open_job(work, "  attrition = { pay_elasticity = 3.25 },\n", regimes, years, err, sizeof err);
}

static void close_job(cx_job *J) { cxt_close_job(J); }

/* The Lua policy keeps state.fcr itself and checks state:history against
 * it each month; it raises its pay when FCR fell three months running, and
 * notes how many months it checked. */
static const char *const lua_memory =
    "local seen = {}\n"
    "return { name = 'memory', sides = 'provider',\n"
    "  on_month = function(state)\n"
    "    seen[#seen + 1] = state.fcr\n"
    "    local h = state:history('fcr', 3)\n"
    "    if #h ~= math.min(#seen, 3) then error('history has ' .. #h .. ' months') end\n"
    "    for i = 1, #h do\n"
    "      if h[i] ~= seen[#seen - #h + i] then error('history differs at ' .. i) end\n"
    "    end\n"
    "    if state:param('attrition.pay_elasticity') ~= 3.25 then error('param') end\n"
    "    if state.month == 6 then state:note('checked ' .. #seen .. ' months') end\n"
    "    if #h == 3 and h[3] < h[2] and h[2] < h[1] then return { pay_rel = 1.05 } end\n"
    "  end }\n";

static int has_note(const cx_sim *S, const char *text)
{
    for (size_t i = 0; i < cx_sim_notes(S); i++)
        if (strstr(cx_sim_note(S, i)->text, text)) return 1;
    return 0;
}

Test(history, lua_policy_reads_its_past_and_the_scenario)
{
    char p[512];
    script(p, sizeof p, "memory.lua", lua_memory);
    cx_job *J = open_job(p, 0.75);
    int rc = cx_job_run(J, err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect(has_note(J->sim[0], "memory: checked 6 months"), "the checks ran through month 6");
    close_job(J);
}

/* Hostile calls from Lua: an unknown key, a window out of range, a field
 * that is not a number, and a host that keeps no history. */
static void lua_fails(const char *body, const char *want)
{
    char p[512], text[1024];
    snprintf(text, sizeof text,
             "return { name = 'bad', sides = 'provider',\n"
             "  on_month = function(state)\n    %s\n  end }\n", body);
    script(p, sizeof p, "bad.lua", text);
    cx_job *J = open_job(p, 0.2);
    int rc = cx_job_run(J, err, sizeof err);
    close_job(J);
    cr_assert_eq(rc, -1, "accepted: %s", body);
    cr_assert(strstr(err, want), "message lacks \"%s\": %s", want, err);
    cr_assert(strstr(err, "bad.lua:3:"), "names the line: %s", err);
}

Test(history, lua_hostile_calls)
{
    lua_fails("local h = state:history('fcrr', 3)", "history: state has no key 'fcrr'");
    lua_fails("local h = state:history('fcr', 0)", "history: months must be from 1 to 12000 (got 0)");
    lua_fails("local h = state:history('fcr', 1e9)", "history: months must be from 1 to 12000");
    lua_fails("local v = state:param('attrition.nope')", "param: 'attrition.nope' is not a numeric scenario field");
    lua_fails("local v = state:param('name')", "param: 'name' is not a numeric scenario field");
}

Test(history, lua_on_a_host_without_history)
{
    char path[512];
    script(path, sizeof path, "p.lua",
           "return { name = 'p', sides = 'provider',\n"
           "  on_month = function(state) return { pay_rel = #state:history('fcr', 2) } end }\n");
    cx_lua_policy *lp;
    const cx_policy *pol;
    cr_assert_eq(cx_lua_policy_load(path, &lp, &pol, err, sizeof err), 0, "%s", err);
    cx_pctx host;
    cxt_host_init(&host);
    void *self = pol->create(pol->self, &cxt_api, &host);
    cr_assert_not_null(self, "%s", cx_lua_policy_error(pol));
    cr_assert_neq(pol->at[CX_AT_MONTH](self, &cxt_api, &host), 0);
    cr_expect(strstr(cx_lua_policy_error(pol), "history: this host keeps no history"), "%s",
              cx_lua_policy_error(pol));
    pol->destroy(self);
    cx_lua_policy_free(lp);
}

/* docs/plugins.md names every key and lever by its C enum name. */
Test(history, plugins_doc_lists_every_enum_name)
{
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert_not_null(src);
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/plugins.md", src);
    char *doc = cxt_slurp(path);
    cr_assert_not_null(doc, "cannot read %s", path);
    static const char *const keys[] = {
#define KEY_NAME_(id, name, what) #id,
        CX_KEYS(KEY_NAME_)
#undef KEY_NAME_
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char want[96];
        snprintf(want, sizeof want, "`%s`", keys[i]);
        cr_expect(strstr(doc, want), "docs/plugins.md does not list %s", keys[i]);
    }
    static const char *const levers[CX_L_COUNT] = {
        "CX_L_PAY_REL", "CX_L_TRAINING_HOURS", "CX_L_SPAN", "CX_L_STAFF_SL", "CX_L_STAFF_BUFFER",
        "CX_L_KB_INVEST", "CX_L_TRANSPARENCY", "CX_L_TEMPS", "CX_L_ACCEPT_RATE_CHANGE",
        "CX_L_MARGIN_TARGET", "CX_L_RATE_CHANGE", "CX_L_SLA_TARGET", "CX_L_PENALTY", "CX_L_GAIN_SHARE",
        "CX_L_STRATEGIC_REVIEWS", "CX_L_SHARE_CHANGES", "CX_L_FIX_DAYS", "CX_L_JOINT_RCA", "CX_L_REBID",
        "CX_L_CONTRACT_YEARS", "CX_L_RATE_ASK", "CX_L_NOTICE", "CX_L_RATE_GRANTED",
        "CX_L_TENDER_BID"};
    for (int l = 0; l < CX_L_COUNT; l++) {
        cr_assert_not_null(levers[l], "lever %d (%s) missing from this test's list", l, cx_lever_name(l));
        char want[96];
        snprintf(want, sizeof want, "`%s` | `%s`", levers[l], cx_lever_name(l));
        cr_expect(strstr(doc, want), "docs/plugins.md does not list \"%s\"", want);
    }
    free(doc);
}

/* Mixed in for attribution (cxsim explain), a policy that reads its past
 * and the scenario gets them through the mixer: the memory policy's checks
 * pass month after month, and with every lever group from it the run is
 * its own run, byte for byte. */
Test(history, a_mixed_policy_reads_its_past)
{
    char p[512], e[256];
    script(p, sizeof p, "memory.lua", lua_memory);
    const cx_policy *vendor, *memory;
    cx_loaded *lv, *lm;
    cr_assert_eq(cx_policy_load("vendor", ".", NULL, &lv, &vendor, e, sizeof e), 0, "%s", e);
    cr_assert_eq(cx_policy_load(p, ".", NULL, &lm, &memory, e, sizeof e), 0, "%s", e);
    cx_policy_spec none = {0};
    cx_sim *own = small_sim(0.75, 3.25), *mixed = small_sim(0.75, 3.25);
    cr_assert_eq(cx_sim_set_policy(own, CX_PROVIDER, memory, NULL, NULL), 0, "%s", cx_sim_error(own));
    cx_mix *m;
    unsigned all = (1u << CX_G_COUNT) - 1;
    cr_assert_eq(cx_mix_new(&m, CX_PROVIDER, vendor, &none, memory, &none, all, 99, e, sizeof e), 0, "%s", e);
    cr_assert_eq(cx_sim_set_policy(mixed, CX_PROVIDER, cx_mix_policy(m), NULL, NULL), 0, "%s", cx_sim_error(mixed));
    cr_assert_eq(cx_sim_run(own), 0, "%s", cx_sim_error(own));
    cr_assert_eq(cx_sim_run(mixed), 0, "mixed: %s", cx_sim_error(mixed));
    cr_expect(has_note(mixed, "checked 6 months"), "the mixed policy's checks ran through month 6");
    /* the same months, notes and events (notes compared as text: a note's
     * buffer past its end is not part of the run) */
    cr_assert_eq(cx_sim_periods(own), cx_sim_periods(mixed));
    for (size_t k = 0; k < cx_sim_periods(own); k++)
        cr_expect(!memcmp(cx_sim_period(own, k), cx_sim_period(mixed, k), sizeof(cx_period)), "month %zu differs", k);
    cr_assert_eq(cx_sim_notes(own), cx_sim_notes(mixed));
    for (size_t i = 0; i < cx_sim_notes(own); i++) {
        const cx_note *a = cx_sim_note(own, i), *b = cx_sim_note(mixed, i);
        cr_expect(a->t == b->t && a->kind == b->kind && a->value == b->value && !strcmp(a->text, b->text),
                  "note %zu: %s | %s", i, a->text, b->text);
    }
    cr_expect_eq(cx_sim_events(own), cx_sim_events(mixed));
    cx_sim_free(own), cx_sim_free(mixed);
    cx_mix_free(m);
    cx_policy_unload(lm), cx_policy_unload(lv);
}
