/* view_charts: the chart panels of the drawing layer -- line charts with
 * their axes, 95% bands, event rules and playhead, the trust chart's phase
 * strips, and the cumulative TCO gap by year. Part of the drawing layer with
 * view_draw.c and view_timeline.c, the only files that call SDL drawing
 * functions; it draws through the primitives of view_draw_internal.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "view_draw_internal.h"

static const SDL_Color C_PLAYHEAD = {60, 64, 72, 150};

static const SDL_Color C_PHASE[4] = {
    {222, 225, 231, 255}, {248, 222, 160, 255}, {160, 208, 228, 255}, {120, 196, 140, 255}};

typedef struct plot {
    float x, y, w, h;         /* plot area */
    double lo, hi, step;      /* y range and tick step */
    int total;                /* months on the x axis */
} plot;

static float px_of(const plot *p, double month)
{
    return p->x + (float)(p->total > 1 ? month / (p->total - 1) : 0) * p->w;
}

static float py_of(const plot *p, double v)
{
    return p->y + p->h - (float)((v - p->lo) / (p->hi - p->lo)) * p->h;
}

/* The value of a cell at fractional month t (linear between months). */
static int value_at(const cx_view_data *D, int s, int metric, double t, double *v, double *half)
{
    int m = (int)floor(t);
    const cxi_cell *a = cxi_data_cell(D, s, metric, m);
    if (!a) return -1;
    double f = t - m, ha;
    cx_view_data_value(D, s, cxi_metrics[metric].column, m, v, &ha);
    *half = ha;
    const cxi_cell *b = f > 1e-9 ? cxi_data_cell(D, s, metric, m + 1) : NULL;
    if (b) {
        double vb, hb;
        cx_view_data_value(D, s, cxi_metrics[metric].column, m + 1, &vb, &hb);
        *v += f * (vb - *v);
        *half += f * (hb - *half);
    }
    return 0;
}

/* Grid, y labels and the year axis of a plot. */
static void draw_axes(cxi_draw *d, const plot *p, cxi_unit u, int x_labels)
{
    char buf[48];
    float s = cxi_draw_scale(d);
    for (double v = p->lo; v <= p->hi + p->step * 0.5; v += p->step) {
        float y = py_of(p, v);
        cxi_fill(d, p->x, floorf(y), p->w, 1, fabs(v) < p->step * 1e-6 ? C_BORDER : C_GRID);
        cxi_fmt(buf, sizeof buf, u, fabs(v) < p->step * 1e-6 ? 0 : v, p->step);
        cxi_text(d, F_SMALL, buf, p->x - 6 * s, y - cxi_text_h(d, F_SMALL) / 2.0f, C_MUTED, 2);
    }
    if (x_labels && p->total > 1 && p->total <= 13) { /* a year or less: month numbers */
        static const int ticks[] = {1, 3, 6, 9, 12};
        for (size_t k = 0; k < sizeof ticks / sizeof *ticks && ticks[k] <= p->total; k++) {
            snprintf(buf, sizeof buf, "%d", ticks[k]);
            float x = px_of(p, ticks[k] - 1);
            cxi_fill(d, floorf(x), p->y + p->h, 1, 3 * s, C_BORDER);
            cxi_text(d, F_SMALL, buf, x, p->y + p->h + 3 * s, C_MUTED, 1);
        }
        x_labels = 0;
    }
    int years = (p->total + 11) / 12;
    float yw = p->total > 1 ? 12 * p->w / (p->total - 1) : p->w;
    for (int yr = 0; yr <= years; yr++) {
        double m = yr * 12.0;
        if (m > p->total - 1 + 1e-9) m = p->total - 1;
        float x = px_of(p, m);
        cxi_fill(d, floorf(x), p->y, 1, p->h, C_GRID);
        if (x_labels && yr < years && p->total > 1) {
            double mid = fmin(yr * 12 + 6.0, (yr * 12 + p->total - 1) / 2.0);
            if (yw >= 46 * s)
                snprintf(buf, sizeof buf, "year %d", yr + 1);
            else
                snprintf(buf, sizeof buf, "%d", yr + 1);
            cxi_text(d, F_SMALL, buf, px_of(p, mid), p->y + p->h + 3 * s, C_MUTED, 1);
        }
    }
    cxi_frame_rect(d, p->x, p->y, p->w + 1, p->h + 1, C_BORDER);
}

