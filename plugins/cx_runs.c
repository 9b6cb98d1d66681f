/* cx_runs: a pool of threads taking (replication, regime) items in order. */
#include "cx_runs.h"

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

/* What the threads share. */
typedef struct pool {
    item *items;              /* the work, in (replication, regime) order */
    int n;                    /* items */
    int next;                 /* the next item to take (under lock) */
    long months_done;         /* simulated months finished, all runs (under lock) */
    long months_total;        /* simulated months of all runs */
    cx_runs_progress_fn progress;
    void *ud;
    pthread_mutex_t lock;
} pool;

int cx_runs_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* The per-simulation progress hook: one more month finished. */
static int month_done(void *ud, const cx_sim *S, double done)
{
    (void)S, (void)done;
    pool *p = ud;
    pthread_mutex_lock(&p->lock);
    p->months_done++;
    if (p->progress) p->progress(p->ud, p->months_total ? (double)p->months_done / (double)p->months_total : 1);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

static void run_item(item *it)
{
    it->status = cx_job_run_regime(it->J, it->regime, it->msg, sizeof it->msg);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int k = p->next < p->n ? p->next++ : -1;
        pthread_mutex_unlock(&p->lock);
        if (k < 0) return NULL;
        run_item(&p->items[k]);
    }
}

int cx_runs_run(cx_job *jobs, int njobs, int threads, cx_runs_progress_fn progress, void *ud, char *err,
                size_t n)
{
    pool p = {.progress = progress, .ud = ud};
    for (int r = 0; r < njobs; r++) p.n += jobs[r].n;
    p.items = calloc((size_t)(p.n ? p.n : 1), sizeof *p.items);
    item *native = calloc((size_t)(p.n ? p.n : 1), sizeof *native);
    if (!p.items || !native) {
        free(p.items);
        free(native);
        snprintf(err, n, "out of memory");
        return -1;
    }
    /* threaded items first, native ones (forked children) after, serially */
    int nt = 0, nn = 0;
    for (int r = 0; r < njobs; r++)
        for (int i = 0; i < jobs[r].n; i++) {
            item *it = jobs[r].native[i] ? &native[nn++] : &p.items[nt++];
            *it = (item){.J = &jobs[r], .regime = i};
            p.months_total += (long)(cx_sim_horizon(jobs[r].sim[i]) / CX_MINUTES_PER_MONTH + 0.999);
            cx_sim_set_progress(jobs[r].sim[i], month_done, &p);
        }
    p.n = nt;
    pthread_mutex_init(&p.lock, NULL);
    if (threads <= 0) threads = cx_runs_default_threads();
    if (threads > nt) threads = nt;
    pthread_t *tid = calloc((size_t)(threads > 0 ? threads : 1), sizeof *tid);
    int started = 0;
    for (int t = 1; tid && t < threads; t++) /* the calling thread is the last worker */
        if (!pthread_create(&tid[started], NULL, worker, &p)) started++;
    worker(&p);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    free(tid);
    for (int k = 0; k < nn; k++) run_item(&native[k]);
    pthread_mutex_destroy(&p.lock);
    /* the first failure in (replication, regime) order, whichever thread met it */
    int rc = 0;
    for (int r = 0; r < njobs && !rc; r++)
        for (int i = 0; i < jobs[r].n && !rc; i++) {
            const item *it = NULL;
            for (int k = 0; k < nt && !it; k++)
                if (p.items[k].J == &jobs[r] && p.items[k].regime == i) it = &p.items[k];
            for (int k = 0; k < nn && !it; k++)
                if (native[k].J == &jobs[r] && native[k].regime == i) it = &native[k];
            if (it && it->status) {
                snprintf(err, n, "%s", it->msg);
                rc = -1;
            }
        }
    for (int r = 0; r < njobs; r++)
        for (int i = 0; i < jobs[r].n; i++) cx_sim_set_progress(jobs[r].sim[i], NULL, NULL);
    free(p.items);
    free(native);
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
