/* cx_plugin: policy resolution: a name into a checked policy table.
 *
 * A scenario names a policy; this file turns the name into a checked
 * cx_policy table. Resolution order (first match wins):
 *   1. a built-in ("vendor", "partner"), linked into the program;
 *   2. a path ending in ".so": a C plugin, loaded with dlopen;
 *   3. a path ending in ".lua": a Lua policy (plugins/lua/cx_lua_policy);
 *   4. a bare name: NAME.lua in base_dir (the scenario's directory), then
 *      NAME.so or NAME.lua in each directory of the plugin path the user set
 *      (--plugin-path, then $CXSIM_PLUGIN_PATH, ':' separated), then in the
 *      build's plugin directory CX_PLUGIN_DIR. A NAME.so beside the scenario
 *      is not searched unless its folder is on that path: a scenario cannot
 *      bring its own native code along.
 * A relative path (cases 2 and 3) is tried against base_dir first, then
 * against the working directory.
 *
 * Native code is opened by cx_native (the one file that wraps dlopen, by
 * the user's consent only, with the table checks); Lua policies by
 * plugins/lua/cx_lua_policy under the sandbox and the consent's --unsafe.
 * This file chooses between them and the built-ins, and knows the search
 * path. */
#include "cx_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cx_builtin.h"
#include "cx_lua_policy.h"
#include "cx_native.h"
#include "cx_policy_host.h"

#ifndef CX_PLUGIN_DIR
#define CX_PLUGIN_DIR ""          /* the build sets it to its plugin directory */
#endif

#define PATH_LEN 4096

struct cx_loaded {
    void *dl;                     /* dlopen handle of a C plugin, or NULL */
    cx_lua_policy *lua;           /* a Lua policy, or NULL */
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static int is_file(const char *path)
{
    struct stat st;
    return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* dir/name into out; 0 when it fits. */
static int join(char *out, size_t n, const char *dir, const char *name)
{
    int k = snprintf(out, n, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] != '/' ? "/" : "", name);
    return k < 0 || (size_t)k >= n ? -1 : 0;
}

static int load_so(const char *path, const cx_consent *c, cx_loaded **out, const cx_policy **pol, char *err,
                   size_t n)
{
    void *dl;
    if (cx_native_open(path, c, &dl, pol, err, n)) return -1;
    cx_loaded *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, n, "plugin %s: out of memory", path);
        cx_native_close(dl);
        return -1;
    }
    l->dl = dl;
    *out = l;
    return 0;
}

static int load_lua(const char *path, const cx_consent *consent, cx_loaded **out, const cx_policy **pol, char *err,
                    size_t n)
{
    cx_lua_limits lim;
    cx_lua_limits_default(&lim);
    lim.unsafe = consent && consent->unsafe;
    cx_loaded *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, n, "%s: out of memory", path);
        return -1;
    }
    if (cx_lua_policy_load_ex(path, &lim, &l->lua, pol, err, n)) {
        free(l);
        return -1;
    }
    *out = l;
    return 0;
}

static int load_file(const char *path, const cx_consent *c, cx_loaded **out, const cx_policy **pol, char *err,
                     size_t n)
{
    return ends_with(path, ".lua") ? load_lua(path, c, out, pol, err, n) : load_so(path, c, out, pol, err, n);
}

/* A name with a suffix or a '/': a path, relative to base_dir or the working directory. */
static int load_path(const char *name, const char *base_dir, const cx_consent *c, cx_loaded **out,
                     const cx_policy **pol, char *err, size_t n)
{
    char cand[PATH_LEN];
    if (name[0] != '/' && base_dir && *base_dir && !join(cand, sizeof cand, base_dir, name) && is_file(cand))
        return load_file(cand, c, out, pol, err, n);
    if (is_file(name)) return load_file(name, c, out, pol, err, n);
    if (name[0] != '/' && base_dir && *base_dir)
        snprintf(err, n, "policy file '%s' not found (looked in %s and in the working directory)", name,
                 base_dir);
    else snprintf(err, n, "policy file '%s' not found", name);
    return -1;
}

/* Try dir/NAME.so (unless lua_only) then dir/NAME.lua; 1 when found (loaded
 * or refused), 0 when absent. */
static int try_dir(const char *dir, const char *name, int lua_only, const cx_consent *c, int *rc,
                   cx_loaded **out, const cx_policy **pol, char *err, size_t n)
{
    static const char *const suffix[] = {".so", ".lua"};
    for (int i = lua_only; i < 2; i++) {
        char file[PATH_LEN], cand[PATH_LEN];
        if (snprintf(file, sizeof file, "%s%s", name, suffix[i]) >= (int)sizeof file) continue;
        if (join(cand, sizeof cand, dir, file) || !is_file(cand)) continue;
        *rc = load_file(cand, c, out, pol, err, n);
        return 1;
    }
    return 0;
}

