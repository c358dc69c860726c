"""The core and the headless faces never import Textual or Rich: every module of them, imported in a fresh
interpreter, one at a time, leaves both out of sys.modules."""

import json
import pkgutil
import subprocess
import sys

import pytest

import quizsim

TEXTUAL_FREE_PACKAGES = ["quizsim.content", "quizsim.sim", "quizsim.study", "quizsim.verdict", "quizsim.race", "quizsim.interchange"]
TEXTUAL_FREE_MODULES = ["quizsim.text", "quizsim.metric_table", "quizsim.paths", "quizsim.cli.sim_output"]
FORBIDDEN = ("textual", "rich")


def _modules(package: str) -> list[str]:
    module = __import__(package, fromlist=["__path__"])
    found = [package]
    for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
        found.append(info.name)
    return found


def _every_textual_free_module() -> list[str]:
    names = [m for package in TEXTUAL_FREE_PACKAGES for m in _modules(package)]
    return names + TEXTUAL_FREE_MODULES


_PROBE = """
import importlib, json, sys
forbidden = {forbidden!r}
for name in {names!r}:
    importlib.import_module(name)
    pulled = [f for f in forbidden if f in sys.modules]
    if pulled:
        print(json.dumps([name, pulled]))
        break
else:
    print(json.dumps(None))
"""


@pytest.mark.parametrize("package", TEXTUAL_FREE_PACKAGES + ["modules"])
def test_textual_free_modules_import_neither_textual_nor_rich(package: str) -> None:
    names = _modules(package) if package != "modules" else TEXTUAL_FREE_MODULES
    code = _PROBE.format(forbidden=FORBIDDEN, names=names)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    culprit = json.loads(out.stdout.strip().splitlines()[-1])
    assert culprit is None, f"{culprit[0]} pulled in {', '.join(culprit[1])}"


def test_the_list_covers_the_new_homes() -> None:
    """The ranking, formatting and metric homes are among the modules checked (a move cannot drop them)."""
    names = set(_every_textual_free_module())
    for required in ("quizsim.verdict.rank", "quizsim.verdict.rows", "quizsim.race.runner", "quizsim.race.view",
                     "quizsim.race.series", "quizsim.race.playback", "quizsim.race.chart_text", "quizsim.text",
                     "quizsim.metric_table"):
        assert required in names
    assert quizsim.__file__
