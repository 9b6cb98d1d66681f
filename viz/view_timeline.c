/* view_timeline: the title bar and its legend, the event timeline (markers,
 * hires and leavers, the playhead), the status line, and the overlays (the
 * values under the mouse, the help). Part of the drawing layer with
 * view_draw.c and view_charts.c, the only files that call SDL drawing
 * functions; it draws through the primitives of view_draw_internal.h. */
#include <math.h>
#include <stdio.h>

#include <SDL.h>

#include "view_draw_internal.h"

cxi_ev_style cxi_ev_style_of(int kind)
{
    switch (kind) {
    case CX_N_REBID: return (cxi_ev_style){"RB", {200, 40, 40, 255}, 1};
    case CX_N_TRANSITION: return (cxi_ev_style){"TR", {140, 40, 160, 255}, 1};
    case CX_N_RATE_CHANGE: return (cxi_ev_style){"R%", {214, 110, 0, 255}, 1};
    case CX_N_OVERRIDE: return (cxi_ev_style){"WI", {20, 20, 20, 255}, 1};
    case CX_N_DEFECT_FIXED: return (cxi_ev_style){"FX", {0, 140, 90, 255}, 0};
    case CX_N_SPIKE: return (cxi_ev_style){"SP", {96, 96, 110, 255}, 0};
    case CX_N_PHASE: return (cxi_ev_style){"PH", {0, 110, 180, 255}, 0};
    case CX_N_JOINT_RCA: return (cxi_ev_style){"RCA", {30, 150, 150, 255}, 0};
    case CX_N_RENEWAL: return (cxi_ev_style){"RN", {100, 130, 40, 255}, 0};
    case CX_N_BLAME: return (cxi_ev_style){"BL", {112, 88, 70, 255}, 0};
    default: return (cxi_ev_style){"", {128, 128, 128, 255}, 0};
    }
}

/* Where the markers of each lane are (so that none covers another). */
#define MAX_SPANS 128
typedef struct lane_spans {
    float a[CX_VIEW_MAX_SERIES][MAX_SPANS][2]; /* [lane][marker]: left and right edge */
    int n[CX_VIEW_MAX_SERIES];                 /* markers placed per lane */
} lane_spans;

static int lane_free(const lane_spans *U, int lane, float a, float b)
{
    for (int i = 0; i < U->n[lane]; i++)
        if (a < U->a[lane][i][1] && U->a[lane][i][0] < b) return 0;
    return 1;
}

/* The centre of a marker w wide wanted at x in `lane`: x itself, or just past
 * a marker it would cover when that is at most `shift` away; NAN when neither
 * is free (or the lane is full). The place is taken. */
static float place(lane_spans *U, int lane, float x, float w, float x_max, float shift)
{
    float best = NAN;
    if (U->n[lane] >= MAX_SPANS) return NAN;
    if (x + w / 2 > x_max) x = x_max - w / 2;
    if (lane_free(U, lane, x - w / 2, x + w / 2)) best = x;
    for (int i = 0; isnan(best) && i < U->n[lane]; i++) {
        float c = U->a[lane][i][1] + 1 + w / 2;
        if (c - x <= shift && c + w / 2 <= x_max && lane_free(U, lane, c - w / 2, c + w / 2)) best = c;
    }
    if (isnan(best)) return NAN;
    U->a[lane][U->n[lane]][0] = best - w / 2;
    U->a[lane][U->n[lane]][1] = best + w / 2;
    U->n[lane]++;
    return best;
}

/* What a marker says in words (presentation mode). */
void cxi_ev_words(const cxi_event *e, char *out, size_t n)
{
    switch (e->kind) {
    case CX_N_REBID: snprintf(out, n, "re-bid"); return;
    case CX_N_TRANSITION: snprintf(out, n, "provider replaced"); return;
    case CX_N_RATE_CHANGE:
        if (fabs(e->value) < 0.005)
            snprintf(out, n, "rate kept");
        else
            snprintf(out, n, "rate %s%.0f%%", e->value < 0 ? "\xe2\x88\x92" : "+", fabs(100 * e->value));
        return;
    case CX_N_OVERRIDE: snprintf(out, n, "what-if"); return;
    case CX_N_PHASE: {
        static const char *const ph[4] = {"transactional", "op. proof", "transparency", "partnership"};
        int k = (int)lrint(e->value);
        snprintf(out, n, "%s", ph[k < 0 ? 0 : k > 3 ? 3 : k]);
        return;
    }
    case CX_N_RENEWAL: snprintf(out, n, "renewal"); return;
    default: snprintf(out, n, "%s", cxi_ev_style_of(e->kind).code); return;
    }
}

