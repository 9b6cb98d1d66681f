/* Results sets through the cxsim program (core/cx_results.c, docs/results.md
 * "One set"): --out checked before the simulation; a run killed (kill -9,
 * SIGTERM, SIGINT) at any point of the write phase, or stopped by a file-size
 * limit, leaves the whole old set or the whole new one and no temporaries;
 * permissions follow the umask; a folder holding other files, and a link to a
 * folder, are kept. The points of the write phase are reached with the test
 * hook CXSIM_TEST_PAUSE=write|swap|cleanup (cxsim prints "cxsim: test pause
 * at POINT" and sleeps there). Each test works in its own mkdtemp folder. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cx_results.h"
#include "cxt_files.h"

static char work[1024];

static void make_work(void) { cxt_make_temp_dir(work, sizeof work, "cx_results"); }

static void remove_work(void) { cxt_remove_tree(work); }

TestSuite(results, .init = make_work, .fini = remove_work, .timeout = 240);

static const char *in_work(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", work, name);
    return out;
}

/* A small centre with the model's defaults; `years` is given on the command line. */
static const char scenario_text[] =
    "return { name = \"results-test\", seed = 3, years = 50,\n"
    "         demand = { rate_per_min = 4 }, staff = { agents = 18 } }\n";

static const char *scenario(void)
{
    static char path[1200];
    in_work(path, sizeof path, "scenario.lua");
    if (access(path, F_OK)) cxt_write_text(path, scenario_text);
    return path;
}

/* Start cxsim run SCENARIO --out WORK/out --years YEARS --seed SEED --quiet,
 * stdout and stderr into WORK/.stdout and WORK/.stderr, with
 * CXSIM_TEST_PAUSE=pause (unless NULL) and a file-size limit of fsize bytes
 * (unless 0; SIGXFSZ left at its default, which ends a process). */
static pid_t start_as(const char *out, const char *years, const char *seed, const char *pause, long fsize,
                      int nobody)
{
    const char *exe = getenv("CXSIM");
    cr_assert(exe && *exe, "CXSIM is not set (run through ctest)");
    char outp[1200], errp[1200];
    in_work(outp, sizeof outp, ".stdout");
    in_work(errp, sizeof errp, ".stderr");
    const char *sc = scenario();
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY), o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644),
            e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0) _exit(126);
        dup2(in, 0), dup2(o, 1), dup2(e, 2);
        if (pause) setenv("CXSIM_TEST_PAUSE", pause, 1);
        else unsetenv("CXSIM_TEST_PAUSE");
        if (fsize > 0) {
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            setrlimit(RLIMIT_FSIZE, &rl);
            signal(SIGXFSZ, SIG_DFL);
        }
        if (nobody && (setgid(65534) || setuid(65534))) _exit(125);
        execl(exe, exe, "run", sc, "--out", out, "--years", years, "--seed", seed, "--quiet", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static pid_t start(const char *out, const char *years, const char *seed, const char *pause, long fsize)
{
    return start_as(out, years, seed, pause, fsize, 0);
}

static char *err_text(void)
{
    char errp[1200];
    char *s = cxt_slurp(in_work(errp, sizeof errp, ".stderr"));
    return s ? s : strdup("");
}

/* Run to the end; the exit status (128 + signal). */
static int run(const char *out, const char *years, const char *seed)
{
    return cxt_wait(start(out, years, seed, NULL, 0), 120, 0, "run");
}

/* Wait until the program says it paused (or fail). */
static void wait_pause(pid_t pid, const char *point)
{
    char want[64];
    snprintf(want, sizeof want, "cxsim: test pause at %s", point);
    for (int i = 0; i < 6000; i++) {
        char *e = err_text();
        int there = strstr(e, want) != NULL;
        free(e);
        if (there) return;
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) cr_assert_fail("cxsim ended before pausing at %s", point);
        struct timespec t = {0, 20 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    cr_assert_fail("cxsim did not pause at %s", point);
}

/* Entries of dir whose name holds ".tmp." (temporary folders or files). */
static int temporaries_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));) n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

static int temporaries(void) { return temporaries_in(work); }

