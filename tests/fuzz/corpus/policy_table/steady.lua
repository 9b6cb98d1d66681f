return {
  name = "steady",
  doc = "holds pay",
  sides = "provider",
  options = { pay_rel = { default = 1.0, min = 0.5, max = 2, doc = "relative pay" } },
  on_start = function(state) return { pay_rel = state.option("pay_rel") } end,
  on_month = function(state)
    if state.uniform() < 0.5 then state.note("month") end
    return { pay_rel = state.lever("pay_rel") }
  end,
}