/* ------------------------------------------------------------------ */
/* Title, timeline, status, help                                        */

void cxi_title_bar(cxi_draw *d, const cx_view_layout *L)
{
    cxi_fill(d, 0, 0, (float)L->title.w, (float)L->title.h, C_PANEL);
    cxi_fill(d, 0, (float)L->title.h - 1, (float)L->title.w, 1, C_BORDER);
}

void cxi_draw_title(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = cxi_draw_scale(d);
    char buf[256];
    cxi_title_bar(d, L);
    float ty = (L->title.h - cxi_text_h(d, F_BIG)) / 2.0f;
    float x = 14 * s;
    x += cxi_text(d, F_BIG, "cxsim", x, ty, C_TEXT, 0) + 12 * s;
    snprintf(buf, sizeof buf, "%s%s", st->live ? "live  \xc2\xb7  " : "", D->title);
    x += cxi_text(d, F_NORMAL, buf, x, ty + 3 * s, C_TEXT, 0) + 18 * s;
    snprintf(buf, sizeof buf, "[%d/%d] %s", st->set + 1, cxi_n_sets, cx_view_set_name(st->set));
    cxi_text(d, F_NORMAL, buf, x, ty + 3 * s, C_MUTED, 0);
    /* legend, right-aligned */
    float rx = L->title.w - 14 * s;
    if (D->ghosts) {
        const char *g = "faded: without the what-ifs";
        rx -= cxi_text_w(d, F_SMALL, g);
        cxi_text(d, F_SMALL, g, rx, ty + 5 * s, C_MUTED, 0);
        rx -= 24 * s;
    }
    for (int i = D->n - 1; i >= 0; i--) {
        char lab[128];
        if (D->s[i].n_reps > 1)
            snprintf(lab, sizeof lab, "%s (%d reps)", D->s[i].label, D->s[i].n_reps);
        else
            snprintf(lab, sizeof lab, "%s", D->s[i].label);
        int on = cxi_shown(st, i);
        float right = rx;
        rx -= cxi_text_w(d, F_NORMAL, lab);
        cxi_text(d, F_NORMAL, lab, rx, ty + 3 * s, on ? C_TEXT : C_BORDER, 0);
        rx -= 24 * s;
        float ly = L->title.h / 2.0f;
        cxi_fill(d, rx, ly - 2 * s, 18 * s, 4 * s, on ? C_SERIES[i] : C_BORDER);
        if (on && st->bands && D->s[i].n_reps > 1)
            cxi_fill(d, rx, ly - 7 * s, 18 * s, 14 * s, with_alpha(C_SERIES[i], 52));
        cxi_spot_add(d, CXI_HIT_LEGEND, rx - 2 * s, 0, right - rx + 4 * s, (float)L->title.h, i, -1);
        rx -= 18 * s;
    }
}

