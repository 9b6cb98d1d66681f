/* vendor: the transactional regime, for either side (MODEL.md, "the regimes").
 *
 * As client: asks for a rate cut every contract year, measures SLA minimums
 * with penalties, shares little product context, fixes slowly, blames the
 * provider at incidents and tenders the work at the end of every short term
 * unless trust has reached renew_trust (or at once if the provider refuses a
 * cut, unless it takes up a shared-savings offer: option shared_savings,
 * which it does only with trust at savings_trust or more and, when the
 * books are open, only if its share of the savings the provider projects
 * (savings_projected) is worth what a tender is expected to save it
 * (tender_saving: the incumbent's bid against an entrant's, the chance the
 * work moves, the RFP and the transition)). A provider's
 * asked increase it accepts up to accept_increase and tenders above it.
 * With listen, it weighs what an open book says the cut would cost it
 * (cut_cost: replacements, repeat contacts, lost customers) against what
 * the cut saves (cut_saving) and, when the cut costs more, drops it without
 * a tender. What
 * either side shares (product changes, what the provider reports) is half
 * its option at no trust and all of it from trust 0.5.
 * As provider: staffs to the SLA threshold and no more, pays below market,
 * trains and supervises thinly, invests nothing, reports little and protects
 * its margin by cutting pay and training. It prices from its own books: it
 * accepts a cut only while the cut rate stays cut_floor above its cost per
 * unit, asks for the price it needs (cost x (1 + margin target) + set-up)
 * when its year's margin is below margin_floor, and gives notice when what
 * is granted still leaves it below its floor (option exit).
 *
 * Built twice from this file: linked into cxsim (cx_vendor_policy) and as the
 * plugin vendor.so (cx_policy_entry, CX_PLUGIN_BUILD). */
#include <math.h>

#include "cx_policy.h"

static const cx_option options[] = {
    /* client */
    {"rate_cut", 0.05, 0, 0.5, "rate cut asked at each contract year"},
    {"contract_years", 2, 1, 10, "contract term before a tender"},
    {"penalty", 0.02, 0, 1, "penalty per SLA point missed, share of monthly fees"},
    {"share_changes", 0.3, 0, 1, "chance a product change is communicated"},
    {"fix_days", 90, 1, 3650, "mean days to fix a reported defect"},
    {"shared_savings", 0, 0, 1, "1: after a refused cut, adopt shared savings instead of tendering"},
    {"gain_share", 0.5, 0, 1, "provider's share when shared savings are adopted"},
    {"accept_increase", 0.03, 0, 1, "largest increase asked by the provider it accepts; above it, it tenders"},
    {"savings_trust", 0.3, 0, 1, "with shared_savings: the trust it needs to accept shared savings instead of tendering"},
    {"renew_trust", 0.7, 0, 1, "trust at or above which it renews at term end without a tender"},
    {"listen", 0, 0, 1, "1: after a refused cut it weighs what the provider's open book says the cut costs against what it saves, and drops the cut (no tender) when it costs more"},
    /* provider */
    {"pay_rel", 0.95, 0.5, 2, "pay relative to market at the start"},
    {"pay_floor", 0.94, 0.5, 2, "lowest pay it cuts to"},
    {"training_hours", 1, 0, 80, "coaching per agent per month, h"},
    {"span", 18, 4, 40, "agents per supervisor"},
    {"margin_floor", 0.10, -0.5, 0.9, "margin below which it cuts pay and training (month) and asks for an increase (contract year)"},
    {"transparency", 0.2, 0, 1, "share of noticed issues it reports"},
    {"cut_floor", 0.08, -0.5, 0.9, "it accepts a cut only if the new rate stays this far above its cost per unit"},
    {"max_buffer", 0.08, 0, 1, "most headcount it adds above the staffing need after months below the SLA"},
    {"exit", 1, 0, 1, "1: give notice when what the client grants leaves the rate below cost x (1 + cut_floor)"},
    {NULL, 0, 0, 0, NULL},
};

