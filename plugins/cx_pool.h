/* cx_pool: runs n independent tasks on worker threads; the calling thread
 * hears of each finished task, in completion order. Used by cx_runs (the
 * regimes and replications of cxsim run, calibrate, bench) and by the Lua
 * experiments' runs. Each task owns everything it writes (its own context
 * and its own output slot, by index), so results never depend on timing. */
#ifndef CX_POOL_H
#define CX_POOL_H

typedef struct cx_pool_spec {
    int n;                           /* tasks 0..n-1 */
    int threads;                     /* workers; <= 1: every task in the calling thread, in order */
    const char *skip;                /* skip[i] != 0: task i is not run (may be NULL) */
    void (*run)(void *ud, int i);    /* runs task i, in a worker thread */
    int (*done)(void *ud, int i);    /* in the calling thread, as tasks finish (may be NULL);
                                      * non-zero: no task not yet started is started */
    void *ud;
} cx_pool_spec;

/* Run the tasks. When no thread can be started the tasks run in the calling
 * thread. Returns the number of tasks run. */
int cx_pool_run(const cx_pool_spec *s);

#endif
