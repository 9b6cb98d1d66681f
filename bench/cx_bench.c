/* cx_bench: cxsim bench, the event loop on the fixed-staff Erlang-A centre, and the full model on a scenario. */
#include "cx_bench.h"
#include "cx_refloop.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "cx_erlang.h"
#include "cx_sim.h"
#ifdef CX_BENCH_SCENARIO
#include "cli_consent.h"
#include "cli_guard.h"
#include "cx_job.h"
#include "cx_runs.h"
#endif

typedef struct sample {
    double rss_first;         /* resident MiB after the first month */
    double rss_last;          /* resident MiB after the last month */
    int months;
} sample;

static int sample_rss(void *ud, const cx_sim *S, double done)
{
    sample *s = ud;
    double r = cli_rss_mib();
    if (s->months++ == 0) s->rss_first = r;
    s->rss_last = r;
    if (cli_show_progress()) cli_progress("bench", S, done);
    return 0;
}

#ifdef CX_BENCH_SCENARIO
/* The whole comparison (every regime, one replication) through the runner
 * `cxsim run` uses, on `threads` threads: its wall time, or -1. */
static double comparison_wall(const cx_params *P, const char *path, const cx_consent *consent, int threads)
{
    cx_job J;
    cx_consent quiet = *consent;
    char err[512];
    int opened = 0;
    quiet.quiet = 1;
    if (cx_runs_open(&J, 1, P, path, &quiet, NULL, NULL, &opened, err, sizeof err)) {
        if (opened) cx_job_close(&J);
        fprintf(stderr, "cxsim bench: %s\n", err);
        return -1;
    }
    double t0 = cli_seconds();
    int st = cx_runs_run(&J, 1, threads, NULL, NULL, err, sizeof err);
    double wall = cli_seconds() - t0;
    cx_job_close(&J);
    if (st) fprintf(stderr, "cxsim bench: %s\n", err);
    return st ? -1 : wall;
}

/* The reference loop's rate (M contacts/s) on one year of the Erlang-A
 * centre; 1 when out of memory (said on stderr). */
static int scenario_ref(uint64_t seed, double *rate)
{
    cx_refloop_out ref;
    double r0 = cli_seconds();
    if (cx_refloop_run(45, 10.0, 4.0, 3.0, CX_MINUTES_PER_YEAR, seed, &ref)) {
        fprintf(stderr, "cxsim bench: out of memory in the reference loop\n");
        return 1;
    }
    *rate = ref.offered / (cli_seconds() - r0) / 1e6;
    return 0;
}

/* The full CX model on a scenario: each regime timed on its own, against
 * the reference loop of the Erlang-A centre run in the same process (before
 * and after the regimes, the mean of the two), then
 * the whole comparison on one thread and on all. */
static int bench_scenario(const char *path, double years, const uint64_t *seed, const cx_consent *consent,
                          const char *const guard[2])
{
    cx_params P;
    char err[512];
    cx_params_default(&P);
    if (cx_job_load_scenario(path, &P, err, sizeof err)) {
        fprintf(stderr, "cxsim bench: %s\n", err);
        return 1;
    }
    if (years > 0) P.years = years;
    if (seed) P.seed = *seed;
    if (cli_guard("bench", &P, 1, guard[0], guard[1])) return 1;
    double rss0 = cli_rss_mib();
    cx_job J;
    if (cx_job_open(&J, &P, path, consent, err, sizeof err)) {
        fprintf(stderr, "cxsim bench: %s\n", err);
        return 1;
    }
    printf("cxsim bench: CX model, scenario %s (%s), %.3g years, seed %llu\n", P.name, path, P.years,
           (unsigned long long)P.seed);
    double ref_rate[2]; /* the yardstick before and after the regimes, so that the machine's drift shows */
    if (scenario_ref(P.seed, &ref_rate[0])) {
        cx_job_close(&J);
        return 1;
    }
    uint64_t all_c = 0, all_e = 0;
    double all_w = 0;
    for (int i = 0; i < J.n; i++) {
        sample smp = {0};
        cx_sim_set_progress(J.sim[i], sample_rss, &smp);
        double t0 = cli_seconds();
        int st = cx_sim_run(J.sim[i]);
        double wall = cli_seconds() - t0;
        if (cli_show_progress()) cli_progress_end();
        if (st) {
            fprintf(stderr, "cxsim bench: %s\n", cx_sim_error(J.sim[i]));
            cx_job_close(&J);
            return 1;
        }
        cx_counts c;
        cx_sim_totals(J.sim[i], &c);
        uint64_t ev = cx_sim_events(J.sim[i]);
        printf("  %-10s contacts %10llu  events %10llu  wall %7.3f s  contacts/s %6.3f M  events/s %6.3f M"
               "  RSS month 1 %.1f MiB, month %d %.1f MiB\n",
               cx_job_label(&J, i), (unsigned long long)c.offered, (unsigned long long)ev, wall,
               c.offered / wall / 1e6, ev / wall / 1e6, smp.rss_first, smp.months, smp.rss_last);
        all_c += c.offered;
        all_e += ev;
        all_w += wall;
    }
    if (scenario_ref(P.seed, &ref_rate[1])) {
        cx_job_close(&J);
        return 1;
    }
    double ref_mean = (ref_rate[0] + ref_rate[1]) / 2;
    printf("  all        contacts %10llu  events %10llu  wall %7.3f s  contacts/s %6.3f M  events/s %6.3f M\n",
           (unsigned long long)all_c, (unsigned long long)all_e, all_w, all_c / all_w / 1e6, all_e / all_w / 1e6);
    printf("  reference  the hand-written Erlang-A loop (bench/cx_refloop.c, one year, same process): %.3f M "
           "contacts/s (%.3f before the regimes, %.3f after); full model / reference: %.2f\n",
           ref_mean, ref_rate[0], ref_rate[1], all_c / all_w / 1e6 / ref_mean);
    printf("  memory     peak RSS %.1f MiB (%.1f MiB before the runs)\n", cli_peak_rss_mib(), rss0);
    cx_job_close(&J);
    int all = cx_runs_default_threads();
    double w1 = comparison_wall(&P, path, consent, 1), wn = all > 1 ? comparison_wall(&P, path, consent, all) : w1;
    if (w1 < 0 || wn < 0) return 1;
    printf("  comparison every regime as cxsim run runs them: %.3f s wall on 1 thread, %.3f s on %d\n", w1, wn, all);
    return 0;
}
#else
/* The options that need scenarios, hence Lua: --scenario and the consent. */
static int needs_lua(const char *a)
{
    static const char *const opts[] = {"--scenario", "--allow-plugins", "--plugin-path", "--policy-timeout",
                                       "--unsafe"};
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++)
        if (!strcmp(a, opts[k])) return 1;
    return 0;
}
#endif

