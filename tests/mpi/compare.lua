-- tests/mpi/check.sh: replications and a paired comparison, printed to 17 digits.
-- cxsim lua compare.lua -- SOURCE_DIR
local S = cx.scenario(arg[1] .. "/scripts/default.lua")
local reps = cx.replicate(S, 3, { years = 0.15 })
for i, r in ipairs(reps) do
  for _, g in ipairs(r) do cx.printf("rep %d %s %.17g %.17g\n", i, g.label, g.summary.fcr, g.summary.csat) end
end
local c = cx.compare(S, 'vendor', 'partner', { reps = 3, years = 0.15, metrics = {'fcr', 'csat', 'client_tco_cum'} })
for _, k in ipairs({'fcr', 'csat', 'client_tco_cum'}) do
  cx.printf("%s %.17g %.17g\n", k, c[k].mean, c[k].half)
end
