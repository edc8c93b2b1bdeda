"""The plan in the web app: a planner builds a child's week (a pictogram from the picker, a checklist, a weekly
activity changed for one day only, one occurrence deleted), and the child's paired tablet shows the day, ticks a
step off and marks the activity done.

Run against a running server with the pictogram archive imported:
  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_plan.py
"""
import re
from datetime import datetime, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import WAIT_SECONDS, click, create_user, fill, open_route, search_pictograms, sign_in, sign_up
from plan_pages import ZONE, api, card_on, console_problems, set_value, titles_on



def attribute(driver, css, name):
    """An attribute of the first element matching `css`, read in one go (the screens redraw after each change)."""
    return driver.execute_script("return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null;", css, name)


def open_editor_for(driver, wait, date, title):
    wait.until(lambda d: card_on(d, date, title))
    click(driver, wait, card_on(driver, date, title))
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    wait.until(lambda d: d.find_element(By.ID, "activity-title").get_attribute("value") == title)


def submit_editor(driver, wait, scope=None):
    click(driver, wait, "activity-submit")
    if scope:
        click(driver, wait, f"activity-scope-{scope}")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))


def week_shows(driver, wait, date, expected):
    wait.until(lambda d: sorted(titles_on(d, date)) == sorted(expected),
               f"{date} should show {expected}, shows {titles_on(driver, date)}")


