"""First use, walked in Danish as a family, a young person and a school meet it: a guardian gives a young person
their own sign-in and moves them to PlaNet, and the young person signs in on a phone and finds the same week; a young
person of 13 or more signs up alone and lands on their own week; the access log speaks the reader's language; a
teacher enrols a pupil, the guardian accepts from the mail, and the pupil is served.

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_first_use.py
"""
import os
import uuid
from datetime import datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import click, fill, open_route
from plan_pages import ZONE, api, card_on, console_problems

PHONE = (390, 844)


def text_of(driver, element_id):
    return driver.execute_script("return document.getElementById(arguments[0])?.innerText.trim() ?? null;", element_id)


def fits_width(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")


def in_danish(driver, wait):
    Select(driver.find_element(By.ID, "lang-switch")).select_by_value("da")
    wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "da")


def guardian(base_url):
    """An adult account through the API, with the policy agreed to: (credentials, token)."""
    tag = uuid.uuid4().hex[:12]
    creds = {"email": f"first-{tag}@example.com", "password": f"calm-{tag}-pass", "name": "Mette"}
    version = api(base_url, "GET", "/privacy/policy")["version"]
    api(base_url, "POST", "/auth/register", {**creds, "policyVersion": version, "locale": "da"})
    login = api(base_url, "POST", "/auth/login", {"email": creds["email"], "password": creds["password"]})
    return creds, login["token"]


def young_person_with_username(base_url):
    """A guardian (credentials, token) and Oliver, 14, in PlaNet with a username and "eget kodeord 1"."""
    creds, token = guardian(base_url)
    version = api(base_url, "GET", "/privacy/policy")["version"]
    oliver = api(base_url, "POST", "/users", {"name": "Oliver", "app": "planet", "timeZone": "Europe/Copenhagen",
                                               "birthYear": datetime.now(ZONE).year - 14, "policyVersion": version},
                 token=token)
    username = f"oliver-{uuid.uuid4().hex[:6]}"
    api(base_url, "PUT", f"/users/{oliver['id']}/login", {"username": username, "password": "eget kodeord 1"}, token=token)
    return creds, token, oliver, username


def sign_in_as(driver, wait, base_url, name, password):
    open_route(driver, wait, base_url, "/signin", "signin-form")
    fill(driver, "signin-email", name)
    fill(driver, "signin-password", password)
    click(driver, wait, "signin-submit")


