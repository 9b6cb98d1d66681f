/* cx_explain, cx_mix, cx_explain_game and `cxsim explain`: the Shapley
 * axioms on synthetic games (efficiency, symmetry, dummy, additivity),
 * exact enumeration against brute force over orderings, sampled orderings
 * against enumeration; the lever mixer reproducing each regime's run byte
 * for byte at the two ends; the accounting components adding up to the
 * client's cost on a real run; and the command's hostile inputs. Runs are
 * tiny (the suite runs under AddressSanitizer). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_explain.h"
#include "cx_explain_game.h"
#include "cx_mix.h"
#include "cx_plugin.h"
#include "cx_sim.h"
#include "cxt_files.h"

/* ---- synthetic games ------------------------------------------------------- */

/* numbers: [0] v: weights + a pair's synergy + a square of the size;
 *          [1] w: another game; [2] v + w. Player 3 of 5 is a dummy in both;
 *          players 0 and 1 are symmetric. rep shifts every value. */
static int synth(void *ud, uint64_t S, int rep, double *v, char *err, size_t n)
{
    (void)ud, (void)err, (void)n;
    static const double a[5] = {2, 2, -1, 0, 5};
    double x = rep, y = 0;
    int size = 0;
    for (int i = 0; i < 5; i++)
        if (S >> i & 1) x += a[i], y += i == 3 ? 0 : i < 2 ? 1 : 0.5 * i, size += i != 3;
    if ((S & 3) == 3) x += 4;          /* 0 and 1 together */
    if ((S & 20) == 20) y -= 3;        /* 2 and 4 together */
    x += 0.25 * size * size;
    v[0] = x, v[1] = y, v[2] = x + y;
    return 0;
}

static double phi(const cx_explain_result *r, int rep, int i, int j)
{
    return r->phi[((size_t)rep * r->k + i) * r->nv + j];
}

static void play(cx_explain_result *r, cx_explain_value_fn fn, int k, int nv, int reps, int samples)
{
    char err[256] = "";
    cx_explain_spec s = {.k = k, .nv = nv, .reps = reps, .samples = samples, .threads = 2, .seed = 11, .value = fn};
    cr_assert_eq(cx_explain_shapley(&s, r, err, sizeof err), 0, "%s", err);
}

Test(shapley, axioms_on_a_synthetic_game)
{
    cx_explain_result r;
    play(&r, synth, 5, 3, 3, 0);
    for (int rep = 0; rep < 3; rep++) {
        for (int j = 0; j < 3; j++) { /* efficiency */
            double sum = 0;
            for (int i = 0; i < 5; i++) sum += phi(&r, rep, i, j);
            cr_expect_float_eq(sum, r.v1[rep * 3 + j] - r.v0[rep * 3 + j], 1e-12, "efficiency, number %d", j);
            cr_expect_float_eq(phi(&r, rep, 0, j), phi(&r, rep, 1, j), 1e-12, "symmetry, number %d", j);
            cr_expect_float_eq(phi(&r, rep, 3, j), 0, 1e-12, "dummy, number %d", j);
        }
        for (int i = 0; i < 5; i++) /* additivity */
            cr_expect_float_eq(phi(&r, rep, i, 2), phi(&r, rep, i, 0) + phi(&r, rep, i, 1), 1e-12);
        /* the pair's synergy of 4 is split evenly: 0 gets its weight 2 plus 2 */
        cr_expect_float_eq(phi(&r, rep, 0, 0) - phi(&r, rep, 2, 0), 2 + 2 - (-1), 1e-12);
    }
    /* every replication shifts v by the same constant: shares do not move, so the CI is 0 */
    double m, h;
    cx_explain_stat(r.phi + 4 * 3, 3, 5 * 3, &m, &h);
    cr_expect_float_eq(h, 0, 1e-12);
    cx_explain_free(&r);
}

/* A game with no structure: a hash of the coalition. */
static int noise(void *ud, uint64_t S, int rep, double *v, char *err, size_t n)
{
    (void)ud, (void)err, (void)n;
    uint64_t x = (S + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)rep * 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 32;
    v[0] = (double)(x % 10000) / 100.0;
    return 0;
}

