"""Browser tests of the privacy page: what we hold, consent, optional processing, export, and erasure with a way back.

Run against a running server:  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_privacy.py
"""
import os

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import click, create_user, csp_violations, fill, sign_in, sign_up

CATEGORIES = ("profile", "institutions", "relationships", "invitations", "sessions", "consents", "access-log")
EXPORT_WAIT_SECONDS = float(os.environ.get("MOBILIZE_EXPORT_WAIT", "90"))


def visible(driver, wait, element_id):
    return wait.until(EC.visibility_of_element_located((By.ID, element_id)))


def attribute_is(element_id, name, value):
    """A wait condition that survives the element being drawn anew (parts of the page redraw after a change)."""
    def check(driver):
        try:
            return driver.find_element(By.ID, element_id).get_attribute(name) == value
        except (NoSuchElementException, StaleElementReferenceException):
            return False
    return check


def open_privacy_page(driver, wait):
    click(driver, wait, "nav-privacy")
    wait.until(EC.url_contains("#/privacy"))
    return visible(driver, wait, "privacy-categories")


def set_switch(driver, wait, key, on, texts):
    switch = driver.find_element(By.ID, f"processing-{key}")
    assert switch.is_selected() != on, f"{key} already {'on' if on else 'off'}"
    switch.click()
    message = texts["privacy.processing.savedOn" if on else "privacy.processing.savedOff"].format(
        what=texts[f"privacy.processing.{key}"])
    wait.until(EC.text_to_be_present_in_element((By.ID, "processing-status"), message))
    # The choice is kept by the server: it survives a reload.
    driver.refresh()
    visible(driver, wait, "privacy-categories")
    wait.until(attribute_is(f"processing-{key}", "checked", "true" if on else None))


def test_privacy_page_shows_data_and_keeps_choices(driver, wait, base_url, account, translations):
    texts = translations["en"]
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)

    # Signing up agreed to the policy in force (the box on the form), so no notice asks again.
    open_privacy_page(driver, wait)
    wait.until(attribute_is("consent-state", "data-state", "given"))
    assert not [n for n in driver.find_elements(By.ID, "consent-notice") if n.is_displayed()]
    for category in CATEGORIES:
        row = driver.find_element(By.ID, f"category-{category}")
        assert row.is_displayed(), category
        count = driver.find_element(By.ID, f"category-count-{category}").text
        assert any(ch.isdigit() for ch in count), (category, count)

    # A category opens into readable lists (labels and values), not raw JSON.
    toggle = driver.find_element(By.ID, "category-toggle-profile")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "category-data-profile"), account["email"]))
    panel = driver.find_element(By.ID, "category-data-profile")
    assert account["name"] in panel.text
    assert texts["dataField.email"] in panel.text
    assert "{" not in panel.text and '"' not in panel.text, panel.text
    assert toggle.get_attribute("aria-expanded") == "true"

    # Consent to the current policy; the notice at the top goes away.
    state = driver.find_element(By.ID, "consent-state")
    if state.get_attribute("data-state") != "given":
        click(driver, wait, "consent-give")
        wait.until(attribute_is("consent-state", "data-state", "given"))
    wait.until(EC.invisibility_of_element_located((By.ID, "consent-notice")))
    assert driver.find_elements(By.ID, "consent-withdraw"), "a way to withdraw consent is offered"

    # Optional processing is off by default, and each switch turns on and off again.
    for key in ("usageStatistics", "productNews", "pictureSearch"):
        assert not driver.find_element(By.ID, f"processing-{key}").is_selected(), key
    set_switch(driver, wait, "usageStatistics", True, texts)
    set_switch(driver, wait, "usageStatistics", False, texts)

    # Download: the file is made in the background; a same-origin link appears when it is ready.
    click(driver, wait, "export-start")
    link = WebDriverWait(driver, EXPORT_WAIT_SECONDS).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "#exports a.export-download")))
    href = link.get_attribute("href")
    assert href.startswith(f"{base_url}/api/v1/") and href.endswith("/download"), href
    assert link.get_attribute("download") is not None
    got = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], { credentials: 'same-origin' })"
        ".then((r) => done([r.status, r.headers.get('content-type') || '']), (e) => done([0, String(e)]));", href)
    assert got[0] == 200 and "zip" in got[1], got
    assert csp_violations(driver) == []


def test_asking_for_erasure_signs_out_and_can_be_cancelled(driver, wait, base_url, account, translations):
    texts = translations["en"]
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    open_privacy_page(driver, wait)

    # A calm but deliberate confirmation: the button waits for the box to be ticked.
    submit = driver.find_element(By.ID, "deletion-submit")
    assert not submit.is_enabled()
    click(driver, wait, "deletion-confirm")
    # Found again: the page may have been drawn anew meanwhile.
    wait.until(EC.element_to_be_clickable((By.ID, "deletion-submit"))).click()

    # Every session of the account ends, this one too: back to sign in, with a clear word about what happens.
    visible(driver, wait, "signin-form")
    wait.until(EC.text_to_be_present_in_element((By.ID, "flash"), texts["privacy.delete.signedOutFlash"]))

    # Signing in again (within 30 days) opens the privacy page of the restricted account.
    fill(driver, "signin-email", account["email"])
    fill(driver, "signin-password", account["password"])
    click(driver, wait, "signin-submit")
    wait.until(EC.url_contains("#/privacy"))
    visible(driver, wait, "restricted-banner")
    visible(driver, wait, "deletion-due")
    assert driver.find_elements(By.ID, "restricted-erasure"), "the banner names the date of erasure"
    # Only the privacy page is offered while restricted.
    assert not driver.find_elements(By.ID, "nav-home")
    driver.get(f"{base_url}/#/home")
    wait.until(EC.url_contains("#/privacy"))

    # Keep the account: the restriction is lifted and the whole app is back.
    click(driver, wait, "deletion-cancel")
    wait.until(EC.invisibility_of_element_located((By.ID, "restricted-banner")))
    visible(driver, wait, "deletion-submit")
    click(driver, wait, "nav-home")
    visible(driver, wait, "create-user-form")
    assert csp_violations(driver) == []


def test_a_guardian_opens_the_privacy_page_of_a_child(driver, wait, base_url, account, translations):
    texts = translations["en"]
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "user-privacy")
    wait.until(EC.url_matches(r"#/users/[^/]+/privacy$"))
    visible(driver, wait, "privacy-categories")
    assert driver.find_element(By.ID, "privacy-title").text == texts["privacy.titleFor"].format(name="Ida")
    # The guardian is listed among those with access, and the way back leads to the child's page.
    wait.until(EC.text_to_be_present_in_element((By.ID, "privacy-planners"), account["name"]))
    click(driver, wait, "category-toggle-profile")
    wait.until(EC.text_to_be_present_in_element((By.ID, "category-data-profile"), "Ida"))
    click(driver, wait, "privacy-back")
    visible(driver, wait, "user-details")
