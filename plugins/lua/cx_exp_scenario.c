/* cx_exp_scenario: the cx.scenario userdata (load, copy, set, get, regime) and the Lua-table scenario serialiser. */
#define _DEFAULT_SOURCE /* realpath */
#include "cx_exp_internal.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_job.h"
#include "cx_plugin.h"
#include "cx_params.h"

cxi_scen *cxi_scen_check(lua_State *L, int idx) { return luaL_checkudata(L, idx, CX_EXP_SCEN_MT); }

cxi_scen *cxi_scen_new(lua_State *L)
{
    cxi_scen *s = lua_newuserdatauv(L, sizeof *s, 0);
    memset(s, 0, sizeof *s);
    luaL_setmetatable(L, CX_EXP_SCEN_MT);
    return s;
}

/* A scenario path as written in the experiment: relative to the
 * experiment's directory when that file exists, else as given (relative to
 * the working directory). */
static void resolve_path(const cxi_exp *E, const char *name, char *out, size_t n)
{
    struct stat st;
    snprintf(out, n, "%s", name);
    if (name[0] == '/') return;
    char alt[8192];
    snprintf(alt, sizeof alt, "%s/%s", E->dir, name);
    if (!stat(alt, &st) && S_ISREG(st.st_mode)) cxi_msgf(out, n, "%s", alt);
}

void cxi_sput(cxi_sbuf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + k + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}

int cxi_cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void put_string(cxi_sbuf *b, const char *s)
{
    cxi_sput(b, "\"");
    for (; *s; s++) {
        char c[8];
        if (*s == '"' || *s == '\\') snprintf(c, sizeof c, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) snprintf(c, sizeof c, "\\%d", (unsigned char)*s);
        else snprintf(c, sizeof c, "%c", *s);
        cxi_sput(b, c);
    }
    cxi_sput(b, "\"");
}

static int valid_name(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Serialise the value at idx; returns 0 or -1 with a message in why. */
static int ser_value(lua_State *L, int idx, cxi_sbuf *b, int depth, const char *skip, char *why, size_t n)
{
    idx = lua_absindex(L, idx);
    char num[64];
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
        else snprintf(num, sizeof num, "%.17g", lua_tonumber(L, idx));
        if (strstr(num, "inf") || strstr(num, "nan")) {
            snprintf(why, n, "a number that is not finite");
            return -1;
        }
        cxi_sput(b, num);
        return 0;
    case LUA_TBOOLEAN:
        cxi_sput(b, lua_toboolean(L, idx) ? "true" : "false");
        return 0;
    case LUA_TSTRING:
        put_string(b, lua_tostring(L, idx));
        return 0;
    case LUA_TTABLE:
        break;
    default:
        snprintf(why, n, "a %s value cannot be part of a scenario", luaL_typename(L, idx));
        return -1;
    }
    if (depth > 16) {
        snprintf(why, n, "tables nested too deep");
        return -1;
    }
    lua_Integer len = (lua_Integer)lua_rawlen(L, idx);
    size_t nk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) nk++;
        else if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= len)) {
            lua_pop(L, 1);
            snprintf(why, n, "a table key that is neither a name nor a list index");
            return -1;
        }
    }
    char **keys = calloc(nk ? nk : 1, sizeof *keys);
    if (!keys) return snprintf(why, n, "out of memory"), -1;
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) keys[k++] = (char *)lua_tostring(L, -1);
    }
    qsort(keys, nk, sizeof *keys, cxi_cmp_cstr);
    int rc = 0;
    cxi_sput(b, "{\n");
    for (lua_Integer i = 1; i <= len && !rc; i++) {
        lua_rawgeti(L, idx, i);
        rc = ser_value(L, -1, b, depth + 1, NULL, why, n);
        lua_pop(L, 1);
        cxi_sput(b, ",\n");
    }
    for (size_t i = 0; i < nk && !rc; i++) {
        if (skip && !strcmp(keys[i], skip)) continue;
        if (valid_name(keys[i])) cxi_sput(b, keys[i]);
        else {
            cxi_sput(b, "[");
            put_string(b, keys[i]);
            cxi_sput(b, "]");
        }
        cxi_sput(b, " = ");
        lua_pushstring(L, keys[i]);
        lua_rawget(L, idx);
        rc = ser_value(L, -1, b, depth + 1, NULL, why, n);
        if (rc) {
            size_t l = strlen(why);
            snprintf(why + l, n - l, " (field '%s')", keys[i]);
        }
        lua_pop(L, 1);
        cxi_sput(b, ",\n");
    }
    cxi_sput(b, "}");
    free(keys);
    return rc;
}

