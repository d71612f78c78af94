"""A fake Alibaba Cloud SMS gateway on this machine: it checks each SendSms request's signature as the provider
documents it (HMAC-SHA1 with the secret and "&" over GET&%2F& and the encoded, sorted query) and keeps the messages it
accepted, so that a test can read what a resident's phone would have received."""
import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The carrier-registered template code of each purpose, as a deployment configures them (MASHANG_SMS_TEMPLATES).
TEMPLATES = {
    "received": "SMS_1",
    "dispatched": "SMS_2",
    "replied": "SMS_3",
    "closed": "SMS_4",
    "rejected": "SMS_5",
    "reopened": "SMS_6",
    "extensionGranted": "SMS_7",
    "taskDue": "SMS_8",
    "sentimentReportDue": "SMS_9",
    "supervisionNotice": "SMS_10",
    "escalated": "SMS_11",
    "legalDayReminder": "SMS_12",
    "legalDayMoved": "SMS_13",
    "legalDayCancelled": "SMS_14",
    "paused": "SMS_15",
    "resumed": "SMS_16",
    "referred": "SMS_17",
}



def encode(text):
    return urllib.parse.quote(text, safe="-_.~")


class FakeAliyunSMS:
    def __init__(self, key_id, secret, delay=0.0):
        """`delay`: seconds each answer takes, as a distant gateway's would."""
        self.messages = []
        self.refused = 0
        lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fields = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True))
                given = fields.pop("Signature", "")
                canonical = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(fields.items()))
                digest = hmac.new((secret + "&").encode(), ("GET&%2F&" + encode(canonical)).encode(), hashlib.sha1).digest()
                valid = given == base64.b64encode(digest).decode() and fields.get("AccessKeyId") == key_id
                with lock:
                    if valid and fields.get("Action") == "SendSms":
                        gateway.messages.append(dict(fields, TemplateParam=json.loads(fields["TemplateParam"])))
                        answer = {"Code": "OK", "Message": "OK", "BizId": f"biz-{len(gateway.messages)}"}
                    else:
                        gateway.refused += 1
                        answer = {"Code": "SignatureDoesNotMatch", "Message": "signature mismatch"}
                time.sleep(delay)
                body = json.dumps(answer).encode()
                try:
                    self.send_response(200 if answer["Code"] == "OK" else 400)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server was killed mid-request: the message counts as received all the same

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count_by_out_id(self):
        """How many times each outbox row reached the gateway."""
        counts = {}
        for message in list(self.messages):
            counts[message["OutId"]] = counts.get(message["OutId"], 0) + 1
        return counts

    def close(self):
        self.server.shutdown()
