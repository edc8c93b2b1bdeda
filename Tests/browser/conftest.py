"""Shared fixtures for the browser tests of the Mobilize web app (pytest + Selenium 4, headless Chromium)."""
import json
import os
import urllib.request
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DEFAULT_WINDOW = (1024, 768)
WAIT_SECONDS = float(os.environ.get("MOBILIZE_WAIT", "15"))


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("MOBILIZE_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture(scope="session")
def window_size():
    return DEFAULT_WINDOW


@pytest.fixture
def logging_prefs():
    """Chrome's `goog:loggingPrefs`; a test module may override this fixture (e.g. to add performance logs)."""
    return {"browser": "ALL"}


def make_driver(window_size, logging_prefs):
    """A headless Chromium with its own profile (cookies, storage): one browser of one person."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US",
                f"--window-size={window_size[0]},{window_size[1]}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    options.set_capability("goog:loggingPrefs", logging_prefs)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    drv = webdriver.Chrome(service=service, options=options)
    drv.set_window_size(*window_size)
    return drv


@pytest.fixture
def driver(window_size, logging_prefs):
    drv = make_driver(window_size, logging_prefs)
    yield drv
    drv.quit()


@pytest.fixture
def second_driver(window_size, logging_prefs):
    """Another browser at the same time, e.g. a child's paired tablet next to the planner's computer."""
    drv = make_driver(window_size, logging_prefs)
    yield drv
    drv.quit()


@pytest.fixture
def wait(driver):
    return WebDriverWait(driver, WAIT_SECONDS)


@pytest.fixture
def account():
    """Credentials that are unique for this test run."""
    tag = uuid.uuid4().hex[:12]
    return {"email": f"web-{tag}@example.com", "password": f"calm-{tag}-pass", "name": "Test Planner"}


@pytest.fixture(scope="session")
def translations(base_url):
    """The app's own translation files, so tests compare against the same texts the UI shows."""
    def load(locale):
        with urllib.request.urlopen(f"{base_url}/i18n/{locale}.json", timeout=10) as res:
            return json.load(res)
    return {"en": load("en"), "da": load("da")}


def open_route(driver, wait, base_url, route, ready_id):
    """Open a hash route and wait until the element with `ready_id` is visible."""
    driver.get(f"{base_url}/#{route}")
    return wait.until(EC.visibility_of_element_located((By.ID, ready_id)))


def click(driver, wait, element_id):
    """Clicks an element by id once it is clickable, finding it again if the page drew it anew."""
    for _ in range(5):
        try:
            wait.until(EC.element_to_be_clickable((By.ID, element_id))).click()
            return
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"#{element_id} kept going stale")


def select_tab(driver, wait, tab_id):
    """Clicks a tab until it says it is selected: a click that lands while the dialog is still being
    drawn is made again, and a tab that never gets selected fails here, by name."""
    for _ in range(3):
        click(driver, wait, tab_id)
        try:
            WebDriverWait(driver, 5).until(
                lambda d: d.find_element(By.ID, tab_id).get_attribute("aria-selected") == "true")
            return
        except (TimeoutException, StaleElementReferenceException):
            continue
    raise AssertionError(f"#{tab_id} was clicked three times and is not selected")


def search_pictograms(driver, wait, words):
    """Types words into the picker's search and waits until the grid shows their answer, not an earlier one."""
    driver.find_element(By.ID, "picker-search").send_keys(words)
    wait.until(lambda d: d.execute_script(
        "const g = document.getElementById('picker-pictograms');"
        "return g.getAttribute('aria-busy') === 'false' && g.dataset.words === arguments[0];", words))


def fill(driver, element_id, text):
    el = driver.find_element(By.ID, element_id)
    el.clear()
    el.send_keys(text)
    return el


def sign_up(driver, wait, base_url, account):
    open_route(driver, wait, base_url, "/signup", "signup-form")
    fill(driver, "signup-name", account["name"])
    fill(driver, "signup-email", account["email"])
    fill(driver, "signup-password", account["password"])
    driver.find_element(By.ID, "signup-consent").click()
    driver.find_element(By.ID, "signup-submit").click()
    wait.until(EC.visibility_of_element_located((By.ID, "signup-done")))


def sign_in(driver, wait, base_url, account):
    open_route(driver, wait, base_url, "/signin", "signin-form")
    fill(driver, "signin-email", account["email"])
    fill(driver, "signin-password", account["password"])
    driver.find_element(By.ID, "signin-submit").click()
    wait.until(EC.url_contains("#/home"))
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))


def create_user(driver, wait, name, app="me"):
    """Add a person from the planner home and wait until they are listed."""
    from selenium.webdriver.support.ui import Select

    fill(driver, "create-user-name", name)
    Select(driver.find_element(By.ID, "create-user-app")).select_by_value(app)
    consent = driver.find_element(By.ID, "create-user-consent")
    if not consent.is_selected():
        consent.click()
    driver.find_element(By.ID, "create-user-submit").click()
    wait.until(lambda d: any(name in text for text in planned_user_names(d)))


def planned_user_names(driver):
    """Texts of the items in #planned-users, read in one go (the list is redrawn after each change)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#planned-users > li')].map((li) => li.innerText);")


def csp_violations(driver):
    """Console messages about the Content-Security-Policy (inline styles, scripts, other origins)."""
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry.get("message", "")]
