"""SMTP sink for tests: accepts every message and stores it as one file in a folder.

Usage: smtp_sink.py [--host 127.0.0.1] [--port 2525] [--pidfile FILE] MAILDIR

Each message becomes MAILDIR/<time>-<n>.eml, written to a dot-file first and then renamed,
so a reader listing *.eml never sees half a message. The raw message is preceded by two
headers recording the SMTP envelope: X-Envelope-From and X-Envelope-To (comma-separated).
AUTH PLAIN/LOGIN is offered without TLS and accepts any credentials, so a client configured
with a username works too. Runs until SIGTERM or SIGINT.
"""

import argparse
import itertools
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class MaildirHandler:
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            name = f"{time.time_ns()}-{next(self.counter):05d}"
        envelope_headers = (
            f"X-Envelope-From: {envelope.mail_from}\r\n"
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode()
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        temporary = os.path.join(self.folder, f".{name}.tmp")
        with open(temporary, "wb") as file:
            file.write(envelope_headers + data)
            file.flush()
            os.fsync(file.fileno())
        os.rename(temporary, os.path.join(self.folder, f"{name}.eml"))
        return "250 OK stored"


def accept_any_login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("maildir")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--pidfile")
    args = parser.parse_args()

    os.makedirs(args.maildir, exist_ok=True)
    controller = Controller(
        MaildirHandler(args.maildir),
        hostname=args.host,
        port=args.port,
        authenticator=accept_any_login,
        auth_require_tls=False,
    )
    controller.start()  # returns once the port accepts connections

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.pidfile:
        with open(args.pidfile, "w") as file:
            file.write(f"{os.getpid()}\n")
    print(f"smtp sink on {args.host}:{args.port} -> {args.maildir}", flush=True)
    try:
        while not stop.wait(1):
            pass
    finally:
        controller.stop()
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except FileNotFoundError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
