-- wrk: POST the catalog example of flag.created to Herald's /v1/events with the account's key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("HERALD_KEY")
wrk.body = '{"type":"flag.created","data":{"flag_id":"flg_bench","flag_key":"checkout","project":"web"}}'
