# Receives Herald webhooks on POST /webhooks/herald with nothing but Python's standard library.
# Run: HERALD_WEBHOOK_SECRET=whsec_... PORT=3000 python3 receiver.py
import base64
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["HERALD_WEBHOOK_SECRET"]  # whsec_... as Herald reveals it
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))
TOLERANCE_SECONDS = 5 * 60
seen = set()  # delivery ids already handled; use your database in production


def verify(headers, body):
    """Standard Webhooks: HMAC-SHA256 of "id.timestamp.body", any of the space-separated v1 signatures."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp outside the tolerance")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body  # the raw bytes, never re-serialised
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):  # constant time, not ==
            return json.loads(body)
    raise ValueError("no signature matches")


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/webhooks/herald":
            self.send_response(404)
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            delivery = verify(self.headers, body)
        except ValueError as error:
            print(f"rejected: {error}", flush=True)
            self.send_response(401)
            self.end_headers()
            return
        self.send_response(204)  # answer fast; do the work after
        self.end_headers()
        if delivery["id"] in seen:
            return  # a retry or redelivery of something already handled
        seen.add(delivery["id"])
        print(f"received {delivery['type']} {delivery['id']}", flush=True)

    def log_message(self, format, *args):
        pass  # keep standard output for deliveries


server = HTTPServer(  # one request at a time: quick answers make that enough, and `seen` needs no lock
    ("127.0.0.1", int(os.environ.get("PORT", "3000"))), Handler)
print("listening", flush=True)
server.serve_forever()
