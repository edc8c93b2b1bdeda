"""Pictures from the Internet, walked in Danish: a parent adds "Madpakke" to a child's day, opens the picture picker,
allows searching the Internet once (the words leave the server, so she is asked), searches "madpakke", chooses a
picture and sees it in the plan with its creator and licence. Every request of the page goes to this server: the
thumbnails and the picture come through it (the Content-Security-Policy stays `self`).

Run against a running server configured with PICTURE_SEARCH=openverse,wikimedia and both base URLs at
http://127.0.0.1:$MOBILIZE_PICTURES_PORT (scripts/test.sh does this):
MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_picture_search.py
"""
import os
import re
import sys
from datetime import datetime
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, csp_violations, fill, open_route, select_tab
from plan_pages import ZONE, api, console_problems, set_value
from test_first_use import in_danish, sign_in_as
from test_plan_sizes import register

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "support"))
from picture_services import LUNCH, PictureServices  # noqa: E402

ENGLISH = re.compile(r"\b(search|pictures?|allow|internet|licen[cs]e|the|and|by|source|fetching)\b", re.I)


def test_a_parent_finds_a_picture_on_the_internet_and_sees_its_credit_in_the_plan(driver, base_url):
    port = int(os.environ.get("MOBILIZE_PICTURES_PORT", "18098"))
    with PictureServices(port) as services:
        creds, token, mette = register(base_url, "Mette")
        version = api(base_url, "GET", "/privacy/policy")["version"]
        child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                                 "policyVersion": version}, token=token)["id"]
        wait = WebDriverWait(driver, WAIT_SECONDS)
        sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
        wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
        in_danish(driver, wait)
        open_route(driver, wait, base_url, f"/users/{child}/plan", "plan-week")

        today = datetime.now(ZONE).date()
        click(driver, wait, f"plan-add-{today}")
        wait.until(EC.visibility_of_element_located((By.ID, "activity-form")))
        fill(driver, "activity-title", "Madpakke")
        set_value(driver, "activity-start", "11:30")
        click(driver, wait, "activity-picture-choose")
        wait.until(EC.visibility_of_element_located((By.ID, "picker")))
        # The tab comes when the server says it searches; she is asked before any word leaves.
        select_tab(driver, wait, "picker-tab-internet")
        panel = driver.find_element(By.ID, "picker-internet")
        assert "Openverse" in panel.text and "Wikimedia Commons" in panel.text, panel.text
        assert not ENGLISH.search(panel.text.replace("Openverse", "").replace("Wikimedia Commons", "")), panel.text
        assert services.paths == []
        click(driver, wait, "picker-internet-allow")
        wait.until(EC.visibility_of_element_located((By.ID, "picker-internet-search")))
        fill(driver, "picker-internet-search", "madpakke")
        click(driver, wait, "picker-internet-go")
        wait.until(lambda d: d.execute_script(
            "const g = document.getElementById('picker-internet-results');"
            "return g.getAttribute('aria-busy') === 'false' && g.dataset.words === 'madpakke';"))
        tiles = driver.find_elements(By.CSS_SELECTOR, "#picker-internet-results .picture-tile")
        # Open licences only: the NonCommercial and the GFDL pictures are not offered.
        assert len(tiles) == 2, [t.text for t in tiles]
        sources = driver.execute_script(
            "return [...document.querySelectorAll('#picker-internet-results img')].map((i) => i.getAttribute('src'));")
        assert all(src.startswith("/api/v1/picture-search/") for src in sources), sources
        wait.until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('#picker-internet-results img')].every((i) => i.complete && i.naturalWidth > 0);"))
        assert "CC BY-SA 2.0" in tiles[0].text and "Ida Jensen" in tiles[0].text, tiles[0].text
        click(driver, wait, f"picker-internet-openverse-{LUNCH}")
        wait.until(EC.invisibility_of_element_located((By.ID, "picker")))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#activity-picture-preview img")))
        # The credit is beside the picture in the editor.
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#activity-picture-credit .picture-credit")))
        credit = driver.find_element(By.CSS_SELECTOR, "#activity-picture-credit .picture-credit")
        assert "Madpakke med rugbrød" in credit.text and "af Ida Jensen" in credit.text and "CC BY-SA 2.0" in credit.text, credit.text
        click(driver, wait, "activity-submit")
        wait.until(EC.invisibility_of_element_located((By.ID, "activity-editor")))

        # In the plan: the activity has the picture, and the picture keeps its creator and licence.
        day = api(base_url, "GET", f"/users/{child}/plan?from={today}&to={today}", token=token)
        made = next(o for d in day["days"] for o in d["occurrences"] if o["title"] == "Madpakke")
        assert made["pictureId"]
        info = api(base_url, "GET", f"/pictures/{made['pictureId']}/info", token=token)
        assert info["attribution"]["licence"] == "CC BY-SA 2.0" and info["attribution"]["creator"] == "Ida Jensen"
        card = driver.execute_script(
            "return [...document.querySelectorAll('#plan-week .occ')].find((c) => c.innerText.includes('Madpakke'))?.id;")
        wait.until(lambda d: d.execute_script(
            "const img = document.querySelector('#' + arguments[0] + ' img.occ-picture');"
            "return img && img.complete && img.naturalWidth > 0 && img.src.includes('/api/v1/pictures/');", card))
        click(driver, wait, card)
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#activity-picture-credit .picture-credit")))
        assert "CC BY-SA 2.0" in driver.find_element(By.CSS_SELECTOR, "#activity-picture-credit").text

        # The browser asked this server only; the services were asked by the server.
        assert csp_violations(driver) == []
        assert any(path.startswith("/v1/images/?") for path in services.paths)
        assert any(path == "/files/lunch.png" for path in services.paths)
        assert console_problems(driver) == [], console_problems(driver)
