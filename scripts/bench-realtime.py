"""Measures how soon a child's tablet shows a change a planner makes (see bench-realtime.sh).

Every child's paired device holds the live socket open. A planner renames one activity of a
random child (PATCH); the clock runs from sending the change until that child's device, told by
its socket, has read its day again and sees the new title. The baseline, measured in the same
run, is the same device reading its day (GET /plan) on its own.
Usage: bench-realtime.py URL PLANNER_TOKEN IDS_FILE CHANGES"""
import asyncio
import json
import random
import statistics
import sys
import time
import urllib.request

import websockets

URL, TOKEN, IDS, CHANGES = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
DAY = "from=2026-12-01&to=2026-12-01"


def call(method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def main():
    children = [line.strip() for line in open(IDS) if line.strip()]
    devices, activities = {}, {}
    for child in children:
        code = call("POST", f"/api/v1/users/{child}/pairing-codes", TOKEN)["code"]
        devices[child] = call("POST", "/api/v1/auth/pair", None, {"code": code, "deviceName": "bench tablet"})["token"]
        activities[child] = call("POST", f"/api/v1/users/{child}/activities", TOKEN,
                                 {"title": "Breakfast", "start": "2026-12-01T07:30"})["id"]
    host = URL.replace("http://", "ws://")
    sockets, news = {}, {child: asyncio.Queue() for child in children}

    async def listen(child):
        async with websockets.connect(f"{host}/api/v1/realtime",
                                      additional_headers={"Authorization": f"Bearer {devices[child]}"}) as ws:
            sockets[child] = ws
            async for text in ws:
                await news[child].put(json.loads(text))

    tasks = [asyncio.create_task(listen(child)) for child in children]
    while len(sockets) < len(children):
        await asyncio.sleep(0.05)
    for child in children:  # the hello of each
        await asyncio.wait_for(news[child].get(), 10)
    print(f"== {len(children)} tablets connected; {CHANGES} changes by their planner")

    def shows(child, title):
        day = call("GET", f"/api/v1/users/{child}/plan?{DAY}", devices[child])
        return any(o["title"] == title for d in day["days"] for o in d["occurrences"])

    baseline, delays = [], []
    for n in range(CHANGES):
        child = random.choice(children)
        started = time.perf_counter()
        await asyncio.to_thread(shows, child, "none")
        baseline.append(time.perf_counter() - started)
        title = f"Breakfast {n}"
        started = time.perf_counter()
        await asyncio.to_thread(call, "PATCH", f"/api/v1/users/{child}/activities/{activities[child]}", TOKEN,
                                {"title": title})
        while True:
            message = await asyncio.wait_for(news[child].get(), 10)
            if message.get("type") == "plan" and await asyncio.to_thread(shows, child, title):
                break
        delays.append(time.perf_counter() - started)
    for task in tasks:
        task.cancel()
    ms = lambda v: f"{v * 1000:.1f} ms"
    print(f"tablet reads its day (baseline): p50 {ms(statistics.median(baseline))}  p99 {ms(percentile(baseline, 99))}")
    print(f"change -> tablet shows it:       p50 {ms(statistics.median(delays))}  p99 {ms(percentile(delays, 99))}"
          f"  max {ms(max(delays))}")
    print(f"ratio p99 / baseline p99: {percentile(delays, 99) / percentile(baseline, 99):.2f}")
    worst = max(delays)
    print("target: every change shown within 1 s:", "met" if worst < 1 else "NOT met")
    sys.exit(0 if worst < 1 else 1)


asyncio.run(main())
