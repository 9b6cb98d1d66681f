/* cx_resultset: a results folder written as one set (temporary folder,
 * manifest, swap, signals, stale temporaries) and read back with its checks. */
#define _GNU_SOURCE /* renameat2 */
#include "cx_results.h"
#include "cx_results_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A results folder: where it is (its parent), its name there, and the path
 * as the user gave it (for messages). */
typedef struct set_path {
    char parent[4096];        /* the folder that holds the set's folder */
    char base[256];           /* the set folder's name in parent */
    char shown[4096];         /* the path as given, trailing slashes removed */
} set_path;

static void notef(char *note, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void notef(char *note, size_t n, const char *fmt, ...)
{
    size_t used = strnlen(note, n);
    if (used + 1 >= n) return;
    if (used) note[used++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note + used, n - used, fmt, ap);
    va_end(ap);
}

/* Split dir into parent and name; a link as the last part is followed (the
 * folder it names is replaced, not the link). */
static int split_path(const char *dir, set_path *sp, char *err, size_t errlen)
{
    char buf[4096];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof buf) {
        snprintf(err, errlen, "\"%s\": %s", dir, len ? "path too long" : "empty folder name");
        return -1;
    }
    memcpy(buf, dir, len + 1);
    while (len > 1 && buf[len - 1] == '/') buf[--len] = 0;
    snprintf(sp->shown, sizeof sp->shown, "%s", buf);
    struct stat st;
    if (lstat(buf, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(buf, NULL);
        if (!real) {
            snprintf(err, errlen, "%s: a link to a folder that cannot be reached: %s", sp->shown, strerror(errno));
            return -1;
        }
        snprintf(buf, sizeof buf, "%s", real);
        free(real);
    }
    char *slash = strrchr(buf, '/');
    const char *base = slash ? slash + 1 : buf;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        snprintf(err, errlen, "%s: name a results folder (such as results), not \".\", \"..\" or \"/\"", sp->shown);
        return -1;
    }
    if (strlen(base) > 200) {
        snprintf(err, errlen, "%s: folder name too long", sp->shown);
        return -1;
    }
    snprintf(sp->base, sizeof sp->base, "%s", base);
    if (!slash) snprintf(sp->parent, sizeof sp->parent, ".");
    else if (slash == buf) snprintf(sp->parent, sizeof sp->parent, "/");
    else {
        *slash = 0;
        snprintf(sp->parent, sizeof sp->parent, "%s", buf);
    }
    return 0;
}

/* mkdir -p path (mode 0777 less the umask). */
static int make_dirs(const char *path, const char *shown, char *err, size_t errlen)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        snprintf(err, errlen, "%s: path too long", shown);
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        char c = *p;
        if (c == '/' || c == 0) {
            *p = 0;
            if (mkdir(buf, 0777) && errno != EEXIST) {
                snprintf(err, errlen, "%s: cannot create %s: %s", shown, buf, strerror(errno));
                return -1;
            }
            *p = c;
        }
        if (!c) break;
    }
    return 0;
}

/* NAME.tmp.PID.XXXXXX for the set folder `base`: the PID, or 0 when name is not one. */
static long tmp_pid(const char *name, const char *base)
{
    size_t b = strlen(base);
    if (strncmp(name, base, b) || strncmp(name + b, ".tmp.", 5)) return 0;
    const char *p = name + b + 5;
    char *end;
    long pid = strtol(p, &end, 10);
    if (end == p || *end != '.' || strlen(end + 1) != 6 || pid <= 0) return 0;
    return pid;
}

/* A file of a set (or manifest.json), or a temporary one an older cxsim left (monthly.csv.tmp.XXXXXX). */
static int is_set_entry(const char *name, int litter_only)
{
    for (int k = 0; k <= CX_RESULTS_NFILES; k++) {
        const char *f = k < CX_RESULTS_NFILES ? cx_results_files[k] : CX_RESULTS_MANIFEST;
        size_t l = strlen(f);
        if (!strncmp(name, f, l) && ((!litter_only && !name[l]) || !strncmp(name + l, ".tmp.", 5))) return 1;
    }
    return 0;
}

