-- django-helpdesk's ticket creation (POST /api/tickets/, token of a staff user in HELPDESK_TOKEN): the same texts
-- as Mashang's residents, one new submitter each (scripts/bench/side-by-side).
local texts = {"三栋顶楼屋顶漏水,雨天滴水严重", "电梯经常停运,老人上下楼困难", "垃圾清运不及时,气味很大", "自来水水压低,高层用水困难",
               "小区车辆乱停放,消防通道被占", "物业费收费标准不清楚,想咨询"}
local counter = 0

function init(args)
  math.randomseed(os.time() + tid * 7919)
  wrk.headers["Authorization"] = "Token " .. os.getenv("HELPDESK_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local text = texts[math.random(#texts)]
  local body = string.format('{"queue":1,"title":"%s","description":"%s","submitter_email":"r%d-%d@example.cn","priority":3}',
    text, text, tid, counter)
  return wrk.format("POST", "/api/tickets/", nil, body)
end

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
