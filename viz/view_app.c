/* view_app: `cxsim view` -- the window and its event loop (workshop keys,
 * mouse scrubbing and hover, legend clicks, what-if levers and their undo in
 * a live run) and the headless path (an offscreen software renderer writing
 * PNG files, frames, video). The options are read by view_cli.c; pixels are
 * drawn by the drawing layer only. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>

#include "view_internal.h"

static const double SPEEDS[] = {0.25, 0.5, 1, 2, 3, 4, 6, 12, 24}; /* months per second */
#define N_SPEEDS ((int)(sizeof SPEEDS / sizeof *SPEEDS))
#define DEFAULT_SPEED 3   /* index: 2 months per second */

/* ------------------------------------------------------------------ */
/* Shared by the window and the headless path                          */

typedef struct app {
    const cx_view_opts *o;
    cx_view_data *D;
    cxi_live *lv;             /* live run, or NULL */
    int head;                 /* 1: headless */
    double goal;              /* live window: where the playhead goes when the months are there, -1 none */
    cxi_view_state st;
    char *err;
    size_t n;
    cxi_attrib attrib;        /* --attribution, when given */
    cxi_live *prev_lv;        /* live window: the run before `r`, kept so that u can go back to it */
    cx_view_data *prev_D;     /* its store */
    double prev_play;         /* its playhead */
    int ifs_since;            /* what-ifs asked for since the last `r` */
} app;

/* Live: the levers' values shown (of the regime they act on, or the first). */
static void levers_now(app *A)
{
    if (!A->lv) return;
    int pol[4];
    cxi_live_describe(A->lv, A->st.lever_target, A->st.levers, sizeof A->st.levers);
    int i = cxi_live_levers(A->lv, A->st.lever_target, A->st.lev, pol);
    memcpy(A->st.lev_policy, pol, sizeof pol);
    if (A->st.lever_target < 0)
        snprintf(A->st.lev_who, sizeof A->st.lev_who, "all: %s", i >= 0 ? A->D->s[i].label : "");
    else
        snprintf(A->st.lev_who, sizeof A->st.lev_who, "%s", A->D->s[A->st.lever_target].label);
}

/* Live window: months the worker simulates ahead of the playhead's month:
 * half a second of playback, at least one. Not more: a what-if takes effect
 * from the worker's month on, so that should stay near the playhead. */
static int lookahead(const cxi_view_state *st)
{
    int k = st->playing ? (int)ceil(st->speed * 0.5) : 1;
    return k < 1 ? 1 : k;
}

/* Move the playhead to `play`, clamped to the months available. Live: the
 * headless path waits for the worker to finish the month (so every frame is
 * the same whatever the timing); the window never waits: it asks the worker
 * to run ahead, takes the months it has finished and, when the playhead is
 * ahead of them, holds it at the last one and says which month it waits for. */
static int ensure(app *A, double play)
{
    int m = (int)ceil(play - 1e-9);
    if (A->lv) {
        if (m >= A->st.total) m = A->st.total - 1;
        if (m < 0) m = 0;
        if (A->head) {
            if (m >= A->st.avail && cxi_live_need(A->lv, A->D, m, A->err, A->n)) return -1;
        } else {
            cxi_live_want(A->lv, m + lookahead(&A->st));
            if (cxi_live_poll(A->lv, A->D, m, A->err, A->n)) return -1;
        }
        A->st.avail = cxi_live_done(A->lv);
        A->st.waiting = !A->head && m >= A->st.avail ? A->st.avail : -1; /* the month simulated next */
        levers_now(A);
    }
    double hi = A->st.avail > 0 ? A->st.avail - 1 : 0;
    A->st.play = play < 0 ? 0 : play > hi ? hi : play;
    return 0;
}

/* Paused, live: take what the threads finished; *dirty when there is
 * something new to draw (months of the runs or of the what-if baseline). */
static int paused_tick(app *A, int *dirty)
{
    int avail = A->st.avail, waiting = A->st.waiting;
    unsigned moved = cxi_live_moved(A->lv);
    if (ensure(A, A->goal >= 0 ? A->goal : A->st.play)) return -1;
    if (A->st.waiting < 0) A->goal = -1;
    if (A->st.avail != avail || A->st.waiting != waiting || cxi_live_moved(A->lv) != moved) *dirty = 1;
    return 0;
}

