/* cx_tdist: quantiles of Student's t distribution, the one t-quantile of cxsim (backed by GSL).
 *
 * Every confidence interval cxsim prints or draws takes its critical value
 * from here: `cxsim run --reps` (the paired TCO difference), the view's
 * replication bands, and the Lua experiments (cx.replicate, cx.compare,
 * cx.t_quantile). One function, so that the three agree to the last digit.
 *
 * The quantile is GSL's gsl_cdf_tdist_Pinv (a Cornish-Fisher or tail start,
 * then Newton steps on the exact CDF); relative error below 1e-10 against a
 * 40-digit reference for p in [1e-6, 1 - 1e-6] and df >= 1. Above
 * CX_TDIST_NORMAL_DF degrees of freedom, where GSL's iteration no longer
 * converges, the normal quantile with the first Cornish-Fisher term is used
 * (exact to rounding there). */
#ifndef CX_TDIST_H
#define CX_TDIST_H

/* Degrees of freedom from which t is the normal plus z(z^2+1)/(4 df). */
#define CX_TDIST_NORMAL_DF 1e15

/* The p-quantile of Student's t with `df` degrees of freedom (df may be
 * fractional, or INFINITY for the normal). 0 at p = 0.5; symmetric to
 * rounding (the lower tail is computed directly, not as -t(1 - p), which
 * would lose the digits of a small p).
 * NAN when p is not in (0, 1), df is not above 0, either is NAN, or GSL
 * cannot converge (fractional df below 1 with p far from 0.5, or p beyond
 * about 1e-100 of 0 or 1); never aborts. */
double cx_t_quantile(double p, double df);

#endif
