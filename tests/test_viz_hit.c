/* test_viz_hit: what the mouse is over in a rendered frame (event markers,
 * legend entries, chart lines) and the tooltip it gets; hiding a regime from
 * the legend; the waterfall (one drawing for explain's PNG and the view's
 * panel: its steps add up to the gap, in columns and in rows); the panel of
 * the run's own cost lines; an attribution.json from cxsim explain read,
 * checked against the run shown, and refused with the file and field named
 * when it is bad or belongs to another run. Stores are built in memory. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "cx_view.h"
#include "cxt_files.h"
#include "view_draw_internal.h"
#include "view_waterfall.h"

static const int C0[3] = {213, 94, 0}, C1[3] = {0, 114, 178}; /* series colours */

/* ------------------------------------------------------------------ */
/* A store in memory, frames kept to ask what is where                  */

/* vendor and partner, reps x months: CSAT 0.60 and 0.80 (far apart), TCO
 * from the cost lines (client cost = fees - penalties + gain + governance +
 * transition + self-service + churn). */
static cx_view_data *store(int reps, int months)
{
    cx_view_data *D = cx_view_data_new();
    cr_assert_not_null(D);
    cr_assert_eq(cxi_data_reserve(D, months), 0);
    cr_assert_eq(cxi_data_series(D, "fixture", "vendor"), 0);
    cr_assert_eq(cxi_data_series(D, "fixture", "partner"), 1);
    for (int g = 0; g < 2; g++)
        for (int r = 0; r < reps; r++) {
            double tco = 0, cash = 0;
            for (int m = 0; m < months; m++) {
                double v[CXI_METRIC_COUNT];
                for (int k = 0; k < CXI_METRIC_COUNT; k++) v[k] = 0.5;
                v[CXI_FEES] = 400e3 + (g ? 30e3 : 0) + 2e3 * r;
                v[CXI_PENALTIES] = g ? 2e3 : 8e3;
                v[CXI_GAIN_SHARE] = 0;
                v[CXI_GOVERNANCE] = 10e3 + 1e3 * g;
                v[CXI_TRANSITION] = !g && m == 4 ? 150e3 : 0;
                v[CXI_SELF_SERVICE] = 1e3;
                v[CXI_CHURN_COST] = g ? 10e3 : 60e3 + 500.0 * r;
                double cost = v[CXI_FEES] - v[CXI_PENALTIES] + v[CXI_GAIN_SHARE] + v[CXI_GOVERNANCE] +
                              v[CXI_TRANSITION] + v[CXI_SELF_SERVICE];
                cash += cost;
                tco += cost + v[CXI_CHURN_COST];
                v[CXI_TCO] = tco, v[CXI_CASH] = cash;
                v[CXI_CSAT] = 0.60 + 0.20 * g + 0.002 * m + 0.001 * r;
                v[CXI_PHASE] = g;
                cr_assert_eq(cxi_data_add_row(D, g, r, m, v), 0);
            }
        }
    cxi_data_update_gap(D, 0);
    cxi_data_set_labels(D);
    return D;
}

static cxi_view_state state_at(const cx_view_data *D, int month, int analyst)
{
    int months = cx_view_data_months(D);
    return (cxi_view_state){.play = month, .avail = months, .total = months, .bands = 1, .lever_target = -1,
                            .hover_x = -1, .hover_y = -1, .waiting = -1, .speed = 2, .font_scale = 1,
                            .analyst = analyst};
}

typedef struct frame {
    SDL_Surface *surf;
    SDL_Renderer *r;
    cxi_draw *d;              /* kept: it knows where it put things */
} frame;

static frame render(const cx_view_data *D, const cxi_view_state *st, int w, int h)
{
    char err[512] = "";
    frame f;
    if (!TTF_WasInit()) cr_assert_eq(TTF_Init(), 0); /* held by the test: frames may be freed in any order */
    f.surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    cr_assert_not_null(f.surf);
    f.r = SDL_CreateSoftwareRenderer(f.surf);
    cr_assert_not_null(f.r, "%s", SDL_GetError());
    f.d = cxi_draw_new(f.r, CX_VIEW_FONT, w, h, err, sizeof err);
    cr_assert_not_null(f.d, "%s", err);
    cr_assert_eq(cxi_draw_frame(f.d, D, st, w, h, err, sizeof err), 0, "%s", err);
    SDL_RenderFlush(f.r);
    if (getenv("CX_VIZ_BMP")) SDL_SaveBMP(f.surf, getenv("CX_VIZ_BMP")); /* to look at */
    return f;
}