/* Replace every occurrence of `from` in s by `to` (in place, s of size n). */
static void replace_all(char *s, size_t n, const char *from, const char *to)
{
    char out[4096];
    size_t k = 0, lf = strlen(from);
    if (!lf) return;
    for (const char *p = s; *p && k + 1 < sizeof out;) {
        if (!strncmp(p, from, lf)) {
            for (const char *t = to; *t && k + 1 < sizeof out; t++) out[k++] = *t;
            p += lf;
        } else out[k++] = *p++;
    }
    out[k] = 0;
    cxi_msgf(s, n, "%s", out);
}

/* Table scenario: {base = "file.lua", ...fields}: the base file, then the fields on top. */
static int scen_from_table(lua_State *L, int idx, cxi_scen *s)
{
    cxi_exp *E = cxi_exp_get(L);
    char err[1024];
    cx_params_default(&s->P);
    snprintf(s->path, sizeof s->path, "%s", E->path);
    lua_getfield(L, idx, "base");
    if (lua_type(L, -1) == LUA_TSTRING) {
        char base[4096];
        resolve_path(E, lua_tostring(L, -1), base, sizeof base);
        if (cx_job_load_scenario(base, &s->P, err, sizeof err)) return luaL_error(L, "cx.scenario: %s", err);
        snprintf(s->path, sizeof s->path, "%s", base);
    } else if (!lua_isnil(L, -1)) return luaL_error(L, "cx.scenario: field 'base' must be a file name");
    lua_pop(L, 1);
    cxi_sbuf b = {0};
    char why[256] = "";
    cxi_sput(&b, "return ");
    int rc = ser_value(L, idx, &b, 0, "base", why, sizeof why);
    cxi_sput(&b, "\n");
    if (rc || !b.p) {
        free(b.p);
        return luaL_error(L, "cx.scenario: %s", b.p ? why : "out of memory");
    }
    const char *tmp = getenv("TMPDIR");
    char dir[4096], file[4200];
    snprintf(dir, sizeof dir, "%s/cxsim-scenario-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        free(b.p);
        return luaL_error(L, "cx.scenario: cannot create a temporary directory: %s", strerror(errno));
    }
    snprintf(file, sizeof file, "%s/scenario.lua", dir);
    FILE *f = fopen(file, "w");
    int bad = !f || fputs(b.p, f) < 0;
    if (f && fclose(f)) bad = 1;
    free(b.p);
    rc = bad ? -1 : cx_job_load_scenario(file, &s->P, err, sizeof err);
    if (bad) cxi_msgf(err, sizeof err, "cannot write %s", file);
    unlink(file);
    rmdir(dir);
    if (rc) {
        replace_all(err, sizeof err, file, "cx.scenario{...}");
        /* the line of the generated chunk means nothing to the script: the
         * error is raised at the script's own line (luaL_error's position) */
        const char *msg = err, *tag = "cx.scenario{...}:";
        if (!strncmp(msg, tag, strlen(tag))) {
            const char *q = msg + strlen(tag);
            while (*q >= '0' && *q <= '9') q++;
            if (*q == ':' && q[1] == ' ') msg = q + 2;
        }
        return luaL_error(L, "cx.scenario: %s", msg);
    }
    return 0;
}

