/* The SDL2 view (viz/): the series store read from a results directory, and
 * the headless path drawing PNG files. Results directories are fixtures
 * written here (monthly.csv with the model's columns, events.csv with quoted
 * text), so the suite does not depend on the model's numbers. When $CXSIM is
 * a cxsim whose `run` writes the model's columns, the default scenario is also
 * drawn through the command line. Each test works in its own mkdtemp
 * directory. Sizes and horizons stay small: the suite runs under ASan. Live
 * mode is checked on a three-month scenario written here: its frames, that
 * they do not depend on the simulation thread's timing, that the months it
 * simulates are those of one uninterrupted run, and its what-ifs. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "cx_job.h"
#include "cx_results.h"
#include "cx_row.h"
#include "cx_view.h"
#include "view_internal.h"
#include "cxt_files.h"

extern char **environ;

/* ------------------------------------------------------------------ */
/* Working directory                                                    */

static char work[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_viz"); }

static void drop_work(void)
{
    if (!getenv("CX_VIZ_KEEP")) cxt_remove_tree(work); /* CX_VIZ_KEEP=1 keeps the fixtures to look at */
}

static char *at(const char *name)
{
    static char buf[4][2048];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", work, name);
    return buf[k];
}

/* ------------------------------------------------------------------ */
/* Fixture: a results directory in the model's format                   */

/* monthly.csv's numeric columns, in the model's order (the contract). */
static const char *const COLS[] = {
    "month", "day_start", "day_end", "offered", "answered", "abandoned", "completed", "service_level",
    "p_wait", "abandon_rate", "asa_s", "mean_wait_s", "aht_min", "occupancy", "mean_queue",
    "mean_agents", "fcr", "repeat_rate", "csat", "resolved", "repeats", "headcount", "in_pipeline",
    "temps", "hires", "leavers", "attrition_annual", "mean_tenure_m", "mean_knowledge", "rate",
    "provider_revenue", "provider_cost", "provider_margin", "client_fees", "penalties", "gain_share",
    "governance_cost", "transition_cost", "churn_cost", "client_cost", "client_tco_cum", "client_cash_cum",
    "cost_per_resolution", "customers", "churned", "churn_rate", "revenue_influenced", "insights",
    "defects_open", "defects_fixed", "contacts_avoided", "trust", "phase", NULL};

static const char *const REGIMES[] = {"vendor", "partner"};

/* A smooth, reproducible value of column c for (regime g, rep r, month m). */
static double fixture_value(const char *c, int g, int r, int m, double *tco)
{
    double wig = 0.01 * sin(1.3 * m + 2.1 * r + g), y = m / 12.0;
    double trust = g ? fmin(0.9, 0.45 + 0.12 * y) : fmax(0.2, 0.45 - 0.05 * y);
    double client_cost = g ? 420e3 - 1.5e3 * m : 400e3 + (m >= 36 ? 30e3 : 0);
    if (!strcmp(c, "month")) return m;
    if (!strcmp(c, "day_start")) return m * 30.4375;
    if (!strcmp(c, "day_end")) return (m + 1) * 30.4375;
    if (!strcmp(c, "service_level")) return 0.80 + wig;
    if (!strcmp(c, "csat")) return (g ? fmin(0.86, 0.72 + 0.03 * y) : 0.72 - 0.015 * y) + wig + 0.01 * r;
    if (!strcmp(c, "fcr")) return (g ? fmin(0.85, 0.70 + 0.03 * y) : 0.70 - 0.01 * y) + wig;
    if (!strcmp(c, "occupancy") || !strcmp(c, "p_wait")) return 0.85 + wig;
    if (!strcmp(c, "abandon_rate") || !strcmp(c, "repeat_rate")) return 0.05 + wig / 4;
    if (!strcmp(c, "cost_per_resolution")) return (g ? 10 - 0.04 * m : 9 + 0.02 * m) + 10 * wig;
    if (!strcmp(c, "client_cost")) return client_cost;
    if (!strcmp(c, "client_tco_cum")) return *tco += client_cost * (1 + wig);
    if (!strcmp(c, "client_cash_cum")) return *tco * (g ? 0.78 : 0.72); /* after client_tco_cum in a row */
    if (!strcmp(c, "provider_margin")) return (g ? 0.15 : (m >= 12 ? 0.04 : 0.09)) + wig;
    if (!strcmp(c, "attrition_annual")) return (g ? 0.30 : 0.65) + 3 * wig;
    if (!strcmp(c, "mean_tenure_m")) return g ? 10 + 0.3 * m : 8 + 2 * sin(m / 6.0);
    if (!strcmp(c, "mean_knowledge")) return g ? fmin(0.85, 0.5 + 0.01 * m) : 0.5 + wig;
    if (!strcmp(c, "trust")) return trust + wig;
    if (!strcmp(c, "phase")) return g ? (trust > 0.8 ? 3 : trust > 0.65 ? 2 : trust > 0.5 ? 1 : 0) : 0;
    if (!strcmp(c, "churn_rate")) return (g ? 0.008 : 0.012) + wig / 10;
    if (!strcmp(c, "contacts_avoided")) return g ? 60.0 * m : 150 + 50 * sin(m);
    if (!strcmp(c, "hires")) return g ? 2 + r % 2 : 6 + (m % 3);
    if (!strcmp(c, "leavers")) return g ? 1 + (m % 2) : 6 + (m % 4);
    if (!strcmp(c, "headcount")) return 50 + g * 2 + wig * 100;
    if (!strcmp(c, "rate")) return g ? 1.0 : (m >= 12 ? 0.95 : 1.0);
    if (!strcmp(c, "asa_s")) return 20 + 100 * wig;
    return 1000 + 10 * m + 100 * g + r; /* counts and money nobody checks */
}

/* DIR/manifest.json over the files as they are now (a complete set). */
static void seal(const char *dir)
{
    char err[512];
    cr_assert_eq(cx_results_seal(dir, err, sizeof err), 0, "%s", err);
}

/* Write DIR/monthly.csv (without column `omit`, if given), DIR/events.csv and
 * DIR/summary.json, sealed as a set with DIR/manifest.json. */
static void write_fixture(const char *dir, int reps, int months, const char *omit)
{
    char path[2048];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/monthly.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "scenario,regime,rep,seed");
    for (int c = 0; COLS[c]; c++)
        if (!omit || strcmp(COLS[c], omit)) fprintf(f, ",%s", COLS[c]);
    fprintf(f, "\n");
    for (int g = 0; g < 2; g++)
        for (int r = 0; r < reps; r++) {
            double tco = 0;
            for (int m = 0; m < months; m++) {
                fprintf(f, "fixture,%s,%d,%d", REGIMES[g], r, 42 + r);
                for (int c = 0; COLS[c]; c++) {
                    double v = fixture_value(COLS[c], g, r, m, &tco);
                    if (!omit || strcmp(COLS[c], omit)) fprintf(f, ",%.10g", v);
                }
                fprintf(f, "\n");
            }
        }
    fclose(f);
    snprintf(path, sizeof path, "%s/events.csv", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "scenario,regime,rep,day,month,kind,value,text\n"
               "fixture,vendor,0,3.5,0,hire,1,agent 12 hired\n"
               "fixture,vendor,0,40,1,quit,1,agent 3 left\n"
               "fixture,vendor,0,366,12,rate_change,-0.05,\"rate cut 5%%, accepted\"\n"
               "fixture,vendor,1,366,12,rate_change,-0.05,another replication (not drawn)\n"
               "fixture,vendor,0,500,16,spike,1.8,\"launch spike, x1.8\"\n"
               "fixture,vendor,0,1096,36,rebid,0,\"re-bid: \"\"cheapest\"\" bid wins, new provider\"\n"
               "fixture,vendor,0,1100,36,transition,0,transition to the new provider\n"
               "fixture,partner,0,200,6,joint_rca,1,joint root-cause analysis\n"
               "fixture,partner,0,300,9,defect_fixed,1,defect 4 fixed\n"
               "fixture,partner,0,420,13,phase,1,operational proof\n"
               "fixture,partner,0,900,29,phase,2,\"transparency test, open book\"\n"
               "fixture,partner,0,1500,49,phase,3,partnership\n"
               "fixture,partner,0,1510,49,mystery_kind,0,unknown kinds are skipped\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\n  \"runs\": []\n}\n");
    fclose(f);
    seal(dir);
}