/* The set in dir is complete (manifest checked) and byte for byte the one in ref. */
static void expect_set(const char *dir, const char *ref, const char *what)
{
    cx_results_set s;
    char err[1024];
    cr_expect_eq(cx_results_open_set(dir, &s, err, sizeof err), 0, "%s: %s", what, err);
    cx_results_close_set(&s);
    for (int k = 0; k <= CX_RESULTS_NFILES; k++) {
        const char *f = k < CX_RESULTS_NFILES ? cx_results_files[k] : CX_RESULTS_MANIFEST;
        char a[1400], b[1400];
        snprintf(a, sizeof a, "%s/%s", dir, f);
        snprintf(b, sizeof b, "%s/%s", ref, f);
        char *x = cxt_slurp(a), *y = cxt_slurp(b);
        cr_expect(x && y && !strcmp(x, y), "%s: %s is not the one of %s", what, f, ref);
        free(x);
        free(y);
    }
}

/* WORK/out holds the set of seed 7 (the old one); WORK/ref7 and WORK/ref8
 * the sets of seeds 7 and 8 to compare with. */
static void old_and_references(void)
{
    char out[1200], r7[1200], r8[1200];
    cr_assert_eq(run(in_work(out, sizeof out, "out"), "0.1", "7"), 0);
    cr_assert_eq(run(in_work(r7, sizeof r7, "ref7"), "0.1", "7"), 0);
    cr_assert_eq(run(in_work(r8, sizeof r8, "ref8"), "0.1", "8"), 0);
}

/* kill -9 at a point of the write phase: the old set or the new one, whole;
 * the next run removes the temporary folder, says so, and writes its set. */
static void killed_at(const char *point, const char *left)
{
    char out[1200], ref[1200], r9[1200];
    old_and_references();
    in_work(out, sizeof out, "out");
    pid_t pid = start(out, "0.1", "8", point, 0);
    wait_pause(pid, point);
    kill(pid, SIGKILL);
    cr_assert_eq(cxt_wait(pid, 30, 0, "killed run"), 128 + SIGKILL);
    expect_set(out, in_work(ref, sizeof ref, left), point);
    cr_expect_eq(temporaries(), 1, "the killed run's temporary folder");
    cr_assert_eq(run(out, "0.1", "9"), 0);
    char *e = err_text();
    cr_expect(strstr(e, "cxsim run: removed ") && strstr(e, ".tmp.") && strstr(e, "left by an interrupted run"),
              "stderr: %s", e);
    free(e);
    cr_expect_eq(temporaries(), 0, "temporaries left after the next run");
    cr_assert_eq(run(in_work(r9, sizeof r9, "ref9"), "0.1", "9"), 0);
    expect_set(out, r9, "the next run");
}

Test(results, kill_9_while_writing_leaves_the_old_set) { killed_at("write", "ref7"); }
Test(results, kill_9_before_the_swap_leaves_the_old_set) { killed_at("swap", "ref7"); }
Test(results, kill_9_after_the_swap_leaves_the_new_set) { killed_at("cleanup", "ref8"); }

/* SIGTERM and SIGINT while writing: the temporary folder is removed at once,
 * the old set is untouched, the process ends by the signal. */
Test(results, sigterm_and_sigint_remove_the_temporaries)
{
    char out[1200], ref[1200];
    old_and_references();
    in_work(out, sizeof out, "out");
    const int sigs[] = {SIGTERM, SIGINT};
    const char *points[] = {"write", "swap"};
    for (int i = 0; i < 2; i++) {
        pid_t pid = start(out, "0.1", "8", points[i], 0);
        wait_pause(pid, points[i]);
        cr_assert_eq(temporaries(), 1);
        kill(pid, sigs[i]);
        cr_expect_eq(cxt_wait(pid, 30, 0, "signalled run"), 128 + sigs[i]);
        cr_expect_eq(temporaries(), 0, "signal %d at %s left temporaries", sigs[i], points[i]);
        expect_set(out, in_work(ref, sizeof ref, "ref7"), "after the signal");
    }
}

/* A file-size limit while writing: exit 1 naming the file, the old set whole. */
Test(results, file_size_limit_keeps_the_old_set)
{
    char out[1200], ref[1200];
    old_and_references();
    in_work(out, sizeof out, "out");
    /* monthly.csv of a year is about 5 kB: more than 2000 bytes */
    int st = cxt_wait(start(out, "1", "8", NULL, 2000), 120, 0, "limited run");
    char *e = err_text();
    cr_expect_eq(st, 1, "exit %d: %s", st, e);
    char want[1400];
    snprintf(want, sizeof want, "cxsim run: %s/monthly.csv: cannot write: File too large", out);
    cr_expect(strstr(e, want) != NULL, "stderr: %s\nwanted: %s", e, want);
    free(e);
    cr_expect_eq(temporaries(), 0);
    expect_set(out, in_work(ref, sizeof ref, "ref7"), "after the limit");
}

