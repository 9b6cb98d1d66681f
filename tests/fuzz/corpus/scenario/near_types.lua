local s = {}
for i = 1, 33 do s[i] = { start_day = i } end
return { years = "5", staff = { agents = 4.5 }, demand = { rate_per_min = -3, spikes = s, season = { 1, 2 } } }
