-- two regimes with options
return {
  years = 1,
  regimes = {
    { name = "vendor", client = { policy = "vendor", rate_cut = 0.05 }, provider = "vendor" },
    { name = "partner", client = "partner", provider = { policy = "partner", pay_rel = 1.1 } },
  },
}
