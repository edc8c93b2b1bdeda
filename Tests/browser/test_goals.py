"""Goals, walked in Danish: a young person on a phone adds a goal in a few taps, notes progress with one big tap and
a smiley, and sees this week and the chart; a guardian at a desk sees the same goals with the plan's weeks, cannot
change the young person's own goal, and writes a kind word that the young person then sees.

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_goals.py
"""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, fill, open_route
from plan_pages import console_problems
from test_first_use import PHONE, fits_width, in_danish, sign_in_as, text_of, young_person_with_username


def goal_id(driver, title):
    return driver.execute_script(
        "const el = [...document.querySelectorAll('.goal-card')].find((c) => c.querySelector('.goal-title').textContent === arguments[0]);"
        "return el ? el.id.slice('goal-'.length) : null;", title)


def test_a_young_person_keeps_their_goals_and_a_guardian_cheers_from_the_sideline(driver, second_driver, base_url):
    creds, token, oliver, username = young_person_with_username(base_url)
    phone = WebDriverWait(second_driver, WAIT_SECONDS)
    desk = WebDriverWait(driver, WAIT_SECONDS)

    # Oliver on his phone: his goals from the menu, none yet, and a new one in a few taps.
    second_driver.set_window_size(*PHONE)
    sign_in_as(second_driver, phone, base_url, username, "eget kodeord 1")
    phone.until(EC.url_contains(f"#/users/{oliver['id']}/plan"))
    in_danish(second_driver, phone)
    click(second_driver, phone, "nav-goals")
    phone.until(EC.visibility_of_element_located((By.ID, "goal-list-empty")))
    assert text_of(second_driver, "goals-title") == "Mine mål"
    click(second_driver, phone, "goal-add-open")
    fill(second_driver, "goal-add-title", "Pakke min taske selv")
    click(second_driver, phone, "goal-add-kind-count-week")
    fill(second_driver, "goal-add-target", "4")
    fill(second_driver, "goal-add-reward", "Biograf på lørdag")
    click(second_driver, phone, "goal-add-save")
    phone.until(lambda d: goal_id(d, "Pakke min taske selv"))
    bag = goal_id(second_driver, "Pakke min taske selv")
    assert text_of(second_driver, f"goal-week-{bag}") == "0 af 4 denne uge"
    for n in (1, 2):
        click(second_driver, phone, f"goal-tick-{bag}")
        phone.until(lambda d, n=n: text_of(d, f"goal-week-{bag}") == f"{n} af 4 denne uge")
    assert len(second_driver.find_elements(By.CSS_SELECTOR, f"#goal-chart-{bag} rect.chart-bar")) == 12
    assert "Belønning: Biograf på lørdag" in text_of(second_driver, f"goal-{bag}")

    # A rating goal: one tap on a smiley.
    click(second_driver, phone, "goal-add-open")
    fill(second_driver, "goal-add-title", "Humør i skolen")
    click(second_driver, phone, "goal-add-kind-scale")
    click(second_driver, phone, "goal-add-save")
    phone.until(lambda d: goal_id(d, "Humør i skolen"))
    mood = goal_id(second_driver, "Humør i skolen")
    click(second_driver, phone, f"goal-rate-{mood}-4")
    phone.until(lambda d: text_of(d, f"goal-week-{mood}") == "I gennemsnit 4,0 denne uge")
    assert fits_width(second_driver)

    # Mette at her desk: the same goals and the plan's weeks; Oliver's own goal is his to change; a kind word.
    sign_in_as(driver, desk, base_url, creds["email"], creds["password"])
    desk.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, desk)
    open_route(driver, desk, base_url, f"/users/{oliver['id']}/plan", "plan-goals")
    click(driver, desk, "plan-goals")
    desk.until(lambda d: text_of(d, f"goal-week-{bag}") == "2 af 4 denne uge")
    assert text_of(driver, "goals-title") == "Olivers mål"
    assert driver.find_elements(By.ID, "goal-activities-chart")
    assert not driver.find_elements(By.ID, f"goal-reached-{bag}"), "the young person's own goal is his to change"
    fill(driver, f"goal-comment-{bag}", "Flot klaret!")
    click(driver, desk, f"goal-comment-send-{bag}")
    desk.until(lambda d: "Mette: Flot klaret!" in (text_of(d, f"goal-{bag}") or ""))

    # Oliver sees the kind word, and marks the goal reached himself.
    second_driver.refresh()
    phone.until(lambda d: "Mette: Flot klaret!" in (text_of(d, f"goal-{bag}") or ""))
    click(second_driver, phone, f"goal-reached-{bag}")
    phone.until(lambda d: "Nået. Godt gået!" in (text_of(d, f"goal-{bag}") or ""))
    assert console_problems(driver) == []
    assert console_problems(second_driver) == []
