"""`quizsim serve` capacity on this machine (a benchmark, not a test; numbers go in the README).

Starts `quizsim serve` on a free loopback port, then opens sessions step by step (1, 5, 10, 20, 30 by
default; at most MAX_SESSIONS) as a browser would: a WebSocket to /ws that sends key presses as
["stdin", ...] and receives the terminal output. Each session is its own app process. At each step it
reports:
- memory per session: the proportional set size (PSS: shared pages split between processes) of all the
  server's app processes, divided by the sessions;
- answer → first frame: every open session answers a question at the same moment (the whole class
  presses Enter together, the worst case); the time until each receives the first frame of the answer's
  consequence (the panel's "Your answer A vs …", or Right / Wrong): median, 90th percentile and max;
- one answer → first frame while the other sessions sit idle (the usual case in a class);
- open → question: the time for the newest sessions to load, show home and open the first question;
- the load average (the machine is shared).
Bounded: sessions, rounds and every wait have limits; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

MAX_SESSIONS = 40
WAIT_S = 120
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
FEEDBACK = re.compile(r"Your answer [A-Z]|\b(Right|Wrong)\b")


class Session:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.text = ""
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = message.data
            chunk = data.decode("utf-8", "replace") if isinstance(data, bytes) else ""
            if chunk:
                self.text += ESCAPES.sub("", chunk)
                self.changed.set()

    async def wait_for(self, pattern: re.Pattern, since: int = 0, timeout_s: float = WAIT_S) -> float:
        """Seconds until `pattern` appears in the text received after offset `since`."""
        start = time.perf_counter()
        while not pattern.search(self.text, since):
            self.changed.clear()
            remaining = timeout_s - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError(pattern.pattern)
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                raise TimeoutError(f"{pattern.pattern!r} not seen; last received: {self.text[-600:]!r}") from None
        return time.perf_counter() - start

    async def press(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def pss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total_kb += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            continue
    return total_kb / 1024


async def open_session(port: int) -> tuple[Session, float]:
    import aiohttp

    start = time.perf_counter()
    http = aiohttp.ClientSession()
    ws = await http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=36", max_msg_size=0)
    ws._quizsim_http = http  # closed with the session
    session = Session(ws)
    await session.wait_for(re.compile(r"\d+ questions?"))
    await session.press("p")  # practise everything: the first question is on screen
    await session.wait_for(re.compile(r"Submit"))
    return session, time.perf_counter() - start


async def answer(session: Session) -> float:
    since = len(session.text)
    await session.press("1")
    await asyncio.sleep(0.05)
    start = time.perf_counter()
    await session.press("\r")
    await session.wait_for(FEEDBACK, since)
    return time.perf_counter() - start


async def next_question(session: Session) -> None:
    await session.press("n")
    await asyncio.sleep(0.3)


async def bench(steps: list[int], port: int, server_pid: int) -> list[dict]:
    sessions: list[Session] = []
    rows = []
    try:
        baseline = pss_mb(descendants(server_pid))
        for n in steps:
            opened = await asyncio.gather(*(open_session(port) for _ in range(n - len(sessions))))
            sessions += [s for s, _ in opened]
            open_s = [t for _, t in opened]
            await asyncio.sleep(2)  # let start-up settle before measuring memory
            memory = pss_mb(descendants(server_pid)) - baseline
            load_before = os.getloadavg()[0]
            times = await asyncio.gather(*(answer(s) for s in sessions))
            times = sorted(times)
            await asyncio.sleep(2)
            answered = pss_mb(descendants(server_pid)) - baseline  # the engine (numpy, SimPy) is loaded now
            # One learner answering while the others read (their races finished): the usual case in class.
            await asyncio.sleep(8)
            await next_question(sessions[0])
            alone = await answer(sessions[0])
            rows.append({
                "sessions": n,
                "pss_mb_per_session": round(memory / n, 1),
                "pss_mb_total": round(memory),
                "pss_mb_per_session_after_answer": round(answered / n, 1),
                "open_to_question_s_median": round(statistics.median(open_s), 2),
                "answer_to_feedback_ms": {
                    "median": round(statistics.median(times) * 1000),
                    "p90": round(times[int(0.9 * (len(times) - 1))] * 1000),
                    "max": round(times[-1] * 1000),
                },
                "one_answer_while_others_idle_ms": round(alone * 1000),
                "load_average_1min": round(load_before, 2),
            })
            print(json.dumps(rows[-1]), flush=True)
            await asyncio.gather(*(next_question(s) for s in sessions))
    finally:
        for s in sessions:
            await s.close()
            await s.ws._quizsim_http.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default="1,5,10,20,30", help="session counts, ascending (default 1,5,10,20,30)")
    args = parser.parse_args()
    steps = sorted({min(MAX_SESSIONS, max(1, int(s))) for s in args.steps.split(",")})
    port = free_port()
    home = tempfile.mkdtemp(prefix="quizsim-bench-serve-")
    env = {**os.environ, "QUIZSIM_HOME": home, "QUIZSIM_SEED": "as-written"}
    server = subprocess.Popen(
        [sys.executable, "-m", "quizsim", "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        print(f"# quizsim serve on 127.0.0.1:{port}, {os.cpu_count()} CPUs, load average {os.getloadavg()}", flush=True)
        asyncio.run(bench(steps, port, server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print(f"# load average after: {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
