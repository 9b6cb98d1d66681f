/* cx_lua_paths: paths an experiment writes, checked and walked without following links. */
#include "cx_lua_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cx_lua_out_init(cx_lua_out *o)
{
    memset(o, 0, sizeof *o);
    o->dirfd = -1;
}

/* Why opening the directory `comp` below dirfd failed, in words. */
static const char *dir_failure(int dirfd, const char *comp, int e)
{
    struct stat st;
    if (!fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
        return "goes through a symbolic link (an experiment writes only below the working directory; "
               "--unsafe lifts this)";
    if (e == ENOTDIR) return "a component is not a directory";
    return strerror(e);
}

#define REFUSE(...)                                                                                          \
    do {                                                                                                     \
        char why_[512];                                                                                      \
        snprintf(why_, sizeof why_, __VA_ARGS__);                                                            \
        snprintf(err, n, "%s: %s: %s", fn, path, why_);                                                      \
        goto fail;                                                                                           \
    } while (0)

int cx_lua_out_open(cx_lua_out *o, const char *fn, const char *path, int unsafe, char *err, size_t n)
{
    cx_lua_out_init(o);
    o->nofollow = unsafe ? 0 : O_NOFOLLOW;
    char buf[1024];
    int fd = -1;
    if (!*path || strlen(path) >= sizeof buf) REFUSE("%s", *path ? "path too long" : "an empty path");
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(buf, sizeof buf, "%s", path);
    if (buf[0] == '/' && !unsafe)
        REFUSE("an absolute path (an experiment writes only below the working directory; --unsafe lifts this)");
    for (const char *c = buf; !unsafe && c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL)
        if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || !c[2]))
            REFUSE("a '..' component (an experiment writes only below the working directory; --unsafe lifts "
                   "this)");
    fd = open(buf[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) REFUSE("cannot open the working directory: %s", strerror(errno));
    char *last = strrchr(buf, '/');
    const char *name = last ? last + 1 : buf;
    if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) REFUSE("names a directory, not a file");
    if (strlen(name) + 40 >= sizeof o->name) REFUSE("file name too long");
    if (last) *last = 0;
    char *save = NULL;
    for (char *c = last ? strtok_r(buf, "/", &save) : NULL; c; c = strtok_r(NULL, "/", &save)) {
        if (!strcmp(c, ".")) continue;
        int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | o->nofollow;
        int next = openat(fd, c, flags);
        if (next < 0 && errno == ENOENT) {
            if (mkdirat(fd, c, 0777) && errno != EEXIST) REFUSE("cannot create the directory %s: %s", c, strerror(errno));
            next = openat(fd, c, flags);
        }
        if (next < 0) REFUSE("directory %s: %s", c, dir_failure(fd, c, errno));
        close(fd);
        fd = next;
    }
    struct stat st;
    if (!unsafe && !fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
        REFUSE("is a symbolic link (an experiment does not write through links; --unsafe lifts this)");
    snprintf(o->name, sizeof o->name, "%s", name);
    o->dirfd = fd;
    return 0;
fail:
    if (fd >= 0) close(fd);
    o->dirfd = -1;
    return -1;
}

void cx_lua_out_close(cx_lua_out *o)
{
    if (o->f) fclose(o->f);
    o->f = NULL;
    if (o->tmp[0] && o->dirfd >= 0) unlinkat(o->dirfd, o->tmp, 0);
    o->tmp[0] = 0;
    if (o->dirfd >= 0) close(o->dirfd);
    o->dirfd = -1;
}

int cx_lua_out_begin(cx_lua_out *o, char *err, size_t n)
{
    int fd = -1;
    for (int k = 0; k < 100 && fd < 0; k++) {
        snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld.%d", o->name, (long)getpid(), k);
        fd = openat(o->dirfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        snprintf(err, n, "%s: cannot create: %s", o->path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlinkat(o->dirfd, o->tmp, 0);
        }
        o->tmp[0] = 0;
        return -1;
    }
    return 0;
}

int cx_lua_out_commit(cx_lua_out *o, char *err, size_t n)
{
    int bad = ferror(o->f) || fflush(o->f) || fsync(fileno(o->f));
    if (fclose(o->f)) bad = 1;
    o->f = NULL;
    if (bad || renameat(o->dirfd, o->tmp, o->dirfd, o->name)) {
        snprintf(err, n, "%s: cannot write: %s", o->path, strerror(errno));
        unlinkat(o->dirfd, o->tmp, 0);
        o->tmp[0] = 0;
        return -1;
    }
    o->tmp[0] = 0;
    return 0;
}

int cx_lua_out_sibling(const cx_lua_out *o, const char *suffix, int flags)
{
    char file[sizeof o->name + 32];
    snprintf(file, sizeof file, "%s%s", o->name, suffix);
    return openat(o->dirfd, file, flags | O_CLOEXEC | o->nofollow, 0666);
}

void cx_lua_out_unlink_sibling(const cx_lua_out *o, const char *suffix)
{
    char file[sizeof o->name + 32];
    snprintf(file, sizeof file, "%s%s", o->name, suffix);
    unlinkat(o->dirfd, file, 0);
}
