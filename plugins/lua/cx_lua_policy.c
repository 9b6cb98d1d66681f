/* cx_lua_policy: the bridge from a Lua policy script to the cx_policy ABI.
 *
 * Two stages. cx_lua_policy_load runs the script once in a throw-away state
 * (the probe) to read its name, sides, options and which callbacks it
 * defines; from that it builds a cx_policy whose create() makes a fresh,
 * sandboxed Lua state per simulation and runs the script again there, and
 * whose at[] entries lead into run_point(), one small function per decision
 * point. The table's self pointer is the cx_lua_policy, handed back to
 * create by the host (policy ABI 2), so any number of Lua policies can be
 * loaded at once, with no global state. So two simulations never share a
 * Lua state.
 *
 * Every call into Lua is a lua_pcall: script errors, the instruction limit
 * (a count hook) and the memory cap (the allocator refuses) all come back
 * as a status, never as a longjmp through the host's frames. The Lua API
 * calls made outside a protected call here do not allocate (rawgeti,
 * settop, push of a light C function), so a memory error can never reach
 * the panic handler. Decisions are read and checked by a protected C
 * function before any is applied, and applied in lever order, so a run is
 * deterministic whatever order the script's table iterates in. */
#include "cx_lua_policy.h"
#include "cx_lua_util.h"
#include "cx_policy_host.h"

#include <ctype.h>
#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LP_MAGIC 0x4c756150u       /* "LuaP": marks a cx_lua_policy behind a cx_policy */

_Static_assert(CX_POINT_COUNT == 5, "a new decision point needs a Lua callback name and an entry in point_fn");
static const char *const cb_name[CX_POINT_COUNT] = {"on_start", "on_month", "on_review",
                                                     "on_contract_year", "on_incident"};

struct cx_lua_policy {
    cx_policy pol;                /* the table handed to the host; its self is this object */
    cx_policy_fn at[CX_POINT_COUNT]; /* pol.at: the point's entry where the script has the callback */
    unsigned magic;               /* LP_MAGIC */
    cx_lua_limits lim;            /* limits of every state of this policy */
    char *path;                   /* the script, as named */
    char *src;                    /* its text (lines for error messages) */
    size_t srclen;                /* bytes of src */
    char *name;                   /* the script's name field */
    char *doc;                    /* its doc field, or "" */
    char **opt_names;             /* option names, sorted */
    cx_option *opts;              /* declared options, NULL-name terminated */
    int n_opts;                   /* entries of opts */
    char err[512];                /* last error of a callback or create */
};

/* One Lua state: the probe's, or one simulation's. Reached from Lua through
 * the state's extra space. */
typedef struct lstate {
    cx_lua_policy *lp;            /* the policy */
    lua_State *L;                 /* the state */
    cx_lua_budget mem;            /* bytes and instructions of the state (cx_lua_util) */
    const char *phase;            /* "loading" or the running callback's name */
    int fn_ref[CX_POINT_COUNT];   /* registry refs of the callbacks, LUA_NOREF if absent */
    int line0[CX_POINT_COUNT];    /* first and last line of each callback */
    int line1[CX_POINT_COUNT];
    int state_ref;                /* registry ref of the `state` userdata */
    const cx_host_api *api;       /* during a callback only, else NULL */
    cx_pctx *ctx;                 /* during a callback only */
    int refused;                  /* lever the host refused, or -1 */
} lstate;

static lstate *get_ls(lua_State *L) { return *(lstate **)lua_getextraspace(L); }

/* ------------------------------------------------------------------ */
/* The sandbox (cx_lua_util): limits, text-only load, no string.dump      */

static void arm_hook(lstate *s) { cx_lua_budget_arm(s->L, s->phase); }

