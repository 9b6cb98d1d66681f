/* cmd_explain: cxsim explain SCENARIO: why a regime wins, as accounting components and Shapley causes (levers, mechanisms). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_scenario.h"
#include "cx_explain_game.h"
#include "cx_runs.h"
#include "explain_out.h"

static void explain_help(FILE *f)
{
    fprintf(f,
            "usage: cxsim explain SCENARIO.lua [options]\n"
            "Why one regime beats another: each gap between two regimes (cash TCO,\n"
            "economic TCO = cash + lost customers, CSAT, attrition) split into\n"
            "  accounting components (fees, penalty credits, gain-share, governance,\n"
            "    transition, lost customers), exact;\n"
            "  causes: Shapley values over the groups of policy levers that differ\n"
            "    between the regimes, and over the mechanism switches, under common\n"
            "    random numbers; exact by enumeration up to 8 factors, else sampled\n"
            "    orderings; the shares add up to the gap (the efficiency check is printed).\n"
            "Prints a ranked table with 95%% CIs over replications, writes\n"
            "DIR/attribution.csv and DIR/attribution.json. Method: docs/model.md.\n\n"
            "options:\n"
            "  --between A,B     the regimes compared, by name (default: the first two);\n"
            "                    numbers are B's advantage over A (positive: B better)\n"
            "  --reps N          replications (default 4)\n"
            "  --samples M       sample M orderings per replication (antithetic pairs)\n"
            "                    instead of enumerating coalitions\n"
            "  --game G          levers, mechanisms or both (default both)\n"
            "  --out DIR         where attribution.csv and .json go (default: explain)\n"
            "  --png FILE        also draw the cash-TCO waterfall as a PNG\n"
            "  --seed N, --years Y, --set FIELD=VALUE, --jobs N: as for cxsim run\n"
            CLI_CONSENT_HELP
            "  -h, --help        this help\n");
}

/* The index of the regime called `name`, or -1 (with the known names in err). */
static int find_regime(const cx_params *P, const char *name, size_t len, char *known, size_t n)
{
    known[0] = 0;
    for (int i = 0; i < P->n_regimes; i++) {
        if (strlen(P->regimes[i].label) == len && !strncmp(P->regimes[i].label, name, len)) return i;
        size_t k = strlen(known);
        snprintf(known + k, n - k, "%s%s", k ? ", " : "", P->regimes[i].label);
    }
    return -1;
}

/* --between A,B into *a, *b; prints the error. */
static int parse_between(const char *path, const cx_params *P, const char *s, int *a, int *b)
{
    const char *comma = s ? strchr(s, ',') : NULL;
    char known[512];
    if (s && (!comma || comma == s || !comma[1])) {
        fprintf(stderr, "cxsim explain: --between: expected two regime names as A,B (got \"%s\")\n", s);
        return -1;
    }
    if (!s) {
        *a = 0, *b = 1;
        return 0;
    }
    const char *name[2] = {s, comma + 1};
    size_t len[2] = {(size_t)(comma - s), strlen(comma + 1)};
    int *out[2] = {a, b};
    for (int k = 0; k < 2; k++)
        if ((*out[k] = find_regime(P, name[k], len[k], known, sizeof known)) < 0) {
            fprintf(stderr, "cxsim explain: --between: no regime '%.*s' in %s (it has: %s)\n", (int)len[k], name[k],
                    path, known);
            return -1;
        }
    if (*a == *b) {
        fprintf(stderr, "cxsim explain: --between: '%s' twice: name two different regimes\n", P->regimes[*a].label);
        return -1;
    }
    return 0;
}

/* DIR exists (made if missing) and is a folder we can write in. */
static int prepare_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "cxsim explain: --out %s: cannot create it: %s\n", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "cxsim explain: --out %s: not a folder\n", dir);
        return -1;
    }
    char probe[CX_PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/.cxsim-explain-probe", dir);
    FILE *f = fopen(probe, "w");
    if (!f) {
        fprintf(stderr, "cxsim explain: --out %s: cannot write in it: %s\n", dir, strerror(errno));
        return -1;
    }
    fclose(f);
    remove(probe);
    return 0;
}

static void progress(void *ud, double done) { cli_progress(ud, NULL, done); }

