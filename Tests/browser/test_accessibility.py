"""The axe scan (axe-core in Chromium) of the pages a family, a young person and a school meet first: no serious or
critical violation, in Danish, on a tablet and on a phone.

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_accessibility.py
"""
import uuid
from datetime import datetime
from importlib import resources

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import click, fill, open_route
from plan_pages import ZONE, api

SIZES = {"tablet": (1024, 768), "phone": (390, 844)}


@pytest.fixture(params=list(SIZES))
def window_size(request):
    return SIZES[request.param]


AXE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def serious(driver):
    """The serious and critical violations on the page as it is now: rule, impact and the elements' selectors."""
    driver.execute_script(AXE)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; axe.run(document).then(done, (e) => done({error: String(e)}));")
    assert "error" not in results, results
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def in_danish(driver, wait):
    Select(driver.find_element(By.ID, "lang-switch")).select_by_value("da")
    wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "da")


def test_the_first_pages_have_no_serious_or_critical_axe_violation(driver, wait, base_url):
    today = datetime.now(ZONE).date()
    found = {}
    open_route(driver, wait, base_url, "/signin", "signin-form")
    in_danish(driver, wait)
    found["signin"] = serious(driver)
    open_route(driver, wait, base_url, "/signup", "signup-form")
    click(driver, wait, "signup-who-own")
    found["signup"] = serious(driver)

    tag = uuid.uuid4().hex[:12]
    creds = {"email": f"axe-{tag}@example.com", "password": f"calm-{tag}-pass", "name": "Mette"}
    version = api(base_url, "GET", "/privacy/policy")["version"]
    api(base_url, "POST", "/auth/register", {**creds, "policyVersion": version, "locale": "da"})
    token = api(base_url, "POST", "/auth/login", {"email": creds["email"], "password": creds["password"]})["token"]
    child = api(base_url, "POST", "/users", {"name": "Oliver", "app": "planet", "timeZone": "Europe/Copenhagen",
                                              "birthYear": today.year - 14, "policyVersion": version}, token=token)
    api(base_url, "POST", f"/users/{child['id']}/activities", {"title": "Svømning", "start": f"{today}T16:00"}, token=token)
    school = api(base_url, "POST", "/institutions", {"name": "Solskolen"}, token=token)

    open_route(driver, wait, base_url, "/signin", "signin-form")
    fill(driver, "signin-email", creds["email"])
    fill(driver, "signin-password", creds["password"])
    click(driver, wait, "signin-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    found["home"] = serious(driver)
    open_route(driver, wait, base_url, f"/users/{child['id']}", "user-login")
    wait.until(EC.visibility_of_element_located((By.ID, "user-institutions-card")))
    found["user"] = serious(driver)
    open_route(driver, wait, base_url, f"/users/{child['id']}/plan", "plan-title")
    found["plan"] = serious(driver)
    click(driver, wait, f"plan-add-{today}")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
    found["editor"] = serious(driver)
    # Its more choices open, with a confirmation and the circle to tell.
    driver.execute_script("document.getElementById('activity-more').open = true;")
    click(driver, wait, "activity-confirm")
    wait.until(EC.visibility_of_element_located((By.ID, "activity-confirm-tell")))
    found["editor-confirmation"] = serious(driver)
    pick = driver.find_elements(By.ID, "activity-picture-choose")
    if pick:
        pick[0].click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#picker-pictograms .picture-tile"))
        found["picker"] = serious(driver)
    open_route(driver, wait, base_url, "/privacy", "privacy-title")
    assert not driver.find_elements(By.ID, "picker"), "a dialog closes with the page it was opened on"
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#privacy-categories > li"))
    found["privacy"] = serious(driver)
    open_route(driver, wait, base_url, "/account", "notices-form")
    found["account"] = serious(driver)
    open_route(driver, wait, base_url, "/unsubscribe?token=not-a-real-one", "unsubscribe-confirm")
    found["unsubscribe"] = serious(driver)
    open_route(driver, wait, base_url, f"/institutions/{school['id']}", "enrol-form")
    found["institution"] = serious(driver)
    open_route(driver, wait, base_url, "/enrolment?token=not-a-real-one", "enrolment-result")
    found["enrolment"] = serious(driver)
    open_route(driver, wait, base_url, "/setup-login?token=not-a-real-one", "setup-form")
    found["setup-login"] = serious(driver)
    # A child in Me: goals with stars and a reward (and the goal's edit dialog), then the child's own screen with the jar.
    ida = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                           "policyVersion": version}, token=token)["id"]
    api(base_url, "PUT", f"/users/{ida}/rewards/settings", {"enabled": True}, token=token)
    api(base_url, "POST", f"/users/{ida}/rewards", {"title": "Is", "cost": 3}, token=token)
    goal = api(base_url, "POST", f"/users/{ida}/goals", {"title": "Børste tænder", "measure": "count", "target": 2,
                                                         "period": "day"}, token=token)["id"]
    api(base_url, "POST", f"/users/{ida}/activities", {"title": "Tegne", "start": f"{today}T00:00", "durationMinutes": 1439},
        token=token)
    open_route(driver, wait, base_url, f"/users/{ida}/goals", "reward-list")
    found["goals"] = serious(driver)
    click(driver, wait, f"goal-edit-{goal}")
    wait.until(EC.visibility_of_element_located((By.ID, "goal-dialog")))
    found["goal-dialog"] = serious(driver)
    click(driver, wait, "goal-dialog-close")
    code = api(base_url, "POST", f"/users/{ida}/pairing-codes", token=token)["code"]
    open_route(driver, wait, base_url, f"/pair?code={code}", "pair-form")
    fill(driver, "pair-device-name", "Tablet")
    click(driver, wait, "pair-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "device-jar")))
    found["device"] = serious(driver)
    bad = {page: v for page, v in found.items() if v}
    assert bad == {}, "\n".join(f"{page}: {v}" for page, v in bad.items())
