-- The default scenario: a 45-agent centre over five years, fixed staff.
-- (The vendor vs partner regimes arrive with the CX model; see README.)
-- Every field, its default, range and source: `cxsim params`.
return {
  name = "default",
  seed = 42,
  years = 5,
  warmup_days = 7,
  sl_seconds = 20,
  demand = {
    rate_per_min = 10,        -- mean over the profile
    profile = false,          -- true: intraday x weekday x season
    growth_per_year = 0.0,
  },
  handle = { dist = "exp", mean_min = 4 },
  patience = { dist = "exp", mean_min = 3 },
  staff = { agents = 45 },
}
