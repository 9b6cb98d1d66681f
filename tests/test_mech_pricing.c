/* Mechanism: provider pricing (cx_economics' books and quotes, cx_contract's
 * contract year) with the built-in policies: a provider losing money asks
 * for the price its books say it needs; it refuses a cut it cannot afford
 * and takes one it can; refused, it gives notice when its policy says so;
 * without price competition the incumbent bids its observed cost x (1 +
 * margin), with it the bid that maximises its expected margin against the
 * entrant's; each pricing unit
 * reprices a losing account to a positive margin; a gain-share baseline
 * does not depend on how slowly the team ramps up; the vendor client
 * tenders a large ask, the partner client grants part of it; the
 * incumbent's bid is its own policy's decision. */
#include "cx_builtin.h"
#include "cxt_model.h"

#include <string.h>

/* A small steady centre (no learning, no attrition) with the contract on,
 * priced per `pricing`, the built-in vendor as provider (options in spec)
 * and no client policy: the client's levers keep their defaults (a
 * provider's ask is granted in full) unless a test holds them. */
static cx_sim *priced(int pricing, const cx_policy_spec *spec, double years)
{
    cx_params P;
    cxt_quiet(&P, 23, years);
    P.on.contract = 1;
    P.agents = 6;
    P.rate_per_min = 0.5;
    P.m.pricing = pricing;
    P.m.quality_rebid = 0;
    cx_sim *S = cxt_new(&P);
    cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, cx_builtin_find("vendor"), spec, NULL), 0, "%s", cx_sim_error(S));
    return S;
}

