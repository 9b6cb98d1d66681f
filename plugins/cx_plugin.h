/* cx_plugin: find and load a policy by name: a built-in, a C plugin (dlopen) or a Lua script. */
#ifndef CX_PLUGIN_H
#define CX_PLUGIN_H

#include <stddef.h>

#include "cx_consent.h"
#include "cx_policy.h"

typedef struct cx_loaded cx_loaded; /* what must be released: a dlopen handle, a Lua state */

/* Resolve `name`: a built-in ("vendor", "partner"), a path to a shared
 * object (*.so), a path to a Lua policy (*.lua), or a bare name found as
 * NAME.so or NAME.lua on the search path (base_dir, then $CXSIM_PLUGIN_PATH
 * entries separated by ':', then the build's plugin directory). On success
 * *pol is ready to attach and *out (possibly NULL) must be released with
 * cx_policy_unload after the run. `consent` (NULL: the defaults) says what
 * the user allows. On error a message in err, -1. */
int cx_policy_load(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                   const cx_policy **pol, char *err, size_t n);
void cx_policy_unload(cx_loaded *l);

#endif
