/* cx_lua_experiment: the `cx` Lua module and the machinery behind it.
 *
 * A run is a task: a scenario (cx_params), a seed, and whether monthly rows
 * are wanted. Tasks go to a pool of forked worker processes (each run is
 * independent and a process cannot disturb another's memory); a worker
 * sends back one binary outcome per task, and the parent stores it at the
 * task's index, so the order of results never depends on timing. With one
 * job, tasks run in-process, one after another: same code, same numbers.
 *
 * A sweep appends every finished run to a journal (one write() per record,
 * then fsync) before anything else happens; a record carries its task
 * index, its length and a checksum, so a record cut short by a kill is
 * recognised and dropped. --resume reads the journal, checks that it
 * belongs to the same sweep (a hash of every parameter of every run), and
 * runs only what is missing. The CSV is assembled from the recorded text,
 * in task order, and written to a temporary file renamed into place.
 *
 * The Lua state is the experiment's own; C resources that must survive a
 * Lua error (the pool's outcomes) live in userdata with __gc. */
#include "cx_lua_experiment.h"
#include "cx_lua_paths.h"
#include "cx_lua_util.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cx_job.h"
#include "cx_params.h"
#include "cx_results.h"
#include "cx_rng.h"
#include "cx_row.h"
#include "cx_sim.h"
#include "cx_tdist.h"

#define SCEN_MT "cx.scenario"
#define BOX_MT "cx.outcomes"
#define MAX_TASKS 1000000         /* runs in one call */
#define SEED_INDEPENDENT 0x9e3779b97f4a7c15ull /* crn=false: arm b's seeds come from seed ^ this */

/* snprintf for messages that may be cut (paths); through a va_list, so the
 * compiler does not warn about truncation, which is intended. */
static void msgf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void msgf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* The experiment's context                                             */

typedef struct exp_ctx {
    cx_experiment_opts o;         /* as given, jobs resolved */
    const char *path;             /* the experiment script */
    char dir[4096];               /* its directory (policies and scenarios relative to it) */
    cx_lua_budget *budget;        /* of the script's state: simulations pause its deadline */
} exp_ctx;

static exp_ctx *get_exp(lua_State *L) { return *(exp_ctx **)lua_getextraspace(L); }

/* ------------------------------------------------------------------ */
/* Summary metrics of a run, from its monthly rows                      */

/* A column over a run, as cx_row.h says (its `agg`): 's' summed over the
 * months (flows), 'm' mean of the months (rates, levels), 'l' the last
 * month's value (cumulative columns), 'f' the first month's. */
static int n_columns(void) { return cx_row_count(); }

static void summarise(const double *rows, int months, int ncol, double *out)
{
    for (int c = 0; c < ncol; c++) {
        char agg = cx_row_columns[c].agg;
        double s = 0, first = NAN, last = NAN;
        int k = 0;
        for (int m = 0; m < months; m++) {
            double v = rows[(size_t)m * (size_t)ncol + (size_t)c];
            if (isnan(v)) continue;
            if (!k) first = v;
            last = v;
            s += v;
            k++;
        }
        out[c] = agg == 'l' ? last : agg == 'f' ? first : k == 0 ? NAN : agg == 's' ? s : s / k;
    }
}

/* ------------------------------------------------------------------ */
/* Tasks and outcomes                                                   */

typedef struct task {
    const cx_params *P;           /* the scenario (owned by the caller) */
    const char *path;             /* scenario path for policy resolution and messages */
    uint64_t seed;                /* master seed of this run */
    int monthly;                  /* 1: keep the monthly rows */
} task;

/* One run's result as a flat blob, the same in a worker and in-process:
 *   int32 status; int32 nreg; then per regime: char label[CX_NAME_MAX],
 *   int32 months, int32 ncol, int32 has_monthly, double summary[ncol],
 *   double monthly[months * ncol] when has_monthly;
 *   or, when status != 0, the error text. */
typedef struct outcome {
    size_t len;                   /* bytes of blob */
    char *blob;                   /* NULL until done */
} outcome;

typedef struct bbuf {
    char *p;
    size_t n, cap;
    int oom;
} bbuf;

static void bput(bbuf *b, const void *src, size_t k)
{
    if (b->oom) return;
    if (b->n + k > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + k) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, k);
    b->n += k;
}

static void bput_i32(bbuf *b, int32_t v) { bput(b, &v, sizeof v); }

static void fail_blob(bbuf *b, const char *msg)
{
    b->n = 0;
    b->oom = 0;
    bput_i32(b, -1);
    bput(b, msg, strlen(msg) + 1);
}

/* Run one task into blob b. */
static void run_task(const task *t, const cx_consent *consent, bbuf *b)
{
    char err[1024];
    cx_job *J = calloc(1, sizeof *J);
    cx_params *P = malloc(sizeof *P);
    double *rows = NULL, *sum = NULL;
    if (!J || !P) {
        fail_blob(b, "out of memory");
        goto done;
    }
    *P = *t->P;
    P->seed = t->seed;
    if (cx_job_open(J, P, t->path, consent, err, sizeof err)) {
        fail_blob(b, err);
        free(J);
        J = NULL;
        goto done;
    }
    if (cx_job_run(J, err, sizeof err)) {
        fail_blob(b, err);
        goto done;
    }
    int ncol = n_columns();
    bput_i32(b, 0);
    bput_i32(b, J->n);
    for (int i = 0; i < J->n; i++) {
        const cx_sim *S = J->sim[i];
        int months = (int)cx_sim_periods(S);
        free(rows);
        rows = calloc((size_t)(months ? months : 1) * (size_t)ncol, sizeof *rows);
        free(sum);
        sum = calloc((size_t)ncol, sizeof *sum);
        if (!rows || !sum) {
            fail_blob(b, "out of memory");
            goto done;
        }
        for (int m = 0; m < months; m++) cx_sim_row(S, (size_t)m, rows + (size_t)m * (size_t)ncol);
        summarise(rows, months, ncol, sum);
        char label[CX_NAME_MAX] = {0};
        snprintf(label, sizeof label, "%s", cx_job_label(J, i));
        bput(b, label, sizeof label);
        bput_i32(b, months);
        bput_i32(b, ncol);
        bput_i32(b, t->monthly);
        bput(b, sum, (size_t)ncol * sizeof *sum);
        if (t->monthly) bput(b, rows, (size_t)months * (size_t)ncol * sizeof *rows);
    }
    if (b->oom) fail_blob(b, "out of memory");
done:
    if (J) cx_job_close(J);
    free(J);
    free(P);
    free(rows);
    free(sum);
}

/* Reading a blob. */
typedef struct rd {
    const char *p, *end;
} rd;

static int rd_get(rd *r, void *dst, size_t k)
{
    if ((size_t)(r->end - r->p) < k) return -1;
    memcpy(dst, r->p, k);
    r->p += k;
    return 0;
}

static const char *blob_error(const outcome *o)
{
    int32_t st;
    if (!o->blob || o->len < sizeof st) return "run did not finish";
    memcpy(&st, o->blob, sizeof st);
    return st ? o->blob + sizeof st : NULL;
}

/* ------------------------------------------------------------------ */
/* The pool                                                             */

typedef void (*done_fn)(void *ud, int i, const outcome *o);

typedef struct worker {
    pid_t pid;
    int cmd;                      /* parent writes task indexes */
    int res;                      /* parent reads outcomes */
    int task;                     /* task in hand, or -1 */
} worker;

static int write_all(int fd, const void *buf, size_t k)
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

