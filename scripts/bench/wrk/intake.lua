-- Public intake: every request a new resident (residents.lua).
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
dofile(here .. "residents.lua")
local counter = 0

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  return resident_request(tid, counter)
end

-- `done` prints the RESULT line the driver reads.
dofile(here .. "report.lua")
