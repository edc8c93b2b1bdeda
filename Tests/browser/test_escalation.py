"""Confirmation, walked in Danish: a parent at a desk adds "Medicin" to a child's day in the editor, asks for it to
be marked as done within 5 minutes and chooses herself to be told. Nobody ticks it off, so a calm line comes at the
top of her open page with the sentence in Danish and the way to the day; she then chooses no mails on her account.

Run against a running server:
MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_escalation.py
"""

import json
import os
import re
import subprocess
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, fill, open_route
from plan_pages import ZONE, api, console_problems, set_value
from test_first_use import in_danish, sign_in_as
from test_plan_sizes import register

ENGLISH = re.compile(r"\b(done|marked|within|who|tell|told|minutes?|the|and|sent|save|saved|email)\b", re.I)
# The escalation falls due within two minutes of saving; the scheduler looks each second.
DUE_SECONDS = 180


def test_a_parent_is_told_calmly_when_medicine_is_not_marked_done(driver, base_url):
    creds, token, mette = register(base_url, "Mette")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    wait = WebDriverWait(driver, WAIT_SECONDS)
    sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, wait)
    open_route(driver, wait, base_url, f"/users/{child}/plan", "plan-week")

    # Started four minutes before a whole minute at least 40 s away: 5 minutes to mark it done ends then.
    start = (datetime.now(ZONE) + timedelta(seconds=40)).replace(second=0, microsecond=0) - timedelta(minutes=4)
    today = datetime.now(ZONE).date()
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    fill(driver, "activity-title", "Medicin")
    set_value(driver, "activity-date", start.strftime("%Y-%m-%d"))
    set_value(driver, "activity-start", start.strftime("%H:%M"))
    driver.execute_script("document.getElementById('activity-more').open = true;")
    click(driver, wait, "activity-confirm")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-confirm-within")))
    section = driver.find_element(By.ID, "activity-confirmation")
    assert "Skal markeres som gjort" in section.text and "Hvem skal have besked?" in section.text
    assert not ENGLISH.search(section.text), section.text
    # Saved without anyone to tell: the form says so, in Danish, and keeps the choice open.
    set_value(driver, "activity-confirm-within", "5")
    click(driver, wait, "activity-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-confirm-tell-error")))
    assert "personer fra kredsen" in driver.find_element(By.ID, "activity-confirm-tell-error").text
    planners = api(base_url, "GET", f"/users/{child}/planners", token=token)["items"]
    me = next(p for p in planners if p["plannerId"].lower() == mette["id"].lower())
    click(driver, wait, f"activity-confirm-tell-{me['plannerId']}")
    click(driver, wait, "activity-submit")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    day = api(base_url, "GET", f"/users/{child}/plan?from={start.date()}&to={start.date()}", token=token)
    made = next(o for d in day["days"] for o in d["occurrences"] if o["title"] == "Medicin")
    activity = api(base_url, "GET", f"/users/{child}/activities/{made['activityId']}", token=token)
    assert activity["confirmation"]["withinMinutes"] == 5
    assert [i.lower() for i in activity["confirmation"]["tell"]] == [mette["id"].lower()]

    # Nobody ticks it off: the line comes on her open page, calm and in Danish, once.
    WebDriverWait(driver, DUE_SECONDS).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#escalations .escalation")))
    line = driver.find_element(By.CSS_SELECTOR, "#escalations .escalation")
    assert "Ikke markeret som gjort" in line.text
    assert f"»Medicin« " in line.text and "er endnu ikke markeret som gjort i Idas plan." in line.text, line.text
    assert not ENGLISH.search(line.text), line.text
    assert driver.find_element(By.ID, "escalations").get_attribute("role") == "status"
    for button in line.find_elements(By.CSS_SELECTOR, ".button"):
        assert button.size["height"] >= 44
    line.find_element(By.CSS_SELECTOR, "a.button").click()
    wait.until(EC.url_contains(f"#/users/{child}/plan?day={start.date()}"))
    wait.until(lambda d: not d.find_elements(By.ID, "escalations"))

    # On her account she chooses not to have such messages by mail as well.
    open_route(driver, wait, base_url, "/account", "notices-form")
    card = driver.find_element(By.ID, "notices-form").find_element(By.XPATH, "./ancestor::section[1]")
    assert "Beskeder på mail" in card.text and not ENGLISH.search(card.text), card.text
    assert driver.find_element(By.ID, "notices-escalation-mail").is_selected()
    assert not driver.find_element(By.ID, "notices-daily-summary").is_selected()
    assert driver.find_element(By.ID, "notices-service-news").is_selected()
    click(driver, wait, "notices-escalation-mail")
    click(driver, wait, "notices-daily-summary")
    click(driver, wait, "notices-save")
    wait.until(lambda d: "Gemt." in card.text)
    assert api(base_url, "GET", "/me/notice-settings", token=token) == {
        "escalationMail": False, "escalationSms": False, "dailySummary": True, "serviceNews": True}
    assert not console_problems(driver)