static void worker_main(const task *tasks, const cx_consent *consent, int cmd, int res)
{
    int32_t i;
    while (read_all(cmd, &i, sizeof i) == 0) {
        bbuf b = {0};
        run_task(&tasks[i], consent, &b);
        uint64_t len = b.n;
        if (write_all(res, &len, sizeof len) || write_all(res, b.p, b.n)) _exit(1);
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
static int pool_work(const exp_ctx *E, const char *what, const task *tasks, int ntask, const char *skip,
                     outcome *out, done_fn done, void *ud, char *err, size_t n)
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
            bbuf b = {0};
            run_task(&tasks[i], &consent, &b);
            out[i].blob = b.p;
            out[i].len = b.n;
            if (blob_error(&out[i])) stop = 1;
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
        if (write_all(W[w].cmd, &i, sizeof i)) break;
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
            if (blob_error(&out[i])) stop = 1;
            else if (done) done(ud, i, &out[i]);
            if (E->o.progress) progress(what, ++finished, todo);
            while (!stop && next < ntask && skip && skip[next]) next++;
            if (!stop && next < ntask) {
                int32_t j = next++;
                if (write_all(W[w].cmd, &j, sizeof j) == 0) {
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
        const char *e = out[i].blob ? blob_error(&out[i]) : NULL;
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

/* Outcomes owned by a userdata, so a Lua error never leaks them. */
typedef struct box {
    int n;
    outcome *o;
} box;

static int box_gc(lua_State *L)
{
    box *b = luaL_checkudata(L, 1, BOX_MT);
    for (int i = 0; i < b->n; i++) free(b->o[i].blob);
    free(b->o);
    b->o = NULL;
    b->n = 0;
    return 0;
}

static box *new_box(lua_State *L, int n)
{
    box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->n = 0;
    b->o = NULL;
    luaL_setmetatable(L, BOX_MT);
    b->o = calloc((size_t)(n ? n : 1), sizeof *b->o);
    if (!b->o) luaL_error(L, "out of memory");
    b->n = n;
    return b;
}

/* pool_work, its time kept off the script's wall-clock deadline. */
static int pool_run(const exp_ctx *E, const char *what, const task *tasks, int ntask, const char *skip,
                    outcome *out, done_fn done, void *ud, char *err, size_t n)
{
    double t0 = cx_lua_now();
    int rc = pool_work(E, what, tasks, ntask, skip, out, done, ud, err, n);
    if (E->budget) cx_lua_budget_pause(E->budget, t0);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */

typedef struct scen {
    cx_params P;                  /* the scenario */
    char path[4096];              /* its file, or the experiment for a table */
} scen;

static scen *check_scen(lua_State *L, int idx) { return luaL_checkudata(L, idx, SCEN_MT); }

static scen *new_scen(lua_State *L)
{
    scen *s = lua_newuserdatauv(L, sizeof *s, 0);
    memset(s, 0, sizeof *s);
    luaL_setmetatable(L, SCEN_MT);
    return s;
}

/* A scenario path as written in the experiment: relative to the
 * experiment's directory when that file exists, else as given (relative to
 * the working directory). */
static void resolve_path(const exp_ctx *E, const char *name, char *out, size_t n)
{
    struct stat st;
    snprintf(out, n, "%s", name);
    if (name[0] == '/') return;
    char alt[8192];
    snprintf(alt, sizeof alt, "%s/%s", E->dir, name);
    if (!stat(alt, &st) && S_ISREG(st.st_mode)) msgf(out, n, "%s", alt);
}

/* A growable string for serialising a Lua table as scenario source. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sput(sbuf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + k + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void put_string(sbuf *b, const char *s)
{
    sput(b, "\"");
    for (; *s; s++) {
        char c[8];
        if (*s == '"' || *s == '\\') snprintf(c, sizeof c, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) snprintf(c, sizeof c, "\\%d", (unsigned char)*s);
        else snprintf(c, sizeof c, "%c", *s);
        sput(b, c);
    }
    sput(b, "\"");
}

static int valid_name(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Serialise the value at idx; returns 0 or -1 with a message in why. */
static int ser_value(lua_State *L, int idx, sbuf *b, int depth, const char *skip, char *why, size_t n)
{
    idx = lua_absindex(L, idx);
    char num[64];
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
        else snprintf(num, sizeof num, "%.17g", lua_tonumber(L, idx));
        if (strstr(num, "inf") || strstr(num, "nan")) {
            snprintf(why, n, "a number that is not finite");
            return -1;
        }
        sput(b, num);
        return 0;
    case LUA_TBOOLEAN:
        sput(b, lua_toboolean(L, idx) ? "true" : "false");
        return 0;
    case LUA_TSTRING:
        put_string(b, lua_tostring(L, idx));
        return 0;
    case LUA_TTABLE:
        break;
    default:
        snprintf(why, n, "a %s value cannot be part of a scenario", luaL_typename(L, idx));
        return -1;
    }
    if (depth > 16) {
        snprintf(why, n, "tables nested too deep");
        return -1;
    }
    lua_Integer len = (lua_Integer)lua_rawlen(L, idx);
    size_t nk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) nk++;
        else if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= len)) {
            lua_pop(L, 1);
            snprintf(why, n, "a table key that is neither a name nor a list index");
            return -1;
        }
    }
    char **keys = calloc(nk ? nk : 1, sizeof *keys);
    if (!keys) return snprintf(why, n, "out of memory"), -1;
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) keys[k++] = (char *)lua_tostring(L, -1);
    }
    qsort(keys, nk, sizeof *keys, cmp_cstr);
    int rc = 0;
    sput(b, "{\n");
    for (lua_Integer i = 1; i <= len && !rc; i++) {
        lua_rawgeti(L, idx, i);
        rc = ser_value(L, -1, b, depth + 1, NULL, why, n);
        lua_pop(L, 1);
        sput(b, ",\n");
    }
    for (size_t i = 0; i < nk && !rc; i++) {
        if (skip && !strcmp(keys[i], skip)) continue;
        if (valid_name(keys[i])) sput(b, keys[i]);
        else {
            sput(b, "[");
            put_string(b, keys[i]);
            sput(b, "]");
        }
        sput(b, " = ");
        lua_pushstring(L, keys[i]);
        lua_rawget(L, idx);
        rc = ser_value(L, -1, b, depth + 1, NULL, why, n);
        if (rc) {
            size_t l = strlen(why);
            snprintf(why + l, n - l, " (field '%s')", keys[i]);
        }
        lua_pop(L, 1);
        sput(b, ",\n");
    }
    sput(b, "}");
    free(keys);
    return rc;
}

/* Replace every occurrence of `from` in s by `to` (in place, s of size n). */
static void replace_all(char *s, size_t n, const char *from, const char *to)
{
    char out[4096];
    size_t k = 0, lf = strlen(from);
    if (!lf) return;
    for (const char *p = s; *p && k + 1 < sizeof out;) {
        if (!strncmp(p, from, lf)) {
            for (const char *t = to; *t && k + 1 < sizeof out; t++) out[k++] = *t;
            p += lf;
        } else out[k++] = *p++;
    }
    out[k] = 0;
    msgf(s, n, "%s", out);
}

/* Table scenario: {base = "file.lua", ...fields}: the base file, then the fields on top. */
static int scen_from_table(lua_State *L, int idx, scen *s)
{
    exp_ctx *E = get_exp(L);
    char err[1024];
    cx_params_default(&s->P);
    snprintf(s->path, sizeof s->path, "%s", E->path);
    lua_getfield(L, idx, "base");
    if (lua_type(L, -1) == LUA_TSTRING) {
        char base[4096];
        resolve_path(E, lua_tostring(L, -1), base, sizeof base);
        if (cx_job_load_scenario(base, &s->P, err, sizeof err)) return luaL_error(L, "cx.scenario: %s", err);
        snprintf(s->path, sizeof s->path, "%s", base);
    } else if (!lua_isnil(L, -1)) return luaL_error(L, "cx.scenario: field 'base' must be a file name");
    lua_pop(L, 1);
    sbuf b = {0};
    char why[256] = "";
    sput(&b, "return ");
    int rc = ser_value(L, idx, &b, 0, "base", why, sizeof why);
    sput(&b, "\n");
    if (rc || !b.p) {
        free(b.p);
        return luaL_error(L, "cx.scenario: %s", b.p ? why : "out of memory");
    }
    const char *tmp = getenv("TMPDIR");
    char dir[4096], file[4200];
    snprintf(dir, sizeof dir, "%s/cxsim-scenario-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        free(b.p);
        return luaL_error(L, "cx.scenario: cannot create a temporary directory: %s", strerror(errno));
    }
    snprintf(file, sizeof file, "%s/scenario.lua", dir);
    FILE *f = fopen(file, "w");
    int bad = !f || fputs(b.p, f) < 0;
    if (f && fclose(f)) bad = 1;
    free(b.p);
    rc = bad ? -1 : cx_job_load_scenario(file, &s->P, err, sizeof err);
    if (bad) msgf(err, sizeof err, "cannot write %s", file);
    unlink(file);
    rmdir(dir);
    if (rc) {
        replace_all(err, sizeof err, file, "cx.scenario{...}");
        return luaL_error(L, "cx.scenario: %s", err);
    }
    return 0;
}

/* cx.scenario(path | table | scenario) */
static int l_scenario(lua_State *L)
{
    exp_ctx *E = get_exp(L);
    int t = lua_type(L, 1);
    if (t == LUA_TUSERDATA) {
        scen *src = check_scen(L, 1);
        scen *s = new_scen(L);
        *s = *src;
        return 1;
    }
    if (t == LUA_TTABLE) {
        scen *s = new_scen(L);
        scen_from_table(L, 1, s);
        return 1;
    }
    const char *name = luaL_checkstring(L, 1);
    scen *s = new_scen(L);
    char err[1024];
    resolve_path(E, name, s->path, sizeof s->path);
    cx_params_default(&s->P);
    if (cx_job_load_scenario(s->path, &s->P, err, sizeof err)) return luaL_error(L, "%s", err);
    return 1;
}

/* Set one field: a scenario path (as --set takes it), or LABEL.client|provider.OPTION
 * (a policy option of a regime) or LABEL.client|provider.policy (its policy). */
