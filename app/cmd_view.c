/* cmd_view: cxsim view -- the SDL2 view (viz/). Thin: the view lives in cxsim_viz.
 * The consent options (--allow-plugins, --plugin-path, --policy-timeout,
 * --unsafe) are taken here and handed to the view; a live view runs native
 * policies in this process. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cx_lua_util.h"
#ifdef CX_HAVE_VIEW
#include "cx_view.h"
#endif

int cmd_view(int argc, char **argv)
{
    cx_consent consent;
    cx_consent_default(&consent);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, rc = 2;
    if (!rest) return 1;
    for (int i = 0; i < argc; i++) {
        int k = i ? cli_consent_option("view", argc, argv, &i, &consent) : 0;
        if (k < 0) goto done;
        if (!k) rest[nrest++] = argv[i];
    }
    if (consent.unsafe) fputs(CX_LUA_UNSAFE_WARNING, stderr);
#ifdef CX_HAVE_VIEW
    rc = cx_view_main(nrest, rest, &consent);
#else
    fprintf(stderr, "cxsim view: this build has no view (configure with -DCX_VIEW=ON and SDL2)\n");
    rc = 1;
#endif
done:
    free(rest);
    return rc;
}
