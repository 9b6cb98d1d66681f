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
    struct token *tok;            /* its tokens, made on the first line asked for */
    size_t ntok;
    cx_lua_budget mem;            /* bytes and instructions of the state (cx_lua_util) */
    char *err;                    /* message out */
    size_t errlen;
} loader;

/* ---- where a field is written: a small Lua lexer over the source ---- */

enum { TK_NAME, TK_STRING, TK_PUNCT, TK_OTHER };

typedef struct token {
    int type;                     /* TK_* */
    int line;                     /* 1-based */
    size_t at, len;               /* bytes of the source (a string's contents) */
} token;

/* Length of a long bracket `[==[` at s (level in *level), or 0. */
static size_t long_open(const char *s, int *level)
{
    if (*s != '[') return 0;
    size_t k = 1;
    while (s[k] == '=') k++;
    if (s[k] != '[') return 0;
    *level = (int)k - 1;
    return k + 1;
}

/* Skip to past the closing bracket of the given level; counts lines. */
static const char *long_close(const char *s, int level, int *line)
{
    for (; *s; s++) {
        if (*s == '\n') ++*line;
        if (*s != ']') continue;
        int k = 1;
        while (s[k] == '=') k++;
        if (k - 1 == level && s[k] == ']') return s + k + 1;
    }
    return s;
}

/* Every token of the source, comments and whitespace skipped. */
static token *lex(const char *src, size_t *count)
{
    size_t cap = 256, n = 0;
    token *t = malloc(cap * sizeof *t);
    int line = 1, level;
    const char *s = src;
    while (t && *s) {
        if (*s == '\n') { line++; s++; continue; }
        if (isspace((unsigned char)*s)) { s++; continue; }
        if (s[0] == '-' && s[1] == '-') {
            size_t k = long_open(s + 2, &level);
            if (k) s = long_close(s + 2 + k, level, &line);
            else while (*s && *s != '\n') s++;
            continue;
        }
        if (n == cap) {
            token *t2 = realloc(t, (cap *= 2) * sizeof *t);
            if (!t2) break;
            t = t2;
        }
        token *k = &t[n++];
        k->line = line;
        k->at = (size_t)(s - src);
        size_t open = long_open(s, &level);
        if (open) {
            k->type = TK_STRING;
            k->at += open;
            const char *e = long_close(s + open, level, &line);
            k->len = (size_t)(e - s) - open;
            if (k->len >= (size_t)level + 2) k->len -= (size_t)level + 2;
            s = e;
        } else if (*s == '"' || *s == '\'') {
            char q = *s++;
            k->type = TK_STRING;
            k->at++;
            while (*s && *s != q && *s != '\n') {
                if (*s == '\\' && s[1]) {
                    if (s[1] == '\n') line++;
                    s++;
                }
                s++;
            }
            k->len = (size_t)(s - src) - k->at;
            if (*s == q) s++;
        } else if (isalpha((unsigned char)*s) || *s == '_') {
            k->type = TK_NAME;
            while (isalnum((unsigned char)*s) || *s == '_') s++;
            k->len = (size_t)(s - src) - k->at;
        } else if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
            k->type = TK_OTHER;
            for (s++; isalnum((unsigned char)*s) || *s == '.' || *s == '_' ||
                      ((*s == '+' || *s == '-') && strchr("eEpP", s[-1]));
                 s++) {}
            k->len = (size_t)(s - src) - k->at;
        } else if (strchr("=<>~", *s) && s[1] == '=') {
            k->type = TK_OTHER; /* ==, <=, >=, ~= */
            k->len = 2;
            s += 2;
        } else {
            k->type = TK_PUNCT;
            k->len = 1;
            s++;
        }
    }
    *count = t ? n : 0;
    return t;
}

static int punct(const loader *ld, size_t i, char c)
{
    return i < ld->ntok && ld->tok[i].type == TK_PUNCT && ld->src[ld->tok[i].at] == c;
}

/* If a key (`name =` or `["name"] =`) starts at token i, its name token
 * and the index of the token after '='; else 0. */
