"""Web Push to the standards, checked by independent implementations: a young person's phone subscribes (a P-256 key
and an auth secret, made here as a browser makes them) with a push service this test runs on this machine; when a
reminder falls due, the server posts it there. The test verifies the VAPID token (RFC 8292) with `cryptography` and
decrypts the message (RFC 8291, aes128gcm) with `http_ece`: the reminder is in it, and nobody between could read it.
Signing out ends the subscription.

The server must allow the local push service: PUSH_SERVICES includes http://127.0.0.1 (as `make test` starts it).
Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_push.py
"""
import base64
import json
import os
import queue
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from plan_pages import ZONE, api
from test_first_use import young_person_with_username

DUE_SECONDS = 150


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on this machine: keeps every message posted to /push/<name>, answers 201."""

    def __init__(self):
        self.messages = queue.Queue()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.messages.put((self.path, dict(self.headers), body))
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def test_a_due_reminder_is_pushed_encrypted_and_signed_to_the_standards(base_url):
    _, token, oliver, username = young_person_with_username(base_url)
    phone = api(base_url, "POST", "/auth/login", {"username": username, "password": "eget kodeord 1"})["token"]
    service = PushService()
    try:
        # The phone's keys, as a browser makes them for its subscription.
        browser_key = ec.generate_private_key(ec.SECP256R1())
        p256dh = browser_key.public_key().public_bytes(serialization.Encoding.X962,
                                                       serialization.PublicFormat.UncompressedPoint)
        auth = os.urandom(16)
        server_key = api(base_url, "GET", "/push/key", token=phone)["publicKey"]
        endpoint = f"{service.origin}/push/oliver-phone"
        made = api(base_url, "POST", "/me/push-subscriptions",
                   {"endpoint": endpoint, "keys": {"p256dh": b64(p256dh), "auth": b64(auth)}}, token=phone)
        assert made["thisDevice"] is True and made["service"] == "127.0.0.1"

        start = (datetime.now(ZONE) + timedelta(seconds=20)).replace(second=0, microsecond=0) + timedelta(minutes=1)
        api(base_url, "POST", f"/users/{oliver['id']}/activities",
            {"title": "Fodbold", "start": start.strftime("%Y-%m-%dT%H:%M"), "durationMinutes": 60}, token=phone)
        path, headers, body = service.messages.get(timeout=DUE_SECONDS)
        assert path == "/push/oliver-phone"
        headers = {k.lower(): v for k, v in headers.items()}
        assert headers["content-encoding"] == "aes128gcm"
        assert 0 < int(headers["ttl"]) <= 3600 and headers["urgency"] == "high"

        # VAPID (RFC 8292): the token names this push service's origin, expires within a day, and is signed by the
        # key the server gives browsers.
        scheme, params = headers["authorization"].split(" ", 1)
        assert scheme == "vapid"
        fields = dict(part.strip().split("=", 1) for part in params.split(","))
        assert fields["k"] == server_key
        head, claims, signature = fields["t"].split(".")
        assert json.loads(unb64(head)) == {"typ": "JWT", "alg": "ES256"}
        claims = json.loads(unb64(claims))
        assert claims["aud"] == service.origin
        assert time.time() < claims["exp"] <= time.time() + 24 * 3600
        assert claims["sub"].startswith(("mailto:", "https:"))
        raw = unb64(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(server_key))
        public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                      f"{head}.{fields['t'].split('.')[1]}".encode(), ec.ECDSA(hashes.SHA256()))

        # RFC 8291: only the phone's key and secret open it.
        message = json.loads(http_ece.decrypt(body, private_key=browser_key, auth_secret=auth, version="aes128gcm"))
        assert message["type"] == "reminder"
        assert message["reminder"]["title"] == "Fodbold" and message["reminder"]["minutesBefore"] == 0
        assert message["reminder"]["occurrenceStart"] == start.strftime("%Y-%m-%dT%H:%M")
        assert b"Fodbold" not in body

        # Signed out on the phone: its subscription went with the session.
        # The service's answer reaches the server after the service kept the message: wait for it to be noted.
        deadline = time.time() + 30
        listed = api(base_url, "GET", "/me/push-subscriptions", token=phone)["items"]
        while not listed[0].get("lastSuccessAt") and time.time() < deadline:
            time.sleep(0.1)
            listed = api(base_url, "GET", "/me/push-subscriptions", token=phone)["items"]
        assert [s["service"] for s in listed] == ["127.0.0.1"] and listed[0].get("lastSuccessAt")
        api(base_url, "POST", "/auth/logout", token=phone)
        again = api(base_url, "POST", "/auth/login", {"username": username, "password": "eget kodeord 1"})["token"]
        assert api(base_url, "GET", "/me/push-subscriptions", token=again)["items"] == []
    finally:
        service.close()
