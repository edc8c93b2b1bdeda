"""Pictures in the web app (policy 6.2): a planner uploads a photo of a child and sees its thumbnail, and chooses
the child's profile picture through the picture picker, from the pictogram archive and from the child's photos.

Run against a running server with the pictogram archive imported:
  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_pictures.py
"""
import base64

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import click, create_user, csp_violations, fill, open_route, search_pictograms, select_tab, sign_in, sign_up

# A 64 x 48 grey JPEG.
PHOTO = base64.b64decode("/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAwAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD6pooooAKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigD//Z")


def avatar_src(driver):
    """The profile picture's address, read in one go (the image is redrawn when it changes)."""
    return driver.execute_script("return document.getElementById('user-avatar')?.getAttribute('src') || ''")


def loaded(driver, css):
    """The image at `css` has arrived from the server and decoded (its naturalWidth is known)."""
    return driver.execute_script(
        "const img = document.querySelector(arguments[0]); return !!img && img.complete && img.naturalWidth > 0;", css)


def test_a_planner_uploads_a_photo_and_chooses_a_profile_picture(driver, wait, base_url, account, tmp_path):
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    wait.until(EC.presence_of_element_located((By.ID, "user-photos")))

    photo = tmp_path / "ida-at-the-beach.jpg"
    photo.write_bytes(PHOTO)
    driver.find_element(By.ID, "photo-upload-file").send_keys(str(photo))
    wait.until(lambda d: loaded(d, "#user-photos img"))
    thumb = driver.execute_script("return document.querySelector('#user-photos img').getAttribute('src')")
    assert "/api/v1/pictures/" in thumb and "size=thumb" in thumb

    # The picker opens on the pictograms, searched in the UI's language.
    click(driver, wait, "avatar-choose")
    wait.until(EC.visibility_of_element_located((By.ID, "picker")))
    search_pictograms(driver, wait, "toothbrush")
    click(driver, wait, "picker-pictogram-1FAA5")
    wait.until(EC.invisibility_of_element_located((By.ID, "picker")))
    wait.until(lambda d: loaded(d, "img#user-avatar"))
    assert "/api/v1/pictograms/" in avatar_src(driver)
    assert driver.find_element(By.CSS_SELECTOR, ".picker-attribution, #footer-pictograms").text

    # Our photos: the uploaded photo is there to choose.
    photo_id = driver.execute_script("return document.querySelector(\"#user-photos [id^='photo-']\").id")[len("photo-"):]
    click(driver, wait, "avatar-choose")
    select_tab(driver, wait, "picker-tab-photos")
    wait.until(EC.visibility_of_element_located((By.ID, f"picker-photo-{photo_id}")))
    wait.until(lambda d: loaded(d, f"#picker-photo-{photo_id} img"))
    click(driver, wait, f"picker-photo-{photo_id}")
    wait.until(EC.invisibility_of_element_located((By.ID, "picker")))
    wait.until(lambda d: "/api/v1/pictures/" in avatar_src(d))
    wait.until(lambda d: loaded(d, "img#user-avatar"))
    assert csp_violations(driver) == []


def test_a_pictogram_gets_the_childs_own_name(driver, wait, base_url, account):
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida")
    driver.find_element(By.CSS_SELECTOR, "#planned-users > li a").click()
    click(driver, wait, "own-name-choose")
    search_pictograms(driver, wait, "dog")
    click(driver, wait, "picker-pictogram-1F415")
    name = wait.until(EC.visibility_of_element_located((By.ID, "own-name-input")))
    assert name.get_attribute("value") == "dog"
    name.clear()
    name.send_keys("Bobby")
    click(driver, wait, "own-name-submit")
    wait.until(EC.text_to_be_present_in_element((By.ID, "own-names"), "Bobby"))
    # The picker now finds the dog by the child's name for it.
    click(driver, wait, "avatar-choose")
    search_pictograms(driver, wait, "bobby")
    wait.until(EC.text_to_be_present_in_element((By.ID, "picker-pictogram-1F415"), "Bobby"))
    click(driver, wait, "picker-close")
    # After a reload the name is still there, and it can be given up again.
    driver.refresh()
    wait.until(EC.text_to_be_present_in_element((By.ID, "own-names"), "Bobby"))
    driver.find_element(By.CSS_SELECTOR, "#own-names button").click()
    wait.until(lambda d: "Bobby" not in d.find_element(By.ID, "own-names").text)
    assert csp_violations(driver) == []


def test_an_institution_adds_its_own_pictogram(driver, wait, base_url, account, tmp_path):
    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    open_route(driver, wait, base_url, "/institutions", "institution-form")
    fill(driver, "institution-name", "Solsikken")
    click(driver, wait, "institution-submit")
    wait.until(EC.visibility_of_element_located((By.ID, "collection-form")))
    fill(driver, "collection-name", "Our rooms")
    click(driver, wait, "collection-submit")
    section = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#collections section.collection")))
    prefix = section.get_attribute("id")
    picture = tmp_path / "gym.jpg"
    picture.write_bytes(PHOTO)
    fill(driver, f"{prefix}-name", "Gymnastics hall")
    driver.find_element(By.ID, f"{prefix}-file").send_keys(str(picture))
    click(driver, wait, f"{prefix}-submit")
    wait.until(EC.text_to_be_present_in_element((By.ID, f"{prefix}-pictograms"), "Gymnastics hall"))
    wait.until(lambda d: loaded(d, f"#{prefix}-pictograms img"))
    assert csp_violations(driver) == []
