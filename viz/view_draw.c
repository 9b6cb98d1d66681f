/* view_draw: the drawing layer's base -- the drawing context, fonts, the text
 * cache, the primitives, number formats, the layout and the frame. The
 * drawing layer is this file, view_charts.c (the chart panels) and
 * view_timeline.c (title, event strip, status and overlays): only these three
 * call SDL drawing functions (view_draw_internal.h is what they share).
 *
 * Nothing here allocates per frame: text is rendered once into textures kept
 * in a fixed-size cache (entries not used in the last frames are recycled
 * when it fills), and lines, bands and markers go through one fixed vertex
 * buffer that is flushed to SDL_RenderGeometry when full. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "view_draw_internal.h"

static const SDL_Color C_BG = {244, 245, 248, 255};

/* ------------------------------------------------------------------ */
/* The drawing context and its text cache                               */

#define TEXT_SLOTS 1024       /* cache slots (power of two) */
#define TEXT_KEEP 700         /* sweep when this many are held */
#define TEXT_MAX 160          /* longest string cached (longer ones are cut) */
#define VERTS 6000            /* vertex buffer (multiple of 3) */

typedef struct text_slot {
    SDL_Texture *tex;         /* NULL: free slot */
    unsigned hash;            /* of font and string */
    int font;                 /* F_* */
    int w, h;                 /* size in pixels */
    unsigned used;            /* frame it was last drawn in */
    char s[TEXT_MAX];         /* the string */
} text_slot;

struct cxi_draw {
    SDL_Renderer *r;
    char font_path[1024];
    TTF_Font *font[F_COUNT];
    int font_px[F_COUNT];     /* point sizes the fonts were opened at */
    float s;                  /* scale: 1 at 1600x900 */
    unsigned frame;           /* frames drawn */
    size_t held;              /* textures in the cache */
    text_slot slot[TEXT_SLOTS];
    text_slot keep[TEXT_SLOTS]; /* scratch for sweeps */
    SDL_Vertex v[VERTS];
    int nv;                   /* vertices queued */
    int ttf_inited;           /* 1: we called TTF_Init */
    cxi_spot spot[CXI_MAX_SPOTS]; /* what the frame last drawn put where (markers, legend entries) */
    int n_spots;
    cxi_plot_rec plot[CX_VIEW_MAX_PANELS]; /* its plots over the months */
    int n_plots;
    int panel;                /* the chart being drawn, -1 none */
};

