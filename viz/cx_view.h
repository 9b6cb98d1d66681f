/* cx_view: the SDL2 view of cxsim -- replay a results directory or animate a live run,
 * in a window (workshop mode) or headless to PNG files.
 *
 * The view reads the model only through results files (monthly.csv, events.csv)
 * or, in live mode, through the read-only calls of cx_sim.h (cx_sim_row,
 * cx_sim_note) and the what-if override. This header knows nothing of SDL. */
#ifndef CX_VIEW_H
#define CX_VIEW_H

#include <stddef.h>

#define CX_VIEW_MAX_SOURCES 8    /* --results directories in one view */
#define CX_VIEW_MAX_SERIES 8     /* regimes (or scenario x regime pairs) drawn together */
#define CX_VIEW_MAX_PANELS 6     /* charts in one panel set */

struct cx_consent; /* what the user allows a scenario's policies (plugins/cx_consent.h) */

/* What `cxsim view` was asked to do. */
typedef struct cx_view_opts {
    const char *results[CX_VIEW_MAX_SOURCES]; /* results directories (replay) */
    int n_results;            /* used entries of results */
    const char *scenario;     /* scenario file (live mode), or NULL */
    const char *png;          /* headless: write this PNG and return, or NULL */
    const char *frames;       /* headless: one PNG per month (or per frame, with fps) into this directory, or NULL */
    const char *video;        /* headless: a video of the whole run through ffmpeg, or NULL */
    int fps;                  /* frames per second of --video (and of --frames when set); 0: default */
    double speed;             /* months per second of --video and --frames with fps (0: 2) */
    int month;                /* month shown by --png; -1: the last */
    int w, h;                 /* size in pixels */
    int set;                  /* first panel set shown */
    int bands;                /* 1: draw the 95% bands */
    int bench_frames;         /* >0: render this many frames offscreen and print the time per frame */
    int analyst;              /* 1: start in the analyst grid (--analyst or --set), 0: presentation */
    double font_scale;        /* text size relative to the default (--font-scale, Ctrl +/-) */
    const char *font;         /* TrueType font file; NULL: CX_VIEW_FONT */
    const char *attribution;  /* attribution.json from cxsim explain: the causes' waterfall, or NULL */
    int stats;                /* 1: the window prints its playback figures on exit (months/s, frame times) */
    const struct cx_consent *consent; /* live mode: what its policies may do (NULL: the defaults) */
} cx_view_opts;

#define CX_VIEW_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* Defaults: 1600x900, last month, bands on. */
void cx_view_opts_init(cx_view_opts *o);

/* The `cxsim view` command: parse argv (argv[0] is "view"), run, print any
 * error as "cxsim view: ..." on stderr. `consent` (NULL: the defaults) is
 * what the user allowed on the command line. Returns the exit status. */
int cx_view_main(int argc, char **argv, const struct cx_consent *consent);

/* Run the view as described by *o. 0 on success; otherwise a negative status
 * and a message in err (no "cxsim view:" prefix). */
int cx_view_run(const cx_view_opts *o, char *err, size_t n);

/* ---- the series store (view_data.c) ---- */

typedef struct cx_view_data cx_view_data;

cx_view_data *cx_view_data_new(void);
void cx_view_data_free(cx_view_data *D);

/* Add a results directory: a whole set checked against its manifest.json
 * (cx_results_open_set), of which monthly.csv and events.csv are read. Each
 * (scenario, regime) pair becomes a series; replications become its band.
 * 0, or -1 with a message naming the file (and the column or line). */
int cx_view_data_load(cx_view_data *D, const char *dir, char *err, size_t n);

int cx_view_data_series(const cx_view_data *D);            /* series loaded */
int cx_view_data_months(const cx_view_data *D);            /* months of the longest series */
const char *cx_view_data_label(const cx_view_data *D, int s);
int cx_view_data_reps(const cx_view_data *D, int s);       /* replications of series s */
int cx_view_data_events(const cx_view_data *D);            /* notable events kept */

/* Mean and 95% half-width of a column (CSV name) for series s at month m.
 * 0 when present; -1 when the column is not shown by the view or the month is missing. */
int cx_view_data_value(const cx_view_data *D, int s, const char *column, int m, double *mean,
                       double *half);

/* Cumulative client TCO gap (series 0 minus series 1) at month m, paired by replication. */
int cx_view_data_gap(const cx_view_data *D, int m, double *mean, double *half);

/* ---- layout (view_draw.c), for hit tests and the tests ---- */

typedef struct cx_view_rect {
    int x, y, w, h;
} cx_view_rect;

typedef struct cx_view_layout {
    cx_view_rect title;       /* title and legend */
    int n_panels;             /* charts in the set */
    cx_view_rect panel[CX_VIEW_MAX_PANELS]; /* each chart's frame */
    cx_view_rect timeline;    /* event lanes and the scrub bar */
    cx_view_rect status;      /* status line */
    int present;              /* 1: the presentation layout (big numbers, few large panels) */
    double scale;             /* drawing unit: 1 in the grid at 1600x900 (times the font scale) */
    int text_px;              /* size of the smallest text, pixels (the fonts' em) */
    int head_px;              /* size of the headline numbers, pixels */
    cx_view_rect headline;    /* presentation: the strip of big numbers */
    int n_cells;              /* its cells */
    cx_view_rect cell[4];     /* gap so far, break-even, winner per dimension, replications or what-if */
} cx_view_layout;

#define CX_VIEW_PRESENT (-1)  /* the set of the presentation layout (cx_view_layout_scaled) */

int cx_view_sets(void);                       /* panel sets (tab cycles through them) */
const char *cx_view_set_name(int set);
void cx_view_layout_get(int w, int h, int set, int n_series, cx_view_layout *L);
/* The layout of set `set` (CX_VIEW_PRESENT: presentation mode) with text
 * `font_scale` times its default size. In presentation mode at font scale 1
 * the smallest text is 3% of the height (less only in windows narrower than
 * 10:7, where 2.1% of the width bounds it). */
void cx_view_layout_scaled(int w, int h, int set, int n_series, double font_scale, cx_view_layout *L);

#endif
