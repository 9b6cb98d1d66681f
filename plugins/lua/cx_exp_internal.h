/* cx_exp_internal: what the files of the Lua experiments (cx_lua_experiment, cx_exp_*) share.
 *
 * One idea per file:
 *   cx_lua_experiment  the state: sandbox, budget, the `cx` table, the script
 *   cx_exp_stats       mean, sd, 95% interval over replications; strict result tables
 *   cx_exp_codec       one task run into a flat binary outcome, and read back
 *   cx_exp_pool        tasks in worker threads (or one after another), the outcomes box
 *   cx_exp_scenario    the cx.scenario userdata and the table serialiser
 *   cx_exp_runs        cx.run, cx.replicate, cx.compare and their options
 *   cx_exp_sweep       points x replications (cx.sweep's grid, cx.design's points), journal, --resume
 *   cx_exp_design      cx.sample (factorial, LHS, Sobol, Saltelli, Morris), cx.design, cx.point_means
 *   cx_exp_sens        cx.morris (mu*, sigma) and cx.sobol (first-order, total) with bootstrap CIs
 *   cx_exp_meta        cx.version, s:fields(), s:hash(), cx.diff, cx.read_csv, OUT.meta.json
 *   cx_exp_csv         CSV cells and rows, cx.write_csv, printing helpers
 *   cx_exp_require     require("cx") and modules beside the experiment, in the sandbox
 *   cx_exp_mpi         the runs spread over MPI ranks (CX_MPI builds), cx_exp_mpi.h
 *   cx_exp_shard       --shard I/N and --merge: a sweep over the jobs of an array
 * Nothing here is for code outside plugins/lua: the public entry point is
 * cx_lua_experiment.h. */
#ifndef CX_EXP_INTERNAL_H
#define CX_EXP_INTERNAL_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "cx_consent.h"
#include "cx_lua_experiment.h"
#include "cx_lua_paths.h"
#include "cx_lua_util.h"
#include "cx_params.h"

#define CX_EXP_SCEN_MT "cx.scenario"  /* metatable of scenario userdata */
#define CX_EXP_BOX_MT "cx.outcomes"   /* metatable of an outcomes box */
#define CX_EXP_MAX_TASKS 1000000      /* runs in one call */

/* ---- the experiment's context (cx_lua_experiment) ---- */

typedef struct cxi_exp {
    cx_experiment_opts o;         /* as given, jobs resolved */
    const char *path;             /* the experiment script */
    char dir[4096];               /* its directory (policies and scenarios relative to it) */
    cx_lua_budget *budget;        /* of the script's state: simulations pause its deadline */
} cxi_exp;

/* The context, kept in the state's extra space. */
static inline cxi_exp *cxi_exp_get(lua_State *L) { return *(cxi_exp **)lua_getextraspace(L); }

/* snprintf for messages that may be cut (paths); through a va_list, so the
 * compiler does not warn about truncation, which is intended. */
void cxi_msgf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- statistics over replications (cx_exp_stats) ---- */

/* {mean, sd, half, lo, hi, n} of xs[0..n) on the stack; half is the 95%
 * half-width t(0.975, n-1) sd / sqrt(n) (cx_tdist). */
void cxi_push_stats(lua_State *L, const double *xs, int n);
/* Make the table at idx strict: reading a name it lacks raises
 * "WHAT has no field 'NAME' (it has: ...)", as a policy's `state` does. */
void cxi_strict(lua_State *L, int idx, const char *what);

/* ---- tasks and outcomes (cx_exp_codec) ---- */

typedef struct cxi_task {
    const cx_params *P;           /* the scenario (owned by the caller) */
    const char *path;             /* scenario path for policy resolution and messages */
    uint64_t seed;                /* master seed of this run */
    int monthly;                  /* 1: keep the monthly rows */
    int rep;                      /* its replication number (for messages) */
} cxi_task;

/* One run's result as a flat blob, the same in a worker and in-process:
 *   int32 status; int32 nreg; then per regime: char label[CX_NAME_MAX],
 *   int32 months, int32 ncol, int32 has_monthly, double summary[ncol],
 *   double monthly[months * ncol] when has_monthly;
 *   or, when status != 0, the error text. */
