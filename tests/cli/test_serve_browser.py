"""`quizsim serve` end to end: a real server on a free loopback port, opened in headless Chromium (Debian's
package, driven by playwright without its own browsers); the home screen renders and key presses answer a
question. Only loopback traffic: every other request of the page is aborted.

xterm.js draws the terminal on a canvas, so the test reads what the app sent: the WebSocket frames the page
receives, with their terminal escapes removed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from quizsim.cli.serve_cmd import is_loopback

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "QUIZSIM_HOME": str(tmp_path / "home"), "QUIZSIM_SEED": "as-written"}
    return subprocess.Popen(
        [sys.executable, "-m", "quizsim", "serve", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )


def stop(process: subprocess.Popen) -> tuple[str, str]:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the app processes it started
        try:
            return process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return process.communicate()


def wait_for_http(url: str, process: subprocess.Popen, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"quizsim serve exited: {process.communicate()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout_s} s")


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_serve_says_it_binds_loopback_by_default(tmp_path) -> None:
    port = free_port()
    process = start_server(tmp_path, "--port", str(port))
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
    finally:
        out, err = stop(process)
    assert f"listening on http://127.0.0.1:{port} (this machine only" in out
    assert "warning" not in err


def test_serve_warns_for_any_other_address(tmp_path) -> None:
    port = free_port()
    # 0.0.0.0 listens on every interface; the test only talks to it through loopback.
    process = start_server(tmp_path, "--host", "0.0.0.0", "--port", str(port))
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
    finally:
        out, err = stop(process)
    assert "warning: 0.0.0.0 is not a loopback address: anyone on that network" in err


def test_a_port_in_use_is_a_usage_error(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "quizsim", "serve", "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in run.stderr and "Traceback" not in run.stderr


def test_browser_shows_home_and_answers_a_question(tmp_path) -> None:
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("Chromium is not installed: `make test` installs Debian's chromium where apt-get runs as root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = start_server(tmp_path, "--port", str(port))
    received: list[str] = []

    def screen_text() -> str:
        return ESCAPES.sub("", "".join(received))

    def wait_for(pattern: str, page, timeout_s: float = 60) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = screen_text()
            if re.search(pattern, text):
                return text
            page.wait_for_timeout(200)
        raise AssertionError(f"{pattern!r} never appeared; the page received: {screen_text()[-2000:]!r}")

    def on_frame(payload) -> None:
        received.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    try:
        wait_for_http(url, process)
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 800},
            )
            try:
                # Loopback only: the page's web font (and anything else outside) is refused.
                context.route("**/*", lambda route: route.continue_() if is_loopback(_host(route.request.url)) else route.abort())
                page = context.new_page()
                page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
                page.goto(url)
                wait_for(r"Packs and topics", page)
                wait_for(r"\d+ questions?", page)  # the content loaded
                page.click(".textual-terminal")
                page.keyboard.press("p")  # practise everything
                wait_for(r"Submit", page)
                before = len(screen_text())
                page.keyboard.press("1")
                page.keyboard.press("Enter")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not re.search(r"\b(Right|Wrong|of \d right)\b", screen_text()[before:]):
                    page.wait_for_timeout(200)
                after = screen_text()[before:]
                assert re.search(r"\b(Right|Wrong|of \d right)\b", after), after[-2000:]
                page.screenshot(path=str(tmp_path / "answered.png"))
            finally:
                context.close()
    finally:
        stop(process)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""
