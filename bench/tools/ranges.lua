-- bench/run.sh, W4: each request asks for one of 1,000 distinct 64 KiB ranges of the object, at random.
-- Range i is bytes i*256KiB .. i*256KiB+64KiB-1 (all inside a 256 MiB object).
local step, len = 262144, 65536
local seeded = false
request = function()
  if not seeded then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    seeded = true
  end
  local first = math.random(0, 999) * step
  return wrk.format("GET", nil, { ["Range"] = "bytes=" .. first .. "-" .. (first + len - 1) })
end
