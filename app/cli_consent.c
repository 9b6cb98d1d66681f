/* cli_consent: the consent options of every command that runs a scenario. */
#include "cli_consent.h"

#include <stdio.h>
#include <string.h>

#include "cli_util.h"

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
