/* cx_lua_util: the capped allocator and file reading shared by the Lua bridge. */
#include "cx_lua_util.h"

#include <stdio.h>
#include <stdlib.h>

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
