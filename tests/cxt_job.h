/* cxt_job: a scenario written into a test's folder and opened as a job, its
 * policies loaded (test_lua, test_history). */
#ifndef CXT_JOB_H
#define CXT_JOB_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "cx_job.h"
#include "cxt_files.h"

/* DIR/s.lua: seed 17, 3 contacts a minute, `years`, the scenario fields in
 * `extra` (lines ending in commas, may be ""), the regimes in `regimes`
 * (table entries); opened as a job (err: a message buffer of n bytes). */
static inline cx_job *cxt_open_job(const char *dir, const char *extra, const char *regimes, double years, char *err,
                                   size_t n)
{
    char path[512], text[4096];
    snprintf(text, sizeof text,
             "return { name = 'lua-model', seed = 17, years = %g,\n"
             "  demand = { rate_per_min = 3 },\n%s"
             "  regimes = {\n%s  } }\n",
             years, extra, regimes);
    cxt_write_in(path, sizeof path, dir, "s.lua", text);
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_job_load_scenario(path, &P, err, n), 0, "%s", err);
    cx_job *J = calloc(1, sizeof *J);
    cr_assert_not_null(J);
    cr_assert_eq(cx_job_open(J, &P, path, NULL, err, n), 0, "%s", err);
    return J;
}

static inline void cxt_close_job(cx_job *J)
{
    cx_job_close(J);
    free(J);
}

#endif
