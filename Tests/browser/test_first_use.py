"""First use, walked in Danish as a family, a young person and a school meet it: a guardian gives a young person
their own sign-in and moves them to PlaNet, and the young person signs in on a phone and finds the same week; a young
person of 13 or more signs up alone and lands on their own week; the access log speaks the reader's language.

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_first_use.py
"""
import uuid
from datetime import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

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
