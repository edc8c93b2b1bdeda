"""The guard against sensitive pictures (policy 6.2.1), walked in Danish: a parent uploads a photo of a pill glass
label that shows the child's CPR number. Nothing is saved yet: she sees the photo with the number boxed and three
choices, blurs what is marked, and the photo saved has no number left to read (read back here with Tesseract).

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_picture_guard.py
"""
import re
import subprocess
import urllib.request

from PIL import Image, ImageDraw, ImageFont
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, csp_violations
from plan_pages import api, console_problems
from test_first_use import in_danish, sign_in_as
from test_plan_sizes import register

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ENGLISH = re.compile(r"\b(photo|picture|blur|save|keep|cancel|the|and|number|address|marked)\b", re.I)


def label_photo(path, lines):
    """A photo of a printed label: dark text on a light, slightly uneven background."""
    image = Image.new("RGB", (1600, 1200), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 900, 1600, 1200), fill=(120, 160, 200))  # the table it stands on
    font = ImageFont.truetype(FONT, 64)
    for row, line in enumerate(lines):
        draw.text((160, 180 + row * 110), line, fill=(25, 25, 30), font=font)
    image.save(path, quality=90)


def read_text(data, tmp_path):
    """What Tesseract reads in a picture, to prove the blur left nothing."""
    picture = tmp_path / "saved.jpg"
    picture.write_bytes(data)
    return subprocess.run(["tesseract", str(picture), "-", "-l", "dan"], capture_output=True, text=True, check=True).stdout


def test_a_parent_blurs_a_cpr_number_the_guard_found_before_the_photo_is_saved(driver, base_url, tmp_path):
    creds, token, _ = register(base_url, "Mette")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    photo = tmp_path / "medicin.jpg"
    label_photo(photo, ["Apoteket", "Panodil 500 mg", "CPR 120315-1234", "1 tablet morgen og aften"])
    # Tesseract reads the number in the photo as it is.
    assert "120315" in read_text(photo.read_bytes(), tmp_path)

    wait = WebDriverWait(driver, WAIT_SECONDS)
    sign_in_as(driver, wait, base_url, creds["email"], creds["password"])
    wait.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, wait)
    driver.get(f"{base_url}/#/users/{child}")
    wait.until(EC.presence_of_element_located((By.ID, "photo-upload-file")))
    driver.find_element(By.ID, "photo-upload-file").send_keys(str(photo))

    # Held: the photo with the number boxed, explained in Danish; nothing is in the child's photos yet.
    wait.until(EC.visibility_of_element_located((By.ID, "picture-guard")))
    wait.until(lambda d: d.execute_script(
        "const img = document.getElementById('guard-picture'); return img && img.complete && img.naturalWidth > 0;"))
    assert driver.find_element(By.ID, "guard-box-0").is_displayed()
    dialog = driver.find_element(By.ID, "picture-guard")
    assert "CPR-nummer" in dialog.text, dialog.text
    assert not ENGLISH.search(dialog.text), dialog.text
    assert api(base_url, "GET", f"/users/{child}/pictures", token=token)["items"] == []

    click(driver, wait, "guard-blur")
    wait.until(EC.invisibility_of_element_located((By.ID, "picture-guard")))
    wait.until(lambda d: d.execute_script(
        "const img = document.querySelector('#user-photos img'); return !!img && img.complete && img.naturalWidth > 0;"))
    saved = api(base_url, "GET", f"/users/{child}/pictures", token=token)["items"]
    assert len(saved) == 1
    request = urllib.request.Request(f"{base_url}/api/v1/pictures/{saved[0]['id']}?size=original",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = read_text(answer.read(), tmp_path)
    assert "120315" not in text and "1234" not in text, text
    assert "Panodil" in text, "the rest of the label is still there"
    assert csp_violations(driver) == []
    assert console_problems(driver) == [], console_problems(driver)