/* Go through folder fd: with remove, unlink the set's files (or, with
 * litter_only, only old temporary files). Returns the number of other entries. */
static int scan_set(int fd, int remove, int litter_only)
{
    int d2 = dup(fd), others = 0;
    DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
    if (!d) {
        if (d2 >= 0) close(d2);
        return 1;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (!is_set_entry(e->d_name, litter_only)) others += !is_set_entry(e->d_name, 0);
        else if (remove) unlinkat(fd, e->d_name, 0);
    }
    closedir(d);
    return others;
}

/* Remove the set's files from folder `name` in parent, then the folder.
 * Async-signal-safe (the signal handler calls it). */
static int remove_known(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        for (int k = 0; k < CX_RESULTS_NFILES; k++) unlinkat(fd, cx_results_files[k], 0);
        unlinkat(fd, CX_RESULTS_MANIFEST, 0);
        close(fd);
    }
    return unlinkat(parent, name, AT_REMOVEDIR);
}

/* Remove a set folder and everything of a set in it, litter included. 0 when gone. */
static int remove_set_dir(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    scan_set(fd, 1, 0);
    close(fd);
    return unlinkat(parent, name, AT_REMOVEDIR);
}

/* Temporary folders of sets named sp->base in folder `parent` (shown as
 * `where`) left by processes that are gone. */
static void clean_stale(int parent, const char *where, const set_path *sp, char *note, size_t notelen)
{
    int d2 = dup(parent);
    DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
    if (!d) {
        if (d2 >= 0) close(d2);
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        long pid = tmp_pid(e->d_name, sp->base);
        if (!pid || pid == (long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
            notef(note, notelen, "left %s/%s alone: process %ld, still running, is writing it", where, e->d_name,
                  pid);
            continue;
        }
        if (remove_set_dir(parent, e->d_name) == 0)
            notef(note, notelen, "removed %s/%s, left by an interrupted run (process %ld)", where, e->d_name, pid);
        else
            notef(note, notelen, "left %s/%s (from an interrupted run, process %ld): %s", where, e->d_name, pid,
                  errno == ENOTEMPTY || errno == EEXIST ? "it holds files that are not part of a results set"
                                                        : strerror(errno));
    }
    closedir(d);
}

/* mkdir BASE.tmp.PID.XXXXXX in folder fd, shown as `where` (mode 0777 less
 * the umask); its name into tmp. 0, or -1 with errno kept. */
static int make_tmp_dir(int fd, const char *where, const set_path *sp, char *tmp, size_t tmplen, char *err,
                        size_t errlen)
{
    int len = snprintf(tmp, tmplen, "%s.tmp.%ld.XXXXXX", sp->base, (long)getpid());
    for (unsigned k = 0; k < 100; k++) {
        cxi_results_rand_name(tmp + len - 6, k);
        if (mkdirat(fd, tmp, 0777) == 0) return 0;
        if (errno != EEXIST) break;
    }
    int e = errno;
    snprintf(err, errlen, "%s: cannot create a folder in %s: %s", sp->shown, where, strerror(e));
    errno = e;
    return -1;
}

/* The temporary folder, beside the set's folder, or inside it when its
 * parent cannot be written (the set is then replaced in place). Returns the
 * fd of the folder that holds it (parent, or a new fd to close), or -1. */
static int make_tmp(int parent, const set_path *sp, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    if (!make_tmp_dir(parent, sp->parent, sp, tmp, tmplen, err, errlen)) return parent;
    if (errno != EACCES && errno != EPERM && errno != EROFS) return -1;
    int ofd = openat(parent, sp->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (ofd >= 0 && !make_tmp_dir(ofd, sp->shown, sp, tmp, tmplen, err, errlen)) return ofd;
    if (ofd >= 0) close(ofd);
    return -1;
}

static int open_parent(const set_path *sp, char *err, size_t errlen)
{
    int fd = open(sp->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) snprintf(err, errlen, "%s: cannot open %s: %s", sp->shown, sp->parent, strerror(errno));
    return fd;
}

int cx_results_prepare(const char *dir, char *note, size_t notelen, char *err, size_t errlen)
{
    set_path sp;
    if (notelen) note[0] = 0;
    if (split_path(dir, &sp, err, errlen)) return -1;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", sp.parent, sp.base);
    if (make_dirs(path, sp.shown, err, errlen)) return -1;
    struct stat st;
    if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a folder (a file of that name is in the way)", sp.shown);
        return -1;
    }
    int parent = open_parent(&sp, err, errlen);
    if (parent < 0) return -1;
    char tmp[300];
    int home = make_tmp(parent, &sp, tmp, sizeof tmp, err, errlen);
    if (home >= 0) {
        unlinkat(home, tmp, AT_REMOVEDIR);
        clean_stale(parent, sp.parent, &sp, note, notelen);
        if (home != parent) {
            notef(note, notelen, "%s cannot be written: the results will be replaced inside %s, one file at a time",
                  sp.parent, sp.shown);
            clean_stale(home, sp.shown, &sp, note, notelen);
            close(home);
        }
    }
    close(parent);
    return home >= 0 ? 0 : -1;
}

/* ---- the manifest ---- */

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

/* Size and FNV-1a 64 hash of the open file fd, read from its start. */
static int hash_fd(int fd, unsigned long long *bytes, uint64_t *hash)
{
    unsigned char buf[16384];
    uint64_t h = FNV_OFFSET;
    unsigned long long total = 0;
    if (lseek(fd, 0, SEEK_SET) < 0) return -1;
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) break;
        for (ssize_t i = 0; i < got; i++) h = (h ^ buf[i]) * FNV_PRIME;
        total += (unsigned long long)got;
    }
    *bytes = total;
    *hash = h;
    return lseek(fd, 0, SEEK_SET) < 0 ? -1 : 0;
}

