/* cx_exp_csv: CSV cells and rows (written and read back), cx.write_csv, cx.monthly_rows and the printing helpers. */
#include "cx_exp_internal.h"
#include "cx_lua_paths.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_row.h"

void cxi_csv_cell(cxi_sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        cxi_sput(b, s);
        return;
    }
    cxi_sput(b, "\"");
    for (; *s; s++) cxi_sput(b, *s == '"' ? "\"\"" : (char[2]){*s, 0});
    cxi_sput(b, "\"");
}

void cxi_csv_number(cxi_sbuf *b, double v)
{
    char num[64];
    if (isnan(v)) snprintf(num, sizeof num, "NA");
    else snprintf(num, sizeof num, "%.10g", v);
    cxi_sput(b, num);
}

/* Split one CSV line (no newline) into cells pushed as a Lua table
 * {cell1, cell2, ...}; quoted cells are unquoted. */
static void push_csv_cells(lua_State *L, const char *line, const char *end)
{
    lua_newtable(L);
    int k = 0;
    cxi_sbuf cell = {0};
    const char *p = line;
    while (p <= end) {
        cell.n = 0;
        cxi_sput(&cell, "");
        if (p < end && *p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"' && p + 1 < end && p[1] == '"') cxi_sput(&cell, "\""), p++;
                else if (*p == '"') {
                    p++;
                    break;
                } else cxi_sput(&cell, (char[2]){*p, 0});
            }
        } else {
            for (; p < end && *p != ','; p++) cxi_sput(&cell, (char[2]){*p, 0});
        }
        lua_pushstring(L, cell.p ? cell.p : "");
        lua_rawseti(L, -2, ++k);
        p++; /* the comma, or past the end */
    }
    free(cell.p);
}

/* Rows of CSV text as Lua tables keyed by the header's names; numeric
 * cells become numbers. The table is left on the stack. */
void cxi_push_csv_rows(lua_State *L, const char *head, char *const *rows, int nrows)
{
    const char *he = strchr(head, '\n');
    push_csv_cells(L, head, he ? he : head + strlen(head));
    int hi = lua_gettop(L);
    lua_Integer nh = (lua_Integer)lua_rawlen(L, hi);
    lua_newtable(L);
    int out = lua_gettop(L), n = 0;
    for (int i = 0; i < nrows; i++) {
        for (const char *line = rows[i]; line && *line;) {
            const char *e = strchr(line, '\n');
            if (!e) e = line + strlen(line);
            push_csv_cells(L, line, e);
            int ci = lua_gettop(L);
            lua_createtable(L, 0, (int)nh);
            for (lua_Integer c = 1; c <= nh; c++) {
                lua_rawgeti(L, hi, c);
                lua_rawgeti(L, ci, c);
                const char *v = lua_tostring(L, -1);
                int is_seed = lua_type(L, -2) == LUA_TSTRING && !strcmp(lua_tostring(L, -2), "seed");
                if (is_seed) { /* kept as text, as seeds are everywhere in Lua */
                } else if (v && strcmp(v, "NA") && lua_stringtonumber(L, v)) lua_remove(L, -2);
                else if (v && !strcmp(v, "NA")) {
                    lua_pop(L, 1);
                    lua_pushnumber(L, NAN);
                }
                lua_settable(L, -3);
            }
            lua_rawseti(L, out, ++n);
            lua_pop(L, 1);
            line = *e ? e + 1 : e;
        }
    }
    lua_remove(L, hi);
}

static void put_value(lua_State *L, int idx, cxi_sbuf *b)
{
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            char num[32];
            snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
            cxi_sput(b, num);
        } else cxi_csv_number(b, lua_tonumber(L, idx));
        break;
    case LUA_TBOOLEAN: cxi_sput(b, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TSTRING: cxi_csv_cell(b, lua_tostring(L, idx)); break;
    case LUA_TNIL: cxi_sput(b, "NA"); break;
    default: cxi_csv_cell(b, luaL_typename(L, idx)); break;
    }
}

/* The column list: opts.columns, or the sorted keys of the first row. */
static int columns_of(lua_State *L, int rows, int cols_idx)
{
    if (lua_istable(L, cols_idx)) {
        lua_pushvalue(L, cols_idx);
        return lua_gettop(L);
    }
    lua_newtable(L);
    int t = lua_gettop(L);
    lua_rawgeti(L, rows, 1);
    if (lua_istable(L, -1)) {
        int n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING) {
                lua_pushvalue(L, -1);
                lua_rawseti(L, t, ++n);
            }
        }
        lua_getglobal(L, "table");
        lua_getfield(L, -1, "sort");
        lua_pushvalue(L, t);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return t;
}