/* Months the playhead may go to at once (live: also those the worker has finished). */
static int frontier(const app *A)
{
    int r = A->lv ? cxi_live_ready(A->lv) : 0;
    return r > A->st.avail ? r : A->st.avail;
}

/* Forget the run kept for undoing `r`. */
static void drop_prev(app *A)
{
    cxi_live_close(A->prev_lv);
    cx_view_data_free(A->prev_D);
    A->prev_lv = NULL;
    A->prev_D = NULL;
}

/* Live window: a fresh run from month 1 (the what-ifs and their baseline
 * dropped). The run before is kept (its worker idle once it has got where it
 * was asked to) so that u right after can go back to it. */
static int restart(app *A)
{
    drop_prev(A);
    A->prev_lv = A->lv;
    A->prev_D = A->D;
    A->prev_play = A->st.play;
    A->ifs_since = 0;
    A->lv = NULL;
    A->D = cx_view_data_new();
    if (!A->D) {
        snprintf(A->err, A->n, "out of memory");
        return -1;
    }
    A->lv = cxi_live_open(A->o->scenario, A->o->consent, A->D, &A->st.total, A->err, A->n);
    if (!A->lv) return -1;
    A->st.avail = 0;
    A->st.play = 0;
    A->goal = -1;
    A->st.lever_target = -1;
    return ensure(A, 0);
}

/* u, Ctrl+Z or the undo button: right after `r` (no what-if since), back to
 * the run before it; otherwise undo the last what-if (again and again, down
 * to the first). */
static void undo(app *A, char *msg, size_t n)
{
    if (!A->lv) {
        snprintf(msg, n, "undo needs a live run: cxsim view SCENARIO.lua");
        return;
    }
    if (A->prev_lv && A->ifs_since == 0) {
        cxi_live_close(A->lv);
        cx_view_data_free(A->D);
        A->lv = A->prev_lv, A->D = A->prev_D;
        A->prev_lv = NULL, A->prev_D = NULL;
        A->st.avail = cxi_live_done(A->lv);
        A->goal = -1;
        A->st.play = fmin(A->prev_play, A->st.avail - 1.0);
        snprintf(msg, n, "restart undone: back to the run before, at month %d, with its what-ifs", (int)A->st.play + 1);
        return;
    }
    cxi_live_undo(A->lv, msg, n);
}

static int mkdir_p(const char *dir, char *err, size_t n)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                snprintf(err, n, "%s: %s", buf, strerror(errno));
                return -1;
            }
            *p = c;
            if (!c) break;
        }
    }
    return 0;
}

static int save_png(SDL_Surface *surf, const char *path, char *err, size_t n)
{
    if (IMG_SavePNG(surf, path) != 0) {
        snprintf(err, n, "%s: cannot write the PNG: %s", path, IMG_GetError());
        return -1;
    }
    return 0;
}

/* --bench on a live run: how fast the months come, with a what-if (pay down
 * from month 2 on every regime) and so its baseline in its own thread. */
static int bench_live(app *A)
{
    char msg[160];
    Uint64 f = SDL_GetPerformanceFrequency(), t0 = SDL_GetPerformanceCounter();
    if (cxi_live_lever(A->lv, A->D, 0, -1, -1, msg, sizeof msg)) {
        snprintf(A->err, A->n, "%s", msg);
        return -1;
    }
    while (!cxi_live_report(A->lv, msg, sizeof msg)) SDL_Delay(1);
    if (cxi_live_need(A->lv, A->D, A->st.total - 1, A->err, A->n)) return -1;
    double t_main = (double)(SDL_GetPerformanceCounter() - t0) / f;
    while (!A->D->ghosts || A->D->s[CXI_GHOST].months < A->st.total) {
        if (cxi_live_poll(A->lv, A->D, A->st.total - 1, A->err, A->n)) return -1;
        SDL_Delay(1);
    }
    double t_all = (double)(SDL_GetPerformanceCounter() - t0) / f;
    printf("live: %d months of %d regimes with a what-if: the runs in %.2f s (%.1f months/s), their baseline "
           "done %.2f s after the start (%.1f months/s for both)\n",
           A->st.total, A->D->n, t_main, A->st.total / t_main, t_all, A->st.total / t_all);
    A->st.avail = cxi_live_done(A->lv);
    return 0;
}