static int set_field(cx_params *P, const char *path, const char *text, int is_string, char *err, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *d1 = strchr(buf, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (d1 && d2) {
        *d1 = 0;
        *d2 = 0;
        for (int r = 0; r < P->n_regimes; r++) {
            if (strcmp(P->regimes[r].label, buf)) continue;
            cx_policy_spec *sp = !strcmp(d1 + 1, "client") ? &P->regimes[r].client
                                 : !strcmp(d1 + 1, "provider") ? &P->regimes[r].provider
                                                               : NULL;
            if (!sp) break;
            const char *opt = d2 + 1;
            if (!strcmp(opt, "policy")) {
                if (!is_string || strlen(text) >= sizeof sp->name) {
                    snprintf(err, n, "field '%s': must be a policy name", path);
                    return -1;
                }
                snprintf(sp->name, sizeof sp->name, "%s", text);
                sp->n_options = 0;
                return 0;
            }
            char *end;
            double v = strtod(text, &end);
            if (is_string || end == text || *end || strlen(opt) >= sizeof sp->opt_name[0]) {
                snprintf(err, n, "field '%s': a policy option must be a number", path);
                return -1;
            }
            int k = 0;
            while (k < sp->n_options && strcmp(sp->opt_name[k], opt)) k++;
            if (k == sp->n_options) {
                if (k == CX_MAX_OPTIONS) {
                    snprintf(err, n, "field '%s': too many options", path);
                    return -1;
                }
                snprintf(sp->opt_name[k], sizeof sp->opt_name[k], "%s", opt);
                sp->opt_line[k] = 0;
                sp->n_options++;
            }
            sp->opt_value[k] = v;
            return 0;
        }
    }
    char why[256];
    if (cx_param_set_text(P, path, text, why, sizeof why)) {
        snprintf(err, n, "field '%s': %s", path, why);
        return -1;
    }
    return 0;
}

/* The value at idx as text for set_field; 0, or -1 for a type that cannot be set. */
static int value_text(lua_State *L, int idx, char *out, size_t n, int *is_string)
{
    *is_string = 0;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) snprintf(out, n, "%lld", (long long)lua_tointeger(L, idx));
        else snprintf(out, n, "%.17g", lua_tonumber(L, idx));
        return 0;
    case LUA_TBOOLEAN:
        snprintf(out, n, "%s", lua_toboolean(L, idx) ? "true" : "false");
        return 0;
    case LUA_TSTRING:
        snprintf(out, n, "%s", lua_tostring(L, idx));
        *is_string = 1;
        return 0;
    default:
        return -1;
    }
}

/* s:set(path, value) or s:set{path = value, ...}: returns s. */
static int l_scen_set(lua_State *L)
{
    scen *s = check_scen(L, 1);
    char text[512], err[512];
    int is_str;
    if (lua_istable(L, 2)) {
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || value_text(L, -1, text, sizeof text, &is_str))
                return luaL_error(L, "set: expects {['field.path'] = number | string | boolean}");
            if (set_field(&s->P, k, text, is_str, err, sizeof err)) return luaL_error(L, "set: %s", err);
            lua_pop(L, 1);
        }
    } else {
        const char *k = luaL_checkstring(L, 2);
        if (value_text(L, 3, text, sizeof text, &is_str)) return luaL_argerror(L, 3, "number, string or boolean");
        if (set_field(&s->P, k, text, is_str, err, sizeof err)) return luaL_error(L, "set: %s", err);
    }
    lua_settop(L, 1);
    return 1;
}

static int regime_index(const cx_params *P, const char *label)
{
    for (int r = 0; r < P->n_regimes; r++)
        if (!strcmp(P->regimes[r].label, label)) return r;
    return -1;
}

static void push_labels(lua_State *L, const cx_params *P)
{
    lua_createtable(L, P->n_regimes, 0);
    for (int r = 0; r < P->n_regimes; r++) {
        lua_pushstring(L, P->regimes[r].label);
        lua_rawseti(L, -2, r + 1);
    }
}

/* s:regime(label): a copy with that regime only. */
static int l_scen_regime(lua_State *L)
{
    scen *s = check_scen(L, 1);
    const char *label = luaL_checkstring(L, 2);
    int r = regime_index(&s->P, label);
    if (r < 0) {
        push_labels(L, &s->P);
        return luaL_error(L, "scenario has no regime '%s'", label);
    }
    scen *c = new_scen(L);
    *c = *s;
    c->P.regimes[0] = s->P.regimes[r];
    c->P.n_regimes = 1;
    return 1;
}

