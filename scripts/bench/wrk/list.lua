-- The filtered list staff work from: an organisation's tickets in one status (and a category), pages 1–5, as a
-- dispatcher of the joint centre sees them (MASHANG_TOKEN).
local filters = {
  "status=inProgress&organization=guanghua-street",
  "status=dispatched&organization=jianghan-oilfield",
  "status=closed&organization=guanghua-street&category=housing",
  "status=replied&area=jiangzuan",
  "status=received",
}

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MASHANG_TOKEN")
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/api/v1/tickets?" .. filters[math.random(#filters)] .. "&page=" .. math.random(5))
end

-- `done` prints the RESULT line the driver reads.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
