/* test_viz_present: the view's presentation mode -- its layout and text sizes
 * at three window sizes (computed and in the rendered pixels), the figures
 * of the story (the gap's components add up to the gap, break-even, winners,
 * replications), every regime of three in every panel, and the event filter.
 * Stores are built in memory (cxi_data_add_row), one from a real run. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "cx_view.h"
#include "cxt_files.h"
#include "view_internal.h"

static const int C0[3] = {213, 94, 0}, C1[3] = {0, 114, 178}, C2[3] = {0, 158, 115}; /* series colours */

/* ------------------------------------------------------------------ */
/* A store in memory                                                    */

/* Monthly cost lines of series g, replication r, month m; the TCO is their
 * running sum (client cost = fees - penalties + gain + governance +
 * transition + self-service + churn). Series 1 costs more for `lag` months, then less. */
static void costs(int g, int r, int m, int lag, double *v)
{
    double wig = 1e3 * sin(1.7 * m + r + g);
    v[CXI_FEES] = 400e3 + (g == 1 ? 30e3 : 0) + 5e3 * g * g + wig;
    v[CXI_PENALTIES] = g == 0 ? 8e3 : 2e3;
    v[CXI_GAIN_SHARE] = g == 2 ? 3e3 : 0;
    v[CXI_GOVERNANCE] = 10e3 + 1e3 * g;
    v[CXI_TRANSITION] = g == 0 && m == 6 ? 150e3 : 0;
    v[CXI_CHURN_COST] = g == 1 ? (m < lag ? 40e3 : 10e3) : 60e3 + 500.0 * m;
    v[CXI_SELF_SERVICE] = 1e3 + 100.0 * g;
}

/* n series (at most 3) x reps x months; series 1 ahead of series 0 from month `lag`. */
static cx_view_data *store(int n, int reps, int months, int lag)
{
    static const char *const names[3] = {"vendor", "partner", "hybrid"};
    cx_view_data *D = cx_view_data_new();
    cr_assert_not_null(D);
    cr_assert_eq(cxi_data_reserve(D, months), 0);
    for (int g = 0; g < n; g++) cr_assert_eq(cxi_data_series(D, "fixture", names[g]), g);
    for (int g = 0; g < n; g++)
        for (int r = 0; r < reps; r++) {
            double tco = 0, cash = 0;
            for (int m = 0; m < months; m++) {
                double v[CXI_METRIC_COUNT];
                for (int k = 0; k < CXI_METRIC_COUNT; k++) v[k] = 0.5 + 0.01 * g + 0.001 * r;
                costs(g, r, m, lag, v);
                double cost = v[CXI_FEES] - v[CXI_PENALTIES] + v[CXI_GAIN_SHARE] + v[CXI_GOVERNANCE] +
                              v[CXI_TRANSITION] + v[CXI_SELF_SERVICE];
                cash += cost;
                tco += cost + v[CXI_CHURN_COST];
                v[CXI_TCO] = tco;
                v[CXI_CASH] = cash;
                v[CXI_CSAT] = 0.70 + 0.03 * g + 0.002 * m;
                v[CXI_CPR] = 6 + g;
                v[CXI_ATTRITION] = 0.6 - 0.1 * g;
                v[CXI_TRUST] = 0.4 + 0.1 * g;
                v[CXI_PHASE] = g;
                cr_assert_eq(cxi_data_add_row(D, g, r, m, v), 0);
            }
        }
    cxi_data_update_gap(D, 0);
    cxi_data_set_labels(D);
    return D;
}

static void add_event(cx_view_data *D, int s, double month, int kind, double value)
{
    cxi_event e = {.series = s, .month = month, .kind = kind, .value = value};
    snprintf(e.text, sizeof e.text, "%s", cx_note_kind_name(kind));
    cr_assert_eq(cxi_data_add_event(D, &e), 0);
}

/* ------------------------------------------------------------------ */
/* Drawing offscreen                                                    */

typedef struct shot {
    SDL_Surface *surf;
    int text_px[4];           /* the fonts' sizes */
} shot;

static shot draw(const cx_view_data *D, cxi_view_state st, int w, int h)
{
    char err[512] = "";
    shot out = {0};
    out.surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    cr_assert_not_null(out.surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(out.surf);
    cr_assert_not_null(r, "%s", SDL_GetError());
    cxi_draw *d = cxi_draw_new(r, CX_VIEW_FONT, w, h, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    cr_assert_eq(cxi_draw_frame(d, D, &st, w, h, err, sizeof err), 0, "%s", err);
    SDL_RenderFlush(r);
    if (getenv("CX_VIZ_BMP")) SDL_SaveBMP(out.surf, getenv("CX_VIZ_BMP")); /* to look at */
    for (int f = 0; f < 4; f++) out.text_px[f] = cxi_draw_text_px(d, f);
    cxi_draw_free(d);
    SDL_DestroyRenderer(r);
    return out;
}

static cxi_view_state state_at(const cx_view_data *D, int month)
{
    int months = cx_view_data_months(D);
    return (cxi_view_state){.play = month, .avail = months, .total = months, .bands = 1, .lever_target = -1,
                            .hover_x = -1, .hover_y = -1, .waiting = -1, .speed = 2, .font_scale = 1};
}

static Uint32 px(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
}

static int near_colour(Uint32 p, const int *c, int tol)
{
    return abs((int)((p >> 16) & 255) - c[0]) <= tol && abs((int)((p >> 8) & 255) - c[1]) <= tol &&
           abs((int)(p & 255) - c[2]) <= tol;
}

static int count_colour(const SDL_Surface *s, cx_view_rect r, const int *c, int tol)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h && y < s->h; y++)
        for (int x = r.x; x < r.x + r.w && x < s->w; x++) n += near_colour(px(s, x, y), c, tol);
    return n;
}