/* The Shapley value by brute force: the mean over all k! orderings. */
static void brute(int k, int rep, double *out)
{
    int perm[8], c[8] = {0};
    double v0[1], v1[1];
    long count = 0;
    for (int i = 0; i < k; i++) perm[i] = i, out[i] = 0;
    for (int done = 0; !done;) {
        uint64_t S = 0;
        for (int i = 0; i < k; i++) {
            noise(NULL, S, rep, v0, NULL, 0);
            S |= 1ull << perm[i];
            noise(NULL, S, rep, v1, NULL, 0);
            out[perm[i]] += v1[0] - v0[0];
        }
        count++;
        /* next permutation (Heap's algorithm, iterative) */
        int i = 1;
        while (i < k && c[i] >= i) c[i++] = 0;
        if (i >= k) done = 1;
        else {
            int j = i % 2 ? c[i] : 0, t = perm[j];
            perm[j] = perm[i], perm[i] = t;
            c[i]++;
        }
    }
    for (int i = 0; i < k; i++) out[i] /= count;
}

Test(shapley, enumeration_equals_brute_force)
{
    cx_explain_result r;
    play(&r, noise, 5, 1, 2, 0);
    for (int rep = 0; rep < 2; rep++) {
        double want[5];
        brute(5, rep, want);
        for (int i = 0; i < 5; i++) cr_expect_float_eq(phi(&r, rep, i, 0), want[i], 1e-9, "rep %d player %d", rep, i);
    }
    cr_expect_eq(r.samples, 0);
    cr_expect_eq(r.runs, 2 * 32);
    cx_explain_free(&r);
}

Test(shapley, sampled_orderings_agree_with_enumeration)
{
    cx_explain_result ex, sa;
    play(&ex, noise, 5, 1, 1, 0);
    play(&sa, noise, 5, 1, 1, 4000);
    double sum = 0;
    for (int i = 0; i < 5; i++) {
        cr_expect(fabs(phi(&sa, 0, i, 0) - phi(&ex, 0, i, 0)) < 1.5, "player %d: sampled %g, exact %g", i,
                  phi(&sa, 0, i, 0), phi(&ex, 0, i, 0));
        sum += phi(&sa, 0, i, 0);
    }
    /* efficiency holds for every sample, not just on average */
    cr_expect_float_eq(sum, sa.v1[0] - sa.v0[0], 1e-9);
    cr_expect_eq(sa.samples, 4000);
    /* a few samples, odd count: rounded up to an antithetic pair, still efficient */
    cx_explain_result few;
    play(&few, synth, 5, 3, 2, 1);
    cr_expect_eq(few.samples, 2);
    for (int rep = 0; rep < 2; rep++) {
        double s = 0;
        for (int i = 0; i < 5; i++) s += phi(&few, rep, i, 0);
        cr_expect_float_eq(s, few.v1[rep * 3] - few.v0[rep * 3], 1e-9);
    }
    cx_explain_free(&ex);
    cx_explain_free(&sa);
    cx_explain_free(&few);
}

static int fails(void *ud, uint64_t S, int rep, double *v, char *err, size_t n)
{
    (void)ud, (void)rep;
    v[0] = 0;
    if (S == 5) {
        snprintf(err, n, "coalition 5 broke");
        return -1;
    }
    return 0;
}

Test(shapley, bad_games_are_refused)
{
    cx_explain_result r;
    char err[256];
    cx_explain_spec s = {.k = 0, .nv = 1, .reps = 1, .value = noise};
    cr_expect_eq(cx_explain_shapley(&s, &r, err, sizeof err), -1);
    cr_expect(strstr(err, "bad game"), "%s", err);
    s.k = 20;
    cr_expect_eq(cx_explain_shapley(&s, &r, err, sizeof err), -1);
    cr_expect(strstr(err, "too many to enumerate"), "%s", err);
    s = (cx_explain_spec){.k = 3, .nv = 1, .reps = 2, .threads = 2, .value = fails};
    cr_expect_eq(cx_explain_shapley(&s, &r, err, sizeof err), -1);
    cr_expect_str_eq(err, "coalition 5 broke");
    cr_expect_null(r.phi);
}

/* ---- the lever mixer on real runs ------------------------------------------- */

