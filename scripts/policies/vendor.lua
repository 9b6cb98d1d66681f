-- vendor.lua: the built-in vendor policy (plugins/vendor.c) translated to Lua.
--
-- The transactional regime, for either side. As client: asks for a rate cut
-- every contract year, measures SLA minimums with penalties, shares little
-- product context, fixes slowly, blames the provider at incidents and
-- tenders the work at the end of every short term unless trust has reached
-- renew_trust (or at once if the provider refuses a cut, unless it takes up
-- a shared-savings offer, which needs trust at savings_trust and, with the
-- books open, its share of the projected savings worth what a tender would
-- save it: savings_projected, tender_saving); a provider's
-- asked increase it accepts up to accept_increase and tenders above it. What
-- either side shares is half its option at no trust, all of it from 0.5. As provider: staffs to the SLA threshold and no more, pays
-- below market, trains and supervises thinly, invests nothing, reports
-- little and protects its margin by cutting pay and training. It prices from
-- its own books: accepts a cut only while the cut rate stays cut_floor above
-- its cost per unit, asks for the price it needs when its year's margin is
-- below margin_floor, and gives notice when what is granted still leaves it
-- below its floor (option exit).
--
-- Same options, same decisions, same order of arithmetic as the C policy:
-- a run with this script gives the same numbers as a run with "vendor"
-- (tests/test_lua.c, lua_model::equivalent_to_c).

local CLIENT, PROVIDER = 0, 1

