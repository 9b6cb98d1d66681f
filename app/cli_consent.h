/* cli_consent: the consent options (--allow-plugins, --plugin-path, --policy-timeout, --unsafe) of every command that runs a scenario. */
#ifndef CLI_CONSENT_H
#define CLI_CONSENT_H

#include "cx_consent.h"

/* What the user allows the scenario's policies. Returns 1 when argv[*i] was
 * one of the options (its value consumed), 0 when it is not, -1 on a bad
 * value (message printed). CLI_CONSENT_HELP is their lines for --help. */
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
