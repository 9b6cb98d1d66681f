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

#include "cx_job.h"

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
