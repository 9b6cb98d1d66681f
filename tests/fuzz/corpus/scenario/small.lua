return {
  name = "small", seed = 3, years = 0.5, warmup_days = 10,
  demand = { rate_per_min = 2, profile = true, growth_per_year = 0.1,
    weekday = { 1, 1, 1, 1, 1, 0.5, 0.2 },
    spikes = { { start_day = 5, days = 2, multiplier = 3, complex_share = 0.5 } } },
  handle = { dist = "lognormal", mean_min = 5, cv = 0.8 },
  patience = { dist = "none" },
  staff = { agents = 12 },
  mechanisms = { attrition = false, churn = true },
}
