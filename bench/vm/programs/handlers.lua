-- The small handler (bench/vm/programs/handlers.strat), invoked N times by lua_host.
-- State lives in upvalues, the closest Lua has to the DSL's global slots.
local count, acc = 0, 0
function on_bar(s)
  count = count + 1
  acc = (acc + count * 7) % 1000003
end
function on_stop()
  print(string.format("%d %d", count, acc))
end
