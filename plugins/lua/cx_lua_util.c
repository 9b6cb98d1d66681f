/* cx_lua_util: the sandbox, the budget, the capped allocator and file reading of the Lua bridge. */
#include "cx_lua_util.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Instructions between two calls of the count hook on a thread in budget. */
#define HOOK_EVERY 1000

/* ------------------------------------------------------------------ */
/* Memory                                                               */

void *cx_lua_capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    cx_lua_budget *b = ud;
    if (!ptr) osize = 0;
    if (nsize == 0) {
        b->used -= osize;
        free(ptr);
        return NULL;
    }
    if (nsize > osize && b->used + (nsize - osize) > b->cap) return NULL;
    void *q = realloc(ptr, nsize);
    if (q) b->used = b->used - osize + nsize;
    return q;
}

lua_State *cx_lua_state_new(cx_lua_budget *b, size_t mem_cap, long steps, const char *steps_knob,
                            const char *mem_knob)
{
    memset(b, 0, sizeof *b);
    b->cap = mem_cap;
    b->steps = steps < 1 ? 1 : steps;
    b->left = b->steps;
    b->what = "loading";
    b->seconds_knob = "";
    b->steps_knob = steps_knob;
    b->mem_knob = mem_knob;
    return lua_newstate(cx_lua_capped_alloc, b);
}

cx_lua_budget *cx_lua_budget_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ------------------------------------------------------------------ */
/* Instructions                                                         */

static void budget_hook(lua_State *L, lua_Debug *ar);

/* Trip the budget and raise the limit error; `level` 0 in a hook, 1 in a C function. */
static int raise_limit(lua_State *L, cx_lua_budget *b, int level)
{
    b->tripped = 1;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1); /* this thread raises again at its next instruction */
    luaL_where(L, level);
    if (b->timed_out)
        lua_pushfstring(L, "%s stopped after %I s (an endless loop? %s)", b->what, (lua_Integer)b->seconds,
                        b->seconds_knob);
    else
        lua_pushfstring(L, "%s stopped after %I instructions (an endless loop? %s)", b->what,
                        (lua_Integer)b->steps, b->steps_knob);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Each call charges the instructions this thread ran since the last one;
 * once tripped, every instruction raises. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    cx_lua_budget *b = cx_lua_budget_of(L);
    if (!b->tripped) {
        int ran = lua_gethookcount(L);
        b->left -= ran;
        if (b->deadline > 0 && cx_lua_now() > b->deadline) b->timed_out = 1;
        else if (b->left > 0) {
            if (ran != HOOK_EVERY) lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
            return;
        }
    }
    raise_limit(L, b, 0);
}

void cx_lua_budget_arm(lua_State *L, const char *what)
{
    cx_lua_budget *b = cx_lua_budget_of(L);
    b->left = b->steps;
    b->tripped = 0;
    b->timed_out = 0;
    b->deadline = b->seconds > 0 ? cx_lua_now() + b->seconds : 0;
    b->what = what;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, b->steps < HOOK_EVERY ? (int)b->steps : HOOK_EVERY);
}

void cx_lua_budget_disarm(lua_State *L) { lua_sethook(L, NULL, 0, 0); }

double cx_lua_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cx_lua_budget_pause(cx_lua_budget *b, double since)
{
    if (b->deadline > 0) b->deadline += cx_lua_now() - since;
}

void cx_lua_budget_charge(lua_State *L, double steps)
{
    cx_lua_budget *b = cx_lua_budget_of(L);
    if (b->tripped || steps >= (double)b->left) raise_limit(L, b, 1);
    b->left -= (long)steps;
}

/* ------------------------------------------------------------------ */
/* Coroutines: every new thread counts into the state's budget          */

/* A new thread gets the hook; its first HOOK_EVERY instructions are paid
 * now (a thread may run fewer than that and never reach its hook). */
