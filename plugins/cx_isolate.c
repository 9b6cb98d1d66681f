/* cx_isolate: a regime run in a child process (which dies with its parent).
 *
 * Why a process: a native policy is code cxsim cannot check. In-process, a
 * plugin that calls exit() ends cxsim with status 0 and no results, a crash
 * takes every regime's results with it, and a callback that never returns
 * hangs the run. A child process per regime contains all three: the parent
 * sees the child die, end without its result, or overrun its watchdog, and
 * reports it while keeping the regimes that finished.
 *
 * The protocol, child to parent, over a pipe: an int32 status (0: a run,
 * 1: the run's own error message), a uint64 length, then that many bytes
 * (cx_sim_pack, or the message). Beside it, a shared anonymous page (the
 * watch) holds where the child is: inside a callback or not, which side,
 * decision point and month, and since when (CLOCK_MONOTONIC). The parent
 * polls the pipe every POLL_MS, and kills the child with SIGKILL when a
 * callback has run longer than the timeout. Everything the parent needs to
 * name a failure is thus written before the failure happens. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "cx_isolate.h"
#include "cx_lua_util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS 100

/* Where the child is; written by the child, read by the parent. */
typedef struct watch {
    volatile int in_call;     /* 1 inside a policy call */
    volatile int side;        /* cx_side of the last call */
    volatile int point;       /* its cx_point, CX_POINT_COUNT for create */
    volatile int month;       /* months simulated when it was called */
    volatile double since;    /* CLOCK_MONOTONIC seconds when it was called */
} watch;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void on_call(void *ud, const cx_sim *S, int side, int point, int enter)
{
    watch *w = ud;
    if (enter) {
        w->side = side;
        w->point = point;
        w->month = (int)cx_sim_periods(S);
        w->since = mono();
    }
    w->in_call = enter;
}

static int send_msg(int fd, int32_t status, const void *p, uint64_t len)
{
    return cx_write_all(fd, &status, sizeof status) || cx_write_all(fd, &len, sizeof len) || cx_write_all(fd, p, len);
}

/* The child: run, send, and leave without running exit handlers. */
static void child(cx_sim *S, watch *w, int fd)
{
    /* die of the signal itself, so the parent can name it (a sanitizer's
     * handler would turn it into an exit status) */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t k = 0; k < sizeof fatal / sizeof *fatal; k++) signal(fatal[k], SIG_DFL);
    cx_sim_set_call_hook(S, on_call, w);
    int rc = 1;
    if (cx_sim_run(S)) {
        const char *e = cx_sim_error(S);
        rc = send_msg(fd, 1, e, strlen(e) + 1) ? 1 : 0;
    } else {
        void *buf;
        size_t len;
        if (cx_sim_pack(S, &buf, &len)) {
            static const char oom[] = "out of memory packing the run";
            rc = send_msg(fd, 1, oom, sizeof oom) ? 1 : 0;
        } else {
            rc = send_msg(fd, 0, buf, len) ? 1 : 0;
            free(buf);
        }
    }
    close(fd);
    _exit(rc);
}

/* What the parent read from the pipe. */
typedef struct inbox {
    char *p;                  /* bytes so far */
    size_t n, cap;
    int eof;                  /* the child closed its end */
} inbox;

static int take(inbox *in, int fd)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? 2 * in->cap : 1 << 16;
        char *q = realloc(in->p, cap);
        if (!q) return -1;
        in->p = q;
        in->cap = cap;
    }
    ssize_t r = read(fd, in->p + in->n, in->cap - in->n);
    if (r < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (r == 0) in->eof = 1;
    in->n += (size_t)r;
    return 0;
}

static const char *point_label(int point, char *buf, size_t n)
{
    if (point == CX_POINT_COUNT) snprintf(buf, n, "create");
    else snprintf(buf, n, "on_%s", cx_point_name(point));
    return buf;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
    }
}

/* "policy 'P' (side of regime 'R') " or "regime 'R' " when outside a call. */
static int who(char *err, size_t n, const watch *w, const char *regime, const char *const policy[])
{
    if (w->in_call)
        return snprintf(err, n, "policy '%s' (%s of regime '%s') ", policy[w->side] ? policy[w->side] : "?",
                        cx_side_name(w->side), regime);
    return snprintf(err, n, "regime '%s' ", regime);
}