/* Run a day (the start's bid is set), then scale the rate. */
static void start_at(cx_sim *S, double scale)
{
    cr_assert_eq(cx_sim_run_until(S, CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    S->M.con.rate *= scale;
}

static double margin_over(const cx_sim *S, size_t from, size_t to)
{
    double rev = 0, cost = 0;
    for (size_t k = from; k < to; k++) {
        rev += cxt_col(S, k, "provider_revenue");
        cost += cxt_col(S, k, "provider_cost");
    }
    return (rev - cost) / rev;
}

static int has_note(const cx_sim *S, const char *text)
{
    for (size_t i = 0; i < cx_sim_notes(S); i++)
        if (strstr(cx_sim_note(S, i)->text, text)) return 1;
    return 0;
}

static cx_policy_spec one_option(const char *name, double v)
{
    cx_policy_spec spec = {.n_options = 1};
    snprintf(spec.opt_name[0], sizeof spec.opt_name[0], "%s", name);
    spec.opt_value[0] = v;
    return spec;
}

Test(pricing, a_losing_provider_asks_for_the_price_it_needs)
{
    cx_sim *S = priced(0, NULL, 13.0 / 12);
    start_at(S, 0.7);
    cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
    double before = cxt_col(S, 11, "rate"), after = cxt_col(S, 12, "rate");
    cr_assert_lt(margin_over(S, 1, 12), 0, "the account loses money at 70%% of the bid");
    cr_assert(has_note(S, "the provider asks +"), "no ask in the events");
    cr_assert_gt(after, before * 1.3, "rate %.4f -> %.4f: the ask restores cost plus margin", before, after);
    cr_assert_gt(cxt_col(S, 12, "provider_margin"), 0.05, "the month after, it makes money");
    /* meanwhile it protected its margin from pay, down to its floor, and
     * the cut is an event */
    cr_assert_float_eq(cx_sim_lever(S, CX_L_PAY_REL), 0.94, 1e-12);
    cr_assert(has_note(S, "vendor: pay cut to 0.94 of market (was 0.95)"), "the pay cut is in the events");
    cr_assert(!has_note(S, "pay raised"));
    cx_sim_free(S);
}

Test(pricing, a_cut_below_the_floor_is_refused_and_an_affordable_one_taken)
{
    double cut[2] = {-0.45, -0.02};
    for (int i = 0; i < 2; i++) {
        cx_sim *S = priced(0, NULL, 13.0 / 12);
        cr_assert_eq(cx_sim_override(S, CX_L_RATE_CHANGE, cut[i]), 0);
        start_at(S, 1.3);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        double before = cxt_col(S, 11, "rate"), after = cxt_col(S, 12, "rate");
        if (i == 0) {
            cr_assert_float_eq(after, before, 1e-12, "a 45%% cut takes the rate below cost: refused");
            cr_assert(has_note(S, "refused"));
        } else {
            cr_assert_float_eq(after, before * 0.98, 1e-9, "2%% off a healthy margin: accepted");
        }
        cx_sim_free(S);
    }
}

Test(pricing, refused_it_gives_notice_when_its_policy_says_so)
{
    for (int exit = 0; exit < 2; exit++) {
        cx_policy_spec spec = one_option("exit", exit);
        cx_sim *S = priced(0, &spec, 13.5 / 12);
        cr_assert_eq(cx_sim_override(S, CX_L_RATE_GRANTED, 0), 0); /* the client grants nothing */
        start_at(S, 0.7);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        cr_assert(has_note(S, "the provider asks +"));
        cr_assert(has_note(S, "0% of the provider's"), "the refusal is in the events");
        cr_assert_eq(has_note(S, "gives notice"), exit, "exit %d", exit);
        cr_assert_eq(has_note(S, "tender lost (the incumbent did not bid): a new provider at $"), exit,
                     "the lost tender says why (exit %d)", exit);
        cr_assert_eq(cxt_notes(S, CX_N_TRANSITION), exit, "notice: a tender the incumbent does not bid in, then a cutover");
        cx_sim_free(S);
    }
}

/* Priced per handled minute, so the run rate is the last six months' cost
 * over their handled minutes, read straight from the monthly rows. */
Test(pricing, the_incumbent_bids_its_observed_cost_plus_margin)
{
    cx_sim *S = priced(1, NULL, 2);
    S->P.m.switch_threshold = 1; /* no bid can undercut it: the incumbent keeps the work at its own bid */
    cr_assert_eq(cx_sim_override(S, CX_L_REBID, 1), 0);
    cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_MONTH + CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    double cost = 0, minutes = 0;
    for (size_t k = 6; k < 12; k++) {
        cost += cxt_col(S, k, "provider_cost");
        minutes += cxt_col(S, k, "aht_min") * cxt_col(S, k, "completed");
    }
    double margin = cx_sim_lever(S, CX_L_MARGIN_TARGET);
    double want = cost / minutes * (1 + margin) * S->P.m.incumbent_bid;
    cr_assert(has_note(S, "tender won by the incumbent"));
    cr_assert_float_eq(S->M.con.rate, want, 1e-9 * want, "bid %.6f, observed cost x (1 + %.2f) x %.2f = %.6f",
                       S->M.con.rate, margin, S->P.m.incumbent_bid, want);
    cr_assert_float_eq(cx_sim_get(S, CX_K_COST_RATE), cost / minutes, 1e-9 * want);
    cx_sim_free(S);
}

/* Against an entrant who must recover its set-up in its price (none of it
 * billed as an implementation fee), the incumbent bids above
 * its cost-plus floor, and its bid maximises (bid - cost) x P(win) over the
 * entrant's uniform spread: a bid 1% either side earns less in expectation. */
static double expected_margin(double bid, double cost, double market, double spread, double threshold)
{
    double lo = market * (1 - spread), hi = market * (1 + spread), need = bid * (1 - threshold);
    double win = need <= lo ? 1 : need >= hi ? 0 : (hi - need) / (hi - lo);
    return (bid - cost) * win;
}

Test(pricing, the_incumbent_prices_against_the_entrant)
{
    cx_sim *S = priced(1, NULL, 2);
    S->P.m.setup_billed = 0; /* the entrant's price carries its start-up */
    cr_assert_eq(cx_sim_override(S, CX_L_REBID, 1), 0);
    start_at(S, 1.5); /* a rate well above what the incumbent's optimal bid will be */
    cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_MONTH - CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    double rate = S->M.con.rate;
    cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_MONTH + CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
    const cx_model_params *m = &S->P.m;
    double cost = cx_sim_get(S, CX_K_COST_RATE), market = cxi_market_bid(S);
    double floor = cost * (1 + cx_sim_lever(S, CX_L_MARGIN_TARGET)) * m->incumbent_bid;
    double bid = cxi_incumbent_price(cost, floor, market, m->bid_spread, m->switch_threshold, rate);
    cr_assert(market > floor, "an entrant recovering its set-up prices above the incumbent's floor: %.4f vs %.4f", market, floor);
    cr_assert(bid > floor && bid < rate, "bid %.4f above the floor %.4f, below the rate %.4f", bid, floor, rate);
    double e = expected_margin(bid, cost, market, m->bid_spread, m->switch_threshold);
    cr_assert(e > expected_margin(bid * 1.01, cost, market, m->bid_spread, m->switch_threshold));
    cr_assert(e > expected_margin(bid * 0.99, cost, market, m->bid_spread, m->switch_threshold));
    /* the tender itself: either the incumbent kept the work at that bid, or an entrant took it */
    if (has_note(S, "tender won by the incumbent"))
        cr_assert_float_eq(S->M.con.rate, bid, 1e-9 * bid);
    else
        cr_assert(has_note(S, "tender lost"));
    /* never above the rate the client pays now, never below the floor */
    cr_assert_float_eq(cxi_incumbent_price(cost, floor, market, m->bid_spread, m->switch_threshold, 0.5 * (bid + floor)),
                       0.5 * (bid + floor), 1e-12);
    cr_assert_float_eq(cxi_incumbent_price(cost, floor, market, m->bid_spread, m->switch_threshold, 0.5 * floor), floor, 1e-12);
    /* no price competition: the floor */
    cr_assert_float_eq(cxi_incumbent_price(cost, floor, market, m->bid_spread, 1, rate), floor, 1e-12);
    cx_sim_free(S);
}

/* Per contact, per handled minute and per FTE hour: a provider that starts
 * 30% under its bid reprices at the contract year and makes money in the
 * second year, without a windfall. */
Test(pricing, every_pricing_unit_reprices_to_a_positive_margin, .timeout = 120)
{
    for (int mode = 0; mode < 3; mode++) {
        cx_sim *S = priced(mode, NULL, 2);
        start_at(S, 0.7);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        double y1 = margin_over(S, 1, 12), y2 = margin_over(S, 12, 24);
        cr_assert_lt(y1, 0, "pricing %d: year 1 margin %.3f", mode, y1);
        cr_assert(y2 > 0.05 && y2 < 0.25, "pricing %d: year 2 margin %.3f", mode, y2);
        cx_sim_free(S);
    }
}

/* The baseline is set when the share starts (here: agreed, the account has
 * no record), so a slow ramp cannot earn more: two runs differing only in
 * the training that speeds the ramp have the same baseline, and the faster
 * team earns more. */
Test(pricing, gain_share_baseline_does_not_depend_on_the_ramp)
{
    double base[2], gain[2];
    double training[2] = {0, 40};
    for (int i = 0; i < 2; i++) {
        cx_params P;
        cxt_quiet(&P, 29, 9.0 / 12);
        P.on.contract = P.on.learning = P.on.repeats = 1;
        P.agents = 6;
        P.m.gain_share_months = 0;
        cx_sim *S = cxt_new(&P);
        cr_assert_eq(cx_sim_override(S, CX_L_GAIN_SHARE, 0.5), 0);
        cr_assert_eq(cx_sim_override(S, CX_L_TRAINING_HOURS, training[i]), 0);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        base[i] = S->M.con.baseline_cpi;
        gain[i] = 0;
        for (size_t k = 0; k < 9; k++) gain[i] += cxt_col(S, k, "gain_share");
        cx_sim_free(S);
    }
    cr_assert_gt(base[0], 1);
    cr_assert_float_eq(base[0], base[1], 0, "baselines %.4f and %.4f", base[0], base[1]);
    cr_assert_gt(gain[1], gain[0], "the faster learner earns more (%.0f vs %.0f)", gain[1], gain[0]);
}

/* The client answers a provider's ask per its nature: the vendor tenders
 * above accept_increase (3%); the partner grants max_increase (10%) of a
 * larger ask on the open book. */
Test(pricing, the_client_answers_an_ask_per_its_nature)
{
    const char *clients[2] = {"vendor", "partner"};
    for (int i = 0; i < 2; i++) {
        cx_sim *S = priced(0, NULL, 13.0 / 12);
        cr_assert_eq(cx_sim_set_policy(S, CX_CLIENT, cx_builtin_find(clients[i]), NULL, NULL), 0, "%s",
                     cx_sim_error(S));
        start_at(S, 0.7);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        cr_assert(has_note(S, "the provider asks +"));
        if (i == 0) {
            cr_assert(has_note(S, "tender"), "the vendor client tenders");
            cr_assert(!has_note(S, "of the provider's"), "and grants nothing");
        } else {
            double granted = NAN;
            for (size_t k = 0; k < cx_sim_notes(S); k++)
                if (strstr(cx_sim_note(S, k)->text, "of the provider's")) granted = cx_sim_note(S, k)->value;
            cr_assert_float_eq(granted, 0.10, 1e-12, "the partner grants 10%% of a larger ask (got %g)", granted);
            /* still below its floor, the vendor-minded provider leaves */
            cr_assert(has_note(S, "gives notice"));
        }
        cx_sim_free(S);
    }
}

/* The client's answer to a refused cut, with the books open: a vendor client
 * open to shared savings takes them when a tender is expected to cost it
 * (the incumbent prices up to an entrant's set-up-laden price), and tenders
 * when its rate is so far above the incumbent's costs that a tender is
 * expected to save it more than its share of the projected savings. The
 * outlook behind the choice is in the events. */
Test(pricing, the_client_weighs_shared_savings_against_a_tender, .timeout = 120)
{
    for (int high = 0; high <= 1; high++) {
        cx_params P;
        cxt_centre(&P, "split", 29, 13.0 / 12, 1.0);
        cx_sim *S = cxt_new(&P);
        cx_policy_spec client = {.n_options = 2};
        snprintf(client.opt_name[0], sizeof client.opt_name[0], "shared_savings");
        client.opt_value[0] = 1;
        snprintf(client.opt_name[1], sizeof client.opt_name[1], "savings_trust");
        client.opt_value[1] = 0;
        cr_assert_eq(cx_sim_set_policy(S, CX_CLIENT, cx_builtin_find("vendor"), &client, NULL), 0, "%s", cx_sim_error(S));
        cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, cx_builtin_find("partner"), NULL, NULL), 0, "%s", cx_sim_error(S));
        start_at(S, high ? 1.6 : 1.0);
        cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_MONTH - CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
        cxi_outlook o;
        cr_assert_eq(cxi_outlook_of(S, &o), 0);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        cr_assert(has_note(S, "rate change -5.0% refused; the provider opens its books"), "high %d", high);
        cr_assert(has_note(S, "open book: a tender would") && has_note(S, "open book: shared savings project"), "the outlook is presented (high %d)", high);
        int adopted = has_note(S, "shared savings adopted");
        cr_assert(o.price > 0 && o.units > 0);
        if (high) {
            cr_assert_gt(o.tender, 0, "a rate 60%% above the bid: a tender saves ($%.0f)", o.tender);
            cr_assert_gt(o.tender, 0.5 * o.projected, "... more than the client's half of the projected savings");
            cr_assert(!adopted, "it tenders");
            cr_assert(has_note(S, "tender won by the incumbent") || has_note(S, "tender lost"));
        } else {
            cr_assert_lt(o.tender, 0, "at the bid, an incumbent pricing against an entrant makes a tender cost ($%.0f)", o.tender);
            cr_assert(adopted, "it takes the split");
            cr_assert(!has_note(S, "tender won") && !has_note(S, "tender lost"));
        }
        cx_sim_free(S);
    }
}