/* Rows of r holding a pixel of colour c: the height from the first to the last. */
static int ink_height(const SDL_Surface *s, cx_view_rect r, const int *c, int tol)
{
    int first = -1, last = -1;
    for (int y = r.y; y < r.y + r.h && y < s->h; y++)
        for (int x = r.x; x < r.x + r.w && x < s->w; x++)
            if (near_colour(px(s, x, y), c, tol)) {
                if (first < 0) first = y;
                last = y;
                break;
            }
    return first < 0 ? 0 : last - first + 1;
}

static int inside(cx_view_rect a, int w, int h)
{
    return a.x >= 0 && a.y >= 0 && a.w > 0 && a.h > 0 && a.x + a.w <= w && a.y + a.h <= h;
}

static int overlap(cx_view_rect a, cx_view_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* ------------------------------------------------------------------ */
/* Layout and text size                                                 */

static const int SIZES[3][2] = {{1024, 640}, {1600, 900}, {1920, 1080}};

Test(present, layout_at_three_sizes)
{
    for (int k = 0; k < 3; k++) {
        int w = SIZES[k][0], h = SIZES[k][1];
        cx_view_layout L;
        cx_view_layout_scaled(w, h, CX_VIEW_PRESENT, 3, 1, &L);
        cr_expect_eq(L.present, 1);
        cr_expect_geq(L.text_px, 0.03 * h, "%dx%d: smallest text %d px < 3%% of %d", w, h, L.text_px, h);
        cr_expect_geq(L.head_px, 2 * L.text_px, "%dx%d: headline numbers %d px", w, h, L.head_px);
        cr_expect(L.n_panels >= 2 && L.n_panels <= 4, "%d panels", L.n_panels);
        cr_expect_eq(L.n_cells, 4);
        cx_view_rect all[12];
        int n = 0;
        all[n++] = L.title, all[n++] = L.timeline, all[n++] = L.status;
        for (int i = 0; i < L.n_cells; i++) all[n++] = L.cell[i];
        for (int i = 0; i < L.n_panels; i++) {
            all[n++] = L.panel[i];
            /* large panels: at least a third of the height, ten lines of the smallest text */
            cr_expect_geq(L.panel[i].h, 10 * L.text_px, "%dx%d: panel %d is %d px high", w, h, i, L.panel[i].h);
            cr_expect_geq(L.panel[i].h, h / 3, "%dx%d: panel %d is %d px high", w, h, i, L.panel[i].h);
        }
        for (int i = 0; i < n; i++) {
            cr_expect(inside(all[i], w, h), "%dx%d: rect %d outside the window", w, h, i);
            for (int j = i + 1; j < n; j++) cr_expect(!overlap(all[i], all[j]), "%dx%d: rects %d and %d overlap", w, h, i, j);
        }
        /* the live controls fit in the status line, apart, with the smallest text */
        cxi_controls C;
        cxi_controls_get(&L, &C);
        cx_view_rect c[14] = {C.who, C.undo};
        for (int q = 0; q < 4; q++) c[2 + 3 * q] = C.label[q], c[3 + 3 * q] = C.minus[q], c[4 + 3 * q] = C.plus[q];
        for (int i = 0; i < 14; i++) {
            cr_expect(c[i].w > 0 && c[i].y >= L.status.y && c[i].y + c[i].h <= L.status.y + L.status.h,
                      "%dx%d: control %d not in the status line", w, h, i);
            cr_expect_geq(c[i].h, L.text_px, "%dx%d: control %d is %d px high", w, h, i, c[i].h);
            for (int j = i + 1; j < 14; j++) cr_expect(!overlap(c[i], c[j]), "%dx%d: controls %d and %d overlap", w, h, i, j);
        }
        /* the font scale grows the text, and the analyst grid is still there */
        cx_view_layout B;
        cx_view_layout_scaled(w, h, CX_VIEW_PRESENT, 3, 1.5, &B);
        cr_expect_geq(B.text_px, 1.5 * 0.03 * h - 1, "font scale 1.5: %d px", B.text_px);
        cx_view_layout_scaled(w, h, 0, 3, 1, &B);
        cr_expect_eq(B.present, 0);
        cr_expect_eq(B.n_panels, 6);
    }
}

/* The pixels: the fonts are opened at the layout's sizes, the status line's
 * text is at least 2% of the height from ascender to descender, and the
 * headline's big number (the partner's colour) at least 4.5%. */
Test(present, rendered_text_height_at_three_sizes)
{
    cx_view_data *D = store(2, 3, 24, 6);
    for (int k = 0; k < 3; k++) {
        int w = SIZES[k][0], h = SIZES[k][1];
        cx_view_layout L;
        cx_view_layout_scaled(w, h, CX_VIEW_PRESENT, 2, 1, &L);
        shot s = draw(D, state_at(D, 23), w, h);
        cr_expect_geq(s.text_px[0], 0.03 * h, "%dx%d: smallest font %d px", w, h, s.text_px[0]);
        cr_expect_eq(s.text_px[3], L.head_px);
        static const int dark[3] = {36, 40, 48};
        int status = ink_height(s.surf, L.status, dark, 60);
        cr_expect_geq(status, 0.02 * h, "%dx%d: status text %d px high", w, h, status);
        int big = ink_height(s.surf, L.cell[0], C1, 30);
        cr_expect_geq(big, 0.045 * h, "%dx%d: headline number %d px high", w, h, big);
        SDL_FreeSurface(s.surf);
    }
    /* Ctrl +: a larger font, the same window */
    cxi_view_state st = state_at(D, 23);
    st.font_scale = 1.3;
    shot s = draw(D, st, 1600, 900);
    cr_expect_geq(s.text_px[0], 1.3 * 27 - 1, "font scale 1.3: %d px", s.text_px[0]);
    SDL_FreeSurface(s.surf);
    cx_view_data_free(D);
}

/* The new options refuse what they cannot take (exit status 2). */
Test(present, options)
{
    char *bad[][3] = {{"--font-scale", "9", NULL}, {"--font-scale", "big", NULL}, {"--fps", "0", NULL},
                      {"--fps", "500", NULL}, {"--speed", "0", NULL}, {"--speed", "fast", NULL}};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char *argv[] = {"view", "--results", "none", bad[k][0], bad[k][1], NULL};
        cr_expect_eq(cx_view_main(5, argv, NULL), 2, "%s %s accepted", bad[k][0], bad[k][1]);
    }
    char *missing[] = {"view", "--video", NULL};
    cr_expect_eq(cx_view_main(2, missing, NULL), 2, "--video without a file accepted");
}