/* ------------------------------------------------------------------ */
/* Images                                                               */

static SDL_Surface *load_png(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    cr_assert_not_null(raw, "IMG_Load(%s): %s", path, IMG_GetError());
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    cr_assert_not_null(s);
    return s;
}

static Uint32 pixel(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
}

/* Pixels in rect r within `tol` of colour (R, G, B). */
static int count_near(const SDL_Surface *s, cx_view_rect r, int R, int G, int B, int tol)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h && y < s->h; y++)
        for (int x = r.x; x < r.x + r.w && x < s->w; x++) {
            Uint32 p = pixel(s, x, y);
            int pr = (p >> 16) & 255, pg = (p >> 8) & 255, pb = p & 255;
            if (abs(pr - R) <= tol && abs(pg - G) <= tol && abs(pb - B) <= tol) n++;
        }
    return n;
}

/* Pixels in rect r that are not the colour of its top-left inner corner (its background). */
static int count_ink(const SDL_Surface *s, cx_view_rect r)
{
    Uint32 bg = pixel(s, r.x + 2, r.y + 2);
    int n = 0;
    for (int y = r.y + 1; y < r.y + r.h - 1 && y < s->h; y++)
        for (int x = r.x + 1; x < r.x + r.w - 1 && x < s->w; x++)
            if (pixel(s, x, y) != bg) n++;
    return n;
}

