/* cli_scenario: the shared options of the commands that run a scenario. */
#include "cli_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_consent.h"
#include "cli_util.h"
#include "cx_lua_scenario.h"
#include "cx_lua_util.h"

int cli_scenario_init(cli_scenario *o, int argc)
{
    memset(o, 0, sizeof *o);
    cx_consent_default(&o->consent);
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    return o->sets ? 0 : -1;
}

void cli_scenario_free(cli_scenario *o)
{
    free(o->sets);
    o->sets = NULL;
}

int cli_scenario_option(const char *cmd, int argc, char **argv, int *i, cli_scenario *o)
{
    const char *a = argv[*i];
    const char **slot = !strcmp(a, "--seed")    ? &o->seed
                        : !strcmp(a, "--years") ? &o->years
                        : !strcmp(a, "--reps")  ? &o->reps
                        : !strcmp(a, "--set")   ? &o->sets[o->nset]
                                                : NULL;
    if (slot) {
        if (!(*slot = cli_value(cmd, argc, argv, i))) return -1;
        if (slot == &o->sets[o->nset]) o->nset++;
        return 1;
    }
    if (!strcmp(a, "--jobs")) {
        const char *v = cli_value(cmd, argc, argv, i);
        return !v || cli_int(cmd, "--jobs", v, 1, 1024, &o->threads) ? -1 : 1;
    }
    return cli_consent_option(cmd, argc, argv, i, &o->consent);
}

int cli_scenario_params(const char *cmd, const cli_scenario *o, cx_params *P, int *reps)
{
    char err[1024];
    const char *field;
    if (o->consent.unsafe) fputs(CX_LUA_UNSAFE_WARNING, stderr);
    cx_params_default(P);
    if (cx_lua_load_scenario(o->path, P, err, sizeof err)) {
        fprintf(stderr, "cxsim %s: %s\n", cmd, err);
        return -1;
    }
    for (int k = 0; k < o->nset; k++)
        if (cli_apply_set(cmd, o->sets[k], P)) return -1;
    *reps = 1;
    if ((o->seed && cli_u64(cmd, "--seed", o->seed, &P->seed)) ||
        (o->years && cli_double(cmd, "--years", o->years, 1.0 / 365.25, 50, &P->years)) ||
        (o->reps && cli_int(cmd, "--reps", o->reps, 1, 1000, reps)))
        return -1;
    if (cx_params_check(P, &field, err, sizeof err)) {
        fprintf(stderr, "cxsim %s: field '%s': %s\n", cmd, field, err);
        return -1;
    }
    return 0;
}