static void frame_free(frame *f)
{
    cxi_draw_free(f->d);
    SDL_DestroyRenderer(f->r);
    SDL_FreeSurface(f->surf);
}

static Uint32 px(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
}

static int near_colour(Uint32 p, const int *c, int tol)
{
    return abs((int)((p >> 16) & 255) - c[0]) <= tol && abs((int)((p >> 8) & 255) - c[1]) <= tol &&
           abs((int)(p & 255) - c[2]) <= tol;
}

/* Pixels of colour c (give or take tol) in the box (x, y, w, h). */
static long count_near(const SDL_Surface *s, float x, float y, float w, float h, const int *c, int tol)
{
    long n = 0;
    for (int j = (int)y; j < (int)(y + h) && j < s->h; j++)
        for (int i = (int)x; i < (int)(x + w) && i < s->w; i++) n += near_colour(px(s, i, j), c, tol);
    return n;
}

static long count_colour(const SDL_Surface *s, float x, float y, float w, float h, const int *c)
{
    return count_near(s, x, y, w, h, c, 30);
}

/* The spot of the given kind (and series or event index, -1 any) the frame recorded. */
static const cxi_spot *find_spot(const frame *f, int kind, int series, int index)
{
    const cxi_spot *sp;
    const cxi_plot_rec *pl;
    int np, ns = cxi_draw_spots(f->d, &sp, &pl, &np);
    for (int i = 0; i < ns; i++)
        if (sp[i].kind == kind && (series < 0 || sp[i].series == series) && (index < 0 || sp[i].index == index))
            return &sp[i];
    return NULL;
}

static const cxi_plot_rec *find_plot(const frame *f, int metric)
{
    const cxi_spot *sp;
    const cxi_plot_rec *pl;
    int np;
    cxi_draw_spots(f->d, &sp, &pl, &np);
    for (int i = 0; i < np; i++)
        if (pl[i].metric == metric) return &pl[i];
    return NULL;
}

/* Where series s's line is at month m in plot p. */
static void line_point(const cx_view_data *D, const cxi_plot_rec *p, int s, int m, int *x, int *y, double *v)
{
    double half;
    if (p->metric >= 0) {
        cr_assert_eq(cx_view_data_value(D, s, cxi_metrics[p->metric].column, m, v, &half), 0);
    } else {
        cxi_gap g;
        cr_assert_eq(cxi_story_gap(D, 0, s, m, &g), 0);
        *v = g.mean;
    }
    *x = (int)lrintf(p->x + p->w * m / (p->total - 1));
    *y = (int)lrintf(p->y + p->h - (float)((*v - p->lo) / (p->hi - p->lo)) * p->h);
}

/* ------------------------------------------------------------------ */
/* Hover                                                                */

/* A marker of the timeline: the hit says which event, the tooltip says its
 * kind, regime, month and note, and is drawn over the frame. */
