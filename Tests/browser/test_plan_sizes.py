"""The plan on a tablet (1024x768) and on a phone (390x844): the planner's week in the weekday colours with repeats
in plain words, the child's day (now with a countdown, next, a few more and the rest on request, a calm "Well done!",
checklist steps as pictures, nothing red), PlaNet (a young person adds an activity in three taps and sees what a
planner added), and child mode (a planner hands their own device to a child and takes it back with a PIN).

Every test runs at both sizes. Run against a running server with the pictogram archive imported:
  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_plan_sizes.py
Reading what a planner added needs the server's outbox for the invitation mail: MOBILIZE_DATA_DIR (scripts/test.sh
sets it).
"""
import os
import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import click, create_user, fill, open_route, sign_in, sign_up
from outbox import mailed_token
from plan_pages import ZONE, api, card_on, console_problems, set_value, titles_on

SIZES = {"tablet": (1024, 768), "phone": (390, 844)}
# Monday green, Tuesday purple, Wednesday orange, Thursday blue, Friday yellow, Saturday pink, Sunday red (app.css).
WEEKDAY_COLOURS = ["rgb(95, 167, 119)", "rgb(142, 124, 195)", "rgb(224, 131, 79)", "rgb(74, 144, 217)",
                   "rgb(226, 179, 60)", "rgb(210, 124, 163)", "rgb(208, 98, 92)"]


@pytest.fixture(params=list(SIZES))
def window_size(request):
    return SIZES[request.param]


def register(base_url, name):
    """A person account through the API (with the policy agreed to); answers (credentials, token, user)."""
    tag = uuid.uuid4().hex[:12]
    creds = {"email": f"sizes-{tag}@example.com", "password": f"calm-{tag}-pass", "name": name}
    version = api(base_url, "GET", "/privacy/policy")["version"]
    api(base_url, "POST", "/auth/register", {**creds, "policyVersion": version})
    login = api(base_url, "POST", "/auth/login", {"email": creds["email"], "password": creds["password"]})
    return creds, login["token"], login["user"]


def text_of(driver, element_id):
    return driver.execute_script("return document.getElementById(arguments[0])?.innerText.trim() ?? null;", element_id)


def fits_width(driver):
    """No horizontal scrolling: the page is no wider than the window."""
    return driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")


def dates_of(base_url, token, user_id, title, start, end):
    """The dates `title` is on from `start` to `end`, as the API's plan has them (read 60 days at a time)."""
    found = []
    while start <= end:
        last = min(end, start + timedelta(days=59))
        days = api(base_url, "GET", f"/users/{user_id}/plan?from={start}&to={last}", token=token)["days"]
        found += [day["date"] for day in days for o in day["occurrences"] if o["title"] == title]
        start = last + timedelta(days=1)
    return found


def long_date(day):
    """"20 December" as the English UI writes a date in a repeat's end."""
    return f"{day.day} {day.strftime('%B')}"