def test_a_planner_builds_the_week_and_the_childs_tablet_ticks_it_off(driver, second_driver, wait, base_url, account):
    now = datetime.now(ZONE)
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    wednesday = monday + timedelta(days=2)
    start = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0))

    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida", app="me")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-plan")
    wait.until(EC.visibility_of_element_located((By.ID, "plan-week")))
    child_id = re.search(r"#/users/([^/]+)/plan", driver.current_url).group(1)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#plan-week .plan-day")) == 7
    assert "is-today" in attribute(driver, f"#plan-day-{today}", "class")

    # An activity today with a pictogram found through the picker and a checklist of two steps.
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    fill(driver, "activity-title", "Brush teeth")
    click(driver, wait, "activity-picture-choose")
    wait.until(EC.visibility_of_element_located((By.ID, "picker")))
    search_pictograms(driver, wait, "toothbrush")
    click(driver, wait, "picker-pictogram-1FAA5")
    wait.until(EC.invisibility_of_element_located((By.ID, "picker")))
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#activity-picture-preview img")))
    set_value(driver, "activity-date", today.isoformat())
    set_value(driver, "activity-start", start.strftime("%H:%M"))
    Select(driver.find_element(By.ID, "activity-duration")).select_by_value("60")
    click(driver, wait, "activity-step-add")
    fill(driver, "activity-step-1-text", "Toothpaste on the brush")
    click(driver, wait, "activity-step-add")
    fill(driver, "activity-step-2-text", "Brush for two minutes")
    driver.find_element(By.CSS_SELECTOR, "label[for='activity-colour-green']").click()
    submit_editor(driver, wait)
    wait.until(EC.text_to_be_present_in_element((By.ID, "plan-status"), "on the plan"))
    week_shows(driver, wait, today.isoformat(), ["Brush teeth"])
    brush = card_on(driver, today.isoformat(), "Brush teeth")
    assert "/api/v1/pictograms/" in attribute(driver, f"#{brush} img.occ-picture", "src")

    # A weekly activity on Mondays and Wednesdays; Wednesday this week changes alone.
    click(driver, wait, f"plan-add-{monday}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    fill(driver, "activity-title", "Swimming")
    set_value(driver, "activity-start", "16:00")
    Select(driver.find_element(By.ID, "activity-repeat")).select_by_value("weekly")
    assert driver.find_element(By.ID, "activity-repeat-day-MO").is_selected()
    driver.find_element(By.CSS_SELECTOR, "label[for='activity-repeat-day-WE']").click()
    submit_editor(driver, wait)
    week_shows(driver, wait, monday.isoformat(), ["Swimming"] + (["Brush teeth"] if today == monday else []))
    week_shows(driver, wait, wednesday.isoformat(), ["Swimming"] + (["Brush teeth"] if today == wednesday else []))

    open_editor_for(driver, wait, wednesday.isoformat(), "Swimming")
    fill(driver, "activity-title", "Swimming with dad")
    submit_editor(driver, wait, scope="this")
    wait.until(lambda d: "Swimming with dad" in titles_on(d, wednesday.isoformat()))
    assert "Swimming" in titles_on(driver, monday.isoformat())
    assert "Swimming" not in titles_on(driver, wednesday.isoformat())

    # The other weeks keep the series as it was.
    click(driver, wait, "plan-next")
    next_monday, next_wednesday = monday + timedelta(days=7), wednesday + timedelta(days=7)
    week_shows(driver, wait, next_monday.isoformat(), ["Swimming"])
    week_shows(driver, wait, next_wednesday.isoformat(), ["Swimming"])
    click(driver, wait, "plan-today")
    wait.until(lambda d: "Swimming with dad" in titles_on(d, wednesday.isoformat()))

    # Delete one occurrence of the series (this Monday), then the one changed alone (this Wednesday).
    open_editor_for(driver, wait, monday.isoformat(), "Swimming")
    click(driver, wait, "activity-delete")
    click(driver, wait, "activity-scope-this")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    wait.until(lambda d: "Swimming" not in titles_on(d, monday.isoformat()))
    open_editor_for(driver, wait, wednesday.isoformat(), "Swimming with dad")
    click(driver, wait, "activity-delete")
    click(driver, wait, "activity-delete-yes")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    wait.until(lambda d: not {"Swimming", "Swimming with dad"} & set(titles_on(d, wednesday.isoformat())))
    click(driver, wait, "plan-next")
    week_shows(driver, wait, next_monday.isoformat(), ["Swimming"])
    week_shows(driver, wait, next_wednesday.isoformat(), ["Swimming"])

    # The day view lists one day with bigger pictures.
    click(driver, wait, "plan-today")
    click(driver, wait, f"plan-open-{today}")
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f"#plan-day-{today} .occ-large")))
    assert f"day={today}" in driver.current_url
    assert console_problems(driver) == []

    # The child's tablet: paired with a code the planner makes, it shows today with the activity.
    token = api(base_url, "POST", "/auth/login", {"email": account["email"], "password": account["password"]})["token"]
    code = api(base_url, "POST", f"/users/{child_id}/pairing-codes", token=token)["code"]
    tablet = second_driver
    tablet_wait = WebDriverWait(tablet, WAIT_SECONDS)
    open_route(tablet, tablet_wait, base_url, f"/pair?code={code}", "pair-form")
    fill(tablet, "pair-device-name", "Kitchen tablet")
    click(tablet, tablet_wait, "pair-submit")
    # It is happening now: the big picture at the top of the day.
    card = "device-now-open"
    tablet_wait.until(EC.text_to_be_present_in_element((By.ID, card), "Brush teeth"))
    click(tablet, tablet_wait, card)
    tablet_wait.until(EC.visibility_of_element_located((By.ID, "device-steps")))
    steps = tablet.execute_script(
        "return [...document.querySelectorAll('#device-steps .device-step')].map((el) => el.textContent.trim());")
    assert steps == ["Toothpaste on the brush", "Brush for two minutes"]

    plan_path = f"/users/{child_id}/plan?from={today}&to={today}"

    def brush_teeth():
        days = api(base_url, "GET", plan_path, token=token)["days"]
        return next(o for o in days[0]["occurrences"] if o["title"] == "Brush teeth")

    first_step = brush_teeth()["steps"][0]["id"]
    click(tablet, tablet_wait, f"device-step-{first_step}")
    tablet_wait.until(lambda d: attribute(d, f"#device-step-{first_step}", "aria-pressed") == "true")
    tablet_wait.until(lambda d: brush_teeth()["stepsDone"] == [first_step])

    click(tablet, tablet_wait, "device-done")
    tablet_wait.until(EC.visibility_of_element_located((By.ID, "device-undo")))
    tablet_wait.until(lambda d: brush_teeth()["state"] == "done")
    assert brush_teeth()["stepsDone"] == [first_step]

    # The planner's screen, open all along, shows it done at once (the server's live channel says the plan changed).
    wait.until(lambda d: attribute(d, f"#plan-day-{today} .occ", "data-state") == "done")

    # After a reload the tablet still shows it done, and so does the planner's week.
    tablet.refresh()
    tablet_wait.until(EC.visibility_of_element_located((By.ID, card)))
    tablet_wait.until(lambda d: attribute(d, f"#{card}", "data-state") == "done")
    driver.refresh()
    wait.until(lambda d: attribute(d, f"#plan-day-{today} .occ", "data-state") == "done")
    assert console_problems(tablet) == []
    assert console_problems(driver) == []


