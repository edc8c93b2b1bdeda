"""Browser tests of the web app shell: sign up and in, add a child, switch language, fit a phone screen.

Run against a running server:  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser
(needs selenium and pytest, see requirements.txt, plus /usr/bin/chromium and /usr/bin/chromedriver).
"""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import create_user, csp_violations, open_route, planned_user_names, sign_in, sign_up


def test_sign_up_sign_in_and_add_a_child(driver, wait, base_url, account):
    sign_up(driver, wait, base_url, account)
    # The confirmation offers a way on to sign in (registration does not sign in).
    driver.find_element(By.ID, "signup-done-signin").click()
    wait.until(EC.visibility_of_element_located((By.ID, "signin-form")))

    sign_in(driver, wait, base_url, account)
    assert driver.find_element(By.ID, "signout").is_displayed()

    create_user(driver, wait, "Ida", app="me")
    names = planned_user_names(driver)
    assert any("Ida" in text for text in names), names

    # The list survives a reload: it comes from the server, not from the page.
    driver.refresh()
    wait.until(lambda d: "Ida" in " ".join(planned_user_names(d)))
    assert csp_violations(driver) == []


def test_language_switch_changes_visible_text(driver, wait, base_url, translations):
    open_route(driver, wait, base_url, "/signin", "signin-form")
    switch = Select(driver.find_element(By.ID, "lang-switch"))
    start = switch.first_selected_option.get_attribute("value")
    other = "da" if start == "en" else "en"

    def shows(locale):
        def check(d):
            texts = translations[locale]
            return (
                d.find_element(By.TAG_NAME, "html").get_attribute("lang") == locale
                and d.find_element(By.ID, "signin-submit").text == texts["signin.submit"]
                and d.find_element(By.TAG_NAME, "h1").text == texts["signin.title"]
                and d.find_element(By.CSS_SELECTOR, "label[for='signin-password']").text == texts["field.password"]
            )
        return check

    wait.until(shows(start))
    assert translations["en"]["field.password"] != translations["da"]["field.password"]

    switch.select_by_value(other)
    wait.until(shows(other))
    assert driver.title.startswith(translations[other]["signin.title"])

    # The choice is remembered on this browser.
    driver.refresh()
    wait.until(EC.visibility_of_element_located((By.ID, "signin-form")))
    wait.until(shows(other))

    Select(driver.find_element(By.ID, "lang-switch")).select_by_value(start)
    wait.until(shows(start))


def test_home_fits_a_phone_without_horizontal_scrolling(driver, wait, base_url, account):
    sign_up(driver, wait, base_url, account)
    driver.set_window_size(390, 844)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida")
    create_user(driver, wait, "Marie-Louise Christoffersen-Kristiansen")

    inner_width = driver.execute_script("return window.innerWidth")
    assert inner_width <= 400, f"the window is {inner_width}px wide, expected a phone width"
    overflow = driver.execute_script(
        "const d = document.documentElement;"
        "return { scroll: Math.max(d.scrollWidth, document.body.scrollWidth), client: d.clientWidth };"
    )
    assert overflow["scroll"] <= overflow["client"], overflow

    # Every main control is a comfortable touch target.
    for element_id in ("create-user-name", "create-user-app", "create-user-submit", "signout", "lang-switch"):
        height = driver.find_element(By.ID, element_id).size["height"]
        assert height >= 44, f"#{element_id} is {height}px high"
