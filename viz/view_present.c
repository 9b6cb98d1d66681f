/* view_present: presentation mode's own pieces of the drawing layer -- the
 * title line, the headline strip of big numbers (the gap so far with its
 * interval and replications, the break-even month, the winner of each
 * dimension, the what-if's effect) and the panel that splits the gap into
 * the client's cost lines. Part of the drawing layer (view_draw_internal.h);
 * the figures come from view_story.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "view_draw_internal.h"

/* The month the figures are read at: the playhead's, within what is there. */
static int month_now(const cxi_view_state *st)
{
    double t = fmin(st->play, st->avail - 1.0);
    return t < 0 ? 0 : (int)floor(t + 1e-9);
}

void cxi_draw_present_title(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = cxi_draw_scale(d);
    char buf[256];
    cxi_title_bar(d, L);
    float ty = (L->title.h - cxi_text_h(d, F_NORMAL)) / 2.0f;
    int m = month_now(st);
    /* legend first (right-aligned), so the title is cut rather than the legend */
    float rx = L->title.w - 10 * s;
    if (D->ghosts) {
        const char *g = "dashed: without what-ifs";
        rx -= cxi_text_w(d, F_SMALL, g);
        cxi_text(d, F_SMALL, g, rx, (L->title.h - cxi_text_h(d, F_SMALL)) / 2.0f, C_MUTED, 0);
        rx -= 16 * s;
    }
    for (int i = D->n - 1; i >= 0; i--) {
        int on = cxi_shown(st, i);
        float right = rx;
        rx -= cxi_text_w(d, F_NORMAL, D->s[i].label);
        cxi_text(d, F_NORMAL, D->s[i].label, rx, ty, on ? C_TEXT : C_BORDER, 0);
        rx -= 20 * s;
        cxi_fill(d, rx, L->title.h / 2.0f - 3 * s, 16 * s, 6 * s, on ? C_SERIES[i] : C_BORDER);
        cxi_spot_add(d, CXI_HIT_LEGEND, rx - 2 * s, 0, right - rx + 4 * s, (float)L->title.h, i, -1);
        rx -= 16 * s;
    }
    if (st->live) /* one run: the scenario and seed say enough */
        snprintf(buf, sizeof buf, "live  \xc2\xb7  %s  \xc2\xb7  seed %llu  \xc2\xb7  month %d of %d", D->n ? D->s[0].scenario : "",
                 D->n ? D->s[0].seed : 0ULL, m + 1, st->total);
    else
        snprintf(buf, sizeof buf, "%s  \xc2\xb7  month %d of %d", D->title, m + 1, st->total);
    cxi_text_fit(d, F_NORMAL, buf, 10 * s, ty, rx - 20 * s, C_TEXT);
}

/* A headline cell: a label, a big number in colour c, and up to two lines under it. */
static void cell(cxi_draw *d, const cx_view_rect *r, const char *label, const char *big, SDL_Color c,
                 const char *line1, const char *line2)
{
    float s = cxi_draw_scale(d), x = r->x + 8 * s, w = r->w - 16 * s, y = r->y + 4 * s;
    cxi_panel_box(d, r);
    cxi_text_fit(d, F_SMALL, label, x, y, w, C_MUTED);
    y += cxi_text_h(d, F_SMALL) - 2 * s;
    if (cxi_text_w(d, F_HUGE, big) <= w)
        cxi_text(d, F_HUGE, big, x, y, c, 0);
    else
        cxi_text_fit(d, F_BIG, big, x, y + (cxi_text_h(d, F_HUGE) - cxi_text_h(d, F_BIG)) / 2.0f, w, c);
    y += cxi_text_h(d, F_HUGE) - 4 * s;
    if (line1 && *line1) cxi_text_fit(d, F_SMALL, line1, x, y, w, C_TEXT);
    y += cxi_text_h(d, F_SMALL);
    if (line2 && *line2 && y + cxi_text_h(d, F_SMALL) <= r->y + r->h) cxi_text_fit(d, F_SMALL, line2, x, y, w, C_MUTED);
}

