/* cx_consent: what the person running cxsim allows files from others to do.
 *
 * Scenarios, policies and experiments often come from someone else. By
 * default they run sandboxed: Lua with a restricted library and budgets, no
 * native code, files written only under the results folder. The user opens
 * more, per run, on the command line (or in the environment); nothing in a
 * scenario file can. A NULL consent means the defaults (nothing opened). */
#ifndef CX_CONSENT_H
#define CX_CONSENT_H

typedef struct cx_consent {
    int allow_plugins; /* 1: policies may be native shared objects (dlopen): --allow-plugins, CXSIM_ALLOW_PLUGINS=1 */
    int unsafe;        /* 1: Lua gets its full library, experiments may write anywhere: --unsafe, CXSIM_LUA_UNSAFE=1 */
} cx_consent;

/* The defaults, then the environment (CXSIM_ALLOW_PLUGINS=1, CXSIM_LUA_UNSAFE=1). */
void cx_consent_default(cx_consent *c);

#endif
