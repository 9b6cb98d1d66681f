-- Lua policies on both sides of two regimes: the built-in vendor policy's
-- Lua translation (policies/vendor.lua) as written, and the same script as
-- a client that takes up shared savings after a refused rate cut instead
-- of tendering. A small centre over two years, so that replications are
-- quick: `cxsim run scripts/lua-policies.lua --reps 70` holds 280 Lua
-- policies at once (docs/plugins.md). Policy paths are relative to this file.
return {
  name = "lua-policies",
  seed = 11,
  years = 2,
  demand = { rate_per_min = 0.5 },
  regimes = {
    { name = "vendor-lua", client = "policies/vendor.lua", provider = "policies/vendor.lua" },
    { name = "savings-lua",
      client = { policy = "policies/vendor.lua", shared_savings = 1 },
      provider = "policies/vendor.lua" },
  },
}