/* Cell 0: who has saved how much (TCO), its interval and replications, the cash part. */
static void cell_gap(cxi_draw *d, const cx_view_data *D, int m, const cx_view_rect *r)
{
    char label[160], big[40], l1[200] = "", l2[200] = "", a[40], b[40];
    int other, lead = cxi_story_leader(D, m, &other);
    cxi_gap g;
    if (lead < 0 || other < 0 || cxi_story_gap(D, other, lead, m, &g)) {
        cell(d, r, "TCO gap so far", "\xe2\x80\x93", C_MUTED, "needs two regimes", NULL);
        return;
    }
    if (D->n == 2)
        snprintf(label, sizeof label, "%s saves (TCO so far)", D->s[lead].label);
    else
        snprintf(label, sizeof label, "%s saves vs %s", D->s[lead].label, D->s[other].label);
    cxi_fmt(big, sizeof big, CXI_U_MONEY, g.mean, 0);
    if (g.n > 1) {
        cxi_fmt(a, sizeof a, CXI_U_MONEY, g.half, 0);
        snprintf(l1, sizeof l1, "\xc2\xb1 %s, cheaper in %d/%d runs", a, (int)lrint(g.b_wins * g.n), g.n);
    }
    const cxi_cell *c0 = cxi_data_cell(D, other, CXI_CASH, m), *c1 = cxi_data_cell(D, lead, CXI_CASH, m);
    if (c0 && c1) {
        cxi_fmt(a, sizeof a, CXI_U_MONEY, c0->mean - c1->mean, 0);
        cxi_fmt(b, sizeof b, CXI_U_MONEY, g.mean - (c0->mean - c1->mean), 0);
        snprintf(g.n > 1 ? l2 : l1, sizeof l1, "cash %s, churn %s", a, b);
    }
    cell(d, r, label, big, C_SERIES[lead], l1, l2);
}

/* Cell 1: the break-even month of the regime ahead now against the runner-up. */
static void cell_break_even(cxi_draw *d, const cx_view_data *D, int m, const cx_view_rect *r)
{
    char big[40], l1[160] = "";
    int other, lead = cxi_story_leader(D, m, &other);
    if (lead < 0 || other < 0) {
        cell(d, r, "break-even", "\xe2\x80\x93", C_MUTED, NULL, NULL);
        return;
    }
    int be = cxi_story_break_even(D, lead, other, m);
    if (be <= 0) {
        snprintf(big, sizeof big, "month 1");
        snprintf(l1, sizeof l1, "%s always led", D->s[lead].label);
    } else {
        snprintf(big, sizeof big, "month %d", be + 1);
        snprintf(l1, sizeof l1, "%s led before", D->s[other].label);
    }
    cell(d, r, "break-even", big, C_SERIES[lead], l1, NULL);
}

/* Cell 2: the winner of each dimension, one row each. */
static void cell_winners(cxi_draw *d, const cx_view_data *D, int m, const cx_view_rect *r)
{
    float s = cxi_draw_scale(d), lh = (r->h - 8 * s) / 4.0f, x = r->x + 8 * s;
    float nw = 0;
    cxi_panel_box(d, r);
    for (int k = 0; k < CXI_DIM_COUNT; k++) nw = fmaxf(nw, (float)cxi_text_w(d, F_SMALL, cxi_dims[k].name));
    for (int k = 0; k < CXI_DIM_COUNT; k++) {
        float y = r->y + 4 * s + k * lh + (lh - cxi_text_h(d, F_NORMAL)) / 2.0f;
        double best, second;
        int win = cxi_story_winner(D, k, m, &best, &second);
        cxi_text(d, F_SMALL, cxi_dims[k].name, x, y + 2 * s, C_MUTED, 0);
        if (win < 0) continue;
        float wx = x + nw + 10 * s;
        cxi_fill(d, wx, y + cxi_text_h(d, F_NORMAL) / 2.0f - 5 * s, 10 * s, 10 * s, C_SERIES[win]);
        char v[40];
        cxi_fmt(v, sizeof v, cxi_metrics[cxi_dims[k].metric].unit, best, 0);
        /* the winner's name, then its figure (smaller) where it fits */
        float room = r->x + r->w - 8 * s - wx - 16 * s;
        float lw = cxi_text_fit(d, F_NORMAL, D->s[win].label, wx + 16 * s, y, room, C_TEXT);
        if (lw + 10 * s + cxi_text_w(d, F_SMALL, v) <= room)
            cxi_text(d, F_SMALL, v, wx + 16 * s + lw + 10 * s, y + cxi_text_h(d, F_NORMAL) - cxi_text_h(d, F_SMALL) - 1 * s,
                     C_TEXT, 0);
    }
}

