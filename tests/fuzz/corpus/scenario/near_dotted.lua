return { demand = { spikes = { { start_day = 1, ["x.days"] = 3 }, x = { days = 1 } } } }
