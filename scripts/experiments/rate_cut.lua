-- The rate-cut story (the article's opening).
--
-- A partner-minded provider runs the work well. Procurement, buying like a
-- vendor, asks for a rate cut every contract year. Three ways it can go:
--   accepts:   the provider takes the cuts and protects its margin by
--              trimming training and investment (refuse_cuts = 0);
--   tendered:  the provider refuses, procurement tenders the work, and a
--              transition replaces the whole team (refuse_cuts = 1);
--   shared:    the provider refuses and offers shared savings, and the client
--              takes them up instead of tendering (shared_savings = 1).
-- Each is compared with the partnership it replaced (partner client and
-- provider), in paired replications under common random numbers, so every
-- difference below comes from the decisions, not from luck.
--
--   ./build/cxsim lua scripts/experiments/rate_cut.lua [REPS] [YEARS]

local reps = tonumber(arg[1]) or 6
local years = tonumber(arg[2]) or 5

local s = cx.scenario{
  base = "../default.lua", -- relative to this file
  name = "rate-cut",
  regimes = {
    { name = "partnership", client = "partner", provider = "partner" },
    { name = "accepts", client = "vendor", provider = { policy = "partner", refuse_cuts = 0 } },
    { name = "tendered", client = "vendor", provider = { policy = "partner", refuse_cuts = 1 } },
    { name = "shared", client = { policy = "vendor", shared_savings = 1 },
      provider = { policy = "partner", refuse_cuts = 1 } },
  },
}

local metrics = { "client_tco_cum", "client_fees", "churn_cost", "csat", "fcr", "attrition_annual",
                  "mean_knowledge", "provider_margin", "provider_changes", "trust" }
cx.printf("%d paired replications, %g years, each against the partnership\n\n", reps, years)

local rows = {}
for _, story in ipairs{ "accepts", "tendered", "shared" } do
  local c = cx.compare(s, "partnership", story, { reps = reps, years = years, metrics = metrics })
  local row = { story = story }
  for _, m in ipairs(metrics) do
    row[m] = c[m].mean
    row[m .. "_ci"] = c[m].half
  end
  rows[#rows + 1] = row
  cx.printf("%-9s TCO %+.2f M$ (+/- %.2f)   CSAT %+.3f   attrition %+.2f   knowledge %+.3f   provider changes %+.1f\n",
            story, row.client_tco_cum / 1e6, row.client_tco_cum_ci / 1e6, row.csat, row.attrition_annual,
            row.mean_knowledge, row.provider_changes)
end

print("\ndifferences (story - partnership), means of the paired replications:")
local cols = { "story" }
for _, m in ipairs(metrics) do cols[#cols + 1] = m end
cx.print_table(rows, cols)
cx.write_csv("results/rate_cut.csv", rows)
print("\nwritten: results/rate_cut.csv (with 95% CI half-widths, *_ci)")