/* stderr past the size estimate a long run prints first (cx_estimate). */
static const char *past_estimate(const char *e)
{
    while (!strncmp(e, "cxsim run: estimate: ", 21) && strchr(e, '\n')) e = strchr(e, '\n') + 1;
    return e;
}

/* --out is checked before the simulation: the 50-year run would take
 * minutes; the error comes at once, with no summary and no folder. */
Test(results, out_typo_fails_before_simulating)
{
    char file[1200], out[1200];
    cxt_write_text(in_work(file, sizeof file, "afile"), "x\n");
    in_work(out, sizeof out, "afile/results");
    int st = cxt_wait(start(out, "50", "1", NULL, 0), 20, 0, "run with a bad --out");
    char *e = err_text(), want[2600];
    snprintf(want, sizeof want, "cxsim run: --out %s: cannot create %s: Not a directory\n", out, out);
    cr_expect_eq(st, 1);
    cr_expect_str_eq(past_estimate(e), want);
    free(e);
    in_work(out, sizeof out, "afile");
    st = cxt_wait(start(out, "50", "1", NULL, 0), 20, 0, "run into a file");
    e = err_text();
    snprintf(want, sizeof want, "cxsim run: --out %s: not a folder (a file of that name is in the way)\n", out);
    cr_expect_eq(st, 1);
    cr_expect_str_eq(past_estimate(e), want);
    free(e);
    st = cxt_wait(start(".", "50", "1", NULL, 0), 20, 0, "run into .");
    e = err_text();
    cr_expect_eq(st, 1);
    cr_expect(strstr(e, "--out .: name a results folder") != NULL, "stderr: %s", e);
    free(e);
}

/* Files 0666 and the folder 0777, less the umask. */
Test(results, permissions_follow_the_umask)
{
    const mode_t masks[] = {022, 077, 002};
    mode_t saved = umask(022);
    for (int i = 0; i < 3; i++) {
        char out[1200], name[32];
        snprintf(name, sizeof name, "out%d", i);
        umask(masks[i]);
        int st = run(in_work(out, sizeof out, name), "0.02", "7");
        umask(saved);
        cr_assert_eq(st, 0);
        struct stat sb;
        cr_assert_eq(stat(out, &sb), 0);
        cr_expect_eq(sb.st_mode & 0777, 0777 & ~masks[i], "umask %03o: folder mode %03o", (unsigned)masks[i],
                     (unsigned)(sb.st_mode & 0777));
        for (int k = 0; k <= CX_RESULTS_NFILES; k++) {
            char p[1400];
            snprintf(p, sizeof p, "%s/%s", out, k < CX_RESULTS_NFILES ? cx_results_files[k] : CX_RESULTS_MANIFEST);
            cr_assert_eq(stat(p, &sb), 0, "%s", p);
            cr_expect_eq(sb.st_mode & 0777, 0666 & ~masks[i], "umask %03o: %s mode %03o", (unsigned)masks[i], p,
                         (unsigned)(sb.st_mode & 0777));
        }
    }
}

/* Files that are not part of a set (and a folder) stay; the set is replaced
 * in place, manifest.json last. */
Test(results, other_files_in_the_folder_are_kept)
{
    char out[1200], p[1400], ref[1200];
    old_and_references();
    in_work(out, sizeof out, "out");
    snprintf(p, sizeof p, "%s/notes.txt", out);
    cxt_write_text(p, "mine\n");
    snprintf(p, sizeof p, "%s/sub", out);
    mkdir(p, 0777);
    cr_assert_eq(run(out, "0.1", "8"), 0);
    expect_set(out, in_work(ref, sizeof ref, "ref8"), "replaced in place");
    snprintf(p, sizeof p, "%s/notes.txt", out);
    char *t = cxt_slurp(p);
    cr_expect(t && !strcmp(t, "mine\n"), "notes.txt lost");
    free(t);
    snprintf(p, sizeof p, "%s/sub", out);
    cr_expect_eq(access(p, F_OK), 0, "sub/ lost");
    cr_expect_eq(temporaries(), 0);
}

