/* view_operation: the operation panel of the drawing layer -- the contact
 * centre of each regime at the playhead: contacts waiting in the queue, the
 * employed team as dots coloured by knowledge (novice, developing,
 * proficient; solid while on duty), the month's hires walking in and
 * leavers walking out, and a banner when a transition replaced the team.
 * The key says new, learning, expert: knowledge below half of
 * learning.proficient_k, up to it, at or above it.
 * Everything comes from the monthly state the model writes (mean_queue,
 * agents_on_duty, agents_novice/developing/proficient, hires, leavers,
 * in_pipeline, provider_changes), nothing from a formula. */
#include <math.h>
#include <stdio.h>

#include <SDL.h>

#include "view_draw_internal.h"

static const SDL_Color C_BAND[3] = {{198, 196, 222, 255}, {138, 122, 196, 255}, {64, 44, 140, 255}};
static const SDL_Color C_HIRE = {60, 170, 90, 255};
static const SDL_Color C_LEAVE = {214, 60, 60, 255};

static double cell_or(const cx_view_data *D, int s, int metric, int m, double dflt)
{
    const cxi_cell *c = cxi_data_cell(D, s, metric, m);
    return c ? c->mean : dflt;
}

/* Agents per dot: 1, 2, 5, 10, 20 ... so that `agents` fit in `room` dots. */
static int per_dot(double agents, int room)
{
    static const int step[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    int i = 0;
    while (i + 1 < (int)(sizeof step / sizeof *step) && agents / step[i] > room) i++;
    return step[i];
}

void cxi_chart_operation(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                         const cxi_panel *pn)
{
    float s = cxi_draw_scale(d), th = (float)cxi_text_h(d, F_SMALL);
    float x = r->x + 10 * s, w = r->w - 20 * s, y = r->y + 6 * s;
    char buf[160];
    (void)pn;
    double t = fmin(st->play, st->avail - 1.0);
    if (t < 0) t = 0;
    int m = (int)floor(t + 1e-9);
    double f = t - m;          /* within the month being played: people on their way */
    int mm = f > 1e-6 && m + 1 < st->avail ? m + 1 : m; /* the month whose hires and leavers move */
    double pos = f > 1e-6 ? f : 1;
    snprintf(buf, sizeof buf, "The operation, month %d", m + 1);
    if (cxi_text_w(d, F_NORMAL, buf) > w) snprintf(buf, sizeof buf, "Operation, month %d", m + 1); /* a narrow panel */
    cxi_text_fit(d, F_NORMAL, buf, x, y, w, C_TEXT);
    y += cxi_text_h(d, F_NORMAL) + 2 * s;
    /* the key at the foot */
    float key_y = r->y + r->h - th - 6 * s;
    float lane_h = (key_y - th - 4 * s - y) / (D->n > 0 ? D->n : 1);
    float dot = fmaxf(4, 0.42f * (float)cxi_draw_text_px(d, F_SMALL)), gap = fmaxf(1, dot * 0.3f);
    float qx = x, qw = w * 0.16f, gx = x + qw + 8 * s, gw = w * 0.70f, ox = gx + gw + 6 * s;
    /* one scale for every regime: the largest team fits its lane */
    double most = 1;
    for (int i = 0; i < D->n; i++)
        most = fmax(most, cell_or(D, i, CXI_NOVICE, m, 0) + cell_or(D, i, CXI_DEVELOPING, m, 0) +
                              cell_or(D, i, CXI_PROFICIENT, m, 0) + cell_or(D, i, CXI_HIRES, mm, 0));
    int info = lane_h - 2 * th - 8 * s >= 3 * (dot + gap); /* room for a line under the dots */
    int cols = (int)(gw / (dot + gap)), rows = (int)((lane_h - (info ? 2 : 1) * th - (info ? 8 : 5) * s) / (dot + gap));
    if (cols < 1 || rows < 1) {
        cxi_text(d, F_SMALL, "too small", r->x + r->w / 2.0f, r->y + r->h / 2.0f, C_MUTED, 1);
        return;
    }
    int k = per_dot(most, cols * rows);
    for (int i = 0; i < D->n; i++, y += lane_h) {
        double band[3] = {cell_or(D, i, CXI_NOVICE, m, 0), cell_or(D, i, CXI_DEVELOPING, m, 0),
                          cell_or(D, i, CXI_PROFICIENT, m, 0)};
        double team = band[0] + band[1] + band[2], duty = cell_or(D, i, CXI_ON_DUTY, m, 0);
        double queue = cell_or(D, i, CXI_QUEUE, m, 0), pipe = cell_or(D, i, CXI_PIPELINE, m, 0);
        double hires = cell_or(D, i, CXI_HIRES, mm, 0), quits = cell_or(D, i, CXI_LEAVERS, mm, 0);
        int changed = m > 0 && cell_or(D, i, CXI_CHANGES, m, 0) > cell_or(D, i, CXI_CHANGES, m - 1, 0);
        double share = team > 0 ? fmin(1, duty / team) : 0;
        /* the lane's line: who, then its figures */
        cxi_fill(d, x, y + th / 2 - 5 * s, 10 * s, 10 * s, C_SERIES[i]);
        if (info)
            snprintf(buf, sizeof buf, "%s: %.0f of %.0f on duty", D->s[i].label, duty, team);
        else
            snprintf(buf, sizeof buf, "%s: %.0f of %.0f on duty, queue %.0f, +%.0f \xe2\x88\x92%.0f", D->s[i].label, duty,
                     team, queue, hires, quits);
        cxi_text_fit(d, F_SMALL, buf, x + 14 * s, y, w - 14 * s, C_TEXT);
        float top = y + th + 3 * s;
        /* the queue: contacts waiting, one square each (at most a column's worth) */
        int nq = (int)lrint(queue), cap = (int)(qw / (dot + gap)) * rows; /* the rest: the figure below */
        for (int q = 0; q < nq && q < cap; q++) {
            int c = q / rows, rr = rows - 1 - q % rows;
            cxi_quad(d, qx + qw - (c + 1) * (dot + gap), top + rr * (dot + gap), qx + qw - c * (dot + gap) - gap,
                     top + rr * (dot + gap), qx + qw - c * (dot + gap) - gap, top + (rr + 1) * (dot + gap) - gap,
                     qx + qw - (c + 1) * (dot + gap), top + (rr + 1) * (dot + gap) - gap, with_alpha(C_TEXT, 170));
        }
        /* the team: proficient first, solid while on duty */
        int slot = 0;
        for (int b = 2; b >= 0; b--) {
            int n = (int)lrint(band[b] / k), on = (int)lrint(band[b] * share / k);
            for (int j = 0; j < n && slot < cols * rows; j++, slot++) {
                float cx = gx + (slot % cols) * (dot + gap) + dot / 2, cy = top + (slot / cols) * (dot + gap) + dot / 2;
                if (j < on)
                    cxi_dot(d, cx, cy, dot / 2, C_BAND[b]);
                else
                    cxi_dot(d, cx, cy, dot / 2, with_alpha(C_BAND[b], 90));
            }
        }
        /* hires walk in from the queue's side to the end of the team; leavers walk out to the right */
        int nh = (int)ceil(hires / k - 1e-9), nl = (int)ceil(quits / k - 1e-9);
        for (int j = 0; j < nh && slot + j < cols * rows; j++) {
            int sl = slot + j;
            float tx = gx + (sl % cols) * (dot + gap) + dot / 2, ty = top + (sl / cols) * (dot + gap) + dot / 2;
            float sx = gx - 4 * s, sy = top + rows * (dot + gap);
            cxi_dot(d, sx + (float)pos * (tx - sx), sy + (float)pos * (ty - sy), dot / 2, C_HIRE);
        }
        for (int j = 0; j < nl; j++) {
            float sx = gx + gw - dot, sy = top + (j % rows) * (dot + gap) + dot / 2;
            float ex = ox + (r->x + r->w - 8 * s - ox) * (float)pos;
            cxi_dot(d, sx + (ex - sx) * (float)pos, sy, dot / 2, with_alpha(C_LEAVE, (Uint8)(255 - 150 * pos)));
        }
        /* under the dots: the queue, the month's movements, the pipeline */
        /* as much as fits: the pipeline goes first, then the words */
        snprintf(buf, sizeof buf, "queue %.0f  \xc2\xb7  +%.0f hired  \xe2\x88\x92%.0f left  \xc2\xb7  %.0f in training", queue,
                 hires, quits, pipe);
        if (cxi_text_w(d, F_SMALL, buf) > w)
            snprintf(buf, sizeof buf, "queue %.0f  \xc2\xb7  +%.0f hired  \xe2\x88\x92%.0f left", queue, hires, quits);
        if (cxi_text_w(d, F_SMALL, buf) > w)
            snprintf(buf, sizeof buf, "queue %.0f  +%.0f  \xe2\x88\x92%.0f", queue, hires, quits);
        if (info) cxi_text_fit(d, F_SMALL, buf, x, top + rows * (dot + gap) + 2 * s, w, C_MUTED);
        if (changed) {
            const char *msg = "provider replaced: a new team";
            float bw = cxi_text_w(d, F_SMALL, msg) + 12 * s, by = top + (rows * (dot + gap) - th) / 2 - 3 * s;
            cxi_fill(d, gx + (gw - bw) / 2, by, bw, th + 6 * s, cxi_ev_style_of(CX_N_TRANSITION).c);
            cxi_text(d, F_SMALL, msg, gx + gw / 2, by + 3 * s, C_PANEL, 1);
        }
        cxi_flush(d);
    }
    /* the key */
    static const char *const names[3] = {"new", "learning", "expert"};
    float kx = x;
    for (int b = 0; b < 3; b++) {
        if (kx + dot + 4 * s + cxi_text_w(d, F_SMALL, names[b]) > x + w) break;
        cxi_dot(d, kx + dot / 2, key_y + th / 2, dot / 2, C_BAND[b]);
        kx += dot + 4 * s + cxi_text(d, F_SMALL, names[b], kx + dot + 4 * s, key_y, C_MUTED, 0) + 10 * s;
    }
    snprintf(buf, sizeof buf, "dot = %d agent%s, faded off duty", k, k == 1 ? "" : "s");
    if (cxi_text_w(d, F_SMALL, buf) > w) snprintf(buf, sizeof buf, "dot = %d agent%s", k, k == 1 ? "" : "s");
    cxi_text_fit(d, F_SMALL, buf, x, key_y - th, w, C_MUTED);
    cxi_flush(d);
}
