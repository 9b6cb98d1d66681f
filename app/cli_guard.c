/* cli_guard: the size estimate and the guards of cxsim run and cxsim bench --scenario. */
#include "cli_guard.h"

#include <math.h>
#include <stdio.h>

#include "cli_util.h"
#include "cx_estimate.h"

int cli_guard(const char *cmd, cx_params *P, int reps, const char *max_events, const char *max_memory)
{
    double ev = (double)CX_GUARD_EVENTS_DEFAULT, mb = CX_GUARD_MEMORY_MB_DEFAULT;
    if (max_events && cli_double(cmd, "--max-events", max_events, 0, 1e18, &ev)) return -1;
    if (max_memory && cli_double(cmd, "--max-memory", max_memory, 0, 1e12, &mb)) return -1;
    cx_estimate e;
    char what[300];
    cx_estimate_run(P, reps, &e);
    cx_estimate_describe(&e, what, sizeof what);
    const double mib = 1024.0 * 1024;
    int over_events = ev > 0 && e.events > ev, over_memory = mb > 0 && e.peak_bytes > mb * mib;
    if (over_events || over_memory || cx_estimate_is_large(&e))
        fprintf(stderr, "cxsim %s: estimate: %s\n", cmd, what);
    if (over_events) {
        fprintf(stderr,
                "cxsim %s: refused: estimated %.3g events per simulation, over the guard --max-events %.0f "
                "(raise it, or 0 for none, to run anyway)\n",
                cmd, e.events, ev);
        return -1;
    }
    if (over_memory) {
        fprintf(stderr,
                "cxsim %s: refused: estimated up to %.0f MiB per simulation, over the guard --max-memory %.0f "
                "(raise it, or 0 for none, to run anyway)\n",
                cmd, ceil(e.peak_bytes / mib), mb);
        return -1;
    }
    P->limits.max_events = (uint64_t)llround(ev);
    P->limits.max_bytes = (uint64_t)llround(mb * mib);
    return 0;
}
