/* cx_lua_experiment: `cxsim lua EXPERIMENT.lua`, the `cx` module for experiments.
 *
 * An experiment is a Lua script with `cx` (require("cx"), also a global): build scenarios
 * (cx.scenario), run them (cx.run), replicate them (cx.replicate), compare
 * two arms with paired replications under common random numbers
 * (cx.compare), sweep parameters into a tidy CSV (cx.sweep), write CSV and
 * print tables. Replications run in parallel worker threads; results are
 * ordered by replication, so they are identical to a serial run. A sweep
 * journals each finished run, so an interrupted sweep resumes where it
 * stopped and writes the same CSV, byte for byte.
 *
 * The script runs in the sandbox of cx_lua_util (text-only load, no
 * string.dump, no os.getenv: of os only the clocks; an instruction budget
 * and a memory cap that cannot be caught) and writes files only below the
 * working directory (cx_lua_paths), unless opts.unsafe. See docs/lua.md. */
#ifndef CX_LUA_EXPERIMENT_H
#define CX_LUA_EXPERIMENT_H

#include <stddef.h>

#include "cx_consent.h"

typedef struct cx_experiment_opts {
    int jobs;                     /* worker threads; 0: the online CPUs, 1: one run after another */
    int resume;                   /* 1: sweeps skip the runs their journal holds */
    int progress;                 /* 0: none; CX_EXPERIMENT_PROGRESS_BAR or _LINES on stderr */
    int unsafe;                   /* 1: the full Lua standard library, files written anywhere (--unsafe) */
    const cx_consent *consent;    /* what the user allows the scenarios' policies (NULL: the defaults) */
    long max_steps;               /* VM instructions of the script's own code; 0: CX_EXPERIMENT_STEPS_DEFAULT */
    size_t max_mem;               /* bytes of its Lua state; 0: CX_EXPERIMENT_MEM_DEFAULT */
    double max_seconds;           /* wall clock of its own code (simulations excluded); 0: the default */
    int restart;                  /* 1: a sweep discards an existing journal (--restart); without it
                                   * or resume, an existing journal stops the sweep */
    int shard, shards;            /* --shard I/N (shards > 1): a sweep runs only its runs i with
                                   * i % N == I, journaled into OUT.journal.I-of-N, and writes no CSV */
    int merge;                    /* --merge: a sweep takes its runs from the shard journals beside
                                   * OUT and writes the CSV (missing runs refused unless resume) */
    struct cx_exp_mpi *mpi;       /* CX_MPI builds under an MPI launcher: the ranks the runs spread
                                   * over (cx_exp_mpi.h); NULL: this process alone */
} cx_experiment_opts;

/* opts.progress: a bar redrawn in place (a terminal), or a line now and
 * then with the ETA (a log file: at most every 10 s or 10% of the runs). */
#define CX_EXPERIMENT_PROGRESS_BAR 1
#define CX_EXPERIMENT_PROGRESS_LINES 2

/* An experiment's own Lua code (not the simulations it runs, which
 * execute no instruction of its state): about 10-30 s of pure Lua. */
#define CX_EXPERIMENT_STEPS_DEFAULT 1000000000L
#define CX_EXPERIMENT_MEM_DEFAULT ((size_t)512 << 20)
#define CX_EXPERIMENT_SECONDS_DEFAULT 600.0

/* Run the experiment script `path` with `argc` script arguments (the
 * global `arg` and cx.args). Returns 0, or -1 with "file:line: message" in
 * err (a Lua error, a failed run). */
int cx_lua_experiment(const char *path, int argc, char **argv, const cx_experiment_opts *o, char *err,
                      size_t n);

/* cx_t_quantile (cx.t_quantile) is the engine's, core/engine/cx_tdist.h. */
#include "cx_tdist.h"

#endif
