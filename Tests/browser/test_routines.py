"""Routines, copies and calendar feeds in the web app: a planner saves a day as the routine "Morning", places it on
two dates and is told first what would clash (and leaves that out), copies the week to the next one, and makes a
calendar address that a calendar app can read until it is switched off.

Run against a running server:
  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_routines.py
"""
import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import click, create_user, fill, sign_in, sign_up
from plan_pages import ZONE, api, console_problems, set_value, titles_on



def text_of(driver, element_id):
    """The visible text of an element, read in one go (dialogs and the week are redrawn after each change)."""
    return driver.execute_script("return document.getElementById(arguments[0])?.innerText ?? '';", element_id)


def planned(base_url, token, child, date):
    """The titles on one day of the plan, as the API answers them."""
    days = api(base_url, "GET", f"/users/{child}/plan?from={date}&to={date}", token=token)["days"]
    return sorted(o["title"] for o in days[0]["occurrences"])


def closed(driver, wait, dialog_id):
    wait.until(EC.invisibility_of_element_located((By.ID, dialog_id)))


def test_routines_copies_and_calendar_feeds(driver, wait, base_url, account):
    today = datetime.now(ZONE).date()
    monday = today - timedelta(days=today.weekday())
    next_monday = monday + timedelta(days=7)
    first, second = today + timedelta(days=14), today + timedelta(days=15)

    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida", app="me")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-plan")
    wait.until(EC.visibility_of_element_located((By.ID, "plan-week")))
    child = re.search(r"#/users/([^/]+)/plan", driver.current_url).group(1)
    token = api(base_url, "POST", "/auth/login", {"email": account["email"], "password": account["password"]})["token"]

    # Two activities today; on the first target date something already planned where Swimming would go.
    for title, start, minutes in (("Breakfast", f"{today}T07:00", 30), ("Swimming", f"{today}T16:00", 60),
                                  ("Football", f"{first}T16:30", 90)):
        api(base_url, "POST", f"/users/{child}/activities",
            {"title": title, "start": start, "durationMinutes": minutes}, token=token)
    driver.refresh()
    wait.until(lambda d: sorted(titles_on(d, today)) == ["Breakfast", "Swimming"])

    # Save today as the routine "Morning", from the day's own menu in the week; both activities are ticked.
    click(driver, wait, f"plan-day-more-{today}")
    click(driver, wait, "day-actions-routine")
    wait.until(EC.visibility_of_element_located((By.ID, "routine-save-form")))
    boxes = driver.find_elements(By.CSS_SELECTOR, "#routine-items input[type=checkbox]")
    assert len(boxes) == 2 and all(box.is_selected() for box in boxes)
    fill(driver, "routine-name", "Morning")
    click(driver, wait, "routine-submit")
    closed(driver, wait, "routine-save")
    wait.until(EC.text_to_be_present_in_element((By.ID, "plan-status"), "Morning"))
    routines = api(base_url, "GET", f"/users/{child}/routines", token=token)["items"]
    assert [r["name"] for r in routines] == ["Morning"]
    assert sorted(item["title"] for item in routines[0]["items"]) == ["Breakfast", "Swimming"]
    routine = routines[0]["id"]

    # The routines list shows it with its activities; use it on two dates.
    click(driver, wait, "plan-routines")
    wait.until(EC.visibility_of_element_located((By.ID, f"routine-{routine}")))
    assert "07:00–07:30" in text_of(driver, f"routine-items-{routine}")
    assert "Swimming" in text_of(driver, f"routine-items-{routine}")
    click(driver, wait, f"routine-use-{routine}")
    wait.until(EC.visibility_of_element_located((By.ID, "place-form")))
    for date in (first, second):
        set_value(driver, "place-dates-date", date.isoformat())
        click(driver, wait, "place-dates-add")
        wait.until(EC.presence_of_element_located((By.ID, f"place-dates-chosen-{date}")))

    # First a preview: what fits, and the clash named.
    click(driver, wait, "place-check")
    wait.until(EC.visibility_of_element_located((By.ID, "place-preview-clashes")))
    assert "3 activities fit into Ida's plan" in text_of(driver, "place-preview-summary")
    clashes = text_of(driver, "place-preview-clashes")
    assert "Swimming 16:00–17:00" in clashes and "clashes with Football 16:30–18:00" in clashes, clashes
    assert text_of(driver, "place-skip") == "Add, leaving out the clash"
    assert driver.find_element(By.ID, "place-add").is_displayed()
    assert planned(base_url, token, child, first) == ["Football"], "a preview makes nothing"
    click(driver, wait, "place-skip")
    closed(driver, wait, "place")
    wait.until(EC.text_to_be_present_in_element((By.ID, "plan-status"), "3 activities were put on Ida's plan."))
    assert "1 was left out because it clashed." in text_of(driver, "plan-status")
    assert planned(base_url, token, child, first) == ["Breakfast", "Football"]
    assert planned(base_url, token, child, second) == ["Breakfast", "Swimming"]
    driver.get(f"{base_url}/#/users/{child}/plan?week={first}")
    wait.until(lambda d: sorted(titles_on(d, first)) == ["Breakfast", "Football"])
    assert sorted(titles_on(driver, second)) == ["Breakfast", "Swimming"]

    # Copy this week to the next one (chosen to begin with): nothing clashes there.
    click(driver, wait, "plan-today")
    wait.until(lambda d: sorted(titles_on(d, today)) == ["Breakfast", "Swimming"])
    click(driver, wait, "plan-copy")
    wait.until(EC.visibility_of_element_located((By.ID, f"place-dates-chosen-{next_monday}")))
    click(driver, wait, "place-check")
    wait.until(EC.visibility_of_element_located((By.ID, "place-preview-summary")))
    assert driver.find_elements(By.ID, "place-preview-clashes") == []
    assert driver.find_elements(By.ID, "place-add") == []
    assert text_of(driver, "place-skip") == "Add 2 activities"
    click(driver, wait, "place-skip")
    closed(driver, wait, "place")
    wait.until(EC.text_to_be_present_in_element((By.ID, "plan-status"), "2 activities were put on Ida's plan."))
    week = api(base_url, "GET", f"/users/{child}/plan?from={next_monday}&to={next_monday + timedelta(days=6)}", token=token)
    copied = sorted((o["title"], o["start"]) for day in week["days"] for o in day["occurrences"])
    later = today + timedelta(days=7)
    assert copied == [("Breakfast", f"{later}T07:00"), ("Swimming", f"{later}T16:00")]

    # A calendar address: shown once, read by a calendar app, and switched off.
    click(driver, wait, "plan-back")
    wait.until(EC.visibility_of_element_located((By.ID, "feed-create")))
    click(driver, wait, "feed-create")
    url = wait.until(EC.visibility_of_element_located((By.ID, "feed-url"))).get_attribute("value")
    assert driver.find_element(By.ID, "feed-open").get_attribute("href").startswith("webcal")
    click(driver, wait, "feed-copy")
    wait.until(lambda d: text_of(d, "feed-copy-status") != "")
    with urllib.request.urlopen(url, timeout=30) as res:
        assert res.headers["Content-Type"].startswith("text/calendar")
        calendar = res.read().decode()
    assert "BEGIN:VCALENDAR" in calendar
    for title in ("Breakfast", "Swimming", "Football"):
        assert f"SUMMARY:{title}" in calendar
    feed = api(base_url, "GET", f"/users/{child}/calendar-feeds", token=token)["items"][0]
    assert feed["url"] is None
    click(driver, wait, f"feed-revoke-{feed['id']}")
    click(driver, wait, f"feed-revoke-{feed['id']}-yes")
    wait.until(EC.visibility_of_element_located((By.ID, "feeds-empty")))
    assert driver.find_elements(By.ID, "feed-url") == []
    try:
        urllib.request.urlopen(url, timeout=30)
        raise AssertionError("a switched-off address should answer 404")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    assert console_problems(driver) == []
