-- Vendor vs partner on the default scenario.
--
-- Paired replications under common random numbers: replication r runs both
-- regimes from the same seed, so they meet the same customers, the same
-- demand and the same product defects; the difference partner - vendor is
-- taken replication by replication and its 95% confidence interval comes
-- from Student's t. The same comparison with independent seeds shows what
-- the pairing buys.
--
--   ./build/cxsim lua scripts/experiments/vendor_vs_partner.lua [REPS] [YEARS]

local reps = tonumber(arg[1]) or 10
local years = tonumber(arg[2])
local s = cx.scenario("../default.lua")       -- relative to this file
local metrics = { "client_tco_cum", "csat", "attrition_annual", "fcr", "service_level",
                  "cost_per_resolution", "churned", "mean_knowledge", "trust" }

cx.printf("scenario %s, %s, %d replications\n\n", s.name, table.concat(s.regimes, " vs "), reps)
local crn = cx.compare(s, "vendor", "partner", { reps = reps, years = years, metrics = metrics })
cx.print_compare(crn)

local ind = cx.compare(s, "vendor", "partner",
                       { reps = reps, years = years, crn = false, metrics = { "client_tco_cum", "csat", "attrition_annual" } })
print()
cx.print_compare(ind)

print()
for _, m in ipairs{ "client_tco_cum", "csat", "attrition_annual" } do
  local h1, h2 = crn[m].half, ind[m].half
  cx.printf("%-18s CI half-width: CRN %.4g, independent %.4g (CRN %.1fx narrower)\n", m, h1, h2, h2 / h1)
end

local t = crn.client_tco_cum
cx.printf("\nTCO over the horizon: partner - vendor = %.0f $ (95%% CI %.0f to %.0f): %s\n", t.mean, t.lo, t.hi,
          t.hi < 0 and "the partner regime costs the client less"
          or t.lo > 0 and "the vendor regime costs the client less"
          or "no significant difference at this horizon")