static unsigned hash_str(int font, const char *s)
{
    unsigned h = 2166136261u ^ (unsigned)font;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void cache_clear(cxi_draw *d)
{
    for (int i = 0; i < TEXT_SLOTS; i++)
        if (d->slot[i].tex) {
            SDL_DestroyTexture(d->slot[i].tex);
            d->slot[i].tex = NULL;
        }
    d->held = 0;
}

static text_slot *cache_probe(cxi_draw *d, unsigned h, int font, const char *s)
{
    for (unsigned i = h & (TEXT_SLOTS - 1);; i = (i + 1) & (TEXT_SLOTS - 1)) {
        text_slot *t = &d->slot[i];
        if (!t->tex || (t->hash == h && t->font == font && !strcmp(t->s, s))) return t;
    }
}

/* Keep what the last two frames used; free the rest. */
static void cache_sweep(cxi_draw *d)
{
    int nk = 0;
    for (int i = 0; i < TEXT_SLOTS; i++) {
        text_slot *t = &d->slot[i];
        if (!t->tex) continue;
        if (t->used + 1 >= d->frame && nk < TEXT_KEEP / 2)
            d->keep[nk++] = *t;
        else
            SDL_DestroyTexture(t->tex);
        t->tex = NULL;
    }
    d->held = 0;
    for (int i = 0; i < nk; i++) {
        text_slot *t = cache_probe(d, d->keep[i].hash, d->keep[i].font, d->keep[i].s);
        *t = d->keep[i];
        d->held++;
    }
}

static void close_fonts(cxi_draw *d)
{
    for (int i = 0; i < F_COUNT; i++)
        if (d->font[i]) {
            TTF_CloseFont(d->font[i]);
            d->font[i] = NULL;
        }
}

/* Open the fonts at px[F_COUNT] pixels (nothing when they are open at those sizes). */
static int open_fonts(cxi_draw *d, const int *px, char *err, size_t n)
{
    if (d->font[0] && !memcmp(px, d->font_px, sizeof d->font_px)) return 0;
    cache_clear(d);
    close_fonts(d);
    for (int i = 0; i < F_COUNT; i++) {
        d->font[i] = TTF_OpenFont(d->font_path, px[i] < 6 ? 6 : px[i]);
        if (!d->font[i]) {
            snprintf(err, n, "cannot open the font %s: %s", d->font_path, TTF_GetError());
            close_fonts(d);
            return -1;
        }
        d->font_px[i] = px[i];
    }
    TTF_SetFontStyle(d->font[F_BIG], TTF_STYLE_BOLD);
    TTF_SetFontStyle(d->font[F_HUGE], TTF_STYLE_BOLD);
    return 0;
}

/* The fonts' sizes for a layout: the grid's 12/14/19 px at 1600x900, scaled;
 * presentation: the layout's smallest text and headline size. */
static void font_sizes(const cx_view_layout *L, int *px)
{
    if (L->present) {
        px[F_SMALL] = L->text_px;
        px[F_NORMAL] = (int)lrint(L->text_px * 1.2);
        px[F_BIG] = (int)lrint(L->text_px * 1.45);
        px[F_HUGE] = L->head_px;
        return;
    }
    static const int base[F_COUNT] = {12, 14, 19, 36};
    for (int i = 0; i < F_COUNT; i++) px[i] = (int)lrint(base[i] * L->scale);
}

static float scale_for(int w, int h)
{
    float s = fminf(w / 1600.0f, h / 900.0f);
    return s < 0.5f ? 0.5f : s > 3.0f ? 3.0f : s;
}

cxi_draw *cxi_draw_new(SDL_Renderer *r, const char *font, int w, int h, char *err, size_t n)
{
    FILE *f = fopen(font, "rb");
    if (!f) {
        snprintf(err, n,
                 "font %s not found (install the Debian package fonts-dejavu-core, or pass --font FILE)",
                 font);
        return NULL;
    }
    fclose(f);
    cxi_draw *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    d->r = r;
    snprintf(d->font_path, sizeof d->font_path, "%s", font);
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            snprintf(err, n, "SDL_ttf: %s", TTF_GetError());
            free(d);
            return NULL;
        }
        d->ttf_inited = 1;
    }
    cx_view_layout L;
    int px[F_COUNT];
    cx_view_layout_get(w, h, 0, 1, &L);
    font_sizes(&L, px);
    d->s = (float)L.scale;
    if (open_fonts(d, px, err, n)) {
        cxi_draw_free(d);
        return NULL;
    }
    return d;
}

void cxi_draw_free(cxi_draw *d)
{
    if (!d) return;
    cache_clear(d);
    close_fonts(d);
    if (d->ttf_inited) TTF_Quit();
    free(d);
}

size_t cxi_draw_cached(const cxi_draw *d) { return d->held; }

float cxi_draw_scale(const cxi_draw *d) { return d->s; }

/* ------------------------------------------------------------------ */
/* Primitives                                                           */

void cxi_flush(cxi_draw *d)
{
    if (d->nv) SDL_RenderGeometry(d->r, NULL, d->v, d->nv, NULL, 0);
    d->nv = 0;
}

void cxi_tri(cxi_draw *d, float x0, float y0, float x1, float y1, float x2, float y2, SDL_Color c)
{
    if (d->nv + 3 > VERTS) cxi_flush(d);
    SDL_Vertex *v = d->v + d->nv;
    v[0] = (SDL_Vertex){{x0, y0}, c, {0, 0}};
    v[1] = (SDL_Vertex){{x1, y1}, c, {0, 0}};
    v[2] = (SDL_Vertex){{x2, y2}, c, {0, 0}};
    d->nv += 3;
}

void cxi_quad(cxi_draw *d, float ax, float ay, float bx, float by, float cx, float cy, float dx,
              float dy, SDL_Color c)
{
    cxi_tri(d, ax, ay, bx, by, cx, cy, c);
    cxi_tri(d, ax, ay, cx, cy, dx, dy, c);
}

void cxi_fill(cxi_draw *d, float x, float y, float w, float h, SDL_Color c)
{
    cxi_flush(d);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_FRect rc = {x, y, w, h};
    SDL_RenderFillRectF(d->r, &rc);
}

void cxi_frame_rect(cxi_draw *d, float x, float y, float w, float h, SDL_Color c)
{
    cxi_flush(d);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_FRect rc = {x, y, w, h};
    SDL_RenderDrawRectF(d->r, &rc);
}

