-- tests/mpi/check.sh: every run fails in month 2 (a Lua policy's error).
-- cxsim lua fail.lua -- SOURCE_DIR
local S = cx.scenario(arg[1] .. "/scripts/default.lua")
S:set("partner.provider.policy", arg[1] .. "/tests/mpi/broken.lua")
cx.replicate(S, 4, { years = 0.3 })
