"""Personal data never leaves the origin (policy 3, 4.2, 5.4): every page of the web app loads only from its own
origin, the only cookie is the HttpOnly session cookie, and the Content-Security-Policy says so to the browser.

Every hash route is read from the app's own routes.js, so a new page is covered without changing this test.
Run against a running server:  MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_no_third_parties.py
"""
import json
import re
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import create_user, sign_in, sign_up

# Routes that read a token from the query; a made-up one shows their "no longer valid" state.
QUERIES = {"/verify": "?token=not-a-real-token", "/reset": "?token=not-a-real-token",
           "/invitation": "?token=not-a-real-token", "/staff-invitation": "?token=not-a-real-token"}


@pytest.fixture
def logging_prefs():
    return {"browser": "ALL", "performance": "ALL"}


def origin_of(url):
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.scheme, parts.hostname, port)


def app_routes(base_url):
    with urllib.request.urlopen(f"{base_url}/js/routes.js", timeout=10) as res:
        source = res.read().decode("utf-8")
    paths = re.findall(r"""\bpath:\s*['"]([^'"]+)['"]""", source)
    assert len(paths) >= 10, f"could not read the routes from routes.js: {paths}"
    return paths


def concrete(path, ids):
    """Fill `:id` by the first segment of the route ('users' -> a child, 'institutions' -> an institution)."""
    segments = path.strip("/").split("/")
    out = []
    for i, segment in enumerate(segments):
        if segment.startswith(":"):
            owner = segments[i - 1] if i else ""
            assert owner in ids, f"no id to fill {segment} in {path}; add one to this test"
            segment = ids[owner]
        out.append(segment)
    return "/" + "/".join(out) + QUERIES.get(path, "")


def settle(driver):
    """Wait until the page is drawn and its parts that load on their own are done (a calm bound, not a failure)."""
    def drawn(d):
        return d.execute_script(
            "const m = document.getElementById('main');"
            "return !!m && !m.hasAttribute('aria-busy') && m.children.length > 0"
            " && document.querySelectorAll('main .loading').length === 0;")
    try:
        WebDriverWait(driver, 10).until(drawn)
    except TimeoutException:
        pass


def request_urls(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def visit_all(driver, base_url, routes, ids, seen):
    for path in ["/"] + [concrete(p, ids) for p in routes] + ["/no-such-page"]:
        driver.get(f"{base_url}/#{path}")
        settle(driver)
        seen.extend((path, url) for url in request_urls(driver))


def in_page_post(driver, path, body):
    """A same-origin API call from the page (the session cookie signs it), returning the JSON answer."""
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/v1' + arguments[0], { method: 'POST', credentials: 'same-origin',"
        "  headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(arguments[1]) })"
        ".then(async (r) => done({ status: r.status, body: await r.json().catch(() => null) }), (e) => done({ status: 0, body: String(e) }));",
        path, body)
    assert result["status"] in (200, 201), result
    return result["body"]


def in_page_get(driver, path):
    """A same-origin API read from the page (the session cookie signs it), returning the JSON answer."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/v1' + arguments[0], { credentials: 'same-origin', headers: { Accept: 'application/json' } })"
        ".then((r) => r.json()).then(done, () => done(null));", path)


def test_every_route_loads_only_from_our_origin(driver, wait, base_url, account):
    own = origin_of(base_url)
    routes = app_routes(base_url)
    seen = []

    # Signed out first: the sign-in, sign-up, policy and other public pages.
    visit_all(driver, base_url, routes, {"users": "00000000-0000-4000-8000-000000000000",
                                         "institutions": "00000000-0000-4000-8000-000000000000",
                                         "chat": "00000000-0000-4000-8000-000000000000"}, seen)

    sign_up(driver, wait, base_url, account)
    sign_in(driver, wait, base_url, account)
    create_user(driver, wait, "Ida")
    child_id = driver.execute_script("return document.querySelector('#planned-users > li').dataset.userId")
    institution = in_page_post(driver, "/institutions", {"name": "Solsikken"})
    circle = in_page_get(driver, f"/users/{child_id}/conversations")["items"][0]["id"]
    visit_all(driver, base_url, routes, {"users": child_id, "institutions": institution["id"], "chat": circle}, seen)

    assert len(seen) > len(routes), "the performance log recorded too few requests"
    foreign = sorted({(path, url) for path, url in seen if origin_of(url) != own or not url.startswith(("http:", "https:"))})
    assert foreign == [], f"requests that left {base_url}: {foreign}"

    # The only cookie is the session, and scripts cannot read it.
    cookies = driver.get_cookies()
    assert [c["name"] for c in cookies] == ["mobilize_session"], cookies
    assert cookies[0].get("httpOnly") is True, cookies


def test_content_security_policy_allows_only_our_origin(base_url):
    with urllib.request.urlopen(f"{base_url}/", timeout=10) as res:
        csp = res.headers.get("Content-Security-Policy", "")
    assert csp.startswith("default-src 'self'"), csp
