"""Reminders fire exactly once with several instances: two tablets of one child, one connected to each instance
(MOBILIZE_URL and MOBILIZE_URL_B: two `mobilize serve` processes on one PostgreSQL), both get every reminder of a
minute once: none lost, none twice, though both instances look for due reminders every second. Without
MOBILIZE_URL_B both tablets use the one instance.

Run against running servers: MOBILIZE_URL=http://localhost:8080 pytest Tests/browser/test_reminders_instances.py
"""
import asyncio
import json
import os
from datetime import datetime, timedelta

import websockets

from plan_pages import ZONE, api
from test_plan_sizes import register

COUNT = 30
DUE_SECONDS = 150


async def listen(url, token, seen, ready):
    address = url.replace("http://", "ws://") + "/api/v1/realtime"
    async with websockets.connect(address, additional_headers={"Authorization": f"Bearer {token}"}) as socket:
        async for text in socket:
            frame = json.loads(text)
            if frame.get("type") == "hello" and not ready.done():
                ready.set_result(None)
            elif frame.get("type") == "reminder":
                seen.append(frame["reminder"]["id"])


async def collect(urls, tokens, until):
    seen = [[] for _ in urls]
    readies = [asyncio.get_running_loop().create_future() for _ in urls]
    tasks = [asyncio.create_task(listen(url, token, ids, ready))
             for url, token, ids, ready in zip(urls, tokens, seen, readies)]
    await asyncio.wait_for(asyncio.gather(*readies), 30)
    deadline = asyncio.get_running_loop().time() + DUE_SECONDS
    while asyncio.get_running_loop().time() < deadline and not until(seen):
        await asyncio.sleep(0.2)
    # A moment more: a second delivery of any of them would arrive now.
    await asyncio.sleep(3)
    for task in tasks:
        task.cancel()
    return seen


def test_every_reminder_reaches_each_screen_once_from_either_instance(base_url):
    other = os.environ.get("MOBILIZE_URL_B", base_url).rstrip("/")
    _, token, _ = register(base_url, "Mette")
    version = api(base_url, "GET", "/privacy/policy")["version"]
    child = api(base_url, "POST", "/users", {"name": "Ida", "app": "me", "timeZone": "Europe/Copenhagen",
                                             "policyVersion": version}, token=token)["id"]
    api(base_url, "PUT", f"/users/{child}/reminder-settings",
        {"sound": True, "speech": False, "atStart": True, "perHour": 30}, token=token)
    tablets = []
    for url in (base_url, other):
        code = api(base_url, "POST", f"/users/{child}/pairing-codes", token=token)["code"]
        tablets.append(api(url, "POST", "/auth/pair", {"code": code, "deviceName": "Tablet"})["token"])
    start = (datetime.now(ZONE) + timedelta(seconds=20)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    for n in range(COUNT):
        # Half through each instance: both write reminders down, both fire.
        api((base_url, other)[n % 2], "POST", f"/users/{child}/activities",
            {"title": f"Task {n}", "start": start.strftime("%Y-%m-%dT%H:%M")}, token=token)

    seen = asyncio.run(collect([base_url, other], tablets, lambda s: all(len(ids) >= COUNT for ids in s)))
    for url, ids in zip((base_url, other), seen):
        assert len(set(ids)) == COUNT, f"{url}: {len(set(ids))} of {COUNT} reminders"
        assert len(ids) == COUNT, f"{url}: {len(ids) - len(set(ids))} came twice"
    assert set(seen[0]) == set(seen[1]), "both tablets got the same reminders"