/* Every panel of set `set` shows both series (their colours), the title and timeline have ink. */
static void check_panels(const char *png, int w, int h, int set)
{
    SDL_Surface *s = load_png(png);
    cr_assert_eq(s->w, w, "width %d, expected %d", s->w, w);
    cr_assert_eq(s->h, h, "height %d, expected %d", s->h, h);
    cx_view_layout L;
    cx_view_layout_get(w, h, set, 2, &L);
    cr_assert_eq(L.n_panels, 6);
    for (int i = 0; i < L.n_panels; i++) {
        int ink = count_ink(s, L.panel[i]);
        int vendor = count_near(s, L.panel[i], 213, 94, 0, 40);
        int partner = count_near(s, L.panel[i], 0, 114, 178, 40);
        cr_expect_gt(ink, L.panel[i].w * L.panel[i].h / 100, "panel %d is (nearly) blank: %d pixels", i, ink);
        cr_expect_gt(vendor + partner, 150, "panel %d: no series drawn (%d vendor, %d partner pixels)", i,
                     vendor, partner);
    }
    cr_expect_gt(count_ink(s, L.title), 500, "title bar is blank");
    cr_expect_gt(count_ink(s, L.timeline), 500, "timeline is blank");
    SDL_FreeSurface(s);
}

/* ------------------------------------------------------------------ */
/* Running the command                                                  */

/* cx_view_main with a NULL-terminated argument list; stderr to a file. */
static int view(const char *err_file, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, err_file);
    argv[argc++] = "view";
    for (char *a; argc < 31 && (a = va_arg(ap, char *));) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    fflush(stderr);
    int saved = dup(2);
    int fd = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(fd, 2);
    close(fd);
    int rc = cx_view_main(argc, argv, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    return rc;
}

static char *slurp(const char *path)
{
    static char buf[8192];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = 0;
    return buf;
}

/* Run a program; stdout and stderr to files; the exit status, or -1. */
static int spawn(char *const argv[], const char *out, const char *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    pid_t pid;
    int st, rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) return -1;
    if (waitpid(pid, &st, 0) < 0) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TestSuite(viz, .init = make_work, .fini = drop_work, .timeout = 300);

/* ------------------------------------------------------------------ */
/* The store                                                            */

