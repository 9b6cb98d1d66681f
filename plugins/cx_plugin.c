/* cx_plugin: policy resolution and the one file that wraps dlopen.
 *
 * A scenario names a policy; this file turns the name into a checked
 * cx_policy table. Resolution order (first match wins):
 *   1. a built-in ("vendor", "partner"), linked into the program;
 *   2. a path ending in ".so": a C plugin, loaded with dlopen;
 *   3. a path ending in ".lua": a Lua policy (plugins/lua/cx_lua_policy);
 *   4. a bare name, found as NAME.so or NAME.lua in base_dir (the scenario's
 *      directory), then in each directory of $CXSIM_PLUGIN_PATH (':'
 *      separated), then in the build's plugin directory CX_PLUGIN_DIR.
 * A relative path (cases 2 and 3) is tried against base_dir first, then
 * against the working directory.
 *
 * A C plugin is refused, with a message naming it, when the file is missing,
 * dlopen fails, the entry symbol is missing or returns NULL, the ABI version
 * differs, the struct is smaller than this host's, or the table is malformed
 * (no name, no side, no callback, an option outside its own range). */
#include "cx_plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cx_builtin.h"
#include "cx_lua_policy.h"

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

/* Refuse a malformed policy table; the message names `what` (file or name). */
static int check_table(const cx_policy *p, const char *what, char *err, size_t n)
{
    if (p->abi != CX_POLICY_ABI) {
        snprintf(err, n, "plugin %s: built for policy ABI %d, this cxsim speaks ABI %d "
                 "(rebuild it against core/cx_policy.h)", what, p->abi, CX_POLICY_ABI);
        return -1;
    }
    if (p->size < sizeof(cx_policy)) {
        snprintf(err, n, "plugin %s: policy table of %zu bytes, ABI %d needs at least %zu "
                 "(rebuild it against core/cx_policy.h)", what, p->size, CX_POLICY_ABI, sizeof(cx_policy));
        return -1;
    }
    if (!p->name || !*p->name) {
        snprintf(err, n, "plugin %s: the policy has no name", what);
        return -1;
    }
    unsigned all = (1u << CX_SIDE_COUNT) - 1;
    if (!p->sides || (p->sides & ~all)) {
        snprintf(err, n, "plugin %s: policy '%s' declares sides 0x%x (1 client, 2 provider, 3 both)", what,
                 p->name, p->sides);
        return -1;
    }
    int any = 0;
    for (int i = 0; i < CX_POINT_COUNT; i++) any |= p->at[i] != NULL;
    if (!any) {
        snprintf(err, n, "plugin %s: policy '%s' has no callback at any decision point", what, p->name);
        return -1;
    }
    for (const cx_option *o = p->options; o && o->name; o++) {
        if (!*o->name || strlen(o->name) >= 32 || !(o->lo <= o->def && o->def <= o->hi)) {
            snprintf(err, n, "plugin %s: policy '%s': option '%s' needs a name under 32 characters "
                     "and lo <= default <= hi (got %g <= %g <= %g)", what, p->name, o->name, o->lo, o->def,
                     o->hi);
            return -1;
        }
    }
    return 0;
}

static int load_so(const char *path, cx_loaded **out, const cx_policy **pol, char *err, size_t n)
{
    char buf[PATH_LEN];
    /* a path without '/' would make dlopen search the library path */
    if (!strchr(path, '/')) {
        if (join(buf, sizeof buf, ".", path)) goto too_long;
        path = buf;
    }
    dlerror();
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        const char *why = dlerror();
        snprintf(err, n, "plugin %s: cannot load: %s", path, why ? why : "unknown dlopen error");
        return -1;
    }
    dlerror();
    /* POSIX: a function pointer travels through void * (dlsym's contract) */
    void *sym = dlsym(dl, CX_POLICY_ENTRY);
    if (!sym) {
        snprintf(err, n, "plugin %s: no symbol '%s' (not a cxsim policy plugin? see docs/plugins.md)", path,
                 CX_POLICY_ENTRY);
        dlclose(dl);
        return -1;
    }
    cx_policy_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const cx_policy *p = entry();
    if (!p) {
        snprintf(err, n, "plugin %s: %s() returned NULL", path, CX_POLICY_ENTRY);
        dlclose(dl);
        return -1;
    }
    if (check_table(p, path, err, n)) {
        dlclose(dl);
        return -1;
    }
    cx_loaded *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, n, "plugin %s: out of memory", path);
        dlclose(dl);
        return -1;
    }
    l->dl = dl;
    *out = l;
    *pol = p;
    return 0;
