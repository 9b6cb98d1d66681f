/* cx_runs: the (replication, regime) runs of a job on the shared thread pool (cx_pool). */
#include "cx_runs.h"

#include "cx_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One simulation to run. */
typedef struct item {
    cx_job *J;                /* its replication */
    int regime;               /* its index in J */
    int status;               /* 0 finished, -1 failed */
    char msg[1024];           /* the failure */
} item;

/* What the runs share: the progress over all of them. */
typedef struct runs {
    item *items;              /* the work, in (replication, regime) order */
    long months_done;         /* simulated months finished, all runs (under lock) */
    long months_total;        /* simulated months of all runs */
    cx_runs_progress_fn progress;
    void *ud;
    pthread_mutex_t lock;
} runs;

int cx_runs_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* The per-simulation progress hook: one more month finished. */
static int month_done(void *ud, const cx_sim *S, double done)
{
    (void)S, (void)done;
    runs *p = ud;
    pthread_mutex_lock(&p->lock);
    p->months_done++;
    if (p->progress) p->progress(p->ud, p->months_total ? (double)p->months_done / (double)p->months_total : 1);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

static void run_item(void *ud, int k)
{
    item *it = &((runs *)ud)->items[k];
    it->status = cx_job_run_regime(it->J, it->regime, it->msg, sizeof it->msg);
}

int cx_runs_run(cx_job *jobs, int njobs, int threads, cx_runs_progress_fn progress, void *ud, char *err,
                size_t n)
{
    runs p = {.progress = progress, .ud = ud};
    int total = 0;
    for (int r = 0; r < njobs; r++) total += jobs[r].n;
    p.items = calloc((size_t)(total ? total : 1), sizeof *p.items);
    char *native = calloc((size_t)(total ? total : 1), 1), *threaded = calloc((size_t)(total ? total : 1), 1);
    if (!p.items || !native || !threaded) {
        free(p.items);
        free(native);
        free(threaded);
        snprintf(err, n, "out of memory");
        return -1;
    }
    /* items in (replication, regime) order; native ones (forked children)
     * run after the threaded ones, serially */
    int k = 0;
    for (int r = 0; r < njobs; r++)
        for (int i = 0; i < jobs[r].n; i++, k++) {
            p.items[k] = (item){.J = &jobs[r], .regime = i};
            native[k] = !(threaded[k] = !jobs[r].native[i]);
            p.months_total += (long)(cx_sim_horizon(jobs[r].sim[i]) / CX_MINUTES_PER_MONTH + 0.999);
            cx_sim_set_progress(jobs[r].sim[i], month_done, &p);
        }
    pthread_mutex_init(&p.lock, NULL);
    if (threads <= 0) threads = cx_runs_default_threads();
    cx_pool_run(&(cx_pool_spec){.n = total, .threads = threads, .skip = native, .run = run_item, .ud = &p});
    cx_pool_run(&(cx_pool_spec){.n = total, .threads = 1, .skip = threaded, .run = run_item, .ud = &p});
    pthread_mutex_destroy(&p.lock);
    /* the first failure in (replication, regime) order, whichever thread met it */
    int rc = 0;
    for (k = 0; k < total && !rc; k++)
        if (p.items[k].status) {
            snprintf(err, n, "%s", p.items[k].msg);
            rc = -1;
        }
    for (int r = 0; r < njobs; r++)
        for (int i = 0; i < jobs[r].n; i++) cx_sim_set_progress(jobs[r].sim[i], NULL, NULL);
    free(p.items);
    free(native);
    free(threaded);
    return rc;
}

uint64_t cx_runs_seed(uint64_t seed, int r) { return r ? cx_rng_mix(seed, (uint64_t)r) : seed; }

int cx_runs_open(cx_job *jobs, int reps, const cx_params *P, const char *scenario, cx_consent *consent,
                 int (*after_first)(void *ud), void *ud, int *opened, char *err, size_t n)
{
    *opened = 0;
    for (int r = 0; r < reps; r++) {
        cx_params Pr = *P;
        Pr.seed = cx_runs_seed(P->seed, r);
        if (cx_job_open(&jobs[r], &Pr, scenario, consent, err, n)) return -1;
        *opened = r + 1;
        consent->quiet = 1; /* the native policies loaded were named once */
        if (r == 0 && after_first && after_first(ud)) {
            snprintf(err, n, "%s", "");
            return -1;
        }
    }
    return 0;
}
