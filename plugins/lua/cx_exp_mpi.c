/* cx_exp_mpi: an experiment's runs spread over MPI ranks (see cx_exp_mpi.h).
 *
 * Messages (MPI_BYTE on a duplicate of MPI_COMM_WORLD):
 *   TAG_TASK   rank 0 -> server: int32 index, the cxi_task's bytes, the
 *              cx_params it points at, its scenario path (NUL-terminated);
 *   TAG_RESULT server -> rank 0: int32 index, then the outcome blob
 *              (cx_exp_codec), the same bytes a local run makes;
 *   TAG_STOP   rank 0 -> server: no more tasks, ever.
 * Every send is non-blocking and kept until it completes, so two ranks
 * sending to each other at once never deadlock. On each rank a small
 * executor (threads taking task ids under a lock, finished ids in a list)
 * runs the tasks; the main thread alone talks MPI. */
#include "cx_exp_mpi.h"
#include "cx_exp_internal.h"
#include "cx_pool.h"

#include <errno.h>
#include <mpi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TAG_TASK 1
#define TAG_RESULT 2
#define TAG_STOP 3
#define WAIT_MS_LEADER 2  /* rank 0 looks for outcomes this often while its threads run */
#define WAIT_MS_SERVER 5  /* a serving rank looks for tasks this often */

/* A new cxi_task field must travel: pack() copies the struct's bytes and
 * the two things it points at; anything else it points at would not. */
_Static_assert(sizeof(cxi_task) == offsetof(cxi_task, rep) + sizeof(int),
               "a new cxi_task field: check that pack() and serve_take() carry it");

struct cx_exp_mpi {
    MPI_Comm comm;                /* a duplicate of MPI_COMM_WORLD */
    int rank, size;               /* this rank, ranks in all */
    pid_t launcher;               /* the parent that started this rank (mpirun, orted, slurmstepd) */
};

/* A rank whose launcher is gone belongs to a killed job: it ends at once,
 * rather than finish its runs for nobody (the journal keeps what was
 * done). Checked at every turn of the waiting loops. */
static void die_with_launcher(const cx_exp_mpi *m)
{
    if (getppid() == m->launcher) return;
    fprintf(stderr, "cxsim lua: rank %d: the MPI launcher (process %ld) is gone: the job was killed; stopping\n",
            m->rank, (long)m->launcher);
    _exit(1);
}

/* ---- sends kept until they complete ------------------------------------ */

typedef struct sendq {
    MPI_Request *req;             /* pending requests */
    char **buf;                   /* their buffers, freed on completion */
    int n, cap;
} sendq;

static int send_bytes(sendq *q, MPI_Comm comm, int to, int tag, char *buf, size_t len)
{
    if (q->n == q->cap) {
        int cap = q->cap ? 2 * q->cap : 16;
        MPI_Request *r = realloc(q->req, (size_t)cap * sizeof *r);
        if (r) q->req = r;
        char **b = realloc(q->buf, (size_t)cap * sizeof *b);
        if (b) q->buf = b;
        if (!r || !b) {
            free(buf);
            return -1;
        }
        q->cap = cap;
    }
    if (len > (size_t)INT32_MAX || MPI_Isend(buf, (int)len, MPI_BYTE, to, tag, comm, &q->req[q->n]) != MPI_SUCCESS) {
        free(buf);
        return -1;
    }
    q->buf[q->n++] = buf;
    return 0;
}

/* Free what was sent; `all`: wait for every send first. */
static void send_progress(sendq *q, int all)
{
    for (int i = 0; i < q->n;) {
        int done = 0;
        if (all) MPI_Wait(&q->req[i], MPI_STATUS_IGNORE), done = 1;
        else MPI_Test(&q->req[i], &done, MPI_STATUS_IGNORE);
        if (!done) {
            i++;
            continue;
        }
        free(q->buf[i]);
        q->req[i] = q->req[q->n - 1];
        q->buf[i] = q->buf[q->n - 1];
        q->n--;
    }
}

static void sendq_free(sendq *q)
{
    send_progress(q, 1);
    free(q->req);
    free(q->buf);
}