static int headless(app *A)
{
    const cx_view_opts *o = A->o;
    int rc = -1;
    cxi_video video = {.fd = -1};
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, o->w, o->h, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    cxi_draw *d = NULL;
    if (!r) {
        snprintf(A->err, A->n, "cannot create an offscreen renderer: %s", SDL_GetError());
        goto done;
    }
    d = cxi_draw_new(r, o->font ? o->font : CX_VIEW_FONT, o->w, o->h, A->err, A->n);
    if (!d) goto done;
    A->st.playing = 0;
    A->st.clean = 1; /* files carry no status line, help or hover */
    if (o->frames || o->video) {
        /* frames per month: one, or --fps over the months per second */
        double speed = o->speed > 0 ? o->speed : 2;
        int fps = o->fps > 0 ? o->fps : o->video ? 24 : 0;
        int per = fps > 0 ? (int)lrint(fps / speed) : 1;
        if (per < 1) per = 1;
        if (o->frames && mkdir_p(o->frames, A->err, A->n)) goto done;
        if (o->video && cxi_video_open(&video, o->video, o->w, o->h, fps, A->err, A->n)) goto done;
        if (A->lv) cxi_live_want(A->lv, A->st.total - 1); /* simulate ahead while the frames are written */
        long frame = 0;
        for (int m = 0; m < A->st.total; m++)
            for (int j = m ? 0 : per - 1; j < per; j++, frame++) {
                char path[4096];
                double play = m - 1 + (j + 1) / (double)per; /* sub-month frames move the playhead between months */
                if (ensure(A, m)) goto done;
                A->st.play = play;
                if (cxi_draw_frame(d, A->D, &A->st, o->w, o->h, A->err, A->n)) goto done;
                SDL_RenderFlush(r);
                if (o->frames) {
                    if (per == 1)
                        snprintf(path, sizeof path, "%s/month_%03d.png", o->frames, m + 1);
                    else
                        snprintf(path, sizeof path, "%s/frame_%05ld.png", o->frames, frame + 1);
                    if (save_png(surf, path, A->err, A->n)) goto done;
                }
                if (o->video && cxi_video_frame(&video, surf->pixels, surf->pitch, A->err, A->n)) goto done;
            }
        if (o->video) {
            if (cxi_video_close(&video, A->err, A->n)) goto done;
            printf("wrote %s: %ld frames at %d per second, %d per month\n", o->video, video.frames, fps, per);
        }
    }
    if (o->png) {
        int m = o->month < 0 ? A->st.total - 1 : o->month;
        if (m >= A->st.total) {
            snprintf(A->err, A->n, "--month %d: the run has %d months", m + 1, A->st.total);
            goto done;
        }
        if (ensure(A, m)) goto done;
        if (cxi_draw_frame(d, A->D, &A->st, o->w, o->h, A->err, A->n)) goto done;
        SDL_RenderFlush(r);
        if (save_png(surf, o->png, A->err, A->n)) goto done;
    }
    if (o->bench_frames > 0 && A->lv && bench_live(A)) goto done;
    if (o->bench_frames > 0) {
        if (ensure(A, A->st.total - 1)) goto done;
        Uint64 t0 = SDL_GetPerformanceCounter();
        for (int f = 0; f < o->bench_frames; f++) {
            A->st.play = fmod(f * 0.25, A->st.total > 1 ? A->st.total - 1 : 1);
            if (cxi_draw_frame(d, A->D, &A->st, o->w, o->h, A->err, A->n)) goto done;
            SDL_RenderFlush(r);
        }
        double s = (double)(SDL_GetPerformanceCounter() - t0) / SDL_GetPerformanceFrequency();
        printf("%d frames at %dx%d, %d series x %d months: %.2f ms per frame (software renderer), "
               "%zu text textures cached\n",
               o->bench_frames, o->w, o->h, A->D->n, A->st.total, 1000 * s / o->bench_frames,
               cxi_draw_cached(d));
    }
    rc = 0;
done:
    cxi_video_close(&video, NULL, 0);
    cxi_draw_free(d);
    if (r) SDL_DestroyRenderer(r);
    if (surf) SDL_FreeSurface(surf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The window                                                           */

static void say(app *A, Uint32 *until, const char *msg)
{
    snprintf(A->st.message, sizeof A->st.message, "%s", msg);
    *until = SDL_GetTicks() + 5000;
}

/* Save what was just drawn (before it is presented). */
static void screenshot(app *A, SDL_Renderer *r, int w, int h, Uint32 *until)
{
    char path[64], msg[160];
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    snprintf(path, sizeof path, "cxsim-view-month%03d.png", (int)A->st.play + 1);
    if (s && SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB888, s->pixels, s->pitch) == 0 &&
        IMG_SavePNG(s, path) == 0)
        snprintf(msg, sizeof msg, "saved %s", path);
    else
        snprintf(msg, sizeof msg, "screenshot failed: %s", SDL_GetError());
    if (s) SDL_FreeSurface(s);
    say(A, until, msg);
}

/* Hide or show series i in the charts (a legend click, Ctrl 1-8). */
static void toggle_series(app *A, int i, char *msg, size_t n)
{
    if (i < 0 || i >= A->D->n) {
        snprintf(msg, n, "no regime %d", i + 1);
        return;
    }
    A->st.hidden ^= 1u << i;
    snprintf(msg, n, "%s %s in the charts", A->D->s[i].label, cxi_shown(&A->st, i) ? "shown" : "hidden");
}

static int hit(const cx_view_rect *r, int x, int y)
{
    return r->w > 0 && x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* A click on the live controls: the regime (cycles every regime, 1, 2 ...),
 * a lever's - or +, undo. 1 when it was one of them (msg says what). */
static int control_click(app *A, const cx_view_layout *L, int x, int y, char *msg, size_t n)
{
    cxi_controls C;
    cxi_controls_get(L, &C);
    if (hit(&C.who, x, y)) {
        int t = A->st.lever_target + 1;
        A->st.lever_target = t >= A->D->n ? -1 : t;
        levers_now(A);
        snprintf(msg, n, "levers act on %s", A->st.lever_target < 0 ? "every regime" : A->D->s[A->st.lever_target].label);
        return 1;
    }
    if (hit(&C.undo, x, y)) {
        undo(A, msg, n);
        return 1;
    }
    for (int k = 0; k < 4; k++)
        if (hit(&C.minus[k], x, y) || hit(&C.plus[k], x, y)) {
            /* rate: + is a smaller cut (the key's upper case), as for the others */
            if (cxi_live_lever(A->lv, A->D, k, hit(&C.plus[k], x, y) ? 1 : -1, A->st.lever_target, msg, n) == 0)
                A->ifs_since++;
            return 1;
        }
    return 0;
}

/* Full screen, also without a window manager (Xvfb, a bare X server), where
 * SDL's desktop full screen does nothing: the window also loses its border
 * and takes the display's bounds itself. saved: its place and size before. */
static void full_screen(SDL_Window *win, int on, int *saved)
{
    SDL_Rect b;
    if (on) {
        SDL_GetWindowPosition(win, &saved[0], &saved[1]);
        SDL_GetWindowSize(win, &saved[2], &saved[3]);
        if (SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(win), &b) == 0) {
            SDL_SetWindowBordered(win, SDL_FALSE);
            SDL_SetWindowPosition(win, b.x, b.y);
            SDL_SetWindowSize(win, b.w, b.h);
        }
        SDL_SetWindowFullscreen(win, SDL_WINDOW_FULLSCREEN_DESKTOP);
    } else {
        SDL_SetWindowFullscreen(win, 0);
        SDL_SetWindowBordered(win, SDL_TRUE);
        if (saved[2] > 0) {
            SDL_SetWindowSize(win, saved[2], saved[3]);
            SDL_SetWindowPosition(win, saved[0], saved[1]);
        }
    }
}

/* The window's playback figures (--stats). */
typedef struct play_stats {
    double playing;           /* seconds playing */
    double months;            /* months the playhead moved while playing */
    double waiting;           /* seconds playing with the playhead held for the simulation */
    long frames;              /* frames drawn */
    double draw, draw_max;    /* seconds drawing them (cxi_draw_frame and present), longest */
    double gap_max;           /* longest time between two frames while playing */
} play_stats;

static void print_stats(const play_stats *P, const app *A)
{
    printf("playback: %.1f months in %.1f s playing (%.2f months/s at a set speed of %g), %.1f s of it waiting for "
           "the simulation; %ld frames, %.1f ms each to draw (longest %.1f ms), longest gap between frames "
           "%.0f ms%s\n",
           P->months, P->playing, P->playing > 0 ? P->months / P->playing : 0, A->st.speed, P->waiting, P->frames,
           P->frames ? 1000 * P->draw / P->frames : 0, 1000 * P->draw_max, 1000 * P->gap_max,
           A->D->ghosts ? " (with a what-if baseline)" : "");
}

static int windowed(app *A)
{
    const cx_view_opts *o = A->o;
    int rc = -1;
    SDL_Window *win = SDL_CreateWindow("cxsim view", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o->w, o->h,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *r = NULL;
    cxi_draw *d = NULL;
    if (!win) {
        snprintf(A->err, A->n, "cannot open a window: %s (use --png FILE without a display)", SDL_GetError());
        return -1;
    }
    r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!r) r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r) {
        snprintf(A->err, A->n, "cannot create a renderer: %s", SDL_GetError());
        goto done;
    }
    SDL_RendererInfo info;
    int vsync = SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_PRESENTVSYNC);
    int w, h;
    SDL_GetRendererOutputSize(r, &w, &h);
    d = cxi_draw_new(r, o->font ? o->font : CX_VIEW_FONT, w, h, A->err, A->n);
    if (!d) goto done;
    int speed = DEFAULT_SPEED, dragging = 0, quit = 0, dirty = 1, fullscreen = 0, shot = 0, saved[4] = {0};
    int drag_panel = -1; /* the chart a drag started on, -1: the timeline */
    Uint32 msg_until = 0;
    Uint64 last = SDL_GetPerformanceCounter(), freq = SDL_GetPerformanceFrequency(), last_frame = last;
    play_stats P = {0};
    A->st.playing = 1;
    A->st.speed = SPEEDS[speed];
    while (!quit) {
        SDL_Event ev;
        int ww, wh;
        SDL_GetWindowSize(win, &ww, &wh);
        SDL_GetRendererOutputSize(r, &w, &h);
        float kx = ww > 0 ? (float)w / ww : 1, ky = wh > 0 ? (float)h / wh : 1;
        cx_view_layout L;
        cxi_layout_of(&A->st, w, h, A->D->n, &L);
        while (SDL_PollEvent(&ev)) {
            dirty = 1;
            if (ev.type == SDL_QUIT) quit = 1;
            else if (ev.type == SDL_MOUSEBUTTONDOWN && ev.button.button == SDL_BUTTON_LEFT) {
                int bx = (int)(ev.button.x * kx), by = (int)(ev.button.y * ky);
                double m = cxi_layout_month_at(&L, A->st.total, bx, by);
                char msg[160];
                cxi_hit ht = cxi_draw_hit(d, A->D, &A->st, bx, by);
                if (ht.kind == CXI_HIT_LEGEND) {
                    toggle_series(A, ht.series, msg, sizeof msg);
                    say(A, &msg_until, msg);
                } else if (A->lv && control_click(A, &L, bx, by, msg, sizeof msg)) {
                    say(A, &msg_until, msg);
                } else {
                    drag_panel = -1;
                    if (m < 0) m = cxi_layout_chart_month_at(&L, &A->st, bx, by, &drag_panel); /* or on a chart */
                    if (m >= 0) {
                        dragging = 1;
                        A->st.playing = 0;
                        A->goal = -1;
                        if (ensure(A, fmin(m, frontier(A) - 1.0))) goto done;
                    }
                }
            } else if (ev.type == SDL_MOUSEBUTTONUP) {
                dragging = 0;
            } else if (ev.type == SDL_MOUSEMOTION) {
                A->st.hover_x = (int)(ev.motion.x * kx);
                A->st.hover_y = (int)(ev.motion.y * ky);
                if (dragging) {
                    float x0 = L.timeline.x + 1.0f, x1 = L.timeline.x + L.timeline.w - 2.0f;
                    int x = A->st.hover_x < x0 ? (int)x0 : A->st.hover_x > x1 ? (int)x1 : A->st.hover_x;
                    double m = drag_panel >= 0 ? cxi_layout_chart_month_at(&L, &A->st, A->st.hover_x, 0, &drag_panel)
                                               : cxi_layout_month_at(&L, A->st.total, x, L.timeline.y + 1);
                    if (m >= 0 && ensure(A, fmin(m, frontier(A) - 1.0))) goto done;
                }
            } else if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_LEAVE) {
                A->st.hover_x = A->st.hover_y = -1;
            } else if (ev.type == SDL_KEYDOWN) {
                SDL_Keycode k = ev.key.keysym.sym;
                int shift = (ev.key.keysym.mod & KMOD_SHIFT) != 0, ctrl = (ev.key.keysym.mod & KMOD_CTRL) != 0;
                int lever = k == SDLK_p ? 0 : k == SDLK_c ? 1 : k == SDLK_l ? 2 : k == SDLK_t ? 3 : -1;
                if (k == SDLK_ESCAPE && A->st.help) A->st.help = 0;
                else if (k == SDLK_q || k == SDLK_ESCAPE) quit = 1;
                else if (k == SDLK_SPACE) {
                    if (!A->st.playing && A->st.play >= A->st.total - 1 - 1e-9) A->st.play = 0;
                    A->st.playing = !A->st.playing;
                    A->goal = -1;
                } else if (ctrl && (k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS)) {
                    A->st.font_scale = fmin(3, A->st.font_scale * 1.15);
                } else if (ctrl && (k == SDLK_MINUS || k == SDLK_KP_MINUS)) {
                    A->st.font_scale = fmax(0.5, A->st.font_scale / 1.15);
                } else if (ctrl && (k == SDLK_0 || k == SDLK_KP_0)) {
                    A->st.font_scale = 1;
                } else if (ctrl && k >= SDLK_1 && k <= SDLK_8) {
                    char msg[160];
                    toggle_series(A, (int)(k - SDLK_1), msg, sizeof msg);
                    say(A, &msg_until, msg);
                } else if (k == SDLK_u || (ctrl && k == SDLK_z)) {
                    char msg[160];
                    undo(A, msg, sizeof msg);
                    say(A, &msg_until, msg);
                } else if (k == SDLK_w) {
                    A->st.why_table = !A->st.why_table;
                    say(A, &msg_until, A->st.why_table ? "why: the cost lines as a table"
                                                       : A->st.attrib ? "why: the causes (cxsim explain) as a waterfall"
                                                                      : "why: the cost lines as a waterfall");
                } else if (k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS) {
                    if (speed < N_SPEEDS - 1) speed++;
                } else if (k == SDLK_MINUS || k == SDLK_KP_MINUS) {
                    if (speed > 0) speed--;
                } else if (k == SDLK_a) {
                    A->st.analyst = !A->st.analyst;
                } else if (k == SDLK_o) {
                    A->st.quality_panel = !A->st.quality_panel;
                } else if (k == SDLK_e) {
                    A->st.all_events = !A->st.all_events;
                    say(A, &msg_until, A->st.all_events ? "events: every kind" : "events: the key ones; "
                                                                                 "minor ones counted per quarter");
                } else if (k == SDLK_RIGHT || k == SDLK_LEFT) {
                    A->st.playing = 0;
                    double from = A->goal >= 0 ? A->goal : A->st.play;
                    double m = k == SDLK_RIGHT ? floor(from + 1e-9) + 1 : ceil(from - 1e-9) - 1;
                    A->goal = fmax(0, fmin(m, A->st.total - 1.0));
                    if (ensure(A, A->goal)) goto done;
                } else if (k == SDLK_HOME) {
                    A->goal = -1;
                    if (ensure(A, 0)) goto done;
                } else if (k == SDLK_END) {
                    A->goal = -1;
                    if (ensure(A, frontier(A) - 1.0)) goto done;
                } else if (k == SDLK_r) {
                    if (A->lv) {
                        if (restart(A)) goto done;
                        say(A, &msg_until, "restarted: a fresh run from month 1, without what-ifs");
                    }
                    A->st.play = 0;
                    A->st.playing = 1;
                } else if (k == SDLK_TAB) {
                    if (A->st.analyst) A->st.set = (A->st.set + (shift ? cxi_n_sets - 1 : 1)) % cxi_n_sets;
                    A->st.analyst = 1;
                } else if (k == SDLK_b) {
                    A->st.bands = !A->st.bands;
                } else if (k == SDLK_f || k == SDLK_F11) {
                    fullscreen = !fullscreen;
                    full_screen(win, fullscreen, saved);
                } else if (k == SDLK_h || k == SDLK_F1 || k == SDLK_QUESTION) {
                    A->st.help = !A->st.help;
                } else if (k == SDLK_s) {
                    shot = 1;
                } else if (lever >= 0 || (k >= SDLK_0 && k <= SDLK_8)) {
                    char msg[160];
                    if (!A->lv) {
                        say(A, &msg_until, "what-if levers need a live run: cxsim view SCENARIO.lua");
                    } else if (lever < 0) {
                        int t = (int)(k - SDLK_0) - 1;
                        A->st.lever_target = t < A->D->n ? t : -1;
                        levers_now(A);
                        snprintf(msg, sizeof msg, "levers act on %s",
                                 A->st.lever_target < 0 ? "every regime" : A->D->s[A->st.lever_target].label);
                        say(A, &msg_until, msg);
                    } else {
                        int dir = shift ? 1 : -1; /* lower case: down (deeper cut), upper case: up */
                        if (cxi_live_lever(A->lv, A->D, lever, dir, A->st.lever_target, msg, sizeof msg) == 0)
                            A->ifs_since++;
                        say(A, &msg_until, msg); /* replaced by the worker's report when it is applied */
                    }
                }
                A->st.speed = SPEEDS[speed];
            }
        }
        Uint64 now = SDL_GetPerformanceCounter();
        double dt = (double)(now - last) / SDL_GetPerformanceFrequency();
        last = now;
        if (dt > 0.25) dt = 0.25;
        if (A->st.message[0] && SDL_TICKS_PASSED(SDL_GetTicks(), msg_until)) {
            A->st.message[0] = 0;
            dirty = 1;
        }
        if (A->lv) {
            /* what the worker reports: a what-if taken into the run */
            char rep[160];
            if (cxi_live_report(A->lv, rep, sizeof rep)) {
                say(A, &msg_until, rep);
                levers_now(A);
                dirty = 1;
            }
        }
        if (A->st.playing) {
            double next = A->st.play + dt * A->st.speed, was = A->st.play;
            int avail = A->st.avail, waiting = A->st.waiting;
            unsigned moved = A->lv ? cxi_live_moved(A->lv) : 0;
            A->goal = -1;
            P.playing += dt;
            if (A->st.waiting >= 0) P.waiting += dt;
            if (ensure(A, next)) goto done;
            P.months += A->st.play - was;
            if (A->st.play >= A->st.total - 1 - 1e-9) A->st.playing = 0;
            /* held for the simulation with nothing new: no frame, so that the
             * simulation threads get the cores (a frame costs 10-20 ms) */
            if (A->st.play != was || A->st.avail != avail || A->st.waiting != waiting || !A->st.playing ||
                (A->lv && cxi_live_moved(A->lv) != moved))
                dirty = 1;
        } else if (A->lv) {
            /* paused: go on to the goal when its month is there, draw the
             * baseline's months as they come; notice a failed worker */
            if (paused_tick(A, &dirty)) goto done;
        }
        if (dirty) {
            Uint64 t0 = SDL_GetPerformanceCounter();
            if (A->st.playing) P.gap_max = fmax(P.gap_max, (double)(t0 - last_frame) / freq);
            last_frame = t0;
            SDL_GetRendererOutputSize(r, &w, &h); /* the events may have resized it */
            if (cxi_draw_frame(d, A->D, &A->st, w, h, A->err, A->n)) goto done;
            if (shot) {
                screenshot(A, r, w, h, &msg_until);
                shot = 0;
                if (cxi_draw_frame(d, A->D, &A->st, w, h, A->err, A->n)) goto done; /* with the message */
            }
            SDL_RenderPresent(r);
            double took = (double)(SDL_GetPerformanceCounter() - t0) / freq;
            P.frames++, P.draw += took, P.draw_max = fmax(P.draw_max, took);
            dirty = 0;
            if (!vsync) SDL_Delay(15);
        } else {
            SDL_WaitEventTimeout(NULL, A->st.waiting >= 0 ? 20 : 100);
        }
    }
    rc = 0;
    if (o->stats) print_stats(&P, A);
