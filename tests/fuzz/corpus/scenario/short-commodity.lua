-- A short, low-complexity, highly substitutable engagement: one year of simple
-- contacts (password resets, order status), little for knowledge to change,
-- few product defects, low customer value, cheap to switch providers. The
-- source article's FAQ says a well-managed vendor relationship may be the
-- right answer here; in cxsim the vendor regime wins because the partner's
-- extra pay, training, knowledge base and governance have little to pay back
-- within a year on simple work, not because of any flag.
return {
  name = "short-commodity",
  seed = 7,
  years = 1,
  demand = { rate_per_min = 3, profile = true },
  handle = { dist = "lognormal", mean_min = 3, cv = 0.6 },
  patience = { dist = "exp", mean_min = 3 },
  contacts = { complex_share = 0.02 },
  knowledge = {
    novice_slowdown = 0.25,     -- simple work: novices are nearly as fast
    fcr_novice = 0.80,          -- ... and nearly as effective
    fcr_expert = 0.86,
  },
  defects = { per_year = 1, share = 0.01 },
  customers = { value = 40 },   -- low-value, transactional customers
  economics = { transition_client = 20000, transition_provider = 20000, rfp_cost = 10000 },
  regimes = {
    { name = "vendor",  client = "vendor",  provider = "vendor" },
    { name = "partner", client = "partner", provider = "partner" },
  },
}
