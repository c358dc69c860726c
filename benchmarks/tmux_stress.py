"""Random keys and resizes against the real app in tmux, as a user at a terminal would (not part of `make test`).

    .venv/bin/python benchmarks/tmux_stress.py --seed 1 --keys 1500

Starts `quizsim` in a detached tmux session, sends random keys (answers, navigation, modals, palette,
Esc/Enter races) with a resize every few dozen keys, and checks after each burst that the app is still
running. On a crash it prints the pane (the traceback) and exits 1. Needs tmux.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

KEYS = (
    list("123456789abcdeABCDE") + ["Enter"] * 6 + ["Escape"] * 4 + list("cjrnpsft?+-") + ["Space", "End", "PPage", "NPage",
    "Left", "Right", "Up", "Down", "Tab", "BTab", "C-p", "x", "Home"]
    # Home's modes (review, wrong only, exam, presenter, sandbox), exam and presenter keys, field editing.
    + list("wevbgmkhl0") + ["BSpace"] * 2
)
SIZES = [(120, 40), (80, 24), (200, 50), (60, 20), (100, 30), (140, 45)]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def alive(session: str) -> bool:
    return subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0 and \
        tmux("display-message", "-p", "-t", session, "#{pane_dead}").strip() != "1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keys", type=int, default=1500)
    parser.add_argument("--home", default="/tmp/quizsim-stress-home", help="QUIZSIM_HOME for the run")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed (apt-get install tmux)", file=sys.stderr)
        return 2
    repo = Path(__file__).resolve().parents[1]
    session = f"qstress{args.seed}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    Path(args.home).mkdir(parents=True, exist_ok=True)
    command = f"QUIZSIM_HOME={args.home} {repo / '.venv/bin/quizsim'}; echo EXITED $?; sleep 600"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    tmux("set-option", "-t", session, "remain-on-exit", "on")
    time.sleep(3)
    rng = random.Random(args.seed)
    tmux("send-keys", "-t", session, "p")  # start practising
    for i in range(args.keys):
        if i % 40 == 39:
            width, height = rng.choice(SIZES)
            tmux("resize-window", "-t", session, "-x", str(width), "-y", str(height))
        key = rng.choice(KEYS)
        if key == "Escape" and rng.random() < 0.3:
            tmux("send-keys", "-t", session, "Escape", "Enter")  # a modal dismissed twice in one tick
        else:
            tmux("send-keys", "-t", session, key)
        time.sleep(rng.choice((0.0, 0.01, 0.03, 0.1)))
        if i % 50 == 49:
            screen = tmux("capture-pane", "-p", "-t", session)
            if "EXITED" in screen or "Traceback" in screen or not alive(session):
                print(f"seed {args.seed}: the app ended after {i + 1} keys:\n{screen}")
                return 1
            if "quizsim" not in screen and "Quit" not in screen:
                # Left the app via q: start practising again in a fresh app.
                pass
        if i % 200 == 199 and rng.random() < 0.2:
            tmux("send-keys", "-t", session, "Escape", "Escape", "p")
    screen = tmux("capture-pane", "-p", "-t", session)
    ok = alive(session) and "EXITED" not in screen and "Traceback" not in screen
    tmux("send-keys", "-t", session, "C-q")
    time.sleep(1)
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    print(f"seed {args.seed}: {args.keys} keys, {'no crash' if ok else 'CRASH'}; the screen at the end:")
    print(screen)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
