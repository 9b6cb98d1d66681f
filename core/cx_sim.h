/* cx_sim: the simulation context and its public API. */
#ifndef CX_SIM_H
#define CX_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "cx_params.h"
#include "cx_policy.h"
#include "cx_row.h"
#include "cx_stats.h"

/* Everything a run owns: clock, calendar, random streams, contacts, agents,
 * counters and the monthly rows. Opaque; two contexts never share state, so
 * two regimes or two test fixtures can live side by side. */
typedef struct cx_sim cx_sim;

/* Status codes. */
enum { CX_OK = 0, CX_ERR_NOMEM = -1, CX_ERR_PARAM = -2, CX_ERR_STATE = -3, CX_ERR_POLICY = -4,
       CX_ERR_LIMIT = -5 /* a guard of cx_params.limits was exceeded */ };

/* One reporting period (a month of 1/12 year). */
typedef struct cx_period {
    int index;                /* 0-based month */
    double t0, t1;            /* start and end, minutes */
    cx_counts counts;         /* counters over the period */
    double row[CX_ROW_MAX];   /* the month's row (cx_row_columns); queue columns always */
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

/* Bytes held by the run's pools now (contacts, agents, calendar, queues,
 * rows, notes): what the --max-memory guard compares. */
uint64_t cx_sim_memory(const cx_sim *S);

/* Staff: an agent added now goes on duty at once and takes the longest
 * waiting contact; a removed agent leaves now if idle, or when the contact
 * in hand is finished. Returns the agent's index, or a negative status. */
int cx_agent_add(cx_sim *S);
int cx_agent_remove(cx_sim *S, int agent);
int cx_agents_on_duty(const cx_sim *S);

/* ---- the CX model's interface (cx_model.c and the mechanism files) ---- */

/* Attach a policy to a side before the run starts. `spec` carries the
 * scenario's options for it; each must be declared by the policy and within
 * its range. On error the message names the field (e.g.
 * "regimes[2].provider.pay_rel") and *line, when known, its scenario line. */
int cx_sim_set_policy(cx_sim *S, int side, const cx_policy *pol, const cx_policy_spec *spec,
                      int *line);

/* What-if: hold a lever at `value` from now on, whatever the policies say
 * (a workshop lever); recorded as an "override" note. */
int cx_sim_override(cx_sim *S, int lever, double value);
double cx_sim_lever(const cx_sim *S, int lever);

/* Notable events, in time order, for the events file and the view. */
typedef enum cx_note_kind {
    CX_N_HIRE = 0, CX_N_QUIT, CX_N_DEFECT_APPEARS, CX_N_DEFECT_NOTICED, CX_N_DEFECT_REPORTED,
    CX_N_DEFECT_FIXED, CX_N_PRODUCT_CHANGE, CX_N_RATE_CHANGE, CX_N_PENALTY, CX_N_GAIN_SHARE,
    CX_N_REVIEW, CX_N_JOINT_RCA, CX_N_BLAME, CX_N_PHASE, CX_N_RENEWAL, CX_N_REBID,
    CX_N_TRANSITION, CX_N_SPIKE, CX_N_TEMPS, CX_N_OVERRIDE, CX_N_POLICY, CX_N_KIND_COUNT
} cx_note_kind;
typedef struct cx_note {
    double t;                 /* simulated time, minutes */
    int kind;                 /* cx_note_kind */
    double value;             /* the kind's figure (a rate change, a penalty in $, a phase ...) */
    char text[96];            /* a short description */
} cx_note;
const char *cx_note_kind_name(int kind);
size_t cx_sim_notes(const cx_sim *S);
const cx_note *cx_sim_note(const cx_sim *S, size_t i);

/* A finished month as numbers, in the order of cx_row_columns (see cx_row.h). */
int cx_sim_row(const cx_sim *S, size_t month, double *values);

/* Tenures (days) of the employed agents now, temps excluded; returns how
 * many there are (at most `max` written). For checks against theory. */
size_t cx_sim_tenures(const cx_sim *S, double *out, size_t max);

/* Whole-run figures, one per column of cx_row_columns (see cx_row_totals). */
int cx_sim_total_row(const cx_sim *S, double *out);

/* Read a model key (cx_key) now, as a policy would. */
double cx_sim_get(const cx_sim *S, int key);

#endif
