/* cx_runs: the regimes of many replications run in parallel threads.
 *
 * Each simulation owns its context (engine, model, random streams, Lua
 * states), so runs share nothing but read-only inputs and the files are the
 * same whatever the thread count. Regimes with a native policy run in a
 * child process each (cx_isolate); forking from a multi-threaded process is
 * avoided by running those after the threads, one at a time. */
#ifndef CX_RUNS_H
#define CX_RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "cx_job.h"

/* The seed of replication r of a scenario seeded `seed`: the seed itself
 * for r = 0, cx_rng_mix(seed, r) after. */
uint64_t cx_runs_seed(uint64_t seed, int r);

/* Open replications 0..reps-1 of the scenario *P (from `scenario`, for
 * policy paths and messages) into jobs[0..reps), each on cx_runs_seed.
 * `after_first` (may be NULL) is called once the first replication opened
 * (every input checked: the scenario, its policies) and before any other:
 * a non-zero return stops (it prints its own message; err is then "").
 * The consent's `quiet` is set after the first, so native policies are
 * named once. *opened says how many replications opened (close each with
 * cx_job_close). Returns 0, or -1 with the message in err. */
int cx_runs_open(cx_job *jobs, int reps, const cx_params *P, const char *scenario, cx_consent *consent,
                 int (*after_first)(void *ud), void *ud, int *opened, char *err, size_t n);

/* Threads to use when the user names none: the online processors. */
int cx_runs_default_threads(void);

/* Progress over all the runs: `done` in [0,1] is the share of simulated
 * months finished; called under a lock from whichever thread moved it. */
typedef void (*cx_runs_progress_fn)(void *ud, double done);

/* Run every regime of jobs[0..njobs) to its horizon on `threads` threads
 * (<= 0: cx_runs_default_threads()). Every regime runs, whatever another
 * one did; jobs[r].done[i] says which finished. Returns 0, or -1 with the
 * first failure in (replication, regime) order in err. */
int cx_runs_run(cx_job *jobs, int njobs, int threads, cx_runs_progress_fn progress, void *ud, char *err,
                size_t n);

#endif