/* Cell 3: the what-if's effect when there is one, else the replications, else the month. */
static void cell_extra(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int m, const cx_view_rect *r)
{
    char big[48], l1[200] = "", l2[200] = "", a[40];
    cxi_gap g, g0;
    int mg = D->ghosts ? D->s[CXI_GHOST].months - 1 : -1;
    if (mg > m) mg = m;
    if (D->ghosts && D->n >= 2 && mg >= 0 && cxi_story_gap(D, 0, 1, mg, &g) == 0 &&
        cxi_story_gap(D, CXI_GHOST, CXI_GHOST + 1, mg, &g0) == 0) {
        /* the change in what regime 2 saves against regime 1, and in each regime's own TCO */
        double delta = g.mean - g0.mean;
        cxi_fmt(a, sizeof a, CXI_U_MONEY, delta, 0);
        snprintf(big, sizeof big, "%s%.38s", delta > 0 ? "+" : "", a);
        snprintf(l1, sizeof l1, "%s saved", delta >= 0 ? "more" : "less");
        snprintf(l2, sizeof l2, "by month %d", mg + 1);
        cell(d, r, "your change", big, C_TEXT, l1, l2);
        return;
    }
    int reps = D->n ? D->s[0].n_reps : 0;
    if (reps > 1) {
        double share[CX_VIEW_MAX_SERIES];
        int n = cxi_story_cheapest(D, m, share);
        /* the share of the runs each regime is cheapest in, most first */
        int order[CX_VIEW_MAX_SERIES];
        for (int i = 0; i < D->n; i++) order[i] = i;
        for (int i = 1; i < D->n; i++)
            for (int j = i; j > 0 && share[order[j]] > share[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1], order[j - 1] = t;
            }
        snprintf(big, sizeof big, "%.0f%%", 100 * share[order[0]]);
        snprintf(l1, sizeof l1, "%s", D->s[order[0]].label);
        size_t at = (size_t)snprintf(l2, sizeof l2, "of %d runs", n);
        for (int i = 1; i < D->n && at < sizeof l2; i++)
            at += (size_t)snprintf(l2 + at, sizeof l2 - at, "%s%s %.0f%%", i > 1 ? ", " : "; ", D->s[order[i]].label,
                                   100 * share[order[i]]);
        char label[64];
        snprintf(label, sizeof label, "cheapest");
        cell(d, r, label, big, C_SERIES[order[0]], l1, l2);
        return;
    }
    char label[64];
    snprintf(big, sizeof big, "%d", m + 1);
    snprintf(label, sizeof label, "month");
    snprintf(l1, sizeof l1, "of %d, year %d", st->total, m / 12 + 1);
    cell(d, r, label, big, C_TEXT, l1, NULL);
}

void cxi_draw_headline(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    int m = month_now(st);
    cell_gap(d, D, m, &L->cell[0]);
    cell_break_even(d, D, m, &L->cell[1]);
    cell_winners(d, D, m, &L->cell[2]);
    cell_extra(d, D, st, m, &L->cell[3]);
    cxi_flush(d);
}

