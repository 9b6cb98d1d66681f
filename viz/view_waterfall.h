/* view_waterfall: the attribution of a gap as a waterfall chart in a PNG (cxsim explain --png), drawn offscreen. */
#ifndef VIEW_WATERFALL_H
#define VIEW_WATERFALL_H

#include <stddef.h>

typedef struct cx_waterfall_bar {
    const char *label;        /* the factor */
    double value;             /* its share of the gap (a step up or down) */
    double half;              /* 95% CI half-width, drawn as a whisker */
} cx_waterfall_bar;

/* Draw bars[0..n) as steps from 0 to `total` (the gap, with its CI) under
 * `title`, values in `unit`, into a PNG at `path` (1280x720, DejaVu Sans).
 * 0, or -1 with the message in err. */
int cx_waterfall_png(const char *path, const char *title, const char *unit, const cx_waterfall_bar *bars, int n,
                     double total, double total_half, char *err, size_t errn);

#endif
