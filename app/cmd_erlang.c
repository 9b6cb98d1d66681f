/* cmd_erlang: the analytic calculator, with an optional simulated check. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cx_erlang.h"

static void erlang_help(FILE *f)
{
    fprintf(f,
            "usage: cxsim erlang --calls N [--interval MIN] --aht SEC [options]\n"
            "Erlang C (no abandonment) or Erlang A (exponential patience) for a queue\n"
            "with Poisson arrivals and exponential handle times.\n\n"
            "options:\n"
            "  --calls N         arrivals per interval\n"
            "  --interval MIN    interval length in minutes (default 60)\n"
            "  --aht SEC         mean handle time, seconds\n"
            "  --patience SEC    mean patience, seconds (default 0: none, Erlang C)\n"
            "  --agents N|A-B    agents, or a range (default: from the load to +5)\n"
            "  --target SEC      service-level threshold (default 20)\n"
            "  --sl FRACTION     print the smallest staff reaching this service level\n"
            "  --max-abandon F   ... and at most this abandonment rate\n"
            "  --simulate YEARS  also simulate each row for YEARS and print both\n"
            "  --seed N          seed for --simulate (default 1)\n"
            "example: cxsim erlang --calls 100 --interval 30 --aht 180 --agents 11-15\n");
}

static void simulate_row(const cx_erlang_in *in, double years, uint64_t seed)
{
    cx_params P;
    cx_params_default(&P);
    cx_params_queue_only(&P);
    snprintf(P.name, sizeof P.name, "erlang");
    P.seed = seed;
    P.years = years;
    P.warmup_days = fmin(7.0, years * 365.25 / 10);
    P.sl_seconds = in->target_s;
    P.rate_per_min = in->rate;
    P.handle = (cx_dist){CX_DIST_EXP, in->aht, 1.0};
    P.patience = in->patience > 0 && isfinite(in->patience) ? (cx_dist){CX_DIST_EXP, in->patience, 1.0}
                                                             : (cx_dist){CX_DIST_NONE, 1.0, 0.0};
    P.agents = in->agents;
    cx_sim *S = cx_sim_new(&P);
    if (!S || cx_sim_run(S)) {
        printf("  simulation failed: %s\n", S ? cx_sim_error(S) : "out of memory");
        cx_sim_free(S);
        return;
    }
    cx_counts c;
    cx_metrics m;
    cx_sim_totals(S, &c);
    cx_counts_metrics(&c, &m);
    printf("  %-6s %8.4f %8.4f %8.2f %8.4f %8.4f %8.3f   (%llu contacts)\n", "sim", m.p_wait,
           m.service_level, m.asa_s, m.p_abandon, m.occupancy, m.mean_queue,
           (unsigned long long)c.offered);
    cx_sim_free(S);
}

int cmd_erlang(int argc, char **argv)
{
    double calls = -1, interval = 60, aht = -1, patience = 0, target = 20, sl = -1, max_ab = 0, years = 0;
    int a0 = -1, a1 = -1;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            erlang_help(stdout);
            return 0;
        }
        if (a[0] != '-' || !(v = cli_value("erlang", argc, argv, &i))) {
            if (a[0] != '-') fprintf(stderr, "cxsim erlang: unexpected argument \"%s\"\n", a);
            return 2;
        }
        int bad = 0;
        if (!strcmp(a, "--calls")) bad = cli_double("erlang", a, v, 1e-9, 1e12, &calls);
        else if (!strcmp(a, "--interval")) bad = cli_double("erlang", a, v, 1e-6, 1e9, &interval);
        else if (!strcmp(a, "--aht")) bad = cli_double("erlang", a, v, 1e-6, 1e9, &aht);
        else if (!strcmp(a, "--patience")) bad = cli_double("erlang", a, v, 0, 1e12, &patience);
        else if (!strcmp(a, "--target")) bad = cli_double("erlang", a, v, 0, 1e9, &target);
        else if (!strcmp(a, "--sl")) bad = cli_double("erlang", a, v, 0, 1, &sl);
        else if (!strcmp(a, "--max-abandon")) bad = cli_double("erlang", a, v, 0, 1, &max_ab);
        else if (!strcmp(a, "--simulate")) bad = cli_double("erlang", a, v, 0.001, 100, &years);
        else if (!strcmp(a, "--seed")) bad = cli_u64("erlang", a, v, &seed);
        else if (!strcmp(a, "--agents")) {
            char lo[32];
            const char *dash = strchr(v, '-');
            if (dash && (size_t)(dash - v) < sizeof lo) {
                memcpy(lo, v, (size_t)(dash - v));
                lo[dash - v] = 0;
                bad = cli_int("erlang", a, lo, 1, 1000000, &a0) || cli_int("erlang", a, dash + 1, a0, 1000000, &a1);
            } else {
                bad = cli_int("erlang", a, v, 1, 1000000, &a0);
                a1 = a0;
            }
        } else {
            fprintf(stderr, "cxsim erlang: unknown option %s (see cxsim erlang --help)\n", a);
            return 2;
        }
        if (bad) return 2;
    }
    if (calls < 0 || aht < 0) {
        fprintf(stderr, "cxsim erlang: --calls and --aht are required (see cxsim erlang --help)\n");
        return 2;
    }
    cx_erlang_in in = {.rate = calls / interval, .aht = aht / 60.0,
                       .patience = patience > 0 ? patience / 60.0 : 0, .target_s = target};
    double load = in.rate * in.aht;
    printf("load %.4f Erlang (%.4g arrivals/min, AHT %.4g s), %s, target %g s\n", load, in.rate,
           aht, patience > 0 ? "Erlang A" : "Erlang C", target);
    if (sl >= 0) {
        int n = cx_erlang_staff(&in, sl, max_ab, 1000000);
        if (n < 0) {
            printf("no staff up to 1000000 reaches the target\n");
            return 1;
        }
        printf("smallest staff with service level >= %g%s: %d agents\n", sl,
               max_ab > 0 ? " and abandonment within bound" : "", n);
        if (a0 < 0) a0 = a1 = n;
    }
    if (a0 < 0) {
        a0 = (int)floor(load) + 1;
        a1 = a0 + 5;
    }
    printf("  %-6s %8s %8s %8s %8s %8s %8s\n", "agents", "P(wait)", "SL", "ASA s", "P(aband)", "occup", "queue");
    for (int c = a0; c <= a1; c++) {
        cx_erlang_out o;
        char err[200];
        in.agents = c;
        if (cx_erlang(&in, &o, err, (int)sizeof err)) {
            printf("  %-6d %s\n", c, err);
            continue;
        }
        printf("  %-6d %8.4f %8.4f %8.2f %8.4f %8.4f %8.3f\n", c, o.p_wait, o.service_level, o.asa_s,
               o.p_abandon, o.occupancy, o.mean_queue);
        if (years > 0) simulate_row(&in, years, seed);
    }
    return 0;
}
