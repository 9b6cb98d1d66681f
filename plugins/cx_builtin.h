/* cx_builtin: the built-in policies, linked statically (the same sources build as plugins). */
#ifndef CX_BUILTIN_H
#define CX_BUILTIN_H

#include "cx_policy.h"

/* The built-in policy of this name ("vendor", "partner"), or NULL. */
const cx_policy *cx_builtin_find(const char *name);

#endif
