/* cx_exp_sweep: cx.sweep, a grid x replications into a tidy CSV, journaled so an interrupted sweep resumes.
 *
 * A sweep appends every finished run to a journal (one write() per record,
 * then fsync) before anything else happens; a record carries its task
 * index, its length and a checksum, so a record cut short by a kill is
 * recognised and dropped. --resume reads the journal, checks that it
 * belongs to the same sweep (a hash of every parameter of every run), and
 * runs only what is missing. The CSV is assembled from the recorded text,
 * in task order, and written to a temporary file renamed into place. */
#include "cx_exp_internal.h"
#include "cx_runs.h"
#include "cx_lua_paths.h"
#include "cx_lua_util.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_params.h"
#include "cx_rng.h"
#include "cx_row.h"

static uint64_t fnv(uint64_t h, const void *p, size_t k)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < k; i++) {
        h ^= c[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* A hash of every input of a run, field by field (no padding bytes). */
static uint64_t hash_table(uint64_t h, const void *base, const cx_param_desc *t)
{
    for (const cx_param_desc *d = t; d->path; d++) {
        const char *p = (const char *)base + d->offset;
        h = fnv(h, d->path, strlen(d->path));
        switch (d->type) {
        case CX_PT_REAL: h = fnv(h, p, sizeof(double)); break;
        case CX_PT_INT:
        case CX_PT_BOOL:
        case CX_PT_ENUM: h = fnv(h, p, sizeof(int)); break;
        case CX_PT_SEED: h = fnv(h, p, sizeof(uint64_t)); break;
        case CX_PT_TEXT: h = fnv(h, p, strlen(p)); break;
        case CX_PT_REALS: h = fnv(h, p, (size_t)d->count * sizeof(double)); break;
        case CX_PT_POLICY: {
            const cx_policy_spec *sp = (const cx_policy_spec *)p;
            h = fnv(h, sp->name, strlen(sp->name) + 1);
            for (int o = 0; o < sp->n_options; o++) {
                h = fnv(h, sp->opt_name[o], strlen(sp->opt_name[o]) + 1);
                h = fnv(h, &sp->opt_value[o], sizeof(double));
            }
            break;
        }
        case CX_PT_RECORDS: {
            int cnt = *(const int *)((const char *)base + d->count_offset);
            h = fnv(h, &cnt, sizeof cnt);
            for (int i = 0; i < cnt; i++) h = hash_table(h, p + (size_t)i * d->elem_size, d->fields);
            break;
        }
        default: /* a field type added later: hash its name only (resume then trusts it) */
            break;
        }
    }
    return h;
}

/* Regimes and their policies are records of the table too. */
static uint64_t hash_params(uint64_t h, const cx_params *P) { return hash_table(h, P, cx_param_table); }

typedef struct sweep {
    const cxi_exp *E;
    int ntask;
    int nparam;
    int reps;
    int ncols;                    /* metrics written */
    int *cols;                    /* their column indexes */
    char **combo_text;            /* per combination: "v1,v2," (CSV cells of the grid values) */
    const char *scen_name;        /* CSV cell */
    cxi_task *tasks;                  /* combination-major, replication-minor */
    char **rows;                  /* per task: its CSV rows */
    int jfd;                      /* journal, append-only */
    char jpath[4200];             /* its path, for messages */
    char jsuffix[CX_EXP_SHARD_SUFFIX]; /* its name beside the CSV: ".journal", or a shard's (cx_exp_shard) */
    cx_lua_out out;               /* the CSV's directory and name (the journal sits beside it) */
    int jerr;                     /* errno of a failed journal write */
} sweep;

/* The CSV rows of task i (one per regime). */
static char *sweep_rows(const sweep *sw, int i, const cxi_outcome *o)
{
    cxi_sbuf b = {0};
    cxi_rd r;
    int32_t nreg = cxi_rd_outcome(&r, o);
    int combo = i / sw->reps, rep = i % sw->reps;
    for (int g = 0; g < nreg; g++) {
        cxi_regime_head h;
        cxi_rd_regime(&r, &h);
        const char *label = h.label;
        int32_t ncol = h.ncol;
        const char *sum = r.p;
        r.p += (size_t)ncol * sizeof(double);
        if (h.has_monthly) r.p += (size_t)h.months * (size_t)ncol * sizeof(double);
        char num[64];
        cxi_csv_cell(&b, sw->scen_name);
        cxi_sput(&b, ",");
        cxi_sput(&b, sw->combo_text[combo]);
        cxi_csv_cell(&b, label);
        snprintf(num, sizeof num, ",%d,%llu", rep, (unsigned long long)sw->tasks[i].seed);
        cxi_sput(&b, num);
        for (int k = 0; k < sw->ncols; k++) {
            double v = NAN;
            if (sw->cols[k] < ncol) memcpy(&v, sum + (size_t)sw->cols[k] * sizeof v, sizeof v);
            cxi_sput(&b, ",");
            cxi_csv_number(&b, v);
        }
        cxi_sput(&b, "\n");
    }
    if (!b.p) cxi_sput(&b, "");
    return b.p;
}

static uint32_t checksum(const char *s, size_t n) { return (uint32_t)fnv(0xcbf29ce484222325ull, s, n); }

/* A finished run: its rows, then a journal record (one write, fsync). */
static void sweep_done(void *ud, int i, const cxi_outcome *o)
{
    sweep *sw = ud;
    char *rows = sweep_rows(sw, i, o);
    if (!rows) return;
    sw->rows[i] = rows;
    size_t k = strlen(rows);
    char head[96];
    int h = snprintf(head, sizeof head, "run %d %zu %08x\n", i, k, checksum(rows, k));
    char *rec = malloc((size_t)h + k);
    if (!rec) return;
    memcpy(rec, head, (size_t)h);
    memcpy(rec + h, rows, k);
    if (cx_write_all(sw->jfd, rec, (size_t)h + k) || fsync(sw->jfd)) sw->jerr = errno ? errno : EIO;
    free(rec);
}

/* Read the journal OUT + suffix: fill sw->rows of the runs it holds, truncate
 * a torn tail. Returns the runs found, or -1 when it belongs to another sweep. */
static int journal_read(sweep *sw, const char *suffix, const char *want_head, char *err, size_t n)
{
    int fd = cx_lua_out_sibling(&sw->out, suffix, O_RDWR);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r+b");
    if (!f) {
        if (fd >= 0) close(fd);
        if (errno == ENOENT) return 0;
        cxi_msgf(err, n, "%s: %s", sw->jpath, strerror(errno));
        return -1;
    }
    char line[256];
    int found = 0;
    if (!fgets(line, sizeof line, f) || strcmp(line, want_head)) {
        fclose(f);
        cxi_msgf(err, n, "%s belongs to another sweep (different scenario, grid, replications or "
                 "metrics); delete it or run with --restart instead of --resume", sw->jpath);
        return -1;
    }
    long good = ftell(f);
    for (;;) {
        int i;
        size_t k;
        unsigned sum;
        if (!fgets(line, sizeof line, f) || sscanf(line, "run %d %zu %x", &i, &k, &sum) != 3) break;
        if (i < 0 || i >= sw->ntask || k > (64u << 20)) break;
        char *rows = malloc(k + 1);
        if (!rows) break;
        if (fread(rows, 1, k, f) != k || checksum(rows, k) != sum) {
            free(rows);
            break;
        }
        rows[k] = 0;
        if (!sw->rows[i]) found++;
        free(sw->rows[i]);
        sw->rows[i] = rows;
        good = ftell(f);
    }
    int bad = ftruncate(fileno(f), good);
    fclose(f);
    if (bad) {
        cxi_msgf(err, n, "%s: cannot truncate: %s", sw->jpath, strerror(errno));
        return -1;
    }
    return found;
}

/* --merge: the runs of every shard journal beside the CSV (cx_exp_shard);
 * the shards found, or -1. */
static int merge_shards(sweep *sw, const char *want_head, const char *out, char *err, size_t n)
{
    char(*suffix)[CX_EXP_SHARD_SUFFIX];
    int count;
    if (cxi_shard_journals(&sw->out, &suffix, &count, err, n)) return -1;
    for (int j = 0; j < count; j++) {
        snprintf(sw->jpath, sizeof sw->jpath, "%s%s", out, suffix[j]);
        if (journal_read(sw, suffix[j], want_head, err, n) < 0) {
            free(suffix);
            return -1;
        }
    }
    free(suffix);
    return count;
}

static int sweep_gc(lua_State *L)
{
    sweep *sw = lua_touserdata(L, 1);
    if (sw->rows)
        for (int i = 0; i < sw->ntask; i++) free(sw->rows[i]);
    free(sw->rows);
    sw->rows = NULL;
    if (sw->combo_text) {
        int ncombo = sw->reps ? sw->ntask / sw->reps : 0;
        for (int i = 0; i < ncombo; i++) free(sw->combo_text[i]);
    }
    free(sw->combo_text);
    sw->combo_text = NULL;
    if (sw->jfd >= 0) close(sw->jfd);
    sw->jfd = -1;
    cx_lua_out_close(&sw->out);
    return 0;
}

/* cx.sweep(scenario, {['path'] = {values}}, reps, {out=, seed=, years=, set=, metrics=}) */
int cxi_l_sweep(lua_State *L)
{
    lua_settop(L, 4);
    cxi_exp *E = cxi_exp_get(L);
    cxi_scen *s = cxi_scen_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer reps = luaL_checkinteger(L, 3);
    luaL_argcheck(L, reps >= 1 && reps <= CX_EXP_MAX_TASKS, 3, "replications from 1 to 1000000");
    int oi = 4;
    if (!lua_isnoneornil(L, oi)) luaL_checktype(L, oi, LUA_TTABLE);
    static const char *const keys[] = {"seed", "years", "set", "regime", "out", "metrics", NULL};
    cxi_check_keys(L, oi, "cx.sweep", keys);
    cx_params *base = lua_newuserdatauv(L, sizeof *base, 0);
    cxi_apply_opts(L, oi, s, base, NULL, "cx.sweep");
    const char *out = "sweep.csv";
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "out");
        if (lua_isstring(L, -1)) out = lua_tostring(L, -1);
        lua_pop(L, 1); /* the options table keeps the string alive */
    }
    /* the grid: parameter paths sorted; the first varies slowest */
    int np = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1) || lua_rawlen(L, -1) == 0)
            return luaL_error(L, "cx.sweep: the grid maps field paths to non-empty lists of values");
        lua_pop(L, 1);
        np++;
    }
    const char **paths = lua_newuserdatauv(L, (size_t)(np ? np : 1) * sizeof *paths, 0);
    int *len = lua_newuserdatauv(L, (size_t)(np ? np : 1) * sizeof *len, 0);
    np = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        paths[np++] = lua_tostring(L, -1);
    }
    qsort(paths, (size_t)np, sizeof *paths, cxi_cmp_cstr);
    long ncombo = 1;
    for (int p = 0; p < np; p++) {
        lua_getfield(L, 2, paths[p]);
        len[p] = (int)lua_rawlen(L, -1);
        lua_pop(L, 1);
        ncombo *= len[p];
        if (ncombo * reps > CX_EXP_MAX_TASKS) return luaL_error(L, "cx.sweep: more than %d runs", CX_EXP_MAX_TASKS);
    }
    int ntask = (int)(ncombo * reps);
    cx_params *Ps = lua_newuserdatauv(L, (size_t)ncombo * sizeof *Ps, 0);
    cxi_task *tasks = lua_newuserdatauv(L, (size_t)ntask * sizeof *tasks, 0);
    sweep *sw = lua_newuserdatauv(L, sizeof *sw, 0);
    memset(sw, 0, sizeof *sw);
    sw->jfd = -1;
    cx_lua_out_init(&sw->out);
    lua_newtable(L);
    lua_pushcfunction(L, sweep_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    int swi = lua_gettop(L);
    sw->E = E;
    sw->reps = (int)reps;
    sw->ntask = ntask;
    sw->nparam = np;
    sw->tasks = tasks;
    sw->scen_name = base->name;
    sw->rows = calloc((size_t)ntask, sizeof *sw->rows);
    sw->combo_text = calloc((size_t)ncombo, sizeof *sw->combo_text);
    if (!sw->rows || !sw->combo_text) return luaL_error(L, "cx.sweep: out of memory");
    /* metrics */
    int ncol = cx_row_count();
    sw->cols = lua_newuserdatauv(L, (size_t)ncol * sizeof *sw->cols, 0);
    if (lua_istable(L, oi)) {
        lua_getfield(L, oi, "metrics");
        if (lua_istable(L, -1)) {
            lua_Integer ml = (lua_Integer)lua_rawlen(L, -1);
            for (lua_Integer i = 1; i <= ml && sw->ncols < ncol; i++) {
                lua_rawgeti(L, -1, i);
                const char *name = lua_tostring(L, -1);
                int c = name ? cx_row_find(name) : -1;
                if (c < 0) return luaL_error(L, "cx.sweep: unknown metric '%s' (see cx.metrics())", name ? name : "?");
                sw->cols[sw->ncols++] = c;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    if (!sw->ncols)
        for (int c = 0; c < ncol; c++) sw->cols[sw->ncols++] = c;
    /* combinations */
    char err[1024], text[512];
    uint64_t h = 0xcbf29ce484222325ull;
    for (long c = 0; c < ncombo; c++) {
        Ps[c] = *base;
        cxi_sbuf cell = {0};
        long div = ncombo;
        for (int p = 0; p < np; p++) {
            div /= len[p];
            int k = (int)((c / div) % len[p]);
            lua_getfield(L, 2, paths[p]);
            lua_rawgeti(L, -1, k + 1);
            int is_str;
            if (cxi_value_text(L, -1, text, sizeof text, &is_str)) {
                free(cell.p);
                return luaL_error(L, "cx.sweep: field '%s': values must be numbers, strings or booleans", paths[p]);
            }
            if (cxi_set_field(&Ps[c], paths[p], text, is_str, err, sizeof err)) {
                free(cell.p);
                return luaL_error(L, "cx.sweep: %s", err);
            }
            char shown[64];
            if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1))
                snprintf(shown, sizeof shown, "%.15g", lua_tonumber(L, -1));
            cxi_csv_cell(&cell, lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1) ? shown : text);
            cxi_sput(&cell, ",");
            lua_pop(L, 2);
        }
        const char *field;
        if (cx_params_check(&Ps[c], &field, err, sizeof err)) {
            free(cell.p);
            return luaL_error(L, "cx.sweep: combination %d: field '%s': %s", (int)c + 1, field, err);
        }
        if (!cell.p) cxi_sput(&cell, "");
        sw->combo_text[c] = cell.p;
        h = hash_params(h, &Ps[c]);
        for (int r = 0; r < reps; r++)
            tasks[c * reps + r] = (cxi_task){&Ps[c], s->path, cx_runs_seed(Ps[c].seed, r), 0, r};
    }
    /* the CSV header, part of the journal's identity */
    cxi_sbuf head = {0};
    cxi_sput(&head, "scenario,");
    for (int p = 0; p < np; p++) {
        cxi_csv_cell(&head, paths[p]);
        cxi_sput(&head, ",");
    }
    cxi_sput(&head, "regime,rep,seed");
    for (int k = 0; k < sw->ncols; k++) {
        cxi_sput(&head, ",");
        cxi_sput(&head, cx_row_columns[sw->cols[k]].name);
    }
    cxi_sput(&head, "\n");
    if (!head.p) return luaL_error(L, "cx.sweep: out of memory");
    h = fnv(h, head.p, head.n);
    h = fnv(h, &reps, sizeof reps);
    char jhead[128];
    snprintf(jhead, sizeof jhead, "cxsim sweep journal 1 %016llx %d\n", (unsigned long long)h, ntask);
    if (cx_lua_out_open(&sw->out, "cx.sweep", out, E->o.unsafe, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "%s", err);
    }
    /* journal: resume from it, or start it afresh; a shard's has its own name,
     * and --merge first takes the shards' runs (cx_exp_shard) */
    cxi_shard_suffix(E, sw->jsuffix, sizeof sw->jsuffix);
    int resumed = 0, merged = 0;
    if (E->o.merge && (merged = merge_shards(sw, jhead, out, err, sizeof err)) < 0) {
        free(head.p);
        return luaL_error(L, "cx.sweep: --merge: %s", err);
    }
    snprintf(sw->jpath, sizeof sw->jpath, "%s%s", out, sw->jsuffix);
    if (!E->o.resume && !E->o.restart) {
        /* an existing journal holds finished runs: never discard them silently */
        int fd = cx_lua_out_sibling(&sw->out, sw->jsuffix, O_RDONLY);
        if (fd >= 0 || (errno != ENOENT && errno != ELOOP)) { /* a link: refused below, saying so */
            if (fd >= 0) close(fd);
            free(head.p);
            return luaL_error(L, "cx.sweep: %s exists (the journal of an interrupted sweep): pass --resume to "
                              "reuse its runs, or --restart to discard them and start afresh", sw->jpath);
        }
    }
    if (E->o.resume) {
        resumed = journal_read(sw, sw->jsuffix, jhead, err, sizeof err);
        if (resumed < 0) {
            free(head.p);
            return luaL_error(L, "cx.sweep: %s", err);
        }
    }
    int kept = 0; /* runs taken from journals (this one's, the shards') */
    for (int i = 0; i < ntask; i++) kept += sw->rows[i] != NULL;
    if (E->o.merge && !E->o.resume && kept < ntask) {
        free(head.p);
        return luaL_error(L, "cx.sweep: --merge: %d of %d runs are in none of the %d shard journals beside %s "
                          "(%s.journal.I-of-N): run the missing shards, or add --resume to run them here",
                          ntask - kept, ntask, merged, out, out);
    }
    sw->jfd = cx_lua_out_sibling(&sw->out, sw->jsuffix, O_WRONLY | O_CREAT | O_APPEND | (resumed > 0 ? 0 : O_TRUNC));
    if (sw->jfd < 0) {
        free(head.p);
        return luaL_error(L, "cx.sweep: cannot open %s: %s", sw->jpath,
                          errno == ELOOP ? "it is a symbolic link (refused; --unsafe lifts this)" : strerror(errno));
    }
    if (resumed == 0 && (cx_write_all(sw->jfd, jhead, strlen(jhead)) || fsync(sw->jfd))) {
        free(head.p);
        return luaL_error(L, "cx.sweep: cannot write %s: %s", sw->jpath, strerror(errno));
    }
    char *skip = lua_newuserdatauv(L, (size_t)ntask, 0);
    for (int i = 0; i < ntask; i++) skip[i] = sw->rows[i] != NULL || cxi_shard_other(E, i);
    cxi_box *b = cxi_box_new(L, ntask);
    int rc = cxi_pool_run(E, "cx.sweep", tasks, ntask, skip, b->o, sweep_done, sw, err, sizeof err);
    if (!rc && sw->jerr) {
        cxi_msgf(err, sizeof err, "cannot write %s: %s", sw->jpath, strerror(sw->jerr));
        rc = -1;
    }
    for (int i = 0; !rc && i < ntask; i++)
        if (!sw->rows[i] && !cxi_shard_other(E, i)) {
            snprintf(err, sizeof err, "run %d has no rows (out of memory?)", i);
            rc = -1;
        }
    if (rc) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    /* a shard: its journal is its result (--merge puts the shards together) */
    int shard = E->o.shards > 1;
    /* the CSV, in task order, atomically */
    if (!shard && cx_lua_out_begin(&sw->out, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    if (!shard) fputs(head.p, sw->out.f);
    long nrows = 0;
    for (int i = 0; i < ntask; i++) {
        if (!sw->rows[i]) continue; /* another shard's */
        if (!shard) fputs(sw->rows[i], sw->out.f);
        for (const char *q = sw->rows[i]; *q; q++) nrows += *q == '\n';
    }
    if (!shard && cx_lua_out_commit(&sw->out, err, sizeof err)) {
        free(head.p);
        return luaL_error(L, "cx.sweep: %s", err);
    }
    /* the rows as Lua tables too; the header text lives in a Lua string meanwhile */
    lua_pushstring(L, head.p);
    free(head.p);
    cxi_push_csv_rows(L, lua_tostring(L, -1), sw->rows, ntask);
    int data = lua_gettop(L);
    close(sw->jfd);
    sw->jfd = -1;
    if (!shard) cx_lua_out_unlink_sibling(&sw->out, sw->jsuffix);
    if (E->o.merge) { /* the CSV holds every run now */
        char(*suffix)[CX_EXP_SHARD_SUFFIX];
        int count;
        if (!cxi_shard_journals(&sw->out, &suffix, &count, err, sizeof err))
            for (int j = 0; j < count; j++) cx_lua_out_unlink_sibling(&sw->out, suffix[j]);
        free(suffix);
    }
    cx_lua_out_close(&sw->out);
    lua_createtable(L, 0, 6);
    lua_pushstring(L, out);
    lua_setfield(L, -2, "out");
    lua_pushinteger(L, nrows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, ntask);
    lua_setfield(L, -2, "runs");
    lua_pushinteger(L, kept);
    lua_setfield(L, -2, "resumed");
    lua_pushboolean(L, !shard);
    lua_setfield(L, -2, "complete"); /* false: a shard's rows only, and no CSV */
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "data");
    cxi_strict(L, -1, "a sweep result");
    (void)swi;
    return 1;
}
