/* view_internal: what the view's files share -- the metrics it shows, the
 * series store, the panel sets and the state of the playhead. */
#ifndef CX_VIEW_INTERNAL_H
#define CX_VIEW_INTERNAL_H

#include <stddef.h>
#include <signal.h>
#include <sys/types.h>

#include "cx_policy.h"
#include "cx_sim.h"
#include "cx_view.h"

/* How a metric's values read on an axis. */
typedef enum cxi_unit {
    CXI_U_PCT,                /* fraction 0-1 shown as % */
    CXI_U_MONEY,              /* $ */
    CXI_U_MONTHS,             /* months */
    CXI_U_COUNT,              /* plain count */
    CXI_U_INDEX,              /* 0-1 index, two decimals */
    CXI_U_SECONDS             /* seconds */
} cxi_unit;

/* The columns the view keeps (everything else in monthly.csv is skipped). */
typedef enum cxi_metric {
    CXI_CSAT = 0, CXI_FCR, CXI_SL, CXI_CPR, CXI_TCO, CXI_MARGIN, CXI_ATTRITION, CXI_TENURE,
    CXI_KNOWLEDGE, CXI_TRUST, CXI_PHASE, CXI_CHURN, CXI_AVOIDED,
    /* optional: shown when present */
    CXI_HEADCOUNT, CXI_OCCUPANCY, CXI_ASA, CXI_RATE, CXI_PENALTIES, CXI_DEFECTS_OPEN,
    CXI_HIRES, CXI_LEAVERS, CXI_CASH,
    /* the client's cost by component (the compounding story), optional */
    CXI_FEES, CXI_GAIN_SHARE, CXI_GOVERNANCE, CXI_TRANSITION, CXI_CHURN_COST, CXI_SELF_SERVICE,
    /* the operation panel's state, optional */
    CXI_QUEUE, CXI_ON_DUTY, CXI_PIPELINE, CXI_NOVICE, CXI_DEVELOPING, CXI_PROFICIENT, CXI_CHANGES,
    CXI_METRIC_COUNT
} cxi_metric;

typedef struct cxi_metric_info {
    const char *column;       /* monthly.csv header and cx_row_columns name */
    const char *title;        /* chart title */
    const char *unit_text;    /* shown after the title */
    cxi_unit unit;            /* axis formatting */
    int required;             /* 1: a results file without it is refused */
} cxi_metric_info;

extern const cxi_metric_info cxi_metrics[CXI_METRIC_COUNT];
int cxi_metric_find(const char *column); /* -1 when the view does not keep it */

/* Notable events are the core's note kinds (cx_note_kind, CX_NOTE_KINDS in
 * cx_sim.h): events.csv `kind` is cx_note_kind_name. */
int cxi_ev_find(const char *name);    /* -1 when unknown */
int cxi_ev_drawn(int kind);           /* 1: drawn as a marker on the timeline */
/* 1: a kind that changes the story (transition, re-bid, rate change, what-if,
 * phase, renewal), shown by default; the others (blame, fixes, spikes, joint
 * RCA) only with `all` (key e) -- the timeline counts them per quarter. */
int cxi_ev_key(int kind);
int cxi_ev_shown(int kind, int all);

/* One notable event of one series (its first replication only). */
typedef struct cxi_event {
    int series;               /* series index */
    double month;             /* position in months (day / days per month) */
    int kind;                 /* cxi_ev */
    double value;             /* the kind's figure */
    char text[96];            /* short description */
} cxi_event;

/* A cell of a series: running mean and spread over replications (Welford). */
typedef struct cxi_cell {
    double mean;              /* mean over replications */
    double m2;                /* sum of squared deviations */
    int n;                    /* replications seen */
} cxi_cell;

typedef struct cxi_series {
    char scenario[64];        /* scenario column */
    char regime[64];          /* regime column */
    char label[96];           /* what the legend says */
    unsigned long long seed;  /* seed of its first replication */
    int n_reps;               /* replications seen */
    int first_rep;            /* the replication whose events are kept */
    int months;               /* months with data */
    cxi_cell *cell;           /* [CXI_METRIC_COUNT * cap] */
    int *rep_id;              /* replication numbers, [n_reps] */
    double *tco;              /* cumulative TCO per replication, [rep_cap * cap] (NAN: missing) */
    int rep_cap;              /* allocated replications in tco */
    double *hires, *quits;    /* per month, first replication, [cap] */
} cxi_series;