def test_the_planners_week_has_weekday_colours_and_repeats_in_plain_words(driver, wait, base_url, account):
    today = datetime.now(ZONE).date()
    monday = today - timedelta(days=today.weekday())
    tuesday = monday + timedelta(days=1)
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida", app="me")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-plan")
    wait.until(EC.visibility_of_element_located((By.ID, "plan-week")))
    child = re.search(r"#/users/([^/]+)/plan", driver.current_url).group(1)
    token = api(base_url, "POST", "/auth/login", {"email": account["email"], "password": account["password"]})["token"]

    # Each day's header carries its weekday's colour, in the convention's order, behind dark enough text.
    heads = driver.execute_script(
        "return [...document.querySelectorAll('#plan-week .plan-day')].map((day) => {"
        "  const head = getComputedStyle(day.querySelector('.plan-day-head'));"
        "  return [day.dataset.weekday, head.borderTopColor, head.backgroundColor]; });")
    assert [h[0] for h in heads] == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    assert [h[1] for h in heads] == WEEKDAY_COLOURS
    assert len({h[2] for h in heads}) == 7, "each day has its own soft tint"
    assert fits_width(driver)

    # Every other Tuesday, chosen in plain words.
    click(driver, wait, f"plan-add-{tuesday}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    fill(driver, "activity-title", "Piano")
    set_value(driver, "activity-start", "16:00")
    Select(driver.find_element(By.ID, "activity-repeat")).select_by_value("biweekly")
    assert driver.find_element(By.ID, "activity-repeat-day-TU").is_selected()
    wait.until(lambda d: text_of(d, "activity-repeat-summary") == "Every other Tuesday")
    click(driver, wait, "activity-submit")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    wait.until(lambda d: "Piano" in titles_on(d, tuesday))
    assert dates_of(base_url, token, child, "Piano", tuesday, tuesday + timedelta(days=41)) == [
        str(tuesday + timedelta(days=n)) for n in (0, 14, 28)]

    # The last Friday of the month, from that date; it ends after three times.
    first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last_friday = first_of_next - timedelta(days=1)
    while last_friday.weekday() != 4:
        last_friday -= timedelta(days=1)
    click(driver, wait, f"plan-add-{monday}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    fill(driver, "activity-title", "Family dinner")
    set_value(driver, "activity-date", last_friday.isoformat())
    set_value(driver, "activity-start", "18:00")
    Select(driver.find_element(By.ID, "activity-repeat")).select_by_value("monthlyLast")
    wait.until(lambda d: text_of(d, "activity-repeat-summary") == "Last Friday of the month")
    Select(driver.find_element(By.ID, "activity-repeat-end")).select_by_value("count")
    fill(driver, "activity-repeat-count", "3")
    wait.until(lambda d: text_of(d, "activity-repeat-summary") == "Last Friday of the month, 3 times")
    click(driver, wait, "activity-submit")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    dinners = dates_of(base_url, token, child, "Family dinner", last_friday, last_friday + timedelta(days=130))
    assert len(dinners) == 3 and dinners[0] == str(last_friday)
    for day in map(date.fromisoformat, dinners):
        assert day.weekday() == 4 and (day + timedelta(days=7)).month != day.month, f"{day} is a month's last Friday"
    first = api(base_url, "GET", f"/users/{child}/plan?from={last_friday}&to={last_friday}", token=token)["days"][0]
    dinner = next(o for o in first["occurrences"] if o["title"] == "Family dinner")
    rule = api(base_url, "GET", f"/users/{child}/activities/{dinner['activityId']}", token=token)["recurrence"]
    assert rule == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"

    # Every weekday until a date, made elsewhere, is said back in words in the editor; unchanged, it is kept.
    until = today + timedelta(days=20)
    api(base_url, "POST", f"/users/{child}/activities", {
        "title": "School bus", "start": f"{monday}T07:30",
        "recurrence": f"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL={until.strftime('%Y%m%d')}"}, token=token)
    driver.refresh()
    wait.until(lambda d: card_on(d, monday, "School bus"))
    click(driver, wait, card_on(driver, monday, "School bus"))
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    assert Select(driver.find_element(By.ID, "activity-repeat")).first_selected_option.get_attribute("value") == "weekdays"
    assert text_of(driver, "activity-repeat-summary") == f"Every weekday until {long_date(until)}"
    click(driver, wait, "activity-cancel")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))

    # The same in Danish.
    Select(driver.find_element(By.ID, "lang-switch")).select_by_value("da")
    wait.until(lambda d: card_on(d, tuesday, "Piano"))
    click(driver, wait, card_on(driver, tuesday, "Piano"))
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    assert text_of(driver, "activity-repeat-summary") == "Hver anden tirsdag"
    click(driver, wait, "activity-cancel")

    # The day view shows the day's colour too, and nothing is wider than the screen.
    click(driver, wait, f"plan-open-{tuesday}")
    wait.until(lambda d: d.find_element(By.ID, "plan-range").get_attribute("data-weekday") == "TU")
    band = driver.execute_script("return getComputedStyle(document.getElementById('plan-range')).borderLeftColor")
    assert band == WEEKDAY_COLOURS[1]
    assert fits_width(driver)
    assert console_problems(driver) == []