/* Close f after flushing it to the disk; 0, or an errno value. */
static int close_synced(FILE *f)
{
    int e = 0;
    if (ferror(f)) e = errno ? errno : EIO;
    if (!e && fflush(f)) e = errno;
    if (!e && fsync(fileno(f))) e = errno;
    if (fclose(f) && !e) e = errno;
    return e;
}

/* A new file `name` in folder dfd (mode 0666 less the umask), for writing. */
static FILE *create_in(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlinkat(dfd, name, 0);
    }
    return f;
}

/* Write `name` in folder dfd: manifest.json over the set's files as they are in dfd. */
static int write_manifest(int dfd, const char *name, const char *shown, char *err, size_t errlen)
{
    unsigned long long bytes[CX_RESULTS_NFILES];
    uint64_t hash[CX_RESULTS_NFILES];
    int listed[CX_RESULTS_NFILES];
    for (int k = 0; k < CX_RESULTS_NFILES; k++) {
        int fd = openat(dfd, cx_results_files[k], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        /* metadata.json may be missing from a folder assembled by other means (cx_results_seal) */
        listed[k] = !(fd < 0 && errno == ENOENT && !strcmp(cx_results_files[k], "metadata.json"));
        if (!listed[k]) continue;
        int bad = fd < 0 || hash_fd(fd, &bytes[k], &hash[k]);
        int e = errno;
        if (fd >= 0) close(fd);
        if (bad) {
            snprintf(err, errlen, "%s/%s: cannot read: %s", shown, cx_results_files[k], strerror(e));
            return -1;
        }
    }
    FILE *f = create_in(dfd, name);
    if (!f) {
        snprintf(err, errlen, "%s/%s: cannot create: %s", shown, CX_RESULTS_MANIFEST, strerror(errno));
        return -1;
    }
    fprintf(f, "{\n  \"format\": \"cxsim results set\",\n  \"version\": 1,\n  \"files\": [");
    for (int k = 0; k < CX_RESULTS_NFILES; k++)
        if (listed[k])
            fprintf(f, "%s\n    {\"name\": \"%s\", \"bytes\": %llu, \"fnv1a64\": \"%016llx\"}", k ? "," : "",
                    cx_results_files[k], bytes[k], (unsigned long long)hash[k]);
    fprintf(f, "\n  ]\n}\n");
    int e = close_synced(f);
    if (e) {
        snprintf(err, errlen, "%s/%s: cannot write: %s", shown, CX_RESULTS_MANIFEST, strerror(e));
        unlinkat(dfd, name, 0);
        return -1;
    }
    return 0;
}

int cx_results_seal(const char *dir, char *err, size_t errlen)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    char tmp[64];
    int len = snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", CX_RESULTS_MANIFEST);
    cxi_results_rand_name(tmp + len - 6, 0);
    int rc = write_manifest(dfd, tmp, dir, err, errlen);
    if (!rc && renameat(dfd, tmp, dfd, CX_RESULTS_MANIFEST)) {
        snprintf(err, errlen, "%s/%s: cannot rename into place: %s", dir, CX_RESULTS_MANIFEST, strerror(errno));
        unlinkat(dfd, tmp, 0);
        rc = -1;
    }
    close(dfd);
    return rc;
}