void cxi_draw_timeline(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = cxi_draw_scale(d), x0, x1;
    const cx_view_rect *r = &L->timeline;
    char buf[160];
    cxi_panel_box(d, r);
    cxi_timeline_axis(L, s, &x0, &x1);
    int total = st->total > 1 ? st->total : 1;
    #define TX(m) (x0 + (float)((m) / (double)(total > 1 ? total - 1 : 1)) * (x1 - x0))
    float hy = r->y + 5 * s;
    float head_end = r->x;
    if (!L->present)
        head_end += 22 * s + cxi_text(d, F_SMALL, D->n && D->s[0].n_reps > 1 ? "EVENTS OF REPLICATION 1" : "EVENTS",
                                      r->x + 10 * s, hy, C_MUTED, 0);
    /* kind legend */
    static const int shown[] = {CX_N_REBID, CX_N_TRANSITION, CX_N_RATE_CHANGE, CX_N_OVERRIDE, CX_N_PHASE,
                                CX_N_RENEWAL, CX_N_DEFECT_FIXED, CX_N_JOINT_RCA, CX_N_SPIKE, CX_N_BLAME};
    static const char *const names[] = {"re-bid", "transition", "rate change", "what-if", "phase", "renewal",
                                        "defect fixed", "joint RCA", "spike", "blame"};
    float lx = fmaxf(x0, head_end), lim = L->present ? x0 : r->x + r->w - 10 * s; /* presentation: words, no key */
    for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
        if (!cxi_ev_shown(shown[k], st->all_events)) continue;
        cxi_ev_style es = cxi_ev_style_of(shown[k]);
        float w = cxi_text_w(d, F_SMALL, es.code) + 6 * s;
        if (lx + w + 4 * s + cxi_text_w(d, F_SMALL, names[k]) > lim) break;
        cxi_fill(d, lx, hy, w, cxi_text_h(d, F_SMALL), es.c);
        cxi_text(d, F_SMALL, es.code, lx + 3 * s, hy, C_PANEL, 0);
        lx += w + 4 * s;
        lx += cxi_text(d, F_SMALL, names[k], lx, hy, C_MUTED, 0) + 12 * s;
    }
    if (!st->all_events && lx + cxi_text_w(d, F_SMALL, "e: all kinds") <= lim)
        lx += cxi_text(d, F_SMALL, "e: all kinds", lx, hy, C_MUTED, 0) + 12 * s;
    if (D->has[CXI_HIRES] && lx + 22 * s + cxi_text_w(d, F_SMALL, "hires / leavers per month") <= lim) {
        cxi_fill(d, lx, hy + 2 * s, 3 * s, 8 * s, (SDL_Color){0, 150, 90, 200});
        cxi_fill(d, lx + 4 * s, hy + 6 * s, 3 * s, 8 * s, (SDL_Color){200, 60, 60, 200});
        lx += cxi_text(d, F_SMALL, "hires / leavers per month", lx + 11 * s, hy, C_MUTED, 0) + 22 * s;
    }
    /* lanes */
    float ly = r->y + (L->present ? 4 : 24) * s, lh = (L->present ? 16 : 18) * s;
    float lanes_top = ly;
    double hq_max = 1;
    if (D->has[CXI_HIRES])
        for (int i = 0; i < D->n; i++)
            for (int m = 0; m < st->avail; m++) {
                double v, h;
                if (!cx_view_data_value(D, i, "hires", m, &v, &h)) hq_max = fmax(hq_max, v);
                if (!cx_view_data_value(D, i, "leavers", m, &v, &h)) hq_max = fmax(hq_max, v);
            }
    /* the part already played */
    cxi_fill(d, x0, lanes_top, TX(st->play) - x0, lh * (D->n > 0 ? D->n : 1), (SDL_Color){235, 240, 248, 255});
    for (int i = 0; i < D->n; i++, ly += lh) {
        cxi_fill(d, r->x + 10 * s, ly + 5 * s, 10 * s, 8 * s, C_SERIES[i]);
        cxi_text_fit(d, F_SMALL, D->s[i].label, r->x + 24 * s, ly + 2 * s, x0 - r->x - 28 * s, C_TEXT);
        cxi_fill(d, x0, ly + lh - 1, x1 - x0, 1, C_GRID);
        float mid = ly + lh / 2;
        if (D->has[CXI_HIRES]) {
            float bw = fminf(fmaxf(1, (x1 - x0) / total * 0.35f), 4 * s);
            for (int m = 0; m <= (int)st->play && m < st->avail; m++) {
                double hv, qv, h;
                float x = TX(m);
                if (!cx_view_data_value(D, i, "hires", m, &hv, &h) && hv > 0)
                    cxi_quad(d, x - bw, mid, x, mid, x, mid - (float)(hv / hq_max) * (lh / 2 - 1), x - bw,
                         mid - (float)(hv / hq_max) * (lh / 2 - 1), (SDL_Color){0, 150, 90, 110});
                if (!cx_view_data_value(D, i, "leavers", m, &qv, &h) && qv > 0)
                    cxi_quad(d, x, mid, x + bw, mid, x + bw, mid + (float)(qv / hq_max) * (lh / 2 - 1), x,
                         mid + (float)(qv / hq_max) * (lh / 2 - 1), (SDL_Color){200, 60, 60, 110});
            }
        }
    }
    /* year ticks */
    int years = (total + 11) / 12;
    float ay = lanes_top + lh * (D->n > 0 ? D->n : 1);
    for (int yr = 0; yr <= years; yr++) {
        double m = fmin(yr * 12.0, total - 1.0);
        cxi_fill(d, floorf(TX(m)), lanes_top, 1, ay - lanes_top + 3 * s, C_BORDER);
        if (yr < years) {
            snprintf(buf, sizeof buf, "year %d", yr + 1);
            cxi_text(d, F_SMALL, buf, TX(fmin(yr * 12 + 6.0, (yr * 12 + total - 1) / 2.0)), ay + 2 * s, C_MUTED, 1);
        }
    }
    /* with replications, the markers are the first one's (the lines are means) */
    int reps = D->n ? D->s[0].n_reps : 0;
    cxi_text_fit(d, F_SMALL, reps > 1 && L->present ? "events: run 1" : "month", r->x + 10 * s, ay + 2 * s, x0 - r->x - 18 * s,
                 C_MUTED);
    /* markers (the kinds shown, up to the playhead); presentation: in words.
     * One that would cover another marker of its lane moves right just past
     * it when that is near, else it is left out: letters are never drawn
     * over each other. */
    lane_spans U = {{{{0}}}, {0}};
    float box_h = lh - 4 * s, lane_x1 = r->x + r->w - 2 * s;
    for (int pass = 0; pass < 2; pass++) /* the key kinds first: they keep their places */
        for (size_t k = 0; k < D->n_ev; k++) {
            const cxi_event *e = &D->ev[k];
            if (!cxi_ev_shown(e->kind, st->all_events) || e->month > st->play + 1e-9 || e->series >= D->n ||
                cxi_ev_key(e->kind) != !pass)
                continue;
            cxi_ev_style es = cxi_ev_style_of(e->kind);
            char word[64];
            float x = TX(fmin(e->month, total - 1.0)), at = NAN, w = 0;
            if (L->present) { /* words: a flag from the event's month on */
                cxi_ev_words(e, word, sizeof word);
                w = cxi_text_w(d, F_SMALL, word) + 6 * s;
                at = place(&U, e->series, x + w / 2, w, lane_x1, 4 * s);
            }
            if (isnan(at)) { /* the code when the words do not fit */
                snprintf(word, sizeof word, "%s", es.code);
                w = cxi_text_w(d, F_SMALL, word) + 6 * s;
                at = place(&U, e->series, x, w, lane_x1, 1.2f * w);
            }
            if (isnan(at)) continue; /* no room: left out rather than drawn over another */
            float y = lanes_top + e->series * lh + 2 * s;
            cxi_fill(d, at - w / 2, y, w, box_h, es.c);
            cxi_spot_add(d, CXI_HIT_EVENT, at - w / 2, y, w, box_h, e->series, (int)k);
            cxi_text(d, F_SMALL, word, at, y + (box_h - cxi_text_h(d, F_SMALL)) / 2, C_PANEL, 1);
        }
    /* playhead and its handle */
    float px = TX(st->play);
    cxi_fill(d, px - 1, lanes_top - 3 * s, 2, ay - lanes_top + 6 * s, C_TEXT);
    cxi_flush(d);
    cxi_tri(d, px - 6 * s, lanes_top - 9 * s, px + 6 * s, lanes_top - 9 * s, px, lanes_top - 2 * s, C_TEXT);
    cxi_flush(d);
    #undef TX
}

