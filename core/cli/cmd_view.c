/* cmd_view: cxsim view -- the SDL2 view (viz/). Thin: the view lives in cxsim_viz. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_lua_util.h"

#ifdef CX_HAVE_VIEW
#include "cx_view.h"
#endif

int cmd_view(int argc, char **argv);

int cmd_view(int argc, char **argv)
{
    /* --unsafe is taken out here; the view's jobs read it as their consent
     * (cx_consent_default: CXSIM_LUA_UNSAFE) */
    int k = 1, unsafe = getenv("CXSIM_LUA_UNSAFE") && !strcmp(getenv("CXSIM_LUA_UNSAFE"), "1");
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--unsafe")) unsafe = 1;
        else argv[k++] = argv[i];
    argc = k;
    argv[argc] = NULL;
    if (unsafe) {
        setenv("CXSIM_LUA_UNSAFE", "1", 1);
        fputs(CX_LUA_UNSAFE_WARNING, stderr);
    }
#ifdef CX_HAVE_VIEW
    return cx_view_main(argc, argv);
#else
    (void)argc, (void)argv;
    fprintf(stderr, "cxsim view: this build has no view (configure with -DCX_VIEW=ON and SDL2)\n");
    return 1;
#endif
}
