/* cx_results_internal: what the file writers (cx_results.c) and the results sets (cx_resultset.c) share. */
#ifndef CX_RESULTS_INTERNAL_H
#define CX_RESULTS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "cx_results.h"

/* Six characters of a temporary name and a terminating NUL, from the
 * kernel's random source (or the clock and attempt when it is unavailable). */
void cxi_results_rand_name(char out[7], unsigned attempt);

/* Write the contents of cx_results_files[k] for runs[0..n) to f; path names
 * the file in messages. 0, or -1 with a message in err. */
int cxi_results_body(int k, FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen);

#endif
