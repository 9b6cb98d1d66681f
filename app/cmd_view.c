/* cmd_view: cxsim view -- the SDL2 view (viz/). Thin: the view lives in cxsim_viz. */
#include <stdio.h>

#ifdef CX_HAVE_VIEW
#include "cx_view.h"
#endif

int cmd_view(int argc, char **argv);

int cmd_view(int argc, char **argv)
{
#ifdef CX_HAVE_VIEW
    return cx_view_main(argc, argv);
#else
    (void)argc, (void)argv;
    fprintf(stderr, "cxsim view: this build has no view (configure with -DCX_VIEW=ON and SDL2)\n");
    return 1;
#endif
}