done:
    cxi_draw_free(d);
    if (r) SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    return rc;
}

static int have_display(void)
{
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY"), *drv = getenv("SDL_VIDEODRIVER");
    return (x && *x) || (wl && *wl) || (drv && *drv && strcmp(drv, "offscreen") && strcmp(drv, "dummy"));
}

int cx_view_run(const cx_view_opts *o, char *err, size_t n)
{
    int head = o->png || o->frames || o->video || o->bench_frames > 0;
    if (o->n_results > 0 && o->scenario) {
        snprintf(err, n, "give either --results DIR or a scenario file, not both");
        return -1;
    }
    if (o->n_results == 0 && !o->scenario) {
        snprintf(err, n, "nothing to show: give --results DIR (from cxsim run --out DIR) or a scenario file");
        return -1;
    }
    if (!head && !have_display()) {
        snprintf(err, n, "no display (DISPLAY is not set): use --png FILE or --frames DIR to draw offscreen");
        return -1;
    }
    app A = {.o = o, .err = err, .n = n, .head = head, .goal = -1};
    A.st.bands = o->bands;
    A.st.analyst = o->analyst;
    A.st.font_scale = o->font_scale > 0 ? o->font_scale : 1;
    A.st.set = o->set >= 0 && o->set < cxi_n_sets ? o->set : 0;
    A.st.lever_target = -1;
    A.st.hover_x = A.st.hover_y = -1;
    A.st.waiting = -1;
    A.st.speed = SPEEDS[DEFAULT_SPEED];
    A.D = cx_view_data_new();
    int rc = -1, sdl = 0, img = 0;
    if (!A.D) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    if (o->scenario) {
        A.lv = cxi_live_open(o->scenario, o->consent, A.D, &A.st.total, err, n);
        if (!A.lv) goto done;
        A.st.live = 1;
        /* the first month before anything is drawn (the window opens with data) */
        if (cxi_live_need(A.lv, A.D, 0, err, n) || ensure(&A, 0)) goto done;
    } else {
        for (int i = 0; i < o->n_results; i++)
            if (cx_view_data_load(A.D, o->results[i], err, n)) goto done;
        A.st.total = A.st.avail = cx_view_data_months(A.D);
    }
    if (o->attribution) {
        if (cxi_attrib_load(o->attribution, &A.attrib, err, n) || cxi_attrib_check(&A.attrib, A.D, A.st.total, err, n))
            goto done;
        A.st.attrib = &A.attrib;
    }
    if (A.st.total < 1) {
        snprintf(err, n, "no months to show");
        goto done;
    }
    if (head) SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, n, "SDL: %s", SDL_GetError());
        goto done;
    }
    sdl = 1;
    img = IMG_Init(IMG_INIT_PNG);
    rc = head ? headless(&A) : windowed(&A);
done:
    cxi_live_close(A.lv); /* stops and joins the worker */
    drop_prev(&A);
    if (img) IMG_Quit();
    if (sdl) SDL_Quit();
    cx_view_data_free(A.D);
    return rc;
}
