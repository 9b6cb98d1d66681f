/* cx_exp_stats: a run's summary metrics from its monthly rows, and mean, sd and 95% interval over replications. */
#include "cx_exp_internal.h"

#include <lua.h>
#include <math.h>

#include "cx_row.h"
#include "cx_tdist.h"

void cxi_summarise(const double *rows, int months, int ncol, double *out)
{
    for (int c = 0; c < ncol; c++) {
        char agg = cx_row_columns[c].agg;
        double s = 0, first = NAN, last = NAN;
        int k = 0;
        for (int m = 0; m < months; m++) {
            double v = rows[(size_t)m * (size_t)ncol + (size_t)c];
            if (isnan(v)) continue;
            if (!k) first = v;
            last = v;
            s += v;
            k++;
        }
        out[c] = agg == 'l' ? last : agg == 'f' ? first : k == 0 ? NAN : agg == 's' ? s : s / k;
    }
}

/* Mean, sd, 95% half-width of xs[0..n) into a table on the stack. */
void cxi_push_stats(lua_State *L, const double *xs, int n)
{
    double mean = 0, ss = 0;
    for (int i = 0; i < n; i++) mean += xs[i];
    mean /= n > 0 ? n : 1;
    for (int i = 0; i < n; i++) ss += (xs[i] - mean) * (xs[i] - mean);
    double sd = n > 1 ? sqrt(ss / (n - 1)) : NAN;
    double half = n > 1 ? cx_t_quantile(0.975, n - 1) * sd / sqrt(n) : NAN;
    lua_createtable(L, 0, 6);
    lua_pushnumber(L, mean);
    lua_setfield(L, -2, "mean");
    lua_pushnumber(L, sd);
    lua_setfield(L, -2, "sd");
    lua_pushnumber(L, half);
    lua_setfield(L, -2, "half");
    lua_pushnumber(L, mean - half);
    lua_setfield(L, -2, "lo");
    lua_pushnumber(L, mean + half);
    lua_setfield(L, -2, "hi");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
}