# Stands in for the server's /api/v1/realtime in the page (before any of its scripts run), so that the test can say
# what the server would say. `window.__serverSays(message)` sends a message on every open socket.
FAKE_REALTIME = """
window.__sockets = [];
window.WebSocket = class {
  constructor(url) {
    this.url = url; this.readyState = 0; this.listeners = {}; window.__sockets.push(this);
    setTimeout(() => { this.readyState = 1; this.emit('open', {}); }, 0);
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  emit(type, event) { (this.listeners[type] || []).forEach((fn) => fn(event)); }
  send() {}
  close() { if (this.readyState < 2) { this.readyState = 3; this.emit('close', {}); } }
};
window.__serverSays = (message) => window.__sockets.filter((s) => s.readyState === 1)
  .forEach((s) => s.emit('message', { data: JSON.stringify(message) }));
"""


def test_the_week_follows_live_changes(driver, wait, base_url, account):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_REALTIME})
    today = datetime.now(ZONE).date()
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida", app="me")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-plan")
    wait.until(EC.visibility_of_element_located((By.ID, "plan-week")))
    child_id = re.search(r"#/users/([^/]+)/plan", driver.current_url).group(1)
    sockets = lambda d: d.execute_script("return window.__sockets.map((s) => [s.url, s.readyState])")  # noqa: E731
    wait.until(lambda d: len(sockets(d)) == 1 and sockets(d)[0][1] == 1)
    assert sockets(driver)[0][0].endswith("/api/v1/realtime")
    driver.execute_script("window.__serverSays({ type: 'hello' })")
    week_shows(driver, wait, today.isoformat(), [])

    # Another planner adds an activity: the server says the plan changed, and the week shows it.
    token = api(base_url, "POST", "/auth/login", {"email": account["email"], "password": account["password"]})["token"]
    api(base_url, "POST", f"/users/{child_id}/activities", {"title": "Reading", "start": f"{today}T18:00"}, token=token)
    driver.execute_script("window.__serverSays({ type: 'plan', userId: arguments[0] })", child_id.lower())
    week_shows(driver, wait, today.isoformat(), ["Reading"])

    # Missed changes: a resync fetches again too.
    api(base_url, "POST", f"/users/{child_id}/activities", {"title": "Dinner", "start": f"{today}T17:00"}, token=token)
    driver.execute_script("window.__serverSays({ type: 'resync' })")
    week_shows(driver, wait, today.isoformat(), ["Dinner", "Reading"])

    # A planner cancels Reading this time, and changes their mind.
    open_editor_for(driver, wait, today.isoformat(), "Reading")
    click(driver, wait, "activity-cancel-occurrence")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    reading = lambda d: attribute(d, f"#{card_on(d, today.isoformat(), 'Reading')}", "data-state")  # noqa: E731
    wait.until(lambda d: reading(d) == "cancelled")
    open_editor_for(driver, wait, today.isoformat(), "Reading")
    click(driver, wait, "activity-restore-occurrence")
    wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))
    wait.until(lambda d: reading(d) == "pending")

    # A lost connection comes back by itself, and the hello on connecting means "read anew": what changed
    # meanwhile shows.
    driver.execute_script("window.__sockets[0].close()")
    wait.until(lambda d: len(sockets(d)) == 2 and sockets(d)[1][1] == 1)
    assert sockets(driver)[1][0].endswith("/api/v1/realtime")
    api(base_url, "POST", f"/users/{child_id}/activities", {"title": "Bath", "start": f"{today}T19:00"}, token=token)
    driver.execute_script("window.__serverSays({ type: 'hello' })")
    week_shows(driver, wait, today.isoformat(), ["Bath", "Dinner", "Reading"])

    # Signing out closes it.
    click(driver, wait, "signout")
    wait.until(EC.visibility_of_element_located((By.ID, "signin-form")))
    assert all(state == 3 for _, state in sockets(driver))
    assert console_problems(driver) == []
