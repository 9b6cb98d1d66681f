/* view_draw: the only file that draws pixels. Layout, charts, bands, phase
 * shading, the event timeline, text and the help overlay.
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

#include "view_internal.h"

/* ------------------------------------------------------------------ */
/* Colours                                                              */

static const SDL_Color C_BG = {244, 245, 248, 255};
static const SDL_Color C_PANEL = {255, 255, 255, 255};
static const SDL_Color C_BORDER = {218, 222, 228, 255};
static const SDL_Color C_GRID = {234, 237, 241, 255};
static const SDL_Color C_TEXT = {36, 40, 48, 255};
static const SDL_Color C_MUTED = {104, 110, 122, 255};
static const SDL_Color C_PLAYHEAD = {60, 64, 72, 150};

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const SDL_Color C_SERIES[CX_VIEW_MAX_SERIES] = {
    {213, 94, 0, 255}, {0, 114, 178, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
    {230, 159, 0, 255}, {86, 180, 233, 255}, {110, 110, 110, 255}, {20, 20, 20, 255}};

static const SDL_Color C_PHASE[4] = {
    {222, 225, 231, 255}, {248, 222, 160, 255}, {160, 208, 228, 255}, {120, 196, 140, 255}};

typedef struct ev_style {
    const char *code;         /* marker text */
    SDL_Color c;              /* marker colour */
    int rule;                 /* 1: also a dashed rule across the charts */
} ev_style;

static ev_style ev_style_of(int kind)
{
    switch (kind) {
    case CX_N_REBID: return (ev_style){"RB", {200, 40, 40, 255}, 1};
    case CX_N_TRANSITION: return (ev_style){"TR", {140, 40, 160, 255}, 1};
    case CX_N_RATE_CHANGE: return (ev_style){"R%", {214, 110, 0, 255}, 1};
    case CX_N_OVERRIDE: return (ev_style){"WI", {20, 20, 20, 255}, 1};
    case CX_N_DEFECT_FIXED: return (ev_style){"FX", {0, 140, 90, 255}, 0};
    case CX_N_SPIKE: return (ev_style){"SP", {96, 96, 110, 255}, 0};
    case CX_N_PHASE: return (ev_style){"PH", {0, 110, 180, 255}, 0};
    case CX_N_JOINT_RCA: return (ev_style){"RCA", {30, 150, 150, 255}, 0};
    case CX_N_RENEWAL: return (ev_style){"RN", {100, 130, 40, 255}, 0};
    case CX_N_BLAME: return (ev_style){"BL", {150, 60, 60, 255}, 0};
    default: return (ev_style){"", {128, 128, 128, 255}, 0};
    }
}

static SDL_Color with_alpha(SDL_Color c, Uint8 a)
{
    c.a = a;
    return c;
}

/* ------------------------------------------------------------------ */
/* The drawing context and its text cache                               */

#define TEXT_SLOTS 1024       /* cache slots (power of two) */
#define TEXT_KEEP 700         /* sweep when this many are held */
#define TEXT_MAX 160          /* longest string cached (longer ones are cut) */
#define VERTS 6000            /* vertex buffer (multiple of 3) */

enum { F_SMALL, F_NORMAL, F_BIG, F_COUNT };

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

static int open_fonts(cxi_draw *d, float s, char *err, size_t n)
{
    static const int base[F_COUNT] = {12, 14, 19};
    int px[F_COUNT];
    for (int i = 0; i < F_COUNT; i++) px[i] = (int)lrintf(base[i] * s);
    if (d->font[0] && !memcmp(px, d->font_px, sizeof px)) return 0;
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
    return 0;
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
    d->s = scale_for(w, h);
    if (open_fonts(d, d->s, err, n)) {
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

/* ------------------------------------------------------------------ */
/* Primitives                                                           */

static void flush(cxi_draw *d)
{
    if (d->nv) SDL_RenderGeometry(d->r, NULL, d->v, d->nv, NULL, 0);
    d->nv = 0;
}

static void tri(cxi_draw *d, float x0, float y0, float x1, float y1, float x2, float y2, SDL_Color c)
{
    if (d->nv + 3 > VERTS) flush(d);
    SDL_Vertex *v = d->v + d->nv;
    v[0] = (SDL_Vertex){{x0, y0}, c, {0, 0}};
    v[1] = (SDL_Vertex){{x1, y1}, c, {0, 0}};
    v[2] = (SDL_Vertex){{x2, y2}, c, {0, 0}};
    d->nv += 3;
}

static void quad(cxi_draw *d, float ax, float ay, float bx, float by, float cx, float cy, float dx,
                 float dy, SDL_Color c)
{
    tri(d, ax, ay, bx, by, cx, cy, c);
    tri(d, ax, ay, cx, cy, dx, dy, c);
}

static void fill(cxi_draw *d, float x, float y, float w, float h, SDL_Color c)
{
    flush(d);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_FRect rc = {x, y, w, h};
    SDL_RenderFillRectF(d->r, &rc);
}

static void frame_rect(cxi_draw *d, float x, float y, float w, float h, SDL_Color c)
{
    flush(d);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_FRect rc = {x, y, w, h};
    SDL_RenderDrawRectF(d->r, &rc);
}

/* A line `width` pixels wide, as a quad. */
static void line(cxi_draw *d, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    quad(d, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

static void dot(cxi_draw *d, float x, float y, float r, SDL_Color c)
{
    enum { K = 10 };
    for (int i = 0; i < K; i++) {
        float a0 = (float)(2 * 3.14159265358979 * i / K), a1 = (float)(2 * 3.14159265358979 * (i + 1) / K);
        tri(d, x, y, x + r * cosf(a0), y + r * sinf(a0), x + r * cosf(a1), y + r * sinf(a1), c);
    }
}

static void dashed_vline(cxi_draw *d, float x, float y0, float y1, float dash, SDL_Color c)
{
    for (float y = y0; y < y1; y += 2 * dash)
        quad(d, x - 0.6f, y, x + 0.6f, y, x + 0.6f, fminf(y + dash, y1), x - 0.6f, fminf(y + dash, y1), c);
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

static int text_w(cxi_draw *d, int font, const char *s)
{
    text_slot *t = text_get(d, font, s);
    return t ? t->w : 0;
}

static int text_h(cxi_draw *d, int font) { return TTF_FontHeight(d->font[font]); }

static float text(cxi_draw *d, int font, const char *s, float x, float y, SDL_Color c, int align)
{
    text_slot *t = text_get(d, font, s);
    if (!t) return 0;
    flush(d);
    if (align == 1) x -= t->w / 2.0f;
    if (align == 2) x -= t->w;
    SDL_SetTextureColorMod(t->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t->tex, c.a);
    SDL_FRect dst = {floorf(x), floorf(y), (float)t->w, (float)t->h};
    SDL_RenderCopyF(d->r, t->tex, NULL, &dst);
    return (float)t->w;
}

/* Text cut (with an ellipsis) to at most `maxw` pixels; returns its width. */
static float text_fit(cxi_draw *d, int font, const char *str, float x, float y, float maxw, SDL_Color c)
{
    if (maxw <= 0) return 0;
    if (text_w(d, font, str) <= maxw) return text(d, font, str, x, y, c, 0);
    char buf[TEXT_MAX];
    size_t len = strlen(str);
    if (len > TEXT_MAX - 4) len = TEXT_MAX - 4;
    while (len > 0) {
        len--;
        while (len > 0 && ((unsigned char)str[len] & 0xC0) == 0x80) len--; /* whole UTF-8 characters */
        memcpy(buf, str, len);
        memcpy(buf + len, "\xe2\x80\xa6", 4);
        if (text_w(d, font, buf) <= maxw) return text(d, font, buf, x, y, c, 0);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                              */

static double nice_step(double range, int ticks)
{
    double raw = range / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10) * p;
}

static int decimals_for(double step)
{
    if (!(step > 0)) return 2;
    int dp = 0; /* as many decimals as the step needs: 2.5 -> 1, 0.25 -> 2, 20 -> 0 */
    for (double x = step; dp < 3 && fabs(x - floor(x + 0.5)) > 1e-6 * fmax(1, x); x *= 10) dp++;
    return dp;
}

/* A value for an axis (step > 0: the tick step) or a label (step 0). */
static void fmt(char *out, size_t n, cxi_unit u, double v, double step)
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

void cx_view_layout_get(int w, int h, int set, int n_series, cx_view_layout *L)
{
    float s = scale_for(w, h);
    int m = (int)lrintf(10 * s);
    int title_h = (int)lrintf(48 * s), status_h = (int)lrintf(28 * s);
    int lanes = n_series < 1 ? 1 : n_series;
    int tl_h = (int)lrintf((24 + 18 * lanes + 20) * s);
    memset(L, 0, sizeof *L);
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

/* The timeline's month axis spans [x0, x1]. */
static void timeline_axis(const cx_view_layout *L, float s, float *x0, float *x1)
{
    *x0 = L->timeline.x + 120 * s;
    *x1 = L->timeline.x + L->timeline.w - 12 * s;
}

double cxi_layout_month_at(const cx_view_layout *L, int total, int x, int y)
{
    const cx_view_rect *t = &L->timeline;
    if (y < t->y || y >= t->y + t->h || x < t->x || x >= t->x + t->w || total < 1) return -1;
    float s = scale_for(L->title.w, L->status.y + L->status.h), x0, x1;
    timeline_axis(L, s, &x0, &x1);
    double f = (x - x0) / (double)(x1 - x0);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return f * (total > 1 ? total - 1 : 0);
}

/* ------------------------------------------------------------------ */
/* Charts                                                               */

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
    float s = d->s;
    for (double v = p->lo; v <= p->hi + p->step * 0.5; v += p->step) {
        float y = py_of(p, v);
        fill(d, p->x, floorf(y), p->w, 1, fabs(v) < p->step * 1e-6 ? C_BORDER : C_GRID);
        fmt(buf, sizeof buf, u, fabs(v) < p->step * 1e-6 ? 0 : v, p->step);
        text(d, F_SMALL, buf, p->x - 6 * s, y - text_h(d, F_SMALL) / 2.0f, C_MUTED, 2);
    }
    int years = (p->total + 11) / 12;
    float yw = p->total > 1 ? 12 * p->w / (p->total - 1) : p->w;
    for (int yr = 0; yr <= years; yr++) {
        double m = yr * 12.0;
        if (m > p->total - 1 + 1e-9) m = p->total - 1;
        float x = px_of(p, m);
        fill(d, floorf(x), p->y, 1, p->h, C_GRID);
        if (x_labels && yr < years && p->total > 1) {
            double mid = fmin(yr * 12 + 6.0, (yr * 12 + p->total - 1) / 2.0);
            if (yw >= 46 * s)
                snprintf(buf, sizeof buf, "year %d", yr + 1);
            else
                snprintf(buf, sizeof buf, "%d", yr + 1);
            text(d, F_SMALL, buf, px_of(p, mid), p->y + p->h + 3 * s, C_MUTED, 1);
        }
    }
    frame_rect(d, p->x, p->y, p->w + 1, p->h + 1, C_BORDER);
}

static void panel_box(cxi_draw *d, const cx_view_rect *r)
{
    fill(d, (float)r->x, (float)r->y, (float)r->w, (float)r->h, C_PANEL);
    frame_rect(d, (float)r->x, (float)r->y, (float)r->w, (float)r->h, C_BORDER);
}

/* Header: group and title on one line, each series' value at the playhead on the next. */
static float panel_header(cxi_draw *d, const cx_view_rect *r, const char *group, const char *title,
                          const char *unit)
{
    float s = d->s, x = r->x + 10 * s, y = r->y + 6 * s;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", group);
    for (char *c = buf; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
    x += text(d, F_SMALL, buf, x, y + 2 * s, C_MUTED, 0) + 8 * s;
    x += text_fit(d, F_NORMAL, title, x, y, r->x + r->w - 8 * s - x, C_TEXT) + 6 * s;
    if (unit && *unit && x + text_w(d, F_SMALL, unit) + 12 * s < r->x + r->w) {
        snprintf(buf, sizeof buf, "(%s)", unit);
        text(d, F_SMALL, buf, x, y + 2 * s, C_MUTED, 0);
    }
    return y + text_h(d, F_NORMAL) + 2 * s;
}

static void series_values(cxi_draw *d, const cx_view_data *D, const cx_view_rect *r, float y,
                          int metric, double t)
{
    float s = d->s, x = r->x + 10 * s, need = 0;
    char buf[160], v[40];
    /* "label value" for each series when they fit, else just the values (the legend names colours) */
    for (int i = 0; i < D->n; i++) {
        double val, half;
        if (value_at(D, i, metric, t, &val, &half)) continue;
        fmt(v, sizeof v, cxi_metrics[metric].unit, val, 0);
        snprintf(buf, sizeof buf, "%s %s", D->s[i].label, v);
        need += 27 * s + text_w(d, F_SMALL, buf);
    }
    int labels = x + need <= r->x + r->w - 6 * s;
    for (int i = 0; i < D->n; i++) {
        double val, half;
        if (value_at(D, i, metric, t, &val, &half)) continue;
        fmt(v, sizeof v, cxi_metrics[metric].unit, val, 0);
        snprintf(buf, sizeof buf, "%s%s%s", labels ? D->s[i].label : "", labels ? " " : "", v);
        if (x + text_w(d, F_SMALL, buf) > r->x + r->w - 6 * s) break;
        fill(d, x, y + 4 * s, 9 * s, 9 * s, C_SERIES[i]);
        x += 13 * s;
        x += text(d, F_SMALL, buf, x, y, C_TEXT, 0) + 14 * s;
    }
}

/* Vertical rules for the events that bend curves (rebids, transitions, rate changes, what-ifs). */
static void event_rules(cxi_draw *d, const cx_view_data *D, const plot *p, double t)
{
    for (size_t i = 0; i < D->n_ev; i++) {
        const cxi_event *e = &D->ev[i];
        ev_style st = ev_style_of(e->kind);
        if (!st.rule || e->month > t + 1e-9 || e->month > p->total - 1) continue;
        dashed_vline(d, px_of(p, e->month), p->y, p->y + p->h, 4 * d->s, with_alpha(C_SERIES[e->series], 150));
    }
}

static void playhead(cxi_draw *d, const plot *p, double t)
{
    float x = px_of(p, t);
    quad(d, x - 0.75f, p->y, x + 0.75f, p->y, x + 0.75f, p->y + p->h, x - 0.75f, p->y + p->h, C_PLAYHEAD);
}

/* Band and line of every series up to the playhead. */
static void draw_lines(cxi_draw *d, const cx_view_data *D, const plot *p, int metric, double t, int bands)
{
    float lw = 2.2f * d->s;
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
                    quad(d, xa, py_of(p, v0 + h0), xb, py_of(p, v1 + h1), xb, py_of(p, v1 - h1), xa,
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
                line(d, xa, ya, xb, yb, w, c);
                if (pass) dot(d, xb, yb, lw * 0.5f, c); /* round joins */
                xa = xb, ya = yb;
            }
            dot(d, xa, ya, (pass ? 3.2f : 2.2f) * d->s, c);
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
    float s = d->s;
    p->x = r->x + 58 * s;
    p->y = top + 8 * s;
    p->w = r->x + r->w - 14 * s - p->x;
    p->h = r->y + r->h - below - p->y;
    p->total = total;
}

static void no_data(cxi_draw *d, const cx_view_rect *r, const char *msg)
{
    text(d, F_NORMAL, msg, r->x + r->w / 2.0f, r->y + r->h / 2.0f, C_MUTED, 1);
}

static void chart_line(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                       const cxi_panel *pn)
{
    const cxi_metric_info *mi = &cxi_metrics[pn->metric];
    float s = d->s;
    float y = panel_header(d, r, pn->group, mi->title, mi->unit_text);
    if (!D->has[pn->metric]) {
        char buf[96];
        snprintf(buf, sizeof buf, "no column '%s' in these results", mi->column);
        no_data(d, r, buf);
        return;
    }
    series_values(d, D, r, y, pn->metric, st->play);
    y += text_h(d, F_SMALL) + 2 * s;
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
    flush(d);
    if (!trust) return;
    /* Phase strips, one per series, and their legend. */
    float sy = p.y + p.h + 20 * s;
    for (int i = 0; i < D->n; i++, sy += 9 * s) {
        fill(d, p.x - 10 * s, sy + 1 * s, 6 * s, 6 * s, C_SERIES[i]);
        for (int m = 0; m < (int)ceil(st->play) + 1 && m < st->total; m++) {
            double v, h;
            if (cx_view_data_value(D, i, "phase", m, &v, &h)) break;
            int ph = (int)lrint(v);
            ph = ph < 0 ? 0 : ph > 3 ? 3 : ph;
            float xa = px_of(&p, m - 0.5 < 0 ? 0 : m - 0.5), xb = px_of(&p, fmin(m + 0.5, st->play));
            if (xb > xa) quad(d, xa, sy, xb, sy, xb, sy + 7 * s, xa, sy + 7 * s, C_PHASE[ph]);
        }
    }
    /* legend: full names when they fit, short ones otherwise */
    static const char *const SHORT[4] = {"transact.", "op. proof", "transparency", "partnership"};
    const char *full[4];
    float need = 0;
    for (int k = 0; k < 4; k++) need += 20 * s + text_w(d, F_SMALL, full[k] = cx_phase_name(k));
    const char *const *names = p.x - 10 * s + need > r->x + r->w - 6 * s ? SHORT : full;
    float lx = p.x - 10 * s;
    for (int k = 0; k < 4; k++) {
        fill(d, lx, sy + 3 * s, 9 * s, 9 * s, C_PHASE[k]);
        lx += 12 * s + text(d, F_SMALL, names[k], lx + 12 * s, sy + 1 * s, C_MUTED, 0) + 8 * s;
    }
}

/* Compounding value: the cumulative TCO gap between the first two series, year by year. */
static void chart_gap(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_rect *r,
                      const cxi_panel *pn)
{
    float s = d->s;
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
        fmt(v, sizeof v, CXI_U_MONEY, fabs(g), 0);
        int who = g >= 0 ? 1 : 0;
        snprintf(buf, sizeof buf, "%s has saved %s so far (month %d)", D->s[who].label, v, mnow + 1);
        fill(d, r->x + 10 * s, y + 4 * s, 9 * s, 9 * s, C_SERIES[who]);
        text(d, F_SMALL, buf, r->x + 23 * s, y, C_TEXT, 0);
    }
    y += text_h(d, F_SMALL) + 2 * s;
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
        fill(d, p.x, floorf(yy), p.w, 1, fabs(t) < p.step * 1e-6 ? C_MUTED : C_GRID);
        fmt(buf, sizeof buf, CXI_U_MONEY, fabs(t) < p.step * 1e-6 ? 0 : t, p.step);
        text(d, F_SMALL, buf, p.x - 6 * s, yy - text_h(d, F_SMALL) / 2.0f, C_MUTED, 2);
    }
    float slot = p.w / (years > 0 ? years : 1), bw = slot * 0.56f;
    double prev = 0;
    for (int yr = 0; yr < years; yr++) {
        int mend = (yr + 1) * 12 - 1;
        if (mend > st->total - 1) mend = st->total - 1;
        float cx = p.x + slot * (yr + 0.5f);
        snprintf(buf, sizeof buf, "year %d", yr + 1);
        text(d, F_SMALL, buf, cx, p.y + p.h + 3 * s, C_MUTED, 1);
        if (yr * 12 > tnow + 1e-9) continue;
        int partial = tnow < mend;
        int m = partial ? mnow : mend;
        if (cx_view_data_gap(D, m, &g, &gh)) continue;
        SDL_Color c = C_SERIES[g >= 0 ? 1 : 0];
        if (partial) c = with_alpha(c, 120);
        float y0 = py_of(&p, 0), y1 = py_of(&p, g);
        quad(d, cx - bw / 2, y0, cx + bw / 2, y0, cx + bw / 2, y1, cx - bw / 2, y1, c);
        if (st->bands && gh > 0) {
            float ya = py_of(&p, g - gh), yb = py_of(&p, g + gh);
            line(d, cx, ya, cx, yb, 1.4f * s, C_TEXT);
            line(d, cx - 5 * s, ya, cx + 5 * s, ya, 1.4f * s, C_TEXT);
            line(d, cx - 5 * s, yb, cx + 5 * s, yb, 1.4f * s, C_TEXT);
        }
        fmt(v, sizeof v, CXI_U_MONEY, g, 0);
        float ty = g >= 0 ? fminf(y1, py_of(&p, g + (st->bands ? gh : 0))) - text_h(d, F_SMALL) - 2 * s
                          : fmaxf(y1, py_of(&p, g - (st->bands ? gh : 0))) + 2 * s;
        text(d, F_SMALL, v, cx, ty, C_TEXT, 1);
        fmt(v, sizeof v, CXI_U_MONEY, g - prev, 0);
        snprintf(buf, sizeof buf, "%s%s", g - prev >= 0 ? "+" : "", v);
        text(d, F_SMALL, buf, cx, p.y + p.h + 3 * s + text_h(d, F_SMALL), partial ? C_MUTED : C_TEXT, 1);
        prev = g;
    }
    flush(d);
    frame_rect(d, p.x, p.y, p.w + 1, p.h + 1, C_BORDER);
}

/* ------------------------------------------------------------------ */
/* Title, timeline, status, help                                        */

static void draw_title(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = d->s;
    char buf[256];
    fill(d, 0, 0, (float)L->title.w, (float)L->title.h, C_PANEL);
    fill(d, 0, (float)L->title.h - 1, (float)L->title.w, 1, C_BORDER);
    float ty = (L->title.h - text_h(d, F_BIG)) / 2.0f;
    float x = 14 * s;
    x += text(d, F_BIG, "cxsim", x, ty, C_TEXT, 0) + 12 * s;
    snprintf(buf, sizeof buf, "%s%s", st->live ? "live  \xc2\xb7  " : "", D->title);
    x += text(d, F_NORMAL, buf, x, ty + 3 * s, C_TEXT, 0) + 18 * s;
    snprintf(buf, sizeof buf, "[%d/%d] %s", st->set + 1, cxi_n_sets, cx_view_set_name(st->set));
    text(d, F_NORMAL, buf, x, ty + 3 * s, C_MUTED, 0);
    /* legend, right-aligned */
    float rx = L->title.w - 14 * s;
    if (D->ghosts) {
        const char *g = "faded: without the what-ifs";
        rx -= text_w(d, F_SMALL, g);
        text(d, F_SMALL, g, rx, ty + 5 * s, C_MUTED, 0);
        rx -= 24 * s;
    }
    for (int i = D->n - 1; i >= 0; i--) {
        char lab[128];
        if (D->s[i].n_reps > 1)
            snprintf(lab, sizeof lab, "%s (%d reps)", D->s[i].label, D->s[i].n_reps);
        else
            snprintf(lab, sizeof lab, "%s", D->s[i].label);
        rx -= text_w(d, F_NORMAL, lab);
        text(d, F_NORMAL, lab, rx, ty + 3 * s, C_TEXT, 0);
        rx -= 24 * s;
        float ly = L->title.h / 2.0f;
        fill(d, rx, ly - 2 * s, 18 * s, 4 * s, C_SERIES[i]);
        if (st->bands && D->s[i].n_reps > 1) fill(d, rx, ly - 7 * s, 18 * s, 14 * s, with_alpha(C_SERIES[i], 52));
        rx -= 18 * s;
    }
}

static void draw_timeline(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = d->s, x0, x1;
    const cx_view_rect *r = &L->timeline;
    char buf[160];
    panel_box(d, r);
    timeline_axis(L, s, &x0, &x1);
    int total = st->total > 1 ? st->total : 1;
    #define TX(m) (x0 + (float)((m) / (double)(total > 1 ? total - 1 : 1)) * (x1 - x0))
    float hy = r->y + 5 * s;
    text(d, F_SMALL, "EVENTS", r->x + 10 * s, hy, C_MUTED, 0);
    /* kind legend */
    static const int shown[] = {CX_N_REBID, CX_N_TRANSITION, CX_N_RATE_CHANGE, CX_N_OVERRIDE,
                                CX_N_DEFECT_FIXED, CX_N_JOINT_RCA, CX_N_SPIKE, CX_N_PHASE};
    static const char *const names[] = {"re-bid", "transition", "rate change", "what-if",
                                        "defect fixed", "joint RCA", "spike", "phase"};
    float lx = x0, lim = r->x + r->w - 10 * s;
    for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
        ev_style es = ev_style_of(shown[k]);
        float w = text_w(d, F_SMALL, es.code) + 6 * s;
        if (lx + w + 4 * s + text_w(d, F_SMALL, names[k]) > lim) break;
        fill(d, lx, hy, w, text_h(d, F_SMALL), es.c);
        text(d, F_SMALL, es.code, lx + 3 * s, hy, C_PANEL, 0);
        lx += w + 4 * s;
        lx += text(d, F_SMALL, names[k], lx, hy, C_MUTED, 0) + 12 * s;
    }
    if (D->has[CXI_HIRES] && lx + 22 * s + text_w(d, F_SMALL, "hires / leavers per month") <= lim) {
        fill(d, lx, hy + 2 * s, 3 * s, 8 * s, (SDL_Color){0, 150, 90, 200});
        fill(d, lx + 4 * s, hy + 6 * s, 3 * s, 8 * s, (SDL_Color){200, 60, 60, 200});
        lx += text(d, F_SMALL, "hires / leavers per month", lx + 11 * s, hy, C_MUTED, 0) + 22 * s;
    }
    /* lanes */
    float ly = r->y + 24 * s, lh = 18 * s;
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
    fill(d, x0, lanes_top, TX(st->play) - x0, lh * (D->n > 0 ? D->n : 1), (SDL_Color){235, 240, 248, 255});
    for (int i = 0; i < D->n; i++, ly += lh) {
        fill(d, r->x + 10 * s, ly + 5 * s, 10 * s, 8 * s, C_SERIES[i]);
        text_fit(d, F_SMALL, D->s[i].label, r->x + 24 * s, ly + 2 * s, x0 - r->x - 28 * s, C_TEXT);
        fill(d, x0, ly + lh - 1, x1 - x0, 1, C_GRID);
        float mid = ly + lh / 2;
        if (D->has[CXI_HIRES]) {
            float bw = fminf(fmaxf(1, (x1 - x0) / total * 0.35f), 4 * s);
            for (int m = 0; m <= (int)st->play && m < st->avail; m++) {
                double hv, qv, h;
                float x = TX(m);
                if (!cx_view_data_value(D, i, "hires", m, &hv, &h) && hv > 0)
                    quad(d, x - bw, mid, x, mid, x, mid - (float)(hv / hq_max) * (lh / 2 - 1), x - bw,
                         mid - (float)(hv / hq_max) * (lh / 2 - 1), (SDL_Color){0, 150, 90, 110});
                if (!cx_view_data_value(D, i, "leavers", m, &qv, &h) && qv > 0)
                    quad(d, x, mid, x + bw, mid, x + bw, mid + (float)(qv / hq_max) * (lh / 2 - 1), x,
                         mid + (float)(qv / hq_max) * (lh / 2 - 1), (SDL_Color){200, 60, 60, 110});
            }
        }
    }
    /* year ticks */
    int years = (total + 11) / 12;
    float ay = lanes_top + lh * (D->n > 0 ? D->n : 1);
    for (int yr = 0; yr <= years; yr++) {
        double m = fmin(yr * 12.0, total - 1.0);
        fill(d, floorf(TX(m)), lanes_top, 1, ay - lanes_top + 3 * s, C_BORDER);
        if (yr < years) {
            snprintf(buf, sizeof buf, "year %d", yr + 1);
            text(d, F_SMALL, buf, TX(fmin(yr * 12 + 6.0, (yr * 12 + total - 1) / 2.0)), ay + 2 * s, C_MUTED, 1);
        }
    }
    text(d, F_SMALL, "month", x0 - 8 * s, ay + 2 * s, C_MUTED, 2);
    /* markers (drawn kinds only, up to the playhead); one that would cover the previous
     * marker of its lane shrinks to a tick */
    float lane_end[CX_VIEW_MAX_SERIES];
    for (int i = 0; i < CX_VIEW_MAX_SERIES; i++) lane_end[i] = -1e9f;
    for (size_t k = 0; k < D->n_ev; k++) {
        const cxi_event *e = &D->ev[k];
        if (!cxi_ev_drawn(e->kind) || e->month > st->play + 1e-9 || e->series >= D->n) continue;
        ev_style es = ev_style_of(e->kind);
        float w = text_w(d, F_SMALL, es.code) + 4 * s, x = TX(fmin(e->month, total - 1.0));
        float y = lanes_top + e->series * lh + 2 * s;
        if (x - w / 2 < lane_end[e->series] && x >= lane_end[e->series] - 2 * w) {
            fill(d, x - 1.5f * s, y, 3 * s, lh - 4 * s, es.c);
            continue;
        }
        fill(d, x - w / 2, y, w, lh - 4 * s, es.c);
        text(d, F_SMALL, es.code, x, y + (lh - 4 * s - text_h(d, F_SMALL)) / 2, C_PANEL, 1);
        lane_end[e->series] = x + w / 2 + 1 * s;
    }
    /* playhead and its handle */
    float px = TX(st->play);
    fill(d, px - 1, lanes_top - 3 * s, 2, ay - lanes_top + 6 * s, C_TEXT);
    flush(d);
    tri(d, px - 6 * s, lanes_top - 9 * s, px + 6 * s, lanes_top - 9 * s, px, lanes_top - 2 * s, C_TEXT);
    flush(d);
    #undef TX
}

static void draw_status(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    float s = d->s;
    const cx_view_rect *r = &L->status;
    char buf[320];
    fill(d, 0, (float)r->y, (float)r->w, (float)r->h, (SDL_Color){232, 235, 240, 255});
    int m = (int)floor(st->play + 1e-9);
    int waiting = st->live && st->waiting >= 0; /* the playhead is ahead of the simulated months */
    snprintf(buf, sizeof buf, "%s  %g mo/s   month %d of %d (year %d)%s   bands %s   tab: panels   h: help",
             st->playing ? "\xe2\x96\xb6 playing" : "\xe2\x9d\x9a\xe2\x9d\x9a paused", st->speed, m + 1,
             st->total, m / 12 + 1, st->live && !waiting && st->avail < st->total ? "  simulating" : "",
             st->bands ? "on" : "off");
    float ty = r->y + (r->h - text_h(d, F_SMALL)) / 2.0f;
    float x = 12 * s + text(d, F_SMALL, buf, 12 * s, ty, C_TEXT, 0) + 24 * s;
    if (waiting) {
        /* a small amber tag: the simulation has not reached the month yet */
        char tag[48];
        snprintf(tag, sizeof tag, "simulating month %d \xe2\x80\xa6", st->waiting + 1);
        float tw = text_w(d, F_SMALL, tag);
        fill(d, x - 14 * s, (float)r->y + 3 * s, tw + 12 * s, (float)r->h - 6 * s, (SDL_Color){255, 214, 130, 255});
        text(d, F_SMALL, tag, x - 8 * s, ty, C_TEXT, 0);
        x += tw + 16 * s;
    }
    float right = r->w - 12 * s;
    if (st->live && st->levers[0]) {
        float lw = text_w(d, F_SMALL, st->levers);
        if (lw < (right - x) * 0.6f) {
            text(d, F_SMALL, st->levers, right, ty, C_TEXT, 2);
            right -= lw + 24 * s;
        }
    }
    if (st->message[0]) {
        text_fit(d, F_SMALL, st->message, x, ty, right - x, (SDL_Color){180, 40, 20, 255});
        return;
    }
    /* the latest drawn event at or before the playhead */
    const cxi_event *last = NULL;
    for (size_t k = 0; k < D->n_ev; k++) {
        const cxi_event *e = &D->ev[k];
        if (cxi_ev_drawn(e->kind) && e->month <= st->play + 1e-9 && (!last || e->month >= last->month)) last = e;
    }
    if (last) {
        snprintf(buf, sizeof buf, "month %d, %s, %s: %s", (int)last->month + 1, D->s[last->series].label,
                 cx_note_kind_name(last->kind), last->text);
        text_fit(d, F_SMALL, buf, x, ty, right - x, C_MUTED);
    }
}

static void draw_help(cxi_draw *d, int w, int h, int live)
{
    static const char *const lines[] = {
        "space  play / pause",          "+  -  faster / slower",
        "\xe2\x86\x90  \xe2\x86\x92  step a month", "mouse  click or drag on the timeline to scrub",
        "r  restart from month 1",      "tab  next panel set (shift+tab: previous)",
        "b  95% bands on / off",        "f  full screen",
        "h  this help",                 "q  esc  quit",
    };
    static const char *const lever_lines[] = {
        "What-if levers (live run; from the simulated month on, marked WI):",
        "p / P   provider pay relative to market  down / up",
        "c / C   client's rate change at renewal  deeper cut / smaller cut",
        "l / L   contract length  shorter / longer",
        "t / T   training hours per agent per month  less / more",
        "0  levers act on every regime;  1-8  only on that regime",
        "r  (live run) a fresh run from month 1, without the what-ifs",
    };
    float s = d->s, lh = text_h(d, F_NORMAL) + 6 * s;
    int n = (int)(sizeof lines / sizeof *lines), nl = live ? (int)(sizeof lever_lines / sizeof *lever_lines) : 0;
    float bw = 640 * s, bh = (n + nl + 3) * lh;
    float x = (w - bw) / 2, y = (h - bh) / 2;
    fill(d, 0, 0, (float)w, (float)h, (SDL_Color){20, 24, 32, 110});
    fill(d, x, y, bw, bh, C_PANEL);
    frame_rect(d, x, y, bw, bh, C_BORDER);
    float ty = y + 14 * s;
    text(d, F_BIG, "Keys", x + 20 * s, ty, C_TEXT, 0);
    ty += lh * 1.4f;
    for (int i = 0; i < n; i++, ty += lh) text(d, F_NORMAL, lines[i], x + 24 * s, ty, C_TEXT, 0);
    for (int i = 0; i < nl; i++, ty += lh)
        text(d, F_NORMAL, lever_lines[i], x + (i ? 24 : 20) * s, ty, i ? C_TEXT : C_MUTED, 0);
}

/* Hover: the values of every series at the month under the mouse. */
static void draw_hover(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, const cx_view_layout *L)
{
    if (st->hover_x < 0) return;
    const cxi_set *set = &cxi_sets[st->set];
    for (int i = 0; i < L->n_panels; i++) {
        const cx_view_rect *r = &L->panel[i];
        const cxi_panel *pn = &set->p[i];
        if (pn->kind == CXI_CH_GAP || !D->has[pn->metric]) continue;
        if (st->hover_x < r->x || st->hover_x >= r->x + r->w || st->hover_y < r->y || st->hover_y >= r->y + r->h)
            continue;
        float s = d->s;
        float x0 = r->x + 58 * s, x1 = r->x + r->w - 14 * s;
        if (st->hover_x < x0 || st->hover_x > x1 || st->total < 2) return;
        int m = (int)lrint((st->hover_x - x0) / (x1 - x0) * (st->total - 1));
        if (m > (int)st->play) return;
        char buf[256], v[40];
        int rows = 1 + D->n * (D->ghosts ? 2 : 1);
        float lh = text_h(d, F_SMALL) + 2 * s, bw = (D->ghosts ? 290 : 190) * s, bh = rows * lh + 8 * s;
        float bx = st->hover_x + 12 * s, by = st->hover_y + 12 * s;
        if (bx + bw > r->x + r->w) bx = st->hover_x - 12 * s - bw;
        if (bx < r->x + 2) bx = r->x + 2;
        if (by + bh > r->y + r->h) by = r->y + r->h - bh;
        fill(d, bx, by, bw, bh, (SDL_Color){255, 255, 255, 235});
        frame_rect(d, bx, by, bw, bh, C_BORDER);
        snprintf(buf, sizeof buf, "month %d (year %d)", m + 1, m / 12 + 1);
        text(d, F_SMALL, buf, bx + 6 * s, by + 4 * s, C_MUTED, 0);
        float bw2 = bw;
        for (int j = 0, row = 0; j < D->n * (D->ghosts ? 2 : 1); j++) {
            int k = j < D->n ? j : CXI_GHOST + j - D->n;
            double val, half;
            if (cx_view_data_value(D, k, cxi_metrics[pn->metric].column, m, &val, &half)) continue;
            fmt(v, sizeof v, cxi_metrics[pn->metric].unit, val, 0);
            if (half > 0) {
                char hb[40];
                fmt(hb, sizeof hb, cxi_metrics[pn->metric].unit, half, 0);
                snprintf(buf, sizeof buf, "%s  %s \xc2\xb1 %s", D->s[k].label, v, hb);
            } else {
                snprintf(buf, sizeof buf, "%s  %s", D->s[k].label, v);
            }
            row++;
            text_fit(d, F_SMALL, buf, bx + 6 * s, by + 4 * s + row * lh, bw2 - 10 * s,
                     j < D->n ? C_SERIES[k] : with_alpha(C_SERIES[k - CXI_GHOST], 170));
        }
        return;
    }
}

int cxi_draw_frame(cxi_draw *d, const cx_view_data *D, const cxi_view_state *st, int w, int h, char *err,
                   size_t n)
{
    float s = scale_for(w, h);
    if (s != d->s || !d->font[0]) {
        if (open_fonts(d, s, err, n)) return -1;
        d->s = s;
    }
    d->frame++;
    d->nv = 0;
    SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->r, C_BG.r, C_BG.g, C_BG.b, 255);
    SDL_RenderClear(d->r);
    cx_view_layout L;
    cx_view_layout_get(w, h, st->set, D->n, &L);
    draw_title(d, D, st, &L);
    const cxi_set *set = &cxi_sets[st->set >= 0 && st->set < cxi_n_sets ? st->set : 0];
    for (int i = 0; i < L.n_panels; i++) {
        panel_box(d, &L.panel[i]);
        if (set->p[i].kind == CXI_CH_GAP)
            chart_gap(d, D, st, &L.panel[i], &set->p[i]);
        else
            chart_line(d, D, st, &L.panel[i], &set->p[i]);
        flush(d);
    }
    draw_timeline(d, D, st, &L);
    draw_status(d, D, st, &L);
    draw_hover(d, D, st, &L);
    if (st->help) draw_help(d, w, h, st->live);
    flush(d);
    return 0;
}
