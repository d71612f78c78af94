-- A desk's lists as people use them: random combinations of status, organisation, category (parent or leaf), area
-- (community or grid) and page 1–20, one request in five a Chinese text query. The driver (http-load) draws the
-- requests from its printed seed and writes them to MASHANG_DESK_PATHS; each wrk thread walks them from its own
-- random start, so the load is the same on every run with that seed and no two connections move in step.
local paths = {}
local index = 1

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MASHANG_TOKEN")
  for line in io.lines(os.getenv("MASHANG_DESK_PATHS")) do paths[#paths + 1] = line end
  math.randomseed(tonumber(os.getenv("MASHANG_SEED") or "1") + tonumber(wrk.thread:get("id") or "0"))
  index = math.random(#paths)
end

function setup(thread)
  setup_count = (setup_count or 0) + 1
  thread:set("id", tostring(setup_count))
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