/* A message from `from` with `tag` (or any) into a new buffer; 1 when one
 * was waiting, 0 when none, -1 on failure. */
static int take_msg(MPI_Comm comm, int from, int tag, int *got_tag, int *src, char **buf, int *len)
{
    int flag = 0;
    MPI_Status st;
    if (MPI_Iprobe(from, tag, comm, &flag, &st) != MPI_SUCCESS) return -1;
    if (!flag) return 0;
    MPI_Get_count(&st, MPI_BYTE, len);
    *buf = malloc(*len ? (size_t)*len : 1);
    if (!*buf) return -1;
    if (MPI_Recv(*buf, *len, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, comm, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
        free(*buf);
        return -1;
    }
    *got_tag = st.MPI_TAG;
    *src = st.MPI_SOURCE;
    return 1;
}

/* ---- the executor: threads taking ids, finished ids in a list ---------- */

typedef struct exec {
    pthread_mutex_t lock;
    pthread_cond_t wake;          /* work came, or closing (threads wait on it) */
    pthread_cond_t finished;      /* a task finished (the main thread waits on it, timed) */
    int (*take)(void *ud);        /* under lock: the next id, or -1 for none now */
    void (*run)(void *ud, int id);
    void *ud;
    int closing;                  /* threads end when take gives nothing */
    int *fin;                     /* finished ids, in completion order */
    int nfin, capfin, seen;       /* ... how many, allocated, handed to the main thread */
    int busy;                     /* ids taken and not finished */
    pthread_t *tid;
    int nthreads;
} exec;

static void *exec_thread(void *arg)
{
    exec *x = arg;
    pthread_mutex_lock(&x->lock);
    for (;;) {
        int id = x->take(x->ud);
        if (id >= 0) {
            x->busy++;
            pthread_mutex_unlock(&x->lock);
            x->run(x->ud, id);
            pthread_mutex_lock(&x->lock);
            x->fin[x->nfin++] = id; /* room made when the id was queued */
            x->busy--;
            pthread_cond_signal(&x->finished);
            continue;
        }
        if (x->closing) break;
        pthread_cond_wait(&x->wake, &x->lock);
    }
    pthread_mutex_unlock(&x->lock);
    return NULL;
}

/* Start n threads (at least one must start). 0 or -1. */
static int exec_start(exec *x, int n)
{
    pthread_mutex_init(&x->lock, NULL);
    pthread_cond_init(&x->wake, NULL);
    pthread_cond_init(&x->finished, NULL);
    x->tid = calloc((size_t)(n > 0 ? n : 1), sizeof *x->tid);
    if (!x->tid) return -1;
    for (int t = 0; t < n; t++)
        if (!pthread_create(&x->tid[x->nthreads], NULL, exec_thread, x)) x->nthreads++;
    return x->nthreads ? 0 : -1;
}

static void exec_stop(exec *x)
{
    pthread_mutex_lock(&x->lock);
    x->closing = 1;
    pthread_cond_broadcast(&x->wake);
    pthread_mutex_unlock(&x->lock);
    for (int t = 0; t < x->nthreads; t++) pthread_join(x->tid[t], NULL);
    free(x->tid);
    pthread_cond_destroy(&x->finished);
    pthread_cond_destroy(&x->wake);
    pthread_mutex_destroy(&x->lock);
}

/* Under lock: wait up to ms for a finished id the main thread has not seen. */
static void exec_wait(exec *x, int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)ms * 1000000L;
    if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    if (x->nfin == x->seen) pthread_cond_timedwait(&x->finished, &x->lock, &ts);
}

/* The ranks no longer agree (a message lost or malformed, memory gone):
 * the whole job ends, as a killed one would (the journal keeps what finished). */
static void fatal(const cx_exp_mpi *m, const char *what)
{
    fprintf(stderr, "cxsim lua: rank %d: %s: the MPI job stops\n", m->rank, what);
    fflush(stderr);
    MPI_Abort(m->comm, 1);
    _exit(1); /* MPI_Abort does not return; if it did, this rank still ends */
}