Test(hit, event_marker_and_its_tooltip)
{
    cx_view_data *D = store(1, 24);
    cxi_event e = {.series = 1, .month = 10.2, .kind = CX_N_TRANSITION, .value = 0};
    snprintf(e.text, sizeof e.text, "provider Acme replaced by Beta");
    cr_assert_eq(cxi_data_add_event(D, &e), 0);
    cxi_view_state st = state_at(D, 23, 0);
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    frame f = render(D, &st, 1600, 900);
    /* the marker in the timeline (the compounding chart's rule has a label too) */
    const cxi_spot *sp = NULL, *all;
    const cxi_plot_rec *pl;
    int np, ns = cxi_draw_spots(f.d, &all, &pl, &np);
    for (int i = 0; i < ns; i++)
        if (all[i].kind == CXI_HIT_EVENT && all[i].index == 0 && all[i].y >= L.timeline.y) sp = &all[i];
    cr_assert_not_null(sp, "the marker was not recorded");
    static const int tr[3] = {140, 40, 160};
    cr_expect(near_colour(px(f.surf, (int)sp->x + 1, (int)(sp->y + sp->h / 2)), tr, 10), "no marker drawn where recorded");
    int cx = (int)(sp->x + sp->w / 2), cy = (int)(sp->y + sp->h / 2);
    cxi_hit h = cxi_draw_hit(f.d, D, &st, cx, cy);
    cr_assert_eq(h.kind, CXI_HIT_EVENT);
    cr_expect_eq(h.event, 0);
    cr_expect_eq(h.series, 1);
    char l1[256], l2[256];
    cxi_hit_words(&h, D, l1, l2, sizeof l1);
    cr_expect(strstr(l1, "provider replaced") && strstr(l1, "transition") && strstr(l1, "partner") &&
                  strstr(l1, "month 11"),
              "tooltip: %s", l1);
    cr_expect_str_eq(l2, "provider Acme replaced by Beta");
    /* nothing over the headline */
    cr_expect_eq(cxi_draw_hit(f.d, D, &st, L.cell[1].x + 5, L.cell[1].y + 5).kind, CXI_HIT_NONE);
    /* the tooltip: pixels change above the timeline, and only near the mouse */
    st.hover_x = cx, st.hover_y = cy;
    frame g = render(D, &st, 1600, 900);
    long changed = 0, far = 0;
    for (int y = 0; y < 900; y++)
        for (int x = 0; x < 1600; x++)
            if (px(f.surf, x, y) != px(g.surf, x, y)) {
                changed++;
                far += abs(x - cx) > 900 || abs(y - cy) > 300;
            }
    cr_expect_gt(changed, 1000, "no tooltip (%ld pixels changed)", changed);
    cr_expect_eq(far, 0, "%ld pixels changed far from the mouse", far);
    frame_free(&f);
    frame_free(&g);
    cx_view_data_free(D);
}

/* A line in a chart: the hit is the series drawn there, at that month, with
 * its value; between two lines far apart, nothing. Also on the compounding
 * panel's gap line. */
Test(hit, line_under_the_mouse)
{
    cx_view_data *D = store(3, 24);
    cxi_view_state st = state_at(D, 23, 1);
    frame f = render(D, &st, 1600, 900);
    const cxi_plot_rec *p = find_plot(&f, CXI_CSAT);
    cr_assert_not_null(p, "the CSAT plot was not recorded");
    int x, y, x0, y0;
    double v, v0;
    line_point(D, p, 1, 12, &x, &y, &v);
    line_point(D, p, 0, 12, &x0, &y0, &v0);
    cr_expect_gt(count_colour(f.surf, x - 2, y - 2, 5, 5, C1), 3, "no partner line at (%d, %d)", x, y);
    cxi_hit h = cxi_draw_hit(f.d, D, &st, x, y + 2);
    cr_assert_eq(h.kind, CXI_HIT_LINE);
    cr_expect_eq(h.series, 1);
    cr_expect_eq(h.month, 12);
    cr_expect_eq(h.metric, CXI_CSAT);
    cr_expect_float_eq(h.value, v, 1e-9);
    cr_expect_gt(h.half, 0, "three replications: a band");
    h = cxi_draw_hit(f.d, D, &st, x0, y0 - 2);
    cr_expect_eq(h.kind, CXI_HIT_LINE);
    cr_expect_eq(h.series, 0);
    cr_expect_eq(cxi_draw_hit(f.d, D, &st, x, (y + y0) / 2).kind, CXI_HIT_NONE, "between the lines");
    char l1[256], l2[256];
    h = cxi_draw_hit(f.d, D, &st, x, y);
    cxi_hit_words(&h, D, l1, l2, sizeof l1);
    cr_expect(strstr(l1, "partner") && strstr(l1, "CSAT") && strstr(l1, "month 13"), "tooltip: %s", l1);
    cr_expect(strstr(l2, "\xc2\xb1") && strstr(l2, "3 runs"), "tooltip: %s", l2);
    frame_free(&f);
    /* the compounding panel's line: partner against vendor */
    st.analyst = 0;
    f = render(D, &st, 1600, 900);
    p = find_plot(&f, -1);
    cr_assert_not_null(p, "the compounding plot was not recorded");
    line_point(D, p, 1, 15, &x, &y, &v);
    h = cxi_draw_hit(f.d, D, &st, x, y);
    cr_assert_eq(h.kind, CXI_HIT_LINE);
    cr_expect_eq(h.series, 1);
    cr_expect_eq(h.metric, -1);
    cr_expect_float_eq(h.value, v, 1e-6);
    cxi_hit_words(&h, D, l1, l2, sizeof l1);
    cr_expect(strstr(l1, "TCO saved against vendor"), "tooltip: %s", l1);
    frame_free(&f);
    cx_view_data_free(D);
}