/* s:get(path): a scalar field's value. */
static int l_scen_get(lua_State *L)
{
    scen *s = check_scen(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const cx_param_desc *d = cx_param_find(cx_param_table, path);
    if (!d) return luaL_error(L, "get: unknown field '%s'", path);
    const char *base = (const char *)&s->P + d->offset;
    switch (d->type) {
    case CX_PT_REAL: lua_pushnumber(L, *(const double *)base); break;
    case CX_PT_INT: lua_pushinteger(L, *(const int *)base); break;
    case CX_PT_BOOL: lua_pushboolean(L, *(const int *)base); break;
    case CX_PT_SEED: lua_pushinteger(L, (lua_Integer) * (const uint64_t *)base); break;
    case CX_PT_ENUM: lua_pushstring(L, d->names[*(const int *)base]); break;
    case CX_PT_TEXT: lua_pushstring(L, base); break;
    default: return luaL_error(L, "get: field '%s' is a list", path);
    }
    return 1;
}

static int l_scen_index(lua_State *L)
{
    scen *s = check_scen(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "name")) lua_pushstring(L, s->P.name);
    else if (!strcmp(k, "seed")) lua_pushinteger(L, (lua_Integer)s->P.seed);
    else if (!strcmp(k, "years")) lua_pushnumber(L, s->P.years);
    else if (!strcmp(k, "path")) lua_pushstring(L, s->path);
    else if (!strcmp(k, "regimes")) push_labels(L, &s->P);
    else {
        luaL_getmetatable(L, SCEN_MT);
        lua_getfield(L, -1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

static int l_scen_tostring(lua_State *L)
{
    scen *s = check_scen(L, 1);
    lua_pushfstring(L, "scenario '%s' (%s, %d regimes)", s->P.name, s->path, s->P.n_regimes);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Run options and results                                              */

/* Options common to run, replicate, compare, sweep, from the table at idx
 * (may be none): a modified copy of the scenario in *P. */
static void apply_opts(lua_State *L, int idx, const scen *s, cx_params *P, int *monthly, const char *fn)
{
    char err[512], text[512];
    *P = s->P;
    if (monthly) *monthly = 1;
    if (lua_isnoneornil(L, idx)) goto check;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "set");
    if (lua_istable(L, -1)) {
        /* sorted, so that errors and overrides are deterministic */
        int t = lua_gettop(L), nk = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) lua_pop(L, 1), nk++;
        const char **keys = lua_newuserdatauv(L, (size_t)(nk ? nk : 1) * sizeof *keys, 0);
        int k = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "%s: set: keys must be field paths", fn);
            keys[k++] = lua_tostring(L, -1);
        }
        qsort(keys, (size_t)nk, sizeof *keys, cmp_cstr);
        for (int i = 0; i < nk; i++) {
            int is_str;
            lua_getfield(L, t, keys[i]);
            if (value_text(L, -1, text, sizeof text, &is_str))
                luaL_error(L, "%s: set: field '%s': number, string or boolean", fn, keys[i]);
            if (set_field(P, keys[i], text, is_str, err, sizeof err)) luaL_error(L, "%s: set: %s", fn, err);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) luaL_error(L, "%s: set must be a table {['field.path'] = value}", fn);
    lua_pop(L, 1);
    lua_getfield(L, idx, "seed");
    if (!lua_isnil(L, -1)) {
        if (!lua_isinteger(L, -1)) luaL_error(L, "%s: seed must be a whole number", fn);
        P->seed = (uint64_t)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "years");
    if (!lua_isnil(L, -1)) {
        int ok;
        double y = lua_tonumberx(L, -1, &ok);
        if (!ok || !(y > 0 && y <= 50)) luaL_error(L, "%s: years must be a number above 0, at most 50", fn);
        P->years = y;
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "regime");
    if (lua_type(L, -1) == LUA_TSTRING) {
        int r = regime_index(P, lua_tostring(L, -1));
        if (r < 0) luaL_error(L, "%s: the scenario has no regime '%s'", fn, lua_tostring(L, -1));
        P->regimes[0] = P->regimes[r];
        P->n_regimes = 1;
    } else if (!lua_isnil(L, -1)) luaL_error(L, "%s: regime must be a label", fn);
    lua_pop(L, 1);
    if (monthly) {
        lua_getfield(L, idx, "monthly");
        if (!lua_isnil(L, -1)) *monthly = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
check:;
    const char *field;
    if (cx_params_check(P, &field, err, sizeof err)) luaL_error(L, "%s: field '%s': %s", fn, field, err);
}

/* Push the regimes of an outcome: a list of regime tables, also keyed by label. */
static void push_outcome(lua_State *L, const outcome *o, int rep, uint64_t seed)
{
    rd r = {o->blob + sizeof(int32_t), o->blob + o->len};
    int32_t nreg = 0;
    rd_get(&r, &nreg, sizeof nreg);
    lua_createtable(L, nreg, nreg);
    for (int i = 0; i < nreg; i++) {
        char label[CX_NAME_MAX];
        int32_t months = 0, ncol = 0, has_monthly = 0;
        rd_get(&r, label, sizeof label);
        rd_get(&r, &months, sizeof months);
        rd_get(&r, &ncol, sizeof ncol);
        rd_get(&r, &has_monthly, sizeof has_monthly);
        label[CX_NAME_MAX - 1] = 0;
        lua_createtable(L, 0, 8);
        lua_pushstring(L, label);
        lua_setfield(L, -2, "label");
        lua_pushinteger(L, rep);
        lua_setfield(L, -2, "rep");
        lua_pushinteger(L, (lua_Integer)seed);
        lua_setfield(L, -2, "seed");
        lua_pushinteger(L, months);
        lua_setfield(L, -2, "months");
        lua_createtable(L, 0, ncol);
        for (int c = 0; c < ncol; c++) {
            double v = 0;
            rd_get(&r, &v, sizeof v);
            lua_pushnumber(L, v);
            lua_setfield(L, -2, cx_row_columns[c].name);
        }
        lua_setfield(L, -2, "summary");
        if (has_monthly) {
            const char *base = r.p;
            lua_createtable(L, 0, ncol);
            for (int c = 0; c < ncol; c++) {
                lua_createtable(L, months, 0);
                for (int m = 0; m < months; m++) {
                    double v;
                    memcpy(&v, base + ((size_t)m * (size_t)ncol + (size_t)c) * sizeof v, sizeof v);
                    lua_pushnumber(L, v);
                    lua_rawseti(L, -2, m + 1);
                }
                lua_setfield(L, -2, cx_row_columns[c].name);
            }
            lua_setfield(L, -2, "monthly");
            r.p += (size_t)months * (size_t)ncol * sizeof(double);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, label);
        lua_rawseti(L, -2, i + 1);
    }
}

/* Run tasks into a box on the stack; raise a Lua error when a run fails. */
static box *run_tasks(lua_State *L, const char *what, const task *tasks, int ntask)
{
    exp_ctx *E = get_exp(L);
    box *b = new_box(L, ntask);
    char err[1024];
    if (pool_run(E, what, tasks, ntask, NULL, b->o, NULL, NULL, err, sizeof err))
        luaL_error(L, "%s: %s", what, err);
    return b;
}

/* cx.run(scenario, opts) */
static int l_run(lua_State *L)
{
    lua_settop(L, 2);
    scen *s = check_scen(L, 1);
    cx_params *P = lua_newuserdatauv(L, sizeof *P, 0);
    int monthly;
    apply_opts(L, 2, s, P, &monthly, "cx.run");
    task t = {P, s->path, P->seed, monthly};
    box *b = run_tasks(L, "cx.run", &t, 1);
    push_outcome(L, &b->o[0], 0, P->seed);
    return 1;
}

/* Mean, sd, 95% half-width of xs[0..n) into a table on the stack. */
static void push_stats(lua_State *L, const double *xs, int n)
{
    double mean = 0, ss = 0;
    for (int i = 0; i < n; i++) mean += xs[i];
    mean /= n > 0 ? n : 1;
    for (int i = 0; i < n; i++) ss += (xs[i] - mean) * (xs[i] - mean);
    double sd = n > 1 ? sqrt(ss / (n - 1)) : NAN;
    double half = n > 1 ? cx_t_quantile(0.975, n - 1) * sd / sqrt(n) : NAN;
    lua_createtable(L, 0, 6);
    lua_pushnumber(L, mean);
    lua_setfield(L, -2, "mean");
    lua_pushnumber(L, sd);
    lua_setfield(L, -2, "sd");
    lua_pushnumber(L, half);
    lua_setfield(L, -2, "half");
    lua_pushnumber(L, mean - half);
    lua_setfield(L, -2, "lo");
    lua_pushnumber(L, mean + half);
    lua_setfield(L, -2, "hi");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
}

/* The summary value of metric `col` for regime `label` of an outcome (NAN when absent). */
static double outcome_metric(const outcome *o, const char *label, int col)
{
    rd r = {o->blob + sizeof(int32_t), o->blob + o->len};
    int32_t nreg = 0;
    rd_get(&r, &nreg, sizeof nreg);
    for (int i = 0; i < nreg; i++) {
        char lab[CX_NAME_MAX];
        int32_t months = 0, ncol = 0, has_monthly = 0;
        rd_get(&r, lab, sizeof lab);
        rd_get(&r, &months, sizeof months);
        rd_get(&r, &ncol, sizeof ncol);
        rd_get(&r, &has_monthly, sizeof has_monthly);
        lab[CX_NAME_MAX - 1] = 0;
        if (!label || !strcmp(lab, label)) {
            double v = NAN;
            if (col < ncol) memcpy(&v, r.p + (size_t)col * sizeof v, sizeof v);
            return v;
        }
        r.p += (size_t)ncol * sizeof(double);
        if (has_monthly) r.p += (size_t)months * (size_t)ncol * sizeof(double);
    }
    return NAN;
}

static int opt_int(lua_State *L, int idx, const char *field, int def, int lo, int hi, const char *fn)
{
    if (lua_isnoneornil(L, idx)) return def;
    lua_getfield(L, idx, field);
    int v = def;
    if (!lua_isnil(L, -1)) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < lo || lua_tointeger(L, -1) > hi)
            luaL_error(L, "%s: %s must be a whole number from %d to %d", fn, field, lo, hi);
        v = (int)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* cx.replicate(scenario, n, opts): n runs, seed cx_rng_mix(seed, r) for r = 0..n-1. */
static int l_replicate(lua_State *L)
{
    lua_settop(L, 3);
    scen *s = check_scen(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 1 && n <= MAX_TASKS, 2, "replications from 1 to 1000000");
    cx_params *P = lua_newuserdatauv(L, sizeof *P, 0);
    int monthly;
    apply_opts(L, 3, s, P, &monthly, "cx.replicate");
    task *tasks = lua_newuserdatauv(L, (size_t)n * sizeof *tasks, 0);
    for (int r = 0; r < n; r++) tasks[r] = (task){P, s->path, cx_rng_mix(P->seed, (uint64_t)r), monthly};
    box *b = run_tasks(L, "cx.replicate", tasks, (int)n);
    int bi = lua_gettop(L);
    lua_createtable(L, (int)n, 2);
    int res = lua_gettop(L);
    for (int r = 0; r < n; r++) {
        push_outcome(L, &b->o[r], r, tasks[r].seed);
        lua_rawseti(L, res, r + 1);
    }
    /* stats[label][metric] = {mean, sd, half, lo, hi, n} */
    int ncol = n_columns();
    double *xs = lua_newuserdatauv(L, (size_t)n * sizeof *xs, 0);
    lua_newtable(L);
    int nreg = P->n_regimes ? P->n_regimes : 1;
    lua_rawgeti(L, res, 1);
    for (int g = 0; g < nreg; g++) {
        lua_rawgeti(L, -1, g + 1);
        lua_getfield(L, -1, "label");
        const char *label = lua_tostring(L, -1);
        lua_newtable(L);
        for (int c = 0; c < ncol; c++) {
            for (int r = 0; r < n; r++) xs[r] = outcome_metric(&b->o[r], label, c);
            push_stats(L, xs, (int)n);
            lua_setfield(L, -2, cx_row_columns[c].name);
        }
        lua_setfield(L, -5, label);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    lua_setfield(L, res, "stats");
    lua_pop(L, 1); /* xs */
    (void)bi;
    return 1;
}

/* An arm of a comparison: a scenario (its only or first regime, or
 * opts.regime) or a regime label of the scenario given first. */
typedef struct arm {
    scen *s;
    int regime;                   /* index, or -1 for all (a scenario without regimes) */
    const char *label;
} arm;

static void arm_params(const arm *a, cx_params *P)
{
    *P = a->s->P;
    if (a->regime >= 0) {
        P->regimes[0] = a->s->P.regimes[a->regime];
        P->n_regimes = 1;
    }
}

/* cx.compare(a, b, opts) with a, b scenarios; or cx.compare(s, 'label_a', 'label_b', opts). */
static int l_compare(lua_State *L)
{
    lua_settop(L, 4);
    arm A = {0}, B = {0};
    int oi;
    if (lua_type(L, 2) == LUA_TSTRING) {
        scen *s = check_scen(L, 1);
        const char *la = luaL_checkstring(L, 2), *lb = luaL_checkstring(L, 3);
        A = (arm){s, regime_index(&s->P, la), la};
        B = (arm){s, regime_index(&s->P, lb), lb};
        if (A.regime < 0) return luaL_error(L, "cx.compare: the scenario has no regime '%s'", la);
        if (B.regime < 0) return luaL_error(L, "cx.compare: the scenario has no regime '%s'", lb);
        oi = 4;
    } else {
        A.s = check_scen(L, 1);
        B.s = check_scen(L, 2);
        oi = 3;
        const char *want = NULL;
        if (lua_istable(L, oi)) {
            lua_getfield(L, oi, "regime");
            want = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        arm *arms[2] = {&A, &B};
        for (int k = 0; k < 2; k++) {
            arm *a = arms[k];
            a->regime = a->s->P.n_regimes ? 0 : -1;
            if (want) a->regime = regime_index(&a->s->P, want);
            if (want && a->regime < 0) return luaL_error(L, "cx.compare: a scenario has no regime '%s'", want);
            a->label = a->regime >= 0 ? a->s->P.regimes[a->regime].label : a->s->P.name;
        }
    }
    int reps = opt_int(L, oi, "reps", 10, 2, MAX_TASKS / 2, "cx.compare");
    int crn = 1;
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "crn");
        if (!lua_isnil(L, -1)) crn = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    /* both arms get the options (seed, years, set) */
    cx_params *PA = lua_newuserdatauv(L, sizeof *PA, 0);
    cx_params *PB = lua_newuserdatauv(L, sizeof *PB, 0);
    scen *sa = new_scen(L), *sb = new_scen(L);
    arm_params(&A, &sa->P);
    arm_params(&B, &sb->P);
    snprintf(sa->path, sizeof sa->path, "%s", A.s->path);
    snprintf(sb->path, sizeof sb->path, "%s", B.s->path);
    lua_pushvalue(L, oi);
    int oc = lua_gettop(L);
    if (lua_istable(L, oc)) { /* regime was used to pick the arms */
        lua_newtable(L);
        lua_pushnil(L);
        while (lua_next(L, oc)) {
            if (lua_type(L, -2) == LUA_TSTRING && !strcmp(lua_tostring(L, -2), "regime")) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        }
        lua_replace(L, oc);
    }
    apply_opts(L, oc, sa, PA, NULL, "cx.compare");
    apply_opts(L, oc, sb, PB, NULL, "cx.compare");
    uint64_t seed = PA->seed;
    task *tasks = lua_newuserdatauv(L, 2 * (size_t)reps * sizeof *tasks, 0);
    for (int r = 0; r < reps; r++) {
        tasks[2 * r] = (task){PA, sa->path, cx_rng_mix(seed, (uint64_t)r), 0};
        tasks[2 * r + 1] = (task){PB, sb->path,
                                  crn ? cx_rng_mix(seed, (uint64_t)r) : cx_rng_mix(seed ^ SEED_INDEPENDENT, (uint64_t)r), 0};
    }
    box *b = run_tasks(L, "cx.compare", tasks, 2 * reps);
    /* metrics: opts.metrics, or every column */
    int ncol = n_columns();
    int *cols = lua_newuserdatauv(L, (size_t)ncol * sizeof *cols, 0);
    int nm = 0;
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "metrics");
        if (lua_istable(L, -1)) {
            lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
            for (lua_Integer i = 1; i <= len && nm < ncol; i++) {
                lua_rawgeti(L, -1, i);
                const char *name = lua_tostring(L, -1);
                int c = name ? cx_row_find(name) : -1;
                if (c < 0) return luaL_error(L, "cx.compare: unknown metric '%s' (see cx.metrics())", name ? name : "?");
                cols[nm++] = c;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    if (!nm)
        for (int c = 0; c < ncol; c++) cols[nm++] = c;
    double *xa = lua_newuserdatauv(L, (size_t)reps * sizeof *xa, 0);
    double *xb = lua_newuserdatauv(L, (size_t)reps * sizeof *xb, 0);
    double *xd = lua_newuserdatauv(L, (size_t)reps * sizeof *xd, 0);
    lua_createtable(L, 0, nm + 6);
    int res = lua_gettop(L);
    const char *la = A.regime >= 0 ? sa->P.regimes[0].label : NULL;
    const char *lb = B.regime >= 0 ? sb->P.regimes[0].label : NULL;
    lua_createtable(L, nm, 0);
    for (int k = 0; k < nm; k++) {
        int c = cols[k];
        for (int r = 0; r < reps; r++) {
            xa[r] = outcome_metric(&b->o[2 * r], la, c);
            xb[r] = outcome_metric(&b->o[2 * r + 1], lb, c);
            xd[r] = xb[r] - xa[r];
        }
        push_stats(L, xd, reps); /* the paired difference b - a */
        lua_pushstring(L, cx_row_columns[c].name);
        lua_setfield(L, -2, "metric");
        push_stats(L, xa, reps);
        lua_setfield(L, -2, "a");
        push_stats(L, xb, reps);
        lua_setfield(L, -2, "b");
        lua_pushvalue(L, -1);
        lua_setfield(L, res, cx_row_columns[c].name);
        lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, res, "metrics");
    lua_pushstring(L, A.label);
    lua_setfield(L, res, "label_a");
    lua_pushstring(L, B.label);
    lua_setfield(L, res, "label_b");
    lua_pushinteger(L, reps);
    lua_setfield(L, res, "reps");
    lua_pushboolean(L, crn);
    lua_setfield(L, res, "crn");
    lua_pushinteger(L, (lua_Integer)seed);
    lua_setfield(L, res, "seed");
    return 1;
}

/* ------------------------------------------------------------------ */
/* Sweeps: grid x replications, journal, resume                          */

static uint64_t fnv(uint64_t h, const void *p, size_t k)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < k; i++) {
        h ^= c[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* A hash of every input of a run, field by field (no padding bytes). */
static uint64_t hash_table(uint64_t h, const void *base, const cx_param_desc *t)
{
    for (const cx_param_desc *d = t; d->path; d++) {
        const char *p = (const char *)base + d->offset;
        h = fnv(h, d->path, strlen(d->path));
        switch (d->type) {
        case CX_PT_REAL: h = fnv(h, p, sizeof(double)); break;
        case CX_PT_INT:
        case CX_PT_BOOL:
        case CX_PT_ENUM: h = fnv(h, p, sizeof(int)); break;
        case CX_PT_SEED: h = fnv(h, p, sizeof(uint64_t)); break;
        case CX_PT_TEXT: h = fnv(h, p, strlen(p)); break;
        case CX_PT_REALS: h = fnv(h, p, (size_t)d->count * sizeof(double)); break;
        case CX_PT_POLICY: {
            const cx_policy_spec *sp = (const cx_policy_spec *)p;
            h = fnv(h, sp->name, strlen(sp->name) + 1);
            for (int o = 0; o < sp->n_options; o++) {
                h = fnv(h, sp->opt_name[o], strlen(sp->opt_name[o]) + 1);
                h = fnv(h, &sp->opt_value[o], sizeof(double));
            }
            break;
        }
        case CX_PT_RECORDS: {
            int cnt = *(const int *)((const char *)base + d->count_offset);
            h = fnv(h, &cnt, sizeof cnt);
            for (int i = 0; i < cnt; i++) h = hash_table(h, p + (size_t)i * d->elem_size, d->fields);
            break;
        }
        default: /* a field type added later: hash its name only (resume then trusts it) */
            break;
        }
    }
    return h;
}

/* Regimes and their policies are records of the table too. */
static uint64_t hash_params(uint64_t h, const cx_params *P) { return hash_table(h, P, cx_param_table); }

typedef struct sweep {
    const exp_ctx *E;
    int ntask;
    int nparam;
    int reps;
    int ncols;                    /* metrics written */
    int *cols;                    /* their column indexes */
    char **combo_text;            /* per combination: "v1,v2," (CSV cells of the grid values) */
    const char *scen_name;        /* CSV cell */
    task *tasks;                  /* combination-major, replication-minor */
    char **rows;                  /* per task: its CSV rows */
    int jfd;                      /* journal, append-only */
    char jpath[4200];             /* its path, for messages */
    cx_lua_out out;               /* the CSV's directory and name (the journal sits beside it) */
    int jerr;                     /* errno of a failed journal write */
} sweep;

static void csv_cell(sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        sput(b, s);
        return;
    }
    sput(b, "\"");
    for (; *s; s++) sput(b, *s == '"' ? "\"\"" : (char[2]){*s, 0});
    sput(b, "\"");
}

static void csv_number(sbuf *b, double v)
{
    char num[64];
    if (isnan(v)) snprintf(num, sizeof num, "NA");
    else snprintf(num, sizeof num, "%.10g", v);
    sput(b, num);
}

/* The CSV rows of task i (one per regime). */
static char *sweep_rows(const sweep *sw, int i, const outcome *o)
{
    sbuf b = {0};
    rd r = {o->blob + sizeof(int32_t), o->blob + o->len};
    int32_t nreg = 0;
    rd_get(&r, &nreg, sizeof nreg);
    int combo = i / sw->reps, rep = i % sw->reps;
    for (int g = 0; g < nreg; g++) {
        char label[CX_NAME_MAX];
        int32_t months = 0, ncol = 0, has_monthly = 0;
        rd_get(&r, label, sizeof label);
        rd_get(&r, &months, sizeof months);
        rd_get(&r, &ncol, sizeof ncol);
        rd_get(&r, &has_monthly, sizeof has_monthly);
        label[CX_NAME_MAX - 1] = 0;
        const char *sum = r.p;
        r.p += (size_t)ncol * sizeof(double);
        if (has_monthly) r.p += (size_t)months * (size_t)ncol * sizeof(double);
        char num[64];
        csv_cell(&b, sw->scen_name);
        sput(&b, ",");
        sput(&b, sw->combo_text[combo]);
        csv_cell(&b, label);
        snprintf(num, sizeof num, ",%d,%llu", rep, (unsigned long long)sw->tasks[i].seed);
        sput(&b, num);
        for (int k = 0; k < sw->ncols; k++) {
            double v = NAN;
            if (sw->cols[k] < ncol) memcpy(&v, sum + (size_t)sw->cols[k] * sizeof v, sizeof v);
            sput(&b, ",");
            csv_number(&b, v);
        }
        sput(&b, "\n");
    }
    if (!b.p) sput(&b, "");
    return b.p;
}

static uint32_t checksum(const char *s, size_t n) { return (uint32_t)fnv(0xcbf29ce484222325ull, s, n); }

/* A finished run: its rows, then a journal record (one write, fsync). */
static void sweep_done(void *ud, int i, const outcome *o)
{
    sweep *sw = ud;
    char *rows = sweep_rows(sw, i, o);
    if (!rows) return;
    sw->rows[i] = rows;
    size_t k = strlen(rows);
    char head[96];
    int h = snprintf(head, sizeof head, "run %d %zu %08x\n", i, k, checksum(rows, k));
    char *rec = malloc((size_t)h + k);
    if (!rec) return;
    memcpy(rec, head, (size_t)h);
    memcpy(rec + h, rows, k);
    if (write_all(sw->jfd, rec, (size_t)h + k) || fsync(sw->jfd)) sw->jerr = errno ? errno : EIO;
    free(rec);
}

/* Read the journal: fill sw->rows of the runs it holds, truncate a torn
 * tail. Returns the runs found, or -1 when it belongs to another sweep. */
static int journal_read(sweep *sw, const char *want_head, char *err, size_t n)
{
    int fd = cx_lua_out_sibling(&sw->out, ".journal", O_RDWR);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r+b");
    if (!f) {
        if (fd >= 0) close(fd);
        if (errno == ENOENT) return 0;
        msgf(err, n, "%s: %s", sw->jpath, strerror(errno));
        return -1;
    }
    char line[256];
    int found = 0;
    if (!fgets(line, sizeof line, f) || strcmp(line, want_head)) {
        fclose(f);
        msgf(err, n, "%s belongs to another sweep (different scenario, grid, replications or "
                 "metrics); delete it or run without --resume", sw->jpath);
        return -1;
    }
    long good = ftell(f);
    for (;;) {
        int i;
        size_t k;
        unsigned sum;
        if (!fgets(line, sizeof line, f) || sscanf(line, "run %d %zu %x", &i, &k, &sum) != 3) break;
        if (i < 0 || i >= sw->ntask || k > (64u << 20)) break;
        char *rows = malloc(k + 1);
        if (!rows) break;
        if (fread(rows, 1, k, f) != k || checksum(rows, k) != sum) {
            free(rows);
            break;
        }
        rows[k] = 0;
        if (!sw->rows[i]) found++;
        free(sw->rows[i]);
        sw->rows[i] = rows;
        good = ftell(f);
    }
    int bad = ftruncate(fileno(f), good);
    fclose(f);
    if (bad) {
        msgf(err, n, "%s: cannot truncate: %s", sw->jpath, strerror(errno));
        return -1;
    }
    return found;
}

static int sweep_gc(lua_State *L)
{
    sweep *sw = lua_touserdata(L, 1);
    if (sw->rows)
        for (int i = 0; i < sw->ntask; i++) free(sw->rows[i]);
    free(sw->rows);
    sw->rows = NULL;
    if (sw->combo_text) {
        int ncombo = sw->reps ? sw->ntask / sw->reps : 0;
        for (int i = 0; i < ncombo; i++) free(sw->combo_text[i]);
    }
    free(sw->combo_text);
    sw->combo_text = NULL;
    if (sw->jfd >= 0) close(sw->jfd);
    sw->jfd = -1;
    cx_lua_out_close(&sw->out);
    return 0;
}

/* Split one CSV line (no newline) into cells pushed as a Lua table
 * {cell1, cell2, ...}; quoted cells are unquoted. */
static void push_csv_cells(lua_State *L, const char *line, const char *end)
{
    lua_newtable(L);
    int k = 0;
    sbuf cell = {0};
    const char *p = line;
    while (p <= end) {
        cell.n = 0;
        sput(&cell, "");
        if (p < end && *p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"' && p + 1 < end && p[1] == '"') sput(&cell, "\""), p++;
                else if (*p == '"') {
                    p++;
                    break;
                } else sput(&cell, (char[2]){*p, 0});
            }
        } else {
            for (; p < end && *p != ','; p++) sput(&cell, (char[2]){*p, 0});
        }
        lua_pushstring(L, cell.p ? cell.p : "");
        lua_rawseti(L, -2, ++k);
        p++; /* the comma, or past the end */
    }
    free(cell.p);
}

/* Rows of CSV text as Lua tables keyed by the header's names; numeric
 * cells become numbers. The table is left on the stack. */
static void push_csv_rows(lua_State *L, const char *head, char *const *rows, int nrows)
{
    const char *he = strchr(head, '\n');
    push_csv_cells(L, head, he ? he : head + strlen(head));
    int hi = lua_gettop(L);
    lua_Integer nh = (lua_Integer)lua_rawlen(L, hi);
    lua_newtable(L);
    int out = lua_gettop(L), n = 0;
    for (int i = 0; i < nrows; i++) {
        for (const char *line = rows[i]; line && *line;) {
            const char *e = strchr(line, '\n');
            if (!e) e = line + strlen(line);
            push_csv_cells(L, line, e);
            int ci = lua_gettop(L);
            lua_createtable(L, 0, (int)nh);
            for (lua_Integer c = 1; c <= nh; c++) {
                lua_rawgeti(L, hi, c);
                lua_rawgeti(L, ci, c);
                const char *v = lua_tostring(L, -1);
                if (v && strcmp(v, "NA") && lua_stringtonumber(L, v)) lua_remove(L, -2);
                else if (v && !strcmp(v, "NA")) {
                    lua_pop(L, 1);
                    lua_pushnumber(L, NAN);
                }
                lua_settable(L, -3);
            }
            lua_rawseti(L, out, ++n);
            lua_pop(L, 1);
            line = *e ? e + 1 : e;
        }
    }
    lua_remove(L, hi);
}

/* cx.sweep(scenario, {['path'] = {values}}, reps, {out=, seed=, years=, set=, metrics=}) */
static int l_sweep(lua_State *L)
{
    lua_settop(L, 4);
    exp_ctx *E = get_exp(L);
    scen *s = check_scen(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer reps = luaL_checkinteger(L, 3);
    luaL_argcheck(L, reps >= 1 && reps <= MAX_TASKS, 3, "replications from 1 to 1000000");
    int oi = 4;
    if (!lua_isnoneornil(L, oi)) luaL_checktype(L, oi, LUA_TTABLE);
    cx_params *base = lua_newuserdatauv(L, sizeof *base, 0);
    apply_opts(L, oi, s, base, NULL, "cx.sweep");
    const char *out = "sweep.csv";
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "out");
        if (lua_isstring(L, -1)) out = lua_tostring(L, -1);
        lua_pop(L, 1); /* the options table keeps the string alive */
    }
    /* the grid: parameter paths sorted; the first varies slowest */
    int np = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1) || lua_rawlen(L, -1) == 0)
            return luaL_error(L, "cx.sweep: the grid maps field paths to non-empty lists of values");
        lua_pop(L, 1);
        np++;
    }
    const char **paths = lua_newuserdatauv(L, (size_t)(np ? np : 1) * sizeof *paths, 0);
    int *len = lua_newuserdatauv(L, (size_t)(np ? np : 1) * sizeof *len, 0);
    np = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        paths[np++] = lua_tostring(L, -1);
    }
    qsort(paths, (size_t)np, sizeof *paths, cmp_cstr);
    long ncombo = 1;
    for (int p = 0; p < np; p++) {
        lua_getfield(L, 2, paths[p]);
        len[p] = (int)lua_rawlen(L, -1);
        lua_pop(L, 1);
        ncombo *= len[p];
        if (ncombo * reps > MAX_TASKS) return luaL_error(L, "cx.sweep: more than %d runs", MAX_TASKS);
    }
    int ntask = (int)(ncombo * reps);
    cx_params *Ps = lua_newuserdatauv(L, (size_t)ncombo * sizeof *Ps, 0);
    task *tasks = lua_newuserdatauv(L, (size_t)ntask * sizeof *tasks, 0);
    sweep *sw = lua_newuserdatauv(L, sizeof *sw, 0);
    memset(sw, 0, sizeof *sw);
    sw->jfd = -1;
    cx_lua_out_init(&sw->out);
    lua_newtable(L);
    lua_pushcfunction(L, sweep_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    int swi = lua_gettop(L);
    sw->E = E;
    sw->reps = (int)reps;
    sw->ntask = ntask;
    sw->nparam = np;
    sw->tasks = tasks;
    sw->scen_name = base->name;
    sw->rows = calloc((size_t)ntask, sizeof *sw->rows);
    sw->combo_text = calloc((size_t)ncombo, sizeof *sw->combo_text);
    if (!sw->rows || !sw->combo_text) return luaL_error(L, "cx.sweep: out of memory");
    /* metrics */
    int ncol = n_columns();
    sw->cols = lua_newuserdatauv(L, (size_t)ncol * sizeof *sw->cols, 0);
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "metrics");
        if (lua_istable(L, -1)) {
            lua_Integer ml = (lua_Integer)lua_rawlen(L, -1);
            for (lua_Integer i = 1; i <= ml && sw->ncols < ncol; i++) {
                lua_rawgeti(L, -1, i);
                const char *name = lua_tostring(L, -1);
                int c = name ? cx_row_find(name) : -1;
                if (c < 0) return luaL_error(L, "cx.sweep: unknown metric '%s' (see cx.metrics())", name ? name : "?");
                sw->cols[sw->ncols++] = c;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    if (!sw->ncols)
        for (int c = 0; c < ncol; c++) sw->cols[sw->ncols++] = c;
    /* combinations */
    char err[1024], text[512];
    uint64_t h = 0xcbf29ce484222325ull;
    for (long c = 0; c < ncombo; c++) {
        Ps[c] = *base;
        sbuf cell = {0};
        long div = ncombo;
        for (int p = 0; p < np; p++) {
            div /= len[p];
            int k = (int)((c / div) % len[p]);
            lua_getfield(L, 2, paths[p]);
            lua_rawgeti(L, -1, k + 1);
            int is_str;
            if (value_text(L, -1, text, sizeof text, &is_str)) {
                free(cell.p);
                return luaL_error(L, "cx.sweep: field '%s': values must be numbers, strings or booleans", paths[p]);
            }
            if (set_field(&Ps[c], paths[p], text, is_str, err, sizeof err)) {
                free(cell.p);
                return luaL_error(L, "cx.sweep: %s", err);
            }
            char shown[64];
            if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1))
                snprintf(shown, sizeof shown, "%.15g", lua_tonumber(L, -1));
            csv_cell(&cell, lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1) ? shown : text);
            sput(&cell, ",");
            lua_pop(L, 2);
        }
        const char *field;
        if (cx_params_check(&Ps[c], &field, err, sizeof err)) {
            free(cell.p);
            return luaL_error(L, "cx.sweep: combination %d: field '%s': %s", (int)c + 1, field, err);
        }
        if (!cell.p) sput(&cell, "");
        sw->combo_text[c] = cell.p;
        h = hash_params(h, &Ps[c]);
        for (int r = 0; r < reps; r++)
            tasks[c * reps + r] = (task){&Ps[c], s->path, cx_rng_mix(Ps[c].seed, (uint64_t)r), 0};
    }
    /* the CSV header, part of the journal's identity */
    sbuf head = {0};
    sput(&head, "scenario,");
    for (int p = 0; p < np; p++) {
        csv_cell(&head, paths[p]);
        sput(&head, ",");
    }
    sput(&head, "regime,rep,seed");
    for (int k = 0; k < sw->ncols; k++) {
        sput(&head, ",");
        sput(&head, cx_row_columns[sw->cols[k]].name);
    }
    sput(&head, "\n");
    if (!head.p) return luaL_error(L, "cx.sweep: out of memory");
    h = fnv(h, head.p, head.n);
    h = fnv(h, &reps, sizeof reps);
    char jhead[128];
    snprintf(jhead, sizeof jhead, "cxsim sweep journal 1 %016llx %d\n", (unsigned long long)h, ntask);
    if (cx_lua_out_open(&sw->out, "cx.sweep", out, E->o.unsafe, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "%s", err);
    }
    /* journal: resume from it, or start it afresh */
    snprintf(sw->jpath, sizeof sw->jpath, "%s.journal", out);
    int resumed = 0;
    if (E->o.resume) {
        resumed = journal_read(sw, jhead, err, sizeof err);
        if (resumed < 0) {
            free(head.p);
            return luaL_error(L, "cx.sweep: %s", err);
        }
    }
    sw->jfd = cx_lua_out_sibling(&sw->out, ".journal", O_WRONLY | O_CREAT | O_APPEND | (resumed > 0 ? 0 : O_TRUNC));
    if (sw->jfd < 0) {
        free(head.p);
        return luaL_error(L, "cx.sweep: cannot open %s: %s", sw->jpath,
                          errno == ELOOP ? "it is a symbolic link (refused; --unsafe lifts this)" : strerror(errno));
    }
    if (resumed == 0 && (write_all(sw->jfd, jhead, strlen(jhead)) || fsync(sw->jfd))) {
        free(head.p);
        return luaL_error(L, "cx.sweep: cannot write %s: %s", sw->jpath, strerror(errno));
    }
    char *skip = lua_newuserdatauv(L, (size_t)ntask, 0);
    for (int i = 0; i < ntask; i++) skip[i] = sw->rows[i] != NULL;
    box *b = new_box(L, ntask);
    int rc = pool_run(E, "cx.sweep", tasks, ntask, skip, b->o, sweep_done, sw, err, sizeof err);
    if (!rc && sw->jerr) {
        msgf(err, sizeof err, "cannot write %s: %s", sw->jpath, strerror(sw->jerr));
        rc = -1;
    }
    for (int i = 0; !rc && i < ntask; i++)
        if (!sw->rows[i]) {
            snprintf(err, sizeof err, "run %d has no rows (out of memory?)", i);
            rc = -1;
        }
    if (rc) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    /* the CSV, in task order, atomically */
    if (cx_lua_out_begin(&sw->out, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    fputs(head.p, sw->out.f);
    long nrows = 0;
    for (int i = 0; i < ntask; i++) {
        fputs(sw->rows[i], sw->out.f);
        for (const char *q = sw->rows[i]; *q; q++) nrows += *q == '\n';
    }
    if (cx_lua_out_commit(&sw->out, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    /* the rows as Lua tables too; the header text lives in a Lua string meanwhile */
    lua_pushstring(L, head.p);
    free(head.p);
    push_csv_rows(L, lua_tostring(L, -1), sw->rows, ntask);
    int data = lua_gettop(L);
    close(sw->jfd);
    sw->jfd = -1;
    cx_lua_out_unlink_sibling(&sw->out, ".journal");
    cx_lua_out_close(&sw->out);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, out);
    lua_setfield(L, -2, "out");
    lua_pushinteger(L, nrows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, ntask);
    lua_setfield(L, -2, "runs");
    lua_pushinteger(L, resumed);
    lua_setfield(L, -2, "resumed");
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "data");
    (void)swi;
    return 1;
}

/* ------------------------------------------------------------------ */
/* CSV and printing helpers                                             */

static void put_value(lua_State *L, int idx, sbuf *b)
{
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            char num[32];
            snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
            sput(b, num);
        } else csv_number(b, lua_tonumber(L, idx));
        break;
    case LUA_TBOOLEAN: sput(b, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TSTRING: csv_cell(b, lua_tostring(L, idx)); break;
    case LUA_TNIL: sput(b, "NA"); break;
    default: csv_cell(b, luaL_typename(L, idx)); break;
    }
}

