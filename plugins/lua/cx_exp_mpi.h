/* cx_exp_mpi: an experiment's runs spread over MPI ranks (builds with -DCX_MPI=ON).
 *
 * `mpirun -n N cxsim lua experiment.lua` starts N copies of cxsim. Rank 0
 * runs the experiment script as a plain `cxsim lua` would: it alone reads
 * and writes files (the journal, the CSV), prints and keeps the script's
 * state. The other ranks run no script: they serve runs. Whenever the
 * script asks for runs (cx.run, cx.replicate, cx.compare, cx.sweep and
 * whatever is built on the same runner), rank 0 hands tasks out in index
 * order to its own worker threads and to the serving ranks (each keeps
 * `jobs + 1` in flight, so a rank never waits for its next task), takes the
 * outcomes back as they finish and stores each at its task's index. An
 * outcome is the same bytes whichever rank computed it, so the files are
 * byte-identical to a serial run; the journal is rank 0's, so a killed job
 * resumes with --resume like any other.
 *
 * Only the main thread of each rank calls MPI (MPI_THREAD_FUNNELED); ranks
 * wait with MPI_Iprobe and short sleeps, never spinning a core. */
#ifndef CX_EXP_MPI_H
#define CX_EXP_MPI_H

#include <stddef.h>

#include "cx_consent.h"

typedef struct cx_exp_mpi cx_exp_mpi; /* opaque: the world's size, this rank */

/* When this process was started by an MPI launcher (mpirun, srun: its
 * environment says so), initialise MPI and return the context in *out;
 * otherwise *out is NULL and nothing is initialised (a plain run). 0, or
 * -1 with a message. */
int cx_exp_mpi_open(int *argc, char ***argv, cx_exp_mpi **out, char *err, size_t n);
int cx_exp_mpi_rank(const cx_exp_mpi *m);
int cx_exp_mpi_size(const cx_exp_mpi *m);

/* A serving rank (rank > 0): run the tasks rank 0 sends, `jobs` at a time,
 * until it says stop. 0, or -1 with a message. */
int cx_exp_mpi_serve(cx_exp_mpi *m, const cx_consent *consent, int jobs, char *err, size_t n);

/* Rank 0: tell the serving ranks to stop. Every rank: finalise MPI and free
 * the context (NULL: nothing). */
void cx_exp_mpi_close(cx_exp_mpi *m);

#endif