/* Header: group and title on one line, each series' value at the playhead on the next. */
static float panel_header(cxi_draw *d, const cx_view_rect *r, const char *group, const char *title,
                          const char *unit)
{
    float s = cxi_draw_scale(d), x = r->x + 10 * s, y = r->y + 6 * s;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", group);
    for (char *c = buf; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
    x += cxi_text(d, F_SMALL, buf, x, y + 2 * s, C_MUTED, 0) + 8 * s;
    x += cxi_text_fit(d, F_NORMAL, title, x, y, r->x + r->w - 8 * s - x, C_TEXT) + 6 * s;
    if (unit && *unit && x + cxi_text_w(d, F_SMALL, unit) + 12 * s < r->x + r->w) {
        snprintf(buf, sizeof buf, "(%s)", unit);
        cxi_text(d, F_SMALL, buf, x, y + 2 * s, C_MUTED, 0);
    }
    return y + cxi_text_h(d, F_NORMAL) + 2 * s;
}

static void series_values(cxi_draw *d, const cx_view_data *D, const cx_view_rect *r, float y,
                          int metric, double t)
{
    float s = cxi_draw_scale(d), x = r->x + 10 * s, need = 0;
    char buf[160], v[40];
    /* "label value" for each series when they fit, else just the values (the legend names colours) */
    for (int i = 0; i < D->n; i++) {
        double val, half;
        if (value_at(D, i, metric, t, &val, &half)) continue;
        cxi_fmt(v, sizeof v, cxi_metrics[metric].unit, val, 0);
        snprintf(buf, sizeof buf, "%s %s", D->s[i].label, v);
        need += 27 * s + cxi_text_w(d, F_SMALL, buf);
    }
    int labels = x + need <= r->x + r->w - 6 * s;
    for (int i = 0; i < D->n; i++) {
        double val, half;
        if (value_at(D, i, metric, t, &val, &half)) continue;
        cxi_fmt(v, sizeof v, cxi_metrics[metric].unit, val, 0);
        snprintf(buf, sizeof buf, "%s%s%s", labels ? D->s[i].label : "", labels ? " " : "", v);
        if (x + cxi_text_w(d, F_SMALL, buf) > r->x + r->w - 6 * s) break;
        cxi_fill(d, x, y + 4 * s, 9 * s, 9 * s, C_SERIES[i]);
        x += 13 * s;
        x += cxi_text(d, F_SMALL, buf, x, y, C_TEXT, 0) + 14 * s;
    }
}

/* Vertical rules for the events that bend curves (rebids, transitions, rate
 * changes, what-ifs), each labelled: `where` 1 at the plot's foot, 2 at its
 * top. A label in words, or its code where the words would cover the one
 * before, on one of two rows; left out only when neither fits. */
static void event_rules(cxi_draw *d, const cx_view_data *D, const cxi_view_state *vs, const plot *p, double t, int where)
{
    float s = cxi_draw_scale(d), end[2] = {-1e9f, -1e9f}, th = cxi_text_h(d, F_SMALL);
    for (size_t i = 0; i < D->n_ev; i++) {
        const cxi_event *e = &D->ev[i];
        cxi_ev_style st = cxi_ev_style_of(e->kind);
        if (!st.rule || !cxi_ev_shown(e->kind, vs->all_events) || e->month > t + 1e-9 || e->month > p->total - 1 ||
            !cxi_shown(vs, e->series))
            continue;
        float x = px_of(p, e->month);
        cxi_dashed_vline(d, x, p->y, p->y + p->h, 4 * s, with_alpha(C_SERIES[e->series], 150));
        if (!where) continue;
        char w[64];
        cxi_ev_words(e, w, sizeof w);
        for (int k = 0; k < 4; k++) { /* words on row 0, 1, then the code on row 0, 1 */
            if (k == 2) snprintf(w, sizeof w, "%s", st.code);
            int row = k % 2;
            float tw = cxi_text_w(d, F_SMALL, w);
            float tx = x + 3 * s + tw > p->x + p->w ? x - 3 * s - tw : x + 3 * s;
            if (tx < end[row]) continue;
            float ty = where == 1 ? p->y + p->h - (row + 1) * th - 3 * s : p->y + 2 * s + row * th;
            cxi_flush(d);
            cxi_fill(d, tx - 1 * s, ty, tw + 2 * s, th, with_alpha(C_PANEL, 210));
            cxi_text(d, F_SMALL, w, tx, ty, C_SERIES[e->series], 0);
            cxi_spot_add(d, CXI_HIT_EVENT, tx - 1 * s, ty, tw + 2 * s, th, e->series, (int)i); /* its tooltip */
            end[row] = tx + tw + 8 * s;
            break;
        }
    }
}

static void playhead(cxi_draw *d, const plot *p, double t)
{
    float x = px_of(p, t);
    cxi_quad(d, x - 0.75f, p->y, x + 0.75f, p->y, x + 0.75f, p->y + p->h, x - 0.75f, p->y + p->h, C_PLAYHEAD);
}

/* Band and line of every series up to the playhead. */
static void draw_lines(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const plot *p, int metric,
                       double t, int bands)
{
    float lw = 2.2f * cxi_draw_scale(d);
    if (bands)
        for (int i = 0; i < D->n; i++) {
            if (!cxi_shown(st, i)) continue;
            SDL_Color c = with_alpha(C_SERIES[i], 52);
            double v0, h0, v1, h1;
            if (value_at(D, i, metric, 0, &v0, &h0)) continue;
            for (int m = 0; m < (int)ceil(t); m++) {
                double t1 = fmin(m + 1.0, t);
                if (value_at(D, i, metric, t1, &v1, &h1)) break;
                if (h0 > 0 || h1 > 0) {
                    float xa = px_of(p, m), xb = px_of(p, t1);
                    cxi_quad(d, xa, py_of(p, v0 + h0), xb, py_of(p, v1 + h1), xb, py_of(p, v1 - h1), xa,
                         py_of(p, v0 - h0), c);
                }
                v0 = v1, h0 = h1;
            }
        }
    /* baselines without the what-ifs first (thin, faded), then the series */
    for (int pass = D->ghosts ? 0 : 1; pass < 2; pass++)
        for (int i = 0; i < D->n; i++) {
            if (!cxi_shown(st, i)) continue;
            int si = pass ? i : CXI_GHOST + i;
            SDL_Color c = pass ? C_SERIES[i] : with_alpha(C_SERIES[i], 120);
            float w = pass ? lw : lw * 0.6f;
            double v0, h0, v1, h1;
            if (value_at(D, si, metric, 0, &v0, &h0)) continue;
            float xa = px_of(p, 0), ya = py_of(p, v0);
            for (int m = 0; m < (int)ceil(t); m++) {
                double t1 = fmin(m + 1.0, t);
                if (value_at(D, si, metric, t1, &v1, &h1)) break;
                float xb = px_of(p, t1), yb = py_of(p, v1);
                cxi_line(d, xa, ya, xb, yb, w, c);
                if (pass) cxi_dot(d, xb, yb, lw * 0.5f, c); /* round joins */
                xa = xb, ya = yb;
            }
            cxi_dot(d, xa, ya, (pass ? 3.2f : 2.2f) * cxi_draw_scale(d), c);
        }
}

/* The plot's y range from an axis. */
static void set_range(plot *p, double lo, double hi, int ticks, int zero)
{
    cxi_axis a;
    cxi_axis_fit(&a, lo, hi, ticks, zero);
    p->lo = a.lo, p->hi = a.hi, p->step = a.step;
}

static void plot_area(cxi_draw *d, const cx_view_rect *r, float top, float below, plot *p, int total)
{
    float s = cxi_draw_scale(d);
    p->x = r->x + 58 * s;
    p->y = top + 8 * s;
    p->w = r->x + r->w - 14 * s - p->x;
    p->h = r->y + r->h - below - p->y;
    p->total = total;
}

static void no_data(cxi_draw *d, const cx_view_rect *r, const char *msg)
{
    cxi_text(d, F_NORMAL, msg, r->x + r->w / 2.0f, r->y + r->h / 2.0f, C_MUTED, 1);
}

void cxi_chart_line(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                    const cxi_panel *pn)
{
    const cxi_metric_info *mi = &cxi_metrics[pn->metric];
    float s = cxi_draw_scale(d);
    float y = panel_header(d, r, pn->group, mi->title, mi->unit_text);
    if (!D->has[pn->metric]) {
        char buf[96];
        snprintf(buf, sizeof buf, "no column '%s' in these results", mi->column);
        no_data(d, r, buf);
        return;
    }
    series_values(d, D, r, y, pn->metric, st->play);
    y += cxi_text_h(d, F_SMALL) + 2 * s;
    int trust = pn->kind == CXI_CH_TRUST;
    float strip = trust ? (D->n * 9 + 18) * s : 0;
    plot p;
    plot_area(d, r, y, 22 * s + strip, &p, st->total);
    cxi_axis ax;
    cxi_axis_metric(D, pn->metric, st->avail, st->bands, p.h > 160 * s ? 5 : 3, trust, &ax);
    p.lo = ax.lo, p.hi = ax.hi, p.step = ax.step;
    draw_axes(d, &p, mi->unit, 1);
    cxi_plot_add(d, p.x, p.y, p.w, p.h, p.lo, p.hi, p.total, pn->metric);
    event_rules(d, D, st, &p, st->play, 2);
    cxi_clip(d, p.x, p.y, p.w, p.h);
    draw_lines(d, D, st, &p, pn->metric, st->play, st->bands);
    cxi_clip(d, 0, 0, 0, 0);
    playhead(d, &p, st->play);
    cxi_flush(d);
    if (!trust) return;
    /* Phase strips, one per series, and their legend. */
    float sy = p.y + p.h + 20 * s;
    for (int i = 0; i < D->n; i++, sy += 9 * s) {
        cxi_fill(d, p.x - 10 * s, sy + 1 * s, 6 * s, 6 * s, C_SERIES[i]);
        for (int m = 0; m < (int)ceil(st->play) + 1 && m < st->total; m++) {
            double v, h;
            if (cx_view_data_value(D, i, "phase", m, &v, &h)) break;
            int ph = (int)lrint(v);
            ph = ph < 0 ? 0 : ph > 3 ? 3 : ph;
            float xa = px_of(&p, m - 0.5 < 0 ? 0 : m - 0.5), xb = px_of(&p, fmin(m + 0.5, st->play));
            if (xb > xa) cxi_quad(d, xa, sy, xb, sy, xb, sy + 7 * s, xa, sy + 7 * s, C_PHASE[ph]);
        }
    }
    /* legend: full names when they fit, short ones otherwise */
    static const char *const SHORT[4] = {"transact.", "op. proof", "transparency", "partnership"};
    const char *full[4];
    float need = 0;
    for (int k = 0; k < 4; k++) need += 20 * s + cxi_text_w(d, F_SMALL, full[k] = cx_phase_name(k));
    const char *const *names = p.x - 10 * s + need > r->x + r->w - 6 * s ? SHORT : full;
    float lx = p.x - 10 * s;
    for (int k = 0; k < 4; k++) {
        cxi_fill(d, lx, sy + 3 * s, 9 * s, 9 * s, C_PHASE[k]);
        lx += 12 * s + cxi_text(d, F_SMALL, names[k], lx + 12 * s, sy + 1 * s, C_MUTED, 0) + 8 * s;
    }
}

/* The gap of series a minus b at fractional month t (linear between months). */
static int gap_at(const cx_view_data *D, int a, int b, double t, cxi_gap *g)
{
    int m = (int)floor(t);
    if (cxi_story_gap(D, a, b, m, g)) return -1;
    cxi_gap g1;
    double f = t - m;
    if (f > 1e-9 && cxi_story_gap(D, a, b, m + 1, &g1) == 0) {
        g->mean += f * (g1.mean - g->mean);
        g->half += f * (g1.half - g->half);
    }
    return 0;
}

/* One gap line (series 0 minus series i, or their baselines) up to month t. */
static void gap_line(cxi_draw *d, const cx_view_data *D, const plot *p, int a, int b, double t, int bands,
                     SDL_Color c, float w, int dashed)
{
    cxi_gap g0, g1;
    if (gap_at(D, a, b, 0, &g0)) return;
    if (bands)
        for (int m = 0; m < (int)ceil(t); m++) {
            double t1 = fmin(m + 1.0, t);
            if (gap_at(D, a, b, t1, &g1)) break;
            if (g0.half > 0 || g1.half > 0) {
                float xa = px_of(p, m), xb = px_of(p, t1);
                cxi_quad(d, xa, py_of(p, g0.mean + g0.half), xb, py_of(p, g1.mean + g1.half), xb,
                         py_of(p, g1.mean - g1.half), xa, py_of(p, g0.mean - g0.half), with_alpha(c, 45));
            }
            g0 = g1;
        }
    gap_at(D, a, b, 0, &g0);
    float xa = px_of(p, 0), ya = py_of(p, g0.mean);
    for (int m = 0; m < (int)ceil(t); m++) {
        double t1 = fmin(m + 1.0, t);
        if (gap_at(D, a, b, t1, &g1)) break;
        float xb = px_of(p, t1), yb = py_of(p, g1.mean);
        if (!dashed || m % 2 == 0) cxi_line(d, xa, ya, xb, yb, w, c);
        cxi_dot(d, xb, yb, w * 0.5f, c);
        xa = xb, ya = yb;
    }
    cxi_dot(d, xa, ya, w * 1.4f, c);
}

/* Compounding value: what each regime has saved against the first, month by
 * month (a line, with its band), with the year-end figures as bars behind
 * it, the break-even month marked and, after a what-if, the baseline without
 * it dashed. */
void cxi_chart_gap(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                   const cxi_panel *pn)
{
    float s = cxi_draw_scale(d);
    char title[256], buf[256], v[40];
    if (D->n >= 2)
        snprintf(title, sizeof title, st->analyst ? "TCO saved against %s, cumulative" : "TCO saved vs %s",
                 D->s[0].label);
    else
        snprintf(title, sizeof title, "Cumulative client TCO gap");
    float y = panel_header(d, r, st->analyst ? pn->group : "", title, "$");
    if (D->n < 2) {
        no_data(d, r, "needs two regimes to compare");
        return;
    }
    cxi_gap g;
    double tnow = fmin(st->play, st->avail - 1.0);
    int mnow = (int)floor(tnow);
    if (!st->analyst) {
        /* presentation: the numbers are in the headline; here the key to the lines */
        float x = r->x + 10 * s;
        for (int i = D->n == 2 ? 1 : 0; i < D->n; i++) {
            snprintf(buf, sizeof buf, "%s%s", D->s[i].label, D->n == 2 ? " cheaper above 0" : i ? "" : " = 0");
            if (x + 16 * s + cxi_text_w(d, F_SMALL, buf) > r->x + r->w - 6 * s) { /* on the next line */
                x = r->x + 10 * s;
                y += cxi_text_h(d, F_SMALL);
            }
            cxi_fill(d, x, y + cxi_text_h(d, F_SMALL) / 2.0f - 2 * s, 12 * s, 4 * s, C_SERIES[i]);
            x += 16 * s + cxi_text(d, F_SMALL, buf, x + 16 * s, y, C_TEXT, 0) + 14 * s;
        }
        if (D->ghosts) { /* the dashed lines' key */
            const char *gk = "without what-ifs";
            if (x + 22 * s + cxi_text_w(d, F_SMALL, gk) > r->x + r->w - 6 * s) x = r->x + 10 * s, y += cxi_text_h(d, F_SMALL);
            float my = y + cxi_text_h(d, F_SMALL) / 2.0f - 1.5f * s;
            for (int k = 0; k < 3; k++) cxi_fill(d, x + k * 6 * s, my, 4 * s, 3 * s, with_alpha(C_SERIES[D->n - 1], 150));
            cxi_text(d, F_SMALL, gk, x + 20 * s, y, C_MUTED, 0);
        }
    } else if (cxi_story_gap(D, 0, 1, mnow, &g) == 0) {
        cxi_fmt(v, sizeof v, CXI_U_MONEY, fabs(g.mean), 0);
        int who = g.mean >= 0 ? 1 : 0;
        snprintf(buf, sizeof buf, "%s has saved %s so far (month %d)", D->s[who].label, v, mnow + 1);
        cxi_fill(d, r->x + 10 * s, y + 4 * s, 9 * s, 9 * s, C_SERIES[who]);
        cxi_text(d, F_SMALL, buf, r->x + 23 * s, y, C_TEXT, 0);
        /* the same gap split as the printed headline: what the client pays,
         * and what it loses in customers (an assumed value) */
        const cxi_cell *c0 = cxi_data_cell(D, 0, CXI_CASH, mnow), *c1 = cxi_data_cell(D, 1, CXI_CASH, mnow);
        if (c0 && c1) {
            double cash = (c0->mean - c1->mean) * (who ? 1 : -1), lost = fabs(g.mean) - cash;
            char a[40], b[40];
            cxi_fmt(a, sizeof a, CXI_U_MONEY, cash, 0);
            cxi_fmt(b, sizeof b, CXI_U_MONEY, lost, 0);
            snprintf(buf, sizeof buf, "of which cash %s, lost customers %s", a, b);
            y += cxi_text_h(d, F_SMALL);
            cxi_text(d, F_SMALL, buf, r->x + 23 * s, y, C_MUTED, 0);
        }
    }
    y += cxi_text_h(d, F_SMALL) + 2 * s;
    plot p;
    plot_area(d, r, y, (st->analyst ? 22 : 8) * s + cxi_text_h(d, F_SMALL), &p, st->total);
    /* the range over every month available (so it only ever grows) */
    double lo = 0, hi = 0, mlo = 0, mhi = 0;
    for (int i = 1; i < D->n; i++)
        for (int ghost = 0; ghost <= D->ghosts; ghost++)
            for (int m = 0; m < st->avail; m++) {
                int a = ghost ? CXI_GHOST : 0, b = ghost ? CXI_GHOST + i : i;
                if (cxi_story_gap(D, a, b, m, &g)) continue;
                double h = st->bands ? g.half : 0;
                lo = fmin(lo, g.mean - h);
                hi = fmax(hi, g.mean + h);
                mlo = fmin(mlo, g.mean);
                mhi = fmax(mhi, g.mean);
            }
    cxi_axis_cap(mlo, mhi, &lo, &hi);
    set_range(&p, lo, hi, p.h > 160 * s ? 5 : 3, 1);
    draw_axes(d, &p, CXI_U_MONEY, 1);
    cxi_plot_add(d, p.x, p.y, p.w, p.h, p.lo, p.hi, p.total, -1);
    /* year-end bars behind the lines, one per regime compared (faded), with
     * the 95% interval over replications as a whisker (cxsim run's "total by
     * year end (cumulative)") */
    int years = (st->total + 11) / 12, nb = D->n - 1;
    float slot = p.total > 1 ? 12 * p.w / (p.total - 1) : p.w, bw = slot * 0.6f / nb;
    for (int yr = 0; yr < years && yr * 12 <= tnow + 1e-9; yr++) {
        int mend = (yr + 1) * 12 - 1 < st->total - 1 ? (yr + 1) * 12 - 1 : st->total - 1;
        int partial = tnow < mend, m = partial ? mnow : mend;
        float cx = px_of(&p, fmin(yr * 12 + 5.5, (yr * 12 + st->total - 1) / 2.0));
        for (int i = 1; i < D->n; i++) {
            if (cxi_story_gap(D, 0, i, m, &g)) continue;
            SDL_Color c = C_SERIES[D->n == 2 ? (g.mean >= 0 ? 1 : 0) : i];
            float x0 = cx - nb * bw / 2 + (i - 1) * bw, y0 = py_of(&p, 0), y1 = py_of(&p, g.mean);
            cxi_quad(d, x0 + bw * 0.08f, y0, x0 + bw * 0.92f, y0, x0 + bw * 0.92f, y1, x0 + bw * 0.08f, y1,
                     with_alpha(c, partial ? 45 : 80));
            float wy0 = y1, wy1 = y1; /* the whisker's ends */
            if (g.n > 1 && g.half > 0 && !partial) {
                float xc = x0 + bw / 2, wk = fminf(bw * 0.2f, 5 * s);
                wy0 = fmaxf(p.y, py_of(&p, g.mean + g.half)), wy1 = fminf(p.y + p.h, py_of(&p, g.mean - g.half));
                SDL_Color wc = with_alpha(C_TEXT, 170);
                cxi_line(d, xc, wy0, xc, wy1, 1.2f * s, wc);
                cxi_line(d, xc - wk, wy0, xc + wk, wy0, 1.2f * s, wc);
                cxi_line(d, xc - wk, wy1, xc + wk, wy1, 1.2f * s, wc);
            }
            if (D->n == 2 && !partial) {
                cxi_fmt(v, sizeof v, CXI_U_MONEY, g.mean, 0);
                if (g.n > 1 && st->analyst) { /* the interval too where there is room */
                    char hv[40], both[96];
                    cxi_fmt(hv, sizeof hv, CXI_U_MONEY, g.half, 0);
                    snprintf(both, sizeof both, "%s \xc2\xb1 %s", v, hv);
                    if (cxi_text_w(d, F_SMALL, both) < slot * 0.98f && strlen(both) < sizeof v) memcpy(v, both, strlen(both) + 1);
                }
                y1 = g.mean >= 0 ? wy0 : wy1;
                float ty = g.mean >= 0 ? y1 - cxi_text_h(d, F_SMALL) - 2 * s : y1 + 2 * s;
                if (ty < p.y) ty = y1 + 2 * s;
                if (ty + cxi_text_h(d, F_SMALL) > p.y + p.h) ty = wy0 - cxi_text_h(d, F_SMALL) - 2 * s; /* above the whisker */
                if (cxi_text_w(d, F_SMALL, v) < slot * 0.98f) cxi_text(d, F_SMALL, v, cx, ty, C_MUTED, 1);
            }
        }
    }
    event_rules(d, D, st, &p, st->play, 1);
    /* the baselines without the what-ifs, dashed and labelled at their ends, then the lines */
    float lw = 2.6f * s;
    for (int i = 1; D->ghosts && i < D->n; i++) {
        if (!cxi_shown(st, i)) continue;
        gap_line(d, D, &p, CXI_GHOST, CXI_GHOST + i, tnow, 0, with_alpha(C_SERIES[i], 150), lw * 0.7f, 1);
        double te = fmin(tnow, D->s[CXI_GHOST + i].months - 1.0);
        cxi_gap ge;
        if (st->analyst && te >= 0 && gap_at(D, CXI_GHOST, CXI_GHOST + i, te, &ge) == 0) { /* presentation: in the key */
            const char *lab = "without what-ifs";
            float tw = cxi_text_w(d, F_SMALL, lab), th = cxi_text_h(d, F_SMALL);
            /* right of its end (the months to come are empty), else left of it, below the line */
            float tx = px_of(&p, te) + 6 * s, ty = py_of(&p, ge.mean) - th / 2;
            if (tx + tw > p.x + p.w) tx = px_of(&p, te) - tw - 4 * s, ty = py_of(&p, ge.mean) + 3 * s;
            if (tx < p.x) tx = p.x + 2 * s;
            if (ty + th > p.y + p.h) ty = p.y + p.h - th;
            if (ty < p.y) ty = p.y;
            cxi_flush(d);
            cxi_text(d, F_SMALL, lab, tx, ty, with_alpha(C_SERIES[i], 200), 0);
        }
    }
    if (D->n > 2 && cxi_shown(st, 0)) /* the first regime is the reference: its line is 0 */
        cxi_line(d, p.x, py_of(&p, 0), px_of(&p, tnow), py_of(&p, 0), lw, C_SERIES[0]);
    cxi_clip(d, p.x, p.y, p.w, p.h);
    for (int i = 1; i < D->n; i++)
        if (cxi_shown(st, i)) gap_line(d, D, &p, 0, i, tnow, st->bands, C_SERIES[i], lw, 0);
    cxi_clip(d, 0, 0, 0, 0);
    /* the what-if's effect where the baseline has got to: the gap with it minus the gap without */
    int mg = D->ghosts ? (D->s[CXI_GHOST].months - 1 < mnow ? D->s[CXI_GHOST].months - 1 : mnow) : -1;
    for (int i = 1; mg >= 0 && i < D->n; i++) {
        cxi_gap g0;
        if (cxi_story_gap(D, 0, i, mg, &g) || cxi_story_gap(D, CXI_GHOST, CXI_GHOST + i, mg, &g0)) continue;
        cxi_fmt(v, sizeof v, CXI_U_MONEY, g.mean - g0.mean, 0);
        snprintf(buf, sizeof buf, "what-if %s%s", g.mean - g0.mean > 0 ? "+" : "", v);
        /* in the plot's lower right corner, above the event labels (the top row has the break-even) */
        float th = cxi_text_h(d, F_SMALL), tw = cxi_text_w(d, F_SMALL, buf);
        float tx = p.x + p.w - tw - 4 * s, ty = p.y + p.h - (i + 2) * th - 10 * s; /* above two rows of event labels */
        cxi_flush(d);
        cxi_fill(d, tx - 2 * s, ty, tw + 4 * s, th, with_alpha(C_PANEL, 225));
        cxi_text(d, F_SMALL, buf, tx, ty, C_SERIES[i], 0);
    }
    /* break-even: from which month the regime ahead now stays ahead (two regimes) */
    if (D->n == 2) {
        int lead = cxi_story_gap(D, 0, 1, mnow, &g) == 0 && g.mean > 0 ? 1 : 0;
        int be = cxi_story_break_even(D, lead, 1 - lead, mnow);
        if (be > 0) {
            float x = px_of(&p, be);
            cxi_dashed_vline(d, x, p.y, p.y + p.h, 5 * s, C_TEXT);
            cxi_flush(d);
            snprintf(buf, sizeof buf, "break-even, month %d", be + 1);
            float tw = cxi_text_w(d, F_SMALL, buf);
            float tx = x + 4 * s + tw > p.x + p.w ? x - 4 * s - tw : x + 4 * s;
            cxi_fill(d, tx - 2 * s, p.y + 3 * s, tw + 4 * s, cxi_text_h(d, F_SMALL), with_alpha(C_PANEL, 220));
            cxi_text(d, F_SMALL, buf, tx, p.y + 3 * s, C_TEXT, 0);
        }
    }
    playhead(d, &p, tnow);
    cxi_flush(d);
}

void cxi_chart_any(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
               const cxi_panel *pn)
{
    switch (pn->kind) {
    case CXI_CH_GAP: cxi_chart_gap(d, D, st, r, pn); return;
    case CXI_CH_COMPONENTS: cxi_chart_components(d, D, st, r, pn); return;
    case CXI_CH_OPERATION:
        if (st->quality_panel || !D->has[CXI_ON_DUTY] || !D->has[CXI_PROFICIENT]) {
            static const cxi_panel q = {CXI_CH_LINE, CXI_CSAT, "Quality"};
            cxi_chart_line(d, D, st, r, &q);
        } else {
            cxi_chart_operation(d, D, st, r, pn);
        }
        return;
    default: cxi_chart_line(d, D, st, r, pn); return;
    }
}
