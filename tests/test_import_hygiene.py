"""The core never imports Textual: each core package imported alone in a fresh interpreter."""

import subprocess
import sys

import pytest

CORE = ["quizsim.content", "quizsim.sim", "quizsim.study"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulled in Textual"
