/* cx_lua_util: what every Lua state of cxsim shares: a capped allocator and file reading. */
#ifndef CX_LUA_UTIL_H
#define CX_LUA_UTIL_H

#include <stddef.h>

/* Bytes a Lua state holds and may hold; the allocator's user data. */
typedef struct cx_lua_budget {
    size_t used;              /* bytes allocated now */
    size_t cap;               /* refuse to grow past this */
} cx_lua_budget;

/* A lua_Alloc that refuses to grow past budget->cap (ud is a cx_lua_budget). */
void *cx_lua_capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

struct lua_State;

/* The restricted environment every cxsim Lua state starts from: base,
 * math, string, table, utf8 and coroutine, without the globals in `drop`
 * (a NULL-terminated list, e.g. "dofile", "require"). */
void cx_lua_open_restricted(struct lua_State *L, const char *const *drop);

/* Set the named fields of the global table `lib` to nil (e.g. string.dump). */
void cx_lua_drop_fields(struct lua_State *L, const char *lib, const char *const *fields);

/* The whole file, NUL-terminated (length in *len if len is not NULL); NULL
 * when it cannot be read. Free with free(). */
char *cx_read_file(const char *path, size_t *len);

#endif