typedef struct cxi_outcome {
    size_t len;                   /* bytes of blob */
    char *blob;                   /* NULL until done */
} cxi_outcome;

/* A growable byte buffer an outcome is written into. */
typedef struct cxi_bbuf {
    char *p;                      /* the bytes (malloc'd), NULL while empty */
    size_t n, cap;                /* bytes used, bytes allocated */
    int oom;                      /* 1: an allocation failed; later writes are dropped */
} cxi_bbuf;

/* A cursor reading a blob. */
typedef struct cxi_rd {
    const char *p, *end;          /* next byte, one past the last */
} cxi_rd;

/* A regime's head in an outcome; its summary (and monthly rows) follow. */
typedef struct cxi_regime_head {
    char label[CX_NAME_MAX];      /* NUL-terminated */
    int32_t months, ncol;         /* monthly rows, columns */
    int32_t has_monthly;          /* 1: the monthly rows follow the summary */
} cxi_regime_head;

/* Run one task into blob b (an error outcome when it fails). */
void cxi_run_task(const cxi_task *t, const cx_consent *consent, cxi_bbuf *b);
/* A cursor at the first regime of a successful outcome; returns the regimes. */
int32_t cxi_rd_outcome(cxi_rd *r, const cxi_outcome *o);
/* Read the next regime's head; the cursor is left at its summary. */
void cxi_rd_regime(cxi_rd *r, cxi_regime_head *h);
/* The error text of a failed outcome, "run did not finish" for none, NULL when it succeeded. */
const char *cxi_blob_error(const cxi_outcome *o);
/* Push the regimes of an outcome: a list of regime tables, also keyed by label. */
void cxi_push_outcome(lua_State *L, const cxi_outcome *o, const char *scenario, int rep, uint64_t seed);
/* The summary value of metric `col` for regime `label` (NULL: the first) of an outcome (NAN when absent). */
double cxi_outcome_metric(const cxi_outcome *o, const char *label, int col);

/* ---- the pool (cx_exp_pool) ---- */

/* Called in the parent for each finished run, in completion order. */
typedef void (*cxi_done_fn)(void *ud, int i, const cxi_outcome *o);

/* Outcomes owned by a userdata, so a Lua error never leaks them. */
typedef struct cxi_box {
    int n;                        /* outcomes */
    cxi_outcome *o;               /* n of them, by task index */
} cxi_box;

/* write() all k bytes (through EINTR); 0, or -1 with errno. */
/* A box of n empty outcomes, pushed on the stack. */
cxi_box *cxi_box_new(lua_State *L, int n);
/* Register the box metatable (its __gc). */
void cxi_box_register(lua_State *L);
/* Run every task whose skip[i] is 0 (skip may be NULL) into out[]; `done`
 * (may be NULL) sees each success. The pool's time is kept off the script's
 * wall-clock deadline. 0, or -1 with the failing run's message (the lowest
 * index) or the pool's. */
int cxi_pool_run(const cxi_exp *E, const char *what, const cxi_task *tasks, int ntask, const char *skip,
                 cxi_outcome *out, cxi_done_fn done, void *ud, char *err, size_t n);

/* ---- shards of a sweep (cx_exp_shard) ---- */

struct cx_lua_out;
#define CX_EXP_SHARD_SUFFIX 48        /* bytes of a journal's suffix, ".journal.I-of-N" */
/* The suffix of this process's sweep journals: ".journal", or ".journal.I-of-N" under --shard. */
void cxi_shard_suffix(const cxi_exp *E, char *buf, size_t n);
/* 1 when run i of a sweep belongs to another shard (--shard I/N: i % N != I). */
int cxi_shard_other(const cxi_exp *E, int i);
/* The suffixes of the shard journals beside the file of `o` (NAME.journal.I-of-N), sorted by N
 * then I, into a malloc'd array of *count entries (free it); 0, or -1 with a message. */
int cxi_shard_journals(const struct cx_lua_out *o, char (**suffix)[CX_EXP_SHARD_SUFFIX], int *count, char *err,
                       size_t n);

