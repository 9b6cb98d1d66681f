/* view_cli: `cxsim view`'s command line -- the options into a cx_view_opts,
 * usage, and the call into cx_view_run (view_app.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_internal.h"

void cx_view_opts_init(cx_view_opts *o)
{
    memset(o, 0, sizeof *o);
    o->month = -1;
    o->w = 1600;
    o->h = 900;
    o->bands = 1;
    o->font_scale = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: cxsim view --results DIR [--results DIR2 ...] [options]\n"
            "       cxsim view SCENARIO.lua [options]\n"
            "Animate the regimes' quality, cost, workforce, relationship and business\n"
            "trajectories month by month: replay results written by `cxsim run --out DIR`,\n"
            "or simulate a scenario while it is watched (live, with what-if levers).\n\n"
            "options:\n"
            "  --results DIR   a results directory (monthly.csv, events.csv); repeat to compare\n"
            "  --png FILE      headless: draw month M (default: the last) into FILE and exit\n"
            "  --month M       the month --png draws, from 1\n"
            "  --frames DIR    headless: one PNG per month into DIR (month_001.png ...), or with\n"
            "                  --fps, frame_00001.png ... at --fps frames per second of --speed\n"
            "  --video FILE    headless: the whole run as a video (H.264 through ffmpeg on PATH)\n"
            "  --fps N         frames per second of --video (default 24) and --frames\n"
            "  --speed M       months per second of --video and --frames --fps (default 2)\n"
            "  --size WxH      size in pixels (default 1600x900)\n"
            "  --analyst       start in the analyst grid (default: presentation mode)\n"
            "  --set N         start in the analyst grid at panel set N, 1-%d (tab cycles them)\n"
            "  --font-scale X  text X times its default size, 0.5-3 (Ctrl +/- in the window)\n"
            "  --no-bands      start without the 95%% bands\n"
            "  --font FILE     TrueType font (default %s)\n"
            "  --bench N       headless: draw N frames and print the time per frame\n"
            "  --stats         window: on exit, print the playback's months per second, the time\n"
            "                  waiting for the simulation, and the frame times\n"
            "  --attribution FILE  an attribution.json from cxsim explain: the middle panel's\n"
            "                  waterfall shows the causes of the gap (default: the run's cost lines)\n"
            "  -h, --help      this help\n\n"
            "keys: space play/pause, + - speed, left/right step a month, Home/End first/last\n"
            "month, mouse on the timeline scrub, a presentation/analyst grid, tab panel set,\n"
            "e all events, b bands, w waterfall/table, Ctrl +/- text size, Ctrl 1-8 or a click\n"
            "on the legend hide/show a regime, s screenshot, f full screen, h help, q quit; "
            "live run: p/P pay, c/C rate cut, l/L contract length, t/T training (see h);\n"
            "u (Ctrl+Z) undoes the last what-if, again and again; r starts a fresh run (u right\n"
            "after it goes back). The scenario is simulated in a background thread.\n"
            "Without a display (no DISPLAY/WAYLAND_DISPLAY), use --png or --frames.\n",
            cxi_n_sets, CX_VIEW_FONT);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

static int parse_real(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

int cx_view_main(int argc, char **argv, const struct cx_consent *consent)
{
    cx_view_opts o;
    cx_view_opts_init(&o);
    o.consent = consent;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--results") || !strcmp(a, "--png") || !strcmp(a, "--month") ||
                    !strcmp(a, "--frames") || !strcmp(a, "--size") || !strcmp(a, "--set") ||
                    !strcmp(a, "--font") || !strcmp(a, "--bench") || !strcmp(a, "--font-scale") ||
                    !strcmp(a, "--video") || !strcmp(a, "--fps") || !strcmp(a, "--speed") ||
                    !strcmp(a, "--attribution");
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        }
        if (takes && !val) {
            fprintf(stderr, "cxsim view: %s needs a value\n", a);
            return 2;
        }
        if (!strcmp(a, "--results")) {
            if (o.n_results == CX_VIEW_MAX_SOURCES) {
                fprintf(stderr, "cxsim view: at most %d --results\n", CX_VIEW_MAX_SOURCES);
                return 2;
            }
            o.results[o.n_results++] = val;
        } else if (!strcmp(a, "--png")) {
            o.png = val;
        } else if (!strcmp(a, "--frames")) {
            o.frames = val;
        } else if (!strcmp(a, "--video")) {
            o.video = val;
        } else if (!strcmp(a, "--fps")) {
            if (parse_int(val, 1, 120, &o.fps)) {
                fprintf(stderr, "cxsim view: --fps: expected frames per second from 1 to 120, got \"%s\"\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--speed")) {
            if (parse_real(val, 0.1, 60, &o.speed)) {
                fprintf(stderr, "cxsim view: --speed: expected months per second from 0.1 to 60, got \"%s\"\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--font")) {
            o.font = val;
        } else if (!strcmp(a, "--attribution")) {
            o.attribution = val;
        } else if (!strcmp(a, "--month")) {
            if (parse_int(val, 1, 100000, &o.month)) {
                fprintf(stderr, "cxsim view: --month: expected a month from 1, got \"%s\"\n", val);
                return 2;
            }
            o.month -= 1;
        } else if (!strcmp(a, "--set")) {
            if (parse_int(val, 1, cxi_n_sets, &o.set)) {
                fprintf(stderr, "cxsim view: --set: expected 1-%d, got \"%s\"\n", cxi_n_sets, val);
                return 2;
            }
            o.set -= 1;
            o.analyst = 1;
        } else if (!strcmp(a, "--font-scale")) {
            if (parse_real(val, 0.5, 3, &o.font_scale)) {
                fprintf(stderr, "cxsim view: --font-scale: expected a number from 0.5 to 3, got \"%s\"\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--bench")) {
            if (parse_int(val, 1, 1000000, &o.bench_frames)) {
                fprintf(stderr, "cxsim view: --bench: expected a number of frames, got \"%s\"\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--size")) {
            int w, h;
            char tail;
            if (sscanf(val, "%dx%d%c", &w, &h, &tail) != 2 || w < 320 || h < 200 || w > 8192 || h > 8192) {
                fprintf(stderr, "cxsim view: --size: expected WxH between 320x200 and 8192x8192, got \"%s\"\n",
                        val);
                return 2;
            }
            o.w = w, o.h = h;
        } else if (!strcmp(a, "--no-bands")) {
            o.bands = 0;
            continue;
        } else if (!strcmp(a, "--analyst")) {
            o.analyst = 1;
            continue;
        } else if (!strcmp(a, "--stats")) {
            o.stats = 1;
            continue;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "cxsim view: unknown option %s (cxsim view --help)\n", a);
            return 2;
        } else {
            if (o.scenario) {
                fprintf(stderr, "cxsim view: one scenario at a time (got %s and %s)\n", o.scenario, a);
                return 2;
            }
            o.scenario = a;
            continue;
        }
        i++;
    }
    char err[1024];
    if (cx_view_run(&o, err, sizeof err)) {
        fprintf(stderr, "cxsim view: %s\n", err);
        return 1;
    }
    return 0;
}