static void watch_thread(lua_State *L, lua_State *co)
{
    cx_lua_budget_charge(L, HOOK_EVERY);
    lua_sethook(co, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

/* coroutine.create, then the hook. Upvalue 1: the original. */
static int co_create(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    if (lua_type(L, -1) == LUA_TTHREAD) watch_thread(L, lua_tothread(L, -1));
    return 1;
}

/* coroutine.wrap, then the hook on the thread behind the wrapper (its upvalue). */
static int co_wrap(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    if (lua_getupvalue(L, -1, 1)) {
        if (lua_type(L, -1) == LUA_TTHREAD) watch_thread(L, lua_tothread(L, -1));
        lua_pop(L, 1);
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Patterns: refused when their worst case is too costly, else charged  */

/* After a single-character class starting at p[i]: the index past it. */
static size_t class_end(const char *p, size_t lp, size_t i)
{
    if (p[i] == '%') return i + 2 <= lp ? i + 2 : lp;
    if (p[i] != '[') return i + 1;
    i++;
    if (i < lp && p[i] == '^') i++;
    do { /* the first character of a set may be ']' */
        if (i < lp && p[i] == '%') i++;
        i++;
    } while (i < lp && p[i] != ']');
    return i < lp ? i + 1 : lp;
}

/* An upper bound on the steps of matching the pattern against n bytes.
 * Items that can span the subject (*, +, -, %b, a back-reference; q of
 * them) split what one start position matches into at most C(n + q, q)
 * ways, each ? doubles that, and each way walks the pattern once:
 * (starts) x (pattern length + 1) x C(n + q, q) x 2^(number of ?). */
static double pattern_cost(const char *p, size_t lp, size_t n, int iterate)
{
    double cost = (double)lp + 1.0;
    int q = 0;
    size_t i = 0;
    if (lp && p[0] == '^' && !iterate) i = 1;
    else cost *= (double)n + 1.0;
    while (i < lp && q < 10000) {
        char c = p[i];
        if (c == '(' || c == ')' || (c == '$' && i + 1 == lp)) {
            i++;
            continue;
        }
        if (c == '%' && i + 1 < lp && p[i + 1] == 'b') {
            q++;
            i += 4;
            continue;
        }
        if (c == '%' && i + 1 < lp && p[i + 1] == 'f') {
            i = i + 2 < lp ? class_end(p, lp, i + 2) : lp;
            continue;
        }
        if (c == '%' && i + 1 < lp && p[i + 1] >= '0' && p[i + 1] <= '9') {
            q++;
            i += 2;
            continue;
        }
        i = class_end(p, lp, i);
        if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
            q++;
            i++;
        } else if (i < lp && p[i] == '?') {
            cost *= 2;
            i++;
        }
    }
    for (int k = 1; k <= q && cost < 1e300; k++) cost *= ((double)n + k) / k;
    return cost;
}

static int no_specials(const char *p, size_t lp)
{
    for (size_t i = 0; i < lp; i++)
        if (p[i] && strchr("^$*+?.([%-", p[i])) return 0;
    return 1;
}

static const char *const match_name[] = {"find", "match", "gmatch", "gsub"};

/* string.find/match/gmatch/gsub behind the bound. Upvalues: the original, its kind. */
static int bounded_match(lua_State *L)
{
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    size_t n, lp;
    luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &lp);
    double cost;
    if (kind == 0 && (lua_toboolean(L, 4) || no_specials(p, lp)))
        cost = ((double)n + 1.0) * ((double)lp + 1.0); /* a plain search */
    else cost = pattern_cost(p, lp, n, kind == 2);
    if (cost > CX_LUA_PATTERN_MAX) {
        char msg[256];
        snprintf(msg, sizeof msg, "string.%s: pattern '%s' on %zu bytes could take %.3g steps, over the "
                 "sandbox's bound of %.3g (shorten the subject or simplify the pattern)",
                 match_name[kind], lp > 40 ? "(a long pattern)" : p, n, cost, CX_LUA_PATTERN_MAX);
        return luaL_error(L, "%s", msg);
    }
    cx_lua_budget_charge(L, cost / CX_LUA_PATTERN_PER_STEP);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ------------------------------------------------------------------ */
/* The library                                                          */

/* load() for text chunks only. Upvalue 1: the original load. */
static int text_load(lua_State *L)
{
    int has_env = lua_gettop(L) >= 4;
    lua_settop(L, 4);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushliteral(L, "t");
    if (has_env) lua_pushvalue(L, 4);
    lua_call(L, has_env ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - 4;
}

/* The message handler of a sandboxed xpcall. The limit error is raised
 * from the count hook, and Lua calls the message handler before leaving
 * the hook, with hooks off: the script's handler would run unbounded. So
 * once the budget is spent the message passes through untouched.
 * Upvalue 1: the script's handler. */
static int guarded_handler(lua_State *L)
{
    if (cx_lua_budget_of(L)->tripped) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* xpcall(f, handler, ...) with the handler guarded. Upvalue 1: the original. */
static int safe_xpcall(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* setmetatable() refusing __gc. Upvalue 1: the original. */
static int safe_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc (a finalizer) is not allowed in the sandbox: finalizers "
                              "run where no limit can stop them");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

/* Replace the field `name` of the table on top of the stack (of the
 * globals when `global`) by `fn`, with the original as upvalue 1 and
 * `extra` as upvalue 2. */
static void wrap(lua_State *L, const char *name, lua_CFunction fn, int global, lua_Integer extra)
{
    if (global) lua_getglobal(L, name);
    else lua_getfield(L, -1, name);
    lua_pushinteger(L, extra);
    lua_pushcclosure(L, fn, 2);
    if (global) lua_setglobal(L, name);
    else lua_setfield(L, -2, name);
}

static void drop(lua_State *L, const char *name)
{
    lua_pushnil(L);
    lua_setfield(L, -2, name);
}

void cx_lua_open_sandbox(lua_State *L, unsigned with)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    static const char *const unsafe[] = {"dofile", "loadfile", "require", "collectgarbage", NULL};
    lua_pushglobaltable(L);
    for (const char *const *u = unsafe; *u; u++) drop(L, *u);
    if (with & CX_LUA_WITH_LOAD) wrap(L, "load", text_load, 1, 0);
    else drop(L, "load");
    wrap(L, "setmetatable", safe_setmetatable, 1, 0);
    wrap(L, "xpcall", safe_xpcall, 1, 0);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_STRLIBNAME);
    drop(L, "dump");
    for (int k = 0; k < 4; k++) wrap(L, match_name[k], bounded_match, 0, k);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_COLIBNAME);
    wrap(L, "create", co_create, 0, 0);
    wrap(L, "wrap", co_wrap, 0, 0);
    lua_pop(L, 1);
    if (with & CX_LUA_WITH_CLOCKS) {
        static const char *const os_keep[] = {"clock", "time", "date", "difftime", NULL};
        luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
        lua_newtable(L);
        for (const char *const *k = os_keep; *k; k++) {
            lua_getfield(L, -2, *k);
            lua_setfield(L, -2, *k);
        }
        lua_setglobal(L, LUA_OSLIBNAME);
        lua_pop(L, 1);
    }
}

/* ------------------------------------------------------------------ */
/* Messages and files                                                   */

void cx_lua_error_text(lua_State *L, int status, const char *file, char *buf, size_t n)
{
    cx_lua_budget *b = cx_lua_budget_of(L);
    if (status == LUA_ERRMEM)
        snprintf(buf, n, "%s: %s: memory limit of %zu MiB reached (%s)", file, b->what, b->cap >> 20,
                 b->mem_knob);
    else if (lua_type(L, -1) == LUA_TSTRING) snprintf(buf, n, "%s", lua_tostring(L, -1));
    else snprintf(buf, n, "%s: error object is a %s value", file, luaL_typename(L, -1));
}

int cx_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

char *cx_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    for (size_t k; b && (k = fread(b + n, 1, cap - n - 1, f)) > 0;) {
        n += k;
        if (n + 1 == cap) {
            char *b2 = realloc(b, cap *= 2);
            if (!b2) free(b);
            b = b2;
        }
    }
    fclose(f);
    if (b) b[n] = 0;
    if (len) *len = n;
    return b;
}