/* Nothing happened this turn: stop if the launcher is gone, else wait up
 * to ms for a task of this rank's threads to finish. */
static void idle(const cx_exp_mpi *m, exec *x, int ms)
{
    die_with_launcher(m);
    pthread_mutex_lock(&x->lock);
    exec_wait(x, ms);
    pthread_mutex_unlock(&x->lock);
}

/* ---- opening and closing ------------------------------------------------ */

int cx_exp_mpi_open(int *argc, char ***argv, cx_exp_mpi **out, char *err, size_t n)
{
    *out = NULL;
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK") && !getenv("PMI_RANK"))
        return 0; /* not started by an MPI launcher: a plain run */
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        snprintf(err, n, "MPI_Init_thread failed");
        return -1;
    }
    cx_exp_mpi *m = calloc(1, sizeof *m);
    if (!m) {
        MPI_Finalize();
        snprintf(err, n, "out of memory");
        return -1;
    }
    if (provided < MPI_THREAD_FUNNELED) {
        free(m);
        MPI_Finalize();
        snprintf(err, n, "this MPI library gives no thread support (MPI_THREAD_FUNNELED needed)");
        return -1;
    }
    m->launcher = getppid();
    MPI_Comm_dup(MPI_COMM_WORLD, &m->comm);
    MPI_Comm_rank(m->comm, &m->rank);
    MPI_Comm_size(m->comm, &m->size);
    *out = m;
    return 0;
}

int cx_exp_mpi_rank(const cx_exp_mpi *m) { return m ? m->rank : 0; }
int cx_exp_mpi_size(const cx_exp_mpi *m) { return m ? m->size : 1; }

void cx_exp_mpi_close(cx_exp_mpi *m)
{
    if (!m) return;
    if (m->rank == 0) {
        sendq q = {0};
        for (int r = 1; r < m->size; r++) {
            char *b = malloc(1);
            if (b) send_bytes(&q, m->comm, r, TAG_STOP, b, 0);
        }
        sendq_free(&q);
    }
    MPI_Comm_free(&m->comm);
    MPI_Finalize();
    free(m);
}

/* ---- rank 0: hand the tasks out, take the outcomes back ---------------- */

typedef struct leader {
    const cx_pool_spec *s;        /* the tasks: skip, run (local), done */
    int next;                     /* the next task to hand out (under the executor's lock) */
    int stop;                     /* a done() asked to stop: hand out no more (under lock) */
} leader;

static int leader_take(void *ud)
{
    leader *l = ud;
    const cx_pool_spec *s = l->s;
    while (!l->stop && l->next < s->n && s->skip && s->skip[l->next]) l->next++;
    return l->stop || l->next >= s->n ? -1 : l->next++;
}

/* Hand out no more tasks. */
static void leader_stop(exec *x, leader *l)
{
    pthread_mutex_lock(&x->lock);
    l->stop = 1;
    pthread_mutex_unlock(&x->lock);
}

static void leader_run(void *ud, int i)
{
    const cx_pool_spec *s = ((leader *)ud)->s;
    s->run(s->ud, i);
}

/* Task i as a TAG_TASK message. */
static char *pack(const cxi_task *t, int32_t i, size_t *len)
{
    const char *path = t->path ? t->path : "";
    size_t k = strlen(path) + 1;
    *len = sizeof i + sizeof *t + sizeof *t->P + k;
    char *b = malloc(*len), *p = b;
    if (!b) return NULL;
    memcpy(p, &i, sizeof i), p += sizeof i;
    memcpy(p, t, sizeof *t), p += sizeof *t;
    memcpy(p, t->P, sizeof *t->P), p += sizeof *t->P;
    memcpy(p, path, k);
    return b;
}