/* A small centre with every mechanism on, long enough for a contract year
 * (the host's own lever resets) and a tender in the vendor's 1-year term. */
static void small(cx_params *P)
{
    cx_params_default(P);
    snprintf(P->name, sizeof P->name, "explain-test");
    P->seed = 5;
    P->years = 1.1;
    P->rate_per_min = 0.6;
    P->n_regimes = 2;
    snprintf(P->regimes[0].label, sizeof P->regimes[0].label, "vendor");
    snprintf(P->regimes[1].label, sizeof P->regimes[1].label, "partner");
    for (int i = 0; i < 2; i++) {
        snprintf(P->regimes[i].client.name, sizeof P->regimes[i].client.name, "%s", i ? "partner" : "vendor");
        snprintf(P->regimes[i].provider.name, sizeof P->regimes[i].provider.name, "%s", i ? "partner" : "vendor");
    }
    /* a regime option, read through the mixer's own option table */
    cx_policy_spec *c = &P->regimes[0].client;
    c->n_options = 1;
    snprintf(c->opt_name[0], sizeof c->opt_name[0], "contract_years");
    c->opt_value[0] = 1;
}

/* Regime i's own run, its policies attached as cxsim run attaches them. */
static cx_sim *pure(const cx_params *P, int i)
{
    cx_sim *S = cx_sim_new(P);
    cr_assert_not_null(S);
    for (int side = 0; side < CX_SIDE_COUNT; side++) {
        const cx_policy_spec *spec = side ? &P->regimes[i].provider : &P->regimes[i].client;
        const cx_policy *pol;
        cx_loaded *ld;
        char err[256];
        cr_assert_eq(cx_policy_load(spec->name, ".", NULL, &ld, &pol, err, sizeof err), 0, "%s", err);
        cr_assert_null(ld); /* a built-in */
        cr_assert_eq(cx_sim_set_policy(S, side, pol, spec, NULL), 0, "%s", cx_sim_error(S));
    }
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    return S;
}

/* A run with `groups` of levers from the second regime, and its mixers
 * (they hold the table the run calls: freed after the run, by release). */
typedef struct mixrun {
    cx_sim *S;
    cx_mix *m[CX_SIDE_COUNT];
    unsigned differ;          /* groups whose settings differed */
} mixrun;

static mixrun mixed(const cx_params *P, unsigned groups)
{
    mixrun r = {.S = cx_sim_new(P)};
    cr_assert_not_null(r.S);
    for (int side = 0; side < CX_SIDE_COUNT; side++) {
        const cx_policy *pa, *pb;
        cx_loaded *la, *lb;
        char err[256];
        const cx_policy_spec *sa = side ? &P->regimes[0].provider : &P->regimes[0].client;
        const cx_policy_spec *sb = side ? &P->regimes[1].provider : &P->regimes[1].client;
        cr_assert_eq(cx_policy_load(sa->name, ".", NULL, &la, &pa, err, sizeof err), 0, "%s", err);
        cr_assert_eq(cx_policy_load(sb->name, ".", NULL, &lb, &pb, err, sizeof err), 0, "%s", err);
        cr_assert_eq(cx_mix_new(&r.m[side], side, pa, sa, pb, sb, groups, 99, err, sizeof err), 0, "%s", err);
        cr_assert_eq(cx_sim_set_policy(r.S, side, cx_mix_policy(r.m[side]), NULL, NULL), 0, "%s", cx_sim_error(r.S));
    }
    cr_assert_eq(cx_sim_run(r.S), 0, "%s", cx_sim_error(r.S));
    r.differ = cx_mix_differ(r.m[0]) | cx_mix_differ(r.m[1]);
    return r;
}

static void release(mixrun *r)
{
    cx_sim_free(r->S); /* destroys the mixers' instances */
    for (int side = 0; side < CX_SIDE_COUNT; side++) cx_mix_free(r->m[side]);
}

/* 1 when the two runs packed into the same bytes (rows, notes, counters). */
static int same_run(const cx_sim *a, const cx_sim *b)
{
    void *x, *y;
    size_t nx, ny;
    cr_assert_eq(cx_sim_pack(a, &x, &nx), 0);
    cr_assert_eq(cx_sim_pack(b, &y, &ny), 0);
    int same = nx == ny && !memcmp(x, y, nx);
    free(x);
    free(y);
    return same;
}

