/* cx_policy_host: the host's side of the policy ABI (names, the lever table,
 * the table check and the guarded read of a decision point). Not for
 * plugins: these functions live in the cxsim program, which a dlopen'd
 * plugin cannot link against; a plugin includes cx_policy.h only. */
#ifndef CX_POLICY_HOST_H
#define CX_POLICY_HOST_H

#include <stddef.h>

#include "cx_policy.h"

/* Names for keys, levers, points, sides and phases (Lua tables, errors, docs). */
const char *cx_key_name(int key);
const char *cx_lever_name(int lever);
const char *cx_point_name(int point);
const char *cx_side_name(int side);
const char *cx_phase_name(int phase);
int cx_key_find(const char *name);   /* -1 when unknown */
int cx_lever_find(const char *name); /* -1 when unknown */

/* A lever's owner, range, default and meaning. */
typedef struct cx_lever_desc {
    const char *name;
    int side;                 /* cx_side */
    double lo, hi, def;       /* range and the value before any policy sets it */
    const char *doc;
} cx_lever_desc;
const cx_lever_desc *cx_lever_info(int lever);

/* The smallest table this host accepts: every member of ABI 2 as first
 * published (through at). Members appended later are read only when the
 * table's size covers them. */
#define CX_POLICY_MIN_SIZE (offsetof(cx_policy, at) + sizeof(const cx_policy_fn *))

/* Check what the host must know before it reads anything else of a table:
 * its ABI version (a table built for ABI 1 is refused with a message that
 * says so), its declared size and decision-point count. `what` names it in
 * the message ("plugin ./x.so"). 0, or -1 with the message in err. */
int cx_policy_check_abi(const cx_policy *p, const char *what, char *err, size_t n);

/* The callback at decision point `point`, or NULL: the host never reads
 * at[] past the table's n_at (an older plugin has fewer points). */
static inline cx_policy_fn cx_policy_at(const cx_policy *p, int point)
{
    if (!p || point < 0 || point >= CX_POINT_COUNT || point >= p->n_at || !p->at) return NULL;
    return p->at[point];
}

#endif