/* The column list: opts.columns, or the sorted keys of the first row. */
static int columns_of(lua_State *L, int rows, int cols_idx)
{
    if (lua_istable(L, cols_idx)) {
        lua_pushvalue(L, cols_idx);
        return lua_gettop(L);
    }
    lua_newtable(L);
    int t = lua_gettop(L);
    lua_rawgeti(L, rows, 1);
    if (lua_istable(L, -1)) {
        int n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING) {
                lua_pushvalue(L, -1);
                lua_rawseti(L, t, ++n);
            }
        }
        lua_getglobal(L, "table");
        lua_getfield(L, -1, "sort");
        lua_pushvalue(L, t);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return t;
}

/* Protected: argument 1 the buffer (light userdata), 2 the rows, 3 the columns. */
static int rows_csv_body(lua_State *L)
{
    sbuf *b = lua_touserdata(L, 1);
    const int rows = 2, cols = 3;
    lua_Integer nc = (lua_Integer)lua_rawlen(L, cols), nr = (lua_Integer)lua_rawlen(L, rows);
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c);
        csv_cell(b, luaL_tolstring(L, -1, NULL));
        lua_pop(L, 2);
        sput(b, c < nc ? "," : "\n");
    }
    for (lua_Integer r = 1; r <= nr; r++) {
        lua_rawgeti(L, rows, r);
        for (lua_Integer c = 1; c <= nc; c++) {
            lua_rawgeti(L, cols, c);
            lua_gettable(L, -2);
            put_value(L, -1, b);
            lua_pop(L, 1);
            sput(b, c < nc ? "," : "\n");
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* The rows as CSV text (free it), or a raised error: a __tostring or
 * __index of the script's that raises leaves nothing allocated behind. */
static char *rows_csv(lua_State *L, int rows, int cols)
{
    sbuf b = {0};
    lua_pushcfunction(L, rows_csv_body);
    lua_pushlightuserdata(L, &b);
    lua_pushvalue(L, rows);
    lua_pushvalue(L, cols);
    int st = lua_pcall(L, 3, 0, 0);
    if (st != LUA_OK) {
        free(b.p);
        lua_error(L);
    }
    if (!b.p) sput(&b, "");
    return b.p;
}

/* cx.write_csv(path, rows, columns): rows a list of tables; written atomically. */
static int l_write_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int cols = columns_of(L, 2, 3);
    char *text = rows_csv(L, 2, cols);
    if (!text) return luaL_error(L, "cx.write_csv: out of memory");
    cx_lua_out o;
    char err[1536];
    const char *fn = "";
    int rc = cx_lua_out_open(&o, "cx.write_csv", path, get_exp(L)->o.unsafe, err, sizeof err);
    if (!rc) {
        fn = "cx.write_csv: ";
        rc = cx_lua_out_begin(&o, err, sizeof err);
        if (!rc) {
            fputs(text, o.f);
            rc = cx_lua_out_commit(&o, err, sizeof err);
        }
    }
    cx_lua_out_close(&o);
    free(text);
    if (rc) return luaL_error(L, "%s%s", fn, err);
    return 0;
}

/* cx.monthly_rows(result): a cx.run result as tidy rows {regime, month, column...}. */
static int l_monthly_rows(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newtable(L);
    int out = lua_gettop(L), n = 0, ncol = n_columns();
    lua_Integer nreg = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer g = 1; g <= nreg; g++) {
        lua_rawgeti(L, 1, g);
        int reg = lua_gettop(L);
        lua_getfield(L, reg, "monthly");
        if (!lua_istable(L, -1)) return luaL_error(L, "cx.monthly_rows: the result has no monthly data");
        int mon = lua_gettop(L);
        lua_getfield(L, reg, "months");
        lua_Integer months = lua_tointeger(L, -1);
        lua_pop(L, 1);
        for (lua_Integer m = 1; m <= months; m++) {
            lua_createtable(L, 0, ncol + 4);
            lua_getfield(L, reg, "label");
            lua_setfield(L, -2, "regime");
            lua_getfield(L, reg, "rep");
            lua_setfield(L, -2, "rep");
            lua_getfield(L, reg, "seed");
            lua_setfield(L, -2, "seed");
            lua_pushinteger(L, m - 1);
            lua_setfield(L, -2, "month");
            for (int c = 0; c < ncol; c++) {
                lua_getfield(L, mon, cx_row_columns[c].name);
                lua_rawgeti(L, -1, m);
                lua_setfield(L, -3, cx_row_columns[c].name);
                lua_pop(L, 1);
            }
            lua_rawseti(L, out, ++n);
        }
        lua_pop(L, 2);
    }
    /* the columns in order, for write_csv */
    lua_createtable(L, ncol + 4, 0);
    static const char *const lead[] = {"regime", "rep", "seed", "month"};
    for (int i = 0; i < 4; i++) {
        lua_pushstring(L, lead[i]);
        lua_rawseti(L, -2, i + 1);
    }
    for (int c = 0; c < ncol; c++) {
        lua_pushstring(L, cx_row_columns[c].name);
        lua_rawseti(L, -2, c + 5);
    }
    return 2;
}