/* A button: a box with centred text. */
static void button(cxi_draw *d, const cx_view_rect *b, const char *text, SDL_Color bg, SDL_Color fg)
{
    if (b->w <= 0) return;
    cxi_fill(d, (float)b->x, (float)b->y, (float)b->w, (float)b->h, bg);
    cxi_frame_rect(d, (float)b->x, (float)b->y, (float)b->w, (float)b->h, C_BORDER);
    cxi_text(d, F_SMALL, text, b->x + b->w / 2.0f, b->y + (b->h - cxi_text_h(d, F_SMALL)) / 2.0f, fg, 1);
}

/* Live: whose levers, each lever's value with - and + buttons (a value its
 * policy moved since it was set is shown in italics-like blue with a star),
 * and undo. 0 when the status line is too narrow for them. */
static int draw_controls(cxi_draw *d, const cxi_view_state *st, const cx_view_layout *L, float *left_edge)
{
    cxi_controls C;
    cxi_controls_get(L, &C);
    if (C.who.w <= 0) return 0;
    static const SDL_Color C_POLICY = {0, 90, 160, 255};
    char buf[96];
    snprintf(buf, sizeof buf, "%s \xe2\x96\xbe", st->lev_who[0] ? st->lev_who : "every regime");
    cxi_fill(d, (float)C.who.x, (float)C.who.y, (float)C.who.w, (float)C.who.h, C_PANEL);
    cxi_frame_rect(d, (float)C.who.x, (float)C.who.y, (float)C.who.w, (float)C.who.h, C_BORDER);
    cxi_text_fit(d, F_SMALL, buf, C.who.x + 4.0f, C.who.y + (C.who.h - cxi_text_h(d, F_SMALL)) / 2.0f,
                 C.who.w - 8.0f, C_TEXT);
    for (int k = 0; k < 4; k++) {
        const cx_view_rect *r = &C.label[k];
        switch (k) {
        case 0: snprintf(buf, sizeof buf, "%s %.2f", cxi_lever_names[k], st->lev[k]); break;
        case 1: snprintf(buf, sizeof buf, "%s %+.0f%%", cxi_lever_names[k], 100 * st->lev[k]); break;
        default: snprintf(buf, sizeof buf, "%s %.0f", cxi_lever_names[k], st->lev[k]); break;
        }
        if (st->lev_policy[k]) strncat(buf, "*", sizeof buf - strlen(buf) - 1);
        cxi_text_fit(d, F_SMALL, buf, r->x + 4.0f, r->y + (r->h - cxi_text_h(d, F_SMALL)) / 2.0f, r->w - 6.0f,
                     st->lev_policy[k] ? C_POLICY : C_TEXT);
        button(d, &C.minus[k], "\xe2\x88\x92", C_PANEL, C_TEXT);
        button(d, &C.plus[k], "+", C_PANEL, C_TEXT);
    }
    button(d, &C.undo, "undo", C_PANEL, C_TEXT);
    *left_edge = (float)C.who.x;
    return 1;
}