#define CXI_DAYS_PER_MONTH 30.4375

/* Live what-ifs keep a baseline: series i without the overrides is s[CXI_GHOST + i]. */
#define CXI_GHOST CX_VIEW_MAX_SERIES

struct cx_view_data {
    int n;                    /* series */
    int ghosts;               /* 1: s[CXI_GHOST + i] holds series i's baseline (no what-ifs) */
    cxi_series s[2 * CX_VIEW_MAX_SERIES];
    int cap;                  /* months allocated per series */
    int has[CXI_METRIC_COUNT];/* 1: the column was in every source */
    cxi_event *ev;            /* notable events, in month order per source */
    size_t n_ev, ev_cap;
    cxi_cell *gap;            /* [cap]: TCO gap series 0 - series 1 */
    char title[160];          /* scenario names and seed for the title bar */
    int n_sources;            /* sources loaded (directories, or 1 live run) */
};

/* Store building shared by replay and live mode. */
int cxi_data_reserve(cx_view_data *D, int months);                  /* grow month capacity */
int cxi_data_series(cx_view_data *D, const char *scenario, const char *regime); /* find or add; -1 full */
int cxi_data_ghost(cx_view_data *D, int s);                        /* add s's baseline; its index */
int cxi_data_add_row(cx_view_data *D, int s, int rep, int month, const double *v); /* v[CXI_METRIC_COUNT], NAN: absent */
int cxi_data_add_event(cx_view_data *D, const cxi_event *e);
void cxi_data_update_gap(cx_view_data *D, int from_month);
void cxi_data_set_labels(cx_view_data *D);
const cxi_cell *cxi_data_cell(const cx_view_data *D, int s, int metric, int m); /* NULL: no data */

/* ---- the story the presentation tells (view_story.c; no drawing) ---- */

/* The cumulative TCO gap of series a minus series b at month m, paired by
 * replication: its mean, 95% half-width, the replications paired and the
 * share of them in which b is cheaper (gap > 0). */
typedef struct cxi_gap {
    double mean, half;        /* $, mean over paired replications and its 95% half-width */
    int n;                    /* replications paired */
    double b_wins;            /* share of the paired replications with a gap > 0 */
} cxi_gap;
int cxi_story_gap(const cx_view_data *D, int a, int b, int m, cxi_gap *g); /* -1: no pair */

/* Series with the lowest mean cumulative TCO at month m (and the runner-up,
 * -1 with a single series). -1 when no series has month m. */
int cxi_story_leader(const cx_view_data *D, int m, int *runner_up);
/* Share of replications in which each series has the lowest cumulative TCO
 * at month m (share[D->n]); the replications counted, 0 when none. */
int cxi_story_cheapest(const cx_view_data *D, int m, double *share);
/* The first month (0-based) from which `lead`'s mean cumulative TCO stays
 * below `other`'s up to month m: 0 when it always was; -1 when it is not
 * below at m. */
int cxi_story_break_even(const cx_view_data *D, int lead, int other, int m);

/* The gap's components: cumulative (a minus b) of each of the client's cost
 * lines up to month m. They add up to the TCO gap: client cost = fees -
 * penalty credits + gain-share + governance + transition + lost customers. */
enum { CXI_K_FEES, CXI_K_PENALTIES, CXI_K_GAIN, CXI_K_GOVERNANCE, CXI_K_TRANSITION, CXI_K_SELF_SERVICE, CXI_K_CHURN, CXI_K_COUNT };
const char *cxi_component_name(int k);
int cxi_story_components(const cx_view_data *D, int a, int b, int m, double out[CXI_K_COUNT]); /* -1: columns missing */

/* The winner of a dimension (quality: CSAT, cost: cumulative TCO, people:
 * attrition, relationship: trust) at month m: its series, or -1. */
