-- Which uncertain inputs decide whether the partner wins?
--
-- The default scenario's partner regime saves the client money over the
-- vendor regime; by how much rests on inputs nobody knows well: what a lost
-- customer is worth, how often the product breaks, how much slower a novice
-- agent is, how strongly pay drives attrition, how many contacts are
-- complex, how much demand there is. This experiment varies them together
-- over plausible ranges and ranks them by how much they move the partner's
-- saving (vendor TCO - partner TCO, cash plus lost customers, per point the
-- mean over paired replications under common random numbers).
--
-- Morris screening (the default) needs (k + 1) x N points for k inputs and
-- N trajectories; Sobol indices (method "saltelli") need (k + 2) x N and say
-- which share of the saving's variance each input explains. Both run through
-- cx.design, so they use --jobs, journal every run and resume with --resume.
--
--   ./build/cxsim lua scripts/experiments/which_inputs_decide.lua [METHOD] [N] [REPS] [YEARS] [OUTDIR]
--
-- The defaults (morris, N = 6, 2 replications, 2 years) are 84 runs of both
-- regimes: a few minutes on 2 cores. A horizon of 2 years is short for a
-- relationship (the partner's knowledge compounds); run 5 years and more
-- trajectories for a study you would publish.

local method = arg[1] or "morris"
local n = tonumber(arg[2]) or 6
local reps = tonumber(arg[3]) or 2
local years = tonumber(arg[4]) or 2
local outdir = arg[5] or "results"
local s = cx.scenario("../default.lua")

local inputs = {
  ["customers.value"] = { 100, 1000 },            -- $ lost per churned customer (the headline's range)
  ["defects.per_year"] = { 2, 12 },               -- product defects a year
  ["knowledge.novice_slowdown"] = { 0.5, 2 },     -- extra handle time of a novice
  ["attrition.pay_elasticity"] = { 1, 3 },        -- quit hazard ~ pay^-elasticity
  ["contacts.complex_share"] = { 0.1, 0.4 },      -- share of complex contacts
  ["demand.rate_per_min"] = { 3, 6 },             -- first contacts a minute
}

local d = cx.sample{ method = method, fields = inputs, n = n, seed = 1 }
cx.printf("%s design: %d points x %d replications, %g years\n", method, #d.points, reps, years)
local r = cx.design(s, d, reps, { years = years, out = outdir .. "/which_inputs_decide.csv",
                                   metrics = { "client_tco_cum", "client_cash_cum", "churned", "csat" } })
cx.printf("%d runs (%d resumed) -> %s (and %s.meta.json)\n\n", r.runs, r.resumed, r.out, r.out)

-- the partner's saving at each point: vendor - partner, paired by replication
local y = cx.point_means(r, "client_tco_cum", { regime = "vendor", minus = "partner" })
local wins, lo, hi = 0, math.huge, -math.huge
for _, v in ipairs(y) do
  if v > 0 then wins = wins + 1 end
  lo, hi = math.min(lo, v), math.max(hi, v)
end
cx.printf("the partner saves the client money at %d of %d points (saving from %.2f to %.2f $M)\n\n",
          wins, #y, lo / 1e6, hi / 1e6)

local rows = {}
if method == "morris" then
  for _, m in ipairs(cx.morris(d, y, { boot = 1000 })) do
    rows[#rows + 1] = { input = m.field, key = m.mu_star,
                        ["mu* $M"] = m.mu_star / 1e6, ["mu* 95% CI"] = string.format("%.2f to %.2f", m.mu_star_lo / 1e6, m.mu_star_hi / 1e6),
                        ["mu $M"] = m.mu / 1e6, ["sigma $M"] = m.sigma / 1e6 }
  end
  table.sort(rows, function(a, b) return a.key > b.key end)
  cx.print_table(rows, { "input", "mu* $M", "mu* 95% CI", "mu $M", "sigma $M" })
  cx.printf("\nmu*: mean absolute change of the saving when the input moves 2/3 of its range;\n"
            .. "mu: its signed mean (below 0: a higher input shrinks the saving); sigma: interactions.\n")
elseif method == "saltelli" then
  for _, x in ipairs(cx.sobol(d, y, { boot = 1000 })) do
    rows[#rows + 1] = { input = x.field, key = x.ST, S1 = x.S1, ["S1 95% CI"] = string.format("%.2f to %.2f", x.S1_lo, x.S1_hi),
                        ST = x.ST, ["ST 95% CI"] = string.format("%.2f to %.2f", x.ST_lo, x.ST_hi) }
  end
  table.sort(rows, function(a, b) return a.key > b.key end)
  cx.print_table(rows, { "input", "S1", "S1 95% CI", "ST", "ST 95% CI" })
  cx.printf("\nS1: share of the saving's variance the input explains alone; ST: with its interactions.\n")
else
  cx.printf("method %s: the points are in %s; analyse them with cx.read_csv\n", method, r.out)
end