void cxi_draw_status(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = cxi_draw_scale(d);
    const cx_view_rect *r = &L->status;
    char buf[320];
    cxi_fill(d, 0, (float)r->y, (float)r->w, (float)r->h, (SDL_Color){232, 235, 240, 255});
    int m = (int)floor(st->play + 1e-9);
    int waiting = st->live && st->waiting >= 0; /* the playhead is ahead of the simulated months */
    const char *play = st->playing ? "\xe2\x96\xb6 playing" : "\xe2\x9d\x9a\xe2\x9d\x9a paused";
    if (L->present)
        snprintf(buf, sizeof buf, "%s  %g mo/s%s", play, st->speed, st->live ? "" : "   h: help");
    else
        snprintf(buf, sizeof buf, "%s  %g mo/s   month %d of %d (year %d)%s   bands %s   tab: panels   h: help",
                 play, st->speed, m + 1, st->total, m / 12 + 1,
                 st->live && !waiting && st->avail < st->total ? "  simulating" : "", st->bands ? "on" : "off");
    float ty = r->y + (r->h - cxi_text_h(d, F_SMALL)) / 2.0f;
    float x = 12 * s + cxi_text(d, F_SMALL, buf, 12 * s, ty, C_TEXT, 0) + 24 * s;
    if (waiting) {
        /* a small amber tag: the simulation has not reached the month yet */
        char tag[48];
        snprintf(tag, sizeof tag, "simulating month %d \xe2\x80\xa6", st->waiting + 1);
        float tw = cxi_text_w(d, F_SMALL, tag);
        cxi_fill(d, x - 14 * s, (float)r->y + 3 * s, tw + 12 * s, (float)r->h - 6 * s,
                 (SDL_Color){255, 214, 130, 255});
        cxi_text(d, F_SMALL, tag, x - 8 * s, ty, C_TEXT, 0);
        x += tw + 16 * s;
    }
    float right = r->w - 12 * s;
    if (st->live && !draw_controls(d, st, L, &right) && st->levers[0]) {
        float lw = cxi_text_w(d, F_SMALL, st->levers);
        if (lw < (right - x) * 0.6f) {
            cxi_text(d, F_SMALL, st->levers, right, ty, C_TEXT, 2);
            right -= lw + 24 * s;
        }
    } else if (st->live) {
        right -= 12 * s;
    }
    if (st->message[0]) {
        /* a message: a box of its own above the status line, never cut by the tags */
        float th = cxi_text_h(d, F_SMALL), mw = fminf(cxi_text_w(d, F_SMALL, st->message), r->w - 40 * s);
        float my = r->y - th - 10 * s;
        cxi_fill(d, 12 * s, my, mw + 16 * s, th + 6 * s, (SDL_Color){255, 244, 214, 245});
        cxi_frame_rect(d, 12 * s, my, mw + 16 * s, th + 6 * s, (SDL_Color){214, 160, 60, 255});
        cxi_text_fit(d, F_SMALL, st->message, 20 * s, my + 3 * s, mw + 2, (SDL_Color){120, 50, 0, 255});
    }
    /* the latest shown event at or before the playhead */
    const cxi_event *last = NULL;
    for (size_t k = 0; k < D->n_ev; k++) {
        const cxi_event *e = &D->ev[k];
        if (cxi_ev_shown(e->kind, st->all_events) && e->month <= st->play + 1e-9 && (!last || e->month >= last->month))
            last = e;
    }
    if (last && right - x > 60 * s) {
        snprintf(buf, sizeof buf, "month %d, %s, %s: %s", (int)last->month + 1, D->s[last->series].label,
                 cx_note_kind_name(last->kind), last->text);
        cxi_text_fit(d, F_SMALL, buf, x, ty, right - x, C_MUTED);
    }
}

