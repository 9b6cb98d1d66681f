/* cxsim: the command-line program. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cx_bench.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *what;
} commands[] = {
    {"run", cmd_run, "simulate a scenario, print a summary, write results"},
    {"erlang", cmd_erlang, "analytic Erlang C / Erlang A calculator and staffing"},
    {"bench", cx_bench_main, "benchmark the event loop on the fixed-staff Erlang-A centre"},
    {"params", cmd_params, "list every scenario field with its default, range and source"},
    {"calibrate", cmd_calibrate, "each regime's outputs beside the industry ranges, with sources"},
    {"explain", cmd_explain, "why a regime wins: the gaps split into accounting components and causes"},
    {"view", cmd_view, "animate results or a live run in an SDL2 window, or render PNGs"}, /* says so without CX_VIEW */
#ifdef CX_HAVE_LUA_CMD
    {"lua", cmd_lua, "run a Lua experiment: replications, CRN comparisons, sweeps"},
#endif
};

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
