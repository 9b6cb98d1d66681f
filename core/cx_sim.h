/* cx_sim: the simulation context and its public API. */
#ifndef CX_SIM_H
#define CX_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "cx_params.h"
#include "cx_stats.h"

/* Everything a run owns: clock, calendar, random streams, contacts, agents,
 * counters and the monthly rows. Opaque; two contexts never share state, so
 * two regimes or two test fixtures can live side by side. */
typedef struct cx_sim cx_sim;

/* Status codes. */
enum { CX_OK = 0, CX_ERR_NOMEM = -1, CX_ERR_PARAM = -2, CX_ERR_STATE = -3 };

/* One reporting period (a month of 1/12 year). */
typedef struct cx_period {
    int index;                /* 0-based month */
    double t0, t1;            /* start and end, minutes */
    cx_counts counts;         /* counters over the period */
} cx_period;

/* Called after each period; return non-zero to stop the run. */
typedef int (*cx_progress_fn)(void *ud, const cx_sim *S, double done);

/* Create a run from parameters (copied). NULL when out of memory. */
cx_sim *cx_sim_new(const cx_params *p);
void cx_sim_free(cx_sim *S);

/* Run to the horizon, or to time `t` (minutes) and return, so that a view
 * can animate a run while it is simulated. */
int cx_sim_run(cx_sim *S);
int cx_sim_run_until(cx_sim *S, double t);

const char *cx_sim_error(const cx_sim *S);
const cx_params *cx_sim_params(const cx_sim *S);
double cx_sim_now(const cx_sim *S);
double cx_sim_horizon(const cx_sim *S);
uint64_t cx_sim_events(const cx_sim *S);
uint64_t cx_sim_arrival_candidates(const cx_sim *S);
void cx_sim_set_progress(cx_sim *S, cx_progress_fn fn, void *ud);

/* Finished periods. */
size_t cx_sim_periods(const cx_sim *S);
const cx_period *cx_sim_period(const cx_sim *S, size_t i);

/* Counters from the end of the warm-up to now. */
void cx_sim_totals(const cx_sim *S, cx_counts *out);

/* Contacts still in the system (waiting or in service). */
uint64_t cx_sim_in_system(const cx_sim *S);

/* Staff: an agent added now goes on duty at once and takes the longest
 * waiting contact; a removed agent leaves now if idle, or when the contact
 * in hand is finished. Returns the agent's index, or a negative status. */
int cx_agent_add(cx_sim *S);
int cx_agent_remove(cx_sim *S, int agent);
int cx_agents_on_duty(const cx_sim *S);

#endif
