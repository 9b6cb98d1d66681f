local t = setmetatable({}, { __index = function() return 1 end })
local r = { years = 0.1 }
for k, v in pairs({ a = 1 }) do r.name = k .. tostring(v) end
return r
