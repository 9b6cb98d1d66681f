/* cx_exp_pool: runs tasks in forked worker processes (or in-process with one job), outcomes by task index.
 *
 * Tasks go to a pool of forked worker processes (each run is independent
 * and a process cannot disturb another's memory); a worker sends back one
 * binary outcome per task, and the parent stores it at the task's index, so
 * the order of results never depends on timing. With one job, tasks run
 * in-process, one after another: same code, same numbers. The outcomes live
 * in a userdata (cxi_box) whose __gc frees them, so a Lua error never leaks
 * them. */
#include "cx_exp_internal.h"
#include "cx_lua_util.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct worker {
    pid_t pid;
    int cmd;                      /* parent writes task indexes */
    int res;                      /* parent reads outcomes */
    int task;                     /* task in hand, or -1 */
} worker;

int cxi_write_all(int fd, const void *buf, size_t k)
{
    const char *p = buf;
    while (k) {
        ssize_t w = write(fd, p, k);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        k -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t k)
{
    char *p = buf;
    while (k) {
        ssize_t r = read(fd, p, k);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r;
        k -= (size_t)r;
    }
    return 0;
}

static void worker_main(const cxi_task *tasks, const cx_consent *consent, int cmd, int res)
{
    int32_t i;
    while (read_all(cmd, &i, sizeof i) == 0) {
        cxi_bbuf b = {0};
        cxi_run_task(&tasks[i], consent, &b);
        uint64_t len = b.n;
        if (cxi_write_all(res, &len, sizeof len) || cxi_write_all(res, b.p, b.n)) _exit(1);
        free(b.p);
    }
    _exit(0);
}

static void progress(const char *what, int done, int total)
{
    int w = 30, k = total ? (int)((double)done / total * w + 0.5) : w;
    fprintf(stderr, "\r%-12.12s [", what);
    for (int i = 0; i < w; i++) fputc(i < k ? '#' : '.', stderr);
    fprintf(stderr, "] %d/%d runs", done, total);
    fflush(stderr);
}

static void progress_end(void)
{
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

/* Run every task whose skip[i] is 0 (skip may be NULL). Outcomes by task
 * index; `done` (may be NULL) is called in the parent, in completion
 * order, for each. Returns 0, or -1 with a message (the failing run with
 * the lowest index, or a pool failure). */
static int pool_work(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                     cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n)
{
    int todo = 0;
    for (int i = 0; i < ntask; i++) todo += !(skip && skip[i]);
    int jobs = E->o.jobs < 1 ? 1 : E->o.jobs;
    if (jobs > todo) jobs = todo;
    cx_consent consent; /* the scenarios' policies open what the experiment's user opened */
    if (E->o.consent) consent = *E->o.consent;
    else cx_consent_default(&consent);
    consent.unsafe = E->o.unsafe;
    int finished = 0, rc = 0, stop = 0;
    if (E->o.progress && todo) progress(what, 0, todo);
    if (jobs <= 1) {
        for (int i = 0; i < ntask && !stop; i++) {
            if (skip && skip[i]) continue;
            cxi_bbuf b = {0};
            cxi_run_task(&tasks[i], &consent, &b);
            out[i].blob = b.p;
            out[i].len = b.n;
            if (cxi_blob_error(&out[i])) stop = 1;
            else if (done) done(ud, i, &out[i]);
            if (E->o.progress) progress(what, ++finished, todo);
        }
        goto report;
    }
    worker *W = calloc((size_t)jobs, sizeof *W);
    if (!W) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);
    fflush(NULL); /* nothing buffered is written twice */
    int started = 0;
    for (int w = 0; w < jobs; w++) {
        int c[2], r[2];
        if (pipe(c)) break;
        if (pipe(r)) {
            close(c[0]);
            close(c[1]);
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(c[0]), close(c[1]), close(r[0]), close(r[1]);
            break;
        }
        if (pid == 0) {
            for (int k = 0; k < w; k++) close(W[k].cmd), close(W[k].res);
            close(c[1]);
            close(r[0]);
            worker_main(tasks, &consent, c[0], r[1]);
        }
        close(c[0]);
        close(r[1]);
        W[w] = (worker){pid, c[1], r[0], -1};
        started++;
    }
    if (!started) {
        free(W);
        sigaction(SIGPIPE, &old_pipe, NULL);
        snprintf(err, n, "cannot start worker processes: %s", strerror(errno));
        return -1;
    }
    int next = 0, busy = 0;
    char pool_err[256] = "";
    /* hand out the first tasks */
    for (int w = 0; w < started; w++) {
        while (next < ntask && skip && skip[next]) next++;
        if (next >= ntask) break;
        int32_t i = next++;
        if (cxi_write_all(W[w].cmd, &i, sizeof i)) break;
        W[w].task = i;
        busy++;
    }
    struct pollfd *pf = calloc((size_t)started, sizeof *pf);
    while (busy && pf) {
        int k = 0;
        for (int w = 0; w < started; w++) pf[w] = (struct pollfd){W[w].task >= 0 ? W[w].res : -1, POLLIN, 0};
        if (poll(pf, (nfds_t)started, -1) < 0) {
            if (errno == EINTR) continue;
            snprintf(pool_err, sizeof pool_err, "poll: %s", strerror(errno));
            break;
        }
        for (int w = 0; w < started; w++) {
            if (W[w].task < 0 || !(pf[w].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            int i = W[w].task;
            uint64_t len = 0;
            char *blob = NULL;
            if (read_all(W[w].res, &len, sizeof len) || !(blob = malloc(len ? len : 1)) ||
                read_all(W[w].res, blob, len)) {
                free(blob);
                snprintf(pool_err, sizeof pool_err, "a worker process died while running run %d", i);
                W[w].task = -1;
                busy--;
                stop = 1;
                continue;
            }
            out[i].blob = blob;
            out[i].len = len;
            W[w].task = -1;
            busy--;
            k++;
            if (cxi_blob_error(&out[i])) stop = 1;
            else if (done) done(ud, i, &out[i]);
            if (E->o.progress) progress(what, ++finished, todo);
            while (!stop && next < ntask && skip && skip[next]) next++;
            if (!stop && next < ntask) {
                int32_t j = next++;
                if (cxi_write_all(W[w].cmd, &j, sizeof j) == 0) {
                    W[w].task = j;
                    busy++;
                }
            }
        }
        (void)k;
    }
    if (!pf) snprintf(pool_err, sizeof pool_err, "out of memory");
    free(pf);
    for (int w = 0; w < started; w++) {
        close(W[w].cmd);
        close(W[w].res);
    }
    for (int w = 0; w < started; w++) {
        int st;
        while (waitpid(W[w].pid, &st, 0) < 0 && errno == EINTR) {
        }
    }
    free(W);
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (*pool_err) {
        if (E->o.progress) progress_end();
        snprintf(err, n, "%s", pool_err);
        return -1;
    }
report:
    if (E->o.progress && todo) progress_end();
    for (int i = 0; i < ntask; i++) {
        if (skip && skip[i]) continue;
        const char *e = out[i].blob ? cxi_blob_error(&out[i]) : NULL;
        if (e) {
            snprintf(err, n, "%s", e);
            rc = -1;
            break;
        }
        if (!out[i].blob && !stop) {
            snprintf(err, n, "run %d did not finish", i);
            rc = -1;
            break;
        }
    }
    if (!rc && stop) {
        snprintf(err, n, "the runs were stopped");
        rc = -1;
    }
    return rc;
}

static int box_gc(lua_State *L)
{
    cxi_box *b = luaL_checkudata(L, 1, CX_EXP_BOX_MT);
    for (int i = 0; i < b->n; i++) free(b->o[i].blob);
    free(b->o);
    b->o = NULL;
    b->n = 0;
    return 0;
}

cxi_box *cxi_box_new(lua_State *L, int n)
{
    cxi_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->n = 0;
    b->o = NULL;
    luaL_setmetatable(L, CX_EXP_BOX_MT);
    b->o = calloc((size_t)(n ? n : 1), sizeof *b->o);
    if (!b->o) luaL_error(L, "out of memory");
    b->n = n;
    return b;
}

/* pool_work, its time kept off the script's wall-clock deadline. */
int cxi_pool_run(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                 cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n)
{
    double t0 = cx_lua_now();
    int rc = pool_work(E, what, tasks, ntask, skip, out, done, ud, err, n);
    if (E->budget) cx_lua_budget_pause(E->budget, t0);
    return rc;
}

/* The outcomes' metatable (its __gc frees them), hidden from scripts. */
void cxi_box_register(lua_State *L)
{
    luaL_newmetatable(L, CX_EXP_BOX_MT);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