int cxi_mpi_pool(cx_exp_mpi *m, const cx_pool_spec *s, const cxi_task *tasks, cxi_outcome *out, int jobs,
                 char *err, size_t n)
{
    int nserv = m->size - 1, credit = (jobs < 1 ? 1 : jobs) + 1;
    leader l = {.s = s};
    exec x = {.take = leader_take, .run = leader_run, .ud = &l, .closing = 1};
    int *inflight = calloc((size_t)nserv, sizeof *inflight);
    x.fin = calloc((size_t)(s->n ? s->n : 1), sizeof *x.fin);
    x.capfin = s->n;
    sendq q = {0};
    if (!inflight || !x.fin) {
        free(inflight);
        free(x.fin);
        snprintf(err, n, "out of memory");
        return -1;
    }
    if (exec_start(&x, jobs < 1 ? 1 : jobs)) { /* the serving ranks still run everything */
    }
    int remote = 0; /* tasks out on serving ranks */
    for (;;) {
        int progressed = 0;
        /* hand tasks out to the serving ranks, lowest index first */
        for (int r = 0; r < nserv; r++)
            while (inflight[r] < credit) {
                pthread_mutex_lock(&x.lock);
                int i = leader_take(&l);
                pthread_mutex_unlock(&x.lock);
                if (i < 0) break;
                size_t len;
                char *b = pack(&tasks[i], i, &len);
                if (!b || send_bytes(&q, m->comm, r + 1, TAG_TASK, b, len)) fatal(m, "cannot send a run");
                inflight[r]++;
                remote++;
                progressed = 1;
            }
        send_progress(&q, 0);
        /* outcomes from the serving ranks */
        for (;;) {
            char *b;
            int tag, src, len;
            int got = take_msg(m->comm, MPI_ANY_SOURCE, TAG_RESULT, &tag, &src, &b, &len);
            if (got < 0) fatal(m, "cannot receive an outcome");
            if (!got) break;
            int32_t i = -1;
            if ((size_t)len >= sizeof i) memcpy(&i, b, sizeof i);
            if (i < 0 || i >= s->n || src < 1 || src > nserv || inflight[src - 1] < 1) fatal(m, "a malformed outcome");
            size_t k = (size_t)len - sizeof i;
            out[i].blob = k ? malloc(k) : NULL;
            if (out[i].blob) memcpy(out[i].blob, b + sizeof i, k);
            out[i].len = out[i].blob ? k : 0;
            free(b);
            inflight[src - 1]--;
            remote--;
            progressed = 1;
            if (s->done && s->done(s->ud, i)) leader_stop(&x, &l);
        }
        /* outcomes of this rank's threads */
        pthread_mutex_lock(&x.lock);
        int upto = x.nfin, busy = x.busy, more = !l.stop && leader_take(&l) >= 0;
        if (more) l.next--; /* only a look: put it back */
        pthread_mutex_unlock(&x.lock);
        for (; x.seen < upto; x.seen++) {
            progressed = 1;
            if (s->done && s->done(s->ud, x.fin[x.seen])) leader_stop(&x, &l);
        }
        if (!more && remote == 0 && !busy && x.seen == upto) break;
        if (!progressed) idle(m, &x, WAIT_MS_LEADER);
    }
    exec_stop(&x);
    for (; x.seen < x.nfin; x.seen++) /* finished after the loop's last look */
        if (s->done) s->done(s->ud, x.fin[x.seen]);
    sendq_free(&q);
    free(x.fin);
    free(inflight);
    return 0;
}

/* ---- a serving rank ----------------------------------------------------- */

typedef struct item {
    int32_t index;                /* the task's index at rank 0 */
    cxi_task t;                   /* the task, pointing at P and path below */
    cx_params P;
    char *path;
    cxi_bbuf b;                   /* its outcome */
} item;

typedef struct server {
    const cx_consent *consent;
    pthread_mutex_t *lock;        /* the executor's: items may be moved by a realloc */
    item **items;                 /* received tasks, by arrival (under lock) */
    int n, next;                  /* received, taken (under lock) */
} server;

static int serve_take(void *ud)
{
    server *v = ud;
    return v->next < v->n ? v->next++ : -1;
}

static void serve_run(void *ud, int id)
{
    server *v = ud;
    pthread_mutex_lock(v->lock);
    item *it = v->items[id]; /* the item itself never moves */
    pthread_mutex_unlock(v->lock);
    cxi_run_task(&it->t, v->consent, &it->b);
}

