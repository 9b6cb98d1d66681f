return { name = "loop", on_start = function(s) local n = 0 while n < 1e9 do n = n + 1 end end }