return {
  name = "vendor_lua",
  doc = "transactional: rate cuts, SLA minimums, blame, short terms; thin pay and training (Lua)",
  sides = "both",
  options = {
    -- client
    rate_cut = { default = 0.05, min = 0, max = 0.5, doc = "rate cut asked at each contract year" },
    contract_years = { default = 2, min = 1, max = 10, doc = "contract term before a tender" },
    penalty = { default = 0.02, min = 0, max = 1, doc = "penalty per SLA point missed, share of monthly fees" },
    share_changes = { default = 0.3, min = 0, max = 1, doc = "chance a product change is communicated" },
    fix_days = { default = 90, min = 1, max = 3650, doc = "mean days to fix a reported defect" },
    shared_savings = { default = 0, min = 0, max = 1,
                       doc = "1: after a refused cut, adopt shared savings instead of tendering" },
    gain_share = { default = 0.5, min = 0, max = 1, doc = "provider's share when shared savings are adopted" },
    accept_increase = { default = 0.03, min = 0, max = 1,
                        doc = "largest increase asked by the provider it accepts; above it, it tenders" },
    savings_trust = { default = 0.3, min = 0, max = 1,
                      doc = "with shared_savings: the trust it needs to accept shared savings instead of tendering" },
    renew_trust = { default = 0.7, min = 0, max = 1,
                    doc = "trust at or above which it renews at term end without a tender" },
    listen = { default = 0, min = 0, max = 1,
               doc = "1: after a refused cut it weighs what the provider's open book says the cut costs against what it saves, and drops the cut (no tender) when it costs more" },
    -- provider
    pay_rel = { default = 0.95, min = 0.5, max = 2, doc = "pay relative to market at the start" },
    pay_floor = { default = 0.94, min = 0.5, max = 2, doc = "lowest pay it cuts to" },
    training_hours = { default = 1, min = 0, max = 80, doc = "coaching per agent per month, h" },
    span = { default = 18, min = 4, max = 40, doc = "agents per supervisor" },
    margin_floor = { default = 0.10, min = -0.5, max = 0.9,
                     doc = "margin below which it cuts pay and training (month) and asks for an increase (contract year)" },
    transparency = { default = 0.2, min = 0, max = 1, doc = "share of noticed issues it reports" },
    cut_floor = { default = 0.08, min = -0.5, max = 0.9,
                  doc = "it accepts a cut only if the new rate stays this far above its cost per unit" },
    max_buffer = { default = 0.08, min = 0, max = 1,
                   doc = "most headcount it adds above the staffing need after months below the SLA" },
    exit = { default = 1, min = 0, max = 1,
             doc = "1: give notice when what the client grants leaves the rate below cost x (1 + cut_floor)" },
  },

  on_start = function(s)
    if s.side == CLIENT then
      return { contract_years = s.option("contract_years"), penalty = s.option("penalty"),
               share_changes = s.option("share_changes"), fix_days = s.option("fix_days"),
               strategic_reviews = 0, joint_rca = 0, gain_share = 0 }
    end
    return { pay_rel = s.option("pay_rel"), training_hours = s.option("training_hours"),
             span = s.option("span"), staff_sl = s.sla_target, staff_buffer = 0, kb_invest = 0,
             transparency = s.option("transparency"), temps = 1, margin_target = 0.12 }
  end,

  on_month = function(s)
    local open = math.min(1.0, 0.5 + s.trust) -- half at no trust, all from 0.5
    if s.side == CLIENT then return { share_changes = s.option("share_changes") * open } end
    -- manage to the contract: staff to the threshold, protect the margin
    local d = { transparency = s.option("transparency") * open, staff_sl = s.sla_target }
    -- penalties bite below the SLA: a little more headcount, given back when comfortable
    local buffer = s.lever("staff_buffer")
    if s.service_level < s.sla_target then buffer = math.min(s.option("max_buffer"), buffer + 0.02)
    elseif s.service_level > s.sla_target + 0.05 then buffer = math.max(0, buffer - 0.01) end
    d.staff_buffer = buffer
    if s.provider_months >= 3 and s.provider_margin < s.option("margin_floor") then
      d.pay_rel = math.max(s.option("pay_floor"), s.lever("pay_rel") - 0.02)
      d.training_hours = math.max(0, s.lever("training_hours") - 0.5)
    end
    return d
  end,

  on_contract_year = function(s)
    if s.side == PROVIDER then
      -- answer the client's change, ask what it needs (round 1); give notice
      -- if too little was granted (round 2); at a tender, bid what earns it
      -- most in expectation against a challenger (round 3)
      if s.contract_round == 3 then return { tender_bid = s.tender_bid_best } end
      local rate, floor = s.rate, s.cost_rate * (1 + s.option("cut_floor"))
      if s.contract_round >= 2 then
        return { notice = (s.option("exit") >= 0.5 and rate < floor) and 1 or 0 }
      end
      local ask = 0
      if s.provider_margin_year < s.option("margin_floor") then
        ask = math.min(1, math.max(0, s.price_needed / rate - 1))
      end
      local cut_rate = rate * (1 + s.rate_change_asked)
      return { accept_rate_change = (ask <= 0 and cut_rate >= floor) and 1 or 0, rate_ask = ask }
    end
    if s.contract_round >= 2 then -- the provider said no, or asked
      local small = s.rate_asked_by_provider <= s.option("accept_increase")
      -- the open-book conversation: a cut that costs more than it saves is dropped
      local dropped = s.option("listen") >= 0.5 and s.refused >= 0.5 and s.cut_cost > s.cut_saving and s.cut_saving > 0
      -- shared savings against a tender: with the books open it takes the split
      -- when its share of the projected savings is worth what a tender would save
      local presented = s.cut_saving > 0
      local split = (1 - s.option("gain_share")) * s.savings_projected
      if s.refused >= 0.5 and s.option("shared_savings") >= 0.5 and s.trust >= s.option("savings_trust")
         and (not presented or split >= s.tender_saving) then
        return { gain_share = s.option("gain_share"), rate_granted = small and 1 or 0 }
      end
      if dropped then return { rate_granted = small and 1 or 0 } end
      if not small or s.refused >= 0.5 then return { rebid = 1 } end
      return { rate_granted = 1 }
    end
    local term_over = math.fmod(s.contract_year, s.lever("contract_years")) < 0.5
    local d = { rebid = (term_over and s.trust < s.option("renew_trust")) and 1 or 0 }
    if s.lever("gain_share") <= 0 then d.rate_change = -s.option("rate_cut") end
    return d
  end,
}
