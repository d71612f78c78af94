-- A ticket read by staff: GET /api/v1/tickets/{number} with a bearer token (MASHANG_TOKEN), over the numbers in
-- MASHANG_NUMBERS (a file, one per line).
local numbers = {}

function init(args)
  for line in io.lines(os.getenv("MASHANG_NUMBERS")) do numbers[#numbers + 1] = line end
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MASHANG_TOKEN")
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/api/v1/tickets/" .. numbers[math.random(#numbers)])
end

-- `done` prints the RESULT line the driver reads.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
