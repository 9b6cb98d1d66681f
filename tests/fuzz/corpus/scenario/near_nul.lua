return { name = "a\0b", demand = { spikes = { [0] = { days = 1 }, [1.5] = {} } } }