/* A click on a regime in the legend hides it from the charts (and shows it
 * again): the hit names the series; hidden, its line is not drawn and not hit. */
Test(hit, legend_hides_and_shows_a_series)
{
    cx_view_data *D = store(1, 24);
    for (int analyst = 0; analyst <= 1; analyst++) {
        cxi_view_state st = state_at(D, 23, analyst);
        frame f = render(D, &st, 1600, 900);
        const cxi_spot *sp = find_spot(&f, CXI_HIT_LEGEND, 1, -1);
        cr_assert_not_null(sp, "no legend entry for the partner (analyst %d)", analyst);
        cxi_hit h = cxi_draw_hit(f.d, D, &st, (int)(sp->x + sp->w / 2), (int)(sp->y + sp->h / 2));
        cr_expect_eq(h.kind, CXI_HIT_LEGEND);
        cr_expect_eq(h.series, 1);
        frame_free(&f);
    }
    cxi_view_state st = state_at(D, 23, 1);
    frame f = render(D, &st, 1600, 900);
    const cxi_plot_rec *p = find_plot(&f, CXI_CSAT);
    cr_assert_not_null(p);
    long before = count_colour(f.surf, p->x + 2, p->y + 2, p->w - 4, p->h - 4, C1);
    long other = count_colour(f.surf, p->x + 2, p->y + 2, p->w - 4, p->h - 4, C0);
    int x, y;
    double v;
    line_point(D, p, 1, 12, &x, &y, &v);
    frame_free(&f);
    st.hidden = 1u << 1;
    f = render(D, &st, 1600, 900);
    p = find_plot(&f, CXI_CSAT);
    long after = count_colour(f.surf, p->x + 2, p->y + 2, p->w - 4, p->h - 4, C1);
    long other_after = count_colour(f.surf, p->x + 2, p->y + 2, p->w - 4, p->h - 4, C0);
    cr_expect_gt(before, 200, "the partner's line was not drawn (%ld pixels)", before);
    cr_expect_lt(after, 10, "hidden, the partner's line is still drawn (%ld pixels)", after);
    cr_expect_gt(other_after, other / 2, "the vendor's line went too");
    cxi_hit h = cxi_draw_hit(f.d, D, &st, x, y);
    cr_expect(h.kind != CXI_HIT_LINE || h.series != 1, "a hidden line was hit");
    frame_free(&f);
    cx_view_data_free(D);
}

/* A dashed rule says what it is: an event's rule in a chart of the analyst
 * grid has its label (in the regime's colour) at the plot's top, and the
 * label has the event's tooltip. */