void cxi_draw_help(cxi_draw *d, int w, int h, int live)
{
    static const char *const lines[] = {
        "space  play / pause",          "+  -  faster / slower",
        "\xe2\x86\x90  \xe2\x86\x92  step a month", "Home  End  first / last month",
        "mouse  click or drag on the timeline or a chart to scrub",
        "a  presentation / analyst grid", "o  presentation: the operation / the CSAT chart",
        "tab  next panel set (shift+tab: previous)",
        "e  every event kind / the key ones", "Ctrl +  Ctrl \xe2\x88\x92  Ctrl 0  text size",
        "w  why: waterfall / table of the cost lines",
        "Ctrl 1-8 or a click on the legend  hide / show a regime",
        "hover  a marker or a line: what it is, its month and value",
        "b  95% bands on / off",        "s  screenshot (PNG in the current folder)",
        "r  restart from month 1",      "f  full screen (F11)",
        "h  this help",                 "q  esc  quit",
    };
    static const char *const lever_lines[] = {
        "What-if levers (live run; from the simulated month on, marked WI):",
        "p / P   provider pay relative to market  down / up",
        "c / C   client's rate change at renewal  deeper cut / smaller cut",
        "l / L   contract length  shorter / longer",
        "t / T   training hours per agent per month  less / more",
        "0  levers on every regime;  1-8  on that regime only",
        "u  Ctrl+Z  undo the last what-if, again and again (or the undo button)",
        "u right after r: back to the run before the restart",
        "buttons in the status line: the regime, - and + per lever",
        "value*: moved by the regime's own policy since it was set",
        "r  (live run) a fresh run from month 1, without the what-ifs",
    };
    /* the keys in one column, the levers in a second when one is too tall */
    float s = cxi_draw_scale(d), lh = cxi_text_h(d, F_SMALL) + 4 * s;
    int n = (int)(sizeof lines / sizeof *lines), nl = live ? (int)(sizeof lever_lines / sizeof *lever_lines) : 0;
    float cw[2] = {0, 0};
    for (int i = 0; i < n; i++) cw[0] = fmaxf(cw[0], (float)cxi_text_w(d, F_SMALL, lines[i]));
    for (int i = 0; i < nl; i++) cw[1] = fmaxf(cw[1], (float)cxi_text_w(d, F_SMALL, lever_lines[i]));
    int two = nl && (n + nl + 3) * lh > h - 20 * s;
    float bw = two ? cw[0] + cw[1] + 88 * s : fmaxf(cw[0], cw[1]) + 48 * s;
    float bh = ((two ? (n > nl ? n : nl) : n + nl) + 2.6f) * lh + 20 * s;
    if (bw > w - 8 * s) bw = w - 8 * s;
    float x = (w - bw) / 2, y = (h - bh) / 2;
    cxi_fill(d, 0, 0, (float)w, (float)h, (SDL_Color){20, 24, 32, 110});
    cxi_fill(d, x, y, bw, bh, C_PANEL);
    cxi_frame_rect(d, x, y, bw, bh, C_BORDER);
    float ty = y + 10 * s;
    cxi_text(d, F_BIG, "Keys", x + 20 * s, ty, C_TEXT, 0);
    ty += cxi_text_h(d, F_BIG) + 6 * s;
    float y0 = ty;
    for (int i = 0; i < n; i++, ty += lh) cxi_text_fit(d, F_SMALL, lines[i], x + 24 * s, ty, bw - 32 * s, C_TEXT);
    float lx = x + 24 * s;
    if (two) ty = y0, lx = x + cw[0] + 64 * s;
    for (int i = 0; i < nl; i++, ty += lh)
        cxi_text_fit(d, F_SMALL, lever_lines[i], lx, ty, x + bw - 8 * s - lx, i ? C_TEXT : C_MUTED);
}

