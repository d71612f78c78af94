-- The full workflow mix: residents submit (public intake), the joint centre dispatches to 光华街道 (MASHANG_TOKEN),
-- the street signs for and replies (MASHANG_TOKEN_ORG), the joint centre follows up with the resident and closes
-- (MASHANG_TOKEN_FOLLOWUP); between those steps staff read filtered lists, tickets through the API and the staff
-- ticket page (MASHANG_COOKIE). Out of every ten requests: 1 intake, 4 workflow steps, 2 lists, 2 API ticket reads,
-- 1 staff page; a step with nothing waiting becomes a read.
--
-- One request per ticket is in flight at a time, and an answer is matched to its ticket by the number in the body,
-- so a step follows only a step that succeeded (wrk does not say which request an answer belongs to).
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
dofile(here .. "residents.lua")

local steps = {
  dispatch = {path = "dispatch", token = "MASHANG_TOKEN", next = "acknowledge",
              body = '{"organization":"guanghua-street","department":"gh-construction"}'},
  acknowledge = {path = "acknowledge", token = "MASHANG_TOKEN_ORG", next = "reply", body = '{}'},
  reply = {path = "reply", token = "MASHANG_TOKEN_ORG", next = "followup",
           body = '{"text":"已派人到现场处理完毕,请您查看","contactMethod":"phone"}'},
  followup = {path = "follow-up", token = "MASHANG_TOKEN_FOLLOWUP", next = nil, body = '{"satisfaction":"satisfied"}'},
}
local slots = {"intake", "dispatch", "list", "view", "acknowledge", "page", "reply", "list", "followup", "view"}
local filters = {"status=dispatched&organization=guanghua-street", "status=inProgress&organization=guanghua-street",
                 "status=replied", "status=received"}
local waiting = {dispatch = {}, acknowledge = {}, reply = {}, followup = {}}
local inflight = {}   -- number → the step (or "view") sent for it and not yet answered
local known = {}      -- numbers this thread created, for reads
local slot = 0
local counter = 0
local tokens = {}
sent, done_steps = {}, {}

function init(args)
  math.randomseed(os.time() + tid * 7919)
  for _, name in ipairs({"MASHANG_TOKEN", "MASHANG_TOKEN_ORG", "MASHANG_TOKEN_FOLLOWUP"}) do
    tokens[name] = {["Authorization"] = "Bearer " .. os.getenv(name), ["Content-Type"] = "application/json"}
  end
  -- Reads of the history before this run, so that the first requests have something to read.
  for line in io.lines(os.getenv("MASHANG_NUMBERS")) do known[#known + 1] = line end
end

local function count(table_, name) table_[name] = (table_[name] or 0) + 1 end

local function take(step)
  local queue = waiting[step]
  for i = 1, #queue do
    local number = queue[i]
    if inflight[number] == nil then
      table.remove(queue, i)
      return number
    end
  end
end

local function read()
  local number = known[#known - math.random(math.min(#known, 2000)) + 1]
  if math.random(3) == 1 or inflight[number] ~= nil then
    count(sent, "list")
    return wrk.format("GET", "/api/v1/tickets?" .. filters[math.random(#filters)] .. "&page=" .. math.random(3), tokens.MASHANG_TOKEN)
  end
  inflight[number] = "view"
  count(sent, "view")
  return wrk.format("GET", "/api/v1/tickets/" .. number, tokens.MASHANG_TOKEN)
end

function request()
  slot = slot % #slots + 1
  local kind = slots[slot]
  if kind == "intake" then
    counter = counter + 1
    count(sent, "intake")
    return resident_request(tid, counter, "complaint")
  elseif kind == "list" then
    count(sent, "list")
    return wrk.format("GET", "/api/v1/tickets?" .. filters[math.random(#filters)] .. "&page=" .. math.random(3), tokens.MASHANG_TOKEN)
  elseif kind == "page" then
    count(sent, "page")
    return wrk.format("GET", "/staff/tickets/" .. known[#known - math.random(math.min(#known, 2000)) + 1], {["Cookie"] = os.getenv("MASHANG_COOKIE")})
  elseif kind == "view" then
    return read()
  end
  local number = take(kind)
  if number == nil then return read() end
  local step = steps[kind]
  inflight[number] = kind
  count(sent, kind)
  return wrk.format("POST", "/api/v1/tickets/" .. number .. "/" .. step.path, tokens[step.token], step.body)
end

function response(status, headers, body)
  if body:sub(1, 9) == '{"items":' then return end
  local number = body:match('"number":"(MS%-%d+%-%d+)"')
  if number == nil then return end
  local step = inflight[number]
  inflight[number] = nil
  if step == nil then
    if status == 201 then
      table.insert(waiting.dispatch, number)
      known[#known + 1] = number
    end
  elseif step ~= "view" and status == 200 then
    count(done_steps, step)
    if steps[step].next then table.insert(waiting[steps[step].next], number) end
  end
end

dofile(here .. "report.lua")
local report = done

function done(summary, latency, requests)
  report(summary, latency, requests)
  local totals, finished = {}, {}
  for _, thread in ipairs(threads) do
    for name, value in pairs(thread:get("sent")) do totals[name] = (totals[name] or 0) + value end
    for name, value in pairs(thread:get("done_steps")) do finished[name] = (finished[name] or 0) + value end
  end
  local seconds = summary.duration / 1e6
  local parts = {}
  for _, name in ipairs({"intake", "dispatch", "acknowledge", "reply", "followup", "list", "view", "page"}) do
    parts[#parts + 1] = string.format("%s=%.0f", name, (totals[name] or 0) / seconds)
  end
  io.write("MIX sent/s " .. table.concat(parts, " ") .. string.format(" closed/s=%.0f\n", (finished.followup or 0) / seconds))
end