Test(hit, dashed_rules_are_labelled)
{
    cx_view_data *D = store(1, 24);
    cxi_view_state st = state_at(D, 23, 1);
    frame f = render(D, &st, 1600, 900);
    cxi_event e = {.series = 0, .month = 10, .kind = CX_N_RATE_CHANGE, .value = -0.05};
    snprintf(e.text, sizeof e.text, "rate cut at renewal");
    cr_assert_eq(cxi_data_add_event(D, &e), 0);
    frame g = render(D, &st, 1600, 900);
    const cxi_plot_rec *p = find_plot(&g, CXI_CSAT);
    cr_assert_not_null(p);
    float x = p->x + p->w * 10 / (p->total - 1);
    long before = count_colour(f.surf, x + 2, p->y, 160, 34, C0), after = count_colour(g.surf, x + 2, p->y, 160, 34, C0);
    cr_expect_eq(before, 0, "vendor-coloured pixels at the plot's top without the event (%ld)", before);
    cr_expect_gt(after, 40, "no label beside the rule (%ld pixels)", after);
    /* the label has the event's tooltip */
    const cxi_spot *sp = NULL, *all;
    const cxi_plot_rec *pl;
    int np, ns = cxi_draw_spots(g.d, &all, &pl, &np);
    for (int i = 0; i < ns && !sp; i++)
        if (all[i].kind == CXI_HIT_EVENT && all[i].y >= p->y && all[i].y < p->y + 40 && all[i].x >= x) sp = &all[i];
    cr_assert_not_null(sp, "the rule's label was not recorded");
    cxi_hit h = cxi_draw_hit(g.d, D, &st, (int)(sp->x + sp->w / 2), (int)(sp->y + sp->h / 2));
    cr_expect_eq(h.kind, CXI_HIT_EVENT);
    cr_expect_eq(h.event, 0);
    frame_free(&f);
    frame_free(&g);
    cx_view_data_free(D);
}

/* ------------------------------------------------------------------ */
/* The waterfall                                                        */

static char dir[1024];
static void make_dir(void) { cxt_make_temp_dir(dir, sizeof dir, "cx_viz_hit"); }
static void drop_dir(void) { cxt_remove_tree(dir); }
TestSuite(attrib, .init = make_dir, .fini = drop_dir);

typedef struct rec {
    int n;
    float box[32][4];         /* fills: x, y, w, h */
    unsigned rgb[32];
    char texts[2048];         /* every text, separated by | */
} rec;

static void r_fill(void *ud, float x, float y, float w, float h, unsigned c)
{
    rec *R = ud;
    if (R->n < 32) R->box[R->n][0] = x, R->box[R->n][1] = y, R->box[R->n][2] = w, R->box[R->n][3] = h, R->rgb[R->n++] = c;
}
static void r_line(void *ud, float x0, float y0, float x1, float y1, unsigned c) { (void)ud, (void)x0, (void)y0, (void)x1, (void)y1, (void)c; }
static void r_text(void *ud, int font, const char *s, float x, float y, int align, unsigned c)
{
    rec *R = ud;
    (void)font, (void)x, (void)y, (void)align, (void)c;
    strncat(R->texts, s, sizeof R->texts - strlen(R->texts) - 2);
    strcat(R->texts, "|");
}
static int r_text_w(void *ud, int font, const char *s) { return (void)ud, (int)strlen(s) * (font ? 10 : 8); }
static int r_text_h(void *ud, int font) { return (void)ud, font ? 20 : 16; }

/* The steps go from one running level to the next and the last bar is the
 * gap: in columns (room for the names) and in rows (a narrow panel). */
Test(hit, waterfall_steps_add_up)
{
    const cx_waterfall_bar bars[3] = {{"fees", 3, 0}, {"penalty credits", -1, 0.5}, {"lost customers", 2, 0}};
    for (int narrow = 0; narrow <= 1; narrow++) {
        rec R = {0};
        cx_waterfall_pen pen = {&R, r_fill, r_line, r_text, r_text_w, r_text_h};
        cx_waterfall w = {.unit = "$M", .bars = bars, .n = 3, .total = 4, .total_half = 0.3};
        cx_waterfall_colours(&w);
        cx_waterfall_draw(&pen, 0, 0, narrow ? 300 : 1200, 600, &w);
        cr_assert_eq(R.n, 4, "four bars (narrow %d), got %d fills", narrow, R.n);
        int k = narrow ? 2 : 3; /* rows: widths; columns: heights */
        float unit = R.box[3][k] / 4; /* pixels per $M, from the gap's bar */
        cr_assert_gt(unit, 1);
        const double want[4] = {3, 1, 2, 4};
        for (int i = 0; i < 4; i++)
            cr_expect(fabsf(R.box[i][k] - (float)want[i] * unit) < 1.5f, "bar %d: %g px, want %g (narrow %d)", i,
                      R.box[i][k], want[i] * unit, narrow);
        cr_expect_eq(R.rgb[0], w.up);
        cr_expect_eq(R.rgb[1], w.down);
        cr_expect_eq(R.rgb[3], w.sum);
        /* each step starts where the one before ended */
        if (narrow) {
            cr_expect(fabsf(R.box[1][0] + R.box[1][2] - (R.box[0][0] + R.box[0][2])) < 1, "step 2 does not start at 3");
            cr_expect(fabsf(R.box[2][0] - R.box[1][0]) < 1, "step 3 does not start at 2");
        } else {
            cr_expect(fabsf(R.box[1][1] - R.box[0][1]) < 1, "step 2 does not start at 3");
            cr_expect(fabsf(R.box[2][1] + R.box[2][3] - (R.box[1][1] + R.box[1][3])) < 1, "step 3 does not start at 2");
        }
        cr_expect(strstr(R.texts, "+3.00") && strstr(R.texts, "-1.00") && strstr(R.texts, "+4.00"), "texts: %s", R.texts);
    }
}