/* Append " in on_X at month M" (or " at month M" outside a call). */
static void where(char *err, size_t n, const watch *w)
{
    size_t k = strlen(err);
    char pt[32];
    if (w->in_call)
        snprintf(err + k, n - k, " in %s at month %d", point_label(w->point, pt, sizeof pt), w->month);
    else snprintf(err + k, n - k, " outside any policy callback, after month %d", w->month);
}

/* Judge what came back; 0 when S now holds the run. */
static int judge(cx_sim *S, const inbox *in, int status, int hung, double timeout_s, const watch *w,
                 const char *regime, const char *const policy[], char *err, size_t n)
{
    int32_t st;
    uint64_t len;
    size_t head = sizeof st + sizeof len;
    if (!hung && in->n >= head) {
        memcpy(&st, in->p, sizeof st);
        memcpy(&len, in->p + sizeof st, sizeof len);
        if (len == in->n - head) {
            if (st == 1) {
                snprintf(err, n, "%s: %.*s", regime, (int)len, in->p + head);
                return -1;
            }
            if (st == 0 && !cx_sim_unpack(S, in->p + head, (size_t)len)) return 0;
            snprintf(err, n, "regime '%s': its run came back unreadable from the child process", regime);
            return -1;
        }
    }
    who(err, n, w, regime, policy);
    size_t k = strlen(err);
    if (hung)
        snprintf(err + k, n - k, "did not return within %g s (stopped)", timeout_s);
    else if (WIFSIGNALED(status))
        snprintf(err + k, n - k, "crashed (%s)", signal_name(WTERMSIG(status)));
    else if (WIFEXITED(status))
        snprintf(err + k, n - k, "ended the process (exit status %d)", WEXITSTATUS(status));
    else snprintf(err + k, n - k, "stopped without its result");
    where(err, n, w);
    return -1;
}

int cx_isolate_run(cx_sim *S, const char *regime, const char *const policy[CX_SIDE_COUNT], double timeout_s,
                   char *err, size_t n)
{
    watch *w = mmap(NULL, sizeof *w, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED) {
        snprintf(err, n, "regime '%s': cannot map a shared page: %s", regime, strerror(errno));
        return -1;
    }
    memset((void *)w, 0, sizeof *w);
    int fd[2];
    if (pipe(fd)) {
        snprintf(err, n, "regime '%s': cannot make a pipe: %s", regime, strerror(errno));
        munmap((void *)w, sizeof *w);
        return -1;
    }
    fflush(stdout); /* the child must not inherit unwritten output */
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, n, "regime '%s': cannot start a process: %s", regime, strerror(errno));
        close(fd[0]);
        close(fd[1]);
        munmap((void *)w, sizeof *w);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        /* die with the parent: a SIGKILLed cxsim leaves no regime running
         * for nobody (and a parent gone before this line is seen here) */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        child(S, w, fd[1]);
    }
    close(fd[1]);
    inbox in = {0};
    int status = 0, hung = 0, reaped = 0, rc = -1;
    while (!reaped) {
        if (!in.eof) {
            struct pollfd p = {.fd = fd[0], .events = POLLIN};
            int k = poll(&p, 1, POLL_MS);
            if (k > 0 && take(&in, fd[0])) {
                snprintf(err, n, "regime '%s': cannot read its run: %s", regime, strerror(errno));
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                goto out;
            }
        } else {
            poll(NULL, 0, POLL_MS / 10);
        }
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid && in.eof) reaped = 1;
        else if (r == pid) { /* dead: take what it wrote (a grandchild may hold the pipe open) */
            struct pollfd p = {.fd = fd[0], .events = POLLIN};
            while (!in.eof && poll(&p, 1, 0) > 0)
                if (take(&in, fd[0])) break;
            reaped = 1;
        }
        if (!reaped && w->in_call && mono() - w->since > timeout_s) {
            hung = 1;
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            reaped = 1;
        }
    }
    rc = judge(S, &in, status, hung, timeout_s, w, regime, policy, err, n);
out:
    free(in.p);
    close(fd[0]);
    munmap((void *)w, sizeof *w);
    return rc;
}
