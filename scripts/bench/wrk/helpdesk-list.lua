-- django-helpdesk's filtered ticket list (GET /api/tickets/?status=…&page=…), pages 1–5 (scripts/bench/side-by-side).
function init(args)
  wrk.headers["Authorization"] = "Token " .. os.getenv("HELPDESK_TOKEN")
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/api/tickets/?status=" .. math.random(4) .. "&page=" .. math.random(5))
end

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
