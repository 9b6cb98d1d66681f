/* view_waterfall: a gap's attribution as a waterfall (SDL2 software renderer on a surface, SDL_ttf, saved with SDL_image). */
#include "view_waterfall.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>

#include "cx_view.h"

#define W 1280
#define H 720

typedef struct wf {
    SDL_Renderer *r;
    TTF_Font *font, *bold;
} wf;

static void text(const wf *w, TTF_Font *f, const char *s, int x, int y, int align, SDL_Color c)
{
    SDL_Surface *t = TTF_RenderUTF8_Blended(f, s, c);
    if (!t) return;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(w->r, t);
    SDL_Rect dst = {align > 0 ? x - t->w : align == 0 ? x - t->w / 2 : x, y, t->w, t->h};
    if (tex) SDL_RenderCopy(w->r, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
    SDL_FreeSurface(t);
}

static void fill(const wf *w, int x, int y, int wd, int ht, SDL_Color c)
{
    SDL_SetRenderDrawColor(w->r, c.r, c.g, c.b, 255);
    SDL_Rect q = {x, ht < 0 ? y + ht : y, wd, ht < 0 ? -ht : ht};
    if (q.h < 1) q.h = 1;
    SDL_RenderFillRect(w->r, &q);
}

static void line(const wf *w, int x0, int y0, int x1, int y1, SDL_Color c)
{
    SDL_SetRenderDrawColor(w->r, c.r, c.g, c.b, 255);
    SDL_RenderDrawLine(w->r, x0, y0, x1, y1);
}

static void draw(const wf *w, const char *title, const char *unit, const cx_waterfall_bar *bars, int n, double total,
                 double total_half)
{
    const SDL_Color ink = {30, 30, 30, 255}, grey = {150, 150, 150, 255}, up = {46, 125, 50, 255},
                    down = {198, 40, 40, 255}, sum = {40, 80, 160, 255};
    fill(w, 0, 0, W, H, (SDL_Color){250, 250, 250, 255});
    text(w, w->bold, title, W / 2, 16, 0, ink);
    /* the value range: every running level, whiskers and the total */
    double lo = 0, hi = 0, level = 0;
    for (int i = 0; i < n; i++) {
        double a = level, b = level + bars[i].value;
        lo = fmin(lo, fmin(a, b) - bars[i].half), hi = fmax(hi, fmax(a, b) + bars[i].half);
        level = b;
    }
    lo = fmin(lo, total - total_half), hi = fmax(hi, total + total_half);
    if (hi - lo < 1e-12) hi = lo + 1;
    double pad = 0.08 * (hi - lo);
    lo -= pad, hi += pad;
    int x0 = 90, x1 = W - 30, y0 = 70, y1 = H - 150, slots = n + 1;
    double slot = (double)(x1 - x0) / slots;
#define Y(v) (y1 - (int)lround(((v) - lo) / (hi - lo) * (y1 - y0)))
    for (int k = 0; k <= 5; k++) { /* grid and axis labels */
        double v = lo + (hi - lo) * k / 5;
        char s[32];
        snprintf(s, sizeof s, "%+.2f", v);
        line(w, x0, Y(v), x1, Y(v), (SDL_Color){225, 225, 225, 255});
        text(w, w->font, s, x0 - 6, Y(v) - 8, 1, grey);
    }
    line(w, x0, Y(0), x1, Y(0), grey);
    text(w, w->font, unit, 12, y0 - 24, -1, grey);
    level = 0;
    for (int i = 0; i <= n; i++) {
        int bx = x0 + (int)(slot * i + slot * 0.15), bw = (int)(slot * 0.7), cx = bx + bw / 2;
        double from = i < n ? level : 0, to = i < n ? level + bars[i].value : total;
        double half = i < n ? bars[i].half : total_half;
        SDL_Color c = i == n ? sum : to >= from ? up : down;
        fill(w, bx, Y(from), bw, Y(to) - Y(from), c);
        line(w, cx, Y(to - half), cx, Y(to + half), ink); /* the CI whisker at the bar's end */
        line(w, cx - 5, Y(to - half), cx + 5, Y(to - half), ink);
        line(w, cx - 5, Y(to + half), cx + 5, Y(to + half), ink);
        if (i < n) line(w, bx + bw, Y(to), bx + (int)slot, Y(to), grey); /* the step to the next bar */
        char s[48];
        snprintf(s, sizeof s, "%+.2f", to - from);
        text(w, w->font, s, cx, (to >= from ? Y(to) - 22 : Y(to) + 4), 0, ink);
        const char *name = i < n ? bars[i].label : "the gap";
        text(w, w->font, name, cx, y1 + 12 + (i % 2) * 20, 0, ink); /* staggered: long names */
        if (i < n) level = to;
    }
#undef Y
    text(w, w->font, "green: in the second regime's favour; red: against; blue: the gap; whiskers: 95% CI over replications",
         W / 2, H - 40, 0, grey);
}

int cx_waterfall_png(const char *path, const char *title, const char *unit, const cx_waterfall_bar *bars, int n,
                     double total, double total_half, char *err, size_t errn)
{
    int rc = -1, sdl = 0, ttf = 0;
    SDL_Surface *surf = NULL;
    wf w = {0};
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || !(sdl = 1) || TTF_Init() != 0) {
        snprintf(err, errn, "SDL: %s", SDL_GetError());
        goto done;
    }
    ttf = 1;
    IMG_Init(IMG_INIT_PNG);
    w.font = TTF_OpenFont(CX_VIEW_FONT, 14);
    w.bold = TTF_OpenFont(CX_VIEW_FONT, 18);
    if (!w.font || !w.bold) {
        snprintf(err, errn, "font %s not found (install the Debian package fonts-dejavu-core)", CX_VIEW_FONT);
        goto done;
    }
    TTF_SetFontStyle(w.bold, TTF_STYLE_BOLD);
    surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGB888);
    if (!surf || !(w.r = SDL_CreateSoftwareRenderer(surf))) {
        snprintf(err, errn, "cannot create an offscreen renderer: %s", SDL_GetError());
        goto done;
    }
    draw(&w, title, unit, bars, n, total, total_half);
    SDL_RenderPresent(w.r);
    if (IMG_SavePNG(surf, path) != 0) {
        snprintf(err, errn, "cannot write the PNG: %s", IMG_GetError());
        goto done;
    }
    rc = 0;
done:
    if (w.r) SDL_DestroyRenderer(w.r);
    if (surf) SDL_FreeSurface(surf);
    if (w.font) TTF_CloseFont(w.font);
    if (w.bold) TTF_CloseFont(w.bold);
    if (ttf) {
        IMG_Quit();
        TTF_Quit();
    }
    if (sdl) SDL_Quit();
    return rc;
}