/* explain's PNG goes through the same drawing: a 1280x720 image with the
 * gap's bar in its blue. */
Test(attrib, explain_png)
{
    static const int blue[3] = {0x28, 0x50, 0xA0};
    const cx_waterfall_bar bars[2] = {{"knowledge base", 2.5, 0.3}, {"pay", -0.5, 0.2}};
    char path[1200], err[512] = "";
    snprintf(path, sizeof path, "%s/wf.png", dir);
    cr_assert_eq(cx_waterfall_png(path, "why", "$M", bars, 2, 2.0, 0.4, err, sizeof err), 0, "%s", err);
    SDL_Surface *raw = IMG_Load(path);
    cr_assert_not_null(raw, "%s", IMG_GetError());
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    cr_assert_not_null(s);
    cr_expect_eq(s->w, 1280);
    cr_expect_eq(s->h, 720);
    cr_expect_gt(count_near(s, 0, 0, (float)s->w, (float)s->h, blue, 4), 2000, "no gap bar");
    SDL_FreeSurface(s);
    SDL_FreeSurface(raw);
}

/* The middle panel: the run's own cost lines as a waterfall (w: a table);
 * the gap's bar in its dark colour. */
Test(hit, cost_lines_waterfall_in_the_view)
{
    static const int sum[3] = {0x48, 0x58, 0x78};
    cx_view_data *D = store(3, 24);
    cxi_view_state st = state_at(D, 23, 0);
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    const cx_view_rect *r = &L.panel[1];
    frame f = render(D, &st, 1600, 900);
    long dark = count_near(f.surf, r->x, r->y, r->w, r->h, sum, 4);
    st.why_table = 1;
    frame g = render(D, &st, 1600, 900);
    long dark_table = count_near(g.surf, r->x, r->y, r->w, r->h, sum, 4);
    cr_expect_gt(dark, 300, "no gap bar in the waterfall (%ld pixels)", dark);
    cr_expect_lt(dark_table, dark / 3, "the table looks like the waterfall (%ld and %ld pixels)", dark_table, dark);
    frame_free(&f);
    frame_free(&g);
    cx_view_data_free(D);
}

/* ------------------------------------------------------------------ */
/* attribution.json                                                     */


