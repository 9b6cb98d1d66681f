/* cx_exp_meta: reproducibility in experiments: cx.version, cx.commit, s:fields(), s:hash(), cx.diff, cx.read_csv, and the metadata JSON beside a sweep's or design's CSV.
 *
 * A scenario's fields, its hash and the JSON are those of core/output's
 * cx_meta, so a results folder's metadata.json and an experiment's
 * OUT.meta.json describe a scenario in the same words and hash it alike. */
#include "cx_exp_internal.h"
#include "cx_lua_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_meta.h"
#include "cx_runs.h"

/* Push a resolved value: numbers and booleans as such, text as strings. */
static void push_value(lua_State *L, const char *value, int is_text)
{
    if (is_text) lua_pushstring(L, value);
    else if (!strcmp(value, "true") || !strcmp(value, "false")) lua_pushboolean(L, value[0] == 't');
    else if (!lua_stringtonumber(L, value)) lua_pushstring(L, value);
}

typedef struct field_list {
    lua_State *L;
    int map, list, n;             /* stack indexes of {path = value} and {path, ...}; entries */
} field_list;

static void add_field(void *ud, const char *path, const char *value, int is_text)
{
    field_list *fl = ud;
    push_value(fl->L, value, is_text);
    lua_setfield(fl->L, fl->map, path);
    lua_pushstring(fl->L, path);
    lua_rawseti(fl->L, fl->list, ++fl->n);
}

/* Push {path = value} and the list of paths (in table order) of P. */
static void push_fields(lua_State *L, const cx_params *P)
{
    lua_newtable(L);
    lua_newtable(L);
    field_list fl = {L, lua_gettop(L) - 1, lua_gettop(L), 0};
    cx_meta_fields(P, add_field, &fl);
}

/* s:fields(): {path = value} of every resolved field, and the paths in order. */
static int l_fields(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    push_fields(L, &s->P);
    return 2;
}

/* s:hash(): "fnv1a64:HEX" of the resolved fields, as metadata.json writes it. */
static int l_hash(lua_State *L)
{
    cxi_scen *s = cxi_scen_check(L, 1);
    char h[40];
    snprintf(h, sizeof h, "fnv1a64:%016llx", (unsigned long long)cx_meta_hash(&s->P));
    lua_pushstring(L, h);
    return 1;
}

/* cx.diff(a, b): {{field =, a =, b =}, ...} of the fields that differ (a
 * field only one has: nil on the other side), a's order, then b's extras. */
static int l_diff(lua_State *L)
{
    cxi_scen *a = cxi_scen_check(L, 1), *b = cxi_scen_check(L, 2);
    lua_settop(L, 2);
    push_fields(L, &a->P); /* 3 map, 4 list */
    push_fields(L, &b->P); /* 5 map, 6 list */
    lua_newtable(L);       /* 7 */
    int n = 0;
    for (int side = 0; side < 2; side++) {
        int list = side ? 6 : 4;
        lua_Integer len = (lua_Integer)lua_rawlen(L, list);
        for (lua_Integer i = 1; i <= len; i++) {
            lua_rawgeti(L, list, i);
            const char *path = lua_tostring(L, -1);
            lua_getfield(L, 3, path);
            lua_getfield(L, 5, path);
            int differ = side ? lua_isnil(L, -2) : !lua_rawequal(L, -2, -1);
            if (differ) {
                lua_createtable(L, 0, 3);
                lua_pushvalue(L, -4);
                lua_setfield(L, -2, "field");
                lua_pushvalue(L, -3);
                lua_setfield(L, -2, "a");
                lua_pushvalue(L, -2);
                lua_setfield(L, -2, "b");
                lua_rawseti(L, 7, ++n);
            }
            lua_pop(L, 3);
        }
    }
    return 1;
}

/* cx.read_csv(path): the rows (tables keyed by the header's names; numbers
 * as numbers, NA as NaN, seed as text) and the column names. The path
 * follows the rule of written files: below the working directory, no
 * symbolic links (unless --unsafe). */
