"""Measures chat delivery (see bench-chat.sh).

Every member of every circle holds the realtime socket open and has caught up on their circle's
conversation. Messages are sent at a fixed total rate (open loop: each has its moment on the
schedule, and its latency counts from that moment, so a server that falls behind shows it) by
members in turn, over HTTP keep-alive connections; a message is delivered when a member's socket
gets its frame. Latency: the scheduled send to the frame at each member, the sender included.
The floor, in the same run on the same sockets: a plain WebSocket echo (ping, pong) at the same
rate of frames. Then IDLE more sockets connect and stay, and the server's memory is read.
Usage: bench-chat.py URL SERVER_PID TOKENS_FILE RATE SECONDS"""
import asyncio
import json
import random
import statistics
import sys
import time
import urllib.request

import websockets

URL, PID, TOKENS, RATE, SECONDS = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
HOST, PORT = URL.split("//")[1].split(":")[0], int(URL.rsplit(":", 1)[1])
WS = URL.replace("http://", "ws://") + "/api/v1/realtime"


def call(method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


def memory(field):
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return 0


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class Http:
    """One HTTP/1.1 keep-alive connection, one request at a time."""

    def __init__(self):
        self.reader = self.writer = None

    async def post(self, path, token, body):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, PORT)
        data = json.dumps(body).encode()
        self.writer.write((f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n"
                           f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await self.reader.readexactly(length)
        return status


async def main():
    circles, idle = {}, []
    for line in open(TOKENS):
        label, user, token = line.split()
        (idle if label == "idle" else circles.setdefault(label, [])).append((user, token))
    members = [(label, user, token) for label, people in circles.items() for user, token in people]
    conversation = {label: call("GET", f"/api/v1/users/{people[0][0]}/conversations", people[0][1])["items"][0]["id"]
                    for label, people in circles.items()}
    peak = [memory("VmRSS")]
    before = peak[0]

    sent_at, latencies, received, errors, late = {}, [], [0], [0], []
    sockets = []

    async def member(label, token, ready):
        ws = await websockets.connect(WS, additional_headers={"Authorization": f"Bearer {token}"}, max_queue=None)
        sockets.append(ws)
        await ws.recv()  # hello
        await ws.send(json.dumps({"type": "catchUp", "conversations": {conversation[label]: 0}}))
        caught = False
        async for text in ws:
            now = time.perf_counter()
            frame = json.loads(text)
            if frame.get("type") == "caughtUp" and not caught:
                caught = True
                ready.set_result(None)
            elif frame.get("type") == "message":
                key = frame["message"].get("text") or ""
                if key in sent_at:
                    latencies.append(now - sent_at[key])
                    received[0] += 1

    readies = []
    for label, user, token in members:
        ready = asyncio.get_running_loop().create_future()
        readies.append(ready)
        asyncio.create_task(member(label, token, ready))
    await asyncio.wait_for(asyncio.gather(*readies), 120)
    print(f"== {len(members)} sockets in {len(circles)} circle conversations caught up; "
          f"{RATE:.0f} messages/s for {SECONDS:.0f} s, each to {len(members) // len(circles)} members")

    async def sample():
        while True:
            peak[0] = max(peak[0], memory("VmRSS"))
            await asyncio.sleep(0.1)
    sampler = asyncio.create_task(sample())

    pool = asyncio.Queue()
    for _ in range(64):
        pool.put_nowait(Http())

    async def send(n, at):
        size = len(members) // len(circles)
        label, user, token = members[(n % len(circles)) * size + (n // len(circles)) % size]
        text = f"bench {n}"
        sent_at[text] = at
        http = await pool.get()
        # How late this client itself is in sending (its own loop busy): part of every latency below.
        late.append(time.perf_counter() - at)
        try:
            status = await http.post(f"/api/v1/conversations/{conversation[label]}/messages", token,
                                     {"clientKey": f"b-{n}", "text": text})
            if status != 201:
                errors[0] += 1
        except Exception:
            errors[0] += 1
            http = Http()
        pool.put_nowait(http)

    async def schedule(count, rate, make):
        """Starts make(n, at) at its moment on the schedule, without waiting for the earlier ones."""
        start, tasks = time.perf_counter(), []
        for n in range(count):
            at = start + n / rate
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(make(n, at)))
        await asyncio.gather(*tasks)
        return start

    count = int(RATE * SECONDS)
    expected = count * (len(members) // len(circles))
    started = await schedule(count, RATE, send)
    deadline = time.perf_counter() + 30
    while received[0] < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    took = max(time.perf_counter() - started, SECONDS)
    chat_rate = received[0] / took

    # The floor: the same rate of frames as delivered above, each a ping answered by a pong on a random socket.
    echoes = []

    lost = [0]

    async def echo(n, at):
        try:
            waiter = await random.choice(sockets).ping()
            await waiter
        except websockets.exceptions.ConnectionClosed:
            lost[0] += 1
            return
        echoes.append(time.perf_counter() - at)

    echo_rate_target = RATE * (len(members) // len(circles))
    echo_count = int(echo_rate_target * min(SECONDS, 10))
    started = await schedule(echo_count, echo_rate_target, echo)
    echo_took = max(time.perf_counter() - started, echo_count / echo_rate_target)

    ms = lambda v: f"{v * 1000:.1f} ms"
    print(f"chat delivered: {received[0]} of {expected} frames, {chat_rate:.0f} messages/s to members; "
          f"send errors {errors[0]}")
    print(f"  send -> each member: p50 {ms(statistics.median(latencies))}  p99 {ms(percentile(latencies, 99))}"
          f"  max {ms(max(latencies))}")
    print(f"  of which this client's own lateness in sending: p50 {ms(statistics.median(late))}"
          f"  p99 {ms(percentile(late, 99))}  max {ms(max(late))}")
    print(f"echo floor (ping/pong, same sockets): {len(echoes) / echo_took:.0f} frames/s;"
          f" p50 {ms(statistics.median(echoes))}  p99 {ms(percentile(echoes, 99))}  max {ms(max(echoes))}")
    codes = [ws.close_code for ws in sockets if ws.close_code is not None]
    if codes:
        counted = ", ".join(f"{code}: {codes.count(code)}" for code in sorted(set(codes)))
        print(f"sockets closed by the server during the run: {len(codes)} (close codes {counted};"
              f" {lost[0]} pings lost on them)")
    print(f"ratio chat p99 / echo p99: {percentile(latencies, 99) / percentile(echoes, 99):.1f}")
    print(f"server memory: {before} MB before, peak {peak[0]} MB during the chat run")
    sampler.cancel()
    met = received[0] == expected and chat_rate >= 0.95 * min(2000, RATE * (len(members) // len(circles))) \
        and percentile(latencies, 99) < 0.05
    print("target: 2,000 messages/s delivered with p99 < 50 ms:", "met" if met else "NOT met")

    idle_ok = True
    if idle:
        base = memory("VmRSS")
        opened = []

        async def idle_socket(token):
            ws = await websockets.connect(WS, additional_headers={"Authorization": f"Bearer {token}"})
            await ws.recv()
            await ws.send(json.dumps({"type": "catchUp", "conversations": {}}))
            await ws.recv()
            opened.append(ws)
        for chunk in range(0, len(idle), 200):
            await asyncio.gather(*(idle_socket(token) for _, token in idle[chunk:chunk + 200]))
        await asyncio.sleep(2)
        total = memory("VmRSS")
        print(f"idle: {len(opened)} more sockets open (each caught up, waiting): server {total} MB resident "
              f"({total - base} MB for them, {(total - base) * 1024 / len(opened):.1f} KB each)")
        idle_ok = total < 300
        print("target: 10,000 idle connections in < 300 MB:", "met" if idle_ok and len(opened) >= 10000 else
              ("met for this count" if idle_ok else "NOT met"))
        for ws in opened:
            await ws.close()
    sys.exit(0 if met and idle_ok else 1)


asyncio.run(main())
