/* view_draw_internal: what the drawing layer's files share -- the palette,
 * event marker styles, and the primitives of view_draw.c that the charts
 * (view_charts.c, view_present.c, view_operation.c) and the timeline,
 * legends and overlays (view_timeline.c) are drawn with. Only these files
 * call SDL drawing functions; nothing else in the view includes this header. */
#ifndef CX_VIEW_DRAW_INTERNAL_H
#define CX_VIEW_DRAW_INTERNAL_H

#include <stddef.h>

#include <SDL.h>

#include "view_internal.h"

/* ---- palette ---- */

static const SDL_Color C_PANEL = {255, 255, 255, 255};
static const SDL_Color C_BORDER = {218, 222, 228, 255};
static const SDL_Color C_GRID = {234, 237, 241, 255};
static const SDL_Color C_TEXT = {36, 40, 48, 255};
static const SDL_Color C_MUTED = {104, 110, 122, 255};

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const SDL_Color C_SERIES[CX_VIEW_MAX_SERIES] = {
    {213, 94, 0, 255}, {0, 114, 178, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
    {230, 159, 0, 255}, {86, 180, 233, 255}, {110, 110, 110, 255}, {20, 20, 20, 255}};

static inline SDL_Color with_alpha(SDL_Color c, Uint8 a)
{
    c.a = a;
    return c;
}

/* How a notable event is marked (view_timeline.c). */
typedef struct cxi_ev_style {
    const char *code;         /* marker text */
    SDL_Color c;              /* marker colour */
    int rule;                 /* 1: also a dashed rule across the charts */
} cxi_ev_style;

cxi_ev_style cxi_ev_style_of(int kind);
void cxi_ev_words(const cxi_event *e, char *out, size_t n); /* the marker in words */

/* ---- where the frame put things, for cxi_draw_hit (view_hit.c) ---- */

#define CXI_MAX_SPOTS 512
typedef struct cxi_spot {
    float x, y, w, h;         /* its box */
    int kind;                 /* cxi_hit_kind: CXI_HIT_EVENT or CXI_HIT_LEGEND */
    int series;               /* the series */
    int index;                /* the event's index in D->ev, -1 */
} cxi_spot;

typedef struct cxi_plot_rec {
    float x, y, w, h;         /* the plot area */
    double lo, hi;            /* its y range */
    int total;                /* months on its x axis */
    int metric;               /* cxi_metric, -1 the compounding gap */
    int panel;                /* the chart it is in */
} cxi_plot_rec;

void cxi_spot_add(cxi_draw *d, int kind, float x, float y, float w, float h, int series, int index);
void cxi_plot_add(cxi_draw *d, float x, float y, float w, float h, double lo, double hi, int total, int metric);
int cxi_draw_spots(const cxi_draw *d, const cxi_spot **spots, const cxi_plot_rec **plots, int *n_plots);


/* ---- primitives (view_draw.c) ----
 * Triangles queue in the context's vertex buffer; everything else flushes it
 * first, so what is drawn later lands on top. */

enum { F_SMALL, F_NORMAL, F_BIG, F_HUGE, F_COUNT }; /* fonts (F_HUGE: headline numbers) */

float cxi_draw_scale(const cxi_draw *d);  /* 1 at 1600x900 */
void cxi_flush(cxi_draw *d);              /* draw the queued triangles */
void cxi_tri(cxi_draw *d, float x0, float y0, float x1, float y1, float x2, float y2, SDL_Color c);
void cxi_quad(cxi_draw *d, float ax, float ay, float bx, float by, float cx, float cy, float dx,
              float dy, SDL_Color c);
void cxi_fill(cxi_draw *d, float x, float y, float w, float h, SDL_Color c);
void cxi_frame_rect(cxi_draw *d, float x, float y, float w, float h, SDL_Color c);
void cxi_line(cxi_draw *d, float x0, float y0, float x1, float y1, float width, SDL_Color c);
void cxi_dot(cxi_draw *d, float x, float y, float r, SDL_Color c);
void cxi_dashed_vline(cxi_draw *d, float x, float y0, float y1, float dash, SDL_Color c);
void cxi_panel_box(cxi_draw *d, const cx_view_rect *r); /* white box with a border */
void cxi_clip(cxi_draw *d, float x, float y, float w, float h); /* draw only inside; w <= 0: everywhere */

/* Text from the cache, tinted; align 0 left, 1 centre, 2 right; y is the top.
 * cxi_text and cxi_text_fit return the width drawn. */
float cxi_text(cxi_draw *d, int font, const char *s, float x, float y, SDL_Color c, int align);
float cxi_text_fit(cxi_draw *d, int font, const char *str, float x, float y, float maxw, SDL_Color c);
int cxi_text_w(cxi_draw *d, int font, const char *s);
int cxi_text_h(cxi_draw *d, int font);

/* A value for an axis (step > 0: the tick step) or a label (step 0). */
void cxi_fmt(char *out, size_t n, cxi_unit u, double v, double step);

/* The timeline's month axis spans [x0, x1]. */
void cxi_timeline_axis(const cx_view_layout *L, float s, float *x0, float *x1);

/* ---- chart panels (view_charts.c, view_present.c) ---- */

void cxi_chart_any(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                   const cxi_panel *pn); /* any kind */
void cxi_chart_operation(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                         const cxi_panel *pn);
void cxi_chart_components(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                          const cxi_panel *pn);
/* The gap as a waterfall (view_why.c): the causes from cxsim explain when
 * st->attrib is set, else the accounting components of the run itself; in
 * the rectangle (x, y, w, h) of the panel. */
void cxi_why_waterfall(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, float x, float y, float w, float h);

void cxi_chart_line(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                    const cxi_panel *pn);
void cxi_chart_gap(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                   const cxi_panel *pn);

/* ---- title, timeline, status and overlays (view_timeline.c) ---- */

void cxi_title_bar(cxi_draw *d, const cx_view_layout *L); /* the title's white bar */
void cxi_draw_title(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);
void cxi_draw_timeline(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);
void cxi_draw_status(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);
void cxi_draw_hover(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);
void cxi_draw_help(cxi_draw *d, int w, int h, int live);

/* ---- presentation mode (view_present.c) ---- */

void cxi_draw_present_title(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);
void cxi_draw_headline(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L);

#endif