#ifdef CX_MPI
/* ---- the runs over MPI ranks (cx_exp_mpi; CX_MPI builds) ---- */
struct cx_pool_spec;
/* Run the tasks of `s` (its skip, run for this rank's own threads, done in
 * the calling thread for every finished task) on this rank's `jobs`
 * threads and on the serving ranks, which store their outcomes in out[].
 * 0, or -1 with a message. */
int cxi_mpi_pool(struct cx_exp_mpi *m, const struct cx_pool_spec *s, const cxi_task *tasks, cxi_outcome *out,
                 int jobs, char *err, size_t n);
#endif

/* ---- scenarios (cx_exp_scenario) ---- */

typedef struct cxi_scen {
    cx_params P;                  /* the scenario */
    char path[4096];              /* its file, or the experiment for a table */
} cxi_scen;

/* A growable string (scenario source, CSV text). */
typedef struct cxi_sbuf {
    char *p;                      /* the text, NUL-terminated (malloc'd), NULL while empty */
    size_t n, cap;                /* characters used, bytes allocated */
} cxi_sbuf;

cxi_scen *cxi_scen_check(lua_State *L, int idx); /* the scenario at idx, or a Lua error */
cxi_scen *cxi_scen_new(lua_State *L);            /* a zeroed scenario, pushed */
void cxi_scen_register(lua_State *L);            /* its metatable and methods */
void cxi_sput(cxi_sbuf *b, const char *s);       /* append (dropped when out of memory) */
int cxi_cmp_cstr(const void *a, const void *b);  /* qsort of char * by strcmp */
/* cx.scenario(path | table | scenario) */
int cxi_l_scenario(lua_State *L);
/* Set one field: a scenario path (as --set takes it), or LABEL.client|provider.OPTION
 * (a policy option of a regime) or LABEL.client|provider.policy (its policy). */
int cxi_set_field(cx_params *P, const char *path, const char *text, int is_string, char *err, size_t n);
/* The value at idx as text for cxi_set_field; 0, or -1 for a type that cannot be set. */
int cxi_value_text(lua_State *L, int idx, char *out, size_t n, int *is_string);
/* Warn on stderr (once each) about policies named by a relative path that
 * resolves outside the experiment's folder (scen_path: the scenario's file). */
void cxi_warn_policies(lua_State *L, const cx_params *P, const char *scen_path);
/* The index of the regime `label`, or -1. */
int cxi_regime_index(const cx_params *P, const char *label);

/* ---- runs (cx_exp_runs) ---- */

/* A seed pushed as its unsigned decimal text (Lua's integers are signed). */
void cxi_push_seed(lua_State *L, uint64_t seed);
/* The seed at idx: an integer from 0, or decimal text up to 2^64 - 1; else a
 * Lua error naming `what`. */
uint64_t cxi_check_seed(lua_State *L, int idx, const char *what);
/* Refuse a key of the option table at idx (may be none) that is not in the
 * NULL-terminated `valid`: "FN: unknown option 'KEY' (valid: a, b, ...)". */
void cxi_check_keys(lua_State *L, int idx, const char *fn, const char *const *valid);
int cxi_l_rng_mix(lua_State *L);   /* cx.rng_mix(seed, k) */
int cxi_l_rep_seed(lua_State *L);  /* cx.rep_seed(seed, r) */

/* Options common to run, replicate, compare, sweep, from the table at idx
 * (may be none): a modified copy of the scenario in *P. */
void cxi_apply_opts(lua_State *L, int idx, const cxi_scen *s, cx_params *P, int *monthly, const char *fn);
int cxi_l_run(lua_State *L);       /* cx.run(scenario, opts) */
int cxi_l_replicate(lua_State *L); /* cx.replicate(scenario, n, opts) */
int cxi_l_compare(lua_State *L);   /* cx.compare(a, b, opts) or cx.compare(s, 'label_a', 'label_b', opts) */

/* ---- points x replications, sweeps (cx_exp_sweep) ---- */