#define OPT(name) api->option(ctx, name)

static int start(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_CLIENT) {
        return api->set(ctx, CX_L_CONTRACT_YEARS, OPT("contract_years")) ||
               api->set(ctx, CX_L_PENALTY, OPT("penalty")) ||
               api->set(ctx, CX_L_SHARE_CHANGES, OPT("share_changes")) ||
               api->set(ctx, CX_L_FIX_DAYS, OPT("fix_days")) ||
               api->set(ctx, CX_L_STRATEGIC_REVIEWS, 0) || api->set(ctx, CX_L_JOINT_RCA, 0) ||
               api->set(ctx, CX_L_GAIN_SHARE, 0);
    }
    return api->set(ctx, CX_L_PAY_REL, OPT("pay_rel")) ||
           api->set(ctx, CX_L_TRAINING_HOURS, OPT("training_hours")) ||
           api->set(ctx, CX_L_SPAN, OPT("span")) ||
           api->set(ctx, CX_L_STAFF_SL, api->get(ctx, CX_K_SLA_TARGET)) ||
           api->set(ctx, CX_L_STAFF_BUFFER, 0) || api->set(ctx, CX_L_KB_INVEST, 0) ||
           api->set(ctx, CX_L_TRANSPARENCY, OPT("transparency")) || api->set(ctx, CX_L_TEMPS, 1) ||
           api->set(ctx, CX_L_MARGIN_TARGET, 0.12);
}

static int month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    double open = fmin(1.0, 0.5 + api->get(ctx, CX_K_TRUST)); /* half at no trust, all from 0.5 */
    if (api->get(ctx, CX_K_SIDE) == CX_CLIENT) return api->set(ctx, CX_L_SHARE_CHANGES, OPT("share_changes") * open);
    if (api->set(ctx, CX_L_TRANSPARENCY, OPT("transparency") * open)) return -1;
    /* manage to the contract: staff to the threshold, protect the margin */
    if (api->set(ctx, CX_L_STAFF_SL, api->get(ctx, CX_K_SLA_TARGET))) return -1;
    /* penalties bite below the SLA: a little more headcount, given back when comfortable */
    double sl = api->get(ctx, CX_K_SERVICE_LEVEL), target = api->get(ctx, CX_K_SLA_TARGET);
    double buffer = api->lever(ctx, CX_L_STAFF_BUFFER);
    if (sl < target) buffer = fmin(OPT("max_buffer"), buffer + 0.02);
    else if (sl > target + 0.05) buffer = fmax(0, buffer - 0.01);
    if (api->set(ctx, CX_L_STAFF_BUFFER, buffer)) return -1;
    if (api->get(ctx, CX_K_PROVIDER_MONTHS) >= 3 &&
        api->get(ctx, CX_K_PROVIDER_MARGIN) < OPT("margin_floor")) {
        double pay = fmax(OPT("pay_floor"), api->lever(ctx, CX_L_PAY_REL) - 0.02);
        double train = fmax(0, api->lever(ctx, CX_L_TRAINING_HOURS) - 0.5);
        if (api->set(ctx, CX_L_PAY_REL, pay) || api->set(ctx, CX_L_TRAINING_HOURS, train)) return -1;
    }
    return 0;
}

/* The provider at a contract year: answer the client's change, ask what it
 * needs (round 1); give notice if too little was granted (round 2); at a
 * tender, bid what earns it most in expectation against a challenger
 * (round 3). */
