/* cmd_lua: cxsim lua EXPERIMENT.lua [--jobs N] [--resume | --restart] [--shard I/N | --merge] [--unsafe]
 * [--max-steps N] [--max-mem-mb M] [--max-seconds S] [args] */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cx_consent.h"
#include "cx_lua_experiment.h"
#include "cx_lua_util.h"
#ifdef CX_MPI
#include "cx_exp_mpi.h"
#endif

static void lua_help(FILE *f)
{
    fprintf(f,
            "usage: cxsim lua EXPERIMENT.lua [options] [--] [script arguments]\n"
            "Run a Lua experiment: the global `cx` builds scenarios, runs them, replicates\n"
            "them in parallel, compares regimes with paired replications under common\n"
            "random numbers (95%% confidence intervals) and sweeps parameters into a CSV.\n\n"
            "options:\n"
            "  --jobs N     worker threads for replications (default: the CPUs; 1: serial)\n"
            "  --resume     a sweep skips the runs recorded in its journal (OUT.journal)\n"
            "  --restart    a sweep discards an existing journal and starts afresh (without\n"
            "               --resume or --restart an existing journal stops the sweep)\n"
            "  --shard I/N  a sweep runs only its runs i with i %% N == I (I from 0 to N-1,\n"
            "               e.g. $SLURM_ARRAY_TASK_ID/8) into OUT.journal.I-of-N, no CSV\n"
            "  --merge      a sweep takes its runs from the shard journals beside OUT and\n"
            "               writes the CSV (with --resume, runs no shard holds run here)\n"
            "  --max-steps N    Lua instructions the script's own code may run (default\n"
            "               %ld; simulations do not count)\n"
            "  --max-mem-mb M   memory of the script's Lua state, MiB (default %zu)\n"
            "  --max-seconds S  wall clock of the script's own code (default %.0f;\n"
            "               simulations do not count)\n"
            CLI_CONSENT_HELP
            "  -h, --help   this help\n"
#ifdef CX_MPI
            "Under mpirun or srun, rank 0 runs the script and writes every file; the other\n"
            "ranks run its runs (--jobs threads each, default 1): docs/cluster.md.\n"
#endif
            "Arguments after the script (or after --) are the script's: arg[1], cx.args.\n"
            "Policies the experiment runs keep their own limits (CXSIM_LUA_MAX_STEPS,\n"
            "CXSIM_LUA_MAX_MEM_MB, CXSIM_LUA_MAX_SECONDS). The API and the sandbox:\n"
            "docs/lua.md. Examples: scripts/experiments/.\n",
            CX_EXPERIMENT_STEPS_DEFAULT, CX_EXPERIMENT_MEM_DEFAULT >> 20, CX_EXPERIMENT_SECONDS_DEFAULT);
}

int cmd_lua(int argc, char **argv)
{
    cx_experiment_opts o = {.jobs = 0, .resume = 0, .progress = cli_show_progress(), .unsafe = 0};
    const char *script = NULL;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    int nargs = 0, rc = 1, own = 1, k;
    cx_consent consent;
    cx_consent_default(&consent);
    o.consent = &consent;
    if (!args) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (own && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
            lua_help(stdout);
            rc = 0;
            goto done;
        } else if (own && !strcmp(a, "--jobs")) {
            const char *v = cli_value("lua", argc, argv, &i);
            if (!v || cli_int("lua", "--jobs", v, 1, 1024, &o.jobs)) goto done;
        } else if (own && !strcmp(a, "--resume")) {
            o.resume = 1;
        } else if (own && !strcmp(a, "--restart")) {
            o.restart = 1;
        } else if (own && !strcmp(a, "--merge")) {
            o.merge = 1;
        } else if (own && !strcmp(a, "--shard")) {
            const char *v = cli_value("lua", argc, argv, &i);
            int used = 0;
            if (!v) goto done;
            if (sscanf(v, "%d/%d%n", &o.shard, &o.shards, &used) != 2 || v[used] || o.shards < 1 ||
                o.shards > 1000000 || o.shard < 0 || o.shard >= o.shards) {
                fprintf(stderr, "cxsim lua: --shard %s: want I/N with N from 1 to 1000000 and I from 0 to N-1 "
                        "(e.g. --shard $SLURM_ARRAY_TASK_ID/8 for --array=0-7)\n", v);
                goto done;
            }
        } else if (own && (k = cli_consent_option("lua", argc, argv, &i, &consent))) {
            if (k < 0) goto done;
        } else if (own && !strcmp(a, "--max-steps")) {
            const char *v = cli_value("lua", argc, argv, &i);
            double x;
            if (!v || cli_double("lua", "--max-steps", v, 1000, 1e15, &x)) goto done;
            o.max_steps = x >= (double)LONG_MAX ? LONG_MAX : (long)x;
        } else if (own && !strcmp(a, "--max-mem-mb")) {
            const char *v = cli_value("lua", argc, argv, &i);
            int mb;
            if (!v || cli_int("lua", "--max-mem-mb", v, 1, 1 << 20, &mb)) goto done;
            o.max_mem = (size_t)mb << 20;
        } else if (own && !strcmp(a, "--max-seconds")) {
            const char *v = cli_value("lua", argc, argv, &i);
            if (!v || cli_double("lua", "--max-seconds", v, 0.001, 1e9, &o.max_seconds)) goto done;
        } else if (own && !strcmp(a, "--")) {
            own = 0;
        } else if (!script) {
            if (own && a[0] == '-' && a[1]) {
                fprintf(stderr, "cxsim lua: unknown option %s (see cxsim lua --help)\n", a);
                goto done;
            }
            script = a;
        } else {
            args[nargs++] = argv[i];
        }
    }
    if (!script) {
        lua_help(stderr);
        goto done;
    }
    if (o.resume && o.restart) {
        fprintf(stderr, "cxsim lua: --resume and --restart exclude each other\n");
        goto done;
    }
    if (o.merge && (o.shards > 1 || o.restart)) {
        fprintf(stderr, "cxsim lua: --merge excludes %s\n", o.restart ? "--restart" : "--shard");
        goto done;
    }
    char err[2048];
#ifdef CX_MPI
    /* under mpirun or srun: rank 0 runs the script, the others serve its runs */
    cx_exp_mpi *mpi = NULL;
    if (cx_exp_mpi_open(&argc, &argv, &mpi, err, sizeof err)) {
        fprintf(stderr, "cxsim lua: %s\n", err);
        goto done;
    }
    if (cx_exp_mpi_size(mpi) > 1) {
        if (!o.jobs) o.jobs = 1; /* a rank per core; --jobs N: threads per rank */
        if (cx_exp_mpi_rank(mpi) > 0) {
            rc = 0;
            if (cx_exp_mpi_serve(mpi, &consent, o.jobs, err, sizeof err)) {
                fprintf(stderr, "cxsim lua: %s\n", err);
                rc = 1;
            }
            cx_exp_mpi_close(mpi);
            goto done;
        }
        o.mpi = mpi;
    }
#endif
    /* a bar on a terminal; lines with the ETA in a log (not a terminal) */
    if (!o.progress && !isatty(STDERR_FILENO)) o.progress = CX_EXPERIMENT_PROGRESS_LINES;
    o.unsafe = consent.unsafe;
    if (o.unsafe) fputs(CX_LUA_UNSAFE_WARNING, stderr);
    if (cx_lua_experiment(script, nargs, args, &o, err, sizeof err)) fprintf(stderr, "cxsim lua: %s\n", err);
    else rc = 0;
#ifdef CX_MPI
    cx_exp_mpi_close(mpi);
#endif
done:
    free(args);
    return rc;
}