def test_the_childs_day_shows_now_next_and_a_few_more(driver, wait, base_url):
    now = datetime.now(ZONE).replace(second=0, microsecond=0)
    minute = now.hour * 60 + now.minute
    if minute < 10 or minute > 24 * 60 - 20:
        pytest.skip("needs ten minutes of today before now and twenty after")
    at = lambda delta: (now + timedelta(minutes=delta)).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    _, token, _ = register(base_url, "Planner")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    brush = api(base_url, "GET", "/pictograms?q=toothbrush&lang=en", token=token)["items"][0]["id"]
    add = lambda body: api(base_url, "POST", f"/users/{child}/activities", body, token=token)  # noqa: E731
    add({"title": "Breakfast", "start": at(-9), "durationMinutes": 3})
    add({"title": "Brush teeth", "start": at(-4), "durationMinutes": 12, "pictogramId": brush,
         "steps": [{"text": "Toothpaste on the brush", "pictogramId": brush}, {"text": "Rinse"}]})
    for i, title in enumerate(["Reading", "Snack", "Music", "Drawing", "Bath"]):
        add({"title": title, "start": at(9 + 2 * i), "durationMinutes": 1})

    code = api(base_url, "POST", f"/users/{child}/pairing-codes", token=token)["code"]
    open_route(driver, wait, base_url, f"/pair?code={code}", "pair-form")
    fill(driver, "pair-device-name", "Tablet")
    click(driver, wait, "pair-submit")
    wait.until(EC.text_to_be_present_in_element((By.ID, "device-now"), "Brush teeth"))

    # Today in the day's colour; now on top with a countdown, next under it, two more; the rest on request.
    head = driver.find_element(By.ID, "device-head")
    assert head.get_attribute("data-weekday") == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][now.weekday()]
    assert driver.execute_script("return getComputedStyle(arguments[0]).borderLeftColor", head) == WEEKDAY_COLOURS[now.weekday()]
    assert "Reading" in text_of(driver, "device-next")
    now_box, next_box = (driver.find_element(By.ID, i).rect for i in ("device-now", "device-next"))
    if driver.get_window_size()["width"] < 1100:
        assert next_box["y"] >= now_box["y"] + now_box["height"], "next is under now"
    left = driver.execute_script(
        "return Number(getComputedStyle(document.querySelector('#device-now-timer .countdown-pie')).getPropertyValue('--left'))")
    assert 0 < left < 1
    assert "min" in text_of(driver, "device-now-timer")
    later = driver.execute_script("return [...document.querySelectorAll('#device-later .day-card-title')].map((el) => el.textContent)")
    assert later == ["Snack", "Music"]
    shown = driver.find_element(By.ID, "device-day").text
    assert "Drawing" not in shown and "Bath" not in shown and "Breakfast" not in shown
    assert fits_width(driver)

    click(driver, wait, "device-show-rest")
    wait.until(EC.visibility_of_element_located((By.ID, "device-list")))
    titles = driver.execute_script("return [...document.querySelectorAll('#device-list .day-card-title')].map((el) => el.textContent)")
    assert titles == ["Breakfast", "Brush teeth", "Reading", "Snack", "Music", "Drawing", "Bath"]
    past = driver.execute_script("return [...document.querySelectorAll('#device-list .day-card')].find((el) => el.textContent.includes('Breakfast')).className")
    assert "is-past" in past

    # Nothing is red: what is over (and not done) is only quieter.
    reds = driver.execute_script("""
      const red = (c) => { const n = (c.match(/[\\d.]+/g) || []).map(Number);
        return n.length >= 3 && (n[3] ?? 1) > 0 && n[0] >= 170 && n[1] <= 120 && n[2] <= 120; };
      return [...document.querySelectorAll('.device-slot, .device-slot *, #device-list, #device-list *, .device-later *')]
        .filter((el) => { const s = getComputedStyle(el);
          return [s.color, s.backgroundColor, s.borderTopColor, s.borderRightColor, s.borderBottomColor, s.borderLeftColor].some(red); })
        .map((el) => el.id || el.className);""")
    assert reds == []
    assert not re.search(r"overdue|late|too late", driver.find_element(By.ID, "device-day").text, re.I)
    click(driver, wait, "device-show-less")
    wait.until(EC.invisibility_of_element_located((By.ID, "device-list")))

    # One tap on "Done": a calm "Well done!" with a tick drawn in, and the plan knows.
    click(driver, wait, "device-now-done")
    wait.until(EC.visibility_of_element_located((By.ID, "device-well-done")))
    assert text_of(driver, "device-well-done").startswith("Well done!")
    animation = "return getComputedStyle(document.querySelector('#device-well-done .well-done-tick')).animationName"
    assert driver.execute_script(animation) == "well-done-grow"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    assert driver.execute_script(animation) == "none"
    today = now.date().isoformat()
    plan = lambda: api(base_url, "GET", f"/users/{child}/plan?from={today}&to={today}", token=token)["days"][0]["occurrences"]  # noqa: E731
    wait.until(lambda d: next(o for o in plan() if o["title"] == "Brush teeth")["state"] == "done")

    # The checklist as pictures, each with its text under it (a step without one shows its number).
    click(driver, wait, "device-now-open")
    wait.until(EC.visibility_of_element_located((By.ID, "device-steps")))
    steps = driver.execute_script("""
      return [...document.querySelectorAll('#device-steps .device-step')].map((step) => {
        const pic = step.querySelector('.step-picture'); const text = step.querySelector('.step-text');
        return [pic.tagName, pic.getBoundingClientRect().bottom <= text.getBoundingClientRect().top + 1,
                pic.getBoundingClientRect().width, text.textContent]; });""")
    assert [s[0] for s in steps] == ["IMG", "SPAN"]
    assert all(s[1] for s in steps), "the picture is above its text"
    assert steps[0][2] >= 90 and steps[0][3] == "Toothpaste on the brush"
    assert "Well done!" in text_of(driver, "device-well-done")
    assert fits_width(driver)
    assert console_problems(driver) == []


