/* cx_lua_util: the capped allocator and file reading shared by the Lua bridge. */
#include "cx_lua_util.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

void cx_lua_open_restricted(lua_State *L, const char *const *drop)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    for (const char *const *u = drop; *u; u++) {
        lua_pushnil(L);
        lua_setglobal(L, *u);
    }
}

void cx_lua_drop_fields(lua_State *L, const char *lib, const char *const *fields)
{
    lua_getglobal(L, lib);
    for (const char *const *u = fields; *u; u++) {
        lua_pushnil(L);
        lua_setfield(L, -2, *u);
    }
    lua_pop(L, 1);
}

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
