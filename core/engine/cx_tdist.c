/* cx_tdist: Student's t quantile through GSL, with the domain checked here.
 *
 * GSL reports a failure to converge through its error handler, which by
 * default aborts the process. A Lua experiment can ask for any quantile
 * (cx.t_quantile), so the handler is switched off for the one call and the
 * caller's handler put back: a failure becomes NAN, never an abort. The
 * handler is process-wide: call this from one thread at a time. cxsim's
 * simulation threads (cx_runs) never call it; summaries are computed after
 * they have joined, and the view's bands on its drawing thread. */
#include "cx_tdist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>

double cx_t_quantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0)) return NAN; /* NAN fails both tests */
    if (p == 0.5) return 0;
    if (df >= CX_TDIST_NORMAL_DF) {
        double z = gsl_cdf_ugaussian_Pinv(p);
        return isinf(df) ? z : z + z * (z * z + 1) / (4 * df);
    }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double x = gsl_cdf_tdist_Pinv(p, df);
    gsl_set_error_handler(old);
    return isfinite(x) ? x : NAN;
}
