/* cli_scenario: the options of every command that runs a scenario (--seed,
 * --years, --reps, --set, --jobs and the consent family), and the scenario
 * loaded with them applied and checked. */
#ifndef CLI_SCENARIO_H
#define CLI_SCENARIO_H

#include "cx_consent.h"
#include "cx_params.h"

typedef struct cli_scenario {
    const char *path;         /* the scenario file */
    const char *seed;         /* --seed as given, or NULL */
    const char *years;        /* --years as given, or NULL */
    const char *reps;         /* --reps as given, or NULL */
    const char **sets;        /* --set FIELD=VALUE, in order */
    int nset;                 /* entries in sets */
    int threads;              /* --jobs; 0: all processors */
    cx_consent consent;       /* --allow-plugins, --plugin-path, --policy-timeout, --unsafe */
} cli_scenario;

/* Room for the options of argc arguments. 0, or -1 when out of memory. */
int cli_scenario_init(cli_scenario *o, int argc);
void cli_scenario_free(cli_scenario *o);

/* Take argv[*i] if it is one of the shared options (its value consumed):
 * 1; 0 when it is not; -1 on a bad value (message printed, "cxsim CMD: ..."). */
int cli_scenario_option(const char *cmd, int argc, char **argv, int *i, cli_scenario *o);

/* The scenario file, then --set, --seed, --years in that order, checked;
 * *reps from --reps (1 without it). Prints the --unsafe warning when it
 * applies. 0, or -1 with the message printed ("cxsim CMD: ..."). */
int cli_scenario_params(const char *cmd, const cli_scenario *o, cx_params *P, int *reps);

#define CLI_SCENARIO_HELP                                                                    \
    "  --seed N          master seed (replications mix it with their number)\n"            \
    "  --years Y         horizon\n"                                                         \
    "  --reps N          N replications, regimes paired within each (common random numbers)\n" \
    "  --set FIELD=VALUE set any scenario field, e.g. --set staff.agents=50\n"             \
    "  --jobs N          threads running regimes and replications at once (default:\n"     \
    "                    the processors); the results do not depend on it\n"

#endif
