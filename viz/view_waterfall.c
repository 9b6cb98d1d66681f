/* view_waterfall: a gap's attribution as a waterfall chart. One drawing
 * (cx_waterfall_draw) through a pen: the explain PNG's pen calls SDL_ttf and
 * the software renderer on a surface saved with SDL_image; the view's panel
 * (view_why.c) passes a pen over its own primitives and text cache. */
#include "view_waterfall.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cx_view.h"

void cx_waterfall_colours(cx_waterfall *w)
{
    w->up = 0x2E7D32;
    w->down = 0xC62828;
    w->sum = 0x2850A0;
}

/* s cut (with an ellipsis) to at most maxw pixels, into out. */
static void fit(const cx_waterfall_pen *p, const char *s, float maxw, char *out, size_t n)
{
    snprintf(out, n, "%s", s);
    size_t len = strlen(out);
    while (len > 1 && p->text_w(p->ud, 0, out) > maxw) {
        len--;
        while (len > 1 && ((unsigned char)s[len] & 0xC0) == 0x80) len--; /* whole UTF-8 characters */
        if (len + 4 > n) continue;
        memcpy(out, s, len);
        memcpy(out + len, "\xe2\x80\xa6", 4);
    }
}

/* A tick step of about (hi - lo) / 4, rounded to 1, 2 or 5 times a power of ten. */
static double nice_step(double span)
{
    double raw = span / 4, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* The steps as rows, for a narrow place (the view's panel): the factor's
 * name, its bar from the running level, the figure; the gap last. */
static void draw_rows(const cx_waterfall_pen *p, float x, float y, float width, float height, const cx_waterfall *w,
                      double lo, double hi)
{
    const unsigned ink = 0x1E1E1E, grey = 0x969696;
    float th = (float)p->text_h(p->ud, 0), pad = th * 0.4f, nw = 0, vw = 0;
    char s[160], name[160];
    for (int i = 0; i <= w->n; i++) {
        const cx_waterfall_bar *b = i < w->n ? &w->bars[i] : NULL;
        nw = fmaxf(nw, (float)p->text_w(p->ud, 0, b ? b->label : w->total_label ? w->total_label : "the gap"));
        snprintf(s, sizeof s, "%+.2f", b ? b->value : w->total);
        vw = fmaxf(vw, (float)p->text_w(p->ud, 0, s));
    }
    nw = fminf(nw, width * 0.5f);
    float x0 = x + nw + pad, x1 = x + width - vw - pad;
    const char *note = w->note;
    float rh = fminf((height - th - (note ? th + pad : 0)) / (w->n + 1), 1.9f * th);
    if (rh < th && note) note = NULL, rh = fminf((height - th) / (w->n + 1), 1.9f * th); /* tight: no note */
    if (x1 - x0 < 2 * th || rh < th * 0.75f) return; /* no room */
#define X(v) (x0 + (float)(((v) - lo) / (hi - lo)) * (x1 - x0))
    p->text(p->ud, 0, w->unit, x + width, y, 1, grey);
    float top = y + th, bh = fmaxf(2, rh - th * 0.55f);
    p->line(p->ud, X(0), top, X(0), top + rh * (w->n + 1), grey);
    double level = 0;
    for (int i = 0; i <= w->n; i++) {
        double from = i < w->n ? level : 0, to = i < w->n ? level + w->bars[i].value : w->total;
        double half = i < w->n ? w->bars[i].half : w->total_half;
        unsigned c = i == w->n ? w->sum : to >= from ? w->up : w->down;
        float ry = top + i * rh, by = ry + (rh - bh) / 2, xa = fminf(X(from), X(to)), xb = fmaxf(X(from), X(to));
        if (i == w->n) p->line(p->ud, x, ry, x + width, ry, grey);
        p->fill(p->ud, xa, by, fmaxf(1, xb - xa), bh, c);
        if (half > 0) { /* the CI whisker at the bar's end */
            float cy = by + bh / 2, wk = bh * 0.35f;
            p->line(p->ud, X(to - half), cy, X(to + half), cy, ink);
            p->line(p->ud, X(to - half), cy - wk, X(to - half), cy + wk, ink);
            p->line(p->ud, X(to + half), cy - wk, X(to + half), cy + wk, ink);
        }
        if (i < w->n) p->line(p->ud, X(to), by + bh, X(to), by + rh, grey); /* the step to the next row */
        fit(p, i < w->n ? w->bars[i].label : w->total_label ? w->total_label : "the gap", nw, name, sizeof name);
        p->text(p->ud, 0, name, x, ry + (rh - th) / 2, -1, ink);
        snprintf(s, sizeof s, "%+.2f", to - from);
        p->text(p->ud, 0, s, x + width, ry + (rh - th) / 2, 1, i == w->n ? ink : c);
        if (i < w->n) level = to;
    }
#undef X
    if (note) {
        fit(p, note, width, s, sizeof s);
        p->text(p->ud, 0, s, x, top + rh * (w->n + 1) + pad / 2, -1, grey);
    }
}

void cx_waterfall_draw(const cx_waterfall_pen *p, float x, float y, float width, float height, const cx_waterfall *w)
{
    const unsigned ink = 0x1E1E1E, grey = 0x969696, grid = 0xE1E1E1;
    float th = (float)p->text_h(p->ud, 0), pad = th * 0.4f;
    char s[160];
    if (w->title) {
        fit(p, w->title, width, s, sizeof s);
        p->text(p->ud, 1, s, x + width / 2, y, 0, ink);
        y += p->text_h(p->ud, 1) + pad, height -= p->text_h(p->ud, 1) + pad;
    }
    /* the value range: every running level, whiskers and the total */
    double lo = 0, hi = 0, level = 0;
    for (int i = 0; i < w->n; i++) {
        double a = level, b = level + w->bars[i].value;
        lo = fmin(lo, fmin(a, b) - w->bars[i].half), hi = fmax(hi, fmax(a, b) + w->bars[i].half);
        level = b;
    }
    lo = fmin(lo, w->total - w->total_half), hi = fmax(hi, w->total + w->total_half);
    if (hi - lo < 1e-12) hi = lo + 1;
    /* columns, unless the names would not fit under them: then rows */
    float longest = 0;
    for (int i = 0; i < w->n; i++) longest = fmaxf(longest, (float)p->text_w(p->ud, 0, w->bars[i].label));
    if (longest > 1.9f * (width - 4 * th) / (w->n + 1)) {
        draw_rows(p, x, y, width, height, w, lo, hi);
        return;
    }
    double step = nice_step(hi - lo);
    lo = step * floor(lo / step - 0.3), hi = step * ceil(hi / step + 0.3);
    float lw = 0;
    for (double v = lo; v <= hi + step / 2; v += step) {
        snprintf(s, sizeof s, "%+.*f", step < 0.1 ? 2 : step < 1 ? 1 : 0, v);
        lw = fmaxf(lw, (float)p->text_w(p->ud, 0, s));
    }
    float x0 = x + lw + pad, x1 = x + width - pad, y0 = y + th + pad;
    float y1 = y + height - 2.2f * th - (w->note ? th + pad : 0);
    if (y1 - y0 < 2 * th || x1 - x0 < 4 * th) return; /* no room */
    int slots = w->n + 1;
    float slot = (x1 - x0) / slots;
#define Y(v) (y1 - (float)(((v) - lo) / (hi - lo)) * (y1 - y0))
    for (double v = lo; v <= hi + step / 2; v += step) { /* grid and axis labels */
        if (fabs(v) < step * 1e-6) snprintf(s, sizeof s, "0");
        else snprintf(s, sizeof s, "%+.*f", step < 0.1 ? 2 : step < 1 ? 1 : 0, v);
        p->line(p->ud, x0, Y(v), x1, Y(v), grid);
        p->text(p->ud, 0, s, x0 - pad / 2, Y(v) - th / 2, 1, grey);
    }
    p->line(p->ud, x0, Y(0), x1, Y(0), grey);
    p->text(p->ud, 0, w->unit, x, y, -1, grey);
    level = 0;
    for (int i = 0; i <= w->n; i++) {
        float bx = x0 + slot * i + slot * 0.15f, bw = slot * 0.7f, cx = bx + bw / 2;
        double from = i < w->n ? level : 0, to = i < w->n ? level + w->bars[i].value : w->total;
        double half = i < w->n ? w->bars[i].half : w->total_half;
        unsigned c = i == w->n ? w->sum : to >= from ? w->up : w->down;
        float ya = fminf(Y(from), Y(to)), yb = fmaxf(Y(from), Y(to));
        p->fill(p->ud, bx, ya, bw, fmaxf(1, yb - ya), c);
        if (half > 0) { /* the CI whisker at the bar's end */
            float wk = fminf(bw / 4, th / 2);
            p->line(p->ud, cx, Y(to - half), cx, Y(to + half), ink);
            p->line(p->ud, cx - wk, Y(to - half), cx + wk, Y(to - half), ink);
            p->line(p->ud, cx - wk, Y(to + half), cx + wk, Y(to + half), ink);
        }
        if (i < w->n) p->line(p->ud, bx + bw, Y(to), bx + slot, Y(to), grey); /* the step to the next bar */
        snprintf(s, sizeof s, "%+.2f", to - from);
        if (p->text_w(p->ud, 0, s) <= slot * 1.05f) {
            float ty = to >= from ? Y(to + half) - th - 1 : Y(to - half) + 1;
            p->text(p->ud, 0, s, cx, ty, 0, ink);
        }
        char name[160];
        fit(p, i < w->n ? w->bars[i].label : w->total_label ? w->total_label : "the gap", slot * 1.9f, name,
            sizeof name);
        p->text(p->ud, 0, name, cx, y1 + pad / 2 + (i % 2) * th, 0, ink); /* staggered: long names */
        if (i < w->n) level = to;
    }
#undef Y
    if (w->note) {
        fit(p, w->note, width, s, sizeof s);
        p->text(p->ud, 0, s, x + width / 2, y1 + pad + 2 * th, 0, grey);
    }
}

/* ------------------------------------------------------------------ */
/* The PNG's pen: SDL_ttf straight onto a software renderer             */

typedef struct png_pen {
    SDL_Renderer *r;
    TTF_Font *font[2];
} png_pen;

static void png_fill(void *ud, float x, float y, float w, float h, unsigned rgb)
{
    png_pen *g = ud;
    SDL_SetRenderDrawColor(g->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
    SDL_FRect q = {x, y, w, h};
    SDL_RenderFillRectF(g->r, &q);
}

static void png_line(void *ud, float x0, float y0, float x1, float y1, unsigned rgb)
{
    png_pen *g = ud;
    SDL_SetRenderDrawColor(g->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
    SDL_RenderDrawLineF(g->r, x0, y0, x1, y1);
}

static void png_text(void *ud, int font, const char *s, float x, float y, int align, unsigned rgb)
{
    png_pen *g = ud;
    SDL_Surface *t = *s ? TTF_RenderUTF8_Blended(g->font[font], s, (SDL_Color){(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255}) : NULL;
    if (!t) return;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(g->r, t);
    SDL_FRect dst = {align > 0 ? x - t->w : align == 0 ? x - t->w / 2.0f : x, y, (float)t->w, (float)t->h};
    if (tex) SDL_RenderCopyF(g->r, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
    SDL_FreeSurface(t);
}

static int png_text_w(void *ud, int font, const char *s)
{
    png_pen *g = ud;
    int w = 0, h = 0;
    return TTF_SizeUTF8(g->font[font], s, &w, &h) == 0 ? w : 0;
}

static int png_text_h(void *ud, int font)
{
    png_pen *g = ud;
    return TTF_FontHeight(g->font[font]);
}

#define PNG_W 1280
#define PNG_H 720

int cx_waterfall_png(const char *path, const char *title, const char *unit, const cx_waterfall_bar *bars, int n,
                     double total, double total_half, char *err, size_t errn)
{
    int rc = -1, sdl = 0, ttf = 0;
    SDL_Surface *surf = NULL;
    png_pen g = {0};
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || !(sdl = 1) || TTF_Init() != 0) {
        snprintf(err, errn, "SDL: %s", SDL_GetError());
        goto done;
    }
    ttf = 1;
    IMG_Init(IMG_INIT_PNG);
    g.font[0] = TTF_OpenFont(CX_VIEW_FONT, 14);
    g.font[1] = TTF_OpenFont(CX_VIEW_FONT, 18);
    if (!g.font[0] || !g.font[1]) {
        snprintf(err, errn, "font %s not found (install the Debian package fonts-dejavu-core)", CX_VIEW_FONT);
        goto done;
    }
    TTF_SetFontStyle(g.font[1], TTF_STYLE_BOLD);
    surf = SDL_CreateRGBSurfaceWithFormat(0, PNG_W, PNG_H, 32, SDL_PIXELFORMAT_RGB888);
    if (!surf || !(g.r = SDL_CreateSoftwareRenderer(surf))) {
        snprintf(err, errn, "cannot create an offscreen renderer: %s", SDL_GetError());
        goto done;
    }
    cx_waterfall_pen pen = {&g, png_fill, png_line, png_text, png_text_w, png_text_h};
    cx_waterfall w = {.title = title, .unit = unit, .bars = bars, .n = n, .total = total, .total_half = total_half,
                      .note = "green: in the second regime's favour; red: against; blue: the gap; whiskers: 95% CI "
                              "over replications"};
    cx_waterfall_colours(&w);
    png_fill(&g, 0, 0, PNG_W, PNG_H, 0xFAFAFA);
    cx_waterfall_draw(&pen, 30, 16, PNG_W - 60, PNG_H - 40, &w);
    SDL_RenderPresent(g.r);
    if (IMG_SavePNG(surf, path) != 0) {
        snprintf(err, errn, "cannot write the PNG: %s", IMG_GetError());
        goto done;
    }
    rc = 0;
done:
    if (g.r) SDL_DestroyRenderer(g.r);
    if (surf) SDL_FreeSurface(surf);
    for (int i = 0; i < 2; i++)
        if (g.font[i]) TTF_CloseFont(g.font[i]);
    if (ttf) {
        IMG_Quit();
        TTF_Quit();
    }
    if (sdl) SDL_Quit();
    return rc;
}
