/* cx_lua_experiment: `cxsim lua EXPERIMENT.lua`: the experiment's Lua state and its `cx` module.
 *
 * The machinery behind the module is split by idea (cx_exp_internal.h
 * lists the files): summaries and intervals (cx_exp_stats), one run's
 * result as a blob (cx_exp_codec), the pool of worker processes
 * (cx_exp_pool), scenario userdata and the table serialiser
 * (cx_exp_scenario), run/replicate/compare (cx_exp_runs), sweeps and their
 * journal (cx_exp_sweep), CSV and printing (cx_exp_csv). This file makes
 * the state (sandbox, budget, the `cx` table, `arg`) and runs the script.
 *
 * The Lua state is the experiment's own; C resources that must survive a
 * Lua error (the pool's outcomes) live in userdata with __gc. */
#include "cx_lua_experiment.h"
#include "cx_exp_internal.h"
#include "cx_lua_util.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cx_tdist.h"

void cxi_msgf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

/* cx.t_quantile(p, df): the engine's cx_t_quantile (core/engine/cx_tdist.h). */
static int l_t_quantile(lua_State *L)
{
    lua_pushnumber(L, cx_t_quantile(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
    return 1;
}

/* ------------------------------------------------------------------ */
/* The state                                                            */

static int open_cx(lua_State *L)
{
    cxi_exp *E = cxi_exp_get(L);
    if (E->o.unsafe) luaL_openlibs(L);
    else cx_lua_open_sandbox(L, CX_LUA_WITH_LOAD | CX_LUA_WITH_CLOCKS);
    /* getmetatable() of the host's userdata gives false: a script cannot
     * reach (or replace) their __gc */
    cxi_box_register(L);
    cxi_scen_register(L);
    static const luaL_Reg cx[] = {{"scenario", cxi_l_scenario},   {"load", cxi_l_scenario},
                                  {"run", cxi_l_run},             {"replicate", cxi_l_replicate},
                                  {"compare", cxi_l_compare},     {"sweep", cxi_l_sweep},
                                  {"write_csv", cxi_l_write_csv}, {"monthly_rows", cxi_l_monthly_rows},
                                  {"print_table", cxi_l_print_table}, {"print_compare", cxi_l_print_compare},
                                  {"printf", cxi_l_printf},       {"metrics", cxi_l_metrics},
                                  {"t_quantile", l_t_quantile},   {"rng_mix", cxi_l_rng_mix},
                                  {"rep_seed", cxi_l_rep_seed},   {NULL, NULL}};
    luaL_newlib(L, cx);
    cxi_design_register(L);
    cxi_sens_register(L);
    cxi_meta_register(L);
    lua_pushinteger(L, E->o.jobs);
    lua_setfield(L, -2, "jobs");
    /* local cx = require("cx"); the global stays for older scripts */
    if (E->o.unsafe) {
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "cx");
        lua_pop(L, 1);
    } else cxi_require_register(L, -1);
    lua_setglobal(L, "cx");
    return 0;
}

/* Protected: the script's chunk and arguments are on the stack. */
static int run_script(lua_State *L)
{
    int nargs = lua_gettop(L) - 1;
    lua_call(L, nargs, 0);
    return 0;
}

int cx_lua_experiment(const char *path, int argc, char **argv, const cx_experiment_opts *o, char *err,
                      size_t n)
{
    cxi_exp E = {.o = *o, .path = path};
    if (E.o.jobs <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        E.o.jobs = cpus > 0 ? (int)cpus : 1;
    }
    snprintf(E.dir, sizeof E.dir, "%s", path);
    char *slash = strrchr(E.dir, '/');
    if (slash) *slash = 0;
    else snprintf(E.dir, sizeof E.dir, ".");
    cx_lua_budget budget;
    lua_State *L = cx_lua_state_new(&budget, o->max_mem ? o->max_mem : CX_EXPERIMENT_MEM_DEFAULT,
                                    o->max_steps > 0 ? o->max_steps : CX_EXPERIMENT_STEPS_DEFAULT,
                                    "raise it with cxsim lua --max-steps N", "cxsim lua --max-mem-mb M");
    if (!L) {
        snprintf(err, n, "cannot create a Lua state");
        return -1;
    }
    budget.seconds = o->max_seconds > 0 ? o->max_seconds : CX_EXPERIMENT_SECONDS_DEFAULT;
    budget.seconds_knob = "raise it with cxsim lua --max-seconds S";
    E.budget = &budget;
    *(cxi_exp **)lua_getextraspace(L) = &E;
    int rc = -1, st;
    lua_pushcfunction(L, open_cx);
    if ((st = lua_pcall(L, 0, 0, 0)) != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    /* arg: [0] the script, [1..] its arguments; cx.args the same list */
    lua_createtable(L, argc, 1);
    lua_pushstring(L, path);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, -1);
    lua_setglobal(L, "arg");
    lua_getglobal(L, "cx");
    lua_insert(L, -2);
    lua_setfield(L, -2, "args");
    lua_pop(L, 1);
    lua_pushcfunction(L, run_script);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, n, "%s: cannot read the experiment: %s", path, strerror(errno));
        goto done;
    }
    fclose(f);
    if ((st = luaL_loadfilex(L, path, "t")) != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    for (int i = 0; i < argc; i++) lua_pushstring(L, argv[i]);
    cx_lua_budget_arm(L, "the experiment");
    st = lua_pcall(L, argc + 1, 0, 0);
    cx_lua_budget_disarm(L);
    if (st != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    rc = 0;
done:
    lua_close(L);
    return rc;
}