/* ---- writing a set ---- */

/* The temporary folder being written, for the signal handler. A handler
 * takes no context pointer, so this is cxsim's one piece of process-wide
 * mutable state: filled before `armed` is set, read only by on_signal. */
static struct {
    volatile sig_atomic_t armed;  /* 1 while a temporary set folder exists */
    int parent;                   /* fd of the folder that holds it */
    char name[300];               /* its name there */
} pending;

static void on_signal(int sig)
{
    if (pending.armed) remove_known(pending.parent, pending.name);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns: the process ends as it would have */
}

/* Signals that end the process remove the temporary folder first;
 * SIGXFSZ is ignored so that a file-size limit is a write error (EFBIG). */
static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};
#define N_CAUGHT (int)(sizeof caught / sizeof *caught)

static void arm(int parent, const char *tmp, struct sigaction *saved)
{
    pending.parent = parent;
    snprintf(pending.name, sizeof pending.name, "%s", tmp);
    atomic_signal_fence(memory_order_seq_cst);
    pending.armed = 1;
    for (int i = 0; i < N_CAUGHT; i++) {
        struct sigaction sa = {.sa_handler = caught[i] == SIGXFSZ ? SIG_IGN : on_signal};
        sigemptyset(&sa.sa_mask);
        sigaction(caught[i], NULL, &saved[i]);
        if (saved[i].sa_handler != SIG_IGN) sigaction(caught[i], &sa, NULL);
    }
}

static void disarm(const struct sigaction *saved)
{
    pending.armed = 0;
    atomic_signal_fence(memory_order_seq_cst);
    for (int i = 0; i < N_CAUGHT; i++) sigaction(caught[i], &saved[i], NULL);
}

/* The test hook (see cx_results.h). */
static void test_pause(const char *point, const set_path *sp, const char *tmp)
{
    const char *want = getenv("CXSIM_TEST_PAUSE");
    if (!want || strcmp(want, point)) return;
    fprintf(stderr, "cxsim: test pause at %s (%s, %s)\n", point, sp->shown, tmp);
    fflush(stderr);
    struct timespec ts = {60, 0};
    nanosleep(&ts, NULL);
}