def test_a_guardian_gives_a_young_person_their_own_sign_in_and_they_find_the_same_week_on_a_phone(driver, wait, base_url):
    today = datetime.now(ZONE).date()
    creds, token = guardian(base_url)
    version = api(base_url, "GET", "/privacy/policy")["version"]
    oliver = api(base_url, "POST", "/users", {"name": "Oliver", "app": "me", "timeZone": "Europe/Copenhagen",
                                               "birthYear": today.year - 14, "policyVersion": version}, token=token)
    api(base_url, "POST", f"/users/{oliver['id']}/activities", {"title": "Svømning", "start": f"{today}T16:00"}, token=token)

    # The guardian, in Danish on a computer: the child's page, PlaNet, then a username and a password.
    sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, wait)
    open_route(driver, wait, base_url, f"/users/{oliver['id']}", "user-login")
    assert text_of(driver, "login-state").startswith("Oliver har ikke sin egen adgang endnu")
    click(driver, wait, "login-to-planet")
    wait.until(EC.invisibility_of_element_located((By.ID, "login-planet")))
    username = f"oliver-{uuid.uuid4().hex[:6]}"
    fill(driver, "login-username", "ol!")
    fill(driver, "login-password", "eget kodeord 1")
    click(driver, wait, "login-username-submit")
    wait.until(lambda d: d.find_element(By.ID, "login-username").get_attribute("aria-invalid") == "true")
    assert "a-z" in text_of(driver, "login-username-error"), "a clear word on the field, in Danish"
    fill(driver, "login-username", username)
    click(driver, wait, "login-username-submit")
    wait.until(lambda d: username in (text_of(d, "login-status") or ""))
    assert text_of(driver, "login-state") == f"Oliver logger ind med brugernavnet {username}."
    assert api(base_url, "GET", f"/users/{oliver['id']}", token=token)["app"] == "planet"
    click(driver, wait, "signout")
    wait.until(EC.url_contains("#/signin"))

    # Oliver on his phone: his username, and straight to his own week with what was there before.
    driver.set_window_size(*PHONE)
    sign_in_as(driver, wait, base_url, username.upper(), "eget kodeord 1")
    wait.until(EC.url_contains(f"#/users/{oliver['id']}/plan"))
    wait.until(lambda d: card_on(d, today, "Svømning"))
    # The week opens on today (its top on screen, to the sub-pixel), and the days with nothing planned are one short line each.
    wait.until(lambda d: d.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect(); return r.top > -1 && r.top < innerHeight * 0.8;",
        f"plan-day-{today}"))
    empty = driver.execute_script(
        "return [...document.querySelectorAll('.plan-day.is-empty')].map((d) => d.getBoundingClientRect().height);")
    planned = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().height;",
                                    f"plan-day-{today}")
    # One line: the day's name, "Intet planlagt" and its 44-pixel buttons.
    assert empty and max(empty) < 72 and max(empty) < planned, (empty, planned)
    assert text_of(driver, driver.execute_script("return document.querySelector('.plan-day.is-empty').id")).find(
        "Intet planlagt") >= 0
    assert not driver.find_elements(By.ID, "create-user-form"), "never the adults' home"
    assert driver.find_element(By.ID, "nav-myWeek").text == "Min uge"
    assert not driver.find_elements(By.ID, "nav-institutions")
    driver.get(f"{base_url}/#/home")
    wait.until(EC.url_contains(f"#/users/{oliver['id']}/plan"))
    assert fits_width(driver)

    # His access log, newest first, in his language and words, spoken to him.
    click(driver, wait, "nav-privacy")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#access-log > li"))
    entries = driver.execute_script(
        "return [...document.querySelectorAll('#access-log > li .row-title')].map((el) => el.firstChild.textContent);")
    assert any(e.startswith("Mette gav dig egen adgang i dag kl. ") for e in entries), entries
    assert any(e.startswith("Mette så dine billeder i dag kl. ") for e in entries), entries
    assert all("Oliver" not in e for e in entries), "spoken to him, not about him"
    assert console_problems(driver) == []


def test_the_pictograms_licence_is_a_page_of_the_app(driver, wait, base_url):
    open_route(driver, wait, base_url, "/signin", "signin-form")
    click(driver, wait, "footer-licence")
    wait.until(EC.url_contains("#/licences"))
    wait.until(lambda d: "Attribution-ShareAlike" in (text_of(d, "licence-text") or ""))
    assert not driver.current_url.endswith(".txt")


