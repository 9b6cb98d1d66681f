/* cx_exp_shard: --shard I/N and --merge, a sweep split over the jobs of an array and put together.
 *
 * Under --shard I/N a sweep runs only its runs i with i % N == I (so every
 * shard gets a mix of the grid's points), journals them into
 * OUT.journal.I-of-N beside OUT, and writes no CSV. Under --merge the sweep
 * reads every shard journal beside OUT (each checked against the sweep's
 * identity, as --resume checks its own), and writes the CSV from the
 * recorded rows, in task order: the same bytes as a serial run. The
 * journal code itself is the sweep's (cx_exp_sweep); here are the names. */
#include "cx_exp_internal.h"
#include "cx_lua_paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cxi_shard_suffix(const cxi_exp *E, char *buf, size_t n)
{
    if (E->o.shards > 1) snprintf(buf, n, ".journal.%d-of-%d", E->o.shard, E->o.shards);
    else snprintf(buf, n, ".journal");
}

int cxi_shard_other(const cxi_exp *E, int i) { return E->o.shards > 1 && i % E->o.shards != E->o.shard; }

typedef struct found {
    int i, n;                     /* shard I of N */
    char suffix[CX_EXP_SHARD_SUFFIX];
} found;

static int by_shard(const void *a, const void *b)
{
    const found *x = a, *y = b;
    return x->n != y->n ? (x->n > y->n) - (x->n < y->n) : (x->i > y->i) - (x->i < y->i);
}

int cxi_shard_journals(const struct cx_lua_out *o, char (**suffix)[CX_EXP_SHARD_SUFFIX], int *count, char *err,
                       size_t n)
{
    *suffix = NULL;
    *count = 0;
    int fd = openat(o->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) {
        if (fd >= 0) close(fd);
        cxi_msgf(err, n, "%s: cannot list its folder: %s", o->path, strerror(errno));
        return -1;
    }
    found *f = NULL;
    int nf = 0, cap = 0, rc = 0;
    size_t k = strlen(o->name);
    for (struct dirent *e; (e = readdir(d));) {
        int i, m, used = 0;
        if (strncmp(e->d_name, o->name, k) || strncmp(e->d_name + k, ".journal.", 9)) continue;
        if (sscanf(e->d_name + k + 9, "%d-of-%d%n", &i, &m, &used) != 2 || e->d_name[k + 9 + used] ||
            m < 2 || i < 0 || i >= m)
            continue;
        if (nf == cap) {
            cap = cap ? 2 * cap : 16;
            found *g = realloc(f, (size_t)cap * sizeof *g);
            if (!g) {
                cxi_msgf(err, n, "out of memory");
                rc = -1;
                break;
            }
            f = g;
        }
        f[nf].i = i;
        f[nf].n = m;
        snprintf(f[nf].suffix, sizeof f[nf].suffix, ".journal.%d-of-%d", i, m);
        nf++;
    }
    closedir(d);
    if (rc || !nf) {
        free(f);
        return rc;
    }
    qsort(f, (size_t)nf, sizeof *f, by_shard);
    *suffix = malloc((size_t)nf * sizeof **suffix);
    if (!*suffix) {
        free(f);
        cxi_msgf(err, n, "out of memory");
        return -1;
    }
    for (int j = 0; j < nf; j++) memcpy((*suffix)[j], f[j].suffix, sizeof f[j].suffix);
    *count = nf;
    free(f);
    return 0;
}
