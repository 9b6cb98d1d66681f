/* cx_job: a scenario made runnable: its policies loaded, one simulation per regime. */
#ifndef CX_JOB_H
#define CX_JOB_H

#include <stddef.h>

#include "cx_consent.h"
#include "cx_params.h"
#include "cx_sim.h"

struct cx_loaded;

/* A job owns one cx_sim per regime of the scenario, all seeded alike so the
 * regimes share common random numbers stream by stream. */
typedef struct cx_job {
    cx_params P;                          /* the scenario (own copy) */
    char scenario_path[CX_PATH_MAX];      /* file it came from, for messages; "" if none */
    cx_consent consent;                   /* what the user allowed (defaults when opened with NULL) */
    int n;                                /* regimes */
    cx_sim *sim[CX_MAX_REGIMES];          /* one run per regime */
    struct cx_loaded *loaded[CX_MAX_REGIMES][CX_SIDE_COUNT]; /* policy handles to release */
    const cx_policy *pol[CX_MAX_REGIMES][CX_SIDE_COUNT]; /* the policies attached (names for messages) */
    int native[CX_MAX_REGIMES];           /* 1: a policy of the regime is native code (runs isolated) */
    int done[CX_MAX_REGIMES];             /* 1: the regime ran to its horizon (cx_job_run) */
} cx_job;

/* Load a scenario file (Lua) into *P on top of its current contents. */
int cx_job_load_scenario(const char *path, cx_params *P, char *err, size_t n);

/* Resolve every regime's policies and create the runs. `scenario_path`
 * (may be NULL) is used to find policies named relative to the scenario and
 * in error messages ("file:line: field '...': ..."). `consent` (NULL: the
 * defaults) says what the user allows the scenario's policies to do. */
int cx_job_open(cx_job *J, const cx_params *P, const char *scenario_path, const cx_consent *consent,
                char *err, size_t n);
void cx_job_close(cx_job *J);

/* Advance every regime to time t (minutes), in this process (the view
 * animates a run this way); stops at the first error. */
int cx_job_run_until(cx_job *J, double t, char *err, size_t n);

/* Run every regime to the horizon. A regime with a native policy runs in a
 * child process (plugins/cx_isolate, watchdog consent.policy_timeout), the
 * others in this one; a regime that fails does not stop the others.
 * done[i] says which finished. Returns 0, or -1 with the first failure's
 * message in err (naming the policy, regime, decision point and month when
 * a native policy crashed, exited or hung). */
int cx_job_run(cx_job *J, char *err, size_t n);

/* Run regime i alone (as cx_job_run does it; sets done[i]). 0, or -1 with
 * the message. Different regimes may run at once in different threads. */
int cx_job_run_regime(cx_job *J, int i, char *err, size_t n);

const char *cx_job_label(const cx_job *J, int i);

/* The regimes missing from replications jobs[0..reps-1] of which the first
 * `opened` ran: "vendor" (one replication) or "vendor (rep 2), ..., and
 * replications 3 to 7 (not run)", into buf. */
void cx_job_missing(const cx_job *jobs, int opened, int reps, char *buf, size_t n);

#endif