/* math.random from the policy's stream (api->uniform), so runs repeat. */
static int policy_random(lua_State *L)
{
    lstate *s = get_ls(L);
    if (!s->api) return luaL_error(L, "math.random is only available inside a callback (it draws from the "
                                      "policy's random stream)");
    double u = s->api->uniform(s->ctx);
    int nargs = lua_gettop(L);
    if (nargs == 0) {
        lua_pushnumber(L, u);
        return 1;
    }
    lua_Integer lo = 1, hi;
    if (nargs == 1) hi = luaL_checkinteger(L, 1);
    else {
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
    }
    luaL_argcheck(L, lo <= hi, nargs, "interval is empty");
    double span = (double)hi - (double)lo + 1.0;
    lua_Integer k = lo + (lua_Integer)floor(u * span);
    lua_pushinteger(L, k > hi ? hi : k);
    return 1;
}

static int policy_randomseed(lua_State *L)
{
    return luaL_error(L, "math.randomseed: a policy's random stream is seeded by the scenario's seed");
}

static int open_libs(lua_State *L)
{
    const cx_lua_limits *lim = &get_ls(L)->lp->lim;
    if (lim->unsafe) luaL_openlibs(L);
    else cx_lua_open_sandbox(L, CX_LUA_WITH_LOAD);
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_pushcfunction(L, policy_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, policy_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Lines in the script, for messages                                     */

/* First line in [from, to] (0: anywhere) where `key` appears as a name
 * followed by '='; 0 when none. */
static int line_of_key(const cx_lua_policy *lp, const char *key, int from, int to)
{
    size_t k = strlen(key);
    int line = 1;
    for (const char *p = lp->src; *p; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if ((from && line < from) || (to && line > to)) continue;
        if (strncmp(p, key, k)) continue;
        if (p > lp->src && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
        const char *t = p + k;
        if (*t == ']' || *t == '"' || *t == '\'') t++;
        if (*t == ']') t++;
        while (*t == ' ' || *t == '\t') t++;
        if (*t == '=' && t[1] != '=') return line;
    }
    return 0;
}

/* "path:line: " prefix (or "path: " when the line is unknown) on the stack. */
static void push_where(lua_State *L, const cx_lua_policy *lp, int line)
{
    if (line > 0) lua_pushfstring(L, "%s:%d: ", lp->path, line);
    else lua_pushfstring(L, "%s: ", lp->path);
}

/* ------------------------------------------------------------------ */
/* Reading the script's table (the probe), under lua_pcall               */

static int is_callback(const char *k)
{
    for (int i = 0; i < CX_POINT_COUNT; i++)
        if (!strcmp(k, cb_name[i])) return 1;
    return 0;
}

static char *dup_or_raise(lua_State *L, const char *s)
{
    char *d = strdup(s);
    if (!d) luaL_error(L, "out of memory");
    return d;
}

static int spec_error(lua_State *L, const cx_lua_policy *lp, const char *key, const char *what)
{
    push_where(L, lp, key ? line_of_key(lp, key, 0, 0) : 0);
    lua_pushstring(L, what);
    lua_concat(L, 2);
    return lua_error(L);
}

static unsigned side_bit(lua_State *L, const cx_lua_policy *lp, int idx)
{
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : "";
    if (!strcmp(s, "client")) return 1u << CX_CLIENT;
    if (!strcmp(s, "provider")) return 1u << CX_PROVIDER;
    if (!strcmp(s, "both")) return (1u << CX_CLIENT) | (1u << CX_PROVIDER);
    spec_error(L, lp, "sides", "field 'sides': must be \"client\", \"provider\", \"both\" or a list of them");
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static double opt_number(lua_State *L, cx_lua_policy *lp, int t, const char *opt, const char *field,
                         double def, int required)
{
    lua_getfield(L, t, field);
    double v = def;
    if (lua_type(L, -1) == LUA_TNUMBER) v = lua_tonumber(L, -1);
    else if (!lua_isnil(L, -1) || required) {
        lua_pushfstring(L, "field 'options.%s.%s': %s", opt, field,
                        lua_isnil(L, -1) ? "is required (a number)" : "must be a number");
        spec_error(L, lp, opt, lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    return v;
}

static void read_options(lua_State *L, cx_lua_policy *lp, int t)
{
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) spec_error(L, lp, "options", "field 'options': keys must be names");
        n++;
    }
    lp->opt_names = calloc((size_t)n + 1, sizeof *lp->opt_names);
    lp->opts = calloc((size_t)n + 1, sizeof *lp->opts);
    if (!lp->opt_names || !lp->opts) luaL_error(L, "out of memory");
    lua_pushnil(L);
    for (int i = 0; lua_next(L, t); i++) {
        lua_pop(L, 1);
        lp->opt_names[i] = dup_or_raise(L, lua_tostring(L, -1));
        lp->n_opts = i + 1; /* owned from here on */
    }
    qsort(lp->opt_names, (size_t)n, sizeof *lp->opt_names, cmp_str);
    for (int i = 0; i < n; i++) {
        const char *on = lp->opt_names[i];
        cx_option *o = &lp->opts[i];
        if (strlen(on) >= 32) spec_error(L, lp, on, "option names must be under 32 characters");
        lua_getfield(L, t, on);
        int ot = lua_gettop(L);
        if (!lua_istable(L, ot)) {
            lua_pushfstring(L, "field 'options.%s': must be a table {default=, min=, max=, doc=}", on);
            spec_error(L, lp, on, lua_tostring(L, -1));
        }
        lua_pushnil(L);
        while (lua_next(L, ot)) {
            lua_pop(L, 1);
            const char *f = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            if (strcmp(f, "default") && strcmp(f, "min") && strcmp(f, "max") && strcmp(f, "doc")) {
                lua_pushfstring(L, "field 'options.%s': unknown field '%s' (default, min, max, doc)", on, f);
                spec_error(L, lp, on, lua_tostring(L, -1));
            }
        }
        o->name = on;
        o->def = opt_number(L, lp, ot, on, "default", 0, 1);
        o->lo = opt_number(L, lp, ot, on, "min", -HUGE_VAL, 0);
        o->hi = opt_number(L, lp, ot, on, "max", HUGE_VAL, 0);
        if (!(o->lo <= o->def && o->def <= o->hi)) {
            lua_pushfstring(L, "field 'options.%s': needs min <= default <= max (got %f, %f, %f)", on, o->lo,
                            o->def, o->hi);
            spec_error(L, lp, on, lua_tostring(L, -1));
        }
        lua_getfield(L, ot, "doc"); /* copied: it must outlive the probe state */
        if (lua_type(L, -1) == LUA_TSTRING || lua_isnil(L, -1))
            o->doc = dup_or_raise(L, lua_isnil(L, -1) ? "" : lua_tostring(L, -1));
        else {
            lua_pushfstring(L, "field 'options.%s.doc': must be a string", on);
            spec_error(L, lp, on, lua_tostring(L, -1));
        }
        lua_pop(L, 2);
    }
}

/* Protected: argument 1 is the script's table. Fills lp. */
static int read_spec(lua_State *L)
{
    lstate *s = get_ls(L);
    cx_lua_policy *lp = s->lp;
    const int t = 1;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) spec_error(L, lp, NULL, "the policy table has an entry without a name");
        const char *k = lua_tostring(L, -1);
        if (strcmp(k, "name") && strcmp(k, "doc") && strcmp(k, "sides") && strcmp(k, "options") &&
            !is_callback(k) && k[0] != '_') {
            lua_pushfstring(L, "unknown field '%s' (fields: name, doc, sides, options, on_start, on_month, "
                            "on_review, on_contract_year, on_incident)", k);
            spec_error(L, lp, k, lua_tostring(L, -1));
        }
    }
    lua_getfield(L, t, "name");
    if (lua_type(L, -1) != LUA_TSTRING || !*lua_tostring(L, -1))
        spec_error(L, lp, "name", "field 'name': the policy needs a name (a non-empty string)");
    lp->name = dup_or_raise(L, lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_getfield(L, t, "doc");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING) spec_error(L, lp, "doc", "field 'doc': must be a string");
    lp->doc = dup_or_raise(L, lua_isnil(L, -1) ? "" : lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_getfield(L, t, "sides");
    unsigned sides = 0;
    if (lua_isnil(L, -1)) sides = (1u << CX_CLIENT) | (1u << CX_PROVIDER);
    else if (lua_istable(L, -1)) {
        lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer i = 1; i <= len; i++) {
            lua_rawgeti(L, -1, i);
            sides |= side_bit(L, lp, -1);
            lua_pop(L, 1);
        }
        if (!sides) spec_error(L, lp, "sides", "field 'sides': an empty list");
    } else sides = side_bit(L, lp, -1);
    lua_pop(L, 1);
    lp->pol.sides = sides;
    lua_getfield(L, t, "options");
    if (lua_istable(L, -1)) read_options(L, lp, lua_gettop(L));
    else if (!lua_isnil(L, -1)) spec_error(L, lp, "options", "field 'options': must be a table of options");
    lua_pop(L, 1);
    int any = 0;
    for (int i = 0; i < CX_POINT_COUNT; i++) {
        lua_getfield(L, t, cb_name[i]);
        if (lua_isfunction(L, -1)) any = 1;
        else if (!lua_isnil(L, -1)) {
            lua_pushfstring(L, "field '%s': must be a function (got %s)", cb_name[i], luaL_typename(L, -1));
            spec_error(L, lp, cb_name[i], lua_tostring(L, -1));
        }
        lua_pop(L, 1);
    }
    if (!any)
        spec_error(L, lp, NULL, "the policy defines no callback (on_start, on_month, on_review, "
                                "on_contract_year or on_incident)");
    return 0;
}

/* ------------------------------------------------------------------ */
/* A state: created, the script run, its table in the registry          */

/* Copy the error on top of the stack into buf. */
static void take_error(lua_State *L, int status, const lstate *s, char *buf, size_t n)
{
    cx_lua_budget_of(L)->what = s->phase;
    cx_lua_error_text(L, status, s->lp->path, buf, n);
}

/* New state for lp, the script run, its table left on the stack. NULL with
 * the message in err on failure. */
static lstate *open_state(cx_lua_policy *lp, char *err, size_t n)
{
    lstate *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, n, "%s: out of memory", lp->path);
        return NULL;
    }
    s->lp = lp;
    s->phase = "loading";
    s->state_ref = LUA_NOREF;
    s->refused = -1;
    for (int i = 0; i < CX_POINT_COUNT; i++) s->fn_ref[i] = LUA_NOREF;
    s->L = cx_lua_state_new(&s->mem, lp->lim.mem_bytes, lp->lim.steps, "the limit is CXSIM_LUA_MAX_STEPS",
                            "CXSIM_LUA_MAX_MEM_MB");
    s->mem.seconds = lp->lim.seconds;
    s->mem.seconds_knob = "the limit is CXSIM_LUA_MAX_SECONDS";
    if (!s->L) {
        snprintf(err, n, "%s: cannot create a Lua state", lp->path);
        free(s);
        return NULL;
    }
    lua_State *L = s->L;
    *(lstate **)lua_getextraspace(L) = s;
    lua_pushcfunction(L, open_libs);
    int st = lua_pcall(L, 0, 0, 0);
    if (st == LUA_OK) {
        char chunk[4200];
        snprintf(chunk, sizeof chunk, "@%s", lp->path);
        st = luaL_loadbufferx(L, lp->src, lp->srclen, chunk, "t");
    }
    if (st == LUA_OK) {
        arm_hook(s);
        st = lua_pcall(L, 0, 1, 0);
        cx_lua_budget_disarm(L);
    }
    if (st != LUA_OK) {
        take_error(L, st, s, err, n);
        goto fail;
    }
    if (!lua_istable(L, -1)) {
        snprintf(err, n, "%s: the policy script must return a table (got %s)", lp->path, luaL_typename(L, -1));
        goto fail;
    }
    return s;
fail:
    lua_close(L);
    free(s);
    return NULL;
}