Test(mix, the_two_ends_reproduce_each_regime_byte_for_byte)
{
    cx_params P;
    small(&P);
    unsigned all = (1u << CX_G_COUNT) - 1;
    cx_sim *A = pure(&P, 0), *B = pure(&P, 1);
    mixrun M0 = mixed(&P, 0), M1 = mixed(&P, all);
    cr_expect(same_run(A, M0.S), "no group from the second regime: the first regime's run, byte for byte");
    cr_expect(same_run(B, M1.S), "every group from the second regime: the second regime's run, byte for byte");
    cr_expect(!same_run(A, B), "the regimes differ");
    /* vendor and partner decide differently at least on pay, training and
     * span, the knowledge base, the contract and governance */
    unsigned d = M0.differ | M1.differ;
    static const int differ[] = {CX_G_PAY, CX_G_PEOPLE, CX_G_KB, CX_G_CONTRACT, CX_G_GOVERNANCE};
    for (size_t k = 0; k < sizeof differ / sizeof *differ; k++)
        cr_expect((d >> differ[k]) & 1, "group %s should differ", cx_mix_group_name(differ[k]));
    cr_expect_eq(d >> CX_G_OTHER & 1, 0u);
    /* only the partner's pay: neither end */
    mixrun Mp = mixed(&P, 1u << CX_G_PAY);
    cr_expect(!same_run(Mp.S, A) && !same_run(Mp.S, B));
    cr_expect_float_eq(cx_sim_lever(Mp.S, CX_L_PAY_REL), cx_sim_lever(B, CX_L_PAY_REL), 1e-12,
                       "the partner's pay reaches the run");
    cr_expect_float_eq(cx_sim_lever(Mp.S, CX_L_SPAN), cx_sim_lever(A, CX_L_SPAN), 1e-12, "the vendor's span stays");
    cx_sim_free(A), cx_sim_free(B);
    release(&M0), release(&M1), release(&Mp);
}

Test(mix, every_lever_has_a_group)
{
    for (int l = 0; l < CX_L_COUNT; l++) cr_expect_neq(cx_mix_group(l), CX_G_OTHER, "lever %d", l);
    cr_expect_eq(cx_mix_group(CX_L_COUNT), CX_G_OTHER);
    cr_expect_str_eq(cx_mix_group_name(CX_G_PAY), "pay");
}

/* ---- accounting ----------------------------------------------------------------- */

Test(accounting, components_add_up_to_the_client_cost)
{
    cx_params P;
    small(&P);
    for (int i = 0; i < 2; i++) {
        cx_sim *S = pure(&P, i);
        double v[CX_XM_COUNT], cash = 0;
        cx_explain_figures(S, v);
        for (int c = CX_XM_FIRST_PART; c < CX_XM_LOST; c++) cash += v[c];
        cr_expect(fabs(cash - v[CX_XM_CASH]) <= 1e-9 * fabs(v[CX_XM_CASH]), "cash %g vs components %g", v[CX_XM_CASH], cash);
        cr_expect(fabs(cash + v[CX_XM_LOST] - v[CX_XM_TCO]) <= 1e-9 * fabs(v[CX_XM_TCO]));
        cr_expect_gt(v[CX_XM_FEES], 0);
        cx_sim_free(S);
    }
}

/* ---- the command ------------------------------------------------------------------ */

