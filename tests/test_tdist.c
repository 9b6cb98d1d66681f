/* test_tdist: cx_t_quantile, the one Student's t quantile of cxsim.
 *
 * Checked against what does not come from GSL: published t tables (to the
 * four decimals they print), the closed forms for 1, 2 and 4 degrees of
 * freedom, and the CDF of Abramowitz and Stegun 26.7.3-4 (a finite series
 * for whole df, written here) evaluated at the quantile. Then the edges: the
 * median, symmetry, huge and infinite df, and hostile arguments, which must
 * give NAN and never abort (GSL's default error handler would). Last, the
 * Lua experiments' cx.t_quantile gives the same digits as the C function. */
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_tdist.h"
#include "cxt_files.h"

/* P(T <= t) for whole df >= 1 (A&S 26.7.3 odd df, 26.7.4 even df). */
static double t_cdf(double t, int df)
{
    double th = atan(t / sqrt(df)), c2 = cos(th) * cos(th), a;
    if (df % 2) {
        double sum = 0, term = 1;
        if (df > 1) {
            sum = 1;
            for (int k = 3; k <= df - 2; k += 2) sum += (term *= (k - 1.0) / k * c2);
        }
        a = 2 / acos(-1) * (th + sin(th) * cos(th) * sum);
    } else {
        double sum = 1, term = 1;
        for (int k = 2; k <= df - 2; k += 2) sum += (term *= (k - 1.0) / k * c2);
        a = sin(th) * sum;
    }
    return 0.5 + a / 2; /* a = P(|T| <= t), signed with t */
}

static const double probs[] = {1e-6, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99,
                               0.999, 1 - 1e-6};
#define NPROBS (int)(sizeof probs / sizeof *probs)

Test(tdist, published_table)
{
    /* two-sided 95%: t(0.975, df), as printed in the common t tables */
    static const struct {
        double p, df, t;
    } tab[] = {
        {0.975, 1, 12.7062},  {0.975, 2, 4.3027},  {0.975, 3, 3.1824},  {0.975, 4, 2.7764},
        {0.975, 5, 2.5706},   {0.975, 9, 2.2622},  {0.975, 10, 2.2281}, {0.975, 20, 2.0860},
        {0.975, 30, 2.0423},  {0.975, 60, 2.0003}, {0.975, 120, 1.9799}, {0.95, 10, 1.8125},
        {0.99, 10, 2.7638},   {0.995, 10, 3.1693}, {0.9, 5, 1.4759},    {0.999, 3, 10.2145},
        {0.995, 1, 63.6567},  {0.9995, 30, 3.6460},
    };
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++) {
        double got = cx_t_quantile(tab[i].p, tab[i].df);
        cr_expect(fabs(got - tab[i].t) <= 5e-5, "t(%g, %g) = %.6f, the table says %.4f", tab[i].p, tab[i].df, got,
                  tab[i].t);
    }
    /* the large-sample row of the table: the normal quantile */
    cr_expect(fabs(cx_t_quantile(0.975, 1e6) - 1.95996) < 1e-5, "t(0.975, 1e6) = %.8f",
              cx_t_quantile(0.975, 1e6));
    /* and to more digits: z + z(z^2+1)/(4 df), z = 1.959963984540054 */
    cr_expect(fabs(cx_t_quantile(0.975, 1e6) - 1.9599663568) < 1e-10, "t(0.975, 1e6) = %.12f",
              cx_t_quantile(0.975, 1e6));
}

Test(tdist, closed_forms)
{
    for (int i = 0; i < NPROBS; i++) {
        double p = probs[i];
        double t1 = tan(acos(-1) * (p - 0.5));                       /* Cauchy */
        double t2 = (2 * p - 1) / sqrt(2 * p * (1 - p));          /* df = 2 */
        double al = 4 * p * (1 - p);                              /* df = 4 */
        double t4 = copysign(2 * sqrt(cos(acos(sqrt(al)) / 3) / sqrt(al) - 1), p - 0.5);
        cr_expect(fabs(cx_t_quantile(p, 1) - t1) <= 1e-9 * fabs(t1), "df 1, p %g: %.15g, want %.15g", p,
                  cx_t_quantile(p, 1), t1);
        cr_expect(fabs(cx_t_quantile(p, 2) - t2) <= 1e-10 * fabs(t2), "df 2, p %g: %.15g, want %.15g", p,
                  cx_t_quantile(p, 2), t2);
        cr_expect(fabs(cx_t_quantile(p, 4) - t4) <= 1e-9 * fabs(t4), "df 4, p %g: %.15g, want %.15g", p,
                  cx_t_quantile(p, 4), t4);
    }
}

Test(tdist, inverts_the_cdf)
{
    for (int df = 1; df <= 60; df++)
        for (int i = 0; i < NPROBS; i++) {
            double p = probs[i], x = cx_t_quantile(p, df), back = t_cdf(x, df);
            cr_expect(fabs(back - p) <= 1e-11 * fmin(p, 1 - p) + 1e-15, "df %d, p %g: t %.15g has CDF %.15g", df,
                      p, x, back);
        }
    /* the quantile rises with p */
    for (int df = 1; df <= 60; df += 7)
        for (int i = 1; i < NPROBS; i++)
            cr_expect(cx_t_quantile(probs[i], df) > cx_t_quantile(probs[i - 1], df), "df %d, p %g", df, probs[i]);
}

