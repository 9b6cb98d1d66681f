/* explain_out: what cxsim explain prints and writes (ranked tables, attribution.csv/.json, the waterfall PNG). */
#ifndef EXPLAIN_OUT_H
#define EXPLAIN_OUT_H

#include <stdio.h>

#include "cx_explain_game.h"

typedef struct explain_report {
    const cx_params *P;       /* the scenario */
    const char *scenario;     /* its path */
    int a, b;                 /* the regimes compared: numbers are b's advantage over a */
    int reps;                 /* replications */
    const cx_explain_game *levers; /* the lever game, or NULL */
    const cx_explain_game *mechs;  /* the mechanism game, or NULL */
    double seconds;           /* wall time of the runs */
} explain_report;

/* The gap of metric j (b's advantage) in replication r. */
double explain_gap(const explain_report *R, int j, int r);

void explain_print(const explain_report *R, FILE *f);
/* DIR/attribution.csv and DIR/attribution.json. 0, or -1 with the message. */
int explain_write(const explain_report *R, const char *dir, char *err, size_t n);
/* The cash-TCO waterfall (levers) as a PNG. 0, or -1 with the message. */
int explain_png(const explain_report *R, const char *path, char *err, size_t n);

#endif