/* A line `width` pixels wide, as a quad. */
void cxi_line(cxi_draw *d, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    cxi_quad(d, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

void cxi_dot(cxi_draw *d, float x, float y, float r, SDL_Color c)
{
    enum { K = 10 };
    for (int i = 0; i < K; i++) {
        float a0 = (float)(2 * 3.14159265358979 * i / K), a1 = (float)(2 * 3.14159265358979 * (i + 1) / K);
        cxi_tri(d, x, y, x + r * cosf(a0), y + r * sinf(a0), x + r * cosf(a1), y + r * sinf(a1), c);
    }
}

void cxi_dashed_vline(cxi_draw *d, float x, float y0, float y1, float dash, SDL_Color c)
{
    for (float y = y0; y < y1; y += 2 * dash)
        cxi_quad(d, x - 0.6f, y, x + 0.6f, y, x + 0.6f, fminf(y + dash, y1), x - 0.6f, fminf(y + dash, y1), c);
}

void cxi_clip(cxi_draw *d, float x, float y, float w, float h)
{
    cxi_flush(d);
    if (w <= 0 || h <= 0) {
        SDL_RenderSetClipRect(d->r, NULL);
        return;
    }
    SDL_Rect rc = {(int)floorf(x), (int)floorf(y), (int)ceilf(w) + 1, (int)ceilf(h) + 1};
    SDL_RenderSetClipRect(d->r, &rc);
}

void cxi_panel_box(cxi_draw *d, const cx_view_rect *r)
{
    cxi_fill(d, (float)r->x, (float)r->y, (float)r->w, (float)r->h, C_PANEL);
    cxi_frame_rect(d, (float)r->x, (float)r->y, (float)r->w, (float)r->h, C_BORDER);
}

/* Text: a cached texture, tinted. align 0 left, 1 centre, 2 right; y is the top. */
static text_slot *text_get(cxi_draw *d, int font, const char *str)
{
    char s[TEXT_MAX];
    snprintf(s, sizeof s, "%s", str);
    if (!*s) return NULL;
    unsigned h = hash_str(font, s);
    text_slot *t = cache_probe(d, h, font, s);
    if (!t->tex) {
        if (d->held >= TEXT_KEEP) {
            cache_sweep(d);
            t = cache_probe(d, h, font, s);
        }
        SDL_Surface *surf = TTF_RenderUTF8_Blended(d->font[font], s, (SDL_Color){255, 255, 255, 255});
        if (!surf) return NULL;
        SDL_Texture *tex = SDL_CreateTextureFromSurface(d->r, surf);
        int w = surf->w, hh = surf->h;
        SDL_FreeSurface(surf);
        if (!tex) return NULL;
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        *t = (text_slot){.tex = tex, .hash = h, .font = font, .w = w, .h = hh};
        memcpy(t->s, s, sizeof s);
        d->held++;
    }
    t->used = d->frame;
    return t;
}

int cxi_text_w(cxi_draw *d, int font, const char *s)
{
    text_slot *t = text_get(d, font, s);
    return t ? t->w : 0;
}

int cxi_text_h(cxi_draw *d, int font) { return TTF_FontHeight(d->font[font]); }

float cxi_text(cxi_draw *d, int font, const char *s, float x, float y, SDL_Color c, int align)
{
    text_slot *t = text_get(d, font, s);
    if (!t) return 0;
    cxi_flush(d);
    if (align == 1) x -= t->w / 2.0f;
    if (align == 2) x -= t->w;
    SDL_SetTextureColorMod(t->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t->tex, c.a);
    SDL_FRect dst = {floorf(x), floorf(y), (float)t->w, (float)t->h};
    SDL_RenderCopyF(d->r, t->tex, NULL, &dst);
    return (float)t->w;
}

/* Text cut (with an ellipsis) to at most `maxw` pixels; returns its width. */
float cxi_text_fit(cxi_draw *d, int font, const char *str, float x, float y, float maxw, SDL_Color c)
{
    if (maxw <= 0) return 0;
    if (cxi_text_w(d, font, str) <= maxw) return cxi_text(d, font, str, x, y, c, 0);
    char buf[TEXT_MAX];
    size_t len = strlen(str);
    if (len > TEXT_MAX - 4) len = TEXT_MAX - 4;
    while (len > 0) {
        len--;
        while (len > 0 && ((unsigned char)str[len] & 0xC0) == 0x80) len--; /* whole UTF-8 characters */
        memcpy(buf, str, len);
        memcpy(buf + len, "\xe2\x80\xa6", 4);
        if (cxi_text_w(d, font, buf) <= maxw) return cxi_text(d, font, buf, x, y, c, 0);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                              */

static int decimals_for(double step)
{
    if (!(step > 0)) return 2;
    int dp = 0; /* as many decimals as the step needs: 2.5 -> 1, 0.25 -> 2, 20 -> 0 */
    for (double x = step; dp < 3 && fabs(x - floor(x + 0.5)) > 1e-6 * fmax(1, x); x *= 10) dp++;
    return dp;
}

/* A value for an axis (step > 0: the tick step) or a label (step 0). */
void cxi_fmt(char *out, size_t n, cxi_unit u, double v, double step)
{
    if (isnan(v)) {
        snprintf(out, n, "-");
        return;
    }
    const char *minus = v < 0 ? "\xe2\x88\x92" : "";
    double a = fabs(v);
    switch (u) {
    case CXI_U_PCT:
        snprintf(out, n, "%s%.*f%%", minus, step > 0 ? decimals_for(step * 100) : a * 100 < 10 ? 2 : 1,
                 a * 100);
        return;
    case CXI_U_MONEY: {
        double ref = step > 0 ? fmax(a, step) : a, div = 1;
        const char *suf = "";
        if (ref >= 1e6) div = 1e6, suf = "M";
        else if (ref >= 1e4) div = 1e3, suf = "k";
        int dp = step > 0 ? decimals_for(step / div)
                          : div > 1 ? (a / div < 10 ? 2 : a / div < 100 ? 1 : 0) : a < 100 ? 2 : 0;
        if (step > 0 && v == 0) dp = 0, suf = "";
        snprintf(out, n, "%s$%.*f%s", minus, dp, a / div, suf);
        return;
    }
    case CXI_U_MONTHS:
        snprintf(out, n, "%s%.*f%s", minus, step > 0 ? decimals_for(step) : 1, a, step > 0 ? "" : " mo");
        return;
    case CXI_U_SECONDS:
        snprintf(out, n, "%s%.*f s", minus, step > 0 ? decimals_for(step) : 1, a);
        return;
    case CXI_U_INDEX:
        snprintf(out, n, "%s%.*f", minus, step > 0 ? decimals_for(step) : 2, a);
        return;
    case CXI_U_COUNT:
    default:
        if (a >= 1e4 && (step == 0 || step >= 1e3))
            snprintf(out, n, "%s%.*fk", minus, step > 0 ? decimals_for(step / 1e3) : 1, a / 1e3);
        else
            snprintf(out, n, "%s%.*f", minus, step > 0 ? decimals_for(step) : (a < 10 ? 1 : 0), a);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* Layout                                                               */

/* The analyst grid: title, panels in rows of three, the event timeline, status. */
static void layout_grid(int w, int h, int set, int n_series, double fs, cx_view_layout *L)
{
    float s = scale_for(w, h) * (float)fs;
    int m = (int)lrintf(10 * s);
    int title_h = (int)lrintf(48 * s), status_h = (int)lrintf(28 * s);
    int lanes = n_series < 1 ? 1 : n_series;
    int tl_h = (int)lrintf((24 + 18 * lanes + 20) * s);
    L->scale = s;
    L->text_px = (int)lrintf(12 * s);
    L->head_px = (int)lrintf(36 * s);
    L->title = (cx_view_rect){0, 0, w, title_h};
    L->status = (cx_view_rect){0, h - status_h, w, status_h};
    L->timeline = (cx_view_rect){m, h - status_h - tl_h - m / 2, w - 2 * m, tl_h};
    if (set < 0 || set >= cxi_n_sets) set = 0;
    L->n_panels = cxi_sets[set].n;
    int cols = 3, rows = (L->n_panels + cols - 1) / cols;
    int top = title_h + m / 2, bottom = L->timeline.y - m;
    int pw = (w - m * (cols + 1)) / cols, ph = (bottom - top - m * (rows - 1)) / rows;
    for (int i = 0; i < L->n_panels; i++)
        L->panel[i] = (cx_view_rect){m + (i % cols) * (pw + m), top + (i / cols) * (ph + m), pw, ph};
}

/* Presentation: a title line, the headline strip of big numbers, three large
 * panels side by side, a compact event timeline and the status line. Every
 * size follows from the smallest text t (3% of the height at font scale 1). */
static void layout_present(int w, int h, int n_series, double fs, cx_view_layout *L)
{
    double t0 = fmin(0.03 * h, 0.021 * w) * fs;
    int t = (int)ceil(t0 - 1e-9);
    if (t < 8) t = 8;
    float s = t / 12.0f;
    int m = (int)lrintf(7 * s);
    int lanes = n_series < 1 ? 1 : n_series;
    int title_h = (int)lrintf(1.75 * t), status_h = (int)lrintf(1.5 * t);
    int tl_h = (int)lrintf((4 + 16 * lanes + 16) * s);
    L->present = 1;
    L->scale = s;
    L->text_px = t;
    L->head_px = (int)lrint(2.4 * t);
    L->title = (cx_view_rect){0, 0, w, title_h};
    L->status = (cx_view_rect){0, h - status_h, w, status_h};
    L->timeline = (cx_view_rect){m, h - status_h - tl_h - m / 2, w - 2 * m, tl_h};
    /* headline: label, big number, a line under it (cells 0, 1, 3); four
     * winner rows in the normal font (cell 2) */
    int head_h = (int)lrint(fmax(1.2 * 2 * t + 1.2 * L->head_px, 4 * 1.2 * 1.2 * t) + 2 * m);
    L->headline = (cx_view_rect){m, title_h + m / 2, w - 2 * m, head_h};
    static const double share[4] = {0.30, 0.19, 0.34, 0.17};
    L->n_cells = 4;
    int x = L->headline.x;
    for (int i = 0; i < 4; i++) {
        int cw = i < 3 ? (int)lrint((L->headline.w - 3 * m) * share[i]) : L->headline.x + L->headline.w - x;
        L->cell[i] = (cx_view_rect){x, L->headline.y, cw, head_h};
        x += cw + m;
    }
    int top = L->headline.y + head_h + m, bottom = L->timeline.y - m;
    static const double pshare[3] = {0.38, 0.34, 0.28}; /* the why panel's waterfall names its causes */
    L->n_panels = 3;
    x = m;
    for (int i = 0; i < 3; i++) {
        int pw = i < 2 ? (int)lrint((w - 4 * m) * pshare[i]) : w - m - x;
        L->panel[i] = (cx_view_rect){x, top, pw, bottom - top};
        x += pw + m;
    }
}

void cx_view_layout_scaled(int w, int h, int set, int n_series, double font_scale, cx_view_layout *L)
{
    memset(L, 0, sizeof *L);
    double fs = font_scale > 0 ? font_scale : 1;
    fs = fs < 0.5 ? 0.5 : fs > 3 ? 3 : fs;
    if (set == CX_VIEW_PRESENT)
        layout_present(w, h, n_series, fs, L);
    else
        layout_grid(w, h, set, n_series, fs, L);
}

void cx_view_layout_get(int w, int h, int set, int n_series, cx_view_layout *L)
{
    cx_view_layout_scaled(w, h, set, n_series, 1, L);
}

const char *const cxi_lever_names[4] = {"pay", "cut", "yrs", "train"};

void cxi_controls_get(const cx_view_layout *L, cxi_controls *C)
{
    memset(C, 0, sizeof *C);
    int t = L->text_px, h = L->status.h - 4 > t + 4 ? t + 4 : L->status.h - 4, y = L->status.y + (L->status.h - h) / 2;
    int bw = (int)lrint(1.1 * t), lw = (int)lrint(5.2 * t), ww = (int)lrint(5.2 * t), uw = (int)lrint(2.8 * t);
    int gap = t / 3, need = ww + gap + 4 * (lw + 2 * bw + 2 * gap) + uw;
    int x = L->status.x + L->status.w - need - t / 2;
    if (x < L->status.x + L->status.w / 6) return; /* too narrow: the keys only */
    C->who = (cx_view_rect){x, y, ww, h};
    x += ww + gap;
    for (int k = 0; k < 4; k++) {
        C->label[k] = (cx_view_rect){x, y, lw, h};
        C->minus[k] = (cx_view_rect){x + lw, y, bw, h};
        C->plus[k] = (cx_view_rect){x + lw + bw + 2, y, bw, h};
        x += lw + 2 * bw + 2 * gap;
    }
    C->undo = (cx_view_rect){x, y, uw, h};
}

/* The layout a frame is drawn in. */
void cxi_layout_of(const cxi_view_state *st, int w, int h, int n_series, cx_view_layout *L)
{
    cx_view_layout_scaled(w, h, st->analyst ? st->set : CX_VIEW_PRESENT, n_series, st->font_scale, L);
}

/* The timeline's month axis spans [x0, x1]. */
void cxi_timeline_axis(const cx_view_layout *L, float s, float *x0, float *x1)
{
    *x0 = L->timeline.x + (L->present ? 100 : 120) * s;
    *x1 = L->timeline.x + L->timeline.w - 12 * s;
}

double cxi_layout_month_at(const cx_view_layout *L, int total, int x, int y)
{
    const cx_view_rect *t = &L->timeline;
    if (y < t->y || y >= t->y + t->h || x < t->x || x >= t->x + t->w || total < 1) return -1;
    float x0, x1;
    cxi_timeline_axis(L, (float)L->scale, &x0, &x1);
    double f = (x - x0) / (double)(x1 - x0);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return f * (total > 1 ? total - 1 : 0);
}

double cxi_layout_chart_month_at(const cx_view_layout *L, const cxi_view_state *st, int x, int y, int *panel)
{
    for (int i = 0; i < L->n_panels; i++) {
        const cx_view_rect *r = &L->panel[i];
        int months = !L->present || i == 0 || (i == 2 && st->quality_panel); /* charts over the months */
        if (*panel >= 0 && i != *panel) continue;
        if (!months || st->total < 2) continue;
        if (*panel < 0 && (x < r->x || x >= r->x + r->w || y < r->y || y >= r->y + r->h)) continue;
        double x0 = r->x + 58 * L->scale, x1 = r->x + r->w - 14 * L->scale;
        if (*panel < 0 && (x < x0 || x > x1)) continue;
        double f = (x - x0) / (x1 - x0);
        *panel = i;
        return (f < 0 ? 0 : f > 1 ? 1 : f) * (st->total - 1);
    }
    return -1;
}

void cxi_spot_add(cxi_draw *d, int kind, float x, float y, float w, float h, int series, int index)
{
    if (d->n_spots == CXI_MAX_SPOTS) return;
    d->spot[d->n_spots++] = (cxi_spot){x, y, w, h, kind, series, index};
}

void cxi_plot_add(cxi_draw *d, float x, float y, float w, float h, double lo, double hi, int total, int metric)
{
    if (d->n_plots == CX_VIEW_MAX_PANELS || d->panel < 0) return;
    d->plot[d->n_plots++] = (cxi_plot_rec){x, y, w, h, lo, hi, total, metric, d->panel};
}

int cxi_draw_spots(const cxi_draw *d, const cxi_spot **spots, const cxi_plot_rec **plots, int *n_plots)
{
    *spots = d->spot;
    *plots = d->plot;
    *n_plots = d->n_plots;
    return d->n_spots;
}

int cxi_draw_frame(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int w, int h, char *err,
                   size_t n)
{
    cx_view_layout L;
    int px[F_COUNT];
    cxi_layout_of(st, w, h, D->n, &L);
    font_sizes(&L, px);
    if (open_fonts(d, px, err, n)) return -1;
    d->s = (float)L.scale;
    d->frame++;
    d->nv = 0;
    d->n_spots = d->n_plots = 0;
    d->panel = -1;
    SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->r, C_BG.r, C_BG.g, C_BG.b, 255);
    SDL_RenderClear(d->r);
    const cxi_set *set = L.present ? &cxi_present_set : &cxi_sets[st->set >= 0 && st->set < cxi_n_sets ? st->set : 0];
    if (L.present) {
        cxi_draw_present_title(d, D, st, &L);
        cxi_draw_headline(d, D, st, &L);
    } else {
        cxi_draw_title(d, D, st, &L);
    }
    for (int i = 0; i < L.n_panels; i++) {
        cxi_panel_box(d, &L.panel[i]);
        d->panel = i;
        cxi_chart_any(d, D, st, &L.panel[i], &set->p[i]);
        cxi_flush(d);
    }
    d->panel = -1;
    cxi_draw_timeline(d, D, st, &L);
    if (!st->clean) {
        cxi_draw_status(d, D, st, &L);
        cxi_draw_hover(d, D, st, &L);
        if (st->help) cxi_draw_help(d, w, h, st->live);
    }
    cxi_flush(d);
    return 0;
}

int cxi_draw_text_px(const cxi_draw *d, int font) { return font >= 0 && font < F_COUNT ? d->font_px[font] : 0; }
