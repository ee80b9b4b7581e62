-- wrk: POST a delivery-sized JSON body, as Herald's deliveries are.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"dlv_01M8KZ92WGJNTT9XV774YB1YGZ","eventId":"evt_01M8KZ92WGJNTT9XV774YB1YGA","type":"flag.created","createdAt":"2026-11-29T15:00:00Z","accountId":"acc_01M8KZ92WGJNTT9XV774YB1YGB","data":{"flag_id":"flg_bench","flag_key":"checkout","project":"web"}}'
