-- The source article's opening story: a vendor-minded procurement asks a
-- partner-minded provider for a rate cut every contract year.
--   cut-accepted:   a provider that starts with the partner's team (pay 1.02 of
--                   market, 8 h of coaching, spans of 10) but thinks like a
--                   vendor: it accepts each cut and protects its margin by
--                   cutting pay and training (the article's option 1)
--   cut-refused:    the partner-minded provider refuses and opens its books;
--                   procurement answers with a tender, every year (no shared
--                   savings: paid per unit only, the provider keeps half its
--                   knowledge-base spend, option invest_unshared)
--   shared-savings: the partner-minded provider refuses and proposes shared
--                   savings; procurement adopts them instead of the cut, and
--                   the provider, now paid a share of what it saves, funds
--                   its knowledge base in full
-- `cxsim run scripts/rate-cut-story.lua --reps 32` prints every pair's gaps;
-- docs/model.md ("The rate-cut story") reads them and quotes the events.
return {
  name = "rate-cut-story",
  seed = 11,
  years = 5,
  demand = { rate_per_min = 4.5, profile = true, growth_per_year = 0.03 },
  handle = { dist = "lognormal", mean_min = 4.2, cv = 0.8 },
  patience = { dist = "exp", mean_min = 3 },
  regimes = {
    { name = "cut-accepted",
      client = { policy = "vendor", rate_cut = 0.05, contract_years = 3 },
      provider = { policy = "vendor", pay_rel = 1.02, training_hours = 8, span = 10, margin_floor = 0.04, pay_floor = 0.85 } },
    { name = "cut-refused",
      client = { policy = "vendor", rate_cut = 0.05, contract_years = 3, shared_savings = 0 },
      provider = "partner" },
    { name = "shared-savings",
      client = { policy = "vendor", rate_cut = 0.05, contract_years = 3, shared_savings = 1, gain_share = 0.5, listen = 1 },
      provider = "partner" },
  },
}
