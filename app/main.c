/* cxsim: the command-line program. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *what;
} commands[] = {
    {"run", cmd_run, "simulate a scenario, print a summary, write results"},
    {"erlang", cmd_erlang, "analytic Erlang C / Erlang A calculator and staffing"},
    {"bench", cmd_bench, "benchmark the event loop on the fixed-staff Erlang-A centre"},
    {"params", cmd_params, "list every scenario field with its default, range and source"},
    {"calibrate", cmd_calibrate, "each regime's outputs beside the industry ranges, with sources"},
#ifdef CX_HAVE_VIEW
    {"view", cmd_view, "animate results or a live run in an SDL2 window, or render PNGs"},
#endif
#ifdef CX_HAVE_LUA_CMD
    {"lua", cmd_lua, "run a Lua experiment: replications, CRN comparisons, sweeps"},
#endif
};

int cli_consent_option(const char *cmd, int argc, char **argv, int *i, cx_consent *c)
{
    const char *a = argv[*i], *v;
    if (!strcmp(a, "--allow-plugins")) {
        c->allow_plugins = 1;
        return 1;
    }
    if (!strcmp(a, "--unsafe")) {
        c->unsafe = 1;
        return 1;
    }
    if (strcmp(a, "--plugin-path") && strcmp(a, "--policy-timeout")) return 0;
    if (!(v = cli_value(cmd, argc, argv, i))) return -1;
    if (!strcmp(a, "--policy-timeout")) return cli_double(cmd, a, v, 0.001, 86400, &c->policy_timeout) ? -1 : 1;
    if (!*v || cx_consent_add_path(c, v)) {
        fprintf(stderr, "cxsim %s: --plugin-path: expected a folder (the whole path under %d characters), got \"%s\"\n",
                cmd, CX_CONSENT_PATH_MAX, v);
        return -1;
    }
    return 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: cxsim COMMAND [options]   (cxsim COMMAND --help for details)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("cxsim 0.1.0\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "cxsim: unknown command \"%s\"\n", argv[1]);
    usage(stderr);
    return 2;
}