static size_t key_at(const loader *ld, size_t i, const token **name)
{
    if (i < ld->ntok && ld->tok[i].type == TK_NAME && punct(ld, i + 1, '=')) {
        *name = &ld->tok[i];
        return i + 2;
    }
    if (punct(ld, i, '[') && i + 3 < ld->ntok && ld->tok[i + 1].type == TK_STRING &&
        punct(ld, i + 2, ']') && punct(ld, i + 3, '=')) {
        *name = &ld->tok[i + 1];
        return i + 4;
    }
    return 0;
}

static int same(const loader *ld, const token *t, const char *name, size_t len)
{
    return t->len == len && !memcmp(ld->src + t->at, name, len);
}

/* Find `name =` in the table whose contents start at token *i (depth 0
 * there; any depth, shallowest first, when `anywhere`). On success *i is the
 * value's first token and the key's line is returned. */
static int find_in(const loader *ld, size_t *i, const char *name, size_t len, int anywhere)
{
    int depth = 0, best_depth = 1 << 30, line = 0;
    size_t best = 0;
    for (size_t j = *i; j < ld->ntok && depth >= 0; j++) {
        const token *nt;
        size_t v = (depth == 0 || anywhere) ? key_at(ld, j, &nt) : 0;
        if (v && same(ld, nt, name, len) && depth < best_depth) {
            best = v, best_depth = depth, line = nt->line;
            if (!anywhere || depth == 0) break;
        }
        if (punct(ld, j, '{') || punct(ld, j, '(') || punct(ld, j, '[')) depth++;
        else if (punct(ld, j, '}') || punct(ld, j, ')') || punct(ld, j, ']')) depth--;
    }
    if (line) *i = best;
    return line;
}

/* The index-th positional item of the table whose contents start at *i. */
static int find_item(const loader *ld, size_t *i, long index)
{
    int depth = 0;
    long seen = 0;
    int start = 1;
    for (size_t j = *i; j < ld->ntok && depth >= 0; j++) {
        const token *nt;
        if (depth == 0 && start && !punct(ld, j, '}')) {
            start = 0;
            if (!key_at(ld, j, &nt) && !punct(ld, j, '[') && ++seen == index) {
                *i = j;
                return ld->tok[j].line;
            }
        }
        if (punct(ld, j, '{') || punct(ld, j, '(') || punct(ld, j, '[')) depth++;
        else if (punct(ld, j, '}') || punct(ld, j, ')') || punct(ld, j, ']')) depth--;
        else if (depth == 0 && (punct(ld, j, ',') || punct(ld, j, ';'))) start = 1;
    }
    return 0;
}

/* Follow a path like demand.spikes[2].days through the table constructors
 * of the source: returns the line of the deepest part found (0: none), and
 * sets *whole when the whole path was found, *at to its value's first token. */
static int resolve(loader *ld, const char *path, size_t *at, int *whole)
{
    *whole = 0;
    if (!ld->src) return 0;
    if (!ld->tok) ld->tok = lex(ld->src, &ld->ntok);
    if (!ld->tok) return 0;
    size_t i = 0;
    int line = 0, first = 1;
    for (const char *s = path; *s;) {
        size_t len = strcspn(s, ".[");
        int l = len ? find_in(ld, &i, s, len, first) : 0;
        if (len && !l) return line;
        if (l) line = l;
        first = 0;
        s += len;
        while (*s == '[') {
            long index = strtol(s + 1, NULL, 10);
            if (!punct(ld, i, '{')) return line;
            i++;
            if (!(l = find_item(ld, &i, index))) return line;
            line = l;
            s += strcspn(s, "]");
            if (*s) s++;
        }
        if (*s == '.') s++;
        if (*s) {
            if (!punct(ld, i, '{')) return line;
            i++;
        }
    }
    *at = i;
    *whole = 1;
    return line;
}

/* Line of a field's path (see resolve); where the structure is built by
 * code, the line of the deepest part found; 0 when nothing is found. */
static int line_of(loader *ld, const char *path)
{
    size_t at;
    int whole;
    return resolve(ld, path, &at, &whole);
}

/* Line of the key `k` (len bytes, as written) in the table at `prefix`. */
static int line_of_key(loader *ld, const char *prefix, const char *k, size_t len)
{
    size_t at = 0;
    int whole, line = resolve(ld, prefix, &at, &whole);
    if (!whole || !ld->tok) return line;
    if (*prefix) {
        if (!punct(ld, at, '{')) return line;
        at++;
    }
    int l = find_in(ld, &at, k, len, !*prefix);
    return l ? l : line;
}

