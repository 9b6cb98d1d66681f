/* cx_lua_scenario: scenario files are Lua chunks returning a table. Each
 * key is matched against the core's parameter table; a wrong name, type or
 * value is reported with the file, the line and the field. */
#include "cx_lua_scenario.h"
#include "cx_lua_util.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM_LIMIT (64u << 20)     /* bytes a scenario's Lua state may hold */
#define STEP_LIMIT 100000000      /* VM instructions before a scenario is stopped */
#define SECONDS_LIMIT 60          /* wall clock before a scenario is stopped */

typedef struct loader {
    const char *path;             /* scenario file */
    char *src;                    /* its text, to find a field's line */
    cx_lua_budget mem;            /* bytes and instructions of the state (cx_lua_util) */
    char *err;                    /* message out */
    size_t errlen;
} loader;

/* Line of `key =` searched from offset *pos; advances *pos past it. */
static int find_key(const char *src, size_t *pos, const char *key)
{
    size_t k = strlen(key);
    for (const char *s = src + *pos; (s = strstr(s, key)); s++) {
        int left = s == src || !(s[-1] == '_' || isalnum((unsigned char)s[-1]));
        const char *t = s + k;
        while (*t == ' ' || *t == '\t') t++;
        if (left && *t == '=' && t[1] != '=') {
            int line = 1;
            for (const char *q = src; q < s; q++) line += *q == '\n';
            *pos = (size_t)(s - src) + k;
            return line;
        }
    }
    return 0;
}

/* Best guess at the line of a dotted path like demand.spikes[2].days. */
static int line_of(const loader *ld, const char *path)
{
    if (!ld->src) return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    size_t pos = 0;
    int line = 0;
    char *save = NULL;
    int skip = 0;
    for (char *tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
        char *br = strchr(tok, '[');
        int index = br ? atoi(br + 1) : 0;
        if (br) *br = 0;
        if (*tok == 0) continue;
        int l = 0;
        for (int i = 0; i <= skip; i++) l = find_key(ld->src, &pos, tok);
        if (!l) break;
        line = l;
        skip = index > 1 ? index - 1 : 0;
    }
    return line;
}

