-- The filtered list staff work from: an organisation's tickets in one status (and a category), pages 1–5, as a
-- dispatcher of the joint centre sees them (MASHANG_TOKEN). MASHANG_LIST_PAGES=50 spreads the reads over pages 1–50
-- (5,000 different tickets, more than the server keeps list rows of: most rows are read and written afresh).
local filters = {
  "status=inProgress&organization=guanghua-street",
  "status=dispatched&organization=jianghan-oilfield",
  "status=closed&organization=guanghua-street&category=housing",
  "status=replied&area=jiangzuan",
  "status=received",
}

local pages = tonumber(os.getenv("MASHANG_LIST_PAGES") or "5")

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MASHANG_TOKEN")
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/api/v1/tickets?" .. filters[math.random(#filters)] .. "&page=" .. math.random(pages))
end

-- `done` prints the RESULT line the driver reads.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