Test(viz, loads_series_reps_and_bands)
{
    write_fixture(at("r"), 3, 24, NULL);
    cx_view_data *D = cx_view_data_new();
    char err[512] = "";
    cr_assert_eq(cx_view_data_load(D, at("r"), err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_view_data_series(D), 2);
    cr_expect_str_eq(cx_view_data_label(D, 0), "vendor");
    cr_expect_str_eq(cx_view_data_label(D, 1), "partner");
    cr_expect_eq(cx_view_data_months(D), 24);
    cr_expect_eq(cx_view_data_reps(D, 0), 3);
    /* csat: mean over reps r = 0, 1, 2 of (base + wig(r) + 0.01 r); band = t(2) sd / sqrt(3) */
    for (int m = 0; m < 24; m += 7) {
        double x[3], mean = 0, ss = 0, got, half, tco = 0;
        for (int r = 0; r < 3; r++) mean += (x[r] = fixture_value("csat", 1, r, m, &tco)) / 3;
        for (int r = 0; r < 3; r++) ss += (x[r] - mean) * (x[r] - mean);
        cr_assert_eq(cx_view_data_value(D, 1, "csat", m, &got, &half), 0);
        cr_expect_float_eq(got, mean, 1e-9, "month %d: mean %g, expected %g", m, got, mean);
        double t2 = 0.95 / sqrt(2 * 0.975 * 0.025); /* t(0.975, 2) in closed form */
        cr_expect_float_eq(half, t2 * sqrt(ss / 2) / sqrt(3), 1e-9);
    }
    /* the compounding gap is paired by replication */
    double g, gh, want = 0;
    for (int r = 0; r < 3; r++) {
        double ta = 0, tb = 0, a = 0, b = 0;
        for (int m = 0; m <= 11; m++) {
            a = fixture_value("client_tco_cum", 0, r, m, &ta);
            b = fixture_value("client_tco_cum", 1, r, m, &tb);
        }
        want += (a - b) / 3;
    }
    cr_assert_eq(cx_view_data_gap(D, 11, &g, &gh), 0);
    cr_expect_float_eq(g, want, 1e-6 * fabs(want), "gap %g, expected %g", g, want);
    /* notable events of the first replication only; hires, quits and unknown kinds left out */
    cr_expect_eq(cx_view_data_events(D), 9);
    /* a column the view does not keep */
    cr_expect_eq(cx_view_data_value(D, 0, "offered", 0, &g, &gh), -1);
    cx_view_data_free(D);
}

Test(viz, missing_column_is_a_clear_error)
{
    write_fixture(at("r"), 1, 6, "trust");
    cx_view_data *D = cx_view_data_new();
    char err[512] = "";
    cr_assert_neq(cx_view_data_load(D, at("r"), err, sizeof err), 0);
    cr_expect(strstr(err, "monthly.csv") && strstr(err, "'trust'"), "message: %s", err);
    cx_view_data_free(D);
    /* and through the command: exit status 1, one line naming file and column */
    cr_expect_eq(view(at("err"), "--results", at("r"), "--png", at("x.png"), NULL), 1);
    const char *msg = slurp(at("err"));
    cr_expect(strstr(msg, "cxsim view: ") == msg && strstr(msg, "missing column 'trust'"), "stderr: %s", msg);
    cr_expect(access(at("x.png"), F_OK) != 0, "no PNG on error");
}

Test(viz, missing_directory_and_bad_rows)
{
    char err[512] = "";
    cx_view_data *D = cx_view_data_new();
    cr_assert_neq(cx_view_data_load(D, at("nope"), err, sizeof err), 0);
    cr_expect(strstr(err, "nope") && strstr(err, "no such results directory"), "message: %s", err);
    cx_view_data_free(D);
    /* a directory that holds no set */
    mkdir(at("empty"), 0777);
    D = cx_view_data_new();
    cr_assert_neq(cx_view_data_load(D, at("empty"), err, sizeof err), 0);
    cr_expect(strstr(err, at("empty")) && strstr(err, "no manifest.json"), "message: %s", err);
    cx_view_data_free(D);
    /* a non-number names the line and the column */
    write_fixture(at("bad"), 1, 3, NULL);
    FILE *f = fopen(at("bad/monthly.csv"), "a");
    fprintf(f, "fixture,vendor,0,42,3");
    for (int c = 1; COLS[c]; c++) fprintf(f, ",%s", !strcmp(COLS[c], "csat") ? "high" : "1");
    fprintf(f, "\n");
    fclose(f);
    seal(at("bad"));
    D = cx_view_data_new();
    cr_assert_neq(cx_view_data_load(D, at("bad"), err, sizeof err), 0);
    cr_expect(strstr(err, "monthly.csv:8:") && strstr(err, "'csat'"), "message: %s", err);
    cx_view_data_free(D);
    cr_expect_eq(view(at("err"), "--results", at("nope"), "--png", at("x.png"), NULL), 1);
    cr_expect(strstr(slurp(at("err")), "no such results directory"), "stderr: %s", slurp(at("err")));
}

Test(viz, options)
{
    cr_expect_eq(view(at("err"), "--size", "wide", "--results", "x", NULL), 2);
    cr_expect(strstr(slurp(at("err")), "--size"), "stderr: %s", slurp(at("err")));
    cr_expect_eq(view(at("err"), "--bogus", NULL), 2);
    cr_expect_eq(view(at("err"), NULL), 1);
    cr_expect(strstr(slurp(at("err")), "nothing to show"), "stderr: %s", slurp(at("err")));
    /* without a display and without --png there is nothing to draw on */
    write_fixture(at("r"), 1, 3, NULL);
    setenv("DISPLAY", "", 1);
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("SDL_VIDEODRIVER");
    cr_expect_eq(view(at("err"), "--results", at("r"), NULL), 1);
    cr_expect(strstr(slurp(at("err")), "--png"), "stderr: %s", slurp(at("err")));
    /* a month past the end */
    cr_expect_eq(view(at("err"), "--results", at("r"), "--png", at("x.png"), "--month", "9", NULL), 1);
    cr_expect(strstr(slurp(at("err")), "3 months"), "stderr: %s", slurp(at("err")));
    /* a missing font */
    cr_expect_eq(view(at("err"), "--results", at("r"), "--png", at("x.png"), "--font", "/no/such.ttf", NULL), 1);
    cr_expect(strstr(slurp(at("err")), "/no/such.ttf"), "stderr: %s", slurp(at("err")));
}

/* ------------------------------------------------------------------ */
/* Headless drawing                                                     */

Test(viz, png_every_panel_drawn)
{
    write_fixture(at("r"), 3, 60, NULL);
    cr_assert_eq(view(at("err"), "--results", at("r"), "--png", at("v.png"), "--analyst", NULL), 0, "%s",
                 slurp(at("err")));
    check_panels(at("v.png"), 1600, 900, 0);
    for (int set = 1; set < cx_view_sets(); set++) {
        char arg[16];
        snprintf(arg, sizeof arg, "%d", set + 1);
        cr_assert_eq(view(at("err"), "--results", at("r"), "--png", at("s.png"), "--set", arg, "--size",
                          "1200x675", NULL),
                     0, "%s", slurp(at("err")));
        check_panels(at("s.png"), 1200, 675, set);
    }
}

Test(viz, png_at_a_month_and_frames)
{
    write_fixture(at("r"), 2, 14, NULL);
    cr_assert_eq(view(at("err"), "--results", at("r"), "--png", at("m.png"), "--month", "7", "--size",
                      "800x450", "--no-bands", NULL),
                 0, "%s", slurp(at("err")));
    SDL_Surface *s = load_png(at("m.png"));
    cr_expect_eq(s->w, 800);
    cr_expect_eq(s->h, 450);
    SDL_FreeSurface(s);
    cr_assert_eq(view(at("err"), "--results", at("r"), "--frames", at("frames"), "--size", "640x360", NULL), 0,
                 "%s", slurp(at("err")));
    int n = 0;
    DIR *d = opendir(at("frames"));
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));) n += strstr(e->d_name, ".png") != NULL;
    closedir(d);
    cr_expect_eq(n, 14, "%d frames for 14 months", n);
    s = load_png(at("frames/month_014.png"));
    cr_expect_eq(s->w, 640);
    SDL_FreeSurface(s);
}