static int fail(loader *ld, const char *path, const char *fmt, const char *detail)
{
    int line = line_of(ld, path);
    char what[300];
    snprintf(what, sizeof what, fmt, detail);
    if (line) snprintf(ld->err, ld->errlen, "%s:%d: field '%s': %s", ld->path, line, path, what);
    else snprintf(ld->err, ld->errlen, "%s: field '%s': %s", ld->path, path, what);
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int walk(loader *ld, lua_State *L, int t, const char *prefix, void *base,
                const cx_param_desc *table);

static int set_field(loader *ld, lua_State *L, int v, const char *path, void *base,
                     const cx_param_desc *d)
{
    char msg[200];
    int ty = lua_type(L, v);
    switch (d->type) {
    case CX_PT_REAL:
    case CX_PT_INT:
    case CX_PT_SEED:
        if (ty != LUA_TNUMBER) return fail(ld, path, "must be a number, not a %s", lua_typename(L, ty));
        if (cx_param_set_number(base, d, lua_tonumber(L, v), msg, sizeof msg)) return fail(ld, path, "%s", msg);
        return 0;
    case CX_PT_BOOL:
        if (ty != LUA_TBOOLEAN) return fail(ld, path, "must be true or false, not a %s", lua_typename(L, ty));
        *(int *)((char *)base + d->offset) = lua_toboolean(L, v);
        return 0;
    case CX_PT_ENUM:
    case CX_PT_TEXT:
        if (ty != LUA_TSTRING) return fail(ld, path, "must be a string, not a %s", lua_typename(L, ty));
        if (cx_param_set_string(base, d, lua_tostring(L, v), msg, sizeof msg)) return fail(ld, path, "%s", msg);
        return 0;
    case CX_PT_REALS: {
        if (ty != LUA_TTABLE) return fail(ld, path, "must be a list of numbers, not a %s", lua_typename(L, ty));
        lua_Integer len = (lua_Integer)lua_rawlen(L, v);
        if (len != d->count) {
            snprintf(msg, sizeof msg, "needs exactly %d numbers (got %lld)", d->count, (long long)len);
            return fail(ld, path, "%s", msg);
        }
        for (int i = 1; i <= d->count; i++) {
            int et = lua_rawgeti(L, v, i);
            char ep[300];
            snprintf(ep, sizeof ep, "%s[%d]", path, i);
            int bad = et != LUA_TNUMBER ? fail(ld, ep, "must be a number, not a %s", lua_typename(L, et))
                      : cx_param_set_real_at(base, d, i - 1, lua_tonumber(L, -1), msg, sizeof msg)
                          ? fail(ld, ep, "%s", msg)
                          : 0;
            lua_pop(L, 1);
            if (bad) return -1;
        }
        return 0;
    }
    case CX_PT_RECORDS: {
        if (ty != LUA_TTABLE) return fail(ld, path, "must be a list of tables, not a %s", lua_typename(L, ty));
        lua_Integer len = (lua_Integer)lua_rawlen(L, v);
        if (len > d->count) {
            snprintf(msg, sizeof msg, "at most %d entries (got %lld)", d->count, (long long)len);
            return fail(ld, path, "%s", msg);
        }
        char *arr = (char *)base + d->offset;
        for (int i = 1; i <= (int)len; i++) {
            char ep[300];
            snprintf(ep, sizeof ep, "%s[%d]", path, i);
            int et = lua_rawgeti(L, v, i);
            int bad = 0;
            if (et != LUA_TTABLE) {
                bad = fail(ld, ep, "must be a table, not a %s", lua_typename(L, et));
            } else {
                void *rec = arr + (size_t)(i - 1) * d->elem_size;
                cx_param_defaults(rec, d->fields);
                bad = walk(ld, L, lua_gettop(L), ep, rec, d->fields);
            }
            lua_pop(L, 1);
            if (bad) return -1;
        }
        *(int *)((char *)base + d->count_offset) = (int)len;
        return 0;
    }
    case CX_PT_POLICY: {
        cx_policy_spec *spec = (cx_policy_spec *)((char *)base + d->offset);
        memset(spec, 0, sizeof *spec);
        spec->line = line_of(ld, path);
        if (ty == LUA_TSTRING) {
            if (lua_rawlen(L, v) >= sizeof spec->name) return fail(ld, path, "%s", "name too long");
            snprintf(spec->name, sizeof spec->name, "%s", lua_tostring(L, v));
            return 0;
        }
        if (ty != LUA_TTABLE)
            return fail(ld, path, "must be a policy name or {policy = NAME, option = value ...}, not a %s",
                        lua_typename(L, ty));
        lua_pushnil(L);
        while (lua_next(L, v)) {
            char ep[300];
            int kt = lua_type(L, -2), vt = lua_type(L, -1);
            if (kt != LUA_TSTRING) {
                lua_pop(L, 2);
                return fail(ld, path, "%s", "has an entry without a name (use option = value)");
            }
            const char *key = lua_tostring(L, -2);
            snprintf(ep, sizeof ep, "%s.%s", path, key);
            int bad = 0;
            if (!strcmp(key, "policy")) {
                if (vt != LUA_TSTRING) bad = fail(ld, ep, "must be a string, not a %s", lua_typename(L, vt));
                else if (lua_rawlen(L, -1) >= sizeof spec->name) bad = fail(ld, ep, "%s", "name too long");
                else snprintf(spec->name, sizeof spec->name, "%s", lua_tostring(L, -1));
            } else if (vt != LUA_TNUMBER && vt != LUA_TBOOLEAN) {
                bad = fail(ld, ep, "a policy option must be a number or a boolean, not a %s", lua_typename(L, vt));
            } else if (spec->n_options == CX_MAX_OPTIONS) {
                bad = fail(ld, ep, "%s", "too many options");
            } else if (strlen(key) >= sizeof spec->opt_name[0]) {
                bad = fail(ld, ep, "%s", "option name too long");
            } else {
                int k = spec->n_options++;
                snprintf(spec->opt_name[k], sizeof spec->opt_name[k], "%s", key);
                spec->opt_value[k] = vt == LUA_TBOOLEAN ? lua_toboolean(L, -1) : lua_tonumber(L, -1);
                spec->opt_line[k] = line_of(ld, ep);
            }
            lua_pop(L, 1);
            if (bad) {
                lua_pop(L, 1);
                return -1;
            }
        }
        if (!spec->name[0]) return fail(ld, path, "%s", "needs policy = NAME");
        /* options in name order: deterministic, whatever order Lua iterates in */
        for (int i = 1; i < spec->n_options; i++)
            for (int j = i; j > 0 && strcmp(spec->opt_name[j - 1], spec->opt_name[j]) > 0; j--) {
                char tn[32];
                memcpy(tn, spec->opt_name[j], sizeof tn);
                memcpy(spec->opt_name[j], spec->opt_name[j - 1], sizeof tn);
                memcpy(spec->opt_name[j - 1], tn, sizeof tn);
                double tv = spec->opt_value[j];
                spec->opt_value[j] = spec->opt_value[j - 1];
                spec->opt_value[j - 1] = tv;
                int tl = spec->opt_line[j];
                spec->opt_line[j] = spec->opt_line[j - 1];
                spec->opt_line[j - 1] = tl;
            }
        return 0;
    }
    }
    return fail(ld, path, "%s", "unsupported field type");
}

/* Set every key of the table at index t, in sorted order (deterministic
 * error reports). `prefix` is the path of the table itself. */
static int walk(loader *ld, lua_State *L, int t, const char *prefix, void *base,
                const cx_param_desc *table)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            return fail(ld, prefix, "%s", "has an entry without a name (use name = value)");
        }
        n++;
    }
    /* the key array lives in a userdata, so a Lua error cannot leak it */
    const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0);
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        keys[k++] = lua_tostring(L, -1); /* the table keeps the string alive */
    }
    qsort(keys, n, sizeof *keys, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char path[256];
        if (*prefix) snprintf(path, sizeof path, "%s.%s", prefix, keys[i]);
        else snprintf(path, sizeof path, "%s", keys[i]);
        /* descriptor paths inside records are relative to the record */
        const char *rel = table == cx_param_table ? path : strrchr(path, '.') + 1;
        lua_pushstring(L, keys[i]);
        lua_rawget(L, t); /* raw: no metamethod runs outside the protected call */
        const cx_param_desc *d = cx_param_find(table, rel);
        if (d) rc = set_field(ld, L, lua_gettop(L), path, base, d);
        else if (table == cx_param_table && lua_type(L, -1) == LUA_TTABLE && cx_param_is_group(table, path))
            rc = walk(ld, L, lua_gettop(L), path, base, table);
        else rc = fail(ld, path, "%s", "unknown field (see `cxsim params` for the list)");
        lua_pop(L, 1);
    }
    lua_pop(L, 1); /* keys */
    return rc;
}

