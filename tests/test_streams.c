/* Common random numbers between mechanisms: each mechanism draws from its
 * own stream, so changing what one mechanism does leaves the numbers every
 * other mechanism draws unchanged. Here the provider reports every noticed
 * defect in one run and none in the other (transparency 1 vs 0): the
 * intelligence mechanism draws differently, and the contract's stream, which
 * sets tender outcomes, must be in the same state at the end of both runs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cx_job.h"
#include "cx_lua_scenario.h"

#define YEARS "2.5" /* past the vendor client's second tender (every 2 years) */

static char path[4096], err[1024];

/* scripts/FILE (into `path`) loaded into P, run for YEARS. */
static void load(const char *file, cx_params *P)
{
    snprintf(path, sizeof path, "%s/scripts/%s", getenv("CX_SOURCE_DIR"), file);
    cx_params_default(P);
    cr_assert_eq(cx_lua_load_scenario(path, P, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_param_set_text(P, "years", YEARS, err, sizeof err), 0, "%s", err);
}

/* The default scenario's vendor regime with the provider's transparency set. */
static void run_vendor(const char *transparency, cx_job *J, uint64_t contract[4], uint64_t intel[4])
{
    cx_params P;
    load("default.lua", &P);
    P.n_regimes = 1; /* the vendor regime alone */
    cx_policy_spec *prov = &P.regimes[0].provider;
    snprintf(prov->opt_name[prov->n_options], sizeof prov->opt_name[0], "transparency");
    prov->opt_value[prov->n_options++] = atof(transparency);
    /* tenders at the end of each term only (a refused cut turns into shared
     * savings, not a tender): how often the contract draws does not hang on
     * whether the account's margin happens to be positive in that run, nor
     * on trust, which reporting moves (savings_trust 0, renew_trust 1) */
    cx_policy_spec *cli = &P.regimes[0].client;
    snprintf(cli->opt_name[cli->n_options], sizeof cli->opt_name[0], "shared_savings");
    cli->opt_value[cli->n_options++] = 1;
    snprintf(cli->opt_name[cli->n_options], sizeof cli->opt_name[0], "savings_trust");
    cli->opt_value[cli->n_options++] = 0;
    snprintf(cli->opt_name[cli->n_options], sizeof cli->opt_name[0], "renew_trust");
    cli->opt_value[cli->n_options++] = 1;
    cr_assert_eq(cx_job_open(J, &P, path, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_job_run(J, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_sim_stream_state(J->sim[0], CX_STREAM_CONTRACT, contract), 0);
    cr_assert_eq(cx_sim_stream_state(J->sim[0], CX_STREAM_INTELLIGENCE, intel), 0);
}

static int count_notes(const cx_sim *S, int kind)
{
    int n = 0;
    for (size_t i = 0; i < cx_sim_notes(S); i++) n += cx_sim_note(S, i)->kind == kind;
    return n;
}

/* Tenders held: won by the incumbent or lost to a new provider. */
static int tenders(const cx_sim *S)
{
    int n = 0;
    for (size_t i = 0; i < cx_sim_notes(S); i++) {
        const cx_note *t = cx_sim_note(S, i);
        n += (t->kind == CX_N_RENEWAL || t->kind == CX_N_REBID) && !strncmp(t->text, "tender", 6);
    }
    return n;
}

Test(streams, reporting_defects_leaves_the_tender_draws_alone, .timeout = 600)
{
    cx_job A, B;
    uint64_t ca[4], cb[4], ia[4], ib[4];
    run_vendor("1", &A, ca, ia);
    run_vendor("0", &B, cb, ib);
    int reported_a = count_notes(A.sim[0], CX_N_DEFECT_REPORTED), reported_b = count_notes(B.sim[0], CX_N_DEFECT_REPORTED);
    int tenders_a = tenders(A.sim[0]), tenders_b = tenders(B.sim[0]);
    /* the switch did change what the intelligence mechanism did ... */
    cr_expect_gt(reported_a, reported_b, "reports: transparent %d, closed %d", reported_a, reported_b);
    cr_expect(memcmp(ia, ib, sizeof ia), "the intelligence stream drew the same numbers in both runs");
    /* ... and the contract drew the same numbers, as often, in both */
    cr_expect_eq(tenders_a, tenders_b, "tenders: %d vs %d", tenders_a, tenders_b);
    cr_expect_gt(tenders_a, 0, "no tender in %s years", YEARS);
    cr_expect(!memcmp(ca, cb, sizeof ca), "the contract stream moved with the intelligence mechanism");
    cx_job_close(&A);
    cx_job_close(&B);
}

/* Regimes that tender in different years still meet the same draws at the
 * same anniversary: the contract stream draws a tender's numbers at every
 * anniversary, tender or not. In rate-cut-story, the cut-refused arm
 * tenders at both anniversaries of its first 2.5 years and the
 * shared-savings arm at fewer; both must leave the stream where the other
 * does (no provider changed, so the anniversaries coincide). */
Test(streams, a_tender_draws_at_its_anniversary_whoever_tenders, .timeout = 600)
{
    cx_params P;
    load("rate-cut-story.lua", &P);
    cr_assert_eq(P.n_regimes, 3);
    cx_job J;
    cr_assert_eq(cx_job_open(&J, &P, path, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_job_run(&J, err, sizeof err), 0, "%s", err);
    const cx_sim *refused = J.sim[1], *shared = J.sim[2];
    cr_assert_eq(count_notes(refused, CX_N_TRANSITION) + count_notes(shared, CX_N_TRANSITION), 0,
                 "a provider changed: the anniversaries moved");
    int t_refused = tenders(refused), t_shared = tenders(shared);
    cr_expect_eq(t_refused, 2, "the cut-refused arm tenders at months 12 and 24 (%d)", t_refused);
    cr_expect_lt(t_shared, t_refused, "shared savings replace a tender (%d vs %d)", t_shared, t_refused);
    uint64_t a[4], b[4];
    cr_assert_eq(cx_sim_stream_state(refused, CX_STREAM_CONTRACT, a), 0);
    cr_assert_eq(cx_sim_stream_state(shared, CX_STREAM_CONTRACT, b), 0);
    cr_expect(!memcmp(a, b, sizeof a), "the contract stream moved with the number of tenders");
    cx_job_close(&J);
}
