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

/* Advance every regime to time t (minutes), or to the horizon. */
int cx_job_run_until(cx_job *J, double t, char *err, size_t n);
int cx_job_run(cx_job *J, char *err, size_t n);

const char *cx_job_label(const cx_job *J, int i);

#endif
