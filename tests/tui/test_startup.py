"""Start-up stays light: the first screen imports neither the engine's libraries nor pydantic, and the
Textual-free helpers of the practice loop really are Textual-free."""

from __future__ import annotations

import json
import subprocess
import sys

FIRST_SCREEN = r"""
import json, sys
from quizsim.tui.launch import build_app

async def pilot(p):
    await p._wait_for_screen()
    heavy = sorted(m for m in ("numpy", "simpy", "pydantic", "yaml", "quizsim.sim", "quizsim.content") if m in sys.modules)
    print(json.dumps({"screen": type(p.app.screen).__name__, "heavy": heavy}))
    p.app.exit()

build_app().run(headless=True, size=(100, 30), auto_pilot=pilot)
"""


def test_first_screen_imports_no_engine_and_no_content_models() -> None:
    out = subprocess.run([sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {"screen": "HomeScreen", "heavy": []}


TEXTUAL_FREE = [
    "quizsim.study.practice", "quizsim.verdict.matchup", "quizsim.verdict.rows",
    "quizsim.race.runner", "quizsim.race.view", "quizsim.race.series", "quizsim.race.playback", "quizsim.race.chart_text",
]


def test_practice_helpers_do_not_import_textual() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in TEXTUAL_FREE) + "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
