/* cx_pool: every task not skipped runs exactly once, each on its own slot;
 * the caller hears of each once, in the calling thread; a `done` that says
 * stop starts no further task; one thread runs in index order. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "cx_pool.h"

enum { N = 200 };

typedef struct ctx {
    atomic_int runs[N];       /* times task i ran */
    int heard[N];             /* times the caller heard of task i */
    int order[N], n_order;    /* what the caller heard, in order */
    pthread_t caller;         /* the thread that called cx_pool_run */
    int stop_after;           /* done returns 1 after hearing this many (0: never) */
    int wrong_thread;         /* done was called from a worker */
} ctx;

static void run(void *ud, int i)
{
    ctx *c = ud;
    atomic_fetch_add(&c->runs[i], 1);
    if (c->stop_after) nanosleep(&(struct timespec){0, 3000000}, NULL); /* 3 ms */
    for (volatile int k = 0; k < 2000 * (i % 7); k++) {} /* uneven tasks */
}

static int done(void *ud, int i)
{
    ctx *c = ud;
    if (!pthread_equal(pthread_self(), c->caller)) c->wrong_thread = 1;
    c->heard[i]++;
    c->order[c->n_order++] = i;
    return c->stop_after && c->n_order >= c->stop_after;
}

Test(pool, every_task_once_heard_once_in_the_caller)
{
    for (int threads = 1; threads <= 4; threads++) {
        static ctx c;
        memset(&c, 0, sizeof c);
        c.caller = pthread_self();
        char skip[N] = {0};
        for (int i = 0; i < N; i += 5) skip[i] = 1;
        int ran = cx_pool_run(&(cx_pool_spec){.n = N, .threads = threads, .skip = skip, .run = run, .done = done,
                                              .ud = &c});
        cr_assert_eq(ran, N - N / 5, "%d threads: %d tasks ran", threads, ran);
        for (int i = 0; i < N; i++) {
            cr_assert_eq(atomic_load(&c.runs[i]), skip[i] ? 0 : 1, "%d threads: task %d ran %d times", threads, i,
                         atomic_load(&c.runs[i]));
            cr_assert_eq(c.heard[i], skip[i] ? 0 : 1, "%d threads: task %d heard %d times", threads, i, c.heard[i]);
        }
        cr_assert(!c.wrong_thread, "done ran outside the calling thread");
        if (threads == 1)
            for (int k = 1; k < c.n_order; k++) cr_assert_lt(c.order[k - 1], c.order[k], "one thread: index order");
    }
}

Test(pool, stop_starts_no_new_task)
{
    for (int threads = 1; threads <= 3; threads++) {
        static ctx c;
        memset(&c, 0, sizeof c);
        c.caller = pthread_self();
        c.stop_after = 10;
        int ran = cx_pool_run(&(cx_pool_spec){.n = N, .threads = threads, .run = run, .done = done, .ud = &c});
        /* the tasks started before the caller heard enough still finish,
         * but the pool does not run on to the end (each task takes 3 ms) */
        cr_assert_geq(ran, 10);
        cr_assert_lt(ran, N / 2, "%d threads: %d of %d ran after a stop at 10", threads, ran, N);
        int total = 0;
        for (int i = 0; i < N; i++) total += atomic_load(&c.runs[i]);
        cr_assert_eq(total, ran);
    }
}
