-- The default scenario: a mid-size inbound centre over five years, the same
-- demand, product and customers served under two relationship regimes.
--   vendor:  a vendor-minded client (rate cuts, SLA minimums, blame, 2-year
--            tenders) with a vendor-minded provider (thin pay and training)
--   partner: a partner-minded client (shared savings, strategic reviews,
--            joint root-cause analysis, 5-year terms) with a partner-minded
--            provider (fair pay, training, knowledge base, open book)
-- Both run on the same random numbers (arrivals, defects, patience ...), so
-- every difference comes from what the policies set in motion.
-- Every field, its default, range and source: `cxsim params`; the format:
-- docs/scenario.md.
return {
  name = "default",
  seed = 42,
  years = 5,
  sl_seconds = 20,
  demand = {
    rate_per_min = 4.5,       -- first contacts, mean over the week (repeats come on top)
    profile = true,           -- intraday x weekday x season
    growth_per_year = 0.03,
    -- a product launch each spring: more contacts, more of them complex
    spikes = {
      { start_day = 100, days = 21, multiplier = 1.3, complex_share = 0.5 },
      { start_day = 465, days = 21, multiplier = 1.3, complex_share = 0.5 },
      { start_day = 830, days = 21, multiplier = 1.3, complex_share = 0.5 },
      { start_day = 1195, days = 21, multiplier = 1.3, complex_share = 0.5 },
      { start_day = 1560, days = 21, multiplier = 1.3, complex_share = 0.5 },
    },
  },
  handle = { dist = "lognormal", mean_min = 3.6, cv = 0.8 },  -- an expert's handle time
  patience = { dist = "exp", mean_min = 3 },
  regimes = {
    { name = "vendor",  client = "vendor",  provider = "vendor" },
    { name = "partner", client = "partner", provider = "partner" },
  },
}