/* cx.print_table(rows, columns): aligned columns on stdout. */
static int l_print_table(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int cols = columns_of(L, 1, 2);
    lua_Integer nc = (lua_Integer)lua_rawlen(L, cols), nr = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c);
        printf(" %14s", luaL_tolstring(L, -1, NULL));
        lua_pop(L, 2);
    }
    printf("\n");
    for (lua_Integer r = 1; r <= nr; r++) {
        lua_rawgeti(L, 1, r);
        for (lua_Integer c = 1; c <= nc; c++) {
            lua_rawgeti(L, cols, c);
            lua_gettable(L, -2);
            if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1)) printf(" %14.6g", lua_tonumber(L, -1));
            else printf(" %14s", luaL_tolstring(L, -1, NULL)), lua_pop(L, 1);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        printf("\n");
    }
    return 0;
}

/* t[sub][key] (or t[key] when sub is NULL) as a number, NAN when absent. */
static double field2(lua_State *L, int t, const char *sub, const char *key)
{
    int top = lua_gettop(L);
    lua_pushvalue(L, t);
    if (sub) lua_getfield(L, -1, sub);
    double v = NAN;
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, key);
        if (lua_type(L, -1) == LUA_TNUMBER) v = lua_tonumber(L, -1);
    }
    lua_settop(L, top);
    return v;
}