Test(viz, two_results_directories_compare)
{
    write_fixture(at("a"), 1, 12, NULL);
    write_fixture(at("b"), 1, 12, NULL);
    /* same scenario and regimes in both: they fold into the same series */
    cx_view_data *D = cx_view_data_new();
    char err[512];
    cr_assert_eq(cx_view_data_load(D, at("a"), err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_view_data_load(D, at("b"), err, sizeof err), 0, "%s", err);
    cr_expect_eq(cx_view_data_series(D), 2);
    cx_view_data_free(D);
}

/* `cxsim view --results DIR --bench FRAMES` at 640x360: the number of text
 * textures it says it holds at the end, and the peak resident set (KiB) of
 * the largest program this test has run so far. */
static void bench_run(const char *dir, const char *frames, long *cached, long *rss_kib)
{
    const char *cxsim = getenv("CXSIM");
    cr_assert(cxsim && *cxsim, "CXSIM is not set (run through ctest)");
    char *argv[] = {(char *)cxsim, "view", "--results", (char *)dir, "--bench", (char *)frames, "--size",
                    "640x360", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, at("bench.out"), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    posix_spawn_file_actions_addopen(&fa, 2, at("bench.err"), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    pid_t pid;
    int st = 0;
    struct rusage ru;
    cr_assert_eq(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0); /* the largest child so far: this test's runs */
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cxsim view --bench %s: %s", frames, slurp(at("bench.err")));
    const char *out = slurp(at("bench.out"));
    const char *p = strstr(out, "(software renderer), ");
    cr_assert(p && sscanf(p + strlen("(software renderer), "), "%ld text textures cached", cached) == 1,
              "no texture count in: %s", out);
    *rss_kib = ru.ru_maxrss;
}

Test(viz, bench_has_no_growth)
{
    write_fixture(at("r"), 2, 60, NULL);
    /* a moving playhead draws new labels every frame: the text cache recycles
     * them (at most its 1024 slots, TEXT_SLOTS in view_draw.c) and ten times
     * the frames takes no more memory. Under AddressSanitizer freed memory is
     * held in a quarantine (256 MiB) that would hide this: it is switched off
     * for the programs started here. */
    const char *asan = getenv("ASAN_OPTIONS");
    char opts[1024];
    snprintf(opts, sizeof opts, "%s%squarantine_size_mb=0", asan ? asan : "", asan && *asan ? ":" : "");
    setenv("ASAN_OPTIONS", opts, 1);
    long c_few, c_many, rss_few, rss_many;
    bench_run(at("r"), "40", &c_few, &rss_few);
    bench_run(at("r"), "400", &c_many, &rss_many);
    cr_expect_gt(c_few, 0, "no text drawn");
    cr_expect_leq(c_many, 1024, "%ld textures cached after 400 frames", c_many);
    cr_expect_leq(c_many, 2 * c_few, "the cache grew from %ld to %ld textures", c_few, c_many);
    cr_expect_lt(rss_many - rss_few, 16 * 1024, "peak memory grew from %ld to %ld KiB", rss_few, rss_many);
}

/* A folder that is not a whole set is refused: the message names the folder
 * and what is missing or wrong; the command exits 1 and draws nothing. */
static void expect_refused(const char *dir, const char *what)
{
    cx_view_data *D = cx_view_data_new();
    char err[512] = "";
    cr_expect_neq(cx_view_data_load(D, dir, err, sizeof err), 0, "%s: loaded anyway", what);
    cr_expect(strstr(err, dir) && strstr(err, what), "message: %s (expected \"%s\")", err, what);
    cx_view_data_free(D);
    cr_expect_eq(view(at("err"), "--results", dir, "--png", at("h.png"), NULL), 1);
    const char *msg = slurp(at("err"));
    cr_expect(strstr(msg, "cxsim view: ") == msg && strstr(msg, what), "stderr: %s", msg);
    cr_expect(access(at("h.png"), F_OK) != 0, "a PNG drawn from a half set");
}

Test(viz, half_set_is_refused)
{
    write_fixture(at("h"), 1, 6, NULL);
    unlink(at("h/events.csv"));
    expect_refused(at("h"), "half a results set: events.csv is missing");
    write_fixture(at("h"), 1, 6, NULL);
    cr_assert_eq(truncate(at("h/monthly.csv"), 100), 0);
    expect_refused(at("h"), "monthly.csv has 100 bytes, manifest.json says");
    /* same size, other bytes: a file of another run */
    write_fixture(at("h"), 1, 6, NULL);
    cxt_write_text(at("h/summary.json"), "{\n  \"rung\": []\n}\n");
    expect_refused(at("h"), "summary.json does not match its hash");
    write_fixture(at("h"), 1, 6, NULL);
    unlink(at("h/manifest.json"));
    expect_refused(at("h"), "not a complete results set: no manifest.json");
    write_fixture(at("h"), 1, 6, NULL);
    cxt_write_text(at("h/manifest.json"),
                   "{\n  \"format\": \"cxsim results set\",\n  \"version\": 1,\n  \"files\": []\n}\n");
    expect_refused(at("h"), "manifest.json does not list monthly.csv");
    /* and sealed again, it loads */
    write_fixture(at("h"), 1, 6, NULL);
    cx_view_data *D = cx_view_data_new();
    char err[512] = "";
    cr_expect_eq(cx_view_data_load(D, at("h"), err, sizeof err), 0, "%s", err);
    cx_view_data_free(D);
}

/* ------------------------------------------------------------------ */
/* The real model through the command line                              */

Test(viz, default_scenario_through_cli)
{
    const char *cxsim = getenv("CXSIM"), *src = getenv("CX_SOURCE_DIR");
    cr_assert(cxsim && src && access(cxsim, X_OK) == 0, "CXSIM / CX_SOURCE_DIR not set (run through ctest)");
    char scen[2048];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", src);
    char *run[] = {(char *)cxsim, "run", scen, "--years", "1", "--out", at("res"), "--quiet", NULL};
    int rc = spawn(run, at("out"), at("err"));
    cr_assert_eq(rc, 0, "cxsim run: %s", slurp(at("err")));
    /* every column the view draws is in the file the model wrote */
    char head[8200] = ",";
    strncat(head, slurp(at("res/monthly.csv")), sizeof head - 3);
    char *nl = strchr(head, '\n');
    cr_assert_not_null(nl, "no header line in res/monthly.csv");
    nl[0] = ',', nl[1] = 0;
    for (int k = 0; k < CXI_METRIC_COUNT; k++) {
        char col[80];
        snprintf(col, sizeof col, ",%s,", cxi_metrics[k].column);
        cr_expect(strstr(head, col) != NULL, "monthly.csv has no column %s", cxi_metrics[k].column);
    }
    char *v[] = {(char *)cxsim, "view", "--results", at("res"), "--png", at("d.png"), "--size", "1200x675",
                 "--analyst", NULL};
    rc = spawn(v, at("out"), at("err"));
    cr_assert_eq(rc, 0, "cxsim view: %s", slurp(at("err")));
    SDL_Surface *s = load_png(at("d.png"));
    cr_expect_eq(s->w, 1200);
    cr_expect_eq(s->h, 675);
    cx_view_layout L;
    cx_view_layout_get(1200, 675, 0, 2, &L);
    for (int i = 0; i < L.n_panels; i++)
        cr_expect_gt(count_ink(s, L.panel[i]), L.panel[i].w * L.panel[i].h / 100, "panel %d is blank", i);
    SDL_FreeSurface(s);
}

Test(viz, live_scenario_through_cli)
{
    const char *cxsim = getenv("CXSIM"), *src = getenv("CX_SOURCE_DIR");
    if (!cxsim || !src || access(cxsim, X_OK) != 0) cr_skip_test("CXSIM / CX_SOURCE_DIR not set");
    char scen[2048];
    snprintf(scen, sizeof scen, "%s/scripts/default.lua", src);
    char *v[] = {(char *)cxsim, "view", scen, "--png", at("l.png"), "--month", "3", "--size", "800x450",
                 "--analyst", NULL};
    int rc = spawn(v, at("out"), at("err"));
    if (rc != 0 && strstr(slurp(at("err")), "live mode not available")) cr_skip_test("no live mode in this build");
    cr_assert_eq(rc, 0, "cxsim view SCENARIO: %s", slurp(at("err")));
    SDL_Surface *s = load_png(at("l.png"));
    cr_expect_eq(s->w, 800);
    cr_expect_eq(s->h, 450);
    cx_view_layout L;
    cx_view_layout_get(800, 450, 0, 1, &L);
    /* the five metric charts (the compounding panel needs two regimes) */
    for (int i = 0; i < 5; i++)
        cr_expect_gt(count_near(s, L.panel[i], 213, 94, 0, 40), 20, "live panel %d: no line", i);
    SDL_FreeSurface(s);
    /* a scenario that does not load is one clean line */
    char *bad[] = {(char *)cxsim, "view", at("none.lua"), "--png", at("b.png"), NULL};
    cr_expect_eq(spawn(bad, at("out"), at("err")), 1);
    cr_expect(strstr(slurp(at("err")), "cxsim view: ") == slurp(at("err")), "stderr: %s", slurp(at("err")));
}

/* ------------------------------------------------------------------ */
/* Live mode: the simulation thread                                     */

/* A small scenario: three months (years = 0.25), two regimes. */
static const char *short_scenario(void)
{
    static char path[2048];
    return cxt_write_two_regimes(path, sizeof path, work, "short", 0.25);
}

static int count_png(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    for (struct dirent *e; (e = readdir(d));) n += strstr(e->d_name, ".png") != NULL;
    closedir(d);
    return n;
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        if (ca != cb) same = 0;
        if (ca == EOF || cb == EOF) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

Test(viz, live_frames_are_deterministic)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    const char *scen = short_scenario();
    cr_assert_eq(view(at("err"), scen, "--frames", at("f1"), "--size", "480x270", NULL), 0, "%s",
                 slurp(at("err")));
    cr_expect_eq(count_png(at("f1")), 3, "%d frames for a three-month run", count_png(at("f1")));
    /* again: the simulation thread runs ahead on its own clock, the frames do not change */
    cr_assert_eq(view(at("err"), scen, "--frames", at("f2"), "--size", "480x270", NULL), 0, "%s",
                 slurp(at("err")));
    for (int m = 1; m <= 3; m++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "f1/month_%03d.png", m);
        snprintf(b, sizeof b, "f2/month_%03d.png", m);
        cr_expect(same_file(at(a), at(b)), "month %d differs between two runs", m);
    }
    /* the same month drawn twice with --png, and as a frame: byte for byte the same */
    cr_assert_eq(view(at("err"), scen, "--png", at("a.png"), "--month", "2", "--size", "480x270", NULL), 0, "%s",
                 slurp(at("err")));
    cr_assert_eq(view(at("err"), scen, "--png", at("b.png"), "--month", "2", "--size", "480x270", NULL), 0, "%s",
                 slurp(at("err")));
    cr_expect(same_file(at("a.png"), at("b.png")), "month 2 drawn twice differs");
    cr_expect(same_file(at("a.png"), at("f1/month_002.png")), "month 2: --png and --frames differ");
}

/* The months the thread hands over are exactly those of one uninterrupted run
 * (what `cxsim run` does) with the same seed. */
Test(viz, live_months_match_a_whole_run)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    const char *scen = short_scenario();
    char err[512] = "";
    cx_params P;
    cx_params_default(&P);
    cr_assert_eq(cx_job_load_scenario(scen, &P, err, sizeof err), 0, "%s", err);
    cx_job J;
    cr_assert_eq(cx_job_open(&J, &P, scen, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cx_job_run(&J, err, sizeof err), 0, "%s", err);

    cx_view_data *D = cx_view_data_new();
    int months = 0;
    cxi_live *lv = cxi_live_open(scen, NULL, D, &months, err, sizeof err);
    cr_assert_not_null(lv, "%s", err);
    cr_assert_eq(months, 3);
    cr_assert_eq(cxi_live_need(lv, D, months - 1, err, sizeof err), 0, "%s", err);
    cr_expect_eq(cxi_live_done(lv), 3);
    cr_assert_eq(cx_view_data_series(D), J.n);
    double *row = calloc((size_t)cx_row_count() + 1, sizeof *row);
    cr_assert_not_null(row);
    for (int i = 0; i < J.n; i++)
        for (int m = 0; m < months; m++) {
            cr_assert_eq(cx_sim_row(J.sim[i], (size_t)m, row), 0);
            for (int k = 0; k < CXI_METRIC_COUNT; k++) {
                int c = cx_row_find(cxi_metrics[k].column);
                double v, h;
                if (c < 0) continue;
                cr_assert_eq(cx_view_data_value(D, i, cxi_metrics[k].column, m, &v, &h), 0);
                cr_expect(v == row[c] || (isnan(v) && isnan(row[c])), "%s, month %d, %s: live %.17g, run %.17g",
                          cx_job_label(&J, i), m + 1, cxi_metrics[k].column, v, row[c]);
            }
        }
    free(row);
    cxi_live_close(lv);
    cx_view_data_free(D);
    cx_job_close(&J);
}

/* A what-if goes to the thread, which applies it at a month boundary, says
 * which, and starts the baseline without it; closing joins the thread even
 * when it is busy. */
Test(viz, live_what_if_and_close_while_busy)
{
    if (!cxi_live_available()) cr_skip_test("no live mode in this build");
    const char *scen = short_scenario();
    char err[512] = "", msg[160] = "";
    cx_view_data *D = cx_view_data_new();
    int months = 0;
    cxi_live *lv = cxi_live_open(scen, NULL, D, &months, err, sizeof err);
    cr_assert_not_null(lv, "%s", err);
    cr_assert_eq(cxi_live_need(lv, D, 0, err, sizeof err), 0, "%s", err);
    /* the window's first frame can come before any month: nothing to draw yet, but no harm */
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 480, 270, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    cr_assert_not_null(r);
    cxi_draw *d = cxi_draw_new(r, CX_VIEW_FONT, 480, 270, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    cxi_view_state st = {.total = months, .avail = 0, .live = 1, .waiting = 0, .lever_target = -1,
                         .hover_x = -1, .hover_y = -1, .speed = 2};
    cr_expect_eq(cxi_draw_frame(d, D, &st, 480, 270, err, sizeof err), 0, "%s", err);
    /* pay down on every regime: applied before month 2, the worker being idle at month 1's end */
    cr_assert_eq(cxi_live_lever(lv, D, 0, -1, -1, msg, sizeof msg), 0, "%s", msg);
    int got = 0;
    for (int k = 0; k < 1000 && !got; k++) {
        got = cxi_live_report(lv, msg, sizeof msg);
        if (!got) SDL_Delay(10);
    }
    cr_assert(got, "no what-if report");
    cr_expect(strstr(msg, "what-if from month 2") != NULL, "report: %s", msg);
    cr_assert_eq(cxi_live_need(lv, D, months - 1, err, sizeof err), 0, "%s", err);
    /* the baseline catches up when the main runs are done */
    for (int k = 0; k < 3000 && (!D->ghosts || D->s[CXI_GHOST].months < months); k++) {
        cr_assert_eq(cxi_live_poll(lv, D, months - 1, err, sizeof err), 0, "%s", err);
        SDL_Delay(10);
    }
    cr_assert(D->ghosts && D->s[CXI_GHOST].months == months, "the baseline did not arrive");
    double a, b, h;
    /* month 1: before the what-if, the run and its baseline agree */
    cr_assert_eq(cx_view_data_value(D, 0, "provider_margin", 0, &a, &h), 0);
    cr_assert_eq(cx_view_data_value(D, CXI_GHOST, "provider_margin", 0, &b, &h), 0);
    cr_expect(a == b, "month 1: %g with the what-if, %g without", a, b);
    int override = 0;
    for (size_t k = 0; k < D->n_ev; k++) override += D->ev[k].kind == CX_N_OVERRIDE;
    cr_expect_gt(override, 0, "no what-if event");
    st.avail = cxi_live_done(lv);
    st.play = months - 1;
    st.waiting = -1;
    cr_expect_eq(cxi_draw_frame(d, D, &st, 480, 270, err, sizeof err), 0, "%s", err);
    cxi_draw_free(d);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    cxi_live_close(lv);
    cx_view_data_free(D);
    /* quit (or restart) while the thread is in the middle of the run: it is joined */
    D = cx_view_data_new();
    lv = cxi_live_open(scen, NULL, D, &months, err, sizeof err);
    cr_assert_not_null(lv, "%s", err);
    cxi_live_want(lv, months - 1);
    SDL_Delay(5);
    cxi_live_close(lv);
    cx_view_data_free(D);
}

/* Export: frames without the window's controls, sub-month frames with --fps,
 * a video through ffmpeg, and a clear refusal when ffmpeg is not on PATH. */
Test(viz, export_frames_and_video)
{
    write_fixture(at("r"), 1, 4, NULL);
    cr_assert_eq(view(at("err"), "--results", at("r"), "--frames", at("f"), "--size", "480x270", "--fps", "8",
                      "--speed", "2", NULL),
                 0, "%s", slurp(at("err")));
    cr_expect_eq(count_png(at("f")), 1 + 3 * 4, "4 frames a month after the first");
    SDL_Surface *s = load_png(at("f/frame_00013.png"));
    cx_view_layout L;
    cx_view_layout_scaled(480, 270, CX_VIEW_PRESENT, 2, 1, &L);
    cr_expect_eq(count_ink(s, L.status), 0, "the status line (the window's controls) is in an exported frame");
    SDL_FreeSurface(s);
    const char *path = getenv("PATH");
    char saved[4096];
    snprintf(saved, sizeof saved, "%s", path ? path : "");
    setenv("PATH", at("no-such-dir"), 1);
    cr_expect_eq(view(at("err"), "--results", at("r"), "--video", at("v.mp4"), NULL), 1);
    setenv("PATH", saved, 1);
    cr_expect(strstr(slurp(at("err")), "ffmpeg not found on PATH") != NULL, "stderr: %s", slurp(at("err")));
    cr_expect_eq(view(at("err"), "--results", at("r"), "--video", at("v.mp4"), "--fps", "0", NULL), 2);
    char ff[4096];
    if (cxi_video_find_ffmpeg(ff, sizeof ff)) cr_skip_test("no ffmpeg on PATH");
    cr_assert_eq(view(at("err"), "--results", at("r"), "--video", at("v.mp4"), "--size", "320x200", "--fps", "4",
                      "--speed", "4", NULL),
                 0, "%s", slurp(at("err")));
    struct stat st;
    cr_assert_eq(stat(at("v.mp4"), &st), 0, "no video written");
    cr_expect_gt(st.st_size, 1000, "video of %ld bytes", (long)st.st_size);
    /* ffmpeg cannot write the file: a clear error, not a signal */
    cr_expect_eq(view(at("err"), "--results", at("r"), "--video", at("no/such/dir/v.mp4"), "--size", "320x200", NULL), 1);
    cr_expect(strstr(slurp(at("err")), "cxsim view: --video ") != NULL, "stderr: %s", slurp(at("err")));
}
