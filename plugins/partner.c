/* partner: the partnership regime, for either side (MODEL.md, "the regimes").
 *
 * As client: no rate-cut demands but shared savings (gain-share), shared KPIs
 * with light penalties, quarterly strategic reviews, product changes told in
 * advance, fast fixes of what the provider reports, joint root-cause analysis
 * at incidents and long terms, tendering only after sustained poor service.
 * As provider: pays at or above market, trains and coaches, keeps a narrow
 * supervision span, staffs above the SLA threshold, invests in the knowledge
 * base, covers spikes with temps and runs an open book; it refuses rate cuts
 * (option refuse_cuts) and offers shared savings instead, and protects its
 * margin by trimming investment and training before pay.
 *
 * Built twice from this file: linked into cxsim (cx_partner_policy) and as the
 * plugin partner.so (cx_policy_entry, CX_PLUGIN_BUILD). */
#include <math.h>

#include "cx_policy.h"

static const cx_option options[] = {
    /* client */
    {"gain_share", 0.5, 0, 1, "provider's share of efficiency savings"},
    {"contract_years", 5, 1, 10, "contract term"},
    {"penalty", 0.005, 0, 1, "penalty per SLA point missed, share of monthly fees"},
    {"share_changes", 0.9, 0, 1, "chance a product change is communicated"},
    {"fix_days", 30, 1, 3650, "mean days to fix a reported defect"},
    {"tender_shortfall", 0.05, 0, 1, "service-level shortfall that makes it tender at term end"},
    /* provider */
    {"pay_rel", 1.05, 0.5, 2, "pay relative to market"},
    {"training_hours", 8, 0, 80, "coaching per agent per month, h"},
    {"span", 10, 4, 40, "agents per supervisor"},
    {"staff_sl", 0.85, 0.05, 0.99, "service level it staffs for"},
    {"buffer", 0.03, 0, 1, "headcount above the staffing need"},
    {"kb_per_agent", 150, 0, 1e5, "knowledge-base spend per agent per month, $"},
    {"margin_floor", 0.04, -0.5, 0.9, "margin below which it trims investment and training"},
    {"refuse_cuts", 1, 0, 1, "1: refuse rate cuts and offer shared savings"},
    {NULL, 0, 0, 0, NULL},
};

#define OPT(name) api->option(ctx, name)

static int start(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_CLIENT) {
        return api->set(ctx, CX_L_GAIN_SHARE, OPT("gain_share")) ||
               api->set(ctx, CX_L_CONTRACT_YEARS, OPT("contract_years")) ||
               api->set(ctx, CX_L_PENALTY, OPT("penalty")) ||
               api->set(ctx, CX_L_SHARE_CHANGES, OPT("share_changes")) ||
               api->set(ctx, CX_L_FIX_DAYS, OPT("fix_days")) ||
               api->set(ctx, CX_L_STRATEGIC_REVIEWS, 1) || api->set(ctx, CX_L_JOINT_RCA, 1);
    }
    return api->set(ctx, CX_L_PAY_REL, OPT("pay_rel")) ||
           api->set(ctx, CX_L_TRAINING_HOURS, OPT("training_hours")) ||
           api->set(ctx, CX_L_SPAN, OPT("span")) || api->set(ctx, CX_L_STAFF_SL, OPT("staff_sl")) ||
           api->set(ctx, CX_L_STAFF_BUFFER, OPT("buffer")) ||
           api->set(ctx, CX_L_KB_INVEST, OPT("kb_per_agent") * api->get(ctx, CX_K_REQUIRED_HEADCOUNT)) ||
           api->set(ctx, CX_L_TRANSPARENCY, 0.9) || api->set(ctx, CX_L_TEMPS, 1) ||
           api->set(ctx, CX_L_MARGIN_TARGET, 0.12);
}

static int month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_CLIENT) return 0;
    double invest = OPT("kb_per_agent") * api->get(ctx, CX_K_HEADCOUNT);
    double train = OPT("training_hours");
    if (api->get(ctx, CX_K_PROVIDER_MONTHS) >= 3 &&
        api->get(ctx, CX_K_PROVIDER_MARGIN) < OPT("margin_floor")) {
        invest *= 0.5; /* trim investment and training before pay */
        train *= 0.75;
    }
    return api->set(ctx, CX_L_KB_INVEST, invest) || api->set(ctx, CX_L_TRAINING_HOURS, train);
}

static int contract_year(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_PROVIDER) {
        double asked = api->get(ctx, CX_K_RATE_CHANGE_ASKED);
        return api->set(ctx, CX_L_ACCEPT_RATE_CHANGE, asked < 0 && OPT("refuse_cuts") >= 0.5 ? 0 : 1);
    }
    if (api->get(ctx, CX_K_REFUSED) >= 0.5) return 0; /* it never asks for cuts; nothing to redo */
    int term_over = fmod(api->get(ctx, CX_K_CONTRACT_YEAR), api->lever(ctx, CX_L_CONTRACT_YEARS)) < 0.5;
    double shortfall = api->get(ctx, CX_K_SLA_TARGET) - api->get(ctx, CX_K_SERVICE_LEVEL);
    return api->set(ctx, CX_L_REBID, term_over && shortfall > OPT("tender_shortfall") ? 1 : 0);
}

static const cx_policy_fn points[CX_POINT_COUNT] = {
    [CX_AT_START] = start, [CX_AT_MONTH] = month, [CX_AT_CONTRACT_YEAR] = contract_year,
};

static const cx_policy policy = {
    .abi = CX_POLICY_ABI,
    .size = sizeof(cx_policy),
    .name = "partner",
    .doc = "partnership: shared savings, strategic reviews, joint analysis; fair pay, training, open book",
    .sides = 1u << CX_CLIENT | 1u << CX_PROVIDER,
    .options = options,
    .n_at = CX_POINT_COUNT,
    .at = points,
};

#ifdef CX_PLUGIN_BUILD
const cx_policy *cx_policy_entry(void) { return &policy; }
#else
const cx_policy *cx_partner_policy(void) { return &policy; }
#endif
