/* cli_util: what the command-line programs (cxsim, cxsim-bench) share: option values, progress, clocks, memory. */
#ifndef CLI_UTIL_H
#define CLI_UTIL_H

#include <stdint.h>

#include "cx_sim.h"

/* Option values: on a bad value print "cxsim CMD: OPT: ..." and return -1. */
int cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int cli_int(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out);
int cli_u64(const char *cmd, const char *opt, const char *s, uint64_t *out);

/* --set FIELD=VALUE onto *p (after the scenario file, so the command line
 * wins); prints "cxsim CMD: --set: ..." and returns -1 on a bad one. */
int cli_apply_set(const char *cmd, const char *arg, cx_params *p);

/* The value after an option, or NULL (with a message) when missing. */
const char *cli_value(const char *cmd, int argc, char **argv, int *i);

/* 1 when progress should be drawn (a terminal, not CI). */
int cli_show_progress(void);

/* A progress callback drawing a bar on stderr; ud is the label. */
int cli_progress(void *ud, const cx_sim *S, double done);
void cli_progress_end(void);

/* Seconds on a monotonic clock, and the peak resident set in MiB. */
double cli_seconds(void);
double cli_peak_rss_mib(void);
double cli_rss_mib(void);

#endif
