/* cx_names: names of keys, levers, decision points, sides, phases and notes; the lever table. */
#include <stddef.h>
#include <string.h>

#include "cx_policy.h"
#include "cx_sim.h"

static const char *const key_names[CX_K_COUNT] = {
#define CX_KEY_NAME_(id, name, doc) name,
    CX_KEYS(CX_KEY_NAME_)
#undef CX_KEY_NAME_
};

/* Defaults are what a lever holds before any policy sets it: a middle-of-the
 * market provider and client (assumptions; the policies move them). */
static const cx_lever_desc levers[CX_L_COUNT] = {
    [CX_L_PAY_REL] = {"pay_rel", CX_PROVIDER, 0.5, 2.0, 1.0, "agent pay relative to the market wage"},
    [CX_L_TRAINING_HOURS] = {"training_hours", CX_PROVIDER, 0, 80, 4, "paid coaching and training per agent per month, h"},
    [CX_L_SPAN] = {"span", CX_PROVIDER, 4, 40, 12, "agents per supervisor (ICMI: 8-12 typical, 15-20 large centres)"},
    [CX_L_STAFF_SL] = {"staff_sl", CX_PROVIDER, 0.05, 0.99, 0.80, "service level the staffing rule aims at"},
    [CX_L_STAFF_BUFFER] = {"staff_buffer", CX_PROVIDER, 0, 1, 0, "headcount above the staffing rule's need, fraction"},
    [CX_L_KB_INVEST] = {"kb_invest", CX_PROVIDER, 0, 1e7, 0, "knowledge base and tooling spend, $ per month"},
    [CX_L_TRANSPARENCY] = {"transparency", CX_PROVIDER, 0, 1, 0.5, "share of noticed issues reported; open book"},
    [CX_L_TEMPS] = {"temps", CX_PROVIDER, 0, 1, 0, "1: cover demand spikes with temporary staff"},
    [CX_L_ACCEPT_RATE_CHANGE] = {"accept_rate_change", CX_PROVIDER, 0, 1, 1, "at a contract year: 1 accept the rate change asked"},
    [CX_L_MARGIN_TARGET] = {"margin_target", CX_PROVIDER, -0.5, 0.9, 0.12, "margin the provider prices at"},
    [CX_L_RATE_CHANGE] = {"rate_change", CX_CLIENT, -0.5, 0.5, 0, "at a contract year: the rate change asked (-0.05 = 5% cut)"},
    [CX_L_SLA_TARGET] = {"sla_target", CX_CLIENT, 0, 1, 0.80, "service level below which penalties are due (80/20: Call Centre Helper 2015)"},
    [CX_L_PENALTY] = {"penalty", CX_CLIENT, 0, 1, 0.01, "penalty per point of service level below target, share of monthly fees"},
    [CX_L_GAIN_SHARE] = {"gain_share", CX_CLIENT, 0, 1, 0, "provider's share of efficiency savings (0: no shared savings)"},
    [CX_L_STRATEGIC_REVIEWS] = {"strategic_reviews", CX_CLIENT, 0, 1, 0, "1: quarterly strategic reviews"},
    [CX_L_SHARE_CHANGES] = {"share_changes", CX_CLIENT, 0, 1, 0.3, "probability a product change is communicated before it ships"},
    [CX_L_FIX_DAYS] = {"fix_days", CX_CLIENT, 1, 3650, 60, "mean days to fix a reported defect"},
    [CX_L_JOINT_RCA] = {"joint_rca", CX_CLIENT, 0, 1, 0, "at an incident: 1 joint root-cause analysis, 0 blame"},
    [CX_L_REBID] = {"rebid", CX_CLIENT, 0, 1, 0, "at a contract year: 1 tender the work now"},
    [CX_L_CONTRACT_YEARS] = {"contract_years", CX_CLIENT, 1, 10, 3, "term of the contract, years"},
    [CX_L_RATE_ASK] = {"rate_ask", CX_PROVIDER, -0.5, 1, 0, "at a contract year: the rate change the provider asks (0.1 = 10% more; negative: a decrease it offers)"},
    [CX_L_NOTICE] = {"notice", CX_PROVIDER, 0, 1, 0, "at a contract year: 1 give notice and leave the account (a tender follows)"},
    [CX_L_RATE_GRANTED] = {"rate_granted", CX_CLIENT, 0, 1, 1, "at a contract year: share of the provider's asked increase granted (1 all, 0 none)"},
    [CX_L_TENDER_BID] = {"tender_bid", CX_PROVIDER, 0, 1e6, 0, "at a tender it bids in (contract round 3): its bid, $ per unit (0: tender_bid_best)"},
};

static const char *const point_names[CX_POINT_COUNT] = {"start", "month", "review",
                                                        "contract_year", "incident"};
static const char *const side_names[CX_SIDE_COUNT] = {"client", "provider"};
static const char *const phase_names[] = {"transactional", "operational proof",
                                          "transparency test", "partnership"};
static const char *const note_names[CX_N_KIND_COUNT] = {
#define CX_NOTE_NAME_(id, name) name,
    CX_NOTE_KINDS(CX_NOTE_NAME_)
#undef CX_NOTE_NAME_
};

static const char *name_at(const char *const *names, int n, int i)
{
    return i >= 0 && i < n ? names[i] : "?";
}

const char *cx_key_name(int key) { return name_at(key_names, CX_K_COUNT, key); }
const char *cx_point_name(int point) { return name_at(point_names, CX_POINT_COUNT, point); }
const char *cx_side_name(int side) { return name_at(side_names, CX_SIDE_COUNT, side); }
const char *cx_phase_name(int phase) { return name_at(phase_names, 4, phase); }
const char *cx_note_kind_name(int kind) { return name_at(note_names, CX_N_KIND_COUNT, kind); }
const char *cx_lever_name(int lever) { return lever >= 0 && lever < CX_L_COUNT ? levers[lever].name : "?"; }
const cx_lever_desc *cx_lever_info(int lever) { return lever >= 0 && lever < CX_L_COUNT ? &levers[lever] : NULL; }

int cx_key_find(const char *name)
{
    for (int i = 0; i < CX_K_COUNT; i++)
        if (!strcmp(key_names[i], name)) return i;
    return -1;
}

int cx_lever_find(const char *name)
{
    for (int i = 0; i < CX_L_COUNT; i++)
        if (!strcmp(levers[i].name, name)) return i;
    return -1;
}