static const char *write_json(const char *name, const char *text)
{
    static char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* An attribution.json as cxsim explain writes it, with parts replaced. */
static const char *attribution(const char *scenario, const char *second, double years, const char *shares)
{
    static char text[4096];
    snprintf(text, sizeof text,
             "{\n  \"scenario\": \"%s\", \"seed\": 42, \"years\": %g, \"replications\": 4,\n"
             "  \"first\": \"vendor\", \"second\": \"%s\", \"sign\": \"the second regime's advantage\",\n"
             "  \"gaps\": [\n"
             "    {\"metric\": \"cash_tco\", \"label\": \"cash TCO\", \"mean\": 1e6, \"ci95\": 2e5, \"second_wins\": 4, \"first_wins\": 0, \"component\": false},\n"
             "    {\"metric\": \"economic_tco\", \"label\": \"economic TCO\", \"mean\": 3.5e6, \"ci95\": 4e5, \"second_wins\": 3, \"first_wins\": 1, \"component\": false}\n"
             "  ],\n  \"games\": [\n"
             "    {\"game\": \"levers\", \"method\": \"exact\", \"samples\": 0, \"runs\": 512, \"factors\": [],\n"
             "     \"metrics\": [\n"
             "      {\"metric\": \"economic_tco\", \"baseline\": 0, \"efficiency_error\": 0, \"shares\": [%s]}\n"
             "     ]}\n  ]\n}\n",
             scenario, years, second, shares);
    return text;
}

#define SHARES "{\"factor\": \"knowledge\", \"mean\": 2.5e6, \"ci95\": 3e5}, {\"factor\": \"pay \\\"rel\\\"\", \"mean\": 1e6, \"ci95\": 2e5}"


/* A good file: the gap, who wins how often, the causes; it fits the run
 * shown; the panel draws them. */
Test(attrib, read_checked_and_drawn)
{
    char err[512] = "";
    cxi_attrib *A = calloc(1, sizeof *A);
    const char *path = write_json("good.json", attribution("fixture", "partner", 2, SHARES));
    cr_assert_eq(cxi_attrib_load(path, A, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(A->scenario, "fixture");
    cr_expect_str_eq(A->second, "partner");
    cr_expect_str_eq(A->game, "levers");
    cr_expect_float_eq(A->gap, 3.5e6, 1);
    cr_expect_eq(A->second_wins, 3);
    cr_expect_eq(A->n, 2);
    cr_expect_str_eq(A->name[1], "pay \"rel\"");
    cr_expect_float_eq(A->mean[0] + A->mean[1], A->gap, 1, "the shares add up to the gap");
    cx_view_data *D = store(1, 24);
    cr_expect_eq(cxi_attrib_check(A, D, 24, err, sizeof err), 0, "%s", err);
    cxi_view_state st = state_at(D, 23, 0);
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    frame f = render(D, &st, 1600, 900);
    st.attrib = A;
    frame g = render(D, &st, 1600, 900);
    const cx_view_rect *r = &L.panel[1];
    long diff = 0;
    for (int y = r->y; y < r->y + r->h; y++)
        for (int x = r->x; x < r->x + r->w; x++) diff += px(f.surf, x, y) != px(g.surf, x, y);
    cr_expect_gt(diff, 2000, "the causes look like the cost lines (%ld pixels differ)", diff);
    frame_free(&f);
    frame_free(&g);
    cx_view_data_free(D);
    free(A);
}

/* Bad files: each refused with the file and the line or field named. */
Test(attrib, hostile_files_name_the_file_and_field)
{
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"syntax.json", "{\n  \"scenario\": \"fixture\"\n  \"first\": 1}", "syntax.json:3: not valid JSON: expected ',' or '}'"},
        {"empty.json", "", "empty.json:1: not valid JSON: the file ends early"},
        {"array.json", "[1, 2]", "array.json:1: expected an object"},
        {"trail.json", "{} {}", "not valid JSON: text after the end"},
        {"string.json", "{\"scenario\": \"abc", "a string without its closing quote"},
        {"deep.json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nested too deep"},
        {"number.json", "{\"years\": 1e999}", "a bad number"},
        {"nogaps.json", "{\"scenario\": \"fixture\", \"first\": \"vendor\", \"second\": \"partner\", \"years\": 2, \"replications\": 4}",
         "field 'gaps' is missing"},
        {"type.json", "{\"scenario\": \"fixture\", \"first\": \"vendor\", \"second\": \"partner\", \"years\": \"2\", \"replications\": 4}",
         "field 'years': expected a number"},
    };
    char err[512];
    cxi_attrib *A = calloc(1, sizeof *A);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        err[0] = 0;
        const char *path = write_json(cases[i].name, cases[i].text);
        cr_expect_eq(cxi_attrib_load(path, A, err, sizeof err), -1, "%s was read", cases[i].name);
        cr_expect(strstr(err, cases[i].want) != NULL, "%s: %s", cases[i].name, err);
        cr_expect(strstr(err, cases[i].name) != NULL, "the file is not named: %s", err);
    }
    /* a file of explain's shape with one part wrong */
    char text[4096];
    snprintf(text, sizeof text, "%s", attribution("fixture", "partner", 2, "{\"factor\": \"pay\", \"mean\": \"x\", \"ci95\": 1}"));
    cr_expect_eq(cxi_attrib_load(write_json("share.json", text), A, err, sizeof err), -1);
    cr_expect(strstr(err, "share.json") && strstr(err, "field 'games[].metrics[].shares[0].mean': expected a number"), "%s", err);
    cr_expect_eq(cxi_attrib_load(write_json("noshare.json", attribution("fixture", "partner", 2, "")), A, err, sizeof err), -1);
    cr_expect(strstr(err, "shares': empty"), "%s", err);
    cr_expect_eq(cxi_attrib_load("/nonexistent/attribution.json", A, err, sizeof err), -1);
    cr_expect(strstr(err, "/nonexistent/attribution.json: cannot read it"), "%s", err);
    free(A);
}

