/* cli: the cxsim command-line program's commands and shared helpers. */
#ifndef CX_CLI_H
#define CX_CLI_H

#include "cli_consent.h"
#include "cli_util.h"
#include "cx_params.h"
#include "cx_sim.h"

/* The commands (main.c's table); `cxsim bench` is cx_bench_main (bench/cx_bench.h). */
int cmd_run(int argc, char **argv);
int cmd_erlang(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_view(int argc, char **argv);   /* viz layer */
int cmd_lua(int argc, char **argv);    /* Lua experiments */
int cmd_explain(int argc, char **argv); /* attribution of the gaps (cmd_explain.c) */

#endif