/* ------------------------------------------------------------------ */
/* The story's figures                                                  */

Test(present, components_add_up_to_the_gap)
{
    cx_view_data *D = store(3, 4, 30, 8);
    for (int b = 1; b < 3; b++)
        for (int m = 0; m < 30; m++) {
            double comp[CXI_K_COUNT], sum = 0;
            cxi_gap g;
            cr_assert_eq(cxi_story_components(D, 0, b, m, comp), 0);
            cr_assert_eq(cxi_story_gap(D, 0, b, m, &g), 0);
            cr_expect_eq(g.n, 4);
            for (int k = 0; k < CXI_K_COUNT; k++) sum += comp[k];
            cr_expect(fabs(sum - g.mean) <= 1e-6 * fabs(g.mean) + 1e-6, "series %d month %d: parts %.2f, gap %.2f",
                      b, m + 1, sum, g.mean);
        }
    /* penalties are credits: the series credited more has the negative part */
    double comp[CXI_K_COUNT];
    cxi_story_components(D, 0, 1, 0, comp);
    cr_expect_lt(comp[CXI_K_PENALTIES], 0, "penalty credits %.0f", comp[CXI_K_PENALTIES]);
    /* without a cost line, no split */
    D->has[CXI_GOVERNANCE] = 0;
    cr_expect_eq(cxi_story_components(D, 0, 1, 5, comp), -1);
    cx_view_data_free(D);
}

Test(present, break_even_leader_winners_replications)
{
    /* partner's churn cost drops after month 10: it catches up later */
    cx_view_data *D = store(2, 3, 36, 10);
    int other, lead = cxi_story_leader(D, 35, &other);
    cr_expect_eq(lead, 1);
    cr_expect_eq(other, 0);
    int be = cxi_story_break_even(D, 1, 0, 35);
    cr_expect_gt(be, 0, "partner was never behind?");
    const cxi_cell *a = cxi_data_cell(D, 1, CXI_TCO, be - 1), *b = cxi_data_cell(D, 0, CXI_TCO, be - 1);
    cr_expect_geq(a->mean, b->mean, "month %d: partner already ahead", be);
    for (int m = be; m < 36; m++)
        cr_expect_lt(cxi_data_cell(D, 1, CXI_TCO, m)->mean, cxi_data_cell(D, 0, CXI_TCO, m)->mean, "month %d", m + 1);
    cr_expect_eq(cxi_story_break_even(D, 0, 1, 35), -1, "vendor is not ahead at the end");
    double share[CX_VIEW_MAX_SERIES], best, second;
    cr_expect_eq(cxi_story_cheapest(D, 35, share), 3);
    cr_expect_float_eq(share[1], 1.0, 1e-12);
    cr_expect_eq(cxi_story_winner(D, CXI_DIM_QUALITY, 35, &best, &second), 1);
    cr_expect_eq(cxi_story_winner(D, CXI_DIM_COST, 35, &best, &second), 1);
    cr_expect_eq(cxi_story_winner(D, CXI_DIM_PEOPLE, 35, &best, &second), 1, "lower attrition wins");
    cxi_gap g;
    cr_assert_eq(cxi_story_gap(D, 0, 1, 35, &g), 0);
    cr_expect_float_eq(g.b_wins, 1.0, 1e-12);
    cr_expect_gt(g.half, 0, "three replications: an interval");
    cx_view_data_free(D);
}