@pytest.mark.skipif(not os.environ.get("MOBILIZE_DATA_DIR"), reason="sends through the server's outbox in MOBILIZE_DATA_DIR")
def test_a_service_notice_comes_by_mail_and_its_link_unsubscribes(driver, base_url):
    from outbox import mailed_token

    creds, token, _ = register(base_url, "Mette")
    api(base_url, "POST", "/auth/verify-email", {"token": mailed_token(creds["email"], "verify")})
    # The operator sends news of an update; the server's outbox mails it.
    notice = f"update-{datetime.now().timestamp()}"
    subprocess.run(
        [".build/debug/mobilize", "service-notice", "--id", notice, "--subject-da", "Nyt i Mobilize",
         "--body-da", "Nu kan aktiviteter bekræftes.", "--subject-en", "New in Mobilize",
         "--body-en", "Activities can now be confirmed."],
        check=True, timeout=120, capture_output=True,
        env={**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SMTP_HOST")},
             "DATA_DIR": os.environ["MOBILIZE_DATA_DIR"], "PUBLIC_URL": base_url},
    )
    link = mailed_token(creds["email"], "unsubscribe", timeout=120)
    wait = WebDriverWait(driver, WAIT_SECONDS)
    open_route(driver, wait, base_url, f"/unsubscribe?token={link}", "unsubscribe-confirm")
    in_danish(driver, wait)
    open_route(driver, wait, base_url, f"/unsubscribe?token={link}", "unsubscribe-confirm")
    page = driver.find_element(By.ID, "main")
    assert "Afmeld nyheder" in page.text and "driftsstop og sikkerhed" in page.text
    assert not ENGLISH.search(page.text), page.text
    click(driver, wait, "unsubscribe-confirm")
    wait.until(lambda d: "Du er afmeldt." in d.find_element(By.ID, "unsubscribe-result").text)
    assert api(base_url, "GET", "/me/notice-settings", token=token)["serviceNews"] is False
    # A link made up is not known, said calmly.
    open_route(driver, wait, base_url, "/unsubscribe?token=abcdefghijklmnopqrstuvwxyz", "unsubscribe-confirm")
    click(driver, wait, "unsubscribe-confirm")
    wait.until(lambda d: "Linket kendes ikke" in d.find_element(By.ID, "unsubscribe-result").text)
    assert not console_problems(driver)


class _Gateway(BaseHTTPRequestHandler):
    """The SMS gateway the server is configured with (SMS_GATEWAY_URL): keeps what it is sent."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Gateway.received.append((self.headers.get("Authorization"), json.loads(body)))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_parent_proves_her_phone_number_and_chooses_sms(driver, base_url):
    gateway = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("MOBILIZE_SMS_PORT", "18097"))), _Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    try:
        creds, token, _ = register(base_url, "Mette")
        wait = WebDriverWait(driver, WAIT_SECONDS)
        driver.set_window_size(390, 844)
        sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
        wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
        in_danish(driver, wait)
        open_route(driver, wait, base_url, "/account", "phone-form")
        card = driver.find_element(By.ID, "notices-form").find_element(By.XPATH, "./ancestor::section[1]")
        assert "Telefonnummer til sms" in card.text and not ENGLISH.search(card.text), card.text
        # SMS needs a proved number first.
        assert not driver.find_element(By.ID, "notices-escalation-sms").is_enabled()
        fill(driver, "phone-number", "12 34 56 78")
        click(driver, wait, "phone-send")
        wait.until(EC.visibility_of_element_located((By.ID, "phone-verify-form")))
        assert "+4512345678" in driver.find_element(By.ID, "phone-state").text
        WebDriverWait(driver, 60).until(lambda d: any(m["to"] == "+4512345678" for _, m in _Gateway.received))
        authorization, message = next((a, m) for a, m in reversed(_Gateway.received) if m["to"] == "+4512345678")
        assert authorization == "Bearer test-gateway" and message["from"] == "Mobilize"
        code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
        assert "Din kode til Mobilize" in message["text"]
        fill(driver, "phone-code", code)
        click(driver, wait, "phone-verify")
        wait.until(lambda d: "er bekræftet" in (d.find_element(By.ID, "phone-state").text or ""))
        wait.until(lambda d: d.find_element(By.ID, "notices-escalation-sms").is_enabled())
        click(driver, wait, "notices-escalation-sms")
        click(driver, wait, "notices-save")
        wait.until(lambda d: "Gemt." in d.find_element(By.ID, "notices-form").find_element(By.XPATH, "./ancestor::section[1]").text)
        assert api(base_url, "GET", "/me/notice-settings", token=token)["escalationSms"] is True
        assert api(base_url, "GET", "/me/phone", token=token) == {"number": "+4512345678", "verified": True, "smsAvailable": True}
        assert not console_problems(driver)
    finally:
        gateway.shutdown()
        gateway.server_close()
