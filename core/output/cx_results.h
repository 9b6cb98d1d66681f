/* cx_results: monthly rows as tidy CSV and run totals as JSON, written and read as one set. */
#ifndef CX_RESULTS_H
#define CX_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#include "cx_sim.h"

/* A finished run to report: a regime's simulation and its labels. */
typedef struct cx_result {
    const char *regime;       /* regime label, e.g. "vendor" */
    int rep;                  /* replication number */
    const cx_sim *sim;        /* the finished run */
} cx_result;

/* One file written under a temporary name beside it (created with mode 0666
 * less the umask) and renamed into place on commit, so a reader never sees
 * half a file. (Lua experiments write their files this way; results sets are
 * written with cx_results_write_set.) */
typedef struct cx_atomic {
    FILE *f;                  /* write here */
    char tmp[4096];           /* temporary path beside the target */
    char path[4096];          /* final path */
} cx_atomic;

int cx_atomic_open(cx_atomic *a, const char *path, char *err, size_t n);
int cx_atomic_commit(cx_atomic *a, char *err, size_t n); /* flush, fsync, rename */
void cx_atomic_abort(cx_atomic *a);                      /* remove the temporary */

/* The label columns that open every monthly row and event row (the numbers
 * that follow are cx_row_columns, see cx_row.h): name, unit, meaning. */
typedef struct cx_column {
    const char *name;
    const char *unit;
    const char *doc;
} cx_column;
extern const cx_column cx_label_columns[];

/* The monthly CSV's header line, and one run's rows (for writers that stream). */
void cx_results_csv_header(FILE *f);
void cx_results_csv_rows(FILE *f, const cx_result *r);

/* ---- results sets (docs/results.md, "One set") ----
 *
 * A results folder holds one set: cx_results_files plus manifest.json, which
 * lists each of them with its size and FNV-1a 64 hash and is written last.
 * cx_results_write_set writes a whole set into a temporary folder beside the
 * target (DIR.tmp.PID.XXXXXX) and swaps it in with one rename
 * (renameat2 RENAME_EXCHANGE), then removes the old set; a reader sees the
 * whole old set or the whole new one. Where the folder cannot be exchanged
 * (the file system refuses, or the folder holds files that are not part of a
 * set), the files are moved in one by one with manifest.json removed first
 * and written last, so that readers that check the manifest (the view) see a
 * complete set or refuse the folder. When the parent cannot be written, the
 * temporary folder is made inside the set's folder and the set is replaced
 * in place the same way. SIGINT, SIGTERM and SIGHUP during the
 * write remove the temporary folder before the signal ends the process;
 * SIGXFSZ is ignored meanwhile, so a file-size limit becomes a write error
 * (EFBIG) that names the file. Files get mode 0666 and folders 0777, less the
 * umask. */
#define CX_RESULTS_NFILES 3
#define CX_RESULTS_MANIFEST "manifest.json"
extern const char *const cx_results_files[CX_RESULTS_NFILES + 1]; /* monthly.csv, events.csv, summary.json, NULL */

/* Check a results folder before a run: its name (not ".", ".." or "/"),
 * created with its parents when missing (mode 0777 less the umask), a folder,
 * and its parent writable (a probe folder is made and removed there).
 * Temporary folders of the same name left by runs that were killed (their
 * process is gone) are removed; what was done goes into note (empty when
 * nothing), one line each. 0, or -1 with a message naming the folder. */
int cx_results_prepare(const char *dir, char *note, size_t notelen, char *err, size_t errlen);

/* Write the results set of runs[0..n) into dir as described above. 0, or -1
 * with a message naming the file; the previous set is then untouched. A test
 * hook, CXSIM_TEST_PAUSE=write|swap|cleanup, makes it print
 * "cxsim: test pause at POINT (DIR, TEMPORARY)" on stderr and sleep up to 60 s after
 * monthly.csv is written, before the swap, or after it. */
int cx_results_write_set(const char *dir, const cx_result *runs, int n, char *err, size_t errlen);

/* Write dir/manifest.json over the files of cx_results_files as they are
 * (for sets made by other means, e.g. test fixtures). 0, or -1 with a message. */
int cx_results_seal(const char *dir, char *err, size_t errlen);

/* A results set opened for reading: each file of cx_results_files checked
 * against manifest.json (present, same size, same hash) and kept open, so
 * that what is read afterwards is what was checked. */
typedef struct cx_results_set {
    int fd[CX_RESULTS_NFILES];  /* open at offset 0, in cx_results_files order; -1 when closed */
} cx_results_set;

/* 0, or -1 with a message naming the folder and what is missing or wrong. */
int cx_results_open_set(const char *dir, cx_results_set *s, char *err, size_t errlen);
void cx_results_close_set(cx_results_set *s);

/* s as a JSON string: quoted, with quotes, backslashes and control
 * characters escaped (summary.json; cxsim explain's attribution.json). */
void cx_results_json_string(FILE *f, const char *s);

#endif
