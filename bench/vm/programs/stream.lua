-- The SMA(10)/SMA(30) price stream (bench/vm/programs/stream.strat). Arrays are 1-based.
local n = tonumber(arg[1] or "10000000")
local fast, slow = {}, {}
for k = 1, 10 do fast[k] = 0.0 end
for k = 1, 30 do slow[k] = 0.0 end
local fast_sum, slow_sum = 0.0, 0.0
local seed, price, prev_diff = 42, 100.0, 0.0
local ups, downs, position, cash = 0, 0, 0, 0.0
for i = 0, n - 1 do
  seed = seed * 16807 % 2147483647
  price = price + (seed % 201 - 100) * 0.01
  local fi = i % 10 + 1
  local si = i % 30 + 1
  fast_sum = fast_sum + price - fast[fi]
  fast[fi] = price
  slow_sum = slow_sum + price - slow[si]
  slow[si] = price
  if i >= 29 then
    local diff = fast_sum / 10.0 - slow_sum / 30.0
    if i >= 30 then
      if diff > 0.0 and prev_diff <= 0.0 then
        ups = ups + 1
        if position == 0 then position = 1; cash = cash - price end
      elseif diff < 0.0 and prev_diff >= 0.0 then
        downs = downs + 1
        if position == 1 then position = 0; cash = cash + price end
      end
    end
    prev_diff = diff
  end
end
print(string.format("%d %d %d %.4f", ups, downs, position, cash))