static void close_state(lstate *s)
{
    if (!s) return;
    lua_close(s->L);
    free(s);
}

/* ------------------------------------------------------------------ */
/* The `state` a callback reads                                         */

static int state_base(lua_State *L) { return lua_type(L, 1) == LUA_TUSERDATA ? 2 : 1; } /* state:f() or state.f() */

static lstate *in_callback(lua_State *L)
{
    lstate *s = get_ls(L);
    if (!s->api) luaL_error(L, "state is only readable inside a callback");
    return s;
}

static int state_option(lua_State *L)
{
    lstate *s = in_callback(L);
    const char *name = luaL_checkstring(L, state_base(L));
    for (int i = 0; i < s->lp->n_opts; i++)
        if (!strcmp(s->lp->opts[i].name, name)) {
            lua_pushnumber(L, s->api->option(s->ctx, name));
            return 1;
        }
    return luaL_error(L, "option '%s' is not declared in the script's options", name);
}

static int state_lever(lua_State *L)
{
    lstate *s = in_callback(L);
    const char *name = luaL_checkstring(L, state_base(L));
    int l = cx_lever_find(name);
    if (l < 0) return luaL_error(L, "unknown lever '%s' (see docs/plugins.md)", name);
    lua_pushnumber(L, s->api->lever(s->ctx, l));
    return 1;
}