too_long:
    snprintf(err, n, "plugin %s: path too long", path);
    return -1;
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

static int load_file(const char *path, const cx_consent *consent, cx_loaded **out, const cx_policy **pol, char *err,
                     size_t n)
{
    return ends_with(path, ".lua") ? load_lua(path, consent, out, pol, err, n) : load_so(path, out, pol, err, n);
}

/* A name with a suffix or a '/': a path, relative to base_dir or the working directory. */
static int load_path(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                     const cx_policy **pol, char *err, size_t n)
{
    char cand[PATH_LEN];
    if (name[0] != '/' && base_dir && *base_dir && !join(cand, sizeof cand, base_dir, name) && is_file(cand))
        return load_file(cand, consent, out, pol, err, n);
    if (is_file(name)) return load_file(name, consent, out, pol, err, n);
    if (name[0] != '/' && base_dir && *base_dir)
        snprintf(err, n, "policy file '%s' not found (looked in %s and in the working directory)", name,
                 base_dir);
    else snprintf(err, n, "policy file '%s' not found", name);
    return -1;
}

/* Try dir/NAME.so then dir/NAME.lua; 1 when found (loaded or refused), 0 when absent. */
static int try_dir(const char *dir, const char *name, const cx_consent *consent, int *rc, cx_loaded **out,
                   const cx_policy **pol, char *err, size_t n)
{
    static const char *const suffix[] = {".so", ".lua"};
    for (int i = 0; i < 2; i++) {
        char file[PATH_LEN], cand[PATH_LEN];
        if (snprintf(file, sizeof file, "%s%s", name, suffix[i]) >= (int)sizeof file) continue;
        if (join(cand, sizeof cand, dir, file) || !is_file(cand)) continue;
        *rc = load_file(cand, consent, out, pol, err, n);
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

static int search(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                  const cx_policy **pol, char *err, size_t n)
{
    char looked[1024] = "";
    int rc = -1;
    if (base_dir && *base_dir) {
        if (try_dir(base_dir, name, consent, &rc, out, pol, err, n)) return rc;
        add_looked(looked, sizeof looked, base_dir);
    }
    const char *env = getenv("CXSIM_PLUGIN_PATH");
    for (const char *s = env; s && *s;) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len > 0 && len < PATH_LEN) {
            char dir[PATH_LEN];
            memcpy(dir, s, len);
            dir[len] = 0;
            if (try_dir(dir, name, consent, &rc, out, pol, err, n)) return rc;
            add_looked(looked, sizeof looked, dir);
        }
        s += len + (colon != NULL);
    }
    if (*CX_PLUGIN_DIR) {
        if (try_dir(CX_PLUGIN_DIR, name, consent, &rc, out, pol, err, n)) return rc;
        add_looked(looked, sizeof looked, CX_PLUGIN_DIR);
    }
    snprintf(err, n, "no policy named '%s': not a built-in, and no %s.so or %s.lua in %s", name, name, name,
             *looked ? looked : "any directory (set CXSIM_PLUGIN_PATH)");
    return -1;
}

void cx_consent_default(cx_consent *c)
{
    const char *plugins = getenv("CXSIM_ALLOW_PLUGINS"), *unsafe = getenv("CXSIM_LUA_UNSAFE");
    c->allow_plugins = plugins && !strcmp(plugins, "1");
    c->unsafe = unsafe && !strcmp(unsafe, "1");
}

int cx_policy_load(const char *name, const char *base_dir, const cx_consent *consent, cx_loaded **out,
                   const cx_policy **pol, char *err, size_t n)
{
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

void cx_policy_unload(cx_loaded *l)
{
    if (!l) return;
    if (l->lua) cx_lua_policy_free(l->lua);
    if (l->dl) dlclose(l->dl);
    free(l);
}