static int write_file(int dfd, int k, const set_path *sp, const cx_result *runs, int n, char *err, size_t errlen)
{
    char shown[4400];
    snprintf(shown, sizeof shown, "%s/%s", sp->shown, cx_results_files[k]);
    FILE *f = create_in(dfd, cx_results_files[k]);
    if (!f) {
        snprintf(err, errlen, "%s: cannot create: %s", shown, strerror(errno));
        return -1;
    }
    errno = 0;
    int bad = cxi_results_body(k, f, shown, runs, n, err, errlen);
    int e = close_synced(f);
    if (bad) return -1;
    if (e) snprintf(err, errlen, "%s: cannot write: %s", shown, strerror(e));
    return e ? -1 : 0;
}

/* The set in folder tmp (in folder home: parent, or the set's folder)
 * replaces the set in folder sp->base of parent. */
static int swap_in(int parent, int home, int tfd, const set_path *sp, const char *tmp, char *err, size_t errlen)
{
    int ofd = openat(parent, sp->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (ofd < 0 && errno == ENOENT && home == parent) {
        if (renameat(parent, tmp, parent, sp->base) == 0) return 0;
        if (errno != EEXIST && errno != ENOTEMPTY) goto fail;
        ofd = openat(parent, sp->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (ofd < 0) goto fail;
    int others = home != parent || scan_set(ofd, 0, 0);
#ifdef RENAME_EXCHANGE
    if (!others && renameat2(parent, tmp, parent, sp->base, RENAME_EXCHANGE) == 0) {
        close(ofd);
        test_pause("cleanup", sp, tmp);
        remove_set_dir(parent, tmp); /* the old set */
        return 0;
    }
    if (!others && errno != EINVAL && errno != ENOSYS && errno != EBUSY && errno != EXDEV && errno != EPERM) {
        close(ofd);
        goto fail;
    }
#endif
    /* in place: no manifest.json while the files are moved in */
    if (unlinkat(ofd, CX_RESULTS_MANIFEST, 0) && errno != ENOENT) {
        close(ofd);
        goto fail;
    }
    fsync(ofd);
    for (int k = 0; k <= CX_RESULTS_NFILES; k++) {
        const char *f = k < CX_RESULTS_NFILES ? cx_results_files[k] : CX_RESULTS_MANIFEST;
        if (renameat(tfd, f, ofd, f)) {
            snprintf(err, errlen, "%s/%s: cannot move into place: %s (the folder has no %s until a run completes)",
                     sp->shown, f, strerror(errno), CX_RESULTS_MANIFEST);
            close(ofd);
            return -1;
        }
    }
    scan_set(ofd, 1, 1);
    fsync(ofd);
    close(ofd);
    unlinkat(home, tmp, AT_REMOVEDIR);
    return 0;
fail:
    snprintf(err, errlen, "%s: cannot put the new results in place: %s (the previous results are untouched)",
             sp->shown, strerror(errno));
    return -1;
}

int cx_results_write_set(const char *dir, const cx_result *runs, int n, char *err, size_t errlen)
{
    set_path sp;
    if (split_path(dir, &sp, err, errlen)) return -1;
    int parent = open_parent(&sp, err, errlen);
    if (parent < 0) return -1;
    char tmp[300];
    int home = make_tmp(parent, &sp, tmp, sizeof tmp, err, errlen);
    if (home < 0) {
        close(parent);
        return -1;
    }
    struct sigaction saved[N_CAUGHT];
    arm(home, tmp, saved);
    int rc = -1, tfd = openat(home, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tfd < 0) snprintf(err, errlen, "%s/%s: %s", sp.parent, tmp, strerror(errno));
    for (int k = 0; tfd >= 0 && k < CX_RESULTS_NFILES; k++) {
        if (write_file(tfd, k, &sp, runs, n, err, errlen)) goto done;
        if (k == 0) test_pause("write", &sp, tmp);
    }
    if (tfd < 0 || write_manifest(tfd, CX_RESULTS_MANIFEST, sp.shown, err, errlen)) goto done;
    fsync(tfd);
    test_pause("swap", &sp, tmp);
    rc = swap_in(parent, home, tfd, &sp, tmp, err, errlen);
    fsync(parent);
done:
    if (rc) remove_known(home, tmp);
    disarm(saved);
    if (tfd >= 0) close(tfd);
    if (home != parent) close(home);
    close(parent);
    return rc;
}

/* ---- reading a set ---- */

static int check_set(int dfd, const char *dir, cx_results_set *s, char *err, size_t errlen)
{
    char text[8192];
    int mfd = openat(dfd, CX_RESULTS_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (mfd < 0) {
        snprintf(err, errlen,
                 "%s: not a complete results set: no %s (a run was interrupted or is writing, or the files are "
                 "not from cxsim run); run cxsim run --out %s again",
                 dir, CX_RESULTS_MANIFEST, dir);
        return -1;
    }
    ssize_t len = read(mfd, text, sizeof text - 1);
    close(mfd);
    text[len > 0 ? len : 0] = 0;
    if (!strstr(text, "\"format\": \"cxsim results set\"") || !strstr(text, "\"version\": 1,")) {
        snprintf(err, errlen, "%s/%s: not a cxsim results manifest (version 1)", dir, CX_RESULTS_MANIFEST);
        return -1;
    }
    for (int k = 0; k < CX_RESULTS_NFILES; k++) {
        const char *f = cx_results_files[k];
        char key[64], hex[17];
        unsigned long long want_bytes, bytes;
        uint64_t hash;
        snprintf(key, sizeof key, "{\"name\": \"%s\", ", f);
        const char *at = strstr(text, key);
        if (!at && !strcmp(f, "metadata.json")) continue; /* a set from before metadata.json: still whole */
        if (!at || sscanf(at + strlen(key), "\"bytes\": %llu, \"fnv1a64\": \"%16[0-9a-f]\"}", &want_bytes, hex) != 2) {
            snprintf(err, errlen, "%s: half a results set: %s does not list %s", dir, CX_RESULTS_MANIFEST, f);
            return -1;
        }
        int fd = openat(dfd, f, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errlen, "%s: half a results set: %s is missing (%s lists it): %s", dir, f,
                     CX_RESULTS_MANIFEST, strerror(errno));
            return -1;
        }
        s->fd[k] = fd;
        if (hash_fd(fd, &bytes, &hash)) {
            snprintf(err, errlen, "%s/%s: cannot read: %s", dir, f, strerror(errno));
            return -1;
        }
        if (bytes != want_bytes) {
            snprintf(err, errlen, "%s: half a results set: %s has %llu bytes, %s says %llu (cut short, or from "
                     "another run)", dir, f, bytes, CX_RESULTS_MANIFEST, want_bytes);
            return -1;
        }
        if (strtoull(hex, NULL, 16) != hash) {
            snprintf(err, errlen, "%s: half a results set: %s does not match its hash in %s (changed, or from "
                     "another run)", dir, f, CX_RESULTS_MANIFEST);
            return -1;
        }
    }
    return 0;
}

void cx_results_close_set(cx_results_set *s)
{
    for (int k = 0; k < CX_RESULTS_NFILES; k++) {
        if (s->fd[k] >= 0) close(s->fd[k]);
        s->fd[k] = -1;
    }
}

/* Opened once as a folder, so the files all come from the set that was in
 * place then; checked again (up to three times) in case a run replaced the
 * set while it was being read. */
int cx_results_open_set(const char *dir, cx_results_set *s, char *err, size_t errlen)
{
    for (int k = 0; k < CX_RESULTS_NFILES; k++) s->fd[k] = -1;
    for (int attempt = 0; attempt < 3; attempt++) {
        if (attempt) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) {
            snprintf(err, errlen, "%s: %s", dir, errno == ENOENT ? "no such results directory" : strerror(errno));
            return -1;
        }
        int rc = check_set(dfd, dir, s, err, errlen);
        close(dfd);
        if (!rc) return 0;
        cx_results_close_set(s);
    }
    return -1;
}
