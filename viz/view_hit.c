/* view_hit: what is under the mouse -- an event marker, a series in a
 * legend, or a line in a chart -- from where the frame last drawn put them
 * (the drawing layer records its markers, legend entries and plots), and
 * what the tooltip says about it. No drawing. */
#include <math.h>
#include <stdio.h>

#include "view_draw_internal.h"

/* The value of series s (or, metric -1, its gap against the first: a
 * baseline's against the first's baseline) at month m. */
static int value_of(const cx_view_data *D, int s, int metric, int m, double *v, double *half)
{
    if (metric >= 0) return cx_view_data_value(D, s, cxi_metrics[metric].column, m, v, half);
    cxi_gap g;
    int first = s >= CXI_GHOST ? CXI_GHOST : 0;
    if (s == first || cxi_story_gap(D, first, s, m, &g)) return -1;
    *v = g.mean, *half = g.half;
    return 0;
}

cxi_hit cxi_draw_hit(const cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int x, int y)
{
    cxi_hit h = {.kind = CXI_HIT_NONE, .series = -1, .event = -1, .panel = -1, .metric = -1, .month = -1};
    const cxi_spot *spot;
    const cxi_plot_rec *plot;
    int np, ns = cxi_draw_spots(d, &spot, &plot, &np);
    float px = (float)x + 0.5f, py = (float)y + 0.5f;
    /* markers and legend entries: the last drawn is on top */
    for (int i = ns - 1; i >= 0; i--) {
        const cxi_spot *s = &spot[i];
        if (px < s->x || px >= s->x + s->w || py < s->y || py >= s->y + s->h) continue;
        h.kind = (cxi_hit_kind)s->kind;
        h.series = s->series;
        h.event = s->index;
        return h;
    }
    /* a line: the nearest to the mouse at its month, within a few pixels */
    for (int k = 0; k < np; k++) {
        const cxi_plot_rec *p = &plot[k];
        if (px < p->x - 2 || px > p->x + p->w + 2 || py < p->y || py > p->y + p->h || p->total < 2 || p->hi <= p->lo)
            continue;
        double f = (px - p->x) / p->w;
        int m = (int)lrint((f < 0 ? 0 : f > 1 ? 1 : f) * (p->total - 1));
        if (m > st->play + 1e-9 || m >= st->avail) return h;
        float tol = fmaxf(6, 0.45f * cxi_draw_scale(d) * 12), best = tol + 1;
        for (int ghost = 0; ghost <= D->ghosts; ghost++)
            for (int i = 0; i < D->n; i++) {
                int s = ghost ? CXI_GHOST + i : i;
                double v, hw;
                if (!cxi_shown(st, i) || value_of(D, s, p->metric, m, &v, &hw)) continue;
                float ly = p->y + p->h - (float)((v - p->lo) / (p->hi - p->lo)) * p->h, dist = fabsf(ly - py);
                if (dist < best) {
                    best = dist;
                    h = (cxi_hit){CXI_HIT_LINE, s, -1, p->panel, p->metric, m, v, hw};
                }
            }
        return h;
    }
    return h;
}

void cxi_hit_words(const cxi_hit *h, const cx_view_data *D, char *line1, char *line2, size_t n)
{
    char v[48], hw[48];
    line1[0] = line2[0] = 0;
    switch (h->kind) {
    case CXI_HIT_EVENT: {
        const cxi_event *e = h->event >= 0 && (size_t)h->event < D->n_ev ? &D->ev[h->event] : NULL;
        if (!e) return;
        char w[64];
        cxi_ev_words(e, w, sizeof w);
        snprintf(line1, n, "%s (%s), %s, month %d", w, cx_note_kind_name(e->kind), D->s[e->series].label,
                 (int)floor(e->month) + 1);
        snprintf(line2, n, "%s", e->text);
        return;
    }
    case CXI_HIT_LINE: {
        int base = h->series >= CXI_GHOST, s = base ? h->series - CXI_GHOST : h->series;
        cxi_unit u = h->metric >= 0 ? cxi_metrics[h->metric].unit : CXI_U_MONEY;
        cxi_fmt(v, sizeof v, u, h->value, 0);
        cxi_fmt(hw, sizeof hw, u, h->half, 0);
        if (h->metric >= 0)
            snprintf(line1, n, "%s%s, %s, month %d", D->s[s].label, base ? " without the what-ifs" : "",
                     cxi_metrics[h->metric].title, h->month + 1);
        else
            snprintf(line1, n, "%s%s, TCO saved against %s, month %d", D->s[s].label,
                     base ? " without the what-ifs" : "", D->s[0].label, h->month + 1);
        if (h->half > 0) snprintf(line2, n, "%s \xc2\xb1 %s (95%%, %d runs)", v, hw, D->s[s].n_reps);
        else snprintf(line2, n, "%s", v);
        return;
    }
    case CXI_HIT_LEGEND:
        snprintf(line1, n, "%s", D->s[h->series].label);
        snprintf(line2, n, "click: hide or show it in the charts (Ctrl %d)", h->series + 1);
        return;
    default: return;
    }
}