/* cx.scenario(path | table | scenario) */
int cxi_l_scenario(lua_State *L)
{
    cxi_exp *E = cxi_exp_get(L);
    int t = lua_type(L, 1);
    if (t == LUA_TUSERDATA) {
        cxi_scen *src = cxi_scen_check(L, 1);
        cxi_scen *s = cxi_scen_new(L);
        *s = *src;
        return 1;
    }
    if (t == LUA_TTABLE) {
        cxi_scen *s = cxi_scen_new(L);
        scen_from_table(L, 1, s);
        return 1;
    }
    const char *name = luaL_checkstring(L, 1);
    cxi_scen *s = cxi_scen_new(L);
    char err[1024];
    resolve_path(E, name, s->path, sizeof s->path);
    cx_params_default(&s->P);
    if (cx_job_load_scenario(s->path, &s->P, err, sizeof err)) return luaL_error(L, "%s", err);
    return 1;
}

/* Set one field: a scenario path (as --set takes it), or LABEL.client|provider.OPTION
 * (a policy option of a regime) or LABEL.client|provider.policy (its policy). */
int cxi_set_field(cx_params *P, const char *path, const char *text, int is_string, char *err, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *d1 = strchr(buf, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (d1 && d2) {
        *d1 = 0;
        *d2 = 0;
        for (int r = 0; r < P->n_regimes; r++) {
            if (strcmp(P->regimes[r].label, buf)) continue;
            cx_policy_spec *sp = !strcmp(d1 + 1, "client") ? &P->regimes[r].client
                                 : !strcmp(d1 + 1, "provider") ? &P->regimes[r].provider
                                                               : NULL;
            if (!sp) break;
            const char *opt = d2 + 1;
            if (!strcmp(opt, "policy")) {
                if (!is_string || strlen(text) >= sizeof sp->name) {
                    snprintf(err, n, "field '%s': must be a policy name", path);
                    return -1;
                }
                snprintf(sp->name, sizeof sp->name, "%s", text);
                sp->n_options = 0;
                return 0;
            }
            char *end;
            double v = strtod(text, &end);
            if (is_string || end == text || *end || strlen(opt) >= sizeof sp->opt_name[0]) {
                snprintf(err, n, "field '%s': a policy option must be a number", path);
                return -1;
            }
            int k = 0;
            while (k < sp->n_options && strcmp(sp->opt_name[k], opt)) k++;
            if (k == sp->n_options) {
                if (k == CX_MAX_OPTIONS) {
                    snprintf(err, n, "field '%s': too many options", path);
                    return -1;
                }
                snprintf(sp->opt_name[k], sizeof sp->opt_name[k], "%s", opt);
                sp->opt_line[k] = 0;
                sp->n_options++;
            }
            sp->opt_value[k] = v;
            return 0;
        }
    }
    char why[256];
    if (cx_param_set_text(P, path, text, why, sizeof why)) {
        snprintf(err, n, "field '%s': %s", path, why);
        return -1;
    }
    return 0;
}

/* The value at idx as text for cxi_set_field; 0, or -1 for a type that cannot be set. */
int cxi_value_text(lua_State *L, int idx, char *out, size_t n, int *is_string)
{
    *is_string = 0;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) snprintf(out, n, "%lld", (long long)lua_tointeger(L, idx));
        else snprintf(out, n, "%.17g", lua_tonumber(L, idx));
        return 0;
    case LUA_TBOOLEAN:
        snprintf(out, n, "%s", lua_toboolean(L, idx) ? "true" : "false");
        return 0;
    case LUA_TSTRING:
        snprintf(out, n, "%s", lua_tostring(L, idx));
        *is_string = 1;
        return 0;
    default:
        return -1;
    }
}

/* s:set(path, value) or s:set{path = value, ...}: returns s. */
static int l_scen_set(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    char text[512], err[512];
    int is_str;
    if (lua_istable(L, 2)) {
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || cxi_value_text(L, -1, text, sizeof text, &is_str))
                return luaL_error(L, "set: expects {['field.path'] = number | string | boolean}");
            if (cxi_set_field(&s->P, k, text, is_str, err, sizeof err)) return luaL_error(L, "set: %s", err);
            lua_pop(L, 1);
        }
    } else {
        const char *k = luaL_checkstring(L, 2);
        if (cxi_value_text(L, 3, text, sizeof text, &is_str)) return luaL_argerror(L, 3, "number, string or boolean");
        if (cxi_set_field(&s->P, k, text, is_str, err, sizeof err)) return luaL_error(L, "set: %s", err);
    }
    lua_settop(L, 1);
    return 1;
}