/* cx.print_compare(c): one line per metric: a, b, b - a with its 95% CI. */
static int l_print_compare(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "label_a");
    lua_getfield(L, 1, "label_b");
    lua_getfield(L, 1, "reps");
    lua_getfield(L, 1, "crn");
    printf("%s vs %s: %lld paired replications, %s\n", lua_tostring(L, -4), lua_tostring(L, -3),
           (long long)lua_tointeger(L, -2), lua_toboolean(L, -1) ? "common random numbers" : "independent seeds");
    printf("%-22s %14s %14s %14s %14s %9s\n", "metric", lua_tostring(L, -4), lua_tostring(L, -3), "b - a",
           "95% CI +/-", "signif.");
    lua_pop(L, 4);
    lua_getfield(L, 1, "metrics");
    int ms = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, ms);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, ms, i);
        int m = lua_gettop(L);
        double a = field2(L, m, "a", "mean"), b = field2(L, m, "b", "mean");
        double d = field2(L, m, NULL, "mean"), h = field2(L, m, NULL, "half");
        lua_getfield(L, m, "metric");
        printf("%-22s %14.6g %14.6g %14.6g %14.6g %9s\n", lua_tostring(L, -1), a, b, d, h,
               fabs(d) > h ? "yes" : "no");
        lua_settop(L, ms);
    }
    lua_pop(L, 1);
    fflush(stdout);
    return 0;
}

