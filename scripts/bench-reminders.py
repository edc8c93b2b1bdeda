"""Measures reminders on tablets' sockets (see bench-reminders.sh).

Each sampled child's tablet holds the realtime socket open; a reminder frame's due moment is its
start less its minutes before; its lag is when the frame arrived less that moment. Runs until the
last reminder of the burst is due, and a little after; prints the lags of the quiet minute and of
the burst, how many frames came, and the server's peak memory.
Usage: bench-reminders.py URL SERVER_PID TOKENS_FILE"""
import asyncio
import json
import sys
import time
from datetime import datetime

import websockets

URL, PID, TOKENS = sys.argv[1], int(sys.argv[2]), sys.argv[3]
WS = URL.replace("http://", "ws://") + "/api/v1/realtime"


def memory():
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def summary(lags):
    if not lags:
        return "none"
    ordered = sorted(lags)
    at = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
    return f"p50 {at(0.5):.3f} s  p99 {at(0.99):.3f} s  max {ordered[-1]:.3f} s"


async def main():
    lines = open(TOKENS).read().split("\n")
    _, burst, last, _, quiet = lines[0].split()
    burst, last, quiet = int(burst), int(last), int(quiet)
    tablets = [line.split() for line in lines[1:] if line.strip()]
    seen, lags = set(), {"quiet": [], "burst": []}
    repeated = [0]
    peak = [memory()]

    async def tablet(token, ready):
        async with websockets.connect(WS, additional_headers={"Authorization": f"Bearer {token}"}, max_queue=None) as ws:
            async for text in ws:
                now = time.time()
                frame = json.loads(text)
                if frame.get("type") == "hello" and not ready.done():
                    ready.set_result(None)
                elif frame.get("type") == "reminder":
                    reminder = frame["reminder"]
                    if reminder["id"] in seen:
                        repeated[0] += 1
                        continue
                    seen.add(reminder["id"])
                    due = datetime.fromisoformat(reminder["startsAt"].replace("Z", "+00:00")).timestamp() \
                        - 60 * reminder["minutesBefore"]
                    lags["burst" if due >= burst else "quiet"].append(now - due)

    readies = []
    for _, token in tablets:
        ready = asyncio.get_running_loop().create_future()
        readies.append(ready)
        asyncio.create_task(tablet(token, ready))
    await asyncio.wait_for(asyncio.gather(*readies), 120)
    print(f"== {len(tablets)} tablets connected; waiting for the burst to end")
    while time.time() < last + 10:
        peak[0] = max(peak[0], memory())
        await asyncio.sleep(0.5)
    print(f"on the tablets' sockets: quiet minute {len(lags['quiet'])} frames, {summary(lags['quiet'])}")
    print(f"on the tablets' sockets: burst {len(lags['burst'])} frames, {summary(lags['burst'])}; "
          f"repeated {repeated[0]}")
    print(f"server memory: peak {peak[0]} MB")


asyncio.run(main())