enum { CXI_DIM_QUALITY, CXI_DIM_COST, CXI_DIM_PEOPLE, CXI_DIM_RELATIONSHIP, CXI_DIM_COUNT };
typedef struct cxi_dim_info {
    const char *name;         /* Quality, Cost, ... */
    int metric;               /* what decides it */
    int higher_wins;          /* 1: the highest value wins */
} cxi_dim_info;
extern const cxi_dim_info cxi_dims[CXI_DIM_COUNT];
int cxi_story_winner(const cx_view_data *D, int dim, int m, double *best, double *second);

/* An axis: its range and tick step (view_story.c). */
typedef struct cxi_axis {
    double lo, hi, step;      /* range and tick step */
} cxi_axis;
/* Round [lo, hi] out to `ticks` or so nice steps, padded; zero: 0 on the axis. */
void cxi_axis_fit(cxi_axis *a, double lo, double hi, int ticks, int zero);
/* Bands [*lo, *hi] count up to half the means' span [mlo, mhi] beyond them. */
void cxi_axis_cap(double mlo, double mhi, double *lo, double *hi);
/* The axis of a metric's chart over the months available (both the series
 * and their baselines, bands capped); a quantity that is never negative gets
 * no negative part. trust: 0 to at least 1. */
void cxi_axis_metric(const cx_view_data *D, int metric, int avail, int bands, int ticks, int trust, cxi_axis *a);

/* ---- panel sets ---- */

typedef enum cxi_chart { CXI_CH_LINE, CXI_CH_TRUST, CXI_CH_GAP, CXI_CH_COMPONENTS, CXI_CH_OPERATION } cxi_chart;

typedef struct cxi_panel {
    cxi_chart kind;           /* how it is drawn */
    int metric;               /* cxi_metric for a line chart */
    const char *group;        /* quality, cost, ... */
} cxi_panel;

typedef struct cxi_set {
    const char *name;         /* shown in the title bar */
    int n;                    /* panels */
    cxi_panel p[CX_VIEW_MAX_PANELS];
} cxi_set;

extern const cxi_set cxi_sets[];
extern const int cxi_n_sets;
extern const cxi_set cxi_present_set; /* the presentation's three large panels */

/* ---- what a frame shows ---- */

typedef struct cxi_view_state {
    double play;              /* playhead, months (fractional while animating) */
    int avail;                /* months available (live: simulated so far) */
    int total;                /* months of the whole run */
    int playing;              /* 1: animating */
    double speed;             /* months per second */
    int set;                  /* panel set */
    int bands;                /* 1: draw the 95% bands */
    int help;                 /* 1: help overlay */
    int live;                 /* 1: live run (levers available) */
    int lever_target;         /* live: -1 every regime, else the series the levers act on */
    char levers[160];         /* live: the levers' current values */
    char message[160];        /* a transient status message */
    int hover_x, hover_y;     /* mouse position, -1 when outside */
    int waiting;              /* live: the month (0-based) the playhead waits for, -1 none */
    int analyst;              /* 1: the analyst grid (panel set `set`), 0: presentation */
    double font_scale;        /* text size relative to the default (0: 1) */
    int clean;                /* 1: no status line, help or hover (exported frames) */
    int all_events;           /* 1: every drawn event kind, 0: the key ones (cxi_ev_key) */
    int quality_panel;        /* presentation: 1 the CSAT chart in the third panel, 0 the operation */
    double lev[4];            /* live: the levers of the regime shown (pay, rate change, years, training) */
    int lev_policy[4];        /* live: 1 when its policy moved that lever since it was set */
    char lev_who[64];         /* live: whose levers ("every regime" or a regime's name) */
    const struct cxi_attrib *attrib; /* causes of the gap from cxsim explain (--attribution), or NULL */
    int why_table;            /* presentation: 1 the middle panel as a table of cost lines, 0 a waterfall (key w) */
    unsigned hidden;          /* series hidden from the charts (bit i: series i; legend clicks, Ctrl 1-8) */
} cxi_view_state;

/* 1: series i is drawn in the charts (not hidden by a legend click). */
static inline int cxi_shown(const cxi_view_state *st, int i) { return i < 0 || i >= 32 || !(st->hidden >> i & 1u); }

