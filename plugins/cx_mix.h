/* cx_mix: one side played by two policies at once, each lever taken from one of them.
 *
 * A lever-mixing policy for attribution (cxsim explain). It instantiates
 * both regimes' policies for a side (arm 0: the first regime's, arm 1: the
 * second's, each with its own scenario options), calls both at every
 * decision point through a proxy host API that records each one's lever
 * settings, and lets through to the run, for each lever, the setting of
 * arm 1 when the lever's group is in the coalition and of arm 0 otherwise.
 *
 * What each arm sees: the run's keys (the state both caused together); for
 * a lever it controls in this coalition the run's value; for the others its
 * own last setting (its "shadow"), so that a policy reading its own lever
 * (the vendor trims pay from what it set) keeps its own course. When the
 * host itself moves a lever (a contract year's fresh levers, a new
 * provider), both shadows take the host's value. The lead arm (arm 1 when
 * the coalition is every group, else arm 0) draws from the run's policy
 * stream and writes notes; the other draws from a private stream and is
 * silent. So with no group the run is the first regime's byte for byte, and
 * with every group the second's (tests/test_explain.c). */
#ifndef CX_MIX_H
#define CX_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "cx_params.h"
#include "cx_policy.h"

/* Groups of levers, the factors of the lever game: X(id, name, meaning).
 * Levers appended to cx_policy.h after this table fall in CX_G_OTHER until
 * cx_mix_group learns them. */
#define CX_MIX_GROUPS(X) \
    X(CX_G_PAY, "pay", "agent pay relative to market") \
    X(CX_G_PEOPLE, "training & span", "coaching and training hours, agents per supervisor") \
    X(CX_G_KB, "knowledge base", "knowledge-base and tooling spend") \
    X(CX_G_STAFFING, "staffing", "service level staffed for, headcount buffer, temps") \
    X(CX_G_REPORTING, "reporting & open book", "share of noticed issues the provider reports") \
    X(CX_G_CONTRACT, "contract & pricing", "rate cuts and asks, acceptance, notice, margin target, SLA target, penalties, gain-share, term, tenders") \
    X(CX_G_GOVERNANCE, "client governance", "strategic reviews, product changes shared, fix speed, joint root-cause analysis") \
    X(CX_G_OTHER, "other levers", "levers added to the ABI after this table")

typedef enum cx_mix_group_id {
#define CX_MIX_GROUP_ENUM_(id, name, doc) id,
    CX_MIX_GROUPS(CX_MIX_GROUP_ENUM_)
#undef CX_MIX_GROUP_ENUM_
    CX_G_COUNT
} cx_mix_group_id;

int cx_mix_group(int lever);               /* the group of a lever (cx_lever) */
const char *cx_mix_group_name(int group);
const char *cx_mix_group_doc(int group);

typedef struct cx_mix cx_mix;

/* A mixer for `side`: arm 0 is policy a with options *sa, arm 1 policy b
 * with *sb (options already checked by the regimes' own runs; an unknown
 * one is an error here too). `groups`: bit g set takes group g's levers
 * from arm 1. `seed` seeds the silent arm's private stream. The table to
 * attach (cx_sim_set_policy(S, side, cx_mix_policy(m), NULL, NULL)) lives
 * as long as the mixer. 0, or -1 with the message in err. */
int cx_mix_new(cx_mix **out, int side, const cx_policy *a, const cx_policy_spec *sa, const cx_policy *b,
               const cx_policy_spec *sb, unsigned groups, uint64_t seed, char *err, size_t n);
const cx_policy *cx_mix_policy(const cx_mix *m);

/* Groups in which the two arms' settings of some lever differed after a
 * decision point, over the run so far (bit g: group g). */
unsigned cx_mix_differ(const cx_mix *m);

void cx_mix_free(cx_mix *m);

#endif