/* Another run's attribution: the scenario, a regime or the horizon differ. */
Test(attrib, mismatched_run_is_refused)
{
    static const struct {
        const char *scenario, *second;
        double years;
        const char *want;
    } cases[] = {
        {"other", "partner", 2, "field 'scenario': \"other\", but the run shown is \"fixture\""},
        {"fixture", "hybrid", 2, "field 'second': regime \"hybrid\" is not in the run shown"},
        {"fixture", "partner", 5, "field 'years': 5 years (60 months), but the run shown has 24 months"},
    };
    char err[512];
    cxi_attrib *A = calloc(1, sizeof *A);
    cx_view_data *D = store(1, 24);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path = write_json("mismatch.json", attribution(cases[i].scenario, cases[i].second, cases[i].years, SHARES));
        cr_assert_eq(cxi_attrib_load(path, A, err, sizeof err), 0, "%s", err);
        cr_expect_eq(cxi_attrib_check(A, D, 24, err, sizeof err), -1, "case %zu accepted", i);
        cr_expect(strstr(err, "mismatch.json") && strstr(err, cases[i].want), "case %zu: %s", i, err);
    }
    cx_view_data_free(D);
    free(A);
}

/* Through `cxsim view`: a live run with a mismatched file stops with
 * status 1 and the message; a good one draws the PNG. */
Test(attrib, command_line, .timeout = 120)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    char scen[1200], png[1200], err[512] = "";
    snprintf(scen, sizeof scen, "%s/tiny.lua", dir);
    FILE *f = fopen(scen, "w");
    cr_assert_not_null(f);
    fprintf(f, "return { name = \"tiny\", seed = 3, years = 0.25, demand = { rate_per_min = 1.0 },\n"
               "  regimes = { { name = \"vendor\", client = \"vendor\", provider = \"vendor\" },\n"
               "              { name = \"partner\", client = \"partner\", provider = \"partner\" } } }\n");
    fclose(f);
    snprintf(png, sizeof png, "%s/out.png", dir);
    char *bad = strdup(write_json("bad.json", attribution("fixture", "partner", 0.25, SHARES)));
    char *good = strdup(write_json("good.json", attribution("tiny", "partner", 0.25, SHARES)));
    cx_view_opts o;
    cx_view_opts_init(&o);
    o.scenario = scen, o.png = png, o.attribution = bad, o.w = 800, o.h = 450;
    cr_expect_eq(cx_view_run(&o, err, sizeof err), -1);
    cr_expect(strstr(err, "bad.json: field 'scenario': \"fixture\", but the run shown is \"tiny\""), "%s", err);
    char *argv[] = {"view", scen, "--attribution", bad, "--png", png, "--size", "800x450", NULL};
    cr_expect_eq(cx_view_main(8, argv, NULL), 1, "a mismatched file: exit status 1");
    char *argv2[] = {"view", scen, "--attribution", NULL};
    cr_expect_eq(cx_view_main(3, argv2, NULL), 2, "--attribution without a file: a usage error");
    o.attribution = good;
    cr_expect_eq(cx_view_run(&o, err, sizeof err), 0, "%s", err);
    f = fopen(png, "rb");
    cr_expect_not_null(f, "no PNG");
    if (f) fclose(f);
    free(bad);
    free(good);
}
