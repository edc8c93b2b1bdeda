"""The calendar feed (`/users/{id}/calendar.ics?token=`) read by independent iCalendar software:
`icalendar` parses it and `recurring_ical_events` expands it, and the occurrences it yields are
exactly those of `/plan` for the same days, across daylight-saving changes, with excepted dates,
occurrences changed alone, a series split in two, a cancelled occurrence, an all-day activity and
one planned in another time zone."""
import datetime
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

ZONE = "Europe/Copenhagen"
# Two months around each daylight-saving change of 2027, and the winter between.
WINDOWS = [("2027-01-04", "2027-03-06"), ("2027-03-07", "2027-05-07"), ("2027-09-20", "2027-11-20")]


def call(base_url, method, path, body=None, token=None, raw=False):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base_url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as res:
        payload = res.read()
        if raw:
            return res, payload
        return json.loads(payload or b"{}")


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as res:
            return res.status
    except urllib.error.HTTPError as error:
        return error.code


def person(base_url, tag):
    email = f"feed-{tag}-{uuid.uuid4().hex[:10]}@example.com"
    call(base_url, "POST", "/api/v1/auth/register",
         {"email": email, "password": "calendar feeds", "name": f"Feed {tag}", "locale": "en"})
    login = call(base_url, "POST", "/api/v1/auth/login", {"email": email, "password": "calendar feeds"})
    return login["token"], login["user"]["id"], email


@pytest.fixture(scope="module")
def plan(base_url):
    """A guardian, a child in Copenhagen and a plan with every kind of activity."""
    token, _, _ = person(base_url, "guardian")
    child = call(base_url, "POST", "/api/v1/users",
                 {"name": "Ida", "app": "me", "timeZone": ZONE, "birthYear": 2018, "locale": "en"}, token)["id"]

    def add(**fields):
        return call(base_url, "POST", f"/api/v1/users/{child}/activities", fields, token)["id"]

    # 08:00 on school days, right across both changes, with a holiday left out.
    school = add(title="School; bag, lunch", start="2027-01-04T08:00", durationMinutes=360,
                 recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20271130",
                 exceptDates=["2027-03-24", "2027-10-13"], reminders=[15, 60],
                 steps=[{"text": "Bag"}, {"text": "Lunch box"}])
    # 02:30 does not exist on 28 March 2027: RFC 5545 moves it on by the gap, to 03:30.
    add(title="Medicine", start="2027-03-20T02:30", durationMinutes=5, recurrence="FREQ=DAILY;COUNT=14")
    add(title="Swimming", start="2027-01-08T16:00", durationMinutes=60, recurrence="FREQ=MONTHLY;BYDAY=-1FR")
    add(title="Library", start="2027-01-05T15:00", durationMinutes=45,
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU;COUNT=30")
    add(title="Grandma's birthday", start="2027-04-12T00:00", allDay=True, durationMinutes=1440,
        recurrence="FREQ=YEARLY")
    add(title="Dentist", start="2027-02-17T10:30", durationMinutes=30, location="Tandlægen, Vesterbro")
    # Planned in New York: on the plan at the same instant, on Copenhagen's wall clock.
    add(title="Call with Dad", start="2027-03-10T12:00", timeZone="America/New_York", durationMinutes=30,
        recurrence="FREQ=WEEKLY;BYDAY=WE;COUNT=6")
    # Football: one practice moved, one cancelled, and the series changed from April on.
    football = add(title="Football", start="2027-01-06T17:00", durationMinutes=90,
                   recurrence="FREQ=WEEKLY;BYDAY=WE")
    call(base_url, "PATCH",
         f"/api/v1/users/{child}/activities/{football}?scope=this&occurrence=2027-02-03T17:00",
         {"start": "2027-02-04T18:00", "title": "Football (moved)"}, token)
    call(base_url, "PUT", f"/api/v1/users/{child}/activities/{football}/occurrences/2027-02-17T17:00/state",
         {"state": "cancelled"}, token)
    call(base_url, "PATCH",
         f"/api/v1/users/{child}/activities/{football}?scope=following&occurrence=2027-04-07T17:00",
         {"title": "Football, summer", "durationMinutes": 120}, token)
    call(base_url, "DELETE",
         f"/api/v1/users/{child}/activities/{school}?scope=this&occurrence=2027-09-22T08:00", token=token)
    feed = call(base_url, "POST", f"/api/v1/users/{child}/calendar-feeds", None, token)
    # The feed's path: the address the server names may be its public one, not this test's.
    path = urllib.parse.urlsplit(feed["url"])
    return {"token": token, "child": child, "feed": feed, "url": f"{base_url}{path.path}?{path.query}"}


def plan_occurrences(base_url, plan, start, end):
    days = call(base_url, "GET", f"/api/v1/users/{plan['child']}/plan?from={start}&to={end}", token=plan["token"])
    return sorted(
        (o["start"], o["title"], o["state"] == "cancelled")
        for day in days["days"] for o in day["occurrences"] if start <= o["start"][:10] <= end)


def feed_occurrences(calendar, start, end):
    zone = ZoneInfo(ZONE)
    first = datetime.date.fromisoformat(start)
    last = datetime.date.fromisoformat(end) + datetime.timedelta(days=1)
    found = []
    for event in recurring_ical_events.of(calendar).between(first, last):
        begin = event["DTSTART"].dt
        if isinstance(begin, datetime.datetime):
            # Through UTC, as a calendar app shows it: a time in the gap is a real instant.
            local = begin.astimezone(datetime.timezone.utc).astimezone(zone).strftime("%Y-%m-%dT%H:%M")
        else:
            local = begin.isoformat() + "T00:00"
        if start <= local[:10] <= end:
            found.append((local, str(event["SUMMARY"]), str(event.get("STATUS", "")) == "CANCELLED"))
    return sorted(found)


def test_the_feed_is_valid_icalendar(base_url, plan):
    res, body = call(base_url, "GET", plan["url"][len(base_url):], raw=True)
    assert res.headers["Content-Type"].startswith("text/calendar")
    text = body.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines), "lines end with CRLF"
    assert max(len(line.encode()) for line in lines) <= 75, "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Copenhagen", "America/New_York"}
    school = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "School; bag, lunch")
    assert school["DTSTART"].params["TZID"] == ZONE
    assert "RRULE" in school and "EXDATE" in school
    assert sorted(a["TRIGGER"].dt for a in school.walk("VALARM")) == [
        datetime.timedelta(minutes=-60), datetime.timedelta(minutes=-15)]
    assert "Lunch box" in str(school["DESCRIPTION"])
    moved = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Football (moved)")
    assert "RECURRENCE-ID" in moved