int cxi_regime_index(const cx_params *P, const char *label)
{
    for (int r = 0; r < P->n_regimes; r++)
        if (!strcmp(P->regimes[r].label, label)) return r;
    return -1;
}

static void push_labels(lua_State *L, const cx_params *P)
{
    lua_createtable(L, P->n_regimes, 0);
    for (int r = 0; r < P->n_regimes; r++) {
        lua_pushstring(L, P->regimes[r].label);
        lua_rawseti(L, -2, r + 1);
    }
}

/* s:regime(label): a copy with that regime only. */
static int l_scen_regime(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    const char *label = luaL_checkstring(L, 2);
    int r = cxi_regime_index(&s->P, label);
    if (r < 0) {
        push_labels(L, &s->P);
        return luaL_error(L, "scenario has no regime '%s'", label);
    }
    cxi_scen *c = cxi_scen_new(L);
    *c = *s;
    c->P.regimes[0] = s->P.regimes[r];
    c->P.n_regimes = 1;
    return 1;
}

/* s:get("LABEL.client|provider.OPTION" or ".policy"): what s:set sets. An
 * option the scenario does not set has the policy's declared default (the
 * policy is loaded to read it). 1 when path had that form (value pushed). */
static int get_policy_field(lua_State *L, const cxi_scen *s, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *d1 = strchr(buf, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2) return 0;
    *d1 = *d2 = 0;
    int r = cxi_regime_index(&s->P, buf);
    int side = !strcmp(d1 + 1, "client") ? 0 : !strcmp(d1 + 1, "provider") ? 1 : -1;
    if (r < 0 || side < 0) return 0;
    const cx_policy_spec *sp = side ? &s->P.regimes[r].provider : &s->P.regimes[r].client;
    const char *opt = d2 + 1;
    if (!strcmp(opt, "policy")) {
        lua_pushstring(L, sp->name);
        return 1;
    }
    for (int k = 0; k < sp->n_options; k++)
        if (!strcmp(sp->opt_name[k], opt)) {
            lua_pushnumber(L, sp->opt_value[k]);
            return 1;
        }
    char dir[4096], err[512];
    snprintf(dir, sizeof dir, "%s", s->path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    else snprintf(dir, sizeof dir, ".");
    cx_consent c;
    const cxi_exp *E = cxi_exp_get(L);
    if (E->o.consent) c = *E->o.consent;
    else cx_consent_default(&c);
    c.unsafe = E->o.unsafe;
    c.quiet = 1;
    cx_loaded *l = NULL;
    const cx_policy *pol = NULL;
    if (cx_policy_load(sp->name, dir, &c, &l, &pol, err, sizeof err))
        return luaL_error(L, "get: %s: %s", path, err);
    double v = 0;
    int found = 0;
    for (const cx_option *o = pol->options; o && o->name && !found; o++)
        if (!strcmp(o->name, opt)) v = o->def, found = 1;
    cx_policy_unload(l);
    if (!found) return luaL_error(L, "get: %s: policy '%s' has no option '%s'", path, sp->name, opt);
    lua_pushnumber(L, v);
    return 1;
}

/* s:get(path): a scalar field's value, or a regime's policy or policy option. */
static int l_scen_get(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const cx_param_desc *d = cx_param_find(cx_param_table, path);
    if (!d && get_policy_field(L, s, path)) return 1;
    if (!d) return luaL_error(L, "get: unknown field '%s'", path);
    const char *base = (const char *)&s->P + d->offset;
    switch (d->type) {
    case CX_PT_REAL: lua_pushnumber(L, *(const double *)base); break;
    case CX_PT_INT: lua_pushinteger(L, *(const int *)base); break;
    case CX_PT_BOOL: lua_pushboolean(L, *(const int *)base); break;
    case CX_PT_SEED: cxi_push_seed(L, *(const uint64_t *)base); break;
    case CX_PT_ENUM: lua_pushstring(L, d->names[*(const int *)base]); break;
    case CX_PT_TEXT: lua_pushstring(L, base); break;
    default: return luaL_error(L, "get: field '%s' is a list", path);
    }
    return 1;
}

static int l_scen_index(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "name")) lua_pushstring(L, s->P.name);
    else if (!strcmp(k, "seed")) cxi_push_seed(L, s->P.seed);
    else if (!strcmp(k, "years")) lua_pushnumber(L, s->P.years);
    else if (!strcmp(k, "path")) lua_pushstring(L, s->path);
    else if (!strcmp(k, "regimes")) push_labels(L, &s->P);
    else {
        luaL_getmetatable(L, CX_EXP_SCEN_MT);
        lua_getfield(L, -1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

static int l_scen_tostring(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    lua_pushfstring(L, "scenario '%s' (%s, %d regimes)", s->P.name, s->path, s->P.n_regimes);
    return 1;
}

/* The scenarios' metatable: fields, methods, hidden from scripts. */
void cxi_scen_register(lua_State *L)
{
    luaL_newmetatable(L, CX_EXP_SCEN_MT);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, l_scen_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_scen_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_newtable(L);
    static const luaL_Reg methods[] = {{"set", l_scen_set}, {"get", l_scen_get}, {"regime", l_scen_regime},
                                       {"copy", cxi_l_scenario}, {NULL, NULL}};
    luaL_setfuncs(L, methods, 0);
    cxi_meta_methods(L);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
}

static int is_regular(const char *path)
{
    struct stat st;
    return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* A policy named by a relative path is found beside the scenario first,
 * then in the working directory (cx_policy_load). When the file that wins
 * lies outside the experiment's folder, say so once on stderr: a
 * researcher's own policies/x.lua beside the experiment is otherwise
 * silently replaced by a base scenario's file of the same name. */
void cxi_warn_policies(lua_State *L, const cx_params *P, const char *scen_path)
{
    const cxi_exp *E = cxi_exp_get(L);
    char edir[4096], sdir[4096], cand[8300], real[4096], own[8300];
    if (!realpath(E->dir, edir)) return;
    snprintf(sdir, sizeof sdir, "%s", scen_path && *scen_path ? scen_path : ".");
    char *slash = strrchr(sdir, '/');
    if (slash) *slash = 0;
    else snprintf(sdir, sizeof sdir, ".");
    for (int r = 0; r < P->n_regimes; r++)
        for (int side = 0; side < 2; side++) {
            const cx_policy_spec *sp = side ? &P->regimes[r].provider : &P->regimes[r].client;
            const char *name = sp->name;
            size_t k = strlen(name);
            int is_path = strchr(name, '/') || (k > 4 && (!strcmp(name + k - 4, ".lua") || !strcmp(name + k - 3, ".so")));
            if (!is_path || name[0] == '/') continue;
            snprintf(cand, sizeof cand, "%s/%s", sdir, name);
            if (!is_regular(cand)) snprintf(cand, sizeof cand, "%s", name);
            if (!is_regular(cand) || !realpath(cand, real)) continue;
            size_t el = strlen(edir);
            if (!strncmp(real, edir, el) && (real[el] == '/' || edir[el - 1] == '/')) continue;
            snprintf(own, sizeof own, "%s/%s", E->dir, name);
            /* once per regime, side and file */
            lua_getfield(L, LUA_REGISTRYINDEX, "cx.warned");
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                lua_newtable(L);
                lua_pushvalue(L, -1);
                lua_setfield(L, LUA_REGISTRYINDEX, "cx.warned");
            }
            lua_pushfstring(L, "%s %d %s", P->regimes[r].label, side, real);
            if (lua_rawget(L, -2) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushfstring(L, "%s %d %s", P->regimes[r].label, side, real);
                lua_pushboolean(L, 1);
                lua_rawset(L, -3);
                fprintf(stderr,
                        "cxsim lua: warning: regime '%s', %s policy '%s' resolves to %s, outside the experiment's "
                        "folder %s%s%s%s\n",
                        P->regimes[r].label, side ? "provider" : "client", name, real, edir,
                        is_regular(own) ? " (the experiment's own " : "", is_regular(own) ? own : "",
                        is_regular(own) ? " is not used: name it by an absolute path or beside the scenario)" : "");
                fflush(stderr);
            } else lua_pop(L, 1);
            lua_pop(L, 1);
        }
}