static char work[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_explain"); }
static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(cli, .init = make_work, .fini = remove_work);

/* Two regimes that differ in pay and training only, three mechanisms on. */
static const char scenario[] =
    "return {\n"
    "  name = 'explain-cli', seed = 3, years = 0.1, warmup_days = 0,\n"
    "  demand = { rate_per_min = 0.5 },\n"
    "  mechanisms = { forgetting = false, hiring_delay = false, defects = false, repeats = false,\n"
    "                 churn = false, trust = false, contract = false },\n"
    "  regimes = {\n"
    "    { name = 'lean', client = 'vendor', provider = 'vendor' },\n"
    "    { name = 'paid', client = 'vendor',\n"
    "      provider = { policy = 'vendor', pay_rel = 1.1, pay_floor = 1.05, training_hours = 6 } },\n"
    "  },\n"
    "}\n";

static const char one_regime[] = "return { name = 'one', years = 0.05, regimes = { { name = 'v', client = 'vendor', "
                                 "provider = 'vendor' } } }\n";

#define EXPLAIN(r, ...)                                                              \
    do {                                                                             \
        const char *args_[] = {"explain", __VA_ARGS__, NULL};                        \
        cxt_run(r, work, args_, 120);                                                \
        cr_expect(!strstr((r)->err, "Sanitizer") && !strstr((r)->err, "runtime error:"), "%s", (r)->err); \
    } while (0)

Test(cli, explains_a_small_scenario_and_writes_its_files)
{
    char scen[1200], out[1200], csv[1300], json[1300];
    cxt_write_in(scen, sizeof scen, work, "s.lua", scenario);
    snprintf(out, sizeof out, "%s/out", work);
    cxt_proc r;
    EXPLAIN(&r, scen, "--reps", "2", "--jobs", "2", "--out", out, "--game", "both");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.out, "paid's advantage over lean"), "%s", r.out);
    cr_expect(strstr(r.out, "exact: all 4 coalitions of 2 factors"), "%s", r.out);
    /* the mechanisms left on: learning, attrition, schedules, and any switch
     * added to the parameter table since (on by default) */
    int on = 0;
    for (const cx_param_desc *d = cx_param_table; d->path; d++)
        on += !strncmp(d->path, "mechanisms.", 11) && d->type == CX_PT_BOOL && d->def != 0;
    char want[96];
    snprintf(want, sizeof want, "exact: all %ld coalitions of %d factors", 1L << (on - 7), on - 7);
    cr_expect(strstr(r.out, want), "no '%s' in:\n%s", want, r.out);
    cr_expect(strstr(r.out, " pay ") && strstr(r.out, "training & span"), "%s", r.out);
    cr_expect(strstr(r.out, "efficiency: each replication's shares add up to its gap"), "%s", r.out);
    cr_expect(strstr(r.out, "sum of components"), "%s", r.out);
    snprintf(csv, sizeof csv, "%s/attribution.csv", out);
    snprintf(json, sizeof json, "%s/attribution.json", out);
    char *c = cxt_slurp(csv), *j = cxt_slurp(json);
    cr_assert(c && j);
    cr_expect(!strncmp(c, "section,metric,factor,mean,ci95,share_of_gap,method\n", 52));
    cr_expect(strstr(c, "levers,cash_tco,\"pay\",") && strstr(c, "mechanisms,csat,\"learning\","), "%s", c);
    cr_expect(strstr(j, "\"first\": \"lean\", \"second\": \"paid\"") && strstr(j, "\"game\": \"mechanisms\""), "%s", j);
    free(c), free(j);
    cxt_proc_free(&r);
}

/* Each hostile case: exit 1 and the message. */
static void refused(const char *const *args, const char *message)
{
    cxt_proc r;
    cxt_run(&r, work, args, 60);
    cr_expect_eq(r.status, 1, "%s: exit %d, stderr %s", args[2], r.status, r.err);
    cr_expect(strstr(r.err, message), "stderr\n  %s\nshould hold\n  %s", r.err, message);
    cxt_proc_free(&r);
}

Test(cli, hostile_inputs_are_refused_with_a_clear_message)
{
    char scen[1200], one[1200], want[1600];
    cxt_write_in(scen, sizeof scen, work, "s.lua", scenario);
    cxt_write_in(one, sizeof one, work, "one.lua", one_regime);
    snprintf(want, sizeof want, "cxsim explain: --between: no regime 'nobody' in %s (it has: lean, paid)", scen);
    refused((const char *[]){"explain", scen, "--between", "lean,nobody", NULL}, want);
    refused((const char *[]){"explain", scen, "--between", "paid,paid", NULL},
            "cxsim explain: --between: 'paid' twice: name two different regimes");
    refused((const char *[]){"explain", scen, "--between", "lean", NULL},
            "cxsim explain: --between: expected two regime names as A,B (got \"lean\")");
    refused((const char *[]){"explain", scen, "--reps", "0", NULL},
            "cxsim explain: --reps: expected a whole number from 1 to 1000, got \"0\"");
    refused((const char *[]){"explain", scen, "--samples", "0", NULL},
            "cxsim explain: --samples: expected a whole number from 1 to 100000, got \"0\"");
    refused((const char *[]){"explain", scen, "--game", "dice", NULL},
            "cxsim explain: --game: expected levers, mechanisms or both (got \"dice\")");
    snprintf(want, sizeof want, "cxsim explain: %s has 1 regime: explain compares two", one);
    refused((const char *[]){"explain", one, NULL}, want);
    refused((const char *[]){"explain", scen, "--bogus", NULL}, "cxsim explain: unknown option --bogus");
}

