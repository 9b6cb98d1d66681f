#include "cli_util.h"  /* ok: the programs' shared helpers */
#include "cx_job.h"    /* ok: the public job API */
#include "mod.h"       /* ok: core/ */
#include "cli.h"       /* bad: the CLI's commands */
#include "cx_plugin.h" /* bad: the loader's internals */
