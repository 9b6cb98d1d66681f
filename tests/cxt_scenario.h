/* cxt_scenario: what the scenario suites share (test_scenario.c,
 * test_scenario_sandbox.c): a temporary directory per test, writing and
 * loading a scenario there, and the expected-error checks. Each suite that
 * includes it declares its TestSuite with .init = cxt_make_dir and
 * .fini = cxt_remove_dir. */
#ifndef CXT_SCENARIO_H
#define CXT_SCENARIO_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cx_lua_scenario.h"
#include "cx_params.h"
#include "cxt_files.h"

/* ------------------------------------------------------------------ */
/* A temporary directory per test                                       */

static char dir[1024]; /* this test's directory */

static inline void make_dir(void) { cxt_make_temp_dir(dir, sizeof dir, "cx_scenario"); }

static inline void remove_dir(void) { cxt_remove_tree(dir); }

/* A hung loader kills the test (SIGALRM) instead of hanging the suite.
 * (Criterion's .timeout is not used: with --jobs 2 it leaks in the runner
 * under LeakSanitizer.) */
static inline void watchdog(unsigned seconds) { alarm(seconds); }


static inline void path_in_dir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static inline void write_file(const char *name, const char *text, size_t len)
{
    char p[2048];
    path_in_dir(p, sizeof p, name);
    cxt_write_file(p, text, len);
}

/* Write `text` as NAME in the test directory and load it over the defaults. */
static inline int load_text(const char *name, const char *text, cx_params *p, char *err, size_t n)
{
    char path[2048];
    write_file(name, text, strlen(text));
    path_in_dir(path, sizeof path, name);
    cx_params_default(p);
    err[0] = 0;
    return cx_lua_load_scenario(path, p, err, n);
}

/* The scenario must fail with an error that starts "DIR/bad.lua:" and
 * then `at`, and contains `what` (if given). */
static inline void expect_error(const char *text, const char *at, const char *what)
{
    cx_params p;
    char err[512], want[1400];
    int rc = load_text("bad.lua", text, &p, err, sizeof err);
    cr_assert_eq(rc, -1, "bad.lua:%s expected an error, got rc %d for:\n%s", at, rc, text);
    snprintf(want, sizeof want, "%s/bad.lua:%s", dir, at);
    cr_expect(strncmp(err, want, strlen(want)) == 0, "error\n  \"%s\"\nshould start with\n  \"%s\"",
              err, want);
    if (what) cr_expect(strstr(err, what) != NULL, "error \"%s\" should say \"%s\"", err, what);
}

/* The scenario must fail with "DIR/bad.lua:LINE: field 'FIELD': " followed
 * by a message containing `what`. */
static inline void expect_field_error(const char *text, int line, const char *field, const char *what)
{
    char at[256];
    snprintf(at, sizeof at, "%d: field '%s': ", line, field);
    expect_error(text, at, what);
}

/* The scenario must fail with a Lua error at DIR/bad.lua:LINE containing `what`. */
static inline void expect_lua_error(const char *text, int line, const char *what)
{
    char at[32];
    snprintf(at, sizeof at, "%d:", line);
    expect_error(text, at, what);
}

#endif