int cx_bench_main(int argc, char **argv)
{
    const char *scenario = NULL, *guard[2] = {NULL, NULL}; /* --max-events, --max-memory */
    int seed_set = 0, years_set = 0;
    double years = 5;
    uint64_t seed = 1;
    int agents = 45;
    double scale = 1;
#ifdef CX_BENCH_SCENARIO
    cx_consent consent;
    cx_consent_default(&consent);
#endif
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
#ifdef CX_BENCH_SCENARIO
        int k = cli_consent_option("bench", argc, argv, &i, &consent);
        if (k < 0) return 2;
        if (k) continue;
#else
        if (needs_lua(a)) {
            fprintf(stderr, "cxsim bench: %s: scenarios need Lua, and this build has none (configured with "
                    "-DCX_LUA=OFF); only the Erlang-A centre is benchmarked\n", a);
            return 2;
        }
#endif
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: cxsim bench [--years Y] [--seed N] [--agents N] [--scale K] [--scenario FILE]\n"
                   "Simulate the fixed-staff Erlang-A centre of issue 3 (45 agents, 10 calls/min,\n"
                   "exponential handle time mean 4 min and patience mean 3 min, 5 years) and\n"
                   "print contacts/s, events/s, wall time and memory. --scale K multiplies the\n"
                   "arrival rate and the agents by K (a larger centre, a larger calendar).\n"
                   "--scenario FILE runs the full CX model on a scenario instead, timing each\n"
                   "regime on its own (e.g. scripts/default.lua), with the guards of cxsim run;\n"
                   "its native policies (with --allow-plugins, --plugin-path DIR) run in this\n"
                   "process, untimed by a watchdog.\n"
#ifdef CX_BENCH_SCENARIO
                   CLI_GUARD_HELP
#else
                   "This build has no Lua (-DCX_LUA=OFF): --scenario and its options are refused.\n"
#endif
                   );
            return 0;
        }
        if (!(v = cli_value("bench", argc, argv, &i))) return 2;
        int bad;
        if (!strcmp(a, "--years")) bad = cli_double("bench", a, v, 0.001, 100, &years), years_set = 1;
        else if (!strcmp(a, "--seed")) bad = cli_u64("bench", a, v, &seed), seed_set = 1;
        else if (!strcmp(a, "--scenario")) scenario = v, bad = 0;
        else if (!strcmp(a, "--agents")) bad = cli_int("bench", a, v, 1, 100000, &agents);
        else if (!strcmp(a, "--scale")) bad = cli_double("bench", a, v, 0.01, 1000, &scale);
        else if (!strcmp(a, "--max-events")) guard[0] = v, bad = 0;
        else if (!strcmp(a, "--max-memory")) guard[1] = v, bad = 0;
        else {
            fprintf(stderr, "cxsim bench: unknown option %s\n", a);
            return 2;
        }
        if (bad) return 2;
    }