int cmd_explain(int argc, char **argv)
{
    const char *out = "explain", *png = NULL, *between = NULL, *game = "both", *samples_s = NULL;
    int rc = 1, opt, reps = 4, samples = 0;
    cli_scenario o;
    cx_params P;
    cx_explain_game lev = {0}, mech = {0};
    if (cli_scenario_init(&o, argc)) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            explain_help(stdout);
            rc = 0;
            goto done;
        } else if (!strcmp(a, "--out") || !strcmp(a, "--png") || !strcmp(a, "--between") || !strcmp(a, "--game") ||
                   !strcmp(a, "--samples")) {
            const char **slot = a[2] == 'o' ? &out : a[2] == 'p' ? &png : a[2] == 'b' ? &between
                              : a[2] == 'g' ? &game : &samples_s;
            if (!(*slot = cli_value("explain", argc, argv, &i))) goto done;
        } else if ((opt = cli_scenario_option("explain", argc, argv, &i, &o))) {
            if (opt < 0) goto done;
        } else if (a[0] == '-') {
            fprintf(stderr, "cxsim explain: unknown option %s (see cxsim explain --help)\n", a);
            goto done;
        } else if (o.path) {
            fprintf(stderr, "cxsim explain: one scenario at a time (got %s and %s)\n", o.path, a);
            goto done;
        } else {
            o.path = a;
        }
    }
    if (!o.path) {
        explain_help(stderr);
        goto done;
    }
    int play_levers = !strcmp(game, "levers") || !strcmp(game, "both");
    int play_mechs = !strcmp(game, "mechanisms") || !strcmp(game, "both");
    if (!play_levers && !play_mechs) {
        fprintf(stderr, "cxsim explain: --game: expected levers, mechanisms or both (got \"%s\")\n", game);
        goto done;
    }
    if (samples_s && cli_int("explain", "--samples", samples_s, 1, 100000, &samples)) goto done;
    if (cli_scenario_params("explain", &o, &P, &reps)) goto done;
    if (!o.reps) reps = 4;
    if (P.n_regimes < 2) {
        fprintf(stderr, "cxsim explain: %s has %d regime%s: explain compares two (add a regimes list)\n", o.path,
                P.n_regimes, P.n_regimes == 1 ? "" : "s");
        goto done;
    }
    int a, b;
    if (parse_between(o.path, &P, between, &a, &b) || prepare_dir(out)) goto done;
    cx_explain_setup x = {.P = &P, .scenario = o.path, .consent = &o.consent, .a = a, .b = b, .reps = reps,
                          .threads = o.threads > 0 ? o.threads : cx_runs_default_threads(), .samples = samples,
                          .exact_max = 8};
    int bar = cli_show_progress();
    char err[1024];
    double t0 = cli_seconds();
    typedef int (*game_fn)(const cx_explain_setup *, cx_explain_game *, char *, size_t);
    static const struct {
        const char *label;
        game_fn fn;
    } games[2] = {{"explain: levers", cx_explain_levers}, {"explain: mechanisms", cx_explain_mechanisms}};
    int play[2] = {play_levers, play_mechs};
    cx_explain_game *into[2] = {&lev, &mech};
    for (int k = 0; k < 2; k++) {
        if (!play[k]) continue;
        x.progress = bar ? progress : NULL, x.ud = (void *)games[k].label;
        int bad = games[k].fn(&x, into[k], err, sizeof err);
        if (bar) cli_progress_end();
        if (bad) {
            fprintf(stderr, "cxsim explain: %s\n", err);
            goto done;
        }
    }
    explain_report R = {.P = &P, .scenario = o.path, .a = a, .b = b, .reps = reps,
                        .levers = play_levers ? &lev : NULL, .mechs = play_mechs ? &mech : NULL,
                        .seconds = cli_seconds() - t0};
    explain_print(&R, stdout);
    if (explain_write(&R, out, err, sizeof err)) {
        fprintf(stderr, "cxsim explain: %s\n", err);
        goto done;
    }
    printf("attribution: %s/attribution.csv, %s/attribution.json\n", out, out);
    if (png) {
        if (explain_png(&R, png, err, sizeof err)) {
            fprintf(stderr, "cxsim explain: --png %s: %s\n", png, err);
            goto done;
        }
        printf("waterfall: %s\n", png);
    }
    rc = 0;
done:
    cx_explain_game_free(&lev);
    cx_explain_game_free(&mech);
    cli_scenario_free(&o);
    return rc;
}
