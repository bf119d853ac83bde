-- A numeric loop (bench/vm/programs/loop.strat).
local n = tonumber(arg[1] or "100000000")
local s = 0
for i = 0, n - 1 do
  s = (s + i * 3) % 1000003
end
print(string.format("%d", s))