/* Hover: the values of every series at the month under the mouse. */
/* A hover box bw x bh beside the mouse, inside panel r, headed by month m; its corner in *bx, *by. */
static void hover_box(cxi_draw *d, const cxi_view_state *st, const cx_view_rect *r, int m, float bw, float bh,
                      float *bx, float *by)
{
    float s = cxi_draw_scale(d);
    char buf[64];
    *bx = st->hover_x + 12 * s, *by = st->hover_y + 12 * s;
    if (*bx + bw > r->x + r->w) *bx = st->hover_x - 12 * s - bw;
    if (*bx < r->x + 2) *bx = r->x + 2;
    if (*by + bh > r->y + r->h) *by = r->y + r->h - bh;
    cxi_fill(d, *bx, *by, bw, bh, (SDL_Color){255, 255, 255, 238});
    cxi_frame_rect(d, *bx, *by, bw, bh, C_BORDER);
    snprintf(buf, sizeof buf, "month %d (year %d)", m + 1, m / 12 + 1);
    cxi_text(d, F_SMALL, buf, *bx + 6 * s, *by + 4 * s, C_MUTED, 0);
}

/* Presentation: over the compounding panel, what each regime had saved against the first at that month. */
static void hover_gap(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r)
{
    float s = cxi_draw_scale(d), x0 = r->x + 58 * s, x1 = r->x + r->w - 14 * s;
    if (st->hover_x < x0 || st->hover_x > x1 || st->hover_y < r->y || st->hover_y >= r->y + r->h || st->total < 2 ||
        D->n < 2)
        return;
    int m = (int)lrint((st->hover_x - x0) / (x1 - x0) * (st->total - 1));
    if (m > (int)st->play || m >= st->avail) return;
    char buf[200], v[40], hb[40];
    float lh = cxi_text_h(d, F_SMALL) + 2 * s, bw = r->w * 0.62f, bh = D->n * lh + 8 * s;
    float bx, by;
    hover_box(d, st, r, m, bw, bh, &bx, &by);
    for (int i = 1; i < D->n; i++) {
        cxi_gap g;
        if (cxi_story_gap(D, 0, i, m, &g)) continue;
        cxi_fmt(v, sizeof v, CXI_U_MONEY, g.mean, 0);
        cxi_fmt(hb, sizeof hb, CXI_U_MONEY, g.half, 0);
        if (g.n > 1)
            snprintf(buf, sizeof buf, "%s saved %s \xc2\xb1 %s", D->s[i].label, v, hb);
        else
            snprintf(buf, sizeof buf, "%s saved %s", D->s[i].label, v);
        cxi_text_fit(d, F_SMALL, buf, bx + 6 * s, by + 4 * s + i * lh, bw - 10 * s, C_SERIES[i]);
    }
}