static int provider_year(const cx_host_api *api, cx_pctx *ctx)
{
    if (api->get(ctx, CX_K_CONTRACT_ROUND) == 3)
        return api->set(ctx, CX_L_TENDER_BID, api->get(ctx, CX_K_TENDER_BID_BEST));
    double rate = api->get(ctx, CX_K_RATE), floor = api->get(ctx, CX_K_COST_RATE) * (1 + OPT("cut_floor"));
    if (api->get(ctx, CX_K_CONTRACT_ROUND) >= 2)
        return api->set(ctx, CX_L_NOTICE, OPT("exit") >= 0.5 && rate < floor ? 1 : 0);
    double ask = 0;
    if (api->get(ctx, CX_K_PROVIDER_MARGIN_YEAR) < OPT("margin_floor"))
        ask = fmin(1, fmax(0, api->get(ctx, CX_K_PRICE_NEEDED) / rate - 1));
    double cut_rate = rate * (1 + api->get(ctx, CX_K_RATE_CHANGE_ASKED));
    return api->set(ctx, CX_L_ACCEPT_RATE_CHANGE, ask <= 0 && cut_rate >= floor ? 1 : 0) ||
           api->set(ctx, CX_L_RATE_ASK, ask);
}

static int contract_year(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_PROVIDER) return provider_year(api, ctx);
    if (api->get(ctx, CX_K_CONTRACT_ROUND) >= 2) { /* the provider said no, or asked */
        int small = api->get(ctx, CX_K_RATE_ASKED_BY_PROVIDER) <= OPT("accept_increase");
        /* the open-book conversation: a cut that costs more than it saves is dropped */
        int dropped = OPT("listen") >= 0.5 && api->get(ctx, CX_K_REFUSED) >= 0.5 &&
                      api->get(ctx, CX_K_CUT_COST) > api->get(ctx, CX_K_CUT_SAVING) && api->get(ctx, CX_K_CUT_SAVING) > 0;
        /* shared savings against a tender: with the books open it takes the
         * split when its share of the projected savings is worth at least
         * what a tender is expected to save */
        int presented = api->get(ctx, CX_K_CUT_SAVING) > 0;
        double split = (1 - OPT("gain_share")) * api->get(ctx, CX_K_SAVINGS_PROJECTED);
        if (api->get(ctx, CX_K_REFUSED) >= 0.5 && OPT("shared_savings") >= 0.5 &&
            api->get(ctx, CX_K_TRUST) >= OPT("savings_trust") && (!presented || split >= api->get(ctx, CX_K_TENDER_SAVING)))
            return api->set(ctx, CX_L_GAIN_SHARE, OPT("gain_share")) || api->set(ctx, CX_L_RATE_GRANTED, small ? 1 : 0);
        if (dropped) return api->set(ctx, CX_L_RATE_GRANTED, small ? 1 : 0);
        if (!small || api->get(ctx, CX_K_REFUSED) >= 0.5) return api->set(ctx, CX_L_REBID, 1);
        return api->set(ctx, CX_L_RATE_GRANTED, 1);
    }
    int term_over = fmod(api->get(ctx, CX_K_CONTRACT_YEAR), api->lever(ctx, CX_L_CONTRACT_YEARS)) < 0.5;
    if (api->lever(ctx, CX_L_GAIN_SHARE) <= 0 && api->set(ctx, CX_L_RATE_CHANGE, -OPT("rate_cut")))
        return -1;
    return api->set(ctx, CX_L_REBID, term_over && api->get(ctx, CX_K_TRUST) < OPT("renew_trust") ? 1 : 0);
}

static const cx_policy_fn points[CX_POINT_COUNT] = {
    [CX_AT_START] = start, [CX_AT_MONTH] = month, [CX_AT_CONTRACT_YEAR] = contract_year,
};

static const cx_policy policy = {
    .abi = CX_POLICY_ABI,
    .size = sizeof(cx_policy),
    .name = "vendor",
    .doc = "transactional: rate cuts, SLA minimums, blame, short terms; thin pay and training",
    .sides = 1u << CX_CLIENT | 1u << CX_PROVIDER,
    .options = options,
    .n_at = CX_POINT_COUNT,
    .at = points,
};

#ifdef CX_PLUGIN_BUILD
const cx_policy *cx_policy_entry(void) { return &policy; }
#else
const cx_policy *cx_vendor_policy(void) { return &policy; }
#endif