/* A real run: the model's own cost lines add up to its cumulative TCO gap. */
Test(present, components_of_a_real_run, .timeout = 240)
{
    const char *cxsim = getenv("CXSIM"), *src = getenv("CX_SOURCE_DIR");
    if (!cxsim || !src || access(cxsim, X_OK) != 0) cr_skip_test("CXSIM / CX_SOURCE_DIR not set");
    char dir[1024], out[1100], scen[2048], o[1200], e[1200];
    cxt_make_temp_dir(dir, sizeof dir, "cx_present");
    snprintf(out, sizeof out, "%s/res", dir);
    snprintf(o, sizeof o, "%s/out", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", src);
    char *run[] = {(char *)cxsim, "run", scen, "--years", "0.5", "--reps", "2", "--out", out, "--quiet", NULL};
    pid_t pid;
    int st;
    cr_assert_eq(posix_spawn(&pid, cxsim, NULL, NULL, run, environ), 0);
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cxsim run failed");
    cx_view_data *D = cx_view_data_new();
    char err[512];
    cr_assert_eq(cx_view_data_load(D, out, err, sizeof err), 0, "%s", err);
    int months = cx_view_data_months(D), nonzero = 0;
    cr_assert_geq(months, 6);
    for (int m = 0; m < months; m++) {
        double comp[CXI_K_COUNT], sum = 0;
        cxi_gap g;
        cr_assert_eq(cxi_story_components(D, 0, 1, m, comp), 0, "month %d", m + 1);
        cr_assert_eq(cxi_story_gap(D, 0, 1, m, &g), 0);
        cr_expect_eq(g.n, 2);
        for (int k = 0; k < CXI_K_COUNT; k++) sum += comp[k], nonzero += fabs(comp[k]) > 0;
        const cxi_cell *t = cxi_data_cell(D, 0, CXI_TCO, m);
        cr_expect(fabs(sum - g.mean) <= 1e-6 * t->mean, "month %d: parts %.2f, gap %.2f", m + 1, sum, g.mean);
        /* the operation panel's team: the knowledge bands add up to the head count */
        for (int i = 0; i < 2; i++) {
            double bands = cxi_data_cell(D, i, CXI_NOVICE, m)->mean + cxi_data_cell(D, i, CXI_DEVELOPING, m)->mean +
                           cxi_data_cell(D, i, CXI_PROFICIENT, m)->mean;
            cr_expect_float_eq(bands, cxi_data_cell(D, i, CXI_HEADCOUNT, m)->mean, 1e-9, "month %d", m + 1);
        }
    }
    cr_expect_gt(nonzero, months, "the cost lines are (nearly) all zero");
    cx_view_data_free(D);
    cxt_remove_tree(dir);
}

/* Three regimes: each of them in each of the presentation's panels. */
Test(present, every_regime_in_every_panel)
{
    cx_view_data *D = store(3, 2, 36, 10);
    shot s = draw(D, state_at(D, 35), 1600, 900);
    cx_view_layout L;
    cx_view_layout_scaled(1600, 900, CX_VIEW_PRESENT, 3, 1, &L);
    const int *col[3] = {C0, C1, C2};
    for (int i = 0; i < L.n_panels; i++)
        for (int g = 0; g < 3; g++) {
            int n = count_colour(s.surf, L.panel[i], col[g], 30);
            cr_expect_gt(n, 40, "panel %d: regime %d drawn with %d pixels", i, g + 1, n);
        }
    for (int g = 0; g < 3; g++) cr_expect_gt(count_colour(s.surf, L.title, col[g], 30), 40, "legend: regime %d", g + 1);
    SDL_FreeSurface(s.surf);
    cx_view_data_free(D);
}

/* ------------------------------------------------------------------ */
/* Events                                                               */

Test(present, event_filter)
{
    /* by default: transitions, re-bids, rate changes, what-ifs, phases, renewals */
    static const int key[] = {CX_N_TRANSITION, CX_N_REBID, CX_N_RATE_CHANGE, CX_N_OVERRIDE, CX_N_PHASE, CX_N_RENEWAL};
    static const int minor[] = {CX_N_BLAME, CX_N_DEFECT_FIXED, CX_N_SPIKE, CX_N_JOINT_RCA};
    for (size_t k = 0; k < sizeof key / sizeof *key; k++) {
        cr_expect(cxi_ev_shown(key[k], 0), "%s hidden by default", cx_note_kind_name(key[k]));
        cr_expect(cxi_ev_shown(key[k], 1));
    }
    for (size_t k = 0; k < sizeof minor / sizeof *minor; k++) {
        cr_expect(!cxi_ev_shown(minor[k], 0), "%s shown by default", cx_note_kind_name(minor[k]));
        cr_expect(cxi_ev_shown(minor[k], 1), "%s not shown with every kind", cx_note_kind_name(minor[k]));
    }
    cr_expect(!cxi_ev_shown(CX_N_HIRE, 1), "hires are bars, not markers");
    /* on screen: thirty blames in the vendor's lane are gone until `e` */
    cx_view_data *D = store(2, 1, 24, 6);
    for (int k = 0; k < 30; k++) add_event(D, 0, 0.7 * k, CX_N_BLAME, 1);
    add_event(D, 0, 12, CX_N_TRANSITION, 0);
    static const int blame[3] = {112, 88, 70}, transition[3] = {140, 40, 160};
    cx_view_layout L;
    cxi_view_state st = state_at(D, 23);
    cxi_layout_of(&st, 1600, 900, 2, &L);
    shot a = draw(D, st, 1600, 900);
    cr_expect_eq(count_colour(a.surf, L.timeline, blame, 6), 0, "blame drawn by default");
    cr_expect_gt(count_colour(a.surf, L.timeline, transition, 6), 50, "the transition is not drawn");
    st.all_events = 1;
    shot b = draw(D, st, 1600, 900);
    cr_expect_gt(count_colour(b.surf, L.timeline, blame, 6), 50, "e: blame not drawn");
    cr_expect_gt(count_colour(b.surf, L.timeline, transition, 6), 50, "e: the transition is gone");
    SDL_FreeSurface(a.surf);
    SDL_FreeSurface(b.surf);
    cx_view_data_free(D);
}

/* ------------------------------------------------------------------ */
/* What-ifs in a live run                                               */

/* A small scenario (six months, two regimes) in dir. */
static void small_scenario(const char *dir, char *path, size_t n) { cxt_write_two_regimes(path, n, dir, "small", 0.5); }

/* A live run of the small scenario, in a new temporary directory dir. */
static cxi_live *open_small(char *dir, size_t n, cx_view_data **D, int *months)
{
    char scen[1200], err[512] = "";
    cxt_make_temp_dir(dir, n, "cx_present");
    small_scenario(dir, scen, sizeof scen);
    *D = cx_view_data_new();
    cxi_live *lv = cxi_live_open(scen, NULL, *D, months, err, sizeof err);
    cr_assert_not_null(lv, "%s", err);
    return lv;
}

/* The latest what-if report, waiting for it (10 s at most). */
static int wait_report(cxi_live *lv, char *msg, size_t n)
{
    for (int k = 0; k < 1000; k++) {
        if (cxi_live_report(lv, msg, n)) return 1;
        SDL_Delay(10);
    }
    return 0;
}

/* Paused at month 3 after a what-if: the baseline's months arrive while the
 * playhead does not move (the window polls the same month), the view knows
 * there is something new to draw (cxi_live_moved), and the frame then shows
 * the baseline (the compounding panel changes, the legend names it). */
Test(present, what_if_baseline_drawn_while_paused, .timeout = 120)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    char dir[1024], err[512] = "", msg[160];
    cx_view_data *D;
    int months = 0;
    cxi_live *lv = open_small(dir, sizeof dir, &D, &months);
    cr_assert_eq(cxi_live_need(lv, D, 1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cxi_live_lever(lv, D, 0, -1, -1, msg, sizeof msg), 0, "%s", msg);
    cr_assert(wait_report(lv, msg, sizeof msg), "no what-if report");
    cr_assert_eq(cxi_live_need(lv, D, 3, err, sizeof err), 0, "%s", err);
    cxi_view_state st = {.play = 3, .avail = cxi_live_done(lv), .total = months, .live = 1, .bands = 1,
                         .lever_target = -1, .hover_x = -1, .hover_y = -1, .waiting = -1, .speed = 4,
                         .font_scale = 1};
    int had = D->ghosts ? D->s[CXI_GHOST].months : 0;
    shot before = draw(D, st, 1280, 720);
    /* paused: poll month 3 only, as the window's paused loop does */
    unsigned moved = cxi_live_moved(lv);
    for (int k = 0; k < 1500 && (!D->ghosts || D->s[CXI_GHOST].months < 4); k++) {
        cr_assert_eq(cxi_live_poll(lv, D, 3, err, sizeof err), 0, "%s", err);
        SDL_Delay(10);
    }
    cr_assert(D->ghosts && D->s[CXI_GHOST].months >= 4, "the baseline did not arrive while paused (had %d)", had);
    cr_expect_neq(cxi_live_moved(lv), moved, "nothing new to draw, says the view");
    shot after = draw(D, st, 1280, 720);
    cx_view_layout L;
    cxi_layout_of(&st, 1280, 720, 2, &L);
    long diff = 0;
    for (int y = L.panel[0].y; y < L.panel[0].y + L.panel[0].h; y++)
        for (int x = L.panel[0].x; x < L.panel[0].x + L.panel[0].w; x++) diff += px(before.surf, x, y) != px(after.surf, x, y);
    cr_expect_gt(diff, 200, "the compounding panel did not change when the baseline came (%ld pixels)", diff);
    SDL_FreeSurface(before.surf);
    SDL_FreeSurface(after.surf);
    cxi_live_close(lv);
    cx_view_data_free(D);
    cxt_remove_tree(dir);
}

/* Undo puts the levers back; the levers are read per regime. */
Test(present, undo_the_last_what_if, .timeout = 120)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    char dir[1024], err[512] = "", msg[160];
    cx_view_data *D;
    int months = 0, pol[4];
    double v0[4], v1[4], v2[4], p0[4];
    cxi_live *lv = open_small(dir, sizeof dir, &D, &months);
    cr_assert_eq(cxi_live_need(lv, D, 0, err, sizeof err), 0, "%s", err);
    cr_expect_eq(cxi_live_levers(lv, 1, v0, pol), 1, "series 2 is regime 2");
    cxi_live_levers(lv, 0, p0, pol);
    /* training up on the partner only */
    cr_assert_eq(cxi_live_lever(lv, D, 3, +1, 1, msg, sizeof msg), 0, "%s", msg);
    cr_assert(wait_report(lv, msg, sizeof msg));
    cr_expect(strstr(msg, "partner") != NULL, "report: %s", msg);
    cxi_live_levers(lv, 1, v1, pol);
    cr_expect_float_eq(v1[3], v0[3] + 2, 1e-9, "training %g -> %g", v0[3], v1[3]);
    cxi_live_levers(lv, 0, v2, pol);
    cr_expect_float_eq(v2[3], p0[3], 1e-9, "the vendor's training moved");
    cr_assert_eq(cxi_live_undo(lv, msg, sizeof msg), 0, "%s", msg);
    cr_assert(wait_report(lv, msg, sizeof msg));
    cr_expect(strstr(msg, "undone") != NULL, "report: %s", msg);
    cxi_live_levers(lv, 1, v2, pol);
    cr_expect_float_eq(v2[3], v0[3], 1e-9, "undo: training %g, was %g", v2[3], v0[3]);
    cr_expect_eq(pol[3], 0, "the facilitator's value is not the policy's");
    /* nothing left to undo */
    cr_assert_eq(cxi_live_undo(lv, msg, sizeof msg), 0, "%s", msg);
    cr_assert(wait_report(lv, msg, sizeof msg));
    cr_expect(strstr(msg, "nothing to undo") != NULL, "report: %s", msg);
    cxi_live_close(lv);
    cx_view_data_free(D);
    cxt_remove_tree(dir);
}

