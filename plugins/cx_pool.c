/* cx_pool: worker threads taking tasks in index order (see cx_pool.h). */
#include "cx_pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct pool {
    const cx_pool_spec *s;
    int next;                 /* the next task to take (under lock) */
    int stop;                 /* take no new task (under lock) */
    int *order;               /* finished tasks, in completion order (under lock) */
    int n_finished;           /* entries in order */
    int running;              /* workers not yet ended (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t ready;     /* a task finished or a worker ended */
} pool;

static int skipped(const cx_pool_spec *s, int i) { return s->skip && s->skip[i]; }

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->s->n && skipped(p->s, p->next)) p->next++;
        if (p->stop || p->next >= p->s->n) break;
        int i = p->next++;
        pthread_mutex_unlock(&p->lock);
        p->s->run(p->s->ud, i);
        pthread_mutex_lock(&p->lock);
        p->order[p->n_finished++] = i;
        pthread_cond_signal(&p->ready);
    }
    p->running--;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int serial(const cx_pool_spec *s)
{
    int ran = 0;
    for (int i = 0; i < s->n; i++) {
        if (skipped(s, i)) continue;
        s->run(s->ud, i);
        ran++;
        if (s->done && s->done(s->ud, i)) break;
    }
    return ran;
}

int cx_pool_run(const cx_pool_spec *s)
{
    int todo = 0;
    for (int i = 0; i < s->n; i++) todo += !skipped(s, i);
    int threads = s->threads < todo ? s->threads : todo;
    if (threads <= 1) return serial(s);
    pool p = {.s = s};
    p.order = calloc((size_t)s->n, sizeof *p.order);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    if (!p.order || !tid) {
        free(p.order);
        free(tid);
        return serial(s);
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.ready, NULL);
    int started = 0;
    p.running = threads; /* before any worker can end and count itself out */
    for (int t = 0; t < threads; t++) {
        if (!pthread_create(&tid[started], NULL, worker, &p)) {
            started++;
            continue;
        }
        pthread_mutex_lock(&p.lock);
        p.running--;
        pthread_mutex_unlock(&p.lock);
    }
    int seen = 0;
    for (;;) {
        pthread_mutex_lock(&p.lock);
        while (p.n_finished == seen && p.running) pthread_cond_wait(&p.ready, &p.lock);
        int upto = p.n_finished, running = p.running;
        pthread_mutex_unlock(&p.lock);
        for (; seen < upto; seen++)
            if (s->done && s->done(s->ud, p.order[seen])) {
                pthread_mutex_lock(&p.lock);
                p.stop = 1;
                pthread_mutex_unlock(&p.lock);
            }
        if (!running && seen == upto) break;
    }
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.lock);
    free(tid);
    free(p.order);
    if (!started) return serial(s); /* no thread: the tasks run here */
    return seen;
}
