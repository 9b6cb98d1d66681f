/* partner: the partnership regime, for either side (MODEL.md, "the regimes").
 *
 * As client: no rate-cut demands but shared savings (gain-share), shared KPIs
 * with light penalties, quarterly strategic reviews, product changes told in
 * advance, fast fixes of what the provider reports, joint root-cause analysis
 * at incidents and long terms, tendering only after sustained poor service
 * or when trust has fallen below tender_trust. What it shares of product
 * changes grows with trust (half of share_changes at none, all of it from
 * trust 0.5), and so does what the partner provider reports.
 * It reads the provider's open book: an increase asked up to max_increase
 * it grants in full, a larger one in part (max_increase of it).
 * As provider: pays at or above market, trains and coaches, keeps a narrow
 * supervision span, staffs above the SLA threshold, invests in the knowledge
 * base, covers spikes with temps and runs an open book; it refuses rate cuts
 * (option refuse_cuts) and offers shared savings instead, and protects its
 * margin by trimming investment and training before pay. At a contract year
 * it asks for the price its books say it needs when its year's margin is
 * below margin_floor, and offers that price when the margin is above
 * margin_cap (open-book pricing); it reinvests a share of the gain-share it earned in the
 * knowledge base (invest_share) and may give notice (option exit). While the
 * client shares no savings it keeps only invest_unshared of its knowledge-base
 * spend (paid per unit, a contact the base prevents is a fee lost). What it
 * invests in the account, like what it reports, is half at no trust and all
 * of it from trust 0.5.
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
    {"max_increase", 0.10, 0, 1, "largest increase asked by the provider it grants in full; above, it grants this much"},
    {"tender_trust", 0.2, 0, 1, "trust below which it tenders at term end whatever the service level"},
    /* provider */
    {"pay_rel", 1.02, 0.5, 2, "pay relative to market"},
    {"training_hours", 8, 0, 80, "coaching per agent per month, h"},
    {"span", 10, 4, 40, "agents per supervisor"},
    {"staff_sl", 0.85, 0.05, 0.99, "service level it staffs for"},
    {"buffer", 0.03, 0, 1, "headcount above the staffing need"},
    {"kb_per_agent", 150, 0, 1e5, "knowledge-base spend per agent per month, $"},
    {"margin_floor", 0.04, -0.5, 0.9, "margin below which it trims investment and training"},
    {"refuse_cuts", 1, 0, 1, "1: refuse rate cuts and offer shared savings"},
    {"cut_floor", 0.04, -0.5, 0.9, "with refuse_cuts 0: it accepts a cut only if the new rate stays this far above its cost per unit"},
    {"exit", 0, 0, 1, "1: give notice when what the client grants leaves the rate below its cost per unit"},
    {"margin_cap", 0.16, -0.5, 0.9, "margin above which it offers a decrease to its cost-plus price (open book)"},
    {"invest_share", 0.5, 0, 1, "share of the gain-share earned (trailing year) reinvested in the knowledge base"},
    {"invest_unshared", 0.5, 0, 1, "share of its knowledge-base spend it keeps while the client shares no savings (gain_share 0): paid per unit, it loses the fee of every contact the base prevents (assumption; vendor-to-partner article: investment the contract does not compensate)"},
    {NULL, 0, 0, 0, NULL},
};

#define OPT(name) api->option(ctx, name)

/* The share of its knowledge-base spend the contract pays for: all of it
 * while the client shares savings, invest_unshared of it while it pays per
 * unit only (every contact the base prevents, in self-service or by a
 * first-contact resolution, is then a fee lost: "investment that the
 * contract does not compensate", the vendor-to-partner article). */
static double funded(const cx_host_api *api, cx_pctx *ctx)
{
    return api->get(ctx, CX_K_GAIN_SHARE) > 0 ? 1.0 : OPT("invest_unshared");
}

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
           api->set(ctx, CX_L_KB_INVEST, OPT("kb_per_agent") * api->get(ctx, CX_K_REQUIRED_HEADCOUNT) * funded(api, ctx)) ||
           api->set(ctx, CX_L_TRANSPARENCY, 0.9) || api->set(ctx, CX_L_TEMPS, 1) ||
           api->set(ctx, CX_L_MARGIN_TARGET, 0.12);
}