/* FNV-1a over k bytes, continuing from h (start: 0xcbf29ce484222325). */
uint64_t cxi_fnv(uint64_t h, const void *p, size_t k);
/* A hash of every input of a scenario, field by field (no padding bytes). */
uint64_t cxi_hash_params(uint64_t h, const cx_params *P);
/* Give every unlabelled regime the label a run gives it ("regime<N>"). */
void cxi_label_regimes(cx_params *P);

/* Points, each run `reps` times, into a tidy CSV with a journal (--resume). */
typedef struct cxi_points {
    const char *fn;               /* "cx.sweep" or "cx.design": messages, the journal's kind */
    const cxi_scen *s;            /* the scenario (its path resolves policies) */
    const cx_params *base;        /* the scenario with the options applied, regimes labelled */
    const char *const *paths;     /* the fields, in column order */
    int np;                       /* fields */
    int points;                   /* absolute stack index of the list of points ({path = value}) */
    int npoint;                   /* points */
    int reps;                     /* replications of each point */
    const char *out;              /* the CSV */
    int opts;                     /* absolute stack index of the options (metrics=), may be none */
    int with_point;               /* 1: a `point` column (1-based; NA for the untouched regimes) */
} cxi_points;
/* Run the points (regimes the fields do not touch once per replication, on
 * the base scenario) and write the CSV; pushes the result table
 * {out, rows, runs, resumed, points, base_runs, reps, data}. Lua errors. */
int cxi_run_points(lua_State *L, const cxi_points *pt);
/* The arguments cx.sweep and cx.design share (scenario, table, reps, opts
 * at 1..4): checked, the options applied to a copy of the scenario (a
 * userdata left on the stack); fn, s, base, reps, out, opts of *pt set,
 * the rest zero. Lua errors. */
void cxi_points_args(lua_State *L, const char *fn, const char *default_out, cxi_points *pt);
int cxi_l_sweep(lua_State *L);     /* cx.sweep(scenario, grid, reps, opts) */

/* ---- designs (cx_exp_design) and sensitivity analysis (cx_exp_sens) ---- */

/* cx.sample, cx.design, cx.point_means into the table on top of the stack. */
void cxi_design_register(lua_State *L);
/* cx.morris, cx.sobol into the table on top of the stack. */
void cxi_sens_register(lua_State *L);

/* ---- reproducibility (cx_exp_meta) ---- */

/* cx.version, cx.commit, cx.diff, cx.read_csv into the table on top of the stack. */
void cxi_meta_register(lua_State *L);
/* s:fields(), s:hash() into the methods table on top of the stack. */
void cxi_meta_methods(lua_State *L);
/* OUT.meta.json beside the CSV of pt (o: its directory and name): version,
 * commit, the base scenario resolved and hashed, fields, points, replications
 * and their seeds. Written to a temporary renamed into place. 0, or -1 with err. */
int cxi_write_meta(cx_lua_out *o, const cxi_points *pt, int ntask, int nbase, char *err, size_t n);

/* ---- CSV and printing (cx_exp_csv) ---- */

void cxi_csv_cell(cxi_sbuf *b, const char *s); /* a text cell, quoted when it must be */
void cxi_csv_number(cxi_sbuf *b, double v);    /* %.10g, NA for NAN */
/* Rows of CSV text as Lua tables keyed by the header's names; numeric
 * cells become numbers. The table is left on the stack. */
void cxi_push_csv_rows(lua_State *L, const char *head, char *const *rows, int nrows);
int cxi_l_write_csv(lua_State *L);     /* cx.write_csv(path, rows, columns) */
int cxi_l_monthly_rows(lua_State *L);  /* cx.monthly_rows(result) */
int cxi_l_print_table(lua_State *L);   /* cx.print_table(rows, columns) */
int cxi_l_print_compare(lua_State *L); /* cx.print_compare(c) */
int cxi_l_printf(lua_State *L);        /* cx.printf(fmt, ...) */
int cxi_l_metrics(lua_State *L);       /* cx.metrics() */

/* ---- require (cx_exp_require) ---- */

/* The global `require` of the sandbox: "cx" gives the table at index cx;
 * other names load NAME.lua below the experiment's folder only. */
void cxi_require_register(lua_State *L, int cx);

#endif
