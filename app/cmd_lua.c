/* cmd_lua: cxsim lua EXPERIMENT.lua [--jobs N] [--resume] [--unsafe] [args] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cx_lua_experiment.h"

static void lua_help(FILE *f)
{
    fprintf(f,
            "usage: cxsim lua EXPERIMENT.lua [options] [--] [script arguments]\n"
            "Run a Lua experiment: the global `cx` builds scenarios, runs them, replicates\n"
            "them in parallel, compares regimes with paired replications under common\n"
            "random numbers (95%% confidence intervals) and sweeps parameters into a CSV.\n\n"
            "options:\n"
            "  --jobs N     worker processes for replications (default: the CPUs; 1: serial)\n"
            "  --resume     a sweep skips the runs recorded in its journal (OUT.journal)\n"
            "  --unsafe     open the full Lua library (io, os.execute, require ...)\n"
            CLI_CONSENT_HELP
            "  -h, --help   this help\n"
            "Arguments after the script (or after --) are the script's: arg[1], cx.args.\n"
            "The API: docs/lua.md. Examples: scripts/experiments/.\n");
}

int cmd_lua(int argc, char **argv)
{
    cx_experiment_opts o = {.jobs = 0, .resume = 0, .progress = cli_show_progress(), .unsafe = 0};
    const char *script = NULL;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    int nargs = 0, rc = 1, own = 1, k;
    cx_consent consent;
    cx_consent_default(&consent);
    o.consent = &consent;
    if (!args) return 1;
    const char *unsafe_env = getenv("CXSIM_LUA_UNSAFE");
    if (unsafe_env && !strcmp(unsafe_env, "1")) o.unsafe = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (own && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
            lua_help(stdout);
            rc = 0;
            goto done;
        } else if (own && !strcmp(a, "--jobs")) {
            const char *v = cli_value("lua", argc, argv, &i);
            if (!v || cli_int("lua", "--jobs", v, 1, 1024, &o.jobs)) goto done;
        } else if (own && !strcmp(a, "--resume")) {
            o.resume = 1;
        } else if (own && !strcmp(a, "--unsafe")) {
            o.unsafe = 1;
        } else if (own && (k = cli_consent_option("lua", argc, argv, &i, &consent))) {
            if (k < 0) goto done;
        } else if (own && !strcmp(a, "--")) {
            own = 0;
        } else if (!script) {
            if (own && a[0] == '-' && a[1]) {
                fprintf(stderr, "cxsim lua: unknown option %s (see cxsim lua --help)\n", a);
                goto done;
            }
            script = a;
        } else {
            args[nargs++] = argv[i];
        }
    }
    if (!script) {
        lua_help(stderr);
        goto done;
    }
    char err[2048];
    if (cx_lua_experiment(script, nargs, args, &o, err, sizeof err)) {
        fprintf(stderr, "cxsim lua: %s\n", err);
        goto done;
    }
    rc = 0;
done:
    free(args);
    return rc;
}
