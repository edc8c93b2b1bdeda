"""PlaNet's chat, walked in Danish: a guardian at her desk has the conversation beside the young person's week; the
young person on his phone sees what is unread, reads it (she sees it read), answers with a photo from his phone, and
she sees both live; then his phone sleeps while she writes, and when it wakes every message is there once, in order.

With MOBILIZE_URL_B set (two instances on one PostgreSQL), the phone uses the other instance: news crosses instances.

Run against a running server: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_chat.py
"""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_SECONDS, click, fill, open_route
from plan_pages import console_problems
from test_first_use import PHONE, in_danish, sign_in_as, text_of, young_person_with_username
from test_pictures import PHOTO

WIDE = (1400, 900)


def message_texts(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#chat-messages > li .chat-text')].map((el) => el.textContent);")


def message_seqs(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#chat-messages > li[data-seq]')].map((li) => Number(li.dataset.seq));")


def picture_shown(driver, text):
    """The message with `text` shows a picture the server sent and the browser decoded."""
    return driver.execute_script(
        "const li = [...document.querySelectorAll('#chat-messages > li')].find((el) => el.innerText.includes(arguments[0]));"
        "const img = li && li.querySelector('.chat-pictures img'); return !!img && img.complete && img.naturalWidth > 0;",
        text)


def unread(driver, conversation):
    """The unread count of a conversation in the list, read in one go (the list is redrawn on news)."""
    return driver.execute_script("return document.getElementById(arguments[0])?.dataset.count ?? null;",
                                 f"chat-unread-{conversation}")


def send(driver, text):
    fill(driver, "chat-text", text).send_keys(Keys.ENTER)


def test_a_guardian_and_a_young_person_chat_live_with_a_photo_and_a_sleeping_phone_catches_up(
        driver, second_driver, base_url, tmp_path):
    phone_url = os.environ.get("MOBILIZE_URL_B", base_url).rstrip("/")
    creds, token, oliver, username = young_person_with_username(base_url)
    desk = WebDriverWait(driver, WAIT_SECONDS)
    phone = WebDriverWait(second_driver, WAIT_SECONDS)

    # Mette at her desk: the conversation beside Oliver's week.
    driver.set_window_size(*WIDE)
    sign_in_as(driver, desk, base_url, creds["email"], creds["password"])
    desk.until(EC.visibility_of_element_located((By.ID, "create-user-form")))
    in_danish(driver, desk)
    open_route(driver, desk, base_url, f"/users/{oliver['id']}/plan", "plan-chat-panel")
    desk.until(EC.visibility_of_element_located((By.ID, "chat-form")))
    assert text_of(driver, "chat-thread-title") == "Alle"
    # The week keeps room for its days beside the conversation: no weekday broken letter by letter.
    narrowest = driver.execute_script(
        "return Math.min(...[...document.querySelectorAll('#plan-week .plan-day')].map((d) => d.getBoundingClientRect().width));")
    assert narrowest >= 115, narrowest

    # Oliver on his phone: his week, then the chat from the menu; no panel beside a phone's week.
    second_driver.set_window_size(*PHONE)
    sign_in_as(second_driver, phone, phone_url, username, "eget kodeord 1")
    phone.until(EC.url_contains(f"#/users/{oliver['id']}/plan"))
    in_danish(second_driver, phone)
    phone.until(EC.visibility_of_element_located((By.ID, "plan-chat")))
    assert not second_driver.find_elements(By.ID, "plan-chat-panel")
    click(second_driver, phone, "nav-chat")
    phone.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chat-conversations a"))
    circle = second_driver.execute_script("return document.querySelector('#chat-conversations a').id.slice('chat-conv-'.length);")
    assert text_of(second_driver, f"chat-conv-{circle}").startswith("Alle")
    assert unread(second_driver, circle) == "0"

    # Mette writes; Oliver's list shows it unread at once; he opens it, and Mette sees it read.
    send(driver, "Kan vi flytte fodbold til torsdag?")
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chat-messages > li.is-mine .chat-tick[data-state]"))
    phone.until(lambda d: unread(d, circle) == "1")
    click(second_driver, phone, f"chat-conv-{circle}")
    phone.until(lambda d: "Kan vi flytte fodbold til torsdag?" in message_texts(d))
    desk.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chat-messages > li.is-mine .chat-tick[data-state='read']"))

    # Oliver is writing (Mette sees it), then answers with a photo of his bag: Mette sees both live.
    second_driver.find_element(By.ID, "chat-text").send_keys("Ja")
    desk.until(lambda d: text_of(d, "chat-typing") == "Oliver skriver …")
    bag = tmp_path / "taske.jpg"
    bag.write_bytes(PHOTO)
    second_driver.find_element(By.ID, "chat-picture-file").send_keys(str(bag))
    phone.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chat-attachments img"))
    fill(second_driver, "chat-text", "Ja! Her er min taske")
    click(second_driver, phone, "chat-send")
    desk.until(lambda d: "Ja! Her er min taske" in message_texts(d))
    desk.until(lambda d: picture_shown(d, "Ja! Her er min taske"))
    phone.until(lambda d: picture_shown(d, "Ja! Her er min taske"))

    # Oliver's phone sleeps while Mette writes three more; when it wakes they are all there, once and in order.
    second_driver.execute_cdp_cmd("Page.setWebLifecycleState", {"state": "frozen"})
    for n in (1, 2, 3):
        send(driver, f"Husk madpakke {n}")
        desk.until(lambda d, n=n: f"Husk madpakke {n}" in message_texts(d))
    second_driver.execute_cdp_cmd("Page.setWebLifecycleState", {"state": "active"})
    phone.until(lambda d: "Husk madpakke 3" in message_texts(d))
    seqs = message_seqs(second_driver)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs
    assert message_texts(second_driver)[-3:] == ["Husk madpakke 1", "Husk madpakke 2", "Husk madpakke 3"]
    assert message_seqs(driver) == seqs

    # In Danish throughout, and nothing the browsers complained about.
    assert driver.find_element(By.ID, "chat-send").text == "Send"
    assert second_driver.find_element(By.ID, "nav-myWeek").text == "Min uge"
    assert second_driver.find_element(By.ID, "chat-back").text == "Tilbage til samtalerne"
    assert console_problems(driver) == []
    assert console_problems(second_driver) == []
