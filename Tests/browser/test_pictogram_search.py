"""The pictogram archive as imported by `mobilize pictograms import` (all of OpenMoji, named from
CLDR): everyday words a family or a school types find the right pictogram among the first few."""
import json
import urllib.parse
import urllib.request
import uuid

import pytest

# (word, language, the emoji it must find as the API's `code`, or a few equally right ones)
EVERYDAY = [
    ("tandbørste", "da", "1FAA5"), ("tand", "da", "1FAA5"), ("toothbrush", "en", "1FAA5"),
    ("teeth", "en", "1FAA5"), ("brusebad", "da", "1F6BF"), ("shower", "en", "1F6BF"),
    ("skole", "da", "1F3EB"), ("school", "en", "1F3EB"), ("bus", "da", "1F68C"), ("bus", "en", "1F68C"),
    ("morgenmad", "da", "1F950"), ("breakfast", "en", ("1F95E", "1F950", "1F963", "1F95A", "1F96F", "1F9C7")),
    ("medicin", "da", "1F48A"),
    ("medicine", "en", "1F48A"), ("seng", "da", "1F6CF"), ("bed", "en", "1F6CF"), ("fodbold", "da", "26BD"),
    ("football", "en", "26BD"), ("frakke", "da", "1F9E5"), ("coat", "en", "1F9E5"), ("pizza", "da", "1F355"),
    ("toilet", "da", "1F6BD"), ("toilet", "en", "1F6BD"), ("badekar", "da", "1F6C1"), ("bath", "en", "1F6C1"),
    ("æble", "da", "1F34E"), ("apple", "en", "1F34E"), ("cykel", "da", "1F6B2"), ("bicycle", "en", "1F6B2"),
    ("bil", "da", "1F697"), ("car", "en", "1F697"), ("tog", "da", "1F686"), ("train", "en", "1F686"),
    ("hund", "da", "1F415"), ("dog", "en", "1F415"), ("svømning", "da", "1F3CA"), ("swimming", "en", "1F3CA"),
    ("fødselsdag", "da", "1F382"), ("birthday", "en", "1F382"), ("mælk", "da", "1F95B"), ("milk", "en", "1F95B"),
    ("sandwich", "en", "1F96A"), ("bog", "da", "1F4DA"), ("book", "en", "1F4DA"), ("blyant", "da", "270F"),
    ("pencil", "en", "270F"), ("sol", "da", "2600"), ("sun", "en", "2600"), ("regn", "da", "1F327"),
    ("rain", "en", "1F327"), ("is", "da", "1F368"), ("ice cream", "en", "1F368"), ("ur", "da", "231A"),
    ("musik", "da", "1F3B5"), ("music", "en", "1F3B5"), ("tandborste", "da", "1FAA5"), ("TANDBØRSTE", "da", "1FAA5"),
]


def request(base_url, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base_url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


@pytest.fixture(scope="module")
def token(base_url):
    email = f"pictograms-{uuid.uuid4().hex[:10]}@example.com"
    version = request(base_url, "GET", "/api/v1/privacy/policy")["version"]
    request(base_url, "POST", "/api/v1/auth/register",
            {"email": email, "password": "pictograms please", "name": "Searcher", "policyVersion": version})
    return request(base_url, "POST", "/api/v1/auth/login", {"email": email, "password": "pictograms please"})["token"]


def test_the_whole_archive_is_imported(base_url, token):
    page = request(base_url, "GET", "/api/v1/pictograms?limit=100", token=token)
    assert len(page["items"]) == 100 and page["next"], "the archive is empty: was `mobilize pictograms import` run?"


@pytest.mark.parametrize("word,lang,code", EVERYDAY, ids=[f"{w}-{l}" for w, l, _ in EVERYDAY])
def test_an_everyday_word_finds_its_pictogram(base_url, token, word, lang, code):
    query = urllib.parse.urlencode({"q": word, "lang": lang, "limit": 5})
    found = [item["code"] for item in request(base_url, "GET", f"/api/v1/pictograms?{query}", token=token)["items"]]
    wanted = code if isinstance(code, tuple) else (code,)
    assert set(wanted) & set(found), f"{word!r} ({lang}) found {found}, wanted one of {wanted}"