def planet_week(driver, wait, base_url, creds):
    """Sign in as the young person and go to their own week with one tap from home."""
    sign_in(driver, wait, base_url, creds)
    click(driver, wait, "home-my-week")
    wait.until(EC.visibility_of_element_located((By.ID, "plan-week")))
    assert text_of(driver, "plan-title") == "My week"


def test_planet_adds_an_activity_in_three_taps(driver, wait, base_url):
    today = datetime.now(ZONE).date()
    creds, token, user = register(base_url, "Oliver")
    assert user["app"] == "planet", "a person with a login of their own uses PlaNet"
    planet_week(driver, wait, base_url, creds)
    assert f"/users/{user['id']}/plan" in driver.current_url
    assert fits_width(driver)

    # Tap 1: "+" on today. Type a title. Tap 2: "Evening". Saved.
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "quick-form")))
    driver.find_element(By.ID, "quick-title").send_keys("Football")
    click(driver, wait, "quick-time-evening")
    wait.until(EC.invisibility_of_element_located((By.ID, "quick-add")))
    wait.until(lambda d: "Football" in titles_on(d, today))
    football = next(o for o in api(base_url, "GET", f"/users/{user['id']}/plan?from={today}&to={today}", token=token)
                    ["days"][0]["occurrences"] if o["title"] == "Football")
    assert football["start"] == f"{today}T19:00" and football["createdBy"].lower() == user["id"].lower()

    # Private in three taps: "+", the switch, "Morning"; only the owner sees the lock.
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "quick-form")))
    driver.find_element(By.ID, "quick-title").send_keys("Diary")
    driver.find_element(By.CSS_SELECTOR, "label[for='quick-private']").click()
    click(driver, wait, "quick-time-morning")
    wait.until(EC.invisibility_of_element_located((By.ID, "quick-add")))
    wait.until(lambda d: card_on(d, today, "Diary"))
    diary = card_on(driver, today, "Diary")
    wait.until(EC.presence_of_element_located((By.ID, f"{diary}-private")))
    assert not driver.find_elements(By.ID, f"{card_on(driver, today, 'Football')}-private")

    # "More choices" opens the whole editor with what was typed; the young person's own one can be changed.
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "quick-form")))
    driver.find_element(By.ID, "quick-title").send_keys("Homework")
    click(driver, wait, "quick-more")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    assert driver.find_element(By.ID, "activity-title").get_attribute("value") == "Homework"
    assert driver.find_element(By.ID, "activity-date").get_attribute("value") == str(today)
    click(driver, wait, "activity-cancel")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    click(driver, wait, card_on(driver, today, "Football"))
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    click(driver, wait, "activity-cancel")
    assert fits_width(driver)
    assert console_problems(driver) == []