#ifdef CX_BENCH_SCENARIO
    if (scenario) return bench_scenario(scenario, years_set ? years : 0, seed_set ? &seed : NULL, &consent, guard);
#else
    (void)scenario, (void)guard, (void)years_set, (void)seed_set;
#endif
    cx_params P;
    cx_params_default(&P);
    cx_params_queue_only(&P);
    snprintf(P.name, sizeof P.name, "bench-erlang-a");
    P.seed = seed;
    P.years = years;
    agents = (int)lround(agents * scale);
    P.rate_per_min = 10 * scale;
    P.handle = (cx_dist){CX_DIST_EXP, 4.0, 1.0};
    P.patience = (cx_dist){CX_DIST_EXP, 3.0, 1.0};
    P.agents = agents;
    P.profile = 0;
    /* the yardstick before and after cxsim, so that a drift in the machine's
     * speed during the run shows as the spread of the two */
    double minutes = years * CX_MINUTES_PER_YEAR, ref_wall[2];
    cx_refloop_out ref;
    double r0 = cli_seconds();
    if (cx_refloop_run(agents, P.rate_per_min, 4.0, 3.0, minutes, seed, &ref)) {
        fprintf(stderr, "cxsim bench: out of memory in the reference loop\n");
        return 1;
    }
    ref_wall[0] = cli_seconds() - r0;
    double rss0 = cli_rss_mib();
    cx_sim *S = cx_sim_new(&P);
    if (!S) {
        fprintf(stderr, "cxsim bench: out of memory\n");
        return 1;
    }
    sample smp = {0};
    cx_sim_set_progress(S, sample_rss, &smp);
    double t0 = cli_seconds();
    int st = cx_sim_run(S);
    double wall = cli_seconds() - t0;
    if (cli_show_progress()) cli_progress_end();
    double r1 = cli_seconds();
    if (cx_refloop_run(agents, P.rate_per_min, 4.0, 3.0, minutes, seed, &ref)) {
        fprintf(stderr, "cxsim bench: out of memory in the reference loop\n");
        cx_sim_free(S);
        return 1;
    }
    ref_wall[1] = cli_seconds() - r1;
    if (st) {
        fprintf(stderr, "cxsim bench: %s\n", cx_sim_error(S));
        cx_sim_free(S);
        return 1;
    }
    cx_counts c;
    cx_metrics m;
    cx_sim_totals(S, &c);
    cx_counts_metrics(&c, &m);
    cx_erlang_in in = {.rate = P.rate_per_min, .aht = 4.0, .patience = 3.0, .agents = agents, .target_s = 20};
    cx_erlang_out o;
    char err[128];
    int have = cx_erlang(&in, &o, err, (int)sizeof err) == 0;
    printf("cxsim bench: Erlang-A centre, %d agents, %g calls/min, AHT 4 min, patience 3 min, %.3g years, seed %llu\n",
           agents, P.rate_per_min, years, (unsigned long long)seed);
    printf("  contacts      %12llu\n", (unsigned long long)c.offered);
    printf("  events        %12llu\n", (unsigned long long)cx_sim_events(S));
    printf("  wall time     %12.3f s\n", wall);
    printf("  contacts/s    %12.3f M\n", c.offered / wall / 1e6);
    printf("  events/s      %12.3f M\n", cx_sim_events(S) / wall / 1e6);
    printf("  memory        peak RSS %.1f MiB; resident %.1f MiB before the run, %.1f after month 1, %.1f after month %d\n",
           cli_peak_rss_mib(), rss0, smp.rss_first, smp.rss_last, smp.months);
    printf("  check         service level %.4f (Erlang A %.4f), abandonment %.4f (%.4f), occupancy %.4f (%.4f)\n",
           m.service_level, have ? o.service_level : NAN, m.p_abandon, have ? o.p_abandon : NAN,
           m.occupancy, have ? o.occupancy : NAN);
    /* the yardstick: the same centre, hand-written (bench/cx_refloop.c) */
    double ended = (double)ref.answered + (double)ref.abandoned;
    double ref_rate = ref.offered / ((ref_wall[0] + ref_wall[1]) / 2) / 1e6, rate = c.offered / wall / 1e6;
    printf("  reference     hand-written loop of the same centre: %.3f M contacts/s (%.3f s before, %.3f s after)\n",
           ref_rate, ref_wall[0], ref_wall[1]);
    printf("                its check: service level %.4f, abandonment %.4f, occupancy %.4f\n",
           ended > 0 ? ref.answered_sl / ended : NAN, ended > 0 ? ref.abandoned / ended : NAN,
           ref.busy_area / (agents * minutes));
    printf("  ratio         cxsim / reference: %.2f\n", rate / ref_rate);
    cx_sim_free(S);
    return 0;
}
