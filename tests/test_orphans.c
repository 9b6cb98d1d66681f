/* Workers die with their parent: a regime with a native policy runs in a
 * child process (plugins/cx_isolate); when cxsim itself is killed with
 * SIGKILL (no handler can run), the child must not keep running for
 * nobody. The policy here never returns from on_month, so only the
 * child's death signal can end it. (The MPI ranks' own check, a launcher
 * gone, is in tests/mpi/check.sh.) */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cxt_files.h"

static char work[256];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_orphan"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(orphans, .init = make_work, .fini = remove_work);

/* The parent pid and state letter of process pid, from /proc; 0 when it is gone. */
static int proc_stat(pid_t pid, pid_t *ppid, char *state)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = 0;
    const char *p = strrchr(buf, ')'); /* the command may hold spaces */
    int pp;
    if (!p || sscanf(p + 1, " %c %d", state, &pp) != 2) return 0;
    *ppid = pp;
    return 1;
}

/* A child of `parent`, or 0. */
static pid_t child_of(pid_t parent)
{
    DIR *d = opendir("/proc");
    cr_assert_not_null(d);
    pid_t kid = 0;
    for (struct dirent *e; !kid && (e = readdir(d));) {
        char *end;
        long p = strtol(e->d_name, &end, 10);
        pid_t pp;
        char st;
        if (*end || p <= 0) continue;
        if (proc_stat((pid_t)p, &pp, &st) && pp == parent) kid = (pid_t)p;
    }
    closedir(d);
    return kid;
}

Test(orphans, isolated_regime_dies_with_a_killed_cxsim, .timeout = 120)
{
    char scen[600], res[600], text[1024];
    snprintf(text, sizeof text,
             "return { name = 'orphan', seed = 3, years = 0.25, demand = { rate_per_min = 2 },\n"
             "  regimes = { { name = 'stuck', client = 'vendor', provider = '%s' } } }\n",
             CX_TEST_PLUGIN_DIR "/hang.so");
    cxt_write_in(scen, sizeof scen, work, "s.lua", text);
    snprintf(res, sizeof res, "%s/out", work);
    char log[600];
    snprintf(log, sizeof log, "%s/log.txt", work);
    const char *args[] = {"run", scen, "--quiet", "--allow-plugins", "--policy-timeout", "600", "--out", res, NULL};
    pid_t pid = cxt_spawn(args, log, log, 1);
    struct timespec tick = {0, 20 * 1000 * 1000};
    pid_t kid = 0;
    for (int i = 0; i < 3000 && !kid; i++) {
        nanosleep(&tick, NULL);
        kid = child_of(pid);
        int st;
        if (!kid && waitpid(pid, &st, WNOHANG) == pid) {
            char *t = cxt_slurp(log);
            cr_assert_fail("cxsim ended before its regime's process started: %s", t ? t : "");
        }
    }
    cr_assert_neq(kid, 0, "no child process appeared");
    sleep(1); /* well inside the run: the policy hangs at month 2 */
    kill(pid, SIGKILL); /* the parent alone */
    waitpid(pid, NULL, 0);
    int gone = 0;
    for (int i = 0; i < 250 && !gone; i++) { /* 5 s */
        pid_t pp;
        char st = '?';
        gone = !proc_stat(kid, &pp, &st) || st == 'Z' || st == 'X';
        if (!gone) nanosleep(&tick, NULL);
    }
    kill(-pid, SIGKILL); /* whatever is left of the group, so a failure leaves nothing behind */
    cr_assert(gone, "the regime's process %d outlived its killed parent", (int)kid);
}