/* Undo again and again: the what-ifs come off the last first, each lever
 * back to its value before that what-if, down to the scenario's. */
Test(present, undo_again_and_again, .timeout = 120)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    char dir[1024], err[512] = "", msg[160];
    cx_view_data *D;
    int months = 0, pol[4];
    double v0[4], v[4];
    cxi_live *lv = open_small(dir, sizeof dir, &D, &months);
    cr_assert_eq(cxi_live_need(lv, D, 0, err, sizeof err), 0, "%s", err);
    cxi_live_levers(lv, 1, v0, pol);
    static const int which[3] = {0, 3, 0}, dir_of[3] = {-1, +1, -1}; /* pay down, training up, pay down */
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(cxi_live_lever(lv, D, which[k], dir_of[k], -1, msg, sizeof msg), 0, "%s", msg);
        cr_assert(wait_report(lv, msg, sizeof msg));
    }
    cxi_live_levers(lv, 1, v, pol);
    cr_expect_float_eq(v[0], v0[0] - 0.10, 1e-9, "pay %g, was %g", v[0], v0[0]);
    cr_expect_float_eq(v[3], v0[3] + 2, 1e-9);
    const double pay[3] = {v0[0] - 0.05, v0[0] - 0.05, v0[0]}, train[3] = {v0[3] + 2, v0[3], v0[3]};
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(cxi_live_undo(lv, msg, sizeof msg), 0, "%s", msg);
        cr_assert(wait_report(lv, msg, sizeof msg));
        cr_expect(strstr(msg, "undone") != NULL, "undo %d: %s", k + 1, msg);
        cxi_live_levers(lv, 1, v, pol);
        cr_expect_float_eq(v[0], pay[k], 1e-9, "undo %d: pay %g, want %g", k + 1, v[0], pay[k]);
        cr_expect_float_eq(v[3], train[k], 1e-9, "undo %d: training %g, want %g", k + 1, v[3], train[k]);
    }
    cr_assert_eq(cxi_live_undo(lv, msg, sizeof msg), 0, "%s", msg);
    cr_assert(wait_report(lv, msg, sizeof msg));
    cr_expect(strstr(msg, "nothing to undo") != NULL, "report: %s", msg);
    cxi_live_close(lv);
    cx_view_data_free(D);
    cxt_remove_tree(dir);
}

