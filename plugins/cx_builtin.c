/* cx_builtin: the table of policies linked into the program. */
#include "cx_builtin.h"

#include <string.h>

const cx_policy *cx_vendor_policy(void);
const cx_policy *cx_partner_policy(void);

const cx_policy *cx_builtin_find(const char *name)
{
    static const cx_policy *(*const all[])(void) = {cx_vendor_policy, cx_partner_policy};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        const cx_policy *p = all[i]();
        if (!strcmp(p->name, name)) return p;
    }
    return NULL;
}
