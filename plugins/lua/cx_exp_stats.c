/* cx_exp_stats: mean, sd and 95% interval over replications. */
#include "cx_exp_internal.h"

#include <lua.h>
#include <math.h>

#include "cx_row.h"
#include "cx_tdist.h"

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
