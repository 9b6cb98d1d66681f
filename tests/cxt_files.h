/* cxt_files: what the tests do with files and with the cxsim program, once:
 * a temporary directory per test (made under $TMPDIR, removed with all it
 * holds), reading and writing whole files, and running $CXSIM (set by
 * ctest) with a deadline, its exit status, stdout and stderr captured.
 * A helper that cannot do what the test needs fails the test (cr_assert),
 * except cxt_slurp, which returns NULL for the test to judge. */
#ifndef CXT_FILES_H
#define CXT_FILES_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cx_lua_util.h"

extern char **environ;

/* ------------------------------------------------------------------ */
/* Directories and files                                                */

/* Make a new directory $TMPDIR/PREFIX_XXXXXX (/tmp when $TMPDIR is unset or
 * empty); its path into dir. */
static inline void cxt_make_temp_dir(char *dir, size_t n, const char *prefix)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, n, "%s/%s_XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    cr_assert_not_null(mkdtemp(dir), "mkdtemp failed");
}

/* A new temporary directory (cxt_make_temp_dir), made the working directory. */
static inline void cxt_enter_temp_dir(char *dir, size_t n, const char *prefix)
{
    cxt_make_temp_dir(dir, n, prefix);
    cr_assert_eq(chdir(dir), 0, "cannot enter %s", dir);
}

/* The source tree's file `rel` ($CX_SOURCE_DIR/rel, set by ctest), in a static buffer. */
static inline const char *cxt_source_file(const char *rel)
{
    static char path[4096];
    const char *src = getenv("CX_SOURCE_DIR");
    cr_assert(src && *src, "CX_SOURCE_DIR is not set (run through ctest)");
    snprintf(path, sizeof path, "%s/%s", src, rel);
    return path;
}

/* Remove path and, if it is a directory, everything below it (links are
 * removed, never followed). Quiet when path does not exist. */
static inline void cxt_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st)) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            for (struct dirent *e; (e = readdir(d));) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char p[4096];
                int k = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
                if (k > 0 && (size_t)k < sizeof p) cxt_remove_tree(p);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* The whole file, NUL-terminated, to free(); NULL when it cannot be read.
 * (The reader the Lua states use, cx_lua_util.) */
static inline char *cxt_slurp(const char *path) { return cx_read_file(path, NULL); }

/* Create (or replace) path with the len bytes at data. */
static inline void cxt_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len, "cannot write %s", path);
    cr_assert_eq(fclose(f), 0, "cannot write %s", path);
}

/* Create (or replace) path holding text. */
static inline void cxt_write_text(const char *path, const char *text) { cxt_write_file(path, text, strlen(text)); }

/* Create (or replace) DIR/name holding text; its path into out, returned. */
static inline const char *cxt_write_in(char *out, size_t n, const char *dir, const char *name, const char *text)
{
    snprintf(out, n, "%s/%s", dir, name);
    cxt_write_text(out, text);
    return out;
}

/* A small scenario file DIR/NAME.lua: `name`, seed 7, `years`, 2 contacts a
 * minute, the built-in vendor and partner regimes. Its path into out. */
static inline const char *cxt_write_two_regimes(char *out, size_t n, const char *dir, const char *name, double years)
{
    char file[256], text[512];
    snprintf(file, sizeof file, "%s.lua", name);
    snprintf(text, sizeof text,
             "return {\n"
             "  name = \"%s\", seed = 7, years = %g,\n"
             "  demand = { rate_per_min = 2.0 },\n"
             "  regimes = {\n"
             "    { name = \"vendor\", client = \"vendor\", provider = \"vendor\" },\n"
             "    { name = \"partner\", client = \"partner\", provider = \"partner\" },\n"
             "  },\n"
             "}\n",
             name, years);
    return cxt_write_in(out, n, dir, file, text);
}

/* ------------------------------------------------------------------ */
/* Running the program                                                  */

/* Start $CXSIM with the NULL-terminated arguments that follow the program's
 * name (at most 62): stdin from /dev/null, stdout into the file `out`,
 * stderr into `err` (one file, shared, when err is the same path). With
 * `group` it leads a process group of its own, so that cxt_wait can kill
 * whatever it started as well. */
static inline pid_t cxt_spawn(const char *const *args, const char *out, const char *err, int group)
{
    const char *exe = getenv("CXSIM");
    cr_assert(exe && *exe, "CXSIM is not set (run through ctest)");
    const char *argv[64];
    int n = 0;
    argv[n++] = exe;
    for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
    argv[n] = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (strcmp(out, err)) posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    else posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    if (group) {
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);
    }
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, &attr, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    cr_assert_eq(rc, 0, "cannot start %s: %s", exe, strerror(rc));
    return pid;
}

/* Wait for pid, started by cxt_spawn, at most deadline_s seconds: a program
 * still running then is killed (with its group, if it leads one) and fails
 * the test, "cxsim WHAT did not finish", instead of hanging the suite.
 * Returns the exit status, or 128 + the signal that ended it. */
static inline int cxt_wait(pid_t pid, int deadline_s, int group, const char *what)
{
    int st = 0;
    pid_t w;
    struct timespec tick = {0, 10 * 1000 * 1000};
    double waited = 0;
    while ((w = waitpid(pid, &st, WNOHANG)) == 0 && waited < deadline_s) {
        nanosleep(&tick, NULL);
        waited += 0.01;
    }
    if (w == 0) {
        kill(group ? -pid : pid, SIGKILL);
        waitpid(pid, &st, 0);
        cr_assert_fail("cxsim %s did not finish within %d s", what, deadline_s);
    }
    cr_assert_eq(w, pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A finished run of the program. */
typedef struct cxt_proc {
    int status;               /* exit status, or 128 + signal */
    char *out;                /* everything on stdout */
    char *err;                /* everything on stderr */
} cxt_proc;

static inline void cxt_proc_free(cxt_proc *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* Run $CXSIM with the NULL-terminated arguments (cxt_spawn) and wait for it
 * (cxt_wait); its output passes through DIR/.stdout and DIR/.stderr, which
 * are removed afterwards. Free r with cxt_proc_free. */
static inline void cxt_run(cxt_proc *r, const char *dir, const char *const *args, int deadline_s)
{
    char outp[4096], errp[4096];
    snprintf(outp, sizeof outp, "%s/.stdout", dir);
    snprintf(errp, sizeof errp, "%s/.stderr", dir);
    r->status = cxt_wait(cxt_spawn(args, outp, errp, 0), deadline_s, 0, args[0] ? args[0] : "");
    r->out = cxt_slurp(outp);
    r->err = cxt_slurp(errp);
    cr_assert(r->out && r->err, "cannot read the program's output");
    unlink(outp);
    unlink(errp);
}

#endif