@pytest.mark.skipif(not os.environ.get("MOBILIZE_DATA_DIR"), reason="reads the invitation mail from MOBILIZE_DATA_DIR/outbox")
def test_planet_sees_what_a_planner_added(driver, wait, base_url):
    today = datetime.now(ZONE).date()
    until = today + timedelta(days=20)
    creds, token, user = register(base_url, "Oliver")
    api(base_url, "PATCH", f"/users/{user['id']}", {"birthYear": today.year - 15}, token=token)
    planner, planner_token, _ = register(base_url, "Mette")
    api(base_url, "POST", "/auth/verify-email", {"token": mailed_token(planner["email"], "verify")})
    api(base_url, "POST", f"/users/{user['id']}/invitations", {"email": planner["email"], "role": "planner"}, token=token)
    api(base_url, "POST", f"/invitations/{mailed_token(planner['email'], 'invitation')}/accept", token=planner_token)
    api(base_url, "POST", f"/users/{user['id']}/activities", {
        "title": "Bus to school", "start": f"{today}T07:30",
        "recurrence": f"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL={until.strftime('%Y%m%d')}"}, token=planner_token)
    api(base_url, "POST", f"/users/{user['id']}/activities", {"title": "Gaming", "start": f"{today}T20:00"}, token=token)

    planet_week(driver, wait, base_url, creds)
    wait.until(lambda d: card_on(d, today, "Bus to school"))
    bus = card_on(driver, today, "Bus to school")
    assert text_of(driver, f"{bus}-from").endswith("From Mette")
    assert driver.find_element(By.CSS_SELECTOR, f"#{bus}-from .avatar").text == "M"
    assert not driver.find_elements(By.ID, f"{card_on(driver, today, 'Gaming')}-from"), "their own has no mark"

    # A planner's addition is theirs: the young person sees it, read-only, with how it repeats in words.
    click(driver, wait, bus)
    wait.until(EC.visibility_of_element_located((By.ID, "occurrence-details")))
    assert not driver.find_elements(By.ID, "activity-form")
    assert text_of(driver, "occurrence-from").endswith("From Mette")
    assert text_of(driver, "occurrence-repeat").endswith(f"Every day until {long_date(until)}")
    assert fits_width(driver)
    assert console_problems(driver) == []


def ida_in_child_mode_soon(driver, wait, base_url, account):
    """A new planner with Ida, on Ida's page, the child-mode PIN form open."""
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida", app="me")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    wait.until(EC.visibility_of_element_located((By.ID, "user-title")))
    click(driver, wait, "child-mode-start")
    wait.until(EC.visibility_of_element_located((By.ID, "child-pin-form")))