/* The incumbent's bid is its policy's decision (contract round 3): shown a
 * challenger's central price, its best bid and its floor (and nothing of
 * them outside the tender), a provider that bids the best keeps the work at
 * it; one that buys in below its floor keeps it at that price; one that
 * prices itself far above the challenger loses on price; one that leaves
 * the bid at 0 bids the best; a what-if that holds the bid overrides the
 * policy's; one that gave notice is not asked to bid. */
static struct {
    double scale;             /* its bid: scale x what it is shown as `base` */
    int on_floor;             /* 1: scale the floor, 0: scale the best bid */
    double seen[3];           /* entrant, best, floor at round 3 */
    int calls;                /* round-3 calls */
    int leaked;               /* a tender key nonzero outside round 3 */
    int notice;               /* 1: give notice at round 1 (no bid follows) */
} bidder;

static int bidder_year(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    if (api->get(ctx, CX_K_CONTRACT_ROUND) != 3) {
        bidder.leaked |= api->get(ctx, CX_K_TENDER_ENTRANT) != 0 || api->get(ctx, CX_K_TENDER_BID_BEST) != 0 ||
                         api->get(ctx, CX_K_TENDER_BID_FLOOR) != 0;
        return bidder.notice && api->get(ctx, CX_K_CONTRACT_ROUND) == 1 ? api->set(ctx, CX_L_NOTICE, 1) : 0;
    }
    bidder.calls++;
    bidder.seen[0] = api->get(ctx, CX_K_TENDER_ENTRANT);
    bidder.seen[1] = api->get(ctx, CX_K_TENDER_BID_BEST);
    bidder.seen[2] = api->get(ctx, CX_K_TENDER_BID_FLOOR);
    return api->set(ctx, CX_L_TENDER_BID, bidder.scale * bidder.seen[bidder.on_floor ? 2 : 1]);
}