/* Protected: argument 1 the buffer (light userdata), 2 the rows, 3 the columns. */
static int rows_csv_body(lua_State *L)
{
    cxi_sbuf *b = lua_touserdata(L, 1);
    const int rows = 2, cols = 3;
    lua_Integer nc = (lua_Integer)lua_rawlen(L, cols), nr = (lua_Integer)lua_rawlen(L, rows);
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c);
        cxi_csv_cell(b, luaL_tolstring(L, -1, NULL));
        lua_pop(L, 2);
        cxi_sput(b, c < nc ? "," : "\n");
    }
    for (lua_Integer r = 1; r <= nr; r++) {
        lua_rawgeti(L, rows, r);
        for (lua_Integer c = 1; c <= nc; c++) {
            lua_rawgeti(L, cols, c);
            lua_gettable(L, -2);
            put_value(L, -1, b);
            lua_pop(L, 1);
            cxi_sput(b, c < nc ? "," : "\n");
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* The rows as CSV text (free it), or a raised error: a __tostring or
 * __index of the script's that raises leaves nothing allocated behind. */
static char *rows_csv(lua_State *L, int rows, int cols)
{
    cxi_sbuf b = {0};
    lua_pushcfunction(L, rows_csv_body);
    lua_pushlightuserdata(L, &b);
    lua_pushvalue(L, rows);
    lua_pushvalue(L, cols);
    int st = lua_pcall(L, 3, 0, 0);
    if (st != LUA_OK) {
        free(b.p);
        lua_error(L);
    }
    if (!b.p) cxi_sput(&b, "");
    return b.p;
}

/* cx.write_csv(path, rows, columns): rows a list of tables; written atomically. */
int cxi_l_write_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int cols = columns_of(L, 2, 3);
    char *text = rows_csv(L, 2, cols);
    if (!text) return luaL_error(L, "cx.write_csv: out of memory");
    cx_lua_out o;
    char err[1536];
    const char *fn = "";
    int rc = cx_lua_out_open(&o, "cx.write_csv", path, cxi_exp_get(L)->o.unsafe, err, sizeof err);
    if (!rc) {
        fn = "cx.write_csv: ";
        rc = cx_lua_out_begin(&o, err, sizeof err);
        if (!rc) {
            fputs(text, o.f);
            rc = cx_lua_out_commit(&o, err, sizeof err);
        }
    }
    cx_lua_out_close(&o);
    free(text);
    if (rc) return luaL_error(L, "%s%s", fn, err);
    return 0;
}

/* cx.monthly_rows(result): a cx.run result (or one replication of cx.replicate) as tidy rows
 * {scenario, regime, rep, seed, month, day_start, ...}, and their column list. */
int cxi_l_monthly_rows(lua_State *L)
{
    static const char *const lead[] = {"scenario", "regime", "rep", "seed"};
    const int nlead = 4;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newtable(L);
    int out = lua_gettop(L), n = 0, ncol = cx_row_count();
    lua_Integer nreg = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer g = 1; g <= nreg; g++) {
        lua_rawgeti(L, 1, g);
        int reg = lua_gettop(L);
        if (!lua_istable(L, reg)) return luaL_error(L, "cx.monthly_rows: expects a cx.run result");
        lua_pushliteral(L, "monthly");
        if (lua_rawget(L, reg) != LUA_TTABLE)
            return luaL_error(L, "cx.monthly_rows: the result has no monthly data (run it without monthly = false)");
        int mon = lua_gettop(L);
        lua_pushliteral(L, "months");
        lua_rawget(L, reg);
        lua_Integer months = lua_tointeger(L, -1);
        lua_pop(L, 1);
        for (lua_Integer m = 1; m <= months; m++) {
            lua_createtable(L, 0, ncol + nlead);
            for (int i = 0; i < nlead; i++) {
                lua_pushstring(L, !strcmp(lead[i], "regime") ? "label" : lead[i]);
                lua_rawget(L, reg);
                lua_setfield(L, -2, lead[i]);
            }
            for (int c = 0; c < ncol; c++) {
                lua_pushstring(L, cx_row_columns[c].name);
                lua_rawget(L, mon);
                lua_rawgeti(L, -1, m);
                lua_setfield(L, -3, cx_row_columns[c].name);
                lua_pop(L, 1);
            }
            lua_rawseti(L, out, ++n);
        }
        lua_pop(L, 2);
    }
    /* the columns in order, for write_csv: the labels, then monthly.csv's columns (month first) */
    lua_createtable(L, ncol + nlead, 0);
    for (int i = 0; i < nlead; i++) {
        lua_pushstring(L, lead[i]);
        lua_rawseti(L, -2, i + 1);
    }
    for (int c = 0; c < ncol; c++) {
        lua_pushstring(L, cx_row_columns[c].name);
        lua_rawseti(L, -2, c + nlead + 1);
    }
    return 2;
}