/* The live run's on-screen controls in the status line: the regime the
 * levers act on (a click cycles it), a minus and a plus button per lever,
 * and undo. Empty rects when the status line is too narrow. */
typedef struct cxi_controls {
    cx_view_rect who;         /* whose levers */
    cx_view_rect label[4];    /* each lever's name and value */
    cx_view_rect minus[4], plus[4]; /* its buttons */
    cx_view_rect undo;        /* undo the last what-if */
} cxi_controls;
void cxi_controls_get(const cx_view_layout *L, cxi_controls *C);
extern const char *const cxi_lever_names[4]; /* pay, rate, years, training */

/* The layout a frame of *st is drawn in at w x h. */
void cxi_layout_of(const cxi_view_state *st, int w, int h, int n_series, cx_view_layout *L);

/* ---- the drawing side (view_draw.c, view_charts.c and view_timeline.c: the
 * only files that draw pixels; they share view_draw_internal.h) ---- */

typedef struct cxi_draw cxi_draw;
struct SDL_Renderer;

cxi_draw *cxi_draw_new(struct SDL_Renderer *r, const char *font, int w, int h, char *err, size_t n);
void cxi_draw_free(cxi_draw *d);
/* Draw one frame at size w x h (output pixels). 0, or -1 (message in err). */
int cxi_draw_frame(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int w, int h,
                   char *err, size_t n);
size_t cxi_draw_cached(const cxi_draw *d); /* text textures held (bounded) */
int cxi_draw_text_px(const cxi_draw *d, int font); /* size the font (0 smallest .. 3 headline) is open at */

/* Playhead month for a point over a chart's months (its plot's width), or -1.
 * *panel -1: any chart, set to the one hit; else that panel's x range only
 * (dragging goes on outside it). */
double cxi_layout_chart_month_at(const cx_view_layout *L, const cxi_view_state *st, int x, int y, int *panel);

/* Playhead month for an x position inside the timeline, or -1 outside it. */
double cxi_layout_month_at(const cx_view_layout *L, int total, int x, int y);

/* ---- the causes of a gap from cxsim explain (view_attrib.c; no drawing) ---- */

#define CXI_ATTRIB_MAX 64
typedef struct cxi_attrib {
    char file[1024];          /* where it was read */
    char scenario[64];        /* "scenario" */
    char first[64], second[64]; /* the regimes compared: numbers are the second's advantage */
    double years;             /* "years" */
    int reps;                 /* "replications" */
    double gap, gap_half;     /* the economic TCO gap (second's advantage) and its 95% half-width */
    int second_wins, first_wins; /* replications each regime wins */
    char game[16];            /* "levers" or "mechanisms" */
    double base;              /* mechanisms: what is left with every mechanism off (0 for levers) */
    int n;                    /* factors */
    char name[CXI_ATTRIB_MAX][48]; /* each factor */
    double mean[CXI_ATTRIB_MAX], half[CXI_ATTRIB_MAX]; /* its Shapley share and 95% half-width, $ */
} cxi_attrib;

/* Read an attribution.json (cxsim explain --out DIR): the economic TCO gap
 * and its causes (the lever game, else the mechanism game). 0, or -1 with a
 * message naming the file and the line or the field. */
int cxi_attrib_load(const char *path, cxi_attrib *A, char *err, size_t n);
/* Check that it explains the run shown: the same scenario, both regimes
 * among the series, the same number of months. 0, or -1 naming the field. */
int cxi_attrib_check(const cxi_attrib *A, const cx_view_data *D, int months, char *err, size_t n);

/* ---- what is under the mouse (view_hit.c, from the frame last drawn) ---- */

typedef enum cxi_hit_kind {
    CXI_HIT_NONE = 0,         /* nothing in particular */
    CXI_HIT_EVENT,            /* an event marker (timeline) */
    CXI_HIT_LINE,             /* a series' line in a chart */
    CXI_HIT_LEGEND            /* a series in a legend (a click hides or shows it) */
} cxi_hit_kind;

