-- Where does each regime win? A sweep of contract length x product complexity.
--
-- The articles' FAQ: a vendor relationship is right for short, simple,
-- substitutable work; a partnership pays off when the work is complex and
-- the horizon long. This sweep runs both regimes on a grid of horizons
-- (years) and shares of complex contacts, with paired replications, writes
-- the tidy CSV (one row per combination, replication and regime), and
-- prints which regime has the lower mean TCO in each cell.
--
--   ./build/cxsim lua scripts/experiments/contract_x_complexity.lua [REPS] [OUT.csv] [--resume]

local reps = tonumber(arg[1]) or 4
local out = arg[2] or "results/contract_x_complexity.csv"
local s = cx.scenario("../default.lua")

local grid = {
  ["years"] = { 1, 2, 3, 5 },
  ["contacts.complex_share"] = { 0.05, 0.2, 0.4 },
}
local r = cx.sweep(s, grid, reps, { out = out,
  metrics = { "client_tco_cum", "csat", "fcr", "attrition_annual", "churned", "provider_margin" } })
cx.printf("%d rows in %s (%d runs, %d resumed from the journal)\n\n", r.rows, out, r.runs, r.resumed)

-- mean TCO per (complexity, years, regime)
local sum, n = {}, {}
for _, row in ipairs(r.data) do
  local k = string.format("%g|%g|%s", row["contacts.complex_share"], row.years, row.regime)
  sum[k] = (sum[k] or 0) + row.client_tco_cum
  n[k] = (n[k] or 0) + 1
end
local function mean(c, y, g)
  local k = string.format("%g|%g|%s", c, y, g)
  return n[k] and sum[k] / n[k] or 0 / 0
end

cx.printf("%-12s", "complex \\ y")
for _, y in ipairs(grid.years) do cx.printf("%22s", y .. " years") end
print()
for _, c in ipairs(grid["contacts.complex_share"]) do
  cx.printf("%-12s", string.format("%.0f%%", 100 * c))
  for _, y in ipairs(grid.years) do
    local v, p = mean(c, y, "vendor"), mean(c, y, "partner")
    local win = v < p and "vendor" or "partner"
    cx.printf("%22s", string.format("%s %+.1f%%", win, 100 * (p - v) / v))
  end
  print()
end
print("\ncell: the regime with the lower mean TCO, and partner vs vendor TCO in %")
