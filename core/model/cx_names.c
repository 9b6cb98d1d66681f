/* cx_names: names of keys, levers, decision points, sides, phases and notes; the lever table. */
#include <stddef.h>
#include <string.h>

#include "cx_policy.h"
#include "cx_sim.h"

static const char *const key_names[CX_K_COUNT] = {
    "month", "service_level", "abandon_rate", "asa_s", "aht_min", "fcr", "csat", "occupancy",
    "offered", "headcount", "in_pipeline", "attrition", "mean_tenure_m", "mean_knowledge",
    "required_agents", "required_headcount", "trust", "phase", "rate", "provider_revenue",
    "provider_cost", "provider_margin", "cost_per_resolution", "contract_year", "provider_months",
    "open_defects", "insights", "customers", "churn", "incident", "sla_target", "pay_rel",
    "rate_change_asked", "market_rate", "refused", "gain_share", "kb", "years", "side",
};

/* Defaults are what a lever holds before any policy sets it: a middle-of-the
 * market provider and client (assumptions; the policies move them). */
static const cx_lever_desc levers[CX_L_COUNT] = {
    {"pay_rel", CX_PROVIDER, 0.5, 2.0, 1.0, "agent pay relative to the market wage"},
    {"training_hours", CX_PROVIDER, 0, 80, 4, "paid coaching and training per agent per month, h"},
    {"span", CX_PROVIDER, 4, 40, 12, "agents per supervisor (ICMI: 8-12 typical, 15-20 large centres)"},
    {"staff_sl", CX_PROVIDER, 0.05, 0.99, 0.80, "service level the staffing rule aims at"},
    {"staff_buffer", CX_PROVIDER, 0, 1, 0, "headcount above the staffing rule's need, fraction"},
    {"kb_invest", CX_PROVIDER, 0, 1e7, 0, "knowledge base and tooling spend, $ per month"},
    {"transparency", CX_PROVIDER, 0, 1, 0.5, "share of noticed issues reported; open book"},
    {"temps", CX_PROVIDER, 0, 1, 0, "1: cover demand spikes with temporary staff"},
    {"accept_rate_change", CX_PROVIDER, 0, 1, 1, "at a contract year: 1 accept the rate change asked"},
    {"margin_target", CX_PROVIDER, -0.5, 0.9, 0.12, "margin the provider prices at"},
    {"rate_change", CX_CLIENT, -0.5, 0.5, 0, "at a contract year: the rate change asked (-0.05 = 5% cut)"},
    {"sla_target", CX_CLIENT, 0, 1, 0.80, "service level below which penalties are due (80/20: Call Centre Helper 2015)"},
    {"penalty", CX_CLIENT, 0, 1, 0.01, "penalty per point of service level below target, share of monthly fees"},
    {"gain_share", CX_CLIENT, 0, 1, 0, "provider's share of efficiency savings (0: no shared savings)"},
    {"strategic_reviews", CX_CLIENT, 0, 1, 0, "1: quarterly strategic reviews"},
    {"share_changes", CX_CLIENT, 0, 1, 0.3, "probability a product change is communicated before it ships"},
    {"fix_days", CX_CLIENT, 1, 3650, 60, "mean days to fix a reported defect"},
    {"joint_rca", CX_CLIENT, 0, 1, 0, "at an incident: 1 joint root-cause analysis, 0 blame"},
    {"rebid", CX_CLIENT, 0, 1, 0, "at a contract year: 1 tender the work now"},
    {"contract_years", CX_CLIENT, 1, 10, 3, "term of the contract, years"},
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
