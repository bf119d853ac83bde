-- Recursive Fibonacci (bench/vm/programs/fib.strat).
local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end
print(string.format("%d", fib(tonumber(arg[1] or "32"))))
