"""The server's outbox (MOBILIZE_DATA_DIR/outbox, one .eml file a mail), read by browser tests that follow a mailed
link. Mails leave after the answer of the request that sends them, so a reader waits for the mail to arrive."""
import email
import os
import re
import time


def mailed_token(to, page, timeout=60):
    """The token of the newest link to `#/{page}?token=` (or `?code=`) mailed to `to`, waiting for it to arrive."""
    box = os.path.join(os.environ["MOBILIZE_DATA_DIR"], "outbox")
    pattern = re.compile(rf"#/{re.escape(page)}\?(?:token|code)=([A-Za-z0-9_-]+)")
    deadline = time.monotonic() + timeout
    while True:
        # A mail is written to a hidden file first and renamed to .eml when whole: read only those.
        names = sorted((n for n in os.listdir(box) if n.endswith(".eml")), reverse=True) if os.path.isdir(box) else []
        for name in names:
            with open(os.path.join(box, name), "rb") as f:
                mail = email.message_from_bytes(f.read())
            body = mail.get_payload(decode=True).decode()
            found = pattern.search(body)
            if mail["To"] == to and found:
                return found.group(1)
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to} with a link to #/{page}")
        time.sleep(0.1)