/* cx.printf(fmt, ...) */
static int l_printf(lua_State *L)
{
    int n = lua_gettop(L);
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "format");
    for (int i = 1; i <= n; i++) lua_pushvalue(L, i);
    lua_call(L, n, 1);
    fputs(lua_tostring(L, -1), stdout);
    fflush(stdout);
    return 0;
}

/* cx.metrics(): the summary metric (monthly column) names, in order. */
static int l_metrics(lua_State *L)
{
    int ncol = n_columns();
    lua_createtable(L, ncol, 0);
    for (int c = 0; c < ncol; c++) {
        lua_pushstring(L, cx_row_columns[c].name);
        lua_rawseti(L, -2, c + 1);
    }
    return 1;
}

static int l_t_quantile(lua_State *L)
{
    lua_pushnumber(L, cx_t_quantile(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}

/* ------------------------------------------------------------------ */
/* The state                                                            */

static int open_cx(lua_State *L)
{
    exp_ctx *E = get_exp(L);
    if (E->o.unsafe) luaL_openlibs(L);
    else cx_lua_open_sandbox(L, CX_LUA_WITH_LOAD | CX_LUA_WITH_CLOCKS);
    /* getmetatable() of the host's userdata gives false: a script cannot
     * reach (or replace) their __gc */
    luaL_newmetatable(L, BOX_MT);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, SCEN_MT);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, l_scen_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_scen_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_newtable(L);
    static const luaL_Reg methods[] = {{"set", l_scen_set}, {"get", l_scen_get}, {"regime", l_scen_regime},
                                       {"copy", l_scenario}, {NULL, NULL}};
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
    static const luaL_Reg cx[] = {{"scenario", l_scenario},   {"load", l_scenario},
                                  {"run", l_run},             {"replicate", l_replicate},
                                  {"compare", l_compare},     {"sweep", l_sweep},
                                  {"write_csv", l_write_csv}, {"monthly_rows", l_monthly_rows},
                                  {"print_table", l_print_table}, {"print_compare", l_print_compare},
                                  {"printf", l_printf},       {"metrics", l_metrics},
                                  {"t_quantile", l_t_quantile}, {NULL, NULL}};
    luaL_newlib(L, cx);
    lua_pushinteger(L, E->o.jobs);
    lua_setfield(L, -2, "jobs");
    lua_setglobal(L, "cx");
    return 0;
}

/* Protected: the script's chunk and arguments are on the stack. */
static int run_script(lua_State *L)
{
    int nargs = lua_gettop(L) - 1;
    lua_call(L, nargs, 0);
    return 0;
}

int cx_lua_experiment(const char *path, int argc, char **argv, const cx_experiment_opts *o, char *err,
                      size_t n)
{
    exp_ctx E = {.o = *o, .path = path};
    if (E.o.jobs <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        E.o.jobs = cpus > 0 ? (int)cpus : 1;
    }
    snprintf(E.dir, sizeof E.dir, "%s", path);
    char *slash = strrchr(E.dir, '/');
    if (slash) *slash = 0;
    else snprintf(E.dir, sizeof E.dir, ".");
    cx_lua_budget budget;
    lua_State *L = cx_lua_state_new(&budget, o->max_mem ? o->max_mem : CX_EXPERIMENT_MEM_DEFAULT,
                                    o->max_steps > 0 ? o->max_steps : CX_EXPERIMENT_STEPS_DEFAULT,
                                    "raise it with cxsim lua --max-steps N", "cxsim lua --max-mem-mb M");
    if (!L) {
        snprintf(err, n, "cannot create a Lua state");
        return -1;
    }
    budget.seconds = o->max_seconds > 0 ? o->max_seconds : CX_EXPERIMENT_SECONDS_DEFAULT;
    budget.seconds_knob = "raise it with cxsim lua --max-seconds S";
    E.budget = &budget;
    *(exp_ctx **)lua_getextraspace(L) = &E;
    int rc = -1, st;
    lua_pushcfunction(L, open_cx);
    if ((st = lua_pcall(L, 0, 0, 0)) != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    /* arg: [0] the script, [1..] its arguments; cx.args the same list */
    lua_createtable(L, argc, 1);
    lua_pushstring(L, path);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, -1);
    lua_setglobal(L, "arg");
    lua_getglobal(L, "cx");
    lua_insert(L, -2);
    lua_setfield(L, -2, "args");
    lua_pop(L, 1);
    lua_pushcfunction(L, run_script);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, n, "%s: cannot read the experiment: %s", path, strerror(errno));
        goto done;
    }
    fclose(f);
    if ((st = luaL_loadfilex(L, path, "t")) != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    for (int i = 0; i < argc; i++) lua_pushstring(L, argv[i]);
    cx_lua_budget_arm(L, "the experiment");
    st = lua_pcall(L, argc + 1, 0, 0);
    cx_lua_budget_disarm(L);
    if (st != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    rc = 0;
done:
    lua_close(L);
    return rc;
}
