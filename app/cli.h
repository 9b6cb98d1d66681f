/* cli: the cxsim command-line program's commands and shared helpers. */
#ifndef CX_CLI_H
#define CX_CLI_H

#include <stdint.h>

#include "cx_consent.h"
#include "cx_params.h"
#include "cx_sim.h"

int cmd_run(int argc, char **argv);
int cmd_erlang(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_view(int argc, char **argv);   /* viz layer */
int cmd_lua(int argc, char **argv);    /* Lua experiments */

/* Option values: on a bad value print "cxsim CMD: OPT: ..." and return -1. */
int cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
int cli_int(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out);
int cli_u64(const char *cmd, const char *opt, const char *s, uint64_t *out);

/* --set FIELD=VALUE onto *p (after the scenario file, so the command line
 * wins); prints "cxsim CMD: --set: ..." and returns -1 on a bad one. */
int cli_apply_set(const char *cmd, const char *arg, cx_params *p);

/* The value after an option, or NULL (with a message) when missing. */
const char *cli_value(const char *cmd, int argc, char **argv, int *i);

/* 1 when progress should be drawn (a terminal, not CI). */
int cli_show_progress(void);

/* A progress callback drawing a bar on stderr; ud is the label. */
int cli_progress(void *ud, const cx_sim *S, double done);
void cli_progress_end(void);

/* Seconds on a monotonic clock, and the peak resident set in MiB. */
double cli_seconds(void);
double cli_peak_rss_mib(void);
double cli_rss_mib(void);

/* What the user allows the scenario's policies (main.c): --allow-plugins,
 * --plugin-path DIR, --policy-timeout S, --unsafe. Returns 1 when argv[*i] was one of
 * them (its value consumed), 0 when it is not, -1 on a bad value (message
 * printed). CLI_CONSENT_HELP is their lines for --help. */
int cli_consent_option(const char *cmd, int argc, char **argv, int *i, cx_consent *c);
#define CLI_CONSENT_HELP                                                                     \
    "  --unsafe          Lua scenarios' policies and experiments get the full standard\n"    \
    "                    library and may write anywhere: only for files you trust\n"        \
    "                    (also CXSIM_LUA_UNSAFE=1)\n"                                       \
    "  --allow-plugins   let the scenario load native policies (.so; CXSIM_ALLOW_PLUGINS=1);\n" \
    "                    each runs in a child process, the path is printed first\n"          \
    "  --plugin-path DIR search DIR (':'-separated list) for bare policy names first\n"     \
    "                    (then $CXSIM_PLUGIN_PATH, then the build's plugin folder)\n"        \
    "  --policy-timeout S stop a regime whose native policy callback runs over S seconds\n" \
    "                    (default 10)\n"

#endif