/* cx.print_table(rows, columns): aligned columns on stdout. */
int cxi_l_print_table(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int cols = columns_of(L, 1, 2);
    lua_Integer nc = (lua_Integer)lua_rawlen(L, cols), nr = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c);
        printf(" %14s", luaL_tolstring(L, -1, NULL));
        lua_pop(L, 2);
    }
    printf("\n");
    for (lua_Integer r = 1; r <= nr; r++) {
        lua_rawgeti(L, 1, r);
        for (lua_Integer c = 1; c <= nc; c++) {
            lua_rawgeti(L, cols, c);
            lua_gettable(L, -2);
            if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1)) printf(" %14.6g", lua_tonumber(L, -1));
            else printf(" %14s", luaL_tolstring(L, -1, NULL)), lua_pop(L, 1);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        printf("\n");
    }
    return 0;
}

/* t[sub][key] (or t[key] when sub is NULL) as a number, NAN when absent. */
static double field2(lua_State *L, int t, const char *sub, const char *key)
{
    int top = lua_gettop(L);
    lua_pushvalue(L, t);
    if (sub) lua_getfield(L, -1, sub);
    double v = NAN;
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, key);
        if (lua_type(L, -1) == LUA_TNUMBER) v = lua_tonumber(L, -1);
    }
    lua_settop(L, top);
    return v;
}

/* cx.print_compare(c): one line per metric: a, b, b - a with its 95% CI. */
int cxi_l_print_compare(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "label_a");
    lua_getfield(L, 1, "label_b");
    lua_getfield(L, 1, "reps");
    lua_getfield(L, 1, "crn");
    printf("%s vs %s: %lld paired replications, %s\n", lua_tostring(L, -4), lua_tostring(L, -3),
           (long long)lua_tointeger(L, -2), lua_toboolean(L, -1) ? "common random numbers" : "independent seeds");
    printf("%-22s %14s %14s %14s %14s %9s\n", "metric", lua_tostring(L, -4), lua_tostring(L, -3), "b - a",
           "95% CI +/-", "signif.");
    lua_pop(L, 4);
    lua_getfield(L, 1, "metrics");
    int ms = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, ms);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, ms, i);
        int m = lua_gettop(L);
        double a = field2(L, m, "a", "mean"), b = field2(L, m, "b", "mean");
        double d = field2(L, m, NULL, "mean"), h = field2(L, m, NULL, "half");
        lua_getfield(L, m, "metric");
        printf("%-22s %14.6g %14.6g %14.6g %14.6g %9s\n", lua_tostring(L, -1), a, b, d, h,
               fabs(d) > h ? "yes" : "no");
        lua_settop(L, ms);
    }
    lua_pop(L, 1);
    fflush(stdout);
    return 0;
}

/* cx.printf(fmt, ...) */
int cxi_l_printf(lua_State *L)
{
    int n = lua_gettop(L);
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "format");
    for (int i = 1; i <= n; i++) lua_pushvalue(L, i);
    lua_call(L, n, 1);
    fputs(lua_tostring(L, -1), stdout);
    fflush(stdout);
    return 0;
}

/* cx.metrics(): the summary metric (monthly column) names, in order. */
int cxi_l_metrics(lua_State *L)
{
    int ncol = cx_row_count();
    lua_createtable(L, ncol, 0);
    for (int c = 0; c < ncol; c++) {
        lua_pushstring(L, cx_row_columns[c].name);
        lua_rawseti(L, -2, c + 1);
    }
    return 1;
}
