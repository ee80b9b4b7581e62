-- wrk: POST flag.created to Herald's /v1/events about 1,000 different flags (the subject of an
-- ordered webhook), round robin, with the account's key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("HERALD_KEY")
local n = 0
request = function()
  n = n + 1
  local body = '{"type":"flag.created","data":{"flag_id":"flg_' .. (n % 1000)
      .. '","flag_key":"checkout","project":"web"}}'
  return wrk.format(nil, nil, nil, body)
end