/* ------------------------------------------------------------------ */
/* The operation panel                                                  */

/* The team's colours follow the knowledge bands in the store: all expert,
 * then all new, then a transition (a banner), and its size the head count. */
Test(present, operation_panel_drawn_from_state)
{
    static const int novice[3] = {198, 196, 222}, expert[3] = {64, 44, 140}, banner[3] = {140, 40, 160};
    cx_view_data *D = store(2, 1, 12, 6);
    cxi_view_state st = state_at(D, 11);
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    cx_view_rect op = L.panel[2];
    long px_novice[4], px_expert[4], px_banner[4];
    for (int k = 0; k < 4; k++) {
        for (int g = 0; g < 2; g++)
            for (int m = 0; m < 12; m++) {
                cxi_cell *c = D->s[g].cell;
                int cap = D->cap;
                /* k 3: the vendor's team of 240, the partner's of 40 */
                double n = k == 0 ? 0 : k == 3 ? (g ? 20 : 120) : 120, e = k == 0 ? 120 : k == 3 ? (g ? 20 : 120) : 0;
                c[(size_t)CXI_NOVICE * cap + m] = (cxi_cell){n, 0, 1};
                c[(size_t)CXI_DEVELOPING * cap + m] = (cxi_cell){0, 0, 1};
                c[(size_t)CXI_PROFICIENT * cap + m] = (cxi_cell){e, 0, 1};
                c[(size_t)CXI_ON_DUTY * cap + m] = (cxi_cell){k == 3 ? (g ? 40 : 240) : 120, 0, 1};
                c[(size_t)CXI_CHANGES * cap + m] = (cxi_cell){k == 2 && m == 11 && g == 0 ? 1 : 0, 0, 1};
            }
        shot s = draw(D, st, 1600, 900);
        if (k == 3) { /* the vendor's lane is the upper half, the partner's the lower */
            cx_view_rect up = op, down = op;
            up.h = down.h = op.h / 2;
            down.y += op.h / 2;
            long a = count_colour(s.surf, up, novice, 4) + count_colour(s.surf, up, expert, 4);
            long b = count_colour(s.surf, down, novice, 4) + count_colour(s.surf, down, expert, 4);
            cr_expect_lt(3 * b, a, "a team of 40 (%ld pixels) against one of 240 (%ld)", b, a);
        }
        px_novice[k] = count_colour(s.surf, op, novice, 4);
        px_expert[k] = count_colour(s.surf, op, expert, 4);
        px_banner[k] = count_colour(s.surf, op, banner, 4);
        SDL_FreeSurface(s.surf);
    }
    cr_expect_gt(px_expert[0], 1000, "all expert: %ld expert pixels", px_expert[0]);
    cr_expect_lt(px_novice[0], px_expert[0] / 10, "all expert: %ld new pixels", px_novice[0]);
    cr_expect_gt(px_novice[1], 1000, "all new: %ld new pixels", px_novice[1]);
    cr_expect_lt(px_expert[1], px_novice[1] / 10, "all new: %ld expert pixels", px_expert[1]);
    cr_expect_gt(px_banner[2], 500, "a transition this month: no banner (%ld pixels)", px_banner[2]);
    cr_expect_lt(px_banner[1], 50, "no transition: a banner (%ld pixels)", px_banner[1]);
    /* the CSAT chart instead (key o) */
    st.quality_panel = 1;
    shot q = draw(D, st, 1600, 900);
    cr_expect_eq(count_colour(q.surf, op, expert, 4), 0, "the operation is drawn with the quality panel asked");
    SDL_FreeSurface(q.surf);
    cx_view_data_free(D);
}