/* ------------------------------------------------------------------ */
/* Why: the gap by cost line                                            */

/* The pairs the panel explains: two regimes, the one ahead now against the
 * other; more, each against the first. np pairs (a[j], b[j]). */
static int explained_pairs(const cx_view_data *D, int m, int *a, int *b)
{
    if (D->n == 2) {
        int other, lead = cxi_story_leader(D, m, &other);
        b[0] = lead < 0 ? 1 : lead;
        a[0] = 1 - b[0];
        return 1;
    }
    for (int i = 1; i < D->n; i++) a[i - 1] = 0, b[i - 1] = i;
    return D->n - 1;
}

void cxi_chart_components(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                          const cxi_panel *pn)
{
    float s = cxi_draw_scale(d), x = r->x + 10 * s, w = r->w - 20 * s, y = r->y + 6 * s;
    float th = (float)cxi_text_h(d, F_SMALL);
    char buf[256], v[40];
    (void)pn;
    int m = month_now(st), a[CX_VIEW_MAX_SERIES], b[CX_VIEW_MAX_SERIES];
    if (D->n < 2) {
        cxi_text(d, F_NORMAL, "needs two regimes", r->x + r->w / 2.0f, r->y + r->h / 2.0f, C_MUTED, 1);
        return;
    }
    int np = explained_pairs(D, m, a, b), other, lead = cxi_story_leader(D, m, &other);
    const cxi_attrib *A = st->why_table ? NULL : st->attrib;
    if (A)
        snprintf(buf, sizeof buf, "Why %s is cheaper", A->gap >= 0 ? A->second : A->first);
    else if (!st->why_table && lead >= 0 && other >= 0)
        snprintf(buf, sizeof buf, D->n == 2 ? "Why %s is cheaper" : "Why %s is cheaper than %s", D->s[lead].label,
                 D->s[other].label);
    else if (np == 1)
        snprintf(buf, sizeof buf, "Why %s is cheaper", D->s[b[0]].label);
    else
        snprintf(buf, sizeof buf, "Saved vs %s, by cost line", D->s[0].label);
    int tf = cxi_text_w(d, F_NORMAL, buf) <= w ? F_NORMAL : F_SMALL;
    cxi_text_fit(d, tf, buf, x, y, w, C_TEXT);
    y += cxi_text_h(d, tf) + 2 * s;
    /* the figure that seems to say the opposite: cost per resolution of each regime */
    float px = x + cxi_text(d, F_SMALL, "per resolution: ", x, y, C_MUTED, 0), need = 0;
    for (int i = 0; i < D->n; i++) {
        const cxi_cell *c = cxi_data_cell(D, i, CXI_CPR, m);
        if (c) cxi_fmt(v, sizeof v, CXI_U_MONEY, c->mean, 0), need += cxi_text_w(d, F_SMALL, v) + 12 * s;
    }
    if (px + need > x + w) {
        y += th; /* the values on a line of their own */
        px = x;
    }
    for (int i = 0; i < D->n; i++) {
        const cxi_cell *c = cxi_data_cell(D, i, CXI_CPR, m);
        if (!c) continue;
        cxi_fmt(v, sizeof v, CXI_U_MONEY, c->mean, 0);
        px += cxi_text(d, F_SMALL, v, px, y, C_SERIES[i], 0) + 12 * s;
    }
    y += th;
    if (!st->why_table) { /* a waterfall: the causes (cxsim explain), or the cost lines */
        if (A)
            snprintf(buf, sizeof buf, "causes, whole run, +: %s better", A->second);
        else
            snprintf(buf, sizeof buf, "TCO so far, +: %s pays less", lead >= 0 ? D->s[lead].label : "");
        cxi_text_fit(d, F_SMALL, buf, x, y, w, C_MUTED);
        y += th + 4 * s;
        cxi_why_waterfall(d, D, st, x, y, w, r->y + r->h - 6 * s - y);
        return;
    }
    if (np == 1)
        snprintf(buf, sizeof buf, "TCO so far, +: %s pays less", D->s[b[0]].label);
    else
        snprintf(buf, sizeof buf, "TCO so far, +: pays less than %s", D->s[0].label);
    cxi_text_fit(d, F_SMALL, buf, x, y, w, C_MUTED);
    y += th + 4 * s;
    double comp[CX_VIEW_MAX_SERIES][CXI_K_COUNT + 1], big = 0;
    for (int j = 0; j < np; j++) {
        if (cxi_story_components(D, a[j], b[j], m, comp[j])) {
            cxi_text(d, F_SMALL, "no cost lines in these results", r->x + r->w / 2.0f, y + 20 * s, C_MUTED, 1);
            return;
        }
        comp[j][CXI_K_COUNT] = 0;
        for (int k = 0; k < CXI_K_COUNT; k++) comp[j][CXI_K_COUNT] += comp[j][k], big = fmax(big, fabs(comp[j][k]));
        big = fmax(big, fabs(comp[j][CXI_K_COUNT]));
    }
    int rows = 0, keep[CXI_K_COUNT + 1];
    for (int k = 0; k <= CXI_K_COUNT; k++) {
        keep[k] = k == CXI_K_COUNT;
        for (int j = 0; j < np; j++) keep[k] |= fabs(comp[j][k]) > big * 1e-3;
        rows += keep[k];
    }
    /* a row: the line's name, each pair's figure (right-aligned columns), a thin bar per pair */
    float avail = r->y + r->h - 6 * s - y, bar = np == 1 ? 0.5f * th : 0.3f * th;
    float rh = fminf(avail / rows, th + np * bar + 6 * s);
    float colw = 0;
    for (int j = 0; j < np; j++)
        for (int k = 0; k <= CXI_K_COUNT; k++) {
            cxi_fmt(v, sizeof v, CXI_U_MONEY, comp[j][k], 0);
            snprintf(buf, sizeof buf, "+%s", v);
            colw = fmaxf(colw, cxi_text_w(d, F_SMALL, buf) + 10 * s);
        }
    float bar_h = (rh - th - 3 * s) / np, mid = x + w / 2;
    if (bar_h < 1.5f * s) bar_h = 0;
    for (int k = 0; k <= CXI_K_COUNT; k++) {
        int tot = k == CXI_K_COUNT;
        if (!keep[k]) continue;
        if (y + th > r->y + r->h) break;
        if (tot) cxi_fill(d, x, y - 2 * s, w, 1, C_BORDER);
        float vx = x + w, vw = 0;
        for (int j = np - 1; j >= 0; j--, vx -= colw) {
            double val = comp[j][k];
            cxi_fmt(v, sizeof v, CXI_U_MONEY, val, 0);
            snprintf(buf, sizeof buf, "%s%s", val > 0 ? "+" : "", v);
            SDL_Color c = np == 1 ? C_SERIES[val >= 0 ? b[j] : a[j]] : C_SERIES[b[j]];
            vw = fmaxf(vw, x + w - vx + cxi_text(d, F_SMALL, buf, vx, y, tot && np == 1 ? C_TEXT : c, 2));
            if (bar_h > 0 && big > 0) {
                float len = (float)(fabs(val) / big) * (w / 2 - 2 * s), by = y + th + j * bar_h;
                cxi_fill(d, val >= 0 ? mid : mid - len, by, len, bar_h * 0.8f, c);
            }
        }
        if (bar_h > 0) cxi_fill(d, mid, y + th - 1 * s, 1, np * bar_h + 2 * s, C_MUTED);
        cxi_text_fit(d, F_SMALL, tot ? "TCO gap" : cxi_component_name(k), x, y, w - vw - 8 * s, C_TEXT);
        y += rh + (tot ? 2 * s : 0);
    }
}
