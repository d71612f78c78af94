-- A new resident's public intake (the QR form's JSON call): own phone, own address behind the trusted proxy, own
-- Idempotency-Key, spread over the demo's intake points, categories and kinds. Used by intake.lua and mix.lua.
local points = {"jiangzuan-gate", "yuanlin-gate", "guanghua-gate", "wuqi-gate", "xiangyang-gate", "yunshu-gate", "jiangzuan-school"}
local categories = {"housing.leak", "property.elevator", "environment.waste", "utilities.water", "traffic.parking", "property.fees"}
local kinds = {"complaint", "help", "consultation", "suggestion"}
local texts = {"三栋顶楼屋顶漏水,雨天滴水严重", "电梯经常停运,老人上下楼困难", "垃圾清运不及时,气味很大", "自来水水压低,高层用水困难",
               "小区车辆乱停放,消防通道被占", "物业费收费标准不清楚,想咨询"}

-- The `counter`-th resident of wrk thread `tid`; `kind` fixes the kind (nil: any).
function resident_request(tid, counter, kind)
  local phone = string.format("13%d%08d", tid % 10, (counter * 7 + tid) % 100000000)
  local i = math.random(#texts)
  local body = string.format('{"intakePoint":"%s","kind":"%s","category":"%s","description":"%s","requester":{"name":"居民%d","phone":"%s"}}',
    points[math.random(#points)], kind or kinds[math.random(#kinds)], categories[i], texts[i], counter % 1000, phone)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid, math.floor(counter / 250) % 250, counter % 250),
    ["Idempotency-Key"] = string.format("load-%d-%d-%d", tid, os.time(), counter),
  }
  return wrk.format("POST", "/api/v1/intake", headers, body)
end