static int state_uniform(lua_State *L)
{
    lstate *s = in_callback(L);
    lua_pushnumber(L, s->api->uniform(s->ctx));
    return 1;
}

static int state_note(lua_State *L)
{
    lstate *s = in_callback(L);
    s->api->note(s->ctx, luaL_checkstring(L, state_base(L)));
    return 0;
}

/* state:history(name, n): the key at the last n month closes, oldest first
 * (h[#h] is the month just closed; fewer than n early in a run). */
static int state_history(lua_State *L)
{
    lstate *s = in_callback(L);
    int b = state_base(L);
    const char *name = luaL_checkstring(L, b);
    lua_Integer n = luaL_checkinteger(L, b + 1);
    int key = cx_key_find(name);
    if (key < 0) return luaL_error(L, "history: state has no key '%s' (see docs/plugins.md)", name);
    if (n < 1 || n > 12000) return luaL_error(L, "history: months must be from 1 to 12000 (got %I)", n);
    if (!CX_API_HAS(s->api, cx_host_api, history) || !s->api->history)
        return luaL_error(L, "history: this host keeps no history");
    double *v = lua_newuserdatauv(L, (size_t)n * sizeof *v, 0);
    int k = s->api->history(s->ctx, key, (int)n, v);
    lua_createtable(L, k > 0 ? k : 0, 0);
    for (int i = 0; i < k; i++) {
        lua_pushnumber(L, v[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* state:param(field): a scenario field by its dotted path, as a number. */
static int state_param(lua_State *L)
{
    lstate *s = in_callback(L);
    const char *field = luaL_checkstring(L, state_base(L));
    if (!CX_API_HAS(s->api, cx_host_api, param) || !s->api->param)
        return luaL_error(L, "param: this host gives no scenario fields");
    double v = s->api->param(s->ctx, field);
    if (isnan(v))
        return luaL_error(L, "param: '%s' is not a numeric scenario field (see cxsim params)", field);
    lua_pushnumber(L, v);
    return 1;
}

/* __index: upvalue 1 is the methods table. */
static int state_index(lua_State *L)
{
    if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "state keys are names");
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    lstate *s = in_callback(L);
    const char *k = lua_tostring(L, 2);
    int key = cx_key_find(k);
    if (key < 0) return luaL_error(L, "state has no key '%s' (see docs/plugins.md)", k);
    lua_pushnumber(L, s->api->get(s->ctx, key));
    return 1;
}

static int state_newindex(lua_State *L)
{
    return luaL_error(L, "state is read-only: return decisions as a table, e.g. return {pay_rel = 1.05}");
}

static int state_tostring(lua_State *L)
{
    lua_pushliteral(L, "cxsim policy state");
    return 1;
}

/* Protected: the callbacks of the table at 1 into registry refs, and the state userdata. */
static int bind_instance(lua_State *L)
{
    lstate *s = get_ls(L);
    for (int i = 0; i < CX_POINT_COUNT; i++) {
        lua_getfield(L, 1, cb_name[i]);
        if (!lua_isfunction(L, -1)) {
            lua_pop(L, 1);
            continue;
        }
        lua_Debug ar;
        lua_pushvalue(L, -1);
        lua_getinfo(L, ">S", &ar);
        s->line0[i] = ar.linedefined;
        s->line1[i] = ar.lastlinedefined;
        s->fn_ref[i] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_newuserdatauv(L, 1, 0);
    lua_createtable(L, 0, 6);
    lua_createtable(L, 0, 4);
    static const luaL_Reg methods[] = {{"option", state_option}, {"lever", state_lever},
                                       {"uniform", state_uniform}, {"note", state_note},
                                       {"history", state_history}, {"param", state_param}, {NULL, NULL}};
    luaL_setfuncs(L, methods, 0);
    lua_pushcclosure(L, state_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, state_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, state_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    s->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Decisions                                                            */

static int decision_error(lua_State *L, lstate *s, int point, const char *key, const char *what)
{
    int line = key ? line_of_key(s->lp, key, s->line0[point], s->line1[point]) : 0;
    if (!line && key) line = line_of_key(s->lp, key, 0, 0);
    if (!line) line = s->line0[point];
    push_where(L, s->lp, line);
    lua_pushstring(L, what);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Protected: argument 1 the decisions table, 2 the point. Checks all, then applies in lever order. */
static int apply_decisions(lua_State *L)
{
    lstate *s = get_ls(L);
    int point = (int)lua_tointeger(L, 2);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        int vt = lua_type(L, -1);
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pushfstring(L, "%s returned a decision without a lever name (a %s key)", cb_name[point],
                            luaL_typename(L, -1));
            decision_error(L, s, point, NULL, lua_tostring(L, -1));
        }
        const char *k = lua_tostring(L, -1);
        if (cx_lever_find(k) < 0) {
            lua_pushfstring(L, "%s returned an unknown lever '%s' (see docs/plugins.md for the levers)",
                            cb_name[point], k);
            decision_error(L, s, point, k, lua_tostring(L, -1));
        }
        if (vt != LUA_TNUMBER && vt != LUA_TBOOLEAN) {
            lua_pushfstring(L, "%s: lever '%s' must be a number or a boolean (got %s)", cb_name[point], k,
                            lua_typename(L, vt));
            decision_error(L, s, point, k, lua_tostring(L, -1));
        }
    }
    for (int l = 0; l < CX_L_COUNT; l++) {
        const char *name = cx_lever_name(l);
        if (!name) continue;
        lua_pushstring(L, name);
        int vt = lua_rawget(L, 1);
        if (vt != LUA_TNIL) {
            double v = vt == LUA_TBOOLEAN ? (double)lua_toboolean(L, -1) : lua_tonumber(L, -1);
            if (s->api->set(s->ctx, l, v)) {
                s->refused = l;
                lua_pop(L, 1);
                return 0;
            }
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Hand the reason of a failure to the host: its `fail` slot when the host
 * has one (the reason becomes the run's error), else a note. */
static void tell_host(const cx_host_api *api, cx_pctx *ctx, const char *msg)
{
    if (!api) return;
    if (CX_API_HAS(api, cx_host_api, fail) && api->fail) {
        api->fail(ctx, msg);
        return;
    }
    if (api->note) api->note(ctx, msg);
}

/* Record a callback's failure: lp->err, the host, status -1. */
static int fail(lstate *s, const char *msg)
{
    snprintf(s->lp->err, sizeof s->lp->err, "%s", msg);
    tell_host(s->api, s->ctx, msg);
    return -1;
}

static int run_point(void *self, const cx_host_api *api, cx_pctx *ctx, int point)
{
    lstate *s = self;
    if (!s || s->fn_ref[point] == LUA_NOREF) return 0;
    lua_State *L = s->L;
    char msg[sizeof s->lp->err];
    s->api = api;
    s->ctx = ctx;
    s->phase = cb_name[point];
    s->refused = -1;
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->fn_ref[point]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->state_ref);
    arm_hook(s);
    int st = lua_pcall(L, 1, 1, 0);
    cx_lua_budget_disarm(L);
    int rc = 0;
    if (st != LUA_OK) {
        take_error(L, st, s, msg, sizeof msg);
        if (!s->mem.tripped && st != LUA_ERRMEM) {
            size_t k = strlen(msg);
            snprintf(msg + k, sizeof msg - k, " (in %s)", cb_name[point]);
        }
        rc = fail(s, msg);
    } else if (!lua_isnil(L, -1)) {
        if (!lua_istable(L, -1)) {
            lua_pushfstring(L, "%s must return a table of decisions or nil (got %s)", cb_name[point],
                            luaL_typename(L, -1));
            snprintf(msg, sizeof msg, "%s:%d: %s", s->lp->path, s->line0[point], lua_tostring(L, -1));
            rc = fail(s, msg);
        } else {
            lua_pushcfunction(L, apply_decisions);
            lua_insert(L, -2);
            lua_pushinteger(L, point);
            st = lua_pcall(L, 2, 0, 0);
            if (st != LUA_OK) {
                take_error(L, st, s, msg, sizeof msg);
                rc = fail(s, msg);
            } else if (s->refused >= 0) {
                /* the host's set has the reason; keep ours short */
                snprintf(s->lp->err, sizeof s->lp->err, "%s: %s: decision '%s' refused by the model",
                         s->lp->path, cb_name[point], cx_lever_name(s->refused));
                rc = -1;
            }
        }
    }
    lua_settop(L, 0);
    s->api = NULL;
    s->ctx = NULL;
    return rc;
}

static int at_start(void *self, const cx_host_api *api, cx_pctx *ctx) { return run_point(self, api, ctx, CX_AT_START); }
static int at_month(void *self, const cx_host_api *api, cx_pctx *ctx) { return run_point(self, api, ctx, CX_AT_MONTH); }
static int at_review(void *self, const cx_host_api *api, cx_pctx *ctx) { return run_point(self, api, ctx, CX_AT_REVIEW); }
static int at_contract_year(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    return run_point(self, api, ctx, CX_AT_CONTRACT_YEAR);
}
static int at_incident(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    return run_point(self, api, ctx, CX_AT_INCIDENT);
}
static const cx_policy_fn point_fn[CX_POINT_COUNT] = {at_start, at_month, at_review, at_contract_year,
                                                      at_incident};

/* ------------------------------------------------------------------ */
/* create / destroy: one state per simulation                           */

/* The table's create: `self` is the cx_lua_policy (the table's self
 * pointer, handed back by the host); the instance is a new lstate. */
static void *policy_create(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    cx_lua_policy *lp = self;
    if (!lp) return NULL;
    char msg[sizeof lp->err];
    if (!api || api->abi != CX_POLICY_ABI || api->size < sizeof(cx_host_api)) {
        snprintf(lp->err, sizeof lp->err, "%s: the host speaks another policy ABI", lp->path);
        return NULL;
    }
    lstate *s = open_state(lp, msg, sizeof msg);
    if (!s) {
        snprintf(lp->err, sizeof lp->err, "%s", msg);
        if (ctx) tell_host(api, ctx, msg);
        return NULL;
    }
    lua_pushcfunction(s->L, bind_instance);
    lua_insert(s->L, -2);
    int st = lua_pcall(s->L, 1, 0, 0);
    if (st != LUA_OK) {
        take_error(s->L, st, s, lp->err, sizeof lp->err);
        close_state(s);
        if (ctx) tell_host(api, ctx, lp->err);
        return NULL;
    }
    return s;
}

static void policy_destroy(void *inst) { close_state(inst); }

/* ------------------------------------------------------------------ */
/* Loading                                                              */

static long env_long(const char *name, long def, long lo, long hi)
{
    const char *v = getenv(name);
    if (!v || !*v) return def;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || x < lo || x > hi ? def : x;
}

void cx_lua_limits_default(cx_lua_limits *lim)
{
    lim->mem_bytes = (size_t)env_long("CXSIM_LUA_MAX_MEM_MB", CX_LUA_MEM_DEFAULT >> 20, 1, 1L << 20) << 20;
    lim->steps = env_long("CXSIM_LUA_MAX_STEPS", CX_LUA_STEPS_DEFAULT, 1000, LONG_MAX);
    lim->seconds = (double)env_long("CXSIM_LUA_MAX_SECONDS", CX_LUA_SECONDS_DEFAULT, 1, 1L << 30);
    lim->unsafe = 0; /* the user's consent (cx_consent), never the script's */
}

void cx_lua_policy_free(cx_lua_policy *lp)
{
    if (!lp) return;
    for (int i = 0; i < lp->n_opts; i++) {
        free(lp->opt_names[i]);
        free((char *)lp->opts[i].doc);
    }
    free(lp->opt_names);
    free(lp->opts);
    free(lp->name);
    free(lp->doc);
    free(lp->src);
    free(lp->path);
    free(lp);
}

int cx_lua_policy_load_ex(const char *path, const cx_lua_limits *lim, cx_lua_policy **out,
                          const cx_policy **pol, char *err, size_t n)
{
    *out = NULL;
    *pol = NULL;
    cx_lua_policy *lp = calloc(1, sizeof *lp);
    if (!lp || !(lp->path = strdup(path))) {
        free(lp);
        snprintf(err, n, "%s: out of memory", path);
        return -1;
    }
    lp->magic = LP_MAGIC;
    if (lim) lp->lim = *lim;
    else cx_lua_limits_default(&lp->lim);
    lp->src = cx_read_file(path, &lp->srclen);
    if (!lp->src) {
        snprintf(err, n, "%s: cannot read the policy script", path);
        cx_lua_policy_free(lp);
        return -1;
    }
    lstate *s = open_state(lp, err, n);
    if (!s) {
        cx_lua_policy_free(lp);
        return -1;
    }
    lua_pushcfunction(s->L, read_spec);
    lua_insert(s->L, -2);
    int st = lua_pcall(s->L, 1, 0, 0);
    if (st != LUA_OK) {
        take_error(s->L, st, s, err, n);
        close_state(s);
        cx_lua_policy_free(lp);
        return -1;
    }
    /* which callbacks exist: ask a state bound like a simulation's would be */
    close_state(s);
    cx_policy *p = &lp->pol;
    p->abi = CX_POLICY_ABI;
    p->size = sizeof *p;
    p->name = lp->name;
    p->doc = lp->doc;
    p->options = lp->n_opts ? lp->opts : NULL;
    p->self = lp;
    p->create = policy_create;
    p->destroy = policy_destroy;
    p->n_at = CX_POINT_COUNT;
    p->at = lp->at;
    lstate *probe = policy_create(lp, &(cx_host_api){.abi = CX_POLICY_ABI, .size = sizeof(cx_host_api)}, NULL);
    if (!probe) {
        snprintf(err, n, "%s", lp->err);
        cx_lua_policy_free(lp);
        return -1;
    }
    for (int i = 0; i < CX_POINT_COUNT; i++) lp->at[i] = probe->fn_ref[i] != LUA_NOREF ? point_fn[i] : NULL;
    close_state(probe);
    lp->err[0] = 0;
    *out = lp;
    *pol = p;
    return 0;
}

int cx_lua_policy_load(const char *path, cx_lua_policy **out, const cx_policy **pol, char *err, size_t n)
{
    return cx_lua_policy_load_ex(path, NULL, out, pol, err, n);
}

const char *cx_lua_policy_error(const cx_policy *pol)
{
    /* only a Lua policy has this create; then its self is the cx_lua_policy */
    if (!pol || pol->create != policy_create || !pol->self) return NULL;
    const cx_lua_policy *lp = pol->self;
    return lp->magic == LP_MAGIC ? lp->err : NULL;
}
