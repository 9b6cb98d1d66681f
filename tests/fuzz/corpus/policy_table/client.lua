return {
  name = "cutter",
  sides = { "client" },
  options = { cut = { default = 0.05, min = 0, max = 0.5 } },
  on_contract_year = function(s) return { rate = s.lever("rate") * (1 - s.option("cut")) } end,
  on_review = function(s) return nil end,
  on_incident = function(s) error("boom") end,
}
