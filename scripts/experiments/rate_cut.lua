-- The rate-cut story.
--
-- A client that buys like a vendor asks its provider for a rate cut every
-- contract year. The rate falls; the provider protects its margin by
-- cutting pay, training and supervision; agents leave, knowledge walks out
-- with them, first-contact resolution falls, customers call again and
-- churn. Does the client save money? This experiment holds the provider's
-- policy fixed and sweeps the annual cut the vendor client asks for, with
-- paired replications (common random numbers across cuts), and prints what
-- the cut does to the rate, the provider's margin, quality and the
-- client's total cost of ownership.
--
--   ./build/cxsim lua scripts/experiments/rate_cut.lua [REPS] [YEARS]

local reps = tonumber(arg[1]) or 6
local years = tonumber(arg[2]) or 5
local s = cx.scenario("../default.lua"):regime("vendor")
local cuts = { 0, 0.03, 0.06, 0.10 }

local r = cx.sweep(s, { ["vendor.client.rate_cut"] = cuts }, reps,
  { years = years, out = "results/rate_cut.csv",
    metrics = { "rate", "provider_margin", "attrition_annual", "mean_knowledge", "fcr", "csat",
                "churned", "client_fees", "client_tco_cum" } })

local acc = {}
for _, row in ipairs(r.data) do
  local c = row["vendor.client.rate_cut"]
  local a = acc[c] or { n = 0 }
  acc[c] = a
  a.n = a.n + 1
  for k, v in pairs(row) do
    if type(v) == "number" then a[k] = (a[k] or 0) + v end
  end
end

local cols = { "rate", "provider_margin", "attrition_annual", "mean_knowledge", "fcr", "csat",
               "churned", "client_fees", "client_tco_cum" }
local rows = {}
for _, c in ipairs(cuts) do
  local a = acc[c]
  local row = { cut = string.format("%.0f%%/yr", 100 * c) }
  for _, k in ipairs(cols) do row[k] = a[k] / a.n end
  rows[#rows + 1] = row
end
cx.printf("vendor client asking for an annual rate cut; %d replications, %g years (means)\n\n", reps, years)
table.insert(cols, 1, "cut")
cx.print_table(rows, cols)
local base, deep = rows[1], rows[#rows]
cx.printf("\nA %s cut changes fees by %+.1f%% and the client's TCO by %+.1f%%.\n", deep.cut,
          100 * (deep.client_fees / base.client_fees - 1), 100 * (deep.client_tco_cum / base.client_tco_cum - 1))
