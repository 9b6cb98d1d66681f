/* cli_guard: --max-events and --max-memory: a run's size estimated before it starts, printed when large, refused or stopped past the guards. */
#ifndef CLI_GUARD_H
#define CLI_GUARD_H

#include "cx_params.h"

#define CLI_GUARD_HELP                                                                          \
    "  --max-events N    refuse a run whose simulations are estimated, or stop one found,\n"   \
    "                    past N events each (default 4e9; 0: no guard)\n"                       \
    "  --max-memory MB   the same for the memory one simulation holds (default 4096; 0: none)\n"

/* Estimate the run (`reps` replications of every regime), print the
 * estimate on stderr when it is large, refuse it (message, -1) when it
 * exceeds a guard, else set P->limits so the engine stops a simulation that
 * exceeds one. `max_events` and `max_memory` are the flags' text, or NULL
 * for the defaults (CX_GUARD_*_DEFAULT). */
int cli_guard(const char *cmd, cx_params *P, int reps, const char *max_events, const char *max_memory);

#endif