/* walk() under lua_pcall: arguments loader, params, table. */
static int walk_protected(lua_State *L)
{
    loader *ld = lua_touserdata(L, 1);
    cx_params *p = lua_touserdata(L, 2);
    lua_pushinteger(L, walk(ld, L, 3, "", p, cx_param_table));
    return 1;
}

/* Protected: the sandbox (always: a scenario never gets --unsafe), then
 * the chunk compiled (text only); argument 1 the loader. */
static int open_chunk(lua_State *L)
{
    loader *ld = lua_touserdata(L, 1);
    cx_lua_open_sandbox(L, 0);
    lua_pushfstring(L, "@%s", ld->path);
    if (luaL_loadbufferx(L, ld->src, strlen(ld->src), lua_tostring(L, -1), "t") != LUA_OK) return lua_error(L);
    return 1;
}

int cx_lua_load_scenario(const char *path, cx_params *p, char *err, size_t n)
{
    loader ld = {.path = path, .err = err, .errlen = n};
    ld.src = cx_read_file(path, NULL);
    if (!ld.src) {
        snprintf(err, n, "%s: cannot read the scenario file", path);
        return -1;
    }
    lua_State *L = cx_lua_state_new(&ld.mem, MEM_LIMIT, STEP_LIMIT, "a scenario's limit is fixed",
                                    "a scenario's cap is fixed");
    ld.mem.seconds = SECONDS_LIMIT;
    ld.mem.seconds_knob = "a scenario's limit is fixed";
    if (!L) {
        free(ld.src);
        snprintf(err, n, "%s: cannot create a Lua state", path);
        return -1;
    }
    int rc = -1, st;
    lua_pushcfunction(L, open_chunk);
    lua_pushlightuserdata(L, &ld);
    if ((st = lua_pcall(L, 1, 1, 0)) != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    cx_lua_budget_arm(L, "the scenario");
    st = lua_pcall(L, 0, 1, 0);
    cx_lua_budget_disarm(L);
    if (st != LUA_OK) {
        cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    if (!lua_istable(L, -1)) {
        snprintf(err, n, "%s: the scenario must return a table (got %s)", path, luaL_typename(L, -1));
        goto done;
    }
    lua_pushcfunction(L, walk_protected);
    lua_pushlightuserdata(L, &ld);
    lua_pushlightuserdata(L, p);
    lua_pushvalue(L, -4);
    if ((st = lua_pcall(L, 3, 1, 0)) != LUA_OK) {
        if (st != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) snprintf(err, n, "%s: %s", path, lua_tostring(L, -1));
        else cx_lua_error_text(L, st, path, err, n);
        goto done;
    }
    if (lua_tointeger(L, -1)) goto done;
    const char *field;
    char msg[200];
    if (cx_params_check(p, &field, msg, sizeof msg)) {
        fail(&ld, field, "%s", msg);
        goto done;
    }
    rc = 0;
done:
    lua_close(L);
    free(ld.src);
    return rc;
}