/* A tooltip of two lines beside the mouse, inside the window. */
static void tooltip(cxi_draw *d, const cxi_view_state *st, const cx_view_layout *L, const char *l1, const char *l2,
                    SDL_Color c)
{
    float s = cxi_draw_scale(d), th = cxi_text_h(d, F_SMALL), W = (float)L->status.w, H = (float)(L->status.y + L->status.h);
    float bw = fminf(fmaxf(cxi_text_w(d, F_SMALL, l1), cxi_text_w(d, F_SMALL, l2)) + 14 * s, W - 8 * s);
    float bh = (l2[0] ? 2 : 1) * th + 10 * s;
    float bx = st->hover_x + 14 * s, by = st->hover_y + 14 * s;
    if (bx + bw > W - 4 * s) bx = st->hover_x - 14 * s - bw;
    if (bx < 4 * s) bx = 4 * s;
    if (by + bh > H - 4 * s) by = st->hover_y - 14 * s - bh;
    if (by < 4 * s) by = 4 * s;
    cxi_fill(d, bx, by, bw, bh, (SDL_Color){255, 255, 255, 255});
    cxi_frame_rect(d, bx, by, bw, bh, c);
    cxi_text_fit(d, F_SMALL, l1, bx + 7 * s, by + 5 * s, bw - 12 * s, C_TEXT);
    if (l2[0]) cxi_text_fit(d, F_SMALL, l2, bx + 7 * s, by + 5 * s + th, bw - 12 * s, C_MUTED);
}

void cxi_draw_hover(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    if (st->hover_x < 0) return;
    /* a marker, a legend entry or a line under the mouse: its own tooltip */
    cxi_hit h = cxi_draw_hit(d, D, st, st->hover_x, st->hover_y);
    if (h.kind != CXI_HIT_NONE) {
        char l1[256], l2[256];
        cxi_hit_words(&h, D, l1, l2, sizeof l1);
        int si = h.series >= CXI_GHOST ? h.series - CXI_GHOST : h.series;
        SDL_Color c = h.kind == CXI_HIT_EVENT ? cxi_ev_style_of(D->ev[h.event].kind).c : C_SERIES[si < 0 ? 0 : si];
        tooltip(d, st, L, l1, l2, c);
        return;
    }
    if (L->present) { /* the compounding panel only */
        hover_gap(d, D, st, &L->panel[0]);
        return;
    }
    const cxi_set *set = &cxi_sets[st->set];
    for (int i = 0; i < L->n_panels; i++) {
        const cx_view_rect *r = &L->panel[i];
        const cxi_panel *pn = &set->p[i];
        if (pn->kind == CXI_CH_GAP || !D->has[pn->metric]) continue;
        if (st->hover_x < r->x || st->hover_x >= r->x + r->w || st->hover_y < r->y || st->hover_y >= r->y + r->h)
            continue;
        float s = cxi_draw_scale(d);
        float x0 = r->x + 58 * s, x1 = r->x + r->w - 14 * s;
        if (st->hover_x < x0 || st->hover_x > x1 || st->total < 2) return;
        int m = (int)lrint((st->hover_x - x0) / (x1 - x0) * (st->total - 1));
        if (m > (int)st->play) return;
        char buf[256], v[40];
        int rows = 1 + D->n * (D->ghosts ? 2 : 1);
        float lh = cxi_text_h(d, F_SMALL) + 2 * s, bw = (D->ghosts ? 290 : 190) * s, bh = rows * lh + 8 * s;
        float bx, by;
        hover_box(d, st, r, m, bw, bh, &bx, &by);
        float bw2 = bw;
        for (int j = 0, row = 0; j < D->n * (D->ghosts ? 2 : 1); j++) {
            int k = j < D->n ? j : CXI_GHOST + j - D->n;
            double val, half;
            if (!cxi_shown(st, j < D->n ? j : j - D->n)) continue;
            if (cx_view_data_value(D, k, cxi_metrics[pn->metric].column, m, &val, &half)) continue;
            cxi_fmt(v, sizeof v, cxi_metrics[pn->metric].unit, val, 0);
            if (half > 0) {
                char hb[40];
                cxi_fmt(hb, sizeof hb, cxi_metrics[pn->metric].unit, half, 0);
                snprintf(buf, sizeof buf, "%s  %s \xc2\xb1 %s", D->s[k].label, v, hb);
            } else {
                snprintf(buf, sizeof buf, "%s  %s", D->s[k].label, v);
            }
            row++;
            cxi_text_fit(d, F_SMALL, buf, bx + 6 * s, by + 4 * s + row * lh, bw2 - 10 * s,
                     j < D->n ? C_SERIES[k] : with_alpha(C_SERIES[k - CXI_GHOST], 170));
        }
        return;
    }
}