/* --out naming a link to a folder: the folder gets the set, the link stays a link. */
Test(results, a_link_to_a_folder_stays_a_link)
{
    char real[1200], link[1200], ref[1200];
    old_and_references();
    in_work(real, sizeof real, "out");
    cr_assert_eq(symlink(real, in_work(link, sizeof link, "link")), 0);
    cr_assert_eq(run(link, "0.1", "8"), 0);
    struct stat sb;
    cr_assert_eq(lstat(link, &sb), 0);
    cr_expect(S_ISLNK(sb.st_mode), "the link was replaced");
    expect_set(real, in_work(ref, sizeof ref, "ref8"), "through the link");
    cr_expect_eq(temporaries(), 0);
}

/* A parent folder that cannot be written (a shared place): the temporary
 * folder goes inside the set's folder and the set is replaced in place,
 * manifest.json last; a new folder there is refused before the run. Run as
 * nobody when the tests run as root (root writes anywhere). */
Test(results, read_only_parent_replaces_in_place)
{
    char ro[1200], out[1200], ref[1200], sub[1200];
    old_and_references();
    int nobody = geteuid() == 0;
    cr_assert_eq(chmod(work, 0755), 0);
    mkdir(in_work(ro, sizeof ro, "ro"), 0777);
    mkdir(in_work(out, sizeof out, "ro/out"), 0777);
    if (nobody) cr_assert(!chown(ro, 65534, 65534) && !chown(out, 65534, 65534));
    cr_assert_eq(chmod(ro, 0555), 0);
    const char *seeds[] = {"7", "8"}, *refs[] = {"ref7", "ref8"};
    for (int i = 0; i < 2; i++) {
        int st = cxt_wait(start_as(out, "0.1", seeds[i], NULL, 0, nobody), 120, 0, "run as nobody");
        char *e = err_text();
        cr_expect_eq(st, 0, "exit %d: %s", st, e);
        cr_expect(strstr(e, "cannot be written: the results will be replaced inside") != NULL, "stderr: %s", e);
        free(e);
        expect_set(out, in_work(ref, sizeof ref, refs[i]), "in place");
        cr_expect_eq(temporaries_in(out), 0);
    }
    int st = cxt_wait(start_as(in_work(sub, sizeof sub, "ro/new"), "50", "1", NULL, 0, nobody), 20, 0, "run");
    char *e = err_text();
    cr_expect_eq(st, 1);
    cr_expect(strstr(e, "ro/new: cannot create") && strstr(e, "Permission denied"), "stderr: %s", e);
    free(e);
    chmod(ro, 0755);
}

/* Temporary folders beside the set's folder: a dead process's with only set
 * files is removed, one holding other files is kept and reported, a live
 * process's is left alone and reported; none is read as results. */
Test(results, stale_temporaries_are_removed_or_reported)
{
    char out[1200], p[1400], ref[1200];
    old_and_references();
    pid_t dead = fork();
    cr_assert_geq(dead, 0);
    if (dead == 0) _exit(0);
    waitpid(dead, NULL, 0);
    const struct {
        long pid;
        const char *suffix, *file;
    } t[] = {{(long)dead, "aaaaaa", "monthly.csv"},
             {(long)dead, "bbbbbb", "mine.txt"},
             {(long)getpid(), "cccccc", "monthly.csv"}};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/out.tmp.%ld.%s", work, t[i].pid, t[i].suffix);
        cr_assert_eq(mkdir(p, 0777), 0);
        snprintf(p + strlen(p), sizeof p - strlen(p), "/%s", t[i].file);
        cxt_write_text(p, "half\n");
    }
    cr_assert_eq(run(in_work(out, sizeof out, "out"), "0.1", "8"), 0);
    char *e = err_text();
    char want[3][1500];
    snprintf(want[0], sizeof want[0],
             "cxsim run: removed %s/out.tmp.%ld.aaaaaa, left by an interrupted run (process %ld)\n", work,
             (long)dead, (long)dead);
    snprintf(want[1], sizeof want[1],
             "cxsim run: left %s/out.tmp.%ld.bbbbbb (from an interrupted run, process %ld): it holds files that "
             "are not part of a results set\n",
             work, (long)dead, (long)dead);
    snprintf(want[2], sizeof want[2],
             "cxsim run: left %s/out.tmp.%ld.cccccc alone: process %ld, still running, is writing it\n", work,
             (long)getpid(), (long)getpid());
    for (int i = 0; i < 3; i++) cr_expect(strstr(e, want[i]) != NULL, "stderr:\n%s\nwanted:\n%s", e, want[i]);
    free(e);
    cr_expect_eq(temporaries(), 2, "the two folders reported are kept");
    expect_set(out, in_work(ref, sizeof ref, "ref8"), "beside stale folders");
}