static int bidder_month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
    bidder.leaked |= api->get(ctx, CX_K_TENDER_ENTRANT) != 0 || api->get(ctx, CX_K_TENDER_BID_BEST) != 0 ||
                     api->get(ctx, CX_K_TENDER_BID_FLOOR) != 0;
    return 0;
}

Test(pricing, the_incumbent_bid_is_its_policys_decision)
{
    static const cx_policy_fn at[CX_POINT_COUNT] = {[CX_AT_MONTH] = bidder_month, [CX_AT_CONTRACT_YEAR] = bidder_year};
    static const cx_option none[] = {{NULL, 0, 0, 0, NULL}};
    static const cx_policy table = {.abi = CX_POLICY_ABI, .size = sizeof(cx_policy), .name = "bidder",
                                    .doc = "bids what the test says at a tender", .sides = 1u << CX_PROVIDER,
                                    .options = none, .n_at = CX_POINT_COUNT, .at = at};
    const struct { double scale; int on_floor; const char *want; } arms[] = {
        {1.0, 0, "tender won by the incumbent at $"},   /* the best bid */
        {0.8, 1, "tender won by the incumbent at $"},   /* a buy-in below its floor */
        {1.8, 0, "tender lost (undercut its $"},        /* far above the challenger's price */
        {0, 0, "tender won by the incumbent at $"},     /* no bid set: the best */
        {1.0, 0, "tender won by the incumbent at $"},   /* held by a what-if at 0.9 x the floor */
        {1.0, 0, "tender lost (the incumbent did not bid)"}, /* it gave notice */
    };
    for (int i = 0; i < 6; i++) {
        cx_sim *S = priced(1, NULL, 13.0 / 12);
        S->P.m.setup_billed = 0; /* the challenger's price carries its start-up */
        cr_assert_eq(cx_sim_set_policy(S, CX_PROVIDER, &table, NULL, NULL), 0, "%s", cx_sim_error(S));
        cr_assert_eq(cx_sim_override(S, CX_L_REBID, 1), 0);
        double held = 0;
        if (i == 4) { /* a what-if holds the bid at about 0.9 x its floor */
            cr_assert_eq(cx_sim_run_until(S, 12 * CX_MINUTES_PER_MONTH - CX_MINUTES_PER_DAY), 0, "%s", cx_sim_error(S));
            held = 0.9 * cx_sim_get(S, CX_K_COST_RATE) * (1 + cx_sim_lever(S, CX_L_MARGIN_TARGET)) * S->P.m.incumbent_bid;
            cr_assert_eq(cx_sim_override(S, CX_L_TENDER_BID, held), 0);
        }
        memset(&bidder, 0, sizeof bidder);
        bidder.scale = arms[i].scale;
        bidder.on_floor = arms[i].on_floor;
        bidder.notice = i == 5;
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        cr_assert(!bidder.leaked, "a tender key was shown outside the tender");
        cr_assert(has_note(S, arms[i].want), "arm %d: no \"%s\"", i, arms[i].want);
        if (i == 5) {
            cr_assert_eq(bidder.calls, 0, "asked to bid after its notice");
            cx_sim_free(S);
            continue;
        }
        cr_assert_eq(bidder.calls, 1, "arm %d: one tender, one bid (%d)", i, bidder.calls);
        double entrant = bidder.seen[0], best = bidder.seen[1], floor = bidder.seen[2];
        cr_assert(entrant > 0 && floor > 0 && best >= floor, "entrant %.4f best %.4f floor %.4f", entrant, best, floor);
        double bid = i == 3 ? best : i == 4 ? held : bidder.scale * (arms[i].on_floor ? floor : best);
        if (i != 2) cr_assert_float_eq(S->M.con.rate, bid, 1e-9 * bid, "arm %d: it keeps the work at %.4f (rate %.4f)", i, bid, S->M.con.rate);
        cx_sim_free(S);
    }
}
