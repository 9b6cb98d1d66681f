/* view_why: the middle panel's waterfall -- why the regime ahead is
 * cheaper, step by step. With `--attribution FILE` (an attribution.json of
 * cxsim explain) the steps are the causes, the Shapley shares of the policy
 * levers (or mechanisms) in the whole run's economic TCO gap with their CIs;
 * without it, the exact accounting components of the run shown, up to the
 * playhead (fees, penalty credits, gain-share, governance, transitions,
 * self-service, lost customers), which add up to the TCO gap. Drawn by
 * view_waterfall.c (the same code as explain's PNG) through a pen over the
 * drawing layer's primitives. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "view_draw_internal.h"
#include "view_waterfall.h"

static SDL_Color rgb_of(unsigned c) { return (SDL_Color){(Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 255}; }

static void pen_fill(void *ud, float x, float y, float w, float h, unsigned c) { cxi_fill(ud, x, y, w, h, rgb_of(c)); }

static void pen_line(void *ud, float x0, float y0, float x1, float y1, unsigned c)
{
    cxi_line(ud, x0, y0, x1, y1, fmaxf(1, cxi_draw_scale(ud)), rgb_of(c));
}

static void pen_text(void *ud, int font, const char *s, float x, float y, int align, unsigned c)
{
    cxi_text(ud, font ? F_NORMAL : F_SMALL, s, x, y, rgb_of(c), align < 0 ? 0 : align == 0 ? 1 : 2);
}

static int pen_text_w(void *ud, int font, const char *s) { return cxi_text_w(ud, font ? F_NORMAL : F_SMALL, s); }
static int pen_text_h(void *ud, int font) { return cxi_text_h(ud, font ? F_NORMAL : F_SMALL); }

/* The series whose regime is `name`, or -1. */
static int series_of(const cx_view_data *D, const char *name)
{
    for (int i = 0; i < D->n; i++)
        if (!strcmp(D->s[i].regime, name)) return i;
    return -1;
}

void cxi_why_waterfall(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, float x, float y, float w, float h)
{
    cx_waterfall_pen pen = {d, pen_fill, pen_line, pen_text, pen_text_w, pen_text_h};
    cx_waterfall_bar bars[CXI_ATTRIB_MAX + 1];
    char note[200], unit[16] = "$M";
    cx_waterfall wf = {.unit = unit, .bars = bars, .note = note};
    cx_waterfall_colours(&wf);
    const cxi_attrib *A = st->attrib;
    int good, bad; /* the regime a positive step favours, and the other */
    if (A) {
        /* the causes of the whole run's gap: the second regime's advantage */
        good = series_of(D, A->second), bad = series_of(D, A->first);
        if (A->base != 0) bars[wf.n++] = (cx_waterfall_bar){"all mechanisms off", A->base * 1e-6, 0};
        for (int i = 0; i < A->n; i++) bars[wf.n++] = (cx_waterfall_bar){A->name[i], A->mean[i] * 1e-6, A->half[i] * 1e-6};
        wf.total = A->gap * 1e-6, wf.total_half = A->gap_half * 1e-6;
        wf.total_label = "TCO gap";
        snprintf(note, sizeof note, "cxsim explain, %s, %d runs: %s wins %d, %s %d", A->game, A->reps, A->second,
                 A->second_wins, A->first, A->first_wins);
    } else {
        /* the run's own accounting up to the playhead: the leader's advantage */
        double t = fmin(st->play, st->avail - 1.0), comp[CXI_K_COUNT], big = 0;
        int m = t < 0 ? 0 : (int)floor(t + 1e-9), other, lead = cxi_story_leader(D, m, &other);
        if (lead < 0 || other < 0 || cxi_story_components(D, other, lead, m, comp)) {
            cxi_text(d, F_SMALL, "no cost lines in these results", x + w / 2, y + h / 2, C_MUTED, 1);
            return;
        }
        good = lead, bad = other;
        cxi_gap g;
        if (cxi_story_gap(D, other, lead, m, &g)) g = (cxi_gap){0};
        for (int k = 0; k < CXI_K_COUNT; k++) big = fmax(big, fabs(comp[k]));
        double div = fmax(big, fabs(g.mean)) >= 1e6 ? 1e6 : 1e3;
        if (div == 1e3) snprintf(unit, sizeof unit, "$k");
        for (int k = 0; k < CXI_K_COUNT; k++)
            if (fabs(comp[k]) > big * 1e-3) bars[wf.n++] = (cx_waterfall_bar){cxi_component_name(k), comp[k] / div, 0};
        wf.total = g.mean / div, wf.total_half = g.n > 1 ? g.half / div : 0;
        wf.total_label = "TCO gap";
        snprintf(note, sizeof note, "cost lines to month %d, exact", m + 1);
    }
    /* in the regimes' colours: a step up favours `good`, down `bad` */
    if (good >= 0 && bad >= 0) {
        SDL_Color cg = C_SERIES[good], cb = C_SERIES[bad];
        wf.up = (unsigned)cg.r << 16 | (unsigned)cg.g << 8 | cg.b;
        wf.down = (unsigned)cb.r << 16 | (unsigned)cb.g << 8 | cb.b;
        wf.sum = 0x485878; /* slate: not a regime's colour, nor the text's grey */
    }
    cx_waterfall_draw(&pen, x, y, w, h, &wf);
}
