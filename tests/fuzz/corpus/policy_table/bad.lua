return { name = 5, sides = "nobody", options = { x = { default = 3, min = 4, max = 1 } }, on_month = 7 }