typedef struct cxi_hit {
    cxi_hit_kind kind;        /* what was hit */
    int series;               /* its series (line, legend; the event's) */
    int event;                /* CXI_HIT_EVENT: index in D->ev */
    int panel;                /* CXI_HIT_LINE: the chart */
    int metric;               /* CXI_HIT_LINE: cxi_metric, or -1 the compounding gap (series vs the first) */
    int month;                /* CXI_HIT_LINE: the month (0-based) */
    double value, half;       /* CXI_HIT_LINE: the value there and its 95% half-width */
} cxi_hit;

/* What is at (x, y) in the frame last drawn with d. */
cxi_hit cxi_draw_hit(const cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int x, int y);
/* The hit's description in words, for the tooltip ("re-bid, vendor, month 25: ..."). */
void cxi_hit_words(const cxi_hit *h, const cx_view_data *D, char *line1, char *line2, size_t n);

/* ---- video export (view_export.c) ---- */

typedef struct cxi_video {
    int fd;                   /* ffmpeg's standard input, -1 closed */
    pid_t pid;                /* ffmpeg's process id, 0 none */
    int w, h;                 /* frame size */
    long frames;              /* frames written */
    char file[1024];          /* the video file */
    int sigpipe_saved;        /* 1: old_pipe holds the SIGPIPE action to restore */
    struct sigaction old_pipe;/* SIGPIPE's action before (ignored while writing: ffmpeg may stop early) */
} cxi_video;
int cxi_video_find_ffmpeg(char *out, size_t n);   /* ffmpeg on PATH: 0 and its path, or -1 */
/* Start ffmpeg writing `file` (H.264, yuv420p) from w x h BGRA frames at fps. */
int cxi_video_open(cxi_video *v, const char *file, int w, int h, int fps, char *err, size_t n);
int cxi_video_frame(cxi_video *v, const void *pixels, int pitch, char *err, size_t n);
int cxi_video_close(cxi_video *v, char *err, size_t n); /* waits for ffmpeg; -1 when it failed */

/* ---- live mode (view_live.c) ----
 * A worker thread owns the simulations and runs ahead month by month as far
 * as it is asked (cxi_live_want); finished months wait in a queue until the
 * UI thread moves them into the store (cxi_live_poll). Only the UI thread
 * calls these functions; only it touches the store. */

typedef struct cxi_live cxi_live;
int cxi_live_available(void);
/* Load the scenario, add its series to D and start the worker, idle until asked. */
cxi_live *cxi_live_open(const char *scenario, const struct cx_consent *consent, cx_view_data *D, int *months,
                        char *err, size_t n);
/* Ask the worker to finish months 0..m (0-based); never lowers an earlier request. */
void cxi_live_want(cxi_live *lv, int m);
int cxi_live_ready(const cxi_live *lv);     /* months the worker has finished */
/* Move the finished months up to m into D without waiting. -1: the worker
 * stopped on an error (message in err). */
int cxi_live_poll(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n);
/* Wait until month m is finished, then move months up to m into D. */
int cxi_live_need(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n);
int cxi_live_done(const cxi_live *lv);      /* months moved into D */
/* Lever keys: post a step of a lever by `dir` (-1/+1) on every regime
 * (target -1) or one; the worker applies it at its next month boundary. */
int cxi_live_lever(cxi_live *lv, const cx_view_data *D, int which, int dir, int target, char *msg,
                   size_t n);
/* The worker's latest what-if report ("what-if from month N: ..."): 1 when new. */
int cxi_live_report(cxi_live *lv, char *msg, size_t n);
void cxi_live_describe(const cxi_live *lv, int target, char *out, size_t n);
/* The levers of series `target` (-1: the first regime): val[4] pay, rate
 * change, contract years, training hours; policy[k] 1 when the regime's
 * policy has moved lever k since the scenario or the facilitator set it.
 * Returns the regime's index. */
int cxi_live_levers(const cxi_live *lv, int target, double *val, int *policy);
void cxi_live_close(cxi_live *lv);          /* stops and joins the worker, frees everything */
/* Packets (months of the runs or of the baseline) moved into D so far: when
 * it changes, there is something new to draw (also while paused). */
unsigned cxi_live_moved(const cxi_live *lv);
/* Undo the last what-if applied: its levers back to where they were, from the
 * worker's next month boundary (reported like a what-if). */
int cxi_live_undo(cxi_live *lv, char *msg, size_t n);

#endif
