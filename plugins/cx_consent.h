/* cx_consent: what the person running cxsim allows files from others to do.
 *
 * Scenarios, policies and experiments often come from someone else. By
 * default they run sandboxed: Lua with a restricted library and budgets, no
 * native code, files written only under the results folder. The user opens
 * more, per run, on the command line (or in the environment); nothing in a
 * scenario file can. A NULL consent means the defaults (nothing opened). */
#ifndef CX_CONSENT_H
#define CX_CONSENT_H

#define CX_POLICY_TIMEOUT_DEFAULT 10.0 /* s a native policy callback may run (--policy-timeout) */
#define CX_CONSENT_PATH_MAX 4096

typedef struct cx_consent {
    int allow_plugins; /* 1: policies may be native shared objects (dlopen): --allow-plugins, CXSIM_ALLOW_PLUGINS=1 */
    int unsafe;        /* 1: Lua gets its full library, experiments may write anywhere: --unsafe, CXSIM_LUA_UNSAFE=1 */
    char plugin_path[CX_CONSENT_PATH_MAX]; /* ':'-separated folders searched for bare policy names:
                                            * --plugin-path DIR, then $CXSIM_PLUGIN_PATH */
    double policy_timeout; /* s one callback of a native policy may run before its regime is stopped */
    int quiet;         /* 1: do not print the native policies loaded (already said once for this run) */
} cx_consent;

/* The defaults, then the environment (CXSIM_ALLOW_PLUGINS=1, CXSIM_LUA_UNSAFE=1,
 * CXSIM_PLUGIN_PATH). */
void cx_consent_default(cx_consent *c);

/* Put the folder(s) `dirs` (':'-separated) first on the plugin path; -1 when
 * the path would be too long. */
int cx_consent_add_path(cx_consent *c, const char *dirs);

#endif