static int l_read_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    cxi_exp *E = cxi_exp_get(L);
    char err[1200];
    struct stat st;
    if (lstat(path, &st) && errno == ENOENT) /* before the check below, which would create missing folders */
        return luaL_error(L, "cx.read_csv: %s: %s", path, strerror(errno));
    cx_lua_out *o = lua_newuserdatauv(L, sizeof *o, 0);
    cx_lua_out_init(o);
    if (cx_lua_out_open(o, "cx.read_csv", path, E->o.unsafe, err, sizeof err)) return luaL_error(L, "%s", err);
    int fd = cx_lua_out_sibling(o, "", O_RDONLY);
    int e = errno;
    cx_lua_out_close(o);
    if (fd < 0) return luaL_error(L, "cx.read_csv: %s: %s", path, e == ELOOP ? "a symbolic link (refused; --unsafe lifts this)" : strerror(e));
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    char chunk[65536];
    ssize_t k;
    while ((k = read(fd, chunk, sizeof chunk)) > 0)
        for (ssize_t i = 0; i < k; i++)
            if (chunk[i] != '\r') luaL_addchar(&b, chunk[i]);
    e = errno;
    close(fd);
    if (k < 0) return luaL_error(L, "cx.read_csv: %s: %s", path, strerror(e));
    luaL_pushresult(&b);
    const char *text = lua_tostring(L, -1);
    const char *nl = strchr(text, '\n');
    if (!*text) return luaL_error(L, "cx.read_csv: %s: empty (no header line)", path);
    char *rows[1] = {(char *)(nl ? nl + 1 : text + strlen(text))};
    cxi_push_csv_rows(L, text, rows, 1);
    /* the columns: the header's cells */
    lua_newtable(L);
    int n = 0;
    for (const char *c = text; c <= (nl ? nl : text + strlen(text));) {
        const char *end = c;
        while (*end && *end != ',' && *end != '\n') end++;
        if (*c == '"') { /* a quoted name: unquote (no commas inside cxsim's own headers) */
            const char *q = strchr(c + 1, '"');
            if (q && q < end) {
                lua_pushlstring(L, c + 1, (size_t)(q - c - 1));
                goto named;
            }
        }
        lua_pushlstring(L, c, (size_t)(end - c));
    named:
        lua_rawseti(L, -2, ++n);
        if (*end != ',') break;
        c = end + 1;
    }
    return 2;
}

void cxi_meta_methods(lua_State *L)
{
    static const luaL_Reg f[] = {{"fields", l_fields}, {"hash", l_hash}, {NULL, NULL}};
    luaL_setfuncs(L, f, 0);
}

void cxi_meta_register(lua_State *L)
{
    static const luaL_Reg f[] = {{"diff", l_diff}, {"read_csv", l_read_csv}, {NULL, NULL}};
    luaL_setfuncs(L, f, 0);
    lua_pushstring(L, cx_meta_version());
    lua_setfield(L, -2, "version");
    lua_pushstring(L, cx_meta_commit());
    lua_setfield(L, -2, "commit");
}

int cxi_write_meta(cx_lua_out *o, const cxi_points *pt, int ntask, int nbase, char *err, size_t n)
{
    const char *kind = !strcmp(pt->fn, "cx.sweep") ? "sweep" : "design";
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.meta.json.tmp", o->name);
    int fd = cx_lua_out_sibling(o, ".meta.json.tmp", O_WRONLY | O_CREAT | O_TRUNC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        if (fd >= 0) close(fd);
        cxi_msgf(err, n, "cannot write %s.meta.json: %s", pt->out, strerror(errno));
        return -1;
    }
    fputs("{\n", f);
    cx_meta_head_json(f, pt->base);
    fprintf(f, "  \"kind\": \"%s\",\n  \"csv\": ", kind);
    cx_meta_json_string(f, o->name);
    fputs(",\n  \"fields\": [", f);
    for (int p = 0; p < pt->np; p++) {
        fputs(p ? ", " : "", f);
        cx_meta_json_string(f, pt->paths[p]);
    }
    fprintf(f, "],\n  \"points\": %d,\n  \"reps\": %d,\n  \"runs\": %d,\n  \"base_runs\": %d,\n", pt->npoint, pt->reps,
            ntask, nbase);
    fputs("  \"rep_seeds\": [", f);
    for (int r = 0; r < pt->reps; r++)
        fprintf(f, "%s\"%llu\"", r ? ", " : "", (unsigned long long)cx_runs_seed(pt->base->seed, r));
    fputs("],\n  \"scenario\": ", f);
    cx_meta_scenario_json(f, pt->base, 4);
    fputs("\n}\n", f);
    int bad = fflush(f) || fsync(fileno(f));
    int e = errno;
    bad |= fclose(f) != 0;
    char final[300];
    snprintf(final, sizeof final, "%s.meta.json", o->name);
    if (bad || renameat(o->dirfd, tmp, o->dirfd, final)) {
        e = bad ? e : errno;
        unlinkat(o->dirfd, tmp, 0);
        cxi_msgf(err, n, "cannot write %s.meta.json: %s", pt->out, strerror(e));
        return -1;
    }
    return 0;
}
