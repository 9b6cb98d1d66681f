/* cx_exp_require: `require` in the sandbox: "cx" itself, and Lua modules beside the experiment file.
 *
 * require("cx") returns the cx table (the global stays, for old scripts).
 * require("NAME") or require("DIR.NAME") loads NAME.lua (DIR/NAME.lua) from
 * the experiment's own folder and nowhere else: a name is letters, digits
 * and '_' between dots, so it cannot spell '..', '/' or an absolute path;
 * every directory on the way and the file are opened without following
 * symbolic links (a link out of the folder is refused); only text chunks
 * are loaded (no C modules, no bytecode). The module runs in the
 * experiment's state, under its instruction, time and memory budget, and
 * its value is kept: a second require returns the same value. */
#include "cx_exp_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOADED_KEY "cx.required"            /* registry: name -> value (or the loading mark) */
#define MODULE_MAX_BYTES ((size_t)16 << 20) /* a module's source */

/* The module file's text (malloc'd, *len bytes), opened below dir without
 * following links; NULL with errno and a reason in why. */
static char *read_module(const char *dir, const char *rel, size_t *len, const char **why)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", rel);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *why = "cannot open the experiment's folder";
    char *save = NULL, *c = strtok_r(buf, "/", &save);
    while (fd >= 0 && c) {
        char *next = strtok_r(NULL, "/", &save);
        int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (next ? O_DIRECTORY : 0);
        int nfd = openat(fd, c, flags);
        int e = errno;
        close(fd);
        errno = e;
        fd = nfd;
        c = next;
    }
    if (fd < 0) {
        *why = errno == ELOOP || errno == ENOTDIR ? "goes through a symbolic link or a non-directory (refused)"
                                                  : strerror(errno);
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) *why = "not a regular file";
    else if ((size_t)st.st_size > MODULE_MAX_BYTES) *why = "larger than 16 MiB";
    else if (!(text = malloc((size_t)st.st_size + 1))) *why = "out of memory";
    else {
        size_t got = 0;
        ssize_t r;
        while (got < (size_t)st.st_size && (r = read(fd, text + got, (size_t)st.st_size - got)) > 0) got += (size_t)r;
        text[got] = 0;
        *len = got;
    }
    close(fd);
    return text;
}

/* require(name) */
static int l_require(lua_State *L)
{
    size_t k;
    const char *name = luaL_checklstring(L, 1, &k);
    if (!strcmp(name, "cx")) {
        lua_pushvalue(L, lua_upvalueindex(1));
        return 1;
    }
    /* NAME(.NAME)*: letters, digits, '_' */
    int ok = k == strlen(name) && k > 0 && k < 200 && name[0] != '.' && name[k - 1] != '.' && !strstr(name, "..");
    for (const char *p = name; ok && *p; p++)
        ok = *p == '.' || *p == '_' || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z');
    if (!ok)
        return luaL_error(L, "require: module name '%s': letters, digits and '_' between dots only (NAME loads "
                          "NAME.lua beside the experiment, DIR.NAME loads DIR/NAME.lua below it)", name);
    lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    int loaded = lua_gettop(L);
    lua_getfield(L, loaded, name);
    if (lua_toboolean(L, -1) && !lua_islightuserdata(L, -1)) return 1;
    if (lua_islightuserdata(L, -1)) return luaL_error(L, "require: module '%s' requires itself (a cycle)", name);
    lua_pop(L, 1);
    char rel[256];
    snprintf(rel, sizeof rel, "%s.lua", name);
    for (char *p = rel; *p && strcmp(p, ".lua"); p++)
        if (*p == '.') *p = '/';
    const cxi_exp *E = cxi_exp_get(L);
    size_t len = 0;
    const char *why;
    char *text = read_module(E->dir, rel, &len, &why);
    if (!text) return luaL_error(L, "require: module '%s': %s/%s: %s", name, E->dir, rel, why);
    char chunk[4400];
    snprintf(chunk, sizeof chunk, "@%s/%s", E->dir, rel);
    int st = luaL_loadbufferx(L, text, len, chunk, "t");
    free(text);
    if (st != LUA_OK) return lua_error(L);
    lua_pushlightuserdata(L, (void *)&l_require); /* the loading mark */
    lua_setfield(L, loaded, name);
    lua_pushstring(L, name);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) { /* forget the mark, pass the error on (a budget trip stays tripped) */
        lua_pushnil(L);
        lua_setfield(L, loaded, name);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, loaded, name);
    return 1;
}

void cxi_require_register(lua_State *L, int cx)
{
    cx = lua_absindex(L, cx);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    lua_pushvalue(L, cx);
    lua_pushcclosure(L, l_require, 1);
    lua_setglobal(L, "require");
}
