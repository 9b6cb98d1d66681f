/* cx_native: open a policy compiled as a shared object (dlopen), by consent only. */
#ifndef CX_NATIVE_H
#define CX_NATIVE_H

#include <stddef.h>

#include "cx_consent.h"
#include "cx_policy.h"

/* Open the shared object at `path` and check the policy table it exports
 * (CX_POLICY_ENTRY). Refused, before anything is loaded, unless
 * consent->allow_plugins; the absolute path is printed on stderr unless
 * consent->quiet. On success *handle (release with cx_native_close after the
 * run) and *pol; on error a message naming the plugin in err, -1. */
int cx_native_open(const char *path, const cx_consent *consent, void **handle, const cx_policy **pol, char *err,
                   size_t n);
void cx_native_close(void *handle);

#endif