@pytest.mark.parametrize("start,end", WINDOWS)
def test_the_feed_yields_exactly_the_plans_occurrences(base_url, plan, start, end):
    _, body = call(base_url, "GET", plan["url"][len(base_url):], raw=True)
    calendar = icalendar.Calendar.from_ical(body.decode("utf-8"))
    expected = plan_occurrences(base_url, plan, start, end)
    assert len(expected) > 40
    assert feed_occurrences(calendar, start, end) == expected


def test_daylight_saving_keeps_the_wall_clock(base_url, plan):
    _, body = call(base_url, "GET", plan["url"][len(base_url):], raw=True)
    calendar = icalendar.Calendar.from_ical(body.decode("utf-8"))
    found = feed_occurrences(calendar, "2027-03-26", "2027-03-29")
    starts = {title: [s for s, t, _ in found if t == title] for _, title, _ in found}
    assert starts["School; bag, lunch"] == ["2027-03-26T08:00", "2027-03-29T08:00"]
    assert "2027-03-28T03:30" in starts["Medicine"], "02:30 on the spring-forward day is 03:30"


def test_a_revoked_feed_reads_nothing(base_url, plan):
    feed = call(base_url, "POST", f"/api/v1/users/{plan['child']}/calendar-feeds", None, plan["token"])
    path = urllib.parse.urlsplit(feed["url"])
    url = f"{base_url}{path.path}?{path.query}"
    assert status_of(url) == 200
    call(base_url, "DELETE", f"/api/v1/users/{plan['child']}/calendar-feeds/{feed['id']}", token=plan["token"])
    assert status_of(url) == 404
    assert status_of(url.replace("token=", "token=x")) == 404
