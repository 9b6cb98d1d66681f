/* cx_lua_policy: a Lua script as a cx_policy (same callbacks as a C plugin).
 *
 * The script returns a table:
 *   return {
 *     name = "steady",                    -- required
 *     doc = "one line",                   -- optional
 *     sides = "provider",                 -- "client", "provider", "both" (default) or a list
 *     options = { pay_rel = {default = 1.0, min = 0.5, max = 2, doc = "..."} },
 *     on_start = function(state) ... end, -- and on_month, on_review,
 *     on_contract_year, on_incident
 *   }
 * A callback reads `state` (read-only: every cx_key by name, plus
 * state.option(name), state.lever(name), state.uniform(), state.note(text))
 * and returns nil or a table of decisions by lever name, e.g.
 * {pay_rel = 1.05}; decisions are applied in lever order with api->set.
 *
 * Each simulation gets its own Lua state (created by the policy's create),
 * so runs never share Lua state and may run in parallel. Every state runs
 * in a sandbox (no io, os, package, debug, dofile, loadfile, require;
 * `load` takes text chunks only; math.random draws from the policy's
 * random stream), with a memory cap and an instruction limit per call
 * (cx_lua_util: the limit cannot be caught, coroutines share it, patterns
 * are bounded, no finalizers). limits.unsafe (the user's --unsafe, passed
 * down in cx_consent) opens the full standard library (limits stay).
 * CXSIM_LUA_MAX_STEPS and CXSIM_LUA_MAX_MEM_MB change the limits. See
 * docs/plugins.md. */
#ifndef CX_LUA_POLICY_H
#define CX_LUA_POLICY_H

#include <stddef.h>

#include "cx_lua_util.h"
#include "cx_policy.h"

typedef struct cx_lua_policy cx_lua_policy;

#define CX_LUA_MEM_DEFAULT (64u << 20)  /* 64 MiB per state */
#define CX_LUA_STEPS_DEFAULT 20000000L  /* about 0.1-0.3 s of Lua per callback */
#define CX_LUA_SECONDS_DEFAULT 60       /* wall clock per callback: only a runaway gets near */

/* Defaults, then the environment (CXSIM_LUA_MAX_STEPS, CXSIM_LUA_MAX_MEM_MB,
 * CXSIM_LUA_MAX_SECONDS); unsafe is 0 (the
 * caller sets it from the user's consent). */
void cx_lua_limits_default(cx_lua_limits *lim);

/* Read the script once (sandboxed) for its name, sides, options and
 * callbacks, and build the policy table *pol (valid until free). On error
 * "script:line: message" in err and -1. `lim` NULL: cx_lua_limits_default. */
int cx_lua_policy_load(const char *path, cx_lua_policy **out, const cx_policy **pol, char *err, size_t n);
int cx_lua_policy_load_ex(const char *path, const cx_lua_limits *lim, cx_lua_policy **out,
                          const cx_policy **pol, char *err, size_t n);
void cx_lua_policy_free(cx_lua_policy *lp);

/* The last error of a Lua policy's callbacks or create ("" when none), or
 * NULL when `pol` is not a Lua policy. A callback that fails also hands the
 * message to api->note and returns non-zero, which stops the run. */
const char *cx_lua_policy_error(const cx_policy *pol);

#endif