/* "FILE:LINE: field 'PATH': what" (LINE left out when unknown); returns -1. */
static int report(loader *ld, int line, const char *path, const char *fmt, const char *detail)
{
    char what[300];
    snprintf(what, sizeof what, fmt, detail);
    if (line) snprintf(ld->err, ld->errlen, "%s:%d: field '%s': %s", ld->path, line, path, what);
    else snprintf(ld->err, ld->errlen, "%s: field '%s': %s", ld->path, path, what);
    return -1;
}

static int fail(loader *ld, const char *path, const char *fmt, const char *detail)
{
    return report(ld, line_of(ld, path), path, fmt, detail);
}

/* A key as a message shows it: bytes other than printable ASCII as \ddd. */
static void key_text(const char *k, size_t len, char *out, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') out[o++] = (char)c;
        else o += (size_t)snprintf(out + o, n - o, "\\%u", c);
    }
    out[o] = 0;
}

/* The string key at the top of the stack must be a plain name (a Lua
 * identifier): "x.days" is not read as "days", nor "days\0x" as "days".
 * `prefix` is the path of the table holding it. */
static int check_name(loader *ld, lua_State *L, const char *prefix)
{
    size_t len;
    const char *k = lua_tolstring(L, -1, &len);
    int plain = len > 0 && (isalpha((unsigned char)k[0]) || k[0] == '_');
    for (size_t i = 1; plain && i < len; i++) plain = isalnum((unsigned char)k[i]) || k[i] == '_';
    if (plain) return 0;
    char shown[128], path[300];
    key_text(k, len, shown, sizeof shown);
    if (*prefix) snprintf(path, sizeof path, "%s.%s", prefix, shown);
    else snprintf(path, sizeof path, "%s", shown);
    const char *why = memchr(k, 0, len) ? "a name must not contain a NUL byte"
                      : memchr(k, '.', len) ? "a dotted name is not a field: write nested tables (a = { b = ... })"
                                            : "not a field name (letters, digits and _ only)";
    return report(ld, line_of_key(ld, prefix, k, len), path, "%s", why);
}

/* Every key of the list at index v must be a position 1..len. */
static int check_list_keys(loader *ld, lua_State *L, int v, const char *path)
{
    lua_Integer len = (lua_Integer)lua_rawlen(L, v);
    lua_pushnil(L);
    while (lua_next(L, v)) {
        lua_pop(L, 1);
        int ok = lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= len;
        if (ok) continue;
        char key[160];
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t kl;
            const char *k = lua_tolstring(L, -1, &kl);
            char shown[128];
            key_text(k, kl, shown, sizeof shown);
            snprintf(key, sizeof key, "'%s'", shown);
        } else if (lua_type(L, -1) == LUA_TNUMBER) {
            snprintf(key, sizeof key, "[%.17g]", lua_tonumber(L, -1));
        } else {
            snprintf(key, sizeof key, "a %s", luaL_typename(L, -1));
        }
        lua_pop(L, 1);
        char msg[220];
        snprintf(msg, sizeof msg, "is a list: key %s is not a position 1..%lld", key, (long long)len);
        return fail(ld, path, "%s", msg);
    }
    return 0;
}