/* Presentation: hovering the compounding panel shows the month's figures there (and nowhere else). */
Test(present, hover_on_the_compounding_panel)
{
    cx_view_data *D = store(2, 3, 24, 6);
    cxi_view_state st = state_at(D, 23);
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    shot a = draw(D, st, 1600, 900);
    st.hover_x = L.panel[0].x + L.panel[0].w / 2;
    st.hover_y = L.panel[0].y + L.panel[0].h / 2;
    shot b = draw(D, st, 1600, 900);
    long in = 0, out = 0;
    for (int y = 0; y < 900; y++)
        for (int x = 0; x < 1600; x++) {
            int inside_panel = x >= L.panel[0].x && x < L.panel[0].x + L.panel[0].w && y >= L.panel[0].y &&
                               y < L.panel[0].y + L.panel[0].h;
            if (px(a.surf, x, y) != px(b.surf, x, y)) *(inside_panel ? &in : &out) += 1;
        }
    cr_expect_gt(in, 2000, "no hover box (%ld pixels changed)", in);
    cr_expect_eq(out, 0, "the hover changed %ld pixels outside the panel", out);
    SDL_FreeSurface(a.surf);
    SDL_FreeSurface(b.surf);
    cx_view_data_free(D);
}

/* Scrubbing on a chart: its plot's width is the run's months; the panels
 * that are not over the months (why, the operation) take no scrub. */
