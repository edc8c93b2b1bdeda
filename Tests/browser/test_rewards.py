"""Stars and rewards, walked in Danish: a parent at a desk switches rewards on for a child and sets up a reward with a
picture; the child on a tablet ticks what is happening now, sees the star land in the jar, and wishes for the reward
with one big button; the parent answers "Ja, det er aftalt" and the child's jar follows at once. The parent also
changes a goal: a new title and a step.

Run against a running server with the pictogram archive imported:
MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_rewards.py
"""

import re
from datetime import datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, fill, open_route, search_pictograms
from plan_pages import ZONE, api, console_problems
from test_first_use import fits_width, in_danish, sign_in_as, text_of
from test_plan_sizes import register

TABLET = (1024, 768)
ENGLISH = re.compile(r"\b(stars?|reward|wish|waiting|agreed|the|and)\b", re.I)


def test_a_child_saves_stars_for_a_reward_and_a_parent_says_yes(driver, second_driver, base_url):
    now = datetime.now(ZONE).replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0) + timedelta(days=1)
    if (midnight - now) < timedelta(minutes=3):
        pytest.skip("needs a few minutes of today after now")
    start = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0))
    minutes = min(60, int((midnight - start).total_seconds() // 60) - 1)
    creds, token, _ = register(base_url, "Mette")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    api(base_url, "POST", f"/users/{child}/activities",
        {"title": "Tandbørstning", "start": start.strftime("%Y-%m-%dT%H:%M"), "durationMinutes": minutes}, token=token)
    desk = WebDriverWait(driver, WAIT_SECONDS)
    tablet = WebDriverWait(second_driver, WAIT_SECONDS)

    # Mette at her desk: Ida's goals page, rewards switched on, a reward of one star with a picture.
    sign_in_as(driver, desk, base_url, creds["email"], creds["password"])
    desk.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, desk)
    open_route(driver, desk, base_url, f"/users/{child}/goals", "rewards-enabled")
    assert text_of(driver, "rewards-title") == "Stjerner og belønninger"
    click(driver, desk, "rewards-enabled")
    desk.until(lambda d: text_of(d, "rewards-status") == "Belønninger er slået til.")
    click(driver, desk, "reward-add")
    fill(driver, "reward-title", "Is")
    fill(driver, "reward-cost", "1")
    click(driver, desk, "reward-picture-choose")
    search_pictograms(driver, desk, "is")
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#picker .picture-tile"))
    driver.find_elements(By.CSS_SELECTOR, "#picker .picture-tile")[0].click()
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#reward-picture-preview img"))
    click(driver, desk, "reward-save")
    desk.until(lambda d: "Is" in (text_of(d, "reward-list") or ""))
    assert "1 stjerne" in text_of(driver, "reward-list")
    assert driver.find_elements(By.CSS_SELECTOR, "#reward-list img.reward-picture")

    # Ida's tablet: paired, in Danish; the jar is empty and says what the first star is for.
    second_driver.set_window_size(*TABLET)
    code = api(base_url, "POST", f"/users/{child}/pairing-codes", token=token)["code"]
    open_route(second_driver, tablet, base_url, f"/pair?code={code}", "pair-form")
    in_danish(second_driver, tablet)
    fill(second_driver, "pair-device-name", "Tablet")
    click(second_driver, tablet, "pair-submit")
    tablet.until(EC.text_to_be_present_in_element((By.ID, "device-now"), "Tandbørstning"))
    tablet.until(lambda d: text_of(d, "device-jar-count") == "0 stjerner")
    assert text_of(second_driver, "device-jar-aim") == "1 stjerne mere til Is"
    assert not second_driver.find_elements(By.ID, "device-jar-wish")

    # Done: the star lands in the jar, and one big button wishes for the ice cream.
    click(second_driver, tablet, "device-now-done")
    tablet.until(lambda d: text_of(d, "device-jar-count") == "1 stjerne")
    assert text_of(second_driver, "device-jar-aim") == "Nok stjerner til Is!"
    assert second_driver.find_elements(By.CSS_SELECTOR, "#device-jar-aim img.reward-picture")
    wish_button = second_driver.find_element(By.ID, "device-jar-wish")
    assert wish_button.text == "Jeg ønsker mig Is"
    assert wish_button.size["height"] >= 44
    click(second_driver, tablet, "device-jar-wish")
    tablet.until(lambda d: "Dit ønske venter på svar: Is" in (d.find_element(By.ID, "device-jar").text))
    tablet.until(lambda d: text_of(d, "device-jar-count") == "0 stjerner")
    assert not ENGLISH.search(second_driver.find_element(By.ID, "device-day").text)
    assert fits_width(second_driver)

    # Mette sees the wish and says yes; Ida's jar follows without a reload.
    driver.refresh()
    desk.until(EC.visibility_of_element_located((By.ID, "wish-list")))
    assert text_of(driver, "wish-list").startswith("Ida ønsker sig Is (1 stjerne)")
    wish = driver.find_element(By.CSS_SELECTOR, "#wish-list .wish-row").get_attribute("id")[len("wish-"):]
    click(driver, desk, f"wish-confirm-{wish}")
    desk.until(lambda d: text_of(d, "rewards-status") == "Is er aftalt.")
    assert not driver.find_elements(By.ID, "wish-list")
    tablet.until(lambda d: "venter på svar" not in d.find_element(By.ID, "device-jar").text)
    assert text_of(second_driver, "device-jar-aim") == "1 stjerne mere til Is"
    assert not ENGLISH.search(driver.find_element(By.ID, "rewards").text)

    # A goal for Ida, then changed: a clearer title and a first step.
    click(driver, desk, "goal-add-open")
    fill(driver, "goal-add-title", "Børste tænder")
    click(driver, desk, "goal-add-kind-count-day")
    fill(driver, "goal-add-target", "2")
    click(driver, desk, "goal-add-save")
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".goal-card"))
    goal = driver.find_element(By.CSS_SELECTOR, ".goal-card").get_attribute("id")[len("goal-"):]
    click(driver, desk, f"goal-edit-{goal}")
    desk.until(EC.visibility_of_element_located((By.ID, "goal-dialog")))
    assert driver.find_element(By.ID, "goal-add-title").get_attribute("value") == "Børste tænder"
    assert driver.find_element(By.ID, "goal-add-kind-count-day").get_attribute("aria-pressed") == "true"
    fill(driver, "goal-add-title", "Børste tænder morgen og aften")
    click(driver, desk, "goal-step-add")
    fill(driver, "goal-step-text-1", "Tandpasta på børsten")
    click(driver, desk, "goal-add-save")
    desk.until(lambda d: text_of(d, f"goal-title-{goal}") == "Børste tænder morgen og aften")
    desk.until(lambda d: "Tandpasta på børsten" in (text_of(d, f"goal-steps-{goal}") or ""))
    assert text_of(driver, f"goal-{goal}").count("2 gange om dagen") <= 1
    assert console_problems(driver) == []
    assert console_problems(second_driver) == []
