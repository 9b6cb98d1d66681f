-- tests/mpi/check.sh: a small sweep (2 x 2 points x 3 replications, 0.2 years).
-- cxsim lua sweep.lua -- OUT.csv SOURCE_DIR
local S = cx.scenario(arg[2] .. "/scripts/default.lua")
local r = cx.sweep(S, { ['contacts.complex_share'] = {0.1, 0.3}, ['attrition.pay_elasticity'] = {1, 3} }, 3,
  { out = arg[1], years = 0.2, metrics = {'client_tco_cum', 'csat', 'fcr', 'attrition_annual'} })
print('runs ' .. r.runs .. ' resumed ' .. r.resumed)
