"""What the plan's browser tests share: the API from Python, and reading the week as the page draws it."""
import json
import urllib.request
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Copenhagen")  # the time zone the home page suggests for a new person


def api(base_url, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"{base_url}/api/v1{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


def set_value(driver, element_id, value):
    """Date and time inputs take their value the way the page reads it (typing depends on the browser's locale)."""
    driver.execute_script(
        "const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        "el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));",
        element_id, value)


def titles_on(driver, date):
    """The titles shown on one day of the week view, read in one go (the view is redrawn after each change)."""
    return driver.execute_script(
        "return [...document.querySelectorAll(`#plan-day-${arguments[0]} .occ-title`)].map((el) => el.textContent);",
        str(date))


def card_on(driver, date, title):
    """The id of the card with `title` on `date`."""
    return driver.execute_script(
        "const card = [...document.querySelectorAll(`#plan-day-${arguments[0]} .occ`)]"
        ".find((el) => el.querySelector('.occ-title').textContent === arguments[1]); return card ? card.id : null;",
        str(date), title)


def console_problems(driver):
    """Content-Security-Policy violations and script errors in the console, read in one go (reading empties it).
    Not network answers (a 401 before signing in), nor the live channel's handshake while the server is away:
    the page retries that quietly."""
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"] or (
        e.get("level") == "SEVERE" and e.get("source") != "network"
        and "Failed to load resource" not in e["message"] and "/api/v1/realtime" not in e["message"])]
