/* cx_estimate: the expected size of a run (contacts, events, memory) from its parameters, before it starts. */
#ifndef CX_ESTIMATE_H
#define CX_ESTIMATE_H

#include "cx_params.h"

/* Above either figure a run is large: the command line prints the estimate. */
#define CX_ESTIMATE_LARGE_EVENTS 5e8          /* events over all simulations */
#define CX_ESTIMATE_LARGE_BYTES (1024.0 * 1024 * 1024) /* bytes over all simulations */

/* Guards of the command line when none is given (per simulation). Every
 * shipped scenario runs far below them (the default scenario: ~6.6e7 events estimated
 * and ~12 MiB per simulation); a demand of 1e6 contacts/min is refused. */
#define CX_GUARD_EVENTS_DEFAULT 4000000000ULL /* ~20 min of one simulation */
#define CX_GUARD_MEMORY_MB_DEFAULT 4096       /* MiB */

/* The estimate. "Simulation" is one regime of one replication; every
 * simulation of a run is kept in memory until the results are written. */
typedef struct cx_estimate {
    double runs;              /* simulations: regimes (at least 1) x replications */
    double contacts;          /* expected contacts of one simulation, repeats included */
    double events;            /* expected events of one simulation */
    double peak_contacts;     /* contacts one simulation may hold at once, saturated */
    double peak_bytes;        /* memory of one simulation holding them */
    double total_events;      /* events x runs */
    double total_bytes;       /* peak_bytes x runs */
} cx_estimate;

/* Estimate a run of `reps` replications of every regime of *p. Honest and
 * simple (the formula is in docs/scenario.md): an order of magnitude, not a
 * bound. */
void cx_estimate_run(const cx_params *p, int reps, cx_estimate *e);

/* 1 when the run is large (CX_ESTIMATE_LARGE_*). */
int cx_estimate_is_large(const cx_estimate *e);

/* The estimate in one line ("5.1e+07 contacts, 1.2e+08 events and up to 12 MiB per simulation; ..."). */
void cx_estimate_describe(const cx_estimate *e, char *out, size_t n);

/* Memory one held contact costs (the estimate's unit). */
double cx_estimate_bytes_per_contact(void);

#endif
