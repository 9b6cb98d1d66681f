/* cx_native: a policy in a shared object, opened only by the user's consent.
 *
 * The path is made absolute first (dlopen never searches the library path);
 * without consent.allow_plugins nothing is opened, so not even a
 * constructor runs; with it the path is printed, the library opened, its
 * entry symbol called and the table it returns checked (ABI version and
 * size, a name, sides, a callback, options within their own ranges). The
 * loader knows no scripting language: cx_plugin chooses between it, the
 * built-ins and the script policies. */
#define _DEFAULT_SOURCE /* realpath */
#include "cx_native.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_policy_host.h"

#define PATH_LEN 4096

/* Refuse a malformed policy table; the message names `what` (file or name). */
static int check_table(const cx_policy *p, const char *what, char *err, size_t n)
{
    char label[PATH_LEN + 16];
    snprintf(label, sizeof label, "plugin %s", what);
    if (cx_policy_check_abi(p, label, err, n)) return -1;
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
    for (int i = 0; i < CX_POINT_COUNT; i++) any |= cx_policy_at(p, i) != NULL;
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

int cx_native_open(const char *path, const cx_consent *c, void **handle, const cx_policy **pol, char *err,
                   size_t n)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs)) {
        snprintf(err, n, "plugin %s: cannot resolve its path: %s", path, strerror(errno));
        return -1;
    }
    path = abs; /* absolute: dlopen never searches the library path */
    if (!c->allow_plugins) {
        snprintf(err, n, "%s is native code; run with --allow-plugins (or CXSIM_ALLOW_PLUGINS=1) if you trust it",
                 path);
        return -1;
    }
    if (!c->quiet) fprintf(stderr, "cxsim: loading native policy %s\n", path);
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
    *handle = dl;
    *pol = p;
    return 0;
}

void cx_native_close(void *handle)
{
    if (handle) dlclose(handle);
}