/* A TAG_TASK message into a new item. */
static item *unpack(const char *b, int len)
{
    size_t head = sizeof(int32_t) + sizeof(cxi_task) + sizeof(cx_params);
    if (len < 0 || (size_t)len <= head || b[len - 1]) return NULL;
    item *it = calloc(1, sizeof *it);
    if (!it) return NULL;
    memcpy(&it->index, b, sizeof it->index);
    memcpy(&it->t, b + sizeof(int32_t), sizeof it->t);
    memcpy(&it->P, b + sizeof(int32_t) + sizeof(cxi_task), sizeof it->P);
    it->path = strdup(b + head);
    if (!it->path) {
        free(it);
        return NULL;
    }
    it->t.P = &it->P;
    it->t.path = it->path;
    return it;
}

int cx_exp_mpi_serve(cx_exp_mpi *m, const cx_consent *consent, int jobs, char *err, size_t n)
{
    cx_consent c = *consent;
    c.quiet = 1; /* rank 0 says which native policies are loaded */
    if (c.allow_plugins) jobs = 1; /* their regimes fork: one at a time */
    server v = {.consent = &c};
    int cap = 0;
    exec x = {.take = serve_take, .run = serve_run, .ud = &v};
    sendq q = {0};
    v.lock = &x.lock;
    if (exec_start(&x, jobs < 1 ? 1 : jobs)) {
        snprintf(err, n, "rank %d: cannot start a worker thread", m->rank);
        return -1;
    }
    for (int stop = 0; !stop;) {
        int progressed = 0;
        char *b;
        int tag, src, len;
        int got = take_msg(m->comm, 0, MPI_ANY_TAG, &tag, &src, &b, &len);
        if (got < 0) fatal(m, "cannot receive from rank 0");
        if (got && tag == TAG_STOP) {
            free(b);
            stop = 1;
        } else if (got && tag == TAG_TASK) {
            item *it = unpack(b, len);
            free(b);
            pthread_mutex_lock(&x.lock);
            if (it && v.n == cap) {
                int nc = cap ? 2 * cap : 64;
                item **ni = realloc(v.items, (size_t)nc * sizeof *ni);
                int *nf = realloc(x.fin, (size_t)nc * sizeof *nf);
                if (ni) v.items = ni;
                if (nf) x.fin = nf;
                if (ni && nf) cap = x.capfin = nc;
            }
            int ok = it && v.n < cap;
            if (ok) {
                v.items[v.n++] = it;
                pthread_cond_signal(&x.wake);
            }
            pthread_mutex_unlock(&x.lock);
            if (!ok) fatal(m, "a malformed task, or out of memory");
            progressed = 1;
        } else if (got) {
            free(b);
        }
        /* finished tasks back to rank 0 */
        pthread_mutex_lock(&x.lock);
        int upto = x.nfin;
        pthread_mutex_unlock(&x.lock);
        for (; x.seen < upto; x.seen++) {
            pthread_mutex_lock(&x.lock);
            item *it = v.items[x.fin[x.seen]];
            v.items[x.fin[x.seen]] = NULL;
            pthread_mutex_unlock(&x.lock);
            size_t k = it->b.p ? it->b.n : 0;
            char *o = malloc(sizeof it->index + k);
            if (o) {
                memcpy(o, &it->index, sizeof it->index);
                if (k) memcpy(o + sizeof it->index, it->b.p, k);
            }
            if (!o || send_bytes(&q, m->comm, 0, TAG_RESULT, o, sizeof it->index + k)) fatal(m, "cannot send an outcome");
            free(it->b.p);
            free(it->path);
            free(it);
            progressed = 1;
        }
        send_progress(&q, 0);
        if (!progressed) idle(m, &x, WAIT_MS_SERVER);
    }
    exec_stop(&x);
    sendq_free(&q);
    for (int i = 0; i < v.n; i++)
        if (v.items[i]) {
            free(v.items[i]->b.p);
            free(v.items[i]->path);
            free(v.items[i]);
        }
    free(v.items);
    free(x.fin);
    return 0;
}