Test(present, scrub_on_a_chart)
{
    cxi_view_state st = {.total = 61, .font_scale = 1};
    cx_view_layout L;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    const cx_view_rect *r = &L.panel[0];
    int x0 = (int)ceil(r->x + 58 * L.scale), x1 = (int)floor(r->x + r->w - 14 * L.scale), y = r->y + r->h / 2, p = -1;
    cr_expect_float_eq(cxi_layout_chart_month_at(&L, &st, x0, y, &p), 0, 0.5);
    cr_expect_eq(p, 0);
    p = -1;
    cr_expect_float_eq(cxi_layout_chart_month_at(&L, &st, x1, y, &p), 60, 0.5);
    p = -1;
    cr_expect_float_eq(cxi_layout_chart_month_at(&L, &st, (x0 + x1) / 2, y, &p), 30, 0.5);
    /* dragging on past the plot's edge stays on its ends */
    cr_expect_float_eq(cxi_layout_chart_month_at(&L, &st, x1 + 500, 0, &p), 60, 1e-9);
    for (int i = 1; i < 3; i++) {
        p = -1;
        cr_expect_lt(cxi_layout_chart_month_at(&L, &st, L.panel[i].x + L.panel[i].w / 2, L.panel[i].y + L.panel[i].h / 2, &p), 0,
                     "panel %d scrubs", i);
    }
    st.quality_panel = 1; /* the CSAT chart instead of the operation: over the months */
    p = -1;
    cr_expect_geq(cxi_layout_chart_month_at(&L, &st, L.panel[2].x + L.panel[2].w / 2, L.panel[2].y + L.panel[2].h / 2, &p), 0);
    st.analyst = 1;
    cxi_layout_of(&st, 1600, 900, 2, &L);
    p = -1;
    cr_expect_geq(cxi_layout_chart_month_at(&L, &st, L.panel[4].x + L.panel[4].w / 2, L.panel[4].y + L.panel[4].h / 2, &p), 0);
    cr_expect_eq(p, 4);
}

/* ------------------------------------------------------------------ */
/* Axes                                                                 */

/* Never negative (tenure, speed of answer, trust): no negative axis, even
 * with bands that reach below 0; a quantity that goes negative keeps it;
 * wide bands do not flatten the lines; the axis covers the data. */
Test(present, axes)
{
    cx_view_data *D = store(2, 3, 12, 6);
    cxi_axis a;
    /* tenure 0.5-3 months, replications far apart: bands well below 0 */
    for (int g = 0; g < 2; g++)
        for (int m = 0; m < 12; m++) {
            cxi_cell *c = &D->s[g].cell[(size_t)CXI_TENURE * D->cap + m];
            *c = (cxi_cell){0.5 + 0.2 * m, 40, 3}; /* sd sqrt(20): a half-width of about 11 */
            cxi_cell *t = &D->s[g].cell[(size_t)CXI_TRUST * D->cap + m];
            *t = (cxi_cell){0.1, 2, 3};
            cxi_cell *r = &D->s[g].cell[(size_t)CXI_MARGIN * D->cap + m];
            *r = (cxi_cell){-0.05 + 0.01 * m, 0, 3};
        }
    static const int nonneg[] = {CXI_TENURE, CXI_TRUST, CXI_ASA, CXI_CSAT};
    for (size_t k = 0; k < sizeof nonneg / sizeof *nonneg; k++) {
        cxi_axis_metric(D, nonneg[k], 12, 1, 5, nonneg[k] == CXI_TRUST, &a);
        cr_expect_geq(a.lo, 0, "%s: axis from %g", cxi_metrics[nonneg[k]].column, a.lo);
    }
    cxi_axis_metric(D, CXI_TENURE, 12, 1, 5, 0, &a);
    cr_expect_leq(a.hi, 3 * 2.7, "tenure: the bands flatten the line (axis to %g for data to 2.7)", a.hi);
    cr_expect_geq(a.hi, 2.7, "tenure: the axis does not reach the line's top (%g)", a.hi);
    cxi_axis_metric(D, CXI_TRUST, 12, 1, 5, 1, &a);
    cr_expect_geq(a.hi, 1, "trust: the axis stops below 1");
    cxi_axis_metric(D, CXI_MARGIN, 12, 1, 5, 0, &a);
    cr_expect_leq(a.lo, -0.05, "a margin below 0 keeps its negative axis (from %g)", a.lo);
    /* the axis never shrinks as more months come in */
    cxi_axis prev;
    cxi_axis_metric(D, CXI_CSAT, 1, 1, 5, 0, &prev);
    for (int m = 2; m <= 12; m++) {
        cxi_axis_metric(D, CXI_CSAT, m, 1, 5, 0, &a);
        cr_expect(a.lo <= prev.lo + 1e-12 && a.hi >= prev.hi - 1e-12, "month %d: [%g, %g] after [%g, %g]", m, a.lo,
                  a.hi, prev.lo, prev.hi);
        prev = a;
    }
    cx_view_data_free(D);
}
