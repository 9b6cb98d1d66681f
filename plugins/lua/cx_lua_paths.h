/* cx_lua_paths: the files an experiment writes, confined below the working directory.
 *
 * cx.write_csv and cx.sweep (its CSV and its journal) name files with a
 * path from the script. Unless the user passed --unsafe, the path must be
 * relative, without a ".." component, and every directory on it is walked
 * with openat(O_NOFOLLOW | O_DIRECTORY) from the working directory: a
 * symbolic link on the way (or as the file itself) is refused, missing
 * directories are created there (never elsewhere). The file is then
 * written relative to the directory's descriptor: a temporary beside it
 * (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0666 & ~umask) renamed into place,
 * so the path cannot be redirected between the check and the write. */
#ifndef CX_LUA_PATHS_H
#define CX_LUA_PATHS_H

#include <stddef.h>
#include <stdio.h>

/* A file an experiment writes: its directory, open, and its name there. */
typedef struct cx_lua_out {
    int dirfd;                    /* the directory the file goes in, or -1 */
    char name[256];               /* the file's name in it */
    char tmp[320];                /* the temporary being written, "" when none */
    FILE *f;                      /* open on tmp between begin and commit */
    char path[1024];              /* the path as the script gave it, for messages */
    int nofollow;                 /* O_NOFOLLOW, or 0 under --unsafe */
} cx_lua_out;

/* An empty cx_lua_out (dirfd -1), safe to close. */
void cx_lua_out_init(cx_lua_out *o);

/* Check `path` for the function `fn` (e.g. "cx.write_csv") and open its
 * directory, creating the missing ones. `unsafe`: any path, links
 * followed. 0, or -1 with "FN: PATH: why" in err. */
int cx_lua_out_open(cx_lua_out *o, const char *fn, const char *path, int unsafe, char *err, size_t n);

/* Drop an uncommitted temporary and close the directory. */
void cx_lua_out_close(cx_lua_out *o);

/* A new temporary beside the file, o->f open on it; then write, then
 * commit (flush, fsync, rename into place). 0, or -1 with err. */
int cx_lua_out_begin(cx_lua_out *o, char *err, size_t n);
int cx_lua_out_commit(cx_lua_out *o, char *err, size_t n);

/* open(2) of NAME + suffix in the file's directory (e.g. ".journal"),
 * never through a symbolic link (unless --unsafe); flags as for open,
 * mode 0666. The descriptor, or -1 with errno. */
int cx_lua_out_sibling(const cx_lua_out *o, const char *suffix, int flags);

/* Remove NAME + suffix from the file's directory. */
void cx_lua_out_unlink_sibling(const cx_lua_out *o, const char *suffix);

#endif