Test(tdist, median_symmetry_and_large_df)
{
    static const double dfs[] = {0.5, 1, 1.5, 2, 3, 7.25, 29, 30, 31, 1000, 1e6, 1e12, 1e15, 1e20, INFINITY};
    for (size_t k = 0; k < sizeof dfs / sizeof *dfs; k++) {
        double df = dfs[k];
        cr_expect_eq(cx_t_quantile(0.5, df), 0, "t(0.5, %g) = %g", df, cx_t_quantile(0.5, df));
        for (int i = 0; i < NPROBS; i++) {
            double lo = cx_t_quantile(probs[i], df), hi = cx_t_quantile(1 - probs[i], df);
            if (df < 1 && (probs[i] < 0.01 || probs[i] > 0.99)) continue; /* beyond what GSL reaches */
            cr_expect(isfinite(lo) && fabs(lo + hi) <= 1e-9 * fabs(lo), "df %g, p %g: %.15g vs %.15g", df,
                      probs[i], lo, hi);
        }
    }
    /* more degrees of freedom, a smaller quantile, down to the normal's */
    double z = 1.959963984540054, prev = INFINITY;
    static const double grow[] = {1, 2, 5, 30, 1e3, 1e6, 1e9, 1e14, 1e15, 1e16, 1e30};
    for (size_t k = 0; k < sizeof grow / sizeof *grow; k++) {
        double t = cx_t_quantile(0.975, grow[k]);
        cr_expect(t <= prev && t >= z - 1e-15, "t(0.975, %g) = %.17g after %.17g", grow[k], t, prev);
        prev = t;
    }
    cr_expect(fabs(cx_t_quantile(0.975, INFINITY) - z) <= 1e-15, "%.17g", cx_t_quantile(0.975, INFINITY));
    /* no step where GSL hands over to the normal with its correction */
    double below = cx_t_quantile(0.975, CX_TDIST_NORMAL_DF * 0.999), above = cx_t_quantile(0.975, CX_TDIST_NORMAL_DF);
    cr_expect(fabs(below - above) <= 1e-14, "%.17g vs %.17g", below, above);
}

static int handler_calls;
static void count_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason, (void)file, (void)line, (void)gsl_errno;
    handler_calls++;
}

Test(tdist, hostile_arguments_give_nan_never_abort)
{
    static const double bad[][2] = {
        {0, 5}, {1, 5}, {-0.1, 5}, {1.5, 3}, {NAN, 5}, {INFINITY, 5}, {0.975, 0}, {0.975, -1},
        {0.975, NAN}, {0.975, -INFINITY}, {NAN, NAN},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect(isnan(cx_t_quantile(bad[i][0], bad[i][1])), "t(%g, %g) = %g", bad[i][0], bad[i][1],
                  cx_t_quantile(bad[i][0], bad[i][1]));
    /* where GSL's iteration fails to converge (its default handler aborts):
     * NAN, the caller's handler neither called nor replaced */
    gsl_error_handler_t *before = gsl_set_error_handler(count_handler);
    static const double nonconv[][2] = {{0.3, 1e-3}, {0.975, 1e-300}, {1e-300, 5}, {1e-100, 5000}};
    for (size_t i = 0; i < sizeof nonconv / sizeof *nonconv; i++) {
        double t = cx_t_quantile(nonconv[i][0], nonconv[i][1]);
        cr_expect(isnan(t) || isfinite(t), "t(%g, %g) = %g", nonconv[i][0], nonconv[i][1], t);
    }
    cr_expect(isnan(cx_t_quantile(0.3, 1e-3)), "t(0.3, 1e-3) = %g", cx_t_quantile(0.3, 1e-3));
    cr_expect_eq(handler_calls, 0);
    cr_expect_eq(gsl_set_error_handler(before), count_handler, "the caller's GSL error handler was replaced");
}

/* The Lua experiments take the same function: cx.t_quantile prints the
 * C function's digits, and a hostile call gives nan, not a crash. */
Test(tdist, lua_experiments_use_the_same_quantile, .timeout = 60)
{
    char dir[512], script[600];
    cxt_make_temp_dir(dir, sizeof dir, "cx_tdist");
    snprintf(script, sizeof script, "%s/q.lua", dir);
    cxt_write_text(script, "for _, a in ipairs{{0.975, 1}, {0.975, 9}, {0.025, 9}, {0.995, 123.5}, {0.975, 1e9}} do\n"
                           "  cx.printf('%.17g\\n', cx.t_quantile(a[1], a[2]))\n"
                           "end\n"
                           "cx.printf('%s %s\\n', tostring(cx.t_quantile(0.3, 1e-3)), tostring(cx.t_quantile(2, 3)))\n");
    cxt_proc r;
    cxt_run(&r, dir, (const char *const[]){"lua", script, NULL}, 60);
    char want[512];
    snprintf(want, sizeof want, "%.17g\n%.17g\n%.17g\n%.17g\n%.17g\n", cx_t_quantile(0.975, 1), cx_t_quantile(0.975, 9),
             cx_t_quantile(0.025, 9), cx_t_quantile(0.995, 123.5), cx_t_quantile(0.975, 1e9));
    cr_expect_eq(r.status, 0, "cxsim lua: exit %d, stderr:\n%s", r.status, r.err);
    cr_expect(!strncmp(r.out, want, strlen(want)), "stdout:\n%s\nwant:\n%s", r.out, want);
    cr_expect(strstr(r.out + (strlen(r.out) >= strlen(want) ? strlen(want) : 0), "nan") != NULL, "stdout:\n%s",
              r.out);
    cxt_proc_free(&r);
    cxt_remove_tree(dir);
}
