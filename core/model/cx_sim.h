/* cx_sim: the simulation context and its public API. */
#ifndef CX_SIM_H
#define CX_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "cx_engine.h"
#include "cx_params.h"
#include "cx_policy_host.h"
#include "cx_row.h"
#include "cx_stats.h"
#include "cx_tally.h"

/* Everything a run owns: clock, calendar, random streams, contacts, agents,
 * counters and the monthly rows. Opaque; two contexts never share state, so
 * two regimes or two test fixtures can live side by side. */
typedef struct cx_sim cx_sim;

/* Status codes: the engine's (CX_OK, CX_ERR_* in cx_engine.h). */

/* One random stream per source of randomness. Two simulations seeded alike
 * draw identical numbers from a stream whatever the other streams did,
 * which is what common random numbers (CRN) need. The first three are the
 * engine queue's; new streams are only appended so that existing ones keep
 * their numbers. */
typedef enum cx_stream_id {
    CX_STREAM_ARRIVALS = CX_QSTREAM_ARRIVALS, /* inter-arrival times and thinning */
    CX_STREAM_HANDLE = CX_QSTREAM_HANDLE,     /* handle (service) times */
    CX_STREAM_PATIENCE = CX_QSTREAM_PATIENCE, /* customer patience */
    CX_STREAM_ATTRITION = CX_QUEUE_STREAMS,   /* agent quits */
    CX_STREAM_HIRING,         /* vacancy fill delays */
    CX_STREAM_LEARNING,       /* knowledge noise */
    CX_STREAM_OUTCOME,        /* resolution, satisfaction */
    CX_STREAM_CUSTOMERS,      /* customer churn */
    CX_STREAM_DEFECTS,        /* product defects */
    CX_STREAM_CONTRACT,       /* contract and relationship events */
    CX_STREAM_POLICY,         /* randomness a policy asks for */
    CX_STREAM_ATTRIBUTES,     /* a new contact's complexity and self-service */
    CX_STREAM_DEFECT_CONTACTS,/* contacts caused by open defects */
    CX_STREAM_REPEATS,        /* whether and when a customer comes back */
    CX_STREAM_INTELLIGENCE,   /* reporting, fix delays, joint root-cause analysis */
    CX_STREAM_PEOPLE,         /* a hire's aptitude */
    CX_STREAM_COUNT
} cx_stream_id;

/* One reporting period (a month of 1/12 year). */
typedef struct cx_period {
    int index;                /* 0-based month */
    double t0, t1;            /* start and end, minutes */
    cx_counts counts;         /* the queue's counters over the period */
    cx_tally tally;           /* the model's counters over the period */
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

/* The state of random stream k (cx_stream_id) now: two runs that drew
 * the same numbers from it have the same state (tests of common random
 * numbers). 0, or -1 for an unknown stream. */
int cx_sim_stream_state(const cx_sim *S, int k, uint64_t state[4]);

/* Counters from the end of the warm-up to now: the queue's, the model's. */
void cx_sim_totals(const cx_sim *S, cx_counts *out);
void cx_sim_tally(const cx_sim *S, cx_tally *out);

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
/* Kinds of note: X(id, name). The enum, the names in events.csv and the
 * view's legend all derive from this one list. */
#define CX_NOTE_KINDS(X) \
    X(CX_N_HIRE, "hire") \
    X(CX_N_QUIT, "quit") \
    X(CX_N_DEFECT_APPEARS, "defect_appears") \
    X(CX_N_DEFECT_NOTICED, "defect_noticed") \
    X(CX_N_DEFECT_REPORTED, "defect_reported") \
    X(CX_N_DEFECT_FIXED, "defect_fixed") \
    X(CX_N_PRODUCT_CHANGE, "product_change") \
    X(CX_N_RATE_CHANGE, "rate_change") \
    X(CX_N_PENALTY, "penalty") \
    X(CX_N_GAIN_SHARE, "gain_share") \
    X(CX_N_REVIEW, "review") \
    X(CX_N_JOINT_RCA, "joint_rca") \
    X(CX_N_BLAME, "blame") \
    X(CX_N_PHASE, "phase") \
    X(CX_N_RENEWAL, "renewal") \
    X(CX_N_REBID, "rebid") \
    X(CX_N_TRANSITION, "transition") \
    X(CX_N_SPIKE, "spike") \
    X(CX_N_TEMPS, "temps") \
    X(CX_N_OVERRIDE, "override") \
    X(CX_N_POLICY, "policy")
typedef enum cx_note_kind {
#define CX_NOTE_ENUM_(id, name) id,
    CX_NOTE_KINDS(CX_NOTE_ENUM_)
#undef CX_NOTE_ENUM_
    CX_N_KIND_COUNT
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

/* Called around every policy call: `point` is the decision point
 * (cx_point), or CX_POINT_COUNT for the policy's create; `enter` is 1 just
 * before the call, 0 just after it returns. The months simulated so far are
 * cx_sim_get(S, CX_K_MONTH). A run isolated in a child process uses it to
 * tell its parent where a policy crashed or hung (plugins/cx_isolate). */
typedef void (*cx_call_hook)(void *ud, const cx_sim *S, int side, int point, int enter);
void cx_sim_set_call_hook(cx_sim *S, cx_call_hook fn, void *ud);

/* What the results writers read from a finished run (periods, notes,
 * counters, event and in-system counts), as bytes: cx_sim_pack makes a
 * malloc'd buffer (*buf, *len; -1 when out of memory); cx_sim_unpack loads
 * one into S, a run of the same scenario that has not started, so that
 * every reader gives what it gave on the packed run (-1: not such a buffer
 * or out of memory). */
int cx_sim_pack(const cx_sim *S, void **buf, size_t *len);
int cx_sim_unpack(cx_sim *S, const void *buf, size_t len);

#endif