/* How much a side shares with the other: half at no trust, all of it from
 * trust 0.5 (product changes and context by the client, what it notices by
 * the provider). */
static double openness(const cx_host_api *api, cx_pctx *ctx)
{
    return fmin(1.0, 0.5 + api->get(ctx, CX_K_TRUST));
}

static int month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_CLIENT)
        return api->set(ctx, CX_L_SHARE_CHANGES, OPT("share_changes") * openness(api, ctx));
    /* it invests in an account as far as it trusts the client to keep it,
     * and in full only while the contract pays for it (funded) */
    double invest = (OPT("kb_per_agent") * api->get(ctx, CX_K_HEADCOUNT) * funded(api, ctx) +
                     OPT("invest_share") * fmax(0, api->get(ctx, CX_K_GAIN_SHARE_YEAR)) / 12) *
                    openness(api, ctx);
    double train = OPT("training_hours");
    if (api->get(ctx, CX_K_PROVIDER_MONTHS) >= 3 &&
        api->get(ctx, CX_K_PROVIDER_MARGIN) < OPT("margin_floor")) {
        invest *= 0.5; /* trim investment and training before pay */
        train *= 0.75;
    }
    return api->set(ctx, CX_L_KB_INVEST, invest) || api->set(ctx, CX_L_TRAINING_HOURS, train) ||
           api->set(ctx, CX_L_TRANSPARENCY, 0.9 * openness(api, ctx));
}

/* The provider at a contract year: answer the client's change, ask (or
 * offer) what its books say it needs (round 1); give notice if it still
 * loses money (round 2); at a tender, bid what earns it most in expectation
 * against a challenger, which keeps any decrease its open book offered
 * (round 3). */
static int provider_year(const cx_host_api *api, cx_pctx *ctx)
{
    if (api->get(ctx, CX_K_CONTRACT_ROUND) == 3)
        return api->set(ctx, CX_L_TENDER_BID, api->get(ctx, CX_K_TENDER_BID_BEST));
    double rate = api->get(ctx, CX_K_RATE), cost = api->get(ctx, CX_K_COST_RATE);
    if (api->get(ctx, CX_K_CONTRACT_ROUND) >= 2)
        return api->set(ctx, CX_L_NOTICE, OPT("exit") >= 0.5 && rate < cost ? 1 : 0);
    double ask = 0, margin = api->get(ctx, CX_K_PROVIDER_MARGIN_YEAR), need = api->get(ctx, CX_K_PRICE_NEEDED) / rate - 1;
    if (margin < OPT("margin_floor")) ask = fmin(1, fmax(0, need));             /* it needs more */
    else if (margin > OPT("margin_cap")) ask = fmax(-0.5, fmin(0, need));       /* open book: it gives back */
    double asked = api->get(ctx, CX_K_RATE_CHANGE_ASKED);
    int accept = asked >= 0 || (OPT("refuse_cuts") < 0.5 && ask <= 0 && rate * (1 + asked) >= cost * (1 + OPT("cut_floor")));
    return api->set(ctx, CX_L_ACCEPT_RATE_CHANGE, accept ? 1 : 0) || api->set(ctx, CX_L_RATE_ASK, ask);
}

static int contract_year(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_SIDE) == CX_PROVIDER) return provider_year(api, ctx);
    if (api->get(ctx, CX_K_CONTRACT_ROUND) >= 2) { /* an open-book ask: granted, in part above max_increase */
        double asked = api->get(ctx, CX_K_RATE_ASKED_BY_PROVIDER);
        return api->set(ctx, CX_L_RATE_GRANTED, asked > OPT("max_increase") ? OPT("max_increase") / asked : 1);
    }
    int term_over = fmod(api->get(ctx, CX_K_CONTRACT_YEAR), api->lever(ctx, CX_L_CONTRACT_YEARS)) < 0.5;
    double shortfall = api->get(ctx, CX_K_SLA_TARGET) - api->get(ctx, CX_K_SERVICE_LEVEL);
    int poor = shortfall > OPT("tender_shortfall") || api->get(ctx, CX_K_TRUST) < OPT("tender_trust");
    return api->set(ctx, CX_L_REBID, term_over && poor ? 1 : 0);
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