/* Append ", dir" to the list of places searched (truncated to n). */
static void add_looked(char *looked, size_t n, const char *dir)
{
    size_t k = strlen(looked);
    for (const char *p = k ? ", " : ""; *p && k + 1 < n; p++) looked[k++] = *p;
    for (const char *p = dir; *p && k + 1 < n; p++) looked[k++] = *p;
    looked[k] = 0;
}

static int search(const char *name, const char *base_dir, const cx_consent *c, cx_loaded **out,
                  const cx_policy **pol, char *err, size_t n)
{
    char looked[1024] = "", beside[PATH_LEN] = "";
    int rc = -1;
    if (base_dir && *base_dir) { /* Lua policies only: they run sandboxed */
        if (try_dir(base_dir, name, 1, c, &rc, out, pol, err, n)) return rc;
        add_looked(looked, sizeof looked, base_dir);
        char file[PATH_LEN];
        if (snprintf(file, sizeof file, "%s.so", name) < (int)sizeof file &&
            !join(beside, sizeof beside, base_dir, file) && !is_file(beside))
            beside[0] = 0;
    }
    for (const char *s = c->plugin_path; *s;) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len > 0 && len < PATH_LEN) {
            char dir[PATH_LEN];
            memcpy(dir, s, len);
            dir[len] = 0;
            if (try_dir(dir, name, 0, c, &rc, out, pol, err, n)) return rc;
            add_looked(looked, sizeof looked, dir);
        }
        s += len + (colon != NULL);
    }
    if (*CX_PLUGIN_DIR) {
        if (try_dir(CX_PLUGIN_DIR, name, 0, c, &rc, out, pol, err, n)) return rc;
        add_looked(looked, sizeof looked, CX_PLUGIN_DIR);
    }
    int k = snprintf(err, n, "no policy named '%s': not a built-in, and no %s.so or %s.lua in %s", name, name,
                     name, *looked ? looked : "any directory (set --plugin-path DIR)");
    if (*beside && k >= 0 && (size_t)k < n)
        snprintf(err + k, n - (size_t)k, " (%s beside the scenario is native code and is not searched: put "
                 "its folder on the plugin path with --plugin-path DIR and --allow-plugins if you trust it)",
                 beside);
    return -1;
}

void cx_consent_default(cx_consent *c)
{
    const char *plugins = getenv("CXSIM_ALLOW_PLUGINS"), *unsafe = getenv("CXSIM_LUA_UNSAFE");
    const char *path = getenv("CXSIM_PLUGIN_PATH");
    memset(c, 0, sizeof *c);
    c->allow_plugins = plugins && !strcmp(plugins, "1");
    c->unsafe = unsafe && !strcmp(unsafe, "1");
    c->policy_timeout = CX_POLICY_TIMEOUT_DEFAULT;
    if (path && strlen(path) < sizeof c->plugin_path) memcpy(c->plugin_path, path, strlen(path) + 1);
}

int cx_consent_add_path(cx_consent *c, const char *dirs)
{
    size_t a = strlen(dirs), b = strlen(c->plugin_path);
    if (a + 1 + b >= sizeof c->plugin_path) return -1;
    memmove(c->plugin_path + a + (b > 0), c->plugin_path, b + 1);
    memcpy(c->plugin_path, dirs, a);
    if (b) c->plugin_path[a] = ':';
    return 0;
}

int cx_policy_load(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                   const cx_policy **pol, char *err, size_t n)
{
    cx_consent defaults;
    if (!consent) {
        cx_consent_default(&defaults);
        consent = &defaults;
    }
    *out = NULL;
    *pol = NULL;
    if (!name || !*name) {
        snprintf(err, n, "no policy named (an empty name)");
        return -1;
    }
    const cx_policy *b = cx_builtin_find(name);
    if (b) {
        *pol = b;
        return 0;
    }
    if (ends_with(name, ".so") || ends_with(name, ".lua") || strchr(name, '/'))
        return load_path(name, base_dir, consent, out, pol, err, n);
    return search(name, base_dir, consent, out, pol, err, n);
}

int cx_policy_native(const cx_loaded *l) { return l && l->dl; }

void cx_policy_unload(cx_loaded *l)
{
    if (!l) return;
    if (l->lua) cx_lua_policy_free(l->lua);
    cx_native_close(l->dl);
    free(l);
}