/* A string value must not hide a NUL byte (it would be cut there). */
static int check_nul(loader *ld, lua_State *L, int v, const char *path)
{
    size_t len;
    const char *s = lua_tolstring(L, v, &len);
    return memchr(s, 0, len) ? fail(ld, path, "%s", "must not contain a NUL byte") : 0;
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
    case CX_PT_SEED:
        /* every unsigned 64-bit seed, exactly: an integer from 0, or decimal text
         * (a Lua integer stops at 2^63 - 1, a float loses digits past 2^53) */
        if (ty == LUA_TSTRING) {
            if (check_nul(ld, L, v, path)) return -1;
            if (cx_param_set_seed_text(base, d, lua_tostring(L, v), msg, sizeof msg)) return fail(ld, path, "%s", msg);
            return 0;
        }
        if (lua_isinteger(L, v)) {
            if (lua_tointeger(L, v) < 0) {
                snprintf(msg, sizeof msg, "must be between 0 and 18446744073709551615 (got %lld; write a seed "
                         "of 2^63 or more as a decimal string)", (long long)lua_tointeger(L, v));
                return fail(ld, path, "%s", msg);
            }
            *(uint64_t *)((char *)base + d->offset) = (uint64_t)lua_tointeger(L, v);
            return 0;
        }
        /* a float: whole and at most 2^53, as any number field */
        /* fall through */
    case CX_PT_REAL:
    case CX_PT_INT:
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
        if (check_nul(ld, L, v, path)) return -1;
        if (cx_param_set_string(base, d, lua_tostring(L, v), msg, sizeof msg)) return fail(ld, path, "%s", msg);
        return 0;
    case CX_PT_REALS: {
        if (ty != LUA_TTABLE) return fail(ld, path, "must be a list of numbers, not a %s", lua_typename(L, ty));
        lua_Integer len = (lua_Integer)lua_rawlen(L, v);
        if (len != d->count) {
            snprintf(msg, sizeof msg, "needs exactly %d numbers (got %lld)", d->count, (long long)len);
            return fail(ld, path, "%s", msg);
        }
        if (check_list_keys(ld, L, v, path)) return -1;
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
        if (check_list_keys(ld, L, v, path)) return -1;
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
            if (check_nul(ld, L, v, path)) return -1;
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
            lua_pushvalue(L, -2);
            if (check_name(ld, L, path)) {
                lua_pop(L, 3);
                return -1;
            }
            lua_pop(L, 1);
            const char *key = lua_tostring(L, -2);
            snprintf(ep, sizeof ep, "%s.%s", path, key);
            int bad = 0;
            if (!strcmp(key, "policy")) {
                if (vt != LUA_TSTRING) bad = fail(ld, ep, "must be a string, not a %s", lua_typename(L, vt));
                else if (check_nul(ld, L, lua_gettop(L), ep)) bad = -1;
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
        if (check_name(ld, L, prefix)) {
            lua_pop(L, 1);
            return -1;
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
    size_t len;
    char *text = cx_read_file(path, &len);
    if (!text) {
        snprintf(err, n, "%s: cannot read the scenario file", path);
        return -1;
    }
    int rc = cx_lua_load_scenario_text(path, text, len, p, err, n);
    free(text);
    return rc;
}

/* Some Lua errors carry no position ("C stack overflow" from a deeply
 * nested table in the parser): every message starts with the file. Lua
 * shortens a long file name to "...tail", which names it well enough. */
static void name_the_file(const char *path, char *err, size_t n)
{
    size_t k = strlen(path);
    if (!n || !strncmp(err, path, k) || !strncmp(err, "...", 3)) return;
    char *msg = strdup(err);
    if (msg) snprintf(err, n, "%s: %s", path, msg);
    free(msg);
}

static int load_text(const char *path, const char *text, size_t len, cx_params *p, char *err, size_t n);

int cx_lua_load_scenario_text(const char *path, const char *text, size_t len, cx_params *p, char *err,
                              size_t n)
{
    int rc = load_text(path, text, len, p, err, n);
    if (rc) name_the_file(path, err, n);
    return rc;
}

static int load_text(const char *path, const char *text, size_t len, cx_params *p, char *err, size_t n)
{
    loader ld = {.path = path, .err = err, .errlen = n};
    const char *nul = memchr(text, 0, len);
    if (nul) {
        int line = 1;
        for (const char *q = text; q < nul; q++) line += *q == '\n';
        snprintf(err, n, "%s:%d: a NUL byte: a scenario must be a text file, not binary", path, line);
        return -1;
    }
    ld.src = malloc(len + 1);
    if (!ld.src) {
        snprintf(err, n, "%s: out of memory", path);
        return -1;
    }
    memcpy(ld.src, text, len);
    ld.src[len] = 0;
    lua_State *L = cx_lua_state_new(&ld.mem, MEM_LIMIT, STEP_LIMIT, "a scenario's limit is fixed",
                                    "a scenario's cap is fixed");
    ld.mem.seconds = SECONDS_LIMIT;
    ld.mem.seconds_knob = "a scenario's limit is fixed";
    if (!L) {
        free(ld.src);
        free(ld.tok);
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
    free(ld.tok);
    return rc;
}
