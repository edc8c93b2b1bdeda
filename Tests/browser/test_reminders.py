"""Reminders, walked in Danish: a parent at a desk sets how a child is reminded (a soft sound, no reading aloud, quiet
hours) on the child's page; the child's tablet shows today, and when an activity starts, the reminder comes over the
whole screen with its picture, its title and "Nu", and goes with one tap on OK. The parent's own screen shows nothing.

Run against a running server with the pictogram archive imported:
MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_reminders.py
"""

import re
from datetime import datetime, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, fill, open_route
from plan_pages import ZONE, api, console_problems
from test_first_use import in_danish, sign_in_as, text_of
from test_plan_sizes import register

TABLET = (1024, 768)
ENGLISH = re.compile(r"\b(reminders?|quiet|hours?|sound|speech|save|the|and|now)\b", re.I)
# The reminder comes in the minute the activity starts; the scheduler looks each second.
DUE_SECONDS = 150


def test_a_reminder_due_in_a_minute_appears_on_the_childs_screen(driver, second_driver, base_url):
    creds, token, _ = register(base_url, "Mette")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    desk = WebDriverWait(driver, WAIT_SECONDS)
    tablet = WebDriverWait(second_driver, WAIT_SECONDS)

    # Quiet hours that do not hold now (the test may run at any hour).
    now = datetime.now(ZONE)
    quiet_from, quiet_until = ((now + timedelta(hours=h)).strftime("%H:%M") for h in (3, 4))

    # Mette at her desk, on Ida's page: sound on, no reading aloud, quiet hours.
    sign_in_as(driver, desk, base_url, creds["email"], creds["password"])
    desk.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, desk)
    open_route(driver, desk, base_url, f"/users/{child}", "reminders-form")
    card = driver.find_element(By.ID, "reminders-form").find_element(By.XPATH, "./ancestor::section[1]")
    assert "Påmindelser" in card.text
    assert not ENGLISH.search(card.text), card.text
    assert driver.find_element(By.ID, "reminders-at-start").is_selected()
    assert driver.find_element(By.ID, "reminders-sound").is_selected()
    click(driver, desk, "reminders-quiet")
    desk.until(EC.visibility_of_element_located((By.ID, "reminders-quiet-from")))
    fill(driver, "reminders-quiet-from", quiet_from.replace(":", ""))
    fill(driver, "reminders-quiet-until", quiet_until)
    fill(driver, "reminders-per-hour", "0")
    click(driver, desk, "reminders-save")
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#reminders-per-hour[aria-invalid='true']"))
    fill(driver, "reminders-per-hour", "4")
    click(driver, desk, "reminders-save")
    desk.until(lambda d: "Påmindelserne er gemt." in (card.text or ""))
    saved = api(base_url, "GET", f"/users/{child}/reminder-settings", token=token)
    assert saved == {"quietHours": {"from": quiet_from, "until": quiet_until}, "sound": True, "speech": False,
                     "atStart": True, "perHour": 4}, saved

    # An activity that starts at the next whole minute (at least 20 s away), with a picture.
    now = datetime.now(ZONE)
    start = (now + timedelta(seconds=20)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    pictogram = api(base_url, "GET", "/pictograms?q=sv%C3%B8mning&lang=da", token=token)["items"][0]["id"]
    api(base_url, "POST", f"/users/{child}/activities",
        {"title": "Svømning", "start": start.strftime("%Y-%m-%dT%H:%M"), "pictogramId": pictogram}, token=token)

    # Ida's tablet, paired and in Danish, shows today; the reminder comes at the start, over everything.
    second_driver.set_window_size(*TABLET)
    code = api(base_url, "POST", f"/users/{child}/pairing-codes", token=token)["code"]
    open_route(second_driver, tablet, base_url, f"/pair?code={code}", "pair-form")
    in_danish(second_driver, tablet)
    fill(second_driver, "pair-device-name", "Tablet")
    click(second_driver, tablet, "pair-submit")
    tablet.until(EC.visibility_of_element_located((By.ID, "device-day")))
    assert not second_driver.find_elements(By.ID, "reminder")
    WebDriverWait(second_driver, DUE_SECONDS).until(EC.visibility_of_element_located((By.ID, "reminder")))
    overlay = second_driver.find_element(By.ID, "reminder")
    assert overlay.get_attribute("role") == "alertdialog"
    assert text_of(second_driver, "reminder-title") == "Svømning"
    assert text_of(second_driver, "reminder-when") in ("Nu", "Er i gang")
    assert "Påmindelse" in overlay.text and not ENGLISH.search(overlay.text), overlay.text
    picture = second_driver.find_element(By.ID, "reminder-picture")
    assert f"/api/v1/pictograms/{pictogram}/image" in picture.get_attribute("src")
    tablet.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", picture))
    assert second_driver.switch_to.active_element.get_attribute("id") == "reminder-ok"
    # Big enough for a child's finger.
    size = second_driver.find_element(By.ID, "reminder-ok").size
    assert size["height"] >= 44 and size["width"] >= 44
    click(second_driver, tablet, "reminder-ok")
    tablet.until(lambda d: not d.find_elements(By.ID, "reminder"))
    # Shown once: a reload does not bring it back.
    second_driver.refresh()
    tablet.until(EC.visibility_of_element_located((By.ID, "device-day")))
    assert not second_driver.find_elements(By.ID, "reminder")

    # The parent's screen is not the child's: nothing came there.
    assert not driver.find_elements(By.ID, "reminder")
    assert not console_problems(second_driver)


def test_a_young_person_sets_their_own_reminders_and_notifications_on_a_phone(driver, base_url):
    from test_first_use import young_person_with_username

    _, _, oliver, username = young_person_with_username(base_url)
    wait = WebDriverWait(driver, WAIT_SECONDS)
    driver.set_window_size(390, 844)
    sign_in_as(driver, wait, base_url, username, "eget kodeord 1")
    # Signed in once their own week is on screen; only then is the account page theirs to open.
    wait.until(EC.url_contains(f"#/users/{oliver['id']}/plan"))
    in_danish(driver, wait)
    open_route(driver, wait, base_url, "/account", "reminders-form")
    card = driver.find_element(By.ID, "reminders-form").find_element(By.XPATH, "./ancestor::section[1]")
    # Their own: they may change it, and this phone may show notifications.
    click(driver, wait, "reminders-speech")
    click(driver, wait, "reminders-save")
    wait.until(lambda d: "Påmindelserne er gemt." in card.text)
    me = api(base_url, "POST", "/auth/login", {"username": username, "password": "eget kodeord 1"})["token"]
    assert api(base_url, "GET", f"/users/{oliver['id']}/reminder-settings", token=me)["speech"] is True
    wait.until(lambda d: (text_of(d, "push-state") or "") != "")
    assert text_of(driver, "push-state") in (
        "Notifikationer er slået fra på denne enhed.",
        "Browseren har sagt nej til notifikationer fra appen. Det kan ændres i browserens indstillinger for siden.",
        "Denne browser kan ikke vise notifikationer fra appen. Påmindelserne kommer stadig, når appen er åben.",
    )
    assert not ENGLISH.search(card.text), card.text
    # The page's worker is our own script: no third party, no policy broken.
    assert driver.execute_script("return fetch('/sw.js').then(r => r.status)") == 200
    assert not console_problems(driver)