/* Item 7: every printed headline gap of cxsim run carries its CI and the
 * share of replications each regime wins. */
Test(cli, run_headlines_carry_a_ci_and_each_regimes_wins)
{
    char scen[1200], out[1200];
    cxt_write_in(scen, sizeof scen, work, "s.lua", scenario);
    snprintf(out, sizeof out, "%s/run", work);
    const char *args[] = {"run", scen, "--reps", "3", "--jobs", "2", "--out", out, NULL};
    cxt_proc r;
    cxt_run(&r, work, args, 120);
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const label[3] = {"cash:", "lost customers", "total cost of ownership"};
    for (int k = 0; k < 3; k++) {
        const char *line = strstr(r.out, label[k]), *end = line ? strchr(line, '\n') : NULL;
        cr_assert(line && end, "no '%s' line in:\n%s", label[k], r.out);
        char *l = strndup(line, (size_t)(end - line));
        int bw, bn, aw;
        const char *p = strstr(l, "paid cheaper in ");
        cr_expect(strstr(l, "(95% CI)"), "%s", l);
        cr_assert(p && sscanf(p, "paid cheaper in %d of %d", &bw, &bn) == 2, "%s", l);
        p = strstr(l, "lean in ");
        cr_assert(p && sscanf(p, "lean in %d", &aw) == 1, "%s", l);
        cr_expect(bn == 3 && bw + aw <= 3, "%s", l);
        free(l);
    }
    cxt_proc_free(&r);
}

/* Past a year the headline adds the total-cost gap at each year's end
 * (cumulative, with its CI); its last figure is the horizon's total. */
Test(cli, run_headlines_give_the_gap_by_year)
{
    char scen[1200], out[1200];
    cxt_write_in(scen, sizeof scen, work, "s.lua", scenario);
    snprintf(out, sizeof out, "%s/run", work);
    const char *args[] = {"run", scen, "--years", "2.5", "--reps", "2", "--jobs", "2", "--out", out, NULL};
    cxt_proc r;
    cxt_run(&r, work, args, 240);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *line = strstr(r.out, "total by year end (cumulative)"), *end = line ? strchr(line, '\n') : NULL;
    cr_assert(line && end, "no year-end line in:\n%s", r.out);
    char *l = strndup(line, (size_t)(end - line));
    double y1, y2, y3, total;
    const char *p1 = strstr(l, " 1: "), *p2 = strstr(l, " 2: "), *p3 = strstr(l, " 3: ");
    cr_assert(p1 && p2 && p3 && !strstr(l, " 4: "), "three year ends (the last a half year): %s", l);
    cr_assert(sscanf(p1, " 1: %lf", &y1) == 1 && sscanf(p2, " 2: %lf", &y2) == 1 && sscanf(p3, " 3: %lf", &y3) == 1, "%s", l);
    cr_expect(strstr(p1, "+/-") && strstr(p1, "+/-") < p2, "a CI with two replications: %s", l);
    const char *t = strstr(r.out, "total cost of ownership");
    cr_assert(t && sscanf(t, "total cost of ownership %lf", &total) == 1, "%s", r.out);
    cr_expect_eq(y3, total, "the last year end is the horizon: %s", l);
    free(l);
    cxt_proc_free(&r);
    const char *one[] = {"run", scen, "--out", out, NULL};
    cxt_run(&r, work, one, 120);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "total by year end"), "no year-end line within a year");
    cxt_proc_free(&r);
}
