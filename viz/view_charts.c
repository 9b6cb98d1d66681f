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

static double nice_step(double range, int ticks)
{
    double raw = range / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * p;
}

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

static void set_range(plot *p, double lo, double hi, int ticks, int zero)
{
    if (zero) {
        if (lo > 0) lo = 0;
        if (hi < 0) hi = 0;
    }
    /* never blow noise up to the full height: at least 4% of the magnitude */
    double span = fmax(fabs(lo), fabs(hi)) * 0.04;
    if (!(span > 0)) span = 1;
    if (hi - lo < span) {
        double mid = (lo + hi) / 2;
        lo = mid - span / 2;
        hi = mid + span / 2;
        if (zero && lo < 0 && mid >= 0 && mid - span / 2 < 0) lo = 0, hi = fmax(hi, span);
    }
    double pad = (hi - lo) * 0.04;
    if (!(zero && lo == 0)) lo -= pad;
    hi += pad;
    p->step = nice_step(hi - lo, ticks);
    p->lo = floor(lo / p->step + 1e-9) * p->step;
    p->hi = ceil(hi / p->step - 1e-9) * p->step;
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

/* Vertical rules for the events that bend curves (rebids, transitions, rate changes, what-ifs). */
static void event_rules(cxi_draw *d, const cx_view_data *D, const plot *p, double t)
{
    for (size_t i = 0; i < D->n_ev; i++) {
        const cxi_event *e = &D->ev[i];
        cxi_ev_style st = cxi_ev_style_of(e->kind);
        if (!st.rule || e->month > t + 1e-9 || e->month > p->total - 1) continue;
        cxi_dashed_vline(d, px_of(p, e->month), p->y, p->y + p->h, 4 * cxi_draw_scale(d),
                         with_alpha(C_SERIES[e->series], 150));
    }
}

static void playhead(cxi_draw *d, const plot *p, double t)
{
    float x = px_of(p, t);
    cxi_quad(d, x - 0.75f, p->y, x + 0.75f, p->y, x + 0.75f, p->y + p->h, x - 0.75f, p->y + p->h, C_PLAYHEAD);
}

/* Band and line of every series up to the playhead. */
static void draw_lines(cxi_draw *d, const cx_view_data *D, const plot *p, int metric, double t, int bands)
{
    float lw = 2.2f * cxi_draw_scale(d);
    if (bands)
        for (int i = 0; i < D->n; i++) {
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

/* The y range of a metric over the months available, bands included. */
static void metric_range(const cx_view_data *D, int metric, int avail, int bands, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int j = 0; j < 2 * D->n; j++)
        for (int m = 0; m < avail; m++) {
            int i = j < D->n ? j : CXI_GHOST + j - D->n;
            double v, h;
            if (cx_view_data_value(D, i, cxi_metrics[metric].column, m, &v, &h)) continue;
            if (!bands) h = 0;
            if (v - h < *lo) *lo = v - h;
            if (v + h > *hi) *hi = v + h;
        }
    if (!isfinite(*lo)) *lo = 0, *hi = 1;
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
    double lo, hi;
    metric_range(D, pn->metric, st->avail, st->bands, &lo, &hi);
    if (trust || mi->unit == CXI_U_INDEX) {
        if (lo > 0) lo = 0;
        if (hi < 1 && trust) hi = 1;
    }
    set_range(&p, lo, hi, p.h > 160 * s ? 5 : 3,
              trust || mi->unit == CXI_U_INDEX || mi->unit == CXI_U_COUNT || mi->unit == CXI_U_MONEY);
    draw_axes(d, &p, mi->unit, 1);
    event_rules(d, D, &p, st->play);
    draw_lines(d, D, &p, pn->metric, st->play, st->bands);
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

/* Compounding value: the cumulative TCO gap between the first two series, year by year. */
void cxi_chart_gap(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                   const cxi_panel *pn)
{
    float s = cxi_draw_scale(d);
    char title[256], buf[256], v[40];
    if (D->n >= 2)
        snprintf(title, sizeof title, "Cumulative client TCO gap, %s \xe2\x88\x92 %s", D->s[0].label,
                 D->s[1].label);
    else
        snprintf(title, sizeof title, "Cumulative client TCO gap");
    float y = panel_header(d, r, pn->group, title, "$");
    if (D->n < 2) {
        no_data(d, r, "needs two regimes to compare");
        return;
    }
    double g, gh;
    double tnow = fmin(st->play, st->avail - 1.0);
    int mnow = (int)floor(tnow);
    if (cx_view_data_gap(D, mnow, &g, &gh) == 0) {
        cxi_fmt(v, sizeof v, CXI_U_MONEY, fabs(g), 0);
        int who = g >= 0 ? 1 : 0;
        snprintf(buf, sizeof buf, "%s has saved %s so far (month %d)", D->s[who].label, v, mnow + 1);
        cxi_fill(d, r->x + 10 * s, y + 4 * s, 9 * s, 9 * s, C_SERIES[who]);
        cxi_text(d, F_SMALL, buf, r->x + 23 * s, y, C_TEXT, 0);
        /* the same gap split as the printed headline: what the client pays,
         * and what it loses in customers (an assumed value) */
        const cxi_cell *c0 = cxi_data_cell(D, 0, CXI_CASH, mnow), *c1 = cxi_data_cell(D, 1, CXI_CASH, mnow);
        if (c0 && c1) {
            double cash = (c0->mean - c1->mean) * (who ? 1 : -1), lost = fabs(g) - cash;
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
    plot_area(d, r, y, 36 * s, &p, st->total);
    int years = (st->total + 11) / 12;
    double lo = 0, hi = 0;
    for (int m = 0; m < st->avail; m++)
        if (cx_view_data_gap(D, m, &g, &gh) == 0) {
            double h = st->bands ? gh : 0;
            lo = fmin(lo, g - h);
            hi = fmax(hi, g + h);
        }
    set_range(&p, lo, hi, p.h > 160 * s ? 5 : 3, 1);
    /* y grid and labels, then bars by year */
    for (double t = p.lo; t <= p.hi + p.step * 0.5; t += p.step) {
        float yy = py_of(&p, t);
        cxi_fill(d, p.x, floorf(yy), p.w, 1, fabs(t) < p.step * 1e-6 ? C_MUTED : C_GRID);
        cxi_fmt(buf, sizeof buf, CXI_U_MONEY, fabs(t) < p.step * 1e-6 ? 0 : t, p.step);
        cxi_text(d, F_SMALL, buf, p.x - 6 * s, yy - cxi_text_h(d, F_SMALL) / 2.0f, C_MUTED, 2);
    }
    float slot = p.w / (years > 0 ? years : 1), bw = slot * 0.56f;
    double prev = 0;
    for (int yr = 0; yr < years; yr++) {
        int mend = (yr + 1) * 12 - 1;
        if (mend > st->total - 1) mend = st->total - 1;
        float cx = p.x + slot * (yr + 0.5f);
        snprintf(buf, sizeof buf, "year %d", yr + 1);
        cxi_text(d, F_SMALL, buf, cx, p.y + p.h + 3 * s, C_MUTED, 1);
        if (yr * 12 > tnow + 1e-9) continue;
        int partial = tnow < mend;
        int m = partial ? mnow : mend;
        if (cx_view_data_gap(D, m, &g, &gh)) continue;
        SDL_Color c = C_SERIES[g >= 0 ? 1 : 0];
        if (partial) c = with_alpha(c, 120);
        float y0 = py_of(&p, 0), y1 = py_of(&p, g);
        cxi_quad(d, cx - bw / 2, y0, cx + bw / 2, y0, cx + bw / 2, y1, cx - bw / 2, y1, c);
        if (st->bands && gh > 0) {
            float ya = py_of(&p, g - gh), yb = py_of(&p, g + gh);
            cxi_line(d, cx, ya, cx, yb, 1.4f * s, C_TEXT);
            cxi_line(d, cx - 5 * s, ya, cx + 5 * s, ya, 1.4f * s, C_TEXT);
            cxi_line(d, cx - 5 * s, yb, cx + 5 * s, yb, 1.4f * s, C_TEXT);
        }
        cxi_fmt(v, sizeof v, CXI_U_MONEY, g, 0);
        float ty = g >= 0 ? fminf(y1, py_of(&p, g + (st->bands ? gh : 0))) - cxi_text_h(d, F_SMALL) - 2 * s
                          : fmaxf(y1, py_of(&p, g - (st->bands ? gh : 0))) + 2 * s;
        cxi_text(d, F_SMALL, v, cx, ty, C_TEXT, 1);
        cxi_fmt(v, sizeof v, CXI_U_MONEY, g - prev, 0);
        snprintf(buf, sizeof buf, "%s%s", g - prev >= 0 ? "+" : "", v);
        cxi_text(d, F_SMALL, buf, cx, p.y + p.h + 3 * s + cxi_text_h(d, F_SMALL), partial ? C_MUTED : C_TEXT, 1);
        prev = g;
    }
    cxi_flush(d);
    cxi_frame_rect(d, p.x, p.y, p.w + 1, p.h + 1, C_BORDER);
}
