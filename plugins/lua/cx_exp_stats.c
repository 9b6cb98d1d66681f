/* cx_exp_stats: mean, sd and 95% interval over replications; result tables that refuse unknown names. */
#include "cx_exp_internal.h"

#include <lua.h>
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
    cxi_strict(L, -1, "a statistics table");
}

/* __index of a strict table: a name it lacks is an error naming it and the
 * fields it has (upvalue 1: what the table is); other keys (positions past
 * a list's end, for ipairs) give nil. */
static int strict_index(lua_State *L)
{
    if (lua_type(L, 2) != LUA_TSTRING) {
        lua_pushnil(L);
        return 1;
    }
    const char *names[48];
    int k = 0, more = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) continue;
        if (k < 48) names[k++] = lua_tostring(L, -1); /* the table keeps the key alive */
        else more = 1;
    }
    qsort(names, (size_t)k, sizeof *names, cxi_cmp_cstr);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; i < k; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, names[i]);
    }
    if (more) luaL_addstring(&b, ", ...");
    luaL_pushresult(&b);
    return luaL_error(L, "%s has no field '%s' (it has: %s)", lua_tostring(L, lua_upvalueindex(1)),
                      lua_tostring(L, 2), lua_tostring(L, -1));
}

void cxi_strict(lua_State *L, int idx, const char *what)
{
    idx = lua_absindex(L, idx);
    char key[96];
    snprintf(key, sizeof key, "cx.strict:%s", what);
    if (luaL_newmetatable(L, key)) {
        lua_pushstring(L, what);
        lua_pushcclosure(L, strict_index, 1);
        lua_setfield(L, -2, "__index");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, idx);
}