def test_a_young_person_of_13_or_more_signs_up_for_their_own_week_and_lands_on_it(driver, wait, base_url):
    today = datetime.now(ZONE).date()
    driver.set_window_size(*PHONE)
    open_route(driver, wait, base_url, "/signup", "signup-form")
    in_danish(driver, wait)
    lead = text_of(driver, "main")
    assert "13 år eller mere" in lead and "til de voksne" not in lead
    click(driver, wait, "signup-who-own")
    wait.until(EC.visibility_of_element_located((By.ID, "signup-birth-year")))
    tag = uuid.uuid4().hex[:10]
    fill(driver, "signup-birth-year", str(today.year - 10))
    fill(driver, "signup-name", "Asta")
    fill(driver, "signup-email", f"asta-{tag}@example.com")
    fill(driver, "signup-password", f"asta-{tag}-kode")
    driver.find_element(By.ID, "signup-consent").click()
    click(driver, wait, "signup-submit")
    # Under 13: a calm Danish word about who makes the account, and nothing stored.
    wait.until(EC.text_to_be_present_in_element((By.ID, "signup-form"), "skal en forælder oprette kontoen"))
    fill(driver, "signup-birth-year", str(today.year - 15))
    click(driver, wait, "signup-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "signup-done")))

    sign_in_as(driver, wait, base_url, f"asta-{tag}@example.com", f"asta-{tag}-kode")
    wait.until(EC.url_matches(r"#/users/[0-9A-Fa-f-]+/plan$"))
    wait.until(EC.visibility_of_element_located((By.ID, "nav-myWeek")))
    assert not driver.find_elements(By.ID, "create-user-form")
    assert fits_width(driver)
    assert console_problems(driver) == []


def verified(base_url, name):
    """A person with a confirmed address: (credentials, token)."""
    from outbox import mailed_token
    tag = uuid.uuid4().hex[:12]
    creds = {"email": f"{name.lower()}-{tag}@example.com", "password": f"calm-{tag}-pass", "name": name}
    version = api(base_url, "GET", "/privacy/policy")["version"]
    api(base_url, "POST", "/auth/register", {**creds, "policyVersion": version, "locale": "da"})
    api(base_url, "POST", "/auth/verify-email", {"token": mailed_token(creds["email"], "verify")})
    login = api(base_url, "POST", "/auth/login", {"email": creds["email"], "password": creds["password"]})
    return creds, login["token"]


@pytest.mark.skipif(not os.environ.get("MOBILIZE_DATA_DIR"), reason="reads the mails from MOBILIZE_DATA_DIR/outbox")
def test_a_teacher_enrols_a_pupil_the_guardian_accepts_from_the_mail_and_the_pupil_is_served(driver, second_driver, wait, base_url):
    from outbox import mailed_token
    today = datetime.now(ZONE).date()
    # The school: an admin, a group "3.B", and a teacher of that group.
    _, admin = verified(base_url, "Alma")
    school = api(base_url, "POST", "/institutions", {"name": "Solskolen"}, token=admin)
    group = api(base_url, "POST", f"/institutions/{school['id']}/departments", {"name": "3.B"}, token=admin)
    teacher, teacher_token = verified(base_url, "Sofus")
    api(base_url, "POST", f"/institutions/{school['id']}/staff-invitations",
        {"email": teacher["email"], "role": "staff", "departmentId": group["id"]}, token=admin)
    api(base_url, "POST", f"/staff-invitations/{mailed_token(teacher['email'], 'staff-invitation')}/accept", token=teacher_token)
    parent, _ = verified(base_url, "Mette")

    # The teacher, in Danish: an empty list of pupils at first, then Emil enrolled and waiting.
    sign_in_as(driver, wait, base_url, teacher["email"], teacher["password"])
    wait.until(EC.url_contains("#/home"))
    in_danish(driver, wait)
    open_route(driver, wait, base_url, f"/institutions/{school['id']}", "enrol-form")
    wait.until(EC.visibility_of_element_located((By.ID, "served-users-empty")))
    assert not driver.find_elements(By.CSS_SELECTOR, "#served-users > li")
    assert not driver.find_elements(By.ID, "enrol-group"), "a teacher enrols into their own group"
    fill(driver, "enrol-name", "Emil")
    fill(driver, "enrol-birth-year", str(today.year - 9))
    fill(driver, "enrol-guardian-0", "ikke en adresse")
    click(driver, wait, "enrol-submit")
    wait.until(lambda d: d.find_element(By.ID, "enrol-guardian-0").get_attribute("aria-invalid") == "true")
    fill(driver, "enrol-guardian-0", parent["email"])
    click(driver, wait, "enrol-submit")
    wait.until(lambda d: "Emil" in (text_of(d, "enrolments") or ""))
    assert "venter på" in text_of(driver, "enrolments")

    # The parent opens the mail's link on their own computer, signs in, and says yes.
    link = mailed_token(parent["email"], "enrolment")
    second_wait = WebDriverWait(second_driver, wait._timeout)
    second_driver.get(f"{base_url}/#/enrolment?token={link}")
    second_wait.until(EC.visibility_of_element_located((By.ID, "signin-form")))
    fill(second_driver, "signin-email", parent["email"])
    fill(second_driver, "signin-password", parent["password"])
    click(second_driver, second_wait, "signin-submit")
    second_wait.until(EC.visibility_of_element_located((By.ID, "enrolment-accept")))
    assert "Sofus fra Solskolen" in text_of(second_driver, "enrolment-preview")
    click(second_driver, second_wait, "enrolment-accept")
    second_wait.until(EC.text_to_be_present_in_element((By.ID, "enrolment-preview"), "Sæt kryds"))
    second_driver.find_element(By.ID, "enrolment-consent").click()
    click(second_driver, second_wait, "enrolment-accept")
    second_wait.until(EC.visibility_of_element_located((By.ID, "user-institutions")))
    assert "Solskolen" in text_of(second_driver, "user-institutions")
    assert "Sofus" in text_of(second_driver, "user-institutions")

    # The teacher sees Emil under People served, in 3.B, and plans with him.
    driver.refresh()
    wait.until(lambda d: "Emil" in (text_of(d, "served-users") or ""))
    assert "3.B" in text_of(driver, "served-users")
    assert console_problems(driver) == []
    assert console_problems(second_driver) == []


def test_dates_and_times_are_written_the_danish_way_in_a_danish_page(driver, wait, base_url):
    """Chromium speaks English here (en-US: month/day/year, AM/PM); the page speaks Danish: 05.12.2026, 16:30."""
    today = datetime.now(ZONE).date()
    creds, token = guardian(base_url)
    version = api(base_url, "GET", "/privacy/policy")["version"]
    ida = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                            "policyVersion": version}, token=token)
    sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, wait)
    open_route(driver, wait, base_url, f"/users/{ida['id']}/plan", "plan-title")
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    start = driver.find_element(By.ID, "activity-start")
    assert start.get_attribute("type") == "text" and start.get_attribute("placeholder") == "tt:mm"
    # The date the Danish way, not the browser's month/day/year; typed the Danish way too.
    day = driver.execute_script("return document.getElementById('activity-date');")
    assert driver.execute_script("return HTMLInputElement.prototype.__lookupGetter__('value').call(arguments[0]);", day) \
        == today.strftime("%d.%m.%Y")
    fill(driver, "activity-date", "31.2.2026")
    fill(driver, "activity-title", "Svømning")
    click(driver, wait, "activity-submit")
    wait.until(lambda d: d.find_element(By.ID, "activity-date").get_attribute("aria-invalid") == "true")
    assert text_of(driver, "activity-date-error") == "Skriv en dato som 24.12.2026."
    fill(driver, "activity-date", f"{today.day}.{today.month}.{today.year}")
    fill(driver, "activity-title", "Svømning")
    fill(driver, "activity-start", "4 pm")
    click(driver, wait, "activity-submit")
    wait.until(lambda d: d.find_element(By.ID, "activity-start").get_attribute("aria-invalid") == "true")
    assert text_of(driver, "activity-start-error") == "Skriv et klokkeslæt som 16:30."
    fill(driver, "activity-start", "1630")
    driver.find_element(By.ID, "activity-title").click()
    assert driver.find_element(By.ID, "activity-start").get_attribute("value") == "16:30"
    click(driver, wait, "activity-submit")
    wait.until(lambda d: card_on(d, today, "Svømning"))
    assert "16.30" in text_of(driver, card_on(driver, today, "Svømning")), "the card says it the Danish way"
    assert console_problems(driver) == []
