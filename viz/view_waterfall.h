/* view_waterfall: a gap's attribution as a waterfall chart -- one drawing, through a pen, for the explain PNG and the view's panel. */
#ifndef VIEW_WATERFALL_H
#define VIEW_WATERFALL_H

#include <stddef.h>

typedef struct cx_waterfall_bar {
    const char *label;        /* the factor */
    double value;             /* its share of the gap (a step up or down) */
    double half;              /* 95% CI half-width, drawn as a whisker (0: none) */
} cx_waterfall_bar;

/* What the waterfall draws with: the PNG's own SDL_ttf calls, or the view's
 * primitives and text cache. Colours are 0xRRGGBB; font 0 is the plain text,
 * 1 the title. */
typedef struct cx_waterfall_pen {
    void *ud;                 /* the drawing context */
    void (*fill)(void *ud, float x, float y, float w, float h, unsigned rgb);
    void (*line)(void *ud, float x0, float y0, float x1, float y1, unsigned rgb);
    void (*text)(void *ud, int font, const char *s, float x, float y, int align, unsigned rgb); /* align -1 left, 0 centre, 1 right; y: top */
    int (*text_w)(void *ud, int font, const char *s);
    int (*text_h)(void *ud, int font);
} cx_waterfall_pen;

/* What one waterfall shows. */
typedef struct cx_waterfall {
    const char *title;        /* above the chart, or NULL (the view's panel writes its own) */
    const char *unit;         /* of the values, e.g. "$M" */
    const cx_waterfall_bar *bars; /* the steps, in order */
    int n;                    /* bars */
    double total, total_half; /* the gap (the last bar) and its CI half-width */
    const char *total_label;  /* the last bar's name (NULL: "the gap") */
    const char *note;         /* a line under the chart, or NULL */
    unsigned up, down, sum;   /* colours: a step in the second regime's favour, against it, the gap */
} cx_waterfall;

/* The default colours (green, red, blue). */
void cx_waterfall_colours(cx_waterfall *w);

/* Draw w into the rectangle (x, y, width, height) through pen. */
void cx_waterfall_draw(const cx_waterfall_pen *pen, float x, float y, float width, float height, const cx_waterfall *w);

/* Draw bars[0..n) as steps from 0 to `total` (the gap, with its CI) under
 * `title`, values in `unit`, into a PNG at `path` (1280x720, DejaVu Sans).
 * 0, or -1 with the message in err. */
int cx_waterfall_png(const char *path, const char *title, const char *unit, const cx_waterfall_bar *bars, int n,
                     double total, double total_half, char *err, size_t errn);

#endif
