/* Golden traces: fixed seeds and short horizons of every shipped scenario,
 * run through the cxsim program, must give the stored results files byte for
 * byte (tests/golden/NAME/). They guard refactors: a change that moves them
 * regenerates them (tests/golden/regen.sh BUILD_DIR) in the same commit and
 * says what moved and why. The cases are listed once, in
 * tests/golden/cases.txt; each has a test below so that they run in
 * parallel, and a test checks that the two lists agree. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxt_files.h"

#define RUN_DEADLINE_S 300 /* seconds one golden run may take (sanitizer builds) */
#define MAX_ARGS 40        /* words of one case line */

static const char *const FILES[] = {"monthly.csv", "events.csv", "summary.json"};

/* The names of the cases with a test below; keep in step with cases.txt. */
static const char *const TESTED[] = {"default-42", "default-7-reps2", "short-commodity-42",
                                     "rate-cut-story-42", "mechanisms-off-3"};

static const char *source_dir(void)
{
    const char *s = getenv("CX_SOURCE_DIR");
    cr_assert(s && *s, "CX_SOURCE_DIR is not set (run through ctest)");
    return s;
}

/* The case lines of cases.txt (comments and blank lines dropped), in
 * place in the returned text (free it); *n of them in lines[]. */
#define MAX_CASES 64
static char *case_lines(char **lines, int *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/golden/cases.txt", source_dir());
    char *text = cxt_slurp(path);
    cr_assert(text, "cannot read %s", path);
    *n = 0;
    for (char *line = strtok(text, "\n"); line && *n < MAX_CASES; line = strtok(NULL, "\n"))
        if (line[0] != '#' && line[0]) lines[(*n)++] = line;
    return text;
}

/* The case line named `name`, split into words (in buf), or 0 words when
 * there is none. */
static int case_words(const char *name, char *buf, size_t n, char **words)
{
    char *lines[MAX_CASES];
    int nl, count = 0;
    char *text = case_lines(lines, &nl);
    for (int i = 0; i < nl && !count; i++) {
        size_t len = strcspn(lines[i], " ");
        if (len != strlen(name) || strncmp(lines[i], name, len)) continue;
        snprintf(buf, n, "%s", lines[i]);
        for (char *w = strtok(buf, " "); w && count < MAX_ARGS; w = strtok(NULL, " ")) words[count++] = w;
    }
    free(text);
    return count;
}

/* 1-based number of the first line where a and b differ, with both lines. */
static int first_difference(const char *a, const char *b, char *la, char *lb, size_t n)
{
    int line = 1;
    const char *sa = a, *sb = b;
    for (; *a && *a == *b; a++, b++) {
        if (*a != '\n') continue;
        line++;
        sa = a + 1;
        sb = b + 1;
    }
    snprintf(la, n, "%.*s", (int)strcspn(sa, "\n"), sa);
    snprintf(lb, n, "%.*s", (int)strcspn(sb, "\n"), sb);
    return line;
}

static void check_case(const char *name)
{
    char buf[2048], *words[MAX_ARGS];
    int nw = case_words(name, buf, sizeof buf, words);
    cr_assert(nw >= 2, "no case '%s' in tests/golden/cases.txt", name);

    char dir[1024], out[1200], scen[4096];
    cxt_make_temp_dir(dir, sizeof dir, "cx_golden");
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(scen, sizeof scen, "%s/%s", source_dir(), words[1]);
    const char *args[MAX_ARGS + 8];
    int k = 0;
    args[k++] = "run";
    args[k++] = scen;
    for (int i = 2; i < nw; i++) args[k++] = words[i];
    args[k++] = "--out";
    args[k++] = out;
    args[k++] = "--quiet";
    args[k] = NULL;
    cxt_proc r;
    cxt_run(&r, dir, args, RUN_DEADLINE_S);
    cr_assert_eq(r.status, 0, "golden case %s: cxsim exited %d: %s", name, r.status, r.err);
    cxt_proc_free(&r);

    for (size_t f = 0; f < sizeof FILES / sizeof *FILES; f++) {
        char want_path[4096], got_path[2048];
        snprintf(want_path, sizeof want_path, "%s/tests/golden/%s/%s", source_dir(), name, FILES[f]);
        snprintf(got_path, sizeof got_path, "%s/%s", out, FILES[f]);
        char *want = cxt_slurp(want_path), *got = cxt_slurp(got_path);
        cr_assert(want, "cannot read %s", want_path);
        cr_assert(got, "cxsim wrote no %s", got_path);
        char msg[1400] = "";
        if (strcmp(want, got)) {
            char lw[512], lg[512];
            int line = first_difference(want, got, lw, lg, sizeof lw);
            snprintf(msg, sizeof msg,
                     "golden case %s: %s differs from line %d\n  stored: %s\n  now:    %s\n"
                     "(regenerate with tests/golden/regen.sh BUILD_DIR if the change is meant)",
                     name, FILES[f], line, lw, lg);
        }
        free(want);
        free(got);
        if (*msg) {
            cxt_remove_tree(dir);
            cr_assert_fail("%s", msg);
        }
    }
    cxt_remove_tree(dir);
}

Test(golden, default_42, .timeout = 600) { check_case("default-42"); }
Test(golden, default_7_two_replications, .timeout = 600) { check_case("default-7-reps2"); }
Test(golden, short_commodity_42, .timeout = 600) { check_case("short-commodity-42"); }
Test(golden, rate_cut_story_42, .timeout = 600) { check_case("rate-cut-story-42"); }
Test(golden, mechanisms_off_3, .timeout = 600) { check_case("mechanisms-off-3"); }

/* Every case of cases.txt has a test above and stored files, and no test
 * names a case that is gone. */
Test(golden, every_case_is_tested_and_stored)
{
    char *lines[MAX_CASES];
    int listed = 0, nl;
    char *text = case_lines(lines, &nl);
    for (int k = 0; k < nl; k++) {
        const char *line = lines[k];
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(line, " "), line);
        int tested = 0;
        for (size_t i = 0; i < sizeof TESTED / sizeof *TESTED; i++) tested |= !strcmp(TESTED[i], name);
        cr_expect(tested, "golden case %s has no test in tests/test_golden.c", name);
        for (size_t f = 0; f < sizeof FILES / sizeof *FILES; f++) {
            char stored[4096];
            snprintf(stored, sizeof stored, "%s/tests/golden/%s/%s", source_dir(), name, FILES[f]);
            char *s = cxt_slurp(stored);
            cr_expect(s && *s, "golden case %s has no stored %s", name, FILES[f]);
            free(s);
        }
        listed++;
    }
    free(text);
    cr_assert_eq(listed, (int)(sizeof TESTED / sizeof *TESTED), "cases.txt lists %d cases, the tests %d", listed,
                 (int)(sizeof TESTED / sizeof *TESTED));
}
