-- tests/mpi/fail.lua's provider: fails at its second month end.
return { name = 'broken', sides = 'provider',
  on_month = function(state)
    if state.month >= 2 then error('no budget left') end
  end }
