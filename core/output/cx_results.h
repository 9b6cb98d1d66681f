/* cx_results: monthly rows as tidy CSV and run totals as JSON, written atomically. */
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

/* A file written under a temporary name and renamed into place on commit,
 * so a reader never sees half a file. */
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

int cx_results_write_csv(const char *path, const cx_result *runs, int n, char *err, size_t errlen);
/* Notable events of every run: scenario,regime,rep,seed,day,month,kind,value,text. */
int cx_results_write_events(const char *path, const cx_result *runs, int n, char *err, size_t errlen);
int cx_results_write_json(const char *path, const cx_result *runs, int n, char *err, size_t errlen);

#endif