def test_child_mode_hands_over_and_takes_back_with_a_pin(driver, wait, base_url, account):
    ida_in_child_mode_soon(driver, wait, base_url, account)

    # First a PIN, twice, confirmed with the password (a wrong password is refused).
    fill(driver, "child-pin-new", "2468")
    fill(driver, "child-pin-repeat", "2469")
    fill(driver, "child-pin-password", account["password"])
    click(driver, wait, "child-pin-submit")
    wait.until(lambda d: d.find_element(By.ID, "child-pin-repeat").get_attribute("aria-invalid") == "true")
    fill(driver, "child-pin-repeat", "2468")
    fill(driver, "child-pin-password", "not-my-password")
    click(driver, wait, "child-pin-submit")
    wait.until(lambda d: d.find_element(By.ID, "child-pin-password").get_attribute("aria-invalid") == "true")
    fill(driver, "child-pin-password", account["password"])
    click(driver, wait, "child-pin-submit")

    # Locked: the child's day screen, a small way back for adults, no sign out, nothing else.
    wait.until(EC.url_contains("#/device"))
    wait.until(EC.visibility_of_element_located((By.ID, "child-mode-adults")))
    assert text_of(driver, "device-hello") == "Hello Ida"
    assert not driver.find_elements(By.ID, "signout")
    # No way out but the planner's: no language to change, no link at the foot of the page.
    assert not driver.find_elements(By.ID, "lang-switch")
    assert not driver.find_elements(By.CSS_SELECTOR, "#site-footer a")
    me = driver.execute_script("return fetch('/api/v1/me').then((r) => r.json())")
    assert me["name"] == "Ida" and me["hasLogin"] is False
    driver.refresh()
    wait.until(EC.visibility_of_element_located((By.ID, "child-mode-adults")))
    driver.get(f"{base_url}/#/home")
    wait.until(EC.url_contains("#/device"))
    assert fits_width(driver)

    # A wrong PIN is refused; the right one (typed on the keyboard) gives the planner's home back.
    click(driver, wait, "child-mode-adults")
    wait.until(EC.visibility_of_element_located((By.ID, "child-unlock-form")))
    for digit in "1357":
        click(driver, wait, f"child-unlock-key-{digit}")
    click(driver, wait, "child-unlock-submit")
    wait.until(EC.text_to_be_present_in_element((By.ID, "child-unlock-status"), "Ask an adult"))
    assert driver.find_element(By.ID, "child-unlock-pin").get_attribute("value") == ""
    driver.find_element(By.ID, "child-unlock-pin").send_keys("2468\n")
    wait.until(EC.url_contains("#/home"))
    wait.until(EC.visibility_of_element_located((By.ID, "signout")))
    assert "Child mode has ended" in text_of(driver, "flash")

    # The next time the PIN is there: one confirmation from the plan page, and back again.
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-plan")
    click(driver, wait, "child-mode-start")
    click(driver, wait, "child-mode-lock")
    wait.until(EC.visibility_of_element_located((By.ID, "child-mode-adults")))
    click(driver, wait, "child-mode-adults")
    for digit in "2468":
        click(driver, wait, f"child-unlock-key-{digit}")
    click(driver, wait, "child-unlock-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    assert console_problems(driver) == []


def test_wrong_pins_never_lock_the_planner_out_of_their_own_tablet(driver, wait, base_url, account):
    ida_in_child_mode_soon(driver, wait, base_url, account)
    fill(driver, "child-pin-new", "2468")
    fill(driver, "child-pin-repeat", "2468")
    fill(driver, "child-pin-password", account["password"])
    click(driver, wait, "child-pin-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "child-mode-adults")))

    # A child presses buttons: wrong PINs until the server slows them down (429). The screen shows
    # the same calm words each time, no counter and no warning.
    click(driver, wait, "child-mode-adults")
    wait.until(EC.visibility_of_element_located((By.ID, "child-unlock-form")))
    statuses = []
    for attempt in range(8):
        for digit in f"{1000 + attempt}":
            click(driver, wait, f"child-unlock-key-{digit}")
        # Typing empties the status line; the answer writes it again.
        wait.until(lambda d: text_of(d, "child-unlock-status") == "")
        click(driver, wait, "child-unlock-submit")
        wait.until(lambda d: text_of(d, "child-unlock-status") != "")
        statuses.append(text_of(driver, "child-unlock-status"))
    # Wrong or waiting (the server slows the tries down after five: LimitsTests proves it with a clock of its own),
    # the child sees the same calm words.
    assert set(statuses) == {"Ask an adult to help."}, statuses

    # The planner still gets out at once, with their password.
    click(driver, wait, "child-unlock-use-password")
    wait.until(EC.visibility_of_element_located((By.ID, "child-unlock-password-form")))
    fill(driver, "child-unlock-password", account["password"])
    click(driver, wait, "child-unlock-password-submit")
    wait.until(EC.url_contains("#/home"))
    wait.until(EC.visibility_of_element_located((By.ID, "signout")))
    me = driver.execute_script("return fetch('/api/v1/me').then((r) => r.json())")
    assert me["email"] == account["email"]
    assert console_problems(driver) == []
