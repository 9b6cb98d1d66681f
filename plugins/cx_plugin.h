/* cx_plugin: find and load a policy by name: a built-in, a C plugin (dlopen) or a Lua script. */
#ifndef CX_PLUGIN_H
#define CX_PLUGIN_H

#include <stddef.h>

#include "cx_consent.h"
#include "cx_policy.h"

typedef struct cx_loaded cx_loaded; /* what must be released: a dlopen handle, a Lua state */

/* Resolve `name`: a built-in ("vendor", "partner"), a path to a shared
 * object (*.so), a path to a Lua policy (*.lua), or a bare name found as
 * NAME.lua in base_dir, then as NAME.so or NAME.lua on the plugin path
 * (consent->plugin_path, then the build's plugin directory); a NAME.so in
 * base_dir is not searched unless base_dir is on the plugin path. A shared
 * object is refused before dlopen unless consent->allow_plugins; when
 * allowed, "cxsim: loading native policy /abs/path.so" is printed on stderr
 * (unless consent->quiet). On success *pol is ready to attach and *out
 * (possibly NULL) must be released with cx_policy_unload after the run.
 * `consent` (NULL: cx_consent_default) says what the user allows. On error
 * a message in err, -1. */
int cx_policy_load(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                   const cx_policy **pol, char *err, size_t n);
void cx_policy_unload(cx_loaded *l);

/* 1 when l holds native code (a dlopen'd shared object). */
int cx_policy_native(const cx_loaded *l);

#endif
